package domain_test

import (
	"errors"
	"strings"
	"testing"

	"otklik/domain"
)

func lastAudit(t *testing.T, d *domain.Desk) domain.AuditEvent {
	t.Helper()
	log, err := d.AuditLog("admin")
	if err != nil || len(log) == 0 {
		t.Fatalf("audit log: %v %d", err, len(log))
	}
	return log[len(log)-1]
}

func userMessage(err error) string {
	var u *domain.UserError
	var r *domain.RefusedError
	switch {
	case errors.As(err, &u):
		return u.Message
	case errors.As(err, &r):
		return r.Message
	case err == nil:
		return ""
	}
	return "not a user error: " + err.Error()
}

func executor(t *testing.T, d *domain.Desk, login string) *domain.Executor {
	t.Helper()
	list, err := d.Executors("koordinator")
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		if list[i].Login == login {
			return &list[i]
		}
	}
	return nil
}

// П.6: the coordinator and the administrator keep the directory; every change is audited with the card before and
// after; a bad address or login is refused with a message naming it; the supervisor only reads.
func TestSaveExecutor(t *testing.T) {
	d, _, clk := newDesk(t, at("2026-01-13T10:30"))
	fresh := domain.Executor{Login: "kultura", Name: "  Орлова  Мария Павловна ", Position: "Начальник отдела культуры",
		Unit: "Отдел культуры", Email: "kultura@example.ru", Settlements: []string{"Уртам", " "}, Categories: []string{"Культура"}, Active: true}
	if err := d.SaveExecutor("koordinator", fresh); err != nil {
		t.Fatal(err)
	}
	e := executor(t, d, "kultura")
	if e == nil || e.Name != "Орлова Мария Павловна" || len(e.Settlements) != 1 || !e.Active {
		t.Fatalf("stored %+v", e)
	}
	ev := lastAudit(t, d)
	if ev.Action != "executor_add" || ev.Actor != "koordinator" || ev.Before != "" || !strings.Contains(ev.After, "kultura@example.ru") {
		t.Fatalf("audit %+v", ev)
	}

	fresh.Email = "culture@example.ru"
	if err := d.SaveExecutor("admin", fresh); err != nil {
		t.Fatal(err)
	}
	ev = lastAudit(t, d)
	if ev.Action != "executor_edit" || !strings.Contains(ev.Before, "kultura@example.ru") || !strings.Contains(ev.After, "culture@example.ru") {
		t.Fatalf("edit audit %+v", ev)
	}

	tests := []struct {
		name  string
		login string
		e     domain.Executor
		want  string
	}{
		{"bad e-mail", "koordinator", domain.Executor{Login: "x1", Name: "Икс", Email: "x1.example.ru"},
			`исполнитель x1: "x1.example.ru" — не адрес электронной почты (ожидается вида name@example.ru)`},
		{"display name in e-mail", "koordinator", domain.Executor{Login: "x2", Name: "Икс", Email: "Икс <x2@example.ru>"},
			`не адрес электронной почты`},
		{"Cyrillic login", "koordinator", domain.Executor{Login: "иванов", Name: "Иванов", Email: "i@example.ru"},
			`логин "иванов" — только латинские строчные буквы`},
		{"no name", "koordinator", domain.Executor{Login: "x3", Email: "x3@example.ru"}, "не указаны фамилия, имя и отчество"},
		{"address of another", "koordinator", domain.Executor{Login: "x4", Name: "Икс", Email: "ZHKH@example.ru"},
			"адрес ZHKH@example.ru уже указан у исполнителя zam-zhkh"},
		{"supervisor", "upravdel", domain.Executor{Login: "x5", Name: "Икс", Email: "x5@example.ru"},
			"справочник исполнителей ведут координатор и администратор"},
		{"substitute outside an absence", "maslova", domain.Executor{Login: "x6", Name: "Икс", Email: "x6@example.ru"},
			"справочник исполнителей ведут координатор и администратор"},
	}
	for _, tc := range tests {
		err := d.SaveExecutor(tc.login, tc.e)
		if got := userMessage(err); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if executor(t, d, tc.e.Login) != nil {
			t.Errorf("%s: the card was stored", tc.name)
		}
	}
	// Р.4: inside an absence that names her, the substitute keeps the directory as the coordinator would.
	if _, err := d.AddAbsence("koordinator", "koordinator", "maslova", at("2026-01-14T09:00"), at("2026-01-16T18:00")); err != nil {
		t.Fatal(err)
	}
	clk.Set(at("2026-01-14T10:00"))
	if err := d.SaveExecutor("maslova", domain.Executor{Login: "x7", Name: "Икс", Email: "x7@example.ru", Active: true}); err != nil {
		t.Fatalf("substitute inside the absence: %v", err)
	}
	if ev := lastAudit(t, d); ev.Actor != "maslova" || ev.ActingFor != "koordinator" {
		t.Fatalf("substitute's audit %+v", ev)
	}
}

