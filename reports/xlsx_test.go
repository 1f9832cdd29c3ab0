package reports

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// openXLSX writes a report and reads it back with excelize, as Excel would open it.
func openXLSX(t *testing.T, write func(*bytes.Buffer) error) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rowOf finds the first row whose cell in col reads text.
func rowOf(t *testing.T, f *excelize.File, sheet, col, text string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	ci, _ := excelize.ColumnNameToNumber(col)
	for i, r := range rows {
		if len(r) >= ci && r[ci-1] == text {
			return i + 1
		}
	}
	t.Fatalf("%s: no row with %q in column %s", sheet, text, col)
	return 0
}

func cellText(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func cellRaw(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// expectNumber checks that a cell holds a number (not text) equal to want.
func expectNumber(t *testing.T, f *excelize.File, sheet, ref string, want float64) {
	t.Helper()
	raw := cellRaw(t, f, sheet, ref)
	got, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s!%s = %q: not a number", sheet, ref, raw)
		return
	}
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("%s!%s = %v, want %v", sheet, ref, got, want)
	}
	if typ, _ := f.GetCellType(sheet, ref); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("%s!%s is stored as text", sheet, ref)
	}
}

func numFmtOf(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

// expectDate checks that a cell is a real date: a serial number with a date format that reads back as the wall
// clock of Asia/Tomsk (no shift to UTC).
func expectDate(t *testing.T, f *excelize.File, sheet, ref, want string) {
	t.Helper()
	if got := numFmtOf(t, f, sheet, ref); got != numFmtDateTime {
		t.Errorf("%s!%s: number format %q, want %q", sheet, ref, got, numFmtDateTime)
	}
	raw := cellRaw(t, f, sheet, ref)
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s!%s = %q: a date stored as text", sheet, ref, raw)
		return
	}
	tm, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := tm.Round(time.Minute).Format("02.01.2006 15:04"); got != want {
		t.Errorf("%s!%s: date %s, want %s", sheet, ref, got, want)
	}
	if got := cellText(t, f, sheet, ref); got != want {
		t.Errorf("%s!%s shows %q, want %q", sheet, ref, got, want)
	}
}

func expectWidth(t *testing.T, f *excelize.File, sheet, col string, want float64) {
	t.Helper()
	w, err := f.GetColWidth(sheet, col)
	if err != nil {
		t.Fatal(err)
	}
	if w != want {
		t.Errorf("%s column %s: width %v, want %v", sheet, col, w, want)
	}
}

func expectTable(t *testing.T, f *excelize.File, sheet, name, ref string) {
	t.Helper()
	tables, err := f.GetTables(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if tb.Name == name {
			if tb.Range != ref {
				t.Errorf("%s table %s covers %s, want %s", sheet, name, tb.Range, ref)
			}
			return
		}
	}
	t.Errorf("%s: no table %s (have %+v)", sheet, name, tables)
}

