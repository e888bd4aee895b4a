package likelihood

// Notebook 02's fitted models: a learned variance, a learned covariance.

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// HeteroData returns n points with x evenly spaced on [0, 10] and
// y = 1 + 0.5x + (0.2 + 0.3x)·ε, ε standard Gaussian from a fixed seed (seed picks
// the stream): noise that grows with x.
func HeteroData(n int, seed uint64) (x, y []float64, err error) {
	if n < 4 {
		return nil, nil, fmt.Errorf("likelihood.HeteroData: n = %d, want at least 4 points", n)
	}
	e := normalSrc(seed, 7)
	x = num.Span(0, 10, n)
	y = make([]float64, n)
	for i, v := range x {
		y[i] = 1 + 0.5*v + (0.2+0.3*v)*e.Rand()
	}
	return x, y, nil
}

// HeteroFit is a Gaussian with a learned mean and variance, μ(x) = A + B·x and
// log σ²(x) = C + D·x, fitted by minimising loss.GaussianNLL (Full).
type HeteroFit struct {
	A, B, C, D float64
	NLL        float64 // mean NLL at the optimum
}

// Sigma returns σ(x).
func (h *HeteroFit) Sigma(x float64) float64 { return math.Exp(0.5 * (h.C + h.D*x)) }

// FitHetero fits a HeteroFit to (x, y) with gonum's BFGS, the gradient from
// loss.GaussianNLLGrad (∂ℓ/∂log σ² = σ²·∂ℓ/∂σ²), starting from least squares and
// the log of its mean squared residual.
func FitHetero(x, y []float64) (*HeteroFit, error) {
	if len(x) != len(y) || len(x) < 4 {
		return nil, fmt.Errorf("likelihood.FitHetero: len(x) = %d, len(y) = %d, want equal lengths ≥ 4", len(x), len(y))
	}
	ls, err := fit.Linear(num.Column(x), y, loss.Squared{}, nil)
	if err != nil {
		return nil, fmt.Errorf("likelihood.FitHetero: %w", err)
	}
	n := len(x)
	mu, v, dmu, dv := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	opts := loss.NLLOptions{Full: true, NoEps: true} // the textbook density (no variance clamp)
	eval := func(th []float64, grad []float64) float64 {
		for i, xi := range x {
			mu[i] = th[0] + th[1]*xi
			v[i] = math.Exp(th[2] + th[3]*xi)
		}
		_, _, val, err := loss.GaussianNLLGrad(dmu, dv, mu, y, v, opts)
		if err != nil {
			return math.Inf(1)
		}
		if grad != nil {
			for j := range grad {
				grad[j] = 0
			}
			for i, xi := range x {
				gs := dv[i] * v[i]
				grad[0] += dmu[i]
				grad[1] += dmu[i] * xi
				grad[2] += gs
				grad[3] += gs * xi
			}
		}
		return val
	}
	p := optimize.Problem{
		Func: func(th []float64) float64 { return eval(th, nil) },
		Grad: func(g, th []float64) { eval(th, g) },
	}
	init := []float64{ls.Intercept, ls.Coef[0], math.Log(ls.Objective), 0}
	res, err := optimize.Minimize(p, init, &optimize.Settings{GradientThreshold: 1e-10}, &optimize.BFGS{})
	if err != nil && res == nil {
		return nil, fmt.Errorf("likelihood.FitHetero: %w", err)
	}
	th := res.X
	return &HeteroFit{A: th[0], B: th[1], C: th[2], D: th[3], NLL: res.F}, nil
}

// bandCoverage returns the fraction of the points (x, y) with
// |y − mean(x)| ≤ z·sigma(x): the coverage of the band mean ± z·σ.
func bandCoverage(x, y []float64, mean func(float64) float64, sigma func(float64) float64, z float64) float64 {
	in := 0
	for i, xi := range x {
		if math.Abs(y[i]-mean(xi)) <= z*sigma(xi) {
			in++
		}
	}
	return float64(in) / float64(len(x))
}

// HeteroResult is what LearnedVariance computed.
type HeteroResult struct {
	Hetero *HeteroFit
	Fixed  *fit.Result // least squares; its σ is √Objective
	// Coverage of the ±2σ band on held-out data, split at x = 5: [low x, high x],
	// for the fixed and the learned variance.
	FixedCov, HeteroCov [2]float64
}

