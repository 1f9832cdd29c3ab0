package settings

import (
	"fmt"
	"net"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Bounds of the numeric keys. maxCount keeps products such as max_message_mib × 2^20 far from overflow.
const (
	maxCount            = 1_000_000
	minPasswordRunes    = 12
	maxShorteningMinute = 24 * 60
	adminRole           = "admin"
)

var (
	securityModes     = []string{"tls", "starttls", "none"}
	finalRules        = []string{"end_of_day_after", "same_time"}
	overrideKinds     = []string{"holiday", "working", "shortened"}
	reportPeriods     = []string{"never", "weekly", "monthly"}
	reportRecipients  = []string{"head", "supervisor"}
	roles             = []string{"coordinator", "substitute", "supervisor", "admin"}
	loginAllowedRunes = "abcdefghijklmnopqrstuvwxyz0123456789._-"
)

var root keyPath

func (c *checker) validate(f *File) {
	c.organization(f)
	c.mailbox(f)
	c.smtp(f)
	c.department(f)
	c.head(f)
	c.schedule(f)
	c.deadlines(f)
	c.calendar(f)
	c.rules(f)
	c.positive(root.child("security").child("idle_lock_minutes"), f.Security.IdleLockMinutes)
	c.positive(root.child("security").child("lockout_attempts"), f.Security.LockoutAttempts)
	c.positive(root.child("security").child("lockout_minutes"), f.Security.LockoutMinutes)
	c.positive(root.child("limits").child("max_message_mib"), f.Limits.MaxMessageMiB)
	c.positive(root.child("limits").child("max_mime_depth"), f.Limits.MaxMIMEDepth)
	c.positive(root.child("limits").child("max_mime_parts"), f.Limits.MaxMIMEParts)
	c.reports(f)
	c.executors(f)
	c.users(f)
}

// requireTable reports a required table that is absent; false means its keys are not to be checked.
func (c *checker) requireTable(p keyPath) bool {
	if c.isBroken(p) {
		return false
	}
	if !c.given(p) {
		c.report(p, "нет обязательной таблицы [%s]", p)
		return false
	}
	return true
}

// requireString reports a required key that is absent or blank; true means the value can be checked further.
func (c *checker) requireString(p keyPath, v string) bool {
	if c.isBroken(p) {
		return false
	}
	if !c.given(p) {
		c.report(p, "обязательный ключ не указан")
		return false
	}
	if strings.TrimSpace(v) == "" {
		c.report(p, "значение не может быть пустым")
		return false
	}
	return true
}

func (c *checker) requireInt(p keyPath) bool {
	if c.isBroken(p) {
		return false
	}
	if !c.given(p) {
		c.report(p, "обязательный ключ не указан")
		return false
	}
	return true
}

func (c *checker) inRange(p keyPath, v, lo, hi int) bool {
	if v < lo || v > hi {
		c.report(p, "ожидается число от %d до %d, а указано %d", lo, hi, v)
		return false
	}
	return true
}

func (c *checker) positive(p keyPath, v int) bool { return c.inRange(p, v, 1, maxCount) }

func (c *checker) oneOf(p keyPath, v string, allowed []string) bool {
	if !slices.Contains(allowed, v) {
		c.report(p, "недопустимое значение %q; допустимы: %s", v, strings.Join(allowed, ", "))
		return false
	}
	return true
}

// isAddress accepts a bare e-mail address ("a@b.ru"), not a display form ("Имя <a@b.ru>").
func isAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && !strings.HasPrefix(s, "@")
}

func (c *checker) address(p keyPath, v string) bool {
	if !isAddress(v) {
		c.report(p, "%q — не адрес электронной почты (ожидается вида name@example.ru)", v)
		return false
	}
	return true
}

