package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// templatesBox is the «Шаблоны писем» part of «Настройки»: each e-mail template, a live preview on a real case,
// and (for the administrator) saving the change or going back to the shipped text.
type templatesBox struct {
	r       *rooms
	kind    *widget.Select
	caseRef *widget.Entry
	editor  *widget.Entry
	subject *widget.Label
	body    *widget.Label
	save    *widget.Button
	restore *widget.Button
	message *widget.Label
	content fyne.CanvasObject
}

func newTemplatesBox(r *rooms) *templatesBox {
	t := &templatesBox{r: r}
	t.kind = widget.NewSelect(nil, func(string) { t.load() })
	t.caseRef = widget.NewEntry()
	t.caseRef.SetPlaceHolder(lang.L("сообщение для примера, напр. ОТК-2026-0001"))
	t.caseRef.OnChanged = func(string) { t.preview() }
	t.editor = widget.NewMultiLineEntry()
	t.editor.TextStyle = fyne.TextStyle{Monospace: true}
	t.editor.SetMinRowsVisible(8)
	t.editor.OnChanged = func(string) { t.preview() }
	t.subject = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.subject.Wrapping = fyne.TextWrapWord
	t.body = wrappedLabel("")
	t.message = messageLabel()
	t.save = widget.NewButton(lang.L("Сохранить шаблон"), t.store)
	t.restore = widget.NewButton(lang.L("Вернуть исходный"), func() {
		t.editor.SetText(t.r.v.desk.Policy().ShippedTemplates[t.kind.Selected])
	})
	t.content = container.NewVBox(sectionTitle(lang.L("Шаблоны писем")),
		container.NewBorder(nil, nil, nil, t.caseRef, t.kind), t.editor,
		container.NewHBox(t.save, t.restore), t.message,
		widget.NewLabelWithStyle(lang.L("Так письмо увидит получатель:"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
		t.subject, t.body)
	return t
}

// show fills the kinds and the example case (the first in the queue) for the actor.
func (t *templatesBox) show(admin bool) {
	t.kind.Options = t.r.v.desk.TemplateKinds()
	if t.caseRef.Text == "" && t.r.v.model != nil && t.r.v.model.Len() > 0 {
		t.caseRef.SetText(string(t.r.v.model.At(0).Case.ID))
	}
	if t.kind.Selected == "" && len(t.kind.Options) > 0 {
		t.kind.SetSelected(t.kind.Options[0])
	}
	enable(t.save, admin)
	enable(t.restore, admin)
	if admin {
		t.editor.Enable()
	} else {
		t.editor.Disable()
	}
}

func (t *templatesBox) load() {
	t.editor.SetText(t.r.v.desk.Policy().Templates[t.kind.Selected])
	t.preview()
}

func (t *templatesBox) preview() {
	login, kind, text, ref := t.r.v.currentUser(), t.kind.Selected, t.editor.Text, t.caseRef.Text
	if login == "" || kind == "" || ref == "" {
		return
	}
	desk := t.r.v.desk
	t.r.v.spawn(func() func() {
		subject, body, err := desk.PreviewTemplate(login, kind, text, ref)
		return func() {
			if err != nil {
				say(t.message, errorText(err), true)
				return
			}
			say(t.message, "", false)
			t.subject.SetText(subject)
			t.body.SetText(body)
		}
	})
}

func (t *templatesBox) store() {
	login, kind, text := t.r.v.currentUser(), t.kind.Selected, t.editor.Text
	desk := t.r.v.desk
	t.r.v.spawn(func() func() {
		err := desk.SaveTemplate(login, kind, text)
		return func() {
			if err != nil {
				say(t.message, errorText(err), true)
				return
			}
			say(t.message, lang.L("Шаблон сохранён"), false)
		}
	})
}