// П.6: a deactivated executor stays in the directory (old cases name her) but gets no new tasks.
func TestSetExecutorActive(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")))
	if err := d.SetExecutorActive("koordinator", "urtam", false); err != nil {
		t.Fatal(err)
	}
	if e := executor(t, d, "urtam"); e == nil || e.Active {
		t.Fatalf("after deactivation %+v", e)
	}
	ev := lastAudit(t, d)
	if ev.Action != "executor_state" || !strings.Contains(ev.Before, `"Active":true`) || !strings.Contains(ev.After, `"Active":false`) {
		t.Fatalf("audit %+v", ev)
	}
	if _, err := d.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"urtam"}}); !domain.IsRefused(err) {
		t.Fatalf("dispatch to a deactivated executor: %v", err)
	}
	if err := d.SetExecutorActive("koordinator", "urtam", true); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"urtam"}}); err != nil {
		t.Fatalf("dispatch after reactivation: %v", err)
	}
	if got := userMessage(d.SetExecutorActive("koordinator", "nobody", false)); got != `нет исполнителя "nobody" в справочнике` {
		t.Fatalf("unknown executor: %q", got)
	}
	if err := d.SetExecutorActive("upravdel", "urtam", false); !domain.IsRefused(err) {
		t.Fatalf("supervisor: %v", err)
	}
}

