package likelihood

// Notebook 02, continued: the multi-class gradient, calibration as the training set
// grows, per-sample weights, penalised fits and their MAP reading, and the
// Student-t likelihood used as a fitting loss.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
	"github.com/lossnb/lossnb/lossnb/metric"
)

// SoftmaxGrad is one example's softmax probabilities and the gradient of its
// cross-entropy with respect to the logits.
type SoftmaxGrad struct {
	Probs, Grad []float64
}

// SoftmaxGradient returns softmax(z) (computed with the log-sum-exp of gonum's
// floats.LogSumExp) and ∂CE/∂z (from loss.CrossEntropyGrad) for one example with
// logits z and a class index label. The gradient is softmax(z) − onehot(label):
// with two classes and logits (0, z) its second component is σ(z) − y, the binary
// gradient (Bishop 2006, §4.3.4).
func SoftmaxGradient(logits []float64, label int) (*SoftmaxGrad, error) {
	k := len(logits)
	g := &SoftmaxGrad{Probs: make([]float64, k), Grad: make([]float64, k)}
	if _, _, err := loss.CrossEntropyGrad(g.Grad, logits, k, []int{label}, loss.CEOptions{}); err != nil {
		return nil, fmt.Errorf("likelihood.SoftmaxGradient: %w", err)
	}
	lse := floats.LogSumExp(logits)
	for c, z := range logits {
		g.Probs[c] = math.Exp(z - lse)
	}
	return g, nil
}

// CalibrationNs are the training-set sizes of CalibrationGrowth.
var CalibrationNs = []int{25, 50, 100, 200, 400, 800, 1600}

// CalibGrowth is the ECE of linear classifiers trained under three losses on
// training sets of growing size, over several seeds.
type CalibGrowth struct {
	Ns    []int
	Names []string      // the losses: cross-entropy, focal γ = 2, hinge
	ECE   [][][]float64 // ECE[l][k][s]: loss l, size Ns[k], seed s
	// Floor is the ECE of the true probabilities σ(3x) on the same test set: what
	// the 10-bin estimate reports for a perfectly calibrated model, because each
	// bin's observed frequency is itself a sample.
	Floor float64
}

// MeanECE returns the mean ECE over the seeds of loss l at size Ns[k].
func (g *CalibGrowth) MeanECE(l, k int) float64 { return stat.Mean(g.ECE[l][k], nil) }

// CalibrationGrowth trains linear classifiers on BinaryData(n, 3, 0, 100 + s) for
// each n in ns and each seed s = 1 … seeds, under cross-entropy (loss.Logistic),
// focal (γ = 2) and hinge losses, turns the scores into probabilities σ(f), and
// measures their 10-bin ECE on one test set BinaryData(test, 3, 0, 2). It returns
// a bar chart of the mean ECE against n per loss, and the numbers.
//
// The model family holds the truth (P(y = 1 | x) = σ(3x) is linear in the logit),
// so maximum likelihood is consistent: the cross-entropy model's ECE falls towards
// the floor as n grows. Focal and hinge minimise other expected losses, whose
// minimisers are not the true probabilities: their ECE does not fall to the floor.
func CalibrationGrowth(ns []int, seeds, test int) (*chart.Chart, *CalibGrowth, error) {
	if len(ns) == 0 {
		return nil, nil, fmt.Errorf("likelihood.CalibrationGrowth: ns is empty")
	}
	if seeds < 1 {
		return nil, nil, fmt.Errorf("likelihood.CalibrationGrowth: seeds = %d, want ≥ 1", seeds)
	}
	xt, yt, err := BinaryData(test, 3, 0, 2)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.CalibrationGrowth: %w", err)
	}
	losses := []loss.Margin{loss.Logistic{}, loss.FocalMargin{Gamma: 2}, loss.Hinge{}}
	g := &CalibGrowth{Ns: ns, Names: []string{"cross-entropy", "focal γ = 2", "hinge"}}
	g.ECE = make([][][]float64, len(losses))
	p := make([]float64, len(yt))
	for i, row := range xt {
		p[i] = loss.Sigmoid(3 * row[0])
	}
	floor, err := metric.Calibrate(p, yt, 10)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.CalibrationGrowth: %w", err)
	}
	g.Floor = floor.ECE
	for l := range losses {
		g.ECE[l] = make([][]float64, len(ns))
	}
	for k, n := range ns {
		for s := 1; s <= seeds; s++ {
			x, y, err := BinaryData(n, 3, 0, uint64(100+s))
			if err != nil {
				return nil, nil, fmt.Errorf("likelihood.CalibrationGrowth: ns[%d]: %w", k, err)
			}
			for l, lf := range losses {
				m, err := fit.Logistic(x, y, lf, nil)
				if err != nil {
					return nil, nil, fmt.Errorf("likelihood.CalibrationGrowth: n = %d, seed %d, %s: %w", n, s, g.Names[l], err)
				}
				for i, row := range xt {
					p[i] = loss.Sigmoid(m.Intercept + m.Coef[0]*row[0])
				}
				r, err := metric.Calibrate(p, yt, 10)
				if err != nil {
					return nil, nil, fmt.Errorf("likelihood.CalibrationGrowth: %w", err)
				}
				g.ECE[l][k] = append(g.ECE[l][k], r.ECE)
			}
		}
	}
	cats := make([]string, len(ns))
	for k, n := range ns {
		cats[k] = strconv.Itoa(n)
	}
	c := chart.NewBars(fmt.Sprintf("Calibration as the training set grows (mean ECE over %d seeds)", seeds), cats...)
	c.XLabel, c.YLabel = "training points n", "ECE on new data"
	for l, name := range g.Names {
		ys := make([]float64, len(ns))
		for k := range ns {
			ys[k] = g.MeanECE(l, k)
		}
		c.AddSeries(&chart.Series{Name: name, Kind: chart.KindBar, Y: ys})
	}
	return c, g, nil
}

