package parse

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func mustRead(t testing.TB, raw string) *Message {
	t.Helper()
	m, err := Read(strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n")), Limits{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return m
}

func cp1251(t testing.TB, s string) string {
	b, err := charmap.Windows1251.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func koi8(t testing.TB, s string) string {
	b, err := charmap.KOI8R.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hasProblem(m *Message, sub string) bool {
	for _, p := range m.Problems {
		if strings.Contains(p, sub) {
			return true
		}
	}
	return false
}

// Mail conventions: windows-1251 and KOI8-R bodies and RFC 2047 headers are read as Russian text.
func TestLegacyCharsetFixtures(t *testing.T) {
	tests := []struct {
		file, subject, fromName, body string
	}{
		{"testdata/notices/n01-cp1251.eml", "Вороново — ямы на дороге, инц. 4700001", "Дежурный ДИП", "На въезде в Вороново яма на яме"},
		{"testdata/notices/n02-koi8r.eml", "Мусор в Уртаме - инц. 4700002", "Мониторинг ДИП", "Контейнеры на Советской не вывозят"},
		{"testdata/replies/r06-yandex.eml", "Re: [ОТК-2026-0042] Инцидент 4512937", "Петров Пётр", "Грейдер вышел сегодня"},
		{"testdata/replies/r01-outlook-original-message-cp1251.eml", "RE: [ОТК-2026-0042] Инцидент 4512937", "Петров Пётр", "Исходное сообщение"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := readFile(t, tt.file)
			if m.Subject != tt.subject {
				t.Errorf("Subject = %q, want %q", m.Subject, tt.subject)
			}
			if m.From.Name != tt.fromName {
				t.Errorf("From.Name = %q, want %q", m.From.Name, tt.fromName)
			}
			if !strings.Contains(m.Text, tt.body) {
				t.Errorf("Text lacks %q:\n%s", tt.body, m.Text)
			}
			if len(m.Problems) > 0 {
				t.Errorf("Problems = %q", m.Problems)
			}
		})
	}
}

func TestCharsetsAndEncodings(t *testing.T) {
	tests := []struct {
		name        string
		raw         string
		wantText    string
		wantSubject string
		problem     string // a substring of a Problem, or "" for none
	}{
		{
			name:     "windows-1251 base64 body",
			raw:      "Content-Type: text/plain; charset=\"Windows-1251\"\nContent-Transfer-Encoding: base64\n\n" + base64.StdEncoding.EncodeToString([]byte(cp1251(t, "Привет, Уртам!"))),
			wantText: "Привет, Уртам!",
		},
		{
			name:        "KOI8-R Q-encoded subject and 8bit body",
			raw:         "Subject: =?KOI8-R?Q?" + qEncode(koi8(t, "Отчёт по задаче")) + "?=\nContent-Type: text/plain; charset=koi8-r\n\n" + koi8(t, "Работы выполнены."),
			wantText:    "Работы выполнены.",
			wantSubject: "Отчёт по задаче",
		},
		{
			name: "encoded word split inside a UTF-8 character",
			// «Жук» is D0 96 D1 83 D0 BA; the first word ends after D0, the second starts with 96.
			raw:         "Subject: =?utf-8?B?" + base64.StdEncoding.EncodeToString([]byte("Ж")[:1]) + "?= =?utf-8?B?" + base64.StdEncoding.EncodeToString([]byte("Жук")[1:]) + "?=\n\nx",
			wantText:    "x",
			wantSubject: "Жук",
		},
		{
			name:     "unknown charset keeps the text and says so",
			raw:      "Content-Type: text/plain; charset=x-mystery-42\n\nHello, Кожевниково",
			wantText: "Hello, Кожевниково",
			problem:  "неизвестная кодировка «x-mystery-42»",
		},
		{
			name:     "unknown charset with 8-bit bytes is read as the likelier Cyrillic charset",
			raw:      "Content-Type: text/plain; charset=x-mystery\n\n" + cp1251(t, "дорога не чищена"),
			wantText: "дорога не чищена",
			problem:  "неизвестная кодировка «x-mystery»",
		},
		{
			name:     "no charset, 8-bit KOI8-R",
			raw:      "Content-Type: text/plain\n\n" + koi8(t, "нет воды в колонке"),
			wantText: "нет воды в колонке",
			problem:  "кодировка текста не указана",
		},
		{
			name:        "raw 8-bit windows-1251 subject",
			raw:         "Subject: " + cp1251(t, "Ответ по инциденту") + "\n\nтекст",
			wantText:    "текст",
			wantSubject: "Ответ по инциденту",
			problem:     "заголовок Subject в 8-битной кодировке",
		},
		{
			name:     "broken base64 keeps what decodes",
			raw:      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + base64.StdEncoding.EncodeToString([]byte("Целая часть текста. ")) + "!!!@@@###\n",
			wantText: "Целая часть текста.",
			problem:  "повреждённые данные base64",
		},
		{
			name:     "quoted-printable with soft breaks and a stray equals sign",
			raw:      "Content-Transfer-Encoding: quoted-printable\nContent-Type: text/plain; charset=utf-8\n\n=D0=94=D0=B0=\n =3D 5 = 2+3",
			wantText: "Да = 5 = 2+3",
		},
		{
			name:     "format=flowed lines are joined",
			raw:      "Content-Type: text/plain; charset=utf-8; format=flowed\n\nГрейдер вышел \nсегодня.\n> цитата \n> дальше\n",
			wantText: "Грейдер вышел сегодня.\n> цитата дальше",
		},
		{
			name:     "unknown transfer encoding is kept",
			raw:      "Content-Transfer-Encoding: x-weird\n\nplain",
			wantText: "plain",
			problem:  "неизвестное кодирование передачи",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mustRead(t, tt.raw)
			if m.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", m.Text, tt.wantText)
			}
			if tt.wantSubject != "" && m.Subject != tt.wantSubject {
				t.Errorf("Subject = %q, want %q", m.Subject, tt.wantSubject)
			}
			if tt.problem == "" && len(m.Problems) > 0 {
				t.Errorf("Problems = %q, want none", m.Problems)
			}
			if tt.problem != "" && !hasProblem(m, tt.problem) {
				t.Errorf("Problems = %q, want one with %q", m.Problems, tt.problem)
			}
			if !utf8.ValidString(m.Text) || !utf8.ValidString(m.Subject) {
				t.Errorf("invalid UTF-8 out")
			}
		})
	}
}

