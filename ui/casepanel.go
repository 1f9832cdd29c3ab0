package ui

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// casePanel is the right side: the open case in tabs, and the actions on it.
type casePanel struct {
	v *View
	c *domain.Case
	j domain.CaseJSON

	empty     *widget.Label
	title     *widget.Label
	byline    *widget.Label
	openPost  *widget.Button
	countdown *widget.Label
	pause     *widget.Label

	tabs        *container.AppTabs
	text        *widget.Label
	flags       *widget.Label
	deadlines   *widget.Label
	attachments *widget.Label
	attachBox   *fyne.Container // open / save each attachment, the raw e-mail
	original    *widget.Label

	tasks         *fyne.Container
	returnButtons map[string]*widget.Button // by executor login: «Вернуть на доработку» of her draft
	// confirmButtons: by executor login, «Подтвердить привязку» and «в разбор почты» of a draft tied by sender only
	confirmButtons map[string][2]*widget.Button
	composer       *composer
	history        *fyne.Container

	dispatch, reject, escalate, repeat *widget.Button

	body    fyne.CanvasObject
	content fyne.CanvasObject
}

func newCasePanel(v *View) *casePanel {
	p := &casePanel{v: v, returnButtons: map[string]*widget.Button{}, confirmButtons: map[string][2]*widget.Button{}}
	p.empty = widget.NewLabelWithStyle(lang.L("Выберите сообщение в очереди"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.title.Wrapping = fyne.TextWrapWord
	p.byline = wrappedLabel("")
	p.openPost = widget.NewButtonWithIcon(lang.L("открыть пост ↗"), theme.ComputerIcon(), p.openLink)
	p.countdown = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.pause = widget.NewLabel("")
	p.pause.Importance = widget.LowImportance

	p.text = wrappedLabel("")
	p.text.Selectable = true
	p.flags = wrappedLabel("")
	p.flags.Importance = widget.WarningImportance
	p.deadlines = wrappedLabel("")
	p.attachments = wrappedLabel("")
	p.original = wrappedLabel("")
	p.original.Importance = widget.LowImportance
	p.attachBox = container.NewVBox()
	message := container.NewVScroll(container.NewVBox(p.text, widget.NewSeparator(), p.deadlines, p.flags,
		p.attachments, p.attachBox, p.original))

	p.tasks = container.NewVBox()
	p.composer = newComposer(v)
	p.history = container.NewVBox()

	p.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Сообщение"), message),
		container.NewTabItem(lang.L("Исполнители"), container.NewVScroll(p.tasks)),
		container.NewTabItem(lang.L("Ответ"), p.composer.content),
		container.NewTabItem(lang.L("История"), container.NewVScroll(p.history)),
	)

	p.dispatch = widget.NewButton(lang.L("Направить исполнителям"), func() { v.showDispatch(p.c) })
	p.dispatch.Importance = widget.HighImportance
	p.reject = widget.NewButton(lang.L("Не подлежит отработке"), func() { v.showReject(p.c) })
	p.escalate = widget.NewButton(lang.L("Доложить Главе района"), func() { v.showEscalate(p.c) })
	p.repeat = widget.NewButton(lang.L("Повторное сообщение"), func() { v.showRepeat(p.c) })
	actions := container.NewHBox(p.dispatch, p.reject, p.escalate, p.repeat)

	header := container.NewVBox(p.title, container.NewBorder(nil, nil, nil, p.openPost, p.byline),
		container.NewHBox(p.countdown, p.pause))
	p.body = container.NewBorder(header, actions, nil, nil, p.tabs)
	p.content = container.NewStack(container.NewCenter(p.empty), p.body)
	p.show(nil, domain.CaseJSON{})
	return p
}

// show puts a case in the panel (nil: nothing chosen).
func (p *casePanel) show(c *domain.Case, j domain.CaseJSON) {
	same := c != nil && p.c != nil && c.ID == p.c.ID
	p.c, p.j = c, j
	if c == nil {
		p.body.Hide()
		p.empty.Show()
		p.composer.load(nil)
		return
	}
	p.empty.Hide()
	p.body.Show()
	loc := p.v.location()

	title := []string{string(c.ID)}
	if len(c.IncidentIDs) > 0 {
		title = append(title, lang.L("инцидент № {{.N}}", map[string]any{"N": strings.Join(c.IncidentIDs, ", ")}))
	}
	title = append(title, networkName(c.Network), statusName(c))
	p.title.SetText(strings.Join(title, " · "))
	p.byline.SetText(joinNonEmpty(" · ", c.Author, c.Source, c.Settlement, c.Category))
	if c.URL == "" {
		p.openPost.Hide()
	} else {
		p.openPost.Show()
	}

	p.text.SetText(c.Text)
	p.deadlines.SetText(deadlinesText(c, loc))
	p.flags.SetText(flagsText(c, loc))
	p.attachments.SetText(attachmentsText(c.Attachments))
	p.attachBox.Objects = []fyne.CanvasObject{p.attachmentRows(c)}
	p.attachBox.Refresh()
	if c.Unrecognised != "" {
		p.original.SetText(lang.L("Не распознано в уведомлении ДИП:") + "\n" + c.Unrecognised)
	} else {
		p.original.SetText("")
	}
	p.showTasks(c, j, loc)
	p.showHistory(j, loc)
	if !same {
		p.composer.load(c)
	} else {
		p.composer.update(c)
	}
	p.refreshCountdown(p.v.desk.Now())

	open := c.Status.Open()
	enable(p.dispatch, p.v.canWork && open)
	enable(p.reject, p.v.canWork && (c.Status == domain.StatusNew || c.Status == domain.StatusDispatched ||
		c.Status == domain.StatusDraftsReceived))
	enable(p.escalate, p.v.canWork && c.Status != domain.StatusRejected)
	enable(p.repeat, p.v.canWork)
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

func (p *casePanel) refreshCountdown(now time.Time) {
	if p.c == nil {
		return
	}
	cd := countdownFor(p.v.desk, p.c, now)
	if p.countdown.Text != cd.Text {
		p.countdown.SetText(cd.Text)
	}
	if p.pause.Text != cd.Pause {
		p.pause.SetText(cd.Pause)
	}
}

func (p *casePanel) openLink() {
	if p.c == nil || p.c.URL == "" {
		return
	}
	u, err := url.Parse(p.c.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		p.v.showError(fmt.Errorf("%s", lang.L("Ссылка на пост не похожа на адрес сайта: {{.URL}}", map[string]any{"URL": p.c.URL})))
		return
	}
	if err := p.v.openURL(u); err != nil {
		p.v.showError(err)
	}
}

func shortTime(t time.Time, loc *time.Location) string { return t.In(loc).Format("02.01 15:04") }

// deadlinesText is «Срок проектов: 13.01 16:22 · Срок ответа: 14.01 09:22» and, after an interim answer, the
// final deadlines; a deadline the Department stated is shown beside the regulation's one (the earlier rules).
func deadlinesText(c *domain.Case, loc *time.Location) string {
	lines := []string{lang.L("Срок проектов: {{.Drafts}} · Срок ответа: {{.Answer}}",
		map[string]any{"Drafts": shortTime(c.DraftsDue, loc), "Answer": shortTime(c.AnswerDue, loc)})}
	if c.StatedDue != nil {
		lines = append(lines, lang.L("Срок, указанный ДИП: {{.Stated}}; по Положению (7 рабочих часов): {{.Computed}}",
			map[string]any{"Stated": shortTime(*c.StatedDue, loc), "Computed": shortTime(c.ComputedAnswerDue, loc)}))
	}
	lines = append(lines, lang.L("Получено: {{.Received}} · отсчёт с {{.Start}}",
		map[string]any{"Received": domain.FormatDateTime(c.ReceivedAt.In(loc)), "Start": shortTime(c.ClockStart, loc)}))
	if c.InterimSentAt != nil && c.FinalDue != nil {
		fd := ""
		if c.FinalDraftsDue != nil {
			fd = shortTime(*c.FinalDraftsDue, loc)
		}
		lines = append(lines, lang.L("Промежуточный ответ: {{.Interim}} · Срок окончательных проектов: {{.Drafts}} · Срок окончательного ответа: {{.Final}}",
			map[string]any{"Interim": shortTime(*c.InterimSentAt, loc), "Drafts": fd, "Final": shortTime(*c.FinalDue, loc)}))
	}
	if c.FinalSentAt != nil {
		lines = append(lines, lang.L("Окончательный ответ направлен: {{.At}}", map[string]any{"At": domain.FormatDateTime(c.FinalSentAt.In(loc))}))
	}
	return strings.Join(lines, "\n")
}

func flagsText(c *domain.Case, loc *time.Location) string {
	var lines []string
	if c.SociallySignificant {
		lines = append(lines, lang.L("● Социально значимое (п. 17 Положения)"))
	} else if c.SignificanceSuggested {
		lines = append(lines, lang.L("Возможно, социально значимое: в тексте есть ключевые слова из настроек — решите, докладывать ли Главе района (п. 17)"))
	}
	if c.EscalatedAt != nil {
		lines = append(lines, lang.L("Доложено Главе района: {{.At}}", map[string]any{"At": domain.FormatDateTime(c.EscalatedAt.In(loc))}))
	}
	if c.Priority {
		lines = append(lines, lang.L("Срочное (пометка ДИП)"))
	}
	if len(c.SurgeWith) > 0 {
		ids := make([]string, len(c.SurgeWith))
		for i, id := range c.SurgeWith {
			ids[i] = string(id)
		}
		lines = append(lines, lang.L("● Повышенная социальная активность: ещё {{.N}} сообщ. {{.About}} ({{.IDs}}) — «Доложить Главе района» отправит их списком (п. 17)",
			map[string]any{"N": len(c.SurgeWith), "About": c.SurgeAbout(), "IDs": strings.Join(ids, ", ")}))
	}
	switch {
	case c.RepeatOf != "":
		lines = append(lines, lang.L("Повторное сообщение к {{.ID}} (п. 12 Положения)", map[string]any{"ID": string(c.RepeatOf)}))
	case c.SuggestedRepeatOf != "":
		lines = append(lines, lang.L("Предложено как повторное к {{.ID}} — подтвердите кнопкой «Повторное сообщение»",
			map[string]any{"ID": string(c.SuggestedRepeatOf)}))
	case c.DepartmentRepeat:
		lines = append(lines, lang.L("ДИП отметил сообщение как повторное (п. 12 Положения); прежнее сообщение не найдено — укажите его кнопкой «Повторное сообщение»"))
	}
	if c.Screening.Suggested {
		var reasons []string
		for _, r := range c.Screening.Reasons {
			reasons = append(reasons, reasonName(r))
		}
		line := lang.L("Проверка текста: возможно, не подлежит отработке — {{.Reasons}}", map[string]any{"Reasons": strings.Join(reasons, "; ")})
		if len(c.Screening.Fragments) > 0 {
			line += " («" + strings.Join(c.Screening.Fragments, "», «") + "»)"
		}
		lines = append(lines, line)
	}
	if c.ReopenedAt != nil {
		lines = append(lines, lang.L("Возвращено ДИП на доработку: {{.At}}", map[string]any{"At": domain.FormatDateTime(c.ReopenedAt.In(loc))}))
	}
	if c.Status == domain.StatusRejected {
		line := lang.L("Не подлежит отработке: {{.Reason}}", map[string]any{"Reason": reasonName(c.RejectReason)})
		if c.RejectNote != "" {
			line += " — " + c.RejectNote
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func attachmentsText(atts []domain.Attachment) string {
	if len(atts) == 0 {
		return ""
	}
	lines := []string{lang.L("Вложения:")}
	for _, a := range atts {
		lines = append(lines, "  "+a.Name+" ("+sizeText(a.Size)+")")
	}
	return strings.Join(lines, "\n")
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f МБ", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d КБ", n>>10)
	}
	return fmt.Sprintf("%d Б", n)
}

// showTasks lists the executors with their tasks and drafts.
func (p *casePanel) showTasks(c *domain.Case, j domain.CaseJSON, loc *time.Location) {
	p.tasks.RemoveAll()
	p.returnButtons = map[string]*widget.Button{}
	p.confirmButtons = map[string][2]*widget.Button{}
	if len(c.Tasks) == 0 {
		p.tasks.Add(widget.NewLabel(lang.L("Поручения ещё не направлялись.")))
		return
	}
	mode := lang.L("параллельно")
	if c.Sequential {
		mode = lang.L("по очереди")
	}
	p.tasks.Add(widget.NewLabel(lang.L("Исполнители ({{.Mode}}):", map[string]any{"Mode": mode})))
	for i, t := range c.Tasks {
		name := t.Name
		if name == "" {
			name = t.Email
		}
		head := fmt.Sprintf("%d. %s", i+1, domain.ShortName(name))
		if t.Position != "" {
			head += " — " + t.Position
		}
		if t.Lead {
			head += " · " + lang.L("ответственный")
		}
		state := []string{taskStatusName(t.Status), lang.L("срок {{.Due}}", map[string]any{"Due": shortTime(t.Due, loc)})}
		if i < len(j.Tasks) && j.Tasks[i].Overdue {
			state = append(state, lang.L("просрочено"))
		}
		if t.ExecutorAway {
			state = append(state, lang.L("исполнитель отсутствует"))
		}
		if t.NeedsConfirmation {
			state = append(state, lang.L("проект привязан по адресу отправителя — проверьте"))
		}
		if t.Status == domain.TaskBounced && t.BounceReason != "" {
			state = append(state, t.BounceReason)
		}
		if t.Final {
			state = append(state, lang.L("к окончательному ответу"))
		}
		headLabel := widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		headLabel.Wrapping = fyne.TextWrapWord
		stateLabel := wrappedLabel(strings.Join(state, " · ") + " · " + t.Email)
		p.tasks.Add(headLabel)
		p.tasks.Add(stateLabel)
		for _, d := range c.Drafts {
			if d.TaskID != t.ID {
				continue
			}
			p.tasks.Add(p.draftView(c, t, d, loc))
		}
		p.tasks.Add(widget.NewSeparator())
	}
}

func (p *casePanel) draftView(c *domain.Case, t domain.Task, d domain.Draft, loc *time.Location) fyne.CanvasObject {
	kind := lang.L("Проект ответа")
	if d.Kind == domain.KindFinal {
		kind = lang.L("Проект окончательного ответа")
	}
	head := widget.NewLabel(kind + " " + lang.L("от {{.At}}", map[string]any{"At": domain.FormatDateTime(d.At.In(loc))}))
	head.Importance = widget.LowImportance
	text := wrappedLabel(d.Text)
	text.Selectable = true
	box := container.NewVBox(head, text)
	if att := attachmentsText(d.Attachments); att != "" {
		box.Add(widget.NewLabel(att))
	}
	if d.Returned {
		note := wrappedLabel(lang.L("Возвращено на доработку: {{.Note}}", map[string]any{"Note": d.ReturnNote}))
		note.Importance = widget.WarningImportance
		box.Add(note)
	} else if t.Status == domain.TaskDraftReceived {
		b := widget.NewButton(lang.L("Вернуть на доработку"), func() { p.v.showReturn(c, t) })
		enable(b, p.v.canWork && c.Status.Open())
		p.returnButtons[t.Executor] = b
		row := container.NewHBox(b)
		if d.NeedsConfirmation {
			// П.8: tied by the sender's address only; the coordinator confirms or sends it to triage.
			id, executor := string(c.ID), t.Executor
			confirm := widget.NewButton(lang.L("Подтвердить привязку"), func() {
				p.v.act(func(login string) error { _, err := p.v.desk.ConfirmDraft(login, id, executor); return err }, nil)
			})
			detach := widget.NewButton(lang.L("Не к этому сообщению — в разбор почты"), func() {
				p.v.act(func(login string) error { _, err := p.v.desk.DetachDraft(login, id, executor); return err }, nil)
			})
			enable(confirm, p.v.canWork)
			enable(detach, p.v.canWork)
			p.confirmButtons[executor] = [2]*widget.Button{confirm, detach}
			row.Add(confirm)
			row.Add(detach)
		}
		box.Add(row)
	}
	return box
}

// showHistory lists the audit lines of the case (time, who, what) and its e-mails with their state.
func (p *casePanel) showHistory(j domain.CaseJSON, loc *time.Location) {
	p.history.RemoveAll()
	for _, e := range j.History {
		l := wrappedLabel(domain.FormatDateTime(e.At.In(loc)) + " · " + e.ActorName + " · " + historyWhat(e))
		p.history.Add(l)
	}
	if len(j.Outbox) == 0 {
		return
	}
	p.history.Add(widget.NewSeparator())
	p.history.Add(widget.NewLabelWithStyle(lang.L("Письма по сообщению"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, o := range j.Outbox {
		line := domain.FormatDateTime(o.QueuedAt.In(loc)) + " · " + strings.Join(o.To, ", ") + " · " + o.Subject + " · " + outboxStateName(o.State)
		if o.LastError != "" {
			line += " — " + o.LastError
		}
		l := wrappedLabel(line)
		if o.State == domain.OutFailed || o.State == domain.OutUncertain {
			l.Importance = widget.DangerImportance
		}
		p.history.Add(l)
	}
}
