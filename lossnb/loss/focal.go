package loss

import "math"

// FocalOptions configures the binary focal loss [Focal]. The zero value is
// refused (α = 0 would give every positive example weight 0): use
// [DefaultFocalOptions] for the paper's and torchvision's α = 0.25, γ = 2,
// or set Alpha explicitly. Gamma = 0 means γ = 0 (α-weighted BCE), not 2.
type FocalOptions struct {
	// Weights must be empty: torchvision's sigmoid_focal_loss has no weight
	// (the field is here so that every options struct passes weights the same
	// way).
	Weights []float64
	// Alpha ∈ (0, 1] weights positives by α and negatives by 1 − α; a
	// negative Alpha disables the weighting (torchvision's alpha = −1).
	// Alpha = 0 is an error (it is the zero value, and it would drop every
	// positive example).
	Alpha float64
	// Gamma ≥ 0 is the focusing exponent; γ = 0 gives (α-weighted) BCE.
	Gamma float64
	// Reduction: Mean (Σℓᵢ/N) or Sum.
	Reduction Reduction
}

// DefaultFocalOptions returns α = [FocalAlpha] = 0.25, γ = [FocalGamma] = 2,
// Mean: the defaults of Lin et al. (2017) and torchvision.
func DefaultFocalOptions() FocalOptions {
	return FocalOptions{Alpha: FocalAlpha, Gamma: FocalGamma}
}

func focalCore(fn string, elems, grad, logits, target []float64, opts FocalOptions) (float64, error) {
	c := newCheck(fn)
	c.noWeights(opts.Weights)
	n := len(logits)
	c.nonEmpty(n)
	c.sameLen("logits", n, "target", len(target))
	if elems != nil || grad != nil {
		c.dstLen("dst", max(len(elems), len(grad)), n)
	}
	c.Finite("logits", logits)
	c.inRange("target", target, 0, 1)
	if math.IsNaN(opts.Alpha) || opts.Alpha > 1 || math.IsInf(opts.Alpha, -1) {
		c.Fail("opts.Alpha = %v, want a value in (0, 1] (or < 0 to disable)", opts.Alpha)
	}
	c.scalarNonNeg("opts.Gamma", opts.Gamma)
	if c.OK() && opts.Alpha == 0 {
		c.Fail("opts.Alpha = 0 gives every positive example weight 0, want a value in (0, 1] or < 0 to disable (the zero FocalOptions is refused: loss.DefaultFocalOptions() gives torchvision's α = 0.25, γ = 2)")
	}
	if elems == nil {
		c.reduction(opts.Reduction, fn+"Elems")
	}
	if !c.OK() {
		return 0, c.Err
	}
	d := opts.Reduction.denom(float64(n))
	a, gm := opts.Alpha, opts.Gamma
	var s float64
	for i, x := range logits {
		y := target[i]
		// One exp and one log1p for softplus(±x) and σ(±x), as in BCEWithLogits.
		spPos, spNeg, p, pm := softplusBoth(x)
		ce := (1-y)*spPos + y*spNeg
		q := y*pm + (1-y)*p // 1 − p_t, without cancellation
		var mod float64
		switch gm { // (1 − p_t)^γ; Pow is slow, and γ = 2 is the default
		case 2:
			mod = q * q
		case 0:
			mod = 1
		default:
			mod = math.Pow(q, gm)
		}
		at := 1.0
		if a >= 0 {
			at = a*y + (1-a)*(1-y)
		}
		l := at * mod * ce
		s += l
		if elems != nil {
			elems[i] = l
		}
		if grad != nil {
			// d/dx [ (1−p_t)^γ ce ] = −γ (1−p_t)^{γ−1} p(1−p)(2y−1) ce + (1−p_t)^γ (p − y),
			// with p(1−p)/(1−p_t) ≤ 1 formed first so that no 0·∞ occurs.
			g := mod * (p - y)
			if gm != 0 && q > 0 {
				g -= gm * (p * pm / q) * mod * (2*y - 1) * ce
			}
			grad[i] = at * g / d
		}
	}
	return s / d, nil
}

