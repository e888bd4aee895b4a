package main

// lossnb assign: the student release of an instructor's source notebook, and the
// notebook reading and writing that assign and grade share.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/lossnb/lossnb/internal/grade"
)

// The nbgrader markers, found as nbgrader finds them: anywhere in a line. lossnb
// requires them to be Go line comments (`// ### BEGIN SOLUTION`).
const (
	beginSolution = "BEGIN SOLUTION"
	endSolution   = "END SOLUTION"
	beginHidden   = "BEGIN HIDDEN TESTS"
	endHidden     = "END HIDDEN TESTS"
	// stubComment marks where the student writes; nbgrader's own stub text.
	stubComment = "// YOUR CODE HERE"
)

// notebook is an .ipynb file decoded generically, so that fields lossnb does not
// know survive a round trip.
type notebook struct {
	raw   map[string]any
	cells []map[string]any
}

// readNotebook decodes an .ipynb file, with errors that say what is wrong in words.
func readNotebook(name string, data []byte) (*notebook, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s is not a notebook: it is not JSON (%v)", name, err)
	}
	if v, ok := raw["nbformat"].(float64); !ok || v != 4 {
		return nil, fmt.Errorf("%s is not a notebook in nbformat 4 (nbformat = %v)", name, raw["nbformat"])
	}
	list, ok := raw["cells"].([]any)
	if !ok {
		return nil, fmt.Errorf("%s is not a notebook: it has no list of cells", name)
	}
	nb := &notebook{raw: raw}
	for i, c := range list {
		m, ok := c.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: cell %d is not an object", name, i+1)
		}
		if _, ok := m["cell_type"].(string); !ok {
			return nil, fmt.Errorf("%s: cell %d has no cell_type", name, i+1)
		}
		if _, err := sourceOf(m); err != nil {
			return nil, fmt.Errorf("%s: cell %d: %v", name, i+1, err)
		}
		nb.cells = append(nb.cells, m)
	}
	return nb, nil
}

// kernel returns the name of the notebook's kernelspec ("" if none).
func (nb *notebook) kernel() string {
	md, _ := nb.raw["metadata"].(map[string]any)
	ks, _ := md["kernelspec"].(map[string]any)
	name, _ := ks["name"].(string)
	return name
}

// encode writes the notebook as nbformat does: one-space indent, sorted keys, no
// HTML escaping, a final newline.
func (nb *notebook) encode() ([]byte, error) {
	cells := make([]any, len(nb.cells))
	for i, c := range nb.cells {
		cells[i] = c
	}
	nb.raw["cells"] = cells
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb.raw); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sourceOf returns a cell's source, which nbformat stores as a string or a list of
// strings.
func sourceOf(c map[string]any) (string, error) {
	switch s := c["source"].(type) {
	case string:
		return s, nil
	case []any:
		var b strings.Builder
		for _, p := range s {
			str, ok := p.(string)
			if !ok {
				return "", errors.New("its source is not text")
			}
			b.WriteString(str)
		}
		return b.String(), nil
	case nil:
		return "", nil
	}
	return "", errors.New("its source is not text")
}

// setSource stores src as nbformat does, a list of lines.
func setSource(c map[string]any, src string) {
	lines := []any{}
	for len(src) > 0 {
		i := strings.IndexByte(src, '\n')
		if i < 0 {
			lines = append(lines, src)
			break
		}
		lines = append(lines, src[:i+1])
		src = src[i+1:]
	}
	c["source"] = lines
}

// nbgraderMeta is the part of a cell's nbgrader metadata lossnb reads.
type nbgraderMeta struct {
	GradeID  string
	Solution bool
	Grade    bool
	Locked   bool
	Points   float64
}

func metaOf(c map[string]any) (nbgraderMeta, bool) {
	md, _ := c["metadata"].(map[string]any)
	g, ok := md["nbgrader"].(map[string]any)
	if !ok {
		return nbgraderMeta{}, false
	}
	var m nbgraderMeta
	m.GradeID, _ = g["grade_id"].(string)
	m.Solution, _ = g["solution"].(bool)
	m.Grade, _ = g["grade"].(bool)
	m.Locked, _ = g["locked"].(bool)
	m.Points, _ = g["points"].(float64)
	return m, true
}

