package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ingestReply ties an executor's mail to a task (П.8): by our Message-IDs, then the case tag in the subject, then
// the sender's only open task (needs confirmation). The sender is always checked against the task's executor.
func (d *Desk) ingestReply(tx Tx, m *Incoming, mailID string, res *IngestResult) error {
	switch m.Kind {
	case MailBounce:
		return d.ingestBounce(tx, m, mailID, res)
	case MailAutoReply:
		return d.ingestAutoReply(tx, m, mailID, res)
	}
	c, task, confirm, reason, err := d.matchTask(tx, m)
	if err != nil {
		return err
	}
	if task == nil {
		return d.replyToTriage(tx, m, mailID, reason, res)
	}
	if err := d.recordDraft(tx, c, task, m, mailID, confirm); err != nil {
		return err
	}
	res.Drafts = append(res.Drafts, c.ID)
	return nil
}

func sameAddress(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

func (d *Desk) matchTask(tx Tx, m *Incoming) (c *Case, task *Task, needsConfirmation bool, reason string, err error) {
	if r, ok := threadCase(tx, m, MailTask, MailRework, MailReminder, MailFinalNotice); ok && r.TaskID > 0 {
		c, err = tx.Case(r.CaseID)
		if err != nil {
			return nil, nil, false, "", err
		}
		if t := c.Task(r.TaskID); t != nil {
			if !sameAddress(t.Email, m.From) {
				// Another address answering in the thread: the same executor's other task on this case may match.
				if o := c.TaskByEmail(m.From); o != nil {
					return c, o, false, "", nil
				}
				return nil, nil, false, fmt.Sprintf("ответ в переписке по %s, но отправитель %s не исполнитель поручения (%s)", c.ID, m.From, t.Email), nil
			}
			return c, t, false, "", nil
		}
	}
	for _, tag := range m.Tags {
		cc, err := tx.Case(tag)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, nil, false, "", err
		}
		if t := cc.TaskByEmail(m.From); t != nil {
			return cc, t, false, "", nil
		}
		return nil, nil, false, fmt.Sprintf("в теме указано %s, но у отправителя %s нет поручения по нему", tag, m.From), nil
	}
	// The sender's only open task: recorded, but the coordinator must confirm the match.
	var only *Case
	var onlyTask int
	count := 0
	err = tx.Cases(func(cc *Case) error {
		for _, t := range cc.Tasks {
			if t.Open() && sameAddress(t.Email, m.From) {
				count++
				only, onlyTask = cc, t.ID
			}
		}
		return nil
	}, StatusDispatched, StatusDraftsReceived, StatusInterimSent)
	if err != nil {
		return nil, nil, false, "", err
	}
	switch {
	case count == 1:
		return only, only.Task(onlyTask), true, "", nil
	case count > 1:
		return nil, nil, false, fmt.Sprintf("у отправителя %s несколько открытых поручений, письмо не удалось привязать", m.From), nil
	}
	return nil, nil, false, fmt.Sprintf("письмо от %s не связано ни с одним поручением", m.From), nil
}

func (d *Desk) recordDraft(tx Tx, c *Case, t *Task, m *Incoming, mailID string, confirm bool) error {
	atts, err := d.storeAttachments(tx, m.Attachments)
	if err != nil {
		return err
	}
	reply := ReplyBody{Text: m.Text, QuotedStripped: m.QuotedStripped, Attachments: atts}
	return d.addDraft(tx, c, t, m.InternalDate, reply, mailID, confirm)
}

