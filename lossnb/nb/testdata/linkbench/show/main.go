// Command show is a notebook cell showing a chart, for measuring link time
// (see ../bench.sh).
package main

import (
	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/nb"
)

func main() {
	x := []float64{-1, 0, 1}
	c := chart.NewLines("bench")
	c.Add("MSE", x, []float64{1, 0, 1})
	nb.Show(c)
}
