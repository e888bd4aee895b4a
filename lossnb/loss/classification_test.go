package loss

import (
	"math"
	"testing"
)

// PyTorch's formulas written out literally (aten/src/ATen/native/Loss.cpp,
// torch/nn/functional.py), as the reference for 1e-12 agreement.
func torchBCE(p, y, w float64) float64 {
	return w * ((y-1)*math.Max(math.Log1p(-p), -100) - y*math.Max(math.Log(p), -100))
}

func torchBCEWithLogits(x, y, w, pw float64) float64 {
	lw := (pw-1)*y + 1
	return w * ((1-y)*x + lw*(math.Log1p(math.Exp(-math.Abs(x)))+math.Max(-x, 0)))
}

func TestBCEClosedForm(t *testing.T) {
	p := []float64{0.2, 0.9, 0, 1, 0, 1, 0.5, 0.3}
	y := []float64{0, 1, 0, 1, 1, 0, 0.5, 0.8}
	// Exactly 0 and 1 hit the −100 clamp: ℓ = 100 for a confident mistake.
	wantElems := []float64{-math.Log(0.8), -math.Log(0.9), 0, 0, 100, 100, math.Ln2, -(0.8*math.Log(0.3) + 0.2*math.Log(0.7))}
	el := make([]float64, len(p))
	mustOK(t, ge(BCEElems(el, p, y, BCEOptions{})))
	var s float64
	for i := range el {
		assertNear(t, "BCEElems", el[i], wantElems[i], 1e-14)
		assertNear(t, "BCE vs torch", el[i], torchBCE(p[i], y[i], 1), 1e-12)
		s += wantElems[i]
	}
	assertNear(t, "BCE", mk(BCE(p, y, BCEOptions{})), s/8, 1e-14)
	assertNear(t, "BCE sum", mk(BCE(p, y, BCEOptions{Reduction: Sum})), s, 1e-14)
	// Weights broadcast over the last axis ([4, 2] batch, per-class weights).
	w := []float64{2, 0.5}
	var sw float64
	for i := range p {
		sw += torchBCE(p[i], y[i], w[i%2])
	}
	assertNear(t, "BCE weighted", mk(BCE(p, y, BCEOptions{Weights: w})), sw/8, 1e-12)
	// Gradient: PyTorch's backward, finite where p ∈ {0, 1}.
	g := make([]float64, len(p))
	mk(gv(BCEGrad(g, p, y, BCEOptions{})))
	for i := range g {
		want := (p[i] - y[i]) / math.Max(p[i]*(1-p[i]), 9.999999960041972e-13) / 8 // float32(1e-12): PyTorch's EPSILON
		assertNear(t, "BCEGrad", g[i], want, 1e-14)
	}
	assertFinite(t, "BCEGrad", g...)
	pi := []float64{0.2, 0.7, 0.45}
	yi := []float64{0, 1, 0.3}
	g = make([]float64, 3)
	mk(gv(BCEGrad(g, pi, yi, BCEOptions{Weights: []float64{1.5}})))
	checkGrad(t, "BCEGrad", func(q []float64) float64 {
		return mk(BCE(q, yi, BCEOptions{Weights: []float64{1.5}}))
	}, pi, g, 1e-6)
}

