package loopback

import (
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"slices"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTPOptions shape a loopback SMTP server. The zero value accepts any
// message over plain text without authentication.
type SMTPOptions struct {
	// TLS chooses plain text, STARTTLS or implicit TLS (TestCertificate).
	TLS TLSMode
	// Username and Password, when Username is set, require AUTH PLAIN before
	// MAIL FROM.
	Username, Password string
	// ErrorLog receives the server's internal errors; nil keeps go-smtp's
	// default (standard error).
	ErrorLog *log.Logger
}

// Envelope is one message the server accepted.
type Envelope struct {
	From string
	To   []string
	Data []byte
	At   time.Time
	// Conn numbers the TCP connection the message came over (1 for the
	// server's first connection), so a test can tell a batch on one
	// connection from one connection per message.
	Conn int
	// TLS reports whether the message came over TLS (STARTTLS or implicit).
	TLS bool
}

// SMTP is a running loopback SMTP server that keeps every message it accepts.
type SMTP struct {
	// Addr is where the server listens, "127.0.0.1:port".
	Addr string

	opt       SMTPOptions
	server    *smtp.Server
	tracker   *tracker
	served    chan struct{}
	closeOnce sync.Once

	mu          sync.Mutex
	received    []Envelope
	changed     chan struct{} // closed and replaced whenever a message arrives
	dataRefusal refusal
	rcptRefusal refusal
	onMessage   func(Envelope)
}

type refusal struct {
	left  int
	reply *smtp.SMTPError
}

// StartSMTP starts an SMTP server on 127.0.0.1:0. Close it when done.
func StartSMTP(opt SMTPOptions) (*SMTP, error) {
	s := &SMTP{opt: opt, served: make(chan struct{}), changed: make(chan struct{})}

	var serverTLS *tls.Config
	if opt.TLS != PlainText {
		var err error
		if serverTLS, err = serverTLSConfig(); err != nil {
			return nil, err
		}
	}

	s.server = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.server.Domain = "localhost"
	s.server.AllowInsecureAuth = true
	s.server.EnableSMTPUTF8 = true
	s.server.MaxMessageBytes = 32 << 20
	s.server.MaxRecipients = 100
	s.server.ReadTimeout = time.Minute
	s.server.WriteTimeout = time.Minute
	if opt.TLS == STARTTLS {
		s.server.TLSConfig = serverTLS
	}
	if opt.ErrorLog != nil {
		s.server.ErrorLog = opt.ErrorLog
	}

	t, ln, err := listen(opt.TLS, serverTLS)
	if err != nil {
		return nil, fmt.Errorf("loopback smtp: %w", err)
	}
	s.tracker = t
	s.Addr = t.Addr().String()
	go func() {
		defer close(s.served)
		if err := s.server.Serve(ln); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			s.server.ErrorLog.Printf("loopback smtp: serve: %v", err)
		}
	}()
	return s, nil
}

// Received returns the messages accepted so far, oldest first.
func (s *SMTP) Received() []Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.received)
}

// WaitFor waits until at least n messages have been accepted and returns all
// of them; after timeout it returns what has arrived with an error.
func (s *SMTP) WaitFor(n int, timeout time.Duration) ([]Envelope, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got := slices.Clone(s.received)
		changed := s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-changed:
		case <-deadline.C:
			return got, fmt.Errorf("loopback smtp: %d of %d messages after %v", len(got), n, timeout)
		}
	}
}

// Refuse makes the server refuse the next n messages at the end of DATA
// with the given reply: a 4xx code is a temporary failure, 5xx permanent.
// The message is read in full and then not kept, as a content filter or a
// full mailbox would do. A new call replaces the previous one; n = 0 stops
// refusing.
func (s *SMTP) Refuse(n int, code int, enhanced [3]int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dataRefusal = newRefusal(n, code, enhanced, msg)
}

// RefuseRecipients makes the server refuse the next n RCPT TO commands with
// the given reply, as for an unknown mailbox (550 5.1.1) or a greylisting
// server (450 4.7.1). A new call replaces the previous one.
func (s *SMTP) RefuseRecipients(n int, code int, enhanced [3]int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rcptRefusal = newRefusal(n, code, enhanced, msg)
}

func newRefusal(n int, code int, enhanced [3]int, msg string) refusal {
	return refusal{left: n, reply: &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode(enhanced), Message: msg}}
}

// OnMessage sets a hook called for each accepted message, after it is stored
// and before the client gets its 250 reply (so a hook that drops connections
// simulates a reply lost in transit). It runs on the connection's goroutine:
// a hook that does slow work should start its own goroutine.
func (s *SMTP) OnMessage(hook func(Envelope)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onMessage = hook
}

// DropConnections closes every client connection; the server keeps listening.
func (s *SMTP) DropConnections() {
	s.tracker.dropAll()
}

// Connections returns how many TCP connections the server has accepted.
func (s *SMTP) Connections() int {
	return s.tracker.count()
}

// Close stops the server and closes every connection.
func (s *SMTP) Close() error {
	var err error
	s.closeOnce.Do(func() {
		err = s.server.Close()
		_ = s.tracker.Close() // in case Serve had not registered it yet
		s.tracker.dropAll()
		<-s.served
	})
	return err
}

// take consumes one refusal of r, if any is left.
func (s *SMTP) take(r *refusal) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.left <= 0 {
		return nil
	}
	r.left--
	return r.reply
}

func (s *SMTP) keep(env Envelope) {
	s.mu.Lock()
	s.received = append(s.received, env)
	close(s.changed)
	s.changed = make(chan struct{})
	hook := s.onMessage
	s.mu.Unlock()
	if hook != nil {
		hook(env)
	}
}

func (s *SMTP) newSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &smtpSession{server: s, conn: connID(c.Conn()), tls: isTLS}, nil
}

// smtpSession is one SMTP transaction state; go-smtp makes a new one after
// EHLO and again after STARTTLS.
type smtpSession struct {
	server *SMTP
	conn   int
	tls    bool

	authenticated bool
	from          string
	to            []string
}

var _ smtp.AuthSession = (*smtpSession)(nil)

func (sess *smtpSession) AuthMechanisms() []string {
	if sess.server.opt.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (sess *smtpSession) Auth(mech string) (sasl.Server, error) {
	if sess.server.opt.Username == "" || mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		opt := sess.server.opt
		if identity != "" && identity != username {
			return smtp.ErrAuthFailed
		}
		if username != opt.Username || subtle.ConstantTimeCompare([]byte(password), []byte(opt.Password)) != 1 {
			return smtp.ErrAuthFailed
		}
		sess.authenticated = true
		return nil
	}), nil
}

func (sess *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if sess.server.opt.Username != "" && !sess.authenticated {
		return smtp.ErrAuthRequired
	}
	sess.from = from
	sess.to = nil
	return nil
}

func (sess *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := sess.server.take(&sess.server.rcptRefusal); err != nil {
		return err
	}
	sess.to = append(sess.to, to)
	return nil
}

func (sess *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := sess.server.take(&sess.server.dataRefusal); err != nil {
		return err
	}
	sess.server.keep(Envelope{
		From: sess.from,
		To:   slices.Clone(sess.to),
		Data: data,
		At:   time.Now(),
		Conn: sess.conn,
		TLS:  sess.tls,
	})
	return nil
}

func (sess *smtpSession) Reset() {
	sess.from = ""
	sess.to = nil
}

func (sess *smtpSession) Logout() error { return nil }
