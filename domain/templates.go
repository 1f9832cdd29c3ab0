package domain

import (
	"encoding/json"
	"errors"
	"sort"
)

// The e-mail templates ship in assets; an administrator may change any of them in the window. The changed texts
// are stored as one settings document and laid over the shipped ones at start.

// SettingTemplates names the stored template overrides (kind → text).
const SettingTemplates = "templates"

// TemplateKinds lists the kinds of e-mail Otklik writes, in the order the window shows them.
func (d *Desk) TemplateKinds() []string {
	var kinds []string
	for k := range d.Policy().Templates {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// PreviewTemplate renders a template text (as being edited) on a real case, with its first task where the
// template speaks to an executor: what the recipient would get.
func (d *Desk) PreviewTemplate(login, kind, text, ref string) (subject, body string, err error) {
	err = d.View(login, func(tx Tx, a Actor) error {
		c, err := d.FindCase(tx, ref)
		if err != nil {
			return err
		}
		var t *Task
		if len(c.Tasks) > 0 {
			t = &c.Tasks[0]
		} else {
			t = &Task{ID: 1, Name: "Иванов Пётр Сергеевич", Email: "executor@example.ru", Due: c.DraftsDue}
		}
		data := d.mailData(c, t, a)
		data.Note, data.Text, data.Reason, data.HeadName = "Комментарий координатора", "Текст ответа", ReasonNames[ReasonObscene], d.Policy().HeadName
		data.Substitute, data.Absent, data.Count = a.Name, a.Name, 1
		subject, body, err = renderText(kind, text, data)
		return err
	})
	return subject, body, err
}

// SaveTemplate stores a changed template (admin only) after checking that it renders; "" restores the shipped one.
func (d *Desk) SaveTemplate(login, kind, text string) error {
	shipped := d.Policy().ShippedTemplates
	if _, ok := shipped[kind]; !ok {
		return userErr("нет шаблона %q", kind)
	}
	if text != "" {
		if _, _, err := renderText(kind, text, MailData{Case: &Case{}, Task: &Task{}}); err != nil {
			return userErr("шаблон %s: %v", kind, err)
		}
	}
	var changed map[string]string
	err := d.run(login, ActAdminister, "шаблоны писем", func(tx Tx, a Actor) error {
		overrides := map[string]string{}
		if b, err := tx.Setting(SettingTemplates); err == nil {
			if err := json.Unmarshal(b, &overrides); err != nil {
				return err
			}
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		before := overrides[kind]
		if text == "" || text == shipped[kind] {
			delete(overrides, kind)
		} else {
			overrides[kind] = text
		}
		b, err := json.Marshal(overrides)
		if err != nil {
			return err
		}
		if err := tx.PutSetting(SettingTemplates, b); err != nil {
			return err
		}
		changed = overrides
		return d.audit(tx, a, "template", "", "шаблон письма "+kind+" изменён", before, text)
	})
	if err != nil {
		return err
	}
	p := d.Policy()
	merged := map[string]string{}
	for k, v := range shipped {
		merged[k] = v
	}
	for k, v := range changed {
		merged[k] = v
	}
	p.Templates = merged
	d.Reconfigure(nil, p)
	return nil
}
