package parse

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/mail"
	"net/textproto"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The MIME walk works on the whole message in memory (it is bounded by Limits.MaxBytes) with its own lenient
// header reader and multipart splitter: go-message's readers stop at the first malformed header line, and a
// Department notice or an executor's reply must never be lost to one.

type field struct {
	key   string // canonical, e.g. "Content-Type"
	value string // unfolded, valid UTF-8, not yet RFC 2047-decoded
}

type header []field

func (h header) get(key string) string {
	key = textproto.CanonicalMIMEHeaderKey(key)
	for _, f := range h {
		if f.key == key {
			return f.value
		}
	}
	return ""
}

func (h header) has(key string) bool {
	key = textproto.CanonicalMIMEHeaderKey(key)
	for _, f := range h {
		if f.key == key {
			return true
		}
	}
	return false
}

func (h header) values(key string) []string {
	key = textproto.CanonicalMIMEHeaderKey(key)
	var out []string
	for _, f := range h {
		if f.key == key {
			out = append(out, f.value)
		}
	}
	return out
}

type walker struct {
	lim    Limits
	msg    *Message
	parts  int
	plain  []string
	html   []string
	report reportData
}

// reportData collects what a multipart/report carries.
type reportData struct {
	reportType string   // "delivery-status", "disposition-notification"
	recipients []string // Final-Recipient (or Original-Recipient) of failed actions
	others     []string // recipients of non-failed actions
	actions    []string // lower-case Action values
	originalID string   // Message-ID of the returned message
}

func (w *walker) problem(format string, args ...any) {
	w.msg.Problems = append(w.msg.Problems, fmt.Sprintf(format, args...))
}

// splitHeader reads the header block at the start of data and returns it with the rest (the body). A line that is
// neither a header field nor a continuation ends the header (lenient: the body began without a blank line).
// Fields are only located while scanning and built once the block is known to be within the limit, so hostile
// headers cost no allocation per line.
func (w *walker) splitHeader(data []byte) (header, []byte, error) {
	type span struct{ start, colon, end int }
	var spans []span
	pos := 0
	// An mbox "From " separator line is not a header field.
	if bytes.HasPrefix(data, []byte("From ")) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 && i < w.lim.MaxHeaderBytes {
			pos = i + 1
		}
	}
	var body []byte
	for pos < len(data) {
		lineEnd, next := len(data), len(data)
		if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
			lineEnd, next = pos+i, pos+i+1
		}
		if lineEnd > w.lim.MaxHeaderBytes {
			return nil, nil, &LimitError{
				Code:   LimitHeader,
				Reason: fmt.Sprintf("слишком длинный заголовок письма или его части (более %s)", formatSize(int64(w.lim.MaxHeaderBytes))),
			}
		}
		line := trimCR(data[pos:lineEnd])
		if len(line) == 0 {
			body = data[next:]
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(spans) == 0 {
				body = data[pos:] // a continuation with nothing to continue: the body started at once
				break
			}
			spans[len(spans)-1].end = lineEnd
			pos = next
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !validKey(line[:colon]) {
			body = data[pos:]
			break
		}
		spans = append(spans, span{start: pos, colon: pos + colon, end: lineEnd})
		pos = next
	}
	h := make(header, 0, len(spans))
	for _, sp := range spans {
		h = append(h, field{
			key:   textproto.CanonicalMIMEHeaderKey(string(bytes.TrimSpace(data[sp.start:sp.colon]))),
			value: unfoldValue(data[sp.colon+1 : sp.end]),
		})
	}
	return w.utf8Header(h), body, nil
}

// unfoldValue joins a field's folded lines with single spaces.
func unfoldValue(raw []byte) string {
	if bytes.IndexByte(raw, '\n') < 0 {
		return string(bytes.TrimSpace(raw))
	}
	var b strings.Builder
	b.Grow(len(raw))
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(line)
	}
	return b.String()
}

// utf8Header reads raw 8-bit header values (sent without RFC 2047) as the likelier Cyrillic charset.
func (w *walker) utf8Header(h header) header {
	for i := range h {
		if !utf8.ValidString(h[i].value) {
			raw := []byte(h[i].value)
			h[i].value = guessCyrillic(raw)
			w.problem("заголовок %s в 8-битной кодировке без указания кодировки: прочитан как %s", h[i].key, guessName(raw))
		}
	}
	return h
}

