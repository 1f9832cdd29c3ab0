package worktime

import (
	"fmt"
	"slices"
	"time"
)

// Override kinds of the [calendar] overrides setting; an override wins over the calendar.
const (
	OverrideHoliday   = "holiday"   // a day off
	OverrideWorking   = "working"   // a full working day (even if the calendar shortens it)
	OverrideShortened = "shortened" // a working day, shortened at the end
)

// Override is one local exception to the production calendar (settings [calendar] overrides).
type Override struct {
	Date Date   `json:"date"`
	Kind string `json:"kind"`
}

// DayKind is what a day is for the administration.
type DayKind int

// Day kinds.
const (
	Working   DayKind = iota // an ordinary working day
	Shortened                // a pre-holiday working day, shorter at the end
	Holiday                  // a day off by the calendar or an override: a holiday or a transferred day off
	Weekend                  // an ordinary day off of the week (no periods in the schedule)
)

func (k DayKind) String() string {
	switch k {
	case Working:
		return "рабочий день"
	case Shortened:
		return "сокращённый предпраздничный день"
	case Holiday:
		return "нерабочий праздничный день"
	case Weekend:
		return "выходной день"
	}
	return fmt.Sprintf("DayKind(%d)", int(k))
}

// Day is one day of a Calc: its kind and its working periods (after the pre-holiday shortening).
type Day struct {
	Date    Date
	Kind    DayKind
	Periods []Period
	// WorkingWeekend is true for a Saturday or Sunday worked by decree (working_weekends) or by an override.
	WorkingWeekend bool
	// Override is the kind of the override applied to this day, "" if none.
	Override string
	// Name is the holiday's name from the calendar, "" if none.
	Name string
}

// Working reports whether the day has working time.
func (d Day) Working() bool { return len(d.Periods) > 0 }

// Interval is a stretch of working time [Start, End).
type Interval struct {
	Start, End time.Time
}

// Calc answers working-time questions over one schedule, calendar and set of overrides. It is immutable after New
// and safe for concurrent use.
//
// Every working interval of the covered years is precomputed as Unix nanoseconds with the working time before
// it (cum), so that "the moment when W working time has passed" and "the working time before t" are binary
// searches. Years missing from the calendar inside the covered span have no intervals; every method checks that
// the years it crosses are covered.
type Calc struct {
	loc      *time.Location
	schedule Schedule

	firstYear int
	covered   []bool  // by year - firstYear
	yearStart []int64 // Unix ns of 1 January 00:00 local of firstYear+i; one more entry than covered
	provision map[int]yearInfo

	epochDay int64 // Date.days() of 1 January firstYear
	days     []Day // by day - epochDay
	dayFirst []int // index of the day's first interval; one more entry than days
	workDays []int // indexes (into days) of the days that have working time, ascending
	workRank []int // workRank[i] = number of working days before day i; one more entry than days

	starts, ends []int64 // the working intervals, ascending, disjoint
	cum          []int64 // cum[k] = working time before interval k; one more entry than starts
}

type yearInfo struct {
	provisional bool
	source      string
}

