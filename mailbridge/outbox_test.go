package mailbridge

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"otklik/domain"
	"otklik/mailbridge/loopback"
	"otklik/mailbridge/parse"
)

// dispatched takes the samples in and dispatches the first n cases to the executor: n task mails queued.
func (r *rig) dispatched(n int, to string) []*domain.Case {
	r.t.Helper()
	samples := loadSamples(r.t)
	r.deliverSamples(samples[:n])
	r.once()
	var out []*domain.Case
	for _, s := range samples[:n] {
		c, err := r.desk.Dispatch(coordLogin, string(r.caseOf(s.IncidentIDs[0]).ID), domain.DispatchRequest{To: []string{to}})
		if err != nil {
			r.t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func readMail(t testing.TB, raw []byte) *parse.Message {
	t.Helper()
	m, err := parse.Read(bytes.NewReader(raw), parse.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// П.6: the task mails of a claim go out over one connection, each with the Message-ID the desk stored before
// sending (replies are matched by it), and the tasks become "sent".
func TestOutboxSendsAClaimOverOneConnection(t *testing.T) {
	r := newRig(t, rigOptions{})
	cases := r.dispatched(3, "zam-zhkh")
	sent, failed := r.send()
	if sent != 3 || failed != 0 {
		t.Fatalf("sent %d failed %d", sent, failed)
	}
	got := r.smtp.Received()
	if len(got) != 3 {
		t.Fatalf("server got %d messages", len(got))
	}
	for i, env := range got {
		if env.Conn != got[0].Conn {
			t.Fatalf("message %d on connection %d, the first on %d: one claim is one connection", i, env.Conn, got[0].Conn)
		}
		if len(env.To) != 1 || env.To[0] != zhkhEmail || env.From != imapUser {
			t.Fatalf("envelope %s → %v", env.From, env.To)
		}
		c := r.caseByID(cases[i].ID)
		task := c.Tasks[0]
		if task.Status != domain.TaskSent || task.SentAt == nil {
			t.Fatalf("task %+v after sending", task)
		}
		m := readMail(t, env.Data)
		if m.MessageID != task.MessageIDs[0] || !strings.Contains(m.Subject, "["+string(c.ID)+"]") {
			t.Fatalf("sent Message-ID %q subject %q, stored %q for %s", m.MessageID, m.Subject, task.MessageIDs[0], c.ID)
		}
		if len(m.ReplyTo) != 1 || m.ReplyTo[0].Email != imapUser {
			t.Fatalf("Reply-To %+v", m.ReplyTo)
		}
	}
	st := r.outbox.Status()
	if st.LastChange.IsZero() {
		t.Fatal("a drain that sent e-mails left LastChange unset")
	}
	if st.LastChange = (time.Time{}); st != (OutboxStatus{}) {
		t.Fatalf("status after a clean drain %+v", st)
	}
	if sent, failed := r.send(); sent+failed != 0 {
		t.Fatalf("second drain sent %d failed %d", sent, failed)
	}
}

// A temporary refusal (4xx) is retried after the desk's backoff, not before; then the mail goes out once.
func TestOutboxRetriesTemporaryRefusalAfterBackoff(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.dispatched(1, "zam-zhkh")
	r.smtp.Refuse(1, 451, [3]int{4, 3, 0}, "Greylisted, try again later")
	if sent, failed := r.send(); sent != 0 || failed != 1 {
		t.Fatalf("first attempt: sent %d failed %d", sent, failed)
	}
	items := r.outboxItems(domain.OutQueued)
	if len(items) != 1 || !strings.Contains(items[0].LastError, "451") || !items[0].NextAttempt.After(r.clock.Now()) {
		t.Fatalf("after a 451: %+v", items)
	}
	if st := r.outbox.Status(); st.Waiting != 1 || st.Failed != 0 {
		t.Fatalf("status %+v", st)
	}
	if sent, failed := r.send(); sent+failed != 0 {
		t.Fatalf("retried before the backoff: sent %d failed %d", sent, failed)
	}
	r.clock.Add(domain.Backoff(1) + time.Second)
	if sent, failed := r.send(); sent != 1 || failed != 0 {
		t.Fatalf("retry: sent %d failed %d", sent, failed)
	}
	if got := len(r.smtp.Received()); got != 1 {
		t.Fatalf("server kept %d messages, want exactly one", got)
	}
	if c := r.caseOf("4512937"); c.Tasks[0].Status != domain.TaskSent {
		t.Fatalf("task %s", c.Tasks[0].Status)
	}
}

// A permanent refusal (5xx) fails the item with the server's own words and marks the task not delivered.
func TestOutboxPermanentRefusalFailsTheTask(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.dispatched(1, "zam-zhkh")
	r.smtp.RefuseRecipients(1, 550, [3]int{5, 1, 1}, "No such user here")
	if sent, failed := r.send(); sent != 0 || failed != 1 {
		t.Fatalf("sent %d failed %d", sent, failed)
	}
	task := r.caseOf("4512937").Tasks[0]
	if task.Status != domain.TaskBounced || !strings.Contains(task.BounceReason, "550 5.1.1 No such user here") {
		t.Fatalf("task %+v", task)
	}
	st := r.outbox.Status()
	if st.Failed != 1 || !strings.Contains(st.LastError, "550") {
		t.Fatalf("status %+v", st)
	}
	r.clock.Add(24 * time.Hour)
	if sent, failed := r.send(); sent+failed != 0 {
		t.Fatalf("a refused mail was tried again: sent %d failed %d", sent, failed)
	}
}

// A server that cannot be reached postpones every claimed item (temporary), loses none, and says why.
func TestOutboxServerDownPostponesTheClaim(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.dispatched(2, "zam-zhkh")
	_ = r.smtp.Close()
	sent, failed, err := r.outbox.Once(t.Context())
	if err == nil || sent != 0 || failed != 2 {
		t.Fatalf("Once with the server down: sent %d failed %d err %v", sent, failed, err)
	}
	queued := r.outboxItems(domain.OutQueued)
	if len(queued) != 2 {
		t.Fatalf("%d items queued after the failure, want 2", len(queued))
	}
	for _, it := range queued {
		if !it.NextAttempt.After(r.clock.Now()) || it.LastError == "" {
			t.Fatalf("item %+v not postponed with a reason", it)
		}
	}
	if st := r.outbox.Status(); st.Waiting != 2 || st.LastError == "" {
		t.Fatalf("status %+v", st)
	}
}

// The connection broke after the whole message and before the server's answer: the mail may have gone, so it is
// shown as "may have been sent" and never re-sent on its own (ARCHITECTURE «Mail»).
func TestOutboxMayHaveBeenSentIsNotResent(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.dispatched(1, "zam-zhkh")
	r.smtp.OnMessage(func(loopback.Envelope) { r.smtp.DropConnections() })
	if _, failed, _ := r.outbox.Once(t.Context()); failed != 1 {
		t.Fatalf("failed %d, want 1", failed)
	}
	r.smtp.OnMessage(nil)
	items := r.outboxItems(domain.OutUncertain)
	if len(items) != 1 {
		t.Fatalf("uncertain items %+v; all %+v", items, r.outboxItems())
	}
	if st := r.outbox.Status(); st.Uncertain != 1 || st.Waiting != 0 {
		t.Fatalf("status %+v", st)
	}
	r.clock.Add(2 * time.Hour)
	if sent, failed := r.send(); sent+failed != 0 {
		t.Fatalf("re-sent on its own: sent %d failed %d", sent, failed)
	}
	if got := len(r.smtp.Received()); got != 1 {
		t.Fatalf("server holds %d copies", got)
	}
	// The coordinator's explicit decision sends it again.
	if err := r.desk.RetryOutbox(coordLogin, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if sent, _ := r.send(); sent != 1 {
		t.Fatalf("sent %d after the coordinator's retry", sent)
	}
}

// Items a crash left "sending" are recovered once at start: one the sender had begun on as "may have been sent",
// never sent again on its own; one it had not begun on goes back to the queue and is sent.
func TestOutboxRecoversInterruptedSendsAtStart(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.dispatched(2, "zam-zhkh")
	claimed, err := r.desk.ClaimOutbox(10)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claim %v %v", claimed, err)
	}
	// The crash came after the sender began on the first and before it reached the second.
	if err := r.desk.OutboxAttempt(claimed[0].ID); err != nil {
		t.Fatal(err)
	}
	// A new process: a new Outbox over the same desk.
	r.outbox = NewOutbox(r.outbox.sender, r.desk, r.db, r.logs.logf)
	if sent, failed := r.send(); sent != 1 || failed != 0 {
		t.Fatalf("sent %d failed %d, want the one never begun on sent", sent, failed)
	}
	uncertain := r.outboxItems(domain.OutUncertain)
	if len(uncertain) != 1 || uncertain[0].ID != claimed[0].ID {
		t.Fatalf("uncertain %+v, want the one begun on", uncertain)
	}
	got := r.smtp.Received()
	if len(got) != 1 || !strings.Contains(string(got[0].Data), claimed[1].MessageID) {
		t.Fatalf("server got %d e-mails, want only the one never begun on", len(got))
	}
}

// runOutbox starts Run and returns a stop that cancels it and checks it returned nil.
func (r *rig) runOutbox() (stop func()) {
	ctx, cancel := context.WithCancel(r.t.Context())
	done := make(chan error, 1)
	go func() { done <- r.outbox.Run(ctx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			r.t.Errorf("Run: %v", err)
		}
	}
}

// Run sends as soon as it is kicked: a use case that queued mail need not wait for the next drain.
func TestOutboxRunSendsOnKick(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.outbox.interval, r.outbox.tick = time.Hour, time.Hour
	drained := make(chan struct{}, 10)
	r.outbox.afterDrain = func() { drained <- struct{}{} }
	stop := r.runOutbox()
	defer stop()
	<-drained // the drain at start
	r.dispatched(1, "zam-zhkh")
	time.Sleep(100 * time.Millisecond)
	if got := len(r.smtp.Received()); got != 0 {
		t.Fatalf("sent %d before the kick", got)
	}
	r.outbox.Kick()
	if _, err := r.smtp.WaitFor(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
}

// П.8: Run's ticker runs the deadline checks; a reminder goes out in the task's thread an hour of working time
// before the drafts are due, marked as automatic.
func TestOutboxRunRemindsOnTick(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.outbox.interval, r.outbox.tick = time.Hour, 20*time.Millisecond
	cases := r.dispatched(1, "zam-zhkh")
	stop := r.runOutbox()
	defer stop()
	if _, err := r.smtp.WaitFor(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	// Drafts are due 13.01 16:22; at 15:30 less than an hour of working time is left.
	r.clock.Add(at("2026-01-13T15:30").Sub(r.clock.Now()))
	got, err := r.smtp.WaitFor(2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	m := readMail(t, got[1].Data)
	task := r.caseByID(cases[0].ID).Tasks[0]
	if !strings.Contains(m.Subject, "Напоминание") || len(m.InReplyTo) != 1 || m.InReplyTo[0] != task.MessageIDs[0] {
		t.Fatalf("second mail %q in reply to %v, want a reminder to %s", m.Subject, m.InReplyTo, task.MessageIDs[0])
	}
	if m.AutoSubmitted != "auto-generated" {
		t.Fatalf("reminder Auto-Submitted %q", m.AutoSubmitted)
	}
}

// The window reloads its cases when the workers changed the desk, not after every quiet round: LastChange moves
// when a round takes mail in or a drain records an e-mail's outcome, and stays put otherwise.
func TestLastChangeMovesOnlyWithChanges(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.once()
	if ch := r.inbox.Status().LastChange; !ch.IsZero() {
		t.Fatalf("an empty mailbox changed the desk at %v", ch)
	}
	r.dispatched(1, "zam-zhkh") // a round that takes a notice in
	inChange := r.inbox.Status().LastChange
	if inChange.IsZero() {
		t.Fatal("a round that took mail in left LastChange unset")
	}
	if r.once(); !r.inbox.Status().LastChange.Equal(inChange) {
		t.Fatal("a quiet round moved LastChange")
	}
	if r.send(); r.outbox.Status().LastChange.IsZero() {
		t.Fatal("a drain that sent the task e-mail left LastChange unset")
	}
	outChange := r.outbox.Status().LastChange
	if r.send(); !r.outbox.Status().LastChange.Equal(outChange) {
		t.Fatal("a drain with nothing to send moved LastChange")
	}
}
