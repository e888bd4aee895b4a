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
