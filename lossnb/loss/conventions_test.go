package loss

import (
	"fmt"
	"math"
	"testing"
)

// PyTorch declares the BCE backward floor as `constexpr float EPSILON =
// 1e-12` (aten/src/ATen/native/Loss.cpp): its float64 value is
// 9.999999960041972e-13, and the gradient at p = 0, y = 1 is −1/EPSILON. A
// float64 1e-12 differs in the 9th digit and fails the exact comparison.
func TestBCEEpsilonIsFloat32(t *testing.T) {
	if bceGradEps != 9.999999960041972e-13 {
		t.Fatalf("bceGradEps = %.17g, want float32(1e-12) = 9.999999960041972e-13", bceGradEps)
	}
	g := make([]float64, 2)
	mk(gv(BCEGrad(g, []float64{0, 1}, []float64{1, 0}, BCEOptions{Reduction: Sum})))
	if g[0] != -1/9.999999960041972e-13 || g[1] != 1/9.999999960041972e-13 {
		t.Errorf("BCEGrad at p ∈ {0, 1} = %v, want ∓1/float32(1e-12)", g)
	}
}

// GaussianNLL clamps a variance of exactly 0 to eps, as its doc and
// PyTorch say (it used to reject it), and still rejects a negative one.
func TestGaussianNLLZeroVariance(t *testing.T) {
	opts := NLLOptions{Eps: GaussianNLLEpsPyTorch}
	got := mk(GaussianNLL([]float64{0}, []float64{1e-3}, []float64{0}, opts))
	assertNear(t, "variance 0 → eps", got, 0.5*(math.Log(1e-6)+1), 1e-14)
	dp, dv := make([]float64, 1), make([]float64, 1)
	mk(gv2(GaussianNLLGrad(dp, dv, []float64{0}, []float64{1e-3}, []float64{0}, opts)))
	// PyTorch clamps under no_grad: the variance gradient is the formula
	// at the clamped value, ½(1/eps − r²/eps²) = 0 here.
	assertNear(t, "dVariance at the clamp", dv[0], 0.5*(1/1e-6-1e-6/1e-12), 1e-9)
	wantErr(t, "negative", mk2err(GaussianNLL([]float64{0}, []float64{0}, []float64{-1e-9}, opts)), "variance[0] = -1e-09")
	wantErr(t, "zero without eps", mk2err(GaussianNLL([]float64{0}, []float64{0}, []float64{0}, NLLOptions{NoEps: true})), "variance[0] = 0")
	// The zero options are PyTorch's eps = 1e-6 (a zero value meaning no
	// clamp would give an error here, or +Inf).
	assertNear(t, "NLLOptions{} = eps 1e-6", mk(GaussianNLL([]float64{0}, []float64{1e-3}, []float64{0}, NLLOptions{})), got, 0)
	wantErr(t, "NoEps with Eps", mk2err(GaussianNLL([]float64{0}, []float64{0}, []float64{1}, NLLOptions{Eps: 1e-3, NoEps: true})), "opts.NoEps")
	// PoissonNLL's zero options add PyTorch's eps = 1e-8 inside the log.
	assertNear(t, "PoissonNLL eps 1e-8", mk(PoissonNLL([]float64{0}, []float64{2}, NLLOptions{})), -2*math.Log(1e-8), 1e-14)
	if v := mk(PoissonNLL([]float64{0}, []float64{2}, NLLOptions{NoEps: true})); !math.IsInf(v, 1) {
		t.Errorf("PoissonNLL(0, 2) with NoEps = %v, want +Inf", v)
	}
}

// PoissonNLL with Full is PyTorch's full=True: Stirling's term
// y log y − y + ½ log 2πy only where y > 1 (so nothing at y = 0, 1); Full
// with Exact gives the exact log y!. A Stirling term at y = 1 (0.0810614…)
// or the exact log 2! at y = 2 would fail.
func TestPoissonStirling(t *testing.T) {
	lam := []float64{1.5, 1.5, 1.5, 4}
	y := []float64{0, 1, 2, 10}
	base := make([]float64, 4)
	mustOK(t, ge(PoissonNLLElems(base, lam, y, NLLOptions{})))
	st := make([]float64, 4)
	mustOK(t, ge(PoissonNLLElems(st, lam, y, NLLOptions{Full: true})))
	for i, yi := range y {
		want := base[i]
		if yi > 1 {
			want += yi*math.Log(yi) - yi + 0.5*math.Log(2*math.Pi*yi)
		}
		assertNear(t, "Stirling", st[i], want, 1e-14)
	}
	ex := make([]float64, 4)
	mustOK(t, ge(PoissonNLLElems(ex, lam, y, NLLOptions{Full: true, Exact: true})))
	assertNear(t, "exact log 10!", ex[3]-base[3], math.Log(3628800), 1e-13)
	wantErr(t, "Exact alone", mk2err(PoissonNLL(lam, y, NLLOptions{Exact: true})), "opts.Exact is set without opts.Full")
	wantErr(t, "Exact on Gaussian", mk2err(GaussianNLL(lam, y, []float64{1}, NLLOptions{Exact: true})), "opts.Exact")
}

