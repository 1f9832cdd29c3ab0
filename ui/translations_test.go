package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"otklik/domain"
)

// usedKeys are the texts the package passes to lang.L: every literal, and the domain's words that reach it
// through a variable.
func usedKeys(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fs := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fs, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "L" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "lang" {
				return true
			}
			if lit, ok := c.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				seen[s] = true
			}
			return true
		})
	}
	for _, n := range domain.NetworkNames {
		seen[n] = true
	}
	for _, n := range domain.ReasonNames {
		seen[n] = true
	}
	for _, w := range []string{"пн", "вт", "ср", "чт", "пт", "сб", "вс", "ошибка", "ошибки", "ошибок"} {
		seen[w] = true
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func readTranslations(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := translations.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`{{\.[A-Za-z]+}}`)

// STYLE.md, UI.md: every visible text is Russian by default with an English translation; a translation keeps
// every placeholder of its text, and no file carries texts the code no longer uses.
func TestTranslationsComplete(t *testing.T) {
	keys := usedKeys(t)
	if len(keys) < 150 {
		t.Fatalf("found only %d texts: the scan is broken", len(keys))
	}
	ru, en := readTranslations(t, "ru.json"), readTranslations(t, "en.json")
	for _, k := range keys {
		if v, ok := ru[k]; !ok || v != k {
			t.Errorf("ru.json: %q missing or not Russian as written (%q)", k, v)
		}
		v, ok := en[k]
		if !ok {
			t.Errorf("en.json: %q missing", k)
			continue
		}
		want, got := placeholder.FindAllString(k, -1), placeholder.FindAllString(v, -1)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Errorf("en.json: %q has placeholders %v, want %v", v, got, want)
		}
	}
	for _, m := range []map[string]string{ru, en} {
		for k := range m {
			if !slices.Contains(keys, k) {
				t.Errorf("translation of a text the code does not use: %q", k)
			}
		}
	}
}
