package domain

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
)

// IngestResult says what a batch did, for the sync log and the window's notifications.
type IngestResult struct {
	NewCases   []CaseID
	Drafts     []CaseID
	Reopened   []CaseID
	Triaged    int
	Duplicates int
}

// Ingest commits one fetched batch and the mailbox position after it in one transaction (П.5): only after it
// returns may the caller mark or move the batch on the server.
func (d *Desk) Ingest(batch []Incoming, state SyncState) (IngestResult, error) {
	var res IngestResult
	err := d.store.Update(func(tx Tx) error {
		res = IngestResult{}
		for i := range batch {
			if err := d.ingestOne(tx, &batch[i], &res); err != nil {
				return fmt.Errorf("message uid %d: %w", batch[i].UID, err)
			}
		}
		if state.Mailbox != "" {
			return tx.PutSyncState(state)
		}
		return nil
	})
	return res, err
}

// Prepare does the work of a fetched message that needs no store — the screening of each incident's text and the
// significance keywords — so that intake can run it on every core before the batch's transaction. Ingest does it
// itself for whatever was not prepared.
func (d *Desk) Prepare(m *Incoming) {
	for i := range m.Incidents {
		inc := &m.Incidents[i]
		if inc.Judged == nil {
			inc.Judged = d.judge(inc.Text)
		}
	}
}

// judge is the store-free judgement of a citizen's text: П.14 screening and the П.17 keywords.
func (d *Desk) judge(text string) *TextJudgement {
	return &TextJudgement{Screening: d.screen(text), SignificanceSuggested: d.significant(text)}
}

// MailID is the stable id of a stored message: the same message found again after a UIDVALIDITY change gets
// the same id.
func MailID(m *Incoming) string {
	h := m.Hash
	if len(h) > 24 {
		h = h[:24]
	}
	return h
}

