package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"otklik/settings"
)

var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "otklik-cli")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "otklik")
	out, err := exec.Command("go", "build", "-tags", "testclock", "-o", bin, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
	took           time.Duration
}

// otklik runs the binary with env entries "K=V" added.
func otklik(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "LANGUAGE=ru"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

const (
	coordPW = "OTKLIK_PASSWORD=Kozh-2026-ab!Coord"
	adminPW = "OTKLIK_PASSWORD=Kozh-2026-ab!Admin"
)

// setupFolder applies the CLI.md example settings to a fresh data folder.
func setupFolder(t *testing.T) (dir, config string) {
	t.Helper()
	dir = t.TempDir()
	config = filepath.Join(t.TempDir(), "settings.toml")
	if err := os.WriteFile(config, settings.Example(), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := otklik(t, nil, "setup", "--config", config, "--data", dir); r.code != 0 {
		t.Fatalf("setup: %d %s", r.code, r.stderr)
	}
	return dir, config
}

// П.7, П.8 and CLI.md's example: a receipt on the shortened 30.04.2026 is due after the May holidays.
func TestCalendarDue(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ received, answer, drafts string }{
		{"2026-04-30T15:10", "2026-05-04T15:10:00+07:00", "2026-05-04T12:10:00+07:00"},
		{"2026-01-13T10:22", "2026-01-14T09:22:00+07:00", "2026-01-13T16:22:00+07:00"}, // REQUIREMENTS worked example
		{"2026-01-09T11:30", "2026-01-12T17:00:00+07:00", "2026-01-12T15:00:00+07:00"}, // a holiday
		{"2026-03-16T13:30", "2026-03-17T12:00:00+07:00", "2026-03-17T10:00:00+07:00"}, // lunch
	}
	for _, c := range cases {
		r := otklik(t, nil, "calendar", "due", "--received", c.received, "--json", "--data", dir)
		if r.code != 0 {
			t.Fatalf("%s: exit %d %s", c.received, r.code, r.stderr)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatal(err, r.stdout)
		}
		if got["answer_due"] != c.answer || got["drafts_due"] != c.drafts || got["final_due"] != nil {
			t.Errorf("%s: %v", c.received, got)
		}
	}
	// П.10: the final answer is due at the end of the 7th working day after the interim's day.
	r := otklik(t, nil, "calendar", "due", "--received", "2026-01-13T10:22", "--interim-sent", "2026-01-13T15:00", "--json", "--data", dir)
	if !strings.Contains(r.stdout, `"final_due": "2026-01-22T18:00:00+07:00"`) || !strings.Contains(r.stdout, `"final_drafts_due": "2026-01-22T16:00:00+07:00"`) {
		t.Errorf("final due: %s", r.stdout)
	}
	if r := otklik(t, nil, "calendar", "due", "--received", "2029-03-01T10:00", "--data", dir); r.code != 1 || !strings.Contains(r.stderr, "2029") {
		t.Errorf("missing calendar year: exit %d %q", r.code, r.stderr)
	}
	if r := otklik(t, nil, "calendar", "due", "--received", "вчера", "--data", dir); r.code != 2 {
		t.Errorf("bad time: exit %d", r.code)
	}
}

// CLI.md: setup is idempotent; a misspelt key exits 2 naming the key and its line.
func TestSetup(t *testing.T) {
	dir, config := setupFolder(t)
	if r := otklik(t, nil, "setup", "--config", config, "--data", dir); r.code != 0 {
		t.Fatalf("second setup: %d %s", r.code, r.stderr)
	}
	if r := otklik(t, []string{adminPW}, "setup", "--config", config, "--data", dir, "--user", "admin"); r.code != 0 {
		t.Fatalf("setup as admin: %d %s", r.code, r.stderr)
	}
	r := otklik(t, []string{coordPW}, "cases", "--json", "--user", "koordinator", "--data", dir)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("cases: %d %q %s", r.code, r.stdout, r.stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	text := strings.Replace(string(settings.Example()), "\nhost = \"mail.example.ru\"\nport = 993", "\nhots = \"mail.example.ru\"\nport = 993", 1)
	os.WriteFile(bad, []byte(text), 0o600)
	line := strings.Count(text[:strings.Index(text, "hots")], "\n") + 1
	r = otklik(t, nil, "setup", "--config", bad, "--data", t.TempDir())
	if r.code != 2 || !strings.Contains(r.stderr, "mailbox.hots") || !strings.Contains(r.stderr, ":"+strconv.Itoa(line)+":") {
		t.Fatalf("misspelt key: %d %q (line %d)", r.code, r.stderr, line)
	}
	// A changed file on a configured folder needs an admin.
	changed := filepath.Join(t.TempDir(), "changed.toml")
	os.WriteFile(changed, []byte(strings.Replace(string(settings.Example()), "surge_cases = 3", "surge_cases = 4", 1)), 0o600)
	if r := otklik(t, nil, "setup", "--config", changed, "--data", dir); r.code != 3 {
		t.Fatalf("changed settings without admin: %d", r.code)
	}
	if r := otklik(t, []string{coordPW}, "setup", "--config", changed, "--data", dir, "--user", "koordinator"); r.code != 3 {
		t.Fatalf("changed settings by the coordinator: %d", r.code)
	}
}

// CLI.md rights: no password → exit 3 at once; wrong password → 3; wrong role → 3, and all are audited.
func TestRefusals(t *testing.T) {
	dir, _ := setupFolder(t)
	r := otklik(t, nil, "cases", "--user", "koordinator", "--data", dir)
	if r.code != 3 || r.took > 2*time.Second {
		t.Fatalf("no password: %d after %v", r.code, r.took)
	}
	if r := otklik(t, []string{"OTKLIK_PASSWORD=wrong-password-1"}, "cases", "--user", "koordinator", "--data", dir); r.code != 3 {
		t.Fatalf("wrong password: %d", r.code)
	}
	if r := otklik(t, []string{coordPW}, "backup", "--out", filepath.Join(t.TempDir(), "b.db"), "--user", "koordinator", "--data", dir); r.code != 3 {
		t.Fatalf("coordinator backup: %d", r.code)
	}
	if r := otklik(t, []string{coordPW}, "case", "ОТК-2026-0001", "--user", "koordinator", "--data", dir); r.code != 1 {
		t.Fatalf("unknown case: %d %s", r.code, r.stderr)
	}
	if r := otklik(t, nil, "frobnicate", "--data", dir); r.code != 2 {
		t.Fatalf("unknown verb: %d", r.code)
	}
	if r := otklik(t, nil, "check", "--data", dir); r.code != 0 || !strings.Contains(r.stdout, "цепочка цела") {
		t.Fatalf("check: %d %s %s", r.code, r.stdout, r.stderr)
	}
}

// DC: hot backup, restore, and a check that names the first altered audit record.
func TestBackupRestoreCheck(t *testing.T) {
	dir, _ := setupFolder(t)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if r := otklik(t, []string{adminPW}, "backup", "--out", backup, "--user", "admin", "--data", dir); r.code != 0 {
		t.Fatalf("backup: %d %s", r.code, r.stderr)
	}
	// Tamper with the second audit record directly in the file.
	db, err := bolt.Open(filepath.Join(dir, "otklik.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit"))
		c := b.Cursor()
		c.First()
		k, v := c.Next()
		return b.Put(append([]byte(nil), k...), bytes.Replace(v, []byte(`"action":"`), []byte(`"action":"x`), 1))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := otklik(t, nil, "check", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stdout, "записи 2") {
		t.Fatalf("tampered log: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := otklik(t, []string{adminPW}, "restore", backup, "--user", "admin", "--data", dir); r.code != 0 {
		t.Fatalf("restore: %d %s", r.code, r.stderr)
	}
	if r := otklik(t, nil, "check", "--data", dir); r.code != 0 {
		t.Fatalf("check after restore: %d %s %s", r.code, r.stdout, r.stderr)
	}
	notDB := filepath.Join(t.TempDir(), "x.db")
	os.WriteFile(notDB, []byte("not a database"), 0o600)
	if r := otklik(t, []string{adminPW}, "restore", notDB, "--user", "admin", "--data", dir); r.code == 0 {
		t.Fatal("restored from garbage")
	}
}

// DC: when every password is lost, the settings file restores an admin and the mail passwords; the reset is
// audited and the log stays intact.
func TestResetAccess(t *testing.T) {
	dir, config := setupFolder(t)
	text, _ := os.ReadFile(config)
	lost := strings.Replace(string(text), `password = "Kozh-2026-ab!Admin"`, `password = "Brand-New-2026-pass"`, 1)
	os.WriteFile(config, []byte(lost), 0o600)
	if r := otklik(t, nil, "setup", "--config", config, "--reset-access", "admin", "--data", dir); r.code != 0 {
		t.Fatalf("reset: %d %s", r.code, r.stderr)
	}
	if r := otklik(t, []string{"OTKLIK_PASSWORD=Brand-New-2026-pass"}, "users", "list", "--user", "admin", "--data", dir); r.code != 0 {
		t.Fatalf("admin after reset: %d %s", r.code, r.stderr)
	}
	if r := otklik(t, []string{adminPW}, "users", "list", "--user", "admin", "--data", dir); r.code != 3 {
		t.Fatalf("the lost password still works: %d", r.code)
	}
	r := otklik(t, []string{"OTKLIK_PASSWORD=Brand-New-2026-pass"}, "audit", "--json", "--user", "admin", "--data", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "access_reset") {
		t.Fatalf("reset not audited: %d %s", r.code, r.stderr)
	}
	if r := otklik(t, nil, "check", "--data", dir); r.code != 0 {
		t.Fatalf("check after reset: %d %s", r.code, r.stdout)
	}
	out := filepath.Join(t.TempDir(), "audit.csv")
	if r := otklik(t, []string{"OTKLIK_PASSWORD=Brand-New-2026-pass"}, "audit", "--out", out, "--user", "admin", "--data", dir); r.code != 0 {
		t.Fatalf("audit export: %d %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "access_reset") || !strings.Contains(string(b), "время;кто") {
		t.Fatalf("audit csv:\n%s", b)
	}
}

// A year missing from the calendar is an error naming it, never a guess; importing the common xmlcalendar file
// (admin only, audited) puts it in force.
func TestCalendarImport(t *testing.T) {
	dir, _ := setupFolder(t)
	if r := otklik(t, nil, "calendar", "due", "--received", "2028-03-01T10:00", "--data", dir); r.code != 1 || !strings.Contains(r.stderr, "2028") {
		t.Fatalf("missing year: %d %q", r.code, r.stderr)
	}
	xml := filepath.Join(t.TempDir(), "calendar-2028.xml")
	os.WriteFile(xml, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2028" lang="ru" date="2027.09.01">
  <holidays><holiday id="1" title="Новогодние каникулы"/></holidays>
  <days>
    <day d="03.01" t="1" h="1"/>
    <day d="03.07" t="1"/>
    <day d="03.06" t="2"/>
  </days>
</calendar>`), 0o600)
	if r := otklik(t, []string{coordPW}, "calendar", "import", xml, "--user", "koordinator", "--data", dir); r.code != 3 {
		t.Fatalf("the coordinator imported a calendar: %d", r.code)
	}
	if r := otklik(t, []string{adminPW}, "calendar", "import", xml, "--user", "admin", "--data", dir); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	// 01.03.2028 (d="MM.DD" in xmlcalendar) is a holiday by the file: the clock starts on 02.03 at 09:00.
	r := otklik(t, nil, "calendar", "due", "--received", "2028-03-01T10:00", "--json", "--data", dir)
	if r.code != 0 || !strings.Contains(r.stdout, `"clock_start": "2028-03-02T09:00:00+07:00"`) {
		t.Fatalf("after import: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := otklik(t, nil, "calendar", "show", "2028", "--data", dir); r.code != 0 || !strings.Contains(r.stdout, "2028") {
		t.Fatalf("show: %d %s", r.code, r.stdout)
	}
}