func qEncode(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b.WriteByte(c)
		} else if c == ' ' {
			b.WriteByte('_')
		} else {
			b.WriteString("=" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}

// Mail conventions: HTML-only mail is shown as text, never with remote content or scripts.
func TestHTMLNoticeIsSafeText(t *testing.T) {
	m := readFile(t, "testdata/notices/n05-html-script.eml")
	if !m.FromHTML {
		t.Fatal("FromHTML = false")
	}
	for _, bad := range []string{"alert", "owned", "evil.example", "tracker.example", "secret title", "color:red",
		"скрытый прехедер", "javascript", "<", "&laquo;", "&hellip;"} {
		if strings.Contains(m.Text, bad) {
			t.Errorf("Text carries %q:\n%s", bad, m.Text)
		}
	}
	for _, good := range []string{"Номер: 4700301", "Ссылка на пост: открыть запись (https://vk.com/wall-1_301)",
		"Автор: Лидия «Л» & Ко", "🎿", "Дети ждут с декабря…", "Подробнее: жми"} {
		if !strings.Contains(m.Text, good) {
			t.Errorf("Text lacks %q:\n%s", good, m.Text)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"paragraphs and breaks", "<p>Раз<br>два</p><p>три</p>", "Раз\nдва\n\nтри"},
		{"link with label", `<a href="https://vk.com/wall-1_2">пост</a>`, "пост (https://vk.com/wall-1_2)"},
		{"link equal to its label", `<a href="https://vk.com/x">vk.com/x</a>`, "vk.com/x"},
		{"mailto", `<a href="mailto:a@b.ru?subject=x">Анна</a>`, "Анна (a@b.ru)"},
		{"image alt, no source", `<img src="http://x.example/a.png" alt="схема проезда">`, "[схема проезда]"},
		{"emoji entity", "Спасибо &#128591; &amp; до свидания", "Спасибо 🙏 & до свидания"},
		{"list", "<ul><li>один</li><li>два</li></ul><ol><li>первый</li></ol>", "• один\n• два\n\n1. первый"},
		{"blockquote", "Ответ<blockquote>Вопрос<br>ещё</blockquote>", "Ответ\n> Вопрос\n> ещё"},
		{"label/value table", "<table><tr><td>Номер</td><td>123</td></tr><tr><td>Автор:</td><td>Я</td></tr></table>", "Номер: 123\nАвтор: Я"},
		{"wide table", "<table><tr><td>a</td><td>b</td><td>c</td></tr></table>", "a | b | c"},
		{"hidden and style", `<style>p{}</style><p style="display: none">x</p><p hidden>y</p>видно`, "видно"},
		{"pre keeps spacing", "<pre>a  b\n  c</pre>", "a  b\n  c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := htmlToText(tt.html); got != tt.want {
				t.Errorf("htmlToText(%q) = %q, want %q", tt.html, got, tt.want)
			}
		})
	}
}

