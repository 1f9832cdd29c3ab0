package settings

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// checker lays the parsed TOML tree over the defaults and collects every problem. It decodes by hand (with the
// toml tags of File) rather than with toml.Decode into File, because toml.Decode stops at the first wrong type and
// reports unknown keys only after a clean decode: an administrator would fix one mistake per run.
type checker struct {
	lines   map[string]int
	present map[string]bool // keys written in the file
	// broken keys were already reported (wrong type, unknown); nothing more is said about them or below them.
	broken map[string]bool
	errs   Errors
}

func newChecker(lines map[string]int) *checker {
	return &checker{lines: lines, present: make(map[string]bool), broken: make(map[string]bool)}
}

func (c *checker) given(p keyPath) bool { return c.present[p.id()] }

func (c *checker) isBroken(p keyPath) bool {
	for q := p; len(q) > 0; q = q.parent() {
		if c.broken[q.id()] {
			return true
		}
	}
	return false
}

// lineOf is the line of the key, else of the nearest enclosing key or table header, else 0.
func (c *checker) lineOf(p keyPath) int {
	for q := p; len(q) > 0; q = q.parent() {
		if line, ok := c.lines[q.id()]; ok {
			return line
		}
	}
	return 0
}

// report records a problem of key p: "p: message". Nothing is reported under a key already found broken.
func (c *checker) report(p keyPath, format string, args ...any) {
	if c.isBroken(p) {
		return
	}
	c.errs = append(c.errs, &Error{Key: p.String(), Line: c.lineOf(p),
		Message: p.String() + ": " + fmt.Sprintf(format, args...)})
}

// breakKey reports a problem of p and silences everything else about p.
func (c *checker) breakKey(p keyPath, format string, args ...any) {
	c.report(p, format, args...)
	c.broken[p.id()] = true
}

func (c *checker) wrongType(p keyPath, want string, got any) {
	c.breakKey(p, "ожидается %s, а указано: %s", want, describe(got))
}

type defaulter interface{ applyDefaults() }

// decodeTable lays table m over the struct pointed to by dst.
func (c *checker) decodeTable(p keyPath, m map[string]any, dst any) {
	rv := reflect.ValueOf(dst).Elem()
	fields := fieldsByKey(rv.Type())
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		kp := p.child(k)
		i, known := fields[k]
		if !known {
			c.unknown(kp, m, fields)
			continue
		}
		c.present[kp.id()] = true
		field := rv.Type().Field(i)
		c.decodeValue(kp, m[k], rv.Field(i), field.Tag.Get("settings") == "date")
	}
}

func fieldsByKey(t reflect.Type) map[string]int {
	fields := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ","); name != "" {
			fields[name] = i
		}
	}
	return fields
}

// unknown reports a key the schema does not have. When it looks like a misspelling of a key that is absent, the
// absent key is not reported again as missing: one mistake, one error.
func (c *checker) unknown(p keyPath, table map[string]any, fields map[string]int) {
	key := p[len(p)-1].key
	what := "неизвестный ключ"
	switch table[key].(type) {
	case map[string]any, []map[string]any:
		what = "неизвестная таблица"
	}
	msg := fmt.Sprintf("%s %q", what, p.String())
	if guess := closest(key, fields); guess != "" {
		meant := p.parent().child(guess)
		msg += fmt.Sprintf(" (может быть, %q?)", meant.String())
		if _, present := table[guess]; !present {
			c.broken[meant.id()] = true
		}
	}
	if !c.isBroken(p) {
		c.errs = append(c.errs, &Error{Key: p.String(), Line: c.lineOf(p), Message: msg})
	}
	c.broken[p.id()] = true
}

// closest is the known key a misspelt one most likely meant: at most two edits away, and fewer edits than half
// its length ("" if none is that close).
func closest(key string, fields map[string]int) string {
	best, bestDistance := "", 3
	for name := range fields {
		d := editDistance(key, name)
		if d*2 >= utf8.RuneCountInString(name) {
			continue
		}
		if d < bestDistance || d == bestDistance && name < best {
			best, bestDistance = name, d
		}
	}
	return best
}

