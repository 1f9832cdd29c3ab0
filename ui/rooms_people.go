package ui

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// peopleRoom is «Пользователи и отсутствия»: the local accounts (the administrator adds, disables and enables
// them), one's own password, and the absence periods (Р.4) with a preview of the handover e-mail the substitute
// will get when the period starts.
type peopleRoom struct {
	absenceScroll *container.Scroll
	r             *rooms
	actor         domain.Actor
	admin         bool

	// Accounts (administrator).
	accounts                                                    *fyne.Container
	accountRows                                                 map[string]*accountRow // by login
	users                                                       []domain.User
	accountsNote                                                *widget.Label
	accountsMsg                                                 *widget.Label
	newLogin, newName, newPosition, newEmail, newPass, newPass2 *widget.Entry
	newRole                                                     *widget.Select
	addUser                                                     *widget.Button
	addUserBox                                                  fyne.CanvasObject

	// Own password.
	pass1, pass2 *widget.Entry
	changePass   *widget.Button
	passMsg      *widget.Label

	// Absences.
	absences       *fyne.Container
	absenceRows    map[int]*absenceRow // by id
	list           []domain.Absence
	absent         *widget.Select // the administrator chooses whose absence; the coordinator's is her own
	absentLogins   map[string]string
	substitute     *widget.SelectEntry
	subOptions     []string // what the substitute choice offers
	from, to       *widget.Entry
	preview        *widget.Button
	addAbsence     *widget.Button
	previewSubject *widget.Label
	previewBody    *widget.Label
	absenceMsg     *widget.Label
	absenceBanner  *widget.Label

	tabs    *container.AppTabs
	content fyne.CanvasObject
}

type accountRow struct {
	text   *widget.Label
	state  *widget.Label
	toggle *widget.Button
}

type absenceRow struct {
	text *widget.Label
	end  *widget.Button
}

// dateTimeLayout is how the window reads and shows a moment: 13.01.2026 09:00 (UI.md).
const dateTimeLayout = "02.01.2006 15:04"

func roleChoices() []string {
	return []string{lang.L("координатор"), lang.L("заместитель координатора"), lang.L("управляющий делами"), lang.L("администратор")}
}

func roleFromChoice(s string) domain.Role {
	switch s {
	case lang.L("координатор"):
		return domain.RoleCoordinator
	case lang.L("заместитель координатора"):
		return domain.RoleSubstitute
	case lang.L("управляющий делами"):
		return domain.RoleSupervisor
	case lang.L("администратор"):
		return domain.RoleAdmin
	}
	return domain.Role(s)
}

func roleText(r domain.Role) string {
	for _, c := range roleChoices() {
		if roleFromChoice(c) == r {
			return c
		}
	}
	return string(r)
}

