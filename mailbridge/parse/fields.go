package parse

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// moscow is the zone of times marked «мск»: Moscow has kept UTC+3 all year since 2014.
var moscow = time.FixedZone("MSK", 3*60*60)

var (
	moscowRe   = mustKeyed(`(?i)мск|msk|москв|moscow`)
	offsetRe   = mustKeyed(`(?i)(?:utc|gmt)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?`)
	numDateRe  = mustKeyed(`(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})\b`)
	isoDateRe  = mustKeyed(`(\d{4})-(\d{1,2})-(\d{1,2})`)
	wordDateRe = mustKeyed(`(?i)(\d{1,2})\s+(январ\p{L}*|феврал\p{L}*|март\p{L}*|апрел\p{L}*|ма[йя]\p{L}*|июн\p{L}*|июл\p{L}*|август\p{L}*|сентябр\p{L}*|октябр\p{L}*|ноябр\p{L}*|декабр\p{L}*|янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|дек)\.?\s+(\d{4})`)
	clockRe    = mustKeyed(`(?:^|[^\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[^\d:]|$)`)
)

var monthStems = []string{"янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"}

// parseDateTime finds a date and a time in s ("13.01.2026 10:14", "2026-01-13 10:14", "до 17:00 02.02.2026",
// "13 января 2026 г. в 10:14"). A time marked «мск»/«(Москва)» is Moscow time (UTC+3), one with «UTC+N» that
// offset, anything else is in loc.
func parseDateTime(s string, loc *time.Location) (t time.Time, hasClock, isMoscow, ok bool) {
	zone := loc
	if moscowRe.MatchString(s) {
		zone, isMoscow = moscow, true
	} else if m := offsetRe.FindStringSubmatch(s); m != nil {
		h, _ := strconv.Atoi(m[2])
		mins, _ := strconv.Atoi(m[3])
		off := h*3600 + mins*60
		if m[1] != "+" {
			off = -off
		}
		if h <= 14 {
			zone = time.FixedZone("UTC"+m[1]+m[2], off)
			isMoscow = off == 3*3600
		}
	}
	var year, month, day int
	rest := s
	if m := isoDateRe.FindStringSubmatchIndex(s); m != nil {
		year, _ = strconv.Atoi(s[m[2]:m[3]])
		month, _ = strconv.Atoi(s[m[4]:m[5]])
		day, _ = strconv.Atoi(s[m[6]:m[7]])
		rest = s[:m[0]] + " " + s[m[1]:]
	} else if m := numDateRe.FindStringSubmatchIndex(s); m != nil {
		day, _ = strconv.Atoi(s[m[2]:m[3]])
		month, _ = strconv.Atoi(s[m[4]:m[5]])
		year, _ = strconv.Atoi(s[m[6]:m[7]])
		if year < 100 {
			year += 2000
		}
		rest = s[:m[0]] + " " + s[m[1]:]
	} else if m := wordDateRe.FindStringSubmatchIndex(s); m != nil {
		day, _ = strconv.Atoi(s[m[2]:m[3]])
		name := strings.ToLower(s[m[4]:m[5]])
		for i, stem := range monthStems {
			if strings.HasPrefix(name, stem) {
				month = i + 1
				break
			}
		}
		year, _ = strconv.Atoi(s[m[6]:m[7]])
		rest = s[:m[0]] + " " + s[m[1]:]
	} else {
		return time.Time{}, false, false, false
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || year < 1990 || year > 2200 {
		return time.Time{}, false, false, false
	}
	hour, minute, sec := 0, 0, 0
	if m := clockRe.FindStringSubmatch(rest); m != nil {
		hour, _ = strconv.Atoi(m[1])
		minute, _ = strconv.Atoi(m[2])
		sec, _ = strconv.Atoi(m[3])
		if hour <= 24 && minute < 60 && sec < 60 {
			hasClock = true
		} else {
			hour, minute, sec = 0, 0, 0
		}
	}
	t = time.Date(year, time.Month(month), day, hour, minute, sec, 0, zone)
	if t.Day() != day && hour != 24 { // 31.02 and the like
		return time.Time{}, false, false, false
	}
	return t, hasClock, isMoscow, true
}

// networkOf names the network from a label's value («ВКонтакте», «ОК», «Telegram-канал», «Instagram*»).
func networkOf(v string) string {
	l := " " + strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' {
			return r
		}
		return ' '
	}, v)) + " "
	switch {
	case hasAny(l, "вконтакт", "vkontakt", " вк ", " vk ", "vk.com", "vk.ru"):
		return "vk"
	case hasAny(l, "одноклассн", "odnoklassn", " ок ", " ok ", "ok.ru"):
		return "ok"
	case hasAny(l, "телеграм", "telegram", " тг ", " tg ", "t.me"):
		return "telegram"
	case hasAny(l, "инстаграм", "instagram", "инста "):
		return "instagram"
	case hasAny(l, "фейсбук", "facebook", " fb ", "fb.com"):
		return "facebook"
	}
	return ""
}

