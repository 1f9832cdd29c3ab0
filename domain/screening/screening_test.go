package screening

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// sample07 is the «Текст сообщения» of samples/eml/07-ok-avtobus-malinovka-obscene.eml, copied verbatim.
const sample07 = "Опять этот с*аный автобус не пришёл, второй раз за неделю! Люди стоят на остановке по часу на " +
	"морозе, а этим х*ям из района вообще пох@й. Бл@дь, сами бы попробовали так на работу ездить, дармоеды. " +
	"Расписание — полная xyйня, пиздец а не перевозчик."

// П.14: the sample the Department marked «нецензурная брань (в т.ч. замаскированная: *, @, латиница «xy») и
// оскорбления («дармоеды»)» is suggested with both codes and every masked form as written.
func TestSample07(t *testing.T) {
	got := New(nil, nil).Check(sample07)
	if !got.Suggested {
		t.Fatal("sample 07 not suggested")
	}
	if want := []string{ReasonInsult, ReasonObscene}; !slices.Equal(got.Reasons, want) {
		t.Errorf("reasons %v, want %v", got.Reasons, want)
	}
	want := []string{"х*ям", "пох@й", "Бл@дь", "дармоеды", "xyйня", "пиздец"}
	if !slices.Equal(got.Fragments, want) {
		t.Errorf("fragments %q, want %q", got.Fragments, want)
	}
}

// П.14: every root with its prefixes and endings, and every masking style, is seen through; the fragment is the
// word as the citizen wrote it.
func TestObsceneForms(t *testing.T) {
	cases := []struct{ name, text, fragment string }{
		{"asterisk", "да х*й с ним", "х*й"},
		{"at sign", "бл@дь, опять", "бл@дь"},
		{"hash", "полная х#йня", "х#йня"},
		{"underscore", "это п_здец", "п_здец"},
		{"inner dot", "х.й знает", "х.й"},
		{"double dot", "какого х..й", "х..й"},
		{"hyphen", "бл-дь такая", "бл-дь"},
		{"asterisk for б", "е*ать-копать", "е*ать"},
		{"stars counted loosely", "полный п***ц", "п***ц"},
		{"trailing stars", "да пошли вы на х**", "х**"},
		{"trailing dots after one letter", "какого х.. опять", "х.."},
		{"latin x and y", "полная xyйня", "xyйня"},
		{"latin uppercase", "какого XYЯ", "XYЯ"},
		{"latin whole word", "CYKA", "CYKA"},
		{"latin phonetic", "nahуй такое", "nahуй"},
		{"latin a in prefix", "Нaxyя нам это", "Нaxyя"},
		{"digit 6", "6ля, опять", "6ля"},
		{"digit 3", "пи3дец", "пи3дец"},
		{"digit 0", "д0лб0ёб", "д0лб0ёб"},
		{"spaced letters", "х у й вам", "х у й"},
		{"spaced letters in a word", "на заборе х у й н я", "х у й н я"},
		{"dotted letters", "б.л.я.д.ь, опять", "б.л.я.д.ь"},
		{"hyphenated letters", "Н-и-х-у-я не сделали", "Н-и-х-у-я"},
		{"stretched letters", "хуууууй", "хуууууй"},
		{"zero-width space", "х\u200bуй", "х\u200bуй"},
		{"soft hyphen", "бл\u00adядь", "бл\u00adядь"},
		{"stress mark", "ху\u0301й", "ху\u0301й"},
		{"decomposed й", "ху\u0438\u0306", "ху\u0438\u0306"},
		{"transliteration", "blyat, opyat", "blyat"},
		{"ё", "ёбаный стыд", "ёбаный"},
		{"prefix and ending", "заебали отключения", "заебали"},
		{"пизж without д", "не пизжу, щебень спизжен", "спизжен"},
		{"hard sign", "отъебитесь", "отъебитесь"},
		{"euphemistic ип", "заипали уже", "заипали"},
		{"abbreviation", "ну пздц", "пздц"},
		{"at sign for а at the edge", "сук@", "сук@"},
		{"мудак", "мудаки", "мудаки"},
		{"залупа", "не залупайся", "залупайся"},
		{"гандон", "гондоны", "гондоны"},
		{"шлюха", "шлюхи", "шлюхи"},
		{"манда", "манда", "манда"},
		{"пидор", "пидарасы", "пидарасы"},
	}
	d := New(nil, nil)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := d.Check(c.text)
			if !slices.Contains(got.Reasons, ReasonObscene) || !slices.Contains(got.Fragments, c.fragment) {
				t.Errorf("Check(%q) = %v %q, want obscene with fragment %q", c.text, got.Reasons, got.Fragments,
					c.fragment)
			}
		})
	}
}

