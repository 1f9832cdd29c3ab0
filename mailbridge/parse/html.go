package parse

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// HTML-only mail is shown as text and never rendered (mail conventions): htmlToText keeps what a reader needs —
// paragraphs, list items, table rows as «Метка: значение», links as «текст (адрес)», quoted blocks as "> " — and
// drops everything that could run or fetch something (scripts, styles, images, frames, hidden elements).

const maxHTMLDepth = 200

var skippedElements = map[string]bool{
	"script": true, "style": true, "head": true, "title": true, "noscript": true, "template": true,
	"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true, "applet": true,
	"svg": true, "math": true, "canvas": true, "audio": true, "video": true, "select": true, "button": true,
	"input": true, "textarea": true, "map": true, "meta": true, "link": true, "base": true,
}

var paragraphElements = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "dl": true, "address": true, "figure": true, "hr": true,
}

var lineElements = map[string]bool{
	"div": true, "section": true, "article": true, "header": true, "footer": true, "nav": true, "aside": true,
	"main": true, "form": true, "fieldset": true, "li": true, "dt": true, "dd": true, "tr": true, "center": true,
	"caption": true, "figcaption": true, "legend": true, "details": true, "summary": true, "body": true, "html": true,
}

func htmlToText(src string) string {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return tidyText(src)
	}
	c := &htmlConv{}
	c.children(doc, 0)
	return tidyText(c.b.String())
}

type htmlConv struct {
	b        strings.Builder
	newlines int  // newlines at the end of b (2 means a blank line)
	space    bool // a space is owed before the next word
	pre      int
	olIndex  []int
}

func (c *htmlConv) children(n *html.Node, depth int) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.node(ch, depth+1)
	}
}

var invisibleChars = strings.NewReplacer("\u00a0", " ", "\u200b", "", "\ufeff", "")

func (c *htmlConv) text(s string) {
	s = invisibleChars.Replace(s)
	if c.pre > 0 {
		c.raw(s)
		return
	}
	if s == "" {
		return
	}
	if first, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(first) {
		c.space = true
	}
	words := strings.Fields(s)
	for i, w := range words {
		if i > 0 {
			c.space = true
		}
		c.word(w)
	}
	if last, _ := utf8.DecodeLastRuneInString(s); len(words) > 0 && unicode.IsSpace(last) {
		c.space = true
	}
}

func (c *htmlConv) raw(s string) {
	if s == "" {
		return
	}
	if c.space && c.newlines == 0 && c.b.Len() > 0 {
		c.b.WriteByte(' ')
	}
	c.space = false
	c.b.WriteString(s)
	c.newlines = len(s) - len(strings.TrimRight(s, "\n"))
}

// word writes an inline piece that must not be split (a link label with its address).
func (c *htmlConv) word(s string) {
	if s == "" {
		return
	}
	if c.space && c.newlines == 0 && c.b.Len() > 0 {
		c.b.WriteByte(' ')
	}
	c.b.WriteString(s)
	c.newlines = 0
	c.space = false
}

func (c *htmlConv) ensureNewlines(n int) {
	if c.b.Len() == 0 {
		return
	}
	for c.newlines < n {
		c.b.WriteByte('\n')
		c.newlines++
	}
	c.space = false
}

func (c *htmlConv) node(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		c.text(n.Data)
		return
	case html.DocumentNode:
		c.children(n, depth)
		return
	case html.ElementNode:
	default:
		return
	}
	if depth > maxHTMLDepth {
		// Hostile nesting: keep the words, drop the structure.
		c.text(" " + plainTextOf(n) + " ")
		return
	}
	tag := n.Data
	if skippedElements[tag] || hidden(n) {
		return
	}
	switch tag {
	case "br":
		c.b.WriteByte('\n')
		c.newlines++
		c.space = false
		return
	case "img":
		alt := strings.TrimSpace(attr(n, "alt"))
		if alt != "" && !strings.Contains(alt, "://") {
			if utf8.RuneCountInString(alt) <= 2 {
				c.word(alt) // emoji pictures carry the emoji as alt
			} else {
				c.word("[" + alt + "]")
			}
		}
		return
	case "a":
		c.link(n, depth)
		return
	case "table":
		c.ensureNewlines(2)
		c.raw(c.table(n, depth))
		c.ensureNewlines(2)
		return
	case "blockquote":
		inner := c.sub(n, depth)
		c.ensureNewlines(1)
		var lines []string
		for _, l := range strings.Split(inner, "\n") {
			if strings.HasPrefix(l, ">") {
				lines = append(lines, ">"+l)
			} else if l == "" {
				lines = append(lines, ">")
			} else {
				lines = append(lines, "> "+l)
			}
		}
		c.raw(strings.Join(lines, "\n"))
		c.ensureNewlines(1)
		return
	case "pre":
		c.ensureNewlines(2)
		c.pre++
		c.children(n, depth)
		c.pre--
		c.ensureNewlines(2)
		return
	case "ol":
		c.olIndex = append(c.olIndex, 0)
		c.ensureNewlines(2)
		c.children(n, depth)
		c.olIndex = c.olIndex[:len(c.olIndex)-1]
		c.ensureNewlines(2)
		return
	case "li":
		c.ensureNewlines(1)
		if k := len(c.olIndex); k > 0 && n.Parent != nil && n.Parent.Data == "ol" {
			c.olIndex[k-1]++
			c.word(strconv.Itoa(c.olIndex[k-1]) + ".")
		} else {
			c.word("•")
		}
		c.space = true
		c.children(n, depth)
		c.ensureNewlines(1)
		return
	}
	switch {
	case paragraphElements[tag]:
		c.ensureNewlines(2)
		c.children(n, depth)
		c.ensureNewlines(2)
	case lineElements[tag]:
		c.ensureNewlines(1)
		c.children(n, depth)
		c.ensureNewlines(1)
	case tag == "td" || tag == "th":
		c.space = true
		c.children(n, depth)
		c.space = true
	default:
		c.children(n, depth)
	}
}

