package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
	"otklik/domain/worktime"
	"otklik/errtext"
	"otklik/settings"
)

// settingsRoom is «Настройки»: the settings in force in sections (never a password), the next working periods of
// the schedule, the calendar years, the connection checks, and for the administrator an editor of the settings
// file whose problems are listed exactly as the loader reports them (key and line).
type settingsRoom struct {
	importCal    *widget.Button
	importResult *widget.Label
	templates    *templatesBox
	r            *rooms
	admin        bool

	sections map[string]*widget.Label // by section key (settingsSections)
	periods  *widget.Label            // the next 10 working periods
	calendar *widget.Label
	warning  *widget.Label // a missing calendar year, a provisional one

	checkMail, checkSMTP   *widget.Button
	mailResult, smtpResult *widget.Label

	editorBox  fyne.CanvasObject
	editor     *widget.Entry
	save       *widget.Button
	revert     *widget.Button
	problems   *fyne.Container
	problemBtn []*widget.Button
	message    *widget.Label
	banner     *widget.Label
	loaded     string // the text as loaded: «Отменить изменения» returns to it

	content fyne.CanvasObject
}

// settingsSections are the sections shown, in order, with their titles.
func settingsSections() []struct{ key, title string } {
	return []struct{ key, title string }{
		{"organization", lang.L("Организация")},
		{"mailbox", lang.L("Почта: входящие (IMAP)")},
		{"smtp", lang.L("Почта: отправка (SMTP)")},
		{"department", lang.L("Департамент информационной политики (ДИП)")},
		{"head", lang.L("Глава района")},
		{"schedule", lang.L("Рабочее время")},
		{"deadlines", lang.L("Сроки")},
		{"rules", lang.L("Правила")},
		{"security", lang.L("Безопасность")},
		{"limits", lang.L("Ограничения почты")},
		{"reports", lang.L("Отчёты")},
	}
}

