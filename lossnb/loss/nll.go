package loss

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// NLLOptions configures the negative log-likelihoods.
type NLLOptions struct {
	// Weights must be empty: neither GaussianNLLLoss nor PoissonNLLLoss of
	// PyTorch has a weight (the field is here so that every options struct
	// passes weights the same way).
	Weights []float64
	// Full adds the normalising constant (e.g. ½ log 2π for the Gaussian),
	// so the value is the exact negative log-density. Without it the loss
	// differs by a constant and has the same gradient (PyTorch's full=False).
	Full bool
	// Eps is used by GaussianNLL (variances below eps are clamped to eps,
	// as PyTorch; a variance of 0 is then allowed) and by PoissonNLL (λ +
	// eps inside the log). The zero value means PyTorch's default:
	// [GaussianNLLEpsPyTorch] = 1e-6 for GaussianNLL,
	// [PoissonNLLEpsPyTorch] = 1e-8 for PoissonNLL. Other functions have no
	// eps and require Eps = 0.
	Eps float64
	// NoEps sets eps to 0 (no clamp: the textbook likelihood, PyTorch's
	// eps=0) in GaussianNLL and PoissonNLL; it cannot be combined with an
	// Eps > 0, and changes nothing in the functions that have no eps.
	NoEps bool
	// Exact makes PoissonNLL and PoissonNLLLog with Full add the exact
	// log y! = log Γ(y + 1) (the textbook negative log-likelihood, whose
	// exp is a probability). Full alone is PyTorch's full=True: Stirling's
	// approximation y·log y − y + ½ log(2πy) where y > 1, nothing where
	// y ≤ 1. Other functions require Exact = false.
	Exact bool
	// Reduction: Mean (Σ/N) or Sum.
	Reduction Reduction
}

// eps returns the eps in effect: def (PyTorch's default) for the zero
// value, 0 with NoEps, Eps otherwise.
func (o NLLOptions) eps(def float64) float64 {
	switch {
	case o.NoEps:
		return 0
	case o.Eps == 0:
		return def
	}
	return o.Eps
}

// checkEps validates Eps and NoEps for a loss with an eps (useEps) or
// without one.
func checkEps(c *check, opts NLLOptions, useEps bool) {
	if useEps {
		c.scalarNonNeg("opts.Eps", opts.Eps)
		if c.OK() && opts.NoEps && opts.Eps != 0 {
			c.Fail("opts.Eps = %v with opts.NoEps, want one of them (NoEps means eps = 0)", opts.Eps)
		}
	} else if opts.Eps != 0 {
		c.Fail("opts.Eps = %v, want 0 (this loss has no eps)", opts.Eps)
	}
}

const halfLog2Pi = 0.91893853320467274178032973640561763986139747363778 // ½ log 2π

