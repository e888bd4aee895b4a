package chart_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/apicheck"
)

// noPanic runs f and fails t if it panics.
func noPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s panicked: %v", what, p)
		}
	}()
	f()
}

// wantErr fails t unless err starts with prefix and contains want.
func wantErr(t *testing.T, what string, err error, prefix, want string) {
	t.Helper()
	if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: error %v, want %q…%q", what, err, prefix, want)
	}
}

// chartEntries has one check per exported function and method of chart.
var chartEntries = map[string]func(t *testing.T){
	"Render": func(t *testing.T) {
		apicheck.DrawBad(t, "chart.Render: ", func(it chart.Item) error { _, err := chart.Render(it); return err })
		_, err := chart.Render()
		wantErr(t, "Render()", err, "chart.Render: ", "nothing to render")
	},
	"Snapshot": func(t *testing.T) {
		apicheck.DrawBad(t, "chart.Snapshot: ", func(it chart.Item) error { _, err := chart.Snapshot(it); return err })
	},
	// LineDash cannot fail: a negative index is a solid line, a large one cycles.
	"LineDash": func(t *testing.T) {
		if d := chart.LineDash(-1); d != nil {
			t.Errorf("LineDash(-1) = %v, want nil (solid)", d)
		}
		if a, b := chart.LineDash(1), chart.LineDash(1_000_001); len(a) == 0 || fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("LineDash(1) = %v, LineDash(1000001) = %v: want the same dotted pattern", a, b)
		}
	},
	"Describe": func(t *testing.T) {
		apicheck.DrawBad(t, "chart.Describe: ", func(it chart.Item) error { _, err := chart.Describe(it); return err })
	},
	"WritePage": func(t *testing.T) {
		apicheck.DrawBad(t, "chart.WritePage: ", func(it chart.Item) error { return chart.WritePage(io.Discard, "t", it) })
		c := chart.NewLines("ok")
		c.Add("a", []float64{0, 1}, []float64{0, 1})
		wantErr(t, "WritePage(nil)", chart.WritePage(nil, "t", c), "chart.WritePage: ", "dst is nil")
	},
	"InlineLibrary": func(t *testing.T) {
		wantErr(t, "InlineLibrary(nil)", chart.InlineLibrary(nil), "chart.InlineLibrary: ", "dst is nil")
	},
	"LibraryPath": func(t *testing.T) {
		t.Setenv(chart.LibraryEnv, "/nonexistent/echarts.min.js")
		_, err := chart.LibraryPath()
		wantErr(t, "LibraryPath with a bad $"+chart.LibraryEnv, err, "chart.LibraryPath: ", "/nonexistent/echarts.min.js")
	},
	"LibraryScript": func(t *testing.T) {
		t.Setenv(chart.LibraryEnv, "/nonexistent/echarts.min.js")
		_, err := chart.LibraryScript()
		wantErr(t, "LibraryScript with a bad $"+chart.LibraryEnv, err, "chart.LibraryScript: ", "/nonexistent/echarts.min.js")
	},
	// The constructors cannot fail; what they build from bad arguments is
	// refused when drawn (BadCharts: nil data, nil heat map, empty slider).
	"NewBars": func(t *testing.T) { noPanic(t, "NewBars", func() { chart.NewBars("") }) },
	"NewHeatMap": func(t *testing.T) {
		noPanic(t, "NewHeatMap(nil)", func() { chart.NewHeatMap("", nil) })
	},
	"NewLines":   func(t *testing.T) { noPanic(t, "NewLines", func() { chart.NewLines("") }) },
	"NewScatter": func(t *testing.T) { noPanic(t, "NewScatter", func() { chart.NewScatter("") }) },
	"Bars":       func(t *testing.T) { noPanic(t, "Bars", func() { chart.Bars("", nil, nil) }) },
	"Line":       func(t *testing.T) { noPanic(t, "Line", func() { chart.Line("", nil, nil) }) },
	"Points":     func(t *testing.T) { noPanic(t, "Points", func() { chart.Points("", nil, nil) }) },
	"NewSeries":  func(t *testing.T) { noPanic(t, "NewSeries", func() { chart.NewSeries("pie", "", nil, nil) }) },
	"NewSlider":  func(t *testing.T) { noPanic(t, "NewSlider", func() { chart.NewSlider("", nil) }) },
	"NewToggle":  func(t *testing.T) { noPanic(t, "NewToggle", func() { chart.NewToggle() }) },
	// Methods on a nil receiver must not panic: Render reports the nil.
	"Chart.Add": func(t *testing.T) {
		noPanic(t, "(*Chart)(nil).Add", func() { (*chart.Chart)(nil).Add("a", nil, nil) })
	},
	"Chart.AddSeries": func(t *testing.T) {
		noPanic(t, "(*Chart)(nil).AddSeries", func() { (*chart.Chart)(nil).AddSeries(nil) })
	},
	"Chart.AddFrames": func(t *testing.T) {
		noPanic(t, "(*Chart)(nil).AddFrames", func() { (*chart.Chart)(nil).AddFrames(nil, nil) })
		noPanic(t, "AddFrames(nil, nil)", func() { chart.NewLines("").AddFrames(nil, nil) })
	},
	"Toggle.Add": func(t *testing.T) {
		noPanic(t, "(*Toggle)(nil).Add", func() { (*chart.Toggle)(nil).Add("a", nil) })
	},
	// Readout cannot return an error: it must say what is wrong instead of
	// panicking (index out of range, empty slider) or printing "%!d(…)".
	"Slider.Readout": func(t *testing.T) {
		sl := chart.NewSlider("δ", []float64{0.5})
		sl.Format = "%d"
		cases := []struct {
			s    *chart.Slider
			i    int
			want string
		}{
			{chart.NewSlider("δ", []float64{0.5}), 1, "δ = (no value 1: the slider has 1 values)"},
			{chart.NewSlider("δ", nil), 0, "δ = (no value 0: the slider has 0 values)"},
			{nil, 0, "(nil slider)"},
			{sl, 0, `δ = 0.50 (Format "%d" does not format a float64)`},
		}
		for _, c := range cases {
			var got string
			noPanic(t, "Readout", func() { got = c.s.Readout(c.i) })
			if got != c.want {
				t.Errorf("Readout(%d) = %q, want %q", c.i, got, c.want)
			}
		}
	},
	// The axis rules take any float64: no panic, no NaN out.
	"FormatNumber": func(t *testing.T) {
		for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			if got := chart.FormatNumber(v); got != "–" {
				t.Errorf("FormatNumber(%v) = %q, want –", v, got)
			}
		}
	},
	"Ticks": func(t *testing.T) {
		for _, r := range [][2]float64{{1, 1}, {2, 1}, {math.NaN(), 1}, {0, math.Inf(1)}, {-math.MaxFloat64, math.MaxFloat64}} {
			var ticks []chart.Tick
			noPanic(t, fmt.Sprint("Ticks", r), func() { ticks = chart.Ticks(r[0], r[1]) })
			for _, tk := range ticks {
				if math.IsNaN(tk.Value) || math.IsInf(tk.Value, 0) {
					t.Errorf("Ticks(%v, %v) has the tick %v", r[0], r[1], tk.Value)
				}
			}
		}
	},
	"MinGap": func(t *testing.T) {
		for _, x := range [][]float64{nil, {1}, {2, 2}} {
			if g := chart.MinGap(x); !math.IsInf(g, 1) {
				t.Errorf("MinGap(%v) = %v, want +Inf (no gap)", x, g)
			}
		}
	},
	"Series.MarshalJSON": func(t *testing.T) {
		var b []byte
		var err error
		noPanic(t, "(*Series)(nil).MarshalJSON", func() { b, err = (*chart.Series)(nil).MarshalJSON() })
		if err != nil || string(b) != "null" {
			t.Errorf("(*Series)(nil).MarshalJSON() = %s, %v; want null", b, err)
		}
	},
	"Series.UnmarshalJSON": func(t *testing.T) {
		var s chart.Series
		if err := json.Unmarshal([]byte(`{"X": "no"}`), &s); err == nil {
			t.Error("UnmarshalJSON accepted a string for X")
		}
		var err error
		noPanic(t, "(*Series)(nil).UnmarshalJSON", func() { err = (*chart.Series)(nil).UnmarshalJSON([]byte(`{}`)) })
		wantErr(t, "(*Series)(nil).UnmarshalJSON", err, "chart.Series.UnmarshalJSON: ", "nil *Series")
	},
}

