package main

// Mail server faults that only a hostile or broken server produces, proved on the real binary: STARTTLS stripped
// from the IMAP and SMTP capabilities, and an IMAP server that greets with PREAUTH on a connection that must be
// upgraded first. Dropped IMAP connections, a changed UIDVALIDITY and SMTP refusals are proved in mailbridge's
// own tests (docs/reliability.md lists them); they are not repeated here.

import (
	"bufio"
	"crypto/tls"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"otklik/mailbridge/loopback"
)

// fakeServer is a tiny line-based mail server on loopback that records every line a client sends it, so a test
// can prove that no credential and no command past the greeting ever reached it.
type fakeServer struct {
	ln    net.Listener
	mu    sync.Mutex
	lines []string
	conns int
	tlsUp bool // a STARTTLS upgrade completed
}

func (f *fakeServer) port() string { return portOf(f.ln.Addr().String()) }

func (f *fakeServer) record(line string) {
	f.mu.Lock()
	f.lines = append(f.lines, strings.TrimRight(line, "\r\n"))
	f.mu.Unlock()
}

func (f *fakeServer) connections() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.conns
}

func (f *fakeServer) upgraded() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tlsUp
}

func (f *fakeServer) received() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.lines, "\n")
}

func startFake(t *testing.T, serve func(f *fakeServer, c net.Conn)) *fakeServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			f.mu.Lock()
			f.conns++
			f.mu.Unlock()
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(30 * time.Second))
				serve(f, c)
			}()
		}
	}()
	return f
}

// fakeIMAP answers like an IMAP server. preauth greets with PREAUTH (already logged in: RFC 9051 §7.1.4 says a
// client that wanted STARTTLS must then drop the connection); offerTLS makes STARTTLS succeed with the loopback
// test certificate, which the client trusts through SSL_CERT_FILE, so that the PREAUTH rule itself is what stops it.
func fakeIMAP(t *testing.T, preauth, offerTLS bool) *fakeServer {
	cert, _, err := loopback.TestCertificate()
	if err != nil {
		t.Fatal(err)
	}
	return startFake(t, func(f *fakeServer, c net.Conn) {
		caps := "IMAP4rev1 AUTH=PLAIN"
		if offerTLS {
			caps += " STARTTLS"
		}
		greeting := "* OK [CAPABILITY " + caps + "] fake IMAP ready\r\n"
		if preauth {
			greeting = "* PREAUTH [CAPABILITY " + caps + "] logged in as koordinator@example.ru\r\n"
		}
		c.Write([]byte(greeting))
		var conn net.Conn = c
		r := bufio.NewReader(conn)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			f.record(line)
			tag, cmd, _ := strings.Cut(strings.TrimSpace(line), " ")
			verb, _, _ := strings.Cut(strings.ToUpper(cmd), " ")
			switch {
			case verb == "STARTTLS" && offerTLS:
				conn.Write([]byte(tag + " OK begin TLS now\r\n"))
				tc := tls.Server(conn, &tls.Config{Certificates: []tls.Certificate{cert}})
				if err := tc.Handshake(); err != nil {
					return
				}
				f.mu.Lock()
				f.tlsUp = true
				f.mu.Unlock()
				conn, r = tc, bufio.NewReader(tc)
			case verb == "STARTTLS":
				conn.Write([]byte(tag + " BAD STARTTLS is not offered\r\n"))
			case verb == "CAPABILITY":
				conn.Write([]byte("* CAPABILITY " + caps + "\r\n" + tag + " OK done\r\n"))
			case verb == "LOGOUT":
				conn.Write([]byte("* BYE\r\n" + tag + " OK bye\r\n"))
				return
			default: // LOGIN, SELECT, ... a stripping attacker would accept anything
				conn.Write([]byte(tag + " OK done\r\n"))
			}
		}
	})
}

// fakeSMTP is a submission server that does not offer STARTTLS (it was stripped on the way) and accepts
// everything else.
func fakeSMTP(t *testing.T) *fakeServer {
	return startFake(t, func(f *fakeServer, c net.Conn) {
		c.Write([]byte("220 fake ESMTP\r\n"))
		r := bufio.NewReader(c)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			f.record(line)
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"):
				c.Write([]byte("250-fake\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"))
			case strings.HasPrefix(cmd, "AUTH"):
				c.Write([]byte("235 ok\r\n"))
			case strings.HasPrefix(cmd, "QUIT"):
				c.Write([]byte("221 bye\r\n"))
				return
			default:
				c.Write([]byte("250 ok\r\n"))
			}
		}
	})
}

