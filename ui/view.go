package ui

import (
	"cmp"
	"errors"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
	"otklik/errtext"
	"otklik/ui/queue"
)

// View is the coordinator's window. Its fields are touched on the UI goroutine only, except where marked.
type View struct {
	app  fyne.App
	win  fyne.Window
	deps Deps
	desk Desk

	// spawn runs work off the UI goroutine and then the function it returns on the UI goroutine. Tests replace it
	// with a synchronous one: Fyne's test driver runs fyne.Do at once on the calling goroutine, so a goroutine
	// would race with the test itself.
	spawn   func(work func() func())
	pending sync.WaitGroup // work started by the goroutine spawn
	// uiMu is held by whatever a background goroutine hands to the UI goroutine (onUI). Under the real driver
	// those run one after another on the UI goroutine anyway and the lock is never contended; under Fyne's test
	// driver fyne.Do runs them at once on the goroutine that asked, and the lock keeps the ticker's refresh and a
	// reload's new list from running at the same time (found by -race in the window's proofs).
	uiMu    sync.Mutex
	openURL func(*url.URL) error

	// Read by other goroutines (Refresh, the ticker).
	user      atomic.Pointer[string]
	hidden    atomic.Bool
	reloading atomic.Bool
	again     atomic.Bool
	// wantClosed is set while the status filter shows closed cases (or all): only then are they read.
	wantClosed atomic.Bool

	actor   domain.Actor
	canWork bool

	login *loginScreen
	// loadedOnce is set when the whole list has been read once; before that the queue shows the first page.
	loadedOnce bool
	// firstRun replaces the login on a folder without accounts.
	firstRun *firstRun
	queue    *queuePanel
	panel    *casePanel
	status   *statusBar
	main     fyne.CanvasObject
	rooms    *rooms // the other rooms, the main menu, the idle lock, notifications and the tray (rooms_nav.go)

	model      *queue.Model
	filter     queue.Filter
	triage     []domain.TriageItem
	countsAt   time.Time // the minute the quick filter counts were computed for
	openCaseID domain.CaseID

	// The dialogs last opened, kept so tests can fill and confirm them.
	dispatchDlg *dispatchDialog
	rejectDlg   *rejectDialog
	escalateDlg *escalateDialog
	repeatDlg   *repeatDialog
	returnDlg   *returnDialog
	answerDlg   *answerConfirmDialog
	triageDlg   *triageDialog
	outboxDlg   *outboxDialog
	lastError   string

	stopOnce      sync.Once
	stopCh        chan struct{}
	wake          chan struct{} // an immediate tick (the window shown again)
	tickDone      chan struct{}
	tickerStarted bool
	ticks         atomic.Int64
}

// Create builds the window's content on win: the login screen first, the queue after a successful login. It
// starts the ticker of the countdowns (once a minute), which stops when win is closed or deps.Context is cancelled.
// The caller runs win.ShowAndRun() (or Show) itself and calls Refresh after each sync.
func Create(app fyne.App, win fyne.Window, deps Deps) *View {
	v := newView(app, win, deps)
	v.spawn = v.goSpawn
	win.SetOnClosed(v.Stop)
	if fyne.CurrentDevice().IsMobile() {
		// On the desktop Fyne reports focus, not visibility: the window beside the mail client must keep counting.
		app.Lifecycle().SetOnExitedForeground(func() { v.SetVisible(false) })
		app.Lifecycle().SetOnEnteredForeground(func() { v.SetVisible(true) })
	}
	v.startTicker(cmp.Or(deps.TickEvery, time.Minute))
	v.rooms.startDesktop()
	return v
}

