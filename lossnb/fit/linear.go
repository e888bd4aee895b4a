package fit

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/internal/argcheck"
	"github.com/lossnb/lossnb/lossnb/loss"
	"gonum.org/v1/gonum/floats"
)

// Method selects the algorithm of a fit.
type Method int

const (
	// Auto chooses by loss: LeastSquares for loss.Squared, Exact for the
	// piecewise-linear losses (Absolute, Pinball, EpsInsensitive,
	// SmoothL1 with β = 0, Hinge), IRLS for the M-estimators (Huber, Tukey,
	// Cauchy, Barron) and Newton (or BFGS when the loss has no second
	// derivative) for the other smooth losses.
	Auto Method = iota
	// LeastSquares solves the weighted normal equations by a QR
	// factorisation (gonum mat); only for loss.Squared.
	LeastSquares
	// IRLS is iteratively reweighted least squares (Holland & Welsch 1977):
	// at each step a weighted least-squares fit with weights w(rᵢ/s), the
	// M-estimator weight ψ(u)/u of the loss. Needs a finite weight at 0.
	IRLS
	// Newton is gonum's optimize.Newton (modified Newton with a line
	// search); needs a loss with a second derivative (loss.SecondDeriver).
	Newton
	// BFGS is gonum's optimize.BFGS.
	BFGS
	// LBFGS is gonum's optimize.LBFGS, for many parameters.
	LBFGS
	// Exact is an exact vertex-to-vertex descent for piecewise-linear losses
	// (the Barrodale & Roberts (1973) simplex for L1 regression, with an exact
	// line search along each edge; Koenker 2005, §6.2). Each iterate fits p
	// points exactly; the optimum is certified by the LP optimality
	// conditions, so the result is the exact LP optimum, not a smoothed one.
	Exact
	// Simplex formulates the piecewise-linear problem as a linear program
	// and solves it with gonum's optimize/convex/lp.Simplex. Dense and
	// O(n³) per pivot: for small problems and for cross-checking Exact.
	Simplex
	// CoordinateDescent is the cyclic coordinate descent of
	// PenalizedLeastSquares; only that function uses it.
	CoordinateDescent
)

var methodNames = [...]string{"Auto", "LeastSquares", "IRLS", "Newton", "BFGS", "LBFGS", "Exact", "Simplex", "CoordinateDescent"}

