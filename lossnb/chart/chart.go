package chart

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Kind is how a series is drawn.
type Kind string

// The kinds of series.
const (
	KindLine    Kind = "line"    // a polyline through the points, in the order given
	KindScatter Kind = "scatter" // one marker per point
	KindBar     Kind = "bar"     // one bar per point, from 0 to y, centred on x
)

// Series is one named set of points drawn in one way.
//
// X and Y must have the same length. On a chart with Categories, X must be
// nil and Y holds one value per category.
//
// Every Y value must be finite unless Gaps is set: a NaN in a computed loss
// curve is a bug, so Render reports it (naming the series and the index)
// instead of drawing a curve with a hole in it. Set Gaps when a missing value
// is expected (for example log loss at p = 0): non-finite values are then
// drawn as gaps. X values must always be finite.
type Series struct {
	Name string
	Kind Kind // KindLine, KindScatter or KindBar; empty means the chart's Kind

	X, Y []float64

	// Labels, if not nil, names each point (len(Labels) == len(Y));
	// the name is shown in the tooltip. Ignored in slider frames.
	Labels []string

	Color string  // CSS colour, "#rgb", "#rrggbb" or a name; empty picks from Palette
	Width float64 // line width or marker diameter in pixels; 0 is 2 for lines, 6 for markers
	Dash  bool    // draw a line dashed
	Area  bool    // fill between a line and y = 0

	// Markers draws a marker at every point of a line (lines of at most 30
	// points always have them), in a shape of its own, so that lines that
	// run together stay apart without colour.
	Markers bool
	Gaps    bool // draw non-finite Y values as gaps instead of failing
}

// NewSeries returns a series of the given kind. Line, Points and Bars are
// shorthands for it.
func NewSeries(kind Kind, name string, x, y []float64) *Series {
	return &Series{Name: name, Kind: kind, X: x, Y: y}
}

// Line returns a line series, handy inside a frame function.
func Line(name string, x, y []float64) *Series { return NewSeries(KindLine, name, x, y) }

// Points returns a scatter series.
func Points(name string, x, y []float64) *Series { return NewSeries(KindScatter, name, x, y) }

// Bars returns a bar series.
func Bars(name string, x, y []float64) *Series { return NewSeries(KindBar, name, x, y) }

// Palette is the colour cycle used for series without a Color, shared with
// package figure so that interactive charts and their static twins agree.
// It is the Okabe–Ito palette (M. Okabe and K. Ito, "Color Universal Design
// (CUD): how to make figures and presentations that are friendly to
// colorblind people", J*FLY, 2008; also Wong, "Points of view: Color
// blindness", Nature Methods 8:441, 2011), chosen to stay distinct for
// readers with protanopia, deuteranopia and tritanopia, ordered so that the
// colours with the most contrast against a white page come first, yellow
// (#F0E442, 1.2:1) last. palette_test.go checks the first six against
// simulated colour-vision deficiencies. Colour never carries meaning alone:
// Render also gives each line its own dash pattern, each scatter series and
// each marked line its own symbol, and bars patterns (ECharts' decals).
var Palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#F0E442"}

// Grid is a function sampled on a rectangular grid, drawn as a heat map:
// Z[j][i] is the value at (X[i], Y[j]).
type Grid struct {
	X, Y []float64
	Z    [][]float64
}

// Chart is one plot: series drawn against a common pair of axes, or a heat
// map. Build it with NewLines, NewScatter, NewBars or NewHeatMap, set its
// fields, add series, then show it with nb.Show or turn it into HTML with
// Render.
type Chart struct {
	Title          string
	XLabel, YLabel string

	// Axis ranges. When Min == Max (as in the zero value) the range is
	// taken from the data, over all slider frames, so that the axes stay
	// still while a slider moves.
	XMin, XMax float64
	YMin, YMax float64

	// Categories, if not empty, makes the x axis categorical: series
	// have nil X and one Y per category. Used for per-item bars.
	Categories []string

	// Width and Height are the size in CSS pixels; 0 means 640 × 360.
	Width, Height int

	// Kind is the kind of the series added by Add.
	Kind Kind

	// Series are always shown (the fixed part of a chart with frames).
	Series []*Series

	// Heat, if not nil, makes this a heat map; Series must then be empty.
	Heat *Grid

	// Frames, if not nil, holds series that change with a slider.
	Frames *Frames

	// autoX and autoY are set by Snapshot when the x or y range came from
	// the data (every point is then inside the plot).
	autoX, autoY bool
}

