package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"otklik/mailbridge/loopback"
	"otklik/mailbridge/parse"
)

// mailFolder is a data folder set up against in-process IMAP and SMTP servers on loopback.
type mailFolder struct {
	dir  string
	cfg  string
	imap *loopback.IMAP
	smtp *loopback.SMTP
}

func newMailFolder(t *testing.T) *mailFolder {
	t.Helper()
	im, err := loopback.StartIMAP("koordinator@example.ru", "imap-pass-123", loopback.IMAPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { im.Close() })
	sm, err := loopback.StartSMTP(loopback.SMTPOptions{Username: "koordinator@example.ru", Password: "smtp-pass-456"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sm.Close() })
	ihost, iport := splitAddr(t, im.Addr)
	shost, sport := splitAddr(t, sm.Addr)
	cfg := fmt.Sprintf(`[organization]
name = "Администрация Кожевниковского района"
short_tag = "ОТК"
timezone = "Asia/Tomsk"
settlements = ["Кожевниково", "Уртам", "Вороново", "Новопокровка", "Песочнодубровка", "Малиновка", "Чилино"]

[mailbox]
host = "%s"
port = %s
security = "none"
username = "koordinator@example.ru"
password = "imap-pass-123"

[smtp]
host = "%s"
port = %s
security = "none"
username = "koordinator@example.ru"
password = "smtp-pass-456"
from_address = "koordinator@example.ru"

[department]
addresses = ["@dip.tomsk.example"]

[head]
address = "glava@example.ru"

[[executors]]
login = "zam-zhkh"
name = "Иванов Пётр Сергеевич"
position = "Заместитель Главы района по ЖКХ"
email = "zhkh@example.ru"

[[users]]
login = "koordinator"
name = "Бирюкова Ирина Александровна"
position = "Специалист"
email = "koordinator@example.ru"
role = "coordinator"
password = "Kozh-2026-ab!Coord"

[[users]]
login = "admin"
name = "Отдел информатизации"
position = "Системный администратор"
email = "it@example.ru"
role = "admin"
password = "Kozh-2026-ab!Admin"
`, ihost, iport, shost, sport)
	path := filepath.Join(t.TempDir(), "settings.toml")
	os.WriteFile(path, []byte(cfg), 0o600)
	dir := t.TempDir()
	// The folder is set up at the start of 2026, before every notice of the samples.
	if r := otklik(t, []string{"OTKLIK_NOW=2026-01-01T09:00:00+07:00"}, "setup", "--config", path, "--data", dir); r.code != 0 {
		t.Fatalf("setup: %d %s", r.code, r.stderr)
	}
	return &mailFolder{dir: dir, cfg: cfg, imap: im, smtp: sm}
}

func splitAddr(t *testing.T, addr string) (string, string) {
	i := strings.LastIndex(addr, ":")
	return addr[:i], addr[i+1:]
}

type sampleExpect struct {
	File         string   `json:"file"`
	IncidentIDs  []string `json:"incident_ids"`
	Network      string   `json:"network"`
	URL          string   `json:"url"`
	Village      string   `json:"village"`
	Received     string   `json:"received_local"`
	AnswerDue    string   `json:"expected_interim_deadline"`
	DraftsDue    string   `json:"expected_drafts_due"`
	RepeatOf     *string  `json:"repeat_of"`
	Significant  bool     `json:"socially_significant"`
	Processable  bool     `json:"processable"`
	Attachments  []string `json:"attachments"`
	StatedDeadln string   `json:"stated_deadline"`
}

func samples(t *testing.T) (string, []sampleExpect) {
	dir := "../../mailbridge/parse/testdata/samples"
	if _, err := os.Stat(filepath.Join(dir, "expected.json")); err != nil {
		dir = "../../../shared/samples/eml"
	}
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp []sampleExpect
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	return dir, exp
}

