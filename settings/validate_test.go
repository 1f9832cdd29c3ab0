package settings

import (
	"errors"
	"strings"
	"testing"
)

// brokenFile is minimal with one mistake: `from` replaced by `to` (or `to` appended when from is "").
type brokenFile struct {
	name     string
	from, to string
	prepend  string // put before the first table, where top-level keys live
	append   string // added at the end as well
	key      string // Error.Key
	at       string // text on the line the error must name; "" when the key is absent (line 0)
	message  string // part of Error.Message
}

func (b brokenFile) doc(t *testing.T) string {
	t.Helper()
	if b.from == "" {
		return b.prepend + minimal + b.to
	}
	if !strings.Contains(minimal, b.from) {
		t.Fatalf("%s: %q is not in the minimal file", b.name, b.from)
	}
	return b.prepend + strings.Replace(minimal, b.from, b.to, 1) + b.append
}

// lineOfText is the 1-based line of the first occurrence of text.
func lineOfText(t *testing.T, doc, text string) int {
	t.Helper()
	i := strings.Index(doc, text)
	if i < 0 {
		t.Fatalf("%q is not in the document", text)
	}
	return strings.Count(doc[:i], "\n") + 1
}

const secondUser = `
[[users]]
login = "koordinator"
role = "coordinator"
password = "Coord-2026-long"
`

