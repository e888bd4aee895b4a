package loss

import (
	"math"
	"sort"
)

func lambdaRankCore(fn string, dst, scores, relevance []float64, opts Options) (float64, error) {
	c := newCheck(fn)
	if !c.listLoss(dst, scores, relevance, opts, true) {
		return 0, c.Err
	}
	n := len(scores)
	// Positions in the current order: the same stable sort by score as NDCG.
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	disc := make([]float64, n) // 1/log₂(r + 1) at each item's current rank r
	for r, i := range idx {
		disc[i] = 1 / math.Log2(float64(r)+2)
	}
	gain := make([]float64, n)
	for i, v := range relevance {
		gain[i] = math.Exp2(v) - 1
	}
	ideal := append([]float64(nil), gain...)
	sort.Sort(sort.Reverse(sort.Float64Slice(ideal)))
	var idcg float64
	for r, g := range ideal {
		idcg += g / math.Log2(float64(r)+2)
	}
	for i := range dst {
		dst[i] = 0
	}
	var l, wsum float64
	for i := range scores {
		for j := range scores {
			if relevance[i] <= relevance[j] {
				continue
			}
			w := math.Abs((gain[i]-gain[j])*(disc[i]-disc[j])) / idcg
			d := scores[i] - scores[j]
			l += w * softplus(-d)
			if dst != nil {
				g := w * sigmoid(-d) // −∂/∂d of the pair's loss
				dst[i] -= g
				dst[j] += g
			}
			wsum += w
		}
	}
	if wsum == 0 {
		c.Fail("all %d relevance values are equal, want at least two different values (no pairs to rank)", n)
		return 0, c.Err
	}
	p := opts.Reduction.denom(wsum)
	if p != 1 {
		for i := range dst {
			dst[i] /= p
		}
	}
	return l / p, nil
}

// LambdaRank returns the LambdaRank objective of one list of scores against
// graded relevance labels (Burges, Ragno & Le, "Learning to rank with nonsmooth
// cost functions", NIPS 2006; Burges, "From RankNet to LambdaRank to LambdaMART:
// an overview", 2010, §4): RankNet's pair loss log(1 + exp(−(sᵢ − sⱼ))) over the
// pairs with relevanceᵢ > relevanceⱼ, each weighted by
//
//	wᵢⱼ = |ΔNDCGᵢⱼ| = |(gᵢ − gⱼ)(Dᵢ − Dⱼ)| / IDCG,  g = 2^rel − 1,  D = 1/log₂(rank + 1),
//
// the change in the whole list's [NDCG] if i and j swapped places in the
// current order by score (ties broken by position, as NDCG). The mean
// (Reduction Mean) is the weighted mean Σ wᵢⱼ ℓᵢⱼ / Σ wᵢⱼ, on RankNet's scale;
// Sum is Σ wᵢⱼ ℓᵢⱼ. The weights are held constant when differentiating
// ([LambdaRankGrad]): that is what makes the gradient LambdaRank's "lambdas"
// rather than the derivative of a fixed loss, so the value is a diagnostic of
// training, not a loss whose gradient LambdaRankGrad is. Relevance must be in
// [0, 100], with at least two different values; opts.Weights must be empty.
func LambdaRank(scores, relevance []float64, opts Options) (float64, error) {
	return lambdaRankCore("LambdaRank", nil, scores, relevance, opts)
}

// LambdaRankGrad writes LambdaRank's gradient with respect to the scores to dst
// (allocated if nil) and returns it with [LambdaRank]: for each pair,
// −wᵢⱼ σ(−(sᵢ − sⱼ)) to sᵢ and the opposite to sⱼ, divided by Σ wᵢⱼ for Mean,
// with the weights wᵢⱼ held fixed.
func LambdaRankGrad(dst, scores, relevance []float64, opts Options) ([]float64, float64, error) {
	return into(dst, len(scores), func(dst []float64) (float64, error) {
		return lambdaRankCore("LambdaRankGrad", dst, scores, relevance, opts)
	})
}
