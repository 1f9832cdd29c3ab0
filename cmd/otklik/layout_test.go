package main

import (
	"os/exec"
	"strings"
	"testing"
)

// ARCHITECTURE.md: domain stays pure; only mailbridge speaks mail; only storage touches bbolt. A wrong import
// fails here, so it fails CI.
func TestImportRules(t *testing.T) {
	rules := []struct {
		pkgs      string
		forbidden []string
	}{
		{"otklik/domain/...", []string{"fyne.io/", "go.etcd.io/bbolt", "github.com/emersion/", "github.com/wneessen/"}},
		{"otklik/ui/...", []string{"github.com/emersion/", "github.com/wneessen/", "go.etcd.io/bbolt"}},
		{"otklik/storage/...", []string{"github.com/emersion/", "github.com/wneessen/", "fyne.io/"}},
		{"otklik/settings/...", []string{"github.com/emersion/", "github.com/wneessen/", "fyne.io/", "go.etcd.io/bbolt"}},
		{"otklik/mailbridge/...", []string{"fyne.io/", "go.etcd.io/bbolt"}},
		{"otklik/deskconfig/...", []string{"github.com/emersion/", "github.com/wneessen/", "fyne.io/", "go.etcd.io/bbolt"}},
		// errtext serves the window and the command alike: the standard library only.
		{"otklik/errtext/...", []string{"github.com/", "fyne.io/", "go.etcd.io/", "otklik/domain", "otklik/storage"}},
	}
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", r.pkgs).CombinedOutput()
		if err != nil {
			if strings.Contains(string(out), "matched no packages") {
				continue
			}
			t.Fatalf("go list %s: %v\n%s", r.pkgs, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range r.forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s imports %s", r.pkgs, dep)
				}
			}
		}
	}
}

// The rule above must be able to fail: the command package itself does import bbolt and Fyne.
func TestImportRulesSeeImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "otklik/cmd/otklik").CombinedOutput()
	if err != nil {
		t.Fatal(err, string(out))
	}
	for _, want := range []string{"go.etcd.io/bbolt", "fyne.io/fyne/v2"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("go list -deps does not show %s: the import rule test would be blind", want)
		}
	}
}
