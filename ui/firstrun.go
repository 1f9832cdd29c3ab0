package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// firstRun is shown instead of the login on a data folder with no accounts: it creates the administrator, who
// then applies the settings in «Настройки» (or an IT person runs `otklik setup --config`).
type firstRun struct {
	v                         *View
	name, position, email     *widget.Entry
	login, password, repeated *widget.Entry
	create                    *widget.Button
	message                   *widget.Label
	content                   fyne.CanvasObject
}

func newFirstRun(v *View) *firstRun {
	f := &firstRun{v: v}
	f.name, f.position, f.email = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.login = widget.NewEntry()
	f.login.SetText("admin")
	f.password, f.repeated = widget.NewPasswordEntry(), widget.NewPasswordEntry()
	f.create = widget.NewButton(lang.L("Создать администратора"), f.submit)
	f.create.Importance = widget.HighImportance
	f.message = wrappedLabel("")
	f.message.Importance = widget.DangerImportance
	intro := wrappedLabel(lang.L("Первый запуск: учётных записей ещё нет. Создайте администратора; затем он задаст почту, исполнителей и пользователей в разделе «Настройки» (или командой otklik setup --config)."))
	form := widget.NewForm(
		widget.NewFormItem(lang.L("ФИО"), f.name),
		widget.NewFormItem(lang.L("Должность"), f.position),
		widget.NewFormItem(lang.L("E-mail"), f.email),
		widget.NewFormItem(lang.L("Логин"), f.login),
		widget.NewFormItem(lang.L("Пароль"), f.password),
		widget.NewFormItem(lang.L("Пароль ещё раз"), f.repeated),
	)
	title := widget.NewLabelWithStyle(lang.L("Отклик — первый запуск"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	box := container.NewVBox(title, intro, form, f.create, f.message)
	f.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 520), box))
	return f
}

func (f *firstRun) submit() {
	if f.password.Text != f.repeated.Text {
		f.message.SetText(lang.L("Пароли не совпадают"))
		return
	}
	if strings.TrimSpace(f.name.Text) == "" {
		f.message.SetText(lang.L("Укажите ФИО"))
		return
	}
	nu := domain.NewUser{Password: f.password.Text, User: domain.User{Login: strings.TrimSpace(f.login.Text),
		Name: strings.TrimSpace(f.name.Text), Position: strings.TrimSpace(f.position.Text), Email: strings.TrimSpace(f.email.Text)}}
	desk := f.v.desk
	f.create.Disable()
	f.v.spawn(func() func() {
		err := desk.CreateFirstAdmin(nu)
		var sess *domain.Session
		var actor domain.Actor
		if err == nil {
			if sess, err = desk.Login(nu.User.Login, nu.Password); err == nil {
				actor, err = desk.WhoAmI(sess.Login)
			}
		}
		return func() {
			f.create.Enable()
			if err != nil {
				f.message.SetText(errorText(err))
				return
			}
			f.v.signedIn(sess, actor)
		}
	})
}