// isTestCell says whether a cell is an autograded test cell: nbgrader's
// "Autograder tests" (grade, locked, not a solution), a code cell.
func isTestCell(c map[string]any) bool {
	m, ok := metaOf(c)
	return ok && c["cell_type"] == "code" && m.Grade && !m.Solution
}

// cellErr is an error located in a cell, for messages such as
// "coursework/source/01.ipynb, cell 11 (ex1-check): …".
func cellErr(name string, i int, c map[string]any, format string, args ...any) error {
	where := fmt.Sprintf("%s, cell %d", name, i+1)
	if m, ok := metaOf(c); ok && m.GradeID != "" {
		where += " (" + m.GradeID + ")"
	}
	return fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...))
}

// region is a marked block of lines, markers included: lines[begin..end].
type region struct{ begin, end int }

// markerRe matches a marker line written as a Go line comment.
var markerRe = regexp.MustCompile(`^\s*//\s*#*\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$`)

// regions finds the begin/end pairs of one kind of marker in lines, with clear
// errors for markers that are nested, unclosed, unopened or (in code, goComment)
// not Go comments.
func regions(lines []string, begin, end string, goComment bool) ([]region, error) {
	var out []region
	open := -1
	for i, l := range lines {
		isBegin, isEnd := strings.Contains(l, begin), strings.Contains(l, end)
		if !isBegin && !isEnd {
			continue
		}
		if goComment && !markerRe.MatchString(l) {
			return nil, fmt.Errorf("line %d, %q: write the marker as a Go comment on a line of its own, e.g. \"// ### %s\"",
				i+1, strings.TrimSpace(l), map[bool]string{true: begin, false: end}[isBegin])
		}
		switch {
		case isBegin && open >= 0:
			return nil, fmt.Errorf("line %d: %q inside the region opened at line %d (regions do not nest)", i+1, begin, open+1)
		case isBegin:
			open = i
		case open < 0:
			return nil, fmt.Errorf("line %d: %q with no %q before it", i+1, end, begin)
		default:
			out = append(out, region{open, i})
			open = -1
		}
	}
	if open >= 0 {
		return nil, fmt.Errorf("line %d: %q is never closed by %q", open+1, begin, end)
	}
	return out, nil
}

func splitLines(src string) []string {
	if src == "" {
		return nil
	}
	return strings.Split(src, "\n")
}

// releaseCell turns one source cell into its student version. It returns the new
// source, or an error without location (the caller adds the notebook and cell).
func releaseCell(c map[string]any) (string, error) {
	src, _ := sourceOf(c)
	lines := splitLines(src)
	code := c["cell_type"] == "code"
	hidden, err := regions(lines, beginHidden, endHidden, code)
	if err != nil {
		return "", err
	}
	sols, err := regions(lines, beginSolution, endSolution, code)
	if err != nil {
		return "", err
	}
	if len(hidden) > 0 && !isTestCell(c) {
		return "", errors.New("hidden tests must be in a test cell (nbgrader metadata grade: true, solution: false), so that the grader can restore them")
	}
	for _, h := range hidden {
		for _, s := range sols {
			if s.begin <= h.end && h.begin <= s.end {
				return "", fmt.Errorf("lines %d-%d: a solution region overlaps the hidden tests at lines %d-%d", s.begin+1, s.end+1, h.begin+1, h.end+1)
			}
		}
	}
	if len(sols) > 0 {
		if code {
			lines, err = stubSolutions(lines, sols)
			if err != nil {
				return "", err
			}
			// Line numbers changed; find the hidden regions again.
			hidden, _ = regions(lines, beginHidden, endHidden, code)
		} else {
			lines = replaceRegions(lines, sols, func(r region, indent string) []string {
				return []string{indent + "YOUR ANSWER HERE"}
			})
		}
	}
	lines = replaceRegions(lines, hidden, func(region, string) []string { return nil })
	return strings.Join(lines, "\n"), nil
}