func TestBCEWithLogits(t *testing.T) {
	x := []float64{-3, -0.5, 0, 0.7, 4, 20, -20, 1e4, -1e4, 1e4, -1e4}
	y := []float64{0, 1, 1, 0.3, 1, 0, 1, 0, 1, 1, 0}
	for _, pw := range [][]float64{nil, {3}, {0.5, 2, 1, 4, 1, 1, 1, 1, 2, 2, 2}} {
		for _, w := range [][]float64{nil, {0.7}} {
			opts := BCEOptions{Weights: w, PosWeight: pw}
			el := make([]float64, len(x))
			mustOK(t, ge(BCEWithLogitsElems(el, x, y, opts)))
			var s float64
			for i := range x {
				wi, pwi := 1.0, 1.0
				if w != nil {
					wi = w[0]
				}
				if pw != nil {
					pwi = pw[i%len(pw)]
				}
				assertNear(t, "BCEWithLogits vs torch", el[i], torchBCEWithLogits(x[i], y[i], wi, pwi), 1e-12)
				s += el[i]
			}
			assertNear(t, "BCEWithLogits", mk(BCEWithLogits(x, y, opts)), s/float64(len(x)), 1e-15)
			g := make([]float64, len(x))
			mk(gv(BCEWithLogitsGrad(g, x, y, opts)))
			assertFinite(t, "BCEWithLogitsGrad", g...)
			checkGrad(t, "BCEWithLogitsGrad", func(z []float64) float64 { return mk(BCEWithLogits(z, y, opts)) }, x, g, 1e-6)
		}
	}
	// Logits of ±1e4: the stable formula gives exact values.
	el := make([]float64, 4)
	mustOK(t, ge(BCEWithLogitsElems(el, []float64{1e4, -1e4, 1e4, -1e4}, []float64{0, 1, 1, 0}, BCEOptions{})))
	for i, want := range []float64{1e4, 1e4, 0, 0} {
		assertNear(t, "BCEWithLogits(±1e4)", el[i], want, 0)
	}
	// σ(x) − y for the gradient without pos_weight.
	g := make([]float64, 2)
	mk(gv(BCEWithLogitsGrad(g, []float64{0.3, -1e4}, []float64{1, 1}, BCEOptions{Reduction: Sum})))
	assertNear(t, "grad σ(x)−y", g[0], sigmoid(0.3)-1, 1e-15)
	assertNear(t, "grad at −1e4", g[1], -1, 0)
	// BCE on probabilities agrees with BCE on logits away from the clamp.
	p := []float64{sigmoid(-3), sigmoid(0.7), sigmoid(4)}
	yy := []float64{0, 0.3, 1}
	assertNear(t, "BCE(σ(x)) = BCEWithLogits(x)", mk(BCE(p, yy, BCEOptions{})),
		mk(BCEWithLogits([]float64{-3, 0.7, 4}, yy, BCEOptions{})), 1e-12)
}

// torchCE follows PyTorch's cross_entropy_loss_label_smoothing structure:
// (1 − ε)·nll_loss(weighted mean) + ε/K · smooth_loss.sum()/Σw_y.
func torchCE(logits []float64, k int, labels []int, w []float64, eps float64) float64 {
	n := len(labels)
	var nll, den, smooth float64
	for i := range n {
		z := logits[i*k : (i+1)*k]
		m := math.Inf(-1)
		for _, v := range z {
			m = math.Max(m, v)
		}
		var se float64
		for _, v := range z {
			se += math.Exp(v - m)
		}
		lse := m + math.Log(se)
		wy := 1.0
		if w != nil {
			wy = w[labels[i]]
		}
		nll += -wy * (z[labels[i]] - lse)
		den += wy
		for j, v := range z {
			wj := 1.0
			if w != nil {
				wj = w[j]
			}
			smooth += -wj * (v - lse)
		}
	}
	return (1-eps)*nll/den + eps/float64(k)*smooth/den
}

