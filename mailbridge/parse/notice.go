package parse

import (
	"bytes"
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// Incident is one incident of a Department notice. Fields the notice does not give stay empty (nil for times).
type Incident struct {
	Number         string
	RelatedNumbers []string // earlier incident numbers named in the notice («повторное», «связано с ...»)
	DetectedAt     *time.Time
	DetectedMoscow bool   // the notice gave the time as Moscow time (UTC+3)
	Network        string // vk | ok | telegram | instagram | facebook | other; "" when nothing tells
	Source         string // the community or account: «Подслушано Кожевниково», @kozhevnikovo_life
	URL            string // the post or comment
	Author         string
	AuthorURL      string // the author's profile, when given beside the name
	Category       string // as the Department wrote it: «Дороги / содержание в зимний период»
	Settlement     string // from the settlements list when one matches, else as written
	Text           string // the citizen's text
	StatedDue      *time.Time
	// Flags (П.12, П.16): from labels, the notice's wording or the subject.
	SociallySignificant, Repeat, Priority bool
	Reach                                 string
	Unrecognised                          string // lines of the notice the parser did not place, to show as they are
}

// ErrNoIncident is returned by Notice for mail that carries nothing recognisable as an incident.
var ErrNoIncident = errors.New("no incident found in the message")

// Notice reads the incidents of a Department notice: one per incident block, so a digest yields several. Times
// without a «мск» mark are in loc; settlements are the district's settlement names (configured), matched
// tolerantly. Messages attached as message/rfc822 (a forwarded digest) are read too. A notice that gives fields
// but no number yields an Incident with an empty Number; mail with nothing recognisable gives ErrNoIncident.
func Notice(m *Message, loc *time.Location, settlements []string) ([]Incident, error) {
	if m == nil {
		return nil, errors.New("notice: nil message")
	}
	if loc == nil {
		return nil, errors.New("notice: nil time zone")
	}
	type source struct{ subject, text string }
	sources := []source{{clip(m.Subject, 1000), m.Text}}
	for _, a := range m.Attachments {
		if a.ContentType != "message/rfc822" && a.ContentType != "message/global" {
			continue
		}
		if inner, err := Read(bytes.NewReader(a.Data), Limits{}); err == nil && inner != nil {
			sources = append(sources, source{clip(inner.Subject, 1000), inner.Text})
		}
	}
	var out []Incident
	seen := map[string]bool{}
	for _, src := range sources {
		incs := noticeOf(src.subject, src.text, m.Priority, loc, settlements)
		for _, inc := range incs {
			if inc.Number != "" {
				if seen[inc.Number] {
					continue
				}
				seen[inc.Number] = true
			}
			out = append(out, inc)
		}
	}
	if len(out) == 0 {
		return nil, ErrNoIncident
	}
	return out, nil
}

// record is one incident block while scanning.
type record struct {
	fields      []labelLine
	text        []string
	pre         []string // unplaced lines before the first field
	other       []string // unplaced lines after it
	fwdSubjects []string
}

func (r *record) first(slot fieldKind) (labelLine, bool) {
	for _, f := range r.fields {
		if f.kind.slot() == slot {
			return f, true
		}
	}
	return labelLine{}, false
}

func (r *record) all(kind fieldKind) []labelLine {
	var out []labelLine
	for _, f := range r.fields {
		if f.kind == kind {
			out = append(out, f)
		}
	}
	return out
}

func (r *record) has(slot fieldKind) bool {
	_, ok := r.first(slot)
	return ok
}

func (r *record) number() string {
	if f, ok := r.first(fieldNumber); ok {
		return incidentNumber(f.value)
	}
	return ""
}

var boilerplateRe = mustKeyed(`(?i)^(?:промежуточн|окончательн|срок|просим|прошу|в теме|с уважением|ответ направ|повторные сообщения|уважаемые|коллеги|дежурн|данное сообщение|информаци[яю] о принятых|\*|instagram принадлежит|meta |facebook принадлежит|отработать|для отработки|направляем)`)

var weakInText = map[string]bool{
	"вопрос": true, "адрес": true, "место": true, "имя": true, "тема": true, "тип": true, "статус": true,
	"сообщение": true, "комментарий": true, "публикация": true,
}

// strongInText tells whether a label line inside the citizen's text ends it: the citizen may write
// «Адрес: ул. Ленина, 5» or «Вопрос: когда?», the Department writes «Срок ответа: ...».
func strongInText(ll labelLine) bool {
	switch ll.kind {
	case fieldFlags, fieldDate, fieldRelated, fieldMailHeader:
		return false
	}
	l := normLabel(ll.label)
	if ll.kind == fieldNumber {
		// «Номер дома: 15» is the citizen's; «Номер инцидента: 4512937» is the Department's next block.
		words := " " + l + " "
		if !hasAny(l, "инцидент", "идентификатор", "сообщени", "обращени") && !hasAny(words, " id ", " ид ", " инц ") {
			return false
		}
		if v := incidentNumber(ll.value); v == "" || countDigits(v) < 5 {
			return false
		}
	}
	return !weakInText[l] && len(strings.Fields(l)) <= 5
}

func mailHeaderLine(t string) (key, value string) {
	k, v, ok := strings.Cut(t, ":")
	if !ok {
		return "", ""
	}
	nk := normLabel(k)
	if !mailHeaderLabels[nk] {
		return "", ""
	}
	return nk, strings.TrimSpace(v)
}

// startsHeaderBlock: «От: ...» followed by «Отправлено:»/«Дата:»/«Кому:» is a forwarded or quoted header.
func startsHeaderBlock(lines []string, i int) bool {
	k, _ := mailHeaderLine(strings.TrimSpace(unquoteLine(lines[i])))
	if k != "от" && k != "from" {
		return false
	}
	j := nextNonBlank(lines, i)
	if j < 0 {
		return false
	}
	k2, _ := mailHeaderLine(strings.TrimSpace(unquoteLine(lines[j])))
	return k2 != "" && k2 != "от" && k2 != "from"
}

func nextNonBlank(lines []string, i int) int {
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		if strings.TrimSpace(unquoteLine(lines[j])) != "" {
			return j
		}
	}
	return -1
}

