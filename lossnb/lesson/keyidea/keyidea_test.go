package keyidea

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
)

func TestRegressionLosses(t *testing.T) {
	c := nbtest.Must(RegressionLosses(Deltas, 0.5))(t)
	if got := c.Frames.Slider.Values[c.Frames.Slider.Init]; got != 0.5 {
		t.Errorf("initial δ = %v, want 0.5", got)
	}
	if len(c.Frames.Series) != len(Deltas) {
		t.Fatalf("%d frames, want %d", len(c.Frames.Series), len(Deltas))
	}
	mse, mae := c.Series[0], c.Series[1]
	for i, r := range mse.X {
		if !scalar.EqualWithinAbsOrRel(mse.Y[i], r*r, 1e-15, 1e-15) {
			t.Fatalf("MSE at r = %v: got %v, want %v", r, mse.Y[i], r*r)
		}
		if mae.Y[i] != math.Abs(r) {
			t.Fatalf("MAE at r = %v: got %v, want %v", r, mae.Y[i], math.Abs(r))
		}
	}
	// Huber's closed form (Huber 1964; PyTorch's HuberLoss): ½r² inside δ, δ(|r|−½δ) outside.
	for k, d := range Deltas {
		h := c.Frames.Series[k][0]
		for i, r := range h.X {
			want := 0.5 * r * r
			if math.Abs(r) > d {
				want = d * (math.Abs(r) - 0.5*d)
			}
			if !scalar.EqualWithinAbsOrRel(h.Y[i], want, 1e-14, 1e-14) {
				t.Fatalf("Huber(δ=%v) at r = %v: got %v, want %v", d, r, h.Y[i], want)
			}
		}
	}
}

func TestRegressionLossesBadInput(t *testing.T) {
	for _, tc := range []struct {
		deltas []float64
		delta  float64
		want   string
	}{
		{nil, 1, "deltas is empty"},
		{[]float64{1, -0.5}, 1, "deltas[1]"},
		{[]float64{1, math.NaN()}, 1, "deltas[1]"},
		{[]float64{1}, math.NaN(), "delta is NaN"},
	} {
		_, err := RegressionLosses(tc.deltas, tc.delta)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "keyidea.RegressionLosses") {
			t.Errorf("RegressionLosses(%v, %v): error %v, want one naming %q", tc.deltas, tc.delta, err, tc.want)
		}
	}
}

func TestRegressionGradients(t *testing.T) {
	c := nbtest.Must(RegressionGradients(0.5))(t)
	mse, mae, huber := c.Series[0], c.Series[1], c.Series[2]
	for i, r := range mse.X {
		clip := math.Max(-0.5, math.Min(0.5, r))
		sign := 0.0
		if r > 0 {
			sign = 1
		} else if r < 0 {
			sign = -1
		}
		if mse.Y[i] != 2*r || mae.Y[i] != sign || !scalar.EqualWithinAbsOrRel(huber.Y[i], clip, 1e-15, 1e-15) {
			t.Fatalf("at r = %v: ψ = %v, %v, %v; want %v, %v, %v", r, mse.Y[i], mae.Y[i], huber.Y[i], 2*r, sign, clip)
		}
	}
	if _, err := RegressionGradients(0); err == nil || !strings.Contains(err.Error(), "delta = 0") {
		t.Errorf("RegressionGradients(0): error %v, want one naming delta = 0", err)
	}
}

// TestNotebook01ChartsRender renders every chart notebook 01 shows, as nb.Show would:
// a NaN in a curve or a bad frame fails here, not in a student's notebook.
func TestNotebook01ChartsRender(t *testing.T) {
	key := nbtest.Must(KeyIdea(Deltas, 0.5))(t)
	grad := nbtest.Must(RegressionGradients(0.5))(t)
	outlier := nbtest.Must(OutlierDemo())(t)
	predict := nbtest.Must(WhatEachLossPredicts(SkewedSample(500), Taus, 0.9))(t)
	for name, items := range map[string][]chart.Item{
		"KeyIdea": {key}, "RegressionGradients": {grad}, "OutlierDemo": outlier,
		"WhatEachLossPredicts": {predict}, "MarginGradients": {MarginGradients()},
	} {
		if _, err := chart.Render(items...); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