// TestAPIBadInput runs the entry of every exported function and method;
// its guard fails when a new exported function has no entry.
func TestAPIBadInput(t *testing.T) { apicheck.RunEntries(t, ".", chartEntries) }

// TestExtremeRanges: data near 1e-320 gave the empty axis [0, 0] (a blank
// chart), and data from -1.7e308 to 1.7e308 lines drawn outside the plot
// (both were looked at in ECharts and gonum/plot); 1e-300 and 1e300 draw.
func TestExtremeRanges(t *testing.T) {
	for _, y := range [][]float64{{1e-300, 2e-300}, {1e300, 1.7e308}, {-1e300, 1e300}, {0, 0}} {
		c := chart.NewLines("t")
		c.Add("a", []float64{0, 1}, y)
		s, err := chart.Snapshot(c)
		if err != nil {
			t.Errorf("y = %v: %v", y, err)
			continue
		}
		if !(s.YMin < s.YMax) || math.IsInf(s.YMin, 0) || math.IsInf(s.YMax, 0) || s.YMin > y[0] || s.YMax < y[1] {
			t.Errorf("y = %v: axis [%v, %v], want a finite range holding the data", y, s.YMin, s.YMax)
		}
		if _, err := chart.Render(c); err != nil {
			t.Errorf("y = %v: %v", y, err)
		}
	}
	for _, y := range [][]float64{{1e-320, 2e-320}, {1e-320, 1e-320}, {-1.7e308, 1.7e308}} {
		c := chart.NewLines("t")
		c.Add("a", []float64{0, 1}, y)
		_, err := chart.Render(c)
		wantErr(t, fmt.Sprint("y = ", y), err, "chart.Render: the y axis from ", "cannot be drawn")
	}
}
