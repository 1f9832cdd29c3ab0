package settings

import (
	"strconv"
	"strings"
)

// keyLines maps the id of every key path in a TOML document — table headers, keys, array elements, keys of inline
// tables — to the line (from 1) where it is written.
//
// BurntSushi/toml v1.6 keeps key positions private (MetaData exposes no Position), and even internally it files
// them by dotted key without array index, so the second [[users]] block would get the first one's lines. Hence
// this small scanner. It runs only on text that the real parser has accepted, so it need not diagnose anything;
// it must only never panic or loop on any input, which FuzzParse checks.
func keyLines(src string) map[string]int {
	s := &lineScanner{
		src:         strings.TrimPrefix(src, "\uFEFF"),
		line:        1,
		lines:       make(map[string]int),
		arrayTables: make(map[string]int),
	}
	s.document()
	return s.lines
}

type lineScanner struct {
	src   string
	pos   int
	line  int
	lines map[string]int
	// arrayTables counts the [[x]] headers seen per path, so that later headers and keys land in the newest element.
	arrayTables map[string]int
}

func (s *lineScanner) eof() bool { return s.pos >= len(s.src) }

func (s *lineScanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.pos]
}

func (s *lineScanner) advance() {
	if s.src[s.pos] == '\n' {
		s.line++
	}
	s.pos++
}

func (s *lineScanner) record(p keyPath, line int) {
	if _, seen := s.lines[p.id()]; !seen {
		s.lines[p.id()] = line
	}
}

func (s *lineScanner) skipBlanks() {
	for !s.eof() && (s.peek() == ' ' || s.peek() == '\t' || s.peek() == '\r') {
		s.pos++
	}
}

// skipSpace skips blanks, newlines and comments.
func (s *lineScanner) skipSpace() {
	for !s.eof() {
		switch s.peek() {
		case ' ', '\t', '\r', '\n':
			s.advance()
		case '#':
			s.skipLine()
		default:
			return
		}
	}
}

// skipLine moves to the newline that ends the current line (a comment, or junk the parser would have refused).
func (s *lineScanner) skipLine() {
	for !s.eof() && s.peek() != '\n' {
		s.pos++
	}
}

func (s *lineScanner) document() {
	var table keyPath
	for {
		s.skipSpace()
		if s.eof() {
			return
		}
		start := s.pos
		if s.peek() == '[' {
			table = s.header()
		} else {
			s.keyValue(table)
		}
		s.skipBlanks()
		if s.pos == start || (!s.eof() && s.peek() != '\n' && s.peek() != '#') {
			s.skipLine()
		}
	}
}

func (s *lineScanner) header() keyPath {
	line := s.line
	s.pos++
	array := s.peek() == '['
	if array {
		s.pos++
	}
	keys := s.key()
	var p keyPath
	for i, k := range keys {
		p = p.child(k)
		if array && i == len(keys)-1 {
			n := s.arrayTables[p.id()]
			s.arrayTables[p.id()] = n + 1
			s.record(p, line)
			p = p.at(n)
		} else if n, ok := s.arrayTables[p.id()]; ok {
			p = p.at(n - 1)
		}
		s.record(p, line)
	}
	s.skipBlanks()
	for !s.eof() && s.peek() == ']' {
		s.pos++
	}
	return p
}

func (s *lineScanner) keyValue(table keyPath) {
	line := s.line
	keys := s.key()
	if len(keys) == 0 {
		return
	}
	p := table
	for _, k := range keys {
		p = p.child(k)
		s.record(p, line)
	}
	s.skipBlanks()
	if s.peek() != '=' {
		return
	}
	s.pos++
	s.skipBlanks()
	s.value(p)
}

// key reads a dotted key of bare and quoted parts.
func (s *lineScanner) key() []string {
	var keys []string
	for {
		s.skipBlanks()
		if s.eof() {
			return keys
		}
		switch c := s.peek(); {
		case c == '"':
			keys = append(keys, s.basicString())
		case c == '\'':
			keys = append(keys, s.literalString())
		case isBareKeyChar(rune(c)):
			start := s.pos
			for !s.eof() && isBareKeyChar(rune(s.peek())) {
				s.pos++
			}
			keys = append(keys, s.src[start:s.pos])
		default:
			return keys
		}
		s.skipBlanks()
		if s.peek() != '.' {
			return keys
		}
		s.pos++
	}
}

