package domain

import (
	"errors"
	"sort"
	"time"
)

// CaseJSON is the case as `case --json` prints it: the CLI contract (CLI.md "JSON of a case").
type CaseJSON struct {
	ID                      string          `json:"id"`
	IDLatin                 string          `json:"id_latin"`
	Status                  Status          `json:"status"`
	IncidentIDs             []string        `json:"incident_ids"`
	Network                 string          `json:"network"`
	URL                     string          `json:"url"`
	Source                  string          `json:"source"`
	Author                  string          `json:"author"`
	Settlement              string          `json:"settlement"`
	Category                string          `json:"category"`
	Text                    string          `json:"text"`
	Unrecognised            string          `json:"unrecognised,omitempty"`
	DetectedAt              *time.Time      `json:"detected_at"`
	ReceivedAt              time.Time       `json:"received_at"`
	ClockStart              time.Time       `json:"clock_start"`
	StatedDue               *time.Time      `json:"stated_due"`
	ComputedAnswerDue       time.Time       `json:"computed_answer_due"`
	AnswerDue               time.Time       `json:"answer_due"`
	DraftsDue               time.Time       `json:"drafts_due"`
	InterimSentAt           *time.Time      `json:"interim_sent_at"`
	FinalDue                *time.Time      `json:"final_due"`
	FinalDraftsDue          *time.Time      `json:"final_drafts_due"`
	FinalSentAt             *time.Time      `json:"final_sent_at"`
	NextDue                 *time.Time      `json:"next_due"`
	NextDueKind             *string         `json:"next_due_kind"`
	Overdue                 bool            `json:"overdue"`
	RemainingWorkingMinutes *int            `json:"remaining_working_minutes"`
	SociallySignificant     bool            `json:"socially_significant"`
	SignificanceSuggested   bool            `json:"significance_suggested"`
	SurgeWith               []CaseID        `json:"surge_with,omitempty"`
	Priority                bool            `json:"priority"`
	EscalatedAt             *time.Time      `json:"escalated_at"`
	RepeatOf                *string         `json:"repeat_of"`
	SuggestedRepeatOf       *string         `json:"suggested_repeat_of"`
	DepartmentRepeat        bool            `json:"department_repeat"`
	RejectReason            *string         `json:"reject_reason"`
	ReopenedAt              *time.Time      `json:"reopened_at"`
	Screening               Screening       `json:"screening"`
	Attachments             []Attachment    `json:"attachments"`
	Tasks                   []TaskJSON      `json:"tasks"`
	Drafts                  []DraftJSON     `json:"drafts,omitempty"`
	Answers                 []AnswerJSON    `json:"answers,omitempty"`
	History                 []AuditEvent    `json:"history,omitempty"`
	Outbox                  []OutboxSummary `json:"outbox,omitempty"`
}

// TaskJSON is a task in the case JSON.
type TaskJSON struct {
	Executor          string     `json:"executor"`
	Name              string     `json:"name"`
	Email             string     `json:"email"`
	Status            TaskStatus `json:"status"`
	Lead              bool       `json:"lead"`
	Order             int        `json:"order"`
	Final             bool       `json:"final"`
	NeedsConfirmation bool       `json:"needs_confirmation"`
	ExecutorAway      bool       `json:"executor_away"`
	Overdue           bool       `json:"overdue"`
	SentAt            *time.Time `json:"sent_at"`
	Due               time.Time  `json:"due"`
	DraftAt           *time.Time `json:"draft_at"`
}

// DraftJSON is a draft in the case JSON.
type DraftJSON struct {
	Executor          string       `json:"executor"`
	At                time.Time    `json:"at"`
	Kind              string       `json:"kind"`
	Text              string       `json:"text"`
	Attachments       []Attachment `json:"attachments"`
	NeedsConfirmation bool         `json:"needs_confirmation"`
	Returned          bool         `json:"returned"`
	ReturnNote        string       `json:"return_note,omitempty"`
}

// AnswerJSON is an approved answer in the case JSON.
type AnswerJSON struct {
	Kind        string       `json:"kind"`
	Text        string       `json:"text"`
	ApprovedAt  time.Time    `json:"approved_at"`
	By          string       `json:"by"`
	ActingFor   string       `json:"acting_for,omitempty"`
	Attachments []Attachment `json:"attachments"`
	MessageID   string       `json:"message_id"`
}

