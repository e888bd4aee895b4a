package fit

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// Logistic fits a linear classifier f(x) = b + xᵀβ by minimising the
// weighted mean margin loss
//
//	L(b, β) = Σᵢ wᵢ φ(yᵢ·f(xᵢ)) / Σᵢ wᵢ   (+ (L2/2)‖β‖²)
//
// for any classification loss φ of the catalogue. With loss.Logistic{} it
// is (unpenalised) logistic regression, the maximum-likelihood fit of
// P(y = +1 | x) = σ(f(x)); with loss.Hinge{} an unregularised linear SVM,
// solved exactly (Method Exact); with the other smooth losses a Newton or
// BFGS fit (gonum optimize). Labels are ±1 or 0/1 (0 is read as −1).
//
// Losses that are positive for every margin (logistic, exponential) have no
// finite minimiser when the classes are linearly separable: the fit then
// returns an error wrapping ErrSeparable (detected because the fitted
// f classifies every point correctly), unless Options.L2 > 0 makes the
// optimum finite. Quasi-complete separation (some points on the boundary
// of every separating hyperplane) shows up as ErrNotConverged.
func Logistic(x [][]float64, y []float64, l loss.Margin, o *Options) (*Result, error) {
	return logistic("Logistic", x, y, l, o)
}

// logistic is Logistic with the caller's name in its errors.
func logistic(fn string, x [][]float64, y []float64, l loss.Margin, o *Options) (*Result, error) {
	c := newCheck(fn)
	if o == nil {
		o = &Options{}
	}
	if l == nil {
		c.Fail("l is nil")
		return nil, c.Err
	}
	if _, ok := l.(loss.ZeroOne); ok {
		c.Fail("loss ZeroOne is flat almost everywhere (zero gradient): fit a convex surrogate such as Logistic or Hinge")
		return nil, c.Err
	}
	c.Finite("y", y)
	d := newDesign(&c, x, len(y), o.Weights)
	checkOptions(&c, o, d)
	if !c.OK() {
		return nil, c.Err
	}
	labels := signLabels(&c, y)
	if o.ScaleMethod != FixedScale || o.Scale != 0 {
		c.Fail("Options.Scale and Options.ScaleMethod apply to regression losses only")
	}
	if !c.OK() {
		return nil, c.Err
	}
	m := o.Method
	_, hinge := l.(loss.Hinge)
	if m == Auto {
		switch {
		case hinge && o.L2 == 0:
			m = Exact
		case isSecondDeriver(l):
			m = Newton
		default:
			m = BFGS
		}
	}
	var res *Result
	var err error
	switch m {
	case Exact, Simplex:
		if !hinge {
			c.Fail("Method %v needs loss Hinge, not %s", m, l.Name())
			return nil, c.Err
		}
		if o.L2 != 0 {
			c.Fail("Options.L2 = %v needs Method Newton, BFGS or LBFGS, not %v", o.L2, m)
			return nil, c.Err
		}
		ones := make([]float64, d.n)
		for i := range ones {
			ones[i] = 1
		}
		if m == Exact {
			res, err = exactFit(&c, d, ones, labels, hingePWL, o)
		} else {
			res, err = simplexFit(&c, d, ones, labels, hingePWL)
		}
	case Newton, BFGS, LBFGS:
		obj := &objective{d: d, y: labels, mar: l, s: 1, l2: o.L2, w: d.w}
		res, err = smooth(&c, obj, m, o)
	default:
		c.Fail("Options.Method = %v does not apply to a classifier", m)
		return nil, c.Err
	}
	if res == nil {
		return nil, err
	}
	res.Loss, res.Method, res.Scale = l.Name(), m, 1
	obj := &objective{d: d, y: labels, mar: l, s: 1, l2: o.L2, w: d.w}
	res.Objective = obj.value(res.Params())
	// Separation: a loss with φ > 0 everywhere is still decreasing at any
	// finite fit that classifies every point correctly.
	if o.L2 == 0 && l.Value(30) > 0 && allPositiveMargins(d, labels, res.Params()) {
		c2 := newCheck("Logistic")
		c2.Wrap(ErrSeparable, "every point is classified correctly by b + xᵀβ, so %s decreases forever along it (set Options.L2 > 0 for a regularised fit)", l.Name())
		return res, c2.Err
	}
	if err != nil && !res.Converged && m != Exact {
		return res, wrapHint(err, " (if the classes are quasi-separable, set Options.L2 > 0)")
	}
	return res, err
}

