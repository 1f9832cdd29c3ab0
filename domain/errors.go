package domain

import (
	"errors"
	"fmt"
)

// ErrNotFound is returned by the store for a missing record.
var ErrNotFound = errors.New("not found")

// ErrStopScan, returned by a visiting function, ends an index visit early without an error.
var ErrStopScan = errors.New("stop the scan")

// RefusedError is a refusal by a rule: wrong role, wrong state, locked account (CLI exit code 3).
// Message is in Russian, for the user.
type RefusedError struct{ Message string }

func (e *RefusedError) Error() string { return e.Message }

func refused(format string, args ...any) error {
	return &RefusedError{Message: fmt.Sprintf(format, args...)}
}

// IsRefused reports whether err is a refusal by a rule.
func IsRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}

// UserError is a failure to be shown as is (CLI exit code 1): an unknown case, a missing file. BadRequest marks a
// request that names a value outside its list or leaves out a part it needs (a reason that is not one of the
// regulation's, no executors): the CLI answers it like a wrong invocation (exit code 2).
type UserError struct {
	Message    string
	BadRequest bool
}

func (e *UserError) Error() string { return e.Message }

func userErr(format string, args ...any) error {
	return &UserError{Message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return &UserError{Message: fmt.Sprintf(format, args...), BadRequest: true}
}

// IsBadRequest reports whether err is a request outside what the verb takes (see UserError).
func IsBadRequest(err error) bool {
	var u *UserError
	return errors.As(err, &u) && u.BadRequest
}
