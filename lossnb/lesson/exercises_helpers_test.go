package lesson

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

// checkOut runs f with exercise.Output captured and returns what the checks (and
// PrintHint) printed.
func checkOut(t *testing.T, f func()) string {
	t.Helper()
	var b bytes.Buffer
	old := exercise.Output
	exercise.Output = &b
	defer func() { exercise.Output = old }()
	f()
	return b.String()
}

// wantScore fails unless r scored points of max.
func wantScore(t *testing.T, what string, r *exercise.Result, points, max int, out string) {
	t.Helper()
	if r == nil || r.Points != points || r.Max != max {
		t.Errorf("%s: got %v, want %d/%d\n%s", what, r, points, max, out)
	}
}

// wantChoiceFeedback checks a keyed multiple-choice check: the stub ("") scores 0, the
// key scores 1, and every option is told its own explanation.
func wantChoiceFeedback(t *testing.T, c exercise.Choice) {
	t.Helper()
	var r *exercise.Result
	out := checkOut(t, func() { r = exercise.CheckChoice("c", "c", func() string { return "" }, c) })
	wantScore(t, "stub", r, 0, 1, out)
	for _, o := range c.Options {
		o := o
		out := checkOut(t, func() { r = exercise.CheckChoice("c", "c", func() string { return o }, c) })
		want := 0
		if o == c.Key {
			want = 1
		}
		wantScore(t, "answer "+o, r, want, 1, out)
		if c.Why[o] == "" || !strings.Contains(out, c.Why[o]) {
			t.Errorf("answer %s is not told its explanation:\n%s", o, out)
		}
	}
}

// sourceNotebook returns the raw JSON of the instructor's source of a notebook, in
// coursework/source/, where the hidden tests (and their keys) are.
func sourceNotebook(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "coursework", "source", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// wantFuncHints runs check (an exercise's check of a function answer, followed by its
// PrintHint with mistakes) on the solution (full marks, no hint), on the release's stub
// returning 0 (no points, no hint), and on each anticipated mistake (no points, and
// that mistake's own hint). It returns check's output on the stub.
func wantFuncHints(t *testing.T, check func(f func(float64) float64) *exercise.Result, solution func(float64) float64, mistakes []Mistake) string {
	t.Helper()
	run := func(f func(float64) float64) (*exercise.Result, string) {
		var r *exercise.Result
		out := checkOut(t, func() { r = check(f) })
		return r, out
	}
	r, out := run(solution)
	wantScore(t, "solution", r, r.Max, r.Max, out)
	if r.Max == 0 || strings.Contains(out, "hint:") {
		t.Errorf("the solution scored %d/%d or got a hint:\n%s", r.Points, r.Max, out)
	}
	r, stub := run(func(float64) float64 { return 0 })
	wantScore(t, "stub", r, 0, r.Max, stub)
	for _, m := range mistakes {
		r, out := run(m.F)
		wantScore(t, "mistake", r, 0, r.Max, out)
		if !strings.Contains(out, "hint: "+m.Says) {
			t.Errorf("mistake %q not recognised:\n%s", m.Says, out)
		}
	}
	return stub
}

// wantNumberHints is wantFuncHints for an exercise whose answer is one number, checked
// by exercise.PredictScored against want within tol and worth one point: mistakes are
// constant functions.
func wantNumberHints(t *testing.T, want, tol, solution float64, mistakes []Mistake) string {
	t.Helper()
	check := func(f func(float64) float64) *exercise.Result {
		ans := func() float64 { return f(0) }
		r := exercise.PredictScored("answer", "answer", ans, want, tol, 1)
		PrintHint(r, f, []float64{0}, mistakes...)
		return r
	}
	return wantFuncHints(t, check, func(float64) float64 { return solution }, mistakes)
}
