package parse

import (
	"strings"
	"testing"
)

const ownReply = "Добрый день!\nГрейдер вышел сегодня в 9:00, к 16:00 улица будет расчищена. Фото во вложении.\n\n--\nПетров П.П., глава Кожевниковского сельского поселения\nтел. 8 (38244) 00-000"

// П.8, П.15: the executor's draft is the reply's own text and signature, without the quoted task, whichever
// mail client wrote it.
func TestStripQuotedFixtures(t *testing.T) {
	tests := []struct{ file, want string }{
		{"testdata/replies/r01-outlook-original-message-cp1251.eml", ownReply},
		{"testdata/replies/r02-outlook-header-block.eml", ownReply},
		{"testdata/replies/r03-thunderbird-pishet.eml", ownReply},
		{"testdata/replies/r04-gmail-wrote-wrapped.eml", ownReply},
		{"testdata/replies/r05-gmail-ru.eml", ownReply},
		{"testdata/replies/r06-yandex.eml", ownReply},
		{"testdata/replies/r07-mailru-html.eml", ownReply},
		{"testdata/replies/r08-inline-quoting.eml", "Готовлю, будет к 15:00.\nУспеем.\n\n--\nПетров П.П."},
		{"testdata/replies/r09-thunderbird-wrapped-pishet.eml", ownReply},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := readFile(t, tt.file)
			if got := StripQuoted(m.Text); got != tt.want {
				t.Errorf("StripQuoted =\n%s\n---- want ----\n%s", got, tt.want)
			}
		})
	}
}

func TestStripQuoted(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no history", "Сделано.\n\n-- \nИванов", "Сделано.\n\n-- \nИванов"},
		{"english outlook", "Done.\n\n-----Original Message-----\nFrom: K\nSent: Tuesday\nTo: P\nSubject: task\n\ntask text", "Done."},
		{"english outlook header block", "Done.\n\nFrom: Koordinator <k@x.ru>\nSent: Tuesday, January 13, 2026 10:30 AM\nTo: P\n\ntask", "Done."},
		{"russian outlook without separator line", "Готово.\nОт: Координатор\nОтправлено: 13 января 2026 г. 10:30\nКому: Петров\nТема: задача\n\nзадача", "Готово."},
		{"forward marker", "См. ниже.\n\n-------- Пересылаемое сообщение --------\nОт: x\nТема: y\n\nz", "См. ниже."},
		{"bottom posting", "Иван пишет:\n> вопрос\n> ещё\n\nОтвет внизу.", "Ответ внизу."},
		{"bare quotes", "> цитата\nответ", "ответ"},
		{"nested quotes", "Ок.\n\n13.01.2026 10:30, K пишет:\n> текст\n>> старое\n> > ещё старее", "Ок."},
		{"english wrote one line", "Ok.\n\nOn Tue, 13 Jan 2026 10:30, K <k@x.ru> wrote:\n> task", "Ok."},
		{"yandex unquoted history", "Да.\n\n13.01.2026, 10:22, \"Коорд\" <k@x.ru>:\nзадача без кавычек", "Да."},
		{"mail.ru plain", "Да.\n\nВторник, 13 января 2026, 10:22 +07:00 от Коорд <k@x.ru>:\n> задача", "Да."},
		{"mail.ru without address", "Да.\n\nВторник, 13 января 2026, 10:22 +07:00 от Коорд:\nзадача", "Да."},
		{"own line with a time and a colon is kept", "Бригада выедет в 10:00, план такой:\n1) расчистка\n2) вывоз", "Бригада выедет в 10:00, план такой:\n1) расчистка\n2) вывоз"},
		{"own line before an attribution is kept", "Работы завершены 13.01.2026 в 15:00\n13.01.2026 10:30, Координатор пишет:\n> задача", "Работы завершены 13.01.2026 в 15:00"},
		{"crlf", "Готово.\r\n\r\n-----Исходное сообщение-----\r\nОт: К\r\n", "Готово."},
		{"underscore line before the header block goes too", "Готово.\n\n________________________________\nОт: К <k@x.ru>\nДата: 13.01.2026\nТема: т", "Готово."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StripQuoted(tt.in); got != tt.want {
				t.Errorf("StripQuoted(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Mail conventions: case tags in subjects, retyped by people and mail clients.
func TestTagsInSubject(t *testing.T) {
	tests := []struct {
		subject string
		want    []string
	}{
		{"Re: [ОТК-2026-0042] Инцидент 4512937", []string{"ОТК-2026-0042"}},
		{"RE: OTK-2026-0042 ответ", []string{"ОТК-2026-0042"}},
		{"отк 2026-0042 и [otk_2026_0043]", []string{"ОТК-2026-0042", "ОТК-2026-0043"}},
		{"OТК-2026-0042 (mixed Latin O)", []string{"ОТК-2026-0042"}},
		{"Fwd: [ОТК-2026-0042] [ОТК-2026-0042]", []string{"ОТК-2026-0042"}},
		{"ХОТК-2026-0042 is another tag", nil},
		{"ОТК-2026-0042a is not ours", nil},
		{"ОТК-26-0042 short year", nil},
		{"ОТК-2026-", nil},
		{"Инцидент 4512937", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := TagsInSubject(tt.subject, "ОТК", "OTK")
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("TagsInSubject(%q) = %q, want %q", tt.subject, got, tt.want)
		}
	}
	if got := TagsInSubject("[ОТК-2026-0042]", "", ""); got != nil {
		t.Errorf("no prefixes: %q", got)
	}
	if got := TagsInSubject("[ABC-2026-7]", "", "ABC"); strings.Join(got, ",") != "ABC-2026-7" {
		t.Errorf("latin prefix only: %q", got)
	}
}
