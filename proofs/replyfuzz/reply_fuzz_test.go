// Package replyfuzz fuzzes how the desk ties incoming mail to executors' tasks (domain/replies.go: our Message-IDs
// in In-Reply-To and References, the case tag in the subject, the sender's only open task), through
// domain.Desk.Ingest over a real bbolt store, with headers the fuzzer chooses. It holds only this test.
package replyfuzz

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"otklik/assets"
	"otklik/domain"
	"otklik/domain/worktime"
	"otklik/internal/testdesk"
	"otklik/mailbridge/parse"
	"otklik/storage"
)

var tomsk = func() *time.Location {
	l, err := time.LoadLocation("Asia/Tomsk")
	if err != nil {
		panic(err)
	}
	return l
}()

const (
	zhkh  = "zhkh@example.ru"
	urtam = "urtam@example.ru"
)

// world is one desk with a case dispatched to two executors, both task e-mails sent: the references a reply can
// point at. It is made once per fuzzing process and kept (each input adds to it, as real mail does).
type world struct {
	mu      sync.Mutex
	desk    *domain.Desk
	db      *storage.DB
	caseID  domain.CaseID
	taskIDs []string // Message-IDs of the two task e-mails
	uid     uint32
}

var (
	worldOnce sync.Once
	shared    *world
	worldErr  error
)

func newWorld(dir string) (*world, error) {
	db, err := storage.Open(dir, time.Second)
	if err != nil {
		return nil, err
	}
	cal, err := worktime.ParseCalendarJSON(assets.CalendarJSON)
	if err != nil {
		return nil, err
	}
	calc, err := worktime.New(worktime.DefaultSchedule(), cal, nil)
	if err != nil {
		return nil, err
	}
	now := time.Date(2026, 1, 13, 11, 0, 0, 0, tomsk)
	p := domain.Policy{OrgName: "Администрация", TagPrefix: "ОТК", Location: tomsk,
		Settlements: []string{"Кожевниково", "Уртам"}, DepartmentAddresses: []string{"@dip.tomsk.example"},
		HeadAddress: "glava@example.ru", MailboxAddress: "koordinator@example.ru", Deadlines: domain.DefaultDeadlineRules(),
		LockoutAttempts: 5, LockoutDuration: 15 * time.Minute, Templates: assets.Templates()}
	desk := domain.NewDesk(db, domain.ClockFunc(func() time.Time { return now }),
		testdesk.Hasher, calc, p)
	err = desk.Setup(nil, domain.SetupRequest{
		Users: []domain.NewUser{{User: domain.User{Login: "koordinator", Name: "Бирюкова Ирина", Position: "Специалист",
			Email: "koordinator@example.ru", Role: domain.RoleCoordinator}, Password: "Kozh-2026-ab!Coord"},
			{User: domain.User{Login: "admin", Name: "ИТ", Position: "Администратор", Email: "it@example.ru",
				Role: domain.RoleAdmin}, Password: "Kozh-2026-ab!Admin"}},
		Executors: []domain.Executor{
			{Login: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Position: "Заместитель", Email: zhkh, Active: true},
			{Login: "urtam", Name: "Петрова Анна Викторовна", Position: "Глава поселения", Email: urtam, Active: true},
		},
		SettingsDoc: []byte(`{}`),
	})
	if err != nil {
		return nil, err
	}
	detected := now.Add(-time.Hour)
	res, err := desk.Ingest([]domain.Incoming{{UID: 1, InternalDate: now.Add(-50 * time.Minute), Raw: []byte("notice"),
		Hash: "notice", MessageID: "notice-1@dip.tomsk.example", From: "a.vetrova@dip.tomsk.example", Subject: "Сообщение № 4512937",
		FromDepartment: true, Incidents: []domain.Incident{{Number: "4512937", DetectedAt: &detected, Network: "vk",
			Settlement: "Кожевниково", Text: "Когда почистят дорогу?"}}}}, domain.SyncState{})
	if err != nil || len(res.NewCases) != 1 {
		return nil, fmt.Errorf("notice: %v %+v", err, res)
	}
	if _, err := desk.Dispatch("koordinator", "4512937", domain.DispatchRequest{To: []string{"zam-zhkh", "urtam"}}); err != nil {
		return nil, err
	}
	items, err := desk.ClaimOutbox(10)
	if err != nil || len(items) != 2 {
		return nil, fmt.Errorf("claim: %v %d", err, len(items))
	}
	w := &world{desk: desk, db: db, caseID: res.NewCases[0], uid: 1}
	for _, it := range items {
		if err := desk.OutboxDone(domain.OutboxResult{ID: it.ID}); err != nil {
			return nil, err
		}
		w.taskIDs = append(w.taskIDs, it.MessageID)
	}
	return w, nil
}

