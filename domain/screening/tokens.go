package screening

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// wild stands for one masked letter in a normalised form («х*й», «бл@дь», «п_здец»).
const wild = '*'

// token is one word of the text after normalisation.
type token struct {
	text       string   // main normalised form: lower case, ё→е, look-alikes mapped, masks as wild
	main       []rune   // text as runes, the first form matched against the obscene roots
	more       [][]rune // other forms: the phonetic reading of Latin letters, squeezed repeats (rarely any)
	latin      string   // the lower-case word when it is written in Latin only (for transliterated swearing)
	start, end int      // byte offsets of the word as written
	sentence   int
	real       int  // letters that are not masked
	masked     bool // has a wild
	quoted     bool // inside «…» or "…"
	textFrom   int  // text's place in the tokenizer's shared buffer until it is turned into a string
	textTo     int
	standalone bool // punctuation or the text's edge on both sides: an address («Ты, скотина, …»)
}

// formCount and form give the token's forms: the main one, the phonetic reading of its Latin letters and the
// squeezed ones.
func (t *token) formCount() int { return 1 + len(t.more) }

func (t *token) form(k int) []rune {
	if k == 0 {
		return t.main
	}
	return t.more[k-1]
}

// Latin letters and digits that writers put in place of Cyrillic ones. The visual map follows what the letter
// looks like (x→х, y→у, p→р); the phonetic one what it sounds like (p→п, b→б, h→х): «xyй» needs the first,
// «bлядь» or «nahуй» the second.
var (
	visualLookalike = map[rune]rune{
		'a': 'а', 'b': 'в', 'c': 'с', 'e': 'е', 'h': 'н', 'k': 'к', 'm': 'м', 'o': 'о', 'p': 'р', 't': 'т',
		'x': 'х', 'y': 'у', 'u': 'и', 'n': 'п', 'r': 'г', 'i': 'и', 'd': 'д', 'l': 'л', 's': 'с', 'z': 'з',
		'g': 'г', 'f': 'ф', 'v': 'в', 'w': 'ш', 'j': 'й',
		'3': 'з', '0': 'о', '6': 'б', '4': 'ч',
	}
	phoneticLookalike = map[rune]rune{
		'a': 'а', 'b': 'б', 'c': 'с', 'e': 'е', 'h': 'х', 'k': 'к', 'm': 'м', 'o': 'о', 'p': 'п', 't': 'т',
		'x': 'х', 'y': 'у', 'u': 'у', 'n': 'н', 'r': 'р', 'i': 'и', 'd': 'д', 'l': 'л', 's': 'с', 'z': 'з',
		'g': 'г', 'f': 'ф', 'v': 'в', 'w': 'в', 'j': 'й',
		'3': 'з', '0': 'о', '6': 'б', '4': 'ч',
	}
	// A word in Latin only is read as Cyrillic when every letter could be a Cyrillic one («CYKA»); «taxi» or a
	// link stays Latin.
	pureLatinLookalike = "abcehkmoptxy"
)

func isMask(r rune) bool { return r == '*' || r == '#' || r == '_' || r == '@' }

func isJoiner(r rune) bool { return r == '.' || r == '-' }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// ignorable runes sit inside a word without being part of it: soft hyphens, zero-width spaces, stress marks.
func ignorable(r rune) bool {
	if r < 0x300 {
		return r == '\u00ad'
	}
	if isCyrillic(r) {
		return r >= 0x0483 && r <= 0x0487
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r)
}

func isWordRune(r rune) bool {
	switch {
	case isCyrillic(r) || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9':
		return true
	case r < utf8.RuneSelf:
		return isMask(r) || r == '$' || isJoiner(r) || r == '\''
	}
	return isLetter(r) || unicode.IsDigit(r) || isApostrophe(r) || ignorable(r)
}

// isLetter is unicode.IsLetter with the common cases first.
func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	if isCyrillic(r) {
		return r != 0x0482 && !(r >= 0x0483 && r <= 0x0489)
	}
	return unicode.IsLetter(r)
}

func isVowel(r rune) bool {
	return strings.ContainsRune("аеёиоуыэюяaeiouy", unicode.ToLower(r))
}

