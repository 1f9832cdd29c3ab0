// Package parse turns raw e-mail into what Otklik works with: a Message (headers, the best body as plain text,
// attachments with safe names, bounce and auto-reply recognition), the Department's incidents inside a notice
// (Notice), an executor's reply without its quoted history (StripQuoted) and our case tags in a subject
// (TagsInSubject).
//
// It owns every decision about MIME structure, charsets and the layout of the Department's notices, so that the
// rest of mailbridge only moves bytes. Hostile mail is bounded by Limits: Read rejects it with a *LimitError
// (its Reason is Russian, for the coordinator) and never panics.
//
// It may import go-message (textproto, charset), golang.org/x/net/html and golang.org/x/text; it must never import
// go-imap, go-mail, go-smtp, bbolt, fyne or any Otklik package: it is a pure function of its input.
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Limits bounds the work Read does on one message. A zero field takes its default.
type Limits struct {
	MaxBytes       int64 // whole message; default 50 MiB
	MaxDepth       int   // nesting of multipart entities; default 32
	MaxParts       int   // MIME parts in the whole message; default 1000
	MaxHeaderBytes int   // header block of the message or of any part; default 1 MiB
}

// Default limits (the `[limits]` defaults of the settings file).
const (
	DefaultMaxBytes       = 50 << 20
	DefaultMaxDepth       = 32
	DefaultMaxParts       = 1000
	DefaultMaxHeaderBytes = 1 << 20
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxParts <= 0 {
		l.MaxParts = DefaultMaxParts
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	return l
}

// Codes of LimitError, stable for the caller's logic and audit.
const (
	LimitSize   = "size"
	LimitDepth  = "depth"
	LimitParts  = "parts"
	LimitHeader = "header"
)

// LimitError reports mail rejected by Limits. Reason is Russian and shown to the coordinator as is.
type LimitError struct {
	Reason string // e.g. «слишком глубокая вложенность MIME (более 32)»
	Code   string // LimitSize, LimitDepth, LimitParts, LimitHeader
}

func (e *LimitError) Error() string { return e.Reason }

// Address is one mailbox of a header; Name is decoded to UTF-8, Email is as written (not lower-cased).
type Address struct {
	Name, Email string
}

// Attachment is one attached (or inline, for Inline) part, decoded from its transfer encoding.
type Attachment struct {
	// Name is safe to use as a file name on Linux and Windows: filepath.IsLocal, no separators, no NUL or control
	// characters, no reserved Windows names (CON, NUL, COM1...), at most maxNameRunes long, unique in the message.
	Name         string
	OriginalName string // as decoded from the headers (RFC 2231 / RFC 2047), possibly empty or dangerous
	ContentType  string // lower-case media type, e.g. "image/png"
	Data         []byte
	Inline       bool // part of an HTML body (multipart/related, Content-Disposition: inline with a Content-ID)
}

// Kind tells what sort of mail a message is, for routing: only Ordinary mail may become a draft.
type Kind int

const (
	Ordinary     Kind = iota
	Bounce            // a delivery failure report (DSN or a common non-standard bounce)
	AutoReply         // an out-of-office or other automatic answer
	Notification      // machine mail that is neither: a delivery delay report, a read receipt
)

func (k Kind) String() string {
	switch k {
	case Bounce:
		return "bounce"
	case AutoReply:
		return "auto-reply"
	case Notification:
		return "notification"
	default:
		return "ordinary"
	}
}

// Message is a parsed e-mail.
type Message struct {
	MessageID     string   // without angle brackets
	InReplyTo     []string // without angle brackets
	References    []string // without angle brackets, oldest first
	From          Address
	To, Cc        []Address
	ReplyTo       []Address
	Subject       string // decoded to UTF-8
	Date          time.Time
	Priority      bool   // X-Priority 1 or 2, Importance: high, Priority: urgent, X-MSMail-Priority: high
	AutoSubmitted string // the Auto-Submitted header's keyword, lower-case ("auto-replied", "auto-generated"...)

	// Text is the best body as plain text: text/plain preferred, else HTML converted to text (no remote content,
	// scripts and styles dropped, links kept as «label (url)», quoted blocks prefixed with "> ").
	Text        string
	FromHTML    bool
	Attachments []Attachment

	Kind             Kind
	BounceRecipients []string // for Bounce: the addresses that failed
	BounceMessageID  string   // for Bounce: Message-ID of the bounced original (from message/rfc822 or text/rfc822-headers)

	// Problems lists what was read only partly, in Russian (unknown charset kept as raw bytes, broken base64...).
	Problems []string
}

// Read parses one message. It reads at most lim.MaxBytes+1 bytes from r.
//
// An error is a *LimitError when the mail breaks lim; the returned Message then holds what was read before the
// limit was hit (at least the top-level headers when they were within limits) so that the mail can still be shown
// in triage; it is nil when nothing could be read. Any other error is the reader's. Damaged content (unknown
// charset, broken base64, malformed headers) is never an error: it is read as well as possible and noted in
// Message.Problems.
func Read(r io.Reader, lim Limits) (m *Message, err error) {
	lim = lim.withDefaults()
	defer func() {
		// The parser is written not to panic; this keeps a bug in it from taking the intake worker down.
		if p := recover(); p != nil {
			err = fmt.Errorf("parse message: internal error: %v", p)
		}
	}()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read message: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, &LimitError{
			Code:   LimitSize,
			Reason: fmt.Sprintf("письмо больше допустимого размера (%s)", formatSize(lim.MaxBytes)),
		}
	}
	return readBytes(data, lim)
}

func readBytes(data []byte, lim Limits) (*Message, error) {
	w := &walker{lim: lim, msg: &Message{}}
	hdr, body, err := w.splitHeader(data)
	if err != nil {
		return nil, err
	}
	w.fillHeaders(hdr)
	walkErr := w.entity(hdr, body, 0)
	w.finishBody()
	w.classify(hdr)
	w.msg.Attachments = uniqueNames(w.msg.Attachments)
	w.msg.Problems = dedupe(w.msg.Problems)
	if walkErr != nil {
		return w.msg, walkErr
	}
	return w.msg, nil
}

func formatSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d МиБ", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d КиБ", n>>10)
	}
	return fmt.Sprintf("%d байт", n)
}

// IsLimit reports whether err is (or wraps) a *LimitError.
func IsLimit(err error) bool {
	var le *LimitError
	return errors.As(err, &le)
}

func dedupe(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(ss))
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func trimCR(b []byte) []byte { return bytes.TrimSuffix(b, []byte("\r")) }