// replaceRegions replaces each region (in increasing order) by repl's lines.
func replaceRegions(lines []string, rs []region, repl func(r region, indent string) []string) []string {
	var out []string
	prev := 0
	for _, r := range rs {
		out = append(out, lines[prev:r.begin]...)
		indent := lines[r.begin][:len(lines[r.begin])-len(strings.TrimLeft(lines[r.begin], " \t"))]
		out = append(out, repl(r, indent)...)
		prev = r.end + 1
	}
	return append(out, lines[prev:]...)
}

// goView turns a GoNB cell into a Go file, line for line: magics (%…) and shell
// lines (!…) become blank, and the lines after a %% line become the body of main.
// It returns the file and the number of lines added before the cell's first line.
func goView(lines []string) string {
	var b strings.Builder
	b.WriteString("package main\n")
	inMain := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case !inMain && strings.HasPrefix(t, "%%"):
			b.WriteString("func main() {\n")
			inMain = true
			continue
		case strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!"):
			b.WriteString("\n")
			continue
		}
		b.WriteString(l + "\n")
	}
	if inMain {
		b.WriteString("}\n")
	}
	return b.String()
}

// stubSolutions replaces each solution region of a code cell by "// YOUR CODE
// HERE" and a return of zero values, computed from the signature of the function
// whose body the region ends.
func stubSolutions(lines []string, sols []region) ([]string, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "cell.go", goView(lines), parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("cannot read the cell as Go to write the stub: %v", err)
	}
	// Cell line i (0-based) is file line i+2 (after "package main").
	line := func(p token.Pos) int { return fset.Position(p).Line - 2 }
	stubs := map[region][]string{}
	for _, r := range sols {
		var fn *ast.FuncType
		var body *ast.BlockStmt
		ast.Inspect(file, func(n ast.Node) bool {
			var t *ast.FuncType
			var b *ast.BlockStmt
			switch f := n.(type) {
			case *ast.FuncDecl:
				t, b = f.Type, f.Body
			case *ast.FuncLit:
				t, b = f.Type, f.Body
			default:
				return true
			}
			if b != nil && line(b.Lbrace) < r.begin && line(b.Rbrace) > r.end {
				fn, body = t, b // the innermost function wins: Inspect goes outside in
			}
			return true
		})
		if body == nil {
			return nil, fmt.Errorf("lines %d-%d: a solution region must be inside a function body (write the answer as a function, e.g. func answer() string { … }), so that the release can return a zero value", r.begin+1, r.end+1)
		}
		// The closing brace of main in a %% cell is not in the cell: it is after
		// the last line.
		rbrace := min(line(body.Rbrace), len(lines))
		for i := r.end + 1; i < rbrace; i++ {
			if t := strings.TrimSpace(lines[i]); t != "" && !strings.HasPrefix(t, "//") {
				return nil, fmt.Errorf("line %d, %q: a solution region must end its function body (only the closing brace may follow %q), so that the stub's return is the function's last statement", i+1, t, endSolution)
			}
		}
		if rbrace < len(lines) {
			if rb := lines[rbrace]; strings.TrimSpace(rb[:fset.Position(body.Rbrace).Column-1]) != "" {
				return nil, fmt.Errorf("line %d: put the closing brace of the function on a line of its own after %q", rbrace+1, endSolution)
			}
		}
		ret, err := zeroReturn(fset, fn)
		if err != nil {
			return nil, fmt.Errorf("lines %d-%d: %v", r.begin+1, r.end+1, err)
		}
		stub := []string{stubComment}
		if ret != "" {
			stub = append(stub, ret)
		}
		stubs[r] = stub
	}
	return replaceRegions(lines, sols, func(r region, indent string) []string {
		var out []string
		for _, s := range stubs[r] {
			out = append(out, indent+s)
		}
		return out
	}), nil
}

// zeroReturn returns the statement that returns zero values from a function of
// type fn: "" for no results, "return" for named results, else "return 0, nil" etc.
func zeroReturn(fset *token.FileSet, fn *ast.FuncType) (string, error) {
	if fn.Results == nil || len(fn.Results.List) == 0 {
		return "", nil
	}
	var zeros []string
	for _, f := range fn.Results.List {
		if len(f.Names) > 0 {
			return "return", nil
		}
		z, err := zeroOf(fset, f.Type)
		if err != nil {
			return "", err
		}
		zeros = append(zeros, z)
	}
	return "return " + strings.Join(zeros, ", "), nil
}