// Frames are the series of a chart recomputed for each value of a slider:
// Series[i] is shown, after the chart's fixed Series, when the slider is at
// Values[i]. Every frame must hold the same number of series; names and
// styles are taken from the frame shown first (Slider.Init).
type Frames struct {
	Slider *Slider
	Series [][]*Series

	err error // what AddFrames could not do, reported by Render
}

// NewLines returns a chart whose Add makes line series: loss curves,
// gradients, densities, training curves.
func NewLines(title string) *Chart { return &Chart{Title: title, Kind: KindLine} }

// NewScatter returns a chart whose Add makes scatter series: data, embeddings.
// Add line series with AddSeries(chart.Line(...)) to draw fitted lines.
func NewScatter(title string) *Chart { return &Chart{Title: title, Kind: KindScatter} }

// NewBars returns a chart whose Add makes bar series. With categories the
// x axis names the bars; with none, bars stand at numeric x positions (a
// reliability diagram's bins, one bar per data point).
func NewBars(title string, categories ...string) *Chart {
	return &Chart{Title: title, Kind: KindBar, Categories: categories}
}

// NewHeatMap returns a heat map of g.
func NewHeatMap(title string, g *Grid) *Chart {
	if g == nil {
		g = &Grid{} // Render reports the empty grid
	}
	return &Chart{Title: title, Heat: g}
}

// Add appends a series of the chart's Kind and returns it, so that its style
// fields can be set.
func (c *Chart) Add(name string, x, y []float64) *Series {
	if c == nil { // Render(nil chart) reports it; no panic here
		return NewSeries(KindLine, name, x, y)
	}
	s := NewSeries(c.Kind, name, x, y)
	c.Series = append(c.Series, s)
	return s
}

// AddSeries appends series of any kind.
func (c *Chart) AddSeries(s ...*Series) {
	if c != nil { // Render(nil chart) reports a nil chart
		c.Series = append(c.Series, s...)
	}
}

// AddFrames makes the chart follow slider s: it calls f(i) for each index of
// s.Values, now, and keeps the series it returns as frame i. The page shows
// the chart's fixed Series plus frame i when the slider is at i. Several
// charts may follow the same slider: Render them together and they move
// together.
//
// It cannot return an error: a nil slider or function, or a function that
// panics, is recorded and reported by Render (and Snapshot, figure.PNG, …).
func (c *Chart) AddFrames(s *Slider, f func(i int) []*Series) {
	if c == nil {
		return // Render(nil chart) reports a nil chart
	}
	fr := &Frames{Slider: s}
	c.Frames = fr
	switch {
	case s == nil:
		fr.err = errors.New("AddFrames: the slider is nil")
	case f == nil:
		fr.err = errors.New("AddFrames: f is nil, want a function returning the series of frame i")
	default:
		fr.Series = make([][]*Series, len(s.Values))
		for i := range s.Values {
			if err := callFrame(fr, f, i); err != nil {
				fr.err = err
				return
			}
		}
	}
}

// callFrame calls f(i) for AddFrames, turning a panic in the caller's
// function into an error that names the frame.
func callFrame(fr *Frames, f func(int) []*Series, i int) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("AddFrames: f(%d) (%s) panicked: %v", i, fr.Slider.Readout(i), p)
		}
	}()
	fr.Series[i] = f(i)
	return nil
}

