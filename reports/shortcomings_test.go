package reports

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"otklik/domain"
)

func hm(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }

// want is one expected LateItem: case number, kind, stage, due, done ("" for none), late by.
type want struct {
	seq        int
	kind       string
	stage      string
	due, done  string
	lateBy     time.Duration
	executorOf string
}

func (w want) String() string {
	return fmt.Sprintf("%04d %s %s due %s done %q by %s", w.seq, w.kind, w.stage, w.due, w.done, w.lateBy)
}

func gotString(it LateItem) string {
	done := ""
	if it.Done != nil {
		done = it.Done.Format("2006-01-02 15:04")
	}
	var seq int
	fmt.Sscanf(string(it.CaseID), "ОТК-2026-%d", &seq)
	return want{seq: seq, kind: it.Kind, stage: it.Stage, due: it.Due.Format("2006-01-02 15:04"), done: done, lateBy: it.LateBy}.String()
}

func compareItems(t *testing.T, what string, got []LateItem, wants []want) {
	t.Helper()
	var g, w []string
	for _, it := range got {
		g = append(g, gotString(it))
		if it.Due.Location().String() != "Asia/Tomsk" {
			t.Errorf("%s: due %s not in the organisation's zone", what, it.Due)
		}
	}
	for _, x := range wants {
		w = append(w, x.String())
	}
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Errorf("%s:\n got:\n  %s\nwant:\n  %s", what, strings.Join(g, "\n  "), strings.Join(w, "\n  "))
	}
}