// retarget rewrites the folder's settings file: the mailbox and SMTP sections point to the given ports with the
// given security.
func retarget(cfg, imapPort, imapSecurity, smtpPort, smtpSecurity string) string {
	mailbox, smtp, _ := strings.Cut(cfg, "[smtp]")
	fix := func(section, port, security string) string {
		var out []string
		for _, line := range strings.Split(section, "\n") {
			switch {
			case strings.HasPrefix(line, "port = ") && port != "":
				line = "port = " + port
			case strings.HasPrefix(line, "security = ") && security != "":
				line = fmt.Sprintf("security = %q", security)
			}
			out = append(out, line)
		}
		return strings.Join(out, "\n")
	}
	head, rest, _ := strings.Cut(smtp, "[department]")
	return fix(mailbox, imapPort, imapSecurity) + "[smtp]" + fix(head, smtpPort, smtpSecurity) + "[department]" + rest
}

// loopbackCertFile writes the loopback test certificate as a PEM file for SSL_CERT_FILE: the binary verifies TLS
// against the system roots, and this makes the loopback servers' certificate one of them for the test.
func loopbackCertFile(t *testing.T) string {
	cert, _, err := loopback.TestCertificate()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "loopback.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// faultFolder is a folder with one case dispatched while the servers were sound: the outbox holds its task e-mail.
func faultFolder(t *testing.T) *mailFolder {
	mf := newMailFolder(t)
	recv := time.Date(2026, 1, 13, 10, 20, 0, 0, proofTomsk)
	if err := mf.imap.Append("INBOX", proofNotice(7_300_001, recv.Add(-5*time.Minute)), recv); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, mf.dir, "OTKLIK_NOW=2026-01-13T10:40:00+07:00")
	if r := otklik(t, []string{coordPW, "OTKLIK_NOW=2026-01-13T10:41:00+07:00"}, "dispatch", "7300001", "--to", "zam-zhkh",
		"--user", "koordinator", "--data", mf.dir); r.code != 0 {
		t.Fatalf("dispatch: %d %s", r.code, r.stderr)
	}
	return mf
}

func applySettings(t *testing.T, mf *mailFolder, cfg string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "settings.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := otklik(t, []string{adminPW}, "setup", "--config", path, "--user", "admin", "--data", mf.dir); r.code != 0 {
		t.Fatalf("setup: %d %s", r.code, r.stderr)
	}
}

// syncJSON runs `sync --once --json` and returns its exit code, report and stderr.
func syncJSON(t *testing.T, dir string, env ...string) (int, string, string) {
	t.Helper()
	r := otklik(t, append([]string{coordPW, "OTKLIK_NOW=2026-01-13T10:45:00+07:00"}, env...), "sync", "--once", "--json", "--user", "koordinator", "--data", dir)
	return r.code, r.stdout, r.stderr
}

