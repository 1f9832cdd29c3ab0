package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
	"otklik/ui/queue"
)

// queuePanel is the left side: the quick filters, the status choice, the search, and the virtualised list.
type queuePanel struct {
	v *View

	all, overdue, today, significant, triage *widget.Button
	status                                   *widget.Select
	search                                   *widget.Entry
	list                                     *widget.List
	empty                                    *widget.Label

	// rows are every row object the list has created (it recycles them): the ticker refreshes their countdowns
	// in place instead of calling List.RefreshItem, which in Fyne 2.7.1 refreshes the whole list for each id.
	rows    []*queueRow
	counts  queue.Counts
	nTriage int

	narrow  *narrowing
	filters fyne.CanvasObject
	content fyne.CanvasObject
}

func newQueuePanel(v *View) *queuePanel {
	q := &queuePanel{v: v}
	q.all = widget.NewButton(lang.L("Все"), func() { q.setQuick(queue.All) })
	q.overdue = widget.NewButton(lang.L("Просроченные"), func() { q.setQuick(queue.Overdue) })
	q.today = widget.NewButton(lang.L("Срок сегодня"), func() { q.setQuick(queue.DueToday) })
	q.significant = widget.NewButton(lang.L("Социально значимые"), func() { q.setQuick(queue.Significant) })
	q.triage = widget.NewButton(lang.L("Разбор почты"), v.showTriage)
	choices := statusChoices()
	q.status = widget.NewSelect(choices, func(s string) { q.setStatus(s) })
	q.status.SetSelected(choices[0])
	q.search = widget.NewEntry()
	q.search.SetPlaceHolder(lang.L("Поиск: текст, автор, ОТК-…, № инцидента"))
	q.search.OnChanged = func(s string) {
		v.filter.Query = s
		v.applyFilter()
	}
	q.list = widget.NewList(
		func() int { return q.v.model.Len() },
		func() fyne.CanvasObject {
			r := newQueueRow()
			q.rows = append(q.rows, r)
			return r
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { q.bind(o.(*queueRow), id, v.desk.Now()) },
	)
	q.list.OnSelected = func(id widget.ListItemID) {
		if e := q.v.model.At(id); e != nil && e.Case.ID != v.openCaseID {
			v.openCase(e.Case.ID)
		}
	}
	q.empty = widget.NewLabelWithStyle(lang.L("Нет сообщений"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	q.empty.Hide()
	left := container.NewHBox(q.all, q.overdue, q.today, q.significant, q.triage, q.status)
	q.narrow = newNarrowing(v)
	q.filters = container.NewVBox(container.NewBorder(nil, nil, left, nil, q.search), q.narrow.content)
	q.content = container.NewStack(q.list, container.NewVBox(q.empty))
	q.setCounts(queue.Counts{})
	q.markQuick()
	return q
}

func (q *queuePanel) setQuick(k queue.Quick) {
	q.v.filter.Quick = k
	q.markQuick()
	q.v.applyFilter()
}

func (q *queuePanel) markQuick() {
	for k, b := range map[queue.Quick]*widget.Button{queue.All: q.all, queue.Overdue: q.overdue,
		queue.DueToday: q.today, queue.Significant: q.significant} {
		imp := widget.MediumImportance
		if q.v.filter.Quick == k {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
}

func (q *queuePanel) setStatus(choice string) {
	want := domain.Status("")
	switch choice {
	case lang.L("в работе"):
		want = queue.Open
	case lang.L("все состояния"):
	default:
		for _, s := range domain.Statuses {
			if statusName(&domain.Case{Status: s}) == choice {
				want = s
			}
		}
	}
	q.v.filter.Status = want
	if q.v.model != nil && q.list != nil {
		q.v.applyFilter()
	}
	// Closed cases are read only when asked for (View.Refresh): switching to them loads them.
	closed := want != queue.Open && !want.Open()
	if q.v.wantClosed.Swap(closed) != closed && closed && q.v.currentUser() != "" {
		q.v.Refresh()
	}
}

func (q *queuePanel) setCounts(c queue.Counts) {
	q.counts = c
	set := func(b *widget.Button, word string, n int) {
		text := word
		if n > 0 {
			text = word + " " + strconv.Itoa(n)
		}
		b.SetText(text)
	}
	set(q.all, lang.L("Все"), 0)
	set(q.overdue, lang.L("Просроченные"), c.Overdue)
	set(q.today, lang.L("Срок сегодня"), c.DueToday)
	set(q.significant, lang.L("Социально значимые"), c.Significant)
	set(q.triage, lang.L("Разбор почты"), q.nTriage)
}

func (q *queuePanel) setTriageCount(n int) {
	q.nTriage = n
	q.setCounts(q.counts)
}

// showModel shows the filtered rows and keeps the open case selected when it is still among them.
func (q *queuePanel) showModel(m *queue.Model, open domain.CaseID) {
	q.list.Refresh()
	if m.Len() == 0 {
		q.empty.Show()
	} else {
		q.empty.Hide()
	}
	if open == "" {
		return
	}
	if pos := m.Position(open); pos >= 0 {
		q.list.Select(pos) // OnSelected ignores the case already open
	} else {
		q.list.UnselectAll()
	}
}

func (q *queuePanel) bind(r *queueRow, id int, now time.Time) {
	r.id = id
	e := q.v.model.At(id)
	if e == nil {
		r.caseID = ""
		return
	}
	c := e.Case
	r.caseID = c.ID
	r.title.SetText(string(c.ID) + "  " + networkShort(c.Network) + "  " + c.Settlement)
	r.status.SetText(statusName(c))
	r.excerpt.SetText(e.Excerpt)
	r.executors.SetText(e.Executors)
	flags := ""
	if c.SociallySignificant {
		flags = "●"
	}
	r.flag.SetText(flags)
	q.refreshRow(r, now)
}

// refreshCountdowns is the ticker's work: only the rows the list has created, which are the ones on screen
// (plus a few it keeps for reuse).
func (q *queuePanel) refreshCountdowns(now time.Time) {
	for _, r := range q.rows {
		q.refreshRow(r, now)
	}
}

func (q *queuePanel) refreshRow(r *queueRow, now time.Time) {
	e := q.v.model.At(r.id)
	if e == nil || e.Case.ID != r.caseID {
		return // a row kept for reuse, bound to an older model
	}
	cd := countdownFor(q.v.desk, e.Case, now)
	text := cd.Text
	if text == "" {
		text = statusName(e.Case)
	}
	if r.countdown.Text != text {
		r.countdown.SetText(text)
	}
	if r.pause.Text != cd.Pause {
		r.pause.SetText(cd.Pause)
	}
	if r.urgency != cd.Urgency || !r.colored {
		r.urgency, r.colored = cd.Urgency, true
		r.bar.FillColor = q.v.app.Settings().Theme().Color(urgencyColor(cd.Urgency), q.v.app.Settings().ThemeVariant())
		r.bar.Refresh()
	}
}

// queueRow is one case in the list: a coloured bar and three compact lines.
type queueRow struct {
	widget.BaseWidget
	id      int
	caseID  domain.CaseID
	urgency urgency
	colored bool

	bar                         *canvas.Rectangle
	title, status, flag         *widget.Label
	excerpt                     *widget.Label
	countdown, pause, executors *widget.Label
	content                     fyne.CanvasObject
}

func newQueueRow() *queueRow {
	r := &queueRow{id: -1}
	r.bar = canvas.NewRectangle(theme.Color(theme.ColorNameDisabled))
	r.bar.SetMinSize(fyne.NewSize(6, 0))
	r.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.status = widget.NewLabel("")
	r.status.SizeName = theme.SizeNameCaptionText
	r.flag = widget.NewLabel("")
	r.flag.Importance = widget.DangerImportance
	r.excerpt = widget.NewLabel("")
	r.excerpt.Truncation = fyne.TextTruncateEllipsis
	r.countdown = widget.NewLabel("")
	r.pause = widget.NewLabel("")
	r.pause.Importance = widget.LowImportance
	r.executors = widget.NewLabel("")
	r.executors.Truncation = fyne.TextTruncateEllipsis
	r.executors.SizeName = theme.SizeNameCaptionText
	r.executors.Alignment = fyne.TextAlignTrailing
	lines := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(r.flag, r.status), r.title),
		r.excerpt,
		container.NewBorder(nil, nil, container.NewHBox(r.countdown, r.pause), nil, r.executors),
	)
	r.content = container.NewThemeOverride(container.NewBorder(nil, nil, r.bar, nil, lines),
		compactTheme{Theme: theme.Current()})
	r.ExtendBaseWidget(r)
	return r
}

func (r *queueRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }
