package worktime

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The default schedule (Mon–Fri 09:00–13:00, 14:00–18:00, Asia/Tomsk) over ru-calendar.json throughout.

func TestStart(t *testing.T) {
	c := defaultCalc(t)
	tests := []struct {
		name, at, want string
	}{
		// П.7 / CLI.md "Working-time boundaries": the clock starts at the first working moment at or after receipt.
		{"inside the morning period", "2026-01-13T12:59", "2026-01-13T12:59:00+07:00"},
		{"last second before lunch", "2026-01-13T12:59:59", "2026-01-13T12:59:59+07:00"},
		{"13:00 is lunch: starts 14:00", "2026-01-13T13:00", "2026-01-13T14:00:00+07:00"},
		{"18:00 is evening: next morning", "2026-01-13T18:00", "2026-01-14T09:00:00+07:00"},
		{"before work", "2026-01-13T08:59", "2026-01-13T09:00:00+07:00"},
		{"Saturday: Monday morning", "2026-01-17T11:00", "2026-01-19T09:00:00+07:00"},
		{"holiday 09.01.2026: Monday 12.01", "2026-01-09T11:30", "2026-01-12T09:00:00+07:00"},
		{"shortened 03.11.2026 ends 17:00", "2026-11-03T17:00", "2026-11-05T09:00:00+07:00"},
		{"New Year break: 30.12.2026 evening to 11.01.2027", "2026-12-30T18:00", "2027-01-11T09:00:00+07:00"},
		{"transferred working Saturday 20.02.2027 opens 09:00", "2027-02-20T08:00", "2027-02-20T09:00:00+07:00"},
		{"working Saturday 20.02.2027 is shortened: 17:00 is after work", "2027-02-20T17:00", "2027-02-24T09:00:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Start(local(t, tt.at))
			if err != nil {
				t.Fatal(err)
			}
			if fmtLocal(got) != tt.want {
				t.Errorf("Start(%s) = %s, want %s", tt.at, fmtLocal(got), tt.want)
			}
		})
	}
}

