package mailbridge

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gomessage "github.com/emersion/go-message/mail"
	gomail "github.com/wneessen/go-mail"
	gomailsmtp "github.com/wneessen/go-mail/smtp"

	"otklik/mailbridge/loopback"
)

var senderTestDate = time.Date(2026, 1, 13, 10, 22, 5, 0, time.FixedZone("+07", 7*60*60))

// senderTestAnswer is an answer to the Department as the outbox would queue it.
func senderTestAnswer() Outgoing {
	return Outgoing{
		MessageID:   "otk-2026-0042.answer.1@otklik.kozhevnikovo.example",
		FromName:    "Иванова Анна Петровна, специалист",
		FromAddress: "koordinator@kozhevnikovo.example",
		To:          []string{"Департамент <dip@tomsk.example>"},
		Cc:          []string{"head@kozhevnikovo.example", "dip@tomsk.example"},
		ReplyTo:     "koordinator@kozhevnikovo.example",
		Subject:     "[ОТК-2026-0042] Промежуточный ответ: ямы на ул. Ленина",
		InReplyTo:   "incident-1187@dip.tomsk.example",
		References:  []string{"digest-55@dip.tomsk.example", "incident-1187@dip.tomsk.example"},
		Headers:     map[string]string{"Auto-Submitted": "auto-generated", "X-Otklik-Case": "ОТК-2026-0042"},
		Text:        "Добрый день!\n\nЯмочный ремонт на ул. Ленина запланирован на 20.05.\nСрок — до конца месяца.\n",
		Attachments: []OutAttachment{
			{Name: "фото ямы.jpg", ContentType: "image/jpeg", Data: []byte("\xff\xd8\xff\xe0 not a real jpeg \x00\x01")},
			{Name: "plan.txt", Data: []byte("line 1\r\nline 2\r\n")},
		},
		Date: senderTestDate,
	}
}

func senderTestNotice(i int) Outgoing {
	return Outgoing{
		MessageID:   fmt.Sprintf("otk-task-%d@otklik.example", i),
		FromAddress: "koordinator@kozhevnikovo.example",
		To:          []string{fmt.Sprintf("executor%d@kozhevnikovo.example", i)},
		Subject:     fmt.Sprintf("[ОТК-2026-%04d] Задание", i),
		Headers:     map[string]string{"Auto-Submitted": "auto-generated"},
		Text:        "Прошу подготовить проект ответа.",
		Date:        senderTestDate,
	}
}

func quietServerLog() *log.Logger { return log.New(io.Discard, "", 0) }

