package loss

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat"
)

// allRegression returns one instance of every regression loss, with the
// kinks to stay away from in finite-difference checks.
func allRegression(t *testing.T) []struct {
	l     Regression
	kinks []float64
} {
	h := mk(NewHuber(1.345))
	s := mk(NewSmoothL1(0.7))
	p := mk(NewPinball(0.9))
	e := mk(NewEpsInsensitive(0.5))
	tk := mk(NewTukey(TukeyC95))
	c := mk(NewCauchy(CauchyC95))
	out := []struct {
		l     Regression
		kinks []float64
	}{
		{Squared{}, nil},
		{Absolute{}, []float64{0}},
		{h, []float64{-1.345, 1.345}},
		{s, []float64{-0.7, 0.7}},
		{p, []float64{0}},
		{LogCosh{}, nil},
		{e, []float64{-0.5, 0.5}},
		{tk, []float64{-TukeyC95, TukeyC95}},
		{c, nil},
	}
	for _, a := range []float64{2, 1, 0.5, 1e-9, 0, -2, -10, math.Inf(-1), 4} {
		out = append(out, struct {
			l     Regression
			kinks []float64
		}{mk(NewBarron(a, 1.5)), nil})
	}
	return out
}

func awayFrom(x float64, kinks []float64, d float64) bool {
	for _, k := range kinks {
		if math.Abs(x-k) < d {
			return false
		}
	}
	return true
}

// Closed forms; sources: the formulas in the cited papers and PyTorch docs.
func TestRegressionClosedForms(t *testing.T) {
	h1 := mk(NewHuber(1))
	s2 := mk(NewSmoothL1(2))
	p9 := mk(NewPinball(0.9))
	e5 := mk(NewEpsInsensitive(0.5))
	tk := mk(NewTukey(TukeyC95))
	c1 := mk(NewCauchy(1))
	b := func(a float64) Barron { return mk(NewBarron(a, 1)) }
	c := TukeyC95
	tests := []struct {
		l          Regression
		r, v, d    float64
		name, want string
	}{
		{Squared{}, 3, 9, 6, "Squared", ""},
		{Squared{}, -0.5, 0.25, -1, "", ""},
		{Absolute{}, -2, 2, -1, "Absolute", ""},
		{Absolute{}, 0, 0, 0, "", ""},
		{h1, 0.5, 0.125, 0.5, "Huber(δ=1)", ""},
		{h1, 3, 2.5, 1, "", ""},
		{h1, -3, 2.5, -1, "", ""},
		{s2, 1, 0.25, 0.5, "SmoothL1(β=2)", ""},
		{s2, -3, 2, -1, "", ""},
		{SmoothL1{}, -3, 3, -1, "SmoothL1(β=0)", ""},
		{p9, 2, 1.8, 0.9, "Pinball(τ=0.9)", ""},
		{p9, -2, 0.2, -0.1, "", ""},
		{p9, 0, 0, 0.4, "", ""},
		{LogCosh{}, 1, math.Log(math.Cosh(1)), math.Tanh(1), "LogCosh", ""},
		{LogCosh{}, -3, math.Log(math.Cosh(3)), math.Tanh(-3), "", ""},
		{LogCosh{}, 1e-8, 5e-17, 1e-8, "", ""},
		{e5, 2, 1.5, 1, "EpsInsensitive(ε=0.5)", ""},
		{e5, -0.3, 0, 0, "", ""},
		{tk, 0, 0, 0, "Tukey(c=4.685)", ""},
		{tk, 10, c * c / 6, 0, "", ""},
		{tk, c / 2, c * c / 6 * (1 - 0.75*0.75*0.75), c / 2 * 0.75 * 0.75, "", ""},
		{c1, 1, 0.5 * math.Ln2, 0.5, "Cauchy(c=1)", ""},
		{c1, 3, 0.5 * math.Log(10), 0.3, "", ""},
		// Barron (2019) eq. 1 and its named special cases.
		{b(2), 3, 4.5, 3, "Barron(α=2, c=1)", ""},
		{b(1), 3, math.Sqrt(10) - 1, 3 / math.Sqrt(10), "", ""},                             // pseudo-Huber
		{b(0), 2, math.Log(3), 4.0 / 6, "", ""},                                             // Cauchy: log(x²/2+1), 2x/(x²+2)
		{b(-2), 2, 1, 16 * 2 / 64.0, "", ""},                                                // Geman-McClure 2x²/(x²+4), 16x/(x²+4)²
		{b(math.Inf(-1)), 2, 1 - math.Exp(-2), 2 * math.Exp(-2), "Barron(α=-Inf, c=1)", ""}, // Welsch
	}
	for _, tc := range tests {
		if tc.name != "" && tc.l.Name() != tc.name {
			t.Errorf("Name() = %q, want %q", tc.l.Name(), tc.name)
		}
		assertNear(t, tc.l.Name()+".Value", tc.l.Value(tc.r), tc.v, 1e-14)
		assertNear(t, tc.l.Name()+".Deriv", tc.l.Deriv(tc.r), tc.d, 1e-14)
	}
	// Relative accuracy of log cosh near 0 (series r²/2 − r⁴/12).
	for _, r := range []float64{1e-8, 1e-5, 1e-3} {
		want := r*r/2 - r*r*r*r/12
		if got := logCosh(r); math.Abs(got-want) > 1e-12*want {
			t.Errorf("logCosh(%g) = %g, want %g (relative)", r, got, want)
		}
	}
}

