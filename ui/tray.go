package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"otklik/domain"
)

// Desktop integration: notifications for a new case, a socially significant one and «срок истекает» (the next
// deadline within two working hours, once per case and deadline), and a tray icon with the number of urgent
// cases and «Открыть». Where the desktop offers no notification host or no tray (a bare Xvfb, a server session,
// the test driver) the window goes on without them, quietly: nothing is sent to a host that is not there, so
// Fyne does not log a failure for each notification (tray_host_*.go decides).

// desktopHost is what the desktop offers; a nil field is a service it lacks.
type desktopHost struct {
	notify func(*fyne.Notification)
	tray   desktop.App
	icon   func() fyne.Resource // the app's icon, the tray's picture
}

// hostProbe says which desktop services answer.
type hostProbe struct{ notifications, tray bool }

// desktopHostFor takes from the app only what the probe found: the app's own SendNotification, and its tray when
// it has one (desktop.App: the desktop driver, not the test driver nor mobile).
func desktopHostFor(app fyne.App, p hostProbe) desktopHost {
	h := desktopHost{icon: app.Icon}
	if p.notifications {
		h.notify = app.SendNotification
	}
	if da, ok := app.(desktop.App); ok && p.tray {
		h.tray = da
	}
	return h
}

// desktopState is the rooms' part of the desktop integration.
type desktopState struct {
	host desktopHost

	seen      map[domain.CaseID]bool // the cases known since login: a new one is news
	baseline  bool                   // the first load after login sets what is known, without news
	dueTold   map[string]bool        // "case|kind|due" already announced as due soon
	open      []*domain.Case         // the open cases of the last load
	dueMinute time.Time              // the minute the due-soon check last ran

	urgent       int
	trayLabel    string
	trayMenu     *fyne.Menu
	trayWindow   bool
	trayIcon     fyne.Resource
	trayIconWarn fyne.Resource
	notices      []*fyne.Notification // sent, newest last (kept for tests and the log; at most 50)
}

// startDesktop looks for the desktop's notification and tray hosts off the UI goroutine (on Linux a D-Bus query)
// and puts what it found to use.
func (r *rooms) startDesktop() {
	go func() {
		p := probeDesktop()
		r.v.onUI(func() { r.setHost(desktopHostFor(r.v.app, p)) })
	}()
}

func (r *rooms) setHost(h desktopHost) {
	r.host = h
	r.trayLabel, r.trayWindow = "", false
	r.updateTray()
}

func (r *rooms) resetNotices() {
	r.seen = map[domain.CaseID]bool{}
	r.dueTold = map[string]bool{}
	r.baseline = false
	r.open = nil
	r.urgent = 0
	r.dueMinute = time.Time{}
}

// casesArrived takes a fresh load of the cases: new ones are announced (after the first load), then the deadlines.
func (r *rooms) casesArrived(cases []*domain.Case, now time.Time) {
	var fresh []*domain.Case
	r.open = r.open[:0]
	for _, c := range cases {
		if c.Status.Open() {
			r.open = append(r.open, c)
		}
		if r.seen[c.ID] {
			continue
		}
		r.seen[c.ID] = true
		if r.baseline && c.Status == domain.StatusNew {
			fresh = append(fresh, c)
		}
	}
	r.baseline = true
	r.announceNew(fresh, now)
	r.checkDue(now)
}

// desktopTick runs at each tick (once a minute, and after each reload); the deadlines are looked at once a minute.
func (r *rooms) desktopTick(now time.Time) {
	if m := now.Truncate(time.Minute); !m.Equal(r.dueMinute) {
		r.checkDue(now)
	}
}

// tick is the rooms' part of the window's ticker (UI goroutine).
func (r *rooms) tick(now time.Time) {
	r.idleTick()
	r.desktopTick(now)
}

// maxSingleNotices is how many notices of one kind one load may send one by one; beyond it they are summed up in
// one (a morning's mail should not bury the screen).
const maxSingleNotices = 3

func (r *rooms) announceNew(fresh []*domain.Case, now time.Time) {
	var significant, ordinary []*domain.Case
	for _, c := range fresh {
		if c.SociallySignificant {
			significant = append(significant, c)
		} else {
			ordinary = append(ordinary, c)
		}
	}
	loc := r.v.location()
	line := func(c *domain.Case) string {
		// No citizen's text: a notification may show on a locked screen.
		s := string(c.ID) + " · " + c.Settlement
		if c.Category != "" {
			s += " · " + c.Category
		}
		if at, kind, ok := c.NextDue(); ok {
			s += " · " + dueKindName(kind) + " " + lang.L("до") + " " + clockOrDate(at.In(loc), now.In(loc))
		}
		return s
	}
	for _, group := range []struct {
		cases        []*domain.Case
		title, total string
	}{
		{significant, lang.L("Социально значимое сообщение"), lang.L("Социально значимых сообщений: {{.N}}", map[string]any{"N": len(significant)})},
		{ordinary, lang.L("Новое сообщение"), lang.L("Новых сообщений: {{.N}}", map[string]any{"N": len(ordinary)})},
	} {
		switch n := len(group.cases); {
		case n == 0:
		case n <= maxSingleNotices:
			for _, c := range group.cases {
				r.sendNotice(group.title, line(c))
			}
		default:
			r.sendNotice(group.total, line(group.cases[0])+" …")
		}
	}
}

