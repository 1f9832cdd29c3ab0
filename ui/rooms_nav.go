package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// RoomsDesk is what the rooms beyond the queue need from the service (the directory, the accounts and absences);
// *domain.Desk satisfies it. Desk embeds it.
type RoomsDesk interface {
	Users(login string) ([]domain.User, error)
	AddUser(s *domain.Session, nu domain.NewUser) error
	SetDisabled(login, target string, disabled bool) error
	ChangePassword(s *domain.Session, target, newPassword string) error
	AddAbsence(login, absent, substitute string, from, to time.Time) (*domain.Absence, error)
	Absences(login string) ([]domain.Absence, error)
	EndAbsence(login string, id int) error
	HandoverPreview(login string, absenceFrom, absenceTo time.Time, substitute string) (subject, body string, err error)

	SaveExecutor(login string, e domain.Executor) error
	SetExecutorActive(login, execLogin string, active bool) error
	ImportExecutors(login string, list []domain.Executor) (added, updated int, err error)
	ExecutorRecords(login string) (map[string]domain.ExecutorRecord, error)
}

// Room indices in the tabs, in order.
const (
	roomQueue = iota
	roomTriage
	roomExecutors
	roomPeople
	roomSettings
	roomDashboard
)

// rooms is everything of the main view around the queue: the tabs of the rooms, the main menu and its keyboard
// shortcuts, the idle lock (rooms_idle.go), and the desktop's notifications and tray (tray.go). Touched on the UI
// goroutine only.
type rooms struct {
	v *View

	tabs      *container.AppTabs
	triage    *triageRoom
	executors *executorsRoom
	people    *peopleRoom
	settings  *settingsRoom
	dashboard *dashboardRoom

	// session is the logged-in user's, kept for the use cases that need her data key (AddUser,
	// ChangePassword); cleared on logout.
	session *domain.Session
	menu    *fyne.MainMenu
	// menuItems are the actions of the main menu by their label, for tests and the shortcuts.
	menuItems map[string]*fyne.MenuItem
	shortcuts bool

	idleState
	desktopState
}

func newRooms(v *View) *rooms {
	r := &rooms{v: v, menuItems: map[string]*fyne.MenuItem{}}
	r.idleState.now = time.Now
	return r
}

// build puts the queue and the other rooms in tabs above the status bar, over the idle watcher.
func (r *rooms) build(queueView, statusBar fyne.CanvasObject) fyne.CanvasObject {
	r.triage = newTriageRoom(r)
	r.executors = newExecutorsRoom(r)
	r.people = newPeopleRoom(r)
	r.settings = newSettingsRoom(r)
	r.dashboard = newDashboardRoom(r.v)
	r.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Очередь"), queueView),
		container.NewTabItem(lang.L("Разбор почты"), r.triage.content),
		container.NewTabItem(lang.L("Исполнители"), r.executors.content),
		container.NewTabItem(lang.L("Пользователи и отсутствия"), r.people.content),
		container.NewTabItem(lang.L("Настройки"), r.settings.content),
		container.NewTabItem(lang.L("Сводка"), r.dashboard.content),
	)
	r.tabs.OnSelected = func(*container.TabItem) {
		r.touch()
		r.loadRoom(r.tabs.SelectedIndex())
	}
	r.watch = newIdleWatch(r.touch)
	return container.NewStack(r.watch, container.NewBorder(nil, statusBar, nil, nil, r.tabs))
}

// signedIn prepares the rooms for the user who has just logged in.
func (r *rooms) signedIn(s *domain.Session, a domain.Actor) {
	r.session = s
	r.locked = false
	r.lastInput = r.now()
	r.mark = activityMark{}
	r.resetNotices()
	r.triage.setActor(a, r.v.canWork)
	r.executors.setActor(a)
	r.people.setActor(a)
	r.settings.setActor(a)
	r.tabs.SelectIndex(roomQueue)
	r.installMenu()
	r.installShortcuts()
	r.updateTray()
}

