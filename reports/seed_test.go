package reports

import (
	"testing"
	"time"

	"otklik/domain"
	"otklik/domain/worktime"
	"otklik/internal/testdesk"
)

// The seeded set: 14 cases around March 2026 on the default schedule (Mon–Fri 09–13, 14–18, Asia/Tomsk; Monday
// 09.03.2026 is a holiday). Every deadline below is written out by hand; TestSeedDeadlinesAreTheDomains checks
// each against domain.ComputeDeadlines, so a slip in the hand arithmetic fails there and not silently in a report.
//
// The report period is 02.03–20.03.2026 and "now" is Monday 23.03.2026 10:00.
//
//	case  received          clock start   drafts due    answer due    what happens
//	0001  03.03 10:00       03.03 10:00   03.03 16:00   03.03 18:00   zhkh draft 15:30 ok; interim 17:00 ok; final drafts due 13.03 16:00, draft 17:30 LATE 1 ч 30 мин; final 17:50 ok (due 13.03 18:00)
//	0002  04.03 08:15       04.03 09:00   04.03 15:00   04.03 17:00   dispatched 11:30: NOT PROMPT (due 10:00, 1 ч 30 мин); obraz draft 16:10 LATE 1 ч 10 мин; final 16:50 ok
//	0003  05.03 14:30       05.03 14:30   06.03 10:30   06.03 12:30   urtam no draft: MISSED 3 ч (to the interim); interim 14:30 LATE 1 ч; final drafts due 18.03 16:00 none: MISSED 19 ч; final due 18.03 18:00 none: LATE 17 ч
//	0004  06.03 16:00       06.03 16:00   10.03 12:00   10.03 15:00   dorogi 11:00 ok; zhkh 11:30 returned, again 14:00 LATE 1 ч; final 14:50 ok
//	0005  10.03 09:30       10.03 09:30   10.03 15:30   10.03 17:30   obraz no draft, case rejected (obscene): nothing counted
//	0006  11.03 11:00       11.03 11:00   11.03 17:00   12.03 10:00   no executors; interim 16:00 ok; final 20.03 17:00 ok (due 20.03 18:00); repeat of 0001; escalated
//	0007  12.03 10:00       12.03 10:00   12.03 16:00   12.03 18:00   never dispatched, never answered: NOT DISPATCHED 55 ч, NO ANSWER 49 ч
//	0008  13.03 12:00       13.03 12:00   16.03 09:00   16.03 11:00   sequence urtam 13.03 17:00 ok, then dorogi 16.03 10:00 LATE 1 ч; interim 10:30 ok; final due 25.03 (after the period)
//	0009  16.03 09:05       16.03 09:05   16.03 15:05   16.03 17:05   zhkh no draft: MISSED 35 ч 55 мин; no answer: LATE 33 ч 55 мин
//	0010  16.03 11:00       16.03 11:00   16.03 17:00   17.03 10:00   zhkh 16:30 ok; interim 09:30 ok; final due 26.03
//	0011  16.03 15:00       16.03 15:00   17.03 11:00   17.03 13:00   dispatched 16:30: NOT PROMPT 30 мин; dorogi 10:30 ok; final 12:00 ok
//	0012  18.03 10:00       18.03 10:00   18.03 16:00   18.03 18:00   external executor bounced; urtam sent 11:00 (exactly 1 h: prompt) draft 15:00 ok; interim 18:30 LATE (менее 1 мин of working time)
//	0013  27.02 17:00       27.02 17:00   02.03 14:00   02.03 16:00   received before the period; dispatched 02.03 09:30 (not prompt, but due 27.02 18:00 is outside); obraz draft 14:30 LATE 30 мин; final 15:00 ok
//	0014  20.03 16:00       20.03 16:00   23.03 12:00   23.03 15:00   deadlines after the period; not yet due
//
// Cases 0009, 0010, 0011 (Кожевниково, within 4 ч 55 мин of working time) are a surge.

