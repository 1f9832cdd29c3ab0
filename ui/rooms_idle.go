package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
	"otklik/ui/queue"
)

// The idle lock (settings security.idle_lock_minutes, Policy().IdleLock): after that long without input the window
// shows the login screen again. Only the screen is locked: the user stays known to the window, so the queue keeps
// reloading after each sync underneath and the mail workers (started by cmd at login) keep running; logging in
// again as the same user returns to the same place, another user's login replaces her as a logout would.
//
// Fyne has no global input hook: events go to the one widget under the pointer or holding the keyboard focus,
// and never bubble to its parents. So input is noticed in four ways, together:
//   - idleWatch lies beneath the whole main view and takes the taps, clicks, scrolls and pointer movements over
//     everything passive (labels, empty space, padding): Fyne gives an event to the topmost object that accepts
//     it, so buttons, lists and entries above keep theirs (an overlay on top would steal their hover and cursor);
//   - the canvas's key handlers (SetOnTypedKey/Rune, desktop SetOnKeyDown) see keys while no widget has focus,
//     and the main menu's shortcuts count as input;
//   - every action of a room or a case goes through View.act or rooms.run, which count as input;
//   - the window's ticker (once a minute) compares a mark of what input changes (the focused widget, its text and
//     cursor, the open case, the queue's filter, the room shown, the open dialogs) with the last one: typing into
//     an entry or choosing a case in the list moves it.
// Merely hovering over a button is not noticed; the lock comes at most a minute late.

// idleState is the rooms' part of the idle lock.
type idleState struct {
	now       func() time.Time // the idle clock; tests replace it (the desk's clock may be fixed in test builds)
	lastInput time.Time
	mark      activityMark
	locked    bool
	watch     *idleWatch
}

// activityMark is what input changes, compared tick by tick.
type activityMark struct {
	focused  fyne.Focusable
	text     int
	row, col int
	openCase domain.CaseID
	filter   queue.Filter
	room     int
	overlays int
}

// touch records input now.
func (r *rooms) touch() {
	if r.locked {
		return
	}
	r.lastInput = r.now()
}

func (r *rooms) activity() activityMark {
	c := r.v.win.Canvas()
	m := activityMark{focused: c.Focused(), openCase: r.v.openCaseID, filter: r.v.filter, overlays: len(c.Overlays().List())}
	switch e := m.focused.(type) {
	case *widget.Entry:
		m.text, m.row, m.col = len(e.Text), e.CursorRow, e.CursorColumn
	case *widget.SelectEntry:
		m.text, m.row, m.col = len(e.Text), e.CursorRow, e.CursorColumn
	}
	if r.tabs != nil {
		m.room = r.tabs.SelectedIndex()
	}
	return m
}

// idleTick runs at each tick while someone is logged in: it notices input the events did not report and locks
// the window when the idle time has passed.
func (r *rooms) idleTick() {
	if r.locked || r.v.currentUser() == "" || r.tabs == nil {
		return
	}
	if m := r.activity(); m != r.mark {
		r.mark = m
		r.touch()
		return
	}
	limit := r.v.desk.Policy().IdleLock
	if limit > 0 && r.now().Sub(r.lastInput) >= limit {
		r.lock(limit)
	}
}

// lockNow is the menu's «Заблокировать окно» (Ctrl+L): the lock without waiting.
func (r *rooms) lockNow() {
	if !r.active() {
		return
	}
	r.lock(0)
}

// lock shows the login screen over the running window: the answer being composed is saved, the dialogs are closed
// (they would stay above the login screen), the menu is taken away; the user stays known, so reloads go on.
func (r *rooms) lock(after time.Duration) {
	v := r.v
	r.locked = true
	v.panel.composer.flush()
	overlays := v.win.Canvas().Overlays()
	for _, o := range overlays.List() {
		overlays.Remove(o)
	}
	v.win.SetMainMenu(nil)
	v.login.login.SetText(v.currentUser())
	v.login.password.SetText("")
	msg := lang.L("Окно заблокировано. Войдите снова: почта и очередь продолжают обновляться.")
	if after > 0 {
		msg = lang.L("Окно заблокировано после {{.N}} мин без действий. Войдите снова: почта и очередь продолжают обновляться.",
			map[string]any{"N": int(after / time.Minute)})
	}
	v.login.message.SetText(msg)
	v.win.SetTitle(lang.L("Отклик"))
	v.showScreen(v.login.content, v.login.password)
	r.updateTray()
}

// unlock handles a login on the locked window. The same user returns to the main view as she left it (true);
// another user first logs the previous one out, and the caller goes on as for a fresh login (false).
func (r *rooms) unlock(s *domain.Session, a domain.Actor) bool {
	if !r.locked {
		return false
	}
	v := r.v
	if s.Login != v.currentUser() {
		v.logout()
		return false
	}
	r.locked = false
	r.session = s
	// An absence may have begun or ended meanwhile: her rights are read again.
	v.actor = a
	v.canWork = a.Role == domain.RoleCoordinator || (a.Role == domain.RoleSubstitute && a.ActingFor != nil)
	v.status.setUser(a, v.canWork)
	r.lastInput = r.now()
	r.mark = r.activity()
	v.login.message.SetText("")
	v.win.SetTitle(v.titleFor(a))
	v.showScreen(v.main, nil)
	r.installMenu()
	r.updateTray()
	v.Refresh()
	return true
}

// idleWatch is the transparent layer beneath the main view that notices input over its passive parts.
type idleWatch struct {
	widget.BaseWidget
	onInput func()
}

func newIdleWatch(onInput func()) *idleWatch {
	w := &idleWatch{onInput: onInput}
	w.ExtendBaseWidget(w)
	return w
}

func (w *idleWatch) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (w *idleWatch) Tapped(*fyne.PointEvent)          { w.onInput() }
func (w *idleWatch) TappedSecondary(*fyne.PointEvent) { w.onInput() }
func (w *idleWatch) Scrolled(*fyne.ScrollEvent)       { w.onInput() }
func (w *idleWatch) MouseIn(*desktop.MouseEvent)      { w.onInput() }
func (w *idleWatch) MouseMoved(*desktop.MouseEvent)   { w.onInput() }
func (w *idleWatch) MouseOut()                        {}
