package chart_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/figure"
)

var (
	regen = flag.Bool("regen", false, "rewrite the golden files in testdata")
	pages = flag.String("pages", "", "write the demo pages (and their static twins) to this directory, to look at them")
)

func ExampleRender() {
	c := chart.NewLines("Loss against the residual")
	c.XLabel, c.YLabel = "residual y − ŷ", "loss"
	r := []float64{-2, -1, 0, 1, 2}
	c.Add("MSE", r, []float64{4, 1, 0, 1, 4})
	deltas := []float64{0.5, 1}
	s := chart.NewSlider("δ", deltas)
	c.AddFrames(s, func(i int) []*chart.Series {
		y := make([]float64, len(r))
		for k, v := range r {
			if a := math.Abs(v); a > deltas[i] {
				y[k] = deltas[i] * (a - deltas[i]/2)
			} else {
				y[k] = v * v / 2
			}
		}
		return []*chart.Series{chart.Line("Huber", r, y)}
	})
	html, err := chart.Render(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.HasPrefix(html, `<div class="lossnb" id="lossnb-`), strings.Contains(html, "δ = 0.50"))
	// Output: true true
}

// A NaN in a loss curve is an error naming the series and the index.
func ExampleRender_naN() {
	c := chart.NewLines("Loss")
	c.Add("MSE", []float64{0, 1, 2, 3}, []float64{0, 1, 4, math.NaN()})
	_, err := chart.Render(c)
	fmt.Println(err)
	// Output: chart.Render: series "MSE": y[3] is NaN (set Gaps to draw it as a gap)
}

func ExampleSlider_Readout() {
	s := chart.NewSlider("δ", []float64{0.5, 1.345})
	fmt.Println(s.Readout(0))
	s.Format = "%.3f"
	fmt.Println(s.Readout(1))
	// Output:
	// δ = 0.50
	// δ = 1.345
}