// WLSStudy compares ordinary and weighted least squares on many data sets.
type WLSStudy struct {
	Sets      int
	OLS, WLS  []float64 // the fitted slopes, one per data set
	TrueSlope float64
}

// RMSE returns the root mean squared error of the slopes around the true slope.
func (w *WLSStudy) RMSE(slopes []float64) float64 {
	var s float64
	for _, b := range slopes {
		s += (b - w.TrueSlope) * (b - w.TrueSlope)
	}
	return math.Sqrt(s / float64(len(slopes)))
}

// WeightedLeastSquares fits a line to sets data sets HeteroData(n, 100 + s), whose
// noise has the known standard deviation σ(x) = 0.2 + 0.3x, by ordinary least
// squares and by least squares with the per-sample weights wᵢ = 1/σ(xᵢ)²
// (fit.Linear with Options.Weights), and returns both slopes per data set. The
// weighted fit is the Gaussian maximum-likelihood estimate with a known variance
// per point; by the Gauss–Markov theorem it has the smallest variance among
// linear unbiased estimates (Aitken 1935).
func WeightedLeastSquares(n, sets int) (*WLSStudy, error) {
	if sets < 2 {
		return nil, fmt.Errorf("likelihood.WeightedLeastSquares: sets = %d, want ≥ 2", sets)
	}
	st := &WLSStudy{Sets: sets, TrueSlope: 0.5}
	for s := 1; s <= sets; s++ {
		x, y, err := HeteroData(n, uint64(100+s))
		if err != nil {
			return nil, fmt.Errorf("likelihood.WeightedLeastSquares: %w", err)
		}
		w := make([]float64, n)
		for i, v := range x {
			sd := 0.2 + 0.3*v
			w[i] = 1 / (sd * sd)
		}
		ols, err := fit.Linear(num.Column(x), y, loss.Squared{}, nil)
		if err != nil {
			return nil, fmt.Errorf("likelihood.WeightedLeastSquares: %w", err)
		}
		wls, err := fit.Linear(num.Column(x), y, loss.Squared{}, &fit.Options{Weights: w})
		if err != nil {
			return nil, fmt.Errorf("likelihood.WeightedLeastSquares: %w", err)
		}
		st.OLS, st.WLS = append(st.OLS, ols.Coef[0]), append(st.WLS, wls.Coef[0])
	}
	return st, nil
}

// SparseTrue are the coefficients of the useful features of SparseData.
var SparseTrue = []float64{2, -1, 0.5}

