package figure_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/figure"
	"gonum.org/v1/plot/cmpimg"
)

// regen is cmpimg's own -regen flag: go test -regen rewrites the golden
// images (cmpimg defines the flag; defining it again would panic).
var regen = cmpimg.GenerateTestData

func linspace(a, b float64, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return x
}

func mapf(x []float64, f func(float64) float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = f(v)
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
	psi.Add("MSE  2r", r, mapf(r, func(v float64) float64 { return 2 * v }))
	psi.Add("MAE  sign(r)", r, mapf(r, func(v float64) float64 { return math.Copysign(1, v) }))
	psi.Add("Huber(δ=0.5)", r, mapf(r, func(v float64) float64 { return math.Max(-0.5, math.Min(0.5, v)) }))
	// Data in every corner: the legend goes above the plotting area.
	full := chart.NewLines("Data everywhere")
	full.Add("sin", r, mapf(r, func(v float64) float64 { return 2 * math.Sin(3*v) }))
	full.Add("cos", r, mapf(r, func(v float64) float64 { return 2 * math.Cos(3*v) }))
	full.Add("−sin", r, mapf(r, func(v float64) float64 { return -2 * math.Sin(3*v) }))
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

// TestGolden compares the PNG figures with testdata/NAME.golden.png using
// gonum/plot's cmpimg (go test -regen rewrites them). On a difference the
// image drawn now and a difference image are kept in the test's artifact
// directory (go test -artifacts).
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
		// A small tolerance: font rasterisation may move a few
		// anti-aliased pixels between machines.
		ok, err := cmpimg.EqualApprox("png", got, want, 0.02)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !ok {
			dir := t.ArtifactDir()
			_ = os.WriteFile(filepath.Join(dir, name+".png"), got, 0o644)
			if d, err := diffPNG(got, want); err == nil {
				_ = os.WriteFile(filepath.Join(dir, name+".diff.png"), d, 0o644)
			}
			t.Errorf("%s: image differs from %s (now: %s)", name, path, filepath.Join(dir, name+".png"))
		}
	}
}

func diffPNG(a, b []byte) ([]byte, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return nil, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	dst := image.NewRGBA(ia.Bounds().Union(ib.Bounds()))
	cmpimg.Diff(dst, ia, ib)
	var out bytes.Buffer
	err = png.Encode(&out, dst)
	return out.Bytes(), err
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
