package ranking

import (
	"math"
	"slices"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// The long way of notebook 07 gives loss.NDCG at every k on the example and on the
// example with document 3 moved up; the grade itself as the gain would not.
func TestNDCGByHand(t *testing.T) {
	moved := slices.Clone(RankExample.Scores)
	moved[2] = 3
	for _, scores := range [][]float64{RankExample.Scores, moved} {
		for k := 1; k <= 5; k++ {
			want := nbtest.Must(loss.NDCG(scores, RankExample.Relevance, k))(t)
			if got := NDCGByHand(scores, RankExample.Relevance, k); math.Abs(got-want) > 1e-12 {
				t.Errorf("scores %v, k = %d: by hand %v, loss.NDCG %v", scores, k, got, want)
			}
		}
	}
}

// TestClaimsPredictions ties the numbers of notebook 07's "Predict, then run"
// prompts to the cells that answer them: a prompt that asks about one number while
// its cell computes something else would fail here.
func TestClaimsPredictions(t *testing.T) {
	nbtest.Predictions(t, nb07, [][2]string{
		{"what is its NDCG@1, the gain of the top document over the best possible top gain?", "predictNDCG1, nb.Must(loss.NDCG(x.Scores, x.Relevance, 1)), 0.01)"},
		{"After 30 epochs, where will its test NDCG@5 be?", "ranking.LambdaPlaceChoice, ranking.LambdaPlace(demo))"},
	})
	demo := nbtest.Must(RunRankDemo(nil))(t)
	nbtest.Claim(t, nbtest.Prose(t, nb07), "After 30 epochs, where will its test NDCG@5 be?", float64(demo.Records[3][len(demo.Records[3])-1].Epoch), 30, 0)
}
