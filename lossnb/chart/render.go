package chart

import (
	_ "embed" // loader.js
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Render returns a self-contained HTML snippet drawing the items: controls
// (one slider per distinct *Slider used by any of the items' frames, one
// row of buttons per toggle) above the charts, laid side by side where the
// width allows. Charts that follow the same slider move together.
//
// The snippet holds the data (as JSON) and a small script, never the
// ECharts library: the script uses window.echarts if the page has it (an
// exported page, see LibraryScript) and otherwise loads it once per page from
// the Jupyter server at {baseUrl}static/lossnb/echarts.min.js. If the library
// cannot be loaded the chart area says so. Every call uses a new random
// element id, so a cell may show several charts and be re-run.
//
// Render checks the data first: a non-finite x, or a non-finite y in a series
// without Gaps, is an error naming the series and the index.
func Render(items ...Item) (string, error) {
	// math/rand/v2's generator is seeded at random for each program: ids
	// differ between cells and runs. (crypto/rand would do as well but
	// add to the link time of every cell that shows a chart.)
	html, err := render(fmt.Sprintf("lossnb-%016x", rand.Uint64()), items)
	return html, named("Render", err)
}

type pageSpec struct {
	Charts  []pageChart  `json:"charts"`
	Sliders []pageSlider `json:"sliders"`
	Format  numberFormat `json:"format"` // FormatNumber's constants
}

type pageChart struct {
	Option eOption  `json:"option"`
	W      int      `json:"w"`
	H      int      `json:"h"`
	XName  string   `json:"xName"`
	YName  string   `json:"yName"`
	Frames *eFrames `json:"frames,omitempty"`
}

type pageSlider struct {
	Labels []string `json:"labels"`
	Init   int      `json:"init"`
}

// spec builds the page data and the HTML of the controls and chart areas.
func spec(items []Item) (*pageSpec, string, string, error) {
	if len(items) == 0 {
		return nil, "", "", fmt.Errorf("chart: nothing to render")
	}
	ps := &pageSpec{Charts: []pageChart{}, Sliders: []pageSlider{}, Format: pageFormat}
	sliderIndex := map[*Slider]int{}
	var controls, areas strings.Builder
	addChart := func(c *Chart, hidden bool) error {
		snap, err := snapshot(c)
		if err != nil {
			return err
		}
		pc := pageChart{Option: option(snap), XName: c.XLabel, YName: c.YLabel}
		pc.Option.Title.Title = c.Title // the readout is next to the slider
		pc.W, pc.H = snap.size()
		if c.Frames != nil {
			sl := c.Frames.Slider
			k, ok := sliderIndex[sl]
			if !ok {
				k = len(ps.Sliders)
				sliderIndex[sl] = k
				p := pageSlider{Init: sl.Init}
				for i := range sl.Values {
					p.Labels = append(p.Labels, sl.Readout(i))
				}
				ps.Sliders = append(ps.Sliders, p)
				fmt.Fprintf(&controls, `<label style="margin-right:18px;white-space:nowrap"><input type="range" min="0" max="%d" step="1" value="%d" data-slider="%d" aria-label="%s" style="vertical-align:middle;width:220px"> <output data-readout="%d">%s</output></label>`,
					len(sl.Values)-1, sl.Init, k, escapeHTML(sl.Name), k, escapeHTML(sl.Readout(sl.Init)))
			}
			pc.Frames = frames(c, k)
		}
		display := ""
		if hidden {
			display = "display:none;"
		}
		fmt.Fprintf(&areas, `<div data-chart="%d" style="%swidth:%dpx;height:%dpx;position:relative;font:13px sans-serif;color:#666">Loading the interactive chart… If this stays, the notebook's JavaScript did not run (trust the notebook or re-run the cell).</div>`,
			len(ps.Charts), display, pc.W, pc.H)
		ps.Charts = append(ps.Charts, pc)
		return nil
	}
	for n, it := range items {
		switch it := it.(type) {
		case *Toggle:
			if err := it.check(); err != nil {
				return nil, "", "", err
			}
			fmt.Fprintf(&controls, `<span role="group" data-toggle="%d" style="margin-right:18px;white-space:nowrap">`, n)
			for v, view := range it.Views {
				fmt.Fprintf(&controls, `<button type="button" data-view="%d" aria-pressed="%t" style="%s">%s</button>`,
					v, v == it.Init, buttonStyle(v == it.Init), escapeHTML(view.Name))
			}
			controls.WriteString(`</span>`)
			fmt.Fprintf(&areas, `<div data-toggle-views="%d">`, n)
			for v, view := range it.Views {
				fmt.Fprintf(&areas, `<div data-view="%d">`, v)
				if err := addChart(view.Chart, v != it.Init); err != nil {
					return nil, "", "", fmt.Errorf("%w (toggle view %q)", err, view.Name)
				}
				areas.WriteString(`</div>`)
			}
			areas.WriteString(`</div>`)
		default:
			c, err := viewOf(it)
			if err != nil {
				return nil, "", "", err
			}
			if err := addChart(c, false); err != nil {
				return nil, "", "", err
			}
		}
	}
	return ps, controls.String(), areas.String(), nil
}

// escapeHTML escapes text for an HTML element or a quoted attribute, as
// html.EscapeString does (package html would add its table of 2,000 named
// entities to every cell that shows a chart).
var escapeHTML = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;").Replace

func buttonStyle(on bool) string {
	if on {
		return "margin:0 4px 0 0;padding:2px 10px;border:1px solid #5470c6;border-radius:3px;background:#5470c6;color:#fff;cursor:pointer"
	}
	return "margin:0 4px 0 0;padding:2px 10px;border:1px solid #5470c6;border-radius:3px;background:#fff;color:#5470c6;cursor:pointer"
}

func render(id string, items []Item) (string, error) {
	ps, controls, areas, err := spec(items)
	if err != nil {
		return "", err
	}
	data, err := json.Marshal(ps) // escapes <, > and &: safe inside <script>
	if err != nil {
		return "", fmt.Errorf("chart: encoding the chart data: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="lossnb" id="%s">`, id)
	if controls != "" {
		fmt.Fprintf(&b, `<div class="lossnb-controls" style="font:13px sans-serif;margin:4px 0 6px 0">%s</div>`, controls)
	}
	fmt.Fprintf(&b, `<div class="lossnb-charts" style="display:flex;flex-wrap:wrap;gap:8px">%s</div>`, areas)
	fmt.Fprintf(&b, `<script type="application/json">%s</script>`, data)
	fmt.Fprintf(&b, "<script>\n(function(ID){\n%s})(%s);\n</script></div>", loaderJS, strconv.Quote(id))
	return b.String(), nil
}

// StaticPath is where the page's script looks for the library, relative to
// the Jupyter server's base URL. The build serves the npm file there with
// ServerApp.extra_static_paths.
const StaticPath = "static/lossnb/echarts.min.js"

// loaderSource draws the charts of one Render output in the page: it finds
// the library as described at Render, shows an error in the chart areas if
// it cannot, then wires the sliders and toggles. See loader.js.
//
//go:embed loader.js
var loaderSource string

// loaderJS is what every output carries: loader.js without its comment
// lines, indentation and blank lines (compactJS).
var loaderJS = compactJS(loaderSource)

// compactJS drops the lines that are only a // comment, the indentation and
// the blank lines of a script whose comments are all on lines of their own
// and whose strings and regular expressions stay on one line (loader.js
// promises both). Line breaks are kept, so automatic semicolon insertion
// reads the script as it reads the source.
func compactJS(src string) string {
	var b strings.Builder
	for line := range strings.Lines(src) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}