func TestCrossEntropy(t *testing.T) {
	// Published-style closed forms: uniform logits give log K; logits
	// (1, 2, 3) with label 2 give log(1 + e^{−1} + e^{−2}).
	assertNear(t, "CE uniform", mk(CrossEntropy([]float64{0, 0, 0, 0}, 4, []int{2}, CEOptions{})), math.Log(4), 1e-15)
	assertNear(t, "CE (1,2,3)", mk(CrossEntropy([]float64{1, 2, 3}, 3, []int{2}, CEOptions{})),
		math.Log(1+math.Exp(-1)+math.Exp(-2)), 1e-15)

	rng := newRand(7)
	k, n := 5, 6
	logits := randVec(rng, n*k, 3)
	labels := []int{0, 4, 2, 2, 1, 3}
	w := []float64{1, 2, 0.5, 3, 0.1}
	for _, tc := range []struct {
		w   []float64
		eps float64
	}{{nil, 0}, {w, 0}, {nil, 0.1}, {w, 0.2}, {w, 1}} {
		opts := CEOptions{Weights: tc.w, LabelSmoothing: tc.eps}
		got := mk(CrossEntropy(logits, k, labels, opts))
		assertNear(t, "CE vs torch", got, torchCE(logits, k, labels, tc.w, tc.eps), 1e-12)
		g := make([]float64, n*k)
		v := mk(gv(CrossEntropyGrad(g, logits, k, labels, opts)))
		assertNear(t, "CEGrad value", v, got, 1e-15)
		checkGrad(t, "CrossEntropyGrad", func(z []float64) float64 { return mk(CrossEntropy(z, k, labels, opts)) }, logits, g, 1e-6)
		// Sum = Σ Elems.
		el := make([]float64, n)
		mustOK(t, ge(CrossEntropyElems(el, logits, k, labels, opts)))
		var s float64
		for _, v := range el {
			s += v
		}
		assertNear(t, "CE Sum", mk(CrossEntropy(logits, k, labels, CEOptions{Weights: tc.w, LabelSmoothing: tc.eps, Reduction: Sum})), s, 1e-13)
	}
	// Probability targets: one-hot equals class indices; smoothing
	// matches (PyTorch smooths both forms the same way when unweighted).
	onehot := make([]float64, n*k)
	for i, y := range labels {
		onehot[i*k+y] = 1
	}
	for _, eps := range []float64{0, 0.15} {
		assertNear(t, "CEProbs one-hot", mk(CrossEntropyProbs(logits, k, onehot, CEOptions{LabelSmoothing: eps})),
			mk(CrossEntropy(logits, k, labels, CEOptions{LabelSmoothing: eps})), 1e-13)
	}
	// Weighted probability targets: Mean divides by N (PyTorch).
	soft := make([]float64, n*k)
	for i := range soft {
		soft[i] = rng.Float64()
	}
	opts := CEOptions{Weights: w, LabelSmoothing: 0.1}
	var want float64
	lp := make([]float64, k)
	for i := range n {
		logSoftmax(lp, logits[i*k:(i+1)*k])
		for j := range k {
			want -= w[j] * (0.9*soft[i*k+j] + 0.1/float64(k)) * lp[j]
		}
	}
	assertNear(t, "CEProbs weighted", mk(CrossEntropyProbs(logits, k, soft, opts)), want/float64(n), 1e-13)
	g := make([]float64, n*k)
	mk(gv(CrossEntropyProbsGrad(g, logits, k, soft, opts)))
	checkGrad(t, "CrossEntropyProbsGrad", func(z []float64) float64 { return mk(CrossEntropyProbs(z, k, soft, opts)) }, logits, g, 1e-6)
	el := make([]float64, n)
	mustOK(t, ge(CrossEntropyProbsElems(el, logits, k, soft, opts)))

	// Extreme logits: log-sum-exp is exact.
	ext := []float64{1e4, -1e4, 0}
	assertNear(t, "CE(1e4, -1e4, 0) label 1", mk(CrossEntropy(ext, 3, []int{1}, CEOptions{})), 2e4, 0)
	assertNear(t, "CE(1e4, -1e4, 0) label 0", mk(CrossEntropy(ext, 3, []int{0}, CEOptions{})), 0, 0)
	ge := make([]float64, 3)
	mk(gv(CrossEntropyGrad(ge, ext, 3, []int{1}, CEOptions{LabelSmoothing: 0.1})))
	assertFinite(t, "CE grad extreme", ge...)
	// Logits more than MaxFloat64 apart: log p is clamped, so the value is
	// +Inf or huge, never NaN (found by FuzzCrossEntropy).
	huge := []float64{-1e308, 1e308, 0}
	v := mk(gv(CrossEntropyGrad(ge, huge, 3, []int{1}, CEOptions{LabelSmoothing: 1})))
	if math.IsNaN(v) || v < 1e307 {
		t.Errorf("CE with 2e308-apart logits = %v, want ≥ 1e307 or +Inf", v)
	}
	assertFinite(t, "CE grad huge gap", ge...)
}

