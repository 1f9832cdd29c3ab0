package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"otklik/deskconfig"
	"otklik/domain"
	"otklik/domain/worktime"
	"otklik/errtext"
	"otklik/settings"
	"otklik/storage"
)

// call is one verb's invocation inside the owner.
type call struct {
	ctx    context.Context
	app    *app
	args   args
	env    map[string]string
	out    io.Writer
	errw   io.Writer
	sess   *domain.Session
	userID string
}

type verbFunc func(c *call) error

// verbs maps each verb of CLI.md to its function.
var verbs map[string]verbFunc

func init() {
	verbs = map[string]verbFunc{
		"setup": verbSetup, "cases": verbCases, "case": verbCase, "calendar": verbCalendar,
		"backup": verbBackup, "restore": verbRestore, "check": verbCheck, "sync": verbSync,
		"dispatch": verbDispatch, "return": verbReturn, "answer": verbAnswer, "reject": verbReject,
		"escalate": verbEscalate, "link": verbLink, "triage": verbTriage, "users": verbUsers,
		"absence": verbAbsence, "report": verbReport, "audit": verbAudit,
	}
}

// usageError is a wrong invocation (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// serveRequest runs a forwarded verb with its own output buffers.
func (ap *app) serveRequest(req request) response {
	var out, errw bytes.Buffer
	code := ap.exec(context.Background(), req, &out, &errw)
	return response{Stdout: out.String(), Stderr: errw.String(), Code: code}
}

// exec runs one verb and maps its error to the exit codes of CLI.md, with one line on stderr.
func (ap *app) exec(ctx context.Context, req request, stdout, stderr io.Writer) int {
	a, err := parseArgs(req.Args)
	if err != nil {
		fmt.Fprintln(stderr, "otklik:", err)
		return exitUsage
	}
	if len(a.pos) == 0 {
		fmt.Fprintln(stderr, "otklik: не указана команда")
		return exitUsage
	}
	f, ok := verbs[a.pos[0]]
	if !ok {
		fmt.Fprintf(stderr, "otklik: неизвестная команда %q\n", a.pos[0])
		return exitUsage
	}
	c := &call{ctx: ctx, app: ap, args: a, env: req.Env, out: stdout, errw: stderr}
	err = f(c)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "otklik:", errtext.Russian(err))
	var ue *usageError
	var se settings.Errors
	var sf *settings.Error
	switch {
	case errors.As(err, &ue), errors.As(err, &se), errors.As(err, &sf), domain.IsBadRequest(err):
		return exitUsage
	case domain.IsRefused(err):
		return exitRefused
	}
	return exitFailed
}

// login authenticates --user with OTKLIK_PASSWORD (every verb but a few needs it).
func (c *call) login() error {
	user := c.args.str("user")
	if user == "" {
		return &domain.RefusedError{Message: "нужен --user (и пароль в OTKLIK_PASSWORD)"}
	}
	pw, ok := c.env["OTKLIK_PASSWORD"]
	if !ok || pw == "" {
		return &domain.RefusedError{Message: "нужен пароль: задайте OTKLIK_PASSWORD"}
	}
	s, err := c.app.desk.Login(user, pw)
	if err != nil {
		return err
	}
	c.sess, c.userID = s, user
	return nil
}

func (c *call) json() bool { return c.args.bool("json") }

// said prints a verb's closing sentence. With --json it prints one JSON document instead (CLI.md: --json is
// machine-readable output on stdout): the sentence as "message" and the facts it names as fields of their own.
func (c *call) said(facts map[string]any, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if !c.json() {
		_, err := fmt.Fprintln(c.out, msg)
		return err
	}
	doc := map[string]any{"message": msg}
	maps.Copy(doc, facts)
	return c.printJSON(doc)
}

