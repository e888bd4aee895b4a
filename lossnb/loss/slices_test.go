package loss

import (
	"math"
	"testing"
)

func TestMSEClosedForm(t *testing.T) {
	pred := []float64{1, 2, 3, 4}
	target := []float64{1.5, 2, 1, 8}
	want := (0.25 + 0 + 4 + 16) / 4.0
	assertNear(t, "MSE", mk(MSE(pred, target)), want, 1e-15)
	g := make([]float64, 4)
	v := mk(MSEGrad(g, pred, target))
	assertNear(t, "MSEGrad value", v, want, 1e-15)
	for i := range g {
		assertNear(t, "MSEGrad", g[i], 2*(pred[i]-target[i])/4, 1e-15)
	}
	assertNear(t, "MAE", mk(MAE(pred, target)), (0.5+0+2+4)/4.0, 1e-15)
	// F.huber_loss(delta=1): 0.125, 0, 1.5, 3.5.
	assertNear(t, "HuberLoss", mk(HuberLoss(pred, target, 1)), (0.125+0+1.5+3.5)/4, 1e-15)
	// F.smooth_l1_loss(beta=2): 0.0625, 0, 1, 3.
	assertNear(t, "SmoothL1Loss", mk(SmoothL1Loss(pred, target, 2)), (0.0625+0+1+3)/4, 1e-15)
	// Pinball τ = 0.9 with r = target − pred = 0.5, 0, −2, 4.
	assertNear(t, "PinballLoss", mk(PinballLoss(pred, target, 0.9)), (0.45+0+0.2+3.6)/4, 1e-15)
	// The shortcuts agree with the generic functions.
	for _, tc := range []struct {
		name string
		got  float64
		l    Regression
	}{
		{"MSE", mk(MSE(pred, target)), Squared{}},
		{"MAE", mk(MAE(pred, target)), Absolute{}},
		{"HuberLoss", mk(HuberLoss(pred, target, 1.3)), Huber{1.3}},
		{"SmoothL1Loss", mk(SmoothL1Loss(pred, target, 0.4)), SmoothL1{0.4}},
		{"PinballLoss", mk(PinballLoss(pred, target, 0.3)), Pinball{0.3}},
	} {
		assertNear(t, tc.name+" vs Reduce", tc.got, mk(Reduce(tc.l, pred, target, nil, Mean)), 1e-15)
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
		assertNear(t, l.Name()+" Sum", mk(Reduce(l, pred, target, w, Sum)), sum, 1e-13)
		assertNear(t, l.Name()+" weighted Mean", mk(Reduce(l, pred, target, w, Mean)), sum/sw, 1e-13)
		el := make([]float64, n)
		mustOK(t, Elems(el, l, pred, target, w))
		for i := range el {
			assertNear(t, l.Name()+" Elems", el[i], w[i]*l.Value(target[i]-pred[i]), 1e-15)
		}
		for _, red := range []Reduction{Mean, Sum} {
			g := make([]float64, n)
			v := mk(Grad(g, l, pred, target, w, red))
			assertNear(t, l.Name()+" Grad value", v, mk(Reduce(l, pred, target, w, red)), 1e-15)
			checkGrad(t, l.Name()+" Grad", func(p []float64) float64 {
				return mk(Reduce(l, p, target, w, red))
			}, pred, g, 1e-6)
		}
	}
	// Shortcut gradients.
	for _, tc := range []struct {
		name string
		f    func(p []float64) (float64, error)
		g    func(dst, p []float64) (float64, error)
	}{
		{"MSE", func(p []float64) (float64, error) { return MSE(p, target) }, func(d, p []float64) (float64, error) { return MSEGrad(d, p, target) }},
		{"MAE", func(p []float64) (float64, error) { return MAE(p, target) }, func(d, p []float64) (float64, error) { return MAEGrad(d, p, target) }},
		{"HuberLoss", func(p []float64) (float64, error) { return HuberLoss(p, target, 0.8) }, func(d, p []float64) (float64, error) { return HuberLossGrad(d, p, target, 0.8) }},
		{"SmoothL1Loss", func(p []float64) (float64, error) { return SmoothL1Loss(p, target, 0.8) }, func(d, p []float64) (float64, error) { return SmoothL1LossGrad(d, p, target, 0.8) }},
		{"PinballLoss", func(p []float64) (float64, error) { return PinballLoss(p, target, 0.7) }, func(d, p []float64) (float64, error) { return PinballLossGrad(d, p, target, 0.7) }},
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
		assertNear(t, l.Name()+" Sum", mk(MarginReduce(l, scores, labels, w, Sum)), sum, 1e-13)
		assertNear(t, l.Name()+" Mean", mk(MarginReduce(l, scores, labels, w, Mean)), sum/sw, 1e-13)
		el := make([]float64, n)
		mustOK(t, MarginElems(el, l, scores, labels, w))
		assertNear(t, l.Name()+" Elems[0]", el[0], w[0]*l.Value(labels[0]*scores[0]), 1e-15)
		g := make([]float64, n)
		mk(MarginGrad(g, l, scores, labels, w, Mean))
		checkGrad(t, l.Name()+" MarginGrad", func(s []float64) float64 {
			return mk(MarginReduce(l, s, labels, w, Mean))
		}, scores, g, 1e-6)
	}
	// The logistic margin loss on ±1 labels is BCE with logits on 0/1 targets.
	y01 := make([]float64, n)
	for i, y := range labels {
		y01[i] = (y + 1) / 2
	}
	assertNear(t, "Logistic vs BCEWithLogits", mk(MarginReduce(Logistic{}, scores, labels, nil, Mean)),
		mk(BCEWithLogits(scores, y01, BCEOptions{})), 1e-14)
}

