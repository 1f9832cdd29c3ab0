package mailbridge

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/charset"

	"otklik/domain"
	"otklik/mailbridge/parse"
)

// IMAPConfig is the coordinator's mailbox (settings [mailbox] and [limits]).
type IMAPConfig struct {
	Host     string
	Port     int
	Security Security // tls | starttls | none (none only to a loopback address)
	Username string
	Password string
	// Folder is where notices and replies arrive; "" means INBOX.
	Folder string
	// ProcessedFolder, when set, receives mail once it is safely stored; otherwise mail stays and is marked with
	// ProcessedKeyword.
	ProcessedFolder string
	// RootCAs verifies the server's certificate; nil means the system's roots.
	RootCAs *x509.CertPool
	Limits  parse.Limits
}

// ProcessedKeyword is the IMAP keyword set on mail that is safely stored (where PERMANENTFLAGS allows keywords).
// The app never touches \Seen: the coordinator's own mail client beside it stays as she left it.
const ProcessedKeyword = "$Otklik"

// Report says what one sync round did.
type Report struct {
	Fetched    int
	NewCases   int
	Drafts     int
	Reopened   int
	Triaged    int
	Duplicates int
	Err        string
}

func (r *Report) add(res domain.IngestResult, fetched int) {
	r.Fetched += fetched
	r.NewCases += len(res.NewCases)
	r.Drafts += len(res.Drafts)
	r.Reopened += len(res.Reopened)
	r.Triaged += res.Triaged
	r.Duplicates += res.Duplicates
}

// InboxStatus is what the window shows about intake.
type InboxStatus struct {
	Connected bool
	LastSync  time.Time
	LastError string
	// LastChange is the end of the last round that changed the desk (mail taken in, reminders or overdue notices
	// queued): the window reloads its cases then, not after every quiet round.
	LastChange time.Time
}

// Tuning of intake. Batches commit in one transaction each (ARCHITECTURE: an fsync per message would never keep
// up): 500 notices a commit took 10,000 notices in 15 % less time than 100 (each commit rewrites the tail pages of
// every bucket it touches). They are capped in bytes too, so that a run of large messages does not hold hundreds
// of MiB at once: two batches are in memory while one is fetched and the other committed.
const (
	fetchBatchSize  = 500
	fetchBatchBytes = 16 << 20
	// headerPeek bounds what is fetched of a message too large to take: enough for any sane header block.
	headerPeek = 256 << 10
	// markChunk bounds the UIDs of one STORE or MOVE in the catch-up marking.
	markChunk = 500
)

// Inbox pulls the coordinator's mailbox into the desk. One goroutine (Run's, or the caller's in Once) owns the
// IMAP connection; a sync round is serialised with any other, so Run and Once never ingest the same UIDs twice
// at the same time.
type Inbox struct {
	cfg   IMAPConfig
	desk  *domain.Desk
	store domain.Store
	logf  func(format string, args ...any)

	// AfterRound, when set before Run, is called from the worker after every successful round (the window
	// refreshes, the outbox is kicked because Tick or a reply may have queued mail). It must not block long.
	AfterRound func(Report)

	batchSize int // messages a batch; 0 is fetchBatchSize (tests make it smaller)

	wake    chan struct{}
	roundMu sync.Mutex

	mu     sync.Mutex
	status InboxStatus

	poll        time.Duration // without IDLE
	idleMax     time.Duration // IDLE is left and the mailbox re-read at least this often
	backoffMin  time.Duration
	backoffMax  time.Duration
	dialTimeout time.Duration
	// onBody, in tests, sees each body as it arrives (to cut the connection in the middle of a fetch).
	onBody func(uid uint32)
}

// NewInbox prepares intake for one mailbox; nothing connects until Run or Once. logf may be nil.
func NewInbox(cfg IMAPConfig, desk *domain.Desk, store domain.Store, logf func(format string, args ...any)) *Inbox {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if cfg.Folder == "" {
		cfg.Folder = "INBOX"
	}
	return &Inbox{
		cfg: cfg, desk: desk, store: store, logf: logf,
		wake:        make(chan struct{}, 1),
		poll:        60 * time.Second,
		idleMax:     10 * time.Minute,
		backoffMin:  time.Second,
		backoffMax:  5 * time.Minute,
		dialTimeout: 30 * time.Second,
	}
}