// storeDir holds the store of this process.
var storeDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "otklik-replyfuzz-")
	if err != nil {
		panic(err)
	}
	storeDir = dir
	code := m.Run()
	if shared != nil {
		shared.db.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// kinds are the classifications intake gives mail (mailbridge/convert.go).
var kinds = []domain.MailKind{domain.MailOrdinary, domain.MailBounce, domain.MailAutoReply}

// splice lets the fuzzer reach the matching paths: 1 and 2 put a real task Message-ID into the header, 3 the
// case tag (in its Cyrillic or Latin form) into the subject.
func (w *world) splice(pick uint8, header, subject string) (string, string) {
	switch pick % 5 {
	case 1:
		header = "<" + w.taskIDs[0] + "> " + header
	case 2:
		header = header + " <" + w.taskIDs[1] + ">"
	case 3:
		subject = "Re: [" + string(w.caseID) + "] " + subject
	case 4:
		subject = "Re: [" + w.caseID.Latin() + "] " + subject
	}
	return header, subject
}

// П.8, domain/replies.go: whatever the headers say, Ingest takes the mail without an error; an ordinary message
// ends as exactly one of draft, triage or duplicate; and a draft is only ever recorded for the task of the
// executor who sent it (the sender is always checked against the task).
func FuzzReplyMatching(f *testing.F) {
	f.Add("zhkh@example.ru", "", "", "Re: поручение", uint8(0), uint8(1), "Проект ответа")
	f.Add("urtam@example.ru", "", "", "Re: поручение", uint8(0), uint8(1), "Проект от чужого адреса")
	f.Add("ZHKH@Example.RU ", "<x@y>", "", "ответ", uint8(0), uint8(2), "по References")
	f.Add("urtam@example.ru", "", "<a@b> <c@d>", "ответ", uint8(0), uint8(3), "по тегу")
	f.Add("chuzhoy@example.org", "", "", "ответ", uint8(0), uint8(4), "тег, чужой отправитель")
	f.Add("mailer-daemon@example.ru", "", "", "Undelivered", uint8(1), uint8(1), "недоставка")
	f.Add("zhkh@example.ru", "", "", "Автоответ", uint8(2), uint8(1), "в отпуске")
	f.Add("", "<<>>", "\x00", "[ОТК-2026-9999] [OTK-2026-0001]", uint8(0), uint8(0), "")
	f.Fuzz(func(t *testing.T, from, inReplyTo, references, subject string, kind, pick uint8, text string) {
		worldOnce.Do(func() {
			// One store per fuzzing process (a fuzz worker is a process of its own), removed by TestMain.
			shared, worldErr = newWorld(storeDir)
		})
		if worldErr != nil {
			t.Fatal(worldErr)
		}
		w := shared
		w.mu.Lock()
		defer w.mu.Unlock()
		inReplyTo, subject = w.splice(pick, inReplyTo, subject)
		refs := strings.Fields(references)
		if pick%5 == 2 {
			refs = append(refs, "<"+w.taskIDs[1]+">")
		}
		w.uid++
		m := domain.Incoming{UID: w.uid, InternalDate: time.Date(2026, 1, 13, 10, 30, 0, 0, tomsk),
			Raw: []byte(text), Hash: fmt.Sprintf("fuzz-%d", w.uid), MessageID: fmt.Sprintf("fuzz-%d@example.ru", w.uid),
			InReplyTo: strings.Fields(inReplyTo), References: refs, From: from, Subject: subject, Text: text,
			QuotedStripped: parse.StripQuoted(text), Kind: kinds[int(kind)%len(kinds)], BounceMessageID: inReplyTo}
		for _, tag := range parse.TagsInSubject(subject, "ОТК", "OTK") {
			m.Tags = append(m.Tags, domain.CaseID(tag))
		}
		before := w.draftCount(t)
		res, err := w.desk.Ingest([]domain.Incoming{m}, domain.SyncState{})
		if err != nil {
			t.Fatalf("Ingest refused the mail: %v (from %q, In-Reply-To %q, subject %q)", err, from, inReplyTo, subject)
		}
		after := w.draftCount(t)
		if m.Kind == domain.MailOrdinary && len(res.Drafts)+res.Triaged+res.Duplicates != 1 {
			t.Fatalf("an ordinary message ended as %+v", res)
		}
		if m.Kind != domain.MailOrdinary && len(res.Drafts) != 0 {
			t.Fatalf("a %s became a draft", m.Kind)
		}
		if after != before+len(res.Drafts) {
			t.Fatalf("%d drafts before, %d after, %d reported", before, after, len(res.Drafts))
		}
		if len(res.Drafts) == 1 {
			c := w.caseOf(t, res.Drafts[0])
			d := c.Drafts[len(c.Drafts)-1]
			task := c.Task(d.TaskID)
			if task == nil || !strings.EqualFold(strings.TrimSpace(task.Email), strings.TrimSpace(from)) {
				t.Fatalf("a draft from %q was recorded on the task of %+v", from, task)
			}
		}
	})
}

func (w *world) draftCount(t *testing.T) int {
	n := 0
	err := w.db.View(func(tx domain.Tx) error {
		return tx.Cases(func(c *domain.Case) error { n += len(c.Drafts); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *world) caseOf(t *testing.T, id domain.CaseID) *domain.Case {
	var c *domain.Case
	if err := w.db.View(func(tx domain.Tx) (err error) { c, err = tx.Case(id); return err }); err != nil {
		t.Fatal(err)
	}
	return c
}

// The fuzz target's properties are reachable: a reply in the thread of a task from its executor is a draft, the
// same reply from the other executor is not taken as hers, and a tag in the subject finds the case.
func TestReplyPathsReachable(t *testing.T) {
	worldOnce.Do(func() { shared, worldErr = newWorld(storeDir) })
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	w := shared
	w.mu.Lock()
	defer w.mu.Unlock()
	owner := map[string]string{}
	if err := w.db.View(func(tx domain.Tx) error {
		return tx.OutboxItems(func(o *domain.OutboxItem) error { owner[o.MessageID] = o.To[0]; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	ingest := func(from, inReplyTo, subject string) domain.IngestResult {
		w.uid++
		m := domain.Incoming{UID: w.uid, InternalDate: time.Date(2026, 1, 13, 10, 30, 0, 0, tomsk), Raw: []byte("x"),
			Hash: fmt.Sprintf("reach-%d", w.uid), MessageID: fmt.Sprintf("reach-%d@example.ru", w.uid),
			InReplyTo: strings.Fields(inReplyTo), From: from, Subject: subject, Text: "Проект", Kind: domain.MailOrdinary}
		for _, tag := range parse.TagsInSubject(subject, "ОТК", "OTK") {
			m.Tags = append(m.Tags, domain.CaseID(tag))
		}
		res, err := w.desk.Ingest([]domain.Incoming{m}, domain.SyncState{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := w.taskIDs[0]
	if res := ingest("chuzhoy@example.org", "<"+first+">", "Re: поручение"); len(res.Drafts) != 0 || res.Triaged != 1 {
		t.Errorf("a stranger's reply in the thread of a task: %+v", res)
	}
	if res := ingest(strings.Trim(owner[first], "<> "), "<"+first+">", "Re: поручение"); len(res.Drafts) != 1 {
		t.Errorf("a reply from %s in the thread of her task: %+v", owner[first], res)
	}
	// The other executor answering in that thread is recorded on her own task of the case, never on the first.
	other := zhkh
	if strings.Contains(owner[first], zhkh) {
		other = urtam
	}
	if res := ingest(other, "<"+first+">", "Re: поручение"); len(res.Drafts) != 1 {
		t.Errorf("a reply from %s in the thread of %s's task: %+v", other, owner[first], res)
	} else if c := w.caseOf(t, res.Drafts[0]); c.Task(c.Drafts[len(c.Drafts)-1].TaskID).Email != other {
		t.Errorf("recorded on the task of %s", c.Task(c.Drafts[len(c.Drafts)-1].TaskID).Email)
	}
	if res := ingest("chuzhoy@example.org", "", "Re: ["+w.caseID.Latin()+"] ответ"); len(res.Drafts) != 0 || res.Triaged != 1 {
		t.Errorf("a stranger's reply with the tag: %+v", res)
	}
	if res := ingest(other, "", "Re: ["+w.caseID.Latin()+"] ответ"); len(res.Drafts) != 1 {
		t.Errorf("a reply with the Latin tag from %s: %+v", other, res)
	}
}
