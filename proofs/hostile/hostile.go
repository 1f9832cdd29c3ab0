// Package hostile generates the hostile mail corpus of the proofs: messages built to exhaust or trick an e-mail
// parser (MIME nesting deeper than the limit, 10,000 parts, 60 MiB, 1 MiB header lines, broken transfer encodings,
// an unknown charset, attachment names that try to escape a folder, HTML with scripts and remote images, a zip
// inside a zip). Each message says what Otklik must make of it: a triage item with its reason, or a case whose
// content is sanitised. cmd/otklik/proof_hostile_test.go delivers the corpus through the loopback IMAP server;
// `go run ./proofs/hostile/write -out DIR` writes it as .eml files for a real server.
//
// It generates bytes only: it must never import Otklik's packages, so the corpus cannot bend to the code it tests.
package hostile

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/quotedprintable"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// Outcome is what intake must make of a message.
type Outcome int

const (
	// Triage: the message is kept and shown in «Разбор почты» with a reason naming the limit it broke.
	Triage Outcome = iota
	// Case: the message is a Department notice that becomes a case, with its dangerous content made harmless.
	Case
)

// Mail is one message of the corpus.
type Mail struct {
	Name string
	Raw  []byte
	Want Outcome
	// Reason is a part of the Russian triage reason (Triage).
	Reason string
	// Incident is the notice's incident number (Case).
	Incident string
	// Limit is the parse.LimitError code the parser must return ("size", "depth", "parts", "header"), "" when the
	// message is to be read.
	Limit string
	// Oversize marks a message larger than the 50 MiB default: intake must not download its body at all (it
	// fetches only the header block, by RFC822.SIZE).
	Oversize bool
}

// Options address the corpus.
type Options struct {
	From string // a Department address: the corpus pretends to be notices
	To   string // the coordinator's mailbox
	// RemoteBase is an http:// URL prefix of a server the test watches: the HTML message links its images,
	// stylesheet and frame there, and nothing may ever fetch them.
	RemoteBase string
	// FirstIncident numbers the notices of the corpus that must become cases.
	FirstIncident int
	Date          time.Time
}

// Corpus returns the messages in a fixed order.
func Corpus(o Options) []Mail {
	n := o.FirstIncident
	next := func() int { n++; return n }
	return []Mail{
		{Name: "mime-depth-40", Raw: nested(o, 40), Want: Triage, Reason: "вложенность MIME", Limit: "depth"},
		{Name: "mime-parts-10000", Raw: manyParts(o, 10_000), Want: Triage, Reason: "частей MIME", Limit: "parts"},
		{Name: "size-60mib", Raw: huge(o, 60<<20), Want: Triage, Reason: "больше допустимого размера", Limit: "size", Oversize: true},
		{Name: "header-line-1mib", Raw: longHeader(o, 1<<20), Want: Triage, Reason: "слишком длинный заголовок", Limit: "header"},
		brokenBase64(o, next()),
		brokenQP(o, next()),
		unknownCharset(o, next()),
		attachmentNames(o, next()),
		scriptedHTML(o, next()),
		zipInZip(o, next()),
	}
}

// DangerousNames are the attachment names of the "attachment-names" message, as the sender wrote them.
var DangerousNames = []string{
	"../../etc/passwd", "/etc/shadow", "a\x00b.txt", "CON.txt", "NUL", "com1.jpg", `..\..\Windows\win.ini`,
	`C:\Users\x\photo.jpg`, "фото\u202egpj.exe", ".bashrc", "aux",
}

// ScriptMarkers must never reach a case's text from the "html-script-remote-image" message.
var ScriptMarkers = []string{"<script", "alert(", "document.cookie", "onload", "<img", "<iframe", "javascript:"}