// RFC 2231 (with charsets and continuations) and RFC 2047 attachment names, and the choice of the body.
func TestAttachmentsAndStructure(t *testing.T) {
	name1251 := percent(cp1251(t, "Фото ямы.jpg"))
	raw := `From: "Петров, П." <petrov@kozhevnikovo.example>
Subject: photos
Content-Type: multipart/mixed; boundary="outer"

preamble is ignored
--outer
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

Фото во вложении.
--alt
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<p>Фото во <b>вложении</b>. <img src="cid:logo"></p>
--rel
Content-Type: image/png
Content-ID: <logo>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--rel--
--alt--
--outer
Content-Type: image/jpeg
Content-Disposition: attachment; filename*=windows-1251''` + name1251 + `
Content-Transfer-Encoding: base64

/9j/4AAQ
--outer
Content-Type: application/pdf; name="=?koi8-r?B?` + base64.StdEncoding.EncodeToString([]byte(koi8(t, "Акт.pdf"))) + `?="
Content-Disposition: attachment
Content-Transfer-Encoding: base64

JVBERi0=
--outer
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment;
 filename*0*=utf-8''%D0%94%D0%BB%D0%B8%D0%BD%D0%BD%D0%BE%D0%B5%20;
 filename*1="имя.txt"

вложенный текст
--outer
Content-Type: image/jpeg; name="Фото ямы.jpg"

/9j/
--outer--
epilogue is ignored
`
	m := mustRead(t, raw)
	if m.Text != "Фото во вложении." || m.FromHTML {
		t.Errorf("Text = %q FromHTML=%v, want the text/plain alternative", m.Text, m.FromHTML)
	}
	if m.From.Name != "Петров, П." {
		t.Errorf("From = %+v", m.From)
	}
	var names []string
	for _, a := range m.Attachments {
		names = append(names, a.Name)
	}
	want := []string{"Фото ямы.jpg", "Акт.pdf", "Длинное имя.txt", "Фото ямы (2).jpg"}
	if !slices.Equal(names, want) {
		t.Errorf("attachment names = %q, want %q", names, want)
	}
	for _, a := range m.Attachments {
		if a.Inline {
			t.Errorf("%q inline: only multipart/related parts are", a.Name)
		}
	}
	if len(m.Attachments) > 1 && !bytes.HasPrefix(m.Attachments[1].Data, []byte("%PDF-")) {
		t.Errorf("pdf data = %q", m.Attachments[1].Data)
	}

	// The HTML alternative is used when there is no plain text, and its cid: image is an inline attachment.
	htmlOnly := strings.Replace(raw, "Content-Type: text/plain; charset=utf-8\n\nФото во вложении.", "Content-Type: text/plain; charset=utf-8\n\n", 1)
	m = mustRead(t, htmlOnly)
	if m.Text != "Фото во вложении." || !m.FromHTML {
		t.Errorf("Text = %q FromHTML=%v, want the HTML alternative", m.Text, m.FromHTML)
	}
}

