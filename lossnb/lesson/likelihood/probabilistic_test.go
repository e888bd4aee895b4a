package likelihood

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/internal/num"
)

func TestNLLCurve(t *testing.T) {
	rs := []float64{-2, 0, 0.5, 3}
	const s = 1.5
	g := nbtest.Must(NLLCurve("Gaussian", rs, s))(t)
	l := nbtest.Must(NLLCurve("Laplace", rs, s))(t)
	st, err := NLLCurve("Student-t", rs, s)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		// Closed forms: Gaussian r²/2s² + log s + ½log 2π; Laplace |r|/s + log 2s;
		// Student-t from its log-density (Γ via math.Lgamma).
		wg := r*r/(2*s*s) + math.Log(s) + 0.5*math.Log(2*math.Pi)
		wl := math.Abs(r)/s + math.Log(2*s)
		nu := float64(StudentNu)
		a, _ := math.Lgamma((nu + 1) / 2)
		b, _ := math.Lgamma(nu / 2)
		ws := -(a - b - 0.5*math.Log(nu*math.Pi) - math.Log(s) - (nu+1)/2*math.Log1p(r*r/(nu*s*s)))
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"Gaussian", g[i], wg}, {"Laplace", l[i], wl}, {"Student-t", st[i], ws}} {
			if !scalar.EqualWithinAbsOrRel(c.got, c.want, 1e-12, 1e-12) {
				t.Errorf("%s NLL at r = %v: %v, want %v", c.name, r, c.got, c.want)
			}
		}
	}
	// Each density integrates to 1.
	for _, name := range []string{"Gaussian", "Laplace", "Student-t"} {
		f := func(x float64) float64 { v, _ := NLLCurve(name, []float64{x}, s); return math.Exp(-v[0]) }
		if got := quad.Fixed(f, math.Inf(-1), math.Inf(1), 200, nil, 0); math.Abs(got-1) > 1e-3 {
			t.Errorf("%s density integrates to %v, want 1", name, got)
		}
	}
	_, err = NLLCurve("Cauchy", rs, 1)
	nbtest.WantErr(t, err, "likelihood.NLLCurve", "name", "Cauchy")
	_, err = NLLCurve("Gaussian", rs, 0)
	nbtest.WantErr(t, err, "likelihood.NLLCurve", "s = 0")
}

func TestLikelihoodLosses(t *testing.T) {
	items, err := LikelihoodLosses(Scales, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("%d charts, want 2", len(items))
	}
	neg := items[1].(*chart.Chart)
	if n := len(neg.Frames.Series); n != len(Scales) {
		t.Fatalf("%d frames, want %d", n, len(Scales))
	}
	k := neg.Frames.Slider.Init
	if Scales[k] != 1 {
		t.Errorf("starts at scale %v, want 1", Scales[k])
	}
	// Gaussian NLL − MSE/2 is the constant ½ log 2π at σ = 1.
	gs := neg.Frames.Series[k][0]
	for i, r := range gs.X {
		if d := gs.Y[i] - r*r/2; math.Abs(d-0.5*math.Log(2*math.Pi)) > 1e-12 {
			t.Fatalf("Gaussian NLL − r²/2 = %v at r = %v, want ½ log 2π", d, r)
		}
	}
	_, err = LikelihoodLosses([]float64{1, -1}, 1)
	nbtest.WantErr(t, err, "likelihood.LikelihoodLosses", "scales[1] = -1")
	_, err = LikelihoodLosses(nil, 1)
	nbtest.WantErr(t, err, "likelihood.LikelihoodLosses", "scales is empty")
}

func TestClassLikelihoods(t *testing.T) {
	c := nbtest.Must(ClassLikelihoods())(t)
	for i, z := range c.Series[0].X {
		p := 1 / (1 + math.Exp(-z))
		if !scalar.EqualWithinAbsOrRel(c.Series[0].Y[i], -math.Log(p), 1e-12, 1e-12) ||
			!scalar.EqualWithinAbsOrRel(c.Series[1].Y[i], -math.Log(1-p), 1e-12, 1e-12) ||
			!scalar.EqualWithinAbsOrRel(c.Series[2].Y[i], -math.Log(math.Exp(z)/(math.Exp(z)+2)), 1e-12, 1e-12) {
			t.Fatalf("NLL wrong at z = %v", z)
		}
	}
}