// checkNLL validates what every elementwise NLL shares. scale is the
// optional third slice (variance, scale) with its name, which broadcasts
// like BCEOptions.Weights (length 1 for a fixed, shared value).
func checkNLL(c *check, dPred, dScale, pred, target []float64, sName string, scale []float64, opts NLLOptions, useEps bool) {
	c.noWeights(opts.Weights)
	n := len(pred)
	c.nonEmpty(n)
	c.sameLen("pred", n, "target", len(target))
	if dPred != nil {
		c.dstLen("dPred", len(dPred), n)
	}
	if sName != "" {
		if len(scale) == 0 {
			c.Fail("len(%s) = 0, want 1 or a divisor of %d", sName, n)
		} else if n%len(scale) != 0 {
			c.Fail("len(%s) = %d, want 1 or a divisor of %d", sName, len(scale), n)
		}
		if dScale != nil {
			c.dstLen("d"+upperFirst(sName), len(dScale), len(scale))
		}
	}
	c.Finite("pred", pred)
	c.Finite("target", target)
	if sName != "" {
		if useEps && opts.eps(GaussianNLLEpsPyTorch) > 0 {
			// Clamped to Eps below, as PyTorch: only negatives are
			// errors (F.gaussian_nll_loss: "var has negative entry").
			c.nonNeg(sName, scale)
		} else {
			c.positive(sName, scale)
		}
	}
	if opts.Exact {
		c.Fail("opts.Exact is set, want false (it chooses log y! over Stirling's term in PoissonNLL only)")
	}
	checkEps(c, opts, useEps)
	c.reduction(opts.Reduction, c.Fn+"Elems")
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func gaussianCore(fn string, dPred, dVariance, pred, target, variance []float64, opts NLLOptions) (float64, error) {
	c := newCheck(fn)
	checkNLL(&c, dPred, dVariance, pred, target, "variance", variance, opts, true)
	if !c.OK() {
		return 0, c.Err
	}
	d := opts.Reduction.denom(float64(len(pred)))
	eps := opts.eps(GaussianNLLEpsPyTorch)
	return locScaleSum(dPred, dVariance, pred, target, variance, d, func(r, v float64) (l, gPred, gVar float64) {
		v = math.Max(v, eps)
		l = 0.5 * (math.Log(v) + r*r/v)
		if opts.Full {
			l += halfLog2Pi
		}
		return l, -r / v, 0.5 * (1 - r*r/v) / v // no v² to overflow
	}), nil
}

// locScaleSum is the loop of the location-scale NLLs (Gaussian, Laplace,
// Student-t): with rᵢ = targetᵢ − predᵢ and sᵢ the broadcast scale (or
// variance), term gives ℓ(rᵢ, sᵢ), ∂ℓ/∂pred and ∂ℓ/∂s; it returns Σ ℓ / d,
// writes ∂ℓ/∂predᵢ / d to dPred and the sums of ∂ℓ/∂s / d over the elements
// sharing a scale to dScale (each when non-nil).
func locScaleSum(dPred, dScale, pred, target, scale []float64, d float64, term func(r, s float64) (l, gPred, gScale float64)) float64 {
	for i := range dScale {
		dScale[i] = 0
	}
	ls := len(scale)
	var sum float64
	for i, mu := range pred {
		l, gp, gs := term(target[i]-mu, scale[i%ls])
		sum += l
		if dPred != nil {
			dPred[i] = gp / d
		}
		if dScale != nil {
			dScale[i%ls] += gs / d
		}
	}
	return sum / d
}

// GaussianNLL returns the Gaussian negative log-likelihood of targets y
// under N(μ = pred, σ² = variance), as PyTorch's F.gaussian_nll_loss:
//
//	ℓᵢ = ½ [ log max(σᵢ², eps) + (yᵢ − μᵢ)² / max(σᵢ², eps) ]  (+ ½ log 2π if Full)
//
// A variance below eps (0 included) is clamped to eps, PyTorch's default
// eps = 1e-6 for the zero options (opts.Eps to change it); only a negative
// variance is an error. With opts.NoEps a variance must be > 0. As in PyTorch, the clamp has no
// gradient of its own: ∂ℓ/∂σ² is the formula below at the clamped value.
//
// variance broadcasts: one value (a fixed, known variance: the loss is
// then MSE/(2σ²) plus a constant) or one per element (a learned
// heteroscedastic variance). Gradients: ∂ℓ/∂μ = (μ − y)/σ², ∂ℓ/∂σ² =
// ½(1/σ² − r²/σ⁴). For a network that outputs s = log σ², ∂ℓ/∂s = σ²·∂ℓ/∂σ².
//
// Minimiser: μ = E[y | x] and σ² = Var[y | x]. Use it when the noise level
// varies and the model should report its own uncertainty.
// Reference: Nix & Weigend, "Estimating the mean and variance of the
// target probability distribution", ICNN 1994; PyTorch GaussianNLLLoss.
func GaussianNLL(pred, target, variance []float64, opts NLLOptions) (float64, error) {
	return gaussianCore("GaussianNLL", nil, nil, pred, target, variance, opts)
}

// GaussianNLLGrad writes ∂GaussianNLL/∂pred to dPred and
// ∂GaussianNLL/∂variance to dVariance (len(variance), summed over
// broadcast elements), each allocated if nil, and returns them with
// [GaussianNLL].
func GaussianNLLGrad(dPred, dVariance, pred, target, variance []float64, opts NLLOptions) ([]float64, []float64, float64, error) {
	return into2(dPred, len(pred), dVariance, len(variance), func(dPred, dVariance []float64) (float64, error) {
		return gaussianCore("GaussianNLLGrad", dPred, dVariance, pred, target, variance, opts)
	})
}

func laplaceCore(fn string, dPred, dScale, pred, target, scale []float64, opts NLLOptions) (float64, error) {
	c := newCheck(fn)
	checkNLL(&c, dPred, dScale, pred, target, "scale", scale, opts, false)
	if !c.OK() {
		return 0, c.Err
	}
	d := opts.Reduction.denom(float64(len(pred)))
	return locScaleSum(dPred, dScale, pred, target, scale, d, func(r, b float64) (l, gPred, gScale float64) {
		a := math.Abs(r)
		l = math.Log(b) + a/b
		if opts.Full {
			l += math.Ln2
		}
		return l, -sign(r) / b, (1 - a/b) / b // no b² to overflow
	}), nil
}

// LaplaceNLL returns the Laplace negative log-likelihood of y under
// Laplace(μ = pred, b = scale):
//
//	ℓᵢ = log bᵢ + |yᵢ − μᵢ| / bᵢ   (+ log 2 if Full)
//
// scale broadcasts as in [GaussianNLL] (one fixed value: MAE/b plus a
// constant). Gradients: ∂ℓ/∂μ = −sign(y − μ)/b (0 at a tie), ∂ℓ/∂b =
// 1/b − |y − μ|/b².
//
// Minimiser: μ = median of y | x, b = E|y − median|. Use it for
// heavy-tailed noise with a learned scale. Reference: Kotz, Kozubowski &
// Podgórski, The Laplace Distribution and Generalizations (2001).
func LaplaceNLL(pred, target, scale []float64, opts NLLOptions) (float64, error) {
	return laplaceCore("LaplaceNLL", nil, nil, pred, target, scale, opts)
}

// LaplaceNLLGrad writes ∂/∂pred to dPred and ∂/∂scale to dScale (each
// allocated if nil) and returns them with [LaplaceNLL].
func LaplaceNLLGrad(dPred, dScale, pred, target, scale []float64, opts NLLOptions) ([]float64, []float64, float64, error) {
	return into2(dPred, len(pred), dScale, len(scale), func(dPred, dScale []float64) (float64, error) {
		return laplaceCore("LaplaceNLLGrad", dPred, dScale, pred, target, scale, opts)
	})
}

func studentCore(fn string, dPred, dScale, pred, target, scale []float64, nu float64, opts NLLOptions) (float64, error) {
	c := newCheck(fn)
	c.scalarPositive("nu", nu)
	checkNLL(&c, dPred, dScale, pred, target, "scale", scale, opts, false)
	if !c.OK() {
		return 0, c.Err
	}
	d := opts.Reduction.denom(float64(len(pred)))
	var konst float64
	if opts.Full {
		if nu > 1e5 {
			// log Γ(x) − log Γ(x + ½) = −½ log x + 1/(8x) − 1/(192x³) + …
			// (DLMF 5.11.13 with a = 0, b = ½), x = ν/2: the two log Γ
			// overflow at ν = 1e308 and cancel to ±1e-10 before that.
			konst = halfLog2Pi + 1/(4*nu)
		} else {
			lg1, _ := math.Lgamma(nu / 2)
			lg2, _ := math.Lgamma((nu + 1) / 2)
			konst = lg1 - lg2 + 0.5*math.Log(nu*math.Pi)
		}
	}
	sn := math.Sqrt(nu)
	return locScaleSum(dPred, dScale, pred, target, scale, d, func(r, sg float64) (l, gPred, gScale float64) {
		u := r / (sg * sn)
		var lq float64 // (ν+1)/2 · log(1 + u²)
		if u2 := u * u; u2 < 1e-8 {
			// (ν+1)u² = (1 + 1/ν)(r/σ)², and log1p(x) = x(1 − x/2 + x²/3 − …):
			// u² is subnormal at ν = 1e308 and would lose its digits.
			z := r / sg
			lq = 0.5 * (1 + 1/nu) * z * z * (1 - u2/2 + u2*u2/3)
		} else {
			lq = 0.5 * (nu + 1) * log1pSqDiv(r, sg*sn)
		}
		l = math.Log(sg) + lq + konst
		// ∂ℓ/∂μ = −(ν+1) r/(νσ² + r²) = −(ν+1)/(σ√ν) · u/(1+u²), or
		// −(ν+1)/(r + σ√ν/u) for |u| > 1: no (ν+1)/(σ√ν) to overflow at a
		// subnormal σ. ∂ℓ/∂σ = 1/σ − (ν+1)/σ · u²/(1+u²).
		var f float64
		if math.Abs(u) <= 1 {
			gPred = -(nu + 1) * (u / (1 + u*u)) / (sg * sn)
			f = u * u / (1 + u*u)
		} else {
			gPred = -(nu + 1) / (r + sg*sn/u)
			f = 1 / (1 + 1/(u*u))
		}
		return l, gPred, (1 - (nu+1)*f) / sg
	}), nil
}

// StudentTNLL returns the negative log-likelihood of y under a Student-t
// distribution with ν = nu > 0 degrees of freedom, location μ = pred and
// scale σ = scale:
//
//	ℓᵢ = log σᵢ + (ν + 1)/2 · log(1 + (yᵢ − μᵢ)²/(ν σᵢ²))
//	     (+ log Γ(ν/2) − log Γ((ν+1)/2) + ½ log(νπ) if Full)
//
// With u = r/(σ√ν): ∂ℓ/∂μ = −(ν+1)/(σ√ν) · u/(1 + u²) and ∂ℓ/∂σ =
// (1 − (ν+1)·u²/(1 + u²))/σ, computed without overflow at r = 1e150.
//
// Minimiser: a redescending M-estimate of location (ν = 1 is the Cauchy
// loss): large residuals have vanishing influence. Use it for heavy-tailed
// noise; ν → ∞ recovers the Gaussian. Reference: Lange, Little & Taylor,
// "Robust statistical modeling using the t distribution", JASA 84 (1989).
func StudentTNLL(pred, target, scale []float64, nu float64, opts NLLOptions) (float64, error) {
	return studentCore("StudentTNLL", nil, nil, pred, target, scale, nu, opts)
}

// StudentTNLLGrad writes ∂/∂pred to dPred and ∂/∂scale to dScale (each
// allocated if nil) and returns them with [StudentTNLL].
func StudentTNLLGrad(dPred, dScale, pred, target, scale []float64, nu float64, opts NLLOptions) ([]float64, []float64, float64, error) {
	return into2(dPred, len(pred), dScale, len(scale), func(dPred, dScale []float64) (float64, error) {
		return studentCore("StudentTNLLGrad", dPred, dScale, pred, target, scale, nu, opts)
	})
}

func poissonCore(fn string, dst, x, target []float64, logInput bool, opts NLLOptions) (float64, error) {
	c := newCheck(fn)
	c.noWeights(opts.Weights)
	xName := "rate"
	if logInput {
		xName = "logRate"
	}
	n := len(x)
	c.nonEmpty(n)
	c.sameLen(xName, n, "target", len(target))
	if dst != nil {
		c.dstLen("dst", len(dst), n)
	}
	if logInput {
		c.Finite(xName, x)
	} else {
		c.nonNeg(xName, x)
	}
	c.nonNeg("target", target)
	checkEps(&c, opts, !logInput)
	if c.OK() && opts.Exact && !opts.Full {
		c.Fail("opts.Exact is set without opts.Full, want both (the exact log y!) or neither")
	}
	eps := opts.eps(PoissonNLLEpsPyTorch)
	d := c.denom(opts.Reduction, n, nil)
	if !c.OK() {
		return 0, c.Err
	}
	var s float64
	for i, v := range x {
		y := target[i]
		var l, g float64
		if logInput {
			e := math.Exp(v)
			l, g = e-y*v, e-y
			if math.IsNaN(l) { // eᵛ and y·v both overflow: the larger wins
				l = math.Inf(1)
				if v <= math.Log(y)+math.Log(v) {
					l = math.Inf(-1)
				}
			}
		} else {
			lam := v + eps
			l, g = v, 1
			if y != 0 { // 0·log 0 = 0
				l -= y * math.Log(lam)
				g -= y / lam
			}
		}
		if opts.Full && !opts.Exact {
			// PyTorch's stirling_term, masked where target ≤ 1
			// (aten/src/ATen/native/Loss.cpp, poisson_nll_loss).
			if y > 1 {
				l += y*math.Log(y) - y + 0.5*math.Log(2*math.Pi*y)
			}
		} else if opts.Full {
			lg, _ := math.Lgamma(y + 1)
			l += lg
		}
		s += l
		if dst != nil {
			dst[i] = g / d
		}
	}
	return s / d, nil
}

// PoissonNLL returns the Poisson negative log-likelihood of counts y ≥ 0
// under rates λ = rate ≥ 0, as PyTorch's F.poisson_nll_loss(log_input=False):
//
//	ℓᵢ = λᵢ − yᵢ·log(λᵢ + eps)   (+ Stirling's log yᵢ! if Full)
//
// eps is PyTorch's default 1e-8 for the zero options (opts.Eps, or
// opts.NoEps for 0). Gradient: 1 − yᵢ/(λᵢ + eps). With eps = 0, a zero
// rate with a positive count gives +Inf (the exact value; the gradient is
// −Inf). Full adds PyTorch's full=True term, Stirling's approximation
// y·log y − y + ½ log(2πy), only where y > 1; Full with opts.Exact adds
// the exact log Γ(y + 1) instead.
//
// Minimiser: λ = E[y | x]. Use it for counts. Prefer [PoissonNLLLog],
// where the model outputs log λ and no positivity constraint is needed.
// Reference: McCullagh & Nelder, Generalized Linear Models (1989), §6;
// PyTorch PoissonNLLLoss.
func PoissonNLL(rate, target []float64, opts NLLOptions) (float64, error) {
	return poissonCore("PoissonNLL", nil, rate, target, false, opts)
}

// PoissonNLLGrad writes ∂PoissonNLL/∂rate to dst (allocated if nil) and
// returns it with [PoissonNLL].
func PoissonNLLGrad(dst, rate, target []float64, opts NLLOptions) ([]float64, float64, error) {
	return into(dst, len(rate), func(dst []float64) (float64, error) {
		return poissonCore("PoissonNLLGrad", dst, rate, target, false, opts)
	})
}

// PoissonNLLLog returns the Poisson negative log-likelihood with the
// log-rate x = log λ as input, as PyTorch's F.poisson_nll_loss(log_input=True):
//
//	ℓᵢ = exp(xᵢ) − yᵢ·xᵢ   (+ Stirling's log yᵢ! if Full, the exact one with opts.Exact)
//
// Gradient: exp(xᵢ) − yᵢ, "prediction minus target" again (the canonical
// link of the Poisson GLM). exp(x) is +Inf beyond x ≈ 709.78, the exact
// value. Minimiser: exp(x) = E[y | x]. Reference: as [PoissonNLL].
func PoissonNLLLog(logRate, target []float64, opts NLLOptions) (float64, error) {
	return poissonCore("PoissonNLLLog", nil, logRate, target, true, opts)
}

// PoissonNLLLogGrad writes ∂PoissonNLLLog/∂logRate to dst (allocated if nil)
// and returns it with [PoissonNLLLog].
func PoissonNLLLogGrad(dst, logRate, target []float64, opts NLLOptions) ([]float64, float64, error) {
	return into(dst, len(logRate), func(dst []float64) (float64, error) {
		return poissonCore("PoissonNLLLogGrad", dst, logRate, target, true, opts)
	})
}

// BernoulliNLL returns the Bernoulli negative log-likelihood of y ∈ [0, 1]
// under P(y = 1) = σ(logits): exactly [BCEWithLogits] (opts.Weights and
// opts.Reduction as BCEOptions'), named for the likelihood view.
// Minimiser: σ(x) = P(y = 1 | x).
func BernoulliNLL(logits, target []float64, opts Options) (float64, error) {
	return bceCore("BernoulliNLL", true, nil, nil, logits, target, BCEOptions{Weights: opts.Weights, Reduction: opts.Reduction})
}

// BernoulliNLLGrad writes ∂BernoulliNLL/∂logits = (σ(x) − y)/N to dst and
// returns it with [BernoulliNLL] (dst is allocated if nil).
func BernoulliNLLGrad(dst, logits, target []float64, opts Options) ([]float64, float64, error) {
	return into(dst, len(logits), func(dst []float64) (float64, error) {
		return bceCore("BernoulliNLLGrad", true, nil, dst, logits, target, BCEOptions{Weights: opts.Weights, Reduction: opts.Reduction})
	})
}

func categoricalCore(fn string, dst, logp []float64, k int, labels []int, opts CEOptions) (float64, error) {
	c := newCheck(fn)
	n := c.rows(k, "logp", logp)
	c.perRow("labels", len(labels), n, "logp")
	if dst != nil {
		c.dstLen("dst", len(dst), len(logp))
	}
	c.Finite("logp", logp)
	c.logProb("logp", logp)
	ign := opts.ignoreIndex()
	c.classesOrIgnored("labels", labels, k, ign)
	if opts.Weights != nil {
		c.lenIs("opts.Weights", len(opts.Weights), k)
		c.nonNeg("opts.Weights", opts.Weights)
	}
	if opts.LabelSmoothing != 0 {
		c.Fail("opts.LabelSmoothing = %v, want 0 (F.nll_loss has none; use CrossEntropy)", opts.LabelSmoothing)
	}
	c.reduction(opts.Reduction, c.Fn+"Elems")
	if !c.OK() {
		return 0, c.Err
	}
	wy := func(y int) float64 {
		switch {
		case y == ign: // PyTorch's ignore_index: no loss, no weight
			return 0
		case opts.Weights == nil:
			return 1
		}
		return opts.Weights[y]
	}
	d := 1.0
	if opts.Reduction == Mean {
		d = 0
		for _, y := range labels {
			d += wy(y)
		}
		if d == 0 {
			c.Fail("opts.Weights of the labelled classes sum to 0, want a positive sum for Mean")
			return 0, c.Err
		}
	}
	for i := range dst {
		dst[i] = 0
	}
	var s float64
	for i, y := range labels {
		if y == ign {
			continue
		}
		s -= wy(y) * logp[i*k+y]
		if dst != nil {
			dst[i*k+y] = -wy(y) / d
		}
	}
	return s / d, nil
}

// CategoricalNLL returns the categorical negative log-likelihood of class
// indices under log-probabilities logp (N rows of k, e.g. a log-softmax
// output), as PyTorch's F.nll_loss:
//
//	ℓₙ = −w_{yₙ}·logp_{n,yₙ};  Mean = Σₙ ℓₙ / Σₙ w_{yₙ}
//
// Gradient: −w_{yₙ}/D at (n, yₙ), 0 elsewhere. [CrossEntropy] is this
// loss composed with log-softmax; call it on logits instead.
// opts.LabelSmoothing must be 0; opts.IgnoreIndex skips rows as in
// [CrossEntropy]. Minimiser: exp(logp) = P(y | x).
// Reference: PyTorch torch.nn.NLLLoss.
func CategoricalNLL(logp []float64, k int, labels []int, opts CEOptions) (float64, error) {
	return categoricalCore("CategoricalNLL", nil, logp, k, labels, opts)
}

// CategoricalNLLGrad writes ∂CategoricalNLL/∂logp to dst (allocated if nil)
// and returns it with [CategoricalNLL].
func CategoricalNLLGrad(dst, logp []float64, k int, labels []int, opts CEOptions) ([]float64, float64, error) {
	return into(dst, len(logp), func(dst []float64) (float64, error) {
		return categoricalCore("CategoricalNLLGrad", dst, logp, k, labels, opts)
	})
}

func mvnCore(fn string, dMean []float64, dChol *mat.TriDense, mean, target []float64, chol *mat.TriDense, opts NLLOptions) (float64, error) {
	c := newCheck(fn)
	c.noWeights(opts.Weights)
	if chol == nil || chol.IsEmpty() {
		c.Fail("chol is empty, want a d×d lower-triangular Cholesky factor")
		return 0, c.Err
	}
	dd, kind := chol.Triangle()
	if kind != mat.Lower {
		c.Fail("chol is upper triangular, want mat.Lower (Σ = L·Lᵀ)")
		return 0, c.Err
	}
	c.width("d (= chol size)", dd, "mean", len(mean))
	c.nonEmpty(len(mean))
	c.sameLen("mean", len(mean), "target", len(target))
	if dMean != nil {
		c.dstLen("dMean", len(dMean), len(mean))
	}
	if dChol != nil && !dChol.IsEmpty() {
		if r, k := dChol.Triangle(); r != dd || k != mat.Lower {
			c.Fail("dChol is %d×%d (lower: %v), want a %d×%d lower-triangular matrix", r, r, k == mat.Lower, dd, dd)
		}
	}
	c.Finite("mean", mean)
	c.Finite("target", target)
	raw := chol.RawTriangular()
	for i := 0; i < dd && c.OK(); i++ {
		for j := 0; j <= i; j++ {
			v := raw.Data[i*raw.Stride+j]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				c.Fail("chol[%d][%d] = %v, want a finite value", i, j, v)
				break
			}
			if i == j && !(v > 0) {
				c.Fail("chol[%d][%d] = %v, want a positive diagonal", i, i, v)
				break
			}
		}
	}
	checkEps(&c, opts, false)
	if opts.Exact {
		c.Fail("opts.Exact is set, want false (it chooses log y! over Stirling's term in PoissonNLL only)")
	}
	c.reduction(opts.Reduction, "")
	if !c.OK() {
		return 0, c.Err
	}
	n := len(mean) / dd
	den := opts.Reduction.denom(float64(n))
	var logdet float64
	for i := range dd {
		logdet += math.Log(raw.Data[i*raw.Stride+i])
	}
	if dChol != nil {
		if dChol.IsEmpty() {
			dChol.ReuseAsTri(dd, mat.Lower)
		}
		dChol.Zero()
	}
	z := make([]float64, dd)
	a := make([]float64, dd)
	zv := blas64.Vector{N: dd, Inc: 1, Data: z}
	av := blas64.Vector{N: dd, Inc: 1, Data: a}
	var s float64
	for i := range n {
		for j := range dd {
			z[j] = target[i*dd+j] - mean[i*dd+j]
		}
		blas64.Trsv(blas.NoTrans, raw, zv) // z = L⁻¹ r
		var q float64
		for _, v := range z {
			q += v * v
		}
		l := 0.5*q + logdet
		if opts.Full {
			l += float64(dd) * halfLog2Pi
		}
		s += l
		if dMean == nil && dChol == nil {
			continue
		}
		copy(a, z)
		blas64.Trsv(blas.Trans, raw, av) // a = L⁻ᵀ z = Σ⁻¹ r
		for j := range dd {
			if dMean != nil {
				dMean[i*dd+j] = -a[j] / den
			}
		}
		if dChol != nil {
			for r := range dd {
				for col := 0; col <= r; col++ {
					dChol.SetTri(r, col, dChol.At(r, col)-a[r]*z[col]/den)
				}
			}
		}
	}
	if dChol != nil {
		for r := range dd {
			dChol.SetTri(r, r, dChol.At(r, r)+float64(n)/raw.Data[r*raw.Stride+r]/den)
		}
	}
	return s / den, nil
}

