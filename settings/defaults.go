package settings

// Defaults of CLI.md (the values after "# default:"). Lists not marked there default to empty.
const (
	defaultFolder             = "INBOX"
	defaultHeadName           = "Глава"
	defaultPreset             = "standard_40h"
	defaultPreholidayMinutes  = 60
	defaultFinalRule          = "end_of_day_after"
	defaultShortcomingsEvery  = "monthly"
	defaultExecutorActive     = true
	defaultAnswerHours        = 7
	defaultDraftsBeforeHours  = 2
	defaultFinalWorkingDays   = 7
	defaultReminderMinutes    = 60
	defaultDispatchPromptMins = 60
)

func defaultSignificanceKeywords() []string {
	return []string{"школа", "детский сад", "отопление", "авария", "дети"}
}

func defaultShortcomingsTo() []string { return []string{"head", "supervisor"} }

// defaults is the File before the document is laid over it. Defaults that depend on other keys (smtp.from_name,
// schedule.preset) are applied after decoding, by applyDependentDefaults.
func defaults() File {
	return File{
		Organization: Organization{Settlements: []string{}},
		Mailbox:      Mailbox{Folder: defaultFolder},
		Department:   Department{Addresses: []string{}},
		Head:         Head{Name: defaultHeadName},
		Schedule:     Schedule{PreholidayShorteningMinutes: defaultPreholidayMinutes},
		Deadlines: Deadlines{
			AnswerWorkingHours:           defaultAnswerHours,
			DraftsBeforeWorkingHours:     defaultDraftsBeforeHours,
			FinalWorkingDays:             defaultFinalWorkingDays,
			FinalRule:                    defaultFinalRule,
			ReminderBeforeWorkingMinutes: defaultReminderMinutes,
			DispatchPromptWorkingMinutes: defaultDispatchPromptMins,
		},
		Calendar: Calendar{Overrides: []Override{}},
		Rules: Rules{
			RepeatWindowDays:        90,
			SurgeCases:              3,
			SurgeWindowWorkingHours: 8,
			SignificanceKeywords:    defaultSignificanceKeywords(),
			OutOfScopeAccounts:      []string{},
			ScreeningExtraWords:     []string{},
			ScreeningAllowWords:     []string{},
		},
		Security:  Security{IdleLockMinutes: 15, LockoutAttempts: 5, LockoutMinutes: 15},
		Limits:    Limits{MaxMessageMiB: 50, MaxMIMEDepth: 32, MaxMIMEParts: 1000},
		Reports:   Reports{ShortcomingsTo: defaultShortcomingsTo(), ShortcomingsEvery: defaultShortcomingsEvery},
		Executors: []Executor{},
		Users:     []User{},
	}
}

// applyDefaults gives a new [[executors]] element its defaults before its keys are laid over it.
func (e *Executor) applyDefaults() {
	e.Active = defaultExecutorActive
	e.Settlements = []string{}
	e.Categories = []string{}
}

func (c *checker) applyDependentDefaults(f *File) {
	if f.SMTP.FromName == "" {
		f.SMTP.FromName = f.Organization.Name
	}
	schedule := keyPath{}.child("schedule")
	if !c.given(schedule.child("days")) && !c.given(schedule.child("preset")) {
		f.Schedule.Preset = defaultPreset
	}
}
