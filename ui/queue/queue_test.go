package queue

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"otklik/domain"
)

var tomsk = func() *time.Location { l, _ := time.LoadLocation("Asia/Tomsk"); return l }()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, tomsk)
	if err != nil {
		panic(err)
	}
	return t
}

var words = strings.Fields(`когда почистят дорогу на улице октябрьской нет воды в колонке третий день фонари не горят
	во дворе школы яма у остановки автобус не пришёл мусор не вывозят с прошлой недели просим администрацию района
	принять меры отопление в детском саду холодно дети болеют сколько можно ждать ответа обещали ещё осенью`)

// synthetic makes n cases in urgency order with citizen texts of realistic length (~40 words).
func synthetic(n int) []*domain.Case {
	r := rand.New(rand.NewSource(1))
	base := at("2026-01-13T09:00")
	statuses := []domain.Status{domain.StatusNew, domain.StatusDispatched, domain.StatusDraftsReceived,
		domain.StatusInterimSent, domain.StatusFinalSent, domain.StatusRejected}
	out := make([]*domain.Case, n)
	for i := range out {
		var text []string
		for k := 0; k < 40; k++ {
			text = append(text, words[r.Intn(len(words))])
		}
		due := base.Add(time.Duration(i) * time.Minute)
		c := &domain.Case{ID: domain.FormatCaseID("ОТК", 2026, i+1), Status: statuses[r.Intn(len(statuses))],
			IncidentIDs: []string{fmt.Sprint(4500000 + i)}, Network: "vk", Author: fmt.Sprintf("Автор %d", i),
			Settlement: "Кожевниково", Text: strings.Join(text, " "), DraftsDue: due, AnswerDue: due.Add(2 * time.Hour),
			SociallySignificant: i%50 == 0}
		if c.Status == domain.StatusInterimSent {
			f := due.Add(72 * time.Hour)
			c.FinalDue, c.FinalDraftsDue = &f, &f
		}
		out[i] = c
	}
	return out
}

func ids(m *Model) []string {
	var out []string
	for i := 0; i < m.Len(); i++ {
		out = append(out, string(m.At(i).Case.ID))
	}
	return out
}

