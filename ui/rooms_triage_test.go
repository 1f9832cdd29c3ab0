package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"otklik/domain"
)

func stray(t *testing.T, d *domain.Desk, uid uint32, from, subject, text string) string {
	t.Helper()
	res, err := d.Ingest([]domain.Incoming{{Mailbox: "INBOX", UIDValidity: 1, UID: uid, InternalDate: at("2026-01-13T10:25"),
		Raw: []byte(subject), Hash: fmt.Sprintf("stray-%d", uid), MessageID: fmt.Sprintf("stray-%d@example.ru", uid), From: from, Subject: subject,
		Text: text}}, domain.SyncState{})
	if err != nil {
		t.Fatal(err)
	}
	items, _ := d.TriageList("koordinator")
	for _, it := range items {
		if it.Subject == subject {
			return it.MailID
		}
	}
	t.Fatalf("%q did not go to triage: %+v", subject, res)
	return ""
}

// П.5: «Разбор почты» shows why each e-mail matched nothing; the coordinator ties it to a case or closes it with a
// note, and a wrong case or a missing note is said in the room.
func TestTriageRoom(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "4512937", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	first := stray(t, desk, 900, "someone@example.ru", "Вопрос про яму", "Когда заделают?")
	second := stray(t, desk, 901, "spam@example.org", "Реклама", "Купите")
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.room(roomTriage)
	tr := h.v.rooms.triage
	if len(tr.rows) != 2 || shown(tr.empty) {
		t.Fatalf("rows %d", len(tr.rows))
	}
	row := tr.rows[first]
	contains(t, "reason", row.reason.Text, "Почему не разобрано: письмо от someone@example.ru не связано ни с одним поручением")
	contains(t, "head", row.head.Text, "someone@example.ru · Вопрос про яму")
	if len(row.caseRef.Entry.Text) != 0 {
		t.Fatal("case choice not empty")
	}

	test.Tap(row.attach)
	if tr.message.Text != "Укажите сообщение" {
		t.Fatalf("no case: %q", tr.message.Text)
	}
	row.caseRef.SetText("ОТК-2026-0099")
	test.Tap(row.attach)
	if tr.message.Text != `сообщение "ОТК-2026-0099" не найдено` {
		t.Fatalf("unknown case: %q", tr.message.Text)
	}
	// The note typed in the other row survives the reload after each sync.
	test.Type(tr.rows[second].note, "реклама")
	h.v.Refresh()
	row.caseRef.SetText("4512937") // the incident number works as well as the tag
	test.Tap(row.attach)
	contains(t, "attached", tr.message.Text, "Письмо «Вопрос про яму» привязано к сообщению 4512937")
	if _, ok := tr.rows[first]; ok || len(tr.rows) != 1 {
		t.Fatalf("attached mail still listed: %d rows", len(tr.rows))
	}
	if got := tr.rows[second].note.Text; got != "реклама" {
		t.Fatalf("the typed note was lost in the reload: %q", got)
	}
	_, j, _ := desk.CaseDetail("koordinator", "ОТК-2026-0001")
	found := false
	for _, e := range j.History {
		found = found || (e.Action == "triage_attach" && strings.Contains(e.Detail, "Вопрос про яму"))
	}
	if !found {
		t.Fatal("the attachment is not in the case's history")
	}

	tr.rows[second].note.SetText("  ")
	test.Tap(tr.rows[second].dismiss)
	if tr.message.Text != "Укажите, почему письмо закрывается без привязки" {
		t.Fatalf("no note: %q", tr.message.Text)
	}
	tr.rows[second].note.SetText("реклама")
	test.Tap(tr.rows[second].dismiss)
	contains(t, "dismissed", tr.message.Text, "Письмо «Реклама» закрыто: реклама")
	if len(tr.rows) != 0 || !shown(tr.empty) || h.v.queue.triage.Text != "Разбор почты" {
		t.Fatalf("after dismiss: %d rows, button %q", len(tr.rows), h.v.queue.triage.Text)
	}
}
