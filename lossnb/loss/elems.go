package loss

import "math"

// This file gives every loss whose core has no per-element output its
// reduction="none" form, XElems(dst, …): the per-element (or per-row)
// values whose Sum is the loss with Sum reduction and whose average is the
// loss with Mean (for the unweighted losses).

// perElem validates the whole call through reduced (which reports errors
// with the XElems function's name), then writes f(i) for i < n to dst.
func perElem(fn string, dst []float64, n int, reduced func(c *check) float64, f func(i int) float64) ([]float64, error) {
	c := newCheck(fn)
	reduced(&c)
	if !c.OK() {
		return dst, c.Err
	}
	dst = alloc(dst, n)
	if len(dst) != n {
		c.Fail("len(dst) = %d, want %d", len(dst), n)
		return dst, c.Err
	}
	for i := range n {
		dst[i] = f(i)
	}
	return dst, nil
}

// renamed re-labels the error of a call made on behalf of fn, so that its
// message names fn.
func renamed(c *check, err error, inner string) {
	if err != nil && c.Err == nil {
		msg := err.Error()
		pre := "loss." + inner + ": "
		if len(msg) >= len(pre) && msg[:len(pre)] == pre {
			msg = msg[len(pre):]
		}
		c.Fail("%s", msg)
	}
}

// MarginRankingElems writes the per-pair losses of [MarginRanking],
// max(0, −yᵢ(x1ᵢ − x2ᵢ) + margin), to dst (allocated if nil) and returns it.
func MarginRankingElems(dst, x1, x2, y []float64, margin float64, opts Options) ([]float64, error) {
	opts.Reduction = Sum
	return perElem("MarginRankingElems", dst, len(x1), func(c *check) float64 {
		v, err := MarginRanking(x1, x2, y, margin, opts)
		renamed(c, err, "MarginRanking")
		return v
	}, func(i int) float64 { return relu(-y[i]*(x1[i]-x2[i]) + margin) })
}

// TripletMarginElems writes the per-triplet losses of [TripletMargin] (len
// N) to dst (allocated if nil) and returns it.
func TripletMarginElems(dst, anchor, positive, negative []float64, dim int, margin float64, opts Options) ([]float64, error) {
	return elemsInto(dst, rows(len(anchor), dim), func(dst []float64) (float64, error) {
		return tripletDistCore("TripletMarginElems", dst, nil, nil, nil, anchor, positive, negative, dim, margin, TripletOptions{Weights: opts.Weights})
	})
}

// CosineEmbeddingElems writes the per-pair losses of [CosineEmbedding]
// (len N) to dst (allocated if nil) and returns it.
func CosineEmbeddingElems(dst, x1, x2 []float64, dim int, y []float64, margin float64, opts Options) ([]float64, error) {
	return pairElems("CosineEmbedding", CosineEmbedding, dst, x1, x2, dim, y, margin, opts)
}

// ContrastiveElems writes the per-pair losses of [Contrastive] (len N) to
// dst (allocated if nil) and returns it.
func ContrastiveElems(dst, x1, x2 []float64, dim int, similar []float64, margin float64, opts Options) ([]float64, error) {
	return pairElems("Contrastive", Contrastive, dst, x1, x2, dim, similar, margin, opts)
}

// pairElems is XElems for a loss on N pairs of dim-dimensional rows with
// one label per pair (CosineEmbedding, Contrastive): the loss of each pair
// alone, with Sum reduction.
func pairElems(name string, f func(x1, x2 []float64, dim int, y []float64, margin float64, opts Options) (float64, error),
	dst, x1, x2 []float64, dim int, y []float64, margin float64, opts Options) ([]float64, error) {
	opts.Reduction = Sum
	n := 0
	if dim > 0 {
		n = len(x1) / dim
	}
	return perElem(name+"Elems", dst, n, func(c *check) float64 {
		v, err := f(x1, x2, dim, y, margin, opts)
		renamed(c, err, name)
		return v
	}, func(i int) float64 {
		v, _ := f(x1[i*dim:(i+1)*dim], x2[i*dim:(i+1)*dim], dim, y[i:i+1], margin, opts)
		return v
	})
}

// nllElems is the per-element form of the elementwise NLLs with a
// broadcast third slice.
func nllElems(fn, inner string, dst, pred, target, scale []float64, opts NLLOptions,
	f func(pred, target, scale []float64, opts NLLOptions) (float64, error)) ([]float64, error) {
	opts.Reduction = Sum
	return perElem(fn, dst, len(pred), func(c *check) float64 {
		v, err := f(pred, target, scale, opts)
		renamed(c, err, inner)
		return v
	}, func(i int) float64 {
		var s []float64
		if scale != nil {
			j := i % len(scale)
			s = scale[j : j+1]
		}
		v, _ := f(pred[i:i+1], target[i:i+1], s, opts)
		return v
	})
}

// GaussianNLLElems writes the per-element losses of [GaussianNLL] to dst
// (allocated if nil) and returns it; opts.Reduction is ignored.
func GaussianNLLElems(dst, pred, target, variance []float64, opts NLLOptions) ([]float64, error) {
	return nllElems("GaussianNLLElems", "GaussianNLL", dst, pred, target, variance, opts, GaussianNLL)
}