// addDraft records an executor's reply, its files already stored, as her draft on task t.
func (d *Desk) addDraft(tx Tx, c *Case, t *Task, received time.Time, r ReplyBody, mailID string, confirm bool) error {
	now := received.In(d.Policy().Location)
	kind := KindInterim
	if c.Status == StatusInterimSent || t.Final {
		kind = KindFinal
	}
	id := 1 // drafts can leave a case (DetachDraft): the next number follows the highest, not the count
	for _, o := range c.Drafts {
		id = max(id, o.ID+1)
	}
	dr := Draft{ID: id, TaskID: t.ID, Executor: t.Executor, At: now, Kind: kind, Text: r.Text,
		FullText: r.Text, Attachments: r.Attachments, MailID: mailID, NeedsConfirmation: confirm}
	if r.QuotedStripped != "" {
		dr.Text = r.QuotedStripped
	}
	c.Drafts = append(c.Drafts, dr)
	before := t.Status
	t.Status, t.DraftAt, t.NeedsConfirmation = TaskDraftReceived, &now, confirm
	// A real draft after an out-of-office reply: she is back, and the dispatch dialog stops saying she is away.
	t.ExecutorAway = false
	if e, err := tx.Executor(t.Executor); err == nil && e.AwayNoted != nil && !e.AwayNoted.After(now) {
		e.AwayNoted = nil
		if err := tx.PutExecutor(e); err != nil {
			return err
		}
	}
	caseBefore := c.Status
	if c.Status == StatusDispatched || c.Status == StatusNew {
		c.Status = StatusDraftsReceived
	}
	if c.Sequential {
		if err := d.advanceSequence(tx, c, t); err != nil {
			return err
		}
	}
	if err := tx.PutCase(c); err != nil {
		return err
	}
	detail := fmt.Sprintf("проект ответа от %s", t.Name)
	if confirm {
		detail += " (привязан по отправителю — требует подтверждения)"
	}
	if err := d.audit(tx, SystemActor, "draft_in", c.ID, detail, string(before), string(t.Status)); err != nil {
		return err
	}
	if caseBefore != c.Status {
		// The detail is what the case's history shows; a file from before this line has none (ui names it then).
		return d.audit(tx, SystemActor, "status", c.ID, "состояние: получены проекты ответа", string(caseBefore), string(c.Status))
	}
	return nil
}

// advanceSequence gives the next executor in a sequential dispatch her task, with the earlier parts (П.11).
func (d *Desk) advanceSequence(tx Tx, c *Case, done *Task) error {
	for i := range c.Tasks {
		t := &c.Tasks[i]
		if t.Status != TaskPending {
			continue
		}
		var earlier strings.Builder
		var files []Attachment
		for _, dr := range c.Drafts {
			if !dr.Returned {
				if et := c.Task(dr.TaskID); et != nil {
					fmt.Fprintf(&earlier, "— %s:\n%s\n\n", et.Name, dr.Text)
					files = append(files, dr.Attachments...)
				}
			}
		}
		return d.queueTaskMail(tx, SystemActor, c, t, "", earlier.String(), files)
	}
	return nil
}

func (d *Desk) ingestBounce(tx Tx, m *Incoming, mailID string, res *IngestResult) error {
	ids := append([]string{m.BounceMessageID}, append(m.InReplyTo, m.References...)...)
	for _, id := range ids {
		r, err := tx.Ref(strings.Trim(id, "<> "))
		if err != nil || r.TaskID == 0 {
			continue
		}
		c, err := tx.Case(r.CaseID)
		if err != nil {
			return err
		}
		t := c.Task(r.TaskID)
		if t == nil {
			continue
		}
		before := t.Status
		t.Status, t.BounceReason = TaskBounced, excerpt(m.Text, 300)
		if err := tx.PutCase(c); err != nil {
			return err
		}
		return d.audit(tx, SystemActor, "task_bounced", c.ID, fmt.Sprintf("поручение не доставлено: %s", t.Email), string(before), string(t.Status))
	}
	return d.toTriage(tx, m, mailID, "уведомление о недоставке, не связанное с нашими письмами", res)
}