// Mailbox is the key of this mailbox's position in the store: server (with its port), account and folder, so
// that a change of server starts a new position instead of trusting another server's UIDs.
func (in *Inbox) Mailbox() string {
	return strings.ToLower(in.cfg.Host) + ":" + strconv.Itoa(in.cfg.Port) + "/" + in.cfg.Username + "/" + in.cfg.Folder
}

// Status is the state of intake for the window; safe from any goroutine.
func (in *Inbox) Status() InboxStatus {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.status
}

// Kick asks the running worker to re-read the mailbox now (a button, or new mail announced while idle).
func (in *Inbox) Kick() {
	select {
	case in.wake <- struct{}{}:
	default:
	}
}

// Once does one full round: connect, fetch and store all new mail, mark it, run the deadline checks, log out.
// A failure is recorded in Status and returned; `otklik sync --once` prints it and still exits 0 (CLI.md).
func (in *Inbox) Once(ctx context.Context) (Report, error) {
	s, err := in.connect(ctx)
	if err != nil {
		in.failed(err)
		return Report{Err: err.Error()}, err
	}
	defer s.close()
	rep, err := in.round(ctx, s)
	if err != nil {
		in.failed(err)
		rep.Err = err.Error()
		return rep, err
	}
	s.logout()
	in.succeeded()
	return rep, nil
}

// Run keeps the mailbox in sync until ctx ends: IDLE where the server has it, polling otherwise, and a reconnect
// with exponential backoff (1 s … 5 min) after any failure. It returns nil when ctx is cancelled.
func (in *Inbox) Run(ctx context.Context) error {
	wait := in.backoffMin
	for {
		healthy, err := in.serve(ctx)
		in.setConnected(false)
		if ctx.Err() != nil {
			return nil
		}
		in.failed(err)
		if healthy {
			wait = in.backoffMin
		}
		in.logf("почта (IMAP): %v; повтор через %v", err, wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		wait = min(wait*2, in.backoffMax)
	}
}

// serve runs one connection: rounds separated by IDLE or a poll interval. healthy reports whether at least one
// round succeeded, which resets the backoff.
func (in *Inbox) serve(ctx context.Context) (healthy bool, err error) {
	s, err := in.connect(ctx)
	if err != nil {
		return false, err
	}
	defer s.close()
	in.setConnected(true)
	for {
		rep, err := in.round(ctx, s)
		if err != nil {
			return healthy, err
		}
		healthy = true
		in.succeeded()
		if in.AfterRound != nil {
			in.AfterRound(rep)
		}
		if err := in.waitForMail(ctx, s); err != nil {
			return healthy, err
		}
		if ctx.Err() != nil {
			return healthy, nil
		}
	}
}

// waitForMail returns when new mail may have arrived: the server said so during IDLE, Kick was called, or the
// poll interval passed.
func (in *Inbox) waitForMail(ctx context.Context, s *imapSession) error {
	if !s.c.Caps().Has(imap.CapIdle) {
		t := time.NewTimer(in.poll)
		defer t.Stop()
		select {
		case <-ctx.Done():
		case <-in.wake:
		case <-t.C:
		case <-s.c.Closed():
			return errors.New("сервер закрыл соединение")
		}
		return nil
	}
	idle, err := s.c.Idle()
	if err != nil {
		return fmt.Errorf("IDLE: %w", err)
	}
	t := time.NewTimer(in.idleMax)
	defer t.Stop()
	select {
	case <-ctx.Done():
		// The connection is being closed under us: DONE would only fail.
		return nil
	case <-s.c.Closed():
		return errors.New("сервер закрыл соединение")
	case <-in.wake:
	case <-t.C:
	}
	if err := idle.Close(); err != nil {
		return fmt.Errorf("IDLE: %w", err)
	}
	if err := idle.Wait(); err != nil {
		return fmt.Errorf("IDLE: %w", err)
	}
	return nil
}

func (in *Inbox) setConnected(v bool) {
	in.mu.Lock()
	in.status.Connected = v
	in.mu.Unlock()
}

func (in *Inbox) succeeded() {
	in.mu.Lock()
	in.status.LastSync, in.status.LastError = time.Now(), ""
	in.mu.Unlock()
}

func (in *Inbox) failed(err error) {
	in.mu.Lock()
	in.status.LastError = err.Error()
	in.mu.Unlock()
}

// imapSession is one logged-in connection.
type imapSession struct {
	c    *imapclient.Client
	conn net.Conn
	stop func() bool // detaches the ctx watchdog

	processedChecked bool
	warnedNoMark     bool
}

// close drops the connection. The watchdog may already have closed the socket; the client's Close then only
// waits for its reader, which ends by itself on the closed socket: every fetch has either been drained or broke
// off on a failed read (see streamBodies).
func (s *imapSession) close() {
	s.stop()
	_ = s.conn.Close()
	_ = s.c.Close()
}

func (s *imapSession) logout() {
	_ = s.c.Logout().Wait()
}

// connect dials, secures and logs in. The socket is closed as soon as ctx ends, which unblocks any command in
// flight.
func (in *Inbox) connect(ctx context.Context) (*imapSession, error) {
	cfg := in.cfg
	where := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	tlsConf, err := imapTLS(cfg)
	if err != nil {
		return nil, err
	}
	options := &imapclient.Options{
		TLSConfig: tlsConf,
		// go-imap's default decoder leaves KOI8-R and windows-1251 subjects undecoded without an error.
		WordDecoder: &mime.WordDecoder{CharsetReader: charset.Reader},
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			// Called on the client's reader goroutine: only signal, never send a command from here.
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					in.Kick()
				}
			},
		},
	}
	dialer := &net.Dialer{Timeout: in.dialTimeout, KeepAlive: 30 * time.Second}
	dctx, cancel := context.WithTimeout(ctx, in.dialTimeout)
	defer cancel()
	var conn net.Conn
	if cfg.Security == SecurityTLS {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: tlsConf}).DialContext(dctx, "tcp", where)
	} else {
		conn, err = dialer.DialContext(dctx, "tcp", where)
	}
	if err != nil {
		return nil, connFailed("нет связи с почтовым сервером "+where, err)
	}
	if cfg.Security == SecurityNone {
		if err := verifyLoopbackConn(conn); err != nil {
			_ = conn.Close()
			return nil, err
		}
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	var c *imapclient.Client
	if cfg.Security == SecuritySTARTTLS {
		c, err = imapclient.NewStartTLS(conn, options)
		if err != nil {
			stop()
			_ = conn.Close()
			return nil, connFailed("STARTTLS с "+where, err)
		}
	} else {
		c = imapclient.New(conn, options)
	}
	s := &imapSession{c: c, conn: conn, stop: stop}
	if err := c.Login(cfg.Username, cfg.Password).Wait(); err != nil {
		s.close()
		return nil, fmt.Errorf("вход в почтовый ящик %s на %s не выполнен: %w", cfg.Username, where, err)
	}
	return s, nil
}

