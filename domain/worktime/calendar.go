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
)

// The years a calendar may describe. The bound keeps every covered instant inside the range of
// time.Time.UnixNano, which the arithmetic relies on.
const (
	MinYear = 1900
	MaxYear = 2200
)

// Transfer is a day off moved by decree: From (a weekend day or a holiday falling on one) rests on To instead.
// When From is in WorkingWeekends, From is worked in place of To.
type Transfer struct {
	From, To Date
}

// Year is one year of the production calendar, as in ru-calendar.json.
type Year struct {
	// Holidays are all the days off named by the calendar (public holidays and transferred days off, weekend
	// days among them).
	Holidays []Date
	// Shortened are the pre-holiday working days, one hour (Schedule.PreholidayShortening) shorter at the end.
	Shortened []Date
	// WorkingWeekends are the Saturdays and Sundays worked by a transfer.
	WorkingWeekends []Date
	// NonworkingWeekdays are the Monday–Friday days off.
	NonworkingWeekdays []Date
	Transfers          []Transfer
	HolidayNames       map[Date]string

	// Optional totals of a five-day week; when present, the parsers check the lists against them.
	WorkingDays    int
	NonworkingDays int
	NormHours40    float64
	NormHours36    float64

	Source, Confidence, Note string
	// Provisional is true when Confidence is not "high" (no decree was seen): the UI shows it.
	Provisional bool
}

// Calendar is the production calendar by year.
type Calendar struct {
	Years map[int]*Year
}

// MissingYearError says a computation needed a day of a year the calendar does not cover.
type MissingYearError struct {
	Year int
}

func (e *MissingYearError) Error() string {
	return fmt.Sprintf("нет производственного календаря на %d год: импортируйте его (otklik calendar import)", e.Year)
}

// Merge puts year y into the calendar, replacing what it had for y (an import replaces a whole year).
func (c *Calendar) Merge(y int, year *Year) {
	if c.Years == nil {
		c.Years = make(map[int]*Year)
	}
	year.Provisional = !isHighConfidence(year.Confidence)
	c.Years[y] = year
}

// CoveredYears lists the years of the calendar in ascending order.
func (c *Calendar) CoveredYears() []int {
	if c == nil {
		return nil
	}
	ys := make([]int, 0, len(c.Years))
	for y := range c.Years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// Clone is a deep copy, so that a caller can merge an import without touching a calendar in use.
func (c *Calendar) Clone() *Calendar {
	out := &Calendar{Years: make(map[int]*Year, len(c.Years))}
	for y, yr := range c.Years {
		cp := *yr
		cp.Holidays = slices.Clone(yr.Holidays)
		cp.Shortened = slices.Clone(yr.Shortened)
		cp.WorkingWeekends = slices.Clone(yr.WorkingWeekends)
		cp.NonworkingWeekdays = slices.Clone(yr.NonworkingWeekdays)
		cp.Transfers = slices.Clone(yr.Transfers)
		if yr.HolidayNames != nil {
			cp.HolidayNames = make(map[Date]string, len(yr.HolidayNames))
			for d, n := range yr.HolidayNames {
				cp.HolidayNames[d] = n
			}
		}
		out.Years[y] = &cp
	}
	return out
}

func isHighConfidence(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "high") }

// yearJSON is the wire form of one year of ru-calendar.json.
type yearJSON struct {
	Holidays           []Date          `json:"holidays"`
	Shortened          []Date          `json:"shortened"`
	WorkingWeekends    []Date          `json:"working_weekends"`
	NonworkingWeekdays []Date          `json:"nonworking_weekdays"`
	Transfers          []transferJSON  `json:"transfers"`
	HolidayNames       map[Date]string `json:"holiday_names,omitempty"`
	WorkingDays        int             `json:"working_days,omitempty"`
	NonworkingDays     int             `json:"nonworking_days,omitempty"`
	NormHours40        float64         `json:"norm_hours_40h,omitempty"`
	NormHours36        float64         `json:"norm_hours_36h,omitempty"`
	Source             string          `json:"source,omitempty"`
	Confidence         string          `json:"confidence,omitempty"`
	Note               string          `json:"note,omitempty"`
}

