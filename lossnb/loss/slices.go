package loss

// checkReg validates the inputs of a regression or margin slice function.
// yName is "target" or "labels".
func checkReg(c *check, dst []float64, pred []float64, yName string, y, weights []float64, red Reduction, elems string) {
	pName := "pred"
	if yName == "labels" {
		pName = "scores" // the margin functions' name for their prediction
	}
	c.nonEmpty(len(pred))
	c.sameLen(pName, len(pred), yName, len(y))
	if dst != nil {
		c.dstLen("dst", len(dst), len(pred))
	}
	c.Finite(pName, pred)
	c.Finite(yName, y)
	c.weights("weights", weights, len(pred), false)
	if elems != "" || red != None {
		c.reduction(red, elems)
	}
}

// weightSum returns the denominator of a weighted reduction.
func weightSum(c *check, weights []float64, n int, red Reduction) float64 {
	if red == Sum {
		return 1
	}
	if weights == nil {
		return float64(n)
	}
	var s float64
	for _, w := range weights {
		s += w
	}
	if s == 0 {
		c.Fail("weights sum to 0, want a positive sum for Mean")
	}
	return s
}

// regression computes a reduced regression loss and, if grad != nil, its
// gradient with respect to pred.
func regression(fn string, grad []float64, l Regression, pred, target, weights []float64, red Reduction) (float64, error) {
	c := newCheck(fn)
	c.loss(l)
	checkReg(&c, grad, pred, "target", target, weights, red, "Elems")
	if !c.OK() {
		return 0, c.Err
	}
	weights = nilIfEmpty(weights)
	d := weightSum(&c, weights, len(pred), red)
	if !c.OK() {
		return 0, c.Err
	}
	var s float64
	for i, p := range pred {
		r := target[i] - p
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		s += w * l.Value(r)
		if grad != nil {
			grad[i] = -w * l.Deriv(r) / d
		}
	}
	return s / d, nil
}

// Reduce returns the reduced loss Σ wᵢ ρ(targetᵢ − predᵢ) / D where D is
// Σ wᵢ for Mean (N without weights) and 1 for Sum (opts.Weights may be
// nil). The weighted mean is scikit-learn's sample_weight convention, so
// the minimiser of Reduce(pred, target, Absolute{}, opts) over a constant
// prediction is the weighted median.
func Reduce(pred, target []float64, l Regression, opts Options) (float64, error) {
	return regression("Reduce", nil, l, pred, target, opts.Weights, opts.Reduction)
}

// Grad writes ∂Reduce/∂predᵢ = −wᵢ ψ(targetᵢ − predᵢ) / D to dst (a new
// slice if dst is nil) and returns it with the same value as [Reduce].
// With Sum, dst holds the per-element derivatives, the gradient of the
// Elems values.
func Grad(dst, pred, target []float64, l Regression, opts Options) ([]float64, float64, error) {
	return into(dst, len(pred), func(dst []float64) (float64, error) {
		return regression("Grad", dst, l, pred, target, opts.Weights, opts.Reduction)
	})
}

// Elems writes the per-element losses wᵢ ρ(targetᵢ − predᵢ) to dst (a new
// slice if dst is nil) and returns it (PyTorch's reduction="none";
// opts.Reduction is ignored).
func Elems(dst, pred, target []float64, l Regression, opts Options) ([]float64, error) {
	dst = alloc(dst, len(pred))
	c := newCheck("Elems")
	c.loss(l)
	checkReg(&c, dst, pred, "target", target, opts.Weights, None, "")
	if !c.OK() {
		return dst, c.Err
	}
	weights := nilIfEmpty(opts.Weights)
	for i, p := range pred {
		v := l.Value(target[i] - p)
		if weights != nil {
			v *= weights[i]
		}
		dst[i] = v
	}
	return dst, nil
}

// margin computes a reduced margin loss and, if grad != nil, its gradient
// with respect to the scores.
func margin(fn string, grad []float64, l Margin, scores, labels, weights []float64, red Reduction) (float64, error) {
	c := newCheck(fn)
	if l == nil {
		c.Fail("l is nil")
		return 0, c.Err
	}
	checkReg(&c, grad, scores, "labels", labels, weights, red, "MarginElems")
	c.signs("labels", labels)
	if !c.OK() {
		return 0, c.Err
	}
	weights = nilIfEmpty(weights)
	d := weightSum(&c, weights, len(scores), red)
	if !c.OK() {
		return 0, c.Err
	}
	if _, ok := l.(Logistic); ok {
		return logisticMargin(grad, scores, labels, weights, d), nil
	}
	var s float64
	for i, f := range scores {
		y := labels[i]
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		m := y * f
		s += w * l.Value(m)
		if grad != nil {
			grad[i] = w * y * l.Deriv(m) / d
		}
	}
	return s / d, nil
}