// LearnedVariance fits a fixed-variance Gaussian (least squares, σ² the mean squared
// residual) and a heteroscedastic Gaussian (FitHetero) to HeteroData(n, 1), checks
// their ±2σ bands on HeteroData(test, 2) and returns a chart of the training data
// with both bands (a toggle between them) and the numbers.
func LearnedVariance(n, test int) (*chart.Toggle, *HeteroResult, error) {
	x, y, err := HeteroData(n, 1)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.LearnedVariance: %w", err)
	}
	xt, yt, err := HeteroData(test, 2)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.LearnedVariance: test: %w", err)
	}
	h, err := FitHetero(x, y)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.LearnedVariance: %w", err)
	}
	ls, err := fit.Linear(num.Column(x), y, loss.Squared{}, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.LearnedVariance: %w", err)
	}
	res := &HeteroResult{Hetero: h, Fixed: ls}
	fixedMean := func(v float64) float64 { return ls.Intercept + ls.Coef[0]*v }
	s0 := math.Sqrt(ls.Objective)
	hetMean := func(v float64) float64 { return h.A + h.B*v }
	for k, idx := range splitAt(xt, 5) {
		sx, sy := pick(xt, idx), pick(yt, idx)
		res.FixedCov[k] = bandCoverage(sx, sy, fixedMean, func(float64) float64 { return s0 }, 2)
		res.HeteroCov[k] = bandCoverage(sx, sy, hetMean, h.Sigma, 2)
	}
	xs := num.Span(0, 10, 41)
	view := func(title string, mean, sigma func(float64) float64) *chart.Chart {
		c := chart.NewScatter(title)
		c.XLabel, c.YLabel = "x", "y"
		c.YMin, c.YMax = -6, 16
		c.Add("data", x, y).Color = "#8c96a8"
		m, up, dn := make([]float64, len(xs)), make([]float64, len(xs)), make([]float64, len(xs))
		for i, v := range xs {
			m[i], up[i], dn[i] = mean(v), mean(v)+2*sigma(v), mean(v)-2*sigma(v)
		}
		c.AddSeries(chart.Line("mean μ(x)", xs, m))
		u, d := chart.Line("μ + 2σ", xs, up), chart.Line("μ − 2σ", xs, dn)
		u.Dash, d.Dash = true, true
		u.Color, d.Color = chart.Palette[1], chart.Palette[1]
		c.AddSeries(u, d)
		return c
	}
	t := chart.NewToggle()
	t.Add("Fixed σ (MSE)", view("Fixed variance: one σ for every x", fixedMean, func(float64) float64 { return s0 }))
	t.Add("Learned σ(x)", view("Learned variance: σ(x) = exp((C + D·x)/2)", hetMean, h.Sigma))
	return t, res, nil
}

// splitAt returns the indices of the xs below at and of the others.
func splitAt(xs []float64, at float64) [2][]int {
	var out [2][]int
	for i, v := range xs {
		k := 0
		if v >= at {
			k = 1
		}
		out[k] = append(out[k], i)
	}
	return out
}

func pick(xs []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = xs[i]
	}
	return out
}

// MVNTrue are the parameters of CorrelatedData: standard deviations 1 and 2 and
// correlation 0.8 of the noise of the two outputs.
var MVNTrue = struct{ S1, S2, Rho float64 }{1, 2, 0.8}

// CorrelatedData returns n points with x evenly spaced on [0, 5] and two outputs
// y₁ = 1 + x + e₁, y₂ = 2 − x + e₂, with (e₁, e₂) Gaussian with MVNTrue's standard
// deviations and correlation (fixed seed), as an n×2 row-major slice.
func CorrelatedData(n int) (x, y []float64, err error) {
	if n < 5 {
		return nil, nil, fmt.Errorf("likelihood.CorrelatedData: n = %d, want at least 5 points", n)
	}
	e := normalSrc(5, 6)
	x = num.Span(0, 5, n)
	y = make([]float64, 2*n)
	c := MVNTrue
	for i, v := range x {
		z1, z2 := e.Rand(), e.Rand()
		y[2*i] = 1 + v + c.S1*z1
		y[2*i+1] = 2 - v + c.S2*(c.Rho*z1+math.Sqrt(1-c.Rho*c.Rho)*z2)
	}
	return x, y, nil
}

// MVNFit is a two-output linear model with a learned covariance: means
// μ₁ = A1 + B1·x and μ₂ = A2 + B2·x, and Σ = L·Lᵀ.
type MVNFit struct {
	A1, B1, A2, B2 float64
	L              *mat.TriDense
	NLL            float64 // mean NLL per point at the optimum
}

// Cov returns Σ = L·Lᵀ as (σ₁, σ₂, ρ).
func (m *MVNFit) Cov() (s1, s2, rho float64) {
	l11, l21, l22 := m.L.At(0, 0), m.L.At(1, 0), m.L.At(1, 1)
	s1 = l11
	s2 = math.Hypot(l21, l22)
	return s1, s2, l21 / s2
}