type transferJSON struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// ParseCalendarJSON reads the ru-calendar.json format: an object keyed by year ("2026": {...}), one year or
// several. Keys starting with "_" are comments. Unknown fields inside a year are an error, so that a misspelt
// list cannot silently drop holidays.
func ParseCalendarJSON(data []byte) (*Calendar, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("календарь: неверный JSON: %w", err)
	}
	cal := &Calendar{Years: make(map[int]*Year)}
	for key, raw := range top {
		if strings.HasPrefix(key, "_") {
			continue
		}
		y, err := strconv.Atoi(key)
		if err != nil || key != strconv.Itoa(y) {
			return nil, fmt.Errorf("календарь: ключ %q не год", key)
		}
		if y < MinYear || y > MaxYear {
			return nil, fmt.Errorf("календарь: год %d вне допустимого диапазона %d–%d", y, MinYear, MaxYear)
		}
		var w yearJSON
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&w); err != nil {
			return nil, fmt.Errorf("календарь %d: %w", y, err)
		}
		yr := &Year{
			Holidays: w.Holidays, Shortened: w.Shortened, WorkingWeekends: w.WorkingWeekends,
			NonworkingWeekdays: w.NonworkingWeekdays, HolidayNames: w.HolidayNames,
			WorkingDays: w.WorkingDays, NonworkingDays: w.NonworkingDays, NormHours40: w.NormHours40,
			NormHours36: w.NormHours36, Source: w.Source, Confidence: w.Confidence, Note: w.Note,
		}
		for _, t := range w.Transfers {
			yr.Transfers = append(yr.Transfers, Transfer(t))
		}
		if err := validateYear(y, yr); err != nil {
			return nil, err
		}
		cal.Merge(y, yr)
	}
	if len(cal.Years) == 0 {
		return nil, errors.New("календарь: в файле нет ни одного года")
	}
	return cal, nil
}

// MarshalCalendarJSON writes the calendar in the ru-calendar.json format (what ParseCalendarJSON reads).
func MarshalCalendarJSON(c *Calendar) ([]byte, error) {
	out := make(map[int]yearJSON, len(c.Years))
	for y, yr := range c.Years {
		w := yearJSON{
			Holidays: nonNil(yr.Holidays), Shortened: nonNil(yr.Shortened),
			WorkingWeekends: nonNil(yr.WorkingWeekends), NonworkingWeekdays: nonNil(yr.NonworkingWeekdays),
			Transfers: []transferJSON{}, HolidayNames: yr.HolidayNames,
			WorkingDays: yr.WorkingDays, NonworkingDays: yr.NonworkingDays, NormHours40: yr.NormHours40,
			NormHours36: yr.NormHours36, Source: yr.Source, Confidence: yr.Confidence, Note: yr.Note,
		}
		for _, t := range yr.Transfers {
			w.Transfers = append(w.Transfers, transferJSON(t))
		}
		out[y] = w
	}
	return json.MarshalIndent(out, "", "  ")
}

func nonNil(ds []Date) []Date {
	if ds == nil {
		return []Date{}
	}
	return ds
}