// hostNetwork names the network from a link's host.
func hostNetwork(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	is := func(domains ...string) bool {
		for _, d := range domains {
			if host == d || strings.HasSuffix(host, "."+d) {
				return true
			}
		}
		return false
	}
	switch {
	case is("vk.com", "vk.ru", "vkontakte.ru", "vk.me"):
		return "vk"
	case is("ok.ru", "odnoklassniki.ru"):
		return "ok"
	case is("t.me", "telegram.me", "telegram.org", "telegram.dog"):
		return "telegram"
	case is("instagram.com", "instagr.am"):
		return "instagram"
	case is("facebook.com", "fb.com", "fb.me", "fb.watch"):
		return "facebook"
	}
	return ""
}

var (
	urlRe     = mustKeyed(`(?i)https?://[^\s<>"«»]+`)
	bareURLRe = mustKeyed(`(?i)^(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}/\S*$`)
)

// firstURL returns the first http(s) link in s without trailing punctuation.
func firstURL(s string) string {
	m := urlRe.FindString(s)
	if m == "" {
		if f := strings.Fields(s); len(f) == 1 && bareURLRe.MatchString(f[0]) {
			return "https://" + strings.TrimRight(f[0], ".,;:!?")
		}
		return ""
	}
	return trimURL(m)
}

func trimURL(u string) string {
	for {
		trimmed := strings.TrimRight(u, ".,;:!?'")
		if strings.HasSuffix(trimmed, ")") && strings.Count(trimmed, "(") < strings.Count(trimmed, ")") {
			trimmed = strings.TrimSuffix(trimmed, ")")
		}
		if trimmed == u {
			return u
		}
		u = trimmed
	}
}

// splitAuthor separates «Сергей Мальцев (https://vk.com/id700000101)» into the name and the profile link.
func splitAuthor(v string) (name, link string) {
	link = firstURL(v)
	if link == "" {
		return strings.TrimSpace(v), ""
	}
	name = strings.Replace(v, link, "", 1)
	name = strings.TrimSpace(strings.NewReplacer("()", "", "( )", "", "[]", "", "<>", "").Replace(name))
	name = strings.TrimSpace(strings.TrimRight(name, ",;:—–- "))
	if name == "" {
		name = link
	}
	return name, link
}

var sourceKindRe = mustKeyed(`(?i)^(?:сообщество|группа|группе|паблик|канал|телеграм-канал|страница|аккаунт|чат|блог|профиль)\s+([«"“].*[»"”])\s*$`)

// cleanSource drops the kind word before a quoted community name: «сообщество «Подслушано»» → «Подслушано».
func cleanSource(v string) string {
	v = strings.TrimSpace(v)
	if m := sourceKindRe.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}

var tokenRe = mustKeyed(`[\p{L}\d]+(?:[-/][\p{L}\d]+)*`)

