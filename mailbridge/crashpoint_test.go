package mailbridge

import "testing"

// The kill matrix names steps as OTKLIK_CRASH_AT=label or label:N; a label contains colons itself.
func TestParseCrashSpec(t *testing.T) {
	tests := []struct {
		env   string
		label string
		hit   int
		fires bool
	}{
		{"intake:after-fetch", "intake:after-fetch", 1, true},
		{"intake:after-fetch", "intake:after-fetch", 2, false},
		{"intake:after-fetch", "intake:after-commit", 1, false},
		{"outbox:after-data:3", "outbox:after-data", 3, true},
		{"outbox:after-data:3", "outbox:after-data", 1, false},
		{"outbox:after-data:0", "outbox:after-data", 1, false},
		{"outbox:after-data:-1", "outbox:after-data", 1, false},
		{" outbox:after-done ", "outbox:after-done", 1, true},
		{"", "intake:after-fetch", 1, false},
		{":2", "", 2, false},
	}
	for _, tt := range tests {
		if got := parseCrashSpec(tt.env).fires(tt.label, tt.hit); got != tt.fires {
			t.Errorf("OTKLIK_CRASH_AT=%q, %s hit %d: fires=%v, want %v", tt.env, tt.label, tt.hit, got, tt.fires)
		}
	}
}
