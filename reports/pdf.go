package reports

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/go-pdf/fpdf"

	"otklik/domain"
)

const (
	fontFamily = "DejaVu"
	pageMargin = 15.0 // mm: top, right and bottom
	leftMargin = 25.0 // mm: the office's left margin for filing
	lineH      = 4.6  // mm per line at 9 pt
)

// doc is an A4 page flow with the embedded font and a few building blocks: paragraphs, ruled tables, bar charts.
type doc struct {
	*fpdf.Fpdf
	width float64 // printable width
}

func newDoc(h Header, title string) *doc {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	f.SetMargins(leftMargin, pageMargin, pageMargin)
	f.SetAutoPageBreak(true, pageMargin)
	f.SetTitle(title, true)
	f.SetAuthor(h.OrgName, true)
	f.SetCreator("Отклик", true)
	// A fixed creation date keeps the same report byte-identical, whenever it is printed.
	f.SetCreationDate(h.AsOf)
	f.SetModificationDate(h.AsOf)
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		f.SetY(-10)
		f.SetFont(fontFamily, "", 7)
		f.SetTextColor(110, 110, 110)
		f.CellFormat(0, 4, fmt.Sprintf("%s — стр. %d из {nb}", title, f.PageNo()), "", 0, "C", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AddPage()
	pw, _ := f.GetPageSize()
	return &doc{Fpdf: f, width: pw - leftMargin - pageMargin}
}

// para writes a wrapped paragraph.
func (d *doc) para(text string, size float64, style, align string) {
	d.SetFont(fontFamily, style, size)
	d.MultiCell(0, size*0.5, text, "", align, false)
}

func (d *doc) gap(h float64) { d.Ln(h) }

// heading is a bold line kept on the same page as the start of what follows it.
func (d *doc) heading(text string, size float64) {
	d.ensure(25)
	d.para(text, size, "B", "L")
}

// ensure starts a new page unless h millimetres still fit.
func (d *doc) ensure(h float64) {
	_, ph := d.GetPageSize()
	if d.GetY()+h > ph-pageMargin {
		d.AddPage()
	}
}

// pdfColumn is a table column: header, width share of the printable width, alignment.
type pdfColumn struct {
	title string
	share float64
	align string
}

type pdfRow struct {
	cells []string
	bold  bool
}

// table draws a ruled table; rows wrap within their cells and a page break repeats the header.
func (d *doc) table(cols []pdfColumn, rows []pdfRow) {
	widths := make([]float64, len(cols))
	var total float64
	for _, c := range cols {
		total += c.share
	}
	for i, c := range cols {
		widths[i] = d.width * c.share / total
	}
	header := pdfRow{bold: true}
	for _, c := range cols {
		header.cells = append(header.cells, c.title)
	}
	font := func(r pdfRow) {
		if r.bold {
			d.SetFont(fontFamily, "B", 8.5)
		} else {
			d.SetFont(fontFamily, "", 8.5)
		}
	}
	heightOf := func(r pdfRow) float64 {
		font(r)
		lines := 1
		for i, cell := range r.cells {
			if n := len(d.SplitText(cell, widths[i])); n > lines {
				lines = n
			}
		}
		return float64(lines)*lineH + 1
	}
	drawRow := func(r pdfRow, isHeader bool) {
		h := heightOf(r)
		x, y := leftMargin, d.GetY()
		for i, cell := range r.cells {
			align := cols[i].align
			if isHeader {
				d.SetFillColor(217, 225, 242)
				d.Rect(x, y, widths[i], h, "FD")
				align = "C"
			} else {
				d.Rect(x, y, widths[i], h, "D")
			}
			d.SetXY(x, y+0.5)
			d.MultiCell(widths[i], lineH, cell, "", align, false)
			x += widths[i]
		}
		d.SetXY(leftMargin, y+h)
	}
	_, ph := d.GetPageSize()
	fits := func(h float64) bool { return d.GetY()+h <= ph-pageMargin }
	d.SetDrawColor(120, 120, 120)
	d.SetLineWidth(0.2)
	first := 0.0
	if len(rows) > 0 {
		first = heightOf(rows[0])
	}
	if !fits(heightOf(header) + first) { // a header never stands alone at the foot of a page
		d.AddPage()
	}
	drawRow(header, true)
	for _, r := range rows {
		if !fits(heightOf(r)) {
			d.AddPage()
			drawRow(header, true)
		}
		drawRow(r, false)
	}
	d.SetDrawColor(0, 0, 0)
}

// barChart draws a horizontal bar chart of counts with fpdf's own rectangles and lines: a label column, bars to
// scale with grid lines at round steps, and the number at the end of each bar.
func (d *doc) barChart(title string, counts []Count) {
	const barH, gapH, labelW, valueW = 5.0, 1.6, 52.0, 12.0
	d.ensure(12 + float64(max(len(counts), 1))*(barH+gapH))
	d.para(title, 10, "B", "L")
	d.gap(1.5)
	if len(counts) == 0 {
		d.para("Сообщений за период нет.", 9, "", "L")
		return
	}
	maxN := 0
	for _, c := range counts {
		maxN = max(maxN, c.Cases)
	}
	step := niceStep(maxN)
	scaleMax := step * int(math.Ceil(float64(maxN)/float64(step)))
	x0 := leftMargin + labelW
	barsW := d.width - labelW - valueW
	top := d.GetY()
	height := float64(len(counts))*(barH+gapH) + gapH

	// Grid and axis first, so the bars lie over them.
	d.SetFont(fontFamily, "", 7)
	d.SetDrawColor(200, 200, 200)
	d.SetLineWidth(0.15)
	for v := 0; v <= scaleMax; v += step {
		x := x0 + barsW*float64(v)/float64(scaleMax)
		d.Line(x, top, x, top+height)
		d.SetXY(x-5, top+height+0.5)
		d.CellFormat(10, 3.5, strconv.Itoa(v), "", 0, "C", false, 0, "")
	}
	d.SetDrawColor(60, 60, 60)
	d.SetLineWidth(0.3)
	d.Line(x0, top, x0, top+height)
	d.Line(x0, top+height, x0+barsW, top+height)

	d.SetFillColor(68, 114, 196)
	y := top + gapH
	for _, c := range counts {
		d.SetFont(fontFamily, "", 8.5)
		label := c.Label
		for d.GetStringWidth(label) > labelW-3 && len([]rune(label)) > 4 {
			r := []rune(label)
			label = string(r[:len(r)-2]) + "…"
		}
		d.SetXY(leftMargin, y)
		d.CellFormat(labelW-2, barH, label, "", 0, "R", false, 0, "")
		w := barsW * float64(c.Cases) / float64(scaleMax)
		d.Rect(x0, y, w, barH, "F")
		d.SetXY(x0+w+1, y)
		d.CellFormat(valueW, barH, strconv.Itoa(c.Cases), "", 0, "L", false, 0, "")
		y += barH + gapH
	}
	d.SetDrawColor(0, 0, 0)
	d.SetLineWidth(0.2)
	d.SetXY(leftMargin, top+height+5)
}

// niceStep is a grid step of 1, 2 or 5 times a power of ten giving at most about five lines.
func niceStep(maxN int) int {
	if maxN <= 5 {
		return 1
	}
	raw := float64(maxN) / 5
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return int(m * pow)
		}
	}
	return int(10 * pow)
}

