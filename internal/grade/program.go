package grade

// The two programs of a grading: the checker, from the instructor's source,
// and each student's answers, from the student's cells. Both are written as
// Go files from GoNB cells: GoNB keeps the declarations of every cell it has
// run (a later declaration of a name replaces the earlier one), runs the
// lines after a %% line as the cell's main, and treats lines starting with %
// or ! as commands to itself or the shell. Here the declarations are kept
// the same way; %% bodies become the checker's check functions (check
// cells) or are left out (every other cell: GoNB runs each cell as a program
// of its own, so what a %% body does never reaches another cell); and magics
// and shell lines are never run.

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/lossnb/lossnb/lossnb/exercise/answers"
)

// answersImport is the package of the pipe between the two programs.
const answersImport = `lossnbanswers "github.com/lossnb/lossnb/lossnb/exercise/answers"`

// goCell is a code cell read as Go.
type goCell struct {
	decl    string // the declarations, magics and shell lines blanked
	body    string // the lines after %%
	hasMain bool   // it has a %% line
	bodyAt  int    // the cell's line number of the body's first line
	magics  []string
	file    *ast.File
	fset    *token.FileSet
	err     error // the declarations do not parse
}

// header is what precedes a cell's declarations when it is parsed.
const header = "package main\n"

// readCell splits a GoNB cell into its declarations and its main body.
func readCell(src string) *goCell {
	c := &goCell{}
	var decl, body strings.Builder
	for n, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case c.hasMain:
			if strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
				c.magics = append(c.magics, t)
				l = ""
			}
			body.WriteString(l + "\n")
			continue
		case strings.HasPrefix(t, "%%"):
			c.hasMain = true
			c.bodyAt = n + 2
			continue
		case strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!"):
			c.magics = append(c.magics, t)
			l = ""
		}
		decl.WriteString(l + "\n")
	}
	c.decl, c.body = decl.String(), body.String()
	c.fset = token.NewFileSet()
	c.file, c.err = parser.ParseFile(c.fset, "cell.go", header+c.decl, parser.ParseComments|parser.SkipObjectResolution)
	return c
}

// declKeys lists the top-level names a declaration declares ("" for those
// that are never replaced: imports, init, blank names).
func declKeys(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Name.Name == "init" {
			return nil
		}
		if d.Recv != nil && len(d.Recv.List) == 1 {
			return []string{"method " + recvName(d.Recv.List[0].Type) + "." + d.Name.Name}
		}
		return []string{d.Name.Name}
	case *ast.GenDecl:
		var keys []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				keys = append(keys, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.Name != "_" {
						keys = append(keys, n.Name)
					}
				}
			}
		}
		return keys
	}
	return nil
}

func recvName(t ast.Expr) string {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "?"
		}
	}
}

// goFile is one generated file.
type goFile struct {
	name string
	text string
}

// declFiles writes the declarations of cells as files, one per cell: a
// name declared again in a later cell is left out of the earlier one (the
// line numbers stay, and a //line comment makes the compiler's messages
// point into the cell); func main is left out. Every file gets every
// cell's imports (goimports then removes the unused ones and adds missing
// standard ones, as GoNB does). skip, if not nil, leaves out declarations.
func declFiles(prefix string, cells map[int]*goCell, skip func(i int, d ast.Decl) bool) []goFile {
	var order []int
	for i := range cells {
		order = append(order, i)
	}
	sort.Ints(order)
	owner := map[string]int{}
	imports := map[string]bool{}
	var importList []string
	for _, i := range order {
		c := cells[i]
		if c.err != nil {
			continue
		}
		for _, d := range c.file.Decls {
			for _, k := range declKeys(d) {
				owner[k] = i
			}
		}
		for _, im := range c.file.Imports {
			s := im.Path.Value
			if im.Name != nil {
				s = im.Name.Name + " " + s
			}
			if !imports[s] {
				imports[s] = true
				importList = append(importList, s)
			}
		}
	}
	var files []goFile
	for _, i := range order {
		c := cells[i]
		if c.err != nil {
			continue
		}
		text := []byte(header + c.decl)
		for _, d := range c.file.Decls {
			drop := false
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				drop = true
			}
			if f, ok := d.(*ast.FuncDecl); ok && f.Recv == nil && f.Name.Name == "main" {
				drop = true
			}
			if keys := declKeys(d); len(keys) > 0 && !slices.ContainsFunc(keys, func(k string) bool { return owner[k] == i }) {
				drop = true // every name it declares is declared again later
			}
			if skip != nil && skip(i, d) {
				drop = true
			}
			if drop {
				blank(text, c.fset, declStart(d), d.End())
			}
		}
		var b strings.Builder
		b.WriteString("package main\n\nimport (\n")
		for _, s := range importList {
			b.WriteString("\t" + s + "\n")
		}
		b.WriteString(")\n\n")
		fmt.Fprintf(&b, "//line %s%d.go:1\n", prefix, i)
		b.Write(text[len(header):])
		files = append(files, goFile{name: fmt.Sprintf("%s%03d.go", prefix, i), text: b.String()})
	}
	return files
}