var brokenFiles = []brokenFile{
	// Syntax, unknown keys, types.
	{name: "toml syntax", from: `name = "Администрация Кожевниковского района"`, to: `name = "Администрация`,
		at: `name = "Администрация`, message: "ошибка синтаксиса TOML"},
	{name: "duplicate key", from: "port = 993\n", to: "port = 993\nport = 995\n",
		at: "port = 995", message: "ошибка синтаксиса TOML"},
	{name: "misspelt key", from: "host = \"mail.example.ru\"\nport = 993", to: "hots = \"mail.example.ru\"\nport = 993",
		key: "mailbox.hots", at: "hots =", message: `неизвестный ключ "mailbox.hots" (может быть, "mailbox.host"?)`},
	{name: "misspelt optional table", to: "[securty]\nidle_lock_minutes = 10\n",
		key: "securty", at: "[securty]", message: `неизвестная таблица "securty" (может быть, "security"?)`},
	{name: "misspelt required table", from: "[head]", to: "[haed]",
		key: "haed", at: "[haed]", message: `неизвестная таблица "haed" (может быть, "head"?)`},
	{name: "unknown key in the second [[users]]", to: secondUser + "rol = \"x\"\n",
		key: "users.rol", at: `rol = "x"`, message: `неизвестный ключ "users.rol"`},
	{name: "misspelt key in an inline table", to: "[calendar]\noverrides = [{date = \"2026-12-30\", knd = \"holiday\"}]\n",
		key: "calendar.overrides.knd", at: "knd =", message: `(может быть, "calendar.overrides.kind"?)`},
	{name: "string for a number", from: "port = 993", to: `port = "993"`,
		key: "mailbox.port", at: `port = "993"`, message: `ожидается целое число, а указано: строка "993"`},
	{name: "float for a number", to: "[limits]\nmax_message_mib = 50.5\n",
		key: "limits.max_message_mib", at: "max_message_mib", message: "ожидается целое число"},
	{name: "string for a list", from: `addresses = ["@dip.tomsk.example"]`, to: `addresses = "@dip.tomsk.example"`,
		key: "department.addresses", at: "addresses =", message: "ожидается массив строк"},
	{name: "number in a list", from: `addresses = ["@dip.tomsk.example"]`, to: `addresses = ["@dip.tomsk.example", 5]`,
		key: "department.addresses", at: "addresses =", message: "ожидается строка в кавычках, а указано: число 5"},
	{name: "string for a bool", to: "[[executors]]\nlogin = \"a\"\nemail = \"a@example.ru\"\nactive = \"yes\"\n",
		key: "executors.active", at: `active = "yes"`, message: "ожидается true или false"},
	{name: "value for an optional table", prepend: "security = 5\n",
		key: "security", at: "security = 5", message: "security: ожидается таблица [security], а указано: число 5"},
	{name: "value for a required table", prepend: "head = \"Иванов\"\n", from: "[head]\naddress = \"glava@example.ru\"\n",
		key: "head", at: `head = "Иванов"`, message: "ожидается таблица [head]"},

	{name: "string for a day's list", to: "[schedule.days]\nmon = \"09:00-18:00\"\n",
		key: "schedule.days.mon", at: "mon =", message: "ожидается массив строк"},
	{name: "misspelt array of tables", from: "[[users]]", to: "[[user]]",
		key: "user", at: "[[user]]", message: `неизвестная таблица "user" (может быть, "users"?)`},
	{name: "misspelt required key of a user", from: "password = \"Admin-2026-long\"", to: "pasword = \"Admin-2026-long\"",
		key: "users.pasword", at: "pasword", message: `(может быть, "users.password"?)`},
	{name: "table for a string", to: "[head.address]\nx = 1\n",
		key: "", at: "[head.address]", message: "ошибка синтаксиса TOML"},
	{name: "array of tables for a list of strings", to: "[[rules.significance_keywords]]\nx = 1\n",
		key: "rules.significance_keywords", at: "[[rules.significance_keywords]]", message: "ожидается массив строк"},

	// Required keys.
	{name: "missing required key", from: "host = \"mail.example.ru\"\nport = 993\n", to: "port = 993\n",
		key: "mailbox.host", at: "[mailbox]", message: "mailbox.host: обязательный ключ не указан"},
	{name: "missing required table", from: "[head]\naddress = \"glava@example.ru\"\n", to: "",
		key: "head", message: "head: нет обязательной таблицы [head]"},
	{name: "empty required value", from: `short_tag = "ОТК"`, to: `short_tag = ""`,
		key: "organization.short_tag", at: `short_tag = ""`, message: "не может быть пустым"},
	{name: "short tag with a dash", from: `short_tag = "ОТК"`, to: `short_tag = "ОТК-1"`,
		key: "organization.short_tag", at: `short_tag =`, message: "только буквы и цифры"},
	{name: "empty department list", from: `addresses = ["@dip.tomsk.example"]`, to: `addresses = []`,
		key: "department.addresses", at: "addresses =", message: "список пуст"},
	{name: "no admin", from: "role = \"admin\"", to: "role = \"supervisor\"",
		key: "users", at: "[[users]]", message: `нужен хотя бы один пользователь [[users]] с role = "admin"`},
	{name: "user without password", from: "password = \"Admin-2026-long\"\n", to: "",
		key: "users.password", at: "[[users]]", message: "users.password: обязательный ключ не указан"},

	// Values.
	{name: "port too big", from: "port = 993", to: "port = 70000",
		key: "mailbox.port", at: "port = 70000", message: "mailbox.port: ожидается число от 1 до 65535"},
	{name: "port zero", from: "port = 587", to: "port = 0",
		key: "smtp.port", at: "port = 0", message: "ожидается число от 1 до 65535"},
	{name: "bad timezone", from: `timezone = "Asia/Tomsk"`, to: `timezone = "Asia/Tomskk"`,
		key: "organization.timezone", at: "timezone", message: `неизвестный часовой пояс "Asia/Tomskk"`},
	{name: "unknown security", from: `security = "tls"`, to: `security = "ssl"`,
		key: "mailbox.security", at: `security = "ssl"`, message: `недопустимое значение "ssl"; допустимы: tls, starttls, none`},
	{name: "plain text to a remote server", from: `security = "starttls"`, to: `security = "none"`,
		key: "smtp.security", at: `security = "none"`, message: `только для localhost или 127.0.0.1, а host = "mail.example.ru"`},
	{name: "display name for an address", from: `from_address = "koordinator@example.ru"`,
		to:  `from_address = "Координатор <koordinator@example.ru>"`,
		key: "smtp.from_address", at: "from_address", message: "не адрес электронной почты"},
	{name: "bad head address", from: `address = "glava@example.ru"`, to: `address = "glava@"`,
		key: "head.address", at: `address = "glava@"`, message: `"glava@" — не адрес электронной почты`},
	{name: "department entry neither address nor domain", from: `addresses = ["@dip.tomsk.example"]`,
		to:  "addresses = [\n  \"@dip.tomsk.example\",\n  \"dip.tomsk.example\",\n]",
		key: "department.addresses", at: `  "dip.tomsk.example"`, message: `не адрес электронной почты и не "@домен"`},
	{name: "bad answer_to", from: `addresses = ["@dip.tomsk.example"]`, to: "addresses = [\"@dip.tomsk.example\"]\nanswer_to = \"dip\"",
		key: "department.answer_to", at: "answer_to", message: "не адрес электронной почты"},
	{name: "unknown preset", to: "[schedule]\npreset = \"40h\"\n",
		key: "schedule.preset", at: `preset = "40h"`, message: `неизвестный набор рабочего времени "40h"; допустимы: 36h_rural_women`},
	{name: "preset and days", to: "[schedule]\npreset = \"standard_40h\"\n[schedule.days]\nmon = [\"09:00-18:00\"]\n",
		key: "schedule.preset", at: "preset =", message: "либо preset, либо [schedule.days]"},
	{name: "overlapping periods", to: "[schedule.days]\nmon = [\"09:00-13:00\", \"12:00-18:00\"]\ntue = [\"09:00-18:00\"]\n",
		key: "schedule.days.mon", at: "mon =", message: `период "12:00-18:00" пересекается с "09:00-13:00"`},
	{name: "periods out of order", to: "[schedule.days]\nmon = [\"14:00-18:00\",\n  \"09:00-13:00\"]\n",
		key: "schedule.days.mon", at: `  "09:00-13:00"`, message: "идёт раньше предыдущего"},
	{name: "bad period", to: "[schedule.days]\nfri = [\"9-13\"]\n",
		key: "schedule.days.fri", at: "fri =", message: `"9-13": ожидается период вида "09:00-13:00"`},
	{name: "period ending before it starts", to: "[schedule.days]\nfri = [\"18:00-09:00\"]\n",
		key: "schedule.days.fri", at: "fri =", message: "начало раньше конца"},
	{name: "bad day name", to: "[schedule.days]\nmon = [\"09:00-18:00\"]\nmnd = [\"09:00-18:00\"]\n",
		key: "schedule.days.mnd", at: "mnd =", message: `неизвестный день недели "mnd"`},
	{name: "schedule without working time", to: "[schedule.days]\nsat = []\n",
		key: "schedule.days", at: "[schedule.days]", message: "нет ни одного рабочего периода"},
	{name: "negative shortening", to: "[schedule]\npreholiday_shortening_minutes = -5\n",
		key: "schedule.preholiday_shortening_minutes", at: "preholiday", message: "ожидается число от 0 до 1440"},
	{name: "zero deadline", to: "[deadlines]\nfinal_working_days = 0\n",
		key: "deadlines.final_working_days", at: "final_working_days", message: "ожидается число от 1 до 1000000"},
	{name: "drafts not before the answer", to: "[deadlines]\nanswer_working_hours = 2\n",
		key: "deadlines.drafts_before_working_hours", at: "[deadlines]", message: "должно быть меньше answer_working_hours (2)"},
	{name: "bad final rule", to: "[deadlines]\nfinal_rule = \"end_of_day\"\n",
		key: "deadlines.final_rule", at: "final_rule", message: `недопустимое значение "end_of_day"`},
	{name: "bad override kind", to: "[calendar]\noverrides = [\n  {date = \"2026-12-30\", kind = \"holiday\"},\n  {date = \"2026-12-31\", kind = \"short\"},\n]\n",
		key: "calendar.overrides.kind", at: `"2026-12-31"`, message: `недопустимое значение "short"; допустимы: holiday, working, shortened`},
	{name: "bad override date", to: "[calendar]\noverrides = [{date = \"2026-13-01\", kind = \"holiday\"}]\n",
		key: "calendar.overrides.date", at: "overrides", message: `"2026-13-01": ожидается дата вида 2026-12-30`},
	{name: "override date twice", to: "[calendar]\noverrides = [\n {date = \"2026-12-30\", kind = \"holiday\"},\n {date = \"2026-12-30\", kind = \"working\"},\n]\n",
		key: "calendar.overrides.date", at: `"working"`, message: "дата 2026-12-30 уже указана (строка"},
	{name: "empty keyword", to: "[rules]\nsignificance_keywords = [\"школа\", \" \"]\n",
		key: "rules.significance_keywords", at: "significance_keywords", message: "пустая строка в списке"},
	{name: "zero limit", to: "[limits]\nmax_mime_parts = 0\n",
		key: "limits.max_mime_parts", at: "max_mime_parts", message: "ожидается число от 1 до 1000000"},
	{name: "zero lockout", to: "[security]\nlockout_attempts = 0\n",
		key: "security.lockout_attempts", at: "lockout_attempts", message: "ожидается число от 1 до 1000000"},
	{name: "bad report period", to: "[reports]\nshortcomings_every = \"daily\"\n",
		key: "reports.shortcomings_every", at: "shortcomings_every", message: `недопустимое значение "daily"`},
	{name: "bad report recipient", to: "[reports]\nshortcomings_to = [\"head\", \"boss\"]\n",
		key: "reports.shortcomings_to", at: "shortcomings_to", message: `"boss": ожидается "head", "supervisor" или адрес`},
	{name: "bad role", from: `role = "admin"`, to: `role = "administrator"`,
		key: "users.role", at: "role =", message: `недопустимое значение "administrator"; допустимы: coordinator, substitute, supervisor, admin`},
	{name: "short password", from: `password = "Admin-2026-long"`, to: `password = "Adm-2026"`,
		key: "users.password", at: `"Adm-2026"`, message: `у пользователя "admin" пароль должен быть не короче 12 символов`},
	{name: "password without digits", from: `password = "Admin-2026-long"`, to: `password = "Admin-very-long"`,
		key: "users.password", at: `"Admin-very-long"`, message: "содержать буквы и цифры"},
	{name: "password without letters", from: `password = "Admin-2026-long"`, to: `password = "1234-5678-9012"`,
		key: "users.password", at: `"1234-5678-9012"`, message: "содержать буквы и цифры"},
	{name: "duplicate user login", to: strings.Replace(secondUser, `"koordinator"`, `"admin"`, 1),
		key: "users.login", at: "login = \"admin\"\nrole = \"coordinator\"", message: `логин "admin" уже занят (строка 28)`},
	{name: "login with capitals", from: `login = "admin"`, to: `login = "Admin"`,
		key: "users.login", at: `login = "Admin"`, message: "только строчные латинские буквы"},
	{name: "duplicate executor login", to: "[[executors]]\nlogin = \"zam\"\nemail = \"a@example.ru\"\n[[executors]]\nlogin = \"zam\"\nemail = \"b@example.ru\"\n",
		key: "executors.login", at: "login = \"zam\"\nemail = \"b", message: `логин "zam" уже занят`},
	{name: "executor without email", to: "[[executors]]\nlogin = \"zam\"\n",
		key: "executors.email", at: "[[executors]]", message: "обязательный ключ не указан"},
	{name: "bad executor email", to: "[[executors]]\nlogin = \"zam\"\nemail = \"zam@@example.ru\"\n",
		key: "executors.email", at: "zam@@", message: "не адрес электронной почты"},
	{name: "executor settlement not of the district", from: `timezone = "Asia/Tomsk"`,
		to:     "timezone = \"Asia/Tomsk\"\nsettlements = [\"Уртам\"]",
		append: "[[executors]]\nlogin = \"zam\"\nemail = \"zam@example.ru\"\nsettlements = [\"Уртамм\"]\n",
		key:    "executors.settlements", at: `["Уртамм"]`, message: `поселения "Уртамм" нет в organization.settlements`},
}

