package loss

import "math"

// Regression is a loss that is a function of the residual r = y − ŷ
// (target minus prediction).
type Regression interface {
	// Name identifies the loss and its parameters, e.g. "Huber(δ=1)".
	Name() string
	// Value returns ρ(r).
	Value(r float64) float64
	// Deriv returns ψ(r) = ρ'(r). The gradient of ρ(y − ŷ) with respect to
	// the prediction ŷ is −ψ(r).
	Deriv(r float64) float64
}

// SecondDeriver is implemented by losses whose ψ is continuous; Deriv2
// returns ψ'(r) (the curvature used by Newton steps and influence
// functions). At a point where ψ' jumps it returns the midpoint.
type SecondDeriver interface {
	Deriv2(r float64) float64
}

// Weighter is implemented by losses that compute their own IRLS weight
// w(r) = ψ(r)/r, including its limit at r = 0. Every type in this package
// implements it.
type Weighter interface {
	Weight(r float64) float64
}

// Weight returns the IRLS weight w(r) = ψ(r)/r of an M-estimator (the
// weight of a residual r in iteratively reweighted least squares). It uses
// l's Weight method if l has one. Otherwise it returns ψ(r)/r for r ≠ 0 and,
// at r = 0, the limit ψ'(0) if l is a [SecondDeriver], else +Inf if
// ψ(0⁺) > 0 (a kink at 0, as for the absolute loss) and ψ'(0) estimated
// from ψ(1e-8)/1e-8 otherwise.
//
// The weight is +Inf at r = 0 for losses with a kink at 0 ([Absolute],
// [Pinball], [SmoothL1] with β = 0, [EpsInsensitive] with ε = 0): that is
// the limit, and IRLS implementations clamp it. Like the Value methods it
// validates nothing; a nil l gives NaN.
func Weight(l Regression, r float64) float64 {
	if l == nil {
		return math.NaN() // no loss, no weight; it cannot return an error
	}
	if w, ok := l.(Weighter); ok {
		return w.Weight(r)
	}
	if r != 0 {
		return l.Deriv(r) / r
	}
	if s, ok := l.(SecondDeriver); ok {
		return s.Deriv2(0)
	}
	const h = 1e-8
	return l.Deriv(h) / h
}

// Squared is the squared error ρ(r) = r², the per-element term of [MSE]
// (PyTorch's F.mse_loss). ψ(r) = 2r, ψ'(r) = 2, w(r) = 2.
//
// Minimiser: the mean (of the conditional distribution of y). It is the
// Gaussian negative log-likelihood up to scale and constant, smooth, and
// Bayes-optimal for predicting means, but its influence ψ is unbounded, so
// one outlier can move the fit arbitrarily far. Note that [Huber] and
// [SmoothL1] use ½r² in their quadratic zone, as PyTorch does: Huber(δ)
// tends to Squared/2 as δ → ∞.
// Reference: Gauss (1809); Legendre (1805).
type Squared struct{}

// Name returns "Squared".
func (Squared) Name() string { return "Squared" }

// Value returns ρ(r) (see the type's formula).
func (Squared) Value(r float64) float64 { return r * r }

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (Squared) Deriv(r float64) float64 { return 2 * r }

// Deriv2 returns ψ'(r) (the midpoint where it jumps).
func (Squared) Deriv2(r float64) float64 { return 2 }

// Weight returns the IRLS weight w(r) = ψ(r)/r, with its limit at r = 0.
func (Squared) Weight(r float64) float64 { return 2 }

// Absolute is the absolute error ρ(r) = |r|, the per-element term of [MAE]
// (PyTorch's F.l1_loss). ψ(r) = sign(r), with ψ(0) = 0; w(r) = 1/|r|
// (+Inf at 0).
//
// Minimiser: the median. Bounded influence makes it robust to outliers in
// y, but the gradient does not shrink near the optimum, which makes plain
// gradient descent oscillate. Laplace negative log-likelihood up to scale.
// Reference: Laplace (1774); Koenker, Quantile Regression (2005), §1.
type Absolute struct{}

