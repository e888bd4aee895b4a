package loss

import (
	"math"
	"testing"
)

// HingeEmbedding: the closed form per label, PyTorch's slope −1 at the kink
// x = margin (a midpoint or 0 there would fail), finite differences away
// from kinks, and exact values at ±1e300.
func TestHingeEmbedding(t *testing.T) {
	x := []float64{0.3, 2, 0.5, 1, 1.7, -4, 1e300, -1e300}
	y := []float64{1, 1, -1, -1, -1, -1, -1, 1}
	want := []float64{0.3, 2, 0.5, 0, 0, 5, 0, -1e300}
	el := make([]float64, len(x))
	mustOK(t, ge(HingeEmbeddingElems(el, x, y, 1, Options{})))
	var s float64
	for i := range el {
		assertNear(t, "HingeEmbeddingElems", el[i], want[i], 1e-15)
		s += want[i]
	}
	assertNear(t, "HingeEmbedding sum", mk(HingeEmbedding(x, y, 1, Options{Reduction: Sum})), s, 1e-15)
	g := make([]float64, len(x))
	mk(gv(HingeEmbeddingGrad(g, x, y, 1, Options{Reduction: Sum})))
	wantG := []float64{1, 1, -1, -1, 0, -1, 0, 1} // x = 1 = margin: −1, PyTorch's
	for i := range g {
		assertNear(t, "HingeEmbeddingGrad", g[i], wantG[i], 0)
	}
	xs, ys := []float64{0.3, 2, 0.5, 1.7, -4}, []float64{1, 1, -1, -1, -1}
	g = make([]float64, len(xs))
	mk(gv(HingeEmbeddingGrad(g, xs, ys, 1, Options{})))
	checkGrad(t, "HingeEmbeddingGrad", func(v []float64) float64 { return mk(HingeEmbedding(v, ys, 1, Options{})) }, xs, g, 1e-8)
	wantErr(t, "y = 0", mk2err(HingeEmbedding(x, make([]float64, len(x)), 1, Options{})), "loss.HingeEmbedding", "y[0] = 0")
	wantErr(t, "None", mk2err(HingeEmbedding(x, y, 1, Options{Reduction: None})), "HingeEmbeddingElems")
}

// mk2err returns the error of a (value, error) pair.
func mk2err[T any](_ T, err error) error { return err }

// MultiMargin: PyTorch's documented example (torch.nn.MultiMarginLoss:
// x = [0.1, 0.2, 0.4, 0.8], y = 3 gives 0.325), p = 2 and class weights by
// hand, finite differences, and PyTorch's slope 0 at a kink.
func TestMultiMargin(t *testing.T) {
	x := []float64{0.1, 0.2, 0.4, 0.8}
	assertNear(t, "MultiMargin doc example", mk(MultiMargin(x, 4, []int{3}, 1, MultiMarginOptions{})), 0.325, 1e-15)
	// p = 2: 0.25·(0.3² + 0.4² + 0.6²) = 0.1525; weight 2 on class 3 doubles it.
	assertNear(t, "p=2", mk(MultiMargin(x, 4, []int{3}, 1, MultiMarginOptions{P: 2})), 0.25*(0.09+0.16+0.36), 1e-15)
	w := []float64{1, 1, 1, 2}
	assertNear(t, "p=2 weighted", mk(MultiMargin(x, 4, []int{3}, 1, MultiMarginOptions{P: 2, Weights: w})), 0.5*(0.09+0.16+0.36), 1e-15)
	// Two rows; Mean divides by N = 2 even with weights (not by Σw).
	x2 := []float64{0.1, 0.2, 0.4, 0.8, 1, -1, 0.5, 0}
	lab := []int{3, 0}
	el := make([]float64, 2)
	mustOK(t, ge(MultiMarginElems(el, x2, 4, lab, 1, MultiMarginOptions{Weights: w})))
	assertNear(t, "row 0", el[0], 2*0.325, 1e-15)
	// row 1, label 0 (weight 1): terms max(0, 1 − 1 + z_c) = 0, 0.5, 0 → 0.5/4
	assertNear(t, "row 1", el[1], 0.125, 1e-15)
	assertNear(t, "Mean", mk(MultiMargin(x2, 4, lab, 1, MultiMarginOptions{Weights: w})), (el[0]+el[1])/2, 1e-15)
	for _, p := range []int{1, 2} {
		xs := []float64{0.13, 0.27, 0.41, 0.8, 1, -1, 0.52, 0.07}
		opts := MultiMarginOptions{P: p, Weights: []float64{0.5, 1, 1, 2}}
		g := make([]float64, len(xs))
		mk(gv(MultiMarginGrad(g, xs, 4, lab, 0.9, opts)))
		checkGrad(t, "MultiMarginGrad", func(v []float64) float64 { return mk(MultiMargin(v, 4, lab, 0.9, opts)) }, xs, g, 1e-7)
	}
	// Kink: z_y − z_c = margin exactly gives slope 0 (PyTorch counts z > 0 only).
	g := make([]float64, 2)
	mk(gv(MultiMarginGrad(g, []float64{0, 1}, 2, []int{1}, 1, MultiMarginOptions{})))
	if g[0] != 0 || g[1] != 0 {
		t.Errorf("MultiMarginGrad at the kink = %v, want [0 0]", g)
	}
	// Extreme logits stay exact.
	assertNear(t, "1e300", mk(MultiMargin([]float64{1e300, 0}, 2, []int{1}, 1, MultiMarginOptions{})), 0.5e300, 1e-15)
	wantErr(t, "P = 3", mk2err(MultiMargin(x, 4, []int{3}, 1, MultiMarginOptions{P: 3})), "loss.MultiMargin", "opts.P = 3")
	wantErr(t, "label", mk2err(MultiMargin(x, 4, []int{4}, 1, MultiMarginOptions{})), "labels[0] = 4")
}

// MultiLabelMargin: PyTorch's documented example (torch.nn.MultiLabelMarginLoss:
// x = [0.1, 0.2, 0.4, 0.8], target [3, 0, −1, 1] gives 0.85; the 1 after −1
// is ignored), finite differences and the −1 terminator.
func TestMultiLabelMargin(t *testing.T) {
	x := []float64{0.1, 0.2, 0.4, 0.8}
	assertNear(t, "doc example", mk(MultiLabelMargin(x, 4, []int{3, 0, -1, 1}, Options{})), 0.85, 1e-15)
	// No labels at all (a leading −1): loss 0.
	assertNear(t, "no labels", mk(MultiLabelMargin(x, 4, []int{-1, 3, 0, 1}, Options{})), 0, 0)
	xs := []float64{0.13, 0.27, 0.41, 0.8, 1, -1, 0.52, 0.07}
	tg := []int{3, 0, -1, 1, 2, -1, 0, 0}
	g := make([]float64, len(xs))
	mk(gv(MultiLabelMarginGrad(g, xs, 4, tg, Options{Reduction: Sum})))
	checkGrad(t, "MultiLabelMarginGrad", func(v []float64) float64 { return mk(MultiLabelMargin(v, 4, tg, Options{Reduction: Sum})) }, xs, g, 1e-7)
	el := make([]float64, 2)
	mustOK(t, ge(MultiLabelMarginElems(el, xs, 4, tg, Options{})))
	assertNear(t, "Sum = Σ elems", mk(MultiLabelMargin(xs, 4, tg, Options{Reduction: Sum})), el[0]+el[1], 1e-15)
	wantErr(t, "target -2", mk2err(MultiLabelMargin(x, 4, []int{-2, 0, 0, 0}, Options{})), "target[0] = -2")
}

// MultiLabelSoftMargin: equal to BCEWithLogits' mean over all N·k elements
// (with the same per-class weights), finite differences, and ±1e4 logits
// exact (a log(σ) formula would give Inf or 0 there).
func TestMultiLabelSoftMargin(t *testing.T) {
	x := []float64{-3, 0.5, 2, 1e4, -1e4, 0.1}
	y := []float64{0, 1, 1, 0, 1, 0.3}
	w := []float64{0.5, 1, 2}
	got := mk(MultiLabelSoftMargin(x, 3, y, MultiLabelSoftMarginOptions{Weights: w}))
	want := mk(BCEWithLogits(x, y, BCEOptions{Weights: w}))
	assertNear(t, "= BCEWithLogits mean", got, want, 1e-15)
	el := make([]float64, 2)
	mustOK(t, ge(MultiLabelSoftMarginElems(el, x, 3, y, MultiLabelSoftMarginOptions{})))
	// Row 1 by hand: (1e4 + 1e4 + softplus(0.1)·0.7 + softplus(−0.1)·0.3)/3.
	r1 := (2e4 + 0.7*softplus(0.1) + 0.3*softplus(-0.1)) / 3
	assertNear(t, "row 1", el[1], r1, 1e-15)
	xs := []float64{-3, 0.5, 2, 0.7, -1.2, 0.1}
	g := make([]float64, len(xs))
	opts := MultiLabelSoftMarginOptions{Weights: w, Reduction: Sum}
	mk(gv(MultiLabelSoftMarginGrad(g, xs, 3, y, opts)))
	checkGrad(t, "MultiLabelSoftMarginGrad", func(v []float64) float64 { return mk(MultiLabelSoftMargin(v, 3, y, opts)) }, xs, g, 1e-8)
	wantErr(t, "target", mk2err(MultiLabelSoftMargin(x, 3, []float64{0, 0, 2, 0, 0, 0}, MultiLabelSoftMarginOptions{})), "target[2] = 2")
}

