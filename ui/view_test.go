package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
	"otklik/ui/queue"
)

// DC: the window opens on the login screen; a wrong password shows the desk's refusal, the right one the queue.
func TestLoginWrongThenRight(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk, incident{number: "4512937", settlement: "Кожевниково", text: "Когда почистят Октябрьскую?", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	if h.win.Content() != h.v.login.content {
		t.Fatal("the window does not open on the login screen")
	}
	h.logIn("koordinator", "wrong-password-1")
	if got := h.v.login.message.Text; got != "неверное имя пользователя или пароль" {
		t.Fatalf("refusal shown: %q", got)
	}
	if h.win.Content() != h.v.login.content || h.v.currentUser() != "" {
		t.Fatal("a wrong password let the user in")
	}
	if h.v.login.password.Text != "" {
		t.Fatal("the wrong password stays in the field")
	}
	h.logIn("koordinator", coordPass)
	if h.win.Content() != h.v.main {
		t.Fatalf("main view not shown; message %q", h.v.login.message.Text)
	}
	if got := h.win.Title(); got != "Отклик — Бирюкова И. А." {
		t.Fatalf("title %q", got)
	}
	if got := h.v.status.user.Text; got != "Пользователь: Бирюкова И. А." {
		t.Fatalf("status bar user %q", got)
	}
	if got := strings.Join(h.listIDs(), " "); got != "ОТК-2026-0001" {
		t.Fatalf("queue %q", got)
	}
	r := h.row("ОТК-2026-0001")
	if r.title.Text != "ОТК-2026-0001  ВК  Кожевниково" || r.excerpt.Text != "Когда почистят Октябрьскую?" || r.status.Text != "новое" {
		t.Fatalf("row %q / %q / %q", r.title.Text, r.excerpt.Text, r.status.Text)
	}
	test.Tap(h.v.status.logout)
	if h.win.Content() != h.v.login.content || h.v.currentUser() != "" || h.v.model.Total() != 0 {
		t.Fatal("logout did not return to the login screen")
	}
}

// Р.2: the supervisor reads everything and acts on nothing; the buttons say so before the desk would refuse.
func TestSupervisorReadsOnly(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.logIn("upravdel", coordPass)
	h.open("ОТК-2026-0001")
	for name, b := range map[string]interface{ Disabled() bool }{"dispatch": h.v.panel.dispatch, "reject": h.v.panel.reject,
		"escalate": h.v.panel.escalate, "repeat": h.v.panel.repeat, "send": h.v.panel.composer.send} {
		if !b.Disabled() {
			t.Errorf("%s enabled for the supervisor", name)
		}
	}
	contains(t, "status bar", h.v.status.user.Text, "(только просмотр)")
}

// UI.md: quick filters with counts, the status choice and the search narrow the queue; the order stays most
// urgent first.
func TestQuickFiltersAndSearch(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T17:00"))
	ingest(t, desk,
		incident{number: "101", settlement: "Кожевниково", text: "Когда почистят Октябрьскую?", received: at("2026-01-12T10:00")},  // drafts due 12.01 16:00: overdue
		incident{number: "102", settlement: "Уртам", text: "Нет воды в колонке", received: at("2026-01-13T09:30")},                 // drafts due 13.01 15:30: overdue
		incident{number: "103", settlement: "Уртам", text: "Холодно в домах", received: at("2026-01-13T11:00"), significant: true}, // drafts due 13.01 17:00
		incident{number: "104", settlement: "Кожевниково", text: "Ёлку на площади не убрали", received: at("2026-01-13T14:30")},    // drafts due 14.01 10:30
	)
	clk.Set(at("2026-01-13T12:00"))
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	if got := strings.Join(h.listIDs(), " "); got != "ОТК-2026-0001 ОТК-2026-0002 ОТК-2026-0003 ОТК-2026-0004" {
		t.Fatalf("queue order %q", got)
	}
	// At 12:00 on 13.01: 0001 overdue (12.01 16:00), 0002 and 0003 due today, 0004 due tomorrow.
	q := h.v.queue
	if q.overdue.Text != "Просроченные 1" || q.today.Text != "Срок сегодня 2" || q.significant.Text != "Социально значимые 1" {
		t.Fatalf("counts: %q %q %q", q.overdue.Text, q.today.Text, q.significant.Text)
	}
	tests := []struct {
		name string
		tap  func()
		want string
	}{
		{"overdue", func() { test.Tap(q.overdue) }, "ОТК-2026-0001"},
		{"due today", func() { test.Tap(q.today) }, "ОТК-2026-0002 ОТК-2026-0003"},
		{"significant", func() { test.Tap(q.significant) }, "ОТК-2026-0003"},
		{"all", func() { test.Tap(q.all) }, "ОТК-2026-0001 ОТК-2026-0002 ОТК-2026-0003 ОТК-2026-0004"},
		{"search text", func() { test.Type(q.search, "колонк") }, "ОТК-2026-0002"},
		{"search clears", func() { q.search.SetText("") }, "ОТК-2026-0001 ОТК-2026-0002 ОТК-2026-0003 ОТК-2026-0004"},
		{"search ё as е", func() { test.Type(q.search, "елку") }, "ОТК-2026-0004"},
		{"search tag", func() { q.search.SetText("otk-2026-0003") }, "ОТК-2026-0003"},
		{"search incident", func() { q.search.SetText("102") }, "ОТК-2026-0002"},
		{"search author", func() { q.search.SetText("мальцев уртам") }, "ОТК-2026-0002 ОТК-2026-0003"},
		{"search and quick", func() { test.Tap(q.today) }, "ОТК-2026-0002 ОТК-2026-0003"},
		{"nothing", func() { q.search.SetText("водопровод") }, ""},
	}
	for _, tc := range tests {
		tc.tap()
		if got := strings.Join(h.listIDs(), " "); got != tc.want {
			t.Fatalf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if !q.empty.Visible() {
		t.Fatal("an empty result shows no «Нет сообщений»")
	}
	q.search.SetText("")
	test.Tap(q.all)
	if _, err := desk.Reject("koordinator", "101", domain.ReasonObscene, ""); err != nil {
		t.Fatal(err)
	}
	h.v.Refresh()
	if got := strings.Join(h.listIDs(), " "); got != "ОТК-2026-0002 ОТК-2026-0003 ОТК-2026-0004" {
		t.Fatalf("closed case still in «в работе»: %q", got)
	}
	q.status.SetSelected("не подлежит отработке")
	if got := strings.Join(h.listIDs(), " "); got != "ОТК-2026-0001" {
		t.Fatalf("status choice: %q", got)
	}
	q.status.SetSelected("все состояния")
	if h.v.model.Len() != 4 {
		t.Fatalf("all states: %v", h.listIDs())
	}
}

// UI.md, П.17, П.12: the case panel shows the notice, its deadlines and flags; the link opens the browser.
func TestOpenCase(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "4512937", settlement: "Кожевниково", text: "Когда почистят Октябрьскую? Дети ходят в школу по дороге.",
		url: "https://vk.com/wall-200000101_48211?reply=48230", received: at("2026-01-13T10:22")})
	ingest(t, desk, incident{number: "4512999", settlement: "Кожевниково", text: "Опять не почистили",
		url: "https://vk.com/wall-200000101_48211?reply=49000", received: at("2026-01-13T10:25")})
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0001")
	p := h.v.panel
	if p.title.Text != "ОТК-2026-0001 · инцидент № 4512937 · ВКонтакте · новое" {
		t.Fatalf("title %q", p.title.Text)
	}
	if p.byline.Text != "Сергей Мальцев · «Подслушано Кожевниково» · Кожевниково · Дороги" {
		t.Fatalf("byline %q", p.byline.Text)
	}
	contains(t, "deadlines", p.deadlines.Text, "Срок проектов: 13.01 16:22 · Срок ответа: 14.01 09:22")
	contains(t, "flags", p.flags.Text, "Возможно, социально значимое") // «школ» is a significance keyword: a proposal
	if p.countdown.Text != "Проекты до 16:22 · 4 ч 52 мин" {
		t.Fatalf("panel countdown %q", p.countdown.Text)
	}
	test.Tap(p.openPost)
	if len(h.opened) != 1 || h.opened[0] != "https://vk.com/wall-200000101_48211?reply=48230" {
		t.Fatalf("opened %v", h.opened)
	}
	h.open("ОТК-2026-0002")
	contains(t, "repeat suggestion", p.flags.Text, "Предложено как повторное к ОТК-2026-0001")
	if len(p.history.Objects) == 0 {
		t.Fatal("no history")
	}
}

// П.6, П.11: dispatch in sequence with a lead through the dialog; the preview names whom and what before sending.
func TestDispatchSequentialWithLead(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Уртам", text: "Нет воды в колонке", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0001")
	test.Tap(h.v.panel.dispatch)
	d := h.v.dispatchDlg
	if d == nil {
		t.Fatal("no dispatch dialog")
	}
	if !d.confirm.Disabled() {
		t.Fatal("dispatch allowed with nobody chosen")
	}
	contains(t, "suggestion", d.checks["zam-zhkh"].Text, "предлагается") // category «Дороги»
	contains(t, "suggestion", d.checks["urtam"].Text, "предлагается")    // settlement «Уртам»
	test.Tap(d.checks["urtam"])
	test.Tap(d.checks["zam-zhkh"])
	d.mode.SetSelected("по очереди")
	d.lead.SetSelected("Иванов П. С.")
	test.Type(d.note, "срочно")
	want := "1. Петрова А. В. <urtam@example.ru> — сразу\n2. Иванов П. С. <zhkh@example.ru> — после проекта предыдущего исполнителя · ответственный"
	contains(t, "preview", d.preview.Text, want)
	contains(t, "preview", d.preview.Text, "Срок проектов: 13.01.2026 16:22")
	contains(t, "preview", d.preview.Text, "Примечание: «срочно»")
	test.Tap(d.confirm)
	if h.v.lastError != "" {
		t.Fatalf("error: %s", h.v.lastError)
	}
	c := h.caseNow("ОТК-2026-0001")
	if c.Status != domain.StatusDispatched || !c.Sequential || len(c.Tasks) != 2 {
		t.Fatalf("case after dispatch: %s seq=%v tasks=%d", c.Status, c.Sequential, len(c.Tasks))
	}
	if c.Tasks[0].Executor != "urtam" || c.Tasks[0].Status != domain.TaskQueued || c.Tasks[0].Lead ||
		c.Tasks[1].Executor != "zam-zhkh" || c.Tasks[1].Status != domain.TaskPending || !c.Tasks[1].Lead || c.Tasks[1].Note != "срочно" {
		t.Fatalf("tasks %+v", c.Tasks)
	}
	// The window follows: the row's status and executors, the executors tab with the task states in Russian.
	r := h.row("ОТК-2026-0001")
	if r.status.Text != "направлено исполнителям" || r.executors.Text != "Петрова А. В., Иванов П. С." {
		t.Fatalf("row %q %q", r.status.Text, r.executors.Text)
	}
	tab := labelsText(h.v.panel.tasks)
	contains(t, "executors tab", tab, "Исполнители (по очереди):")
	contains(t, "executors tab", tab, "1. Петрова А. В. — Глава Уртамского поселения")
	contains(t, "executors tab", tab, "в очереди на отправку · срок 13.01 16:22")
	contains(t, "executors tab", tab, "2. Иванов П. С. — Заместитель Главы по ЖКХ · ответственный")
	contains(t, "executors tab", tab, "ожидает очереди")
}