// Name returns "Absolute".
func (Absolute) Name() string { return "Absolute" }

// Value returns ρ(r) (see the type's formula).
func (Absolute) Value(r float64) float64 { return math.Abs(r) }

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (Absolute) Deriv(r float64) float64 { return sign(r) }

// Weight returns the IRLS weight w(r) = ψ(r)/r, with its limit at r = 0.
func (Absolute) Weight(r float64) float64 {
	return 1 / math.Abs(r) // +Inf at 0
}

// Huber is Huber's loss with threshold Delta = δ > 0, as PyTorch's
// F.huber_loss:
//
//	ρ(r) = ½r²            if |r| ≤ δ
//	ρ(r) = δ(|r| − ½δ)    otherwise
//
// ψ(r) = clamp(r, −δ, δ), ψ'(r) = 1 for |r| < δ and 0 beyond,
// w(r) = min(1, δ/|r|).
//
// Minimiser: a Huber M-estimate of location, between the mean (δ → ∞) and
// the median (δ → 0). Use it when the noise is Gaussian-like with some
// outliers; δ = [HuberK95]·σ gives 95% efficiency at the Gaussian.
// Reference: Huber, "Robust Estimation of a Location Parameter", Ann. Math.
// Statist. 35 (1964).
type Huber struct {
	Delta float64
}

// NewHuber returns Huber's loss with threshold delta > 0.
func NewHuber(delta float64) (Huber, error) {
	c := newCheck("NewHuber")
	c.scalarPositive("delta", delta)
	return Huber{Delta: delta}, c.Err
}

// Name returns "Huber" with its parameters.
func (h Huber) Name() string { return "Huber(δ=" + fmtG(h.Delta) + ")" }

// Value returns ρ(r) (see the type's formula).
func (h Huber) Value(r float64) float64 {
	a := math.Abs(r)
	if a <= h.Delta {
		return 0.5 * r * r
	}
	return h.Delta * (a - 0.5*h.Delta)
}

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (h Huber) Deriv(r float64) float64 { return math.Max(-h.Delta, math.Min(h.Delta, r)) }

// Deriv2 returns ψ'(r) (the midpoint where it jumps).
func (h Huber) Deriv2(r float64) float64 {
	a := math.Abs(r)
	switch {
	case a < h.Delta:
		return 1
	case a == h.Delta:
		return 0.5
	}
	return 0
}

// Weight returns the IRLS weight w(r) = ψ(r)/r, with its limit at r = 0.
func (h Huber) Weight(r float64) float64 {
	a := math.Abs(r)
	if a <= h.Delta {
		return 1
	}
	return h.Delta / a
}

// SmoothL1 is PyTorch's smooth L1 loss (F.smooth_l1_loss) with Beta = β ≥ 0:
//
//	ρ(r) = ½r²/β       if |r| < β
//	ρ(r) = |r| − ½β    otherwise
//
// ψ(r) = clamp(r/β, −1, 1), ψ'(r) = 1/β for |r| < β and 0 beyond. β = 0 is
// the absolute loss (as in PyTorch). SmoothL1(β) = Huber(δ=β)/β: its
// linear part always has slope 1, while Huber's has slope δ.
//
// Minimiser: as [Huber]. Use it for bounding-box regression (it comes from
// Fast R-CNN, Girshick 2015), where the slope-1 tails match L1.
// Reference: PyTorch documentation of torch.nn.SmoothL1Loss.
type SmoothL1 struct {
	Beta float64
}

// NewSmoothL1 returns the smooth L1 loss with beta ≥ 0.
func NewSmoothL1(beta float64) (SmoothL1, error) {
	c := newCheck("NewSmoothL1")
	c.scalarNonNeg("beta", beta)
	return SmoothL1{Beta: beta}, c.Err
}

