package mailbridge

import (
	"strconv"
	"strings"
)

// Crash points mark the steps of intake and sending where a process may die (power cut, kill -9, OOM): the kill
// matrix (cmd/otklik/proof_kill_test.go) kills the real binary at each of them and proves that nothing is lost
// and nothing is sent twice unnoticed. In release builds crashpoint does nothing (crashpoint_release.go); in builds
// with the testclock tag it kills the process when OTKLIK_CRASH_AT names the step (crashpoint_testclock.go).
//
// The labels, in the order a sync round passes them:
//
//	intake:after-fetch   a batch's bodies are in memory, nothing of it committed
//	intake:after-commit  the batch and the mailbox position are committed, nothing marked on the server
//	intake:before-mark   just before the batch is marked (keyword or move) on the server
//	intake:after-mark    the batch is marked on the server
//	outbox:after-claim   a claim is "sending" in the store, no SMTP connection yet
//	outbox:before-data   the claim's e-mails are composed, the SMTP transaction is about to start
//	outbox:after-data    the server accepted one e-mail, its outcome is not yet recorded
//	outbox:after-done    the outcome of one e-mail is recorded
const crashEnv = "OTKLIK_CRASH_AT"

// crashSpec is a parsed OTKLIK_CRASH_AT: "label" fires at the label's first hit, "label:N" at its N-th.
type crashSpec struct {
	label string
	nth   int
}

// parseCrashSpec reads OTKLIK_CRASH_AT; an empty or malformed value never fires. A label may itself contain
// colons ("intake:after-fetch"), so only a numeric last field is taken as N.
func parseCrashSpec(v string) crashSpec {
	v = strings.TrimSpace(v)
	if v == "" {
		return crashSpec{}
	}
	if i := strings.LastIndexByte(v, ':'); i > 0 {
		if n, err := strconv.Atoi(v[i+1:]); err == nil {
			if n < 1 {
				return crashSpec{}
			}
			return crashSpec{label: v[:i], nth: n}
		}
	}
	return crashSpec{label: v, nth: 1}
}

// fires reports whether the hit-th passage (1-based) of label is the one to die at.
func (s crashSpec) fires(label string, hit int) bool {
	return s.label != "" && s.label == label && s.nth == hit
}
