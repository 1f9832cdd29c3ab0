package reports

import (
	"fmt"
	"strings"
	"time"

	"otklik/domain"
)

// The wording shared by the memo's text, PDF and XLSX: each sentence is whole here, so a translator sees it whole.

const (
	memoKind         = "СЛУЖЕБНАЯ ЗАПИСКА"
	memoTitle        = "О недостатках в работе с сообщениями из открытых источников"
	summaryTitle     = "Сводка о работе с сообщениями из открытых источников"
	regulationName   = "Положения об организации работы с сообщениями из открытых источников"
	noShortcomings   = "Нарушений сроков за период не выявлено."
	unitUnknown      = "подразделение не указано"
	notDone          = "не направлен"
	notDoneDraft     = "не представлен"
	lessThanAMinute  = "менее 1 мин"
	preparedByLabel  = "Подготовил(а):"
	headingExecutors = "1. Исполнители (пп. 8, 15 Положения)"
	headingCoord     = "2. Координатор (пп. 6, 7, 9, 10 Положения)"
	headingCasesList = "Сообщения, по которым допущены нарушения"
)

// kindLabel is the shortcoming in words; done tells whether the thing was done at all (late) or not (missing).
func kindLabel(it LateItem) string {
	switch it.Kind {
	case KindDraftLate:
		if it.Stage == domain.KindFinal {
			return "проект окончательного ответа представлен с опозданием (п. 10)"
		}
		return "проект ответа представлен с опозданием (п. 8)"
	case KindDraftMissed:
		if it.Stage == domain.KindFinal {
			return "проект окончательного ответа не представлен (п. 10)"
		}
		return "проект ответа не представлен (п. 8)"
	case KindDispatchLate:
		if it.Done == nil {
			return "не направлено исполнителям (п. 6)"
		}
		return "направлено исполнителям не незамедлительно (п. 6)"
	case KindInterimLate:
		if it.Done == nil {
			return "ответ в ДИП не направлен, срок истёк (пп. 7, 9)"
		}
		return "ответ в ДИП направлен с нарушением срока (пп. 7, 9)"
	case KindFinalLate:
		if it.Done == nil {
			return "окончательный ответ не направлен, срок истёк (п. 10)"
		}
		return "окончательный ответ направлен с нарушением срока (п. 10)"
	}
	return it.Kind
}

// stageLabel names the drafts deadline.
func stageLabel(stage string) string {
	if stage == domain.KindFinal {
		return "окончательный"
	}
	return "промежуточный"
}

func networkLabel(code string) string {
	if n, ok := domain.NetworkNames[code]; ok {
		return n
	}
	if code == "" {
		return "не указана"
	}
	return code
}

func reasonLabel(code string) string {
	if n, ok := domain.ReasonNames[code]; ok {
		return n
	}
	if code == "" {
		return "причина не указана"
	}
	return code
}

func surgeByLabel(by string) string {
	if by == SurgeByCategory {
		return "тема"
	}
	return "поселение"
}

func orUnknown(s, unknown string) string {
	if strings.TrimSpace(s) == "" {
		return unknown
	}
	return s
}

func unitOrUnknown(u string) string { return orUnknown(u, unitUnknown) }

// dativeOfHead turns settings [head] name into the memo's addressee: «Глава Кожевниковского района» → «Главе
// Кожевниковского района». Only the leading «Глава» is declined; anything else is written as given.
func dativeOfHead(name string) string {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "Главе района"
	case name == "Глава":
		return "Главе района"
	case strings.HasPrefix(name, "Глава "):
		return "Главе " + strings.TrimPrefix(name, "Глава ")
	}
	return name
}

func formatDate(t time.Time) string { return t.Format("02.01.2006") }

func formatWhen(t *time.Time) string {
	if t == nil {
		return ""
	}
	return domain.FormatDateTime(*t)
}

// formatLateBy prints working time; a lateness that fell wholly outside working hours reads «менее 1 мин».
func formatLateBy(d time.Duration) string {
	if d < time.Minute {
		return lessThanAMinute
	}
	return domain.FormatDuration(d)
}

func formatShare(f float64, of int) string {
	if of == 0 {
		return "—"
	}
	return strings.Replace(fmt.Sprintf("%.1f %%", f*100), ".", ",", 1) // the Russian decimal comma
}

func formatMedian(d time.Duration, n int) string {
	if n == 0 {
		return "—"
	}
	return domain.FormatDuration(d)
}

