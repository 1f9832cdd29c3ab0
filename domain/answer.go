package domain

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// AnswerRequest is an approved answer (П.7, П.9, П.10, П.13).
type AnswerRequest struct {
	Kind             string
	Text             string
	Files            []IncomingAttachment // files chosen by the coordinator
	AttachDraftFiles bool                 // attach every photo/file of the drafts not returned
}

// Answer approves an answer and queues it to the Department as a reply to the original notice.
func (d *Desk) Answer(login, ref string, req AnswerRequest) (*Case, error) {
	var out *Case
	err := d.run(login, ActWork, "направить ответ в ДИП", func(tx Tx, a Actor) error {
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		if req.Kind != KindInterim && req.Kind != KindFinal {
			return userErr("вид ответа: interim или final")
		}
		if strings.TrimSpace(req.Text) == "" {
			return userErr("текст ответа пуст")
		}
		switch c.Status {
		case StatusNew, StatusDispatched, StatusDraftsReceived:
		case StatusInterimSent:
			if req.Kind == KindInterim {
				return refused("промежуточный ответ по %s уже направлен: теперь только окончательный", c.ID)
			}
		default:
			return refused("сообщение %s в состоянии %s: ответ направить нельзя", c.ID, c.Status)
		}
		atts, err := d.storeAttachments(tx, req.Files)
		if err != nil {
			return err
		}
		if req.AttachDraftFiles {
			for _, dr := range c.Drafts {
				if !dr.Returned {
					atts = append(atts, dr.Attachments...)
				}
			}
		}
		now := d.Now()
		before := c.Status
		if req.Kind == KindInterim {
			dl, err := ComputeDeadlines(d.Calc(), d.Policy().Deadlines, c.ReceivedAt, c.StatedDue, &now)
			if err != nil {
				return err
			}
			if c.ReopenedAt != nil {
				dl, err = ComputeDeadlines(d.Calc(), d.Policy().Deadlines, *c.ReopenedAt, nil, &now)
				if err != nil {
					return err
				}
			}
			c.applyDeadlines(dl)
			c.Status = StatusInterimSent
		} else {
			c.FinalSentAt = &now
			c.Status = StatusFinalSent
		}
		data := d.mailData(c, nil, a)
		data.Final, data.Text = req.Kind == KindFinal, req.Text
		subject, body, err := d.render(MailAnswer, data)
		if err != nil {
			return err
		}
		o := &OutboxItem{Kind: MailAnswer, CaseID: c.ID, To: []string{d.answerTo(c)}, Subject: subject, Text: body,
			Attachments: atts, InReplyTo: c.NoticeMessageID}
		if c.NoticeMessageID != "" {
			o.References = []string{c.NoticeMessageID}
		}
		if err := d.queueMail(tx, a, o); err != nil {
			return err
		}
		c.ThreadIDs = append(c.ThreadIDs, o.MessageID)
		ans := Answer{Kind: req.Kind, Text: req.Text, ApprovedAt: now, By: a.Login, Attachments: atts,
			OutboxID: o.ID, MessageID: o.MessageID}
		if a.ActingFor != nil {
			ans.ActingFor = a.ActingFor.Login
		}
		c.Answers = append(c.Answers, ans)
		if req.Kind == KindInterim {
			// П.10: the executors are told the final drafts' due time.
			for i := range c.Tasks {
				t := &c.Tasks[i]
				if t.Status == TaskBounced || t.Status == TaskPending {
					continue
				}
				t.Due, t.Final = *c.FinalDraftsDue, true
				if t.Status == TaskDraftReceived {
					t.Status = TaskSent
				}
				if err := d.queueTaskNotice(tx, a, c, t, MailFinalNotice); err != nil {
					return err
				}
			}
		}
		if err := tx.PutCase(c); err != nil {
			return err
		}
		out = c
		kind := "промежуточный"
		if req.Kind == KindFinal {
			kind = "окончательный"
		}
		return d.audit(tx, a, "answer", c.ID, fmt.Sprintf("%s ответ согласован и направлен в ДИП (%d влож.)", kind, len(atts)), string(before), string(c.Status))
	})
	return out, err
}

// progressWords mark the "measures taken / progress" part a repeat's answer must have (П.12).
var progressWords = []string{"принят", "меры", "мер ", "выполнен", "проведен", "проведён", "сделан", "устранен", "устранён",
	"ход ", "в работе", "запланирован", "начат", "завершен", "завершён", "отремонтир", "восстановлен"}