func newPeopleRoom(r *rooms) *peopleRoom {
	p := &peopleRoom{r: r, accountRows: map[string]*accountRow{}, absenceRows: map[int]*absenceRow{}, absentLogins: map[string]string{}}

	// Accounts.
	p.accounts = container.NewVBox()
	p.accountsNote = widget.NewLabel(lang.L("Учётные записи ведёт администратор."))
	p.accountsNote.Importance = widget.LowImportance
	p.accountsMsg = messageLabel()
	p.newLogin = widget.NewEntry()
	p.newLogin.SetPlaceHolder("maslova")
	p.newName = widget.NewEntry()
	p.newName.SetPlaceHolder(lang.L("Фамилия Имя Отчество"))
	p.newPosition = widget.NewEntry()
	p.newEmail = widget.NewEntry()
	p.newEmail.SetPlaceHolder("name@example.ru")
	p.newRole = widget.NewSelect(roleChoices(), nil)
	p.newPass = widget.NewPasswordEntry()
	p.newPass2 = widget.NewPasswordEntry()
	p.addUser = widget.NewButton(lang.L("Добавить пользователя"), p.submitUser)
	p.addUser.Importance = widget.HighImportance
	p.addUserBox = container.NewVBox(sectionTitle(lang.L("Новый пользователь")), widget.NewForm(
		widget.NewFormItem(lang.L("Логин"), p.newLogin),
		widget.NewFormItem(lang.L("ФИО"), p.newName),
		widget.NewFormItem(lang.L("Должность"), p.newPosition),
		widget.NewFormItem(lang.L("E-mail"), p.newEmail),
		widget.NewFormItem(lang.L("Роль"), p.newRole),
		widget.NewFormItem(lang.L("Пароль"), p.newPass),
		widget.NewFormItem(lang.L("Пароль ещё раз"), p.newPass2),
	), container.NewHBox(p.addUser))
	accountsTab := container.NewBorder(container.NewVBox(p.accountsNote, p.accountsMsg), nil, nil, nil,
		container.NewVScroll(container.NewVBox(p.accounts, widget.NewSeparator(), p.addUserBox)))

	// Own password.
	p.pass1 = widget.NewPasswordEntry()
	p.pass2 = widget.NewPasswordEntry()
	p.changePass = widget.NewButton(lang.L("Сменить пароль"), p.submitPassword)
	p.changePass.Importance = widget.HighImportance
	p.passMsg = messageLabel()
	rules := wrappedLabel(lang.L("Не короче 12 символов, буквы и цифры. Пароль открывает и пароли почты: смените его здесь, а не в файле настроек."))
	rules.Importance = widget.LowImportance
	passwordTab := container.NewVBox(sectionTitle(lang.L("Смена своего пароля")), widget.NewForm(
		widget.NewFormItem(lang.L("Новый пароль"), p.pass1),
		widget.NewFormItem(lang.L("Новый пароль ещё раз"), p.pass2),
	), rules, container.NewHBox(p.changePass), p.passMsg)

	// Absences.
	p.absences = container.NewVBox()
	p.absent = widget.NewSelect(nil, nil)
	p.substitute = widget.NewSelectEntry(nil)
	p.substitute.SetPlaceHolder(lang.L("логин заместителя"))
	p.from = widget.NewEntry()
	p.from.SetPlaceHolder("20.01.2026 09:00")
	p.to = widget.NewEntry()
	p.to.SetPlaceHolder("31.01.2026 18:00")
	p.preview = widget.NewButton(lang.L("Показать письмо о передаче дел"), p.showPreview)
	p.addAbsence = widget.NewButton(lang.L("Добавить период отсутствия"), p.submitAbsence)
	p.addAbsence.Importance = widget.HighImportance
	p.previewSubject = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.previewSubject.Wrapping = fyne.TextWrapWord
	p.previewBody = wrappedLabel("")
	p.absenceMsg = messageLabel()
	p.absenceBanner = readOnlyBanner(lang.L("Только просмотр: периоды отсутствия задают координатор (свой) и администратор."))
	absenceForm := container.NewVBox(sectionTitle(lang.L("Новый период отсутствия")), widget.NewForm(
		widget.NewFormItem(lang.L("Отсутствует"), p.absent),
		widget.NewFormItem(lang.L("Замещает"), p.substitute),
		widget.NewFormItem(lang.L("С"), p.from),
		widget.NewFormItem(lang.L("По"), p.to),
	), container.NewHBox(p.preview, p.addAbsence), p.absenceMsg, p.previewSubject, p.previewBody)
	p.absenceScroll = container.NewVScroll(container.NewVBox(sectionTitle(lang.L("Периоды отсутствия")), p.absences,
		widget.NewSeparator(), absenceForm))
	absencesTab := container.NewBorder(p.absenceBanner, nil, nil, nil, p.absenceScroll)

	p.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Периоды отсутствия"), absencesTab),
		container.NewTabItem(lang.L("Учётные записи"), accountsTab),
		container.NewTabItem(lang.L("Мой пароль"), passwordTab),
	)
	p.tabs.OnSelected = func(*container.TabItem) { r.touch() }
	p.content = p.tabs
	return p
}