// TripletMarginWithDistance: the default distance reproduces TripletMargin
// (PyTorch's F.triplet_margin_loss with p = 2, eps = 1e-6) value and
// gradient; eps = 0 gives the textbook Euclidean distance; p = 1 by hand;
// swap picks the smaller negative distance and sends its gradient to the
// positive; finite differences for every distance and option.
func TestTripletMarginWithDistance(t *testing.T) {
	rng := newRand(3)
	const dim = 3
	a, p, q := randVec(rng, 12, 1), randVec(rng, 12, 1), randVec(rng, 12, 1)
	ref := mk(TripletMargin(a, p, q, dim, 1, Options{}))
	assertNear(t, "default = TripletMargin", mk(TripletMarginWithDistance(a, p, q, dim, 1, TripletOptions{})), ref, 1e-15)
	ga, gp, gq := make([]float64, 12), make([]float64, 12), make([]float64, 12)
	ra, rp, rq := make([]float64, 12), make([]float64, 12), make([]float64, 12)
	mk(gv3(TripletMarginGrad(ra, rp, rq, a, p, q, dim, 1, Options{})))
	mk(gv3(TripletMarginWithDistanceGrad(ga, gp, gq, a, p, q, dim, 1, TripletOptions{})))
	for i := range ga {
		assertNear(t, "dAnchor", ga[i], ra[i], 1e-14)
		assertNear(t, "dPositive", gp[i], rp[i], 1e-14)
		assertNear(t, "dNegative", gq[i], rq[i], 1e-14)
	}
	// Textbook: eps = 0, p = 2 and p = 1 on one triplet, by hand.
	a1, p1, n1 := []float64{0, 0}, []float64{3, 4}, []float64{1, 1}
	l2 := mk(NewPairwiseDistance(2, 0))
	assertNear(t, "eps=0", mk(TripletMarginWithDistance(a1, p1, n1, 2, 1, TripletOptions{Distance: l2})), 5-math.Sqrt2+1, 1e-15)
	l1 := mk(NewPairwiseDistance(1, 0))
	assertNear(t, "p=1", mk(TripletMarginWithDistance(a1, p1, n1, 2, 1, TripletOptions{Distance: l1})), 7-2+1, 1e-15)
	// Swap: d(p, n) = √13 < d(a, n)? No: √13 > √2, so no swap here; with
	// n2 near p the swap distance is the smaller one.
	n2 := []float64{3, 3.5}
	noSwap := mk(TripletMarginWithDistance(a1, p1, n2, 2, 1, TripletOptions{Distance: l2}))
	swap := mk(TripletMarginWithDistance(a1, p1, n2, 2, 1, TripletOptions{Distance: l2, Swap: true}))
	assertNear(t, "no swap", noSwap, 5-math.Hypot(3, 3.5)+1, 1e-15)
	assertNear(t, "swap", swap, 5-0.5+1, 1e-15)
	for _, tc := range []struct {
		name string
		opts TripletOptions
	}{
		{"default", TripletOptions{}},
		{"p=1", TripletOptions{Distance: l1, Reduction: Sum}},
		{"p=3", TripletOptions{Distance: mk(NewPairwiseDistance(3, 1e-6))}},
		{"swap", TripletOptions{Swap: true}},
		{"cosine", TripletOptions{Distance: CosineDistance{}, Swap: true}},
	} {
		mk(gv3(TripletMarginWithDistanceGrad(ga, gp, gq, a, p, q, dim, 1, tc.opts)))
		all := append(append(append([]float64{}, a...), p...), q...)
		f := func(v []float64) float64 {
			return mk(TripletMarginWithDistance(v[:12], v[12:24], v[24:], dim, 1, tc.opts))
		}
		grad := append(append(append([]float64{}, ga...), gp...), gq...)
		checkGrad(t, "TripletMarginWithDistanceGrad "+tc.name, f, all, grad, 1e-6)
	}
	// Extreme: embeddings of 1e200 do not overflow the scaled norm.
	big := mk(TripletMarginWithDistance([]float64{1e200, 0}, []float64{0, 0}, []float64{0, 1e200}, 2, 0, TripletOptions{Distance: l2}))
	// d(a, p) = 1e200, d(a, n) = √2·1e200: the hinge is inactive.
	assertNear(t, "1e200", big, 0, 0)
	big = mk(TripletMarginWithDistance([]float64{1e200, 0}, []float64{0, 0}, []float64{1e200, 1e199}, 2, 0, TripletOptions{Distance: l2}))
	assertNear(t, "1e200 active", big, 9e199, 1e-15)
	wantErr(t, "p < 1", mk2err(NewPairwiseDistance(0.5, 0)), "loss.NewPairwiseDistance", "p = 0.5")
	wantErr(t, "bad distance", mk2err(TripletMarginWithDistance(a, p, q, dim, 1, TripletOptions{Distance: PairwiseDistance{P: 0}})), "opts.Distance")
}

// CosineDistance: 1 − cos by hand, and its gradient by finite differences.
func TestCosineDistance(t *testing.T) {
	x, y := []float64{1, 0, 1}, []float64{0, 2, 2}
	assertNear(t, "1 − cos", mk(CosineDistance{}.Dist(nil, nil, x, y)), 1-2/(math.Sqrt2*math.Sqrt(8)), 1e-15)
	dx, dy := make([]float64, 3), make([]float64, 3)
	if _, err := (CosineDistance{}).Dist(dx, dy, x, y); err != nil {
		t.Fatal(err)
	}
	checkGrad(t, "dx", func(v []float64) float64 { return mk(CosineDistance{}.Dist(nil, nil, v, y)) }, x, dx, 1e-8)
	checkGrad(t, "dy", func(v []float64) float64 { return mk(CosineDistance{}.Dist(nil, nil, x, v)) }, y, dy, 1e-8)
}
