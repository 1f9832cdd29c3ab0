package ui

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
	"otklik/reports"
)

// dashboardRoom is «Сводка»: the summary report of the current month in the window (П.16, Р.2), with the same
// charts as the PDF drawn from Fyne's canvas primitives.
type dashboardRoom struct {
	v       *View
	figures *widget.Label
	charts  *fyne.Container
	content fyne.CanvasObject
	// bars are the drawn bars by chart and label, for tests.
	bars map[string]*canvas.Rectangle
}

func newDashboardRoom(v *View) *dashboardRoom {
	d := &dashboardRoom{v: v, figures: wrappedLabel(""), charts: container.NewVBox(), bars: map[string]*canvas.Rectangle{}}
	d.content = container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Сводка за текущий месяц"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.figures, d.charts))
	return d
}

// load reads every case (the queue holds only open ones) and shows the month's summary.
func (d *dashboardRoom) load() {
	login := d.v.currentUser()
	if login == "" {
		return
	}
	d.v.spawn(func() func() {
		cases, err := d.v.desk.Cases(login)
		return func() {
			if err != nil {
				d.v.showError(err)
				return
			}
			d.show(cases, d.v.desk.Now())
		}
	})
}

// show rebuilds the summary from the cases (UI goroutine).
func (d *dashboardRoom) show(cases []*domain.Case, now time.Time) {
	p := d.v.desk.Policy()
	loc := p.Location
	if loc == nil {
		loc = time.Local
	}
	n := now.In(loc)
	from := time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, loc)
	period := reports.Period{From: from, To: from.AddDate(0, 1, -1)}
	s := reports.BuildSummary(cases, period, reports.Options{OrgName: p.OrgName, Calc: d.v.desk.Calc(), Now: now,
		SurgeCases: p.SurgeCases, SurgeWindow: p.SurgeWindow, DispatchPrompt: p.Deadlines.DispatchPrompt})
	median := "—"
	if s.Answered > 0 {
		median = domain.FormatDuration(s.MedianToInterim)
	}
	d.figures.SetText(fmt.Sprintf(lang.L("%s: сообщений %d, в работе %d; промежуточный ответ в срок: %d из %d (%.0f%%); медиана до первого ответа %s; повторных %d; не подлежат отработке %d; доложено Главе %d."),
		period.Label(), s.Total, s.Open, s.OnTime, s.Due, s.OnTimeShare*100, median,
		s.Repeats, s.RejectedTotal, s.Escalations))
	d.bars = map[string]*canvas.Rectangle{}
	d.charts.Objects = []fyne.CanvasObject{
		d.chart(lang.L("По соцсетям"), s.ByNetwork),
		d.chart(lang.L("По населённым пунктам"), s.BySettlement),
		d.chart(lang.L("По исполнителям"), s.ByExecutor),
	}
	d.charts.Refresh()
}

// barUnit is the width of a bar for the largest count.
const barUnit = 360

func (d *dashboardRoom) chart(title string, counts []reports.Count) fyne.CanvasObject {
	rows := container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	most := 0
	for _, c := range counts {
		most = max(most, c.Cases)
	}
	if most == 0 {
		rows.Add(widget.NewLabel(lang.L("нет сообщений за период")))
		return rows
	}
	for _, c := range counts {
		bar := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
		bar.SetMinSize(fyne.NewSize(float32(barUnit*c.Cases/most)+2, 18))
		bar.StrokeColor = color.Transparent
		d.bars[title+"/"+c.Label] = bar
		name := widget.NewLabel(c.Label)
		rows.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(220, 30), name), nil,
			container.NewHBox(container.NewCenter(bar), widget.NewLabel(fmt.Sprint(c.Cases)))))
	}
	return rows
}