// П.15, П.16: the executors' late and missed drafts and the coordinator's own lateness in the seeded period, every
// number worked out by hand in seed_test.go.
func TestShortcomingsSeed(t *testing.T) {
	s := BuildShortcomings(seedCases(), seedPeriod(), seedOptions(t))
	const I, F = domain.KindInterim, domain.KindFinal

	lines := []struct {
		login, name, unit   string
		tasks, late, missed int
		items               []want
	}{
		// Иванов: 0001 interim ok, 0001 final late, 0004 late after rework, 0009 missed, 0010 interim ok.
		{"zam-zhkh", "Иванов Пётр Сергеевич", "Отдел ЖКХ, строительства и транспорта", 5, 2, 1, []want{
			{seq: 4, kind: KindDraftLate, stage: I, due: "2026-03-10 12:00", done: "2026-03-10 14:00", lateBy: hm(1, 0)},
			{seq: 1, kind: KindDraftLate, stage: F, due: "2026-03-13 16:00", done: "2026-03-13 17:30", lateBy: hm(1, 30)},
			{seq: 9, kind: KindDraftMissed, stage: I, due: "2026-03-16 15:05", lateBy: hm(35, 55)},
		}},
		// Петрова: 0013 late (the case came before the period, its deadline in it), 0002 late; 0005 rejected.
		{"obraz", "Петрова Анна Викторовна", "Управление образования", 2, 2, 0, []want{
			{seq: 13, kind: KindDraftLate, stage: I, due: "2026-03-02 14:00", done: "2026-03-02 14:30", lateBy: hm(0, 30)},
			{seq: 2, kind: KindDraftLate, stage: I, due: "2026-03-04 15:00", done: "2026-03-04 16:10", lateBy: hm(1, 10)},
		}},
		// Сидоров: 0003 missed twice (to the interim answer, then the final drafts until now); 0008, 0012 ok.
		{"urtam", "Сидоров Олег Николаевич", "Администрация Уртамского сельского поселения", 4, 0, 2, []want{
			{seq: 3, kind: KindDraftMissed, stage: I, due: "2026-03-06 10:30", lateBy: hm(3, 0)},
			{seq: 3, kind: KindDraftMissed, stage: F, due: "2026-03-18 16:00", lateBy: hm(19, 0)},
		}},
		// Кузнецов: 0004 ok, 0008 late (second in the sequence), 0011 ok; 0014 is due after the period.
		{"dorogi", "Кузнецов Иван Ильич", "Отдел ЖКХ, строительства и транспорта", 3, 1, 0, []want{
			{seq: 8, kind: KindDraftLate, stage: I, due: "2026-03-16 09:00", done: "2026-03-16 10:00", lateBy: hm(1, 0)},
		}},
	}
	if len(s.ByExecutor) != len(lines) {
		t.Fatalf("executor lines: got %d, want %d: %+v", len(s.ByExecutor), len(lines), s.ByExecutor)
	}
	for i, w := range lines {
		l := s.ByExecutor[i]
		if l.Executor != w.login || l.Name != w.name || l.Unit != w.unit {
			t.Errorf("line %d: got %s/%s/%s, want %s/%s/%s (order: most shortcomings first, then name)", i+1,
				l.Executor, l.Name, l.Unit, w.login, w.name, w.unit)
			continue
		}
		if l.Tasks != w.tasks || l.Late != w.late || l.Missed != w.missed {
			t.Errorf("%s: tasks/late/missed = %d/%d/%d, want %d/%d/%d", w.login, l.Tasks, l.Late, l.Missed, w.tasks, w.late, w.missed)
		}
		compareItems(t, w.login, l.Cases, w.items)
	}

	// П.6, П.7, П.9, П.10: the coordinator's own side, in due order.
	compareItems(t, "coordinator", s.CoordinatorLate, []want{
		{seq: 2, kind: KindDispatchLate, due: "2026-03-04 10:00", done: "2026-03-04 11:30", lateBy: hm(1, 30)},
		{seq: 3, kind: KindInterimLate, due: "2026-03-06 12:30", done: "2026-03-06 14:30", lateBy: hm(1, 0)},
		{seq: 7, kind: KindDispatchLate, due: "2026-03-12 11:00", lateBy: hm(55, 0)},
		{seq: 7, kind: KindInterimLate, due: "2026-03-12 18:00", lateBy: hm(49, 0)},
		{seq: 11, kind: KindDispatchLate, due: "2026-03-16 16:00", done: "2026-03-16 16:30", lateBy: hm(0, 30)},
		{seq: 9, kind: KindInterimLate, due: "2026-03-16 17:05", lateBy: hm(33, 55)},
		{seq: 3, kind: KindFinalLate, due: "2026-03-18 18:00", lateBy: hm(17, 0)},
		{seq: 12, kind: KindInterimLate, due: "2026-03-18 18:00", done: "2026-03-18 18:30", lateBy: 0},
	})

	wantTotals := Totals{Tasks: 14, DraftsLate: 5, DraftsMissed: 3, DispatchLate: 3, InterimLate: 4, FinalLate: 1, Cases: 10}
	if s.Totals != wantTotals {
		t.Errorf("totals: got %+v, want %+v", s.Totals, wantTotals)
	}

	wantUnits := []UnitLine{
		{Unit: "Отдел ЖКХ, строительства и транспорта", Executors: 2, Tasks: 8, Late: 3, Missed: 1},
		{Unit: "Администрация Уртамского сельского поселения", Executors: 1, Tasks: 4, Late: 0, Missed: 2},
		{Unit: "Управление образования", Executors: 1, Tasks: 2, Late: 2, Missed: 0},
	}
	if fmt.Sprint(s.ByUnit) != fmt.Sprint(wantUnits) {
		t.Errorf("units:\n got %+v\nwant %+v", s.ByUnit, wantUnits)
	}
	if got := s.Period.Label(); got != "с 02.03.2026 по 20.03.2026" {
		t.Errorf("period: %q", got)
	}
	if s.Addressee != "Главе Кожевниковского района" {
		t.Errorf("addressee: %q", s.Addressee)
	}
}

