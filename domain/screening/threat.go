package screening

// Threats to an official or their family or property, and intent to harm another person (П.14). Only the
// writer's own intent counts: a first-person future verb («убью», «сожгу», «отравлю») or a fixed threatening
// phrase («мало не покажется», «найду, где ты живёшь»). Past and third-person forms describe what happened
// («убили дорогу», «трубы взорвались», «сосед грозится убить») and are lawful complaints. The person named nearest
// decides the code: an official, «ты/вы» or their family makes it a threat, a neighbour, a driver or a dog
// makes it harm.

var ws = newWordSet

// Who or what a threat is aimed at.
var (
	officialTargets = ws("глава", "главу", "главе", "главы", "главой", "чиновник*", "чиновниц*", "чинуш*",
		"депутат*", "мэр", "мэра", "мэру", "мэром", "мэри*", "администрац*", "начальник*", "начальств*",
		"руководител*", "руководств*", "директор*", "председател*", "специалист*", "сотрудник*", "сотрудниц*",
		"губернатор*", "прокурор*", "судья", "судью", "судье", "полицейск*", "участков*", "министр*",
		"заместител*", "зама", "заму", "замов", "власт*", "ты", "тебя", "тебе", "тобой", "вы", "вас", "вам",
		"вами", "твой", "твою", "твоих", "твоя", "твоего", "твоей", "твоим", "твое", "твои", "ваш", "вашу",
		"ваших", "ваша", "вашего", "вашей", "вашим", "вашему", "вашими", "ваши", "ваше", "семью", "семье", "семьи",
		"семья", "семьей", "детей", "дети", "детям", "детьми", "жену", "жене", "жена", "мужа", "родных",
		"родственник*", "дочь", "дочку", "дочери", "сына", "сыну", "внуков", "внука", "внучку")
	thirdParties = ws("сосед*", "собак*", "собач*", "пса", "псов", "псу", "псам", "псину", "псин*", "кошк*",
		"кошек", "кот", "кота", "коту", "котов", "котам", "котят*", "щен*", "водител*", "алкаш*", "пьяниц*",
		"пьянчуг*", "наркоман*", "бомж*", "цыган*", "мигрант*", "гастарбайтер*", "подростк*", "малолет*",
		"школьник*", "мальчишк*", "пацан*", "хозяин*", "хозяйк*", "таксист*", "фельдшер*", "врач*", "учител*",
		"продавц*", "продавщиц*", "жильц*", "квартирант*", "арендатор*", "фермер*", "старик*", "мужик*",
		"бабк*")
	propertyTargets = ws("дом", "доме", "домом", "машин*", "автомобил*", "тачк*", "администрац*", "контор*",
		"кабинет*", "здани*", "офис*", "гараж*", "сарай*", "дач*", "окн*", "окон", "стекл*", "двер*", "ворот*",
		"избу", "изба", "хату", "хата", "баню", "баня", "имуществ*", "мэри*", "магазин*", "ларек", "ларьк*",
		"сельсовет*", "поссовет*", "управ*")
	// «найду тебя», «твоих детей найду» threaten; «найду на вас управу» is lawful and guarded by seekGuards.
	seekTargets = ws("тебя", "вас", "твоих", "ваших", "твою", "вашу", "твоего", "вашего", "твоей", "вашей",
		"семью", "детей", "жену", "мужа", "дочь", "дочку", "сына", "внуков", "родных")
	seekGuards = ws("управ*", "время", "деньги", "способ*", "правду", "справедливост*", "документ*", "адрес*",
		"телефон*", "номер*", "виноват*", "ответ*")
	// «доберусь до губернатора» is a lawful promise to complain; only «до тебя», «до ваших детей» threaten.
	reachTargets = ws("тебя", "вас", "твоих", "ваших", "твоей", "вашей", "твоего", "вашего", "семьи", "детей",
		"жены", "мужа", "родных", "дочери", "сына", "внуков", "каждого", "всех", "него", "нее")
	// Words that show the writer means a lawful step («мало не покажется, когда напишем в прокуратуру»).
	lawfulSteps = ws("прокурат*", "прокурор*", "суд", "суда", "суде", "судом", "суды", "судебн*", "засуж*",
		"жалоб*", "пожалу*", "губернатор*", "президент*", "сми", "телевиден*", "газет*", "москв*", "заявлени*",
		"выбор*", "проверк*", "полици*", "путин*", "надзор*", "инспекц*", "обращени*", "митинг*", "пикет*",
		"голос*", "штраф*", "закон*")
	// A threat quoted after these words is reported, not made («сосед кричит: „убью“»).
	reportingWords = ws("угрож*", "кричал*", "кричит", "кричат", "орал*", "орет", "заявил*", "сказал*",
		"говорит", "говорил*", "обещал*", "пообещал*", "грозит*", "грозил*", "пригрозил*", "написал*", "пишет")
	// The writer hurting themself («ноги себе переломаю на вашей дороге») is a complaint.
	selfWords = ws("себе", "себя", "свои", "свою", "свой")
)