func startSenderTestServer(t testing.TB, opt loopback.SMTPOptions) *loopback.SMTP {
	t.Helper()
	if opt.ErrorLog == nil {
		opt.ErrorLog = quietServerLog()
	}
	srv, err := loopback.StartSMTP(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// senderTestConfig points at srv on 127.0.0.1, trusting the loopback certificate.
func senderTestConfig(t testing.TB, srv *loopback.SMTP, security Security) SMTPConfig {
	t.Helper()
	host, portText, err := net.SplitHostPort(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portText)
	_, pool, err := loopback.TestCertificate()
	if err != nil {
		t.Fatal(err)
	}
	return SMTPConfig{Host: host, Port: port, Security: security, RootCAs: pool, Timeout: 10 * time.Second}
}

func newTestSender(t testing.TB, cfg SMTPConfig) *Sender {
	t.Helper()
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sendAll runs SendBatch and collects the done calls in order.
func sendAll(t testing.TB, s *Sender, batch []Outgoing) (map[int]error, []int, error) {
	t.Helper()
	var (
		mu    sync.Mutex
		order []int
	)
	results := make(map[int]error)
	err := s.SendBatch(context.Background(), batch, func(i int, err error) {
		mu.Lock()
		defer mu.Unlock()
		if _, twice := results[i]; twice {
			t.Errorf("done called twice for %d", i)
		}
		results[i] = err
		order = append(order, i)
	})
	return results, order, err
}

// П.9, mail conventions: the answer is a reply to the Department's e-mail,
// carries our Message-ID and the case tag, and our notices say Auto-Submitted.
func TestRenderParsesBackWithGoMessage(t *testing.T) {
	o := senderTestAnswer()
	raw, err := Render(o)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range raw {
		if b >= 0x80 {
			t.Fatalf("byte %d is 8-bit (%q): the message must be 7-bit clean", i, raw[max(0, i-20):i+1])
		}
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Fatalf("line longer than 998 octets: %q…", line[:80])
		}
	}

	r, err := gomessage.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := r.Header
	if id, err := h.MessageID(); err != nil || id != o.MessageID {
		t.Errorf("Message-ID = %q (%v), want %q", id, err, o.MessageID)
	}
	if ids, err := h.MsgIDList("In-Reply-To"); err != nil || !slices.Equal(ids, []string{o.InReplyTo}) {
		t.Errorf("In-Reply-To = %q (%v)", ids, err)
	}
	if ids, err := h.MsgIDList("References"); err != nil || !slices.Equal(ids, o.References) {
		t.Errorf("References = %q (%v), want %q", ids, err, o.References)
	}
	if subject, err := h.Subject(); err != nil || subject != o.Subject {
		t.Errorf("Subject = %q (%v), want %q", subject, err, o.Subject)
	}
	if got := h.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", got)
	}
	if got, err := h.Text("X-Otklik-Case"); err != nil || got != "ОТК-2026-0042" {
		t.Errorf("X-Otklik-Case = %q (%v)", got, err)
	}
	if date, err := h.Date(); err != nil || !date.Equal(o.Date) {
		t.Errorf("Date = %v (%v), want %v", date, err, o.Date)
	}
	if from, err := h.AddressList("From"); err != nil || len(from) != 1 || from[0].Name != o.FromName || from[0].Address != o.FromAddress {
		t.Errorf("From = %v (%v)", from, err)
	}
	if replyTo, err := h.AddressList("Reply-To"); err != nil || len(replyTo) != 1 || replyTo[0].Address != o.ReplyTo {
		t.Errorf("Reply-To = %v (%v)", replyTo, err)
	}
	if to, err := h.AddressList("To"); err != nil || len(to) != 1 || to[0].Name != "Департамент" || to[0].Address != "dip@tomsk.example" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if cc, err := h.AddressList("Cc"); err != nil || len(cc) != 2 {
		t.Errorf("Cc = %v (%v)", cc, err)
	}
	if h.Get("User-Agent") != "" || h.Get("X-Mailer") != "" {
		t.Errorf("library advertises itself: User-Agent %q, X-Mailer %q", h.Get("User-Agent"), h.Get("X-Mailer"))
	}

	var (
		text        string
		attachments []OutAttachment
	)
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatal(err)
		}
		switch ph := p.Header.(type) {
		case *gomessage.InlineHeader:
			mediaType, params, _ := ph.ContentType()
			if mediaType != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
				t.Errorf("text part is %s %v", mediaType, params)
			}
			text = string(body)
		case *gomessage.AttachmentHeader:
			name, err := ph.Filename()
			if err != nil {
				t.Errorf("attachment name: %v", err)
			}
			mediaType, _, _ := ph.ContentType()
			attachments = append(attachments, OutAttachment{Name: name, ContentType: mediaType, Data: body})
		}
	}
	if want := strings.ReplaceAll(o.Text, "\n", "\r\n"); text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
	want := []OutAttachment{o.Attachments[0], {Name: "plan.txt", ContentType: "application/octet-stream", Data: o.Attachments[1].Data}}
	if len(attachments) != len(want) {
		t.Fatalf("%d attachments, want %d", len(attachments), len(want))
	}
	for i := range want {
		if attachments[i].Name != want[i].Name || attachments[i].ContentType != want[i].ContentType || !bytes.Equal(attachments[i].Data, want[i].Data) {
			t.Errorf("attachment %d = %q %q %q, want %q %q %q", i, attachments[i].Name, attachments[i].ContentType, attachments[i].Data,
				want[i].Name, want[i].ContentType, want[i].Data)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	o := senderTestAnswer()
	first, err := Render(o)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := Render(o)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("Render differs between calls:\n%s\n---\n%s", first, again)
		}
	}
	o.Text += "Ещё строка."
	other, err := Render(o)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(other, []byte(mimeBoundaryFor(o))) || bytes.Contains(other, []byte(mimeBoundaryFor(senderTestAnswer()))) {
		t.Error("the MIME boundary does not follow the content")
	}
}