// Name returns "SmoothL1" with its parameters.
func (s SmoothL1) Name() string { return "SmoothL1(β=" + fmtG(s.Beta) + ")" }

// Value returns ρ(r) (see the type's formula).
func (s SmoothL1) Value(r float64) float64 {
	a := math.Abs(r)
	if a < s.Beta {
		return 0.5 * r * r / s.Beta
	}
	return a - 0.5*s.Beta
}

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (s SmoothL1) Deriv(r float64) float64 {
	if math.Abs(r) < s.Beta {
		return r / s.Beta
	}
	return sign(r)
}

// Deriv2 returns ψ'(r) (the midpoint where it jumps).
func (s SmoothL1) Deriv2(r float64) float64 {
	a := math.Abs(r)
	switch {
	case a < s.Beta:
		return 1 / s.Beta
	case a == s.Beta && s.Beta > 0:
		return 0.5 / s.Beta
	}
	return 0
}

// Weight returns the IRLS weight w(r) = ψ(r)/r, with its limit at r = 0.
func (s SmoothL1) Weight(r float64) float64 {
	a := math.Abs(r)
	if a < s.Beta {
		return 1 / s.Beta
	}
	return 1 / a // +Inf at r = 0 when β = 0
}

// Pinball is the quantile (pinball, check) loss with level Tau = τ ∈ (0, 1):
//
//	ρ(r) = max(τr, (τ − 1)r) = τr if r ≥ 0, (τ − 1)r if r < 0
//
// ψ(r) = τ for r > 0, τ − 1 for r < 0, and τ − ½ (the midpoint) at 0;
// w(r) = ψ(r)/r (+Inf at 0).
//
// Minimiser: the τ-quantile of y. Under-prediction costs τ per unit and
// over-prediction 1 − τ, so τ = 0.9 predicts a value exceeded 10% of the
// time; τ = ½ is half the absolute loss. Fit τ = 0.1, 0.5, 0.9 for a
// prediction interval.
// Reference: Koenker & Bassett, "Regression Quantiles", Econometrica 46
// (1978).
type Pinball struct {
	Tau float64
}

// NewPinball returns the pinball loss at level 0 < tau < 1.
func NewPinball(tau float64) (Pinball, error) {
	c := newCheck("NewPinball")
	c.scalarOpen("tau", tau, 0, 1)
	return Pinball{Tau: tau}, c.Err
}

// Name returns "Pinball" with its parameters.
func (p Pinball) Name() string { return "Pinball(τ=" + fmtG(p.Tau) + ")" }

// Value returns ρ(r) (see the type's formula).
func (p Pinball) Value(r float64) float64 {
	if r >= 0 {
		return p.Tau * r
	}
	return (p.Tau - 1) * r
}

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (p Pinball) Deriv(r float64) float64 {
	switch {
	case r > 0:
		return p.Tau
	case r < 0:
		return p.Tau - 1
	}
	return p.Tau - 0.5
}

// Weight returns the IRLS weight w(r) = ψ(r)/r, with its limit at r = 0.
func (p Pinball) Weight(r float64) float64 {
	switch {
	case r > 0:
		return p.Tau / r
	case r < 0:
		return (p.Tau - 1) / r
	}
	return math.Inf(1)
}

// LogCosh is ρ(r) = log cosh r, computed as log1p(2 sinh²(r/2)) for
// |r| ≤ 1 and |r| + log1p(exp(−2|r|)) − log 2 beyond, so it neither loses
// precision near 0 nor overflows at |r| = 1e150.
//
// ψ(r) = tanh r, ψ'(r) = sech² r, w(r) = tanh(r)/r (1 at 0).
//
// Minimiser: an M-estimate between mean and median, like Huber with δ ≈ 1
// but smooth everywhere (ρ ≈ r²/2 near 0, ≈ |r| − log 2 far away). Use it
// when you want Huber's robustness and a second derivative everywhere.
// Reference: e.g. Saleh & Saleh, "Statistical properties of the log-cosh
// loss function used in machine learning", arXiv:2208.04564 (2022).
type LogCosh struct{}