func (p *peopleRoom) setActor(a domain.Actor) {
	p.actor = a
	p.admin = a.Role == domain.RoleAdmin
	canAbsence := a.Role == domain.RoleAdmin || a.Role == domain.RoleCoordinator
	showIf(p.accountsNote, !p.admin)
	showIf(p.addUserBox, p.admin)
	showIf(p.absenceBanner, !canAbsence)
	for _, w := range []fyne.Disableable{p.absent, p.substitute, p.from, p.to, p.preview, p.addAbsence} {
		if canAbsence {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	p.absent.ClearSelected()
	p.absent.SetOptions(nil)
	p.setSubstitutes(nil)
	if !p.admin {
		// The coordinator's absence is her own.
		p.absentLogins = map[string]string{a.Display(): a.Login}
		p.absent.SetOptions([]string{a.Display()})
		p.absent.SetSelected(a.Display())
		p.absent.Disable()
	}
	p.clearForms()
}

func (p *peopleRoom) clear() {
	p.users, p.list = nil, nil
	p.accounts.RemoveAll()
	p.absences.RemoveAll()
	p.accountRows = map[string]*accountRow{}
	p.absenceRows = map[int]*absenceRow{}
	p.clearForms()
}

func (p *peopleRoom) clearForms() {
	for _, e := range []*widget.Entry{p.newLogin, p.newName, p.newPosition, p.newEmail, p.newPass, p.newPass2,
		p.pass1, p.pass2, p.from, p.to} {
		e.SetText("")
	}
	p.substitute.SetText("")
	p.newRole.ClearSelected()
	p.previewSubject.SetText("")
	p.previewBody.SetText("")
	for _, l := range []*widget.Label{p.accountsMsg, p.passMsg, p.absenceMsg} {
		say(l, "", false)
	}
}

// load reads the absences (everyone) and the accounts (the administrator).
func (p *peopleRoom) load() {
	desk, login, admin := p.r.v.desk, p.r.v.currentUser(), p.admin
	if login == "" {
		return
	}
	p.r.v.spawn(func() func() {
		absences, aerr := desk.Absences(login)
		var users []domain.User
		var uerr error
		if admin {
			users, uerr = desk.Users(login)
		}
		return func() {
			if p.r.v.currentUser() != login {
				return
			}
			if uerr != nil {
				say(p.accountsMsg, errorText(uerr), true)
			} else if admin {
				p.showUsers(users)
			}
			if aerr != nil {
				say(p.absenceMsg, errorText(aerr), true)
			} else {
				p.showAbsences(absences)
			}
		}
	})
}

func accountState(u domain.User, now time.Time, loc *time.Location) (string, bool) {
	switch {
	case u.Disabled:
		return lang.L("отключена"), true
	case u.LockedUntil != nil && now.Before(*u.LockedUntil):
		return lang.L("заблокирована до {{.Until}} после неудачных попыток входа",
			map[string]any{"Until": domain.FormatDateTime(u.LockedUntil.In(loc))}), true
	}
	return lang.L("действует"), false
}

func (p *peopleRoom) showUsers(users []domain.User) {
	v := p.r.v
	p.users = users
	p.accounts.RemoveAll()
	p.accountRows = map[string]*accountRow{}
	now, loc := v.desk.Now(), v.location()
	for _, u := range users {
		row := &accountRow{}
		row.text = wrappedLabel(joinNonEmpty(" · ", u.Login, u.Name, roleText(u.Role), u.Email))
		state, bad := accountState(u, now, loc)
		row.state = widget.NewLabel(state)
		if bad {
			row.state.Importance = widget.WarningImportance
		}
		target, disabled := u.Login, u.Disabled
		label := lang.L("Отключить")
		if disabled {
			label = lang.L("Включить")
		}
		row.toggle = widget.NewButton(label, func() {
			p.r.run(p.accountsMsg, func(login string) error { return v.desk.SetDisabled(login, target, !disabled) }, func() {
				say(p.accountsMsg, "", false)
				p.load()
			})
		})
		p.accountRows[u.Login] = row
		p.accounts.Add(container.NewBorder(nil, nil, nil, container.NewHBox(row.state, row.toggle), row.text))
	}
	// The administrator chooses among the coordinators whose absence to set; substitutes are offered by name.
	p.absentLogins = map[string]string{}
	var absent, subs []string
	for _, u := range users {
		if u.Disabled {
			continue
		}
		switch u.Role {
		case domain.RoleCoordinator:
			name := domain.ShortName(u.Name) + " (" + u.Login + ")"
			p.absentLogins[name] = u.Login
			absent = append(absent, name)
		case domain.RoleSubstitute:
			subs = append(subs, u.Login)
		}
	}
	p.absent.SetOptions(absent)
	if len(absent) > 0 && p.absent.Selected == "" {
		p.absent.SetSelected(absent[0])
	}
	p.setSubstitutes(subs)
}

func absenceState(ab domain.Absence, now time.Time, loc *time.Location) string {
	switch {
	case ab.EndedAt != nil && ab.EndedAt.Before(ab.To):
		return lang.L("завершён {{.At}}", map[string]any{"At": domain.FormatDateTime(ab.EndedAt.In(loc))})
	case !now.Before(ab.To):
		return lang.L("прошёл")
	case ab.Covers(now):
		return lang.L("идёт")
	}
	return lang.L("предстоит")
}

func (p *peopleRoom) showAbsences(list []domain.Absence) {
	v := p.r.v
	p.list = list
	p.absences.RemoveAll()
	p.absenceRows = map[int]*absenceRow{}
	now, loc := v.desk.Now(), v.location()
	sort.Slice(list, func(i, j int) bool { return list[i].From.After(list[j].From) })
	var subs []string
	if len(list) == 0 {
		p.absences.Add(widget.NewLabel(lang.L("Периодов отсутствия нет.")))
	}
	for _, ab := range list {
		row := &absenceRow{}
		row.text = widget.NewLabel(lang.L("{{.Absent}} отсутствует с {{.From}} по {{.To}}, замещает {{.Sub}} — {{.State}}",
			map[string]any{"Absent": p.name(ab.Absent), "From": domain.FormatDateTime(ab.From.In(loc)),
				"To": domain.FormatDateTime(ab.To.In(loc)), "Sub": p.name(ab.Substitute), "State": absenceState(ab, now, loc)}))
		row.text.Wrapping = fyne.TextWrapWord
		id := ab.ID
		row.end = widget.NewButton(lang.L("Завершить"), func() {
			p.r.run(p.absenceMsg, func(login string) error { return v.desk.EndAbsence(login, id) }, func() {
				say(p.absenceMsg, lang.L("Период отсутствия завершён: права вернулись координатору"), false)
				p.load()
			})
		})
		ended := ab.EndedAt != nil || !now.Before(ab.To)
		mine := p.admin || ab.Absent == p.actor.Login
		enable(row.end, !ended && mine && (p.admin || p.actor.Role == domain.RoleCoordinator))
		if ended {
			row.end.Hide()
		}
		p.absenceRows[id] = row
		p.absences.Add(container.NewBorder(nil, nil, nil, row.end, row.text))
		if !slices.Contains(subs, ab.Substitute) {
			subs = append(subs, ab.Substitute)
		}
	}
	if !p.admin {
		p.setSubstitutes(subs) // the coordinator cannot list accounts: her earlier substitutes are offered
	}
	// The list changed height: the scroll's content must be laid out again, or the rows overlap the form below
	// (seen under Xvfb).
	p.absenceScroll.Content.Refresh()
	p.absenceScroll.Refresh()
	tomorrow := now.In(loc).AddDate(0, 0, 1)
	p.from.SetPlaceHolder(time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 9, 0, 0, 0, loc).Format("02.01.2006 15:04"))
	p.to.SetPlaceHolder(time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day()+6, 18, 0, 0, 0, loc).Format("02.01.2006 15:04"))
}

