package chart

import (
	"encoding/json"
	"math"
)

// The ECharts option is written from these small structs with
// encoding/json (which escapes <, > and & in strings), not with go-echarts:
// its template and render packages would triple the link time of every
// notebook cell that shows a chart. Functions (tooltip and axis label
// formatters) cannot travel in JSON; the page's script adds them.

type eOption struct {
	Animation         bool        `json:"animation"`
	AnimationDuration int         `json:"animationDurationUpdate"`
	Color             []string    `json:"color"`
	Title             eTitle      `json:"title"`
	Legend            *eLegend    `json:"legend,omitempty"`
	Tooltip           eTooltip    `json:"tooltip"`
	Grid              eGrid       `json:"grid"`
	XAxis             eAxis       `json:"xAxis"`
	YAxis             eAxis       `json:"yAxis"`
	VisualMap         *eVisualMap `json:"visualMap,omitempty"`
	Series            []eSeries   `json:"series"`
}

type eTitle struct {
	Text      string     `json:"text"`
	Left      string     `json:"left"`
	TextStyle eTextStyle `json:"textStyle"`
}

type eTextStyle struct {
	FontSize   int    `json:"fontSize"`
	FontWeight string `json:"fontWeight"`
}

type eLegend struct {
	Type string `json:"type"`
	Top  int    `json:"top"`
	Left string `json:"left"`
}

type eTooltip struct {
	Trigger string `json:"trigger"`
	Confine bool   `json:"confine"`
}

type eGrid struct {
	Left   int `json:"left"`
	Right  int `json:"right"`
	Top    int `json:"top"`
	Bottom int `json:"bottom"`
}

type eAxis struct {
	Type         string     `json:"type"`
	Name         string     `json:"name,omitempty"`
	NameLocation string     `json:"nameLocation"`
	NameGap      int        `json:"nameGap"`
	Min          *float64   `json:"min,omitempty"`
	Max          *float64   `json:"max,omitempty"`
	Interval     float64    `json:"interval,omitempty"`
	AxisLabel    *eLabel    `json:"axisLabel,omitempty"`
	Data         []string   `json:"data,omitempty"`
	SplitLine    eShow      `json:"splitLine"`
	AxisLine     eAxisLine  `json:"axisLine"`
	NameStyle    eTextStyle `json:"nameTextStyle"`
}

type eLabel struct {
	ShowMinLabel bool `json:"showMinLabel"`
	ShowMaxLabel bool `json:"showMaxLabel"`
}

type eShow struct {
	Show bool `json:"show"`
}

type eAxisLine struct {
	OnZero bool `json:"onZero"`
}

type eVisualMap struct {
	Type       string   `json:"type"`
	Min        float64  `json:"min"`
	Max        float64  `json:"max"`
	Dimension  int      `json:"dimension"`
	Calculable bool     `json:"calculable"`
	Right      int      `json:"right"`
	Top        string   `json:"top"`
	ItemHeight int      `json:"itemHeight"`
	InRange    eInRange `json:"inRange"`
}

type eInRange struct {
	Color []string `json:"color"`
}

type eSeries struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	Data        json.RawMessage `json:"data"`
	ShowSymbol  *bool           `json:"showSymbol,omitempty"`
	SymbolSize  float64         `json:"symbolSize,omitempty"`
	BarWidth    float64         `json:"barWidth,omitempty"`
	LineStyle   *eLineStyle     `json:"lineStyle,omitempty"`
	AreaStyle   *eAreaStyle     `json:"areaStyle,omitempty"`
	ItemStyle   *eItemStyle     `json:"itemStyle,omitempty"`
	Emphasis    *eEmphasis      `json:"emphasis,omitempty"`
	Progressive int             `json:"progressive,omitempty"`
	// Rows holds a heat map's values, Rows[j][i] at (x_i, y_j); the page
	// moves them to Data.
	Rows json.RawMessage `json:"rows,omitempty"`
}

type eLineStyle struct {
	Width float64 `json:"width"`
	Type  string  `json:"type"`
}

type eAreaStyle struct {
	Opacity float64 `json:"opacity"`
}

