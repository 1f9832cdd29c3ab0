package mailbridge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"otklik/domain"
	"otklik/mailbridge/loopback"
	"otklik/mailbridge/parse"
)

// П.5, П.7, П.8: every sample notice, delivered with its receipt time, becomes one case with the expected
// incident, network, settlement and working-time deadlines counted from INTERNALDATE; the mail is marked
// $Otklik and \Seen stays as the coordinator left it; a second round changes nothing.
func TestInboxSamplesBecomeCases(t *testing.T) {
	r := newRig(t, rigOptions{})
	samples := loadSamples(t)
	r.deliverSamples(samples)
	personal := []byte("From: Sosed <sosed@mail.example>\r\nTo: " + imapUser + "\r\nSubject: chai\r\n" +
		"Message-ID: <chai-1@mail.example>\r\n\r\nZaydesh na chai?\r\n")
	if err := r.imap.Append("INBOX", personal, at("2026-01-13T12:00"), `\Seen`); err != nil {
		t.Fatal(err)
	}

	rep := r.once()
	want := Report{Fetched: len(samples) + 1, NewCases: len(samples), Triaged: 1}
	if rep != want {
		t.Fatalf("report %+v, want %+v", rep, want)
	}
	for _, s := range samples {
		t.Run(s.File, func(t *testing.T) {
			if len(s.IncidentIDs) != 1 {
				t.Fatalf("sample lists %v", s.IncidentIDs)
			}
			c := r.caseOf(s.IncidentIDs[0])
			if c.Network != s.Network || c.Settlement != s.Village {
				t.Errorf("network %q settlement %q, want %q %q", c.Network, c.Settlement, s.Network, s.Village)
			}
			if !c.ReceivedAt.Equal(at(s.ReceivedLocal)) {
				t.Errorf("received %v, want INTERNALDATE %v", c.ReceivedAt, s.ReceivedLocal)
			}
			if s.AnswerDue != "" && !c.AnswerDue.Equal(at(s.AnswerDue)) {
				t.Errorf("answer due %v, want %v", c.AnswerDue.In(tomsk), s.AnswerDue)
			}
			if s.DraftsDue != "" && !c.DraftsDue.Equal(at(s.DraftsDue)) {
				t.Errorf("drafts due %v, want %v", c.DraftsDue.In(tomsk), s.DraftsDue)
			}
			if len(c.Attachments) != len(s.Attachments) {
				t.Fatalf("attachments %+v, want %v", c.Attachments, s.Attachments)
			}
			for i, name := range s.Attachments {
				if c.Attachments[i].Name != name || c.Attachments[i].Size == 0 {
					t.Errorf("attachment %+v, want %q", c.Attachments[i], name)
				}
			}
		})
	}

	msgs := r.messages("INBOX")
	if len(msgs) != len(samples)+1 {
		t.Fatalf("%d messages on the server, want %d: intake never deletes", len(msgs), len(samples)+1)
	}
	for i, m := range msgs {
		if !hasFlag(m, ProcessedKeyword) {
			t.Errorf("message %d flags %v: no %s", m.UID, m.Flags, ProcessedKeyword)
		}
		if seen, wantSeen := hasFlag(m, `\Seen`), i == len(msgs)-1; seen != wantSeen {
			t.Errorf("message %d flags %v: \\Seen %v, want %v (never touched)", m.UID, m.Flags, seen, wantSeen)
		}
	}
	if st := r.syncState(); st.LastUID != uint32(len(samples)+1) || st.UIDValidity == 0 {
		t.Fatalf("stored position %+v", st)
	}

	before := r.census()
	if rep := r.once(); rep != (Report{}) {
		t.Fatalf("second round %+v, want nothing", rep)
	}
	if after := r.census(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("second round changed the store:\nbefore %+v\nafter  %+v", before, after)
	}
}

