package apicheck

import (
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/chart"
)

// BadChart is an item that must not be drawn: every function that draws
// it (chart.Render, figure.PNG, nb.Bundle, …) must return an error
// containing Want, instead of a panic or a blank chart.
type BadChart struct {
	Name string
	Item func() chart.Item
	Want string
}

// BadCharts lists the charts a careless notebook makes. Each used to draw
// a blank box, print a format error, or panic.
func BadCharts() []BadChart {
	vals := []float64{0.5, 1, 2}
	line := func(name string) *chart.Series { return chart.Line(name, []float64{0, 1}, []float64{1, 2}) }
	return []BadChart{
		{"nil chart", func() chart.Item { return (*chart.Chart)(nil) }, "nil *Chart"},
		{"nil toggle", func() chart.Item { return (*chart.Toggle)(nil) }, "nil *Toggle"},
		{"nil item", func() chart.Item { return nil }, "cannot draw <nil>"},
		{"no series", func() chart.Item { return chart.NewLines("empty") }, `chart "empty" has no point to draw`},
		{"nil x and y", func() chart.Item {
			c := chart.NewLines("nil data")
			c.Add("a", nil, nil)
			return c
		}, `chart "nil data" has no point to draw`},
		{"all NaN with gaps", func() chart.Item {
			c := chart.NewLines("gaps")
			c.Add("a", []float64{0, 1}, []float64{math.NaN(), math.NaN()}).Gaps = true
			return c
		}, `chart "gaps" has no point to draw`},
		{"nil heat map", func() chart.Item { return chart.NewHeatMap("heat", nil) }, "heat map grid is 0×0"},
		{"frames returning nothing", func() chart.Item {
			c := chart.NewLines("frames")
			c.AddFrames(chart.NewSlider("δ", vals), func(int) []*chart.Series { return nil })
			return c
		}, `chart "frames" has no point to draw at frame 0 (δ = 0.50)`},
		{"nil slider", func() chart.Item {
			c := chart.NewLines("s")
			c.AddFrames(nil, func(int) []*chart.Series { return []*chart.Series{line("a")} })
			return c
		}, "AddFrames: the slider is nil"},
		{"nil frame function", func() chart.Item {
			c := chart.NewLines("s")
			c.AddFrames(chart.NewSlider("δ", vals), nil)
			return c
		}, "AddFrames: f is nil"},
		{"frame function panics", func() chart.Item {
			c := chart.NewLines("s")
			c.AddFrames(chart.NewSlider("δ", vals), func(i int) []*chart.Series { return []*chart.Series{line("a"), nil}[i : i+2] })
			return c
		}, "AddFrames: f(1) (δ = 1.00) panicked"},
		{"slider without values", func() chart.Item {
			c := chart.NewLines("s")
			c.AddFrames(chart.NewSlider("δ", nil), func(int) []*chart.Series { return nil })
			return c
		}, `slider "δ" has no values`},
		{"slider Format %d", func() chart.Item {
			c := chart.NewLines("s")
			sl := chart.NewSlider("δ", vals)
			sl.Format = "%d"
			c.AddFrames(sl, func(int) []*chart.Series { return []*chart.Series{line("a")} })
			return c
		}, `slider "δ": Format "%d" gives "%!d(float64=0.5)" for a float64 value`},
		{"slider Init out of range", func() chart.Item {
			c := chart.NewLines("s")
			sl := chart.NewSlider("δ", vals)
			sl.Init = 3
			c.AddFrames(sl, func(int) []*chart.Series { return []*chart.Series{line("a")} })
			return c
		}, `Init = 3 is not an index of its 3 values`},
		{"x NaN", func() chart.Item {
			c := chart.NewLines("x")
			c.Add("a", []float64{math.NaN(), 1}, []float64{1, 2})
			return c
		}, `series "a": x[0] is NaN`},
		{"y Inf", func() chart.Item {
			c := chart.NewLines("y")
			c.Add("a", []float64{0, 1}, []float64{1, math.Inf(1)})
			return c
		}, `series "a": y[1] is +Inf`},
		{"x and y of different lengths", func() chart.Item {
			c := chart.NewLines("len")
			c.Add("a", []float64{0, 1, 2}, []float64{1, 2})
			return c
		}, `series "a": len(X) = 3, len(Y) = 2`},
		{"axis range reversed", func() chart.Item {
			c := chart.NewLines("r")
			c.AddSeries(line("a"))
			c.XMin, c.XMax = 2, 1
			return c
		}, "axis range XMin=2, XMax=1"},
		{"negative size", func() chart.Item {
			c := chart.NewLines("r")
			c.AddSeries(line("a"))
			c.Width = -1
			return c
		}, "size -1×0 is negative"},
		{"empty toggle", func() chart.Item { return chart.NewToggle() }, "toggle has no views"},
		{"toggle with a nil chart", func() chart.Item {
			t := chart.NewToggle()
			t.Add("a", nil)
			return t
		}, `toggle view 0 ("a") has a nil Chart`},
		{"bad colour", func() chart.Item {
			c := chart.NewLines("c")
			c.AddSeries(line("a"))
			c.Series[0].Color = "#12345z"
			return c
		}, `Color "#12345z"`},
		{"bars with wrong category count", func() chart.Item {
			c := chart.NewBars("b", "x", "y")
			c.Add("a", nil, []float64{1})
			return c
		}, "len(Y) = 1, but the chart has 2 categories"},
	}
}

// DrawBad checks that draw refuses every one of BadCharts with an error
// that starts with prefix ("figure.PNG: ") and names the problem, and
// does not panic.
func DrawBad(t *testing.T, prefix string, draw func(chart.Item) error) {
	t.Helper()
	for _, b := range BadCharts() {
		var err error
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s%s panicked: %v", prefix, b.Name, p)
				}
			}()
			err = draw(b.Item())
		}()
		if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), b.Want) {
			t.Errorf("%s: error %v, want %q…%q", b.Name, err, prefix, b.Want)
		}
	}
}

// RunEntries runs one test per exported function or method of the package
// in dir, after Guard has checked that entries covers them all.
func RunEntries(t *testing.T, dir string, entries map[string]func(t *testing.T)) {
	t.Helper()
	var names []string
	for k := range entries {
		names = append(names, k)
	}
	Guard(t, dir, names)
	for k, f := range entries {
		t.Run(k, f)
	}
}