type hintErr struct {
	err  error
	hint string
}

func (h hintErr) Error() string { return h.err.Error() + h.hint }
func (h hintErr) Unwrap() error { return h.err }

func wrapHint(err error, hint string) error { return hintErr{err, hint} }

func isSecondDeriver(l any) bool {
	_, ok := l.(loss.SecondDeriver)
	return ok
}

// signLabels maps labels in {−1, +1} or {0, 1} to ±1.
func signLabels(c *check, y []float64) []float64 {
	out := make([]float64, len(y))
	var zero, minus bool
	for i, v := range y {
		switch v {
		case 1:
			out[i] = 1
		case -1:
			out[i] = -1
			minus = true
		case 0:
			out[i] = -1
			zero = true
		default:
			c.Fail("y[%d] = %v, want a label in {−1, +1} or {0, 1}", i, v)
			return nil
		}
		if zero && minus {
			c.Fail("y has both 0 and −1 labels (y[%d] = %v): use {−1, +1} or {0, 1}", i, v)
			return nil
		}
	}
	return out
}

func allPositiveMargins(d *design, labels, theta []float64) bool {
	for i := 0; i < d.n; i++ {
		if d.w[i] > 0 && labels[i]*floats.Dot(d.row(i), theta) <= 0 {
			return false
		}
	}
	return true
}

// SoftmaxResult is a fitted multinomial model with scores
// fₖ(x) = Intercept[k] + Σⱼ Coef[k][j]·x[j] and probabilities
// softmax(f(x)). Class 0 is the reference: its row is all zero.
type SoftmaxResult struct {
	Intercept  []float64
	Coef       [][]float64
	Objective  float64 // mean cross-entropy (+ penalty)
	GradNorm   float64
	Iterations int
	Converged  bool
	Method     Method
}

// Probs returns softmax(f(x)) for each row of x.
func (r *SoftmaxResult) Probs(x [][]float64) ([][]float64, error) {
	c := newCheck("SoftmaxResult.Probs")
	if r == nil {
		c.Fail("the result is nil (did Softmax return an error?)")
		return nil, c.Err
	}
	p := c.matrix("x", x)
	if c.OK() && len(x) > 0 && p != len(r.Coef[0]) {
		c.Fail("len(x[0]) = %d, want %d", p, len(r.Coef[0]))
	}
	if !c.OK() {
		return nil, c.Err
	}
	out := make([][]float64, len(x))
	for i, row := range x {
		f := make([]float64, len(r.Intercept))
		finite := true
		for k := range f {
			f[k] = r.Intercept[k] + floats.Dot(r.Coef[k], row)
			finite = finite && !math.IsInf(f[k], 0) && !math.IsNaN(f[k])
		}
		if finite {
			softmaxInPlace(f)
		} else {
			softmaxHuge(f, r, row)
		}
		out[i] = f
	}
	return out, nil
}

// softmaxHuge writes softmax(f(x)) to f for a row x so large that some
// score fₖ(x) overflows though the probabilities fit: with s = max|xⱼ|,
// fₖ = s·gₖ where gₖ = bₖ/s + cₖ·(x/s) is finite, and softmax(s·g) is
// computed as exp(s(gₖ − max g)) with s·0 = 0.
func softmaxHuge(f []float64, r *SoftmaxResult, row []float64) {
	s := 0.0
	for _, v := range row {
		s = math.Max(s, math.Abs(v))
	}
	u := make([]float64, len(row))
	for j, v := range row {
		u[j] = v / s
	}
	m := math.Inf(-1)
	for k := range f {
		f[k] = r.Intercept[k]/s + floats.Dot(r.Coef[k], u)
		m = math.Max(m, f[k])
	}
	var sum float64
	for k, g := range f {
		e := 1.0
		if g != m {
			e = math.Exp(s * (g - m))
		}
		f[k] = e
		sum += e
	}
	for k := range f {
		f[k] /= sum
	}
}

func softmaxInPlace(f []float64) float64 {
	m := math.Inf(-1)
	for _, v := range f {
		m = math.Max(m, v)
	}
	var s float64
	for k, v := range f {
		f[k] = math.Exp(v - m)
		s += f[k]
	}
	for k := range f {
		f[k] /= s
	}
	return m + math.Log(s)
}

