// Package lite runs lossnb notebook cells in the yaegi Go interpreter, as
// lossnb lite does in a browser (cmd/lossnb-lite, compiled to WebAssembly).
//
// A Session keeps what cells declare, as GoNB does (imports, functions,
// types, variables and constants from cells without "%%", a later version
// of a name replacing the earlier one), and, unlike GoNB, the values of
// top-level variables between cells. A "%%" cell's body runs as a function
// of its own, so its variables stay local to the cell, as under GoNB.
// Packages a cell uses but did not import (fmt, math, strings, ...) are
// imported for it, as GoNB's goimports does.
//
// lossnb's packages run compiled (their symbols are in package symbols);
// only the cells are interpreted. Package nb's display functions are
// replaced, for interpreted code, by ones that hand the same display bundle
// (HTML with the chart loader, its PNG twin drawn in-process, text) to
// Options.Display; nb.Check and nb.Must print the error and stop the cell
// instead of ending the program.
//
// It may import every lossnb package and nothing imports it but the lite command
// (lossnb/layers_test.go checks the import rules).
package lite

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/figure"
	"github.com/lossnb/lossnb/lossnb/lite/symbols"
	"github.com/lossnb/lossnb/lossnb/nb"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// Bundle is one display output: MIME type to data. Text types hold the
// text, image/png its base64 encoding, as in a Jupyter display_data message.
type Bundle map[string]string

// Options configures a Session.
type Options struct {
	// Stdout and Stderr receive what interpreted code prints (fmt.Print*,
	// os.Stdout, os.Stderr) and the session's messages. Compiled code
	// writes to the process's os.Stdout and os.Stderr.
	Stdout, Stderr io.Writer
	// Display receives each output of nb.Show, nb.ShowPNG, nb.HTML and
	// nb.Markdown. Nil discards them.
	Display func(Bundle)
	// NoPNG leaves the PNG twin out of nb.Show's bundle (drawing it is
	// most of a chart cell's time in the browser).
	NoPNG bool
}

// Session is an interpreter holding the state of one notebook.
type Session struct {
	opt      Options
	in       *interp.Interpreter
	stderr   *panicFilter
	pkgs     map[string]string // package name → import path, of every package that can be imported
	imported map[string]string // name in the cell's scope → import path
	aliases  map[string]string // import path → the session's private alias
	declared map[string]bool   // top-level names cells declared
	musts    map[string]string // spelled type → name of its Must helper
	cells    int
	progress []*nb.Progress // nb.Progress outputs with rows not shown yet, in order of their first row
}

// nbPath is the import path of package nb.
const nbPath = "github.com/lossnb/lossnb/lossnb/nb"

// ErrStopped is returned by Run when nb.Check, nb.Must or os.Exit stopped
// the cell; the reason was already printed to Stderr.
var ErrStopped = errors.New("lite: the cell stopped")

// stop is the panic value of nb.Check in a session.
type stop struct{ code int }

// New returns a session with lossnb's packages and the standard library
// ready to import.
func New(opt Options) (*Session, error) {
	if opt.Stdout == nil {
		opt.Stdout = io.Discard
	}
	if opt.Stderr == nil {
		opt.Stderr = io.Discard
	}
	s := &Session{
		opt:      opt,
		stderr:   &panicFilter{w: opt.Stderr},
		pkgs:     map[string]string{},
		imported: map[string]string{},
		aliases:  map[string]string{},
		declared: map[string]bool{},
		musts:    map[string]string{},
	}
	s.in = interp.New(interp.Options{Stdout: opt.Stdout, Stderr: s.stderr})
	if err := s.in.Use(stdlib.Symbols); err != nil {
		return nil, fmt.Errorf("lite.New: the standard library: %w", err)
	}
	own := interp.Exports{}
	for k, v := range symbols.Symbols {
		own[k] = v
	}
	own[nbPath+"/nb"] = s.nbSymbols(symbols.Symbols[nbPath+"/nb"])
	if err := s.in.Use(own); err != nil {
		return nil, fmt.Errorf("lite.New: lossnb's packages: %w", err)
	}
	for _, exp := range []interp.Exports{stdlib.Symbols, own} {
		for k := range exp {
			p, name := path.Dir(k), path.Base(k)
			if strings.Contains(p, "internal") || strings.HasPrefix(p, "github.com/traefik") {
				continue
			}
			// goimports' choice for the names two packages share: the
			// shorter path (math/rand before math/rand/v2), then the
			// first in order (crypto/rand before math/rand would surprise:
			// prefer math/ explicitly).
			if old, ok := s.pkgs[name]; ok && !better(p, old) {
				continue
			}
			s.pkgs[name] = p
		}
	}
	return s, nil
}

