package loss

import "math"

// BCEOptions configures [BCE] and [BCEWithLogits].
//
// Weights and PosWeight broadcast like PyTorch tensors over the last axis
// of a row-major [N, C] batch: nil means 1; otherwise their length must
// divide len(target) and element i uses Weights[i % len(Weights)]. So a
// length-1 slice is a scalar, a length-C slice is per class (multi-label),
// and a length-N slice is per element.
type BCEOptions struct {
	// Weights rescales each element's loss (PyTorch's weight), ≥ 0.
	Weights []float64
	// PosWeight multiplies the positive term y·log σ(x) (PyTorch's
	// pos_weight): > 1 raises recall, < 1 raises precision. BCEWithLogits
	// only; BCE rejects it, as PyTorch's F.binary_cross_entropy has none.
	PosWeight []float64
	// Reduction is Mean (Σ wᵢℓᵢ / N, PyTorch's convention) or Sum.
	Reduction Reduction
}

func bceCore(fn string, logits bool, elems, grad, x, target []float64, opts BCEOptions) (float64, error) {
	c := newCheck(fn)
	xName := "prob"
	if logits {
		xName = "logits"
	}
	n := len(x)
	c.nonEmpty(n)
	c.sameLen(xName, n, "target", len(target))
	if elems != nil || grad != nil {
		c.dstLen("dst", max(len(elems), len(grad)), n)
	}
	if logits {
		c.Finite(xName, x)
	} else {
		c.inRange(xName, x, 0, 1)
	}
	c.inRange("target", target, 0, 1)
	c.weights("opts.Weights", opts.Weights, n, true)
	if !logits && opts.PosWeight != nil {
		c.Fail("opts.PosWeight is set (len %d), want nil: pos_weight exists only for BCEWithLogits", len(opts.PosWeight))
	}
	c.weights("opts.PosWeight", opts.PosWeight, n, true)
	if elems == nil {
		c.reduction(opts.Reduction, fn+"Elems")
	}
	if !c.OK() {
		return 0, c.Err
	}
	d := opts.Reduction.denom(float64(n))
	lw, lp := len(opts.Weights), len(opts.PosWeight)
	var s float64
	for i, v := range x {
		y := target[i]
		w := 1.0
		if lw > 0 {
			w = opts.Weights[i%lw]
		}
		var l, g float64
		if w == 0 {
			// A zero weight removes the element, even where its loss is
			// +Inf (a logit of −1e308 with a huge pos_weight): no 0·∞.
		} else if logits {
			pw := 1.0
			if lp > 0 {
				pw = opts.PosWeight[i%lp]
			}
			// (1−y)·softplus(x) + pw·y·softplus(−x): PyTorch's formula
			// (1−y)x + (1+(pw−1)y)·softplus(−x) rearranged so that no
			// large terms cancel. One exp and one log1p serve both
			// softplus(±x) = max(±x, 0) + log1p(e^{−|x|}) and σ(±x).
			spPos, spNeg, sg, sgc := softplusBoth(v)
			l = w * ((1-y)*spPos + pw*y*spNeg)
			g = w * ((1-y)*sg - pw*y*sgc)
		} else {
			lp := math.Max(math.Log(v), bceLogClamp)
			l1p := math.Max(math.Log1p(-v), bceLogClamp)
			l = -w * (y*lp + (1-y)*l1p)
			g = w * (v - y) / math.Max(v*(1-v), bceGradEps)
		}
		s = accumulate(s, elems, grad, i, l, g, d)
	}
	return s / d, nil
}

// BCE returns the binary cross-entropy of probabilities prob ∈ [0, 1]
// against targets in [0, 1], as PyTorch's F.binary_cross_entropy:
//
//	ℓᵢ = −wᵢ [ yᵢ·max(log pᵢ, −100) + (1 − yᵢ)·max(log(1 − pᵢ), −100) ]
//
// The −100 clamp is PyTorch's: it keeps the loss finite at p = 0 or 1
// (ℓ = 100 for a confident wrong answer). Prefer [BCEWithLogits], which
// needs no clamp. Gradient (PyTorch's backward, with its floor ε =
// float32(1e-12) = 9.999999960041972e-13, aten/src/ATen/native/Loss.cpp):
// ∂ℓᵢ/∂pᵢ = wᵢ (pᵢ − yᵢ) / max(pᵢ(1 − pᵢ), ε).
//
// Minimiser: p = E[y | x], the probability: BCE is the Bernoulli negative
// log-likelihood and a strictly proper scoring rule. Use it for binary
// and multi-label classification when the model outputs probabilities.
// Reference: PyTorch torch.nn.BCELoss; Good, "Rational decisions", JRSS B
// 14 (1952) for the log score.
func BCE(prob, target []float64, opts BCEOptions) (float64, error) {
	return bceCore("BCE", false, nil, nil, prob, target, opts)
}

