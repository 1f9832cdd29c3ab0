package reports

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"otklik/domain"
)

// Number formats of the workbooks: dates are real dates, lateness is a duration in hours and minutes, shares are
// percentages, so the reader can sort, filter and add them up in Excel.
const (
	numFmtDateTime = "dd.mm.yyyy hh:mm"
	numFmtDate     = "dd.mm.yyyy"
	numFmtDuration = "[h]:mm"
	numFmtPercent  = "0.0%"
)

// book wraps an excelize file with the report's styles; the first error sticks and is returned by write.
type book struct {
	f   *excelize.File
	err error

	title, subtitle, header, text, wrap, integer, date, dateTime, duration, percent, totalText, totalInt int
}

func newBook(h Header, title string) *book {
	b := &book{f: excelize.NewFile()}
	border := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "top", Color: "A6A6A6", Style: 1},
		{Type: "right", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	fmtPtr := func(s string) *string { return &s }
	b.title = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	b.subtitle = b.style(&excelize.Style{Font: &excelize.Font{Size: 11, Italic: true}})
	b.header = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.text = b.style(&excelize.Style{Border: border, Alignment: top})
	b.wrap = b.style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.integer = b.style(&excelize.Style{Border: border, NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}})
	b.date = b.style(&excelize.Style{CustomNumFmt: fmtPtr(numFmtDate), Alignment: &excelize.Alignment{Horizontal: "left"}})
	b.dateTime = b.style(&excelize.Style{Border: border, CustomNumFmt: fmtPtr(numFmtDateTime), Alignment: &excelize.Alignment{Vertical: "top"}})
	b.duration = b.style(&excelize.Style{Border: border, CustomNumFmt: fmtPtr(numFmtDuration), Alignment: &excelize.Alignment{Vertical: "top"}})
	b.percent = b.style(&excelize.Style{Border: border, CustomNumFmt: fmtPtr(numFmtPercent), Alignment: &excelize.Alignment{Vertical: "top"}})
	b.totalText = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border})
	b.totalInt = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, NumFmt: 1})
	if b.err == nil {
		b.err = b.f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "Отклик", Description: h.OrgName,
			Created: h.AsOf.UTC().Format(time.RFC3339), Language: "ru-RU"})
	}
	return b
}

func (b *book) style(s *excelize.Style) int {
	if b.err != nil {
		return 0
	}
	id, err := b.f.NewStyle(s)
	if err != nil {
		b.err = fmt.Errorf("стиль книги: %w", err)
	}
	return id
}

// sheet adds (or, for the first one, renames) a worksheet.
func (b *book) sheet(name string, first bool) string {
	if b.err != nil {
		return name
	}
	if first {
		b.err = b.f.SetSheetName(b.f.GetSheetName(0), name)
	} else if _, err := b.f.NewSheet(name); err != nil {
		b.err = err
	}
	return name
}

// cell writes one value; a time is written as the wall clock of its own zone (excelize would count it in UTC and
// shift an Asia/Tomsk date by seven hours), a duration as a fraction of a day.
func (b *book) cell(sheet string, col, row int, v any, style int) {
	if b.err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		b.err = err
		return
	}
	switch x := v.(type) {
	case time.Time:
		v = wallClock(x)
	case *time.Time:
		if x == nil {
			v = ""
		} else {
			v = wallClock(*x)
		}
	case time.Duration:
		v = x.Hours() / 24
	}
	if err := b.f.SetCellValue(sheet, ref, v); err != nil {
		b.err = err
		return
	}
	if style != 0 {
		b.err = b.f.SetCellStyle(sheet, ref, ref, style)
	}
}

