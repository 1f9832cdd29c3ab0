package domain

import (
	"time"

	"otklik/domain/worktime"
)

// DeadlineRules are the numbers of П.7, П.8 and П.10 (settings [deadlines]).
type DeadlineRules struct {
	AnswerWorkingHours       int
	DraftsBeforeWorkingHours int
	FinalWorkingDays         int
	FinalRule                string // end_of_day_after | same_time
	ReminderBefore           time.Duration
	DispatchPrompt           time.Duration
}

// DefaultDeadlineRules are the regulation's own numbers.
func DefaultDeadlineRules() DeadlineRules {
	return DeadlineRules{AnswerWorkingHours: 7, DraftsBeforeWorkingHours: 2, FinalWorkingDays: 7,
		FinalRule: "end_of_day_after", ReminderBefore: time.Hour, DispatchPrompt: time.Hour}
}

// Deadlines is the arithmetic of one receipt: what `calendar due` prints and what a case stores.
type Deadlines struct {
	Received          time.Time
	ClockStart        time.Time
	ComputedAnswerDue time.Time
	AnswerDue         time.Time
	DraftsDue         time.Time
	InterimSentAt     *time.Time
	FinalDue          *time.Time
	FinalDraftsDue    *time.Time
}

// ComputeDeadlines applies П.7 (answer = clock start + 7 working hours, or the notice's own deadline when earlier),
// П.8 (drafts = answer − 2 working hours) and, once an interim answer was sent, П.10 (final answer at the end of the
// 7th working day after the interim's day; final drafts 2 working hours before that).
func ComputeDeadlines(calc *worktime.Calc, r DeadlineRules, received time.Time, stated, interimSent *time.Time) (Deadlines, error) {
	var d Deadlines
	d.Received = received
	start, err := calc.Start(received)
	if err != nil {
		return d, err
	}
	d.ClockStart = start
	if d.ComputedAnswerDue, err = calc.Add(start, time.Duration(r.AnswerWorkingHours)*time.Hour); err != nil {
		return d, err
	}
	d.AnswerDue = d.ComputedAnswerDue
	if stated != nil && stated.Before(d.AnswerDue) {
		d.AnswerDue = *stated
	}
	if d.DraftsDue, err = calc.Sub(d.AnswerDue, time.Duration(r.DraftsBeforeWorkingHours)*time.Hour); err != nil {
		return d, err
	}
	if interimSent != nil {
		sent := *interimSent
		d.InterimSentAt = &sent
		var final time.Time
		if r.FinalRule == "same_time" {
			final, err = calc.SameTimeNthWorkingDayAfter(sent, r.FinalWorkingDays)
		} else {
			final, err = calc.EndOfNthWorkingDayAfter(sent, r.FinalWorkingDays)
		}
		if err != nil {
			return d, err
		}
		fd, err := calc.Sub(final, time.Duration(r.DraftsBeforeWorkingHours)*time.Hour)
		if err != nil {
			return d, err
		}
		d.FinalDue, d.FinalDraftsDue = &final, &fd
	}
	return d, nil
}

// Due kinds name which deadline a countdown counts (CLI.md next_due_kind).
const (
	DueDrafts      = "drafts"
	DueAnswer      = "answer"
	DueFinalDrafts = "final_drafts"
	DueFinal       = "final"
)

// NextDue is the earliest deadline of the case not yet met; ok is false for closed cases.
func (c *Case) NextDue() (at time.Time, kind string, ok bool) {
	switch c.Status {
	case StatusFinalSent, StatusRejected:
		return time.Time{}, "", false
	case StatusInterimSent:
		if c.FinalDue == nil {
			return time.Time{}, "", false
		}
		if !c.hasDraftSince(KindFinal) && c.FinalDraftsDue != nil {
			return *c.FinalDraftsDue, DueFinalDrafts, true
		}
		return *c.FinalDue, DueFinal, true
	}
	if c.Status != StatusDraftsReceived && !c.hasDraftSince(KindInterim) {
		return c.DraftsDue, DueDrafts, true
	}
	return c.AnswerDue, DueAnswer, true
}

// hasDraftSince reports whether a draft of that kind arrived after the clock (re)started.
func (c *Case) hasDraftSince(kind string) bool {
	for _, d := range c.Drafts {
		if d.Kind == kind && !d.At.Before(c.ClockStart) && !d.Returned {
			return true
		}
	}
	return false
}

func (c *Case) applyDeadlines(d Deadlines) {
	c.ClockStart, c.ComputedAnswerDue, c.AnswerDue, c.DraftsDue = d.ClockStart, d.ComputedAnswerDue, d.AnswerDue, d.DraftsDue
	c.InterimSentAt, c.FinalDue, c.FinalDraftsDue = d.InterimSentAt, d.FinalDue, d.FinalDraftsDue
}
