package common

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

// Mistake is a likely wrong answer to an exercise that asks for a function of one
// number, and what to tell a student whose answer is that function.
type Mistake struct {
	// F is the wrong answer.
	F func(float64) float64
	// Says is the feedback, e.g. "this is the slope with respect to p, not to the
	// logit m: multiply by dp/dm = p(1 − p)".
	Says string
}

// Hint returns the feedback of the first mistake that got equals, within 1e-6
// (absolute or relative, gonum's scalar.EqualWithinAbsOrRel), at every one of xs,
// as "hint: …"; or "" when got matches none of them (the check's own feedback then
// stands alone). A got that panics, as a student's answer may, matches nothing,
// and so does one that takes longer than HintTimeout in all: Hint never panics and
// never hangs. Points where a mistake is NaN or ±Inf are skipped, and
// a mistake must be finite at some point of xs to be recognised.
func Hint(got func(float64) float64, xs []float64, mistakes ...Mistake) string {
	if got == nil || len(xs) == 0 {
		return ""
	}
	done := make(chan string, 1)
	go func() { done <- hint(got, xs, mistakes) }()
	select {
	case h := <-done:
		return h
	case <-time.After(HintTimeout):
		return ""
	}
}

// HintTimeout bounds the time Hint gives a student's function, in all.
const HintTimeout = 2 * time.Second

func hint(got func(float64) float64, xs []float64, mistakes []Mistake) string {
	ys := make([]float64, len(xs))
	for i, x := range xs {
		y, ok := safeCall(got, x)
		if !ok {
			return ""
		}
		ys[i] = y
	}
	for _, m := range mistakes {
		if m.F == nil {
			continue
		}
		seen, same := 0, true
		for i, x := range xs {
			w, ok := safeCall(m.F, x)
			if !ok {
				same = false
				break
			}
			if math.IsNaN(w) || math.IsInf(w, 0) {
				continue
			}
			seen++
			if !scalar.EqualWithinAbsOrRel(ys[i], w, 1e-6, 1e-6) {
				same = false
				break
			}
		}
		if same && seen > 0 {
			return "hint: " + m.Says
		}
	}
	return ""
}

// PrintHint prints Hint's feedback to exercise.Output, indented under the check r it follows, when r
// lost points (a right answer is never second-guessed) and got matches a mistake.
func PrintHint(r *exercise.Result, got func(float64) float64, xs []float64, mistakes ...Mistake) {
	if r == nil || r.Points >= r.Max {
		return
	}
	if h := Hint(got, xs, mistakes...); h != "" {
		fmt.Fprintln(exercise.Output, exercise.Wrap("  "+h, "    "))
	}
}

// safeCall calls f(x), turning a panic into ok = false.
func safeCall(f func(float64) float64, x float64) (y float64, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return f(x), true
}
