// Package nb shows lossnb charts in a GoNB notebook.
//
// Show sends one output holding two representations of the same charts:
// the interactive HTML of chart.Render and, when the lossnb-render helper
// is installed, a PNG twin drawn by package figure. Jupyter keeps both;
// JupyterLab shows the HTML in a trusted notebook and the PNG in an
// untrusted one, GitHub shows the PNG.
//
// Outside a notebook (IsNotebook is false, as under go test) Show and the
// other display functions do nothing. Bundle is the pure part of Show: it returns what Show
// would send.
//
// Errors. Show returns nothing, so that a cell reads like a figure
// script: on error it prints "lossnb: " and the error to standard error
// (one line, no stack trace) and the cell goes on. To stop a cell at the
// first error instead, wrap calls returning an error in Must, or pass the
// error to Check; both print the same line and exit the cell's program
// with status 1.
//
// Link time. This package imports neither gonum/plot nor go-echarts, nor
// even GoNB's gonbui (it speaks GoNB's display protocol itself, see
// pipe.go): a cell showing a chart links nearly as fast as one printing
// text. Do not display through gonbui in a program that uses this package
// (both would write to GoNB's pipe); Markdown and HTML show text. The PNG
// twin is drawn by a separate program, lossnb-render (cmd/lossnb-render),
// looked up at $LOSSNB_BIN/lossnb-render and then on PATH. When it is not
// found, or fails, the output has no PNG and nothing is printed (any text
// on standard error fails notebook tests); StaticPNG reports why.
//
// Imports: chart and GoNB's protocol package. Package nb may not import
// figure, gonum/plot, go-echarts beyond chart's option types, GoNB's gonbui,
// loss, fit or lesson (the rules are checked by lossnb/layers_test.go).
package nb

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/lossnb/lossnb/lossnb/chart"
)

// Show displays the items (charts or toggles, side by side where the
// width allows, sharing their sliders) as one notebook output and waits
// until GoNB has received it. See the package documentation for errors.
func Show(items ...chart.Item) {
	if !IsNotebook {
		return
	}
	d, err := Bundle(items...)
	if err != nil {
		report(fmt.Errorf("nb.Show: %s", strings.TrimPrefix(err.Error(), "nb.Bundle: ")))
		return
	}
	display(d)
}

// display sends d and waits until GoNB has received it.
func display(d *protocol.DisplayData) {
	if err := send(d); err != nil {
		report(err)
		return
	}
	if err := syncKernel(); err != nil {
		report(err)
	}
}

// HTML displays an HTML snippet, as is (it is not escaped), and waits until
// GoNB has received it. Outside a notebook it does nothing.
func HTML(html string) {
	if !IsNotebook {
		return
	}
	display(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextHTML: html}})
}

// Markdown displays Markdown text (Jupyter renders it, with $…$ maths) and
// waits until GoNB has received it. Outside a notebook it does nothing.
func Markdown(md string) {
	if !IsNotebook {
		return
	}
	display(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextMarkdown: md}})
}

// ShowPNG displays a PNG image, such as one drawn by figure.PNG, and waits until
// GoNB has received it. Outside a notebook it does nothing.
//
// An image with a text alternative (figure.PNG writes the chart's description into
// it, see PNGDescription) is shown as an HTML image with that alt text, for screen
// readers; the PNG goes along for front ends that show only images.
//
//	nb.ShowPNG(nb.Must(figure.PNG(c, 640, 360)))
func ShowPNG(png []byte) {
	if !IsNotebook {
		return
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		report(errors.New("nb.ShowPNG: the data is not a PNG image"))
		return
	}
	display(PNGBundle(png))
}

// PNGBundle returns the display data that ShowPNG sends for the PNG image png:
// image/png, and, when the image carries a description (PNGDescription), an HTML
// image with it as alt text and the description as text/plain.
func PNGBundle(png []byte) *protocol.DisplayData {
	d := &protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMEImagePNG: png}}
	if alt := PNGDescription(png); alt != "" {
		d.Data[protocol.MIMETextHTML] = `<img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) +
			`" alt="` + escapeAttr(alt) + `" style="max-width:100%">`
		d.Data[protocol.MIMETextPlain] = alt
	}
	return d
}

// escapeAttr escapes text for a quoted HTML attribute (package html would add its
// table of named entities to every cell).
var escapeAttr = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;").Replace