// П.5: the same notice delivered twice (once relayed with an extra Received line, once byte for byte) is one case.
func TestInboxDuplicateDeliveryIsOneCase(t *testing.T) {
	r := newRig(t, rigOptions{})
	raw := loadSamples(t)[0].Raw
	relayed := append([]byte("Received: from relay.dip.tomsk.example by mx.kozhevnikovo.example; Tue, 13 Jan 2026 10:25:00 +0700\r\n"), raw...)
	for i, m := range [][]byte{raw, relayed, raw} {
		if err := r.imap.Deliver(m, at("2026-01-13T10:22").Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	rep := r.once()
	if rep.NewCases != 1 || rep.Duplicates != 2 || rep.Fetched != 3 {
		t.Fatalf("report %+v, want one case and two duplicates", rep)
	}
	r.census().eachOnce(t, 1)
	if c := r.caseOf("4512937"); !c.ReceivedAt.Equal(at("2026-01-13T10:22")) {
		t.Fatalf("the case counts from the first delivery, got %v", c.ReceivedAt)
	}
}

// A new UIDVALIDITY makes intake read the folder from UID 1 again; everything read again is recognised, nothing
// doubles, and mail arriving after the reset is still taken.
func TestInboxUIDValidityResetRescansWithoutDoubling(t *testing.T) {
	r := newRig(t, rigOptions{})
	samples := loadSamples(t)
	r.deliverSamples(samples)
	r.once()
	before, state := r.census(), r.syncState()

	if err := r.imap.ResetUIDValidity("INBOX"); err != nil {
		t.Fatal(err)
	}
	if err := r.imap.Deliver(generatedNotice(1, at("2026-01-20T09:10")), at("2026-01-20T09:30")); err != nil {
		t.Fatal(err)
	}
	rep := r.once()
	if rep.Fetched != len(samples)+1 || rep.Duplicates != len(samples) || rep.NewCases != 1 {
		t.Fatalf("rescan report %+v, want %d fetched, %d duplicates, 1 new case", rep, len(samples)+1, len(samples))
	}
	after := r.census()
	after.eachOnce(t, len(samples)+1)
	if after.Triage != before.Triage {
		t.Fatalf("triage %d → %d after the rescan", before.Triage, after.Triage)
	}
	now := r.syncState()
	if now.UIDValidity == state.UIDValidity || now.LastUID != uint32(len(samples)+1) {
		t.Fatalf("position %+v after reset, was %+v", now, state)
	}
}

// The connection dropped in the middle of a fetch loses nothing and doubles nothing: the committed batches stay,
// the broken one is read again on the next round.
func TestInboxDropMidFetchThenOnceAgain(t *testing.T) {
	const n = 250
	r := newRig(t, rigOptions{})
	// 128 KiB a message: the rest of a batch (12 MiB) is more than the loopback socket buffers on both sides
	// hold, so the cut lands inside the FETCH, not after the server has already written the whole batch.
	for i := range n {
		if err := r.imap.Deliver(paddedNotice(i, at("2026-02-02T09:00"), 96<<10), at("2026-02-02T09:05")); err != nil {
			t.Fatal(err)
		}
	}
	const fetchBatchSize = 100
	r.inbox.batchSize = fetchBatchSize
	var bodies atomic.Int32
	r.inbox.onBody = func(uint32) {
		if bodies.Add(1) == fetchBatchSize+1 {
			r.imap.DropConnections()
		}
	}
	_, err := r.inbox.Once(t.Context())
	if err == nil || !strings.Contains(err.Error(), "получение писем") {
		t.Fatalf("Once over a connection cut mid-fetch: %v", err)
	}
	if got := r.census().Cases; got != fetchBatchSize {
		t.Fatalf("%d cases after the drop, want the first batch (%d) only", got, fetchBatchSize)
	}
	if st := r.inbox.Status(); st.LastError == "" {
		t.Fatal("status shows no error after a failed round")
	}
	rep := r.once()
	if rep.NewCases != n-fetchBatchSize {
		t.Fatalf("second round %+v, want %d new cases", rep, n-fetchBatchSize)
	}
	r.census().eachOnce(t, n)
	for _, m := range r.messages("INBOX") {
		if !hasFlag(m, ProcessedKeyword) {
			t.Fatalf("message %d left unmarked: %v", m.UID, m.Flags)
		}
	}
	if st := r.inbox.Status(); st.LastError != "" || st.LastSync.IsZero() {
		t.Fatalf("status after recovery %+v", st)
	}
}

// Run reconnects with backoff after the server cuts it off mid-fetch, and ends up with every notice once.
func TestInboxRunReconnectsAfterDrop(t *testing.T) {
	const n = 300
	r := newRig(t, rigOptions{})
	// 96 KiB a message, as in TestInboxDropMidFetchThenOnceAgain: the 200 bodies after the cut (19 MiB) are more
	// than the loopback socket buffers hold. With small notices the server had sometimes written the whole fetch
	// before the cut, under load, and the round succeeded on one connection.
	for i := range n {
		if err := r.imap.Deliver(paddedNotice(i, at("2026-02-02T09:00"), 96<<10), at("2026-02-02T09:05")); err != nil {
			t.Fatal(err)
		}
	}
	var bodies atomic.Int32
	r.inbox.onBody = func(uint32) {
		if bodies.Add(1) == 100 {
			r.imap.DropConnections()
		}
	}
	stop := r.runInbox()
	waitFor(t, 60*time.Second, "every notice ingested", func() bool { return r.census().Cases == n })
	waitFor(t, 5*time.Second, "a healthy status", func() bool {
		st := r.inbox.Status()
		return st.Connected && st.LastError == ""
	})
	stop()
	r.census().eachOnce(t, n)
	if c := r.imap.Connections(); c < 2 {
		t.Fatalf("%d connections: the worker did not reconnect", c)
	}
	if r.inbox.Status().Connected {
		t.Fatal("status says connected after Run returned")
	}
}

// Cancelling in the middle of a fetch returns promptly: the socket is closed under the fetch, which is drained
// (go-imap deadlocks on Close after an abandoned fetch), and nothing of the broken batch is committed.
func TestInboxCancelMidFetchReturns(t *testing.T) {
	const n = 150
	r := newRig(t, rigOptions{})
	for i := range n {
		if err := r.imap.Deliver(paddedNotice(i, at("2026-02-02T09:00"), 96<<10), at("2026-02-02T09:05")); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	const fetchBatchSize = 100
	r.inbox.batchSize = fetchBatchSize
	var bodies atomic.Int32
	r.inbox.onBody = func(uint32) {
		if bodies.Add(1) == fetchBatchSize+10 {
			cancel()
		}
	}
	done := make(chan error, 1)
	go func() { _, err := r.inbox.Once(ctx); done <- err }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Once returned no error after cancel")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Once hung after cancel in the middle of a fetch")
	}
	if got := r.census().Cases; got != fetchBatchSize {
		t.Fatalf("%d cases, want the first batch (%d) only", got, fetchBatchSize)
	}
	r.inbox.onBody = nil
	if rep := r.once(); rep.NewCases != n-fetchBatchSize {
		t.Fatalf("next round %+v", rep)
	}
	r.census().eachOnce(t, n)
}

// The server cuts the idling connection when the folder's UIDVALIDITY changes (as Dovecot does): Run
// reconnects, reads the folder again without doubling anything, and goes on taking new mail.
func TestInboxRunSurvivesUIDValidityReset(t *testing.T) {
	r := newRig(t, rigOptions{})
	samples := loadSamples(t)
	r.deliverSamples(samples)
	stop := r.runInbox()
	defer stop()
	waitFor(t, 10*time.Second, "the samples as cases", func() bool { return r.census().Cases == len(samples) })
	first := r.syncState()
	if err := r.imap.ResetUIDValidity("INBOX"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the new UIDVALIDITY stored", func() bool {
		st := r.syncState()
		return st.UIDValidity != first.UIDValidity && st.LastUID == uint32(len(samples))
	})
	if err := r.imap.Deliver(generatedNotice(1, at("2026-01-20T09:10")), at("2026-01-20T09:30")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the new notice", func() bool { return r.census().Cases == len(samples)+1 })
	r.census().eachOnce(t, len(samples)+1)
}

// П.5: with IDLE new mail is taken within moments, without waiting for a poll.
func TestInboxIdleTakesNewMailAtOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.inbox.poll = time.Hour
	stop := r.runInbox()
	defer stop()
	waitFor(t, 5*time.Second, "first round", func() bool { return !r.inbox.Status().LastSync.IsZero() })
	if err := r.imap.Deliver(generatedNotice(7, at("2026-02-02T09:00")), at("2026-02-02T09:05")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the notice as a case", func() bool { return r.census().Cases == 1 })
}

// П.5: a server without IDLE is polled.
func TestInboxPollsWithoutIdle(t *testing.T) {
	r := newRig(t, rigOptions{imap: loopback.IMAPOptions{WithoutMove: true}})
	r.inbox.poll = 50 * time.Millisecond
	stop := r.runInbox()
	defer stop()
	waitFor(t, 5*time.Second, "first round", func() bool { return !r.inbox.Status().LastSync.IsZero() })
	if err := r.imap.Deliver(generatedNotice(8, at("2026-02-02T09:00")), at("2026-02-02T09:05")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the notice as a case", func() bool { return r.census().Cases == 1 })
}

// With a processed folder configured, stored mail is moved there (created when missing), with MOVE or with
// COPY + UID EXPUNGE of exactly those messages; it is never deleted and \Seen is not set.
func TestInboxMovesToProcessedFolder(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  loopback.IMAPOptions
	}{{"MOVE", loopback.IMAPOptions{}}, {"COPY+UIDPLUS", loopback.IMAPOptions{WithoutMove: true}}} {
		t.Run(tc.name, func(t *testing.T) {
			const folder = "Обработано"
			r := newRig(t, rigOptions{imap: tc.opt, inbox: func(c *IMAPConfig) { c.ProcessedFolder = folder }})
			samples := loadSamples(t)
			r.deliverSamples(samples)
			r.once()
			if left := r.messages("INBOX"); len(left) != 0 {
				t.Fatalf("%d messages left in INBOX", len(left))
			}
			moved := r.messages(folder)
			if len(moved) != len(samples) {
				t.Fatalf("%d messages in %s, want %d", len(moved), folder, len(samples))
			}
			for _, m := range moved {
				if hasFlag(m, `\Seen`) || hasFlag(m, `\Deleted`) {
					t.Fatalf("moved message %d has %v", m.UID, m.Flags)
				}
			}
			if err := r.imap.Deliver(generatedNotice(3, at("2026-02-02T09:00")), at("2026-02-02T09:05")); err != nil {
				t.Fatal(err)
			}
			if rep := r.once(); rep.NewCases != 1 || rep.Duplicates != 0 {
				t.Fatalf("second round %+v", rep)
			}
			if got := len(r.messages(folder)); got != len(samples)+1 {
				t.Fatalf("%d messages in %s after the second round", got, folder)
			}
			r.census().eachOnce(t, len(samples)+1)
		})
	}
}

// A server that keeps no keywords: mail stays unmarked, and the stored UID position alone keeps it from being
// taken twice.
func TestInboxWithoutKeywordsReliesOnPosition(t *testing.T) {
	r := newRig(t, rigOptions{imap: loopback.IMAPOptions{NoKeywords: true}})
	samples := loadSamples(t)
	r.deliverSamples(samples)
	if rep := r.once(); rep.NewCases != len(samples) {
		t.Fatalf("report %+v", rep)
	}
	for _, m := range r.messages("INBOX") {
		if hasFlag(m, ProcessedKeyword) {
			t.Fatalf("keyword stored on a server without PERMANENTFLAGS \\*: %v", m.Flags)
		}
	}
	before := r.census()
	if rep := r.once(); rep != (Report{}) {
		t.Fatalf("second round %+v", rep)
	}
	if after := r.census(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("second round changed the store")
	}
}

// Hostile mail: a message above the size limit is not downloaded; its headers go to triage with the reason,
// and the mail beside it is taken normally.
func TestInboxOversizeMessageGoesToTriage(t *testing.T) {
	const limit = 32 << 10
	r := newRig(t, rigOptions{inbox: func(c *IMAPConfig) { c.Limits = parse.Limits{MaxBytes: limit} }})
	big := generatedNotice(1, at("2026-02-02T09:00"))
	big = append(big, bytes.Repeat([]byte("Очень длинное приложение к уведомлению.\r\n"), 3000)...)
	if err := r.imap.Deliver(big, at("2026-02-02T09:05")); err != nil {
		t.Fatal(err)
	}
	if err := r.imap.Deliver(generatedNotice(2, at("2026-02-02T09:00")), at("2026-02-02T09:06")); err != nil {
		t.Fatal(err)
	}
	rep := r.once()
	if rep.Triaged != 1 || rep.NewCases != 1 {
		t.Fatalf("report %+v, want one triaged and one case", rep)
	}
	items := r.triage()
	if len(items) != 1 || !strings.Contains(items[0].Reason, "больше допустимого размера") {
		t.Fatalf("triage %+v", items)
	}
	if items[0].From != deptFrom || !strings.Contains(items[0].Subject, generatedNumber(1)) {
		t.Fatalf("triage item lost the headers: %+v", items[0])
	}
	var stored *domain.StoredMail
	if err := r.db.View(func(tx domain.Tx) (err error) { stored, err = tx.Mail(items[0].MailID); return err }); err != nil {
		t.Fatal(err)
	}
	if len(stored.Raw) > 2048 || !bytes.HasSuffix(stored.Raw, []byte("\r\n\r\n")) {
		t.Fatalf("stored %d bytes of the oversize message, want its header block only", len(stored.Raw))
	}
	for _, m := range r.messages("INBOX") {
		if !hasFlag(m, ProcessedKeyword) {
			t.Fatalf("message %d not marked: %v", m.UID, m.Flags)
		}
	}
}

// A message the desk refuses (here: received in a year the production calendar does not cover, so no deadline
// can be computed) goes to triage with the desk's reason; it does not hold back the rest of its batch, nor every
// later round.
func TestInboxMessageTheDeskRefusesGoesToTriage(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.deliverSamples(loadSamples(t)[:1])
	if err := r.imap.Deliver(generatedNotice(1, at("2031-03-03T09:00")), at("2031-03-03T09:05")); err != nil {
		t.Fatal(err)
	}
	if err := r.imap.Deliver(generatedNotice(2, at("2026-02-02T09:00")), at("2026-02-02T09:05")); err != nil {
		t.Fatal(err)
	}
	rep := r.once()
	if rep.NewCases != 2 || rep.Triaged != 1 || rep.Fetched != 3 {
		t.Fatalf("report %+v", rep)
	}
	items := r.triage()
	if len(items) != 1 || !strings.Contains(items[0].Reason, "не удалось обработать") || !strings.Contains(items[0].Subject, generatedNumber(1)) {
		t.Fatalf("triage %+v", items)
	}
	if st := r.syncState(); st.LastUID != 3 {
		t.Fatalf("position %+v", st)
	}
	if rep := r.once(); rep != (Report{}) {
		t.Fatalf("next round %+v", rep)
	}
}

// Charsets (REQUIREMENTS «Mail conventions»): windows-1251 and KOI8-R notices, headers and bodies, become cases.
func TestInboxLegacyCharsetNotices(t *testing.T) {
	r := newRig(t, rigOptions{})
	for i, cs := range []struct {
		name string
		enc  *charmap.Charmap
	}{{"windows-1251", charmap.Windows1251}, {"koi8-r", charmap.KOI8R}} {
		number := fmt.Sprintf("47000%02d", i)
		subject, err := cs.enc.NewEncoder().String("Сообщение из открытых источников, инцидент " + number)
		if err != nil {
			t.Fatal(err)
		}
		body, err := cs.enc.NewEncoder().String("Номер инцидента: " + number + "\r\nСоциальная сеть: Одноклассники\r\n" +
			"Ссылка на сообщение: https://ok.ru/group/1/topic/" + number + "\r\nАвтор: Галина Ершова\r\n" +
			"Территория: с. Уртам\r\n\r\nТекст сообщения:\r\nНет воды третий день.\r\n")
		if err != nil {
			t.Fatal(err)
		}
		raw := "From: monitoring@dip.tomsk.example\r\nTo: " + imapUser + "\r\n" +
			"Subject: =?" + cs.name + "?B?" + b64(subject) + "?=\r\n" +
			"Message-ID: <cs-" + number + "@dip.tomsk.example>\r\nMIME-Version: 1.0\r\n" +
			"Content-Type: text/plain; charset=" + cs.name + "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
		if err := r.imap.Deliver([]byte(raw), at("2026-01-13T10:22")); err != nil {
			t.Fatal(err)
		}
	}
	if rep := r.once(); rep.NewCases != 2 {
		t.Fatalf("report %+v; triage %+v", rep, r.triage())
	}
	for i := range 2 {
		c := r.caseOf(fmt.Sprintf("47000%02d", i))
		if c.Settlement != "Уртам" || c.Network != "ok" || !strings.Contains(c.NoticeSubject, "открытых источников") {
			t.Errorf("case %s: settlement %q network %q subject %q", c.ID, c.Settlement, c.Network, c.NoticeSubject)
		}
	}
}

// TLS is verified; clear text goes to loopback only.
func TestInboxConnectionSecurity(t *testing.T) {
	_, pool, err := loopback.TestCertificate()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		server   loopback.TLSMode
		security Security
		host     string
		roots    bool
		ok       bool
	}{
		{"implicit TLS, trusted", loopback.ImplicitTLS, SecurityTLS, "127.0.0.1", true, true},
		{"STARTTLS, trusted", loopback.STARTTLS, SecuritySTARTTLS, "127.0.0.1", true, true},
		{"implicit TLS, unknown authority", loopback.ImplicitTLS, SecurityTLS, "127.0.0.1", false, false},
		{"STARTTLS, unknown authority", loopback.STARTTLS, SecuritySTARTTLS, "127.0.0.1", false, false},
		{"clear text to loopback", loopback.PlainText, SecurityNone, "127.0.0.1", false, true},
		{"clear text to a remote name", loopback.PlainText, SecurityNone, "mail.example.ru", false, false},
		{"unknown security", loopback.PlainText, Security("ssl"), "127.0.0.1", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, rigOptions{noSMTP: true, imap: loopback.IMAPOptions{TLS: tc.server}, inbox: func(c *IMAPConfig) {
				c.Security, c.Host = tc.security, tc.host
				if tc.roots {
					c.RootCAs = pool
				}
			}})
			if tc.host != "127.0.0.1" {
				// Point the remote name nowhere: the refusal must come before any connection.
				r.inbox.cfg.Port = 1
			}
			r.deliverSamples(loadSamples(t)[:1])
			rep, err := r.inbox.Once(t.Context())
			if tc.ok != (err == nil) {
				t.Fatalf("Once: %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && rep.NewCases != 1 {
				t.Fatalf("report %+v", rep)
			}
			if !tc.ok && (rep.Err == "" || r.inbox.Status().LastError == "") {
				t.Fatalf("failure not recorded: report %+v status %+v", rep, r.inbox.Status())
			}
			if strings.HasSuffix(tc.name, "unknown authority") && !strings.Contains(err.Error(), "неизвестным центром сертификации") {
				t.Fatalf("unknown authority said as %q", err)
			}
			if tc.host == "mail.example.ru" && !errors.Is(err, ErrPlaintextToRemote) {
				t.Fatalf("error %v, want ErrPlaintextToRemote", err)
			}
		})
	}
}