// П.14 applies to obscenity, not to words that merely contain its letters.
func TestGuardsAgainstFalsePositives(t *testing.T) {
	lawful := []string{
		"Нельзя употреблять воду из колонки",
		"Соревнования по гребле на реке",
		"Хлебать эту воду невозможно",
		"Температура колеблется от 14 до 16",
		"Небо затянуло дымом со свалки",
		"Билет стоит сто рублей, а было пятьдесят рубля",
		"Корабля нет, паром сломан",
		"Секция сабли и оглобля у сарая",
		"Сукно на столе порвано",
		"Застрахуй дом, говорили они",
		"Страхуется ли у вас жильё?",
		"Крыша прохудилась",
		"Хутор без света",
		"Хулиганы разбили остановку",
		"Команда школы победила",
		"Мандарины гнилые",
		"Мандат депутата",
		"Глава Мандрыкин обещал встречу",
		"Скипидарные ванны отменили",
		"Лидер списка обещал ремонт",
		"Себестоимость вывоза мусора завышена",
		"Учеба в школе началась",
		"Дебаты кандидатов",
		"Вебинар для родителей",
		"Ипотека для молодых семей",
		"Наипаче прошу обратить внимание",
		"На лбу вскочила блямба",
		"Бляха на ремне",
		"Начальник Бляхин не отвечает",
		"Депутат Сучков обещал мост",
		"Все прошло без сучка и задоринки",
		"Сучья на дороге после урагана",
		"Мудрое решение",
		"Специалист Козлов не отвечает",
		"В школе педикулёз, нужна проверка",
		"Блин, опять нет воды",
		"Хрен дождёшься ответа",
		"Ёлки-палки, опять отключили газ",
		"Екатеринбург, он же Ебург, далеко",
		"Бродячих собак надо отловить",
		"Тупые ножницы в школе",
	}
	d := New(nil, nil)
	for _, text := range lawful {
		if got := d.Check(text); got.Suggested {
			t.Errorf("Check(%q) = %v %q, want nothing", text, got.Reasons, got.Fragments)
		}
	}
}

// П.14: livestock, goats and sawhorses are not insults; the same words aimed at a person are.
func TestInsults(t *testing.T) {
	cases := []struct {
		text    string
		insult  bool
		because string
	}{
		{"Дармоеды в администрации", true, "always an insult"},
		{"Вы там все идиоты?", true, "always an insult"},
		{"Чиновники — бездельники и тунеядцы", true, "always an insult"},
		{"Ворюги!", true, "always an insult"},
		{"Эти дебилы перепутали график", true, "always an insult"},
		{"Мрази, довели село", true, "always an insult"},
		{"Кровопийцы подняли тарифы", true, "always an insult"},
		{"Уроды, кто так кладёт асфальт", true, "always an insult"},
		{"Твари бездушные", true, "always an insult"},
		{"Ворьё в администрации", true, "always an insult"},
		{"Ты, скотина, бросил трубку", true, "скотина addressed"},
		{"Водитель — скотина", true, "скотина about a person"},
		{"Пала скотина, нужен ветеринар", false, "livestock"},
		{"Скотину пасти негде", false, "livestock"},
		{"Скотину кормить нечем, сено дорогое", false, "livestock"},
		{"Эти козлы в управляющей компании", true, "козлы about people"},
		{"Козлы для пилки дров стоят у клуба", false, "sawhorses"},
		{"Соседские козлы бодаются на дороге", false, "goats"},
		{"Свиньи вы, а не депутаты", true, "свиньи about people"},
		{"Свиньи у фермера перекопали огород", false, "pigs"},
		{"Глава — тупой", true, "тупой about a person"},
		{"Эти тупые чиновники", true, "тупые about people"},
		{"Чтоб вы сдохли со своими тарифами", true, "a curse"},
		{"Уродливая остановка", false, "an adjective about a thing"},
		{"Идиотская ситуация с автобусом", false, "an adjective about a situation"},
		{"Воры украли кабель", false, "a plain accusation"},
		{"Безобразие и позор, власти обнаглели", false, "angry but lawful"},
	}
	d := New(nil, nil)
	for _, c := range cases {
		got := d.Check(c.text)
		if slices.Contains(got.Reasons, ReasonInsult) != c.insult {
			t.Errorf("Check(%q) = %v %q, want insult=%v (%s)", c.text, got.Reasons, got.Fragments, c.insult,
				c.because)
		}
	}
}