// П.8: the rules of one task's drafts deadline, each case alone. Received Tue 03.03.2026 10:00: drafts due 16:00,
// answer due 18:00; now is 23.03.2026 10:00.
func TestDraftRules(t *testing.T) {
	base := func() *domain.Case {
		c := seedCase(1, "vk", "Кожевниково", "ЖКХ", "2026-03-03 10:00", "2026-03-03 10:00", "2026-03-03 16:00", "2026-03-03 18:00")
		c.Status = domain.StatusDispatched
		c.Tasks = []domain.Task{task(1, "zam-zhkh", domain.TaskSent, ptr("2026-03-03 10:10"), "2026-03-03 16:00", nil, false)}
		return c
	}
	tests := []struct {
		name                string
		change              func(c *domain.Case)
		tasks, late, missed int
		lateBy              time.Duration
	}{
		{"on time", func(c *domain.Case) {
			c.Drafts = []domain.Draft{draft(1, 1, "zam-zhkh", "2026-03-03 15:59", domain.KindInterim, false)}
		}, 1, 0, 0, 0},
		{"exactly at the due time is on time", func(c *domain.Case) {
			c.Drafts = []domain.Draft{draft(1, 1, "zam-zhkh", "2026-03-03 16:00", domain.KindInterim, false)}
		}, 1, 0, 0, 0},
		{"late over the night: only working time counts", func(c *domain.Case) {
			c.Drafts = []domain.Draft{draft(1, 1, "zam-zhkh", "2026-03-04 09:15", domain.KindInterim, false)}
		}, 1, 1, 0, hm(2, 15)},
		{"only DraftAt recorded", func(c *domain.Case) { c.Tasks[0].DraftAt = ptr("2026-03-03 17:00") }, 1, 1, 0, hm(1, 0)},
		{"missed, measured to now", func(c *domain.Case) {}, 1, 0, 1, hm(99, 0)},
		{"returned and never resubmitted is missed", func(c *domain.Case) {
			c.Tasks[0].Status = domain.TaskReturned
			c.Drafts = []domain.Draft{draft(1, 1, "zam-zhkh", "2026-03-03 12:00", domain.KindInterim, true)}
		}, 1, 0, 1, hm(99, 0)},
		{"missed until the answer that went without it", func(c *domain.Case) {
			c.Status = domain.StatusFinalSent
			c.Answers = []domain.Answer{answer(domain.KindFinal, "2026-03-03 17:00")}
		}, 1, 0, 1, hm(1, 0)},
		{"answered before the due time: the deadline lapses", func(c *domain.Case) {
			c.Status = domain.StatusFinalSent
			c.Answers = []domain.Answer{answer(domain.KindFinal, "2026-03-03 12:00")}
		}, 0, 0, 0, 0},
		{"bounced: not the executor's fault", func(c *domain.Case) {
			c.Tasks[0].Status, c.Tasks[0].SentAt = domain.TaskBounced, nil
		}, 0, 0, 0, 0},
		{"pending in a sequence: never reached the executor", func(c *domain.Case) {
			c.Tasks[0].Status, c.Tasks[0].SentAt = domain.TaskPending, nil
		}, 0, 0, 0, 0},
		{"rejected case without a draft", func(c *domain.Case) { c.Status = domain.StatusRejected }, 0, 0, 0, 0},
	}
	o := seedOptions(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			tc.change(c)
			s := BuildShortcomings([]*domain.Case{c}, seedPeriod(), o)
			var tasks, late, missed int
			var by time.Duration
			for _, l := range s.ByExecutor {
				tasks, late, missed = tasks+l.Tasks, late+l.Late, missed+l.Missed
				for _, it := range l.Cases {
					by += it.LateBy
				}
			}
			if tasks != tc.tasks || late != tc.late || missed != tc.missed || by != tc.lateBy {
				t.Errorf("tasks/late/missed/by = %d/%d/%d/%s, want %d/%d/%d/%s", tasks, late, missed, by, tc.tasks, tc.late, tc.missed, tc.lateBy)
			}
		})
	}
}

// П.6: «незамедлительно» is the configured working time; its boundary is inclusive.
func TestDispatchPrompt(t *testing.T) {
	tests := []struct {
		sent   string
		prompt time.Duration
		late   bool
		by     time.Duration
	}{
		{"2026-03-03 11:00", time.Hour, false, 0},
		{"2026-03-03 11:01", time.Hour, true, time.Minute},
		{"2026-03-03 11:01", 2 * time.Hour, false, 0},
		// 10:00 + 3 h of working time ends at 13:00; the lunch hour adds nothing.
		{"2026-03-03 14:00", 3 * time.Hour, false, 0},
		{"2026-03-03 14:10", 3 * time.Hour, true, 10 * time.Minute},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%s", tc.sent, tc.prompt), func(t *testing.T) {
			c := seedCase(1, "vk", "Кожевниково", "ЖКХ", "2026-03-03 10:00", "2026-03-03 10:00", "2026-03-03 16:00", "2026-03-03 18:00")
			c.Status = domain.StatusFinalSent
			c.Tasks = []domain.Task{task(1, "zam-zhkh", domain.TaskDraftReceived, ptr(tc.sent), "2026-03-03 16:00", ptr("2026-03-03 15:00"), false)}
			c.Answers = []domain.Answer{answer(domain.KindFinal, "2026-03-03 17:00")}
			o := seedOptions(t)
			o.DispatchPrompt = tc.prompt
			s := BuildShortcomings([]*domain.Case{c}, seedPeriod(), o)
			if got := s.Totals.DispatchLate == 1; got != tc.late {
				t.Fatalf("dispatch late = %v, want %v (%+v)", got, tc.late, s.CoordinatorLate)
			}
			if tc.late && s.CoordinatorLate[0].LateBy != tc.by {
				t.Errorf("late by %s, want %s", s.CoordinatorLate[0].LateBy, tc.by)
			}
		})
	}
}

