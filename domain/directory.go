package domain

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// The directory of executors (П.6) as the window keeps it: add and edit, deactivate (never delete: old cases keep
// naming her), import a list, and each executor's record; plus the preview of the handover e-mail (Р.4).

// directoryRun runs a change of the directory: the coordinator keeps it (she knows who answers for what), the
// administrator may too, and so may a substitute inside an absence that names her (she acts as the coordinator).
// The supervisor reads it only.
func (d *Desk) directoryRun(login, what string, fn func(tx Tx, a Actor) error) error {
	return d.run(login, ActView, what, func(tx Tx, a Actor) error {
		if a.Role != RoleAdmin && a.Role != RoleCoordinator && a.ActingFor == nil {
			return refused("%s (%s): справочник исполнителей ведут координатор и администратор", ShortName(a.Name), roleName(a.Role, a.ActingFor != nil))
		}
		return fn(tx, a)
	})
}

// isAddress accepts a bare address (name@example.ru): no display name, no angle brackets, the same rule as the
// settings file's.
func isAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && !strings.HasPrefix(s, "@")
}

// CheckExecutor checks an executor's card before it is stored: the login as for accounts, a name, a bare e-mail
// address. Messages are in Russian and name the executor.
func CheckExecutor(e Executor) error {
	who := e.Login
	if who == "" {
		who = e.Name
	}
	if !loginRe.MatchString(e.Login) {
		return userErr("исполнитель %s: логин %q — только латинские строчные буквы, цифры, точка, дефис, подчёркивание (от 2 знаков)", who, e.Login)
	}
	if strings.TrimSpace(e.Name) == "" {
		return userErr("исполнитель %s: не указаны фамилия, имя и отчество", who)
	}
	if !isAddress(e.Email) {
		return userErr("исполнитель %s: %q — не адрес электронной почты (ожидается вида name@example.ru)", who, e.Email)
	}
	return nil
}

