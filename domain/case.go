package domain

import (
	"strconv"
	"strings"
	"time"
)

// CaseID is the case tag shown in subjects, e.g. "ОТК-2026-0042".
type CaseID string

// Status is a case state; the names are the CLI contract (CLI.md "Case states").
type Status string

const (
	StatusNew            Status = "new"
	StatusDispatched     Status = "dispatched"
	StatusDraftsReceived Status = "drafts_received"
	StatusInterimSent    Status = "interim_sent"
	StatusFinalSent      Status = "final_sent"
	StatusRejected       Status = "rejected"
)

// Statuses lists every case state in lifecycle order.
var Statuses = []Status{StatusNew, StatusDispatched, StatusDraftsReceived, StatusInterimSent, StatusFinalSent, StatusRejected}

// Open reports whether the case still has a deadline running.
func (s Status) Open() bool { return s != StatusFinalSent && s != StatusRejected }

// Valid reports whether s is one of the known states.
func (s Status) Valid() bool {
	for _, k := range Statuses {
		if k == s {
			return true
		}
	}
	return false
}

// Reject reason codes (П.14, П.18), shared with screening.
const (
	ReasonObscene    = "obscene"
	ReasonInsult     = "insult"
	ReasonThreat     = "threat"
	ReasonHarm       = "harm"
	ReasonOutOfScope = "out-of-scope"
)

// RejectReasons lists the codes `reject --reason` accepts.
var RejectReasons = []string{ReasonObscene, ReasonInsult, ReasonThreat, ReasonHarm, ReasonOutOfScope}

// Networks are the social-network codes of the case JSON.
var Networks = []string{"vk", "ok", "telegram", "instagram", "facebook", "other"}

// Screening is the suggestion of П.14: never an automatic rejection.
type Screening struct {
	Suggested bool     `json:"suggested"`
	Reasons   []string `json:"reasons"`
	Fragments []string `json:"fragments,omitempty"`
}

// Attachment refers to a stored blob.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	BlobID      string `json:"blob_id,omitempty"`
}

// Case is one message from open sources: one incident of a Department notice.
//
// The store keeps it as JSON without its zero fields (omitzero, here and in Task, Draft, Answer): a new case is
// mostly empty, and intake encodes every case while the window decodes all open ones at each reload.
type Case struct {
	ID          CaseID   `json:",omitzero"`
	Year, Seq   int      `json:",omitzero"`
	Status      Status   `json:",omitzero"`
	IncidentIDs []string `json:",omitzero"`
	Network     string   `json:",omitzero"`
	URL         string   `json:",omitzero"`
	Source      string   `json:",omitzero"`
	Author      string   `json:",omitzero"`
	Settlement  string   `json:",omitzero"`
	Category    string   `json:",omitzero"`
	Text        string   `json:",omitzero"`
	// Unrecognised keeps what the parser could not place, so nothing of the notice is hidden.
	Unrecognised string `json:",omitzero"`
	Reach        string `json:",omitzero"`

	DetectedAt *time.Time `json:",omitzero"`
	ReceivedAt time.Time  `json:",omitzero"`
	ClockStart time.Time  `json:",omitzero"`
	StatedDue  *time.Time `json:",omitzero"`
	AnswerDue  time.Time  `json:",omitzero"`
	DraftsDue  time.Time  `json:",omitzero"`
	// ComputedAnswerDue is clock start + 7 working hours, before the stated deadline is applied; shown beside it.
	ComputedAnswerDue time.Time `json:",omitzero"`

	InterimSentAt  *time.Time `json:",omitzero"`
	FinalDue       *time.Time `json:",omitzero"`
	FinalDraftsDue *time.Time `json:",omitzero"`
	FinalSentAt    *time.Time `json:",omitzero"`

	SociallySignificant bool `json:",omitzero"`
	// SignificanceSuggested: the settings' keywords matched; the coordinator decides (П.17).
	SignificanceSuggested bool       `json:",omitzero"`
	Priority              bool       `json:",omitzero"`
	EscalatedAt           *time.Time `json:",omitzero"`
	RepeatOf              CaseID     `json:",omitzero"`
	SuggestedRepeatOf     CaseID     `json:",omitzero"`
	// DepartmentRepeat: the notice itself says ПОВТОРНОЕ (П.12), whether or not the earlier case is found here.
	DepartmentRepeat bool     `json:",omitzero"`
	RelatedIncidents []string `json:",omitzero"`
	// SurgeWith lists the earlier open cases about the same settlement within the surge window (П.17), or, when
	// SurgeTopic is set, those on the same topic (the Department's category) wherever they are.
	SurgeWith    []CaseID     `json:",omitzero"`
	SurgeTopic   string       `json:",omitzero"`
	RejectReason string       `json:",omitzero"`
	RejectNote   string       `json:",omitzero"`
	ReopenedAt   *time.Time   `json:",omitzero"`
	Screening    Screening    `json:",omitzero"`
	Attachments  []Attachment `json:",omitzero"`

	// The Department's notice this case came from: our answers reply to it.
	NoticeMailID    string `json:",omitzero"`
	NoticeMessageID string `json:",omitzero"`
	NoticeFrom      string `json:",omitzero"`
	NoticeSubject   string `json:",omitzero"`
	// ThreadIDs are the Message-IDs of our answers and rejection notices: a Department message replying to one of
	// them without a new incident number reopens the case.
	ThreadIDs []string `json:",omitzero"`

	Sequential bool     `json:",omitzero"`
	Tasks      []Task   `json:",omitzero"`
	Drafts     []Draft  `json:",omitzero"`
	Answers    []Answer `json:",omitzero"`
}