// AnswerWarnings are what the coordinator should see before approving: for a repeat message (П.12), a text that
// does not report the measures taken or the progress; for the network, a text over its length limit; and photos
// in the drafts that the answer leaves out (П.13: photos go with the answer where there are any).
func AnswerWarnings(c *Case, req AnswerRequest) []string {
	text := req.Text
	var out []string
	if c.IsRepeat() {
		low := strings.ToLower(text) + " "
		found := false
		for _, w := range progressWords {
			if strings.Contains(low, w) {
				found = true
				break
			}
		}
		if !found {
			which := "по отметке ДИП"
			if c.RepeatOf != "" {
				which = "к " + string(c.RepeatOf)
			}
			out = append(out, fmt.Sprintf("повторное сообщение (%s): в ответе нет сведений о принятых мерах или ходе решения вопроса (п. 12 Положения)", which))
		}
	}
	draftPhotos, chosenPhoto := DraftPhotos(c), hasImage(req.Files)
	withPhotos := req.AttachDraftFiles && draftPhotos > 0 || chosenPhoto
	if limit := AnswerLimit(c.Network, withPhotos); limit > 0 {
		if n := AnswerLength(c.Network, text); n > limit {
			out = append(out, fmt.Sprintf("ответ длиннее, чем позволяет %s: %d знаков из %d", NetworkNames[c.Network], n, limit))
		}
	}
	if draftPhotos > 0 && !req.AttachDraftFiles && !chosenPhoto {
		out = append(out, fmt.Sprintf("в проектах ответа есть фото (%d), но к ответу они не приложены (п. 13 Положения)", draftPhotos))
	}
	return out
}

// DraftPhotos counts the pictures in the drafts that were not sent back.
func DraftPhotos(c *Case) int {
	n := 0
	for _, dr := range c.Drafts {
		if dr.Returned {
			continue
		}
		for _, a := range dr.Attachments {
			if isImage(a.ContentType) {
				n++
			}
		}
	}
	return n
}

func hasImage(files []IncomingAttachment) bool {
	return slices.ContainsFunc(files, func(f IncomingAttachment) bool { return isImage(f.ContentType) })
}

func isImage(contentType string) bool {
	return strings.HasPrefix(strings.ToLower(contentType), "image/")
}

// AnswerLimit is the longest answer the network takes as a reply (П.9: the answer must fit), from
// data/network-limits.json: the platform's limit where known, else the app's soft limit; 0 when unknown. With
// photos, Telegram takes the text as a caption (1024); Instagram's comments are shorter than its captions.
func AnswerLimit(network string, withPhotos bool) int {
	switch network {
	case "telegram":
		if withPhotos {
			return 1024
		}
		return 4096
	case "vk", "ok":
		return 4000
	case "instagram":
		return 2196
	case "facebook":
		return 8000
	}
	return 0
}

// AnswerLength counts text as the network does: Telegram in UTF-16 code units (an emoji counts two), the others
// in characters.
func AnswerLength(network, text string) int {
	if network == "telegram" {
		return len(utf16.Encode([]rune(text)))
	}
	return utf8.RuneCountInString(text)
}

func (d *Desk) answerTo(c *Case) string {
	if to := d.Policy().AnswerTo; to != "" {
		return to
	}
	return c.NoticeFrom
}

// queueTaskNotice sends a task-thread e-mail of the given kind (final notice, reminder).
func (d *Desk) queueTaskNotice(tx Tx, a Actor, c *Case, t *Task, kind string) error {
	data := d.mailData(c, t, a)
	if rem, err := d.Calc().Between(d.Now(), t.Due); err == nil {
		data.Remaining = FormatDuration(rem)
	}
	subject, body, err := d.render(kind, data)
	if err != nil {
		return err
	}
	o := &OutboxItem{Kind: kind, CaseID: c.ID, TaskID: t.ID, To: []string{t.Email},
		ReplyTo: d.Policy().MailboxAddress, Subject: subject, Text: body}
	if kind == MailReminder || kind == MailFinalNotice {
		// Sent by the program, not by a person (RFC 3834): executors' mail systems send no auto-reply to it.
		o.Headers = map[string]string{"Auto-Submitted": "auto-generated"}
	}
	if n := len(t.MessageIDs); n > 0 {
		o.InReplyTo, o.References = t.MessageIDs[n-1], append([]string{}, t.MessageIDs...)
	}
	if err := d.queueMail(tx, a, o); err != nil {
		return err
	}
	t.MessageIDs = append(t.MessageIDs, o.MessageID)
	return nil
}

