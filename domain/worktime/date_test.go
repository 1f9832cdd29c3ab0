package worktime

import (
	"encoding/json"
	"testing"
	"testing/quick"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-01-13", Date{2026, time.January, 13}, true},
		{"2024-02-29", Date{2024, time.February, 29}, true},
		{"2026-02-29", Date{}, false},
		{"2026-1-13", Date{}, false},
		{"13.01.2026", Date{}, false},
		{"", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != tt.in {
			t.Errorf("String() = %q, want %q", got.String(), tt.in)
		}
	}
}

func TestDateJSON(t *testing.T) {
	var o Override
	if err := json.Unmarshal([]byte(`{"date": "2026-12-30", "kind": "holiday"}`), &o); err != nil {
		t.Fatal(err)
	}
	if o.Date != (Date{2026, time.December, 30}) || o.Kind != OverrideHoliday {
		t.Errorf("override = %+v", o)
	}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"date":"2026-12-30","kind":"holiday"}` {
		t.Errorf("marshalled %s", b)
	}
	if err := json.Unmarshal([]byte(`{"date": "2026-12-32"}`), &o); err == nil {
		t.Error("a bad date unmarshalled")
	}
}

// TestDateArithmetic compares the civil-day arithmetic with package time over ±550 years around 1970.
func TestDateArithmetic(t *testing.T) {
	f := func(offset int32) bool {
		n := int64(offset % 200000)
		tm := time.Unix(n*86400, 0).UTC()
		d := DateOf(tm)
		return d.days() == n && dateFromDays(n) == d && d.Weekday() == tm.Weekday() &&
			d.AddDays(1) == DateOf(tm.AddDate(0, 0, 1)) && d.Valid()
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 20000}); err != nil {
		t.Error(err)
	}
	a, b := Date{2026, time.December, 31}, Date{2027, time.January, 1}
	if a.AddDays(1) != b || b.AddDays(-1) != a || !a.Before(b) || !b.After(a) || a.Compare(a) != 0 {
		t.Error("year boundary arithmetic is wrong")
	}
	if (Date{2026, time.February, 29}).Valid() || (Date{2026, 13, 1}).Valid() || !(Date{2000, time.February, 29}).Valid() {
		t.Error("Valid is wrong")
	}
	if !(Date{}).IsZero() || a.IsZero() {
		t.Error("IsZero is wrong")
	}
}