// BCEGrad writes ∂BCE/∂prob to dst (allocated if nil) and returns it with
// [BCE].
func BCEGrad(dst, prob, target []float64, opts BCEOptions) ([]float64, float64, error) {
	return into(dst, len(prob), func(dst []float64) (float64, error) { return bceCore("BCEGrad", false, nil, dst, prob, target, opts) })
}

// BCEElems writes the per-element losses ℓᵢ of [BCE] to dst (allocated if
// nil) and returns it (reduction="none"); opts.Reduction is ignored.
func BCEElems(dst, prob, target []float64, opts BCEOptions) ([]float64, error) {
	return elemsInto(dst, len(prob), func(dst []float64) (float64, error) { return bceCore("BCEElems", false, dst, nil, prob, target, opts) })
}

// BCEWithLogits returns the binary cross-entropy of logits x against
// targets y ∈ [0, 1], as PyTorch's F.binary_cross_entropy_with_logits:
//
//	ℓᵢ = wᵢ [ pwᵢ·yᵢ·softplus(−xᵢ) + (1 − yᵢ)·softplus(xᵢ) ]
//	   = −wᵢ [ pwᵢ·yᵢ·log σ(xᵢ) + (1 − yᵢ)·log(1 − σ(xᵢ)) ]
//
// computed with softplus(x) = max(x, 0) + log1p(exp(−|x|)), so logits of
// ±1e4 are exact. Gradient: ∂ℓᵢ/∂xᵢ = wᵢ [ (1 − yᵢ)σ(xᵢ) − pwᵢ yᵢ σ(−xᵢ) ],
// which is wᵢ(σ(xᵢ) − yᵢ) without pos_weight: "prediction minus target".
//
// Minimiser: σ(x) = E[y | x] (with pos_weight pw, σ(x) = pw·η/(pw·η + 1 − η)).
// The default for binary classification. Reference: PyTorch
// torch.nn.BCEWithLogitsLoss.
func BCEWithLogits(logits, target []float64, opts BCEOptions) (float64, error) {
	return bceCore("BCEWithLogits", true, nil, nil, logits, target, opts)
}

// BCEWithLogitsGrad writes ∂BCEWithLogits/∂logits to dst (allocated if nil)
// and returns it with [BCEWithLogits].
func BCEWithLogitsGrad(dst, logits, target []float64, opts BCEOptions) ([]float64, float64, error) {
	return into(dst, len(logits), func(dst []float64) (float64, error) {
		return bceCore("BCEWithLogitsGrad", true, nil, dst, logits, target, opts)
	})
}

// BCEWithLogitsElems writes the per-element losses ℓᵢ of [BCEWithLogits] to
// dst (allocated if nil) and returns it (reduction="none"); opts.Reduction
// is ignored.
func BCEWithLogitsElems(dst, logits, target []float64, opts BCEOptions) ([]float64, error) {
	return elemsInto(dst, len(logits), func(dst []float64) (float64, error) {
		return bceCore("BCEWithLogitsElems", true, dst, nil, logits, target, opts)
	})
}

// CEOptions configures [CrossEntropy] and [CrossEntropyProbs], with
// PyTorch's F.cross_entropy meaning for each field.
type CEOptions struct {
	// Weights are per-class weights w_c ≥ 0, nil or length k.
	Weights []float64
	// LabelSmoothing ε ∈ [0, 1] mixes the target with the uniform
	// distribution: t̃ = (1 − ε)·t + ε/K.
	LabelSmoothing float64
	// Reduction: Mean or Sum. For class-index targets, Mean with weights is
	// Σₙ ℓₙ / Σₙ w_{yₙ} (PyTorch's weighted mean); for probability targets it
	// is Σₙ ℓₙ / N.
	Reduction Reduction
	// IgnoreIndex is PyTorch's ignore_index for class-index targets: rows
	// whose label equals it have loss 0 and gradient 0, and leave the Mean's
	// denominator. The zero value means PyTorch's default −100
	// ([IgnoreIndexPyTorch]), so a label of −100 is skipped; any other
	// value is used as given (to skip class 0, relabel it −100 first).
	// Probability targets ignore it, as PyTorch.
	IgnoreIndex int
}