func TestFocal(t *testing.T) {
	// Lin et al.: x = 0, y = 1, α = 0.25, γ = 2 → 0.25 · 0.5² · log 2.
	assertNear(t, "Focal(0)", mk(Focal([]float64{0}, []float64{1}, DefaultFocalOptions())), 0.25*0.25*math.Ln2, 1e-15)
	rng := newRand(8)
	x := append(randVec(rng, 8, 3), 1e4, -1e4, 40, -40)
	y := []float64{0, 1, 1, 0, 0.3, 1, 0, 0.5, 1, 1, 1, 0}
	// γ = 0 without α is BCE with logits.
	assertNear(t, "Focal γ=0", mk(Focal(x, y, FocalOptions{Alpha: -1})), mk(BCEWithLogits(x, y, BCEOptions{})), 1e-14)
	// Definition check (torchvision), element by element.
	for _, opts := range []FocalOptions{DefaultFocalOptions(), {Alpha: -1, Gamma: 0.5}, {Alpha: 0.8, Gamma: 1}, {Alpha: 0.3, Gamma: 0}} {
		el := make([]float64, len(x))
		mustOK(t, ge(FocalElems(el, x, y, opts)))
		for i := range x {
			p := sigmoid(x[i])
			ce := torchBCEWithLogits(x[i], y[i], 1, 1)
			pt := p*y[i] + (1-p)*(1-y[i])
			want := ce * math.Pow(1-pt, opts.Gamma)
			if opts.Alpha >= 0 {
				want *= opts.Alpha*y[i] + (1-opts.Alpha)*(1-y[i])
			}
			if math.Abs(x[i]) < 30 { // 1 − p_t cancels in torchvision's form beyond this
				assertNear(t, "Focal vs torchvision", el[i], want, 1e-12)
			}
		}
		g := make([]float64, len(x))
		mk(gv(FocalGrad(g, x, y, opts)))
		assertFinite(t, "FocalGrad", g...)
		checkGrad(t, "FocalGrad", func(z []float64) float64 { return mk(Focal(z, y, opts)) }, x, g, 1e-6)
	}
	// Focal down-weights easy examples: for a confident correct prediction
	// the focal loss is far below the BCE.
	easy := mk(Focal([]float64{5}, []float64{1}, FocalOptions{Alpha: -1, Gamma: 2}))
	if bce := softplus(-5); easy > 1e-4*bce {
		t.Errorf("Focal(easy) = %g, BCE = %g: not down-weighted", easy, bce)
	}
}

func TestFocalCE(t *testing.T) {
	rng := newRand(9)
	k, n := 4, 5
	logits := randVec(rng, n*k, 2)
	logits[0], logits[5] = 50, -50
	labels := []int{0, 1, 3, 2, 0}
	// γ = 0 is cross-entropy.
	// γ → 0 is cross-entropy (γ = 1e-300: (1 − q)^γ = 1 in float64); the
	// zero options are γ = 2, not 0 (a zero value meaning γ = 0 fails here).
	assertNear(t, "FocalCE γ→0", mk(FocalCE(logits, k, labels, FocalCEOptions{Gamma: 1e-300})), mk(CrossEntropy(logits, k, labels, CEOptions{})), 1e-14)
	assertNear(t, "FocalCEOptions{} = γ 2", mk(FocalCE(logits, k, labels, FocalCEOptions{})), mk(FocalCE(logits, k, labels, FocalCEOptions{Gamma: FocalGamma})), 0)
	g0 := make([]float64, n*k)
	gce := make([]float64, n*k)
	mk(gv(FocalCEGrad(g0, logits, k, labels, FocalCEOptions{Gamma: 1e-300})))
	mk(gv(CrossEntropyGrad(gce, logits, k, labels, CEOptions{})))
	for i := range g0 {
		assertNear(t, "FocalCEGrad γ=0", g0[i], gce[i], 1e-14)
	}
	for _, opts := range []FocalCEOptions{{Gamma: 2}, {Gamma: 0.5, Weights: []float64{0.25, 1, 2, 0.5}}} {
		el := make([]float64, n)
		mustOK(t, ge(FocalCEElems(el, logits, k, labels, opts)))
		lp := make([]float64, k)
		for i := range n {
			logSoftmax(lp, logits[i*k:(i+1)*k])
			q := math.Exp(lp[labels[i]])
			a := 1.0
			if opts.Weights != nil {
				a = opts.Weights[labels[i]]
			}
			assertNear(t, "FocalCE", el[i], -a*math.Pow(1-q, opts.Gamma)*math.Log(q), 1e-12)
		}
		g := make([]float64, n*k)
		mk(gv(FocalCEGrad(g, logits, k, labels, opts)))
		assertFinite(t, "FocalCEGrad", g...)
		checkGrad(t, "FocalCEGrad", func(z []float64) float64 { return mk(FocalCE(z, k, labels, opts)) }, logits, g, 1e-6)
	}
}

