package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"fyne.io/fyne/v2/test"

	"otklik/settings"
)

// settingsText is the example settings file with recognisable passwords.
func settingsText() string {
	text := string(settings.Example())
	text = strings.Replace(text, `password = "..."`, `password = "Imap-Secret-2026"`, 1)
	return strings.Replace(text, `password = "..."`, `password = "Smtp-Secret-2026"`, 1)
}

// lineOf is the 1-based line of the first line of text starting with prefix.
func lineOf(t *testing.T, text, prefix string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	t.Fatalf("no line %q", prefix)
	return 0
}

// CLI.md settings, UI.md: «Настройки» shows the settings in force in sections without passwords, the next working
// periods and the calendar years; the connection checks show the server's own words; the administrator edits the
// file and a misspelt key is listed exactly as the loader says it, with its line, and leads to that line.
func TestSettingsRoom(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2027-11-16T10:00"))
	h := newHarness(t, desk, clk, "")
	current := settingsText()
	var applied []string
	h.v.deps.LoadSettings = func() (string, error) { return current, nil }
	h.v.deps.ApplySettings = func(text string) error {
		if _, err := settings.Parse([]byte(text)); err != nil {
			return err
		}
		applied = append(applied, text)
		current = text
		return nil
	}
	h.v.deps.CheckMail = func(ctx context.Context) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errors.New("imap: LOGIN failed: [AUTHENTICATIONFAILED] Authentication failed.")
	}
	h.v.deps.CheckSMTP = func(context.Context) error { return nil }
	h.logIn("admin", adminPass)
	h.room(roomSettings)
	s := h.v.rooms.settings

	contains(t, "mailbox", s.sections["mailbox"].Text, "Сервер: mail.example.ru:993 (tls)")
	contains(t, "mailbox", s.sections["mailbox"].Text, "Пароль: хранится зашифрованным")
	contains(t, "smtp", s.sections["smtp"].Text, "Сервер: mail.example.ru:587 (starttls)")
	contains(t, "department", s.sections["department"].Text, "Адреса ДИП: @dip.tomsk.example")
	contains(t, "head", s.sections["head"].Text, "Глава: Глава Кожевниковского района")
	contains(t, "deadlines", s.sections["deadlines"].Text, "Ответ в ДИП (п. 7): 7 раб. ч")
	contains(t, "security", s.sections["security"].Text, "Блокировка окна без действий: 15 мин")
	contains(t, "limits", s.sections["limits"].Text, "Наибольшее письмо: 50 МиБ")
	for key, l := range s.sections {
		if strings.Contains(l.Text, "Secret-2026") {
			t.Errorf("%s shows a password: %q", key, l.Text)
		}
	}
	// The next 10 working periods from Tuesday 16.11.2027 10:00 on the 40-hour week.
	periods := lines(s.periods.Text)
	if len(periods) != 10 || periods[0] != "вт 16.11 09:00–13:00" || periods[1] != "вт 16.11 14:00–18:00" || periods[2] != "ср 17.11 09:00–13:00" {
		t.Fatalf("periods %q", periods)
	}
	calc := desk.Calc()
	for _, y := range calc.CoveredYears() {
		want := strconv.Itoa(y)
		if calc.Provisional(y) {
			want += " (предварительный)"
		}
		contains(t, "calendar", s.calendar.Text, want)
	}
	// November 2027 without a 2028 calendar: the warning of the calendar itself.
	if w := calc.MissingYearWarning(clk.Now()); w == "" || !shown(s.warning) || !strings.Contains(s.warning.Text, w) {
		t.Fatalf("missing-year warning %q shown as %q (visible %v)", w, s.warning.Text, shown(s.warning))
	}

	test.Tap(s.checkMail)
	if got := s.mailResult.Text; got != "Ошибка: imap: LOGIN failed: [AUTHENTICATIONFAILED] Authentication failed." {
		t.Fatalf("mail check %q", got)
	}
	test.Tap(s.checkSMTP)
	if got := s.smtpResult.Text; got != "Подключение установлено" {
		t.Fatalf("smtp check %q", got)
	}

	// A misspelt key: listed as the loader says it, with its line; nothing applied.
	if s.editor.Text != current || s.editor.Disabled() {
		t.Fatal("the editor does not hold the settings in force")
	}
	bad := strings.Replace(current, "host = \"mail.example.ru\"\nport = 993", "hots = \"mail.example.ru\"\nport = 993", 1)
	s.editor.SetText(bad)
	test.Tap(s.save)
	line := lineOf(t, bad, "hots =")
	want := "строка " + strconv.Itoa(line) + `: неизвестный ключ "mailbox.hots" (может быть, "mailbox.host"?)`
	if got := s.problemsText(); !strings.Contains(got, want) {
		t.Fatalf("problems:\n%s\nwant a line %q", got, want)
	}
	_, perr := settings.Parse([]byte(bad))
	if got, exact := s.problemsText(), perr.Error(); got != exact {
		t.Fatalf("the list differs from the loader's words:\n%s\n---\n%s", got, exact)
	}
	contains(t, "message", s.message.Text, "Файл не применён")
	if len(applied) != 0 {
		t.Fatal("a file with errors was applied")
	}
	test.Tap(s.problemBtn[0])
	if s.editor.CursorRow != line-1 || h.win.Canvas().Focused() != s.editor {
		t.Fatalf("cursor on row %d, want %d", s.editor.CursorRow, line-1)
	}

	test.Tap(s.revert)
	if s.editor.Text != current || len(s.problemBtn) != 0 {
		t.Fatal("«Отменить изменения» did not restore the file")
	}
	good := strings.Replace(current, "idle_lock_minutes = 15", "idle_lock_minutes = 10", 1)
	s.editor.SetText(good)
	test.Tap(s.save)
	if s.message.Text != "Настройки применены" || len(applied) != 1 || applied[0] != good {
		t.Fatalf("apply: %q, applied %d", s.message.Text, len(applied))
	}
	contains(t, "security after apply", s.sections["security"].Text, "Блокировка окна без действий: 10 мин")

	// Another failure is shown as is.
	h.v.deps.ApplySettings = func(string) error { return errors.New("данные заняты") }
	test.Tap(s.save)
	if s.message.Text != "Ошибка: данные заняты" || len(s.problemBtn) != 0 {
		t.Fatalf("other failure %q", s.message.Text)
	}
}

