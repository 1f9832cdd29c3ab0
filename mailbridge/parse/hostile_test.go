package parse

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// rejectBudget is the longest hostile mail may hold the intake worker (ARCHITECTURE: cap message size, MIME depth
// and part count).
const rejectBudget = 100 * time.Millisecond * raceScale

// timedRead reads raw and returns the fastest of three runs, so that a busy shared machine does not fail the
// budget by one unlucky run while a slow parser still fails it every time.
func timedRead(raw string, lim Limits) (*Message, error, time.Duration) {
	var m *Message
	var err error
	best := time.Hour
	for range 3 {
		start := time.Now()
		m, err = Read(strings.NewReader(raw), lim)
		best = min(best, time.Since(start))
	}
	return m, err, best
}

func nested(depth int) string {
	var b strings.Builder
	b.WriteString("Subject: deep\r\n")
	for i := range depth {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n", i, i)
	}
	b.WriteString("Content-Type: text/plain\r\n\r\ncore\r\n")
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return b.String()
}

func manyParts(n int) string {
	var b strings.Builder
	b.WriteString("Subject: many\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n")
	for i := range n {
		fmt.Fprintf(&b, "--x\r\nContent-Type: text/plain\r\n\r\npart %d\r\n", i)
	}
	b.WriteString("--x--\r\n")
	return b.String()
}

// ARCHITECTURE (hostile mail): limits are enforced with a Russian reason, fast.
func TestHostileMailIsRejected(t *testing.T) {
	longLine := "X-Junk: " + strings.Repeat("a", 1<<20) + "\r\n"
	tests := []struct {
		name   string
		raw    string
		lim    Limits
		code   string
		reason string
	}{
		{"depth 40", nested(40), Limits{}, LimitDepth, "слишком глубокая вложенность MIME (более 32)"},
		{"5000 parts", manyParts(5000), Limits{}, LimitParts, "слишком много частей MIME в письме (более 1000)"},
		{"1 MiB header line", "Subject: x\r\n" + longLine + "\r\nbody", Limits{}, LimitHeader, "слишком длинный заголовок"},
		{"1 MiB header line in a part", "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" + longLine + "\r\nbody\r\n--x--\r\n", Limits{}, LimitHeader, "слишком длинный заголовок"},
		{"header without end", "Subject: x\r\n" + strings.Repeat("X-A: b\r\n", 200000), Limits{}, LimitHeader, "более 1 МиБ"},
		{"message over the size limit", "Subject: big\r\n\r\n" + strings.Repeat("z", 2<<20), Limits{MaxBytes: 1 << 20}, LimitSize, "письмо больше допустимого размера (1 МиБ)"},
		{"custom depth", nested(5), Limits{MaxDepth: 4}, LimitDepth, "(более 4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err, took := timedRead(tt.raw, tt.lim)
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want *LimitError", err)
			}
			if le.Code != tt.code || !strings.Contains(le.Reason, tt.reason) || le.Error() != le.Reason || !IsLimit(err) {
				t.Errorf("LimitError{%q, %q}, want code %q reason with %q", le.Code, le.Reason, tt.code, tt.reason)
			}
			if took > rejectBudget {
				t.Errorf("took %v, budget %v", took, rejectBudget)
			}
			if tt.code == LimitDepth || tt.code == LimitParts {
				// The headers read before the limit still let the mail be shown in triage.
				if m == nil || m.Subject == "" {
					t.Errorf("message = %+v, want its headers", m)
				}
			}
		})
	}
}

func TestLimitsAtTheEdge(t *testing.T) {
	if _, err := Read(strings.NewReader(nested(32)), Limits{}); err != nil {
		t.Errorf("depth 32 must pass: %v", err)
	}
	if _, err := Read(strings.NewReader(manyParts(999)), Limits{}); err != nil {
		t.Errorf("999 parts (1000 with the message) must pass: %v", err)
	}
	l := Limits{}.withDefaults()
	if l.MaxBytes != 50<<20 || l.MaxDepth != 32 || l.MaxParts != 1000 || l.MaxHeaderBytes != 1<<20 {
		t.Errorf("defaults = %+v", l)
	}
	// The default size limit, streamed: the reader is not read past the limit.
	r := &countingReader{limit: 60 << 20}
	_, err := Read(r, Limits{})
	var le *LimitError
	if !errors.As(err, &le) || le.Code != LimitSize || r.n > 50<<20+1 {
		t.Errorf("err %v after reading %d bytes", err, r.n)
	}
}

type countingReader struct{ n, limit int }

func (r *countingReader) Read(p []byte) (int, error) {
	if r.n >= r.limit {
		return 0, io.EOF
	}
	k := min(len(p), r.limit-r.n)
	for i := range p[:k] {
		p[i] = 'a'
	}
	r.n += k
	return k, nil
}

