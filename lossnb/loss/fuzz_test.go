package loss

import (
	"math"
	"strings"
	"testing"
)

func finiteAll(x ...float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func noNaN(t *testing.T, what string, x ...float64) {
	t.Helper()
	for i, v := range x {
		if math.IsNaN(v) {
			t.Fatalf("%s[%d] is NaN", what, i)
		}
	}
}

// FuzzRegression: every pointwise regression loss, built through its
// validating constructor from fuzzed parameters, returns no NaN for any
// finite residual.
func FuzzRegression(f *testing.F) {
	f.Add(0.0, 1.0, 1.0, uint8(0))
	f.Add(1e150, 1.345, 2.0, uint8(9))
	f.Add(-1e308, 1e-300, -3.0, uint8(9))
	f.Add(1e-320, 4.685, 0.0, uint8(7))
	f.Add(3.0, 0.5, 1e300, uint8(9))
	f.Fuzz(func(t *testing.T, r, p1, p2 float64, which uint8) {
		if !finiteAll(r) {
			t.Skip()
		}
		var l Regression
		var err error
		switch which % 10 {
		case 0:
			l = Squared{}
		case 1:
			l = Absolute{}
		case 2:
			l, err = NewHuber(p1)
		case 3:
			l, err = NewSmoothL1(p1)
		case 4:
			l, err = NewPinball(p1)
		case 5:
			l = LogCosh{}
		case 6:
			l, err = NewEpsInsensitive(p1)
		case 7:
			l, err = NewTukey(p1)
		case 8:
			l, err = NewCauchy(p1)
		case 9:
			l, err = NewBarron(p2, p1)
		}
		if err != nil {
			return // invalid parameters are rejected, which is the contract
		}
		noNaN(t, l.Name(), l.Value(r), l.Deriv(r), Weight(l, r))
		if s, ok := l.(SecondDeriver); ok {
			noNaN(t, l.Name()+".Deriv2", s.Deriv2(r))
		}
	})
}

func FuzzMargin(f *testing.F) {
	f.Add(0.0)
	f.Add(1e4)
	f.Add(-1e308)
	f.Fuzz(func(t *testing.T, m float64) {
		if !finiteAll(m) {
			t.Skip()
		}
		for _, tc := range allMargin {
			noNaN(t, tc.l.Name(), tc.l.Value(m), tc.l.Deriv(m))
			if s, ok := tc.l.(SecondDeriver); ok {
				noNaN(t, tc.l.Name()+".Deriv2", s.Deriv2(m))
			}
		}
	})
}

// FuzzBCEWithLogits: valid input gives a non-NaN value and gradient;
// invalid input gives an error; nothing panics.
func FuzzBCEWithLogits(f *testing.F) {
	f.Add(0.0, 1.0, 1.0, 1.0, 0.0, 0.5)
	f.Add(1e4, 0.0, 2.0, 3.0, -1e4, 1.0)
	f.Add(-1e308, 1.0, 0.0, 1e300, 1e308, 0.0)
	f.Fuzz(func(t *testing.T, x0, y0, w, pw, x1, y1 float64) {
		x := []float64{x0, x1}
		y := []float64{y0, y1}
		opts := BCEOptions{Weights: []float64{w}, PosWeight: []float64{pw}}
		g := make([]float64, 2)
		_, v, err := BCEWithLogitsGrad(g, x, y, opts)
		valid := finiteAll(x0, x1, w, pw) && y0 >= 0 && y0 <= 1 && y1 >= 0 && y1 <= 1 && w >= 0 && pw >= 0
		if valid != (err == nil) {
			t.Fatalf("valid = %v, err = %v", valid, err)
		}
		if err == nil {
			noNaN(t, "BCEWithLogits", v, g[0], g[1])
		}
		p := []float64{sigmoid(x0), sigmoid(x1)}
		if _, v, err := BCEGrad(g, p, y, BCEOptions{}); err == nil {
			noNaN(t, "BCE", v, g[0], g[1])
		}
	})
}

func FuzzCrossEntropy(f *testing.F) {
	f.Add(0.0, 0.0, 0.0, uint8(0), 0.0, 2.0)
	f.Add(1e4, -1e4, 0.0, uint8(1), 0.1, 0.5)
	f.Add(-1e308, 1e308, 5.0, uint8(2), 1.0, 0.0)
	f.Fuzz(func(t *testing.T, a, b, c float64, label uint8, eps, gamma float64) {
		if !finiteAll(a, b, c) || !(eps >= 0 && eps <= 1) || !(gamma >= 0) || math.IsInf(gamma, 1) {
			t.Skip()
		}
		logits := []float64{a, b, c, c, b, a}
		labels := []int{int(label % 3), int(label/3) % 3}
		g := make([]float64, 6)
		opts := CEOptions{LabelSmoothing: eps, Weights: []float64{1, 0.5, 2}}
		_, v, err := CrossEntropyGrad(g, logits, 3, labels, opts)
		if err != nil {
			t.Fatal(err)
		}
		noNaN(t, "CrossEntropy", append(g, v)...)
		_, v, err = CrossEntropyProbsGrad(g, logits, 3, []float64{0.2, 0.3, 0.5, 1, 0, 0}, opts)
		if err != nil {
			t.Fatal(err)
		}
		noNaN(t, "CrossEntropyProbs", append(g, v)...)
		_, v, err = FocalCEGrad(g, logits, 3, labels, FocalCEOptions{Gamma: gamma})
		if err != nil {
			t.Fatal(err)
		}
		noNaN(t, "FocalCE", append(g, v)...)
		g2 := make([]float64, 2)
		_, v, err = FocalGrad(g2, []float64{a, b}, []float64{1, eps}, FocalOptions{Alpha: 0.25, Gamma: gamma})
		if err != nil {
			t.Fatal(err)
		}
		noNaN(t, "Focal", append(g2, v)...)
	})
}

func FuzzInfoNCE(f *testing.F) {
	f.Add(1.0, 0.0, 0.0, 1.0, 0.07)
	f.Add(1e3, -1e3, 1e3, 1e3, 1e-3)
	f.Add(1e150, 1e150, -1e150, 1e150, 1e-300)
	f.Fuzz(func(t *testing.T, a, b, c, d, tau float64) {
		if !finiteAll(a, b, c, d) || !(tau > 0) || math.IsInf(tau, 1) {
			t.Skip()
		}
		q := []float64{a, b, c, d}
		k := []float64{d, c, b, a}
		dq, dk := make([]float64, 4), make([]float64, 4)
		_, _, v, err := InfoNCEGrad(dq, dk, q, k, 2, tau, Options{})
		if err != nil {
			// The only error for finite input: a score q·k/τ beyond float64.
			if !strings.Contains(err.Error(), "want a finite score") {
				t.Fatal(err)
			}
			return
		}
		noNaN(t, "InfoNCE", v)
		noNaN(t, "InfoNCE dQuery", dq...)
		noNaN(t, "InfoNCE dKeys", dk...)
	})
}
