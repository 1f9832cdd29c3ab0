package ui

import (
	"testing"

	"otklik/domain"
)

// REQUIREMENTS, audit log ("who, when, what"): a case's history line says what happened in words. A status
// change journalled by an earlier version carries no detail and is named from its new state; an event with a
// detail shows the detail.
func TestHistoryWhat(t *testing.T) {
	loadTranslations()
	cases := []struct {
		event domain.AuditEvent
		want  string
	}{
		{domain.AuditEvent{Action: "status", Before: "dispatched", After: "drafts_received"}, "состояние: получены проекты ответа"},
		{domain.AuditEvent{Action: "status", After: "drafts_received", Detail: "состояние: получены проекты ответа"},
			"состояние: получены проекты ответа"},
		{domain.AuditEvent{Action: "dispatch", Detail: "направлено: Иванов"}, "направлено: Иванов"},
		{domain.AuditEvent{Action: "surge"}, "всплеск сообщений"},
		{domain.AuditEvent{Action: "status"}, "состояние изменено"},
	}
	for _, c := range cases {
		if got := historyWhat(c.event); got != c.want {
			t.Errorf("%s %q: got %q, want %q", c.event.Action, c.event.Detail, got, c.want)
		}
	}
}