var (
	tomskLoc = mustLoadLocation("Asia/Tomsk")
	seedNow  = at("2026-03-23 10:00")
	seedFrom = at("2026-03-02 00:00")
	seedTo   = at("2026-03-20 00:00")
)

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at reads "2006-01-02 15:04" in Asia/Tomsk.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, tomskLoc)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(s string) *time.Time {
	t := at(s)
	return &t
}

func seedCalc(tb testing.TB) *worktime.Calc { return testdesk.Calc(tb) }

var seedDirectory = map[string]domain.Executor{
	"zam-zhkh": {Login: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Position: "Заместитель Главы района по ЖКХ",
		Unit: "Отдел ЖКХ, строительства и транспорта", Active: true},
	"dorogi": {Login: "dorogi", Name: "Кузнецов Иван Ильич", Position: "Ведущий специалист по дорожной деятельности",
		Unit: "Отдел ЖКХ, строительства и транспорта", Active: true},
	"obraz": {Login: "obraz", Name: "Петрова Анна Викторовна", Position: "Начальник Управления образования",
		Unit: "Управление образования", Active: true},
	"urtam": {Login: "urtam", Name: "Сидоров Олег Николаевич", Position: "Глава Уртамского сельского поселения",
		Unit: "Администрация Уртамского сельского поселения", Active: true},
}

func seedOptions(tb testing.TB) Options {
	return Options{
		OrgName:          "Администрация Кожевниковского района",
		HeadName:         "Глава Кожевниковского района",
		PreparedBy:       "И.А. Бирюкова",
		PreparedPosition: "Специалист по организации деятельности и взаимодействию с сельскими поселениями",
		DispatchPrompt:   time.Hour,
		Calc:             seedCalc(tb),
		Now:              seedNow,
		Executors:        seedDirectory,
		SurgeCases:       3,
		SurgeWindow:      8 * time.Hour,
	}
}

func seedPeriod() Period { return Period{From: seedFrom, To: seedTo} }

// task builds a task as the domain leaves it: name and position copied from the directory at dispatch.
func task(id int, login string, status domain.TaskStatus, sent *time.Time, due string, draft *time.Time, final bool) domain.Task {
	e := seedDirectory[login]
	return domain.Task{ID: id, Executor: login, Name: e.Name, Position: e.Position, Email: login + "@example.ru",
		Status: status, Order: id, Lead: id == 1, SentAt: sent, Due: at(due), DraftAt: draft, Final: final}
}

func draft(id, taskID int, login, when, kind string, returned bool) domain.Draft {
	return domain.Draft{ID: id, TaskID: taskID, Executor: login, At: at(when), Kind: kind, Returned: returned}
}

func answer(kind, when string) domain.Answer {
	return domain.Answer{Kind: kind, ApprovedAt: at(when), By: "koordinator"}
}

func seedCase(seq int, network, settlement, category, received, clock, drafts, due string) *domain.Case {
	c := &domain.Case{ID: domain.FormatCaseID("ОТК", 2026, seq), Year: 2026, Seq: seq, Network: network,
		Settlement: settlement, Category: category, ReceivedAt: at(received), ClockStart: at(clock),
		DraftsDue: at(drafts), AnswerDue: at(due), ComputedAnswerDue: at(due)}
	return c
}

