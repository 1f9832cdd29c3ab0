package settings

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// minimal holds the required keys only: everything else must come from the defaults.
const minimal = `[organization]
name = "Администрация Кожевниковского района"
short_tag = "ОТК"
timezone = "Asia/Tomsk"

[mailbox]
host = "mail.example.ru"
port = 993
security = "tls"
username = "koordinator@example.ru"
password = "secret"

[smtp]
host = "mail.example.ru"
port = 587
security = "starttls"
username = "koordinator@example.ru"
password = "secret"
from_address = "koordinator@example.ru"

[department]
addresses = ["@dip.tomsk.example"]

[head]
address = "glava@example.ru"

[[users]]
login = "admin"
role = "admin"
password = "Admin-2026-long"
`

func mustParse(t *testing.T, doc string) *File {
	t.Helper()
	f, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

// sharedFile finds a design file of the project: beside the repository in the shared folder, or copied into it.
func sharedFile(t *testing.T, names ...string) []byte {
	t.Helper()
	var tried []string
	for _, dir := range []string{"../../shared", "../docs", ".."} {
		p := filepath.Join(append([]string{dir}, names...)...)
		data, err := os.ReadFile(p)
		if err == nil {
			return data
		}
		tried = append(tried, p)
	}
	t.Fatalf("%s not found (tried %s)", filepath.Join(names...), strings.Join(tried, ", "))
	return nil
}

// The settings example of CLI.md is embedded verbatim, and it is a valid file.
func TestExampleIsTheOneOfCLIDoc(t *testing.T) {
	doc := string(sharedFile(t, "design", "CLI.md"))
	_, section, ok := strings.Cut(doc, "## The settings file")
	if !ok {
		t.Fatal(`CLI.md has no section "The settings file"`)
	}
	_, block, ok := strings.Cut(section, "```toml\n")
	if !ok {
		t.Fatal("the settings section of CLI.md has no ```toml block")
	}
	block, _, _ = strings.Cut(block, "```\n")
	if string(Example()) != block {
		t.Errorf("example.toml differs from the example in CLI.md; copy it again")
	}
}

func TestExampleParses(t *testing.T) {
	f := mustParse(t, string(Example()))
	checks := []struct {
		name      string
		got, want any
	}{
		{"organization.short_tag", f.Organization.ShortTag, "ОТК"},
		{"organization.settlements", len(f.Organization.Settlements), 9},
		{"mailbox.port", f.Mailbox.Port, 993},
		{"smtp.from_name", f.SMTP.FromName, "Координатор по работе с сообщениями из открытых источников"},
		{"department.addresses", f.Department.Addresses, []string{"@dip.tomsk.example"}},
		{"head.name", f.Head.Name, "Глава Кожевниковского района"},
		{"calendar.overrides", f.Calendar.Overrides, []Override{{Date: "2026-12-30", Kind: "holiday"}}},
		{"rules.out_of_scope_accounts", f.Rules.OutOfScopeAccounts, []string{"https://vk.com/kozhkultura"}},
		{"executors", len(f.Executors), 1},
		{"executors.unit", f.Executors[0].Unit, "Отдел ЖКХ, строительства и транспорта"},
		{"executors.categories", f.Executors[0].Categories, []string{"Дороги", "ЖКХ"}},
		{"users", len(f.Users), 2},
		{"users.role", f.Users[1].Role, "admin"},
		{"users.password", f.Users[0].Password, "Kozh-2026-ab!Coord"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	if &Example()[0] == &example[0] {
		t.Error("Example returns the embedded bytes themselves; a caller could change them")
	}
}

// Every default is the one written after "# default:" in CLI.md.
func TestDefaults(t *testing.T) {
	f := mustParse(t, minimal+`
[[executors]]
login = "zam-zhkh"
email = "zhkh@example.ru"
`)
	checks := []struct {
		key       string
		got, want any
	}{
		{"organization.settlements", f.Organization.Settlements, []string{}},
		{"mailbox.folder", f.Mailbox.Folder, "INBOX"},
		{"mailbox.processed_folder", f.Mailbox.ProcessedFolder, ""},
		{"smtp.from_name", f.SMTP.FromName, "Администрация Кожевниковского района"},
		{"department.answer_to", f.Department.AnswerTo, ""},
		{"head.name", f.Head.Name, "Глава"},
		{"schedule.preset", f.Schedule.Preset, "standard_40h"},
		{"schedule.days", len(f.Schedule.Days), 0},
		{"schedule.preholiday_shortening_minutes", f.Schedule.PreholidayShorteningMinutes, 60},
		// П.7: interim answer due 7 working hours after receipt.
		{"deadlines.answer_working_hours", f.Deadlines.AnswerWorkingHours, 7},
		// П.8: drafts 2 working hours before the answer.
		{"deadlines.drafts_before_working_hours", f.Deadlines.DraftsBeforeWorkingHours, 2},
		// П.10: final answer within 7 working days.
		{"deadlines.final_working_days", f.Deadlines.FinalWorkingDays, 7},
		{"deadlines.final_rule", f.Deadlines.FinalRule, "end_of_day_after"},
		{"deadlines.reminder_before_working_minutes", f.Deadlines.ReminderBeforeWorkingMinutes, 60},
		// П.6: dispatch later than 60 working minutes counts as not prompt.
		{"deadlines.dispatch_prompt_working_minutes", f.Deadlines.DispatchPromptWorkingMinutes, 60},
		{"calendar.overrides", f.Calendar.Overrides, []Override{}},
		// П.12: repeat messages within 90 days.
		{"rules.repeat_window_days", f.Rules.RepeatWindowDays, 90},
		// П.16, П.17: surge of 3 cases within 8 working hours.
		{"rules.surge_cases", f.Rules.SurgeCases, 3},
		{"rules.surge_window_working_hours", f.Rules.SurgeWindowWorkingHours, 8},
		{"rules.significance_keywords", f.Rules.SignificanceKeywords,
			[]string{"школа", "детский сад", "отопление", "авария", "дети"}},
		{"rules.out_of_scope_accounts", f.Rules.OutOfScopeAccounts, []string{}},
		{"rules.screening_extra_words", f.Rules.ScreeningExtraWords, []string{}},
		{"rules.screening_allow_words", f.Rules.ScreeningAllowWords, []string{}},
		{"security.idle_lock_minutes", f.Security.IdleLockMinutes, 15},
		{"security.lockout_attempts", f.Security.LockoutAttempts, 5},
		{"security.lockout_minutes", f.Security.LockoutMinutes, 15},
		{"limits.max_message_mib", f.Limits.MaxMessageMiB, 50},
		{"limits.max_mime_depth", f.Limits.MaxMIMEDepth, 32},
		{"limits.max_mime_parts", f.Limits.MaxMIMEParts, 1000},
		{"reports.shortcomings_to", f.Reports.ShortcomingsTo, []string{"head", "supervisor"}},
		{"reports.shortcomings_every", f.Reports.ShortcomingsEvery, "monthly"},
		{"executors.unit", f.Executors[0].Unit, ""},
		{"executors.active", f.Executors[0].Active, true},
		{"executors.settlements", f.Executors[0].Settlements, []string{}},
		{"executors.categories", f.Executors[0].Categories, []string{}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want the default %#v", c.key, c.got, c.want)
		}
	}
}

// A default never overrides a value that is given, even one equal to the zero value.
func TestGivenValuesWinOverDefaults(t *testing.T) {
	f := mustParse(t, minimal+`
[schedule.days]
mon = ["08:00-12:00"]
[rules]
significance_keywords = []
[reports]
shortcomings_to = []
[[executors]]
login = "glava-urtam"
email = "urtam@example.ru"
active = false
`)
	if f.Schedule.Preset != "" || !reflect.DeepEqual(f.Schedule.Days, map[string][]string{"mon": {"08:00-12:00"}}) {
		t.Errorf("schedule = %+v, want only the given days", f.Schedule)
	}
	if len(f.Rules.SignificanceKeywords) != 0 || len(f.Reports.ShortcomingsTo) != 0 {
		t.Errorf("explicit empty lists were replaced by defaults: %v, %v",
			f.Rules.SignificanceKeywords, f.Reports.ShortcomingsTo)
	}
	if f.Executors[0].Active {
		t.Error("executors.active = false was replaced by the default true")
	}
}

// Two executors get their defaults independently (no shared slices between elements).
func TestExecutorDefaultsAreIndependent(t *testing.T) {
	f := mustParse(t, minimal+`
[[executors]]
login = "a"
email = "a@example.ru"
[[executors]]
login = "b"
email = "b@example.ru"
active = false
`)
	if !f.Executors[0].Active || f.Executors[1].Active {
		t.Errorf("active = %v, %v; want true, false", f.Executors[0].Active, f.Executors[1].Active)
	}
}

func TestTOMLLocalDateIsAcceptedForOverrides(t *testing.T) {
	f := mustParse(t, minimal+`
[calendar]
overrides = [{date = 2026-12-31, kind = "shortened"}]
`)
	if got := f.Calendar.Overrides; !reflect.DeepEqual(got, []Override{{Date: "2026-12-31", Kind: "shortened"}}) {
		t.Errorf("overrides = %+v", got)
	}
}

func TestPeriods(t *testing.T) {
	standard := mustParse(t, minimal).Schedule.Periods()
	if len(standard) != 5 || !slices.Equal(standard["fri"], []string{"09:00-13:00", "14:00-18:00"}) {
		t.Errorf("standard_40h periods = %v", standard)
	}
	standard["mon"][0] = "changed"
	if again := mustParse(t, minimal).Schedule.Periods(); again["mon"][0] != "09:00-13:00" {
		t.Error("Periods returned the preset table itself; a caller changed it")
	}
	custom := mustParse(t, minimal+"[schedule.days]\nsat = [\"10:00-14:00\"]\n").Schedule.Periods()
	if !reflect.DeepEqual(custom, map[string][]string{"sat": {"10:00-14:00"}}) {
		t.Errorf("custom periods = %v", custom)
	}
}

// The presets are those of data/working-hours-presets.json; the loader's defaults agree with that file.
func TestPresetsEmbedded(t *testing.T) {
	if string(sharedFile(t, "data", "working-hours-presets.json")) != string(presetsJSON) {
		t.Error("working-hours-presets.json differs from the project's data file; copy it again")
	}
	// The service's schedules come from assets' copy (domain/worktime): the two copies must not drift apart.
	if assetsCopy, err := os.ReadFile("../assets/calendar/working-hours-presets.json"); err != nil || string(assetsCopy) != string(presetsJSON) {
		t.Errorf("assets/calendar/working-hours-presets.json differs from settings' copy (%v); copy it again", err)
	}
	want := []string{"36h_rural_women", "40h_0830_1745", "40h_short_friday", "standard_40h"}
	if got := Presets(); !slices.Equal(got, want) {
		t.Errorf("Presets() = %v, want %v", got, want)
	}
	p := loadPresets()
	if p.DefaultPreset != defaultPreset || p.PreholidayShorteningMinutes != defaultPreholidayMinutes {
		t.Errorf("data file says default %q and %d min, the loader %q and %d min",
			p.DefaultPreset, p.PreholidayShorteningMinutes, defaultPreset, defaultPreholidayMinutes)
	}
	for _, name := range want {
		if PresetTitle(name) == "" {
			t.Errorf("preset %s has no title", name)
		}
		for day, periods := range presetDays(name) {
			if !slices.Contains(weekdays, day) {
				t.Errorf("preset %s: day %q", name, day)
			}
			for _, text := range periods {
				if _, ok := parsePeriod(text); !ok {
					t.Errorf("preset %s: period %q does not parse", name, text)
				}
			}
		}
	}
}

func TestRedacted(t *testing.T) {
	f := mustParse(t, string(Example()))
	r := f.Redacted()
	if r.Mailbox.Password != "" || r.SMTP.Password != "" {
		t.Errorf("mail passwords kept: %q, %q", r.Mailbox.Password, r.SMTP.Password)
	}
	for _, u := range r.Users {
		if u.Password != "" {
			t.Errorf("user %s: password kept", u.Login)
		}
	}
	if f.Mailbox.Password != "..." || f.Users[0].Password != "Kozh-2026-ab!Coord" {
		t.Error("Redacted changed the original")
	}
	r.Executors[0].Settlements[0] = "changed"
	r.Organization.Settlements[0] = "changed"
	if f.Executors[0].Settlements[0] == "changed" || f.Organization.Settlements[0] == "changed" {
		t.Error("the redacted copy shares lists with the original")
	}
	withPasswords := f.clone()
	withPasswords.Mailbox.Password, withPasswords.SMTP.Password = "", ""
	for i := range withPasswords.Users {
		withPasswords.Users[i].Password = ""
	}
	again := f.Redacted()
	if !reflect.DeepEqual(*again, withPasswords) {
		t.Error("Redacted changed more than the passwords")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(good, Example(), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(good); err != nil {
		t.Errorf("Load(example): %v", err)
	}

	bad := filepath.Join(dir, "settings.toml")
	broken := strings.Replace(minimal, "host = \"mail.example.ru\"\nport = 993", "hots = \"mail.example.ru\"\nport = 993", 1)
	if err := os.WriteFile(bad, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(bad)
	want := bad + `:7: неизвестный ключ "mailbox.hots" (может быть, "mailbox.host"?)`
	if err == nil || err.Error() != want {
		t.Errorf("Load(broken) = %v\nwant %s", err, want)
	}

	_, err = Load(filepath.Join(dir, "absent.toml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(absent) = %v, want fs.ErrNotExist wrapped", err)
	}
}

func TestErrorText(t *testing.T) {
	cases := []struct {
		err  Error
		want string
	}{
		{Error{File: "settings.toml", Key: "mailbox.hots", Line: 12, Message: `неизвестный ключ "mailbox.hots"`},
			`settings.toml:12: неизвестный ключ "mailbox.hots"`},
		{Error{Key: "mailbox.port", Line: 7, Message: "mailbox.port: ожидается число от 1 до 65535"},
			"строка 7: mailbox.port: ожидается число от 1 до 65535"},
		{Error{File: "settings.toml", Key: "head", Message: "head: нет обязательной таблицы [head]"},
			"settings.toml: head: нет обязательной таблицы [head]"},
		{Error{Key: "head", Message: "head: нет обязательной таблицы [head]"}, "head: нет обязательной таблицы [head]"},
	}
	for _, c := range cases {
		if got := c.err.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	all := Errors{&cases[0].err, &cases[1].err}
	if got := all.Error(); got != cases[0].want+"\n"+cases[1].want {
		t.Errorf("Errors.Error() = %q", got)
	}
}

// A file edited in the window leaves out the stored passwords; the existing accounts need none, new ones do.
func TestParseKeeping(t *testing.T) {
	text := string(Example())
	for _, pw := range []string{`password = "..."`, `password = "Kozh-2026-ab!Coord"`} {
		text = strings.ReplaceAll(text, pw, "")
	}
	if _, err := Parse([]byte(text)); err == nil {
		t.Fatal("a file without passwords parsed")
	}
	f, err := ParseKeeping([]byte(text), Kept{MailboxPassword: "m", SMTPPassword: "s", Users: map[string]bool{"koordinator": true}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Mailbox.Password != "m" || f.SMTP.Password != "s" {
		t.Fatalf("kept mail passwords: %q %q", f.Mailbox.Password, f.SMTP.Password)
	}
	if _, err := ParseKeeping([]byte(text), Kept{MailboxPassword: "m", SMTPPassword: "s"}); err == nil {
		t.Fatal("a new account without a password parsed")
	}
}
