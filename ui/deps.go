package ui

import (
	"context"
	"time"

	"otklik/domain"
	"otklik/domain/worktime"
)

// Desk is what the window needs from the service; *domain.Desk satisfies it. Declared here, by its consumer, so
// tests and the window depend on use cases, not on storage.
type Desk interface {
	Login(login, password string) (*domain.Session, error)
	IsNew() (bool, error)
	CreateFirstAdmin(nu domain.NewUser) error
	WhoAmI(login string) (domain.Actor, error)
	Policy() domain.Policy
	Now() time.Time
	Calc() *worktime.Calc
	Remaining(c *domain.Case, now time.Time) (at time.Time, kind string, left time.Duration, ok bool)

	Cases(login string, statuses ...domain.Status) ([]*domain.Case, error)
	UrgentCases(login string, n int) ([]*domain.Case, error)
	CaseDetail(login, ref string) (*domain.Case, domain.CaseJSON, error)
	Attachment(login, ref, blobID string) ([]byte, error)
	RawNotice(login, ref string) ([]byte, error)
	TemplateKinds() []string
	PreviewTemplate(login, kind, text, ref string) (subject, body string, err error)
	SaveTemplate(login, kind, text string) error
	Executors(login string) ([]domain.Executor, error)
	TriageList(login string) ([]domain.TriageItem, error)
	OutboxView(login string, states ...domain.OutboxState) ([]domain.OutboxItem, error)

	Dispatch(login, ref string, req domain.DispatchRequest) (*domain.Case, error)
	ReturnDraft(login, ref, executor, note string) (*domain.Case, error)
	ConfirmDraft(login, ref, executor string) (*domain.Case, error)
	DetachDraft(login, ref, executor string) (*domain.Case, error)
	Answer(login, ref string, req domain.AnswerRequest) (*domain.Case, error)
	Reject(login, ref, reason, note string) (*domain.Case, error)
	Escalate(login, ref, note string) (*domain.Case, error)
	LinkRepeat(login, ref, earlier string) (*domain.Case, error)
	TriageAttach(login, mailID, ref string) error
	TriageDismiss(login, mailID, note string) error
	RetryOutbox(login, id string) error

	RoomsDesk // the other rooms of the window (rooms_nav.go)
}

var _ Desk = (*domain.Desk)(nil)

// StatusInfo is what the workers report for the status bar; the caller assembles it (Deps.Status).
type StatusInfo struct {
	MailConnected bool
	LastSync      time.Time // zero: never synced
	MailError     string    // the last sync error in Russian, "" when the last round went well
	OutboxWaiting int       // queued or sending
	OutboxFailed  int       // failed or "may have been sent": they wait for the coordinator
}

// Deps is what cmd hands to the window.
type Deps struct {
	Desk Desk
	// Status reports the workers' state; called from the ticker goroutine at every tick, so it must be cheap and
	// safe for concurrent use. Nil shows nothing about mail.
	Status func() StatusInfo
	// TickEvery is how often the countdowns tick; 0 is once a minute, on the minute (they show minutes). The
	// proofs tick faster to measure what a tick costs.
	TickEvery time.Duration
	// DemoLogins is shown on the login screen when non-empty (otklik demo).
	DemoLogins string
	// Kick asks the workers to sync and send now (button «Проверить почту»); nil hides the button.
	Kick func()
	// DraftDir is the folder where the answer being composed is saved on every change, so it survives a crash.
	// "" keeps it in memory only.
	DraftDir string
	// Context, when given, stops the ticker when it is cancelled (closing the window stops it too).
	Context context.Context
	// OnLogin is called on the UI goroutine after a successful login (cmd may start the mail workers with the
	// session's data key). May be nil.
	OnLogin func(s *domain.Session)

	// CheckMail and CheckSMTP try to connect and log in to the mail servers of the settings in force (buttons
	// «Проверить подключение» of «Настройки»); the error's text, the server's own words, is shown as is. Called
	// off the UI goroutine with a context the window cancels when it closes. Nil hides the button.
	CheckMail func(ctx context.Context) error
	CheckSMTP func(ctx context.Context) error
	// LoadSettings returns the settings file in force as TOML text for the editor of «Настройки» (only the
	// administrator sees the editor). Nil, or an error, leaves the room with what Policy says.
	LoadSettings func() (string, error)
	// ApplySettings checks and applies an edited settings file (settings.ParseKeeping, then desk.Setup with the
	// administrator's session). A settings.Errors result is listed line by line; any other error is shown as is.
	// Called off the UI goroutine. Nil makes the editor read-only.
	ApplySettings func(toml string) error
	// ImportCalendar adds the years of a production calendar file (xmlcalendar XML or JSON) and puts them in force
	// (admin only); it returns the years imported. Nil hides the button.
	ImportCalendar func(login, name string, data []byte) ([]int, error)
}