// IgnoreIndexPyTorch is the default ignore_index = −100 of PyTorch's
// F.cross_entropy and F.nll_loss (torch/nn/functional.py).
const IgnoreIndexPyTorch = -100

// ignoreIndex returns the label value to skip.
func (o CEOptions) ignoreIndex() int {
	if o.IgnoreIndex == 0 {
		return IgnoreIndexPyTorch
	}
	return o.IgnoreIndex
}

// classesOrIgnored is check.classes that lets the ignored label through.
func (c *check) classesOrIgnored(name string, labels []int, k, ignore int) {
	if c.Err != nil {
		return
	}
	for i, v := range labels {
		if v != ignore && (v < 0 || v >= k) {
			c.Fail("%s[%d] = %d, want a class in [0, %d) (or the ignore index %d)", name, i, v, k, ignore)
			return
		}
	}
}

// ceCore computes both cross-entropy forms: labels != nil for class
// indices, probs != nil for probability targets.
func ceCore(fn string, elems, grad, logits []float64, k int, labels []int, probs []float64, opts CEOptions) (float64, error) {
	c := newCheck(fn)
	n := c.rows(k, "logits", logits)
	if probs == nil {
		c.perRow("labels", len(labels), n, "logits")
	} else {
		c.sameLen("logits", len(logits), "target", len(probs))
	}
	c.dsts(elems, n, grad, len(logits))
	c.Finite("logits", logits)
	ign := opts.ignoreIndex()
	if probs == nil {
		c.classesOrIgnored("labels", labels, k, ign)
	} else {
		c.inRange("target", probs, 0, 1)
	}
	if opts.Weights != nil {
		c.lenIs("opts.Weights", len(opts.Weights), k)
		c.nonNeg("opts.Weights", opts.Weights)
	}
	c.scalarClosed("opts.LabelSmoothing", opts.LabelSmoothing, 0, 1)
	if elems == nil {
		c.reduction(opts.Reduction, fn+"Elems")
	}
	if !c.OK() {
		return 0, c.Err
	}
	w := opts.Weights
	eps := opts.LabelSmoothing
	kf := float64(k)
	wsum := kf
	if w != nil {
		wsum = 0
		for _, v := range w {
			wsum += v
		}
	}
	// Denominator.
	d := 1.0
	if opts.Reduction == Mean {
		if probs != nil {
			d = float64(n)
		} else {
			d = 0
			for _, y := range labels {
				switch {
				case y == ign:
				case w == nil:
					d++
				default:
					d += w[y]
				}
			}
			if d == 0 && elems == nil {
				c.Fail("opts.Weights of the labelled (not ignored) classes sum to 0, want a positive sum for Mean")
				return 0, c.Err
			}
		}
	}
	if elems != nil {
		d = 1
	}
	if probs == nil && w == nil && eps == 0 {
		return ceLabels(elems, grad, logits, k, labels, ign, d), nil
	}
	lp := make([]float64, k)
	pr := make([]float64, k)
	var s float64
	for i := range n {
		z := logits[i*k : (i+1)*k]
		softmaxBoth(lp, pr, z)
		var l float64
		if probs == nil && labels[i] == ign {
			if grad != nil {
				clear(grad[i*k : (i+1)*k])
			}
		} else if probs == nil {
			y := labels[i]
			wy := 1.0
			if w != nil {
				wy = w[y]
			}
			l = -(1 - eps) * wy * lp[y]
			if eps > 0 {
				var sm float64
				for j, v := range lp {
					wj := 1.0
					if w != nil {
						wj = w[j]
					}
					sm -= wj * v
				}
				l += eps / kf * sm
			}
			if grad != nil {
				g := grad[i*k : (i+1)*k]
				for j, p := range pr {
					gj := (1 - eps) * wy * p
					if j == y {
						gj -= (1 - eps) * wy
					}
					if eps > 0 {
						wj := 1.0
						if w != nil {
							wj = w[j]
						}
						gj += eps / kf * (p*wsum - wj)
					}
					g[j] = gj / d
				}
			}
		} else {
			t := probs[i*k : (i+1)*k]
			var wt float64 // Σ_j w_j t̃_j
			for j, v := range lp {
				tj := (1-eps)*t[j] + eps/kf
				wj := 1.0
				if w != nil {
					wj = w[j]
				}
				if tj != 0 && wj != 0 {
					l -= wj * tj * v
				}
				wt += wj * tj
			}
			if grad != nil {
				g := grad[i*k : (i+1)*k]
				for j, p := range pr {
					tj := (1-eps)*t[j] + eps/kf
					wj := 1.0
					if w != nil {
						wj = w[j]
					}
					g[j] = (p*wt - wj*tj) / d
				}
			}
		}
		s += l
		if elems != nil {
			elems[i] = l
		}
	}
	return s / d, nil
}

