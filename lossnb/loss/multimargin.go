package loss

// This file holds PyTorch's hinge-type losses on class scores and on
// distances: HingeEmbeddingLoss, MultiMarginLoss, MultiLabelMarginLoss and
// MultiLabelSoftMarginLoss. Their subgradients at a kink are PyTorch's, not
// the midpoints used by the pointwise [Margin] types: each doc comment says
// which one-sided slope is taken, so that gradients match PyTorch's to the
// last digit.

func hingeEmbeddingCore(fn string, elems, grad, x, y []float64, margin float64, opts Options) (float64, error) {
	c := newCheck(fn)
	red := opts.Reduction
	c.noWeights(opts.Weights)
	n := len(x)
	c.nonEmpty(n)
	c.sameLen("x", n, "y", len(y))
	if elems != nil || grad != nil {
		c.dstLen("dst", max(len(elems), len(grad)), n)
	}
	c.Finite("x", x)
	c.signs("y", y)
	c.scalarFinite("margin", margin)
	d := c.denom(red, n, elems)
	if !c.OK() {
		return 0, c.Err
	}
	var s float64
	for i, v := range x {
		var l, g float64
		if y[i] == 1 {
			l, g = v, 1
		} else {
			l = relu(margin - v)
			if margin-v >= 0 { // clamp_min passes the gradient at the kink
				g = -1
			}
		}
		s = accumulate(s, elems, grad, i, l, g, d)
	}
	return s / d, nil
}

// HingeEmbedding returns PyTorch's F.hinge_embedding_loss(x, y, margin) for
// inputs x (typically distances between the two members of a pair) and
// labels y ∈ {−1, +1}:
//
//	ℓᵢ = xᵢ                     if yᵢ = +1
//	ℓᵢ = max(0, margin − xᵢ)    if yᵢ = −1
//
// PyTorch's default margin is 1. x may be negative, as in PyTorch, and
// the loss is then negative where y = +1. Gradient: 1 for y = +1; −1 for y = −1
// where xᵢ ≤ margin, 0 beyond. At the kink xᵢ = margin the slope is −1,
// PyTorch's (its clamp_min passes the gradient where the argument is ≥ 0;
// aten/src/ATen/native/Loss.cpp, hinge_embedding_loss).
//
// Minimiser: small x for similar pairs, x ≥ margin for dissimilar ones.
// Use it for learning nonlinear embeddings or semi-supervised learning
// from pairwise (dis)similarity. Reference: PyTorch
// torch.nn.HingeEmbeddingLoss; Hadsell, Chopra & LeCun, CVPR 2006.
func HingeEmbedding(x, y []float64, margin float64, opts Options) (float64, error) {
	return hingeEmbeddingCore("HingeEmbedding", nil, nil, x, y, margin, opts)
}

// HingeEmbeddingGrad writes ∂HingeEmbedding/∂x to dst (allocated if nil) and
// returns it with [HingeEmbedding].
func HingeEmbeddingGrad(dst, x, y []float64, margin float64, opts Options) ([]float64, float64, error) {
	return into(dst, len(x), func(dst []float64) (float64, error) {
		return hingeEmbeddingCore("HingeEmbeddingGrad", nil, dst, x, y, margin, opts)
	})
}

// HingeEmbeddingElems writes the per-element losses ℓᵢ of [HingeEmbedding]
// to dst (allocated if nil) and returns it (reduction="none").
func HingeEmbeddingElems(dst, x, y []float64, margin float64, opts Options) ([]float64, error) {
	return elemsInto(dst, len(x), func(dst []float64) (float64, error) {
		return hingeEmbeddingCore("HingeEmbeddingElems", dst, nil, x, y, margin, opts)
	})
}

// MultiMarginOptions configures [MultiMargin]. The zero value is PyTorch's
// default (p = 1, no weights, mean).
type MultiMarginOptions struct {
	// P is the exponent of each hinge term, 1 or 2; 0 means 1 (PyTorch's
	// default p = 1).
	P int
	// Weights are per-class weights w_c ≥ 0, nil (all 1) or length k.
	// Each row's terms are multiplied by the weight of its label.
	Weights []float64
	// Reduction: Mean (Σℓₙ/N, not weight-normalised, as PyTorch) or Sum.
	Reduction Reduction
}

