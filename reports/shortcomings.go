package reports

import (
	"sort"
	"strings"
	"time"

	"otklik/domain"
)

// Kinds of a shortcoming (LateItem.Kind).
const (
	KindDraftLate    = "draft_late"    // П.8, П.15: the executor's draft came after the due time
	KindDraftMissed  = "draft_missed"  // П.8, П.15: no draft and the due time has passed
	KindDispatchLate = "dispatch_late" // П.6: not forwarded to the executors «незамедлительно»
	KindInterimLate  = "interim_late"  // П.7, П.9: the first answer to the Department after its term
	KindFinalLate    = "final_late"    // П.10: the final answer after its term
)

// LateItem is one deadline that was not kept: the case behind a line of the memo.
type LateItem struct {
	CaseID domain.CaseID
	Kind   string
	// Stage says which drafts deadline a draft item is about: domain.KindInterim or domain.KindFinal.
	Stage string
	// Executor is the executor's login (draft items only).
	Executor string
	// Subject names the case for the reader: settlement and category.
	Subject string
	// Due is the deadline; Done is when the thing was done, nil when it still is not.
	Due, Done *time.Time
	// LateBy is working time from Due to Done (to the report's moment when Done is nil).
	LateBy time.Duration
}

// ExecutorLine is one executor's record in the period (П.15).
type ExecutorLine struct {
	Executor, Name, Position, Unit string
	// Tasks counts the executor's drafts deadlines in the period (lapsed ones excluded); Late and Missed are
	// those not kept.
	Tasks, Late, Missed int
	Cases               []LateItem
}

// UnitLine is a unit's record: its executors' lines added up.
type UnitLine struct {
	Unit                           string
	Executors, Tasks, Late, Missed int
}

// Totals are the memo's bottom line.
type Totals struct {
	Tasks, DraftsLate, DraftsMissed      int
	DispatchLate, InterimLate, FinalLate int
	// Cases counts the distinct cases behind all the shortcomings.
	Cases int
}

// Executors is the executors' side of the totals.
func (t Totals) Executors() int { return t.DraftsLate + t.DraftsMissed }

// Coordinator is the coordinator's side of the totals.
func (t Totals) Coordinator() int { return t.DispatchLate + t.InterimLate + t.FinalLate }

// Shortcomings is the memo of П.16: deadlines of the period not kept, by executor and unit, and the coordinator's.
type Shortcomings struct {
	Period
	Header
	DispatchPrompt  time.Duration
	ByExecutor      []ExecutorLine
	ByUnit          []UnitLine
	CoordinatorLate []LateItem
	Totals          Totals
}

// BuildShortcomings collects the deadlines that fall in the period and were not kept (definitions: package doc).
func BuildShortcomings(cases []*domain.Case, p Period, o Options) Shortcomings {
	loc, now, k := o.location(), o.now(), workClock{o.Calc}
	prompt := o.DispatchPrompt
	if prompt <= 0 {
		prompt = domain.DefaultDeadlineRules().DispatchPrompt
	}
	s := Shortcomings{Period: p.in(loc), Header: o.header(), DispatchPrompt: prompt}
	lines := map[string]*ExecutorLine{}
	behind := map[domain.CaseID]bool{}
	for _, c := range cases {
		for i := range c.Tasks {
			t := &c.Tasks[i]
			for _, d := range taskDeadlines(c, t) {
				if !p.Contains(d.due, loc) || d.lapsed {
					continue
				}
				line := lines[t.Executor]
				if line == nil {
					line = newExecutorLine(t, o.Executors)
					lines[t.Executor] = line
				}
				line.Tasks++
				item := LateItem{CaseID: c.ID, Stage: d.stage, Executor: t.Executor, Subject: subjectOf(c),
					Due: timePtr(d.due.In(loc))}
				switch {
				case d.done != nil && d.done.After(d.due):
					item.Kind, item.Done, item.LateBy = KindDraftLate, timePtr(d.done.In(loc)), k.between(d.due, *d.done)
					line.Late++
				case d.done == nil && d.canMiss && now.After(d.due):
					// Missed until the answer it served went out without it, or until now.
					end := now
					if d.answeredAt != nil && d.answeredAt.Before(now) {
						end = *d.answeredAt
					}
					item.Kind, item.LateBy = KindDraftMissed, k.between(d.due, end)
					line.Missed++
				default:
					continue
				}
				line.Cases = append(line.Cases, item)
				behind[c.ID] = true
			}
		}
		for _, item := range coordinatorItems(c, p, loc, now, prompt, k) {
			s.CoordinatorLate = append(s.CoordinatorLate, item)
			behind[c.ID] = true
		}
	}
	for _, l := range lines {
		sortItems(l.Cases)
		s.ByExecutor = append(s.ByExecutor, *l)
		s.Totals.Tasks += l.Tasks
		s.Totals.DraftsLate += l.Late
		s.Totals.DraftsMissed += l.Missed
	}
	sort.Slice(s.ByExecutor, func(i, j int) bool {
		a, b := s.ByExecutor[i], s.ByExecutor[j]
		if a.Late+a.Missed != b.Late+b.Missed {
			return a.Late+a.Missed > b.Late+b.Missed
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Executor < b.Executor
	})
	s.ByUnit = unitLines(s.ByExecutor)
	sortItems(s.CoordinatorLate)
	for _, it := range s.CoordinatorLate {
		switch it.Kind {
		case KindDispatchLate:
			s.Totals.DispatchLate++
		case KindInterimLate:
			s.Totals.InterimLate++
		case KindFinalLate:
			s.Totals.FinalLate++
		}
	}
	s.Totals.Cases = len(behind)
	return s
}

func newExecutorLine(t *domain.Task, dir map[string]domain.Executor) *ExecutorLine {
	l := &ExecutorLine{Executor: t.Executor, Name: t.Name, Position: t.Position}
	if e, ok := dir[t.Executor]; ok {
		if e.Name != "" {
			l.Name = e.Name
		}
		if e.Position != "" {
			l.Position = e.Position
		}
		l.Unit = e.Unit
	}
	if l.Name == "" {
		l.Name = t.Executor
	}
	return l
}

func unitLines(lines []ExecutorLine) []UnitLine {
	byUnit := map[string]*UnitLine{}
	var order []string
	for _, l := range lines {
		u := byUnit[l.Unit]
		if u == nil {
			u = &UnitLine{Unit: l.Unit}
			byUnit[l.Unit] = u
			order = append(order, l.Unit)
		}
		u.Executors++
		u.Tasks += l.Tasks
		u.Late += l.Late
		u.Missed += l.Missed
	}
	out := make([]UnitLine, 0, len(order))
	for _, name := range order {
		out = append(out, *byUnit[name])
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Late+a.Missed != b.Late+b.Missed {
			return a.Late+a.Missed > b.Late+b.Missed
		}
		return a.Unit < b.Unit
	})
	return out
}

