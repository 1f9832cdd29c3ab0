package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// UI.md: the main view has its rooms in tabs; the frequent actions are in the main menu with their keyboard
// shortcuts shown beside them (Ctrl+F search, Ctrl+D dispatch, Ctrl+R answer, F5 check mail), and the shortcuts
// work on the canvas.
func TestRoomsMenuAndShortcuts(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма на Октябрьской", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	kicked := 0
	h.v.deps.Kick = func() { kicked++ }
	if h.win.MainMenu() != nil {
		t.Fatal("the login screen has a main menu")
	}
	h.logIn("koordinator", coordPass)

	var names []string
	for _, it := range h.v.rooms.tabs.Items {
		names = append(names, it.Text)
	}
	if got := joinNonEmpty("|", names...); got != "Очередь|Разбор почты|Исполнители|Пользователи и отсутствия|Настройки|Сводка" {
		t.Fatalf("rooms %q", got)
	}
	for label, want := range map[string]fyne.Shortcut{
		"Найти": shortcutSearch, "Направить исполнителям…": shortcutDispatch, "Ответить": shortcutAnswer,
		"Проверить почту": shortcutCheckMail, "Заблокировать окно": shortcutLock,
	} {
		it := h.menuItem(label)
		if it.Shortcut == nil || it.Shortcut.ShortcutName() != want.ShortcutName() {
			t.Errorf("%s: shortcut %v, want %v", label, it.Shortcut, want.ShortcutName())
		}
		if it.Disabled {
			t.Errorf("%s disabled for the coordinator", label)
		}
	}
	if sc := shortcutSearch; sc.KeyName != fyne.KeyF || sc.Modifier != fyne.KeyModifierShortcutDefault {
		t.Fatalf("search shortcut %+v", sc)
	}

	// Ctrl+3 goes to «Исполнители», Ctrl+F back to the queue with the cursor in the search.
	h.shortcut(&desktop.CustomShortcut{KeyName: fyne.Key3, Modifier: fyne.KeyModifierShortcutDefault})
	if got := h.v.rooms.tabs.SelectedIndex(); got != roomExecutors {
		t.Fatalf("Ctrl+3 shows room %d", got)
	}
	h.shortcut(shortcutSearch)
	if h.v.rooms.tabs.SelectedIndex() != roomQueue || h.win.Canvas().Focused() != h.v.queue.search {
		t.Fatalf("Ctrl+F: room %d, focus %T", h.v.rooms.tabs.SelectedIndex(), h.win.Canvas().Focused())
	}

	// Ctrl+D with no case open does nothing; with one it opens «Направить исполнителям».
	h.shortcut(shortcutDispatch)
	if h.v.dispatchDlg != nil {
		t.Fatal("dispatch dialog without a case")
	}
	h.open("ОТК-2026-0001")
	h.shortcut(shortcutDispatch)
	if h.v.dispatchDlg == nil || h.v.dispatchDlg.c.ID != "ОТК-2026-0001" {
		t.Fatal("Ctrl+D did not open the dispatch dialog of the open case")
	}
	h.v.dispatchDlg.dlg.Hide()

	// Ctrl+R: the «Ответ» tab with the cursor in the answer.
	h.shortcut(shortcutAnswer)
	if sel := h.v.panel.tabs.Selected(); sel == nil || sel.Text != "Ответ" || h.win.Canvas().Focused() != h.v.panel.composer.entry {
		t.Fatalf("Ctrl+R: tab %v, focus %T", sel, h.win.Canvas().Focused())
	}

	// F5 (no modifier: a key, not a shortcut, in Fyne) and the menu item both ask the workers to check mail.
	h.win.Canvas().Unfocus()
	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF5})
	h.menuItem("Проверить почту").Action()
	if kicked != 2 {
		t.Fatalf("check mail asked %d times, want 2", kicked)
	}

	// After logout there is no menu and the shortcuts do nothing.
	test.Tap(h.v.status.logout)
	if h.win.MainMenu() != nil {
		t.Fatal("main menu stays after logout")
	}
	h.shortcut(shortcutSearch)
	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF5})
	if h.win.Canvas().Focused() == h.v.queue.search || kicked != 2 {
		t.Fatalf("a shortcut acted on the login screen (focus %T, kicked %d)", h.win.Canvas().Focused(), kicked)
	}
}

// Р.2: the supervisor sees every room read-only; the menu's working actions are disabled and Ctrl+D does nothing.
func TestSupervisorRoomsReadOnly(t *testing.T) {
	desk, clk := newRoomsDesk(t, at("2026-01-13T11:00"))
	ingest(t, desk, incident{number: "1", settlement: "Кожевниково", text: "Яма", received: at("2026-01-13T10:22")})
	h := newHarness(t, desk, clk, "")
	h.v.deps.LoadSettings = func() (string, error) { return "", nil }
	h.v.deps.ApplySettings = func(string) error { return nil }
	h.logIn("upravdel", coordPass)
	h.open("ОТК-2026-0001")
	if !h.menuItem("Направить исполнителям…").Disabled || !h.menuItem("Ответить").Disabled {
		t.Fatal("working menu items enabled for the supervisor")
	}
	h.shortcut(shortcutDispatch)
	if h.v.dispatchDlg != nil {
		t.Fatal("Ctrl+D opened the dispatch dialog for the supervisor")
	}
	r := h.v.rooms
	h.room(roomTriage)
	if !shown(r.triage.banner) {
		t.Error("triage: no read-only note")
	}
	h.room(roomExecutors)
	if !shown(r.executors.banner) || !r.executors.save.Disabled() || !r.executors.importCSV.Disabled() {
		t.Error("executors: editable for the supervisor")
	}
	if row := r.executors.rows["urtam"]; row == nil || !row.toggle.Disabled() || !row.edit.Disabled() {
		t.Error("executors: a row's buttons are enabled for the supervisor")
	}
	h.room(roomPeople)
	if !shown(r.people.absenceBanner) || !r.people.addAbsence.Disabled() || shown(r.people.addUserBox) {
		t.Error("people: editable for the supervisor")
	}
	if r.people.changePass.Disabled() {
		t.Error("people: the supervisor cannot change her own password")
	}
	h.room(roomSettings)
	if !shown(r.settings.banner) || shown(r.settings.editorBox) {
		t.Error("settings: the editor is shown to the supervisor")
	}
	if r.settings.sections["department"].Text == "" {
		t.Error("settings: the supervisor sees no settings")
	}
}
