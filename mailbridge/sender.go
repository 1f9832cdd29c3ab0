package mailbridge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/mail"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"
	gomailsmtp "github.com/wneessen/go-mail/smtp"
)

// Security says how a mail connection is protected.
type Security string

const (
	// SecurityTLS is implicit TLS from the first byte (SMTPS, usually port 465).
	SecurityTLS Security = "tls"
	// SecuritySTARTTLS starts in clear text and must upgrade with STARTTLS
	// (usually port 587); a server that does not offer it is refused.
	SecuritySTARTTLS Security = "starttls"
	// SecurityNone is clear text, allowed only to a server on this computer.
	SecurityNone Security = "none"
)

// DefaultSMTPTimeout bounds each network step (connect, each command, each
// message) when SMTPConfig.Timeout is zero.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPConfig is how to reach the outgoing mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	Security Security
	// Username and Password are for AUTH PLAIN (or LOGIN when the server
	// offers only that); an empty Username means no authentication.
	Username, Password string
	// RootCAs verifies the server certificate; nil means the system roots.
	RootCAs *x509.CertPool
	// Timeout bounds each network step; zero means DefaultSMTPTimeout.
	Timeout time.Duration
}

// ErrSTARTTLSUnavailable is returned when Security is starttls and the server
// does not offer STARTTLS: the connection is abandoned rather than continued
// in clear text.
var ErrSTARTTLSUnavailable = errors.New("сервер не предлагает STARTTLS, а без шифрования письма не отправляются")

// Validate checks the settings before any connection is made.
func (c SMTPConfig) Validate() error {
	switch {
	case strings.TrimSpace(c.Host) == "":
		return errors.New("не указан адрес SMTP-сервера")
	case strings.ContainsAny(c.Host, " \t\r\n/\\[]") || (strings.Contains(c.Host, ":") && net.ParseIP(c.Host) == nil):
		return fmt.Errorf("адрес SMTP-сервера %q указан неверно: нужно имя или IP-адрес без порта", c.Host)
	case c.Port < 1 || c.Port > 65535:
		return fmt.Errorf("порт SMTP-сервера должен быть от 1 до 65535, указан %d", c.Port)
	case c.Timeout < 0:
		return errors.New("время ожидания SMTP-сервера не может быть отрицательным")
	case c.Username == "" && c.Password != "":
		return errors.New("для SMTP указан пароль, но не указан логин")
	case c.Username != "" && c.Password == "":
		return errors.New("для SMTP указан логин, но не указан пароль")
	}
	switch c.Security {
	case SecurityTLS, SecuritySTARTTLS:
		return nil
	case SecurityNone:
		return checkPlaintextAllowed(c.Host)
	}
	return fmt.Errorf("неизвестный способ защиты соединения %q: допустимы tls, starttls и none", c.Security)
}

// OutAttachment is a file attached to an outgoing e-mail.
type OutAttachment struct {
	Name        string
	ContentType string // empty means application/octet-stream
	Data        []byte
}

// Outgoing is one e-mail to send, as the outbox stores it.
type Outgoing struct {
	// MessageID is our own Message-ID, without angle brackets; replies are
	// matched by it, so it is used exactly as given.
	MessageID   string
	FromName    string
	FromAddress string
	// To and Cc hold addresses, bare or as "Name <address>".
	To, Cc  []string
	ReplyTo string
	Subject string
	// InReplyTo and References are Message-IDs without angle brackets.
	InReplyTo  string
	References []string
	// Headers are extra header fields such as Auto-Submitted; they may not
	// replace the fields above or the MIME structure.
	Headers     map[string]string
	Text        string
	Attachments []OutAttachment
	Date        time.Time
}

// Render returns the exact bytes that SendBatch transmits for o: the same
// input always gives the same bytes, so they can be previewed, stored and
// compared. Text is UTF-8, canonical CRLF, quoted-printable when mostly ASCII
// and base64 otherwise; the subject and names are RFC 2047 encoded.
func Render(o Outgoing) ([]byte, error) {
	msg, err := composeOutgoing(o)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("письмо <%s> не собрано: %w", o.MessageID, err)
	}
	return buf.Bytes(), nil
}

