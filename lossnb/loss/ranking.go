package loss

import (
	"math"
	"sort"
)

func marginRankingCore(fn string, dx1, dx2, x1, x2, y []float64, margin float64, opts Options) (float64, error) {
	c := newCheck(fn)
	red := opts.Reduction
	c.noWeights(opts.Weights)
	n := len(x1)
	c.nonEmpty(n)
	c.sameLen("x1", n, "x2", len(x2))
	c.sameLen("x1", n, "y", len(y))
	if dx1 != nil || dx2 != nil {
		c.dstLen("dx1", len(dx1), n)
		c.dstLen("dx2", len(dx2), n)
	}
	c.Finite("x1", x1)
	c.Finite("x2", x2)
	c.signs("y", y)
	c.scalarFinite("margin", margin)
	d := c.denom(red, n, nil)
	if !c.OK() {
		return 0, c.Err
	}
	var s float64
	for i := range x1 {
		v := -y[i]*(x1[i]-x2[i]) + margin
		// a = ∂ℓ/∂v: 1 if active or at the kink (PyTorch's clamp_min
		// passes the gradient where v ≥ 0), 0 otherwise, computed without
		// jumps (the sign of v is unpredictable); relu(v) = a·v.
		a := 0.5 + 0.5*math.Copysign(1, v)
		if v == 0 {
			a = 1
		}
		s += a * v
		if dx1 != nil {
			dx1[i] = -a * y[i] / d
			dx2[i] = a * y[i] / d
		}
	}
	return s / d, nil
}

// MarginRanking returns PyTorch's F.margin_ranking_loss(x1, x2, y, margin):
//
//	ℓᵢ = max(0, −yᵢ·(x1ᵢ − x2ᵢ) + margin)
//
// with yᵢ = +1 when x1ᵢ should rank higher than x2ᵢ and −1 otherwise.
// Gradient: ∂ℓ/∂x1 = −y and ∂ℓ/∂x2 = +y where the hinge is active or at
// its kink (PyTorch's subgradient, slope 1 at v = 0). opts.Reduction is
// Mean (the zero value) or Sum; PyTorch's MarginRankingLoss has no
// weights, so opts.Weights must be empty. Minimiser: any scores ordered as y says with a gap of
// at least margin: the hinge loss on score differences. Use it for
// pairwise preferences. Reference: PyTorch torch.nn.MarginRankingLoss;
// Herbrich, Graepel & Obermayer, "Large margin rank boundaries for ordinal
// regression" (2000).
func MarginRanking(x1, x2, y []float64, margin float64, opts Options) (float64, error) {
	return marginRankingCore("MarginRanking", nil, nil, x1, x2, y, margin, opts)
}

// MarginRankingGrad writes ∂/∂x1 to dx1 and ∂/∂x2 to dx2 (allocated if
// nil) and returns them with [MarginRanking].
func MarginRankingGrad(dx1, dx2, x1, x2, y []float64, margin float64, opts Options) ([]float64, []float64, float64, error) {
	return into2(dx1, len(x1), dx2, len(x2), func(dx1, dx2 []float64) (float64, error) {
		return marginRankingCore("MarginRankingGrad", dx1, dx2, x1, x2, y, margin, opts)
	})
}

func checkList(c *check, dst, scores, relevance []float64) {
	c.nonEmpty(len(scores))
	c.sameLen("scores", len(scores), "relevance", len(relevance))
	if dst != nil {
		c.dstLen("dst", len(dst), len(scores))
	}
	c.Finite("scores", scores)
}

// listLoss checks the input of a loss on one ranked list (checkList), with no weights
// and Mean or Sum, and relevance labels that are finite, or in [0, maxRelevance] when
// graded (NDCG's gains 2^rel); it reports whether all is well.
func (c *check) listLoss(dst, scores, relevance []float64, opts Options, graded bool) bool {
	checkList(c, dst, scores, relevance)
	c.noWeights(opts.Weights)
	c.reduction(opts.Reduction, "")
	if graded {
		c.inRange("relevance", relevance, 0, maxRelevance)
	} else {
		c.Finite("relevance", relevance)
	}
	return c.OK()
}

func rankNetCore(fn string, dst, scores, relevance []float64, opts Options) (float64, error) {
	c := newCheck(fn)
	if !c.listLoss(dst, scores, relevance, opts, false) {
		return 0, c.Err
	}
	var pairs int
	for i, ri := range relevance {
		for _, rj := range relevance[i+1:] {
			if ri != rj {
				pairs++
			}
		}
	}
	if pairs == 0 {
		c.Fail("all %d relevance values are equal, want at least two different values (no pairs to rank)", len(relevance))
		return 0, c.Err
	}
	for i := range dst {
		dst[i] = 0
	}
	p := opts.Reduction.denom(float64(pairs))
	var s float64
	for i, ri := range relevance {
		for j, rj := range relevance {
			if ri <= rj {
				continue
			}
			diff := scores[i] - scores[j] // i should rank above j
			s += softplus(-diff)
			if dst != nil {
				g := -sigmoid(-diff) / p
				dst[i] += g
				dst[j] -= g
			}
		}
	}
	return s / p, nil
}

