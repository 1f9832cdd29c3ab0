package ui

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"otklik/assets"
	"otklik/domain"
	"otklik/internal/testdesk"
)

// Only the tests build a real store (internal/testdesk): the window itself knows the desk through the Desk
// interface.

var tomsk = func() *time.Location { l, _ := time.LoadLocation("Asia/Tomsk"); return l }()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, tomsk)
	if err != nil {
		panic(err)
	}
	return t
}

// clock is the desk's controlled clock.
type clock = testdesk.Clock

const coordPass = "Kozh-2026-ab!Coord"

// coordinator and supervisor are the accounts every UI test desk has.
var (
	coordinatorUser = domain.NewUser{User: domain.User{Login: "koordinator", Name: "Бирюкова Ирина Александровна", Position: "Специалист", Email: "koordinator@example.ru", Role: domain.RoleCoordinator}, Password: coordPass}
	supervisorUser  = domain.NewUser{User: domain.User{Login: "upravdel", Name: "Савельева Вера Ивановна", Position: "Управляющий делами", Email: "upravdel@example.ru", Role: domain.RoleSupervisor}, Password: coordPass}
)

// newTestDesk is the real service over a real bbolt file in t.TempDir(), with the embedded calendar and
// templates, a coordinator, a supervisor and three executors.
func newTestDesk(t testing.TB, now time.Time) (*domain.Desk, *clock) {
	return newDeskWith(t, now, coordinatorUser, supervisorUser)
}