// A wrong password or a server that is down is reported, not hidden (CLI: `sync --once` prints it).
func TestInboxReportsLoginAndConnectionFailures(t *testing.T) {
	r := newRig(t, rigOptions{noSMTP: true, inbox: func(c *IMAPConfig) { c.Password = "неверный" }})
	if _, err := r.inbox.Once(t.Context()); err == nil || !strings.Contains(err.Error(), "вход в почтовый ящик") {
		t.Fatalf("wrong password: %v", err)
	}
	r.inbox.cfg.Password = imapPass
	if _, err := r.inbox.Once(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st := r.inbox.Status(); st.LastError != "" || st.LastSync.IsZero() {
		t.Fatalf("status after success %+v", st)
	}
	_ = r.imap.Close()
	if _, err := r.inbox.Once(t.Context()); err == nil || !strings.Contains(r.inbox.Status().LastError, "нет связи") {
		t.Fatalf("server down: %v, status %+v", err, r.inbox.Status())
	}
	// Said in Russian for the status bar, with the network error kept underneath.
	if last := r.inbox.Status().LastError; !strings.Contains(last, "сервер не принимает соединения") || strings.Contains(last, "connection refused") {
		t.Fatalf("server down said as %q", last)
	}
}

// A mailbox of thousands of notices is taken in bounded batches, every notice exactly once, in well under a
// minute (BenchmarkIntake10k measures 10,000).
func TestInboxBulkMailbox(t *testing.T) {
	const n = 2000
	r := newRig(t, rigOptions{})
	for i := range n {
		if err := r.imap.Deliver(bulkNotice(i, at("2026-02-02T09:00")), at("2026-02-02T09:05")); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	rep := r.once()
	took := time.Since(start)
	if rep.Fetched != n || rep.NewCases != n {
		t.Fatalf("report %+v", rep)
	}
	r.census().eachOnce(t, n)
	t.Logf("%d notices in %v (%.0f/s)", n, took, n/took.Seconds())
	if took > 60*time.Second {
		t.Fatalf("intake of %d notices took %v", n, took)
	}
}

// runInbox starts Run and returns a stop that cancels it and waits for it to return nil.
func (r *rig) runInbox() (stop func()) {
	ctx, cancel := context.WithCancel(r.t.Context())
	done := make(chan error, 1)
	go func() { done <- r.inbox.Run(ctx) }()
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					r.t.Errorf("Run returned %v", err)
				}
			case <-time.After(10 * time.Second):
				r.t.Fatal("Run did not stop within 10 s of cancel")
			}
		})
	}
}

func waitFor(t testing.TB, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v", what, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