// Barron's special cases are the limits of the general formula.
func TestBarronLimits(t *testing.T) {
	for _, r := range []float64{0.1, 1, 3, 30} {
		for _, lim := range []struct{ a, near, tol float64 }{
			{2, 2 - 1e-10, 1e-7}, {2, 2 + 1e-10, 1e-7},
			{0, 1e-9, 1e-7}, {0, -1e-9, 1e-7},
			{math.Inf(-1), -1e8, 1e-6},
		} {
			l := mk(NewBarron(lim.a, 1.3))
			m := mk(NewBarron(lim.near, 1.3))
			assertNear(t, m.Name()+".Value", m.Value(r), l.Value(r), lim.tol)
			assertNear(t, m.Name()+".Deriv", m.Deriv(r), l.Deriv(r), lim.tol)
			assertNear(t, m.Name()+".Deriv2", m.Deriv2(r), l.Deriv2(r), lim.tol)
		}
	}
	// α = 0 equals the Cauchy loss with c' = c√2, scaled by 1/c'² ... : ρ_B = 2/c'²·ρ_C.
	b0 := mk(NewBarron(0, 1))
	cy := mk(NewCauchy(math.Sqrt2))
	for _, r := range []float64{0.3, 2, 50} {
		assertNear(t, "Barron(0) vs Cauchy", b0.Value(r), cy.Value(r), 1e-14)
	}
	// α = 2 with c equals Squared/(2c²).
	b2 := mk(NewBarron(2, 2))
	assertNear(t, "Barron(2)", b2.Value(3), Squared{}.Value(3)/8, 1e-15)
}

func TestRegressionDerivatives(t *testing.T) {
	rng := newRand(1)
	for _, tc := range allRegression(t) {
		l := tc.l
		pts := []float64{-7, -2.5, -1, -0.3, 0.2, 0.9, 1.7, 3.3, 12}
		for range 20 {
			pts = append(pts, 4*rng.NormFloat64())
		}
		for _, r := range pts {
			if !awayFrom(r, tc.kinks, 1e-3) {
				continue
			}
			assertNear(t, l.Name()+".Deriv", l.Deriv(r), numDeriv(l.Value, r), 1e-6)
			if s, ok := l.(SecondDeriver); ok {
				assertNear(t, l.Name()+".Deriv2", s.Deriv2(r), numDeriv(l.Deriv, r), 1e-6)
			}
			if r != 0 {
				assertNear(t, l.Name()+".Weight", Weight(l, r), l.Deriv(r)/r, 1e-12)
			}
		}
		// Weight at 0: ψ'(0) for smooth losses, +Inf for a kink at 0.
		w0 := Weight(l, 0)
		if s, ok := l.(SecondDeriver); ok {
			assertNear(t, l.Name()+".Weight(0)", w0, s.Deriv2(0), 1e-12)
		} else if slices.Contains(tc.kinks, 0) && !math.IsInf(w0, 1) {
			t.Errorf("%s.Weight(0) = %v, want +Inf", l.Name(), w0)
		}
	}
}