func TestRenderChoosesTextEncoding(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"Cyrillic text as base64", "Прошу подготовить проект ответа до 16:22.", "base64"},
		{"mostly ASCII text as quoted-printable", "Please see the attached plan for the road repairs on Lenin street, item 3 (ул. Ленина).", "quoted-printable"},
		{"long ASCII line stays valid", strings.Repeat("word ", 400), "quoted-printable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := senderTestNotice(1)
			o.Text = tt.text
			raw, err := Render(o)
			if err != nil {
				t.Fatal(err)
			}
			r, err := gomessage.CreateReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Header.Get("Content-Transfer-Encoding"); got != tt.want {
				t.Errorf("Content-Transfer-Encoding = %q, want %q", got, tt.want)
			}
			p, err := r.NextPart()
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(p.Body)
			if string(body) != tt.text {
				t.Errorf("text changed on the way: %q", body)
			}
		})
	}
}

func TestRenderRefusesBadMessages(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *Outgoing)
	}{
		{"no Message-ID", func(o *Outgoing) { o.MessageID = "" }},
		{"Message-ID with brackets", func(o *Outgoing) { o.MessageID = "<a@b>" }},
		{"Message-ID without domain", func(o *Outgoing) { o.MessageID = "abc" }},
		{"Message-ID with a space", func(o *Outgoing) { o.MessageID = "a b@c" }},
		{"no date", func(o *Outgoing) { o.Date = time.Time{} }},
		{"bad sender", func(o *Outgoing) { o.FromAddress = "не адрес" }},
		{"sender with a name inside the address", func(o *Outgoing) { o.FromAddress = "Анна <a@b.example>" }},
		{"no recipients", func(o *Outgoing) { o.To, o.Cc = nil, nil }},
		{"bad recipient", func(o *Outgoing) { o.Cc = []string{"a@b.example, c@d.example"} }},
		{"bad Reply-To", func(o *Outgoing) { o.ReplyTo = "@@" }},
		{"bad In-Reply-To", func(o *Outgoing) { o.InReplyTo = "x>\r\nBcc: victim@example.ru" }},
		{"bad reference", func(o *Outgoing) { o.References = []string{"ok@x", "not ok"} }},
		{"header injection", func(o *Outgoing) { o.Headers = map[string]string{"X-Note": "a\r\nBcc: victim@example.ru"} }},
		{"header replacing a field", func(o *Outgoing) { o.Headers = map[string]string{"message-id": "<x@y>"} }},
		{"header name with a colon", func(o *Outgoing) { o.Headers = map[string]string{"X:Y": "z"} }},
		{"attachment without a name", func(o *Outgoing) { o.Attachments = []OutAttachment{{Data: []byte("x")}} }},
		{"attachment with a bad type", func(o *Outgoing) {
			o.Attachments = []OutAttachment{{Name: "a", ContentType: "image/", Data: []byte("x")}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := senderTestAnswer()
			tt.change(&o)
			if raw, err := Render(o); err == nil {
				t.Fatalf("Render accepted it:\n%s", raw)
			}
		})
	}
}

