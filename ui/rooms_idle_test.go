package ui

import (
	"otklik/internal/testdesk"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// idleHarness is a coordinator's window with idle_lock_minutes = 15 and a controlled idle clock.
func idleHarness(t *testing.T) (*harness, *clock) {
	t.Helper()
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	p := desk.Policy()
	p.IdleLock = 15 * time.Minute
	desk.Reconfigure(nil, p)
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	idle := testdesk.NewClock(at("2026-01-13T11:00"))
	h.v.rooms.now = idle.Now
	h.logIn("koordinator", coordPass)
	return h, idle
}

// tickAt moves the idle clock and runs one tick of the window's ticker.
func (h *harness) tickAt(idle *clock, t time.Time) {
	idle.Set(t)
	h.v.tick(h.desk.Now(), nil)
}

// security.idle_lock_minutes: after that long without input the login screen comes back; input of any kind —
// typing in a field, a tap on a passive part of the window, a shortcut — restarts the count; the queue goes on
// reloading underneath, and the same user's login returns to where she was.
func TestIdleLock(t *testing.T) {
	h, idle := idleHarness(t)
	h.open("ОТК-2026-0001")
	h.tickAt(idle, at("2026-01-13T11:00")) // the ticker's first look sets the mark
	h.tickAt(idle, at("2026-01-13T11:14"))
	if h.win.Content() != h.v.main {
		t.Fatal("locked before the idle time")
	}
	// Typing in the search is seen by the next tick (no event reaches the window for it).
	test.Type(h.v.queue.search, "яма")
	h.tickAt(idle, at("2026-01-13T11:15"))
	h.tickAt(idle, at("2026-01-13T11:29"))
	if h.win.Content() != h.v.main {
		t.Fatal("typing did not count as input")
	}
	// A tap on a passive part of the window (the watcher beneath) counts too.
	test.Tap(h.v.rooms.watch)
	h.tickAt(idle, at("2026-01-13T11:43"))
	if h.win.Content() != h.v.main {
		t.Fatal("a tap did not count as input")
	}
	h.shortcut(shortcutSearch)
	h.tickAt(idle, at("2026-01-13T11:57"))
	if h.win.Content() != h.v.main {
		t.Fatal("a shortcut did not count as input")
	}
	h.tickAt(idle, at("2026-01-13T12:12"))
	if h.win.Content() != h.v.login.content {
		t.Fatal("not locked after 15 minutes without input")
	}
	contains(t, "lock message", h.v.login.message.Text, "Окно заблокировано после 15 мин без действий")
	if h.win.Title() != "Отклик" || h.win.MainMenu() != nil || h.v.login.login.Text != "koordinator" {
		t.Fatalf("locked window: title %q, menu %v, login %q", h.win.Title(), h.win.MainMenu() != nil, h.v.login.login.Text)
	}
	if h.win.Canvas().Focused() != h.v.login.password {
		t.Fatal("the password field has no focus")
	}
	// Underneath, the queue keeps syncing: a new case arrives and a reload takes it.
	ingest(t, h.desk, incident{number: "2", settlement: "Уртам", text: "Нет воды", received: at("2026-01-13T12:05")})
	h.v.Refresh()
	if h.v.model.Total() != 2 {
		t.Fatalf("the queue stopped reloading while locked: %d cases", h.v.model.Total())
	}
	// The shortcuts do nothing on the lock screen.
	h.shortcut(shortcutSearch)
	if h.win.Canvas().Focused() != h.v.login.password || h.win.Content() != h.v.login.content {
		t.Fatal("Ctrl+F acted behind the lock screen")
	}
	// A wrong password keeps it locked.
	h.logIn("koordinator", "wrong-password-1")
	if h.win.Content() != h.v.login.content {
		t.Fatal("a wrong password unlocked the window")
	}
	h.logIn("koordinator", coordPass)
	if h.win.Content() != h.v.main || h.win.MainMenu() == nil {
		t.Fatal("the login did not return to the main view")
	}
	if h.v.openCaseID != "ОТК-2026-0001" || h.v.panel.c == nil || h.v.queue.search.Text != "яма" {
		t.Fatalf("the place was lost: case %q, search %q", h.v.openCaseID, h.v.queue.search.Text)
	}
	h.tickAt(idle, at("2026-01-13T12:20"))
	if h.win.Content() != h.v.main {
		t.Fatal("locked again at once after the login")
	}
}

// Another user at the locked window: the first is logged out, the second starts afresh; Ctrl+L locks at once.
func TestIdleLockOtherUser(t *testing.T) {
	h, _ := idleHarness(t)
	h.open("ОТК-2026-0001")
	h.shortcut(shortcutLock)
	if h.win.Content() != h.v.login.content || !strings.HasPrefix(h.v.login.message.Text, "Окно заблокировано.") {
		t.Fatalf("Ctrl+L: %q", h.v.login.message.Text)
	}
	h.v.login.login.SetText("")
	h.logIn("upravdel", coordPass)
	if h.win.Content() != h.v.main || h.v.currentUser() != "upravdel" || h.v.openCaseID != "" || h.v.canWork {
		t.Fatalf("after another login: user %q, case %q, canWork %v", h.v.currentUser(), h.v.openCaseID, h.v.canWork)
	}
	contains(t, "title", h.win.Title(), "Савельева В. И.")
}
