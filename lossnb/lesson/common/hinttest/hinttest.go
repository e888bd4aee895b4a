// Package hinttest holds the checks shared by the exercise tests of notebooks
// 04–07: an exercise check scores its solution, its stub and its anticipated
// mistakes (each told its own hint) as intended.
package hinttest

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/lesson/common"
)

// CheckOut runs f with exercise.Output captured and returns what the checks (and
// PrintHint) printed, with exercise.Wrap's line breaks undone (Unwrap), so that a
// test can look for a whole sentence.
func CheckOut(t *testing.T, f func()) string {
	t.Helper()
	var b bytes.Buffer
	old := exercise.Output
	exercise.Output = &b
	defer func() { exercise.Output = old }()
	f()
	return Unwrap(b.String())
}

// Unwrap joins the lines that exercise.Wrap broke in check output: a line break
// followed by the four spaces of a criterion's or a hint's later lines.
func Unwrap(s string) string { return strings.ReplaceAll(s, "\n    ", " ") }

// WantScore fails unless r scored points of max.
func WantScore(t *testing.T, what string, r *exercise.Result, points, max int, out string) {
	t.Helper()
	if r == nil || r.Points != points || r.Max != max {
		t.Errorf("%s: got %v, want %d/%d\n%s", what, r, points, max, out)
	}
}

// WantChoiceFeedback checks a keyed multiple-choice check: the stub ("") scores 0, the
// key scores 1, and every option is told its own explanation.
func WantChoiceFeedback(t *testing.T, c exercise.Choice) {
	t.Helper()
	var r *exercise.Result
	out := CheckOut(t, func() { r = exercise.CheckChoice("c", "c", func() string { return "" }, c) })
	WantScore(t, "stub", r, 0, 1, out)
	for _, o := range c.Options {
		o := o
		out := CheckOut(t, func() { r = exercise.CheckChoice("c", "c", func() string { return o }, c) })
		want := 0
		if o == c.Key {
			want = 1
		}
		WantScore(t, "answer "+o, r, want, 1, out)
		if c.Why[o] == "" || !strings.Contains(out, c.Why[o]) {
			t.Errorf("answer %s is not told its explanation:\n%s", o, out)
		}
	}
}

// SourceNotebook returns the raw JSON of the instructor's source of a notebook, in
// coursework/source/, where the hidden tests (and their keys) are.
func SourceNotebook(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "coursework", "source", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// WantFuncHints runs check (an exercise's check of a function answer, followed by its
// PrintHint with mistakes) on the solution (full marks, no hint), on the release's stub
// returning 0 (no points, no hint), and on each anticipated mistake (no points, and
// that mistake's own hint). It returns check's output on the stub.
func WantFuncHints(t *testing.T, check func(f func(float64) float64) *exercise.Result, solution func(float64) float64, mistakes []common.Mistake) string {
	t.Helper()
	run := func(f func(float64) float64) (*exercise.Result, string) {
		var r *exercise.Result
		out := CheckOut(t, func() { r = check(f) })
		return r, out
	}
	r, out := run(solution)
	WantScore(t, "solution", r, r.Max, r.Max, out)
	if r.Max == 0 || strings.Contains(out, "hint:") {
		t.Errorf("the solution scored %d/%d or got a hint:\n%s", r.Points, r.Max, out)
	}
	r, stub := run(func(float64) float64 { return 0 })
	WantScore(t, "stub", r, 0, r.Max, stub)
	for _, m := range mistakes {
		r, out := run(m.F)
		WantScore(t, "mistake", r, 0, r.Max, out)
		if !strings.Contains(out, "hint: "+m.Says) {
			t.Errorf("mistake %q not recognised:\n%s", m.Says, out)
		}
	}
	return stub
}

// WantCheckFuncHints is WantFuncHints for the usual function exercise: its check
// is exercise.CheckFunc(id, cell, f, ref, opts) followed by PrintHint with mistakes
// on exercise.DefaultPoints, as the notebook's check cell runs it; the stub
// (return 0) must get no hint either.
func WantCheckFuncHints(t *testing.T, id, cell string, ref func(float64) float64, opts *exercise.Options, solution func(float64) float64, mistakes []common.Mistake) string {
	t.Helper()
	check := func(f func(float64) float64) *exercise.Result {
		r := exercise.CheckFunc(id, cell, f, ref, opts)
		common.PrintHint(r, f, exercise.DefaultPoints(), mistakes...)
		return r
	}
	stub := WantFuncHints(t, check, solution, mistakes)
	if strings.Contains(stub, "hint:") {
		t.Errorf("the stub got a hint:\n%s", stub)
	}
	return stub
}

// WantNumberHints is WantFuncHints for an exercise whose answer is one number, checked
// by exercise.PredictScored against want within tol and worth one point: mistakes are
// constant functions.
func WantNumberHints(t *testing.T, want, tol, solution float64, mistakes []common.Mistake) string {
	t.Helper()
	check := func(f func(float64) float64) *exercise.Result {
		ans := func() float64 { return f(0) }
		r := exercise.PredictScored("answer", "answer", ans, want, tol, 1)
		common.PrintHint(r, f, []float64{0}, mistakes...)
		return r
	}
	return WantFuncHints(t, check, func(float64) float64 { return solution }, mistakes)
}

// FuncSource returns the doc comment and declaration of function fn in file,
// as written.
func FuncSource(t *testing.T, file, fn string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == fn && fd.Doc != nil {
			return string(src[fset.Position(fd.Doc.Pos()).Offset:fset.Position(fd.End()).Offset])
		}
	}
	t.Fatalf("%s: no documented func %s", file, fn)
	return ""
}

// UnderHoodCell fails unless a code cell of notebook nb declares, word for word,
// the function fn of file (in the calling package's directory) renamed lower: the
// notebook's "Under the hood" cell. A cell edited without the function (or the
// reverse) would leave the package's tests checking code the student never sees.
func UnderHoodCell(t *testing.T, nb, file, fn, lower string) {
	t.Helper()
	want := FuncSource(t, file, fn)
	want = strings.Replace(want, "func "+fn+"(", "func "+lower+"(", 1)
	want = strings.Replace(want, "// "+fn+" ", "// "+lower+" ", 1)
	found := false
	for _, cell := range nbtest.ReadCells(t, nb) {
		if strings.Contains(cell.Source, "func "+lower+"(") {
			found = true
			if got := strings.TrimSpace(cell.Source); got != want {
				t.Errorf("%s: the cell declaring %s differs from %s's %s:\n--- cell\n%s\n--- want\n%s", nb, lower, file, fn, got, want)
			}
		}
	}
	if !found {
		t.Errorf("%s: no cell declares %s", nb, lower)
	}
}