// validateYear checks that every list of year y names days of y and that the lists do not contradict each other
// or the optional totals. Errors name the list and the date, for the administrator who imports a file.
func validateYear(y int, yr *Year) error {
	if y < MinYear || y > MaxYear {
		return fmt.Errorf("календарь: год %d вне допустимого диапазона %d–%d", y, MinYear, MaxYear)
	}
	lists := []struct {
		name  string
		dates []Date
	}{
		{"holidays", yr.Holidays}, {"shortened", yr.Shortened},
		{"working_weekends", yr.WorkingWeekends}, {"nonworking_weekdays", yr.NonworkingWeekdays},
	}
	sets := make(map[string]map[Date]bool, len(lists))
	for _, l := range lists {
		set := make(map[Date]bool, len(l.dates))
		for _, d := range l.dates {
			if !d.Valid() || d.Year != y {
				return fmt.Errorf("календарь %d: дата %s в списке %s не из %d года", y, d, l.name, y)
			}
			if set[d] {
				return fmt.Errorf("календарь %d: дата %s повторяется в списке %s", y, d, l.name)
			}
			set[d] = true
		}
		sets[l.name] = set
	}
	off := func(d Date) bool { return sets["holidays"][d] || sets["nonworking_weekdays"][d] }
	for _, d := range yr.NonworkingWeekdays {
		if isWeekend(d.Weekday()) {
			return fmt.Errorf("календарь %d: %s в списке nonworking_weekdays выпадает на выходной", y, d)
		}
	}
	for _, d := range yr.WorkingWeekends {
		if !isWeekend(d.Weekday()) {
			return fmt.Errorf("календарь %d: %s в списке working_weekends не суббота и не воскресенье", y, d)
		}
		if off(d) {
			return fmt.Errorf("календарь %d: %s одновременно рабочий и нерабочий день", y, d)
		}
	}
	for _, d := range yr.Shortened {
		if off(d) {
			return fmt.Errorf("календарь %d: сокращённый день %s одновременно нерабочий", y, d)
		}
		if isWeekend(d.Weekday()) && !sets["working_weekends"][d] {
			return fmt.Errorf("календарь %d: сокращённый день %s выпадает на выходной, не объявленный рабочим", y, d)
		}
	}
	for _, t := range yr.Transfers {
		if !t.From.Valid() || !t.To.Valid() || t.To.Year != y || t.From.Year < y-1 || t.From.Year > y+1 {
			return fmt.Errorf("календарь %d: неверный перенос %s → %s", y, t.From, t.To)
		}
	}
	for d := range yr.HolidayNames {
		if !d.Valid() || d.Year != y {
			return fmt.Errorf("календарь %d: название праздника на дату %s не из %d года", y, d, y)
		}
	}
	return checkTotals(y, yr, off, sets["working_weekends"])
}

// checkTotals compares the stated totals with what the lists give for a five-day week: a file whose lists and
// totals disagree has a typo somewhere, and deadlines must not be computed from it.
func checkTotals(y int, yr *Year, off func(Date) bool, workingWeekend map[Date]bool) error {
	working := 0
	first := Date{Year: y, Month: time.January, Day: 1}
	n := daysInYear(y)
	for i := 0; i < n; i++ {
		d := first.AddDays(i)
		if !off(d) && (!isWeekend(d.Weekday()) || workingWeekend[d]) {
			working++
		}
	}
	if yr.WorkingDays != 0 && yr.WorkingDays != working {
		return fmt.Errorf("календарь %d: по спискам %d рабочих дней, а в файле указано %d", y, working, yr.WorkingDays)
	}
	if yr.NonworkingDays != 0 && yr.NonworkingDays != n-working {
		return fmt.Errorf("календарь %d: по спискам %d нерабочих дней, а в файле указано %d", y, n-working, yr.NonworkingDays)
	}
	short := float64(len(yr.Shortened))
	norms := []struct {
		stated, perDay float64
		name           string
	}{{yr.NormHours40, 8, "norm_hours_40h"}, {yr.NormHours36, 7.2, "norm_hours_36h"}}
	for _, nm := range norms {
		if nm.stated == 0 {
			continue
		}
		want := float64(working)*nm.perDay - short
		if math.Abs(want-nm.stated) > 0.05 {
			return fmt.Errorf("календарь %d: по спискам норма %s = %.1f ч, а в файле указано %.1f", y, nm.name, want, nm.stated)
		}
	}
	return nil
}

func isWeekend(w time.Weekday) bool { return w == time.Saturday || w == time.Sunday }
