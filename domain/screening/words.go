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
	stems    buckets
	excluded buckets
}

// buckets holds strings by first letter: an array slot for а…я, a map for anything else.
type buckets struct {
	cyrillic [32][]string
	other    map[rune][]string
}

func (b *buckets) add(s string) {
	first, _ := utf8.DecodeRuneInString(s)
	if first >= 'а' && first <= 'я' {
		b.cyrillic[first-'а'] = append(b.cyrillic[first-'а'], s)
		return
	}
	if b.other == nil {
		b.other = map[rune][]string{}
	}
	b.other[first] = append(b.other[first], s)
}

func (b *buckets) get(first rune) []string {
	if first >= 'а' && first <= 'я' {
		return b.cyrillic[first-'а']
	}
	return b.other[first]
}

func (b *buckets) hasPrefixOf(w string, first rune) bool {
	for _, x := range b.get(first) {
		if strings.HasPrefix(w, x) {
			return true
		}
	}
	return false
}

func newWordSet(entries ...string) wordSet {
	s := wordSet{exact: map[string]bool{}}
	for _, e := range entries {
		exclude := strings.HasPrefix(e, "!")
		e = strings.TrimPrefix(e, "!")
		switch {
		case e == "":
		case exclude:
			s.excluded.add(strings.TrimSuffix(e, "*"))
		case strings.HasSuffix(e, "*"):
			s.stems.add(strings.TrimSuffix(e, "*"))
		default:
			s.exact[e] = true
		}
	}
	return s
}

// hasStems reports whether the set has any stem (and so cannot be indexed by exact words).
func (s wordSet) hasStems() bool {
	for _, b := range s.stems.cyrillic {
		if len(b) > 0 {
			return true
		}
	}
	return len(s.stems.other) > 0
}

// empty reports whether the set was never given an entry (a rule without guards).
func (s wordSet) empty() bool { return s.exact == nil }

// has reports whether the normalised word w is in the set.
func (s wordSet) has(w string) bool {
	if w == "" || s.exact == nil {
		return false
	}
	first, _ := utf8.DecodeRuneInString(w)
	if s.excluded.hasPrefixOf(w, first) {
		return false
	}
	return s.exact[w] || s.stems.hasPrefixOf(w, first)
}

// unionOf is a quick pre-filter: a word outside it is in none of the sets. Exclusions are dropped, so a word
// inside it still has to be checked against the set that matters.
func unionOf(sets ...wordSet) wordSet {
	u := wordSet{exact: map[string]bool{}}
	for _, s := range sets {
		for w := range s.exact {
			u.exact[w] = true
		}
		for _, bucket := range s.stems.cyrillic {
			for _, x := range bucket {
				u.stems.add(x)
			}
		}
		for _, bucket := range s.stems.other {
			for _, x := range bucket {
				u.stems.add(x)
			}
		}
	}
	return u
}
