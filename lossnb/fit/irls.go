package fit

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// leastSquares solves min Σ wᵢ(yᵢ − zᵢᵀθ)².
//
// When the design is well conditioned it uses the corrected semi-normal equations
// (Björck, "Numerical Methods for Least Squares Problems", SIAM 1996, §2.8.3): solve
// (ZᵀWZ)θ₀ = ZᵀWy by Cholesky, then one refinement step with the residual,
// (ZᵀWZ)δ = ZᵀW(y − Zθ₀), θ = θ₀ + δ. The Gram matrix costs n·p(p+1)/2 multiply-adds and no
// n×p copy, against about 2np² and a copy for a QR; after the refinement step the error is
// that of a QR solution as long as u·κ(Z)² < 1, u the unit round-off. So it is used only when
// the condition number of the column-equilibrated Gram matrix, κ(Z)² up to the scaling, is
// below csneMaxCond; otherwise (and if Cholesky fails) the solution comes from a QR
// factorisation of diag(√w)·Z (gonum mat.QR), which does not square the condition number.
func leastSquares(c *check, d *design, y, w []float64) (*Result, error) {
	theta, ok := seminormal(d, y, w)
	if !ok {
		var err error
		if theta, err = qrLeastSquares(d, y, w); err != nil {
			c.Wrap(ErrSingular, "least squares: %v", err)
			return nil, c.Err
		}
	}
	b0, coef := split(theta)
	return &Result{Intercept: b0, Coef: coef, Scale: 1, Iterations: 1, Converged: true}, nil
}

// csneMaxCond bounds the condition number of the equilibrated Gram matrix for which the
// corrected semi-normal equations are used: 1e8 means κ(Z) ≲ 1e4, where u·κ(Z)² ≈ 1e-8.
const csneMaxCond = 1e8

