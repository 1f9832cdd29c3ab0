package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// The Windows control channel (loopback TCP and a token in the data folder) serves forwarded verbs and refuses a
// sender without the token; proven here on Linux by switching it on.
func TestTCPControlChannel(t *testing.T) {
	tcpControl = true
	defer func() { tcpControl = false }()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	info := ownerInfo{PID: os.Getpid(), Role: "окно Отклика", Started: time.Now()}
	stop, err := serve(ctx, dir, info, func(req request) response {
		return response{Stdout: strings.Join(req.Args, " "), Code: 0}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	resp, ok, err := forward(dir, request{Args: []string{"cases", "--json"}})
	if !ok || err != nil || resp.Stdout != "cases --json" || !strings.Contains(resp.Owner, "окно") {
		t.Fatalf("forward: %+v %v %v", resp, ok, err)
	}
	b, _ := os.ReadFile(socketPath(dir))
	fields := strings.Fields(string(b))
	os.WriteFile(socketPath(dir), []byte("tcp "+fields[1]+" wrong-token\n"), 0o600)
	if _, ok, err := forward(dir, request{Args: []string{"cases"}}); ok && err == nil {
		t.Fatal("a sender without the token was served")
	}
}
