package reports

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// pdfText writes a report to a file and reads its text back with pdftotext (Debian's poppler-utils) in layout
// mode: table rows stay on their lines. It also returns the text with all white space collapsed, for sentences
// that wrap.
func pdfText(t *testing.T, write func(io.Writer) error) (raw []byte, layout, flat string) {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install Debian's poppler-utils (apt-get install -y poppler-utils) to read the PDF reports back")
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:min(buf.Len(), 20)])
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	layout = string(out)
	return buf.Bytes(), layout, strings.Join(strings.Fields(layout), " ")
}

// embeddedFonts lists the PDF's fonts with pdffonts (also poppler-utils) and checks that every one is embedded.
func expectEmbeddedFonts(t *testing.T, raw []byte) {
	t.Helper()
	tool, err := exec.LookPath("pdffonts")
	if err != nil {
		t.Fatal("pdffonts not found: install Debian's poppler-utils (apt-get install -y poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "fonts.pdf")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("no fonts in the PDF:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type... encoding emb sub uni object ID: emb is the fifth field from the end.
		if len(f) < 6 || f[len(f)-5] != "yes" || !strings.Contains(strings.ToLower(f[0]), "dejavu") {
			t.Errorf("font not embedded DejaVu: %s", l)
		}
	}
}

func expectContains(t *testing.T, flat string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(flat, w) {
			t.Errorf("the PDF text lacks %q", w)
		}
	}
}

func expectLine(t *testing.T, layout string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		if !regexp.MustCompile(`(?m)` + p).MatchString(layout) {
			t.Errorf("no line of the PDF matches %s", p)
		}
	}
}

// П.16: the memo as PDF, read back as text, carries the form (addressee, kind, subject, period, signature) and the
// hand-computed numbers.
func TestShortcomingsPDF(t *testing.T) {
	s := BuildShortcomings(seedCases(), seedPeriod(), seedOptions(t))
	raw, layout, flat := pdfText(t, s.PDF)
	expectEmbeddedFonts(t, raw)
	expectContains(t, flat,
		"Главе Кожевниковского района",
		"Администрация Кожевниковского района",
		"СЛУЖЕБНАЯ ЗАПИСКА",
		"от 23.03.2026",
		"О недостатках в работе с сообщениями из открытых источников",
		"за период с 02.03.2026 по 20.03.2026",
		"(по состоянию на 23.03.2026 10:00)",
		"Сроков представления проектов ответов в периоде: 14; проектов, представленных с опозданием: 5; не представленных: 3.",
		"позднее 1 ч рабочего времени после поступления: 3; ответов в ДИП с нарушением срока (пп. 7, 9): 4; окончательных ответов с нарушением срока (п. 10): 1.",
		"Всего нарушений сроков: 16 (исполнителями — 8, координатором — 8) по 10 сообщениям.",
		"Подготовил(а):",
		"Специалист по организации деятельности",
		"И.А. Бирюкова",
	)
	expectLine(t, layout,
		`^\s*1\s+Иванов Пётр Сергеевич\s+Отдел ЖКХ, строительства и\s+5\s+2\s+1\s*$`,
		`^\s*2\s+Петрова Анна Викторовна\s+Управление образования\s+2\s+2\s+0\s*$`,
		`^\s*3\s+Сидоров Олег Николаевич\s+Администрация Уртамского\s+4\s+0\s+2\s*$`,
		`^\s*4\s+Кузнецов Иван Ильич\s+Отдел ЖКХ, строительства и\s+3\s+1\s+0\s*$`,
		`^\s*Итого\s+14\s+5\s+3\s*$`,
		`^\s*Отдел ЖКХ, строительства и транспорта\s+8\s+3\s+1\s*$`,
		// The coordinator's rows: case, what, due, done, late by.
		`^\s*ОТК-2026-0002\s+направлено исполнителям не\s+04\.03\.2026\s+04\.03\.2026\s+1 ч 30 мин\s*$`,
		`^\s*ОТК-2026-0007\s+не направлено исполнителям \(п\.\s+12\.03\.2026\s+не направлен\s+55 ч\s*$`,
		`^\s*ОТК-2026-0012\s+ответ в ДИП направлен с\s+18\.03\.2026\s+18\.03\.2026\s+менее 1 мин\s*$`,
		// The executors' rows.
		`^\s*ОТК-2026-0009\s+Иванов П\. С\.\s+проект ответа не\s+16\.03\.2026\s+не\s+35 ч 55 мин\s*$`,
		`^\s*ОТК-2026-0001\s+Иванов П\. С\.\s+проект окончательного\s+13\.03\.2026\s+13\.03\.2026\s+1 ч 30 мин\s*$`,
	)
	// Every case behind the memo is named: 0003 twice among the executors' rows and twice among the coordinator's.
	if n := strings.Count(flat, "ОТК-2026-0003"); n != 4 {
		t.Errorf("ОТК-2026-0003 appears %d times, want 4", n)
	}
	for _, id := range []string{"0001", "0002", "0004", "0007", "0008", "0009", "0011", "0012", "0013"} {
		if !strings.Contains(flat, "ОТК-2026-"+id) {
			t.Errorf("case %s missing from the memo", id)
		}
	}
	for _, absent := range []string{"ОТК-2026-0005", "ОТК-2026-0006", "ОТК-2026-0010", "ОТК-2026-0014"} {
		if strings.Contains(flat, absent) {
			t.Errorf("%s kept every deadline, yet is in the memo", absent)
		}
	}
}

