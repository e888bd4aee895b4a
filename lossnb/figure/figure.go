// Package figure draws the charts of package chart with gonum/plot, as
// PNG or SVG: the static twin shown where a notebook's JavaScript does not
// run (GitHub, an untrusted notebook, a PDF export), and plain static figures.
//
// A figure shows what the interactive chart shows before anyone touches it
// (see chart.Snapshot): the first view of a toggle, and the frame of the
// slider's initial value with its readout in the title. It uses the same
// colours and axis ranges as the interactive chart.
//
// This package links gonum/plot, which makes a notebook cell's program
// slower to link (about 0.5 s more): package nb does not import it but runs
// the lossnb-render helper (cmd/lossnb-render), built once.
//
// Imports: chart and gonum/plot. Package figure may not import loss, fit,
// nb, lesson or exercise, nor GoNB (the rules are checked by lossnb/layers_test.go).
package figure

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/lossnb/lossnb/lossnb/chart"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DPI is the resolution of PNG figures: at 96 dots per inch one pixel is
// one CSS pixel, as in the interactive chart.
const DPI = 96

// PNG draws the item as a PNG image of width × height pixels; 0 takes the
// size from the chart (640 × 360 by default). At most [MaxPixels] pixels.
func PNG(it chart.Item, width, height int) ([]byte, error) {
	return drawNamed("PNG", "png", width, height, []chart.Item{it})
}

// SVG draws the item as an SVG image of width × height CSS pixels; 0 takes
// the size from the chart.
func SVG(it chart.Item, width, height int) ([]byte, error) {
	return drawNamed("SVG", "svg", width, height, []chart.Item{it})
}

// MaxPixels bounds the area of an image: a PNG of width × height pixels
// takes 4·width·height bytes while it is drawn, so 100000 × 100000 asked
// for 40 GB. 5000 × 5000 is 100 MB.
const MaxPixels = 25_000_000

// withName puts the exported function's name on an error: "figure: …" and
// a chart error "chart.Snapshot: …" become "figure.PNG: …".
func withName(fn string, err error) error {
	if err == nil {
		return nil
	}
	msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "figure: "), "chart.Snapshot: ")
	return fmt.Errorf("figure.%s: %s", fn, msg)
}

// checkSize requires a positive size whose n tiles fit in MaxPixels.
func checkSize(width, height, n int) error {
	if width <= 0 || height <= 0 {
		return fmt.Errorf("figure: size %d×%d is not positive", width, height)
	}
	if float64(width)*float64(height)*float64(n) > MaxPixels {
		return fmt.Errorf("figure: size %d×%d×%d charts is %.3g pixels, want at most %d (e.g. 5000×5000)", width, height, n, float64(width)*float64(height)*float64(n), MaxPixels)
	}
	return nil
}

// Image draws the items one above the other, each width × height pixels
// (0: the first chart's size), in format "png" or "svg".
//
// Each chart's legend goes in a corner of the plotting area that no data
// comes near, or, when every corner holds data, in a row between the title
// and the plotting area (where the interactive chart has it). Heat maps get
// a colour bar on the right.
func Image(format string, width, height int, items ...chart.Item) ([]byte, error) {
	return drawNamed("Image", format, width, height, items)
}

func drawNamed(fn, format string, width, height int, items []chart.Item) ([]byte, error) {
	b, err := drawImage(format, width, height, items)
	return b, withName(fn, err)
}