func better(p, old string) bool {
	pm, om := strings.HasPrefix(p, "math/"), strings.HasPrefix(old, "math/")
	if pm != om {
		return pm
	}
	if len(p) != len(old) {
		return len(p) < len(old)
	}
	return p < old
}

// nbSymbols returns package nb's symbols with the display and error
// functions replaced by the session's.
func (s *Session) nbSymbols(orig map[string]reflect.Value) map[string]reflect.Value {
	m := make(map[string]reflect.Value, len(orig))
	for k, v := range orig {
		m[k] = v
	}
	isNotebook := true
	m["IsNotebook"] = reflect.ValueOf(&isNotebook).Elem()
	m["Check"] = reflect.ValueOf(s.check)
	m["Show"] = reflect.ValueOf(s.show)
	m["ShowPNG"] = reflect.ValueOf(s.showPNG)
	m["HTML"] = reflect.ValueOf(func(html string) { s.display(Bundle{"text/html": html}) })
	m["Markdown"] = reflect.ValueOf(func(md string) { s.display(Bundle{"text/markdown": md}) })
	m["NewProgress"] = reflect.ValueOf(s.newProgress)
	return m
}

// newProgress is nb.NewProgress. The browser's kernel shows outputs but does not update
// them in place, so a Progress is shown once, in its state when the cell shows its next
// output or ends: where GoNB's updated output ends, with the same final rows (rows set
// after that show again, as a new output).
func (s *Session) newProgress(title string) *nb.Progress {
	return nb.NewProgressFunc(title, func(p *nb.Progress) {
		for _, q := range s.progress {
			if q == p {
				return
			}
		}
		s.progress = append(s.progress, p)
	})
}

// flushProgress shows the Progress outputs waiting to be shown.
func (s *Session) flushProgress() {
	ps := s.progress
	s.progress = nil
	for _, p := range ps {
		s.display(Bundle{"text/html": p.HTML(), "text/plain": p.Text()})
	}
}

// check is nb.Check: the same message, then the cell stops.
func (s *Session) check(err error) {
	if err == nil {
		return
	}
	s.report(err)
	panic(stop{1})
}

func (s *Session) report(err error) {
	fmt.Fprintf(s.opt.Stderr, "lossnb: %v\n", err)
}

func (s *Session) display(b Bundle) {
	s.flushProgress()
	if s.opt.Display != nil {
		s.opt.Display(b)
	}
}

// show is nb.Show: nb.Bundle's HTML and text, and the PNG twin drawn here
// by package figure (there is no lossnb-render process to run).
func (s *Session) show(items ...chart.Item) {
	d, err := nb.Bundle(items...)
	if err != nil {
		s.report(fmt.Errorf("nb.Show: %s", strings.TrimPrefix(err.Error(), "nb.Bundle: ")))
		return
	}
	b := bundleOf(d)
	if _, ok := b["image/png"]; !ok && !s.opt.NoPNG {
		// The same drawing as lossnb-render's (nb.StaticPNG): figure.Image
		// at the charts' own size.
		if png, err := figure.Image("png", 0, 0, items...); err == nil {
			b["image/png"] = base64.StdEncoding.EncodeToString(png)
		}
	}
	s.display(b)
}

func (s *Session) showPNG(png []byte) {
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		s.report(errors.New("nb.ShowPNG: the data is not a PNG image"))
		return
	}
	// As nb.ShowPNG: with the image's description as alt text, if it has one.
	s.display(bundleOf(nb.PNGBundle(png)))
}

