package fit

import (
	"github.com/lossnb/lossnb/lossnb/loss"
)

// LocationResult is a location estimate T of a sample: the constant that
// minimises Σᵢ wᵢ ρ((xᵢ − T)/s).
type LocationResult struct {
	Location   float64
	Scale      float64
	Objective  float64
	Iterations int
	Converged  bool
	Method     Method
	Loss       string
}

// Location returns the M-estimate of location of the sample x under the
// loss l: the minimiser T of Σᵢ wᵢ ρ((xᵢ − T)/s) / Σᵢ wᵢ (Huber 1964). The
// squared loss gives the (weighted) mean, the absolute loss a median (the
// exact minimiser; for an even count every value between the two middle
// ones is optimal and one of them is returned), the pinball loss a
// τ-quantile, Huber's and Tukey's losses the classical robust estimates
// (with Options.ScaleMethod = MADScale, those of statsmodels'
// RLM(y, ones).fit(scale_est="mad")). It is Linear with no features, so it
// takes the same Options.
func Location(x []float64, l loss.Regression, o *Options) (*LocationResult, error) {
	c := newCheck("Location")
	c.Finite("x", x) // linear would call the data y
	c.bounded("x", x)
	if !c.OK() {
		return nil, c.Err
	}
	res, err := linear("Location", nil, x, len(x), l, o)
	if res == nil {
		return nil, err
	}
	return &LocationResult{Location: res.Intercept, Scale: res.Scale, Objective: res.Objective,
		Iterations: res.Iterations, Converged: res.Converged, Method: res.Method, Loss: res.Loss}, err
}
