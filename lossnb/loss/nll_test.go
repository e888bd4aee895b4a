package loss

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// nllData returns the four predictions, targets and scales (variances or spreads) the
// likelihood tests share.
func nllData() (mu, y, scale []float64) {
	return []float64{0.5, -1, 2, 0}, []float64{1, 1, -0.5, 0.1}, []float64{0.5, 2, 1.5, 0.25}
}

func TestGaussianNLL(t *testing.T) {
	mu, y, v := nllData()
	// Full: the exact −log N(y; μ, σ²).
	var want float64
	for i := range mu {
		r := y[i] - mu[i]
		want += 0.5*math.Log(2*math.Pi*v[i]) + r*r/(2*v[i])
	}
	assertNear(t, "GaussianNLL full", mk(GaussianNLL(mu, y, v, NLLOptions{Full: true})), want/4, 1e-14)
	// Fixed unit variance, no constant: ½·MSE.
	assertNear(t, "GaussianNLL(σ²=1)", mk(GaussianNLL(mu, y, []float64{1}, NLLOptions{})), 0.5*mk(MSE(mu, y, Options{})), 1e-15)
	// PyTorch's eps clamp.
	got := mk(GaussianNLL([]float64{0}, []float64{1e-3}, []float64{1e-9}, NLLOptions{Eps: GaussianNLLEpsPyTorch}))
	assertNear(t, "GaussianNLL clamp", got, 0.5*(math.Log(1e-6)+(1e-3*1e-3)/1e-6) /* (y−μ)²/clamped var */, 1e-14)
	for _, vv := range [][]float64{v, {0.7}} {
		for _, opts := range []NLLOptions{{}, {Full: true, Reduction: Sum}} {
			dp, dv := make([]float64, 4), make([]float64, len(vv))
			mk(gv2(GaussianNLLGrad(dp, dv, mu, y, vv, opts)))
			checkGrad(t, "GaussianNLL dPred", func(p []float64) float64 { return mk(GaussianNLL(p, y, vv, opts)) }, mu, dp, 1e-6)
			checkGrad(t, "GaussianNLL dVar", func(s []float64) float64 { return mk(GaussianNLL(mu, y, s, opts)) }, vv, dv, 1e-6)
		}
	}
	// dVar may be nil (fixed variance).
	mk(gv2(GaussianNLLGrad(make([]float64, 4), nil, mu, y, v, NLLOptions{})))
}

func TestLaplaceAndStudentT(t *testing.T) {
	mu, y, b := nllData()
	var want float64
	for i := range mu {
		want += math.Log(2*b[i]) + math.Abs(y[i]-mu[i])/b[i]
	}
	assertNear(t, "LaplaceNLL full", mk(LaplaceNLL(mu, y, b, NLLOptions{Full: true})), want/4, 1e-14)
	assertNear(t, "LaplaceNLL(b=1) = MAE", mk(LaplaceNLL(mu, y, []float64{1}, NLLOptions{})), mk(MAE(mu, y, Options{})), 1e-15)
	dp, db := make([]float64, 4), make([]float64, 4)
	mk(gv2(LaplaceNLLGrad(dp, db, mu, y, b, NLLOptions{})))
	checkGrad(t, "LaplaceNLL dPred", func(p []float64) float64 { return mk(LaplaceNLL(p, y, b, NLLOptions{})) }, mu, dp, 1e-6)
	checkGrad(t, "LaplaceNLL dScale", func(s []float64) float64 { return mk(LaplaceNLL(mu, y, s, NLLOptions{})) }, b, db, 1e-6)

	for _, nu := range []float64{1, 3, 30} {
		want = 0
		for i := range mu {
			r := (y[i] - mu[i]) / b[i]
			lg1, _ := math.Lgamma((nu + 1) / 2)
			lg2, _ := math.Lgamma(nu / 2)
			// log density of the scaled t distribution
			logpdf := lg1 - lg2 - 0.5*math.Log(nu*math.Pi) - math.Log(b[i]) - (nu+1)/2*math.Log1p(r*r/nu)
			want -= logpdf
		}
		assertNear(t, "StudentTNLL full", mk(StudentTNLL(mu, y, b, nu, NLLOptions{Full: true})), want/4, 1e-14)
		dp, ds := make([]float64, 4), make([]float64, 4)
		mk(gv2(StudentTNLLGrad(dp, ds, mu, y, b, nu, NLLOptions{})))
		checkGrad(t, "StudentTNLL dPred", func(p []float64) float64 { return mk(StudentTNLL(p, y, b, nu, NLLOptions{})) }, mu, dp, 1e-6)
		checkGrad(t, "StudentTNLL dScale", func(s []float64) float64 { return mk(StudentTNLL(mu, y, s, nu, NLLOptions{})) }, b, ds, 1e-6)
	}
	// ν = 1 is the Cauchy density 1/(πσ(1 + u²)).
	assertNear(t, "StudentT(ν=1)", mk(StudentTNLL([]float64{0}, []float64{2}, []float64{1}, 1, NLLOptions{Full: true})),
		math.Log(math.Pi)+math.Log(5), 1e-14)
	// Residual 1e150: finite, log-asymptotic.
	dp1, ds1 := make([]float64, 1), make([]float64, 1)
	v := mk(gv2(StudentTNLLGrad(dp1, ds1, []float64{0}, []float64{1e150}, []float64{1}, 3, NLLOptions{})))
	assertNear(t, "StudentT(1e150)", v, 2*(2*math.Log(1e150)-math.Log(3)), 1e-14)
	assertNear(t, "StudentT'(1e150)", dp1[0], -4/1e150, 1e-14)
	assertFinite(t, "StudentT dScale(1e150)", ds1...)
}

