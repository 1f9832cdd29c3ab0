package domain

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
	"time"
)

// MailData is what the e-mail templates (assets/templates/*.tmpl) can use.
type MailData struct {
	Case       *Case
	Task       *Task
	Incidents  string
	Network    string
	Due        string
	AnswerDue  string
	FinalDue   string
	Remaining  string
	Note       string
	Earlier    string
	Final      bool
	Text       string
	Reason     string
	HeadName   string
	Executors  string
	Excerpt    string
	Signature  string
	Substitute string
	// handover; AbsentFor and AbsentShortFor are the absent coordinator's name as «за кого» needs it (accusative)
	From, To, Absent, SubstituteShort, AbsentShort string
	AbsentFor, AbsentShortFor                      string
	Count                                          int
	Lines                                          []string
}

// NetworkNames are the Russian names of the network codes.
var NetworkNames = map[string]string{"vk": "ВКонтакте", "ok": "Одноклассники", "telegram": "Telegram",
	"instagram": "Instagram", "facebook": "Facebook", "other": "другая"}

// ReasonNames are the Russian wordings of the reject reasons (UI.md).
var ReasonNames = map[string]string{
	ReasonObscene:    "нецензурные выражения (п. 14 Положения)",
	ReasonInsult:     "оскорбления (п. 14 Положения)",
	ReasonThreat:     "угрозы жизни, здоровью или имуществу должностного лица и членов его семьи (п. 14 Положения)",
	ReasonHarm:       "намерение причинить вред другому лицу (п. 14 Положения)",
	ReasonOutOfScope: "не относится к компетенции (п. 18 Положения)",
}

func (d *Desk) mailData(c *Case, t *Task, a Actor) MailData {
	md := MailData{Case: c, Task: t, Incidents: strings.Join(c.IncidentIDs, ", "), Network: NetworkNames[c.Network],
		AnswerDue: FormatDateTime(c.AnswerDue), Excerpt: excerpt(c.Text, 300), Signature: d.signature(a)}
	if md.Network == "" {
		md.Network = c.Network
	}
	if t != nil {
		md.Due = FormatDateTime(t.Due.In(d.Policy().Location))
		md.Final = t.Final
	}
	if c.FinalDue != nil {
		md.FinalDue = FormatDateTime(*c.FinalDue)
	}
	return md
}

// signature names the acting person (Р.4): «Маслова Е. А., … (за координатора Бирюкову И. А.)».
func (d *Desk) signature(a Actor) string {
	p := d.Policy()
	if a.System || a.Name == "" {
		return p.FromName
	}
	s := a.Name
	if a.Position != "" {
		s += ", " + a.Position
	}
	if a.ActingFor != nil {
		acting := "исполняющий"
		if IsFemaleName(a.Name) {
			acting = "исполняющая"
		}
		s += "\n" + acting + " обязанности координатора за " + Accusative(a.ActingFor.Name)
	}
	return s + "\n" + p.OrgName
}

// render executes the template of a mail kind into subject and body.
func (d *Desk) render(kind string, data MailData) (subject, body string, err error) {
	src, ok := d.Policy().Templates[kind]
	if !ok {
		return "", "", fmt.Errorf("no e-mail template %q", kind)
	}
	return renderText(kind, src, data)
}

// renderText executes a template text: its "subject" and "body" blocks.
func renderText(kind, src string, data MailData) (subject, body string, err error) {
	t, err := template.New(kind).Option("missingkey=error").Parse(src)
	if err != nil {
		return "", "", fmt.Errorf("template %s: %w", kind, err)
	}
	var s, b bytes.Buffer
	if err := t.ExecuteTemplate(&s, "subject", data); err != nil {
		return "", "", fmt.Errorf("template %s subject: %w", kind, err)
	}
	if err := t.ExecuteTemplate(&b, "body", data); err != nil {
		return "", "", fmt.Errorf("template %s body: %w", kind, err)
	}
	return strings.Join(strings.Fields(s.String()), " "), strings.TrimLeft(b.String(), "\n"), nil
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func ptrTime(t time.Time) *time.Time { return &t }