// bundleOf turns display data into a Bundle: text as is, bytes in base64.
func bundleOf(d *protocol.DisplayData) Bundle {
	b := Bundle{}
	for k, v := range d.Data {
		switch v := v.(type) {
		case string:
			b[string(k)] = v
		case []byte:
			b[string(k)] = base64.StdEncoding.EncodeToString(v)
		}
	}
	return b
}

// Error is a cell's compile or run error, its position in the cell's lines.
type Error struct {
	Line, Col int    // 0 when unknown
	Msg       string // without the position
	Panic     bool   // a run-time panic (else a compile error)
}

func (e *Error) Error() string {
	kind := ""
	if e.Panic {
		kind = "panic: "
	}
	if e.Line > 0 {
		return fmt.Sprintf("cell line %d: %s%s", e.Line, kind, e.Msg)
	}
	return kind + e.Msg
}

// Run runs one cell. A compile error or panic is returned as an *Error
// with the cell's line; ErrStopped means nb.Check or nb.Must stopped the
// cell after printing why.
func (s *Session) Run(ctx context.Context, src string) error {
	defer s.flushProgress()
	c := ParseCell(src)
	if err := s.magics(c.Magics); err != nil {
		return err
	}
	if strings.TrimSpace(c.Decls) != "" {
		if err := s.runPart(ctx, c.Decls, 1, false); err != nil {
			return err
		}
	}
	if c.HasBody && strings.TrimSpace(c.Body) != "" {
		if err := s.runPart(ctx, c.Body, c.BodyLine, true); err != nil {
			return err
		}
	}
	return nil
}

// runPart compiles and runs the top-level part of a cell (body false) or
// the body of its main (body true); line is the cell line of its first line.
func (s *Session) runPart(ctx context.Context, src string, line int, body bool) error {
	// Line 1 of src stays line 1 of what is parsed and evaluated.
	file := "package main;" + src
	if body {
		s.cells++
		file = fmt.Sprintf("package main; func __lite_cell%d() {%s\n}", s.cells, src)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", file, parser.AllErrors)
	if err != nil {
		return s.syntaxError(err, line)
	}
	if !body {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				for _, sp := range g.Specs {
					is := sp.(*ast.ImportSpec)
					p, _ := strconv.Unquote(is.Path.Value)
					name := path.Base(p)
					if n, ok := s.pkgs[path.Base(p)]; ok && n == p {
						name = path.Base(p)
					}
					if is.Name != nil {
						name = is.Name.Name
					}
					if _, ok := s.pkgByPath(p); !ok {
						return &Error{Line: fset.Position(is.Pos()).Line + line - 1,
							Msg: fmt.Sprintf("package %s is not in lossnb lite (it has the standard library and lossnb's packages; nothing can be downloaded in the browser)", is.Path.Value)}
					}
					s.imported[name] = p
				}
			}
		}
	}
	if err := s.autoImport(ctx, f); err != nil {
		return err
	}
	edited, err := s.rewriteMust(ctx, f, fset, file)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Line > 0 {
			e.Line += line - 1
		}
		return err
	}
	evalSrc := strings.TrimPrefix(edited, "package main;")
	if err := s.eval(ctx, evalSrc, line); err != nil {
		return err
	}
	if !body {
		hasMain := false
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					s.declared[d.Name.Name] = true
					hasMain = hasMain || d.Name.Name == "main"
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							s.declared[n.Name] = true
						}
					case *ast.TypeSpec:
						s.declared[sp.Name.Name] = true
					}
				}
			}
		}
		if hasMain {
			// GoNB runs a cell's main.
			return s.eval(ctx, "__lite_main()", 0)
		}
		return nil
	}
	err = s.eval(ctx, fmt.Sprintf("__lite_cell%d()", s.cells), 0)
	var e *Error
	if errors.As(err, &e) && e.Panic && len(s.stderr.lines) > 0 {
		// yaegi v0.16.1 prints, for each interpreted frame the panic
		// unwinds, the position of the frame's function (not of the
		// statement): only the innermost function is worth naming.
		if m := panicFuncRE.FindStringSubmatch(s.stderr.lines[0]); m != nil && !strings.HasPrefix(m[1], "__lite_cell") {
			e.Msg += " (in " + m[1] + ")"
		}
	}
	return err
}

func (s *Session) pkgByPath(p string) (string, bool) {
	for _, q := range s.pkgs {
		if q == p {
			return path.Base(p), true
		}
	}
	// Paths shadowed in s.pkgs by a preferred one (crypto/rand).
	for _, exp := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols} {
		for k := range exp {
			if path.Dir(k) == p {
				return path.Base(k), true
			}
		}
	}
	return "", false
}

// autoImport imports the packages f uses by name without importing them.
func (s *Session) autoImport(ctx context.Context, f *ast.File) error {
	need := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || id.Obj != nil || s.declared[id.Name] {
			return true
		}
		if _, ok := s.imported[id.Name]; ok {
			return true
		}
		if p, ok := s.pkgs[id.Name]; ok {
			need[id.Name] = p
		}
		return true
	})
	names := make([]string, 0, len(need))
	for n := range need {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := s.eval(ctx, fmt.Sprintf("import %s %q", n, need[n]), 0); err != nil {
			return err
		}
		s.imported[n] = need[n]
	}
	return nil
}

// alias returns the session's own name for the package at path p,
// importing it on first use (for spelling types in Must helpers).
func (s *Session) alias(ctx context.Context, p string) (string, error) {
	if a, ok := s.aliases[p]; ok {
		return a, nil
	}
	if _, ok := s.pkgByPath(p); !ok {
		return "", fmt.Errorf("package %s is not available", p)
	}
	a := fmt.Sprintf("__lite_p%d", len(s.aliases))
	if err := s.eval(ctx, fmt.Sprintf("import %s %q", a, p), 0); err != nil {
		return "", err
	}
	s.aliases[p] = a
	return a, nil
}

// rewriteMust renames a func main (see below) and replaces each nb.Must(f(...)) by a non-generic helper for
// f's first result type: yaegi v0.16.1 cannot infer a generic function's
// type parameter from a call returning two values (it panics in
// inferTypesFromCall), and nb.Must(f(...)) is how every lesson cell calls
// lossnb. The type is read from f's signature: a compiled function of an
// imported package or a function a cell declared.
func (s *Session) rewriteMust(ctx context.Context, f *ast.File, fset *token.FileSet, src string) (string, error) {
	type edit struct {
		from, to int
		name     string
	}
	var edits []edit
	// A main function stays in yaegi's main package, which then runs it
	// after every later Eval: it is renamed, and runPart calls it once.
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			edits = append(edits, edit{fset.Position(fd.Name.Pos()).Offset, fset.Position(fd.Name.End()).Offset, "__lite_main"})
		}
	}
	var ferr error
	ast.Inspect(f, func(n ast.Node) bool {
		if ferr != nil {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Must" {
			return true
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok || x.Obj != nil || s.imported[x.Name] != nbPath {
			return true
		}
		inner, ok := call.Args[0].(*ast.CallExpr)
		if !ok {
			return true
		}
		t, err := s.resultType(ctx, inner.Fun)
		if err == nil {
			var spelled string
			spelled, err = s.spell(ctx, t)
			if err == nil {
				var name string
				name, err = s.mustHelper(ctx, spelled)
				if err == nil {
					edits = append(edits, edit{fset.Position(call.Fun.Pos()).Offset, fset.Position(call.Fun.End()).Offset, name})
					return true
				}
			}
		}
		p := fset.Position(call.Pos())
		ferr = &Error{Line: p.Line, Col: p.Column,
			Msg: fmt.Sprintf("lossnb lite cannot find the type nb.Must returns here (%v); write v, err := %s then nb.Check(err)", err, exprString(fset, src, inner))}
		return false
	})
	if ferr != nil {
		return "", ferr
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	for _, e := range edits {
		src = src[:e.from] + e.name + src[e.to:]
	}
	return src, nil
}

func exprString(fset *token.FileSet, src string, e ast.Expr) string {
	return src[fset.Position(e.Pos()).Offset:fset.Position(e.End()).Offset]
}

// resultType returns T of a function fun returning (T, error).
func (s *Session) resultType(ctx context.Context, fun ast.Expr) (reflect.Type, error) {
	var v reflect.Value
	switch fun := fun.(type) {
	case *ast.SelectorExpr:
		x, ok := fun.X.(*ast.Ident)
		if !ok || x.Obj != nil {
			return nil, errors.New("a method call")
		}
		p, ok := s.imported[x.Name]
		if !ok {
			p, ok = s.pkgs[x.Name]
		}
		if !ok {
			return nil, fmt.Errorf("%s is not a package", x.Name)
		}
		for _, exp := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols} {
			if m, ok := exp[p+"/"+path.Base(p)]; ok {
				v = m[fun.Sel.Name]
			}
		}
		if !v.IsValid() {
			return nil, fmt.Errorf("%s.%s is not a compiled function", x.Name, fun.Sel.Name)
		}
	case *ast.Ident:
		if !s.declared[fun.Name] {
			return nil, fmt.Errorf("%s is not declared by an earlier cell", fun.Name)
		}
		r, err := s.evalValue(ctx, fun.Name)
		if err != nil {
			return nil, err
		}
		v = r
	default:
		return nil, errors.New("not a function name")
	}
	if v.Kind() != reflect.Func {
		return nil, errors.New("not a function")
	}
	t := v.Type()
	if t.NumOut() != 2 || t.Out(1) != reflect.TypeOf((*error)(nil)).Elem() {
		return nil, fmt.Errorf("the function returns %d values, want (value, error)", t.NumOut())
	}
	return t.Out(0), nil
}

