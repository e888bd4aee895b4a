package exercise

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
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
// points). A criterion longer than Width characters is wrapped at spaces
// (Wrap), its later lines indented under the first's text.
func (r *Result) Text() string {
	var b strings.Builder
	b.WriteString(r.Title + "\n")
	if r.Invalid != "" {
		b.WriteString(Wrap("  ✗ this check cannot grade: "+r.Invalid+" (the check's settings are wrong: tell your instructor)", "    ") + "\n")
	}
	for _, it := range r.Items {
		mark := "✓"
		if !it.OK {
			mark = "✗"
		}
		b.WriteString(Wrap("  "+mark+" "+it.Msg, "    ") + "\n")
	}
	switch {
	case r.Max > 0:
		fmt.Fprintf(&b, "Score: %d/%d\n", r.Points, r.Max)
	case r.Practice && len(r.Items) > 0:
		b.WriteString("(practice: no points)\n")
	}
	return b.String()
}

// Width is the longest line, in characters, that check output is given before
// Wrap breaks it. JupyterLab wraps a longer output line wherever the window's edge
// falls, in the middle of a word (its CSS has "word-break: break-all" for text
// outputs); 88 characters of its code font (13 px, about 7.8 px each) fit an output
// area 700 px wide, half of a 1440-pixel screen beside the file browser.
const Width = 88

// Wrap breaks each line of s at spaces into lines of at most Width characters,
// the lines it adds starting with indent; a word longer than that stays whole,
// on a line of its own. Checks wrap their feedback with it, and so should
// feedback printed under a check (lesson hints).
func Wrap(s, indent string) string {
	ind := utf8.RuneCountInString(indent)
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		rest := strings.TrimLeft(line, " ")
		lead := line[:len(line)-len(rest)]
		b.WriteString(lead)
		n := len(lead) // characters on the output line so far
		bare := true   // the output line holds no word yet
		for j, word := range strings.Split(rest, " ") {
			w := utf8.RuneCountInString(word)
			if j > 0 {
				if n+1+w > Width && !bare && w > 0 {
					b.WriteString("\n" + indent)
					n, bare = ind, true
				} else {
					b.WriteByte(' ')
					n++
				}
			}
			b.WriteString(word)
			n += w
			bare = bare && w == 0
		}
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

// varCount counts values of the variable v in words: "3 residuals" for a
// word, "3 values of d" for a symbol of one or two letters, whose plural
// ("ds", "xs") reads as a typo.
func varCount(n int, v string) string {
	if len([]rune(v)) <= 2 {
		return plural(n, "value of "+v, "values of "+v)
	}
	return plural(n, v, v+"s")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
