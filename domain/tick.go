package domain

import (
	"fmt"
	"strings"
)

// Tick runs the automatic steps due now (П.8): a reminder to each executor a configured working time before her
// due time, sent only inside working hours and once per task and due time; an overdue notice to the coordinator,
// once per task and due time; the handover e-mail when an absence starts (Р.4).
func (d *Desk) Tick() (reminders, overdue int, err error) {
	now := d.Now()
	calc := d.Calc()
	p := d.Policy()
	working, werr := calc.IsWorking(now)
	err = d.store.Update(func(tx Tx) error {
		reminders, overdue = 0, 0
		var cases []*Case
		if err := tx.Cases(func(c *Case) error { cases = append(cases, c); return nil },
			StatusDispatched, StatusDraftsReceived, StatusInterimSent); err != nil {
			return err
		}
		for _, c := range cases {
			changed := false
			for i := range c.Tasks {
				t := &c.Tasks[i]
				if t.Status != TaskSent && t.Status != TaskReturned {
					continue
				}
				due := t.Due
				if !now.Before(due) {
					if t.OverdueNotified == nil || !t.OverdueNotified.Equal(due) {
						if err := d.queueOverdue(tx, c, t); err != nil {
							return err
						}
						t.OverdueNotified, t.Overdue = ptrTime(due), true
						changed = true
						overdue++
					}
					continue
				}
				if werr != nil || !working || (t.ReminderFor != nil && t.ReminderFor.Equal(due)) {
					continue
				}
				left, err := calc.Between(now, due)
				if err != nil || left > p.Deadlines.ReminderBefore {
					continue
				}
				if err := d.queueTaskNotice(tx, SystemActor, c, t, MailReminder); err != nil {
					return err
				}
				t.ReminderFor = ptrTime(due)
				changed = true
				reminders++
				if err := d.audit(tx, SystemActor, "reminder", c.ID, "напоминание исполнителю "+t.Name, "", ""); err != nil {
					return err
				}
			}
			if changed {
				if err := tx.PutCase(c); err != nil {
					return err
				}
			}
		}
		return d.startAbsences(tx)
	})
	return reminders, overdue, err
}

func (d *Desk) queueOverdue(tx Tx, c *Case, t *Task) error {
	data := d.mailData(c, t, SystemActor)
	subject, body, err := d.render(MailOverdue, data)
	if err != nil {
		return err
	}
	o := &OutboxItem{Kind: MailOverdue, CaseID: c.ID, To: []string{d.Policy().MailboxAddress}, Subject: subject,
		Text: body, Headers: map[string]string{"Auto-Submitted": "auto-generated"}}
	if err := d.queueMail(tx, SystemActor, o); err != nil {
		return err
	}
	return d.audit(tx, SystemActor, "overdue", c.ID, "просрочен проект ответа: "+t.Name, "", "")
}

// startAbsences sends the handover summary to a substitute whose absence period has begun.
func (d *Desk) startAbsences(tx Tx) error {
	now := d.Now()
	var starting []*Absence
	if err := tx.Absences(func(a *Absence) error {
		if !a.HandoverSent && a.Covers(now) {
			starting = append(starting, a)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, ab := range starting {
		sub, err1 := tx.User(ab.Substitute)
		absent, err2 := tx.User(ab.Absent)
		if err1 != nil || err2 != nil {
			continue
		}
		data, err := d.handoverData(tx, sub, absent, ab.From, ab.To)
		if err != nil {
			return err
		}
		subject, body, err := d.render(MailHandover, data)
		if err != nil {
			return err
		}
		o := &OutboxItem{Kind: MailHandover, To: []string{sub.Email}, Subject: subject, Text: body,
			Headers: map[string]string{"Auto-Submitted": "auto-generated"}}
		if err := d.queueMail(tx, SystemActor, o); err != nil {
			return err
		}
		ab.HandoverSent = true
		if err := tx.PutAbsence(ab); err != nil {
			return err
		}
		if err := d.audit(tx, SystemActor, "handover", "", fmt.Sprintf("передача дел %s за %s: %d сообщ.", sub.Login, absent.Login, data.Count), "", ""); err != nil {
			return err
		}
	}
	return nil
}

func dueKindName(kind string) string {
	return strings.NewReplacer(DueFinalDrafts, "окончательного проекта", DueDrafts, "проектов", DueAnswer, "ответа", DueFinal, "окончательного ответа").Replace(kind)
}
