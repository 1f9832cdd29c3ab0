package parse

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// keyedRe is a regular expression together with the literal fragments ("keys") of which every match holds at
// least one, read off the pattern itself. Intake runs these patterns on every line of every notice, most lines
// hold none of the keys, and a substring search costs a small fraction of a case-insensitive match, which
// folds every rune at every start position (the intake profile: half of Read and a third of Notice). A text
// without a key is answered at once exactly as the pattern would answer it: no match.
//
// The methods the parser uses are wrapped; any other method of the embedded Regexp still works, unfiltered.
type keyedRe struct {
	*regexp.Regexp
	keys []string // case-folded (foldString); nil when no key is known, and the pattern always runs
	// probes holds, for each key, every case form of its last rune, where may starts comparing.
	probes [][]rune
}

// keyedPatterns lists every keyedRe of the package, so a test can hold each against its plain pattern.
var keyedPatterns []keyedRe

func mustKeyed(pattern string) keyedRe {
	k := keyedRe{Regexp: regexp.MustCompile(pattern)}
	if tree, err := syntax.Parse(pattern, syntax.Perl); err == nil {
		k.keys = requiredLiterals(tree.Simplify())
		for _, key := range k.keys {
			if key == "" {
				k.keys, k.probes = nil, nil
				break
			}
			last, _ := utf8.DecodeLastRuneInString(key)
			orbit := []rune{last}
			for f := unicode.SimpleFold(last); f != last; f = unicode.SimpleFold(f) {
				orbit = append(orbit, f)
			}
			k.probes = append(k.probes, orbit)
		}
	}
	keyedPatterns = append(keyedPatterns, k)
	return k
}

// may tells whether s can match at all: false only when s holds none of the keys. It looks for each key's last
// rune (in any case) and compares the key backwards from there, folding rune by rune: no copy of s is made.
func (k keyedRe) may(s string) bool {
	if k.keys == nil {
		return true
	}
	for i, key := range k.keys {
		for _, probe := range k.probes[i] {
			for from := 0; from < len(s); {
				at := strings.IndexRune(s[from:], probe)
				if at < 0 {
					break
				}
				end := from + at + utf8.RuneLen(probe)
				if endsWithFolded(s[:end], key) {
					return true
				}
				from = end
			}
		}
	}
	return false
}

// endsWithFolded tells whether s ends with a string that folds to key (key is folded already).
func endsWithFolded(s, key string) bool {
	for key != "" {
		if s == "" {
			return false
		}
		kr, ks := utf8.DecodeLastRuneInString(key)
		sr, ss := utf8.DecodeLastRuneInString(s)
		if sr < utf8.RuneSelf && 'a' <= sr && sr <= 'z' {
			sr -= 'a' - 'A'
		} else if sr >= utf8.RuneSelf {
			sr = foldRune(sr)
		}
		if sr != kr {
			return false
		}
		key, s = key[:len(key)-ks], s[:len(s)-ss]
	}
	return true
}

func (k keyedRe) MatchString(s string) bool { return k.may(s) && k.Regexp.MatchString(s) }

func (k keyedRe) FindString(s string) string {
	if !k.may(s) {
		return ""
	}
	return k.Regexp.FindString(s)
}

func (k keyedRe) FindStringIndex(s string) []int {
	if !k.may(s) {
		return nil
	}
	return k.Regexp.FindStringIndex(s)
}

func (k keyedRe) FindStringSubmatch(s string) []string {
	if !k.may(s) {
		return nil
	}
	return k.Regexp.FindStringSubmatch(s)
}

func (k keyedRe) FindStringSubmatchIndex(s string) []int {
	if !k.may(s) {
		return nil
	}
	return k.Regexp.FindStringSubmatchIndex(s)
}

func (k keyedRe) FindAllString(s string, n int) []string {
	if !k.may(s) {
		return nil
	}
	return k.Regexp.FindAllString(s, n)
}

func (k keyedRe) FindAllStringIndex(s string, n int) [][]int {
	if !k.may(s) {
		return nil
	}
	return k.Regexp.FindAllStringIndex(s, n)
}

func (k keyedRe) FindAllStringSubmatch(s string, n int) [][]string {
	if !k.may(s) {
		return nil
	}
	return k.Regexp.FindAllStringSubmatch(s, n)
}

func (k keyedRe) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !k.may(s) {
		return nil
	}
	return k.Regexp.FindAllStringSubmatchIndex(s, n)
}

func (k keyedRe) ReplaceAllString(s, repl string) string {
	if !k.may(s) {
		return s
	}
	return k.Regexp.ReplaceAllString(s, repl)
}

func (k keyedRe) Split(s string, n int) []string {
	if !k.may(s) {
		if n == 0 {
			return nil
		}
		return []string{s}
	}
	return k.Regexp.Split(s, n)
}

// requiredLiterals returns folded strings of which every match of re contains one, or nil when the pattern
// promises none (it may match without any literal text).
func requiredLiterals(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{foldString(string(re.Rune))}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			keys := requiredLiterals(sub)
			if keys == nil {
				return nil
			}
			out = append(out, keys...)
		}
		return out
	case syntax.OpConcat:
		// Every part of a concatenation is in every match: the part whose shortest key is longest filters best.
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			keys := requiredLiterals(sub)
			if keys == nil {
				continue
			}
			shortest := len(keys[0])
			for _, key := range keys[1:] {
				shortest = min(shortest, len(key))
			}
			if shortest > bestLen {
				best, bestLen = keys, shortest
			}
		}
		return best
	}
	return nil
}

// foldString maps every rune of s to one representative of its case-folding orbit (the orbit's smallest rune,
// as unicode.SimpleFold walks it), so that two strings a (?i) literal matches alike fold to the same string.
func foldString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	switch {
	case r >= 'А' && r <= 'Я', r >= 'Ѐ' && r <= 'Џ':
		return r
	case r >= 'а' && r <= 'я':
		return r - ('а' - 'А')
	case r >= 'ѐ' && r <= 'џ':
		return r - ('ѐ' - 'Ѐ')
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}
