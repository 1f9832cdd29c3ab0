package loopback

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

func startSMTP(t *testing.T, opt SMTPOptions) *SMTP {
	t.Helper()
	s, err := StartSMTP(opt)
	if err != nil {
		t.Fatalf("StartSMTP(%+v): %v", opt, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func dialSMTP(t *testing.T, s *SMTP, mode TLSMode, roots *x509.CertPool) (*smtp.Client, error) {
	t.Helper()
	config := &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	var (
		c   *smtp.Client
		err error
	)
	switch mode {
	case STARTTLS:
		c, err = smtp.DialStartTLS(s.Addr, config)
		if err == nil {
			// go-smtp's client shakes hands lazily, at the next command.
			if err = c.Hello("localhost"); err != nil {
				_ = c.Close()
			}
		}
	case ImplicitTLS:
		c, err = smtp.DialTLS(s.Addr, config)
	default:
		c, err = smtp.Dial(s.Addr)
	}
	if err == nil {
		t.Cleanup(func() { _ = c.Close() })
	}
	return c, err
}

func mustDialSMTP(t *testing.T, s *SMTP, mode TLSMode) *smtp.Client {
	t.Helper()
	_, pool, err := TestCertificate()
	if err != nil {
		t.Fatal(err)
	}
	c, err := dialSMTP(t, s, mode, pool)
	if err != nil {
		t.Fatalf("dial %v: %v", mode, err)
	}
	return c
}

func send(c *smtp.Client, from string, to []string, data string) error {
	return c.SendMail(from, to, strings.NewReader(data))
}

const smtpBody = "Subject: test\r\n\r\nТело письма.\r\n"

func TestSMTPReceivesAndKeepsMessages(t *testing.T) {
	s := startSMTP(t, SMTPOptions{})
	c := mustDialSMTP(t, s, PlainText)
	before := time.Now()
	if err := send(c, "otklik@example.ru", []string{"a@example.ru", "b@example.ru"}, smtpBody); err != nil {
		t.Fatal(err)
	}
	if err := send(c, "otklik@example.ru", []string{"c@example.ru"}, "Subject: second\r\n\r\n.leading dot\r\n"); err != nil {
		t.Fatal(err)
	}
	got, err := s.WaitFor(2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	first := got[0]
	if first.From != "otklik@example.ru" || !slices.Equal(first.To, []string{"a@example.ru", "b@example.ru"}) {
		t.Errorf("envelope = %q → %q", first.From, first.To)
	}
	if string(first.Data) != smtpBody {
		t.Errorf("data = %q, want %q", first.Data, smtpBody)
	}
	if first.At.Before(before) || first.Conn != 1 || first.TLS {
		t.Errorf("At %v (sent after %v), Conn %d, TLS %v; want a fresh time, connection 1, no TLS", first.At, before, first.Conn, first.TLS)
	}
	if string(got[1].Data) != "Subject: second\r\n\r\n.leading dot\r\n" {
		t.Errorf("dot-stuffed line not restored: %q", got[1].Data)
	}
	if len(s.Received()) != 2 {
		t.Errorf("Received() has %d messages, want 2", len(s.Received()))
	}
}

func TestSMTPWaitForTimesOut(t *testing.T) {
	s := startSMTP(t, SMTPOptions{})
	got, err := s.WaitFor(1, 50*time.Millisecond)
	if err == nil || len(got) != 0 {
		t.Fatalf("WaitFor on an empty server = %v, %v; want a timeout error", got, err)
	}
}

// DC (outbox retries on temporary errors only): a refusal carries the
// server's code and text, 4xx temporary and 5xx permanent, and stops after n
// messages.
func TestSMTPRefuse(t *testing.T) {
	tests := []struct {
		name     string
		refuse   func(s *SMTP)
		code     int
		enhanced smtp.EnhancedCode
		text     string
	}{
		{"temporary at DATA", func(s *SMTP) { s.Refuse(2, 451, [3]int{4, 3, 0}, "Попробуйте позже") }, 451, smtp.EnhancedCode{4, 3, 0}, "Попробуйте позже"},
		{"permanent at DATA", func(s *SMTP) { s.Refuse(2, 554, [3]int{5, 7, 1}, "Message rejected as spam") }, 554, smtp.EnhancedCode{5, 7, 1}, "Message rejected as spam"},
		{"temporary at RCPT", func(s *SMTP) { s.RefuseRecipients(2, 450, [3]int{4, 7, 1}, "Greylisted") }, 450, smtp.EnhancedCode{4, 7, 1}, "Greylisted"},
		{"permanent at RCPT", func(s *SMTP) { s.RefuseRecipients(2, 550, [3]int{5, 1, 1}, "No such user") }, 550, smtp.EnhancedCode{5, 1, 1}, "No such user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startSMTP(t, SMTPOptions{})
			tt.refuse(s)
			c := mustDialSMTP(t, s, PlainText)
			for i := range 2 {
				err := send(c, "otklik@example.ru", []string{"a@example.ru"}, smtpBody)
				var smtpErr *smtp.SMTPError
				if !errors.As(err, &smtpErr) {
					t.Fatalf("message %d: error %v, want an SMTP reply", i, err)
				}
				if smtpErr.Code != tt.code || smtpErr.EnhancedCode != tt.enhanced || smtpErr.Message != tt.text {
					t.Errorf("message %d: reply %d %v %q, want %d %v %q", i, smtpErr.Code, smtpErr.EnhancedCode, smtpErr.Message, tt.code, tt.enhanced, tt.text)
				}
				if err := c.Reset(); err != nil {
					t.Fatal(err)
				}
			}
			if err := send(c, "otklik@example.ru", []string{"a@example.ru"}, smtpBody); err != nil {
				t.Fatalf("third message refused too: %v", err)
			}
			if got := s.Received(); len(got) != 1 {
				t.Errorf("kept %d messages, want only the accepted one", len(got))
			}
		})
	}
}

func TestSMTPTLSModes(t *testing.T) {
	for _, mode := range []TLSMode{STARTTLS, ImplicitTLS} {
		t.Run(mode.String(), func(t *testing.T) {
			s := startSMTP(t, SMTPOptions{TLS: mode, ErrorLog: quietLog(t)})
			if _, err := dialSMTP(t, s, mode, x509.NewCertPool()); err == nil {
				t.Fatal("a client that does not trust the certificate connected")
			}
			c := mustDialSMTP(t, s, mode)
			if err := send(c, "otklik@example.ru", []string{"a@example.ru"}, smtpBody); err != nil {
				t.Fatal(err)
			}
			got, err := s.WaitFor(1, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if !got[0].TLS {
				t.Error("message over TLS recorded as clear text")
			}
		})
	}
}

func TestSMTPPlainServerOffersNoSTARTTLS(t *testing.T) {
	s := startSMTP(t, SMTPOptions{})
	c := mustDialSMTP(t, s, PlainText)
	if err := c.Hello("localhost"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		t.Error("plain-text server offers STARTTLS")
	}
}

func TestSMTPAuth(t *testing.T) {
	s := startSMTP(t, SMTPOptions{Username: "otklik", Password: "секрет"})
	tests := []struct {
		name    string
		auth    sasl.Client
		wantErr bool
	}{
		{"no auth", nil, true},
		{"wrong password", sasl.NewPlainClient("", "otklik", "не тот"), true},
		{"right password", sasl.NewPlainClient("", "otklik", "секрет"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustDialSMTP(t, s, PlainText)
			var err error
			if tt.auth != nil {
				err = c.Auth(tt.auth)
			}
			if err == nil {
				err = send(c, "otklik@example.ru", []string{"a@example.ru"}, smtpBody)
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}

func TestSMTPOnMessageAndConnectionCount(t *testing.T) {
	s := startSMTP(t, SMTPOptions{})
	var (
		mu   sync.Mutex
		seen []string
	)
	s.OnMessage(func(env Envelope) {
		mu.Lock()
		seen = append(seen, env.To[0])
		mu.Unlock()
	})
	for i, rcpt := range []string{"a@example.ru", "b@example.ru"} {
		c := mustDialSMTP(t, s, PlainText)
		if err := send(c, "otklik@example.ru", []string{rcpt}, smtpBody); err != nil {
			t.Fatal(err)
		}
		if err := c.Quit(); err != nil {
			t.Fatal(err)
		}
		if got := s.Received()[i].Conn; got != i+1 {
			t.Errorf("message %d came over connection %d, want %d", i, got, i+1)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(seen, []string{"a@example.ru", "b@example.ru"}) {
		t.Errorf("hook saw %v", seen)
	}
	if got := s.Connections(); got != 2 {
		t.Errorf("Connections() = %d, want 2", got)
	}
}

// A hook that drops the connections loses the 250 reply: the message is kept
// but the client sees a network error, the "may have been sent" case.
func TestSMTPDropConnectionsLosesTheReply(t *testing.T) {
	s := startSMTP(t, SMTPOptions{ErrorLog: quietLog(t)})
	s.OnMessage(func(Envelope) { s.DropConnections() })
	c := mustDialSMTP(t, s, PlainText)
	err := send(c, "otklik@example.ru", []string{"a@example.ru"}, smtpBody)
	var smtpErr *smtp.SMTPError
	if err == nil || errors.As(err, &smtpErr) {
		t.Fatalf("error = %v, want a network error", err)
	}
	if len(s.Received()) != 1 {
		t.Errorf("kept %d messages, want 1", len(s.Received()))
	}
	s.OnMessage(nil)
	again := mustDialSMTP(t, s, PlainText)
	if err := send(again, "otklik@example.ru", []string{"a@example.ru"}, smtpBody); err != nil {
		t.Fatalf("server unusable after DropConnections: %v", err)
	}
}
