package chart

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestRenderAccessibleMarkup checks what assistive technology gets from an output: each
// chart an image described in words (role, aria-label) with a data table behind a
// details element, the slider's readout as its aria-valuetext, a labelled toggle group,
// a focus ring and no notebook shortcut stealing the keys of a focused control
// (JupyterLab's ArrowLeft binding moved the cell selection off a focused slider). It would catch a chart with
// no text alternative, a slider read out as its index ("11") instead of "α = −∞", or a
// lost focus style.
func TestRenderAccessibleMarkup(t *testing.T) {
	xs := []float64{0, 1, 2}
	s := NewSlider("α", []float64{2, -10000})
	s.Labels = []string{"2", "−∞"}
	s.Init = 1
	a := NewLines("Loss")
	a.XLabel, a.YLabel = "residual", "loss"
	a.Add("MSE", xs, []float64{0, 1, 4})
	a.AddFrames(s, func(i int) []*Series { return []*Series{Line("Barron", xs, []float64{0, 1, float64(i)})} })
	b := NewBars("Counts", "a", "b")
	b.Add("n", nil, []float64{1, 2})
	tg := NewToggle()
	tg.Add("loss", a)
	tg.Add("counts", b)
	html, err := render("lossnb-T", []Item{tg})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`aria-valuetext="α = −∞"`,
		`<output data-readout="0">α = −∞</output>`,
		`<span role="group" aria-label="chart view"`,
		`<div data-chart="0" role="img" aria-label="Line chart “Loss”: loss against residual (0 to 2), loss from 0 to 4. 2 series: MSE; Barron. It follows the slider α."`,
		`<div data-chart="1" role="img" aria-label="Bar chart “Counts”: y against x (2 categories, a to b), y from 0 to 2. One series: n."`,
		`<details data-table-of="0"`, `>Data table</summary>`, `<details data-table-of="1"`,
		`data-table="1" role="region" tabindex="0" data-lm-suppress-shortcuts="true" aria-label="Values of chart 2, Counts"`,
		`:focus-visible{outline:3px solid #0072B2`,
		`<input type="range" data-lm-suppress-shortcuts="true"`,
		`<button type="button" data-lm-suppress-shortcuts="true"`,
		`<summary data-lm-suppress-shortcuts="true">`,
		`tabindex="0" data-lm-suppress-shortcuts="true"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the output lacks %s", want)
		}
	}
	// The hidden view hides its table too: the display style is on the chart's wrapper.
	if !regexp.MustCompile(`<div data-view="1"><div style="display:none;width:640px"><div data-chart="1"`).MatchString(html) {
		t.Errorf("the hidden view's chart and table are not hidden together")
	}
}

// TestDescribeEscaped checks that a description made of user text cannot inject markup
// (it is written into an attribute): it would catch an aria-label written unescaped.
func TestDescribeEscaped(t *testing.T) {
	const evil = `"><script>alert(1)</script>`
	c := NewLines(evil)
	c.XLabel, c.YLabel = evil, evil
	c.Add(evil, []float64{0, 1}, []float64{0, 1})
	html, err := render("lossnb-T", []Item{c})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "<script>alert") || strings.Contains(html, `"><script`) {
		t.Errorf("user text reached the page unescaped: %s", html)
	}
}

// TestSliderLabels checks per-value labels: the readout uses them, and a label list of
// the wrong length or with an empty label is refused by name. It would catch labels
// shifted against their values or silently ignored.
func TestSliderLabels(t *testing.T) {
	s := NewSlider("α", []float64{1, -10000})
	s.Labels = []string{"1", "−∞"}
	if got := s.Readout(1); got != "α = −∞" {
		t.Errorf("Readout(1) = %q, want α = −∞", got)
	}
	for _, tc := range []struct {
		labels []string
		want   string
	}{{[]string{"1"}, `slider "α": 1 Labels for 2 Values`}, {[]string{"1", " "}, `slider "α": Labels[1] is empty`}} {
		s.Labels = tc.labels
		c := NewLines("t")
		c.AddFrames(s, func(i int) []*Series { return []*Series{Line("a", []float64{0, 1}, []float64{0, 1})} })
		_, err := Render(c)
		if err == nil || !strings.Contains(err.Error(), "chart.Render: "+tc.want) {
			t.Errorf("labels %q: error %v, want one with %q", tc.labels, err, tc.want)
		}
	}
}

