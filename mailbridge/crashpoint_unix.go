//go:build testclock && unix

package mailbridge

import (
	"os"
	"syscall"
	"time"
)

// killSelf sends SIGKILL to this process: what a power cut or the OOM killer does, as far as a process can see.
func killSelf() {
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	// Delivery is asynchronous: never run on past the crash point.
	for {
		time.Sleep(time.Hour)
	}
}
