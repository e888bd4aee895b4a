package chart

import (
	"math"
	"strconv"
	"testing"
)

// The colour-vision-deficiency matrices of Machado, Oliveira and Fernandes, "A
// physiologically-based model for simulation of color vision deficiency", IEEE TVCG
// 15(6), 2009, table of severity 1.0 (full dichromacy), applied to linear sRGB.
var cvd = map[string][3][3]float64{
	"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
	"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
	"tritanopia":   {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
}

// linearRGB decodes "#rrggbb" to linear sRGB (IEC 61966-2-1).
func linearRGB(t *testing.T, hex string) [3]float64 {
	var c [3]float64
	for i := range 3 {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("colour %q: %v", hex, err)
		}
		s := float64(v) / 255
		if s <= 0.04045 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return c
}

// lab converts linear sRGB to CIELAB under D65 (sRGB's matrix to XYZ, CIE 15:2004).
func lab(c [3]float64) [3]float64 {
	x := (0.4124564*c[0] + 0.3575761*c[1] + 0.1804375*c[2]) / 0.95047
	y := 0.2126729*c[0] + 0.7151522*c[1] + 0.0721750*c[2]
	z := (0.0193339*c[0] + 0.1191920*c[1] + 0.9503041*c[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

// minDistance returns the smallest CIE76 colour difference ΔE*ab between two colours of
// the palette as a reader with the deficiency m sees them.
func minDistance(t *testing.T, palette []string, m [3][3]float64) (float64, string, string) {
	seen := make([][3]float64, len(palette))
	for i, h := range palette {
		c := linearRGB(t, h)
		var s [3]float64
		for r := range 3 {
			s[r] = math.Min(1, math.Max(0, m[r][0]*c[0]+m[r][1]*c[1]+m[r][2]*c[2]))
		}
		seen[i] = lab(s)
	}
	best, a, b := math.Inf(1), "", ""
	for i := range seen {
		for j := i + 1; j < len(seen); j++ {
			d := math.Sqrt(sq(seen[i][0]-seen[j][0]) + sq(seen[i][1]-seen[j][1]) + sq(seen[i][2]-seen[j][2]))
			if d < best {
				best, a, b = d, palette[i], palette[j]
			}
		}
	}
	return best, a, b
}

func sq(v float64) float64 { return v * v }

// TestPaletteColourBlindSafe checks that every two colours of Palette stay apart for
// readers with protanopia, deuteranopia or tritanopia: ΔE*ab ≥ 15 between the simulated
// colours (Okabe–Ito's worst pair is 16.1, tritanopia; a just noticeable difference is
// about 2.3). It fails for ECharts' default palette, which the course used before (its
// worst pairs: 7.4 under protanopia, 11.4 under deuteranopia, 12.6 under tritanopia),
// and would catch a new colour that a colour-blind reader confuses with another.
func TestPaletteColourBlindSafe(t *testing.T) {
	const minDE = 15
	echarts := []string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"}
	for name, m := range cvd {
		if d, a, b := minDistance(t, Palette, m); d < minDE {
			t.Errorf("%s: %s and %s are ΔE = %.1f apart, want ≥ %d", name, a, b, d, minDE)
		}
		if d, _, _ := minDistance(t, echarts[:8], m); d >= minDE {
			t.Errorf("%s: the check passes ECharts' default palette (ΔE %.1f): it cannot fail", name, d)
		}
	}
}

// contrast is the WCAG 2.1 contrast ratio of a colour against white.
func contrast(t *testing.T, hex string) float64 {
	c := linearRGB(t, hex)
	l := 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	return 1.05 / (l + 0.05)
}

// TestPaletteContrast checks the first five colours against the white page: at least
// 3:1, WCAG 2.1's minimum for graphical objects (success criterion 1.4.11), so the
// usual charts of up to five series meet it; the last three (orange, sky blue, yellow)
// are below it and come only after. It would catch a reordering that put a pale colour
// first.
func TestPaletteContrast(t *testing.T) {
	for i, h := range Palette[:5] {
		if r := contrast(t, h); r < 3 {
			t.Errorf("Palette[%d] = %s has contrast %.2f:1 against white, want ≥ 3", i, h, r)
		}
	}
	if r := contrast(t, "#0072B2"); r < 4.5 {
		t.Errorf("the toggle buttons' blue has contrast %.2f:1 with white text, want ≥ 4.5 (WCAG 1.4.3)", r)
	}
}