// New builds the working-time tables of every year of cal between its first and last year. The schedule and the
// overrides are validated; the calendar's years are checked against their keys.
//
// Rules (CLI.md): days off are holidays ∪ nonworking_weekdays ∪ Saturdays and Sundays not in working_weekends,
// and an override wins over the calendar. A day made working (working_weekends, or an override "working" or
// "shortened") uses its own weekday's periods when the schedule has some (a six-day week); otherwise the periods of
// the weekday it replaces — the weekday of the transfer's `to` whose `from` is this day (2027-02-20 → 2027-02-22,
// a Monday) — and without such a transfer Monday's. A shortened day loses Schedule.PreholidayShortening at the end
// of its last period(s). Overrides for years the calendar lacks do not make those years covered.
func New(s Schedule, cal *Calendar, overrides []Override) (*Calc, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if cal == nil || len(cal.Years) == 0 {
		return nil, fmt.Errorf("нет производственного календаря ни на один год: импортируйте его (otklik calendar import)")
	}
	ov := make(map[Date]string, len(overrides))
	for _, o := range overrides {
		if !o.Date.Valid() {
			return nil, fmt.Errorf("исключение календаря: неверная дата %s", o.Date)
		}
		switch o.Kind {
		case OverrideHoliday, OverrideWorking, OverrideShortened:
		default:
			return nil, fmt.Errorf("исключение календаря на %s: неизвестный вид %q (holiday, working или shortened)", o.Date, o.Kind)
		}
		if _, dup := ov[o.Date]; dup {
			return nil, fmt.Errorf("исключение календаря на %s задано дважды", o.Date)
		}
		ov[o.Date] = o.Kind
	}
	years := cal.CoveredYears()
	for _, y := range years {
		if err := validateYear(y, cal.Years[y]); err != nil {
			return nil, err
		}
	}
	c := &Calc{loc: s.Location, schedule: cloneSchedule(s), firstYear: years[0], provision: make(map[int]yearInfo)}
	last := years[len(years)-1]
	c.covered = make([]bool, last-c.firstYear+1)
	for _, y := range years {
		c.covered[y-c.firstYear] = true
		yr := cal.Years[y]
		c.provision[y] = yearInfo{provisional: !isHighConfidence(yr.Confidence), source: yr.Source}
	}
	for y := c.firstYear; y <= last+1; y++ {
		c.yearStart = append(c.yearStart, Date{Year: y, Month: time.January, Day: 1}.In(c.loc, 0).UnixNano())
	}
	c.build(cal, ov)
	return c, nil
}

func cloneSchedule(s Schedule) Schedule {
	for wd := range s.Days {
		s.Days[wd] = slices.Clone(s.Days[wd])
	}
	return s
}

// calendarSets are the calendar's lists as sets, over all covered years.
type calendarSets struct {
	off, workingWeekend, shortened map[Date]bool
	replaces                       map[Date]Date // a working weekend day → the day it is worked for
	names                          map[Date]string
}

func newCalendarSets(cal *Calendar) calendarSets {
	cs := calendarSets{off: map[Date]bool{}, workingWeekend: map[Date]bool{}, shortened: map[Date]bool{},
		replaces: map[Date]Date{}, names: map[Date]string{}}
	for _, yr := range cal.Years {
		for _, d := range yr.Holidays {
			cs.off[d] = true
		}
		for _, d := range yr.NonworkingWeekdays {
			cs.off[d] = true
		}
		for _, d := range yr.WorkingWeekends {
			cs.workingWeekend[d] = true
		}
		for _, d := range yr.Shortened {
			cs.shortened[d] = true
		}
		for _, t := range yr.Transfers {
			cs.replaces[t.From] = t.To
		}
		for d, n := range yr.HolidayNames {
			cs.names[d] = n
		}
	}
	return cs
}

func (c *Calc) build(cal *Calendar, ov map[Date]string) {
	cs := newCalendarSets(cal)
	first := Date{Year: c.firstYear, Month: time.January, Day: 1}
	c.epochDay = first.days()
	n := 0
	for i := range c.covered {
		n += daysInYear(c.firstYear + i)
	}
	c.days = make([]Day, n)
	c.dayFirst = make([]int, n+1)
	c.workRank = make([]int, n+1)
	for i := 0; i < n; i++ {
		d := dateFromDays(c.epochDay + int64(i))
		c.dayFirst[i] = len(c.starts)
		c.workRank[i] = len(c.workDays)
		if !c.covered[d.Year-c.firstYear] {
			c.days[i] = Day{Date: d, Kind: Weekend}
			continue
		}
		day := c.classify(d, cs, ov)
		c.days[i] = day
		before := len(c.starts)
		for _, p := range day.Periods {
			start, end := d.In(c.loc, p.Start).UnixNano(), d.In(c.loc, p.End).UnixNano()
			if k := len(c.ends); k > 0 && start < c.ends[k-1] {
				start = c.ends[k-1] // a repeated hour at a DST change must not count twice
			}
			if start >= end {
				continue
			}
			c.starts = append(c.starts, start)
			c.ends = append(c.ends, end)
		}
		if len(c.starts) > before {
			c.workDays = append(c.workDays, i)
		}
	}
	c.dayFirst[n] = len(c.starts)
	c.workRank[n] = len(c.workDays)
	c.cum = make([]int64, len(c.starts)+1)
	for k := range c.starts {
		c.cum[k+1] = c.cum[k] + c.ends[k] - c.starts[k]
	}
}

