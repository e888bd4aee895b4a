package likelihood

import (
	"fmt"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

// CalibrationChoice is notebook 02's prediction before the reliability
// diagram: which of CalibrationModels' five models has the smallest ECE? The
// labels follow the models' order.
var CalibrationChoice = exercise.Choice{
	Options: []string{"A", "B", "C", "D", "E"},
	Why: map[string]string{
		"A": "Cross-entropy is proper and the model family holds the truth, so its probabilities are nearly honest, but they carry the estimation error of 500 training points.",
		"B": "The hinge loss is not proper: it only cares about the side of the boundary, so σ of its score is no probability.",
		"C": "Focal loss damps the loss of confident cases: the model ends up under-confident.",
		"D": "Doubling the logits keeps every decision but pushes the probabilities towards 0 and 1: over-confident.",
		"E": "Always predicting the base rate is useless for deciding but honest on average: in its one bin, the predicted and the observed frequency agree. Calibration is not skill.",
	},
}

// LowestECE returns the label of CalibrationChoice of the model with the
// smallest ECE among models, in CalibrationModels' order.
func LowestECE(models []CalibModel) (string, error) {
	if len(models) != len(CalibrationChoice.Options) {
		return "", fmt.Errorf("likelihood.LowestECE: %d models, want the %d of CalibrationModels", len(models), len(CalibrationChoice.Options))
	}
	best := 0
	for i, m := range models {
		if m.ECE < models[best].ECE {
			best = i
		}
	}
	return CalibrationChoice.Options[best], nil
}
