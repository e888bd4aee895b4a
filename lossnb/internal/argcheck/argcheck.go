// Package argcheck holds the argument check of lossnb's math packages (loss,
// fit): a Check collects the first input error of one call, so that every
// message has the same shape, "<pkg>.<Func>: <argument> <problem>" (the
// function, the argument and the value). Each package embeds Check in its own
// type and adds the checks only it needs.
//
// It imports only the standard library: it may not import any lossnb package.
package argcheck

import (
	"errors"
	"fmt"
	"math"
)

// Check collects the first input error of a call to Pkg.Fn.
type Check struct {
	Pkg string // the package, "loss"
	Fn  string // the function, "Huber" (or "Type.Method")
	Err error  // the first failure, nil while every check passed
}

// Fail records "Pkg.Fn: " and the formatted problem, unless an error is
// already recorded.
func (c *Check) Fail(format string, args ...any) {
	if c.Err == nil {
		c.Err = errors.New(c.Pkg + "." + c.Fn + ": " + fmt.Sprintf(format, args...))
	}
}

// Wrap records an error that wraps sentinel (for errors.Is), with the same
// prefix as Fail, unless an error is already recorded.
func (c *Check) Wrap(sentinel error, format string, args ...any) {
	if c.Err == nil {
		c.Err = fmt.Errorf("%s.%s: %w: %s", c.Pkg, c.Fn, sentinel, fmt.Sprintf(format, args...))
	}
}

// OK reports whether every check so far passed.
func (c *Check) OK() bool { return c.Err == nil }

// BadFloat describes a non-finite value ("NaN", "+Inf", "-Inf"), or returns "".
func BadFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return ""
}

// FiniteVal fails on a NaN or infinite element name[i] = v and reports
// whether v is finite.
func (c *Check) FiniteVal(name string, i int, v float64) bool {
	if b := BadFloat(v); b != "" {
		c.Fail("%s[%d] is %s", name, i, b)
		return false
	}
	return true
}

// AllFinite reports whether every element of x is finite, without a branch
// per element: v − v is 0 for finite v and NaN for ±Inf and NaN.
func AllFinite(x []float64) bool {
	var a0, a1, a2, a3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		a0 += x[i] - x[i]
		a1 += x[i+1] - x[i+1]
		a2 += x[i+2] - x[i+2]
		a3 += x[i+3] - x[i+3]
	}
	for ; i < len(x); i++ {
		a0 += x[i] - x[i]
	}
	return a0+a1+a2+a3 == 0
}

// Finite requires every element of x to be finite; it names the first that
// is not.
func (c *Check) Finite(name string, x []float64) {
	if c.Err != nil || AllFinite(x) {
		return
	}
	for i, v := range x {
		if !c.FiniteVal(name, i, v) {
			return
		}
	}
}
