package exercise

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Item is one criterion of a check: what was checked, whether the
// student's answer met it, and the points it is worth.
type Item struct {
	OK     bool   `json:"ok"`
	Points int    `json:"points"`
	Max    int    `json:"max"`
	Msg    string `json:"msg"`
}

// Result is the verdict of one check.
type Result struct {
	// ID names the check in the gradebook (a column), e.g. "huber-value".
	ID string `json:"id"`
	// Title is the heading shown to the student.
	Title  string `json:"title"`
	Points int    `json:"points"`
	Max    int    `json:"max"`
	Items  []Item `json:"items"`
	// Invalid, when not empty, says why the check could not grade at all:
	// its settings are wrong (the instructor's mistake, e.g. "Options.Tol =
	// -1, want ≥ 0"). Such a result has no items and scores 0 of 0.
	Invalid string `json:"invalid,omitempty"`
	// Practice marks a check worth no points by design: a prediction
	// (Predict), or a multiple choice with no Key. Its verdict is feedback
	// only.
	Practice bool `json:"practice,omitempty"`
}

// add appends a criterion worth max points, all of them when ok.
func (r *Result) add(ok bool, max int, format string, args ...any) {
	it := Item{OK: ok, Max: max, Msg: fmt.Sprintf(format, args...)}
	if ok {
		it.Points = max
	}
	r.Items = append(r.Items, it)
	r.Points += it.Points
	r.Max += max
}

// Text is the verdict as the student reads it: the title, one line per
// criterion marked ✓ or ✗, and the score (unless the check is worth no
// points).
func (r *Result) Text() string {
	var b strings.Builder
	b.WriteString(r.Title + "\n")
	if r.Invalid != "" {
		fmt.Fprintf(&b, "  ✗ this check cannot grade: %s (the check's settings are wrong: tell your instructor)\n", r.Invalid)
	}
	for _, it := range r.Items {
		mark := "✓"
		if !it.OK {
			mark = "✗"
		}
		fmt.Fprintf(&b, "  %s %s\n", mark, it.Msg)
	}
	switch {
	case r.Max > 0:
		fmt.Fprintf(&b, "Score: %d/%d\n", r.Points, r.Max)
	case r.Practice && len(r.Items) > 0:
		b.WriteString("(practice: no points)\n")
	}
	return b.String()
}

// Output is where checks print; os.Stdout unless a test replaces it.
var Output io.Writer = os.Stdout

// FailOutput receives one line for each check that scores less than its
// maximum when the environment variable ModeEnv is "nbgrader"; os.Stderr
// unless a test replaces it.
var FailOutput io.Writer = os.Stderr

// ModeEnv names the environment variable that selects how a failed check
// shows: unset, a failed check prints ✗ lines and its score, like a
// passed one (a notebook runner sees no error, and neither does the
// student); "nbgrader", it also writes "lossnb: <title>: <points>/<max>"
// to standard error, which nbgrader's autograder counts as a failed test
// cell.
const ModeEnv = "LOSSNB_CHECKS"

var (
	recordMu sync.Mutex
	recorder func(*Result)
)

// Record makes every later check pass its Result to f, after printing it
// (nil stops). `lossnb grade` calls it in its checker, the program it
// builds from the instructor's check cells; notebooks do not call it.
func Record(f func(*Result)) {
	recordMu.Lock()
	recorder = f
	recordMu.Unlock()
}

// report prints r for the student and hands it to the recorder, if any.
// The text is written in one call so that it is never split by other output.
func report(r *Result) *Result {
	io.WriteString(Output, r.Text())
	recordMu.Lock()
	f := recorder
	recordMu.Unlock()
	if f != nil {
		f(r)
	}
	if r.Points < r.Max && nbgraderMarks() {
		fmt.Fprintf(FailOutput, "lossnb: %s: %d/%d\n", r.Title, r.Points, r.Max)
	}
	return r
}

// nbgraderMarks says whether a lost point is also written to FailOutput for
// nbgrader: when ModeEnv is "nbgrader", or when nbgrader itself runs the
// notebook (nbgraderEnv "autograde" or "validate"), so that an instructor who
// forgot ModeEnv does not get full marks for every check cell, and a
// student's `nbgrader validate` names the check cells that would lose points.
func nbgraderMarks() bool {
	switch os.Getenv(nbgraderEnv) {
	case "autograde", "validate":
		return true
	}
	return os.Getenv(ModeEnv) == "nbgrader"
}

// num formats a number for a person: 6 significant digits, with ".0" on
// whole numbers so that 2 reads "2.0".
func num(x float64) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	if math.IsInf(x, 0) {
		if x > 0 {
			return "+Inf"
		}
		return "−Inf"
	}
	s := strconv.FormatFloat(x, 'g', 6, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// nums formats a short list of numbers, eliding the middle of a long one.
func nums(xs []float64) string {
	parts := make([]string, 0, len(xs))
	for i, x := range xs {
		if len(xs) > 8 && i == 4 {
			parts = append(parts, "…")
		}
		if len(xs) > 8 && i >= 4 && i < len(xs)-3 {
			continue
		}
		parts = append(parts, num(x))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