// Damaged content is read as far as it goes, within the budget, never as an error.
func TestDamagedContentWithinBudget(t *testing.T) {
	tests := []struct{ name, raw, problem string }{
		{"broken base64", "Content-Transfer-Encoding: base64\r\n\r\n0J/RgNC40LLQtdGC***@@@" + strings.Repeat("%%%%", 10000), "повреждённые данные base64"},
		{"unknown charset", "Content-Type: text/plain; charset=x-nobody-knows\r\n\r\n" + strings.Repeat("\xcf\xf0\xe8", 10000), "неизвестная кодировка"},
		{"boundary look-alikes", "Content-Type: multipart/mixed; boundary=ab\r\n\r\n--ab\r\n\r\n" + strings.Repeat("--abc\r\n--ab x\r\n", 20000) + "--ab--", ""},
		{"a megabyte of folded header lines", "Subject: x\r\n" + strings.Repeat(" y\r\n", 250000) + "\r\nbody", ""},
		{"deep HTML", "Content-Type: text/html\r\n\r\n" + strings.Repeat("<div>", 20000) + "глубоко" + strings.Repeat("</div>", 20000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err, took := timedRead(tt.raw, Limits{})
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.problem != "" && !hasProblem(m, tt.problem) {
				t.Errorf("Problems = %q, want %q", m.Problems, tt.problem)
			}
			if !utf8.ValidString(m.Text) {
				t.Error("invalid UTF-8 text")
			}
			if took > rejectBudget {
				t.Errorf("took %v, budget %v", took, rejectBudget)
			}
		})
	}
}

// checkSafeName is the contract of Attachment.Name: usable as is under a folder on Linux and Windows.
func checkSafeName(t testing.TB, name string) {
	t.Helper()
	stem := strings.ToUpper(strings.SplitN(name, ".", 2)[0])
	switch {
	case name == "" || !filepath.IsLocal(name) || strings.ContainsAny(name, "/\\:*?\"<>|"):
		t.Errorf("unsafe name %q", name)
	case strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f || unicode.Is(unicode.Cf, r) }) >= 0:
		t.Errorf("control character in %q", name)
	case windowsReserved[strings.TrimSpace(stem)]:
		t.Errorf("reserved Windows name %q", name)
	case utf8.RuneCountInString(name) > maxNameRunes || !utf8.ValidString(name):
		t.Errorf("name too long or invalid: %q", name)
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") || strings.HasPrefix(name, "."):
		t.Errorf("name with leading or trailing dot or space: %q", name)
	}
}

// DC: an attachment name never lets a file escape the folder it is saved in.
func TestDangerousAttachmentNames(t *testing.T) {
	tests := []struct {
		param string // Content-Disposition parameters
		want  string
	}{
		{`filename="../../etc/passwd"`, "passwd"},
		{`filename="/abs"`, "abs"},
		{`filename*=utf-8''a%00b`, "a_b"},
		{`filename="CON.txt"`, "_CON.txt"},
		{`filename="NUL"`, "_NUL"},
		{`filename="com1.jpg"`, "_com1.jpg"},
		{`filename=".."`, "вложение.bin"},
		{`filename="..\\..\\Windows\\win.ini"`, "win.ini"},
		{`filename="C:\\Users\\x\\photo.jpg"`, "photo.jpg"},
		{`filename="report.pdf   ..."`, "report.pdf"},
		{`filename="фото` + "\u202e" + `gpj.exe"`, "фотоgpj.exe"},
		{`filename="a:b*c?.txt"`, "a_b_c_.txt"},
		{`filename="` + strings.Repeat("д", 300) + `.jpg"`, strings.Repeat("д", maxNameRunes-4) + ".jpg"},
		{`filename=".bashrc"`, "bashrc"},
		{`filename=""`, "вложение.bin"},
	}
	for _, tt := range tests {
		t.Run(tt.param, func(t *testing.T) {
			raw := "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nтекст\r\n" +
				"--x\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; " + tt.param + "\r\n\r\ndata\r\n--x--\r\n"
			m, err, took := timedRead(raw, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if took > rejectBudget {
				t.Errorf("took %v", took)
			}
			if len(m.Attachments) != 1 {
				t.Fatalf("attachments: %+v", m.Attachments)
			}
			got := m.Attachments[0].Name
			checkSafeName(t, got)
			if got != tt.want {
				t.Errorf("Name = %q, want %q (original %q)", got, tt.want, m.Attachments[0].OriginalName)
			}
		})
	}
}

// Many attachments with one long name still get distinct safe names, quickly.
func TestDuplicateLongNames(t *testing.T) {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/mixed; boundary=x\r\n\r\n")
	long := strings.Repeat("ж", 300) + ".jpg"
	for range 200 {
		b.WriteString("--x\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"" + long + "\"\r\n\r\nx\r\n")
	}
	b.WriteString("--x--\r\n")
	m, err, took := timedRead(b.String(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if took > rejectBudget {
		t.Errorf("took %v", took)
	}
	seen := map[string]bool{}
	for _, a := range m.Attachments {
		checkSafeName(t, a.Name)
		if seen[strings.ToLower(a.Name)] {
			t.Fatalf("duplicate name %q", a.Name)
		}
		seen[strings.ToLower(a.Name)] = true
	}
	if len(seen) != 200 || !seen[strings.ToLower(strings.Repeat("ж", 90)+" (200).jpg")] {
		t.Errorf("%d names, last %q", len(seen), m.Attachments[len(m.Attachments)-1].Name)
	}
}