// reservedOutgoingHeaders are written from Outgoing's own fields or by the MIME
// writer; Outgoing.Headers may not set them.
var reservedOutgoingHeaders = []string{
	"Bcc", "Cc", "Content-Disposition", "Content-Transfer-Encoding", "Content-Type", "Date", "From",
	"In-Reply-To", "Message-Id", "Mime-Version", "References", "Reply-To", "Return-Path", "Sender",
	"Subject", "To",
}

// composeOutgoing builds the go-mail message for o, checking every field first.
func composeOutgoing(o Outgoing) (*gomail.Msg, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("письмо <%s> не собрано: %s", o.MessageID, fmt.Sprintf(format, args...))
	}
	if err := checkMessageID(o.MessageID, true); err != nil {
		return nil, fail("Message-ID: %v", err)
	}
	if o.Date.IsZero() {
		return nil, fail("не задана дата письма")
	}
	from, err := mail.ParseAddress(o.FromAddress)
	if err != nil || from.Name != "" {
		return nil, fail("неверный адрес отправителя %q", o.FromAddress)
	}
	from.Name = o.FromName
	to, err := parseRecipients(o.To)
	if err != nil {
		return nil, fail("%v", err)
	}
	cc, err := parseRecipients(o.Cc)
	if err != nil {
		return nil, fail("%v", err)
	}
	if len(to)+len(cc) == 0 {
		return nil, fail("нет ни одного получателя")
	}

	msg := gomail.NewMsg(
		gomail.WithCharset(gomail.CharsetUTF8),
		gomail.WithEncoding(gomail.EncodingQP), // for RFC 2047 words in headers
		gomail.WithNoDefaultUserAgent(),
		gomail.WithBoundary(mimeBoundaryFor(o)),
	)
	msg.SetMessageIDWithValue(o.MessageID)
	msg.SetDateWithValue(o.Date)
	msg.FromMailAddress(from)
	if len(to) > 0 {
		msg.ToMailAddress(to...)
	}
	if len(cc) > 0 {
		msg.CcMailAddress(cc...)
	}
	if o.ReplyTo != "" {
		replyTo, err := mail.ParseAddress(o.ReplyTo)
		if err != nil {
			return nil, fail("неверный адрес для ответа %q", o.ReplyTo)
		}
		msg.ReplyToMailAddress(replyTo)
	}
	msg.Subject(o.Subject)
	if o.InReplyTo != "" {
		if err := checkMessageID(o.InReplyTo, false); err != nil {
			return nil, fail("In-Reply-To: %v", err)
		}
		msg.SetGenHeader(gomail.HeaderInReplyTo, "<"+o.InReplyTo+">")
	}
	if len(o.References) > 0 {
		refs := make([]string, len(o.References))
		for i, id := range o.References {
			if err := checkMessageID(id, false); err != nil {
				return nil, fail("References: %v", err)
			}
			refs[i] = "<" + id + ">"
		}
		// One value: go-mail joins several with commas, References wants spaces.
		msg.SetGenHeader(gomail.HeaderReferences, strings.Join(refs, " "))
	}
	for name, value := range o.Headers {
		if err := checkExtraHeader(name, value); err != nil {
			return nil, fail("%v", err)
		}
		msg.SetGenHeader(gomail.Header(name), value)
	}

	text := crlfText(o.Text)
	msg.SetBodyString(gomail.TypeTextPlain, text, gomail.WithPartEncoding(textPartEncoding(text)))

	for _, a := range o.Attachments {
		if strings.TrimSpace(a.Name) == "" {
			return nil, fail("у вложения нет имени")
		}
		contentType := a.ContentType
		if contentType == "" {
			contentType = "application/octet-stream"
		}
		if _, _, err := mime.ParseMediaType(contentType); err != nil {
			return nil, fail("вложение %q: неверный тип %q", a.Name, contentType)
		}
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(contentType))); err != nil {
			return nil, fail("вложение %q: %v", a.Name, err)
		}
	}
	return msg, nil
}

