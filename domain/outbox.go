package domain

import "time"

// OutboxState is the life of an outgoing e-mail.
type OutboxState string

const (
	OutQueued  OutboxState = "queued"
	OutSending OutboxState = "sending"
	OutSent    OutboxState = "sent"
	OutFailed  OutboxState = "failed"
	// OutUncertain marks an item found "sending" after a crash: it may have been sent; never re-sent silently.
	OutUncertain OutboxState = "uncertain"
)

// Mail kinds say why an e-mail was sent.
const (
	MailTask        = "task"
	MailRework      = "rework"
	MailReminder    = "reminder"
	MailOverdue     = "overdue"
	MailAnswer      = "answer"
	MailReject      = "reject"
	MailEscalation  = "escalation"
	MailHandover    = "handover"
	MailReport      = "report"
	MailFinalNotice = "final_notice"
)

// OutboxItem is an outgoing e-mail, part of the state change that caused it.
type OutboxItem struct {
	ID          string
	MessageID   string
	Kind        string
	CaseID      CaseID
	TaskID      int
	FromName    string
	To          []string
	Cc          []string
	ReplyTo     string
	Subject     string
	InReplyTo   string
	References  []string
	Headers     map[string]string
	Text        string
	Attachments []Attachment
	State       OutboxState
	Attempts    int
	NextAttempt time.Time
	LastError   string
	QueuedAt    time.Time
	SentAt      *time.Time
	By          string
	// AttemptAt is when the sender began talking to the server about this item in its current claim: an item a
	// crash leaves "sending" without it never reached the server and goes back to the queue; with it, it may have
	// been sent and waits for the coordinator.
	AttemptAt *time.Time `json:",omitempty"`
}
