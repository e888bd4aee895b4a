package nb_test

import (
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
