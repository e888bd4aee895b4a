package fit

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// Influence compares the two views of how much one training point moves
// the fitted parameters θ = (intercept, coef…).
type Influence struct {
	// Point is the index of the training point z = (x[Point], y[Point]).
	Point int
	// Analytic is the influence function −H⁻¹∇ℓ(z; θ̂), with H the Hessian
	// of the weighted mean loss at θ̂ (Cook & Weisberg 1982; Koh & Liang
	// 2017): the derivative dθ̂/dε of the minimiser of L(θ) + ε·ℓ(z; θ).
	Analytic []float64
	// Empirical is the same derivative measured by refitting with the point
	// up-weighted by ±Eps: (θ̂(+ε) − θ̂(−ε)) / 2ε (a central difference,
	// whose error is O(ε²)).
	Empirical []float64
	Eps       float64
	// Fit is the fit at ε = 0.
	Fit *Result
}

// influenceEps is the up-weighting used for the empirical influence.
const influenceEps = 1e-4

// LinearInfluence returns the analytic and empirical influence of point i
// on a regression fit under a smooth loss (one with a second derivative,
// loss.SecondDeriver: Squared, Huber, LogCosh, Tukey, Cauchy, …). The scale
// s is held at the fitted value (with MADScale, the influence through the
// scale estimate is not included). Both are computed with Newton fits
// converged to Tol = 1e-12, so they agree to about 1e-8 relative unless the
// perturbation moves a residual across a point where ψ' jumps (Huber's δ).
func LinearInfluence(x [][]float64, y []float64, l loss.Regression, i int, o *Options) (*Influence, error) {
	c := newCheck("LinearInfluence")
	if o == nil {
		o = &Options{}
	}
	c.regLoss("l", l)
	if !c.OK() || !influenceArgs(&c, l, i, len(y)) {
		return nil, c.Err
	}
	res, err := linear("LinearInfluence", x, y, len(y), l, o)
	if err != nil {
		return nil, err
	}
	d := newDesign(&c, x, len(y), o.Weights)
	obj := &objective{d: d, y: y, reg: l, s: res.Scale, l2: o.L2, w: d.w}
	return influence(&c, obj, res, i, o)
}

// LogisticInfluence is LinearInfluence for a classifier fitted by Logistic
// under a smooth margin loss (Logistic, Exponential, SquaredHinge, …).
func LogisticInfluence(x [][]float64, y []float64, l loss.Margin, i int, o *Options) (*Influence, error) {
	c := newCheck("LogisticInfluence")
	if o == nil {
		o = &Options{}
	}
	if l == nil {
		c.Fail("l is nil")
		return nil, c.Err
	}
	if !influenceArgs(&c, l, i, len(y)) {
		return nil, c.Err
	}
	res, err := logistic("LogisticInfluence", x, y, l, o)
	if err != nil {
		return nil, err
	}
	d := newDesign(&c, x, len(y), o.Weights)
	labels := signLabels(&c, y)
	obj := &objective{d: d, y: labels, mar: l, s: 1, l2: o.L2, w: d.w}
	return influence(&c, obj, res, i, o)
}

// influenceArgs checks what LinearInfluence and LogisticInfluence both need: a
// loss with a second derivative and a point index in range.
func influenceArgs(c *check, l interface{ Name() string }, i, n int) bool {
	if !isSecondDeriver(l) {
		c.Fail("%s has no second derivative (loss.SecondDeriver): the influence −H⁻¹∇ℓ needs one", l.Name())
		return false
	}
	if n == 0 {
		c.Fail("empty input (len(y) = 0)")
		return false
	}
	if i < 0 || i >= n {
		c.Fail("i = %d, want a point index in [0, %d)", i, n)
		return false
	}
	return true
}

