package worktime

import (
	"encoding/json"
	"testing"
	"time"
)

// deadlines is the arithmetic the cases use (domain.ComputeDeadlines): П.7 answer due = clock start + 7 working
// hours, or the notice's own deadline when that is earlier; П.8 drafts due = answer due − 2 working hours.
func deadlines(tb testing.TB, c *Calc, received time.Time, stated *time.Time) (answer, drafts time.Time) {
	tb.Helper()
	answer, err := c.Add(received, 7*time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	if stated != nil && stated.Before(answer) {
		answer = *stated
	}
	drafts, err = c.Sub(answer, 2*time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	return answer, drafts
}

// TestSamples checks every notice of samples/eml/expected.json that states deadlines (a copy in testdata/).
func TestSamples(t *testing.T) {
	var samples []struct {
		File           string `json:"file"`
		Received       string `json:"received_local"`
		Stated         string `json:"stated_deadline"`
		WantAnswerDue  string `json:"expected_interim_deadline"`
		WantDraftsDue  string `json:"expected_drafts_due"`
		NotProcessable string `json:"not_processed_reason"`
	}
	if err := json.Unmarshal(readFile(t, "testdata/samples-expected.json"), &samples); err != nil {
		t.Fatal(err)
	}
	c := defaultCalc(t)
	checked := 0
	for _, s := range samples {
		if s.WantAnswerDue == "" {
			// Only notices screening flags (П.14) come without deadlines; anything else is a broken fixture.
			if s.NotProcessable == "" {
				t.Errorf("%s: no expected deadlines", s.File)
			}
			continue
		}
		checked++
		t.Run(s.File, func(t *testing.T) {
			var stated *time.Time
			if s.Stated != "" {
				st := local(t, s.Stated)
				stated = &st
			}
			// П.7, П.8: answer and drafts due from the receipt time.
			answer, drafts := deadlines(t, c, local(t, s.Received), stated)
			if want := local(t, s.WantAnswerDue); !answer.Equal(want) {
				t.Errorf("answer due = %s, want %s", fmtLocal(answer), fmtLocal(want))
			}
			if want := local(t, s.WantDraftsDue); !drafts.Equal(want) {
				t.Errorf("drafts due = %s, want %s", fmtLocal(drafts), fmtLocal(want))
			}
		})
	}
	if checked < 7 {
		t.Errorf("checked %d samples with deadlines, want at least 7", checked)
	}
}

// TestWorkedExamples are the examples of REQUIREMENTS.md "Deadlines are in working time" and of CLI.md.
func TestWorkedExamples(t *testing.T) {
	c := defaultCalc(t)
	tests := []struct {
		name, received      string
		wantDrafts, wantDue string
		wantStart           string
		stated              string
	}{
		{"П.7, П.8: Tue 13.01.2026 10:22", "2026-01-13T10:22", "2026-01-13T16:22:00+07:00", "2026-01-14T09:22:00+07:00", "2026-01-13T10:22:00+07:00", ""},
		{"П.7: Fri 09.01.2026 11:30, a holiday", "2026-01-09T11:30", "2026-01-12T15:00:00+07:00", "2026-01-12T17:00:00+07:00", "2026-01-12T09:00:00+07:00", ""},
		{"П.7: Mon 16.03.2026 13:30, in lunch", "2026-03-16T13:30", "2026-03-17T10:00:00+07:00", "2026-03-17T12:00:00+07:00", "2026-03-16T14:00:00+07:00", ""},
		{"CLI.md: 30.04.2026 15:10, a shortened day", "2026-04-30T15:10", "2026-05-04T12:10:00+07:00", "2026-05-04T15:10:00+07:00", "2026-04-30T15:10:00+07:00", ""},
		{"П.7: the notice's own earlier deadline rules", "2026-01-13T10:22", "2026-01-13T15:00:00+07:00", "2026-01-13T17:00:00+07:00", "2026-01-13T10:22:00+07:00", "2026-01-13T17:00"},
		{"П.7: a later stated deadline does not extend", "2026-01-13T10:22", "2026-01-13T16:22:00+07:00", "2026-01-14T09:22:00+07:00", "2026-01-13T10:22:00+07:00", "2026-01-20T17:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			received := local(t, tt.received)
			start, err := c.Start(received)
			if err != nil {
				t.Fatal(err)
			}
			if fmtLocal(start) != tt.wantStart {
				t.Errorf("clock start = %s, want %s", fmtLocal(start), tt.wantStart)
			}
			var stated *time.Time
			if tt.stated != "" {
				st := local(t, tt.stated)
				stated = &st
			}
			due, drafts := deadlines(t, c, received, stated)
			if fmtLocal(due) != tt.wantDue {
				t.Errorf("answer due = %s, want %s", fmtLocal(due), tt.wantDue)
			}
			if fmtLocal(drafts) != tt.wantDrafts {
				t.Errorf("drafts due = %s, want %s", fmtLocal(drafts), tt.wantDrafts)
			}
		})
	}
}

// TestYearNorms: the working hours of each year over the presets match the calendar's own norms — the whole chain
// (holidays, transfers, working Saturdays, shortened days) against numbers computed by others. (The norm assumes
// equal days, so 40h_short_friday, with its longer Mondays, is left out.)
func TestYearNorms(t *testing.T) {
	presets, err := ParsePresets(readFile(t, presetsFile))
	if err != nil {
		t.Fatal(err)
	}
	cal := embeddedCalendar(t)
	for _, tt := range []struct {
		preset string
		norm   func(*Year) float64
	}{
		{"standard_40h", func(y *Year) float64 { return y.NormHours40 }},
		{"36h_rural_women", func(y *Year) float64 { return y.NormHours36 }},
	} {
		s, err := presets.Schedule(tt.preset)
		if err != nil {
			t.Fatal(err)
		}
		c, err := New(s, cal, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, y := range c.CoveredYears() {
			from := Date{y, time.January, 1}.In(c.Location(), 0)
			to := Date{y, time.December, 31}.In(c.Location(), 23*60+59)
			got, err := c.Between(from, to)
			if err != nil {
				t.Fatal(err)
			}
			want := time.Duration(tt.norm(cal.Years[y]) * float64(time.Hour))
			if got != want {
				t.Errorf("%s, %d: %v of working time, the calendar's norm is %v", tt.preset, y, got, want)
			}
			working := 0
			for d := (Date{y, time.January, 1}); d.Year == y; d = d.AddDays(1) {
				day, err := c.Day(d)
				if err != nil {
					t.Fatal(err)
				}
				if day.Working() {
					working++
				}
			}
			if working != cal.Years[y].WorkingDays {
				t.Errorf("%s, %d: %d working days, the calendar says %d", tt.preset, y, working, cal.Years[y].WorkingDays)
			}
		}
	}
}

func TestDay(t *testing.T) {
	c := defaultCalc(t, Override{mustDate(t, "2026-06-13"), OverrideWorking})
	full := []Period{{540, 780}, {840, 1080}}
	short := []Period{{540, 780}, {840, 1020}}
	tests := []struct {
		date           string
		kind           DayKind
		periods        []Period
		workingWeekend bool
		override, name string
	}{
		{"2026-01-01", Holiday, nil, false, "", "Новогодние каникулы"},
		{"2026-01-07", Holiday, nil, false, "", "Рождество Христово"},
		{"2026-01-09", Holiday, nil, false, "", ""}, // transferred from Saturday 03.01
		{"2026-01-10", Weekend, nil, false, "", ""},
		{"2026-01-12", Working, full, false, "", ""},
		{"2026-03-09", Holiday, nil, false, "", ""},
		{"2026-11-03", Shortened, short, false, "", ""},
		{"2026-12-31", Holiday, nil, false, "", ""},
		{"2027-02-20", Shortened, short, true, "", ""}, // worked for Monday 22.02 (transfer), shortened before 23.02
		{"2025-11-01", Shortened, short, true, "", ""},
		{"2026-06-13", Working, full, true, OverrideWorking, ""},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			day, err := c.Day(mustDate(t, tt.date))
			if err != nil {
				t.Fatal(err)
			}
			if day.Kind != tt.kind || day.WorkingWeekend != tt.workingWeekend || day.Override != tt.override || day.Name != tt.name {
				t.Errorf("Day(%s) = %v weekend=%v override=%q name=%q; want %v %v %q %q", tt.date, day.Kind,
					day.WorkingWeekend, day.Override, day.Name, tt.kind, tt.workingWeekend, tt.override, tt.name)
			}
			if !equalPeriods(day.Periods, tt.periods) {
				t.Errorf("Day(%s).Periods = %v, want %v", tt.date, day.Periods, tt.periods)
			}
		})
	}
	if _, err := c.Day(Date{2026, 2, 30}); err == nil {
		t.Error("Day(2026-02-30) succeeded")
	}
}

