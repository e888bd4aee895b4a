package answers

import (
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// student builds testdata/student, a program that serves a few answer functions.
func student(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "student")
	cmd := exec.Command("go", "build", "-o", bin, "./testdata/student")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// failure returns the panic value of f in words ("" if none).
func failure(f func()) (msg string) {
	defer func() {
		switch v := recover().(type) {
		case Failure:
			msg = "failure: " + string(v)
		case string:
			msg = "panic: " + v
		case nil:
		default:
			msg = "other"
		}
	}()
	f()
	return ""
}

// TestCall calls a student's process through the pipe: values exact (NaN
// too), a changed argument copied back, panics, endless loops, exits and
// missing functions reported in words, and a fresh process after each.
func TestCall(t *testing.T) {
	theClient.cfg = Config{Argv: []string{student(t)}, UID: -1, GID: -1, CallTimeout: 2 * time.Second}
	defer Reset()
	var y float64
	Call("square", []any{3.0}, &y)
	if y != 9 {
		t.Errorf("square(3) = %v", y)
	}
	ys := []float64{3, 1, 2}
	Call("sortFit", []any{ys}, &y)
	if y != 2 || !slices.Equal(ys, []float64{1, 2, 3}) {
		t.Errorf("sortFit: %v, data after %v (want 2 and the caller's slice sorted)", y, ys)
	}
	var s string
	var ok bool
	Call("pair", []any{"n=", 4}, &s, &ok)
	if s != "n=4" || !ok {
		t.Errorf("pair = %q, %v", s, ok)
	}
	Call("nan", nil, &y)
	if !math.IsNaN(y) {
		t.Errorf("nan() = %v", y)
	}
	for name, want := range map[string]string{
		"panics":  "panic: assignment to entry in nil map",
		"loops":   "failure: did not return within 2s (an endless loop?)",
		"exits":   "failure: ended the program (exit status 3)",
		"missing": "failure: is missing from your program",
	} {
		got := failure(func() { Call(name, nil, &y) })
		if !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want %q…", name, got, want)
		}
		// The next call works, on a fresh process if need be.
		if Call("square", []any{2.0}, &y); y != 4 {
			t.Errorf("after %s: square(2) = %v", name, y)
		}
	}
	if out := theClient.output.String(); !strings.Contains(out, "bye") {
		t.Errorf("the student's output was not kept: %q", out)
	}
}
