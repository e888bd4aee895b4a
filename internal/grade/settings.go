package grade

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// CheckSettings finds, in a check cell, the exercise settings an instructor
// can get wrong when they are written out as literals: empty Points, NaN or
// ±Inf in points or data, negative or NaN tolerances, nil references, empty
// datasets, a Choice with no options or a Key not among them. The checks
// refuse the same settings when they run (package exercise); this finds
// them when the release is made, with the line and the field named.
func CheckSettings(src string) error {
	c := readCell(src)
	body := c.body
	if !c.hasMain {
		return nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "check.go", "package main\nfunc main() {\n"+body+"\n}\n", parser.SkipObjectResolution)
	if err != nil {
		return nil // the build of the checker reports it with its place
	}
	var problems []string
	report := func(n ast.Node, fn, format string, args ...any) {
		line := fset.Position(n.Pos()).Line - 2 + c.bodyAt - 1
		problems = append(problems, fmt.Sprintf("line %d: exercise.%s: %s", line, fn, fmt.Sprintf(format, args...)))
	}
	// Where each check takes its reference and its data (argument indexes).
	refArg := map[string]int{"CheckRegressionLoss": 4, "CheckMarginLoss": 4, "CheckFunc": 3, "CheckFit": 3, "CheckMinimizer": 4}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !isIdent(sel.X, "exercise") {
			return true
		}
		fn := sel.Sel.Name
		if k, ok := refArg[fn]; ok && k < len(call.Args) && isIdent(call.Args[k], "nil") {
			name := "ref"
			if fn == "CheckFunc" {
				name = "want"
			}
			report(call, fn, "%s is nil", name)
		}
		switch {
		case fn == "CheckFit" && len(call.Args) > 4:
			if lit, ok := call.Args[4].(*ast.CompositeLit); ok {
				if len(lit.Elts) == 0 {
					report(lit, fn, "datasets is empty")
				}
				for i, e := range lit.Elts {
					if d, ok := e.(*ast.CompositeLit); ok && len(d.Elts) == 0 {
						report(d, fn, "datasets[%d] is empty", i)
					}
					if j := nonFinite(e); j >= 0 {
						report(e, fn, "datasets[%d][%d] is not a finite number", i, j)
					}
				}
			}
		case fn == "CheckMinimizer" && len(call.Args) > 3:
			if lit, ok := call.Args[3].(*ast.CompositeLit); ok {
				if len(lit.Elts) == 0 {
					report(lit, fn, "ys is empty")
				}
				if j := nonFinite(lit); j >= 0 {
					report(lit, fn, "ys[%d] is not a finite number", j)
				}
			}
		}
		for _, a := range call.Args {
			lit := unaddr(a)
			if lit == nil {
				continue
			}
			switch {
			case isSel(lit.Type, "exercise", "Options"):
				checkOptionsLit(lit, func(format string, args ...any) { report(lit, fn, format, args...) })
			case isSel(lit.Type, "exercise", "Choice"):
				checkChoiceLit(lit, func(format string, args ...any) { report(lit, fn, format, args...) })
			}
		}
		return true
	})
	if len(problems) > 0 {
		return fmt.Errorf("exercise settings that cannot grade (the check would refuse them):\n    %s", strings.Join(problems, "\n    "))
	}
	return nil
}

func checkOptionsLit(lit *ast.CompositeLit, report func(string, ...any)) {
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch key := identName(kv.Key); key {
		case "Points":
			if p, ok := kv.Value.(*ast.CompositeLit); ok {
				if len(p.Elts) == 0 {
					report("Options.Points is empty (nil gives the default grid)")
				}
				if j := nonFinite(p); j >= 0 {
					report("Options.Points[%d] is not a finite number", j)
				}
			}
		case "Tol", "FDTol":
			if u, ok := kv.Value.(*ast.UnaryExpr); ok && u.Op == token.SUB {
				report("Options.%s is negative, want ≥ 0 (0 for the default)", key)
			}
			if isNonFiniteCall(kv.Value) {
				report("Options.%s is not a finite number, want ≥ 0", key)
			}
		}
	}
}

func checkChoiceLit(lit *ast.CompositeLit, report func(string, ...any)) {
	var options []string
	hasOptions, key := false, ""
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch identName(kv.Key) {
		case "Options":
			hasOptions = true
			if o, ok := kv.Value.(*ast.CompositeLit); ok {
				if len(o.Elts) == 0 {
					report("Choice.Options is empty")
				}
				for _, x := range o.Elts {
					if b, ok := x.(*ast.BasicLit); ok && b.Kind == token.STRING {
						s, _ := strconv.Unquote(b.Value)
						options = append(options, normalizeChoice(s))
					} else {
						options = nil // not all literals: cannot tell
						break
					}
				}
			}
		case "Key":
			if b, ok := kv.Value.(*ast.BasicLit); ok && b.Kind == token.STRING {
				key, _ = strconv.Unquote(b.Value)
			}
		}
	}
	if !hasOptions {
		report("Choice.Options is empty")
	}
	if key != "" && len(options) > 0 && !slices.Contains(options, normalizeChoice(key)) {
		report("Choice.Key = %q is not one of Choice.Options (%s)", key, strings.Join(options, ", "))
	}
}

// normalizeChoice is exercise's comparison of answers: no case, spaces, or
// trailing "." or ")".
func normalizeChoice(s string) string {
	return strings.ToUpper(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ".)")))
}

// nonFinite returns the index of the first element of a literal written as
// math.NaN() or math.Inf(…), or -1.
func nonFinite(e ast.Expr) int {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return -1
	}
	for i, x := range lit.Elts {
		if isNonFiniteCall(x) {
			return i
		}
	}
	return -1
}

func isNonFiniteCall(e ast.Expr) bool {
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = u.X
	}
	c, ok := e.(*ast.CallExpr)
	return ok && (isSel(c.Fun, "math", "NaN") || isSel(c.Fun, "math", "Inf"))
}

func unaddr(e ast.Expr) *ast.CompositeLit {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func identName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func isSel(e ast.Expr, x, name string) bool {
	s, ok := e.(*ast.SelectorExpr)
	return ok && isIdent(s.X, x) && s.Sel.Name == name
}
