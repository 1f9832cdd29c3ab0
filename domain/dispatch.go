package domain

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// DispatchRequest is the coordinator's choice of executors (П.6, П.11).
type DispatchRequest struct {
	To         []string // executor logins or e-mail addresses
	Sequential bool
	Lead       string
	Note       string
}

// Dispatch sends the case to executors: tasks and their e-mails commit together.
func (d *Desk) Dispatch(login, ref string, req DispatchRequest) (*Case, error) {
	var out *Case
	err := d.run(login, ActWork, "направить исполнителям", func(tx Tx, a Actor) error {
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		switch c.Status {
		case StatusNew, StatusDispatched, StatusDraftsReceived, StatusInterimSent:
		default:
			return refused("сообщение %s в состоянии %s: направить исполнителям нельзя", c.ID, c.Status)
		}
		if len(req.To) == 0 {
			// П.12: a confirmed repeat goes by default to the earlier case's executors.
			req.To = d.RepeatExecutors(tx, c)
		}
		if len(req.To) == 0 {
			return badRequest("не указаны исполнители: без них направляется только подтверждённое повторное сообщение")
		}
		seen := map[string]bool{}
		var added []int // indices into c.Tasks: appending may move the slice, so no pointers are kept
		hasLead := c.Lead() != nil
		final := c.Status == StatusInterimSent
		due := c.DraftsDue
		if final && c.FinalDraftsDue != nil {
			due = *c.FinalDraftsDue
		}
		sequenceBusy := false
		for _, t := range c.Tasks {
			if t.Open() && t.Status != TaskPending {
				sequenceBusy = true
			}
		}
		for _, who := range req.To {
			who = strings.TrimSpace(who)
			if who == "" {
				continue
			}
			e, err := resolveExecutor(tx, who)
			if err != nil {
				return err
			}
			key := strings.ToLower(e.Email)
			if seen[key] || c.OpenTaskFor(e.Login) != nil {
				continue
			}
			seen[key] = true
			t := Task{ID: len(c.Tasks) + 1, Executor: e.Login, Name: e.Name, Position: e.Position, Email: e.Email,
				Status: TaskQueued, Order: len(c.Tasks) + 1, Final: final, Due: due, Note: req.Note}
			if req.Sequential && (sequenceBusy || len(added) > 0) {
				t.Status = TaskPending
			}
			c.Tasks = append(c.Tasks, t)
			added = append(added, len(c.Tasks)-1)
		}
		if len(added) == 0 {
			return refused("у всех указанных исполнителей уже есть открытые поручения по %s", c.ID)
		}
		if req.Sequential {
			c.Sequential = true
		}
		lead := req.Lead
		if lead == "" && !hasLead {
			lead = c.Tasks[added[0]].Executor
		}
		if lead != "" {
			le, err := resolveExecutor(tx, lead)
			if err != nil {
				return err
			}
			for i := range c.Tasks {
				c.Tasks[i].Lead = c.Tasks[i].Executor == le.Login
			}
		}
		for _, i := range added {
			if t := &c.Tasks[i]; t.Status == TaskQueued {
				if err := d.queueTaskMail(tx, a, c, t, req.Note, "", nil); err != nil {
					return err
				}
			}
		}
		before := c.Status
		if c.Status == StatusNew {
			c.Status = StatusDispatched
		}
		if err := tx.PutCase(c); err != nil {
			return err
		}
		var names []string
		for _, i := range added {
			names = append(names, c.Tasks[i].Name)
		}
		mode := "параллельно"
		if req.Sequential {
			mode = "по очереди"
		}
		if err := d.audit(tx, a, "dispatch", c.ID, fmt.Sprintf("направлено исполнителям (%s): %s", mode, strings.Join(names, ", ")), string(before), string(c.Status)); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// resolveExecutor finds an executor by login or e-mail; an address outside the directory is allowed (CLI.md).
func resolveExecutor(tx Tx, who string) (*Executor, error) {
	if e, err := tx.Executor(who); err == nil {
		if !e.Active {
			return nil, refused("исполнитель %s отключён в справочнике", e.Name)
		}
		return e, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	addr, err := mail.ParseAddress(who)
	if err != nil {
		return nil, userErr("исполнитель %q не найден в справочнике и не похож на адрес e-mail", who)
	}
	var found *Executor
	_ = tx.Executors(func(e *Executor) error {
		if sameAddress(e.Email, addr.Address) {
			found = e
		}
		return nil
	})
	if found != nil {
		return found, nil
	}
	name := addr.Name
	if name == "" {
		name = addr.Address
	}
	return &Executor{Login: strings.ToLower(addr.Address), Name: name, Email: addr.Address, Active: true}, nil
}

// queueTaskMail queues the task e-mail (the поручение) with the notice's files and marks the task queued; in a
// sequence (П.11) earlier is the text of the parts already done and earlierFiles their files.
func (d *Desk) queueTaskMail(tx Tx, a Actor, c *Case, t *Task, note, earlier string, earlierFiles []Attachment) error {
	data := d.mailData(c, t, a)
	data.Note, data.Earlier = note, earlier
	subject, body, err := d.render(MailTask, data)
	if err != nil {
		return err
	}
	files := append(append([]Attachment{}, c.Attachments...), earlierFiles...)
	o := &OutboxItem{Kind: MailTask, CaseID: c.ID, TaskID: t.ID, To: []string{t.Email},
		ReplyTo: d.Policy().MailboxAddress, Subject: subject, Text: body, Attachments: files}
	if len(t.MessageIDs) > 0 {
		o.InReplyTo = t.MessageIDs[len(t.MessageIDs)-1]
		o.References = append([]string{}, t.MessageIDs...)
	}
	if err := d.queueMail(tx, a, o); err != nil {
		return err
	}
	t.Status = TaskQueued
	t.MessageIDs = append(t.MessageIDs, o.MessageID)
	return nil
}

// ReturnDraft sends an executor's draft back for rework, in the same thread; her due time stays.
func (d *Desk) ReturnDraft(login, ref, executor, note string) (*Case, error) {
	var out *Case
	err := d.run(login, ActWork, "вернуть на доработку", func(tx Tx, a Actor) error {
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		if strings.TrimSpace(note) == "" {
			return userErr("укажите, что доработать")
		}
		var t *Task
		for i := range c.Tasks {
			if c.Tasks[i].isFor(executor) && c.Tasks[i].Status == TaskDraftReceived {
				t = &c.Tasks[i]
			}
		}
		if t == nil {
			return refused("у исполнителя %s нет полученного проекта ответа по %s", executor, c.ID)
		}
		for i := range c.Drafts {
			if c.Drafts[i].TaskID == t.ID && !c.Drafts[i].Returned {
				c.Drafts[i].Returned, c.Drafts[i].ReturnNote = true, note
			}
		}
		data := d.mailData(c, t, a)
		data.Note = note
		subject, body, err := d.render(MailRework, data)
		if err != nil {
			return err
		}
		o := &OutboxItem{Kind: MailRework, CaseID: c.ID, TaskID: t.ID, To: []string{t.Email},
			ReplyTo: d.Policy().MailboxAddress, Subject: subject, Text: body}
		if n := len(t.MessageIDs); n > 0 {
			o.InReplyTo, o.References = t.MessageIDs[n-1], append([]string{}, t.MessageIDs...)
		}
		if err := d.queueMail(tx, a, o); err != nil {
			return err
		}
		t.MessageIDs = append(t.MessageIDs, o.MessageID)
		t.Status, t.DraftAt = TaskReturned, nil
		before := c.Status
		c.draftLeft()
		if err := tx.PutCase(c); err != nil {
			return err
		}
		out = c
		return d.audit(tx, a, "return", c.ID, fmt.Sprintf("возвращено на доработку %s: %s", t.Name, note), string(before), string(c.Status))
	})
	return out, err
}
