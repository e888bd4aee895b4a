package nb

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/lossnb/lossnb/lossnb/chart"
)

func lossChart() *chart.Chart {
	c := chart.NewLines("Squared loss")
	c.XLabel, c.YLabel = "residual", "loss"
	c.Add("MSE", []float64{-1, 0, 1}, []float64{1, 0, 1})
	return c
}

// Under go test the program is not run by GoNB: Show must do nothing,
// not even complain.
func TestShowOutsideNotebook(t *testing.T) {
	bad := chart.NewLines("")
	bad.Add("MSE", []float64{0}, []float64{0, 1})
	out := captureStderr(t, func() { Show(lossChart()); Show(bad) })
	if out != "" {
		t.Errorf("Show wrote %q outside a notebook", out)
	}
}

func TestBundleWithoutHelper(t *testing.T) {
	t.Setenv(HelperEnv, t.TempDir())
	t.Setenv("PATH", t.TempDir())
	d, err := Bundle(lossChart())
	if err != nil {
		t.Fatal(err)
	}
	if html, _ := d.Data[protocol.MIMETextHTML].(string); !strings.Contains(html, `class="lossnb"`) {
		t.Errorf("no chart HTML in the bundle: %.100q", html)
	}
	if _, ok := d.Data[protocol.MIMEImagePNG]; ok {
		t.Errorf("a PNG without a helper")
	}
	if _, err := StaticPNG(lossChart()); !errors.Is(err, ErrNoHelper) {
		t.Errorf("StaticPNG without a helper: %v", err)
	}
}

// TestBundleWithHelper builds cmd/lossnb-render and checks that the
// bundle carries its PNG next to the HTML.
func TestBundleWithHelper(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the helper")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "lossnb-render"), "github.com/lossnb/lossnb/cmd/lossnb-render")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the helper: %v\n%s", err, out)
	}
	t.Setenv(HelperEnv, dir)
	d, err := Bundle(lossChart(), lossChart())
	if err != nil {
		t.Fatal(err)
	}
	png, _ := d.Data[protocol.MIMEImagePNG].([]byte)
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("no PNG in the bundle (%d bytes)", len(png))
	}
	if len(png) > 40_000 { // paletted; was 120 kB as RGBA
		t.Errorf("the PNG twin of two small charts has %d bytes", len(png))
	}
	html, _ := d.Data[protocol.MIMETextHTML].(string)
	if html == "" {
		t.Errorf("no HTML next to the PNG")
	}
	t.Logf("bundle of two charts: HTML %d bytes, PNG %d bytes", len(html), len(png))
}

func TestMust(t *testing.T) {
	code := -1
	exit = func(c int) { code = c }
	defer func() { exit = os.Exit }()
	if got := Must(3, nil); got != 3 || code != -1 {
		t.Errorf("Must(3, nil) = %d, exit %d", got, code)
	}
	out := captureStderr(t, func() { Must(0, errors.New(`chart: series "MSE": y[3] is NaN`)) })
	if code != 1 || out != "lossnb: chart: series \"MSE\": y[3] is NaN\n" {
		t.Errorf("Must with an error: exit %d, stderr %q", code, out)
	}
}

func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	return capture(t, &os.Stderr, f)
}

func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	return capture(t, &os.Stdout, f)
}

// capture returns what f writes to *file (os.Stdout or os.Stderr).
func capture(t *testing.T, file **os.File, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := *file
	*file = w
	f()
	*file = old
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
