package screening

import (
	"strings"
	"unicode/utf8"
)

// wordSet is a list of normalised word forms written compactly: "урод" is one exact form, "дармоед*" is a stem
// that takes any ending, and "!идиотск*" excludes what it matches even when another entry would take it.
// Stems are bucketed by their first letter so a lookup costs a handful of prefix comparisons, not the whole list.
type wordSet struct {
	exact    map[string]bool
	stems    map[rune][]string
	excluded map[rune][]string
}

func newWordSet(entries ...string) wordSet {
	s := wordSet{exact: map[string]bool{}, stems: map[rune][]string{}, excluded: map[rune][]string{}}
	for _, e := range entries {
		exclude := strings.HasPrefix(e, "!")
		e = strings.TrimPrefix(e, "!")
		if e == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(e)
		switch {
		case exclude:
			s.excluded[first] = append(s.excluded[first], strings.TrimSuffix(e, "*"))
		case strings.HasSuffix(e, "*"):
			s.stems[first] = append(s.stems[first], strings.TrimSuffix(e, "*"))
		default:
			s.exact[e] = true
		}
	}
	return s
}

// has reports whether the normalised word w is in the set.
func (s wordSet) has(w string) bool {
	if w == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(w)
	for _, x := range s.excluded[first] {
		if strings.HasPrefix(w, x) {
			return false
		}
	}
	if s.exact[w] {
		return true
	}
	for _, stem := range s.stems[first] {
		if strings.HasPrefix(w, stem) {
			return true
		}
	}
	return false
}
