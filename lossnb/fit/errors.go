package fit

import (
	"errors"
	"math"
	"strings"

	"github.com/lossnb/lossnb/lossnb/internal/argcheck"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// Sentinel errors, wrapped by the errors the fitting functions return, so a
// caller can test for a category with errors.Is while the message still names
// the function, the argument and the value.
var (
	// ErrNotConverged is wrapped when an iterative fit stopped before its
	// convergence test passed. The partial Result is returned with it.
	ErrNotConverged = errors.New("did not converge")
	// ErrSingular is wrapped when the design matrix (with its intercept
	// column) does not have full column rank on the points with weight > 0.
	ErrSingular = errors.New("singular design")
	// ErrSeparable is wrapped when a classification loss that is positive
	// everywhere (logistic, exponential) has no finite minimiser because the
	// classes are linearly separable.
	ErrSeparable = errors.New("classes are linearly separable: no finite optimum")
)

// check accumulates the first validation error of a call, prefixed with the
// function name: argcheck.Check (Fail, Wrap, OK, Finite), shared with package
// loss, plus the checks of fits.
type check struct{ argcheck.Check }

// newCheck starts the checks of fit.<fn>.
func newCheck(fn string) check { return check{argcheck.Check{Pkg: "fit", Fn: fn}} }

// matrix checks a [][]float64 with n rows of equal width and returns the width.
func (c *check) matrix(name string, x [][]float64) int {
	if len(x) == 0 {
		return 0
	}
	p := len(x[0])
	for i, row := range x {
		if len(row) != p {
			c.Fail("len(%s[%d]) = %d, want %d (the width of %s[0])", name, i, len(row), p, name)
			return p
		}
		for j, v := range row {
			if s := argcheck.BadFloat(v); s != "" {
				c.Fail("%s[%d][%d] is %s", name, i, j, s)
				return p
			}
		}
	}
	return p
}

// regLoss requires a non-nil loss whose parameters its constructor accepts
// (a literal such as loss.Huber{Delta: -1} gave a negative loss and
// wrong fits). name is the argument, "l" or "losses[k]".
func (c *check) regLoss(name string, l any) {
	if c.Err != nil {
		return
	}
	if err := loss.Validate(l); err != nil {
		c.Fail("%s%s", name, strings.TrimPrefix(err.Error(), "loss.Validate: l"))
	}
}

// maxData bounds |x| and |y|: the fits form squares and cross-products of
// the data (XᵀWX, r²), which overflow for entries near 1e154; a tighter
// 1e150 leaves room for sums over points.
const maxData = 1e150

// boundedRows requires |v| ≤ maxData for every entry of a matrix.
func (c *check) boundedRows(name string, x [][]float64) {
	for i, row := range x {
		for j, v := range row {
			if c.Err == nil && math.Abs(v) > maxData {
				c.Fail("%s[%d][%d] = %v, want |%s| ≤ %v (squares of the data must not overflow: rescale it)", name, i, j, v, name, maxData)
				return
			}
		}
	}
}

// bounded requires |v| ≤ maxData for every element.
func (c *check) bounded(name string, v []float64) {
	for i, x := range v {
		if c.Err == nil && math.Abs(x) > maxData {
			c.Fail("%s[%d] = %v, want |%s| ≤ %v (squares of the data must not overflow: rescale it)", name, i, x, name, maxData)
			return
		}
	}
}

// weights checks sample weights: nil, or n finite values ≥ 0 with a positive sum.
func (c *check) weights(w []float64, n int) {
	if w == nil {
		return
	}
	if len(w) != n {
		c.Fail("len(Options.Weights) = %d, want %d (one per point)", len(w), n)
		return
	}
	var s float64
	for i, v := range w {
		if b := argcheck.BadFloat(v); b != "" {
			c.Fail("Options.Weights[%d] is %s", i, b)
			return
		}
		if v < 0 {
			c.Fail("Options.Weights[%d] = %v, want ≥ 0", i, v)
			return
		}
		s += v
	}
	if s == 0 {
		c.Fail("Options.Weights sum to 0")
	}
}