func (s *lineScanner) value(p keyPath) {
	if s.eof() {
		return
	}
	switch s.peek() {
	case '"':
		if strings.HasPrefix(s.src[s.pos:], `"""`) {
			s.multiline(`"""`, true)
		} else {
			s.basicString()
		}
	case '\'':
		if strings.HasPrefix(s.src[s.pos:], `'''`) {
			s.multiline(`'''`, false)
		} else {
			s.literalString()
		}
	case '[':
		s.array(p)
	case '{':
		s.inlineTable(p)
	default:
		start := s.pos
		for !s.eof() && !strings.ContainsRune(",]}\n#", rune(s.peek())) {
			s.pos++
		}
		if s.pos == start {
			s.advance()
		}
	}
}

func (s *lineScanner) array(p keyPath) {
	s.pos++
	for i := 0; ; i++ {
		s.skipSpace()
		if s.eof() {
			return
		}
		if s.peek() == ']' {
			s.pos++
			return
		}
		element := p.at(i)
		s.record(element, s.line)
		start := s.pos
		s.value(element)
		s.skipSpace()
		if s.peek() == ',' {
			s.pos++
		} else if s.pos == start && !s.eof() {
			s.advance()
		}
	}
}

func (s *lineScanner) inlineTable(p keyPath) {
	s.pos++
	for {
		s.skipSpace()
		if s.eof() {
			return
		}
		if s.peek() == '}' {
			s.pos++
			return
		}
		start := s.pos
		s.keyValue(p)
		s.skipSpace()
		if s.peek() == ',' {
			s.pos++
		} else if s.pos == start && !s.eof() {
			s.advance()
		}
	}
}

// basicString reads "..." and returns its value with escapes resolved, as a key would be stored.
func (s *lineScanner) basicString() string {
	s.pos++
	var b strings.Builder
	for !s.eof() {
		c := s.peek()
		switch {
		case c == '"':
			s.pos++
			return b.String()
		case c == '\n':
			return b.String()
		case c == '\\' && s.pos+1 < len(s.src):
			b.WriteString(s.escape())
		default:
			b.WriteByte(c)
			s.pos++
		}
	}
	return b.String()
}

// escape reads one backslash escape and returns what it stands for.
func (s *lineScanner) escape() string {
	s.pos++ // the backslash
	c := s.peek()
	s.pos++
	simple := map[byte]string{'b': "\b", 't': "\t", 'n': "\n", 'f': "\f", 'r': "\r", 'e': "\x1b", '"': `"`, '\\': `\`}
	if v, ok := simple[c]; ok {
		return v
	}
	digits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
	if digits == 0 || s.pos+digits > len(s.src) {
		return ""
	}
	n, err := strconv.ParseUint(s.src[s.pos:s.pos+digits], 16, 32)
	if err != nil {
		return ""
	}
	s.pos += digits
	return string(rune(n))
}

func (s *lineScanner) literalString() string {
	s.pos++
	start := s.pos
	for !s.eof() && s.peek() != '\'' && s.peek() != '\n' {
		s.pos++
	}
	v := s.src[start:s.pos]
	if s.peek() == '\'' {
		s.pos++
	}
	return v
}

// multiline skips a """...""" or ”'...”' string, counting its lines. A closing delimiter may be followed by up
// to two more quotes that belong to the content.
func (s *lineScanner) multiline(delim string, escapes bool) {
	s.pos += len(delim)
	for !s.eof() {
		if escapes && s.peek() == '\\' {
			s.pos++
			if !s.eof() {
				s.advance()
			}
			continue
		}
		if strings.HasPrefix(s.src[s.pos:], delim) {
			s.pos += len(delim)
			for i := 0; i < 2 && !s.eof() && s.peek() == delim[0]; i++ {
				s.pos++
			}
			return
		}
		s.advance()
	}
}