func percent(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 128 && c != ' ' && c != '%' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + string("0123456789ABCDEF"[c>>4]) + string("0123456789ABCDEF"[c&15]))
		}
	}
	return b.String()
}

func TestRelatedImageIsInline(t *testing.T) {
	raw := `Content-Type: multipart/related; boundary=r

--r
Content-Type: text/html; charset=utf-8

<p>Смотрите <img src="cid:a" alt="фото"></p>
--r
Content-Type: image/png; name=a.png
Content-ID: <a>

png
--r--
`
	m := mustRead(t, raw)
	if len(m.Attachments) != 1 || !m.Attachments[0].Inline || m.Attachments[0].Name != "a.png" {
		t.Fatalf("attachments = %+v", m.Attachments)
	}
	if m.Text != "Смотрите [фото]" {
		t.Errorf("Text = %q", m.Text)
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name     string
		headers  string
		priority bool
		from     Address
		refs     []string
	}{
		{"X-Priority 2", "X-Priority: 2 (High)\nFrom: a@b.ru", true, Address{Email: "a@b.ru"}, nil},
		{"Priority urgent", "Priority: urgent\nFrom: <a@b.ru>", true, Address{Email: "a@b.ru"}, nil},
		{"X-Priority 3", "X-Priority: 3\nFrom: Анна <a@b.ru>", false, Address{Name: "Анна", Email: "a@b.ru"}, nil},
		{"broken From still gives the address", "From: Иванов И.И. \"глава <ivanov@selo.example>", false, Address{Name: "Иванов И.И. \"глава", Email: "ivanov@selo.example"}, nil},
		{"references without brackets", "References: a@x b@x\nFrom: a@b.ru", false, Address{Email: "a@b.ru"}, []string{"a@x", "b@x"}},
		{"folded references", "References: <a@x>\n <b@x>\n\t<c@x>\nFrom: a@b.ru", false, Address{Email: "a@b.ru"}, []string{"a@x", "b@x", "c@x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mustRead(t, tt.headers+"\n\nbody")
			if m.Priority != tt.priority {
				t.Errorf("Priority = %v", m.Priority)
			}
			if m.From.Email != tt.from.Email || strings.TrimSpace(m.From.Name) != tt.from.Name {
				t.Errorf("From = %+v, want %+v", m.From, tt.from)
			}
			if !slices.Equal(m.References, tt.refs) {
				t.Errorf("References = %q, want %q", m.References, tt.refs)
			}
		})
	}
}

// A message whose body starts without the blank line, or whose header has garbage, is still read.
func TestLenientHeaders(t *testing.T) {
	m := mustRead(t, "Subject: x\nthis line has no colon and starts the body\nsecond line")
	if m.Subject != "x" || !strings.HasPrefix(m.Text, "this line has no colon") {
		t.Errorf("Subject %q Text %q", m.Subject, m.Text)
	}
	m = mustRead(t, "From sender@example Mon Jan 13 10:00:00 2026\nSubject: mbox\n\nbody")
	if m.Subject != "mbox" || m.Text != "body" {
		t.Errorf("mbox separator: Subject %q Text %q", m.Subject, m.Text)
	}
	m = mustRead(t, "Date: вторник, 13 января\nSubject: d\n\nb")
	if !m.Date.IsZero() || !hasProblem(m, "не удалось разобрать дату") {
		t.Errorf("Date %v Problems %q", m.Date, m.Problems)
	}
	m = mustRead(t, "Date: Tue, 13 Jan 2026 10:22:11 +0700 (KRAT)\n\nb")
	if m.Date.IsZero() {
		t.Errorf("Date with a zone comment not parsed")
	}
	m = mustRead(t, "Content-Type: multipart/mixed\n\nno boundary here")
	if m.Text != "no boundary here" || !hasProblem(m, "не указана граница") {
		t.Errorf("multipart without boundary: Text %q Problems %q", m.Text, m.Problems)
	}
}
