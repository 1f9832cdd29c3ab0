package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"otklik/deskconfig"
	"otklik/domain"
	"otklik/domain/worktime"
	"otklik/secrets"
	"otklik/settings"
	"otklik/storage"
)

// app is an opened data folder: the database, the service and the settings in force.
type app struct {
	dir  string
	db   *storage.DB
	desk *domain.Desk

	mu   sync.Mutex
	file *settings.File // the applied settings (passwords blank), or the example's rules before setup
	cal  *worktime.Calendar
	// configured is false until setup has been applied to this folder.
	configured bool
}

func openApp(dir string, db *storage.DB) (*app, error) {
	a := &app{dir: dir, db: db}
	calc, policy, err := a.load()
	if err != nil {
		return nil, err
	}
	a.desk = domain.NewDesk(db, domain.ClockFunc(now), secrets.Argon2id{P: secrets.OWASP}, calc, policy)
	a.desk.SetScreener(deskconfig.Screener(a.settings()))
	// This process holds the database lock, so nobody else is sending: an item still "sending" belongs to a process
	// that died mid-send and is shown as "may have been sent" (never re-sent on its own).
	if _, err := a.desk.RecoverOutbox(); err != nil {
		return nil, err
	}
	return a, nil
}

// load reads the applied settings and imported calendar years from the database.
func (a *app) load() (*worktime.Calc, domain.Policy, error) {
	var doc, imported, templates []byte
	err := a.db.View(func(tx domain.Tx) error {
		var err error
		if doc, err = tx.Setting(domain.SettingsDocName); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
		if imported, err = tx.Setting(deskconfig.SettingImportedCalendar); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
		if templates, err = tx.Setting(domain.SettingTemplates); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, domain.Policy{}, err
	}
	f := deskconfig.DefaultFile()
	configured := false
	if len(doc) > 0 {
		if f, err = deskconfig.StoredFile(doc); err != nil {
			return nil, domain.Policy{}, fmt.Errorf("сохранённые настройки повреждены: %w", err)
		}
		configured = true
	}
	cal, err := deskconfig.Calendar(imported)
	if err != nil {
		return nil, domain.Policy{}, err
	}
	calc, err := deskconfig.Calc(f, cal)
	if err != nil {
		return nil, domain.Policy{}, err
	}
	policy, err := deskconfig.Policy(f)
	if err != nil {
		return nil, domain.Policy{}, err
	}
	if len(templates) > 0 {
		// The administrator's changed e-mail templates, laid over the shipped ones.
		var changed map[string]string
		if err := json.Unmarshal(templates, &changed); err != nil {
			return nil, domain.Policy{}, fmt.Errorf("сохранённые шаблоны писем повреждены: %w", err)
		}
		for k, v := range changed {
			policy.Templates[k] = v
		}
	}
	a.mu.Lock()
	a.file, a.cal, a.configured = f, cal, configured
	a.mu.Unlock()
	return calc, policy, nil
}

// reload applies changed settings or calendar to the running service.
func (a *app) reload() error {
	calc, policy, err := a.load()
	if err != nil {
		return err
	}
	a.desk.Reconfigure(calc, policy)
	a.desk.SetScreener(deskconfig.Screener(a.settings()))
	return nil
}

func (a *app) settings() *settings.File {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.file
}

func (a *app) loc() *time.Location { return a.desk.Policy().Location }