func TestPoisson(t *testing.T) {
	c, err := PoissonCounts(Rates, 3)
	if err != nil {
		t.Fatal(err)
	}
	k := c.Frames.Slider.Init
	lam := Rates[k]
	ys := c.Frames.Series[k][0].Y
	for i, p := range ys {
		lg, _ := math.Lgamma(float64(i) + 1)
		if want := math.Exp(float64(i)*math.Log(lam) - lam - lg); !scalar.EqualWithinAbsOrRel(p, want, 1e-12, 1e-12) {
			t.Errorf("P(%d | %v) = %v, want %v", i, lam, p, want)
		}
	}
	_, err = PoissonCounts([]float64{2, 0}, 1)
	nbtest.WantErr(t, err, "likelihood.PoissonCounts", "rates[1] = 0")
	got := nbtest.Must(PoissonBestRate([]float64{0, 1, 3, 2, 5}))(t)
	if math.Abs(got-2.2) > 1e-8 {
		t.Errorf("best rate %v, want the mean 2.2", got)
	}
	_, err = PoissonBestRate([]float64{1, -2})
	nbtest.WantErr(t, err, "likelihood.PoissonBestRate", "counts[1] = -2")
}

func TestExpectedScores(t *testing.T) {
	qs := num.Span(0.001, 0.999, 999)
	for _, p := range []float64{0.1, 0.3, 0.7} {
		if q := argmin(qs, func(q float64) float64 { return ExpectedLogScore(p, q) }); math.Abs(q-p) > 1e-9 {
			t.Errorf("log score minimised at %v, want p = %v", q, p)
		}
		if q := argmin(qs, func(q float64) float64 { return ExpectedBrier(p, q) }); math.Abs(q-p) > 1e-9 {
			t.Errorf("Brier minimised at %v, want p = %v", q, p)
		}
		// Brier decomposition: (q − p)² + p(1 − p).
		if d := ExpectedBrier(p, 0.42) - ((0.42-p)*(0.42-p) + p*(1-p)); math.Abs(d) > 1e-15 {
			t.Errorf("Brier decomposition off by %v", d)
		}
	}
	if ExpectedZeroOne(0.7, 0.55) != ExpectedZeroOne(0.7, 0.99) || ExpectedZeroOne(0.7, 0.2) != 0.7 {
		t.Error("0/1 expected loss is not flat on each side of ½")
	}
	c, err := ExpectedScores(ScorePs, 0.7)
	if err != nil {
		t.Fatal(err)
	}
	if got := ScorePs[c.Frames.Slider.Init]; math.Abs(got-0.7) > 1e-12 {
		t.Errorf("slider starts at %v, want 0.7", got)
	}
	_, err = ExpectedScores([]float64{0.5, 1}, 0.5)
	nbtest.WantErr(t, err, "likelihood.ExpectedScores", "ps[1] = 1")
}

func TestGradientCurves(t *testing.T) {
	items := nbtest.Must(GradientCurves())(t)
	cls := items[1].(*chart.Chart)
	for k, y := range []float64{1, 0} {
		s := cls.Series[k]
		for i, z := range s.X {
			if want := 1/(1+math.Exp(-z)) - y; math.Abs(s.Y[i]-want) > 1e-12 {
				t.Fatalf("∂CE/∂z at z = %v, y = %v: %v, want σ(z) − y = %v", z, y, s.Y[i], want)
			}
		}
	}
	reg := items[0].(*chart.Chart)
	for i, r := range reg.Series[0].X {
		if reg.Series[0].Y[i] != -2*r {
			t.Fatalf("MSE gradient at %v is %v, want −2r", r, reg.Series[0].Y[i])
		}
	}
}

func TestDescentTraces(t *testing.T) {
	c, traces, err := DescentTraces(DescentData, LearningRates, 0.1, 60)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Frames.Series) != len(LearningRates) {
		t.Fatalf("%d frames, want %d", len(c.Frames.Series), len(LearningRates))
	}
	j := num.Nearest(LearningRates, 0.1)
	mse, mae := traces[j][0], traces[j][1]
	if got := mse.Params[60][0]; math.Abs(got-stat.Mean(DescentData, nil)) > 1e-4 {
		t.Errorf("MSE descent ends at %v, want the mean %v", got, stat.Mean(DescentData, nil))
	}
	if got := mae.Params[60][0]; math.Abs(got-num.Median(DescentData)) > 0.1+1e-12 {
		t.Errorf("MAE descent ends at %v, want within η of the median %v", got, num.Median(DescentData))
	}
	if g := mae.GradNorm[60]; g < 0.1 {
		t.Errorf("MAE gradient %v at the end, want it not to shrink (1/9)", g)
	}
	_, _, err = DescentTraces(DescentData, nil, 0.1, 10)
	nbtest.WantErr(t, err, "likelihood.DescentTraces", "rates is empty")
	_, _, err = DescentTraces(DescentData, []float64{-1}, 0.1, 10)
	nbtest.WantErr(t, err, "likelihood.DescentTraces", "rates[0]", "LearningRate")
	if num.Median([]float64{4, 1, 3, 2}) != 2.5 || num.Median([]float64{5, 1, 3}) != 3 || !math.IsNaN(num.Median(nil)) {
		t.Error("medianOf wrong")
	}
}

