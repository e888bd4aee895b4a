package adversarial

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
)

// The sum of notebook 05 agrees with OptimalValue to 1e-9 across the slider, including
// shift 0 (−log 4) and the valley at 4 (−log 2); log(1 − D*) written as log(1 − d)
// would give −Inf.
func TestGameValueBySum(t *testing.T) {
	for _, s := range []float64{-3, 0, 1.5, 2, 4, 4.5} {
		want := nbtest.Must(OptimalValue(GANData, s))(t)
		if got := gameValueOn(GANData, s); math.Abs(got-want) > 1e-9 {
			t.Errorf("shift %v: by sum %v, OptimalValue %v", s, got, want)
		}
	}
	if got := gameValueOn(GANData, 0); math.Abs(got+math.Log(4)) > 1e-9 {
		t.Errorf("shift 0: %v, want −log 4", got)
	}
}

// gameValueOn is GameValueBySum as notebook 05's cell calls it: the mixture m against m
// shifted by shift, on OptimalValue's range, step 0.001.
func gameValueOn(m GANMixture, shift float64) float64 {
	data := func(x float64) float64 { return m.Density(x, 0) }
	fake := func(x float64) float64 { return m.Density(x, shift) }
	lo, hi := -m.Mode-10*m.Sigma+math.Min(0, shift), m.Mode+10*m.Sigma+math.Max(0, shift)
	return GameValueBySum(data, fake, lo, hi, 0.001)
}

// TestClaimsPredictions ties the numbers of notebook 05's "Predict, then run"
// prompts to the cells that answer them: a prompt that asks about one number while
// its cell computes something else would fail here.
func TestClaimsPredictions(t *testing.T) {
	nbtest.Predictions(t, nb05, [][2]string{
		{"what is the value when the generator matches the data exactly (shift 0)?", "predictValue, nb.Must(adversarial.OptimalValue(adversarial.GANData, 0)), 0.01)"},
		{"When the discriminator rejects a fake with $D(G(z)) = 0.01$, how many times larger is the non-saturating generator's slope than the minimax one's?", "predictRatio, ns[0]/mm[0], 2)"},
		{"When the discriminator rejects a fake with $D(G(z)) = 0.01$", "ds := []float64{0.01, 0.1, 0.5, 0.9}"},
	})
}
