package nb

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/apicheck"
)

// nbDrawBad checks that fn refuses every bad chart, whether or not
// lossnb-render is found (StaticPNG reported a missing helper before a bad
// chart).
func nbDrawBad(t *testing.T, name string, fn func(chart.Item) error) {
	t.Setenv(HelperEnv, t.TempDir())
	t.Setenv("PATH", t.TempDir())
	apicheck.DrawBad(t, "nb."+name+": ", fn)
}

// withExit runs f with exit stubbed and returns the exit code (-1: none)
// and what f wrote to standard error.
func withExit(t *testing.T, f func()) (int, string) {
	code := -1
	exit = func(c int) { code = c }
	defer func() { exit = os.Exit }()
	out := captureStderr(t, f)
	return code, out
}

var nbEntries = map[string]func(t *testing.T){
	"Bundle": func(t *testing.T) {
		nbDrawBad(t, "Bundle", func(it chart.Item) error { _, err := Bundle(it); return err })
		if _, err := Bundle(); err == nil || err.Error() != "nb.Bundle: nothing to render" {
			t.Errorf("Bundle(): %v", err)
		}
	},
	"StaticPNG": func(t *testing.T) {
		nbDrawBad(t, "StaticPNG", func(it chart.Item) error { _, err := StaticPNG(it); return err })
		if _, err := StaticPNG(lossChart()); !errors.Is(err, ErrNoHelper) || !strings.HasPrefix(err.Error(), "nb.StaticPNG: ") {
			t.Errorf("StaticPNG without a helper: %v", err)
		}
	},
	"Helper": func(t *testing.T) {
		t.Setenv(HelperEnv, t.TempDir())
		t.Setenv("PATH", t.TempDir())
		if _, err := Helper(); !errors.Is(err, ErrNoHelper) || err.Error() != "nb.Helper: "+ErrNoHelper.Error() {
			t.Errorf("Helper without a helper: %v", err)
		}
	},
	// Outside a notebook the display functions do nothing, whatever they
	// are given; they must not panic.
	"Show": func(t *testing.T) {
		for _, b := range apicheck.BadCharts() {
			if out := captureStderr(t, func() { Show(b.Item()) }); out != "" {
				t.Errorf("Show(%s) wrote %q outside a notebook", b.Name, out)
			}
		}
	},
	"ShowPNG": func(t *testing.T) { captureStderr(t, func() { ShowPNG(nil) }) },
	// PNGBundle cannot fail: ShowPNG checks the signature first; anything else is sent as image/png alone.
	"PNGBundle": func(t *testing.T) {
		if d := PNGBundle(nil); len(d.Data) != 1 {
			t.Errorf("PNGBundle(nil) has %d MIME types, want image/png alone", len(d.Data))
		}
	},
	// PNGDescription cannot fail: anything but a described PNG gives "" (png_test.go).
	"PNGDescription": func(t *testing.T) {
		for _, b := range [][]byte{nil, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\xffiTXtDescription\x00")} {
			if d := PNGDescription(b); d != "" {
				t.Errorf("PNGDescription(%q) = %q, want \"\"", b, d)
			}
		}
	},
	"HTML":     func(t *testing.T) { captureStderr(t, func() { HTML("") }) },
	"Markdown": func(t *testing.T) { captureStderr(t, func() { Markdown("") }) },
	// A nil Progress (declared, never made) is reported, not a panic; a nil function
	// falls back to NewProgress (prints outside a notebook); line breaks in a key or a
	// row cannot break the table.
	"NewProgress": func(t *testing.T) {
		p := NewProgress("")
		out := captureStdout(t, func() { p.out = os.Stdout; p.Row("a\nb", "1\n\n2") })
		if out != "a b: 1  2\n" || p.Text() != "a b  1  2\n" {
			t.Errorf("printed %q, text %q", out, p.Text())
		}
	},
	"NewProgressFunc": func(t *testing.T) {
		out := captureStdout(t, func() { NewProgressFunc("t", nil).Row("k", "v") })
		if out != "k: v\n" {
			t.Errorf("nil func: printed %q", out)
		}
	},
	"Progress.Row": func(t *testing.T) {
		var p *Progress
		if out := captureStderr(t, func() { p.Row("k", "v") }); out != "lossnb: nb.Progress.Row: the Progress is nil: make it with nb.NewProgress\n" {
			t.Errorf("nil Progress: stderr %q", out)
		}
	},
	"Progress.Text": func(t *testing.T) {
		var p *Progress
		if p.Text() != "" {
			t.Error("nil Progress has text")
		}
	},
	"Progress.HTML": func(t *testing.T) {
		var p *Progress
		if p.HTML() != "" {
			t.Error("nil Progress has HTML")
		}
	},
	// Check and Must end the cell with the message, not a stack trace.
	"Check": func(t *testing.T) {
		code, out := withExit(t, func() { Check(errors.New("loss.MSE: pred[0] is NaN")) })
		if code != 1 || out != "lossnb: loss.MSE: pred[0] is NaN\n" {
			t.Errorf("Check: exit %d, stderr %q", code, out)
		}
		if code, _ := withExit(t, func() { Check(nil) }); code != -1 {
			t.Errorf("Check(nil) exited with %d", code)
		}
	},
	"Must": func(t *testing.T) {
		code, out := withExit(t, func() { Must(Bundle(chart.NewLines("empty"))) })
		if code != 1 || !strings.HasPrefix(out, `lossnb: nb.Bundle: chart "empty" has no point to draw`) {
			t.Errorf("Must: exit %d, stderr %q", code, out)
		}
	},
}

// TestAPIBadInput runs the entry of every exported function of nb; its
// guard fails when a new exported function has no entry.
func TestAPIBadInput(t *testing.T) { apicheck.RunEntries(t, ".", nbEntries) }