// KLDiv's reductions carry PyTorch's names: the zero value Mean divides by
// all N·k elements (PyTorch's default "mean"), BatchMean by N rows.
func TestKLDivReductionNames(t *testing.T) {
	logq := []float64{math.Log(0.2), math.Log(0.8), math.Log(0.5), math.Log(0.5), math.Log(0.9), math.Log(0.1)}
	p := []float64{0.5, 0.5, 0.5, 0.5, 1, 0}
	sum := mk(KLDiv(logq, 2, p, KLDivOptions{Reduction: Sum}))
	assertNear(t, "mean = sum/(N·k)", mk(KLDiv(logq, 2, p, KLDivOptions{})), sum/6, 1e-15)
	assertNear(t, "batchmean = sum/N", mk(KLDiv(logq, 2, p, KLDivOptions{Reduction: BatchMean})), sum/3, 1e-15)
	wantErr(t, "BatchMean elsewhere", mk2err(CrossEntropy(logq, 2, []int{0, 1, 0}, CEOptions{Reduction: BatchMean})), "reduction = BatchMean")
	if BatchMean.String() != "BatchMean" {
		t.Errorf("BatchMean.String() = %q", BatchMean.String())
	}
}

// FocalOptions{} (α = 0) is refused instead of silently dropping every
// positive example; DefaultFocalOptions and an explicit α work.
func TestFocalZeroOptionsRefused(t *testing.T) {
	x, y := []float64{0.5, -1}, []float64{1, 0}
	wantErr(t, "zero", mk2err(Focal(x, y, FocalOptions{})), "loss.Focal", "opts.Alpha = 0", "DefaultFocalOptions")
	mk(Focal(x, y, DefaultFocalOptions()))
	mk(Focal(x, y, FocalOptions{Alpha: -1}))
}

// ignore_index: rows labelled −100 (the zero IgnoreIndex) or a chosen
// index count 0, get a zero gradient, and leave the Mean's denominator:
// the result equals the loss on the other rows alone.
func TestCrossEntropyIgnoreIndex(t *testing.T) {
	logits := []float64{1, 2, 3, 0, 0, 0, -1, 4, 0.5}
	w := []float64{2, 1, 0.5}
	for _, tc := range []struct {
		labels []int
		opts   CEOptions
	}{
		{[]int{2, -100, 1}, CEOptions{Weights: w}},
		{[]int{2, 1, 1}, CEOptions{Weights: w, IgnoreIndex: 1}}, // rows 1 and 2 dropped
		{[]int{2, -100, 1}, CEOptions{LabelSmoothing: 0.1}},
	} {
		var keepL []int
		var keepZ []float64
		ign := tc.opts.ignoreIndex()
		for i, y := range tc.labels {
			if y != ign {
				keepL = append(keepL, y)
				keepZ = append(keepZ, logits[i*3:(i+1)*3]...)
			}
		}
		ref := tc.opts
		ref.IgnoreIndex = -7 // nothing ignored
		assertNear(t, "CE ignoring rows", mk(CrossEntropy(logits, 3, tc.labels, tc.opts)), mk(CrossEntropy(keepZ, 3, keepL, ref)), 1e-15)
		g := make([]float64, 9)
		mk(gv(CrossEntropyGrad(g, logits, 3, tc.labels, tc.opts)))
		for i, y := range tc.labels {
			for j := range 3 {
				if y == ign && g[i*3+j] != 0 {
					t.Errorf("grad of ignored row %d = %v, want 0", i, g[i*3+j])
				}
			}
		}
		checkGrad(t, "CrossEntropyGrad ignore", func(z []float64) float64 { return mk(CrossEntropy(z, 3, tc.labels, tc.opts)) }, logits, g, 1e-7)
	}
	lp := logSoftmaxRows(logits, 3)
	assertNear(t, "NLL ignore", mk(CategoricalNLL(lp, 3, []int{2, -100, 1}, CEOptions{})), -(lp[2]+lp[7])/2, 1e-15)
	wantErr(t, "all ignored", mk2err(CrossEntropy(logits, 3, []int{-100, -100, -100}, CEOptions{})), "sum to 0")
	wantErr(t, "bad label", mk2err(CrossEntropy(logits, 3, []int{-1, 0, 0}, CEOptions{})), "labels[0] = -1")
}