// incidentNumber returns the incident number in a value: the first token with five or more digits (so that
// «№ 4512937 от 13.01.2026» gives the number, not the year), else one with three or more.
func incidentNumber(v string) string {
	toks := tokenRe.FindAllString(v, -1)
	for _, need := range []int{5, 3} {
		for _, t := range toks {
			if countDigits(t) >= need && utf8.RuneCountInString(t) <= 40 {
				return t
			}
		}
	}
	return ""
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

var (
	relatedRe   = mustKeyed(`(?i)(?:№|инцидент\p{L}*|инц\.?|сообщени\p{L}*|обращени\p{L}*|связан\p{L}*\s+с|ранее|id|номер\p{L}*)\s*[:#]?\s*(?:№\s*)?(\d{5,12})\b`)
	longNumRe   = mustKeyed(`\d{5,12}`)
	subjNumRe   = mustKeyed(`(?i)(?:№|инцидент\p{L}*|инц\.?|id|#)\s*[:#]?\s*(\d{4,12})`)
	bareNumRe   = mustKeyed(`(?:^|[^\d.:/\-])(\d{6,12})(?:[^\d.:/\-]|$)`)
	repeatRe    = mustKeyed(`(?i)повторн(?:ое|ый|ая|ого|ому|ой|ую|ым|о)(?:[^\p{L}]|$)`)
	significRe  = mustKeyed(`(?i)социально[\s\-]*значим`)
	urgentRe    = mustKeyed(`(?i)(?:^|[^\p{L}])(?:срочн|незамедлительн|высок|high|urgent)`)
	negativeRe  = mustKeyed(`(?i)^\s*(?:нет|no|не|-|—|0|false|ложь)(?:[^\p{L}\d]|$)`)
	affirmRe    = mustKeyed(`(?i)^\s*(?:да|yes|\+|1|true|истина|✓|v)\s*$`)
	headingRe   = mustKeyed(`(?i)^\s*(?:\d{1,3}[.)]\s*)?(?:инцидент|сообщение|обращение|публикация|№)?\s*(?:№\s*)?\d{1,3}\s*(?:из\s*\d{1,3})?\s*[.:)]?\s*$`)
	fwdMarkerRe = mustKeyed(`(?i)^\s*-*\s*(?:original message|forwarded message|исходное сообщение|пересылаемое сообщение|пересланное сообщение|начало переадресованного сообщения|begin forwarded message)\s*-*\s*:?\s*$`)
)

// relatedNumbers finds incident numbers named in s in context («по инциденту № 4512937», «связано с 4512937»).
// Numbers for which known says true are left out unchecked: the notice's own, which every subject names.
func relatedNumbers(s string, known func(string) bool) []string {
	if !hasDigitRun(s, 5) {
		return nil // most texts name no number at all
	}
	// Each run of 5–12 digits outside a link is a number when a label stands right before it. Checking the few
	// characters before each run costs far less than running relatedRe over the whole notice (intake profile:
	// a tenth of all CPU); relatedRe stays the definition, proven equal in fields_test.go.
	links := urlRe.FindAllStringIndex(s, -1)
	var out []string
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		start, end := i, j
		i = j
		if n := end - start; n < 5 || n > 12 || end < len(s) && isASCIIWord(s[end]) && !insideAny(end, links) ||
			insideAny(start, links) || known != nil && known(s[start:end]) {
			continue
		}
		// The label is looked for in the text as relatedRe saw it, links blanked, in the last 80 bytes.
		before := withoutLinks(s, max(0, start-4096), start, links)
		cut := max(0, len(before)-80)
		for cut > 0 && !utf8.RuneStart(before[cut]) {
			cut--
		}
		if relatedPrefixRe.MatchString(before[cut:]) {
			out = append(out, s[start:end])
		}
	}
	return out
}

// relatedPrefixRe is the label part of relatedRe, anchored right before the number.
var relatedPrefixRe = mustKeyed(`(?i)(?:№|инцидент\p{L}*|инц\.?|сообщени\p{L}*|обращени\p{L}*|связан\p{L}*\s+с|ранее|id|номер\p{L}*)\s*[:#]?\s*(?:№\s*)?$`)

