package loss

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// Every exported identifier of the package has a doc comment that go doc
// shows (a comment attached to the wrong declaration, as NDCG's once was
// to a constant, counts as missing).
func TestEveryExportedIdentifierIsDocumented(t *testing.T) {
	fset := token.NewFileSet()
	files := parsePackage(t, fset, parser.ParseComments)
	{
		for _, f := range files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Name.IsExported() && d.Doc == nil {
						t.Errorf("%s: func %s has no doc comment", fset.Position(d.Pos()), d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() && d.Doc == nil && s.Doc == nil {
								t.Errorf("%s: type %s has no doc comment", fset.Position(s.Pos()), s.Name.Name)
							}
						case *ast.ValueSpec:
							for _, nm := range s.Names {
								if nm.IsExported() && s.Doc == nil && s.Comment == nil && (d.Doc == nil || len(d.Specs) > 1) {
									t.Errorf("%s: %s has no doc comment", fset.Position(nm.Pos()), nm.Name)
								}
							}
						}
					}
				}
			}
		}
	}
}
