package contrastive

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
)

// The long way of notebook 06 gives InfoNCEBound's one-batch bound to 1e-9, for several
// sizes and seeds; a row and column swapped (the keys' softmax instead of the queries')
// or a critic without its y²/2 term would not. Constant scores give L = log N.
func TestInfoNCEByHand(t *testing.T) {
	for _, n := range []int{2, 16, 64, 256} {
		for _, seed := range []uint64{1, 2} {
			x, y, err := CorrelatedPairs(InfoNCERho, n, seed)
			if err != nil {
				t.Fatal(err)
			}
			want := nbtest.Must(InfoNCEBound(InfoNCERho, 1, n, 1, seed))(t)
			if got := math.Log(float64(n)) - InfoNCEByHand(x, y, InfoNCERho); math.Abs(got-want) > 1e-9 {
				t.Errorf("n = %d, seed %d: by hand %v, InfoNCEBound %v", n, seed, got, want)
			}
		}
	}
	if l := InfoNCEByHand(make([]float64, 8), make([]float64, 8), InfoNCERho); math.Abs(l-math.Log(8)) > 1e-12 {
		t.Errorf("constant scores: L = %v, want log 8", l)
	}
	if _, _, err := CorrelatedPairs(1, 8, 1); err == nil {
		t.Error("CorrelatedPairs accepted rho = 1")
	}
}

// TestClaimsPredictions ties the numbers of notebook 06's "Predict, then run"
// prompts to the cells that answer them: a prompt that asks about one number while
// its cell computes something else would fail here.
func TestClaimsPredictions(t *testing.T) {
	nbtest.Predictions(t, nb06, [][2]string{
		{"when every score is the same, for a batch of $N = 64$.", "n := 64"},
		{"how many of the eight singular values will stay above 0.06 of the largest?", "contrastive.DimensionsAbove(runs[1].Spectrum, 0.06)"},
	})
}
