package settings

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem of a settings file.
type Error struct {
	File    string // the file's path when it was read by Load, else ""
	Key     string // dotted TOML key (`mailbox.port`), "" when the problem is not about one key
	Line    int    // from 1; 0 when the key is absent from the file
	Message string // complete Russian sentence that names the key itself
	cause   error  // what the file system said, for a file that could not be read
}

func (e *Error) Unwrap() error { return e.cause }

func (e *Error) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	case e.File != "":
		return e.File + ": " + e.Message
	case e.Line > 0:
		return fmt.Sprintf("строка %d: %s", e.Line, e.Message)
	default:
		return e.Message
	}
}

// Errors are all the problems of one file, in line order (problems with no line come last).
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es Errors) sort() {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Line, es[j].Line
		if a == 0 || b == 0 {
			return a != 0 && b == 0
		}
		return a < b
	})
}