// withoutLinks is s[from:to] with every link replaced by a space, as relatedRe saw the text.
func withoutLinks(s string, from, to int, links [][]int) string {
	var b strings.Builder
	pos := from
	for _, sp := range links {
		if sp[1] <= pos || sp[0] >= to {
			continue
		}
		if sp[0] > pos {
			b.WriteString(s[pos:sp[0]])
		}
		b.WriteByte(' ')
		pos = min(sp[1], to)
	}
	if pos < to {
		b.WriteString(s[pos:to])
	}
	return b.String()
}

func isASCIIWord(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_'
}

func insideAny(pos int, spans [][]int) bool {
	for _, sp := range spans {
		if pos >= sp[0] && pos < sp[1] {
			return true
		}
	}
	return false
}

// Settlement names decline: «в Кожевникове», «из Уртама», «Старой Ювале». A word of the name matches a word of
// the text when the text word is the name's stem plus a short case ending; the district adjective
// («Кожевниковский») does not match, its ending being too long.
var caseEndings = map[string]bool{
	"": true, "а": true, "я": true, "о": true, "е": true, "у": true, "ю": true, "ы": true, "и": true, "й": true,
	"ой": true, "ей": true, "ом": true, "ем": true, "ою": true, "ею": true, "ую": true, "юю": true, "ая": true,
	"яя": true, "ое": true, "ее": true, "ого": true, "его": true, "ому": true, "ему": true, "ым": true, "им": true,
	"ых": true, "их": true, "ами": true, "ями": true, "ах": true, "ях": true, "ам": true, "ям": true, "ью": true,
}

func foldWord(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "ё", "е")
}

func words(s string) []string {
	return strings.FieldsFunc(foldWord(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func stemOf(w string) string {
	r := []rune(w)
	if len(r) > 4 {
		switch string(r[len(r)-2:]) {
		case "ая", "яя", "ое", "ее", "ый", "ий":
			return string(r[:len(r)-2])
		}
	}
	if len(r) > 3 && strings.ContainsRune("аеиоуыэюяйь", r[len(r)-1]) {
		return string(r[:len(r)-1])
	}
	return w
}

// stemMatches tells whether textWord is nameWord in some grammatical case, given nameWord's stem (findSettlement
// takes each stem once per name, not once per word of the text).
func stemMatches(textWord, nameWord, stem string) bool {
	if textWord == nameWord {
		return true
	}
	if utf8.RuneCountInString(stem) < 3 || !strings.HasPrefix(textWord, stem) {
		return false
	}
	return caseEndings[textWord[len(stem):]]
}

// findSettlement returns the settlement of the list named earliest in text, or "".
func findSettlement(text string, settlements []string) string {
	tw := words(text)
	best, bestPos, bestLen := "", len(tw)+1, 0
	for _, s := range settlements {
		nw := words(s)
		if len(nw) == 0 {
			continue
		}
		stems := make([]string, len(nw))
		for j, w := range nw {
			stems[j] = stemOf(w)
		}
		for i := 0; i+len(nw) <= len(tw) && i <= bestPos; i++ {
			ok := true
			for j := range nw {
				if !stemMatches(tw[i+j], nw[j], stems[j]) {
					ok = false
					break
				}
			}
			if ok {
				if i < bestPos || i == bestPos && len(nw) > bestLen {
					best, bestPos, bestLen = s, i, len(nw)
				}
				break
			}
		}
	}
	return best
}

var settlementPrefixRe = mustKeyed(`(?i)^(?:с\.|село|д\.|дер\.|деревня|п\.|пос\.|поселок|посёлок|пгт\.?|рп\.?|г\.|город|х\.|хутор|ст\.|станция|с/п|сп)\s*`)

// cleanSettlement picks the settlement out of a territory value that matched nothing in the list:
// «Кожевниковский район, с. Новое» → «Новое».
func cleanSettlement(v string) string {
	parts := strings.Split(v, ",")
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if settlementPrefixRe.MatchString(p) {
			return strings.TrimSpace(settlementPrefixRe.ReplaceAllString(p, ""))
		}
	}
	return strings.TrimSpace(settlementPrefixRe.ReplaceAllString(strings.TrimSpace(parts[len(parts)-1]), ""))
}

// hasDigitRun reports whether s holds n ASCII digits in a row.
func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
