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
	c.finite(pName, pred)
	c.finite(yName, y)
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
		c.fail("weights sum to 0, want a positive sum for Mean")
	}
	return s
}

// regression computes a reduced regression loss and, if grad != nil, its
// gradient with respect to pred.
func regression(fn string, grad []float64, l Regression, pred, target, weights []float64, red Reduction) (float64, error) {
	c := check{fn: fn}
	c.loss(l)
	checkReg(&c, grad, pred, "target", target, weights, red, "Elems")
	if !c.ok() {
		return 0, c.err
	}
	weights = nilIfEmpty(weights)
	d := weightSum(&c, weights, len(pred), red)
	if !c.ok() {
		return 0, c.err
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
// Σ wᵢ for Mean (N without weights) and 1 for Sum. weights may be nil.
// The weighted mean is scikit-learn's sample_weight convention, so the
// minimiser of Reduce(Absolute{}, …) over a constant prediction is the
// weighted median.
func Reduce(l Regression, pred, target, weights []float64, red Reduction) (float64, error) {
	return regression("Reduce", nil, l, pred, target, weights, red)
}

// Grad writes ∂Reduce/∂predᵢ = −wᵢ ψ(targetᵢ − predᵢ) / D to dst and returns
// the same value as [Reduce]. With red = Sum, dst holds the per-element
// derivatives, the gradient of the Elems values.
func Grad(dst []float64, l Regression, pred, target, weights []float64, red Reduction) (float64, error) {
	c := check{fn: "Grad"}
	if dst == nil {
		c.fail("dst is nil, want len %d", len(pred))
		return 0, c.err
	}
	return regression("Grad", dst, l, pred, target, weights, red)
}

// Elems writes the per-element losses wᵢ ρ(targetᵢ − predᵢ) to dst
// (PyTorch's reduction="none").
func Elems(dst []float64, l Regression, pred, target, weights []float64) error {
	c := check{fn: "Elems"}
	c.loss(l)
	if c.ok() && dst == nil {
		c.fail("dst is nil, want len %d", len(pred))
	}
	checkReg(&c, dst, pred, "target", target, weights, None, "")
	if !c.ok() {
		return c.err
	}
	weights = nilIfEmpty(weights)
	for i, p := range pred {
		v := l.Value(target[i] - p)
		if weights != nil {
			v *= weights[i]
		}
		dst[i] = v
	}
	return nil
}

// margin computes a reduced margin loss and, if grad != nil, its gradient
// with respect to the scores.
func margin(fn string, grad []float64, l Margin, scores, labels, weights []float64, red Reduction) (float64, error) {
	c := check{fn: fn}
	if l == nil {
		c.fail("l is nil")
		return 0, c.err
	}
	checkReg(&c, grad, scores, "labels", labels, weights, red, "MarginElems")
	c.signs("labels", labels)
	if !c.ok() {
		return 0, c.err
	}
	weights = nilIfEmpty(weights)
	d := weightSum(&c, weights, len(scores), red)
	if !c.ok() {
		return 0, c.err
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
func MarginReduce(l Margin, scores, labels, weights []float64, red Reduction) (float64, error) {
	return margin("MarginReduce", nil, l, scores, labels, weights, red)
}

// MarginGrad writes ∂MarginReduce/∂scoresᵢ = wᵢ yᵢ φ'(yᵢ scoresᵢ) / D to dst
// and returns the same value as [MarginReduce].
func MarginGrad(dst []float64, l Margin, scores, labels, weights []float64, red Reduction) (float64, error) {
	c := check{fn: "MarginGrad"}
	if dst == nil {
		c.fail("dst is nil, want len %d", len(scores))
		return 0, c.err
	}
	return margin("MarginGrad", dst, l, scores, labels, weights, red)
}

// MarginElems writes the per-element losses wᵢ φ(yᵢ scoresᵢ) to dst.
func MarginElems(dst []float64, l Margin, scores, labels, weights []float64) error {
	c := check{fn: "MarginElems"}
	if l == nil {
		c.fail("l is nil")
		return c.err
	}
	if dst == nil {
		c.fail("dst is nil, want len %d", len(scores))
	}
	checkReg(&c, dst, scores, "labels", labels, weights, None, "")
	c.signs("labels", labels)
	if !c.ok() {
		return c.err
	}
	weights = nilIfEmpty(weights)
	for i, f := range scores {
		v := l.Value(labels[i] * f)
		if weights != nil {
			v *= weights[i]
		}
		dst[i] = v
	}
	return nil
}

// checkSimple validates the unweighted-mean shortcuts.
func checkSimple(c *check, wantDst bool, dst, pred, target []float64) {
	if wantDst && dst == nil {
		c.fail("dst is nil, want len %d", len(pred))
	}
	checkReg(c, dst, pred, "target", target, nil, Mean, "")
}

// MSE returns the mean squared error (1/N) Σ (predᵢ − targetᵢ)², PyTorch's
// F.mse_loss(pred, target). Its minimiser over a constant prediction is the
// mean of target. See [Squared].
func MSE(pred, target []float64) (float64, error) {
	c := check{fn: "MSE"}
	checkSimple(&c, false, nil, pred, target)
	if !c.ok() {
		return 0, c.err
	}
	var s float64
	for i, p := range pred {
		d := p - target[i]
		s += d * d
	}
	return s / float64(len(pred)), nil
}

// MSEGrad writes ∂MSE/∂predᵢ = 2(predᵢ − targetᵢ)/N to dst and returns the MSE.
func MSEGrad(dst, pred, target []float64) (float64, error) {
	c := check{fn: "MSEGrad"}
	checkSimple(&c, true, dst, pred, target)
	if !c.ok() {
		return 0, c.err
	}
	n := float64(len(pred))
	k := 2 / n
	var s float64
	for i, p := range pred {
		d := p - target[i]
		s += d * d
		dst[i] = k * d
	}
	return s / n, nil
}

// MAE returns the mean absolute error (1/N) Σ |predᵢ − targetᵢ|, PyTorch's
// F.l1_loss. Its minimiser over a constant prediction is the median. See
// [Absolute].
func MAE(pred, target []float64) (float64, error) {
	c := check{fn: "MAE"}
	checkSimple(&c, false, nil, pred, target)
	if !c.ok() {
		return 0, c.err
	}
	return smoothL1Fast(nil, pred, target, 0), nil
}

// MAEGrad writes ∂MAE/∂predᵢ = sign(predᵢ − targetᵢ)/N to dst (0 where they
// are equal, as PyTorch) and returns the MAE.
func MAEGrad(dst, pred, target []float64) (float64, error) {
	c := check{fn: "MAEGrad"}
	checkSimple(&c, true, dst, pred, target)
	if !c.ok() {
		return 0, c.err
	}
	return smoothL1Fast(dst, pred, target, 0), nil
}

// huberCore is the specialised loop behind HuberLoss and HuberLossGrad.
func huberCore(fn string, dst, pred, target []float64, delta float64) (float64, error) {
	c := check{fn: fn}
	checkSimple(&c, fn == "HuberLossGrad", dst, pred, target)
	c.scalarPositive("delta", delta)
	if !c.ok() {
		return 0, c.err
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
	return s * inv, nil
}

// HuberLoss returns the mean Huber loss with threshold delta > 0, PyTorch's
// F.huber_loss(pred, target, delta=delta). See [Huber].
func HuberLoss(pred, target []float64, delta float64) (float64, error) {
	return huberCore("HuberLoss", nil, pred, target, delta)
}

// HuberLossGrad writes ∂HuberLoss/∂predᵢ = clamp(predᵢ − targetᵢ, −δ, δ)/N
// to dst and returns the loss.
func HuberLossGrad(dst, pred, target []float64, delta float64) (float64, error) {
	return huberCore("HuberLossGrad", dst, pred, target, delta)
}

// SmoothL1Loss returns the mean smooth L1 loss with beta ≥ 0, PyTorch's
// F.smooth_l1_loss(pred, target, beta=beta). See [SmoothL1].
func SmoothL1Loss(pred, target []float64, beta float64) (float64, error) {
	c := check{fn: "SmoothL1Loss"}
	c.scalarNonNeg("beta", beta)
	if !c.ok() {
		return 0, c.err
	}
	checkSimple(&c, false, nil, pred, target)
	if !c.ok() {
		return 0, c.err
	}
	return smoothL1Fast(nil, pred, target, beta), nil
}

// SmoothL1LossGrad writes ∂SmoothL1Loss/∂pred to dst and returns the loss.
func SmoothL1LossGrad(dst, pred, target []float64, beta float64) (float64, error) {
	c := check{fn: "SmoothL1LossGrad"}
	c.scalarNonNeg("beta", beta)
	checkSimple(&c, true, dst, pred, target)
	if !c.ok() {
		return 0, c.err
	}
	return smoothL1Fast(dst, pred, target, beta), nil
}

// PinballLoss returns the mean pinball (quantile) loss at level
// 0 < tau < 1, (1/N) Σ max(τ rᵢ, (τ − 1) rᵢ) with r = target − pred. Its
// minimiser over a constant prediction is the τ-quantile. See [Pinball].
func PinballLoss(pred, target []float64, tau float64) (float64, error) {
	c := check{fn: "PinballLoss"}
	c.scalarOpen("tau", tau, 0, 1)
	checkSimple(&c, false, nil, pred, target)
	if !c.ok() {
		return 0, c.err
	}
	return regression("PinballLoss", nil, Pinball{Tau: tau}, pred, target, nil, Mean)
}

// PinballLossGrad writes ∂PinballLoss/∂predᵢ = −ψ(rᵢ)/N to dst and returns
// the loss.
func PinballLossGrad(dst, pred, target []float64, tau float64) (float64, error) {
	c := check{fn: "PinballLossGrad"}
	c.scalarOpen("tau", tau, 0, 1)
	checkSimple(&c, true, dst, pred, target)
	if !c.ok() {
		return 0, c.err
	}
	return regression("PinballLossGrad", dst, Pinball{Tau: tau}, pred, target, nil, Mean)
}
