package contrastive

import (
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/lesson/common/hinttest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// Notebook 06, exercise 4 (the smallest batch that can certify 0.830 nats): the answer
// 3 scores 1, the stub 0, and the three anticipated wrong answers (e^0.830 unrounded,
// rounded down to 2, the chart's 512) get their own hints. Catches a hint that misfires
// or a changed mutual information.
func TestExercise06SmallestBatch(t *testing.T) {
	mi := nbtest.Must(GaussianMI(InfoNCERho))(t)
	want := math.Ceil(math.Exp(mi))
	if want != 3 {
		t.Fatalf("smallest batch = %v, want 3", want)
	}
	if out := hinttest.WantNumberHints(t, want, 0.01, 3, SmallestBatchMistakes(mi)); strings.Contains(out, "hint:") {
		t.Errorf("the stub got a hint:\n%s", out)
	}
}

// DimensionsAbove counts the singular values above a fraction of the largest; an empty
// or zero spectrum uses none. Catches an off-by-one or a count relative to the wrong value.
func TestDimensionsAbove(t *testing.T) {
	for _, c := range []struct {
		s    []float64
		frac float64
		want int
	}{
		{[]float64{2, 1.9, 0.1, 0.001}, 0.06, 2},
		{[]float64{2, 1.9, 0.13, 0.001}, 0.06, 3},
		{nil, 0.06, 0},
		{[]float64{0, 0}, 0.06, 0},
	} {
		if got := DimensionsAbove(c.s, c.frac); got != c.want {
			t.Errorf("DimensionsAbove(%v, %v) = %d, want %d", c.s, c.frac, got, c.want)
		}
	}
}

// Notebook 06, exercise 1 (InfoNCE for one query): the solution scores full marks on
// the visible and hidden points, the stub none and no hint, and the three anticipated
// wrong answers (16 negatives, the −s left out, the probability instead of the loss)
// get their own hints. Catches hints that misfire.
func TestExercise06InfoNCEOne(t *testing.T) {
	ref := func(s float64) float64 {
		logits := make([]float64, 16)
		logits[0] = s
		v, _ := loss.CrossEntropy(logits, 16, []int{0}, loss.CEOptions{})
		return v
	}
	solution := func(s float64) float64 {
		if s > 0 {
			return math.Log1p(15 * math.Exp(-s))
		}
		return math.Log(math.Exp(s)+15) - s
	}
	hinttest.WantCheckFuncHints(t, "infonce-one", "ex1", ref, &exercise.Options{Var: "s"}, solution, InfoNCEOneMistakes())
	var r *exercise.Result
	out := hinttest.CheckOut(t, func() {
		r = exercise.CheckFunc("h", "h", solution, ref, &exercise.Options{Points: []float64{-30, -1e-3, 0, 30, 300, 800}, Var: "s"})
	})
	hinttest.WantScore(t, "solution, hidden points", r, 1, 1, out)
}
