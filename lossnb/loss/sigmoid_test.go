package loss

import (
	"math"
	"testing"
)

// TestSigmoidSoftplusExported checks the exported Sigmoid and Softplus against
// their closed forms where those are exact, and at the extremes where the naive
// formulas fail: a naive 1/(1+exp(−x)) gives 0 relative accuracy for σ(−800)
// (exp overflows), a naive log(1+exp(x)) gives +Inf at 1000 and 0 at −40.
func TestSigmoidSoftplusExported(t *testing.T) {
	for _, x := range []float64{-30, -5, -1, 0, 0.5, 3, 20} {
		if got, want := Sigmoid(x), 1/(1+math.Exp(-x)); math.Abs(got-want) > 1e-15 {
			t.Errorf("Sigmoid(%v) = %v, want %v", x, got, want)
		}
		if got, want := Softplus(x), math.Log1p(math.Exp(x)); math.Abs(got-want) > 4e-16*math.Max(1, want) {
			t.Errorf("Softplus(%v) = %v, want %v", x, got, want)
		}
	}
	if got := Sigmoid(-700); math.Abs(got-math.Exp(-700))/math.Exp(-700) > 1e-12 {
		t.Errorf("Sigmoid(-700) = %v, want e^-700 = %v", got, math.Exp(-700))
	}
	if got := Softplus(1000); got != 1000 {
		t.Errorf("Softplus(1000) = %v, want 1000", got)
	}
	if got, want := Softplus(-40), math.Exp(-40); math.Abs(got-want)/want > 1e-12 {
		t.Errorf("Softplus(-40) = %v, want %v", got, want)
	}
}