func TestParseExecutorCSV(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // login|email|unit|settlements|categories per executor
		err  string
	}{
		{"semicolon, BOM, header, lists",
			"\ufefflogin;name;position;unit;email;settlements;categories\r\n" +
				"zam-zhkh;Иванов Пётр Сергеевич;Заместитель Главы;Отдел ЖКХ, строительства и транспорта;zhkh@example.ru;Кожевниково|Уртам;Дороги|ЖКХ\r\n" +
				"\r\n" +
				"school;Сидоров Олег Ильич;Начальник отдела;;edu@example.ru;;\r\n",
			[]string{"zam-zhkh|zhkh@example.ru|Отдел ЖКХ, строительства и транспорта|Кожевниково,Уртам|Дороги,ЖКХ",
				"school|edu@example.ru|||"}, ""},
		{"comma, quoted, no header, five columns",
			"urtam,Петрова Анна Викторовна,Глава поселения,\"Администрация Уртамского поселения, глава\",urtam@example.ru\n",
			[]string{"urtam|urtam@example.ru|Администрация Уртамского поселения, глава||"}, ""},
		{"bad e-mail names its line",
			"login;name;position;unit;email;settlements;categories\nok;Иванов;;;ok@example.ru;;\nbad;Петров;;;petrov.example.ru;;\n",
			nil, `строка 3: исполнитель bad: "petrov.example.ru" — не адрес электронной почты`},
		{"too few columns", "a;b;c\n", nil, "строка 1: 3 столбц., нужно не меньше 5"},
		{"not UTF-8", "zam;\xc8\xe2\xe0\xed\xee\xe2;;;z@example.ru\n", nil, "файл не в кодировке UTF-8"},
		{"only a header", "login;name;position;unit;email;settlements;categories\n", nil, "в файле нет исполнителей"},
	}
	for _, tc := range tests {
		got, err := domain.ParseExecutorCSV([]byte(tc.in))
		if tc.err != "" {
			if msg := userMessage(err); !strings.Contains(msg, tc.err) {
				t.Errorf("%s: error %q, want %q", tc.name, msg, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var lines []string
		for _, e := range got {
			if !e.Active {
				t.Errorf("%s: %s imported inactive", tc.name, e.Login)
			}
			lines = append(lines, strings.Join([]string{e.Login, e.Email, e.Unit, strings.Join(e.Settlements, ","),
				strings.Join(e.Categories, ",")}, "|"))
		}
		if strings.Join(lines, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\n%s\nwant\n%s", tc.name, strings.Join(lines, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// П.6: an imported list adds the new executors and updates the known ones in one transaction; a deactivated one
// stays deactivated; a list with one bad card changes nothing.
func TestImportExecutors(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	if err := d.SetExecutorActive("koordinator", "school", false); err != nil {
		t.Fatal(err)
	}
	list := []domain.Executor{
		{Login: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Position: "Заместитель Главы по ЖКХ", Email: "zhkh@example.ru"},       // unchanged
		{Login: "urtam", Name: "Петрова Анна Викторовна", Position: "Глава поселения", Unit: "Уртам", Email: "urtam@example.ru"}, // changed
		{Login: "school", Name: "Сидоров Олег", Position: "Начальник отдела образования", Email: "school@example.ru"},            // changed, inactive
		{Login: "kultura", Name: "Орлова Мария Павловна", Email: "kultura@example.ru"},                                           // new
	}
	added, updated, err := d.ImportExecutors("koordinator", list)
	if err != nil || added != 1 || updated != 2 {
		t.Fatalf("import: added %d updated %d err %v", added, updated, err)
	}
	if e := executor(t, d, "school"); e.Active || e.Email != "school@example.ru" {
		t.Fatalf("school after import %+v", e)
	}
	if e := executor(t, d, "kultura"); e == nil || !e.Active {
		t.Fatalf("kultura after import %+v", e)
	}
	if ev := lastAudit(t, d); ev.Action != "executors_import" || !strings.Contains(ev.Detail, "добавлено 1, изменено 2") {
		t.Fatalf("audit %+v", ev)
	}

	bad := []domain.Executor{
		{Login: "new1", Name: "Новиков", Email: "new1@example.ru"},
		{Login: "new2", Name: "Новикова", Email: "kultura@example.ru"}, // the address of another executor
	}
	if _, _, err := d.ImportExecutors("koordinator", bad); !strings.Contains(userMessage(err), "запись 2: исполнитель new2: адрес kultura@example.ru уже указан у исполнителя kultura") {
		t.Fatalf("bad list: %v", err)
	}
	if executor(t, d, "new1") != nil {
		t.Fatal("a list with a bad card was partly imported")
	}
	dup := []domain.Executor{{Login: "a1", Name: "А", Email: "a@example.ru"}, {Login: "a2", Name: "Б", Email: "A@example.ru"}}
	if _, _, err := d.ImportExecutors("koordinator", dup); !strings.Contains(userMessage(err), "запись 2: адрес A@example.ru уже есть в записи 1") {
		t.Fatalf("duplicate address: %v", err)
	}
	if _, _, err := d.ImportExecutors("upravdel", list); !domain.IsRefused(err) {
		t.Fatalf("supervisor import: %v", err)
	}
}

// П.8, П.15: the directory shows each executor's open tasks and whether her drafts came on time, late or not at all.
func TestExecutorRecords(t *testing.T) {
	d, _, clk := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")), notice(2, "2", at("2026-01-13T10:23")), notice(3, "3", at("2026-01-13T10:24")))
	for ref, who := range map[string]string{"1": "zam-zhkh", "2": "urtam", "3": "school"} {
		if _, err := d.Dispatch("koordinator", ref, domain.DispatchRequest{To: []string{who}}); err != nil {
			t.Fatal(err)
		}
	}
	items, _ := d.ClaimOutbox(10)
	for _, o := range items {
		if err := d.OutboxDone(domain.OutboxResult{ID: o.ID}); err != nil {
			t.Fatal(err)
		}
	}
	// Drafts are due 16:22..16:24 on 13.01. zam-zhkh answers at 15:00 (on time), urtam at 17:00 (late), school never.
	replyTo := func(ref, from string, uid uint32, when string) {
		c, _, _ := d.CaseDetail("koordinator", ref)
		ingest(t, d, domain.Incoming{Mailbox: "INBOX", UIDValidity: 1, UID: uid, InternalDate: at(when), Raw: []byte(ref),
			Hash: "r" + ref, MessageID: "r" + ref + "@example.ru", InReplyTo: c.Tasks[0].MessageIDs, From: from,
			Subject: "Re", Text: "Сделаем."})
	}
	replyTo("1", "zhkh@example.ru", 10, "2026-01-13T15:00")
	replyTo("2", "urtam@example.ru", 11, "2026-01-13T17:00")
	clk.Set(at("2026-01-13T16:00"))
	rec, err := d.ExecutorRecords("upravdel")
	if err != nil {
		t.Fatal(err)
	}
	if r := rec["school"]; r != (domain.ExecutorRecord{OpenTasks: 1}) {
		t.Fatalf("school before its due time: %+v", r)
	}
	clk.Set(at("2026-01-13T17:30"))
	rec, _ = d.ExecutorRecords("upravdel")
	want := map[string]domain.ExecutorRecord{
		"zam-zhkh": {OnTime: 1},
		"urtam":    {Late: 1},
		"school":   {OpenTasks: 1, Missing: 1},
	}
	for who, w := range want {
		if rec[who] != w {
			t.Errorf("%s: %+v, want %+v", who, rec[who], w)
		}
	}
}

// Р.4: the handover e-mail can be read before the absence is added: the same template and open cases the
// substitute will get when it starts; a wrong period or substitute is refused with the desk's words.
func TestHandoverPreview(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "4512937", at("2026-01-13T10:22")))
	subject, body, err := d.HandoverPreview("koordinator", at("2026-01-20T09:00"), at("2026-01-31T18:00"), "maslova")
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Передача дел: Вы исполняете обязанности координатора с 20.01.2026 09:00 по 31.01.2026 18:00" {
		t.Fatalf("subject %q", subject)
	}
	for _, want := range []string{"Здравствуйте, Маслова Елена Андреевна!", "за Бирюкову Ирину Александровну",
		"Открытые сообщения (1):", "- ОТК-2026-0001 (Кожевниково): Когда почистят дорогу? — срок проектов 13.01.2026 16:22",
		"«Маслова Е. А. за Бирюкову И. А.»"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	// The administrator previews the coordinator's absence.
	if _, body, err := d.HandoverPreview("admin", at("2026-01-20T09:00"), at("2026-01-31T18:00"), "maslova"); err != nil ||
		!strings.Contains(body, "за Бирюкову Ирину Александровну") {
		t.Fatalf("admin preview: %v\n%s", err, body)
	}
	tests := []struct {
		name, sub, from, to, want string
	}{
		{"end before start", "maslova", "2026-01-31T18:00", "2026-01-20T09:00", "конец периода должен быть позже начала"},
		{"not a substitute", "upravdel", "2026-01-20T09:00", "2026-01-31T18:00", "upravdel не заместитель (роль supervisor)"},
		{"no such user", "nobody", "2026-01-20T09:00", "2026-01-31T18:00", `нет пользователя "nobody"`},
	}
	for _, tc := range tests {
		_, _, err := d.HandoverPreview("koordinator", at(tc.from), at(tc.to), tc.sub)
		if got := userMessage(err); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
