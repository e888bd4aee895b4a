// Package num holds the small numerical helpers that several lossnb packages
// share (grids, the median, golden-section search), so that each is written once.
// The numerically careful sigmoid and softplus live in package loss
// (loss.Sigmoid, loss.Softplus); num imports only the standard library and gonum.
package num

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
)

// Span returns n evenly spaced values from lo to hi inclusive (floats.Span).
func Span(lo, hi float64, n int) []float64 { return floats.Span(make([]float64, n), lo, hi) }

// Nearest returns the index of the value in xs closest to x (the first on a tie).
func Nearest(xs []float64, x float64) int {
	best := 0
	for i, v := range xs {
		if math.Abs(v-x) < math.Abs(xs[best]-x) {
			best = i
		}
	}
	return best
}

// Clip returns a copy of ys with every value limited to [lo, hi].
func Clip(ys []float64, lo, hi float64) []float64 {
	out := make([]float64, len(ys))
	for i, y := range ys {
		out[i] = math.Max(lo, math.Min(hi, y))
	}
	return out
}

// Median returns the median of xs (the mean of the two middle values for an even
// count; NaN for none), leaving xs unchanged.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return MedianSorted(s)
}

// MedianSorted returns the median of s, sorted in increasing order (numpy's
// median: the mean of the two middle values for an even count; NaN for none).
func MedianSorted(s []float64) float64 {
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// GoldenMin returns the minimiser of a unimodal f on [a, b] by golden-section search
// (Kiefer 1953; Press et al., Numerical Recipes, 3rd ed., §10.2): each step shrinks
// the bracket by g = (√5 − 1)/2, until b − a ≤ width(a, b) or after 200 steps (200
// steps shrink it by g²⁰⁰ ≈ 1e-42). On a tie f(c) = f(d) the left part [a, d] is kept
// when leftOnTie is true, the right part [c, b] otherwise. It returns the midpoint of
// the last bracket.
func GoldenMin(f func(float64) float64, a, b float64, width func(a, b float64) float64, leftOnTie bool) float64 {
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := f(c), f(d)
	for i := 0; i < 200 && b-a > width(a, b); i++ {
		if fc < fd || (leftOnTie && fc == fd) {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = f(d)
		}
	}
	return (a + b) / 2
}

// AbsWidth returns a GoldenMin width that stops at a bracket narrower than tol.
func AbsWidth(tol float64) func(a, b float64) float64 {
	return func(float64, float64) float64 { return tol }
}

// Column returns x as a design matrix with one feature: row i is [x[i]].
func Column(x []float64) [][]float64 {
	out := make([][]float64, len(x))
	for i, v := range x {
		out[i] = []float64{v}
	}
	return out
}
