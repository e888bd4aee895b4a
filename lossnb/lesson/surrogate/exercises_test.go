package surrogate

import (
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/lesson/common"
	"github.com/lossnb/lossnb/lossnb/lesson/common/hinttest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// Notebook 04, exercise 2 (the focal loss's slope in the logit): the source's solution
// scores full marks, the release's stub (return 0) none and no hint, and the three
// anticipated wrong answers (the slope in p, the product rule dropped, cross-entropy's
// slope) each get their own hint; a flipped sign gets the check's own "sign" hint.
// Catches a reference or a hint that no longer tells these answers apart.
func TestExercise04FocalGrad(t *testing.T) {
	solution := func(m float64) float64 {
		p := 1 / (1 + math.Exp(-m))
		return 2*p*math.Pow(1-p, 2)*math.Log(p) - math.Pow(1-p, 3)
	}
	check := func(f func(float64) float64) *exercise.Result {
		r := exercise.CheckFunc("focal-grad", "ex2", f, loss.FocalMargin{Gamma: 2}.Deriv, &exercise.Options{Var: "m", Tol: 1e-7})
		PrintHint(r, f, exercise.DefaultPoints(), FocalGradMistakes(2)...)
		return r
	}
	if out := hinttest.WantFuncHints(t, check, solution, FocalGradMistakes(2)); strings.Contains(out, "hint:") {
		t.Errorf("the stub got a hint:\n%s", out)
	}
	var r *exercise.Result
	out := hinttest.CheckOut(t, func() { r = check(func(m float64) float64 { return -solution(m) }) })
	hinttest.WantScore(t, "flipped sign", r, 0, 1, out)
	if !strings.Contains(out, "sign is flipped") {
		t.Errorf("a flipped sign is not named:\n%s", out)
	}
	// The hidden check's reference at γ = 0.5 and 5 is the same formula.
	for _, g := range []float64{0, 0.5, 5} {
		for _, m := range []float64{-12, -3, -0.5, 0, 0.5, 3, 12} {
			p := 1 / (1 + math.Exp(-m))
			want := g*p*math.Pow(1-p, g)*math.Log(p) - math.Pow(1-p, g+1)
			if got := (loss.FocalMargin{Gamma: g}).Deriv(m); math.Abs(got-want) > 1e-7*math.Max(1, math.Abs(want)) {
				t.Errorf("γ = %v, m = %v: FocalMargin.Deriv %v, formula %v", g, m, got, want)
			}
		}
	}
}

// Notebook 04, exercise 4 (diagnose): the stub scores 0, each key 1, and every option,
// right or wrong (A, C, D of 4a; A, B, D of 4b are the anticipated wrong ones), is told
// its own explanation. Catches a key or an explanation that went missing.
func TestExercise04Diagnose(t *testing.T) {
	for _, q := range []struct {
		c   exercise.Choice
		key string
	}{{DiagnoseFocalChoice, "B"}, {DiagnoseLopsidedChoice, "C"}} {
		if q.c.Key != "" {
			t.Errorf("the key %q is in the lesson package, readable by students: keep it in the hidden test", q.c.Key)
		}
		c := q.c
		c.Key = q.key
		hinttest.WantChoiceFeedback(t, c)
	}
	// The hidden test's keys are the ones this test uses.
	if !strings.Contains(hinttest.SourceNotebook(t, nb04), `focal.Key, lopsided.Key = \"B\", \"C\"`) {
		t.Error("exercise 4's hidden keys in coursework/source changed: update this test")
	}
}

// Hint never panics or hangs on a student's function that does.
func TestHintSurvivesBadAnswers(t *testing.T) {
	ms := FocalGradMistakes(2)
	if h := common.Hint(func(float64) float64 { panic("boom") }, []float64{0, 1}, ms...); h != "" {
		t.Errorf("a panicking answer got %q", h)
	}
	if h := common.Hint(func(float64) float64 { select {} }, []float64{0}, ms...); h != "" {
		t.Errorf("a hanging answer got %q", h)
	}
	if h := common.Hint(func(float64) float64 { return math.NaN() }, []float64{0}, ms...); h != "" {
		t.Errorf("a NaN answer got %q", h)
	}
}

// The prediction "which model finds the most positives" is answered by the run: weighted
// CE (B). Catches a MostRecall that picks the wrong model or a study whose order changed.
func TestMostRecall(t *testing.T) {
	run := nbtest.Must(ImbalanceDemo())(t)
	if got := MostRecall(run.Results); got != "B" {
		t.Errorf("MostRecall = %q, want B (weighted CE)", got)
	}
	if got := MostRecall(run.Results[:2]); got != "" {
		t.Errorf("MostRecall of two results = %q, want \"\"", got)
	}
	for _, o := range MostRecallChoice.Options {
		if MostRecallChoice.Why[o] == "" {
			t.Errorf("option %s has no explanation", o)
		}
	}
}
