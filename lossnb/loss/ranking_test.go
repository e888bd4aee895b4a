package loss

import (
	"math"
	"testing"
)

func TestMarginRanking(t *testing.T) {
	x1 := []float64{1, 0.2, -1, 3}
	x2 := []float64{0.5, 1, 0, -2}
	y := []float64{1, 1, -1, -1}
	// max(0, −y(x1−x2) + 0.3): 0, 1.1, 0, 5.3.
	assertNear(t, "MarginRanking", mk(MarginRanking(x1, x2, y, 0.3, Options{})), (0+1.1+0+5.3)/4, 1e-15)
	d1, d2 := make([]float64, 4), make([]float64, 4)
	mk(gv2(MarginRankingGrad(d1, d2, x1, x2, y, 0.3, Options{Reduction: Sum})))
	checkGrad(t, "MarginRanking dx1", func(a []float64) float64 { return mk(MarginRanking(a, x2, y, 0.3, Options{Reduction: Sum})) }, x1, d1, 1e-6)
	checkGrad(t, "MarginRanking dx2", func(b []float64) float64 { return mk(MarginRanking(x1, b, y, 0.3, Options{Reduction: Sum})) }, x2, d2, 1e-6)
}

func TestRankNetListNet(t *testing.T) {
	assertNear(t, "RankNet 2 items", mk(RankNet([]float64{1, 0}, []float64{1, 0}, Options{})), math.Log1p(math.Exp(-1)), 1e-15)
	// Three items, relevance (2, 0, 1): pairs (0,1), (0,2), (2,1).
	s := []float64{0.3, 0.5, -0.2}
	rel := []float64{2, 0, 1}
	want := (softplus(-(0.3 - 0.5)) + softplus(-(0.3 + 0.2)) + softplus(-(-0.2 - 0.5))) / 3
	assertNear(t, "RankNet", mk(RankNet(s, rel, Options{})), want, 1e-15)
	g := make([]float64, 3)
	mk(gv(RankNetGrad(g, s, rel, Options{})))
	checkGrad(t, "RankNetGrad", func(x []float64) float64 { return mk(RankNet(x, rel, Options{})) }, s, g, 1e-6)

	// ListNet: cross-entropy of the top-one distributions.
	pr := []float64{math.Exp(2), 1, math.Exp(1)}
	z := pr[0] + pr[1] + pr[2]
	ls := make([]float64, 3)
	logSoftmax(ls, s)
	want = -(pr[0]*ls[0] + pr[1]*ls[1] + pr[2]*ls[2]) / z
	assertNear(t, "ListNet", mk(ListNet(s, rel, Options{})), want, 1e-14)
	mk(gv(ListNetGrad(g, s, rel, Options{})))
	checkGrad(t, "ListNetGrad", func(x []float64) float64 { return mk(ListNet(x, rel, Options{})) }, s, g, 1e-6)
	// Minimiser: scores = relevance (+ const) gives zero gradient.
	mk(gv(ListNetGrad(g, []float64{7, 5, 6}, rel, Options{})))
	for i := range g {
		assertNear(t, "ListNet grad at optimum", g[i], 0, 1e-15)
	}
}

func TestNDCG(t *testing.T) {
	// Worked example: relevance in ranked order (3, 2, 3, 0, 1, 2).
	rel := []float64{3, 2, 3, 0, 1, 2}
	scores := []float64{6, 5, 4, 3, 2, 1}
	l2 := math.Log2
	dcg := 7 + 3/l2(3) + 7/2.0 + 0 + 1/l2(6) + 3/l2(7)
	idcg := 7 + 7/l2(3) + 3/2.0 + 3/l2(5) + 1/l2(6) + 0
	assertNear(t, "NDCG", mk(NDCG(scores, rel, 0)), dcg/idcg, 1e-15)
	assertNear(t, "NDCG@3", mk(NDCG(scores, rel, 3)), (7+3/l2(3)+7/2.0)/(7+7/l2(3)+3/2.0), 1e-15)
	assertNear(t, "NDCG perfect", mk(NDCG(rel, rel, 0)), 1, 1e-15)
	assertNear(t, "NDCG all-zero relevance", mk(NDCG(scores, make([]float64, 6), 0)), 0, 0)
	assertNear(t, "NDCG k > n", mk(NDCG(scores, rel, 99)), dcg/idcg, 1e-15)
}

func TestRankingErrors(t *testing.T) {
	cases := []struct {
		err   error
		parts []string
	}{
		{second(MarginRanking([]float64{1}, []float64{1}, []float64{0}, 0, Options{})), []string{"loss.MarginRanking", "y[0] = 0"}},
		{second(MarginRanking([]float64{1}, []float64{1, 2}, []float64{1}, 0, Options{})), []string{"loss.MarginRanking", "len(x1) = 1, len(x2) = 2"}},
		{second(MarginRanking([]float64{1}, []float64{1}, []float64{1}, math.NaN(), Options{})), []string{"loss.MarginRanking", "margin = NaN"}},
		{second(RankNet([]float64{1, 2}, []float64{1, 1}, Options{})), []string{"loss.RankNet", "relevance values are equal"}},
		{second(ListNet([]float64{1, math.Inf(1)}, []float64{1, 0}, Options{})), []string{"loss.ListNet", "scores[1] is +Inf"}},
		{second(NDCG([]float64{1, 2}, []float64{1, -1}, 0)), []string{"loss.NDCG", "relevance[1] = -1"}},
		{second(NDCG(nil, nil, 0)), []string{"loss.NDCG", "empty input"}},
	}
	for _, tc := range cases {
		wantErr(t, tc.parts[0], tc.err, tc.parts...)
	}
}
