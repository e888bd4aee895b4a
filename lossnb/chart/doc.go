// Package chart describes interactive charts for the lossnb notebooks and
// renders them to HTML drawn by ECharts.
//
// The vocabulary is small: a Chart holds Series (lines, scatter points or
// bars against numeric axes, or bars over Categories) or a heat map Grid.
// A Slider makes charts follow a parameter: Chart.AddFrames computes the
// series for every slider value in Go, and the page's own script swaps them
// (no kernel round trip, so it also works in exported HTML). Several charts
// that use the same *Slider, rendered together, move together. A Toggle shows
// one of several named charts at a time.
//
//	c := chart.NewLines("Loss against the residual")
//	c.XLabel, c.YLabel = "residual y − ŷ", "loss"
//	c.Add("MSE", r, mse)
//	s := chart.NewSlider("δ", deltas)
//	c.AddFrames(s, func(i int) []*chart.Series {
//		return []*chart.Series{chart.Line("Huber", r, huber(r, deltas[i]))}
//	})
//	html, err := chart.Render(c)
//
// Render is pure: it returns an HTML snippet and never displays anything;
// package nb shows charts in GoNB, and package figure draws the same chart
// values with gonum/plot as PNG or SVG.
//
// Ticks and numbers: Ticks and FormatNumber are the one rule for axis ticks
// and the text of numbers. The page's script (loader.js, embedded in every
// output) reads the format's constants from the chart data, and package
// figure draws its ticks with Ticks, so tooltips, axes and static figures
// agree.
//
// Data checks: Render refuses non-finite x values, and non-finite y values
// unless the series has Gaps set, with an error naming the series and the
// index. (A chart library given NaN draws a blank chart, and a NaN in a loss
// curve is a bug worth hearing about.)
//
// Safety: all text (titles, labels, series and point names, slider and
// view names) reaches the page as JSON from encoding/json or through
// an HTML escaper, and the tooltips escape it again, so text cannot inject
// markup or script.
//
// Accessibility: each chart is an image with a text alternative (Describe)
// and a data table behind a "Data table" button, sliders and toggle buttons
// work with the keyboard and give screen readers their readout, and series
// differ in dash pattern, symbol or bar pattern as well as in colour (the
// Okabe–Ito Palette, safe for colour-blind readers).
//
// Imports: the standard library and go-echarts' option types (opts, types).
// Package chart may not import any other lossnb package, nor gonum/plot,
// go-echarts' charts, render or templates, html/template or GoNB: every
// notebook cell that shows a chart links it (the rules are checked by lossnb/layers_test.go).
package chart