// signature is the «подготовил» block at the end of a document.
func (d *doc) signature(h Header) {
	d.ensure(24)
	d.gap(6)
	d.SetFont(fontFamily, "", 10)
	d.CellFormat(0, 5, preparedByLabel, "", 1, "L", false, 0, "")
	y := d.GetY()
	d.MultiCell(d.width*0.5, 5, h.PreparedPosition, "", "L", false)
	end := d.GetY()
	d.SetXY(leftMargin+d.width*0.55, y)
	d.CellFormat(d.width*0.45, 5, "____________  "+h.PreparedBy, "", 1, "R", false, 0, "")
	d.SetY(math.Max(end, d.GetY()))
	d.CellFormat(0, 5, formatDate(h.AsOf), "", 1, "L", false, 0, "")
}

func (d *doc) write(w io.Writer) error {
	if err := d.Error(); err != nil {
		return fmt.Errorf("отчёт PDF: %w", err)
	}
	if err := d.Output(w); err != nil {
		return fmt.Errorf("запись отчёта PDF: %w", err)
	}
	return nil
}

// PDF writes the memo in the form the district administration uses: addressee, «служебная записка», subject and
// period, the table by executor with totals, the coordinator's part, the cases behind both, and who prepared it.
func (s Shortcomings) PDF(w io.Writer) error {
	d := newDoc(s.Header, memoTitle)
	pw, _ := d.GetPageSize()

	// Addressee block, top right.
	d.SetFont(fontFamily, "", 11)
	d.SetX(pw/2 + 10)
	d.MultiCell(pw/2-10-pageMargin, 5.5, s.Addressee, "", "L", false)
	d.gap(6)
	if s.OrgName != "" {
		d.para(s.OrgName, 10, "", "L")
		d.gap(2)
	}
	d.para(memoKind, 13, "B", "C")
	d.para("от "+formatDate(s.AsOf), 10, "", "C")
	d.gap(4)
	d.para(memoTitle, 11, "B", "L")
	d.para("за период "+s.Label(), 11, "", "L")
	d.gap(3)
	d.para(s.memoIntro(), 10, "", "J")
	d.gap(3)

	d.heading(headingExecutors, 11)
	d.para(s.executorsSentence(), 10, "", "J")
	d.gap(2)
	if len(s.ByExecutor) == 0 {
		d.para("Сроков представления проектов ответов в периоде не было.", 10, "", "L")
	} else {
		var rows []pdfRow
		for i, l := range s.ByExecutor {
			rows = append(rows, pdfRow{cells: []string{strconv.Itoa(i + 1), l.Name, unitOrUnknown(l.Unit),
				strconv.Itoa(l.Tasks), strconv.Itoa(l.Late), strconv.Itoa(l.Missed)}})
		}
		rows = append(rows, pdfRow{bold: true, cells: []string{"", "Итого", "", strconv.Itoa(s.Totals.Tasks),
			strconv.Itoa(s.Totals.DraftsLate), strconv.Itoa(s.Totals.DraftsMissed)}})
		d.table([]pdfColumn{{"№", 4, "C"}, {"Исполнитель", 28, "L"}, {"Подразделение", 30, "L"},
			{"Сроков", 11, "C"}, {"С опозданием", 15, "C"}, {"Не представлено", 17, "C"}}, rows)
	}
	if len(s.ByUnit) > 1 {
		d.gap(3)
		d.heading("По подразделениям", 10)
		d.gap(1)
		var rows []pdfRow
		for _, u := range s.ByUnit {
			rows = append(rows, pdfRow{cells: []string{unitOrUnknown(u.Unit), strconv.Itoa(u.Tasks),
				strconv.Itoa(u.Late), strconv.Itoa(u.Missed)}})
		}
		d.table([]pdfColumn{{"Подразделение", 62, "L"}, {"Сроков", 11, "C"}, {"С опозданием", 15, "C"},
			{"Не представлено", 17, "C"}}, rows)
	}
	d.gap(4)
	d.heading(headingCoord, 11)
	d.para(s.coordinatorSentence(), 10, "", "J")
	if len(s.CoordinatorLate) > 0 {
		d.gap(2)
		var rows []pdfRow
		for _, it := range s.CoordinatorLate {
			rows = append(rows, itemRow(it, ""))
		}
		d.table(itemColumns(false), rows)
	}

	var execRows []pdfRow
	for _, l := range s.ByExecutor {
		for _, it := range l.Cases {
			execRows = append(execRows, itemRow(it, domain.ShortName(l.Name)))
		}
	}
	if len(execRows) > 0 {
		d.gap(4)
		d.heading(headingCasesList+" исполнителями", 11)
		d.gap(1)
		d.table(itemColumns(true), execRows)
	}
	d.gap(4)
	d.para(s.totalSentence(), 10, "B", "J")
	d.signature(s.Header)
	return d.write(w)
}