func influence(c *check, obj *objective, res *Result, i int, o *Options) (*Influence, error) {
	p := obj.d.p
	theta := res.Params()
	// Polish the fit with Newton to a tight gradient: the empirical
	// derivative divides refit differences by 2ε.
	base, err := refit(c, obj, theta, o)
	if err != nil {
		return nil, err
	}
	h := mat.NewSymDense(p, nil)
	obj.hess(h, base)
	var chol mat.Cholesky
	if !chol.Factorize(h) {
		c.Wrap(ErrSingular, "the Hessian at the fit is not positive definite (points in the flat part of %s?)", obj.name())
		return nil, c.Err
	}
	_, d1, _ := obj.point(i, floats.Dot(obj.d.row(i), base), needD1)
	g := mat.NewVecDense(p, nil)
	for j, v := range obj.d.row(i) {
		g.SetVec(j, d1*v)
	}
	var sol mat.VecDense
	if err := chol.SolveVecTo(&sol, g); err != nil {
		c.Wrap(ErrSingular, "solving with the Hessian: %v", err)
		return nil, c.Err
	}
	inf := &Influence{Point: i, Eps: influenceEps, Fit: res, Analytic: make([]float64, p), Empirical: make([]float64, p)}
	for j := range inf.Analytic {
		inf.Analytic[j] = -sol.AtVec(j)
	}
	// L + εℓᵢ has the minimiser of the weights w with wᵢ + ε·Σw.
	var fits [2][]float64
	for k, sgn := range []float64{1, -1} {
		w := append([]float64(nil), obj.d.w...)
		w[i] += sgn * influenceEps * obj.d.wsum
		if w[i] < 0 {
			w[i] = 0
		}
		pert := *obj
		pert.w, pert.eta, pert.lastEta = w, nil, nil
		fits[k], err = refit(c, &pert, base, o)
		if err != nil {
			return nil, err
		}
	}
	for j := range inf.Empirical {
		inf.Empirical[j] = (fits[0][j] - fits[1][j]) / (2 * influenceEps)
	}
	return inf, nil
}

// refit minimises obj with Newton from theta to a gradient of 1e-12.
func refit(c *check, obj *objective, theta []float64, o *Options) ([]float64, error) {
	oo := &Options{Init: theta, Tol: 1e-12, MaxIter: o.MaxIter}
	res, err := smooth(c, obj, Newton, oo)
	if err != nil {
		return nil, err
	}
	return res.Params(), nil
}

// InfluenceCurve writes to dst (allocated if nil) Hampel's influence
// function of the location M-estimator of l at the standard normal model,
//
//	IF(r) = ψ(r − T) / E[ψ'(X − T)],   X ~ N(0, 1),
//
// where T solves E[ψ(X − T)] = 0 (T = 0 for the symmetric losses,
// Φ⁻¹(τ) for the pinball loss). The denominator is computed as
// E[X·ψ(X − T)] (Stein's identity), which also holds for ψ with jumps (the
// absolute loss: IF(r) = sign(r)/(2φ(0)) = sign(r)·√(π/2)); the quadrature
// is accurate to about 1e-7 relative when ψ has kinks. Bounded IF
// means bounded influence of one outlier (Hampel 1974; Hampel et al. 1986).
func InfluenceCurve(dst []float64, l loss.Regression, r []float64) ([]float64, error) {
	c := newCheck("InfluenceCurve")
	c.regLoss("l", l)
	if c.OK() && len(r) == 0 {
		c.Fail("r is empty, want the residuals to evaluate IF at")
	}
	c.Finite("r", r)
	if dst != nil && len(dst) != len(r) {
		c.Fail("len(dst) = %d, len(r) = %d", len(dst), len(r))
	}
	if !c.OK() {
		return nil, c.Err
	}
	if dst == nil {
		dst = make([]float64, len(r))
	}
	meanPsi := func(t float64) float64 {
		return gaussExpect(func(x float64) float64 { return l.Deriv(x - t) }, t)
	}
	// Bisection for T on [−8, 8]: E[ψ(X − T)] is non-increasing in T.
	lo, hi := -8.0, 8.0
	var t float64
	if math.Abs(meanPsi(0)) > 1e-12 {
		for k := 0; k < 200 && hi-lo > 1e-13; k++ {
			t = 0.5 * (lo + hi)
			if meanPsi(t) > 0 {
				lo = t
			} else {
				hi = t
			}
		}
		t = 0.5 * (lo + hi)
	}
	den := gaussExpect(func(x float64) float64 { return x * l.Deriv(x-t) }, t)
	if !(den > 0) {
		c.Fail("E[ψ'] = %v at the standard normal for %s, want > 0", den, l.Name())
		return nil, c.Err
	}
	for k, v := range r {
		dst[k] = l.Deriv(v-t) / den
	}
	return dst, nil
}

// gaussExpect returns E[f(X)], X ~ N(0, 1), by composite 8-point
// Gauss–Legendre quadrature (gonum integrate/quad) on panels of width 0.01
// over [−12, 12], with a panel edge at t so that a jump of f there is
// integrated exactly.
func gaussExpect(f func(float64) float64, t float64) float64 {
	g := func(x float64) float64 { return f(x) * distuv.UnitNormal.Prob(x) }
	const w = 0.01
	var s float64
	for a := t; a < 12; a += w {
		s += quad.Fixed(g, a, a+w, 8, quad.Legendre{}, 0)
	}
	for b := t; b > -12; b -= w {
		s += quad.Fixed(g, b-w, b, 8, quad.Legendre{}, 0)
	}
	return s
}
