package robust

import (
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// SlopeInfluenceByRefit returns the influence of point i on the slope of a
// line fitted under l, measured by refitting: point i's weight goes up and
// down by eps times the total weight n, and the slopes' central difference
// over 2·eps is dθ/dε. Notebook 03's "Under the hood" cell; it agrees with
// fit.LinearInfluence's −H⁻¹∇ℓ (LinearInfluenceTable).
func SlopeInfluenceByRefit(xs, ys []float64, l loss.Regression, i int, eps float64) (float64, error) {
	x := make([][]float64, len(xs))
	for k, v := range xs {
		x[k] = []float64{v}
	}
	var slopes [2]float64
	for k, sign := range []float64{1, -1} {
		w := make([]float64, len(xs))
		for j := range w {
			w[j] = 1
		}
		w[i] += sign * eps * float64(len(xs))
		f, err := fit.Linear(x, ys, l, &fit.Options{Weights: w})
		if err != nil {
			return 0, err
		}
		slopes[k] = f.Coef[0]
	}
	return (slopes[0] - slopes[1]) / (2 * eps), nil
}
