package figure

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/lossnb/lossnb/lossnb/chart"
)

// pixel is one CSS pixel (one image pixel at DPI).
const pixel = vg.Inch / DPI

// Layout of a figure, in pixels.
const (
	marginLeft, marginRight, marginTop, marginBottom = 4, 14, 6, 2
)

const (
	legendInset   = 6  // legend box from the edges of the plotting area
	legendPad     = 4  // inside the legend box
	legendThumb   = 18 // width of a legend entry's sample line
	legendGap     = 14 // between entries of a legend row
	legendNear    = 3  // data this close to the legend box counts as covered
	colorBarWidth = 12 // the ramp
	colorBarGap   = 10 // between the plotting area and the colour bar's axis
)

// corner is a place for the legend inside the plotting area.
type corner struct{ top, left bool }

// corners in order of preference.
var corners = []corner{{true, false}, {true, true}, {false, false}, {false, true}}

// offsets returns the gonum legend offsets that put it legendInset away
// from the plotting area's edges.
func (k corner) offsets() (x, y vg.Length) {
	x, y = -legendInset*pixel, legendInset*pixel
	if k.left {
		x = -x
	}
	if k.top {
		y = -y
	}
	return x, y
}

func (f *fig) legendStyle() text.Style {
	sty := plot.NewLegend().TextStyle
	sty.Font.Size = vg.Points(8)
	sty.Color = color.Gray{Y: 40}
	return sty
}

func (f *fig) rowHeight() vg.Length {
	e := f.legendStyle().FontExtents()
	return e.Height + 2*pixel
}

// legendBox returns the size of the legend drawn as a column in a corner.
func (f *fig) legendBox() (w, h vg.Length) {
	sty := f.legendStyle()
	for _, e := range f.legend {
		w = max(w, sty.Width(e.name))
	}
	w += (legendThumb + 4 + 2*legendPad) * pixel
	h = vg.Length(len(f.legend))*f.rowHeight() + 2*legendPad*pixel
	return w, h
}

// cornerRect returns where the legend box goes in corner k of area.
func (f *fig) cornerRect(area draw.Canvas, k corner) vg.Rectangle {
	w, h := f.legendBox()
	in := legendInset * pixel
	var r vg.Rectangle
	if k.left {
		r.Min.X = area.Min.X + in
	} else {
		r.Min.X = area.Max.X - in - w
	}
	if k.top {
		r.Min.Y = area.Max.Y - in - h
	} else {
		r.Min.Y = area.Min.Y + in
	}
	r.Max = vg.Point{X: r.Min.X + w, Y: r.Min.Y + h}
	return r
}

// bestCorner returns the first corner (top right, top left, bottom right,
// bottom left) whose legend box no data comes near, and true; or, when
// every corner is covered, the least covered one and false.
func (f *fig) bestCorner(area draw.Canvas) (corner, bool) {
	best, bestHits := corners[0], math.MaxInt
	for _, k := range corners {
		r := f.cornerRect(area, k)
		if r.Min.X < area.Min.X || r.Min.Y < area.Min.Y || r.Max.X > area.Max.X || r.Max.Y > area.Max.Y {
			continue // the plotting area is too small for it
		}
		n := f.hits(area, r)
		if n == 0 {
			return k, true
		}
		if n < bestHits {
			best, bestHits = k, n
		}
	}
	return best, false
}

// hits counts the samples of the data (every 2 pixels along lines, each
// marker, bars weighted by their area) that fall inside r or within
// legendNear pixels of it.
func (f *fig) hits(area draw.Canvas, r vg.Rectangle) int {
	near := legendNear * pixel
	r.Min.X -= near
	r.Min.Y -= near
	r.Max.X += near
	r.Max.Y += near
	in := func(p vg.Point, pad vg.Length) bool {
		return p.X >= r.Min.X-pad && p.X <= r.Max.X+pad && p.Y >= r.Min.Y-pad && p.Y <= r.Max.Y+pad
	}
	tx, ty := f.p.Transforms(&area)
	c := f.c
	n := 0
	nbars, bar := 0, 0
	for _, s := range c.Series {
		if kind(c, s) == chart.KindBar {
			nbars++
		}
	}
	for _, s := range c.Series {
		switch kind(c, s) {
		case chart.KindLine:
			step := 2 * pixel
			for _, seg := range segments(c, s) {
				for i := range seg {
					p1 := vg.Point{X: tx(seg[i].X), Y: ty(seg[i].Y)}
					if i == 0 {
						if in(p1, 0) {
							n++
						}
						continue
					}
					p0 := vg.Point{X: tx(seg[i-1].X), Y: ty(seg[i-1].Y)}
					d := math.Hypot(float64(p1.X-p0.X), float64(p1.Y-p0.Y))
					k := int(math.Ceil(d / float64(step)))
					if k > 10000 {
						k = 10000
					}
					for j := 1; j <= k; j++ {
						t := vg.Length(float64(j) / float64(k))
						if in(vg.Point{X: p0.X + t*(p1.X-p0.X), Y: p0.Y + t*(p1.Y-p0.Y)}, 0) {
							n++
						}
					}
				}
			}
		case chart.KindScatter:
			rad := px(s.Width, 6) / 2
			for _, p := range points(c, s) {
				if in(vg.Point{X: tx(p.X), Y: ty(p.Y)}, rad) {
					n += 4
				}
			}
		case chart.KindBar:
			gap := 1.0
			if len(c.Categories) == 0 {
				gap = minGap(s.X)
			}
			w := 0.8 * gap / float64(nbars)
			off := (float64(bar) - float64(nbars-1)/2) * w
			bar++
			for _, p := range points(c, s) {
				b := vg.Rectangle{
					Min: vg.Point{X: tx(p.X + off - w/2), Y: ty(math.Min(0, p.Y))},
					Max: vg.Point{X: tx(p.X + off + w/2), Y: ty(math.Max(0, p.Y))},
				}
				ix := math.Min(float64(b.Max.X), float64(r.Max.X)) - math.Max(float64(b.Min.X), float64(r.Min.X))
				iy := math.Min(float64(b.Max.Y), float64(r.Max.Y)) - math.Max(float64(b.Min.Y), float64(r.Min.Y))
				if ix > 0 && iy > 0 {
					n += 1 + int(ix*iy/float64(4*pixel*pixel))
				}
			}
		}
	}
	return n
}

