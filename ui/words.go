package ui

import (
	"fyne.io/fyne/v2/lang"

	"otklik/domain"
)

// The regulation's own words (UI.md "Words"): every visible name of a state, a network or a deadline.

func statusName(c *domain.Case) string {
	switch c.Status {
	case domain.StatusNew:
		if c.ReopenedAt != nil {
			return lang.L("возвращено ДИП на доработку")
		}
		return lang.L("новое")
	case domain.StatusDispatched:
		return lang.L("направлено исполнителям")
	case domain.StatusDraftsReceived:
		return lang.L("получены проекты ответа")
	case domain.StatusInterimSent:
		return lang.L("промежуточный ответ направлен")
	case domain.StatusFinalSent:
		return lang.L("окончательный ответ направлен")
	case domain.StatusRejected:
		if c.RejectReason == domain.ReasonOutOfScope {
			return lang.L("не относится к компетенции")
		}
		return lang.L("не подлежит отработке")
	}
	return string(c.Status)
}

// statusChoices are the options of the status select, in lifecycle order, with the pseudo-states first.
func statusChoices() []string {
	return []string{lang.L("в работе"), lang.L("все состояния"), lang.L("новое"), lang.L("направлено исполнителям"),
		lang.L("получены проекты ответа"), lang.L("промежуточный ответ направлен"),
		lang.L("окончательный ответ направлен"), lang.L("не подлежит отработке")}
}

func taskStatusName(s domain.TaskStatus) string {
	switch s {
	case domain.TaskPending:
		return lang.L("ожидает очереди")
	case domain.TaskQueued:
		return lang.L("в очереди на отправку")
	case domain.TaskSent:
		return lang.L("направлено")
	case domain.TaskDraftReceived:
		return lang.L("проект получен")
	case domain.TaskReturned:
		return lang.L("возвращено на доработку")
	case domain.TaskBounced:
		return lang.L("не доставлено")
	case domain.TaskClosed:
		return lang.L("закрыто при возврате ДИП")
	}
	return string(s)
}

func outboxStateName(s domain.OutboxState) string {
	switch s {
	case domain.OutQueued:
		return lang.L("в очереди")
	case domain.OutSending:
		return lang.L("отправляется")
	case domain.OutSent:
		return lang.L("отправлено")
	case domain.OutFailed:
		return lang.L("ошибка отправки")
	case domain.OutUncertain:
		return lang.L("могло быть отправлено")
	}
	return string(s)
}

// networkShort is the two-letter mark of the row.
func networkShort(code string) string {
	switch code {
	case "vk":
		return "ВК"
	case "ok":
		return "ОК"
	case "telegram":
		return "TG"
	case "instagram":
		return "IG"
	case "facebook":
		return "FB"
	}
	return "—"
}

func networkName(code string) string {
	if n, ok := domain.NetworkNames[code]; ok {
		return lang.L(n)
	}
	return code
}

// dueKindName names the deadline a countdown counts.
func dueKindName(kind string) string {
	switch kind {
	case domain.DueDrafts:
		return lang.L("Проекты")
	case domain.DueAnswer:
		return lang.L("Ответ")
	case domain.DueFinalDrafts:
		return lang.L("Окончательные проекты")
	case domain.DueFinal:
		return lang.L("Окончательный ответ")
	}
	return kind
}

func reasonName(code string) string {
	if n, ok := domain.ReasonNames[code]; ok {
		return lang.L(n)
	}
	return code
}

func auditActionName(action string) string {
	switch action {
	case "case_new":
		return lang.L("новое сообщение")
	case "dispatch":
		return lang.L("направлено исполнителям")
	case "draft_in":
		return lang.L("проект ответа")
	case "return":
		return lang.L("возвращено на доработку")
	case "answer":
		return lang.L("ответ")
	case "reject":
		return lang.L("не подлежит отработке")
	case "escalate":
		return lang.L("доложено Главе района")
	case "link":
		return lang.L("повторное сообщение")
	case "mail_out":
		return lang.L("письмо")
	case "reopen":
		return lang.L("возвращено ДИП")
	case "refused":
		return lang.L("отказано")
	case "status":
		return lang.L("состояние изменено")
	case "surge":
		return lang.L("всплеск сообщений")
	case "reminder":
		return lang.L("напоминание исполнителю")
	case "overdue":
		return lang.L("срок нарушен")
	case "task_bounced":
		return lang.L("поручение не доставлено")
	case "executor_away":
		return lang.L("исполнитель отсутствует")
	case "department_followup":
		return lang.L("письмо ДИП в переписке")
	case "triage_attach":
		return lang.L("письмо привязано")
	case "mail_retry", "mail_requeued":
		return lang.L("письмо поставлено в очередь повторно")
	case "mail_uncertain":
		return lang.L("письмо могло быть отправлено")
	}
	return action
}

// historyWhat is what a line of a case's history says: the event's own detail, else the name of its action. A
// status change journalled by an earlier version, which wrote no detail for it, names the new state.
func historyWhat(e domain.AuditEvent) string {
	if e.Detail != "" {
		return e.Detail
	}
	if e.Action == "status" && e.After != "" {
		return lang.L("состояние") + ": " + statusName(&domain.Case{Status: domain.Status(e.After)})
	}
	return auditActionName(e.Action)
}
