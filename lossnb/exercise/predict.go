package exercise

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
)

// Predict is a "predict, then run" check. The student writes a prediction
// in an answer cell (prediction returns it) before running the cell that
// shows the answer; that cell computes actual and calls Predict, which
// compares the two and says how far off the prediction was and what to
// look at: too high or too low, by how much, a wrong sign, a wrong order
// of magnitude. A prediction within tol (absolute) of actual is right.
//
// It is practice: it scores nothing (0 of 0 points; the Result is marked
// Practice). PredictScored gives it points.
func Predict(id, title string, prediction func() float64, actual float64, tol float64) *Result {
	return predict("Predict", id, title, prediction, actual, tol, 0)
}

// PredictScored is Predict worth points (> 0) when the prediction is right,
// for an instructor who grades predictions. Put it in a check cell (one
// with nbgrader's grade metadata) so that `lossnb grade` runs it.
func PredictScored(id, title string, prediction func() float64, actual, tol float64, points int) *Result {
	if points <= 0 {
		return refuse(&Result{ID: id, Title: title}, "PredictScored", fmt.Sprintf("points = %d, want > 0 (Predict scores nothing)", points))
	}
	return predict("PredictScored", id, title, prediction, actual, tol, points)
}

func predict(fn, id, title string, prediction func() float64, actual, tol float64, points int) *Result {
	r := &Result{ID: id, Title: title, Practice: points == 0}
	switch {
	case notFinite(actual):
		return refuse(r, fn, fmt.Sprintf("actual = %s, want a finite number", num(actual)))
	case tol < 0 || notFinite(tol):
		return refuse(r, fn, fmt.Sprintf("tol = %s, want ≥ 0", num(tol)))
	}
	got, f := callOnce(prediction)
	if f != nil {
		r.add(false, points, "your prediction %s", f.msg)
		return report(r)
	}
	if notFinite(got) {
		r.add(false, points, "your prediction is %s: return the number you expect", num(got))
		return report(r)
	}
	d := got - actual
	if math.Abs(d) <= tol {
		r.add(true, points, "well predicted: you said %s, the run gave %s (within %s)", num(got), num(actual), num(tol))
		return report(r)
	}
	r.add(false, points, "you predicted %s, the run gave %s: %s%s", num(got), num(actual), offBy(got, actual), emptyHint(got))
	return report(r)
}

// offBy says in words how a prediction got misses actual: direction and
// distance, and a wrong sign or order of magnitude when there is one.
func offBy(got, actual float64) string {
	dir := "too high"
	if got < actual {
		dir = "too low"
	}
	s := fmt.Sprintf("%s by %s", dir, num(math.Abs(got-actual)))
	switch {
	case got != 0 && actual != 0 && math.Signbit(got) != math.Signbit(actual):
		s += "; even the sign differs: ask which way the effect goes before how big it is"
	case got != 0 && actual != 0:
		ratio := math.Abs(got / actual)
		if ratio >= 3 || ratio <= 1.0/3 {
			s += fmt.Sprintf(" (a factor of %.3g: the order of magnitude is off; look at what sets the scale)", math.Max(ratio, 1/ratio))
		} else {
			s += fmt.Sprintf(" (%.0f%% off: the direction of your reasoning holds; look at what sets the size)", 100*math.Abs(ratio-1))
		}
	}
	return s
}

func emptyHint(got float64) string {
	if got == 0 {
		return ". Is 0 your prediction, or the answer cell not written yet?"
	}
	return ""
}

// PredictChoice is Predict for a prediction among options: which loss
// moves most, which curve is lowest. prediction returns a label of
// c.Options; actual is the label the run showed. The verdict always gives
// c.Why of the predicted label and of the actual one (the run is over,
// nothing is left to hide) unless c.HideExplanation is set.
//
// c.Key must be empty or equal to actual. It scores c.Points (0: none, a
// practice item, marked Practice).
func PredictChoice(id, title string, prediction func() string, c Choice, actual string) *Result {
	r := &Result{ID: id, Title: title, Practice: c.Points == 0}
	labels := labelsOf(c)
	a := normalize(actual)
	switch why := checkChoice(c); {
	case why != "":
		return refuse(r, "PredictChoice", why)
	case !slices.Contains(labels, a):
		return refuse(r, "PredictChoice", fmt.Sprintf("actual = %q is not one of Choice.Options (%s)", actual, strings.Join(labels, ", ")))
	case c.Key != "" && normalize(c.Key) != a:
		return refuse(r, "PredictChoice", fmt.Sprintf("Choice.Key = %q differs from actual = %q (leave Key empty)", c.Key, actual))
	}
	got, ok := choose(r, prediction, c, c.Points, labels)
	if !ok {
		return report(r)
	}
	explain := func(label string) string {
		if c.HideExplanation {
			return ""
		}
		return why(c, label)
	}
	if got == a {
		r.add(true, c.Points, "well predicted: %s%s", label(c, a), explain(a))
	} else {
		r.add(false, c.Points, "you predicted %s, the run showed %s%s", label(c, got), label(c, a), explain(a))
		if w := explain(got); w != "" {
			r.Items[len(r.Items)-1].Msg += fmt.Sprintf(" (and on %s%s)", label(c, got), w)
		}
	}
	return report(r)
}

// choose calls the student's answer and normalises it; when it is no
// usable label it adds the failing criterion, worth max, and returns false.
func choose(r *Result, answer func() string, c Choice, max int, labels []string) (string, bool) {
	got, f := callOnce(answer)
	if f != nil {
		r.add(false, max, "your answer %s", f.msg)
		return "", false
	}
	a := normalize(got)
	list := strings.Join(labels, ", ")
	switch {
	case a == "":
		r.add(false, max, "no answer yet: choose one of %s", list)
		return "", false
	case !slices.Contains(labels, a):
		r.add(false, max, "%q is not one of the choices %s", clip(got, 20), list)
		return "", false
	}
	return a, true
}

// label returns the option of c that normalises to a, as the instructor
// wrote it ("mean", not "MEAN").
func label(c Choice, a string) string {
	for _, o := range c.Options {
		if normalize(o) == a {
			return strings.TrimSpace(o)
		}
	}
	return a
}

func labelsOf(c Choice) []string {
	var labels []string
	for _, o := range c.Options {
		labels = append(labels, normalize(o))
	}
	return labels
}

// grading says whether the checks run to grade a hand-in: under `lossnb
// grade` (a recorder is set) or nbgrader's autograder (ModeEnv, or
// nbgraderEnv = "autograde", which `nbgrader autograde` sets itself, so that
// an instructor who forgot ModeEnv still gets one verdict per question).
// Any other value (nbgrader's documentation names "validate", the student's
// own run before handing in) is not grading: the practice checks speak.
func grading() bool {
	recordMu.Lock()
	defer recordMu.Unlock()
	return recorder != nil || os.Getenv(ModeEnv) == "nbgrader" || os.Getenv(nbgraderEnv) == "autograde"
}

// nbgraderEnv is the environment variable nbgrader sets while it runs a
// notebook: "autograde" in `nbgrader autograde` (nbgrader 0.9.x,
// nbgrader/converters/autograde.py: utils.setenv(NBGRADER_EXECUTION="autograde")).
const nbgraderEnv = "NBGRADER_EXECUTION"

// callOnce calls a student's function of no argument, guarded.
func callOnce[T any](answer func() T) (T, *failure) {
	g := newGuard("your answer", func(struct{}) T { return answer() }, 0)
	defer g.close()
	if answer == nil {
		g.f = nil
	}
	return g.call(struct{}{}, "the call")
}
