package nb_test

import (
	"fmt"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/nb"
)

// A notebook cell: compute the curves in Go, then show them. Outside a
// notebook (as here) Show does nothing.
func ExampleShow() {
	r := []float64{-2, -1, 0, 1, 2}
	c := chart.NewLines("Loss against the residual")
	c.XLabel, c.YLabel = "residual y − ŷ", "loss"
	c.Add("MSE", r, []float64{4, 1, 0, 1, 4})
	c.Add("MAE", r, []float64{2, 1, 0, 1, 2})
	nb.Show(c)
	// Output:
}

// A training loop's progress. In a notebook the rows update one output in place and
// it ends showing Text; outside a notebook (as here) each Row prints a line.
func ExampleProgress() {
	p := nb.NewProgress("Training")
	for step := 0; step <= 200; step += 100 {
		p.Row("hinge", "step %3d   loss %.3f", step, 1/float64(step+1))
		p.Row("logistic", "step %3d   loss %.3f", step, 2/float64(step+2))
	}
	fmt.Print("\n", p.Text())
	// Output:
	// hinge: step   0   loss 1.000
	// logistic: step   0   loss 1.000
	// hinge: step 100   loss 0.010
	// logistic: step 100   loss 0.020
	// hinge: step 200   loss 0.005
	// logistic: step 200   loss 0.010
	//
	// Training
	// hinge     step 200   loss 0.005
	// logistic  step 200   loss 0.010
}