// A Regression implemented outside the package uses Weight's fallback.
type userLoss struct{}

func (userLoss) Name() string            { return "user" }
func (userLoss) Value(r float64) float64 { return r * r * r * r }
func (userLoss) Deriv(r float64) float64 { return 4 * r * r * r }

func TestWeightFallback(t *testing.T) {
	assertNear(t, "Weight(user, 2)", Weight(userLoss{}, 2), 16, 1e-15)
	assertNear(t, "Weight(user, 0)", Weight(userLoss{}, 0), 0, 1e-12)
}

func TestRegressionNonNegativeAndSymmetric(t *testing.T) {
	rng := newRand(2)
	for _, tc := range allRegression(t) {
		l := tc.l
		if l.Value(0) != 0 {
			t.Errorf("%s.Value(0) = %v, want 0", l.Name(), l.Value(0))
		}
		for range 200 {
			r := 10 * rng.NormFloat64()
			if v := l.Value(r); !(v >= 0) {
				t.Errorf("%s.Value(%g) = %v, want ≥ 0", l.Name(), r, v)
			}
			if _, isP := l.(Pinball); !isP && l.Value(r) != l.Value(-r) {
				t.Errorf("%s is not even at %g", l.Name(), r)
			}
		}
	}
}

// Residuals of ±1e150 give finite values equal to the asymptotic formulas.
func TestRegressionExtreme(t *testing.T) {
	const r = 1e150
	for _, tc := range allRegression(t) {
		l := tc.l
		if b, ok := l.(Barron); ok && b.Alpha > 2 {
			continue // grows faster than r²: the exact value exceeds float64
		}
		for _, x := range []float64{r, -r, 1e-300, -1e-300} {
			v, d := l.Value(x), l.Deriv(x)
			assertFinite(t, l.Name()+" at extreme", v, d, Weight(l, x))
			if s, ok := l.(SecondDeriver); ok {
				assertFinite(t, l.Name()+".Deriv2", s.Deriv2(x))
			}
		}
	}
	assertNear(t, "LogCosh(1e150)", LogCosh{}.Value(r), r-math.Ln2, 1e-15)
	c := mk(NewCauchy(1))
	assertNear(t, "Cauchy(1e150)", c.Value(r), 150*math.Ln10, 1e-15)
	assertNear(t, "Cauchy'(1e150)", c.Deriv(r), 1e-150, 1e-14)
	assertNear(t, "Barron(1)(1e150)", mk(NewBarron(1, 1)).Value(r), r, 1e-14)
	assertNear(t, "Barron(0)(1e150)", mk(NewBarron(0, 1)).Value(r), 300*math.Ln10-math.Ln2, 1e-15)
	assertNear(t, "Barron(0)'(1e150)", mk(NewBarron(0, 1)).Deriv(r), 2/r, 1e-14)
	assertNear(t, "Barron(-2)(1e150)", mk(NewBarron(-2, 1)).Value(r), 2, 1e-15)
	assertNear(t, "Barron(-Inf)(1e150)", mk(NewBarron(math.Inf(-1), 1)).Value(r), 1, 0)
	assertNear(t, "Barron(0.5)(1e150)", mk(NewBarron(0.5, 1)).Value(r),
		// |α−2|/α·((x²/|α−2|)^{α/2} − 1) = 3·((1e300/1.5)^{1/4} − 1)
		3*(math.Pow(1e75, 1)/math.Pow(1.5, 0.25)-1), 1e-13)
}

