package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// formDialog is a dialog with our own buttons, kept on a struct so tests can fill it and tap «confirm». Every
// dialog that sends mail shows, before the confirmation, to whom and what (UI.md).
type formDialog struct {
	dlg     *dialog.CustomDialog
	confirm *widget.Button
	cancel  *widget.Button
}

func (v *View) newForm(title string, body fyne.CanvasObject, confirmText string, size fyne.Size, onConfirm func()) *formDialog {
	f := &formDialog{}
	f.cancel = widget.NewButton(lang.L("Отмена"), func() { f.dlg.Hide() })
	f.confirm = widget.NewButton(confirmText, onConfirm)
	f.confirm.Importance = widget.HighImportance
	buttons := container.NewHBox(layout.NewSpacer(), f.cancel, f.confirm)
	f.dlg = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, buttons, nil, nil, body), v.win)
	f.dlg.Resize(size)
	f.dlg.Show()
	return f
}

func previewLabel() *widget.Label {
	l := wrappedLabel("")
	l.Importance = widget.HighImportance
	return l
}

// departmentAddress is where answers and rejection notices go: the settings' answer_to, else the notice's sender.
func (v *View) departmentAddress(c *domain.Case) string {
	if to := v.desk.Policy().AnswerTo; to != "" {
		return to
	}
	return c.NoticeFrom
}

// ---- Направить исполнителям (П.6, П.11)

type dispatchDialog struct {
	*formDialog
	v       *View
	c       *domain.Case
	execs   map[string]domain.Executor
	checks  map[string]*widget.Check // by executor login
	chosen  []string                 // logins in the order they were ticked: the sequence
	mode    *widget.RadioGroup
	lead    *widget.Select
	note    *widget.Entry
	preview *widget.Label
}

func modeParallelText() string   { return lang.L("параллельно") }
func modeSequentialText() string { return lang.L("по очереди") }

func (v *View) showDispatch(c *domain.Case) {
	if c == nil {
		return
	}
	login := v.currentUser()
	v.spawn(func() func() {
		execs, err := v.desk.Executors(login)
		executorsOf := func(id domain.CaseID) (logins []string) {
			if e, _, err := v.desk.CaseDetail(login, string(id)); err == nil {
				for _, t := range e.Tasks {
					logins = append(logins, t.Executor)
				}
			}
			return logins
		}
		// П.12: a confirmed repeat goes by default to the executors of the earlier case (ticked); a suggested one
		// only offers them (marked «предлагается»), until the coordinator confirms the link.
		var earlier, offered []string
		switch {
		case err == nil && c.RepeatOf != "":
			earlier = executorsOf(c.RepeatOf)
		case err == nil && c.SuggestedRepeatOf != "":
			offered = executorsOf(c.SuggestedRepeatOf)
		}
		return func() {
			if err != nil {
				v.showError(err)
				return
			}
			v.dispatchDlg = newDispatchDialog(v, c, execs, earlier, offered)
		}
	})
}

