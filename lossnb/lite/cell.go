package lite

import (
	"strings"
)

// Cell is a notebook cell split the way GoNB reads it.
//
// A line "%%" starts the body of the cell's main function: what follows it
// runs when the cell runs, and its variables are local to the cell. What
// comes before it (or the whole cell, when there is no "%%") is top-level
// Go: imports, functions, types, variables and constants, which later cells
// see. Other lines starting with "%" are magics and lines starting with "!"
// are shell commands; neither has a meaning in the browser, so they are
// collected in Notes and blanked (line numbers stay those of the cell).
type Cell struct {
	// Decls is the top-level part, with the cell's line numbers (lines
	// from BodyLine on are blank).
	Decls string
	// Body is the part after "%%", and HasBody reports whether there is a
	// "%%" line. Line 1 of Body is line BodyLine of the cell.
	Body     string
	HasBody  bool
	BodyLine int
	// Magics holds the magic and shell lines, in order, as written.
	Magics []Magic
}

// Magic is one "%name args" or "!command" line of a cell.
type Magic struct {
	Line int    // 1-based line in the cell
	Text string // the line, trimmed
}

// Name returns the magic's name ("%env", "!") .
func (m Magic) Name() string {
	if strings.HasPrefix(m.Text, "!") {
		return "!"
	}
	f := strings.Fields(m.Text)
	return f[0]
}

// Args returns the words after the magic's name.
func (m Magic) Args() []string {
	if strings.HasPrefix(m.Text, "!") {
		return strings.Fields(strings.TrimLeft(m.Text, "!*"))
	}
	return strings.Fields(m.Text)[1:]
}

// ParseCell splits a cell's source. It never fails: Go syntax errors are
// found when the parts are compiled.
func ParseCell(src string) Cell {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var c Cell
	decls := make([]string, 0, len(lines))
	var body []string
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if !c.HasBody && (t == "%%" || t == "%main") {
			c.HasBody, c.BodyLine = true, i+2
			decls = append(decls, "")
			continue
		}
		// A magic or shell line starts in the first column, as GoNB wants; an
		// indented '%' or '!' is Go (a modulo or a negation continuing a line).
		if strings.HasPrefix(line, "%") || strings.HasPrefix(line, "!") {
			c.Magics = append(c.Magics, Magic{Line: i + 1, Text: t})
			line = ""
		}
		if c.HasBody {
			body = append(body, line)
			decls = append(decls, "")
		} else {
			decls = append(decls, line)
		}
	}
	c.Decls = strings.TrimRight(strings.Join(decls, "\n"), "\n \t")
	c.Body = strings.Join(body, "\n")
	return c
}