func header(o Options, subject, messageID, contentType string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: =?utf-8?b?%s?= <%s>\r\n", b64("Ветрова Анна"), o.From)
	fmt.Fprintf(&b, "To: %s\r\n", o.To)
	fmt.Fprintf(&b, "Subject: =?utf-8?b?%s?=\r\n", b64(subject))
	fmt.Fprintf(&b, "Date: %s\r\n", o.Date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@dip.tomsk.example>\r\n", messageID)
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString(contentType)
	return b.String()
}

// NoticeText is the body of a Department notice about one incident, with LF line ends.
func NoticeText(number int, text string) string {
	return fmt.Sprintf(`Уважаемые коллеги!

Направляем для отработки сообщение из открытых источников.

Номер инцидента: %d
Дата и время выявления: 13.01.2026 10:14
Социальная сеть: ВКонтакте
Источник: сообщество «Подслушано Кожевниково»
Автор: Житель села
Категория: Дороги / содержание в зимний период
Территория: Кожевниковский район, с. Кожевниково

Текст сообщения:
%s

--
С уважением,
Ветрова Анна Сергеевна
`, number, text)
}

func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// b64Lines is base64 in 76-character lines.
func b64Lines(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s + "\r\n")
	return b.String()
}

func nested(o Options, depth int) []byte {
	var b strings.Builder
	b.WriteString(header(o, "Вложенность "+fmt.Sprint(depth), fmt.Sprintf("hostile-depth-%d", depth),
		"Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n"))
	for i := 1; i < depth; i++ {
		fmt.Fprintf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n", i-1, i)
	}
	fmt.Fprintf(&b, "--b%d\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nглубоко\r\n", depth-1)
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return []byte(b.String())
}

func manyParts(o Options, parts int) []byte {
	var b strings.Builder
	b.WriteString(header(o, fmt.Sprintf("%d частей", parts), fmt.Sprintf("hostile-parts-%d", parts),
		"Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n"))
	for i := range parts {
		fmt.Fprintf(&b, "--p\r\nContent-Type: text/plain\r\n\r\nчасть %d\r\n", i)
	}
	b.WriteString("--p--\r\n")
	return []byte(b.String())
}