// draw lays the figure out in c: title, legend (in a free corner of the
// plotting area, or in a row under the title), the plot, and a colour
// bar for heat maps.
func (f *fig) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	c = draw.Crop(c, marginLeft*pixel, -marginRight*pixel, marginBottom*pixel, -marginTop*pixel)
	if f.title != "" {
		sty := f.p.Title.TextStyle
		descent := sty.FontExtents().Descent
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y + descent}, f.title)
		c.Max.Y -= sty.Rectangle(f.title).Size().Y + 4*pixel
	}
	var bar draw.Canvas
	if f.bar != nil {
		w := f.colorBarSpace(c)
		bar = c
		bar.Min.X = c.Max.X - w
		c.Max.X -= w
	}
	var (
		inCorner bool
		k        corner
	)
	if len(f.legend) > 0 {
		k, inCorner = f.bestCorner(f.p.DataCanvas(c))
		if !inCorner {
			c.Max.Y -= f.drawLegendRows(c)
		}
	}
	f.p.Draw(c)
	area := f.p.DataCanvas(c)
	if inCorner {
		f.drawLegendBox(area, f.cornerRect(area, k))
	}
	if f.bar != nil {
		f.drawColorBar(bar, area)
	}
}

// drawEntry draws one legend entry with its sample at (x, y), y being the
// bottom of the row, and returns its width.
func (f *fig) drawEntry(c draw.Canvas, e entry, x, y vg.Length) vg.Length {
	sty := f.legendStyle()
	rh := f.rowHeight()
	thumb := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: x, Y: y + rh*0.2},
		Max: vg.Point{X: x + legendThumb*pixel, Y: y + rh*0.8},
	}}
	e.thumb.Thumbnail(&thumb)
	sty.YAlign = draw.YCenter
	tx := x + (legendThumb+4)*pixel
	c.FillText(sty, vg.Point{X: tx, Y: y + rh/2}, e.name)
	return (legendThumb+4)*pixel + sty.Width(e.name)
}

// drawLegendBox draws the legend as a column in the box r.
func (f *fig) drawLegendBox(area draw.Canvas, r vg.Rectangle) {
	pts := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	area.FillPolygon(color.NRGBA{R: 255, G: 255, B: 255, A: 230}, pts)
	area.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 210}, Width: pixel}, append(pts, r.Min))
	rh := f.rowHeight()
	y := r.Max.Y - legendPad*pixel - rh
	for _, e := range f.legend {
		f.drawEntry(area, e, r.Min.X+legendPad*pixel, y)
		y -= rh
	}
}

// drawLegendRows draws the legend as centred rows at the top of c and
// returns the height they take.
func (f *fig) drawLegendRows(c draw.Canvas) vg.Length {
	sty := f.legendStyle()
	width := func(e entry) vg.Length { return (legendThumb+4)*pixel + sty.Width(e.name) }
	var rows [][]entry
	var cur []entry
	var w vg.Length
	avail := c.Max.X - c.Min.X
	for _, e := range f.legend {
		ew := width(e)
		if len(cur) > 0 && w+legendGap*pixel+ew > avail {
			rows = append(rows, cur)
			cur, w = nil, 0
		}
		if len(cur) > 0 {
			w += legendGap * pixel
		}
		cur = append(cur, e)
		w += ew
	}
	rows = append(rows, cur)
	rh := f.rowHeight()
	y := c.Max.Y - rh
	for _, row := range rows {
		var rw vg.Length
		for i, e := range row {
			if i > 0 {
				rw += legendGap * pixel
			}
			rw += width(e)
		}
		x := c.Center().X - rw/2
		for _, e := range row {
			x += f.drawEntry(c, e, x, y) + legendGap*pixel
		}
		y -= rh
	}
	return vg.Length(len(rows))*rh + 4*pixel
}

// colorBarSpace returns the width taken by the colour bar, its axis and the
// gap before it.
func (f *fig) colorBarSpace(c draw.Canvas) vg.Length {
	const wide = 200 // any width: the axis takes the same
	c.Max.X = c.Min.X + wide*pixel
	axis := wide*pixel - f.bar.DataCanvas(c).Rectangle.Size().X
	return (colorBarGap+colorBarWidth)*pixel + axis
}

// drawColorBar draws the colour bar's plot in c, its ramp as tall as the
// heat map's plotting area.
func (f *fig) drawColorBar(c draw.Canvas, area draw.Canvas) {
	c.Min.X += colorBarGap * pixel
	c.Min.Y, c.Max.Y = area.Min.Y, area.Max.Y
	da := f.bar.DataCanvas(c)
	c.Min.Y -= da.Min.Y - area.Min.Y
	c.Max.Y += area.Max.Y - da.Max.Y
	f.bar.Draw(c)
}
