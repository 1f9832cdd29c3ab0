package mailbridge

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"otklik/domain"
	"otklik/internal/testdesk"
	"otklik/mailbridge/loopback"
	"otklik/storage"
)

// The sample notices are kept with the parser's fixtures; intake reads the same bytes the parser is tested on.
const samplesDir = "parse/testdata/samples"

const (
	imapUser   = "koordinator@kozhevnikovo.example"
	imapPass   = "imap-пароль-1"
	coordLogin = "koordinator"
	coordPass  = "Kozh-2026-ab!Coord"
	deptFrom   = "a.vetrova@dip.tomsk.example"
	zhkhEmail  = "zhkh@kozhevnikovo.example"
	urtamEmail = "urtam@kozhevnikovo.example"
)

var tomsk = func() *time.Location {
	l, err := time.LoadLocation("Asia/Tomsk")
	if err != nil {
		panic(err)
	}
	return l
}()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, tomsk)
	if err != nil {
		panic(err)
	}
	return t
}

// testClock is the desk's clock, moved by hand.
type testClock = testdesk.Clock

// rig is a desk over a real bbolt file with real loopback IMAP and SMTP servers and the two workers.
type rig struct {
	t      testing.TB
	clock  *testClock
	db     *storage.DB
	desk   *domain.Desk
	imap   *loopback.IMAP
	smtp   *loopback.SMTP
	inbox  *Inbox
	outbox *Outbox
	logs   *logBuffer
}

type rigOptions struct {
	now    time.Time // the desk's clock; zero means 2026-01-13 11:00 Tomsk
	imap   loopback.IMAPOptions
	inbox  func(*IMAPConfig)
	noSMTP bool
}

// logBuffer collects the workers' log lines (and keeps them out of the test output unless it fails).
type logBuffer struct {
	mu    sync.Mutex
	lines []string
}

func (l *logBuffer) logf(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func newRig(t testing.TB, opt rigOptions) *rig {
	t.Helper()
	if opt.now.IsZero() {
		opt.now = at("2026-01-13T11:00")
	}
	r := &rig{t: t, clock: testdesk.NewClock(opt.now), logs: &logBuffer{}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("worker log:\n%s", r.logs)
		}
	})
	db := testdesk.Store(t)
	r.db = db
	r.desk = newTestDesk(t, db, r.clock)

	silent := opt.imap
	var err error
	r.imap, err = loopback.StartIMAP(imapUser, imapPass, silent)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.imap.Close() })
	cfg := IMAPConfig{Host: "127.0.0.1", Port: portOf(t, r.imap.Addr), Security: SecurityNone,
		Username: imapUser, Password: imapPass}
	if opt.inbox != nil {
		opt.inbox(&cfg)
	}
	r.inbox = NewInbox(cfg, r.desk, db, r.logs.logf)
	r.inbox.backoffMin, r.inbox.backoffMax = 20*time.Millisecond, 200*time.Millisecond

	if !opt.noSMTP {
		r.smtp, err = loopback.StartSMTP(loopback.SMTPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = r.smtp.Close() })
		sender, err := NewSender(SMTPConfig{Host: "127.0.0.1", Port: portOf(t, r.smtp.Addr), Security: SecurityNone,
			Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		r.outbox = NewOutbox(sender, r.desk, db, r.logs.logf)
	}
	return r
}

func portOf(t testing.TB, addr string) int {
	t.Helper()
	var port int
	if _, err := fmt.Sscanf(addr[strings.LastIndex(addr, ":")+1:], "%d", &port); err != nil {
		t.Fatalf("port of %q: %v", addr, err)
	}
	return port
}