// OutboxSummary is an e-mail of the case with its state.
type OutboxSummary struct {
	ID        string      `json:"id"`
	Kind      string      `json:"kind"`
	To        []string    `json:"to"`
	Subject   string      `json:"subject"`
	State     OutboxState `json:"state"`
	QueuedAt  time.Time   `json:"queued_at"`
	SentAt    *time.Time  `json:"sent_at"`
	LastError string      `json:"last_error,omitempty"`
	MessageID string      `json:"message_id"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func inLoc(t *time.Time, loc *time.Location) *time.Time {
	if t == nil {
		return nil
	}
	v := t.In(loc)
	return &v
}

// Remaining is the working time left to the case's next deadline (negative when overdue).
func (d *Desk) Remaining(c *Case, now time.Time) (at time.Time, kind string, left time.Duration, ok bool) {
	at, kind, ok = c.NextDue()
	if !ok {
		return
	}
	left, err := d.Calc().Between(now, at)
	if err != nil {
		left = at.Sub(now) // a missing calendar year: wall-clock time, the warning is shown elsewhere
	}
	return
}

// JSON renders the case as the CLI contract says, at the service's now.
func (d *Desk) JSON(c *Case) CaseJSON {
	loc := d.Policy().Location
	now := d.Now()
	j := CaseJSON{ID: string(c.ID), IDLatin: c.ID.Latin(), Status: c.Status, IncidentIDs: c.IncidentIDs,
		Network: c.Network, URL: c.URL, Source: c.Source, Author: c.Author, Settlement: c.Settlement,
		Category: c.Category, Text: c.Text, Unrecognised: c.Unrecognised, DetectedAt: inLoc(c.DetectedAt, loc),
		ReceivedAt: c.ReceivedAt.In(loc), ClockStart: c.ClockStart.In(loc), StatedDue: inLoc(c.StatedDue, loc),
		ComputedAnswerDue: c.ComputedAnswerDue.In(loc), AnswerDue: c.AnswerDue.In(loc), DraftsDue: c.DraftsDue.In(loc),
		InterimSentAt: inLoc(c.InterimSentAt, loc), FinalDue: inLoc(c.FinalDue, loc),
		FinalDraftsDue: inLoc(c.FinalDraftsDue, loc), FinalSentAt: inLoc(c.FinalSentAt, loc),
		SociallySignificant: c.SociallySignificant, SignificanceSuggested: c.SignificanceSuggested, SurgeWith: c.SurgeWith, Priority: c.Priority, EscalatedAt: inLoc(c.EscalatedAt, loc),
		RepeatOf: strPtr(string(c.RepeatOf)), SuggestedRepeatOf: strPtr(string(c.SuggestedRepeatOf)),
		DepartmentRepeat: c.DepartmentRepeat,
		RejectReason:     strPtr(c.RejectReason), ReopenedAt: inLoc(c.ReopenedAt, loc), Screening: c.Screening,
		Attachments: c.Attachments, Tasks: []TaskJSON{}}
	if j.IncidentIDs == nil {
		j.IncidentIDs = []string{}
	}
	if j.Attachments == nil {
		j.Attachments = []Attachment{}
	}
	if j.Screening.Reasons == nil {
		j.Screening.Reasons = []string{}
	}
	if at, kind, left, ok := d.Remaining(c, now); ok {
		at = at.In(loc)
		// Rounded, not truncated: a clock a few seconds past the minute must not read one minute less.
		mins := int(left.Round(time.Minute) / time.Minute)
		j.NextDue, j.NextDueKind, j.RemainingWorkingMinutes = &at, &kind, &mins
		j.Overdue = !now.Before(at)
	}
	for _, t := range c.Tasks {
		overdue := t.Open() && t.Status != TaskPending && !now.Before(t.Due)
		j.Tasks = append(j.Tasks, TaskJSON{Executor: t.Executor, Name: t.Name, Email: t.Email, Status: t.Status,
			Lead: t.Lead, Order: t.Order, Final: t.Final, NeedsConfirmation: t.NeedsConfirmation,
			ExecutorAway: t.ExecutorAway, Overdue: overdue, SentAt: inLoc(t.SentAt, loc), Due: t.Due.In(loc),
			DraftAt: inLoc(t.DraftAt, loc)})
	}
	for _, dr := range c.Drafts {
		name := dr.Executor
		j.Drafts = append(j.Drafts, DraftJSON{Executor: name, At: dr.At.In(loc), Kind: dr.Kind, Text: dr.Text,
			Attachments: dr.Attachments, NeedsConfirmation: dr.NeedsConfirmation, Returned: dr.Returned, ReturnNote: dr.ReturnNote})
	}
	for _, a := range c.Answers {
		j.Answers = append(j.Answers, AnswerJSON{Kind: a.Kind, Text: a.Text, ApprovedAt: a.ApprovedAt.In(loc), By: a.By,
			ActingFor: a.ActingFor, Attachments: a.Attachments, MessageID: a.MessageID})
	}
	return j
}

// CaseDetail is one case with its history and mail, for `case ID --json` and the window.
func (d *Desk) CaseDetail(login, ref string) (*Case, CaseJSON, error) {
	var c *Case
	var j CaseJSON
	err := d.View(login, func(tx Tx, a Actor) error {
		var err error
		if c, err = d.FindCase(tx, ref); err != nil {
			return err
		}
		j = d.JSON(c)
		if err := tx.CaseAudit(c.ID, func(e AuditEvent) error {
			e.At = e.At.In(d.Policy().Location)
			j.History = append(j.History, e)
			return nil
		}); err != nil {
			return err
		}
		return tx.OutboxItems(func(o *OutboxItem) error {
			if o.CaseID == c.ID {
				j.Outbox = append(j.Outbox, OutboxSummary{ID: o.ID, Kind: o.Kind, To: o.To, Subject: o.Subject, State: o.State,
					QueuedAt: o.QueuedAt, SentAt: o.SentAt, LastError: o.LastError, MessageID: o.MessageID})
			}
			return nil
		})
	})
	return c, j, err
}

// Cases lists cases most urgent first (by next_due, then received_at; closed cases after open ones).
func (d *Desk) Cases(login string, statuses ...Status) ([]*Case, error) {
	var out []*Case
	err := d.View(login, func(tx Tx, a Actor) error {
		return tx.Cases(func(c *Case) error { out = append(out, c); return nil }, statuses...)
	})
	SortByUrgency(out)
	return out, err
}

// UrgentCases are the n open cases with the nearest deadlines, read through the due index: the queue's first page
// appears at once however many cases are stored, while the whole list loads behind it.
func (d *Desk) UrgentCases(login string, n int) ([]*Case, error) {
	var out []*Case
	err := d.View(login, func(tx Tx, a Actor) error {
		return tx.CaseIndex(IndexDue, "", "\xff", func(_ string, id CaseID) error {
			if len(out) >= n {
				return ErrStopScan
			}
			c, err := tx.Case(id)
			if err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	})
	SortByUrgency(out)
	return out, err
}

// SortByUrgency orders cases as CLI.md says: by next_due, then received_at (earliest first); cases without a
// deadline (closed, or waiting for nothing) after those with one.
func SortByUrgency(cs []*Case) {
	type key struct {
		due time.Time
		ok  bool
	}
	keys := make(map[*Case]key, len(cs))
	for _, c := range cs {
		at, _, ok := c.NextDue()
		keys[c] = key{at, ok}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := keys[cs[i]], keys[cs[j]]
		if a.ok != b.ok {
			return a.ok
		}
		if a.ok && !a.due.Equal(b.due) {
			return a.due.Before(b.due)
		}
		return cs[i].ReceivedAt.Before(cs[j].ReceivedAt)
	})
}

// TriageList lists open triage items (разбор почты).
func (d *Desk) TriageList(login string) ([]TriageItem, error) {
	var out []TriageItem
	err := d.View(login, func(tx Tx, a Actor) error {
		return tx.TriageItems(func(t *TriageItem) error {
			if t.State == "open" {
				out = append(out, *t)
			}
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ReceivedAt.Before(out[j].ReceivedAt) })
	return out, err
}

// TriageDismiss closes a triage item with a note (audited); the mail itself is kept.
func (d *Desk) TriageDismiss(login, mailID, note string) error {
	return d.run(login, ActWork, "разбор почты", func(tx Tx, a Actor) error {
		t, err := openTriage(tx, mailID)
		if err != nil {
			return err
		}
		now := d.Now()
		t.State, t.Note, t.By, t.At = "dismissed", note, a.Login, &now
		if err := tx.PutTriage(t); err != nil {
			return err
		}
		return d.audit(tx, a, "triage_dismiss", "", t.Subject+": "+note, "open", "dismissed")
	})
}

// TriageAttach ties a triage item to a case: it is kept in the case's history (and, from an executor with a task
// on the case, recorded as her draft).
func (d *Desk) TriageAttach(login, mailID, ref string) error {
	return d.run(login, ActWork, "разбор почты", func(tx Tx, a Actor) error {
		t, err := openTriage(tx, mailID)
		if err != nil {
			return err
		}
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		now := d.Now()
		t.State, t.CaseID, t.By, t.At = "attached", c.ID, a.Login, &now
		if err := tx.PutTriage(t); err != nil {
			return err
		}
		if err := d.audit(tx, a, "triage_attach", c.ID, "письмо привязано: "+t.Subject, "open", "attached"); err != nil {
			return err
		}
		// П.8: a reply the matching could not tie (the sender has several open tasks, say) is her draft once the
		// coordinator names the case; the match is hers, so it needs no further confirmation.
		if task := c.TaskByEmail(t.From); task != nil && t.Reply != nil && c.Status.Open() {
			return d.addDraft(tx, c, task, t.ReceivedAt, *t.Reply, t.MailID, false)
		}
		return nil
	})
}

// openTriage loads a triage item that is still waiting for a decision.
func openTriage(tx Tx, mailID string) (*TriageItem, error) {
	t, err := tx.Triage(mailID)
	if errors.Is(err, ErrNotFound) {
		return nil, userErr("нет письма %q в разборе почты", mailID)
	} else if err != nil {
		return nil, err
	}
	if t.State != "open" {
		return nil, refused("письмо %s уже разобрано", mailID)
	}
	return t, nil
}

// VerifyAudit checks the hash chain of the whole log.
func (d *Desk) VerifyAudit() (int, error) {
	var events []AuditEvent
	err := d.store.View(func(tx Tx) error {
		return tx.AuditEvents(func(e AuditEvent) error { events = append(events, e); return nil })
	})
	if err != nil {
		return 0, err
	}
	return len(events), VerifyChain(events)
}

// AuditLog returns the whole log for the supervisor's export (everyone who may read may see who did what).
func (d *Desk) AuditLog(login string) ([]AuditEvent, error) {
	var out []AuditEvent
	err := d.View(login, func(tx Tx, a Actor) error {
		return tx.AuditEvents(func(e AuditEvent) error {
			e.At = e.At.In(d.Policy().Location)
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// Attachment returns the bytes of an attachment of the case (a notice's or a draft's), for opening or saving.
func (d *Desk) Attachment(login, ref, blobID string) ([]byte, error) {
	var out []byte
	err := d.View(login, func(tx Tx, a Actor) error {
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		known := false
		for _, at := range c.Attachments {
			known = known || at.BlobID == blobID
		}
		for _, dr := range c.Drafts {
			for _, at := range dr.Attachments {
				known = known || at.BlobID == blobID
			}
		}
		if !known {
			return userErr("у сообщения %s нет такого вложения", c.ID)
		}
		out, err = tx.Blob(blobID)
		return err
	})
	return out, err
}

// RawNotice returns the Department's e-mail a case came from, as received («исходное письмо»).
func (d *Desk) RawNotice(login, ref string) ([]byte, error) {
	var out []byte
	err := d.View(login, func(tx Tx, a Actor) error {
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		m, err := tx.Mail(c.NoticeMailID)
		if err != nil {
			return userErr("исходное письмо сообщения %s не сохранено", c.ID)
		}
		out = m.Raw
		return nil
	})
	return out, err
}
