package worktime

import (
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// refAdd walks the days one by one over Day's periods: a slow, obviously correct model of Add, independent of
// the running sums and binary searches.
func refAdd(tb testing.TB, c *Calc, t time.Time, d time.Duration) time.Time {
	tb.Helper()
	loc := c.Location()
	t = t.In(loc)
	for date := DateOf(t); ; date = date.AddDays(1) {
		day, err := c.Day(date)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range day.Periods {
			start, end := date.In(loc, p.Start), date.In(loc, p.End)
			if !end.After(t) {
				continue
			}
			if start.Before(t) {
				start = t
			}
			if d == 0 {
				return start
			}
			if avail := end.Sub(start); d <= avail {
				return start.Add(d) // d == avail: the period's end, not the next start
			} else {
				d -= avail
			}
		}
	}
}

// refSub is the backward walk.
func refSub(tb testing.TB, c *Calc, t time.Time, d time.Duration) time.Time {
	tb.Helper()
	loc := c.Location()
	t = t.In(loc)
	if d == 0 {
		return t
	}
	for date := DateOf(t); ; date = date.AddDays(-1) {
		day, err := c.Day(date)
		if err != nil {
			tb.Fatal(err)
		}
		for i := len(day.Periods) - 1; i >= 0; i-- {
			p := day.Periods[i]
			start, end := date.In(loc, p.Start), date.In(loc, p.End)
			if !start.Before(t) {
				continue
			}
			if end.After(t) {
				end = t
			}
			if avail := end.Sub(start); d <= avail {
				return end.Add(-d) // d == avail: the period's start, not the previous end
			} else {
				d -= avail
			}
		}
	}
}

// randomMoment is a moment between 2025-03-01 and 2027-11-30 in Tomsk, to the second: far enough from the
// calendar's ends for a few weeks of working time either way.
func randomMoment(r *rand.Rand, loc *time.Location) time.Time {
	from := time.Date(2025, time.March, 1, 0, 0, 0, 0, loc).Unix()
	to := time.Date(2027, time.November, 30, 0, 0, 0, 0, loc).Unix()
	return time.Unix(from+r.Int64N(to-from), 0).In(loc)
}

// TestProperties: for random receipts and durations (seeded, so a failure repeats), Add and Sub agree with the
// day-by-day model, Between inverts both, and the results sit where the boundary rules put them.
func TestProperties(t *testing.T) {
	c := defaultCalc(t, Override{mustDate(t, "2026-06-13"), OverrideWorking}, Override{mustDate(t, "2026-12-30"), OverrideShortened})
	r := rand.New(rand.NewPCG(2026, 7))
	for i := 0; i < 5000; i++ {
		at := randomMoment(r, c.Location())
		d := time.Duration(r.Int64N(120*60))*time.Minute + time.Duration(r.Int64N(60))*time.Second
		if i%10 == 0 {
			d = time.Duration(r.Int64N(9)) * time.Hour // whole hours land on period boundaries
		}
		fwd, err := c.Add(at, d)
		if err != nil {
			t.Fatal(err)
		}
		if want := refAdd(t, c, at, d); !fwd.Equal(want) {
			t.Fatalf("Add(%s, %v) = %s, the model gives %s", fmtLocal(at), d, fmtLocal(fwd), fmtLocal(want))
		}
		if got, err := c.Between(at, fwd); err != nil || got != d {
			t.Fatalf("Between(%s, Add(…, %v)) = %v, %v", fmtLocal(at), d, got, err)
		}
		back, err := c.Sub(at, d)
		if err != nil {
			t.Fatal(err)
		}
		if want := refSub(t, c, at, d); !back.Equal(want) {
			t.Fatalf("Sub(%s, %v) = %s, the model gives %s", fmtLocal(at), d, fmtLocal(back), fmtLocal(want))
		}
		if got, err := c.Between(back, at); err != nil || got != d {
			t.Fatalf("Between(Sub(%s, %v), …) = %v, %v", fmtLocal(at), d, got, err)
		}
		if d > 0 {
			// Forwards: working time ran right up to the result. Backwards: the result is working time.
			if ok, _ := c.IsWorking(fwd.Add(-time.Second)); !ok {
				t.Fatalf("Add(%s, %v) = %s, which does not end working time", fmtLocal(at), d, fmtLocal(fwd))
			}
			if ok, _ := c.IsWorking(back); !ok {
				t.Fatalf("Sub(%s, %v) = %s, which is not working time", fmtLocal(at), d, fmtLocal(back))
			}
			// Add after Sub comes back no later than where it started (earlier only across a pause).
			if again, err := c.Add(back, d); err != nil || again.After(at) {
				t.Fatalf("Add(Sub(%s, %v)) = %s, %v: past the start", fmtLocal(at), d, fmtLocal(again), err)
			}
		}
	}
}

// TestLongDurations: the searches gallop from the start; a year of working time takes them far away.
func TestLongDurations(t *testing.T) {
	c := defaultCalc(t)
	for _, tt := range []struct {
		at                     string
		d                      time.Duration
		addMissing, subMissing int // the year Add / Sub must report missing; 0 = they succeed
	}{
		{"2025-06-02T10:17", 1500 * time.Hour, 0, 2024},
		{"2027-06-01T15:40", 1500 * time.Hour, 2028, 0},
		{"2026-03-03T09:00", 1972 * time.Hour, 0, 0},
	} {
		at := local(t, tt.at)
		check := func(op string, got time.Time, err error, missing int, model func() time.Time) {
			var me *MissingYearError
			switch {
			case missing != 0 && (!errors.As(err, &me) || me.Year != missing):
				t.Errorf("%s(%s, %v): error = %v, want missing %d", op, tt.at, tt.d, err, missing)
			case missing == 0 && err != nil:
				t.Errorf("%s(%s, %v): %v", op, tt.at, tt.d, err)
			case missing == 0 && !got.Equal(model()):
				t.Errorf("%s(%s, %v) = %s, the model gives %s", op, tt.at, tt.d, fmtLocal(got), fmtLocal(model()))
			}
		}
		fwd, err := c.Add(at, tt.d)
		check("Add", fwd, err, tt.addMissing, func() time.Time { return refAdd(t, c, at, tt.d) })
		back, err := c.Sub(at, tt.d)
		check("Sub", back, err, tt.subMissing, func() time.Time { return refSub(t, c, at, tt.d) })
	}
}

// TestConcurrentUse: one Calc shared by the ticker, the intake and the window (run with -race).
func TestConcurrentUse(t *testing.T) {
	c := defaultCalc(t)
	r := rand.New(rand.NewPCG(1, 2))
	receipts := make([]time.Time, 200)
	want := make([]time.Time, len(receipts))
	for i := range receipts {
		receipts[i] = randomMoment(r, c.Location())
		var err error
		if want[i], err = c.Add(receipts[i], 7*time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, at := range receipts {
				got, err := c.Add(at, 7*time.Hour)
				if err != nil || !got.Equal(want[i]) {
					errs <- fmtLocal(at)
					return
				}
				if _, err := c.Sub(got, 2*time.Hour); err != nil {
					errs <- err.Error()
					return
				}
				if _, err := c.Day(DateOf(at)); err != nil {
					errs <- err.Error()
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent Add disagreed at %s", e)
	}
}