// spell writes t in Go syntax, with the session's aliases for packages.
func (s *Session) spell(ctx context.Context, t reflect.Type) (string, error) {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name(), nil
		}
		if strings.Contains(t.Name(), "[") {
			return "", fmt.Errorf("the generic type %s", t)
		}
		if !ast.IsExported(t.Name()) {
			return "", fmt.Errorf("the unexported type %s", t)
		}
		a, err := s.alias(ctx, t.PkgPath())
		if err != nil {
			return "", err
		}
		return a + "." + t.Name(), nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		e, err := s.spell(ctx, t.Elem())
		return "*" + e, err
	case reflect.Slice:
		e, err := s.spell(ctx, t.Elem())
		return "[]" + e, err
	case reflect.Array:
		e, err := s.spell(ctx, t.Elem())
		return fmt.Sprintf("[%d]%s", t.Len(), e), err
	case reflect.Map:
		k, err := s.spell(ctx, t.Key())
		if err != nil {
			return "", err
		}
		e, err := s.spell(ctx, t.Elem())
		return "map[" + k + "]" + e, err
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any", nil
		}
	}
	return "", fmt.Errorf("the type %s", t)
}

func (s *Session) mustHelper(ctx context.Context, spelled string) (string, error) {
	if name, ok := s.musts[spelled]; ok {
		return name, nil
	}
	nbAlias, err := s.alias(ctx, nbPath)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("__lite_must%d", len(s.musts))
	src := fmt.Sprintf("func %s(v %s, err error) %s { %s.Check(err); return v }", name, spelled, spelled, nbAlias)
	if err := s.eval(ctx, src, 0); err != nil {
		return "", err
	}
	s.musts[spelled] = name
	return name, nil
}