func multiMarginCore(fn string, elems, grad, logits []float64, k int, labels []int, margin float64, opts MultiMarginOptions) (float64, error) {
	c := newCheck(fn)
	n := c.rows(k, "logits", logits)
	c.perRow("labels", len(labels), n, "logits")
	c.dsts(elems, n, grad, len(logits))
	c.Finite("logits", logits)
	c.classes("labels", labels, k)
	c.scalarFinite("margin", margin)
	p := opts.P
	if p == 0 {
		p = 1
	}
	if c.OK() && p != 1 && p != 2 {
		c.Fail("opts.P = %d, want 1 or 2 (0 means PyTorch's default 1)", opts.P)
	}
	if opts.Weights != nil {
		c.lenIs("opts.Weights", len(opts.Weights), k)
		c.nonNeg("opts.Weights", opts.Weights)
	}
	d := c.denom(opts.Reduction, n, elems)
	if !c.OK() {
		return 0, c.Err
	}
	kf := float64(k)
	var s float64
	for i := range n {
		z := logits[i*k : (i+1)*k]
		y := labels[i]
		w := 1.0
		if opts.Weights != nil {
			w = opts.Weights[y]
		}
		var l, gy float64
		for j, v := range z {
			if j == y {
				continue
			}
			// PyTorch's kernel (aten/src/ATen/native/LossMultiMargin.cpp)
			// counts a term only where z > 0: the slope at the kink is 0.
			h := margin - z[y] + v
			var g float64
			if h > 0 {
				if p == 1 {
					l += h
					g = 1
				} else {
					l += h * h
					g = 2 * h
				}
			}
			if grad != nil {
				g *= w / kf / d
				grad[i*k+j] = g
				gy -= g
			}
		}
		if grad != nil {
			grad[i*k+y] = gy
		}
		l *= w / kf
		s += l
		if elems != nil {
			elems[i] = l
		}
	}
	return s / d, nil
}

// MultiMargin returns PyTorch's F.multi_margin_loss(logits, labels, p,
// margin, weight), the multi-class hinge loss of Weston & Watkins as
// PyTorch normalises it, on N rows of k class scores:
//
//	ℓₙ = (w_{yₙ}/k) Σ_{c ≠ yₙ} max(0, margin − z_{n,yₙ} + z_{n,c})^p,  p ∈ {1, 2}
//
// PyTorch's defaults are p = 1, margin = 1. Mean is Σₙ ℓₙ / N, even with
// weights. Gradient: ∂ℓₙ/∂z_{n,c} = (w_{yₙ}/k)·p·h^{p−1} for each active
// term h = margin − z_{yₙ} + z_c > 0, and minus their sum at c = yₙ. A term
// exactly at its kink (h = 0) contributes slope 0, as PyTorch's kernel.
//
// Minimiser: scores where the true class beats every other by at least
// margin. Use it for multi-class SVMs on top of a network. Reference:
// PyTorch torch.nn.MultiMarginLoss; Weston & Watkins, "Support vector
// machines for multi-class pattern recognition", ESANN 1999.
func MultiMargin(logits []float64, k int, labels []int, margin float64, opts MultiMarginOptions) (float64, error) {
	return multiMarginCore("MultiMargin", nil, nil, logits, k, labels, margin, opts)
}

// MultiMarginGrad writes ∂MultiMargin/∂logits (len N·k) to dst (allocated if
// nil) and returns it with [MultiMargin].
func MultiMarginGrad(dst, logits []float64, k int, labels []int, margin float64, opts MultiMarginOptions) ([]float64, float64, error) {
	return into(dst, len(logits), func(dst []float64) (float64, error) {
		return multiMarginCore("MultiMarginGrad", nil, dst, logits, k, labels, margin, opts)
	})
}

