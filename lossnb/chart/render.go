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
				// A native range input: focus, arrow keys, Page Up/Down, Home and
				// End come with it; aria-valuetext gives screen readers the
				// readout ("α = −∞"), not the index.
				fmt.Fprintf(&controls, `<label style="margin-right:18px;white-space:nowrap"><input type="range" data-lm-suppress-shortcuts="true" min="0" max="%d" step="1" value="%d" data-slider="%d" aria-label="%s" aria-valuetext="%s" style="vertical-align:middle;width:220px"> <output data-readout="%d">%s</output></label>`,
					len(sl.Values)-1, sl.Init, k, escapeHTML(sl.Name), escapeHTML(sl.Readout(sl.Init)), k, escapeHTML(sl.Readout(sl.Init)))
			}
			pc.Frames = frames(c, k)
		}
		display := ""
		if hidden {
			display = "display:none;"
		}
		// The chart is an image to assistive technology, described by
		// its aria-label; the values are in a table behind "Data table",
		// which the page's script fills from the chart's current data.
		desc := pc.Option.Aria.Label.Description
		if c.Frames != nil {
			t := *snap
			t.Title = c.Title // without the slider's first readout
			desc = describe(&t) + " It follows the slider " + c.Frames.Slider.Name + "."
			pc.Option.Aria.Label.Description = desc
		}
		k := len(ps.Charts)
		fmt.Fprintf(&areas, `<div style="%swidth:%dpx"><div data-chart="%d" role="img" aria-label="%s" style="width:%dpx;height:%dpx;position:relative;font:13px sans-serif;color:#666">Loading the interactive chart… If this stays, the notebook's JavaScript did not run (trust the notebook or re-run the cell).</div>`,
			display, pc.W, k, escapeHTML(desc), pc.W, pc.H)
		fmt.Fprintf(&areas, `<details data-table-of="%d" style="font:13px sans-serif;margin:2px 0 0 4px"><summary data-lm-suppress-shortcuts="true">Data table</summary><div data-table="%d" role="region" tabindex="0" data-lm-suppress-shortcuts="true" aria-label="%s" style="max-height:320px;overflow:auto"></div></details></div>`,
			k, k, escapeHTML(fmt.Sprintf("Values of chart %d, %s", k+1, c.Title))) // numbered: two charts may share a title
		ps.Charts = append(ps.Charts, pc)
		return nil
	}
	for n, it := range items {
		switch it := it.(type) {
		case *Toggle:
			if err := it.check(); err != nil {
				return nil, "", "", err
			}
			// Buttons: Tab reaches them, Enter and Space press them, and the
			// page's script adds the arrow keys, Home and End.
			fmt.Fprintf(&controls, `<span role="group" aria-label="chart view" data-toggle="%d" style="margin-right:18px;white-space:nowrap">`, n)
			for v, view := range it.Views {
				fmt.Fprintf(&controls, `<button type="button" data-lm-suppress-shortcuts="true" data-view="%d" aria-pressed="%t" style="%s">%s</button>`,
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

// Every control carries data-lm-suppress-shortcuts: JupyterLab and Notebook 7
// (Lumino) then run no notebook shortcut for keys pressed on it, so the arrow
// keys move a focused slider instead of the cell selection (their bindings
// match the focused element itself, ":focus", so the attribute must be on it,
// not on an ancestor), and Enter presses a focused button instead of editing
// the cell.

// escapeHTML escapes text for an HTML element or a quoted attribute, as
// html.EscapeString does (package html would add its table of 2,000 named
// entities to every cell that shows a chart).
var escapeHTML = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;").Replace

// buttonStyle is a toggle button's style: Palette[0] on white or white on
// Palette[0], a contrast of 5.1:1 (WCAG 2.1 AA asks 4.5:1 for text); the
// page's script switches between the two.
func buttonStyle(on bool) string {
	if on {
		return "margin:0 4px 0 0;padding:2px 10px;border:1px solid #0072B2;border-radius:3px;background:#0072B2;color:#fff;cursor:pointer"
	}
	return "margin:0 4px 0 0;padding:2px 10px;border:1px solid #0072B2;border-radius:3px;background:#fff;color:#0072B2;cursor:pointer"
}

// pageCSS is the style sheet of every output, scoped to its root: a
// visible focus ring on the controls (WCAG 2.1, 2.4.7) and the data tables.
const pageCSS = `.lossnb input[type=range]:focus-visible,.lossnb button:focus-visible,.lossnb summary:focus-visible,.lossnb [data-table]:focus-visible{outline:3px solid #0072B2;outline-offset:2px}` +
	`.lossnb [data-table] table{border-collapse:collapse;font:12px sans-serif;margin:4px 0}` +
	`.lossnb [data-table] caption{text-align:left;font-weight:bold;padding:2px 0}` +
	`.lossnb [data-table] th,.lossnb [data-table] td{border:1px solid #bbb;padding:1px 6px;text-align:right;color:#222;background:#fff}`

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
	fmt.Fprintf(&b, `<div class="lossnb" id="%s"><style>%s</style>`, id, pageCSS)
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