func sortItems(items []LateItem) {
	sort.SliceStable(items, func(i, j int) bool {
		if !items[i].Due.Equal(*items[j].Due) {
			return items[i].Due.Before(*items[j].Due)
		}
		return items[i].CaseID < items[j].CaseID
	})
}

// deadline is one drafts deadline of a task.
type deadline struct {
	stage string
	due   time.Time
	// done is when the usable draft came; nil when none did.
	done *time.Time
	// answeredAt is when the answer this draft served was approved; nil while it is not.
	answeredAt *time.Time
	// lapsed: not counted at all (package doc): the answer went out by the due time without this draft, or the task
	// cannot be missed and has no draft.
	lapsed bool
	// canMiss: with no draft, the executor is to blame once the due time passes (false on a bounced task and on a
	// rejected case).
	canMiss bool
}

// taskDeadlines gives the interim and/or the final drafts deadline of a task (package doc, "Executors").
func taskDeadlines(c *domain.Case, t *domain.Task) []deadline {
	var drafts []domain.Draft
	for _, d := range c.Drafts {
		if d.TaskID == t.ID {
			drafts = append(drafts, d)
		}
	}
	if t.SentAt == nil && t.DraftAt == nil && len(drafts) == 0 {
		return nil // never reached the executor: pending in a sequence, or its mail never left
	}
	canMiss := t.Status != domain.TaskBounced && c.Status != domain.StatusRejected
	var from time.Time
	if t.SentAt != nil {
		from = *t.SentAt
	}
	interimDraftAt, finalDraftAt := fallbackDraft(c, t, drafts)

	var out []deadline
	sentBeforeInterim := c.InterimSentAt != nil && t.SentAt != nil && t.SentAt.Before(*c.InterimSentAt)
	if !t.Final || sentBeforeInterim || hasKind(drafts, domain.KindInterim) {
		due := t.Due
		if t.Final {
			due = c.DraftsDue // the domain moved Task.Due to the final drafts' deadline when the interim went out
		}
		d := deadline{stage: domain.KindInterim, due: due, done: firstUsable(drafts, domain.KindInterim), canMiss: canMiss}
		if d.done == nil {
			d.done = interimDraftAt
		}
		d.settle(firstAnswerAfter(c, "", from))
		out = append(out, d)
	}
	if t.Final {
		d := deadline{stage: domain.KindFinal, due: t.Due, done: firstUsable(drafts, domain.KindFinal), canMiss: canMiss}
		if d.done == nil {
			d.done = finalDraftAt
		}
		d.settle(firstAnswerAfter(c, domain.KindFinal, from))
		out = append(out, d)
	}
	return out
}