func newSettingsRoom(r *rooms) *settingsRoom {
	s := &settingsRoom{r: r, sections: map[string]*widget.Label{}}
	body := container.NewVBox()
	for _, sec := range settingsSections() {
		l := wrappedLabel("")
		s.sections[sec.key] = l
		body.Add(sectionTitle(sec.title))
		body.Add(l)
		switch sec.key {
		case "mailbox":
			s.checkMail = widget.NewButton(lang.L("Проверить подключение"), func() { s.check(r.v.deps.CheckMail, s.mailResult) })
			s.mailResult = messageLabel()
			showIf(s.checkMail, r.v.deps.CheckMail != nil)
			body.Add(container.NewHBox(s.checkMail))
			body.Add(s.mailResult)
		case "smtp":
			s.checkSMTP = widget.NewButton(lang.L("Проверить подключение"), func() { s.check(r.v.deps.CheckSMTP, s.smtpResult) })
			s.smtpResult = messageLabel()
			showIf(s.checkSMTP, r.v.deps.CheckSMTP != nil)
			body.Add(container.NewHBox(s.checkSMTP))
			body.Add(s.smtpResult)
		case "schedule":
			body.Add(widget.NewLabelWithStyle(lang.L("Ближайшие рабочие периоды"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
			s.periods = wrappedLabel("")
			body.Add(s.periods)
			body.Add(sectionTitle(lang.L("Производственный календарь")))
			s.calendar = wrappedLabel("")
			s.warning = wrappedLabel("")
			s.warning.Importance = widget.DangerImportance
			body.Add(s.calendar)
			body.Add(s.warning)
			s.importCal = widget.NewButton(lang.L("Импортировать календарь…"), s.chooseCalendar)
			s.importResult = messageLabel()
			showIf(s.importCal, r.v.deps.ImportCalendar != nil)
			body.Add(container.NewHBox(s.importCal))
			body.Add(s.importResult)
		}
	}

	s.editor = widget.NewMultiLineEntry()
	s.editor.TextStyle = fyne.TextStyle{Monospace: true}
	s.editor.Wrapping = fyne.TextWrapOff
	s.save = widget.NewButton(lang.L("Проверить и применить"), s.apply)
	s.save.Importance = widget.HighImportance
	s.revert = widget.NewButton(lang.L("Отменить изменения"), func() {
		s.editor.SetText(s.loaded)
		s.showProblems(nil)
		say(s.message, "", false)
	})
	s.problems = container.NewVBox()
	s.message = messageLabel()
	s.banner = readOnlyBanner(lang.L("Только просмотр: настройки изменяет администратор."))
	help := wrappedLabel(lang.L("Файл настроек (TOML, как для otklik setup --config). Пароли почты хранятся зашифрованными и здесь не показываются."))
	help.Importance = widget.LowImportance
	s.editorBox = container.NewBorder(container.NewVBox(help, container.NewHBox(s.save, s.revert), s.message, s.problems),
		nil, nil, nil, s.editor)

	s.templates = newTemplatesBox(r)
	body.Add(s.templates.content)
	split := container.NewHSplit(container.NewBorder(s.banner, nil, nil, nil, container.NewVScroll(body)), s.editorBox)
	split.Offset = 0.5
	s.content = split
	return s
}

func (s *settingsRoom) setActor(a domain.Actor) {
	s.admin = a.Role == domain.RoleAdmin
	showIf(s.banner, !s.admin)
	editable := s.admin && s.r.v.deps.ApplySettings != nil
	showIf(s.editorBox, s.admin && s.r.v.deps.LoadSettings != nil)
	enable(s.save, editable)
	enable(s.revert, editable)
	if editable {
		s.editor.Enable()
	} else {
		s.editor.Disable()
	}
	say(s.mailResult, "", false)
	say(s.smtpResult, "", false)
	s.templates.show(s.admin)
	enable(s.importCal, s.admin)
}

// chooseCalendar asks for a calendar file and imports it (xmlcalendar XML or the JSON format).
func (s *settingsRoom) chooseCalendar() {
	dialog.ShowFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		defer rc.Close()
		data, err := io.ReadAll(io.LimitReader(rc, 8<<20))
		if err != nil {
			say(s.importResult, errtext.Russian(err), true)
			return
		}
		s.importCalendar(rc.URI().Name(), data)
	}, s.r.v.win)
}

func (s *settingsRoom) importCalendar(name string, data []byte) {
	login := s.r.v.currentUser()
	imp := s.r.v.deps.ImportCalendar
	s.r.v.spawn(func() func() {
		years, err := imp(login, name, data)
		return func() {
			if err != nil {
				say(s.importResult, errorText(err), true)
				return
			}
			say(s.importResult, fmt.Sprintf(lang.L("Календарь импортирован: %v"), years), false)
			s.load()
		}
	})
}

func (s *settingsRoom) clear() {
	s.loaded = ""
	s.editor.SetText("")
	s.showProblems(nil)
	say(s.message, "", false)
	for _, l := range s.sections {
		l.SetText("")
	}
}

// load reads the settings in force and shows them; the editor gets the text (administrator only).
func (s *settingsRoom) load() {
	v := s.r.v
	loadText := v.deps.LoadSettings
	s.r.v.spawn(func() func() {
		text, err := "", error(nil)
		if loadText != nil {
			text, err = loadText()
		}
		return func() {
			if err != nil {
				say(s.message, lang.L("Файл настроек не прочитан: {{.Err}}", map[string]any{"Err": errtext.Russian(err)}), true)
			}
			s.show(text)
			if s.admin && err == nil {
				s.loaded = text
				s.editor.SetText(text)
			}
		}
	})
}

// fileFrom reads the settings for display: the loader's result with its defaults when the text is valid, else
// whatever the text says (a file with blanked passwords does not pass the loader but still shows the rest).
func fileFrom(text string) (*settings.File, bool) {
	if strings.TrimSpace(text) == "" {
		return nil, false
	}
	if f, err := settings.Parse([]byte(text)); err == nil {
		return f.Redacted(), true
	}
	var f settings.File
	if _, err := toml.Decode(text, &f); err != nil {
		return nil, false
	}
	return f.Redacted(), true
}

// show fills the sections from the settings text, and from the desk's policy and calendar for what is in force.
func (s *settingsRoom) show(text string) {
	v := s.r.v
	p := v.desk.Policy()
	f, ok := fileFrom(text)
	if !ok {
		f = policyFile(p, v.desk.Calc())
	}
	set := func(key string, lines ...string) {
		var out []string
		for _, l := range lines {
			if l != "" {
				out = append(out, l)
			}
		}
		s.sections[key].SetText(strings.Join(out, "\n"))
	}
	dash := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "—"
		}
		return s
	}
	list := func(xs []string) string { return dash(strings.Join(xs, ", ")) }
	kv := func(label, value string) string { return label + ": " + value }
	server := func(host string, port int, security string) string {
		if host == "" {
			return "—"
		}
		return host + ":" + strconv.Itoa(port) + " (" + security + ")"
	}

	set("organization", kv(lang.L("Название"), dash(f.Organization.Name)), kv(lang.L("Метка сообщений"), dash(f.Organization.ShortTag)),
		kv(lang.L("Часовой пояс"), dash(f.Organization.Timezone)), kv(lang.L("Поселения"), list(f.Organization.Settlements)))
	processed := lang.L("остаются в папке с пометкой Отклика")
	if f.Mailbox.ProcessedFolder != "" {
		processed = lang.L("переносятся в папку {{.Folder}}", map[string]any{"Folder": f.Mailbox.ProcessedFolder})
	}
	set("mailbox", kv(lang.L("Сервер"), server(f.Mailbox.Host, f.Mailbox.Port, f.Mailbox.Security)),
		kv(lang.L("Учётная запись"), dash(f.Mailbox.Username)), kv(lang.L("Папка"), dash(f.Mailbox.Folder)),
		kv(lang.L("Обработанные письма"), processed), kv(lang.L("Пароль"), lang.L("хранится зашифрованным")))
	set("smtp", kv(lang.L("Сервер"), server(f.SMTP.Host, f.SMTP.Port, f.SMTP.Security)),
		kv(lang.L("Учётная запись"), dash(f.SMTP.Username)),
		kv(lang.L("Отправитель"), dash(strings.TrimSpace(f.SMTP.FromName+" <"+f.SMTP.FromAddress+">"))),
		kv(lang.L("Пароль"), lang.L("хранится зашифрованным")))
	answerTo := f.Department.AnswerTo
	if answerTo == "" {
		answerTo = lang.L("отправителю уведомления")
	}
	set("department", kv(lang.L("Адреса ДИП"), list(f.Department.Addresses)), kv(lang.L("Ответы направляются"), answerTo))
	set("head", kv(lang.L("Глава"), dash(f.Head.Name)), kv(lang.L("Адрес"), dash(f.Head.Address)))

	schedule := ""
	if f.Schedule.Preset != "" {
		schedule = kv(lang.L("Режим"), f.Schedule.Preset+" — "+settings.PresetTitle(f.Schedule.Preset))
	}
	days := f.Schedule.Periods()
	var dayLines []string
	for i, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		periods := lang.L("выходной")
		if ps := days[d]; len(ps) > 0 {
			periods = strings.Join(ps, ", ")
		}
		dayLines = append(dayLines, lang.L(weekdayShortNames[i])+" "+periods)
	}
	set("schedule", schedule, strings.Join(dayLines, "; "),
		kv(lang.L("Предпраздничный день короче на"), lang.L("{{.N}} мин", map[string]any{"N": f.Schedule.PreholidayShorteningMinutes})))

	final := lang.L("к концу {{.N}}-го рабочего дня после дня промежуточного ответа", map[string]any{"N": f.Deadlines.FinalWorkingDays})
	if f.Deadlines.FinalRule == "same_time" {
		final = lang.L("в то же время на {{.N}}-й рабочий день после промежуточного ответа", map[string]any{"N": f.Deadlines.FinalWorkingDays})
	}
	set("deadlines",
		kv(lang.L("Ответ в ДИП (п. 7)"), lang.L("{{.N}} раб. ч", map[string]any{"N": f.Deadlines.AnswerWorkingHours})),
		kv(lang.L("Проекты ответа исполнителей (п. 8)"), lang.L("за {{.N}} раб. ч до срока ответа", map[string]any{"N": f.Deadlines.DraftsBeforeWorkingHours})),
		kv(lang.L("Окончательный ответ (п. 10)"), final),
		kv(lang.L("Напоминание исполнителю"), lang.L("за {{.N}} раб. мин до срока", map[string]any{"N": f.Deadlines.ReminderBeforeWorkingMinutes})),
		kv(lang.L("Направить исполнителям (п. 6)"), lang.L("не позднее {{.N}} раб. мин после поступления", map[string]any{"N": f.Deadlines.DispatchPromptWorkingMinutes})))
	set("rules",
		kv(lang.L("Повторное сообщение (п. 12)"), lang.L("в пределах {{.N}} дн.", map[string]any{"N": f.Rules.RepeatWindowDays})),
		kv(lang.L("Повышенная социальная активность"), lang.L("не менее {{.N}} сообщ. за {{.H}} раб. ч", map[string]any{"N": f.Rules.SurgeCases, "H": f.Rules.SurgeWindowWorkingHours})),
		kv(lang.L("Ключевые слова социально значимых"), list(f.Rules.SignificanceKeywords)),
		kv(lang.L("Не относится к компетенции (п. 18)"), list(f.Rules.OutOfScopeAccounts)),
		kv(lang.L("Дополнительные слова проверки (п. 14)"), list(f.Rules.ScreeningExtraWords)),
		kv(lang.L("Слова-исключения проверки"), list(f.Rules.ScreeningAllowWords)))
	set("security",
		kv(lang.L("Блокировка окна без действий"), lang.L("{{.N}} мин", map[string]any{"N": f.Security.IdleLockMinutes})),
		kv(lang.L("Неудачных попыток входа до блокировки"), strconv.Itoa(f.Security.LockoutAttempts)),
		kv(lang.L("Блокировка учётной записи"), lang.L("{{.N}} мин", map[string]any{"N": f.Security.LockoutMinutes})))
	set("limits",
		kv(lang.L("Наибольшее письмо"), lang.L("{{.N}} МиБ", map[string]any{"N": f.Limits.MaxMessageMiB})),
		kv(lang.L("Вложенность MIME"), strconv.Itoa(f.Limits.MaxMIMEDepth)),
		kv(lang.L("Частей MIME"), strconv.Itoa(f.Limits.MaxMIMEParts)))
	set("reports",
		kv(lang.L("Информация о недостатках (п. 16) получают"), list(f.Reports.ShortcomingsTo)),
		kv(lang.L("Периодичность"), dash(f.Reports.ShortcomingsEvery)))
	if !ok {
		// Without the file the sections that only the file knows are not shown as if empty.
		for _, key := range []string{"mailbox", "smtp", "limits", "reports"} {
			s.sections[key].SetText(lang.L("нет данных: файл настроек не загружен"))
		}
	}
	var overrides []string
	for _, o := range f.Calendar.Overrides {
		overrides = append(overrides, o.Date+" "+o.Kind)
	}
	s.showCalendar(v.desk.Now(), overrides)
}

