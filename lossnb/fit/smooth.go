package fit

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// objective is L(θ) = Σ wᵢ ℓᵢ(zᵢᵀθ) / Σ wᵢ + (λ/2)Σ_{j≥1} θⱼ², where the
// per-point loss of the linear predictor η is ℓᵢ(η) = ρ((yᵢ − η)/s) for a
// regression and φ(yᵢη) for a margin classifier (yᵢ ∈ {−1, +1}).
type objective struct {
	d   *design
	y   []float64 // targets, or labels ±1
	reg loss.Regression
	s   float64
	mar loss.Margin
	l2  float64
	w   []float64 // weights (d.w, or modified for influence refits)

	wsum    float64
	eta     []float64
	lastEta []float64 // θ at which eta was computed
}

func (o *objective) init() {
	if o.eta != nil {
		return
	}
	o.eta = make([]float64, o.d.n)
	o.wsum = 0
	for _, v := range o.w {
		o.wsum += v
	}
}

func (o *objective) computeEta(theta []float64) {
	o.init()
	if o.lastEta != nil && slicesEqual(o.lastEta, theta) {
		return
	}
	o.d.eta(o.eta, theta)
	o.lastEta = append(o.lastEta[:0], theta...)
}

func slicesEqual(a, b []float64) bool {
	for i, v := range a {
		if v != b[i] {
			return false
		}
	}
	return true
}

// What point computes: each part costs transcendental calls for most losses (the
// logistic loss's value is a log1p and an exp, its derivative another exp), so callers ask
// only for the parts they use: value for the objective, the first derivative for the
// gradient, the second for the Hessian. Asking for all three in every call made the
// logistic fit spend 40% of its time in log1p for values the gradient then discarded.
const (
	needV = 1 << iota
	needD1
	needD2
)

// point returns ℓ, dℓ/dη and d²ℓ/dη² for point i at η, each only if asked for in need.
func (o *objective) point(i int, eta float64, need int) (v, d1, d2 float64) {
	if o.reg != nil {
		u := (o.y[i] - eta) / o.s
		if need&needV != 0 {
			v = o.reg.Value(u)
		}
		if need&needD1 != 0 {
			d1 = -o.reg.Deriv(u) / o.s
		}
		if need&needD2 != 0 {
			d2 = o.reg.(loss.SecondDeriver).Deriv2(u) / (o.s * o.s)
		}
		return v, d1, d2
	}
	m := o.y[i] * eta
	if need&needV != 0 {
		v = o.mar.Value(m)
	}
	if need&needD1 != 0 {
		d1 = o.y[i] * o.mar.Deriv(m)
	}
	if need&needD2 != 0 {
		d2 = o.mar.(loss.SecondDeriver).Deriv2(m)
	}
	return v, d1, d2
}

func (o *objective) secondDeriver() bool {
	if o.reg != nil {
		_, ok := o.reg.(loss.SecondDeriver)
		return ok
	}
	_, ok := o.mar.(loss.SecondDeriver)
	return ok
}

func (o *objective) name() string {
	if o.reg != nil {
		return o.reg.Name()
	}
	return o.mar.Name()
}

// value returns L(θ).
func (o *objective) value(theta []float64) float64 {
	o.computeEta(theta)
	var s float64
	for i, w := range o.w {
		if w == 0 {
			continue
		}
		v, _, _ := o.point(i, o.eta[i], needV)
		s += w * v
	}
	return s/o.wsum + ridge(o.l2, theta[1:])
}

// grad writes ∇L(θ) to g.
func (o *objective) grad(g, theta []float64) {
	o.computeEta(theta)
	p := o.d.p
	for j := range g {
		g[j] = 0
	}
	for i, w := range o.w {
		if w == 0 {
			continue
		}
		_, d1, _ := o.point(i, o.eta[i], needD1)
		f := w * d1 / o.wsum
		row := o.d.z[i*p : (i+1)*p]
		for j, v := range row {
			g[j] += f * v
		}
	}
	for j := 1; j < p; j++ {
		g[j] += o.l2 * theta[j]
	}
}