// Without LoadSettings the room shows what the policy in force says and hides the editor.
func TestSettingsRoomFromPolicy(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:00"))
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.room(roomSettings)
	s := h.v.rooms.settings
	if shown(s.editorBox) || !shown(s.banner) || shown(s.checkMail) {
		t.Fatal("editor or check shown without the functions")
	}
	contains(t, "head", s.sections["head"].Text, "Глава: Глава района")
	contains(t, "head", s.sections["head"].Text, "Адрес: glava@example.ru")
	contains(t, "mailbox", s.sections["mailbox"].Text, "нет данных: файл настроек не загружен")
	// The schedule in force comes from the desk's calendar arithmetic.
	contains(t, "schedule", s.sections["schedule"].Text, "пн 09:00-13:00, 14:00-18:00; вт 09:00-13:00, 14:00-18:00")
	contains(t, "schedule", s.sections["schedule"].Text, "сб выходной; вс выходной")
	contains(t, "schedule", s.sections["schedule"].Text, "Предпраздничный день короче на: 60 мин")
	if len(lines(s.periods.Text)) != 10 || shown(s.warning) {
		t.Fatalf("periods %q, warning %q", s.periods.Text, s.warning.Text)
	}
}

// The file in force comes back without its password lines (they are kept when applied again): it does not pass
// the loader alone, yet every section is shown from it.
func TestSettingsShownWithoutPasswords(t *testing.T) {
	f, err := settings.Parse([]byte(settingsText()))
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if err := toml.NewEncoder(&buf).Encode(f.Redacted()); err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.TrimSpace(l) != `password = ""` {
			kept = append(kept, l)
		}
	}
	text := strings.Join(kept, "\n")
	if _, err := settings.Parse([]byte(text)); err == nil {
		t.Fatal("a file without passwords passed the loader: the test proves nothing")
	}
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:00"))
	h := newHarness(t, desk, clk, "")
	h.v.deps.LoadSettings = func() (string, error) { return text, nil }
	h.logIn("upravdel", coordPass)
	h.room(roomSettings)
	s := h.v.rooms.settings
	contains(t, "mailbox", s.sections["mailbox"].Text, "Сервер: mail.example.ru:993 (tls)")
	contains(t, "schedule", s.sections["schedule"].Text, "Режим: standard_40h")
	contains(t, "rules", s.sections["rules"].Text, "Повторное сообщение (п. 12): в пределах 90 дн.")
}