func drawImage(format string, width, height int, items []chart.Item) ([]byte, error) {
	if len(items) == 0 {
		return nil, fmt.Errorf("figure: nothing to draw")
	}
	if format != "png" && format != "svg" {
		return nil, fmt.Errorf("figure: unknown format %q (want png or svg)", format)
	}
	if width < 0 || height < 0 {
		return nil, fmt.Errorf("figure: size %d×%d is negative (0 takes the chart's own)", width, height)
	}
	var figs []*fig
	for _, it := range items {
		s, err := chart.Snapshot(it)
		if err != nil {
			return nil, err
		}
		if len(figs) == 0 {
			// 0 takes the first chart's own width or height, each on its
			// own: PNG(c, 0, 300) keeps the chart's width.
			if width == 0 {
				width = s.Width
				if width <= 0 {
					width = 640
				}
			}
			if height == 0 {
				height = s.Height
				if height <= 0 {
					height = 360
				}
			}
			if err := checkSize(width, height, len(items)); err != nil {
				return nil, err
			}
		}
		f, err := build(s)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	w := vg.Length(width) * vg.Inch / DPI
	h := vg.Length(height*len(figs)) * vg.Inch / DPI
	var (
		canvas vg.CanvasWriterTo
		dc     draw.Canvas
	)
	switch format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
		canvas, dc = smallPNG{c}, draw.New(c)
	case "svg":
		c := vgsvg.New(w, h)
		canvas, dc = c, draw.New(c)
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
	default:
		return nil, fmt.Errorf("figure: unknown format %q (want png or svg)", format)
	}
	tiles := draw.Tiles{Rows: len(figs), Cols: 1}
	for i, f := range figs {
		f.draw(tiles.At(dc, 0, i))
	}
	var b bytes.Buffer
	if _, err := canvas.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("figure: writing %s: %w", format, err)
	}
	if format == "png" {
		var desc []string
		for _, it := range items {
			d, err := chart.Describe(it)
			if err != nil {
				return nil, err
			}
			desc = append(desc, d)
		}
		return withDescription(b.Bytes(), strings.Join(desc, " ")), nil
	}
	return b.Bytes(), nil
}

