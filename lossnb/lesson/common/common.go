// Package common holds the data and curves that several lesson packages share:
// the outlier data set of notebooks 01 and 03, and the loss and pull curves of a
// regression loss. It imports no chart or notebook package.
package common

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// Curve returns ρ(x) for each x: the loss l as a function of the residual.
func Curve(l loss.Regression, xs []float64) []float64 {
	ys := make([]float64, len(xs))
	for i, x := range xs {
		ys[i] = l.Value(x)
	}
	return ys
}

// DerivCurve returns ψ(x) = ρ'(x) for each x: how hard the loss pulls at residual x.
func DerivCurve(l loss.Regression, xs []float64) []float64 {
	ys := make([]float64, len(xs))
	for i, x := range xs {
		ys[i] = l.Deriv(x)
	}
	return ys
}

// OutlierData is the small data set of the outlier demo: N points on the line
// y = 1 + 0.5x with standard Gaussian noise, x evenly spaced on [0, 10], from a fixed
// seed. The last point is the one the slider moves.
type OutlierData struct {
	X, Y   []float64
	Point  int       // index of the moved point
	Values []float64 // the y values the slider gives it
}

// NewOutlierData returns the demo data with n points and the moved point's y values
// from lo to hi in k steps.
func NewOutlierData(n int, lo, hi float64, k int) (*OutlierData, error) {
	return NewOutlierDataSeed(n, lo, hi, k, 1)
}

// NewOutlierDataSeed is NewOutlierData with the noise drawn from the stream (seed, 2);
// the notebook's data are seed 1, the tests try others.
func NewOutlierDataSeed(n int, lo, hi float64, k int, seed uint64) (*OutlierData, error) {
	switch {
	case n < 5:
		return nil, fmt.Errorf("common.NewOutlierData: n = %d, want at least 5 points", n)
	case k < 2:
		return nil, fmt.Errorf("common.NewOutlierData: k = %d, want at least 2 slider steps", k)
	case !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0):
		return nil, fmt.Errorf("common.NewOutlierData: lo = %v, hi = %v, want finite lo < hi", lo, hi)
	}
	noise := distuv.Normal{Mu: 0, Sigma: 1, Src: rand.NewPCG(seed, 2)}
	d := &OutlierData{X: num.Span(0, 10, n), Y: make([]float64, n), Point: n - 1, Values: num.Span(lo, hi, k)}
	for i, x := range d.X {
		d.Y[i] = 1 + 0.5*x + noise.Rand()
	}
	return d, nil
}
