package ui

import (
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"otklik/assets"
)

// trayApp is the test app with a tray, as the desktop driver has one.
type trayApp struct {
	fyne.App
	menus  []*fyne.Menu
	icons  []fyne.Resource
	window fyne.Window
}

func (a *trayApp) SetSystemTrayMenu(m *fyne.Menu)    { a.menus = append(a.menus, m) }
func (a *trayApp) SetSystemTrayIcon(r fyne.Resource) { a.icons = append(a.icons, r) }
func (a *trayApp) SetSystemTrayWindow(w fyne.Window) { a.window = w }
func (a *trayApp) Icon() fyne.Resource               { return fyne.NewStaticResource("otklik.png", assets.Icon) }

func (a *trayApp) lastMenu(t *testing.T) []string {
	t.Helper()
	if len(a.menus) == 0 {
		t.Fatal("no tray menu")
	}
	var out []string
	for _, it := range a.menus[len(a.menus)-1].Items {
		out = append(out, it.Label)
	}
	return out
}

func noticeTexts(ns []*fyne.Notification) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Title+": "+n.Content)
	}
	return out
}

// UI.md, П.17: a new case and a socially significant one are announced on the desktop, and «срок истекает» once per
// case and deadline when the next deadline comes within two working hours; the tray shows the number of urgent
// cases and «Открыть» brings the window back.
func TestNotificationsAndTray(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")}) // drafts due 16:22
	h := newHarness(t, desk, clk, "")
	tray := &trayApp{App: h.app}
	var sent []*fyne.Notification
	host := desktopHostFor(tray, hostProbe{notifications: true, tray: true})
	host.notify = func(n *fyne.Notification) { sent = append(sent, n) }
	h.v.rooms.setHost(host)
	if got := strings.Join(tray.lastMenu(t), "|"); got != "Вход не выполнен|Открыть" {
		t.Fatalf("tray before login %q", got)
	}
	if tray.window != h.win {
		t.Fatal("the tray does not control the window")
	}
	h.logIn("koordinator", coordPass)
	if len(sent) != 0 {
		t.Fatalf("the cases already there were announced: %q", noticeTexts(sent))
	}
	if got := tray.lastMenu(t)[0]; got != "Срочных сообщений: 0" {
		t.Fatalf("tray %q", got)
	}

	// Mail brings two cases, one socially significant.
	clk.Set(at("2026-01-13T11:00"))
	ingest(t, desk,
		incident{number: "2", settlement: "Уртам", text: "Нет воды", received: at("2026-01-13T10:55")},
		incident{number: "3", settlement: "Кожевниково", text: "Холодно в школе", received: at("2026-01-13T10:56"), significant: true})
	h.v.Refresh()
	want := []string{
		"Социально значимое сообщение: ОТК-2026-0003 · Кожевниково · Дороги · Проекты до 16:56",
		"Новое сообщение: ОТК-2026-0002 · Уртам · Дороги · Проекты до 16:55",
	}
	if got := noticeTexts(sent); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("notices:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, n := range sent {
		if strings.Contains(n.Content, "Холодно") || strings.Contains(n.Content, "Нет воды") {
			t.Fatal("a notification shows the citizen's text")
		}
	}
	h.v.Refresh()
	if len(sent) != 2 {
		t.Fatalf("a reload announced again: %q", noticeTexts(sent))
	}

	// 14:30: ОТК-2026-0001's drafts are due at 16:22, 1 h 52 min of working time away.
	sent = nil
	clk.Set(at("2026-01-13T14:30"))
	h.v.tick(desk.Now(), nil)
	if got := noticeTexts(sent); len(got) != 1 || got[0] != "Срок истекает: ОТК-2026-0001 · Проекты до 16:22 · осталось 1 ч 52 мин" {
		t.Fatalf("due soon: %q", got)
	}
	if got := tray.lastMenu(t)[0]; got != "Срочных сообщений: 1" {
		t.Fatalf("tray %q", got)
	}
	if icon := tray.icons[len(tray.icons)-1]; icon.Name() != "otklik-urgent.png" {
		t.Fatalf("tray icon %q while a case is urgent", icon.Name())
	}
	clk.Set(at("2026-01-13T14:45"))
	h.v.tick(desk.Now(), nil)
	if len(sent) != 1 {
		t.Fatalf("«срок истекает» repeated: %q", noticeTexts(sent))
	}
	// 15:00: the two new cases (due 16:55, 16:56) come within two working hours too; 0001 is not repeated.
	clk.Set(at("2026-01-13T15:00"))
	h.v.tick(desk.Now(), nil)
	if got := noticeTexts(sent[1:]); len(got) != 2 || !strings.Contains(got[0]+got[1], "ОТК-2026-0002") || !strings.Contains(got[0]+got[1], "ОТК-2026-0003") {
		t.Fatalf("due soon at 15:00: %q", got)
	}
	if got := tray.lastMenu(t)[0]; got != "Срочных сообщений: 3" {
		t.Fatalf("tray %q", got)
	}

	// «Открыть» brings the window back and restarts the countdowns.
	h.v.SetVisible(false)
	for _, it := range tray.menus[len(tray.menus)-1].Items {
		if it.Label == "Открыть" {
			it.Action()
		}
	}
	if h.v.hidden.Load() {
		t.Fatal("«Открыть» did not show the window")
	}
	test.Tap(h.v.status.logout)
	if got := tray.lastMenu(t)[0]; got != "Вход не выполнен" {
		t.Fatalf("tray after logout %q", got)
	}
}

