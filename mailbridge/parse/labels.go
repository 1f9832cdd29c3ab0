package parse

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// The Department's format is unknown and will vary (REQUIREMENTS: «What the Department's e-mail looks like»), so
// labels are recognised by their stems, not by exact spelling: «Дата и время выявления», «Выявлено»,
// «ДАТА ВЫЯВЛЕНИЯ (МСК)» all name the same field.

type fieldKind int

const (
	fieldNone fieldKind = iota
	fieldNumber
	fieldRepeatNumber // «Номер повторного сообщения»: the number, and a repeat
	fieldRelated      // «Связанный инцидент», «Ранее: №...»
	fieldDetected
	fieldDate      // a bare «Дата»/«Время»: detection time when nothing more exact is given
	fieldPublished // «Дата публикации»: known, not used
	fieldNetwork
	fieldSource
	fieldURL
	fieldAuthor
	fieldCategory
	fieldSettlement
	fieldText
	fieldDue
	fieldReach
	fieldSignificant
	fieldRepeat
	fieldPriority
	fieldFlags      // «Признак», «Отметка», «Тип»: values carry the flags
	fieldMailHeader // От/Кому/Тема/Дата of a forwarded message's header block
)

// singleValued kinds start a new incident when they appear twice (a digest).
func (k fieldKind) singleValued() bool {
	switch k {
	case fieldNumber, fieldRepeatNumber, fieldDetected, fieldDate, fieldPublished, fieldNetwork, fieldSource,
		fieldURL, fieldAuthor, fieldCategory, fieldSettlement, fieldText, fieldReach:
		return true
	}
	return false
}

// slot maps kinds that fill the same incident field onto one.
func (k fieldKind) slot() fieldKind {
	if k == fieldRepeatNumber {
		return fieldNumber
	}
	return k
}

var mailHeaderLabels = map[string]bool{
	"от": true, "кому": true, "тема": true, "отправлено": true, "копия": true, "дата": true,
	"from": true, "to": true, "subject": true, "sent": true, "date": true, "cc": true,
}