func itemColumns(withExecutor bool) []pdfColumn {
	cols := []pdfColumn{{"Сообщение", 17, "L"}}
	done := "Исполнено"
	if withExecutor {
		cols = append(cols, pdfColumn{"Исполнитель", 16, "L"})
		done = "Представлен"
	}
	return append(cols, pdfColumn{"Нарушение", 28, "L"}, pdfColumn{"Срок", 14, "C"},
		pdfColumn{done, 14, "C"}, pdfColumn{"Опоздание (рабочее время)", 14, "C"})
}

func itemRow(it LateItem, executor string) pdfRow {
	id := string(it.CaseID)
	if it.Subject != "" {
		id += "\n" + it.Subject
	}
	done := formatWhen(it.Done)
	if it.Done == nil {
		done = notDone
		if it.Kind == KindDraftMissed {
			done = notDoneDraft
		}
	}
	cells := []string{id}
	if executor != "" {
		cells = append(cells, executor)
	}
	return pdfRow{cells: append(cells, kindLabel(it), formatWhen(it.Due), done, formatLateBy(it.LateBy))}
}

// PDF writes the summary: the indicators, bar charts by network and by settlement, and the other breakdowns.
func (s Summary) PDF(w io.Writer) error {
	d := newDoc(s.Header, summaryTitle)
	if s.OrgName != "" {
		d.para(s.OrgName, 10, "", "L")
		d.gap(2)
	}
	d.para(summaryTitle, 13, "B", "C")
	d.para("за период "+s.Label(), 11, "", "C")
	d.para("по состоянию на "+domain.FormatDateTime(s.AsOf), 9, "", "C")
	d.gap(4)

	ind := [][2]string{
		{"Поступило сообщений", strconv.Itoa(s.Total)},
		{"Из них не закрыто", strconv.Itoa(s.Open)},
		{"Ответов в ДИП направлено в срок (пп. 7, 9)", fmt.Sprintf("%d из %d (%s)", s.OnTime, s.Due, formatShare(s.OnTimeShare, s.Due))},
		{"Окончательных ответов в срок (п. 10)", fmt.Sprintf("%d из %d (%s)", s.FinalOnTime, s.FinalDueCount, formatShare(s.FinalOnTimeShare, s.FinalDueCount))},
		{"Медиана рабочего времени до первого ответа", formatMedian(s.MedianToInterim, s.Answered)},
		{"Медиана рабочего времени до окончательного ответа", formatMedian(s.MedianToFinal, s.Finished)},
		{"Повторных сообщений (п. 12)", strconv.Itoa(s.Repeats)},
		{"Отклонено (пп. 14, 18)", strconv.Itoa(s.RejectedTotal)},
		{"Социально значимых", strconv.Itoa(s.SociallySignificant)},
		{"Доложено Главе района (п. 17)", strconv.Itoa(s.Escalations)},
		{"Всплесков активности (п. 17)", strconv.Itoa(len(s.Surges))},
	}
	var rows []pdfRow
	for _, r := range ind {
		rows = append(rows, pdfRow{cells: []string{r[0], r[1]}})
	}
	d.table([]pdfColumn{{"Показатель", 65, "L"}, {"Значение", 35, "C"}}, rows)
	d.gap(6)

	d.barChart("Сообщения по социальным сетям", s.ByNetwork)
	d.gap(2)
	d.barChart("Сообщения по поселениям", s.BySettlement)
	d.gap(2)

	countTable := func(title, first string, counts []Count) {
		if len(counts) == 0 {
			return
		}
		d.heading(title, 10)
		d.gap(1)
		var rows []pdfRow
		for _, c := range counts {
			rows = append(rows, pdfRow{cells: []string{c.Label, strconv.Itoa(c.Cases), formatShare(share(c.Cases, s.Total), s.Total)}})
		}
		d.table([]pdfColumn{{first, 70, "L"}, {"Сообщений", 15, "C"}, {"Доля", 15, "C"}}, rows)
		d.gap(4)
	}
	countTable("Сообщения по темам", "Тема", s.ByCategory)
	countTable("Сообщения по исполнителям", "Исполнитель", s.ByExecutor)

	if s.RejectedTotal > 0 {
		d.heading("Отклонённые сообщения по причинам", 10)
		d.gap(1)
		var rows []pdfRow
		for _, r := range rejectedRows(s.Rejected) {
			rows = append(rows, pdfRow{cells: []string{reasonLabel(r.Key), strconv.Itoa(r.Cases)}})
		}
		d.table([]pdfColumn{{"Причина", 85, "L"}, {"Сообщений", 15, "C"}}, rows)
		d.gap(4)
	}
	if len(s.Surges) > 0 {
		d.heading("Всплески активности (п. 17)", 10)
		d.gap(1)
		var rows []pdfRow
		for _, x := range s.Surges {
			rows = append(rows, pdfRow{cells: []string{surgeByLabel(x.By) + ": " + x.Key,
				domain.FormatDateTime(x.From) + " — " + domain.FormatDateTime(x.To), strconv.Itoa(len(x.Cases)), joinIDs(x.Cases)}})
		}
		d.table([]pdfColumn{{"Признак", 22, "L"}, {"Период", 28, "C"}, {"Сообщений", 14, "C"}, {"Номера", 36, "L"}}, rows)
	}
	d.signature(s.Header)
	return d.write(w)
}