// CrossEntropy returns the softmax cross-entropy of logits (row-major, N
// rows of k classes) against class indices labels ∈ [0, k), as PyTorch's
// F.cross_entropy(logits, labels, weight, label_smoothing):
//
//	log pₙ = logits_n − logsumexp(logits_n)
//	ℓₙ = (1 − ε)·w_{yₙ}·(−log p_{n,yₙ}) + (ε/K)·Σ_c w_c·(−log p_{n,c})
//	Mean = Σₙ ℓₙ / Σₙ w_{yₙ};  Sum = Σₙ ℓₙ
//
// Gradient: ∂ℓₙ/∂z_{n,c} = (1 − ε)·w_{yₙ}·(p_{n,c} − 1[c = yₙ]) +
// (ε/K)·(p_{n,c}·Σ_j w_j − w_c), divided by the same denominator: "softmax
// minus one-hot" in the unweighted case. Log-sum-exp keeps logits of ±1e4
// exact. Rows labelled opts.IgnoreIndex (PyTorch's ignore_index, −100 by
// default) count 0 and leave the denominator. An error is returned for
// Mean when the labelled classes' weights sum to 0, or every row is
// ignored (PyTorch returns NaN).
//
// Minimiser: softmax(z) = P(y | x) (with ε > 0, the smoothed
// distribution): the categorical negative log-likelihood, a proper scoring
// rule. The default multi-class loss; pass logits, not probabilities.
// Reference: PyTorch torch.nn.CrossEntropyLoss; Szegedy et al.,
// "Rethinking the Inception architecture", CVPR 2016 (label smoothing).
func CrossEntropy(logits []float64, k int, labels []int, opts CEOptions) (float64, error) {
	return ceCore("CrossEntropy", nil, nil, logits, k, labels, nil, opts)
}

// CrossEntropyGrad writes ∂CrossEntropy/∂logits (len N·k) to dst (allocated
// if nil) and returns it with [CrossEntropy].
func CrossEntropyGrad(dst, logits []float64, k int, labels []int, opts CEOptions) ([]float64, float64, error) {
	return into(dst, len(logits), func(dst []float64) (float64, error) {
		return ceCore("CrossEntropyGrad", nil, dst, logits, k, labels, nil, opts)
	})
}

// CrossEntropyElems writes the per-sample losses ℓₙ (len N) of
// [CrossEntropy] to dst (allocated if nil) and returns it
// (reduction="none"); opts.Reduction is ignored.
func CrossEntropyElems(dst, logits []float64, k int, labels []int, opts CEOptions) ([]float64, error) {
	return elemsInto(dst, rows(len(logits), k), func(dst []float64) (float64, error) {
		return ceCore("CrossEntropyElems", dst, nil, logits, k, labels, nil, opts)
	})
}

// CrossEntropyProbs returns the softmax cross-entropy of logits against
// probability targets (row-major N×k, entries in [0, 1]), as PyTorch's
// F.cross_entropy with a float target:
//
//	t̃ = (1 − ε)·t + ε/K
//	ℓₙ = −Σ_c w_c·t̃_{n,c}·log p_{n,c};  Mean = Σₙ ℓₙ / N
//
// Gradient: ∂ℓₙ/∂z_{n,c} = p_{n,c}·Σ_j w_j t̃_{n,j} − w_c t̃_{n,c}. Rows need
// not sum to 1 (PyTorch does not require it either).
//
// Minimiser: softmax(z) = t̃ when the rows of t sum to 1. Use it for soft
// labels, mixup and distillation. Reference: PyTorch
// torch.nn.CrossEntropyLoss ("probabilities for each class").
func CrossEntropyProbs(logits []float64, k int, target []float64, opts CEOptions) (float64, error) {
	if target == nil {
		target = []float64{}
	}
	return ceCore("CrossEntropyProbs", nil, nil, logits, k, nil, target, opts)
}