// newView builds everything but starts no goroutine; spawn is synchronous until Create sets it.
func newView(app fyne.App, win fyne.Window, deps Deps) *View {
	loadTranslations()
	app.Settings().SetTheme(NewTheme(app.Settings().Theme()))
	v := &View{app: app, win: win, deps: deps, desk: deps.Desk, openURL: app.OpenURL,
		stopCh: make(chan struct{}), tickDone: make(chan struct{}), wake: make(chan struct{}, 1)}
	v.spawn = func(work func() func()) {
		if apply := work(); apply != nil {
			apply()
		}
	}
	v.filter = queue.Filter{Status: queue.Open}
	v.model = queue.New(nil)
	v.login = newLoginScreen(v)
	v.rooms = newRooms(v)
	win.SetTitle(lang.L("Отклик"))
	if fresh, err := v.desk.IsNew(); err == nil && fresh {
		// No accounts yet: the first run creates the administrator instead of asking for a login.
		v.firstRun = newFirstRun(v)
		v.showScreen(v.firstRun.content, v.firstRun.name)
	} else {
		v.showScreen(v.login.content, v.login.login)
	}
	return v
}

func (v *View) goSpawn(work func() func()) {
	v.pending.Add(1)
	go func() {
		defer v.pending.Done()
		if apply := work(); apply != nil {
			v.onUI(apply)
		}
	}()
}

// onUI runs fn on the UI goroutine; it is how every background goroutine of the window reports back. fn must not
// call onUI itself (the test driver would run it at once, under the lock).
func (v *View) onUI(fn func()) {
	fyne.Do(func() {
		v.uiMu.Lock()
		defer v.uiMu.Unlock()
		fn()
	})
}

// currentUser is the logged-in login, "" before login; safe from any goroutine.
func (v *View) currentUser() string {
	if p := v.user.Load(); p != nil {
		return *p
	}
	return ""
}

// signedIn switches to the main view after a successful login.
func (v *View) signedIn(s *domain.Session, actor domain.Actor) {
	if v.rooms.unlock(s, actor) {
		return // the same user after an idle lock: back to where she was
	}
	login := s.Login
	v.user.Store(&login)
	v.actor = actor
	v.canWork = actor.Role == domain.RoleCoordinator || (actor.Role == domain.RoleSubstitute && actor.ActingFor != nil)
	if v.main == nil {
		v.queue = newQueuePanel(v)
		v.panel = newCasePanel(v)
		v.status = newStatusBar(v)
		split := container.NewHSplit(v.queue.content, v.panel.content)
		split.Offset = 0.4
		v.main = v.rooms.build(container.NewBorder(v.queue.filters, nil, nil, nil, split), v.status.content)
	}
	v.rooms.signedIn(s, actor)
	v.panel.show(nil, domain.CaseJSON{})
	v.status.setUser(actor, v.canWork)
	v.win.SetTitle(v.titleFor(actor))
	v.showScreen(v.main, nil)
	if v.deps.OnLogin != nil {
		v.deps.OnLogin(s)
	}
	v.tick(v.desk.Now(), v.statusInfo())
	v.Refresh()
}

// logout returns to the login screen (a shared office PC); the answer being composed is saved first.
func (v *View) logout() {
	if v.panel != nil {
		v.panel.composer.flush()
		v.panel.show(nil, domain.CaseJSON{})
	}
	v.user.Store(nil)
	v.rooms.loggedOut()
	v.openCaseID = ""
	v.model = queue.New(nil)
	if v.queue != nil {
		v.queue.list.UnselectAll()
		v.queue.list.Refresh()
	}
	v.login.password.SetText("")
	v.login.message.SetText("")
	v.win.SetTitle(lang.L("Отклик"))
	v.showScreen(v.login.content, v.login.login)
}

// showScreen replaces the window's content and gives the keyboard focus to focus (none when nil). The focused
// entry is unfocused first: an entry taken off the screen while focused keeps its cursor animation running, and
// under a software renderer that repaints the whole window several times a second (proofs/idle-cpu.sh: the
// logged-in window idled at 8 % of a core, the password entry of the login screen still blinking behind it).
func (v *View) showScreen(content fyne.CanvasObject, focus fyne.Focusable) {
	v.win.Canvas().Unfocus()
	v.win.SetContent(content)
	if focus != nil {
		v.win.Canvas().Focus(focus)
	}
}

