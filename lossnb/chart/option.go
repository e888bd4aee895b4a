package chart

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// The ECharts option is built from go-echarts' option types (package opts,
// which links light: it needs only go-echarts' types and util) and marshalled
// with encoding/json, which escapes <, > and & in strings. The rest of
// go-echarts (charts, render, templates, components) is not used: its
// template and render packages would triple the link time of every notebook
// cell that shows a chart. So the option's root and its series are small
// local structs (go-echarts keeps those in package charts), and where an
// opts type lacks a field we need, a local struct embeds it and adds the
// field (encoding/json lets an outer field shadow an embedded one of the
// same name). Functions (tooltip and axis label formatters) cannot travel in
// JSON; the page's script adds them.

// eOption is the root of the option (charts.BaseConfiguration in go-echarts).
// opts.Animation, go-echarts' series animation settings, gives the root
// its animation and animationDurationUpdate: ECharts reads the same names
// there.
type eOption struct {
	opts.Animation
	Color     []string     `json:"color"`
	Title     opts.Title   `json:"title"`
	Legend    *opts.Legend `json:"legend,omitempty"`
	Tooltip   eTooltip     `json:"tooltip"`
	Grid      opts.Grid    `json:"grid"`
	XAxis     eXAxis       `json:"xAxis"`
	YAxis     eYAxis       `json:"yAxis"`
	VisualMap *eVisualMap  `json:"visualMap,omitempty"`
	Aria      eAria        `json:"aria"`
	Series    []eSeries    `json:"series"`
}

// eAria is ECharts' aria option (go-echarts has none): with it on, ECharts
// writes the description into the chart element's aria-label, and with
// decals on it fills the bars of each series with a pattern of its own.
type eAria struct {
	Enabled bool       `json:"enabled"`
	Label   eAriaLabel `json:"label"`
	Decal   eAriaDecal `json:"decal"`
}

type eAriaLabel struct {
	Description string `json:"description"`
}

type eAriaDecal struct {
	Show bool `json:"show"`
}

type eTooltip struct {
	opts.Tooltip
	// opts.Tooltip has no confine (keep the tooltip inside the chart, which
	// matters in a narrow notebook column).
	Confine bool `json:"confine"`
}

type eXAxis struct {
	opts.XAxis
	axisExtra
}

type eYAxis struct {
	opts.YAxis
	axisExtra
}

// axisExtra holds the axis fields that opts.XAxis and opts.YAxis lack.
type axisExtra struct {
	// Interval: opts has only minInterval and maxInterval.
	Interval float64 `json:"interval,omitempty"`
	// NameTextStyle: opts has no nameTextStyle.
	NameTextStyle *opts.TextStyle `json:"nameTextStyle,omitempty"`
}

type eVisualMap struct {
	opts.VisualMap
	// opts.VisualMap has min and max as float32 with omitempty (which would
	// round the ends and could overflow) and dimension as a string; these
	// float64 and int fields shadow them.
	Min       float64 `json:"min"`
	Max       float64 `json:"max"`
	Dimension int     `json:"dimension"`
	// ItemHeight: opts.VisualMap has no itemHeight.
	ItemHeight int `json:"itemHeight"`
}

// eSeries is one series (go-echarts keeps series in package charts).
type eSeries struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Data       json.RawMessage `json:"data"`
	ShowSymbol types.Bool      `json:"showSymbol,omitempty"`
	Symbol     string          `json:"symbol,omitempty"`
	SymbolSize float64         `json:"symbolSize,omitempty"`
	BarWidth   float64         `json:"barWidth,omitempty"`
	LineStyle  *eLineStyle     `json:"lineStyle,omitempty"`
	// Clip false lets a marker on the edge of the plot show whole.
	Clip        *bool           `json:"clip,omitempty"`
	AreaStyle   *opts.AreaStyle `json:"areaStyle,omitempty"`
	ItemStyle   *opts.ItemStyle `json:"itemStyle,omitempty"`
	Emphasis    *eEmphasis      `json:"emphasis,omitempty"`
	Progressive int             `json:"progressive,omitempty"`
	// Rows holds a heat map's values, Rows[j][i] at (x_i, y_j); the page
	// moves them to Data.
	Rows json.RawMessage `json:"rows,omitempty"`
}