// Every kind of mistake gives exactly one error, naming the key and the line of the mistake.
func TestEachMistakeGivesOneError(t *testing.T) {
	for _, b := range brokenFiles {
		t.Run(b.name, func(t *testing.T) {
			doc := b.doc(t)
			f, err := Parse([]byte(doc))
			if f != nil {
				t.Errorf("Parse returned a File along with errors")
			}
			var problems Errors
			if !errors.As(err, &problems) {
				t.Fatalf("Parse = %v, want Errors\n%s", err, doc)
			}
			if len(problems) != 1 {
				t.Fatalf("%d errors, want 1:\n%v", len(problems), err)
			}
			e := problems[0]
			wantLine := 0
			if b.at != "" {
				wantLine = lineOfText(t, doc, b.at)
			}
			if b.key != "" && e.Key != b.key {
				t.Errorf("Key = %q, want %q (%v)", e.Key, b.key, e)
			}
			if e.Line != wantLine {
				t.Errorf("Line = %d, want %d (%v)", e.Line, wantLine, e)
			}
			if !strings.Contains(e.Message, b.message) {
				t.Errorf("Message = %q, want it to contain %q", e.Message, b.message)
			}
			if b.key != "" && !strings.Contains(e.Message, b.key) {
				t.Errorf("Message %q does not name the key %q", e.Message, b.key)
			}
		})
	}
}