// LaplaceNLLElems writes the per-element losses of [LaplaceNLL] to dst
// (allocated if nil) and returns it.
func LaplaceNLLElems(dst, pred, target, scale []float64, opts NLLOptions) ([]float64, error) {
	return nllElems("LaplaceNLLElems", "LaplaceNLL", dst, pred, target, scale, opts, LaplaceNLL)
}

// StudentTNLLElems writes the per-element losses of [StudentTNLL] to dst
// (allocated if nil) and returns it.
func StudentTNLLElems(dst, pred, target, scale []float64, nu float64, opts NLLOptions) ([]float64, error) {
	return nllElems("StudentTNLLElems", "StudentTNLL", dst, pred, target, scale, opts,
		func(p, y, s []float64, o NLLOptions) (float64, error) { return StudentTNLL(p, y, s, nu, o) })
}

// PoissonNLLElems writes the per-element losses of [PoissonNLL] to dst
// (allocated if nil) and returns it.
func PoissonNLLElems(dst, rate, target []float64, opts NLLOptions) ([]float64, error) {
	return nllElems("PoissonNLLElems", "PoissonNLL", dst, rate, target, nil, opts,
		func(p, y, _ []float64, o NLLOptions) (float64, error) { return PoissonNLL(p, y, o) })
}

// PoissonNLLLogElems writes the per-element losses of [PoissonNLLLog] to
// dst (allocated if nil) and returns it.
func PoissonNLLLogElems(dst, logRate, target []float64, opts NLLOptions) ([]float64, error) {
	return nllElems("PoissonNLLLogElems", "PoissonNLLLog", dst, logRate, target, nil, opts,
		func(p, y, _ []float64, o NLLOptions) (float64, error) { return PoissonNLLLog(p, y, o) })
}

// CategoricalNLLElems writes the per-row losses −w_{yₙ}·logp_{n,yₙ} of
// [CategoricalNLL] (len N; 0 for an ignored row) to dst (allocated if nil)
// and returns it.
func CategoricalNLLElems(dst, logp []float64, k int, labels []int, opts CEOptions) ([]float64, error) {
	opts.Reduction = Sum
	n := 0
	if k > 0 {
		n = len(logp) / k
	}
	ign := opts.ignoreIndex()
	return perElem("CategoricalNLLElems", dst, n, func(c *check) float64 {
		v, err := CategoricalNLL(logp, k, labels, opts)
		renamed(c, err, "CategoricalNLL")
		return v
	}, func(i int) float64 {
		y := labels[i]
		if y == ign {
			return 0
		}
		w := 1.0
		if opts.Weights != nil {
			w = opts.Weights[y]
		}
		return -w * logp[i*k+y]
	})
}

// BrierElems writes the per-row Brier scores Σ_c (p_{n,c} − 1[c = yₙ])² (len
// N) of [Brier] to dst (allocated if nil) and returns it; their mean is
// Brier.
func BrierElems(dst, prob []float64, k int, labels []int, opts Options) ([]float64, error) {
	opts.Reduction = Sum
	n := 0
	if k > 0 {
		n = len(prob) / k
	}
	return perElem("BrierElems", dst, n, func(c *check) float64 {
		v, err := Brier(prob, k, labels, opts)
		renamed(c, err, "Brier")
		return v
	}, func(i int) float64 {
		var s float64
		for j, p := range prob[i*k : (i+1)*k] {
			if j == labels[i] {
				p--
			}
			s += p * p
		}
		return s
	})
}

// InfoNCEElems writes the per-query losses −log softmax(qᵢ·K/τ)ᵢ (len N)
// of [InfoNCE] to dst (allocated if nil) and returns it; their mean is InfoNCE.
func InfoNCEElems(dst, query, keys []float64, dim int, temperature float64, opts Options) ([]float64, error) {
	opts.Reduction = Sum
	n := 0
	if dim > 0 {
		n = len(query) / dim
	}
	row, lp := make([]float64, n), make([]float64, n)
	scaled := false
	return perElem("InfoNCEElems", dst, n, func(c *check) float64 {
		v, err := InfoNCE(query, keys, dim, temperature, opts)
		renamed(c, err, "InfoNCE")
		scaled = err == nil && mayOverflow(query, keys, dim, temperature)
		return v
	}, func(i int) float64 {
		q := query[i*dim : (i+1)*dim]
		if scaled { // as InfoNCE: scores that may overflow, divided by F
			logSoftmaxScaled(lp, row, scaledScores(row, q, keys, dim, temperature))
			return -lp[i]
		}
		for j := range n {
			row[j] = dot(q, keys[j*dim:(j+1)*dim]) / temperature
		}
		logSoftmax(lp, row)
		return -lp[i]
	})
}

// AlignmentElems writes the per-pair terms ‖xᵢ − yᵢ‖^α (len N) of
// [Alignment] to dst (allocated if nil) and returns it; their mean is
// Alignment.
func AlignmentElems(dst, x, y []float64, dim int, alpha float64, opts Options) ([]float64, error) {
	opts.Reduction = Sum
	n := 0
	if dim > 0 {
		n = len(x) / dim
	}
	return perElem("AlignmentElems", dst, n, func(c *check) float64 {
		v, err := Alignment(x, y, dim, alpha, opts)
		renamed(c, err, "Alignment")
		return v
	}, func(i int) float64 {
		var d2 float64
		for t := range dim {
			u := x[i*dim+t] - y[i*dim+t]
			d2 += u * u
		}
		return math.Pow(math.Sqrt(d2), alpha)
	})
}
