package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"otklik/domain"
)

// SchemaVersion is the version this build writes. A file with a newer version is refused, never guessed at.
const SchemaVersion = 7

// migrations[i] takes a file from version i to i+1, inside the opening transaction.
var migrations = []func(tx *bolt.Tx) error{
	// 0 → 1: the first layout.
	func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 1 → 2: the status index was added; build it from the stored cases.
	func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		idx := tx.Bucket(bucketCaseStatus)
		return tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
			var c caseRecord
			if err := decode(v, &c); err != nil {
				return fmt.Errorf("case %s: %w", k, err)
			}
			return idx.Put(statusKey(string(c.Case.Status), string(k)), nil)
		})
	},
	// 2 → 3: the case index (post link, settlement and time) for repeats and surges.
	rebuildCaseIndex,
	// 3 → 4: the due index joins the case index.
	rebuildCaseIndex,
	// 4 → 5: the place index keeps open cases only; the author index joins (П.12 repeats by author and text).
	rebuildCaseIndex,
	// 5 → 6: e-mails carry the moment the sender began on them (OutboxItem.AttemptAt), and one left "sending"
	// without it is requeued after a crash. A file from before never recorded it: what it left "sending" may have
	// reached the server, so it is marked as begun on and stays "may have been sent".
	markSendingAttempted,
	// 6 → 7: the topic index joins the case index (П.17 surges on one question across settlements).
	rebuildCaseIndex,
}

// markSendingAttempted gives every outbox item in the "sending" state an AttemptAt.
func markSendingAttempted(tx *bolt.Tx) error {
	states, items := tx.Bucket(bucketOutboxState), tx.Bucket(bucketOutbox)
	if states == nil || items == nil {
		return nil
	}
	prefix := []byte(string(domain.OutSending) + "\x00")
	var ids [][]byte
	c := states.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, bytes.Clone(k[len(prefix):]))
	}
	for _, id := range ids {
		var o domain.OutboxItem
		if err := decode(items.Get(id), &o); err != nil {
			return fmt.Errorf("outbox item %s: %w", id, err)
		}
		if o.AttemptAt == nil {
			at := o.QueuedAt
			o.AttemptAt = &at
		}
		raw, err := encode(&o)
		if err != nil {
			return err
		}
		if err := items.Put(id, raw); err != nil {
			return err
		}
	}
	return nil
}

// rebuildCaseIndex writes every stored case's index entries afresh (Case.IndexKeys).
func rebuildCaseIndex(tx *bolt.Tx) error {
	if tx.Bucket(bucketCaseIndex) != nil {
		if err := tx.DeleteBucket(bucketCaseIndex); err != nil {
			return err
		}
	}
	idx, err := tx.CreateBucketIfNotExists(bucketCaseIndex)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		var c caseRecord
		if err := decode(v, &c); err != nil {
			return fmt.Errorf("case %s: %w", k, err)
		}
		for name, value := range c.Case.IndexKeys() {
			if err := idx.Put(caseIndexKey(name, value, string(k)), nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func schemaVersion(tx *bolt.Tx) uint64 {
	m := tx.Bucket(bucketMeta)
	if m == nil {
		return 0
	}
	v := m.Get(keySchemaVersion)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func migrate(tx *bolt.Tx) error {
	v := schemaVersion(tx)
	if v > SchemaVersion {
		return fmt.Errorf("файл данных создан более новой версией Отклика (схема %d, эта версия знает %d): обновите программу", v, SchemaVersion)
	}
	for ; v < SchemaVersion; v++ {
		if err := migrations[v](tx); err != nil {
			return fmt.Errorf("migration %d→%d: %w", v, v+1, err)
		}
		m, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if err := m.Put(keySchemaVersion, u64(v+1)); err != nil {
			return err
		}
	}
	return nil
}
