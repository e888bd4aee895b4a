package fit

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// ridgeClosedForm solves (2X̃ᵀWX̃/W + L2·I)β = 2X̃ᵀWỹ/W on the weighted-centred
// data, the normal equations of the ridge objective, with gonum's mat.
func ridgeClosedForm(t *testing.T, x [][]float64, y, w []float64, l2 float64) (float64, []float64) {
	t.Helper()
	n, p := len(x), len(x[0])
	if w == nil {
		w = make([]float64, n)
		for i := range w {
			w[i] = 1
		}
	}
	var ws, ym float64
	xm := make([]float64, p)
	for i := range x {
		ws += w[i]
		ym += w[i] * y[i]
		for j := range xm {
			xm[j] += w[i] * x[i][j]
		}
	}
	ym /= ws
	for j := range xm {
		xm[j] /= ws
	}
	a := mat.NewDense(p, p, nil)
	b := mat.NewVecDense(p, nil)
	for i := range x {
		for j := 0; j < p; j++ {
			b.SetVec(j, b.AtVec(j)+2*w[i]*(x[i][j]-xm[j])*(y[i]-ym)/ws)
			for k := 0; k < p; k++ {
				a.Set(j, k, a.At(j, k)+2*w[i]*(x[i][j]-xm[j])*(x[i][k]-xm[k])/ws)
			}
		}
	}
	for j := 0; j < p; j++ {
		a.Set(j, j, a.At(j, j)+l2)
	}
	var beta mat.VecDense
	if err := beta.SolveVec(a, b); err != nil {
		t.Fatal(err)
	}
	icpt := ym
	for j := 0; j < p; j++ {
		icpt -= xm[j] * beta.AtVec(j)
	}
	return icpt, beta.RawVector().Data
}

// A wrong update (a missing factor 2, the penalty on the intercept, weights
// ignored) would move the ridge fit away from its normal equations.
func TestPenalizedRidgeClosedForm(t *testing.T) {
	x, y := penData(40, 5, 1)
	w := make([]float64, len(y))
	for i := range w {
		w[i] = 0.5 + float64(i%4)
	}
	for _, tc := range []struct {
		l2 float64
		w  []float64
	}{{0, nil}, {0.3, nil}, {2, w}} {
		got, err := PenalizedLeastSquares(x, y, Penalty{L2: tc.l2}, &Options{Weights: tc.w, Tol: 1e-13})
		if err != nil {
			t.Fatal(err)
		}
		b0, beta := ridgeClosedForm(t, x, y, tc.w, tc.l2)
		if !scalar.EqualWithinAbsOrRel(got.Intercept, b0, 1e-9, 1e-9) {
			t.Errorf("L2 = %v: intercept %v, closed form %v", tc.l2, got.Intercept, b0)
		}
		for j := range beta {
			if !scalar.EqualWithinAbsOrRel(got.Coef[j], beta[j], 1e-9, 1e-9) {
				t.Errorf("L2 = %v: β[%d] = %v, closed form %v", tc.l2, j, got.Coef[j], beta[j])
			}
		}
		// The same objective through Linear's Newton path with Options.L2.
		if tc.l2 > 0 {
			ref, err := Linear(x, y, loss.Squared{}, &Options{Weights: tc.w, L2: tc.l2, Method: Newton})
			if err != nil {
				t.Fatal(err)
			}
			if !scalar.EqualWithinAbsOrRel(got.Objective, ref.Objective, 1e-10, 1e-10) {
				t.Errorf("L2 = %v: objective %v, Linear with Options.L2 %v", tc.l2, got.Objective, ref.Objective)
			}
		}
	}
}