// A period is both dates inclusive in the organisation's zone: a deadline at 23:59 of the last day is in, one at
// 00:00 of the next day is out, whatever zone the caller's midnights were written in.
func TestPeriod(t *testing.T) {
	p, err := ParsePeriod("2026-03-02", "2026-03-20", tomskLoc)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{at("2026-03-02 00:00"), true},
		{at("2026-03-01 23:59"), false},
		{at("2026-03-20 23:59"), true},
		{at("2026-03-21 00:00"), false},
		{time.Date(2026, 3, 20, 17, 30, 0, 0, time.UTC), false}, // 21.03 00:30 in Tomsk
		{time.Date(2026, 3, 1, 17, 30, 0, 0, time.UTC), true},   // 02.03 00:30 in Tomsk
	} {
		if got := p.Contains(tc.at, tomskLoc); got != tc.want {
			t.Errorf("Contains(%s) = %v, want %v", tc.at, got, tc.want)
		}
	}
	utc := Period{From: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)}
	if !utc.Contains(at("2026-03-20 23:59"), tomskLoc) || utc.Contains(at("2026-03-21 00:00"), tomskLoc) {
		t.Error("UTC midnights must mean the same dates in the organisation's zone")
	}
	for _, bad := range [][2]string{{"2026-03-20", "2026-03-02"}, {"02.03.2026", "2026-03-20"}, {"2026-03-02", ""}} {
		if _, err := ParsePeriod(bad[0], bad[1], tomskLoc); err == nil {
			t.Errorf("ParsePeriod(%q, %q): want an error", bad[0], bad[1])
		}
	}
}

func TestMemoText(t *testing.T) {
	s := BuildShortcomings(seedCases(), seedPeriod(), seedOptions(t))
	text := s.MemoText()
	for _, want := range []string{
		"Главе Кожевниковского района",
		"СЛУЖЕБНАЯ ЗАПИСКА",
		"от 23.03.2026",
		"О недостатках в работе с сообщениями из открытых источников",
		"за период с 02.03.2026 по 20.03.2026",
		"Сроков представления проектов ответов в периоде: 14; проектов, представленных с опозданием: 5; не представленных: 3.",
		"1) Иванов Пётр Сергеевич (Отдел ЖКХ, строительства и транспорта): сроков 5, с опозданием 2, не представлено 1.",
		"ОТК-2026-0001 (Кожевниково, ЖКХ): проект окончательного ответа представлен с опозданием (п. 10); срок 13.03.2026 16:00, представлен 13.03.2026 17:30, опоздание 1 ч 30 мин.",
		"ОТК-2026-0009 (Кожевниково, ЖКХ): проект ответа не представлен (п. 8); срок 16.03.2026 15:05, просрочено на 35 ч 55 мин.",
		"позднее 1 ч рабочего времени после поступления: 3; ответов в ДИП с нарушением срока (пп. 7, 9): 4; окончательных ответов с нарушением срока (п. 10): 1.",
		"ОТК-2026-0012 (Вороново, Благоустройство): ответ в ДИП направлен с нарушением срока (пп. 7, 9); срок 18.03.2026 18:00, направлен 18.03.2026 18:30, опоздание менее 1 мин.",
		"ОТК-2026-0007 (Чилино, Благоустройство): не направлено исполнителям (п. 6); срок 12.03.2026 11:00, просрочено на 55 ч.",
		"Всего нарушений сроков: 16 (исполнителями — 8, координатором — 8) по 10 сообщениям.",
		"Подготовил(а):",
		"И.А. Бирюкова",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("memo text lacks %q\n%s", want, text)
		}
	}
}

// The memo's addressee is in the dative: settings [head] name is in the nominative.
func TestDativeOfHead(t *testing.T) {
	for in, want := range map[string]string{
		"Глава Кожевниковского района": "Главе Кожевниковского района",
		"Глава": "Главе района",
		"":      "Главе района",
		"Главе района А.А. Малолетко": "Главе района А.А. Малолетко",
	} {
		if got := dativeOfHead(in); got != want {
			t.Errorf("dativeOfHead(%q) = %q, want %q", in, got, want)
		}
	}
	o := seedOptions(t)
	o.Addressee = "Главе Кожевниковского района\nА.А. Малолетко"
	if s := BuildShortcomings(nil, seedPeriod(), o); !strings.HasPrefix(s.MemoText(), o.Addressee+"\n") {
		t.Errorf("an explicit addressee heads the memo:\n%s", s.MemoText())
	}
}