// Many cases at once are summed up in one notice instead of burying the screen; the notices go to the app's own
// SendNotification when the desktop has a notification host.
func TestNotificationsSummedUp(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T10:30"))
	h := newHarness(t, desk, clk, "")
	h.v.rooms.setHost(desktopHostFor(h.app, hostProbe{notifications: true}))
	h.logIn("koordinator", coordPass)
	var batch []incident
	for i, s := range []string{"Уртам", "Кожевниково", "Уртам", "Кожевниково", "Уртам"} {
		batch = append(batch, incident{number: string(rune('a' + i)), settlement: s, text: "Снег", received: at("2026-01-13T10:25")})
	}
	ingest(t, desk, batch...)
	test.AssertNotificationSent(t, &fyne.Notification{Title: "Новых сообщений: 5",
		Content: "ОТК-2026-0001 · Уртам · Дороги · Проекты до 16:25 …"}, h.v.Refresh)
}

// A bare X server or the test driver offers neither a notification host nor a tray: the window goes on quietly —
// nothing is sent, no tray is touched, the queue and the counts work as before.
func TestDesktopWithoutHosts(t *testing.T) {
	if runtime.GOOS == "linux" {
		// No session bus (a bare Xvfb): the probe says so without starting one.
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
		t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
		t.Setenv("FLATPAK_ID", "")
		if p := probeDesktop(); p != (hostProbe{}) {
			t.Fatalf("probe without a session bus: %+v", p)
		}
	}
	desk, clk := newRoomsDesk(t, at("2026-01-13T14:30"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	tray := &trayApp{App: h.app}
	host := desktopHostFor(tray, hostProbe{})
	if host.notify != nil || host.tray != nil {
		t.Fatalf("host without services: %+v", host)
	}
	if h2 := desktopHostFor(h.app, hostProbe{notifications: true, tray: true}); h2.tray != nil {
		t.Fatal("the test driver's app has no tray, yet one was taken")
	}
	h.v.rooms.setHost(host)
	test.AssertNotificationSent(t, nil, func() {
		h.logIn("koordinator", coordPass)
		ingest(t, desk, incident{number: "2", settlement: "Уртам", text: "Нет воды", received: at("2026-01-13T14:25"), significant: true})
		h.v.Refresh()
		clk.Set(at("2026-01-13T15:00"))
		h.v.tick(desk.Now(), nil)
	})
	if len(tray.menus) != 0 || len(tray.icons) != 0 {
		t.Fatal("a tray that is not there was used")
	}
	if h.win.Content() != h.v.main || h.v.model.Total() != 2 || h.v.queue.significant.Text != "Социально значимые 1" {
		t.Fatalf("the window did not go on: %d cases, %q", h.v.model.Total(), h.v.queue.significant.Text)
	}
	// What would have been announced is still known to the window (its log), just not sent anywhere.
	got := strings.Join(noticeTexts(h.v.rooms.notices), "\n")
	for _, want := range []string{"Срок истекает: ОТК-2026-0001 · Проекты до 16:22", "Социально значимое сообщение: ОТК-2026-0002 · Уртам"} {
		if !strings.Contains(got, want) {
			t.Fatalf("notices %q lack %q", got, want)
		}
	}
}