func TestFitHetero(t *testing.T) {
	x, y, err := HeteroData(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	h := nbtest.Must(FitHetero(x, y))(t)
	// The gradient of the mean NLL vanishes at the fit (central differences).
	nll := func(th []float64) float64 {
		var s float64
		for i, xi := range x {
			v := math.Exp(th[2] + th[3]*xi)
			r := y[i] - th[0] - th[1]*xi
			s += 0.5*(math.Log(2*math.Pi*v)) + r*r/(2*v)
		}
		return s / float64(len(x))
	}
	th := []float64{h.A, h.B, h.C, h.D}
	if math.Abs(nll(th)-h.NLL) > 1e-9 {
		t.Errorf("NLL %v, recomputed %v", h.NLL, nll(th))
	}
	g := fd.Gradient(nil, nll, th, nil)
	for j, v := range g {
		if math.Abs(v) > 1e-5 {
			t.Errorf("gradient[%d] = %v at the fit, want 0", j, v)
		}
	}
	// The noise grows with x: σ(10)/σ(0) near the truth's 3.2/0.2 = 16.
	if r := h.Sigma(10) / h.Sigma(0); r < 8 || r > 32 {
		t.Errorf("σ(10)/σ(0) = %v, want about 16", r)
	}
	_, err = FitHetero([]float64{1, 2}, []float64{1})
	nbtest.WantErr(t, err, "likelihood.FitHetero", "len(x) = 2")
	_, _, err = HeteroData(2, 1)
	nbtest.WantErr(t, err, "likelihood.HeteroData", "n = 2")
	_, _, err = LearnedVariance(3, 10)
	nbtest.WantErr(t, err, "likelihood.LearnedVariance", "n = 3")
}

// fittedMVN returns CorrelatedData(n) and the full-covariance FitMVN on it.
func fittedMVN(t *testing.T, n int) (x, y []float64, m *MVNFit) {
	t.Helper()
	x, y, err := CorrelatedData(n)
	if err != nil {
		t.Fatal(err)
	}
	return x, y, nbtest.Must(FitMVN(x, y, false))(t)
}

func TestFitMVN(t *testing.T) {
	x, y, m := fittedMVN(t, 300)
	// Closed form: the means are each output's least-squares line (the same
	// regressors for both: SUR reduces to OLS), Σ the residual covariance over N.
	y1, y2 := make([]float64, len(x)), make([]float64, len(x))
	for i := range x {
		y1[i], y2[i] = y[2*i], y[2*i+1]
	}
	a1, b1 := stat.LinearRegression(x, y1, nil, false)
	a2, b2 := stat.LinearRegression(x, y2, nil, false)
	for _, c := range [][2]float64{{m.A1, a1}, {m.B1, b1}, {m.A2, a2}, {m.B2, b2}} {
		if math.Abs(c[0]-c[1]) > 1e-6 {
			t.Errorf("mean parameter %v, least squares gives %v", c[0], c[1])
		}
	}
	var s11, s22, s12 float64
	n := float64(len(x))
	for i, v := range x {
		r1, r2 := y1[i]-a1-b1*v, y2[i]-a2-b2*v
		s11 += r1 * r1 / n
		s22 += r2 * r2 / n
		s12 += r1 * r2 / n
	}
	s1, s2, rho := m.Cov()
	if math.Abs(s1-math.Sqrt(s11)) > 1e-6 || math.Abs(s2-math.Sqrt(s22)) > 1e-6 || math.Abs(rho-s12/math.Sqrt(s11*s22)) > 1e-6 {
		t.Errorf("learned (σ₁, σ₂, ρ) = (%v, %v, %v), want (%v, %v, %v)", s1, s2, rho, math.Sqrt(s11), math.Sqrt(s22), s12/math.Sqrt(s11*s22))
	}
	d := nbtest.Must(FitMVN(x, y, true))(t)
	if _, _, r := d.Cov(); r != 0 || d.NLL <= m.NLL {
		t.Errorf("diagonal fit: ρ = %v, NLL %v (full %v): want ρ = 0 and a larger NLL", r, d.NLL, m.NLL)
	}
	_, err := FitMVN(x, y[:10], false)
	nbtest.WantErr(t, err, "likelihood.FitMVN", "len(y) = 10")
	_, _, err = CorrelatedData(1)
	nbtest.WantErr(t, err, "likelihood.CorrelatedData", "n = 1")
	if _, _, _, err := LearnedCovariance(200); err != nil {
		t.Fatal(err)
	}
}

func TestCalibrationModels(t *testing.T) {
	ms, err := CalibrationModels(500, 5000)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 5 {
		t.Fatalf("%d models, want 5", len(ms))
	}
	// Cross-entropy is the best calibrated of the trained models; its logit
	// multiple has the same accuracy (same decisions) and a worse ECE.
	for _, m := range ms[1:4] {
		if m.ECE <= ms[0].ECE {
			t.Errorf("%s: ECE %v ≤ cross-entropy's %v", m.Name, m.ECE, ms[0].ECE)
		}
	}
	if ms[3].Accuracy != ms[0].Accuracy {
		t.Errorf("scaled logits changed the accuracy: %v vs %v", ms[3].Accuracy, ms[0].Accuracy)
	}
	if _, err := ReliabilityChart(ms); err != nil {
		t.Fatal(err)
	}
	_, err = ReliabilityChart(nil)
	nbtest.WantErr(t, err, "likelihood.ReliabilityChart", "models is empty")
	_, err = CalibrationModels(1, 10)
	nbtest.WantErr(t, err, "likelihood.BinaryData", "n = 1")
}

func TestMetricTrace(t *testing.T) {
	_, tr, err := MetricTrace(400, 150)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(tr.Loss); i++ {
		if tr.Loss[i] > tr.Loss[i-1]+1e-12 {
			t.Fatalf("log-loss rose at step %d", i)
		}
	}
	if tr.F1[0] != 0 || tr.Metric[0] < 0.85 {
		t.Errorf("start: accuracy %v, F1 %v; want high accuracy and F1 0 (all predicted class 0)", tr.Metric[0], tr.F1[0])
	}
	_, _, err = MetricTrace(400, -1)
	nbtest.WantErr(t, err, "likelihood.MetricTrace", "Steps = -1")
}

func TestQuantileBands(t *testing.T) {
	c, iv, err := QuantileBands(200, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Series) != 4 || iv.Nominal != 0.8 || math.Abs(iv.Coverage-0.8) > 0.05 {
		t.Errorf("%d series, interval nominal %v coverage %v; want 4 and 0.8 ± 0.05", len(c.Series), iv.Nominal, iv.Coverage)
	}
	_, _, err = QuantileBands(200, 2)
	nbtest.WantErr(t, err, "likelihood.QuantileBands", "n = 2")
}

func TestWeightedCE(t *testing.T) {
	rs, err := WeightedCE(1000, 4000, [][]float64{{1, 1, 1}, {1, 3, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if rs[1].Recall[1] <= rs[0].Recall[1] || rs[1].Predicted[1] <= rs[0].Predicted[1] {
		t.Errorf("weighting the rare class did not raise its recall: %v → %v", rs[0].Recall[1], rs[1].Recall[1])
	}
	_, err = WeightedCE(1000, 10, [][]float64{{1, 1}})
	nbtest.WantErr(t, err, "likelihood.WeightedCE", "len(classWeights[0]) = 2")
	_, _, err = ImbalancedData(2, 1)
	nbtest.WantErr(t, err, "likelihood.ImbalancedData", "n = 2")
	x, lab, _ := ImbalancedData(20000, 9)
	var rare float64
	for _, k := range lab {
		if k == 1 {
			rare++
		}
	}
	if f := rare / float64(len(x)); math.Abs(f-0.05) > 0.01 {
		t.Errorf("rare class frequency %v, want 0.05", f)
	}
}

func TestBrierEarlyStopping(t *testing.T) {
	_, es, err := BrierEarlyStopping(60, 30, 300)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range es.ValBrier {
		if b < es.ValBrier[es.Best] {
			t.Fatalf("validation Brier %v at step %d below the chosen step's %v", b, i, es.ValBrier[es.Best])
		}
	}
	if es.Best == 0 || es.Best == 300 || es.TrainLoss[300] >= es.TrainLoss[es.Best] {
		t.Errorf("best step %d: want overfitting after an interior optimum", es.Best)
	}
	if es.ValBrier[0] != 0.25 {
		t.Errorf("Brier at θ = 0 is %v, want 0.25 (p = ½ everywhere)", es.ValBrier[0])
	}
	_, _, err = BrierEarlyStopping(60, 0, 10)
	nbtest.WantErr(t, err, "likelihood.BrierEarlyStopping", "dim = 0")
}

func TestEllipse(t *testing.T) {
	_, _, m := fittedMVN(t, 100)
	xs, ys := ellipse(m.L, 2, 37)
	l11, l21, l22 := m.L.At(0, 0), m.L.At(1, 0), m.L.At(1, 1)
	for i := range xs {
		// z = L⁻¹ p by forward substitution; every contour point has ‖z‖ = 2.
		z1 := xs[i] / l11
		z2 := (ys[i] - l21*z1) / l22
		if d := math.Hypot(z1, z2); math.Abs(d-2) > 1e-12 {
			t.Fatalf("contour point %d at Mahalanobis distance %v, want 2", i, d)
		}
	}
	if math.Abs(xs[0]-xs[36]) > 1e-12 || math.Abs(ys[0]-ys[36]) > 1e-12 {
		t.Error("contour is not closed")
	}
}
