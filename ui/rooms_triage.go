package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// triageRoom is «Разбор почты» as a room (П.5): every e-mail that matched nothing, with the reason it did not,
// to be tied to a case or closed with a note — never dropped. The rows keep what the coordinator typed across the
// reloads that follow each sync; a row goes when its e-mail is no longer open.
type triageRoom struct {
	r        *rooms
	canWork  bool
	list     *fyne.Container
	body     *fyne.Container // empty + list
	empty    *widget.Label
	banner   *widget.Label
	message  *widget.Label
	rows     map[string]*triageRow // by mail id
	order    []string
	caseTags []string // the open cases offered in the case choice, most urgent first
	content  fyne.CanvasObject
}

type triageRow struct {
	item    domain.TriageItem
	head    *widget.Label
	reason  *widget.Label
	excerpt *widget.Label
	caseRef *widget.SelectEntry
	note    *widget.Entry
	attach  *widget.Button
	dismiss *widget.Button
	box     fyne.CanvasObject
}

func newTriageRoom(r *rooms) *triageRoom {
	t := &triageRoom{r: r, rows: map[string]*triageRow{}}
	t.list = container.NewVBox()
	t.empty = widget.NewLabel(lang.L("Писем для разбора нет."))
	t.banner = readOnlyBanner(lang.L("Только просмотр: разбирает почту координатор (или заместитель в период отсутствия)."))
	t.message = messageLabel()
	intro := wrappedLabel(lang.L("Письма, которые не удалось связать ни с сообщением, ни с поручением. Привяжите письмо к сообщению или закройте его с пояснением: письма не удаляются."))
	top := container.NewVBox(intro, t.banner, t.message)
	t.body = container.NewVBox(t.empty, t.list)
	t.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(t.body))
	return t
}

func (t *triageRoom) setActor(_ domain.Actor, canWork bool) {
	t.canWork = canWork
	showIf(t.banner, !canWork)
	say(t.message, "", false)
	for _, row := range t.rows {
		enable(row.attach, canWork)
		enable(row.dismiss, canWork)
	}
}

// show puts the open items in place, keeping the rows (and what was typed in them) of items still open.
func (t *triageRoom) show(items []domain.TriageItem, cases []*domain.Case) {
	t.caseTags = t.caseTags[:0]
	for _, c := range cases {
		if c.Status.Open() && len(t.caseTags) < 200 {
			t.caseTags = append(t.caseTags, string(c.ID))
		}
	}
	open := map[string]bool{}
	t.order = t.order[:0]
	t.list.RemoveAll()
	for _, it := range items {
		open[it.MailID] = true
		row := t.rows[it.MailID]
		if row == nil {
			row = t.newRow(it)
			t.rows[it.MailID] = row
		}
		row.caseRef.SetOptions(t.caseTags)
		t.order = append(t.order, it.MailID)
		t.list.Add(row.box)
	}
	for id := range t.rows {
		if !open[id] {
			delete(t.rows, id)
		}
	}
	showIf(t.empty, len(items) == 0)
	t.body.Refresh()
}

func (t *triageRoom) newRow(it domain.TriageItem) *triageRow {
	v := t.r.v
	row := &triageRow{item: it}
	row.head = widget.NewLabelWithStyle(domain.FormatDateTime(it.ReceivedAt.In(v.location()))+" · "+it.From+" · "+it.Subject,
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	row.head.Wrapping = fyne.TextWrapWord
	row.reason = wrappedLabel(lang.L("Почему не разобрано: {{.Reason}}", map[string]any{"Reason": it.Reason}))
	row.reason.Importance = widget.WarningImportance
	row.excerpt = wrappedLabel(it.Excerpt)
	row.caseRef = widget.NewSelectEntry(nil)
	row.caseRef.SetPlaceHolder(lang.L("ОТК-… или № инцидента"))
	row.note = widget.NewEntry()
	row.note.SetPlaceHolder(lang.L("почему закрыть без привязки"))
	mailID := it.MailID
	row.attach = widget.NewButton(lang.L("Привязать к сообщению"), func() {
		ref := strings.TrimSpace(row.caseRef.Text)
		if ref == "" {
			say(t.message, lang.L("Укажите сообщение"), true)
			return
		}
		t.r.run(t.message, func(login string) error { return v.desk.TriageAttach(login, mailID, ref) }, func() {
			say(t.message, lang.L("Письмо «{{.Subject}}» привязано к сообщению {{.Ref}}", map[string]any{"Subject": it.Subject, "Ref": ref}), false)
			v.Refresh()
		})
	})
	row.dismiss = widget.NewButton(lang.L("Закрыть без привязки"), func() {
		note := strings.TrimSpace(row.note.Text)
		if note == "" {
			say(t.message, lang.L("Укажите, почему письмо закрывается без привязки"), true)
			return
		}
		t.r.run(t.message, func(login string) error { return v.desk.TriageDismiss(login, mailID, note) }, func() {
			say(t.message, lang.L("Письмо «{{.Subject}}» закрыто: {{.Note}}", map[string]any{"Subject": it.Subject, "Note": note}), false)
			v.Refresh()
		})
	})
	enable(row.attach, t.canWork)
	enable(row.dismiss, t.canWork)
	row.box = container.NewVBox(row.head, row.reason, row.excerpt,
		container.NewGridWithColumns(2, container.NewBorder(nil, nil, nil, row.attach, row.caseRef),
			container.NewBorder(nil, nil, nil, row.dismiss, row.note)),
		widget.NewSeparator())
	return row
}
