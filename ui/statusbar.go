package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// statusBar is the bottom line: mail, outbox, who is logged in (and for whom she acts), the working day.
type statusBar struct {
	v        *View
	mail     *widget.Label
	outbox   *widget.Button
	user     *widget.Label
	workday  *widget.Label
	calendar *widget.Label
	kick     *widget.Button
	logout   *widget.Button
	content  fyne.CanvasObject
}

func newStatusBar(v *View) *statusBar {
	s := &statusBar{v: v}
	s.mail = widget.NewLabel("")
	// A long mail error must not push the user and «Выйти» off the window: the line shrinks with an ellipsis.
	s.mail.Truncation = fyne.TextTruncateEllipsis
	s.outbox = widget.NewButton("", v.showOutbox)
	s.outbox.Importance = widget.LowImportance
	s.user = widget.NewLabel("")
	s.workday = widget.NewLabel("")
	s.calendar = widget.NewLabel("")
	s.calendar.Importance = widget.DangerImportance
	s.calendar.Hide()
	s.kick = widget.NewButton(lang.L("Проверить почту"), func() {
		if v.deps.Kick != nil {
			v.deps.Kick()
		}
	})
	if v.deps.Kick == nil {
		s.kick.Hide()
	}
	s.logout = widget.NewButton(lang.L("Выйти"), v.logout)
	s.content = container.NewBorder(nil, nil, s.kick, container.NewHBox(widget.NewSeparator(), s.outbox,
		widget.NewSeparator(), s.workday, s.calendar, widget.NewSeparator(), s.user, s.logout), s.mail)
	return s
}

func (s *statusBar) setUser(a domain.Actor, canWork bool) {
	text := lang.L("Пользователь: {{.Who}}", map[string]any{"Who": a.Display()})
	if !canWork {
		text += " " + lang.L("(только просмотр)")
	}
	s.user.SetText(text)
}

// update is called by the ticker with the workers' status (nil when cmd gave no Status func).
func (s *statusBar) update(now time.Time, st *StatusInfo) {
	loc := s.v.location()
	if st != nil {
		var mail string
		switch {
		case st.MailError != "":
			mail = lang.L("Почта: ошибка — {{.Err}}", map[string]any{"Err": st.MailError})
		case st.MailConnected && !st.LastSync.IsZero():
			mail = lang.L("Почта: подключено, {{.At}}", map[string]any{"At": clockOrDate(st.LastSync.In(loc), now.In(loc))})
		case st.MailConnected:
			mail = lang.L("Почта: подключено")
		default:
			mail = lang.L("Почта: нет соединения")
		}
		setLabel(s.mail, mail)
		imp := widget.MediumImportance
		if st.MailError != "" {
			imp = widget.DangerImportance
		}
		if s.mail.Importance != imp {
			s.mail.Importance = imp
			s.mail.Refresh()
		}
		out := lang.L("Исходящие: {{.Waiting}} в очереди, {{.Failed}} {{.Errors}}", map[string]any{
			"Waiting": st.OutboxWaiting, "Failed": st.OutboxFailed,
			"Errors": plural(st.OutboxFailed, "ошибка", "ошибки", "ошибок")})
		if s.outbox.Text != out {
			s.outbox.SetText(out)
		}
		bimp := widget.LowImportance
		if st.OutboxFailed > 0 {
			bimp = widget.DangerImportance
		}
		if s.outbox.Importance != bimp {
			s.outbox.Importance = bimp
			s.outbox.Refresh()
		}
	} else {
		s.mail.Hide()
		s.outbox.Hide()
	}
	setLabel(s.workday, workingDayText(s.v.desk.Calc(), now, loc))
	warn := ""
	if calc := s.v.desk.Calc(); calc != nil {
		warn = calc.MissingYearWarning(now)
	}
	setLabel(s.calendar, warn)
	if warn == "" {
		s.calendar.Hide()
	} else {
		s.calendar.Show()
	}
}

func setLabel(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

// plural picks the Russian form for n (1 ошибка, 2 ошибки, 5 ошибок) and translates it; English has two forms.
func plural(n int, one, few, many string) string {
	if englishLoaded() {
		if n == 1 {
			return lang.L(one)
		}
		return lang.L(many)
	}
	return lang.L(domain.Plural(n, one, few, many))
}