func seedCases() []*domain.Case {
	const I, F = domain.KindInterim, domain.KindFinal
	var cs []*domain.Case

	c := seedCase(1, "vk", "Кожевниково", "ЖКХ", "2026-03-03 10:00", "2026-03-03 10:00", "2026-03-03 16:00", "2026-03-03 18:00")
	c.Status = domain.StatusFinalSent
	c.Tasks = []domain.Task{task(1, "zam-zhkh", domain.TaskDraftReceived, ptr("2026-03-03 10:20"), "2026-03-13 16:00", ptr("2026-03-13 17:30"), true)}
	c.Drafts = []domain.Draft{draft(1, 1, "zam-zhkh", "2026-03-03 15:30", I, false), draft(2, 1, "zam-zhkh", "2026-03-13 17:30", F, false)}
	c.Answers = []domain.Answer{answer(I, "2026-03-03 17:00"), answer(F, "2026-03-13 17:50")}
	c.InterimSentAt, c.FinalDue, c.FinalDraftsDue, c.FinalSentAt = ptr("2026-03-03 17:00"), ptr("2026-03-13 18:00"), ptr("2026-03-13 16:00"), ptr("2026-03-13 17:50")
	cs = append(cs, c)

	c = seedCase(2, "vk", "Кожевниково", "Образование", "2026-03-04 08:15", "2026-03-04 09:00", "2026-03-04 15:00", "2026-03-04 17:00")
	c.Status = domain.StatusFinalSent
	c.Tasks = []domain.Task{task(1, "obraz", domain.TaskDraftReceived, ptr("2026-03-04 11:30"), "2026-03-04 15:00", ptr("2026-03-04 16:10"), false)}
	c.Drafts = []domain.Draft{draft(1, 1, "obraz", "2026-03-04 16:10", I, false)}
	c.Answers = []domain.Answer{answer(F, "2026-03-04 16:50")}
	c.FinalSentAt = ptr("2026-03-04 16:50")
	cs = append(cs, c)

	c = seedCase(3, "ok", "Уртам", "Дороги", "2026-03-05 14:30", "2026-03-05 14:30", "2026-03-06 10:30", "2026-03-06 12:30")
	c.Status = domain.StatusInterimSent
	c.Tasks = []domain.Task{task(1, "urtam", domain.TaskSent, ptr("2026-03-05 14:45"), "2026-03-18 16:00", nil, true)}
	c.Answers = []domain.Answer{answer(I, "2026-03-06 14:30")}
	c.InterimSentAt, c.FinalDue, c.FinalDraftsDue = ptr("2026-03-06 14:30"), ptr("2026-03-18 18:00"), ptr("2026-03-18 16:00")
	cs = append(cs, c)

	c = seedCase(4, "vk", "Кожевниково", "Дороги", "2026-03-06 16:00", "2026-03-06 16:00", "2026-03-10 12:00", "2026-03-10 15:00")
	c.Status = domain.StatusFinalSent
	c.Tasks = []domain.Task{
		task(1, "dorogi", domain.TaskDraftReceived, ptr("2026-03-06 16:20"), "2026-03-10 12:00", ptr("2026-03-10 11:00"), false),
		task(2, "zam-zhkh", domain.TaskDraftReceived, ptr("2026-03-06 16:20"), "2026-03-10 12:00", ptr("2026-03-10 14:00"), false),
	}
	c.Drafts = []domain.Draft{draft(1, 1, "dorogi", "2026-03-10 11:00", I, false),
		draft(2, 2, "zam-zhkh", "2026-03-10 11:30", I, true), draft(3, 2, "zam-zhkh", "2026-03-10 14:00", I, false)}
	c.Answers = []domain.Answer{answer(F, "2026-03-10 14:50")}
	c.FinalSentAt = ptr("2026-03-10 14:50")
	cs = append(cs, c)

	c = seedCase(5, "vk", "Малиновка", "Образование", "2026-03-10 09:30", "2026-03-10 09:30", "2026-03-10 15:30", "2026-03-10 17:30")
	c.Status, c.RejectReason = domain.StatusRejected, domain.ReasonObscene
	c.Tasks = []domain.Task{task(1, "obraz", domain.TaskSent, ptr("2026-03-10 09:40"), "2026-03-10 15:30", nil, false)}
	cs = append(cs, c)

	c = seedCase(6, "vk", "Кожевниково", "ЖКХ", "2026-03-11 11:00", "2026-03-11 11:00", "2026-03-11 17:00", "2026-03-12 10:00")
	c.Status = domain.StatusFinalSent
	c.Answers = []domain.Answer{answer(I, "2026-03-11 16:00"), answer(F, "2026-03-20 17:00")}
	c.InterimSentAt, c.FinalDue, c.FinalDraftsDue, c.FinalSentAt = ptr("2026-03-11 16:00"), ptr("2026-03-20 18:00"), ptr("2026-03-20 16:00"), ptr("2026-03-20 17:00")
	c.RepeatOf = domain.FormatCaseID("ОТК", 2026, 1)
	c.SociallySignificant, c.EscalatedAt = true, ptr("2026-03-11 11:30")
	cs = append(cs, c)

	c = seedCase(7, "telegram", "Чилино", "Благоустройство", "2026-03-12 10:00", "2026-03-12 10:00", "2026-03-12 16:00", "2026-03-12 18:00")
	c.Status = domain.StatusNew
	cs = append(cs, c)

	c = seedCase(8, "vk", "Уртам", "Дороги", "2026-03-13 12:00", "2026-03-13 12:00", "2026-03-16 09:00", "2026-03-16 11:00")
	c.Status, c.Sequential = domain.StatusInterimSent, true
	c.Tasks = []domain.Task{
		task(1, "urtam", domain.TaskSent, ptr("2026-03-13 12:10"), "2026-03-25 16:00", ptr("2026-03-13 17:00"), true),
		task(2, "dorogi", domain.TaskSent, ptr("2026-03-13 17:05"), "2026-03-25 16:00", ptr("2026-03-16 10:00"), true),
	}
	c.Drafts = []domain.Draft{draft(1, 1, "urtam", "2026-03-13 17:00", I, false), draft(2, 2, "dorogi", "2026-03-16 10:00", I, false)}
	c.Answers = []domain.Answer{answer(I, "2026-03-16 10:30")}
	c.InterimSentAt, c.FinalDue, c.FinalDraftsDue = ptr("2026-03-16 10:30"), ptr("2026-03-25 18:00"), ptr("2026-03-25 16:00")
	cs = append(cs, c)

	c = seedCase(9, "vk", "Кожевниково", "ЖКХ", "2026-03-16 09:05", "2026-03-16 09:05", "2026-03-16 15:05", "2026-03-16 17:05")
	c.Status = domain.StatusDispatched
	c.Tasks = []domain.Task{task(1, "zam-zhkh", domain.TaskSent, ptr("2026-03-16 09:30"), "2026-03-16 15:05", nil, false)}
	cs = append(cs, c)

	c = seedCase(10, "ok", "Кожевниково", "ЖКХ", "2026-03-16 11:00", "2026-03-16 11:00", "2026-03-16 17:00", "2026-03-17 10:00")
	c.Status = domain.StatusInterimSent
	c.Tasks = []domain.Task{task(1, "zam-zhkh", domain.TaskSent, ptr("2026-03-16 11:10"), "2026-03-26 16:00", ptr("2026-03-16 16:30"), true)}
	c.Drafts = []domain.Draft{draft(1, 1, "zam-zhkh", "2026-03-16 16:30", I, false)}
	c.Answers = []domain.Answer{answer(I, "2026-03-17 09:30")}
	c.InterimSentAt, c.FinalDue, c.FinalDraftsDue = ptr("2026-03-17 09:30"), ptr("2026-03-26 18:00"), ptr("2026-03-26 16:00")
	cs = append(cs, c)

	c = seedCase(11, "telegram", "Кожевниково", "Дороги", "2026-03-16 15:00", "2026-03-16 15:00", "2026-03-17 11:00", "2026-03-17 13:00")
	c.Status = domain.StatusFinalSent
	c.Tasks = []domain.Task{task(1, "dorogi", domain.TaskDraftReceived, ptr("2026-03-16 16:30"), "2026-03-17 11:00", ptr("2026-03-17 10:30"), false)}
	c.Drafts = []domain.Draft{draft(1, 1, "dorogi", "2026-03-17 10:30", I, false)}
	c.Answers = []domain.Answer{answer(F, "2026-03-17 12:00")}
	c.FinalSentAt = ptr("2026-03-17 12:00")
	cs = append(cs, c)

	c = seedCase(12, "instagram", "Вороново", "Благоустройство", "2026-03-18 10:00", "2026-03-18 10:00", "2026-03-18 16:00", "2026-03-18 18:00")
	c.Status = domain.StatusInterimSent
	c.Tasks = []domain.Task{
		{ID: 1, Executor: "glava-voronovo@example.ru", Name: "Глава Вороновского сельского поселения",
			Email: "glava-voronovo@example.ru", Status: domain.TaskBounced, Order: 1, Lead: true, Due: at("2026-03-18 16:00"),
			BounceReason: "550 mailbox unavailable"},
		task(2, "urtam", domain.TaskSent, ptr("2026-03-18 11:00"), "2026-03-27 16:00", ptr("2026-03-18 15:00"), true),
	}
	c.Tasks[1].Lead = false
	c.Drafts = []domain.Draft{draft(1, 2, "urtam", "2026-03-18 15:00", I, false)}
	c.Answers = []domain.Answer{answer(I, "2026-03-18 18:30")}
	c.InterimSentAt, c.FinalDue, c.FinalDraftsDue = ptr("2026-03-18 18:30"), ptr("2026-03-27 18:00"), ptr("2026-03-27 16:00")
	cs = append(cs, c)

	c = seedCase(13, "vk", "Кожевниково", "Образование", "2026-02-27 17:00", "2026-02-27 17:00", "2026-03-02 14:00", "2026-03-02 16:00")
	c.Status = domain.StatusFinalSent
	c.Tasks = []domain.Task{task(1, "obraz", domain.TaskDraftReceived, ptr("2026-03-02 09:30"), "2026-03-02 14:00", ptr("2026-03-02 14:30"), false)}
	c.Drafts = []domain.Draft{draft(1, 1, "obraz", "2026-03-02 14:30", I, false)}
	c.Answers = []domain.Answer{answer(F, "2026-03-02 15:00")}
	c.FinalSentAt = ptr("2026-03-02 15:00")
	cs = append(cs, c)

	c = seedCase(14, "other", "Песочнодубровка", "Дороги", "2026-03-20 16:00", "2026-03-20 16:00", "2026-03-23 12:00", "2026-03-23 15:00")
	c.Status = domain.StatusDispatched
	c.Tasks = []domain.Task{task(1, "dorogi", domain.TaskSent, ptr("2026-03-20 16:05"), "2026-03-23 12:00", nil, false)}
	cs = append(cs, c)
	return cs
}

