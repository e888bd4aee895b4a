package fit_test

import (
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/apicheck"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// A small valid problem for the bad-input walk: one feature, eight points.
var (
	bX   = [][]float64{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}}
	bY   = []float64{0.1, 1.2, 1.9, 3.2, 3.9, 5.1, 6.2, 6.8}
	bSgn = []float64{-1, -1, 1, -1, 1, 1, -1, 1}
	bLab = []int{0, 0, 1, 0, 2, 1, 2, 2}
	bR   = []float64{-2, -0.5, 0, 0.5, 2}
)

// badRegression are loss literals with parameters their constructors
// refuse: a fit must reject them (TraceLinear with Huber{Delta: -1} traced
// a negative loss, InfluenceCurve with Pinball{Tau: 1.5} an influence of
// 1e14).
var badRegression = []any{loss.Huber{Delta: -1}, loss.Pinball{Tau: 1.5}, loss.Tukey{C: -2}, loss.Cauchy{}}

func fitSpecs() []apicheck.Spec {
	f := apicheck.Fresh
	hub := loss.Huber{Delta: 1}
	bad := map[string][]any{"l": badRegression}
	opt := []string{"o", "x"} // x = nil: a model with an intercept only
	res, _ := fit.Linear(bX, bY, loss.Squared{}, nil)
	qr, _ := fit.Quantiles(bX, bY, []float64{0.25, 0.75}, nil)
	sr, _ := fit.Softmax(bX, bLab, 3, &fit.Options{L2: 0.1})
	return []apicheck.Spec{
		{Name: "InfluenceCurve", Fn: fit.InfluenceCurve, Args: f(nil, hub, bR), Optional: []string{"dst"}, FreeLen: []string{"r"}, Bad: bad},
		{Name: "LinearInfluence", Fn: fit.LinearInfluence, Args: f(bX, bY, hub, 2, (*fit.Options)(nil)), Optional: opt, Bad: bad},
		{Name: "LogisticInfluence", Fn: fit.LogisticInfluence, Args: f(bX, bSgn, loss.Logistic{}, 2, (*fit.Options)(nil)), Optional: opt},
		{Name: "PredictionInterval", Fn: fit.PredictionInterval, Args: f(bX, bY, 0.1, 0.9, [][]float64{{1}, {3}}, []float64{1, 3}, (*fit.Options)(nil)),
			Optional: []string{"o", "xEval", "yEval"}, FreeLen: []string{"xEval", "yEval"}},
		{Name: "Location", Fn: fit.Location, Args: f(bY, hub, (*fit.Options)(nil)), Optional: opt, FreeLen: []string{"x"}, Bad: bad},
		{Name: "Method.String", Fn: fit.Method.String, Args: f(fit.IRLS), NoCheck: true},
		{Name: "Quantiles", Fn: fit.Quantiles, Args: f(bX, bY, []float64{0.25, 0.5}, (*fit.Options)(nil)), Optional: opt, FreeLen: []string{"taus"}},
		{Name: "QuantileResult.Predict", Fn: (*fit.QuantileResult).Predict, Args: f(qr, [][]float64{{1}, {2}}), FreeLen: []string{"x"}, Optional: []string{"x"}},
		{Name: "Linear", Fn: fit.Linear, Args: f(bX, bY, hub, &fit.Options{Scale: 1, Tol: 1e-9}), Optional: opt, Bad: bad},
		{Name: "PenalizedLeastSquares", Fn: fit.PenalizedLeastSquares, Args: f(bX, bY, fit.Penalty{L1: 0.1, L2: 0.1}, (*fit.Options)(nil)), Optional: opt},
		{Name: "Logistic", Fn: fit.Logistic, Args: f(bX, bSgn, loss.Logistic{}, &fit.Options{L2: 0.01}), Optional: opt},
		{Name: "Result.Params", Fn: (*fit.Result).Params, Args: f(res)},
		{Name: "Result.Predict", Fn: (*fit.Result).Predict, Args: f(res, [][]float64{{1}, {2}}), FreeLen: []string{"x"}, Optional: []string{"x"}},
		{Name: "Softmax", Fn: fit.Softmax, Args: f(bX, bLab, 3, &fit.Options{L2: 0.1}), Optional: opt},
		{Name: "SoftmaxResult.Probs", Fn: (*fit.SoftmaxResult).Probs, Args: f(sr, [][]float64{{1}, {2}}), FreeLen: []string{"x"}, Optional: []string{"x"}},
		{Name: "OutlierSweep", Fn: fit.OutlierSweep, Args: f(bX, bY, 3, []float64{-5, 0, 5}, []loss.Regression{loss.Squared{}, hub}, (*fit.Options)(nil)),
			Optional: opt, FreeLen: []string{"values", "losses"}},
		{Name: "TraceLinear", Fn: fit.TraceLinear, Args: f(bX, bY, hub, &fit.TraceOptions{Steps: 20}), Optional: opt, Bad: bad},
		{Name: "TraceLogistic", Fn: fit.TraceLogistic, Args: f(bX, bSgn, loss.Logistic{}, &fit.TraceOptions{Steps: 20}), Optional: opt},
	}
}

