package domain

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// The mail passwords are sealed with a random data key; each user's password (through argon2id) seals a copy of
// that key, so any authorised login unlocks them and a copied database file reveals nothing.

const saltLen = 16

// NewDataKey makes a fresh random data key.
func NewDataKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return k
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Seal encrypts plaintext with a 32-byte key (AES-256-GCM, nonce prepended).
func Seal(key, plaintext []byte) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	_, _ = rand.Read(nonce)
	return gcm.Seal(nonce, nonce, plaintext, nil), nil
}

// ErrWrongKey means the key does not open the sealed data.
var ErrWrongKey = errors.New("wrong key")

// Open decrypts what Seal made.
func Open(key, sealed []byte) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < gcm.NonceSize() {
		return nil, ErrWrongKey
	}
	out, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], nil)
	if err != nil {
		return nil, ErrWrongKey
	}
	return out, nil
}

// wrapKey seals the data key with a key derived from password.
func (d *Desk) wrapKey(password string, dataKey []byte) ([]byte, error) {
	salt := make([]byte, saltLen)
	_, _ = rand.Read(salt)
	sealed, err := Seal(d.hasher.DeriveKey(password, salt), dataKey)
	if err != nil {
		return nil, err
	}
	return append(salt, sealed...), nil
}

func (d *Desk) unwrapKey(password string, wrapped []byte) ([]byte, error) {
	if len(wrapped) < saltLen {
		return nil, ErrWrongKey
	}
	return Open(d.hasher.DeriveKey(password, wrapped[:saltLen]), wrapped[saltLen:])
}

// MailSecrets are the mailbox and SMTP passwords.
type MailSecrets struct {
	IMAPPassword string `json:"imap_password"`
	SMTPPassword string `json:"smtp_password"`
}

const settingSecrets = "mail_secrets"

func sealSecrets(tx Tx, dataKey []byte, s MailSecrets) error {
	b, err := marshalJSON(s)
	if err != nil {
		return err
	}
	sealed, err := Seal(dataKey, b)
	if err != nil {
		return err
	}
	return tx.PutSetting(settingSecrets, sealed)
}

// Secrets opens the mail passwords with a session's data key.
func (d *Desk) Secrets(s *Session) (MailSecrets, error) {
	var out MailSecrets
	err := d.store.View(func(tx Tx) error {
		sealed, err := tx.Setting(settingSecrets)
		if err != nil {
			return fmt.Errorf("пароли почты не заданы: выполните otklik setup")
		}
		b, err := Open(s.DataKey, sealed)
		if err != nil {
			return fmt.Errorf("не удалось расшифровать пароли почты: %w", err)
		}
		return unmarshalJSON(b, &out)
	})
	return out, err
}
