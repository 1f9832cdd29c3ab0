package reports

import (
	"sort"
	"strings"
	"time"

	"otklik/domain"
)

// Count is one row of a breakdown: Key is the code or name as stored, Label what the reader sees.
type Count struct {
	Key, Label string
	Cases      int
}

// Surge is a burst of cases on one settlement or one category (П.17 «повышенная социальная активность»).
type Surge struct {
	// By is "settlement" or "category"; Key is its value.
	By, Key  string
	From, To time.Time // receipt of the first and the last case
	Cases    []domain.CaseID
}

// Surge kinds (Surge.By).
const (
	SurgeBySettlement = "settlement"
	SurgeByCategory   = "category"
)

// Summary is the period's overview for the supervisor and the Head (definitions: package doc).
type Summary struct {
	Period
	Header
	// Total counts the cases received in the period; Open those still without a final answer or rejection.
	Total, Open int

	ByNetwork, BySettlement, ByCategory, ByExecutor []Count

	// П.7: first answers due (Due), of them approved by AnswerDue (OnTime).
	Due, OnTime int
	OnTimeShare float64
	// П.10: final answers due after an interim one, of them sent by FinalDue.
	FinalDueCount, FinalOnTime int
	FinalOnTimeShare           float64

	// Medians of working time from the clock start to the first answer and to the final answer, over Answered and
	// Finished cases.
	MedianToInterim, MedianToFinal time.Duration
	Answered, Finished             int

	Repeats int
	// Rejected counts rejections by reason code (domain.RejectReasons); RejectedTotal is their sum.
	Rejected      map[string]int
	RejectedTotal int

	Escalations         int
	SociallySignificant int
	Surges              []Surge
}

// BuildSummary counts the cases received in the period.
func BuildSummary(cases []*domain.Case, p Period, o Options) Summary {
	loc, now, k := o.location(), o.now(), workClock{o.Calc}
	s := Summary{Period: p.in(loc), Header: o.header(), Rejected: map[string]int{}}
	networks, settlements, categories, executors := counter{}, counter{}, counter{}, counter{}
	var toFirst, toFinal []time.Duration
	var inPeriod []*domain.Case
	for _, c := range cases {
		if !p.Contains(c.ReceivedAt, loc) {
			continue
		}
		inPeriod = append(inPeriod, c)
		s.Total++
		if c.Status.Open() {
			s.Open++
		}
		networks.add(c.Network, networkLabel(c.Network))
		settlements.add(c.Settlement, orUnknown(c.Settlement, "не указано"))
		categories.add(c.Category, orUnknown(c.Category, "не указана"))
		seen := map[string]bool{}
		for _, t := range c.Tasks {
			if seen[t.Executor] {
				continue
			}
			seen[t.Executor] = true
			name := t.Name
			if e, ok := o.Executors[t.Executor]; ok && e.Name != "" {
				name = e.Name
			}
			executors.add(t.Executor, orUnknown(name, t.Executor))
		}
		if c.RepeatOf != "" {
			s.Repeats++
		}
		if c.EscalatedAt != nil {
			s.Escalations++
		}
		if c.SociallySignificant {
			s.SociallySignificant++
		}
		if c.Status == domain.StatusRejected {
			s.Rejected[c.RejectReason]++
			s.RejectedTotal++
			continue
		}

		var cycle time.Time
		if c.ReopenedAt != nil {
			cycle = *c.ReopenedAt
		}
		first := firstAnswerAfter(c, "", cycle)
		if first != nil {
			s.Answered++
			toFirst = append(toFirst, k.between(c.ClockStart, *first))
		}
		if first != nil || now.After(c.AnswerDue) {
			s.Due++
			if first != nil && !first.After(c.AnswerDue) {
				s.OnTime++
			}
		}
		final := firstAnswerAfter(c, domain.KindFinal, cycle)
		if final != nil {
			s.Finished++
			toFinal = append(toFinal, k.between(c.ClockStart, *final))
		}
		if c.FinalDue != nil && (final != nil || now.After(*c.FinalDue)) {
			s.FinalDueCount++
			if final != nil && !final.After(*c.FinalDue) {
				s.FinalOnTime++
			}
		}
	}
	s.ByNetwork, s.BySettlement, s.ByCategory, s.ByExecutor = networks.rows(), settlements.rows(), categories.rows(), executors.rows()
	s.OnTimeShare = share(s.OnTime, s.Due)
	s.FinalOnTimeShare = share(s.FinalOnTime, s.FinalDueCount)
	s.MedianToInterim, s.MedianToFinal = median(toFirst), median(toFinal)
	s.Surges = surges(inPeriod, o, k)
	return s
}