// DC «TLS verified by default», CLI.md «sync --once exits 0 when a mail server is down»: settings that say
// starttls never fall back to clear text. A server whose STARTTLS was stripped, or an IMAP server that claims the
// session is already authenticated (PREAUTH) before the upgrade, gets neither the password nor a single command;
// the round reports the failure, exits 0, and the task e-mail stays queued.
func TestProofSTARTTLSFailsClosed(t *testing.T) {
	certFile := loopbackCertFile(t)
	tests := []struct {
		name             string
		preauth, withTLS bool
		imapErr          string
	}{
		{name: "STARTTLS stripped from IMAP and SMTP", imapErr: "STARTTLS"},
		{name: "PREAUTH, then STARTTLS refused", preauth: true, imapErr: "STARTTLS"},
		{name: "PREAUTH, then a trusted STARTTLS upgrade", preauth: true, withTLS: true, imapErr: "PREAUTH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mf := faultFolder(t)
			im, sm := fakeIMAP(t, tt.preauth, tt.withTLS), fakeSMTP(t)
			applySettings(t, mf, retarget(mf.cfg, im.port(), "starttls", sm.port(), "starttls"))
			code, out, stderr := syncJSON(t, mf.dir, "SSL_CERT_FILE="+certFile)
			if code != 0 {
				t.Fatalf("sync --once exits %d, want 0: %s %s", code, out, stderr)
			}
			if !strings.Contains(stderr, "почта (IMAP)") || !strings.Contains(stderr, tt.imapErr) || !strings.Contains(stderr, "отправка (SMTP)") {
				t.Errorf("the failures are not reported: %s", stderr)
			}
			if !strings.Contains(out, `"sent": 0`) {
				t.Errorf("report: %s", out)
			}
			if im.connections() == 0 || sm.connections() == 0 {
				t.Fatalf("the round never reached the servers (IMAP %d, SMTP %d connections)", im.connections(), sm.connections())
			}
			got := strings.ToUpper(im.received())
			if tt.withTLS && !im.upgraded() {
				t.Errorf("the STARTTLS upgrade did not complete: the PREAUTH rule was not what stopped the client")
			}
			for _, l := range strings.Split(got, "\n") {
				if _, cmd, _ := strings.Cut(l, " "); l != "" && !strings.HasPrefix(cmd, "STARTTLS") && !strings.HasPrefix(cmd, "CAPABILITY") {
					t.Errorf("IMAP command sent over an unprotected session: %q", l)
				}
			}
			smtpGot := strings.ToUpper(sm.received())
			for _, forbidden := range []string{"AUTH", "MAIL FROM", "RCPT", "DATA"} {
				if strings.Contains(smtpGot, forbidden) {
					t.Errorf("SMTP %s sent without STARTTLS:\n%s", forbidden, smtpGot)
				}
			}
			for _, secret := range []string{"imap-pass-123", "smtp-pass-456", proofB64("\x00koordinator@example.ru\x00smtp-pass-456")} {
				if strings.Contains(im.received()+sm.received(), secret) {
					t.Errorf("a password reached a server without TLS")
				}
			}
			c := struct {
				Outbox []struct{ State string } `json:"outbox"`
			}{}
			r := otklik(t, []string{coordPW}, "case", "7300001", "--json", "--user", "koordinator", "--data", mf.dir)
			if err := json.Unmarshal([]byte(r.stdout), &c); err != nil || len(c.Outbox) != 1 || c.Outbox[0].State != "queued" {
				t.Errorf("the task e-mail must stay queued: %+v %v %s", c.Outbox, err, r.stderr)
			}
		})
	}
}

// The control of the test above: with servers that do offer STARTTLS (and the same SSL_CERT_FILE), the same
// settings work — so the refusals above come from the stripped STARTTLS and PREAUTH, not from the setup.
func TestProofSTARTTLSWorksWhenOffered(t *testing.T) {
	certFile := loopbackCertFile(t)
	mf := newMailFolder(t)
	im, err := loopback.StartIMAP("koordinator@example.ru", "imap-pass-123", loopback.IMAPOptions{TLS: loopback.STARTTLS, RequireTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { im.Close() })
	sm, err := loopback.StartSMTP(loopback.SMTPOptions{TLS: loopback.STARTTLS, Username: "koordinator@example.ru", Password: "smtp-pass-456"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sm.Close() })
	applySettings(t, mf, retarget(mf.cfg, portOf(im.Addr), "starttls", portOf(sm.Addr), "starttls"))
	recv := time.Date(2026, 1, 13, 10, 20, 0, 0, proofTomsk)
	if err := im.Append("INBOX", proofNotice(7_300_002, recv.Add(-5*time.Minute)), recv); err != nil {
		t.Fatal(err)
	}
	ssl := "SSL_CERT_FILE=" + certFile
	code, out, stderr := syncJSON(t, mf.dir, ssl, "OTKLIK_NOW=2026-01-13T10:40:00+07:00")
	if code != 0 || strings.Contains(stderr, "otklik:") || !strings.Contains(out, `"new_cases": 1`) {
		t.Fatalf("sync --once over STARTTLS: %d %s %s", code, out, stderr)
	}
	if r := otklik(t, []string{coordPW, "OTKLIK_NOW=2026-01-13T10:41:00+07:00"}, "dispatch", "7300002", "--to", "zam-zhkh",
		"--user", "koordinator", "--data", mf.dir); r.code != 0 {
		t.Fatalf("dispatch: %d %s", r.code, r.stderr)
	}
	code, out, stderr = syncJSON(t, mf.dir, ssl, "OTKLIK_NOW=2026-01-13T10:42:00+07:00")
	if code != 0 || strings.Contains(stderr, "otklik:") || !strings.Contains(out, `"sent": 1`) {
		t.Fatalf("sync --once over STARTTLS: %d %s %s", code, out, stderr)
	}
	if got, err := sm.WaitFor(1, 5*time.Second); err != nil || !got[0].TLS {
		t.Fatalf("task e-mail over TLS: %v %+v", err, got)
	}
}