func TestSeveralMistakesGiveSeveralErrors(t *testing.T) {
	doc := strings.NewReplacer(
		"host = \"mail.example.ru\"\nport = 993", "hots = \"mail.example.ru\"\nport = 993",
		"port = 587", "port = 70000",
		`password = "Admin-2026-long"`, `password = "short"`,
	).Replace(minimal) + "[limits]\nmax_mime_depth = \"deep\"\n"
	_, err := Parse([]byte(doc))
	var problems Errors
	if !errors.As(err, &problems) {
		t.Fatalf("Parse = %v, want Errors", err)
	}
	want := []struct {
		key, at string
	}{
		{"mailbox.hots", "hots ="},
		{"smtp.port", "port = 70000"},
		{"users.password", `password = "short"`},
		{"limits.max_mime_depth", "max_mime_depth"},
	}
	if len(problems) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(problems), len(want), err)
	}
	for i, w := range want {
		if problems[i].Key != w.key || problems[i].Line != lineOfText(t, doc, w.at) {
			t.Errorf("error %d = %q at line %d, want %q at line %d", i, problems[i].Key, problems[i].Line,
				w.key, lineOfText(t, doc, w.at))
		}
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != len(want) || !strings.HasPrefix(lines[0], "строка 7: ") {
		t.Errorf("Error() = %q, want one line per problem in line order", err.Error())
	}
}

