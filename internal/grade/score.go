package grade

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/exercise/answers"
)

// score reads a submission's points from the checker's reports and sets its
// status (blank rather than ok when s holds no answer, see noAnswers). Every number comes from the checker, which the grader built from
// the source alone: nothing the student's program prints is read.
func (g *grader) score(s *submission, reports []answers.CellReport) {
	byCell := map[string]answers.CellReport{}
	for _, cr := range reports {
		byCell[cr.ID] = cr
	}
	timeouts, ended := false, false
	for _, cr := range reports {
		if cr.Answers.Timeouts > 0 || strings.Contains(cr.Problem, "ran longer than") {
			timeouts = true
		}
		if len(cr.Answers.Ended) > 0 {
			ended = true
		}
		if cr.Problem != "" {
			s.Notes = append(s.Notes, fmt.Sprintf("check cell %s: %s", cr.ID, cr.Problem))
		}
	}
	for k, e := range g.expected {
		id := g.src.Cells[e.cell].Meta.GradeID
		cr, ran := byCell[id]
		if !ran {
			s.Missing[e.ID] = fmt.Sprintf("the check cell did not run (the submission's time limit of %v ran out, or the grader failed)", g.o.Timeout)
			continue
		}
		i := slices.IndexFunc(cr.Results, func(r *exercise.Result) bool { return r.ID == e.ID })
		switch {
		case i < 0:
			why := cr.Problem
			if why == "" {
				why = "the check cell ended before this check reported"
			}
			s.Missing[e.ID] = why
		case cr.Results[i].Max != e.Max || cr.Results[i].Invalid != "":
			s.Missing[e.ID] = "the check did not grade as it did with the instructor's solutions"
			s.Notes = append(s.Notes, fmt.Sprintf("check %s: maximum %d, %d with the solutions: look at it", e.ID, cr.Results[i].Max, e.Max))
		default:
			s.Results[k] = cr.Results[i]
			s.Points[e.ID] = cr.Results[i].Points
			s.Score += cr.Results[i].Points
		}
	}
	if s.blank {
		s.Notes = append(s.Notes, "no answer was filled in: every answer cell is as it was handed out (was this the right file?)")
	}
	s.Notes = dedupe(s.Notes)
	switch {
	case timeouts:
		s.Status = StatusTimeout
	case ended:
		s.Status = StatusCrashed
	case len(s.Missing) > 0:
		s.Status = StatusIncomplete
	case s.blank:
		s.Status = StatusBlank
	default:
		s.Status = StatusOK
	}
}

// flagsOf lists what in a student's cell an instructor may want to read:
// code that reaches outside an exercise on losses (files, processes, the
// network, the runtime's internals), and magics and shell lines (never run
// when grading). Reading the environment or printing is not flagged.
func flagsOf(c *goCell) []string {
	var flags []string
	for _, m := range c.magics {
		switch {
		case strings.HasPrefix(m, "!"):
			flags = append(flags, "shell command "+strconv.Quote(clip(m, 40))+" (not run)")
		default:
			flags = append(flags, strings.Fields(m)[0]+" (not run)")
		}
	}
	// Only the declarations run (in the sandbox); a %% body never does.
	for _, f := range []*ast.File{c.file} {
		if f == nil {
			continue
		}
		// Packages a cell may use without importing them (goimports adds
		// the import), unless an import gives the name to another package.
		local := map[string]string{"os": "os", "runtime": "runtime", "syscall": "syscall", "unsafe": "unsafe", "exec": "os/exec", "net": "net", "debug": "runtime/debug"}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			name := path[strings.LastIndex(path, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			local[name] = path
			if sensitiveImport(path) {
				flags = append(flags, "import "+strconv.Quote(path))
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			switch p := local[x.Name]; {
			case p == "os" && !harmlessOS[sel.Sel.Name], p == "runtime" && !harmlessRuntime[sel.Sel.Name]:
				flags = append(flags, p+"."+sel.Sel.Name)
			case p != "os" && p != "runtime" && sensitiveImport(p):
				flags = append(flags, p+"."+sel.Sel.Name)
			}
			return true
		})
		for _, cg := range f.Comments {
			for _, cm := range cg.List {
				if strings.HasPrefix(cm.Text, "//go:linkname") || strings.HasPrefix(cm.Text, "//go:embed") {
					flags = append(flags, strings.Fields(cm.Text)[0])
				}
			}
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "init" && fd.Recv == nil {
				flags = append(flags, "func init")
			}
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, sp := range gd.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok && slices.ContainsFunc(vs.Values, hasCall) {
						flags = append(flags, "a package-level var that runs code")
					}
				}
			}
		}
	}
	return flags
}

func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

func sensitiveImport(path string) bool {
	switch path {
	case "os/exec", "syscall", "unsafe", "plugin", "os/signal", "os/user", "runtime/debug", "net":
		return true
	}
	return strings.HasPrefix(path, "net/") || strings.HasPrefix(path, "debug/") || strings.HasPrefix(path, "golang.org/x/sys/") ||
		strings.HasPrefix(path, "github.com/lossnb/lossnb/lossnb/exercise")
}

var harmlessOS = map[string]bool{"Getenv": true, "LookupEnv": true, "Stdout": true, "Stderr": true, "Args": true}
var harmlessRuntime = map[string]bool{"NumCPU": true, "GOOS": true, "GOARCH": true, "Version": true}

// inputNotes says that a cell asks for input (GoNB's %with_inputs or
// %with_password), which grading never gives: such cells are not run.
func inputNotes(c *goCell, where string) string {
	for _, m := range c.magics {
		if f := strings.Fields(m); len(f) > 0 && (f[0] == "%with_inputs" || f[0] == "%with_password") {
			return fmt.Sprintf("%s: the notebook asks for input (%s); grading gives none, and runs only your declarations", where, f[0])
		}
	}
	return ""
}
