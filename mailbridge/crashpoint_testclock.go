//go:build testclock

package mailbridge

import (
	"os"
	"sync"
)

var crash struct {
	once sync.Once
	spec crashSpec
	mu   sync.Mutex
	hits map[string]int
}

// crashpoint kills the process without any cleanup (SIGKILL: no deferred call, no flush, no bbolt close) when
// OTKLIK_CRASH_AT names label and this is the hit it asks for.
func crashpoint(label string) {
	crash.once.Do(func() {
		crash.spec = parseCrashSpec(os.Getenv(crashEnv))
		crash.hits = map[string]int{}
	})
	if crash.spec.label != label {
		return
	}
	crash.mu.Lock()
	crash.hits[label]++
	hit := crash.hits[label]
	crash.mu.Unlock()
	if crash.spec.fires(label, hit) {
		killSelf()
	}
}
