package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"otklik/assets"
	"otklik/domain"
	"otklik/domain/worktime"
	"otklik/secrets"
	"otklik/storage"
)

const (
	adminPass = "Kozh-2026-ab!Admin"
	subPass   = "Kozh-2026-ab!Subst"
)

// newRoomsDesk is newTestDesk with every role: the coordinator, her substitute, the supervisor and the
// administrator (the rooms differ by role), over a real bbolt file.
func newRoomsDesk(t testing.TB, now time.Time) (*domain.Desk, *clock) {
	t.Helper()
	db, err := storage.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cal, err := worktime.ParseCalendarJSON(assets.CalendarJSON)
	if err != nil {
		t.Fatal(err)
	}
	calc, err := worktime.New(worktime.DefaultSchedule(), cal, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := domain.Policy{OrgName: "Администрация Кожевниковского района", TagPrefix: "ОТК", Location: tomsk,
		Settlements: []string{"Кожевниково", "Уртам"}, DepartmentAddresses: []string{"@dip.tomsk.example"},
		HeadName: "Глава района", HeadAddress: "glava@example.ru", MailboxAddress: "koordinator@example.ru",
		FromName: "Координатор", Deadlines: domain.DefaultDeadlineRules(), LockoutAttempts: 5,
		LockoutDuration: 15 * time.Minute, SignificanceKeywords: []string{"школ", "отоплени"},
		Templates: assets.Templates(), ShippedTemplates: assets.Templates()}
	clk := &clock{t: now}
	desk := domain.NewDesk(db, domain.ClockFunc(clk.now), secrets.Argon2id{P: secrets.Params{Memory: 1024, Time: 1, Threads: 1}}, calc, p)
	err = desk.Setup(nil, domain.SetupRequest{
		Users: []domain.NewUser{
			{User: domain.User{Login: "koordinator", Name: "Бирюкова Ирина Александровна", Position: "Специалист", Email: "koordinator@example.ru", Role: domain.RoleCoordinator}, Password: coordPass},
			{User: domain.User{Login: "maslova", Name: "Маслова Елена Андреевна", Position: "Юрист", Email: "maslova@example.ru", Role: domain.RoleSubstitute}, Password: subPass},
			{User: domain.User{Login: "upravdel", Name: "Савельева Вера Ивановна", Position: "Управляющий делами", Email: "upravdel@example.ru", Role: domain.RoleSupervisor}, Password: coordPass},
			{User: domain.User{Login: "admin", Name: "Отдел информатизации", Position: "Администратор", Email: "it@example.ru", Role: domain.RoleAdmin}, Password: adminPass},
		},
		Executors: []domain.Executor{
			{Login: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Position: "Заместитель Главы по ЖКХ", Email: "zhkh@example.ru", Categories: []string{"Дороги"}, Active: true},
			{Login: "urtam", Name: "Петрова Анна Викторовна", Position: "Глава Уртамского поселения", Email: "urtam@example.ru", Settlements: []string{"Уртам"}, Active: true},
			{Login: "school", Name: "Сидоров Олег Ильич", Position: "Начальник отдела образования", Email: "edu@example.ru", Active: true},
		},
		SettingsDoc: []byte(`{}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	return desk, clk
}

// room selects a room by its tab, as a click on the tab would.
func (h *harness) room(i int) {
	h.t.Helper()
	h.v.rooms.tabs.SelectIndex(i)
	if got := h.v.rooms.tabs.SelectedIndex(); got != i {
		h.t.Fatalf("room %d not shown (%d)", i, got)
	}
}

// shortcut types a keyboard shortcut on the window's canvas.
func (h *harness) shortcut(s fyne.Shortcut) {
	h.win.Canvas().(fyne.Shortcutable).TypedShortcut(s)
}

// menuItem finds an item of the main menu by its label.
func (h *harness) menuItem(label string) *fyne.MenuItem {
	h.t.Helper()
	m := h.win.MainMenu()
	if m == nil {
		h.t.Fatal("no main menu")
	}
	for _, menu := range m.Items {
		for _, it := range menu.Items {
			if it.Label == label {
				return it
			}
		}
	}
	h.t.Fatalf("no menu item %q", label)
	return nil
}

func typeInto(e *widget.Entry, text string) {
	e.SetText("")
	test.Type(e, text)
}

func shown(o fyne.CanvasObject) bool { return o.Visible() }

func lines(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }
