package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"otklik/domain"
)

// Р.2, Р.3: the administrator lists the accounts, adds one (a short password is refused with the desk's words),
// disables and enables it, and cannot disable herself.
func TestPeopleRoomAccounts(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:30"))
	h := newHarness(t, desk, clk, "")
	h.logIn("admin", adminPass)
	h.room(roomPeople)
	p := h.v.rooms.people
	if len(p.accountRows) != 4 || shown(p.accountsNote) || !shown(p.addUserBox) {
		t.Fatalf("accounts %d, note %v, form %v", len(p.accountRows), shown(p.accountsNote), shown(p.addUserBox))
	}
	contains(t, "account", p.accountRows["maslova"].text.Text, "maslova · Маслова Елена Андреевна · заместитель координатора")
	if p.accountRows["maslova"].state.Text != "действует" {
		t.Fatalf("state %q", p.accountRows["maslova"].state.Text)
	}

	fill := func(pass1, pass2 string) {
		typeInto(p.newLogin, "petrova")
		typeInto(p.newName, "Петрова Ольга Ивановна")
		typeInto(p.newEmail, "petrova@example.ru")
		p.newRole.SetSelected("заместитель координатора")
		typeInto(p.newPass, pass1)
		typeInto(p.newPass2, pass2)
	}
	tests := []struct{ name, pass1, pass2, want string }{
		{"mismatch", "Petrova-2026-pass", "Petrova-2026-pas", "Пароли не совпадают"},
		{"short", "Pet-2026", "Pet-2026", "пароль должен быть не короче 12 символов"},
		{"no digits", "Petrova-password", "Petrova-password", "пароль должен содержать буквы и цифры"},
	}
	for _, tc := range tests {
		fill(tc.pass1, tc.pass2)
		test.Tap(p.addUser)
		if got := p.accountsMsg.Text; got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if p.accountRows["petrova"] != nil {
			t.Fatalf("%s: the account was created", tc.name)
		}
	}
	fill("Petrova-2026-pass", "Petrova-2026-pass")
	test.Tap(p.addUser)
	if got := p.accountsMsg.Text; got != "Учётная запись petrova создана" {
		t.Fatalf("add: %q", got)
	}
	if p.accountRows["petrova"] == nil || p.newLogin.Text != "" || p.newPass.Text != "" {
		t.Fatal("the new account is not listed or the form keeps the password")
	}
	if _, err := desk.Login("petrova", "Petrova-2026-pass"); err != nil {
		t.Fatalf("the new account cannot log in: %v", err)
	}

	test.Tap(p.accountRows["petrova"].toggle)
	if row := p.accountRows["petrova"]; row.state.Text != "отключена" || row.toggle.Text != "Включить" {
		t.Fatalf("disabled: %q %q", row.state.Text, row.toggle.Text)
	}
	if _, err := desk.Login("petrova", "Petrova-2026-pass"); !domain.IsRefused(err) {
		t.Fatalf("a disabled account logged in: %v", err)
	}
	test.Tap(p.accountRows["petrova"].toggle)
	if p.accountRows["petrova"].state.Text != "действует" {
		t.Fatal("not enabled again")
	}
	test.Tap(p.accountRows["admin"].toggle)
	if got := p.accountsMsg.Text; got != "нельзя отключить свою учётную запись" {
		t.Fatalf("own account: %q", got)
	}
}

// The coordinator changes her own password: a mismatch and a short one are refused; the new one works and still
// opens the data key (the mail passwords).
func TestPeopleRoomOwnPassword(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:30"))
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.room(roomPeople)
	p := h.v.rooms.people
	if !shown(p.accountsNote) || shown(p.addUserBox) {
		t.Fatal("the coordinator is offered the accounts")
	}
	tests := []struct{ name, p1, p2, want string }{
		{"mismatch", "Birukova-2026-new", "Birukova-2026-neW", "Пароли не совпадают"},
		{"short", "Bir-26", "Bir-26", "пароль должен быть не короче 12 символов"},
		{"good", "Birukova-2026-new", "Birukova-2026-new", "Пароль изменён"},
	}
	for _, tc := range tests {
		typeInto(p.pass1, tc.p1)
		typeInto(p.pass2, tc.p2)
		test.Tap(p.changePass)
		if got := p.passMsg.Text; got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if p.pass1.Text != "" {
		t.Fatal("the new password stays in the field")
	}
	s, err := desk.Login("koordinator", "Birukova-2026-new")
	if err != nil || len(s.DataKey) == 0 {
		t.Fatalf("login with the new password: %v (key %d bytes)", err, len(s.DataKey))
	}
	if _, err := desk.Login("koordinator", coordPass); err == nil {
		t.Fatal("the old password still works")
	}
}

// Р.4: the coordinator sets her absence: a wrong date form and an end before the start are refused; the preview
// shows the handover e-mail with the open cases; the period is listed and can be ended early.
func TestPeopleRoomAbsence(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "4512937", settlement: "Кожевниково", text: "Когда почистят Октябрьскую?", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.logIn("koordinator", coordPass)
	h.room(roomPeople)
	p := h.v.rooms.people
	if p.absent.Selected != "Бирюкова И. А." || !p.absent.Disabled() {
		t.Fatalf("absent %q (disabled %v)", p.absent.Selected, p.absent.Disabled())
	}
	tests := []struct{ name, sub, from, to, want string }{
		{"date form", "maslova", "20.01.2026", "31.01.2026 18:00", "Дата и время — в виде 20.01.2026 09:00"},
		{"no substitute", "", "20.01.2026 09:00", "31.01.2026 18:00", "Укажите заместителя"},
		{"end before start", "maslova", "31.01.2026 18:00", "20.01.2026 09:00", "конец периода должен быть позже начала"},
		{"not a substitute", "upravdel", "20.01.2026 09:00", "31.01.2026 18:00", "upravdel не заместитель (роль supervisor)"},
	}
	for _, tc := range tests {
		p.substitute.SetText(tc.sub)
		typeInto(p.from, tc.from)
		typeInto(p.to, tc.to)
		for _, b := range []string{"preview", "add"} {
			if b == "preview" {
				test.Tap(p.preview)
			} else {
				test.Tap(p.addAbsence)
			}
			if got := p.absenceMsg.Text; got != tc.want {
				t.Errorf("%s (%s): %q, want %q", tc.name, b, got, tc.want)
			}
		}
	}
	if list, _ := desk.Absences("koordinator"); len(list) != 0 {
		t.Fatalf("a refused period was stored: %+v", list)
	}

	p.substitute.SetText("maslova")
	typeInto(p.from, "20.01.2026 09:00")
	typeInto(p.to, "31.01.2026 18:00")
	test.Tap(p.preview)
	if got := p.previewSubject.Text; got != "Тема: Передача дел: Вы исполняете обязанности координатора с 20.01.2026 09:00 по 31.01.2026 18:00" {
		t.Fatalf("subject %q", got)
	}
	for _, want := range []string{"Здравствуйте, Маслова Елена Андреевна!", "Открытые сообщения (1):",
		"ОТК-2026-0001 (Кожевниково): Когда почистят Октябрьскую? — срок проектов 13.01.2026 16:22"} {
		contains(t, "preview", p.previewBody.Text, want)
	}
	test.Tap(p.addAbsence)
	contains(t, "added", p.absenceMsg.Text, "Период отсутствия добавлен: maslova получит письмо о передаче дел")
	if len(p.absenceRows) != 1 {
		t.Fatalf("absences listed %d", len(p.absenceRows))
	}
	var row *absenceRow
	var id int
	for k, r := range p.absenceRows {
		row, id = r, k
	}
	if got := row.text.Text; got != "Бирюкова И. А. отсутствует с 20.01.2026 09:00 по 31.01.2026 18:00, замещает maslova — предстоит" {
		t.Fatalf("row %q", got)
	}
	if !slices.Contains(p.subOptions, "maslova") {
		t.Fatal("the earlier substitute is not offered")
	}
	clk.Set(at("2026-01-21T10:00"))
	test.Tap(row.end)
	contains(t, "ended", p.absenceMsg.Text, "Период отсутствия завершён")
	if got := p.absenceRows[id].text.Text; !strings.HasSuffix(got, "завершён 21.01.2026 10:00") || shown(p.absenceRows[id].end) {
		t.Fatalf("ended row %q", got)
	}
}

// UI.md «substitute acting»: inside the absence she acts in, the substitute's window says for whom and until when
// («Маслова Е. А. (за Бирюкову И. А., до 20.01)»), and what she does is signed «Маслова Е. А. за Бирюкову И. А.».
func TestSubstituteTitleSaysForWhomAndUntil(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:30"))
	if _, err := desk.AddAbsence("koordinator", "koordinator", "maslova", at("2026-01-13T09:00"), at("2026-01-20T18:00")); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, desk, clk, "")
	h.logIn("maslova", subPass)
	if got := h.win.Title(); got != "Отклик — Маслова Е. А. (за Бирюкову И. А., до 20.01)" {
		t.Fatalf("title %q", got)
	}
}