func declStart(d ast.Decl) token.Pos {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Doc != nil {
			return d.Doc.Pos()
		}
	case *ast.GenDecl:
		if d.Doc != nil {
			return d.Doc.Pos()
		}
	}
	return d.Pos()
}

// blank replaces text[from:to] by spaces, keeping its newlines.
func blank(text []byte, fset *token.FileSet, from, to token.Pos) {
	a, b := fset.Position(from).Offset, fset.Position(to).Offset
	for k := a; k < b && k < len(text); k++ {
		if text[k] != '\n' {
			text[k] = ' '
		}
	}
}

// AnswerFunc is a function of an answer cell: the checker calls it in the
// student's program.
type AnswerFunc struct {
	Name    string
	Params  []string // types, one per parameter
	Results []string
	Sig     string // as the source declares it, for messages: "func huber(r, delta float64) float64"
}

// funcType is the type the student's function must have: "func(float64, float64) float64".
func (f AnswerFunc) funcType() string {
	s := "func(" + strings.Join(f.Params, ", ") + ")"
	switch len(f.Results) {
	case 0:
	case 1:
		s += " " + f.Results[0]
	default:
		s += " (" + strings.Join(f.Results, ", ") + ")"
	}
	return s
}

// AnswerFuncs reads the functions of an answer cell (nbgrader solution:
// true). A student's answer runs in a process of its own, and the checker
// calls it through a pipe: so an answer cell may declare only functions
// (and imports), whose parameters and results are values that can cross
// the pipe (see package answers). The error says what to change.
func AnswerFuncs(src string) ([]AnswerFunc, error) {
	c := readCell(src)
	if c.hasMain {
		return nil, errors.New("an answer cell must declare its answers as functions, not run code (it has a %% line): the grader calls the functions")
	}
	if c.err != nil {
		return nil, fmt.Errorf("cannot read the cell as Go: %v", c.err)
	}
	var out []AnswerFunc
	for _, d := range c.file.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			return nil, fmt.Errorf("line %d: an answer cell may declare only functions (the grader calls them in the student's program, apart from the checks); move this %s to a cell of its own", c.fset.Position(d.Pos()).Line-1, d.Tok)
		case *ast.FuncDecl:
			f, err := answerFunc(c.fset, d)
			if err != nil {
				return nil, fmt.Errorf("line %d, %s: %v", c.fset.Position(d.Pos()).Line-1, d.Name.Name, err)
			}
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("an answer cell must declare at least one function (the grader calls it)")
	}
	return out, nil
}

func answerFunc(fset *token.FileSet, d *ast.FuncDecl) (AnswerFunc, error) {
	f := AnswerFunc{Name: d.Name.Name}
	if d.Recv != nil {
		return f, errors.New("a method cannot be an answer: write a plain function")
	}
	if d.Type.TypeParams != nil {
		return f, errors.New("a generic function cannot be an answer: give it concrete types")
	}
	var sig bytes.Buffer
	printer.Fprint(&sig, fset, &ast.FuncDecl{Name: d.Name, Type: d.Type})
	f.Sig = sig.String()
	list := func(fl *ast.FieldList, what string) ([]string, error) {
		var out []string
		if fl == nil {
			return nil, nil
		}
		for _, field := range fl.List {
			var b bytes.Buffer
			printer.Fprint(&b, fset, field.Type)
			if _, ok := field.Type.(*ast.Ellipsis); ok {
				return nil, fmt.Errorf("its %s %s is variadic: take a slice instead", what, b.String())
			}
			if !serialisable(field.Type) {
				return nil, fmt.Errorf("its %s of type %s cannot be sent between the checker and the student's program: use numbers, strings, booleans, or slices, arrays and maps of them", what, b.String())
			}
			for range max(1, len(field.Names)) {
				out = append(out, b.String())
			}
		}
		return out, nil
	}
	var err error
	if f.Params, err = list(d.Type.Params, "parameter"); err != nil {
		return f, err
	}
	f.Results, err = list(d.Type.Results, "result")
	return f, err
}

// serialisable says whether a type expression is one of answers.BasicTypes,
// or a slice, array or map of them.
func serialisable(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.Ident:
		return slices.Contains(answers.BasicTypes, t.Name)
	case *ast.ParenExpr:
		return serialisable(t.X)
	case *ast.ArrayType:
		return serialisable(t.Elt)
	case *ast.MapType:
		k, ok := t.Key.(*ast.Ident)
		return ok && slices.Contains(answers.BasicTypes, k.Name) && serialisable(t.Value)
	}
	return false
}