// Target gradients against finite differences of the value in the target,
// including pos_weight and LogTarget; a sign error or a missing weight
// fails.
func TestTargetGradients(t *testing.T) {
	p := []float64{0.2, 0.7, 0.45, 0.9}
	y := []float64{0.1, 0.95, 0.3, 0.5}
	opts := BCEOptions{Weights: []float64{1.5, 0.5}}
	g := make([]float64, 4)
	mk(gv(BCETargetGrad(g, p, y, opts)))
	checkGrad(t, "BCETargetGrad", func(v []float64) float64 { return mk(BCE(p, v, opts)) }, y, g, 1e-7)
	// Finite at p ∈ {0, 1} (the clamp), where PyTorch's −logit(p) is ±Inf.
	mk(gv(BCETargetGrad(g[:2], []float64{0, 1}, []float64{0.5, 0.5}, BCEOptions{Reduction: Sum})))
	if g[0] != 100 || g[1] != -100 {
		t.Errorf("BCETargetGrad at p ∈ {0, 1} = %v, want [100 -100]", g[:2])
	}
	x := []float64{-3, 0.5, 20, -1e4}
	for _, o := range []BCEOptions{{}, {PosWeight: []float64{3}, Weights: []float64{0.5}, Reduction: Sum}} {
		mk(gv(BCEWithLogitsTargetGrad(g[:3], x[:3], y[:3], o)))
		checkGrad(t, "BCEWithLogitsTargetGrad", func(v []float64) float64 { return mk(BCEWithLogits(x[:3], v, o)) }, y[:3], g[:3], 1e-7)
	}
	mk(gv(BCEWithLogitsTargetGrad(g, x, y, BCEOptions{Reduction: Sum})))
	assertNear(t, "−x at −1e4", g[3], 1e4, 0)
	logq := []float64{math.Log(0.2), math.Log(0.8), math.Log(0.5), math.Log(0.5)}
	tp := []float64{0.3, 0.6, 0.9, 0.2}
	for _, o := range []KLDivOptions{{}, {Reduction: BatchMean}, {LogTarget: true, Reduction: Sum}} {
		tg := tp
		if o.LogTarget {
			tg = []float64{math.Log(0.3), math.Log(0.6), -3, -0.1}
		}
		mk(gv(KLDivTargetGrad(g, logq, 2, tg, o)))
		checkGrad(t, "KLDivTargetGrad", func(v []float64) float64 { return mk(KLDiv(logq, 2, v, o)) }, tg, g, 1e-6)
	}
	mk(gv(KLDivTargetGrad(g, logq, 2, []float64{0, 1, 0.5, 0.5}, KLDivOptions{})))
	if !math.IsInf(g[0], -1) {
		t.Errorf("KLDivTargetGrad at p = 0 = %v, want -Inf", g[0])
	}
	wantErr(t, "bad target", mk2err(gv(BCETargetGrad(g, p, []float64{0, 0, 0, 2}, BCEOptions{}))), "loss.BCETargetGrad: target[3] = 2")
}

// TestKinkSlopesArePyTorchs: at the kink of a hinge, PyTorch's clamp_min
// and relu pass the full slope (aten/src/ATen/native/Loss.cpp). Before the
// API pass MarginRanking, CosineEmbedding, TripletMargin and HingeGAN gave
// half of it; this test fails if one of them goes back to ½.
func TestKinkSlopesArePyTorchs(t *testing.T) {
	d1, d2, _, err := MarginRankingGrad(nil, nil, []float64{0}, []float64{0}, []float64{1}, 0, Options{})
	mustOK(t, err)
	assertNear(t, "MarginRanking ∂/∂x1 at the kink", d1[0], -1, 0)
	assertNear(t, "MarginRanking ∂/∂x2 at the kink", d2[0], 1, 0)
	// cos((1, 0), (0, 1)) = 0 = margin: ∂ℓ/∂cos = 1, ∂cos/∂x1 = x2/D.
	c1, _, _, err := CosineEmbeddingGrad(nil, nil, []float64{1, 0}, []float64{0, 1}, 2, []float64{-1}, 0, Options{})
	mustOK(t, err)
	assertNear(t, "CosineEmbedding ∂/∂x1[1] at the kink", c1[1], 1, 1e-11)
	// a = p = n: d(a, p) = d(a, n) = eps, so margin 0 is the kink; ∂ℓ/∂p = −(a − p + eps)/eps = −1.
	_, tp, _, _, err := TripletMarginGrad(nil, nil, nil, []float64{0}, []float64{0}, []float64{0}, 1, 0, Options{})
	mustOK(t, err)
	assertNear(t, "TripletMargin ∂/∂p at the kink", tp[0], -1, 1e-12)
	gr, gf, _, err := GANDiscriminatorGrad(nil, nil, []float64{1}, []float64{-1}, GANOptions{Kind: HingeGAN})
	mustOK(t, err)
	assertNear(t, "HingeGAN ∂/∂real at D = 1", gr[0], -1, 0)
	assertNear(t, "HingeGAN ∂/∂fake at D = −1", gf[0], 1, 0)
}