func TestAdd(t *testing.T) {
	c := defaultCalc(t)
	tests := []struct {
		name, received string
		d              time.Duration
		want           string
	}{
		// П.7: answer due = clock start + 7 working hours.
		{"received before work", "2026-02-02T07:40", 7 * time.Hour, "2026-02-02T17:00:00+07:00"},
		{"received in the morning, runs past lunch and the night", "2026-01-13T10:22", 7 * time.Hour, "2026-01-14T09:22:00+07:00"},
		{"received in lunch", "2026-03-16T13:30", 7 * time.Hour, "2026-03-17T12:00:00+07:00"},
		{"received at 13:00 starts at 14:00", "2026-01-13T13:00", time.Hour, "2026-01-13T15:00:00+07:00"},
		{"received at 18:00 starts next morning", "2026-01-13T18:00", time.Hour, "2026-01-14T10:00:00+07:00"},
		{"received in the evening", "2026-01-13T21:15", 7 * time.Hour, "2026-01-14T17:00:00+07:00"},
		{"Friday evening to Monday", "2026-01-16T17:00", 7 * time.Hour, "2026-01-19T16:00:00+07:00"},
		{"received on Saturday", "2026-01-17T11:00", 7 * time.Hour, "2026-01-19T17:00:00+07:00"},
		{"received on a holiday (09.01.2026)", "2026-01-09T11:30", 7 * time.Hour, "2026-01-12T17:00:00+07:00"},
		{"holiday Monday 23.02.2026 skipped", "2026-02-20T16:00", 7 * time.Hour, "2026-02-24T15:00:00+07:00"},
		{"shortened 03.11.2026 (17:00) then holiday 04.11", "2026-11-03T15:00", 7 * time.Hour, "2026-11-05T15:00:00+07:00"},
		{"received after the shortened day's end", "2026-11-03T17:30", 7 * time.Hour, "2026-11-05T17:00:00+07:00"},
		{"CLI.md: shortened 30.04.2026 15:10", "2026-04-30T15:10", 7 * time.Hour, "2026-05-04T15:10:00+07:00"},
		{"shortened 08.05.2026 then 09–11.05 off", "2026-05-08T16:30", time.Hour, "2026-05-12T09:30:00+07:00"},
		{"New Year break 31.12.2026–10.01.2027; ends exactly at 13:00", "2026-12-30T15:00", 7 * time.Hour, "2027-01-11T13:00:00+07:00"},
		{"received on 31.12.2026 (transferred day off)", "2026-12-31T10:00", 7 * time.Hour, "2027-01-11T17:00:00+07:00"},
		{"transferred working Saturday 20.02.2027 (Monday's periods, shortened)", "2027-02-19T16:00", 7 * time.Hour, "2027-02-20T15:00:00+07:00"},
		{"received late on the working Saturday, then 21–23.02 off", "2027-02-20T16:30", 7 * time.Hour, "2027-02-24T16:30:00+07:00"},
		{"working Saturday 01.11.2025 (shortened)", "2025-10-31T17:00", 7 * time.Hour, "2025-11-01T16:00:00+07:00"},
		{"forward sum ending at a period end gives 13:00", "2026-01-13T09:00", 4 * time.Hour, "2026-01-13T13:00:00+07:00"},
		{"forward sum ending at a period end gives 18:00", "2026-01-13T09:00", 8 * time.Hour, "2026-01-13T18:00:00+07:00"},
		{"a 40-hour week", "2026-01-19T09:00", 40 * time.Hour, "2026-01-23T18:00:00+07:00"},
		{"zero is the clock start", "2026-01-13T13:20", 0, "2026-01-13T14:00:00+07:00"},
		{"seconds are carried through", "2026-01-13T10:22:37", 7 * time.Hour, "2026-01-14T09:22:37+07:00"},
		{"negative counts backwards", "2026-01-14T09:22", -2 * time.Hour, "2026-01-13T16:22:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Add(local(t, tt.received), tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if fmtLocal(got) != tt.want {
				t.Errorf("Add(%s, %v) = %s, want %s", tt.received, tt.d, fmtLocal(got), tt.want)
			}
		})
	}
}

func TestSub(t *testing.T) {
	c := defaultCalc(t)
	tests := []struct {
		name, from string
		d          time.Duration
		want       string
	}{
		// П.8: executors' drafts due = answer due − 2 working hours, counted backwards over the same calendar.
		{"over the night", "2026-01-14T09:22", 2 * time.Hour, "2026-01-13T16:22:00+07:00"},
		{"same afternoon", "2026-01-12T17:00", 2 * time.Hour, "2026-01-12T15:00:00+07:00"},
		{"CLI.md: over lunch", "2026-05-04T15:10", 2 * time.Hour, "2026-05-04T12:10:00+07:00"},
		{"backward sum ending at a period start gives 14:00", "2026-01-13T16:00", 2 * time.Hour, "2026-01-13T14:00:00+07:00"},
		{"backward sum ending at a period start gives 09:00", "2026-01-13T13:00", 4 * time.Hour, "2026-01-13T09:00:00+07:00"},
		{"a whole day back gives 09:00, not the evening before", "2026-01-13T18:00", 8 * time.Hour, "2026-01-13T09:00:00+07:00"},
		{"across lunch", "2026-01-13T14:30", time.Hour, "2026-01-13T12:30:00+07:00"},
		{"over a weekend", "2026-01-19T10:00", 2 * time.Hour, "2026-01-16T17:00:00+07:00"},
		{"over the New Year break", "2027-01-11T10:00", 2 * time.Hour, "2026-12-30T17:00:00+07:00"},
		{"from a Saturday (a stated deadline)", "2026-01-17T12:00", 2 * time.Hour, "2026-01-16T16:00:00+07:00"},
		{"from inside lunch", "2026-01-13T13:30", time.Hour, "2026-01-13T12:00:00+07:00"},
		{"onto a shortened day", "2026-11-05T10:00", 2 * time.Hour, "2026-11-03T16:00:00+07:00"},
		{"onto the working Saturday 20.02.2027", "2027-02-24T10:00", 3 * time.Hour, "2027-02-20T15:00:00+07:00"},
		{"zero is the moment itself", "2026-01-17T12:00", 0, "2026-01-17T12:00:00+07:00"},
		{"negative counts forwards", "2026-01-13T10:22", -7 * time.Hour, "2026-01-14T09:22:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Sub(local(t, tt.from), tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if fmtLocal(got) != tt.want {
				t.Errorf("Sub(%s, %v) = %s, want %s", tt.from, tt.d, fmtLocal(got), tt.want)
			}
		})
	}
}

