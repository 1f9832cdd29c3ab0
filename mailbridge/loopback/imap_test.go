package loopback

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

const (
	testUser = "koordinator@example.ru"
	testPass = "пароль-123"
)

var msk = time.FixedZone("MSK", 3*60*60)

func rawMessage(subject string) []byte {
	return []byte("From: Отдел <otdel@example.ru>\r\n" +
		"To: koordinator@example.ru\r\n" +
		"Subject: " + subject + "\r\n" +
		"Message-ID: <" + strings.ReplaceAll(subject, " ", "-") + "@example.ru>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"\r\n" +
		"Текст уведомления.\r\n")
}

func startIMAP(t *testing.T, opt IMAPOptions) *IMAP {
	t.Helper()
	s, err := StartIMAP(testUser, testPass, opt)
	if err != nil {
		t.Fatalf("StartIMAP(%+v): %v", opt, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// dialIMAP connects the way a client configured for mode would, trusting
// roots (nil means the system roots, which do not know TestCertificate).
func dialIMAP(s *IMAP, mode TLSMode, roots *x509.CertPool, options *imapclient.Options) (*imapclient.Client, error) {
	if options == nil {
		options = &imapclient.Options{}
	}
	options.TLSConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	switch mode {
	case STARTTLS:
		return imapclient.DialStartTLS(s.Addr, options)
	case ImplicitTLS:
		return imapclient.DialTLS(s.Addr, options)
	default:
		return imapclient.DialInsecure(s.Addr, options)
	}
}

func login(t *testing.T, s *IMAP, mode TLSMode, options *imapclient.Options) *imapclient.Client {
	t.Helper()
	_, pool, err := TestCertificate()
	if err != nil {
		t.Fatal(err)
	}
	c, err := dialIMAP(s, mode, pool, options)
	if err != nil {
		t.Fatalf("dial %v: %v", mode, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Login(testUser, testPass).Wait(); err != nil {
		t.Fatalf("login over %v: %v", mode, err)
	}
	return c
}

func TestIMAPLoginInEveryTLSMode(t *testing.T) {
	for _, mode := range []TLSMode{PlainText, STARTTLS, ImplicitTLS} {
		t.Run(mode.String(), func(t *testing.T) {
			s := startIMAP(t, IMAPOptions{TLS: mode})
			if !strings.HasPrefix(s.Addr, "127.0.0.1:") {
				t.Errorf("Addr = %q, want 127.0.0.1:port", s.Addr)
			}
			c := login(t, s, mode, nil)
			caps := c.Caps()
			for _, want := range []imap.Cap{imap.CapIMAP4rev1, imap.CapIMAP4rev2, imap.CapIdle, imap.CapMove, imap.CapUIDPlus} {
				if !caps.Has(want) {
					t.Errorf("capability %s missing from %v", want, caps)
				}
			}
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Errorf("select INBOX: %v", err)
			}
			// The helpers reach the server the same way in every mode.
			if err := s.Deliver(rawMessage("Режим "+mode.String()), time.Now()); err != nil {
				t.Fatal(err)
			}
			if msgs, err := s.Messages("INBOX"); err != nil || len(msgs) != 1 {
				t.Errorf("Messages = %d messages, %v; want 1", len(msgs), err)
			}
		})
	}
}

func TestIMAPRejectsWrongPassword(t *testing.T) {
	s := startIMAP(t, IMAPOptions{})
	c, err := dialIMAP(s, PlainText, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(testUser, "wrong").Wait(); err == nil {
		t.Fatal("login with a wrong password succeeded")
	}
}

// The certificate is really checked: a client that does not trust the pool
// cannot connect, and a client asking for STARTTLS from a server that does not
// offer it fails instead of going on in clear text.
func TestIMAPTLSIsVerifiedAndNotDowngraded(t *testing.T) {
	tests := []struct {
		name   string
		server TLSMode
		client TLSMode
	}{
		{"starttls with untrusted certificate", STARTTLS, STARTTLS},
		{"implicit tls with untrusted certificate", ImplicitTLS, ImplicitTLS},
		{"starttls asked of a plain server", PlainText, STARTTLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startIMAP(t, IMAPOptions{TLS: tt.server, ErrorLog: quietLog(t)})
			var roots *x509.CertPool
			if tt.server == PlainText {
				_, roots, _ = TestCertificate()
			} else {
				roots = x509.NewCertPool() // trusts nothing
			}
			c, err := dialIMAP(s, tt.client, roots, nil)
			if err == nil {
				err = c.Login(testUser, testPass).Wait()
				_ = c.Close()
			}
			if err == nil {
				t.Fatal("connection succeeded, want a TLS failure")
			}
		})
	}
}

func TestIMAPRequireTLSRefusesClearTextLogin(t *testing.T) {
	s := startIMAP(t, IMAPOptions{TLS: STARTTLS, RequireTLS: true})
	c, err := dialIMAP(s, PlainText, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(testUser, testPass).Wait(); err == nil {
		t.Fatal("clear-text LOGIN accepted although RequireTLS is set")
	}
	login(t, s, STARTTLS, nil) // the same credentials work after STARTTLS
}

func TestStartIMAPRefusesRequireTLSWithoutTLS(t *testing.T) {
	if s, err := StartIMAP(testUser, testPass, IMAPOptions{RequireTLS: true}); err == nil {
		_ = s.Close()
		t.Fatal("StartIMAP accepted RequireTLS on a plain-text server")
	}
}

// П.7: the deadline clock starts at INTERNALDATE, so the server must keep the
// receipt time a test delivers with.
func TestIMAPAppendKeepsInternalDateFlagsAndBytes(t *testing.T) {
	s := startIMAP(t, IMAPOptions{})
	received := time.Date(2025, 3, 14, 9, 26, 53, 0, msk)
	raw := rawMessage("Уведомление 1")
	if err := s.Append("INBOX", raw, received, string(imap.FlagFlagged), "$Otklik"); err != nil {
		t.Fatal(err)
	}

	c := login(t, s, PlainText, nil)
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	section := &imap.FetchItemBodySection{Peek: true}
	fetch := c.Fetch(imap.UIDSetNum(1), &imap.FetchOptions{
		UID: true, Flags: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{section},
	})
	msgs, err := fetch.Collect()
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("fetched %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if !m.InternalDate.Equal(received) {
		t.Errorf("INTERNALDATE = %v, want %v", m.InternalDate, received)
	}
	// Keywords are case-insensitive in IMAP; imapmemserver lower-cases them.
	if !slices.Contains(m.Flags, imap.FlagFlagged) || !slices.ContainsFunc(m.Flags, func(f imap.Flag) bool {
		return strings.EqualFold(string(f), "$Otklik")
	}) {
		t.Errorf("flags = %v, want \\Flagged and $Otklik", m.Flags)
	}
	if got := string(m.FindBodySection(section)); got != string(raw) {
		t.Errorf("body = %q, want %q", got, raw)
	}

	stored, err := s.Messages("inbox")
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 || stored[0].UID != 1 || !stored[0].InternalDate.Equal(received) || string(stored[0].Raw) != string(raw) {
		t.Fatalf("Messages = %+v, want the appended message with UID 1", stored)
	}
	if slices.Contains(stored[0].Flags, string(imap.FlagSeen)) {
		t.Errorf("reading the messages set \\Seen: %v", stored[0].Flags)
	}
}

func TestIMAPAppendToMissingMailboxFails(t *testing.T) {
	s := startIMAP(t, IMAPOptions{})
	if err := s.Append("Нет такой", rawMessage("x"), time.Now()); err == nil {
		t.Fatal("append to a missing mailbox succeeded")
	}
	if _, err := s.Messages("Нет такой"); err == nil {
		t.Fatal("Messages of a missing mailbox succeeded")
	}
	if err := s.CreateMailbox("Нет такой"); err != nil {
		t.Fatal(err)
	}
	if err := s.Append("Нет такой", rawMessage("x"), time.Now()); err != nil {
		t.Fatalf("append after CreateMailbox: %v", err)
	}
}

// П.5: intake uses IDLE where the server has it; a delivery must wake it.
func TestIMAPIdleIsNotified(t *testing.T) {
	tests := []struct {
		name    string
		deliver func(t *testing.T, s *IMAP)
	}{
		{"Deliver helper", func(t *testing.T, s *IMAP) {
			if err := s.Deliver(rawMessage("Новое"), time.Now()); err != nil {
				t.Error(err)
			}
		}},
		{"APPEND by another client", func(t *testing.T, s *IMAP) {
			other := login(t, s, PlainText, nil)
			raw := rawMessage("От клиента")
			cmd := other.Append("INBOX", int64(len(raw)), nil)
			if _, err := cmd.Write(raw); err != nil {
				t.Error(err)
			}
			if err := cmd.Close(); err != nil {
				t.Error(err)
			}
			if _, err := cmd.Wait(); err != nil {
				t.Error(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startIMAP(t, IMAPOptions{})
			exists := make(chan uint32, 4)
			c := login(t, s, PlainText, &imapclient.Options{
				UnilateralDataHandler: &imapclient.UnilateralDataHandler{
					Mailbox: func(data *imapclient.UnilateralDataMailbox) {
						if data.NumMessages != nil {
							exists <- *data.NumMessages
						}
					},
				},
			})
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatal(err)
			}
			idle, err := c.Idle()
			if err != nil {
				t.Fatal(err)
			}
			// Deliver straight after IDLE is acknowledged: the moment go-imap's
			// own tracker used to miss.
			tt.deliver(t, s)
			select {
			case n := <-exists:
				if n != 1 {
					t.Errorf("EXISTS %d, want 1", n)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("no EXISTS during IDLE within 5 s of delivery")
			}
			if err := idle.Close(); err != nil {
				t.Fatal(err)
			}
			if err := idle.Wait(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// DC (IMAP sync state is UIDVALIDITY + last UID): a changed UIDVALIDITY with
// the same messages is what the rescan must survive without re-importing.
func TestIMAPResetUIDValidityKeepsMessages(t *testing.T) {
	s := startIMAP(t, IMAPOptions{})
	first := time.Date(2025, 3, 14, 9, 0, 0, 0, msk)
	if err := s.Deliver(rawMessage("Первое"), first); err != nil {
		t.Fatal(err)
	}
	if err := s.Append("INBOX", rawMessage("Второе"), first.Add(time.Hour), "$Otklik"); err != nil {
		t.Fatal(err)
	}
	before, err := s.Messages("INBOX")
	if err != nil {
		t.Fatal(err)
	}

	watcher := login(t, s, PlainText, nil)
	selected, err := watcher.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	oldValidity := selected.UIDValidity

	if err := s.ResetUIDValidity("INBOX"); err != nil {
		t.Fatal(err)
	}

	// A session that had the mailbox selected cannot go on with it.
	if err := watcher.Noop().Wait(); err == nil {
		t.Error("a session with the reset mailbox selected still works")
	}

	c := login(t, s, PlainText, nil)
	selected, err = c.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if selected.UIDValidity == oldValidity {
		t.Errorf("UIDVALIDITY still %d after reset", oldValidity)
	}
	if selected.NumMessages != 2 {
		t.Errorf("%d messages after reset, want 2", selected.NumMessages)
	}
	after, err := s.Messages("INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("%d messages after reset, want %d", len(after), len(before))
	}
	for i := range before {
		b, a := before[i], after[i]
		if string(a.Raw) != string(b.Raw) || !a.InternalDate.Equal(b.InternalDate) || !slices.Equal(a.Flags, b.Flags) {
			t.Errorf("message %d changed by reset: before %+v, after %+v", i, b, a)
		}
	}
	boxes, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatal(err)
	}
	if len(boxes) != 1 || boxes[0].Mailbox != "INBOX" {
		t.Errorf("mailboxes after reset = %+v, want only INBOX", boxes)
	}
}

func TestIMAPDropConnectionsFailsNextCommandButServerStaysUp(t *testing.T) {
	for _, mode := range []TLSMode{PlainText, ImplicitTLS} {
		t.Run(mode.String(), func(t *testing.T) {
			s := startIMAP(t, IMAPOptions{TLS: mode, ErrorLog: quietLog(t)})
			c := login(t, s, mode, nil)
			if err := c.Noop().Wait(); err != nil {
				t.Fatal(err)
			}
			s.DropConnections()
			if err := c.Noop().Wait(); err == nil {
				t.Fatal("NOOP succeeded on a dropped connection")
			}
			again := login(t, s, mode, nil)
			if err := again.Noop().Wait(); err != nil {
				t.Fatalf("server unusable after DropConnections: %v", err)
			}
			if got := s.Connections(); got != 2 {
				t.Errorf("Connections() = %d, want 2", got)
			}
		})
	}
}

// Without MOVE the server neither advertises it nor obeys it, and go-imap's
// client falls back to COPY + \Deleted + EXPUNGE, which the server supports.
func TestIMAPMoveCapability(t *testing.T) {
	tests := []struct {
		name     string
		opt      IMAPOptions
		wantMove bool
	}{
		{"default offers MOVE", IMAPOptions{}, true},
		{"WithoutMove", IMAPOptions{WithoutMove: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startIMAP(t, tt.opt)
			for _, name := range []string{"Обработано", "Done"} {
				if err := s.CreateMailbox(name); err != nil {
					t.Fatal(err)
				}
			}
			for _, subject := range []string{"Первое", "Второе"} {
				if err := s.Deliver(rawMessage(subject), time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			c := login(t, s, PlainText, nil)
			if got := c.Caps().Has(imap.CapMove); got != tt.wantMove {
				t.Errorf("MOVE advertised = %v, want %v", got, tt.wantMove)
			}
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Move(imap.UIDSetNum(1), "Обработано").Wait(); err != nil {
				t.Fatalf("move (or its fallback): %v", err)
			}
			if moved, err := s.Messages("Обработано"); err != nil || len(moved) != 1 {
				t.Errorf("target folder holds %d messages (err %v), want 1", len(moved), err)
			}

			reply := rawIMAP(t, s, "a1 LOGIN "+quoteIMAP(testUser)+" "+quoteIMAP(testPass), "a2 SELECT INBOX", "a3 UID MOVE 2 Done")
			if obeyed := strings.Contains(reply, "a3 OK"); obeyed != tt.wantMove {
				t.Errorf("raw UID MOVE obeyed = %v, want %v; reply:\n%s", obeyed, tt.wantMove, reply)
			}
		})
	}
}

// rawIMAP sends tagged commands one by one over a plain connection and
// returns everything the server answered.
func rawIMAP(t *testing.T, s *IMAP, commands ...string) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", s.Addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	var out strings.Builder
	if line, err := r.ReadString('\n'); err != nil {
		t.Fatalf("greeting: %v", err)
	} else {
		out.WriteString(line)
	}
	for _, cmd := range commands {
		tag, _, _ := strings.Cut(cmd, " ")
		if _, err := conn.Write([]byte(cmd + "\r\n")); err != nil {
			t.Fatal(err)
		}
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("reading reply to %q: %v (so far %q)", cmd, err, out.String())
			}
			out.WriteString(line)
			if strings.HasPrefix(line, tag+" ") {
				break
			}
		}
	}
	return out.String()
}

func quoteIMAP(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func TestIMAPNoKeywordsHidesWildcardPermanentFlag(t *testing.T) {
	for _, noKeywords := range []bool{false, true} {
		s := startIMAP(t, IMAPOptions{NoKeywords: noKeywords})
		c := login(t, s, PlainText, nil)
		selected, err := c.Select("INBOX", nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(selected.PermanentFlags, imap.FlagWildcard); got == noKeywords {
			t.Errorf("NoKeywords=%v: PERMANENTFLAGS %v", noKeywords, selected.PermanentFlags)
		}
	}
}

func TestIMAPCloseIsIdempotentAndStopsListening(t *testing.T) {
	s, err := StartIMAP(testUser, testPass, IMAPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if c, err := imapclient.DialInsecure(s.Addr, &imapclient.Options{}); err == nil {
		err = c.WaitGreeting()
		_ = c.Close()
		if err == nil {
			t.Fatal("server still answers after Close")
		}
	}
}