// barWidths reads the widths of the filled rectangles (fpdf's "re f": only the chart bars are filled without a
// border) from the PDF's content streams.
func barWidths(t *testing.T, raw []byte) []float64 {
	t.Helper()
	re := regexp.MustCompile(`(?m)^[\d.]+ [\d.]+ ([\d.]+) -?[\d.]+ re f$`)
	var widths []float64
	for rest := raw; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			break
		}
		zr, err := zlib.NewReader(bytes.NewReader(rest[:j]))
		if err != nil {
			continue // an uncompressed or non-content stream
		}
		content, _ := io.ReadAll(zr)
		for _, m := range re.FindAllSubmatch(content, -1) {
			w, _ := strconv.ParseFloat(string(m[1]), 64)
			widths = append(widths, w)
		}
		rest = rest[j:]
	}
	sort.Float64s(widths)
	return widths
}

// П.16, П.17: the summary PDF: indicators, the bar charts by network and by settlement (drawn with fpdf's own
// rectangles, bars to scale), and the other breakdowns.
func TestSummaryPDF(t *testing.T) {
	s := BuildSummary(seedCases(), seedPeriod(), seedOptions(t))
	raw, layout, flat := pdfText(t, s.PDF)
	expectEmbeddedFonts(t, raw)
	expectContains(t, flat,
		"Сводка о работе с сообщениями из открытых источников",
		"за период с 02.03.2026 по 20.03.2026",
		"Поступило сообщений 13",
		"Из них не закрыто 7",
		"Ответов в ДИП направлено в срок (пп. 7, 9) 7 из 11 (63,6 %)",
		"Окончательных ответов в срок (п. 10) 2 из 3 (66,7 %)",
		"Медиана рабочего времени до первого ответа 6 ч 30 мин",
		"Медиана рабочего времени до окончательного ответа 6 ч 50 мин",
		"Повторных сообщений (п. 12) 1",
		"Отклонено (пп. 14, 18) 1",
		"Доложено Главе района (п. 17) 1",
		"Сообщения по социальным сетям",
		"Сообщения по поселениям",
		"нецензурные выражения (п. 14 Положения) 1",
		"ОТК-2026-0009, ОТК-2026-0010,",
		"И.А. Бирюкова",
	)
	expectLine(t, layout,
		`^\s*ВКонтакте\s+7\s*$`, `^\s*Telegram\s+2\s*$`, `^\s*Одноклассники\s+2\s*$`, `^\s*Instagram\s+1\s*$`,
		`^\s*Кожевниково\s+7\s*$`, `^\s*Уртам\s+2\s*$`, `^\s*Песочнодубровка\s+1\s*$`,
		`^\s*0\s+2\s+4\s+6\s+8\s*$`, // the scale under a chart
		`^\s*Дороги\s+5\s+38,5 %\s*$`,
		`^\s*Сидоров Олег Николаевич\s+3\s+23,1 %\s*$`,
	)

	// 5 networks and 6 settlements: 11 bars; both charts share the scale (0..8), so a bar of 7 is exactly 7 times
	// a bar of 1 and 3.5 times a bar of 2.
	w := barWidths(t, raw)
	if len(w) != 11 {
		t.Fatalf("bars drawn: %d (%v), want 11", len(w), w)
	}
	one, two, seven := w[0], w[6], w[10]
	for i, want := range []float64{one, one, one, one, one, one, two, two, two, seven, seven} {
		if d := w[i] - want; d > 0.02 || d < -0.02 {
			t.Errorf("bar widths %v: not six of 1, three of 2, two of 7", w)
			break
		}
	}
	if r := seven / one; r < 6.98 || r > 7.02 {
		t.Errorf("a bar of 7 is %.3f times a bar of 1", r)
	}
	if r := two / one; r < 1.99 || r > 2.01 {
		t.Errorf("a bar of 2 is %.3f times a bar of 1", r)
	}
}

// A report of an empty period still prints, and says so.
func TestEmptyReportsPDF(t *testing.T) {
	o := seedOptions(t)
	p := Period{From: at("2025-06-02 00:00"), To: at("2025-06-06 00:00")}
	sc := BuildShortcomings(seedCases(), p, o)
	_, _, flat := pdfText(t, sc.PDF)
	expectContains(t, flat, "СЛУЖЕБНАЯ ЗАПИСКА", "за период с 02.06.2025 по 06.06.2025", noShortcomings)
	sm := BuildSummary(seedCases(), p, o)
	_, _, flat = pdfText(t, sm.PDF)
	expectContains(t, flat, "Поступило сообщений 0", "Сообщений за период нет.")
}