func (d *Desk) ingestOne(tx Tx, m *Incoming, res *IngestResult) error {
	if _, err := tx.MailByHash(m.MessageID, m.Hash); err == nil {
		res.Duplicates++
		return nil
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	if m.MessageID != "" {
		if r, err := tx.Ref(m.MessageID); err == nil && r.Kind != "notice" {
			// Our own e-mail (a notice to the coordinator's own mailbox, a copy): nothing to do.
			res.Duplicates++
			return nil
		}
	}
	sm := &StoredMail{ID: MailID(m), Mailbox: m.Mailbox, UIDValidity: m.UIDValidity, UID: m.UID,
		InternalDate: m.InternalDate, MessageID: m.MessageID, Hash: m.Hash, From: m.From, Subject: m.Subject, Raw: m.Raw}
	if err := tx.PutMail(sm); err != nil {
		return err
	}
	if err := d.audit(tx, SystemActor, "mail_in", "", fmt.Sprintf("письмо от %s: %s", m.From, m.Subject), "", sm.ID); err != nil {
		return err
	}
	if m.Problem != "" {
		return d.toTriage(tx, m, sm.ID, m.Problem, res)
	}
	if m.FromDepartment {
		return d.ingestNotice(tx, m, sm.ID, res)
	}
	return d.ingestReply(tx, m, sm.ID, res)
}

func (d *Desk) toTriage(tx Tx, m *Incoming, mailID, reason string, res *IngestResult) error {
	return d.putTriage(tx, m, mailID, reason, nil, res)
}

// replyToTriage keeps a reply that could not be tied to a task with its text and files, so that the coordinator
// can attach it to the right case as the executor's draft (TriageAttach).
func (d *Desk) replyToTriage(tx Tx, m *Incoming, mailID, reason string, res *IngestResult) error {
	atts, err := d.storeAttachments(tx, m.Attachments)
	if err != nil {
		return err
	}
	reply := &ReplyBody{Text: m.Text, QuotedStripped: m.QuotedStripped, Attachments: atts}
	return d.putTriage(tx, m, mailID, reason, reply, res)
}

func (d *Desk) putTriage(tx Tx, m *Incoming, mailID, reason string, reply *ReplyBody, res *IngestResult) error {
	res.Triaged++
	t := &TriageItem{MailID: mailID, ReceivedAt: m.InternalDate.In(d.Policy().Location), From: m.From,
		Subject: m.Subject, Reason: reason, Excerpt: excerpt(m.Text, 400), State: "open", Reply: reply}
	if err := tx.PutTriage(t); err != nil {
		return err
	}
	return d.audit(tx, SystemActor, "triage", "", reason, "", mailID)
}

// threadCase finds the case whose answer or rejection notice this message replies to.
func threadCase(tx Tx, m *Incoming, kinds ...string) (Ref, bool) {
	ids := append(append([]string{}, m.InReplyTo...), m.References...)
	for i := len(ids) - 1; i >= 0; i-- {
		r, err := tx.Ref(strings.Trim(ids[i], "<> "))
		if err != nil {
			continue
		}
		for _, k := range kinds {
			if r.Kind == k {
				return r, true
			}
		}
	}
	return Ref{}, false
}

func (d *Desk) ingestNotice(tx Tx, m *Incoming, mailID string, res *IngestResult) error {
	var fresh []Incident
	for _, inc := range m.Incidents {
		if inc.Number == "" {
			continue
		}
		if _, err := tx.CaseByIncident(inc.Number); err == nil {
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		fresh = append(fresh, inc)
	}
	if len(fresh) == 0 {
		// No new incident number: a follow-up in the thread of our answer reopens the case (CLI.md).
		if r, ok := threadCase(tx, m, MailAnswer, MailReject); ok {
			return d.reopen(tx, r.CaseID, m, res)
		}
		if len(m.Incidents) > 0 {
			res.Duplicates++
			return d.audit(tx, SystemActor, "duplicate_notice", "", "повторная доставка уведомления: инциденты уже заведены", "", mailID)
		}
		return d.toTriage(tx, m, mailID, "письмо ДИП без номера инцидента и не в переписке по ответу", res)
	}
	attachments, err := d.storeAttachments(tx, m.Attachments)
	if err != nil {
		return err
	}
	for _, inc := range fresh {
		c, err := d.newCase(tx, m, mailID, inc, attachments)
		if err != nil {
			return err
		}
		res.NewCases = append(res.NewCases, c.ID)
	}
	return nil
}

func (d *Desk) storeAttachments(tx Tx, in []IncomingAttachment) ([]Attachment, error) {
	var out []Attachment
	for _, a := range in {
		id, err := tx.PutBlob(a.Data)
		if err != nil {
			return nil, err
		}
		out = append(out, Attachment{Name: a.Name, ContentType: a.ContentType, Size: int64(len(a.Data)), BlobID: id})
	}
	return out, nil
}

func (d *Desk) newCase(tx Tx, m *Incoming, mailID string, inc Incident, attachments []Attachment) (*Case, error) {
	p := d.Policy()
	received := m.InternalDate.In(p.Location)
	seq, err := tx.NextCaseSeq(received.Year())
	if err != nil {
		return nil, err
	}
	c := &Case{
		ID: FormatCaseID(p.TagPrefix, received.Year(), seq), Year: received.Year(), Seq: seq, Status: StatusNew,
		IncidentIDs: []string{inc.Number}, Network: inc.Network, URL: inc.URL, Source: inc.Source,
		Author: inc.Author, Settlement: inc.Settlement, Category: inc.Category, Text: inc.Text,
		Unrecognised: inc.Unrecognised, Reach: inc.Reach, DetectedAt: inc.DetectedAt, ReceivedAt: received,
		StatedDue: inc.StatedDue, SociallySignificant: inc.SociallySignificant,
		Priority: inc.Priority, DepartmentRepeat: inc.Repeat, RelatedIncidents: inc.RelatedNumbers, Attachments: attachments,
		NoticeMailID: mailID, NoticeMessageID: m.MessageID, NoticeFrom: m.From, NoticeSubject: m.Subject,
	}
	if c.Network == "" {
		c.Network = "other"
	}
	dl, err := ComputeDeadlines(d.Calc(), p.Deadlines, received, c.StatedDue, nil)
	if err != nil {
		// A missing calendar year must never be guessed: the case is kept and the problem shown on it.
		return nil, fmt.Errorf("сроки для %s: %w", c.ID, err)
	}
	c.applyDeadlines(dl)
	judged := inc.Judged
	if judged == nil {
		judged = d.judge(inc.Text)
	}
	c.Screening, c.SignificanceSuggested = judged.Screening, judged.SignificanceSuggested
	c.Screening.Reasons = slices.Clone(c.Screening.Reasons) // the out-of-scope reason may be appended below
	c.Screening.Fragments = slices.Clone(c.Screening.Fragments)
	if c.Screening.Reasons == nil {
		c.Screening.Reasons = []string{}
	}
	if d.outOfScope(c) {
		// П.18: the culture/sport/youth/PR department's own accounts are not worked; proposed, not decided.
		c.Screening.Suggested = true
		c.Screening.Reasons = append(c.Screening.Reasons, ReasonOutOfScope)
		c.Screening.Fragments = append(c.Screening.Fragments, c.URL)
	}
	c.SuggestedRepeatOf = d.findRepeat(tx, c)
	surge, err := d.findSurge(tx, c)
	if err != nil {
		return nil, err
	}
	if err := tx.PutCase(c); err != nil {
		return nil, err
	}
	if len(surge) > 0 {
		count := fmt.Sprint(len(surge) + 1)
		if len(surge) == surgeListed {
			count = "не менее " + count
		}
		detail := fmt.Sprintf("повышенная социальная активность: %s сообщ. %s за %s рабочего времени: %v",
			count, c.SurgeAbout(), FormatDuration(d.Policy().SurgeWindow), surge)
		if err := d.audit(tx, SystemActor, "surge", c.ID, detail, "", ""); err != nil {
			return nil, err
		}
	}
	if m.MessageID != "" {
		if err := tx.PutRef(m.MessageID, Ref{CaseID: c.ID, Kind: "notice"}); err != nil {
			return nil, err
		}
	}
	detail := fmt.Sprintf("новое сообщение, инцидент № %s, срок ответа %s", inc.Number, FormatDateTime(c.AnswerDue))
	return c, d.audit(tx, SystemActor, "case_new", c.ID, detail, "", string(c.Status))
}

// significant applies the settings' keywords (П.17): a proposal for the coordinator, never the flag itself (the
// notice's own flag is taken as is).
func (d *Desk) significant(text string) bool {
	low := strings.ToLower(text)
	for _, k := range d.Policy().SignificanceKeywords {
		if k != "" && strings.Contains(low, strings.ToLower(k)) {
			return true
		}
	}
	return false
}

// findRepeat proposes an earlier case (П.12): an earlier incident number named in the notice, the same post, or
// the same author in the same settlement with a similar text within the repeat window.
func (d *Desk) findRepeat(tx Tx, c *Case) CaseID {
	for _, n := range c.RelatedIncidents {
		if id, err := tx.CaseByIncident(n); err == nil && id != c.ID {
			return id
		}
	}
	if post := postKey(c.URL); post != "" {
		var found CaseID
		var foundAt time.Time
		_ = tx.CaseIndex(IndexPost, post, post+"\x01", func(value string, id CaseID) error {
			if value != post || id == c.ID {
				return nil
			}
			o, err := tx.Case(id)
			if err == nil && o.ReceivedAt.Before(c.ReceivedAt) && o.ReceivedAt.After(foundAt) {
				found, foundAt = o.ID, o.ReceivedAt
			}
			return nil
		})
		if found != "" {
			return found
		}
	}
	return d.similarEarlier(tx, c)
}

// repeatCandidates bounds how many of an author's latest cases are compared with a new one: a name such as
// «Аноним» may stand on thousands of cases, and intake must not slow down with them.
const repeatCandidates = 20

// similarEarlier is П.12's third sign: the same author in the same settlement with a similar text within the
// repeat window (settings repeat_window_days). The latest such case is proposed.
func (d *Desk) similarEarlier(tx Tx, c *Case) CaseID {
	days := d.Policy().RepeatWindowDays
	if days <= 0 {
		return ""
	}
	to := AuthorKey(c.Author, c.Settlement, c.ReceivedAt)
	if to == "" {
		return ""
	}
	from := AuthorKey(c.Author, c.Settlement, c.ReceivedAt.AddDate(0, 0, -days))
	var mine map[string]bool // taken at the first candidate: most authors have no earlier case
	var found CaseID
	seen := 0
	_ = tx.CaseIndexNewest(IndexAuthor, from, to, func(_ string, id CaseID) error {
		if id == c.ID {
			return nil
		}
		if seen++; seen > repeatCandidates {
			return ErrStopScan
		}
		if mine == nil {
			mine = wordSet(c.Text)
		}
		o, err := tx.Case(id)
		if err == nil && similarity(mine, wordSet(o.Text)) >= similarTextShare {
			found = o.ID
			return ErrStopScan
		}
		return nil
	})
	return found
}

// similarTextShare is the share of common words (Jaccard index of the word sets) from which two texts are "the
// same complaint": a citizen who writes again uses many of the same words, an unrelated complaint few.
const similarTextShare = 0.3

// wordSet is the set of a text's words of four letters or more, lower case, ё as е, cut to their first five
// letters so that Russian endings do not hide the same word («дорогу», «дороги»).
func wordSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(text, "ё", "е")), func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		r := []rune(w)
		if len(r) < 4 {
			continue
		}
		if len(r) > 5 {
			r = r[:5]
		}
		set[string(r)] = true
	}
	return set
}

