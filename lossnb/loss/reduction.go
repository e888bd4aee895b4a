package loss

import "strconv"

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
func (r Reduction) String() string {
	switch r {
	case Mean:
		return "Mean"
	case Sum:
		return "Sum"
	case None:
		return "None"
	case BatchMean:
		return "BatchMean"
	}
	return "Reduction(" + strconv.Itoa(int(r)) + ")"
}

// denom returns the divisor of a reduction: n for Mean, 1 for Sum.
func (r Reduction) denom(n float64) float64 {
	if r == Sum {
		return 1
	}
	return n
}
