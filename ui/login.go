package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// loginScreen asks for the local account (argon2id on the desk's side, lockout after repeated failures).
type loginScreen struct {
	v        *View
	login    *widget.Entry
	password *widget.Entry
	submit   *widget.Button
	message  *widget.Label // the refusal, in the desk's words
	demo     *widget.Label
	content  fyne.CanvasObject
}

func newLoginScreen(v *View) *loginScreen {
	s := &loginScreen{v: v}
	s.login = widget.NewEntry()
	s.login.SetPlaceHolder(lang.L("логин"))
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(lang.L("пароль"))
	s.submit = widget.NewButton(lang.L("Войти"), s.trySubmit)
	s.submit.Importance = widget.HighImportance
	s.password.OnSubmitted = func(string) { s.trySubmit() }
	s.login.OnSubmitted = func(string) { v.win.Canvas().Focus(s.password) }
	s.message = wrappedLabel("")
	s.message.Importance = widget.DangerImportance
	s.demo = wrappedLabel(v.deps.DemoLogins)
	s.demo.Hidden = strings.TrimSpace(v.deps.DemoLogins) == ""

	title := widget.NewLabelWithStyle(lang.L("Отклик — сообщения из открытых источников"), fyne.TextAlignCenter,
		fyne.TextStyle{Bold: true})
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Логин"), s.login),
		widget.NewFormItem(lang.L("Пароль"), s.password),
	)
	box := container.NewVBox(title, form, s.submit, s.message, s.demo)
	s.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(420, 360), box))
	return s
}

func (s *loginScreen) trySubmit() {
	login, password := strings.TrimSpace(s.login.Text), s.password.Text
	if login == "" || password == "" {
		s.message.SetText(lang.L("Введите логин и пароль"))
		return
	}
	s.submit.Disable()
	s.message.SetText(lang.L("Проверка…"))
	desk := s.v.desk
	s.v.spawn(func() func() {
		sess, err := desk.Login(login, password)
		var actor domain.Actor
		if err == nil {
			actor, err = desk.WhoAmI(sess.Login)
		}
		return func() {
			s.submit.Enable()
			s.password.SetText("")
			if err != nil {
				s.message.SetText(errorText(err))
				s.v.win.Canvas().Focus(s.password)
				return
			}
			s.message.SetText("")
			s.v.signedIn(sess, actor)
		}
	})
}