// Objects that make a violent verb ordinary when no person is named with it.
var (
	timeObjects = ws("время", "времени", "полдня", "день", "денек", "вечер", "выходные", "час", "часа", "часы",
		"нервы", "себя", "себе", "комар*", "мух*", "таракан*", "моль", "зайц*")
	nailObjects = ws("табличк*", "полк*", "гвозд*", "доск*", "объявлен*", "вывеск*", "лист*", "знак*", "ящик*",
		"крышк*", "плинтус*", "забор*", "штакетник*", "номер*", "карниз*", "скворечник*", "кормушк*", "рейк*",
		"фанер*", "плакат*")
	digObjects = ws("ям*", "канав*", "траншею", "траншеи", "колею", "колеи", "мусор*",
		"воронк*", "кабел*", "труб*", "септик*", "выбоин*", "котлован*", "дыр*", "ров", "кювет*")
	slaughterObjects = ws("кур", "куриц*", "петух*", "гус*", "утк*", "свин*", "бычк*", "баран*", "кролик*",
		"барашк*", "теленк*", "телят*", "порос*", "дров*", "дерев*", "скот*")
	pestObjects = ws("тарака*", "крыс", "крысы", "крысам", "крысами", "мыш*", "клоп*", "жук*", "колорадск*",
		"комар*", "мух", "мухи", "блох*", "сорняк*", "борщевик*", "крот*", "муравь*", "вредител*", "гусениц*",
		"слизн*", "тлю", "тля", "клещ*", "ос", "шершн*", "себя", "грызун*", "моль")
	burnObjects = ws("мусор*", "листв*", "листья", "траву", "ботв*", "дров*", "костер*", "квитанц*", "бумаг*",
		"документ*", "отход*", "хлам*", "покрышк*", "сухостой*", "печ*", "проводк*", "технику", "нервы", "калори*",
		"жир*", "себя", "свой", "свою", "свои", "петард*", "салют*", "фейерверк*", "мозг*", "интернет*", "соцсет*",
		"сеть", "чат*", "письм*", "счет*", "тетрад*")
	cutObjects = ws("ленточк*", "провод*", "кабел*", "труб*", "дорог*", "путь", "веревк*", "пуповин*", "шланг*",
		"сетк*", "забор*")
	complaintObjects = ws("жалоб*", "письм*", "заявлен*", "обращен*", "вопрос*", "запрос*", "экзамен*", "сессию")
	hangObjects      = ws("объявлен*", "табличк*", "полк*", "штор*", "замок", "флаг*", "бель*", "плакат*",
		"фонар*", "гирлянд*", "вывеск*", "картин*", "ящик*", "кормушк*", "замки")
)

// verbRule says how a first-person verb reads.
type verbRule struct {
	reason     string  // when no named person decides
	needPerson bool    // only with a person named near it («замочу» alone is laundry)
	property   bool    // a building, a car or an office counts as the target too («сожгу администрацию»)
	targets    wordSet // when set, only these targets make it a threat («доберусь до тебя»)
	guards     wordSet // objects that make it ordinary («прибью табличку», «закопаю яму»)
}