// SparseData returns n points with p ≥ 3 standard Gaussian features and
// y = 1 + 2x₀ − x₁ + 0.5x₂ + ε, ε ~ N(0, 1): three useful features, p − 3 useless
// ones, from the stream (seed, 23).
func SparseData(n, p int, seed uint64) (x [][]float64, y []float64, err error) {
	if n < 2 || p < len(SparseTrue) {
		return nil, nil, fmt.Errorf("likelihood.SparseData: n = %d, p = %d, want n ≥ 2 and p ≥ %d", n, p, len(SparseTrue))
	}
	e := normalSrc(seed, 23)
	x = make([][]float64, n)
	y = make([]float64, n)
	for i := range x {
		x[i] = make([]float64, p)
		y[i] = 1
		for j := range x[i] {
			x[i][j] = e.Rand()
			if j < len(SparseTrue) {
				y[i] += SparseTrue[j] * x[i][j]
			}
		}
		y[i] += e.Rand()
	}
	return x, y, nil
}

// PenaltyFit is one penalised least-squares fit of PenalizedFits.
type PenaltyFit struct {
	Name    string
	Pen     fit.Penalty
	Coef    []float64
	TestMSE float64 // mean squared error on new data
	Zeros   int     // coefficients exactly 0
	// UselessSize is Σ|βⱼ| over the useless features (j ≥ 3).
	UselessSize float64
}

// PriorScales turn prior scales into penalties, the MAP reading of
// fit.Penalty: with Gaussian noise of standard deviation sigma on n points, a
// Gaussian prior N(0, τ²) on each coefficient is L2 = 2σ²/(nτ²) and a Laplace
// prior of scale b is L1 = 2σ²/(nb).
func PriorScales(sigma float64, n int, tau, b float64) fit.Penalty {
	var p fit.Penalty
	if tau > 0 {
		p.L2 = 2 * sigma * sigma / (float64(n) * tau * tau)
	}
	if b > 0 {
		p.L1 = 2 * sigma * sigma / (float64(n) * b)
	}
	return p
}

// PenaltyPriors are the prior scales of the penalised fits of notebook 02: a
// Gaussian prior with τ = 1 and a Laplace prior with b = 0.25, for noise σ = 1.
var PenaltyPriors = struct{ Tau, B float64 }{1, 0.25}