// eLineStyle is opts.LineStyle with a type that may also be a dash
// pattern, [dash, gap, …] in multiples of the line width.
type eLineStyle struct {
	opts.LineStyle
	Type any `json:"type"`
}

// eEmphasis is written instead of opts.Emphasis, which has no disabled.
type eEmphasis struct {
	Disabled bool `json:"disabled"`
}

// Viridis is the colour ramp of heat maps, shared with package figure.
var Viridis = []string{"#440154", "#414487", "#2a788e", "#22a884", "#7ad151", "#fde725"}

// Layout of the plotting area inside the chart, in pixels. Package figure
// does not need it: gonum/plot lays out its own axes.
const (
	gridLeft, gridRight, gridBottom = 72, 28, 52
	gridTopTitle, gridTopLegend     = 44, 68
	heatRight                       = 96
)

// option returns the ECharts option of snapshot s (see Snapshot) whose
// series are built from c's fixed series and frame init.
func option(s *Chart) eOption {
	w, h := s.size()
	o := eOption{
		Animation: opts.Animation{Animation: opts.Bool(true), AnimationDurationUpdate: 200},
		Color:     Palette,
		Title:     opts.Title{Title: s.Title, Left: "center", TitleStyle: &opts.TextStyle{FontSize: 14, FontWeight: "normal"}},
		Tooltip:   eTooltip{Tooltip: opts.Tooltip{Trigger: "axis"}, Confine: true},
		Grid:      opts.Grid{Left: px(gridLeft), Right: px(gridRight), Top: px(gridTopTitle), Bottom: px(gridBottom)},
		XAxis:     eXAxis{XAxis: opts.XAxis{Type: "value", Name: s.XLabel, NameLocation: "middle", NameGap: 30}},
		YAxis:     eYAxis{YAxis: opts.YAxis{Type: "value", Name: s.YLabel, NameLocation: "middle", NameGap: 50}},
	}
	o.XAxis.SplitLine, o.YAxis.SplitLine = &opts.SplitLine{Show: opts.Bool(true)}, &opts.SplitLine{Show: opts.Bool(true)}
	o.XAxis.AxisLine, o.YAxis.AxisLine = &opts.AxisLine{OnZero: opts.Bool(false)}, &opts.AxisLine{OnZero: opts.Bool(false)}
	o.XAxis.NameTextStyle = &opts.TextStyle{FontSize: 13, FontWeight: "normal"}
	o.YAxis.NameTextStyle = o.XAxis.NameTextStyle
	if s.Heat != nil {
		g := s.Heat
		o.Tooltip.Trigger = "item"
		o.Grid.Right = px(heatRight)
		o.XAxis.Type, o.YAxis.Type = "category", "category"
		o.XAxis.Data, o.YAxis.Data = tickNames(g.X), tickNames(g.Y)
		o.XAxis.SplitLine.Show, o.YAxis.SplitLine.Show = opts.Bool(false), opts.Bool(false)
		lo, hi := g.zRange()
		o.VisualMap = &eVisualMap{
			VisualMap: opts.VisualMap{Type: "continuous", Calculable: opts.Bool(true), Right: px(8), Top: "middle",
				InRange: &opts.VisualMapInRange{Color: Viridis}},
			Min: clean(lo), Max: clean(hi), Dimension: 2, ItemHeight: max(h-140, 60)}
		// The grid travels as rows of z values; the page's script
		// turns them into the [i, j, z] triples ECharts wants.
		b := []byte{'['}
		q := resolution(lo, hi)
		for j, row := range g.Z {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for i, z := range row {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendQ(b, z, q)
			}
			b = append(b, ']')
		}
		o.Series = []eSeries{{ID: "s0", Name: s.Title, Type: "heatmap", Data: json.RawMessage("[]"), Emphasis: &eEmphasis{Disabled: true}, Progressive: 0}}
		o.Series[0].Rows = append(b, ']')
		return o
	}
	if len(s.Categories) > 0 {
		o.XAxis.Type = "category"
		o.XAxis.Data = s.Categories
		o.XAxis.SplitLine.Show = opts.Bool(false)
	} else {
		r := axisRange(s.XMin, s.XMax)
		o.XAxis.Min, o.XAxis.Max, o.XAxis.Interval, o.XAxis.AxisLabel = r.min, r.max, r.interval, r.label
	}
	r := axisRange(s.YMin, s.YMax)
	o.YAxis.Min, o.YAxis.Max, o.YAxis.Interval, o.YAxis.AxisLabel = r.min, r.max, r.interval, r.label
	var names []string
	var items []any // the legend's entries: a name, or a name with its own icon
	squareIcons := false
	onlyScatter := true
	counts := map[Kind]int{} // series of each kind so far: their index in the style cycles
	for i, se := range s.Series {
		k := se.kind(s)
		if k != KindScatter {
			onlyScatter = false
		}
		e := seriesOption(s, se, i, counts[k], w)
		o.Series = append(o.Series, e)
		counts[k]++
		if se.Name != "" {
			names = append(names, se.Name)
			if icon, ok := legendIcons[e.Symbol]; ok && k == KindScatter {
				items = append(items, legendItem{Name: se.Name, Icon: icon})
				squareIcons = true
			} else {
				items = append(items, se.Name)
			}
		}
	}
	if onlyScatter && len(s.Categories) == 0 {
		o.Tooltip.Trigger = "item"
	}
	if len(names) > 1 {
		// A plain legend wraps onto more rows (a scroll legend would page,
		// hiding entries behind arrows); the plot moves down to make room.
		o.Legend = &opts.Legend{Top: px(24), Left: "center", ItemWidth: legendItemWidth}
		if squareIcons {
			o.Legend.Data = items
		}
		o.Grid.Top = px(gridTopLegend + legendRowHeight*(legendRows(names, w)-1))
	}
	// Bars of several series get a pattern each, so that they differ in more than colour.
	o.Aria = eAria{Enabled: true, Label: eAriaLabel{Description: describe(s)}, Decal: eAriaDecal{Show: counts[KindBar] > 1}}
	return o
}

