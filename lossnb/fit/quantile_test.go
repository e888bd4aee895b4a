package fit

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

func TestQuantilesAndCoverage(t *testing.T) {
	x, y := synth(600, 2, 31)
	taus := []float64{0.05, 0.25, 0.5, 0.75, 0.95}
	q, err := Quantiles(x[:400], y[:400], taus, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, tau := range taus {
		ref, err := Linear(x[:400], y[:400], loss.Pinball{Tau: tau}, nil)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "warm-started objective", q.Fits[k].Objective, ref.Objective, 1e-12)
		// In-sample: the fraction of residuals below the τ-line is within
		// p/n of τ (Koenker 2005, Theorem 2.2).
		pred, _ := q.Fits[k].Predict(x[:400])
		below, zero := 0, 0
		for i, v := range pred {
			switch {
			case y[i] < v-1e-9:
				below++
			case math.Abs(y[i]-v) <= 1e-9:
				zero++
			}
		}
		if zero != 3 {
			t.Errorf("τ = %v: %d points on the line, want p = 3", tau, zero)
		}
		if fb := float64(below) / 400; fb > tau || fb+3.0/400 < tau {
			t.Errorf("τ = %v: %v below, want within [τ − p/n, τ]", tau, fb)
		}
	}
	// Held-out coverage of the 90% interval is close to nominal.
	iv, err := PredictionInterval(x[:400], y[:400], 0.05, 0.95, x[400:], y[400:], nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(iv.Nominal-0.9) > 1e-12 || math.Abs(iv.Coverage-0.9) > 0.06 || iv.Crossings != 0 || len(iv.Lo) != 200 {
		t.Errorf("interval: nominal %v coverage %v crossings %d", iv.Nominal, iv.Coverage, iv.Crossings)
	}
}

// nanLoss is a broken loss: the fit must fail, not return NaN.
type nanLoss struct{}

func (nanLoss) Name() string            { return "NaN" }
func (nanLoss) Value(r float64) float64 { return math.NaN() }
func (nanLoss) Deriv(r float64) float64 { return math.NaN() }

func TestNoSilentNaN(t *testing.T) {
	x, y := synth(20, 1, 1)
	for _, m := range []Method{Auto, BFGS, IRLS} {
		res, err := Linear(x, y, nanLoss{}, &Options{Method: m})
		if err == nil {
			t.Errorf("%v: no error for a NaN loss, result %+v", m, res)
		}
	}
}