// RankNet returns the pairwise logistic (RankNet) loss of one list of
// scores against graded relevance labels: the mean, over the P pairs
// (i, j) with relevanceᵢ > relevanceⱼ, of
//
//	log(1 + exp(−(sᵢ − sⱼ)))
//
// i.e. binary cross-entropy on the score difference with target "i above
// j". Gradient: ∂/∂sᵢ = −σ(−(sᵢ − sⱼ))/P, and the opposite for sⱼ, summed
// over pairs. Minimiser: σ(sᵢ − sⱼ) = P(i preferred to j). Use it for
// learning to rank from pairwise preferences. opts.Reduction = Sum adds
// the pair terms instead; opts.Weights must be empty. Reference: Burges
// et al., "Learning to rank using gradient descent", ICML 2005 (with
// σ = 1).
func RankNet(scores, relevance []float64, opts Options) (float64, error) {
	return rankNetCore("RankNet", nil, scores, relevance, opts)
}

// RankNetGrad writes ∂RankNet/∂scores to dst (allocated if nil) and
// returns it with [RankNet].
func RankNetGrad(dst, scores, relevance []float64, opts Options) ([]float64, float64, error) {
	return into(dst, len(scores), func(dst []float64) (float64, error) { return rankNetCore("RankNetGrad", dst, scores, relevance, opts) })
}

func listNetCore(fn string, dst, scores, relevance []float64, opts Options) (float64, error) {
	c := newCheck(fn)
	if !c.listLoss(dst, scores, relevance, opts, false) {
		return 0, c.Err
	}
	n := len(scores)
	ls := make([]float64, n)
	lr := make([]float64, n)
	logSoftmax(ls, scores)
	logSoftmax(lr, relevance)
	var s float64
	for i := range ls {
		pr := math.Exp(lr[i])
		s -= pr * ls[i]
		if dst != nil {
			dst[i] = math.Exp(ls[i]) - pr
		}
	}
	return s, nil
}

// ListNet returns the top-one ListNet loss of one list: the cross-entropy
// between the top-one probabilities of the relevance labels and of the
// scores,
//
//	−Σᵢ softmax(relevance)ᵢ · log softmax(scores)ᵢ
//
// Gradient: softmax(scores) − softmax(relevance). Minimiser: scores equal
// to the relevance up to an additive constant. Use it as a listwise
// learning-to-rank loss. Reference: Cao, Qin, Liu, Tsai & Li, "Learning
// to rank: from pairwise approach to listwise approach", ICML 2007. The
// loss of one list is one number, so Mean and Sum (opts.Reduction) agree;
// opts.Weights must be empty.
func ListNet(scores, relevance []float64, opts Options) (float64, error) {
	return listNetCore("ListNet", nil, scores, relevance, opts)
}

// ListNetGrad writes ∂ListNet/∂scores to dst (allocated if nil) and
// returns it with [ListNet].
func ListNetGrad(dst, scores, relevance []float64, opts Options) ([]float64, float64, error) {
	return into(dst, len(scores), func(dst []float64) (float64, error) { return listNetCore("ListNetGrad", dst, scores, relevance, opts) })
}

// maxRelevance bounds graded relevance labels in NDCG, so that the sum of
// 2^rel stays far from overflow.
const maxRelevance = 100

// NDCG returns the normalised discounted cumulative gain at cut-off k of
// the ranking induced by scores (highest first), a metric in [0, 1]:
//
//	DCG@k = Σ_{i=1..k} (2^{relᵢ} − 1) / log₂(i + 1),  NDCG@k = DCG@k / IDCG@k
//
// where relᵢ is the relevance of the item ranked i-th and IDCG is the DCG
// of the ideal ordering. Ties in scores are broken by position (the
// earlier item first). k ≤ 0 means the whole list; k larger than the list
// is clipped. If every relevance is 0, IDCG = 0 and NDCG is defined as 0
// (scikit-learn's convention). It is piecewise constant in the scores, so
// it is a metric, not a loss to differentiate: optimise [ListNet] or
// [RankNet] and report NDCG. Relevance must be in [0, 100] (graded labels
// are small integers; the bound keeps the sum of 2^rel far from overflow).
// Reference: Järvelin & Kekäläinen, "Cumulated gain-based evaluation of IR
// techniques", ACM TOIS 20 (2002); the exponential gain is that of Burges
// et al. (2005).
func NDCG(scores, relevance []float64, k int) (float64, error) {
	c := newCheck("NDCG")
	checkList(&c, nil, scores, relevance)
	c.inRange("relevance", relevance, 0, maxRelevance)
	if !c.OK() {
		return 0, c.Err
	}
	n := len(scores)
	if k <= 0 || k > n {
		k = n
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	dcg := func(order []int) float64 {
		var s float64
		for i, j := range order[:k] {
			s += math.Expm1(relevance[j]*math.Ln2) / math.Log2(float64(i)+2)
		}
		return s
	}
	got := dcg(idx)
	ideal := make([]int, n)
	copy(ideal, idx)
	sort.SliceStable(ideal, func(a, b int) bool { return relevance[ideal[a]] > relevance[ideal[b]] })
	best := dcg(ideal)
	if best == 0 {
		return 0, nil
	}
	return got / best, nil
}