// Softmax fits multinomial (softmax) logistic regression with k classes by
// minimising the weighted mean cross-entropy
//
//	L(Θ) = Σᵢ wᵢ [log Σₖ exp fₖ(xᵢ) − f_{yᵢ}(xᵢ)] / Σᵢ wᵢ,
//
// with class 0 as reference (f₀ = 0), the identifiable parametrisation of
// statsmodels' MNLogit (scikit-learn's unpenalised fit has the same
// probabilities with a different, non-unique parametrisation). Labels are
// class indices in [0, k). Method Auto is Newton (gonum optimize). If every
// point is classified correctly the classes are separable and there is no
// finite optimum: an error wrapping ErrSeparable, unless Options.L2 > 0.
func Softmax(x [][]float64, labels []int, k int, o *Options) (*SoftmaxResult, error) {
	c := newCheck("Softmax")
	if o == nil {
		o = &Options{}
	}
	if k < 2 {
		c.Fail("k = %d, want ≥ 2 classes", k)
		return nil, c.Err
	}
	for i, v := range labels {
		if v < 0 || v >= k {
			c.Fail("labels[%d] = %d, want a class in [0, %d)", i, v, k)
			return nil, c.Err
		}
	}
	if x != nil && len(x) != len(labels) {
		c.Fail("len(x) = %d, len(labels) = %d", len(x), len(labels))
		return nil, c.Err
	}
	d := newDesign(&c, x, len(labels), o.Weights)
	// Softmax's θ has (k−1)(1 + features) entries, not checkOptions' 1 +
	// features: check Init here (checkOptions refused every Init).
	oo := *o
	oo.Init = nil
	checkOptions(&c, &oo, d)
	if c.OK() {
		c.Finite("Options.Init", o.Init)
	}
	if !c.OK() {
		return nil, c.Err
	}
	if o.Init != nil && len(o.Init) != (k-1)*d.p {
		c.Fail("len(Options.Init) = %d, want %d ((k−1)·(1 + features))", len(o.Init), (k-1)*d.p)
		return nil, c.Err
	}
	if (d.p-1+1)*(k-1) > len(labels) {
		c.Fail("%d parameters ((k−1)·(1 + features) with k = %d) but only %d points", d.p*(k-1), k, len(labels))
		return nil, c.Err
	}
	so := &softmaxObj{d: d, y: labels, k: k, l2: o.L2}
	prob := optimize.Problem{Func: so.value, Grad: so.grad}
	m := o.Method
	var method optimize.Method
	switch m {
	case Auto, Newton:
		m = Newton
		prob.Hess = so.hess
		method = &optimize.Newton{}
	case BFGS:
		method = &optimize.BFGS{}
	case LBFGS:
		method = &optimize.LBFGS{}
	default:
		c.Fail("Options.Method = %v does not apply to Softmax", m)
		return nil, c.Err
	}
	theta := make([]float64, (k-1)*d.p)
	if o.Init != nil {
		copy(theta, o.Init)
	}
	tol := o.tol()
	r, err := optimize.Minimize(prob, theta, &optimize.Settings{
		GradientThreshold: tol, MajorIterations: o.maxIter(1000), Converger: optimize.NeverTerminate{},
	}, method)
	res := &SoftmaxResult{Method: m}
	if r != nil {
		copy(theta, r.X)
		res.Iterations = r.MajorIterations
	}
	g := make([]float64, len(theta))
	so.grad(g, theta)
	res.GradNorm = maxAbs(g)
	res.Objective = so.value(theta)
	res.Intercept = make([]float64, k)
	res.Coef = make([][]float64, k)
	res.Coef[0] = make([]float64, d.p-1)
	for a := 1; a < k; a++ {
		blk := theta[(a-1)*d.p : a*d.p]
		res.Intercept[a] = blk[0]
		res.Coef[a] = append([]float64(nil), blk[1:]...)
	}
	res.Converged = res.GradNorm <= tol || (err != nil && res.GradNorm <= 1e4*tol)
	if o.L2 == 0 && so.allCorrect(theta) {
		c.Wrap(ErrSeparable, "every point is classified correctly, so the cross-entropy decreases forever (set Options.L2 > 0)")
		return res, c.Err
	}
	if math.IsNaN(res.Objective) {
		c.Fail("%v produced NaN", m)
		return res, c.Err
	}
	if !res.Converged {
		c.Wrap(ErrNotConverged, "%v stopped after %d iterations with max|∇L| = %.3g > Tol = %.3g (if the classes are quasi-separable, set Options.L2 > 0)", m, res.Iterations, res.GradNorm, tol)
		return res, c.Err
	}
	return res, nil
}

