package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// composer is the «Ответ» tab: the answer built from the executors' drafts, checked against the network's length
// limit and sent to the Department after a confirmation. Its text is saved to DraftDir on every change (after a
// short pause), so a crash loses nothing.
type composer struct {
	v *View
	c *domain.Case

	entry    *widget.Entry
	counter  *widget.Label
	kind     *widget.RadioGroup
	attach   *widget.Check
	fromLead *widget.Button
	merge    *widget.Button
	send     *widget.Button
	note     *widget.Label

	saver   *draftSaver
	loading bool // SetText from code: not a change to save
	content fyne.CanvasObject
}

func kindInterimText() string { return lang.L("промежуточный ответ") }
func kindFinalText() string   { return lang.L("окончательный ответ") }

func newComposer(v *View) *composer {
	k := &composer{v: v, saver: newDraftSaver(v.deps.DraftDir, 700*time.Millisecond)}
	k.entry = widget.NewMultiLineEntry()
	k.entry.Wrapping = fyne.TextWrapWord
	k.entry.SetPlaceHolder(lang.L("Текст ответа для ДИП: начните с проекта ответственного или объедините проекты"))
	k.entry.OnChanged = func(string) { k.changed() }
	k.counter = widget.NewLabel("")
	k.kind = widget.NewRadioGroup([]string{kindInterimText(), kindFinalText()}, nil)
	k.kind.Horizontal = true
	k.kind.Required = true
	// With photos a Telegram answer is a caption, with a shorter limit: the counter follows the box.
	k.attach = widget.NewCheck(lang.L("Приложить фото из проектов"), func(bool) { k.showCounter() })
	k.fromLead = widget.NewButton(lang.L("Взять проект ответственного"), k.takeLead)
	k.merge = widget.NewButton(lang.L("Объединить все проекты"), k.mergeDrafts)
	k.send = widget.NewButton(lang.L("Согласовать и направить в ДИП"), k.confirm)
	k.send.Importance = widget.HighImportance
	k.note = wrappedLabel("")
	k.note.Importance = widget.LowImportance
	top := container.NewVBox(container.NewHBox(k.fromLead, k.merge), k.note)
	bottom := container.NewVBox(k.counter, k.kind, k.attach, container.NewHBox(k.send))
	k.content = container.NewBorder(top, bottom, nil, nil, k.entry)
	return k
}

// load shows the composer for another case: the text saved for it, if any.
func (k *composer) load(c *domain.Case) {
	k.flush()
	k.c = c
	k.loading = true
	defer func() { k.loading = false }()
	if c == nil {
		k.entry.SetText("")
		k.note.SetText("")
		return
	}
	text, at, ok := k.saver.restore(c.ID)
	k.entry.SetText(text)
	if ok && text != "" {
		k.note.SetText(lang.L("Восстановлен несохранённый текст ответа от {{.At}}",
			map[string]any{"At": domain.FormatDateTime(at.In(k.v.location()))}))
	} else {
		k.note.SetText("")
	}
	// П.13: the drafts' photos go with the answer where there are any; the coordinator may still untick it.
	k.attach.SetChecked(domain.DraftPhotos(c) > 0)
	if c.Status == domain.StatusInterimSent {
		k.kind.SetSelected(kindFinalText())
	} else {
		k.kind.SetSelected(kindInterimText())
	}
	k.update(c)
}

// update follows a reload of the same case without touching the text being written.
func (k *composer) update(c *domain.Case) {
	k.c = c
	can := k.v.canWork && (c.Status == domain.StatusNew || c.Status == domain.StatusDispatched ||
		c.Status == domain.StatusDraftsReceived || c.Status == domain.StatusInterimSent)
	enable(k.send, can)
	enable(k.fromLead, can && k.leadDraft() != nil)
	enable(k.merge, can && len(k.currentDrafts()) > 0)
	if c.Status == domain.StatusInterimSent && k.kind.Selected == kindInterimText() {
		k.kind.SetSelected(kindFinalText())
	}
	k.showCounter()
}

func (k *composer) changed() {
	k.showCounter()
	if k.loading || k.c == nil {
		return
	}
	k.saver.schedule(k.c.ID, k.entry.Text)
}

// limit is the longest answer the case's network takes, with or without the drafts' photos as they are ticked.
func (k *composer) limit() int {
	return domain.AnswerLimit(k.c.Network, k.attach.Checked && domain.DraftPhotos(k.c) > 0)
}

func (k *composer) showCounter() {
	if k.c == nil {
		k.counter.SetText("")
		return
	}
	n := domain.AnswerLength(k.c.Network, k.entry.Text)
	limit := k.limit()
	if limit == 0 {
		k.counter.SetText(lang.L("{{.N}} знаков", map[string]any{"N": n}))
		k.counter.Importance = widget.MediumImportance
		k.counter.Refresh()
		return
	}
	text := lang.L("{{.N}} из {{.Limit}} знаков ({{.Network}})", map[string]any{"N": n, "Limit": limit, "Network": networkName(k.c.Network)})
	imp := widget.MediumImportance
	if n > limit {
		text += " — " + lang.L("длиннее, чем допускает сеть")
		imp = widget.DangerImportance
	}
	k.counter.SetText(text)
	if k.counter.Importance != imp {
		k.counter.Importance = imp
		k.counter.Refresh()
	}
}