// TestWorkingWeekendPeriods proves the rule chosen for working weekend days: own weekday's periods in a six-day
// week, else the periods of the weekday the transfer names, else Monday's.
func TestWorkingWeekendPeriods(t *testing.T) {
	presets, err := ParsePresets(readFile(t, presetsFile))
	if err != nil {
		t.Fatal(err)
	}
	shortFriday, err := presets.Schedule("40h_short_friday")
	if err != nil {
		t.Fatal(err)
	}
	sixDay := DefaultSchedule()
	sixDay.Days[time.Saturday] = []Period{{600, 840}}
	cal := &Calendar{}
	cal.Merge(2030, &Year{
		Holidays:           []Date{mustDate(t, "2030-03-22")},
		NonworkingWeekdays: []Date{mustDate(t, "2030-03-22")},
		WorkingWeekends:    []Date{mustDate(t, "2030-03-16"), mustDate(t, "2030-03-17")},
		Transfers:          []Transfer{{From: mustDate(t, "2030-03-16"), To: mustDate(t, "2030-03-22")}},
		Confidence:         "high",
	})
	tests := []struct {
		name     string
		schedule Schedule
		date     string
		want     []Period
	}{
		{"Saturday worked for a Friday gets Friday's short day", shortFriday, "2030-03-16", []Period{{540, 780}, {840, 1020}}},
		{"Sunday without a transfer gets Monday's", shortFriday, "2030-03-17", []Period{{540, 780}, {840, 1095}}},
		{"six-day week: the working Saturday keeps its own hours", sixDay, "2030-03-16", []Period{{600, 840}}},
		{"six-day week: an ordinary Saturday works", sixDay, "2030-03-09", []Period{{600, 840}}},
		{"five-day week: an ordinary Saturday rests", shortFriday, "2030-03-09", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.schedule, cal, nil)
			if err != nil {
				t.Fatal(err)
			}
			day, err := c.Day(mustDate(t, tt.date))
			if err != nil {
				t.Fatal(err)
			}
			if !equalPeriods(day.Periods, tt.want) {
				t.Errorf("periods of %s = %v, want %v", tt.date, day.Periods, tt.want)
			}
		})
	}
}

func TestShorten(t *testing.T) {
	tests := []struct {
		name    string
		periods []Period
		minutes int
		want    []Period
	}{
		{"one hour off the afternoon", []Period{{540, 780}, {840, 1080}}, 60, []Period{{540, 780}, {840, 1020}}},
		{"a short last period goes whole and the rest comes off the one before", []Period{{540, 780}, {840, 870}}, 60, []Period{{540, 750}}},
		{"exactly the last period", []Period{{540, 780}, {840, 900}}, 60, []Period{{540, 780}}},
		{"more than the day", []Period{{540, 600}}, 120, []Period{}},
		{"no shortening", []Period{{540, 600}}, 0, []Period{{540, 600}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]Period(nil), tt.periods...)
			if got := shorten(tt.periods, tt.minutes); !equalPeriods(got, tt.want) {
				t.Errorf("shorten(%v, %d) = %v, want %v", tt.periods, tt.minutes, got, tt.want)
			}
			if !equalPeriods(in, tt.periods) {
				t.Errorf("shorten changed the schedule's periods: %v", tt.periods)
			}
		})
	}
}

func equalPeriods(a, b []Period) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