// An empty file names every required table, and nothing else.
func TestEmptyFile(t *testing.T) {
	_, err := Parse(nil)
	var problems Errors
	if !errors.As(err, &problems) {
		t.Fatalf("Parse(nil) = %v", err)
	}
	var keys []string
	for _, e := range problems {
		keys = append(keys, e.Key)
	}
	want := "organization mailbox smtp department head users"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("keys = %s, want %s", got, want)
	}
}

func TestLoopbackMayGoUnencrypted(t *testing.T) {
	for _, host := range []string{"localhost", "LocalHost", "127.0.0.1", "127.0.0.2", "::1", "[::1]"} {
		doc := strings.Replace(strings.Replace(minimal, `security = "starttls"`, `security = "none"`, 1),
			"host = \"mail.example.ru\"\nport = 587", "host = \""+host+"\"\nport = 587", 1)
		if _, err := Parse([]byte(doc)); err != nil {
			t.Errorf("none to %s: %v", host, err)
		}
	}
	for _, host := range []string{"10.0.0.1", "localhost.example.ru", "::2"} {
		doc := strings.Replace(strings.Replace(minimal, `security = "starttls"`, `security = "none"`, 1),
			"host = \"mail.example.ru\"\nport = 587", "host = \""+host+"\"\nport = 587", 1)
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("none to %s was accepted", host)
		}
	}
}

func TestAcceptedValues(t *testing.T) {
	cases := []struct{ name, add string }{
		{"cyrillic tag with digits", ""},
		{"department exact address and domain", ""},
		{"custom days with weekend and 24:00", "[schedule.days]\nmon = [\"08:00-12:00\", \"12:00-17:00\"]\nsat = [\"20:00-24:00\"]\nsun = []\n"},
		{"every preset", ""},
		{"report to an address", "[reports]\nshortcomings_to = [\"head\", \"zam@example.ru\"]\nshortcomings_every = \"never\"\n"},
		{"same_time rule", "[deadlines]\nfinal_rule = \"same_time\"\n"},
		{"quoted table names", "[\"rules\"]\nrepeat_window_days = 30\n"},
	}
	for _, c := range cases {
		if _, err := Parse([]byte(minimal + c.add)); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	for _, p := range Presets() {
		if _, err := Parse([]byte(minimal + "[schedule]\npreset = \"" + p + "\"\n")); err != nil {
			t.Errorf("preset %s: %v", p, err)
		}
	}
	tagged := strings.Replace(minimal, `short_tag = "ОТК"`, `short_tag = "Кож2"`, 1)
	tagged = strings.Replace(tagged, `addresses = ["@dip.tomsk.example"]`, `addresses = ["notify@dip.tomsk.example", "@депобр.рф"]`, 1)
	if _, err := Parse([]byte(tagged)); err != nil {
		t.Errorf("tag and department: %v", err)
	}
}