func TestErrors(t *testing.T) {
	x := []float64{0, 1, 2}
	sl := chart.NewSlider("k", []float64{1, 2})
	cases := []struct {
		name string
		make func() chart.Item
		want string
	}{
		{"len", func() chart.Item { c := chart.NewLines(""); c.Add("a", x, x[:2]); return c }, `series "a": len(X) = 3, len(Y) = 2`},
		{"x NaN", func() chart.Item { c := chart.NewLines(""); c.Add("a", []float64{0, math.NaN()}, x[:2]); return c }, `series "a": x[1] is NaN`},
		{"y Inf", func() chart.Item { c := chart.NewLines(""); c.Add("", x, []float64{0, 1, math.Inf(1)}); return c }, `series 0: y[2] is +Inf`},
		{"colour", func() chart.Item { c := chart.NewLines(""); c.Add("a", x, x).Color = `red;background:url(x)`; return c }, `Color "red;background:url(x)"`},
		{"labels", func() chart.Item { c := chart.NewScatter(""); c.Add("a", x, x).Labels = []string{"p"}; return c }, `len(Labels) = 1, len(Y) = 3`},
		{"categories", func() chart.Item { c := chart.NewBars("", "a", "b"); c.Add("s", nil, x); return c }, `len(Y) = 3, but the chart has 2 categories`},
		{"frames count", func() chart.Item {
			c := chart.NewLines("")
			c.AddFrames(sl, func(i int) []*chart.Series {
				if i == 1 {
					return nil
				}
				return []*chart.Series{chart.Line("a", x, x)}
			})
			return c
		}, `frame 1 (k = 2.00) has 0 series, frame 0 has 1`},
		{"frame NaN", func() chart.Item {
			c := chart.NewLines("")
			c.AddFrames(sl, func(i int) []*chart.Series {
				return []*chart.Series{chart.Line("Huber", x, []float64{0, float64(i) / 0 * 0, 1})}
			})
			return c
		}, `frame 0 (k = 1.00): series "Huber": y[1] is NaN`},
		{"slider init", func() chart.Item {
			c := chart.NewLines("")
			s := chart.NewSlider("k", []float64{1})
			s.Init = 3
			c.AddFrames(s, func(int) []*chart.Series { return nil })
			return c
		}, `slider "k": Init = 3`},
		{"empty toggle", func() chart.Item { return chart.NewToggle() }, `toggle has no views`},
		{"heat NaN", func() chart.Item {
			return chart.NewHeatMap("", &chart.Grid{X: x[:2], Y: x[:1], Z: [][]float64{{1, math.NaN()}}})
		}, `heat map: Z[0][1] is NaN`},
		{"range", func() chart.Item { c := chart.NewLines(""); c.Add("a", x, x); c.YMin, c.YMax = 2, 1; return c }, `YMin=2, YMax=1`},
	}
	for _, tc := range cases {
		_, err := chart.Render(tc.make())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestGaps(t *testing.T) {
	c := chart.NewLines("")
	s := c.Add("log", []float64{0, 1}, []float64{math.Inf(1), 0})
	s.Gaps = true
	html, err := chart.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, `[[0,"-"],[1,0]]`) {
		t.Errorf("gap not written as \"-\": %s", specJSON(t, html))
	}
}

// TestInjection checks that text placed everywhere cannot leave its
// context: the output has exactly the two script elements of Render and no
// element of the user's.
func TestInjection(t *testing.T) {
	for name, items := range demos() {
		html, err := chart.Render(items...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := strings.Count(strings.ToLower(html), "</script"); n != 2 {
			t.Errorf("%s: %d closing script tags, want 2", name, n)
		}
		if strings.Contains(html, "<img") {
			t.Errorf("%s: an <img> element got through", name)
		}
	}
}

func TestUniqueID(t *testing.T) {
	c := chart.NewLines("")
	c.Add("a", []float64{0, 1}, []float64{0, 1})
	a, err := chart.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	b, err := chart.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	if idRE.FindString(a) == idRE.FindString(b) {
		t.Errorf("two renders share the id %s", idRE.FindString(a))
	}
}

func TestSeriesJSON(t *testing.T) {
	s := chart.Line("a", []float64{0, 1, 2}, []float64{1, math.NaN(), 0.1})
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var got chart.Series
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Name != "a" || got.Kind != chart.KindLine || len(got.Y) != 3 || !math.IsNaN(got.Y[1]) || got.Y[2] != 0.1 || got.X[2] != 2 {
		t.Errorf("round trip of %s gave %+v", b, got)
	}
}

func TestLibrary(t *testing.T) {
	p, err := chart.LibraryPath()
	if err != nil {
		t.Skipf("no library here: %v", err)
	}
	s, err := chart.LibraryScript()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s, "<script>(function(define,exports,module){") || !strings.HasSuffix(s, "}).call(window);</script>") {
		t.Errorf("library script is not wrapped: %.60q … %q", s, s[len(s)-40:])
	}
	t.Setenv(chart.LibraryEnv, p)
	if got, err := chart.LibraryPath(); err != nil || got != p {
		t.Errorf("with $%s set: %q, %v", chart.LibraryEnv, got, err)
	}
	t.Setenv(chart.LibraryEnv, filepath.Join(t.TempDir(), "none.js"))
	if _, err := chart.LibraryPath(); err == nil || !strings.Contains(err.Error(), "none.js") {
		t.Errorf("missing $%s file: error %v", chart.LibraryEnv, err)
	}
}

var idRE = regexp.MustCompile(`lossnb-[0-9a-f]{16}`)

// specJSON returns the chart data of a Render output, indented.
func specJSON(t *testing.T, html string) []byte {
	t.Helper()
	const open = `<script type="application/json">`
	i := strings.Index(html, open)
	j := strings.Index(html[i:], "</script>")
	if i < 0 || j < 0 {
		t.Fatalf("no chart data in %.200s", html)
	}
	return indentObjects([]byte(html[i+len(open) : i+j]))
}

// indentObjects puts each member of a JSON object on its own line but
// keeps arrays on one line, so that golden files stay short and their
// diffs readable.
func indentObjects(js []byte) []byte {
	var b bytes.Buffer
	var stack []byte // open brackets
	inStr, esc := false, false
	nl := func() {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat(" ", len(stack)))
	}
	for _, c := range js {
		if inStr {
			b.WriteByte(c)
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
			b.WriteByte(c)
		case '{', '[':
			stack = append(stack, c)
			b.WriteByte(c)
			if c == '{' {
				nl()
			}
		case '}', ']':
			stack = stack[:len(stack)-1]
			if c == '}' {
				nl()
			}
			b.WriteByte(c)
		case ',':
			b.WriteByte(c)
			if stack[len(stack)-1] == '{' {
				nl()
			}
		case ':':
			b.WriteString(": ")
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// loaderMark stands for the page's script in testdata/lines.golden.html.
const loaderMark = "/* loader.js, compacted */\n"

// TestGolden compares the ECharts options and frames of the demos with
// testdata/NAME.golden.json (go test -regen rewrites them), and the HTML
// around them, with the random id normalised, with testdata/lines.golden.html.
func TestGolden(t *testing.T) {
	d := demos()
	names := make([]string, 0, len(d))
	for n := range d {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		html, err := chart.Render(d[name]...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		golden(t, filepath.Join("testdata", name+".golden.json"), specJSON(t, html))
		if name == "lines" {
			// The script is loader.js (loader_test.mjs tests it): the
			// golden file holds the markup around it.
			script := "(function(ID){\n" + chart.LoaderJS + "})("
			if !strings.Contains(html, script) {
				t.Errorf("%s: the output does not carry loader.js", name)
			}
			if !strings.Contains(chart.LoaderJS, "'"+chart.StaticPath+"'") {
				t.Errorf("loader.js does not load the library from chart.StaticPath %q", chart.StaticPath)
			}
			html = strings.Replace(html, chart.LoaderJS, loaderMark, 1)
			golden(t, filepath.Join("testdata", name+".golden.html"), []byte(idRE.ReplaceAllString(html, "lossnb-ID")))
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *regen {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -regen to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what Render writes now (go test -regen rewrites it after a deliberate change)", path)
	}
}

// TestPages writes standalone pages of the demos, library inlined, and
// their static twins, when -pages is given:
//
//	go test ./lossnb/chart -run TestPages -pages /tmp/lossnb-pages
//	sh lossnb/chart/testdata/screenshot.sh /tmp/lossnb-pages/lines.html /tmp/lines.png
//	node lossnb/chart/testdata/interact.js /tmp/lossnb-pages/lines.html
func TestPages(t *testing.T) {
	if *pages == "" {
		t.Skip("no -pages directory")
	}
	if err := os.MkdirAll(*pages, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, items := range demos() {
		var b bytes.Buffer
		if err := chart.WritePage(&b, name, items...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(*pages, name+".html"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		png, err := figure.Image("png", 0, 0, items...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(*pages, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
