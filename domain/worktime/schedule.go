package worktime

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	// The office PCs may run Windows, which has no zoneinfo database: deadlines must not depend on the host,
	// so the zone data ships inside the binary.
	_ "time/tzdata"
)

// Defaults of the [schedule] settings (CLI.md) and of working-hours-presets.json.
const (
	DefaultTimezone             = "Asia/Tomsk"
	DefaultPreset               = "standard_40h"
	DefaultPreholidayShortening = time.Hour
)

// Period is a working period of a day in minutes from midnight, half-open [Start, End): 09:00-13:00 is
// {540, 780}; End may be 1440 (24:00).
type Period struct {
	Start, End int
}

// ParsePeriod reads "HH:MM-HH:MM" (an en or em dash is accepted too); the end may be 24:00.
func ParsePeriod(s string) (Period, error) {
	norm := strings.NewReplacer("–", "-", "—", "-").Replace(strings.TrimSpace(s))
	from, to, ok := strings.Cut(norm, "-")
	if ok {
		start, okStart := parseClock(strings.TrimSpace(from))
		end, okEnd := parseClock(strings.TrimSpace(to))
		if okStart && okEnd && start < end {
			return Period{Start: start, End: end}, nil
		}
	}
	return Period{}, fmt.Errorf("неверный период %q (ожидается ЧЧ:ММ-ЧЧ:ММ, начало раньше конца)", s)
}

func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' || !allDigits(s[:2]) || !allDigits(s[3:]) {
		return 0, false
	}
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[3:])
	if m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}

// String is "HH:MM-HH:MM".
func (p Period) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", p.Start/60, p.Start%60, p.End/60, p.End%60)
}

// Duration is the length of the period.
func (p Period) Duration() time.Duration { return time.Duration(p.End-p.Start) * time.Minute }

// Schedule is the administration's working week in its time zone.
type Schedule struct {
	Location *time.Location
	// Days are the periods of each day of the week, indexed by time.Weekday (Sunday = 0), sorted and disjoint.
	// Saturday and Sunday periods make those days regular working days (a six-day week); with a five-day week
	// they stay empty and a working Saturday by decree borrows another day's periods (see Calc).
	Days [7][]Period
	// PreholidayShortening is cut from the end of a shortened (pre-holiday) day; whole minutes.
	PreholidayShortening time.Duration
}

// Validate checks the zone, the periods (inside the day, sorted, not overlapping) and the shortening.
func (s Schedule) Validate() error {
	if s.Location == nil {
		return errors.New("расписание: не задан часовой пояс")
	}
	hasPeriod := false
	for wd, ps := range s.Days {
		for i, p := range ps {
			if p.Start < 0 || p.End > 24*60 || p.Start >= p.End {
				return fmt.Errorf("расписание: неверный период %s (%s)", p, weekdayKeys[wd])
			}
			if i > 0 && p.Start < ps[i-1].End {
				return fmt.Errorf("расписание: периоды %s и %s (%s) идут не по порядку или пересекаются", ps[i-1], p, weekdayKeys[wd])
			}
			hasPeriod = true
		}
	}
	if !hasPeriod {
		return errors.New("расписание: нет ни одного рабочего периода")
	}
	if s.PreholidayShortening < 0 || s.PreholidayShortening%time.Minute != 0 {
		return fmt.Errorf("расписание: сокращение предпраздничного дня %v должно быть целым неотрицательным числом минут", s.PreholidayShortening)
	}
	return nil
}

// WeeklyDuration is the working time of an ordinary week.
func (s Schedule) WeeklyDuration() time.Duration {
	var total time.Duration
	for _, ps := range s.Days {
		for _, p := range ps {
			total += p.Duration()
		}
	}
	return total
}

// weekdayKeys are the day keys of [schedule.days] and of working-hours-presets.json, indexed by time.Weekday.
var weekdayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// NewSchedule builds a schedule from the settings form: day keys mon…sun, each a list of "HH:MM-HH:MM".
func NewSchedule(loc *time.Location, days map[string][]string, shortening time.Duration) (Schedule, error) {
	s := Schedule{Location: loc, PreholidayShortening: shortening}
	for key, periods := range days {
		wd := slices.Index(weekdayKeys[:], strings.ToLower(strings.TrimSpace(key)))
		if wd < 0 {
			return Schedule{}, fmt.Errorf("расписание: неизвестный день недели %q (ожидается mon, tue, wed, thu, fri, sat, sun)", key)
		}
		if s.Days[wd] != nil {
			return Schedule{}, fmt.Errorf("расписание: день недели %q задан дважды", key)
		}
		s.Days[wd] = make([]Period, 0, len(periods))
		for _, text := range periods {
			p, err := ParsePeriod(text)
			if err != nil {
				return Schedule{}, fmt.Errorf("расписание, %s: %w", key, err)
			}
			s.Days[wd] = append(s.Days[wd], p)
		}
	}
	if err := s.Validate(); err != nil {
		return Schedule{}, err
	}
	return s, nil
}