// Legend layout of ECharts 5 (legend defaults: itemGap 10, padding 5, 12 px
// text; a row is itemHeight 14 plus the gap), used to leave room for a
// legend of several rows. The items are 40 px wide (ECharts: 25) so that a
// line's dash pattern shows on both sides of the marker ECharts puts in the
// middle (ECharts ignores symbolKeepAspect for its built-in shapes, so a
// scatter series' marker would be stretched to that width, as it was to 25 px).
//
// A scatter series' square, triangle or diamond would be stretched to 40 px
// too, so its legend entry draws the same shape as a path, which ECharts
// scales keeping its aspect (the legend's symbolKeepAspect, true by default).
var legendIcons = map[string]string{
	"rect":     "path://M0,0H1V1H0Z",
	"triangle": "path://M0.5,0L1,1H0Z",
	"diamond":  "path://M0.5,0L1,0.5L0.5,1L0,0.5Z",
}

// legendItem is a legend entry with its own icon.
type legendItem struct {
	Name string `json:"name"`
	Icon string `json:"icon"`
}

const (
	legendRowHeight = 24
	legendItemWidth = 40
	legendCharWidth = 7 // px per character of 12 px sans-serif, rounded up
)

// legendRows estimates how many rows a legend of names takes in a chart w
// pixels wide, filling rows as ECharts does.
func legendRows(names []string, w int) int {
	rows, x, avail := 1, 0, w-10
	for _, n := range names {
		iw := legendItemWidth + 5 + legendCharWidth*utf8.RuneCountInString(n)
		if x > 0 && x+iw > avail {
			rows++
			x = 0
		}
		x += iw + 10
	}
	return rows
}