// loggedOut forgets the session and everything shown to the user who left.
func (r *rooms) loggedOut() {
	r.session = nil
	r.locked = false
	r.v.win.SetMainMenu(nil)
	r.resetNotices()
	if r.tabs != nil {
		r.tabs.SelectIndex(roomQueue)
		r.triage.show(nil, nil)
		r.executors.clear()
		r.people.clear()
		r.settings.clear()
	}
	r.updateTray()
}

// reloaded is called after each reload of the queue (Refresh) with every case.
func (r *rooms) reloaded(cases []*domain.Case) {
	if r.tabs == nil {
		return
	}
	r.triage.show(r.v.triage, cases)
	if r.tabs.SelectedIndex() == roomDashboard {
		r.dashboard.load()
	}
	r.casesArrived(cases, r.v.desk.Now())
}

// loadRoom reads the data of a room when it is shown.
func (r *rooms) loadRoom(i int) {
	switch i {
	case roomTriage:
		r.v.Refresh()
	case roomExecutors:
		r.executors.load()
	case roomPeople:
		r.people.load()
	case roomSettings:
		r.settings.load()
	case roomDashboard:
		r.dashboard.load()
	}
}

// active reports whether the main view is in use: someone logged in and the window not locked.
func (r *rooms) active() bool { return r.v.currentUser() != "" && !r.locked && r.tabs != nil }

// ---- the main menu and the keyboard shortcuts

// Shortcuts of the frequent actions. Ctrl is Cmd on macOS (KeyModifierShortcutDefault).
var (
	shortcutSearch   = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutDispatch = &desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutAnswer   = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutLock     = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	// F5 has no modifier: Fyne treats it as a key, not a shortcut (canvas OnTypedKey below); the menu shows it.
	shortcutCheckMail = &desktop.CustomShortcut{KeyName: fyne.KeyF5}
	roomKeys          = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6}
)

func (r *rooms) menuItem(label string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, action)
	it.Shortcut = sc
	r.menuItems[label] = it
	return it
}

// installMenu sets the main menu: the frequent actions with their shortcuts shown beside them.
func (r *rooms) installMenu() {
	checkMail := r.menuItem(lang.L("Проверить почту"), shortcutCheckMail, r.checkMail)
	checkMail.Disabled = r.v.deps.Kick == nil
	file := fyne.NewMenu(lang.L("Файл"),
		checkMail,
		r.menuItem(lang.L("Заблокировать окно"), shortcutLock, r.lockNow),
		r.menuItem(lang.L("Выйти из учётной записи"), nil, func() { r.v.logout() }),
	)
	dispatch := r.menuItem(lang.L("Направить исполнителям…"), shortcutDispatch, r.dispatchOpenCase)
	answer := r.menuItem(lang.L("Ответить"), shortcutAnswer, r.answerOpenCase)
	dispatch.Disabled, answer.Disabled = !r.v.canWork, !r.v.canWork
	work := fyne.NewMenu(lang.L("Сообщение"),
		r.menuItem(lang.L("Найти"), shortcutSearch, r.focusSearch),
		dispatch,
		answer,
	)
	var goItems []*fyne.MenuItem
	for i, it := range r.tabs.Items {
		i := i
		goItems = append(goItems, r.menuItem(it.Text, &desktop.CustomShortcut{KeyName: roomKeys[i],
			Modifier: fyne.KeyModifierShortcutDefault}, func() { r.showRoom(i) }))
	}
	r.menu = fyne.NewMainMenu(file, work, fyne.NewMenu(lang.L("Перейти"), goItems...))
	r.v.win.SetMainMenu(r.menu)
}

