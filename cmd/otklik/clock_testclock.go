//go:build testclock

package main

import (
	"os"
	"sync"
	"time"
)

var (
	clockOnce   sync.Once
	clockOffset time.Duration
)

// now honours OTKLIK_NOW in testclock builds: the given instant at start, then running on from it, so countdowns
// and retries still move.
func now() time.Time {
	clockOnce.Do(func() {
		if v := os.Getenv("OTKLIK_NOW"); v != "" {
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				clockOffset = time.Until(t)
			}
		}
	})
	return time.Now().Add(clockOffset)
}