// П.8, П.9, П.13: compose from two drafts (merge, then the lead's), send an interim answer after confirming the
// recipient and text; the saved composer file goes away.
func TestComposeFromTwoDraftsAndSendInterim(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Когда почистят Октябрьскую?", received: at("2026-01-13T10:22")})
	if _, err := desk.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"zam-zhkh", "urtam"}, Lead: "urtam"}); err != nil {
		t.Fatal(err)
	}
	reply(t, desk, "ОТК-2026-0001", "zam-zhkh", "Дорогу почистят завтра.", at("2026-01-13T11:00"), 1)
	reply(t, desk, "ОТК-2026-0001", "urtam", "Техника направлена.", at("2026-01-13T11:10"), 2)
	clk.Set(at("2026-01-13T11:30"))
	dir := t.TempDir()
	h := newHarness(t, desk, clk, dir)
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0001")
	k := h.v.panel.composer
	test.Tap(k.merge)
	if k.entry.Text != "Техника направлена.\n\nДорогу почистят завтра." {
		t.Fatalf("merged %q", k.entry.Text)
	}
	test.Tap(k.fromLead)
	if k.entry.Text != "Техника направлена." {
		t.Fatalf("lead's draft %q", k.entry.Text)
	}
	test.Tap(k.merge)
	k.entry.SetText(k.entry.Text + " Работы на контроле.")
	if k.counter.Text != "64 из 4000 знаков (ВКонтакте)" {
		t.Fatalf("counter %q", k.counter.Text)
	}
	k.flush()
	if b, err := os.ReadFile(filepath.Join(dir, "answer-OTK-2026-0001.txt")); err != nil || !strings.HasSuffix(string(b), "Работы на контроле.") {
		t.Fatalf("composer not saved: %q %v", b, err)
	}
	if k.kind.Selected != "промежуточный ответ" {
		t.Fatalf("kind %q", k.kind.Selected)
	}
	// П.13: the drafts have photos, so they are ticked to go with the answer.
	if !k.attach.Checked {
		t.Fatal("the drafts' photos are not ticked to go with the answer")
	}
	test.Tap(k.send)
	d := h.v.answerDlg
	if d == nil {
		t.Fatalf("no confirmation; error %q", h.v.lastError)
	}
	contains(t, "recipient", d.recipient.Text, "Кому: ДИП <monitoring@dip.tomsk.example>, ответом на письмо «Инцидент № 1»")
	contains(t, "recipient", d.recipient.Text, "Вид: промежуточный ответ · вложений из проектов: 3")
	text := "Техника направлена.\n\nДорогу почистят завтра. Работы на контроле."
	if d.text.Text != text {
		t.Fatalf("confirmation text %q", d.text.Text)
	}
	test.Tap(d.confirm)
	if h.v.lastError != "" {
		t.Fatalf("error %q", h.v.lastError)
	}
	c := h.caseNow("ОТК-2026-0001")
	if c.Status != domain.StatusInterimSent || len(c.Answers) != 1 || c.Answers[0].Text != text ||
		c.Answers[0].Kind != domain.KindInterim || len(c.Answers[0].Attachments) != 3 {
		t.Fatalf("after answer: %s %+v", c.Status, c.Answers)
	}
	if _, err := os.Stat(filepath.Join(dir, "answer-OTK-2026-0001.txt")); !os.IsNotExist(err) {
		t.Fatalf("saved composer text left behind: %v", err)
	}
	if k.entry.Text != "" || k.kind.Selected != "окончательный ответ" {
		t.Fatalf("composer after sending: %q %q", k.entry.Text, k.kind.Selected)
	}
}

