package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"otklik/domain"
)

// Storage-only record shapes: the version field lets a later migration tell old records from new.
type caseRecord struct {
	V    int         `json:"v"`
	Case domain.Case `json:"case"`
}

type txn struct{ tx *bolt.Tx }

var _ domain.Tx = (*txn)(nil)

func (t *txn) b(name []byte) *bolt.Bucket {
	b := t.tx.Bucket(name)
	if b != nil && appendOnly[string(name)] {
		// Keys only grow in these buckets: bbolt's default split at half a page would leave every page half empty
		// and make each commit write twice the pages.
		b.FillPercent = 0.9
	}
	return b
}

// appendOnly names the buckets written in increasing key order.
var appendOnly = map[string]bool{string(bucketCases): true, string(bucketAudit): true, string(bucketAuditCase): true}

func (t *txn) getJSON(bucket, key []byte, v any) error {
	raw := t.b(bucket).Get(key)
	if raw == nil {
		return domain.ErrNotFound
	}
	return decode(raw, v)
}

func (t *txn) putJSON(bucket, key []byte, v any) error {
	raw, err := encode(v)
	if err != nil {
		return err
	}
	return t.b(bucket).Put(key, raw)
}

func (t *txn) nextSeq(key []byte) (uint64, error) {
	m := t.b(bucketMeta)
	var n uint64
	if v := m.Get(key); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	n++
	return n, m.Put(key, u64(n))
}

func (t *txn) Case(id domain.CaseID) (*domain.Case, error) {
	var r caseRecord
	if err := t.getJSON(bucketCases, []byte(id), &r); err != nil {
		return nil, err
	}
	return &r.Case, nil
}

func (t *txn) PutCase(c *domain.Case) error {
	key := []byte(c.ID)
	idx := t.b(bucketCaseIndex)
	if old, err := t.Case(c.ID); err == nil {
		if err := t.b(bucketCaseStatus).Delete(statusKey(string(old.Status), string(c.ID))); err != nil {
			return err
		}
		for name, value := range old.IndexKeys() {
			if err := idx.Delete(caseIndexKey(name, value, string(c.ID))); err != nil {
				return err
			}
		}
	}
	for name, value := range c.IndexKeys() {
		if err := idx.Put(caseIndexKey(name, value, string(c.ID)), nil); err != nil {
			return err
		}
	}
	if err := t.putJSON(bucketCases, key, caseRecord{V: 1, Case: *c}); err != nil {
		return err
	}
	if err := t.b(bucketCaseStatus).Put(statusKey(string(c.Status), string(c.ID)), nil); err != nil {
		return err
	}
	for _, n := range c.IncidentIDs {
		if err := t.b(bucketCaseIncident).Put([]byte(n), key); err != nil {
			return err
		}
	}
	return nil
}

func caseIndexKey(index, value, id string) []byte {
	return []byte(index + "\x00" + value + "\x00" + id)
}

func (t *txn) CaseIndex(index, from, to string, fn func(value string, id domain.CaseID) error) error {
	prefix := index + "\x00"
	start, end := []byte(prefix+from), []byte(prefix+to)
	c := t.b(bucketCaseIndex).Cursor()
	for k, _ := c.Seek(start); k != nil && bytes.Compare(k, end) < 0; k, _ = c.Next() {
		if err := visitIndexKey(k, len(prefix), fn); err != nil {
			return stopIsNoError(err)
		}
	}
	return nil
}

func (t *txn) CaseIndexNewest(index, from, to string, fn func(value string, id domain.CaseID) error) error {
	prefix := index + "\x00"
	start, end := []byte(prefix+from), []byte(prefix+to)
	c := t.b(bucketCaseIndex).Cursor()
	k, _ := c.Seek(end) // the first key at or after end: the range's last key is the one before it
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	for ; k != nil && bytes.Compare(k, start) >= 0; k, _ = c.Prev() {
		if bytes.Compare(k, end) >= 0 {
			continue
		}
		if err := visitIndexKey(k, len(prefix), fn); err != nil {
			return stopIsNoError(err)
		}
	}
	return nil
}

// visitIndexKey splits index\x00value\x00id and hands value and id to fn.
func visitIndexKey(k []byte, prefixLen int, fn func(value string, id domain.CaseID) error) error {
	rest := string(k[prefixLen:])
	i := strings.LastIndex(rest, "\x00")
	if i < 0 {
		return nil
	}
	return fn(rest[:i], domain.CaseID(rest[i+1:]))
}

func stopIsNoError(err error) error {
	if errors.Is(err, domain.ErrStopScan) {
		return nil
	}
	return err
}

