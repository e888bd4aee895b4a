package symbols

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/apicheck"
)

// TestSymbolsUpToDate compares the extracted symbols with the exported
// names declared in each package's source: a function added to lesson (or
// removed from it) without `go generate ./lossnb/lite/symbols` fails here,
// not in a student's browser. Generic functions cannot be extracted and are
// left out (package lite supplies nb.Must itself).
func TestSymbolsUpToDate(t *testing.T) {
	for _, pkg := range []string{"loss", "fit", "chart", "figure", "nb", "metric", "optim", "lesson/common", "lesson/keyidea", "lesson/likelihood", "lesson/robust", "lesson/surrogate", "lesson/adversarial", "lesson/contrastive", "lesson/ranking", "exercise"} {
		dir := filepath.Join("..", "..", pkg)
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", dir, err)
		}
		want := map[string]bool{}
		fset := token.NewFileSet()
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(src), "//go:build") && !strings.Contains(string(src), "//go:build !") {
				continue // a file for other platforms
			}
			af, err := parser.ParseFile(fset, f, src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range af.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && d.Name.IsExported() && d.Type.TypeParams == nil {
						want[d.Name.Name] = true
					}
				case *ast.GenDecl:
					for _, sp := range d.Specs {
						switch sp := sp.(type) {
						case *ast.TypeSpec:
							if sp.Name.IsExported() {
								want[sp.Name.Name] = true
							}
						case *ast.ValueSpec:
							for _, n := range sp.Names {
								if n.IsExported() {
									want[n.Name] = true
								}
							}
						}
					}
				}
			}
		}
		got := map[string]bool{}
		for name := range Symbols["github.com/lossnb/lossnb/lossnb/"+pkg+"/"+path.Base(pkg)] {
			if !strings.HasPrefix(name, "_") {
				got[name] = true
			}
		}
		missing, extra := apicheck.Diff(want, got)
		if len(missing)+len(extra) > 0 {
			t.Errorf("package %s: symbols out of date (run go generate ./lossnb/lite/symbols): missing %v, gone %v", pkg, missing, extra)
		}
	}
}