// DefaultSchedule is the preset standard_40h (Mon–Fri 09:00–18:00, lunch 13:00–14:00) in Asia/Tomsk with
// pre-holiday days one hour shorter: the schedule the regulation's worked examples assume.
func DefaultSchedule() Schedule {
	loc, err := time.LoadLocation(DefaultTimezone)
	if err != nil {
		// Unreachable with time/tzdata linked in; Tomsk has kept UTC+7 without DST since 2016.
		loc = time.FixedZone("+07", 7*60*60)
	}
	s := Schedule{Location: loc, PreholidayShortening: DefaultPreholidayShortening}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		s.Days[wd] = []Period{{Start: 9 * 60, End: 13 * 60}, {Start: 14 * 60, End: 18 * 60}}
	}
	return s
}

// Preset is one named working week of working-hours-presets.json.
type Preset struct {
	Name, Title string
	Days        [7][]Period
	WeeklyHours float64
}

// Presets is the content of working-hours-presets.json.
type Presets struct {
	Timezone             string
	Location             *time.Location
	Default              string
	PreholidayShortening time.Duration
	ByName               map[string]Preset
}

type presetsJSON struct {
	Comment                     string `json:"_comment"`
	Timezone                    string `json:"timezone"`
	DefaultPreset               string `json:"default_preset"`
	PreholidayShorteningMinutes int    `json:"preholiday_shortening_minutes"`
	ShorteningAppliesTo         string `json:"preholiday_shortening_applies_to"`
	Presets                     map[string]struct {
		Title       string              `json:"title"`
		Days        map[string][]string `json:"days"`
		WeeklyHours float64             `json:"weekly_hours"`
	} `json:"presets"`
	DeadlineRulesProposed json.RawMessage `json:"deadline_rules_proposed"`
}

// ParsePresets reads working-hours-presets.json (embedded in package assets). Each preset's weekly_hours must
// match its periods, so a typo in a period cannot pass unnoticed.
func ParsePresets(data []byte) (*Presets, error) {
	var w presetsJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("наборы часов работы: неверный JSON: %w", err)
	}
	loc, err := time.LoadLocation(w.Timezone)
	if err != nil || w.Timezone == "" {
		return nil, fmt.Errorf("наборы часов работы: неизвестный часовой пояс %q", w.Timezone)
	}
	p := &Presets{
		Timezone: w.Timezone, Location: loc, Default: w.DefaultPreset,
		PreholidayShortening: time.Duration(w.PreholidayShorteningMinutes) * time.Minute,
		ByName:               make(map[string]Preset, len(w.Presets)),
	}
	for name, raw := range w.Presets {
		s, err := NewSchedule(loc, raw.Days, p.PreholidayShortening)
		if err != nil {
			return nil, fmt.Errorf("набор %q: %w", name, err)
		}
		if got := s.WeeklyDuration().Hours(); math.Abs(got-raw.WeeklyHours) > 1e-9 {
			return nil, fmt.Errorf("набор %q: периоды дают %.2f ч в неделю, а указано %.2f", name, got, raw.WeeklyHours)
		}
		p.ByName[name] = Preset{Name: name, Title: raw.Title, Days: s.Days, WeeklyHours: raw.WeeklyHours}
	}
	if _, ok := p.ByName[p.Default]; !ok {
		return nil, fmt.Errorf("наборы часов работы: набор по умолчанию %q не описан", p.Default)
	}
	return p, nil
}

// Names lists the presets in alphabetical order.
func (p *Presets) Names() []string {
	names := make([]string, 0, len(p.ByName))
	for n := range p.ByName {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Schedule is the named preset in the file's zone with its pre-holiday shortening.
func (p *Presets) Schedule(name string) (Schedule, error) {
	pr, ok := p.ByName[name]
	if !ok {
		return Schedule{}, fmt.Errorf("неизвестный набор часов работы %q (есть: %s)", name, strings.Join(p.Names(), ", "))
	}
	return Schedule{Location: p.Location, Days: pr.Days, PreholidayShortening: p.PreholidayShortening}, nil
}