var weekdayShortNames = []string{"пн", "вт", "ср", "чт", "пт", "сб", "вс"}

// policyFile is what the policy and the schedule in force say, for a window without LoadSettings.
func policyFile(p domain.Policy, calc *worktime.Calc) *settings.File {
	f := &settings.File{}
	if calc != nil {
		sch := calc.Schedule()
		f.Schedule.Days = map[string][]string{}
		for i, key := range []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"} { // time.Weekday order
			for _, per := range sch.Days[i] {
				f.Schedule.Days[key] = append(f.Schedule.Days[key], per.String())
			}
		}
		f.Schedule.PreholidayShorteningMinutes = int(sch.PreholidayShortening / time.Minute)
	}
	f.Organization.Name, f.Organization.ShortTag, f.Organization.Settlements = p.OrgName, p.TagPrefix, p.Settlements
	if p.Location != nil {
		f.Organization.Timezone = p.Location.String()
	}
	f.Department.Addresses, f.Department.AnswerTo = p.DepartmentAddresses, p.AnswerTo
	f.Head.Name, f.Head.Address = p.HeadName, p.HeadAddress
	f.SMTP.FromName, f.SMTP.FromAddress = p.FromName, p.MailboxAddress
	d := p.Deadlines
	f.Deadlines = settings.Deadlines{AnswerWorkingHours: d.AnswerWorkingHours, DraftsBeforeWorkingHours: d.DraftsBeforeWorkingHours,
		FinalWorkingDays: d.FinalWorkingDays, FinalRule: d.FinalRule, ReminderBeforeWorkingMinutes: int(d.ReminderBefore / time.Minute),
		DispatchPromptWorkingMinutes: int(d.DispatchPrompt / time.Minute)}
	f.Rules.RepeatWindowDays, f.Rules.SurgeCases = p.RepeatWindowDays, p.SurgeCases
	f.Rules.SurgeWindowWorkingHours = int(p.SurgeWindow / time.Hour)
	f.Rules.SignificanceKeywords, f.Rules.OutOfScopeAccounts = p.SignificanceKeywords, p.OutOfScopeAccounts
	f.Security.IdleLockMinutes = int(p.IdleLock / time.Minute)
	f.Security.LockoutAttempts, f.Security.LockoutMinutes = p.LockoutAttempts, int(p.LockoutDuration/time.Minute)
	return f
}