func TestPoisson(t *testing.T) {
	lam := []float64{2, 0.5, 7, 0}
	y := []float64{3, 0, 5, 0}
	want := (2 - 3*math.Log(2)) + 0.5 + (7 - 5*math.Log(7)) + 0
	assertNear(t, "PoissonNLL", mk(PoissonNLL(lam, y, NLLOptions{Reduction: Sum, NoEps: true})), want, 1e-14)
	full := want + math.Log(6) + math.Log(120)
	assertNear(t, "PoissonNLL full", mk(PoissonNLL(lam, y, NLLOptions{Reduction: Sum, Full: true, Exact: true, NoEps: true})), full, 1e-14)
	// PyTorch's eps inside the log.
	assertNear(t, "PoissonNLL eps", mk(PoissonNLL([]float64{0}, []float64{2}, NLLOptions{Eps: PoissonNLLEpsPyTorch})), -2*math.Log(1e-8), 1e-14)
	// A zero rate with a positive count is impossible: +Inf, not NaN.
	if v := mk(PoissonNLL([]float64{0}, []float64{1}, NLLOptions{NoEps: true})); !math.IsInf(v, 1) {
		t.Errorf("PoissonNLL(0 | 1) = %v, want +Inf", v)
	}
	logLam := []float64{math.Log(2), math.Log(0.5), math.Log(7)}
	assertNear(t, "PoissonNLLLog = PoissonNLL", mk(PoissonNLLLog(logLam, y[:3], NLLOptions{})), mk(PoissonNLL(lam[:3], y[:3], NLLOptions{NoEps: true})), 1e-14)
	g := make([]float64, 3)
	mk(gv(PoissonNLLGrad(g, lam[:3], y[:3], NLLOptions{NoEps: true})))
	checkGrad(t, "PoissonNLLGrad", func(l []float64) float64 { return mk(PoissonNLL(l, y[:3], NLLOptions{})) }, lam[:3], g, 1e-6)
	mk(gv(PoissonNLLLogGrad(g, logLam, y[:3], NLLOptions{})))
	checkGrad(t, "PoissonNLLLogGrad", func(l []float64) float64 { return mk(PoissonNLLLog(l, y[:3], NLLOptions{})) }, logLam, g, 1e-6)
	// Extreme log-rates.
	assertNear(t, "PoissonNLLLog(-1e4)", mk(PoissonNLLLog([]float64{-1e4}, []float64{2}, NLLOptions{})), 2e4, 0)
}