// hess writes ∇²L(θ) = Σ wᵢ ℓᵢ” zᵢzᵢᵀ / Σ wᵢ + λ·diag(0, 1, …, 1) to h.
func (o *objective) hess(h *mat.SymDense, theta []float64) {
	o.computeEta(theta)
	p := o.d.p
	c := make([]float64, o.d.n)
	for i, w := range o.w {
		if w == 0 {
			continue
		}
		_, _, d2 := o.point(i, o.eta[i], needD2)
		c[i] = w * d2 / o.wsum
	}
	g := make([]float64, p*p)
	o.d.gram(g, c)
	for a := 0; a < p; a++ {
		for b := a; b < p; b++ {
			v := g[a*p+b]
			if a == b && a > 0 {
				v += o.l2
			}
			h.SetSym(a, b, v)
		}
	}
}

// smooth minimises the objective with a gonum optimize method. Converged
// means the gradient's max-norm reached Options.Tol, or 10⁴·Tol when the
// line search stalls at the precision of the objective; any other stop
// returns ErrNotConverged with the last point.
func smooth(c *check, obj *objective, m Method, o *Options) (*Result, error) {
	obj.init()
	prob := optimize.Problem{Func: obj.value, Grad: obj.grad}
	var method optimize.Method
	switch m {
	case Newton:
		if !obj.secondDeriver() {
			c.Fail("Method Newton needs a loss with a second derivative (loss.SecondDeriver), and %s has none: use BFGS", obj.name())
			return nil, c.Err
		}
		prob.Hess = obj.hess
		method = &optimize.Newton{}
	case BFGS:
		method = &optimize.BFGS{Linesearcher: &optimize.Bisection{}}
	case LBFGS:
		method = &optimize.LBFGS{Linesearcher: &optimize.Bisection{}}
	}
	theta := make([]float64, obj.d.p)
	switch {
	case o.Init != nil:
		copy(theta, o.Init)
	case obj.reg != nil:
		// Start from weighted least squares: the exact answer for Squared and
		// a good start for the convex regression losses.
		ws := newWLS(obj.d)
		if !ws.solve(theta, obj.y, obj.w) {
			c.Wrap(ErrSingular, "the least-squares start failed")
			return nil, c.Err
		}
	}
	tol := o.tol()
	settings := &optimize.Settings{
		GradientThreshold: tol,
		MajorIterations:   o.maxIter(1000),
		Converger:         optimize.NeverTerminate{},
	}
	r, err := optimize.Minimize(prob, theta, settings, method)
	res := &Result{Scale: obj.s}
	if r != nil {
		copy(theta, r.X)
		res.Iterations = r.MajorIterations
	}
	g := make([]float64, obj.d.p)
	obj.grad(g, theta)
	res.Intercept, res.Coef = split(theta)
	gn := maxAbs(g)
	if math.IsNaN(gn) || math.IsNaN(obj.value(theta)) {
		c.Fail("%v produced NaN (%s)", m, obj.name())
		return res, c.Err
	}
	res.GradNorm = gn
	// A line search that can no longer decrease L in floating point stops
	// gonum at a gradient of about √(ε·|L|·‖H‖) (the precision of L, not of
	// θ); and gonum returns the location of lowest L, which can differ at
	// rounding level from the one that passed GradientThreshold. Both are
	// accepted as converged when the gradient is within 10⁴·Tol.
	stalled := err != nil || (r != nil && r.Status == optimize.GradientThreshold)
	if gn <= tol || (stalled && gn <= 1e4*tol) {
		res.Converged = true
		return res, nil
	}
	if err != nil {
		c.Wrap(ErrNotConverged, "%v stopped after %d iterations with max|∇L| = %.3g > Tol = %.3g (%v)", m, res.Iterations, gn, tol, err)
	} else {
		c.Wrap(ErrNotConverged, "%v stopped after %d iterations (%v) with max|∇L| = %.3g > Tol = %.3g", m, res.Iterations, r.Status, gn, tol)
	}
	return res, c.Err
}