func localTime(t *testing.T, s string) time.Time {
	loc, _ := time.LoadLocation("Asia/Tomsk")
	v, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type caseOut struct {
	ID                string   `json:"id"`
	Status            string   `json:"status"`
	IncidentIDs       []string `json:"incident_ids"`
	Network           string   `json:"network"`
	URL               string   `json:"url"`
	Settlement        string   `json:"settlement"`
	AnswerDue         string   `json:"answer_due"`
	DraftsDue         string   `json:"drafts_due"`
	FinalDue          *string  `json:"final_due"`
	SuggestedRepeatOf *string  `json:"suggested_repeat_of"`
	Significant       bool     `json:"socially_significant"`
	Screening         struct {
		Suggested bool     `json:"suggested"`
		Reasons   []string `json:"reasons"`
	} `json:"screening"`
	Attachments []struct {
		Name string `json:"name"`
	} `json:"attachments"`
	Tasks []struct {
		Executor string `json:"executor"`
		Status   string `json:"status"`
	} `json:"tasks"`
	Drafts []struct {
		Text string `json:"text"`
	} `json:"drafts"`
	History []struct {
		Action string `json:"action"`
	} `json:"history"`
}

func listCases(t *testing.T, dir string, env ...string) []caseOut {
	t.Helper()
	r := otklik(t, append([]string{coordPW}, env...), "cases", "--json", "--user", "koordinator", "--data", dir)
	if r.code != 0 {
		t.Fatalf("cases: %d %s", r.code, r.stderr)
	}
	var out []caseOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err, r.stdout)
	}
	return out
}