func (p *peopleRoom) setSubstitutes(logins []string) {
	p.subOptions = logins
	p.substitute.SetOptions(logins)
}

// name is an account's short name where the room knows it, else its login.
func (p *peopleRoom) name(login string) string {
	if login == p.actor.Login {
		return domain.ShortName(p.actor.Name)
	}
	for _, u := range p.users {
		if u.Login == login {
			return domain.ShortName(u.Name)
		}
	}
	return login
}

// period reads the form's dates; the message says the expected form.
func (p *peopleRoom) period() (from, to time.Time, err error) {
	loc := p.r.v.location()
	read := func(e *widget.Entry) (time.Time, error) {
		t, err := time.ParseInLocation(dateTimeLayout, strings.Join(strings.Fields(e.Text), " "), loc)
		if err != nil {
			return time.Time{}, errors.New(lang.L("Дата и время — в виде 20.01.2026 09:00"))
		}
		return t, nil
	}
	if from, err = read(p.from); err != nil {
		return
	}
	to, err = read(p.to)
	return
}

func (p *peopleRoom) absentLogin() string {
	if login, ok := p.absentLogins[p.absent.Selected]; ok {
		return login
	}
	return p.actor.Login
}

// absenceForm reads the period and the substitute of the absence form; what is missing or wrong is said under
// the form, and ok is false.
func (p *peopleRoom) absenceForm() (from, to time.Time, substitute string, ok bool) {
	from, to, err := p.period()
	if err != nil {
		say(p.absenceMsg, err.Error(), true)
		return from, to, "", false
	}
	substitute = strings.TrimSpace(p.substitute.Text)
	if substitute == "" {
		say(p.absenceMsg, lang.L("Укажите заместителя"), true)
		return from, to, "", false
	}
	return from, to, substitute, true
}

