package ranking

// Notebook 07's exercises and predictions beyond the lesson itself.

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// ListNetTwoMistakes are the likely wrong answers to "the ListNet loss of scores (d, 0)
// against relevance (1, 0)", each with its feedback: a one-hot target (1, 0) in place of
// the softmax of the relevance, the scores used as log-probabilities (the softmax
// missing), and the two distributions swapped. The right answer is
// −p log σ(d) − (1 − p) log σ(−d) with p = e/(e + 1).
func ListNetTwoMistakes() []Mistake {
	p := math.E / (math.E + 1)
	softplus := func(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }
	return []Mistake{
		{F: func(d float64) float64 { return softplus(-d) },
			Says: "your target is one-hot, (1, 0): ListNet's target is the softmax of the relevance, (e/(e + 1), 1/(e + 1)), not the relevance itself."},
		{F: func(d float64) float64 { return -p * d },
			Says: "you used the scores as log-probabilities: take the softmax of the scores (d, 0) first, i.e. subtract log(e^d + 1) from each."},
		{F: func(d float64) float64 {
			q := 1 / (1 + math.Exp(-d))
			return -q*math.Log(p) - (1-q)*math.Log(1-p)
		}, Says: "you swapped the two distributions: the weights are the relevance's softmax, the logs are of the scores' softmax."},
	}
}

// NDCGMistakes are the likely wrong answers to "NDCG@k of scores against rels", each a
// constant function for Hint: the grade itself as the gain (Järvelin & Kekäläinen's
// form), a discount 1/r instead of 1/log₂(r + 1), and the DCG left unnormalised.
func NDCGMistakes(scores, rels []float64, k int) ([]Mistake, error) {
	if _, err := loss.NDCG(scores, rels, k); err != nil {
		return nil, fmt.Errorf("ranking.NDCGMistakes: %w", err)
	}
	byScore, byRel := make([]int, len(scores)), make([]int, len(scores))
	for i := range byScore {
		byScore[i], byRel[i] = i, i
	}
	slices.SortStableFunc(byScore, func(a, b int) int { return cmpDesc(scores[a], scores[b]) })
	slices.SortStableFunc(byRel, func(a, b int) int { return cmpDesc(rels[a], rels[b]) })
	dcg := func(order []int, gain func(float64) float64, disc func(int) float64) float64 {
		var s float64
		for r, j := range order[:min(k, len(order))] {
			s += gain(rels[j]) / disc(r+1)
		}
		return s
	}
	exp2 := func(g float64) float64 { return math.Exp2(g) - 1 }
	lin := func(g float64) float64 { return g }
	logDisc := func(r int) float64 { return math.Log2(float64(r) + 1) }
	rDisc := func(r int) float64 { return float64(r) }
	c := func(v float64) func(float64) float64 { return func(float64) float64 { return v } }
	return []Mistake{
		{F: c(dcg(byScore, lin, logDisc) / dcg(byRel, lin, logDisc)),
			Says: "you used the grade itself as the gain; the NDCG of this notebook (and loss.NDCG) uses 2^rel − 1."},
		{F: c(dcg(byScore, exp2, rDisc) / dcg(byRel, exp2, rDisc)),
			Says: "you discounted rank r by r; the discount is log₂(r + 1): 1 at the top, log₂ 3 ≈ 1.585 at rank 2, 2 at rank 3."},
		{F: c(dcg(byScore, exp2, logDisc)),
			Says: "this is DCG@k; NDCG divides it by the DCG of the best order (the relevance sorted from best to worst)."},
	}, nil
}

// cmpDesc orders larger first.
func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// LambdaPlaceChoice is notebook 07's prediction "where LambdaRank's final test NDCG@5
// falls against the three other losses": A above all three, B below all three, C in
// between.
var LambdaPlaceChoice = exercise.Choice{
	Options: []string{"A", "B", "C"},
	Why: map[string]string{
		"A": "telling the loss which pairs matter most pays when the model cannot order every pair; a linear model on a linear truth can.",
		"B": "here every loss aims at the same direction, and LambdaRank's reweighting, recomputed at every step, only adds noise to it.",
		"C": "the three others end within a few thousandths of each other; LambdaRank is either clearly above or clearly below that group.",
	},
}

// LambdaPlace returns the label of LambdaPlaceChoice for demo: where the last test
// NDCG@5 of LambdaRank (the fourth of RankLosses) falls against the other three. It
// returns "" for a demo without four losses' records.
func LambdaPlace(demo *RankDemo) string {
	if demo == nil || len(demo.Records) != 4 {
		return ""
	}
	final := make([]float64, 4)
	for i, rec := range demo.Records {
		if len(rec) == 0 {
			return ""
		}
		final[i] = rec[len(rec)-1].TestNDCG
	}
	above, below := true, true
	for _, v := range final[:3] {
		above = above && final[3] > v
		below = below && final[3] < v
	}
	switch {
	case above:
		return "A"
	case below:
		return "B"
	}
	return "C"
}

// NDCGByHand returns NDCG@k of scores against the relevance rels, the long way: order
// the items by score, add the gains 2^rel − 1 of the top k divided by log₂(rank + 1),
// and divide by the same sum for the best order. It equals loss.NDCG for lists with
// at least k items and some relevance; notebook 07's "Under the hood" cell declares it
// word for word.
func NDCGByHand(scores, rels []float64, k int) float64 {
	dcg := func(order []int) float64 {
		var s float64
		for r, j := range order[:k] {
			gain := math.Exp2(rels[j]) - 1
			s += gain / math.Log2(float64(r)+2) // rank r+1 is discounted by log2(r+2)
		}
		return s
	}
	byScore, byRel := make([]int, len(scores)), make([]int, len(scores))
	for i := range byScore {
		byScore[i], byRel[i] = i, i
	}
	sort.SliceStable(byScore, func(a, b int) bool { return scores[byScore[a]] > scores[byScore[b]] })
	sort.SliceStable(byRel, func(a, b int) bool { return rels[byRel[a]] > rels[byRel[b]] })
	return dcg(byScore) / dcg(byRel)
}