// PNGDescription returns the text of the PNG image's uncompressed iTXt chunk of
// keyword "Description" (PNG specification, 3rd edition, §11.3.3.4), as figure.PNG
// writes it, or "" if it has none or is not a PNG.
func PNGDescription(png []byte) string {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(png, []byte(sig)) {
		return ""
	}
	for p := len(sig); p+8 <= len(png); {
		n := int(binary.BigEndian.Uint32(png[p:]))
		typ := string(png[p+4 : p+8])
		if n < 0 || p+12+n > len(png) || typ == "IDAT" || typ == "IEND" {
			return ""
		}
		data := png[p+8 : p+8+n]
		if typ == "iTXt" && bytes.HasPrefix(data, []byte("Description\x00\x00")) {
			// keyword, flag 0 (uncompressed), method, language\0, translated keyword\0, text
			rest := data[len("Description\x00\x00")+1:]
			for range 2 {
				i := bytes.IndexByte(rest, 0)
				if i < 0 {
					return ""
				}
				rest = rest[i+1:]
			}
			return string(rest)
		}
		p += 12 + n
	}
	return ""
}

// Bundle returns the display data that Show sends: text/html from
// chart.Render, text/plain naming the charts, and image/png from StaticPNG
// if the helper is available.
func Bundle(items ...chart.Item) (*protocol.DisplayData, error) {
	html, err := chart.Render(items...)
	if err != nil {
		return nil, fmt.Errorf("nb.Bundle: %s", strings.TrimPrefix(err.Error(), "chart.Render: "))
	}
	d := &protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMETextHTML:  html,
		protocol.MIMETextPlain: plainText(items),
	}}
	if png, err := StaticPNG(items...); err == nil && png != nil {
		d.Data[protocol.MIMEImagePNG] = png
	}
	return d, nil
}

func plainText(items []chart.Item) string {
	var names []string
	for _, it := range items {
		if c, err := chart.Snapshot(it); err == nil {
			names = append(names, fmt.Sprintf("%q", c.Title))
		}
	}
	return "lossnb chart " + strings.Join(names, ", ")
}

// HelperEnv names the environment variable of the directory holding
// lossnb-render.
const HelperEnv = "LOSSNB_BIN"

// ErrNoHelper is returned by StaticPNG when lossnb-render is not installed.
var ErrNoHelper = errors.New("lossnb-render not found in $" + HelperEnv + " nor on PATH")

// Helper returns the path of the lossnb-render helper: $LOSSNB_BIN/lossnb-render
// if it exists, else lossnb-render on PATH, else ErrNoHelper.
func Helper() (string, error) {
	if dir := os.Getenv(HelperEnv); dir != "" {
		p := filepath.Join(dir, "lossnb-render")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	p, err := exec.LookPath("lossnb-render")
	if err != nil {
		return "", fmt.Errorf("nb.Helper: %w", ErrNoHelper)
	}
	return p, nil
}

// HelperTimeout bounds the time lossnb-render may take for one image.
var HelperTimeout = 30 * time.Second

// StaticPNG draws the items' static twin (640 × 360 pixels per chart
// unless a chart sets its size) by running lossnb-render. It returns
// ErrNoHelper if the helper is not installed.
func StaticPNG(items ...chart.Item) ([]byte, error) {
	// The charts first: a bad chart is the error to report, helper or not.
	if len(items) == 0 {
		return nil, errors.New("nb.StaticPNG: nothing to draw")
	}
	spec := chart.StaticSpec{Format: "png"}
	for _, it := range items {
		c, err := chart.Snapshot(it)
		if err != nil {
			return nil, fmt.Errorf("nb.StaticPNG: %s", strings.TrimPrefix(err.Error(), "chart.Snapshot: "))
		}
		spec.Charts = append(spec.Charts, c)
	}
	helper, err := Helper()
	if err != nil {
		return nil, fmt.Errorf("nb.StaticPNG: %w", errors.Unwrap(err))
	}
	in, err := json.Marshal(spec)
	if err != nil {
		return nil, fmt.Errorf("nb.StaticPNG: encoding the chart for lossnb-render: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), HelperTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, helper)
	var out, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(in), &out, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("nb.StaticPNG: %s: %s", helper, msg)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("\x89PNG")) {
		return nil, fmt.Errorf("nb.StaticPNG: %s wrote no PNG", helper)
	}
	return out.Bytes(), nil
}

// exit is os.Exit, replaced in tests.
var exit = os.Exit

// report prints err for a person: one line, no stack trace.
func report(err error) {
	fmt.Fprintf(os.Stderr, "lossnb: %v\n", err)
}

// Must returns v if err is nil. Otherwise it prints "lossnb: " and the
// error to standard error and ends the cell's program with status 1 (the
// notebook shows the message, not a panic's stack trace).
//
//	html := nb.Must(chart.Render(c))
func Must[T any](v T, err error) T {
	Check(err)
	return v
}

// Check does nothing if err is nil; otherwise it prints it and exits like Must.
func Check(err error) {
	if err == nil {
		return
	}
	report(err)
	exit(1)
}