func isCyrillic(r rune) bool { return r >= 0x0400 && r <= 0x04ff }

// lower is unicode.ToLower with the Russian and ASCII letters first.
func lower(r rune) rune {
	switch {
	case r >= 'А' && r <= 'Я':
		return r + ('а' - 'А')
	case r == 'Ё':
		return 'ё'
	case r >= 'а' && r <= 'я' || r < utf8.RuneSelf && !('A' <= r && r <= 'Z'):
		return r
	}
	return unicode.ToLower(r)
}

// decodeRune is utf8.DecodeRuneInString with ASCII and two-byte (Cyrillic) runes decoded inline.
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	} else if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	return utf8.DecodeRuneInString(s[i:])
}

// segRune is one rune of a word as written, with its byte offset.
type segRune struct {
	r    rune
	off  int
	size int
}

// tokenize splits the text into normalised words. Masks inside a word become wild letters; a dot or hyphen is a
// mask between letters that cannot stand alone («бл-дь», «х..й») and a separator between real words
// («кто-то», «ул.Ленина»); letters spelt one by one with dots or hyphens («б.л.я») are joined.
func tokenize(text string) []token {
	toks := make([]token, 0, strings.Count(text, " ")+strings.Count(text, "\n")+8) // about one per word
	// One backing array holds every token's main form and one buffer every token's text; a token keeps a capped
	// slice of the first and a substring of the second, instead of two allocations of its own.
	arena := make([]rune, 0, utf8.RuneCountInString(text)+1)
	textBuf := make([]byte, 0, len(text)+16)
	sentence := 0
	quoted := false
	var seg []segRune
	for i := 0; i < len(text); {
		r, size := decodeRune(text, i)
		if !isWordRune(r) || isJoiner(r) || isApostrophe(r) || r >= 0x300 && ignorable(r) {
			switch r {
			case '.', '!', '?', ';', '…', '\n':
				sentence++
			case '«', '„', '“':
				quoted = true
			case '»', '”':
				quoted = false
			case '"':
				quoted = !quoted
			}
			i += size
			continue
		}
		seg = seg[:0]
		j := i
		for j < len(text) {
			r2, size2 := decodeRune(text, j)
			if !isWordRune(r2) {
				break
			}
			seg = append(seg, segRune{r2, j, size2})
			j += size2
		}
		seg, endsSentence := trimSegment(seg)
		emit := func(piece []segRune) {
			if t, ok := makeToken(piece, &arena, &textBuf); ok {
				t.sentence = sentence
				t.quoted = quoted
				toks = append(toks, t)
			}
		}
		if hasJoiner(seg) {
			for _, piece := range splitSegment(seg) {
				emit(piece)
			}
		} else if len(seg) > 0 {
			emit(seg)
		}
		if endsSentence {
			sentence++
		}
		i = j
	}
	all := string(textBuf)
	for k := range toks {
		toks[k].text = all[toks[k].textFrom:toks[k].textTo]
	}
	markStandalone(text, toks)
	return toks
}

func hasJoiner(seg []segRune) bool {
	for _, s := range seg {
		if isJoiner(s.r) {
			return true
		}
	}
	return false
}

// trimSegment drops dots, hyphens and apostrophes at the word's edges (a trailing dot ends the sentence) and masks
// before the first letter. A single letter followed by two or more dots («какого х..») keeps them as masks.
func trimSegment(seg []segRune) ([]segRune, bool) {
	for len(seg) > 0 && (isJoiner(seg[0].r) || isApostrophe(seg[0].r) || (isMask(seg[0].r) && seg[0].r != '@') ||
		ignorable(seg[0].r)) {
		seg = seg[1:]
	}
	end := len(seg)
	for end > 0 && (isJoiner(seg[end-1].r) || isApostrophe(seg[end-1].r) || seg[end-1].r == '_') {
		end--
	}
	endsSentence := false
	for _, s := range seg[end:] {
		if s.r == '.' {
			endsSentence = true
		}
	}
	if end == 1 && unicode.IsLetter(seg[0].r) && len(seg) >= 3 && seg[1].r == '.' && seg[2].r == '.' {
		masked := 0
		for _, s := range seg[1:] {
			if s.r != '.' {
				break
			}
			masked++
		}
		return seg[:1+masked], false
	}
	return seg[:end], endsSentence
}

