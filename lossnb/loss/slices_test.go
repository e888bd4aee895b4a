package loss

import (
	"math"
	"testing"
)

func TestMSEClosedForm(t *testing.T) {
	pred := []float64{1, 2, 3, 4}
	target := []float64{1.5, 2, 1, 8}
	want := (0.25 + 0 + 4 + 16) / 4.0
	assertNear(t, "MSE", mk(MSE(pred, target, Options{})), want, 1e-15)
	g := make([]float64, 4)
	v := mk(gv(MSEGrad(g, pred, target, Options{})))
	assertNear(t, "MSEGrad value", v, want, 1e-15)
	for i := range g {
		assertNear(t, "MSEGrad", g[i], 2*(pred[i]-target[i])/4, 1e-15)
	}
	assertNear(t, "MAE", mk(MAE(pred, target, Options{})), (0.5+0+2+4)/4.0, 1e-15)
	// F.huber_loss(delta=1): 0.125, 0, 1.5, 3.5.
	assertNear(t, "HuberLoss", mk(HuberLoss(pred, target, 1, Options{})), (0.125+0+1.5+3.5)/4, 1e-15)
	// F.smooth_l1_loss(beta=2): 0.0625, 0, 1, 3.
	assertNear(t, "SmoothL1Loss", mk(SmoothL1Loss(pred, target, 2, Options{})), (0.0625+0+1+3)/4, 1e-15)
	// Pinball τ = 0.9 with r = target − pred = 0.5, 0, −2, 4.
	assertNear(t, "PinballLoss", mk(PinballLoss(pred, target, 0.9, Options{})), (0.45+0+0.2+3.6)/4, 1e-15)
	// The shortcuts agree with the generic functions.
	for _, tc := range []struct {
		name string
		got  float64
		l    Regression
	}{
		{"MSE", mk(MSE(pred, target, Options{})), Squared{}},
		{"MAE", mk(MAE(pred, target, Options{})), Absolute{}},
		{"HuberLoss", mk(HuberLoss(pred, target, 1.3, Options{})), Huber{1.3}},
		{"SmoothL1Loss", mk(SmoothL1Loss(pred, target, 0.4, Options{})), SmoothL1{0.4}},
		{"PinballLoss", mk(PinballLoss(pred, target, 0.3, Options{})), Pinball{0.3}},
	} {
		assertNear(t, tc.name+" vs Reduce", tc.got, mk(Reduce(pred, target, tc.l, Options{})), 1e-15)
	}
}

func TestGenericReductions(t *testing.T) {
	rng := newRand(5)
	n := 7
	pred, target := randVec(rng, n, 2), randVec(rng, n, 2)
	w := make([]float64, n)
	for i := range w {
		w[i] = rng.Float64() + 0.1
	}
	for _, tc := range allRegression(t) {
		l := tc.l
		var sw, sum float64
		for i := range pred {
			sw += w[i]
			sum += w[i] * l.Value(target[i]-pred[i])
		}
		assertNear(t, l.Name()+" Sum", mk(Reduce(pred, target, l, Options{Weights: w, Reduction: Sum})), sum, 1e-13)
		assertNear(t, l.Name()+" weighted Mean", mk(Reduce(pred, target, l, Options{Weights: w})), sum/sw, 1e-13)
		el := make([]float64, n)
		mustOK(t, ge(Elems(el, pred, target, l, Options{Weights: w})))
		for i := range el {
			assertNear(t, l.Name()+" Elems", el[i], w[i]*l.Value(target[i]-pred[i]), 1e-15)
		}
		for _, red := range []Reduction{Mean, Sum} {
			g := make([]float64, n)
			v := mk(gv(Grad(g, pred, target, l, Options{Weights: w, Reduction: red})))
			assertNear(t, l.Name()+" Grad value", v, mk(Reduce(pred, target, l, Options{Weights: w, Reduction: red})), 1e-15)
			checkGrad(t, l.Name()+" Grad", func(p []float64) float64 {
				return mk(Reduce(p, target, l, Options{Weights: w, Reduction: red}))
			}, pred, g, 1e-6)
		}
	}
	// Shortcut gradients.
	for _, tc := range []struct {
		name string
		f    func(p []float64) (float64, error)
		g    func(dst, p []float64) (float64, error)
	}{
		{"MSE", func(p []float64) (float64, error) { return MSE(p, target, Options{}) }, func(d, p []float64) (float64, error) { return gv(MSEGrad(d, p, target, Options{})) }},
		{"MAE", func(p []float64) (float64, error) { return MAE(p, target, Options{}) }, func(d, p []float64) (float64, error) { return gv(MAEGrad(d, p, target, Options{})) }},
		{"HuberLoss", func(p []float64) (float64, error) { return HuberLoss(p, target, 0.8, Options{}) }, func(d, p []float64) (float64, error) { return gv(HuberLossGrad(d, p, target, 0.8, Options{})) }},
		{"SmoothL1Loss", func(p []float64) (float64, error) { return SmoothL1Loss(p, target, 0.8, Options{}) }, func(d, p []float64) (float64, error) { return gv(SmoothL1LossGrad(d, p, target, 0.8, Options{})) }},
		{"PinballLoss", func(p []float64) (float64, error) { return PinballLoss(p, target, 0.7, Options{}) }, func(d, p []float64) (float64, error) { return gv(PinballLossGrad(d, p, target, 0.7, Options{})) }},
	} {
		g := make([]float64, n)
		v := mk(tc.g(g, pred))
		assertNear(t, tc.name+"Grad value", v, mk(tc.f(pred)), 1e-15)
		checkGrad(t, tc.name+"Grad", func(p []float64) float64 { return mk(tc.f(p)) }, pred, g, 1e-6)
	}
}

