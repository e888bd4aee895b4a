package loss

import "github.com/lossnb/lossnb/lossnb/internal/enum"

// Reduction says how per-element losses are combined into one number.
// The zero value is Mean, PyTorch's default.
type Reduction int

const (
	// Mean averages the per-element losses. With weights, see each function
	// for the denominator (package doc, "Reduction").
	Mean Reduction = iota
	// Sum adds the per-element losses.
	Sum
	// None is PyTorch's reduction="none". Functions that return one number
	// reject it; use the XElems variant for per-element values.
	None
	// BatchMean is PyTorch's reduction="batchmean" of F.kl_div: the sum
	// divided by the number of rows N (the mathematical average KL
	// divergence), where Mean divides by every element, N·k. Only [KLDiv]
	// accepts it.
	BatchMean
)

// String returns "Mean", "Sum", "None" or "BatchMean".
func (r Reduction) String() string { return enum.Name(reductionNames, 0, "Reduction", int(r)) }

var reductionNames = []string{"Mean", "Sum", "None", "BatchMean"}

// denom returns the divisor of a reduction: n for Mean, 1 for Sum.
func (r Reduction) denom(n float64) float64 {
	if r == Sum {
		return 1
	}
	return n
}

// Options are the reduction and weights of the losses that have no
// options of their own (the regression and margin families, the ranking
// and embedding losses, the generic [Reduce], [Grad] and [Elems]). Every
// options struct of the package has these two fields, with the same
// meaning; the zero value is PyTorch's default: Mean, no weights.
type Options struct {
	// Weights rescales each element's (or row's) loss, nil for none;
	// elements ≥ 0. A loss whose PyTorch form has no weight refuses
	// non-empty Weights with an error naming opts.Weights, unless its doc
	// says otherwise.
	Weights []float64
	// Reduction is Mean (the zero value) or Sum; the XElems functions
	// ignore it (they are reduction="none").
	Reduction Reduction
}

// noWeights refuses opts.Weights for a loss that does not take them.
func (c *check) noWeights(w []float64) {
	if c.Err == nil && len(w) > 0 {
		c.Fail("opts.Weights has %d elements, want none (this loss takes no weights)", len(w))
	}
}

// alloc returns dst, or a new slice of length n when dst is nil (gonum's
// convention: a nil destination is allocated).
func alloc(dst []float64, n int) []float64 {
	if dst == nil {
		return make([]float64, n)
	}
	return dst
}

// accumulate returns s + l, the running sum of per-element losses, after storing the
// loss l of element i in elems[i] and its derivative over the denominator, g/d, in
// grad[i], each where it is asked for (not nil).
func accumulate(s float64, elems, grad []float64, i int, l, g, d float64) float64 {
	if elems != nil {
		elems[i] = l
	}
	if grad != nil {
		grad[i] = g / d
	}
	return s + l
}

// into allocates dst (n values) if it is nil and runs core on it: the body of
// every XGrad (dst the gradient) and, through elemsInto, of every XElems.
func into(dst []float64, n int, core func(dst []float64) (float64, error)) ([]float64, float64, error) {
	dst = alloc(dst, n)
	v, err := core(dst)
	return dst, v, err
}

// into2 is into for the two gradients of a loss with two inputs (a and b values).
func into2(da []float64, na int, db []float64, nb int, core func(da, db []float64) (float64, error)) ([]float64, []float64, float64, error) {
	da, db = alloc(da, na), alloc(db, nb)
	v, err := core(da, db)
	return da, db, v, err
}

// elemsInto is into for per-element values (the reduced value is not returned).
func elemsInto(dst []float64, n int, core func(dst []float64) (float64, error)) ([]float64, error) {
	dst, _, err := into(dst, n, core)
	return dst, err
}

// rows returns n/width, or 0 for a width < 1 (which the caller refuses).
func rows(n, width int) int {
	if width < 1 {
		return 0
	}
	return n / width
}
