package secrets

import (
	"bytes"
	"strings"
	"testing"
)

// DC: passwords are stored as argon2id hashes with OWASP parameters, never in plain text.
func TestHashVerify(t *testing.T) {
	a := Argon2id{P: OWASP}
	h, err := a.Hash("Kozh-2026-ab!Coord")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, "Kozh") {
		t.Fatalf("unexpected hash %q", h)
	}
	if ok, err := a.Verify(h, "Kozh-2026-ab!Coord"); !ok || err != nil {
		t.Fatalf("right password refused: %v %v", ok, err)
	}
	if ok, _ := a.Verify(h, "Kozh-2026-ab!Coorx"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := a.Hash("Kozh-2026-ab!Coord")
	if h2 == h {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
	if _, err := a.Verify("$bcrypt$x", "p"); err == nil {
		t.Fatal("foreign hash accepted")
	}
}

func TestDeriveKey(t *testing.T) {
	a := Argon2id{P: Params{Memory: 1024, Time: 1, Threads: 1}}
	k1 := a.DeriveKey("pass", []byte("salt-salt-salt-1"))
	k2 := a.DeriveKey("pass", []byte("salt-salt-salt-1"))
	k3 := a.DeriveKey("pass", []byte("salt-salt-salt-2"))
	if len(k1) != 32 || !bytes.Equal(k1, k2) || bytes.Equal(k1, k3) {
		t.Fatal("derived keys are not deterministic per salt")
	}
}
