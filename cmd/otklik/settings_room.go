package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"otklik/deskconfig"
	"otklik/domain"
	"otklik/mailbridge"
	"otklik/settings"
)

// settingsTOML is the settings in force as a TOML file for the window's editor, passwords left out (they are kept
// when the file is applied again).
func (ap *app) settingsTOML() (string, error) {
	var buf bytes.Buffer
	buf.WriteString("# Настройки «Отклика». Пароли не показываются и при сохранении остаются прежними.\n\n")
	if err := toml.NewEncoder(&buf).Encode(ap.settings().Redacted()); err != nil {
		return "", err
	}
	var out []string
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.TrimSpace(line) == `password = ""` {
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n"), nil
}

// applySettingsTOML checks and applies a settings file edited in the window by an admin's session.
func (ap *app) applySettingsTOML(s *domain.Session, text string) error {
	if s == nil {
		return &domain.RefusedError{Message: "нужен вход администратора"}
	}
	sec, err := ap.desk.Secrets(s)
	if err != nil && ap.configured {
		return err
	} // before the first settings (a first-run administrator) there are no stored passwords to keep
	kept := settings.Kept{MailboxPassword: sec.IMAPPassword, SMTPPassword: sec.SMTPPassword, Users: map[string]bool{}}
	users, err := ap.desk.Users(s.Login)
	if err != nil {
		return err
	}
	for _, u := range users {
		kept.Users[u.Login] = true
	}
	f, err := settings.ParseKeeping([]byte(text), kept)
	if err != nil {
		return err
	}
	req, err := deskconfig.SetupRequest(f)
	if err != nil {
		return err
	}
	ap.onlyChangedExecutors(&req, f)
	if err := ap.desk.Setup(s, req); err != nil && !errors.Is(err, domain.ErrUnchanged) {
		return err
	}
	return ap.reload()
}

// mailCheckers are the «проверить подключение» buttons: a real login with the settings and passwords in force.
func (ap *app) checkIMAP(s *domain.Session) func(context.Context) error {
	return func(ctx context.Context) error {
		w, err := ap.newWorkers(s, ioDiscard{})
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		return w.inbox.Check(ctx)
	}
}

func (ap *app) checkSMTP(s *domain.Session) func(context.Context) error {
	return func(ctx context.Context) error {
		f := ap.settings()
		sec, err := ap.desk.Secrets(s)
		if err != nil {
			return err
		}
		sender, err := mailbridge.NewSender(mailbridge.SMTPConfig{Host: f.SMTP.Host, Port: f.SMTP.Port,
			Security: mailbridge.Security(f.SMTP.Security), Username: f.SMTP.Username, Password: sec.SMTPPassword,
			Timeout: 30 * time.Second})
		if err != nil {
			return err
		}
		if err := sender.Check(ctx); err != nil {
			return fmt.Errorf("%s", mailbridge.ServerReason(err))
		}
		return nil
	}
}

type ioDiscard struct{}

func (ioDiscard) Write(p []byte) (int, error) { return len(p), nil }
