// Package screening suggests whether a citizen's message is one П.14 of the regulation excludes from processing:
// obscenity (also masked: «х*й», «бл@дь», Latin «xyйня», digits «6ля», spaced «х у й»), insults, threats to the
// life, health or property of an official or their family, and intent to harm another person.
//
// It owns the word lists and the matching rules and nothing else. A result is a suggestion for the coordinator,
// who confirms «не подлежит отработке» (or not); the package never rejects anything itself. It imports the
// standard library only and must never import domain, storage, mail or UI packages: domain calls it.
package screening

import (
	"sort"
	"strings"
)

// Reason codes, the same as `otklik reject --reason`.
const (
	ReasonHarm    = "harm"
	ReasonInsult  = "insult"
	ReasonObscene = "obscene"
	ReasonThreat  = "threat"
)

// Result is the screening suggestion for one text.
type Result struct {
	Suggested bool
	Reasons   []string // sorted, unique: harm, insult, obscene, threat
	Fragments []string // the matched text as written, in the order it appears
}

// Detector checks texts. It is immutable after New and safe for concurrent use.
type Detector struct {
	extra [][]string      // settings' screening_extra_words, each split into normalised words
	allow map[string]bool // settings' screening_allow_words, normalised
}

// New builds a detector with the settings' lists: extraWords (screening_extra_words) are flagged as obscene,
// each entry a word stem («говн» catches «говно», «говнюк»; an entry of several words is a phrase);
// allowWords (screening_allow_words) are never flagged, whole words compared after normalisation.
func New(extraWords, allowWords []string) *Detector {
	d := &Detector{allow: map[string]bool{}}
	for _, e := range extraWords {
		var words []string
		for _, t := range tokenize(e) {
			words = append(words, t.text)
		}
		if len(words) > 0 {
			d.extra = append(d.extra, words)
		}
	}
	for _, a := range allowWords {
		for _, t := range tokenize(a) {
			d.allow[t.text] = true
		}
	}
	return d
}

// span is a finding: its code and byte range in the text.
type span struct {
	reason     string
	start, end int
}

// Check screens the citizen's text.
func (d *Detector) Check(text string) Result {
	toks := tokenize(text)
	var found []span
	add := func(reason string, from, to *token) {
		found = append(found, span{reason, from.start, to.end})
	}
	for i := range toks {
		t := &toks[i]
		if len(d.allow) > 0 && d.allow[t.text] {
			continue
		}
		if len(d.extra) > 0 && d.extraMatch(toks, i) {
			add(ReasonObscene, t, t)
		}
		if obscene, person := obsceneWord(t); obscene {
			add(ReasonObscene, t, t)
			if person {
				add(ReasonInsult, t, t)
			}
		}
		if from, to, ok := insultAt(toks, i); ok {
			add(ReasonInsult, &toks[from], &toks[to])
		}
		for _, h := range threatsAt(toks, i) {
			add(h.reason, &toks[h.from], &toks[h.to])
		}
	}
	for _, t := range spelledWords(text, toks) {
		if d.allow[t.text] {
			continue
		}
		if obscene, _ := obsceneWord(&t); obscene || d.extraMatch([]token{t}, 0) {
			add(ReasonObscene, &t, &t)
		}
	}
	return summarise(text, found)
}

// extraMatch reports whether a settings' extra entry starts at token i.
func (d *Detector) extraMatch(toks []token, i int) bool {
	for _, words := range d.extra {
		if i+len(words) > len(toks) {
			continue
		}
		ok := true
		for k, w := range words {
			if !strings.HasPrefix(toks[i+k].text, w) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func summarise(text string, found []span) Result {
	res := Result{Reasons: []string{}, Fragments: []string{}}
	if len(found) == 0 {
		return res
	}
	sort.SliceStable(found, func(a, b int) bool { return found[a].start < found[b].start })
	reasons := map[string]bool{}
	seen := map[string]bool{}
	for _, f := range found {
		reasons[f.reason] = true
		frag := text[f.start:f.end]
		if !seen[frag] {
			seen[frag] = true
			res.Fragments = append(res.Fragments, frag)
		}
	}
	for r := range reasons {
		res.Reasons = append(res.Reasons, r)
	}
	sort.Strings(res.Reasons)
	res.Suggested = true
	return res
}
