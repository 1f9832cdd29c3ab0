package domain

import (
	"strings"
	"time"
	"unicode"
)

// Role is what a local account may do (Р.2–Р.4 of the order; CLI.md rights table).
type Role string

const (
	RoleCoordinator Role = "coordinator"
	RoleSubstitute  Role = "substitute"
	RoleSupervisor  Role = "supervisor"
	RoleAdmin       Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleCoordinator || r == RoleSubstitute || r == RoleSupervisor || r == RoleAdmin
}

// User is a local account of the workstation.
type User struct {
	Login        string
	Name         string
	Position     string
	Email        string
	Role         Role
	PasswordHash string
	Disabled     bool
	FailedLogins int
	LockedUntil  *time.Time
	CreatedAt    time.Time
	// WrappedKey is the data key sealed with a key derived from this user's password: any authorised user's login
	// unlocks the mail credentials.
	WrappedKey []byte
}

// ShortName gives "Бирюкова И. А." from "Бирюкова Ирина Александровна" for titles and signatures.
func ShortName(full string) string {
	parts := strings.Fields(full)
	if len(parts) < 2 {
		return full
	}
	// Only a person's name is shortened: «Отдел информатизации» stays as it is.
	for _, p := range parts[1:] {
		if r := []rune(p); !unicode.IsUpper(r[0]) {
			return full
		}
	}
	s := parts[0]
	for _, p := range parts[1:] {
		r := []rune(p)
		s += " " + string(r[0]) + "."
	}
	return s
}

// Absence is a period when the coordinator is away and a substitute acts for her (Р.4).
type Absence struct {
	ID            int
	Absent        string
	Substitute    string
	From, To      time.Time
	EndedAt       *time.Time
	HandoverSent  bool
	CreatedBy     string
	CreatedAt     time.Time
	EmergencyOnly bool // granted by an admin outside a planned absence; audited like any other
}

// Covers reports whether the absence is in force at t.
func (a Absence) Covers(t time.Time) bool {
	if a.EndedAt != nil && !t.Before(*a.EndedAt) {
		return false
	}
	return !t.Before(a.From) && t.Before(a.To)
}

// Executor is an official in the directory who gets tasks by e-mail (П.6). Executors never log in.
type Executor struct {
	Login       string
	Name        string
	Position    string
	Unit        string
	Email       string
	Settlements []string
	Categories  []string
	Active      bool
	// AwayUntil is set by an out-of-office reply; the window shows it beside the executor.
	AwayNoted *time.Time
}

// Actor is who performs a use case: the logged-in user and, for a substitute inside an absence, the coordinator
// she acts for.
type Actor struct {
	Login     string
	Name      string
	Position  string
	Role      Role
	ActingFor *User
	// ActingUntil is the end of the absence she acts in (zero when not acting): the window's title shows it.
	ActingUntil time.Time
	// System marks automatic steps (intake, reminders, the outbox).
	System bool
}

// Display is the name shown in the audit log and signatures: «Маслова Е. А. за Бирюкову И. А.».
func (a Actor) Display() string {
	if a.System {
		return "Отклик (автоматически)"
	}
	if a.ActingFor != nil {
		return ShortName(a.Name) + " за " + ShortFor(a.ActingFor.Name)
	}
	return ShortName(a.Name)
}

// SystemActor is the actor of automatic steps.
var SystemActor = Actor{Login: "system", Name: "Отклик", System: true}