// withDescription returns the PNG image img with the text alternative desc in an
// iTXt chunk of keyword "Description" (PNG specification, 3rd edition, §11.3.3.4 and
// §11.3.3.2's predefined keywords), placed after the IHDR chunk: nb.ShowPNG reads it
// as the image's alt text. img must start with the signature and IHDR that
// image/png writes.
func withDescription(img []byte, desc string) []byte {
	const afterIHDR = 8 + 4 + 4 + 13 + 4                               // signature, then IHDR's length, type, data, CRC
	data := append([]byte("Description\x00\x00\x00\x00\x00"), desc...) // keyword, flag, method, language, translated keyword
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(append(chunk, "iTXt"...), data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := make([]byte, 0, len(img)+len(chunk))
	return append(append(append(out, img[:afterIHDR]...), chunk...), img[afterIHDR:]...)
}

// smallPNG writes the canvas as a small PNG, since a notebook keeps one
// twin per chart output: an 8-bit paletted image (see quantize). Default
// compression: the best would save 10% more in three times the time, and
// a notebook cell waits for it.
type smallPNG struct{ *vgimg.Canvas }

func (c smallPNG) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	err := enc.Encode(cw, quantize(c.Image()))
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Plot returns the gonum plot of a chart, for further changes before
// saving it. Its frames and toggles are resolved as in chart.Snapshot. Its
// legend is in the corner of the plotting area with the least data nearby
// at the chart's own size (gonum/plot cannot draw a legend outside the
// plotting area; Image can).
func Plot(it chart.Item) (*plot.Plot, error) {
	c, err := chart.Snapshot(it)
	if err != nil {
		return nil, withName("Plot", err)
	}
	f, err := build(c)
	if err != nil {
		return nil, withName("Plot", err)
	}
	w, h := c.Width, c.Height
	if w <= 0 {
		w = 640
	}
	if h <= 0 {
		h = 360
	}
	if err := checkSize(w, h, 1); err != nil {
		return nil, withName("Plot", err)
	}
	p := f.p
	p.Title.Text = f.title
	if len(f.legend) < 2 {
		return p, nil
	}
	img := vgimg.New(vg.Length(w)*vg.Inch/DPI, vg.Length(h)*vg.Inch/DPI)
	dc := draw.New(img)
	area := p.DataCanvas(dc)
	corner, _ := f.bestCorner(area)
	p.Legend.Top, p.Legend.Left = corner.top, corner.left
	p.Legend.XOffs, p.Legend.YOffs = corner.offsets()
	for _, e := range f.legend {
		p.Legend.Add(e.name, e.thumb)
	}
	return p, nil
}

// fig is a chart made ready to draw: the gonum plot without title nor
// legend (Image lays them out), the legend's entries and the snapshot.
type fig struct {
	p      *plot.Plot
	c      *chart.Chart
	title  string
	legend []entry
	bar    *plot.Plot // a heat map's colour bar
}

type entry struct {
	name  string
	thumb plot.Thumbnailer
}

// build returns the plot of a snapshot.
func build(c *chart.Chart) (*fig, error) {
	p := plot.New()
	f := &fig{p: p, c: c, title: c.Title}
	p.X.Label.Text, p.Y.Label.Text = c.XLabel, c.YLabel
	p.Title.TextStyle.Font.Size = vg.Points(11)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(10)
		a.Tick.Label.Font.Size = vg.Points(8)
		a.Tick.Marker = plot.TickerFunc(niceTicks)
	}
	if c.Heat != nil {
		return f, heat(f)
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 230}
	grid.Horizontal.Color = color.Gray{Y: 230}
	p.Add(grid)
	if len(c.Categories) > 0 {
		p.NominalX(c.Categories...)
		grid.Vertical.Color = nil
		p.X.Min, p.X.Max = -0.5, float64(len(c.Categories))-0.5
	} else {
		p.X.Min, p.X.Max = c.XMin, c.XMax
	}
	p.Y.Min, p.Y.Max = c.YMin, c.YMax

	nbars, bar := 0, 0
	for _, s := range c.Series {
		if kind(c, s) == chart.KindBar {
			nbars++
		}
	}
	nlines := 0
	for i, s := range c.Series {
		col := seriesColor(s, i)
		var thumb plot.Thumbnailer
		switch kind(c, s) {
		case chart.KindLine:
			ls := draw.LineStyle{Color: col, Width: px(s.Width, 2)}
			if s.Dash {
				ls.Dashes = []vg.Length{vg.Points(4.5), vg.Points(3)}
			} else {
				// The interactive chart's dash pattern for this line (chart.LineDash).
				for _, d := range chart.LineDash(nlines) {
					ls.Dashes = append(ls.Dashes, vg.Length(d)*ls.Width)
				}
			}
			nlines++
			for _, seg := range segments(c, s) {
				l, err := plotter.NewLine(seg)
				if err != nil {
					return nil, fmt.Errorf("figure: series %q: %w", s.Name, err)
				}
				l.LineStyle = ls
				if s.Area {
					r, g, b, _ := col.RGBA()
					l.FillColor = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 38}
				}
				p.Add(l)
				thumb = l
			}
			if thumb == nil {
				thumb = &plotter.Line{LineStyle: ls}
			}
		case chart.KindScatter:
			pts := points(c, s)
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("figure: series %q: %w", s.Name, err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: px(s.Width, 6) / 2, Shape: draw.CircleGlyph{}}
			p.Add(sc)
			thumb = sc
		case chart.KindBar:
			b := &bars{XYs: points(c, s), Color: col}
			gap := 1.0
			if len(c.Categories) == 0 {
				gap = minGap(s.X)
			}
			b.Width = 0.8 * gap / float64(nbars)
			b.Offset = (float64(bar) - float64(nbars-1)/2) * b.Width
			bar++
			p.Add(b)
			thumb = b
		}
		if s.Name != "" {
			f.legend = append(f.legend, entry{s.Name, thumb})
		}
	}
	if len(f.legend) < 2 {
		f.legend = nil
	}
	return f, nil
}

func kind(c *chart.Chart, s *chart.Series) chart.Kind {
	if s.Kind != "" {
		return s.Kind
	}
	if c.Kind != "" {
		return c.Kind
	}
	return chart.KindLine
}

// px converts a width in CSS pixels (or the default d) to a length.
func px(w, d float64) vg.Length {
	if w == 0 {
		w = d
	}
	return vg.Length(w) * vg.Inch / DPI
}

func points(c *chart.Chart, s *chart.Series) plotter.XYs {
	var xy plotter.XYs
	for i, y := range s.Y {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			continue
		}
		x := float64(i)
		if s.X != nil {
			x = s.X[i]
		}
		xy = append(xy, plotter.XY{X: x, Y: y})
	}
	return xy
}