func TestBetween(t *testing.T) {
	c := defaultCalc(t)
	tests := []struct {
		name, from, to string
		want           time.Duration
	}{
		// П.7 countdown: remaining working time.
		{"same period", "2026-01-13T10:00", "2026-01-13T12:30", 150 * time.Minute},
		{"over lunch", "2026-01-13T12:00", "2026-01-13T15:00", 2 * time.Hour},
		{"over a weekend", "2026-01-16T17:00", "2026-01-19T10:00", 2 * time.Hour},
		{"over the New Year break", "2026-12-30T09:00", "2027-01-11T13:00", 12 * time.Hour},
		{"paused outside work", "2026-01-17T10:00", "2026-01-18T20:00", 0},
		{"overdue is negative", "2026-01-14T10:00", "2026-01-13T17:00", -2 * time.Hour},
		{"a shortened day has 7 hours", "2026-11-03T00:00", "2026-11-04T00:00", 7 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Between(local(t, tt.from), local(t, tt.to))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Between(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestOverrides(t *testing.T) {
	tests := []struct {
		name      string
		overrides []Override
		received  string
		d         time.Duration
		want      string // with the override
		without   string // the calendar alone, so the test proves the override changed something
	}{
		{"a Saturday made working uses Monday's periods", []Override{{mustDate(t, "2026-06-13"), OverrideWorking}},
			"2026-06-11T16:00", 7 * time.Hour, "2026-06-13T16:00:00+07:00", "2026-06-15T16:00:00+07:00"},
		{"CLI.md example: 30.12.2026 made a holiday", []Override{{mustDate(t, "2026-12-30"), OverrideHoliday}},
			"2026-12-29T15:00", 7 * time.Hour, "2027-01-11T13:00:00+07:00", "2026-12-30T13:00:00+07:00"},
		{"a day made shortened ends at 17:00", []Override{{mustDate(t, "2026-12-30"), OverrideShortened}},
			"2026-12-30T16:00", 2 * time.Hour, "2027-01-11T10:00:00+07:00", "2026-12-30T18:00:00+07:00"},
		{"working overrides the calendar's shortening", []Override{{mustDate(t, "2026-11-03"), OverrideWorking}},
			"2026-11-03T17:00", time.Hour, "2026-11-03T18:00:00+07:00", "2026-11-05T10:00:00+07:00"},
		{"a holiday weekday made working keeps its own periods", []Override{{mustDate(t, "2026-11-04"), OverrideWorking}},
			"2026-11-03T17:30", time.Hour, "2026-11-04T10:00:00+07:00", "2026-11-05T10:00:00+07:00"},
		{"the decree's working Saturday 20.02.2027 cancelled", []Override{{mustDate(t, "2027-02-20"), OverrideHoliday}},
			"2027-02-19T16:00", 7 * time.Hour, "2027-02-24T15:00:00+07:00", "2027-02-20T15:00:00+07:00"},
		{"a Sunday made shortened", []Override{{mustDate(t, "2026-01-18"), OverrideShortened}},
			"2026-01-16T18:00", 8 * time.Hour, "2026-01-19T10:00:00+07:00", "2026-01-19T18:00:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			with, plain := defaultCalc(t, tt.overrides...), defaultCalc(t)
			got, err := with.Add(local(t, tt.received), tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if fmtLocal(got) != tt.want {
				t.Errorf("with override: Add(%s, %v) = %s, want %s", tt.received, tt.d, fmtLocal(got), tt.want)
			}
			got, err = plain.Add(local(t, tt.received), tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if fmtLocal(got) != tt.without {
				t.Errorf("without override: Add(%s, %v) = %s, want %s", tt.received, tt.d, fmtLocal(got), tt.without)
			}
		})
	}
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		name      string
		overrides []Override
		want      string
	}{
		{"unknown kind", []Override{{mustDate(t, "2026-12-30"), "day-off"}}, `неизвестный вид "day-off"`},
		{"invalid date", []Override{{Date{2026, 2, 30}, OverrideHoliday}}, "неверная дата 2026-02-30"},
		{"the same date twice", []Override{{mustDate(t, "2026-12-30"), OverrideHoliday}, {mustDate(t, "2026-12-30"), OverrideWorking}}, "задано дважды"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(DefaultSchedule(), embeddedCalendar(t), tt.overrides)
			if err == nil || !contains(err.Error(), tt.want) {
				t.Errorf("New() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestMissingYear(t *testing.T) {
	only2026, err := New(DefaultSchedule(), calendarOf(t, 2026), nil)
	if err != nil {
		t.Fatal(err)
	}
	gap, err := New(DefaultSchedule(), calendarOf(t, 2025, 2027), nil)
	if err != nil {
		t.Fatal(err)
	}
	full := defaultCalc(t)
	tests := []struct {
		name string
		c    *Calc
		call func(c *Calc) error
		year int
	}{
		{"a deadline running into next year", only2026, func(c *Calc) error {
			_, err := c.Add(local(t, "2026-12-30T15:00"), 7*time.Hour)
			return err
		}, 2027},
		{"a clock start in next year", only2026, func(c *Calc) error {
			_, err := c.Start(local(t, "2026-12-30T18:00"))
			return err
		}, 2027},
		{"drafts due counted back into last year", only2026, func(c *Calc) error {
			_, err := c.Sub(local(t, "2026-01-12T09:30"), 2*time.Hour)
			return err
		}, 2025},
		{"receipt in a year before the calendar", only2026, func(c *Calc) error {
			_, err := c.Add(local(t, "2025-12-31T10:00"), time.Hour)
			return err
		}, 2025},
		{"receipt after the calendar", full, func(c *Calc) error {
			_, err := c.Start(local(t, "2028-03-01T10:00"))
			return err
		}, 2028},
		{"end of 2027 needs 2028", full, func(c *Calc) error {
			_, err := c.Start(local(t, "2027-12-30T18:00"))
			return err
		}, 2028},
		{"final due in 2028", full, func(c *Calc) error {
			_, err := c.EndOfNthWorkingDayAfter(local(t, "2027-12-27T10:00"), 7)
			return err
		}, 2028},
		{"same-time final due in 2028", full, func(c *Calc) error {
			_, err := c.SameTimeNthWorkingDayAfter(local(t, "2027-12-27T10:00"), 7)
			return err
		}, 2028},
		{"between into 2028", full, func(c *Calc) error {
			_, err := c.Between(local(t, "2027-06-01T10:00"), local(t, "2028-01-13T10:00"))
			return err
		}, 2028},
		{"a gap year crossed forwards", gap, func(c *Calc) error {
			_, err := c.Add(local(t, "2025-12-30T10:00"), 16*time.Hour)
			return err
		}, 2026},
		{"a gap year crossed backwards", gap, func(c *Calc) error {
			_, err := c.Sub(local(t, "2027-01-11T10:00"), 2*time.Hour)
			return err
		}, 2026},
		{"a gap year between two moments", gap, func(c *Calc) error {
			_, err := c.Between(local(t, "2025-06-02T10:00"), local(t, "2027-06-01T10:00"))
			return err
		}, 2026},
		{"a moment inside the gap year", gap, func(c *Calc) error {
			_, err := c.IsWorking(local(t, "2026-06-02T10:00"))
			return err
		}, 2026},
		{"a final due across the gap year", gap, func(c *Calc) error {
			_, err := c.EndOfNthWorkingDayAfter(local(t, "2025-12-29T10:00"), 3)
			return err
		}, 2026},
		{"a day of a missing year", full, func(c *Calc) error {
			_, err := c.Day(mustDate(t, "2024-05-06"))
			return err
		}, 2024},
		{"next change in next year", only2026, func(c *Calc) error {
			_, _, err := c.NextChange(local(t, "2026-12-30T19:00"))
			return err
		}, 2027},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(tt.c)
			var missing *MissingYearError
			if !errors.As(err, &missing) {
				t.Fatalf("error = %v, want *MissingYearError", err)
			}
			if missing.Year != tt.year {
				t.Errorf("missing year = %d, want %d", missing.Year, tt.year)
			}
		})
	}
	// The message the administrator reads, exactly.
	want := "нет производственного календаря на 2028 год: импортируйте его (otklik calendar import)"
	if got := (&MissingYearError{Year: 2028}).Error(); got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestFinalDue(t *testing.T) {
	c := defaultCalc(t)
	tests := []struct {
		name, sent string
		n          int
		endOfDay   string // final_rule end_of_day_after
		sameTime   string // final_rule same_time
	}{
		// П.10: final answer within 7 working days from the day after the interim answer was sent.
		{"an ordinary fortnight", "2026-01-13T15:00", 7, "2026-01-22T18:00:00+07:00", "2026-01-22T15:00:00+07:00"},
		{"sent on a Saturday: the count starts Monday", "2026-01-17T11:00", 7, "2026-01-27T18:00:00+07:00", "2026-01-27T11:00:00+07:00"},
		{"the 7th day is the shortened 03.11.2026", "2026-10-23T15:00", 7, "2026-11-03T17:00:00+07:00", "2026-11-03T15:00:00+07:00"},
		{"same time after the shortened day's end is its end", "2026-10-23T17:30", 7, "2026-11-03T17:00:00+07:00", "2026-11-03T17:00:00+07:00"},
		{"over the New Year break", "2026-12-28T10:00", 7, "2027-01-15T18:00:00+07:00", "2027-01-15T10:00:00+07:00"},
		{"the working Saturday 20.02.2027 counts", "2027-02-18T11:00", 2, "2027-02-20T17:00:00+07:00", "2027-02-20T11:00:00+07:00"},
		{"sent in the evening: same time is the day's end", "2026-01-13T19:30", 7, "2026-01-22T18:00:00+07:00", "2026-01-22T18:00:00+07:00"},
		{"sent before work: same time is the day's start", "2026-01-13T07:00", 7, "2026-01-22T18:00:00+07:00", "2026-01-22T09:00:00+07:00"},
		{"sent in lunch: same time stays in lunch", "2026-01-13T13:30", 1, "2026-01-14T18:00:00+07:00", "2026-01-14T13:30:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := local(t, tt.sent)
			got, err := c.EndOfNthWorkingDayAfter(sent, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if fmtLocal(got) != tt.endOfDay {
				t.Errorf("EndOfNthWorkingDayAfter(%s, %d) = %s, want %s", tt.sent, tt.n, fmtLocal(got), tt.endOfDay)
			}
			got, err = c.SameTimeNthWorkingDayAfter(sent, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if fmtLocal(got) != tt.sameTime {
				t.Errorf("SameTimeNthWorkingDayAfter(%s, %d) = %s, want %s", tt.sent, tt.n, fmtLocal(got), tt.sameTime)
			}
		})
	}
	// П.10: executors' final drafts are due 2 working hours before the final answer.
	final, err := c.EndOfNthWorkingDayAfter(local(t, "2026-01-13T15:00"), 7)
	if err != nil {
		t.Fatal(err)
	}
	drafts, err := c.Sub(final, 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmtLocal(drafts), "2026-01-22T16:00:00+07:00"; got != want {
		t.Errorf("final drafts due = %s, want %s", got, want)
	}
	for _, n := range []int{0, -1} {
		if _, err := c.EndOfNthWorkingDayAfter(local(t, "2026-01-13T15:00"), n); err == nil {
			t.Errorf("EndOfNthWorkingDayAfter(n=%d) succeeded, want an error", n)
		}
		if _, err := c.SameTimeNthWorkingDayAfter(local(t, "2026-01-13T15:00"), n); err == nil {
			t.Errorf("SameTimeNthWorkingDayAfter(n=%d) succeeded, want an error", n)
		}
	}
}

func TestIsWorkingAndNextChange(t *testing.T) {
	c := defaultCalc(t)
	tests := []struct {
		name, at     string
		working      bool
		next         string
		workingAfter bool
	}{
		// The countdown "visibly pauses outside working hours" (REQUIREMENTS.md): «до 13:00», «пауза — с пн 09:00».
		{"morning: runs until lunch", "2026-01-13T12:00", true, "2026-01-13T13:00:00+07:00", false},
		{"13:00 is lunch", "2026-01-13T13:00", false, "2026-01-13T14:00:00+07:00", true},
		{"Friday evening: paused until Monday", "2026-01-16T18:30", false, "2026-01-19T09:00:00+07:00", true},
		{"shortened day runs until 17:00", "2026-11-03T16:00", true, "2026-11-03T17:00:00+07:00", false},
		{"New Year break", "2026-12-30T18:00", false, "2027-01-11T09:00:00+07:00", true},
		{"working Saturday", "2027-02-20T10:00", true, "2027-02-20T13:00:00+07:00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := local(t, tt.at)
			working, err := c.IsWorking(at)
			if err != nil {
				t.Fatal(err)
			}
			if working != tt.working {
				t.Errorf("IsWorking(%s) = %v, want %v", tt.at, working, tt.working)
			}
			next, after, err := c.NextChange(at)
			if err != nil {
				t.Fatal(err)
			}
			if fmtLocal(next) != tt.next || after != tt.workingAfter {
				t.Errorf("NextChange(%s) = %s, %v; want %s, %v", tt.at, fmtLocal(next), after, tt.next, tt.workingAfter)
			}
		})
	}
}

func TestNextChangeJoinsAdjacentPeriods(t *testing.T) {
	// A round-the-clock duty schedule: adjacent periods across midnight are one stretch of working time.
	s := Schedule{Location: tomsk(t)}
	for wd := range s.Days {
		s.Days[wd] = []Period{{0, 12 * 60}, {12 * 60, 24 * 60}}
	}
	cal := &Calendar{}
	cal.Merge(2030, &Year{Holidays: []Date{mustDate(t, "2030-01-07")}, NonworkingWeekdays: []Date{mustDate(t, "2030-01-07")}, Confidence: "high"})
	c, err := New(s, cal, nil)
	if err != nil {
		t.Fatal(err)
	}
	next, after, err := c.NextChange(local(t, "2030-01-02T10:00"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmtLocal(next), "2030-01-07T00:00:00+07:00"; got != want || after {
		t.Errorf("NextChange = %s, %v; want %s, false", got, after, want)
	}
	// The stretch ending at the last midnight of the calendar may go on in 2031: that needs 2031.
	_, _, err = c.NextChange(local(t, "2030-12-30T10:00"))
	var missing *MissingYearError
	if !errors.As(err, &missing) || missing.Year != 2031 {
		t.Errorf("NextChange at the end of 2030: error = %v, want missing 2031", err)
	}
}

func TestPeriods(t *testing.T) {
	c := defaultCalc(t)
	tests := []struct {
		name, from string
		n          int
		want       []string
	}{
		// The settings preview: the next working intervals on the configured schedule.
		{"from inside a period it is listed whole", "2026-01-13T10:00", 4, []string{
			"2026-01-13 09:00–13:00", "2026-01-13 14:00–18:00", "2026-01-14 09:00–13:00", "2026-01-14 14:00–18:00"}},
		{"a shortened day and the holiday after it", "2026-11-03T12:00", 3, []string{
			"2026-11-03 09:00–13:00", "2026-11-03 14:00–17:00", "2026-11-05 09:00–13:00"}},
		{"zero intervals", "2026-11-03T12:00", 0, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Periods(local(t, tt.from), tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d intervals, want %d", len(got), len(tt.want))
			}
			for i, iv := range got {
				if s := iv.Start.Format("2006-01-02 15:04") + "–" + iv.End.Format("15:04"); s != tt.want[i] {
					t.Errorf("interval %d = %s, want %s", i, s, tt.want[i])
				}
			}
		})
	}
	got, err := c.Periods(local(t, "2027-12-30T10:00"), 5)
	var missing *MissingYearError
	if !errors.As(err, &missing) || missing.Year != 2028 || len(got) != 2 {
		t.Errorf("Periods at the end of 2027 = %d intervals, %v; want 2 and missing 2028", len(got), err)
	}
}

func TestDSTZone(t *testing.T) {
	// Working periods are wall-clock times; working time is elapsed time. Berlin moves its clocks on
	// 29.03.2026 (02:00 → 03:00) and 25.10.2026 (03:00 → 02:00).
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	s := Schedule{Location: berlin}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		s.Days[wd] = []Period{{9 * 60, 13 * 60}, {14 * 60, 18 * 60}}
	}
	s.Days[time.Sunday] = []Period{{60, 5 * 60}}
	cal := &Calendar{}
	cal.Merge(2026, &Year{Confidence: "high"})
	c, err := New(s, cal, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := func(v string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02T15:04", v, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	got, err := c.Add(in("2026-03-27T17:00"), 5*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if want := "2026-03-30T10:00:00+02:00"; fmtLocal(got) != want {
		t.Errorf("Add over the spring change = %s, want %s", fmtLocal(got), want)
	}
	for _, tt := range []struct {
		day  string
		want time.Duration
	}{{"2026-03-29", 3 * time.Hour}, {"2026-10-25", 5 * time.Hour}, {"2026-03-22", 4 * time.Hour}} {
		from := in(tt.day + "T00:00")
		to := in(tt.day + "T12:00")
		if got, err := c.Between(from, to); err != nil || got != tt.want {
			t.Errorf("Sunday %s 01:00–05:00 = %v, %v; want %v", tt.day, got, err, tt.want)
		}
	}
}

func TestWarnings(t *testing.T) {
	c := defaultCalc(t)
	tests := []struct {
		name, now          string
		missing, provision string
	}{
		{"October 2027: nothing yet", "2027-10-15T10:00", "", "календарь на 2027 год предварительный"},
		{"November 2027: 2028 is missing", "2027-11-01T00:00", "нет производственного календаря на 2028 год", "календарь на 2027 год предварительный"},
		{"November 2026: 2027 is there but provisional", "2026-11-20T10:00", "", "календарь на 2027 год предварительный"},
		{"June 2026: all is well", "2026-06-01T10:00", "", ""},
		{"January 2028: the current year is missing", "2028-01-05T10:00", "нет производственного календаря на 2028 год", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := local(t, tt.now)
			if got := c.MissingYearWarning(now); !containsOrEmpty(got, tt.missing) {
				t.Errorf("MissingYearWarning = %q, want %q", got, tt.missing)
			}
			if got := c.ProvisionalWarning(now); !containsOrEmpty(got, tt.provision) {
				t.Errorf("ProvisionalWarning = %q, want %q", got, tt.provision)
			}
		})
	}
	// The month is the organisation's: 31.10.2027 20:00 UTC is already November in Tomsk.
	if c.MissingYearWarning(time.Date(2027, 10, 31, 20, 0, 0, 0, time.UTC)) == "" {
		t.Error("MissingYearWarning ignores the organisation's zone")
	}
}

func contains(s, sub string) bool { return sub != "" && strings.Contains(s, sub) }

// containsOrEmpty: want "" means got must be empty too.
func containsOrEmpty(got, want string) bool {
	if want == "" {
		return got == ""
	}
	return contains(got, want)
}