func TestBernoulliCategorical(t *testing.T) {
	x := []float64{-2, 0.5, 3}
	y := []float64{0, 1, 1}
	assertNear(t, "BernoulliNLL", mk(BernoulliNLL(x, y, Options{})), mk(BCEWithLogits(x, y, BCEOptions{})), 0)
	g := make([]float64, 3)
	mk(gv(BernoulliNLLGrad(g, x, y, Options{Reduction: Sum})))
	assertNear(t, "BernoulliNLLGrad", g[1], sigmoid(0.5)-1, 1e-15)

	rng := newRand(10)
	k, n := 3, 4
	logits := randVec(rng, n*k, 2)
	logp := make([]float64, n*k)
	for i := range n {
		logSoftmax(logp[i*k:(i+1)*k], logits[i*k:(i+1)*k])
	}
	labels := []int{2, 0, 1, 1}
	for _, w := range [][]float64{nil, {0.5, 2, 1}} {
		opts := CEOptions{Weights: w}
		assertNear(t, "CategoricalNLL = CE∘logsoftmax", mk(CategoricalNLL(logp, k, labels, opts)), mk(CrossEntropy(logits, k, labels, opts)), 1e-14)
		gd := make([]float64, n*k)
		mk(gv(CategoricalNLLGrad(gd, logp, k, labels, opts)))
		checkGrad(t, "CategoricalNLLGrad", func(l []float64) float64 { return mk(CategoricalNLL(l, k, labels, opts)) }, logp, gd, 1e-6)
	}
}

func TestMultivariateGaussianNLL(t *testing.T) {
	// d = 1 is the univariate Gaussian with σ² = L².
	l1 := mat.NewTriDense(1, mat.Lower, []float64{1.5})
	mu := []float64{0.3, -1, 2}
	y := []float64{1, 0, 2.5}
	assertNear(t, "MVN d=1", mk(MultivariateGaussianNLL(mu, y, l1, NLLOptions{Full: true})),
		mk(GaussianNLL(mu, y, []float64{2.25}, NLLOptions{Full: true})), 1e-14)

	// d = 3 against the textbook formula with an explicit inverse and determinant.
	L := mat.NewTriDense(3, mat.Lower, []float64{
		1.2, 0, 0,
		-0.4, 0.8, 0,
		0.3, 0.5, 1.5,
	})
	var sigma mat.Dense
	sigma.Mul(L, L.T())
	var inv mat.Dense
	mustOK(t, inv.Inverse(&sigma))
	logdet := math.Log(mat.Det(&sigma))
	rng := newRand(11)
	n, d := 4, 3
	mean, target := randVec(rng, n*d, 1), randVec(rng, n*d, 1)
	var want float64
	for i := range n {
		r := mat.NewVecDense(d, nil)
		for j := range d {
			r.SetVec(j, target[i*d+j]-mean[i*d+j])
		}
		want += 0.5*mat.Inner(r, &inv, r) + 0.5*logdet + 1.5*math.Log(2*math.Pi)
	}
	assertNear(t, "MVN d=3", mk(MultivariateGaussianNLL(mean, target, L, NLLOptions{Full: true})), want/float64(n), 1e-13)

	// Gradients: mean, and the 6 lower-triangular entries of L.
	dMean := make([]float64, n*d)
	var dL mat.TriDense
	mk(gvm(MultivariateGaussianNLLGrad(dMean, &dL, mean, target, L, NLLOptions{})))
	checkGrad(t, "MVN dMean", func(m []float64) float64 { return mk(MultivariateGaussianNLL(m, target, L, NLLOptions{})) }, mean, dMean, 1e-6)
	var entries, grads []float64
	for i := range d {
		for j := 0; j <= i; j++ {
			entries = append(entries, L.At(i, j))
			grads = append(grads, dL.At(i, j))
		}
	}
	checkGrad(t, "MVN dChol", func(e []float64) float64 {
		m := mat.NewTriDense(d, mat.Lower, nil)
		idx := 0
		for i := range d {
			for j := 0; j <= i; j++ {
				m.SetTri(i, j, e[idx])
				idx++
			}
		}
		return mk(MultivariateGaussianNLL(mean, target, m, NLLOptions{}))
	}, entries, grads, 1e-6)
}