func TestBrierAndKL(t *testing.T) {
	prob := []float64{0.7, 0.2, 0.1, 0.1, 0.1, 0.8}
	labels := []int{0, 1}
	want := ((0.09 + 0.04 + 0.01) + (0.01 + 0.81 + 0.64)) / 2
	assertNear(t, "Brier", mk(Brier(prob, 3, labels, Options{})), want, 1e-15)
	g := make([]float64, 6)
	mk(gv(BrierGrad(g, prob, 3, labels, Options{})))
	checkGrad(t, "BrierGrad", func(p []float64) float64 { return mk(Brier(p, 3, labels, Options{})) }, prob, g, 1e-6)

	p := []float64{0.5, 0.5}
	q := []float64{0.25, 0.75}
	want = 0.5*math.Log(2) + 0.5*math.Log(2.0/3)
	assertNear(t, "KL", mk(KL(p, q)), want, 1e-15)
	assertNear(t, "KL(p, p)", mk(KL(p, p)), 0, 0)
	assertNear(t, "KL q=0", mk(KL([]float64{0.5, 0.5}, []float64{1, 0})), math.Inf(1), 0)
	logq := []float64{math.Log(0.25), math.Log(0.75), math.Log(0.5), math.Log(0.5)}
	tgt := []float64{0.5, 0.5, 0, 1}
	// Row 2: 0·log 0 = 0, 1·(0 − log 0.5) = log 2.
	assertNear(t, "KLDiv batchmean", mk(KLDiv(logq, 2, tgt, KLDivOptions{Reduction: BatchMean})), (want+math.Ln2)/2, 1e-15)
	// PyTorch's default "mean" divides by all N·k = 4 elements.
	assertNear(t, "KLDiv mean", mk(KLDiv(logq, 2, tgt, KLDivOptions{})), (want+math.Ln2)/4, 1e-15)
	lt := []float64{math.Log(0.5), math.Log(0.5), math.Log(0.3), math.Log(0.7)}
	pt := []float64{0.5, 0.5, 0.3, 0.7}
	assertNear(t, "KLDiv log_target", mk(KLDiv(logq, 2, lt, KLDivOptions{LogTarget: true})), mk(KLDiv(logq, 2, pt, KLDivOptions{})), 1e-15)
	for _, opts := range []KLDivOptions{{}, {Reduction: BatchMean}, {Reduction: Sum}} {
		g := make([]float64, 4)
		mk(gv(KLDivGrad(g, logq, 2, tgt, opts)))
		checkGrad(t, "KLDivGrad", func(x []float64) float64 { return mk(KLDiv(x, 2, tgt, opts)) }, logq, g, 1e-6)
	}
	el := make([]float64, 4)
	mustOK(t, ge(KLDivElems(el, logq, 2, tgt, KLDivOptions{})))
	assertNear(t, "KLDivElems[2]", el[2], 0, 0)
}

