package ui

import (
	"strings"
	"testing"
	"time"

	"otklik/domain"
)

// П.16, Р.2: «Сводка» counts the month's cases and draws bars in proportion (Fyne canvas, like the PDF's).
func TestDashboardRoom(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk,
		incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T09:10")},
		incident{number: "2", settlement: "Кожевниково", text: "Снег", received: at("2026-01-13T09:20"), network: "ok"},
		incident{number: "3", settlement: "Уртам", text: "Вода", received: at("2026-01-13T09:30")},
		incident{number: "4", settlement: "Кожевниково", text: "Свет", received: at("2026-01-13T09:40")},
	)
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.room(roomDashboard)
	d := h.v.rooms.dashboard
	if !strings.Contains(d.figures.Text, "сообщений 4, в работе 4") {
		t.Fatalf("figures %q", d.figures.Text)
	}
	k, u := d.bars["По населённым пунктам/Кожевниково"], d.bars["По населённым пунктам/Уртам"]
	if k == nil || u == nil {
		t.Fatalf("bars %v", d.bars)
	}
	if w1, w2 := k.MinSize().Width, u.MinSize().Width; w1 != barUnit+2 || w2 != barUnit/3+2 {
		t.Fatalf("bar widths %v %v, want 3:1", w1, w2)
	}
	if vk, ok := d.bars["По соцсетям/ВКонтакте"], d.bars["По соцсетям/Одноклассники"]; vk == nil || ok == nil || vk.MinSize().Width <= ok.MinSize().Width {
		t.Fatalf("network bars %v", d.bars)
	}
}

// The queue narrows through the window's own selects: network, settlement, repeats.
func TestQueueNarrowingSelects(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk,
		incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T09:10")},
		incident{number: "2", settlement: "Уртам", text: "Снег", received: at("2026-01-13T09:20"), network: "ok"},
	)
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	n := h.v.queue.narrow
	n.network.SetSelected("Одноклассники")
	if got := h.listIDs(); len(got) != 1 || got[0] != "ОТК-2026-0002" {
		t.Fatalf("by network: %v", got)
	}
	n.network.SetSelected("все соцсети")
	n.place.SetSelected("Кожевниково")
	if got := h.listIDs(); len(got) != 1 || got[0] != "ОТК-2026-0001" {
		t.Fatalf("by settlement: %v", got)
	}
	n.place.SetSelected("все населённые пункты")
	n.repeats.SetChecked(true)
	if got := h.listIDs(); len(got) != 0 {
		t.Fatalf("repeats: %v", got)
	}
}

// П.6: the dispatch dialog suggests executors whose category the Department's wording contains.
func TestDispatchSuggestsByCategoryWording(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	h := newHarness(t, desk, clk, "")
	c := &domain.Case{ID: "ОТК-2026-0001", Category: "Дороги / содержание в зимний период", Settlement: "Вороново"}
	execs := []domain.Executor{
		{Login: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Categories: []string{"дороги"}, Active: true},
		{Login: "school", Name: "Сидоров Олег Ильич", Categories: []string{"Образование"}, Active: true},
	}
	d := newDispatchDialog(h.v, c, execs, nil, nil)
	if !strings.Contains(d.checks["zam-zhkh"].Text, "предлагается") || strings.Contains(d.checks["school"].Text, "предлагается") {
		t.Fatalf("suggestions: %q / %q", d.checks["zam-zhkh"].Text, d.checks["school"].Text)
	}
}

// The queue reads closed cases only when the status filter asks for them: memory does not grow with answered
// cases nobody is looking at.
func TestClosedCasesLoadOnlyWhenAsked(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk,
		incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T09:10")},
		incident{number: "2", settlement: "Уртам", text: "Снег", received: at("2026-01-13T09:20")},
	)
	if _, err := desk.Reject("koordinator", "2", domain.ReasonObscene, ""); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	if h.v.model.Len() != 1 {
		t.Fatalf("open cases in memory: %d", h.v.model.Len())
	}
	h.v.queue.status.SetSelected("не подлежит отработке")
	if got := h.listIDs(); len(got) != 1 || got[0] != "ОТК-2026-0002" {
		t.Fatalf("rejected after asking: %v", got)
	}
}

// П.17: a surge shows on the case with the cases behind it.
func TestSurgeShownOnTheCase(t *testing.T) {
	c := &domain.Case{Settlement: "Уртам", SurgeWith: []domain.CaseID{"ОТК-2026-0001", "ОТК-2026-0002"}}
	if got := flagsText(c, time.UTC); !strings.Contains(got, "Повышенная социальная активность: ещё 2 сообщ. о «Уртам» (ОТК-2026-0001, ОТК-2026-0002)") {
		t.Fatalf("flags: %q", got)
	}
}

// П.12: approving a repeat's answer without the measures taken shows the warning before it goes; with them, none.
func TestAnswerConfirmWarnsOnRepeat(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	c := &domain.Case{ID: "ОТК-2026-0002", RepeatOf: "ОТК-2026-0001", Network: "vk"}
	h.v.showAnswerConfirm(c, "Спасибо за обращение.", domain.KindInterim, false)
	if h.v.answerDlg.warn == nil || !strings.Contains(h.v.answerDlg.warn.Text, "принятых мерах") {
		t.Fatal("no warning for a repeat's answer without the measures taken")
	}
	h.v.answerDlg.dlg.Hide()
	h.v.showAnswerConfirm(c, "Приняты меры: дорога очищена.", domain.KindInterim, false)
	if h.v.answerDlg.warn != nil {
		t.Fatalf("warning %q for an answer that reports the measures", h.v.answerDlg.warn.Text)
	}
}
