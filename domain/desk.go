package domain

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"otklik/domain/worktime"
)

// Policy is everything the rules need from the settings, in domain terms.
type Policy struct {
	OrgName             string
	TagPrefix           string // "ОТК"
	Location            *time.Location
	Settlements         []string
	DepartmentAddresses []string // exact addresses or "@domain"
	AnswerTo            string
	HeadName            string
	HeadAddress         string
	SupervisorAddresses []string
	MailboxAddress      string // the coordinator's mailbox: Reply-To of every task
	FromName            string
	Deadlines           DeadlineRules

	RepeatWindowDays     int
	SurgeCases           int
	SurgeWindow          time.Duration
	SignificanceKeywords []string
	OutOfScopeAccounts   []string

	IdleLock        time.Duration
	LockoutAttempts int
	LockoutDuration time.Duration

	// Templates are the e-mail templates in force by mail kind; ShippedTemplates are those of assets/templates,
	// which the stored overrides (SettingTemplates) are laid over. See compose.go.
	Templates        map[string]string
	ShippedTemplates map[string]string
}

// IsDepartment reports whether the sender is the Department (settings [department] addresses).
func (p *Policy) IsDepartment(addr string) bool {
	addr = strings.ToLower(strings.TrimSpace(addr))
	for _, a := range p.DepartmentAddresses {
		a = strings.ToLower(strings.TrimSpace(a))
		if strings.HasPrefix(a, "@") && strings.HasSuffix(addr, a) || a == addr {
			return true
		}
	}
	return false
}

// Desk is the service: its methods are the use cases of the window and the CLI.
type Desk struct {
	store  Store
	clock  Clock
	hasher Hasher

	mu     sync.RWMutex
	calc   *worktime.Calc
	policy Policy

	// screener proposes П.14 rejections; nil means no suggestion.
	screener func(text string) Screening
}

// SetScreener installs the П.14 screening of the citizen's text (a proposal, never an automatic rejection).
func (d *Desk) SetScreener(f func(text string) Screening) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.screener = f
}

func (d *Desk) screen(text string) Screening {
	d.mu.RLock()
	f := d.screener
	d.mu.RUnlock()
	if f == nil {
		return Screening{Reasons: []string{}}
	}
	return f(text)
}

// NewDesk builds the service.
func NewDesk(store Store, clock Clock, hasher Hasher, calc *worktime.Calc, policy Policy) *Desk {
	if policy.Location == nil {
		policy.Location = time.UTC
	}
	return &Desk{store: store, clock: clock, hasher: hasher, calc: calc, policy: policy}
}

// Reconfigure swaps the schedule/calendar and the policy (after setup or a calendar import).
func (d *Desk) Reconfigure(calc *worktime.Calc, p Policy) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if calc != nil {
		d.calc = calc
	}
	if p.Location == nil {
		p.Location = d.policy.Location
	}
	d.policy = p
}

// Calc is the working-time arithmetic in force.
func (d *Desk) Calc() *worktime.Calc {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.calc
}

// Policy is the policy in force.
func (d *Desk) Policy() Policy {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.policy
}

// Now is the service's clock in the organisation's zone, to the whole second: every time the desk records (sent,
// approved, journalled) then prints as CLI.md writes times (2026-01-14T09:22:00+07:00), not with nanoseconds;
// deadlines are whole minutes anyway.
func (d *Desk) Now() time.Time {
	return d.clock.Now().In(d.Policy().Location).Truncate(time.Second)
}

// actor resolves who acts and checks the rights table inside tx. A substitute acts for the coordinator only inside
// an absence that names her.
func (d *Desk) actor(tx Tx, login string, act Action) (Actor, error) {
	u, err := tx.User(login)
	if errors.Is(err, ErrNotFound) {
		return Actor{}, refused("нет пользователя %q", login)
	}
	if err != nil {
		return Actor{}, err
	}
	if u.Disabled {
		return Actor{}, refused("учётная запись %s отключена", login)
	}
	a := Actor{Login: u.Login, Name: u.Name, Position: u.Position, Role: u.Role}
	acting := false
	if u.Role == RoleSubstitute {
		now := d.clock.Now()
		err := tx.Absences(func(ab *Absence) error {
			if ab.Substitute == u.Login && ab.Covers(now) {
				if absent, err := tx.User(ab.Absent); err == nil {
					a.ActingFor, a.ActingUntil = absent, ab.To
					acting = true
				}
			}
			return nil
		})
		if err != nil {
			return Actor{}, err
		}
	}
	if !allowed(u.Role, act, acting) {
		return a, refused("%s (%s): нет прав на это действие", ShortName(u.Name), roleName(u.Role, acting))
	}
	return a, nil
}