// editDistance counts insertions, deletions, substitutions and swaps of neighbours ("hots" → "host" is one).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 { // a misspelling is short; no need to spend time on junk
		return 64
	}
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

func (c *checker) decodeValue(p keyPath, v any, dst reflect.Value, isDate bool) {
	switch dst.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if t, isTime := v.(time.Time); isTime && isDate && t.Location().String() == "date-local" {
			s, ok = t.Format(time.DateOnly), true
		}
		if !ok {
			c.wrongType(p, "строка в кавычках", v)
			return
		}
		dst.SetString(s)
	case reflect.Int:
		n, ok := v.(int64)
		if !ok {
			c.wrongType(p, "целое число", v)
			return
		}
		dst.SetInt(n)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			c.wrongType(p, "true или false", v)
			return
		}
		dst.SetBool(b)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			c.wrongType(p, fmt.Sprintf("таблица [%s]", p), v)
			return
		}
		c.decodeTable(p, m, dst.Addr().Interface())
	case reflect.Map: // schedule.days
		m, ok := v.(map[string]any)
		if !ok {
			c.wrongType(p, fmt.Sprintf("таблица [%s]", p), v)
			return
		}
		out := reflect.MakeMapWithSize(dst.Type(), len(m))
		for k, item := range m {
			kp := p.child(k)
			c.present[kp.id()] = true
			elem := reflect.New(dst.Type().Elem()).Elem()
			c.decodeValue(kp, item, elem, false)
			out.SetMapIndex(reflect.ValueOf(k), elem)
		}
		dst.Set(out)
	case reflect.Slice:
		c.decodeSlice(p, v, dst)
	default:
		panic(fmt.Sprintf("settings: field kind %s at %s has no decoder", dst.Kind(), p))
	}
}

func (c *checker) decodeSlice(p keyPath, v any, dst reflect.Value) {
	elemType := dst.Type().Elem()
	var items []any
	switch list := v.(type) {
	case []any:
		items = list
	case []map[string]any: // [[array.of.tables]]
		if elemType.Kind() != reflect.Struct {
			c.wrongType(p, "массив строк [\"…\", \"…\"]", v)
			return
		}
		for _, m := range list {
			items = append(items, m)
		}
	default:
		if elemType.Kind() == reflect.Struct {
			c.wrongType(p, fmt.Sprintf("массив таблиц [[%s]]", p), v)
		} else {
			c.wrongType(p, "массив строк [\"…\", \"…\"]", v)
		}
		return
	}
	out := reflect.MakeSlice(dst.Type(), 0, len(items))
	for i, item := range items {
		elem := reflect.New(elemType)
		if d, ok := elem.Interface().(defaulter); ok {
			d.applyDefaults()
		}
		c.decodeValue(p.at(i), item, elem.Elem(), false)
		if c.broken[p.at(i).id()] {
			// One bad element makes the list unusable; later checks (non-empty, ...) would only repeat it.
			c.broken[p.id()] = true
		}
		out = reflect.Append(out, elem.Elem())
	}
	dst.Set(out)
}

// describe names a TOML value's type for an administrator, with the value when it is short.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		if utf8.RuneCountInString(x) <= 40 {
			return fmt.Sprintf("строка %q", x)
		}
		return "строка"
	case int64:
		return fmt.Sprintf("число %d", x)
	case float64:
		return fmt.Sprintf("дробное число %v", x)
	case bool:
		return fmt.Sprintf("логическое значение %v", x)
	case time.Time:
		return "дата/время"
	case []any:
		return "массив"
	case []map[string]any:
		return "массив таблиц"
	case map[string]any:
		return "таблица"
	default:
		return fmt.Sprintf("%T", v)
	}
}
