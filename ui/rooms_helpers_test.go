package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

const (
	adminPass = "Kozh-2026-ab!Admin"
	subPass   = "Kozh-2026-ab!Subst"
)

// newRoomsDesk is newTestDesk with every role: the coordinator, her substitute, the supervisor and the
// administrator (the rooms differ by role), over a real bbolt file.
func newRoomsDesk(t testing.TB, now time.Time) (*domain.Desk, *clock) {
	return newDeskWith(t, now, coordinatorUser,
		domain.NewUser{User: domain.User{Login: "maslova", Name: "Маслова Елена Андреевна", Position: "Юрист", Email: "maslova@example.ru", Role: domain.RoleSubstitute}, Password: subPass},
		supervisorUser,
		domain.NewUser{User: domain.User{Login: "admin", Name: "Отдел информатизации", Position: "Администратор", Email: "it@example.ru", Role: domain.RoleAdmin}, Password: adminPass})
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
