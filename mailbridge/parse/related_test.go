package parse

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// relatedNumbersByRegexp is the definition relatedNumbers must keep: relatedRe over the text with links blanked.
func relatedNumbersByRegexp(s string) []string {
	s = urlRe.ReplaceAllString(s, " ")
	var out []string
	for _, m := range relatedRe.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// The fast relatedNumbers finds exactly what the regular expression finds, on texts made of the pieces that
// matter (labels, numbers of every length, links, Cyrillic, punctuation).
func TestRelatedNumbersEqualsRegexp(t *testing.T) {
	pieces := []string{"№", "№ ", "инцидент ", "Инцидентом", "инц.", "сообщение ", "обращения: ", "связано с ", "ранее ",
		"ID", "id:", "номер ", "Номера #", "12345", "123456789012", "1234567890123", "1234", "45678", "x", "_", " ",
		"\n", "—", "https://vk.com/wall-1_4512937 ", "http://t.me/12345678", "«", "»", ":", "#", "Кожевниково",
		"ё", "4512937", "повторное ", "abc", "9"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.Intn(12); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := relatedNumbers(s, nil), relatedNumbersByRegexp(s); !slices.Equal(got, want) {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
	}
}