// counter keeps a breakdown in first-seen order; rows sorts it by count.
type counter struct {
	order  []string
	labels map[string]string
	n      map[string]int
}

func (c *counter) add(key, label string) {
	if c.n == nil {
		c.n, c.labels = map[string]int{}, map[string]string{}
	}
	if _, ok := c.n[key]; !ok {
		c.order = append(c.order, key)
		c.labels[key] = label
	}
	c.n[key]++
}

func (c *counter) rows() []Count {
	out := make([]Count, 0, len(c.order))
	for _, k := range c.order {
		out = append(out, Count{Key: k, Label: c.labels[k], Cases: c.n[k]})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Cases != out[j].Cases {
			return out[i].Cases > out[j].Cases
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// rejectedRows lists the rejections in the order of domain.RejectReasons, unknown codes after them by name.
func rejectedRows(m map[string]int) []Count {
	var out []Count
	for _, code := range domain.RejectReasons {
		if n := m[code]; n > 0 {
			out = append(out, Count{Key: code, Label: reasonLabel(code), Cases: n})
		}
	}
	var other []string
	for code, n := range m {
		if _, known := domain.ReasonNames[code]; !known && n > 0 {
			other = append(other, code)
		}
	}
	sort.Strings(other)
	for _, code := range other {
		out = append(out, Count{Key: code, Label: reasonLabel(code), Cases: m[code]})
	}
	return out
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// median of durations; the mean of the two middle ones for an even count, 0 for none.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// surges finds, per settlement and per category, runs of at least SurgeCases cases whose receipts lie within
// SurgeWindow of working time of each other; overlapping runs merge.
func surges(cases []*domain.Case, o Options, k workClock) []Surge {
	n, window := o.SurgeCases, o.SurgeWindow
	if n <= 0 {
		n = 3
	}
	if window <= 0 {
		window = 8 * time.Hour
	}
	var out []Surge
	for _, by := range []string{SurgeBySettlement, SurgeByCategory} {
		groups := map[string][]*domain.Case{}
		var keys []string
		for _, c := range cases {
			key := c.Settlement
			if by == SurgeByCategory {
				key = c.Category
			}
			if key = strings.TrimSpace(key); key == "" {
				continue
			}
			if _, ok := groups[key]; !ok {
				keys = append(keys, key)
			}
			groups[key] = append(groups[key], c)
		}
		sort.Strings(keys)
		for _, key := range keys {
			g := groups[key]
			sort.SliceStable(g, func(i, j int) bool { return g[i].ReceivedAt.Before(g[j].ReceivedAt) })
			start, end := -1, -1
			flush := func() {
				if start < 0 {
					return
				}
				sg := Surge{By: by, Key: key, From: g[start].ReceivedAt.In(o.location()), To: g[end].ReceivedAt.In(o.location())}
				for _, c := range g[start : end+1] {
					sg.Cases = append(sg.Cases, c.ID)
				}
				out = append(out, sg)
				start, end = -1, -1
			}
			j := 0
			for i := range g {
				if j < i {
					j = i
				}
				for j+1 < len(g) && k.between(g[i].ReceivedAt, g[j+1].ReceivedAt) <= window {
					j++
				}
				if j-i+1 < n {
					continue
				}
				if start >= 0 && i <= end {
					end = max(end, j)
					continue
				}
				flush()
				start, end = i, j
			}
			flush()
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	return out
}