func TestSliceErrors(t *testing.T) {
	// The exact messages promised in doc.go.
	exact := []struct {
		err  error
		want string
	}{
		{second(MSE([]float64{1, 2, 3}, []float64{1, 2, 3, 4})), "loss.MSE: len(pred) = 3, len(target) = 4"},
		{second(MSE([]float64{math.NaN()}, []float64{1})), "loss.MSE: pred[0] is NaN"},
		{second(MSE(nil, nil)), "loss.MSE: empty input"},
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
		{second(MSE(p, []float64{0, math.Inf(1)})), []string{"loss.MSE", "target[1] is +Inf"}},
		{second(MSEGrad(nil, p, y)), []string{"loss.MSEGrad", "dst is nil"}},
		{second(MSEGrad(make([]float64, 3), p, y)), []string{"loss.MSEGrad", "len(dst) = 3, want 2"}},
		{second(MAE(p, y[:1])), []string{"loss.MAE", "len(pred) = 2", "len(target) = 1"}},
		{second(MAEGrad(make([]float64, 2), []float64{math.Inf(-1), 0}, y)), []string{"loss.MAEGrad", "pred[0] is -Inf"}},
		{second(HuberLoss(p, y, -1)), []string{"loss.HuberLoss", "delta = -1"}},
		{second(HuberLossGrad(nil, p, y, 1)), []string{"loss.HuberLossGrad", "dst is nil"}},
		{second(SmoothL1Loss(p, y, -1)), []string{"loss.SmoothL1Loss", "beta = -1"}},
		{second(SmoothL1LossGrad(make([]float64, 2), p, y, math.NaN())), []string{"loss.SmoothL1LossGrad", "beta = NaN"}},
		{second(PinballLoss(p, y, 1.5)), []string{"loss.PinballLoss", "tau = 1.5"}},
		{second(PinballLossGrad(make([]float64, 2), p, y, 0)), []string{"loss.PinballLossGrad", "tau = 0"}},
		{second(Reduce(nil, p, y, nil, Mean)), []string{"loss.Reduce", "l is nil"}},
		{second(Reduce(Squared{}, p, y, nil, None)), []string{"loss.Reduce", "reduction = None", "Elems"}},
		{second(Reduce(Squared{}, p, y, nil, Reduction(9))), []string{"loss.Reduce", "reduction = Reduction(9)"}},
		{second(Reduce(Squared{}, p, y, []float64{1}, Mean)), []string{"loss.Reduce", "len(weights) = 1, want 0 or 2"}},
		{second(Reduce(Squared{}, p, y, []float64{1, -1}, Mean)), []string{"loss.Reduce", "weights[1] = -1", "≥ 0"}},
		{second(Reduce(Squared{}, p, y, []float64{0, 0}, Mean)), []string{"loss.Reduce", "weights sum to 0"}},
		{second(Grad(nil, Squared{}, p, y, nil, Mean)), []string{"loss.Grad", "dst is nil"}},
		{second(Grad(make([]float64, 1), Squared{}, p, y, nil, Mean)), []string{"loss.Grad", "len(dst) = 1, want 2"}},
		{Elems(nil, Squared{}, p, y, nil), []string{"loss.Elems", "dst is nil"}},
		{Elems(make([]float64, 2), nil, p, y, nil), []string{"loss.Elems", "l is nil"}},
		{second(MarginReduce(Hinge{}, p, []float64{1, 0}, nil, Mean)), []string{"loss.MarginReduce", "labels[1] = 0", "-1 or +1"}},
		{second(MarginReduce(nil, p, []float64{1, -1}, nil, Mean)), []string{"loss.MarginReduce", "l is nil"}},
		{second(MarginGrad(nil, Hinge{}, p, []float64{1, -1}, nil, Mean)), []string{"loss.MarginGrad", "dst is nil"}},
		{second(MarginReduce(Hinge{}, p, []float64{1, -1}, nil, None)), []string{"loss.MarginReduce", "reduction = None", "MarginElems"}},
		{MarginElems(make([]float64, 2), Hinge{}, p, []float64{1, 2}, nil), []string{"loss.MarginElems", "labels[1] = 2"}},
		{MarginElems(make([]float64, 2), nil, p, []float64{1, 1}, nil), []string{"loss.MarginElems", "l is nil"}},
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
