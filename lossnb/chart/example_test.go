package chart_test

import (
	"fmt"

	"github.com/lossnb/lossnb/lossnb/chart"
)

// Snapshot is what a static figure draws: the slider's initial frame added
// to the fixed series, its readout in the title, and the axis ranges
// widened to round values over every frame (so the axes stay still while
// the slider moves).
func ExampleSnapshot() {
	r := []float64{-2, -1, 0, 1, 2}
	c := chart.NewLines("Scaled")
	c.Add("MSE", r, []float64{4, 1, 0, 1, 4})
	s := chart.NewSlider("a", []float64{0.5, 1})
	s.Init = 1
	c.AddFrames(s, func(i int) []*chart.Series {
		return []*chart.Series{chart.Line("a·MAE", r, []float64{2 * s.Values[i], s.Values[i], 0, s.Values[i], 2 * s.Values[i]})}
	})
	snap, err := chart.Snapshot(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(snap.Title)
	fmt.Println(len(snap.Series), "series, y from", snap.YMin, "to", snap.YMax)
	// Output:
	// Scaled (a = 1.00)
	// 2 series, y from 0 to 4
}

// A toggle shows one chart at a time; Snapshot (and the static twin) takes
// the view shown first.
func ExampleNewToggle() {
	x := []float64{-1, 0, 1}
	loss := chart.NewLines("loss")
	loss.Add("MSE", x, []float64{1, 0, 1})
	grad := chart.NewLines("gradient")
	grad.Add("MSE", x, []float64{-2, 0, 2})
	t := chart.NewToggle()
	t.Add("loss", loss)
	t.Add("gradient", grad)
	t.Init = 1
	snap, err := chart.Snapshot(t)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(snap.Title)
	// Output: gradient
}

// Bars over categories: one value per category, no X.
func ExampleNewBars() {
	c := chart.NewBars("Loss per example", "cat", "dog", "bird")
	c.Add("cross-entropy", nil, []float64{0.1, 2.3, 0.7})
	_, err := chart.Render(c)
	fmt.Println(err)
	c.Add("hinge", nil, []float64{0, 1.5}) // one value short
	_, err = chart.Render(c)
	fmt.Println(err)
	// Output:
	// <nil>
	// chart.Render: series "hinge": len(Y) = 2, but the chart has 3 categories
}

// A heat map of a loss surface: Z[j][i] is the value at (X[i], Y[j]).
func ExampleNewHeatMap() {
	g := &chart.Grid{X: []float64{-1, 0, 1}, Y: []float64{0, 1}}
	for _, w2 := range g.Y {
		row := make([]float64, len(g.X))
		for i, w1 := range g.X {
			row[i] = w1*w1 + w2*w2
		}
		g.Z = append(g.Z, row)
	}
	_, err := chart.Render(chart.NewHeatMap("Loss surface", g))
	fmt.Println(err)
	g.Z = g.Z[:1] // a row short
	_, err = chart.Render(chart.NewHeatMap("Loss surface", g))
	fmt.Println(err)
	// Output:
	// <nil>
	// chart.Render: heat map: len(Z) = 1, len(Y) = 2
}
