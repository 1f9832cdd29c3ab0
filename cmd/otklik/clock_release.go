//go:build !testclock

package main

import "time"

// now is the wall clock; release builds ignore OTKLIK_NOW (CLI.md).
func now() time.Time { return time.Now() }
