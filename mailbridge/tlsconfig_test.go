package mailbridge

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"testing"
)

// DC: TLS verified by default; plain text only to loopback.
func TestIsLoopbackHost(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"::1", true},
		{"localhost", true},
		{"LocalHost", true},
		{"", false},
		{"10.0.0.1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"localhost.example.ru", false},
		{"mail.example.ru", false},
		{"128.0.0.1", false},
		{"[::1]", false},
	}
	for _, tt := range tests {
		if got := hostIsLoopback(tt.host); got != tt.want {
			t.Errorf("hostIsLoopback(%q) = %v, want %v", tt.host, got, tt.want)
		}
		err := checkPlaintextAllowed(tt.host)
		if tt.want != (err == nil) {
			t.Errorf("checkPlaintextAllowed(%q) = %v", tt.host, err)
		}
		if err != nil && !errors.Is(err, ErrPlaintextToRemote) {
			t.Errorf("checkPlaintextAllowed(%q) = %v, want ErrPlaintextToRemote", tt.host, err)
		}
	}
}

func TestTLSClientConfigVerifiesByDefault(t *testing.T) {
	roots := x509.NewCertPool()
	c := tlsClientConfig("smtp.example.ru", roots)
	if c.InsecureSkipVerify {
		t.Error("verification switched off")
	}
	if c.ServerName != "smtp.example.ru" || c.RootCAs != roots || c.MinVersion != tls.VersionTLS12 {
		t.Errorf("config = ServerName %q, RootCAs %p, MinVersion %x", c.ServerName, c.RootCAs, c.MinVersion)
	}
	if tlsClientConfig("smtp.example.ru", nil).RootCAs != nil {
		t.Error("nil roots must mean the system roots")
	}
}

type fakeConn struct {
	net.Conn
	remote net.Addr
}

func (c fakeConn) RemoteAddr() net.Addr { return c.remote }

func TestVerifyLoopbackConn(t *testing.T) {
	tests := []struct {
		remote net.Addr
		ok     bool
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 25}, true},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 25}, true},
		{&net.TCPAddr{IP: net.IPv4(192, 168, 1, 5), Port: 25}, false},
		{&net.UnixAddr{Name: "/tmp/x", Net: "unix"}, false},
	}
	for _, tt := range tests {
		err := verifyLoopbackConn(fakeConn{remote: tt.remote})
		if (err == nil) != tt.ok {
			t.Errorf("verifyLoopbackConn(%v) = %v, want ok %v", tt.remote, err, tt.ok)
		}
	}
}
