package main

// The hostile mail corpus (proofs/hostile) delivered through the loopback IMAP server, each hostile message
// followed by an ordinary notice: every hostile one is rejected by the parser within its budget and lands in
// triage with its reason, or becomes a case with its dangerous parts made harmless; every ordinary notice becomes
// its case in the same round.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"otklik/domain"
	"otklik/mailbridge/parse"
	"otklik/proofs/hostile"
	"otklik/storage"
)

// rejectBudget is the parser's budget for hostile mail (mailbridge/parse/hostile_test.go uses the same).
const rejectBudget = 100 * time.Millisecond

// fastestParse is the fastest of three parses: a shared machine must not fail the budget by one unlucky run,
// while a slow parser fails it every time.
func fastestParse(raw []byte) (*parse.Message, error, time.Duration) {
	var m *parse.Message
	var err error
	best := time.Hour
	for range 3 {
		start := time.Now()
		m, err = parse.Read(bytes.NewReader(raw), parse.Limits{})
		best = min(best, time.Since(start))
	}
	return m, err, best
}

// headerBlockOf is what intake fetches of a message larger than the size limit (BODY.PEEK[HEADER]).
func headerBlockOf(raw []byte) []byte {
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		return raw[:i+4]
	}
	return raw
}

// safeAttachmentName is the contract of an attachment's name (parse.Attachment.Name): a plain file name on Linux
// and Windows.
func safeAttachmentName(name string) bool {
	stem := strings.ToUpper(strings.TrimSpace(strings.SplitN(name, ".", 2)[0]))
	reserved := map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true}
	for i := 1; i <= 9; i++ {
		reserved[fmt.Sprint("COM", i)], reserved[fmt.Sprint("LPT", i)] = true, true
	}
	return name != "" && filepath.IsLocal(name) && !strings.ContainsAny(name, "/\\:*?\"<>|") && utf8.ValidString(name) &&
		strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f || unicode.Is(unicode.Cf, r) }) < 0 &&
		!reserved[stem] && !strings.HasPrefix(name, ".") && !strings.HasSuffix(name, ".") && !strings.HasSuffix(name, " ")
}