// roleName names the role in a refusal; a substitute's says whether she is acting now, since that decides what
// she may do.
func roleName(r Role, acting bool) string {
	switch r {
	case RoleCoordinator:
		return "координатор"
	case RoleSubstitute:
		if acting {
			return "заместитель координатора в период отсутствия"
		}
		return "заместитель координатора вне периода отсутствия"
	case RoleSupervisor:
		return "управляющий делами"
	case RoleAdmin:
		return "администратор"
	}
	return string(r)
}

// run executes a use case for login: the rights check, then fn in one transaction. A refusal is itself written
// to the audit log (in its own transaction, since the use case's one is rolled back).
func (d *Desk) run(login string, act Action, what string, fn func(tx Tx, a Actor) error) error {
	err := d.store.Update(func(tx Tx) error {
		a, err := d.actor(tx, login, act)
		if err != nil {
			return err
		}
		return fn(tx, a)
	})
	if IsRefused(err) {
		d.auditRefusal(login, what, err)
	}
	return err
}

func (d *Desk) auditRefusal(login, what string, reason error) {
	_ = d.store.Update(func(tx Tx) error {
		return d.audit(tx, Actor{Login: login, Name: login}, "refused", "", what+": "+reason.Error(), "", "")
	})
}

func (d *Desk) audit(tx Tx, a Actor, action string, id CaseID, detail, before, after string) error {
	e := &AuditEvent{At: d.Now(), Actor: a.Login, ActorName: a.Display(), Action: action, CaseID: id,
		Detail: detail, Before: before, After: after}
	if a.ActingFor != nil {
		e.ActingFor = a.ActingFor.Login
	}
	return tx.AppendAudit(e)
}

// View runs a read-only use case after checking that login may read.
func (d *Desk) View(login string, fn func(tx Tx, a Actor) error) error {
	err := d.store.View(func(tx Tx) error {
		a, err := d.actor(tx, login, ActView)
		if err != nil {
			return err
		}
		return fn(tx, a)
	})
	if IsRefused(err) {
		d.auditRefusal(login, "просмотр", err)
	}
	return err
}

// Authorize checks that login may perform act now (for verbs whose work happens outside a transaction, like sync).
func (d *Desk) Authorize(login string, act Action, what string) (Actor, error) {
	var a Actor
	err := d.store.View(func(tx Tx) error {
		var err error
		a, err = d.actor(tx, login, act)
		return err
	})
	if IsRefused(err) {
		d.auditRefusal(login, what, err)
	}
	return a, err
}

// FindCase resolves a tag (Cyrillic or Latin) or an incident number.
func (d *Desk) FindCase(tx Tx, ref string) (*Case, error) {
	ref = strings.TrimSpace(strings.Trim(ref, "[]"))
	if c, err := tx.Case(CaseID(ref)); err == nil {
		return c, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	p := d.Policy()
	if up := strings.ToUpper(ref); strings.HasPrefix(up, latinize(p.TagPrefix)+"-") {
		id := CaseID(p.TagPrefix + ref[len(latinize(p.TagPrefix)):])
		if c, err := tx.Case(id); err == nil {
			return c, nil
		}
	}
	if id, err := tx.CaseByIncident(ref); err == nil {
		return tx.Case(id)
	}
	return nil, userErr("сообщение %q не найдено", ref)
}

func newToken() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// queueMail stores an outgoing e-mail with its Message-ID in the same transaction as the change that causes it.
func (d *Desk) queueMail(tx Tx, a Actor, o *OutboxItem) error {
	seq, err := tx.NextOutboxSeq()
	if err != nil {
		return err
	}
	p := d.Policy()
	host := "otklik.local"
	if i := strings.LastIndex(p.MailboxAddress, "@"); i >= 0 {
		host = p.MailboxAddress[i+1:]
	}
	o.ID = fmt.Sprintf("%08d", seq)
	o.MessageID = fmt.Sprintf("otklik.%s.%s@%s", o.ID, newToken(), host)
	o.State = OutQueued
	o.QueuedAt = d.Now()
	o.NextAttempt = o.QueuedAt
	o.By = a.Login
	if o.FromName == "" {
		o.FromName = p.FromName
	}
	if o.Headers == nil {
		o.Headers = map[string]string{}
	}
	if err := tx.PutOutbox(o); err != nil {
		return err
	}
	return tx.PutRef(o.MessageID, Ref{CaseID: o.CaseID, TaskID: o.TaskID, Kind: o.Kind})
}