// П.14: threats to an official, their family or property are «threat»; intent to harm someone else is «harm»;
// lawful anger and reported threats are neither.
func TestThreatsAndHarm(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Убью этого чиновника", ReasonThreat},
		{"Если глава не починит дорогу, я его найду и прибью", ReasonThreat},
		{"Урою всех, кто украл деньги", ReasonThreat},
		{"Сожгу администрацию", ReasonThreat},
		{"Подожгу машину главы", ReasonThreat},
		{"Я ему глаза выколю", ReasonThreat},
		{"Мало не покажется вашему директору", ReasonThreat},
		{"Мало не покажется!", ReasonThreat},
		{"Я знаю, где ты живёшь", ReasonThreat},
		{"Найду, где живёт этот депутат", ReasonThreat},
		{"До твоих детей доберусь", ReasonThreat},
		{"Взорву ваш кабинет", ReasonThreat},
		{"Закопаю начальника", ReasonThreat},
		{"Вам не жить", ReasonThreat},
		{"Кровью умоетесь", ReasonThreat},
		{"Пущу красного петуха в вашу контору", ReasonThreat},
		{"Таких чиновников надо расстреливать", ReasonThreat},
		{"Буду ждать тебя у подъезда с битой, чиновник", ReasonThreat},
		{"Глава, тебе конец", ReasonThreat},
		{"Отравлю соседских собак", ReasonHarm},
		{"Соседские собаки лают, отравлю их", ReasonHarm},
		{"Я соседа покалечу", ReasonHarm},
		{"Отомщу соседу, он в больницу попадёт", ReasonHarm},
		{"Подсыплю яду этим собакам", ReasonHarm},
		{"Водителя изобью при встрече", ReasonHarm},
		{"Сожгу сарай соседа", ReasonHarm},
		{"Покалечу главу", ReasonThreat},
		{"Дорогу убили лесовозы", ""},
		{"Эти ямы убивают подвеску", ""},
		{"Соседи сжигают мусор", ""},
		{"Надо сжечь мусор на свалке", ""},
		{"Трубы взорвались от мороза", ""},
		{"Хочется убить время до автобуса", ""},
		{"Убийственные ямы на въезде", ""},
		{"Мало не покажется, когда напишем в прокуратуру", ""},
		{"Я вас засужу", ""},
		{"Дойду до губернатора", ""},
		{"Доберусь до губернатора с этой жалобой", ""},
		{"Найду на вас управу", ""},
		{"Прибью табличку с номером дома", ""},
		{"Закопаю яму сам", ""},
		{"Потравим тараканов сами", ""},
		{"Сожгу эти квитанции", ""},
		{"Сосед грозится убить мою собаку", ""},
		{"Сосед кричал: «Убью!», вызвали полицию", ""},
		{"Я никого не убью, но так жить нельзя", ""},
		{"Ноги себе переломаю на этих колдобинах", ""},
		{"Давайте убьём двух зайцев", ""},
		{"Зарежу курицу к празднику", ""},
	}
	d := New(nil, nil)
	for _, c := range cases {
		got := d.Check(c.text)
		var threatening []string
		for _, r := range got.Reasons {
			if r == ReasonThreat || r == ReasonHarm {
				threatening = append(threatening, r)
			}
		}
		if strings.Join(threatening, ",") != c.want {
			t.Errorf("Check(%q) = %v %q, want %q", c.text, got.Reasons, got.Fragments, c.want)
		}
	}
}

// The settings' lists: screening_extra_words are flagged as obscene (as stems, or as phrases), and
// screening_allow_words are never flagged, compared after the same normalisation (case, ё, look-alikes).
func TestExtraAndAllowLists(t *testing.T) {
	d := New([]string{"Говн", "ядрёна вошь"}, []string{"СУКА", "дармоеды", "Бляха"})
	cases := []struct {
		text     string
		reasons  []string
		fragment string
	}{
		{"Опять говно в колонке", []string{ReasonObscene}, "говно"},
		{"Ну и говнюки", []string{ReasonInsult, ReasonObscene}, "говнюки"},
		{"Ядрена вошь, опять без света", []string{ReasonObscene}, "Ядрена"},
		{"Сука, опять свет отключили", nil, ""},
		{"Дармоеды в администрации", nil, ""},
		{"Мудаки в администрации", []string{ReasonInsult, ReasonObscene}, "Мудаки"},
	}
	for _, c := range cases {
		got := d.Check(c.text)
		if !slices.Equal(got.Reasons, c.reasons) && !(len(c.reasons) == 0 && len(got.Reasons) == 0) {
			t.Errorf("Check(%q) reasons %v, want %v", c.text, got.Reasons, c.reasons)
		}
		if c.fragment != "" && !slices.Contains(got.Fragments, c.fragment) {
			t.Errorf("Check(%q) fragments %q, want %q among them", c.text, got.Fragments, c.fragment)
		}
	}
	// Without the lists the same words behave as built in.
	plain := New(nil, nil)
	if plain.Check("Опять говно в колонке").Suggested {
		t.Error("«говно» flagged without the extra list")
	}
	if !plain.Check("Сука, опять").Suggested || !plain.Check("Дармоеды").Suggested {
		t.Error("built-in words not flagged without the allow list")
	}
}