// Focal returns the binary focal loss of logits against targets in [0, 1],
// as torchvision.ops.sigmoid_focal_loss:
//
//	p = σ(x),  p_t = p·y + (1 − p)(1 − y),  α_t = α·y + (1 − α)(1 − y)
//	ℓᵢ = α_t · (1 − p_t)^γ · BCEWithLogits(xᵢ, yᵢ)
//
// (α_t = 1 when Alpha < 0). 1 − p_t is computed as y·σ(−x) + (1 − y)·σ(x),
// without cancellation. Gradient: α_t [ (1 − p_t)^γ (p − y) −
// γ (1 − p_t)^{γ−1} p(1 − p)(2y − 1)·BCE ]. Note torchvision's default
// reduction is "none"; here the zero value is Mean.
//
// Minimiser: for γ > 0 the loss is no longer a proper scoring rule:
// σ(x) is pushed towards 0 or 1 less than η, i.e. under-confident
// probabilities. Use it for extreme class imbalance (dense detection),
// where easy negatives would otherwise dominate the gradient.
// Reference: Lin, Goyal, Girshick, He & Dollár, "Focal Loss for Dense
// Object Detection", ICCV 2017.
func Focal(logits, target []float64, opts FocalOptions) (float64, error) {
	return focalCore("Focal", nil, nil, logits, target, opts)
}

// FocalGrad writes ∂Focal/∂logits to dst (allocated if nil) and returns it
// with [Focal].
func FocalGrad(dst, logits, target []float64, opts FocalOptions) ([]float64, float64, error) {
	return into(dst, len(logits), func(dst []float64) (float64, error) { return focalCore("FocalGrad", nil, dst, logits, target, opts) })
}

// FocalElems writes the per-element focal losses to dst (allocated if nil)
// and returns it.
func FocalElems(dst, logits, target []float64, opts FocalOptions) ([]float64, error) {
	return elemsInto(dst, len(logits), func(dst []float64) (float64, error) { return focalCore("FocalElems", dst, nil, logits, target, opts) })
}

// FocalCEOptions configures the multi-class focal loss [FocalCE].
type FocalCEOptions struct {
	// Gamma > 0 is the focusing exponent. The zero value means Lin et al.'s
	// default γ = [FocalGamma] = 2 (as FocalOptions' defaults), not γ = 0:
	// for γ = 0 (cross-entropy) use [CrossEntropy]. A negative Gamma is an
	// error.
	Gamma float64
	// Weights are per-class α_c ≥ 0, nil (all 1) or length k.
	Weights []float64
	// Reduction: Mean (Σℓₙ/N, not weight-normalised) or Sum.
	Reduction Reduction
}

func focalCECore(fn string, elems, grad, logits []float64, k int, labels []int, opts FocalCEOptions) (float64, error) {
	c := newCheck(fn)
	n := c.rows(k, "logits", logits)
	c.perRow("labels", len(labels), n, "logits")
	c.dsts(elems, n, grad, len(logits))
	c.Finite("logits", logits)
	c.classes("labels", labels, k)
	if opts.Weights != nil {
		c.lenIs("opts.Weights", len(opts.Weights), k)
		c.nonNeg("opts.Weights", opts.Weights)
	}
	c.scalarNonNeg("opts.Gamma", opts.Gamma)
	if elems == nil {
		c.reduction(opts.Reduction, fn+"Elems")
	}
	if !c.OK() {
		return 0, c.Err
	}
	d := opts.Reduction.denom(float64(n))
	gm := opts.Gamma
	if gm == 0 {
		gm = FocalGamma
	}
	lp := make([]float64, k)
	var s float64
	for i := range n {
		z := logits[i*k : (i+1)*k]
		logSoftmax(lp, z)
		y := labels[i]
		a := 1.0
		if opts.Weights != nil {
			a = opts.Weights[y]
		}
		logq := lp[y]
		om := -math.Expm1(logq) // 1 − q without cancellation
		mod := math.Pow(om, gm)
		l := -a * mod * logq
		s += l
		if elems != nil {
			elems[i] = l
		}
		if grad != nil {
			// ∂ℓ/∂z_c = α (δ_cy − p_c) [γ q (1−q)^{γ−1} log q − (1−q)^γ]
			//         = α (δ_cy − p_c) (1−q)^γ [γ q (log q)/(1−q) − 1],
			// with (log q)/(1−q) → −1 as q → 1.
			ratio := -1.0
			if om > 0 {
				ratio = logq / om
			}
			coef := a * mod * (gm*math.Exp(logq)*ratio - 1)
			g := grad[i*k : (i+1)*k]
			for j, v := range lp {
				delta := 0.0
				if j == y {
					delta = 1
				}
				g[j] = coef * (delta - math.Exp(v)) / d
			}
		}
	}
	return s / d, nil
}

