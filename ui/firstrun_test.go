package ui

import (
	"errors"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"otklik/assets"
	"otklik/domain"
	"otklik/internal/testdesk"
)

// DC first run: on a folder with no accounts the window asks for the administrator, creates her and logs her in;
// mismatched passwords are refused with a message.
func TestFirstRunCreatesAdministrator(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Отклик")
	desk := testdesk.New(t, testdesk.Store(t), domain.ClockFunc(time.Now),
		domain.Policy{Location: tomsk, Templates: assets.Templates()})
	v := newView(a, w, Deps{Desk: desk}) // synchronous: every spawned step has finished when a call returns
	defer v.Stop()
	if v.firstRun == nil || w.Content() != v.firstRun.content {
		t.Fatal("the first run form is not shown on an empty folder")
	}
	f := v.firstRun
	test.Type(f.name, "Отдел информатизации")
	test.Type(f.password, "First-Admin-2026")
	test.Type(f.repeated, "First-Admin-2027")
	test.Tap(f.create)
	if f.message.Text != "Пароли не совпадают" {
		t.Fatalf("message %q", f.message.Text)
	}
	f.repeated.SetText("First-Admin-2026")
	test.Tap(f.create)
	if v.currentUser() != "admin" {
		t.Fatalf("not logged in: %q", f.message.Text)
	}
	if fresh, _ := desk.IsNew(); fresh {
		t.Fatal("no account was created")
	}
}

// slowList is a desk whose whole-list read fails, as if it were still loading: what the queue shows then came
// from the first page alone.
type slowList struct{ *domain.Desk }

func (slowList) Cases(string, ...domain.Status) ([]*domain.Case, error) {
	return nil, errors.New("still reading")
}

// The queue's first page comes through the due index before (and without) the whole list (100,000 cases take
// seconds to read; the first page must not).
func TestFirstPageBeforeTheWholeList(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk,
		incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:50")},
		incident{number: "2", settlement: "Уртам", text: "Снег", received: at("2026-01-13T09:20")},
	)
	_ = clk
	a := test.NewTempApp(t)
	w := a.NewWindow("Отклик")
	v := newView(a, w, Deps{Desk: slowList{desk}})
	defer v.Stop()
	v.login.login.SetText("koordinator")
	test.Type(v.login.password, coordPass)
	test.Tap(v.login.submit)
	if v.model.Len() != 2 || v.model.At(0).Case.ID != "ОТК-2026-0002" {
		t.Fatalf("first page: %d cases", v.model.Len())
	}
}
