package main

import (
	"fmt"
	"strings"
)

// args are a verb's flags and positional arguments; flags may stand before or after positionals (CLI.md).
type args struct {
	pos   []string
	flags map[string][]string
}

// boolFlags take no value.
var boolFlags = map[string]bool{"json": true, "once": true, "sequential": true, "keep": true, "attach-draft-files": true,
	"help": true, "h": true, "send": true}

func parseArgs(in []string) (args, error) {
	a := args{flags: map[string][]string{}}
	for i := 0; i < len(in); i++ {
		s := in[i]
		if s == "--" {
			a.pos = append(a.pos, in[i+1:]...)
			break
		}
		if !strings.HasPrefix(s, "-") || s == "-" {
			a.pos = append(a.pos, s)
			continue
		}
		name := strings.TrimLeft(s, "-")
		value, hasValue := "", false
		if k, v, ok := strings.Cut(name, "="); ok {
			name, value, hasValue = k, v, true
		}
		if boolFlags[name] {
			if !hasValue {
				value = "true"
			}
			a.flags[name] = append(a.flags[name], value)
			continue
		}
		if !hasValue {
			if i+1 >= len(in) {
				return a, fmt.Errorf("флаг --%s требует значения", name)
			}
			i++
			value = in[i]
		}
		a.flags[name] = append(a.flags[name], value)
	}
	return a, nil
}

func (a args) str(name string) string {
	if v := a.flags[name]; len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

func (a args) all(name string) []string { return a.flags[name] }

func (a args) bool(name string) bool {
	v := a.str(name)
	return v == "true" || v == "1" || v == "yes"
}

func (a args) has(name string) bool { _, ok := a.flags[name]; return ok }

// only checks that no unknown flag was given.
func (a args) only(allowed ...string) error {
	ok := map[string]bool{"data": true, "user": true, "json": true}
	for _, n := range allowed {
		ok[n] = true
	}
	for n := range a.flags {
		if !ok[n] {
			return fmt.Errorf("неизвестный флаг --%s", n)
		}
	}
	return nil
}
