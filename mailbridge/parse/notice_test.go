package parse

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

type wantIncident struct {
	number, network, url, author, settlement, category, source string
	detected, due                                              string // Tomsk local, "" for none
	moscow, significant, repeat, priority                      bool
	related                                                    []string
	text                                                       string // the citizen's text, exactly
	unrecognised                                               string // a substring of Unrecognised
}

func checkIncident(t *testing.T, got Incident, w wantIncident, loc *time.Location) {
	t.Helper()
	eq := func(field, g, want string) {
		t.Helper()
		if g != want {
			t.Errorf("%s %s = %q, want %q", w.number, field, g, want)
		}
	}
	eq("number", got.Number, w.number)
	eq("network", got.Network, w.network)
	eq("url", got.URL, w.url)
	eq("author", got.Author, w.author)
	eq("settlement", got.Settlement, w.settlement)
	eq("category", got.Category, w.category)
	eq("source", got.Source, w.source)
	eq("detected", localMinute(got.DetectedAt, loc), w.detected)
	eq("due", localMinute(got.StatedDue, loc), w.due)
	eq("text", got.Text, w.text)
	if got.DetectedMoscow != w.moscow || got.SociallySignificant != w.significant || got.Repeat != w.repeat || got.Priority != w.priority {
		t.Errorf("%s flags moscow/significant/repeat/priority = %v/%v/%v/%v, want %v/%v/%v/%v", w.number,
			got.DetectedMoscow, got.SociallySignificant, got.Repeat, got.Priority, w.moscow, w.significant, w.repeat, w.priority)
	}
	if !slices.Equal(got.RelatedNumbers, w.related) {
		t.Errorf("%s related = %q, want %q", w.number, got.RelatedNumbers, w.related)
	}
	if !strings.Contains(got.Unrecognised, w.unrecognised) {
		t.Errorf("%s unrecognised = %q, want it to contain %q", w.number, got.Unrecognised, w.unrecognised)
	}
}

