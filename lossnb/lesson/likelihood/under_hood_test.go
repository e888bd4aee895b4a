package likelihood

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/loss"
	"gonum.org/v1/gonum/floats/scalar"
)

// ceFit returns notebook 02's cross-entropy model, fitted on its training set, and
// the test set, as the notebook's cells make them.
func ceFit(t *testing.T) (m *fit.Result, xt [][]float64, yt []float64) {
	t.Helper()
	x, y, err := BinaryData(500, 3, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	xt, yt, err = BinaryData(5000, 3, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	return nbtest.Must(fit.Logistic(x, y, loss.Logistic{}, nil))(t), xt, yt
}

// ceProbs returns the cross-entropy model's probabilities and labels on
// notebook 02's test set, as the notebook's cell computes them.
func ceProbs(t *testing.T) (p, y []float64) {
	m, xt, yt := ceFit(t)
	s := nbtest.Must(m.Predict(xt))(t)
	p = make([]float64, len(s))
	for i, v := range s {
		p[i] = 1 / (1 + math.Exp(-v))
	}
	return p, yt
}

// TestECEByHand: the long way gives Calibrate's ECE and CalibrationModels'
// cross-entropy ECE (0.019 in the prose) exactly; a bin index off by one
// or unweighted bins would not.
func TestECEByHand(t *testing.T) {
	p, y := ceProbs(t)
	r := nbtest.Must(Calibrate(p, y, 10))(t)
	models := nbtest.Must(CalibrationModels(500, 5000))(t)
	got := ECEByHand(p, y, 10)
	if !scalar.EqualWithinAbsOrRel(got, r.ECE, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(got, models[0].ECE, 1e-12, 1e-12) {
		t.Errorf("ECEByHand %v, Calibrate %v, CalibrationModels %v", got, r.ECE, models[0].ECE)
	}
}

// TestClaimsPredict ties the numbers of notebook 02's predictions, under-the-hood
// cell and new exercises to what the cells compute: a changed cost, sample size or
// data set fails here with the sentence that states it.
func TestClaimsPredict(t *testing.T) {
	text02 := nbtest.Prose(t, "02-probabilistic-story.ipynb")
	code02 := nbtest.Code(t, "02-probabilistic-story.ipynb")
	nbtest.Claim(t, text02, "loses its margin, **3**", StockShortCost, 3, 0)
	nbtest.Claim(t, text02, "thrown away at its cost, **1**", StockLeftoverCost, 1, 0)
	xs, _ := StockDemand(2000, 2)
	if !strings.Contains(text02, "forecast $x$ (0 to 10)") || slices.Min(xs) < 0 || slices.Max(xs) > 10 {
		t.Errorf("StockDemand's forecasts span [%v, %v], the prose says 0 to 10", slices.Min(xs), slices.Max(xs))
	}
	for phrase, call := range map[string]string{
		"trains your fit on 200 days (`likelihood.StockDemand(200, 1)`)": "likelihood.StockDemand(200, 1)",
		"charges its stock on 2000 new days":                             "likelihood.StockDemand(2000, 2)",
	} {
		if !strings.Contains(text02, phrase) || !strings.Contains(code02, call) {
			t.Errorf("prose %q or code %q missing", phrase, call)
		}
	}
	// The calibration prediction's five labels are the five models, in order.
	models := nbtest.Must(CalibrationModels(500, 5000))(t)
	nbtest.Claim(t, text02, "Five models are compared", float64(len(models)), 5, 0)
}