// settle marks a deadline lapsed when the answer it served was approved by the due time and no draft came by then:
// the coordinator answered without waiting, and a draft coming later was not needed.
func (d *deadline) settle(answeredAt *time.Time) {
	d.answeredAt = answeredAt
	if answeredAt != nil && !answeredAt.After(d.due) && (d.done == nil || d.done.After(d.due)) {
		d.lapsed = true
	}
	if d.done == nil && !d.canMiss {
		d.lapsed = true
	}
}

// fallbackDraft reads Task.DraftAt when the case keeps no draft records for the task: it is the draft of the
// task's current deadline (an interim draft when it came before the interim answer).
func fallbackDraft(c *domain.Case, t *domain.Task, drafts []domain.Draft) (interim, final *time.Time) {
	if len(drafts) > 0 || t.DraftAt == nil {
		return nil, nil
	}
	if !t.Final || (c.InterimSentAt != nil && !t.DraftAt.After(*c.InterimSentAt)) {
		return t.DraftAt, nil
	}
	return nil, t.DraftAt
}

func hasKind(drafts []domain.Draft, kind string) bool {
	for _, d := range drafts {
		if d.Kind == kind {
			return true
		}
	}
	return false
}

// firstUsable is the earliest draft of that kind not returned for rework.
func firstUsable(drafts []domain.Draft, kind string) *time.Time {
	var at *time.Time
	for _, d := range drafts {
		if d.Kind != kind || d.Returned {
			continue
		}
		if at == nil || d.At.Before(*at) {
			v := d.At
			at = &v
		}
	}
	return at
}

// firstAnswerAfter is the earliest answer of that kind ("" for any) approved at or after from; the case's
// InterimSentAt/FinalSentAt count as answers too, for cases whose answer records were not kept.
func firstAnswerAfter(c *domain.Case, kind string, from time.Time) *time.Time {
	var at *time.Time
	consider := func(t time.Time) {
		if !t.Before(from) && (at == nil || t.Before(*at)) {
			v := t
			at = &v
		}
	}
	for _, a := range c.Answers {
		if kind == "" || a.Kind == kind {
			consider(a.ApprovedAt)
		}
	}
	if kind == "" && c.InterimSentAt != nil {
		consider(*c.InterimSentAt)
	}
	if c.FinalSentAt != nil {
		consider(*c.FinalSentAt)
	}
	return at
}

// coordinatorItems are the coordinator's own deadlines of the case that fall in the period and were not kept.
func coordinatorItems(c *domain.Case, p Period, loc *time.Location, now time.Time, prompt time.Duration, k workClock) []LateItem {
	var cycle time.Time
	if c.ReopenedAt != nil {
		cycle = *c.ReopenedAt
	}
	var out []LateItem
	add := func(kind string, due time.Time, done *time.Time) {
		it := LateItem{CaseID: c.ID, Kind: kind, Subject: subjectOf(c), Due: timePtr(due.In(loc))}
		if done != nil {
			it.Done, it.LateBy = timePtr(done.In(loc)), k.between(due, *done)
		} else {
			it.LateBy = k.between(due, now)
		}
		out = append(out, it)
	}
	first := firstAnswerAfter(c, "", cycle)
	rejected := c.Status == domain.StatusRejected

	// П.6: the earliest task mail of this cycle.
	var sent *time.Time
	for _, t := range c.Tasks {
		if t.SentAt != nil && !t.SentAt.Before(cycle) && (sent == nil || t.SentAt.Before(*sent)) {
			sent = t.SentAt
		}
	}
	promptDue := k.add(c.ClockStart, prompt)
	if p.Contains(promptDue, loc) {
		switch {
		case sent != nil && k.between(c.ClockStart, *sent) > prompt:
			add(KindDispatchLate, promptDue, sent)
		case sent == nil && first == nil && !rejected && now.After(promptDue):
			add(KindDispatchLate, promptDue, nil)
		}
	}

	// П.7, П.9: the first answer, interim or final.
	if !c.AnswerDue.IsZero() && p.Contains(c.AnswerDue, loc) {
		switch {
		case first != nil && first.After(c.AnswerDue):
			add(KindInterimLate, c.AnswerDue, first)
		case first == nil && !rejected && now.After(c.AnswerDue):
			add(KindInterimLate, c.AnswerDue, nil)
		}
	}

	// П.10: the final answer after an interim one.
	if c.FinalDue != nil && p.Contains(*c.FinalDue, loc) {
		final := firstAnswerAfter(c, domain.KindFinal, cycle)
		switch {
		case final != nil && final.After(*c.FinalDue):
			add(KindFinalLate, *c.FinalDue, final)
		case final == nil && c.Status == domain.StatusInterimSent && now.After(*c.FinalDue):
			add(KindFinalLate, *c.FinalDue, nil)
		}
	}
	return out
}

// subjectOf names a case for the reader: «Кожевниково, Дороги».
func subjectOf(c *domain.Case) string {
	var parts []string
	for _, s := range []string{c.Settlement, c.Category} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

func timePtr(t time.Time) *time.Time { return &t }
