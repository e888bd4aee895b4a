package figure

import (
	"image"
	"image/color"
	"image/draw"
	"sort"
)

// quantize returns img with at most 256 colours, as an image.Paletted.
//
// A chart has few colours (white, greys, the series' colours) plus the
// blends that anti-aliasing makes at the edges of lines and letters. When
// there are 256 colours or fewer the result is exact. Otherwise the palette
// is the 256 most used cells of a 4-bit-per-channel grid, each the mean
// of its pixels, and every pixel takes the nearest palette colour, without
// dithering (dither noise would cost more bytes than it saves): the flat
// colours stay exact and only edge blends move a little.
func quantize(img image.Image) image.Image {
	b := img.Bounds()
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(b)
		draw.Draw(rgba, b, img, b.Min, draw.Src)
	}
	// Runs of equal pixels are the rule: count a run at a time.
	counts := map[color.RGBA]int{}
	at := func(x, y int) color.RGBA {
		i := rgba.PixOffset(x, y)
		p := rgba.Pix[i : i+4 : i+4]
		return color.RGBA{R: p[0], G: p[1], B: p[2], A: p[3]}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		run, n := at(b.Min.X, y), 0
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := at(x, y); c != run {
				counts[run] += n
				run, n = c, 0
			}
			n++
		}
		counts[run] += n
	}
	var pal color.Palette
	if len(counts) <= 256 {
		for c := range counts {
			pal = append(pal, c)
		}
		sortPalette(pal, func(c color.Color) int { return counts[c.(color.RGBA)] })
	} else {
		type cell struct {
			key           uint16
			r, g, b, a, n int
		}
		cells := map[uint16]*cell{}
		for c, n := range counts {
			k := uint16(c.R>>4)<<12 | uint16(c.G>>4)<<8 | uint16(c.B>>4)<<4 | uint16(c.A>>4)
			e := cells[k]
			if e == nil {
				e = &cell{key: k}
				cells[k] = e
			}
			e.r += int(c.R) * n
			e.g += int(c.G) * n
			e.b += int(c.B) * n
			e.a += int(c.A) * n
			e.n += n
		}
		list := make([]*cell, 0, len(cells))
		for _, e := range cells {
			list = append(list, e)
		}
		sort.Slice(list, func(i, j int) bool {
			if list[i].n != list[j].n {
				return list[i].n > list[j].n
			}
			return list[i].key < list[j].key
		})
		if len(list) > 256 {
			list = list[:256]
		}
		for _, e := range list {
			pal = append(pal, color.RGBA{R: uint8(e.r / e.n), G: uint8(e.g / e.n), B: uint8(e.b / e.n), A: uint8(e.a / e.n)})
		}
		// The most used exact colours (background, grid, series) stay exact.
		exact := make([]color.RGBA, 0, len(counts))
		for c := range counts {
			exact = append(exact, c)
		}
		sort.Slice(exact, func(i, j int) bool {
			if counts[exact[i]] != counts[exact[j]] {
				return counts[exact[i]] > counts[exact[j]]
			}
			return lessRGBA(exact[i], exact[j])
		})
		// Each takes the slot of its nearest palette colour, or, when an
		// exact colour already holds that slot, the least used free one.
		fixed := map[int]bool{}
		last := len(pal) - 1
		for _, c := range exact[:min(16, len(exact))] {
			i := pal.Index(c)
			if fixed[i] {
				for fixed[last] {
					last--
				}
				i = last
			}
			pal[i] = c
			fixed[i] = true
		}
	}
	out := image.NewPaletted(b, pal)
	index := make(map[color.RGBA]uint8, len(counts))
	for c := range counts {
		index[c] = uint8(pal.Index(c))
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		last, li := at(b.Min.X, y), index[at(b.Min.X, y)]
		row := out.Pix[out.PixOffset(b.Min.X, y):]
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := at(x, y); c != last {
				last, li = c, index[c]
			}
			row[x-b.Min.X] = li
		}
	}
	return out
}

func lessRGBA(a, b color.RGBA) bool {
	if a.R != b.R {
		return a.R < b.R
	}
	if a.G != b.G {
		return a.G < b.G
	}
	if a.B != b.B {
		return a.B < b.B
	}
	return a.A < b.A
}

// sortPalette orders a palette by use, most used first, so that the
// output does not depend on map order.
func sortPalette(p color.Palette, count func(color.Color) int) {
	sort.Slice(p, func(i, j int) bool {
		ci, cj := count(p[i]), count(p[j])
		if ci != cj {
			return ci > cj
		}
		return lessRGBA(p[i].(color.RGBA), p[j].(color.RGBA))
	})
}
