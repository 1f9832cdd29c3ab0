package domain_test

import (
	"fmt"
	"testing"
	"time"

	"otklik/domain"
)

// CLI.md rights table, every role × every action, through the service (Р.2–Р.4): the window and the CLI cannot
// bypass it because the check lives here.
func TestRightsMatrix(t *testing.T) {
	type action struct {
		name string
		do   func(d *domain.Desk, login string) error
	}
	actions := []action{
		{"cases", func(d *domain.Desk, l string) error { _, err := d.Cases(l); return err }},
		{"case", func(d *domain.Desk, l string) error { _, _, err := d.CaseDetail(l, "1"); return err }},
		{"triage", func(d *domain.Desk, l string) error { _, err := d.TriageList(l); return err }},
		{"sync", func(d *domain.Desk, l string) error { _, err := d.Authorize(l, domain.ActSync, "sync"); return err }},
		{"dispatch", func(d *domain.Desk, l string) error {
			_, err := d.Dispatch(l, "1", domain.DispatchRequest{To: []string{"zam-zhkh"}})
			return err
		}},
		{"escalate", func(d *domain.Desk, l string) error { _, err := d.Escalate(l, "1", ""); return err }},
		{"link", func(d *domain.Desk, l string) error { _, err := d.LinkRepeat(l, "2", "1"); return err }},
		{"reject", func(d *domain.Desk, l string) error { _, err := d.Reject(l, "2", domain.ReasonInsult, ""); return err }},
		{"answer", func(d *domain.Desk, l string) error {
			_, err := d.Answer(l, "3", domain.AnswerRequest{Kind: domain.KindInterim, Text: "Ответ"})
			return err
		}},
		{"absence list", func(d *domain.Desk, l string) error { _, err := d.Absences(l); return err }},
		{"absence add (own)", func(d *domain.Desk, l string) error {
			_, err := d.AddAbsence(l, l, "maslova", at("2026-02-01T09:00"), at("2026-02-05T18:00"))
			return err
		}},
		{"users list", func(d *domain.Desk, l string) error { _, err := d.Users(l); return err }},
		{"users disable", func(d *domain.Desk, l string) error { return d.SetDisabled(l, "upravdel", true) }},
	}
	// Who may: coordinator, substitute outside an absence, supervisor, admin.
	want := map[string][4]bool{
		"cases":             {true, true, true, true},
		"case":              {true, true, true, true},
		"triage":            {true, true, true, true},
		"sync":              {true, true, false, true},
		"dispatch":          {true, false, false, false},
		"escalate":          {true, false, false, false},
		"link":              {true, false, false, false},
		"reject":            {true, false, false, false},
		"answer":            {true, false, false, false},
		"absence list":      {true, true, true, true},
		"absence add (own)": {true, false, false, true},
		"users list":        {false, false, false, true},
		"users disable":     {false, false, false, true},
	}
	roles := []string{"koordinator", "maslova", "upravdel", "admin"}
	for _, a := range actions {
		for i, login := range roles {
			t.Run(fmt.Sprintf("%s/%s", a.name, login), func(t *testing.T) {
				d, _, _ := newDesk(t, at("2026-01-13T10:30"))
				ingest(t, d, notice(1, "1", at("2026-01-13T10:22")), notice(2, "2", at("2026-01-13T10:23")), notice(3, "3", at("2026-01-13T10:24")))
				err := a.do(d, login)
				if allowedNow := !domain.IsRefused(err); allowedNow != want[a.name][i] {
					t.Fatalf("%s by %s: err %v, want allowed=%v", a.name, login, err, want[a.name][i])
				}
				if err != nil && !domain.IsRefused(err) {
					t.Fatalf("unexpected failure: %v", err)
				}
			})
		}
	}
}

// Р.4: inside an absence that names her, the substitute has exactly the coordinator's working rights.
func TestSubstituteInsideAbsenceWorks(t *testing.T) {
	d, _, clk := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")))
	if _, err := d.AddAbsence("admin", "koordinator", "maslova", at("2026-01-13T10:00"), at("2026-01-14T18:00")); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Dispatch("maslova", "1", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatalf("substitute in absence: %v", err)
	}
	// Ended early: rights return at once.
	abs, _ := d.Absences("admin")
	if err := d.EndAbsence("koordinator", abs[0].ID); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	if _, err := d.Escalate("maslova", "1", ""); !domain.IsRefused(err) {
		t.Fatalf("after the absence ended: %v", err)
	}
	if _, err := d.Escalate("koordinator", "1", ""); err != nil {
		t.Fatal(err)
	}
}
