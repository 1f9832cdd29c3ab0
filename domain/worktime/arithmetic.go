package worktime

import (
	"errors"
	"math"
	"time"
)

// Periods are half-open, so a moment at a period's end is not working time: receipt at 13:00 starts at 14:00.
// A forward sum takes the earliest moment with the requested working time behind it (a period's end rather than
// the next start: 13:00, 18:00); a backward sum takes the latest (a period's start rather than the previous end:
// 14:00, 09:00). Both follow from the running sums: W(t) is flat between periods, and the two searches take the
// two ends of a flat stretch.

// Start is the first working moment at or after t: the П.7 clock start.
func (c *Calc) Start(t time.Time) (time.Time, error) {
	yi, _, x, err := c.begin(t)
	if err != nil {
		return time.Time{}, err
	}
	return c.landed(yi, x)
}

// Add is the moment when d of working time has passed since Start(t) (П.7: answer due = start + 7 working hours).
// Add(t, 0) is Start(t); a negative d counts backwards as Sub(t, -d).
func (c *Calc) Add(t time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return c.reversed(c.Sub, t, d)
	}
	yi, k, x, err := c.begin(t)
	if err != nil {
		return time.Time{}, err
	}
	if d > 0 {
		done := c.cum[k] + x - c.starts[k]
		if int64(d) > c.cum[len(c.starts)]-done {
			return time.Time{}, c.missingAfter(yi)
		}
		target := done + int64(d)
		j := c.firstCumEndAtLeast(k, target)
		x = c.starts[j] + target - c.cum[j]
	}
	return c.landed(yi, x)
}

// Sub is the latest moment with d of working time between it and t (П.8: drafts due = answer due − 2 working
// hours). Sub(t, 0) is t itself (in the schedule's zone); a negative d counts forwards as Add(t, -d).
func (c *Calc) Sub(t time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return c.reversed(c.Add, t, d)
	}
	yi, ns, err := c.locate(t)
	if err != nil {
		return time.Time{}, err
	}
	if d == 0 {
		return c.at(ns), nil
	}
	k := c.firstEndAfter(ns)
	done := c.workedBeforeFrom(k, ns)
	if int64(d) > done {
		return time.Time{}, c.missingBefore(yi)
	}
	target := done - int64(d)
	j := c.lastCumStartAtMost(min(k, len(c.starts)-1), target)
	return c.landed(yi, c.starts[j]+target-c.cum[j])
}

// begin finds Start(t) in the calculator's terms: t's year, the period the clock starts in, and the moment.
func (c *Calc) begin(t time.Time) (yi, k int, x int64, err error) {
	yi, ns, err := c.locate(t)
	if err != nil {
		return 0, 0, 0, err
	}
	k = c.firstEndAfter(ns)
	if k == len(c.starts) {
		return 0, 0, 0, c.missingAfter(yi)
	}
	return yi, k, max(ns, c.starts[k]), nil
}

// landed is the moment x reached from a moment in year yi, refused when the way crossed a year the calendar
// does not have.
func (c *Calc) landed(yi int, x int64) (time.Time, error) {
	if err := c.crossed(yi, c.yearIndex(x)); err != nil {
		return time.Time{}, err
	}
	return c.at(x), nil
}

// reversed counts a negative d the other way: Add(t, -h) is Sub(t, h) and the reverse. The one duration without
// a positive counterpart is refused.
func (c *Calc) reversed(other func(time.Time, time.Duration) (time.Time, error), t time.Time,
	d time.Duration) (time.Time, error) {
	if d == math.MinInt64 {
		return time.Time{}, errors.New("рабочее время: слишком большой интервал")
	}
	return other(t, -d)
}

// Between is the working time in [from, to); negative when to is before from. It inverts Add:
// Between(t, Add(t, d)) == d.
func (c *Calc) Between(from, to time.Time) (time.Duration, error) {
	yf, a, err := c.locate(from)
	if err != nil {
		return 0, err
	}
	yt, b, err := c.locate(to)
	if err != nil {
		return 0, err
	}
	if err := c.crossed(yf, yt); err != nil {
		return 0, err
	}
	return time.Duration(c.workedBefore(b) - c.workedBefore(a)), nil
}

// IsWorking reports whether t is inside a working period (a countdown runs).
func (c *Calc) IsWorking(t time.Time) (bool, error) {
	_, ns, err := c.locate(t)
	if err != nil {
		return false, err
	}
	k := c.firstEndAfter(ns)
	return k < len(c.starts) && c.starts[k] <= ns, nil
}

// NextChange is the next moment after t when working time starts or stops, and whether it is working after it:
// "до 13:00" (working now; false) or "пауза — с пн 09:00" (paused now; true). Adjacent periods count as one.
func (c *Calc) NextChange(t time.Time) (time.Time, bool, error) {
	yi, ns, err := c.locate(t)
	if err != nil {
		return time.Time{}, false, err
	}
	k := c.firstEndAfter(ns)
	if k == len(c.starts) {
		return time.Time{}, false, c.missingAfter(yi)
	}
	x, workingAfter := c.starts[k], true
	if c.starts[k] <= ns {
		for k+1 < len(c.starts) && c.starts[k+1] == c.ends[k] {
			k++
		}
		x, workingAfter = c.ends[k], false
	}
	// A block that ends exactly where a missing year begins may go on in it: crossed reports that year.
	if err := c.crossed(yi, c.yearIndex(x)); err != nil {
		return time.Time{}, false, err
	}
	return c.at(x), workingAfter, nil
}