// DC: TLS verified by default; plain text only to loopback.
func TestSMTPConfigValidate(t *testing.T) {
	valid := SMTPConfig{Host: "smtp.example.ru", Port: 587, Security: SecuritySTARTTLS, Username: "u", Password: "p"}
	tests := []struct {
		name      string
		change    func(c *SMTPConfig)
		ok        bool
		plainText bool // the error must be ErrPlaintextToRemote
	}{
		{"starttls", func(*SMTPConfig) {}, true, false},
		{"tls to an IPv6 address", func(c *SMTPConfig) { c.Security, c.Host, c.Port = SecurityTLS, "2001:db8::25", 465 }, true, false},
		{"none to 127.0.0.1", func(c *SMTPConfig) { c.Security, c.Host = SecurityNone, "127.0.0.1" }, true, false},
		{"none to ::1", func(c *SMTPConfig) { c.Security, c.Host = SecurityNone, "::1" }, true, false},
		{"none to localhost", func(c *SMTPConfig) { c.Security, c.Host = SecurityNone, "localhost" }, true, false},
		{"no authentication", func(c *SMTPConfig) { c.Username, c.Password = "", "" }, true, false},
		{"none to a remote host", func(c *SMTPConfig) { c.Security = SecurityNone }, false, true},
		{"none to a LAN address", func(c *SMTPConfig) { c.Security, c.Host = SecurityNone, "192.168.1.10" }, false, true},
		{"empty security", func(c *SMTPConfig) { c.Security = "" }, false, false},
		{"unknown security", func(c *SMTPConfig) { c.Security = "ssl" }, false, false},
		{"empty host", func(c *SMTPConfig) { c.Host = " " }, false, false},
		{"host with port", func(c *SMTPConfig) { c.Host = "smtp.example.ru:587" }, false, false},
		{"port 0", func(c *SMTPConfig) { c.Port = 0 }, false, false},
		{"port too large", func(c *SMTPConfig) { c.Port = 70000 }, false, false},
		{"login without password", func(c *SMTPConfig) { c.Password = "" }, false, false},
		{"password without login", func(c *SMTPConfig) { c.Username = "" }, false, false},
		{"negative timeout", func(c *SMTPConfig) { c.Timeout = -time.Second }, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.change(&c)
			err := c.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tt.ok)
			}
			if tt.plainText != errors.Is(err, ErrPlaintextToRemote) {
				t.Errorf("Validate() = %v; ErrPlaintextToRemote expected: %v", err, tt.plainText)
			}
			if _, err := NewSender(c); (err == nil) != tt.ok {
				t.Errorf("NewSender disagrees with Validate: %v", err)
			}
		})
	}
}