// The minimisers over a constant prediction: mean, median, τ-quantile.
func TestRegressionMinimisers(t *testing.T) {
	rng := newRand(3)
	y := make([]float64, 101)
	for i := range y {
		y[i] = rng.ExpFloat64() * 3 // skewed, so mean ≠ median
	}
	total := func(l Regression, c float64) float64 {
		var s float64
		for _, v := range y {
			s += l.Value(v - c)
		}
		return s
	}
	// Candidate search: for piecewise-linear losses a minimiser is a data point.
	argminData := func(l Regression) float64 {
		best, bestV := y[0], math.Inf(1)
		for _, c := range y {
			if v := total(l, c); v < bestV {
				best, bestV = c, v
			}
		}
		return best
	}
	sorted := slices.Clone(y)
	slices.Sort(sorted)
	if got, want := argminData(Absolute{}), stat.Quantile(0.5, stat.Empirical, sorted, nil); got != want {
		t.Errorf("argmin Absolute = %v, want the median %v", got, want)
	}
	for _, tau := range []float64{0.1, 0.25, 0.9} {
		p := mk(NewPinball(tau))
		if got, want := argminData(p), stat.Quantile(tau, stat.Empirical, sorted, nil); got != want {
			t.Errorf("argmin Pinball(%v) = %v, want the quantile %v", tau, got, want)
		}
	}
	// Squared: a smooth problem for gonum/optimize.
	res, err := optimize.Minimize(optimize.Problem{
		Func: func(x []float64) float64 { return total(Squared{}, x[0]) },
		Grad: func(g, x []float64) {
			g[0] = 0
			for _, v := range y {
				g[0] -= Squared{}.Deriv(v - x[0])
			}
		},
	}, []float64{0}, nil, &optimize.BFGS{})
	mustOK(t, err)
	assertNear(t, "argmin Squared", res.X[0], stat.Mean(y, nil), 1e-8)
	if math.Abs(stat.Mean(y, nil)-sorted[50]) < 0.1 {
		t.Fatal("test data not skewed enough to tell mean from median")
	}
}

func TestConstructorErrors(t *testing.T) {
	_, err := NewHuber(-1)
	if err == nil || err.Error() != "loss.NewHuber: delta = -1, want > 0" {
		t.Errorf("NewHuber(-1) error = %v", err)
	}
	cases := []struct {
		err   error
		parts []string
	}{
		{second(NewHuber(0)), []string{"loss.NewHuber", "delta = 0", "want > 0"}},
		{second(NewHuber(math.NaN())), []string{"loss.NewHuber", "delta = NaN"}},
		{second(NewHuber(math.Inf(1))), []string{"loss.NewHuber", "delta = +Inf", "finite"}},
		{second(NewSmoothL1(-0.5)), []string{"loss.NewSmoothL1", "beta = -0.5", "want ≥ 0"}},
		{second(NewPinball(1)), []string{"loss.NewPinball", "tau = 1", "(0, 1)"}},
		{second(NewPinball(0)), []string{"loss.NewPinball", "tau = 0"}},
		{second(NewPinball(math.NaN())), []string{"loss.NewPinball", "tau = NaN"}},
		{second(NewEpsInsensitive(-1)), []string{"loss.NewEpsInsensitive", "eps = -1"}},
		{second(NewTukey(-4)), []string{"loss.NewTukey", "c = -4", "want > 0"}},
		{second(NewCauchy(0)), []string{"loss.NewCauchy", "c = 0"}},
		{second(NewBarron(math.NaN(), 1)), []string{"loss.NewBarron", "alpha = NaN"}},
		{second(NewBarron(math.Inf(1), 1)), []string{"loss.NewBarron", "alpha = +Inf"}},
		{second(NewBarron(1, -2)), []string{"loss.NewBarron", "c = -2"}},
	}
	for _, tc := range cases {
		wantErr(t, tc.parts[0], tc.err, tc.parts...)
	}
	if _, err := NewBarron(math.Inf(-1), 1); err != nil {
		t.Errorf("NewBarron(-Inf, 1): %v", err)
	}
}

func second[T any](_ T, err error) error { return err }
