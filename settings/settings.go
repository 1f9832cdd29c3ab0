package settings

import (
	"bytes"
	_ "embed"
	"errors"
	"maps"
	"os"
	"slices"
	// Windows has no zoneinfo of its own: without the embedded database "Asia/Tomsk" would not load there.
	_ "time/tzdata"

	"github.com/BurntSushi/toml"

	"otklik/errtext"
)

// File is a settings file with every optional key defaulted. Field names mirror the TOML keys (see the toml tags).
type File struct {
	Organization Organization `toml:"organization"`
	Mailbox      Mailbox      `toml:"mailbox"`
	SMTP         SMTP         `toml:"smtp"`
	Department   Department   `toml:"department"`
	Head         Head         `toml:"head"`
	Schedule     Schedule     `toml:"schedule"`
	Deadlines    Deadlines    `toml:"deadlines"`
	Calendar     Calendar     `toml:"calendar"`
	Rules        Rules        `toml:"rules"`
	Security     Security     `toml:"security"`
	Limits       Limits       `toml:"limits"`
	Reports      Reports      `toml:"reports"`
	Executors    []Executor   `toml:"executors"`
	Users        []User       `toml:"users"`
}

type Organization struct {
	Name        string   `toml:"name"`
	ShortTag    string   `toml:"short_tag"` // case tag prefix in subjects: [ОТК-2026-0042]
	Timezone    string   `toml:"timezone"`  // IANA name; validated with time.LoadLocation
	Settlements []string `toml:"settlements"`
}

// Mailbox is the coordinator's IMAP mailbox.
type Mailbox struct {
	Host            string `toml:"host"`
	Port            int    `toml:"port"`
	Security        string `toml:"security"` // tls | starttls | none
	Username        string `toml:"username"`
	Password        string `toml:"password"`
	Folder          string `toml:"folder"`
	ProcessedFolder string `toml:"processed_folder"` // "" leaves mail in place, marked with a keyword
}

type SMTP struct {
	Host        string `toml:"host"`
	Port        int    `toml:"port"`
	Security    string `toml:"security"` // tls | starttls | none
	Username    string `toml:"username"`
	Password    string `toml:"password"`
	FromName    string `toml:"from_name"` // defaults to Organization.Name
	FromAddress string `toml:"from_address"`
}

// Department says how notices of the regional Department are recognised and where answers go.
type Department struct {
	Addresses []string `toml:"addresses"` // exact addresses or "@domain"
	AnswerTo  string   `toml:"answer_to"` // "" answers to the sender of the notice
}

type Head struct {
	Name    string `toml:"name"`
	Address string `toml:"address"`
}

// Schedule is either a named Preset (see Presets) or explicit Days; Periods gives the working periods either way.
type Schedule struct {
	Preset                      string              `toml:"preset"` // "" when Days are given
	Days                        map[string][]string `toml:"days"`   // mon..sun → ["09:00-13:00", ...]
	PreholidayShorteningMinutes int                 `toml:"preholiday_shortening_minutes"`
}

type Deadlines struct {
	AnswerWorkingHours           int    `toml:"answer_working_hours"`
	DraftsBeforeWorkingHours     int    `toml:"drafts_before_working_hours"`
	FinalWorkingDays             int    `toml:"final_working_days"`
	FinalRule                    string `toml:"final_rule"` // end_of_day_after | same_time
	ReminderBeforeWorkingMinutes int    `toml:"reminder_before_working_minutes"`
	DispatchPromptWorkingMinutes int    `toml:"dispatch_prompt_working_minutes"`
}

type Calendar struct {
	Overrides []Override `toml:"overrides"`
}

// Override changes one day of the production calendar.
type Override struct {
	Date string `toml:"date" settings:"date"` // YYYY-MM-DD; a TOML local date is accepted too
	Kind string `toml:"kind"`                 // holiday | working | shortened
}

type Rules struct {
	RepeatWindowDays        int      `toml:"repeat_window_days"`
	SurgeCases              int      `toml:"surge_cases"`
	SurgeWindowWorkingHours int      `toml:"surge_window_working_hours"`
	SignificanceKeywords    []string `toml:"significance_keywords"`
	OutOfScopeAccounts      []string `toml:"out_of_scope_accounts"`
	ScreeningExtraWords     []string `toml:"screening_extra_words"`
	ScreeningAllowWords     []string `toml:"screening_allow_words"`
}

type Security struct {
	IdleLockMinutes int `toml:"idle_lock_minutes"`
	LockoutAttempts int `toml:"lockout_attempts"`
	LockoutMinutes  int `toml:"lockout_minutes"`
}

type Limits struct {
	MaxMessageMiB int `toml:"max_message_mib"`
	MaxMIMEDepth  int `toml:"max_mime_depth"`
	MaxMIMEParts  int `toml:"max_mime_parts"`
}

type Reports struct {
	ShortcomingsTo    []string `toml:"shortcomings_to"`    // "head", "supervisor" or e-mail addresses
	ShortcomingsEvery string   `toml:"shortcomings_every"` // never | weekly | monthly
}

type Executor struct {
	Login       string   `toml:"login"`
	Name        string   `toml:"name"`
	Position    string   `toml:"position"`
	Unit        string   `toml:"unit"`
	Email       string   `toml:"email"`
	Settlements []string `toml:"settlements"`
	Categories  []string `toml:"categories"`
	Active      bool     `toml:"active"`
}

