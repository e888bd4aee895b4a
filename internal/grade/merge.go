package grade

import (
	"fmt"
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