func wallClock(t time.Time) time.Time {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

// column is a table column: its header, width in characters and the style of its cells.
type column struct {
	title string
	width float64
	style int
}

// table writes a header row and the rows with the top left corner at (col, row) and makes them an Excel table with
// filters; it returns the next free row. An empty table gets a line of text instead (Excel tables need a data row).
// A column's width is only ever widened, so tables sharing a sheet do not shrink each other's columns.
func (b *book) table(sheet, name string, col, row int, cols []column, rows [][]any, empty string) int {
	if b.err != nil {
		return row
	}
	for i, c := range cols {
		b.cell(sheet, col+i, row, c.title, b.header)
		if c.width > 0 && b.err == nil {
			colName, _ := excelize.ColumnNumberToName(col + i)
			if w, _ := b.f.GetColWidth(sheet, colName); w < c.width {
				b.err = b.f.SetColWidth(sheet, colName, colName, c.width)
			}
		}
	}
	if len(rows) == 0 {
		b.cell(sheet, col, row+1, empty, 0)
		return row + 2
	}
	for r, values := range rows {
		for i, v := range values {
			b.cell(sheet, col+i, row+1+r, v, cols[i].style)
		}
	}
	if b.err == nil {
		first, _ := excelize.CoordinatesToCellName(col, row)
		last, _ := excelize.CoordinatesToCellName(col+len(cols)-1, row+len(rows))
		noStripes := false
		b.err = b.f.AddTable(sheet, &excelize.Table{Range: first + ":" + last, Name: name,
			StyleName: "TableStyleLight9", ShowRowStripes: &noStripes})
	}
	return row + len(rows) + 1
}

// heading writes the report's title block and returns the next free row.
func (b *book) heading(sheet string, h Header, title string, p Period) int {
	b.cell(sheet, 1, 1, h.OrgName, b.subtitle)
	b.cell(sheet, 1, 2, title, b.title)
	b.cell(sheet, 1, 3, "за период "+p.Label(), 0)
	b.cell(sheet, 1, 4, "по состоянию на", 0)
	b.cell(sheet, 2, 4, h.AsOf, b.dateTime)
	return 6
}

func (b *book) signature(sheet string, col, row int, h Header) {
	b.cell(sheet, col, row, preparedByLabel, 0)
	b.cell(sheet, col+1, row, h.PreparedPosition, b.wrap)
	b.cell(sheet, col+2, row, h.PreparedBy, 0)
	b.cell(sheet, col+3, row, h.AsOf, b.date)
}

func (b *book) write(w io.Writer) error {
	if b.err != nil {
		return fmt.Errorf("отчёт XLSX: %w", b.err)
	}
	b.f.SetActiveSheet(0)
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("запись отчёта XLSX: %w", err)
	}
	return b.f.Close()
}

// Sheet names of the workbooks (tests read them back).
const (
	sheetMemo        = "Справка"
	sheetExecutors   = "Исполнители"
	sheetCoordinator = "Координатор"
	sheetSummary     = "Сводка"
	sheetNetworks    = "Соцсети"
	sheetSettlements = "Поселения"
	sheetCategories  = "Темы"
	sheetByExecutor  = "По исполнителям"
	sheetRejected    = "Отклонённые"
	sheetSurges      = "Всплески"
)