func unquoteLine(l string) string {
	t := strings.TrimLeft(l, " ")
	if !strings.HasPrefix(t, ">") {
		return l
	}
	return strings.TrimLeft(t, "> ")
}

// scan splits a notice's text into incident blocks. A block ends where a field it already has appears again.
func scan(text string) []*record {
	text = strings.ReplaceAll(normalizeNewlines(text), "\u00a0", " ")
	lines := strings.Split(text, "\n")
	var recs []*record
	cur := &record{}
	var pending, fwdSubjects []string
	inText, textBreak, inSig, inHdr := false, false, false, false
	place := func() {
		if len(cur.fields) == 0 {
			cur.pre = append(cur.pre, pending...)
		} else {
			cur.other = append(cur.other, pending...)
		}
		pending = nil
	}
	for i := 0; i < len(lines); i++ {
		line := unquoteLine(lines[i])
		t := strings.TrimSpace(line)
		if t == "" {
			if inText {
				textBreak = true
			}
			inHdr = false
			continue
		}
		if maybeFwdMarker(t) && fwdMarkerRe.MatchString(t) {
			inText, inSig, inHdr = false, false, true
			continue
		}
		if inHdr || startsHeaderBlock(lines, i) {
			if k, v := mailHeaderLine(t); k != "" {
				inHdr, inText = true, false
				if k == "тема" || k == "subject" {
					fwdSubjects = append(fwdSubjects, v)
				}
				continue
			}
			inHdr = false
		}
		if t == "--" || hasPrefixFold(t, "с уважением") {
			inSig, inText = true, false
			continue
		}
		if isSepLine(t) || maybeHeading(t) && headingRe.MatchString(t) {
			inText = false
			continue
		}
		ll, ok := parseLabelLine(t)
		if ok && inText && !strongInText(ll) {
			ok = false
		}
		if ok && ll.kind.slot() == fieldNumber && incidentNumber(ll.value) == "" && ll.value != "" {
			inText = false // «Инцидент 1 из 3»: a heading, not a number
			continue
		}
		if ok {
			inSig = false
			if ll.value == "" && ll.kind != fieldText {
				if j := nextNonBlank(lines, i); j >= 0 {
					nt := strings.TrimSpace(unquoteLine(lines[j]))
					if _, isLabel := parseLabelLine(nt); !isLabel && !isSepLine(nt) {
						ll.value = nt
						i = j
					}
				}
			}
			if ll.kind.singleValued() && cur.has(ll.kind.slot()) {
				recs = append(recs, cur)
				cur = &record{}
			}
			place()
			cur.fwdSubjects = append(cur.fwdSubjects, fwdSubjects...)
			fwdSubjects = nil
			cur.fields = append(cur.fields, ll)
			inText, textBreak = ll.kind == fieldText, false
			if inText && ll.value != "" {
				cur.text = append(cur.text, ll.value)
			}
			continue
		}
		if inSig {
			continue
		}
		if !inText {
			// «Коллеги, направляем 3 сообщения. Срок ответа по всем: 14.01.2026 16:00» — a due date inside prose.
			for _, sentence := range sentenceRe.Split(t, -1)[1:] {
				if ll, ok := parseLabelLine(sentence); ok && ll.kind == fieldDue {
					cur.fields = append(cur.fields, ll)
				}
			}
		}
		if inText {
			if textBreak && boilerplateRe.MatchString(t) {
				inText = false
				pending = append(pending, t)
				continue
			}
			if textBreak && len(cur.text) > 0 {
				cur.text = append(cur.text, "")
			}
			cur.text = append(cur.text, strings.TrimRight(line, " \t"))
			textBreak = false
			continue
		}
		pending = append(pending, t)
	}
	place()
	cur.fwdSubjects = append(cur.fwdSubjects, fwdSubjects...)
	recs = append(recs, cur)
	return mergeNumberless(recs)
}

