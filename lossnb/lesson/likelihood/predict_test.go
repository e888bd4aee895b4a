package likelihood

import (
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
)

// TestLowestECE: the models come in the order the choice's explanations
// describe, and the base-rate model has the smallest ECE, as the prose
// says (0.014 against 0.019): a reordered CalibrationModels would pair a
// model with another's explanation.
func TestLowestECE(t *testing.T) {
	models := nbtest.Must(CalibrationModels(500, 5000))(t)
	for i, want := range []string{"cross-entropy", "hinge", "focal", "CE, logits", "base rate"} {
		if !strings.HasPrefix(models[i].Name, want) {
			t.Errorf("model %d is %q, want %q (CalibrationChoice's label %s)", i, models[i].Name, want, CalibrationChoice.Options[i])
		}
	}
	got, err := LowestECE(models)
	if err != nil || got != "E" {
		t.Errorf("LowestECE = %q, %v; want E", got, err)
	}
	if _, err := LowestECE(models[:2]); err == nil {
		t.Error("LowestECE of 2 models: no error")
	}
}