// MultiMarginElems writes the per-row losses ℓₙ (len N) of [MultiMargin]
// to dst (allocated if nil) and returns it; opts.Reduction is ignored.
func MultiMarginElems(dst, logits []float64, k int, labels []int, margin float64, opts MultiMarginOptions) ([]float64, error) {
	return elemsInto(dst, rows(len(logits), k), func(dst []float64) (float64, error) {
		return multiMarginCore("MultiMarginElems", dst, nil, logits, k, labels, margin, opts)
	})
}

func multiLabelMarginCore(fn string, elems, grad, logits []float64, k int, target []int, opts Options) (float64, error) {
	c := newCheck(fn)
	red := opts.Reduction
	c.noWeights(opts.Weights)
	n := c.rows(k, "logits", logits)
	c.sameLen("logits", len(logits), "target", len(target))
	c.dsts(elems, n, grad, len(logits))
	c.Finite("logits", logits)
	if c.OK() {
		for i, v := range target {
			if v < -1 || v >= k {
				c.Fail("target[%d] = %d, want a class in [0, %d) or -1 (end of the row's labels)", i, v, k)
				break
			}
		}
	}
	d := c.denom(red, n, elems)
	if !c.OK() {
		return 0, c.Err
	}
	kf := float64(k)
	isTarget := make([]bool, k)
	var s float64
	for i := range n {
		z := logits[i*k : (i+1)*k]
		t := target[i*k : (i+1)*k]
		for j := range isTarget {
			isTarget[j] = false
		}
		m := 0 // labels before the first −1
		for m < k && t[m] >= 0 {
			isTarget[t[m]] = true
			m++
		}
		var g []float64
		if grad != nil {
			g = grad[i*k : (i+1)*k]
			for j := range g {
				g[j] = 0
			}
		}
		var l float64
		for _, yj := range t[:m] {
			for c2, v := range z {
				if isTarget[c2] {
					continue
				}
				// As PyTorch's kernel (aten/src/ATen/native/LossMultiLabelMargin.cpp):
				// only z > 0 counts, so the slope at the kink is 0.
				h := 1 - z[yj] + v
				if h > 0 {
					l += h
					if g != nil {
						g[yj] -= 1 / kf / d
						g[c2] += 1 / kf / d
					}
				}
			}
		}
		l /= kf
		s += l
		if elems != nil {
			elems[i] = l
		}
	}
	return s / d, nil
}

// MultiLabelMargin returns PyTorch's F.multilabel_margin_loss(logits,
// target), a multi-label hinge loss on N rows of k scores. target has the
// same shape as logits and lists each row's labels first, ended by −1
// (PyTorch's format: [3, 0, −1, 1] means labels {3, 0}; the entries after
// the first −1 are ignored):
//
//	ℓₙ = Σ_{j ∈ Yₙ} Σ_{c ∉ Yₙ} max(0, 1 − (z_{n,j} − z_{n,c})) / k
//
// Gradient: for each active term, −1/k at j and +1/k at c; a term exactly
// at its kink contributes 0, as PyTorch's kernel. A label listed twice
// counts twice (as in PyTorch).
//
// Minimiser: every label's score at least 1 above every non-label's. Use
// it for multi-label classification as a ranking of labels above
// non-labels. Reference: PyTorch torch.nn.MultiLabelMarginLoss.
func MultiLabelMargin(logits []float64, k int, target []int, opts Options) (float64, error) {
	return multiLabelMarginCore("MultiLabelMargin", nil, nil, logits, k, target, opts)
}

// MultiLabelMarginGrad writes ∂MultiLabelMargin/∂logits to dst (allocated if
// nil) and returns it with [MultiLabelMargin].
func MultiLabelMarginGrad(dst, logits []float64, k int, target []int, opts Options) ([]float64, float64, error) {
	return into(dst, len(logits), func(dst []float64) (float64, error) {
		return multiLabelMarginCore("MultiLabelMarginGrad", nil, dst, logits, k, target, opts)
	})
}

// MultiLabelMarginElems writes the per-row losses (len N) of
// [MultiLabelMargin] to dst (allocated if nil) and returns it.
func MultiLabelMarginElems(dst, logits []float64, k int, target []int, opts Options) ([]float64, error) {
	return elemsInto(dst, rows(len(logits), k), func(dst []float64) (float64, error) {
		return multiLabelMarginCore("MultiLabelMarginElems", dst, nil, logits, k, target, opts)
	})
}