// showCalendar lists the next working periods (the schedule over the production calendar in force) and the
// calendar years, marking provisional ones and warning when next year's is missing.
func (s *settingsRoom) showCalendar(now time.Time, overrides []string) {
	calc := s.r.v.desk.Calc()
	loc := s.r.v.location()
	if calc == nil {
		s.periods.SetText("—")
		s.calendar.SetText("—")
		s.warning.SetText("")
		s.warning.Hide()
		return
	}
	periods, err := calc.Periods(now, 10)
	var lines []string
	for _, in := range periods {
		start, end := in.Start.In(loc), in.End.In(loc)
		lines = append(lines, lang.L(domain.WeekdayShort(start))+" "+start.Format("02.01")+" "+start.Format("15:04")+"–"+end.Format("15:04"))
	}
	if err != nil {
		lines = append(lines, err.Error())
	}
	s.periods.SetText(strings.Join(lines, "\n"))

	var years []string
	for _, y := range calc.CoveredYears() {
		text := strconv.Itoa(y)
		if calc.Provisional(y) {
			text += " " + lang.L("(предварительный)")
		}
		years = append(years, text)
	}
	cal := lang.L("Годы: {{.Years}}", map[string]any{"Years": strings.Join(years, ", ")})
	if len(overrides) > 0 {
		cal += "\n" + lang.L("Изменения дней: {{.Days}}", map[string]any{"Days": strings.Join(overrides, ", ")})
	}
	s.calendar.SetText(cal)
	warn := strings.TrimSpace(calc.MissingYearWarning(now) + "\n" + calc.ProvisionalWarning(now))
	s.warning.SetText(warn)
	showIf(s.warning, warn != "")
}

