package reports

import (
	"fmt"
	"math"
	"testing"
	"time"

	"otklik/domain"
)

func countsString(cs []Count) string {
	s := ""
	for _, c := range cs {
		s += fmt.Sprintf("%s=%d; ", c.Label, c.Cases)
	}
	return s
}

// П.16, П.17: the period's summary over the 13 cases received 02.03–20.03 (0013 came on 27.02 and is left out).
func TestSummarySeed(t *testing.T) {
	s := BuildSummary(seedCases(), seedPeriod(), seedOptions(t))
	if s.Total != 13 || s.Open != 7 {
		t.Errorf("total/open = %d/%d, want 13/7", s.Total, s.Open)
	}
	for _, tc := range []struct {
		name string
		got  []Count
		want string
	}{
		{"network", s.ByNetwork, "ВКонтакте=7; Telegram=2; Одноклассники=2; Instagram=1; другая=1; "},
		{"settlement", s.BySettlement, "Кожевниково=7; Уртам=2; Вороново=1; Малиновка=1; Песочнодубровка=1; Чилино=1; "},
		{"category", s.ByCategory, "Дороги=5; ЖКХ=4; Благоустройство=2; Образование=2; "},
		{"executor", s.ByExecutor, "Иванов Пётр Сергеевич=4; Кузнецов Иван Ильич=4; Сидоров Олег Николаевич=3; Петрова Анна Викторовна=2; Глава Вороновского сельского поселения=1; "},
	} {
		if got := countsString(tc.got); got != tc.want {
			t.Errorf("by %s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
	// П.7, П.9: 11 first answers due (0005 rejected, 0014 not yet due); on time 0001, 0002, 0004, 0006, 0008,
	// 0010, 0011; late 0003, 0012, and 0007, 0009 never answered.
	if s.Due != 11 || s.OnTime != 7 || math.Abs(s.OnTimeShare-7.0/11) > 1e-9 {
		t.Errorf("on time: %d of %d (%.4f), want 7 of 11", s.OnTime, s.Due, s.OnTimeShare)
	}
	// П.10: final answers due: 0001 and 0006 on time, 0003 overdue; 0008, 0010, 0012 not yet due.
	if s.FinalDueCount != 3 || s.FinalOnTime != 2 || math.Abs(s.FinalOnTimeShare-2.0/3) > 1e-9 {
		t.Errorf("final on time: %d of %d (%.4f), want 2 of 3", s.FinalOnTime, s.FinalDueCount, s.FinalOnTimeShare)
	}
	// Working time to the first answer: 4h, 6h, 6h, 6h30, 6h30, 6h50, 6h50, 7h, 8h → 6 ч 30 мин.
	// To the final answer: 6h, 6h50, 6h50, 61h, 62h50 → 6 ч 50 мин.
	if s.Answered != 9 || s.MedianToInterim != hm(6, 30) {
		t.Errorf("median to the first answer: %s over %d, want 6h30m over 9", s.MedianToInterim, s.Answered)
	}
	if s.Finished != 5 || s.MedianToFinal != hm(6, 50) {
		t.Errorf("median to the final answer: %s over %d, want 6h50m over 5", s.MedianToFinal, s.Finished)
	}
	if s.Repeats != 1 || s.Escalations != 1 || s.SociallySignificant != 1 {
		t.Errorf("repeats/escalations/significant = %d/%d/%d, want 1/1/1", s.Repeats, s.Escalations, s.SociallySignificant)
	}
	if s.RejectedTotal != 1 || s.Rejected[domain.ReasonObscene] != 1 || len(s.Rejected) != 1 {
		t.Errorf("rejected: %v (%d), want obscene=1", s.Rejected, s.RejectedTotal)
	}
	if len(s.Surges) != 1 {
		t.Fatalf("surges: %+v, want one", s.Surges)
	}
	sg := s.Surges[0]
	if sg.By != SurgeBySettlement || sg.Key != "Кожевниково" || !sg.From.Equal(at("2026-03-16 09:05")) ||
		!sg.To.Equal(at("2026-03-16 15:00")) || fmt.Sprint(sg.Cases) != "[ОТК-2026-0009 ОТК-2026-0010 ОТК-2026-0011]" {
		t.Errorf("surge: %+v", sg)
	}
}

// П.17: a surge is SurgeCases cases within SurgeWindow of working time; the window does not count the night, and
// overlapping runs are one surge.
func TestSurges(t *testing.T) {
	mk := func(seq int, received string) *domain.Case {
		return &domain.Case{ID: domain.FormatCaseID("ОТК", 2026, seq), Settlement: "Уртам", ReceivedAt: at(received)}
	}
	tests := []struct {
		name     string
		received []string
		want     string
	}{
		{"two are not a surge", []string{"2026-03-16 09:00", "2026-03-16 10:00"}, "[]"},
		{"three within 8 working hours across the night", []string{"2026-03-16 15:00", "2026-03-16 17:30", "2026-03-17 13:00"}, "[3]"},
		{"three spread over more than 8 working hours", []string{"2026-03-16 09:00", "2026-03-16 15:00", "2026-03-17 10:30"}, "[]"},
		{"overlapping runs merge", []string{"2026-03-16 09:00", "2026-03-16 10:00", "2026-03-16 11:00", "2026-03-16 16:00", "2026-03-17 11:00"}, "[5]"},
		{"two separate surges", []string{"2026-03-16 09:00", "2026-03-16 09:10", "2026-03-16 09:20", "2026-03-18 09:00", "2026-03-18 09:10", "2026-03-18 09:20"}, "[3 3]"},
	}
	o := seedOptions(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var cs []*domain.Case
			for i, r := range tc.received {
				cs = append(cs, mk(i+1, r))
			}
			var sizes []int
			for _, sg := range surges(cs, o, workClock{o.Calc}) {
				if sg.By == SurgeBySettlement {
					sizes = append(sizes, len(sg.Cases))
				}
			}
			if got := fmt.Sprint(sizes); got != tc.want && !(tc.want == "[]" && len(sizes) == 0) {
				t.Errorf("surge sizes %s, want %s", got, tc.want)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{3 * time.Hour}, 3 * time.Hour},
		{[]time.Duration{4 * time.Hour, time.Hour, 2 * time.Hour}, 2 * time.Hour},
		{[]time.Duration{4 * time.Hour, time.Hour}, 150 * time.Minute},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
