package parse

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// keyedTexts are the lines of every test message, each also upper-cased, title-cased and with runes whose
// case folding is unusual (ſ for s, the Kelvin sign for k, Ё/ё), so that a key check that folded differently from
// the pattern's (?i) would show as a disagreement.
func keyedTexts(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{"testdata/samples", "testdata/notices", "testdata/replies", "testdata/reports"} {
		found, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, found...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d test messages found", len(files))
	}
	var texts []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		whole := string(raw)
		if m, err := Read(strings.NewReader(whole), Limits{}); err == nil {
			whole += "\n" + m.Subject + "\n" + m.Text
		}
		texts = append(texts, whole)
		texts = append(texts, strings.Split(whole, "\n")...)
	}
	odd := strings.NewReplacer("s", "ſ", "k", "\u212a", "е", "ё", "Е", "Ё")
	n := len(texts)
	for _, s := range texts[:n] {
		texts = append(texts, strings.ToUpper(s), strings.ToLower(s), odd.Replace(s), strings.ToUpper(odd.Replace(s)))
	}
	return texts
}

// TestKeyedAgreesWithPattern: every keyed pattern answers exactly as its plain regular expression, on real mail
// and on random cuts of it.
func TestKeyedAgreesWithPattern(t *testing.T) {
	texts := keyedTexts(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		s := texts[rng.IntN(len(texts))]
		if len(s) > 2 {
			i := rng.IntN(len(s))
			texts = append(texts, s[i:min(len(s), i+1+rng.IntN(200))])
		}
	}
	if len(keyedPatterns) < 30 {
		t.Fatalf("only %d keyed patterns registered", len(keyedPatterns))
	}
	filtered := 0
	for _, k := range keyedPatterns {
		plain := regexp.MustCompile(k.String())
		for _, s := range texts {
			if got, want := k.FindAllStringSubmatchIndex(s, -1), plain.FindAllStringSubmatchIndex(s, -1); !equalIndexes(got, want) {
				t.Fatalf("%s on %q: keyed %v, plain %v (keys %q)", k, s, got, want, k.keys)
			}
			if !k.may(s) {
				filtered++
			}
		}
	}
	// The keys must actually spare work, or the wrapper is only overhead.
	if filtered < len(keyedPatterns)*len(texts)/2 {
		t.Errorf("keys ruled out only %d of %d pattern runs", filtered, len(keyedPatterns)*len(texts))
	}
}

func equalIndexes(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func TestRequiredLiterals(t *testing.T) {
	cases := []struct {
		pattern string
		keys    []string // folded
	}{
		{`(?i)социально[\s\-]*значим`, []string{"СОЦИАЛЬНО"}},
		{`(?i)мск|msk`, []string{"МСК", "MSK"}},
		{`\d{5,12}`, nil},
		{`(?i)(?:^|[^\p{L}])(?:срочн|high)`, []string{"СРОЧН", "HIGH"}},
		{`a*`, nil},
		{`(?:x|\d)`, nil}, // one alternative without a literal: nothing is promised
	}
	for _, c := range cases {
		k := mustKeyed(c.pattern)
		keyedPatterns = keyedPatterns[:len(keyedPatterns)-1]
		if strings.Join(k.keys, "|") != strings.Join(c.keys, "|") {
			t.Errorf("%s: keys %q, want %q", c.pattern, k.keys, c.keys)
		}
	}
}

func TestFoldRuneIsOrbitMinimum(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		got := []rune(foldString(string(r)))
		if !unicode.IsPrint(r) && r >= 0x80 {
			continue
		}
		if len(got) != 1 || got[0] != least {
			t.Fatalf("fold(%U) = %q, want %U", r, string(got), least)
		}
	}
}

// normLabelDefinition is normLabel as first written, with regular expressions: the one-pass normLabel must
// give the same label for every line.
func normLabelDefinition(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "ё", "е")
	s = regexp.MustCompile(`\([^)]*\)|[*_#№"«»'„“”\[\]]`).ReplaceAllString(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '/' {
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func TestNormLabelAgreesWithDefinition(t *testing.T) {
	texts := append(keyedTexts(t), "ДАТА ВЫЯВЛЕНИЯ (МСК)", "Ёлки (без закрытия", "a(b)c(d", "«Номер»_инцидента*", "\xff\xfeИД")
	for _, s := range texts {
		for _, line := range []string{s, s[:min(len(s), 60)]} {
			if got, want := normLabel(line), normLabelDefinition(line); got != want {
				t.Fatalf("normLabel(%q) = %q, want %q", line, got, want)
			}
		}
	}
}

func TestTrimBulletAgreesWithDefinition(t *testing.T) {
	bullet := regexp.MustCompile(`^(?:[•·▪►●◦‣∙\-–—*]+\s*|\d{1,3}[.)]\s+)`)
	texts := append(keyedTexts(t), "1. Номер", "12) Дата", "1234. x", "7.", "7. ", "3)\tтекст", "—— Автор", "•", "1.2. Пункт")
	for _, s := range texts {
		s = strings.TrimSpace(s)
		if got, want := trimBullet(s), bullet.ReplaceAllString(s, ""); got != want {
			t.Fatalf("trimBullet(%q) = %q, want %q", s, got, want)
		}
	}
}