// memoIntro is the memo's first paragraph.
func (s Shortcomings) memoIntro() string {
	return fmt.Sprintf("В соответствии с пунктом 16 %s сообщаю о недостатках, выявленных за период %s "+
		"(по состоянию на %s).", regulationName, s.Label(), domain.FormatDateTime(s.AsOf))
}

func (s Shortcomings) executorsSentence() string {
	return fmt.Sprintf("Сроков представления проектов ответов в периоде: %d; проектов, представленных с опозданием: %d; "+
		"не представленных: %d.", s.Totals.Tasks, s.Totals.DraftsLate, s.Totals.DraftsMissed)
}

func (s Shortcomings) coordinatorSentence() string {
	return fmt.Sprintf("Сообщений, направленных исполнителям позднее %s рабочего времени после поступления: %d; "+
		"ответов в ДИП с нарушением срока (пп. 7, 9): %d; окончательных ответов с нарушением срока (п. 10): %d.",
		domain.FormatDuration(s.DispatchPrompt), s.Totals.DispatchLate, s.Totals.InterimLate, s.Totals.FinalLate)
}

func (s Shortcomings) totalSentence() string {
	n := s.Totals.Executors() + s.Totals.Coordinator()
	if n == 0 {
		return noShortcomings
	}
	return fmt.Sprintf("Всего нарушений сроков: %d (исполнителями — %d, координатором — %d) по %d %s.", n,
		s.Totals.Executors(), s.Totals.Coordinator(), s.Totals.Cases, domain.Plural(s.Totals.Cases, "сообщению", "сообщениям", "сообщениям"))
}

// doneVerb says what was done at Done: a draft is «представлен», a dispatch «направлено», an answer «направлен».
func doneVerb(kind string) string {
	switch kind {
	case KindDraftLate, KindDraftMissed:
		return "представлен"
	case KindDispatchLate:
		return "направлено"
	}
	return "направлен"
}

// itemSentence is one case behind a line, in a sentence.
func itemSentence(it LateItem) string {
	var b strings.Builder
	b.WriteString(string(it.CaseID))
	if it.Subject != "" {
		fmt.Fprintf(&b, " (%s)", it.Subject)
	}
	fmt.Fprintf(&b, ": %s; срок %s", kindLabel(it), formatWhen(it.Due))
	if it.Done != nil {
		fmt.Fprintf(&b, ", %s %s, опоздание %s", doneVerb(it.Kind), formatWhen(it.Done), formatLateBy(it.LateBy))
	} else {
		fmt.Fprintf(&b, ", просрочено на %s", formatLateBy(it.LateBy))
	}
	b.WriteString(".")
	return b.String()
}

// MemoText is the memo as plain text: the body of the e-mail to the Head.
func (s Shortcomings) MemoText() string {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	line("%s", s.Addressee)
	if s.OrgName != "" {
		line("%s", s.OrgName)
	}
	line("")
	line("%s", memoKind)
	line("от %s", formatDate(s.AsOf))
	line("")
	line("%s", memoTitle)
	line("за период %s", s.Label())
	line("")
	line("%s", s.memoIntro())
	line("")
	line("%s", headingExecutors)
	line("%s", s.executorsSentence())
	for i, l := range s.ByExecutor {
		line("%d) %s (%s): сроков %d, с опозданием %d, не представлено %d.", i+1, l.Name, unitOrUnknown(l.Unit), l.Tasks, l.Late, l.Missed)
		for _, it := range l.Cases {
			line("   — %s", itemSentence(it))
		}
	}
	if len(s.ByUnit) > 0 {
		line("По подразделениям:")
		for _, u := range s.ByUnit {
			line("   %s: сроков %d, с опозданием %d, не представлено %d.", unitOrUnknown(u.Unit), u.Tasks, u.Late, u.Missed)
		}
	}
	line("")
	line("%s", headingCoord)
	line("%s", s.coordinatorSentence())
	for _, it := range s.CoordinatorLate {
		line("   — %s", itemSentence(it))
	}
	line("")
	line("%s", s.totalSentence())
	line("")
	line("%s", preparedByLabel)
	if s.PreparedPosition != "" {
		line("%s", s.PreparedPosition)
	}
	if s.PreparedBy != "" {
		line("%s", s.PreparedBy)
	}
	line("%s", formatDate(s.AsOf))
	return b.String()
}