// MultivariateGaussianNLL returns the negative log-likelihood of N
// d-dimensional targets (row-major, len N·d) under N(μ = mean, Σ = L·Lᵀ),
// with the covariance given by its lower Cholesky factor L = chol (d×d,
// positive diagonal), shared by all rows:
//
//	z = L⁻¹ (y − μ)                       (a triangular solve, blas64.Trsv)
//	ℓₙ = ½‖z‖² + Σⱼ log Lⱼⱼ   (+ (d/2) log 2π if Full)
//
// since log det Σ = 2 Σⱼ log Lⱼⱼ. Gradients, with a = L⁻ᵀ z = Σ⁻¹(y − μ):
// ∂ℓ/∂μ = −a and ∂ℓ/∂L = tril(−a zᵀ) + diag(1/Lⱼⱼ). Learning L directly
// (with a positive diagonal, e.g. through exp or softplus) keeps Σ
// positive definite by construction.
//
// Minimiser: μ = E[y | x] and Σ = Cov[y | x]. Use it for correlated
// multi-output regression. Reference: Bishop, Pattern Recognition and
// Machine Learning (2006), §2.3; Williams, "Using neural networks to model
// conditional multivariate densities", Neural Computation 8 (1996).
func MultivariateGaussianNLL(mean, target []float64, chol *mat.TriDense, opts NLLOptions) (float64, error) {
	return mvnCore("MultivariateGaussianNLL", nil, nil, mean, target, chol, opts)
}

// MultivariateGaussianNLLGrad writes ∂/∂mean to dMean (len N·d) and ∂/∂L
// to dChol (lower triangular; an empty TriDense is resized) and returns
// them with [MultivariateGaussianNLL]; a nil dMean or dChol is allocated.
func MultivariateGaussianNLLGrad(dMean []float64, dChol *mat.TriDense, mean, target []float64, chol *mat.TriDense, opts NLLOptions) ([]float64, *mat.TriDense, float64, error) {
	dMean = alloc(dMean, len(mean))
	if dChol == nil {
		dChol = &mat.TriDense{}
	}
	v, err := mvnCore("MultivariateGaussianNLLGrad", dMean, dChol, mean, target, chol, opts)
	return dMean, dChol, v, err
}
