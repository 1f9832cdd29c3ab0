package parse

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The district's settlements, as in the example settings of CLI.md.
var testSettlements = []string{"Кожевниково", "Уртам", "Вороново", "Новопокровка", "Песочнодубровка", "Малиновка",
	"Чилино", "Старая Ювала", "Базой"}

func tomsk(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Tomsk")
	if err != nil {
		t.Fatalf("load Asia/Tomsk: %v", err)
	}
	return loc
}

type expectedSample struct {
	File                string   `json:"file"`
	IncidentIDs         []string `json:"incident_ids"`
	Network             string   `json:"network"`
	URL                 string   `json:"url"`
	Author              string   `json:"author"`
	Village             string   `json:"village"`
	Category            string   `json:"category"`
	DetectedAt          string   `json:"detected_at"`
	StatedDeadline      string   `json:"stated_deadline"`
	Attachments         []string `json:"attachments"`
	RepeatOf            *string  `json:"repeat_of"`
	SociallySignificant bool     `json:"socially_significant"`
}

func readFile(t testing.TB, path string) *Message {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Read(f, Limits{})
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return m
}

func localMinute(t *time.Time, loc *time.Location) string {
	if t == nil {
		return ""
	}
	return t.In(loc).Format("2006-01-02T15:04")
}

// П.5, DC: every sample notice yields the incident expected.json describes.
func TestSamplesMatchExpected(t *testing.T) {
	raw, err := os.ReadFile("testdata/samples/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want []expectedSample
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) < 8 {
		t.Fatalf("expected.json lists %d samples, want at least 8", len(want))
	}
	loc := tomsk(t)
	for _, w := range want {
		t.Run(w.File, func(t *testing.T) {
			m := readFile(t, filepath.Join("testdata/samples", w.File))
			if len(m.Problems) > 0 {
				t.Errorf("Problems = %q, want none for a clean sample", m.Problems)
			}
			incs, err := Notice(m, loc, testSettlements)
			if err != nil {
				t.Fatalf("Notice: %v", err)
			}
			var ids []string
			for _, inc := range incs {
				ids = append(ids, inc.Number)
			}
			if !slices.Equal(ids, w.IncidentIDs) {
				t.Fatalf("incident ids = %q, want %q", ids, w.IncidentIDs)
			}
			inc := incs[0]
			check := func(field, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("network", inc.Network, w.Network)
			check("url", inc.URL, w.URL)
			check("author", inc.Author, w.Author)
			check("settlement", inc.Settlement, w.Village)
			check("detected_at", localMinute(inc.DetectedAt, loc), w.DetectedAt)
			check("stated_deadline", localMinute(inc.StatedDue, loc), w.StatedDeadline)
			// The Department's category is kept as written («Дороги / содержание в зимний период»); the expected
			// value is the part the domain maps to its own categories, so it must appear in it.
			if !strings.Contains(strings.ToLower(inc.Category), strings.ToLower(w.Category)) {
				t.Errorf("category = %q, want it to contain %q", inc.Category, w.Category)
			}
			if inc.SociallySignificant != w.SociallySignificant {
				t.Errorf("socially significant = %v, want %v", inc.SociallySignificant, w.SociallySignificant)
			}
			// П.12: a repeat names the earlier incident.
			if w.RepeatOf == nil {
				if inc.Repeat || len(inc.RelatedNumbers) > 0 {
					t.Errorf("repeat = %v related %q, want no repeat", inc.Repeat, inc.RelatedNumbers)
				}
			} else if !inc.Repeat || !slices.Contains(inc.RelatedNumbers, *w.RepeatOf) {
				t.Errorf("repeat = %v related %q, want repeat of %s", inc.Repeat, inc.RelatedNumbers, *w.RepeatOf)
			}
			var names []string
			for _, a := range m.Attachments {
				names = append(names, a.Name)
			}
			if !slices.Equal(names, w.Attachments) {
				t.Errorf("attachments = %q, want %q", names, w.Attachments)
			}
			if strings.TrimSpace(inc.Text) == "" {
				t.Errorf("citizen's text is empty")
			}
			for _, boiler := range []string{"С уважением", "Промежуточный ответ направить", "Номер инцидента"} {
				if strings.Contains(inc.Text, boiler) {
					t.Errorf("citizen's text carries the notice's own words %q: %q", boiler, inc.Text)
				}
			}
			if m.MessageID == "" || !strings.HasSuffix(m.From.Email, "@dip.tomsk.example") || m.Date.IsZero() {
				t.Errorf("headers: id %q from %q date %v", m.MessageID, m.From.Email, m.Date)
			}
		})
	}
}

// The samples' headers: RFC 2047 words in UTF-8 split over folded lines, Importance, Cc and threading.
func TestSampleHeaders(t *testing.T) {
	m := readFile(t, "testdata/samples/05-vk-shkola-otoplenie-pesochnodubrovka-socially-significant.eml")
	if !m.Priority {
		t.Errorf("Priority = false, want true (Importance: High, X-Priority: 1)")
	}
	if len(m.Cc) != 1 || m.Cc[0].Email != "priemnaya@kozhevnikovo.example" || !strings.HasPrefix(m.Cc[0].Name, "Приёмная Главы") {
		t.Errorf("Cc = %+v", m.Cc)
	}
	if !strings.HasPrefix(m.Subject, "СОЦИАЛЬНО ЗНАЧИМОЕ! Песочнодубровка") {
		t.Errorf("Subject = %q", m.Subject)
	}
	if m.FromHTML || strings.Contains(m.Text, "<p>") {
		t.Errorf("multipart/alternative must give the text/plain part; FromHTML=%v", m.FromHTML)
	}
	if m.Kind != Ordinary {
		t.Errorf("Kind = %v", m.Kind)
	}

	first := readFile(t, "testdata/samples/01-vk-doroga-kozhevnikovo-qp.eml")
	repeat := readFile(t, "testdata/samples/06-vk-povtornoe-doroga-kozhevnikovo.eml")
	if !slices.Equal(repeat.InReplyTo, []string{first.MessageID}) || !slices.Equal(repeat.References, []string{first.MessageID}) {
		t.Errorf("06 In-Reply-To %q References %q, want 01's id %q", repeat.InReplyTo, repeat.References, first.MessageID)
	}
	if want := "Координатор по работе с сообщениями из открытых источников"; len(first.To) != 1 || first.To[0].Name != want {
		t.Errorf("To = %+v, want name %q (encoded words joined without spaces)", first.To, want)
	}
	if want := time.Date(2026, 1, 13, 10, 22, 11, 0, time.FixedZone("", 7*3600)); !first.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", first.Date, want)
	}

	html := readFile(t, "testdata/samples/04-vk-osveshchenie-novopokrovka-html-only.eml")
	if !html.FromHTML || !strings.Contains(html.Text, "🙏") || strings.ContainsAny(html.Text, "<>") ||
		strings.Contains(html.Text, "&mdash;") || !strings.Contains(html.Text, "сказал — передал") {
		t.Errorf("HTML-only text badly converted: %q", html.Text)
	}

	att := readFile(t, "testdata/samples/08-vk-provoda-chilino-attachment.eml")
	if len(att.Attachments) != 1 {
		t.Fatalf("attachments: %d", len(att.Attachments))
	}
	a := att.Attachments[0]
	if a.ContentType != "image/png" || !strings.HasPrefix(string(a.Data), "\x89PNG\r\n\x1a\n") || a.Inline {
		t.Errorf("attachment %q %q inline=%v data %q", a.Name, a.ContentType, a.Inline, a.Data[:min(8, len(a.Data))])
	}
}
