package screening

import (
	"bufio"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The corpus was written before the detector. Rows whose id is divisible by 3 are the held-out third: tuning
// looks only at the other rows (TestTrain prints their misses); TestHoldout reports figures, never rows.

type corpusRow struct {
	id     int
	labels []string // empty for «ok»
	text   string
}

func (r corpusRow) holdout() bool { return r.id%3 == 0 }

func loadCorpus(t *testing.T) []corpusRow { return loadRows(t, "testdata/corpus.tsv", 160) }

func loadRows(t *testing.T, path string, minRows int) []corpusRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open corpus: %v", err)
	}
	defer f.Close()
	var rows []corpusRow
	seen := map[int]bool{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			continue // header
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			t.Fatalf("corpus line %d: %d columns, want 3", line, len(cols))
		}
		id, err := strconv.Atoi(cols[0])
		if err != nil || seen[id] {
			t.Fatalf("corpus line %d: bad or repeated id %q", line, cols[0])
		}
		seen[id] = true
		row := corpusRow{id: id, text: cols[2]}
		if cols[1] != "ok" {
			for _, l := range strings.Split(cols[1], ",") {
				switch l {
				case ReasonHarm, ReasonInsult, ReasonObscene, ReasonThreat:
					row.labels = append(row.labels, l)
				default:
					t.Fatalf("corpus line %d: unknown label %q", line, l)
				}
			}
			sort.Strings(row.labels)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read corpus: %v", err)
	}
	if len(rows) < minRows {
		t.Fatalf("%s has %d rows, want at least %d", path, len(rows), minRows)
	}
	return rows
}

// score counts true positives, false positives and false negatives.
type score struct{ tp, fp, fn int }

func (s score) precision() float64 {
	if s.tp+s.fp == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s score) recall() float64 {
	if s.tp+s.fn == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

type evaluation struct {
	suggested score
	byReason  map[string]*score
	misses    []string // rows the detector got wrong on «suggested»
	reasonOff []string // rows flagged correctly but with other codes
}

func evaluate(d *Detector, rows []corpusRow) evaluation {
	ev := evaluation{byReason: map[string]*score{}}
	for _, r := range []string{ReasonHarm, ReasonInsult, ReasonObscene, ReasonThreat} {
		ev.byReason[r] = &score{}
	}
	for _, row := range rows {
		got := d.Check(row.text)
		want := len(row.labels) > 0
		switch {
		case got.Suggested && want:
			ev.suggested.tp++
		case got.Suggested && !want:
			ev.suggested.fp++
		case !got.Suggested && want:
			ev.suggested.fn++
		}
		if got.Suggested != want {
			ev.misses = append(ev.misses, describe(row, got))
		} else if want && strings.Join(got.Reasons, ",") != strings.Join(row.labels, ",") {
			ev.reasonOff = append(ev.reasonOff, describe(row, got))
		}
		for r, s := range ev.byReason {
			g, w := contains(got.Reasons, r), contains(row.labels, r)
			switch {
			case g && w:
				s.tp++
			case g && !w:
				s.fp++
			case !g && w:
				s.fn++
			}
		}
	}
	return ev
}

func describe(row corpusRow, got Result) string {
	want := strings.Join(row.labels, ",")
	if want == "" {
		want = "ok"
	}
	return strconv.Itoa(row.id) + " want " + want + " got " + strings.Join(got.Reasons, ",") + " " +
		strings.Join(got.Fragments, " | ") + " :: " + row.text
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func split(rows []corpusRow, holdout bool) []corpusRow {
	var out []corpusRow
	for _, r := range rows {
		if r.holdout() == holdout {
			out = append(out, r)
		}
	}
	return out
}

func logFigures(t *testing.T, name string, n int, ev evaluation) {
	t.Helper()
	t.Logf("%s: %d rows; suggested precision %.3f recall %.3f (tp %d fp %d fn %d)", name, n,
		ev.suggested.precision(), ev.suggested.recall(), ev.suggested.tp, ev.suggested.fp, ev.suggested.fn)
	for _, r := range []string{ReasonHarm, ReasonInsult, ReasonObscene, ReasonThreat} {
		s := ev.byReason[r]
		t.Logf("%s: %-8s precision %.3f recall %.3f (tp %d fp %d fn %d)", name, r, s.precision(), s.recall(),
			s.tp, s.fp, s.fn)
	}
}

// П.14: the tuning two thirds of the corpus; its misses are printed to tune by.
func TestTrain(t *testing.T) {
	rows := split(loadCorpus(t), false)
	ev := evaluate(New(nil, nil), rows)
	logFigures(t, "train", len(rows), ev)
	for _, m := range ev.reasonOff {
		t.Logf("other codes: %s", m)
	}
	for _, m := range ev.misses {
		t.Logf("miss: %s", m)
	}
	if p, r := ev.suggested.precision(), ev.suggested.recall(); p < 0.95 || r < 0.95 {
		t.Errorf("train precision %.3f recall %.3f, want both ≥ 0.95", p, r)
	}
}

// П.14: the held-out third, never used for tuning. Only the figures are printed, not the rows.
func TestHoldout(t *testing.T) {
	rows := split(loadCorpus(t), true)
	if len(rows) < 50 {
		t.Fatalf("holdout has %d rows, want at least 50", len(rows))
	}
	ev := evaluate(New(nil, nil), rows)
	logFigures(t, "holdout", len(rows), ev)
	if p := ev.suggested.precision(); p < 0.9 {
		t.Errorf("holdout precision %.3f, want ≥ 0.9", p)
	}
	if r := ev.suggested.recall(); r < 0.85 {
		t.Errorf("holdout recall %.3f, want ≥ 0.85", r)
	}
}

// П.14: a second set written after the detector, in phrasings the rules were not written from. It is tuned on
// (its misses are printed), so it measures nothing independent any more; it guards against regressions.
func TestProbe(t *testing.T) {
	rows := loadRows(t, "testdata/probe.tsv", 100)
	ev := evaluate(New(nil, nil), rows)
	logFigures(t, "probe", len(rows), ev)
	for _, m := range ev.reasonOff {
		t.Logf("other codes: %s", m)
	}
	for _, m := range ev.misses {
		t.Logf("miss: %s", m)
	}
	if p, r := ev.suggested.precision(), ev.suggested.recall(); p < 0.9 || r < 0.85 {
		t.Errorf("probe precision %.3f recall %.3f, want ≥ 0.9 and ≥ 0.85", p, r)
	}
}