// segments splits a line at its gaps (non-finite y values).
func segments(c *chart.Chart, s *chart.Series) []plotter.XYs {
	var segs []plotter.XYs
	var cur plotter.XYs
	for i, y := range s.Y {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			if len(cur) > 0 {
				segs = append(segs, cur)
			}
			cur = nil
			continue
		}
		x := float64(i)
		if s.X != nil {
			x = s.X[i]
		}
		cur = append(cur, plotter.XY{X: x, Y: y})
	}
	if len(cur) > 0 {
		segs = append(segs, cur)
	}
	return segs
}

// minGap is chart.MinGap, or 1 for a single bar.
func minGap(x []float64) float64 {
	if g := chart.MinGap(x); !math.IsInf(g, 1) {
		return g
	}
	return 1
}

// bars draws one bar per point, from 0 to y, Width wide (in x units) and
// shifted by Offset, so that several bar series stand side by side.
type bars struct {
	plotter.XYs
	Width, Offset float64
	Color         color.Color
}

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	c.SetColor(b.Color)
	for _, xy := range b.XYs {
		x0, x1 := xy.X+b.Offset-b.Width/2, xy.X+b.Offset+b.Width/2
		y0, y1 := math.Min(0, xy.Y), math.Max(0, xy.Y)
		pts := []vg.Point{{X: tx(x0), Y: ty(y0)}, {X: tx(x1), Y: ty(y0)}, {X: tx(x1), Y: ty(y1)}, {X: tx(x0), Y: ty(y1)}}
		c.FillPolygon(b.Color, c.ClipPolygonXY(pts))
	}
}

func (b *bars) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(b.Color, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
}

// heat draws a heat map with gonum/plot's plotter.HeatMap, one flat cell per
// grid point as in the interactive chart, coloured by chart.Viridis over
// the same range as there; Image adds the plot of a plotter.ColorBar.
func heat(f *fig) error {
	g := f.c.Heat
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range g.Z {
		for _, z := range row {
			lo, hi = math.Min(lo, z), math.Max(hi, z)
		}
	}
	if lo == hi {
		// As the interactive chart's visualMap does: a flat grid takes the
		// middle colour (and the colour bar a non-empty range).
		lo, hi = lo-0.5, hi+0.5
	}
	cm := &rampMap{stops: chart.Viridis, min: lo, max: hi, alpha: 1}
	h := plotter.NewHeatMap(gridXYZ{g}, cm.Palette(64))
	h.Min, h.Max = lo, hi
	// Anti-aliasing leaves light seams between the cells of a vectorized
	// heat map; a rasterized copy underneath (smoothed by the image
	// scaling, so not drawn alone) fills them with the colours around.
	under := *h
	under.Rasterized = true
	f.p.Add(&under, h)
	x0, x1, y0, y1 := h.DataRange()
	f.p.X.Min, f.p.X.Max = math.Min(x0, x1), math.Max(x0, x1)
	f.p.Y.Min, f.p.Y.Max = math.Min(y0, y1), math.Max(y0, y1)

	bar := plot.New()
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	bar.HideX()
	bar.Y.Padding = 0
	bar.Y.Tick.Marker = plot.TickerFunc(niceTicks)
	bar.Y.Tick.Label.Font.Size = f.p.Y.Tick.Label.Font.Size
	f.bar = bar
	return nil
}

// gridXYZ is a chart.Grid as plotter.HeatMap reads it: Z[j][i] at (X[i], Y[j]).
type gridXYZ struct{ g *chart.Grid }

func (g gridXYZ) Dims() (c, r int)   { return len(g.g.X), len(g.g.Y) }
func (g gridXYZ) Z(c, r int) float64 { return g.g.Z[r][c] }
func (g gridXYZ) X(c int) float64    { return g.g.X[c] }
func (g gridXYZ) Y(r int) float64    { return g.g.Y[r] }

// rampMap is the palette.ColorMap of heat maps: its colour stops joined by
// straight lines in RGB over [min, max], as ECharts' visualMap joins them
// (gonum's moreland maps interpolate in CIELAB, which would not match).
type rampMap struct {
	stops           []string
	min, max, alpha float64
}