// imapTLS checks the security setting and builds the verified TLS configuration (nil for plain text, which is
// allowed to a loopback address only).
func imapTLS(cfg IMAPConfig) (*tls.Config, error) {
	switch cfg.Security {
	case SecurityTLS, SecuritySTARTTLS:
		return tlsClientConfig(cfg.Host, cfg.RootCAs), nil
	case SecurityNone:
		return nil, checkPlaintextAllowed(cfg.Host)
	}
	return nil, fmt.Errorf("неизвестный способ защиты IMAP-соединения %q: допустимы tls, starttls и none", cfg.Security)
}

// round reads the mailbox once: everything after the stored position, in batches that each commit together
// with the new position before they are marked on the server.
func (in *Inbox) round(ctx context.Context, s *imapSession) (Report, error) {
	in.roundMu.Lock()
	defer in.roundMu.Unlock()
	var rep Report
	sel, err := s.c.Select(in.cfg.Folder, nil).Wait()
	if err != nil {
		return rep, fmt.Errorf("папка %q: %w", in.cfg.Folder, err)
	}
	stored, err := in.position()
	if err != nil {
		return rep, err
	}
	pos := domain.SyncState{Mailbox: in.Mailbox(), UIDValidity: sel.UIDValidity, LastUID: stored.LastUID}
	if stored.UIDValidity != sel.UIDValidity {
		if stored.UIDValidity != 0 {
			in.logf("почта: UIDVALIDITY папки %s изменился (%d → %d): папка читается заново, повторы отсеиваются",
				in.cfg.Folder, stored.UIDValidity, sel.UIDValidity)
		}
		pos.LastUID = 0
	}
	var pending []arrival
	if sel.NumMessages > 0 && (sel.UIDNext == 0 || uint32(sel.UIDNext) > pos.LastUID+1) {
		if pending, err = in.listNew(s.c, pos); err != nil {
			return rep, err
		}
	}
	if len(pending) == 0 && pos != stored {
		// First contact or a new UIDVALIDITY with nothing to read: remember it anyway.
		if _, err := in.desk.Ingest(nil, pos); err != nil {
			return rep, err
		}
	}
	mark := in.marking(s, sel)
	// The connection fetches (and the cores parse) the next batch while the store commits the one before: the
	// commit, with its fsync, is the one step that cannot be spread over the cores. A batch is marked on the
	// server only once its own commit has returned, and the commits run one after another, in order.
	var committing *commitJob
	finish := func() error {
		if committing == nil {
			return nil
		}
		job := committing
		committing = nil
		<-job.done
		if job.err != nil {
			return job.err
		}
		crashpoint("intake:after-commit")
		rep.add(job.res, len(job.mails))
		uids := make([]imap.UID, len(job.batch))
		for i, e := range job.batch {
			uids[i] = imap.UID(e.UID)
		}
		crashpoint("intake:before-mark")
		if err := mark.apply(uids); err != nil {
			return err
		}
		crashpoint("intake:after-mark")
		return nil
	}
	for _, batch := range batches(pending, maxBytes(in.cfg.Limits), cmp.Or(in.batchSize, fetchBatchSize)) {
		if err := ctx.Err(); err != nil {
			return rep, errors.Join(err, finish())
		}
		mails, err := in.fetchBatch(s.c, batch)
		if err != nil {
			return rep, errors.Join(err, finish())
		}
		crashpoint("intake:after-fetch")
		if err := finish(); err != nil {
			return rep, err
		}
		pos.LastUID = batch[len(batch)-1].UID
		committing = in.commit(batch, mails, pos)
	}
	if err := finish(); err != nil {
		return rep, err
	}
	if err := mark.catchUp(pos.LastUID); err != nil {
		return rep, err
	}
	if rep.Fetched > 0 {
		in.logf("почта: получено %d, новых сообщений %d, проектов ответов %d, в разбор %d, повторов %d",
			rep.Fetched, rep.NewCases, rep.Drafts, rep.Triaged, rep.Duplicates)
	}
	reminders, overdue, err := in.desk.Tick()
	if err != nil {
		in.logf("проверка сроков: %v", err)
	}
	if rep.Fetched > 0 || reminders+overdue > 0 {
		in.mu.Lock()
		in.status.LastChange = time.Now()
		in.mu.Unlock()
	}
	return rep, nil
}

