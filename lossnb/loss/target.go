package loss

import "math"

// Gradients with respect to the target, for the losses where PyTorch's
// autograd differentiates the target. For the regression pairs (MSE, MAE,
// HuberLoss, SmoothL1Loss, Reduce/Grad with any Regression, and the
// target of GaussianNLL, LaplaceNLL and StudentTNLL) the loss depends on
// target − pred only, so ∂/∂target = −∂/∂pred: negate what XGrad writes.

// BCETargetGrad writes ∂BCE/∂target to dst (allocated if nil) and returns it
// with [BCE]:
//
//	∂ℓᵢ/∂yᵢ = wᵢ [ max(log(1 − pᵢ), −100) − max(log pᵢ, −100) ] / D
//
// the derivative of the value BCE returns (D = N for Mean, 1 for Sum),
// finite everywhere thanks to the −100 clamp. PyTorch's autograd gives
// −logit(p) = log(1 − p) − log p without the clamp
// (binary_cross_entropy_target_backward in
// torch/csrc/autograd/FunctionsManual.cpp): the same number wherever p ∈
// (e^−100, 1 − e^−100), ±Inf at p ∈ {0, 1}.
func BCETargetGrad(dst, prob, target []float64, opts BCEOptions) ([]float64, float64, error) {
	dst, v, err := targetGrad("BCETargetGrad", "BCE", dst, len(prob), func() (float64, error) { return BCE(prob, target, opts) })
	if err != nil {
		return dst, 0, err
	}
	d := opts.Reduction.denom(float64(len(prob)))
	lw := len(opts.Weights)
	for i, p := range prob {
		w := 1.0
		if lw > 0 {
			w = opts.Weights[i%lw]
		}
		dst[i] = w * (math.Max(math.Log1p(-p), bceLogClamp) - math.Max(math.Log(p), bceLogClamp)) / d
	}
	return dst, v, nil
}

// BCEWithLogitsTargetGrad writes ∂BCEWithLogits/∂target to dst (allocated if
// nil) and returns it with [BCEWithLogits]:
//
//	∂ℓᵢ/∂yᵢ = wᵢ [ pwᵢ·softplus(−xᵢ) − softplus(xᵢ) ] / D
//
// which is −wᵢxᵢ/D without pos_weight (PyTorch's
// binary_cross_entropy_with_logits_target_backward). Finite for every finite
// logit.
func BCEWithLogitsTargetGrad(dst, logits, target []float64, opts BCEOptions) ([]float64, float64, error) {
	dst, v, err := targetGrad("BCEWithLogitsTargetGrad", "BCEWithLogits", dst, len(logits), func() (float64, error) { return BCEWithLogits(logits, target, opts) })
	if err != nil {
		return dst, 0, err
	}
	d := opts.Reduction.denom(float64(len(logits)))
	lw, lp := len(opts.Weights), len(opts.PosWeight)
	for i, x := range logits {
		w, pw := 1.0, 1.0
		if lw > 0 {
			w = opts.Weights[i%lw]
		}
		if lp > 0 {
			pw = opts.PosWeight[i%lp]
		}
		g := -x // pw = 1: softplus(−x) − softplus(x) = −x exactly
		if pw != 1 {
			g = pw*softplus(-x) - softplus(x)
		}
		dst[i] = w * g / d
	}
	return dst, v, nil
}

// KLDivTargetGrad writes ∂KLDiv/∂target to dst (allocated if nil) and
// returns it with [KLDiv]:
//
//	∂ℓ/∂p = log p + 1 − log q                 (target given as p)
//	∂ℓ/∂t = exp(t)·(t − log q + 1)             (opts.LogTarget, t = log p)
//
// divided by the reduction's denominator. Where p = 0 the derivative is −Inf
// (the one-sided limit of log p; PyTorch's autograd gives NaN there), so
// prefer LogTarget when targets can be 0 and must be learned.
func KLDivTargetGrad(dst, logq []float64, k int, target []float64, opts KLDivOptions) ([]float64, float64, error) {
	dst, v, err := targetGrad("KLDivTargetGrad", "KLDiv", dst, len(logq), func() (float64, error) { return KLDiv(logq, k, target, opts) })
	if err != nil {
		return dst, 0, err
	}
	d := opts.Reduction.denom(float64(len(logq)))
	if opts.Reduction == BatchMean {
		d = float64(len(logq) / k)
	}
	for i, x := range logq {
		t := target[i]
		var g float64
		switch {
		case opts.LogTarget:
			g = math.Exp(t) * (t - x + 1)
		case t == 0:
			g = math.Inf(-1)
		default:
			g = math.Log(t) + 1 - x
		}
		dst[i] = g / d
	}
	return dst, v, nil
}

// targetGrad starts fn, a gradient in the target of the loss inner: it allocates dst
// (n values), computes the loss with value and checks dst. The error is the first
// problem, named as fn's.
func targetGrad(fn, inner string, dst []float64, n int, value func() (float64, error)) ([]float64, float64, error) {
	dst = alloc(dst, n)
	c := newCheck(fn)
	v, err := value()
	renamed(&c, err, inner)
	c.dstLen("dst", len(dst), n)
	return dst, v, c.Err
}