// similarity is the Jaccard index of two word sets.
func similarity(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for w := range a {
		if b[w] {
			common++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}

// outOfScope reports whether the post belongs to one of the settings' out-of-scope accounts (П.18).
func (d *Desk) outOfScope(c *Case) bool {
	post := postKey(c.URL)
	for _, acc := range d.Policy().OutOfScopeAccounts {
		if k := postKey(acc); k != "" && post != "" && (post == k || strings.HasPrefix(post, k+"/") || strings.HasPrefix(post, k+"?")) {
			return true
		}
		if acc != "" && c.Source != "" && strings.Contains(strings.ToLower(c.Source), strings.ToLower(strings.TrimPrefix(acc, "https://"))) {
			return true
		}
	}
	return false
}

// surgeListed bounds the cases a surge lists on the new one: the Head needs to see that a surge goes on and its
// latest cases, and the scan stops there however many there are.
const surgeListed = 20

// findSurge finds the other open cases received within the surge window (П.17: «повышенная социальная
// активность по вопросам, требующим оперативного решения») about the same settlement, or else on the same topic
// (the Department's category) across the district; when they reach the settings' number, the new case is marked
// and the earlier ones listed on it. The indexes hold open cases only, with their receipt time in the key: no case
// is read.
func (d *Desk) findSurge(tx Tx, c *Case) ([]CaseID, error) {
	p := d.Policy()
	if p.SurgeCases < 2 || p.SurgeWindow <= 0 {
		return nil, nil
	}
	if c.Settlement != "" {
		near, err := d.recentOpen(tx, c, IndexPlace, c.Settlement, p.SurgeWindow)
		if err != nil || len(near)+1 >= p.SurgeCases {
			c.SurgeWith = near
			return near, err
		}
	}
	if topic := strings.TrimSpace(c.Category); topic != "" {
		near, err := d.recentOpen(tx, c, IndexTopic, topic, p.SurgeWindow)
		if err != nil || len(near)+1 >= p.SurgeCases {
			c.SurgeWith, c.SurgeTopic = near, topic
			return near, err
		}
	}
	return nil, nil
}

// recentOpen lists, newest first and at most surgeListed, the other open cases of index under name received
// within window (working time) before c, sorted by id.
func (d *Desk) recentOpen(tx Tx, c *Case, index, name string, window time.Duration) ([]CaseID, error) {
	calc := d.Calc()
	var near []CaseID
	// A working window of hours can span a long holiday: look back three calendar weeks, then count working time.
	from := PlaceKey(name, c.ReceivedAt.AddDate(0, 0, -21))
	to := PlaceKey(name, c.ReceivedAt) + "\x01"
	err := tx.CaseIndexNewest(index, from, to, func(value string, id CaseID) error {
		if id == c.ID {
			return nil
		}
		at, ok := keyTime(value)
		if !ok || at.After(c.ReceivedAt) {
			return nil
		}
		gap, err := calc.Between(at, c.ReceivedAt)
		if err != nil || gap > window {
			return ErrStopScan // older entries lie further back still
		}
		near = append(near, id)
		if len(near) >= surgeListed {
			return ErrStopScan
		}
		return nil
	})
	sort.Slice(near, func(i, j int) bool { return near[i] < near[j] })
	return near, err
}

// postKey reduces a link to the post it is about: host and path (comment and thread parameters dropped).
func postKey(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(u.Host), "www."), "m.")
	return host + strings.TrimSuffix(u.Path, "/")
}

