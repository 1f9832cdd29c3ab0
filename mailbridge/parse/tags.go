package parse

import (
	"strings"
	"unicode"
)

// Mail clients and executors retype case tags: «[ОТК-2026-0042]», «OTK-2026-0042», «отк 2026-0042», and mix
// Latin and Cyrillic look-alike letters. Tags are compared on a skeleton where look-alikes coincide.

var lookalikes = map[rune]rune{
	'А': 'A', 'В': 'B', 'Е': 'E', 'Ё': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T',
	'Х': 'X', 'У': 'Y', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J',
}

func skeleton(r rune) rune {
	r = unicode.ToUpper(r)
	if l, ok := lookalikes[r]; ok {
		return l
	}
	return r
}

func isTagSeparator(r rune) bool {
	return r == '-' || r == '–' || r == '—' || r == '_' || r == ' ' || r == '/' || r == '.'
}

// TagsInSubject finds case tags in a subject and returns them in the canonical form prefix-YYYY-NNNN (digits as
// written), in order of appearance, without duplicates. latinPrefix is the Latin alias of prefix (e.g. "OTK" for
// "ОТК"); either may be empty.
func TagsInSubject(subject, prefix, latinPrefix string) []string {
	canon := prefix
	if canon == "" {
		canon = latinPrefix
	}
	var pats [][]rune
	for _, p := range []string{prefix, latinPrefix} {
		if p = strings.TrimSpace(p); p != "" {
			var sk []rune
			for _, r := range p {
				sk = append(sk, skeleton(r))
			}
			pats = append(pats, sk)
		}
	}
	if len(pats) == 0 {
		return nil
	}
	s := []rune(subject)
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(s); i++ {
		if i > 0 && (unicode.IsLetter(s[i-1]) || unicode.IsDigit(s[i-1])) {
			continue
		}
		for _, p := range pats {
			tag, ok := matchTag(s, i, p)
			if !ok {
				continue
			}
			full := canon + "-" + tag
			if !seen[full] {
				seen[full] = true
				out = append(out, full)
			}
			break
		}
	}
	return out
}

// matchTag matches p, an optional separator, a four-digit year, a separator and a number at s[i:].
func matchTag(s []rune, i int, p []rune) (string, bool) {
	j := i
	for _, pr := range p {
		if j >= len(s) || skeleton(s[j]) != pr {
			return "", false
		}
		j++
	}
	if j < len(s) && isTagSeparator(s[j]) {
		j++
	}
	year := j
	for j < len(s) && j-year < 4 && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j-year != 4 {
		return "", false
	}
	y := string(s[year:j])
	if j >= len(s) || !isTagSeparator(s[j]) {
		return "", false
	}
	j++
	num := j
	for j < len(s) && s[j] >= '0' && s[j] <= '9' && j-num < 8 {
		j++
	}
	if j == num || j < len(s) && (unicode.IsDigit(s[j]) || unicode.IsLetter(s[j])) {
		return "", false
	}
	return y + "-" + string(s[num:j]), true
}