// DC «hostile mail»: MIME nesting deeper than 32, 10,000 parts, 60 MiB, a 1 MiB header line, broken base64 and
// quoted-printable, an unknown charset, attachment names with ../, absolute paths, NUL and reserved Windows names,
// HTML with scripts and remote images, a zip in a zip.
func TestProofHostileCorpus(t *testing.T) {
	// A web server the HTML message points its images, stylesheet, script and frame at: nothing may contact it.
	web, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { web.Close() })
	var fetched atomic.Int32
	go func() {
		for {
			c, err := web.Accept()
			if err != nil {
				return
			}
			fetched.Add(1)
			c.Close()
		}
	}()
	detected := time.Date(2026, 1, 13, 9, 0, 0, 0, proofTomsk)
	corpus := hostile.Corpus(hostile.Options{From: "a.vetrova@dip.tomsk.example", To: "koordinator@example.ru",
		RemoteBase: "http://" + web.Addr().String(), FirstIncident: 7_400_000, Date: detected})

	// The parser: each hostile message is rejected with its limit, or read, within the budget.
	for _, m := range corpus {
		raw := m.Raw
		if m.Oversize {
			raw = headerBlockOf(raw) // intake never downloads more of it (RFC822.SIZE is over the limit)
		}
		_, err, took := fastestParse(raw)
		var le *parse.LimitError
		isLimit := errors.As(err, &le)
		switch {
		case m.Oversize:
			if err != nil {
				t.Errorf("%s: its header block does not parse: %v", m.Name, err)
			}
			_, fullErr, full := fastestParse(m.Raw)
			if !parse.IsLimit(fullErr) || full > time.Second {
				t.Errorf("%s streamed whole: %v in %v", m.Name, fullErr, full)
			}
			t.Logf("%-26s %9d bytes: header block parsed in %v; streamed whole, rejected in %v", m.Name, len(m.Raw), took, full)
		case m.Limit != "":
			if !isLimit || le.Code != m.Limit {
				t.Errorf("%s: parse error %v, want the %s limit", m.Name, err, m.Limit)
			}
			t.Logf("%-26s %9d bytes: rejected (%s) in %v", m.Name, len(m.Raw), m.Limit, took)
		default:
			if err != nil {
				t.Errorf("%s: %v", m.Name, err)
			}
			t.Logf("%-26s %9d bytes: read in %v", m.Name, len(m.Raw), took)
		}
		if took > rejectBudget {
			t.Errorf("%s: %v, budget %v", m.Name, took, rejectBudget)
		}
	}

	// Intake: the corpus, each hostile message followed by an ordinary notice.
	mf := newMailFolder(t)
	at := detected.Add(time.Minute)
	for i, m := range corpus {
		if err := mf.imap.Append("INBOX", m.Raw, at); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if err := mf.imap.Append("INBOX", proofNotice(7_500_000+i, at), at.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		at = at.Add(time.Minute)
	}
	start := time.Now()
	out := syncOnce(t, mf.dir, "OTKLIK_NOW=2026-01-13T10:00:00+07:00")
	round := time.Since(start)
	t.Logf("one sync --once round over %d messages (%.1f MiB): %v", 2*len(corpus), float64(totalSize(corpus))/(1<<20), round)
	var rep struct {
		Fetched  int `json:"fetched"`
		NewCases int `json:"new_cases"`
		Triaged  int `json:"triaged"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err, out)
	}
	wantCases, wantTriage := len(corpus), 0
	for _, m := range corpus {
		if m.Want == hostile.Case {
			wantCases++
		} else {
			wantTriage++
		}
	}
	if rep.Fetched != 2*len(corpus) || rep.NewCases != wantCases || rep.Triaged != wantTriage {
		t.Fatalf("report %s, want %d fetched, %d new cases, %d in triage", out, 2*len(corpus), wantCases, wantTriage)
	}

	// Nothing lost or delayed: every ordinary notice is its case after this one round.
	now := "OTKLIK_NOW=2026-01-13T10:01:00+07:00"
	perNumber := map[string]int{}
	for _, c := range listCases(t, mf.dir, now) {
		for _, n := range c.IncidentIDs {
			perNumber[n]++
		}
	}
	for i := range corpus {
		if n := perNumber[fmt.Sprint(7_500_000+i)]; n != 1 {
			t.Errorf("the ordinary notice after %s is %d cases", corpus[i].Name, n)
		}
	}

	// Triage: each rejected message with the reason naming its limit.
	r := otklik(t, []string{coordPW, now}, "triage", "--json", "--user", "koordinator", "--data", mf.dir)
	var triage []struct {
		MailID string `json:"mail_id"`
		Reason string `json:"reason"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &triage); err != nil {
		t.Fatal(err, r.stdout, r.stderr)
	}
	if len(triage) != wantTriage {
		t.Errorf("%d triage items, want %d: %+v", len(triage), wantTriage, triage)
	}
	reasons := map[string]string{}
	for _, it := range triage {
		reasons[it.MailID] = it.Reason
	}
	for _, m := range corpus {
		if m.Want != hostile.Triage {
			continue
		}
		found := false
		for _, reason := range reasons {
			found = found || strings.Contains(reason, m.Reason)
		}
		if !found {
			t.Errorf("%s: no triage item with «%s» among %v", m.Name, m.Reason, reasons)
		}
	}

	// Cases: made harmless.
	for _, m := range corpus {
		if m.Want != hostile.Case {
			continue
		}
		if perNumber[m.Incident] != 1 {
			t.Errorf("%s: incident %s is %d cases", m.Name, m.Incident, perNumber[m.Incident])
			continue
		}
		r := otklik(t, []string{coordPW, now}, "case", m.Incident, "--json", "--user", "koordinator", "--data", mf.dir)
		var c struct {
			Text        string `json:"text"`
			Attachments []struct {
				Name string `json:"name"`
				Size int    `json:"size"`
			} `json:"attachments"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
			t.Fatal(m.Name, err, r.stderr)
		}
		if !utf8.ValidString(c.Text) || !strings.Contains(c.Text, " ") {
			t.Errorf("%s: text %q", m.Name, c.Text)
		}
		switch m.Name {
		case "attachment-names":
			if len(c.Attachments) != len(hostile.DangerousNames) {
				t.Errorf("%s: %d attachments, want %d", m.Name, len(c.Attachments), len(hostile.DangerousNames))
			}
			for _, a := range c.Attachments {
				if !safeAttachmentName(a.Name) {
					t.Errorf("%s: unsafe attachment name %q", m.Name, a.Name)
				}
			}
		case "html-script-remote-image":
			for _, marker := range hostile.ScriptMarkers {
				if strings.Contains(strings.ToLower(c.Text), strings.ToLower(marker)) {
					t.Errorf("%s: the case text carries %q: %q", m.Name, marker, c.Text)
				}
			}
			if !strings.Contains(c.Text, "Фонари не горят") {
				t.Errorf("%s: the citizen's words are lost: %q", m.Name, c.Text)
			}
		case "zip-in-zip":
			if len(c.Attachments) != 1 || c.Attachments[0].Name != "archive.zip" || c.Attachments[0].Size != hostile.ZipSize() {
				t.Errorf("%s: attachments %+v, want archive.zip of %d bytes as sent (never unpacked)", m.Name, c.Attachments, hostile.ZipSize())
			}
		case "unknown-charset":
			if !strings.Contains(c.Text, "Нет воды в колонке") {
				t.Errorf("%s: text not decoded: %q", m.Name, c.Text)
			}
		}
	}
	if n := fetched.Load(); n != 0 {
		t.Errorf("the remote web server was contacted %d times", n)
	}

	// The 60 MiB message was never downloaded: only its header block is stored.
	db, err := storage.Open(mf.dir, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	largest := 0
	err = db.View(func(tx domain.Tx) error {
		return tx.TriageItems(func(it *domain.TriageItem) error {
			m, err := tx.Mail(it.MailID)
			if err != nil {
				return err
			}
			largest = max(largest, len(m.Raw))
			return nil
		})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if largest > 2<<20 {
		t.Errorf("a triaged message of %d bytes is stored: the oversize one was downloaded", largest)
	}
	proofCheck(t, mf.dir, "hostile corpus")
}

func totalSize(corpus []hostile.Mail) int {
	n := 0
	for _, m := range corpus {
		n += len(m.Raw)
	}
	return n
}
