package parse

import (
	"strings"
	"unicode/utf8"
)

// An executor's draft is the reply without the history it quotes (П.8, П.15): the task text we sent, earlier
// drafts. StripQuoted recognises how the mail clients used in the district mark that history.

var (
	separatorRe = mustKeyed(`(?i)^\s*[-_=]{2,}\s*(?:original message|исходное сообщение|forwarded message|пересылаемое сообщение|пересланное сообщение|ответное сообщение|reply message)\s*[-_=]{2,}\s*$`)
	// «пишет:», «написал(а):», «wrote:» at the end of an attribution line.
	wroteRe = mustKeyed(`(?i)(?:пишет|писал|написал|написала|написал\(а\)|wrote|writes|schrieb)\s*:\s*$`)
	// A date in an attribution: 13.01.2026, 2026-01-13, «13 января 2026», «Jan 13, 2026», a weekday.
	attrDateRe = mustKeyed(`(?i)\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|янв|фев|мар|апр|авг|сен|окт|ноя|дек|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\p{L}*\.?,?\s+(?:\d{4}|г)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\p{L}*\.?\s+\d{1,2},?\s+\d{4}|(?:^|[^\p{L}])(?:понедельник|вторник|среда|среду|четверг|пятница|пятницу|суббота|субботу|воскресенье|пн|вт|ср|чт|пт|сб|вс|mon|tue|wed|thu|fri|sat|sun)\p{L}*\.?,`)
	attrTimeRe = mustKeyed(`\b\d{1,2}:\d{2}\b`)
	trailingRe = mustKeyed(`^\s*(?:[-_=]{3,}|--)\s*$`)
)

// StripQuoted returns an executor's reply without the quoted history: everything from an Outlook
// «-----Original Message-----» / «-----Исходное сообщение-----» line or an «От: … Отправлено: …» header block on;
// and, after a Thunderbird/Gmail «… пишет:» / «… wrote:» line (also wrapped over two lines), a Yandex
// «13.01.2026, 10:22, "Коорд" <k@x.ru>:» or a Mail.ru «Вторник, 13 января 2026, 10:22 +07:00 от …:» line, the
// quoted lines (or everything, when the history is not marked with ">"). Lines quoted with ">" go too. The reply's
// own text, inline answers between quotes and its signature stay.
func StripQuoted(text string) string {
	lines := strings.Split(normalizeNewlines(text), "\n")
	var kept []string
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, ">") {
			continue
		}
		if separatorRe.MatchString(t) || fwdMarkerRe.MatchString(t) || startsHeaderBlock(lines, i) {
			break
		}
		if span := attributionAt(lines, i); span > 0 {
			next := nextContent(lines, i+span)
			if next < 0 || !strings.HasPrefix(strings.TrimSpace(lines[next]), ">") {
				break // the history follows unmarked: Yandex, Mail.ru, HTML without blockquote
			}
			i += span - 1
			continue // ">" lines are dropped above; unquoted lines after them are inline answers
		}
		kept = append(kept, lines[i])
	}
	for len(kept) > 0 && (strings.TrimSpace(kept[len(kept)-1]) == "" || trailingRe.MatchString(kept[len(kept)-1])) {
		kept = kept[:len(kept)-1]
	}
	return strings.TrimSpace(strings.Join(collapseBlank(kept), "\n"))
}

func nextContent(lines []string, from int) int {
	for j := from; j < len(lines); j++ {
		if strings.TrimSpace(lines[j]) != "" {
			return j
		}
	}
	return -1
}

// attributionAt returns how many lines (1 or 2) the attribution starting at line i spans, or 0.
func attributionAt(lines []string, i int) int {
	l1 := strings.TrimSpace(lines[i])
	if l1 == "" || strings.HasPrefix(l1, ">") {
		return 0
	}
	if isAttribution(l1, false) {
		return 1
	}
	if i+1 >= len(lines) {
		return 0
	}
	l2 := strings.TrimSpace(lines[i+1])
	if l2 == "" || strings.HasPrefix(l2, ">") {
		return 0
	}
	if isAttribution(l2, false) {
		// «13.01.2026 10:30, Координатор по работе с сообщениями из открытых» + «источников пишет:»: the first
		// half carries the date and does not end a sentence, the second has no date of its own.
		if attrDateRe.MatchString(l1) && !strings.ContainsAny(l1[len(l1)-1:], ".!?") &&
			!attrDateRe.MatchString(l2) && !attrTimeRe.MatchString(l2) {
			return 2
		}
		return 0
	}
	if isAttribution(l1+" "+l2, true) {
		return 2
	}
	return 0
}

// isAttribution: a line that introduces quoted history. joined marks two lines put together, which must then
// carry a date or an address as well, so that the reply's own last line is never taken for one.
func isAttribution(l string, joined bool) bool {
	if !strings.HasSuffix(l, ":") || utf8.RuneCountInString(l) > 300 {
		return false
	}
	hasDate := attrDateRe.MatchString(l)
	hasAddr := emailRe.MatchString(l)
	if wroteRe.MatchString(l) {
		return !joined || hasDate || hasAddr || attrTimeRe.MatchString(l)
	}
	// Gmail (ru), Yandex, Mail.ru: «<date>, <time>, Имя <addr>:», «<date> ... от Имя <addr>:»
	if hasAddr && (hasDate || attrTimeRe.MatchString(l)) {
		return true
	}
	return hasDate && attrTimeRe.MatchString(l) && strings.Contains(strings.ToLower(l), " от ")
}

func collapseBlank(lines []string) []string {
	var out []string
	blank := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return out
}
