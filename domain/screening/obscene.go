package screening

import (
	"strings"
	"unicode/utf8"
)

// The obscene roots are matched as prefix + root + a plausible continuation, never as bare substrings: «еб» is
// inside «себе», «небо», «хлебать», «бля» inside «рубля» and «корабля», «хуй» inside «застрахуй». A mask may
// stand for one letter of a root (two of a long one); heavier masking is left to the whole-word templates.

// fits reports whether t holds s at position i, a wild standing for any one letter; wilds counts those used.
func fits(t []rune, i int, s string) (ok bool, wilds int) {
	for _, r := range s {
		if i >= len(t) {
			return false, 0
		}
		switch t[i] {
		case r:
		case wild:
			wilds++
		default:
			return false, 0
		}
		i++
	}
	return true, wilds
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// Prefixes that Russian puts before the roots («на-хуй», «за-еб-али», «вы-бля-док»).
var (
	huiPrefixes = []string{"", "на", "ни", "по", "па", "до", "за", "о", "а", "от", "рас", "раз", "с", "вы", "под",
		"при", "про", "пере", "недо", "у"}
	ebPrefixes = []string{"", "за", "у", "вы", "въ", "вь", "до", "по", "на", "от", "отъ", "оть", "раз", "разъ",
		"разь", "рас", "съ", "сь", "из", "изъ", "изь", "при", "про", "пере", "недо", "под", "подъ", "подь", "объ",
		"взъ", "долбо", "мозго"}
	blyaPrefixes  = []string{"", "вы"}
	pidorPrefixes = []string{"", "рас", "от", "за"}
)

// obsceneRoot reports whether the form carries an obscene root.
func obsceneRoot(t []rune) bool {
	return hasHui(t) || hasPizd(t) || hasEb(t) || hasBlya(t) || hasOtherRoot(t)
}

// hasHui: хуй, хуе, хуё, хуя, хуи, хую after a prefix (охуеть, нихуя, похуй); «застрахуй», «страхуется»,
// «прохудилась», «хутор» and «хулиган» do not fit.
func hasHui(t []rune) bool {
	if ok, w := fits(t, 0, "хули"); ok && w <= 1 && len(t) == 4 {
		return true
	}
	for _, p := range huiPrefixes {
		ok, pw := fits(t, 0, p)
		n := runeLen(p)
		if !ok || pw > 1 || len(t) < n+3 {
			continue
		}
		ok, w := fits(t, n, "ху")
		if !ok {
			continue
		}
		c := t[n+2]
		if c == wild {
			w++
		} else if !strings.ContainsRune("йеяию", c) {
			continue
		}
		if w <= 1 {
			return true
		}
	}
	return false
}

// hasPizd: пизд/пезд/писд/пизж anywhere in the word (спиздили, распиздяй, пиздёж); no ordinary word holds them.
func hasPizd(t []rune) bool {
	for i := 0; i+4 <= len(t); i++ {
		if t[i] != 'п' && t[i] != wild {
			continue
		}
		for _, root := range [...]string{"пизд", "пезд", "писд", "пизж"} {
			if ok, w := fits(t, i, root); ok && w <= 1 && t[i] == 'п' {
				return true
			}
		}
	}
	return false
}

// hasEb: еб after a prefix, followed by what only the verb's forms have (ебать, ебал, ебу, ебло, ебнуть,
// выебываться, заебись, уебок, ебет). «себе», «небо», «хлебать», «учеба», «дебаты», «вебинар» have no prefix
// before «еб»; «съеб» needs the hard sign because «себестоимость» has none.
func hasEb(t []rune) bool {
	if ok, _ := fits(t, 0, "ебург"); ok {
		return false // Yekaterinburg's nickname
	}
	for _, p := range ebPrefixes {
		ok, pw := fits(t, 0, p)
		n := runeLen(p)
		if !ok || pw > 0 || len(t) < n+2 {
			continue
		}
		ok, w := fits(t, n, "еб")
		if !ok || w > 1 {
			continue
		}
		tail := t[n+2:]
		if len(tail) == 0 {
			if p == "" && w == 0 {
				return true // «ёб твою мать»
			}
			continue
		}
		if w == 1 && tail[0] == wild && len(tail) < 2 {
			continue
		}
		switch c := tail[0]; {
		case c == wild || strings.ContainsRune("аулныио", c):
			return true
		case c == 'е' && len(tail) >= 2 && strings.ContainsRune("тшнм", tail[1]):
			return true
		}
	}
	return false
}

// hasBlya: бля, блядь, блять, блят, выблядок; «бляха», «бляшка» and the surname «Бляхин» are not it, nor
// «рубля», «корабля», «гребля», «оглобля», «сабля» (no «бля» at the word's start).
func hasBlya(t []rune) bool {
	for _, p := range blyaPrefixes {
		ok, pw := fits(t, 0, p)
		n := runeLen(p)
		if !ok || pw > 0 {
			continue
		}
		for _, root := range [...]string{"бля", "блеа"} {
			ok, w := fits(t, n, root)
			if !ok || w > 1 {
				continue
			}
			end := n + runeLen(root)
			if end < len(t) && (t[end] == 'х' || t[end] == 'ш') {
				continue
			}
			return true
		}
	}
	return false
}

// Roots that are recognised at the start of the word only.
var (
	mudStarts    = []string{"мудак", "мудач", "мудил", "мудл", "мудозвон", "мудоеб", "мудох"}
	pidorStarts  = []string{"пидор", "пидар", "пидр", "пидер", "педрил"}
	otherStarts  = []string{"залуп", "гандон", "гондон", "шлюх", "шлюш", "мандавош", "сучар", "ссуч", "сученыш"}
	mandaForms   = []string{"манда", "манды", "манде", "манду", "мандой", "мандою"}
	sukaForms    = []string{"сука", "суки", "суке", "сукой", "суку", "сукою"}
	mudPrefixes  = []string{"", "от", "об"}
	startsFitted = func(t []rune, n int, roots []string) bool {
		for _, root := range roots {
			if ok, w := fits(t, n, root); ok && w*3 <= runeLen(root) {
				return true
			}
		}
		return false
	}
	wholeFitted = func(t []rune, forms []string) bool {
		for _, f := range forms {
			if runeLen(f) == len(t) {
				if ok, w := fits(t, 0, f); ok && w <= 1 {
					return true
				}
			}
		}
		return false
	}
)

// hasOtherRoot: мудак/мудила (not «мудрый», «Мудров»), пидор/пидарас (not «скипидар»), залупа, гандон, шлюха,
// манда (not «команда», «мандарин», «мандат», «Мандрыкин»), сука/сучара (not «сукно», «Сукачёв», «Сучков»).
func hasOtherRoot(t []rune) bool {
	if len(t) == 0 || t[0] == wild {
		return false
	}
	for _, p := range mudPrefixes {
		if ok, _ := fits(t, 0, p); ok && p == string(t[:runeLen(p)]) && startsFitted(t, runeLen(p), mudStarts) {
			return true
		}
	}
	for _, p := range pidorPrefixes {
		if ok, _ := fits(t, 0, p); ok && p == string(t[:runeLen(p)]) && startsFitted(t, runeLen(p), pidorStarts) {
			return true
		}
	}
	return startsFitted(t, 0, otherStarts) || wholeFitted(t, mandaForms) || wholeFitted(t, sukaForms)
}

// personNoun lists obscene words that name a person; aimed at someone they are an insult as well.
var personNoun = []string{"мудак", "мудач", "мудил", "мудозвон", "пидор", "пидар", "пидр", "пидер", "гандон",
	"гондон", "уебок", "уебищ", "уебан", "ебанат", "еблан", "ебанут", "долбоеб", "хуесос", "хуил", "хуйл",
	"пиздабол", "распиздя", "шлюх", "шлюш", "выблядок", "выблядк", "блядин", "сучар", "мудло", "залупоглаз"}

func namesPerson(form []rune) bool {
	s := string(form)
	for _, p := range personNoun {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// Whole words for heavy masking, where too few letters are left for the roots: «п****ц», «б***ь», «х**».
var maskedTemplates = func() [][]rune {
	words := []string{"хуй", "хуя", "хуе", "хуи", "хую", "нахуй", "нахуя", "похуй", "нихуя", "дохуя", "охуеть",
		"охуел", "охуели", "охуенно", "хуйня", "хуево", "хуевый", "хуета", "пизда", "пизды", "пиздец", "пиздит",
		"пиздеж", "пиздеть", "спиздили", "блядь", "блять", "бля", "бляди", "блядский", "ебать", "ебал", "ебали",
		"ебаный", "ебанный", "ебануть", "ебанутый", "заебал", "заебали", "заебись", "выебал", "наебал", "наебали",
		"проебали", "уебок", "уебан", "еблан", "сука", "суки", "мудак", "мудаки", "мудила", "пидор", "пидоры",
		"пидорас", "пидорасы", "гандон", "гандоны", "долбоеб", "долбоебы", "пиздабол", "распиздяй", "хуесос",
		"залупа"}
	out := make([][]rune, len(words))
	for i, w := range words {
		out[i] = []rune(w)
	}
	return out
}()

// maskedTemplate returns the template a heavily masked word fits, or nil. A run of k masks may stand for k-1 to
// k+1 letters, since writers rarely count them; the first letter must be written.
func maskedTemplate(t []rune, real int) []rune {
	if len(t) == 0 || t[0] == wild {
		return nil
	}
	for _, tpl := range maskedTemplates {
		if tpl[0] != t[0] || real*3 < len(tpl) || (real < 2 && len(tpl) > 4) {
			continue
		}
		if fitsFlexible(t, 0, tpl, 0) {
			return tpl
		}
	}
	return nil
}

func fitsFlexible(t []rune, i int, tpl []rune, j int) bool {
	if i == len(t) {
		return j == len(tpl)
	}
	if t[i] != wild {
		return j < len(tpl) && t[i] == tpl[j] && fitsFlexible(t, i+1, tpl, j+1)
	}
	k := 0
	for i+k < len(t) && t[i+k] == wild {
		k++
	}
	for m := max(1, k-1); m <= k+1; m++ {
		if j+m <= len(tpl) && fitsFlexible(t, i+k, tpl, j+m) {
			return true
		}
	}
	return false
}

// Swearing transliterated into Latin («blyat», «pizdec», «nahuy»).
var latinObscene = newWordSet("huy*", "huj*", "hui", "huila", "xuy*", "xyu*", "xuj*", "nahu*", "pohu*", "nihu*",
	"ohuel*", "ohuet*", "ahuet*", "pizd*", "pisd*", "pezd*", "blya*", "blja*", "blia*", "bljat", "ebat*", "eban*",
	"ebal*", "ebla*", "ebu", "yeba*", "yob", "yoban*", "zaeb*", "zaib*", "vyeb*", "uebok*", "ueban*", "mudak*",
	"mudil*", "pidor*", "pidar*", "pidr", "pidry", "gandon*", "gondon*", "shluh*", "suka", "suki", "suchar*",
	"dolboeb*", "dolboyob*")

// obsceneWord reports whether a token is obscene and whether it also names a person.
func obsceneWord(t *token) (obscene, person bool) {
	if t.latin != "" && latinObscene.has(t.latin) {
		return true, false
	}
	for _, f := range t.forms {
		if t.masked && t.real < 2 {
			break
		}
		if obsceneRoot(f) {
			return true, namesPerson(f)
		}
	}
	if t.masked {
		for _, f := range t.forms {
			if tpl := maskedTemplate(f, t.real); tpl != nil {
				return true, namesPerson(tpl)
			}
		}
	}
	return false, false
}