// Reject marks the case «не подлежит отработке» (П.14) or out of scope (П.18); the Department is told.
func (d *Desk) Reject(login, ref, reason, note string) (*Case, error) {
	var out *Case
	err := d.run(login, ActWork, "не подлежит отработке", func(tx Tx, a Actor) error {
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		if _, ok := ReasonNames[reason]; !ok {
			return badRequest("причина %q: одна из %s", reason, strings.Join(RejectReasons, ", "))
		}
		switch c.Status {
		case StatusNew, StatusDispatched, StatusDraftsReceived:
		default:
			return refused("сообщение %s в состоянии %s: отклонить нельзя", c.ID, c.Status)
		}
		before := c.Status
		c.Status, c.RejectReason, c.RejectNote = StatusRejected, reason, note
		data := d.mailData(c, nil, a)
		data.Reason, data.Note = ReasonNames[reason], note
		subject, body, err := d.render(MailReject, data)
		if err != nil {
			return err
		}
		o := &OutboxItem{Kind: MailReject, CaseID: c.ID, To: []string{d.answerTo(c)}, Subject: subject, Text: body,
			InReplyTo: c.NoticeMessageID}
		if c.NoticeMessageID != "" {
			o.References = []string{c.NoticeMessageID}
		}
		if err := d.queueMail(tx, a, o); err != nil {
			return err
		}
		c.ThreadIDs = append(c.ThreadIDs, o.MessageID)
		if err := tx.PutCase(c); err != nil {
			return err
		}
		out = c
		return d.audit(tx, a, "reject", c.ID, ReasonNames[reason]+" "+note, string(before), string(c.Status))
	})
	return out, err
}

// Escalate reports the case to the Head at once (П.17).
func (d *Desk) Escalate(login, ref, note string) (*Case, error) {
	var out *Case
	err := d.run(login, ActWork, "доложить Главе района", func(tx Tx, a Actor) error {
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		if c.Status == StatusRejected {
			return refused("сообщение %s не подлежит отработке: докладывать нельзя", c.ID)
		}
		p := d.Policy()
		data := d.mailData(c, nil, a)
		data.Note, data.HeadName = note, p.HeadName
		var names []string
		for _, t := range c.Tasks {
			names = append(names, t.Name)
		}
		data.Executors = strings.Join(names, ", ")
		if len(c.SurgeWith) > 0 {
			data.Note = strings.TrimSpace(fmt.Sprintf("Повышенная социальная активность: ещё %d сообщ. %s (%s). %s",
				len(c.SurgeWith), c.SurgeAbout(), joinIDs(c.SurgeWith), note))
		}
		if data.Executors == "" {
			data.Executors = "ещё не назначены"
		}
		subject, body, err := d.render(MailEscalation, data)
		if err != nil {
			return err
		}
		o := &OutboxItem{Kind: MailEscalation, CaseID: c.ID, To: []string{p.HeadAddress}, Subject: subject, Text: body,
			Attachments: c.Attachments, Headers: map[string]string{"Importance": "high", "X-Priority": "1"}}
		if err := d.queueMail(tx, a, o); err != nil {
			return err
		}
		now := d.Now()
		c.EscalatedAt = &now
		if err := tx.PutCase(c); err != nil {
			return err
		}
		out = c
		return d.audit(tx, a, "escalate", c.ID, "доложено Главе района "+note, "", "")
	})
	return out, err
}

func joinIDs(ids []CaseID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}

// LinkRepeat confirms that the case repeats an earlier one (П.12).
func (d *Desk) LinkRepeat(login, ref, earlier string) (*Case, error) {
	var out *Case
	err := d.run(login, ActWork, "повторное сообщение", func(tx Tx, a Actor) error {
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		e, err := d.FindCase(tx, earlier)
		if err != nil {
			return err
		}
		if e.ID == c.ID {
			return userErr("сообщение не может повторять само себя")
		}
		before := string(c.RepeatOf)
		c.RepeatOf = e.ID
		if err := tx.PutCase(c); err != nil {
			return err
		}
		out = c
		return d.audit(tx, a, "link", c.ID, "повторное сообщение к "+string(e.ID), before, string(e.ID))
	})
	return out, err
}

// RepeatExecutors are the default executors of a repeat: those of the earlier case (П.12).
func (d *Desk) RepeatExecutors(tx Tx, c *Case) []string {
	if c.RepeatOf == "" {
		return nil
	}
	e, err := tx.Case(c.RepeatOf)
	if err != nil {
		return nil
	}
	var out []string
	for _, t := range e.Tasks {
		out = append(out, t.Executor)
	}
	return out
}