// mergeNumberless folds blocks without an incident number into a neighbour: they are the tail (or head) of an
// incident whose fields were split by a repeated label, or trailing remarks.
func mergeNumberless(recs []*record) []*record {
	numbered := 0
	for _, r := range recs {
		if r.number() != "" {
			numbered++
		}
	}
	if numbered == 0 || len(recs) < 2 {
		return recs
	}
	var out []*record
	var carry *record // a leading number-less block waiting for the first numbered one
	for _, r := range recs {
		if r.number() != "" {
			if carry != nil {
				merged := &record{
					fields:      append(append([]labelLine{}, carry.fields...), r.fields...),
					text:        append(append([]string{}, carry.text...), r.text...),
					pre:         append(append([]string{}, carry.pre...), r.pre...),
					other:       append(append([]string{}, carry.other...), r.other...),
					fwdSubjects: append(append([]string{}, carry.fwdSubjects...), r.fwdSubjects...),
				}
				r, carry = merged, nil
			}
			out = append(out, r)
			continue
		}
		if len(out) == 0 {
			if carry == nil {
				carry = r
			} else {
				carry.fields = append(carry.fields, r.fields...)
				carry.text = append(carry.text, r.text...)
				carry.other = append(carry.other, r.pre...)
				carry.other = append(carry.other, r.other...)
			}
			continue
		}
		prev := out[len(out)-1]
		for _, f := range r.fields {
			if !prev.has(f.kind.slot()) || !f.kind.singleValued() {
				prev.fields = append(prev.fields, f)
			} else {
				prev.other = append(prev.other, f.label+": "+f.value)
			}
		}
		if len(r.text) > 0 && !prev.has(fieldText) {
			prev.text = append(prev.text, r.text...)
		}
		prev.other = append(prev.other, r.pre...)
		prev.other = append(prev.other, r.other...)
		prev.fwdSubjects = append(prev.fwdSubjects, r.fwdSubjects...)
	}
	return out
}

var sentenceRe = mustKeyed(`[.!?]\s+`)

var globalRe = mustKeyed(`(?i)всем|всех|каждому|каждого`)

func noticeOf(subject, text string, msgPriority bool, loc *time.Location, settlements []string) []Incident {
	recs := scan(text)
	fieldsFound := false
	for _, r := range recs {
		if len(r.fields) > 0 {
			fieldsFound = true
		}
	}
	if !fieldsFound {
		num := subjectNumber(subject)
		if num == "" {
			return nil
		}
		return []Incident{{
			Number:              num,
			Priority:            msgPriority || strings.Contains(strings.ToLower(subject), "срочн"),
			SociallySignificant: significRe.MatchString(subject),
			Repeat:              repeatRe.MatchString(subject),
			Settlement:          findSettlement(subject, settlements),
			Unrecognised:        strings.TrimSpace(text),
		}}
	}
	digest := len(recs) > 1
	own := map[string]bool{}
	for _, r := range recs {
		if n := r.number(); n != "" {
			own[n] = true
		}
	}
	var preamble []string
	if digest {
		preamble = recs[0].pre
	}
	var globalDue *labelLine
	for _, r := range recs {
		for _, f := range r.all(fieldDue) {
			if globalRe.MatchString(f.label + " " + f.value) {
				f := f
				globalDue = &f
			}
		}
	}
	var out []Incident
	for idx, r := range recs {
		inc := buildIncident(r, subject, loc, settlements, own)
		if inc.Number == "" && idx == 0 && len(recs) == 1 {
			inc.Number = subjectNumber(subject)
			delete(own, inc.Number)
			inc.RelatedNumbers = removeAll(inc.RelatedNumbers, inc.Number)
		}
		if digest {
			if significRe.MatchString(strings.Join(preamble, "\n")) {
				inc.SociallySignificant = true
			}
		}
		if inc.StatedDue == nil && globalDue != nil {
			if t, hasClock, _, ok := parseDateTime(globalDue.label+" "+globalDue.value, loc); ok && hasClock {
				inc.StatedDue = &t
			}
		}
		inc.Priority = inc.Priority || msgPriority
		out = append(out, inc)
	}
	return out
}

func removeAll(ss []string, v string) []string {
	var out []string
	for _, s := range ss {
		if s != v {
			out = append(out, s)
		}
	}
	return out
}

func subjectNumber(subject string) string {
	if m := subjNumRe.FindStringSubmatch(subject); m != nil {
		return m[1]
	}
	if m := bareNumRe.FindStringSubmatch(subject); m != nil {
		return m[1]
	}
	return ""
}

