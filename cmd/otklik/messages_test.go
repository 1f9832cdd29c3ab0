package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// english finds the English of Go's standard library and bbolt in a message: what humanError must have said again
// in Russian.
var english = regexp.MustCompile(`no such file|permission denied|is a directory|invalid character|invalid database|` +
	`parsing time|cannot parse|i/o timeout|connection refused`)

// CLI.md exit codes: 1 failed, with one line on stderr in the user's language; 2 bad usage or a settings file
// error. A missing file, a file that is not what the verb wants, a value outside a verb's list and a missing
// required part are each checked for the code and for a Russian message.
func TestMessagesAndExitCodes(t *testing.T) {
	mf := newMailFolder(t)
	dir, _ := samples(t)
	raw, err := os.ReadFile(filepath.Join(dir, "01-vk-doroga-kozhevnikovo-qp.eml"))
	if err != nil {
		t.Fatal(err)
	}
	mf.imap.Append("INBOX", raw, localTime(t, "2026-01-13T10:22"))
	now := "OTKLIK_NOW=2026-01-13T10:40:00+07:00"
	syncOnce(t, mf.dir, now)
	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("не база ", 2000)), 0o600); err != nil {
		t.Fatal(err)
	}
	badJSON := filepath.Join(t.TempDir(), "calendar.json")
	if err := os.WriteFile(badJSON, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "нет-такого")
	user := func(login string, args ...string) []string { return append(args, "--user", login, "--data", mf.dir) }
	cases := []struct {
		name string
		env  string
		args []string
		code int
		says string
	}{
		{"settings file missing", "", []string{"setup", "--config", missing + ".toml", "--data", t.TempDir()}, 2, "не найден"},
		{"calendar file missing", adminPW, user("admin", "calendar", "import", missing+".xml"), 1, "не найден"},
		{"calendar not JSON", adminPW, user("admin", "calendar", "import", badJSON), 1, "ошибка синтаксиса JSON"},
		{"restore from junk", adminPW, user("admin", "restore", junk), 1, "это не база данных"},
		{"answer text file missing", coordPW, user("koordinator", "answer", "4512937", "--kind", "interim",
			"--text-file", missing+".txt"), 1, "не найден"},
		{"report date not ISO", coordPW, user("koordinator", "report", "summary", "--from", "01.01.2026", "--to",
			"2026-01-31", "--out", filepath.Join(t.TempDir(), "r.pdf")), 2, "ожидается ГГГГ-ММ-ДД"},
		{"reject reason outside the list", coordPW, user("koordinator", "reject", "4512937", "--reason", "rude"), 2, "одна из"},
		{"dispatch to nobody", coordPW, user("koordinator", "dispatch", "4512937"), 2, "не указаны исполнители"},
		{"users add, unknown role", adminPW, user("admin", "users", "add", "--login", "test1", "--name", "Тест",
			"--position", "Тест", "--role", "boss", "--email", "t@example.ru"), 2, "роль"},
		{"users add, parts missing", adminPW, user("admin", "users", "add", "--login", "test2"), 2, "нужны --login"},
	}
	for _, c := range cases {
		env := []string{now}
		if c.env != "" {
			env = append(env, c.env)
		}
		r := otklik(t, append(env, "OTKLIK_NEW_PASSWORD=Test-Password-2026"), c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.says) || english.MatchString(r.stderr) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want it to say %q, in Russian)", c.name, r.code, c.code,
				r.stderr, c.says)
		}
	}
}

// CLI.md: a new user's password comes "from env OTKLIK_NEW_PASSWORD or asked", and --user's password from
// OTKLIK_PASSWORD "else asked on the terminal" — for setup on a configured folder too. util-linux's script gives
// the command a terminal; the passwords typed are piped into it.
func TestPasswordsAskedOnTerminal(t *testing.T) {
	if _, err := exec.LookPath("script"); err != nil {
		t.Fatal("script (util-linux, Debian's bsdutils) is needed to give the command a terminal")
	}
	dir, config := setupFolder(t)
	typed := func(input string, env []string, args ...string) result {
		t.Helper()
		line := bin
		for _, a := range args {
			line += " '" + a + "'"
		}
		cmd := exec.Command("script", "-qec", line, "/dev/null")
		cmd.Env = append(append(os.Environ(), "LANGUAGE=ru"), env...)
		cmd.Stdin = strings.NewReader(input)
		out, err := cmd.CombinedOutput()
		r := result{stdout: string(out)}
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return r
	}
	add := []string{"users", "add", "--login", "test1", "--name", "Тестова Анна", "--position", "Специалист",
		"--role", "supervisor", "--email", "t@example.ru", "--user", "admin", "--data", dir}
	if r := typed("Test-Password-2026\nTest-Password-2027\n", []string{adminPW}, add...); r.code != 1 ||
		!strings.Contains(r.stdout, "Новый пароль для test1") || !strings.Contains(r.stdout, "пароли не совпадают") {
		t.Fatalf("users add, the two passwords differ: exit %d\n%s", r.code, r.stdout)
	}
	if r := typed("Test-Password-2026\nTest-Password-2026\n", []string{adminPW}, add...); r.code != 0 {
		t.Fatalf("users add with the password typed: exit %d\n%s", r.code, r.stdout)
	}
	if r := otklik(t, []string{"OTKLIK_PASSWORD=Test-Password-2026"}, "cases", "--user", "test1", "--data", dir); r.code != 0 {
		t.Fatalf("the new user's typed password does not log in: exit %d %s", r.code, r.stderr)
	}
	if r := typed("Kozh-2026-ab!Admin\n", nil, "setup", "--config", config, "--user", "admin", "--data", dir); r.code != 0 ||
		!strings.Contains(r.stdout, "Пароль для admin") {
		t.Fatalf("setup --user on a configured folder: exit %d\n%s", r.code, r.stdout)
	}
}

// CLI.md common flags: --json gives machine-readable output on stdout, one JSON document — for the verbs that
// only confirm what they did as well as for the lists. Absence periods come in the snake_case of the other outputs.
func TestJSONFromEveryVerb(t *testing.T) {
	dir, config := setupFolder(t)
	now := "OTKLIK_NOW=2026-01-13T10:40:00+07:00"
	doc := func(r result, what string, keys ...string) map[string]any {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("%s: exit %d %s", what, r.code, r.stderr)
		}
		var got any
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("%s: stdout is not one JSON document (%v):\n%s", what, err, r.stdout)
		}
		m, _ := got.(map[string]any)
		if list, ok := got.([]any); ok && len(list) > 0 {
			m, _ = list[0].(map[string]any)
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: no %q in %s", what, k, r.stdout)
			}
		}
		return m
	}
	doc(otklik(t, nil, "setup", "--config", config, "--data", dir, "--json"), "setup, unchanged", "message", "changed")
	doc(otklik(t, []string{adminPW, now, "OTKLIK_NEW_PASSWORD=Test-Password-2026"}, "users", "add", "--login", "maslova",
		"--name", "Маслова Елена Андреевна", "--position", "Юрист", "--role", "substitute", "--email", "m@example.ru",
		"--user", "admin", "--data", dir, "--json"), "users add", "message", "login")
	added := doc(otklik(t, []string{coordPW, now}, "absence", "add", "--substitute", "maslova", "--from",
		"2026-01-14T09:00", "--to", "2026-01-16T18:00", "--user", "koordinator", "--data", dir, "--json"),
		"absence add", "id", "absent", "substitute", "from", "to", "ended_at")
	if added["from"] != "2026-01-14T09:00:00+07:00" || added["substitute"] != "maslova" {
		t.Errorf("absence add --json: %v", added)
	}
	doc(otklik(t, []string{coordPW, now}, "absence", "list", "--user", "koordinator", "--data", dir, "--json"),
		"absence list", "id", "absent", "substitute")
	doc(otklik(t, []string{coordPW, now}, "absence", "end", "1", "--user", "koordinator", "--data", dir, "--json"),
		"absence end", "message", "id")
	doc(otklik(t, []string{adminPW, now}, "backup", "--out", filepath.Join(t.TempDir(), "b.db"), "--user", "admin",
		"--data", dir, "--json"), "backup", "out", "bytes")
}
