package exercise

import (
	"fmt"
	"strings"
)

// Choice describes a multiple-choice question.
type Choice struct {
	// Options are the labels a student may answer, e.g. {"A", "B", "C", "D"}.
	Options []string
	// Key is the right label. Leave it empty in a visible check: the
	// check then only records the answer (and explains it, see Why), and
	// a hidden test with the Key grades it.
	Key string
	// Why optionally explains each label: why it is right, or why it is
	// not. A keyed check shows the chosen label's explanation with its
	// verdict. A check with no Key (the practice check a student runs
	// before handing in) shows it too, right after the first attempt,
	// unless HideExplanation is set.
	Why map[string]string
	// HideExplanation keeps Why to itself in a check with no Key, for
	// graded hand-ins where the explanations would give the answer away
	// (the zero value shows them: practice). The keyed check that grades
	// the hand-in always explains its verdict.
	HideExplanation bool
	// Points a right answer earns in a keyed check; 0 means the default:
	// 1 for CheckChoice, none for PredictChoice (a practice item).
	Points int
}

// CheckChoice checks the multiple-choice answer that answer returns
// (called guarded, as every student function). Answers are compared
// without case, spaces, or a trailing "." or ")", so "b", " B." and "B)"
// are all "B".
//
// With a Key it has one criterion worth c.Points (default 1) and explains
// the verdict with c.Why. Without a Key it is a practice check worth no
// point: it says whether the answer is one of the options and, unless
// c.HideExplanation, gives the explanation of the chosen option. When a
// hand-in is graded (`lossnb grade`, or nbgrader's autograder) a check
// with no Key stays silent and records nothing, so that the student's
// feedback holds one verdict per question, the keyed hidden check's:
//
//	%%
//	q := exercise.Choice{Options: []string{"A", "B", "C"}, Why: why}
//	exercise.CheckChoice("q-answered", "Question 1", answer, q)
//	// ### BEGIN HIDDEN TESTS
//	q.Key = "C"
//	exercise.CheckChoice("q", "Question 1 (graded)", answer, q)
//	// ### END HIDDEN TESTS
func CheckChoice(id, title string, answer func() string, c Choice) *Result {
	r := &Result{ID: id, Title: title}
	if why := checkChoice(c); why != "" {
		return refuse(r, "CheckChoice", why)
	}
	if c.Points < 0 {
		return refuse(r, "CheckChoice", fmt.Sprintf("Choice.Points = %d, want ≥ 0", c.Points))
	}
	if c.Key == "" && grading() {
		return r
	}
	max := 0
	if c.Key != "" {
		max = max1(c.Points)
	} else {
		r.Practice = true
	}
	a, ok := choose(r, answer, c, max, labelsOf(c))
	if !ok {
		return report(r)
	}
	switch {
	case c.Key == "" && (c.HideExplanation || why(c, a) == ""):
		r.add(true, 0, "answer recorded: %s (it is graded when you hand in)", label(c, a))
	case c.Key == "":
		r.add(true, 0, "answer recorded: %s%s (graded when you hand in; change it if the explanation changed your mind)", label(c, a), why(c, a))
	case a == normalize(c.Key):
		r.add(true, max, "right: %s%s", label(c, a), why(c, a))
	default:
		r.add(false, max, "not %s%s", label(c, a), why(c, a))
	}
	return report(r)
}

func max1(p int) int {
	if p == 0 {
		return 1
	}
	return p
}

func why(c Choice, label string) string {
	for k, v := range c.Why {
		if normalize(k) == label && v != "" {
			return fmt.Sprintf(". %s", v)
		}
	}
	return ""
}

func normalize(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ".)")
	return strings.ToUpper(strings.TrimSpace(s))
}