// TestOptionsEverywhere checks the options the API pass added where there
// were none: weights and Sum in the regression shortcuts give Reduce's
// numbers (a shortcut that ignored opts would give the unweighted mean);
// Sum in the batch losses is the sum of their per-row terms (or pairs);
// a loss with no weights in PyTorch refuses them by name (it would be a
// silently different loss otherwise).
func TestOptionsEverywhere(t *testing.T) {
	p, y := []float64{0.5, -1, 2, 0.25}, []float64{1, 0, 1.5, -0.5}
	w := []float64{1, 2, 0.5, 3}
	for _, o := range []Options{{Weights: w}, {Reduction: Sum}, {Weights: w, Reduction: Sum}} {
		for _, c := range []struct {
			name string
			got  func() (float64, error)
			l    Regression
		}{
			{"MSE", func() (float64, error) { return MSE(p, y, o) }, Squared{}},
			{"MAE", func() (float64, error) { return MAE(p, y, o) }, Absolute{}},
			{"HuberLoss", func() (float64, error) { return HuberLoss(p, y, 0.7, o) }, Huber{Delta: 0.7}},
			{"SmoothL1Loss", func() (float64, error) { return SmoothL1Loss(p, y, 0.7, o) }, SmoothL1{Beta: 0.7}},
			{"PinballLoss", func() (float64, error) { return PinballLoss(p, y, 0.3, o) }, Pinball{Tau: 0.3}},
		} {
			assertNear(t, fmt.Sprintf("%s %+v", c.name, o), mk(c.got()), mk(Reduce(p, y, c.l, o)), 1e-15)
		}
		g1, _, err := MSEGrad(nil, p, y, o)
		mustOK(t, err)
		g2, _, err := Grad(nil, p, y, Squared{}, o)
		mustOK(t, err)
		for i := range g1 {
			assertNear(t, "MSEGrad = Grad(Squared)", g1[i], g2[i], 1e-15)
		}
	}
	// Sum = n × Mean for the means over rows (3 rows of dim 2); RankNet's
	// Mean is over the 6 pairs of the relevance {3, 0, 1, 2} (no ties).
	q := []float64{1, 0.5, 0.2, 0.9, -0.4, -0.8}
	k := []float64{1, 0.4, -0.2, 1, 0.3, -0.7}
	sum := func(v float64, err error) float64 { return mk(v, err) }
	assertNear(t, "InfoNCE Sum", sum(InfoNCE(q, k, 2, 0.5, Options{Reduction: Sum})), 3*sum(InfoNCE(q, k, 2, 0.5, Options{})), 1e-14)
	assertNear(t, "Alignment Sum", sum(Alignment(q, k, 2, 2, Options{Reduction: Sum})), 3*sum(Alignment(q, k, 2, 2, Options{})), 1e-14)
	sc, rel := []float64{1, 0.5, -0.3, 2}, []float64{3, 0, 1, 2}
	assertNear(t, "RankNet Sum", sum(RankNet(sc, rel, Options{Reduction: Sum})), 6*sum(RankNet(sc, rel, Options{})), 1e-14)
	gs, _, err := RankNetGrad(nil, sc, rel, Options{Reduction: Sum})
	mustOK(t, err)
	gm, _, err := RankNetGrad(nil, sc, rel, Options{})
	mustOK(t, err)
	for i := range gs {
		assertNear(t, "RankNetGrad Sum", gs[i], 6*gm[i], 1e-14)
	}
	for _, c := range []struct {
		fn  string
		err error
	}{
		{"InfoNCE", mk2err(InfoNCE(q, k, 2, 0.5, Options{Weights: []float64{1, 1, 1}}))},
		{"MarginRanking", mk2err(MarginRanking(p, y, []float64{1, -1, 1, -1}, 0, Options{Weights: w}))},
		{"TripletMargin", mk2err(TripletMargin(q, k, q, 2, 1, Options{Weights: []float64{1}}))},
		{"GANGenerator", mk2err(GANGenerator(p, GANOptions{Kind: HingeGAN, Weights: w}))},
	} {
		wantErr(t, c.fn, c.err, "loss."+c.fn+": opts.Weights")
	}
	wantErr(t, "Uniformity Sum", mk2err(Uniformity(q, 2, 2, Options{Reduction: Sum})), "loss.Uniformity: opts.Reduction = Sum")
}