func TestFilters(t *testing.T) {
	now := at("2026-01-13T12:00")
	mk := func(id string, status domain.Status, drafts string, significant bool, text string) *domain.Case {
		return &domain.Case{ID: domain.CaseID(id), Status: status, DraftsDue: at(drafts), AnswerDue: at(drafts).Add(2 * time.Hour),
			SociallySignificant: significant, Text: text, Author: "Сергей Мальцев", IncidentIDs: []string{"45" + id[len(id)-2:]}}
	}
	cases := []*domain.Case{
		mk("ОТК-2026-0001", domain.StatusNew, "2026-01-13T11:00", false, "Когда почистят Октябрьскую?"),
		mk("ОТК-2026-0002", domain.StatusDispatched, "2026-01-13T16:22", true, "В школе холодно, отопление"),
		mk("ОТК-2026-0003", domain.StatusNew, "2026-01-14T10:00", false, "Ёлка на площади упала"),
		mk("ОТК-2026-0004", domain.StatusFinalSent, "2026-01-12T10:00", true, "Старое сообщение"),
	}
	m := New(cases)
	tests := []struct {
		name string
		f    Filter
		want string
	}{
		{"all", Filter{}, "ОТК-2026-0001 ОТК-2026-0002 ОТК-2026-0003 ОТК-2026-0004"},
		{"open", Filter{Status: Open}, "ОТК-2026-0001 ОТК-2026-0002 ОТК-2026-0003"},
		{"overdue", Filter{Quick: Overdue}, "ОТК-2026-0001"},
		{"due today", Filter{Quick: DueToday}, "ОТК-2026-0002"},
		{"significant open", Filter{Quick: Significant, Status: Open}, "ОТК-2026-0002"},
		{"significant any", Filter{Quick: Significant}, "ОТК-2026-0002 ОТК-2026-0004"},
		{"one state", Filter{Status: domain.StatusFinalSent}, "ОТК-2026-0004"},
		{"text, case folded", Filter{Query: "октябрьскую"}, "ОТК-2026-0001"},
		{"ё typed as е", Filter{Query: "елка"}, "ОТК-2026-0003"},
		{"Latin tag", Filter{Query: "otk-2026-0003"}, "ОТК-2026-0003"},
		{"incident number", Filter{Query: "4502"}, "ОТК-2026-0002"},
		{"author and text", Filter{Query: "мальцев школе"}, "ОТК-2026-0002"},
		{"nothing", Filter{Query: "водопровод"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m.Apply(tc.f, now, tomsk)
			if got := strings.Join(ids(m), " "); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	if c := m.Counts(now, tomsk); c != (Counts{Open: 3, Overdue: 1, DueToday: 1, Significant: 1}) {
		t.Fatalf("counts %+v", c)
	}
	if m.Position("ОТК-2026-0004") != -1 || m.Find("ОТК-2026-0004") == nil {
		t.Fatal("a filtered-out case must be found but have no row")
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		in         string
		words, max int
		want       string
	}{
		{"Когда почистят  Октябрьскую?", 12, 90, "Когда почистят Октябрьскую?"},
		{"раз два три четыре", 2, 90, "раз два…"},
		{"абвгдежзий", 5, 4, "абвг…"},
		{"абвг  ", 5, 4, "абвг"},
		{"  раз\n\tдва  ", 5, 90, "раз два"},
	}
	for _, tc := range tests {
		if got := Excerpt(tc.in, tc.words, tc.max); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFoldKeepsSearchEquivalence(t *testing.T) {
	tests := []struct {
		hay, term string
		want      bool
	}{
		{"Когда почистят ОКТЯБРЬСКУЮ?", "октябрьскую", true},
		{"Ёлка упала", "елка", true},
		{"OTK-2026-0042", "otk-2026", true},
		{"вода", "вод", true},
		{"вода", "еда", false},
		{"я и а", "яиа", false},
	}
	for _, tc := range tests {
		if got := strings.Contains(Fold(tc.hay), Fold(tc.term)); got != tc.want {
			t.Errorf("%q in %q: %v", tc.term, tc.hay, got)
		}
	}
}

// DC: filtering 100 000 cases in memory answers a keystroke in under 50 ms (in the shipped build; see
// raceSlowdown).
func TestFilter100kUnder50ms(t *testing.T) {
	budget := 50 * time.Millisecond * raceSlowdown
	m := New(synthetic(100_000))
	now := at("2026-02-10T12:00")
	filters := []Filter{
		{Query: "октябрьской колонке"},
		{Query: "4599999"},
		{Quick: Overdue, Status: Open},
		{Query: "холодно", Quick: Significant},
	}
	for _, f := range filters {
		best := time.Hour
		for i := 0; i < 5; i++ { // best of five: the machine is shared, the question is what the code costs
			start := time.Now()
			m.Apply(f, now, tomsk)
			if d := time.Since(start); d < best {
				best = d
			}
		}
		t.Logf("%+v: %d of %d in %v", f, m.Len(), m.Total(), best)
		if best >= budget {
			t.Errorf("filter %+v took %v, want < %v", f, best, budget)
		}
	}
	m.Apply(Filter{Query: "4599999"}, now, tomsk)
	if m.Len() != 1 || m.At(0).Case.ID != "ОТК-2026-100000" {
		t.Fatalf("incident search found %v", ids(m))
	}
}

func BenchmarkFilter100k(b *testing.B) {
	m := New(synthetic(100_000))
	now := at("2026-02-10T12:00")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Apply(Filter{Query: "октябрьской колонке", Status: Open}, now, tomsk)
	}
}

func BenchmarkLoad100k(b *testing.B) {
	cases := synthetic(100_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		New(cases)
	}
}

// The queue narrows by network, settlement, executor and repeats (issue: filters by status, network, settlement,
// executor, repeats).
func TestNarrowingFilters(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Tomsk")
	now := time.Date(2026, 1, 13, 11, 0, 0, 0, loc)
	cs := []*domain.Case{
		{ID: "A", Status: domain.StatusNew, Network: "vk", Settlement: "Уртам", DraftsDue: now.Add(time.Hour), AnswerDue: now.Add(3 * time.Hour)},
		{ID: "B", Status: domain.StatusDispatched, Network: "ok", Settlement: "Кожевниково", RepeatOf: "A", DraftsDue: now.Add(2 * time.Hour), AnswerDue: now.Add(4 * time.Hour),
			Tasks: []domain.Task{{Executor: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Status: domain.TaskSent}}},
		{ID: "C", Status: domain.StatusNew, Network: "vk", Settlement: "Кожевниково", SuggestedRepeatOf: "A", DraftsDue: now.Add(3 * time.Hour), AnswerDue: now.Add(5 * time.Hour)},
	}
	m := New(cs)
	ids := func(f Filter) string {
		m.Apply(f, now, loc)
		var out string
		for i := 0; i < m.Len(); i++ {
			out += string(m.At(i).Case.ID)
		}
		return out
	}
	for _, c := range []struct {
		f    Filter
		want string
	}{
		{Filter{Network: "vk"}, "AC"},
		{Filter{Settlement: "Кожевниково"}, "BC"},
		{Filter{Executor: "zam-zhkh"}, "B"},
		{Filter{Repeats: true}, "BC"},
		{Filter{Network: "vk", Repeats: true}, "C"},
	} {
		if got := ids(c.f); got != c.want {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
	}
	nets, places, execs := m.Choices()
	if len(nets) != 2 || len(places) != 2 || execs["zam-zhkh"] != "Иванов П. С." {
		t.Fatalf("choices %v %v %v", nets, places, execs)
	}
}