// zeroOf writes the zero value of a type expression.
func zeroOf(fset *token.FileSet, t ast.Expr) (string, error) {
	switch t := t.(type) {
	case *ast.Ident:
		switch t.Name {
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
			"uintptr", "float32", "float64", "complex64", "complex128", "byte", "rune":
			return "0", nil
		case "string":
			return `""`, nil
		case "bool":
			return "false", nil
		case "error", "any":
			return "nil", nil
		}
	case *ast.StarExpr, *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType:
		if a, ok := t.(*ast.ArrayType); ok && a.Len != nil {
			break // an array, not a slice
		}
		return "nil", nil
	case *ast.ParenExpr:
		return zeroOf(fset, t.X)
	}
	var b strings.Builder
	if err := printer.Fprint(&b, fset, t); err != nil {
		return "", fmt.Errorf("cannot write the zero value of a result type: %v", err)
	}
	return "*new(" + b.String() + ")", nil
}

// checkTestCell checks what the grader needs of a test cell: a %% line, before any
// code: the lines after it are the check function of the grader's checker.
func checkTestCell(src string) error {
	for _, l := range splitLines(src) {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "//") || (strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "%%")) {
			continue
		}
		if strings.HasPrefix(t, "%%") {
			return nil
		}
		break
	}
	return errors.New("a test cell must start with a %% line (its checks run in the cell's main body, which the grader turns into a function of its checker)")
}

// makeRelease returns the student release of a source notebook: solutions replaced
// by stubs, hidden tests removed, outputs and execution counts cleared.
func makeRelease(name string, data []byte) ([]byte, error) {
	nb, err := readNotebook(name, data)
	if err != nil {
		return nil, err
	}
	if k := nb.kernel(); k != "gonb" {
		return nil, fmt.Errorf("%s: the kernelspec is %q, want \"gonb\"", name, k)
	}
	ids := map[string]int{}
	for i, c := range nb.cells {
		if m, ok := metaOf(c); ok && m.GradeID != "" {
			if j, dup := ids[m.GradeID]; dup {
				return nil, cellErr(name, i, c, "grade_id %q is also the id of cell %d; grade ids must be unique", m.GradeID, j+1)
			}
			ids[m.GradeID] = i
		}
		if m, ok := metaOf(c); ok && (m.Solution || m.Grade) && m.GradeID == "" {
			return nil, cellErr(name, i, c, "an nbgrader solution or test cell needs a grade_id")
		}
		src, _ := sourceOf(c)
		if isTestCell(c) {
			if err := checkTestCell(src); err != nil {
				return nil, cellErr(name, i, c, "%v", err)
			}
		}
		out, err := releaseCell(c)
		if err != nil {
			return nil, cellErr(name, i, c, "%v", err)
		}
		setSource(c, out)
		if c["cell_type"] == "code" {
			c["outputs"] = []any{}
			c["execution_count"] = nil
		}
	}
	return stampRelease(name, nb)
}