func (c *checker) organization(f *File) {
	t := root.child("organization")
	if !c.requireTable(t) {
		return
	}
	c.requireString(t.child("name"), f.Organization.Name)
	if p := t.child("short_tag"); c.requireString(p, f.Organization.ShortTag) {
		if strings.IndexFunc(f.Organization.ShortTag, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) >= 0 {
			// The tag is matched in subjects as [ОТК-2026-0042]: a dash, space or bracket in it would break that.
			c.report(p, "%q: допустимы только буквы и цифры (например \"ОТК\")", f.Organization.ShortTag)
		}
	}
	if p := t.child("timezone"); c.requireString(p, f.Organization.Timezone) {
		if _, err := time.LoadLocation(f.Organization.Timezone); err != nil || f.Organization.Timezone == "Local" {
			c.report(p, "неизвестный часовой пояс %q (нужно имя из базы IANA, например \"Asia/Tomsk\")",
				f.Organization.Timezone)
		}
	}
	c.nonBlankEntries(t.child("settlements"), f.Organization.Settlements)
}

// server checks host, port and security of [mailbox] or [smtp].
func (c *checker) server(t keyPath, host string, port int, security string) {
	hostOK := c.requireString(t.child("host"), host)
	if p := t.child("port"); c.requireInt(p) {
		c.inRange(p, port, 1, 65535)
	}
	p := t.child("security")
	if !c.requireString(p, security) || !c.oneOf(p, security, securityModes) {
		return
	}
	if security == "none" && hostOK && !isLoopback(host) {
		c.report(p, "\"none\" (без шифрования) допускается только для localhost или 127.0.0.1, а host = %q; "+
			"укажите \"tls\" или \"starttls\"", host)
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return ip != nil && ip.IsLoopback()
}

func (c *checker) mailbox(f *File) {
	t := root.child("mailbox")
	if !c.requireTable(t) {
		return
	}
	m := f.Mailbox
	c.server(t, m.Host, m.Port, m.Security)
	c.requireString(t.child("username"), m.Username)
	c.requireString(t.child("password"), m.Password)
	if strings.TrimSpace(m.Folder) == "" {
		c.report(t.child("folder"), "значение не может быть пустым (по умолчанию \"INBOX\")")
	}
}

func (c *checker) smtp(f *File) {
	t := root.child("smtp")
	if !c.requireTable(t) {
		return
	}
	s := f.SMTP
	c.server(t, s.Host, s.Port, s.Security)
	c.requireString(t.child("username"), s.Username)
	c.requireString(t.child("password"), s.Password)
	if p := t.child("from_address"); c.requireString(p, s.FromAddress) {
		c.address(p, s.FromAddress)
	}
}

func (c *checker) department(f *File) {
	t := root.child("department")
	if !c.requireTable(t) {
		return
	}
	p := t.child("addresses")
	switch {
	case c.isBroken(p):
	case !c.given(p):
		c.report(p, "обязательный ключ не указан: адреса или \"@домен\" отправителя уведомлений Департамента")
	case len(f.Department.Addresses) == 0:
		c.report(p, "список пуст: укажите адреса или \"@домен\" отправителя уведомлений Департамента")
	}
	for i, a := range f.Department.Addresses {
		ok := isAddress(a)
		if domain, isDomain := strings.CutPrefix(a, "@"); isDomain {
			ok = domain != "" && isAddress("x@"+domain)
		}
		if !ok {
			c.report(p.at(i), "%q — не адрес электронной почты и не \"@домен\"", a)
		}
	}
	if a := f.Department.AnswerTo; a != "" {
		c.address(t.child("answer_to"), a)
	}
}

func (c *checker) head(f *File) {
	t := root.child("head")
	if !c.requireTable(t) {
		return
	}
	if p := t.child("address"); c.requireString(p, f.Head.Address) {
		c.address(p, f.Head.Address)
	}
	if strings.TrimSpace(f.Head.Name) == "" {
		c.report(t.child("name"), "значение не может быть пустым (по умолчанию \"Глава\")")
	}
}

func (c *checker) schedule(f *File) {
	t := root.child("schedule")
	s := f.Schedule
	preset, days := t.child("preset"), t.child("days")
	switch {
	case c.given(preset) && c.given(days):
		c.report(preset, "укажите либо preset, либо [schedule.days], но не оба")
	case c.given(preset) || s.Preset != "":
		if presetDays(s.Preset) == nil {
			c.report(preset, "неизвестный набор рабочего времени %q; допустимы: %s", s.Preset,
				strings.Join(Presets(), ", "))
		}
	default:
		c.days(days, s.Days)
	}
	c.inRange(t.child("preholiday_shortening_minutes"), s.PreholidayShorteningMinutes, 0, maxShorteningMinute)
}

func (c *checker) days(p keyPath, days map[string][]string) {
	if c.isBroken(p) {
		return
	}
	names := make([]string, 0, len(days))
	for day := range days {
		names = append(names, day)
	}
	slices.Sort(names)
	working, wrong := false, false
	for _, day := range names {
		dp := p.child(day)
		if c.isBroken(dp) { // reported already (not a list of strings)
			wrong = true
			continue
		}
		if !slices.Contains(weekdays, day) {
			c.report(dp, "неизвестный день недели %q; допустимы: %s", day, strings.Join(weekdays, ", "))
			wrong = true
			continue
		}
		var previous period
		for i, text := range days[day] {
			current, ok := parsePeriod(text)
			wrong = wrong || !ok || i > 0 && current.start < previous.end
			switch {
			case !ok:
				c.report(dp.at(i), "%q: ожидается период вида \"09:00-13:00\" (начало раньше конца)", text)
			case i > 0 && current.start < previous.start:
				c.report(dp.at(i), "период %q идёт раньше предыдущего %q: перечислите по порядку", text, days[day][i-1])
			case i > 0 && current.start < previous.end:
				c.report(dp.at(i), "период %q пересекается с %q", text, days[day][i-1])
			default:
				working = true
			}
			if ok {
				previous = current
			}
		}
	}
	if !working && !wrong {
		c.report(p, "в расписании нет ни одного рабочего периода")
	}
}

func (c *checker) deadlines(f *File) {
	t := root.child("deadlines")
	d := f.Deadlines
	answerOK := c.positive(t.child("answer_working_hours"), d.AnswerWorkingHours)
	draftsOK := c.positive(t.child("drafts_before_working_hours"), d.DraftsBeforeWorkingHours)
	if answerOK && draftsOK && d.DraftsBeforeWorkingHours >= d.AnswerWorkingHours {
		c.report(t.child("drafts_before_working_hours"),
			"должно быть меньше answer_working_hours (%d): иначе срок черновиков наступит раньше начала отсчёта",
			d.AnswerWorkingHours)
	}
	c.positive(t.child("final_working_days"), d.FinalWorkingDays)
	c.oneOf(t.child("final_rule"), d.FinalRule, finalRules)
	c.positive(t.child("reminder_before_working_minutes"), d.ReminderBeforeWorkingMinutes)
	c.positive(t.child("dispatch_prompt_working_minutes"), d.DispatchPromptWorkingMinutes)
}

func (c *checker) calendar(f *File) {
	list := root.child("calendar").child("overrides")
	firstLine := map[string]int{}
	for i, o := range f.Calendar.Overrides {
		item := list.at(i)
		date, kind := item.child("date"), item.child("kind")
		if c.requireString(date, o.Date) {
			if _, err := time.Parse(time.DateOnly, o.Date); err != nil {
				c.report(date, "%q: ожидается дата вида 2026-12-30", o.Date)
			} else if line, seen := firstLine[o.Date]; seen {
				c.report(date, "дата %s уже указана (строка %d)", o.Date, line)
			} else {
				firstLine[o.Date] = c.lineOf(date)
			}
		}
		if c.requireString(kind, o.Kind) {
			c.oneOf(kind, o.Kind, overrideKinds)
		}
	}
}

func (c *checker) rules(f *File) {
	t := root.child("rules")
	r := f.Rules
	c.positive(t.child("repeat_window_days"), r.RepeatWindowDays)
	c.positive(t.child("surge_cases"), r.SurgeCases)
	c.positive(t.child("surge_window_working_hours"), r.SurgeWindowWorkingHours)
	// An empty word would match every text.
	c.nonBlankEntries(t.child("significance_keywords"), r.SignificanceKeywords)
	c.nonBlankEntries(t.child("out_of_scope_accounts"), r.OutOfScopeAccounts)
	c.nonBlankEntries(t.child("screening_extra_words"), r.ScreeningExtraWords)
	c.nonBlankEntries(t.child("screening_allow_words"), r.ScreeningAllowWords)
}

func (c *checker) nonBlankEntries(p keyPath, list []string) {
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			c.report(p.at(i), "пустая строка в списке")
		}
	}
}