func validKey(k []byte) bool {
	k = bytes.TrimRight(k, " \t")
	if len(k) == 0 {
		return false
	}
	for _, c := range k {
		if c < 33 || c > 126 || c == ':' {
			return false
		}
	}
	return true
}

func (w *walker) fillHeaders(h header) {
	m := w.msg
	m.Subject = w.decodeText(h.get("Subject"))
	m.MessageID = firstOrEmpty(msgIDs(h.get("Message-Id")))
	m.InReplyTo = msgIDs(h.get("In-Reply-To"))
	m.References = msgIDs(strings.Join(h.values("References"), " "))
	if from := w.addresses(h.get("From")); len(from) > 0 {
		m.From = from[0]
	}
	m.To = w.addresses(strings.Join(h.values("To"), ", "))
	m.Cc = w.addresses(strings.Join(h.values("Cc"), ", "))
	m.ReplyTo = w.addresses(strings.Join(h.values("Reply-To"), ", "))
	if d := h.get("Date"); d != "" {
		t, ok := parseMailDate(d)
		if ok {
			m.Date = t
		} else {
			w.problem("не удалось разобрать дату письма «%s»", clip(d, 80))
		}
	}
	m.AutoSubmitted = strings.ToLower(strings.TrimSpace(strings.SplitN(h.get("Auto-Submitted"), ";", 2)[0]))
	m.Priority = isPriority(h)
}

func isPriority(h header) bool {
	xp := strings.TrimSpace(h.get("X-Priority"))
	if strings.HasPrefix(xp, "1") || strings.HasPrefix(xp, "2") {
		return true
	}
	for _, k := range []string{"Importance", "X-Msmail-Priority"} {
		if strings.EqualFold(strings.TrimSpace(h.get(k)), "high") {
			return true
		}
	}
	p := strings.ToLower(strings.TrimSpace(h.get("Priority")))
	return p == "urgent" || p == "high"
}

var msgIDRe = mustKeyed(`<([^<>\s]+)>`)

func msgIDs(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	var out []string
	for _, m := range msgIDRe.FindAllStringSubmatch(v, -1) {
		out = append(out, m[1])
	}
	if len(out) == 0 {
		// Broken mailers write ids without brackets.
		for _, tok := range strings.Fields(v) {
			if strings.Contains(tok, "@") {
				out = append(out, strings.Trim(tok, "<>,;"))
			}
		}
	}
	return out
}

func firstOrEmpty(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

var emailRe = mustKeyed(`[A-Za-z0-9._%+\-=!#$&'*/?^{|}~]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*`)

// addresses parses an address list; on a syntax error it falls back to finding the e-mail addresses in the text,
// so that a sender is never lost to a stray quote.
func (w *walker) addresses(v string) []Address {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	p := mail.AddressParser{WordDecoder: w.wordDecoder()}
	list, err := p.ParseList(v)
	if err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			name := a.Name
			if strings.Contains(name, "=?") || strings.ContainsRune(name, utf8.RuneError) {
				name = w.decodeText(name)
			}
			// A broken encoded word may decode to bytes that are not UTF-8: the name is shown, so it must be text.
			out = append(out, Address{Name: strings.ToValidUTF8(strings.TrimSpace(name), "\uFFFD"), Email: a.Address})
		}
		return out
	}
	var out []Address
	for _, part := range splitAddressList(v) {
		loc := emailRe.FindStringIndex(part)
		if loc == nil {
			continue
		}
		email := part[loc[0]:loc[1]]
		name := strings.TrimSpace(part[:loc[0]] + part[loc[1]:])
		name = strings.Trim(name, " \t<>\"'")
		out = append(out, Address{Name: strings.ToValidUTF8(w.decodeText(name), "\uFFFD"), Email: email})
	}
	return out
}

// splitAddressList splits on commas outside quotes and angle brackets.
func splitAddressList(v string) []string {
	var out []string
	var quoted bool
	angle := 0
	start := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			quoted = !quoted
		case '<':
			if !quoted {
				angle++
			}
		case '>':
			if !quoted && angle > 0 {
				angle--
			}
		case ',', ';':
			if !quoted && angle == 0 {
				out = append(out, v[start:i])
				start = i + 1
			}
		}
	}
	return append(out, v[start:])
}

