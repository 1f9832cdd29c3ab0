package worktime

import (
	"bytes"
	"slices"
	"testing"
)

// FuzzParseCalendarJSON: an administrator's file never panics the parser; whatever it accepts builds a Calc and
// survives the store-and-reload round trip unchanged.
func FuzzParseCalendarJSON(f *testing.F) {
	f.Add(readFile(f, calendarFile))
	f.Add([]byte(`{"2026": {}}`))
	f.Add([]byte(`{"2027": {"working_weekends": ["2027-02-20"], "shortened": ["2027-02-20"], "transfers": [{"from": "2027-02-20", "to": "2027-02-22"}], "holidays": ["2027-02-22"], "nonworking_weekdays": ["2027-02-22"]}}`))
	f.Add([]byte(`{"2200": {"working_days": 1}, "_x": 1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cal, err := ParseCalendarJSON(data)
		if err != nil {
			return
		}
		if _, err := New(DefaultSchedule(), cal, nil); err != nil {
			t.Fatalf("accepted calendar fails New: %v", err)
		}
		stored, err := MarshalCalendarJSON(cal)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseCalendarJSON(stored)
		if err != nil {
			t.Fatalf("stored calendar does not parse: %v\n%s", err, stored)
		}
		if restored, _ := MarshalCalendarJSON(again); !bytes.Equal(stored, restored) {
			t.Fatalf("round trip changed the calendar:\n%s\n%s", stored, restored)
		}
	})
}

// FuzzParseXMLCalendar: an imported xmlcalendar file never panics the parser; what it accepts builds a Calc and
// is stored as JSON without loss.
func FuzzParseXMLCalendar(f *testing.F) {
	for _, name := range []string{"xmlcalendar-ru-2026.xml", "xmlcalendar-ru-2027.xml", "xmlcalendar-small.xml"} {
		f.Add(readFile(f, "testdata/"+name))
	}
	f.Add([]byte(`<calendar year="2026"><days><day d="01.01" t="1" f="2025.12.31"/></days></calendar>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		yr, y, err := ParseXMLCalendar(data)
		if err != nil {
			return
		}
		cal := &Calendar{}
		cal.Merge(y, yr)
		if _, err := New(DefaultSchedule(), cal, nil); err != nil {
			t.Fatalf("accepted year fails New: %v", err)
		}
		stored, err := MarshalCalendarJSON(cal)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseCalendarJSON(stored)
		if err != nil {
			t.Fatalf("stored import does not parse: %v\n%s", err, stored)
		}
		if !slices.Equal(again.Years[y].Holidays, yr.Holidays) || !slices.Equal(again.Years[y].Transfers, yr.Transfers) {
			t.Fatal("stored import lost days")
		}
	})
}