func (d *Desk) ingestAutoReply(tx Tx, m *Incoming, mailID string, res *IngestResult) error {
	c, t, _, _, err := d.matchTask(tx, m)
	if err != nil {
		return err
	}
	if t == nil {
		return d.toTriage(tx, m, mailID, "автоответ, не связанный с поручением", res)
	}
	t.ExecutorAway = true
	if err := tx.PutCase(c); err != nil {
		return err
	}
	if e, err := tx.Executor(t.Executor); err == nil {
		now := m.InternalDate
		e.AwayNoted = &now
		if err := tx.PutExecutor(e); err != nil {
			return err
		}
	}
	return d.audit(tx, SystemActor, "executor_away", c.ID, fmt.Sprintf("автоответ от %s: %s", t.Email, m.Subject), "", "")
}

// ConfirmDraft confirms that a draft matched only by its sender's address (П.8: the sender's only open task) is
// indeed that executor's answer to this case.
func (d *Desk) ConfirmDraft(login, ref, executor string) (*Case, error) {
	var out *Case
	err := d.run(login, ActWork, "подтвердить привязку проекта", func(tx Tx, a Actor) error {
		c, t, err := d.unconfirmedDraft(tx, ref, executor)
		if err != nil {
			return err
		}
		t.NeedsConfirmation = false
		for i := range c.Drafts {
			if c.Drafts[i].TaskID == t.ID {
				c.Drafts[i].NeedsConfirmation = false
			}
		}
		if err := tx.PutCase(c); err != nil {
			return err
		}
		out = c
		return d.audit(tx, a, "draft_confirmed", c.ID, "привязка проекта ответа от "+t.Name+" подтверждена", "", "")
	})
	return out, err
}

// DetachDraft undoes a match by sender only that was wrong: the draft leaves the case, the task waits again, and
// the mail goes to triage with its text and files, to be attached where it belongs (TriageAttach).
func (d *Desk) DetachDraft(login, ref, executor string) (*Case, error) {
	var out *Case
	err := d.run(login, ActWork, "отвязать проект", func(tx Tx, a Actor) error {
		c, t, err := d.unconfirmedDraft(tx, ref, executor)
		if err != nil {
			return err
		}
		var kept []Draft
		var moved []Draft
		for _, dr := range c.Drafts {
			if dr.TaskID == t.ID && dr.NeedsConfirmation && !dr.Returned {
				moved = append(moved, dr)
			} else {
				kept = append(kept, dr)
			}
		}
		c.Drafts = kept
		t.Status, t.DraftAt, t.NeedsConfirmation = TaskSent, nil, false
		c.draftLeft()
		for _, dr := range moved {
			subject := "проект ответа от " + t.Name
			if m, err := tx.Mail(dr.MailID); err == nil {
				subject = m.Subject
			}
			item := &TriageItem{MailID: dr.MailID, ReceivedAt: dr.At, From: t.Email, Subject: subject,
				Reason: "координатор отвязал письмо от поручения по " + string(c.ID), Excerpt: excerpt(dr.FullText, 400),
				State: "open", Reply: &ReplyBody{Text: dr.FullText, QuotedStripped: dr.Text, Attachments: dr.Attachments}}
			if err := tx.PutTriage(item); err != nil {
				return err
			}
		}
		if err := tx.PutCase(c); err != nil {
			return err
		}
		out = c
		return d.audit(tx, a, "draft_detached", c.ID, "проект ответа от "+t.Name+" отвязан и передан в разбор почты",
			string(TaskDraftReceived), string(TaskSent))
	})
	return out, err
}

// unconfirmedDraft finds the executor's task on the case whose draft still needs confirmation.
func (d *Desk) unconfirmedDraft(tx Tx, ref, executor string) (*Case, *Task, error) {
	c, err := d.FindCase(tx, ref)
	if err != nil {
		return nil, nil, err
	}
	for i := range c.Tasks {
		t := &c.Tasks[i]
		if t.isFor(executor) && t.NeedsConfirmation && t.Status == TaskDraftReceived {
			return c, t, nil
		}
	}
	return nil, nil, refused("у исполнителя %s нет проекта ответа по %s, ждущего подтверждения привязки", executor, c.ID)
}