func (c *call) printJSON(v any) error {
	enc := json.NewEncoder(c.out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func (c *call) pos(i int, what string) (string, error) {
	if len(c.args.pos) <= i {
		return "", usagef("не указан %s", what)
	}
	return c.args.pos[i], nil
}

func verbSetup(c *call) error {
	if err := c.args.only("config", "reset-access"); err != nil {
		return usagef("%v", err)
	}
	path := c.args.str("config")
	if path == "" {
		return usagef("нужен --config ФАЙЛ.toml")
	}
	f, err := settings.Load(path)
	if err != nil {
		return err
	}
	req, err := deskconfig.SetupRequest(f)
	if err != nil {
		return err
	}
	c.app.onlyChangedExecutors(&req, f)
	if req.Source, err = os.ReadFile(path); err != nil {
		return err
	}
	fresh, err := c.app.desk.IsNew()
	if err != nil {
		return err
	}
	if admin := c.args.str("reset-access"); admin != "" {
		if err := c.app.desk.ResetAccess(req, admin); err != nil {
			return err
		}
		return c.said(map[string]any{"admin": admin}, "Доступ восстановлен: пароль %s взят из файла, пароли почты "+
			"зашифрованы заново. Остальным пользователям смените пароли (otklik users passwd ЛОГИН --user %s).", admin, admin)
	}
	// The new rules must be in force before users are created (lockout numbers, templates).
	if !fresh && c.args.str("user") != "" {
		if err := c.login(); err != nil {
			return err
		}
	}
	err = c.app.desk.Setup(c.sess, req)
	if errors.Is(err, domain.ErrUnchanged) {
		return c.said(map[string]any{"ok": true, "data": c.app.dir, "changed": false}, "Настройки не изменились: %s", c.app.dir)
	}
	if err != nil {
		return err
	}
	if err := c.app.reload(); err != nil {
		return err
	}
	return c.said(map[string]any{"ok": true, "data": c.app.dir, "changed": true, "users": len(f.Users),
		"executors": len(f.Executors)}, "Настройки применены: %s (пользователей: %d, исполнителей: %d)", c.app.dir,
		len(f.Users), len(f.Executors))
}

func verbCases(c *call) error {
	if err := c.args.only("status"); err != nil {
		return usagef("%v", err)
	}
	if err := c.login(); err != nil {
		return err
	}
	var statuses []domain.Status
	if s := c.args.str("status"); s != "" {
		st := domain.Status(s)
		if !st.Valid() {
			return usagef("неизвестный статус %q", s)
		}
		statuses = append(statuses, st)
	}
	cases, err := c.app.desk.Cases(c.userID, statuses...)
	if err != nil {
		return err
	}
	if c.json() {
		out := make([]domain.CaseJSON, 0, len(cases))
		for _, cs := range cases {
			out = append(out, c.app.desk.JSON(cs))
		}
		return c.printJSON(out)
	}
	tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "СООБЩЕНИЕ\tСТАТУС\tПОСЕЛЕНИЕ\tСРОК\tОСТАЛОСЬ\tТЕКСТ")
	for _, cs := range cases {
		j := c.app.desk.JSON(cs)
		due, left := "—", ""
		if j.NextDue != nil {
			due = dueKindRu(*j.NextDueKind) + " до " + domain.FormatDateTime(*j.NextDue)
			left = domain.FormatDuration(time.Duration(*j.RemainingWorkingMinutes) * time.Minute)
			if j.Overdue {
				left = "просрочено на " + left
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cs.ID, cs.Status, cs.Settlement, due, left, firstWords(cs.Text, 8))
	}
	return tw.Flush()
}

func dueKindRu(k string) string {
	switch k {
	case domain.DueDrafts:
		return "проекты"
	case domain.DueAnswer:
		return "ответ"
	case domain.DueFinalDrafts:
		return "окончательные проекты"
	case domain.DueFinal:
		return "окончательный ответ"
	}
	return k
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		return strings.Join(w[:n], " ") + "…"
	}
	return strings.Join(w, " ")
}

func verbCase(c *call) error {
	ref, err := c.caseArg()
	if err != nil {
		return err
	}
	if err := c.login(); err != nil {
		return err
	}
	cs, j, err := c.app.desk.CaseDetail(c.userID, ref)
	if err != nil {
		return err
	}
	if c.json() {
		return c.printJSON(j)
	}
	fmt.Fprintf(c.out, "%s · инцидент № %s · %s · %s\n", cs.ID, strings.Join(cs.IncidentIDs, ", "), domain.NetworkNames[cs.Network], cs.Status)
	fmt.Fprintf(c.out, "%s · %s · %s\n%s\n\n%s\n\n", cs.Author, cs.Source, cs.Settlement, cs.URL, cs.Text)
	fmt.Fprintf(c.out, "Срок проектов: %s · Срок ответа: %s\n", domain.FormatDateTime(cs.DraftsDue), domain.FormatDateTime(cs.AnswerDue))
	for _, t := range j.Tasks {
		fmt.Fprintf(c.out, "  %s <%s>: %s, срок %s\n", t.Name, t.Email, t.Status, domain.FormatDateTime(t.Due))
	}
	for _, e := range j.History {
		fmt.Fprintf(c.out, "  %s %s: %s %s\n", domain.FormatDateTime(e.At), e.ActorName, e.Action, e.Detail)
	}
	return nil
}

func verbCalendar(c *call) error {
	sub, err := c.pos(1, "show|import|due")
	if err != nil {
		return err
	}
	switch sub {
	case "due":
		if err := c.args.only("received", "interim-sent"); err != nil {
			return usagef("%v", err)
		}
		return calendarDue(c)
	case "show":
		return calendarShow(c)
	case "import":
		return calendarImport(c)
	}
	return usagef("calendar: show|import|due")
}

func calendarDue(c *call) error {
	loc := c.app.loc()
	rs := c.args.str("received")
	if rs == "" {
		return usagef("нужен --received ВРЕМЯ")
	}
	received, err := parseTime(rs, loc)
	if err != nil {
		return usagef("%v", err)
	}
	var interim *time.Time
	if s := c.args.str("interim-sent"); s != "" {
		t, err := parseTime(s, loc)
		if err != nil {
			return usagef("%v", err)
		}
		interim = &t
	}
	d, err := domain.ComputeDeadlines(c.app.desk.Calc(), c.app.desk.Policy().Deadlines, received, nil, interim)
	if err != nil {
		return err
	}
	ts := func(t time.Time) string { return t.In(loc).Format(time.RFC3339) }
	opt := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return ts(*t)
	}
	if c.json() {
		return c.printJSON(map[string]any{"received": ts(d.Received), "clock_start": ts(d.ClockStart),
			"drafts_due": ts(d.DraftsDue), "answer_due": ts(d.AnswerDue), "interim_sent_at": opt(d.InterimSentAt),
			"final_due": opt(d.FinalDue), "final_drafts_due": opt(d.FinalDraftsDue)})
	}
	fmt.Fprintf(c.out, "Получено:        %s\nНачало отсчёта:  %s\nСрок проектов:   %s\nСрок ответа:     %s\n",
		domain.FormatDateTime(d.Received.In(loc)), domain.FormatDateTime(d.ClockStart), domain.FormatDateTime(d.DraftsDue), domain.FormatDateTime(d.AnswerDue))
	if d.FinalDue != nil {
		fmt.Fprintf(c.out, "Окончательные проекты: %s\nОкончательный ответ:   %s\n", domain.FormatDateTime(*d.FinalDraftsDue), domain.FormatDateTime(*d.FinalDue))
	}
	return nil
}