func TestMarginSlices(t *testing.T) {
	rng := newRand(6)
	n := 9
	scores := randVec(rng, n, 2)
	labels := make([]float64, n)
	for i := range labels {
		labels[i] = 1
		if rng.IntN(2) == 0 {
			labels[i] = -1
		}
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = rng.Float64() + 0.1
	}
	for _, tc := range allMargin {
		l := tc.l
		var sw, sum float64
		for i := range scores {
			sw += w[i]
			sum += w[i] * l.Value(labels[i]*scores[i])
		}
		assertNear(t, l.Name()+" Sum", mk(MarginReduce(scores, labels, l, Options{Weights: w, Reduction: Sum})), sum, 1e-13)
		assertNear(t, l.Name()+" Mean", mk(MarginReduce(scores, labels, l, Options{Weights: w})), sum/sw, 1e-13)
		el := make([]float64, n)
		mustOK(t, ge(MarginElems(el, scores, labels, l, Options{Weights: w})))
		assertNear(t, l.Name()+" Elems[0]", el[0], w[0]*l.Value(labels[0]*scores[0]), 1e-15)
		g := make([]float64, n)
		mk(gv(MarginGrad(g, scores, labels, l, Options{Weights: w})))
		checkGrad(t, l.Name()+" MarginGrad", func(s []float64) float64 {
			return mk(MarginReduce(s, labels, l, Options{Weights: w}))
		}, scores, g, 1e-6)
	}
	// The logistic margin loss on ±1 labels is BCE with logits on 0/1 targets.
	y01 := make([]float64, n)
	for i, y := range labels {
		y01[i] = (y + 1) / 2
	}
	assertNear(t, "Logistic vs BCEWithLogits", mk(MarginReduce(scores, labels, Logistic{}, Options{})),
		mk(BCEWithLogits(scores, y01, BCEOptions{})), 1e-14)
}