// Refresh reloads the queue (and the open case) from the desk. Safe from any goroutine: cmd calls it after each
// sync. Calls while a reload runs are folded into one more reload.
func (v *View) Refresh() {
	login := v.currentUser()
	if login == "" {
		return
	}
	if !v.reloading.CompareAndSwap(false, true) {
		v.again.Store(true)
		return
	}
	first := !v.loadedOnce
	v.spawn(func() func() {
		if first {
			// The first page comes through the due index at once; the whole list follows (100,000 cases take
			// seconds to read, the first page must not).
			if urgent, err := v.desk.UrgentCases(login, firstPageSize); err == nil {
				m := queue.New(urgent)
				v.onUI(func() {
					if v.currentUser() == login && !v.loadedOnce {
						v.setModel(m)
					}
				})
			}
		}
		// Closed cases are read only when the status filter asks for them: the window's memory must not grow with
		// the years of answered cases nobody is looking at.
		statuses := openStatuses
		if v.wantClosed.Load() {
			statuses = nil
		}
		cases, err := v.desk.Cases(login, statuses...)
		var model *queue.Model
		if err == nil {
			model = queue.New(cases)
		}
		triage, terr := v.desk.TriageList(login)
		return func() {
			v.reloading.Store(false)
			if v.currentUser() != login {
				return
			}
			if err != nil {
				v.showError(err)
			} else {
				v.loadedOnce = true
				v.setModel(model)
			}
			if terr == nil {
				v.triage = triage
				v.queue.setTriageCount(len(triage))
			}
			if err == nil {
				v.rooms.reloaded(cases)
			}
			if v.openCaseID != "" {
				v.openCase(v.openCaseID)
			}
			if v.again.Swap(false) {
				v.Refresh()
			}
			select { // a reload follows a sync: the status bar shows it now, not at the next minute
			case v.wake <- struct{}{}:
			default:
			}
		}
	})
}

// openStatuses are the states of cases still being worked: what the queue reads unless closed ones are asked for.
var openStatuses = []domain.Status{domain.StatusNew, domain.StatusDispatched, domain.StatusDraftsReceived, domain.StatusInterimSent}

// firstPageSize is how many of the most urgent cases the queue shows before the whole list has loaded.
const firstPageSize = 60

// setModel puts a freshly loaded model in place, keeping the filter and the selected case.
func (v *View) setModel(m *queue.Model) {
	v.model = m
	v.queue.narrow.update(m)
	v.applyFilter()
	v.updateCounts(v.desk.Now(), true)
}

// applyFilter recomputes the rows from the filter and reselects the open case where it is still shown.
func (v *View) applyFilter() {
	v.model.Apply(v.filter, v.desk.Now(), v.location())
	v.queue.showModel(v.model, v.openCaseID)
}

func (v *View) updateCounts(now time.Time, force bool) {
	minute := now.Truncate(time.Minute)
	if !force && minute.Equal(v.countsAt) {
		return
	}
	v.countsAt = minute
	v.queue.setCounts(v.model.Counts(now, v.location()))
}

func (v *View) location() *time.Location {
	if loc := v.desk.Policy().Location; loc != nil {
		return loc
	}
	return time.Local
}

// openCase loads the case and shows it in the panel.
func (v *View) openCase(id domain.CaseID) {
	login := v.currentUser()
	if login == "" || id == "" {
		return
	}
	if v.openCaseID != id {
		v.panel.composer.flush()
	}
	v.openCaseID = id
	v.spawn(func() func() {
		c, j, err := v.desk.CaseDetail(login, string(id))
		return func() {
			if v.openCaseID != id {
				return // another case was chosen meanwhile
			}
			if err != nil {
				v.showError(err)
				return
			}
			v.panel.show(c, j)
		}
	})
}

// act runs a use case that changes a case, then reloads the queue and the case; done runs on success.
func (v *View) act(do func(login string) error, done func()) {
	login := v.currentUser()
	if login == "" {
		return
	}
	v.rooms.touch()
	v.spawn(func() func() {
		err := do(login)
		return func() {
			if err != nil {
				v.showError(err)
				return
			}
			if done != nil {
				done()
			}
			v.Refresh()
		}
	})
}

