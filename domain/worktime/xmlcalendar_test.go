package worktime

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// TestXMLMatchesEmbedded: the xmlcalendar files of 2026 and 2027 describe the same days as ru-calendar.json, so an
// administrator's import of the official file changes nothing but the source.
func TestXMLMatchesEmbedded(t *testing.T) {
	embedded := embeddedCalendar(t)
	for _, tt := range []struct {
		file string
		year int
	}{{"testdata/xmlcalendar-ru-2026.xml", 2026}, {"testdata/xmlcalendar-ru-2027.xml", 2027}} {
		t.Run(tt.file, func(t *testing.T) {
			got, y, err := ParseXMLCalendar(readFile(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if y != tt.year {
				t.Fatalf("year = %d, want %d", y, tt.year)
			}
			want := embedded.Years[tt.year]
			lists := []struct {
				name      string
				got, want []Date
			}{
				{"holidays", got.Holidays, want.Holidays},
				{"shortened", got.Shortened, want.Shortened},
				{"working_weekends", got.WorkingWeekends, want.WorkingWeekends},
				{"nonworking_weekdays", got.NonworkingWeekdays, want.NonworkingWeekdays},
			}
			for _, l := range lists {
				if !slices.Equal(l.got, l.want) {
					t.Errorf("%s = %v, want %v", l.name, l.got, l.want)
				}
			}
			if !slices.Equal(got.Transfers, want.Transfers) {
				t.Errorf("transfers = %v, want %v", got.Transfers, want.Transfers)
			}
			if !reflect.DeepEqual(got.HolidayNames, want.HolidayNames) {
				t.Errorf("holiday names = %v, want %v", got.HolidayNames, want.HolidayNames)
			}
			if got.Provisional || got.Source == "" {
				t.Errorf("imported year: provisional = %v, source = %q", got.Provisional, got.Source)
			}
		})
	}
}

// TestXMLImportRoundTrip: an import (XML) is stored as JSON and read back unchanged, and the Calc built from it
// follows the file's day types.
func TestXMLImportRoundTrip(t *testing.T) {
	yr, y, err := ParseXMLCalendar(readFile(t, "testdata/xmlcalendar-small.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cal := &Calendar{}
	cal.Merge(y, yr)
	data, err := MarshalCalendarJSON(cal)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := ParseCalendarJSON(data)
	if err != nil {
		t.Fatalf("the stored import does not parse: %v\n%s", err, data)
	}
	if !reflect.DeepEqual(stored, cal) {
		t.Errorf("round trip changed the year:\n got %+v\nwant %+v", stored.Years[y], cal.Years[y])
	}
	c, err := New(DefaultSchedule(), stored, nil)
	if err != nil {
		t.Fatal(err)
	}
	full := []Period{{540, 780}, {840, 1080}}
	tests := []struct {
		date    string
		kind    DayKind
		periods []Period
		name    string
	}{
		{"2030-01-01", Holiday, nil, "Новый год"},                        // t=1 h=1
		{"2030-01-05", Holiday, nil, "Новый год"},                        // t=1 on a Saturday
		{"2030-01-07", Holiday, nil, ""},                                 // t=1 f=01.05: the Saturday's rest moved to Monday
		{"2030-01-08", Working, full, ""},                                // not listed: an ordinary Tuesday
		{"2030-03-16", Shortened, []Period{{540, 780}, {840, 1020}}, ""}, // t=2 on a Saturday: worked, shortened
		{"2030-03-17", Working, full, ""},                                // t=3: a working Sunday, worked for Monday 03.18
		{"2030-03-18", Holiday, nil, "Местный праздник"},                 // t=1 h=2 f=03.17
		{"2030-03-23", Weekend, nil, ""},                                 // an ordinary Saturday
	}
	for _, tt := range tests {
		day, err := c.Day(mustDate(t, tt.date))
		if err != nil {
			t.Fatal(err)
		}
		if day.Kind != tt.kind || !equalPeriods(day.Periods, tt.periods) || day.Name != tt.name {
			t.Errorf("%s = %v %v %q, want %v %v %q", tt.date, day.Kind, day.Periods, day.Name, tt.kind, tt.periods, tt.name)
		}
	}
	if want := []Transfer{{mustDate(t, "2030-01-05"), mustDate(t, "2030-01-07")}, {mustDate(t, "2030-03-17"), mustDate(t, "2030-03-18")}}; !slices.Equal(yr.Transfers, want) {
		t.Errorf("transfers = %v, want %v", yr.Transfers, want)
	}
	if got := c.Location(); got.String() != "Asia/Tomsk" {
		t.Errorf("location = %v", got)
	}
	// П.7 over the imported year: Friday 15.03.2030 17:00 + 7 h runs through the working weekend.
	due, err := c.Add(local(t, "2030-03-15T17:00"), 7*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmtLocal(due), "2030-03-16T16:00:00+07:00"; got != want {
		t.Errorf("answer due = %s, want %s", got, want)
	}
}

func TestParseXMLCalendarErrors(t *testing.T) {
	wrap := func(days string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><calendar year="2026" lang="ru" date="2025.09.30">` +
			`<holidays><holiday id="1" title="Новый год"/></holidays><days>` + days + `</days></calendar>`
	}
	tests := []struct {
		name, xml, want string
	}{
		{"not XML", `{"2026": {}}`, "неверный XML"},
		{"another root element", `<kalender year="2026"/>`, "неверный XML"},
		{"no year", `<calendar lang="ru"><days/></calendar>`, "неверный год"},
		{"a year out of range", `<calendar year="3000"><days/></calendar>`, "неверный год"},
		{"a day in the wrong format", wrap(`<day d="1.1" t="1"/>`), `неверная дата "1.1"`},
		{"a day that does not exist", wrap(`<day d="02.30" t="1"/>`), `неверная дата "02.30"`},
		{"a sign in a day", wrap(`<day d="+1.01" t="1"/>`), "неверная дата"},
		{"an unknown day type", wrap(`<day d="01.01" t="4"/>`), `неизвестный тип t="4"`},
		{"a holiday that is not described", wrap(`<day d="01.01" t="1" h="9"/>`), `неописанный праздник h="9"`},
		{"a day twice", wrap(`<day d="01.01" t="1"/><day d="01.01" t="1"/>`), "описан дважды"},
		{"a bad transfer source", wrap(`<day d="01.09" t="1" f="13.01"/>`), `неверная дата "13.01"`},
		{"a charset other than UTF-8", `<?xml version="1.0" encoding="windows-1251"?><calendar year="2026"><days/></calendar>`, "windows-1251"},
		{"a transfer from the previous year (YYYY.MM.DD)", wrap(`<day d="01.09" t="1" f="2025.12.27"/>`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseXMLCalendar([]byte(tt.xml))
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