func newDispatchDialog(v *View, c *domain.Case, execs []domain.Executor, earlier, offered []string) *dispatchDialog {
	d := &dispatchDialog{v: v, c: c, execs: map[string]domain.Executor{}, checks: map[string]*widget.Check{}}
	// The Department writes categories its own way («Дороги / содержание в зимний период»): an executor's
	// category is suggested when the case's category contains it.
	category := strings.ToLower(c.Category)
	suggested := func(e domain.Executor) bool {
		for _, k := range e.Categories {
			if k = strings.ToLower(strings.TrimSpace(k)); k != "" && strings.Contains(category, k) {
				return true
			}
		}
		return slices.Contains(e.Settlements, c.Settlement) && c.Settlement != "" || slices.Contains(earlier, e.Login) ||
			slices.Contains(offered, e.Login)
	}
	var active []domain.Executor
	for _, e := range execs {
		if e.Active {
			active = append(active, e)
		}
	}
	slices.SortStableFunc(active, func(a, b domain.Executor) int {
		sa, sb := suggested(a), suggested(b)
		switch {
		case sa && !sb:
			return -1
		case sb && !sa:
			return 1
		}
		return 0
	})
	list := container.NewVBox()
	for _, e := range active {
		e := e
		d.execs[e.Login] = e
		text := domain.ShortName(e.Name)
		if e.Position != "" {
			text += " — " + e.Position
		}
		if suggested(e) {
			text += " · " + lang.L("предлагается")
		}
		if e.AwayNoted != nil {
			text += " · " + lang.L("исполнитель отсутствует")
		}
		ch := widget.NewCheck(text, func(on bool) { d.toggle(e.Login, on) })
		if c.OpenTaskFor(e.Login) != nil {
			ch.Text += " · " + lang.L("уже есть поручение")
			ch.Disable()
		}
		d.checks[e.Login] = ch
		list.Add(ch)
	}
	if len(active) == 0 {
		list.Add(widget.NewLabel(lang.L("В справочнике нет исполнителей")))
	}
	d.mode = widget.NewRadioGroup([]string{modeParallelText(), modeSequentialText()}, func(string) { d.update() })
	d.mode.Horizontal = true
	d.mode.Required = true
	d.mode.SetSelected(modeParallelText())
	d.lead = widget.NewSelect(nil, func(string) { d.update() })
	d.lead.PlaceHolder = lang.L("ответственный")
	d.note = widget.NewMultiLineEntry()
	d.note.SetPlaceHolder(lang.L("Примечание для исполнителей (войдёт в поручение)"))
	d.note.SetMinRowsVisible(2)
	d.note.OnChanged = func(string) { d.update() }
	d.preview = previewLabel()

	form := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Исполнители"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	)
	settings := container.NewVBox(
		widget.NewForm(
			widget.NewFormItem(lang.L("Порядок"), d.mode),
			widget.NewFormItem(lang.L("Ответственный"), d.lead),
			widget.NewFormItem(lang.L("Примечание"), d.note),
		),
		widget.NewLabelWithStyle(lang.L("Кому и что уйдёт"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.preview,
	)
	body := container.NewBorder(form, settings, nil, nil, container.NewVScroll(list))
	d.formDialog = v.newForm(lang.L("Направить исполнителям: {{.ID}}", map[string]any{"ID": string(c.ID)}), body,
		lang.L("Направить"), fyne.NewSize(720, 640), d.submit)
	for _, login := range earlier {
		if ch, ok := d.checks[login]; ok && !ch.Disabled() {
			ch.SetChecked(true)
		}
	}
	d.update()
	return d
}

func (d *dispatchDialog) toggle(login string, on bool) {
	i := slices.Index(d.chosen, login)
	switch {
	case on && i < 0:
		d.chosen = append(d.chosen, login)
	case !on && i >= 0:
		d.chosen = slices.Delete(d.chosen, i, i+1)
	}
	var names []string
	for _, l := range d.chosen {
		names = append(names, d.name(l))
	}
	keep := d.lead.Selected
	d.lead.Options = names
	if !slices.Contains(names, keep) {
		keep = ""
		if len(names) > 0 && d.c.Lead() == nil {
			keep = names[0]
		}
	}
	d.lead.Selected = keep
	d.lead.Refresh()
	d.update()
}

func (d *dispatchDialog) name(login string) string {
	if e, ok := d.execs[login]; ok {
		return domain.ShortName(e.Name)
	}
	return login
}

func (d *dispatchDialog) leadLogin() string {
	for _, l := range d.chosen {
		if d.name(l) == d.lead.Selected {
			return l
		}
	}
	return ""
}

func (d *dispatchDialog) sequential() bool { return d.mode.Selected == modeSequentialText() }

// update writes the preview: to whom, in which order, with which deadline the task goes.
func (d *dispatchDialog) update() {
	if d.preview == nil || d.lead == nil {
		return
	}
	if len(d.chosen) == 0 {
		d.preview.SetText(lang.L("Отметьте исполнителей."))
		d.confirm.Disable()
		return
	}
	d.confirm.Enable()
	due := d.c.DraftsDue
	if d.c.Status == domain.StatusInterimSent && d.c.FinalDraftsDue != nil {
		due = *d.c.FinalDraftsDue
	}
	busy := false
	for _, t := range d.c.Tasks {
		if t.Open() && t.Status != domain.TaskPending {
			busy = true
		}
	}
	lines := []string{lang.L("Поручение по {{.ID}} (тема «[{{.ID}}] …», текст сообщения и {{.N}} влож.):",
		map[string]any{"ID": string(d.c.ID), "N": len(d.c.Attachments)})}
	lead := d.leadLogin()
	for i, l := range d.chosen {
		e := d.execs[l]
		when := lang.L("сразу")
		if d.sequential() && (i > 0 || busy) {
			when = lang.L("после проекта предыдущего исполнителя")
		}
		line := fmt.Sprintf("%d. %s <%s> — %s", i+1, d.name(l), e.Email, when)
		if l == lead {
			line += " · " + lang.L("ответственный")
		}
		lines = append(lines, line)
	}
	lines = append(lines, lang.L("Срок проектов: {{.Due}}", map[string]any{"Due": domain.FormatDateTime(due.In(d.v.location()))}))
	if note := strings.TrimSpace(d.note.Text); note != "" {
		lines = append(lines, lang.L("Примечание: «{{.Note}}»", map[string]any{"Note": note}))
	}
	d.preview.SetText(strings.Join(lines, "\n"))
}

func (d *dispatchDialog) submit() {
	if len(d.chosen) == 0 {
		return
	}
	req := domain.DispatchRequest{To: append([]string{}, d.chosen...), Sequential: d.sequential(), Lead: d.leadLogin(),
		Note: strings.TrimSpace(d.note.Text)}
	ref := string(d.c.ID)
	d.v.act(func(login string) error {
		_, err := d.v.desk.Dispatch(login, ref, req)
		return err
	}, d.dlg.Hide)
}

// ---- Не подлежит отработке (П.14, П.18)

type rejectDialog struct {
	*formDialog
	reason  *widget.Select
	note    *widget.Entry
	preview *widget.Label
}

func (v *View) showReject(c *domain.Case) {
	if c == nil {
		return
	}
	d := &rejectDialog{}
	var names []string
	for _, r := range domain.RejectReasons {
		names = append(names, reasonName(r))
	}
	code := func() string {
		for _, r := range domain.RejectReasons {
			if reasonName(r) == d.reason.Selected {
				return r
			}
		}
		return ""
	}
	update := func() {
		if d.preview == nil {
			return
		}
		if code() == "" {
			d.preview.SetText(lang.L("Выберите причину."))
			return
		}
		d.preview.SetText(lang.L("ДИП ({{.To}}) получит ответ на уведомление по {{.ID}}: сообщение не подлежит отработке — {{.Reason}}.",
			map[string]any{"To": v.departmentAddress(c), "ID": string(c.ID), "Reason": d.reason.Selected}))
	}
	d.reason = widget.NewSelect(names, func(string) { update() })
	d.reason.PlaceHolder = lang.L("причина")
	d.note = widget.NewMultiLineEntry()
	d.note.SetPlaceHolder(lang.L("Пояснение (войдёт в письмо)"))
	d.note.SetMinRowsVisible(2)
	d.preview = previewLabel()
	if len(c.Screening.Reasons) > 0 {
		d.reason.SetSelected(reasonName(c.Screening.Reasons[0]))
	}
	body := container.NewVBox(widget.NewForm(
		widget.NewFormItem(lang.L("Причина"), d.reason),
		widget.NewFormItem(lang.L("Пояснение"), d.note),
	), d.preview)
	d.formDialog = v.newForm(lang.L("Не подлежит отработке: {{.ID}}", map[string]any{"ID": string(c.ID)}), body,
		lang.L("Направить в ДИП"), fyne.NewSize(640, 360), func() {
			reason := code()
			if reason == "" {
				v.showError(errors.New(lang.L("Выберите причину.")))
				return
			}
			note := strings.TrimSpace(d.note.Text)
			v.act(func(login string) error {
				_, err := v.desk.Reject(login, string(c.ID), reason, note)
				return err
			}, d.dlg.Hide)
		})
	update()
	v.rejectDlg = d
}

// ---- Доложить Главе района (П.17)

type escalateDialog struct {
	*formDialog
	note    *widget.Entry
	preview *widget.Label
}

func (v *View) showEscalate(c *domain.Case) {
	if c == nil {
		return
	}
	p := v.desk.Policy()
	d := &escalateDialog{}
	d.note = widget.NewMultiLineEntry()
	d.note.SetPlaceHolder(lang.L("Что доложить (необязательно)"))
	d.note.SetMinRowsVisible(3)
	d.preview = previewLabel()
	d.preview.SetText(lang.L("{{.Head}} ({{.To}}) получит письмо с пометкой «важно»: сообщение {{.ID}}, его текст, вложения ({{.N}}) и исполнители.",
		map[string]any{"Head": p.HeadName, "To": p.HeadAddress, "ID": string(c.ID), "N": len(c.Attachments)}))
	body := container.NewVBox(d.note, d.preview)
	if c.EscalatedAt != nil {
		body.Add(widget.NewLabel(lang.L("Уже доложено: {{.At}}", map[string]any{"At": domain.FormatDateTime(c.EscalatedAt.In(v.location()))})))
	}
	d.formDialog = v.newForm(lang.L("Доложить Главе района: {{.ID}}", map[string]any{"ID": string(c.ID)}), body,
		lang.L("Доложить"), fyne.NewSize(600, 340), func() {
			note := strings.TrimSpace(d.note.Text)
			v.act(func(login string) error {
				_, err := v.desk.Escalate(login, string(c.ID), note)
				return err
			}, d.dlg.Hide)
		})
	v.escalateDlg = d
}

// ---- Повторное сообщение (П.12)

type repeatDialog struct {
	*formDialog
	earlier *widget.Entry
}

func (v *View) showRepeat(c *domain.Case) {
	if c == nil {
		return
	}
	d := &repeatDialog{}
	d.earlier = widget.NewEntry()
	d.earlier.SetPlaceHolder(lang.L("ОТК-2026-0001 или № инцидента"))
	if c.RepeatOf != "" {
		d.earlier.SetText(string(c.RepeatOf))
	} else if c.SuggestedRepeatOf != "" {
		d.earlier.SetText(string(c.SuggestedRepeatOf))
	}
	hint := wrappedLabel(lang.L("Сообщение будет связано с более ранним: по умолчанию поручение уйдёт тем же исполнителям, а ответ должен сообщить о принятых мерах или ходе работ (п. 12 Положения). Писем не отправляется."))
	body := container.NewVBox(widget.NewForm(widget.NewFormItem(lang.L("Повторяет сообщение"), d.earlier)), hint)
	d.formDialog = v.newForm(lang.L("Повторное сообщение: {{.ID}}", map[string]any{"ID": string(c.ID)}), body,
		lang.L("Подтвердить"), fyne.NewSize(600, 300), func() {
			earlier := strings.TrimSpace(d.earlier.Text)
			if earlier == "" {
				v.showError(errors.New(lang.L("Укажите более раннее сообщение")))
				return
			}
			v.act(func(login string) error {
				_, err := v.desk.LinkRepeat(login, string(c.ID), earlier)
				return err
			}, d.dlg.Hide)
		})
	v.repeatDlg = d
}

// ---- Вернуть на доработку (П.8)

type returnDialog struct {
	*formDialog
	executor string
	note     *widget.Entry
}

func (v *View) showReturn(c *domain.Case, t domain.Task) {
	d := &returnDialog{executor: t.Executor}
	d.note = widget.NewMultiLineEntry()
	d.note.SetPlaceHolder(lang.L("Что доработать"))
	d.note.SetMinRowsVisible(3)
	preview := previewLabel()
	preview.SetText(lang.L("{{.Name}} <{{.Email}}> получит письмо в той же переписке: проект ответа по {{.ID}} возвращён на доработку с этим комментарием; срок прежний — {{.Due}}.",
		map[string]any{"Name": domain.ShortName(t.Name), "Email": t.Email, "ID": string(c.ID), "Due": domain.FormatDateTime(t.Due.In(v.location()))}))
	body := container.NewVBox(d.note, preview)
	d.formDialog = v.newForm(lang.L("Вернуть на доработку"), body, lang.L("Вернуть"), fyne.NewSize(600, 320), func() {
		note := strings.TrimSpace(d.note.Text)
		if note == "" {
			v.showError(errors.New(lang.L("Укажите, что доработать")))
			return
		}
		v.act(func(login string) error {
			_, err := v.desk.ReturnDraft(login, string(c.ID), d.executor, note)
			return err
		}, d.dlg.Hide)
	})
	v.returnDlg = d
}

// ---- Согласовать и направить в ДИП (П.7, П.9, П.10, П.13)

type answerConfirmDialog struct {
	*formDialog
	recipient *widget.Label
	warn      *widget.Label // the answer's warnings (П.12, length), nil when there are none
	text      *widget.Label
}

func (v *View) showAnswerConfirm(c *domain.Case, text, kind string, attachDrafts bool) {
	d := &answerConfirmDialog{}
	kindText := kindInterimText()
	if kind == domain.KindFinal {
		kindText = kindFinalText()
	}
	photos := 0
	if attachDrafts {
		for _, dr := range c.Drafts {
			if !dr.Returned {
				photos += len(dr.Attachments)
			}
		}
	}
	d.recipient = previewLabel()
	d.recipient.SetText(lang.L("Кому: ДИП <{{.To}}>, ответом на письмо «{{.Subject}}»\nВид: {{.Kind}} · вложений из проектов: {{.N}}",
		map[string]any{"To": v.departmentAddress(c), "Subject": c.NoticeSubject, "Kind": kindText, "N": photos}))
	d.text = wrappedLabel(text)
	body := container.NewBorder(d.recipient, nil, nil, nil, container.NewVScroll(d.text))
	// П.12 and the network's limit: what the coordinator should see before approving (the same check as `answer`).
	if warnings := domain.AnswerWarnings(c, domain.AnswerRequest{Kind: kind, Text: text, AttachDraftFiles: attachDrafts}); len(warnings) > 0 {
		d.warn = wrappedLabel("⚠ " + strings.Join(warnings, "\n⚠ "))
		d.warn.Importance = widget.WarningImportance
		body = container.NewBorder(container.NewVBox(d.recipient, d.warn), nil, nil, nil, container.NewVScroll(d.text))
	}
	id := c.ID
	d.formDialog = v.newForm(lang.L("Согласовать и направить в ДИП: {{.ID}}", map[string]any{"ID": string(id)}), body,
		lang.L("Согласовать и направить"), fyne.NewSize(700, 520), func() {
			v.act(func(login string) error {
				_, err := v.desk.Answer(login, string(id), domain.AnswerRequest{Kind: kind, Text: text, AttachDraftFiles: attachDrafts})
				return err
			}, func() {
				d.dlg.Hide()
				v.panel.composer.sent(id)
			})
		})
	v.answerDlg = d
}

// ---- Разбор почты

type triageDialog struct {
	dlg     *dialog.CustomDialog
	items   []domain.TriageItem
	tags    map[string]*widget.Entry // by mail id: the case to attach to
	notes   map[string]*widget.Entry // by mail id: why it is closed
	attach  map[string]*widget.Button
	dismiss map[string]*widget.Button
}

func (v *View) showTriage() {
	d := &triageDialog{items: v.triage, tags: map[string]*widget.Entry{}, notes: map[string]*widget.Entry{},
		attach: map[string]*widget.Button{}, dismiss: map[string]*widget.Button{}}
	list := container.NewVBox()
	if len(d.items) == 0 {
		list.Add(widget.NewLabel(lang.L("Писем для разбора нет.")))
	}
	for _, it := range d.items {
		it := it
		head := widget.NewLabelWithStyle(domain.FormatDateTime(it.ReceivedAt.In(v.location()))+" · "+it.From+" · "+it.Subject,
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.Wrapping = fyne.TextWrapWord
		body := wrappedLabel(it.Reason + "\n" + it.Excerpt)
		tag := widget.NewEntry()
		tag.SetPlaceHolder(lang.L("ОТК-… или № инцидента"))
		note := widget.NewEntry()
		note.SetPlaceHolder(lang.L("почему закрыть без привязки"))
		attach := widget.NewButton(lang.L("Привязать к сообщению"), func() {
			ref := strings.TrimSpace(tag.Text)
			if ref == "" {
				v.showError(errors.New(lang.L("Укажите сообщение")))
				return
			}
			v.act(func(login string) error { return v.desk.TriageAttach(login, it.MailID, ref) }, d.dlg.Hide)
		})
		dismiss := widget.NewButton(lang.L("Закрыть без привязки"), func() {
			n := strings.TrimSpace(note.Text)
			if n == "" {
				v.showError(errors.New(lang.L("Укажите, почему письмо закрывается без привязки")))
				return
			}
			v.act(func(login string) error { return v.desk.TriageDismiss(login, it.MailID, n) }, d.dlg.Hide)
		})
		enable(attach, v.canWork)
		enable(dismiss, v.canWork)
		d.tags[it.MailID], d.notes[it.MailID], d.attach[it.MailID], d.dismiss[it.MailID] = tag, note, attach, dismiss
		list.Add(head)
		list.Add(body)
		list.Add(container.NewGridWithColumns(2, container.NewBorder(nil, nil, nil, attach, tag),
			container.NewBorder(nil, nil, nil, dismiss, note)))
		list.Add(widget.NewSeparator())
	}
	closeBtn := widget.NewButton(lang.L("Закрыть"), func() { d.dlg.Hide() })
	d.dlg = dialog.NewCustomWithoutButtons(lang.L("Разбор почты"),
		container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), closeBtn), nil, nil, container.NewVScroll(list)), v.win)
	d.dlg.Resize(fyne.NewSize(820, 560))
	d.dlg.Show()
	v.triageDlg = d
}