// DC: one connection for the whole batch; the bytes on the wire are Render's.
func TestSendBatchUsesOneConnection(t *testing.T) {
	srv := startSenderTestServer(t, loopback.SMTPOptions{})
	s := newTestSender(t, senderTestConfig(t, srv, SecurityNone))
	batch := []Outgoing{senderTestAnswer(), senderTestNotice(1), senderTestNotice(2)}

	results, order, err := sendAll(t, s, batch)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(order, []int{0, 1, 2}) {
		t.Errorf("done order %v, want 0 1 2", order)
	}
	for i, err := range results {
		if err != nil {
			t.Errorf("message %d: %v", i, err)
		}
	}
	if got := srv.Connections(); got != 1 {
		t.Errorf("server saw %d connections, want 1", got)
	}
	got := srv.Received()
	if len(got) != 3 {
		t.Fatalf("server kept %d messages, want 3", len(got))
	}
	for i, env := range got {
		want, err := Render(batch[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(env.Data, want) {
			t.Errorf("message %d on the wire differs from Render:\n%s\n---\n%s", i, env.Data, want)
		}
		if env.Conn != got[0].Conn {
			t.Errorf("message %d came over connection %d, message 0 over %d", i, env.Conn, got[0].Conn)
		}
		if env.From != batch[i].FromAddress {
			t.Errorf("MAIL FROM %q, want %q", env.From, batch[i].FromAddress)
		}
	}
	// Cc repeats the To address: one RCPT each.
	if want := []string{"dip@tomsk.example", "head@kozhevnikovo.example"}; !slices.Equal(got[0].To, want) {
		t.Errorf("RCPT TO %v, want %v", got[0].To, want)
	}
}

// DC (retry with backoff on temporary errors only): the coordinator sees the
// server's reason, the outbox sees whether to retry, and the rest of the batch
// goes on over the same connection.
func TestSendBatchRefusals(t *testing.T) {
	tests := []struct {
		name       string
		refuse     func(srv *loopback.SMTP)
		temporary  bool
		reason     string
		stagePrefx string
	}{
		{"temporary at DATA", func(srv *loopback.SMTP) { srv.Refuse(1, 451, [3]int{4, 3, 0}, "Mailbox temporarily full") },
			true, "451 4.3.0 Mailbox temporarily full", "DATA"},
		{"permanent at DATA", func(srv *loopback.SMTP) { srv.Refuse(1, 554, [3]int{5, 7, 1}, "Message rejected") },
			false, "554 5.7.1 Message rejected", "DATA"},
		{"temporary at RCPT", func(srv *loopback.SMTP) { srv.RefuseRecipients(1, 450, [3]int{4, 7, 1}, "Greylisted, try later") },
			true, "450 4.7.1 Greylisted, try later", "RCPT"},
		{"permanent at RCPT", func(srv *loopback.SMTP) { srv.RefuseRecipients(1, 550, [3]int{5, 1, 1}, "No such user here") },
			false, "550 5.1.1 No such user here", "RCPT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSenderTestServer(t, loopback.SMTPOptions{})
			tt.refuse(srv)
			s := newTestSender(t, senderTestConfig(t, srv, SecurityNone))
			results, _, err := sendAll(t, s, []Outgoing{senderTestNotice(1), senderTestNotice(2), senderTestNotice(3)})
			if err != nil {
				t.Fatalf("a refusal ended the batch: %v", err)
			}
			refused := results[0]
			if refused == nil {
				t.Fatal("the refused message was reported as sent")
			}
			if got := IsTemporary(refused); got != tt.temporary {
				t.Errorf("IsTemporary = %v, want %v (%v)", got, tt.temporary, refused)
			}
			if got := ServerReason(refused); got != tt.reason {
				t.Errorf("ServerReason = %q, want %q", got, tt.reason)
			}
			var delivery *DeliveryError
			if !errors.As(refused, &delivery) || !strings.HasPrefix(delivery.Stage, tt.stagePrefx) || delivery.MayHaveBeenSent ||
				delivery.MessageID != "otk-task-1@otklik.example" {
				t.Errorf("DeliveryError = %+v", delivery)
			}
			if results[1] != nil || results[2] != nil {
				t.Errorf("later messages failed: %v, %v", results[1], results[2])
			}
			if got := srv.Received(); len(got) != 2 || srv.Connections() != 1 {
				t.Errorf("server kept %d messages over %d connections, want 2 over 1", len(got), srv.Connections())
			}
		})
	}
}

// DC: TLS verified by default (against the configured roots), never skipped.
func TestSendOverTLS(t *testing.T) {
	tests := []struct {
		name     string
		server   loopback.TLSMode
		security Security
	}{
		{"starttls", loopback.STARTTLS, SecuritySTARTTLS},
		{"implicit tls", loopback.ImplicitTLS, SecurityTLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSenderTestServer(t, loopback.SMTPOptions{TLS: tt.server, Username: "otklik", Password: "секрет"})
			cfg := senderTestConfig(t, srv, tt.security)
			cfg.Username, cfg.Password = "otklik", "секрет"

			results, _, err := sendAll(t, newTestSender(t, cfg), []Outgoing{senderTestNotice(1)})
			if err != nil || results[0] != nil {
				t.Fatalf("SendBatch = %v, done = %v", err, results[0])
			}
			if got := srv.Received(); len(got) != 1 || !got[0].TLS {
				t.Fatalf("received %+v, want one message over TLS", got)
			}

			untrusted := cfg
			untrusted.RootCAs = x509.NewCertPool()
			err = newTestSender(t, untrusted).Check(context.Background())
			if err == nil {
				t.Fatal("connected although the certificate is not trusted")
			}
			if IsTemporary(err) {
				t.Errorf("a certificate failure is not temporary: %v", err)
			}

			wrongPassword := cfg
			wrongPassword.Password = "не тот"
			err = newTestSender(t, wrongPassword).Check(context.Background())
			if err == nil || IsTemporary(err) || !strings.HasPrefix(ServerReason(err), "535 ") {
				t.Errorf("wrong password: err %v, temporary %v, reason %q", err, IsTemporary(err), ServerReason(err))
			}
			if got := len(srv.Received()); got != 1 {
				t.Errorf("server kept %d messages, want 1", got)
			}
		})
	}
}

// DC: "starttls" never falls back to clear text.
func TestSTARTTLSToAServerWithoutItFailsClosed(t *testing.T) {
	srv := startSenderTestServer(t, loopback.SMTPOptions{Username: "otklik", Password: "секрет"})
	cfg := senderTestConfig(t, srv, SecuritySTARTTLS)
	cfg.Username, cfg.Password = "otklik", "секрет"
	s := newTestSender(t, cfg)

	for name, err := range map[string]error{
		"Check":     s.Check(context.Background()),
		"SendBatch": s.SendBatch(context.Background(), []Outgoing{senderTestNotice(1)}, func(i int, err error) { t.Errorf("done(%d, %v) called", i, err) }),
	} {
		if !errors.Is(err, ErrSTARTTLSUnavailable) {
			t.Errorf("%s = %v, want ErrSTARTTLSUnavailable", name, err)
		}
		if IsTemporary(err) {
			t.Errorf("%s: a missing STARTTLS is not temporary", name)
		}
	}
	if got := srv.Received(); len(got) != 0 {
		t.Errorf("%d messages went out in clear text", len(got))
	}
}