// sub renders n's children on their own and returns the trimmed text.
func (c *htmlConv) sub(n *html.Node, depth int) string {
	s := &htmlConv{pre: c.pre}
	s.children(n, depth)
	return tidyText(s.b.String())
}

func (c *htmlConv) link(n *html.Node, depth int) {
	label := strings.Join(strings.Fields(c.sub(n, depth)), " ")
	href := strings.TrimSpace(attr(n, "href"))
	lower := strings.ToLower(href)
	switch {
	case strings.HasPrefix(lower, "mailto:"):
		href = strings.SplitN(href[len("mailto:"):], "?", 2)[0]
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "ftp://"):
	case strings.HasPrefix(lower, "tel:"):
		href = href[len("tel:"):]
	default:
		href = "" // javascript:, data:, cid:, anchors: nothing a reader can follow
	}
	switch {
	case label == "" && href == "":
	case label == "":
		c.word(href)
	case href == "" || sameLink(label, href) || strings.Contains(label, href):
		c.word(label)
	default:
		c.word(label + " (" + href + ")")
	}
}

func sameLink(label, href string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		for _, p := range []string{"https://", "http://", "ftp://", "www."} {
			s = strings.TrimPrefix(s, p)
		}
		return strings.TrimRight(s, "/")
	}
	return norm(label) == norm(href)
}

type htmlCell struct {
	text   string
	header bool
}

// table renders a table: label/value rows as «Метка: значение»; a table whose first row holds labels (one
// incident per row, as a digest may be sent) as one block of «Метка: значение» lines per row.
func (c *htmlConv) table(t *html.Node, depth int) string {
	var rows [][]htmlCell
	var walk func(n *html.Node, d int)
	walk = func(n *html.Node, d int) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode || d > maxHTMLDepth {
				continue
			}
			switch ch.Data {
			case "thead", "tbody", "tfoot":
				walk(ch, d+1)
			case "tr":
				if hidden(ch) {
					continue
				}
				var row []htmlCell
				for cell := ch.FirstChild; cell != nil; cell = cell.NextSibling {
					if cell.Type == html.ElementNode && (cell.Data == "td" || cell.Data == "th") && !hidden(cell) {
						row = append(row, htmlCell{text: c.sub(cell, d+1), header: cell.Data == "th"})
					}
				}
				rows = append(rows, row)
			}
		}
	}
	walk(t, depth)
	var kept [][]htmlCell
	for _, r := range rows {
		for _, cell := range r {
			if cell.text != "" {
				kept = append(kept, r)
				break
			}
		}
	}
	rows = kept
	if len(rows) == 0 {
		return ""
	}
	if isColumnar(rows) {
		var blocks []string
		head := rows[0]
		for _, r := range rows[1:] {
			var lines []string
			for i, cell := range r {
				if cell.text == "" {
					continue
				}
				if i < len(head) && head[i].text != "" {
					lines = append(lines, labelled(head[i].text, cell.text))
				} else {
					lines = append(lines, cell.text)
				}
			}
			blocks = append(blocks, strings.Join(lines, "\n"))
		}
		return strings.Join(blocks, "\n\n")
	}
	var out []string
	for _, r := range rows {
		var cells []string
		for _, cell := range r {
			if cell.text != "" {
				cells = append(cells, cell.text)
			}
		}
		switch len(cells) {
		case 1:
			out = append(out, cells[0])
		case 2:
			if !strings.Contains(cells[0], "\n") && utf8.RuneCountInString(cells[0]) <= 80 {
				out = append(out, labelled(cells[0], cells[1]))
			} else {
				out = append(out, cells[0], cells[1])
			}
		default:
			out = append(out, strings.Join(cells, " | "))
		}
	}
	return strings.Join(out, "\n")
}

func labelled(label, value string) string {
	label = strings.TrimSpace(label)
	if strings.HasSuffix(label, ":") {
		return label + " " + value
	}
	return label + ": " + value
}

func isColumnar(rows [][]htmlCell) bool {
	if len(rows) < 2 || len(rows[0]) < 2 {
		return false
	}
	known, headers := 0, 0
	for _, cell := range rows[0] {
		if labelKind(cell.text) != fieldNone {
			known++
		}
		if cell.header {
			headers++
		}
	}
	return known >= 2 || headers == len(rows[0]) && len(rows[0]) >= 3
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			s := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// plainTextOf collects the text under n without recursion.
func plainTextOf(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if cur.Type == html.TextNode {
			b.WriteString(cur.Data)
			b.WriteByte(' ')
			continue
		}
		if cur.Type == html.ElementNode && skippedElements[cur.Data] {
			continue
		}
		var kids []*html.Node
		for ch := cur.FirstChild; ch != nil; ch = ch.NextSibling {
			kids = append(kids, ch)
		}
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// tidyText trims line ends, keeps at most one blank line in a row and trims the whole.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := true
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if strings.TrimSpace(l) == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
