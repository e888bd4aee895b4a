package exercise

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
)

// TestPredict: a prediction is compared with the run's value and told how
// far off it is. Anticipated wrong predictions: the wrong direction (too
// high), the wrong sign, the wrong order of magnitude, and the stub's 0.
// A check that scored a prediction, or said nothing about the miss, fails.
func TestPredict(t *testing.T) {
	for _, tc := range []struct {
		got  float64
		ok   bool
		want string
	}{
		{3.6, true, "✓ well predicted: you said 3.6, the run gave 3.71 (within 0.5)"},
		{5, false, "✗ you predicted 5.0, the run gave 3.71: too high by 1.29 (35% off"},
		{-3, false, "even the sign differs"},
		{40, false, "a factor of 10.8: the order of magnitude is off"},
		{0, false, "too low by 3.71. Is 0 your prediction, or the answer cell not written yet?"},
		{math.NaN(), false, "your prediction is NaN"},
	} {
		var r *Result
		out := capture(t, func() { r = Predict("p", "Prediction 1", func() float64 { return tc.got }, 3.71, 0.5) })
		if r.Max != 0 || r.Points != 0 || !r.Practice || r.Items[0].OK != tc.ok || !strings.Contains(out, tc.want) || !strings.Contains(out, "(practice: no points)") {
			t.Errorf("prediction %v: %d/%d practice %v\n%s", tc.got, r.Points, r.Max, r.Practice, out)
		}
	}
	out := capture(t, func() { Predict("p", "P", func() float64 { panic("your code here") }, 1, 0) })
	if !strings.Contains(out, "✗ your prediction panicked: it is not implemented yet") {
		t.Errorf("panicking prediction:\n%s", out)
	}
	var r *Result
	capture(t, func() { r = PredictScored("p", "P", func() float64 { return 1 }, 1, 0, 2) })
	if r.Points != 2 || r.Max != 2 || r.Practice {
		t.Errorf("scored prediction: %d/%d practice %v", r.Points, r.Max, r.Practice)
	}
}

// TestPredictChoice: the verdict names the prediction and what the run
// showed, with both explanations (none with HideExplanation); a wrong
// prediction and the stub's "" score nothing, and a practice item is 0 of 0.
func TestPredictChoice(t *testing.T) {
	c := Choice{Options: []string{"MSE", "MAE", "Huber"}, Why: map[string]string{
		"MSE": "its pull grows with the miss", "MAE": "its pull is the same for every miss"}}
	var r *Result
	out := capture(t, func() { r = PredictChoice("pc", "Which moves most?", func() string { return "mae" }, c, "MSE") })
	if r.Max != 0 || !r.Practice || r.Items[0].OK ||
		!strings.Contains(out, "✗ you predicted MAE, the run showed MSE. its pull grows with the miss (and on MAE. its pull is the same for every miss)") {
		t.Errorf("wrong prediction:\n%s", out)
	}
	out = capture(t, func() { r = PredictChoice("pc", "Which moves most?", func() string { return "MSE" }, c, "MSE") })
	if !r.Items[0].OK || !strings.Contains(out, "✓ well predicted: MSE. its pull grows") {
		t.Errorf("right prediction:\n%s", out)
	}
	c.HideExplanation, c.Points = true, 1
	out = capture(t, func() { r = PredictChoice("pc", "Which moves most?", func() string { return "MSE" }, c, "MSE") })
	if r.Points != 1 || r.Max != 1 || r.Practice || strings.Contains(out, "pull") {
		t.Errorf("scored, hidden explanation: %d/%d\n%s", r.Points, r.Max, out)
	}
	out = capture(t, func() { r = PredictChoice("pc", "Which moves most?", func() string { return "" }, c, "MSE") })
	if r.Points != 0 || !strings.Contains(out, "no answer yet") {
		t.Errorf("stub:\n%s", out)
	}
	var stderr bytes.Buffer
	FailOutput = &stderr
	defer func() { FailOutput = os.Stderr }()
	for _, bad := range []struct {
		run  func() *Result
		want string
	}{
		{func() *Result { return PredictChoice("pc", "P", nil, c, "Tukey") }, `actual = "Tukey" is not one of`},
		{func() *Result { c := c; c.Key = "MAE"; return PredictChoice("pc", "P", nil, c, "MSE") }, "differs from actual"},
		{func() *Result { return Predict("p", "P", nil, math.NaN(), 0) }, "actual = NaN"},
		{func() *Result { return Predict("p", "P", nil, 1, -1) }, "tol = -1.0"},
		{func() *Result { return PredictScored("p", "P", nil, 1, 0, 0) }, "points = 0"},
	} {
		capture(t, func() { r = bad.run() })
		if !strings.Contains(r.Invalid, bad.want) {
			t.Errorf("want %q, got invalid %q", bad.want, r.Invalid)
		}
	}
}

// TestChoiceExplainsPractice: an unkeyed (practice) check explains the
// chosen option after the first attempt, unless HideExplanation; when a
// hand-in is graded it is silent and records nothing, so the feedback holds
// the keyed check's one verdict (not "answer recorded" and "✗ not B").
func TestChoiceExplainsPractice(t *testing.T) {
	c := Choice{Options: []string{"A", "B"}, Why: map[string]string{"B": "B chases outliers."}}
	answer := func() string { return "b" }
	var r *Result
	out := capture(t, func() { r = CheckChoice("q-answered", "Q", answer, c) })
	if r.Max != 0 || !r.Practice || !strings.Contains(out, "✓ answer recorded: B. B chases outliers.") {
		t.Errorf("practice explanation:\n%s", out)
	}
	c.HideExplanation = true
	out = capture(t, func() { CheckChoice("q-answered", "Q", answer, c) })
	if strings.Contains(out, "chases") || !strings.Contains(out, "answer recorded: B (it is graded when you hand in)") {
		t.Errorf("hidden explanation:\n%s", out)
	}
	var got []*Result
	Record(func(r *Result) { got = append(got, r) })
	defer Record(nil)
	out = capture(t, func() {
		CheckChoice("q-answered", "Q", answer, c)
		k := c
		k.Key = "A"
		CheckChoice("q", "Q (graded)", answer, k)
	})
	if len(got) != 1 || got[0].ID != "q" || strings.Count(out, "\n  ") != 1 || !strings.Contains(out, "✗ not B. B chases outliers.") {
		t.Errorf("graded: recorded %d results, output:\n%s", len(got), out)
	}
	Record(nil)
	// nbgrader autograde run without LOSSNB_CHECKS (it sets NBGRADER_EXECUTION
	// itself): the graded notebook still shows the keyed verdict alone, not
	// "answer recorded … graded when you hand in" above "✗ not B"; nbgrader's
	// other runs (validate: the student's own, before handing in) keep the
	// practice line.
	for env, silent := range map[string]bool{"autograde": true, "validate": false, "": false} {
		t.Setenv("NBGRADER_EXECUTION", env)
		out = capture(t, func() {
			CheckChoice("q-answered", "Q", answer, c)
			k := c
			k.Key = "A"
			CheckChoice("q", "Q (graded)", answer, k)
		})
		if silent == strings.Contains(out, "answer recorded") || !strings.Contains(out, "✗ not B. B chases outliers.") {
			t.Errorf("NBGRADER_EXECUTION=%q: output:\n%s", env, out)
		}
	}
	k := c
	k.Key, k.Points = "B", 3
	capture(t, func() { r = CheckChoice("q", "Q", answer, k) })
	if r.Points != 3 || r.Max != 3 {
		t.Errorf("Choice.Points = 3: %d/%d", r.Points, r.Max)
	}
}