// П.16: the memo as a workbook carries the hand-computed numbers in real number cells, dates as dates, widths set.
func TestShortcomingsXLSX(t *testing.T) {
	s := BuildShortcomings(seedCases(), seedPeriod(), seedOptions(t))
	f := openXLSX(t, func(b *bytes.Buffer) error { return s.XLSX(b) })

	if got, want := f.GetSheetList(), []string{sheetMemo, sheetExecutors, sheetCoordinator}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	if got := cellText(t, f, sheetMemo, "A2"); got != memoTitle {
		t.Errorf("title %q", got)
	}
	if got := cellText(t, f, sheetMemo, "A3"); got != "за период с 02.03.2026 по 20.03.2026" {
		t.Errorf("period %q", got)
	}

	for _, line := range []struct {
		name                string
		tasks, late, missed float64
	}{
		{"Иванов Пётр Сергеевич", 5, 2, 1},
		{"Петрова Анна Викторовна", 2, 2, 0},
		{"Сидоров Олег Николаевич", 4, 0, 2},
		{"Кузнецов Иван Ильич", 3, 1, 0},
		{"Итого", 14, 5, 3},
	} {
		r := strconv.Itoa(rowOf(t, f, sheetMemo, "B", line.name))
		expectNumber(t, f, sheetMemo, "E"+r, line.tasks)
		expectNumber(t, f, sheetMemo, "F"+r, line.late)
		expectNumber(t, f, sheetMemo, "G"+r, line.missed)
	}
	r := rowOf(t, f, sheetMemo, "B", "Иванов Пётр Сергеевич")
	expectTable(t, f, sheetMemo, "ByExecutor", "A"+strconv.Itoa(r-1)+":G"+strconv.Itoa(r+3))
	if got := cellText(t, f, sheetMemo, "D"+strconv.Itoa(r)); got != "Отдел ЖКХ, строительства и транспорта" {
		t.Errorf("unit %q", got)
	}
	ru := strconv.Itoa(rowOf(t, f, sheetMemo, "B", "Отдел ЖКХ, строительства и транспорта"))
	expectNumber(t, f, sheetMemo, "D"+ru, 8)
	expectNumber(t, f, sheetMemo, "E"+ru, 3)
	expectNumber(t, f, sheetMemo, "F"+ru, 1)
	rc := strconv.Itoa(rowOf(t, f, sheetMemo, "B", "Ответов в ДИП с нарушением срока (пп. 7, 9)"))
	expectNumber(t, f, sheetMemo, "C"+rc, 4)
	rowOf(t, f, sheetMemo, "B", "Всего нарушений сроков: 16 (исполнителями — 8, координатором — 8) по 10 сообщениям.")
	expectWidth(t, f, sheetMemo, "B", 32)
	expectWidth(t, f, sheetMemo, "D", 34)

	// The cases behind the executors' lines: 8 rows, one per late or missed draft.
	expectTable(t, f, sheetExecutors, "ExecutorShortcomings", "A1:I9")
	if got := cellText(t, f, sheetExecutors, "G1"); got != "Срок" {
		t.Errorf("header G1 %q", got)
	}
	r1 := strconv.Itoa(rowOf(t, f, sheetExecutors, "A", "ОТК-2026-0001"))
	if got := cellText(t, f, sheetExecutors, "C"+r1); got != "Иванов Пётр Сергеевич" {
		t.Errorf("0001 executor %q", got)
	}
	if got := cellText(t, f, sheetExecutors, "F"+r1); got != "окончательный" {
		t.Errorf("0001 stage %q", got)
	}
	expectDate(t, f, sheetExecutors, "G"+r1, "13.03.2026 16:00")
	expectDate(t, f, sheetExecutors, "H"+r1, "13.03.2026 17:30")
	expectNumber(t, f, sheetExecutors, "I"+r1, 1.5/24)
	if got := numFmtOf(t, f, sheetExecutors, "I"+r1); got != numFmtDuration {
		t.Errorf("lateness format %q, want %q", got, numFmtDuration)
	}
	r9 := strconv.Itoa(rowOf(t, f, sheetExecutors, "A", "ОТК-2026-0009"))
	if got := cellText(t, f, sheetExecutors, "H"+r9); got != "" {
		t.Errorf("a missed draft has no completion time, got %q", got)
	}
	expectNumber(t, f, sheetExecutors, "I"+r9, (35+55.0/60)/24)
	expectWidth(t, f, sheetExecutors, "E", 40)
	expectWidth(t, f, sheetExecutors, "G", 17)

	// The coordinator's own side: 8 rows.
	expectTable(t, f, sheetCoordinator, "CoordinatorShortcomings", "A1:F9")
	rows, _ := f.GetRows(sheetCoordinator)
	var kinds []string
	for _, row := range rows[1:] {
		kinds = append(kinds, row[0]+" "+row[2])
	}
	wantKinds := []string{
		"ОТК-2026-0002 направлено исполнителям не незамедлительно (п. 6)",
		"ОТК-2026-0003 ответ в ДИП направлен с нарушением срока (пп. 7, 9)",
		"ОТК-2026-0007 не направлено исполнителям (п. 6)",
		"ОТК-2026-0007 ответ в ДИП не направлен, срок истёк (пп. 7, 9)",
		"ОТК-2026-0011 направлено исполнителям не незамедлительно (п. 6)",
		"ОТК-2026-0009 ответ в ДИП не направлен, срок истёк (пп. 7, 9)",
		"ОТК-2026-0003 окончательный ответ не направлен, срок истёк (п. 10)",
		"ОТК-2026-0012 ответ в ДИП направлен с нарушением срока (пп. 7, 9)",
	}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("coordinator rows:\n got %q\nwant %q", kinds, wantKinds)
	}
	expectDate(t, f, sheetCoordinator, "D2", "04.03.2026 10:00")
	expectDate(t, f, sheetCoordinator, "E2", "04.03.2026 11:30")
	expectNumber(t, f, sheetCoordinator, "F2", 1.5/24)
	if got := cellText(t, f, sheetCoordinator, "F2"); got != "1:30" {
		t.Errorf("lateness shows %q, want 1:30", got)
	}
}

