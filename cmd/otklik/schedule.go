package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"otklik/domain"
	"otklik/reports"
)

// reportOptions fills the reports' options from the settings in force and the person who prepares them.
func (ap *app) reportOptions(preparedBy, position string) (reports.Options, error) {
	p := ap.desk.Policy()
	opt := reports.Options{OrgName: p.OrgName, HeadName: p.HeadName, PreparedBy: preparedBy, PreparedPosition: position,
		DispatchPrompt: p.Deadlines.DispatchPrompt, Calc: ap.desk.Calc(), Now: ap.desk.Now(),
		Executors: map[string]domain.Executor{}, SurgeCases: p.SurgeCases, SurgeWindow: p.SurgeWindow}
	var execs []domain.Executor
	err := ap.db.View(func(tx domain.Tx) error {
		return tx.Executors(func(e *domain.Executor) error { execs = append(execs, *e); return nil })
	})
	for _, e := range execs {
		opt.Executors[e.Login] = e
	}
	return opt, err
}

// lastPeriod is the period a scheduled report covers at now: the previous calendar month, or the previous week
// (Monday to Sunday); key names it so it is sent once.
func lastPeriod(every string, now time.Time) (from, to time.Time, key string, ok bool) {
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	switch every {
	case "monthly":
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location())
		from, to = first.AddDate(0, -1, 0), first.AddDate(0, 0, -1)
		return from, to, "shortcomings:" + from.Format("2006-01"), true
	case "weekly":
		monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		from, to = monday.AddDate(0, 0, -7), monday.AddDate(0, 0, -1)
		return from, to, "shortcomings:" + from.Format("2006-01-02"), true
	}
	return time.Time{}, time.Time{}, "", false
}

// sendScheduledReport sends the shortcomings memo of the last period once, at the first working moment after it.
func (ap *app) sendScheduledReport() error {
	f := ap.settings()
	now := ap.desk.Now()
	from, to, key, ok := lastPeriod(f.Reports.ShortcomingsEvery, now)
	// A period that ended before this folder was set up has nothing to report.
	if !ok || !to.AddDate(0, 0, 1).After(ap.desk.InstalledAt()) || ap.desk.ScheduledReportSent(key) {
		return nil
	}
	if working, err := ap.desk.Calc().IsWorking(now); err != nil || !working {
		return err
	}
	var cases []*domain.Case
	if err := ap.db.View(func(tx domain.Tx) error {
		return tx.Cases(func(c *domain.Case) error { cases = append(cases, c); return nil })
	}); err != nil {
		return err
	}
	opt, err := ap.reportOptions(ap.desk.Policy().FromName, "")
	if err != nil {
		return err
	}
	period, err := reports.ParsePeriod(from.Format("2006-01-02"), to.Format("2006-01-02"), ap.loc())
	if err != nil {
		return err
	}
	s := reports.BuildShortcomings(cases, period, opt)
	var pdf bytes.Buffer
	if err := s.PDF(&pdf); err != nil {
		return err
	}
	title := "Информация о недостатках в работе с сообщениями из открытых источников " + period.Label()
	_, err = ap.desk.SendScheduledReport(key, title, s.MemoText(), ap.desk.ReportRecipients(f.Reports.ShortcomingsTo),
		[]domain.IncomingAttachment{{Name: fmt.Sprintf("nedostatki-%s-%s.pdf", from.Format("2006-01-02"), to.Format("2006-01-02")),
			ContentType: "application/pdf", Data: pdf.Bytes()}})
	return err
}

// scheduleLoop checks the report schedule every ten minutes while the workers run.
func (ap *app) scheduleLoop(ctx context.Context, logf func(string, ...any)) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if err := ap.sendScheduledReport(); err != nil {
			logf("отчёт по расписанию: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