// huge is a notice-looking message of about size bytes: a short text and one large base64 attachment.
func huge(o Options, size int) []byte {
	var b bytes.Buffer
	b.WriteString(header(o, "Большое письмо", "hostile-huge", "Content-Type: multipart/mixed; boundary=\"h\"\r\n\r\n"))
	b.WriteString("--h\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nсм. вложение\r\n")
	b.WriteString("--h\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"scan.bin\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n")
	line := strings.Repeat("QUJD", 19) + "\r\n" // 76 characters of base64
	for b.Len() < size {
		b.WriteString(line)
	}
	b.WriteString("--h--\r\n")
	return b.Bytes()
}

func longHeader(o Options, n int) []byte {
	h := header(o, "Длинный заголовок", "hostile-long-header", "Content-Type: text/plain; charset=utf-8\r\n")
	return []byte(h + "X-Junk: " + strings.Repeat("a", n) + "\r\n\r\nтекст\r\n")
}

func brokenBase64(o Options, number int) Mail {
	body := b64Lines([]byte(crlf(NoticeText(number, "Когда почистят дорогу? Base64 оборван."))))
	body += "0J/RgNC40LLQtdGC***@@@" + strings.Repeat("%%%%", 1000) + "\r\n"
	raw := header(o, fmt.Sprintf("Сообщение из открытых источников № %d", number), fmt.Sprintf("hostile-b64-%d", number),
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n") + body
	return Mail{Name: "broken-base64", Raw: []byte(raw), Want: Case, Incident: fmt.Sprint(number)}
}

func brokenQP(o Options, number int) Mail {
	var qp bytes.Buffer
	w := quotedprintable.NewWriter(&qp)
	w.Write([]byte(crlf(NoticeText(number, "Яма у остановки. QP испорчен."))))
	w.Close()
	body := qp.String() + "=ZZ=4=\r\n=\r\nтекст без кодирования=XX=" + strings.Repeat("=", 5000) + "\r\n"
	raw := header(o, fmt.Sprintf("Сообщение из открытых источников № %d", number), fmt.Sprintf("hostile-qp-%d", number),
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n") + body
	return Mail{Name: "broken-quoted-printable", Raw: []byte(raw), Want: Case, Incident: fmt.Sprint(number)}
}

// unknownCharset is a notice in windows-1251 labelled with a charset nobody knows: the text must still be read
// (the parser guesses and says so), not dropped.
func unknownCharset(o Options, number int) Mail {
	text, _ := charmap.Windows1251.NewEncoder().String(crlf(NoticeText(number, "Нет воды в колонке третий день.")))
	raw := header(o, fmt.Sprintf("Сообщение из открытых источников № %d", number), fmt.Sprintf("hostile-charset-%d", number),
		"Content-Type: text/plain; charset=\"x-nobody-knows\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n") + text
	return Mail{Name: "unknown-charset", Raw: []byte(raw), Want: Case, Incident: fmt.Sprint(number)}
}

func attachmentNames(o Options, number int) Mail {
	var b strings.Builder
	b.WriteString(header(o, fmt.Sprintf("Сообщение из открытых источников № %d", number), fmt.Sprintf("hostile-names-%d", number),
		"Content-Type: multipart/mixed; boundary=\"n\"\r\n\r\n"))
	b.WriteString("--n\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(b64Lines([]byte(crlf(NoticeText(number, "Фото во вложении.")))))
	for i, name := range DangerousNames {
		// RFC 2231 percent-encoding carries the NUL and the right-to-left override as a real mailer would.
		param := "filename*=utf-8''" + percent(name)
		fmt.Fprintf(&b, "--n\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; %s\r\n"+
			"Content-Transfer-Encoding: base64\r\n\r\n%s", param, b64Lines([]byte(fmt.Sprintf("вложение %d", i))))
	}
	b.WriteString("--n--\r\n")
	return Mail{Name: "attachment-names", Raw: []byte(b.String()), Want: Case, Incident: fmt.Sprint(number)}
}

func percent(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func scriptedHTML(o Options, number int) Mail {
	text := strings.ReplaceAll(NoticeText(number, "Фонари не горят.</p><script>alert(document.cookie)</script><p>Просим принять меры."), "\n", "<br>\n")
	html := `<html><head><link rel="stylesheet" href="` + o.RemoteBase + `/style.css">` +
		`<script src="` + o.RemoteBase + `/track.js"></script><style>body{background:url(` + o.RemoteBase + `/bg.png)}</style></head>` +
		`<body onload="alert(1)"><img src="` + o.RemoteBase + `/pixel.png" width="1" height="1">` +
		`<iframe src="` + o.RemoteBase + `/frame.html"></iframe><p>` + text + `</p>` +
		`<a href="javascript:alert(2)">ссылка</a><img src="` + o.RemoteBase + `/photo.jpg" alt="фото"></body></html>`
	raw := header(o, fmt.Sprintf("Сообщение из открытых источников № %d", number), fmt.Sprintf("hostile-html-%d", number),
		"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n") + b64Lines([]byte(html))
	return Mail{Name: "html-script-remote-image", Raw: []byte(raw), Want: Case, Incident: fmt.Sprint(number)}
}

// ZipInnerSize is what the innermost file of the zip-in-zip attachment would take unpacked.
const ZipInnerSize = 64 << 20

func zipInZip(o Options, number int) Mail {
	archive := nestedZip()
	var b strings.Builder
	b.WriteString(header(o, fmt.Sprintf("Сообщение из открытых источников № %d", number), fmt.Sprintf("hostile-zip-%d", number),
		"Content-Type: multipart/mixed; boundary=\"z\"\r\n\r\n"))
	b.WriteString("--z\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(b64Lines([]byte(crlf(NoticeText(number, "Документы в архиве.")))))
	b.WriteString("--z\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=\"archive.zip\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + b64Lines(archive) + "--z--\r\n")
	return Mail{Name: "zip-in-zip", Raw: []byte(b.String()), Want: Case, Incident: fmt.Sprint(number)}
}

// nestedZip is archive.zip holding inner.zip holding 64 MiB of zeros: small on the wire, large if anything unpacked
// it.
func nestedZip() []byte {
	pack := func(write func(w *zip.Writer) error) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		if err := write(zw); err != nil {
			panic(err)
		}
		if err := zw.Close(); err != nil {
			panic(err)
		}
		return buf.Bytes()
	}
	inner := pack(func(zw *zip.Writer) error {
		f, err := zw.Create("zeros.bin")
		if err != nil {
			return err
		}
		chunk := make([]byte, 1<<20)
		for range ZipInnerSize >> 20 {
			if _, err := f.Write(chunk); err != nil {
				return err
			}
		}
		return nil
	})
	return pack(func(zw *zip.Writer) error {
		f, err := zw.Create("inner.zip")
		if err != nil {
			return err
		}
		_, err = f.Write(inner)
		return err
	})
}

// ZipSize is the size of the zip-in-zip attachment as sent: what a case may store of it.
func ZipSize() int { return len(nestedZip()) }
