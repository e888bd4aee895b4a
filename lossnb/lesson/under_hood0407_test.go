package lesson

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// The "Under the hood" cells of notebooks 04 to 07 declare these functions word for
// word: TestUnderHoodCells checks them.

// The long way of notebook 04 gives AveragePrecision exactly on every model of the
// study (no ties among continuous scores); a precision taken before counting the
// positive, or a recall step of 1/n, would not.
func TestAveragePrecisionByRank(t *testing.T) {
	run, err := ImbalanceDemo()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range run.Results {
		s, err := r.Fit.Predict(run.Test.X)
		if err != nil {
			t.Fatal(err)
		}
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

// The sum of notebook 05 agrees with OptimalValue to 1e-9 across the slider, including
// shift 0 (−log 4) and the valley at 4 (−log 2); log(1 − D*) written as log(1 − d)
// would give −Inf.
func TestGameValueBySum(t *testing.T) {
	for _, s := range []float64{-3, 0, 1.5, 2, 4, 4.5} {
		want, err := OptimalValue(GANData, s)
		if err != nil {
			t.Fatal(err)
		}
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

// The long way of notebook 07 gives loss.NDCG at every k on the example and on the
// example with document 3 moved up; the grade itself as the gain would not.
func TestNDCGByHand(t *testing.T) {
	moved := slices.Clone(RankExample.Scores)
	moved[2] = 3
	for _, scores := range [][]float64{RankExample.Scores, moved} {
		for k := 1; k <= 5; k++ {
			want, err := loss.NDCG(scores, RankExample.Relevance, k)
			if err != nil {
				t.Fatal(err)
			}
			if got := NDCGByHand(scores, RankExample.Relevance, k); math.Abs(got-want) > 1e-12 {
				t.Errorf("scores %v, k = %d: by hand %v, loss.NDCG %v", scores, k, got, want)
			}
		}
	}
}

// TestClaims0407Predictions ties the numbers of the "Predict, then run" prompts of
// notebooks 04 to 07 to the cells that answer them: a prompt that asks about p = 0.9
// while its cell computes something else would fail here.
func TestClaims0407Predictions(t *testing.T) {
	for _, c := range []struct{ nb, phrase, code string }{
		{nb04, "at $\\gamma = 2$, how many times less than cross-entropy does the focal loss charge an example with $p = 0.9$?", "predictFactor, 1/nb.Must(lesson.FocalFactor(0.9, 2)), 1)"},
		{nb04, "which of the three models finds the most positives at $p \\ge \\tfrac12$?", "lesson.MostRecallChoice, lesson.MostRecall(run.Results))"},
		{nb05, "what is the value when the generator matches the data exactly (shift 0)?", "predictValue, nb.Must(lesson.OptimalValue(lesson.GANData, 0)), 0.01)"},
		{nb05, "When the discriminator rejects a fake with $D(G(z)) = 0.01$, how many times larger is the non-saturating generator's slope than the minimax one's?", "predictRatio, ns[0]/mm[0], 2)"},
		{nb05, "When the discriminator rejects a fake with $D(G(z)) = 0.01$", "ds := []float64{0.01, 0.1, 0.5, 0.9}"},
		{nb06, "when every score is the same, for a batch of $N = 64$.", "n := 64"},
		{nb06, "how many of the eight singular values will stay above 0.06 of the largest?", "lesson.DimensionsAbove(runs[1].Spectrum, 0.06)"},
		{nb07, "what is its NDCG@1, the gain of the top document over the best possible top gain?", "predictNDCG1, nb.Must(loss.NDCG(x.Scores, x.Relevance, 1)), 0.01)"},
		{nb07, "After 30 epochs, where will its test NDCG@5 be?", "lesson.LambdaPlaceChoice, lesson.LambdaPlace(demo))"},
	} {
		if !strings.Contains(prose(t, c.nb), c.phrase) {
			t.Errorf("%s: the prose no longer says %q", c.nb, c.phrase)
		}
		if !strings.Contains(codeOf(t, c.nb), c.code) {
			t.Errorf("%s: no cell answers %q with %s", c.nb, c.phrase, c.code)
		}
	}
	demo, err := RunRankDemo(nil)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, prose(t, nb07), "After 30 epochs, where will its test NDCG@5 be?", float64(demo.Records[3][len(demo.Records[3])-1].Epoch), 30, 0)
}
