package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"otklik/domain"
)

// printCase ends a work verb: the case JSON with --json, else one line.
func (c *call) printCase(cs *domain.Case, what string) error {
	if c.json() {
		_, j, err := c.app.desk.CaseDetail(c.userID, string(cs.ID))
		if err != nil {
			return err
		}
		return c.printJSON(j)
	}
	fmt.Fprintf(c.out, "%s: %s (статус %s)\n", cs.ID, what, cs.Status)
	return nil
}

func splitList(s []string) []string {
	var out []string
	for _, v := range s {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func verbDispatch(c *call) error {
	ref, err := c.caseArg("to", "sequential", "lead", "note")
	if err != nil {
		return err
	}
	to := splitList(c.args.all("to")) // empty: a confirmed repeat goes to the earlier case's executors (П.12)
	if err := c.login(); err != nil {
		return err
	}
	cs, err := c.app.desk.Dispatch(c.userID, ref, domain.DispatchRequest{To: to, Sequential: c.args.bool("sequential"),
		Lead: c.args.str("lead"), Note: c.args.str("note")})
	if err != nil {
		return err
	}
	return c.printCase(cs, "направлено исполнителям")
}

func verbReturn(c *call) error {
	ref, err := c.caseArg("executor", "note")
	if err != nil {
		return err
	}
	if c.args.str("executor") == "" || c.args.str("note") == "" {
		return usagef("нужны --executor и --note")
	}
	if err := c.login(); err != nil {
		return err
	}
	cs, err := c.app.desk.ReturnDraft(c.userID, ref, c.args.str("executor"), c.args.str("note"))
	if err != nil {
		return err
	}
	return c.printCase(cs, "проект возвращён на доработку")
}

func verbAnswer(c *call) error {
	ref, err := c.caseArg("kind", "text-file", "attach", "attach-draft-files")
	if err != nil {
		return err
	}
	kind := c.args.str("kind")
	if kind != domain.KindInterim && kind != domain.KindFinal {
		return usagef("нужен --kind interim|final")
	}
	if c.args.str("text-file") == "" {
		return usagef("нужен --text-file ФАЙЛ")
	}
	text, err := os.ReadFile(c.args.str("text-file"))
	if err != nil {
		return err
	}
	req := domain.AnswerRequest{Kind: kind, Text: string(text), AttachDraftFiles: c.args.bool("attach-draft-files")}
	for _, p := range c.args.all("attach") {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		req.Files = append(req.Files, domain.IncomingAttachment{Name: filepath.Base(p), ContentType: contentTypeOf(p), Data: data})
	}
	if err := c.login(); err != nil {
		return err
	}
	if before, _, err := c.app.desk.CaseDetail(c.userID, ref); err == nil {
		for _, w := range domain.AnswerWarnings(before, req) {
			fmt.Fprintln(c.errw, "ВНИМАНИЕ:", w)
		}
	}
	cs, err := c.app.desk.Answer(c.userID, ref, req)
	if err != nil {
		return err
	}
	return c.printCase(cs, "ответ согласован и поставлен в очередь в ДИП")
}

func contentTypeOf(p string) string {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".pdf":
		return "application/pdf"
	case ".mp4":
		return "video/mp4"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

func verbReject(c *call) error {
	ref, err := c.caseArg("reason", "note")
	if err != nil {
		return err
	}
	if c.args.str("reason") == "" {
		return usagef("нужен --reason %s", strings.Join(domain.RejectReasons, "|"))
	}
	if err := c.login(); err != nil {
		return err
	}
	cs, err := c.app.desk.Reject(c.userID, ref, c.args.str("reason"), c.args.str("note"))
	if err != nil {
		return err
	}
	return c.printCase(cs, "не подлежит отработке")
}

func verbEscalate(c *call) error {
	ref, err := c.caseArg("note")
	if err != nil {
		return err
	}
	if err := c.login(); err != nil {
		return err
	}
	cs, err := c.app.desk.Escalate(c.userID, ref, c.args.str("note"))
	if err != nil {
		return err
	}
	return c.printCase(cs, "доложено Главе района")
}

func verbLink(c *call) error {
	ref, err := c.caseArg("repeat-of")
	if err != nil {
		return err
	}
	if c.args.str("repeat-of") == "" {
		return usagef("нужен --repeat-of ID")
	}
	if err := c.login(); err != nil {
		return err
	}
	cs, err := c.app.desk.LinkRepeat(c.userID, ref, c.args.str("repeat-of"))
	if err != nil {
		return err
	}
	return c.printCase(cs, "отмечено как повторное к "+string(cs.RepeatOf))
}

func verbTriage(c *call) error {
	if err := c.args.only("case", "note"); err != nil {
		return usagef("%v", err)
	}
	if err := c.login(); err != nil {
		return err
	}
	sub := ""
	if len(c.args.pos) > 1 {
		sub = c.args.pos[1]
	}
	switch sub {
	case "":
		items, err := c.app.desk.TriageList(c.userID)
		if err != nil {
			return err
		}
		if c.json() {
			type item struct {
				MailID     string `json:"mail_id"`
				ReceivedAt string `json:"received_at"`
				From       string `json:"from"`
				Subject    string `json:"subject"`
				Reason     string `json:"reason"`
				Excerpt    string `json:"excerpt"`
			}
			out := []item{}
			for _, t := range items {
				out = append(out, item{t.MailID, t.ReceivedAt.In(c.app.loc()).Format(time.RFC3339), t.From, t.Subject,
					t.Reason, t.Excerpt})
			}
			return c.printJSON(out)
		}
		tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ПИСЬМО\tПОЛУЧЕНО\tОТ\tТЕМА\tПРИЧИНА")
		for _, t := range items {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.MailID, domain.FormatDateTime(t.ReceivedAt), t.From, t.Subject, t.Reason)
		}
		return tw.Flush()
	case "attach":
		id, err := c.pos(2, "MAILID")
		if err != nil {
			return err
		}
		if c.args.str("case") == "" {
			return usagef("нужен --case ID")
		}
		if err := c.app.desk.TriageAttach(c.userID, id, c.args.str("case")); err != nil {
			return err
		}
		return c.said(map[string]any{"mail_id": id, "case": c.args.str("case")}, "Письмо %s привязано к %s", id,
			c.args.str("case"))
	case "dismiss":
		id, err := c.pos(2, "MAILID")
		if err != nil {
			return err
		}
		if c.args.str("note") == "" {
			return usagef("нужен --note ТЕКСТ")
		}
		if err := c.app.desk.TriageDismiss(c.userID, id, c.args.str("note")); err != nil {
			return err
		}
		return c.said(map[string]any{"mail_id": id, "dismissed": true}, "Письмо %s разобрано: %s", id, c.args.str("note"))
	}
	return usagef("triage: [attach MAILID --case ID | dismiss MAILID --note ТЕКСТ]")
}

func verbUsers(c *call) error {
	if err := c.args.only("login", "name", "position", "role", "email"); err != nil {
		return usagef("%v", err)
	}
	sub, err := c.pos(1, "add|list|passwd|disable|enable")
	if err != nil {
		return err
	}
	if err := c.login(); err != nil {
		return err
	}
	switch sub {
	case "add":
		for _, f := range []string{"login", "name", "position", "role", "email"} {
			if c.args.str(f) == "" {
				return usagef("users add: нужны --login, --name, --position, --role и --email (нет --%s)", f)
			}
		}
		pw := c.env["OTKLIK_NEW_PASSWORD"]
		if pw == "" {
			return &domain.RefusedError{Message: "нужен пароль нового пользователя: задайте OTKLIK_NEW_PASSWORD или запустите команду в терминале"}
		}
		nu := domain.NewUser{Password: pw, User: domain.User{Login: c.args.str("login"), Name: c.args.str("name"),
			Position: c.args.str("position"), Email: c.args.str("email"), Role: domain.Role(c.args.str("role"))}}
		if err := c.app.desk.AddUser(c.sess, nu); err != nil {
			return err
		}
		return c.said(map[string]any{"login": nu.User.Login}, "Пользователь %s создан", nu.User.Login)
	case "list":
		users, err := c.app.desk.Users(c.userID)
		if err != nil {
			return err
		}
		if c.json() {
			type u struct {
				Login    string `json:"login"`
				Name     string `json:"name"`
				Position string `json:"position"`
				Email    string `json:"email"`
				Role     string `json:"role"`
				Disabled bool   `json:"disabled"`
				Locked   bool   `json:"locked"`
			}
			out := []u{}
			for _, x := range users {
				out = append(out, u{x.Login, x.Name, x.Position, x.Email, string(x.Role), x.Disabled, x.LockedUntil != nil && now().Before(*x.LockedUntil)})
			}
			return c.printJSON(out)
		}
		tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ЛОГИН\tФИО\tРОЛЬ\tE-MAIL\tСОСТОЯНИЕ")
		for _, x := range users {
			state := "активна"
			if x.Disabled {
				state = "отключена"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", x.Login, x.Name, x.Role, x.Email, state)
		}
		return tw.Flush()
	case "passwd":
		target := c.userID
		if len(c.args.pos) > 2 {
			target = c.args.pos[2]
		}
		pw := c.env["OTKLIK_NEW_PASSWORD"]
		if pw == "" {
			return &domain.RefusedError{Message: "нужен новый пароль: задайте OTKLIK_NEW_PASSWORD или запустите команду в терминале"}
		}
		if err := c.app.desk.ChangePassword(c.sess, target, pw); err != nil {
			return err
		}
		return c.said(map[string]any{"login": target}, "Пароль %s изменён", target)
	case "disable", "enable":
		target, err := c.pos(2, "логин")
		if err != nil {
			return err
		}
		if err := c.app.desk.SetDisabled(c.userID, target, sub == "disable"); err != nil {
			return err
		}
		return c.said(map[string]any{"login": target, "disabled": sub == "disable"}, "Пользователь %s: %s", target,
			map[string]string{"disable": "отключён", "enable": "включён"}[sub])
	}
	return usagef("users: add|list|passwd|disable|enable")
}

// absenceJSON is an absence period as --json prints it, in the snake_case of the other JSON outputs and with
// times in the organisation's zone.
type absenceJSON struct {
	ID            int        `json:"id"`
	Absent        string     `json:"absent"`
	Substitute    string     `json:"substitute"`
	From          time.Time  `json:"from"`
	To            time.Time  `json:"to"`
	EndedAt       *time.Time `json:"ended_at"`
	HandoverSent  bool       `json:"handover_sent"`
	EmergencyOnly bool       `json:"emergency_only"`
	CreatedBy     string     `json:"created_by"`
	CreatedAt     time.Time  `json:"created_at"`
}

func absenceView(ab domain.Absence, loc *time.Location) absenceJSON {
	j := absenceJSON{ID: ab.ID, Absent: ab.Absent, Substitute: ab.Substitute, From: ab.From.In(loc), To: ab.To.In(loc),
		HandoverSent: ab.HandoverSent, EmergencyOnly: ab.EmergencyOnly, CreatedBy: ab.CreatedBy,
		CreatedAt: ab.CreatedAt.In(loc)}
	if ab.EndedAt != nil {
		ended := ab.EndedAt.In(loc)
		j.EndedAt = &ended
	}
	return j
}

func verbAbsence(c *call) error {
	if err := c.args.only("absent", "substitute", "from", "to"); err != nil {
		return usagef("%v", err)
	}
	sub, err := c.pos(1, "add|list|end")
	if err != nil {
		return err
	}
	if err := c.login(); err != nil {
		return err
	}
	loc := c.app.loc()
	switch sub {
	case "add":
		from, err := parseTime(c.args.str("from"), loc)
		if err != nil {
			return usagef("--from: %v", err)
		}
		to, err := parseTime(c.args.str("to"), loc)
		if err != nil {
			return usagef("--to: %v", err)
		}
		absent := c.args.str("absent")
		if absent == "" {
			absent = c.userID
		}
		ab, err := c.app.desk.AddAbsence(c.userID, absent, c.args.str("substitute"), from, to)
		if err != nil {
			return err
		}
		if c.json() {
			return c.printJSON(absenceView(*ab, loc))
		}
		fmt.Fprintf(c.out, "Период отсутствия %d: %s с %s по %s, замещает %s\n", ab.ID, ab.Absent,
			domain.FormatDateTime(ab.From.In(loc)), domain.FormatDateTime(ab.To.In(loc)), ab.Substitute)
		return nil
	case "list":
		list, err := c.app.desk.Absences(c.userID)
		if err != nil {
			return err
		}
		if c.json() {
			out := []absenceJSON{}
			for _, ab := range list {
				out = append(out, absenceView(ab, loc))
			}
			return c.printJSON(out)
		}
		for _, ab := range list {
			state := ""
			if ab.EndedAt != nil {
				state = " (завершён)"
			}
			fmt.Fprintf(c.out, "%d: %s с %s по %s, замещает %s%s\n", ab.ID, ab.Absent, domain.FormatDateTime(ab.From.In(loc)),
				domain.FormatDateTime(ab.To.In(loc)), ab.Substitute, state)
		}
		return nil
	case "end":
		ids, err := c.pos(2, "номер периода")
		if err != nil {
			return err
		}
		id, err := strconv.Atoi(ids)
		if err != nil {
			return usagef("номер периода %q: нужно число", ids)
		}
		if err := c.app.desk.EndAbsence(c.userID, id); err != nil {
			return err
		}
		return c.said(map[string]any{"id": id, "ended": true}, "Период отсутствия %d завершён", id)
	}
	return usagef("absence: add|list|end")
}

// caseArg checks a case verb's flags and returns its case reference (the first positional argument).
func (c *call) caseArg(flags ...string) (string, error) {
	if err := c.args.only(flags...); err != nil {
		return "", usagef("%v", err)
	}
	return c.pos(1, "ID сообщения")
}
