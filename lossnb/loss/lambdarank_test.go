package loss

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// lambdaGrad is LambdaRankGrad with the zero options, returning the value only
// (the test writes the gradient to its own dst).
func lambdaGrad(dst, s, rel []float64) (float64, error) {
	_, v, err := LambdaRankGrad(dst, s, rel, Options{})
	return v, err
}

func TestLambdaRank(t *testing.T) {
	s := []float64{0.3, 1.2, -0.4, 0.9, 2.0}
	rel := []float64{2, 0, 3, 1, 1}
	ds := make([]float64, len(s))
	l, err := lambdaGrad(ds, s, rel)
	if err != nil {
		t.Fatal(err)
	}
	// The gradient is the derivative of the weighted loss with the weights held fixed:
	// small moves that keep the order keep the weights, so central differences agree.
	// Catches a sign error or a pair counted the wrong way round.
	for i := range s {
		const h = 1e-6
		sp, sm := slices.Clone(s), slices.Clone(s)
		sp[i] += h
		sm[i] -= h
		d := make([]float64, len(s))
		lp, _ := lambdaGrad(d, sp, rel)
		lm, _ := lambdaGrad(d, sm, rel)
		if fd := (lp - lm) / (2 * h); math.Abs(fd-ds[i]) > 1e-7 {
			t.Errorf("∂/∂s[%d] = %v, central difference %v", i, ds[i], fd)
		}
	}
	// The weights are |ΔNDCG|: swapping the two scores of a pair changes NDCG by exactly
	// that pair's weight. With one pair of different relevance the loss is RankNet's.
	two := []float64{0.5, 1.5}
	g := make([]float64, 2)
	l2, _ := lambdaGrad(g, two, []float64{1, 0})
	if want := math.Log1p(math.Exp(1)); math.Abs(l2-want) > 1e-12 || math.Abs(g[0]+g[1]) > 1e-15 {
		t.Errorf("one pair: loss %v (want RankNet's %v), gradient %v", l2, want, g)
	}
	// A swap at the top weighs more than the same swap lower down: the relevant document
	// one place too low is pushed up harder at rank 2 than at rank 4. Catches weights that
	// ignore the discount (plain RankNet).
	top, low := make([]float64, 4), make([]float64, 4)
	if _, err := lambdaGrad(top, []float64{4, 3, 2, 1}, []float64{0, 1, 0, 0}); err != nil {
		t.Fatal(err)
	}
	if _, err := lambdaGrad(low, []float64{4, 3, 2, 1}, []float64{0, 0, 0, 1}); err != nil {
		t.Fatal(err)
	}
	if !(l > 0) || !(-top[1] > 0) || !(-low[3] > 0) {
		t.Errorf("loss %v, pushes %v and %v", l, top, low)
	}
	// Unnormalised pushes: the normalisation by Σw hides the weights, so compare the
	// weights themselves through the one-mistake lists' ΔNDCG.
	nTop, _ := NDCG([]float64{4, 3, 2, 1}, []float64{0, 1, 0, 0}, 0)
	nTopSwap, _ := NDCG([]float64{3, 4, 2, 1}, []float64{0, 1, 0, 0}, 0)
	nLow, _ := NDCG([]float64{4, 3, 2, 1}, []float64{0, 0, 0, 1}, 0)
	nLowSwap, _ := NDCG([]float64{4, 3, 1, 2}, []float64{0, 0, 0, 1}, 0)
	if !(nTopSwap-nTop > nLowSwap-nLow && nLowSwap-nLow > 0) {
		t.Errorf("ΔNDCG of a swap at ranks 1-2 %v, at ranks 3-4 %v", nTopSwap-nTop, nLowSwap-nLow)
	}
	// Equal relevance has no pair to rank: refused, as RankNet refuses it.
	if _, err := lambdaGrad(make([]float64, 2), []float64{1, 2}, []float64{1, 1}); err == nil || !strings.Contains(err.Error(), "no pairs") {
		t.Errorf("equal relevance: error %v, want one saying there are no pairs", err)
	}
	// LambdaRank is the value LambdaRankGrad returns, and Sum is Σw times Mean: a
	// Sum that still divides by Σw, or a value that differs from the gradient's, fails.
	v, err := LambdaRank(s, rel, Options{})
	if err != nil || v != l {
		t.Errorf("LambdaRank = %v, %v; LambdaRankGrad's value %v", v, err, l)
	}
	gs, vs, err := LambdaRankGrad(nil, s, rel, Options{Reduction: Sum})
	if err != nil {
		t.Fatal(err)
	}
	ratio := vs / l
	for i := range gs {
		assertNear(t, "LambdaRankGrad Sum / Mean", gs[i], ratio*ds[i], 1e-12)
	}
	if !(ratio > 0) {
		t.Errorf("Sum/Mean = %v, want Σw > 0", ratio)
	}
}
