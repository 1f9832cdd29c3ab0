package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"strconv"

	"otklik/domain"
)

// verbAudit exports the audit log (for the supervisor, Р.2): CSV with --out, JSON with --json, else a listing.
func verbAudit(c *call) error {
	if err := c.args.only("out"); err != nil {
		return usagef("%v", err)
	}
	if err := c.login(); err != nil {
		return err
	}
	events, err := c.app.desk.AuditLog(c.userID)
	if err != nil {
		return err
	}
	if _, verr := c.app.desk.VerifyAudit(); verr != nil {
		fmt.Fprintln(c.errw, "ВНИМАНИЕ:", verr)
	}
	if out := c.args.str("out"); out != "" {
		f, err := os.OpenFile(out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		f.WriteString("\uFEFF") // Excel opens UTF-8 CSV correctly only with a BOM
		w := csv.NewWriter(f)
		w.Comma = ';'
		w.Write([]string{"№", "время", "кто", "за кого", "действие", "сообщение", "подробности", "было", "стало", "хеш"})
		for _, e := range events {
			w.Write([]string{strconv.FormatUint(e.Seq, 10), domain.FormatDateTime(e.At), e.ActorName, e.ActingFor, e.Action,
				string(e.CaseID), e.Detail, e.Before, e.After, e.Hash})
		}
		w.Flush()
		if err := w.Error(); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		c.app.desk.Record(c.userID, "audit_export", fmt.Sprintf("выгрузка журнала: %d записей в %s", len(events), out))
		return c.said(map[string]any{"out": out, "records": len(events)}, "Журнал выгружен: %s (%d записей)", out, len(events))
	}
	if c.json() {
		if events == nil {
			events = []domain.AuditEvent{}
		}
		return c.printJSON(events)
	}
	for _, e := range events {
		fmt.Fprintf(c.out, "%d\t%s\t%s\t%s\t%s\t%s\n", e.Seq, domain.FormatDateTime(e.At), e.ActorName, e.Action, e.CaseID, e.Detail)
	}
	return nil
}
