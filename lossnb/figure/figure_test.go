package figure_test

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/figure"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/plot/cmpimg"
)

// linspace returns n evenly spaced values from a to b.
func linspace(a, b float64, n int) []float64 { return floats.Span(make([]float64, n), a, b) }

// curve returns f at each x.
func curve(x []float64, f func(float64) float64) []float64 {
	y := make([]float64, len(x))
	for i := range y {
		y[i] = f(x[i])
	}
	return y
}

func lossChart() *chart.Chart {
	r := linspace(-3, 3, 61)
	mse, mae := make([]float64, len(r)), make([]float64, len(r))
	for i, v := range r {
		mse[i], mae[i] = v*v/2, math.Abs(v)
	}
	c := chart.NewLines("Loss against the residual")
	c.XLabel, c.YLabel = "residual y − ŷ", "loss"
	c.Add("MSE", r, mse)
	c.Add("MAE", r, mae).Dash = true
	deltas := []float64{0.5, 1, 2}
	s := chart.NewSlider("δ", deltas)
	s.Init = 1
	c.AddFrames(s, func(i int) []*chart.Series {
		d := deltas[i]
		y := make([]float64, len(r))
		for k, v := range r {
			if a := math.Abs(v); a > d {
				y[k] = d * (a - d/2)
			} else {
				y[k] = v * v / 2
			}
		}
		return []*chart.Series{chart.Line("Huber", r, y)}
	})
	return c
}

func charts() map[string]chart.Item {
	x := linspace(0, 1, 11)
	sc := chart.NewScatter("Data and a fitted line")
	sc.Add("data", x, []float64{0.1, 0.3, 0.1, 0.5, 0.4, 0.6, 0.5, 0.9, 0.7, 1, 0.9})
	sc.AddSeries(chart.Line("fit", []float64{0, 1}, []float64{0.1, 0.95}))
	bins := linspace(0.05, 0.95, 10)
	acc := make([]float64, len(bins))
	for i, b := range bins {
		acc[i] = b * b
	}
	rel := chart.NewBars("Reliability diagram")
	rel.XLabel, rel.YLabel = "confidence", "accuracy"
	rel.Add("accuracy", bins, acc)
	d := chart.Line("perfect", []float64{0, 1}, []float64{0, 1})
	d.Dash, d.Color = true, "#888"
	rel.AddSeries(d)
	g := &chart.Grid{X: linspace(-1, 1, 21), Y: linspace(-1, 1, 11)}
	for _, y := range g.Y {
		row := make([]float64, len(g.X))
		for i, x := range g.X {
			row[i] = x*x + 2*y*y
		}
		g.Z = append(g.Z, row)
	}
	gaps := chart.NewLines("Log loss")
	p := linspace(0, 1, 21)
	lp := make([]float64, len(p))
	for i, v := range p {
		lp[i] = -math.Log(v)
	}
	s := gaps.Add("−log p", p, lp)
	s.Gaps, s.Area = true, true
	gaps.YMin, gaps.YMax = 0, 4
	// The slopes of three losses: the top right corner is taken.
	r := linspace(-3, 3, 61)
	psi := chart.NewLines("How hard each residual pulls")
	psi.XLabel, psi.YLabel = "residual", "ψ(r)"
	psi.Add("MSE  2r", r, curve(r, func(v float64) float64 { return 2 * v }))
	psi.Add("MAE  sign(r)", r, curve(r, func(v float64) float64 { return math.Copysign(1, v) }))
	psi.Add("Huber(δ=0.5)", r, curve(r, func(v float64) float64 { return math.Max(-0.5, math.Min(0.5, v)) }))
	// Data in every corner: the legend goes above the plotting area.
	full := chart.NewLines("Data everywhere")
	full.Add("sin", r, curve(r, func(v float64) float64 { return 2 * math.Sin(3*v) }))
	full.Add("cos", r, curve(r, func(v float64) float64 { return 2 * math.Cos(3*v) }))
	full.Add("−sin", r, curve(r, func(v float64) float64 { return -2 * math.Sin(3*v) }))
	hm := chart.NewHeatMap("Loss surface", g)
	hm.XLabel, hm.YLabel = "w₁", "w₂"
	return map[string]chart.Item{
		"psi":     psi,
		"full":    full,
		"lines":   lossChart(),
		"scatter": sc,
		"bars":    rel,
		"heat":    hm,
		"gaps":    gaps,
	}
}

// The figures of the examples are compared with their golden images,
// testdata/NAME_golden.png, as gonum/plot checks its own (go test -regen
// rewrites them). A small tolerance: font rasterisation may move a few
// anti-aliased pixels between machines. A wrong layout (legend over the
// data, a missing colour bar), a wrong colour or a lost series fails.
func TestGolden(t *testing.T) {
	for _, ex := range []struct {
		name string
		f    func()
	}{
		{"lines", ExamplePNG_slider},
		{"scatter", ExamplePNG_scatter},
		{"bars", ExamplePNG_bars},
		{"heat", ExamplePNG_heatMap},
		{"gaps", ExamplePNG_gaps},
		{"psi", ExamplePNG_legendInCorner},
		{"full", ExamplePNG_legendAbove},
	} {
		t.Run(ex.name, func(t *testing.T) { cmpimg.CheckPlotApprox(ex.f, t, 0.02, ex.name+".png") })
	}
}