// Periods lists the next n working intervals: the one containing from (whole) and those after it — the preview
// of the settings screen. When the calendar ends first it returns what it found with a *MissingYearError.
func (c *Calc) Periods(from time.Time, n int) ([]Interval, error) {
	yi, ns, err := c.locate(from)
	if err != nil {
		return nil, err
	}
	out := make([]Interval, 0, max(n, 0))
	for k := c.firstEndAfter(ns); len(out) < n; k++ {
		if k == len(c.starts) {
			return out, c.missingAfter(yi)
		}
		if err := c.crossed(yi, c.yearIndex(c.starts[k])); err != nil {
			return out, err
		}
		out = append(out, Interval{Start: c.at(c.starts[k]), End: c.at(c.ends[k])})
	}
	return out, nil
}

// locate checks that t's year (in the schedule's zone) is covered and returns its index and t in Unix ns.
func (c *Calc) locate(t time.Time) (int, int64, error) {
	sec := t.Unix()
	if sec < c.yearStart[0]/1e9 || sec >= c.yearStart[len(c.yearStart)-1]/1e9 {
		return 0, 0, &MissingYearError{Year: t.In(c.loc).Year()}
	}
	ns := t.UnixNano()
	yi := c.yearIndex(ns)
	if !c.covered[yi] {
		return 0, 0, &MissingYearError{Year: c.firstYear + yi}
	}
	return yi, ns, nil
}

// yearIndex is the index of the year holding ns; len(c.covered) for ns at or after the end of the span.
func (c *Calc) yearIndex(ns int64) int {
	lo, hi := 0, len(c.yearStart)-1 // yearStart[lo] <= ns is the invariant for lo > 0
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if c.yearStart[mid] <= ns {
			lo = mid
		} else {
			hi = mid
		}
	}
	if ns >= c.yearStart[hi] {
		return hi
	}
	return lo
}

// crossed reports the first year missing from the calendar on the way from year index a to year index b.
func (c *Calc) crossed(a, b int) error {
	step := 1
	if b < a {
		step = -1
	}
	for i := a; ; i += step {
		if i < 0 || i >= len(c.covered) || !c.covered[i] {
			return &MissingYearError{Year: c.firstYear + i}
		}
		if i == b {
			return nil
		}
	}
}

// missingAfter is the first year after year index yi the calendar lacks (the computation ran into it).
func (c *Calc) missingAfter(yi int) error {
	i := yi + 1
	for i < len(c.covered) && c.covered[i] {
		i++
	}
	return &MissingYearError{Year: c.firstYear + i}
}

// missingBefore is the first year before year index yi the calendar lacks.
func (c *Calc) missingBefore(yi int) error {
	i := yi - 1
	for i >= 0 && c.covered[i] {
		i--
	}
	return &MissingYearError{Year: c.firstYear + i}
}

// firstEndAfter is the first interval that ends after ns (the one holding ns, or the next); len(starts) if none.
func (c *Calc) firstEndAfter(ns int64) int {
	lo, hi := 0, len(c.ends)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if c.ends[mid] <= ns {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// firstCumEndAtLeast is the first interval j >= from whose end has at least target working time behind it
// (cum[from] < target <= cum[last+1]). Deadlines are a few intervals away, so it gallops from `from` before it
// bisects: a handful of comparisons instead of a search over years of intervals.
func (c *Calc) firstCumEndAtLeast(from int, target int64) int {
	lo, step := from, 1
	hi := lo
	for c.cum[hi+1] < target {
		lo = hi + 1
		hi += step
		step *= 2
		if hi >= len(c.starts)-1 {
			hi = len(c.starts) - 1
			break
		}
	}
	for lo < hi { // the answer is in [lo, hi]
		mid := int(uint(lo+hi) >> 1)
		if c.cum[mid+1] < target {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// lastCumStartAtMost is the last interval j <= from whose start has at most target working time behind it
// (0 <= target < cum[from+1]): the interval where a backward count ends. It gallops backwards from `from`.
func (c *Calc) lastCumStartAtMost(from int, target int64) int {
	hi, step := from, 1
	lo := hi
	for c.cum[lo] > target {
		hi = lo - 1
		lo -= step
		step *= 2
		if lo <= 0 {
			lo = 0
			break
		}
	}
	for lo < hi { // the answer is in [lo, hi]
		mid := int(uint(lo+hi+1) >> 1)
		if c.cum[mid] <= target {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// workedBefore is the working time of the covered span before ns.
func (c *Calc) workedBefore(ns int64) int64 { return c.workedBeforeFrom(c.firstEndAfter(ns), ns) }

// workedBeforeFrom is workedBefore with k = firstEndAfter(ns) already found.
func (c *Calc) workedBeforeFrom(k int, ns int64) int64 {
	if k == len(c.starts) {
		return c.cum[k]
	}
	if ns <= c.starts[k] {
		return c.cum[k]
	}
	return c.cum[k] + ns - c.starts[k]
}

func (c *Calc) at(ns int64) time.Time { return time.Unix(0, ns).In(c.loc) }
