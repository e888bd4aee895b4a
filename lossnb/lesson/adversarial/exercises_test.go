package adversarial

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/lesson/common/hinttest"
)

// Notebook 05, exercise 1 (derive the non-saturating generator's slope): the solution
// scores full marks, the stub none and no hint, and the three anticipated wrong answers
// (the minimax slope −σ(s), the slope in D, the loss itself) each get their own hint.
// Catches a hint that no longer tells them apart, or a reference that moved.
func TestExercise05NonSaturatingSlope(t *testing.T) {
	solution := func(s float64) float64 { return -1 / (1 + math.Exp(s)) }
	hinttest.WantCheckFuncHints(t, "ns", "ex1", NonSaturatingGenerator{}.Deriv, &exercise.Options{Var: "s"}, solution, NonSaturatingSlopeMistakes())
	// The hidden check's far points: the solution stays exact where e^s overflows.
	var hidden *exercise.Result
	out := hinttest.CheckOut(t, func() {
		hidden = exercise.CheckFunc("h", "h", solution, NonSaturatingGenerator{}.Deriv,
			&exercise.Options{Points: []float64{-800, -40, -12, -1e-3, 0, 1e-3, 12, 40, 800}, Var: "s"})
	})
	hinttest.WantScore(t, "solution far out", hidden, 1, 1, out)
}

// Notebook 05, exercise 4 (the valley's shift): the valley is at 2·Mode = 4 with
// V = −log 2; the right answer scores 1, the stub 0, and the three anticipated wrong
// answers (0, the Mode, −log 2) get their own hints. Catches a ValleyShift that finds
// the wrong minimum.
func TestExercise05Valley(t *testing.T) {
	at := nbtest.Must(ValleyShift(GANData, 3, 5))(t)
	if math.Abs(at-4) > 1e-4 {
		t.Errorf("ValleyShift = %v, want 4", at)
	}
	if v, _ := OptimalValue(GANData, at); math.Abs(v+math.Log(2)) > 1e-6 {
		t.Errorf("V at the valley = %v, want −log 2", v)
	}
	hinttest.WantNumberHints(t, at, 0.1, 4, ValleyMistakes(GANData))
	if _, err := ValleyShift(GANData, 5, 3); err == nil {
		t.Error("ValleyShift accepted lo > hi")
	}
}
