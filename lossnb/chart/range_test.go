package chart

import (
	"math"
	"testing"
)

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

// TestAppendQ checks the short numbers of the page data: within the
// quantum of the axis, and with the same 4 significant digits as the value
// itself, which is what the tooltips show.
func TestAppendQ(t *testing.T) {
	for _, tc := range []struct{ v, q float64 }{
		{0.00125, 9.0 / 5e3}, {0.03125, 1.8e-3}, {1.2344999, 4.5e-4}, {1.23449999999, 4.5e-5}, {8.9999, 1.8e-3},
		{1000.123456, 0.4 / 5e3}, {-2.95, 6.0 / 2e4}, {1e-9, 1e-4}, {123456.789, 1}, {3, 1e-3},
		{0.1 + 0.2, 1e-4}, {2.0 / 3, 0},
	} {
		s := string(appendQ(nil, tc.v, tc.q))
		got, err := parseG(s)
		if err != nil {
			t.Fatalf("appendQ(%v, %v) = %q: %v", tc.v, tc.q, s, err)
		}
		if tc.q > 0 && math.Abs(got-tc.v) > tc.q {
			t.Errorf("appendQ(%v, %v) = %q: off by more than the quantum", tc.v, tc.q, s)
		}
		if formatG(got, 4) != formatG(tc.v, 4) {
			t.Errorf("appendQ(%v, %v) = %q: shows as %s, the value as %s", tc.v, tc.q, s, formatG(got, 4), formatG(tc.v, 4))
		}
	}
	if s := string(appendQ(nil, 0.1+0.2, 1e-4)); s != "0.3" {
		t.Errorf("0.1+0.2 is written %q, want 0.3", s)
	}
}

func TestValidColor(t *testing.T) {
	for s, want := range map[string]bool{
		"#abc": true, "#AABBCC": true, "#aabbcc80": true, "red": true, "rgb(1, 2, 3)": true, "rgba(1,2,3,0.5)": true,
		"rgb(10%, 20%, 30%)": true, "#ab": false, "#abcdefabc": false, "#ggg": false, "": false, "red;x": false,
		"rgb(1,2,3": false, "rgb()": false, "rgb(1,2,3);background:url(x)": false, "url(x)": false, "red blue": false,
		"</script>": false, "rgb(1,2,3)<": false,
	} {
		if got := validColor(s); got != want {
			t.Errorf("validColor(%q) = %v, want %v", s, got, want)
		}
	}
}
