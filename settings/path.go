package settings

import (
	"strconv"
	"strings"
)

// segment is one step of a key path: a TOML key, or (index >= 0) an element of an array.
type segment struct {
	key   string
	index int
}

// keyPath locates a value in the document. Array indices are kept so that two [[users]] blocks get two different
// lines, but they are left out of the dotted key shown to people (the line already tells the blocks apart).
type keyPath []segment

func (p keyPath) child(key string) keyPath {
	q := make(keyPath, len(p), len(p)+1)
	copy(q, p)
	return append(q, segment{key: key, index: -1})
}

func (p keyPath) at(index int) keyPath {
	q := make(keyPath, len(p), len(p)+1)
	copy(q, p)
	return append(q, segment{index: index})
}

func (p keyPath) parent() keyPath {
	if len(p) == 0 {
		return nil
	}
	return p[:len(p)-1]
}

// id is an unambiguous identity of the path, used as a map key by the line scanner and the decoder.
func (p keyPath) id() string {
	var b strings.Builder
	for _, s := range p {
		if s.index >= 0 {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
			continue
		}
		b.WriteString("." + strconv.Quote(s.key))
	}
	return b.String()
}

// String is the dotted TOML key as an administrator would write it: `mailbox.host`, `users.password`.
func (p keyPath) String() string {
	var parts []string
	for _, s := range p {
		if s.index >= 0 {
			continue
		}
		parts = append(parts, quoteKey(s.key))
	}
	return strings.Join(parts, ".")
}

func quoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !isBareKeyChar(r) {
			return strconv.Quote(k)
		}
	}
	return k
}

func isBareKeyChar(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-'
}
