package parse

import (
	"strings"
)

// Bounces and auto-replies must never count as an executor's draft (mail conventions): classify recognises the
// standard forms (RFC 3464 reports, RFC 3834 Auto-Submitted) and the common non-standard ones seen from
// Russian and international servers.

// deliveryStatus reads a message/delivery-status body: per-recipient blocks of "Field: value" lines.
func (w *walker) deliveryStatus(data []byte) {
	text := normalizeNewlines(w.decodeCharset(data, "utf-8", false))
	for _, block := range strings.Split(text, "\n\n") {
		var recipient, original, action string
		for _, line := range strings.Split(block, "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			v = strings.TrimSpace(v)
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "final-recipient":
				recipient = addressOfType(v)
			case "original-recipient":
				original = addressOfType(v)
			case "action":
				action = strings.ToLower(strings.Fields(v + " x")[0])
			}
		}
		if recipient == "" {
			recipient = original
		}
		if recipient == "" && action == "" {
			continue
		}
		w.report.actions = append(w.report.actions, action)
		if recipient == "" {
			continue
		}
		if action == "failed" || action == "" {
			w.report.recipients = append(w.report.recipients, recipient)
		} else {
			w.report.others = append(w.report.others, recipient)
		}
	}
}

// addressOfType strips the address type of a DSN field: "rfc822; user@example.ru".
func addressOfType(v string) string {
	if _, addr, ok := strings.Cut(v, ";"); ok {
		v = addr
	}
	return strings.Trim(strings.TrimSpace(v), "<>")
}

// returnedMessage reads the Message-ID of the original from a returned message or its headers.
func (w *walker) returnedMessage(data []byte) {
	sub := &walker{lim: w.lim, msg: &Message{}}
	h, _, err := sub.splitHeader(data)
	if err != nil {
		return
	}
	if id := firstOrEmpty(msgIDs(h.get("Message-Id"))); id != "" && w.report.originalID == "" {
		w.report.originalID = id
	}
}

var (
	bounceSubjectRe = mustKeyed(`(?i)undeliver|undelivered|not delivered|delivery (status notification \(failure\)|failure|has failed|failed)|mail delivery failed|failure notice|returned mail|returned to sender|delivery problem|недоставлен|не доставлен|не может быть доставлен|невозможно доставить|ошибка доставки|возврат(ное)? (письм|сообщ)`)
	delaySubjectRe  = mustKeyed(`(?i)delayed|delivery status notification \(delay\)|warning: message .* delayed|задерж`)
	autoSubjectRe   = mustKeyed(`(?i)автоответ|автоматический ответ|out of (the )?office|auto[- ]?reply|autoreply|automatic reply|auto[- ]?response|autosvar|abwesenheit|vacation reply|нет на месте|вне офиса`)
	autoStartRe     = mustKeyed(`(?i)^\s*(?:(?:re|ответ|fw|fwd)\s*:\s*)*(?:отпуск|в отпуске|нахожусь в отпуске|командировка|в командировке|больничный|на больничном|vacation|away|absent)(?:[^\p{L}]|$)`)
	readReceiptRe   = mustKeyed(`(?i)^\s*(прочитано|read|прочтено|уведомление о прочтении|read receipt)\s*:`)
	daemonLocalRe   = mustKeyed(`(?i)^(mailer-daemon|mailer_daemon|mailerdaemon|mail-daemon|postmaster|mail\.delivery\.system|maildaemon|bounce|bounces|noreply-dmarc)$`)
	copyMarkerRe    = mustKeyed(`(?im)^.*(original message|this is a copy of the message|below this line is a copy|undelivered message|returned message|копия (исходного|вашего) (письма|сообщения)|исходное (письмо|сообщение)|заголовки (исходного|вашего) (письма|сообщения)).*$`)
	textMsgIDRe     = mustKeyed(`(?im)^\s*message-id:\s*<([^<>\s]+)>`)
)

