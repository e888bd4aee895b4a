package surrogate

import (
	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/lesson/common"
)

// Mistake is a likely wrong answer to an exercise and its feedback (common.Mistake).
type Mistake = common.Mistake

// PrintHint prints the hint of the mistake r's answer got matches, under r
// (common.PrintHint), so that the notebook's exercises name one lesson package.
func PrintHint(r *exercise.Result, got func(float64) float64, xs []float64, mistakes ...Mistake) {
	common.PrintHint(r, got, xs, mistakes...)
}
