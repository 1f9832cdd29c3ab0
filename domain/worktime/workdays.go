package worktime

import (
	"fmt"
	"time"
)

// EndOfNthWorkingDayAfter is the end of the last working period of the n-th working day after t's calendar day
// (in the schedule's zone): П.10, final_rule "end_of_day_after". The day of t itself never counts, working or not
// — the Civil Code's rule that a period counted in days starts on the next day.
func (c *Calc) EndOfNthWorkingDayAfter(t time.Time, n int) (time.Time, error) {
	yi, day, err := c.nthWorkingDayAfter(t, n)
	if err != nil {
		return time.Time{}, err
	}
	x := c.ends[c.dayFirst[day+1]-1]
	if err := c.crossed(yi, c.yearIndex(x)); err != nil {
		return time.Time{}, err
	}
	return c.at(x), nil
}

// SameTimeNthWorkingDayAfter is t's clock time on the n-th working day after t's calendar day: П.10, final_rule
// "same_time". A clock time outside that day's working hours is brought inside them: after the day's end it is the
// day's end (the term cannot outlast the n-th day), before the day's start it is the start. A time in the lunch
// break is kept as it is: no working time passes there, so it is the same deadline as the break's start.
func (c *Calc) SameTimeNthWorkingDayAfter(t time.Time, n int) (time.Time, error) {
	yi, day, err := c.nthWorkingDayAfter(t, n)
	if err != nil {
		return time.Time{}, err
	}
	local := t.In(c.loc)
	d := c.days[day].Date
	x := time.Date(d.Year, d.Month, d.Day, local.Hour(), local.Minute(), local.Second(), local.Nanosecond(), c.loc).UnixNano()
	x = max(x, c.starts[c.dayFirst[day]])
	x = min(x, c.ends[c.dayFirst[day+1]-1])
	if err := c.crossed(yi, c.yearIndex(x)); err != nil {
		return time.Time{}, err
	}
	return c.at(x), nil
}

// nthWorkingDayAfter finds the index (into c.days) of the n-th day with working time after t's day.
func (c *Calc) nthWorkingDayAfter(t time.Time, n int) (yearIdx, day int, err error) {
	if n < 1 {
		return 0, 0, fmt.Errorf("рабочее время: число рабочих дней должно быть больше нуля, а не %d", n)
	}
	yi, _, err := c.locate(t)
	if err != nil {
		return 0, 0, err
	}
	today := int(DateOf(t.In(c.loc)).days() - c.epochDay)
	r := c.workRank[today+1] + n - 1
	if r >= len(c.workDays) {
		return 0, 0, c.missingAfter(yi)
	}
	return yi, c.workDays[r], nil
}
