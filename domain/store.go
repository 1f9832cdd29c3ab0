package domain

import "time"

// Store is the storage port: every use case runs in one Update (state, audit and outgoing mail commit together).
type Store interface {
	Update(fn func(Tx) error) error
	View(fn func(Tx) error) error
}

// Tx is one storage transaction. Records are copied in and out: mutating a returned value changes nothing until
// it is put back.
type Tx interface {
	Case(id CaseID) (*Case, error)
	PutCase(c *Case) error // keeps the incident, Message-ID, status and due indexes in step
	CaseByIncident(number string) (CaseID, error)
	NextCaseSeq(year int) (int, error)
	// Cases visits cases with the given statuses (all when none), in no particular order.
	Cases(fn func(*Case) error, statuses ...Status) error
	// CaseIndex visits the cases whose index entry (Case.IndexKeys) lies in [from, to), in order. fn returning
	// ErrStopScan ends the visit without an error.
	CaseIndex(index, from, to string, fn func(value string, id CaseID) error) error
	// CaseIndexNewest visits the same entries in reverse order: for the time-ordered indexes, the latest first.
	CaseIndexNewest(index, from, to string, fn func(value string, id CaseID) error) error

	Ref(messageID string) (Ref, error)
	PutRef(messageID string, r Ref) error

	PutMail(m *StoredMail) error
	Mail(id string) (*StoredMail, error)
	MailByHash(messageID, hash string) (string, error)

	PutBlob(data []byte) (string, error)
	Blob(id string) ([]byte, error)

	PutTriage(t *TriageItem) error
	Triage(mailID string) (*TriageItem, error)
	TriageItems(fn func(*TriageItem) error) error

	PutOutbox(o *OutboxItem) error
	Outbox(id string) (*OutboxItem, error)
	OutboxItems(fn func(*OutboxItem) error, states ...OutboxState) error
	NextOutboxSeq() (uint64, error)

	AppendAudit(e *AuditEvent) error // sets Seq, PrevHash and Hash
	AuditEvents(fn func(AuditEvent) error) error
	CaseAudit(id CaseID, fn func(AuditEvent) error) error

	User(login string) (*User, error)
	PutUser(u *User) error
	Users(fn func(*User) error) error

	Executor(login string) (*Executor, error)
	PutExecutor(e *Executor) error
	Executors(fn func(*Executor) error) error

	PutAbsence(a *Absence) error
	Absences(fn func(*Absence) error) error
	NextAbsenceID() (int, error)

	SyncState(mailbox string) (SyncState, error)
	PutSyncState(s SyncState) error

	// Settings are kept as opaque documents (policy JSON, encrypted secrets) by name.
	Setting(name string) ([]byte, error)
	PutSetting(name string, value []byte) error
}

// Clock gives "now"; tests and the testclock build pass a fixed one.
type Clock interface{ Now() time.Time }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// Hasher hashes and checks passwords (argon2id, outside domain).
type Hasher interface {
	Hash(password string) (string, error)
	Verify(hash, password string) (bool, error)
	// DeriveKey turns a password into a 32-byte key (argon2id) that seals the data key.
	DeriveKey(password string, salt []byte) []byte
}