// SurgeAbout says what the case's surge is about, for the journal, the Head's e-mail and the window.
func (c *Case) SurgeAbout() string {
	if c.SurgeTopic != "" {
		return "на тему «" + c.SurgeTopic + "»"
	}
	return "о «" + c.Settlement + "»"
}

// draftLeft follows a draft leaving review (returned for rework, or detached): a case that was waiting on drafts
// to review is dispatched again once none is left in.
func (c *Case) draftLeft() {
	if c.Status != StatusDraftsReceived {
		return
	}
	for _, t := range c.Tasks {
		if t.Status == TaskDraftReceived {
			return
		}
	}
	c.Status = StatusDispatched
}

// IsRepeat tells whether the П.12 rules for a repeat apply: the coordinator linked it, or the Department marked it.
func (c *Case) IsRepeat() bool { return c.RepeatOf != "" || c.DepartmentRepeat }

// TaskStatus is an executor task's state (CLI.md "Task states").
type TaskStatus string

const (
	TaskPending       TaskStatus = "pending"
	TaskQueued        TaskStatus = "queued"
	TaskSent          TaskStatus = "sent"
	TaskDraftReceived TaskStatus = "draft_received"
	TaskBounced       TaskStatus = "bounced"
	TaskReturned      TaskStatus = "returned"
	// TaskClosed is a task still waiting when its case closed and was then reopened by the Department: it belonged
	// to the earlier round, gets no reminders, and does not keep its executor from being tasked again.
	TaskClosed TaskStatus = "closed"
)

// Task is one executor's assignment on a case (П.6, П.11).
type Task struct {
	ID                int        `json:",omitzero"`
	Executor          string     `json:",omitzero"` // login in the directory, or the e-mail address when outside it
	Name              string     `json:",omitzero"`
	Position          string     `json:",omitzero"`
	Email             string     `json:",omitzero"`
	Status            TaskStatus `json:",omitzero"`
	Lead              bool       `json:",omitzero"`
	Order             int        `json:",omitzero"`
	Final             bool       `json:",omitzero"` // dispatched after the interim answer: due at the final drafts deadline
	Note              string     `json:",omitzero"`
	NeedsConfirmation bool       `json:",omitzero"`
	ExecutorAway      bool       `json:",omitzero"`
	Overdue           bool       `json:",omitzero"`
	SentAt            *time.Time `json:",omitzero"`
	Due               time.Time  `json:",omitzero"`
	DraftAt           *time.Time `json:",omitzero"`
	// MessageIDs of every mail we sent for this task (task, rework, reminders): replies are matched by them.
	MessageIDs      []string   `json:",omitzero"`
	ReminderFor     *time.Time `json:",omitzero"` // the due time a reminder was already sent for: one reminder per task and due time
	OverdueNotified *time.Time `json:",omitzero"` // the due time the coordinator was already told about
	BounceReason    string     `json:",omitzero"`
}

// isFor tells whether the task is the executor's, named by her login or her e-mail address.
func (t Task) isFor(executor string) bool {
	return t.Executor == executor || sameAddress(t.Email, executor)
}

// Open reports whether the executor still owes a draft.
func (t Task) Open() bool {
	return t.Status == TaskPending || t.Status == TaskQueued || t.Status == TaskSent || t.Status == TaskReturned
}

// Draft is an executor's draft answer (П.8), kept with the original mail.
type Draft struct {
	ID                int          `json:",omitzero"`
	TaskID            int          `json:",omitzero"`
	Executor          string       `json:",omitzero"`
	At                time.Time    `json:",omitzero"`
	Kind              string       `json:",omitzero"` // interim | final: which deadline it served
	Text              string       `json:",omitzero"` // the reply without quoted history
	FullText          string       `json:",omitzero"`
	Attachments       []Attachment `json:",omitzero"`
	MailID            string       `json:",omitzero"`
	NeedsConfirmation bool         `json:",omitzero"`
	Returned          bool         `json:",omitzero"`
	ReturnNote        string       `json:",omitzero"`
}

// Answer kinds.
const (
	KindInterim = "interim"
	KindFinal   = "final"
)

// Answer is an approved answer queued to the Department (П.7, П.9, П.10, П.13).
type Answer struct {
	Kind        string       `json:",omitzero"`
	Text        string       `json:",omitzero"`
	ApprovedAt  time.Time    `json:",omitzero"`
	By          string       `json:",omitzero"`
	ActingFor   string       `json:",omitzero"`
	Attachments []Attachment `json:",omitzero"`
	OutboxID    string       `json:",omitzero"`
	MessageID   string       `json:",omitzero"`
}

// Latin returns the tag with the Latin prefix (ОТК → OTK) for shells and file names.
func (id CaseID) Latin() string { return latinize(string(id)) }

var cyrToLat = map[rune]string{
	'А': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Д': "D", 'Е': "E", 'Ё': "E", 'Ж': "ZH", 'З': "Z", 'И': "I", 'Й': "Y",
	'К': "K", 'Л': "L", 'М': "M", 'Н': "N", 'О': "O", 'П': "P", 'Р': "R", 'С': "S", 'Т': "T", 'У': "U", 'Ф': "F",
	'Х': "KH", 'Ц': "TS", 'Ч': "CH", 'Ш': "SH", 'Щ': "SHCH", 'Ъ': "", 'Ы': "Y", 'Ь': "", 'Э': "E", 'Ю': "YU", 'Я': "YA",
}

func latinize(s string) string {
	var b strings.Builder
	for _, r := range s {
		up := []rune(strings.ToUpper(string(r)))[0]
		if l, ok := cyrToLat[up]; ok {
			b.WriteString(l)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatCaseID builds the tag from the organisation's prefix, the year and the sequence number.
func FormatCaseID(prefix string, year, seq int) CaseID {
	n := strconv.Itoa(seq)
	for len(n) < 4 {
		n = "0" + n
	}
	return CaseID(prefix + "-" + strconv.Itoa(year) + "-" + n)
}

// Lead returns the lead task, or nil.
func (c *Case) Lead() *Task {
	for i := range c.Tasks {
		if c.Tasks[i].Lead {
			return &c.Tasks[i]
		}
	}
	return nil
}

// Task returns the task with the given id, or nil.
func (c *Case) Task(id int) *Task {
	for i := range c.Tasks {
		if c.Tasks[i].ID == id {
			return &c.Tasks[i]
		}
	}
	return nil
}

// OpenTaskFor returns the executor's open task on this case, or nil.
func (c *Case) OpenTaskFor(executor string) *Task {
	for i := range c.Tasks {
		if c.Tasks[i].Executor == executor && c.Tasks[i].Open() {
			return &c.Tasks[i]
		}
	}
	return nil
}

// TaskByEmail returns the latest task sent to this address, or nil: the sender of a reply is matched by her
// address only, never by a login that happens to look like one.
func (c *Case) TaskByEmail(addr string) *Task {
	for i := len(c.Tasks) - 1; i >= 0; i-- {
		if strings.Contains(addr, "@") && strings.EqualFold(c.Tasks[i].Email, strings.TrimSpace(addr)) {
			return &c.Tasks[i]
		}
	}
	return nil
}

// TaskFor returns the executor's latest task on this case, or nil.
func (c *Case) TaskFor(executor string) *Task {
	for i := len(c.Tasks) - 1; i >= 0; i-- {
		if c.Tasks[i].isFor(executor) {
			return &c.Tasks[i]
		}
	}
	return nil
}

// IndexKeys are the secondary index entries storage keeps for the case, by index name: the post it is about
// (repeats, П.12) and its settlement with the receipt time (surges, П.17). Values sort as their index is scanned.
func (c *Case) IndexKeys() map[string]string {
	keys := map[string]string{}
	if k := postKey(c.URL); k != "" {
		keys[IndexPost] = k
	}
	if c.Settlement != "" && c.Status.Open() {
		// Only open cases make a surge (П.17): closed ones leave this index, so a surge needs no case read.
		keys[IndexPlace] = PlaceKey(c.Settlement, c.ReceivedAt)
	}
	if k := AuthorKey(c.Author, c.Settlement, c.ReceivedAt); k != "" {
		keys[IndexAuthor] = k
	}
	if strings.TrimSpace(c.Category) != "" && c.Status.Open() {
		keys[IndexTopic] = PlaceKey(strings.TrimSpace(c.Category), c.ReceivedAt)
	}
	if at, _, ok := c.NextDue(); ok {
		keys[IndexDue] = at.UTC().Format(sortableTime)
	}
	return keys
}

const sortableTime = "2006-01-02T15:04:05.000000000Z"

// Index names of Case.IndexKeys.
const (
	IndexPost = "post"
	// IndexPlace orders the open cases of each settlement by receipt time.
	IndexPlace = "place"
	// IndexAuthor orders each author's cases in each settlement by receipt time, open or closed (П.12 repeats).
	IndexAuthor = "author"
	// IndexDue orders the open cases by their next deadline: the first page of the queue without reading them all.
	IndexDue = "due"
	// IndexTopic orders the open cases of each topic (the Department's category) by receipt time (П.17 surges
	// on one question across settlements). Its keys have the form of PlaceKey.
	IndexTopic = "topic"
)

// PlaceKey orders a settlement's cases by receipt time.
func PlaceKey(settlement string, t time.Time) string {
	return strings.ToLower(settlement) + "\x00" + t.UTC().Format(sortableTime)
}

// AuthorKey orders an author's cases in a settlement by receipt time; "" when either is unknown.
func AuthorKey(author, settlement string, t time.Time) string {
	author, settlement = strings.TrimSpace(author), strings.TrimSpace(settlement)
	if author == "" || settlement == "" {
		return ""
	}
	return strings.ToLower(author) + "\x00" + PlaceKey(settlement, t)
}

// keyTime reads the receipt time at the end of a PlaceKey or AuthorKey.
func keyTime(key string) (time.Time, bool) {
	i := strings.LastIndexByte(key, 0)
	if i < 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(sortableTime, key[i+1:])
	return t, err == nil
}