func (in *Inbox) position() (domain.SyncState, error) {
	var st domain.SyncState
	err := in.store.View(func(tx domain.Tx) error {
		s, err := tx.SyncState(in.Mailbox())
		if errors.Is(err, domain.ErrNotFound) {
			return nil
		}
		st = s
		return err
	})
	if err != nil {
		return st, fmt.Errorf("позиция почтового ящика: %w", err)
	}
	return st, nil
}

// listNew asks for the UID, receipt time and size of every message after the position: small responses, so the
// whole list is known before any body is read, and bodies can then be fetched in bounded batches.
func (in *Inbox) listNew(c *imapclient.Client, pos domain.SyncState) ([]arrival, error) {
	set := imap.UIDSet{imap.UIDRange{Start: imap.UID(pos.LastUID + 1), Stop: 0}}
	fetch := c.Fetch(set, &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true})
	defer fetch.Close()
	var out []arrival
	for {
		msg := fetch.Next()
		if msg == nil {
			break
		}
		buf, err := msg.Collect()
		if err != nil {
			return nil, fmt.Errorf("список новых писем: %w", err)
		}
		// "n:*" also matches the last message when n is beyond it (RFC 3501 §6.4.8): skip what is already held.
		if uint32(buf.UID) <= pos.LastUID {
			continue
		}
		out = append(out, arrival{Mailbox: pos.Mailbox, UIDValidity: pos.UIDValidity, UID: uint32(buf.UID),
			InternalDate: buf.InternalDate, Size: buf.RFC822Size})
	}
	if err := fetch.Close(); err != nil {
		return nil, fmt.Errorf("список новых писем: %w", err)
	}
	slices.SortFunc(out, func(a, b arrival) int { return int(a.UID) - int(b.UID) })
	return out, nil
}