// classify applies the rules documented on New to one day of a covered year.
func (c *Calc) classify(d Date, cs calendarSets, ov map[Date]string) Day {
	wd := d.Weekday()
	day := Day{Date: d, Name: cs.names[d], Override: ov[d]}
	madeWorking, shortened := false, false
	switch day.Override {
	case OverrideHoliday:
		day.Kind = Holiday
		return day
	case OverrideWorking:
		madeWorking = true
	case OverrideShortened:
		madeWorking, shortened = true, true
	default:
		if cs.off[d] {
			day.Kind = Holiday
			return day
		}
		madeWorking, shortened = cs.workingWeekend[d], cs.shortened[d]
	}
	periods := c.schedule.Days[wd]
	if len(periods) == 0 && madeWorking {
		periods = c.schedule.Days[time.Monday]
		if to, ok := cs.replaces[d]; ok && len(c.schedule.Days[to.Weekday()]) > 0 {
			periods = c.schedule.Days[to.Weekday()]
		}
	}
	if len(periods) == 0 {
		day.Kind = Weekend // the schedule does not work this day of the week
		return day
	}
	day.WorkingWeekend = madeWorking && isWeekend(wd)
	day.Kind = Working
	if shortened {
		day.Kind = Shortened
		periods = shorten(periods, int(c.schedule.PreholidayShortening/time.Minute))
	}
	day.Periods = slices.Clone(periods)
	return day
}

// shorten cuts minutes off the end of the day, across periods if the last one is shorter than the cut.
func shorten(periods []Period, minutes int) []Period {
	out := slices.Clone(periods)
	for len(out) > 0 && minutes > 0 {
		last := &out[len(out)-1]
		if l := last.End - last.Start; l <= minutes {
			minutes -= l
			out = out[:len(out)-1]
			continue
		}
		last.End -= minutes
		minutes = 0
	}
	return out
}

// Location is the schedule's time zone: every result is expressed in it.
func (c *Calc) Location() *time.Location { return c.loc }

// Schedule is the schedule the Calc was built with.
func (c *Calc) Schedule() Schedule { return cloneSchedule(c.schedule) }

// CoveredYears lists the calendar years the Calc has, ascending.
func (c *Calc) CoveredYears() []int {
	var ys []int
	for i, ok := range c.covered {
		if ok {
			ys = append(ys, c.firstYear+i)
		}
	}
	return ys
}

// Covered reports whether the calendar has year y.
func (c *Calc) Covered(y int) bool {
	i := y - c.firstYear
	return i >= 0 && i < len(c.covered) && c.covered[i]
}

// Provisional reports whether year y is covered by a calendar that is not confirmed by a decree.
func (c *Calc) Provisional(y int) bool { return c.provision[y].provisional }

// MissingYearWarning is the banner for the administrator: the current year missing, or from November on the next
// year missing (December deadlines run into January). "" when all is well.
func (c *Calc) MissingYearWarning(now time.Time) string {
	local := now.In(c.loc)
	if y := local.Year(); !c.Covered(y) {
		return (&MissingYearError{Year: y}).Error()
	}
	if y := local.Year() + 1; local.Month() >= time.November && !c.Covered(y) {
		return (&MissingYearError{Year: y}).Error()
	}
	return ""
}

// ProvisionalWarning names the current year (and from November on the next year) when its calendar is provisional.
// "" when there is nothing to say.
func (c *Calc) ProvisionalWarning(now time.Time) string {
	local := now.In(c.loc)
	ys := []int{local.Year()}
	if local.Month() >= time.November {
		ys = append(ys, local.Year()+1)
	}
	for _, y := range ys {
		if c.Covered(y) && c.Provisional(y) {
			return fmt.Sprintf("производственный календарь на %d год предварительный (%s): сверьте его с постановлением Правительства и при необходимости импортируйте уточнённый (otklik calendar import)", y, c.provision[y].source)
		}
	}
	return ""
}

// Day describes one calendar day: its kind and working periods.
func (c *Calc) Day(d Date) (Day, error) {
	if !d.Valid() {
		return Day{}, fmt.Errorf("неверная дата %s", d)
	}
	if !c.Covered(d.Year) {
		return Day{}, &MissingYearError{Year: d.Year}
	}
	day := c.days[d.days()-c.epochDay]
	day.Periods = slices.Clone(day.Periods)
	return day, nil
}