// newTestDesk builds the real service with the embedded calendar and templates, the district's settlements and
// two executors.
func newTestDesk(t testing.TB, db *storage.DB, clk domain.Clock) *domain.Desk {
	t.Helper()
	p := testdesk.Policy(tomsk)
	p.Settlements = []string{"Кожевниково", "Уртам", "Вороново", "Новопокровка", "Песочнодубровка", "Малиновка",
		"Чилино", "Старая Ювала", "Базой"}
	p.HeadName, p.HeadAddress = "Глава Кожевниковского района", "glava@kozhevnikovo.example"
	p.MailboxAddress, p.FromName = imapUser, "Координатор по работе с сообщениями из открытых источников"
	p.SignificanceKeywords = []string{"школа", "детский сад", "отопление", "авария", "дети"}
	desk := testdesk.New(t, db, clk, p)
	err := desk.Setup(nil, domain.SetupRequest{
		Users: []domain.NewUser{
			{User: domain.User{Login: coordLogin, Name: "Бирюкова Ирина Александровна", Position: "Специалист",
				Email: imapUser, Role: domain.RoleCoordinator}, Password: coordPass},
			{User: domain.User{Login: "admin", Name: "Отдел информатизации", Position: "Администратор",
				Email: "it@kozhevnikovo.example", Role: domain.RoleAdmin}, Password: "Kozh-2026-ab!Admin"},
		},
		Executors: []domain.Executor{
			{Login: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Position: "Заместитель Главы района по ЖКХ",
				Email: zhkhEmail, Active: true},
			{Login: "urtam", Name: "Петрова Анна Викторовна", Position: "Глава Уртамского сельского поселения",
				Email: urtamEmail, Active: true},
		},
		SettingsDoc: []byte(`{}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	return desk
}

// sample is one notice of the shared samples with what intake must make of it.
type sample struct {
	File          string   `json:"file"`
	IncidentIDs   []string `json:"incident_ids"`
	Network       string   `json:"network"`
	Village       string   `json:"village"`
	ReceivedLocal string   `json:"received_local"`
	AnswerDue     string   `json:"expected_interim_deadline"`
	DraftsDue     string   `json:"expected_drafts_due"`
	Attachments   []string `json:"attachments"`
	Raw           []byte   `json:"-"`
}

func loadSamples(t testing.TB) []sample {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samplesDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []sample
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no samples")
	}
	for i := range out {
		if out[i].Raw, err = os.ReadFile(filepath.Join(samplesDir, out[i].File)); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// deliverSamples appends every sample with its receipt time as INTERNALDATE.
func (r *rig) deliverSamples(samples []sample) {
	r.t.Helper()
	for _, s := range samples {
		if err := r.imap.Deliver(s.Raw, at(s.ReceivedLocal)); err != nil {
			r.t.Fatal(err)
		}
	}
}

func (r *rig) once() Report {
	r.t.Helper()
	rep, err := r.inbox.Once(r.t.Context())
	if err != nil {
		r.t.Fatalf("inbox Once: %v", err)
	}
	return rep
}

func (r *rig) send() (sent, failed int) {
	r.t.Helper()
	sent, failed, err := r.outbox.Once(r.t.Context())
	if err != nil {
		r.t.Fatalf("outbox Once: %v", err)
	}
	return sent, failed
}

// caseOf finds the case of an incident number.
func (r *rig) caseOf(number string) *domain.Case {
	r.t.Helper()
	var c *domain.Case
	err := r.db.View(func(tx domain.Tx) error {
		id, err := tx.CaseByIncident(number)
		if err != nil {
			return fmt.Errorf("incident %s: %w", number, err)
		}
		c, err = tx.Case(id)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

func (r *rig) caseByID(id domain.CaseID) *domain.Case {
	r.t.Helper()
	var c *domain.Case
	if err := r.db.View(func(tx domain.Tx) (err error) { c, err = tx.Case(id); return err }); err != nil {
		r.t.Fatal(err)
	}
	return c
}

// census counts what intake can double: cases per incident number, case audit events, triage items.
type census struct {
	Cases      int
	Incidents  map[string]int
	CaseEvents int
	Events     int
	Triage     int
}

func (r *rig) census() census {
	r.t.Helper()
	cs := census{Incidents: map[string]int{}}
	err := r.db.View(func(tx domain.Tx) error {
		if err := tx.Cases(func(c *domain.Case) error {
			cs.Cases++
			for _, n := range c.IncidentIDs {
				cs.Incidents[n]++
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.AuditEvents(func(e domain.AuditEvent) error {
			cs.Events++
			if e.CaseID != "" {
				cs.CaseEvents++
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.TriageItems(func(*domain.TriageItem) error { cs.Triage++; return nil })
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return cs
}

// eachOnce fails unless every incident number has exactly one case.
func (c census) eachOnce(t testing.TB, want int) {
	t.Helper()
	if c.Cases != want || len(c.Incidents) != want {
		t.Fatalf("%d cases for %d incident numbers, want %d of each", c.Cases, len(c.Incidents), want)
	}
	for n, k := range c.Incidents {
		if k != 1 {
			t.Fatalf("incident %s has %d cases", n, k)
		}
	}
}

func (r *rig) syncState() domain.SyncState {
	r.t.Helper()
	var s domain.SyncState
	if err := r.db.View(func(tx domain.Tx) (err error) { s, err = tx.SyncState(r.inbox.Mailbox()); return err }); err != nil {
		r.t.Fatal(err)
	}
	return s
}

func (r *rig) triage() []domain.TriageItem {
	r.t.Helper()
	var out []domain.TriageItem
	if err := r.db.View(func(tx domain.Tx) error {
		return tx.TriageItems(func(it *domain.TriageItem) error { out = append(out, *it); return nil })
	}); err != nil {
		r.t.Fatal(err)
	}
	return out
}

func (r *rig) outboxItems(states ...domain.OutboxState) []domain.OutboxItem {
	r.t.Helper()
	var out []domain.OutboxItem
	if err := r.db.View(func(tx domain.Tx) error {
		return tx.OutboxItems(func(o *domain.OutboxItem) error { out = append(out, *o); return nil }, states...)
	}); err != nil {
		r.t.Fatal(err)
	}
	return out
}

// messages lists a server folder as a client sees it.
func (r *rig) messages(folder string) []loopback.StoredMessage {
	r.t.Helper()
	msgs, err := r.imap.Messages(folder)
	if err != nil {
		r.t.Fatal(err)
	}
	return msgs
}

func hasFlag(m loopback.StoredMessage, flag string) bool {
	return slices.ContainsFunc(m.Flags, func(f string) bool { return strings.EqualFold(f, flag) })
}

// generatedNotice is a Department notice in the samples' plain «Метка: значение» layout with its own incident
// number, link and Message-ID; i makes each one distinct.
func generatedNotice(i int, detected time.Time) []byte { return makeNotice(i, detected, true) }

// bulkNotice is generatedNotice without the post's link. The desk looks for an earlier case about the same post
// by reading every case (domain.findRepeat), which makes intake quadratic in the number of cases; without links
// the bulk tests measure intake itself.
func bulkNotice(i int, detected time.Time) []byte { return makeNotice(i, detected, false) }

func makeNotice(i int, detected time.Time, withLink bool) []byte {
	number := fmt.Sprintf("%d", 5000000+i)
	villages := []string{"Кожевниково", "Уртам", "Вороново", "Новопокровка", "Чилино"}
	village := villages[i%len(villages)]
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: =?utf-8?b?0JLQtdGC0YDQvtCy0LAg0JDQvdC90LA=?= <%s>\r\n", deptFrom)
	fmt.Fprintf(&b, "To: %s\r\n", imapUser)
	fmt.Fprintf(&b, "Subject: =?utf-8?b?%s?=\r\n", b64("Сообщение из открытых источников № "+number+" — "+village))
	fmt.Fprintf(&b, "Date: %s\r\n", detected.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <gen-%s@dip.tomsk.example>\r\n", number)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	link := ""
	if withLink {
		link = fmt.Sprintf("Ссылка на сообщение: https://vk.com/wall-200000101_%d\n", 60000+i)
	}
	body := fmt.Sprintf(`Уважаемые коллеги!

Направляем для отработки сообщение из открытых источников.

Номер инцидента: %s
Дата и время выявления: %s
Социальная сеть: ВКонтакте
Источник: сообщество «Подслушано %s»
%sАвтор: Житель %d
Категория: Дороги / содержание в зимний период
Территория: Кожевниковский район, с. %s

Текст сообщения:
%s

--
С уважением,
Ветрова Анна Сергеевна
`, number, detected.In(tomsk).Format("02.01.2006 15:04"), village, link, i, village, citizenTexts[i%len(citizenTexts)])
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	return b.Bytes()
}

// citizenTexts carry no digits: a number in the citizen's words is not the notice's business here.
var citizenTexts = []string{
	"Когда уже почистят нашу улицу? Неделю ждём грейдер, машины садятся на брюхо.",
	"Третий день нет воды в колонке у школы, люди ходят с вёдрами через всё село.",
	"Фонари на центральной улице не горят с прошлой недели, вечером идти страшно.",
	"Автобус утром опять не пришёл, дети опоздали на уроки, водитель не отвечает.",
}

// paddedNotice is bulkNotice with an attachment of size bytes: a large message whose text stays small.
func paddedNotice(i int, detected time.Time, size int) []byte {
	plain := bulkNotice(i, detected)
	split := bytes.Index(plain, []byte("\r\n\r\n"))
	head, body := plain[:split], plain[split+4:]
	head = bytes.Replace(head, []byte("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit"),
		[]byte(`Content-Type: multipart/mixed; boundary="pad"`), 1)
	var b bytes.Buffer
	b.Write(head)
	b.WriteString("\r\n\r\n--pad\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.Write(body)
	b.WriteString("\r\n--pad\r\nContent-Type: application/octet-stream; name=\"scan.bin\"\r\n" +
		"Content-Disposition: attachment; filename=\"scan.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	data := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x5a, 0xa5, 0x3c}, size/3))
	for len(data) > 76 {
		b.WriteString(data[:76] + "\r\n")
		data = data[76:]
	}
	b.WriteString(data + "\r\n--pad--\r\n")
	return b.Bytes()
}

func generatedNumber(i int) string { return fmt.Sprintf("%d", 5000000+i) }

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