func (t *txn) CaseByIncident(number string) (domain.CaseID, error) {
	v := t.b(bucketCaseIncident).Get([]byte(number))
	if v == nil {
		return "", domain.ErrNotFound
	}
	return domain.CaseID(v), nil
}

func (t *txn) NextCaseSeq(year int) (int, error) {
	n, err := t.nextSeq(caseSeqKey(year))
	return int(n), err
}

func (t *txn) Cases(fn func(*domain.Case) error, statuses ...domain.Status) error {
	visit := func(v []byte) error {
		var r caseRecord
		if err := decode(v, &r); err != nil {
			return err
		}
		return fn(&r.Case)
	}
	if len(statuses) == 0 {
		return t.b(bucketCases).ForEach(func(_, v []byte) error { return visit(v) })
	}
	cases := t.b(bucketCases)
	for _, s := range statuses {
		prefix := []byte(string(s) + "\x00")
		c := t.b(bucketCaseStatus).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			v := cases.Get(k[len(prefix):])
			if v == nil {
				return fmt.Errorf("status index points to missing case %s", k[len(prefix):])
			}
			if err := visit(v); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *txn) Ref(messageID string) (domain.Ref, error) {
	var r domain.Ref
	err := t.getJSON(bucketRefs, []byte(normID(messageID)), &r)
	return r, err
}

func (t *txn) PutRef(messageID string, r domain.Ref) error {
	if messageID == "" {
		return nil
	}
	return t.putJSON(bucketRefs, []byte(normID(messageID)), r)
}

func normID(id string) string { return strings.ToLower(strings.Trim(strings.TrimSpace(id), "<>")) }

type mailRecord struct {
	V    int               `json:"v"`
	Mail domain.StoredMail `json:"mail"`
}

func (t *txn) PutMail(m *domain.StoredMail) error {
	meta := *m
	meta.Raw = nil
	if err := t.putJSON(bucketMails, []byte(m.ID), mailRecord{V: 1, Mail: meta}); err != nil {
		return err
	}
	if err := t.b(bucketMailRaw).Put([]byte(m.ID), m.Raw); err != nil {
		return err
	}
	return t.b(bucketMailHash).Put([]byte(normID(m.MessageID)+"\x00"+m.Hash), []byte(m.ID))
}

func (t *txn) Mail(id string) (*domain.StoredMail, error) {
	var r mailRecord
	if err := t.getJSON(bucketMails, []byte(id), &r); err != nil {
		return nil, err
	}
	r.Mail.Raw = append([]byte(nil), t.b(bucketMailRaw).Get([]byte(id))...)
	return &r.Mail, nil
}

func (t *txn) MailByHash(messageID, hash string) (string, error) {
	v := t.b(bucketMailHash).Get([]byte(normID(messageID) + "\x00" + hash))
	if v == nil {
		return "", domain.ErrNotFound
	}
	return string(v), nil
}

func (t *txn) PutBlob(data []byte) (string, error) {
	id := blobID(data)
	b := t.b(bucketBlobs)
	if b.Get([]byte(id)) != nil {
		return id, nil
	}
	return id, b.Put([]byte(id), data)
}

func (t *txn) Blob(id string) ([]byte, error) {
	v := t.b(bucketBlobs).Get([]byte(id))
	if v == nil {
		return nil, domain.ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

func (t *txn) PutTriage(it *domain.TriageItem) error {
	return t.putJSON(bucketTriage, []byte(it.MailID), it)
}

func (t *txn) Triage(mailID string) (*domain.TriageItem, error) {
	var it domain.TriageItem
	if err := t.getJSON(bucketTriage, []byte(mailID), &it); err != nil {
		return nil, err
	}
	return &it, nil
}

func (t *txn) TriageItems(fn func(*domain.TriageItem) error) error {
	return t.b(bucketTriage).ForEach(func(_, v []byte) error {
		var it domain.TriageItem
		if err := decode(v, &it); err != nil {
			return err
		}
		return fn(&it)
	})
}

func (t *txn) PutOutbox(o *domain.OutboxItem) error {
	if old, err := t.Outbox(o.ID); err == nil {
		if err := t.b(bucketOutboxState).Delete(statusKey(string(old.State), old.ID)); err != nil {
			return err
		}
	}
	if err := t.putJSON(bucketOutbox, []byte(o.ID), o); err != nil {
		return err
	}
	return t.b(bucketOutboxState).Put(statusKey(string(o.State), o.ID), nil)
}

func (t *txn) Outbox(id string) (*domain.OutboxItem, error) {
	var o domain.OutboxItem
	if err := t.getJSON(bucketOutbox, []byte(id), &o); err != nil {
		return nil, err
	}
	return &o, nil
}

func (t *txn) OutboxItems(fn func(*domain.OutboxItem) error, states ...domain.OutboxState) error {
	visit := func(v []byte) error {
		var o domain.OutboxItem
		if err := decode(v, &o); err != nil {
			return err
		}
		return fn(&o)
	}
	if len(states) == 0 {
		return t.b(bucketOutbox).ForEach(func(_, v []byte) error { return visit(v) })
	}
	for _, s := range states {
		prefix := []byte(string(s) + "\x00")
		c := t.b(bucketOutboxState).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if err := visit(t.b(bucketOutbox).Get(k[len(prefix):])); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *txn) NextOutboxSeq() (uint64, error) { return t.nextSeq(keyOutboxSeq) }

func (t *txn) AppendAudit(e *domain.AuditEvent) error {
	seq, err := t.nextSeq(keyAuditSeq)
	if err != nil {
		return err
	}
	m := t.b(bucketMeta)
	e.Seq = seq
	e.PrevHash = string(m.Get(keyAuditHead))
	e.Hash = e.ChainHash()
	if err := t.putJSON(bucketAudit, u64(seq), e); err != nil {
		return err
	}
	if err := m.Put(keyAuditHead, []byte(e.Hash)); err != nil {
		return err
	}
	if e.CaseID != "" {
		return t.b(bucketAuditCase).Put(append([]byte(string(e.CaseID)+"\x00"), u64(seq)...), nil)
	}
	return nil
}

func (t *txn) AuditEvents(fn func(domain.AuditEvent) error) error {
	return t.b(bucketAudit).ForEach(func(_, v []byte) error {
		var e domain.AuditEvent
		if err := decode(v, &e); err != nil {
			return err
		}
		return fn(e)
	})
}

func (t *txn) CaseAudit(id domain.CaseID, fn func(domain.AuditEvent) error) error {
	prefix := []byte(string(id) + "\x00")
	c := t.b(bucketAuditCase).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var e domain.AuditEvent
		if err := t.getJSON(bucketAudit, k[len(prefix):], &e); err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) User(login string) (*domain.User, error) {
	var u domain.User
	if err := t.getJSON(bucketUsers, []byte(login), &u); err != nil {
		return nil, err
	}
	return &u, nil
}

func (t *txn) PutUser(u *domain.User) error { return t.putJSON(bucketUsers, []byte(u.Login), u) }

func (t *txn) Users(fn func(*domain.User) error) error {
	return t.b(bucketUsers).ForEach(func(_, v []byte) error {
		var u domain.User
		if err := decode(v, &u); err != nil {
			return err
		}
		return fn(&u)
	})
}

func (t *txn) Executor(login string) (*domain.Executor, error) {
	var e domain.Executor
	if err := t.getJSON(bucketExecutors, []byte(login), &e); err != nil {
		return nil, err
	}
	return &e, nil
}

func (t *txn) PutExecutor(e *domain.Executor) error {
	return t.putJSON(bucketExecutors, []byte(e.Login), e)
}

func (t *txn) Executors(fn func(*domain.Executor) error) error {
	return t.b(bucketExecutors).ForEach(func(_, v []byte) error {
		var e domain.Executor
		if err := decode(v, &e); err != nil {
			return err
		}
		return fn(&e)
	})
}

func (t *txn) PutAbsence(a *domain.Absence) error {
	return t.putJSON(bucketAbsences, u64(uint64(a.ID)), a)
}

func (t *txn) Absences(fn func(*domain.Absence) error) error {
	return t.b(bucketAbsences).ForEach(func(_, v []byte) error {
		var a domain.Absence
		if err := decode(v, &a); err != nil {
			return err
		}
		return fn(&a)
	})
}

func (t *txn) NextAbsenceID() (int, error) {
	n, err := t.nextSeq(keyAbsenceSeq)
	return int(n), err
}

func (t *txn) SyncState(mailbox string) (domain.SyncState, error) {
	var s domain.SyncState
	err := t.getJSON(bucketSync, []byte(mailbox), &s)
	return s, err
}

func (t *txn) PutSyncState(s domain.SyncState) error {
	return t.putJSON(bucketSync, []byte(s.Mailbox), s)
}

func (t *txn) Setting(name string) ([]byte, error) {
	v := t.b(bucketSettings).Get([]byte(name))
	if v == nil {
		return nil, domain.ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

func (t *txn) PutSetting(name string, value []byte) error {
	return t.b(bucketSettings).Put([]byte(name), value)
}
