package parse

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameRunes caps attachment names: NTFS allows 255 UTF-16 units and ext4 255 bytes, and the storage may
// add a prefix.
const maxNameRunes = 100

// windowsReserved are device names Windows opens instead of a file, with any extension.
var windowsReserved = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
	"COM0": true, "COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT0": true, "LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
	"COM¹": true, "COM²": true, "COM³": true, "LPT¹": true, "LPT²": true, "LPT³": true,
}

// safeName turns a name from the mail into a file name that cannot leave the folder it is saved in, on Linux or
// Windows. An empty result is replaced by «вложение» with an extension from the content type.
func safeName(name, contentType string) string {
	name = strings.ToValidUTF8(name, "_")
	// Keep only the last path element, whichever separator the sender's system used.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == 0 || r < 0x20 || r == 0x7f:
			b.WriteByte('_')
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteByte('_')
		case unicode.Is(unicode.Cf, r): // bidi overrides hide a real extension: «фото\u202Egpj.exe»
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.Join(strings.Fields(b.String()), " ")
	// Windows drops trailing dots and spaces, which would merge names; leading dots hide files on Linux.
	name = strings.Trim(name, ". ")
	if name == "" {
		name = "вложение" + extensionFor(contentType)
	}
	stem := name
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	if windowsReserved[strings.ToUpper(strings.TrimSpace(stem))] {
		name = "_" + name
	}
	name = capName(name, maxNameRunes)
	if !filepath.IsLocal(name) || strings.ContainsAny(name, `/\`) {
		return "вложение" + extensionFor(contentType)
	}
	return name
}

// capName shortens a name to n runes, keeping a short extension.
func capName(name string, n int) string {
	if utf8.RuneCountInString(name) <= n {
		return name
	}
	ext := filepath.Ext(name)
	if utf8.RuneCountInString(ext) > 16 {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	keep := n - utf8.RuneCountInString(ext)
	return strings.TrimRight(string(stem[:keep]), ". ") + ext
}

// extensions are fixed here rather than taken from the system's mime.types, so that a name does not depend on the
// machine that read the mail.
var extensions = map[string]string{
	"message/rfc822": ".eml", "message/global": ".eml", "text/plain": ".txt", "text/html": ".html",
	"text/csv": ".csv", "text/calendar": ".ics", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
	"image/webp": ".webp", "image/heic": ".heic", "image/bmp": ".bmp", "image/tiff": ".tif",
	"application/pdf": ".pdf", "application/zip": ".zip", "application/x-rar-compressed": ".rar",
	"application/x-7z-compressed": ".7z", "application/msword": ".doc", "application/rtf": ".rtf",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
	"application/vnd.ms-excel": ".xls",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
	"application/vnd.oasis.opendocument.text":                           ".odt", "video/mp4": ".mp4", "audio/mpeg": ".mp3",
	"audio/ogg": ".ogg",
}

func extensionFor(contentType string) string {
	if ext, ok := extensions[contentType]; ok {
		return ext
	}
	return ".bin"
}

// uniqueNames makes Names unique within the message (case-insensitively, as on Windows) by adding « (2)».
func uniqueNames(atts []Attachment) []Attachment {
	seen := map[string]bool{}
	next := map[string]int{} // the next counter to try per name, so that many copies stay linear
	for i := range atts {
		name := atts[i].Name
		if key := strings.ToLower(name); seen[key] {
			ext := filepath.Ext(name)
			stem := strings.TrimSuffix(name, ext)
			if utf8.RuneCountInString(ext) > 16 {
				stem, ext = name, ""
			}
			for n := max(2, next[key]); ; n++ {
				// Shorten the stem, not the counter: cutting the counter off would repeat the name forever.
				suffix := fmt.Sprintf(" (%d)", n)
				st := []rune(stem)
				if room := maxNameRunes - utf8.RuneCountInString(suffix+ext); len(st) > room {
					st = st[:room]
				}
				cand := string(st) + suffix + ext
				if !seen[strings.ToLower(cand)] {
					name, next[key] = cand, n+1
					break
				}
			}
		}
		seen[strings.ToLower(name)] = true
		atts[i].Name = name
	}
	return atts
}