func parseRecipients(list []string) ([]*mail.Address, error) {
	out := make([]*mail.Address, 0, len(list))
	for _, s := range list {
		a, err := mail.ParseAddress(s)
		if err != nil {
			return nil, fmt.Errorf("неверный адрес получателя %q", s)
		}
		out = append(out, a)
	}
	return out, nil
}

// checkMessageID accepts what can stand between angle brackets in a header:
// printable ASCII without spaces or brackets. Our own IDs must also have the
// id-left@id-right form; IDs from other mailers are taken as they come.
func checkMessageID(id string, ours bool) error {
	if id == "" {
		return errors.New("пустой идентификатор")
	}
	for _, r := range id {
		if r <= ' ' || r > '~' || r == '<' || r == '>' {
			return fmt.Errorf("недопустимый символ в %q", id)
		}
	}
	if ours && (strings.Count(id, "@") != 1 || strings.HasPrefix(id, "@") || strings.HasSuffix(id, "@")) {
		return fmt.Errorf("%q не похож на id@домен", id)
	}
	return nil
}

func checkExtraHeader(name, value string) error {
	if name == "" {
		return errors.New("пустое имя заголовка")
	}
	for _, r := range name {
		if r <= ' ' || r > '~' || r == ':' {
			return fmt.Errorf("недопустимое имя заголовка %q", name)
		}
	}
	if slices.Contains(reservedOutgoingHeaders, textproto.CanonicalMIMEHeaderKey(name)) {
		return fmt.Errorf("заголовок %s задаётся полями письма, а не Headers", name)
	}
	if strings.ContainsAny(value, "\r\n") || !utf8.ValidString(value) {
		return fmt.Errorf("недопустимое значение заголовка %s", name)
	}
	return nil
}

// crlfText gives text lines the CRLF ends MIME requires of text parts
// (RFC 2046 4.1.1), whatever the editor produced.
func crlfText(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.ReplaceAll(text, "\n", "\r\n")
}

// textPartEncoding picks quoted-printable for mostly-ASCII text (readable in the
// raw message) and base64 for Cyrillic, where quoted-printable would triple
// the size.
func textPartEncoding(text string) gomail.Encoding {
	nonASCII := 0
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			nonASCII++
		}
	}
	if nonASCII*5 > len(text) {
		return gomail.EncodingB64
	}
	return gomail.EncodingQP
}

// mimeBoundaryFor derives the MIME boundary from the message's own content,
// so Render is deterministic, and no text or attachment can contain it (that
// would take a hash preimage). go-mail writes the boundary unquoted, so it
// holds no MIME special characters.
func mimeBoundaryFor(o Outgoing) string {
	h := sha256.New()
	field := func(s string) {
		_, _ = fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	field(o.MessageID)
	field(o.Text)
	for _, a := range o.Attachments {
		field(a.Name)
		field(string(a.Data))
	}
	return "otklik-" + hex.EncodeToString(h.Sum(nil)[:16])
}

// DeliveryError says why one message of a batch was not accepted.
type DeliveryError struct {
	MessageID string
	// Stage is the SMTP step that failed: "MAIL", "RCPT <address>", "DATA",
	// or "" when the message could not be composed.
	Stage string
	// Temporary means a later attempt may succeed (4xx reply, network failure).
	Temporary bool
	// MayHaveBeenSent means the connection failed after the whole message had
	// been transmitted and before the server's reply: the server may have
	// accepted it, so a retry can duplicate it.
	MayHaveBeenSent bool
	Err             error
}

func (e *DeliveryError) Error() string {
	switch {
	case e.Stage == "":
		return e.Err.Error()
	case e.MayHaveBeenSent:
		return fmt.Sprintf("письмо <%s>: соединение прервалось до ответа сервера, письмо могло уйти: %v", e.MessageID, e.Err)
	}
	return fmt.Sprintf("письмо <%s> не принято (%s): %v", e.MessageID, e.Stage, e.Err)
}

func (e *DeliveryError) Unwrap() error { return e.Err }

// IsTemporary reports whether a later attempt may succeed: true for 4xx
// replies, network failures and timeouts; false for 5xx replies, certificate
// and TLS failures, a missing STARTTLS, bad settings and malformed messages.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	var delivery *DeliveryError
	if errors.As(err, &delivery) {
		return delivery.Temporary
	}
	return isTemporarySMTPCause(err)
}