func calendarShow(c *call) error {
	calc := c.app.desk.Calc()
	years := calc.CoveredYears()
	if len(c.args.pos) > 2 {
		y, err := strconv.Atoi(c.args.pos[2])
		if err != nil {
			return usagef("год: %v", err)
		}
		years = []int{y}
	}
	type dayOut struct {
		Date string `json:"date"`
		Kind string `json:"kind"`
		Note string `json:"name,omitempty"`
	}
	type yearOut struct {
		Year        int      `json:"year"`
		Covered     bool     `json:"covered"`
		Provisional bool     `json:"provisional"`
		Source      string   `json:"source"`
		WorkingDays int      `json:"working_days"`
		Hours       float64  `json:"working_hours"`
		DaysOff     []dayOut `json:"special_days"`
	}
	var out []yearOut
	c.app.mu.Lock()
	cal := c.app.cal
	c.app.mu.Unlock()
	for _, y := range years {
		yo := yearOut{Year: y, Covered: calc.Covered(y), Provisional: calc.Provisional(y)}
		if yr, ok := cal.Years[y]; ok {
			yo.Source = yr.Source
		}
		if !yo.Covered {
			out = append(out, yo)
			continue
		}
		for d := time.Date(y, 1, 1, 12, 0, 0, 0, calc.Location()); d.Year() == y; d = d.AddDate(0, 0, 1) {
			day, err := calc.Day(worktime.DateOf(d))
			if err != nil {
				return err
			}
			var total time.Duration
			for _, p := range day.Periods {
				total += p.Duration()
			}
			if day.Working() {
				yo.WorkingDays++
				yo.Hours += total.Hours()
			}
			wd := d.Weekday()
			weekend := wd == time.Saturday || wd == time.Sunday
			if day.Kind == worktime.Shortened || (day.Working() && weekend) || (!day.Working() && !weekend) {
				yo.DaysOff = append(yo.DaysOff, dayOut{Date: worktime.DateOf(d).String(), Kind: day.Kind.String()})
			}
		}
		out = append(out, yo)
	}
	if c.json() {
		return c.printJSON(out)
	}
	for _, yo := range out {
		if !yo.Covered {
			fmt.Fprintf(c.out, "%d: производственного календаря нет — импортируйте его (otklik calendar import ФАЙЛ)\n", yo.Year)
			continue
		}
		mark := ""
		if yo.Provisional {
			mark = " (предварительный)"
		}
		fmt.Fprintf(c.out, "%d%s: рабочих дней %d, рабочих часов %.0f; источник: %s\n", yo.Year, mark, yo.WorkingDays, yo.Hours, yo.Source)
		for _, d := range yo.DaysOff {
			fmt.Fprintf(c.out, "  %s %s\n", d.Date, d.Kind)
		}
	}
	if w := calc.MissingYearWarning(now()); w != "" {
		fmt.Fprintln(c.errw, w)
	}
	return nil
}