func (m *rampMap) At(v float64) (color.Color, error) {
	switch {
	case math.IsNaN(v):
		return nil, palette.ErrNaN
	case v < m.min:
		return nil, palette.ErrUnderflow
	case v > m.max:
		return nil, palette.ErrOverflow
	}
	t := 0.0
	if m.max > m.min {
		t = (v - m.min) / (m.max - m.min)
	}
	t *= float64(len(m.stops) - 1)
	k := min(int(t), len(m.stops)-2)
	f := t - float64(k)
	a := parseColor(m.stops[k], color.RGBA{A: 255})
	b := parseColor(m.stops[k+1], color.RGBA{A: 255})
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*(1-f) + float64(b)*f)) }
	return color.NRGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: uint8(math.Round(255 * m.alpha))}, nil
}

func (m *rampMap) Max() float64       { return m.max }
func (m *rampMap) SetMax(v float64)   { m.max = v }
func (m *rampMap) Min() float64       { return m.min }
func (m *rampMap) SetMin(v float64)   { m.min = v }
func (m *rampMap) Alpha() float64     { return m.alpha }
func (m *rampMap) SetAlpha(a float64) { m.alpha = a }
func (m *rampMap) Palette(n int) palette.Palette {
	cols := make(rampPalette, n)
	for i := range cols {
		v := m.min
		if n > 1 {
			v += (m.max - m.min) * float64(i) / float64(n-1)
		}
		cols[i], _ = m.At(min(v, m.max)) // within [min, max]: no error
	}
	return cols
}

type rampPalette []color.Color

func (p rampPalette) Colors() []color.Color { return p }

func seriesColor(s *chart.Series, i int) color.Color {
	def := parseColor(chart.Palette[i%len(chart.Palette)], color.RGBA{A: 255})
	if s.Color == "" {
		return def
	}
	return parseColor(s.Color, def)
}

var named = map[string]color.RGBA{
	"black": {0, 0, 0, 255}, "white": {255, 255, 255, 255}, "gray": {128, 128, 128, 255}, "grey": {128, 128, 128, 255},
	"red": {255, 0, 0, 255}, "green": {0, 128, 0, 255}, "blue": {0, 0, 255, 255}, "orange": {255, 165, 0, 255},
	"purple": {128, 0, 128, 255}, "brown": {165, 42, 42, 255}, "pink": {255, 192, 203, 255}, "teal": {0, 128, 128, 255},
	"navy": {0, 0, 128, 255}, "silver": {192, 192, 192, 255}, "darkgray": {169, 169, 169, 255}, "lightgray": {211, 211, 211, 255},
}

// parseColor reads the CSS colours package chart accepts: #rgb, #rrggbb,
// #rrggbbaa, rgb(r, g, b), rgba(r, g, b, a) and a few names; def otherwise.
func parseColor(s string, def color.RGBA) color.RGBA {
	s = strings.TrimSpace(strings.ToLower(s))
	if c, ok := named[s]; ok {
		return c
	}
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		if len(h) == 3 || len(h) == 4 {
			var e []byte
			for i := range h {
				e = append(e, h[i], h[i])
			}
			h = string(e)
		}
		if len(h) == 6 {
			h += "ff"
		}
		if v, err := strconv.ParseUint(h, 16, 32); err == nil && len(h) == 8 {
			return color.RGBA{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: 255}
		}
		return def
	}
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		f := strings.Split(s[i+1:len(s)-1], ",")
		if len(f) >= 3 {
			var v [3]uint8
			for k := range v {
				n, err := strconv.ParseFloat(strings.TrimSpace(f[k]), 64)
				if err != nil {
					return def
				}
				v[k] = uint8(math.Max(0, math.Min(255, n)))
			}
			return color.RGBA{R: v[0], G: v[1], B: v[2], A: 255}
		}
	}
	return def
}

// niceTicks puts the ticks of chart.Ticks on a gonum axis: the interactive
// chart's round steps and number format.
func niceTicks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for _, t := range chart.Ticks(min, max) {
		ticks = append(ticks, plot.Tick{Value: t.Value, Label: t.Label})
	}
	return ticks
}
