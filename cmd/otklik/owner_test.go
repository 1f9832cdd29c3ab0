package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// CLI.md "One owner per data folder": while `otklik sync` runs, one-shot verbs are answered through it and a
// second long-running sync exits 4 within 2 seconds, naming the owner.
func TestOwnerServesOtherVerbs(t *testing.T) {
	dir, _ := setupFolder(t)
	owner := exec.Command(bin, "sync", "--user", "koordinator", "--data", dir)
	owner.Env = append(os.Environ(), "LANGUAGE=ru", coordPW)
	var ownerErr bytes.Buffer
	owner.Stderr = &ownerErr
	if err := owner.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		owner.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- owner.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			owner.Process.Kill()
			t.Error("sync did not stop on interrupt")
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(socketPath(dir)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("owner never listened: %s", ownerErr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	r := otklik(t, []string{coordPW}, "cases", "--json", "--user", "koordinator", "--data", dir)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("cases through the owner: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = otklik(t, []string{coordPW}, "sync", "--user", "koordinator", "--data", dir)
	if r.code != 4 || r.took > 2*time.Second || !strings.Contains(r.stderr, "синхронизация") {
		t.Fatalf("second sync: exit %d after %v: %q", r.code, r.took, r.stderr)
	}
	r = otklik(t, nil, "--data", dir)
	if r.code != 4 || r.took > 2*time.Second {
		t.Fatalf("second window: exit %d after %v: %q", r.code, r.took, r.stderr)
	}
	// Refusals travel back with their exit code.
	r = otklik(t, []string{"OTKLIK_PASSWORD=Kozh-2026-ab!Admin"}, "dispatch", "1", "--to", "zam-zhkh", "--user", "admin", "--data", dir)
	if r.code != 3 {
		t.Fatalf("refusal through the owner: %d %q", r.code, r.stderr)
	}
	r = otklik(t, nil, "check", "--data", dir)
	if r.code != 0 {
		t.Fatalf("check through the owner: %d %q", r.code, r.stderr)
	}
}