// CrossEntropyProbsGrad writes ∂CrossEntropyProbs/∂logits to dst (allocated
// if nil) and returns it with [CrossEntropyProbs].
func CrossEntropyProbsGrad(dst, logits []float64, k int, target []float64, opts CEOptions) ([]float64, float64, error) {
	dst = alloc(dst, len(logits))
	if target == nil {
		target = []float64{}
	}
	v, err := ceCore("CrossEntropyProbsGrad", nil, dst, logits, k, nil, target, opts)
	return dst, v, err
}

// CrossEntropyProbsElems writes the per-sample losses of
// [CrossEntropyProbs] to dst (allocated if nil) and returns it (len N).
func CrossEntropyProbsElems(dst, logits []float64, k int, target []float64, opts CEOptions) ([]float64, error) {
	dst = alloc(dst, rows(len(logits), k))
	if target == nil {
		target = []float64{}
	}
	_, err := ceCore("CrossEntropyProbsElems", dst, nil, logits, k, nil, target, opts)
	return dst, err
}

func brierCore(fn string, grad, prob []float64, k int, labels []int, opts Options) (float64, error) {
	c := newCheck(fn)
	c.noWeights(opts.Weights)
	c.reduction(opts.Reduction, "BrierElems")
	n := c.rows(k, "prob", prob)
	c.perRow("labels", len(labels), n, "prob")
	if grad != nil {
		c.dstLen("dst", len(grad), len(prob))
	}
	c.inRange("prob", prob, 0, 1)
	c.classes("labels", labels, k)
	if !c.OK() {
		return 0, c.Err
	}
	nf := opts.Reduction.denom(float64(n))
	var s float64
	for i, p := range prob {
		d := p
		if i%k == labels[i/k] {
			d -= 1
		}
		s += d * d
		if grad != nil {
			grad[i] = 2 * d / nf
		}
	}
	return s / nf, nil
}

// Brier returns the multi-class Brier score of probabilities prob (N rows
// of k, entries in [0, 1]) against class indices:
//
//	(1/N) Σₙ Σ_c (p_{n,c} − 1[c = yₙ])²
//
// (sum over classes, mean over samples; it ranges over [0, 2]). For binary
// problems with one probability per sample, the usual Brier score is
// MSE(prob, y). Gradient: 2(p_{n,c} − 1[c = yₙ])/N. Rows are not required
// to sum to 1, so the gradient can be checked coordinate by coordinate.
//
// Minimiser: p = P(y | x): a strictly proper scoring rule, bounded (unlike
// log-loss), so one confident mistake cannot dominate; good for early
// stopping and calibration checks.
// Reference: Brier, "Verification of forecasts expressed in terms of
// probability", Monthly Weather Review 78 (1950). opts.Reduction = Sum
// adds the rows' scores; opts.Weights must be empty.
func Brier(prob []float64, k int, labels []int, opts Options) (float64, error) {
	return brierCore("Brier", nil, prob, k, labels, opts)
}

// BrierGrad writes ∂Brier/∂prob to dst (allocated if nil) and returns it
// with [Brier].
func BrierGrad(dst, prob []float64, k int, labels []int, opts Options) ([]float64, float64, error) {
	return into(dst, len(prob), func(dst []float64) (float64, error) { return brierCore("BrierGrad", dst, prob, k, labels, opts) })
}

// KLDivOptions configures [KLDiv].
type KLDivOptions struct {
	// Weights must be empty: PyTorch's KLDivLoss has no weight (the field is
	// here so that every options struct passes weights the same way).
	Weights []float64
	// LogTarget says the target is given as log-probabilities (PyTorch's
	// log_target=True).
	LogTarget bool
	// Reduction, with PyTorch's names: Mean (the zero value, PyTorch's
	// default "mean") divides the sum by every element, N·k; BatchMean
	// (PyTorch's "batchmean") divides by the N rows and is the true average
	// KL divergence, the one to use; Sum adds everything.
	Reduction Reduction
}

