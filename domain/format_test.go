package domain

import (
	"testing"
	"time"
)

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{1: "сообщение", 2: "сообщения", 4: "сообщения", 5: "сообщений", 11: "сообщений",
		12: "сообщений", 14: "сообщений", 21: "сообщение", 22: "сообщения", 111: "сообщений", 0: "сообщений"} {
		if got := Plural(n, "сообщение", "сообщения", "сообщений"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{161 * time.Minute: "2 ч 41 мин", 35 * time.Minute: "35 мин",
		3 * time.Hour: "3 ч", -20 * time.Minute: "20 мин"} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestShortName(t *testing.T) {
	for full, want := range map[string]string{"Бирюкова Ирина Александровна": "Бирюкова И. А.",
		"Отдел информатизации": "Отдел информатизации", "Иванов": "Иванов"} {
		if got := ShortName(full); got != want {
			t.Errorf("ShortName(%q) = %q, want %q", full, got, want)
		}
	}
}
