package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"otklik/assets"
	"otklik/domain"
	"otklik/ui"
)

// windowRun opens the coordinator's window; the mail workers start once someone logs in (their password unlocks
// the mail passwords) and keep running until the window closes.
type windowRun struct {
	ap         *app
	demoLogins string
	logw       io.Writer

	mu      sync.Mutex
	workers *workers
	session *domain.Session // the last login: its data key opens the mail passwords for checks and settings
	view    *ui.View
}

func (wr *windowRun) currentSession() *domain.Session {
	wr.mu.Lock()
	defer wr.mu.Unlock()
	return wr.session
}

func (ap *app) runWindow(ctx context.Context, stderr io.Writer) int {
	return (&windowRun{ap: ap, logw: stderr}).run(ctx)
}

func (wr *windowRun) run(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fa := fyneapp.NewWithID("ru.kozhevnikovo.otklik")
	fa.SetIcon(fyne.NewStaticResource("otklik.png", assets.Icon))
	w := fa.NewWindow("Отклик")
	w.Resize(fyne.NewSize(1366, 768))
	var workersDone sync.WaitGroup
	deps := ui.Deps{
		Desk: wr.ap.desk, DemoLogins: wr.demoLogins, DraftDir: filepath.Join(wr.ap.dir, "drafts"), Context: ctx,
		Status: wr.status,
		Kick: func() {
			if wk := wr.current(); wk != nil {
				wk.inbox.Kick()
				wk.outbox.Kick()
			}
		},
		CheckMail:      func(ctx context.Context) error { return wr.ap.checkIMAP(wr.currentSession())(ctx) },
		CheckSMTP:      func(ctx context.Context) error { return wr.ap.checkSMTP(wr.currentSession())(ctx) },
		LoadSettings:   wr.ap.settingsTOML,
		ImportCalendar: wr.ap.importCalendar,
		ApplySettings: func(text string) error {
			return wr.ap.applySettingsTOML(wr.currentSession(), text)
		},
		OnLogin: func(s *domain.Session) {
			wr.mu.Lock()
			defer wr.mu.Unlock()
			wr.session = s
			if wr.workers != nil || !wr.ap.configured {
				return
			}
			// Only those who may sync unlock the mail (the supervisor reads, CLI.md rights).
			if _, err := wr.ap.desk.Authorize(s.Login, domain.ActSync, "синхронизация почты"); err != nil {
				return
			}
			wk, err := wr.ap.newWorkers(s, wr.logw)
			if err != nil {
				fmt.Fprintln(wr.logw, "otklik: почта:", err)
				return
			}
			wr.workers = wk
			workersDone.Add(1)
			go func() { defer workersDone.Done(); wk.run(ctx) }()
			go wr.refreshLoop(ctx)
		},
	}
	os.MkdirAll(deps.DraftDir, 0o700)
	wr.view = ui.Create(fa, w, deps)
	go func() {
		<-ctx.Done()
		fyne.Do(func() { fa.Quit() })
	}()
	w.SetCloseIntercept(func() { cancel(); w.Close() })
	w.ShowAndRun()
	cancel()
	workersDone.Wait()
	return exitOK
}

func (wr *windowRun) current() *workers {
	wr.mu.Lock()
	defer wr.mu.Unlock()
	return wr.workers
}

// status is called by the window's ticker: cheap, from the workers' own locked snapshots.
func (wr *windowRun) status() ui.StatusInfo {
	wk := wr.current()
	if wk == nil {
		return ui.StatusInfo{}
	}
	in, out := wk.inbox.Status(), wk.outbox.Status()
	last := in.LastSync
	if !last.IsZero() {
		last = last.Add(now().Sub(time.Now())) // the workers keep wall-clock time; show it on the app's clock
	}
	return ui.StatusInfo{MailConnected: in.Connected, LastSync: last, MailError: in.LastError,
		OutboxWaiting: out.Waiting, OutboxFailed: out.Failed + out.Uncertain}
}

// refreshLoop reloads the queue when the workers have changed cases underneath the window (mail taken in, an
// e-mail's outcome, reminders): a quiet round — every minute against a server without IDLE — reloads nothing,
// which with 100,000 cases would cost over a second of CPU each time.
func (wr *windowRun) refreshLoop(ctx context.Context) {
	var last time.Time
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		wk := wr.current()
		if wk == nil {
			continue
		}
		changed := wk.inbox.Status().LastChange
		if out := wk.outbox.Status().LastChange; out.After(changed) {
			changed = out
		}
		if changed.After(last) {
			last = changed
			fyne.Do(wr.view.Refresh)
		}
	}
}