func calendarImport(c *call) error {
	path, err := c.pos(2, "файл календаря")
	if err != nil {
		return err
	}
	if err := c.login(); err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	years, err := c.app.importCalendar(c.userID, path, data)
	if err != nil {
		return err
	}
	return c.said(map[string]any{"years": years}, "Календарь импортирован: %v", years)
}

// importCalendar adds the years of a production calendar file (xmlcalendar XML or the JSON of ru-calendar.json) to
// the imported ones (admin only, audited) and puts them in force.
func (ap *app) importCalendar(login, name string, data []byte) ([]int, error) {
	if _, err := ap.desk.Authorize(login, domain.ActAdminister, "импорт календаря"); err != nil {
		return nil, err
	}
	incoming := &worktime.Calendar{Years: map[int]*worktime.Year{}}
	var err error
	if strings.HasSuffix(strings.ToLower(name), ".xml") {
		yr, year, err := worktime.ParseXMLCalendar(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		incoming.Years[year] = yr
	} else if incoming, err = worktime.ParseCalendarJSON(data); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var years []int
	err = ap.desk.ImportCalendar(login, func(old []byte) ([]byte, string, error) {
		merged := &worktime.Calendar{Years: map[int]*worktime.Year{}}
		if len(old) > 0 {
			prev, err := worktime.ParseCalendarJSON(old)
			if err != nil {
				return nil, "", err
			}
			merged = prev
		}
		for y, yr := range incoming.Years {
			merged.Merge(y, yr)
			years = append(years, y)
		}
		sort.Ints(years)
		b, err := worktime.MarshalCalendarJSON(merged)
		return b, fmt.Sprintf("импортирован производственный календарь %v из %s", years, name), err
	}, deskconfig.SettingImportedCalendar)
	if err != nil {
		return nil, err
	}
	return years, ap.reload()
}

func verbBackup(c *call) error {
	if err := c.args.only("out"); err != nil {
		return usagef("%v", err)
	}
	out := c.args.str("out")
	if out == "" {
		return usagef("нужен --out ФАЙЛ")
	}
	if err := c.login(); err != nil {
		return err
	}
	if _, err := c.app.desk.Authorize(c.userID, domain.ActAdminister, "резервная копия"); err != nil {
		return err
	}
	n, err := c.app.db.BackupFile(out)
	if err != nil {
		return err
	}
	c.app.desk.Record(c.userID, "backup", fmt.Sprintf("резервная копия %s (%d байт)", out, n))
	return c.said(map[string]any{"out": out, "bytes": n}, "Резервная копия: %s (%d байт)", out, n)
}

func verbRestore(c *call) error {
	path, err := c.pos(1, "файл резервной копии")
	if err != nil {
		return err
	}
	if err := c.login(); err != nil {
		return err
	}
	if _, err := c.app.desk.Authorize(c.userID, domain.ActAdminister, "восстановление"); err != nil {
		return err
	}
	if err := storage.CheckFile(path); err != nil {
		return err
	}
	safety, err := c.app.db.Restore(path)
	if err != nil {
		return err
	}
	if err := c.app.reload(); err != nil {
		return err
	}
	c.app.desk.Record(c.userID, "restore", "восстановлено из "+path+"; прежние данные сохранены в "+safety)
	return c.said(map[string]any{"restored_from": path, "previous_data": safety},
		"Восстановлено из %s. Прежние данные сохранены в %s", path, safety)
}

func verbCheck(c *call) error {
	type result struct {
		OK       bool   `json:"ok"`
		Database string `json:"database"`
		Audit    string `json:"audit"`
		Events   int    `json:"audit_events"`
		Calendar string `json:"calendar,omitempty"`
		Outbox   string `json:"outbox,omitempty"`
	}
	r := result{OK: true, Database: "в порядке", Audit: "цепочка цела"}
	if err := c.app.db.Check(); err != nil {
		r.OK, r.Database = false, err.Error()
	}
	n, err := c.app.desk.VerifyAudit()
	r.Events = n
	if err != nil {
		r.OK, r.Audit = false, err.Error()
	}
	r.Calendar = c.app.desk.Calc().MissingYearWarning(now())
	if c.json() {
		if err := c.printJSON(r); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.out, "База данных: %s\nЖурнал действий: %s (%d записей)\n", r.Database, r.Audit, r.Events)
		if r.Calendar != "" {
			fmt.Fprintln(c.out, "Календарь:", r.Calendar)
		}
	}
	if !r.OK {
		return errors.New("проверка выявила нарушения")
	}
	return nil
}