func syncOnce(t *testing.T, dir string, env ...string) string {
	t.Helper()
	r := otklik(t, append([]string{coordPW}, env...), "sync", "--once", "--json", "--user", "koordinator", "--data", dir)
	if r.code != 0 || strings.Contains(r.stderr, "otklik:") {
		t.Fatalf("sync --once: %d %s %s", r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// П.5, П.7, П.8: `setup` + `sync --once` against a loopback server holding the samples gives the right cases and
// deadlines; a second round changes nothing.
func TestSyncSamples(t *testing.T) {
	mf := newMailFolder(t)
	dir, exp := samples(t)
	for _, e := range exp {
		raw, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		if err := mf.imap.Append("INBOX", raw, localTime(t, e.Received)); err != nil {
			t.Fatal(err)
		}
	}
	syncOnce(t, mf.dir)
	cases := listCases(t, mf.dir)
	if len(cases) != len(exp) {
		t.Fatalf("%d cases from %d notices", len(cases), len(exp))
	}
	byIncident := map[string]caseOut{}
	for _, c := range cases {
		byIncident[c.IncidentIDs[0]] = c
	}
	for _, e := range exp {
		c, ok := byIncident[e.IncidentIDs[0]]
		if !ok {
			t.Errorf("%s: no case for incident %s", e.File, e.IncidentIDs[0])
			continue
		}
		if c.Network != e.Network || c.URL != e.URL || c.Settlement != e.Village || c.Significant != e.Significant {
			t.Errorf("%s: %s %s %s %v", e.File, c.Network, c.URL, c.Settlement, c.Significant)
		}
		if e.AnswerDue != "" && (c.AnswerDue != e.AnswerDue+":00+07:00" || c.DraftsDue != e.DraftsDue+":00+07:00") {
			t.Errorf("%s: answer due %s drafts due %s, want %s %s", e.File, c.AnswerDue, c.DraftsDue, e.AnswerDue, e.DraftsDue)
		}
		// П.14: the obscene notice is proposed for rejection with its reasons; the others are not.
		if c.Screening.Suggested == e.Processable {
			t.Errorf("%s: screening %+v, processable %v", e.File, c.Screening, e.Processable)
		}
		if !e.Processable && strings.Join(c.Screening.Reasons, ",") != "insult,obscene" {
			t.Errorf("%s: reasons %v", e.File, c.Screening.Reasons)
		}
		if len(c.Attachments) != len(e.Attachments) {
			t.Errorf("%s: attachments %v want %v", e.File, c.Attachments, e.Attachments)
		}
		if e.RepeatOf != nil {
			earlier := byIncident[*e.RepeatOf]
			if c.SuggestedRepeatOf == nil || *c.SuggestedRepeatOf != earlier.ID {
				t.Errorf("%s: suggested repeat of %v, want %s", e.File, c.SuggestedRepeatOf, earlier.ID)
			}
		}
	}
	// Nothing that should not be in triage is there.
	r := otklik(t, []string{coordPW}, "triage", "--json", "--user", "koordinator", "--data", mf.dir)
	if strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("triage after samples: %s", r.stdout)
	}
	// A second round changes nothing; mail is marked, \Seen untouched, nothing deleted.
	syncOnce(t, mf.dir)
	if again := listCases(t, mf.dir); len(again) != len(cases) {
		t.Fatalf("second round: %d cases, was %d", len(again), len(cases))
	}
	msgs, _ := mf.imap.Messages("INBOX")
	if len(msgs) != len(exp) {
		t.Fatalf("server holds %d messages, want %d", len(msgs), len(exp))
	}
	for _, m := range msgs {
		flags := strings.Join(m.Flags, " ")
		if !strings.Contains(strings.ToLower(flags), "$otklik") || strings.Contains(flags, `\Seen`) {
			t.Errorf("uid %d flags %q", m.UID, flags)
		}
	}
}

// П.6, П.8, П.9, П.10: the CLI walks a case from notice to final answer; every e-mail arrives, threaded.
func TestWalkCaseToFinalAnswer(t *testing.T) {
	mf := newMailFolder(t)
	dir, _ := samples(t)
	raw, _ := os.ReadFile(filepath.Join(dir, "01-vk-doroga-kozhevnikovo-qp.eml"))
	mf.imap.Append("INBOX", raw, localTime(t, "2026-01-13T10:22"))
	now := "OTKLIK_NOW=2026-01-13T10:40:00+07:00"
	syncOnce(t, mf.dir, now)
	r := otklik(t, []string{coordPW, now}, "dispatch", "4512937", "--to", "zam-zhkh", "--note", "Прошу ответить", "--user", "koordinator", "--data", mf.dir)
	if r.code != 0 {
		t.Fatalf("dispatch: %d %s", r.code, r.stderr)
	}
	syncOnce(t, mf.dir, "OTKLIK_NOW=2026-01-13T10:41:00+07:00")
	got, err := mf.smtp.WaitFor(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	task := string(got[0].Data)
	if got[0].To[0] != "zhkh@example.ru" || !strings.Contains(task, "Reply-To: ") {
		t.Fatalf("task mail to %v:\n%s", got[0].To, task)
	}
	taskID := headerValue(task, "Message-Id")
	reply := "From: =?utf-8?b?0JjQstCw0L3QvtCyINCfLtChLg==?= <zhkh@example.ru>\r\nTo: koordinator@example.ru\r\n" +
		"Subject: Re: task\r\nMessage-ID: <reply-1@example.ru>\r\nIn-Reply-To: " + taskID + "\r\nReferences: " + taskID +
		"\r\nDate: Tue, 13 Jan 2026 14:10:00 +0700\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Дорогу на Октябрьской почистят 14 января.\r\n\r\n13.01.2026, 10:40, \"Координатор\" <koordinator@example.ru>:\r\n> Прошу ответить\r\n"
	mf.imap.Append("INBOX", []byte(reply), localTime(t, "2026-01-13T14:10"))
	now = "OTKLIK_NOW=2026-01-13T14:20:00+07:00"
	syncOnce(t, mf.dir, now)
	c := caseJSON(t, mf.dir, "4512937", now)
	if c.Status != "drafts_received" || len(c.Drafts) != 1 || strings.Contains(c.Drafts[0].Text, "Прошу ответить") {
		t.Fatalf("after the reply: %s %+v", c.Status, c.Drafts)
	}
	text := filepath.Join(t.TempDir(), "answer.txt")
	os.WriteFile(text, []byte("Очистка дороги запланирована на 14 января."), 0o600)
	if r := otklik(t, []string{coordPW, now}, "answer", "ОТК-2026-0001", "--kind", "interim", "--text-file", text, "--user", "koordinator", "--data", mf.dir); r.code != 0 {
		t.Fatalf("interim: %d %s", r.code, r.stderr)
	}
	// Each command is its own process, so a test clock starts again at OTKLIK_NOW: the sync runs a minute later.
	now = "OTKLIK_NOW=2026-01-13T14:21:00+07:00"
	syncOnce(t, mf.dir, now)
	got, err = mf.smtp.WaitFor(3, 5*time.Second) // task, answer, and the final-drafts notice to the executor
	if err != nil {
		r := otklik(t, []string{coordPW, now}, "case", "4512937", "--json", "--user", "koordinator", "--data", mf.dir)
		t.Fatal(err, r.stdout)
	}
	var answer string
	for _, e := range got[1:] {
		if e.To[0] == "a.vetrova@dip.tomsk.example" {
			answer = string(e.Data)
		}
	}
	if !strings.Contains(answer, "In-Reply-To: <20260113102211.4512937@dip.tomsk.example>") {
		t.Fatalf("answer not threaded to the notice:\n%s", answer)
	}
	c = caseJSON(t, mf.dir, "4512937", now)
	if c.Status != "interim_sent" || c.FinalDue == nil || *c.FinalDue != "2026-01-22T18:00:00+07:00" {
		t.Fatalf("after interim: %s %v", c.Status, c.FinalDue)
	}
	if r := otklik(t, []string{coordPW, now}, "answer", "OTK-2026-0001", "--kind", "final", "--text-file", text, "--user", "koordinator", "--data", mf.dir); r.code != 0 {
		t.Fatalf("final: %d %s", r.code, r.stderr)
	}
	syncOnce(t, mf.dir, "OTKLIK_NOW=2026-01-13T14:22:00+07:00")
	if _, err := mf.smtp.WaitFor(4, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	c = caseJSON(t, mf.dir, "4512937", now)
	if c.Status != "final_sent" {
		t.Fatalf("after final: %s", c.Status)
	}
	var actions []string
	for _, h := range c.History {
		actions = append(actions, h.Action)
	}
	for _, want := range []string{"case_new", "dispatch", "mail_out", "draft_in", "answer"} {
		if !strings.Contains(strings.Join(actions, " "), want) {
			t.Errorf("history lacks %s: %v", want, actions)
		}
	}
}

func caseJSON(t *testing.T, dir, ref string, env ...string) caseOut {
	t.Helper()
	r := otklik(t, append([]string{coordPW}, env...), "case", ref, "--json", "--user", "koordinator", "--data", dir)
	if r.code != 0 {
		t.Fatalf("case %s: %d %s", ref, r.code, r.stderr)
	}
	var c caseOut
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func headerValue(msg, name string) string {
	for _, line := range strings.Split(msg, "\r\n") {
		if line == "" {
			break
		}
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// mfConfig is the settings file the folder was set up with.
func mfConfig(t *testing.T, mf *mailFolder) string { return mf.cfg }

// Issue 8's "done when", on the samples through the command: the obscene notice is proposed for rejection with
// its reasons (П.14); the repeat (sample 06 of sample 01) is suggested, cannot be dispatched by default before
// it is confirmed, and once linked goes to the first case's executors (П.12); the school-heating notice is
// flagged socially significant and reaches the Head in one action (П.17).
func TestJudgementCallsOnSamples(t *testing.T) {
	mf := newMailFolder(t)
	dir, exp := samples(t)
	for _, e := range exp {
		switch e.IncidentIDs[0] {
		case "4512937", "4541870", "4538802", "4601577":
			raw, err := os.ReadFile(filepath.Join(dir, e.File))
			if err != nil {
				t.Fatal(err)
			}
			if err := mf.imap.Append("INBOX", raw, localTime(t, e.Received)); err != nil {
				t.Fatal(err)
			}
		}
	}
	now := "OTKLIK_NOW=2026-03-10T10:00:00+07:00"
	syncOnce(t, mf.dir, now)
	run := func(args ...string) result {
		t.Helper()
		return otklik(t, []string{coordPW, now}, append(args, "--user", "koordinator", "--data", mf.dir)...)
	}

	obscene := caseJSON(t, mf.dir, "4601577", now)
	if !obscene.Screening.Suggested || strings.Join(obscene.Screening.Reasons, ",") != "insult,obscene" || obscene.Status != "new" {
		t.Fatalf("obscene notice: %s %+v", obscene.Status, obscene.Screening)
	}

	first := caseJSON(t, mf.dir, "4512937", now)
	if r := run("dispatch", "4512937", "--to", "zam-zhkh,doroga@example.ru"); r.code != 0 {
		t.Fatalf("dispatch of the first case: %d %s", r.code, r.stderr)
	}
	repeat := caseJSON(t, mf.dir, "4538802", now)
	if repeat.SuggestedRepeatOf == nil || *repeat.SuggestedRepeatOf != first.ID {
		t.Fatalf("suggested repeat of %v, want %s", repeat.SuggestedRepeatOf, first.ID)
	}
	if r := run("dispatch", "4538802"); r.code == 0 {
		t.Fatal("a suggested repeat was dispatched by default before it was confirmed")
	}
	if r := run("link", "4538802", "--repeat-of", "4512937"); r.code != 0 {
		t.Fatalf("link: %d %s", r.code, r.stderr)
	}
	if r := run("dispatch", "4538802"); r.code != 0 {
		t.Fatalf("dispatch of the confirmed repeat: %d %s", r.code, r.stderr)
	}
	repeat = caseJSON(t, mf.dir, "4538802", now)
	if len(repeat.Tasks) != 2 {
		t.Fatalf("repeat's tasks %+v", repeat.Tasks)
	}

	school := caseJSON(t, mf.dir, "4541870", now)
	if !school.Significant {
		t.Fatal("the school-heating notice is not flagged socially significant")
	}
	if r := run("escalate", "4541870"); r.code != 0 {
		t.Fatalf("escalate: %d %s", r.code, r.stderr)
	}

	syncOnce(t, mf.dir, "OTKLIK_NOW=2026-03-10T10:01:00+07:00")
	got, err := mf.smtp.WaitFor(5, 5*time.Second) // two tasks of the first case, two of the repeat, one to the Head
	if err != nil {
		t.Fatal(err)
	}
	tasksTo := map[string]int{}
	var head string
	for _, e := range got {
		body := decodedBody(t, e.Data)
		switch e.To[0] {
		case "zhkh@example.ru", "doroga@example.ru":
			tasksTo[e.To[0]]++
			if strings.Contains(body, "4538802") && !strings.Contains(strings.ToLower(body), "повторн") {
				t.Errorf("the repeat's task does not say it is a repeat:\n%s", body)
			}
		case "glava@example.ru":
			head = body
		default:
			t.Errorf("unexpected e-mail to %v", e.To)
		}
	}
	if tasksTo["zhkh@example.ru"] != 2 || tasksTo["doroga@example.ru"] != 2 {
		t.Fatalf("tasks by address %v: the repeat must go to the first case's executors", tasksTo)
	}
	for _, want := range []string{"4541870", "Песочнодубровка"} {
		if !strings.Contains(head, want) {
			t.Fatalf("the Head's e-mail does not name %q:\n%s", want, head)
		}
	}
}

// decodedBody is an e-mail's subject and text as a reader sees them, transfer encoding and charset undone.
func decodedBody(t *testing.T, raw []byte) string {
	t.Helper()
	m, err := parse.Read(bytes.NewReader(raw), parse.Limits{})
	if err != nil {
		t.Fatalf("reading a sent e-mail: %v", err)
	}
	return m.Subject + "\n" + m.Text
}
