package domain

import (
	"fmt"
	"time"
)

// RecoverOutbox runs once at start on the items a crash left "sending". One the sender had begun on (AttemptAt) may
// have reached the server: it is shown as "may have been sent" and waits for the coordinator instead of being
// re-sent or dropped. One it had not begun on goes back to the queue. It returns how many may have been sent.
func (d *Desk) RecoverOutbox() (int, error) {
	n := 0
	err := d.store.Update(func(tx Tx) error {
		var stuck []*OutboxItem
		if err := tx.OutboxItems(func(o *OutboxItem) error { stuck = append(stuck, o); return nil }, OutSending); err != nil {
			return err
		}
		for _, o := range stuck {
			if o.AttemptAt == nil {
				// Claimed, but the sender never began on it: nothing reached the server, it simply goes again.
				o.State, o.Attempts = OutQueued, max(0, o.Attempts-1)
				if err := tx.PutOutbox(o); err != nil {
					return err
				}
				if err := d.audit(tx, SystemActor, "mail_requeued", o.CaseID, o.Subject+": работа прервана до отправки, письмо снова в очереди", string(OutSending), string(OutQueued)); err != nil {
					return err
				}
				continue
			}
			o.State, o.LastError = OutUncertain, "работа прервана во время отправки: письмо могло быть отправлено"
			if err := tx.PutOutbox(o); err != nil {
				return err
			}
			if err := d.audit(tx, SystemActor, "mail_uncertain", o.CaseID, o.Subject, string(OutSending), string(OutUncertain)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// OutboxAttempt records, before the sender's first word to the server about a claimed item, that it is about to
// be sent: from here on a crash leaves it "may have been sent" (RecoverOutbox), before it the item is requeued.
func (d *Desk) OutboxAttempt(id string) error {
	now := d.Now()
	return d.store.Update(func(tx Tx) error {
		o, err := tx.Outbox(id)
		if err != nil {
			return err
		}
		if o.State != OutSending {
			return fmt.Errorf("письмо %s не в отправке (%s)", id, o.State)
		}
		o.AttemptAt = &now
		return tx.PutOutbox(o)
	})
}

// ClaimOutbox marks up to max due items "sending" and returns them; the sender reports each with OutboxDone.
func (d *Desk) ClaimOutbox(max int) ([]OutboxItem, error) {
	var out []OutboxItem
	now := d.Now()
	err := d.store.Update(func(tx Tx) error {
		out = nil
		var due []*OutboxItem
		err := tx.OutboxItems(func(o *OutboxItem) error {
			if len(due) < max && !o.NextAttempt.After(now) {
				due = append(due, o)
			}
			return nil
		}, OutQueued)
		if err != nil {
			return err
		}
		for _, o := range due {
			o.State, o.AttemptAt = OutSending, nil
			o.Attempts++
			if err := tx.PutOutbox(o); err != nil {
				return err
			}
			out = append(out, *o)
		}
		return nil
	})
	return out, err
}

// OutboxResult is what the SMTP server said about one item.
type OutboxResult struct {
	ID        string
	Err       error
	Temporary bool
	Reason    string // the server's own words
}

// Backoff is the wait before retry n (1-based) after a temporary error.
func Backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	if d > time.Hour {
		d = time.Hour
	}
	return d
}

// OutboxDone records the outcome of sending: sent, retry later (temporary), or failed with the server's reason.
func (d *Desk) OutboxDone(r OutboxResult) error {
	now := d.Now()
	return d.store.Update(func(tx Tx) error {
		o, err := tx.Outbox(r.ID)
		if err != nil {
			return err
		}
		before := o.State
		switch {
		case r.Err == nil:
			o.State, o.SentAt, o.LastError = OutSent, &now, ""
		case r.Temporary:
			o.State, o.NextAttempt, o.LastError = OutQueued, now.Add(Backoff(o.Attempts)), r.Reason
		default:
			o.State, o.LastError = OutFailed, r.Reason
		}
		if err := tx.PutOutbox(o); err != nil {
			return err
		}
		if o.TaskID > 0 && o.State != OutQueued {
			if err := d.taskMailOutcome(tx, o, now); err != nil {
				return err
			}
		}
		if o.State == OutQueued {
			return nil // retries are not news; the final outcome is audited
		}
		detail := fmt.Sprintf("%s → %v: %s", o.Kind, o.To, o.Subject)
		if o.State == OutFailed {
			detail += " — ошибка сервера: " + o.LastError
		}
		return d.audit(tx, SystemActor, "mail_out", o.CaseID, detail, string(before), string(o.State))
	})
}

func (d *Desk) taskMailOutcome(tx Tx, o *OutboxItem, now time.Time) error {
	c, err := tx.Case(o.CaseID)
	if err != nil {
		return err
	}
	t := c.Task(o.TaskID)
	if t == nil {
		return nil
	}
	switch {
	case o.State == OutSent && o.Kind == MailTask && t.Status == TaskQueued:
		t.Status, t.SentAt = TaskSent, &now
	case o.State == OutFailed && o.Kind == MailTask:
		t.Status, t.BounceReason = TaskBounced, o.LastError
	default:
		return nil
	}
	return tx.PutCase(c)
}

// RetryOutbox puts a failed or "may have been sent" item back in the queue: the coordinator's explicit decision.
func (d *Desk) RetryOutbox(login, id string) error {
	return d.run(login, ActWork, "повторить отправку", func(tx Tx, a Actor) error {
		o, err := tx.Outbox(id)
		if err != nil {
			return userErr("письмо %s не найдено в исходящих", id)
		}
		if o.State != OutFailed && o.State != OutUncertain {
			return refused("письмо %s в состоянии %s: повторять нечего", id, o.State)
		}
		before := o.State
		o.State, o.NextAttempt = OutQueued, d.Now()
		if err := tx.PutOutbox(o); err != nil {
			return err
		}
		return d.audit(tx, a, "mail_retry", o.CaseID, o.Subject, string(before), string(o.State))
	})
}

// OutboxView lists the outbox, newest first, for the status bar and the "sent mail" view.
func (d *Desk) OutboxView(login string, states ...OutboxState) ([]OutboxItem, error) {
	var out []OutboxItem
	err := d.View(login, func(tx Tx, a Actor) error {
		return tx.OutboxItems(func(o *OutboxItem) error { out = append(out, *o); return nil }, states...)
	})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// SendReport queues a report to the Head and the supervisor (П.16) with its files: the coordinator, an acting
// substitute or the administrator (for the scheduled sending) may; the supervisor reads reports but sends nothing.
func (d *Desk) SendReport(login, subject, text string, to []string, files []IncomingAttachment) error {
	err := d.store.Update(func(tx Tx) error {
		a, err := d.actor(tx, login, ActWork)
		if IsRefused(err) {
			if a2, err2 := d.actor(tx, login, ActAdminister); err2 == nil {
				a, err = a2, nil
			}
		}
		if err != nil {
			return err
		}
		if len(to) == 0 {
			return userErr("не указаны получатели отчёта")
		}
		atts, err := d.storeAttachments(tx, files)
		if err != nil {
			return err
		}
		o := &OutboxItem{Kind: MailReport, To: to, Subject: subject, Text: text + "\n\n" + d.signature(a), Attachments: atts}
		if err := d.queueMail(tx, a, o); err != nil {
			return err
		}
		return d.audit(tx, a, "report_sent", "", fmt.Sprintf("%s → %v", subject, to), "", "")
	})
	if IsRefused(err) {
		d.auditRefusal(login, "отправка отчёта", err)
	}
	return err
}

// ReportRecipients resolves settings [reports] shortcomings_to: "head", "supervisor" or addresses.
func (d *Desk) ReportRecipients(names []string) []string {
	p := d.Policy()
	var out []string
	for _, n := range names {
		switch n {
		case "head":
			out = append(out, p.HeadAddress)
		case "supervisor":
			out = append(out, p.SupervisorAddresses...)
		default:
			out = append(out, n)
		}
	}
	return out
}

// ScheduledReportSent reports whether the periodic report with this key (e.g. "shortcomings:2026-10") went out.
func (d *Desk) ScheduledReportSent(key string) bool {
	sent := false
	_ = d.store.View(func(tx Tx) error {
		_, err := tx.Setting("report_sent:" + key)
		sent = err == nil
		return nil
	})
	return sent
}

// SendScheduledReport queues the periodic report (settings [reports] shortcomings_every) once per key: the
// marker commits with the e-mail, so a restart never sends it twice.
func (d *Desk) SendScheduledReport(key, subject, text string, to []string, files []IncomingAttachment) (bool, error) {
	queued := false
	err := d.store.Update(func(tx Tx) error {
		if _, err := tx.Setting("report_sent:" + key); err == nil {
			return nil
		}
		if len(to) == 0 {
			return userErr("не указаны получатели отчёта")
		}
		atts, err := d.storeAttachments(tx, files)
		if err != nil {
			return err
		}
		o := &OutboxItem{Kind: MailReport, To: to, Subject: subject, Text: text, Attachments: atts,
			Headers: map[string]string{"Auto-Submitted": "auto-generated"}}
		if err := d.queueMail(tx, SystemActor, o); err != nil {
			return err
		}
		if err := tx.PutSetting("report_sent:"+key, []byte(d.Now().Format(time.RFC3339))); err != nil {
			return err
		}
		queued = true
		return d.audit(tx, SystemActor, "report_sent", "", fmt.Sprintf("по расписанию: %s → %v", subject, to), "", "")
	})
	return queued, err
}