func assign(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("assign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder for the student release (default ROOT/build/release)")
	check := fs.Bool("check", false, "then run the release headless and check that every check fails politely")
	timeout := fs.Int("timeout", 120, "per-cell time limit in seconds for -check")
	force := fs.Bool("force", false, "overwrite releases that were edited after assign wrote them (the edits are lost)")
	verify := fs.Bool("verify", false, "write nothing: check that the releases in -out are what assign would write, and explain each difference")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sources := fs.Args()
	if len(sources) == 0 {
		return errors.New("assign: name the source notebooks, e.g. lossnb assign coursework/source/*.ipynb")
	}
	dir := *out
	var root string
	if dir == "" || *check {
		r, err := findRoot()
		if err != nil {
			return err
		}
		root = r
		if dir == "" {
			dir = filepath.Join(root, "build", "release")
		}
	}
	var rels []releaseFile
	for _, src := range sources {
		data, err := os.ReadFile(src)
		if err != nil {
			return fmt.Errorf("assign: %w", err)
		}
		rel, err := makeRelease(src, data)
		if err == nil {
			err = gradable(src, data)
		}
		if err != nil {
			return fmt.Errorf("assign: %w", err)
		}
		dst := filepath.Join(dir, filepath.Base(src))
		if abs1, _ := filepath.Abs(dst); abs1 != "" {
			if abs2, _ := filepath.Abs(src); abs1 == abs2 {
				return fmt.Errorf("assign: the release %s would overwrite its source", dst)
			}
		}
		rels = append(rels, releaseFile{source: src, dst: dst, data: rel})
	}
	if *verify {
		return verifyReleases(rels, stdout)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeReleases(rels, *force, stdout); err != nil {
		return err
	}
	var written []string
	for _, r := range rels {
		written = append(written, r.dst)
	}
	if *check {
		return checkRelease(root, written, *timeout, stdout, stderr)
	}
	return nil
}

// checkRelease runs the release notebooks headless (scripts/run_notebooks.py,
// which fails on any error output or stderr text) and checks that every test cell
// printed a failed check and no check scored above zero.
func checkRelease(root string, notebooks []string, timeout int, stdout, stderr io.Writer) error {
	py, err := python(root)
	if err != nil {
		return err
	}
	executed, err := os.MkdirTemp("", "lossnb-release-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(executed)
	runArgs := append([]string{filepath.Join(root, "scripts", "run_notebooks.py"),
		"--timeout", fmt.Sprint(timeout), "--out", executed}, notebooks...)
	if err := command(root, stdout, stderr, py, runArgs...); err != nil {
		return errors.New("assign -check: the release does not run cleanly (see above)")
	}
	var problems []string
	for _, name := range notebooks {
		data, err := os.ReadFile(filepath.Join(executed, filepath.Base(name)))
		if err != nil {
			return err
		}
		problems = append(problems, releaseProblems(name, data)...)
	}
	if len(problems) > 0 {
		return fmt.Errorf("assign -check: the release gives credit for nothing done:\n  %s", strings.Join(problems, "\n  "))
	}
	fmt.Fprintf(stdout, "release check: every check in %d notebook(s) fails politely\n", len(notebooks))
	return nil
}

var scoreRe = regexp.MustCompile(`(?m)^Score: (\d+)/(\d+)$`)

// releaseProblems lists the test cells of an executed release that do not fail
// politely: no ✗ line, or a score above zero.
func releaseProblems(name string, data []byte) []string {
	nb, err := readNotebook(name, data)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for i, c := range nb.cells {
		if !isTestCell(c) {
			continue
		}
		text := streamText(c, "stdout")
		if !strings.Contains(text, "✗") {
			out = append(out, cellErr(name, i, c, "no check failed").Error())
		}
		for _, m := range scoreRe.FindAllStringSubmatch(text, -1) {
			if m[1] != "0" {
				out = append(out, cellErr(name, i, c, "a check scored %s/%s", m[1], m[2]).Error())
			}
		}
	}
	return out
}

// streamText concatenates a code cell's outputs on one stream.
func streamText(c map[string]any, stream string) string {
	outs, _ := c["outputs"].([]any)
	var b strings.Builder
	for _, o := range outs {
		m, _ := o.(map[string]any)
		if m["output_type"] == "stream" && m["name"] == stream {
			s, _ := sourceOf(map[string]any{"source": m["text"]})
			b.WriteString(s)
		}
	}
	return b.String()
}

// gradable checks what grading needs of a source beyond a release: each answer
// cell declares functions the grader can call in the student's sandboxed
// program through a pipe (serialisable signatures), and no check cell has
// settings the checks would refuse (empty Points, NaN, a Key not among the
// options…). Errors name the cell, the line and the function or field.
func gradable(name string, data []byte) error {
	nb, err := readNotebook(name, data)
	if err != nil {
		return err
	}
	for i, c := range nb.cells {
		src, _ := sourceOf(c)
		m, _ := metaOf(c)
		switch {
		case isTestCell(c):
			err = grade.CheckSettings(src)
		case m.Solution && c["cell_type"] == "code":
			_, err = grade.AnswerFuncs(src)
		}
		if err != nil {
			return cellErr(name, i, c, "%v", err)
		}
	}
	return nil
}
