package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"
)

// One owner per data folder (CLI.md): the process that opened the bbolt file listens on a control socket in the
// folder (0600) and runs the one-shot verbs of other processes with the same rules.

const ownerTimeout = 2 * time.Second

// request is a verb forwarded to the owner. Files named in it are made absolute by the sender.
type request struct {
	Args []string          `json:"args"`
	Env  map[string]string `json:"env"`
	// Token proves, where the control channel is a loopback TCP port (Windows), that the sender could read the
	// owner's file in the data folder; a Unix socket's 0600 mode does that by itself.
	Token string `json:"token,omitempty"`
}

// response is what the owner printed and the exit code.
type response struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	Code   int    `json:"code"`
	Owner  string `json:"owner"`
}

// ownerInfo describes the owning process in exit-4 messages.
type ownerInfo struct {
	PID     int       `json:"pid"`
	Role    string    `json:"role"` // окно | синхронизация | команда
	Started time.Time `json:"started"`
}

func (o ownerInfo) String() string {
	return fmt.Sprintf("%s (процесс %d, с %s)", o.Role, o.PID, o.Started.Format("02.01.2006 15:04"))
}

// socketPath is the control socket of dir; a long path (Unix sockets allow ~100 bytes) moves to the temp dir
// under a name derived from the folder.
func socketPath(dir string) string {
	abs, _ := filepath.Abs(dir)
	p := filepath.Join(abs, "otklik.sock")
	if len(p) < 100 {
		return p
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(os.TempDir(), "otklik-"+hex.EncodeToString(sum[:8])+".sock")
}

// forward sends req to the owner of dir. ok is false when nobody listens.
func forward(dir string, req request) (resp response, ok bool, err error) {
	conn, token, err := dialControl(dir)
	if err != nil {
		return resp, false, nil
	}
	req.Token = token
	defer conn.Close()
	// The owner answers a hello at once; the verb itself may take longer (a sync round, a backup).
	conn.SetDeadline(time.Now().Add(ownerTimeout))
	enc := json.NewEncoder(conn)
	dec := json.NewDecoder(bufio.NewReader(conn))
	if err := enc.Encode(req); err != nil {
		return resp, true, err
	}
	var hello response
	if err := dec.Decode(&hello); err != nil {
		return resp, true, fmt.Errorf("владелец папки данных не отвечает: %w", err)
	}
	if hello.Code == -1 && len(req.Args) == 0 {
		return hello, true, nil
	}
	conn.SetDeadline(time.Now().Add(30 * time.Minute))
	if err := dec.Decode(&resp); err != nil {
		return resp, true, fmt.Errorf("владелец папки данных оборвал связь: %w", err)
	}
	resp.Owner = hello.Owner
	return resp, true, nil
}

// askOwner only asks who owns dir (an empty request).
func askOwner(dir string) (string, bool) {
	resp, ok, err := forward(dir, request{})
	if !ok || err != nil {
		return "", ok
	}
	return resp.Owner, true
}

// serve answers forwarded verbs until ctx ends. run executes one verb with its own output buffers.
func serve(ctx context.Context, dir string, info ownerInfo, run func(req request) response) (func(), error) {
	ln, token, cleanup, err := listenControl(dir)
	if err != nil {
		return nil, err
	}
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				continue
			}
			go handle(conn, info, token, run)
		}
	}()
	return func() { ln.Close(); cleanup() }, nil
}

func handle(conn net.Conn, info ownerInfo, token string, run func(req request) response) {
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(ownerTimeout))
	var req request
	if err := json.NewDecoder(bufio.NewReader(conn)).Decode(&req); err != nil || req.Token != token {
		return
	}
	enc := json.NewEncoder(conn)
	if err := enc.Encode(response{Code: -1, Owner: info.String()}); err != nil || len(req.Args) == 0 {
		return
	}
	conn.SetReadDeadline(time.Time{})
	_ = enc.Encode(run(req))
}
