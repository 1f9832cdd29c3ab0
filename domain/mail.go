package domain

import "time"

// MailKind is how intake classified an incoming message.
type MailKind string

const (
	MailOrdinary  MailKind = "ordinary"
	MailBounce    MailKind = "bounce"
	MailAutoReply MailKind = "auto_reply"
)

// Incoming is one fetched message, parsed by mailbridge into plain domain terms.
type Incoming struct {
	Mailbox      string
	UIDValidity  uint32
	UID          uint32
	InternalDate time.Time
	Raw          []byte
	Hash         string // sha256 of Raw: with the Message-ID it deduplicates a rescan

	MessageID  string
	InReplyTo  []string
	References []string
	From       string
	FromName   string
	Subject    string
	Text       string
	// QuotedStripped is Text without quoted history (an executor's own words).
	QuotedStripped  string
	Kind            MailKind
	BounceMessageID string
	Attachments     []IncomingAttachment
	Tags            []CaseID
	FromDepartment  bool
	Incidents       []Incident
	// Problem is set when the message could not be read (size, MIME depth, broken structure): it goes to triage
	// with this reason in Russian.
	Problem string
}

// IncomingAttachment is an attachment's content as fetched.
type IncomingAttachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Incident is one incident of a Department notice.
type Incident struct {
	Number              string
	RelatedNumbers      []string
	DetectedAt          *time.Time
	Network             string
	Source              string
	URL                 string
	Author              string
	Category            string
	Settlement          string
	Text                string
	StatedDue           *time.Time
	SociallySignificant bool
	Repeat              bool
	Priority            bool
	Reach               string
	Unrecognised        string
	// Judged is what Desk.Prepare found out about the text before the batch's transaction; nil when it did not run.
	Judged *TextJudgement
}

// TextJudgement is the part of a new case that depends on the citizen's text alone (П.14 screening, П.17
// keywords): worked out on every core while the store commits another batch, not inside its transaction.
type TextJudgement struct {
	Screening             Screening
	SignificanceSuggested bool
}

// StoredMail is the raw message kept for "show the original" and for audits.
type StoredMail struct {
	ID           string
	Mailbox      string
	UIDValidity  uint32
	UID          uint32
	InternalDate time.Time
	MessageID    string
	Hash         string
	From         string
	Subject      string
	Raw          []byte
}

// TriageItem is mail that matched nothing (разбор почты).
type TriageItem struct {
	MailID     string
	ReceivedAt time.Time
	From       string
	Subject    string
	Reason     string
	Excerpt    string
	State      string // open | attached | dismissed
	CaseID     CaseID
	Note       string
	By         string
	At         *time.Time
	// Reply is kept for mail that looked like an executor's reply: attached to a case with a task of the sender,
	// it becomes her draft. Items from before it was kept have none and are attached as history only.
	Reply *ReplyBody `json:",omitempty"`
}

// ReplyBody is what a draft keeps of an executor's reply: its text, the text without the quoted history, and its
// stored files. A reply that went to triage keeps it until it is attached to a case.
type ReplyBody struct {
	Text           string
	QuotedStripped string
	Attachments    []Attachment
}

// SyncState is the IMAP position per mailbox.
type SyncState struct {
	Mailbox     string
	UIDValidity uint32
	LastUID     uint32
}

// Ref is what a Message-ID we sent or received points to.
type Ref struct {
	CaseID CaseID
	TaskID int
	Kind   string
}
