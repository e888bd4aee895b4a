package surrogate

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
)

// The long way of notebook 04 gives AveragePrecision exactly on every model of the
// study (no ties among continuous scores); a precision taken before counting the
// positive, or a recall step of 1/n, would not.
func TestAveragePrecisionByRank(t *testing.T) {
	run := nbtest.Must(ImbalanceDemo())(t)
	for _, r := range run.Results {
		s := nbtest.Must(r.Fit.Predict(run.Test.X))(t)
		if got := AveragePrecisionByRank(s, run.Test.Y); math.Abs(got-r.AP) > 1e-12 {
			t.Errorf("%s: by rank %v, AveragePrecision %v", r.Name, got, r.AP)
		}
	}
	// A perfect ranking has average precision 1, a reversed one of two points 1/2.
	if got := AveragePrecisionByRank([]float64{3, 2, 1}, []float64{1, 1, -1}); got != 1 {
		t.Errorf("perfect ranking: %v", got)
	}
	if got := AveragePrecisionByRank([]float64{2, 1}, []float64{-1, 1}); got != 0.5 {
		t.Errorf("reversed pair: %v", got)
	}
}

// TestClaimsPredictions ties the numbers of notebook 04's "Predict, then run"
// prompts to the cells that answer them: a prompt that asks about one number while
// its cell computes something else would fail here.
func TestClaimsPredictions(t *testing.T) {
	nbtest.Predictions(t, nb04, [][2]string{
		{"at $\\gamma = 2$, how many times less than cross-entropy does the focal loss charge an example with $p = 0.9$?", "predictFactor, 1/nb.Must(surrogate.FocalFactor(0.9, 2)), 1)"},
		{"which of the three models finds the most positives at $p \\ge \\tfrac12$?", "surrogate.MostRecallChoice, surrogate.MostRecall(run.Results))"},
	})
}