func isTemporarySMTPCause(err error) bool {
	var reply *textproto.Error
	if errors.As(err, &reply) {
		return reply.Code >= 400 && reply.Code < 500
	}
	var sendErr *gomail.SendError
	if errors.As(err, &sendErr) {
		return sendErr.IsTemp()
	}
	if isTLSFailure(err) || errors.Is(err, ErrSTARTTLSUnavailable) || errors.Is(err, ErrPlaintextToRemote) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr)
}

// isTLSFailure recognises a certificate or handshake failure: retrying will
// not fix it, the settings (or the server) must change.
func isTLSFailure(err error) bool {
	var (
		verification *tls.CertificateVerificationError
		unknown      x509.UnknownAuthorityError
		hostname     x509.HostnameError
		invalid      x509.CertificateInvalidError
		record       tls.RecordHeaderError
		alert        tls.AlertError
	)
	return errors.As(err, &verification) || errors.As(err, &unknown) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &record) || errors.As(err, &alert)
}

// ServerReason returns the server's own reply, code and text as sent
// ("550 5.1.1 No such user"), for the coordinator to read; when the server
// gave no reply (a network or TLS failure) it returns the error's text.
func ServerReason(err error) string {
	if err == nil {
		return ""
	}
	var reply *textproto.Error
	if errors.As(err, &reply) {
		return strconv.Itoa(reply.Code) + " " + reply.Msg
	}
	return err.Error()
}

// Sender sends e-mail through one SMTP server. It is safe for concurrent use;
// each call makes its own connection.
type Sender struct {
	cfg  SMTPConfig
	tls  *tls.Config
	addr string
}

// NewSender checks cfg and returns a Sender; it does not connect.
func NewSender(cfg SMTPConfig) (*Sender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultSMTPTimeout
	}
	return &Sender{
		cfg:  cfg,
		tls:  tlsClientConfig(cfg.Host, cfg.RootCAs),
		addr: net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)),
	}, nil
}

// Check connects, logs in and says goodbye: "проверить подключение".
func (s *Sender) Check(ctx context.Context) error {
	c, err := s.connect(ctx)
	if err != nil {
		return err
	}
	c.quit()
	return nil
}

// SendBatch sends batch over one connection, one SMTP transaction per
// message, and calls done(i, err) for each message as soon as the server has
// accepted it (err == nil) or refused it (a *DeliveryError; see IsTemporary
// and ServerReason). A refused message does not stop the batch. A message
// goes to all its recipients or to none: one refused recipient fails it.
//
// SendBatch returns an error when it could not connect or log in (done is
// then never called), when the connection broke mid-batch, or when ctx was
// cancelled; done has been called exactly for the messages that were
// attempted, and the rest were not sent. Messages are not retried here:
// that is the outbox's decision.
func (s *Sender) SendBatch(ctx context.Context, batch []Outgoing, done func(i int, err error)) error {
	return s.SendBatchMarked(ctx, batch, nil, done)
}