// The style cycles that keep series apart without colour: the k-th line
// series (not dashed by the caller) has lineDashes[k mod 5] in multiples of
// its width (nil is solid; Dash is ECharts' "dashed", [4, 2]), the k-th
// scatter series and the k-th line with markers the symbol symbols[k mod 8].
var (
	lineDashes = [][]float64{nil, {1, 2}, {6, 2, 1, 2}, {8, 3}, {6, 2, 1, 2, 1, 2}}
	symbols    = []string{"circle", "rect", "triangle", "diamond", "emptyCircle", "emptyRect", "emptyTriangle", "emptyDiamond"}
)

// LineDash returns the dash pattern of the k-th line series (counted from 0)
// of a chart, for lines that do not set Dash, in multiples of the line width:
// nil (solid) for the first, then dotted, dash-dot, long dash and
// dash-dot-dot, in a cycle. Render and package figure both draw lines with
// it, so that lines differ in more than colour.
func LineDash(k int) []float64 {
	if k < 0 {
		return nil
	}
	return lineDashes[k%len(lineDashes)]
}

// px writes a distance in pixels as opts wants it, a string (ECharts
// reads "72" as 72 pixels).
func px(n int) string { return strconv.Itoa(n) }

// fixedRange is the part of an axis option that fixes its range.
type fixedRange struct {
	min, max any // float64, as opts.XAxis and opts.YAxis want them
	interval float64
	label    *opts.AxisLabel
}

// axisRange fixes the axis range. When both ends are multiples of the
// round step niceRange would use (the ticks
// of Ticks), ticks are placed at that step so that
// the ends carry labels; otherwise ECharts places ticks and the ends are
// left unlabelled (they would crowd the neighbouring tick).
func axisRange(lo, hi float64) fixedRange {
	r := fixedRange{min: lo, max: hi}
	step := niceStep(span6(lo, hi))
	if isFinite(step) && step > 0 && onStep(lo, step) && onStep(hi, step) {
		r.interval = clean(step)
		return r
	}
	r.label = &opts.AxisLabel{ShowMinLabel: opts.Bool(false), ShowMaxLabel: opts.Bool(false)}
	return r
}

func onStep(v, step float64) bool {
	q := v / step
	return math.Abs(q-math.Round(q)) < 1e-6
}

// tickNames formats grid coordinates as category names, as FormatNumber
// formats every number the chart shows.
func tickNames(v []float64) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = FormatNumber(x)
	}
	return out
}

// seriesOption returns the option of series s, the i-th of chart c and the
// k-th of its kind.
func seriesOption(c *Chart, s *Series, i, k, width int) eSeries {
	color := s.Color
	if color == "" {
		color = Palette[i%len(Palette)]
	}
	e := eSeries{
		ID:        seriesID(i),
		Name:      s.Name,
		Type:      string(s.kind(c)),
		Data:      seriesData(s, true, resolution(c.XMin, c.XMax), resolution(c.YMin, c.YMax)),
		ItemStyle: &opts.ItemStyle{Color: color},
	}
	switch s.kind(c) {
	case KindLine:
		wd := s.Width
		if wd == 0 {
			wd = 2
		}
		e.LineStyle = &eLineStyle{LineStyle: opts.LineStyle{Width: float32(wd)}, Type: "solid"}
		if s.Dash {
			e.LineStyle.Type = "dashed"
		} else if d := LineDash(k); d != nil {
			px := make([]float64, len(d))
			for j, v := range d {
				px[j] = v * wd
			}
			e.LineStyle.Type = px
		}
		e.ShowSymbol = opts.Bool(s.Markers || len(s.Y) <= 30)
		// Without markers on the line, none in its legend entry either
		// (the entry shows the line's dash pattern).
		e.Symbol = "none"
		if *e.ShowSymbol {
			e.Symbol = symbols[k%len(symbols)]
		}
		if s.Markers {
			e.SymbolSize = 7
		}
		if s.Area {
			e.AreaStyle = &opts.AreaStyle{Opacity: opts.Float(0.15)}
		}
	case KindScatter:
		e.SymbolSize = s.Width
		if e.SymbolSize == 0 {
			e.SymbolSize = 6
		}
		e.Symbol = symbols[k%len(symbols)]
		// With the axis ranges taken from the data, every point is inside
		// the plot: unclipped, a marker on its edge shows whole (the moved
		// point at x = 10 of notebook 01 was cut in half). A range the
		// caller fixed keeps clipping what lies outside it.
		if c.autoX && c.autoY {
			e.Clip = opts.Bool(false)
		}
	case KindBar:
		if len(c.Categories) == 0 && c.XMax > c.XMin {
			// On a value axis ECharts cannot know how wide a bar should
			// be: make it 80% of the smallest gap between bars.
			if g := MinGap(s.X); !math.IsInf(g, 1) {
				px := float64(width-gridLeft-gridRight) * g / (c.XMax - c.XMin) * 0.8
				e.BarWidth = math.Max(1, math.Round(px*10)/10)
			}
		}
	}
	return e
}

