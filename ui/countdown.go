package ui

import (
	"time"

	"fyne.io/fyne/v2/lang"

	"otklik/domain"
	"otklik/domain/worktime"
)

// urgency is the colour of a row's bar (UI.md): on time, due within 2 working hours, overdue, paused or closed.
type urgency int

const (
	urgencyClosed urgency = iota
	urgencyOnTime
	urgencySoon
	urgencyOverdue
	urgencyPaused
)

// dueSoon is "amber": the next deadline within two working hours.
const dueSoon = 2 * time.Hour

// countdown is what a row and the case panel show about the next deadline.
type countdown struct {
	Text    string // «Проекты до 16:22 · 2 ч 41 мин», «Ответ до 17:00 · просрочено на 20 мин»; "" for closed cases
	Pause   string // «пауза — с пн 09:00» outside working hours, else ""
	Urgency urgency
}

// countdownFor computes the countdown of c at now from the desk's own Remaining, so the window shows exactly what
// `otklik case --json` says (remaining_working_minutes, overdue).
func countdownFor(d Desk, c *domain.Case, now time.Time) countdown {
	at, kind, left, ok := d.Remaining(c, now)
	if !ok {
		return countdown{Urgency: urgencyClosed}
	}
	loc := d.Policy().Location
	cd := countdown{}
	due := clockOrDate(at.In(loc), now.In(loc))
	overdue := !now.Before(at)
	if overdue {
		cd.Text = lang.L("{{.Kind}} до {{.Due}} · просрочено на {{.Left}}",
			map[string]any{"Kind": dueKindName(kind), "Due": due, "Left": domain.FormatDuration(left)})
	} else {
		cd.Text = lang.L("{{.Kind}} до {{.Due}} · {{.Left}}",
			map[string]any{"Kind": dueKindName(kind), "Due": due, "Left": domain.FormatDuration(left)})
	}
	paused := false
	if resume, ok := pausedUntil(d.Calc(), now); ok {
		paused = true
		cd.Pause = lang.L("пауза — с {{.When}}", map[string]any{"When": whenText(resume.In(loc), now.In(loc))})
	}
	switch {
	case overdue:
		cd.Urgency = urgencyOverdue
	case paused:
		cd.Urgency = urgencyPaused
	case left <= dueSoon:
		cd.Urgency = urgencySoon
	default:
		cd.Urgency = urgencyOnTime
	}
	return cd
}

// pausedUntil says whether the working-time clock stands still at now, and when it starts again.
func pausedUntil(calc *worktime.Calc, now time.Time) (time.Time, bool) {
	if calc == nil {
		return time.Time{}, false
	}
	working, err := calc.IsWorking(now)
	if err != nil || working {
		return time.Time{}, false
	}
	next, _, err := calc.NextChange(now)
	if err != nil {
		return time.Time{}, false
	}
	return next, true
}

// clockOrDate gives "16:22" for today and "14.01 09:22" for another day.
func clockOrDate(t, now time.Time) string {
	if sameDay(t, now) {
		return t.Format("15:04")
	}
	if t.Year() != now.Year() {
		return domain.FormatDateTime(t)
	}
	return t.Format("02.01 15:04")
}

// whenText gives "14:00" for later today, "пн 09:00" within the coming week, "12.01 09:00" beyond.
func whenText(t, now time.Time) string {
	switch {
	case sameDay(t, now):
		return t.Format("15:04")
	case t.Sub(now) < 6*24*time.Hour:
		return lang.L(domain.WeekdayShort(t)) + " " + t.Format("15:04")
	}
	return clockOrDate(t, now)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// workingDayText is the status bar's «Рабочее время: до 13:00 обед» / «нерабочее время — с пн 09:00».
func workingDayText(calc *worktime.Calc, now time.Time, loc *time.Location) string {
	if calc == nil {
		return ""
	}
	now = now.In(loc)
	working, err := calc.IsWorking(now)
	if err != nil {
		return lang.L("Рабочее время: нет производственного календаря на этот год")
	}
	next, _, err := calc.NextChange(now)
	if err != nil {
		return lang.L("Рабочее время: нет производственного календаря на этот год")
	}
	next = next.In(loc)
	if !working {
		midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
		if worked, err := calc.Between(midnight, now); err == nil && worked > 0 && sameDay(next, now) {
			return lang.L("перерыв — с {{.When}}", map[string]any{"When": next.Format("15:04")})
		}
		return lang.L("нерабочее время — с {{.When}}", map[string]any{"When": whenText(next, now)})
	}
	// Working now: is the stop a break (work resumes the same day) or the end of the day?
	if again, _, err := calc.NextChange(next); err == nil && sameDay(again.In(loc), next) {
		return lang.L("Рабочее время: до {{.Until}} обед", map[string]any{"Until": next.Format("15:04")})
	}
	return lang.L("Рабочее время: до {{.Until}}", map[string]any{"Until": next.Format("15:04")})
}