// XLSX writes the shortcomings memo as a workbook: the memo's table by executor with totals, and the cases behind
// it on two sheets (executors', coordinator's), each a filterable table.
func (s Shortcomings) XLSX(w io.Writer) error {
	b := newBook(s.Header, memoTitle)
	sh := b.sheet(sheetMemo, true)
	row := b.heading(sh, s.Header, memoTitle, s.Period)

	b.cell(sh, 1, row, headingExecutors, b.totalText)
	row++
	var rows [][]any
	for i, l := range s.ByExecutor {
		rows = append(rows, []any{i + 1, l.Name, l.Position, unitOrUnknown(l.Unit), l.Tasks, l.Late, l.Missed})
	}
	cols := []column{{"№", 5, b.integer}, {"Исполнитель", 32, b.text}, {"Должность", 34, b.text},
		{"Подразделение", 34, b.text}, {"Сроков в периоде", 12, b.integer}, {"Проектов с опозданием", 14, b.integer},
		{"Проектов не представлено", 14, b.integer}}
	row = b.table(sh, "ByExecutor", 1, row, cols, rows, noShortcomings)
	if len(rows) > 0 {
		b.cell(sh, 2, row, "Итого", b.totalText)
		b.cell(sh, 5, row, s.Totals.Tasks, b.totalInt)
		b.cell(sh, 6, row, s.Totals.DraftsLate, b.totalInt)
		b.cell(sh, 7, row, s.Totals.DraftsMissed, b.totalInt)
		row++
	}
	row++
	if len(s.ByUnit) > 0 {
		rows = nil
		for i, u := range s.ByUnit {
			rows = append(rows, []any{i + 1, unitOrUnknown(u.Unit), u.Executors, u.Tasks, u.Late, u.Missed})
		}
		b.cell(sh, 2, row, "По подразделениям", b.totalText)
		row = b.table(sh, "ByUnit", 1, row+1, []column{{"№", 0, b.integer}, {"Подразделение", 0, b.text},
			{"Исполнителей", 0, b.integer}, {"Сроков в периоде", 0, b.integer}, {"Проектов с опозданием", 0, b.integer},
			{"Проектов не представлено", 0, b.integer}}, rows, "") + 1
	}

	b.cell(sh, 2, row, headingCoord, b.totalText)
	row++
	coordRows := [][]any{
		{"Направлено исполнителям не незамедлительно (п. 6): позднее " + domain.FormatDuration(s.DispatchPrompt) + " рабочего времени после поступления", s.Totals.DispatchLate},
		{"Ответов в ДИП с нарушением срока (пп. 7, 9)", s.Totals.InterimLate},
		{"Окончательных ответов с нарушением срока (п. 10)", s.Totals.FinalLate},
	}
	row = b.table(sh, "CoordinatorTotals", 2, row, []column{{"Нарушение", 0, b.text}, {"Сообщений", 0, b.integer}}, coordRows, "")
	row++
	b.cell(sh, 2, row, s.totalSentence(), 0)
	row += 2
	b.signature(sh, 2, row, s.Header)

	sh = b.sheet(sheetExecutors, false)
	rows = nil
	for _, l := range s.ByExecutor {
		for _, it := range l.Cases {
			rows = append(rows, []any{string(it.CaseID), it.Subject, l.Name, unitOrUnknown(l.Unit), kindLabel(it),
				stageLabel(it.Stage), *it.Due, it.Done, it.LateBy})
		}
	}
	b.table(sh, "ExecutorShortcomings", 1, 1, []column{{"Сообщение", 16, b.text}, {"Тема", 28, b.text},
		{"Исполнитель", 30, b.text}, {"Подразделение", 30, b.text}, {"Нарушение", 40, b.text}, {"Ответ", 14, b.text},
		{"Срок", 17, b.dateTime}, {"Представлен", 17, b.dateTime}, {"Опоздание, раб. ч:мин", 14, b.duration}}, rows, noShortcomings)

	sh = b.sheet(sheetCoordinator, false)
	rows = nil
	for _, it := range s.CoordinatorLate {
		rows = append(rows, []any{string(it.CaseID), it.Subject, kindLabel(it), *it.Due, it.Done, it.LateBy})
	}
	b.table(sh, "CoordinatorShortcomings", 1, 1, []column{{"Сообщение", 16, b.text}, {"Тема", 28, b.text},
		{"Нарушение", 48, b.text}, {"Срок", 17, b.dateTime}, {"Исполнено", 17, b.dateTime},
		{"Опоздание, раб. ч:мин", 14, b.duration}}, rows, noShortcomings)
	return b.write(w)
}