// titleFor is the window's title for the signed-in user; a substitute's says for whom and until when she acts
// (UI.md: «Отклик — Маслова Е. А. (за Бирюкову И. А., до 12.02)»).
func (v *View) titleFor(a domain.Actor) string {
	if a.ActingFor != nil && !a.ActingUntil.IsZero() {
		return lang.L("Отклик — {{.Who}} (за {{.For}}, до {{.Until}})", map[string]any{"Who": domain.ShortName(a.Name),
			"For": domain.ShortFor(a.ActingFor.Name), "Until": a.ActingUntil.In(v.location()).Format("02.01")})
	}
	return lang.L("Отклик — {{.Who}}", map[string]any{"Who": a.Display()})
}

// showError shows a refusal or failure in Russian: the desk's own message for refusals and user errors.
func (v *View) showError(err error) {
	msg := errorText(err)
	v.lastError = msg
	text := wrappedLabel(msg)
	var d dialog.Dialog
	closeBtn := widget.NewButton(lang.L("Закрыть"), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(lang.L("Действие не выполнено"),
		container.NewBorder(nil, container.NewCenter(closeBtn), nil, nil, text), v.win)
	d.Resize(fyne.NewSize(520, 200))
	d.Show()
}

func errorText(err error) string {
	var r *domain.RefusedError
	var u *domain.UserError
	switch {
	case errors.As(err, &r):
		return r.Message
	case errors.As(err, &u):
		return u.Message
	}
	return lang.L("Ошибка: {{.Err}}", map[string]any{"Err": errtext.Russian(err)})
}

// SetVisible pauses the countdowns while the window is hidden (a tray, a mobile background) and refreshes them at
// once when it shows again. Safe from any goroutine.
func (v *View) SetVisible(visible bool) {
	v.hidden.Store(!visible)
	if visible {
		select { // ticks come only from the ticker goroutine, one at a time
		case v.wake <- struct{}{}:
		default:
		}
	}
}

// Stop stops the ticker and saves the answer being composed; closing the window calls it.
func (v *View) Stop() {
	v.stopOnce.Do(func() {
		close(v.stopCh)
		if v.tickerStarted {
			<-v.tickDone
		}
		if v.panel != nil {
			v.panel.composer.flush()
		}
	})
}

// startTicker runs the one ticker of the window: every interval it reads the clock and the workers' status off
// the UI goroutine and refreshes only the countdowns on screen through fyne.Do.
func (v *View) startTicker(every time.Duration) {
	var ctxDone <-chan struct{}
	if v.deps.Context != nil {
		ctxDone = v.deps.Context.Done()
	}
	v.tickerStarted = true
	// The countdowns show minutes: the window ticks once a minute, on the minute, so an idle window repaints
	// once a minute instead of every second (under software GL a repaint is most of an idle window's CPU).
	// Shorter intervals are for tests.
	next := func() time.Duration {
		if every < time.Minute {
			return every
		}
		n := time.Now()
		return n.Truncate(time.Minute).Add(time.Minute).Sub(n) + 20*time.Millisecond
	}
	go func() {
		defer close(v.tickDone)
		t := time.NewTimer(next())
		defer t.Stop()
		for {
			select {
			case <-v.stopCh:
				return
			case <-ctxDone:
				return
			case <-t.C:
				t.Reset(next())
			case <-v.wake:
			}
			if v.hidden.Load() || v.currentUser() == "" {
				continue
			}
			now, st := v.desk.Now(), v.statusInfo()
			v.onUI(func() { v.tick(now, st) })
		}
	}()
}

func (v *View) statusInfo() *StatusInfo {
	if v.deps.Status == nil {
		return nil
	}
	s := v.deps.Status()
	return &s
}

// tick refreshes what changes with the clock: the countdowns of the rows on screen and of the open case, the
// status bar, and once a minute the quick filter counts.
func (v *View) tick(now time.Time, st *StatusInfo) {
	if v.currentUser() == "" || v.queue == nil {
		return
	}
	v.ticks.Add(1)
	v.queue.refreshCountdowns(now)
	v.panel.refreshCountdown(now)
	v.status.update(now, st)
	v.updateCounts(now, false)
	v.rooms.tick(now)
}