// DC: the answer being written survives a crash: it is saved on change and restored when the case is opened
// again in a new window.
func TestComposerSurvivesRestart(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	dir := t.TempDir()
	h := newHarness(t, desk, clk, dir)
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0001")
	test.Type(h.v.panel.composer.entry, "Яму засыплют")
	// The debounced save, without flushing by hand: wait for the file.
	path := filepath.Join(dir, "answer-OTK-2026-0001.txt")
	deadline := time.Now().Add(5 * time.Second)
	for {
		if b, err := os.ReadFile(path); err == nil && string(b) == "Яму засыплют" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("composer text not saved within 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	h2 := newHarness(t, desk, clk, dir)
	h2.logIn("koordinator", coordPass)
	h2.open("ОТК-2026-0001")
	if got := h2.v.panel.composer.entry.Text; got != "Яму засыплют" {
		t.Fatalf("restored %q", got)
	}
	contains(t, "note", h2.v.panel.composer.note.Text, "Восстановлен несохранённый текст ответа")
	// Over the network's limit the send is refused before any dialog.
	h2.v.panel.composer.entry.SetText(strings.Repeat("а", 4001))
	contains(t, "counter", h2.v.panel.composer.counter.Text, "длиннее, чем допускает сеть")
	test.Tap(h2.v.panel.composer.send)
	if h2.v.answerDlg != nil {
		t.Fatal("an answer over the limit reached the confirmation")
	}
	contains(t, "error", h2.v.lastError, "Ответ длиннее, чем допускает ВКонтакте: 4001 знаков из 4000")
}

// П.8: a draft is returned for rework with a comment; the executor's task waits again.
func TestReturnDraft(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	if _, err := desk.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatal(err)
	}
	reply(t, desk, "ОТК-2026-0001", "zam-zhkh", "Посмотрим.", at("2026-01-13T11:00"), 0)
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0001")
	b := h.v.panel.returnButtons["zam-zhkh"]
	if b == nil {
		t.Fatal("no «Вернуть на доработку» for the draft")
	}
	test.Tap(b)
	d := h.v.returnDlg
	test.Tap(d.confirm)
	contains(t, "empty comment", h.v.lastError, "Укажите, что доработать")
	test.Type(d.note, "Укажите сроки")
	test.Tap(d.confirm)
	c := h.caseNow("ОТК-2026-0001")
	if c.Tasks[0].Status != domain.TaskReturned || !c.Drafts[0].Returned || c.Drafts[0].ReturnNote != "Укажите сроки" || c.Status != domain.StatusDispatched {
		t.Fatalf("after return: %s %+v %+v", c.Status, c.Tasks[0], c.Drafts[0])
	}
	if h.v.panel.returnButtons["zam-zhkh"] != nil {
		t.Fatal("a returned draft can be returned again")
	}
}

// П.14: «не подлежит отработке» with a reason in the regulation's words; the Department is told.
func TestRejectWithReason(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Грубость", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0001")
	test.Tap(h.v.panel.reject)
	d := h.v.rejectDlg
	if len(d.reason.Options) != 5 || d.reason.Options[1] != "оскорбления (п. 14 Положения)" {
		t.Fatalf("reasons %q", d.reason.Options)
	}
	d.reason.SetSelected("оскорбления (п. 14 Положения)")
	test.Type(d.note, "оскорбление главы поселения")
	contains(t, "preview", d.preview.Text, "ДИП (monitoring@dip.tomsk.example) получит ответ на уведомление по ОТК-2026-0001")
	test.Tap(d.confirm)
	c := h.caseNow("ОТК-2026-0001")
	if c.Status != domain.StatusRejected || c.RejectReason != domain.ReasonInsult || c.RejectNote != "оскорбление главы поселения" {
		t.Fatalf("after reject: %s %q %q", c.Status, c.RejectReason, c.RejectNote)
	}
	if !h.v.panel.reject.Disabled() || !h.v.panel.dispatch.Disabled() {
		t.Fatal("actions still enabled on a rejected case")
	}
	if h.v.model.Len() != 0 {
		t.Fatal("a rejected case stays in «в работе»")
	}
}

