package loopback

import (
	"bytes"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// IMAPOptions shape a loopback IMAP server. The zero value is a plain-text
// IMAP4rev1+IMAP4rev2 server that accepts LOGIN without TLS.
type IMAPOptions struct {
	// TLS chooses plain text, STARTTLS or implicit TLS (TestCertificate).
	TLS TLSMode
	// RequireTLS refuses LOGIN before TLS (LOGINDISABLED), as a public server
	// would; it needs TLS to be STARTTLS or ImplicitTLS.
	RequireTLS bool
	// WithoutMove advertises IMAP4rev1 without MOVE (and without IMAP4rev2,
	// which implies MOVE), and answers MOVE with NO, so that the
	// COPY + \Deleted + EXPUNGE fallback can be tested.
	WithoutMove bool
	// NoKeywords leaves \* out of PERMANENTFLAGS, like a server that cannot
	// store keywords such as $Otklik.
	NoKeywords bool
	// ErrorLog receives the server's internal errors; nil means log.Default().
	ErrorLog *log.Logger
}

// StoredMessage is one message as the server holds it.
type StoredMessage struct {
	UID          uint32
	Flags        []string
	InternalDate time.Time
	Raw          []byte
}

// IMAP is a running loopback IMAP server with one user.
type IMAP struct {
	// Addr is where the server listens, "127.0.0.1:port".
	Addr string

	username, password string
	opt                IMAPOptions
	user               *imapmemserver.User
	server             *imapserver.Server
	tracker            *tracker
	helperTLS          *tls.Config
	served             chan struct{}
	closeOnce          sync.Once
	closing            atomic.Bool

	// helpers serialises the test helpers that read and rewrite mailboxes
	// (Messages, ResetUIDValidity), so that a reset never interleaves with
	// another helper.
	helpers sync.Mutex

	sessionsMu sync.Mutex
	sessions   map[*imapSession]struct{}

	appendedMu sync.Mutex
	appended   chan struct{} // closed and replaced after each helper Append
}

// idlePollInterval bounds how late an IDLE client hears of a change made by
// another client; changes made through Append and Deliver wake IDLE at once.
const idlePollInterval = 50 * time.Millisecond

// StartIMAP starts an IMAP server on 127.0.0.1:0 with one user and an empty
// INBOX. Close it when done.
func StartIMAP(username, password string, opt IMAPOptions) (*IMAP, error) {
	if username == "" {
		return nil, errors.New("loopback imap: empty user name")
	}
	if opt.RequireTLS && opt.TLS == PlainText {
		return nil, errors.New("loopback imap: RequireTLS needs STARTTLS or implicit TLS")
	}
	s := &IMAP{
		username: username,
		password: password,
		opt:      opt,
		user:     imapmemserver.NewUser(username, password),
		served:   make(chan struct{}),
		sessions: make(map[*imapSession]struct{}),
		appended: make(chan struct{}),
	}
	if err := s.user.Create("INBOX", nil); err != nil {
		return nil, fmt.Errorf("loopback imap: create INBOX: %w", err)
	}

	var serverTLS *tls.Config
	if opt.TLS != PlainText {
		var err error
		if serverTLS, err = serverTLSConfig(); err != nil {
			return nil, err
		}
		if s.helperTLS, err = clientTLSConfig(); err != nil {
			return nil, err
		}
	}

	caps := imap.CapSet{
		imap.CapIMAP4rev1:    {},
		imap.CapNamespace:    {},
		imap.CapUIDPlus:      {},
		imap.CapESearch:      {},
		imap.CapListExtended: {},
		imap.CapListStatus:   {},
		imap.CapStatusSize:   {},
	}
	if !opt.WithoutMove {
		caps[imap.CapIMAP4rev2] = struct{}{}
		caps[imap.CapMove] = struct{}{}
	}

	var logger imapserver.Logger = log.Default()
	if opt.ErrorLog != nil {
		logger = opt.ErrorLog
	}
	serverOptions := &imapserver.Options{
		NewSession: func(conn *imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return s.newSession(conn), nil, nil
		},
		Caps:         caps,
		Logger:       logger,
		InsecureAuth: !opt.RequireTLS,
	}
	// imapserver offers STARTTLS whenever TLSConfig is set and the connection
	// is not TLS yet: an implicit-TLS listener hands it *tls.Conn, so setting
	// it there is harmless and lets RequireTLS see TLS.
	if opt.TLS != PlainText {
		serverOptions.TLSConfig = serverTLS
	}
	s.server = imapserver.New(serverOptions)

	t, ln, err := listen(opt.TLS, serverTLS)
	if err != nil {
		return nil, fmt.Errorf("loopback imap: %w", err)
	}
	s.tracker = t
	s.Addr = t.Addr().String()
	go func() {
		defer close(s.served)
		if err := s.server.Serve(ln); err != nil && !s.closing.Load() {
			logger.Printf("loopback imap: serve: %v", err)
		}
	}()
	return s, nil
}

// Append stores raw in mailbox with the given INTERNALDATE (the receipt time a
// client sees) and flags, as a mail delivery would; IDLE clients are notified.
func (s *IMAP) Append(mailbox string, raw []byte, internalDate time.Time, flags ...string) error {
	imapFlags := make([]imap.Flag, len(flags))
	for i, f := range flags {
		imapFlags[i] = imap.Flag(f)
	}
	_, err := s.user.Append(canonicalMailbox(mailbox), &literal{Reader: bytes.NewReader(raw), size: int64(len(raw))},
		&imap.AppendOptions{Time: internalDate, Flags: imapFlags})
	if err != nil {
		return fmt.Errorf("loopback imap: append to %q: %w", mailbox, err)
	}
	s.appendedMu.Lock()
	close(s.appended)
	s.appended = make(chan struct{})
	s.appendedMu.Unlock()
	return nil
}

// appendSignal returns a channel closed by the next helper Append.
func (s *IMAP) appendSignal() <-chan struct{} {
	s.appendedMu.Lock()
	defer s.appendedMu.Unlock()
	return s.appended
}

// Deliver puts raw into INBOX as received at at.
func (s *IMAP) Deliver(raw []byte, at time.Time) error {
	return s.Append("INBOX", raw, at)
}

// CreateMailbox creates a mailbox (for example the folder processed notices
// are moved to).
func (s *IMAP) CreateMailbox(name string) error {
	if err := s.user.Create(name, nil); err != nil {
		return fmt.Errorf("loopback imap: create %q: %w", name, err)
	}
	return nil
}

// Messages returns the messages of mailbox in UID order, read through a real
// IMAP session (EXAMINE + BODY.PEEK, so \Seen is not touched): what a test
// asserts is exactly what a client would see.
func (s *IMAP) Messages(mailbox string) ([]StoredMessage, error) {
	s.helpers.Lock()
	defer s.helpers.Unlock()
	return s.messages(canonicalMailbox(mailbox))
}

func (s *IMAP) messages(mailbox string) (_ []StoredMessage, err error) {
	c, err := s.helperClient()
	if err != nil {
		return nil, err
	}
	defer func() {
		if logoutErr := c.Logout().Wait(); logoutErr != nil && err == nil {
			err = fmt.Errorf("loopback imap: logout: %w", logoutErr)
		}
		_ = c.Close()
	}()

	selected, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, fmt.Errorf("loopback imap: examine %q: %w", mailbox, err)
	}
	if selected.NumMessages == 0 {
		return nil, nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	var all imap.SeqSet
	all.AddRange(1, 0) // 1:*
	fetched, err := c.Fetch(all, &imap.FetchOptions{
		UID: true, Flags: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		return nil, fmt.Errorf("loopback imap: fetch %q: %w", mailbox, err)
	}
	out := make([]StoredMessage, 0, len(fetched))
	for _, m := range fetched {
		flags := make([]string, len(m.Flags))
		for i, f := range m.Flags {
			flags[i] = string(f)
		}
		out = append(out, StoredMessage{
			UID:          uint32(m.UID),
			Flags:        flags,
			InternalDate: m.InternalDate,
			Raw:          m.FindBodySection(section),
		})
	}
	return out, nil
}

// ResetUIDValidity recreates mailbox with the same messages (flags and
// internal dates kept, UIDs renumbered from 1) under a new UIDVALIDITY, as a
// server does after its index is rebuilt. Connections that have the mailbox
// selected are cut, as Dovecot does: a session cannot go on with a selected
// mailbox whose UIDVALIDITY changed. Messages appended by clients while the
// reset runs may be lost; it is a test helper.
func (s *IMAP) ResetUIDValidity(mailbox string) error {
	s.helpers.Lock()
	defer s.helpers.Unlock()
	mailbox = canonicalMailbox(mailbox)

	msgs, err := s.messages(mailbox)
	if err != nil {
		return err
	}
	// Build the replacement beside the old mailbox, then swap: Create hands out
	// a UIDVALIDITY larger than any before, and Rename keeps it.
	tmp := mailbox + ".otklik-reset"
	if err := s.user.Create(tmp, nil); err != nil {
		return fmt.Errorf("loopback imap: reset %q: %w", mailbox, err)
	}
	for _, m := range msgs {
		if err := s.Append(tmp, m.Raw, m.InternalDate, m.Flags...); err != nil {
			_ = s.user.Delete(tmp)
			return err
		}
	}
	s.dropSelecting(mailbox)
	if err := s.user.Delete(mailbox); err != nil {
		_ = s.user.Delete(tmp)
		return fmt.Errorf("loopback imap: reset %q: %w", mailbox, err)
	}
	if err := s.user.Rename(tmp, mailbox, nil); err != nil {
		return fmt.Errorf("loopback imap: reset %q: %w", mailbox, err)
	}
	return nil
}

// DropConnections closes every client connection, as a network failure or a
// server restart would; the server keeps listening.
func (s *IMAP) DropConnections() {
	s.tracker.dropAll()
}

// Connections returns how many TCP connections the server has accepted.
func (s *IMAP) Connections() int {
	return s.tracker.count()
}

// Close stops the server and closes every connection.
func (s *IMAP) Close() error {
	var err error
	s.closeOnce.Do(func() {
		s.closing.Store(true)
		err = s.server.Close()
		// Close the listener ourselves too: if Serve had not registered it yet,
		// imapserver's Close does not know about it.
		_ = s.tracker.Close()
		s.tracker.dropAll()
		<-s.served
	})
	return err
}

// helperClient logs in to the server the way a client configured for its TLS
// mode would.
func (s *IMAP) helperClient() (*imapclient.Client, error) {
	options := &imapclient.Options{TLSConfig: s.helperTLS}
	var (
		c   *imapclient.Client
		err error
	)
	switch s.opt.TLS {
	case STARTTLS:
		c, err = imapclient.DialStartTLS(s.Addr, options)
	case ImplicitTLS:
		c, err = imapclient.DialTLS(s.Addr, options)
	default:
		c, err = imapclient.DialInsecure(s.Addr, options)
	}
	if err != nil {
		return nil, fmt.Errorf("loopback imap: connect to itself: %w", err)
	}
	if err := c.Login(s.username, s.password).Wait(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("loopback imap: log in to itself: %w", err)
	}
	return c, nil
}

func (s *IMAP) newSession(conn *imapserver.Conn) *imapSession {
	sess := &imapSession{server: s, conn: conn}
	s.sessionsMu.Lock()
	s.sessions[sess] = struct{}{}
	s.sessionsMu.Unlock()
	return sess
}

// dropSelecting cuts the connections whose session has mailbox selected.
func (s *IMAP) dropSelecting(mailbox string) {
	s.sessionsMu.Lock()
	var victims []*imapSession
	for sess := range s.sessions {
		if sess.selectedMailbox() == mailbox {
			victims = append(victims, sess)
		}
	}
	s.sessionsMu.Unlock()
	for _, sess := range victims {
		_ = sess.conn.NetConn().Close()
	}
}

// canonicalMailbox spells INBOX the way the server stores it (INBOX is
// case-insensitive in IMAP, other names are not).
func canonicalMailbox(name string) string {
	if strings.EqualFold(name, "INBOX") {
		return "INBOX"
	}
	return name
}

// imapSession is imapmemserver's user session with the few departures a test
// server needs: it remembers the selected mailbox (for ResetUIDValidity) and
// applies WithoutMove and NoKeywords.
type imapSession struct {
	*imapmemserver.UserSession // nil until LOGIN succeeds

	server *IMAP
	conn   *imapserver.Conn

	mu       sync.Mutex
	selected string
}

var _ imapserver.SessionIMAP4rev2 = (*imapSession)(nil)

func (sess *imapSession) Login(username, password string) error {
	s := sess.server
	if username != s.username || subtle.ConstantTimeCompare([]byte(password), []byte(s.password)) != 1 {
		return imapserver.ErrAuthFailed
	}
	sess.UserSession = imapmemserver.NewUserSession(s.user)
	return nil
}

func (sess *imapSession) Select(mailbox string, options *imap.SelectOptions) (*imap.SelectData, error) {
	data, err := sess.UserSession.Select(mailbox, options)
	if err != nil {
		return nil, err
	}
	if sess.server.opt.NoKeywords {
		permanent := data.PermanentFlags[:0:0]
		for _, f := range data.PermanentFlags {
			if f != imap.FlagWildcard {
				permanent = append(permanent, f)
			}
		}
		data.PermanentFlags = permanent
	}
	sess.mu.Lock()
	sess.selected = canonicalMailbox(mailbox)
	sess.mu.Unlock()
	return data, nil
}

func (sess *imapSession) Unselect() error {
	sess.mu.Lock()
	sess.selected = ""
	sess.mu.Unlock()
	return sess.UserSession.Unselect()
}

func (sess *imapSession) Move(w *imapserver.MoveWriter, numSet imap.NumSet, dest string) error {
	if sess.server.opt.WithoutMove {
		return &imap.Error{Type: imap.StatusResponseTypeBad, Text: "MOVE is not supported by this server"}
	}
	return sess.UserSession.Move(w, numSet, dest)
}

// Idle replaces imapmemserver's IDLE: in go-imap v2.0.0-beta.8 an update
// queued between the "+ idling" reply and the start of the tracker's wait is
// never signalled, so a message delivered at that moment stayed unseen until
// the client's next command. Polling the session's queue closes that gap.
func (sess *imapSession) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	if sess.UserSession == nil {
		return nil
	}
	tick := time.NewTicker(idlePollInterval)
	defer tick.Stop()
	for {
		wake := sess.server.appendSignal() // before Poll, so no Append slips between
		if err := sess.UserSession.Poll(w, true); err != nil {
			return err
		}
		select {
		case <-stop:
			return nil
		case <-tick.C:
		case <-wake:
		}
	}
}

func (sess *imapSession) Close() error {
	s := sess.server
	s.sessionsMu.Lock()
	delete(s.sessions, sess)
	s.sessionsMu.Unlock()
	return sess.UserSession.Close()
}

func (sess *imapSession) selectedMailbox() string {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	return sess.selected
}

// literal adapts a byte slice to imap.LiteralReader.
type literal struct {
	*bytes.Reader
	size int64
}

func (l *literal) Size() int64 { return l.size }
