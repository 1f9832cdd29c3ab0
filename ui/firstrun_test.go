package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"otklik/assets"
	"otklik/domain"
	"otklik/domain/worktime"
	"otklik/secrets"
	"otklik/storage"
)

// DC first run: on a folder with no accounts the window asks for the administrator, creates her and logs her in;
// mismatched passwords are refused with a message.
func TestFirstRunCreatesAdministrator(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Отклик")
	db, err := storage.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cal, _ := worktime.ParseCalendarJSON(assets.CalendarJSON)
	calc, _ := worktime.New(worktime.DefaultSchedule(), cal, nil)
	loc, _ := time.LoadLocation("Asia/Tomsk")
	desk := domain.NewDesk(db, domain.ClockFunc(time.Now), secrets.Argon2id{P: secrets.Params{Memory: 1024, Time: 1, Threads: 1}},
		calc, domain.Policy{Location: loc, Templates: assets.Templates()})
	v := Create(a, w, Deps{Desk: desk})
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
	deadline := time.Now().Add(10 * time.Second)
	for v.currentUser() != "admin" {
		if time.Now().After(deadline) {
			t.Fatalf("not logged in: %q", f.message.Text)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if fresh, _ := desk.IsNew(); fresh {
		t.Fatal("no account was created")
	}
}