// П.17: an immediate report to the Head, confirmed with whom it goes to.
func TestEscalate(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Авария на теплотрассе", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0001")
	test.Tap(h.v.panel.escalate)
	d := h.v.escalateDlg
	contains(t, "preview", d.preview.Text, "Глава района (glava@example.ru) получит письмо")
	test.Type(d.note, "без отопления 40 домов")
	test.Tap(d.confirm)
	c := h.caseNow("ОТК-2026-0001")
	if c.EscalatedAt == nil {
		t.Fatal("not escalated")
	}
	items, err := desk.OutboxView("koordinator")
	if err != nil || len(items) == 0 || items[0].Kind != domain.MailEscalation || items[0].To[0] != "glava@example.ru" ||
		!strings.Contains(items[0].Text, "без отопления 40 домов") {
		t.Fatalf("escalation mail %+v %v", items, err)
	}
	contains(t, "flags", h.v.panel.flags.Text, "Доложено Главе района: 13.01.2026 10:30")
}

// П.12: the repeat dialog is pre-filled with the suggestion; confirming links the cases.
func TestConfirmRepeat(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", url: "https://vk.com/wall-1_77", received: at("2026-01-12T10:22")})
	ingest(t, desk, incident{number: "2", settlement: "Кожевниково", text: "Яма всё ещё там", url: "https://vk.com/wall-1_77?reply=5", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0002")
	test.Tap(h.v.panel.repeat)
	d := h.v.repeatDlg
	if d.earlier.Text != "ОТК-2026-0001" {
		t.Fatalf("pre-filled %q", d.earlier.Text)
	}
	test.Tap(d.confirm)
	if c := h.caseNow("ОТК-2026-0002"); c.RepeatOf != "ОТК-2026-0001" {
		t.Fatalf("repeat_of %q", c.RepeatOf)
	}
	contains(t, "flags", h.v.panel.flags.Text, "Повторное сообщение к ОТК-2026-0001")
	// A wrong reference shows the desk's message.
	test.Tap(h.v.panel.repeat)
	h.v.repeatDlg.earlier.SetText("ОТК-2026-0999")
	test.Tap(h.v.repeatDlg.confirm)
	contains(t, "error", h.v.lastError, "не найдено")
}

// П.7, П.8, UI.md: the row's countdown is the desk's own Remaining, names its deadline, and pauses at lunch, in
// the evening and on a holiday.
func TestCountdownFollowsDeskRemaining(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	// Received Tue 13.01.2026 10:22: drafts due 13.01 16:22, answer due 14.01 09:22.
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	// Received Fri 09.01.2026 11:30, a holiday: answer due Mon 12.01 17:00, drafts due 12.01 15:00.
	ingest(t, desk, incident{number: "2", settlement: "Уртам", text: "Нет света", received: at("2026-01-09T11:30")})
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	tests := []struct {
		name       string
		now        string
		id         domain.CaseID
		text       string
		pause      string
		color      urgency
		workingDay string
	}{
		{"morning", "2026-01-13T11:00", "ОТК-2026-0001", "Проекты до 16:22 · 4 ч 22 мин", "", urgencyOnTime, "Рабочее время: до 13:00 обед"},
		{"within two hours", "2026-01-13T15:00", "ОТК-2026-0001", "Проекты до 16:22 · 1 ч 22 мин", "", urgencySoon, "Рабочее время: до 18:00"},
		{"lunch", "2026-01-13T13:30", "ОТК-2026-0001", "Проекты до 16:22 · 2 ч 22 мин", "пауза — с 14:00", urgencyPaused, "перерыв — с 14:00"},
		{"evening", "2026-01-13T19:00", "ОТК-2026-0001", "Проекты до 16:22 · просрочено на 1 ч 38 мин", "пауза — с ср 09:00", urgencyOverdue, "нерабочее время — с ср 09:00"},
		{"holiday", "2026-01-09T12:00", "ОТК-2026-0002", "Проекты до 12.01 15:00 · 5 ч", "пауза — с пн 09:00", urgencyPaused, "нерабочее время — с пн 09:00"},
		{"holiday weekend", "2026-01-10T12:00", "ОТК-2026-0002", "Проекты до 12.01 15:00 · 5 ч", "пауза — с пн 09:00", urgencyPaused, "нерабочее время — с пн 09:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			now := at(tc.now)
			clk.Set(now)
			h.v.tick(now, nil)
			r := h.row(tc.id)
			if r.countdown.Text != tc.text || r.pause.Text != tc.pause || r.urgency != tc.color {
				t.Fatalf("row: %q / %q / %d, want %q / %q / %d", r.countdown.Text, r.pause.Text, r.urgency, tc.text, tc.pause, tc.color)
			}
			// The same figure as the desk's (and `otklik case --json`'s remaining_working_minutes).
			c := h.caseNow(tc.id)
			_, _, left, ok := desk.Remaining(c, now)
			if !ok || !strings.HasSuffix(r.countdown.Text, domain.FormatDuration(left)) {
				t.Fatalf("row %q disagrees with desk.Remaining %v", r.countdown.Text, left)
			}
			if got := h.v.status.workday.Text; got != tc.workingDay {
				t.Fatalf("status bar %q, want %q", got, tc.workingDay)
			}
		})
	}
}

// The status bar shows what cmd reports: mail, the outbox with Russian plurals, the working day.
func TestStatusBar(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:41"))
	a := newHarness(t, desk, clk, "")
	info := StatusInfo{MailConnected: true, LastSync: at("2026-01-13T10:41"), OutboxWaiting: 0, OutboxFailed: 1}
	a.v.deps.Status = func() StatusInfo { return info }
	a.logIn("koordinator", coordPass)
	now := at("2026-01-13T10:42")
	tests := []struct {
		info         StatusInfo
		mail, outbox string
	}{
		{info, "Почта: подключено, 10:41", "Исходящие: 0 в очереди, 1 ошибка"},
		{StatusInfo{MailConnected: true, LastSync: at("2026-01-12T17:00"), OutboxWaiting: 3, OutboxFailed: 2}, "Почта: подключено, 12.01 17:00", "Исходящие: 3 в очереди, 2 ошибки"},
		{StatusInfo{MailError: "сервер не отвечает", OutboxFailed: 5}, "Почта: ошибка — сервер не отвечает", "Исходящие: 0 в очереди, 5 ошибок"},
		{StatusInfo{}, "Почта: нет соединения", "Исходящие: 0 в очереди, 0 ошибок"},
	}
	for _, tc := range tests {
		st := tc.info
		a.v.tick(now, &st)
		if a.v.status.mail.Text != tc.mail || a.v.status.outbox.Text != tc.outbox {
			t.Fatalf("status %q / %q, want %q / %q", a.v.status.mail.Text, a.v.status.outbox.Text, tc.mail, tc.outbox)
		}
	}
	if a.v.status.workday.Text != "Рабочее время: до 13:00 обед" {
		t.Fatalf("workday %q", a.v.status.workday.Text)
	}
	// A long mail error shrinks to fit: the user and «Выйти» stay inside the 1366-pixel window.
	long := StatusInfo{MailError: strings.Repeat("нет связи с почтовым сервером mail.kozhevnikovo.example:993 ", 5)}
	a.v.tick(now, &long)
	a.win.Content().Refresh()
	d := fyne.CurrentApp().Driver()
	right := d.AbsolutePositionForObject(a.v.status.logout).X + a.v.status.logout.Size().Width
	if width := a.win.Canvas().Size().Width; right > width || a.v.status.logout.Size().Width == 0 {
		t.Fatalf("«Выйти» ends at %.0f of a %.0f-pixel window", right, width)
	}
	if mail := a.v.status.mail; mail.Size().Width >= mail.MinSize().Width && mail.MinSize().Width > 1366 {
		t.Fatalf("the mail line is %.0f pixels wide", mail.Size().Width)
	}
}

// ARCHITECTURE.md: one ticker refreshes the countdowns through fyne.Do; it pauses while the window is hidden and
// stops on close.
func TestTickerPausesAndStops(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	r := h.row("ОТК-2026-0001")
	before := h.v.ticks.Load()
	clk.Set(at("2026-01-13T12:00"))
	h.v.startTicker(5 * time.Millisecond)
	waitFor(t, func() bool { return h.v.ticks.Load() >= before+3 })
	h.v.SetVisible(false)
	time.Sleep(20 * time.Millisecond) // a tick already in flight may land
	paused := h.v.ticks.Load()
	time.Sleep(100 * time.Millisecond)
	if n := h.v.ticks.Load(); n != paused {
		t.Fatalf("%d ticks while hidden", n-paused)
	}
	h.v.SetVisible(true)
	waitFor(t, func() bool { return h.v.ticks.Load() >= paused+2 })
	h.v.Stop()
	stopped := h.v.ticks.Load()
	time.Sleep(50 * time.Millisecond)
	if n := h.v.ticks.Load(); n != stopped {
		t.Fatalf("%d ticks after Stop", n-stopped)
	}
	// The row moved on with the clock without a reload.
	if r.countdown.Text != "Проекты до 16:22 · 3 ч 22 мин" {
		t.Fatalf("row after ticks %q", r.countdown.Text)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// ARCHITECTURE.md: UI actions that do I/O run in a goroutine and report back through fyne.Do.
func TestLoginAndReloadInGoroutines(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.v.spawn = h.v.goSpawn
	h.logIn("koordinator", coordPass)
	h.v.pending.Wait()
	if h.win.Content() != h.v.main || h.v.model.Len() != 1 {
		t.Fatalf("after async login: main=%v cases=%d", h.win.Content() == h.v.main, h.v.model.Len())
	}
	ingest(t, desk, incident{number: "2", settlement: "Уртам", text: "Свет", received: at("2026-01-13T10:30")})
	called := make(chan struct{})
	go func() { h.v.Refresh(); close(called) }() // cmd calls it from its sync goroutine
	<-called
	h.v.pending.Wait()
	if h.v.model.Len() != 2 {
		t.Fatalf("after Refresh from another goroutine: %d cases", h.v.model.Len())
	}
}

// DC: the queue model keeps 100 000 cases and filters them within a keystroke (see ui/queue for the budget).
func TestListShows100kCases(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T11:00"))
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	cases := make([]*domain.Case, 100_000)
	for i := range cases {
		due := at("2026-01-13T12:00").Add(time.Duration(i) * time.Minute)
		cases[i] = &domain.Case{ID: domain.FormatCaseID("ОТК", 2026, i+1), Status: domain.StatusNew, Network: "ok",
			Settlement: "Уртам", Text: "Нет воды в колонке номер " + strings.Repeat("ж", i%7), DraftsDue: due, AnswerDue: due.Add(2 * time.Hour),
			IncidentIDs: []string{strconv.Itoa(9_000_000 + i)}}
	}
	h.v.setModel(queue.New(cases))
	if h.v.model.Len() != 100_000 || len(h.v.queue.rows) > 60 {
		t.Fatalf("list of %d with %d row objects: the list must create rows only for the screen", h.v.model.Len(), len(h.v.queue.rows))
	}
	start := time.Now()
	test.Type(h.v.queue.search, "жжжжжж")
	took := time.Since(start)
	if h.v.model.Len() != 100_000/7 {
		t.Fatalf("search found %d", h.v.model.Len())
	}
	t.Logf("typing 6 letters over 100 000 cases (6 filters and list refreshes): %v", took)
	if r := h.row(h.v.model.At(0).Case.ID); !strings.HasPrefix(r.title.Text, "ОТК-2026-0007  ОК  Уртам") {
		t.Fatalf("first row %q", r.title.Text)
	}
}

// labelsText is the text of every label in a container, one per line, as the coordinator reads the tab.
func labelsText(c *fyne.Container) string {
	var lines []string
	var walk func(objs []fyne.CanvasObject)
	walk = func(objs []fyne.CanvasObject) {
		for _, o := range objs {
			switch w := o.(type) {
			case *widget.Label:
				lines = append(lines, w.Text)
			case *widget.Button:
				lines = append(lines, "["+w.Text+"]")
			case *fyne.Container:
				walk(w.Objects)
			}
		}
	}
	walk(c.Objects)
	return strings.Join(lines, "\n")
}

// DC, П.5: mail that matched nothing is counted on «Разбор почты» and can be closed with a note (never dropped).
func TestTriage(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	if _, err := desk.Ingest([]domain.Incoming{{Mailbox: "INBOX", UIDValidity: 1, UID: 900, InternalDate: at("2026-01-13T10:25"),
		Raw: []byte("x"), Hash: "stray", MessageID: "stray@example.ru", From: "someone@example.ru", Subject: "Вопрос",
		Text: "Добрый день, подскажите…"}}, domain.SyncState{}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	if got := h.v.queue.triage.Text; got != "Разбор почты 1" {
		t.Fatalf("triage button %q", got)
	}
	test.Tap(h.v.queue.triage)
	d := h.v.triageDlg
	if d == nil || len(d.items) != 1 {
		t.Fatal("no triage dialog with the stray mail")
	}
	id := d.items[0].MailID
	test.Tap(d.dismiss[id])
	contains(t, "no note", h.v.lastError, "Укажите, почему письмо закрывается без привязки")
	test.Type(d.notes[id], "не по теме")
	test.Tap(d.dismiss[id])
	if got := h.v.queue.triage.Text; got != "Разбор почты" {
		t.Fatalf("after dismiss %q", got)
	}
	if items, _ := desk.TriageList("koordinator"); len(items) != 0 {
		t.Fatalf("still open: %+v", items)
	}
}

// ARCHITECTURE.md Mail: a failed e-mail waits for the coordinator, who sends it again from the status bar.
func TestOutboxRetry(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Авария", received: at("2026-01-13T10:22")})
	if _, err := desk.Escalate("koordinator", "1", ""); err != nil {
		t.Fatal(err)
	}
	items, _ := desk.ClaimOutbox(10)
	if err := desk.OutboxDone(domain.OutboxResult{ID: items[0].ID, Err: os.ErrPermission, Reason: "550 mailbox unavailable"}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, desk, clk, "")
	kicked := 0
	h.v.deps.Kick = func() { kicked++ }
	h.logIn("koordinator", coordPass)
	test.Tap(h.v.status.outbox)
	d := h.v.outboxDlg
	if d == nil || d.retry[items[0].ID] == nil {
		t.Fatal("the failed e-mail is not offered again")
	}
	test.Tap(d.retry[items[0].ID])
	again, _ := desk.OutboxView("koordinator", domain.OutQueued)
	if len(again) != 1 || again[0].ID != items[0].ID || kicked != 1 {
		t.Fatalf("after retry: %+v, kicked %d", again, kicked)
	}
}

// Fyne's markup goldens (testdata/*.xml): the login screen and one queue row as the coordinator sees them.
func TestMarkup(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk, incident{number: "4512937", settlement: "Кожевниково", text: "Когда почистят Октябрьскую?", received: at("2026-01-13T10:22"), significant: true})
	a := test.NewTempApp(t)
	w := a.NewWindow("Отклик")
	w.Resize(fyne.NewSize(800, 500))
	v := newView(a, w, Deps{Desk: desk, DemoLogins: "Демо: koordinator / пароль из вывода otklik demo"})
	test.AssertRendersToMarkup(t, "login.xml", w.Canvas())
	h := &harness{t: t, desk: desk, clk: clk, app: a, win: w, v: v}
	h.logIn("koordinator", coordPass)
	r := h.row("ОТК-2026-0001")
	test.AssertObjectRendersToMarkup(t, "queue_row.xml", r)
}

// П.8: a draft tied by its sender's address only shows «Подтвердить привязку» and «в разбор почты»; confirming
// clears the mark, and the buttons go.
func TestConfirmDraftMatchedBySender(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	if _, err := desk.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatal(err)
	}
	// A reply in no thread and without the tag: tied by the sender's only open task.
	if _, err := desk.Ingest([]domain.Incoming{{Mailbox: "INBOX", UIDValidity: 1, UID: 900, InternalDate: at("2026-01-13T11:00"),
		Raw: []byte("loose"), Hash: "loose", MessageID: "loose@example.ru", From: "zhkh@example.ru", Subject: "Ответ",
		Text: "Посмотрим.", QuotedStripped: "Посмотрим."}}, domain.SyncState{}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0001")
	buttons, ok := h.v.panel.confirmButtons["zam-zhkh"]
	if !ok || buttons[0].Disabled() {
		t.Fatal("no «Подтвердить привязку» for a draft tied by sender only")
	}
	test.Tap(buttons[0])
	if c := h.caseNow("ОТК-2026-0001"); c.Tasks[0].NeedsConfirmation || c.Drafts[0].NeedsConfirmation {
		t.Fatalf("after confirming: %+v %+v", c.Tasks[0], c.Drafts[0])
	}
	if _, ok := h.v.panel.confirmButtons["zam-zhkh"]; ok {
		t.Fatal("the confirm buttons stay after confirming")
	}
}

// П.12: for a suggested repeat the dispatch dialog offers the earlier case's executors («предлагается») without
// ticking them; a confirmed repeat ticks them (TestRepeat… in domain covers the default dispatch).
func TestDispatchOffersExecutorsOfSuggestedRepeat(t *testing.T) {
	desk, clk := newTestDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Нет света у школы",
		url: "https://vk.com/wall-1_500", received: at("2026-01-13T10:22")})
	if _, err := desk.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"school"}}); err != nil {
		t.Fatal(err)
	}
	ingest(t, desk, incident{number: "2", settlement: "Кожевниково", text: "Так и нет света",
		url: "https://vk.com/wall-1_500?reply=7", received: at("2026-01-13T10:40")})
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.open("ОТК-2026-0002")
	if h.v.panel.c.SuggestedRepeatOf != "ОТК-2026-0001" {
		t.Fatalf("no repeat suggested: %+v", h.v.panel.c)
	}
	test.Tap(h.v.panel.dispatch)
	d := h.v.dispatchDlg
	if d == nil {
		t.Fatal("no dispatch dialog")
	}
	contains(t, "offered", d.checks["school"].Text, "предлагается")
	if d.checks["school"].Checked {
		t.Fatal("a suggested repeat's executor is ticked before the link is confirmed")
	}
}