// checkDue counts the urgent cases (overdue or due within two working hours) for the tray and announces each
// deadline that has come within two working hours, once per case and deadline.
func (r *rooms) checkDue(now time.Time) {
	r.dueMinute = now.Truncate(time.Minute)
	loc := r.v.location()
	urgent := 0
	var soon []string
	for _, c := range r.open {
		at, kind, ok := c.NextDue()
		if !ok {
			continue
		}
		if !now.Before(at) {
			urgent++
			continue
		}
		// Two working hours never stretch over more than the longest run of days off (the New Year holidays):
		// the cheap calendar test spares the working-time arithmetic for the far deadlines of a long queue.
		if at.Sub(now) > 14*24*time.Hour {
			continue
		}
		_, _, left, ok := r.v.desk.Remaining(c, now)
		if !ok || left > dueSoon {
			continue
		}
		urgent++
		key := string(c.ID) + "|" + kind + "|" + strconv.FormatInt(at.Unix(), 10)
		if r.dueTold[key] {
			continue
		}
		r.dueTold[key] = true
		soon = append(soon, lang.L("{{.ID}} · {{.Kind}} до {{.Due}} · осталось {{.Left}}", map[string]any{
			"ID": string(c.ID), "Kind": dueKindName(kind), "Due": clockOrDate(at.In(loc), now.In(loc)),
			"Left": domain.FormatDuration(left)}))
	}
	if len(soon) <= maxSingleNotices {
		for _, s := range soon {
			r.sendNotice(lang.L("Срок истекает"), s)
		}
	} else {
		r.sendNotice(lang.L("Срок истекает: {{.N}}", map[string]any{"N": len(soon)}), soon[0]+" …")
	}
	if urgent != r.urgent {
		r.urgent = urgent
		r.updateTray()
	}
}

func (r *rooms) sendNotice(title, content string) {
	n := fyne.NewNotification(title, content)
	r.notices = append(r.notices, n)
	if len(r.notices) > 50 {
		r.notices = r.notices[len(r.notices)-50:]
	}
	if r.host.notify != nil {
		r.host.notify(n)
	}
}

// updateTray shows the number of urgent cases in the tray's menu (and a red mark on its icon); «Открыть» brings
// the window back. Nothing happens without a tray.
func (r *rooms) updateTray() {
	tray := r.host.tray
	if tray == nil {
		return
	}
	label := lang.L("Вход не выполнен")
	switch {
	case r.v.currentUser() != "" && r.locked:
		label = lang.L("Окно заблокировано · срочных: {{.N}}", map[string]any{"N": r.urgent})
	case r.v.currentUser() != "":
		label = lang.L("Срочных сообщений: {{.N}}", map[string]any{"N": r.urgent})
	}
	if label == r.trayLabel {
		return
	}
	r.trayLabel = label
	status := fyne.NewMenuItem(label, nil)
	status.Disabled = true
	r.trayMenu = fyne.NewMenu(lang.L("Отклик"), status, fyne.NewMenuItem(lang.L("Открыть"), r.openWindow))
	tray.SetSystemTrayMenu(r.trayMenu)
	if icon := r.trayIconFor(r.urgent > 0); icon != nil {
		tray.SetSystemTrayIcon(icon)
	}
	if !r.trayWindow {
		r.trayWindow = true
		tray.SetSystemTrayWindow(r.v.win)
	}
}

// openWindow is the tray's «Открыть».
func (r *rooms) openWindow() {
	r.v.win.Show()
	r.v.win.RequestFocus()
	r.v.SetVisible(true)
}

// trayIconFor is the app's icon, with a red mark while there are urgent cases; nil when the app has no icon.
func (r *rooms) trayIconFor(warn bool) fyne.Resource {
	if r.host.icon == nil {
		return nil
	}
	base := r.host.icon()
	if base == nil {
		return nil
	}
	if r.trayIcon != base {
		r.trayIcon, r.trayIconWarn = base, markedIcon(base)
	}
	if warn && r.trayIconWarn != nil {
		return r.trayIconWarn
	}
	return base
}

// markedIcon draws a red dot in the top right corner of a PNG icon; nil when the icon is not a PNG.
func markedIcon(base fyne.Resource) fyne.Resource {
	img, err := png.Decode(bytes.NewReader(base.Content()))
	if err != nil {
		return nil
	}
	b := img.Bounds()
	out := image.NewNRGBA(b)
	draw.Draw(out, b, img, b.Min, draw.Src)
	radius := b.Dx() / 5
	cx, cy := b.Max.X-radius-1, b.Min.Y+radius+1
	red := color.NRGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0xff}
	for y := cy - radius; y <= cy+radius; y++ {
		for x := cx - radius; x <= cx+radius; x++ {
			if dx, dy := x-cx, y-cy; dx*dx+dy*dy <= radius*radius {
				out.Set(x, y, red)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return nil
	}
	return fyne.NewStaticResource("otklik-urgent.png", buf.Bytes())
}