// Name returns "LogCosh".
func (LogCosh) Name() string { return "LogCosh" }

// Value returns ρ(r) (see the type's formula).
func (LogCosh) Value(r float64) float64 { return logCosh(r) }

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (LogCosh) Deriv(r float64) float64 { return math.Tanh(r) }

// Deriv2 returns ψ'(r) (the midpoint where it jumps).
func (LogCosh) Deriv2(r float64) float64 {
	a := math.Abs(r)
	if a > 20 { // 1 − tanh² would cancel; sech² = 4e^{−2a}/(1 + e^{−2a})² ≈ 4e^{−2a}
		return 4 * math.Exp(-2*a)
	}
	ch := math.Cosh(r)
	return 1 / (ch * ch)
}

// Weight returns the IRLS weight w(r) = ψ(r)/r, with its limit at r = 0.
func (LogCosh) Weight(r float64) float64 {
	if r == 0 {
		return 1
	}
	return math.Tanh(r) / r
}

// EpsInsensitive is Vapnik's ε-insensitive loss with Eps = ε ≥ 0:
//
//	ρ(r) = max(0, |r| − ε)
//
// ψ(r) = sign(r) for |r| > ε, 0 inside, ±½ at |r| = ε; w(r) = ψ(r)/r.
//
// Minimiser: not unique; any value whose ε-tube covers the middle of the
// distribution (for ε → 0, the median). Use it for support vector
// regression, where errors smaller than ε do not matter and the zero zone
// makes the solution sparse.
// Reference: Vapnik, The Nature of Statistical Learning Theory (1995);
// Smola & Schölkopf, "A tutorial on support vector regression" (2004).
type EpsInsensitive struct {
	Eps float64
}

// NewEpsInsensitive returns the ε-insensitive loss with eps ≥ 0.
func NewEpsInsensitive(eps float64) (EpsInsensitive, error) {
	c := newCheck("NewEpsInsensitive")
	c.scalarNonNeg("eps", eps)
	return EpsInsensitive{Eps: eps}, c.Err
}

// Name returns "EpsInsensitive" with its parameters.
func (e EpsInsensitive) Name() string { return "EpsInsensitive(ε=" + fmtG(e.Eps) + ")" }

// Value returns ρ(r) (see the type's formula).
func (e EpsInsensitive) Value(r float64) float64 { return relu(math.Abs(r) - e.Eps) }

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (e EpsInsensitive) Deriv(r float64) float64 {
	a := math.Abs(r)
	switch {
	case a > e.Eps:
		return sign(r)
	case a == e.Eps && a > 0:
		return 0.5 * sign(r)
	}
	return 0
}

// Weight returns the IRLS weight w(r) = ψ(r)/r, with its limit at r = 0.
func (e EpsInsensitive) Weight(r float64) float64 {
	if r == 0 {
		if e.Eps == 0 {
			return math.Inf(1)
		}
		return 0
	}
	return e.Deriv(r) / r
}

// Tukey is Tukey's biweight (bisquare) loss with tuning constant C = c > 0:
//
//	ρ(r) = c²/6 · [1 − (1 − u²)³]   if |u| ≤ 1, u = r/c
//	ρ(r) = c²/6                     otherwise
//
// ψ(r) = r(1 − u²)² inside and 0 outside (redescending), ψ'(r) =
// (1 − u²)(1 − 5u²) inside, w(r) = (1 − u²)².
//
// Minimiser: a redescending M-estimate: residuals beyond c get zero weight
// and no influence at all, so gross outliers are ignored. ρ is not convex:
// start IRLS from a robust fit (e.g. the median or a Huber fit).
// c = [TukeyC95]·σ gives 95% efficiency at the Gaussian.
// Reference: Beaton & Tukey, "The fitting of power series, meaning
// polynomials, illustrated on band-spectroscopic data", Technometrics 16
// (1974).
type Tukey struct {
	C float64
}