// writePNG draws it at 480 × 270 into testdata/name.png, or says why not.
func writePNG(name string, it chart.Item) {
	b, err := figure.PNG(it, 480, 270)
	if err == nil {
		err = os.WriteFile(filepath.Join("testdata", name+".png"), b, 0o644)
	}
	if err != nil {
		fmt.Println(err)
	}
}

// A chart with a slider is drawn at the slider's initial value, whose
// readout joins the title.
func ExamplePNG_slider() {
	writePNG("lines", lossChart())
	// Output:
}

// Data points and a fitted line.
func ExamplePNG_scatter() {
	writePNG("scatter", charts()["scatter"])
	// Output:
}

// A reliability diagram: bars at numeric x, 80% of the gap between them
// wide, and a dashed diagonal.
func ExamplePNG_bars() {
	writePNG("bars", charts()["bars"])
	// Output:
}

// A heat map gets a colour bar with the interactive chart's colour ramp.
func ExamplePNG_heatMap() {
	writePNG("heat", charts()["heat"])
	// Output:
}

// A series with Gaps is drawn in pieces, and Area fills under it.
func ExamplePNG_gaps() {
	writePNG("gaps", charts()["gaps"])
	// Output:
}

// The legend goes in a corner of the plotting area that no data comes
// near: here the top right is taken, so top left.
func ExamplePNG_legendInCorner() {
	writePNG("psi", charts()["psi"])
	// Output:
}

// With data in every corner the legend goes above the plotting area, where
// the interactive chart has it.
func ExamplePNG_legendAbove() {
	writePNG("full", charts()["full"])
	// Output:
}

func TestSVG(t *testing.T) {
	b, err := figure.SVG(lossChart(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("<?xml")) || !bytes.Contains(b, []byte("δ = 1.00")) {
		t.Errorf("SVG lacks its header or the slider readout in the title: %.200s", b)
	}
}

func TestErrors(t *testing.T) {
	c := chart.NewLines("")
	c.Add("MSE", []float64{0, 1}, []float64{0, math.NaN()})
	if _, err := figure.PNG(c, 0, 0); err == nil || !strings.Contains(err.Error(), `series "MSE": y[1] is NaN`) {
		t.Errorf("NaN: error %v", err)
	}
	if _, err := figure.Image("gif", 10, 10, lossChart()); err == nil || !strings.Contains(err.Error(), `"gif"`) {
		t.Errorf("format: error %v", err)
	}
}

func ExamplePNG() {
	c := chart.NewLines("Squared loss")
	c.Add("MSE", []float64{-1, 0, 1}, []float64{1, 0, 1})
	png, err := figure.PNG(c, 640, 360)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", png[1:4])
	// Output: "PNG"
}

// The same chart gives the same bytes: notebooks re-run without changes
// must not change in git.
func TestDeterministic(t *testing.T) {
	for name, it := range charts() {
		a, err := figure.PNG(it, 320, 180)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			b, _ := figure.PNG(it, 320, 180)
			if !bytes.Equal(a, b) {
				t.Fatalf("%s: two PNGs of the same chart differ", name)
			}
		}
	}
}

// Image stacks several charts, each width × height pixels, in one image.
func ExampleImage() {
	loss := chart.NewLines("loss")
	loss.Add("MSE", []float64{-1, 0, 1}, []float64{1, 0, 1})
	grad := chart.NewLines("gradient")
	grad.Add("MSE", []float64{-1, 0, 1}, []float64{-2, 0, 2})
	b, err := figure.Image("png", 320, 180, loss, grad)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	fmt.Println(cfg.Width, "×", cfg.Height, err)
	// Output: 320 × 360 <nil>
}

// Plot returns the gonum plot of a chart, to change it before saving: the
// axes have the interactive chart's ranges.
func ExamplePlot() {
	c := chart.NewLines("Squared loss")
	c.Add("MSE", []float64{-3, 0, 3}, []float64{9, 0, 9})
	p, err := figure.Plot(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	// Output: -3 3 0 10
}

// A chart the figure cannot draw is an error naming the series and the
// index, not a blank image.
func ExampleSVG() {
	c := chart.NewLines("Log loss")
	c.Add("−log p", []float64{0, 0.5, 1}, []float64{math.Inf(1), 0.69, 0})
	_, err := figure.SVG(c, 0, 0)
	fmt.Println(err)
	// Output: figure.SVG: series "−log p": y[0] is +Inf (set Gaps to draw it as a gap)
}
