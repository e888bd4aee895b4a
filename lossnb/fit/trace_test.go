package fit

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

func TestTraceLinear(t *testing.T) {
	x, y := synth(100, 1, 17)
	mse, err := TraceLinear(x, y, loss.Squared{}, &TraceOptions{Steps: 200, LearningRate: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if len(mse.Loss) != 201 || len(mse.Params) != 201 || len(mse.Metric) != 201 {
		t.Fatalf("lengths %d %d %d", len(mse.Loss), len(mse.Params), len(mse.Metric))
	}
	for k := 1; k < len(mse.Loss); k++ {
		if !(mse.Loss[k] <= mse.Loss[k-1]*(1+1e-12)) {
			t.Fatalf("MSE gradient descent: loss rose at step %d: %v → %v", k, mse.Loss[k-1], mse.Loss[k])
		}
	}
	ols, _ := Linear(x, y, loss.Squared{}, nil)
	nearSlice(t, "GD converges to OLS", mse.Params[200], ols.Params(), 1e-6)
	if mse.GradNorm[200] > 1e-6 {
		t.Errorf("MSE gradient at the end %v, want → 0", mse.GradNorm[200])
	}
	// MAE: the subgradient does not vanish near the minimum (oscillation).
	mae, err := TraceLinear(x, y, loss.Absolute{}, &TraceOptions{Steps: 300, LearningRate: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	lad, _ := Linear(x, y, loss.Absolute{}, nil)
	if d := mae.Loss[300] - lad.Objective; !(d >= 0 && d < 0.05) {
		t.Errorf("MAE GD loss %v vs LAD optimum %v", mae.Loss[300], lad.Objective)
	}
	var minG float64 = math.Inf(1)
	for _, g := range mae.GradNorm[250:] {
		minG = math.Min(minG, g)
	}
	if !(minG > 1e-3) {
		t.Errorf("MAE subgradient norm near the minimum = %v, want it to stay away from 0", minG)
	}
	// SGD is reproducible from the seed and differs between seeds.
	o := &TraceOptions{Steps: 20, Batch: 10, Seed: 1}
	a, _ := TraceLinear(x, y, loss.Squared{}, o)
	b, _ := TraceLinear(x, y, loss.Squared{}, o)
	c, _ := TraceLinear(x, y, loss.Squared{}, &TraceOptions{Steps: 20, Batch: 10, Seed: 2})
	if a.Loss[20] != b.Loss[20] || a.Loss[20] == c.Loss[20] {
		t.Errorf("SGD losses %v %v %v: want equal for equal seeds only", a.Loss[20], b.Loss[20], c.Loss[20])
	}
	if _, err := TraceLinear(x, y, loss.Squared{}, &TraceOptions{LearningRate: 50}); err == nil {
		t.Error("divergent learning rate: no error")
	}
}

func TestTraceLogistic(t *testing.T) {
	x, yr := synth(200, 2, 19)
	y := classes(yr)
	tr, err := TraceLogistic(x, y, loss.Logistic{}, &TraceOptions{Steps: 500, LearningRate: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if tr.MetricName != "accuracy" || len(tr.F1) != 501 {
		t.Fatalf("metric %q, %d F1 values", tr.MetricName, len(tr.F1))
	}
	fit, err := Logistic(x, y, loss.Logistic{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := tr.Loss[500] - fit.Objective; !(d >= 0 && d < 1e-3) {
		t.Errorf("log-loss after GD %v, optimum %v", tr.Loss[500], fit.Objective)
	}
	if tr.Metric[0] > 0.6 || tr.Metric[500] < 0.75 || tr.F1[500] < 0.7 {
		t.Errorf("accuracy %v → %v, F1 %v", tr.Metric[0], tr.Metric[500], tr.F1[500])
	}
}
