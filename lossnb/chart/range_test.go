package chart

import "testing"

func TestRanges(t *testing.T) {
	x := make([]float64, 21)
	for i := range x {
		x[i] = float64(i) / 2
	}
	bars := NewBars("")
	bars.Add("w", x, x)
	lines := NewLines("")
	lines.Add("l", []float64{-3, 3}, []float64{0.01, 4.4})
	for _, tc := range []struct {
		c                      *Chart
		xmin, xmax, ymin, ymax float64
	}{
		{bars, -0.25, 10.25, 0, 10},
		{lines, -3, 3, 0, 5},
	} {
		a, b, c, d := tc.c.ranges()
		if a != tc.xmin || b != tc.xmax || c != tc.ymin || d != tc.ymax {
			t.Errorf("ranges = %v %v %v %v, want %v %v %v %v", a, b, c, d, tc.xmin, tc.xmax, tc.ymin, tc.ymax)
		}
	}
}
