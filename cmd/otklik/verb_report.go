package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"otklik/domain"
	"otklik/reports"
)

// verbReport writes the shortcomings memo (П.16) or the summary for a period as XLSX or PDF; with --send the PDF
// goes to the Head and the supervisor from the outbox (settings [reports] shortcomings_to).
func verbReport(c *call) error {
	if err := c.args.only("from", "to", "out", "send"); err != nil {
		return usagef("%v", err)
	}
	kind, err := c.pos(1, "shortcomings|summary")
	if err != nil {
		return err
	}
	if kind != "shortcomings" && kind != "summary" {
		return usagef("report: shortcomings|summary")
	}
	out := c.args.str("out")
	send := c.args.bool("send")
	if out == "" && !send {
		return usagef("нужен --out ФАЙЛ.xlsx|ФАЙЛ.pdf (или --send)")
	}
	ext := strings.ToLower(filepath.Ext(out))
	if out != "" && ext != ".xlsx" && ext != ".pdf" {
		return usagef("--out: расширение .xlsx или .pdf")
	}
	if err := c.login(); err != nil {
		return err
	}
	loc := c.app.loc()
	period, err := reports.ParsePeriod(c.args.str("from"), c.args.str("to"), loc)
	if err != nil {
		return usagef("%v", err)
	}
	cases, err := c.app.desk.Cases(c.userID)
	if err != nil {
		return err
	}
	me, err := c.app.desk.WhoAmI(c.userID)
	if err != nil {
		return err
	}
	f := c.app.settings()
	opt, err := c.app.reportOptions(me.Display(), me.Position)
	if err != nil {
		return err
	}
	var xlsx, pdf func(w *bytes.Buffer) error
	var memo, title string
	if kind == "shortcomings" {
		s := reports.BuildShortcomings(cases, period, opt)
		xlsx = func(w *bytes.Buffer) error { return s.XLSX(w) }
		pdf = func(w *bytes.Buffer) error { return s.PDF(w) }
		memo, title = s.MemoText(), "Информация о недостатках в работе с сообщениями из открытых источников "+period.Label()
	} else {
		s := reports.BuildSummary(cases, period, opt)
		xlsx = func(w *bytes.Buffer) error { return s.XLSX(w) }
		pdf = func(w *bytes.Buffer) error { return s.PDF(w) }
		memo = fmt.Sprintf("Сводка по сообщениям из открытых источников %s: всего %d, в срок %.0f%%.", period.Label(), s.Total, s.OnTimeShare*100)
		title = "Сводка по сообщениям из открытых источников " + period.Label()
	}
	var said []string
	facts := map[string]any{"title": title}
	if out != "" {
		var buf bytes.Buffer
		if ext == ".xlsx" {
			err = xlsx(&buf)
		} else {
			err = pdf(&buf)
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
			return err
		}
		said = append(said, fmt.Sprintf("Отчёт записан: %s", out))
		facts["out"] = out
	}
	if send {
		var buf bytes.Buffer
		if err := pdf(&buf); err != nil {
			return err
		}
		to := c.app.desk.ReportRecipients(f.Reports.ShortcomingsTo)
		name := strings.ReplaceAll(kind+"-"+c.args.str("from")+"-"+c.args.str("to"), " ", "") + ".pdf"
		err := c.app.desk.SendReport(c.userID, title, memo, to, []domain.IncomingAttachment{{Name: name, ContentType: "application/pdf", Data: buf.Bytes()}})
		if err != nil {
			return err
		}
		said = append(said, fmt.Sprintf("Отчёт поставлен в очередь на отправку: %s", strings.Join(to, ", ")))
		facts["sent_to"] = to
	}
	return c.said(facts, "%s", strings.Join(said, "\n"))
}
