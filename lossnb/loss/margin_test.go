package loss

import (
	"math"
	"testing"
)

var allMargin = []struct {
	l          Margin
	kinks      []float64
	calibrated bool
}{
	{Hinge{}, []float64{1}, true},
	{SquaredHinge{}, []float64{1}, true}, // φ'' jumps at 1
	{Logistic{}, nil, true},
	{Exponential{}, nil, true},
	{ModifiedHuber{}, []float64{-1, 1}, true},
	{ZeroOne{}, []float64{0}, false},
}

func TestMarginClosedForms(t *testing.T) {
	tests := []struct {
		l       Margin
		m, v, d float64
	}{
		{Hinge{}, 0.3, 0.7, -1},
		{Hinge{}, 2, 0, 0},
		{Hinge{}, 1, 0, -0.5},
		{SquaredHinge{}, -1, 4, -4},
		{SquaredHinge{}, 0.5, 0.25, -1},
		{Logistic{}, 0, math.Ln2, -0.5},
		{Logistic{}, 2, math.Log(1 + math.Exp(-2)), -1 / (1 + math.Exp(2))},
		{Exponential{}, 1, math.Exp(-1), -math.Exp(-1)},
		{ModifiedHuber{}, -3, 12, -4},
		{ModifiedHuber{}, 0, 1, -2},
		{ModifiedHuber{}, 1.5, 0, 0},
		{ZeroOne{}, -0.1, 1, 0},
		{ZeroOne{}, 0, 1, 0},
		{ZeroOne{}, 0.1, 0, 0},
	}
	for _, tc := range tests {
		assertNear(t, tc.l.Name()+".Value", tc.l.Value(tc.m), tc.v, 1e-15)
		assertNear(t, tc.l.Name()+".Deriv", tc.l.Deriv(tc.m), tc.d, 1e-15)
	}
}

func TestMarginDerivatives(t *testing.T) {
	rng := newRand(4)
	for _, tc := range allMargin {
		for range 40 {
			m := 3 * rng.NormFloat64()
			if !awayFrom(m, tc.kinks, 1e-3) {
				continue
			}
			assertNear(t, tc.l.Name()+".Deriv", tc.l.Deriv(m), numDeriv(tc.l.Value, m), 1e-6)
			if s, ok := tc.l.(SecondDeriver); ok {
				assertNear(t, tc.l.Name()+".Deriv2", s.Deriv2(m), numDeriv(tc.l.Deriv, m), 1e-6)
			}
			if v := tc.l.Value(m); !(v >= 0) {
				t.Errorf("%s.Value(%g) = %v, want ≥ 0", tc.l.Name(), m, v)
			}
		}
	}
}

// Bartlett, Jordan & McAuliffe (2006), Theorem 6: a convex φ is
// classification-calibrated iff φ'(0) exists and is < 0. Each surrogate
// also upper-bounds the 0/1 loss (after the scaling φ(0) = 1 for the
// logistic loss in bits).
func TestMarginCalibration(t *testing.T) {
	for _, tc := range allMargin {
		d0 := tc.l.Deriv(0)
		if tc.calibrated {
			if !(d0 < 0) {
				t.Errorf("%s: φ'(0) = %v, want < 0", tc.l.Name(), d0)
			}
			// Differentiable at 0: one-sided difference quotients agree.
			h := 1e-7
			left := (tc.l.Value(0) - tc.l.Value(-h)) / h
			right := (tc.l.Value(h) - tc.l.Value(0)) / h
			assertNear(t, tc.l.Name()+" one-sided derivatives", left, right, 1e-5)
			scale := 1.0
			if _, ok := tc.l.(Logistic); ok {
				scale = 1 / math.Ln2
			}
			for _, m := range []float64{-5, -1, -0.1, 0, 0.1, 1, 5} {
				if scale*tc.l.Value(m) < (ZeroOne{}).Value(m) {
					t.Errorf("%s(%g) < 0/1 loss", tc.l.Name(), m)
				}
			}
		}
	}
	for _, m := range []float64{-3, -1e-9, 0, 1e-9, 3} {
		if d := (ZeroOne{}).Deriv(m); d != 0 {
			t.Errorf("ZeroOne.Deriv(%g) = %v, want 0", m, d)
		}
	}
}

func TestMarginExtreme(t *testing.T) {
	assertNear(t, "Logistic(-1e4)", Logistic{}.Value(-1e4), 1e4, 0)
	assertNear(t, "Logistic(1e4)", Logistic{}.Value(1e4), 0, 0)
	assertNear(t, "Logistic'(-1e4)", Logistic{}.Deriv(-1e4), -1, 0)
	assertNear(t, "Logistic'(1e4)", Logistic{}.Deriv(1e4), 0, 0)
	assertNear(t, "Logistic''(1e4)", Logistic{}.Deriv2(1e4), 0, 0)
	assertNear(t, "Logistic(-40)", Logistic{}.Value(-40), 40+math.Log1p(math.Exp(-40)), 1e-15)
	assertNear(t, "Logistic(40)", Logistic{}.Value(40), math.Exp(-40), 1e-13)
	for _, tc := range allMargin {
		for _, m := range []float64{-1e4, 1e4, -1e150, 1e150} {
			if _, ok := tc.l.(Exponential); ok && m < 0 {
				if v := tc.l.Value(m); !math.IsInf(v, 1) {
					t.Errorf("Exponential(%g) = %v, want +Inf (exact value beyond float64)", m, v)
				}
				continue
			}
			assertFinite(t, tc.l.Name(), tc.l.Value(m), tc.l.Deriv(m))
		}
	}
}

// TestFocalMargin checks FocalMargin against the per-point [Focal] loss it
// restates (Alpha < 0, target (y + 1)/2), against Logistic at γ = 0, and its
// Deriv against a central difference: a Deriv missing the −γσ(−m)^γσ(m)softplus(−m)
// term, or a Value with σ(m) in place of σ(−m), fails.
func TestFocalMargin(t *testing.T) {
	for _, g := range []float64{0, 0.5, 2, 5} {
		f := FocalMargin{Gamma: g}
		for _, m := range []float64{-30, -3, -0.4, 0, 0.7, 4, 25} {
			want, err := Focal([]float64{m}, []float64{1}, FocalOptions{Alpha: -1, Gamma: g})
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Value(m); math.Abs(got-want) > 1e-12*math.Max(1, want) {
				t.Errorf("FocalMargin{%v}.Value(%v) = %v, Focal gives %v", g, m, got, want)
			}
			h := 1e-6
			fd := (f.Value(m+h) - f.Value(m-h)) / (2 * h)
			if d := f.Deriv(m); math.Abs(d-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("FocalMargin{%v}.Deriv(%v) = %v, central difference %v", g, m, d, fd)
			}
			if g == 0 && math.Abs(f.Value(m)-(Logistic{}).Value(m)) > 1e-15*math.Max(1, f.Value(m)) {
				t.Errorf("FocalMargin{0}.Value(%v) = %v, Logistic gives %v", m, f.Value(m), (Logistic{}).Value(m))
			}
		}
	}
	if got := (FocalMargin{Gamma: 2}).Name(); got != "Focal(γ=2)" {
		t.Errorf("Name() = %q, want Focal(γ=2)", got)
	}
}
