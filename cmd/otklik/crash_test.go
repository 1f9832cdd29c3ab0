package main

import (
	"bufio"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// stallingSMTP accepts one message and never answers its DATA while stall is set: the moment a crash makes the
// outcome unknowable.
type stallingSMTP struct {
	ln       net.Listener
	stall    atomic.Bool
	received atomic.Int32
	dataDone chan struct{}
}

func startStallingSMTP(t *testing.T) *stallingSMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &stallingSMTP{ln: ln, dataDone: make(chan struct{}, 10)}
	s.stall.Store(true)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *stallingSMTP) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { c.Write([]byte(line + "\r\n")) }
	say("220 stall ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			c.Write([]byte("250-stall\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n"))
		case strings.HasPrefix(cmd, "AUTH"):
			say("235 ok")
		case strings.HasPrefix(cmd, "DATA"):
			say("354 go on")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
			}
			s.dataDone <- struct{}{}
			if s.stall.Load() {
				time.Sleep(time.Hour) // the reply never comes
				return
			}
			s.received.Add(1)
			say("250 queued")
		case strings.HasPrefix(cmd, "QUIT"):
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// Nothing is lost, nothing is sent twice unnoticed: a process killed after the whole message went out but before
// the server's answer leaves the e-mail "may have been sent" (uncertain); it is shown, and never re-sent by itself.
func TestCrashDuringSendIsMayHaveBeenSent(t *testing.T) {
	mf := newMailFolder(t)
	stall := startStallingSMTP(t)
	// Point the folder's SMTP at the stalling server (an admin changes the settings file).
	cfgPath := filepath.Join(t.TempDir(), "settings.toml")
	cfg := strings.Replace(mfConfig(t, mf), "port = "+portOf(mf.smtp.Addr), "port = "+portOf(stall.ln.Addr().String()), 1)
	os.WriteFile(cfgPath, []byte(cfg), 0o600)
	if r := otklik(t, []string{adminPW}, "setup", "--config", cfgPath, "--user", "admin", "--data", mf.dir); r.code != 0 {
		t.Fatalf("setup: %d %s", r.code, r.stderr)
	}
	dir, _ := samples(t)
	raw, _ := os.ReadFile(filepath.Join(dir, "01-vk-doroga-kozhevnikovo-qp.eml"))
	mf.imap.Append("INBOX", raw, localTime(t, "2026-01-13T10:22"))
	syncOnce(t, mf.dir)
	if r := otklik(t, []string{coordPW}, "escalate", "4512937", "--user", "koordinator", "--data", mf.dir); r.code != 0 {
		t.Fatalf("escalate: %d %s", r.code, r.stderr)
	}
	cmd := exec.Command(bin, "sync", "--once", "--user", "koordinator", "--data", mf.dir)
	cmd.Env = append(os.Environ(), "LANGUAGE=ru", coordPW)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stall.dataDone:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the message never reached DATA")
	}
	cmd.Process.Kill() // kill -9 while the server's answer is pending
	cmd.Wait()
	stall.stall.Store(false)

	var c struct {
		Outbox []struct {
			Kind, State string
		} `json:"outbox"`
	}
	r := otklik(t, []string{coordPW}, "case", "4512937", "--json", "--user", "koordinator", "--data", mf.dir)
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
		t.Fatal(err, r.stdout, r.stderr)
	}
	if len(c.Outbox) != 1 || c.Outbox[0].State != "uncertain" {
		t.Fatalf("after the crash: %+v", c.Outbox)
	}
	syncOnce(t, mf.dir)
	if n := stall.received.Load(); n != 0 {
		t.Fatalf("the uncertain e-mail was re-sent by itself (%d)", n)
	}
}

func portOf(addr string) string { return addr[strings.LastIndex(addr, ":")+1:] }