// PenalizedFits fits SparseData(n, p, seed) by least squares without a penalty,
// with the ridge penalty of a Gaussian prior N(0, τ²) and with the lasso penalty of
// a Laplace prior of scale b (PenaltyPriors, PriorScales with σ = 1), all with
// fit.PenalizedLeastSquares, and scores them on SparseData(2000, p, seed + 1000).
func PenalizedFits(n, p int, seed uint64) ([]PenaltyFit, error) {
	x, y, err := SparseData(n, p, seed)
	if err != nil {
		return nil, fmt.Errorf("likelihood.PenalizedFits: %w", err)
	}
	xt, yt, err := SparseData(2000, p, seed+1000)
	if err != nil {
		return nil, fmt.Errorf("likelihood.PenalizedFits: %w", err)
	}
	ridge := PriorScales(1, n, PenaltyPriors.Tau, 0)
	lasso := PriorScales(1, n, 0, PenaltyPriors.B)
	var out []PenaltyFit
	for _, m := range []struct {
		name string
		pen  fit.Penalty
	}{
		{"least squares (flat prior)", fit.Penalty{}},
		{fmt.Sprintf("L2, Gaussian prior τ = %g", PenaltyPriors.Tau), ridge},
		{fmt.Sprintf("L1, Laplace prior b = %g", PenaltyPriors.B), lasso},
	} {
		r, err := fit.PenalizedLeastSquares(x, y, m.pen, nil)
		if err != nil {
			return nil, fmt.Errorf("likelihood.PenalizedFits: %s: %w", m.name, err)
		}
		pred, err := r.Predict(xt)
		if err != nil {
			return nil, fmt.Errorf("likelihood.PenalizedFits: %w", err)
		}
		mse, err := loss.MSE(pred, yt, loss.Options{})
		if err != nil {
			return nil, fmt.Errorf("likelihood.PenalizedFits: %w", err)
		}
		f := PenaltyFit{Name: m.name, Pen: m.pen, Coef: r.Coef, TestMSE: mse}
		for j, b := range r.Coef {
			if b == 0 {
				f.Zeros++
			}
			if j >= len(SparseTrue) {
				f.UselessSize += math.Abs(b)
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// PenaltyLambdas are the penalty strengths of the coefficient paths: 10^-3 to 10.
var PenaltyLambdas = func() []float64 {
	ls := num.Span(-3, 1, 41)
	for i, v := range ls {
		ls[i] = math.Pow(10, v)
	}
	return ls
}()

// PenaltyPaths returns the coefficient paths of SparseData(n, p, seed) under the L2
// and the L1 penalty, against log₁₀ λ over PenaltyLambdas, as a toggle of two
// charts: one line per useful coefficient and one (broken into segments) for all
// the useless ones, with the fits' test MSE on SparseData(2000, p, seed + 1000).
func PenaltyPaths(n, p int, seed uint64) (*chart.Toggle, error) {
	x, y, err := SparseData(n, p, seed)
	if err != nil {
		return nil, fmt.Errorf("likelihood.PenaltyPaths: %w", err)
	}
	lx := make([]float64, len(PenaltyLambdas))
	for i, l := range PenaltyLambdas {
		lx[i] = math.Log10(l)
	}
	tg := chart.NewToggle()
	for _, kind := range []string{"L2 (ridge, Gaussian prior)", "L1 (lasso, Laplace prior)"} {
		paths := make([][]float64, p)
		for j := range paths {
			paths[j] = make([]float64, len(PenaltyLambdas))
		}
		for i, lam := range PenaltyLambdas {
			pen := fit.Penalty{L2: lam}
			if kind[1] == '1' {
				pen = fit.Penalty{L1: lam}
			}
			r, err := fit.PenalizedLeastSquares(x, y, pen, nil)
			if err != nil {
				return nil, fmt.Errorf("likelihood.PenaltyPaths: λ = %g: %w", lam, err)
			}
			for j, b := range r.Coef {
				paths[j][i] = b
			}
		}
		c := chart.NewLines("Coefficients as the penalty grows: " + kind)
		c.XLabel, c.YLabel = "log₁₀ λ", "coefficient"
		c.YMin, c.YMax = -1.5, 2.5
		for j := range SparseTrue {
			c.Add(fmt.Sprintf("β%d (true %g)", j, SparseTrue[j]), lx, paths[j])
		}
		var ux, uy []float64
		for j := len(SparseTrue); j < p; j++ {
			ux = append(append(ux, lx...), lx[len(lx)-1]) // a gap: finite x, NaN y
			uy = append(append(uy, paths[j]...), math.NaN())
		}
		u := chart.Line(fmt.Sprintf("the %d useless features (true 0)", p-len(SparseTrue)), ux, uy)
		u.Gaps, u.Color, u.Width = true, "#8c96a8", 1
		c.AddSeries(u)
		tg.Add(kind, c)
	}
	return tg, nil
}

// StudentTLoss is the Student-t negative log-likelihood with ν degrees of freedom
// as a regression loss of the standardised residual u = r/s, without its
// constant: ρ(u) = ((ν + 1)/2)·log(1 + u²/ν), ψ(u) = (ν + 1)u/(ν + u²),
// ψ'(u) = (ν + 1)(ν − u²)/(ν + u²)², w(u) = ψ(u)/u = (ν + 1)/(ν + u²)
// (Lange, Little & Taylor, "Robust statistical modeling using the t
// distribution", JASA 84, 1989). ν = 1 is the Cauchy likelihood; as ν → ∞ it tends
// to ½u², the Gaussian's. Not convex: ψ redescends for |u| > √ν.
type StudentTLoss struct{ Nu float64 }

// Name identifies the loss.
func (l StudentTLoss) Name() string { return fmt.Sprintf("Student-t(ν=%g)", l.Nu) }

// Value returns ρ(u).
func (l StudentTLoss) Value(u float64) float64 { return (l.Nu + 1) / 2 * math.Log1p(u*u/l.Nu) }

// Deriv returns ψ(u).
func (l StudentTLoss) Deriv(u float64) float64 { return (l.Nu + 1) * u / (l.Nu + u*u) }

// Deriv2 returns ψ'(u).
func (l StudentTLoss) Deriv2(u float64) float64 {
	d := l.Nu + u*u
	return (l.Nu + 1) * (l.Nu - u*u) / (d * d)
}

// Weight returns w(u) = ψ(u)/u, finite at 0.
func (l StudentTLoss) Weight(u float64) float64 { return (l.Nu + 1) / (l.Nu + u*u) }

// StudentFitNu is the ν of the Student-t loss fitted in notebook 02, and
// HeavyTailNu the ν of the noise of HeavyTailData.
const (
	StudentFitNu = 3
	HeavyTailNu  = 1.5
)

// HeavyTailData returns n points with x evenly spaced on [0, 10] and
// y = 1 + 0.5x + ε, ε Student-t with HeavyTailNu degrees of freedom and scale 1
// (infinite variance: far outliers now and then), from the stream (seed, 29).
func HeavyTailData(n int, seed uint64) (x, y []float64, err error) {
	if n < 4 {
		return nil, nil, fmt.Errorf("likelihood.HeavyTailData: n = %d, want at least 4 points", n)
	}
	e := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: HeavyTailNu, Src: rand.NewPCG(seed, 29)}
	x = num.Span(0, 10, n)
	y = make([]float64, n)
	for i, v := range x {
		y[i] = 1 + 0.5*v + e.Rand()
	}
	return x, y, nil
}

// StudentStudy compares least squares with the Student-t fit on many data sets.
type StudentStudy struct {
	Sets     int
	OLS, T   []float64 // fitted slopes, one per data set
	TrueSlop float64
}

// MedianAbsErr returns the median of |slope − true slope|.
func (s *StudentStudy) MedianAbsErr(slopes []float64) float64 {
	e := make([]float64, len(slopes))
	for i, b := range slopes {
		e[i] = math.Abs(b - s.TrueSlop)
	}
	slices.Sort(e)
	return stat.Quantile(0.5, stat.LinInterp, e, nil)
}

// StudentTFit fits a line to HeavyTailData(n, seed) by least squares and by the
// Student-t likelihood with ν = StudentFitNu at the true scale 1 (fit.Linear
// with StudentTLoss and Method IRLS, started from the least-absolute-deviations
// fit, since the loss is not convex).
func StudentTFit(x, y []float64) (ols, t *fit.Result, err error) {
	xx := num.Column(x)
	if ols, err = fit.Linear(xx, y, loss.Squared{}, nil); err != nil {
		return nil, nil, fmt.Errorf("likelihood.StudentTFit: %w", err)
	}
	lad, err := fit.Linear(xx, y, loss.Absolute{}, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.StudentTFit: %w", err)
	}
	t, err = fit.Linear(xx, y, StudentTLoss{Nu: StudentFitNu}, &fit.Options{Method: fit.IRLS, Init: lad.Params()})
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.StudentTFit: %w", err)
	}
	return ols, t, nil
}

// StudentTFits draws HeavyTailData(n, s) for s = 1 … sets, fits each with
// StudentTFit, and returns a chart of the first data set with both lines and the
// true one, and the slopes.
func StudentTFits(n, sets int) (*chart.Chart, *StudentStudy, error) {
	if sets < 1 {
		return nil, nil, fmt.Errorf("likelihood.StudentTFits: sets = %d, want ≥ 1", sets)
	}
	st := &StudentStudy{Sets: sets, TrueSlop: 0.5}
	var c *chart.Chart
	for s := 1; s <= sets; s++ {
		x, y, err := HeavyTailData(n, uint64(s))
		if err != nil {
			return nil, nil, fmt.Errorf("likelihood.StudentTFits: %w", err)
		}
		ols, t, err := StudentTFit(x, y)
		if err != nil {
			return nil, nil, fmt.Errorf("likelihood.StudentTFits: data set %d: %w", s, err)
		}
		st.OLS, st.T = append(st.OLS, ols.Coef[0]), append(st.T, t.Coef[0])
		if s > 1 {
			continue
		}
		c = chart.NewScatter(fmt.Sprintf("Student-t noise (ν = %g): least squares against the Student-t fit", HeavyTailNu))
		c.XLabel, c.YLabel = "x", "y"
		c.YMin, c.YMax = -5, 15
		c.Add("data", x, y).Color = "#8c96a8"
		ends := []float64{0, 10}
		for _, l := range []struct {
			name string
			a, b float64
			dash bool
		}{
			{"truth", 1, 0.5, true},
			{"least squares", ols.Intercept, ols.Coef[0], false},
			{fmt.Sprintf("Student-t ν = %d", StudentFitNu), t.Intercept, t.Coef[0], false},
		} {
			s := chart.Line(l.name, ends, []float64{l.a, l.a + 10*l.b})
			s.Dash = l.dash
			c.AddSeries(s)
		}
	}
	return c, st, nil
}