// NewTukey returns Tukey's biweight loss with c > 0.
func NewTukey(c float64) (Tukey, error) {
	ck := newCheck("NewTukey")
	ck.scalarPositive("c", c)
	return Tukey{C: c}, ck.Err
}

// Name returns "Tukey" with its parameters.
func (t Tukey) Name() string { return "Tukey(c=" + fmtG(t.C) + ")" }

// Value returns ρ(r) (see the type's formula).
func (t Tukey) Value(r float64) float64 {
	u := r / t.C
	if math.Abs(u) > 1 {
		return t.C * t.C / 6
	}
	// c²/6·(1 − (1 − u²)³) = r²/6·(3 − 3u² + u⁴): no c² to overflow at
	// c = 1e308, and no cancellation at small u.
	u2 := u * u
	return r * r / 6 * (3 - 3*u2 + u2*u2)
}

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (t Tukey) Deriv(r float64) float64 {
	u := r / t.C
	if math.Abs(u) > 1 {
		return 0
	}
	v := 1 - u*u
	return r * v * v
}

// Deriv2 returns ψ'(r) (the midpoint where it jumps).
func (t Tukey) Deriv2(r float64) float64 {
	u := r / t.C
	if math.Abs(u) > 1 {
		return 0
	}
	u2 := u * u
	return (1 - u2) * (1 - 5*u2)
}

// Weight returns the IRLS weight w(r) = ψ(r)/r, with its limit at r = 0.
func (t Tukey) Weight(r float64) float64 {
	u := r / t.C
	if math.Abs(u) > 1 {
		return 0
	}
	v := 1 - u*u
	return v * v
}

// Cauchy is the Cauchy (Lorentzian) loss with scale C = c > 0:
//
//	ρ(r) = c²/2 · log(1 + (r/c)²)
//
// ψ(r) = r / (1 + (r/c)²), ψ'(r) = (1 − u²)/(1 + u²)² with u = r/c,
// w(r) = 1/(1 + u²). log(1 + u²) switches to 2 log|u| before u² overflows,
// and ψ to c/(u + 1/u) for |u| > 1, so r = 1e150 is fine.
//
// Minimiser: a redescending M-estimate (ψ → 0 as |r| → ∞, but never 0):
// the maximum-likelihood location of a Cauchy (Student-t, ν = 1) error
// model. Non-convex. c = [CauchyC95]·σ gives 95% efficiency at the
// Gaussian.
// Reference: Holland & Welsch, "Robust regression using iteratively
// reweighted least-squares", Comm. Statist. A6 (1977); Barron (2019) α = 0.
type Cauchy struct {
	C float64
}

// NewCauchy returns the Cauchy loss with c > 0.
func NewCauchy(c float64) (Cauchy, error) {
	ck := newCheck("NewCauchy")
	ck.scalarPositive("c", c)
	return Cauchy{C: c}, ck.Err
}

// Name returns "Cauchy" with its parameters.
func (l Cauchy) Name() string { return "Cauchy(c=" + fmtG(l.C) + ")" }

// Value returns ρ(r) (see the type's formula).
func (l Cauchy) Value(r float64) float64 {
	return 0.5 * l.C * (l.C * log1pSqDiv(r, l.C))
}

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (l Cauchy) Deriv(r float64) float64 {
	u := r / l.C
	if math.Abs(u) <= 1 {
		return r / (1 + u*u)
	}
	return l.C / (u + 1/u)
}

