package contrastive

import (
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/lesson/common/hinttest"
)

// TestUnderHoodCell: the notebook's "Under the hood" cell declares InfoNCEByHand of
// under_hood.go word for word (as infoNCEByHand); catches a cell and a function that drift apart.
func TestUnderHoodCell(t *testing.T) {
	hinttest.UnderHoodCell(t, nb06, "under_hood.go", "InfoNCEByHand", "infoNCEByHand")
}

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
			want, err := InfoNCEBound(InfoNCERho, 1, n, 1, seed)
			if err != nil {
				t.Fatal(err)
			}
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
	for _, c := range []struct{ nb, phrase, code string }{
		{nb06, "when every score is the same, for a batch of $N = 64$.", "n := 64"},
		{nb06, "how many of the eight singular values will stay above 0.06 of the largest?", "contrastive.DimensionsAbove(runs[1].Spectrum, 0.06)"},
	} {
		if !strings.Contains(nbtest.Prose(t, c.nb), c.phrase) {
			t.Errorf("%s: the prose no longer says %q", c.nb, c.phrase)
		}
		if !strings.Contains(nbtest.Code(t, c.nb), c.code) {
			t.Errorf("%s: no cell answers %q with %s", c.nb, c.phrase, c.code)
		}
	}

}
