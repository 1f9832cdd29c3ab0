package settings

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestKeyLines(t *testing.T) {
	doc := "\uFEFF# comment [not.a.table]\r\n" + // 1
		"top = 1 # x = 2\r\n" + // 2
		"text = \"\"\"\n" + // 3
		"a = 1\n" + // 4: inside a multi-line string, not a key
		"[fake]\"\"\"\n" + // 5
		"lit = '''\n" + // 6
		"'''\n" + // 7
		"[a.\"b c\"]\n" + // 8
		"d.e = 'v' \n" + // 9
		"list = [\n" + // 10
		"  \"x\", # one\n" + // 11
		"  { k = 1, m.n = [1,\n" + // 12
		"  2] },\n" + // 13
		"]\n" + // 14
		"[[u]]\n" + // 15
		"login = \"a\"\n" + // 16
		"[u.sub]\n" + // 17
		"s = 1\n" + // 18
		"[[u]]\n" + // 19
		"'login' = \"b\"\n" + // 20
		"[u.sub]\n" + // 21
		"s = \"\\\"]\"\n" + // 22
		"esc = \"a\\u0062\"\n" + // 23
		"\"k\\u0065y\" = 1\n" // 24
	if _, err := toml.Decode(doc, new(map[string]any)); err != nil {
		t.Fatalf("the test document is not valid TOML: %v", err)
	}
	lines := keyLines(doc)
	u0, u1 := root.child("u").at(0), root.child("u").at(1)
	ab := root.child("a").child("b c")
	cases := []struct {
		path keyPath
		line int
	}{
		{root.child("top"), 2},
		{root.child("text"), 3},
		{root.child("lit"), 6},
		{ab, 8},
		{ab.child("d"), 9},
		{ab.child("d").child("e"), 9},
		{ab.child("list"), 10},
		{ab.child("list").at(0), 11},
		{ab.child("list").at(1), 12},
		{ab.child("list").at(1).child("k"), 12},
		{ab.child("list").at(1).child("m").child("n").at(1), 13},
		{root.child("u"), 15},
		{u0, 15},
		{u0.child("login"), 16},
		{u0.child("sub").child("s"), 18},
		{u1, 19},
		{u1.child("login"), 20},
		{u1.child("sub"), 21},
		{u1.child("sub").child("s"), 22},
		{u1.child("sub").child("esc"), 23},
		{u1.child("sub").child("key"), 24},
	}
	for _, c := range cases {
		if got := lines[c.path.id()]; got != c.line {
			t.Errorf("line of %s (%s) = %d, want %d", c.path, c.path.id(), got, c.line)
		}
	}
	for _, absent := range []keyPath{root.child("a").child("a"), root.child("fake"), root.child("x")} {
		if line, ok := lines[absent.id()]; ok {
			t.Errorf("%s found at line %d, but it is not a key", absent, line)
		}
	}
}

// checkLinesCoverTree checks that the scanner found a line for every key and array element the parser found, and
// that a key's line mentions the key (or, for array-of-tables, its header).
func checkLinesCoverTree(t *testing.T, doc string) {
	t.Helper()
	var tree map[string]any
	if _, err := toml.Decode(doc, &tree); err != nil {
		return
	}
	lines := keyLines(doc)
	text := strings.Split(strings.TrimPrefix(doc, "\uFEFF"), "\n")
	var walk func(p keyPath, v any)
	walk = func(p keyPath, v any) {
		if len(p) > 0 {
			line, ok := lines[p.id()]
			if !ok || line < 1 || line > len(text) {
				t.Fatalf("no line for %s (%s) in\n%s", p, p.id(), doc)
			}
		}
		switch x := v.(type) {
		case map[string]any:
			for k, item := range x {
				walk(p.child(k), item)
			}
		case []map[string]any:
			for i, item := range x {
				walk(p.at(i), item)
			}
		case []any:
			for i, item := range x {
				walk(p.at(i), item)
			}
		}
	}
	walk(nil, tree)
}

func TestLinesCoverExample(t *testing.T) {
	checkLinesCoverTree(t, string(Example()))
	lines := keyLines(string(Example()))
	for _, c := range []struct {
		path keyPath
		text string
	}{
		{root.child("users").at(1).child("password"), `password = "Kozh-2026-ab!Admin"`},
		{root.child("calendar").child("overrides").at(0).child("kind"), `overrides = [{date = "2026-12-30"`},
		{root.child("executors").at(0).child("active"), "active = true"},
	} {
		if got, want := lines[c.path.id()], lineOfText(t, string(Example()), c.text); got != want {
			t.Errorf("line of %s = %d, want %d", c.path, got, want)
		}
	}
}

// trickyTOML are valid documents whose keys hide among strings, comments and odd spacing.
var trickyTOML = []string{
	"a . b = 1\n[ c . \"d.e\" ]\nf = 2\n[[ g ]]\n[[ g ]]\nh = 3\n",
	"s = \"# not a comment ] }\"\nl = 'a \"quoted\" [x]'\nm = \"\"\"\\\"\"\"\nn = 1\"\"\"\no = 2\n",
	"d = 1979-05-27 07:32:00Z\nt = 07:32:00\nx = [1979-05-27, 1979-05-27T00:00:00]\ny = 1\n",
	"\"\" = 1\n'k' . a = 2\n[\"t\"]\nb = 3\n['e'.'']\nc = 4\n",
	"arr = [ [ 1, 2 ], [ \"a\", { x = [ { y = 1 } ] } ] ]\nz = { a = { b = { c = 1 } } }\n",
	"a = \"\"\"\nline\\\n  continued\"\"\"\nb = '''\n''\n'''\nc = 1\n",
	"[x]\n[x.y.z]\nw = 1\n[[x.arr]]\nv = 1\n[x.arr.sub]\nu = 1\n[[x.arr]]\n[[x.arr.deep]]\nq = 1\n",
	"k = [\n  # comment with = sign\n  1, # and ]\n  2,\n]\nafter = true\n",
	"inf = inf\nnan = -nan\nhex = 0xDEAD_beef\nf = 1e10\nneg = -1\n",
	"a = \"\\u00e9\\U0001F600\"\n\"\\u00e9\" = 1\n",
}

func TestLinesCoverTrickyTOML(t *testing.T) {
	for _, doc := range trickyTOML {
		if _, err := toml.Decode(doc, new(map[string]any)); err != nil {
			t.Errorf("not valid TOML (%v):\n%s", err, doc)
			continue
		}
		checkLinesCoverTree(t, doc)
	}
	lines := keyLines(trickyTOML[1])
	if got := lines[root.child("o").id()]; got != 5 {
		t.Errorf("key after a multi-line string with escaped quotes: line %d, want 5", got)
	}
}