// splitSegment cuts a word at the dots and hyphens that separate real words and turns the others into masks.
func splitSegment(seg []segRune) [][]segRune {
	if len(seg) == 0 {
		return nil
	}
	type group struct{ from, to int } // seg[from:to] holds no joiner
	var groups []group
	for i := 0; i < len(seg); {
		j := i
		for j < len(seg) && !isJoiner(seg[j].r) {
			j++
		}
		groups = append(groups, group{i, j})
		for j < len(seg) && isJoiner(seg[j].r) {
			j++
		}
		i = j
	}
	if len(groups) == 1 && groups[0].to == len(seg) {
		return [][]segRune{seg}
	}
	// Letters spelt one by one: «х.у.й», «н-и-х-у-я».
	spelt := len(groups) >= 3
	for k, g := range groups {
		if g.to-g.from != 1 || !unicode.IsLetter(seg[g.from].r) {
			spelt = false
		}
		if k+1 < len(groups) && groups[k+1].from-g.to != 1 {
			spelt = false
		}
	}
	if spelt {
		joined := make([]segRune, 0, len(groups))
		for _, g := range groups {
			joined = append(joined, seg[g.from])
		}
		return [][]segRune{joined}
	}
	hasVowel := func(g group) bool {
		for _, s := range seg[g.from:g.to] {
			if isVowel(s.r) {
				return true
			}
		}
		return false
	}
	var pieces [][]segRune
	current := append([]segRune(nil), seg[groups[0].from:groups[0].to]...)
	for k := 1; k < len(groups); k++ {
		prev, next := groups[k-1], groups[k]
		gap := seg[prev.to:next.from]
		if len(gap) >= 2 || !hasVowel(prev) || !hasVowel(next) {
			for _, s := range gap {
				current = append(current, segRune{'*', s.off, s.size})
			}
			current = append(current, seg[next.from:next.to]...)
			continue
		}
		pieces = append(pieces, current)
		current = append([]segRune(nil), seg[next.from:next.to]...)
	}
	// A trailing run of dots kept by trimSegment belongs to the last piece.
	if last := groups[len(groups)-1]; last.to < len(seg) {
		for _, s := range seg[last.to:] {
			current = append(current, segRune{'*', s.off, s.size})
		}
	}
	return append(pieces, current)
}