// DC: label-tolerant intake of notices we wrote ourselves — legacy charsets, digests (plain, HTML table,
// forwarded, attached), HTML with scripts, threats.
func TestNoticeFixtures(t *testing.T) {
	loc := tomsk(t)
	tests := []struct {
		file string
		want []wantIncident
	}{
		{"testdata/notices/n01-cp1251.eml", []wantIncident{{
			number: "4700001", network: "vk", url: "https://m.vk.com/wall-300000001_77", author: "Иван Петров",
			settlement: "Вороново", category: "Дороги", source: "«Вороново LIVE»", detected: "2026-01-13T10:14",
			due:  "2026-01-13T17:00",
			text: "На въезде в Вороново яма на яме, вчера пробил колесо.\nКогда отремонтируют?", unrecognised: "Дежурный ДИП",
		}}},
		{"testdata/notices/n02-koi8r.eml", []wantIncident{{
			// П.7 note: «(Москва)» times are UTC+3, four hours behind Tomsk.
			number: "4700002", network: "telegram", url: "https://t.me/urtam_today/5120", author: "Марина К.",
			settlement: "Уртам", category: "ЖКХ / вывоз мусора", source: `"Уртам сегодня"`, detected: "2026-01-13T14:14",
			moscow: true, text: "Контейнеры на Советской не вывозят вторую неделю, всё разнесли собаки.",
		}}},
		{"testdata/notices/n03-digest3-plain.eml", []wantIncident{
			{number: "4700101", network: "vk", url: "https://vk.ru/wall-300000002_15", author: "Олег Сидоров",
				settlement: "Старая Ювала", category: "Дороги", detected: "2026-01-14T07:05", due: "2026-01-14T16:00",
				text: "В Старой Ювале не чистят дорогу к ферме.", unrecognised: "Пересылаю дайджест"},
			{number: "4700102", network: "ok", url: "https://ok.ru/group/1/topic/2", author: "Нина Белова",
				settlement: "Базой", category: "Образование", detected: "2026-01-14T07:40", due: "2026-01-14T16:00",
				significant: true, text: "В школе Базоя не работает отопление в спортзале."},
			{number: "4700103", network: "facebook", url: "https://www.fb.com/groups/555/posts/777", author: "Пётр Н.",
				settlement: "Песочнодубровка", category: "Дороги", detected: "2026-01-14T12:10", due: "2026-01-14T16:00",
				moscow: true, repeat: true, related: []string{"4512937"},
				text: "Снова не почистили дорогу, писали на прошлой неделе."},
		}},
		{"testdata/notices/n04-digest2-html.eml", []wantIncident{
			{number: "4700201", network: "vk", url: "https://vk.com/wall-1_201", author: "Анна Л.", settlement: "Малиновка",
				category: "Транспорт", detected: "2026-01-15T09:12", due: "2026-01-15T17:00", text: "Автобус опять не пришёл 😡"},
			{number: "4700202", network: "telegram", url: "https://t.me/chat/202", author: "@user202", settlement: "Чилино",
				category: "Энергоснабжение", detected: "2026-01-15T13:30", due: "2026-01-15T17:00", moscow: true,
				text: "Нет света с утра\nна Береговой"},
		}},
		{"testdata/notices/n05-html-script.eml", []wantIncident{{
			number: "4700301", network: "vk", url: "https://vk.com/wall-1_301", author: "Лидия «Л» & Ко",
			settlement: "Кожевниково", detected: "2026-01-16T11:00",
			text: "Где обещанная горка? 🎿 Дети ждут с декабря…\n\nПодробнее: жми",
		}}},
		{"testdata/notices/n06-threat.eml", []wantIncident{{
			// П.14: the threat reaches the screening intact, with the citizen's «Адрес:» line inside the text.
			number: "4700401", network: "vk", url: "https://vk.com/wall-1_401", author: "Аноним", settlement: "Кожевниково",
			category: "Прочее", detected: "2026-01-17T12:00",
			text:         "Если глава не починит дорогу до пятницы, я его найду и сожгу ему дом. И семье его тоже достанется.\nАдрес: ул. Ленина, 1 — пусть знает.",
			unrecognised: "Примечание модератора: комментарий удалён автором через 10 минут",
		}}},
		{"testdata/notices/n07-forward-attached.eml", []wantIncident{{
			// The notice travels as message/rfc822; its subject says ПОВТОРНОЕ (П.12).
			number: "4700501", network: "instagram", url: "https://instagram.com/p/abc", author: "@kozh_mama",
			category: "Благоустройство", detected: "2026-01-18T08:30", repeat: true,
			text: "На Кожевниковской площади не горит ёлка.",
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := readFile(t, tt.file)
			incs, err := Notice(m, loc, testSettlements)
			if err != nil {
				t.Fatalf("Notice: %v", err)
			}
			if len(incs) != len(tt.want) {
				var nums []string
				for _, in := range incs {
					nums = append(nums, in.Number)
				}
				t.Fatalf("got %d incidents %q, want %d", len(incs), nums, len(tt.want))
			}
			for i := range incs {
				checkIncident(t, incs[i], tt.want[i], loc)
			}
		})
	}
}

func noticeText(t *testing.T, subject, text string) []Incident {
	t.Helper()
	incs, err := Notice(&Message{Subject: subject, Text: text}, tomsk(t), testSettlements)
	if err != nil {
		t.Fatalf("Notice(%q): %v", text, err)
	}
	return incs
}

// DC: labels vary in case, synonyms, separators and layout.
func TestNoticeLabelVariants(t *testing.T) {
	loc := tomsk(t)
	tests := []struct {
		name, text string
		number     string
		detected   string
		moscow     bool
		network    string
		settlement string
	}{
		{"dash separators, upper case", "НОМЕР ИНЦИДЕНТА - 5000001\nДАТА ВЫЯВЛЕНИЯ — 13.01.2026 10:14\nСОЦСЕТЬ – ВК", "5000001", "2026-01-13T10:14", false, "vk", ""},
		{"no separator", "Номер инцидента 5000002\nДата выявления 2026-01-13 10:14", "5000002", "2026-01-13T10:14", false, "", ""},
		{"markdown and bullets", "• **Номер инцидента:** 5000003\n- *Выявлено*: 13.01.2026 10:14 мск", "5000003", "2026-01-13T14:14", true, "", ""},
		{"value on the next line", "Номер инцидента:\n5000004\nДата выявления:\n13.01.2026 10:14", "5000004", "2026-01-13T10:14", false, "", ""},
		{"Moscow mark in the label", "ID: 5000005\nДата и время выявления (МСК): 13.01.2026 10:14", "5000005", "2026-01-13T14:14", true, "", ""},
		{"heading number, bare date label", "Инцидент № 5000006\nДата: 13.01.2026 10:14", "5000006", "2026-01-13T10:14", false, "", ""},
		{"tab separated", "Номер\t5000007\nТерритория\tс. Уртам", "5000007", "", false, "", "Уртам"},
		{"network from the link host", "Номер: 5000008\nСсылка: https://m.vk.com/wall-1_1", "5000008", "", false, "vk", ""},
		{"unknown network is other", "Номер: 5000009\nСоцсеть: Дзен", "5000009", "", false, "other", ""},
		{"settlement in a case ending, prefixed", "Номер: 5000010\nНаселенный пункт: в с. Кожевникове", "5000010", "", false, "", "Кожевниково"},
		{"settlement not in the list kept as written", "Номер: 5000011\nТерритория: Кожевниковский район, д. Новая", "5000011", "", false, "", "Новая"},
		{"words date", "Номер: 5000012\nВыявлено: 13 января 2026 г. в 10:14", "5000012", "2026-01-13T10:14", false, "", ""},
		{"UTC offset", "Номер: 5000013\nВыявлено: 13.01.2026 10:14 (UTC+3)", "5000013", "2026-01-13T14:14", true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			incs := noticeText(t, "", tt.text)
			if len(incs) != 1 {
				t.Fatalf("%d incidents", len(incs))
			}
			in := incs[0]
			if in.Number != tt.number || localMinute(in.DetectedAt, loc) != tt.detected || in.DetectedMoscow != tt.moscow ||
				in.Network != tt.network || in.Settlement != tt.settlement {
				t.Errorf("got number %q detected %q moscow %v network %q settlement %q; want %q %q %v %q %q",
					in.Number, localMinute(in.DetectedAt, loc), in.DetectedMoscow, in.Network, in.Settlement,
					tt.number, tt.detected, tt.moscow, tt.network, tt.settlement)
			}
		})
	}
}

