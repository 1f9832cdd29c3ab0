package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEvent is one line of the tamper-evident log: who, acting for whom, when, what, before/after.
type AuditEvent struct {
	Seq       uint64    `json:"seq"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	ActorName string    `json:"actor_name"`
	ActingFor string    `json:"acting_for,omitempty"`
	Action    string    `json:"action"`
	CaseID    CaseID    `json:"case_id,omitempty"`
	Detail    string    `json:"detail,omitempty"`
	Before    string    `json:"before,omitempty"`
	After     string    `json:"after,omitempty"`
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
}

// ChainHash is the hash that links an event to the one before it: changing, removing or reordering any record
// breaks every hash after it.
func (e AuditEvent) ChainHash() string {
	c := e
	c.Hash = ""
	c.At = c.At.UTC()
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// VerifyChain checks a log read in sequence order and names the first broken entry.
func VerifyChain(events []AuditEvent) error {
	prev := ""
	var want uint64 = 1
	for _, e := range events {
		if e.Seq != want {
			return fmt.Errorf("журнал нарушен: после записи %d идёт запись %d", want-1, e.Seq)
		}
		if e.PrevHash != prev {
			return fmt.Errorf("журнал нарушен в записи %d: не совпадает ссылка на предыдущую запись", e.Seq)
		}
		if e.ChainHash() != e.Hash {
			return fmt.Errorf("журнал нарушен в записи %d: запись изменена", e.Seq)
		}
		prev = e.Hash
		want++
	}
	return nil
}