// XLSX writes the summary as a workbook: the indicators, then one table per breakdown.
func (s Summary) XLSX(w io.Writer) error {
	b := newBook(s.Header, summaryTitle)
	sh := b.sheet(sheetSummary, true)
	row := b.heading(sh, s.Header, summaryTitle, s.Period)
	rows := [][]any{
		{"Поступило сообщений", s.Total, ""},
		{"Из них не закрыто (нет окончательного ответа или отклонения)", s.Open, ""},
		{"Ответов в ДИП, срок которых наступил (пп. 7, 9)", s.Due, ""},
		{"Из них направлено в срок", s.OnTime, ""},
		{"Доля ответов, направленных в срок", shareValue(s.OnTimeShare, s.Due), "percent"},
		{"Окончательных ответов, срок которых наступил (п. 10)", s.FinalDueCount, ""},
		{"Из них направлено в срок", s.FinalOnTime, ""},
		{"Доля окончательных ответов, направленных в срок", shareValue(s.FinalOnTimeShare, s.FinalDueCount), "percent"},
		{"Медиана рабочего времени до первого ответа, ч:мин", medianValue(s.MedianToInterim, s.Answered), "duration"},
		{"Медиана рабочего времени до окончательного ответа, ч:мин", medianValue(s.MedianToFinal, s.Finished), "duration"},
		{"Повторных сообщений (п. 12)", s.Repeats, ""},
		{"Отклонено (пп. 14, 18)", s.RejectedTotal, ""},
		{"Социально значимых", s.SociallySignificant, ""},
		{"Доложено Главе района (п. 17)", s.Escalations, ""},
		{"Всплесков активности (п. 17)", len(s.Surges), ""},
	}
	b.cell(sh, 1, row, "Показатель", b.header)
	b.cell(sh, 2, row, "Значение", b.header)
	b.err = firstErr(b.err, b.f.SetColWidth(sh, "A", "A", 62))
	b.err = firstErr(b.err, b.f.SetColWidth(sh, "B", "B", 18))
	for i, r := range rows {
		style := b.integer
		switch r[2] {
		case "percent":
			style = b.percent
		case "duration":
			style = b.duration
		}
		b.cell(sh, 1, row+1+i, r[0], b.text)
		b.cell(sh, 2, row+1+i, r[1], style)
	}
	if b.err == nil {
		noStripes := false
		b.err = b.f.AddTable(sh, &excelize.Table{Range: fmt.Sprintf("A%d:B%d", row, row+len(rows)), Name: "Indicators",
			StyleName: "TableStyleLight9", ShowRowStripes: &noStripes})
	}
	b.signature(sh, 1, row+len(rows)+2, s.Header)

	breakdown := func(sheet, table, title string, counts []Count) {
		sh := b.sheet(sheet, false)
		var rows [][]any
		for _, c := range counts {
			rows = append(rows, []any{c.Label, c.Cases, share(c.Cases, s.Total)})
		}
		b.table(sh, table, 1, 1, []column{{title, 40, b.text}, {"Сообщений", 12, b.integer}, {"Доля", 10, b.percent}},
			rows, "Сообщений за период нет.")
	}
	breakdown(sheetNetworks, "ByNetwork", "Социальная сеть", s.ByNetwork)
	breakdown(sheetSettlements, "BySettlement", "Поселение", s.BySettlement)
	breakdown(sheetCategories, "ByCategory", "Тема", s.ByCategory)
	breakdown(sheetByExecutor, "ByExecutorCases", "Исполнитель", s.ByExecutor)

	sh = b.sheet(sheetRejected, false)
	var rej [][]any
	for _, r := range rejectedRows(s.Rejected) {
		rej = append(rej, []any{reasonLabel(r.Key), r.Key, r.Cases})
	}
	b.table(sh, "Rejected", 1, 1, []column{{"Причина", 60, b.text}, {"Код", 14, b.text}, {"Сообщений", 12, b.integer}},
		rej, "Отклонённых сообщений за период нет.")

	sh = b.sheet(sheetSurges, false)
	var sg [][]any
	for _, x := range s.Surges {
		sg = append(sg, []any{surgeByLabel(x.By), x.Key, x.From, x.To, len(x.Cases), joinIDs(x.Cases)})
	}
	b.table(sh, "Surges", 1, 1, []column{{"Признак", 12, b.text}, {"Значение", 28, b.text}, {"Первое", 17, b.dateTime},
		{"Последнее", 17, b.dateTime}, {"Сообщений", 12, b.integer}, {"Номера", 60, b.text}}, sg, "Всплесков за период нет.")
	return b.write(w)
}

// shareValue is a share for a cell: empty when nothing was due (a 0 % would read as "all late").
func shareValue(f float64, of int) any {
	if of == 0 {
		return ""
	}
	return f
}

func medianValue(d time.Duration, n int) any {
	if n == 0 {
		return ""
	}
	return d
}

func joinIDs(ids []domain.CaseID) string {
	var out string
	for i, id := range ids {
		if i > 0 {
			out += ", "
		}
		out += string(id)
	}
	return out
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
