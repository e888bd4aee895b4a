package likelihood

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/lesson/common/hinttest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// stockBusiness is notebook 02's exercise 4 as its check cell sets it up.
func stockBusiness() exercise.Business {
	trX, trY := StockDemand(200, 1)
	teX, teY := StockDemand(2000, 2)
	return exercise.Business{Cost: StockCost, TrainX: trX, TrainY: trY, TestX: teX, TestY: teY}
}

func stockLine(l loss.Regression) exercise.CostFit {
	return func(xs, ys []float64) (float64, float64) {
		x := make([][]float64, len(xs))
		for i, v := range xs {
			x[i] = []float64{v}
		}
		r, err := fit.Linear(x, ys, l, nil)
		if err != nil {
			panic(err)
		}
		return r.Intercept, r.Coef[0]
	}
}

// TestStockExercise: notebook 02's business-loss exercise gives the solution
// (the pinball loss at τ = 3/(3+1)) full marks, the stub 0, and the three
// anticipated wrong answers their words: least squares (the costs ignored),
// τ = 0.25 or 1/3 (the two costs swapped, or the ratio 1:3 taken for τ: the
// line on the wrong side), the absolute error (a symmetric loss).
func TestStockExercise(t *testing.T) {
	b := stockBusiness()
	var out bytes.Buffer
	old := exercise.Output
	exercise.Output = &out
	defer func() { exercise.Output = old }()
	for _, tc := range []struct {
		name   string
		fit    exercise.CostFit
		points int
		want   string
	}{
		{"solution", stockLine(loss.Pinball{Tau: 0.75}), 3, "✓ your line's mean held-out cost"},
		{"stub", func([]float64, []float64) (float64, float64) { return 0, 0 }, 0, "is it written yet?"},
		{"least squares", stockLine(loss.Squared{}), 0, "your line is the least-squares line"},
		{"swapped", stockLine(loss.Pinball{Tau: 0.25}), 0, "are the costs of the two sides swapped?"},
		{"ratio for tau", stockLine(loss.Pinball{Tau: 1.0 / 3}), 0, "are the costs of the two sides swapped?"},
		{"symmetric", stockLine(loss.Absolute{}), 0, "compare the ratio of the two costs with that share"},
	} {
		out.Reset()
		r := exercise.CheckCostFit("stock", "Exercise 4", tc.fit, b)
		if r.Points != tc.points || r.Max != 3 || !strings.Contains(hinttest.Unwrap(out.String()), tc.want) {
			t.Errorf("%s: %d/%d, want %d/3 and %q\n%s", tc.name, r.Points, r.Max, tc.points, tc.want, out.String())
		}
	}
}