// FocalCE returns the multi-class (softmax) focal loss of logits (N rows
// of k) against class indices:
//
//	q = softmax(zₙ)_{yₙ},  ℓₙ = −α_{yₙ}·(1 − q)^γ·log q
//
// with 1 − q = −expm1(log q) and log q from log-softmax. Gradient:
// ∂ℓₙ/∂z_c = α_{yₙ} (1[c = yₙ] − p_c)·[γ q (1 − q)^{γ−1} log q − (1 − q)^γ].
// As γ → 0 without weights it tends to [CrossEntropy]; FocalCEOptions{}
// is γ = 2.
//
// Minimiser: for γ > 0 not a proper scoring rule (under-confident
// probabilities, see [Focal]). Use it for imbalanced multi-class problems.
// Reference: Lin et al., ICCV 2017, §3 (the multi-class extension is
// stated there as straightforward).
func FocalCE(logits []float64, k int, labels []int, opts FocalCEOptions) (float64, error) {
	return focalCECore("FocalCE", nil, nil, logits, k, labels, opts)
}

// FocalCEGrad writes ∂FocalCE/∂logits (len N·k) to dst (allocated if nil)
// and returns it with [FocalCE].
func FocalCEGrad(dst, logits []float64, k int, labels []int, opts FocalCEOptions) ([]float64, float64, error) {
	return into(dst, len(logits), func(dst []float64) (float64, error) {
		return focalCECore("FocalCEGrad", nil, dst, logits, k, labels, opts)
	})
}

// FocalCEElems writes the per-sample multi-class focal losses (len N) to dst
// (allocated if nil) and returns it.
func FocalCEElems(dst, logits []float64, k int, labels []int, opts FocalCEOptions) ([]float64, error) {
	return elemsInto(dst, rows(len(logits), k), func(dst []float64) (float64, error) {
		return focalCECore("FocalCEElems", dst, nil, logits, k, labels, opts)
	})
}

// FocalMargin is the binary focal loss of Lin et al. as a margin loss, for
// m = y·f(x), y ∈ {−1, +1}, where p = σ(m) is the probability given to the
// true class:
//
//	φ(m)  = (1 − p)^γ · (−log p) = σ(−m)^γ · softplus(−m)
//	φ'(m) = −γ σ(−m)^γ σ(m) softplus(−m) − σ(−m)^{γ+1}
//
// γ = 0 is the logistic loss ([Logistic]); γ > 0 shrinks the loss of points
// already classified with confidence, so that training attends to the hard ones.
// The α weighting of the paper is a per-class weight (pass it as sample weights);
// [FocalGamma] = 2 is the paper's default. It is the per-point loss of [Focal]
// with Alpha < 0 (no class weight) and target (y + 1)/2, written as a function of
// the margin, for fitting with package fit and for the lessons on calibration.
// Reference: Lin, Goyal, Girshick, He & Dollár, "Focal loss for dense object
// detection", ICCV 2017, eq. (4).
type FocalMargin struct{ Gamma float64 }

// Name returns "Focal(γ=<Gamma>)".
func (f FocalMargin) Name() string { return "Focal(γ=" + fmtG(f.Gamma) + ")" }

// Value returns φ(m) = σ(−m)^γ · softplus(−m).
func (f FocalMargin) Value(m float64) float64 {
	return math.Pow(sigmoid(-m), f.Gamma) * softplus(-m)
}

// Deriv returns φ'(m) = −γ σ(−m)^γ σ(m) softplus(−m) − σ(−m)^{γ+1}.
func (f FocalMargin) Deriv(m float64) float64 {
	q := sigmoid(-m)
	return -f.Gamma*math.Pow(q, f.Gamma)*sigmoid(m)*softplus(-m) - math.Pow(q, f.Gamma+1)
}
