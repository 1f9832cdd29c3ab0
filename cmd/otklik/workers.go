package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"otklik/domain"
	"otklik/mailbridge"
	"otklik/mailbridge/parse"
)

// workers are the mail exchange of an opened folder: one IMAP owner, one outbox drainer.
type workers struct {
	inbox  *mailbridge.Inbox
	outbox *mailbridge.Outbox
	ap     *app
	logf   func(string, ...any)
}

// newWorkers builds the mail workers from the applied settings and the passwords a session unlocked.
func (ap *app) newWorkers(s *domain.Session, logw io.Writer) (*workers, error) {
	f := ap.settings()
	if !ap.configured {
		return nil, fmt.Errorf("папка данных не настроена: выполните otklik setup --config ФАЙЛ")
	}
	sec, err := ap.desk.Secrets(s)
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		// The organisation's clock, not the machine's zone (UTC on many servers).
		fmt.Fprintf(logw, "%s %s\n", now().In(ap.loc()).Format("15:04:05"), fmt.Sprintf(format, args...))
	}
	lim := parse.Limits{MaxBytes: int64(f.Limits.MaxMessageMiB) << 20, MaxDepth: f.Limits.MaxMIMEDepth,
		MaxParts: f.Limits.MaxMIMEParts, MaxHeaderBytes: 1 << 20}
	in := mailbridge.NewInbox(mailbridge.IMAPConfig{Host: f.Mailbox.Host, Port: f.Mailbox.Port,
		Security: mailbridge.Security(f.Mailbox.Security), Username: f.Mailbox.Username, Password: sec.IMAPPassword,
		Folder: f.Mailbox.Folder, ProcessedFolder: f.Mailbox.ProcessedFolder, Limits: lim}, ap.desk, ap.db, logf)
	sender, err := mailbridge.NewSender(mailbridge.SMTPConfig{Host: f.SMTP.Host, Port: f.SMTP.Port,
		Security: mailbridge.Security(f.SMTP.Security), Username: f.SMTP.Username, Password: sec.SMTPPassword,
		Timeout: 30 * time.Second})
	if err != nil {
		return nil, err
	}
	return &workers{inbox: in, outbox: mailbridge.NewOutbox(sender, ap.desk, ap.db, logf), ap: ap, logf: logf}, nil
}

// run keeps both workers going until ctx ends.
func (w *workers) run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); w.inbox.Run(ctx) }()
	go func() { defer wg.Done(); w.outbox.Run(ctx) }()
	go func() { defer wg.Done(); w.ap.scheduleLoop(ctx, w.logf) }()
	wg.Wait()
}

// verbSync pulls mail, processes it and sends the outbox: one round with --once, else until stopped. A mail
// server that is down or refuses the login is reported, not fatal (CLI.md): mail stays queued.
func verbSync(c *call) error {
	if err := c.args.only("once"); err != nil {
		return usagef("%v", err)
	}
	if err := c.login(); err != nil {
		return err
	}
	if _, err := c.app.desk.Authorize(c.userID, domain.ActSync, "синхронизация почты"); err != nil {
		return err
	}
	w, err := c.app.newWorkers(c.sess, c.errw)
	if err != nil {
		return err
	}
	if !c.args.bool("once") {
		fmt.Fprintf(c.errw, "Синхронизация почты запущена (%s); остановка: Ctrl+C\n", c.app.dir)
		w.run(c.ctx)
		return nil
	}
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Minute)
	defer cancel()
	rep, ierr := w.inbox.Once(ctx)
	if ierr != nil {
		fmt.Fprintln(c.errw, "otklik: почта (IMAP):", ierr)
	}
	if _, _, err := c.app.desk.Tick(); err != nil {
		fmt.Fprintln(c.errw, "otklik: сроки:", err)
	}
	if err := c.app.sendScheduledReport(); err != nil {
		fmt.Fprintln(c.errw, "otklik: отчёт по расписанию:", err)
	}
	sent, failed, oerr := w.outbox.Once(ctx)
	if oerr != nil {
		fmt.Fprintln(c.errw, "otklik: отправка (SMTP):", oerr)
	}
	if c.json() {
		return c.printJSON(map[string]any{"fetched": rep.Fetched, "new_cases": rep.NewCases, "drafts": rep.Drafts,
			"reopened": rep.Reopened, "triaged": rep.Triaged, "duplicates": rep.Duplicates, "sent": sent, "failed": failed,
			"imap_error": errText(ierr), "smtp_error": errText(oerr)})
	}
	fmt.Fprintf(c.out, "Получено писем: %d, новых сообщений: %d, проектов ответов: %d, в разбор: %d; отправлено: %d, ошибок отправки: %d\n",
		rep.Fetched, rep.NewCases, rep.Drafts, rep.Triaged, sent, failed)
	return nil
}

func errText(err error) any {
	if err == nil {
		return nil
	}
	return err.Error()
}