// TestBadInput walks every exported function and method of fit with bad
// inputs: it catches a panic, a hang, a silent NaN, an accepted bad input,
// or an error not naming the function, the argument and the value; its
// guard catches a new exported function with no entry.
func TestAPIBadInput(t *testing.T) {
	specs := fitSpecs()
	var names []string
	for _, s := range specs {
		names = append(names, s.Name)
	}
	api := apicheck.Guard(t, ".", names)
	for _, s := range specs {
		apicheck.Walk(t, "fit", api[s.Name], s)
	}
	t.Logf("%d calls", apicheck.Calls())
}

// TestBadInputMessages pins the messages of the cases the walk found: an
// error that names the function it delegates to (fit.Linear for
// LinearInfluence), the wrong argument (y for Location's data), or an
// out-of-range index for empty input fails here; so do loss literals with
// invalid parameters accepted by a fit.
func TestBadInputMessages(t *testing.T) {
	nan := math.NaN()
	hub := loss.Huber{Delta: 1}
	xs := [][]float64{{0}, {nan}, {2}, {3}}
	ys := []float64{0, 1, 2, 3}
	errOf := func(_ any, err error) error { return err }
	cases := []struct {
		err  error
		want string
	}{
		{errOf(fit.LinearInfluence(xs, ys, hub, 0, nil)), "fit.LinearInfluence: x[1][0] is NaN"},
		{errOf(fit.LinearInfluence(nil, nil, hub, 1, nil)), "fit.LinearInfluence: empty input (len(y) = 0)"},
		{errOf(fit.LogisticInfluence(xs, []float64{1, -1, 1, -1}, loss.Logistic{}, 0, nil)), "fit.LogisticInfluence: x[1][0] is NaN"},
		{errOf(fit.PredictionInterval(bX, bY, 0, 0.9, nil, nil, nil)), "fit.PredictionInterval: tauLo = 0, want a level in (0, 1)"},
		{errOf(fit.PredictionInterval(bX, bY, 0.1, 0.9, [][]float64{{nan}}, []float64{1}, nil)), "fit.PredictionInterval: xEval[0][0] is NaN"},
		{errOf(fit.PredictionInterval(bX, bY, 0.1, 0.9, [][]float64{}, []float64{}, nil)),
			"fit.PredictionInterval: len(yEval) = 0: no evaluation points (pass xEval = yEval = nil to evaluate on the training data)"},
		{errOf(fit.Location([]float64{1, 2, nan}, hub, nil)), "fit.Location: x[2] is NaN"},
		{errOf(fit.Linear(bX, bY, loss.Huber{Delta: -1}, nil)), "fit.Linear: l = loss.Huber{Delta:-1}: delta = -1, want > 0 (build it with loss.NewHuber)"},
		{errOf(fit.InfluenceCurve(nil, loss.Pinball{Tau: 1.5}, []float64{1})), "fit.InfluenceCurve: l = loss.Pinball{Tau:1.5}: tau = 1.5, want a value in (0, 1) (build it with loss.NewPinball)"},
		{errOf(fit.TraceLinear(bX, bY, loss.Tukey{C: -2}, nil)), "fit.TraceLinear: l = loss.Tukey{C:-2}: c = -2, want > 0 (build it with loss.NewTukey)"},
		{errOf(fit.OutlierSweep(bX, bY, 1, []float64{0}, []loss.Regression{loss.Squared{}, loss.Cauchy{}}, nil)),
			"fit.OutlierSweep: losses[1] = loss.Cauchy{C:0}: c = 0, want > 0 (build it with loss.NewCauchy)"},
		{errOf(fit.Softmax(bX, bLab[:7], 3, nil)), "fit.Softmax: len(x) = 8, len(labels) = 7"},
		{errOf(fit.Linear([][]float64{{0}, {1e200}, {2}}, []float64{1, 2, 3}, loss.Squared{}, nil)),
			"fit.Linear: x[1][0] = 1e+200, want |x| ≤ 1e+150 (squares of the data must not overflow: rescale it)"},
	}
	for _, c := range cases {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("got error %v, want %q", c.err, c.want)
		}
	}
	var nilQ *fit.QuantileResult
	if _, err := nilQ.Predict(bX); err == nil || !strings.HasPrefix(err.Error(), "fit.QuantileResult.Predict: ") {
		t.Errorf("nil QuantileResult.Predict: %v", err)
	}
}