// The hand-written deadlines of the seed are the domain's own: the reports are tested on data the product makes.
func TestSeedDeadlinesAreTheDomains(t *testing.T) {
	calc := seedCalc(t)
	rules := domain.DefaultDeadlineRules()
	for _, c := range seedCases() {
		d, err := domain.ComputeDeadlines(calc, rules, c.ReceivedAt, c.StatedDue, c.InterimSentAt)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		check := func(what string, got, want time.Time) {
			if !got.Equal(want) {
				t.Errorf("%s %s: seed says %s, the domain computes %s", c.ID, what, want.In(tomskLoc).Format("02.01 15:04"), got.In(tomskLoc).Format("02.01 15:04"))
			}
		}
		check("clock start", d.ClockStart, c.ClockStart)
		check("answer due", d.AnswerDue, c.AnswerDue)
		check("drafts due", d.DraftsDue, c.DraftsDue)
		if (d.FinalDue == nil) != (c.FinalDue == nil) {
			t.Errorf("%s: final due presence differs", c.ID)
			continue
		}
		if d.FinalDue != nil {
			check("final due", *d.FinalDue, *c.FinalDue)
			check("final drafts due", *d.FinalDraftsDue, *c.FinalDraftsDue)
			for _, tk := range c.Tasks {
				if tk.Final && !tk.Due.Equal(*c.FinalDraftsDue) {
					t.Errorf("%s task %d: a final task is due at the final drafts deadline", c.ID, tk.ID)
				}
			}
		}
	}
}
