package fit

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// TestExactMatchesSimplex checks the vertex solver against gonum's LP
// solver on the same problems, and that the result is a minimum (no
// perturbation of any parameter lowers the objective).
func TestExactMatchesSimplex(t *testing.T) {
	x, y := synth(35, 2, 3)
	eps, _ := loss.NewEpsInsensitive(0.7)
	cases := []loss.Regression{loss.Absolute{}, loss.Pinball{Tau: 0.1}, loss.Pinball{Tau: 0.77}, eps, loss.SmoothL1{Beta: 0}}
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(i%4) * 0.5 // includes zero weights
	}
	for _, weights := range [][]float64{nil, w} {
		for _, l := range cases {
			a, err := Linear(x, y, l, &Options{Weights: weights})
			if err != nil {
				t.Fatalf("%s: %v", l.Name(), err)
			}
			if a.Method != Exact || !a.Converged {
				t.Errorf("%s: method %v converged %v", l.Name(), a.Method, a.Converged)
			}
			b, err := Linear(x, y, l, &Options{Weights: weights, Method: Simplex})
			if err != nil {
				t.Fatalf("%s simplex: %v", l.Name(), err)
			}
			near(t, l.Name()+" objective", a.Objective, b.Objective, 1e-12)
			if l.Name() != eps.Name() { // ε-insensitive optima need not be unique
				nearSlice(t, l.Name()+" params", a.Params(), b.Params(), 1e-9)
			}
			ck := newCheck("t")
			d := newDesign(&ck, x, len(y), weights)
			th := a.Params()
			for j := range th {
				for _, h := range []float64{-1e-6, 1e-6} {
					p := append([]float64(nil), th...)
					p[j] += h
					if v := regObjective(d, y, l, p, 1, d.w); v < a.Objective-1e-15 {
						t.Errorf("%s: objective %v at θ+%g·e%d < optimum %v", l.Name(), v, h, j, a.Objective)
					}
				}
			}
		}
	}
}