// MultiLabelSoftMarginOptions configures [MultiLabelSoftMargin]; the zero
// value is PyTorch's default (no weights, mean).
type MultiLabelSoftMarginOptions struct {
	// Weights are per-class weights w_c ≥ 0, nil (all 1) or length k.
	Weights []float64
	// Reduction: Mean (Σℓₙ/N) or Sum.
	Reduction Reduction
}

func multiLabelSoftMarginCore(fn string, elems, grad, logits []float64, k int, target []float64, opts MultiLabelSoftMarginOptions) (float64, error) {
	c := newCheck(fn)
	n := c.rows(k, "logits", logits)
	c.sameLen("logits", len(logits), "target", len(target))
	c.dsts(elems, n, grad, len(logits))
	c.Finite("logits", logits)
	c.inRange("target", target, 0, 1)
	if opts.Weights != nil {
		c.lenIs("opts.Weights", len(opts.Weights), k)
		c.nonNeg("opts.Weights", opts.Weights)
	}
	d := c.denom(opts.Reduction, n, elems)
	if !c.OK() {
		return 0, c.Err
	}
	kf := float64(k)
	var s float64
	for i := range n {
		var l float64
		for j := range k {
			x, y := logits[i*k+j], target[i*k+j]
			w := 1.0
			if opts.Weights != nil {
				w = opts.Weights[j]
			}
			// −y log σ(x) − (1 − y) log σ(−x), with one exp for both.
			spPos, spNeg, sg, _ := softplusBoth(x)
			l += w * ((1-y)*spPos + y*spNeg)
			if grad != nil {
				grad[i*k+j] = w * (sg - y) / kf / d
			}
		}
		l /= kf
		s += l
		if elems != nil {
			elems[i] = l
		}
	}
	return s / d, nil
}

// MultiLabelSoftMargin returns PyTorch's F.multilabel_soft_margin_loss
// (logits, target, weight) on N rows of k logits with targets in [0, 1]:
// the per-class binary cross-entropy averaged over the k classes,
//
//	ℓₙ = −(1/k) Σ_c w_c [ y_{n,c} log σ(z_{n,c}) + (1 − y_{n,c}) log σ(−z_{n,c}) ]
//
// computed with softplus, so logits of ±1e4 are exact. Gradient:
// w_c(σ(z) − y)/k. With Mean it equals [BCEWithLogits] with the same
// per-class weights (Mean over all N·k elements).
//
// Minimiser: σ(z_{n,c}) = P(label c | x). Use it for multi-label
// classification. Reference: PyTorch torch.nn.MultiLabelSoftMarginLoss.
func MultiLabelSoftMargin(logits []float64, k int, target []float64, opts MultiLabelSoftMarginOptions) (float64, error) {
	return multiLabelSoftMarginCore("MultiLabelSoftMargin", nil, nil, logits, k, target, opts)
}

// MultiLabelSoftMarginGrad writes ∂MultiLabelSoftMargin/∂logits to dst
// (allocated if nil) and returns it with [MultiLabelSoftMargin].
func MultiLabelSoftMarginGrad(dst, logits []float64, k int, target []float64, opts MultiLabelSoftMarginOptions) ([]float64, float64, error) {
	return into(dst, len(logits), func(dst []float64) (float64, error) {
		return multiLabelSoftMarginCore("MultiLabelSoftMarginGrad", nil, dst, logits, k, target, opts)
	})
}

// MultiLabelSoftMarginElems writes the per-row losses ℓₙ (len N) of
// [MultiLabelSoftMargin] to dst (allocated if nil) and returns it;
// opts.Reduction is ignored.
func MultiLabelSoftMarginElems(dst, logits []float64, k int, target []float64, opts MultiLabelSoftMarginOptions) ([]float64, error) {
	return elemsInto(dst, rows(len(logits), k), func(dst []float64) (float64, error) {
		return multiLabelSoftMarginCore("MultiLabelSoftMarginElems", dst, nil, logits, k, target, opts)
	})
}
