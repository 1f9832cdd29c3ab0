// Package deskconfig turns a settings file into the service's terms: the working-time arithmetic over the
// production calendar, the policy, the accounts to create and the screening. The command and the proofs' tools
// build their Desk through it, so there is one translation. It imports no mail, storage or UI library.
package deskconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"otklik/assets"
	"otklik/domain"
	"otklik/domain/screening"
	"otklik/domain/worktime"
	"otklik/settings"
)

// SettingImportedCalendar holds the calendar years imported with `calendar import` (they win over the embedded).
const SettingImportedCalendar = "calendar_imported"

// Calendar merges the embedded production calendar with the imported years.
func Calendar(imported []byte) (*worktime.Calendar, error) {
	cal, err := worktime.ParseCalendarJSON(assets.CalendarJSON)
	if err != nil {
		return nil, fmt.Errorf("embedded calendar: %w", err)
	}
	if len(imported) > 0 {
		extra, err := worktime.ParseCalendarJSON(imported)
		if err != nil {
			return nil, fmt.Errorf("imported calendar: %w", err)
		}
		for _, y := range extra.CoveredYears() {
			cal.Merge(y, extra.Years[y])
		}
	}
	return cal, nil
}

// Schedule builds the working week from the settings (a preset or explicit days).
func Schedule(f *settings.File) (worktime.Schedule, error) {
	loc, err := time.LoadLocation(f.Organization.Timezone)
	if err != nil {
		return worktime.Schedule{}, err
	}
	shortening := time.Duration(f.Schedule.PreholidayShorteningMinutes) * time.Minute
	if len(f.Schedule.Days) > 0 {
		return worktime.NewSchedule(loc, f.Schedule.Days, shortening)
	}
	presets, err := worktime.ParsePresets(assets.WorkingHoursPresetsJSON)
	if err != nil {
		return worktime.Schedule{}, err
	}
	name := f.Schedule.Preset
	if name == "" {
		name = presets.Default
	}
	s, err := presets.Schedule(name)
	if err != nil {
		return worktime.Schedule{}, err
	}
	s.Location, s.PreholidayShortening = loc, shortening
	return s, nil
}

// Calc builds the working-time arithmetic from settings and the calendar.
func Calc(f *settings.File, cal *worktime.Calendar) (*worktime.Calc, error) {
	s, err := Schedule(f)
	if err != nil {
		return nil, err
	}
	var ov []worktime.Override
	for _, o := range f.Calendar.Overrides {
		d, err := worktime.ParseDate(o.Date)
		if err != nil {
			return nil, err
		}
		ov = append(ov, worktime.Override{Date: d, Kind: o.Kind})
	}
	return worktime.New(s, cal, ov)
}

// Policy turns the settings file into the rules' terms.
func Policy(f *settings.File) (domain.Policy, error) {
	loc, err := time.LoadLocation(f.Organization.Timezone)
	if err != nil {
		return domain.Policy{}, err
	}
	p := domain.Policy{
		OrgName: f.Organization.Name, TagPrefix: f.Organization.ShortTag, Location: loc,
		Settlements: f.Organization.Settlements, DepartmentAddresses: f.Department.Addresses,
		AnswerTo: f.Department.AnswerTo, HeadName: f.Head.Name, HeadAddress: f.Head.Address,
		MailboxAddress: f.SMTP.FromAddress, FromName: f.SMTP.FromName,
		Deadlines: domain.DeadlineRules{
			AnswerWorkingHours: f.Deadlines.AnswerWorkingHours, DraftsBeforeWorkingHours: f.Deadlines.DraftsBeforeWorkingHours,
			FinalWorkingDays: f.Deadlines.FinalWorkingDays, FinalRule: f.Deadlines.FinalRule,
			ReminderBefore: time.Duration(f.Deadlines.ReminderBeforeWorkingMinutes) * time.Minute,
			DispatchPrompt: time.Duration(f.Deadlines.DispatchPromptWorkingMinutes) * time.Minute,
		},
		RepeatWindowDays: f.Rules.RepeatWindowDays, SurgeCases: f.Rules.SurgeCases,
		SurgeWindow:          time.Duration(f.Rules.SurgeWindowWorkingHours) * time.Hour,
		SignificanceKeywords: f.Rules.SignificanceKeywords, OutOfScopeAccounts: f.Rules.OutOfScopeAccounts,
		IdleLock:        time.Duration(f.Security.IdleLockMinutes) * time.Minute,
		LockoutAttempts: f.Security.LockoutAttempts, LockoutDuration: time.Duration(f.Security.LockoutMinutes) * time.Minute,
		Templates: assets.Templates(), ShippedTemplates: assets.Templates(),
	}
	for _, u := range f.Users {
		if u.Role == "supervisor" && u.Email != "" {
			p.SupervisorAddresses = append(p.SupervisorAddresses, u.Email)
		}
	}
	return p, nil
}

// DefaultFile is what a data folder without settings runs on: the example's rules, so `calendar due` and the
// window work before setup.
func DefaultFile() *settings.File {
	f, err := settings.Parse(settings.Example())
	if err != nil {
		panic("embedded example settings are invalid: " + err.Error())
	}
	return f
}

// SetupRequest turns a settings file into the accounts, executors and secrets to store.
func SetupRequest(f *settings.File) (domain.SetupRequest, error) {
	req := domain.SetupRequest{Secrets: domain.MailSecrets{IMAPPassword: f.Mailbox.Password, SMTPPassword: f.SMTP.Password}}
	for _, u := range f.Users {
		req.Users = append(req.Users, domain.NewUser{Password: u.Password, User: domain.User{Login: u.Login, Name: u.Name,
			Position: u.Position, Email: u.Email, Role: domain.Role(u.Role)}})
	}
	for _, e := range f.Executors {
		req.Executors = append(req.Executors, domain.Executor{Login: e.Login, Name: e.Name, Position: e.Position,
			Unit: e.Unit, Email: e.Email, Settlements: e.Settlements, Categories: e.Categories, Active: e.Active})
	}
	doc, err := json.Marshal(f.Redacted())
	if err != nil {
		return req, err
	}
	req.SettingsDoc = doc
	return req, nil
}

// StoredFile reads the applied settings back (passwords blank: they live sealed in the secrets).
func StoredFile(doc []byte) (*settings.File, error) {
	if len(doc) == 0 {
		return nil, errors.New("no settings")
	}
	var f settings.File
	if err := json.Unmarshal(doc, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// Screener builds the П.14 screening with the settings' extra and allow lists.
func Screener(f *settings.File) func(string) domain.Screening {
	det := screening.New(f.Rules.ScreeningExtraWords, f.Rules.ScreeningAllowWords)
	return func(text string) domain.Screening {
		r := det.Check(text)
		return domain.Screening{Suggested: r.Suggested, Reasons: r.Reasons, Fragments: r.Fragments}
	}
}
