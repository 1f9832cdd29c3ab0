// Package storage keeps everything of Otklik in one bbolt file: cases, mail, attachments, the outbox, accounts,
// the audit log, the IMAP position. It is the only importer of bbolt and implements domain.Store; it never
// imports mail or UI libraries.
package storage

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"otklik/domain"
)

// FileName is the database file inside the data folder.
const FileName = "otklik.db"

// ErrLocked means another process holds the database file.
var ErrLocked = errors.New("database file is locked by another process")

// DB is the open database.
type DB struct {
	bolt *bolt.DB
	path string
}

// Open opens (creating if needed) the database in dir, migrating an older schema. It never waits longer than
// timeout for another process's lock.
func Open(dir string, timeout time.Duration) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, FileName)
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := b.Update(migrate); err != nil {
		b.Close()
		return nil, err
	}
	return &DB{bolt: b, path: path}, nil
}

// Close closes the file.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is the file's path.
func (db *DB) Path() string { return db.path }

// Update runs fn in a read-write transaction: all or nothing.
func (db *DB) Update(fn func(domain.Tx) error) error {
	return db.bolt.Update(func(tx *bolt.Tx) error { return fn(&txn{tx: tx}) })
}

// View runs fn in a read-only transaction.
func (db *DB) View(fn func(domain.Tx) error) error {
	return db.bolt.View(func(tx *bolt.Tx) error { return fn(&txn{tx: tx}) })
}

// Backup writes a consistent copy while the database stays in use (hot backup).
func (db *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// BackupFile writes a hot backup to path atomically (temp file, fsync, rename).
func (db *DB) BackupFile(path string) (int64, error) {
	tmp := path + ".part"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := db.Backup(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return 0, err
	}
	return n, os.Rename(tmp, path)
}

// CheckFile verifies that path is a readable Otklik database this build can open (for restore).
func CheckFile(path string) error {
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("%s: не файл данных Отклика: %w", path, boltReason(err))
	}
	defer b.Close()
	return b.View(func(tx *bolt.Tx) error {
		v := schemaVersion(tx)
		if v == 0 || v > SchemaVersion {
			return fmt.Errorf("%s: неподходящая версия схемы %d", path, v)
		}
		for err := range tx.Check() {
			return fmt.Errorf("%s: файл повреждён: %w", path, err)
		}
		return nil
	})
}

// Restore replaces the database with the backup at src: the current file is kept beside it as a safety copy.
// The caller must hold no transaction; the database is reopened.
func (db *DB) Restore(src string) (string, error) {
	if err := CheckFile(src); err != nil {
		return "", err
	}
	safety := db.path + ".before-restore-" + time.Now().Format("20060102-150405")
	if _, err := db.BackupFile(safety); err != nil {
		return "", err
	}
	if err := db.bolt.Close(); err != nil {
		return "", err
	}
	if err := copyFile(src, db.path+".restoring"); err != nil {
		return "", db.reopen(err)
	}
	if err := os.Rename(db.path+".restoring", db.path); err != nil {
		return "", db.reopen(err)
	}
	return safety, db.reopen(nil)
}

func (db *DB) reopen(cause error) error {
	b, err := bolt.Open(db.path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return errors.Join(cause, err)
	}
	if err := b.Update(migrate); err != nil {
		b.Close()
		return errors.Join(cause, err)
	}
	db.bolt = b
	return cause
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Check runs bbolt's structural check over every page.
func (db *DB) Check() error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
}

// Stats are figures for `check` and the performance notes.
type Stats struct {
	Cases, Mails, Audit, Outbox int
	FileBytes                   int64
}

// Stats counts the main records.
func (db *DB) Stats() (Stats, error) {
	var s Stats
	err := db.bolt.View(func(tx *bolt.Tx) error {
		s.Cases = tx.Bucket(bucketCases).Stats().KeyN
		s.Mails = tx.Bucket(bucketMails).Stats().KeyN
		s.Audit = tx.Bucket(bucketAudit).Stats().KeyN
		s.Outbox = tx.Bucket(bucketOutbox).Stats().KeyN
		s.FileBytes = tx.Size()
		return nil
	})
	return s, err
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func itoa(i int) string { return strconv.Itoa(i) }

func encode(v any) ([]byte, error) { return json.Marshal(v) }
func decode(b []byte, v any) error { return json.Unmarshal(b, v) }

func statusKey(status, id string) []byte { return []byte(status + "\x00" + id) }

func blobID(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// boltReason says bbolt's own refusals to open a file in Russian (they reach the user from restore and check);
// other errors, a missing file say, pass unchanged.
func boltReason(err error) error {
	switch {
	case errors.Is(err, berrors.ErrInvalid):
		return errors.New("это не база данных (или её начало повреждено)")
	case errors.Is(err, berrors.ErrVersionMismatch):
		return errors.New("база данных другой версии формата")
	case errors.Is(err, berrors.ErrChecksum):
		return errors.New("контрольная сумма не сходится: файл повреждён")
	case errors.Is(err, berrors.ErrTimeout):
		return errors.New("файл занят другим процессом")
	}
	return err
}
