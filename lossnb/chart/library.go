package chart

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// LibraryEnv names the environment variable that, when set, gives the path
// of echarts.min.js.
const LibraryEnv = "LOSSNB_ECHARTS_JS"

// libraryRel is where npm installs the pinned library (echarts@5.4.3).
var libraryRel = filepath.Join("node_modules", "echarts", "dist", "echarts.min.js")

// LibraryPath returns the path of echarts.min.js: $LOSSNB_ECHARTS_JS if
// set, else node_modules/echarts/dist/echarts.min.js in the working
// directory or one of its parents, else the same above this package's source
// directory. The error names every place tried.
func LibraryPath() (string, error) {
	p, err := libraryPath()
	return p, named("LibraryPath", err)
}

func libraryPath() (string, error) {
	if p := os.Getenv(LibraryEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("chart: $%s = %q: %w", LibraryEnv, p, err)
		}
		return p, nil
	}
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		starts = append(starts, filepath.Dir(file))
	}
	for _, dir := range starts {
		for {
			p := filepath.Join(dir, libraryRel)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", fmt.Errorf("chart: cannot find the ECharts library: $%s is not set and there is no %s in %s or their parent directories (run npm ci at the repository root, or set %s)",
		LibraryEnv, libraryRel, strings.Join(starts, " or "), LibraryEnv)
}

// LibraryScript returns a <script> element holding the ECharts library, for
// an exported page opened without a server: put it once in the page's head
// and every chart of the page finds window.echarts. The library is wrapped
// in a function whose define, exports and module parameters are undefined,
// so that it sets window.echarts even where RequireJS is on the page (its
// UMD header would otherwise call an anonymous define and fail).
func LibraryScript() (string, error) {
	var b strings.Builder
	if err := inlineLibrary(&b); err != nil {
		return "", named("LibraryScript", err)
	}
	return b.String(), nil
}

// InlineLibrary writes what LibraryScript returns to dst.
func InlineLibrary(dst io.Writer) error {
	if dst == nil {
		return errors.New("chart.InlineLibrary: dst is nil, want an io.Writer")
	}
	return named("InlineLibrary", inlineLibrary(dst))
}

func inlineLibrary(dst io.Writer) error {
	p, err := libraryPath()
	if err != nil {
		return err
	}
	js, err := os.ReadFile(p)
	if err != nil {
		return fmt.Errorf("chart: reading the ECharts library: %w", err)
	}
	if strings.Contains(strings.ToLower(string(js)), "</script") {
		return fmt.Errorf("chart: %s contains </script and cannot be inlined", p)
	}
	for _, s := range []string{
		"<script>(function(define,exports,module){\n",
		string(js),
		"\n}).call(window);</script>",
	} {
		if _, err := io.WriteString(dst, s); err != nil {
			return fmt.Errorf("chart: writing the ECharts library: %w", err)
		}
	}
	return nil
}

// WritePage writes a standalone HTML page showing the items, with the
// library inlined: it opens from disk with no server and no network.
func WritePage(dst io.Writer, title string, items ...Item) error {
	if dst == nil {
		return errors.New("chart.WritePage: dst is nil, want an io.Writer")
	}
	return named("WritePage", writePage(dst, title, items))
}

func writePage(dst io.Writer, title string, items []Item) error {
	body, err := render(fmt.Sprintf("lossnb-%016x", rand.Uint64()), items)
	if err != nil {
		return err
	}
	var b strings.Builder
	// lang, a main landmark and a heading: what screen readers need of a
	// page (axe-core's html-has-lang, landmark-one-main, page-has-heading-one).
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
	b.WriteString(escapeHTML(title))
	b.WriteString("</title>\n")
	if err := inlineLibrary(&b); err != nil {
		return err
	}
	b.WriteString("\n</head><body style=\"margin:8px;background:#fff\"><main>\n<h1 style=\"font:16px sans-serif;margin:4px 0\">")
	b.WriteString(escapeHTML(title))
	b.WriteString("</h1>\n")
	b.WriteString(body)
	b.WriteString("\n</main></body></html>\n")
	if _, err := io.WriteString(dst, b.String()); err != nil {
		return fmt.Errorf("chart: writing the page: %w", err)
	}
	return nil
}