// normLabel lower-cases a label, folds ё, drops parenthesised remarks, turns everything but letters, digits and
// «/» into spaces and collapses them. It runs on every line of every notice, hence one pass and no regexp.
func normLabel(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false // a separator came since the last kept rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		keep := true
		switch {
		case r == '(':
			if j := strings.IndexByte(s[i:], ')'); j >= 0 {
				i += j + 1
			}
			keep = false
		case r == '/' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'а' && r <= 'я':
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 'А' && r <= 'Я':
			r += 'а' - 'А'
		case r == 'ё' || r == 'Ё':
			r = 'е'
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if r = unicode.ToLower(r); r == 'ё' {
				r = 'е'
			}
		default:
			keep = false
		}
		if !keep {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hasAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// labelKinds remembers what labelKind said of short labels: the same few labels open the lines of every notice.
// Labels come from the mail, so the memory is bounded.
var (
	labelKinds     sync.Map // label as written → fieldKind
	labelKindsSize atomic.Int32
)

const (
	labelKindsMax   = 4096
	labelKindMaxLen = 64 // bytes of a label worth remembering
)

// labelKind tells which field a label names, or fieldNone.
func labelKind(label string) fieldKind {
	if len(label) > labelKindMaxLen {
		return kindOfLabel(label)
	}
	if k, ok := labelKinds.Load(label); ok {
		return k.(fieldKind)
	}
	k := kindOfLabel(label)
	// Load first: once full, the counter stays where it is (Add alone would wrap around after 2³¹ misses).
	if labelKindsSize.Load() < labelKindsMax && labelKindsSize.Add(1) <= labelKindsMax {
		labelKinds.Store(strings.Clone(label), k)
	}
	return k
}

func kindOfLabel(label string) fieldKind {
	l := normLabel(label)
	if l == "" || utf8.RuneCountInString(l) > 50 || strings.Count(l, " ") > 5 { // normLabel leaves single spaces
		return fieldNone
	}
	words := " " + l + " "
	switch {
	case hasAny(l, "телефон", "e mail", "email", "почта", "факс") || hasAny(words, " тел ", " доб "):
		return fieldNone
	case hasAny(l, "повторн") && (hasAny(l, "номер", "id", "идентификатор") || l == "повторное сообщение"):
		return fieldRepeatNumber
	case hasAny(l, "связан", "ранее", "предыдущ", "первичн", "исходн", "родительск"):
		return fieldRelated
	case hasAny(l, "повторн"):
		return fieldRepeat
	case hasAny(l, "значим"):
		return fieldSignificant
	case hasAny(l, "приоритет", "срочност", "важност"):
		return fieldPriority
	case hasAny(l, "срок", "ответить до", "дедлайн", "крайн", "ответ до", "направить до"):
		return fieldDue
	case hasAny(l, "публикац", "опубликован", "размещен") && hasAny(l, "дата", "время", "опубликован", "размещен"):
		return fieldPublished
	case hasAny(l, "выявлен", "обнаружен", "зафиксирован", "регистрац", "зарегистрирован", "мониторинг"):
		return fieldDetected
	case hasAny(l, "ссылк", "url", "линк", "link", "адрес публикац", "адрес сообщ", "адрес страниц", "адрес поста"):
		return fieldURL
	case hasAny(l, "номер", "идентификатор") || hasAny(words, " id ", " ид ", " инцидент ", " инц ", " no ", " n "):
		return fieldNumber
	case hasAny(l, "автор", "пользовател", "заявител", "комментатор", "фио", "имя"):
		return fieldAuthor
	case hasAny(l, "соцсет", "соц сет", "сеть", "площадк", "платформ", "ресурс", "мессенджер", "сервис"):
		return fieldNetwork
	case hasAny(l, "источник", "сообществ", "групп", "аккаунт", "канал", "паблик", "страниц", "чат", "блог"):
		return fieldSource
	case hasAny(l, "категор", "рубрик", "тематик", "направлени", "сфер", "отрасл", "вопрос") || l == "тема":
		return fieldCategory
	case hasAny(l, "территор", "населен", "поселени", "муниципальн", "район", "местоположен", "место", "локац",
		"адрес", "село", "деревн", "округ") || l == "нп" || l == "н п":
		return fieldSettlement
	case hasAny(l, "текст", "содержани", "суть", "цитат") || l == "сообщение" || l == "публикация" || l == "комментарий пользователя":
		return fieldText
	case hasAny(l, "охват", "просмотр", "аудитор", "реакци", "вовлеченн"):
		return fieldReach
	case hasAny(l, "признак", "отметк", "флаг", "метк", "тип", "статус"):
		return fieldFlags
	case l == "дата" || l == "время" || l == "дата и время" || l == "дата/время" || l == "дата время":
		return fieldDate
	}
	return fieldNone
}

// trimBullet drops a list marker opening a line: «• », «- », «— », «*», «1. », «12) ».
func trimBullet(s string) string {
	if t := strings.TrimLeft(s, "•·▪►●◦‣∙-–—*"); len(t) < len(s) {
		return strings.TrimLeft(t, " \t\n\f\r")
	}
	digits := 0
	for digits < len(s) && digits < 4 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits == 0 || digits > 3 || digits+1 >= len(s) || s[digits] != '.' && s[digits] != ')' {
		return s
	}
	if t := strings.TrimLeft(s[digits+1:], " \t\n\f\r"); len(t) < len(s)-digits-1 {
		return t
	}
	return s
}

// labelLine is one «Метка: значение» line.
type labelLine struct {
	kind  fieldKind
	label string // as written, for markers such as «(мск)»
	value string
}

// parseLabelLine recognises «Метка: значение», «Метка — значение», «Метка\tзначение», «Метка | значение» and,
// for numbers, dates and links, «Метка значение» without a separator.
func parseLabelLine(line string) (labelLine, bool) {
	s := strings.TrimSpace(line)
	s = trimBullet(s)
	s = strings.TrimSpace(strings.TrimLeft(s, "*_ "))
	if s == "" {
		return labelLine{}, false
	}
	for _, sep := range []string{":", "：", "\t", " | ", " — ", " – ", " - ", " -- "} {
		i := strings.Index(s, sep)
		if i <= 0 {
			continue
		}
		label := strings.TrimSpace(s[:i])
		if hasDigit(strings.Trim(label, "*_ ")) {
			continue // «13.01.2026 10:14 ...»: a time, not a label
		}
		kind := labelKind(label)
		if kind == fieldNone {
			if sep == ":" || sep == "：" {
				return labelLine{}, false // an unknown «Label: value»; dashes may still separate a known one
			}
			continue
		}
		value := strings.TrimSpace(strings.Trim(strings.TrimSpace(s[i+len(sep):]), "*_"))
		value = strings.TrimSpace(strings.TrimLeft(value, ":—–- "))
		return labelLine{kind: kind, label: label, value: value}, true
	}
	// «Номер инцидента 4512937», «Инцидент № 4512937», «Ссылка https://...». Without a separator the line must
	// open with the label itself: prose such as «Когда почистят улицу номер 150?» is not a label line.
	first, rest := nextField(s)
	second, _ := nextField(rest)
	if labelKind(first) == fieldNone && (second == "" || labelKind(first+" "+second) == fieldNone) {
		return labelLine{}, false // most lines: the whole line is not split into words for nothing
	}
	words := strings.Fields(s)
	for k := min(6, len(words)-1); k >= 1; k-- {
		label := strings.Join(words[:k], " ")
		if hasDigit(label) {
			continue
		}
		kind := labelKind(label)
		switch kind {
		case fieldNumber, fieldRepeatNumber, fieldDetected, fieldDue, fieldURL, fieldDate, fieldPublished:
		default:
			continue
		}
		rest := strings.TrimSpace(strings.Join(words[k:], " "))
		r, _ := utf8.DecodeRuneInString(rest)
		lower := strings.ToLower(rest)
		if unicode.IsDigit(r) || r == '№' || strings.HasPrefix(lower, "http") || strings.HasPrefix(lower, "до ") {
			return labelLine{kind: kind, label: label, value: strings.TrimLeft(rest, "№ ")}, true
		}
	}
	return labelLine{}, false
}

// nextField returns the first of strings.Fields(s) and what follows it.
func nextField(s string) (field, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// hasDigit is labelDigitsRe's old job without a regular expression: intake parses every line of every notice.
func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }
