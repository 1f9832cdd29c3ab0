package screening

// The obscene roots are matched as prefix + root + a plausible continuation, never as bare substrings: «еб» is
// inside «себе», «небо», «хлебать», «бля» inside «рубля» and «корабля», «хуй» inside «застрахуй». A mask may
// stand for one letter of a root (two of a long one); heavier masking is left to the whole-word templates.

// fits reports whether t holds s at position i, a wild standing for any one letter; wilds counts those used.
func fits(t []rune, i int, s []rune) (ok bool, wilds int) {
	if i+len(s) > len(t) {
		return false, 0
	}
	for _, r := range s {
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

// runesOf converts pattern lists once, so matching never decodes UTF-8.
func runesOf(words ...string) [][]rune {
	out := make([][]rune, len(words))
	for i, w := range words {
		out[i] = []rune(w)
	}
	return out
}

// startsExactly reports whether t starts with p, letter for letter (no wild).
func startsExactly(t, p []rune) bool {
	if len(p) > len(t) {
		return false
	}
	for i, r := range p {
		if t[i] != r {
			return false
		}
	}
	return true
}

// Prefixes that Russian puts before the roots («на-хуй», «за-еб-али», «вы-бля-док»).
var (
	huiPrefixes = runesOf("", "на", "ни", "по", "па", "до", "за", "о", "а", "от", "рас", "раз", "с", "вы", "под",
		"при", "про", "пере", "недо", "у")
	ebPrefixes = runesOf("", "за", "у", "вы", "въ", "вь", "до", "по", "на", "от", "отъ", "оть", "раз", "разъ",
		"разь", "рас", "съ", "сь", "из", "изъ", "изь", "при", "про", "пере", "недо", "под", "подъ", "подь", "объ",
		"взъ", "долбо", "мозго")
	blyaPrefixes      = runesOf("", "вы")
	pidorPrefixes     = runesOf("", "рас", "от", "за")
	huliWord          = []rune("хули")
	huRoot            = []rune("ху")
	pizdRoots         = runesOf("пизд", "пезд", "писд", "пизж")
	yekaterinburgNick = []rune("ебург")
	ebRoot            = []rune("еб")
	blyaRoots         = runesOf("бля", "блеа", "блиа")
	ipotekaStem       = []rune("ипот")
)

// letterSet is a bitmask of the letters а…я in a form, to skip the roots whose letters it lacks.
type letterSet uint32

func bit(r rune) letterSet { return 1 << (r - 'а') }

func lettersOf(t []rune) (set letterSet, masked bool) {
	for _, r := range t {
		switch {
		case r == wild:
			masked = true
		case r >= 'а' && r <= 'я':
			set |= bit(r)
		}
	}
	return set, masked
}

func (s letterSet) has(letters string) bool {
	for _, r := range letters {
		if s&bit(r) == 0 {
			return false
		}
	}
	return true
}

// obsceneRoot reports whether the form carries an obscene root.
func obsceneRoot(t []rune) bool {
	set, masked := lettersOf(t)
	if masked {
		return hasHui(t) || hasPizd(t) || hasEb(t) || hasBlya(t) || hasOtherRoot(t)
	}
	// Each root family needs its letters: «пизд» and «пизж» a п with a д or ж; the others of hasOtherRoot
	// (мудак, пидор, залупа, гандон, манда, сука, шлюха, пздц, заипали) a с, д, п or шл.
	return set.has("ху") && hasHui(t) || set.has("п") && (set.has("д") || set.has("ж")) && hasPizd(t) ||
		set.has("еб") && hasEb(t) || set.has("бл") && hasBlya(t) ||
		(set.has("с") || set.has("д") || set.has("п") || set.has("шл")) && hasOtherRoot(t)
}

// hasHui: хуй, хуе, хуё, хуя, хуи, хую after a prefix (охуеть, нихуя, похуй); «застрахуй», «страхуется»,
// «прохудилась», «хутор» and «хулиган» do not fit.
func hasHui(t []rune) bool {
	if ok, w := fits(t, 0, huliWord); ok && w <= 1 && len(t) == 4 {
		return true
	}
	for _, p := range huiPrefixes {
		ok, pw := fits(t, 0, p)
		n := len(p)
		if !ok || pw > 1 || len(t) < n+3 {
			continue
		}
		ok, w := fits(t, n, huRoot)
		if !ok {
			continue
		}
		c := t[n+2]
		if c == wild {
			w++
		} else if c != 'й' && c != 'е' && c != 'я' && c != 'и' && c != 'ю' {
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
		for _, root := range pizdRoots {
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
	if ok, _ := fits(t, 0, yekaterinburgNick); ok {
		return false // Yekaterinburg's nickname
	}
	for _, p := range ebPrefixes {
		ok, pw := fits(t, 0, p)
		n := len(p)
		if !ok || pw > 0 || len(t) < n+2 {
			continue
		}
		ok, w := fits(t, n, ebRoot)
		if !ok || w > 1 {
			continue
		}
		tail := t[n+2:]
		if len(tail) == 0 {
			if w == 0 {
				return true // «ёб твою мать», «долбоёб», «заёб»
			}
			continue
		}
		if w == 1 && tail[0] == wild && len(tail) < 2 {
			continue
		}
		switch c := tail[0]; c {
		case wild, 'а', 'у', 'л', 'н', 'ы', 'и', 'о':
			return true
		case 'е':
			if len(tail) >= 2 && (tail[1] == 'т' || tail[1] == 'ш' || tail[1] == 'н' || tail[1] == 'м') {
				return true
			}
		}
	}
	return false
}

// hasBlya: бля, блядь, блять, блят, выблядок; «бляха», «бляшка», «блямба» and the surname «Бляхин» are not it, nor
// «рубля», «корабля», «гребля», «оглобля», «сабля» (no «бля» at the word's start).
func hasBlya(t []rune) bool {
	for _, p := range blyaPrefixes {
		ok, pw := fits(t, 0, p)
		n := len(p)
		if !ok || pw > 0 {
			continue
		}
		for _, root := range blyaRoots {
			ok, w := fits(t, n, root)
			if !ok || w > 1 {
				continue
			}
			end := n + len(root)
			if end < len(t) && (t[end] == 'х' || t[end] == 'ш' || t[end] == 'м') { // бляха, бляшка, блямба
				continue
			}
			return true
		}
	}
	return false
}

// ipPrefixes: «заипали», «наипал» spell «еб» as «ип» to dodge filters; without a prefix «ип» starts «ипотека».
var ipPrefixes = runesOf("за", "на", "вы", "у", "про", "до", "от", "отъ", "съ", "при")

// hasIp: prefix + ип + а/и/у, the euphemistic spelling of the «еб» verbs; «ипотека» and «ипподром» have no prefix.
func hasIp(t []rune) bool {
	for _, p := range ipPrefixes {
		n := len(p)
		if len(t) < n+3 || !startsExactly(t, p) {
			continue
		}
		if c := t[n+2]; t[n] == 'и' && t[n+1] == 'п' && (c == 'а' || c == 'и' || c == 'у') {
			if ok, _ := fits(t, n, ipotekaStem); !ok && !(string(p) == "на" && len(t) > n+3 && t[n+3] == 'ч') { // наипаче
				return true
			}
		}
	}
	return false
}

// Roots that are recognised at the start of the word only.
var (
	mudStarts   = runesOf("мудак", "мудач", "мудил", "мудл", "мудозвон", "мудоеб", "мудох")
	pidorStarts = runesOf("пидор", "пидар", "пидр", "пидер", "педрил")
	otherStarts = runesOf("залуп", "гандон", "гондон", "шлюх", "шлюш", "мандавош", "сучар", "ссуч", "сученыш")
	mandaForms  = runesOf("манда", "манды", "манде", "манду", "мандой", "мандою")
	sukaForms   = runesOf("сука", "суки", "суке", "сукой", "суку", "сукою", "сцука", "сцуко", "сцуки")
	// Vowel-less abbreviations of «пиздец».
	abbreviations = runesOf("пздц", "пзд", "пзц")
	mudPrefixes   = runesOf("", "от", "об")
	startsFitted  = func(t []rune, n int, roots [][]rune) bool {
		for _, root := range roots {
			if ok, w := fits(t, n, root); ok && w*3 <= len(root) {
				return true
			}
		}
		return false
	}
	wholeFitted = func(t []rune, forms [][]rune) bool {
		for _, f := range forms {
			if len(f) == len(t) {
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
		if startsExactly(t, p) && startsFitted(t, len(p), mudStarts) {
			return true
		}
	}
	for _, p := range pidorPrefixes {
		if startsExactly(t, p) && startsFitted(t, len(p), pidorStarts) {
			return true
		}
	}
	return startsFitted(t, 0, otherStarts) || wholeFitted(t, mandaForms) || wholeFitted(t, sukaForms) ||
		wholeFitted(t, abbreviations) || hasIp(t)
}

// personNoun lists obscene words that name a person; aimed at someone they are an insult as well.
var personNoun = runesOf("мудак", "мудач", "мудил", "мудозвон", "пидор", "пидар", "пидр", "пидер", "гандон",
	"гондон", "уебок", "уебище", "уебища", "уебищем", "уебан", "ебанат", "еблан", "ебанут", "долбоеб", "хуесос", "хуил", "хуйл",
	"пиздабол", "распиздя", "шлюх", "шлюш", "выблядок", "выблядк", "блядин", "сучар", "мудло", "залупоглаз")

func namesPerson(form []rune) bool {
	for _, p := range personNoun {
		n := len(p)
		for i := 0; i+n <= len(form); i++ {
			if ok, w := fits(form, i, p); ok && w <= 1 && form[i] != wild {
				return true
			}
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
	if len(t) == 0 || t[0] == wild || len(t) > maxTemplateLen+4 || maskRuns(t) > 4 {
		return nil // no template is that long; and each run triples the ways to fit, so keep them few
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

var maxTemplateLen = func() int {
	n := 0
	for _, t := range maskedTemplates {
		n = max(n, len(t))
	}
	return n
}()

func maskRuns(t []rune) int {
	runs := 0
	for i, r := range t {
		if r == wild && (i == 0 || t[i-1] != wild) {
			runs++
		}
	}
	return runs
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
	// With one written letter («х**») only a whole-word template can tell what was masked.
	for k := 0; k < t.formCount() && !(t.masked && t.real < 2); k++ {
		if f := t.form(k); obsceneRoot(f) {
			return true, namesPerson(f)
		}
	}
	if t.masked {
		for k := 0; k < t.formCount(); k++ {
			if tpl := maskedTemplate(t.form(k), t.real); tpl != nil {
				return true, namesPerson(tpl)
			}
		}
	}
	return false, false
}
