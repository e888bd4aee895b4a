package grade

import (
	"fmt"
	"go/ast"
	"strconv"
	"strings"
)

// placed is one cell of a merged submission: a source cell, or a student's.
type placed struct {
	srcIndex int  // the source cell it stands for, or (added) follows; -1: the start
	cell     Cell // the cell graded
	student  bool // the student's version (of an answer or unlocked cell, or added)
	added    bool // a cell the student added
}

// merge lays out a submission as it is graded: the source's cells in the
// source's order; an answer cell, or an unlocked code cell that is not a
// check, takes the student's version (matched by nbgrader grade_id, else by
// cell id) when there is one; check cells (hidden tests included), locked
// cells and text always come from the source, so a deleted or edited check
// is restored; a code cell the student added follows the source cell it
// followed in the submission.
//
// An answer cell (or unlocked cell) the submission lacks, or has turned into
// text, is graded as released: release gives its student version (the
// source's holds the instructor's solution).
// keptByUpdate says whether a cell is a student's earlier version of a course cell that
// `lossnb update` kept below the course's new version (metadata lossnb.kept, written
// by cmd/lossnb's keptCell). It is a copy for the student to read, not graded: compiled
// as an added cell, its declarations would clash with the course cell above it.
func keptByUpdate(c Cell) bool {
	md, _ := c.Raw["metadata"].(map[string]any)
	l, _ := md["lossnb"].(map[string]any)
	_, kept := l["kept"]
	return kept
}

func merge(src, student *Notebook, release func(Cell) (string, error)) []placed {
	srcIndex := map[string]int{}
	for i, c := range src.Cells {
		if k := c.key(); k != "" {
			srcIndex[k] = i
		}
	}
	studentFor := map[int]Cell{}
	added := map[int][]Cell{} // after source cell i (-1: before all)
	last := -1
	for _, c := range student.Cells {
		if i, known := srcIndex[c.key()]; known && c.key() != "" {
			if _, dup := studentFor[i]; !dup {
				studentFor[i] = c
				last = i
				continue
			}
		}
		if c.Type == "code" && !keptByUpdate(c) {
			added[last] = append(added[last], c)
		}
	}
	var out []placed
	for _, c := range added[-1] {
		out = append(out, placed{srcIndex: -1, cell: c, student: true, added: true})
	}
	for i, c := range src.Cells {
		s, ok := studentFor[i]
		switch {
		case c.studentOwns() && ok && s.Type == "code":
			out = append(out, placed{srcIndex: i, cell: s, student: true})
		case c.studentOwns():
			rel := c
			rel.Raw = nil
			var err error
			if rel.Source, err = release(c); err != nil {
				rel.Source = "" // the source was checked when the run began: not reached
			}
			out = append(out, placed{srcIndex: i, cell: rel, student: true})
		default:
			out = append(out, placed{srcIndex: i, cell: c})
		}
		for _, a := range added[i] {
			out = append(out, placed{srcIndex: i, cell: a, student: true, added: true})
		}
	}
	return out
}

// restored says which check cells of the source were missing or edited in a
// submission (grading uses the source's either way).
func restored(src, student *Notebook, release func(Cell) (string, error)) []string {
	byID := map[string]string{}
	for _, c := range student.Cells {
		if c.Meta.GradeID != "" {
			if _, dup := byID[c.Meta.GradeID]; !dup {
				byID[c.Meta.GradeID] = c.Source
			}
		}
	}
	var out []string
	for _, c := range src.Cells {
		if !c.isTest() {
			continue
		}
		want, _ := release(c)
		got, ok := byID[c.Meta.GradeID]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("check cell %s was missing: restored from the assignment", c.Meta.GradeID))
		case strings.TrimSpace(got) != strings.TrimSpace(want):
			out = append(out, fmt.Sprintf("check cell %s was edited: restored from the assignment", c.Meta.GradeID))
		}
	}
	return out
}

// placedName names a merged cell for people.
func placedName(src *Notebook, p placed) string {
	name := "the start"
	if p.srcIndex >= 0 {
		name = src.Cells[p.srcIndex].name(p.srcIndex)
	}
	if p.added {
		return "the cell you added after " + strings.TrimPrefix(name, "cell ")
	}
	return name
}

func itoa(i int) string { return strconv.Itoa(i) }

// noAnswers says whether a merged submission holds none of the assignment's
// answers. It compares the student's cells with the release (release gives
// a source cell's student version, as `lossnb assign` writes it):
//
//   - every answer cell (nbgrader solution: true) is as released, or
//     missing, or turned into text (merge then grades the release's);
//     "as released" is the same source once spaces at the ends of lines,
//     carriage returns and blank lines at the start and end are ignored;
//   - no other code cell of the student's, one added or an unlocked cell
//     changed from its release, declares a function (not a method) named
//     like an answer function (names), as a student who answered in a new
//     cell would, or fails to read as Go (it may hold an answer).
//
// Outputs, text cells, and edits that declare no answer (a changed slider
// value in a try-it cell, a helper, a print) do not count: a student who
// only ran the notebook, or only played with it, handed in no answer.
// A release made by another tool (nbgrader's stubs) or from an older
// version of the source differs from this one, so its hand-ins are never
// called blank: the rule errs towards "ok". cells holds the merged code
// cells read as Go, by index in merged.
func noAnswers(src *Notebook, merged []placed, cells map[int]*goCell, release func(Cell) (string, error), names map[string]bool) bool {
	for k, p := range merged {
		if !p.student || p.cell.Type != "code" {
			continue
		}
		if !p.added {
			rel, err := release(src.Cells[p.srcIndex])
			if err != nil || sameCode(p.cell.Source, rel) {
				continue // err: the source was checked when the run began, not reached
			}
			if src.Cells[p.srcIndex].Meta.Solution {
				return false // an answer cell filled in
			}
		}
		c := cells[k]
		if c == nil {
			c = readCell(p.cell.Source)
		}
		if c.err != nil {
			return false
		}
		for _, d := range c.file.Decls {
			if f, ok := d.(*ast.FuncDecl); ok && f.Recv == nil && names[f.Name.Name] {
				return false
			}
		}
	}
	return true
}

// sameCode compares two cells' sources, ignoring carriage returns, spaces
// at the ends of lines and blank lines at the start and end.
func sameCode(a, b string) bool {
	norm := func(s string) string {
		lines := strings.Split(strings.ReplaceAll(s, "\r", ""), "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " \t")
		}
		return strings.Trim(strings.Join(lines, "\n"), "\n")
	}
	return norm(a) == norm(b)
}