// makeToken normalises one word; ok is false when it holds no letter.
func makeToken(piece []segRune, arena *[]rune, textBuf *[]byte) (token, bool) {
	var t token
	hasCyr, hasLatin, letters := false, false, 0
	allLookalike := true
	for _, s := range piece {
		switch {
		case isCyrillic(s.r):
			hasCyr = true
			letters++
		case s.r < utf8.RuneSelf && isLetter(s.r):
			hasLatin = true
			letters++
			if !strings.ContainsRune(pureLatinLookalike, unicode.ToLower(s.r)) {
				allLookalike = false
			}
		case isLetter(s.r):
			letters++
		}
	}
	if letters == 0 {
		return t, false
	}
	mapLatin := hasCyr || (hasLatin && allLookalike)
	t.start = piece[0].off
	last := piece[len(piece)-1]
	t.end = last.off + last.size

	from := len(*arena)
	visual := (*arena)[from:from]
	var phonetic []rune
	ambiguous := false
	var latin strings.Builder
	var prev rune
	for k, s := range piece {
		r := lower(s.r)
		switch {
		case r == '\u0306' && (prev == 'и'): // й written as и + combining breve
			visual[len(visual)-1] = 'й'
			if ambiguous {
				phonetic[len(phonetic)-1] = 'й'
			}
			prev = 'й'
			continue
		case ignorable(r):
			continue
		case r == '@' && (k == 0 || k == len(piece)-1):
			if !hasCyr {
				continue
			}
			r = 'а' // «@хуеть», «сук@»: an edge cannot be a masked middle
		case isMask(r) || isJoiner(r):
			r = wild
		case r == '$':
			r = 'с'
		case isApostrophe(r):
			r = 'ъ'
		case r == 'ё':
			r = 'е'
		case r == 'і' || r == 'ї':
			r = 'и'
		}
		if !hasCyr && hasLatin && r < utf8.RuneSelf && isLetter(r) {
			latin.WriteRune(r)
		}
		v, p := r, r
		if mapLatin && r < utf8.RuneSelf && r != wild {
			if m, ok := visualLookalike[r]; ok {
				v = m
			}
			if m, ok := phoneticLookalike[r]; ok {
				p = m
			}
		}
		if v != p && !ambiguous {
			ambiguous = true
			phonetic = append(make([]rune, 0, len(piece)), visual...)
		}
		visual = append(visual, v)
		if ambiguous {
			phonetic = append(phonetic, p)
		}
		prev = v
	}
	for _, r := range visual {
		if r == wild {
			t.masked = true
		} else if isLetter(r) {
			t.real++
		}
	}
	// Every rune of the text yields at most one rune of a form, so visual fits; should it ever outgrow the
	// arena, append gave it an array of its own and the arena stays as it was.
	if len(visual) > 0 && from+len(visual) <= cap(*arena) && &(*arena)[:from+1][from] == &visual[0] {
		*arena = (*arena)[:from+len(visual)]
	}
	visual = visual[:len(visual):len(visual)]
	buf := *textBuf
	t.textFrom = len(buf)
	for _, r := range visual {
		if r >= 0x80 && r < 0x800 { // Cyrillic: two bytes, written inline
			buf = append(buf, byte(0xC0|r>>6), byte(0x80|r&0x3F))
		} else {
			buf = utf8.AppendRune(buf, r)
		}
	}
	t.textTo = len(buf)
	*textBuf = buf
	t.main = visual
	if ambiguous {
		t.more = append(t.more, phonetic)
	}
	for k, n := 0, t.formCount(); k < n; k++ {
		if c := collapseRepeats(t.form(k)); c != nil {
			t.more = append(t.more, c)
		}
	}
	if !hasCyr && hasLatin {
		t.latin = latin.String()
	}
	return t, true
}

// collapseRepeats returns the form with stretched letters squeezed («хууууй», «сууука»), or nil when nothing repeats.
func collapseRepeats(f []rune) []rune {
	repeats := false
	for i := 1; i < len(f); i++ {
		if f[i] == f[i-1] && f[i] != wild {
			repeats = true
			break
		}
	}
	if !repeats {
		return nil
	}
	out := make([]rune, 0, len(f))
	for i, r := range f {
		if i > 0 && r == f[i-1] && r != wild {
			continue
		}
		out = append(out, r)
	}
	return out
}

// markStandalone flags the words with punctuation (or the text's edge) on both sides.
func markStandalone(text string, toks []token) {
	punctuated := func(gap string) bool { return strings.TrimSpace(gap) != "" }
	for k := range toks {
		before := k == 0 || punctuated(text[toks[k-1].end:toks[k].start])
		after := k == len(toks)-1 || punctuated(text[toks[k].end:toks[k+1].start])
		toks[k].standalone = before && after
	}
}

// spelledWords joins letters written apart with spaces («х у й», «б л я») into extra tokens for the obscene
// check; they are kept out of the main token list so the threat and insult windows stay as written.
func spelledWords(text string, toks []token) []token {
	var out []token
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && len(toks[j].main) == 1 && toks[j].sentence == toks[i].sentence &&
			(j == i || strings.TrimSpace(text[toks[j-1].end:toks[j].start]) == "") {
			j++
		}
		if j-i >= 3 {
			var form []rune
			for _, t := range toks[i:j] {
				form = append(form, []rune(t.text)...)
			}
			joined := token{text: string(form), main: form, start: toks[i].start, end: toks[j-1].end,
				sentence: toks[i].sentence, real: len(form)}
			if c := collapseRepeats(form); c != nil {
				joined.more = append(joined.more, c)
			}
			out = append(out, joined)
		}
		if j > i {
			i = j
		} else {
			i++
		}
	}
	return out
}