func TestSliceErrors(t *testing.T) {
	// The exact messages promised in doc.go.
	exact := []struct {
		err  error
		want string
	}{
		{second(MSE([]float64{1, 2, 3}, []float64{1, 2, 3, 4}, Options{})), "loss.MSE: len(pred) = 3, len(target) = 4"},
		{second(MSE([]float64{math.NaN()}, []float64{1}, Options{})), "loss.MSE: pred[0] is NaN"},
		{second(MSE(nil, nil, Options{})), "loss.MSE: empty input"},
		{second(BCEWithLogits([]float64{0, 0, 0}, []float64{0, 1, 1.5}, BCEOptions{})), "loss.BCEWithLogits: target[2] = 1.5, want a value in [0, 1]"},
	}
	for _, tc := range exact {
		if tc.err == nil || tc.err.Error() != tc.want {
			t.Errorf("error = %v, want %q", tc.err, tc.want)
		}
	}
	p, y := []float64{1, 2}, []float64{0, 1}
	cases := []struct {
		err   error
		parts []string
	}{
		{second(MSE(p, []float64{0, math.Inf(1)}, Options{})), []string{"loss.MSE", "target[1] is +Inf"}},
		{second(gv(MSEGrad(make([]float64, 3), p, y, Options{}))), []string{"loss.MSEGrad", "len(dst) = 3, want 2"}},
		{second(MAE(p, y[:1], Options{})), []string{"loss.MAE", "len(pred) = 2", "len(target) = 1"}},
		{second(gv(MAEGrad(make([]float64, 2), []float64{math.Inf(-1), 0}, y, Options{}))), []string{"loss.MAEGrad", "pred[0] is -Inf"}},
		{second(HuberLoss(p, y, -1, Options{})), []string{"loss.HuberLoss", "delta = -1"}},
		{second(SmoothL1Loss(p, y, -1, Options{})), []string{"loss.SmoothL1Loss", "beta = -1"}},
		{second(gv(SmoothL1LossGrad(make([]float64, 2), p, y, math.NaN(), Options{}))), []string{"loss.SmoothL1LossGrad", "beta = NaN"}},
		{second(PinballLoss(p, y, 1.5, Options{})), []string{"loss.PinballLoss", "tau = 1.5"}},
		{second(gv(PinballLossGrad(make([]float64, 2), p, y, 0, Options{}))), []string{"loss.PinballLossGrad", "tau = 0"}},
		{second(Reduce(p, y, nil, Options{})), []string{"loss.Reduce", "l is nil"}},
		{second(Reduce(p, y, Squared{}, Options{Reduction: None})), []string{"loss.Reduce", "reduction = None", "Elems"}},
		{second(Reduce(p, y, Squared{}, Options{Reduction: Reduction(9)})), []string{"loss.Reduce", "reduction = Reduction(9)"}},
		{second(Reduce(p, y, Squared{}, Options{Weights: []float64{1}, Reduction: Mean})), []string{"loss.Reduce", "len(weights) = 1, want 0 or 2"}},
		{second(Reduce(p, y, Squared{}, Options{Weights: []float64{1, -1}, Reduction: Mean})), []string{"loss.Reduce", "weights[1] = -1", "≥ 0"}},
		{second(Reduce(p, y, Squared{}, Options{Weights: []float64{0, 0}, Reduction: Mean})), []string{"loss.Reduce", "weights sum to 0"}},
		{second(gv(Grad(make([]float64, 1), p, y, Squared{}, Options{}))), []string{"loss.Grad", "len(dst) = 1, want 2"}},
		{ge(Elems(make([]float64, 2), p, y, nil, Options{})), []string{"loss.Elems", "l is nil"}},
		{second(MarginReduce(p, []float64{1, 0}, Hinge{}, Options{})), []string{"loss.MarginReduce", "labels[1] = 0", "-1 or +1"}},
		{second(MarginReduce(p, []float64{1, -1}, nil, Options{})), []string{"loss.MarginReduce", "l is nil"}},
		{second(MarginReduce(p, []float64{1, -1}, Hinge{}, Options{Reduction: None})), []string{"loss.MarginReduce", "reduction = None", "MarginElems"}},
		{ge(MarginElems(make([]float64, 2), p, []float64{1, 2}, Hinge{}, Options{})), []string{"loss.MarginElems", "labels[1] = 2"}},
		{ge(MarginElems(make([]float64, 2), p, []float64{1, 1}, nil, Options{})), []string{"loss.MarginElems", "l is nil"}},
	}
	for _, tc := range cases {
		wantErr(t, tc.parts[0], tc.err, tc.parts...)
	}
}

func TestReductionString(t *testing.T) {
	for r, want := range map[Reduction]string{Mean: "Mean", Sum: "Sum", None: "None", 7: "Reduction(7)"} {
		if r.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(r), r.String(), want)
		}
	}
}
