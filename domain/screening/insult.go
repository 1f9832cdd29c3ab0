package screening

// Insults (П.14 «оскорбительные выражения»). Words that only ever name a person with contempt count wherever they
// stand; animal words («скотина», «козлы», «свиньи») and «тупые» count only when aimed at someone, because a
// rural district keeps livestock and blunt tools. Angry but lawful words («безобразие», «позор», «обнаглели»,
// «воры» as a plain accusation, «хулиганы») are not in the lists.

// insultAlways names a person with contempt whatever surrounds it.
var insultAlways = newWordSet(
	"дармоед*", "бездельник*", "бездельниц*", "тунеяд*", "кровопийц*", "кровосос*", "мразь", "мрази", "мразей",
	"мразям", "мразями", "мразот*", "ублюд*", "сволоч*", "подонок", "подонк*", "негодя*", "мерзав*",
	"ничтожество", "ничтожества", "ничтожеств", "идиот*", "!идиотск*", "!идиотизм*", "дебил*", "!дебильн*",
	"кретин*", "!кретинск*", "!кретинизм*", "придур*", "дегенерат*", "!дегенератив*", "имбецил*", "олух*",
	"недоумк*", "недоумок", "отморозк*", "отморозок", "урод", "урода", "уроду", "уродом", "уроде", "уроды",
	"уродов", "уродам", "уродами", "уродина", "уродины", "уродец", "уродцы", "ворюг*", "ворье", "ворьем", "жулье",
	"жульем", "тварь", "твари", "тварей", "тварям", "тварями", "тварюг*", "гнида", "гниды", "гнид", "гнидам",
	"гнидами", "гниду", "гнидой", "упырь", "упыри", "упырей", "упырям", "дурак", "дурака", "дураку", "дураком",
	"дураки", "дураков", "дуракам", "дураками", "дурачье", "дура", "дуры", "дурой", "тупиц*", "тупорыл*",
	"тупоголов*", "безмозгл*", "пустоголов*", "скоты", "скотов", "скотам", "скотами", "шакал*", "гадина",
	"гадины", "гадье", "холуи", "холуй", "холуев", "лизоблюд*", "падла", "падлы", "падлой", "падлу", "чмо",
	"чмошник*", "чмыр*", "быдло", "быдлом", "быдлу", "быдла", "хамло", "шалав*", "бестолоч*", "бездари",
	"бездарь", "бездарей", "недонос*", "выродк*", "выродок", "паскуд*", "стерва", "стервы", "стервой",
	"педик*", "!педикюр*", "!педикул*", "!педикеб*", "козлина", "козлины", "козлиной", "свинота", "сдохни", "сдохните", "ушлепк*", "ушлепок",
	"говнюк*", "засранц*", "засранец", "дибил*", "дэбил*", "сволот*", "жлоб*",
	"педераст*", "хачи", "хачей", "хачам", "хачик*", "жид", "жиды", "жидов", "жидам", "жидовск*", "черномаз*",
	"нерусь", "быдл*",
)

// insultAnimal needs a person nearby or an address of its own, and no livestock around it in the sentence.
// «козлов» is left out: it is the commonest surname of the district's lists.
var insultAnimal = newWordSet(
	"скотина", "скотины", "скотиной", "скотину", "скотине", "козел", "козла", "козлу", "козлом", "козлы",
	"козлам", "козлами", "свинья", "свиньи", "свиней", "свиньям", "свиньями", "свинью", "баран", "бараны",
	"баранов", "баранам", "осел", "ослы", "ослов", "гад", "гады", "гадов", "гадам", "гадами", "паразит",
	"паразиты", "паразитов", "паразитам", "паразитами",
)

// insultWeak is contemptuous only about people: «тупые чиновники», not «тупые ножи».
var insultWeak = newWordSet(
	"тупой", "тупая", "тупые", "тупых", "тупым", "тупыми", "тупого", "тупому", "тупое", "криворук*",
	"дебильн*", "конченн*", "конченый", "конченые", "конченая", "конченых", "конченым", "конченого", "конченое",
)