// showPreview renders the handover e-mail for the period in the form.
func (p *peopleRoom) showPreview() {
	from, to, sub, ok := p.absenceForm()
	if !ok {
		return
	}
	var subject, body string
	p.r.run(p.absenceMsg, func(login string) error {
		var err error
		subject, body, err = p.r.v.desk.HandoverPreview(login, from, to, sub)
		return err
	}, func() {
		say(p.absenceMsg, lang.L("Это письмо получит заместитель, когда период начнётся:"), false)
		p.previewSubject.SetText(lang.L("Тема: {{.Subject}}", map[string]any{"Subject": subject}))
		p.previewBody.SetText(body)
	})
}

func (p *peopleRoom) submitAbsence() {
	from, to, sub, ok := p.absenceForm()
	if !ok {
		return
	}
	absent := p.absentLogin()
	p.r.run(p.absenceMsg, func(login string) error {
		_, err := p.r.v.desk.AddAbsence(login, absent, sub, from, to)
		return err
	}, func() {
		p.from.SetText("")
		p.to.SetText("")
		p.previewSubject.SetText("")
		p.previewBody.SetText("")
		say(p.absenceMsg, lang.L("Период отсутствия добавлен: {{.Sub}} получит письмо о передаче дел, когда он начнётся",
			map[string]any{"Sub": sub}), false)
		p.load()
	})
}

func (p *peopleRoom) submitUser() {
	if p.newPass.Text != p.newPass2.Text {
		say(p.accountsMsg, lang.L("Пароли не совпадают"), true)
		return
	}
	if p.newRole.Selected == "" {
		say(p.accountsMsg, lang.L("Выберите роль"), true)
		return
	}
	nu := domain.NewUser{Password: p.newPass.Text, User: domain.User{Login: strings.TrimSpace(p.newLogin.Text),
		Name: strings.TrimSpace(p.newName.Text), Position: strings.TrimSpace(p.newPosition.Text),
		Email: strings.TrimSpace(p.newEmail.Text), Role: roleFromChoice(p.newRole.Selected)}}
	s := p.r.session
	if s == nil {
		return
	}
	p.r.run(p.accountsMsg, func(string) error { return p.r.v.desk.AddUser(s, nu) }, func() {
		for _, e := range []*widget.Entry{p.newLogin, p.newName, p.newPosition, p.newEmail, p.newPass, p.newPass2} {
			e.SetText("")
		}
		p.newRole.ClearSelected()
		say(p.accountsMsg, lang.L("Учётная запись {{.Login}} создана", map[string]any{"Login": nu.User.Login}), false)
		p.load()
	})
}

// submitPassword changes one's own password; the data key is sealed again with it (the mail passwords stay
// readable).
func (p *peopleRoom) submitPassword() {
	if p.pass1.Text != p.pass2.Text {
		say(p.passMsg, lang.L("Пароли не совпадают"), true)
		return
	}
	s, pass := p.r.session, p.pass1.Text
	if s == nil {
		return
	}
	p.r.run(p.passMsg, func(login string) error { return p.r.v.desk.ChangePassword(s, login, pass) }, func() {
		p.pass1.SetText("")
		p.pass2.SetText("")
		say(p.passMsg, lang.L("Пароль изменён"), false)
	})
}