func maxBytes(l parse.Limits) int64 {
	if l.MaxBytes > 0 {
		return l.MaxBytes
	}
	return parse.DefaultMaxBytes
}

// batches splits the new mail into fetch-and-commit units: at most count messages and about fetchBatchBytes of
// bodies (a single larger message still makes a batch of its own).
func batches(pending []arrival, limit int64, count int) [][]arrival {
	var out [][]arrival
	var cur []arrival
	var bytes int64
	for _, e := range pending {
		size := e.Size
		if size > limit {
			size = headerPeek
		}
		if len(cur) > 0 && (len(cur) == count || bytes+size > fetchBatchBytes) {
			out = append(out, cur)
			cur, bytes = nil, 0
		}
		cur = append(cur, e)
		bytes += size
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// fetchBatch streams the bodies of one batch (BODY.PEEK[]: \Seen is never set) and converts each as it arrives.
// A message larger than the limit by its RFC822.SIZE is not downloaded: only its header block is, and it goes
// to triage with the reason.
func (in *Inbox) fetchBatch(c *imapclient.Client, batch []arrival) ([]domain.Incoming, error) {
	limit := maxBytes(in.cfg.Limits)
	policy := in.desk.Policy()
	byUID := make(map[uint32]arrival, len(batch))
	var whole, big imap.UIDSet
	for _, e := range batch {
		byUID[e.UID] = e
		if e.Size > limit {
			big.AddNum(imap.UID(e.UID))
		} else {
			whole.AddNum(imap.UID(e.UID))
		}
	}
	// Parsing costs more than fetching (BenchmarkIntake10k against BenchmarkRawFetch10k): bodies are converted, and
	// their texts screened (Desk.Prepare), on every core while the fetch goes on reading the next ones.
	got := make(map[uint32]domain.Incoming, len(batch))
	var gotMu sync.Mutex
	work := make(chan func())
	var workers sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		workers.Go(func() {
			for job := range work {
				job()
			}
		})
	}
	keep := func(headerOnly bool) func(uint32, []byte, bool) {
		return func(uid uint32, raw []byte, truncated bool) {
			e, ok := byUID[uid]
			if !ok {
				return
			}
			if in.onBody != nil {
				in.onBody(uid)
			}
			work <- func() {
				m := convert(raw, e, policy, in.cfg.Limits, headerOnly || truncated)
				in.desk.Prepare(&m)
				gotMu.Lock()
				got[uid] = m
				gotMu.Unlock()
			}
		}
	}
	err := func() error {
		defer func() {
			close(work)
			workers.Wait()
		}()
		if len(whole) > 0 {
			if err := streamBodies(c, whole, &imap.FetchItemBodySection{Peek: true}, limit, keep(false)); err != nil {
				return fmt.Errorf("получение писем: %w", err)
			}
		}
		if len(big) > 0 {
			section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true,
				Partial: &imap.SectionPartial{Offset: 0, Size: headerPeek}}
			if err := streamBodies(c, big, section, headerPeek, keep(true)); err != nil {
				return fmt.Errorf("получение заголовков больших писем: %w", err)
			}
		}
		return nil
	}()
	if err != nil {
		return nil, err
	}
	out := make([]domain.Incoming, 0, len(got))
	for _, e := range batch {
		// A message missing here was expunged between the list and the fetch: there is nothing to keep.
		if m, ok := got[e.UID]; ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// streamBodies runs one UID FETCH of a body section and hands each message's bytes to fn as it arrives. The
// command is drained (fetch.Close) whenever the bodies could be read: go-imap deadlocks on Close after an
// abandoned fetch. A body whose reading failed is the exception, see below.
func streamBodies(c *imapclient.Client, set imap.UIDSet, section *imap.FetchItemBodySection, limit int64,
	fn func(uid uint32, raw []byte, truncated bool)) error {
	fetch := c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	for {
		msg := fetch.Next()
		if msg == nil {
			break
		}
		var (
			uid       imap.UID
			raw       []byte
			truncated bool
			seen      bool
		)
		for item := msg.Next(); item != nil; item = msg.Next() {
			switch it := item.(type) {
			case imapclient.FetchItemDataUID:
				uid = it.UID
			case imapclient.FetchItemDataBodySection:
				if it.Literal != nil && !seen {
					var err error
					if raw, truncated, err = readLiteral(it.Literal, limit); err != nil {
						// The connection failed under the body. go-imap (v2.0.0-beta.8) hands the connection back
						// to its reader goroutine at a literal's first failed read, and msg.Next or fetch.Close
						// would read that literal once more, from the same buffer, at the same time: a data race
						// inside the library (caught by -race in TestInboxDropMidFetchThenOnceAgain). So the
						// fetch is left undrained; its reader meets the dead socket and ends by itself, and the
						// caller closes the session.
						return err
					}
					seen = true
				}
			}
		}
		if uid != 0 && seen {
			fn(uint32(uid), raw, truncated)
		}
	}
	return fetch.Close()
}

// readLiteral reads one body. One larger than limit (the server's RFC822.SIZE understated it, or gave none)
// keeps only its header block; the rest is read off the wire and dropped.
func readLiteral(lit imap.LiteralReader, limit int64) (raw []byte, truncated bool, err error) {
	if size := lit.Size(); size <= limit {
		raw = make([]byte, size)
		if _, err := io.ReadFull(lit, raw); err != nil {
			return nil, false, err
		}
		return raw, false, nil
	}
	head, err := io.ReadAll(io.LimitReader(lit, headerPeek))
	if err != nil {
		return nil, false, err
	}
	if _, err := io.Copy(io.Discard, lit); err != nil {
		return nil, false, err
	}
	return headerBlock(head), true, nil
}

// headerBlock cuts raw after the blank line that ends the header.
func headerBlock(raw []byte) []byte {
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		return raw[:i+4]
	}
	if i := bytes.Index(raw, []byte("\n\n")); i >= 0 {
		return raw[:i+2]
	}
	return raw
}

// commitJob is one fetched batch being committed in the background.
type commitJob struct {
	batch []arrival
	mails []domain.Incoming
	res   domain.IngestResult
	err   error
	done  chan struct{}
}

func (in *Inbox) commit(batch []arrival, mails []domain.Incoming, pos domain.SyncState) *commitJob {
	job := &commitJob{batch: batch, mails: mails, done: make(chan struct{})}
	go func() {
		defer close(job.done)
		job.res, job.err = in.ingest(mails, pos)
	}()
	return job
}

// ingest commits a batch with its position. When the batch fails, the messages are committed one by one so that
// a single message the domain cannot take (say, a receipt in a year without a calendar) goes to triage with the
// error as its reason instead of stopping intake for good; an error that persists even then is the storage's
// and ends the round.
func (in *Inbox) ingest(batch []domain.Incoming, pos domain.SyncState) (domain.IngestResult, error) {
	res, err := in.desk.Ingest(batch, pos)
	if err == nil {
		return res, nil
	}
	in.logf("почта: пакет не сохранён (%v); письма сохраняются по одному", err)
	var total domain.IngestResult
	for i := range batch {
		step := pos
		step.LastUID = batch[i].UID
		r, err := in.desk.Ingest(batch[i:i+1], step)
		if err != nil {
			m := batch[i]
			m.Problem = fmt.Sprintf("письмо не удалось обработать: %v", err)
			if r, err = in.desk.Ingest([]domain.Incoming{m}, step); err != nil {
				return total, err
			}
		}
		total.NewCases = append(total.NewCases, r.NewCases...)
		total.Drafts = append(total.Drafts, r.Drafts...)
		total.Reopened = append(total.Reopened, r.Reopened...)
		total.Triaged += r.Triaged
		total.Duplicates += r.Duplicates
	}
	if len(batch) == 0 || batch[len(batch)-1].UID != pos.LastUID {
		if _, err := in.desk.Ingest(nil, pos); err != nil {
			return total, err
		}
	}
	return total, nil
}

// marker marks stored mail on the server: MOVE to the processed folder when one is configured and the server can
// move without touching other mail, else the keyword where PERMANENTFLAGS allows it, else nothing (the stored
// UID position alone keeps mail from being taken twice).
type marker struct {
	in   *Inbox
	s    *imapSession
	mode string // move | keyword | none
	move bool   // the server has MOVE (else COPY + \Deleted + UID EXPUNGE, with UIDPLUS only)
}

func (in *Inbox) marking(s *imapSession, sel *imap.SelectData) marker {
	caps := s.c.Caps()
	m := marker{in: in, s: s, mode: "none", move: caps.Has(imap.CapMove)}
	// Only a server that names \* or the keyword in PERMANENTFLAGS gets it: the client cannot tell a missing
	// PERMANENTFLAGS (RFC 3501: everything permanent) from an empty one, and the keyword is a courtesy, not what
	// keeps mail from being taken twice.
	keyword := false
	for _, f := range sel.PermanentFlags {
		if f == imap.FlagWildcard || strings.EqualFold(string(f), ProcessedKeyword) {
			keyword = true
		}
	}
	switch {
	case in.cfg.ProcessedFolder != "" && (m.move || caps.Has(imap.CapUIDPlus)):
		m.mode = "move"
	case keyword:
		m.mode = "keyword"
	}
	if m.mode == "none" && !s.warnedNoMark {
		s.warnedNoMark = true
		if in.cfg.ProcessedFolder != "" {
			in.logf("почта: сервер не умеет безопасно перемещать письма (нет MOVE и UIDPLUS) и не хранит ключевые слова: письма остаются на месте без отметки")
		} else {
			in.logf("почта: сервер не хранит ключевое слово %s: письма остаются без отметки, повторное получение исключает позиция UID", ProcessedKeyword)
		}
	}
	return m
}

func (m marker) apply(uids []imap.UID) error {
	if len(uids) == 0 {
		return nil
	}
	set := imap.UIDSetNum(uids...)
	switch m.mode {
	case "keyword":
		store := m.s.c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true,
			Flags: []imap.Flag{imap.Flag(ProcessedKeyword)}}, nil)
		if err := store.Close(); err != nil {
			return fmt.Errorf("отметка писем %s: %w", ProcessedKeyword, err)
		}
	case "move":
		if err := m.ensureFolder(); err != nil {
			return err
		}
		if err := m.moveSet(set); err != nil {
			return fmt.Errorf("перемещение писем в %q: %w", m.in.cfg.ProcessedFolder, err)
		}
	}
	return nil
}