var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05Z07:00",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
}

var dateCommentRe = mustKeyed(`\([^)]*\)`)

func parseMailDate(v string) (time.Time, bool) {
	if t, err := mail.ParseDate(v); err == nil {
		return t, true
	}
	v = strings.Join(strings.Fields(dateCommentRe.ReplaceAllString(v, " ")), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// mediaType is a parsed Content-Type or Content-Disposition.
type mediaType struct {
	value  string // lower-case
	params map[string]string
}

func (w *walker) contentType(h header, def string) mediaType {
	raw := h.get("Content-Type")
	if strings.TrimSpace(raw) == "" {
		return mediaType{value: def, params: map[string]string{}}
	}
	mt := w.parseParams(raw)
	if !strings.Contains(mt.value, "/") {
		// "text" alone, or garbage: read as the default so the content stays visible.
		mt.value = def
	}
	return mt
}

// entity processes one MIME entity; depth counts the enclosing multiparts.
func (w *walker) entity(h header, body []byte, depth int) error {
	return w.entityAs(h, body, depth, "text/plain", false)
}

func (w *walker) entityAs(h header, body []byte, depth int, defType string, relatedChild bool) error {
	ct := w.contentType(h, defType)
	if strings.HasPrefix(ct.value, "multipart/") {
		boundary := ct.params["boundary"]
		if boundary == "" {
			w.problem("в составной части письма (%s) не указана граница: содержимое показано как текст", ct.value)
			w.leaf(h, mediaType{value: "text/plain", params: ct.params}, body, false)
			return nil
		}
		return w.multipart(h, ct, body, depth)
	}
	w.leaf(h, ct, body, relatedChild)
	return nil
}

type part struct {
	h    header
	body []byte
}

func (w *walker) multipart(h header, ct mediaType, body []byte, depth int) error {
	if depth >= w.lim.MaxDepth {
		return &LimitError{
			Code:   LimitDepth,
			Reason: fmt.Sprintf("слишком глубокая вложенность MIME (более %d)", w.lim.MaxDepth),
		}
	}
	parts, err := w.splitMultipart(body, ct.params["boundary"])
	if err != nil {
		return err
	}
	if len(parts) == 0 {
		w.problem("в составной части письма (%s) не найдено ни одной части", ct.value)
		return nil
	}
	sub := strings.TrimPrefix(ct.value, "multipart/")
	childDefault := "text/plain"
	if sub == "digest" {
		childDefault = "message/rfc822"
	}
	switch sub {
	case "alternative":
		best := w.bestAlternative(parts)
		return w.entityAs(parts[best].h, parts[best].body, depth+1, childDefault, false)
	case "related":
		root := 0
		if start := strings.Trim(ct.params["start"], "<> "); start != "" {
			for i, p := range parts {
				if strings.Trim(p.h.get("Content-Id"), "<> ") == start {
					root = i
				}
			}
		}
		if err := w.entityAs(parts[root].h, parts[root].body, depth+1, childDefault, false); err != nil {
			return err
		}
		for i, p := range parts {
			if i == root {
				continue
			}
			if err := w.entityAs(p.h, p.body, depth+1, childDefault, true); err != nil {
				return err
			}
		}
		return nil
	case "report":
		w.report.reportType = strings.ToLower(strings.TrimSpace(ct.params["report-type"]))
		for i, p := range parts {
			pt := w.contentType(p.h, childDefault).value
			switch {
			case i == 0:
				if err := w.entityAs(p.h, p.body, depth+1, childDefault, false); err != nil {
					return err
				}
			case pt == "message/delivery-status" || pt == "message/global-delivery-status":
				w.deliveryStatus(w.transferDecode(p.h, p.body, "delivery-status"))
			case pt == "message/disposition-notification":
				// A read receipt: nothing in it is needed beyond its kind.
			case pt == "message/rfc822" || pt == "text/rfc822-headers" || pt == "message/global" || pt == "message/global-headers":
				w.returnedMessage(w.transferDecode(p.h, p.body, "rfc822"))
			default:
				if err := w.entityAs(p.h, p.body, depth+1, childDefault, false); err != nil {
					return err
				}
			}
		}
		return nil
	case "signed":
		// The first part is the content; the signature is of no use to the coordinator.
		return w.entityAs(parts[0].h, parts[0].body, depth+1, childDefault, false)
	case "encrypted":
		w.problem("письмо зашифровано: его текст прочитать нельзя")
		fallthrough
	default: // mixed, digest, parallel and unknown subtypes
		for _, p := range parts {
			if err := w.entityAs(p.h, p.body, depth+1, childDefault, false); err != nil {
				return err
			}
		}
		return nil
	}
}

// bestAlternative picks text/plain (non-empty) over a nested multipart over text/html over anything else.
func (w *walker) bestAlternative(parts []part) int {
	best, bestRank := 0, -1
	for i, p := range parts {
		ct := w.contentType(p.h, "text/plain").value
		rank := 0
		switch {
		case ct == "text/plain":
			if len(bytes.TrimSpace(p.body)) > 0 {
				rank = 4
			} else {
				rank = 1
			}
		case strings.HasPrefix(ct, "multipart/"):
			rank = 3
		case ct == "text/html":
			rank = 2
		}
		if rank > bestRank {
			best, bestRank = i, rank
		}
	}
	return best
}

func (w *walker) countPart() error {
	w.parts++
	if w.parts > w.lim.MaxParts {
		return &LimitError{
			Code:   LimitParts,
			Reason: fmt.Sprintf("слишком много частей MIME в письме (более %d)", w.lim.MaxParts),
		}
	}
	return nil
}

// splitMultipart cuts body at the boundary's delimiter lines and reads each part's header. A missing closing
// delimiter is tolerated (the last part runs to the end).
func (w *walker) splitMultipart(body []byte, boundary string) ([]part, error) {
	delim := []byte("--" + boundary)
	var parts []part
	cur := -1 // start of the current part's content
	pos := 0
	for pos < len(body) {
		idx := bytes.Index(body[pos:], delim)
		if idx < 0 {
			break
		}
		at := pos + idx
		after := at + len(delim)
		if at > 0 && body[at-1] != '\n' {
			pos = after
			continue
		}
		lineEnd := len(body)
		if le := bytes.IndexByte(body[after:], '\n'); le >= 0 {
			lineEnd = after + le
		}
		rest := bytes.TrimRight(body[after:lineEnd], " \t\r")
		closing := bytes.HasPrefix(rest, []byte("--"))
		if !closing && len(rest) > 0 {
			pos = after // a longer boundary that merely starts with ours
			continue
		}
		if cur >= 0 {
			end := at
			if end > cur && body[end-1] == '\n' {
				end--
				if end > cur && body[end-1] == '\r' {
					end--
				}
			}
			p, err := w.newPart(body[cur:end])
			if err != nil {
				return nil, err
			}
			parts = append(parts, p)
		}
		if closing {
			return parts, nil
		}
		cur = min(lineEnd+1, len(body))
		pos = cur
	}
	if cur >= 0 && cur < len(body) {
		p, err := w.newPart(body[cur:])
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	return parts, nil
}

func (w *walker) newPart(raw []byte) (part, error) {
	if err := w.countPart(); err != nil {
		return part{}, err
	}
	h, body, err := w.splitHeader(raw)
	if err != nil {
		return part{}, err
	}
	return part{h: h, body: body}, nil
}

// leaf handles a non-multipart entity: a body text or an attachment.
func (w *walker) leaf(h header, ct mediaType, body []byte, relatedChild bool) {
	disp := w.parseParams(h.get("Content-Disposition"))
	name := firstNonEmpty(disp.params["filename"], ct.params["name"])
	isBodyText := (ct.value == "text/plain" || ct.value == "text/html" || ct.value == "text/enriched") &&
		disp.value != "attachment" && name == "" && !relatedChild
	if isBodyText {
		text := w.decodeBody(h, ct, body, "")
		if ct.value == "text/html" {
			w.html = append(w.html, text)
		} else {
			w.plain = append(w.plain, text)
		}
		return
	}
	data := w.transferDecode(h, body, name)
	fileName := name
	if fileName == "" && (ct.value == "message/rfc822" || ct.value == "message/global") {
		fileName = w.innerSubject(data) + ".eml"
	}
	w.msg.Attachments = append(w.msg.Attachments, Attachment{
		Name:         safeName(fileName, ct.value),
		OriginalName: name,
		ContentType:  ct.value,
		Data:         data,
		Inline:       relatedChild,
	})
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// innerSubject reads the subject of an attached message for its file name.
func (w *walker) innerSubject(data []byte) string {
	sub := &walker{lim: w.lim, msg: &Message{}}
	h, _, err := sub.splitHeader(data)
	if err != nil {
		return "письмо"
	}
	if s := strings.TrimSpace(sub.decodeText(h.get("Subject"))); s != "" {
		return s
	}
	return "письмо"
}

// decodeBody returns a text part as UTF-8 with LF line ends, format=flowed undone.
func (w *walker) decodeBody(h header, ct mediaType, body []byte, label string) string {
	data := w.transferDecode(h, body, label)
	cs := ct.params["charset"]
	if cs == "" && ct.value == "text/html" {
		cs = htmlMetaCharset(data)
	}
	text := normalizeNewlines(w.decodeCharset(data, cs, true))
	if strings.EqualFold(ct.params["format"], "flowed") {
		text = unflow(text, strings.EqualFold(ct.params["delsp"], "yes"))
	}
	return text
}

var metaCharsetRe = mustKeyed(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)`)

func htmlMetaCharset(data []byte) string {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	if m := metaCharsetRe.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// transferDecode undoes Content-Transfer-Encoding, leniently: broken data is decoded as far as it goes.
func (w *walker) transferDecode(h header, body []byte, label string) []byte {
	enc := strings.ToLower(strings.TrimSpace(h.get("Content-Transfer-Encoding")))
	where := "части письма"
	if label != "" {
		where = "части «" + clip(label, 60) + "»"
	}
	switch enc {
	case "", "7bit", "8bit", "binary":
		return body
	case "quoted-printable":
		return decodeQP(body)
	case "base64":
		data, broken := decodeBase64(body)
		if broken {
			w.problem("повреждённые данные base64 в %s: прочитано %d байт, остальное пропущено", where, len(data))
		}
		return data
	default:
		w.problem("неизвестное кодирование передачи «%s» в %s: данные оставлены как есть", clip(enc, 40), where)
		return body
	}
}

func decodeQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		if i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
			continue
		}
		// Soft line break: "=" then optional spaces then a line end.
		j := i + 1
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		if j < len(b) && b[j] == '\r' {
			j++
		}
		if j < len(b) && b[j] == '\n' {
			i = j
			continue
		}
		if j >= len(b) {
			i = j
			continue
		}
		out = append(out, c) // a literal "=" in sloppy mail
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// decodeBase64 decodes leniently: whitespace is skipped, padding may appear between concatenated chunks, and
// anything else outside the alphabet marks the data broken (and is skipped).
func decodeBase64(b []byte) ([]byte, bool) {
	clean := make([]byte, 0, len(b))
	broken := false
	var out []byte
	flush := func() {
		if len(clean)%4 == 1 {
			clean = clean[:len(clean)-1]
			broken = true
		}
		if len(clean) == 0 {
			return
		}
		buf := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
		n, err := base64.RawStdEncoding.Decode(buf, clean)
		if err != nil {
			broken = true
		}
		out = append(out, buf[:n]...)
		clean = clean[:0]
	}
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/':
			clean = append(clean, c)
		case c == '-' || c == '_': // base64url from sloppy encoders
			if c == '-' {
				clean = append(clean, '+')
			} else {
				clean = append(clean, '/')
			}
		case c == '=':
			flush()
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		default:
			broken = true
		}
	}
	flush()
	return out, broken
}

// unflow undoes RFC 3676 format=flowed: a line ending in a space continues on the next line.
func unflow(text string, delsp bool) string {
	lines := strings.Split(text, "\n")
	var b strings.Builder
	b.Grow(len(text))
	joining := false
	for _, line := range lines {
		quote := 0
		for quote < len(line) && line[quote] == '>' {
			quote++
		}
		content := line[quote:]
		if strings.HasPrefix(content, " ") {
			content = content[1:] // space-stuffing
		}
		if !joining && quote > 0 {
			b.WriteString(strings.Repeat(">", quote) + " ")
		}
		soft := strings.HasSuffix(content, " ") && content != "-- "
		if soft && delsp {
			content = content[:len(content)-1]
		}
		b.WriteString(content)
		if soft {
			joining = true
			continue
		}
		joining = false
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// parseParams parses "value; a=b; c*=utf-8”%D0%90; d*0*=...; d*1*=..." leniently, with RFC 2231 charsets
// and continuations and RFC 2047 words inside quoted values.
func (w *walker) parseParams(s string) mediaType {
	mt := mediaType{params: map[string]string{}}
	segs := splitParams(s)
	if len(segs) == 0 {
		return mt
	}
	mt.value = strings.ToLower(strings.TrimSpace(segs[0]))
	type piece struct {
		idx   int
		ext   bool
		value string
	}
	cont := map[string][]piece{}
	for _, seg := range segs[1:] {
		eq := strings.IndexByte(seg, '=')
		if eq <= 0 {
			continue
		}
		name := strings.ToLower(strings.TrimSpace(seg[:eq]))
		val := unquote(strings.TrimSpace(seg[eq+1:]))
		base, idx, ext := name, -1, false
		if strings.HasSuffix(base, "*") {
			ext = true
			base = strings.TrimSuffix(base, "*")
		}
		if star := strings.LastIndexByte(base, '*'); star > 0 {
			if n, err := strconv.Atoi(base[star+1:]); err == nil && n >= 0 && n < 1000 {
				idx = n
				base = base[:star]
			}
		}
		if idx < 0 {
			if ext {
				mt.params[base+"*"] = val
			} else if _, seen := mt.params[base]; !seen {
				mt.params[base] = val
			}
			continue
		}
		cont[base] = append(cont[base], piece{idx: idx, ext: ext, value: val})
	}
	for base, ps := range cont {
		sort.Slice(ps, func(i, j int) bool { return ps[i].idx < ps[j].idx })
		anyExt := false
		var raw strings.Builder
		for _, p := range ps {
			if p.ext {
				anyExt = true
				raw.WriteString(p.value)
			} else {
				raw.WriteString(percentEscapeIf(p.value, anyExt))
			}
		}
		if anyExt {
			mt.params[base+"*"] = raw.String()
		} else {
			mt.params[base] = raw.String()
		}
	}
	// Resolve extended values (charset'lang'%XX) and encoded words into plain UTF-8 values.
	for k, v := range mt.params {
		if !strings.HasSuffix(k, "*") {
			continue
		}
		base := strings.TrimSuffix(k, "*")
		delete(mt.params, k)
		mt.params[base] = w.decode2231(v)
	}
	for k, v := range mt.params {
		if strings.Contains(v, "=?") {
			mt.params[k] = w.decodeText(v)
		}
	}
	return mt
}

// percentEscapeIf keeps literal segments literal when they are joined to percent-encoded ones.
func percentEscapeIf(s string, escaped bool) string {
	if !escaped {
		return s
	}
	return strings.ReplaceAll(s, "%", "%25")
}

func (w *walker) decode2231(v string) string {
	parts := strings.SplitN(v, "'", 3)
	if len(parts) != 3 {
		return w.decodeCharset(percentDecode(v), "utf-8", false)
	}
	cs := parts[0]
	if cs == "" {
		cs = "utf-8"
	}
	return w.decodeCharset(percentDecode(parts[2]), cs, false)
}

func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

// splitParams splits at semicolons outside double quotes.
func splitParams(s string) []string {
	var out []string
	quoted := false
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if quoted {
				i++
			}
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	out = append(out, s[start:])
	return out
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' {
		end := len(v)
		if v[end-1] == '"' {
			end--
		}
		var b strings.Builder
		for i := 1; i < end; i++ {
			if v[i] == '\\' && i+1 < end {
				i++
			}
			b.WriteByte(v[i])
		}
		return b.String()
	}
	return strings.Trim(v, "\"")
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// finishBody chooses the body: plain text parts when any carries text, else the HTML parts converted.
func (w *walker) finishBody() {
	join := func(ss []string) string {
		var kept []string
		for _, s := range ss {
			if s = strings.TrimSpace(s); s != "" {
				kept = append(kept, s)
			}
		}
		return strings.Join(kept, "\n\n")
	}
	if plain := join(w.plain); plain != "" || len(w.html) == 0 {
		w.msg.Text = plain
		return
	}
	var texts []string
	for _, h := range w.html {
		texts = append(texts, htmlToText(h))
	}
	w.msg.Text = join(texts)
	w.msg.FromHTML = true
}