// TestSoftmaxInit: a warm start from a previous fit's parameters was
// refused for every length (Options.Init was checked against 1 + features
// as well as (k−1)(1 + features)).
func TestSoftmaxInit(t *testing.T) {
	o := &fit.Options{L2: 0.1}
	a, err := fit.Softmax(bX, bLab, 3, o)
	if err != nil {
		t.Fatal(err)
	}
	var init []float64
	for k := 1; k < 3; k++ {
		init = append(append(init, a.Intercept[k]), a.Coef[k]...)
	}
	b, err := fit.Softmax(bX, bLab, 3, &fit.Options{L2: 0.1, Init: init})
	if err != nil {
		t.Fatalf("Softmax with Init of length %d: %v", len(init), err)
	}
	if d := math.Abs(a.Objective - b.Objective); d > 1e-12 {
		t.Errorf("warm-started objective %v, cold %v", b.Objective, a.Objective)
	}
	if _, err := fit.Softmax(bX, bLab, 3, &fit.Options{Init: []float64{1}}); err == nil ||
		err.Error() != "fit.Softmax: len(Options.Init) = 1, want 4 ((k−1)·(1 + features))" {
		t.Errorf("Softmax with a short Init: %v", err)
	}
}

// TestSoftmaxProbsHuge: scores fₖ(x) overflow at x = 1e308 though the
// probabilities fit; they must match the limit (all mass on the class
// with the largest slope), not NaN.
func TestSoftmaxProbsHuge(t *testing.T) {
	r, err := fit.Softmax(bX, bLab, 3, &fit.Options{L2: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	best := 0
	for k := range r.Coef {
		if len(r.Coef[k]) > 0 && r.Coef[k][0] > r.Coef[best][0] || len(r.Coef[best]) == 0 && len(r.Coef[k]) > 0 && r.Coef[k][0] > 0 {
			best = k
		}
	}
	if r.Coef[best][0] <= 0 {
		t.Fatalf("no class with a positive slope: %v", r.Coef)
	}
	p, err := r.Probs([][]float64{{1e308}})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range p[0] {
		want := 0.0
		if k == best {
			want = 1
		}
		if v != want {
			t.Errorf("Probs at x = 1e308: p[%d] = %v, want %v", k, v, want)
		}
	}
}