type eItemStyle struct {
	Color string `json:"color"`
}

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
		Animation:         true,
		AnimationDuration: 200,
		Color:             Palette,
		Title:             eTitle{Text: s.Title, Left: "center", TextStyle: eTextStyle{FontSize: 14, FontWeight: "normal"}},
		Tooltip:           eTooltip{Trigger: "axis", Confine: true},
		Grid:              eGrid{Left: gridLeft, Right: gridRight, Top: gridTopTitle, Bottom: gridBottom},
		XAxis:             eAxis{Type: "value", Name: s.XLabel, NameLocation: "middle", NameGap: 30},
		YAxis:             eAxis{Type: "value", Name: s.YLabel, NameLocation: "middle", NameGap: 50},
	}
	for _, a := range []*eAxis{&o.XAxis, &o.YAxis} {
		a.NameStyle = eTextStyle{FontSize: 13, FontWeight: "normal"}
		a.SplitLine.Show = true
	}
	if s.Heat != nil {
		g := s.Heat
		o.Tooltip.Trigger = "item"
		o.Grid.Right = heatRight
		o.XAxis.Type, o.YAxis.Type = "category", "category"
		o.XAxis.Data, o.YAxis.Data = tickNames(g.X), tickNames(g.Y)
		o.XAxis.SplitLine.Show, o.YAxis.SplitLine.Show = false, false
		lo, hi := g.zRange()
		o.VisualMap = &eVisualMap{Type: "continuous", Min: clean(lo), Max: clean(hi), Dimension: 2, Calculable: true,
			Right: 8, Top: "middle", ItemHeight: max(h-140, 60), InRange: eInRange{Color: Viridis}}
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
		o.XAxis.SplitLine.Show = false
	} else {
		setRange(&o.XAxis, s.XMin, s.XMax)
	}
	setRange(&o.YAxis, s.YMin, s.YMax)
	named, onlyScatter := 0, true
	for i, se := range s.Series {
		if se.Name != "" {
			named++
		}
		k := se.kind(s)
		if k != KindScatter {
			onlyScatter = false
		}
		o.Series = append(o.Series, seriesOption(s, se, i, w))
	}
	if onlyScatter && len(s.Categories) == 0 {
		o.Tooltip.Trigger = "item"
	}
	if named > 1 {
		o.Legend = &eLegend{Type: "scroll", Top: 24, Left: "center"}
		o.Grid.Top = gridTopLegend
	}
	return o
}

func ptr(v float64) *float64 { return &v }

// setRange fixes the axis range. When both ends are multiples of the
// round step niceRange would use, ticks are placed at that step so that
// the ends carry labels; otherwise ECharts places ticks and the ends are
// left unlabelled (they would crowd the neighbouring tick).
func setRange(a *eAxis, lo, hi float64) {
	a.Min, a.Max = ptr(lo), ptr(hi)
	step := niceStep((hi - lo) / 6)
	if onStep(lo, step) && onStep(hi, step) {
		a.Interval = clean(step)
		return
	}
	a.AxisLabel = &eLabel{}
}

func onStep(v, step float64) bool {
	q := v / step
	return math.Abs(q-math.Round(q)) < 1e-6
}

// tickNames formats grid coordinates as category names.
func tickNames(v []float64) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = formatG(x, 4)
	}
	return out
}

func seriesOption(c *Chart, s *Series, i, width int) eSeries {
	color := s.Color
	if color == "" {
		color = Palette[i%len(Palette)]
	}
	e := eSeries{
		ID:        seriesID(i),
		Name:      s.Name,
		Type:      string(s.kind(c)),
		Data:      seriesData(s, true, resolution(c.XMin, c.XMax), resolution(c.YMin, c.YMax)),
		ItemStyle: &eItemStyle{Color: color},
	}
	switch s.kind(c) {
	case KindLine:
		wd := s.Width
		if wd == 0 {
			wd = 2
		}
		e.LineStyle = &eLineStyle{Width: wd, Type: "solid"}
		if s.Dash {
			e.LineStyle.Type = "dashed"
		}
		show := len(s.Y) <= 30
		e.ShowSymbol = &show
		if s.Area {
			e.AreaStyle = &eAreaStyle{Opacity: 0.15}
		}
	case KindScatter:
		e.SymbolSize = s.Width
		if e.SymbolSize == 0 {
			e.SymbolSize = 6
		}
	case KindBar:
		if len(c.Categories) == 0 && c.XMax > c.XMin {
			// On a value axis ECharts cannot know how wide a bar should
			// be: make it 80% of the smallest gap between bars.
			if g := minGap(s.X); !math.IsInf(g, 1) {
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