var threatVerbs = func() map[string]*verbRule {
	m := map[string]*verbRule{}
	add := func(r *verbRule, forms ...string) {
		for _, f := range forms {
			m[f] = r
		}
	}
	add(&verbRule{reason: ReasonThreat, guards: timeObjects}, "убью", "убьем")
	add(&verbRule{reason: ReasonThreat, guards: nailObjects}, "прибью", "прибьем")
	add(&verbRule{reason: ReasonThreat, guards: wordSet{}}, "урою", "уроем", "пристрелю", "пристрелим", "застрелю",
		"застрелим", "перестреляю", "перестреляем", "расстреляю", "расстреляем", "задушу", "задушим", "придушу",
		"придушим", "удавлю", "удавим", "прикончу", "прикончим", "порешу", "порешим", "четвертую", "подкараулю",
		"подкараулим", "подстерегу", "подстережем", "пришью", "пришьем", "кокну", "укокошу", "ухайдокаю",
		"изнасилую")
	add(&verbRule{reason: ReasonThreat, guards: cutObjects}, "перережу", "перережем")
	add(&verbRule{reason: ReasonThreat, guards: slaughterObjects}, "зарежу", "зарежем", "прирежу", "прирежем",
		"зарублю", "зарубим")
	add(&verbRule{reason: ReasonThreat, guards: digObjects}, "закопаю", "закопаем")
	add(&verbRule{reason: ReasonHarm, guards: wordSet{}}, "покалечу", "покалечим", "искалечу", "искалечим", "изувечу",
		"изувечим", "изобью", "изобьем", "отлуплю", "отлупим", "отметелю", "отметелим", "отпизжу", "отмудохаю",
		"измордую", "отдубашу")
	add(&verbRule{reason: ReasonHarm, guards: pestObjects}, "отравлю", "отравим", "потравлю", "потравим",
		"травану", "траванем")
	add(&verbRule{reason: ReasonThreat, needPerson: true, guards: wordSet{}}, "замочу", "замочим", "грохну", "грохнем",
		"уничтожу", "уничтожим", "порву", "порвем", "перебью", "перебьем", "задавлю", "задавим", "утоплю",
		"утопим", "раздавлю", "раздавим", "пришибу", "пришибем", "расправлюсь", "расправимся", "разделаюсь",
		"разделаемся", "отомщу", "отомстим", "выстрелю", "выстрелим", "порежу", "порежем", "подстрелю",
		"подстрелим", "вырежу", "вырежем")
	add(&verbRule{reason: ReasonThreat, needPerson: true, guards: complaintObjects}, "завалю", "завалим")
	add(&verbRule{reason: ReasonThreat, needPerson: true, guards: hangObjects}, "повешу", "повесим")
	add(&verbRule{reason: ReasonThreat, needPerson: true, property: true, guards: burnObjects}, "сожгу", "сожжем",
		"подожгу", "подожжем", "спалю", "спалим", "пожгу", "пожжем", "подпалю", "подпалим", "взорву", "взорвем", "разгромлю",
		"разгромим", "раздолбаю", "раздолбаем")
	add(&verbRule{reason: ReasonThreat, targets: reachTargets}, "доберусь", "доберемся")
	add(&verbRule{reason: ReasonThreat, targets: seekTargets, guards: seekGuards}, "найду", "найдем", "достану",
		"достанем", "вычислю", "вычислим")
	return m
}()

// Infinitives that threaten when wished on people: «таких чиновников надо расстреливать», «убить бы вас».
var (
	violentInfinitives = ws("убить", "убивать", "прибить", "расстрелять", "расстреливать", "перестрелять",
		"повесить", "вешать", "перевешать", "сжечь", "спалить", "закопать", "пристрелить", "застрелить", "зарезать",
		"придушить", "удавить", "четвертовать", "грохнуть", "замочить", "урыть", "прикончить")
	wishMarkers = ws("бы", "б", "надо", "нужно", "пора", "следует", "стоит", "хочу", "хочется", "хотим",
		"хотелось", "готов", "готовы", "собираюсь", "собираемся", "буду", "будем", "мечтаю", "должны", "должен",
		"мало")
	wishedOn = ws("таких", "всех", "этих")
)

var (
	weapons = ws("топором", "ружьем", "ножом", "вилами", "обрезом", "битой", "арматурой", "стволом",
		"пистолетом", "автоматом", "гранатой", "канистрой", "кастетом", "монтировкой", "травматом", "карабином")
	firstPerson = ws("я", "мы", "буду", "будем", "приду", "придем", "приеду", "приедем", "пойду", "пойдем",
		"выйду", "выйдем", "жди", "ждите", "встречу", "встретим", "заявлюсь", "заявимся", "подожду", "подождем")
)