// TestHingeExact checks the exact hinge fit against gonum's LP solver.
func TestHingeExact(t *testing.T) {
	x, yr := synth(40, 2, 5)
	y := classes(yr)
	a, err := Logistic(x, y, loss.Hinge{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Logistic(x, y, loss.Hinge{}, &Options{Method: Simplex})
	if err != nil {
		t.Fatal(err)
	}
	if a.Method != Exact {
		t.Errorf("method %v, want Exact", a.Method)
	}
	near(t, "hinge objective", a.Objective, b.Objective, 1e-12)
	if !(a.Objective > 0) {
		t.Errorf("hinge objective %v, want > 0 on overlapping classes", a.Objective)
	}
}

// TestWeightsAreReplication checks that integer weights give the fit of the
// data set with each point repeated that many times.
func TestWeightsAreReplication(t *testing.T) {
	x, y := synth(30, 2, 9)
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(i % 3)
	}
	xr, yr := replicate(x, y, w)
	h, _ := loss.NewHuber(1)
	tk, _ := loss.NewTukey(4.685)
	for _, tc := range []struct {
		l loss.Regression
		o Options
	}{
		{loss.Squared{}, Options{}},
		{loss.Pinball{Tau: 0.3}, Options{}},
		{h, Options{}},
		{h, Options{ScaleMethod: MADScale}},
		{tk, Options{ScaleMethod: MADScale}},
		{loss.LogCosh{}, Options{}},
	} {
		ow := tc.o
		ow.Weights = w
		a, err := Linear(x, y, tc.l, &ow)
		if err != nil {
			t.Fatalf("%s: %v", tc.l.Name(), err)
		}
		b, err := Linear(xr, yr, tc.l, &tc.o)
		if err != nil {
			t.Fatalf("%s: %v", tc.l.Name(), err)
		}
		nearSlice(t, tc.l.Name()+" weighted vs replicated", a.Params(), b.Params(), 1e-8)
		near(t, tc.l.Name()+" objective", a.Objective, b.Objective, 1e-10)
		near(t, tc.l.Name()+" scale", a.Scale, b.Scale, 1e-10)
	}
	// Classifier.
	lab, labr := classes(y), classes(yr)
	a, err := Logistic(x, lab, loss.Logistic{}, &Options{Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Logistic(xr, labr, loss.Logistic{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	nearSlice(t, "logistic weighted vs replicated", a.Params(), b.Params(), 1e-8)
}

// TestMethodsAgree: every method that applies to a loss finds the same
// optimum.
func TestMethodsAgree(t *testing.T) {
	x, y := synth(60, 3, 11)
	h, _ := loss.NewHuber(1.345)
	ca, _ := loss.NewCauchy(2.3849)
	for _, tc := range []struct {
		l       loss.Regression
		methods []Method
	}{
		{loss.Squared{}, []Method{LeastSquares, IRLS, Newton, BFGS, LBFGS}},
		{h, []Method{IRLS, Newton, BFGS, LBFGS}},
		{loss.LogCosh{}, []Method{IRLS, Newton, BFGS}},
		{ca, []Method{IRLS, Newton}},
	} {
		ref, err := Linear(x, y, tc.l, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.l.Name(), err)
		}
		for _, m := range tc.methods {
			r, err := Linear(x, y, tc.l, &Options{Method: m})
			if err != nil {
				t.Fatalf("%s %v: %v", tc.l.Name(), m, err)
			}
			if r.Method != m || !r.Converged {
				t.Errorf("%s %v: method %v converged %v", tc.l.Name(), m, r.Method, r.Converged)
			}
			nearSlice(t, tc.l.Name()+" "+m.String(), r.Params(), ref.Params(), 1e-7)
		}
	}
}

func TestLocation(t *testing.T) {
	s := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 100}
	mean, err := Location(s, loss.Squared{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var m float64
	for _, v := range s {
		m += v
	}
	near(t, "mean", mean.Location, m/float64(len(s)), 1e-12)
	med, err := Location(s, loss.Absolute{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if med.Location < 4 || med.Location > 5 || med.Method != Exact {
		t.Errorf("median = %v (%v), want a value in [4, 5] (the two middle values)", med.Location, med.Method)
	}
	odd, err := Location(s[:11], loss.Absolute{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "odd median", odd.Location, 4, 0)
	q, err := Location([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, loss.Pinball{Tau: 0.3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "0.3-quantile", q.Location, 3, 0)
	// The Huber and Tukey estimates ignore most of the outlier (between median and
	// mean), and their estimating equation Σψ((x − T)/s) = 0 holds.
	h, _ := loss.NewHuber(1.345)
	tk, _ := loss.NewTukey(4.685)
	for _, tc := range []struct {
		l      loss.Regression
		lo, hi float64
	}{{h, 4, 5.5}, {tk, 3.5, 5}} {
		r, err := Location(s, tc.l, &Options{ScaleMethod: MADScale})
		if err != nil {
			t.Fatal(err)
		}
		if !(r.Location > tc.lo && r.Location < tc.hi) {
			t.Errorf("%s location = %v, want in (%v, %v)", tc.l.Name(), r.Location, tc.lo, tc.hi)
		}
		var sum float64
		for _, v := range s {
			sum += tc.l.Deriv((v - r.Location) / r.Scale)
		}
		near(t, "Σψ at the "+tc.l.Name()+" estimate", sum, 0, 1e-9)
	}
}

func TestBadInput(t *testing.T) {
	x := [][]float64{{1, 2}, {2, 1}, {3, 5}, {4, 3}, {5, 5}}
	y := []float64{1, 2, 3, 4, 5}
	nanX := [][]float64{{1, 2}, {2, 1}, {3, 5}, {4, math.NaN()}, {5, 5}}
	collinear := [][]float64{{1, 2}, {2, 4}, {3, 6}, {4, 8}, {5, 10}}
	constant := [][]float64{{1, 7}, {2, 7}, {3, 7}, {4, 7}, {5, 7}}
	h, _ := loss.NewHuber(1)
	cases := []struct {
		name     string
		err      error
		sentinel error
		want     string
	}{
		{"NaN x", fitErr(Linear(nanX, y, loss.Squared{}, nil)), nil, "fit.Linear: x[3][1] is NaN"},
		{"NaN y", fitErr(Linear(x, []float64{1, 2, math.NaN(), 4, 5}, h, nil)), nil, "fit.Linear: y[2] is NaN"},
		{"Inf weight", fitErr(Linear(x, y, h, &Options{Weights: []float64{1, 1, math.Inf(1), 1, 1}})), nil, "fit.Linear: Options.Weights[2] is +Inf"},
		{"negative weight", fitErr(Linear(x, y, h, &Options{Weights: []float64{1, 1, -1, 1, 1}})), nil, "fit.Linear: Options.Weights[2] = -1, want ≥ 0"},
		{"params > points", fitErr(Linear([][]float64{{1, 2, 3, 4}, {2, 1, 0, 1}, {3, 3, 3, 1}}, []float64{1, 2, 3}, loss.Squared{}, nil)), nil, "fit.Linear: 5 parameters but only 3 points"},
		{"params > weighted points", fitErr(Linear(x, y, loss.Absolute{}, &Options{Weights: []float64{1, 0, 0, 1, 0}})), nil, "fit.Linear: 3 parameters but only 2 points with weight > 0"},
		{"collinear", fitErr(Linear(collinear, y, loss.Absolute{}, nil)), ErrSingular, "fit.Linear: singular design: x column 1 is a linear combination of the intercept and x columns 0–0"},
		{"constant column", fitErr(Linear(constant, y, h, nil)), ErrSingular, "fit.Linear: singular design: x column 1 is a linear combination"},
		{"ragged", fitErr(Linear([][]float64{{1}, {2, 3}}, []float64{1, 2}, h, nil)), nil, "fit.Linear: len(x[1]) = 2, want 1"},
		{"length", fitErr(Linear(x, y[:4], h, nil)), nil, "fit.Linear: len(x) = 5, len(y) = 4"},
		{"empty", fitErr(Linear(nil, nil, h, nil)), nil, "fit.Linear: empty input"},
		{"nil loss", fitErr(Linear(x, y, nil, nil)), nil, "fit.Linear: l is nil"},
		{"IRLS kink", fitErr(Linear(x, y, loss.Absolute{}, &Options{Method: IRLS})), nil, "fit.Linear: IRLS needs a finite weight"},
		{"exact smooth", fitErr(Linear(x, y, h, &Options{Method: Exact})), nil, "fit.Linear: Method Exact needs a piecewise-linear loss"},
		{"MAD exact", fitErr(Linear(x, y, loss.Absolute{}, &Options{ScaleMethod: MADScale})), nil, "fit.Linear: Options.ScaleMethod = MADScale needs Method IRLS, not Exact"},
		{"init length", fitErr(Linear(x, y, h, &Options{Init: []float64{1}})), nil, "fit.Linear: len(Options.Init) = 1, want 3"},
		{"labels", fitErr(Logistic(x, []float64{0, 1, 2, 1, 0}, loss.Logistic{}, nil)), nil, "fit.Logistic: y[2] = 2, want a label in {−1, +1} or {0, 1}"},
		{"mixed labels", fitErr(Logistic(x, []float64{0, 1, -1, 1, 0}, loss.Logistic{}, nil)), nil, "fit.Logistic: y has both 0 and −1 labels"},
		{"zero-one", fitErr(Logistic(x, []float64{0, 1, 0, 1, 0}, loss.ZeroOne{}, nil)), nil, "fit.Logistic: loss ZeroOne is flat"},
		{"softmax label", softErr(Softmax(x, []int{0, 1, 3, 1, 0}, 3, nil)), nil, "fit.Softmax: labels[2] = 3, want a class in [0, 3)"},
		{"tau", qErr(Quantiles(x, y, []float64{0.5, 1}, nil)), nil, "fit.Quantiles: taus[1] = 1, want a level in (0, 1)"},
		{"sweep point", sweepErr(OutlierSweep(x, y, 7, []float64{1}, []loss.Regression{h}, nil)), nil, "fit.OutlierSweep: point = 7, want an index in [0, 5)"},
		{"influence smooth", infErr(LinearInfluence(x, y, loss.Absolute{}, 0, nil)), nil, "fit.LinearInfluence: Absolute has no second derivative"},
	}
	for _, tc := range cases {
		if tc.err == nil {
			t.Errorf("%s: no error, want %q", tc.name, tc.want)
			continue
		}
		if !strings.HasPrefix(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %q, want prefix %q", tc.name, tc.err, tc.want)
		}
		if tc.sentinel != nil && !errors.Is(tc.err, tc.sentinel) {
			t.Errorf("%s: error %q does not wrap %v", tc.name, tc.err, tc.sentinel)
		}
	}
}

func fitErr(_ *Result, err error) error         { return err }
func softErr(_ *SoftmaxResult, err error) error { return err }
func qErr(_ *QuantileResult, err error) error   { return err }
func sweepErr(_ *Sweep, err error) error        { return err }
func infErr(_ *Influence, err error) error      { return err }

func TestSeparable(t *testing.T) {
	x := [][]float64{{0}, {1}, {2}, {3}, {4}, {5}}
	y := []float64{0, 0, 0, 1, 1, 1}
	res, err := Logistic(x, y, loss.Logistic{}, nil)
	if !errors.Is(err, ErrSeparable) {
		t.Fatalf("separable data: err = %v, want ErrSeparable", err)
	}
	if !strings.HasPrefix(err.Error(), "fit.Logistic: classes are linearly separable") || res == nil {
		t.Errorf("error %q, result %v", err, res)
	}
	if _, err := Logistic(x, y, loss.Exponential{}, nil); !errors.Is(err, ErrSeparable) {
		t.Errorf("exponential loss: err = %v, want ErrSeparable", err)
	}
	// Hinge has a finite (non-unique) optimum of 0 on separable data.
	h, err := Logistic(x, y, loss.Hinge{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "hinge objective on separable data", h.Objective, 0, 1e-12)
	// The documented regularisation gives a finite optimum.
	r, err := Logistic(x, y, loss.Logistic{}, &Options{L2: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Converged || math.IsNaN(r.Coef[0]) || r.Coef[0] <= 0 {
		t.Errorf("L2 fit: %+v", r)
	}
	// The stationarity condition ∇L = 0 holds with the penalty.
	var g0, g1 float64
	for i, v := range x {
		m := (2*y[i] - 1) * (r.Intercept + r.Coef[0]*v[0])
		d := (2*y[i] - 1) * loss.Logistic{}.Deriv(m) / float64(len(y))
		g0 += d
		g1 += d * v[0]
	}
	near(t, "∂L/∂b", g0, 0, 1e-9)
	near(t, "∂L/∂β", g1+0.01*r.Coef[0], 0, 1e-9)
	// Softmax.
	if _, err := Softmax(x, []int{0, 0, 1, 1, 2, 2}, 3, nil); !errors.Is(err, ErrSeparable) {
		t.Errorf("softmax on separable data: err = %v, want ErrSeparable", err)
	}
}

func TestNotConverged(t *testing.T) {
	x, y := synth(50, 2, 2)
	h, _ := loss.NewHuber(0.5)
	res, err := Linear(x, y, h, &Options{Method: IRLS, MaxIter: 2})
	if !errors.Is(err, ErrNotConverged) || res == nil || res.Converged || res.Iterations != 2 {
		t.Errorf("IRLS MaxIter 2: res %+v, err %v", res, err)
	}
	res, err = Linear(x, y, loss.Absolute{}, &Options{MaxIter: 1, Init: []float64{100, 0, 0}})
	if !errors.Is(err, ErrNotConverged) || res == nil || res.Converged {
		t.Errorf("Exact MaxIter 1: res %+v, err %v", res, err)
	}
}

// TestExactDegenerate: integer data with many ties (degenerate vertices,
// more than p residuals at 0) still give the LP optimum.
func TestExactDegenerate(t *testing.T) {
	var x [][]float64
	var y []float64
	for i := 0; i < 30; i++ {
		x = append(x, []float64{float64(i % 5), float64(i % 3)})
		y = append(y, float64(i%5+(i%3)*2+(i*7)%4-1))
	}
	// This one stalls the plain vertex descent (no basis edge descends at a
	// non-optimal degenerate vertex): solved through the tie-breaking
	// perturbation.
	var x2 [][]float64
	var y2 []float64
	for i := 0; i < 20; i++ {
		x2 = append(x2, []float64{float64(i)})
		y2 = append(y2, float64(i)+float64((i*7)%10)-4.5)
	}
	for _, tau := range []float64{0.1, 0.5, 0.9} {
		a, err := Linear(x2, y2, loss.Pinball{Tau: tau}, nil)
		if err != nil {
			t.Fatalf("τ = %v: %v", tau, err)
		}
		b, err := Linear(x2, y2, loss.Pinball{Tau: tau}, &Options{Method: Simplex})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "stalling case objective", a.Objective, b.Objective, 1e-12)
	}
	for _, tau := range []float64{0.25, 0.5, 0.8} {
		l := loss.Pinball{Tau: tau}
		a, err := Linear(x, y, l, nil)
		if err != nil {
			t.Fatalf("τ = %v: %v", tau, err)
		}
		b, err := Linear(x, y, l, &Options{Method: Simplex})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "degenerate objective", a.Objective, b.Objective, 1e-12)
		zeros := 0
		pred, _ := a.Predict(x)
		for i := range y {
			if math.Abs(y[i]-pred[i]) < 1e-9 {
				zeros++
			}
		}
		t.Logf("τ = %v: %d zero residuals, %d pivots", tau, zeros, a.Iterations)
	}
}
