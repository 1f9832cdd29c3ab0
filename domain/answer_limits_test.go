package domain_test

import (
	"strings"
	"testing"

	"otklik/domain"
)

// П.9 and data/network-limits.json: the answer must fit where it is published. Telegram counts UTF-16 code units
// (an emoji is two) and takes only 1024 as a photo's caption; Instagram's comments stop at 2196.
func TestAnswerLimits(t *testing.T) {
	if n := domain.AnswerLength("telegram", "Дорога очищена 👍"); n != 17 {
		t.Errorf("telegram length %d, want 17 (15 letters and a space, and an emoji of two units)", n)
	}
	if n := domain.AnswerLength("vk", "Дорога очищена 👍"); n != 16 {
		t.Errorf("vk length %d, want 16", n)
	}
	cases := []struct {
		network    string
		withPhotos bool
		want       int
	}{{"telegram", false, 4096}, {"telegram", true, 1024}, {"vk", true, 4000}, {"ok", false, 4000},
		{"instagram", false, 2196}, {"facebook", false, 8000}, {"other", false, 0}}
	for _, c := range cases {
		if got := domain.AnswerLimit(c.network, c.withPhotos); got != c.want {
			t.Errorf("AnswerLimit(%s, photos %v) = %d, want %d", c.network, c.withPhotos, got, c.want)
		}
	}
	// The warning before approving uses the same: 1,100 characters fit a Telegram message, not a photo's caption.
	c := &domain.Case{Network: "telegram"}
	text := strings.Repeat("а", 1100)
	if w := domain.AnswerWarnings(c, domain.AnswerRequest{Text: text}); len(w) != 0 {
		t.Errorf("1,100 characters without photos: %v", w)
	}
	photo := []domain.IncomingAttachment{{Name: "after.jpg", ContentType: "image/jpeg"}}
	if w := domain.AnswerWarnings(c, domain.AnswerRequest{Text: text, Files: photo}); len(w) != 1 || !strings.Contains(w[0], "1100 знаков из 1024") {
		t.Errorf("1,100 characters as a photo's caption: %v", w)
	}
}