// cleanExecutor trims the card's text and drops empty list entries.
func cleanExecutor(e Executor) Executor {
	e.Login = strings.TrimSpace(e.Login)
	e.Name = strings.Join(strings.Fields(e.Name), " ")
	e.Position = strings.TrimSpace(e.Position)
	e.Unit = strings.TrimSpace(e.Unit)
	e.Email = strings.TrimSpace(e.Email)
	e.Settlements = cleanList(e.Settlements)
	e.Categories = cleanList(e.Categories)
	return e
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// executorJSON is the audit's before/after of a card ("" for none).
func executorJSON(e *Executor) string {
	if e == nil {
		return ""
	}
	c := *e
	c.AwayNoted = nil // not part of the card: set by out-of-office replies
	b, err := marshalJSON(c)
	if err != nil {
		return ""
	}
	return string(b)
}

func sameCard(a, b Executor) bool {
	return a.Name == b.Name && a.Position == b.Position && a.Unit == b.Unit && strings.EqualFold(a.Email, b.Email) &&
		strings.Join(a.Settlements, "\x00") == strings.Join(b.Settlements, "\x00") &&
		strings.Join(a.Categories, "\x00") == strings.Join(b.Categories, "\x00") && a.Active == b.Active
}

// emailTaken finds another executor of the directory with that address: replies are matched by sender, so two
// cards with one address would make her drafts ambiguous.
func emailTaken(tx Tx, login, email string) (string, error) {
	taken := ""
	err := tx.Executors(func(x *Executor) error {
		if x.Login != login && sameAddress(x.Email, email) {
			taken = x.Login
		}
		return nil
	})
	return taken, err
}

// SaveExecutor adds an executor to the directory or changes her card (found by login). The change is audited with
// the card before and after. AwayNoted (from out-of-office replies) is kept.
func (d *Desk) SaveExecutor(login string, e Executor) error {
	e = cleanExecutor(e)
	if err := CheckExecutor(e); err != nil {
		return err
	}
	return d.directoryRun(login, "справочник исполнителей", func(tx Tx, a Actor) error {
		_, err := d.saveExecutor(tx, a, e, false)
		return err
	})
}

// saveExecutor stores one card; keepActive keeps an existing card's Active (an imported list says nothing about
// it). It reports whether the card was new ("added"), changed ("updated") or the same ("").
func (d *Desk) saveExecutor(tx Tx, a Actor, e Executor, keepActive bool) (string, error) {
	if other, err := emailTaken(tx, e.Login, e.Email); err != nil {
		return "", err
	} else if other != "" {
		return "", userErr("исполнитель %s: адрес %s уже указан у исполнителя %s", e.Login, e.Email, other)
	}
	old, err := tx.Executor(e.Login)
	switch {
	case errors.Is(err, ErrNotFound):
		old = nil
	case err != nil:
		return "", err
	}
	outcome, action, detail := "added", "executor_add", "исполнитель добавлен в справочник: "+e.Name
	if old != nil {
		e.AwayNoted = old.AwayNoted
		if keepActive {
			e.Active = old.Active
		}
		if sameCard(*old, e) {
			return "", nil
		}
		outcome, action, detail = "updated", "executor_edit", "карточка исполнителя изменена: "+e.Name
	}
	if err := tx.PutExecutor(&e); err != nil {
		return "", err
	}
	return outcome, d.audit(tx, a, action, "", detail, executorJSON(old), executorJSON(&e))
}

// SetExecutorActive deactivates an executor (she gets no new tasks; her open ones stay) or makes her active again.
// Executors are never deleted: old cases keep naming them.
func (d *Desk) SetExecutorActive(login, execLogin string, active bool) error {
	return d.directoryRun(login, "справочник исполнителей", func(tx Tx, a Actor) error {
		e, err := tx.Executor(execLogin)
		if errors.Is(err, ErrNotFound) {
			return userErr("нет исполнителя %q в справочнике", execLogin)
		} else if err != nil {
			return err
		}
		if e.Active == active {
			return nil
		}
		before := executorJSON(e)
		e.Active = active
		if err := tx.PutExecutor(e); err != nil {
			return err
		}
		what := "исполнитель отключён: "
		if active {
			what = "исполнитель снова активен: "
		}
		return d.audit(tx, a, "executor_state", "", what+e.Name, before, executorJSON(e))
	})
}

// ImportExecutors adds the listed executors that are new and updates the cards of those already in the directory
// (by login; an existing card keeps its active/inactive state), all in one transaction: a list with one bad card
// changes nothing. Unchanged cards count neither as added nor as updated.
func (d *Desk) ImportExecutors(login string, list []Executor) (added, updated int, err error) {
	cleaned := make([]Executor, len(list))
	seenLogin, seenEmail := map[string]int{}, map[string]int{}
	for i, e := range list {
		e = cleanExecutor(e)
		if err := CheckExecutor(e); err != nil {
			return 0, 0, userErr("запись %d: %s", i+1, err.Error())
		}
		if j, dup := seenLogin[e.Login]; dup {
			return 0, 0, userErr("запись %d: логин %s уже есть в записи %d", i+1, e.Login, j)
		}
		if j, dup := seenEmail[strings.ToLower(e.Email)]; dup {
			return 0, 0, userErr("запись %d: адрес %s уже есть в записи %d", i+1, e.Email, j)
		}
		seenLogin[e.Login], seenEmail[strings.ToLower(e.Email)] = i+1, i+1
		e.Active = true // for new cards; existing ones keep theirs
		cleaned[i] = e
	}
	if len(cleaned) == 0 {
		return 0, 0, userErr("в списке нет исполнителей")
	}
	err = d.directoryRun(login, "импорт справочника исполнителей", func(tx Tx, a Actor) error {
		added, updated = 0, 0
		for i, e := range cleaned {
			outcome, err := d.saveExecutor(tx, a, e, true)
			if err != nil {
				return fmt.Errorf("запись %d: %w", i+1, err)
			}
			switch outcome {
			case "added":
				added++
			case "updated":
				updated++
			}
		}
		return d.audit(tx, a, "executors_import", "", fmt.Sprintf("импорт справочника исполнителей: записей %d, добавлено %d, изменено %d",
			len(cleaned), added, updated), "", "")
	})
	if err != nil {
		var u *UserError
		if errors.As(err, &u) {
			return 0, 0, userErr("%s", err.Error()) // keep the record number in the message shown
		}
		return 0, 0, err
	}
	return added, updated, nil
}

// ExecutorCSVColumns are the columns of a directory list, in order (lists inside a cell are separated by "|").
var ExecutorCSVColumns = []string{"login", "name", "position", "unit", "email", "settlements", "categories"}

// ParseExecutorCSV reads a directory list: the columns of ExecutorCSVColumns, separated by ";" or "," (whichever
// the first line uses more), UTF-8 with or without a byte-order mark, an optional header line, settlements and
// categories separated by "|" inside their cell. Every problem is reported with its line, all at once.
func ParseExecutorCSV(data []byte) ([]Executor, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, userErr("файл не в кодировке UTF-8: сохраните его как «CSV UTF-8»")
	}
	first := data
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ';'
	if bytes.Count(first, []byte(",")) > bytes.Count(first, []byte(";")) {
		r.Comma = ','
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.TrimLeadingSpace = true
	var out []Executor
	var problems []string
	for n := 0; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.Line, pe.Err
			}
			problems = append(problems, fmt.Sprintf("строка %d: %v", line, err))
			continue
		}
		line, _ := r.FieldPos(0)
		if n == 0 && len(rec) > 0 && isHeader(rec[0]) {
			continue
		}
		if blank(rec) {
			continue
		}
		if len(rec) < 5 {
			problems = append(problems, fmt.Sprintf("строка %d: %d столбц., нужно не меньше 5 (%s)", line, len(rec),
				strings.Join(ExecutorCSVColumns, ";")))
			continue
		}
		for len(rec) < len(ExecutorCSVColumns) {
			rec = append(rec, "")
		}
		if len(rec) > len(ExecutorCSVColumns) && !blank(rec[len(ExecutorCSVColumns):]) {
			problems = append(problems, fmt.Sprintf("строка %d: лишние столбцы: нужно %d (%s)", line,
				len(ExecutorCSVColumns), strings.Join(ExecutorCSVColumns, ";")))
			continue
		}
		e := cleanExecutor(Executor{Login: rec[0], Name: rec[1], Position: rec[2], Unit: rec[3], Email: rec[4],
			Settlements: strings.Split(rec[5], "|"), Categories: strings.Split(rec[6], "|"), Active: true})
		if err := CheckExecutor(e); err != nil {
			problems = append(problems, fmt.Sprintf("строка %d: %s", line, err.Error()))
			continue
		}
		out = append(out, e)
	}
	if len(problems) > 0 {
		const max = 20
		if len(problems) > max {
			problems = append(problems[:max], fmt.Sprintf("… и ещё %d", len(problems)-max))
		}
		return nil, userErr("%s", strings.Join(problems, "\n"))
	}
	if len(out) == 0 {
		return nil, userErr("в файле нет исполнителей")
	}
	return out, nil
}

