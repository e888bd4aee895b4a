package figure_test

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/figure"
	"github.com/lossnb/lossnb/lossnb/internal/apicheck"
)

func okChart() *chart.Chart {
	c := chart.NewLines("ok")
	c.Add("a", []float64{0, 1, 2}, []float64{0, 1, 4})
	return c
}

func exact(t *testing.T, what string, err error, want string) {
	t.Helper()
	if err == nil || err.Error() != want {
		t.Errorf("%s: error %v, want %q", what, err, want)
	}
}

var figureEntries = map[string]func(t *testing.T){
	"PNG": func(t *testing.T) {
		apicheck.DrawBad(t, "figure.PNG: ", func(it chart.Item) error { _, err := figure.PNG(it, 200, 100); return err })
		// 100000 × 100000 allocated 40 GB and crashed the kernel.
		_, err := figure.PNG(okChart(), 100000, 100000)
		exact(t, "PNG 100000×100000", err, "figure.PNG: size 100000×100000×1 charts is 1e+10 pixels, want at most 25000000 (e.g. 5000×5000)")
		_, err = figure.PNG(okChart(), -1, 300)
		exact(t, "PNG -1×300", err, "figure.PNG: size -1×300 is negative (0 takes the chart's own)")
		// 0 takes the chart's own width even when the height is given
		// (it was refused).
		b, err := figure.PNG(okChart(), 0, 300)
		if err != nil {
			t.Fatalf("PNG(c, 0, 300): %v", err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width != 640 || cfg.Height != 300 {
			t.Errorf("PNG(c, 0, 300) is %d×%d (%v), want 640×300", cfg.Width, cfg.Height, err)
		}
	},
	"SVG": func(t *testing.T) {
		apicheck.DrawBad(t, "figure.SVG: ", func(it chart.Item) error { _, err := figure.SVG(it, 200, 100); return err })
	},
	"Image": func(t *testing.T) {
		apicheck.DrawBad(t, "figure.Image: ", func(it chart.Item) error { _, err := figure.Image("png", 200, 100, it); return err })
		_, err := figure.Image("gif", 0, 0, okChart())
		exact(t, "Image(gif)", err, `figure.Image: unknown format "gif" (want png or svg)`)
		_, err = figure.Image("png", 0, 0)
		exact(t, "Image()", err, "figure.Image: nothing to draw")
	},
	"Plot": func(t *testing.T) {
		apicheck.DrawBad(t, "figure.Plot: ", func(it chart.Item) error { _, err := figure.Plot(it); return err })
		c := okChart()
		c.Width, c.Height = 100000, 100000
		_, err := figure.Plot(c)
		exact(t, "Plot of a 100000×100000 chart", err, "figure.Plot: size 100000×100000×1 charts is 1e+10 pixels, want at most 25000000 (e.g. 5000×5000)")
	},
}

// TestAPIBadInput runs the entry of every exported function of figure; its
// guard fails when a new exported function has no entry.
func TestAPIBadInput(t *testing.T) { apicheck.RunEntries(t, ".", figureEntries) }