// Slider is a control that picks one of a few precomputed values of a
// parameter. The page shows a range input and a readout "Name = value".
type Slider struct {
	Name   string
	Values []float64
	Init   int    // index shown first
	Format string // fmt verb for the readout; empty means "%.2f"

	// Labels, if not nil, is the text shown for each value instead of
	// Format's (len(Labels) == len(Values)): "−∞" for a value that stands
	// for minus infinity, names of settings. Screen readers read it too
	// (aria-valuetext).
	Labels []string
}

// NewSlider returns a slider over values, starting at the first one.
func NewSlider(name string, values []float64) *Slider {
	return &Slider{Name: name, Values: values}
}

// Readout returns the text shown next to the slider at index i, e.g. "δ = 0.50",
// or "α = −∞" with Labels.
//
// It cannot return an error: for an index outside Values it says so, and a
// Format that does not format a float64 (e.g. "%d") falls back to "%.2f"
// with a note (Render refuses such a Format).
func (s *Slider) Readout(i int) string {
	if s == nil {
		return "(nil slider)"
	}
	if i < 0 || i >= len(s.Values) {
		return fmt.Sprintf("%s = (no value %d: the slider has %d values)", s.Name, i, len(s.Values))
	}
	if len(s.Labels) == len(s.Values) {
		return s.Name + " = " + s.Labels[i]
	}
	f := s.Format
	if f == "" {
		f = "%.2f"
	}
	out := fmt.Sprintf(f, s.Values[i])
	if strings.Contains(out, "%!") {
		return s.Name + " = " + fmt.Sprintf("%.2f", s.Values[i]) + fmt.Sprintf(" (Format %q does not format a float64)", s.Format)
	}
	return s.Name + " = " + out
}

// Toggle shows one of several charts at a time, with a button per view:
// regression or classification, loss or gradient.
type Toggle struct {
	Views []View
	Init  int // index of the view shown first
}

// View is one named chart of a Toggle.
type View struct {
	Name  string
	Chart *Chart
}

// NewToggle returns a toggle with no views.
func NewToggle() *Toggle { return &Toggle{} }

// Add appends a view.
func (t *Toggle) Add(name string, c *Chart) {
	if t != nil { // Render(nil toggle) reports a nil toggle
		t.Views = append(t.Views, View{Name: name, Chart: c})
	}
}

// Item is what Render draws: a *Chart or a *Toggle.
type Item interface{ item() }

func (*Chart) item()  {}
func (*Toggle) item() {}

// Snapshot returns the chart an item shows before anyone touches a control:
// a toggle's first view, with the frame of its slider's initial value added
// to the fixed series, its slider readout appended to the title and its axis
// ranges fixed as on the page. Static renderers (package figure) draw it. The
// result shares slices with the item; do not modify them.
func Snapshot(it Item) (*Chart, error) {
	s, err := snapshot(it)
	return s, named("Snapshot", err)
}

// drawableSpan refuses an axis [lo, hi] that the charts cannot draw: a
// span beyond MaxFloat64 (data from -1.7e308 to 1.7e308: gonum/plot drew
// the lines outside the plot) or below 1e-300 (data near 1e-320 gave the
// empty axis [0, 0]; ECharts 5.4.3, looked at in Chromium, draws an axis
// from 1e-300 to 2e-300 and an empty one from 3e-308 to 6e-308). lo = hi =
// 0 is a categorical axis.
func drawableSpan(axis string, lo, hi float64) error {
	span := hi - lo
	if lo == 0 && hi == 0 || span >= 1e-300 && span <= math.MaxFloat64 {
		return nil
	}
	return fmt.Errorf("chart: the %s axis from %v to %v cannot be drawn (its span must be between 1e-300 and 1.8e308): rescale the data", axis, lo, hi)
}

// named puts the exported function's name on an error of the package's
// checks ("chart: …" becomes "chart.Render: …").
func named(fn string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("chart.%s: %s", fn, strings.TrimPrefix(err.Error(), "chart: "))
}

