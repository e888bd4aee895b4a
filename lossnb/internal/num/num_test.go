package num

import (
	"fmt"
	"math"
	"testing"
)

// TestMedian catches a median that sorts its input in place, picks the upper
// middle value for an even count, or panics on no data.
func TestMedian(t *testing.T) {
	xs := []float64{5, 1, 4, 2}
	if got := Median(xs); got != 3 {
		t.Errorf("Median(5, 1, 4, 2) = %v, want 3", got)
	}
	if xs[0] != 5 || xs[3] != 2 {
		t.Errorf("Median changed its input to %v", xs)
	}
	if got := Median([]float64{7, -1, 3}); got != 3 {
		t.Errorf("Median(7, -1, 3) = %v, want 3", got)
	}
	if got := Median(nil); !math.IsNaN(got) {
		t.Errorf("Median(nil) = %v, want NaN", got)
	}
	// MedianSorted (fit's MAD scale) reads a sorted slice as it is.
	if got := MedianSorted([]float64{1, 2, 4, 9}); got != 3 {
		t.Errorf("MedianSorted(1, 2, 4, 9) = %v, want 3", got)
	}
	if got := MedianSorted(nil); !math.IsNaN(got) {
		t.Errorf("MedianSorted(nil) = %v, want NaN", got)
	}
}

// TestGoldenMin catches a search that converges to the wrong end, ignores its
// width, or keeps the wrong side on a tie (a flat minimum is where the lessons'
// piecewise-linear risks need a definite rule).
func TestGoldenMin(t *testing.T) {
	f := func(x float64) float64 { return (x - math.Pi) * (x - math.Pi) }
	if got := GoldenMin(f, -10, 10, AbsWidth(1e-9), true); math.Abs(got-math.Pi) > 1e-9 {
		t.Errorf("GoldenMin((x−π)²) = %v, want π", got)
	}
	if got := GoldenMin(f, -10, 10, AbsWidth(1), true); math.Abs(got-math.Pi) > 1 || math.Abs(got-math.Pi) < 1e-6 {
		t.Errorf("GoldenMin with width 1 = %v, want within 1 of π but not converged further", got)
	}
	flat := func(float64) float64 { return 0 }
	if l, r := GoldenMin(flat, 0, 1, AbsWidth(1e-6), true), GoldenMin(flat, 0, 1, AbsWidth(1e-6), false); !(l < 1e-5 && r > 1-1e-5) {
		t.Errorf("on a flat f: leftOnTie gives %v (want ≈ 0), rightOnTie %v (want ≈ 1)", l, r)
	}
}

// TestGrids catches off-by-one grids, a Nearest that is not the closest, and a
// Clip that writes into its input.
func TestGrids(t *testing.T) {
	s := Span(0, 1, 5)
	if len(s) != 5 || s[0] != 0 || s[4] != 1 || s[1] != 0.25 {
		t.Errorf("Span(0, 1, 5) = %v", s)
	}
	if i := Nearest(s, 0.6); i != 2 {
		t.Errorf("Nearest(%v, 0.6) = %d, want 2", s, i)
	}
	in := []float64{-2, 0.5, 9}
	if c := Clip(in, 0, 1); c[0] != 0 || c[1] != 0.5 || c[2] != 1 || in[0] != -2 {
		t.Errorf("Clip = %v (input now %v)", c, in)
	}
	if m := Column([]float64{1, 2}); len(m) != 2 || len(m[1]) != 1 || m[1][0] != 2 {
		t.Errorf("Column = %v", m)
	}
}

func ExampleGoldenMin() {
	// The minimiser of (x − 2)² + 1 on [0, 5], to a bracket of 1e-9.
	x := GoldenMin(func(x float64) float64 { return (x-2)*(x-2) + 1 }, 0, 5, AbsWidth(1e-9), true)
	fmt.Printf("%.6f\n", x)
	// Output: 2.000000
}
