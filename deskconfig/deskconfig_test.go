package deskconfig

import (
	"testing"
	"time"

	"otklik/domain"
)

// П.7, П.8 through the settings: the CLI.md example gives the regulation's deadlines on the embedded calendar.
func TestFromExample(t *testing.T) {
	f := DefaultFile()
	cal, err := Calendar(nil)
	if err != nil {
		t.Fatal(err)
	}
	calc, err := Calc(f, cal)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Policy(f)
	if err != nil {
		t.Fatal(err)
	}
	received := time.Date(2026, 1, 13, 10, 22, 0, 0, p.Location)
	d, err := domain.ComputeDeadlines(calc, p.Deadlines, received, nil, nil)
	if err != nil || d.AnswerDue.Format("2006-01-02 15:04") != "2026-01-14 09:22" || d.DraftsDue.Format("15:04") != "16:22" {
		t.Fatalf("deadlines %v %v %v", d.AnswerDue, d.DraftsDue, err)
	}
	if p.TagPrefix != "ОТК" || p.HeadAddress != "glava@example.ru" || len(p.Templates) == 0 || len(p.ShippedTemplates) == 0 {
		t.Fatalf("policy %+v", p)
	}
	req, err := SetupRequest(f)
	if err != nil || len(req.Users) != 2 || req.Secrets.IMAPPassword == "" {
		t.Fatalf("setup request %+v %v", req, err)
	}
	back, err := StoredFile(req.SettingsDoc)
	if err != nil || back.Users[0].Password != "" {
		t.Fatalf("stored settings keep a password: %v", err)
	}
}
