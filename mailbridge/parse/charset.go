package parse

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
)

// Charsets: go-message/charset registers every charset x/text knows (windows-1251, KOI8-R, ...) and is used for
// bodies, RFC 2231 parameters and RFC 2047 words alike. An unknown charset never loses text: valid UTF-8 is kept
// as is, other bytes are read as the likelier Cyrillic 8-bit charset, and a Problem says so.

// decodeCharset converts data in charset cs to UTF-8. With report, problems are recorded on the message.
func (w *walker) decodeCharset(data []byte, cs string, report bool) string {
	cs = strings.ToLower(strings.Trim(strings.TrimSpace(cs), `"'`))
	if i := strings.IndexByte(cs, '*'); i >= 0 { // RFC 2231 language suffix: utf-8*ru
		cs = cs[:i]
	}
	switch cs {
	case "", "us-ascii", "ascii", "utf-8", "utf8", "unicode-1-1-utf-8", "x-unknown", "unknown", "unknown-8bit":
		if utf8.Valid(data) {
			return string(data)
		}
		if cs == "utf-8" || cs == "utf8" {
			if looksLikeBrokenUTF8(data) {
				if report {
					w.problem("текст объявлен как UTF-8, но содержит ошибочные байты: они заменены знаком «�»")
				}
				return strings.ToValidUTF8(string(data), "\uFFFD")
			}
		}
		if report {
			if cs == "" || cs == "us-ascii" || cs == "ascii" {
				w.problem("кодировка текста не указана: текст прочитан как %s", guessName(data))
			} else {
				w.problem("текст в кодировке «%s» не соответствует ей: прочитан как %s", cs, guessName(data))
			}
		}
		return guessCyrillic(data)
	}
	r, err := charset.Reader(cs, bytes.NewReader(data))
	if err == nil {
		out, rerr := io.ReadAll(r)
		if rerr == nil {
			return strings.ToValidUTF8(string(out), "\uFFFD")
		}
	}
	if utf8.Valid(data) {
		if report {
			w.problem("неизвестная кодировка «%s»: текст оставлен как есть", clip(cs, 40))
		}
		return string(data)
	}
	if report {
		w.problem("неизвестная кодировка «%s»: текст прочитан как %s (догадка)", clip(cs, 40), guessName(data))
	}
	return guessCyrillic(data)
}

// looksLikeBrokenUTF8 tells damaged UTF-8 (a few bad bytes) from mislabelled 8-bit text (mostly bad bytes).
func looksLikeBrokenUTF8(data []byte) bool {
	good, bad := 0, 0
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n == 1 {
			bad++
		} else if n > 1 {
			good++
		}
		data = data[n:]
	}
	return good > bad
}

// guessCyrillic reads 8-bit Russian text as windows-1251 or KOI8-R: lower-case letters dominate running text,
// and they sit at 0xE0–0xFF in windows-1251 but at 0xC0–0xDF in KOI8-R.
func guessCyrillic(data []byte) string {
	dec := charmap.Windows1251.NewDecoder()
	if guessName(data) == "KOI8-R" {
		dec = charmap.KOI8R.NewDecoder()
	}
	out, err := dec.Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(out)
}

func guessName(data []byte) string {
	low, high := 0, 0
	for _, c := range data {
		switch {
		case c >= 0xE0:
			high++
		case c >= 0xC0:
			low++
		}
	}
	if low > high {
		return "KOI8-R"
	}
	return "windows-1251"
}

// lenientCharsetReader is the CharsetReader of mime.WordDecoder: unknown charsets fall back to a guess instead of
// failing the whole header.
func (w *walker) lenientCharsetReader(cs string, input io.Reader) (io.Reader, error) {
	data, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(w.decodeCharset(data, cs, true)), nil
}

func (w *walker) wordDecoder() *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: w.lenientCharsetReader}
}

var encodedWordRe = mustKeyed(`=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=`)

// decodeText decodes RFC 2047 encoded words in a header value. Adjacent words in the same charset are joined
// before conversion, because mailers split multi-byte characters across words.
func (w *walker) decodeText(v string) string {
	if !strings.Contains(v, "=?") {
		return v
	}
	matches := encodedWordRe.FindAllStringSubmatchIndex(v, -1)
	if matches == nil {
		return v
	}
	var out strings.Builder
	var pending []byte
	pendingCS := ""
	flush := func() {
		if len(pending) > 0 {
			out.WriteString(w.decodeCharset(pending, pendingCS, true))
		}
		pending, pendingCS = nil, ""
	}
	last := 0
	for _, m := range matches {
		between := v[last:m[0]]
		if strings.TrimSpace(between) != "" || last == 0 {
			flush()
			out.WriteString(between)
		}
		cs := strings.ToLower(v[m[2]:m[3]])
		enc := v[m[4]:m[5]]
		payload := v[m[6]:m[7]]
		raw, ok := decodeWord(enc, payload)
		if !ok {
			flush()
			out.WriteString(v[m[0]:m[1]])
			last = m[1]
			continue
		}
		if cs != pendingCS {
			flush()
			pendingCS = cs
		}
		pending = append(pending, raw...)
		last = m[1]
	}
	flush()
	out.WriteString(v[last:])
	return out.String()
}

func decodeWord(enc, payload string) ([]byte, bool) {
	if enc == "b" || enc == "B" {
		b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "="))
		if err != nil {
			b, broken := decodeBase64([]byte(payload))
			return b, !broken || len(b) > 0
		}
		return b, true
	}
	var out []byte
	for i := 0; i < len(payload); i++ {
		c := payload[i]
		switch {
		case c == '_':
			out = append(out, ' ')
		case c == '=' && i+2 < len(payload) && isHex(payload[i+1]) && isHex(payload[i+2]):
			out = append(out, unhex(payload[i+1])<<4|unhex(payload[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out, true
}
