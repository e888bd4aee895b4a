package lesson

import (
	"slices"
	"strings"
	"testing"
)

// TestClaimsPredictAndExercises ties the numbers of notebooks 01–03's
// predictions, under-the-hood cells and new exercises to what the cells
// compute: a changed cost, sample size or data set fails here with the
// sentence that states it.
func TestClaimsPredictAndExercises(t *testing.T) {
	text01 := prose(t, "01-key-idea.ipynb")
	d, err := NewOutlierData(20, -10, 30, 41)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text01, "(20 units up, one point of twenty)", float64(len(d.X)), 20, 0)
	claim(t, text01, "(the point's own $y$ is about 5.7)", float64(int(10*d.Y[d.Point]+0.5))/10, 5.7, 0)
	rise, err := OutlierRise(10, 30)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text01, "rises by 3.71", float64(int(100*rise[0]+0.5))/100, 3.71, 0)

	text02 := prose(t, "02-probabilistic-story.ipynb")
	code02 := codeOf(t, "02-probabilistic-story.ipynb")
	claim(t, text02, "loses its margin, **3**", StockShortCost, 3, 0)
	claim(t, text02, "thrown away at its cost, **1**", StockLeftoverCost, 1, 0)
	xs, _ := StockDemand(2000, 2)
	if !strings.Contains(text02, "forecast $x$ (0 to 10)") || slices.Min(xs) < 0 || slices.Max(xs) > 10 {
		t.Errorf("StockDemand's forecasts span [%v, %v], the prose says 0 to 10", slices.Min(xs), slices.Max(xs))
	}
	for phrase, call := range map[string]string{
		"trains your fit on 200 days (`lesson.StockDemand(200, 1)`)": "lesson.StockDemand(200, 1)",
		"charges its stock on 2000 new days":                         "lesson.StockDemand(2000, 2)",
	} {
		if !strings.Contains(text02, phrase) || !strings.Contains(code02, call) {
			t.Errorf("prose %q or code %q missing", phrase, call)
		}
	}
	// The calibration prediction's five labels are the five models, in order.
	models, err := CalibrationModels(500, 5000)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text02, "Five models are compared", float64(len(models)), 5, 0)

	text03 := prose(t, "03-robust-and-influence.ipynb")
	xs3, err := RobustSample(20, 11)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text03, "How many of the 20 points must be moved to 1000", float64(len(xs3)), 20, 0)
	claim(t, text03, "at 41 residuals from −5 to 5, for $c = 4.685$", RobustTukey.C, 4.685, 0)
}