// SendBatchMarked is SendBatch with attempt(i) called before the first word to the server about message i: the
// outbox records there that the message may be sent from now on. An error from attempt ends the batch before
// that message (it is returned; the message counts as not attempted).
func (s *Sender) SendBatchMarked(ctx context.Context, batch []Outgoing, attempt func(i int) error, done func(i int, err error)) error {
	if len(batch) == 0 {
		return nil
	}
	if done == nil {
		done = func(int, error) {}
	}
	c, err := s.connect(ctx)
	if err != nil {
		return err
	}
	defer c.close()
	for i, o := range batch {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("отправка прервана: %w", err)
		}
		raw, err := Render(o)
		if err != nil {
			done(i, &DeliveryError{MessageID: o.MessageID, Err: err})
			continue
		}
		if attempt != nil {
			if err := attempt(i); err != nil {
				return fmt.Errorf("отправка остановлена: %w", err)
			}
		}
		broken, err := c.transmit(o.MessageID, smtpEnvelopeOf(o), raw)
		var delivery *DeliveryError
		if broken && ctx.Err() != nil && errors.As(err, &delivery) {
			// The connection was closed because ctx ended: say so, not "reset by peer".
			delivery.Err = fmt.Errorf("отправка прервана: %w (%w)", ctx.Err(), delivery.Err)
		}
		done(i, err)
		if broken {
			return fmt.Errorf("соединение с SMTP-сервером %s прервано: %w", s.addr, err)
		}
	}
	c.quit()
	return nil
}

// smtpEnvelope is what SMTP itself carries: the reverse path and the recipients.
type smtpEnvelope struct {
	from  string
	rcpts []string
}

// smtpEnvelopeOf takes the addresses from o; Render has validated them already.
func smtpEnvelopeOf(o Outgoing) smtpEnvelope {
	env := smtpEnvelope{from: o.FromAddress}
	for _, s := range slices.Concat(o.To, o.Cc) {
		a, err := mail.ParseAddress(s)
		if err == nil && !slices.Contains(env.rcpts, a.Address) {
			env.rcpts = append(env.rcpts, a.Address)
		}
	}
	return env
}

// smtpConnection is one logged-in SMTP connection.
type smtpConnection struct {
	client  *gomailsmtp.Client
	raw     net.Conn // the TCP connection under any TLS, closed when ctx ends
	timeout time.Duration
	stop    func() bool // unregisters the ctx watcher
}