// П.12, П.16: flags come from labels, wording and the subject; an explicit «нет» wins.
func TestNoticeFlags(t *testing.T) {
	tests := []struct {
		name, subject, text           string
		significant, repeat, priority bool
		related                       []string
	}{
		{"plain notice", "Инцидент 6000001", "Номер: 6000001\nТекст: вопрос", false, false, false, nil},
		{"subject flags", "СОЦИАЛЬНО ЗНАЧИМОЕ! ПОВТОРНОЕ, срочно: 6000002", "Номер: 6000002", true, true, true, nil},
		{"explicit no", "СОЦИАЛЬНО ЗНАЧИМОЕ", "Номер: 6000003\nСоциально значимое: нет\nПовторное: нет", false, false, false, nil},
		{"label yes", "", "Номер: 6000004\nСоциально значимое: да\nПриоритет: высокий\nПовторное: да", true, true, true, nil},
		{"flags field", "", "Номер: 6000005\nПризнаки: СОЦИАЛЬНО ЗНАЧИМОЕ, повторное", true, true, false, nil},
		{"earlier number named", "", "Номер: 6000006\nРанее инцидент № 5999999 по этому же вопросу.", false, true, false, []string{"5999999"}},
		{"repeat number label", "", "Номер повторного сообщения: 6000007 (связано с 5999998)", false, true, false, []string{"5999998"}},
		{"citizen's words do not flag", "", "Номер: 6000008\nТекст сообщения:\nЭто социально значимое повторное безобразие!", false, false, false, nil},
		{"profile id is not a related number", "", "Номер: 6000009\nhttps://vk.com/id700000101", false, false, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := noticeText(t, tt.subject, tt.text)[0]
			if in.SociallySignificant != tt.significant || in.Repeat != tt.repeat || in.Priority != tt.priority ||
				!slices.Equal(in.RelatedNumbers, tt.related) {
				t.Errorf("significant/repeat/priority = %v/%v/%v related %q; want %v/%v/%v %q", in.SociallySignificant,
					in.Repeat, in.Priority, in.RelatedNumbers, tt.significant, tt.repeat, tt.priority, tt.related)
			}
		})
	}
	// X-Priority on the message marks every incident in it.
	incs, err := Notice(&Message{Priority: true, Text: "Номер: 6000010"}, tomsk(t), nil)
	if err != nil || !incs[0].Priority {
		t.Errorf("message priority not carried: %v %+v", err, incs)
	}
}

