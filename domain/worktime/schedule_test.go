package worktime

import (
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		ok   bool
	}{
		{"09:00-13:00", Period{540, 780}, true},
		{" 14:00 - 18:00 ", Period{840, 1080}, true},
		{"09:00–13:00", Period{540, 780}, true}, // an en dash, as people type it
		{"00:00-24:00", Period{0, 1440}, true},
		{"9:00-13:00", Period{}, false},
		{"13:00-09:00", Period{}, false},
		{"09:00-09:00", Period{}, false},
		{"24:00-24:00", Period{}, false},
		{"09:60-10:00", Period{}, false},
		{"+9:00-10:00", Period{}, false},
		{"24:30-25:00", Period{}, false},
		{"09:00", Period{}, false},
		{"", Period{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePeriod(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("ParsePeriod(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
			if tt.ok {
				if again, err := ParsePeriod(got.String()); err != nil || again != got {
					t.Errorf("String() %q does not parse back", got.String())
				}
			}
		})
	}
}

func TestNewSchedule(t *testing.T) {
	loc := tomsk(t)
	tests := []struct {
		name       string
		loc        *time.Location
		days       map[string][]string
		shortening time.Duration
		want       string // error substring; "" = valid
	}{
		{"a five-day week", loc, map[string][]string{"mon": {"09:00-13:00", "14:00-18:00"}, "fri": {"09:00-16:45"}}, time.Hour, ""},
		{"Saturday and Sunday are allowed", loc, map[string][]string{"sat": {"10:00-14:00"}, "SUN": {"10:00-12:00"}}, 0, ""},
		{"an unknown day", loc, map[string][]string{"mnd": {"09:00-13:00"}}, time.Hour, `неизвестный день недели "mnd"`},
		{"a day twice", loc, map[string][]string{"mon": {"09:00-13:00"}, "Mon": {"14:00-18:00"}}, time.Hour, "задан дважды"},
		{"a bad period names the day", loc, map[string][]string{"tue": {"9-13"}}, time.Hour, "tue: неверный период"},
		{"overlapping periods", loc, map[string][]string{"wed": {"09:00-13:00", "12:00-18:00"}}, time.Hour, "пересекаются"},
		{"periods out of order", loc, map[string][]string{"wed": {"14:00-18:00", "09:00-13:00"}}, time.Hour, "не по порядку"},
		{"no working time at all", loc, map[string][]string{"mon": {}}, time.Hour, "нет ни одного рабочего периода"},
		{"no zone", nil, map[string][]string{"mon": {"09:00-13:00"}}, time.Hour, "не задан часовой пояс"},
		{"a shortening in seconds", loc, map[string][]string{"mon": {"09:00-13:00"}}, 90 * time.Second, "целым неотрицательным числом минут"},
		{"a negative shortening", loc, map[string][]string{"mon": {"09:00-13:00"}}, -time.Hour, "целым неотрицательным числом минут"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSchedule(tt.loc, tt.days, tt.shortening)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("error = %v", err)
				}
				return
			}
			if err == nil || !contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestPresets(t *testing.T) {
	p, err := ParsePresets(readFile(t, presetsFile))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"36h_rural_women", "40h_0830_1745", "40h_short_friday", "standard_40h"}
	if got := p.Names(); len(got) != len(want) || got[0] != want[0] || got[3] != want[3] {
		t.Errorf("names = %v, want %v", got, want)
	}
	if p.Default != DefaultPreset || p.Timezone != DefaultTimezone || p.PreholidayShortening != DefaultPreholidayShortening {
		t.Errorf("defaults = %q %q %v", p.Default, p.Timezone, p.PreholidayShortening)
	}
	// DefaultSchedule, written in code, is the file's default preset.
	fromFile, err := p.Schedule(p.Default)
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultSchedule()
	if def.Location.String() != fromFile.Location.String() || def.PreholidayShortening != fromFile.PreholidayShortening {
		t.Errorf("DefaultSchedule zone/shortening = %v/%v, file %v/%v", def.Location, def.PreholidayShortening, fromFile.Location, fromFile.PreholidayShortening)
	}
	for wd := range def.Days {
		if !equalPeriods(def.Days[wd], fromFile.Days[wd]) {
			t.Errorf("%s: DefaultSchedule %v, file %v", time.Weekday(wd), def.Days[wd], fromFile.Days[wd])
		}
	}
	if got := p.ByName["40h_short_friday"].Days[time.Friday]; !equalPeriods(got, []Period{{540, 780}, {840, 1020}}) {
		t.Errorf("40h_short_friday Friday = %v", got)
	}
	if _, err := p.Schedule("standard-40h"); err == nil || !contains(err.Error(), "standard_40h") {
		t.Errorf("unknown preset: error = %v, want one listing the presets", err)
	}
}

func TestParsePresetsErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"not JSON", `{`, "неверный JSON"},
		{"an unknown zone", `{"timezone": "Asia/Nowhere", "default_preset": "a", "presets": {}}`, `неизвестный часовой пояс "Asia/Nowhere"`},
		{"weekly hours that the periods do not give", `{"timezone": "Asia/Tomsk", "default_preset": "a", "presets": {"a": {"days": {"mon": ["09:00-13:00"]}, "weekly_hours": 40}}}`, "4.00 ч в неделю, а указано 40.00"},
		{"a default that is not there", `{"timezone": "Asia/Tomsk", "default_preset": "b", "presets": {"a": {"days": {"mon": ["09:00-13:00"]}, "weekly_hours": 4}}}`, `набор по умолчанию "b" не описан`},
		{"a misspelt key", `{"timezone": "Asia/Tomsk", "default": "a"}`, `unknown field "default"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePresets([]byte(tt.json))
			if err == nil || !contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestScheduleIsCopied(t *testing.T) {
	// A Calc is immutable: changing the caller's schedule afterwards must not move deadlines.
	s := DefaultSchedule()
	c, err := New(s, embeddedCalendar(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Days[time.Monday][0] = Period{600, 780}
	got := c.Schedule().Days[time.Monday][0]
	if got != (Period{540, 780}) {
		t.Errorf("the Calc's Monday changed with the caller's schedule: %v", got)
	}
	due, err := c.Add(local(t, "2026-01-12T08:00"), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if fmtLocal(due) != "2026-01-12T10:00:00+07:00" {
		t.Errorf("due = %s", fmtLocal(due))
	}
}
