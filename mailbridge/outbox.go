package mailbridge

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"otklik/domain"
)

// OutboxStatus is what the window shows about outgoing mail.
type OutboxStatus struct {
	Waiting   int // queued, waiting for a retry, or in flight
	Failed    int // refused for good: the coordinator decides
	Uncertain int // may have been sent (the connection broke before the server's answer): never re-sent silently
	LastError string
	// LastChange is when the worker last changed the desk (an e-mail's outcome recorded, reminders or overdue
	// notices queued): the window reloads its cases then.
	LastChange time.Time
}

// Outbox tuning: a batch is one SMTP connection; the drain and the deadline checks run on their own clocks.
const (
	outboxBatch    = 20
	outboxInterval = 5 * time.Second
	tickInterval   = 30 * time.Second
	// maxDrainRounds bounds one drain: every claimed item leaves the queue (sent, failed, or a retry scheduled in
	// the future), so this only guards against a clock that does not move.
	maxDrainRounds = 1000
)

// Outbox sends the desk's queued e-mails: it claims due items, sends each claim over one SMTP connection, and
// reports every outcome back to the desk, which decides about retries (temporary errors only, with backoff).
type Outbox struct {
	sender *Sender
	desk   *domain.Desk
	store  domain.Store
	logf   func(format string, args ...any)

	kick      chan struct{}
	drainMu   sync.Mutex // one drain at a time: Run and Once share the claims
	recovered sync.Once

	mu         sync.Mutex
	status     OutboxStatus
	lastChange time.Time // kept apart from status, which refreshStatus rebuilds

	interval time.Duration
	tick     time.Duration
	// afterDrain, in tests, is told when Run has finished a drain.
	afterDrain func()
}

// NewOutbox prepares the outbox worker; logf may be nil.
func NewOutbox(sender *Sender, desk *domain.Desk, store domain.Store, logf func(format string, args ...any)) *Outbox {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	return &Outbox{sender: sender, desk: desk, store: store, logf: logf, kick: make(chan struct{}, 1),
		interval: outboxInterval, tick: tickInterval}
}

// Kick asks the running worker to send now (a use case has just queued mail).
func (o *Outbox) Kick() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Status is the state of the outbox for the window; safe from any goroutine.
func (o *Outbox) Status() OutboxStatus {
	o.mu.Lock()
	defer o.mu.Unlock()
	st := o.status
	st.LastChange = o.lastChange
	return st
}

// changed notes that the desk was changed now (Status().LastChange).
func (o *Outbox) changed() {
	o.mu.Lock()
	o.lastChange = time.Now()
	o.mu.Unlock()
}

// Run sends until ctx ends: every few seconds, at once after Kick, and runs the deadline checks (reminders,
// overdue notices, handovers) every 30 seconds. It returns nil when ctx is cancelled.
func (o *Outbox) Run(ctx context.Context) error {
	ticker := time.NewTicker(o.tick)
	defer ticker.Stop()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
			reminders, overdue, err := o.desk.Tick()
			if err != nil {
				o.logf("проверка сроков: %v", err)
			}
			if reminders+overdue > 0 {
				o.changed()
			}
		case <-o.kick:
		case <-timer.C:
		}
		if _, _, err := o.Once(ctx); err != nil && ctx.Err() == nil {
			o.logf("исходящая почта: %v", err)
		}
		if o.afterDrain != nil {
			o.afterDrain()
		}
		timer.Reset(o.interval)
	}
}