func (c *checker) reports(f *File) {
	t := root.child("reports")
	p := t.child("shortcomings_to")
	for i, to := range f.Reports.ShortcomingsTo {
		if !slices.Contains(reportRecipients, to) && !isAddress(to) {
			c.report(p.at(i), "%q: ожидается \"head\", \"supervisor\" или адрес электронной почты", to)
		}
	}
	c.oneOf(t.child("shortcomings_every"), f.Reports.ShortcomingsEvery, reportPeriods)
}

// login checks a login's form and uniqueness within its list; seen maps a login to the line of its first use.
func (c *checker) login(p keyPath, login string, seen map[string]int) {
	if !c.requireString(p, login) {
		return
	}
	if strings.ContainsFunc(login, func(r rune) bool { return !strings.ContainsRune(loginAllowedRunes, r) }) {
		c.report(p, "%q: допустимы только строчные латинские буквы, цифры и . _ -", login)
		return
	}
	if line, dup := seen[login]; dup {
		c.report(p, "логин %q уже занят (строка %d)", login, line)
		return
	}
	seen[login] = c.lineOf(p)
}

func (c *checker) executors(f *File) {
	list := root.child("executors")
	seen := map[string]int{}
	for i, e := range f.Executors {
		item := list.at(i)
		c.login(item.child("login"), e.Login, seen)
		if p := item.child("email"); c.requireString(p, e.Email) {
			c.address(p, e.Email)
		}
		c.nonBlankEntries(item.child("categories"), e.Categories)
		for j, s := range e.Settlements {
			known := f.Organization.Settlements
			if len(known) > 0 && !slices.Contains(known, s) {
				c.report(item.child("settlements").at(j), "поселения %q нет в organization.settlements", s)
			} else if strings.TrimSpace(s) == "" {
				c.report(item.child("settlements").at(j), "пустая строка в списке")
			}
		}
	}
}

