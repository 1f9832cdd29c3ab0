package mailbridge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"otklik/domain"
	"otklik/mailbridge/parse"
)

// arrival is what the server told about a message before its body: where it is and when it arrived.
type arrival struct {
	Mailbox      string
	UIDValidity  uint32
	UID          uint32
	InternalDate time.Time
	Size         int64 // RFC822.SIZE; 0 when the server did not say
}

// convert turns one fetched message into the domain's terms. It never fails: whatever cannot be read becomes
// Problem (in Russian), and the domain sends such mail to triage with that reason, so nothing is dropped.
//
// headerOnly marks a message whose body was not fetched because it is larger than lim.MaxBytes: raw then holds
// only its header block.
func convert(raw []byte, env arrival, policy domain.Policy, lim parse.Limits, headerOnly bool) domain.Incoming {
	sum := sha256.Sum256(raw)
	in := domain.Incoming{
		Mailbox: env.Mailbox, UIDValidity: env.UIDValidity, UID: env.UID, InternalDate: env.InternalDate,
		Raw: raw, Hash: hex.EncodeToString(sum[:]), Kind: domain.MailOrdinary,
	}
	msg, err := parse.Read(bytes.NewReader(raw), lim)
	if msg != nil {
		fillHeaders(&in, msg, policy)
		in.Text = msg.Text
	}
	switch {
	case headerOnly:
		in.Problem = oversizeReason(env.Size, lim)
		return in
	case err != nil:
		var le *parse.LimitError
		if errors.As(err, &le) {
			in.Problem = le.Reason
		} else {
			in.Problem = fmt.Sprintf("письмо не удалось прочитать: %v", err)
		}
		return in
	}

	for _, a := range msg.Attachments {
		in.Attachments = append(in.Attachments, domain.IncomingAttachment{Name: a.Name, ContentType: a.ContentType, Data: a.Data})
	}
	switch msg.Kind {
	case parse.Bounce:
		in.Kind, in.BounceMessageID = domain.MailBounce, msg.BounceMessageID
		return in
	case parse.AutoReply:
		in.Kind = domain.MailAutoReply
		return in
	case parse.Notification:
		// A delay report or a read receipt is neither a draft nor a bounce: the domain has no kind for it, and
		// taking it as ordinary mail in a task's thread would record it as the executor's draft.
		in.Problem = "служебное уведомление почтовой системы (задержка доставки, уведомление о прочтении): не проект ответа"
		return in
	}
	if in.FromDepartment {
		in.Incidents = incidentsOf(msg, policy)
		return in
	}
	in.QuotedStripped = parse.StripQuoted(msg.Text)
	return in
}

func fillHeaders(in *domain.Incoming, msg *parse.Message, policy domain.Policy) {
	in.MessageID = strings.Trim(msg.MessageID, "<> ")
	in.InReplyTo = msg.InReplyTo
	in.References = msg.References
	in.From = strings.TrimSpace(msg.From.Email)
	in.FromName = msg.From.Name
	in.Subject = msg.Subject
	in.FromDepartment = in.From != "" && policy.IsDepartment(in.From)
	prefix := policy.TagPrefix
	if prefix != "" {
		for _, tag := range parse.TagsInSubject(msg.Subject, prefix, domain.CaseID(prefix).Latin()) {
			in.Tags = append(in.Tags, domain.CaseID(tag))
		}
	}
}

// incidentsOf reads a Department notice. A notice with nothing recognisable gives no incidents, and the domain
// puts it in triage. A block without an incident number cannot become a case of its own (the number is the
// case's identity with the Department); its text is kept in the first numbered incident's unrecognised part so
// that nothing of the notice is hidden, or, when no block has a number, the whole notice goes to triage.
func incidentsOf(msg *parse.Message, policy domain.Policy) []domain.Incident {
	loc := policy.Location
	if loc == nil {
		loc = time.UTC
	}
	found, err := parse.Notice(msg, loc, policy.Settlements)
	if err != nil {
		return nil
	}
	var out []domain.Incident
	var numberless []string
	for _, p := range found {
		if p.Number == "" {
			numberless = append(numberless, strings.TrimSpace(strings.Join([]string{p.Text, p.Unrecognised}, "\n")))
			continue
		}
		out = append(out, domain.Incident{
			Number: p.Number, RelatedNumbers: p.RelatedNumbers, DetectedAt: p.DetectedAt, Network: p.Network,
			Source: p.Source, URL: p.URL, Author: p.Author, Category: p.Category, Settlement: p.Settlement,
			Text: p.Text, StatedDue: p.StatedDue, SociallySignificant: p.SociallySignificant, Repeat: p.Repeat,
			Priority: p.Priority, Reach: p.Reach, Unrecognised: p.Unrecognised,
		})
	}
	if len(out) > 0 && len(numberless) > 0 {
		extra := "Блоки уведомления без номера инцидента:\n" + strings.Join(numberless, "\n\n")
		if out[0].Unrecognised != "" {
			extra = out[0].Unrecognised + "\n\n" + extra
		}
		out[0].Unrecognised = extra
	}
	return out
}

// oversizeReason explains why only the headers of a message were kept.
func oversizeReason(size int64, lim parse.Limits) string {
	max := lim.MaxBytes
	if max <= 0 {
		max = parse.DefaultMaxBytes
	}
	return fmt.Sprintf("письмо больше допустимого размера (%s): его размер %s, сохранены только заголовки",
		formatBytes(max), formatBytes(size))
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f МиБ", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f КиБ", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d байт", n)
}