// П.16, П.17: the summary workbook.
func TestSummaryXLSX(t *testing.T) {
	s := BuildSummary(seedCases(), seedPeriod(), seedOptions(t))
	f := openXLSX(t, func(b *bytes.Buffer) error { return s.XLSX(b) })
	want := []string{sheetSummary, sheetNetworks, sheetSettlements, sheetCategories, sheetByExecutor, sheetRejected, sheetSurges}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	value := func(label string) string { return "B" + strconv.Itoa(rowOf(t, f, sheetSummary, "A", label)) }
	expectNumber(t, f, sheetSummary, value("Поступило сообщений"), 13)
	expectNumber(t, f, sheetSummary, value("Ответов в ДИП, срок которых наступил (пп. 7, 9)"), 11)
	share := value("Доля ответов, направленных в срок")
	expectNumber(t, f, sheetSummary, share, 7.0/11)
	if got := numFmtOf(t, f, sheetSummary, share); got != numFmtPercent {
		t.Errorf("share format %q", got)
	}
	expectNumber(t, f, sheetSummary, value("Доля окончательных ответов, направленных в срок"), 2.0/3)
	med := value("Медиана рабочего времени до первого ответа, ч:мин")
	expectNumber(t, f, sheetSummary, med, 6.5/24)
	if got := cellText(t, f, sheetSummary, med); got != "6:30" {
		t.Errorf("median shows %q, want 6:30", got)
	}
	expectNumber(t, f, sheetSummary, value("Медиана рабочего времени до окончательного ответа, ч:мин"), (6+50.0/60)/24)
	expectNumber(t, f, sheetSummary, value("Повторных сообщений (п. 12)"), 1)
	expectNumber(t, f, sheetSummary, value("Отклонено (пп. 14, 18)"), 1)
	expectNumber(t, f, sheetSummary, value("Доложено Главе района (п. 17)"), 1)
	expectNumber(t, f, sheetSummary, value("Всплесков активности (п. 17)"), 1)
	expectTable(t, f, sheetSummary, "Indicators", "A6:B21")
	expectWidth(t, f, sheetSummary, "A", 62)

	expectTable(t, f, sheetNetworks, "ByNetwork", "A1:C6")
	if got := cellText(t, f, sheetNetworks, "A2"); got != "ВКонтакте" {
		t.Errorf("first network %q", got)
	}
	expectNumber(t, f, sheetNetworks, "B2", 7)
	expectNumber(t, f, sheetNetworks, "C2", 7.0/13)
	rk := strconv.Itoa(rowOf(t, f, sheetSettlements, "A", "Кожевниково"))
	expectNumber(t, f, sheetSettlements, "B"+rk, 7)
	rd := strconv.Itoa(rowOf(t, f, sheetCategories, "A", "Дороги"))
	expectNumber(t, f, sheetCategories, "B"+rd, 5)
	ri := strconv.Itoa(rowOf(t, f, sheetByExecutor, "A", "Сидоров Олег Николаевич"))
	expectNumber(t, f, sheetByExecutor, "B"+ri, 3)
	if got := cellText(t, f, sheetRejected, "B2"); got != "obscene" {
		t.Errorf("rejected code %q", got)
	}
	expectNumber(t, f, sheetRejected, "C2", 1)
	if got := cellText(t, f, sheetSurges, "B2"); got != "Кожевниково" {
		t.Errorf("surge key %q", got)
	}
	expectDate(t, f, sheetSurges, "C2", "16.03.2026 09:05")
	expectDate(t, f, sheetSurges, "D2", "16.03.2026 15:00")
	expectNumber(t, f, sheetSurges, "E2", 3)
	if got := cellText(t, f, sheetSurges, "F2"); got != "ОТК-2026-0009, ОТК-2026-0010, ОТК-2026-0011" {
		t.Errorf("surge cases %q", got)
	}
}

// An empty period still makes a valid workbook that says so.
func TestEmptyReportsXLSX(t *testing.T) {
	o := seedOptions(t)
	p := Period{From: at("2025-06-02 00:00"), To: at("2025-06-06 00:00")}
	sc := BuildShortcomings(seedCases(), p, o)
	f := openXLSX(t, func(b *bytes.Buffer) error { return sc.XLSX(b) })
	rowOf(t, f, sheetMemo, "A", noShortcomings)
	sm := BuildSummary(seedCases(), p, o)
	f = openXLSX(t, func(b *bytes.Buffer) error { return sm.XLSX(b) })
	expectNumber(t, f, sheetSummary, "B"+strconv.Itoa(rowOf(t, f, sheetSummary, "A", "Поступило сообщений")), 0)
	if got := cellText(t, f, sheetSummary, "B"+strconv.Itoa(rowOf(t, f, sheetSummary, "A", "Доля ответов, направленных в срок"))); got != "" {
		t.Errorf("a share of nothing must be empty, not %q", got)
	}
}
