package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// П.16: `report` writes the shortcomings memo as XLSX and PDF (Russian text intact), and --send delivers it to
// the Head from the outbox.
func TestReportVerb(t *testing.T) {
	mf := newMailFolder(t)
	dir, _ := samples(t)
	raw, _ := os.ReadFile(filepath.Join(dir, "01-vk-doroga-kozhevnikovo-qp.eml"))
	mf.imap.Append("INBOX", raw, localTime(t, "2026-01-13T10:22"))
	now := "OTKLIK_NOW=2026-01-20T10:00:00+07:00" // a week later: the case was never dispatched nor answered
	syncOnce(t, mf.dir, now)
	out := t.TempDir()
	for _, name := range []string{"memo.xlsx", "memo.pdf"} {
		r := otklik(t, []string{coordPW, now}, "report", "shortcomings", "--from", "2026-01-01", "--to", "2026-01-31",
			"--out", filepath.Join(out, name), "--user", "koordinator", "--data", mf.dir)
		if r.code != 0 {
			t.Fatalf("%s: %d %s", name, r.code, r.stderr)
		}
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() < 1000 {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text, err := exec.Command("pdftotext", "-layout", filepath.Join(out, "memo.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (Debian poppler-utils): %v", err)
	}
	if !strings.Contains(string(text), "ОТК-2026-0001") || !strings.Contains(string(text), "Кожевниковского") {
		t.Fatalf("memo text:\n%s", text)
	}
	r := otklik(t, []string{coordPW, now}, "report", "shortcomings", "--from", "2026-01-01", "--to", "2026-01-31", "--send",
		"--user", "koordinator", "--data", mf.dir)
	if r.code != 0 {
		t.Fatalf("send: %d %s", r.code, r.stderr)
	}
	syncOnce(t, mf.dir, "OTKLIK_NOW=2026-01-20T10:01:00+07:00")
	got, err := mf.smtp.WaitFor(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].To[0] != "glava@example.ru" || !strings.Contains(string(got[0].Data), "application/pdf") {
		t.Fatalf("report mail to %v", got[0].To)
	}
	if r := otklik(t, []string{coordPW}, "report", "summary", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "x.doc",
		"--user", "koordinator", "--data", mf.dir); r.code != 2 {
		t.Fatalf("bad extension: %d", r.code)
	}
}

// П.16, settings [reports]: the monthly memo goes out once, at the first working moment of the next month.
func TestScheduledShortcomings(t *testing.T) {
	mf := newMailFolder(t)
	dir, _ := samples(t)
	raw, _ := os.ReadFile(filepath.Join(dir, "01-vk-doroga-kozhevnikovo-qp.eml"))
	mf.imap.Append("INBOX", raw, localTime(t, "2026-01-13T10:22"))
	syncOnce(t, mf.dir, "OTKLIK_NOW=2026-01-31T12:00:00+07:00") // a Saturday in January: nothing to send yet
	syncOnce(t, mf.dir, "OTKLIK_NOW=2026-02-01T12:00:00+07:00") // Sunday: not a working moment
	if n := len(mf.smtp.Received()); n != 0 {
		t.Fatalf("%d e-mails before the first working moment of February", n)
	}
	syncOnce(t, mf.dir, "OTKLIK_NOW=2026-02-02T09:30:00+07:00")
	syncOnce(t, mf.dir, "OTKLIK_NOW=2026-02-02T10:30:00+07:00")
	got := mf.smtp.Received()
	if len(got) != 1 || got[0].To[0] != "glava@example.ru" || !strings.Contains(string(got[0].Data), "Auto-Submitted: auto-generated") {
		t.Fatalf("scheduled report: %d e-mails", len(got))
	}
}

func TestLastPeriod(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Tomsk")
	now := time.Date(2026, 3, 4, 10, 0, 0, 0, loc) // a Wednesday
	from, to, key, _ := lastPeriod("monthly", now)
	if from.Format("2006-01-02") != "2026-02-01" || to.Format("2006-01-02") != "2026-02-28" || key != "shortcomings:2026-02" {
		t.Fatalf("monthly: %v %v %s", from, to, key)
	}
	from, to, _, _ = lastPeriod("weekly", now)
	if from.Format("2006-01-02") != "2026-02-23" || to.Format("2006-01-02") != "2026-03-01" {
		t.Fatalf("weekly: %v %v", from, to)
	}
	if _, _, _, ok := lastPeriod("never", now); ok {
		t.Fatal("never has a period")
	}
}