// ---- Исходящие: письма с ошибкой отправки

type outboxDialog struct {
	dlg   *dialog.CustomDialog
	retry map[string]*widget.Button // by outbox id
}

func (v *View) showOutbox() {
	login := v.currentUser()
	v.spawn(func() func() {
		items, err := v.desk.OutboxView(login, domain.OutFailed, domain.OutUncertain)
		return func() {
			if err != nil {
				v.showError(err)
				return
			}
			d := &outboxDialog{retry: map[string]*widget.Button{}}
			list := container.NewVBox()
			if len(items) == 0 {
				list.Add(widget.NewLabel(lang.L("Все письма отправлены или ждут своей очереди.")))
			}
			for _, o := range items {
				id := o.ID
				l := wrappedLabel(domain.FormatDateTime(o.QueuedAt.In(v.location())) + " · " + strings.Join(o.To, ", ") +
					" · " + o.Subject + "\n" + outboxStateName(o.State) + ": " + o.LastError)
				b := widget.NewButton(lang.L("Отправить ещё раз"), func() {
					v.act(func(login string) error { return v.desk.RetryOutbox(login, id) }, func() {
						d.retry[id].Disable()
						if v.deps.Kick != nil {
							v.deps.Kick()
						}
					})
				})
				enable(b, v.canWork)
				d.retry[id] = b
				list.Add(container.NewBorder(nil, nil, nil, b, l))
			}
			closeBtn := widget.NewButton(lang.L("Закрыть"), func() { d.dlg.Hide() })
			d.dlg = dialog.NewCustomWithoutButtons(lang.L("Исходящие: письма, не дошедшие до сервера"),
				container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), closeBtn), nil, nil, container.NewVScroll(list)), v.win)
			d.dlg.Resize(fyne.NewSize(760, 440))
			d.dlg.Show()
			v.outboxDlg = d
		}
	})
}