func (c *checker) users(f *File) {
	list := root.child("users")
	seen := map[string]int{}
	admins := 0
	for i, u := range f.Users {
		item := list.at(i)
		who := fmt.Sprintf("%q", u.Login)
		if u.Login == "" {
			who = fmt.Sprintf("№%d", i+1)
		}
		c.login(item.child("login"), u.Login, seen)
		if p := item.child("role"); c.requireString(p, u.Role) && c.oneOf(p, u.Role, roles) && u.Role == adminRole {
			admins++
		}
		if p := item.child("password"); c.requireString(p, u.Password) && !strongEnough(u.Password) {
			c.report(p, "у пользователя %s пароль должен быть не короче %d символов и содержать буквы и цифры",
				who, minPasswordRunes)
		}
		if u.Email != "" {
			c.address(item.child("email"), u.Email)
		}
	}
	if admins == 0 && !c.isBroken(list) && !c.anyRoleReported() {
		c.report(list, "нужен хотя бы один пользователь [[users]] с role = \"admin\"")
	}
}

// anyRoleReported tells whether a role was already found wrong: then the missing admin may be that very user, and
// the one mistake has been reported.
func (c *checker) anyRoleReported() bool {
	for _, e := range c.errs {
		if e.Key == "users.role" {
			return true
		}
	}
	return false
}

func strongEnough(password string) bool {
	hasLetter := strings.IndexFunc(password, unicode.IsLetter) >= 0
	hasDigit := strings.IndexFunc(password, unicode.IsDigit) >= 0
	return utf8.RuneCountInString(password) >= minPasswordRunes && hasLetter && hasDigit
}