// connect dials, says EHLO, upgrades with STARTTLS when configured (refusing
// a server without it) and logs in, through go-mail's client. The dialing is
// ours: go-mail formats host:port wrongly for IPv6, and owning the socket
// lets a cancelled ctx interrupt a transfer at once.
func (s *Sender) connect(ctx context.Context) (*smtpConnection, error) {
	var (
		raw  net.Conn
		stop = func() bool { return false }
	)
	dial := func(dialCtx context.Context, network, _ string) (net.Conn, error) {
		conn, err := s.dial(dialCtx, network)
		if err != nil {
			return nil, err
		}
		raw = conn
		if tc, ok := conn.(*tls.Conn); ok {
			raw = tc.NetConn()
		}
		// Watch the caller's ctx, not dialCtx: go-mail cancels dialCtx as
		// soon as the greeting and login are done.
		stop = context.AfterFunc(ctx, func() { _ = raw.Close() })
		return conn, nil
	}
	options := []gomail.Option{
		gomail.WithPort(s.cfg.Port),
		gomail.WithTimeout(s.cfg.Timeout),
		gomail.WithDialContextFunc(dial),
		gomail.WithTLSConfig(s.tls),
	}
	switch s.cfg.Security {
	case SecuritySTARTTLS:
		options = append(options, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default: // tls is done by our dialer; none stays clear text
		options = append(options, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.Username != "" {
		options = append(options, gomail.WithSMTPAuthCustom(&smtpPasswordAuth{
			username:       s.cfg.Username,
			password:       s.cfg.Password,
			host:           s.cfg.Host,
			allowPlaintext: s.cfg.Security == SecurityNone, // loopback only, checked by Validate
		}))
	}
	client, err := gomail.NewClient(s.cfg.Host, options...)
	if err != nil {
		return nil, fmt.Errorf("SMTP-клиент не создан: %w", err)
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		stop()
		if raw != nil {
			_ = raw.Close()
		}
		if s.cfg.Security == SecuritySTARTTLS && strings.Contains(err.Error(), "does not support STARTTLS") {
			err = fmt.Errorf("%w: %w", ErrSTARTTLSUnavailable, err)
		}
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w (%w)", ctxErr, err)
		}
		return nil, connFailed("подключение к SMTP-серверу "+s.addr, err)
	}
	return &smtpConnection{client: conn, raw: raw, timeout: s.cfg.Timeout, stop: stop}, nil
}

// dial opens the TCP (and, for tls, TLS) connection to the configured server.
func (s *Sender) dial(ctx context.Context, network string) (net.Conn, error) {
	dialer := &net.Dialer{}
	if s.cfg.Security == SecurityTLS {
		return (&tls.Dialer{NetDialer: dialer, Config: s.tls}).DialContext(ctx, network, s.addr)
	}
	conn, err := dialer.DialContext(ctx, network, s.addr)
	if err != nil {
		return nil, err
	}
	if s.cfg.Security == SecurityNone {
		if err := verifyLoopbackConn(conn); err != nil {
			_ = conn.Close()
			return nil, err
		}
	}
	return conn, nil
}

// transmit runs one SMTP transaction. broken reports that the connection can
// no longer be used (a network failure, or RSET failing after a refusal).
func (c *smtpConnection) transmit(messageID string, env smtpEnvelope, raw []byte) (broken bool, err error) {
	fail := func(stage string, cause error, afterWholeMessage bool) (bool, error) {
		de := &DeliveryError{MessageID: messageID, Stage: stage, Temporary: isTemporarySMTPCause(cause), Err: cause}
		var reply *textproto.Error
		if !errors.As(cause, &reply) {
			de.MayHaveBeenSent = afterWholeMessage
			return true, de
		}
		// A refusal leaves the connection usable once the transaction is reset.
		return c.client.Reset() != nil, de
	}
	if err := c.client.UpdateDeadline(c.timeout); err != nil {
		return fail("MAIL", err, false)
	}
	if err := c.client.Mail("<" + env.from + ">"); err != nil {
		return fail("MAIL", err, false)
	}
	for _, rcpt := range env.rcpts {
		if err := c.client.Rcpt("<" + rcpt + ">"); err != nil {
			return fail("RCPT "+rcpt, err, false)
		}
	}
	w, err := c.client.Data()
	if err != nil {
		return fail("DATA", err, false)
	}
	if _, err := w.Write(raw); err != nil {
		return fail("DATA", err, false) // the closing dot was never sent
	}
	if err := w.Close(); err != nil {
		return fail("DATA", err, true)
	}
	return false, nil
}

// quit ends the session politely; its failure changes nothing for messages
// already accepted.
func (c *smtpConnection) quit() {
	_ = c.client.UpdateDeadline(c.timeout)
	_ = c.client.Quit()
	c.close()
}

func (c *smtpConnection) close() {
	c.stop()
	_ = c.raw.Close()
}

// smtpPasswordAuth logs in with PLAIN, or LOGIN when the server offers only that:
// every submission server offers one of them, and over TLS neither exposes
// the password. go-mail's own auto-discovery would skip both, because with
// our dialer it cannot tell that implicit TLS is on.
type smtpPasswordAuth struct {
	username, password, host string
	allowPlaintext           bool
	chosen                   gomailsmtp.Auth
}

func (a *smtpPasswordAuth) Start(server *gomailsmtp.ServerInfo) (string, []byte, error) {
	offers := func(mech string) bool {
		return slices.ContainsFunc(server.Auth, func(m string) bool { return strings.EqualFold(m, mech) })
	}
	switch {
	case offers("PLAIN"):
		a.chosen = gomailsmtp.PlainAuth("", a.username, a.password, a.host, a.allowPlaintext)
	case offers("LOGIN"):
		a.chosen = gomailsmtp.LoginAuth(a.username, a.password, a.host, a.allowPlaintext)
	default:
		return "", nil, fmt.Errorf("сервер не предлагает вход по паролю (AUTH PLAIN или LOGIN), предлагает: %s", strings.Join(server.Auth, " "))
	}
	return a.chosen.Start(server)
}

func (a *smtpPasswordAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	return a.chosen.Next(fromServer, more)
}