// User is an account to create. Password is used once and then stored only as a hash by whoever applies the file.
type User struct {
	Login    string `toml:"login"`
	Name     string `toml:"name"`
	Position string `toml:"position"`
	Email    string `toml:"email"`
	Role     string `toml:"role"` // coordinator | substitute | supervisor | admin
	Password string `toml:"password"`
}

//go:embed example.toml
var example []byte

// Example returns the example settings file of CLI.md; it is valid and parses without error.
func Example() []byte { return bytes.Clone(example) }

// Parse reads a settings file. On any problem it returns nil and Errors, one per problem, sorted by line.
func Parse(data []byte) (*File, error) { return parse(data, nil) }

// Kept are the secrets a settings file edited in the window may leave out: the mail passwords already stored, and
// the accounts that already exist (their passwords are not in the file and are not changed by it).
type Kept struct {
	MailboxPassword, SMTPPassword string
	Users                         map[string]bool
}

// keptUserPassword stands in for an existing account's password: it only passes validation, setup never uses
// the password of an account that exists.
const keptUserPassword = "kept-password-0000"

// ParseKeeping reads a settings file in which the passwords already stored may be left out.
func ParseKeeping(data []byte, kept Kept) (*File, error) { return parse(data, &kept) }

func parse(data []byte, kept *Kept) (*File, error) {
	var tree map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&tree); err != nil {
		var syntax toml.ParseError
		if errors.As(err, &syntax) {
			return nil, Errors{{Key: syntax.LastKey, Line: syntax.Position.Line,
				Message: "ошибка синтаксиса TOML: " + syntax.Message}}
		}
		return nil, Errors{{Message: "ошибка чтения TOML: " + err.Error()}}
	}
	c := newChecker(keyLines(string(data)))
	f := defaults()
	c.decodeTable(nil, tree, &f)
	if kept != nil {
		keep := func(p keyPath, dst *string, v string) {
			if !c.given(p) && v != "" {
				*dst = v
				c.present[p.id()] = true
			}
		}
		keep(root.child("mailbox").child("password"), &f.Mailbox.Password, kept.MailboxPassword)
		keep(root.child("smtp").child("password"), &f.SMTP.Password, kept.SMTPPassword)
		for i := range f.Users {
			if kept.Users[f.Users[i].Login] {
				keep(root.child("users").at(i).child("password"), &f.Users[i].Password, keptUserPassword)
			}
		}
	}
	c.applyDependentDefaults(&f)
	c.validate(&f)
	if len(c.errs) > 0 {
		c.errs.sort()
		return nil, c.errs
	}
	return &f, nil
}

// Load reads and parses the settings file at path; its Errors carry the path.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		// A file that cannot be read is a settings file error like a wrong key (CLI.md: exit 2).
		return nil, &Error{Message: "чтение файла настроек: файл " + path + ": " + errtext.PathReason(err), cause: err}
	}
	f, err := Parse(data)
	var problems Errors
	if errors.As(err, &problems) {
		for _, e := range problems {
			e.File = path
		}
	}
	return f, err
}

// Redacted returns a deep copy with every password blanked, for printing and the audit log.
func (f *File) Redacted() *File {
	r := f.clone()
	r.Mailbox.Password = ""
	r.SMTP.Password = ""
	for i := range r.Users {
		r.Users[i].Password = ""
	}
	return &r
}

func (f *File) clone() File {
	c := *f
	c.Organization.Settlements = slices.Clone(f.Organization.Settlements)
	c.Department.Addresses = slices.Clone(f.Department.Addresses)
	if f.Schedule.Days != nil {
		c.Schedule.Days = make(map[string][]string, len(f.Schedule.Days))
		for day, periods := range f.Schedule.Days {
			c.Schedule.Days[day] = slices.Clone(periods)
		}
	}
	c.Calendar.Overrides = slices.Clone(f.Calendar.Overrides)
	c.Rules.SignificanceKeywords = slices.Clone(f.Rules.SignificanceKeywords)
	c.Rules.OutOfScopeAccounts = slices.Clone(f.Rules.OutOfScopeAccounts)
	c.Rules.ScreeningExtraWords = slices.Clone(f.Rules.ScreeningExtraWords)
	c.Rules.ScreeningAllowWords = slices.Clone(f.Rules.ScreeningAllowWords)
	c.Reports.ShortcomingsTo = slices.Clone(f.Reports.ShortcomingsTo)
	c.Executors = slices.Clone(f.Executors)
	for i := range c.Executors {
		c.Executors[i].Settlements = slices.Clone(f.Executors[i].Settlements)
		c.Executors[i].Categories = slices.Clone(f.Executors[i].Categories)
	}
	c.Users = slices.Clone(f.Users)
	return c
}

// Periods returns the working periods per day (mon..sun; absent days are days off): the preset's, or Days.
func (s Schedule) Periods() map[string][]string {
	source := s.Days
	if s.Preset != "" {
		source = presetDays(s.Preset)
	}
	out := make(map[string][]string, len(source))
	for day, periods := range maps.All(source) {
		out[day] = slices.Clone(periods)
	}
	return out
}