// DC: plain text only to loopback.
func TestSecurityNoneToARemoteHostIsRefused(t *testing.T) {
	for _, host := range []string{"smtp.example.ru", "192.0.2.25", "2001:db8::25"} {
		_, err := NewSender(SMTPConfig{Host: host, Port: 25, Security: SecurityNone})
		if !errors.Is(err, ErrPlaintextToRemote) {
			t.Errorf("NewSender(none to %s) = %v, want ErrPlaintextToRemote", host, err)
		}
	}
}

// DC: a crash or cut between the message and the reply shows as "may have
// been sent"; the rest of the batch is not attempted.
func TestSendBatchConnectionLostBeforeReply(t *testing.T) {
	srv := startSenderTestServer(t, loopback.SMTPOptions{})
	srv.OnMessage(func(loopback.Envelope) { srv.DropConnections() })
	s := newTestSender(t, senderTestConfig(t, srv, SecurityNone))

	results, order, err := sendAll(t, s, []Outgoing{senderTestNotice(1), senderTestNotice(2), senderTestNotice(3)})
	if err == nil {
		t.Fatal("SendBatch ignored the broken connection")
	}
	if !IsTemporary(err) {
		t.Errorf("a broken connection is temporary: %v", err)
	}
	if !slices.Equal(order, []int{0}) {
		t.Fatalf("done called for %v, want only 0", order)
	}
	var delivery *DeliveryError
	if !errors.As(results[0], &delivery) || !delivery.MayHaveBeenSent || !delivery.Temporary {
		t.Errorf("message 0: %+v, want temporary and may have been sent", results[0])
	}
	if got := len(srv.Received()); got != 1 {
		t.Errorf("server kept %d messages, want 1", got)
	}
}

func TestSendBatchCannotConnect(t *testing.T) {
	srv := startSenderTestServer(t, loopback.SMTPOptions{})
	cfg := senderTestConfig(t, srv, SecurityNone)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	s := newTestSender(t, cfg)
	err := s.SendBatch(context.Background(), []Outgoing{senderTestNotice(1)}, func(i int, err error) {
		t.Errorf("done(%d, %v) called without a connection", i, err)
	})
	if err == nil || !IsTemporary(err) {
		t.Errorf("SendBatch = %v (temporary %v), want a temporary connection error", err, IsTemporary(err))
	}
	if err := s.Check(context.Background()); err == nil {
		t.Error("Check succeeded without a server")
	}
}

