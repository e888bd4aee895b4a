package exercise_test

import (
	"os"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

// A prediction of 5 for a run that gave 3.71: too high, and by how much.
func ExamplePredict() {
	exercise.Output = os.Stdout // the test's standard output, replaced after package init
	exercise.Predict("predict-outlier", "Your prediction: the MSE line's rise",
		func() float64 { return 5 }, 3.71, 0.5)
	// Output:
	// Your prediction: the MSE line's rise
	//   ✗ you predicted 5.0, the run gave 3.71: too high by 1.29 (35% off: the direction of
	//     your reasoning holds; look at what sets the size)
	// (practice: no points)
}

// Data that breaks the mean and not the median: one point of five moved.
func ExampleCheckBreak() {
	exercise.Output = os.Stdout
	exercise.CheckBreak("break-mean", "Break the mean", func() ([]float64, []float64) {
		return []float64{1, 2, 3, 4, 5}, []float64{1, 2, 3, 4, 100}
	}, exercise.Break{Breaks: exercise.Mean, Holds: exercise.Median, MinMove: 10})
	// Output:
	// Break the mean
	//   ✓ a fair move: 1 point of 5 moved
	//   ✓ the mean moves by 19.0 (from 3.0 to 22.0), more than 10.0
	//   ✓ the median stays at 3.0
	// Score: 3/3
}