func (m Method) String() string {
	if m >= 0 && int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ScaleMethod says how the residual scale s in ρ(r/s) is chosen.
type ScaleMethod int

const (
	// FixedScale uses s = Options.Scale (1 when it is 0): the loss applies
	// to the residuals in the units of y, as in the notebooks' δ slider.
	FixedScale ScaleMethod = iota
	// MADScale re-estimates s = median(|rᵢ|)/Φ⁻¹(3/4) from the residuals of
	// the previous iterate at every IRLS step: the "MAD" scale of
	// statsmodels' RLM(scale_est="mad") and of Huber (1981, §7.8), the
	// median of absolute residuals (not centred: the model has an
	// intercept) made consistent for σ at the Gaussian. With weights it is
	// the weighted median. Only for IRLS.
	MADScale
)

// madConst is Φ⁻¹(3/4), which makes the MAD consistent for σ at the Gaussian
// (statsmodels.robust.scale.mad's default c = norm.ppf(0.75)).
const madConst = 0.6744897501960817

// Options control a fit. A nil *Options means the defaults.
type Options struct {
	// Weights are sample weights wᵢ ≥ 0 (nil: all 1). The objective is the
	// weighted mean Σ wᵢℓᵢ / Σ wᵢ, as in loss.Reduce and scikit-learn's
	// sample_weight: an integer weight counts a point that many times.
	Weights []float64
	// Method is the algorithm; Auto (the zero value) chooses by loss.
	Method Method
	// Scale is the fixed scale s of ρ(r/s) for FixedScale (0 means 1), or
	// the starting scale for MADScale (0 means the MAD of the starting fit's
	// residuals, as statsmodels does).
	Scale float64
	// ScaleMethod chooses a fixed scale (default) or the MAD scale.
	ScaleMethod ScaleMethod
	// Init is a starting point θ = (intercept, coef…), e.g. a previous fit's
	// Params() for a warm start. nil: least squares (Exact, IRLS: as
	// statsmodels' RLM and R's MASS::rlm(init = "ls")) or zero (classifiers).
	Init []float64
	// MaxIter caps the iterations (0: 1000 for IRLS and the gonum methods,
	// 100·n + 1000 pivots for Exact).
	MaxIter int
	// Tol is the convergence tolerance (0: 1e-10). IRLS stops when
	// max|Δθⱼ| ≤ Tol·(1 + max|θⱼ|) and, with MADScale, |Δs| ≤ Tol·s; the gonum
	// methods when the gradient's max-norm is ≤ Tol (≤ 10⁴·Tol if the line
	// search stalls at the precision of the objective); Exact when the dual
	// certificate holds to Tol.
	Tol float64
	// L2 adds the ridge penalty (L2/2)·Σⱼ βⱼ² on the coefficients (not the
	// intercept) to the objective. It gives separable classes a finite
	// optimum. Only for the gonum methods (Newton, BFGS, LBFGS).
	L2 float64
}

func (o *Options) tol() float64 {
	if o.Tol > 0 {
		return o.Tol
	}
	return 1e-10
}

func (o *Options) maxIter(def int) int {
	if o.MaxIter > 0 {
		return o.MaxIter
	}
	return def
}

// Result is a fitted linear model f(x) = Intercept + Σⱼ Coef[j]·x[j].
type Result struct {
	// Loss is the loss's Name().
	Loss string
	// Method is the algorithm that produced the fit (never Auto).
	Method Method
	// Intercept and Coef are the fitted parameters.
	Intercept float64
	Coef      []float64
	// Objective is Σ wᵢ ℓᵢ / Σ wᵢ at the solution, with ℓᵢ = ρ(rᵢ/s) for a
	// regression (plus the L2 penalty, if any).
	Objective float64
	// Scale is the residual scale s used by the loss (1 by default).
	Scale float64
	// GradNorm is max|∇L| at the solution for the gonum methods (0 otherwise).
	GradNorm float64
	// Iterations counts IRLS steps, gonum major iterations or simplex pivots.
	Iterations int
	// Converged reports that the method's convergence test passed. When it
	// is false the fit also returns an error wrapping ErrNotConverged.
	Converged bool
	// Basis lists, for Exact fits, the p points the solution interpolates
	// (their residuals are at a kink of the loss: 0 for Absolute and Pinball).
	Basis []int
}

// Params returns (Intercept, Coef…), the θ of Options.Init (nil for a nil
// result, so that a failed fit's Params() is no warm start).
func (r *Result) Params() []float64 {
	if r == nil {
		return nil
	}
	return append([]float64{r.Intercept}, r.Coef...)
}

// Predict returns f(x) for each row of x.
func (r *Result) Predict(x [][]float64) ([]float64, error) {
	return r.predict("Result.Predict", "x", x)
}

// predict is Predict with the caller's function and argument names.
func (r *Result) predict(fn, name string, x [][]float64) ([]float64, error) {
	c := newCheck(fn)
	if r == nil {
		c.Fail("the result is nil (did the fit return an error?)")
		return nil, c.Err
	}
	p := c.matrix(name, x)
	if c.OK() && len(x) > 0 && p != len(r.Coef) {
		c.Fail("len(%s[0]) = %d, want %d (the number of coefficients)", name, p, len(r.Coef))
	}
	if !c.OK() {
		return nil, c.Err
	}
	out := make([]float64, len(x))
	for i, row := range x {
		s := r.Intercept
		for j, v := range row {
			s += r.Coef[j] * v
		}
		out[i] = s
	}
	return out, nil
}

// Linear fits y ≈ b + Xβ (with an intercept b) by minimising the weighted
// mean loss
//
//	L(b, β) = Σᵢ wᵢ ρ((yᵢ − b − xᵢᵀβ)/s) / Σᵢ wᵢ
//
// for any regression loss ρ of the catalogue: least squares (the mean),
// least absolute deviations and quantile regression (Koenker & Bassett 1978)
// solved exactly, and the M-estimators of Huber (1964, 1981) and Tukey
// (Beaton & Tukey 1974) by IRLS, at a fixed scale s or with the MAD scale.
// x has one row per point (x[i][j] is feature j of point i; x[i] may be
// empty); o may be nil.
//
// Errors name the function, argument and value (fit.Linear: x[3][1] is
// NaN; fit.Linear: 5 parameters but only 3 points); a singular design wraps
// ErrSingular. When the method does not converge, the last iterate is
// returned together with an error wrapping ErrNotConverged.
//
// Non-convex losses (Tukey, Cauchy, Barron with α < 1) can have several
// local minima: the result depends on the start (least squares by default,
// as statsmodels' RLM; pass a robust fit's Params() in Options.Init).
func Linear(x [][]float64, y []float64, l loss.Regression, o *Options) (*Result, error) {
	return linear("Linear", x, y, len(y), l, o)
}

func linear(fn string, x [][]float64, y []float64, n int, l loss.Regression, o *Options) (*Result, error) {
	c := newCheck(fn)
	if o == nil {
		o = &Options{}
	}
	c.regLoss("l", l)
	d := regressionDesign(&c, x, y, n, o)
	if !c.OK() {
		return nil, c.Err
	}
	return fitRegression(&c, d, y, l, o)
}

// regressionDesign checks the targets y (finite, small enough to square) and
// the options, and returns the design of x (n rows, with o.Weights), as every
// linear fit starts; c holds the first failure.
func regressionDesign(c *check, x [][]float64, y []float64, n int, o *Options) *design {
	c.Finite("y", y)
	c.bounded("y", y)
	d := newDesign(c, x, n, o.Weights)
	checkOptions(c, o, d)
	return d
}

// checkOptions validates the scalar options.
func checkOptions(c *check, o *Options, d *design) {
	if !c.OK() {
		return
	}
	if o.Init != nil {
		if len(o.Init) != d.p {
			c.Fail("len(Options.Init) = %d, want %d (intercept and %d coefficients)", len(o.Init), d.p, d.p-1)
		}
		c.Finite("Options.Init", o.Init)
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"Scale", o.Scale}, {"Tol", o.Tol}, {"L2", o.L2}} {
		if b := argcheck.BadFloat(s.v); b != "" {
			c.Fail("Options.%s is %s", s.name, b)
		} else if s.v < 0 {
			c.Fail("Options.%s = %v, want ≥ 0", s.name, s.v)
		} else if s.name == "L2" && s.v > maxData {
			c.Fail("Options.L2 = %v, want ≤ %v (the penalty (L2/2)·Σβ² must not overflow)", s.v, maxData)
		}
	}
	if o.MaxIter < 0 {
		c.Fail("Options.MaxIter = %d, want ≥ 0", o.MaxIter)
	}
	if o.Method < Auto || o.Method > Simplex {
		c.Fail("Options.Method = %v, unknown", o.Method)
	}
	if o.ScaleMethod != FixedScale && o.ScaleMethod != MADScale {
		c.Fail("Options.ScaleMethod = %d, unknown", int(o.ScaleMethod))
	}
}