// Once sends everything due now and returns how many e-mails were accepted and how many were not (refused,
// postponed after a temporary error, or possibly sent). err is a failure to reach the server or a broken
// connection: the claimed items are then postponed, never lost.
func (o *Outbox) Once(ctx context.Context) (sent, failed int, err error) {
	o.drainMu.Lock()
	defer o.drainMu.Unlock()
	o.recovered.Do(func() {
		// Items left "sending" by a crash may have reached the server: they wait for the coordinator.
		if n, err := o.desk.RecoverOutbox(); err != nil {
			o.logf("исходящая почта: восстановление после сбоя: %v", err)
		} else if n > 0 {
			o.logf("исходящая почта: %d писем могли быть отправлены до сбоя — ждут решения координатора", n)
		}
	})
	defer o.refreshStatus(&err)
	defer func() {
		if sent+failed > 0 {
			o.changed()
		}
	}()
	for range maxDrainRounds {
		if ctx.Err() != nil {
			return sent, failed, ctx.Err()
		}
		due, err := o.anyDue()
		if err != nil || !due {
			return sent, failed, err
		}
		items, err := o.desk.ClaimOutbox(outboxBatch)
		if err != nil {
			return sent, failed, fmt.Errorf("исходящая почта: %w", err)
		}
		if len(items) == 0 {
			return sent, failed, nil
		}
		crashpoint("outbox:after-claim")
		s, f, err := o.sendClaimed(ctx, items)
		sent, failed = sent+s, failed+f
		if err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

// anyDue looks before claiming: a claim is a write transaction (an fsync), a look is not.
func (o *Outbox) anyDue() (bool, error) {
	now := o.desk.Now()
	due := false
	err := o.store.View(func(tx domain.Tx) error {
		return tx.OutboxItems(func(it *domain.OutboxItem) error {
			if !it.NextAttempt.After(now) {
				due = true
			}
			return nil
		}, domain.OutQueued)
	})
	return due, err
}

// sendClaimed sends one claim over one connection and reports each item to the desk exactly once.
func (o *Outbox) sendClaimed(ctx context.Context, items []domain.OutboxItem) (sent, failed int, err error) {
	batch := make([]Outgoing, 0, len(items))
	index := make([]int, 0, len(items)) // batch position → items position
	reported := make([]bool, len(items))
	uncertain := false
	report := func(i int, sendErr error) {
		reported[i] = true
		res := domain.OutboxResult{ID: items[i].ID}
		if sendErr != nil {
			failed++
			var de *DeliveryError
			if errors.As(sendErr, &de) && de.MayHaveBeenSent {
				// Left "sending" on purpose: RecoverOutbox below turns it into "may have been sent".
				uncertain = true
				o.logf("исходящая почта: %v", sendErr)
				return
			}
			res.Err, res.Temporary, res.Reason = sendErr, IsTemporary(sendErr), ServerReason(sendErr)
		} else {
			sent++
			crashpoint("outbox:after-data")
		}
		if err := o.desk.OutboxDone(res); err != nil {
			o.logf("исходящая почта: итог письма %s не записан: %v", items[i].ID, err)
		}
		crashpoint("outbox:after-done")
	}
	for i := range items {
		out, err := o.outgoing(&items[i])
		if err != nil {
			report(i, err) // not temporary: a missing attachment will not come back by waiting
			continue
		}
		batch = append(batch, out)
		index = append(index, i)
	}
	var sendErr error
	if len(batch) > 0 {
		crashpoint("outbox:before-data")
		attempt := func(j int) error { return o.desk.OutboxAttempt(items[index[j]].ID) }
		sendErr = o.sender.SendBatchMarked(ctx, batch, attempt, func(j int, err error) { report(index[j], err) })
	}
	for i := range items {
		if !reported[i] {
			// Not attempted: the connection failed or broke before it. A temporary error by construction.
			cause := sendErr
			if cause == nil {
				cause = errors.New("письмо не было отправлено")
			}
			failed++
			res := domain.OutboxResult{ID: items[i].ID, Err: cause, Temporary: true, Reason: ServerReason(cause)}
			if err := o.desk.OutboxDone(res); err != nil {
				o.logf("исходящая почта: итог письма %s не записан: %v", items[i].ID, err)
			}
		}
	}
	if uncertain {
		// Every other item of this claim has its outcome by now, so only the possibly sent ones are still
		// "sending"; the desk shows them as "may have been sent" and never re-sends them on its own.
		if _, err := o.desk.RecoverOutbox(); err != nil {
			o.logf("исходящая почта: %v", err)
		}
	}
	return sent, failed, sendErr
}

// outgoing maps a queued item to what the sender takes, with its attachments read from the store.
func (o *Outbox) outgoing(it *domain.OutboxItem) (Outgoing, error) {
	out := Outgoing{
		MessageID: it.MessageID, FromName: it.FromName, FromAddress: o.desk.Policy().MailboxAddress,
		To: it.To, Cc: it.Cc, ReplyTo: it.ReplyTo, Subject: it.Subject, InReplyTo: it.InReplyTo,
		References: it.References, Headers: it.Headers, Text: it.Text, Date: o.desk.Now(),
	}
	if len(it.Attachments) == 0 {
		return out, nil
	}
	err := o.store.View(func(tx domain.Tx) error {
		for _, a := range it.Attachments {
			data, err := tx.Blob(a.BlobID)
			if err != nil {
				return fmt.Errorf("вложение %q не найдено в хранилище: %w", a.Name, err)
			}
			out.Attachments = append(out.Attachments, OutAttachment{Name: a.Name, ContentType: a.ContentType, Data: data})
		}
		return nil
	})
	return out, err
}

// refreshStatus recounts the outbox after a drain; err is the drain's outcome.
func (o *Outbox) refreshStatus(err *error) {
	var st OutboxStatus
	_ = o.store.View(func(tx domain.Tx) error {
		return tx.OutboxItems(func(it *domain.OutboxItem) error {
			switch it.State {
			case domain.OutQueued, domain.OutSending:
				st.Waiting++
			case domain.OutFailed:
				st.Failed++
				st.LastError = it.LastError
			case domain.OutUncertain:
				st.Uncertain++
			}
			return nil
		}, domain.OutQueued, domain.OutSending, domain.OutFailed, domain.OutUncertain)
	})
	if *err != nil && !errors.Is(*err, context.Canceled) {
		st.LastError = (*err).Error()
	}
	o.mu.Lock()
	o.status = st
	o.mu.Unlock()
}