// With orthogonal centred columns the lasso is the soft-thresholded least-squares
// fit, coordinate by coordinate (Tibshirani 1996, §2.2): a wrong threshold (L1
// instead of L1/2 per unit of curvature, say) or a shrinkage of the intercept fails.
func TestPenalizedLassoOrthogonal(t *testing.T) {
	// Columns of a 8×8 Hadamard matrix (without the constant one): orthogonal,
	// centred, each with Σx² = 8, so aⱼ = 2 and β = S(2x̃ⱼᵀỹ/n, L1)/2.
	h := [][]float64{
		{1, 1, 1, 1}, {-1, 1, -1, 1}, {1, -1, -1, 1}, {-1, -1, 1, 1},
		{1, 1, 1, -1}, {-1, 1, -1, -1}, {1, -1, -1, -1}, {-1, -1, 1, -1},
	}
	y := []float64{3, 1, 4, 1, 5, 9, 2, 6}
	const l1 = 0.9
	got, err := PenalizedLeastSquares(h, y, Penalty{L1: l1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ym float64
	for _, v := range y {
		ym += v / 8
	}
	for j := 0; j < 4; j++ {
		var c float64
		for i := range y {
			c += 2 * h[i][j] * (y[i] - ym) / 8
		}
		want := math.Copysign(math.Max(math.Abs(c)-l1, 0), c) / 2
		if !scalar.EqualWithinAbsOrRel(got.Coef[j], want, 1e-12, 1e-12) {
			t.Errorf("β[%d] = %v, soft threshold gives %v", j, got.Coef[j], want)
		}
	}
	if !scalar.EqualWithinAbsOrRel(got.Intercept, ym, 1e-12, 1e-12) {
		t.Errorf("intercept %v, want ȳ = %v (centred columns, intercept not penalised)", got.Intercept, ym)
	}
	if zeros := countZeros(got.Coef); zeros == 0 {
		t.Errorf("coefficients %v: this L1 should set at least one exactly to 0", got.Coef)
	}
}

func countZeros(xs []float64) int {
	n := 0
	for _, v := range xs {
		if v == 0 {
			n++
		}
	}
	return n
}

// On correlated random data, the lasso and elastic-net optimum satisfies the
// subgradient (KKT) conditions, recomputed here from scratch; above
// L1_max = max|2x̃ⱼᵀỹ/n| every coefficient is 0, just below it one is not. A
// coordinate descent that stopped early or thresholded wrongly fails.
func TestPenalizedLassoKKT(t *testing.T) {
	x, y := penData(50, 6, 3)
	for i := range x {
		x[i][2] += 0.8 * x[i][0] // correlated columns
	}
	for _, pen := range []Penalty{{L1: 0.05}, {L1: 0.4}, {L1: 0.2, L2: 0.5}} {
		r, err := PenalizedLeastSquares(x, y, pen, &Options{Tol: 1e-13})
		if err != nil {
			t.Fatal(err)
		}
		for j := range r.Coef {
			var g float64 // −∂MSE/∂βⱼ at the fit
			for i := range x {
				f := r.Intercept
				for k, v := range x[i] {
					f += r.Coef[k] * v
				}
				g += 2 * x[i][j] * (y[i] - f) / float64(len(x))
			}
			g -= pen.L2 * r.Coef[j]
			if b := r.Coef[j]; b != 0 {
				if math.Abs(g-pen.L1*math.Copysign(1, b)) > 1e-8 {
					t.Errorf("%+v: β[%d] = %v ≠ 0 but the gradient %v ≠ L1·sign", pen, j, b, g)
				}
			} else if math.Abs(g) > pen.L1+1e-8 {
				t.Errorf("%+v: β[%d] = 0 but |gradient| %v > L1", pen, j, math.Abs(g))
			}
		}
		if r.GradNorm > 1e-8 {
			t.Errorf("%+v: KKT violation %v", pen, r.GradNorm)
		}
	}
	var lmax, ym float64
	for _, v := range y {
		ym += v / float64(len(y))
	}
	for j := range x[0] {
		var xm, c float64
		for i := range x {
			xm += x[i][j] / float64(len(x))
		}
		for i := range x {
			c += 2 * (x[i][j] - xm) * (y[i] - ym) / float64(len(x))
		}
		lmax = math.Max(lmax, math.Abs(c))
	}
	above, err := PenalizedLeastSquares(x, y, Penalty{L1: lmax * 1.0001}, nil)
	if err != nil {
		t.Fatal(err)
	}
	below, err := PenalizedLeastSquares(x, y, Penalty{L1: lmax * 0.99}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if countZeros(above.Coef) != len(above.Coef) || countZeros(below.Coef) == len(below.Coef) {
		t.Errorf("L1_max = %v: above it %v (want all 0), below it %v (want one ≠ 0)", lmax, above.Coef, below.Coef)
	}
}

// An integer sample weight counts a point that many times: ignoring the
// weights, or normalising them wrongly, would break the equality.
func TestPenalizedWeightsAreCounts(t *testing.T) {
	x, y := penData(20, 3, 5)
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(1 + i%3)
	}
	xs, ys := replicate(x, y, w)
	pen := Penalty{L1: 0.1, L2: 0.2}
	a, err := PenalizedLeastSquares(x, y, pen, &Options{Weights: w, Tol: 1e-13})
	if err != nil {
		t.Fatal(err)
	}
	b, err := PenalizedLeastSquares(xs, ys, pen, &Options{Tol: 1e-13})
	if err != nil {
		t.Fatal(err)
	}
	for j := range a.Coef {
		if !scalar.EqualWithinAbsOrRel(a.Coef[j], b.Coef[j], 1e-10, 1e-10) {
			t.Errorf("β[%d]: weighted %v, repeated points %v", j, a.Coef[j], b.Coef[j])
		}
	}
	if !scalar.EqualWithinAbsOrRel(a.Objective, b.Objective, 1e-10, 1e-10) {
		t.Errorf("objective: weighted %v, repeated points %v", a.Objective, b.Objective)
	}
}

// Bad input gets an error naming the function, the argument and the value.
func TestPenalizedBadInput(t *testing.T) {
	x, y := penData(10, 2, 1)
	for _, tc := range []struct {
		pen  Penalty
		o    *Options
		want string
	}{
		{Penalty{L1: -1}, nil, "pen.L1 = -1"},
		{Penalty{L2: math.NaN()}, nil, "pen.L2 is NaN"},
		{Penalty{}, &Options{L2: 1}, "Options.Method, Scale"},
		{Penalty{}, &Options{Tol: -1}, "Options.Tol = -1"},
		{Penalty{}, &Options{Weights: []float64{1}}, "Weights"},
	} {
		_, err := PenalizedLeastSquares(x, y, tc.pen, tc.o)
		if err == nil || !strings.HasPrefix(err.Error(), "fit.PenalizedLeastSquares: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v, %+v: error %v, want one naming %q", tc.pen, tc.o, err, tc.want)
		}
	}
	y[3] = math.Inf(1)
	if _, err := PenalizedLeastSquares(x, y, Penalty{}, nil); err == nil || !strings.Contains(err.Error(), "y[3]") {
		t.Errorf("y[3] = +Inf: error %v", err)
	}
	x2, y2 := penData(10, 2, 1)
	r, err := PenalizedLeastSquares(x2, y2, Penalty{L1: 0.01}, &Options{MaxIter: 1, Tol: 1e-15})
	if !errors.Is(err, ErrNotConverged) || r == nil {
		t.Errorf("one sweep: error %v, result %v; want ErrNotConverged with the last iterate", err, r)
	}
}

func ExamplePenalizedLeastSquares() {
	// y ≈ 2x₀ with a useless second feature: the lasso sets its coefficient to 0
	// and shrinks the other, (2Σ(x₀−x̄₀)(y−ȳ)/n − L1)/(2Σ(x₀−x̄₀)²/n) = (8.04 − 0.5)/4.
	x := [][]float64{{-1, 0.3}, {0, -0.2}, {1, 0.1}, {2, -0.4}, {3, 0.2}}
	y := []float64{-2.1, 0.1, 1.9, 4.2, 5.9}
	r, err := PenalizedLeastSquares(x, y, Penalty{L1: 0.5}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("β = [%.3f %.3f], intercept %.3f\n", r.Coef[0], r.Coef[1], r.Intercept)
	// Output:
	// β = [1.885 0.000], intercept 0.115
}
