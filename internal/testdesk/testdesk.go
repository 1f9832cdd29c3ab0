// Package testdesk builds the real service for the tests of other packages: a real bbolt file in the test's
// temporary folder, the embedded production calendar and templates, argon2id with parameters cheap enough for a
// test, and a clock the test moves by hand. Only _test.go files import it; each test package still sets up its
// own people (domain.Desk.Setup), because what a test checks depends on them.
package testdesk

import (
	"sync"
	"testing"
	"time"

	"otklik/assets"
	"otklik/domain"
	"otklik/domain/worktime"
	"otklik/secrets"
	"otklik/storage"
)

// Clock is a clock the test moves by hand; safe from any goroutine (the workers read it too).
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

func (c *Clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *Clock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Hasher is argon2id with the smallest parameters: a test logs in many times, and the production cost (64 MiB,
// ~0.2 s) would only slow it down without proving more.
var Hasher = secrets.Argon2id{P: secrets.Params{Memory: 1024, Time: 1, Threads: 1}}

// Calc is the working-time calculator of the default schedule over the embedded production calendar.
func Calc(t testing.TB) *worktime.Calc {
	t.Helper()
	cal, err := worktime.ParseCalendarJSON(assets.CalendarJSON)
	if err != nil {
		t.Fatal(err)
	}
	calc, err := worktime.New(worktime.DefaultSchedule(), cal, nil)
	if err != nil {
		t.Fatal(err)
	}
	return calc
}

// Store opens a data file in the test's temporary folder, closed when the test ends.
func Store(t testing.TB) *storage.DB {
	t.Helper()
	db, err := storage.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Policy is the district of the samples (Kozhevnikovo, Tomsk region) with the regulation's default deadlines and
// the shipped templates. loc is the test package's zone (Asia/Tomsk). Tests change what they check.
func Policy(loc *time.Location) domain.Policy {
	return domain.Policy{OrgName: "Администрация Кожевниковского района", TagPrefix: "ОТК", Location: loc,
		Settlements: []string{"Кожевниково", "Уртам"}, DepartmentAddresses: []string{"@dip.tomsk.example"},
		HeadName: "Глава района", HeadAddress: "glava@example.ru", MailboxAddress: "koordinator@example.ru",
		FromName: "Координатор", Deadlines: domain.DefaultDeadlineRules(), LockoutAttempts: 5,
		LockoutDuration: 15 * time.Minute, Templates: assets.Templates()}
}

// New is the real service over db with p, before its first setup.
func New(t testing.TB, db *storage.DB, clk domain.Clock, p domain.Policy) *domain.Desk {
	t.Helper()
	return domain.NewDesk(db, clk, Hasher, Calc(t), p)
}
