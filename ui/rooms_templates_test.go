package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"otklik/domain"
)

// Настройки «Шаблоны писем»: the administrator edits the task template, sees it on a real case, a broken template
// is refused with a message, and the saved one is in force.
func TestTemplatesBox(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk, incident{number: "4512937", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.logIn("admin", adminPass)
	h.room(roomSettings)
	tb := h.v.rooms.settings.templates
	tb.kind.SetSelected(domain.MailTask)
	tb.caseRef.SetText("4512937")
	tb.editor.SetText(`{{define "subject"}}[{{.Case.ID}}] Поручение {{.Incidents}}{{end}}{{define "body"}}Срок {{.Due}}{{end}}`)
	waitUntil(t, func() bool { return tb.subject.Text == "[ОТК-2026-0001] Поручение 4512937" })
	tb.editor.SetText(`{{define "subject"}}{{.Nope}}{{end}}`)
	test.Tap(tb.save)
	waitUntil(t, func() bool { return strings.Contains(tb.message.Text, "шаблон") })
	tb.editor.SetText(`{{define "subject"}}Поручение {{.Incidents}}{{end}}{{define "body"}}Срок {{.Due}}{{end}}`)
	test.Tap(tb.save)
	waitUntil(t, func() bool { return desk.Policy().Templates[domain.MailTask] == tb.editor.Text })
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Настройки: importing a calendar file goes to the service with the administrator's login and says which years.
func TestSettingsImportCalendar(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	h := newHarness(t, desk, clk, "")
	var gotLogin, gotName string
	h.v.deps.ImportCalendar = func(login, name string, data []byte) ([]int, error) {
		gotLogin, gotName = login, name
		return []int{2028}, nil
	}
	h.logIn("admin", adminPass)
	h.room(roomSettings)
	s := h.v.rooms.settings
	s.importCalendar("calendar.xml", []byte("<calendar/>"))
	waitUntil(t, func() bool { return strings.Contains(s.importResult.Text, "2028") })
	if gotLogin != "admin" || gotName != "calendar.xml" {
		t.Fatalf("import called with %q %q", gotLogin, gotName)
	}
}
