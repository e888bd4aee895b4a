package figure_test

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/figure"
	"image"
	"image/png"
)

var regen = flag.Bool("regen", false, "rewrite the golden images in testdata")

func linspace(a, b float64, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return x
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
	return map[string]chart.Item{
		"lines":   lossChart(),
		"scatter": sc,
		"bars":    rel,
		"heat":    chart.NewHeatMap("Loss surface", g),
		"gaps":    gaps,
	}
}

// TestGolden compares the PNG figures with testdata/NAME.golden.png (go
// test -regen rewrites them). It compares pixels itself: gonum/plot's
// cmpimg needs rsc.io/pdf, which go.sum does not list yet.
func TestGolden(t *testing.T) {
	for name, it := range charts() {
		got, err := figure.PNG(it, 480, 270)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		path := filepath.Join("testdata", name+".golden.png")
		if *regen {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -regen creates it)", err)
		}
		ok, err := equalApprox(got, want)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !ok {
			if err := os.WriteFile(filepath.Join(t.TempDir(), name+".png"), got, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Errorf("%s: image differs from %s", name, path)
		}
	}
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

// equalApprox reports whether two PNG images have the same size and
// differ by more than 16 levels (of 255) in at most 0.1% of their pixels:
// font rasterisation may move a few pixels between machines.
func equalApprox(a, b []byte) (bool, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return false, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return false, err
	}
	if ia.Bounds() != ib.Bounds() {
		return false, nil
	}
	r := ia.Bounds()
	bad := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if far(ia, ib, x, y) {
				bad++
			}
		}
	}
	return bad*1000 <= r.Dx()*r.Dy(), nil
}

func far(a, b image.Image, x, y int) bool {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	for _, d := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
		if diff := int(d[0]>>8) - int(d[1]>>8); diff > 16 || diff < -16 {
			return true
		}
	}
	return false
}