// posRE matches the position yaegi puts before its messages.
var posRE = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): `)

// eval runs src in the interpreter; line is the cell line of src's first
// line (0: src is the session's own code, positions are not the cell's).
func (s *Session) eval(ctx context.Context, src string, line int) (err error) {
	s.stderr.lines = nil
	defer func() {
		// yaegi panics on some programs it cannot compile.
		if r := recover(); r != nil {
			err = &Error{Msg: fmt.Sprintf("the interpreter failed on this cell: %v", r)}
		}
	}()
	_, err = s.in.EvalWithContext(ctx, src)
	if err == nil {
		return nil
	}
	var p interp.Panic
	if errors.As(err, &p) {
		if st, ok := p.Value.(stop); ok {
			_ = st
			return ErrStopped
		}
		if m, ok := p.Value.(string); ok && strings.HasPrefix(m, "os.Exit(") {
			return ErrStopped
		}
		return &Error{Msg: fmt.Sprint(p.Value), Panic: true}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	msg := err.Error()
	e := &Error{Msg: msg}
	if m := posRE.FindStringSubmatch(msg); m != nil {
		e.Msg = msg[len(m[0]):]
		if line > 0 {
			e.Line, _ = strconv.Atoi(m[1])
			e.Col, _ = strconv.Atoi(m[2])
			e.Line += line - 1
		}
	}
	return e
}

// evalValue evaluates an expression of the session's scope.
func (s *Session) evalValue(ctx context.Context, expr string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return s.in.EvalWithContext(ctx, expr)
}

func (s *Session) syntaxError(err error, line int) error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		first := list[0]
		return &Error{Line: first.Pos.Line + line - 1, Col: first.Pos.Column, Msg: first.Msg}
	}
	return &Error{Msg: err.Error()}
}

// panicFilter passes text on to w, except the "LINE:COL: panic: f(...)"
// lines yaegi prints for each interpreted frame a panic unwinds: they are
// kept in lines (innermost first), for the error's position.
type panicFilter struct {
	w     io.Writer
	lines []string
}

var panicFuncRE = regexp.MustCompile(`panic: main\.(\w+)\(\.\.\.\)`)

var panicLineRE = regexp.MustCompile(`^(?:_\.go:)?\d+:\d+: panic: .*\(\.\.\.\)\n$`)

func (p *panicFilter) Write(b []byte) (int, error) {
	if panicLineRE.Match(b) {
		p.lines = append(p.lines, string(b))
		return len(b), nil
	}
	return p.w.Write(b)
}

// magics handles the cell's magic and shell lines: %env sets a variable,
// %reset forgets every declaration; the others make sense only where a Go
// toolchain or a shell exists, and get a one-line note.
func (s *Session) magics(ms []Magic) error {
	for _, m := range ms {
		switch m.Name() {
		case "%env":
			a := m.Args()
			if len(a) != 2 {
				return &Error{Line: m.Line, Msg: "%env takes a name and a value: %env NAME VALUE"}
			}
			// Compiled code reads the process's environment, interpreted code
			// yaegi's copy of it: set both.
			if err := os.Setenv(a[0], a[1]); err != nil {
				return &Error{Line: m.Line, Msg: err.Error()}
			}
			osAlias, err := s.alias(context.Background(), "os")
			if err != nil {
				return err
			}
			if err := s.eval(context.Background(), fmt.Sprintf("%s.Setenv(%q, %q)", osAlias, a[0], a[1]), 0); err != nil {
				return err
			}
		case "%reset":
			ns, err := New(s.opt)
			if err != nil {
				return err
			}
			*s = *ns
		case "%help":
			io.WriteString(s.opt.Stdout, helpText+"\n")
		case "!":
			fmt.Fprintf(s.opt.Stdout, "lossnb lite: %q skipped: there is no shell in the browser\n", m.Text)
		default:
			fmt.Fprintf(s.opt.Stdout, "lossnb lite: %s ignored: it configures GoNB's Go toolchain, and lossnb lite interprets cells without one\n", m.Name())
		}
	}
	return nil
}

const helpText = `lossnb lite runs Go cells in the browser with the yaegi interpreter.
  %%            the rest of the cell is the body of main: it runs, its variables stay in the cell
  (no %%)       imports, funcs, types, vars and consts that later cells see (a func main runs)
  %env N V      sets the environment variable N to V
  %reset        forgets every declaration
Packages: the standard library and lossnb's (loss, fit, chart, figure, nb, lesson/..., exercise);
fmt, math, strings and the others are imported when a cell uses them.`
