package worktime

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The data files the binary embeds (package assets); the tests read the same bytes from disk, so that this
// package keeps importing nothing of the project.
var (
	calendarFile = filepath.Join("..", "..", "assets", "calendar", "ru-calendar.json")
	presetsFile  = filepath.Join("..", "..", "assets", "calendar", "working-hours-presets.json")
)

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// embeddedCalendar is ru-calendar.json: 2025, 2026 and the provisional 2027.
func embeddedCalendar(tb testing.TB) *Calendar {
	tb.Helper()
	cal, err := ParseCalendarJSON(readFile(tb, calendarFile))
	if err != nil {
		tb.Fatal(err)
	}
	return cal
}

// calendarOf keeps only the given years of the embedded calendar.
func calendarOf(tb testing.TB, years ...int) *Calendar {
	tb.Helper()
	full := embeddedCalendar(tb)
	cal := &Calendar{}
	for _, y := range years {
		cal.Merge(y, full.Years[y])
	}
	return cal
}

// defaultCalc is the default schedule (standard_40h, Asia/Tomsk) over the embedded calendar.
func defaultCalc(tb testing.TB, overrides ...Override) *Calc {
	tb.Helper()
	c, err := New(DefaultSchedule(), embeddedCalendar(tb), overrides)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func tomsk(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Tomsk")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// local reads "2006-01-02T15:04" (or with seconds) in Asia/Tomsk, the form of expected.json.
func local(tb testing.TB, s string) time.Time {
	tb.Helper()
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, tomsk(tb)); err == nil {
			return t
		}
	}
	tb.Fatalf("bad local time %q", s)
	return time.Time{}
}

func mustDate(tb testing.TB, s string) Date {
	tb.Helper()
	d, err := ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// fmtLocal prints a result the way the tables write it, with the zone offset so a wrong zone shows.
func fmtLocal(t time.Time) string { return t.Format("2006-01-02T15:04:05Z07:00") }