// stageKind is the kind of drafts that serve the next answer: final ones once the interim answer went out.
func (k *composer) stageKind() string {
	if k.c != nil && k.c.Status == domain.StatusInterimSent {
		return domain.KindFinal
	}
	return domain.KindInterim
}

// currentDrafts are the drafts of this stage not returned for rework, lead's first, then in task order.
func (k *composer) currentDrafts() []domain.Draft {
	if k.c == nil {
		return nil
	}
	order := map[int]int{}
	for i, t := range k.c.Tasks {
		order[t.ID] = i + 1
		if t.Lead {
			order[t.ID] = 0
		}
	}
	var out []domain.Draft
	for _, d := range k.c.Drafts {
		if !d.Returned && d.Kind == k.stageKind() && strings.TrimSpace(d.Text) != "" {
			out = append(out, d)
		}
	}
	// stable insertion by task order; drafts of one task keep their arrival order
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && order[out[j].TaskID] < order[out[j-1].TaskID]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// leadDraft is the lead executor's latest draft of this stage: the default base of the answer (CLI.md).
func (k *composer) leadDraft() *domain.Draft {
	if k.c == nil {
		return nil
	}
	lead := k.c.Lead()
	if lead == nil {
		return nil
	}
	var found *domain.Draft
	for _, d := range k.currentDrafts() {
		if d.TaskID == lead.ID {
			d := d
			found = &d
		}
	}
	return found
}

func (k *composer) takeLead() {
	if d := k.leadDraft(); d != nil {
		k.entry.SetText(d.Text)
	}
}

func (k *composer) mergeDrafts() {
	var parts []string
	for _, d := range k.currentDrafts() {
		parts = append(parts, strings.TrimSpace(d.Text))
	}
	if len(parts) > 0 {
		k.entry.SetText(strings.Join(parts, "\n\n"))
	}
}

func (k *composer) selectedKind() string {
	if k.kind.Selected == kindFinalText() {
		return domain.KindFinal
	}
	return domain.KindInterim
}

func (k *composer) confirm() {
	if k.c == nil {
		return
	}
	text := strings.TrimSpace(k.entry.Text)
	if text == "" {
		k.v.showError(errors.New(lang.L("Текст ответа пуст")))
		return
	}
	if limit, n := k.limit(), domain.AnswerLength(k.c.Network, text); limit > 0 && n > limit {
		k.v.showError(errors.New(lang.L("Ответ длиннее, чем допускает {{.Network}}: {{.N}} знаков из {{.Limit}}. Сократите текст.",
			map[string]any{"Network": networkName(k.c.Network), "N": n, "Limit": limit})))
		return
	}
	k.v.showAnswerConfirm(k.c, text, k.selectedKind(), k.attach.Checked)
}

// sent clears the composer and its saved file after the answer was approved.
func (k *composer) sent(id domain.CaseID) {
	k.saver.remove(id)
	if k.c != nil && k.c.ID == id {
		k.loading = true
		k.entry.SetText("")
		k.loading = false
		k.note.SetText(lang.L("Ответ согласован и поставлен в очередь на отправку в ДИП."))
	}
}

// flush writes the pending text now (switching cases, closing the window).
func (k *composer) flush() {
	if err := k.saver.flush(); err != nil {
		fyne.LogError("saving the answer draft", err)
	}
}

// draftSaver keeps the composer's text in DraftDir/<tag>.txt, written a short pause after the last change. The
// timer's goroutine touches only the saver's own fields, under its mutex.
type draftSaver struct {
	dir   string
	delay time.Duration

	mu      sync.Mutex
	timer   *time.Timer
	pending bool
	id      domain.CaseID
	text    string
}

func newDraftSaver(dir string, delay time.Duration) *draftSaver {
	return &draftSaver{dir: dir, delay: delay}
}

func (s *draftSaver) path(id domain.CaseID) string {
	return filepath.Join(s.dir, "answer-"+id.Latin()+".txt")
}

func (s *draftSaver) schedule(id domain.CaseID, text string) {
	if s.dir == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending && s.id != id {
		_ = s.writeLocked()
	}
	s.pending, s.id, s.text = true, id, text
	if s.timer == nil {
		s.timer = time.AfterFunc(s.delay, func() {
			if err := s.flush(); err != nil {
				fyne.LogError("saving the answer draft", err)
			}
		})
	} else {
		s.timer.Reset(s.delay)
	}
}

func (s *draftSaver) flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeLocked()
}

func (s *draftSaver) writeLocked() error {
	if !s.pending {
		return nil
	}
	s.pending = false
	p := s.path(s.id)
	if strings.TrimSpace(s.text) == "" {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return err
	}
	// Written beside and renamed: a crash mid-write leaves the previous version, never half a text.
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(s.text), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

func (s *draftSaver) restore(id domain.CaseID) (string, time.Time, bool) {
	if s.dir == "" {
		return "", time.Time{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending && s.id == id {
		return s.text, time.Now(), true
	}
	p := s.path(id)
	b, err := os.ReadFile(p)
	if err != nil {
		return "", time.Time{}, false
	}
	st, err := os.Stat(p)
	if err != nil {
		return string(b), time.Time{}, true
	}
	return string(b), st.ModTime(), true
}

func (s *draftSaver) remove(id domain.CaseID) {
	if s.dir == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.id == id {
		s.pending = false
	}
	if err := os.Remove(s.path(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		fyne.LogError("removing the answer draft", err)
	}
}
