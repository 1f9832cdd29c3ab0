package worktime

import (
	"math/rand/v2"
	"testing"
	"time"
)

// receipts2026 are random receipt times across 2026, to the second.
func receipts2026(tb testing.TB, c *Calc) []time.Time {
	r := rand.New(rand.NewPCG(42, 42))
	from := time.Date(2026, time.January, 1, 0, 0, 0, 0, c.Location()).Unix()
	to := time.Date(2027, time.January, 1, 0, 0, 0, 0, c.Location()).Unix()
	out := make([]time.Time, 4096)
	for i := range out {
		out[i] = time.Unix(from+r.Int64N(to-from), 0).In(c.Location())
	}
	return out
}

func BenchmarkAdd(b *testing.B) {
	c := defaultCalc(b)
	receipts := receipts2026(b, c)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Add(receipts[i%len(receipts)], 7*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeadlines is one case's П.7 + П.8 arithmetic: answer due = Add 7 h, drafts due = Sub 2 h.
func BenchmarkDeadlines(b *testing.B) {
	c := defaultCalc(b)
	receipts := receipts2026(b, c)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		due, err := c.Add(receipts[i%len(receipts)], 7*time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Sub(due, 2*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deadlines/s")
}

func BenchmarkBetween(b *testing.B) {
	c := defaultCalc(b)
	receipts := receipts2026(b, c)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Between(receipts[i%len(receipts)], receipts[(i+1)%len(receipts)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew is the cost of a settings change: building the tables of three years.
func BenchmarkNew(b *testing.B) {
	cal := embeddedCalendar(b)
	s := DefaultSchedule()
	for b.Loop() {
		if _, err := New(s, cal, nil); err != nil {
			b.Fatal(err)
		}
	}
}