func buildIncident(r *record, subject string, loc *time.Location, settlements []string, own map[string]bool) Incident {
	var inc Incident
	var unplaced []string
	unplaced = append(unplaced, r.pre...)
	unplaced = append(unplaced, r.other...)
	subjects := append([]string{subject}, r.fwdSubjects...)
	context := strings.Join(append(append([]string{}, subjects...), unplaced...), "\n")

	var related []string
	if f, ok := r.first(fieldNumber); ok {
		inc.Number = incidentNumber(f.value)
		if f.kind == fieldRepeatNumber {
			inc.Repeat = true
		}
		related = append(related, longNumRe.FindAllString(strings.Replace(f.value, inc.Number, "", 1), -1)...)
	}
	for _, f := range r.all(fieldRelated) {
		related = append(related, longNumRe.FindAllString(urlRe.ReplaceAllString(f.value, " "), -1)...)
	}
	for _, f := range r.all(fieldRepeat) {
		related = append(related, longNumRe.FindAllString(urlRe.ReplaceAllString(f.value, " "), -1)...)
	}
	related = append(related, relatedNumbers(context, func(n string) bool { return n == inc.Number || own[n] })...)
	seen := map[string]bool{}
	for _, n := range related {
		if n == inc.Number || own[n] || seen[n] {
			continue
		}
		seen[n] = true
		inc.RelatedNumbers = append(inc.RelatedNumbers, n)
	}

	detected, okDet := r.first(fieldDetected)
	if !okDet {
		detected, okDet = r.first(fieldDate)
	}
	if okDet {
		if t, hasClock, msk, ok := parseDateTime(detected.label+" "+detected.value, loc); ok && hasClock {
			inc.DetectedAt, inc.DetectedMoscow = &t, msk
		} else {
			unplaced = append(unplaced, detected.label+": "+detected.value)
		}
	}
	for _, f := range r.all(fieldDue) {
		if t, hasClock, _, ok := parseDateTime(f.label+" "+f.value, loc); ok && hasClock {
			if inc.StatedDue == nil || t.Before(*inc.StatedDue) {
				t := t
				inc.StatedDue = &t
			}
		} else {
			unplaced = append(unplaced, f.label+" — "+f.value)
		}
	}

	if f, ok := r.first(fieldURL); ok {
		inc.URL = firstURL(f.value)
	}
	if inc.URL == "" {
		for _, l := range unplaced {
			if u := firstURL(l); u != "" && hostNetwork(u) != "" {
				inc.URL = u
				break
			}
		}
	}
	if f, ok := r.first(fieldAuthor); ok {
		inc.Author, inc.AuthorURL = splitAuthor(f.value)
	}
	if f, ok := r.first(fieldSource); ok {
		inc.Source = cleanSource(f.value)
	}
	netField, hasNet := r.first(fieldNetwork)
	switch {
	case hasNet && networkOf(netField.value) != "":
		inc.Network = networkOf(netField.value)
	case hostNetwork(inc.URL) != "":
		inc.Network = hostNetwork(inc.URL)
	case networkOf(inc.Source) != "":
		inc.Network = networkOf(inc.Source)
	case hostNetwork(inc.AuthorURL) != "":
		inc.Network = hostNetwork(inc.AuthorURL)
	case hasNet || inc.URL != "":
		inc.Network = "other"
	}
	if f, ok := r.first(fieldCategory); ok {
		inc.Category = f.value
	}
	if f, ok := r.first(fieldReach); ok {
		inc.Reach = f.value
	}
	inc.Text = tidyText(strings.Join(r.text, "\n"))

	if f, ok := r.first(fieldSettlement); ok {
		inc.Settlement = findSettlement(f.value, settlements)
		if inc.Settlement == "" {
			inc.Settlement = cleanSettlement(f.value)
		}
	}
	for _, where := range []string{strings.Join(subjects, "\n"), inc.Source, strings.Join(unplaced, "\n"), inc.Text} {
		if inc.Settlement != "" {
			break
		}
		inc.Settlement = findSettlement(where, settlements)
	}

	// Flags: an explicit «нет» in a flag's own field wins over the wording elsewhere.
	significant, repeat := significRe.MatchString(context), repeatRe.MatchString(context)
	for _, f := range r.all(fieldSignificant) {
		significant = !negativeRe.MatchString(f.value)
	}
	for _, f := range r.all(fieldRepeat) {
		repeat = !negativeRe.MatchString(f.value)
	}
	priority := strings.Contains(strings.ToLower(strings.Join(subjects, " ")), "срочн")
	for _, f := range r.all(fieldPriority) {
		priority = urgentRe.MatchString(f.value) || affirmRe.MatchString(f.value)
	}
	for _, f := range r.all(fieldFlags) {
		significant = significant || significRe.MatchString(f.value)
		repeat = repeat || repeatRe.MatchString(f.value)
		priority = priority || strings.Contains(strings.ToLower(f.value), "срочн")
	}
	inc.SociallySignificant = significant
	inc.Repeat = inc.Repeat || repeat || len(inc.RelatedNumbers) > 0
	inc.Priority = priority
	inc.Unrecognised = strings.Join(unplaced, "\n")
	return inc
}

// Cheap tests in front of the line regular expressions: intake runs them on every line of every notice.

// isSepLine: a separator line, three or more of - = _ * # ~ — – . and nothing else but spaces.
func isSepLine(t string) bool {
	n := 0
	for _, r := range strings.TrimSpace(t) {
		switch r {
		case '-', '=', '_', '*', '#', '~', '—', '–', '.':
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// maybeHeading: «Инцидент 2 из 3», «1.», «№ 2» are short and hold a digit.
func maybeHeading(t string) bool { return len(t) <= 80 && hasDigit(t) }

// maybeFwdMarker: every forward marker opens, after spaces and dashes, with the first letter of «original»,
// «forwarded», «begin», «исходное», «пересланное», «пересылаемое» or «начало».
func maybeFwdMarker(t string) bool {
	t = strings.TrimLeft(t, " \t\n\f\r-") // fwdMarkerRe's \s and dashes
	r, _ := utf8.DecodeRuneInString(t)
	return strings.ContainsRune("oOfFbBиИпПнН", r)
}

// hasPrefixFold is strings.HasPrefix without regard to case, for lower-case ASCII or Cyrillic prefixes, whose
// capitals take as many bytes.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