func (d *Desk) reopen(tx Tx, id CaseID, m *Incoming, res *IngestResult) error {
	c, err := tx.Case(id)
	if err != nil {
		return err
	}
	if c.Status.Open() {
		// Still being worked: the follow-up is shown with the case but changes nothing.
		return d.audit(tx, SystemActor, "department_followup", c.ID, "письмо ДИП в переписке по сообщению: "+m.Subject, "", "")
	}
	before := c.Status
	received := m.InternalDate.In(d.Policy().Location)
	dl, err := ComputeDeadlines(d.Calc(), d.Policy().Deadlines, received, nil, nil)
	if err != nil {
		return err
	}
	c.applyDeadlines(dl)
	c.Status = StatusNew
	c.ReopenedAt = &received
	// The round before the reopen is over: its open tasks would otherwise keep their executors from a new
	// dispatch and, once the case is dispatched again, draw reminders and overdue notices on their old deadlines.
	for i := range c.Tasks {
		if c.Tasks[i].Open() {
			c.Tasks[i].Status = TaskClosed
		}
	}
	c.Sequential = false
	c.FinalSentAt, c.RejectReason, c.RejectNote, c.StatedDue = nil, "", "", nil
	if err := tx.PutCase(c); err != nil {
		return err
	}
	res.Reopened = append(res.Reopened, c.ID)
	return d.audit(tx, SystemActor, "reopen", c.ID, "ДИП вернул на доработку: "+m.Subject, string(before), string(c.Status))
}