// MarginReduce returns Σ wᵢ φ(labelsᵢ·scoresᵢ) / D, with labels in
// {−1, +1}, D = Σ wᵢ for Mean (N without weights) and 1 for Sum.
func MarginReduce(scores, labels []float64, l Margin, opts Options) (float64, error) {
	return margin("MarginReduce", nil, l, scores, labels, opts.Weights, opts.Reduction)
}

// MarginGrad writes ∂MarginReduce/∂scoresᵢ = wᵢ yᵢ φ'(yᵢ scoresᵢ) / D to
// dst (a new slice if dst is nil) and returns it with the same value as
// [MarginReduce].
func MarginGrad(dst, scores, labels []float64, l Margin, opts Options) ([]float64, float64, error) {
	return into(dst, len(scores), func(dst []float64) (float64, error) {
		return margin("MarginGrad", dst, l, scores, labels, opts.Weights, opts.Reduction)
	})
}

// MarginElems writes the per-element losses wᵢ φ(yᵢ scoresᵢ) to dst (a new
// slice if dst is nil) and returns it; opts.Reduction is ignored.
func MarginElems(dst, scores, labels []float64, l Margin, opts Options) ([]float64, error) {
	dst = alloc(dst, len(scores))
	c := newCheck("MarginElems")
	if l == nil {
		c.Fail("l is nil")
		return dst, c.Err
	}
	checkReg(&c, dst, scores, "labels", labels, opts.Weights, None, "")
	c.signs("labels", labels)
	if !c.OK() {
		return dst, c.Err
	}
	weights := nilIfEmpty(opts.Weights)
	for i, f := range scores {
		v := l.Value(labels[i] * f)
		if weights != nil {
			v *= weights[i]
		}
		dst[i] = v
	}
	return dst, nil
}

// shortcut validates the unweighted-mean fast paths; it reports whether
// the call must take the generic path instead (weights or Sum), which
// gives the same numbers for any reduction.
func shortcut(c *check, dst, pred, target []float64, opts Options) (generic bool) {
	checkReg(c, dst, pred, "target", target, opts.Weights, opts.Reduction, "Elems")
	return len(opts.Weights) > 0 || opts.Reduction == Sum
}

// MSE returns the mean squared error (1/N) Σ (predᵢ − targetᵢ)², PyTorch's
// F.mse_loss(pred, target); opts gives Sum or weights (then it is
// [Reduce] with [Squared]). Its minimiser over a constant prediction is
// the mean of target.
func MSE(pred, target []float64, opts Options) (float64, error) {
	_, v, err := mseCore("MSE", nil, pred, target, opts)
	return v, err
}

// MSEGrad writes ∂MSE/∂predᵢ = 2(predᵢ − targetᵢ)/N to dst (a new slice
// if nil) and returns it with the MSE.
func MSEGrad(dst, pred, target []float64, opts Options) ([]float64, float64, error) {
	return mseCore("MSEGrad", alloc(dst, len(pred)), pred, target, opts)
}

func mseCore(fn string, dst, pred, target []float64, opts Options) ([]float64, float64, error) {
	c := newCheck(fn)
	if shortcut(&c, dst, pred, target, opts) && c.OK() {
		v, err := regression(fn, dst, Squared{}, pred, target, opts.Weights, opts.Reduction)
		return dst, v, err
	}
	if !c.OK() {
		return dst, 0, c.Err
	}
	n := float64(len(pred))
	k := 2 / n
	var s float64
	for i, p := range pred {
		d := p - target[i]
		s += d * d
		if dst != nil {
			dst[i] = k * d
		}
	}
	return dst, s / n, nil
}

// MAE returns the mean absolute error (1/N) Σ |predᵢ − targetᵢ|, PyTorch's
// F.l1_loss; opts gives Sum or weights (then it is [Reduce] with
// [Absolute]). Its minimiser over a constant prediction is the median.
func MAE(pred, target []float64, opts Options) (float64, error) {
	_, v, err := smoothL1Core("MAE", nil, pred, target, 0, opts)
	return v, err
}

// MAEGrad writes ∂MAE/∂predᵢ = sign(predᵢ − targetᵢ)/N to dst (0 where they
// are equal, as PyTorch; a new slice if dst is nil) and returns it with
// the MAE.
func MAEGrad(dst, pred, target []float64, opts Options) ([]float64, float64, error) {
	return smoothL1Core("MAEGrad", alloc(dst, len(pred)), pred, target, 0, opts)
}