// harmWords make «отомщу» an intent to harm rather than a promise to complain.
var harmWords = ws("больниц*", "покалеч*", "убью", "убьем", "сожгу", "спалю", "кров*", "инвалид*", "морг*",
	"кладбищ*", "пожалеет", "пожалеешь", "пожалеете", "пожалеют", "мало", "ноги", "руки", "голову", "башку")

// phrase is a fixed threatening expression: its parts in order, each at most gap words after the previous one.
type phrase struct {
	parts        []wordSet
	gap          int
	reason       string
	classify     bool    // a named third person makes it harm, a named official a threat
	needOfficial bool    // only with an official or «ты/вы» named near it
	aimed        bool    // with a named official or «ты/вы», or as a short sentence of its own («Мало не покажется!»)
	unless       wordSet // words in the sentence that make it lawful
	notSelf      bool    // not when the writer means themself («ноги себе переломаю»)
}

var phrases = func() []phrase {
	var out []phrase
	both := func(p phrase) {
		out = append(out, p)
		rev := p
		rev.parts = []wordSet{p.parts[1], p.parts[0]}
		out = append(out, rev)
	}
	one := func(p phrase) { out = append(out, p) }
	body := ws("ноги", "ногу", "руки", "руку", "кости", "ребра", "челюсть", "шею", "голову", "башку", "бошку",
		"хребет", "зубы", "уши", "пальцы", "позвоночник")
	breakVerbs := ws("переломаю", "переломаем", "поломаю", "поломаем", "оторву", "оторвем", "сверну", "свернем",
		"проломлю", "проломим", "снесу", "снесем", "откручу", "открутим", "отвинчу", "размозжу", "вырву", "вырвем", "выбью", "выбьем",
		"повыдергиваю", "поотрываю", "пообрываю", "отрежу", "отрубим", "отрублю", "пересчитаю", "раскрою",
		"раскроим", "прострелю")
	face := ws("морду", "рожу", "лицо", "харю", "физиономию", "ебало", "хлебало", "табло", "рыло", "фейс", "мурло")
	hit := ws("набью", "набьем", "начищу", "начистим", "разобью", "разобьем", "расквашу", "расквасим", "расколочу",
		"раскрою", "сверну", "сверну", "разукрашу", "подправлю", "начешу")
	glass := ws("окна", "окно", "стекла", "стекло", "окон", "витрин*")
	smash := ws("разобью", "разобьем", "побью", "побьем", "перебью", "перебьем", "выбью", "выбьем", "повыбиваю")
	poison := ws("отрав*", "яд", "яду", "яда", "крысин*", "мышьяк*")
	pour := ws("насыплю", "насыплем", "подсыплю", "подсыплем", "сыпану", "подолью", "подольем", "подмешаю",
		"подброшу", "подбросим", "разбросаю", "раскидаю", "положу", "подложу", "дам", "накормлю")
	dative := ws("вам", "тебе", "ему", "им", "ей", "вашей", "твоей", "вашим", "твоим")
	both(phrase{parts: []wordSet{ws("выколю", "выколем", "выдавлю", "выдавим"), ws("глаз*")}, gap: 3,
		reason: ReasonThreat, classify: true, notSelf: true})
	both(phrase{parts: []wordSet{body, breakVerbs}, gap: 3, reason: ReasonThreat, classify: true, notSelf: true})
	both(phrase{parts: []wordSet{face, hit}, gap: 2, reason: ReasonThreat, classify: true, notSelf: true})
	both(phrase{parts: []wordSet{smash, glass}, gap: 3, reason: ReasonThreat, classify: true, notSelf: true})
	both(phrase{parts: []wordSet{ws("горло", "глотку", "глотки"), ws("перережу", "перережем", "перегрызу",
		"перегрызем", "вырву")}, gap: 2, reason: ReasonThreat, classify: true})
	both(phrase{parts: []wordSet{ws("кровью"), ws("умоетесь", "умоешься", "умоются", "умоется", "захлебнетесь",
		"захлебнешься", "захлебнутся", "ответите", "ответишь", "заплатите", "заплатишь", "харкать", "ссать")},
		gap: 1, reason: ReasonThreat, classify: true})
	both(phrase{parts: []wordSet{ws("пущу", "пустим"), ws("кровь", "кровушку", "кровянку")}, gap: 1,
		reason: ReasonThreat, classify: true})
	both(phrase{parts: []wordSet{pour, poison}, gap: 3, reason: ReasonHarm, classify: true, unless: pestObjects})
	both(phrase{parts: []wordSet{ws("гроб", "гробы", "гробик"), ws("заказывай", "заказывайте", "готовь",
		"готовьте", "покупай", "покупайте", "закажи", "закажите")}, gap: 1, reason: ReasonThreat})
	both(phrase{parts: []wordSet{ws("встречу", "встретим", "поймаю", "поймаем", "подловлю", "подловим",
		"подкараулю", "подкараулим"), ws("темн*", "подворотн*")}, gap: 3, reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("мало"), ws("не"), ws("покажется", "покажеться")}, reason: ReasonThreat,
		classify: true, unless: lawfulSteps, aimed: true})
	one(phrase{parts: []wordSet{ws("тебе", "вам"), ws("конец", "крышка", "хана", "кранты", "капут", "каюк")},
		gap: 1, reason: ReasonThreat, unless: lawfulSteps})
	one(phrase{parts: []wordSet{dative, ws("не"), ws("поздоровится")}, gap: 1, reason: ReasonThreat,
		classify: true})
	one(phrase{parts: []wordSet{ws("не"), ws("поздоровится"), dative}, reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("у"), ws("меня"), ws("получишь", "получите", "попляшешь", "попляшете",
		"пожалеешь", "пожалеете", "поплатишься", "поплатитесь", "узнаешь", "узнаете", "запоешь", "запоете",
		"ответишь", "ответите", "сдохнешь", "сдохнете")}, gap: 2, reason: ReasonThreat, unless: lawfulSteps})
	both(phrase{parts: []wordSet{ws("пущу", "пустим", "всажу", "всадим", "влеплю", "влепим"), ws("пулю",
		"пули", "нож", "перо")}, gap: 2, reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("пулю"), ws("в"), ws("лоб", "башку", "голову", "затылок")}, reason: ReasonThreat,
		classify: true})
	one(phrase{parts: []wordSet{ws("найду", "найдем", "знаю", "знаем", "вычислю", "вычислим"), ws("где"),
		ws("живешь", "живете")}, gap: 2, reason: ReasonThreat})
	one(phrase{parts: []wordSet{ws("найду", "найдем", "знаю", "знаем", "вычислю", "вычислим"), ws("где"),
		ws("живет", "живут")}, gap: 2, reason: ReasonThreat, needOfficial: true})
	one(phrase{parts: []wordSet{dative, ws("не"), ws("жить")}, reason: ReasonThreat})
	one(phrase{parts: []wordSet{ws("не"), ws("жить"), dative}, reason: ReasonThreat})
	one(phrase{parts: []wordSet{ws("ходи", "ходите", "ходит", "ходят", "пусть"), ws("оглядывайся",
		"оглядывайтесь", "оглядывается", "оглядываются", "оглядываясь")}, gap: 3, reason: ReasonThreat})
	one(phrase{parts: []wordSet{ws("красного"), ws("петуха")}, reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("пущу", "пустим", "подпущу", "подпустим"), ws("петуха")}, gap: 1,
		reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("сотру", "сотрем"), ws("в"), ws("порошок")}, reason: ReasonThreat,
		classify: true})
	one(phrase{parts: []wordSet{ws("в"), ws("порошок"), ws("сотру", "сотрем")}, gap: 1, reason: ReasonThreat,
		classify: true})
	one(phrase{parts: []wordSet{ws("закатаю", "закатаем"), ws("в"), ws("асфальт")}, gap: 1, reason: ReasonThreat,
		classify: true})
	one(phrase{parts: []wordSet{ws("в"), ws("асфальт"), ws("закатаю", "закатаем")}, gap: 1,
		reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("отправлю", "отправим"), ws("на"), ws("тот"), ws("свет")}, gap: 2,
		reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("на"), ws("тот"), ws("свет"), ws("отправлю", "отправим")}, gap: 2,
		reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("живым", "живой", "живыми"), ws("не"), ws("уйдешь", "уйдете", "уйдет",
		"уйдут", "выйдешь", "выйдете", "останешься", "останетесь")}, reason: ReasonThreat})
	one(phrase{parts: []wordSet{ws("у"), ws("меня"), ws("сдохнешь", "сдохнете", "сдохнет", "сдохнут")},
		reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("сдохнешь", "сдохнете"), ws("у"), ws("меня")}, reason: ReasonThreat})
	one(phrase{parts: []wordSet{ws("поднимем", "поднимут", "поднимаем"), ws("на"), ws("вилы")}, gap: 2,
		reason: ReasonThreat, classify: true})
	one(phrase{parts: []wordSet{ws("на"), ws("вилы"), ws("поднимем", "поднимут", "поднимаем")}, gap: 2,
		reason: ReasonThreat, classify: true})
	return out
}()

