package fit

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

func sweepData() ([][]float64, []float64, []float64) {
	x, y := synth(200, 1, 13)
	values := make([]float64, 41)
	for k := range values {
		values[k] = -40 + 2*float64(k)
	}
	return x, y, values
}

func TestOutlierSweep(t *testing.T) {
	x, y, values := sweepData()
	h, _ := loss.NewHuber(0.5)
	ls := []loss.Regression{loss.Squared{}, loss.Absolute{}, h}
	s, err := OutlierSweep(x, y, 0, values, ls, nil)
	if err != nil {
		t.Fatal(err)
	}
	for li, l := range ls {
		for k, v := range values {
			yy := append([]float64(nil), y...)
			yy[0] = v
			ref, err := Linear(x, yy, l, nil)
			if err != nil {
				t.Fatal(err)
			}
			f := s.Fits[li][k]
			near(t, l.Name()+" sweep objective", f.Objective, ref.Objective, 1e-9)
			if l.Name() != "Absolute" { // LAD optimum can be non-unique
				nearSlice(t, l.Name()+" sweep params", f.Params(), ref.Params(), 1e-7)
			}
		}
	}
	// Least squares: the intercept and slope move linearly with the point,
	// without bound; the robust fits move by a bounded amount.
	span := func(li int) float64 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, f := range s.Fits[li] {
			lo, hi = math.Min(lo, f.Intercept), math.Max(hi, f.Intercept)
		}
		return hi - lo
	}
	if !(span(0) > 0.35) || !(span(1) < 0.1) || !(span(2) < 0.1) {
		t.Errorf("intercept spans: MSE %v, MAE %v, Huber %v", span(0), span(1), span(2))
	}
}

// BenchmarkOutlierSweep is the notebook slider: 41 positions × MSE, MAE and
// Huber on 200 points (target: well under 50 ms).
func BenchmarkOutlierSweep(b *testing.B) {
	x, y, values := sweepData()
	h, _ := loss.NewHuber(0.5)
	ls := []loss.Regression{loss.Squared{}, loss.Absolute{}, h}
	for b.Loop() {
		if _, err := OutlierSweep(x, y, 0, values, ls, nil); err != nil {
			b.Fatal(err)
		}
	}
}