// FitMVN fits an MVNFit to x and the n×2 outputs y by minimising
// loss.MultivariateGaussianNLL (Full) with gonum's BFGS, the Cholesky factor's
// diagonal parametrised by its log to keep Σ positive definite. With diagonal
// true, L's off-diagonal is held at 0 (independent outputs).
func FitMVN(x, y []float64, diagonal bool) (*MVNFit, error) {
	n := len(x)
	if n < 5 || len(y) != 2*n {
		return nil, fmt.Errorf("likelihood.FitMVN: len(x) = %d, len(y) = %d, want n ≥ 5 and 2n", n, len(y))
	}
	mean := make([]float64, 2*n)
	dMean := make([]float64, 2*n)
	dL := mat.NewTriDense(2, mat.Lower, nil)
	opts := loss.NLLOptions{Full: true}
	build := func(th []float64) *mat.TriDense {
		off := th[5]
		if diagonal {
			off = 0
		}
		return mat.NewTriDense(2, mat.Lower, []float64{math.Exp(th[4]), 0, off, math.Exp(th[6])})
	}
	eval := func(th, grad []float64) float64 {
		for i, v := range x {
			mean[2*i] = th[0] + th[1]*v
			mean[2*i+1] = th[2] + th[3]*v
		}
		L := build(th)
		_, _, val, err := loss.MultivariateGaussianNLLGrad(dMean, dL, mean, y, L, opts)
		if err != nil {
			return math.Inf(1)
		}
		if grad != nil {
			for j := range grad {
				grad[j] = 0
			}
			for i, v := range x {
				grad[0] += dMean[2*i]
				grad[1] += dMean[2*i] * v
				grad[2] += dMean[2*i+1]
				grad[3] += dMean[2*i+1] * v
			}
			grad[4] = dL.At(0, 0) * L.At(0, 0)
			if !diagonal {
				grad[5] = dL.At(1, 0)
			}
			grad[6] = dL.At(1, 1) * L.At(1, 1)
		}
		return val
	}
	p := optimize.Problem{
		Func: func(th []float64) float64 { return eval(th, nil) },
		Grad: func(g, th []float64) { eval(th, g) },
	}
	res, err := optimize.Minimize(p, make([]float64, 7), &optimize.Settings{GradientThreshold: 1e-10}, &optimize.BFGS{})
	if err != nil && res == nil {
		return nil, fmt.Errorf("likelihood.FitMVN: %w", err)
	}
	th := res.X
	return &MVNFit{A1: th[0], B1: th[1], A2: th[2], B2: th[3], L: build(th), NLL: res.F}, nil
}

// ellipse returns the points of the contour at Mahalanobis distance r of N(0, L·Lᵀ):
// L·(r cos t, r sin t).
func ellipse(L *mat.TriDense, r float64, k int) (xs, ys []float64) {
	for _, t := range num.Span(0, 2*math.Pi, k) {
		u, v := r*math.Cos(t), r*math.Sin(t)
		xs = append(xs, L.At(0, 0)*u)
		ys = append(ys, L.At(1, 0)*u+L.At(1, 1)*v)
	}
	return xs, ys
}

// LearnedCovariance fits FitMVN with a full and with a diagonal covariance to
// CorrelatedData(n) and returns a scatter of the residuals of the full fit with each
// model's 2-σ contour (Mahalanobis distance 2), and the two fits.
func LearnedCovariance(n int) (*chart.Chart, *MVNFit, *MVNFit, error) {
	x, y, err := CorrelatedData(n)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("likelihood.LearnedCovariance: %w", err)
	}
	full, err := FitMVN(x, y, false)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("likelihood.LearnedCovariance: %w", err)
	}
	diag, err := FitMVN(x, y, true)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("likelihood.LearnedCovariance: %w", err)
	}
	r1, r2 := make([]float64, n), make([]float64, n)
	for i, v := range x {
		r1[i] = y[2*i] - (full.A1 + full.B1*v)
		r2[i] = y[2*i+1] - (full.A2 + full.B2*v)
	}
	c := chart.NewScatter("Residuals of two outputs, and each model's 2σ contour")
	c.XLabel, c.YLabel = "residual of output 1", "residual of output 2"
	c.XMin, c.XMax, c.YMin, c.YMax = -6, 6, -6, 6
	c.Width, c.Height = 480, 440
	c.Add("residuals", r1, r2).Color = "#8c96a8"
	ex, ey := ellipse(full.L, 2, 73)
	c.AddSeries(chart.Line("learned covariance", ex, ey))
	dx, dy := ellipse(diag.L, 2, 73)
	d := chart.Line("independent outputs (diagonal)", dx, dy)
	d.Dash = true
	c.AddSeries(d)
	return c, full, diag, nil
}
