package fit

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// The corrected semi-normal equations agree with a QR solution on a well-conditioned
// design (the benchmark data, unit and uneven weights), and an ill-conditioned design is
// left to QR. Would catch a refinement step that is missing or wrong (the first solve alone
// is off by u·κ²), weights applied twice, and a condition test that lets a design with
// nearly collinear columns through the normal equations.
func TestSeminormalMatchesQR(t *testing.T) {
	x, y, _ := benchData(2000)
	ck := newCheck("test")
	c := &ck
	w := make([]float64, len(y))
	for i := range w {
		w[i] = 0.5 + float64(i%7)
	}
	for _, weights := range [][]float64{nil, w} {
		d := newDesign(c, x, len(y), weights)
		got, ok := seminormal(d, y, d.w)
		if !ok {
			t.Fatal("a well-conditioned design was refused by the semi-normal equations")
		}
		want, err := qrLeastSquares(d, y, d.w)
		if err != nil {
			t.Fatal(err)
		}
		for j := range want {
			if !scalar.EqualWithinAbsOrRel(got[j], want[j], 1e-12, 1e-12) {
				t.Errorf("weights %v: θ[%d] = %.17g by CSNE, %.17g by QR", weights != nil, j, got[j], want[j])
			}
		}
	}

	// Columns a, a + 1e-3·noise and a third: κ(Z) ≈ 1e3, inside the CSNE bound but where
	// the first solve alone is off by about 2e-9 (u·κ²): the refinement step brings it to
	// QR's accuracy.
	{
		n := 2000
		xs := make([][]float64, n)
		ys := make([]float64, n)
		for i := range xs {
			a := math.Sin(float64(i))
			xs[i] = []float64{a, a + 1e-3*math.Cos(3*float64(i)), math.Cos(float64(i) * 0.7)}
			ys[i] = 1 + 2*a + 3*xs[i][1] + 0.3*math.Cos(float64(i*i))
		}
		d := newDesign(c, xs, n, nil)
		got, ok := seminormal(d, ys, d.w)
		want, err := qrLeastSquares(d, ys, d.w)
		if !ok || err != nil {
			t.Fatalf("κ ≈ 1e3: ok = %v, err = %v", ok, err)
		}
		for j := range want {
			if !scalar.EqualWithinRel(got[j], want[j], 1e-11) {
				t.Errorf("κ ≈ 1e3: θ[%d] = %.17g by CSNE, %.17g by QR", j, got[j], want[j])
			}
		}
	}

	// Columns x₀ and x₀ + 1e-5·noise: κ(Z) ≈ 1e5, far past the CSNE bound.
	n := 500
	xs := make([][]float64, n)
	ys := make([]float64, n)
	for i := range xs {
		a := math.Sin(float64(i))
		xs[i] = []float64{a, a + 1e-5*math.Cos(3*float64(i))}
		ys[i] = 1 + 2*a + 3*xs[i][1] + 0.01*math.Cos(float64(i*i))
	}
	d := newDesign(c, xs, n, nil)
	if _, ok := seminormal(d, ys, d.w); ok {
		t.Error("an ill-conditioned design (κ ≈ 1e5) went through the normal equations")
	}
	res, err := Linear(xs, ys, loss.Squared{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	qr, err := qrLeastSquares(d, ys, d.w)
	if err != nil {
		t.Fatal(err)
	}
	if res.Intercept != qr[0] || res.Coef[0] != qr[1] || res.Coef[1] != qr[2] {
		t.Errorf("Linear gave %v %v, QR %v", res.Intercept, res.Coef, qr)
	}
}