// personWords mark that a word is aimed at someone.
var personWords = newWordSet(
	"вы", "ты", "вас", "тебя", "вам", "тебе", "они", "он", "она", "эти", "этот", "эта", "этих", "такие", "такой",
	"такая", "там", "сами", "люди", "человек", "чиновник*", "чинуш*", "депутат*", "администрац*", "глава",
	"главы", "главу", "главе", "главой", "мэр", "мэра", "мэру", "мэром", "начальник*", "начальств*",
	"руководител*", "руководств*", "директор*", "сотрудник*", "сотрудниц*", "работник*", "служащ*", "власт*",
	"водител*", "специалист*", "управляющ*", "коммунальщик*", "дорожник*", "строител*", "рабоч*", "подрядчик*",
	"зам", "замы", "замов", "председател*", "губернатор*", "врач*", "учител*", "продавц*", "продавщиц*",
	"кондуктор*", "диспетчер*", "оператор*", "полицейск*", "участков*", "бюрократ*", "сосед*",
)

// livestockWords show that an animal word means animals (or sawhorses: «козлы для пилки дров»).
var livestockWords = newWordSet(
	"пасти", "пасет", "пасут", "пасем", "пасла", "пасли", "пасется", "пасутся", "пастух*", "пастбищ*", "выпас*",
	"выгон*", "корм*", "покорм*", "накорм*", "сено", "сена", "сеном", "сенокос*", "ферм*", "хлев*", "загон*",
	"стад*", "падеж*", "пала", "пали", "ветеринар*", "ветврач*", "прививк*", "привив*", "коров*", "овц*", "овец",
	"свиней", "свинь*", "поросят*", "коз", "коза", "козы", "козу", "козой", "козам", "бык*", "телят*", "телен*",
	"лошад*", "подворь*", "хозяйств*", "держим", "держу", "держать", "держат", "держит", "забой*", "поголовь*",
	"скотомогильник*", "скотобойн*", "молок*", "доить", "дойк*", "рог*", "бод*", "огород*", "капуст*", "дров*",
	"пилк*", "пилит*", "распил*", "бревн*", "колхоз*", "птиц*", "кур", "куры", "гус*", "сарай*", "скот", "скота",
	"скоту", "скотом", "глист*", "вредител*", "растени*", "деревь*", "кишечн*", "рыб*",
)

// deathWishMarkers turn «сдохли» into a curse: «чтоб вы сдохли».
var deathWishMarkers = newWordSet("чтоб", "чтобы", "пусть", "штоб")

var deathWish = newWordSet("сдохли", "сдох", "сдохла", "сдохнуть", "сдохнете", "сдохнешь", "подохли", "подохнуть")

// within calls f for the tokens of i's sentence at most n words away from it, nearest first, until f is true.
func within(toks []token, i, n int, f func(j int) bool) bool {
	for d := 1; d <= n; d++ {
		for _, j := range [2]int{i - d, i + d} {
			if j >= 0 && j < len(toks) && toks[j].sentence == toks[i].sentence && f(j) {
				return true
			}
		}
	}
	return false
}

// sentenceReach bounds how far a sentence is searched each way, so a text that is one endless sentence still
// costs linear time.
const sentenceReach = 40

// inSentence reports whether a word of set is in i's sentence (other than i itself).
func inSentence(toks []token, i int, set wordSet) bool {
	for j := i - 1; j >= 0 && j >= i-sentenceReach && toks[j].sentence == toks[i].sentence; j-- {
		if set.has(toks[j].text) {
			return true
		}
	}
	for j := i + 1; j < len(toks) && j <= i+sentenceReach && toks[j].sentence == toks[i].sentence; j++ {
		if set.has(toks[j].text) {
			return true
		}
	}
	return false
}

// insultWords is the pre-filter: a word outside it is no insult.
var insultWords = unionOf(insultAlways, insultAnimal, insultWeak, deathWish)

// insultAt reports an insult at token i and the range of tokens that carry it.
func insultAt(toks []token, i int) (from, to int, ok bool) {
	w := toks[i].text
	if !insultWords.has(w) {
		return 0, 0, false
	}
	aimed := func() bool {
		return within(toks, i, 4, func(j int) bool { return personWords.has(toks[j].text) })
	}
	switch {
	case insultAlways.has(w):
		return i, i, true
	case insultAnimal.has(w):
		if (toks[i].standalone || aimed()) && !inSentence(toks, i, livestockWords) {
			return i, i, true
		}
	case insultWeak.has(w):
		if toks[i].standalone || aimed() {
			return i, i, true
		}
	case deathWish.has(w):
		for j := i - 1; j >= 0 && j >= i-3 && toks[j].sentence == toks[i].sentence; j-- {
			if deathWishMarkers.has(toks[j].text) {
				return j, i, true
			}
		}
	}
	return 0, 0, false
}