// TestStylesApartWithoutColour checks that series differ in more than colour: lines in
// dash pattern, scatter series and marked lines in symbol, several bar series in decal
// pattern. It would catch two lines drawn alike in everything but colour.
func TestStylesApartWithoutColour(t *testing.T) {
	xs := []float64{0, 1}
	long := make([]float64, 40)
	c := NewLines("lines")
	for i := range 5 {
		c.Add(fmt.Sprint("l", i), make([]float64, 40), long)
	}
	c.Series[4].Markers = true
	c.Add("dashed", xs, xs).Dash = true
	c.AddSeries(Points("p0", xs, xs), Points("p1", xs, xs))
	s, err := snapshot(c)
	if err != nil {
		t.Fatal(err)
	}
	o := option(s)
	dashes := map[string]bool{}
	for _, e := range o.Series[:5] {
		d, _ := json.Marshal(e.LineStyle.Type)
		if dashes[string(d)] {
			t.Errorf("line %s has the dash pattern %s of an earlier line", e.Name, d)
		}
		dashes[string(d)] = true
	}
	if o.Series[0].LineStyle.Type != "solid" || o.Series[0].Symbol != "none" {
		t.Errorf("the first line: %v, symbol %q; want solid, no markers (40 points)", o.Series[0].LineStyle.Type, o.Series[0].Symbol)
	}
	if e := o.Series[4]; e.Symbol == "none" || !bool(*e.ShowSymbol) {
		t.Errorf("a line with Markers shows none (symbol %q)", e.Symbol)
	}
	if e := o.Series[5]; e.LineStyle.Type != "dashed" || e.Symbol != symbols[5] {
		t.Errorf("a Dash line of 2 points: %v, symbol %q; want dashed with markers %q", e.LineStyle.Type, e.Symbol, symbols[5])
	}
	if p0, p1 := o.Series[6], o.Series[7]; p0.Symbol == p1.Symbol {
		t.Errorf("two scatter series share the symbol %q", p0.Symbol)
	}
	if o.Aria.Decal.Show {
		t.Errorf("decals on a chart without bars")
	}
	b := NewBars("bars", "a", "b")
	b.Add("x", nil, []float64{1, 2})
	if o := mustOption(t, b); o.Aria.Decal.Show || !o.Aria.Enabled {
		t.Errorf("one bar series: aria %+v, want enabled without decals", o.Aria)
	}
	b.Add("y", nil, []float64{1, 2})
	if o := mustOption(t, b); !o.Aria.Decal.Show {
		t.Errorf("two bar series without decal patterns")
	}
}

func mustOption(t *testing.T, c *Chart) eOption {
	t.Helper()
	s, err := snapshot(c)
	if err != nil {
		t.Fatal(err)
	}
	return option(s)
}

// TestLegendWraps checks that a legend too long for one row wraps (a plain legend, not
// ECharts' paging "scroll" type) and that the plot moves down by a row for each extra
// row. It would catch the paged legend of notebook 03's influence chart, which hid
// series behind arrows, or a wrapped legend drawn over the plot.
func TestLegendWraps(t *testing.T) {
	c := NewLines("many")
	for i := range 8 {
		c.Add(fmt.Sprintf("a rather long series name %d", i), []float64{0, 1}, []float64{0, 1})
	}
	o := mustOption(t, c)
	if o.Legend == nil || o.Legend.Type != "" {
		t.Fatalf("legend %+v, want a plain one", o.Legend)
	}
	rows := legendRows([]string{"a rather long series name 0"}, 640)
	if rows != 1 {
		t.Errorf("one name takes %d rows", rows)
	}
	rows = legendRows(make([]string, 8), 640)
	if rows != 1 {
		t.Errorf("8 empty names take %d rows, want 1 (8 × 55 px < 630 px)", rows)
	}
	want := gridTopLegend + legendRowHeight*(legendRows(seriesNames(c), 640)-1)
	if legendRows(seriesNames(c), 640) < 3 || o.Grid.Top != px(want) {
		t.Errorf("8 long names: %d rows, grid top %s; want ≥ 3 rows and top %d", legendRows(seriesNames(c), 640), o.Grid.Top, want)
	}
}

func seriesNames(c *Chart) []string {
	var n []string
	for _, s := range c.Series {
		n = append(n, s.Name)
	}
	return n
}

// TestMarkersOnTheEdgeShowWhole checks that scatter markers are not clipped when the
// axis ranges come from the data (every point is inside), and are when the caller fixed
// a range. It would catch the moved point of notebook 01, at x = 10 on the edge of the
// plot, drawn half cut, or points outside a fixed range drawn over the axes.
func TestMarkersOnTheEdgeShowWhole(t *testing.T) {
	c := NewScatter("edge")
	c.Add("p", []float64{0, 10}, []float64{0, 1})
	if e := mustOption(t, c).Series[0]; e.Clip == nil || *e.Clip {
		t.Errorf("data ranges: clip %v, want false", e.Clip)
	}
	c.XMin, c.XMax = 0, 5
	if e := mustOption(t, c).Series[0]; e.Clip != nil {
		t.Errorf("a fixed x range: clip %v, want ECharts' default (clipped)", *e.Clip)
	}
}

// TestLegendIconsKeepShape checks that a scatter series drawn with a square,
// triangle or diamond has a legend entry of the same shape as a path (which
// ECharts scales keeping its aspect), and that a chart without such series
// leaves the legend's entries to ECharts. Before, the moved point of notebook
// 01 showed in its legend as a 40 × 14 px bar.
func TestLegendIconsKeepShape(t *testing.T) {
	xs := []float64{0, 1}
	c := NewLines("points")
	c.AddSeries(Points("p0", xs, xs), Points("p1", xs, xs), Points("p2", xs, xs))
	c.Add("line", xs, xs)
	o := mustOption(t, c)
	items, ok := o.Legend.Data.([]any)
	if !ok || len(items) != 4 {
		t.Fatalf("legend data %#v, want 4 entries", o.Legend.Data)
	}
	if items[0] != "p0" || items[3] != "line" {
		t.Errorf("entries %v: want plain names for the circle series and the line", items)
	}
	for i, want := range []string{"rect", "triangle"} {
		it, ok := items[i+1].(legendItem)
		if o.Series[i+1].Symbol != want || !ok || it.Icon != legendIcons[want] || !strings.HasPrefix(it.Icon, "path://") {
			t.Errorf("series %d (symbol %q): legend entry %#v, want the %s path", i+1, o.Series[i+1].Symbol, items[i+1], want)
		}
	}
	l := NewLines("lines")
	l.Add("a", xs, xs)
	l.Add("b", xs, xs)
	if o := mustOption(t, l); o.Legend.Data != nil {
		t.Errorf("a chart of lines sets legend data %#v", o.Legend.Data)
	}
}