// moveSet moves with MOVE, or copies first and removes only after the copy succeeded. go-imap's own fallback
// pipelines COPY, STORE \Deleted and EXPUNGE, which would delete the mail even when the copy failed.
func (m marker) moveSet(set imap.UIDSet) error {
	c := m.s.c
	if m.move {
		_, err := c.Move(set, m.in.cfg.ProcessedFolder).Wait()
		return err
	}
	if _, err := c.Copy(set, m.in.cfg.ProcessedFolder).Wait(); err != nil {
		return err
	}
	store := c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil)
	if err := store.Close(); err != nil {
		return err
	}
	// UID EXPUNGE (UIDPLUS) removes exactly these: mail the coordinator marked deleted herself stays.
	return c.UIDExpunge(set).Close()
}

func (m marker) ensureFolder() error {
	if m.s.processedChecked {
		return nil
	}
	name := m.in.cfg.ProcessedFolder
	found, err := m.s.c.List("", name, nil).Collect()
	if err != nil {
		return fmt.Errorf("папка %q: %w", name, err)
	}
	if len(found) == 0 {
		if err := m.s.c.Create(name, nil).Wait(); err != nil {
			var ie *imap.Error
			if !errors.As(err, &ie) || ie.Code != imap.ResponseCodeAlreadyExists {
				return fmt.Errorf("создание папки %q: %w", name, err)
			}
		}
		m.in.logf("почта: создана папка %q для обработанных писем", name)
	}
	m.s.processedChecked = true
	return nil
}

// catchUp marks mail at or below the stored position that is still unmarked: a batch whose marking failed after
// its commit (the connection dropped in between) is finished here on the next round.
func (m marker) catchUp(last uint32) error {
	if last == 0 || m.mode == "none" {
		return nil
	}
	crit := &imap.SearchCriteria{UID: []imap.UIDSet{{imap.UIDRange{Start: 1, Stop: imap.UID(last)}}}}
	if m.mode == "keyword" {
		crit.NotFlag = []imap.Flag{imap.Flag(ProcessedKeyword)}
	}
	data, err := m.s.c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return fmt.Errorf("поиск неотмеченных писем: %w", err)
	}
	uids := data.AllUIDs()
	for len(uids) > 0 {
		n := min(len(uids), markChunk)
		if err := m.apply(uids[:n]); err != nil {
			return err
		}
		uids = uids[n:]
	}
	return nil
}