func TestSendBatchStopsOnCancelledContext(t *testing.T) {
	srv := startSenderTestServer(t, loopback.SMTPOptions{})
	s := newTestSender(t, senderTestConfig(t, srv, SecurityNone))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var sent []int
	err := s.SendBatch(ctx, []Outgoing{senderTestNotice(1), senderTestNotice(2), senderTestNotice(3)}, func(i int, err error) {
		sent = append(sent, i)
		cancel() // the coordinator closes the window after the first message
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("SendBatch = %v, want context.Canceled", err)
	}
	if !slices.Equal(sent, []int{0}) || len(srv.Received()) != 1 {
		t.Errorf("done for %v, server kept %d; want only message 0", sent, len(srv.Received()))
	}
	if err := s.SendBatch(ctx, []Outgoing{senderTestNotice(4)}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("SendBatch on a cancelled context = %v", err)
	}
}

// Closing the window must not wait for a slow server: cancelling ctx cuts the
// connection while a reply is outstanding.
func TestSendBatchCancelInterruptsATransfer(t *testing.T) {
	srv := startSenderTestServer(t, loopback.SMTPOptions{})
	s := newTestSender(t, senderTestConfig(t, srv, SecurityNone))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	srv.OnMessage(func(loopback.Envelope) {
		cancel()
		select { // hold the 250 reply back
		case <-release:
		case <-time.After(5 * time.Second):
		}
	})

	var result error
	start := time.Now()
	err := s.SendBatch(ctx, []Outgoing{senderTestNotice(1)}, func(_ int, err error) { result = err })
	elapsed := time.Since(start)
	close(release)

	if !errors.Is(err, context.Canceled) {
		t.Errorf("SendBatch = %v, want context.Canceled", err)
	}
	if elapsed > 3*time.Second {
		t.Errorf("SendBatch took %v: the cancel did not cut the connection", elapsed)
	}
	var delivery *DeliveryError
	if !errors.As(result, &delivery) || !delivery.MayHaveBeenSent {
		t.Errorf("message result %v, want \"may have been sent\"", result)
	}
}

func TestSendBatchReportsABadMessageAndGoesOn(t *testing.T) {
	srv := startSenderTestServer(t, loopback.SMTPOptions{})
	s := newTestSender(t, senderTestConfig(t, srv, SecurityNone))
	bad := senderTestNotice(2)
	bad.To = []string{"not an address"}

	results, _, err := sendAll(t, s, []Outgoing{senderTestNotice(1), bad, senderTestNotice(3)})
	if err != nil {
		t.Fatal(err)
	}
	if results[0] != nil || results[2] != nil {
		t.Errorf("good messages failed: %v, %v", results[0], results[2])
	}
	if results[1] == nil || IsTemporary(results[1]) {
		t.Errorf("bad message: %v, want a permanent error", results[1])
	}
	if got := len(srv.Received()); got != 2 {
		t.Errorf("server kept %d messages, want 2", got)
	}
}

func TestCheck(t *testing.T) {
	srv := startSenderTestServer(t, loopback.SMTPOptions{Username: "otklik", Password: "секрет"})
	cfg := senderTestConfig(t, srv, SecurityNone)
	cfg.Username, cfg.Password = "otklik", "секрет"
	if err := newTestSender(t, cfg).Check(context.Background()); err != nil {
		t.Fatalf("Check = %v", err)
	}
	noLogin := senderTestConfig(t, srv, SecurityNone)
	results, _, err := sendAll(t, newTestSender(t, noLogin), []Outgoing{senderTestNotice(1)})
	if err != nil || results[0] == nil || IsTemporary(results[0]) {
		t.Errorf("sending without login: batch error %v, message error %v; want a permanent refusal", err, results[0])
	}
	if len(srv.Received()) != 0 {
		t.Error("the server accepted mail without login")
	}
}

func TestCheckAgainstAServerWithoutAuth(t *testing.T) {
	srv := startSenderTestServer(t, loopback.SMTPOptions{})
	cfg := senderTestConfig(t, srv, SecurityNone)
	cfg.Username, cfg.Password = "otklik", "секрет"
	err := newTestSender(t, cfg).Check(context.Background())
	if err == nil || IsTemporary(err) {
		t.Errorf("Check = %v; want a permanent error: the password has nowhere to go", err)
	}
}

func TestPasswordAuthChoosesPlainThenLogin(t *testing.T) {
	tests := []struct {
		name    string
		server  gomailsmtp.ServerInfo
		plain   bool // allowPlaintext
		want    string
		wantErr bool
	}{
		{"PLAIN preferred", gomailsmtp.ServerInfo{Name: "smtp.example.ru", TLS: true, Auth: []string{"LOGIN", "PLAIN", "XOAUTH2"}}, false, "PLAIN", false},
		{"LOGIN when alone", gomailsmtp.ServerInfo{Name: "smtp.example.ru", TLS: true, Auth: []string{"login", "XOAUTH2"}}, false, "LOGIN", false},
		{"nothing usable", gomailsmtp.ServerInfo{Name: "smtp.example.ru", TLS: true, Auth: []string{"XOAUTH2"}}, false, "", true},
		{"no TLS to a remote host", gomailsmtp.ServerInfo{Name: "smtp.example.ru", Auth: []string{"PLAIN"}}, false, "", true},
		{"clear text to loopback when allowed", gomailsmtp.ServerInfo{Name: "127.0.0.1", Auth: []string{"PLAIN"}}, true, "PLAIN", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &smtpPasswordAuth{username: "u", password: "p", host: tt.server.Name, allowPlaintext: tt.plain}
			mech, _, err := a.Start(&tt.server)
			if (err != nil) != tt.wantErr || mech != tt.want {
				t.Errorf("Start = %q, %v; want %q, error %v", mech, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestIsTemporaryAndServerReason(t *testing.T) {
	reply := func(code int, msg string) error { return &textproto.Error{Code: code, Msg: msg} }
	tests := []struct {
		name      string
		err       error
		temporary bool
		reason    string
	}{
		{"nil", nil, false, ""},
		{"421 service closing", reply(421, "4.4.2 Timeout"), true, "421 4.4.2 Timeout"},
		{"452 storage", fmt.Errorf("wrapped: %w", reply(452, "4.3.1 Insufficient storage")), true, "452 4.3.1 Insufficient storage"},
		{"535 auth", fmt.Errorf("SMTP AUTH failed: %w", reply(535, "5.7.8 Authentication failed")), false, "535 5.7.8 Authentication failed"},
		{"550 mailbox", reply(550, "5.1.1 No such user"), false, "550 5.1.1 No such user"},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, true, "dial tcp: connection refused"},
		{"eof", io.EOF, true, "EOF"},
		{"deadline", context.DeadlineExceeded, true, "context deadline exceeded"},
		{"unknown authority", fmt.Errorf("x: %w", x509.UnknownAuthorityError{}), false, ""},
		{"no STARTTLS", ErrSTARTTLSUnavailable, false, ErrSTARTTLSUnavailable.Error()},
		{"anything else", errors.New("boom"), false, "boom"},
		{"delivery error says", &DeliveryError{Temporary: true, Err: errors.New("x")}, true, "x"},
		{"go-mail send error", &gomail.SendError{Reason: gomail.ErrGetSender}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTemporary(tt.err); got != tt.temporary {
				t.Errorf("IsTemporary = %v, want %v", got, tt.temporary)
			}
			if tt.reason != "" || tt.err == nil {
				if got := ServerReason(tt.err); got != tt.reason {
					t.Errorf("ServerReason = %q, want %q", got, tt.reason)
				}
			}
		})
	}
}

// benchmarkBatch is 1,000 typical task notices.
func benchmarkBatch() []Outgoing {
	batch := make([]Outgoing, 1000)
	for i := range batch {
		batch[i] = senderTestNotice(i)
	}
	return batch
}

func BenchmarkSendBatch1000(b *testing.B) {
	srv := startSenderTestServer(b, loopback.SMTPOptions{})
	s := newTestSender(b, senderTestConfig(b, srv, SecurityNone))
	batch := benchmarkBatch()
	ctx := context.Background()
	for b.Loop() {
		failed := 0
		err := s.SendBatch(ctx, batch, func(_ int, err error) {
			if err != nil {
				failed++
			}
		})
		if err != nil || failed != 0 {
			b.Fatalf("SendBatch = %v, %d failed", err, failed)
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(srv.Connections())/float64(b.N), "conns/op")
}

// BenchmarkDialAndSendLoop1000 is go-mail's own way, one DialAndSend per
// message, of the same 1,000 messages composed the same way.
func BenchmarkDialAndSendLoop1000(b *testing.B) {
	srv := startSenderTestServer(b, loopback.SMTPOptions{})
	cfg := senderTestConfig(b, srv, SecurityNone)
	client, err := gomail.NewClient(cfg.Host, gomail.WithPort(cfg.Port), gomail.WithTLSPolicy(gomail.NoTLS))
	if err != nil {
		b.Fatal(err)
	}
	batch := benchmarkBatch()
	for b.Loop() {
		for _, o := range batch {
			msg, err := composeOutgoing(o)
			if err != nil {
				b.Fatal(err)
			}
			if err := client.DialAndSend(msg); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(srv.Connections())/float64(b.N), "conns/op")
}

// BenchmarkDialAndSendAll1000 is go-mail's DialAndSend with all 1,000 messages
// at once: one connection, but a NOOP and an RSET around every message.
func BenchmarkDialAndSendAll1000(b *testing.B) {
	srv := startSenderTestServer(b, loopback.SMTPOptions{})
	cfg := senderTestConfig(b, srv, SecurityNone)
	client, err := gomail.NewClient(cfg.Host, gomail.WithPort(cfg.Port), gomail.WithTLSPolicy(gomail.NoTLS))
	if err != nil {
		b.Fatal(err)
	}
	batch := benchmarkBatch()
	for b.Loop() {
		msgs := make([]*gomail.Msg, len(batch))
		for i, o := range batch {
			if msgs[i], err = composeOutgoing(o); err != nil {
				b.Fatal(err)
			}
		}
		if err := client.DialAndSend(msgs...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(srv.Connections())/float64(b.N), "conns/op")
}