// Deriv2 returns ψ'(r) (the midpoint where it jumps).
func (l Cauchy) Deriv2(r float64) float64 {
	u := r / l.C
	if math.Abs(u) <= 1 {
		u2 := u * u
		d := 1 + u2
		return (1 - u2) / (d * d)
	}
	v := 1 / u
	v2 := v * v
	d := 1 + v2
	return v2 * (v2 - 1) / (d * d)
}

// Weight returns the IRLS weight w(r) = ψ(r)/r, with its limit at r = 0.
func (l Cauchy) Weight(r float64) float64 {
	u := r / l.C
	if math.Abs(u) > 1e150 {
		return 0
	}
	return 1 / (1 + u*u)
}

// Barron is Barron's general and adaptive robust loss with shape Alpha = α
// and scale C = c > 0. With x = r/c:
//
//	ρ(r) = |α − 2|/α · [ (x²/|α − 2| + 1)^{α/2} − 1 ]
//
// with its limits ρ = ½x² at α = 2 (squared), log(½x² + 1) at α = 0
// (Cauchy), 1 − exp(−½x²) at α = −∞ (Welsch); α = 1 is the pseudo-Huber
// (Charbonnier) loss √(x² + 1) − 1 and α = −2 Geman-McClure.
//
// ψ(r) = (r/c²)·(x²/|α − 2| + 1)^{α/2 − 1}, w(r) = ψ(r)/r, and ψ'(r) =
// (1/c²)·s^{α/2 − 2}·(1 + x²(α − 1)/|α − 2|) with s = x²/|α − 2| + 1.
// The general case is evaluated as |α−2|/α · expm1(α/2 · log1p(x²/|α−2|)),
// which stays accurate near α = 0 and at x = 1e150.
//
// Minimiser: α = 2 the mean, α = 1 close to a Huber estimate, α ≤ 0 a
// redescending M-estimate that ignores gross outliers. α > 2 is allowed
// (ρ grows faster than r²; its value overflows to +Inf for huge r). Use it
// to tune robustness continuously, or learn α jointly with the model.
// Reference: Barron, "A General and Adaptive Robust Loss Function", CVPR
// 2019 (eq. 1 and its limits, eq. 3-5).
type Barron struct {
	Alpha float64
	C     float64
}

// NewBarron returns Barron's loss with shape alpha (any real number or
// math.Inf(-1)) and scale c > 0.
func NewBarron(alpha, c float64) (Barron, error) {
	ck := newCheck("NewBarron")
	if math.IsNaN(alpha) || math.IsInf(alpha, 1) {
		ck.Fail("alpha = %v, want a finite value or -Inf", alpha)
	}
	ck.scalarPositive("c", c)
	return Barron{Alpha: alpha, C: c}, ck.Err
}

// Name returns "Barron" with its parameters.
func (b Barron) Name() string {
	return "Barron(α=" + fmtG(b.Alpha) + ", c=" + fmtG(b.C) + ")"
}

// ab returns |α − 2| for the general case (2 for α = 0).
func (b Barron) ab() float64 {
	if b.Alpha == 0 {
		return 2
	}
	return math.Abs(b.Alpha - 2)
}

// logS returns log(s) = log(1 + x²/|α − 2|), x = r/c, without overflow.
func (b Barron) logS(r float64) float64 {
	return log1pSqDiv(r, b.C*math.Sqrt(b.ab()))
}