func TestNLLErrors(t *testing.T) {
	p, y := []float64{1, 2}, []float64{0, 1}
	upper := mat.NewTriDense(2, mat.Upper, []float64{1, 0, 0, 1})
	badDiag := mat.NewTriDense(2, mat.Lower, []float64{1, 0, 0.5, -1})
	eye := mat.NewTriDense(2, mat.Lower, []float64{1, 0, 0, 1})
	cases := []struct {
		err   error
		parts []string
	}{
		{second(GaussianNLL(p, y, []float64{1, -1}, NLLOptions{})), []string{"loss.GaussianNLL", "variance[1] = -1", "≥ 0"}},
		{second(GaussianNLL(p, y, []float64{1, 0}, NLLOptions{NoEps: true})), []string{"loss.GaussianNLL", "variance[1] = 0", "> 0"}},
		{second(GaussianNLL(p, y, nil, NLLOptions{})), []string{"loss.GaussianNLL", "len(variance) = 0"}},
		{second(GaussianNLL(p, y, []float64{1, 1, 1}, NLLOptions{})), []string{"loss.GaussianNLL", "len(variance) = 3"}},
		{second(GaussianNLL(p, y, []float64{1}, NLLOptions{Eps: -1})), []string{"loss.GaussianNLL", "opts.Eps = -1"}},
		{second(GaussianNLL(p, y, []float64{1}, NLLOptions{Reduction: None})), []string{"loss.GaussianNLL", "reduction = None"}},
		{second(gv2(GaussianNLLGrad(make([]float64, 2), make([]float64, 2), p, y, []float64{1}, NLLOptions{}))), []string{"loss.GaussianNLLGrad", "len(dVariance) = 2, want 1"}},
		{second(LaplaceNLL(p, y, []float64{0}, NLLOptions{})), []string{"loss.LaplaceNLL", "scale[0] = 0"}},
		{second(LaplaceNLL(p, y, []float64{1}, NLLOptions{Eps: 1e-6})), []string{"loss.LaplaceNLL", "opts.Eps = 1e-06", "want 0"}},
		{second(StudentTNLL(p, y, []float64{1}, 0, NLLOptions{})), []string{"loss.StudentTNLL", "nu = 0"}},
		{second(PoissonNLL([]float64{-1}, []float64{1}, NLLOptions{})), []string{"loss.PoissonNLL", "rate[0] = -1"}},
		{second(PoissonNLL([]float64{1}, []float64{-1}, NLLOptions{})), []string{"loss.PoissonNLL", "target[0] = -1"}},
		{second(PoissonNLLLog([]float64{math.NaN()}, []float64{1}, NLLOptions{})), []string{"loss.PoissonNLLLog", "logRate[0] is NaN"}},
		{second(PoissonNLLLog([]float64{1}, []float64{1}, NLLOptions{Eps: 1})), []string{"loss.PoissonNLLLog", "opts.Eps = 1"}},
		{second(BernoulliNLL(p, []float64{0, 2}, Options{})), []string{"loss.BernoulliNLL", "target[1] = 2"}},
		{second(CategoricalNLL([]float64{-1, -1}, 2, []int{3}, CEOptions{})), []string{"loss.CategoricalNLL", "labels[0] = 3"}},
		{second(CategoricalNLL([]float64{-1, -1}, 2, []int{0}, CEOptions{LabelSmoothing: 0.1})), []string{"loss.CategoricalNLL", "opts.LabelSmoothing = 0.1"}},
		{second(MultivariateGaussianNLL(p, y, nil, NLLOptions{})), []string{"loss.MultivariateGaussianNLL", "chol is empty"}},
		{second(MultivariateGaussianNLL(p, y, upper, NLLOptions{})), []string{"loss.MultivariateGaussianNLL", "upper", "mat.Lower"}},
		{second(MultivariateGaussianNLL(p, y, badDiag, NLLOptions{})), []string{"loss.MultivariateGaussianNLL", "chol[1][1] = -1", "positive diagonal"}},
		{second(MultivariateGaussianNLL([]float64{1, 2, 3}, []float64{1, 2, 3}, eye, NLLOptions{})), []string{"loss.MultivariateGaussianNLL", "len(mean) = 3"}},
		{second(gvm(MultivariateGaussianNLLGrad(nil, mat.NewTriDense(3, mat.Lower, nil), p, y, eye, NLLOptions{}))), []string{"loss.MultivariateGaussianNLLGrad", "dChol is 3×3"}},
	}
	for _, tc := range cases {
		wantErr(t, tc.parts[0], tc.err, tc.parts...)
	}
}