func snapshot(it Item) (*Chart, error) {
	c, err := viewOf(it)
	if err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	s := *c
	s.autoX, s.autoY = c.XMin == c.XMax, c.YMin == c.YMax
	s.XMin, s.XMax, s.YMin, s.YMax = c.ranges()
	for _, r := range [][3]any{{"x", s.XMin, s.XMax}, {"y", s.YMin, s.YMax}} {
		if err := drawableSpan(r[0].(string), r[1].(float64), r[2].(float64)); err != nil {
			return nil, err
		}
	}
	if c.Frames != nil {
		sl := c.Frames.Slider
		s.Series = append(append([]*Series(nil), c.Series...), c.Frames.Series[sl.Init]...)
		if s.Title == "" {
			s.Title = sl.Readout(sl.Init)
		} else {
			s.Title += " (" + sl.Readout(sl.Init) + ")"
		}
		s.Frames = nil
	}
	return &s, nil
}

func viewOf(it Item) (*Chart, error) {
	switch it := it.(type) {
	case *Chart:
		if it == nil {
			return nil, fmt.Errorf("chart: nil *Chart")
		}
		return it, nil
	case *Toggle:
		if err := it.check(); err != nil {
			return nil, err
		}
		return it.Views[it.Init].Chart, nil
	default:
		return nil, fmt.Errorf("chart: cannot draw %T", it)
	}
}

func (c *Chart) size() (w, h int) {
	w, h = c.Width, c.Height
	if w <= 0 {
		w = 640
	}
	if h <= 0 {
		h = 360
	}
	return w, h
}

// allSeries calls f on the fixed series and every frame's series.
func (c *Chart) allSeries(f func(s *Series)) {
	for _, s := range c.Series {
		f(s)
	}
	if c.Frames != nil {
		for _, fr := range c.Frames.Series {
			for _, s := range fr {
				f(s)
			}
		}
	}
}

// ranges returns the axis ranges: the chart's own, or nice ranges around the
// data of all frames.
func (c *Chart) ranges() (xmin, xmax, ymin, ymax float64) {
	if c.Heat != nil {
		return 0, 0, 0, 0 // categorical axes
	}
	xlo, xhi := math.Inf(1), math.Inf(-1)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	bars, padded := false, false
	c.allSeries(func(s *Series) {
		isBar := s.kind(c) == KindBar
		gap := math.Inf(1)
		if isBar && s.X != nil {
			gap = MinGap(s.X)
		}
		if math.IsInf(gap, 1) {
			gap = 0
		}
		for i, y := range s.Y {
			if !isFinite(y) {
				continue
			}
			ylo, yhi = math.Min(ylo, y), math.Max(yhi, y)
			if s.X != nil {
				xlo, xhi = math.Min(xlo, s.X[i]-gap/2), math.Max(xhi, s.X[i]+gap/2)
			}
		}
		bars = bars || isBar
		padded = padded || gap > 0
	})
	if bars {
		ylo, yhi = math.Min(ylo, 0), math.Max(yhi, 0)
	}
	if c.XMin != c.XMax {
		xmin, xmax = c.XMin, c.XMax
	} else if len(c.Categories) == 0 && xlo <= xhi {
		if padded {
			// Bars half a gap away from the edges: round
			// numbers would leave wide empty margins.
			xmin, xmax = clean(xlo), clean(xhi)
		} else {
			xmin, xmax = niceRange(xlo, xhi)
		}
	}
	if c.YMin != c.YMax {
		ymin, ymax = c.YMin, c.YMax
	} else if ylo <= yhi {
		ymin, ymax = niceRange(ylo, yhi)
	}
	return xmin, xmax, ymin, ymax
}

func (s *Series) kind(c *Chart) Kind {
	if s.Kind != "" {
		return s.Kind
	}
	if c.Kind != "" {
		return c.Kind
	}
	return KindLine
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