// stub is the checker's version of an answer function: it calls the
// student's function of the same name through the pipe.
func stub(f AnswerFunc) string {
	var b strings.Builder
	var params, args []string
	for i, p := range f.Params {
		params = append(params, fmt.Sprintf("lossnbArg%d %s", i, p))
		args = append(args, fmt.Sprintf("lossnbArg%d", i))
	}
	var results []string
	for i, r := range f.Results {
		results = append(results, fmt.Sprintf("lossnbOut%d %s", i, r))
	}
	fmt.Fprintf(&b, "func %s(%s) (%s) {\n", f.Name, strings.Join(params, ", "), strings.Join(results, ", "))
	var outs []string
	for i := range f.Results {
		outs = append(outs, fmt.Sprintf("&lossnbOut%d", i))
	}
	call := []string{strconv.Quote(f.Name), "[]any{" + strings.Join(args, ", ") + "}"}
	fmt.Fprintf(&b, "\tlossnbanswers.Call(%s)\n\treturn\n}\n", strings.Join(append(call, outs...), ", "))
	return b.String()
}

// checkerFiles writes the checker: the source's declarations, a stub for
// each answer function, each check cell's body as a function, and a main
// that runs them (answers.Check).
func checkerFiles(src *Notebook, funcs map[int][]AnswerFunc) ([]goFile, []string, error) {
	cells := map[int]*goCell{}
	var checks []int
	for i, c := range src.Cells {
		if c.Type != "code" {
			continue
		}
		gc := readCell(c.Source)
		if gc.err != nil {
			return nil, nil, fmt.Errorf("%s: cannot read it as Go: %v", c.name(i), gc.err)
		}
		if _, isAnswer := funcs[i]; isAnswer {
			continue
		}
		cells[i] = gc
		if c.isTest() {
			checks = append(checks, i)
		}
	}
	files := declFiles("cell", cells, nil)
	var stubs strings.Builder
	stubs.WriteString("package main\n\nimport " + answersImport + "\n\n")
	for _, i := range sortedKeys(funcs) {
		for _, f := range funcs[i] {
			stubs.WriteString(stub(f) + "\n")
		}
	}
	files = append(files, goFile{name: "zz_stubs.go", text: stubs.String()})
	var main strings.Builder
	main.WriteString("package main\n\nimport " + answersImport + "\n\nfunc main() {\n\tlossnbanswers.Check([]lossnbanswers.Cell{\n")
	var ids []string
	for _, i := range checks {
		id := src.Cells[i].Meta.GradeID
		ids = append(ids, id)
		fmt.Fprintf(&main, "\t\t{ID: %q, Run: lossnbCheck%d},\n", id, i)
		var body strings.Builder
		body.WriteString("package main\n\n")
		fmt.Fprintf(&body, "func lossnbCheck%d() {\n", i)
		fmt.Fprintf(&body, "//line check-%s.go:%d\n", id, cells[i].bodyAt)
		body.WriteString(cells[i].body)
		body.WriteString("}\n")
		// The body's imports are the other cells' (goimports adds what is missing).
		text := body.String()
		if len(files) > 0 {
			imp := files[0].text[strings.Index(files[0].text, "import (") : strings.Index(files[0].text, ")\n\n")+2]
			text = "package main\n\n" + imp + "\n" + strings.TrimPrefix(text, "package main\n\n")
		}
		files = append(files, goFile{name: fmt.Sprintf("check%03d.go", i), text: text})
	}
	main.WriteString("\t})\n}\n")
	files = append(files, goFile{name: "zz_main.go", text: main.String()})
	return files, ids, nil
}

// studentFiles writes a student's program: the declarations of every cell
// but the checks (the source's locked cells and the student's own), the
// registration of each answer function the student's code has with the
// assignment's signature, and a main that serves them (answers.Serve).
// dropped leaves out cells that did not compile; unregistered, answers
// whose registration did not compile.
func studentFiles(cells map[int]*goCell, funcs []AnswerFunc, dropped map[int]bool, unregistered map[string]bool) []goFile {
	keep := map[int]*goCell{}
	for i, c := range cells {
		if !dropped[i] {
			keep[i] = c
		}
	}
	files := declFiles("cell", keep, nil)
	files = append(files, goFile{name: "zz_main.go", text: "package main\n\nimport " + answersImport + "\n\nfunc main() { lossnbanswers.Serve() }\n"})
	defined := map[string]bool{}
	for _, c := range keep {
		if c.err == nil {
			for _, d := range c.file.Decls {
				if f, ok := d.(*ast.FuncDecl); ok && f.Recv == nil {
					defined[f.Name.Name] = true
				}
			}
		}
	}
	for _, f := range funcs {
		if !defined[f.Name] || unregistered[f.Name] {
			continue
		}
		files = append(files, goFile{name: "zz_reg_" + f.Name + ".go", text: fmt.Sprintf(
			"package main\n\nimport %s\n\nfunc init() { lossnbanswers.Register(%q, (%s)(%s)) }\n", answersImport, f.Name, f.funcType(), f.Name)})
	}
	return files
}

func sortedKeys[V any](m map[int]V) []int {
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}