func isHeader(cell string) bool {
	c := strings.ToLower(strings.TrimSpace(cell))
	return c == "login" || c == "логин"
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// ExecutorRecord is an executor's work as the directory shows it, over all cases.
type ExecutorRecord struct {
	// OpenTasks are her tasks that still owe a draft (waiting their turn, queued, sent, returned for rework).
	OpenTasks int
	// OnTime, Late and Missing judge each task's drafts deadline (П.8, П.15) as the shortcomings memo does
	// (package reports): the first draft not returned for rework counts; on time when it came by the task's due
	// time, late after it; missing when none came and the due time has passed. A deadline is not judged when the
	// task never reached her (waiting in a sequence, its mail never left), when it bounced without a draft, when
	// the case was rejected without a draft, or when the answer it served was approved by the due time without it.
	OnTime, Late, Missing int
}

// ExecutorRecords computes every executor's record from the cases, by executor login (tasks sent to an address
// outside the directory are keyed by that address).
func (d *Desk) ExecutorRecords(login string) (map[string]ExecutorRecord, error) {
	out := map[string]ExecutorRecord{}
	now := d.Now()
	err := d.View(login, func(tx Tx, a Actor) error {
		return tx.Cases(func(c *Case) error {
			for i := range c.Tasks {
				t := &c.Tasks[i]
				r := out[t.Executor]
				if t.Open() {
					r.OpenTasks++
				}
				switch judgeTask(c, t, now) {
				case judgedOnTime:
					r.OnTime++
				case judgedLate:
					r.Late++
				case judgedMissing:
					r.Missing++
				}
				out[t.Executor] = r
			}
			return nil
		})
	})
	return out, err
}

type judgement int

const (
	notJudged judgement = iota
	judgedOnTime
	judgedLate
	judgedMissing
)

func judgeTask(c *Case, t *Task, now time.Time) judgement {
	if t.Status == TaskPending {
		return notJudged
	}
	kind := KindInterim
	if t.Final {
		kind = KindFinal
	}
	var done *time.Time
	hasRecords := false
	for i := range c.Drafts {
		dr := &c.Drafts[i]
		if dr.TaskID != t.ID {
			continue
		}
		hasRecords = true
		if dr.Kind == kind && !dr.Returned && (done == nil || dr.At.Before(*done)) {
			at := dr.At
			done = &at
		}
	}
	if !hasRecords && t.DraftAt != nil {
		done = t.DraftAt
	}
	if done != nil {
		if done.After(t.Due) {
			return judgedLate
		}
		return judgedOnTime
	}
	if t.SentAt == nil || t.Status == TaskBounced || c.Status == StatusRejected {
		return notJudged
	}
	for _, ans := range c.Answers {
		// The answer this deadline served (of the current cycle: a reopen restarts the clock) went out by the due
		// time without waiting for her draft.
		served := kind == KindInterim || ans.Kind == KindFinal
		if served && !ans.ApprovedAt.Before(c.ClockStart) && !ans.ApprovedAt.After(t.Due) {
			return notJudged
		}
	}
	if now.After(t.Due) {
		return judgedMissing
	}
	return notJudged
}

// HandoverPreview renders the handover e-mail (Р.4) the substitute would get if an absence from..to started now:
// the same template and open cases the automatic one uses (Tick). The absent one is login when she is the
// coordinator; for anyone else (an administrator) the coordinator's account.
func (d *Desk) HandoverPreview(login string, absenceFrom, absenceTo time.Time, substitute string) (subject, body string, err error) {
	err = d.View(login, func(tx Tx, a Actor) error {
		absent := login
		if a.Role != RoleCoordinator {
			absent = ""
			if err := tx.Users(func(u *User) error {
				if u.Role == RoleCoordinator && !u.Disabled && (absent == "" || u.Login < absent) {
					absent = u.Login
				}
				return nil
			}); err != nil {
				return err
			}
			if absent == "" {
				return userErr("нет учётной записи координатора")
			}
		}
		data, err := d.absenceData(tx, absent, substitute, absenceFrom, absenceTo)
		if err != nil {
			return err
		}
		subject, body, err = d.render(MailHandover, data)
		return err
	})
	return subject, body, err
}

// absenceData checks an absence like AddAbsence does and fills the handover template's data with the open cases,
// most urgent first.
func (d *Desk) absenceData(tx Tx, absent, substitute string, from, to time.Time) (MailData, error) {
	if !to.After(from) {
		return MailData{}, userErr("конец периода должен быть позже начала")
	}
	ab, err := tx.User(absent)
	if err != nil {
		return MailData{}, userErr("нет пользователя %q", absent)
	}
	sub, err := tx.User(substitute)
	if err != nil {
		return MailData{}, userErr("нет пользователя %q", substitute)
	}
	if sub.Role != RoleSubstitute {
		return MailData{}, userErr("%s не заместитель (роль %s)", substitute, sub.Role)
	}
	return d.handoverData(tx, sub, ab, from, to)
}

// handoverData fills the handover template (Р.4) for sub acting for absent from..to: their names and the open
// cases, most urgent first. The automatic e-mail (Tick) and its preview both take it from here.
func (d *Desk) handoverData(tx Tx, sub, absent *User, from, to time.Time) (MailData, error) {
	loc := d.Policy().Location
	var open []*Case
	if err := tx.Cases(func(c *Case) error { open = append(open, c); return nil },
		StatusNew, StatusDispatched, StatusDraftsReceived, StatusInterimSent); err != nil {
		return MailData{}, err
	}
	sort.SliceStable(open, func(i, j int) bool {
		a, _, _ := open[i].NextDue()
		b, _, _ := open[j].NextDue()
		return a.Before(b)
	})
	data := MailData{Substitute: sub.Name, SubstituteShort: ShortName(sub.Name), Absent: absent.Name,
		AbsentShort: ShortName(absent.Name), AbsentFor: Accusative(absent.Name), AbsentShortFor: ShortFor(absent.Name),
		From: FormatDateTime(from.In(loc)), To: FormatDateTime(to.In(loc)), Count: len(open)}
	for _, c := range open {
		due, kind, _ := c.NextDue()
		data.Lines = append(data.Lines, fmt.Sprintf("%s (%s): %s — срок %s %s", c.ID, c.Settlement,
			excerpt(c.Text, 80), dueKindName(kind), FormatDateTime(due.In(loc))))
	}
	return data, nil
}