// newDeskWith builds the test desk with the given accounts.
func newDeskWith(t testing.TB, now time.Time, users ...domain.NewUser) (*domain.Desk, *clock) {
	t.Helper()
	p := testdesk.Policy(tomsk)
	p.SignificanceKeywords = []string{"школ", "отоплени"}
	p.ShippedTemplates = assets.Templates()
	clk := testdesk.NewClock(now)
	desk := testdesk.New(t, testdesk.Store(t), clk, p)
	err := desk.Setup(nil, domain.SetupRequest{
		Users: users,
		Executors: []domain.Executor{
			{Login: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Position: "Заместитель Главы по ЖКХ", Email: "zhkh@example.ru", Categories: []string{"Дороги"}, Active: true},
			{Login: "urtam", Name: "Петрова Анна Викторовна", Position: "Глава Уртамского поселения", Email: "urtam@example.ru", Settlements: []string{"Уртам"}, Active: true},
			{Login: "school", Name: "Сидоров Олег Ильич", Position: "Начальник отдела образования", Email: "edu@example.ru", Active: true},
		},
		SettingsDoc: []byte(`{}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	return desk, clk
}

// incident describes a synthetic Department notice with one incident.
type incident struct {
	number, settlement, text, url, network string
	received                               time.Time
	significant                            bool
}

var uid uint32

func ingest(t testing.TB, d *domain.Desk, incs ...incident) []domain.CaseID {
	t.Helper()
	var batch []domain.Incoming
	for _, in := range incs {
		uid++
		if in.network == "" {
			in.network = "vk"
		}
		if in.url == "" {
			in.url = "https://vk.com/wall-1_" + in.number
		}
		batch = append(batch, domain.Incoming{Mailbox: "INBOX", UIDValidity: 1, UID: uid, InternalDate: in.received,
			Raw: []byte("notice " + in.number), Hash: "hash-" + in.number, MessageID: "notice-" + in.number + "@dip.tomsk.example",
			From: "monitoring@dip.tomsk.example", Subject: "Инцидент № " + in.number, FromDepartment: true,
			Incidents: []domain.Incident{{Number: in.number, Network: in.network, URL: in.url, Author: "Сергей Мальцев",
				Source: "«Подслушано Кожевниково»", Settlement: in.settlement, Category: "Дороги", Text: in.text,
				SociallySignificant: in.significant}}})
	}
	res, err := d.Ingest(batch, domain.SyncState{})
	if err != nil {
		t.Fatal(err)
	}
	return res.NewCases
}

// reply is an executor's answer in the thread of her task e-mail (П.8).
func reply(t testing.TB, d *domain.Desk, id domain.CaseID, executor, text string, received time.Time, photos int) {
	t.Helper()
	c, _, err := d.CaseDetail("koordinator", string(id))
	if err != nil {
		t.Fatal(err)
	}
	task := c.OpenTaskFor(executor)
	if task == nil {
		t.Fatalf("%s has no open task on %s", executor, id)
	}
	// In the thread of the task mail when its Message-ID is known, and always with the tag in the subject (as
	// mailbridge reports it).
	var inReplyTo []string
	if n := len(task.MessageIDs); n > 0 {
		inReplyTo = []string{task.MessageIDs[n-1]}
	}
	uid++
	var atts []domain.IncomingAttachment
	for i := 0; i < photos; i++ {
		atts = append(atts, domain.IncomingAttachment{Name: fmt.Sprintf("фото%d.jpg", i+1), ContentType: "image/jpeg", Data: []byte(executor + text + fmt.Sprint(i))})
	}
	_, err = d.Ingest([]domain.Incoming{{Mailbox: "INBOX", UIDValidity: 1, UID: uid, InternalDate: received,
		Raw: []byte("reply " + text), Hash: fmt.Sprintf("reply-%d", uid), MessageID: fmt.Sprintf("reply-%d@example.ru", uid),
		InReplyTo: inReplyTo, Tags: []domain.CaseID{id}, From: task.Email, Subject: "Re: [" + string(id) + "]",
		Text: text + "\n\n> цитата", QuotedStripped: text, Attachments: atts}}, domain.SyncState{})
	if err != nil {
		t.Fatal(err)
	}
}

// harness is a window over a real desk, logged in as the coordinator, with a synchronous spawn.
type harness struct {
	t      *testing.T
	desk   *domain.Desk
	clk    *clock
	app    fyne.App
	win    fyne.Window
	v      *View
	opened []string
}

func newHarness(t *testing.T, desk *domain.Desk, clk *clock, draftDir string) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("Отклик")
	w.Resize(fyne.NewSize(1366, 768))
	h := &harness{t: t, desk: desk, clk: clk, app: a, win: w}
	h.v = newView(a, w, Deps{Desk: desk, DraftDir: draftDir})
	h.v.openURL = func(u *url.URL) error { h.opened = append(h.opened, u.String()); return nil }
	t.Cleanup(func() { h.v.Stop(); w.Close() })
	return h
}

func (h *harness) logIn(login, password string) {
	h.t.Helper()
	h.v.login.login.SetText(login)
	test.Type(h.v.login.password, password)
	test.Tap(h.v.login.submit)
}

// row finds the list row showing the case (the list creates rows only for what is on screen).
func (h *harness) row(id domain.CaseID) *queueRow {
	h.t.Helper()
	pos := h.v.model.Position(id)
	if pos < 0 {
		h.t.Fatalf("%s is not in the list", id)
	}
	h.v.queue.list.ScrollTo(pos)
	for _, r := range h.v.queue.rows {
		if r.id == pos && r.caseID == id {
			return r
		}
	}
	h.t.Fatalf("no row on screen for %s (position %d)", id, pos)
	return nil
}

// open selects the case in the list, as a click would.
func (h *harness) open(id domain.CaseID) {
	h.t.Helper()
	pos := h.v.model.Position(id)
	if pos < 0 {
		h.t.Fatalf("%s is not in the list", id)
	}
	h.v.queue.list.Select(pos)
	if h.v.panel.c == nil || h.v.panel.c.ID != id {
		h.t.Fatalf("panel shows %v, want %s", h.v.panel.c, id)
	}
}

func (h *harness) listIDs() []string {
	var out []string
	for i := 0; i < h.v.model.Len(); i++ {
		out = append(out, string(h.v.model.At(i).Case.ID))
	}
	return out
}

func (h *harness) caseNow(id domain.CaseID) *domain.Case {
	h.t.Helper()
	c, _, err := h.desk.CaseDetail("koordinator", string(id))
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

func contains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("%s: %q does not contain %q", what, got, want)
	}
}