// softmaxObj is the multinomial cross-entropy with θ = (θ₁, …, θ_{k−1}),
// θₐ ∈ ℝᵖ the parameters of class a (class 0 fixed at 0).
type softmaxObj struct {
	d  *design
	y  []int
	k  int
	l2 float64
}

// probs writes the class probabilities of point i to pr and returns the
// log-sum-exp of its scores.
func (s *softmaxObj) probs(pr []float64, i int, theta []float64) float64 {
	p := s.d.p
	row := s.d.row(i)
	pr[0] = 0
	for a := 1; a < s.k; a++ {
		pr[a] = floats.Dot(row, theta[(a-1)*p:a*p])
	}
	return softmaxInPlace(pr)
}

// eachPoint calls f for every point i with weight w > 0, with its class
// probabilities pr (probs) and its design row.
func (s *softmaxObj) eachPoint(theta []float64, f func(i int, w float64, pr, row []float64)) {
	pr := make([]float64, s.k)
	for i := 0; i < s.d.n; i++ {
		w := s.d.w[i]
		if w == 0 {
			continue
		}
		s.probs(pr, i, theta)
		f(i, w, pr, s.d.row(i))
	}
}

func (s *softmaxObj) value(theta []float64) float64 {
	p := s.d.p
	pr := make([]float64, s.k)
	var sum float64
	for i := 0; i < s.d.n; i++ {
		if s.d.w[i] == 0 {
			continue
		}
		row := s.d.row(i)
		fy := 0.0
		if s.y[i] > 0 {
			fy = floats.Dot(row, theta[(s.y[i]-1)*p:s.y[i]*p])
		}
		sum += s.d.w[i] * (s.probs(pr, i, theta) - fy)
	}
	var pen float64
	for a := 0; a < s.k-1; a++ {
		pen += ridge(s.l2, theta[a*p+1:(a+1)*p])
	}
	return sum/s.d.wsum + pen
}

func (s *softmaxObj) grad(g, theta []float64) {
	p := s.d.p
	for j := range g {
		g[j] = 0
	}
	s.eachPoint(theta, func(i int, w float64, pr, row []float64) {
		for a := 1; a < s.k; a++ {
			f := pr[a]
			if s.y[i] == a {
				f--
			}
			f *= w / s.d.wsum
			ga := g[(a-1)*p : a*p]
			for j, v := range row {
				ga[j] += f * v
			}
		}
	})
	for a := 0; a < s.k-1; a++ {
		for j := 1; j < p; j++ {
			g[a*p+j] += s.l2 * theta[a*p+j]
		}
	}
}

// hess writes Σᵢ wᵢ (diag(πᵢ) − πᵢπᵢᵀ) ⊗ zᵢzᵢᵀ / Σ wᵢ over classes 1…k−1.
func (s *softmaxObj) hess(h *mat.SymDense, theta []float64) {
	p := s.d.p
	q := (s.k - 1) * p
	hh := make([]float64, q*q)
	s.eachPoint(theta, func(_ int, w float64, pr, row []float64) {
		for a := 1; a < s.k; a++ {
			for b := a; b < s.k; b++ {
				c := -pr[a] * pr[b]
				if a == b {
					c += pr[a]
				}
				c *= w / s.d.wsum
				for j := 0; j < p; j++ {
					cj := c * row[j]
					base := ((a-1)*p+j)*q + (b-1)*p
					for l := 0; l < p; l++ {
						hh[base+l] += cj * row[l]
					}
				}
			}
		}
	})
	for x := 0; x < q; x++ {
		for y := x; y < q; y++ {
			v := hh[x*q+y]
			if x == y && x%p != 0 {
				v += s.l2
			}
			h.SetSym(x, y, v)
		}
	}
}

func (s *softmaxObj) allCorrect(theta []float64) bool {
	pr := make([]float64, s.k)
	for i := 0; i < s.d.n; i++ {
		if s.d.w[i] == 0 {
			continue
		}
		s.probs(pr, i, theta)
		for a, v := range pr {
			if a != s.y[i] && v >= pr[s.y[i]] {
				return false
			}
		}
	}
	return true
}
