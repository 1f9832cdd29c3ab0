package domain_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"otklik/assets"
	"otklik/domain"
	"otklik/internal/testdesk"
	"otklik/storage"
)

// clock is the controlled clock the tests move by hand.
type clock = testdesk.Clock

var tomsk = func() *time.Location { l, _ := time.LoadLocation("Asia/Tomsk"); return l }()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, tomsk)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	coordPass = "Kozh-2026-ab!Coord"
	subPass   = "Kozh-2026-ab!Subst"
	superPass = "Kozh-2026-ab!Super"
	adminPass = "Kozh-2026-ab!Admin"
)

// newDesk builds the real service over a real bbolt file, with the embedded calendar and templates.
func newDesk(t testing.TB, now time.Time) (*domain.Desk, *storage.DB, *clock) {
	t.Helper()
	db := testdesk.Store(t)
	p := testdesk.Policy(tomsk)
	p.LockoutAttempts = 3
	p.SignificanceKeywords = []string{"школа", "отопление"}
	clk := testdesk.NewClock(now)
	desk := testdesk.New(t, db, clk, p)
	err := desk.Setup(nil, domain.SetupRequest{
		Users: []domain.NewUser{
			{User: domain.User{Login: "koordinator", Name: "Бирюкова Ирина Александровна", Position: "Специалист", Email: "koordinator@example.ru", Role: domain.RoleCoordinator}, Password: coordPass},
			{User: domain.User{Login: "maslova", Name: "Маслова Елена Андреевна", Position: "Юрист", Email: "maslova@example.ru", Role: domain.RoleSubstitute}, Password: subPass},
			{User: domain.User{Login: "upravdel", Name: "Савельева Вера Ивановна", Position: "Управляющий делами", Email: "upravdel@example.ru", Role: domain.RoleSupervisor}, Password: superPass},
			{User: domain.User{Login: "admin", Name: "Отдел информатизации", Position: "Администратор", Email: "it@example.ru", Role: domain.RoleAdmin}, Password: adminPass},
		},
		Executors: []domain.Executor{
			{Login: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Position: "Заместитель Главы по ЖКХ", Email: "zhkh@example.ru", Active: true},
			{Login: "urtam", Name: "Петрова Анна Викторовна", Position: "Глава Уртамского поселения", Email: "urtam@example.ru", Active: true},
			{Login: "school", Name: "Сидоров Олег", Position: "Начальник отдела образования", Email: "edu@example.ru", Active: true},
		},
		Secrets:     domain.MailSecrets{IMAPPassword: "imap-secret-1", SMTPPassword: "smtp-secret-2"},
		SettingsDoc: []byte(`{}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	return desk, db, clk
}

// notice is a synthetic Department notice with one incident.
func notice(uid uint32, number string, received time.Time) domain.Incoming {
	return domain.Incoming{Mailbox: "INBOX", UIDValidity: 1, UID: uid, InternalDate: received,
		Raw: []byte("notice " + number), Hash: "hash-" + number, MessageID: "notice-" + number + "@dip.tomsk.example",
		From: "monitoring@dip.tomsk.example", Subject: "Инцидент № " + number, FromDepartment: true,
		Incidents: []domain.Incident{{Number: number, Network: "vk", URL: "https://vk.com/wall-1_" + number,
			Author: "Сергей Мальцев", Settlement: "Кожевниково", Category: "Дороги", Text: "Когда почистят дорогу?"}}}
}

func ingest(t testing.TB, d *domain.Desk, m ...domain.Incoming) domain.IngestResult {
	t.Helper()
	res, err := d.Ingest(m, domain.SyncState{Mailbox: "INBOX", UIDValidity: 1, LastUID: m[len(m)-1].UID})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// П.7, П.8: a notice becomes a case whose deadlines count from INTERNALDATE in working time.
func TestIngestNoticeDeadlines(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	res := ingest(t, d, notice(1, "4512937", at("2026-01-13T10:22")))
	if len(res.NewCases) != 1 || res.NewCases[0] != "ОТК-2026-0001" {
		t.Fatalf("new cases %v", res.NewCases)
	}
	c, j, err := d.CaseDetail("koordinator", "OTK-2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	if !c.AnswerDue.Equal(at("2026-01-14T09:22")) || !c.DraftsDue.Equal(at("2026-01-13T16:22")) {
		t.Fatalf("answer due %v drafts due %v", c.AnswerDue, c.DraftsDue)
	}
	if *j.NextDueKind != domain.DueDrafts || *j.RemainingWorkingMinutes != 292 || j.Overdue {
		t.Fatalf("next due %v %v %v", *j.NextDueKind, *j.RemainingWorkingMinutes, j.Overdue)
	}
	// The same notice again (a second delivery or a rescan) is one case.
	res = ingest(t, d, notice(2, "4512937", at("2026-01-13T10:23")))
	if len(res.NewCases) != 0 {
		t.Fatalf("duplicate delivery made cases %v", res.NewCases)
	}
	if _, _, err := d.CaseDetail("koordinator", "4512937"); err != nil {
		t.Fatalf("lookup by incident number: %v", err)
	}
}

// П.6, П.8, П.9: dispatch → draft → interim answer → final; every step is state + audit + mail in one commit.
func TestCaseLifecycle(t *testing.T) {
	d, db, clk := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "4512937", at("2026-01-13T10:22")))
	c, err := d.Dispatch("koordinator", "ОТК-2026-0001", domain.DispatchRequest{To: []string{"zam-zhkh", "urtam"}, Sequential: true, Note: "срочно"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != domain.StatusDispatched || c.Tasks[0].Status != domain.TaskQueued || c.Tasks[1].Status != domain.TaskPending || !c.Tasks[0].Lead {
		t.Fatalf("after dispatch: %s %+v", c.Status, c.Tasks)
	}
	items, _ := d.ClaimOutbox(10)
	if len(items) != 1 || items[0].To[0] != "zhkh@example.ru" || !strings.Contains(items[0].Subject, "[ОТК-2026-0001]") ||
		!strings.Contains(items[0].Text, "13.01.2026 16:22") || items[0].ReplyTo != "koordinator@example.ru" {
		t.Fatalf("task mail %+v", items)
	}
	if err := d.OutboxDone(domain.OutboxResult{ID: items[0].ID}); err != nil {
		t.Fatal(err)
	}
	// The executor replies in the thread of the task e-mail. The clock has a fraction of a second, as a real one.
	clk.Set(at("2026-01-13T14:00").Add(700 * time.Millisecond))
	reply := domain.Incoming{Mailbox: "INBOX", UIDValidity: 1, UID: 5, InternalDate: at("2026-01-13T13:55"), Raw: []byte("r"),
		Hash: "h-reply", MessageID: "reply-1@example.ru", InReplyTo: []string{items[0].MessageID}, From: "zhkh@example.ru",
		Subject: "Re: " + items[0].Subject, Text: "Дорогу почистят завтра.\n\n> цитата", QuotedStripped: "Дорогу почистят завтра.",
		Attachments: []domain.IncomingAttachment{{Name: "yama.jpg", ContentType: "image/jpeg", Data: []byte("jpeg")}}}
	res := ingest(t, d, reply)
	if len(res.Drafts) != 1 {
		t.Fatalf("reply not recorded as a draft: %+v", res)
	}
	c, _, _ = d.CaseDetail("koordinator", "ОТК-2026-0001")
	if c.Status != domain.StatusDraftsReceived || c.Drafts[0].Text != "Дорогу почистят завтра." || c.Tasks[1].Status != domain.TaskQueued {
		t.Fatalf("after draft: %s %+v %+v", c.Status, c.Drafts, c.Tasks)
	}
	// П.11: the next executor in sequence got the task with the earlier part attached: its text and its photo.
	items, _ = d.ClaimOutbox(10)
	if len(items) != 1 || items[0].To[0] != "urtam@example.ru" || !strings.Contains(items[0].Text, "Дорогу почистят завтра.") {
		t.Fatalf("sequential task mail %+v", items)
	}
	if n := len(items[0].Attachments); n == 0 || items[0].Attachments[n-1].Name != "yama.jpg" {
		t.Fatalf("sequential task mail without the earlier part's photo: %+v", items[0].Attachments)
	}
	_ = d.OutboxDone(domain.OutboxResult{ID: items[0].ID})

	c, err = d.Answer("koordinator", "ОТК-2026-0001", domain.AnswerRequest{Kind: domain.KindInterim, Text: "Работы запланированы."})
	if err != nil {
		t.Fatal(err)
	}
	// П.10: end of the 7th working day after 13.01.2026 is 22.01.2026 18:00; final drafts 2 working hours before.
	if c.Status != domain.StatusInterimSent || !c.FinalDue.Equal(at("2026-01-22T18:00")) || !c.FinalDraftsDue.Equal(at("2026-01-22T16:00")) {
		t.Fatalf("after interim: %s final %v drafts %v", c.Status, c.FinalDue, c.FinalDraftsDue)
	}
	// CLI.md: times are RFC 3339 with the organisation's offset, like 2026-01-14T09:22:00+07:00 (whole seconds).
	if _, j, _ := d.CaseDetail("koordinator", "ОТК-2026-0001"); j.InterimSentAt == nil ||
		j.InterimSentAt.Format(time.RFC3339Nano) != "2026-01-13T14:00:00+07:00" {
		t.Fatalf("interim_sent_at %v, want 2026-01-13T14:00:00+07:00", j.InterimSentAt)
	}
	items, _ = d.ClaimOutbox(10)
	var answer *domain.OutboxItem
	notices := 0
	for i := range items {
		if items[i].Kind == domain.MailAnswer {
			answer = &items[i]
		}
		// REQUIREMENTS mail conventions: what the program sends by itself is marked so (RFC 3834).
		if items[i].Kind == domain.MailFinalNotice {
			notices++
			if items[i].Headers["Auto-Submitted"] != "auto-generated" {
				t.Errorf("final-drafts notice without Auto-Submitted: %v", items[i].Headers)
			}
		}
	}
	if notices == 0 {
		t.Error("no final-drafts notice to the executors after the interim answer")
	}
	if answer == nil || answer.InReplyTo != "notice-4512937@dip.tomsk.example" || answer.To[0] != "monitoring@dip.tomsk.example" {
		t.Fatalf("answer mail %+v", answer)
	}
	if _, err := d.Answer("koordinator", "ОТК-2026-0001", domain.AnswerRequest{Kind: domain.KindInterim, Text: "ещё"}); !domain.IsRefused(err) {
		t.Fatalf("second interim answer: %v", err)
	}
	if _, err := d.Reject("koordinator", "ОТК-2026-0001", domain.ReasonObscene, ""); !domain.IsRefused(err) {
		t.Fatalf("reject after interim: %v", err)
	}
	c, err = d.Answer("koordinator", "ОТК-2026-0001", domain.AnswerRequest{Kind: domain.KindFinal, Text: "Дорога очищена."})
	if err != nil || c.Status != domain.StatusFinalSent {
		t.Fatalf("final: %v %v", err, c.Status)
	}
	if _, _, ok := c.NextDue(); ok {
		t.Fatal("closed case still has a deadline")
	}
	if n, err := d.VerifyAudit(); err != nil || n < 8 {
		t.Fatalf("audit chain %d %v", n, err)
	}
	// REQUIREMENTS, audit log ("who, when, what"): every event of the walk says in Russian what happened. The
	// window's history shows the detail; a bare action code like "status" would be shown as it is.
	_, j, err := d.CaseDetail("koordinator", "ОТК-2026-0001")
	if err != nil || len(j.History) < 6 {
		t.Fatalf("history: %v %d events", err, len(j.History))
	}
	for _, e := range j.History {
		if !strings.ContainsFunc(e.Detail, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
			t.Errorf("history event %q has no Russian detail: %q", e.Action, e.Detail)
		}
	}
	_ = db
}

// CLI.md transitions: answer before dispatch, reject only before an interim answer, escalate all but rejected.
func TestTransitions(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")), notice(2, "2", at("2026-01-13T10:23")))
	if _, err := d.Reject("koordinator", "1", "spam", ""); err == nil {
		t.Fatal("unknown reason accepted")
	}
	c, err := d.Reject("koordinator", "1", domain.ReasonObscene, "мат")
	if err != nil || c.Status != domain.StatusRejected || c.RejectReason != domain.ReasonObscene {
		t.Fatalf("reject: %v %+v", err, c)
	}
	if _, err := d.Escalate("koordinator", "1", ""); !domain.IsRefused(err) {
		t.Fatalf("escalate rejected: %v", err)
	}
	if _, err := d.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"zam-zhkh"}}); !domain.IsRefused(err) {
		t.Fatalf("dispatch rejected: %v", err)
	}
	c, err = d.Answer("koordinator", "2", domain.AnswerRequest{Kind: domain.KindFinal, Text: "Ответ без исполнителей."})
	if err != nil || c.Status != domain.StatusFinalSent {
		t.Fatalf("answer without executors: %v", err)
	}
	if _, err := d.ReturnDraft("koordinator", "2", "zam-zhkh", "доработать"); !domain.IsRefused(err) {
		t.Fatalf("return without a draft: %v", err)
	}
	if c, err := d.LinkRepeat("koordinator", "2", "1"); err != nil || c.RepeatOf != "ОТК-2026-0001" {
		t.Fatalf("link: %v", err)
	}
	if _, _, err := d.CaseDetail("koordinator", "ОТК-2026-0999"); err == nil {
		t.Fatal("unknown case found")
	}
}

// Р.2–Р.4, CLI.md rights: supervisor reads only; a substitute works only inside an absence naming her.
func TestRights(t *testing.T) {
	d, _, clk := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")))
	if _, err := d.Dispatch("upravdel", "1", domain.DispatchRequest{To: []string{"zam-zhkh"}}); !domain.IsRefused(err) {
		t.Fatalf("supervisor dispatched: %v", err)
	}
	if _, err := d.Cases("upravdel"); err != nil {
		t.Fatalf("supervisor cannot read: %v", err)
	}
	if _, err := d.Escalate("maslova", "1", ""); !domain.IsRefused(err) {
		t.Fatalf("substitute outside absence escalated: %v", err)
	}
	if _, err := d.Escalate("admin", "1", ""); !domain.IsRefused(err) {
		t.Fatalf("admin worked a case: %v", err)
	}
	if _, err := d.AddAbsence("koordinator", "koordinator", "maslova", at("2026-01-13T11:00"), at("2026-01-20T09:00")); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Escalate("maslova", "1", ""); !domain.IsRefused(err) {
		t.Fatalf("substitute before the absence began: %v", err)
	}
	clk.Set(at("2026-01-13T11:05"))
	if _, _, err := d.Tick(); err != nil {
		t.Fatal(err)
	}
	items, _ := d.ClaimOutbox(10)
	if len(items) != 1 || items[0].Kind != domain.MailHandover || items[0].To[0] != "maslova@example.ru" || !strings.Contains(items[0].Text, "ОТК-2026-0001") {
		t.Fatalf("handover mail %+v", items)
	}
	c, err := d.Escalate("maslova", "1", "")
	if err != nil {
		t.Fatalf("substitute inside absence: %v", err)
	}
	_ = c
	items, _ = d.ClaimOutbox(10)
	if len(items) != 1 || !strings.Contains(items[0].Text, "исполняющая обязанности координатора за Бирюкову Ирину Александровну") {
		t.Fatalf("escalation not signed as acting: %+v", items)
	}
	_, j, _ := d.CaseDetail("koordinator", "1")
	last := j.History[len(j.History)-1]
	if last.Actor != "maslova" || last.ActingFor != "koordinator" || last.ActorName != "Маслова Е. А. за Бирюкову И. А." {
		t.Fatalf("audit of acting: %+v", last)
	}
	// CLI.md rights: absence add|end is not the substitute's even while she acts; the refusal says she is inside
	// the absence (it used to say "outside").
	if err := d.EndAbsence("maslova", 1); !domain.IsRefused(err) || !strings.Contains(err.Error(), "в период отсутствия") {
		t.Fatalf("substitute ending the absence she acts in: %v", err)
	}
	clk.Set(at("2026-01-20T09:00"))
	if _, err := d.Escalate("maslova", "1", ""); !domain.IsRefused(err) {
		t.Fatalf("substitute after the absence: %v", err)
	}
	var refusals int
	_ = d.View("admin", func(tx domain.Tx, _ domain.Actor) error {
		return tx.AuditEvents(func(e domain.AuditEvent) error {
			if e.Action == "refused" {
				refusals++
			}
			return nil
		})
	})
	if refusals < 4 {
		t.Fatalf("refusals audited: %d", refusals)
	}
}

// DC: argon2id login, lockout after repeated failures (timed), and the data key that opens the mail passwords.
func TestLoginLockoutAndSecrets(t *testing.T) {
	d, db, clk := newDesk(t, at("2026-01-13T10:30"))
	s, err := d.Login("koordinator", coordPass)
	if err != nil {
		t.Fatal(err)
	}
	sec, err := d.Secrets(s)
	if err != nil || sec.IMAPPassword != "imap-secret-1" || sec.SMTPPassword != "smtp-secret-2" {
		t.Fatalf("secrets %+v %v", sec, err)
	}
	for i := 0; i < 3; i++ {
		if _, err := d.Login("koordinator", "wrong-password-1"); !domain.IsRefused(err) {
			t.Fatalf("wrong password: %v", err)
		}
	}
	if _, err := d.Login("koordinator", coordPass); !domain.IsRefused(err) || !strings.Contains(err.Error(), "заблокирована") {
		t.Fatalf("locked account logged in: %v", err)
	}
	clk.Add(16 * time.Minute)
	if _, err := d.Login("koordinator", coordPass); err != nil {
		t.Fatalf("after lockout: %v", err)
	}
	// A copied database file holds no plain-text mail password.
	var buf strings.Builder
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"imap-secret-1", "smtp-secret-2", coordPass} {
		if strings.Contains(buf.String(), secret) {
			t.Fatalf("database holds %q in plain text", secret)
		}
	}
	// Changing the password reseals the data key.
	if err := d.ChangePassword(s, "koordinator", "New-Password-2026"); err != nil {
		t.Fatal(err)
	}
	s2, err := d.Login("koordinator", "New-Password-2026")
	if err != nil {
		t.Fatal(err)
	}
	if sec, err := d.Secrets(s2); err != nil || sec.IMAPPassword != "imap-secret-1" {
		t.Fatalf("secrets after passwd: %v", err)
	}
	if err := d.ChangePassword(s2, "admin", "Other-Password-2026"); !domain.IsRefused(err) {
		t.Fatalf("coordinator changed admin's password: %v", err)
	}
}

// DC: the audit chain names the first altered, deleted or reordered record.
func TestAuditChainTamper(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")))
	var events []domain.AuditEvent
	_ = d.View("admin", func(tx domain.Tx, _ domain.Actor) error {
		return tx.AuditEvents(func(e domain.AuditEvent) error { events = append(events, e); return nil })
	})
	if err := domain.VerifyChain(events); err != nil {
		t.Fatal(err)
	}
	edited := append([]domain.AuditEvent{}, events...)
	edited[1].Detail = "подделка"
	if err := domain.VerifyChain(edited); err == nil || !strings.Contains(err.Error(), "записи 2") {
		t.Fatalf("edit not caught: %v", err)
	}
	deleted := append(append([]domain.AuditEvent{}, events[:1]...), events[2:]...)
	if err := domain.VerifyChain(deleted); err == nil {
		t.Fatal("deletion not caught")
	}
	reordered := append([]domain.AuditEvent{}, events...)
	reordered[1], reordered[2] = reordered[2], reordered[1]
	if err := domain.VerifyChain(reordered); err == nil {
		t.Fatal("reorder not caught")
	}
}

// П.8: one reminder inside working hours before the executor's due time; an overdue notice after it.
func TestRemindersAndOverdue(t *testing.T) {
	d, _, clk := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22"))) // drafts due 16:22
	if _, err := d.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatal(err)
	}
	items, _ := d.ClaimOutbox(10)
	_ = d.OutboxDone(domain.OutboxResult{ID: items[0].ID})
	clk.Set(at("2026-01-13T15:00"))
	if r, o, _ := d.Tick(); r != 0 || o != 0 {
		t.Fatalf("early tick: %d reminders %d overdue", r, o)
	}
	clk.Set(at("2026-01-13T15:30"))
	if r, _, _ := d.Tick(); r != 1 {
		t.Fatalf("reminder not sent: %d", r)
	}
	if r, _, _ := d.Tick(); r != 0 {
		t.Fatal("second reminder for the same due time")
	}
	items, _ = d.ClaimOutbox(10)
	if len(items) != 1 || items[0].Headers["Auto-Submitted"] != "auto-generated" || items[0].InReplyTo == "" {
		t.Fatalf("reminder mail %+v", items)
	}
	clk.Set(at("2026-01-13T16:22"))
	if _, o, _ := d.Tick(); o != 1 {
		t.Fatalf("overdue notice not sent: %d", o)
	}
	if _, o, _ := d.Tick(); o != 0 {
		t.Fatal("second overdue notice")
	}
}

// Nothing is lost: an item found "sending" after a crash is shown as "may have been sent" when the sender had
// begun on it, never re-sent silently; one the sender never began on goes back to the queue.
func TestOutboxRecovery(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")))
	if _, err := d.Escalate("koordinator", "1", ""); err != nil {
		t.Fatal(err)
	}
	items, _ := d.ClaimOutbox(10)
	if len(items) != 1 {
		t.Fatal("no escalation mail")
	}
	// Claimed, never begun on: requeued, with its attempt given back.
	if n, err := d.RecoverOutbox(); n != 0 || err != nil {
		t.Fatalf("recover of an item never begun on: %d %v", n, err)
	}
	items, _ = d.ClaimOutbox(10)
	if len(items) != 1 || items[0].Attempts != 1 {
		t.Fatalf("requeued item %+v", items)
	}
	if err := d.OutboxAttempt(items[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := d.RecoverOutbox(); n != 1 || err != nil {
		t.Fatalf("recover %d %v", n, err)
	}
	if again, _ := d.ClaimOutbox(10); len(again) != 0 {
		t.Fatal("uncertain item claimed again")
	}
	if err := d.RetryOutbox("koordinator", items[0].ID); err != nil {
		t.Fatal(err)
	}
	again, _ := d.ClaimOutbox(10)
	if len(again) != 1 || again[0].MessageID != items[0].MessageID {
		t.Fatalf("retried item %+v", again)
	}
	// A temporary refusal waits and retries; a permanent one fails with the server's reason.
	_ = d.OutboxDone(domain.OutboxResult{ID: again[0].ID, Err: errors.New("451"), Temporary: true, Reason: "451 try later"})
	if later, _ := d.ClaimOutbox(10); len(later) != 0 {
		t.Fatal("retried before the backoff")
	}
}

// П.12: a confirmed repeat is dispatched by default to the earlier case's executors, its task says it is a repeat,
// and an answer without the measures taken is warned about.
func TestRepeatDefaults(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "4512937", at("2026-01-13T10:22")))
	if _, err := d.Dispatch("koordinator", "4512937", domain.DispatchRequest{To: []string{"urtam", "zam-zhkh"}}); err != nil {
		t.Fatal(err)
	}
	d.ClaimOutbox(10)
	rep := notice(2, "4538802", at("2026-01-20T11:05"))
	rep.Incidents[0].RelatedNumbers = []string{"4512937"}
	ingest(t, d, rep)
	c, _, _ := d.CaseDetail("koordinator", "4538802")
	if c.SuggestedRepeatOf != "ОТК-2026-0001" {
		t.Fatalf("suggested repeat %q", c.SuggestedRepeatOf)
	}
	if _, err := d.Dispatch("koordinator", "4538802", domain.DispatchRequest{}); err == nil {
		t.Fatal("dispatch without executors before the repeat is confirmed")
	}
	if _, err := d.LinkRepeat("koordinator", "4538802", "4512937"); err != nil {
		t.Fatal(err)
	}
	c, err := d.Dispatch("koordinator", "4538802", domain.DispatchRequest{})
	if err != nil || len(c.Tasks) != 2 || c.Tasks[0].Executor != "urtam" || c.Tasks[1].Executor != "zam-zhkh" {
		t.Fatalf("repeat dispatch: %v %+v", err, c.Tasks)
	}
	items, _ := d.ClaimOutbox(10)
	if !strings.Contains(items[0].Subject, "ПОВТОРНОЕ") || !strings.Contains(items[0].Text, "принятые меры") {
		t.Fatalf("repeat task mail: %s\n%s", items[0].Subject, items[0].Text)
	}
	if w := domain.AnswerWarnings(c, domain.AnswerRequest{Text: "Спасибо за обращение."}); len(w) != 1 {
		t.Fatalf("warnings %v", w)
	}
	if w := domain.AnswerWarnings(c, domain.AnswerRequest{Text: "Приняты меры: дорога очищена."}); len(w) != 0 {
		t.Fatalf("warnings %v", w)
	}
	// П.13: a draft's photo left out of the answer is said; attached (from the drafts or chosen), it is not.
	c.Drafts = append(c.Drafts, domain.Draft{Executor: "urtam", Text: "Сделано.",
		Attachments: []domain.Attachment{{Name: "yama.jpg", ContentType: "image/jpeg"}}})
	text := "Приняты меры: дорога очищена."
	if w := domain.AnswerWarnings(c, domain.AnswerRequest{Text: text}); len(w) != 1 || !strings.Contains(w[0], "фото") {
		t.Fatalf("the draft's photo left out: warnings %v", w)
	}
	if w := domain.AnswerWarnings(c, domain.AnswerRequest{Text: text, AttachDraftFiles: true}); len(w) != 0 {
		t.Fatalf("the draft's photo attached: warnings %v", w)
	}
	if w := domain.AnswerWarnings(c, domain.AnswerRequest{Text: text, Files: []domain.IncomingAttachment{
		{Name: "after.png", ContentType: "image/png"}}}); len(w) != 0 {
		t.Fatalf("a photo chosen: warnings %v", w)
	}
	// The answer's e-mail to the Department has the repeat's section (REQUIREMENTS lifecycle 6).
	if _, err := d.Answer("koordinator", "4538802", domain.AnswerRequest{Kind: domain.KindInterim, Text: text}); err != nil {
		t.Fatal(err)
	}
	items, _ = d.ClaimOutbox(20)
	found := false
	for _, it := range items {
		found = found || it.Kind == domain.MailAnswer &&
			strings.Contains(it.Text, "Повторное сообщение (п. 12 Положения), ранее — "+string(c.RepeatOf)+": ответ сообщает о принятых мерах")
	}
	if !found {
		t.Fatalf("the answer's e-mail has no repeat section: %+v", items)
	}
}

// П.6: a parallel dispatch to several executors records each task's own Message-ID, so each reply is matched by
// its thread (a regression: tasks were once queued through pointers into a slice that moved while growing).
func TestParallelDispatchThreadsEachTask(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")))
	c, err := d.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"zam-zhkh", "urtam", "school"}})
	if err != nil {
		t.Fatal(err)
	}
	items, _ := d.ClaimOutbox(10)
	if len(items) != 3 {
		t.Fatalf("%d task mails", len(items))
	}
	for i, task := range c.Tasks {
		if len(task.MessageIDs) != 1 || task.MessageIDs[0] != items[i].MessageID {
			t.Fatalf("task %d message ids %v, mail %s", i, task.MessageIDs, items[i].MessageID)
		}
	}
	reply := domain.Incoming{UID: 9, InternalDate: at("2026-01-13T12:00"), Hash: "r2", MessageID: "r2@x",
		InReplyTo: []string{items[1].MessageID}, From: "urtam@example.ru", Text: "Проект", Raw: []byte("r")}
	ingest(t, d, reply)
	c, _, _ = d.CaseDetail("koordinator", "1")
	if c.Tasks[1].Status != domain.TaskDraftReceived || c.Tasks[1].NeedsConfirmation {
		t.Fatalf("reply by thread: %+v", c.Tasks[1])
	}
}

// CLI.md reopen: a Department message in the thread of our answer without a new incident number reopens a closed
// case with the clock restarted from its receipt; a message with a new number is a new case even in that thread.
func TestReopenByDepartmentFollowUp(t *testing.T) {
	d, _, clk := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "4512937", at("2026-01-13T10:22")))
	c, err := d.Answer("koordinator", "4512937", domain.AnswerRequest{Kind: domain.KindFinal, Text: "Дорога очищена."})
	if err != nil {
		t.Fatal(err)
	}
	answerID := c.Answers[0].MessageID
	clk.Set(at("2026-01-15T11:00"))
	followUp := domain.Incoming{UID: 7, InternalDate: at("2026-01-15T10:50"), Raw: []byte("f"), Hash: "f1",
		MessageID: "f1@dip.tomsk.example", InReplyTo: []string{answerID}, From: "monitoring@dip.tomsk.example",
		Subject: "Re: возвращено на доработку", FromDepartment: true}
	res := ingest(t, d, followUp)
	if len(res.Reopened) != 1 {
		t.Fatalf("not reopened: %+v", res)
	}
	c, _, _ = d.CaseDetail("koordinator", "4512937")
	if c.Status != domain.StatusNew || c.ReopenedAt == nil || !c.ClockStart.Equal(at("2026-01-15T10:50")) ||
		!c.AnswerDue.Equal(at("2026-01-16T09:50")) || c.FinalSentAt != nil {
		t.Fatalf("reopened case: %s clock %v answer %v", c.Status, c.ClockStart, c.AnswerDue)
	}
	if len(c.Answers) != 1 {
		t.Fatal("earlier answers must stay in the history")
	}
	fresh := notice(8, "4999999", at("2026-01-15T11:10"))
	fresh.InReplyTo = []string{answerID}
	res = ingest(t, d, fresh)
	if len(res.NewCases) != 1 || len(res.Reopened) != 0 {
		t.Fatalf("a new incident number in the thread: %+v", res)
	}
}

// DC first run: the window creates the administrator on an empty folder, once; her login unlocks a data key.
func TestCreateFirstAdmin(t *testing.T) {
	d := testdesk.New(t, testdesk.Store(t), testdesk.NewClock(at("2026-01-13T10:00")),
		domain.Policy{Location: tomsk, Templates: assets.Templates()})
	if fresh, _ := d.IsNew(); !fresh {
		t.Fatal("an empty folder is not new")
	}
	admin := domain.NewUser{User: domain.User{Login: "admin", Name: "Отдел информатизации"}, Password: "short"}
	if err := d.CreateFirstAdmin(admin); err == nil {
		t.Fatal("a weak password was accepted")
	}
	admin.Password = "First-Admin-2026"
	if err := d.CreateFirstAdmin(admin); err != nil {
		t.Fatal(err)
	}
	s, err := d.Login("admin", "First-Admin-2026")
	if err != nil || s.DataKey == nil {
		t.Fatalf("first admin login: %v", err)
	}
	if err := d.CreateFirstAdmin(domain.NewUser{User: domain.User{Login: "intruder", Name: "x"}, Password: "Intruder-2026-x"}); !domain.IsRefused(err) {
		t.Fatalf("a second first admin: %v", err)
	}
	if d.InstalledAt().IsZero() {
		t.Fatal("installation time not recorded")
	}
}

// The notice's attachments and the raw e-mail are kept and given back only through their case.
func TestAttachmentAndRawNotice(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	n := notice(1, "1", at("2026-01-13T10:22"))
	n.Attachments = []domain.IncomingAttachment{{Name: "foto.png", ContentType: "image/png", Data: []byte("PNG")}}
	ingest(t, d, n)
	c, _, _ := d.CaseDetail("koordinator", "1")
	data, err := d.Attachment("upravdel", "1", c.Attachments[0].BlobID)
	if err != nil || string(data) != "PNG" {
		t.Fatalf("attachment %q %v", data, err)
	}
	if _, err := d.Attachment("koordinator", "1", "not-a-blob"); err == nil {
		t.Fatal("a blob outside the case was served")
	}
	raw, err := d.RawNotice("koordinator", "1")
	if err != nil || string(raw) != "notice 1" {
		t.Fatalf("raw %q %v", raw, err)
	}
}

// Настройки: an administrator changes an e-mail template; it is previewed on a real case, checked before it is
// stored, used for the next e-mail, and "" restores the shipped one.
func TestTemplates(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	p := d.Policy()
	p.ShippedTemplates = assets.Templates()
	d.Reconfigure(nil, p)
	ingest(t, d, notice(1, "4512937", at("2026-01-13T10:22")))
	text := `{{define "subject"}}[{{.Case.ID}}] Срочно: {{.Incidents}}{{end}}{{define "body"}}Срок {{.Due}}{{end}}`
	subject, body, err := d.PreviewTemplate("admin", domain.MailTask, text, "4512937")
	if err != nil || subject != "[ОТК-2026-0001] Срочно: 4512937" || body != "Срок 13.01.2026 16:22" {
		t.Fatalf("preview %q %q %v", subject, body, err)
	}
	if err := d.SaveTemplate("admin", domain.MailTask, `{{define "subject"}}{{.NoSuchField}}{{end}}`); err == nil {
		t.Fatal("a broken template was stored")
	}
	if err := d.SaveTemplate("koordinator", domain.MailTask, text); !domain.IsRefused(err) {
		t.Fatalf("the coordinator changed a template: %v", err)
	}
	if err := d.SaveTemplate("admin", domain.MailTask, text); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Dispatch("koordinator", "4512937", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatal(err)
	}
	items, _ := d.ClaimOutbox(10)
	if items[0].Subject != "[ОТК-2026-0001] Срочно: 4512937" {
		t.Fatalf("the changed template was not used: %q", items[0].Subject)
	}
	if err := d.SaveTemplate("admin", domain.MailTask, ""); err != nil || d.Policy().Templates[domain.MailTask] != assets.Templates()[domain.MailTask] {
		t.Fatalf("restoring the shipped template: %v", err)
	}
}

// П.12: the same author in the same settlement with a similar text within the repeat window is proposed as a
// repeat, even without an incident number or the same link; a different text, author, settlement, or a case
// older than the window is not. A closed earlier case still counts: a citizen writes again after the answer.
func TestRepeatByAuthorAndText(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-20T10:30"))
	p := d.Policy()
	p.RepeatWindowDays = 90
	d.Reconfigure(nil, p)
	road := "Когда почистят дорогу на Октябрьской? Неделю назад грейдер прошёл по центру, а у нас колея."
	again := "Опять не почистили дорогу на Октябрьской, колея по колено, грейдер так и не приехал."
	old := notice(1, "100000", at("2025-09-01T10:00")) // 141 days before: outside the window
	old.Incidents[0].Text, old.Incidents[0].Author = road, "Иван Старов"
	first := notice(2, "100001", at("2026-01-13T10:22"))
	first.Incidents[0].Text = road
	ingest(t, d, old, first)
	if _, err := d.Reject("koordinator", "100001", domain.ReasonOutOfScope, "проверка"); err != nil {
		t.Fatal(err)
	}
	repeat := notice(3, "100002", at("2026-01-20T10:00"))
	repeat.Incidents[0].Text = again
	other := notice(4, "100003", at("2026-01-20T10:05"))
	other.Incidents[0].Text = "Нет света на улице Ленина третий день."
	elsewhere := notice(5, "100004", at("2026-01-20T10:06"))
	elsewhere.Incidents[0].Text, elsewhere.Incidents[0].Settlement = again, "Уртам"
	stranger := notice(6, "100005", at("2026-01-20T10:07"))
	stranger.Incidents[0].Text, stranger.Incidents[0].Author = again, "Ольга Петрова"
	late := notice(7, "100006", at("2026-01-20T10:08"))
	late.Incidents[0].Text, late.Incidents[0].Author = again, "Иван Старов"
	ingest(t, d, repeat, other, elsewhere, stranger, late)
	want := map[string]domain.CaseID{"100000": "", "100001": "", "100002": "ОТК-2026-0001", "100003": "",
		"100004": "", "100005": "", "100006": ""}
	for number, w := range want {
		c, _, err := d.CaseDetail("koordinator", number)
		if err != nil {
			t.Fatal(err)
		}
		if c.SuggestedRepeatOf != w {
			t.Errorf("incident %s (%s, %s): suggested repeat %q, want %q", number, c.Author, c.Settlement, c.SuggestedRepeatOf, w)
		}
	}
}

// П.17: three open cases about one settlement within 8 working hours make a surge, marked on the third with the
// two before it listed and recorded in the journal; a closed case and one outside the window do not count.
func TestSurgeCountsOpenCasesWithinWorkingWindow(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-21T12:00"))
	p := d.Policy()
	p.SurgeCases, p.SurgeWindow = 3, 8*time.Hour
	d.Reconfigure(nil, p)
	mk := func(uid uint32, number, received, text string) domain.Incoming {
		m := notice(uid, number, at(received))
		m.Incidents[0].Settlement, m.Incidents[0].Text, m.Incidents[0].Author = "Уртам", text, "Житель "+number
		return m
	}
	// 19 Jan 09:00 is more than 8 working hours before 21 Jan 10:00.
	ingest(t, d, mk(1, "200001", "2026-01-19T09:00", "Нет воды"), mk(2, "200002", "2026-01-20T15:00", "Нет воды в доме"))
	ingest(t, d, mk(3, "200003", "2026-01-20T16:00", "Воды нет с утра"))
	if _, err := d.Reject("koordinator", "200003", domain.ReasonOutOfScope, "проверка"); err != nil {
		t.Fatal(err)
	}
	ingest(t, d, mk(4, "200004", "2026-01-21T10:00", "Когда дадут воду?"))
	c, _, _ := d.CaseDetail("koordinator", "200004")
	if len(c.SurgeWith) != 0 {
		t.Fatalf("two open cases within the window made a surge: %v", c.SurgeWith)
	}
	ingest(t, d, mk(5, "200005", "2026-01-21T11:00", "И у нас нет воды"))
	c, _, _ = d.CaseDetail("koordinator", "200005")
	if len(c.SurgeWith) != 2 || c.SurgeWith[0] != "ОТК-2026-0002" || c.SurgeWith[1] != "ОТК-2026-0004" {
		t.Fatalf("surge on the third open case: %v", c.SurgeWith)
	}
	found := false
	d.View("koordinator", func(tx domain.Tx, _ domain.Actor) error {
		return tx.AuditEvents(func(e domain.AuditEvent) error {
			found = found || e.Action == "surge" && e.CaseID == c.ID && strings.Contains(e.Detail, "ОТК-2026-0002")
			return nil
		})
	})
	if !found {
		t.Fatal("the surge is not in the journal")
	}
}

// Prepare screens the citizen's text (П.14) and applies the keywords (П.17) before the batch's transaction, and
// Ingest then uses what it found instead of screening again; an unprepared notice is screened inside Ingest alike.
func TestPrepareScreensOutsideTheTransaction(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	calls := 0
	d.SetScreener(func(text string) domain.Screening {
		calls++
		return domain.Screening{Suggested: strings.Contains(text, "гад"), Reasons: []string{"insult"}, Fragments: []string{"гад"}}
	})
	prepared := notice(1, "300001", at("2026-01-13T10:20"))
	prepared.Incidents[0].Text = "Школа без отопления, гад такой"
	d.Prepare(&prepared)
	if calls != 1 || prepared.Incidents[0].Judged == nil {
		t.Fatalf("Prepare screened %d times, judged %+v", calls, prepared.Incidents[0].Judged)
	}
	plain := notice(2, "300002", at("2026-01-13T10:21"))
	plain.Incidents[0].Text = prepared.Incidents[0].Text
	ingest(t, d, prepared, plain)
	if calls != 2 {
		t.Fatalf("the screener ran %d times for one prepared and one plain notice, want 2", calls)
	}
	for _, n := range []string{"300001", "300002"} {
		c, _, _ := d.CaseDetail("koordinator", n)
		if !c.Screening.Suggested || strings.Join(c.Screening.Reasons, ",") != "insult" || !c.SignificanceSuggested {
			t.Fatalf("case %s: screening %+v, significance suggested %v", n, c.Screening, c.SignificanceSuggested)
		}
	}
}

// CLI.md `cases`: most urgent first, by next_due, then received_at. Cases without a deadline (here: answered in
// full) come after the open ones, the earliest received first, whatever the order they were closed in.
func TestCasesMostUrgentFirst(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T12:00"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:01")), notice(2, "2", at("2026-01-13T10:02")),
		notice(3, "3", at("2026-01-13T10:03")), notice(4, "4", at("2026-01-13T10:04")))
	for _, ref := range []string{"4", "1"} {
		if _, err := d.Answer("koordinator", ref, domain.AnswerRequest{Kind: domain.KindFinal, Text: "Ответ."}); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := d.Cases("koordinator")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.IncidentIDs[0])
	}
	if strings.Join(got, " ") != "2 3 1 4" {
		t.Fatalf("order %v, want 2 3 (open, by deadline) then 1 4 (no deadline, by receipt)", got)
	}
}

// П.8, REQUIREMENTS lifecycle 4 and triage: a reply the matching cannot tie (its sender has tasks on two cases,
// and it names neither) goes to triage; attached by the coordinator to one of the cases, it is that executor's
// draft there, with its text without the quote and its photo.
func TestTriagedReplyAttachedBecomesDraft(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")), notice(2, "2", at("2026-01-13T10:23")))
	for _, ref := range []string{"1", "2"} {
		if _, err := d.Dispatch("koordinator", ref, domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
			t.Fatal(err)
		}
	}
	reply := domain.Incoming{Mailbox: "INBOX", UIDValidity: 1, UID: 10, InternalDate: at("2026-01-13T12:00"),
		Raw: []byte("r"), Hash: "h-loose-reply", MessageID: "loose@example.ru", From: "zhkh@example.ru",
		Subject: "Ответ", Text: "Яму засыплют в среду.\n\n> Прошу ответить", QuotedStripped: "Яму засыплют в среду.",
		Attachments: []domain.IncomingAttachment{{Name: "yama.jpg", ContentType: "image/jpeg", Data: []byte("jpeg")}}}
	if res := ingest(t, d, reply); res.Triaged != 1 || len(res.Drafts) != 0 {
		t.Fatalf("a reply naming neither case: %+v", res)
	}
	items, err := d.TriageList("koordinator")
	if err != nil || len(items) != 1 {
		t.Fatalf("triage: %v %+v", err, items)
	}
	if err := d.TriageAttach("koordinator", items[0].MailID, "ОТК-2026-0002"); err != nil {
		t.Fatal(err)
	}
	c, _, err := d.CaseDetail("koordinator", "ОТК-2026-0002")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Drafts) != 1 || c.Drafts[0].Text != "Яму засыплют в среду." || len(c.Drafts[0].Attachments) != 1 ||
		c.Drafts[0].NeedsConfirmation || c.Tasks[0].Status != domain.TaskDraftReceived || c.Status != domain.StatusDraftsReceived {
		t.Fatalf("after attaching: status %s, tasks %+v, drafts %+v", c.Status, c.Tasks, c.Drafts)
	}
	if other, _, _ := d.CaseDetail("koordinator", "ОТК-2026-0001"); len(other.Drafts) != 0 {
		t.Fatalf("the other case got the draft too: %+v", other.Drafts)
	}
}

// CLI.md reopen and dispatch: after the Department sends a closed case back, the coordinator tasks the same
// executor again. Her task of the earlier round, still waiting when the case closed (after the interim answer it
// waited for the final draft), is closed: it neither blocks the new dispatch nor draws an overdue notice on its
// old deadline.
func TestReopenedCaseDispatchedAgain(t *testing.T) {
	d, _, clk := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "4512937", at("2026-01-13T10:22")))
	if _, err := d.Dispatch("koordinator", "4512937", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Answer("koordinator", "4512937", domain.AnswerRequest{Kind: domain.KindInterim, Text: "Проверяем."}); err != nil {
		t.Fatal(err)
	}
	c, err := d.Answer("koordinator", "4512937", domain.AnswerRequest{Kind: domain.KindFinal, Text: "Дорога очищена."})
	if err != nil {
		t.Fatal(err)
	}
	items, _ := d.ClaimOutbox(20)
	for _, it := range items {
		_ = d.OutboxDone(domain.OutboxResult{ID: it.ID})
	}
	clk.Set(at("2026-02-02T11:00"))
	followUp := domain.Incoming{UID: 7, InternalDate: at("2026-02-02T10:50"), Raw: []byte("f"), Hash: "f1",
		MessageID: "f1@dip.tomsk.example", InReplyTo: []string{c.Answers[1].MessageID}, From: "monitoring@dip.tomsk.example",
		Subject: "Re: возвращено на доработку", FromDepartment: true}
	if res := ingest(t, d, followUp); len(res.Reopened) != 1 {
		t.Fatalf("not reopened: %+v", res)
	}
	if _, err := d.Dispatch("koordinator", "4512937", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatalf("dispatch after the reopen: %v", err)
	}
	c, _, _ = d.CaseDetail("koordinator", "4512937")
	if len(c.Tasks) != 2 || c.Tasks[0].Status != domain.TaskClosed || c.Tasks[1].Status != domain.TaskQueued ||
		!c.Tasks[1].Due.Equal(c.DraftsDue) {
		t.Fatalf("tasks after the reopen: %+v", c.Tasks)
	}
	items, _ = d.ClaimOutbox(20)
	for _, it := range items {
		_ = d.OutboxDone(domain.OutboxResult{ID: it.ID})
	}
	clk.Set(at("2026-02-02T16:00")) // the old task's deadline (22.01) is long past; the new one (16:50) is not
	if _, overdue, err := d.Tick(); err != nil || overdue != 0 {
		t.Fatalf("tick after the reopen: %d overdue notices, %v", overdue, err)
	}
}

// П.12 and REQUIREMENTS "What the Department's e-mail looks like" (flags: ПОВТОРНОЕ): a notice the Department
// marks as a repeat is one even when no earlier case is found here: the case says so, the task mail asks for the
// measures taken, and an answer without them is warned about.
func TestDepartmentRepeatFlag(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	m := notice(1, "4600001", at("2026-01-13T10:22"))
	m.Incidents[0].Repeat = true
	ingest(t, d, m)
	c, j, err := d.CaseDetail("koordinator", "4600001")
	if err != nil || !c.DepartmentRepeat || !j.DepartmentRepeat || j.RepeatOf != nil {
		t.Fatalf("flagged case: %v %+v", err, j)
	}
	if w := domain.AnswerWarnings(c, domain.AnswerRequest{Text: "Спасибо за обращение."}); len(w) != 1 ||
		!strings.Contains(w[0], "по отметке ДИП") {
		t.Fatalf("warnings %v", w)
	}
	if _, err := d.Dispatch("koordinator", "4600001", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatal(err)
	}
	items, _ := d.ClaimOutbox(10)
	if len(items) != 1 || !strings.Contains(items[0].Subject, "ПОВТОРНОЕ") || !strings.Contains(items[0].Text, "ДИП отметил") {
		t.Fatalf("task mail of a flagged repeat: %s\n%s", items[0].Subject, items[0].Text)
	}
	// Not flagged, nothing of it.
	ingest(t, d, notice(2, "4600002", at("2026-01-13T10:25")))
	if c, _, _ := d.CaseDetail("koordinator", "4600002"); c.IsRepeat() {
		t.Fatal("an ordinary notice taken for a repeat")
	}
}

// П.8: a reply tied by its sender's only open task waits for the coordinator's word. Confirmed, it is an ordinary
// draft; detached, it leaves the case (the task waits again) and goes to triage with its text, from where it can
// be attached to the case it belongs to.
func TestDraftMatchedBySenderConfirmedOrDetached(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-13T10:30"))
	ingest(t, d, notice(1, "1", at("2026-01-13T10:22")), notice(2, "2", at("2026-01-13T10:23")))
	if _, err := d.Dispatch("koordinator", "1", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatal(err)
	}
	loose := func(uid uint32, text string) domain.Incoming {
		return domain.Incoming{Mailbox: "INBOX", UIDValidity: 1, UID: uid, InternalDate: at("2026-01-13T12:00"),
			Raw: []byte(text), Hash: "h-" + text, MessageID: text + "@example.ru", From: "zhkh@example.ru",
			Subject: "Ответ", Text: text, QuotedStripped: text}
	}
	if res := ingest(t, d, loose(10, "first")); len(res.Drafts) != 1 {
		t.Fatalf("matched by sender: %+v", res)
	}
	c, err := d.ConfirmDraft("koordinator", "1", "zam-zhkh")
	if err != nil || c.Tasks[0].NeedsConfirmation || c.Drafts[0].NeedsConfirmation {
		t.Fatalf("confirm: %v %+v", err, c)
	}
	if _, err := d.ConfirmDraft("koordinator", "1", "zam-zhkh"); !domain.IsRefused(err) {
		t.Fatalf("confirming twice: %v", err)
	}
	// The second case is dispatched to her too, after a new reply arrives loose for the first case's task only.
	if _, err := d.ReturnDraft("koordinator", "1", "zam-zhkh", "доработать"); err != nil {
		t.Fatal(err)
	}
	if res := ingest(t, d, loose(11, "second")); len(res.Drafts) != 1 {
		t.Fatalf("second loose reply: %+v", res)
	}
	if _, err := d.Dispatch("koordinator", "2", domain.DispatchRequest{To: []string{"zam-zhkh"}}); err != nil {
		t.Fatal(err)
	}
	c, err = d.DetachDraft("koordinator", "1", "zam-zhkh")
	if err != nil || c.Tasks[0].Status != domain.TaskSent || c.Status != domain.StatusDispatched {
		t.Fatalf("detach: %v %+v", err, c)
	}
	for _, dr := range c.Drafts {
		if dr.Text == "second" {
			t.Fatalf("the detached draft is still on the case: %+v", c.Drafts)
		}
	}
	items, _ := d.TriageList("koordinator")
	if len(items) != 1 || items[0].Reply == nil || items[0].Reply.Text != "second" {
		t.Fatalf("triage after detaching: %+v", items)
	}
	if err := d.TriageAttach("koordinator", items[0].MailID, "2"); err != nil {
		t.Fatal(err)
	}
	if c2, _, _ := d.CaseDetail("koordinator", "2"); len(c2.Drafts) != 1 || c2.Drafts[0].Text != "second" {
		t.Fatalf("attached to the right case: %+v", c2.Drafts)
	}
}

// П.17 «повышенная социальная активность по вопросам, требующим оперативного решения»: three open cases on one
// question (the Department's category) within the surge window make a surge even from three settlements; the
// Head's e-mail names the topic. Another category does not count.
func TestSurgeOnOneTopicAcrossSettlements(t *testing.T) {
	d, _, _ := newDesk(t, at("2026-01-21T12:00"))
	p := d.Policy()
	p.SurgeCases, p.SurgeWindow = 3, 8*time.Hour
	d.Reconfigure(nil, p)
	mk := func(uid uint32, number, settlement, category, received string) domain.Incoming {
		m := notice(uid, number, at(received))
		inc := &m.Incidents[0]
		inc.Settlement, inc.Category, inc.Author, inc.Text = settlement, category, "Житель "+number, "Нет воды"
		return m
	}
	ingest(t, d, mk(1, "300001", "Кожевниково", "Водоснабжение", "2026-01-21T09:00"),
		mk(2, "300002", "Уртам", "Водоснабжение", "2026-01-21T09:30"),
		mk(3, "300003", "Вороново", "Дороги", "2026-01-21T09:40"))
	ingest(t, d, mk(4, "300004", "Малиновка", "Водоснабжение", "2026-01-21T10:00"))
	c, j, _ := d.CaseDetail("koordinator", "300004")
	if c.SurgeTopic != "Водоснабжение" || len(j.SurgeWith) != 2 || j.SurgeWith[0] != "ОТК-2026-0001" || j.SurgeWith[1] != "ОТК-2026-0002" {
		t.Fatalf("surge on one topic: topic %q, with %v", c.SurgeTopic, j.SurgeWith)
	}
	if c3, _, _ := d.CaseDetail("koordinator", "300003"); len(c3.SurgeWith) != 0 {
		t.Fatalf("another topic made a surge: %v", c3.SurgeWith)
	}
	if _, err := d.Escalate("koordinator", "300004", ""); err != nil {
		t.Fatal(err)
	}
	items, _ := d.ClaimOutbox(10)
	if len(items) != 1 || !strings.Contains(items[0].Text, "на тему «Водоснабжение»") {
		t.Fatalf("the Head's e-mail does not name the topic:\n%v", items)
	}
}