// classify sets Kind, BounceRecipients and BounceMessageID once the whole message was walked.
func (w *walker) classify(h header) {
	m := w.msg
	rep := w.report
	fromLocal, _, _ := strings.Cut(m.From.Email, "@")
	daemon := daemonLocalRe.MatchString(fromLocal) ||
		strings.Contains(strings.ToLower(m.From.Name), "mail delivery") ||
		strings.Contains(strings.ToLower(m.From.Name), "почтовая система")
	// Only a subject's start says what the mail is; a megabyte of folded subject must not cost regexp time.
	subject := clip(m.Subject, 300)

	switch {
	case rep.reportType == "delivery-status":
		if len(rep.recipients) == 0 && len(rep.others) > 0 && !anyEqual(rep.actions, "failed") {
			m.Kind = Notification // delayed, delivered, relayed, expanded: not a failure
		} else {
			m.Kind = Bounce
		}
	case rep.reportType == "disposition-notification":
		m.Kind = Notification
	case h.get("X-Failed-Recipients") != "":
		m.Kind = Bounce
	case daemon && delaySubjectRe.MatchString(subject) && !bounceSubjectRe.MatchString(subject):
		m.Kind = Notification
	case daemon && (bounceSubjectRe.MatchString(subject) || subject == ""):
		m.Kind = Bounce
	case bounceSubjectRe.MatchString(subject) && (daemon || strings.HasPrefix(m.AutoSubmitted, "auto-")):
		m.Kind = Bounce
	case isAutoReply(m, h, subject):
		m.Kind = AutoReply
	case readReceiptRe.MatchString(subject) && h.get("Auto-Submitted") != "":
		m.Kind = Notification
	default:
		m.Kind = Ordinary
	}
	if m.Kind != Bounce {
		return
	}
	m.BounceRecipients = rep.recipients
	if len(m.BounceRecipients) == 0 {
		for _, v := range h.values("X-Failed-Recipients") {
			for _, a := range strings.Split(v, ",") {
				if a = strings.Trim(strings.TrimSpace(a), "<>"); a != "" {
					m.BounceRecipients = append(m.BounceRecipients, a)
				}
			}
		}
	}
	human, returned := splitAtCopyMarker(m.Text)
	if len(m.BounceRecipients) == 0 {
		m.BounceRecipients = addressesIn(human, m.From.Email)
	}
	m.BounceRecipients = dedupeFold(m.BounceRecipients)
	m.BounceMessageID = rep.originalID
	if m.BounceMessageID == "" {
		for _, a := range m.Attachments {
			if a.ContentType == "message/rfc822" || a.ContentType == "text/rfc822-headers" {
				w.returnedMessage(a.Data)
			}
		}
		m.BounceMessageID = w.report.originalID
	}
	if m.BounceMessageID == "" {
		if mm := textMsgIDRe.FindStringSubmatch(returned); mm != nil {
			m.BounceMessageID = mm[1]
		}
	}
}

func isAutoReply(m *Message, h header, subject string) bool {
	if m.AutoSubmitted == "auto-replied" {
		return true
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond", "X-Autoresponse", "X-Autoreply-From", "X-Mail-Autoreply"} {
		if v := strings.ToLower(strings.TrimSpace(h.get(k))); h.has(k) && v != "no" && v != "false" {
			return true
		}
	}
	prec := strings.ToLower(strings.TrimSpace(h.get("Precedence")))
	if prec == "auto_reply" || prec == "auto-reply" {
		return true
	}
	return autoSubjectRe.MatchString(subject) || autoStartRe.MatchString(subject)
}

func anyEqual(ss []string, v string) bool {
	for _, s := range ss {
		if s == v {
			return true
		}
	}
	return false
}

// splitAtCopyMarker separates a non-standard bounce's explanation from the copy of the returned message.
func splitAtCopyMarker(text string) (human, returned string) {
	loc := copyMarkerRe.FindStringIndex(text)
	if loc == nil {
		return text, text
	}
	return text[:loc[0]], text[loc[0]:]
}

func addressesIn(text, except string) []string {
	var out []string
	for _, a := range emailRe.FindAllString(text, -1) {
		a = strings.TrimRight(a, ".")
		local, _, _ := strings.Cut(a, "@")
		if strings.EqualFold(a, except) || daemonLocalRe.MatchString(local) {
			continue
		}
		out = append(out, a)
	}
	return out
}

func dedupeFold(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		k := strings.ToLower(s)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