func TestClassificationErrors(t *testing.T) {
	x, y := []float64{0.2, 0.5}, []float64{0, 1}
	cases := []struct {
		err   error
		parts []string
	}{
		{second(BCE([]float64{1.2, 0.5}, y, BCEOptions{})), []string{"loss.BCE:", "prob[0] = 1.2", "[0, 1]"}},
		{second(BCE(x, []float64{0, math.NaN()}, BCEOptions{})), []string{"loss.BCE:", "target[1] is NaN"}},
		{second(BCE(x, y, BCEOptions{PosWeight: []float64{2}})), []string{"loss.BCE:", "opts.PosWeight", "BCEWithLogits"}},
		{second(BCE(x, y, BCEOptions{Reduction: None})), []string{"loss.BCE:", "reduction = None", "BCEElems"}},
		{second(BCE(x, y, BCEOptions{Weights: []float64{1, 2, 3}})), []string{"loss.BCE:", "len(opts.Weights) = 3"}},
		{ge(BCEElems(make([]float64, 1), x, y, BCEOptions{})), []string{"loss.BCEElems", "len(dst) = 1, want 2"}},
		{second(BCEWithLogits([]float64{math.Inf(1), 0}, y, BCEOptions{})), []string{"loss.BCEWithLogits", "logits[0] is +Inf"}},
		{second(BCEWithLogits(x, y, BCEOptions{PosWeight: []float64{-2}})), []string{"loss.BCEWithLogits", "opts.PosWeight[0] = -2"}},
		{second(gv(BCEWithLogitsGrad(make([]float64, 2), x, y[:1], BCEOptions{}))), []string{"loss.BCEWithLogitsGrad", "len(logits) = 2, len(target) = 1"}},
		{ge(BCEWithLogitsElems(nil, nil, nil, BCEOptions{})), []string{"loss.BCEWithLogitsElems", "empty input"}},
		{second(CrossEntropy([]float64{1, 2, 3}, 2, []int{0}, CEOptions{})), []string{"loss.CrossEntropy", "len(logits) = 3", "k = 2"}},
		{second(CrossEntropy([]float64{1, 2}, 0, []int{0}, CEOptions{})), []string{"loss.CrossEntropy", "k = 0"}},
		{second(CrossEntropy([]float64{1, 2}, 2, []int{2}, CEOptions{})), []string{"loss.CrossEntropy", "labels[0] = 2", "[0, 2)"}},
		{second(CrossEntropy([]float64{1, 2}, 2, []int{0, 1}, CEOptions{})), []string{"loss.CrossEntropy", "len(labels) = 2, want 1"}},
		{second(CrossEntropy([]float64{1, 2}, 2, []int{1}, CEOptions{LabelSmoothing: 1.5})), []string{"loss.CrossEntropy", "opts.LabelSmoothing = 1.5"}},
		{second(CrossEntropy([]float64{1, 2}, 2, []int{1}, CEOptions{Weights: []float64{1}})), []string{"loss.CrossEntropy", "len(opts.Weights) = 1, want 2"}},
		{second(CrossEntropy([]float64{1, 2}, 2, []int{1}, CEOptions{Weights: []float64{1, 0}})), []string{"loss.CrossEntropy", "sum to 0"}},
		{second(CrossEntropy([]float64{1, 2}, 2, []int{1}, CEOptions{Reduction: None})), []string{"loss.CrossEntropy", "CrossEntropyElems"}},
		{second(gv(CrossEntropyGrad(make([]float64, 1), []float64{1, 2}, 2, []int{1}, CEOptions{}))), []string{"loss.CrossEntropyGrad", "len(dst) = 1, want 2"}},
		{ge(CrossEntropyElems(make([]float64, 2), []float64{1, 2}, 2, []int{1}, CEOptions{})), []string{"loss.CrossEntropyElems", "len(dst) = 2, want 1"}},
		{second(CrossEntropyProbs([]float64{1, 2}, 2, []float64{0.5, -0.5}, CEOptions{})), []string{"loss.CrossEntropyProbs", "target[1] = -0.5"}},
		{ge(CrossEntropyProbsElems(nil, []float64{1, 2}, 2, []float64{0.5}, CEOptions{})), []string{"loss.CrossEntropyProbsElems", "len(logits) = 2, len(target) = 1"}},
		{second(Focal(x, y, FocalOptions{Alpha: 1.5})), []string{"loss.Focal:", "opts.Alpha = 1.5"}},
		{second(Focal(x, y, FocalOptions{Gamma: -1})), []string{"loss.Focal:", "opts.Gamma = -1"}},
		{ge(FocalElems(make([]float64, 2), x, []float64{2, 0}, FocalOptions{})), []string{"loss.FocalElems", "target[0] = 2"}},
		{second(FocalCE([]float64{1, 2}, 2, []int{-1}, FocalCEOptions{})), []string{"loss.FocalCE", "labels[0] = -1"}},
		{second(FocalCE([]float64{1, 2}, 2, []int{0}, FocalCEOptions{Gamma: math.NaN()})), []string{"loss.FocalCE", "opts.Gamma = NaN"}},
		{second(Brier([]float64{0.5, 0.6}, 2, []int{0}, Options{})), nil},
		{second(Brier([]float64{0.5, 1.6}, 2, []int{0}, Options{})), []string{"loss.Brier", "prob[1] = 1.6"}},
		{second(KLDiv([]float64{0, math.NaN()}, 2, []float64{0.5, 0.5}, KLDivOptions{})), []string{"loss.KLDiv", "logq[1] is NaN"}},
		{ge(KLDivElems(make([]float64, 2), []float64{0, 0}, 2, []float64{0.5, 1.5}, KLDivOptions{})), []string{"loss.KLDivElems", "target[1] = 1.5"}},
		{second(KL([]float64{0.5, 0.6}, []float64{0.5, 0.5})), []string{"loss.KL", "sum(p) = 1.1", "want 1"}},
		{second(KL([]float64{0.5, 0.5}, []float64{0.5})), []string{"loss.KL", "len(p) = 2, len(q) = 1"}},
	}
	for _, tc := range cases {
		if tc.parts == nil {
			if tc.err != nil {
				t.Errorf("unexpected error %v", tc.err)
			}
			continue
		}
		wantErr(t, tc.parts[0], tc.err, tc.parts...)
	}
}
