package storage

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"otklik/domain"
)

var update = flag.Bool("update", false, "rewrite testdata/schema1.db")

func open(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Indexes are written in the same transaction as the record: a status change moves the case between lists.
func TestCaseIndexes(t *testing.T) {
	db := open(t)
	c := &domain.Case{ID: "ОТК-2026-0001", Status: domain.StatusNew, IncidentIDs: []string{"4512937"}}
	err := db.Update(func(tx domain.Tx) error { return tx.PutCase(c) })
	if err != nil {
		t.Fatal(err)
	}
	c.Status = domain.StatusDispatched
	if err := db.Update(func(tx domain.Tx) error { return tx.PutCase(c) }); err != nil {
		t.Fatal(err)
	}
	count := func(s domain.Status) (n int) {
		db.View(func(tx domain.Tx) error {
			return tx.Cases(func(*domain.Case) error { n++; return nil }, s)
		})
		return
	}
	if count(domain.StatusNew) != 0 || count(domain.StatusDispatched) != 1 {
		t.Fatalf("status index: new %d dispatched %d", count(domain.StatusNew), count(domain.StatusDispatched))
	}
	db.View(func(tx domain.Tx) error {
		if id, err := tx.CaseByIncident("4512937"); err != nil || id != c.ID {
			t.Errorf("incident index: %v %v", id, err)
		}
		return nil
	})
	// A failed transaction leaves nothing behind: not the record, not its index.
	boom := errors.New("boom")
	err = db.Update(func(tx domain.Tx) error {
		if err := tx.PutCase(&domain.Case{ID: "ОТК-2026-0002", Status: domain.StatusNew, IncidentIDs: []string{"9"}}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || count(domain.StatusNew) != 0 {
		t.Fatal("rolled-back case visible")
	}
	db.View(func(tx domain.Tx) error {
		if _, err := tx.CaseByIncident("9"); !errors.Is(err, domain.ErrNotFound) {
			t.Error("rolled-back index visible")
		}
		return nil
	})
}

func TestMailBlobsAndRefs(t *testing.T) {
	db := open(t)
	raw := bytes.Repeat([]byte("x"), 1<<20)
	err := db.Update(func(tx domain.Tx) error {
		if err := tx.PutMail(&domain.StoredMail{ID: "m1", MessageID: "<A@B>", Hash: "h", Raw: raw}); err != nil {
			return err
		}
		id, err := tx.PutBlob([]byte("photo"))
		if err != nil {
			return err
		}
		id2, _ := tx.PutBlob([]byte("photo"))
		if id != id2 {
			t.Error("same content stored twice")
		}
		return tx.PutRef("<Task-1@Example.RU>", domain.Ref{CaseID: "c", TaskID: 1, Kind: "task"})
	})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx domain.Tx) error {
		m, err := tx.Mail("m1")
		if err != nil || !bytes.Equal(m.Raw, raw) {
			t.Errorf("raw mail: %v", err)
		}
		if id, err := tx.MailByHash("a@b", "h"); err != nil || id != "m1" {
			t.Errorf("mail by hash: %v %v", id, err)
		}
		if r, err := tx.Ref("task-1@example.ru"); err != nil || r.TaskID != 1 {
			t.Errorf("ref lookup is not case-insensitive: %v", err)
		}
		return nil
	})
}

// The audit chain is built by storage: each event links the previous one.
func TestAuditAppend(t *testing.T) {
	db := open(t)
	for i := 0; i < 3; i++ {
		err := db.Update(func(tx domain.Tx) error {
			return tx.AppendAudit(&domain.AuditEvent{At: time.Now(), Actor: "a", Action: "x", CaseID: "c"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var evs []domain.AuditEvent
	db.View(func(tx domain.Tx) error {
		return tx.AuditEvents(func(e domain.AuditEvent) error { evs = append(evs, e); return nil })
	})
	if len(evs) != 3 || evs[1].PrevHash != evs[0].Hash || domain.VerifyChain(evs) != nil {
		t.Fatalf("chain: %+v", evs)
	}
}

// One process per file: a second open gives up after its timeout instead of hanging.
func TestOpenTimeout(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if _, err := Open(dir, 200*time.Millisecond); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatal("second open waited too long")
	}
}

// A file of schema 1 (before the status index) is migrated; a newer file is refused.
func TestMigrationFromSchema1(t *testing.T) {
	fixture := filepath.Join("testdata", "schema1.db")
	if *update {
		writeSchema1(t, fixture)
	}
	dir := t.TempDir()
	if err := copyFile(fixture, filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	db, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var got []domain.CaseID
	db.View(func(tx domain.Tx) error {
		return tx.Cases(func(c *domain.Case) error { got = append(got, c.ID); return nil }, domain.StatusDispatched)
	})
	if len(got) != 1 || got[0] != "ОТК-2025-0007" {
		t.Fatalf("migrated status index: %v", got)
	}
	db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(SchemaVersion+1)) })
	db.Close()
	if _, err := Open(dir, time.Second); err == nil {
		t.Fatal("a newer schema was opened")
	}
}

// writeSchema1 makes the fixture as schema 1 wrote it: every bucket but no status index entries.
func writeSchema1(t *testing.T, path string) {
	os.Remove(path)
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bolt.Tx) error {
		if err := migrations[0](tx); err != nil {
			return err
		}
		rec, _ := encode(caseRecord{V: 1, Case: domain.Case{ID: "ОТК-2025-0007", Status: domain.StatusDispatched}})
		if err := tx.Bucket(bucketCases).Put([]byte("ОТК-2025-0007"), rec); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(1))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	put := func(id string) {
		db.Update(func(tx domain.Tx) error {
			return tx.PutCase(&domain.Case{ID: domain.CaseID(id), Status: domain.StatusNew})
		})
	}
	put("A")
	backup := filepath.Join(t.TempDir(), "b.db")
	if _, err := db.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	put("B")
	if _, err := db.Restore(backup); err != nil {
		t.Fatal(err)
	}
	var n int
	db.View(func(tx domain.Tx) error { return tx.Cases(func(*domain.Case) error { n++; return nil }) })
	if n != 1 {
		t.Fatalf("after restore %d cases, want 1", n)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

// The case index follows the record: a changed link or settlement moves the entry, in the same transaction.
func TestCaseIndexFollowsRecord(t *testing.T) {
	db := open(t)
	at := time.Date(2026, 1, 13, 10, 0, 0, 0, time.UTC)
	c := &domain.Case{ID: "A", Status: domain.StatusNew, URL: "https://vk.com/wall-1_1?reply=2", Settlement: "Уртам", ReceivedAt: at}
	db.Update(func(tx domain.Tx) error { return tx.PutCase(c) })
	find := func(index, from, to string) (ids []domain.CaseID) {
		db.View(func(tx domain.Tx) error {
			return tx.CaseIndex(index, from, to, func(_ string, id domain.CaseID) error { ids = append(ids, id); return nil })
		})
		return
	}
	if got := find(domain.IndexPost, "vk.com/wall-1_1", "vk.com/wall-1_1\x01"); len(got) != 1 {
		t.Fatalf("post index: %v", got)
	}
	c.URL = "https://ok.ru/group/1/topic/2"
	db.Update(func(tx domain.Tx) error { return tx.PutCase(c) })
	if got := find(domain.IndexPost, "vk.com/wall-1_1", "vk.com/wall-1_1\x01"); len(got) != 0 {
		t.Fatalf("stale post entry: %v", got)
	}
	from, to := domain.PlaceKey("Уртам", at.Add(-time.Hour)), domain.PlaceKey("Уртам", at.Add(time.Hour))
	if got := find(domain.IndexPlace, from, to); len(got) != 1 {
		t.Fatalf("place index: %v", got)
	}
	if got := find(domain.IndexPlace, domain.PlaceKey("Уртам", at.Add(time.Minute)), to); len(got) != 0 {
		t.Fatalf("place range: %v", got)
	}
}

// The place index holds open cases only (a surge counts open ones without reading them); the author index keeps
// closed ones too (a repeat may follow an answered case); CaseIndexNewest walks a range backwards and stops
// without an error on ErrStopScan.
func TestCaseIndexOpenPlacesAuthorsNewest(t *testing.T) {
	db := open(t)
	at := time.Date(2026, 1, 13, 10, 0, 0, 0, time.UTC)
	var cases []*domain.Case
	for i := range 3 {
		c := &domain.Case{ID: domain.CaseID(fmt.Sprintf("C%d", i)), Status: domain.StatusNew, Settlement: "Уртам",
			Author: "Сергей Мальцев", ReceivedAt: at.Add(time.Duration(i) * time.Hour)}
		cases = append(cases, c)
		db.Update(func(tx domain.Tx) error { return tx.PutCase(c) })
	}
	cases[1].Status = domain.StatusRejected
	db.Update(func(tx domain.Tx) error { return tx.PutCase(cases[1]) })
	scan := func(newest bool, index, from, to string, limit int) (ids []domain.CaseID) {
		db.View(func(tx domain.Tx) error {
			visit := tx.CaseIndex
			if newest {
				visit = tx.CaseIndexNewest
			}
			return visit(index, from, to, func(_ string, id domain.CaseID) error {
				if len(ids) == limit {
					return domain.ErrStopScan
				}
				ids = append(ids, id)
				return nil
			})
		})
		return
	}
	places := scan(false, domain.IndexPlace, domain.PlaceKey("Уртам", at.Add(-time.Hour)), domain.PlaceKey("Уртам", at.Add(5*time.Hour)), 10)
	if fmt.Sprint(places) != "[C0 C2]" {
		t.Fatalf("open cases of the place: %v", places)
	}
	from := domain.AuthorKey("сергей мальцев", "УРТАМ", at.Add(-time.Hour))
	to := domain.AuthorKey("Сергей Мальцев", "Уртам", at.Add(5*time.Hour))
	if got := scan(true, domain.IndexAuthor, from, to, 10); fmt.Sprint(got) != "[C2 C1 C0]" {
		t.Fatalf("the author's cases, newest first: %v", got)
	}
	if got := scan(true, domain.IndexAuthor, from, to, 2); fmt.Sprint(got) != "[C2 C1]" {
		t.Fatalf("stopped after two: %v", got)
	}
	// The range's end is exclusive, from either direction.
	to = domain.AuthorKey("Сергей Мальцев", "Уртам", at.Add(2*time.Hour))
	if got := scan(true, domain.IndexAuthor, from, to, 10); fmt.Sprint(got) != "[C1 C0]" {
		t.Fatalf("newest first below the end: %v", got)
	}
	if got := scan(false, domain.IndexAuthor, from, to, 10); fmt.Sprint(got) != "[C0 C1]" {
		t.Fatalf("oldest first below the end: %v", got)
	}
	if got := scan(true, domain.IndexAuthor, "", "\xff", 10); len(got) != 3 {
		t.Fatalf("the whole index backwards: %v", got)
	}
}

// Schema 5 → 6: a file from before the attempt mark never recorded it, so what it left "sending" is taken as begun
// on (it may have reached the server) and stays "may have been sent" after the upgrade; nothing else changes.
func TestMigrationMarksSendingAsAttempted(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	queued := time.Date(2026, 1, 13, 10, 40, 0, 0, time.UTC)
	db.Update(func(tx domain.Tx) error {
		if err := tx.PutOutbox(&domain.OutboxItem{ID: "o1", State: domain.OutSending, QueuedAt: queued}); err != nil {
			return err
		}
		return tx.PutOutbox(&domain.OutboxItem{ID: "o2", State: domain.OutQueued, QueuedAt: queued})
	})
	db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(5)) })
	db.Close()
	if db, err = Open(dir, time.Second); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx domain.Tx) error {
		o1, err1 := tx.Outbox("o1")
		o2, err2 := tx.Outbox("o2")
		if err1 != nil || err2 != nil || o1.AttemptAt == nil || !o1.AttemptAt.Equal(queued) || o2.AttemptAt != nil ||
			o1.State != domain.OutSending || o2.State != domain.OutQueued {
			t.Fatalf("after the migration: %+v %v / %+v %v", o1, err1, o2, err2)
		}
		return nil
	})
}