// The result is a suggestion with sorted unique codes and fragments as written, never nil slices.
func TestResultShape(t *testing.T) {
	d := New(nil, nil)
	clean := d.Check("Когда отремонтируют дорогу?")
	if clean.Suggested || clean.Reasons == nil || clean.Fragments == nil || len(clean.Reasons)+len(clean.Fragments) != 0 {
		t.Errorf("clean text gave %+v, want not suggested with empty non-nil slices", clean)
	}
	got := d.Check("Дармоеды! Сука, дармоеды, убью главу, блядь, дармоеды")
	if want := []string{ReasonInsult, ReasonObscene, ReasonThreat}; !slices.Equal(got.Reasons, want) {
		t.Errorf("reasons %v, want %v", got.Reasons, want)
	}
	if want := []string{"Дармоеды", "Сука", "дармоеды", "убью", "блядь"}; !slices.Equal(got.Fragments, want) {
		t.Errorf("fragments %q, want %q", got.Fragments, want)
	}
	if empty := d.Check(""); empty.Suggested {
		t.Error("empty text suggested")
	}
}

// Check is safe for concurrent use (run with -race).
func TestConcurrentCheck(t *testing.T) {
	d := New([]string{"говн"}, []string{"сука"})
	want := d.Check(sample07)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if got := d.Check(sample07); !slices.Equal(got.Fragments, want.Fragments) {
					errs <- strings.Join(got.Fragments, "|")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent Check gave %q, want %q", e, want.Fragments)
	}
}

// benchText is 2,000 characters: an ordinary complaint ending with sample 07's obscenities, a long post.
var benchText = func() string {
	base := []rune(strings.Repeat("Уважаемая администрация! Третью неделю в селе Малиновка нет нормального "+
		"водоснабжения, из крана течёт ржавая вода, а управляющая компания не отвечает на звонки. Дорогу на "+
		"улице Гагарина так и не отремонтировали, ямы по колено, автобус опять не пришёл. Просим разобраться "+
		"и сообщить сроки. ", 10))
	tail := []rune(" " + sample07)
	return string(base[:2000-len(tail)]) + string(tail)
}()

// The check has to keep up with the inbox: 200 µs for 2,000 characters. The bound here is ten times that, so a
// busy shared machine does not make it flaky (and ten times more under -race); BenchmarkCheck reports the real
// figure.
func TestCheckSpeed(t *testing.T) {
	d := New(nil, nil)
	r := testing.Benchmark(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			d.Check(benchText)
		}
	})
	per := time.Duration(r.NsPerOp())
	t.Logf("Check: %v per %d-character text", per, utf8.RuneCountInString(benchText))
	if limit := 2 * time.Millisecond * raceSlowdown; per > limit {
		t.Errorf("Check took %v per text, want under %v", per, limit)
	}
}

func BenchmarkCheck(b *testing.B) {
	d := New(nil, nil)
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		d.Check(benchText)
	}
}

// FuzzCheck: no panic, bounded time, fragments taken from the text, codes from the list.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{sample07, "", "х*й", "б.л.я", "х у й н я", "п****ц", "*.*-_@$", "х..",
		"убью главу", "мало не покажется", "«убью»", "ху\u0438\u0306", "\u0306", "a-b.c", "х-*-*-*-*-*-*-*-*-й",
		strings.Repeat("х*", 200), strings.Repeat("с у к а ", 100), strings.Repeat("свиньи ", 300)} {
		f.Add(s)
	}
	d := New([]string{"говн"}, []string{"блин"})
	valid := []string{ReasonHarm, ReasonInsult, ReasonObscene, ReasonThreat}
	f.Fuzz(func(t *testing.T, text string) {
		start := time.Now()
		got := d.Check(text)
		if el := time.Since(start); len(text) <= 4096 && el > 500*time.Millisecond {
			t.Errorf("Check took %v on %d bytes", el, len(text))
		}
		if got.Suggested != (len(got.Reasons) > 0) || len(got.Reasons) > 0 && len(got.Fragments) == 0 {
			t.Errorf("inconsistent result %+v", got)
		}
		if !slices.IsSorted(got.Reasons) || len(slices.Compact(slices.Clone(got.Reasons))) != len(got.Reasons) {
			t.Errorf("reasons %v not sorted and unique", got.Reasons)
		}
		for _, r := range got.Reasons {
			if !slices.Contains(valid, r) {
				t.Errorf("unknown reason %q", r)
			}
		}
		for _, fr := range got.Fragments {
			if fr == "" || !strings.Contains(text, fr) {
				t.Errorf("fragment %q is not part of the text", fr)
			}
		}
	})
}
