// Package secrets hashes passwords and derives keys with argon2id (golang.org/x/crypto/argon2, the reference
// implementation: no hand-written crypto). It implements domain.Hasher and imports nothing of Otklik but domain.
package secrets

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters. The defaults are OWASP's first recommendation (m=19 MiB, t=2, p=1).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// OWASP is the recommended configuration for password storage.
var OWASP = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// Argon2id hashes in the PHC string format: $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
type Argon2id struct{ P Params }

// Hash returns the PHC string of password with a fresh random salt.
func (a Argon2id) Hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	sum := argon2.IDKey([]byte(password), salt, a.P.Time, a.P.Memory, a.P.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, a.P.Memory, a.P.Time, a.P.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(sum)), nil
}

// Verify checks password against a PHC string, in constant time, with the parameters stored in the hash.
func (a Argon2id) Verify(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, fmt.Errorf("not an argon2id hash")
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, fmt.Errorf("argon2id parameters: %w", err)
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, err
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// DeriveKey makes a 32-byte key-encryption key from a password (argon2id, same cost).
func (a Argon2id) DeriveKey(password string, salt []byte) []byte {
	return argon2.IDKey([]byte(password), salt, a.P.Time, a.P.Memory, a.P.Threads, 32)
}
