package parse

import (
	"regexp"
	"strings"
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

var labelNoiseRe = regexp.MustCompile(`\([^)]*\)|[*_#№"«»'„“”\[\]]`)

// normLabel lower-cases a label, folds ё, drops parenthesised remarks and markup, collapses spaces.
func normLabel(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "ё", "е")
	s = labelNoiseRe.ReplaceAllString(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '/' {
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func hasAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// labelKind tells which field a label names, or fieldNone.
func labelKind(label string) fieldKind {
	l := normLabel(label)
	if l == "" || utf8.RuneCountInString(l) > 50 || len(strings.Fields(l)) > 6 {
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

var (
	bulletRe = regexp.MustCompile(`^(?:[•·▪►●◦‣∙\-–—*]+\s*|\d{1,3}[.)]\s+)`)
)

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
	s = bulletRe.ReplaceAllString(s, "")
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
	words := strings.Fields(s)
	if len(words) == 0 || labelKind(words[0]) == fieldNone && (len(words) < 2 || labelKind(words[0]+" "+words[1]) == fieldNone) {
		return labelLine{}, false
	}
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

// hasDigit is labelDigitsRe's old job without a regular expression: intake parses every line of every notice.
func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }
