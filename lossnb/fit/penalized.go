package fit

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/internal/argcheck"
)

// Penalty is a penalty on the coefficients β of a linear model (never on the
// intercept): the elastic net
//
//	P(β) = L1·Σⱼ |βⱼ| + (L2/2)·Σⱼ βⱼ²
//
// of Zou & Hastie (2005). L2 alone is ridge regression (Hoerl & Kennard
// 1970), L1 alone the lasso (Tibshirani 1996). L2 has the same meaning as
// Options.L2.
//
// The maximum a posteriori reading: with Gaussian noise of variance σ² on n
// points, the mean squared error plus P(β) is, up to a factor n/(2σ²) and a
// constant, the negative log posterior under independent priors on the βⱼ:
// a Gaussian prior N(0, τ²) gives L2 = 2σ²/(nτ²), a Laplace prior with scale
// b (density e^{−|β|/b}/2b) gives L1 = 2σ²/(nb) (Tibshirani 1996, §5;
// Park & Casella 2008).
type Penalty struct {
	L1, L2 float64
}

// value returns P(β) for the finite coefficients of a fit.
func (p Penalty) value(coef []float64) float64 {
	var s1, s2 float64
	for _, b := range coef {
		s1 += math.Abs(b)
		s2 += b * b
	}
	return p.L1*s1 + 0.5*p.L2*s2
}

// PenalizedLeastSquares fits y ≈ b + Xβ by minimising the weighted mean
// squared error plus the penalty,
//
//	L(b, β) = Σᵢ wᵢ (yᵢ − b − xᵢᵀβ)² / Σᵢ wᵢ + L1·Σⱼ|βⱼ| + (L2/2)·Σⱼ βⱼ²,
//
// the objective of loss.Squared (r², not ½r²) with Options.Weights. It is
// convex, and strictly convex when L2 > 0 or the design has full rank, so
// the minimiser is unique; with L1 > 0 some coefficients are exactly 0.
//
// The method is cyclic coordinate descent with soft thresholding on the
// weighted-centred data (Friedman, Hastie & Tibshirani, "Regularization paths
// for generalized linear models via coordinate descent", J. Stat. Softw. 33,
// 2010): each βⱼ is set to S(cⱼ, L1)/(aⱼ + L2), with aⱼ = 2Σwᵢx̃ᵢⱼ²/W,
// cⱼ = 2Σwᵢx̃ᵢⱼ(ỹᵢ − Σ_{k≠j} x̃ᵢₖβₖ)/W and S(c, t) = sign(c)·max(|c| − t, 0),
// until no coefficient moves by more than Options.Tol·(1 + max|βⱼ|); then
// b = ȳ − x̄ᵀβ. Result.GradNorm is the largest violation of the optimality
// (KKT) conditions, 0 at the exact optimum. Options.Weights, Tol and
// MaxIter apply (MaxIter counts sweeps over the coefficients, default
// 10000); Method, Scale, ScaleMethod, Init and Options.L2 must be left at
// their zero values (pass the ridge penalty in pen.L2).
//
// Errors name the function, the argument and the value, as Linear's do.
func PenalizedLeastSquares(x [][]float64, y []float64, pen Penalty, o *Options) (*Result, error) {
	c := newCheck("PenalizedLeastSquares")
	if o == nil {
		o = &Options{}
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"pen.L1", pen.L1}, {"pen.L2", pen.L2}} {
		if b := argcheck.BadFloat(s.v); b != "" {
			c.Fail("%s is %s", s.name, b)
		} else if s.v < 0 {
			c.Fail("%s = %v, want ≥ 0", s.name, s.v)
		}
	}
	if o.Method != Auto || o.Scale != 0 || o.ScaleMethod != FixedScale || o.Init != nil || o.L2 != 0 {
		c.Fail("Options.Method, Scale, ScaleMethod, Init and L2 are not used: leave them at zero (the ridge penalty is pen.L2)")
	}
	if !c.OK() {
		return nil, c.Err
	}
	d := regressionDesign(&c, x, y, len(y), o)
	if !c.OK() {
		return nil, c.Err
	}
	n, p := d.n, d.p-1
	// Weighted means, and the centred columns x̃ and target ỹ.
	mean := make([]float64, d.p) // mean[0] is ȳ, mean[j+1] is x̄ⱼ
	for i := 0; i < n; i++ {
		wi := d.w[i] / d.wsum
		row := d.row(i)
		mean[0] += wi * y[i]
		for j := 1; j < d.p; j++ {
			mean[j] += wi * row[j]
		}
	}
	xc := make([]float64, n*p)
	res := make([]float64, n) // ỹ − X̃β, with β = 0 at the start
	a := make([]float64, p)
	for i := 0; i < n; i++ {
		row := d.row(i)
		res[i] = y[i] - mean[0]
		for j := 0; j < p; j++ {
			v := row[j+1] - mean[j+1]
			xc[i*p+j] = v
			a[j] += 2 * d.w[i] * v * v / d.wsum
		}
	}
	beta := make([]float64, p)
	tol, maxIter := o.tol(), o.maxIter(10000)
	r := &Result{Loss: "Squared", Method: CoordinateDescent, Scale: 1}
	// grad returns cⱼ − aⱼβⱼ = 2Σwᵢx̃ᵢⱼrᵢ/W, minus the gradient of the MSE.
	grad := func(j int) float64 {
		var s float64
		for i := 0; i < n; i++ {
			s += d.w[i] * xc[i*p+j] * res[i]
		}
		return 2 * s / d.wsum
	}
	for r.Iterations < maxIter && !r.Converged {
		r.Iterations++
		var maxStep, maxBeta float64
		for j := 0; j < p; j++ {
			cj := grad(j) + a[j]*beta[j]
			nb := softThreshold(cj, pen.L1) / (a[j] + pen.L2)
			if step := nb - beta[j]; step != 0 {
				for i := 0; i < n; i++ {
					res[i] -= step * xc[i*p+j]
				}
				maxStep = math.Max(maxStep, math.Abs(step))
				beta[j] = nb
			}
			maxBeta = math.Max(maxBeta, math.Abs(nb))
		}
		r.Converged = maxStep <= tol*(1+maxBeta)
	}
	// KKT: 0 ∈ ∂L means gⱼ − L2·βⱼ ∈ L1·∂|βⱼ|, with gⱼ = −∂MSE/∂βⱼ.
	for j := 0; j < p; j++ {
		g := grad(j) - pen.L2*beta[j]
		var v float64
		if beta[j] != 0 {
			v = math.Abs(g - pen.L1*math.Copysign(1, beta[j]))
		} else {
			v = math.Max(0, math.Abs(g)-pen.L1)
		}
		r.GradNorm = math.Max(r.GradNorm, v)
	}
	r.Coef = beta
	r.Intercept = mean[0]
	for j, b := range beta {
		r.Intercept -= mean[j+1] * b
	}
	var mse float64
	for i := 0; i < n; i++ {
		mse += d.w[i] * res[i] * res[i]
	}
	r.Objective = mse/d.wsum + pen.value(beta)
	if !r.Converged {
		return r, fmt.Errorf("fit.PenalizedLeastSquares: %w after %d sweeps (largest step above Options.Tol = %v)", ErrNotConverged, r.Iterations, tol)
	}
	return r, nil
}

// softThreshold returns S(c, t) = sign(c)·max(|c| − t, 0).
func softThreshold(c, t float64) float64 {
	if c > t {
		return c - t
	}
	if c < -t {
		return c + t
	}
	return 0
}
