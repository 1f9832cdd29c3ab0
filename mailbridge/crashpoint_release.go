//go:build !testclock

package mailbridge

// crashpoint is a no-op in release builds: OTKLIK_CRASH_AT is honoured only with the testclock tag.
func crashpoint(string) {}