// Value returns ρ(r) (see the type's formula).
func (b Barron) Value(r float64) float64 {
	x := r / b.C
	switch {
	case b.Alpha == 2:
		return 0.5 * x * x
	case b.Alpha == 0:
		return b.logS(r)
	case math.IsInf(b.Alpha, -1):
		return -math.Expm1(-0.5 * x * x)
	}
	ab := b.ab()
	e := 0.5 * b.Alpha * b.logS(r) // log of s^{α/2}
	if math.Abs(e) < 1 {
		// s^{α/2} is near 1: expm1 avoids the cancellation in s^{α/2} − 1.
		// |α−2|/α · expm1(e) = |α−2| · ½ log s · expm1(e)/e, which has no
		// 1/α to overflow at a subnormal α.
		q := 1.0
		if e != 0 {
			q = math.Expm1(e) / e
		}
		return ab * 0.5 * b.logS(r) * q
	}
	// Far from 1 there is no cancellation, and Pow is more accurate than
	// exp of a large logarithm.
	u := math.Abs(r) / (b.C * math.Sqrt(ab))
	var t float64
	if u > 1e100 { // s = u² + 1 would overflow; 1/u² is negligible
		t = math.Pow(u, b.Alpha)
	} else {
		t = math.Pow(1+u*u, 0.5*b.Alpha)
	}
	return ab / b.Alpha * (t - 1)
}

// Weight returns w(r) = ψ(r)/r = s^{α/2 − 1}/c².
func (b Barron) Weight(r float64) float64 {
	var f float64
	switch {
	case b.Alpha == 2:
		f = 1
	case math.IsInf(b.Alpha, -1):
		x := r / b.C
		f = math.Exp(-0.5 * x * x)
	default:
		f = math.Exp((0.5*b.Alpha - 1) * b.logS(r))
	}
	return f / b.C / b.C
}

// Deriv returns ψ(r) = ρ'(r) (see the type's doc for the value at a kink).
func (b Barron) Deriv(r float64) float64 {
	x := r / b.C
	switch {
	case b.Alpha == 2:
		return x / b.C
	case math.IsInf(b.Alpha, -1):
		if x*x > 1500 { // e^{−750} = 0 in float64; avoids ∞·0
			return 0
		}
		return x / b.C * math.Exp(-0.5*x*x)
	}
	p := 0.5*b.Alpha - 1
	if math.Abs(x) <= 1 {
		return x / b.C * math.Exp(p*b.logS(r))
	}
	// x·s^{p} as one exponential, with log|x| = log|r| − log c, so that
	// neither x nor s^{p} over- or underflows on its own.
	lx := math.Log(math.Abs(r)) - math.Log(b.C)
	return sign(r) / b.C * math.Exp(lx+p*b.logS(r))
}

// Deriv2 returns ψ'(r) (the midpoint where it jumps).
func (b Barron) Deriv2(r float64) float64 {
	x := r / b.C
	switch {
	case b.Alpha == 2:
		return 1 / b.C / b.C
	case math.IsInf(b.Alpha, -1):
		x2 := x * x
		if x2 > 1500 { // e^{−750} = 0 in float64; avoids 0·∞
			return 0
		}
		return math.Exp(-0.5*x2) * (1 - x2) / b.C / b.C
	}
	ab, ls := b.ab(), b.logS(r)
	p := 0.5*b.Alpha - 2
	// s^p · (1 + x²(α−1)/|α−2|), with s^p·x² as one exponential.
	first := math.Exp(p * ls)
	if r == 0 {
		return first / b.C / b.C
	}
	lx := math.Log(math.Abs(r)) - math.Log(b.C)
	second := math.Exp(p*ls+2*lx) * (b.Alpha - 1) / ab
	return (first + second) / b.C / b.C
}

// Compile-time interface checks.
var (
	_ Regression = Squared{}
	_ Regression = Absolute{}
	_ Regression = Huber{}
	_ Regression = SmoothL1{}
	_ Regression = Pinball{}
	_ Regression = LogCosh{}
	_ Regression = EpsInsensitive{}
	_ Regression = Tukey{}
	_ Regression = Cauchy{}
	_ Regression = Barron{}

	_ SecondDeriver = Squared{}
	_ SecondDeriver = Huber{}
	_ SecondDeriver = SmoothL1{}
	_ SecondDeriver = LogCosh{}
	_ SecondDeriver = Tukey{}
	_ SecondDeriver = Cauchy{}
	_ SecondDeriver = Barron{}
)