func klCore(fn string, elems, grad, logq []float64, k int, target []float64, opts KLDivOptions) (float64, error) {
	c := newCheck(fn)
	c.noWeights(opts.Weights)
	n := c.rows(k, "logq", logq)
	c.sameLen("logq", len(logq), "target", len(target))
	if elems != nil || grad != nil {
		c.dstLen("dst", max(len(elems), len(grad)), len(logq))
	}
	c.Finite("logq", logq)
	c.logProb("logq", logq)
	if opts.LogTarget {
		c.Finite("target", target)
		c.logProb("target", target)
	} else {
		c.inRange("target", target, 0, 1)
	}
	if elems == nil && opts.Reduction != BatchMean {
		c.reduction(opts.Reduction, fn+"Elems")
	}
	if !c.OK() {
		return 0, c.Err
	}
	d := opts.Reduction.denom(float64(len(logq)))
	if opts.Reduction == BatchMean {
		d = float64(n)
	}
	var s float64
	for i, x := range logq {
		t := target[i]
		var l, g float64
		if opts.LogTarget {
			p := math.Exp(t)
			l, g = p*(t-x), -p
		} else if t > 0 {
			l, g = t*(math.Log(t)-x), -t
		} // t = 0: 0·log 0 = 0 and no gradient (PyTorch's xlogy)
		s = accumulate(s, elems, grad, i, l, g, d)
	}
	return s / d, nil
}

// KLDiv returns the Kullback-Leibler divergence KL(p ‖ q) summed over each
// row, as PyTorch's F.kl_div(logq, target): the input is log q
// (log-probabilities, e.g. from log-softmax; N rows of k) and the target
// is p:
//
//	ℓ_{n,c} = p_{n,c}·(log p_{n,c} − log q_{n,c}),  with 0·log 0 = 0
//
// Reductions follow PyTorch's names: Mean (the zero value) is PyTorch's
// default reduction="mean", the sum divided by all N·k elements; BatchMean
// is reduction="batchmean", the sum divided by the N rows, which is the
// average KL divergence of the definition (PyTorch warns that its "mean"
// does not return it). Gradient: ∂ℓ/∂log q = −p; with respect to the
// target (see [KLDivTargetGrad]) ∂ℓ/∂p = log p + 1 − log q.
//
// Minimiser: q = p; KL ≥ 0 with equality iff q = p (when both rows sum to
// 1). Minimising KL(p ‖ q) over q is cross-entropy minus the entropy of p.
// Use it for distillation and variational inference. Reference: Kullback &
// Leibler, Ann. Math. Statist. 22 (1951); PyTorch torch.nn.KLDivLoss.
func KLDiv(logq []float64, k int, target []float64, opts KLDivOptions) (float64, error) {
	return klCore("KLDiv", nil, nil, logq, k, target, opts)
}

// KLDivGrad writes ∂KLDiv/∂logq to dst (allocated if nil) and returns it
// with [KLDiv].
func KLDivGrad(dst, logq []float64, k int, target []float64, opts KLDivOptions) ([]float64, float64, error) {
	return into(dst, len(logq), func(dst []float64) (float64, error) { return klCore("KLDivGrad", nil, dst, logq, k, target, opts) })
}

// KLDivElems writes the per-element terms ℓ_{n,c} of [KLDiv] to dst
// (allocated if nil) and returns it.
func KLDivElems(dst, logq []float64, k int, target []float64, opts KLDivOptions) ([]float64, error) {
	return elemsInto(dst, len(logq), func(dst []float64) (float64, error) { return klCore("KLDivElems", dst, nil, logq, k, target, opts) })
}

// KL returns the Kullback-Leibler divergence Σᵢ pᵢ log(pᵢ/qᵢ) between two
// discrete distributions (entries in [0, 1], each summing to 1 within
// 1e-9·len). It is +Inf when some qᵢ = 0 < pᵢ (the exact value).
func KL(p, q []float64) (float64, error) {
	c := newCheck("KL")
	c.nonEmpty(len(p))
	c.sameLen("p", len(p), "q", len(q))
	c.inRange("p", p, 0, 1)
	c.inRange("q", q, 0, 1)
	for _, v := range []struct {
		name string
		x    []float64
	}{{"p", p}, {"q", q}} {
		if !c.OK() {
			break
		}
		var s float64
		for _, x := range v.x {
			s += x
		}
		if math.Abs(s-1) > 1e-9*float64(len(v.x)) {
			c.Fail("sum(%s) = %v, want 1", v.name, s)
		}
	}
	if !c.OK() {
		return 0, c.Err
	}
	var s float64
	for i, pi := range p {
		if pi == 0 {
			continue
		}
		if q[i] == 0 {
			return math.Inf(1), nil
		}
		s += pi * (math.Log(pi) - math.Log(q[i]))
	}
	return s, nil
}