func seriesID(i int) string { return "s" + string(appendNum(nil, float64(i))) }

// seriesData writes the series' points as ECharts data: [x, y] pairs, or
// plain y values on a category axis; a gap is "-". With labels, each point
// is {"value": [x, y], "name": label}.
// Numbers are rounded as appendQ does, with the quanta qx and qy.
func seriesData(s *Series, labels bool, qx, qy float64) json.RawMessage {
	b := make([]byte, 0, 16*len(s.Y)+2)
	b = append(b, '[')
	for i, y := range s.Y {
		if i > 0 {
			b = append(b, ',')
		}
		lab := labels && s.Labels != nil
		if lab {
			b = append(b, `{"value":`...)
		}
		if s.X != nil {
			b = appendQ(append(b, '['), s.X[i], qx)
			b = append(b, ',')
		}
		if isFinite(y) {
			b = appendQ(b, y, qy)
		} else {
			b = append(b, `"-"`...)
		}
		if s.X != nil {
			b = append(b, ']')
		}
		if lab {
			name, _ := json.Marshal(s.Labels[i]) // a string always marshals
			b = append(append(append(b, `,"name":`...), name...), '}')
		}
	}
	return append(b, ']')
}

// eFrames is the compact form of a chart's slider frames: the x arrays
// are stored once (frames usually share them) and each frame lists, per
// changing series, the index of its x array (-1 on a category axis) and its
// y values (null for a gap).
type eFrames struct {
	Slider int               `json:"slider"`
	IDs    []string          `json:"ids"`
	Xs     []json.RawMessage `json:"xs"`
	F      [][]eFrameSeries  `json:"f"`
}

type eFrameSeries [2]json.RawMessage

func frames(c *Chart, slider int) *eFrames {
	fr := c.Frames
	if fr == nil {
		return nil
	}
	e := &eFrames{Slider: slider, Xs: []json.RawMessage{}}
	xmin, xmax, ymin, ymax := c.ranges()
	qx, qy := resolution(xmin, xmax), resolution(ymin, ymax)
	for j := range fr.Series[0] {
		e.IDs = append(e.IDs, seriesID(len(c.Series)+j))
	}
	xsIndex := map[string]int{}
	for _, f := range fr.Series {
		var ef []eFrameSeries
		for _, s := range f {
			xi := []byte("-1")
			if s.X != nil {
				xb := nums(s.X, qx)
				k, ok := xsIndex[string(xb)]
				if !ok {
					k = len(e.Xs)
					xsIndex[string(xb)] = k
					e.Xs = append(e.Xs, xb)
				}
				xi = appendNum(nil, float64(k))
			}
			ef = append(ef, eFrameSeries{xi, nums(s.Y, qy)})
		}
		e.F = append(e.F, ef)
	}
	return e
}

func nums(v []float64, q float64) json.RawMessage {
	b := make([]byte, 0, 10*len(v)+2)
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQ(b, x, q)
	}
	return append(b, ']')
}