// huberCore is the specialised loop behind HuberLoss and HuberLossGrad.
func huberCore(fn string, dst, pred, target []float64, delta float64, opts Options) ([]float64, float64, error) {
	c := newCheck(fn)
	generic := shortcut(&c, dst, pred, target, opts)
	c.scalarPositive("delta", delta)
	if !c.OK() {
		return dst, 0, c.Err
	}
	if generic {
		v, err := regression(fn, dst, Huber{Delta: delta}, pred, target, opts.Weights, opts.Reduction)
		return dst, v, err
	}
	n := float64(len(pred))
	inv := 1 / n
	var s float64
	for i, p := range pred {
		d := p - target[i]
		// Without branches (residuals fall on either side of ±δ at random,
		// and mispredicted jumps cost more than the arithmetic): g =
		// clamp(d, −δ, δ) and ρ = g·(d − g/2), which is ½d² inside and
		// δ(|d| − δ/2) outside, rounded exactly as those two formulas.
		g := max(-delta, min(delta, d))
		s += g * (d - 0.5*g)
		if dst != nil {
			dst[i] = g * inv
		}
	}
	return dst, s * inv, nil
}

// HuberLoss returns the mean Huber loss with threshold delta > 0, PyTorch's
// F.huber_loss(pred, target, delta=delta) (PyTorch's default delta is 1);
// opts gives Sum or weights. See [Huber].
func HuberLoss(pred, target []float64, delta float64, opts Options) (float64, error) {
	_, v, err := huberCore("HuberLoss", nil, pred, target, delta, opts)
	return v, err
}

// HuberLossGrad writes ∂HuberLoss/∂predᵢ = clamp(predᵢ − targetᵢ, −δ, δ)/N
// to dst (a new slice if nil) and returns it with the loss.
func HuberLossGrad(dst, pred, target []float64, delta float64, opts Options) ([]float64, float64, error) {
	return huberCore("HuberLossGrad", alloc(dst, len(pred)), pred, target, delta, opts)
}

func smoothL1Core(fn string, dst, pred, target []float64, beta float64, opts Options) ([]float64, float64, error) {
	c := newCheck(fn)
	if fn != "MAE" && fn != "MAEGrad" {
		c.scalarNonNeg("beta", beta)
	}
	if !c.OK() {
		return dst, 0, c.Err
	}
	if shortcut(&c, dst, pred, target, opts) && c.OK() {
		var l Regression = SmoothL1{Beta: beta}
		if beta == 0 {
			l = Absolute{}
		}
		v, err := regression(fn, dst, l, pred, target, opts.Weights, opts.Reduction)
		return dst, v, err
	}
	if !c.OK() {
		return dst, 0, c.Err
	}
	return dst, smoothL1Fast(dst, pred, target, beta), nil
}

// SmoothL1Loss returns the mean smooth L1 loss with beta ≥ 0, PyTorch's
// F.smooth_l1_loss(pred, target, beta=beta) (PyTorch's default beta is
// 1); opts gives Sum or weights. See [SmoothL1].
func SmoothL1Loss(pred, target []float64, beta float64, opts Options) (float64, error) {
	_, v, err := smoothL1Core("SmoothL1Loss", nil, pred, target, beta, opts)
	return v, err
}

// SmoothL1LossGrad writes ∂SmoothL1Loss/∂pred to dst (a new slice if nil)
// and returns it with the loss.
func SmoothL1LossGrad(dst, pred, target []float64, beta float64, opts Options) ([]float64, float64, error) {
	return smoothL1Core("SmoothL1LossGrad", alloc(dst, len(pred)), pred, target, beta, opts)
}

// PinballLoss returns the mean pinball (quantile) loss at level
// 0 < tau < 1, (1/N) Σ max(τ rᵢ, (τ − 1) rᵢ) with r = target − pred; opts
// gives Sum or weights. Its minimiser over a constant prediction is the
// τ-quantile. See [Pinball].
func PinballLoss(pred, target []float64, tau float64, opts Options) (float64, error) {
	c := newCheck("PinballLoss")
	c.scalarOpen("tau", tau, 0, 1)
	if !c.OK() {
		return 0, c.Err
	}
	return regression("PinballLoss", nil, Pinball{Tau: tau}, pred, target, opts.Weights, opts.Reduction)
}

// PinballLossGrad writes ∂PinballLoss/∂predᵢ = −wᵢψ(rᵢ)/D to dst (a new
// slice if nil) (allocated if nil) and returns it with it with the loss.
func PinballLossGrad(dst, pred, target []float64, tau float64, opts Options) ([]float64, float64, error) {
	dst = alloc(dst, len(pred))
	c := newCheck("PinballLossGrad")
	c.scalarOpen("tau", tau, 0, 1)
	if !c.OK() {
		return dst, 0, c.Err
	}
	v, err := regression("PinballLossGrad", dst, Pinball{Tau: tau}, pred, target, opts.Weights, opts.Reduction)
	return dst, v, err
}
