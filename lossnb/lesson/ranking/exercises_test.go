package ranking

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/lesson/common/hinttest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// Notebook 07, exercise 2 (ListNet on two documents): the solution scores full marks,
// the stub none and no hint, and the anticipated wrong answers (a one-hot target, the
// softmax of the scores missing, the distributions swapped) each get their own hint;
// the feedback names the exercise's variable d. Catches hints that misfire and
// messages that speak of "x" or "margin".
func TestExercise07ListNet(t *testing.T) {
	ref := func(d float64) float64 {
		v, _ := loss.ListNet([]float64{d, 0}, []float64{1, 0}, loss.Options{})
		return v
	}
	p1 := math.E / (math.E + 1)
	solution := func(d float64) float64 {
		q1 := 1 / (1 + math.Exp(-d))
		return -p1*math.Log(q1) - (1-p1)*math.Log(1-q1)
	}
	out := hinttest.WantCheckFuncHints(t, "listnet-two", "ex2", ref, &exercise.Options{Var: "d"}, solution, ListNetTwoMistakes())
	if strings.Contains(out, "hint:") || !strings.Contains(out, " d = ") || strings.Contains(out, "margin") || strings.Contains(out, " x = ") {
		t.Errorf("the stub's feedback should name d and give no hint:\n%s", out)
	}
}

// Notebook 07, exercise 1: the margin ranking loss and its slope, checked by name d; the
// slope's grid leaves out the kink d = 1 and nothing else. Catches feedback that says
// "margin" for a score difference, and a grid that lost a point.
func TestExercise07MarginRanking(t *testing.T) {
	ref := MarginRankingPair{Margin: 1}
	ds := slices.DeleteFunc(slices.Clone(exercise.DefaultPoints()), func(d float64) bool { return d == 1 })
	if len(ds) != 40 {
		t.Fatalf("slope grid has %d points, want 40", len(ds))
	}
	var r *exercise.Result
	out := hinttest.CheckOut(t, func() {
		r = exercise.CheckFunc("m", "m", func(d float64) float64 { return math.Max(0, 1-d) }, ref.Value, &exercise.Options{Var: "d"})
	})
	hinttest.WantScore(t, "value", r, 1, 1, out)
	out = hinttest.CheckOut(t, func() {
		r = exercise.CheckFunc("m", "m", func(d float64) float64 {
			if d < 1 {
				return -1
			}
			return 0
		}, ref.Deriv, &exercise.Options{Points: ds, Var: "d"})
	})
	hinttest.WantScore(t, "slope", r, 1, 1, out)
	out = hinttest.CheckOut(t, func() {
		r = exercise.CheckFunc("m", "m", func(float64) float64 { return 0 }, ref.Value, &exercise.Options{Var: "d"})
	})
	hinttest.WantScore(t, "stub", r, 0, 1, out)
	if !strings.Contains(out, "at d = ") {
		t.Errorf("feedback does not name d:\n%s", out)
	}
}

// Notebook 07, exercise 4 (NDCG@3 with document 5 moved to the top): the exact answer,
// 0.495, scores 1; the three anticipated slips (linear gain, discount 1/r, no
// normalisation) get their own hints, and are far enough from the answer to fail.
func TestExercise07NDCGMoved(t *testing.T) {
	scores := slices.Clone(RankExample.Scores)
	scores[4] = 3
	rels := RankExample.Relevance
	want := nbtest.Must(loss.NDCG(scores, rels, 3))(t)
	byHand := (1/math.Log2(2) + 3/math.Log2(3) + 7/math.Log2(4)) / (7/math.Log2(2) + 7/math.Log2(3) + 3/math.Log2(4))
	if math.Abs(want-byHand) > 1e-12 {
		t.Fatalf("loss.NDCG %v, by hand %v", want, byHand)
	}
	ms := nbtest.Must(NDCGMistakes(scores, rels, 3))(t)
	hinttest.WantNumberHints(t, want, 0.001, byHand, ms)
	if _, err := NDCGMistakes(scores, rels[:2], 3); err == nil {
		t.Error("NDCGMistakes accepted lists of different lengths")
	}
}

// The prediction "where LambdaRank ends" is answered by the demo: below all three (B),
// as the prose says (0.962 against 0.975 to 0.977). Catches a LambdaPlace that reads
// the wrong record.
func TestLambdaPlace(t *testing.T) {
	demo := nbtest.Must(RunRankDemo(nil))(t)
	if got := LambdaPlace(demo); got != "B" {
		t.Errorf("LambdaPlace = %q, want B", got)
	}
	if got := LambdaPlace(nil); got != "" {
		t.Errorf("LambdaPlace(nil) = %q", got)
	}
}