func TestNoticeWithoutIncident(t *testing.T) {
	loc := tomsk(t)
	if _, err := Notice(&Message{Subject: "Совещание", Text: "Коллеги, совещание в 15:00."}, loc, nil); !errors.Is(err, ErrNoIncident) {
		t.Errorf("err = %v, want ErrNoIncident", err)
	}
	// A number only in the subject still makes an incident, with the body kept visible.
	incs, err := Notice(&Message{Subject: "Инцидент № 7000001 — Уртам", Text: "Прошу отработать."}, loc, testSettlements)
	if err != nil || len(incs) != 1 || incs[0].Number != "7000001" || incs[0].Settlement != "Уртам" ||
		incs[0].Unrecognised != "Прошу отработать." {
		t.Errorf("subject-only notice: %v %+v", err, incs)
	}
	// Fields without a number anywhere: an incident with an empty number.
	incs, err = Notice(&Message{Text: "Ссылка: https://ok.ru/x\nАвтор: Кто-то"}, loc, nil)
	if err != nil || len(incs) != 1 || incs[0].Number != "" || incs[0].Network != "ok" {
		t.Errorf("numberless notice: %v %+v", err, incs)
	}
	if _, err := Notice(nil, loc, nil); err == nil {
		t.Error("nil message: no error")
	}
	if _, err := Notice(&Message{}, nil, nil); err == nil {
		t.Error("nil location: no error")
	}
}

func TestParseDateTime(t *testing.T) {
	loc := tomsk(t)
	tests := []struct {
		in       string
		want     string // RFC 3339 in Tomsk, "" when not a date and time
		isMoscow bool
	}{
		{"13.01.2026 10:14", "2026-01-13T10:14:00+07:00", false},
		{"2026-01-13 10:14", "2026-01-13T10:14:00+07:00", false},
		{"до 17:00 02.02.2026", "2026-02-02T17:00:00+07:00", false},
		{"14.05.2026 06:30 (мск)", "2026-05-14T10:30:00+07:00", true},
		{"14.05.2026 06:30 МСК", "2026-05-14T10:30:00+07:00", true},
		{"14.05.2026 06:30 (Москва)", "2026-05-14T10:30:00+07:00", true},
		{"13.01.26 9:05:30", "2026-01-13T09:05:30+07:00", false},
		{"13 января 2026 г. в 10:14", "2026-01-13T10:14:00+07:00", false},
		{"7 рабочих часов (отсчёт с 12.01.2026)", "", false},
		{"31.02.2026 10:00", "", false},
		{"13.13.2026 10:00", "", false},
		{"в течение 7 рабочих часов", "", false},
	}
	for _, tt := range tests {
		tm, hasClock, msk, ok := parseDateTime(tt.in, loc)
		got := ""
		if ok && hasClock {
			got = tm.In(loc).Format(time.RFC3339)
		}
		if got != tt.want || (got != "" && msk != tt.isMoscow) {
			t.Errorf("parseDateTime(%q) = %q moscow %v, want %q %v", tt.in, got, msk, tt.want, tt.isMoscow)
		}
	}
}

func TestNetworks(t *testing.T) {
	labels := map[string]string{
		"ВКонтакте": "vk", "ВК": "vk", "VK": "vk", "Одноклассники": "ok", "ОК": "ok", "Telegram-канал": "telegram",
		"Телеграм": "telegram", "Instagram*": "instagram", "Инстаграм": "instagram", "Facebook*": "facebook",
		"Фейсбук": "facebook", "Дзен": "", "Сайт администрации": "",
	}
	for in, want := range labels {
		if got := networkOf(in); got != want {
			t.Errorf("networkOf(%q) = %q, want %q", in, got, want)
		}
	}
	hosts := map[string]string{
		"https://vk.com/wall-1_2": "vk", "https://vk.ru/x": "vk", "https://m.vk.com/x": "vk", "https://ok.ru/group/1": "ok",
		"https://m.ok.ru/x": "ok", "https://t.me/chan/5": "telegram", "https://telegram.me/x": "telegram",
		"https://www.instagram.com/p/x/": "instagram", "https://facebook.com/x": "facebook", "https://fb.com/x": "facebook",
		"https://m.facebook.com/x": "facebook", "https://notvk.com/x": "", "https://vk.com.evil.example/x": "", "not a url": "",
	}
	for in, want := range hosts {
		if got := hostNetwork(in); got != want {
			t.Errorf("hostNetwork(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindSettlement(t *testing.T) {
	tests := []struct{ text, want string }{
		{"с. Кожевниково", "Кожевниково"},
		{"в Кожевникове опять", "Кожевниково"},
		{"жители Уртама", "Уртам"},
		{"в Уртаме", "Уртам"},
		{"д. Базой", "Базой"},
		{"в Базое", "Базой"},
		{"в Старой Ювале", "Старая Ювала"},
		{"СТАРАЯ ЮВАЛА", "Старая Ювала"},
		{"Новопокровки и Малиновки", "Новопокровка"},
		{"Кожевниковский район", ""},
		{"Уртамская школа", ""},
		{"база отдыха", ""},
		{"Чилинское поселение", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := findSettlement(tt.text, testSettlements); got != tt.want {
			t.Errorf("findSettlement(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