// seminormal solves the weighted least-squares problem by the corrected semi-normal
// equations; ok is false when the Gram matrix is too ill-conditioned for them.
func seminormal(d *design, y, w []float64) (theta []float64, ok bool) {
	p := d.p
	g := make([]float64, p*p)
	d.gram(g, w)
	// Equilibrate: G̃ = S⁻¹GS⁻¹ with S = diag(√Gⱼⱼ), so the condition test is about the
	// angles between columns, not their units.
	s := make([]float64, p)
	for j := range s {
		s[j] = math.Sqrt(g[j*p+j])
		if s[j] == 0 || math.IsInf(s[j], 0) {
			return nil, false
		}
	}
	for a := 0; a < p; a++ {
		for b := a; b < p; b++ {
			g[a*p+b] /= s[a] * s[b]
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(mat.NewSymDense(p, g)) || chol.Cond() > csneMaxCond {
		return nil, false
	}
	// Solve in the scaled variables φ = Sθ: G̃φ = S⁻¹ZᵀW(y − Zθ).
	theta = make([]float64, p)
	r := make([]float64, p)
	phi := mat.NewVecDense(p, nil)
	for step := 0; step < 2; step++ {
		for j := range r {
			r[j] = 0
		}
		for i := 0; i < d.n; i++ {
			if w[i] == 0 {
				continue
			}
			row := d.row(i)
			res := y[i] - floats.Dot(row, theta)
			wr := w[i] * res
			for j, v := range row {
				r[j] += wr * v
			}
		}
		for j := range r {
			r[j] /= s[j]
		}
		if err := chol.SolveVecTo(phi, mat.NewVecDense(p, r)); err != nil {
			return nil, false
		}
		for j := range theta {
			theta[j] += phi.AtVec(j) / s[j]
		}
	}
	for _, v := range theta {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
	}
	return theta, true
}

// qrLeastSquares solves the weighted least-squares problem by a QR factorisation of
// diag(√w)·Z.
func qrLeastSquares(d *design, y, w []float64) ([]float64, error) {
	// The design is already row-major n×p, the layout of mat.Dense: with unit weights
	// it is used as it is (Factorize copies it, so d.z is not changed), otherwise
	// scaled rows are written straight into the backing slice, not through Set.
	var a *mat.Dense
	var bv []float64
	if allOnes(w) {
		a = mat.NewDense(d.n, d.p, d.z)
		bv = y
	} else {
		raw := make([]float64, d.n*d.p)
		bv = make([]float64, d.n)
		for i := 0; i < d.n; i++ {
			sw := math.Sqrt(w[i])
			for j, v := range d.row(i) {
				raw[i*d.p+j] = sw * v
			}
			bv[i] = sw * y[i]
		}
		a = mat.NewDense(d.n, d.p, raw)
	}
	var qr mat.QR
	qr.Factorize(a)
	var x mat.VecDense
	if err := qr.SolveVecTo(&x, false, mat.NewVecDense(d.n, bv)); err != nil {
		return nil, err
	}
	return append([]float64(nil), x.RawVector().Data...), nil
}

func allOnes(w []float64) bool {
	for _, v := range w {
		if v != 1 {
			return false
		}
	}
	return true
}

// wlsSolver solves weighted least-squares problems of a fixed design by the
// normal equations (Σ wᵢzᵢzᵢᵀ)θ = Σ wᵢyᵢzᵢ and a Cholesky factorisation
// (gonum mat.Cholesky). IRLS solves many such systems: forming the p×p Gram
// matrix is O(np²) with no n×p temporary, about 4× cheaper than a QR of
// the weighted design, and the condition numbers of our designs keep the
// squared conditioning harmless (the fixed point, not each step, sets the
// accuracy).
type wlsSolver struct {
	d    *design
	g    []float64
	rhs  *mat.VecDense
	chol mat.Cholesky
	sol  mat.VecDense
}

func newWLS(d *design) *wlsSolver {
	return &wlsSolver{d: d, g: make([]float64, d.p*d.p), rhs: mat.NewVecDense(d.p, nil)}
}

// solve writes the WLS solution to theta; ok is false if the weighted
// Gram matrix is not positive definite.
func (s *wlsSolver) solve(theta, y, w []float64) bool {
	d := s.d
	d.gram(s.g, w)
	rhs := s.rhs.RawVector().Data
	for j := range rhs {
		rhs[j] = 0
	}
	for i := 0; i < d.n; i++ {
		if w[i] == 0 {
			continue
		}
		wy := w[i] * y[i]
		for j, v := range d.row(i) {
			rhs[j] += wy * v
		}
	}
	// Fill the lower triangle so the SymDense (which reads the upper one)
	// is complete when printed or reused.
	sym := mat.NewSymDense(d.p, s.g)
	if ok := s.chol.Factorize(sym); !ok {
		return false
	}
	if err := s.chol.SolveVecTo(&s.sol, s.rhs); err != nil {
		return false
	}
	for j := range theta {
		theta[j] = s.sol.AtVec(j)
	}
	return true
}

// irls fits an M-estimator by iteratively reweighted least squares:
// θ ← argmin Σ wᵢ·u(rᵢ/s)·(yᵢ − zᵢᵀθ)², with u(t) = ψ(t)/t the loss's
// weight function (loss.Weight), rᵢ the residuals of the previous iterate
// and s fixed or re-estimated by the MAD after each step (statsmodels'
// RLM order: weights from the current scale, WLS, new residuals, new
// scale). It stops when θ and s change by less than Tol (relative).
// References: Holland & Welsch (1977); Huber (1981, §7.8).
func irls(c *check, d *design, y []float64, l loss.Regression, o *Options) (*Result, error) {
	if u := loss.Weight(l, 0); math.IsInf(u, 0) || math.IsNaN(u) {
		c.Fail("IRLS needs a finite weight ψ(r)/r at r = 0, and %s has weight %v there (a kink): use Method Exact", l.Name(), u)
		return nil, c.Err
	}
	ws := newWLS(d)
	theta := make([]float64, d.p)
	if o.Init != nil {
		copy(theta, o.Init)
	} else if !ws.solve(theta, y, d.w) {
		c.Wrap(ErrSingular, "the weighted least-squares start failed")
		return nil, c.Err
	}
	r := make([]float64, d.n)
	residuals(r, d, y, theta)
	s := o.Scale
	mad := o.ScaleMethod == MADScale
	if s == 0 {
		s = 1
		if mad {
			s = madScale(r, d.w)
		}
	}
	if s == 0 {
		c.Fail("the MAD scale of the starting residuals is 0 (half of the points are fitted exactly): pass Options.Scale")
		return nil, c.Err
	}
	w := make([]float64, d.n)
	next := make([]float64, d.p)
	tol := o.tol()
	maxIter := o.maxIter(1000)
	res := &Result{}
	for it := 1; it <= maxIter; it++ {
		for i := range w {
			if d.w[i] != 0 {
				w[i] = d.w[i] * loss.Weight(l, r[i]/s)
			} else {
				w[i] = 0
			}
		}
		if !ws.solve(next, y, w) {
			b0, coef := split(theta)
			*res = Result{Intercept: b0, Coef: coef, Scale: s, Iterations: it}
			c.Wrap(ErrSingular, "IRLS step %d: the reweighted design is singular (too many points with weight 0 under %s at scale %.6g)", it, l.Name(), s)
			return res, c.Err
		}
		residuals(r, d, y, next)
		sNew := s
		if mad {
			sNew = madScale(r, d.w)
			if sNew == 0 {
				c.Fail("IRLS step %d: the MAD scale is 0 (half of the points are fitted exactly)", it)
				return nil, c.Err
			}
		}
		var dmax float64
		for j := range next {
			dmax = math.Max(dmax, math.Abs(next[j]-theta[j]))
		}
		done := dmax <= tol*(1+maxAbs(next)) && math.Abs(sNew-s) <= tol*s
		copy(theta, next)
		s = sNew
		res.Iterations = it
		if done {
			res.Converged = true
			break
		}
	}
	res.Intercept, res.Coef = split(theta)
	res.Scale = s
	if !res.Converged {
		c.Wrap(ErrNotConverged, "IRLS after %d iterations (Options.MaxIter)", res.Iterations)
		return res, c.Err
	}
	return res, nil
}

// residuals writes rᵢ = yᵢ − zᵢᵀθ.
func residuals(r []float64, d *design, y, theta []float64) {
	d.eta(r, theta)
	for i := range r {
		r[i] = y[i] - r[i]
	}
}

// madScale returns the weighted median of |rᵢ| divided by Φ⁻¹(3/4),
// over the points with weight > 0.
func madScale(r, w []float64) float64 {
	if equalWeights(w) {
		// Unweighted: numpy's median of |r| by sorting a float slice, which is
		// several times faster than the index sort of weightedMedian.
		a := make([]float64, len(r))
		for i, v := range r {
			a[i] = math.Abs(v)
		}
		slices.Sort(a)
		return num.MedianSorted(a) / madConst
	}
	a := make([]float64, 0, len(r))
	ww := make([]float64, 0, len(r))
	for i, v := range r {
		if w[i] > 0 {
			a = append(a, math.Abs(v))
			ww = append(ww, w[i])
		}
	}
	return weightedMedian(a, ww) / madConst
}

// weightedMedian returns the median of x with weights w (x and w are
// reordered). With equal weights it is numpy's median (the mean of the two
// middle values for an even count); in general, the value where the
// cumulative weight crosses half the total, or the mean of the two values
// on either side when it lands exactly on half, which is what replicating
// each point wᵢ times would give for integer weights.
func weightedMedian(x, w []float64) float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	var tot float64
	for _, v := range w {
		tot += v
	}
	half := tot / 2
	var cum float64
	for k, i := range idx {
		cum += w[i]
		if cum > half {
			return x[i]
		}
		if cum == half && k+1 < len(idx) {
			return (x[i] + x[idx[k+1]]) / 2
		}
	}
	return x[idx[len(idx)-1]]
}

// equalWeights reports whether all weights are the same positive value.
func equalWeights(w []float64) bool {
	for _, v := range w {
		if v != w[0] {
			return false
		}
	}
	return len(w) > 0 && w[0] > 0
}