// chooseRegression resolves Auto for a regression loss.
func chooseRegression(l loss.Regression, o *Options) Method {
	if o.Method != Auto {
		return o.Method
	}
	if _, ok := l.(loss.Squared); ok && o.ScaleMethod == FixedScale && o.L2 == 0 {
		return LeastSquares
	}
	if _, ok := piecewiseLinear(l); ok {
		return Exact
	}
	if o.L2 > 0 {
		if _, ok := l.(loss.SecondDeriver); ok {
			return Newton
		}
		return BFGS
	}
	switch l.(type) {
	case loss.Huber, loss.Tukey, loss.Cauchy, loss.Barron:
		return IRLS
	}
	if o.ScaleMethod == MADScale {
		return IRLS
	}
	if _, ok := l.(loss.SecondDeriver); ok {
		return Newton
	}
	return BFGS
}

func fitRegression(c *check, d *design, y []float64, l loss.Regression, o *Options) (*Result, error) {
	m := chooseRegression(l, o)
	if o.ScaleMethod == MADScale && m != IRLS {
		c.Fail("Options.ScaleMethod = MADScale needs Method IRLS, not %v", m)
		return nil, c.Err
	}
	if o.L2 > 0 && m != Newton && m != BFGS && m != LBFGS {
		c.Fail("Options.L2 = %v needs Method Newton, BFGS or LBFGS, not %v", o.L2, m)
		return nil, c.Err
	}
	s := o.Scale
	if s == 0 {
		s = 1
	}
	var res *Result
	var err error
	switch m {
	case LeastSquares:
		if _, ok := l.(loss.Squared); !ok {
			c.Fail("Method LeastSquares needs loss.Squared, not %s", l.Name())
			return nil, c.Err
		}
		res, err = leastSquares(c, d, y, d.w)
	case IRLS:
		res, err = irls(c, d, y, l, o)
	case Newton, BFGS, LBFGS:
		obj := &objective{d: d, y: y, reg: l, s: s, l2: o.L2, w: d.w}
		res, err = smooth(c, obj, m, o)
	case Exact, Simplex:
		pw, ok := piecewiseLinear(l)
		if !ok {
			c.Fail("Method %v needs a piecewise-linear loss (Absolute, Pinball, EpsInsensitive, SmoothL1(β=0)), not %s", m, l.Name())
			return nil, c.Err
		}
		pw = pw.scaled(s)
		if m == Exact {
			res, err = exactFit(c, d, y, nil, pw, o)
		} else {
			res, err = simplexFit(c, d, y, nil, pw)
		}
	}
	if res != nil {
		res.Loss = l.Name()
		res.Method = m
		if res.Scale == 0 {
			res.Scale = s
		}
		res.Objective = regObjective(d, y, l, res.Params(), res.Scale, d.w) + ridge(o.L2, res.Coef)
		if err == nil && !argcheck.AllFinite(append(res.Params(), res.Objective, res.Scale)) {
			c.Fail("%v under %s gave a non-finite result (objective %v, params %v)", m, l.Name(), res.Objective, res.Params())
			return res, c.Err
		}
	}
	return res, err
}

// ridge returns (λ/2)‖β‖².
func ridge(l2 float64, coef []float64) float64 {
	if l2 == 0 {
		return 0
	}
	var s float64
	for _, v := range coef {
		s += v * v
	}
	return 0.5 * l2 * s
}

// regObjective returns Σ wᵢ ρ(rᵢ/s) / Σ wᵢ.
func regObjective(d *design, y []float64, l loss.Regression, theta []float64, s float64, w []float64) float64 {
	var sum, ws float64
	for i := 0; i < d.n; i++ {
		if w[i] == 0 {
			continue
		}
		r := y[i] - floats.Dot(d.row(i), theta)
		sum += w[i] * l.Value(r/s)
		ws += w[i]
	}
	return sum / ws
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}