// targets holds how far the nearest named official, third person and property are (0: none named).
type targets struct{ official, third, property int }

func findTargets(toks []token, i, n int) targets {
	var t targets
	within(toks, i, n, func(j int) bool {
		d, w := abs(j-i), toks[j].text
		if t.official == 0 && officialTargets.has(w) {
			t.official = d
		}
		if t.third == 0 && thirdParties.has(w) {
			t.third = d
		}
		if t.property == 0 && propertyTargets.has(w) {
			t.property = d
		}
		return false
	})
	return t
}

func (t targets) person() bool { return t.official > 0 || t.third > 0 }

func (t targets) reason(fallback string) string {
	switch {
	case t.third > 0 && (t.official == 0 || t.third <= t.official):
		return ReasonHarm
	case t.official > 0:
		return ReasonThreat
	}
	return fallback
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// nearAny reports whether a word of set stands within n words of i in its sentence.
func nearAny(toks []token, i, n int, set wordSet) bool {
	return within(toks, i, n, func(j int) bool { return set.has(toks[j].text) })
}

// negated: «я никого не убью».
func negated(toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-2 && toks[j].sentence == toks[i].sentence; j-- {
		if toks[j].text == "не" {
			return true
		}
	}
	return false
}

// reported: a quoted threat after «кричит», «угрожал», «сказал» is the writer's complaint about it.
func reported(toks []token, i int) bool {
	if !toks[i].quoted {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		if reportingWords.has(toks[j].text) {
			return true
		}
	}
	return false
}

// threatHit is one threat or harm found: its code and the tokens that carry it.
type threatHit struct {
	reason   string
	from, to int
}

// threatStarts holds every word a threat can start with, so most words are passed over with one lookup.
var threatStarts = func() wordSet {
	sets := []wordSet{violentInfinitives, weapons}
	verbs := wordSet{exact: map[string]bool{}}
	for w := range threatVerbs {
		verbs.exact[w] = true
	}
	sets = append(sets, verbs)
	for _, p := range phrases {
		sets = append(sets, p.parts[0])
	}
	return unionOf(sets...)
}()

// phrasesByFirstWord indexes the phrases whose first part is a list of exact words («в», «не», «мало» start
// several and are everywhere); phrasesByStem are the few that start with a stem and are tried on every word.
var phrasesByFirstWord, phrasesByStem = func() (map[string][]int, []int) {
	byWord := map[string][]int{}
	var byStem []int
	for k, p := range phrases {
		if p.parts[0].hasStems() {
			byStem = append(byStem, k)
			continue
		}
		for w := range p.parts[0].exact {
			byWord[w] = append(byWord[w], k)
		}
	}
	return byWord, byStem
}()

// threatsAt returns what starts at token i.
func threatsAt(toks []token, i int) []threatHit {
	w := toks[i].text
	if !threatStarts.has(w) {
		return nil
	}
	var out []threatHit
	if rule, ok := threatVerbs[w]; ok && !negated(toks, i) && !reported(toks, i) {
		if r, ok := verbThreat(toks, i, rule); ok {
			out = append(out, threatHit{r, i, i})
		}
	}
	if violentInfinitives.has(w) && !negated(toks, i) && nearAny(toks, i, 3, wishMarkers) {
		t := findTargets(toks, i, 5)
		if t.official > 0 && (t.third == 0 || t.official < t.third) ||
			t.third == 0 && t.official == 0 && nearAny(toks, i, 3, wishedOn) {
			out = append(out, threatHit{ReasonThreat, i, i})
		}
	}
	if armedAt(toks, i) && !reported(toks, i) {
		out = append(out, threatHit{ReasonThreat, i - 1, i})
	}
	for _, k := range phrasesByFirstWord[w] {
		if h, ok := phraseAt(toks, i, &phrases[k]); ok {
			out = append(out, h)
		}
	}
	for _, k := range phrasesByStem {
		if phrases[k].parts[0].has(w) {
			if h, ok := phraseAt(toks, i, &phrases[k]); ok {
				out = append(out, h)
			}
		}
	}
	return out
}

// phraseAt matches phrase p whose first part is token i.
func phraseAt(toks []token, i int, p *phrase) (threatHit, bool) {
	end, ok := matchPhrase(toks, i, p)
	if !ok || reported(toks, i) {
		return threatHit{}, false
	}
	if !p.unless.empty() && inSentenceFrom(toks, i, p.unless) {
		return threatHit{}, false
	}
	if p.notSelf && nearAny(toks, i, 4, selfWords) {
		return threatHit{}, false
	}
	t := findTargets(toks, i, 6)
	if p.needOfficial && t.official == 0 {
		return threatHit{}, false
	}
	if p.aimed && t.official == 0 && longerThan(toks, i, 5) {
		return threatHit{}, false
	}
	reason := p.reason
	if p.classify {
		reason = t.reason(p.reason)
	}
	return threatHit{reason, i, end}, true
}

// longerThan reports whether i's sentence has more than n words.
func longerThan(toks []token, i, n int) bool {
	count := 1
	for j := i - 1; j >= 0 && toks[j].sentence == toks[i].sentence && count <= n; j-- {
		count++
	}
	for j := i + 1; j < len(toks) && toks[j].sentence == toks[i].sentence && count <= n; j++ {
		count++
	}
	return count > n
}

// armedAt: «буду ждать тебя с битой», «приду к главе с ружьём» — a weapon, the writer and a named official.
func armedAt(toks []token, i int) bool {
	if !weapons.has(toks[i].text) || i == 0 || (toks[i-1].text != "с" && toks[i-1].text != "со") {
		return false
	}
	if !nearAny(toks, i, 8, firstPerson) {
		return false
	}
	t := findTargets(toks, i, 8)
	return t.official > 0 && (t.third == 0 || t.official < t.third)
}

func inSentenceFrom(toks []token, i int, set wordSet) bool {
	return set.has(toks[i].text) || inSentence(toks, i, set)
}

// verbThreat reads a first-person violent verb at i.
func verbThreat(toks []token, i int, rule *verbRule) (string, bool) {
	t := findTargets(toks, i, 6)
	if !rule.targets.empty() {
		if !rule.guards.empty() && nearAny(toks, i, 4, rule.guards) || !nearAny(toks, i, 4, rule.targets) {
			return "", false
		}
		return t.reason(rule.reason), true
	}
	if w := toks[i].text; w == "отомщу" || w == "отомстим" {
		if !inSentence(toks, i, harmWords) {
			return "", false
		}
		return t.reason(ReasonHarm), true
	}
	if !t.person() {
		if !rule.guards.empty() && nearAny(toks, i, 4, rule.guards) {
			return "", false
		}
		if rule.needPerson && !(rule.property && t.property > 0) {
			return "", false
		}
	}
	return t.reason(rule.reason), true
}

// matchPhrase matches p's parts in order from token i within its sentence and returns the last part's index.
func matchPhrase(toks []token, i int, p *phrase) (int, bool) {
	at := i
	for _, part := range p.parts[1:] {
		found := -1
		for j := at + 1; j <= at+1+p.gap && j < len(toks) && toks[j].sentence == toks[i].sentence; j++ {
			if part.has(toks[j].text) {
				found = j
				break
			}
		}
		if found < 0 {
			return 0, false
		}
		at = found
	}
	return at, true
}
