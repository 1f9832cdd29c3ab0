package domain

import (
	"fmt"
	"time"
)

// FormatDateTime gives "13.01.2026 16:22", the form the office reads.
func FormatDateTime(t time.Time) string { return t.Format("02.01.2006 15:04") }

// FormatDuration gives "2 ч 41 мин", "35 мин", "3 ч".
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	m := int(d.Round(time.Minute) / time.Minute)
	h, m := m/60, m%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d мин", m)
	case m == 0:
		return fmt.Sprintf("%d ч", h)
	}
	return fmt.Sprintf("%d ч %d мин", h, m)
}

// Plural picks the Russian form for n: Plural(5, "сообщение", "сообщения", "сообщений") = "сообщений".
func Plural(n int, one, few, many string) string {
	if n < 0 {
		n = -n
	}
	n10, n100 := n%10, n%100
	switch {
	case n10 == 1 && n100 != 11:
		return one
	case n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14):
		return few
	}
	return many
}

var weekdaysRu = [7]string{"вс", "пн", "вт", "ср", "чт", "пт", "сб"}

// WeekdayShort gives "пн", "вт", ...
func WeekdayShort(t time.Time) string { return weekdaysRu[t.Weekday()] }