// installShortcuts registers the same actions on the canvas: the desktop driver runs the main menu's shortcuts
// itself first, so these serve where there is no menu bar (and the tests). Every handler checks that the main view
// is in use: the lock screen has no menu, and its canvas must not act on the queue beneath.
func (r *rooms) installShortcuts() {
	if r.shortcuts {
		return
	}
	r.shortcuts = true
	c := r.v.win.Canvas()
	c.AddShortcut(shortcutSearch, func(fyne.Shortcut) { r.focusSearch() })
	c.AddShortcut(shortcutDispatch, func(fyne.Shortcut) { r.dispatchOpenCase() })
	c.AddShortcut(shortcutAnswer, func(fyne.Shortcut) { r.answerOpenCase() })
	c.AddShortcut(shortcutLock, func(fyne.Shortcut) { r.lockNow() })
	for i, k := range roomKeys {
		i := i
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { r.showRoom(i) })
	}
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		r.touch()
		if ev.Name == fyne.KeyF5 {
			r.checkMail()
		}
	})
	c.SetOnTypedRune(func(rune) { r.touch() })
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { r.touch() })
	}
}

func (r *rooms) showRoom(i int) {
	if !r.active() || i < 0 || i >= len(r.tabs.Items) {
		return
	}
	r.touch()
	r.tabs.SelectIndex(i)
}

// focusSearch (Ctrl+F) puts the cursor in the queue's search.
func (r *rooms) focusSearch() {
	if !r.active() {
		return
	}
	r.showRoom(roomQueue)
	r.v.win.Canvas().Focus(r.v.queue.search)
}

// dispatchOpenCase (Ctrl+D) opens «Направить исполнителям» for the open case, when that button would.
func (r *rooms) dispatchOpenCase() {
	if !r.active() {
		return
	}
	r.showRoom(roomQueue)
	if p := r.v.panel; p.c != nil && !p.dispatch.Disabled() && p.dispatch.OnTapped != nil {
		p.dispatch.OnTapped()
	}
}

// answerOpenCase (Ctrl+R) shows the open case's «Ответ» tab with the cursor in the answer.
func (r *rooms) answerOpenCase() {
	if !r.active() {
		return
	}
	r.showRoom(roomQueue)
	p := r.v.panel
	if p.c == nil {
		return
	}
	for i, it := range p.tabs.Items {
		if it.Content == p.composer.content {
			p.tabs.SelectIndex(i)
		}
	}
	if !p.composer.entry.Disabled() {
		r.v.win.Canvas().Focus(p.composer.entry)
	}
}

// checkMail (F5) asks the workers to sync and send now.
func (r *rooms) checkMail() {
	if !r.active() || r.v.deps.Kick == nil {
		return
	}
	r.touch()
	r.v.deps.Kick()
}

// ---- shared helpers of the rooms

// run does a use case of a room off the UI goroutine and reports its refusal in the room's own message line
// (next to the form the user filled) instead of a dialog; done runs on success.
func (r *rooms) run(msg *widget.Label, work func(login string) error, done func()) {
	login := r.v.currentUser()
	if login == "" {
		return
	}
	r.touch()
	r.v.spawn(func() func() {
		err := work(login)
		return func() {
			if r.v.currentUser() != login {
				return
			}
			if err != nil {
				say(msg, errorText(err), true)
				return
			}
			if done != nil {
				done()
			}
		}
	})
}

// say shows a room's message: red for a problem, green for a success, nothing for "".
func say(l *widget.Label, text string, problem bool) {
	imp := widget.SuccessImportance
	if problem {
		imp = widget.DangerImportance
	}
	l.Importance = imp
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// wrappedLabel is a label whose text wraps at word boundaries.
func wrappedLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func messageLabel() *widget.Label {
	l := wrappedLabel("")
	l.Hide()
	return l
}

func sectionTitle(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// readOnlyBanner says why a room's controls are disabled.
func readOnlyBanner(text string) *widget.Label {
	l := wrappedLabel(text)
	l.Importance = widget.LowImportance
	l.Hide()
	return l
}

func showIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// checkContext is the context of a connection check: cancelled when the window stops, and after a minute.
func (r *rooms) checkContext() (context.Context, context.CancelFunc) {
	base := r.v.deps.Context
	if base == nil {
		base = context.Background()
	}
	ctx, cancel := context.WithTimeout(base, time.Minute)
	go func() {
		select {
		case <-r.v.stopCh:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}
