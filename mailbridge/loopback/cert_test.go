package loopback

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/x509"
	"io"
	"log"
	"testing"
)

// quietLog swallows server logs in tests that break connections on purpose.
func quietLog(*testing.T) *log.Logger { return log.New(io.Discard, "", 0) }

func TestTestCertificateCoversLoopbackNamesAndIsCached(t *testing.T) {
	cert, pool, err := TestCertificate()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cert.PrivateKey.(*ecdsa.PrivateKey); !ok {
		t.Errorf("private key is %T, want ECDSA", cert.PrivateKey)
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"127.0.0.1", "::1", "localhost"} {
		_, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
		if err != nil {
			t.Errorf("verify for %s: %v", name, err)
		}
	}
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: "mail.example.ru", Roots: pool}); err == nil {
		t.Error("certificate verifies for a non-loopback name")
	}

	again, otherPool, err := TestCertificate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Certificate[0], cert.Certificate[0]) {
		t.Error("second call generated a new certificate")
	}
	if otherPool == pool {
		t.Error("both calls returned the same pool; a caller adding to it would affect the other")
	}
}