// check runs a connection check and shows the server's own words.
func (s *settingsRoom) check(fn func(ctx context.Context) error, result *widget.Label) {
	if fn == nil {
		return
	}
	s.r.touch()
	say(result, lang.L("Проверка…"), false)
	result.Importance = widget.MediumImportance
	result.Refresh()
	ctx, cancel := s.r.checkContext()
	s.r.v.spawn(func() func() {
		defer cancel()
		err := fn(ctx)
		return func() {
			if err != nil {
				say(result, lang.L("Ошибка: {{.Err}}", map[string]any{"Err": errtext.Russian(err)}), true)
				return
			}
			say(result, lang.L("Подключение установлено"), false)
		}
	})
}

// apply hands the edited file to ApplySettings; the loader's problems are listed one per line with the line
// number, and a tap on one puts the cursor on that line.
func (s *settingsRoom) apply() {
	fn := s.r.v.deps.ApplySettings
	if fn == nil || !s.admin {
		return
	}
	text := s.editor.Text
	login := s.r.v.currentUser()
	s.r.touch()
	say(s.message, lang.L("Проверка…"), false)
	s.r.v.spawn(func() func() {
		err := fn(text)
		return func() {
			if s.r.v.currentUser() != login {
				return
			}
			if problems := settingsProblems(err); problems != nil {
				s.showProblems(problems)
				say(s.message, lang.L("Файл не применён, ошибок: {{.N}}. Нажмите на ошибку, чтобы перейти к её строке.",
					map[string]any{"N": len(problems)}), true)
				return
			}
			s.showProblems(nil)
			if err != nil {
				say(s.message, errorText(err), true)
				return
			}
			say(s.message, lang.L("Настройки применены"), false)
			s.loaded = text
			s.show(text)
		}
	})
}

// settingsProblems picks the loader's list out of an error; nil when it is another failure.
func settingsProblems(err error) settings.Errors {
	var list settings.Errors
	if errors.As(err, &list) {
		return list
	}
	var one *settings.Error
	if errors.As(err, &one) {
		return settings.Errors{one}
	}
	return nil
}

// showProblems lists the loader's problems as buttons: the text exactly as the loader words it.
func (s *settingsRoom) showProblems(list settings.Errors) {
	s.problems.RemoveAll()
	s.problemBtn = nil
	for _, e := range list {
		e := e
		b := widget.NewButton(e.Error(), func() { s.goToLine(e.Line) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.DangerImportance
		s.problemBtn = append(s.problemBtn, b)
		s.problems.Add(b)
	}
}

func (s *settingsRoom) goToLine(line int) {
	s.r.touch()
	if line <= 0 {
		return
	}
	s.editor.CursorRow, s.editor.CursorColumn = line-1, 0
	s.editor.Refresh()
	s.r.v.win.Canvas().Focus(s.editor)
}

// problemsText is the list as shown, one problem a line (for tests and the log).
func (s *settingsRoom) problemsText() string {
	var lines []string
	for _, b := range s.problemBtn {
		lines = append(lines, b.Text)
	}
	return strings.Join(lines, "\n")
}
