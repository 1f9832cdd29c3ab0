package ui

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"otklik/domain"
	"otklik/sheets"
)

// П.6, П.8, П.15: «Исполнители» lists the directory with each executor's open tasks and record; a card is added
// (a bad e-mail is refused with the desk's words), edited, deactivated (never deleted) and a CSV list imported.
func TestExecutorsRoom(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:30"))
	ids := ingest(t, desk,
		incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")},
		incident{number: "2", settlement: "Уртам", text: "Нет света", received: at("2026-01-13T10:23")})
	for i, who := range []string{"zam-zhkh", "urtam"} {
		if _, err := desk.Dispatch("koordinator", string(ids[i]), domain.DispatchRequest{To: []string{who}}); err != nil {
			t.Fatal(err)
		}
	}
	out, _ := desk.ClaimOutbox(10)
	for _, o := range out {
		if err := desk.OutboxDone(domain.OutboxResult{ID: o.ID}); err != nil {
			t.Fatal(err)
		}
	}
	// zam-zhkh's draft comes on time (due 16:22); urtam's never does.
	reply(t, desk, ids[0], "zam-zhkh", "Заделаем", at("2026-01-13T15:00"), 0)
	clk.Set(at("2026-01-13T17:00"))

	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.room(roomExecutors)
	x := h.v.rooms.executors
	if len(x.rows) != 3 {
		t.Fatalf("rows %d", len(x.rows))
	}
	for login, want := range map[string]string{
		"zam-zhkh": "Открытых поручений: 0 · проекты в срок: 1, с опозданием: 0, не представлены: 0",
		"urtam":    "Открытых поручений: 1 · проекты в срок: 0, с опозданием: 0, не представлены: 1",
		"school":   "Открытых поручений: 0 · проекты в срок: 0, с опозданием: 0, не представлены: 0",
	} {
		if got := x.rows[login].record.Text; got != want {
			t.Errorf("%s: %q, want %q", login, got, want)
		}
	}
	contains(t, "details", x.rows["urtam"].details.Text, "Глава Уртамского поселения · urtam@example.ru · urtam")
	contains(t, "lists", x.rows["urtam"].lists.Text, "Поселения: Уртам")

	// A new card with a bad address: the desk's message, nothing stored.
	typeInto(x.login, "kultura")
	typeInto(x.name, "Орлова Мария Павловна")
	typeInto(x.position, "Начальник отдела культуры")
	typeInto(x.email, "kultura.example.ru")
	typeInto(x.settlements, "Уртам, Кожевниково")
	test.Tap(x.save)
	if got := x.formMessage.Text; got != `исполнитель kultura: "kultura.example.ru" — не адрес электронной почты (ожидается вида name@example.ru)` {
		t.Fatalf("bad e-mail: %q", got)
	}
	if x.rows["kultura"] != nil {
		t.Fatal("a card with a bad e-mail was stored")
	}
	typeInto(x.email, "kultura@example.ru")
	test.Tap(x.save)
	if got := x.formMessage.Text; got != "Сохранено: Орлова М. П." {
		t.Fatalf("save: %q", got)
	}
	if row := x.rows["kultura"]; row == nil || !strings.Contains(row.lists.Text, "Поселения: Уртам, Кожевниково") {
		t.Fatalf("new row %+v", row)
	}
	if x.login.Text != "" || x.login.Disabled() {
		t.Fatal("the card is not cleared for the next executor")
	}

	// Edit: the login is fixed, the position changes.
	test.Tap(x.rows["urtam"].edit)
	if x.login.Text != "urtam" || !x.login.Disabled() || x.email.Text != "urtam@example.ru" {
		t.Fatalf("edit card: %q %v %q", x.login.Text, x.login.Disabled(), x.email.Text)
	}
	typeInto(x.position, "Глава Уртамского сельского поселения")
	test.Tap(x.save)
	contains(t, "edited", x.rows["urtam"].details.Text, "Глава Уртамского сельского поселения")

	// Deactivate: stays listed, marked, and dispatch to her is refused.
	test.Tap(x.rows["school"].toggle)
	if row := x.rows["school"]; !strings.HasSuffix(row.name.Text, "— отключён") || row.toggle.Text != "Включить" {
		t.Fatalf("deactivated row %q / %q", row.name.Text, row.toggle.Text)
	}
	if _, err := desk.Dispatch("koordinator", string(ids[1]), domain.DispatchRequest{To: []string{"school"}}); !domain.IsRefused(err) {
		t.Fatalf("dispatch to a deactivated executor: %v", err)
	}
	test.Tap(x.rows["school"].toggle)
	if x.rows["school"].toggle.Text != "Отключить" {
		t.Fatal("not active again")
	}

	// Import: a list with a bad line changes nothing and says which line; the right one adds and updates.
	x.importList([]byte("\ufefflogin;name;position;unit;email;settlements;categories\n" +
		"sport;Котов Игорь;Специалист по спорту;;sport@example.ru;;Спорт\n" +
		"bad;Петров;;;petrov.example.ru;;\n"))
	contains(t, "bad import", x.formMessage.Text, `строка 3: исполнитель bad: "petrov.example.ru" — не адрес электронной почты`)
	if x.rows["sport"] != nil {
		t.Fatal("a bad list was partly imported")
	}
	x.importList([]byte("login,name,position,unit,email,settlements,categories\n" +
		"sport,Котов Игорь,Специалист по спорту,,sport@example.ru,,Спорт|Молодёжь\n" +
		"zam-zhkh,Иванов Пётр Сергеевич,Заместитель Главы по ЖКХ,\"Отдел ЖКХ, строительства\",zhkh@example.ru,,Дороги\n"))
	if got := x.formMessage.Text; got != "Импорт: в списке 2, добавлено 1, изменено 1" {
		t.Fatalf("import: %q", got)
	}
	contains(t, "imported", x.rows["sport"].lists.Text, "Категории: Спорт, Молодёжь")
	contains(t, "updated", x.rows["zam-zhkh"].details.Text, "Отдел ЖКХ, строительства")
}

// Исполнители: a list kept as XLSX imports like the CSV one (the first sheet, the same columns).
func TestExecutorsImportXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"login", "name", "position", "unit", "email", "settlements", "categories"},
		{"energo", "Морозова Светлана Юрьевна", "Главный специалист; энергетика", "Отдел ЖКХ", "energo@example.ru", "Чилино", "Энергоснабжение"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data, err := sheets.CSV(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	list, err := domain.ParseExecutorCSV(data)
	if err != nil || len(list) != 1 || list[0].Position != "Главный специалист; энергетика" || list[0].Settlements[0] != "Чилино" {
		t.Fatalf("parsed %+v %v", list, err)
	}
}
