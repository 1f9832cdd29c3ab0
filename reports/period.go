package reports

import (
	"fmt"
	"time"

	"otklik/domain"
	"otklik/domain/worktime"
)

// Period is the dates From..To, both inclusive: [From 00:00, To+1 day 00:00) in the organisation's zone. Only the
// calendar dates of From and To count (as they read in their own location), so a caller may pass midnights in any
// zone.
type Period struct{ From, To time.Time }

// ParsePeriod reads the `report --from DATE --to DATE` flags (YYYY-MM-DD) in the organisation's zone.
func ParsePeriod(from, to string, loc *time.Location) (Period, error) {
	f, err := time.ParseInLocation("2006-01-02", from, loc)
	if err != nil {
		return Period{}, fmt.Errorf("дата начала периода %q: ожидается ГГГГ-ММ-ДД", from)
	}
	t, err := time.ParseInLocation("2006-01-02", to, loc)
	if err != nil {
		return Period{}, fmt.Errorf("дата окончания периода %q: ожидается ГГГГ-ММ-ДД", to)
	}
	if t.Before(f) {
		return Period{}, fmt.Errorf("дата окончания периода %s раньше даты начала %s", to, from)
	}
	return Period{From: f, To: t}, nil
}

// bounds gives [start, end) in loc.
func (p Period) bounds(loc *time.Location) (start, end time.Time) {
	y, m, d := p.From.Date()
	start = time.Date(y, m, d, 0, 0, 0, 0, loc)
	y, m, d = p.To.Date()
	end = time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	return start, end
}

// in normalises the period to midnights in loc, the form the reports keep and print.
func (p Period) in(loc *time.Location) Period {
	start, end := p.bounds(loc)
	return Period{From: start, To: end.AddDate(0, 0, -1)}
}

// Contains reports whether t falls in the period; the days are those of loc, the organisation's zone.
func (p Period) Contains(t time.Time, loc *time.Location) bool {
	start, end := p.bounds(loc)
	return !t.Before(start) && t.Before(end)
}

// Label gives «с 01.03.2026 по 31.03.2026». (Not String: the reports embed Period, and fmt would print a whole
// report as its period.)
func (p Period) Label() string {
	return fmt.Sprintf("с %s по %s", p.From.Format("02.01.2006"), p.To.Format("02.01.2006"))
}

// Options are what the reports need beyond the cases: the heading of the memo, the rules' numbers and the clock.
type Options struct {
	OrgName string
	// HeadName is settings [head] name, e.g. «Глава Кожевниковского района»; the memo's addressee line is derived
	// from it unless Addressee is given.
	HeadName string
	// Addressee is the memo's «кому» block as the office writes it, in the dative («Главе Кожевниковского района
	// А.А. Малолетко»). Empty: derived from HeadName.
	Addressee        string
	PreparedBy       string
	PreparedPosition string
	// DispatchPrompt is П.6's «незамедлительно» in working time (settings deadlines.dispatch_prompt_working_minutes);
	// zero means the default hour.
	DispatchPrompt time.Duration
	Calc           *worktime.Calc
	// Now is the moment the report is made: what "missed" and "not yet sent" are measured against.
	Now time.Time
	// Executors is the directory by login: name and unit for the lines.
	Executors map[string]domain.Executor
	// SurgeCases and SurgeWindow are settings [rules] surge_cases and surge_window_working_hours (П.17); zero
	// means 3 cases within 8 working hours.
	SurgeCases  int
	SurgeWindow time.Duration
}

// Header is the heading and signature the written reports carry.
type Header struct {
	OrgName          string
	HeadName         string
	Addressee        string
	PreparedBy       string
	PreparedPosition string
	// AsOf is Options.Now in the organisation's zone: the memo's date and the moment "missed" is measured at.
	AsOf time.Time
}

func (o Options) location() *time.Location {
	if o.Calc != nil {
		return o.Calc.Location()
	}
	if !o.Now.IsZero() {
		return o.Now.Location()
	}
	return time.Local
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now().In(o.location())
	}
	return o.Now.In(o.location())
}

func (o Options) header() Header {
	h := Header{OrgName: o.OrgName, HeadName: o.HeadName, Addressee: o.Addressee, PreparedBy: o.PreparedBy,
		PreparedPosition: o.PreparedPosition, AsOf: o.now()}
	if h.Addressee == "" {
		h.Addressee = dativeOfHead(o.HeadName)
	}
	return h
}

// workClock measures working time, falling back to the wall clock where the calendar lacks a year.
type workClock struct {
	calc *worktime.Calc
}

func (k workClock) between(from, to time.Time) time.Duration {
	if k.calc != nil {
		if d, err := k.calc.Between(from, to); err == nil {
			return d
		}
	}
	return to.Sub(from)
}

func (k workClock) add(t time.Time, d time.Duration) time.Time {
	if k.calc != nil {
		if at, err := k.calc.Add(t, d); err == nil {
			return at
		}
	}
	return t.Add(d)
}
