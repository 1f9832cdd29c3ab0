package worktime

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"testing"
)

func TestEmbeddedCalendar(t *testing.T) {
	cal := embeddedCalendar(t)
	if got, want := cal.CoveredYears(), []int{2025, 2026, 2027}; !slices.Equal(got, want) {
		t.Fatalf("years = %v, want %v", got, want)
	}
	// REQUIREMENTS.md: 2027 is provisional (no decree was seen); 2025 and 2026 are confirmed.
	for y, want := range map[int]bool{2025: false, 2026: false, 2027: true} {
		if got := cal.Years[y].Provisional; got != want {
			t.Errorf("%d provisional = %v, want %v", y, got, want)
		}
	}
	if got := cal.Years[2026].HolidayNames[mustDate(t, "2026-06-12")]; got != "День России" {
		t.Errorf("name of 2026-06-12 = %q", got)
	}
}

func TestCalendarJSONRoundTrip(t *testing.T) {
	cal := embeddedCalendar(t)
	data, err := MarshalCalendarJSON(cal)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseCalendarJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cal, again) {
		t.Error("the calendar changed in a JSON round trip")
	}
	data2, err := MarshalCalendarJSON(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, data2) {
		t.Error("MarshalCalendarJSON is not stable")
	}
}

func TestParseCalendarJSONErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"not JSON", `{"2026": [`, "неверный JSON"},
		{"no years", `{"_comment": "x"}`, "нет ни одного года"},
		{"a key that is not a year", `{"20x6": {}}`, `ключ "20x6" не год`},
		{"a year with a sign", `{"+2026": {}}`, `ключ "+2026" не год`},
		{"a year out of range", `{"1800": {}}`, "вне допустимого диапазона"},
		{"a misspelt list", `{"2026": {"holiday": ["2026-01-01"]}}`, `unknown field "holiday"`},
		{"a date of another year", `{"2026": {"holidays": ["2025-12-31"]}}`, "2025-12-31 в списке holidays не из 2026 года"},
		{"a date that does not exist", `{"2026": {"holidays": ["2026-02-30"]}}`, `неверная дата "2026-02-30"`},
		{"a duplicate", `{"2026": {"shortened": ["2026-11-03", "2026-11-03"]}}`, "повторяется в списке shortened"},
		{"a working weekend on a weekday", `{"2026": {"working_weekends": ["2026-11-03"]}}`, "не суббота и не воскресенье"},
		{"a working weekend that is also off", `{"2027": {"holidays": ["2027-02-20"], "working_weekends": ["2027-02-20"]}}`, "одновременно рабочий и нерабочий"},
		{"a shortened holiday", `{"2026": {"holidays": ["2026-11-04"], "shortened": ["2026-11-04"]}}`, "сокращённый день 2026-11-04 одновременно нерабочий"},
		{"a shortened Saturday that is not worked", `{"2026": {"shortened": ["2026-11-07"]}}`, "не объявленный рабочим"},
		{"a nonworking weekday on a Sunday", `{"2026": {"nonworking_weekdays": ["2026-03-08"]}}`, "выпадает на выходной"},
		{"a transfer to another year", `{"2026": {"transfers": [{"from": "2026-01-03", "to": "2027-01-09"}]}}`, "неверный перенос"},
		{"a holiday name of another year", `{"2026": {"holiday_names": {"2025-01-01": "Новый год"}}}`, "название праздника"},
		{"working days that the lists do not give", `{"2026": {"working_days": 246}}`, "по спискам 261 рабочих дней, а в файле указано 246"},
		{"nonworking days that the lists do not give", `{"2026": {"nonworking_days": 100}}`, "по спискам 104 нерабочих дней"},
		{"a norm that the lists do not give", `{"2026": {"shortened": ["2026-11-03"], "norm_hours_40h": 2088}}`, "норма norm_hours_40h = 2087.0"},
		{"an empty year is a plain five-day year", `{"2026": {}, "_comment": "ok"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCalendarJSON([]byte(tt.json))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("error = %v, want none", err)
				}
				return
			}
			if err == nil || !contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestMergeAndClone(t *testing.T) {
	cal := embeddedCalendar(t)
	imported, y, err := ParseXMLCalendar(readFile(t, "testdata/xmlcalendar-small.xml"))
	if err != nil {
		t.Fatal(err)
	}
	copyOf := cal.Clone()
	copyOf.Merge(y, imported)
	copyOf.Years[2026].Holidays[0] = mustDate(t, "2026-01-02")
	if _, ok := cal.Years[y]; ok {
		t.Error("Merge on a clone changed the original calendar")
	}
	if cal.Years[2026].Holidays[0] != mustDate(t, "2026-01-01") {
		t.Error("Clone shares the holiday lists")
	}
	// An import replaces the whole year.
	replacement := &Year{Holidays: []Date{mustDate(t, "2026-01-01")}, Confidence: "medium"}
	cal.Merge(2026, replacement)
	if cal.Years[2026] != replacement || !cal.Years[2026].Provisional {
		t.Error("Merge did not replace 2026 with a provisional year")
	}
	c, err := New(DefaultSchedule(), cal, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 2026-01-02 is now an ordinary Friday: the old year's holidays are gone.
	if ok, err := c.IsWorking(local(t, "2026-01-02T10:00")); err != nil || !ok {
		t.Errorf("IsWorking(2026-01-02 10:00) after the import = %v, %v; want true", ok, err)
	}
	if !c.Provisional(2026) || c.Provisional(2025) {
		t.Error("Provisional does not follow the imported year's confidence")
	}
}

func TestNewRejectsBadInput(t *testing.T) {
	var missing *MissingYearError
	if _, err := New(DefaultSchedule(), &Calendar{}, nil); err == nil || errors.As(err, &missing) {
		t.Errorf("New with an empty calendar: error = %v, want a plain error", err)
	}
	bad := &Calendar{}
	bad.Merge(2026, &Year{Holidays: []Date{mustDate(t, "2025-01-01")}})
	if _, err := New(DefaultSchedule(), bad, nil); err == nil || !contains(err.Error(), "не из 2026 года") {
		t.Errorf("New with a year under the wrong key: error = %v", err)
	}
	noZone := DefaultSchedule()
	noZone.Location = nil
	if _, err := New(noZone, embeddedCalendar(t), nil); err == nil {
		t.Error("New without a zone succeeded")
	}
}
