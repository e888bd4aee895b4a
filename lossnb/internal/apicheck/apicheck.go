// Package apicheck calls every exported function of a lossnb package with
// the inputs a careless user passes (nil and empty slices, mismatched
// lengths, NaN, ±Inf, 1e308, subnormals, out-of-domain parameters, bad
// labels) and fails a test on a panic, a hang, a silent NaN, an accepted
// bad input, or an error that does not name the function, the argument and
// the value. Its Guard lists the exported API from the package's source
// with go/ast, so a new function without an entry fails the test.
package apicheck

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
)

// Exported returns the exported functions and the exported methods of
// exported types declared in the non-test .go files of dir, keyed "Func" or
// "Type.Method", with their parameter names (receiver excluded; an unnamed
// parameter is "_"). The files are those go/build selects for this platform.
func Exported(dir string) (map[string][]string, error) {
	bp, err := build.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	out := map[string][]string{}
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			key := fd.Name.Name
			if fd.Recv != nil {
				t := fd.Recv.List[0].Type
				if s, ok := t.(*ast.StarExpr); ok {
					t = s.X
				}
				if ix, ok := t.(*ast.IndexExpr); ok {
					t = ix.X
				}
				id, ok := t.(*ast.Ident)
				if !ok || !id.IsExported() {
					continue
				}
				key = id.Name + "." + key
			}
			var names []string
			for _, fl := range fd.Type.Params.List {
				if len(fl.Names) == 0 {
					names = append(names, "_")
				}
				for _, n := range fl.Names {
					names = append(names, n.Name)
				}
			}
			out[key] = names
		}
	}
	return out, nil
}

// Guard fails t for every exported function or method of the package in dir
// that is not in covered, and for every name in covered that the package
// does not export (a stale entry).
func Guard(t *testing.T, dir string, covered []string) map[string][]string {
	t.Helper()
	api, err := Exported(dir)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, c := range covered {
		have[c] = true
	}
	missing, stale := Diff(api, have)
	for _, k := range missing {
		t.Errorf("%s is exported but has no bad-input entry: add one", k)
	}
	for _, k := range stale {
		t.Errorf("bad-input entry %s names no exported function or method", k)
	}
	return api
}

// Diff returns the keys of a that b lacks and the keys of b that a lacks, each sorted.
func Diff[A, B any](a map[string]A, b map[string]B) (onlyA, onlyB []string) {
	for k := range a {
		if _, ok := b[k]; !ok {
			onlyA = append(onlyA, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			onlyB = append(onlyB, k)
		}
	}
	sort.Strings(onlyA)
	sort.Strings(onlyB)
	return onlyA, onlyB
}

// Spec is one function to walk.
type Spec struct {
	// Name is the key of Exported: "Func" or "Type.Method".
	Name string
	// Fn is the function, or for a method its method expression
	// ((*T).M or T.M) with the receiver first in Args.
	Fn any
	// Args builds a fresh valid call (the receiver first for a method).
	Args func() []any
	// Prefix every error must start with; default "<pkg>.<Name>: ".
	Prefix string
	// Optional parameters may be nil or empty.
	Optional []string
	// FreeLen parameters have a length not tied to another argument.
	FreeLen []string
	// Fixed parameters are not varied (e.g. an io.Writer).
	Fixed []string
	// NoCheck: the function validates nothing (a pointwise Value/Deriv, the
	// documented hot path): NaN or ±Inf in may give NaN out; finite extreme
	// inputs still must not give NaN.
	NoCheck bool
	// Accept lists variant labels (as printed in a failure, e.g.
	// "alpha -Inf") that the function may accept: documented valid values.
	Accept []string
	// NonNeg: the first result is a loss that cannot be negative; a
	// negative value with no error is a wrong answer (CategoricalNLL with
	// log-probabilities above 0 returned one).
	NonNeg bool
	// Bad are extra values of a parameter that must be refused, keyed by
	// parameter name (e.g. invalid loss literals).
	Bad map[string][]any
}

// Timeout bounds one call: a call that takes longer is reported as a hang.
var Timeout = 60 * time.Second

type variant struct {
	label   string
	value   any
	mustErr bool
	needs   []string // the error must contain each
}

// Walk calls s with its valid arguments (it must succeed with no NaN in its
// results), then once per bad variant of each argument.
func Walk(t *testing.T, pkg string, params []string, s Spec) {
	t.Helper()
	fv := reflect.ValueOf(s.Fn)
	ft := fv.Type()
	args := s.Args()
	if len(args) != ft.NumIn() && !ft.IsVariadic() {
		t.Errorf("%s: %d args for %d parameters", s.Name, len(args), ft.NumIn())
		return
	}
	names := params
	if len(args) == len(params)+1 { // a method: the receiver first
		names = append([]string{"receiver"}, params...)
	}
	prefix := s.Prefix
	if prefix == "" {
		prefix = pkg + "." + s.Name + ": "
	}
	if msg := call(fv, args, prefix, variant{label: "valid"}, true, s.NoCheck, s.NonNeg); msg != "" {
		t.Errorf("%s(valid): %s", s.Name, msg)
		return
	}
	in := func(list []string, n string) bool {
		for _, x := range list {
			if x == n {
				return true
			}
		}
		return false
	}
	for i := range args {
		name := names[i]
		if in(s.Fixed, name) {
			continue
		}
		if name == "receiver" && !s.NoCheck {
			// A method on a nil pointer (a result of a fit that failed)
			// must answer with an error, or at least not panic.
			if rt := reflect.TypeOf(args[i]); rt.Kind() == reflect.Pointer {
				returnsErr := ft.NumOut() > 0 && ft.Out(ft.NumOut()-1) == reflect.TypeOf((*error)(nil)).Elem()
				a := s.Args()
				a[i] = reflect.Zero(rt).Interface()
				v := variant{label: "nil receiver", mustErr: returnsErr, needs: []string{"nil"}}
				if msg := call(fv, a, prefix, v, false, s.NoCheck, s.NonNeg); msg != "" {
					t.Errorf("%s(%s): %s", s.Name, v.label, msg)
				}
			}
			if len(s.Bad[name]) == 0 {
				continue
			}
		}
		var typ reflect.Type
		if i < ft.NumIn() && !(ft.IsVariadic() && i >= ft.NumIn()-1) {
			typ = ft.In(i)
		} else {
			typ = reflect.TypeOf(args[i])
		}
		vs := variants(name, typ, args[i], in(s.Optional, name), in(s.FreeLen, name), s.NoCheck)
		if name == "receiver" {
			// A method that validates nothing is only asked to stay finite
			// at extreme valid parameters.
			keep := vs[:0]
			for _, v := range vs {
				if strings.HasSuffix(v.label, " 1e+308") || strings.HasSuffix(v.label, " 5e-324") {
					keep = append(keep, v)
				}
			}
			vs = keep
		}
		for _, b := range s.Bad[name] {
			vs = append(vs, variant{label: fmt.Sprintf("%s = %#v", name, b), value: b, mustErr: true, needs: []string{}})
		}
		for _, v := range vs {
			if in(s.Accept, v.label) {
				v.mustErr = false
			}
			a := s.Args()
			a[i] = v.value
			if msg := call(fv, a, prefix, v, false, s.NoCheck, s.NonNeg); msg != "" {
				t.Errorf("%s(%s): %s", s.Name, v.label, msg)
			}
		}
	}
}

func isDst(name string) bool {
	if name == "dst" {
		return true
	}
	return len(name) > 1 && name[0] == 'd' && (unicode.IsUpper(rune(name[1])) || name == "dx1" || name == "dx2" || name == "dx" || name == "dy")
}

var bigs = []float64{1e308, -1e308, 5e-324, -5e-324}

func variants(name string, typ reflect.Type, valid any, optional, freeLen, noCheck bool) []variant {
	var vs []variant
	add := func(label string, v any, must bool, needs ...string) {
		vs = append(vs, variant{label: name + " " + label, value: v, mustErr: must && !noCheck, needs: needs})
	}
	nameOrEmpty := name + "|empty"
	switch typ.Kind() {
	case reflect.Float64:
		f := reflect.ValueOf(valid).Float()
		_ = f
		conv := func(x float64) any { return reflect.ValueOf(x).Convert(typ).Interface() }
		add("NaN", conv(math.NaN()), true, name, "NaN")
		add("+Inf", conv(math.Inf(1)), true, name, "Inf")
		add("-Inf", conv(math.Inf(-1)), true, name, "Inf")
		for _, b := range append([]float64{-1, 0}, bigs...) {
			add(fmt.Sprint(b), conv(b), false, name)
		}
	case reflect.Int:
		conv := func(x int) any { return reflect.ValueOf(x).Convert(typ).Interface() }
		if typ.PkgPath() != "" && typ.Name() != "int" { // an enum
			add("= 99", conv(99), true, strings.ToLower(typ.Name())+"|"+name, "99")
			add("= -1", conv(-1), true, strings.ToLower(typ.Name())+"|"+name, "-1")
			return vs
		}
		for _, b := range []int{-1, 0, 1 << 30} {
			add(fmt.Sprint(b), conv(b), false, name)
		}
	case reflect.Slice:
		rv := reflect.ValueOf(valid)
		n := 0
		if rv.IsValid() && !rv.IsNil() {
			n = rv.Len()
		}
		add("= nil", reflect.Zero(typ).Interface(), !optional, nameOrEmpty)
		add("= {}", reflect.MakeSlice(typ, 0, 0).Interface(), !optional && !freeLen, nameOrEmpty)
		if n > 1 && !freeLen {
			add("one short", rv.Slice(0, n-1).Interface(), true, name)
		}
		if n == 0 {
			return vs
		}
		el := typ.Elem()
		with := func(f func(e reflect.Value)) any {
			c := reflect.MakeSlice(typ, n, n)
			reflect.Copy(c, rv)
			f(c.Index(0))
			return c.Interface()
		}
		switch {
		case isDst(name) && el.Kind() == reflect.Float64:
			// output: only its length matters
		case el.Kind() == reflect.Float64:
			for _, b := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				needs := []string{name, "NaN"}
				if !math.IsNaN(b) {
					needs[1] = "Inf"
				}
				add(fmt.Sprintf("[0] = %v", b), with(func(e reflect.Value) { e.SetFloat(b) }), true, needs...)
			}
			for _, b := range bigs {
				add(fmt.Sprintf("[0] = %v", b), with(func(e reflect.Value) { e.SetFloat(b) }), false, name)
			}
			// Every element extreme (a whole row at 1e308 overflowed ‖x‖²),
			// with alternating signs so that differences overflow too.
			for _, b := range []float64{1e308, 1e200, 1e-320} {
				c := reflect.MakeSlice(typ, n, n)
				for i := 0; i < n; i++ {
					v := b
					if i%2 == 1 {
						v = -b
					}
					c.Index(i).SetFloat(v)
				}
				add(fmt.Sprintf("all ±%v", b), c.Interface(), false, name)
				c2 := reflect.MakeSlice(typ, n, n)
				for i := 0; i < n; i++ {
					c2.Index(i).SetFloat(b)
				}
				add(fmt.Sprintf("all %v", b), c2.Interface(), false, name)
			}
		case el.Kind() == reflect.Int:
			for _, b := range []int64{-1, 1 << 30} {
				add(fmt.Sprintf("[0] = %v", b), with(func(e reflect.Value) { e.SetInt(b) }), false, name)
			}
		case el.Kind() == reflect.Slice && el.Elem().Kind() == reflect.Float64:
			row := func(f func(r []float64) []float64) any {
				c := reflect.MakeSlice(typ, n, n)
				reflect.Copy(c, rv)
				r0 := append([]float64(nil), c.Index(0).Interface().([]float64)...)
				c.Index(0).Set(reflect.ValueOf(f(r0)))
				return c.Interface()
			}
			add("[0] ragged", row(func(r []float64) []float64 { return append(r, 1) }), true, name)
			if len(rv.Index(0).Interface().([]float64)) > 0 {
				add("[0][0] = NaN", row(func(r []float64) []float64 { r[0] = math.NaN(); return r }), true, name, "NaN")
				add("[0][0] = +Inf", row(func(r []float64) []float64 { r[0] = math.Inf(1); return r }), true, name, "Inf")
				add("[0][0] = 1e308", row(func(r []float64) []float64 { r[0] = 1e308; return r }), false, name)
			}
		}
	case reflect.Pointer:
		if typ.Elem().Kind() == reflect.Struct && reflect.ValueOf(valid).IsValid() && !reflect.ValueOf(valid).IsNil() {
			add("= nil", reflect.Zero(typ).Interface(), !optional, name+"|nil")
			vs = append(vs, structVariants(name, typ.Elem(), reflect.ValueOf(valid).Elem(), true, noCheck)...)
		}
	case reflect.Struct:
		vs = append(vs, structVariants(name, typ, reflect.ValueOf(valid), false, noCheck)...)
	case reflect.Interface, reflect.Func:
		add("= nil", reflect.Zero(typ).Interface(), !optional, name)
	}
	return vs
}

// structVariants varies each exported float64, []float64 and int field.
func structVariants(name string, typ reflect.Type, valid reflect.Value, ptr, noCheck bool) []variant {
	var vs []variant
	for j := 0; j < typ.NumField(); j++ {
		f := typ.Field(j)
		if !f.IsExported() {
			continue
		}
		set := func(label string, x reflect.Value, must bool, needs ...string) {
			c := reflect.New(typ).Elem()
			c.Set(valid)
			c.Field(j).Set(x)
			v := c.Interface()
			if ptr {
				v = c.Addr().Interface()
			}
			vs = append(vs, variant{label: name + "." + f.Name + " " + label, value: v, mustErr: must && !noCheck, needs: needs})
		}
		switch {
		case f.Type.Kind() == reflect.Float64:
			conv := func(x float64) reflect.Value { return reflect.ValueOf(x).Convert(f.Type) }
			set("NaN", conv(math.NaN()), true, f.Name, "NaN")
			set("+Inf", conv(math.Inf(1)), true, f.Name, "Inf")
			for _, b := range append([]float64{-1}, bigs...) {
				set(fmt.Sprint(b), conv(b), false, f.Name)
			}
		case f.Type.Kind() == reflect.Int:
			set("-1", reflect.ValueOf(-1).Convert(f.Type), false, f.Name)
		case f.Type == reflect.TypeOf([]float64(nil)):
			cur := valid.Field(j).Interface().([]float64)
			bad := append([]float64{math.NaN()}, cur...)
			if len(cur) > 0 {
				bad = append([]float64(nil), cur...)
				bad[0] = math.NaN()
			}
			set("[0] = NaN", reflect.ValueOf(bad), true, f.Name)
			set("= {}", reflect.ValueOf([]float64{}), false, f.Name)
		}
	}
	return vs
}

var calls atomic.Int64

// Calls returns how many calls Walk has made in this test binary.
func Calls() int64 { return calls.Load() }

// call runs one call and returns a description of what went wrong, or "".
func call(fv reflect.Value, args []any, prefix string, v variant, valid, noCheck, nonNeg bool) string {
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		if a == nil {
			in[i] = reflect.Zero(fv.Type().In(i))
		} else {
			in[i] = reflect.ValueOf(a)
		}
	}
	type result struct {
		out   []reflect.Value
		panic any
	}
	calls.Add(1)
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: p}
			}
		}()
		done <- result{out: fv.Call(in)}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(Timeout):
		return fmt.Sprintf("no answer after %v (a hang)", Timeout)
	}
	if r.panic != nil {
		return fmt.Sprintf("panic: %v", r.panic)
	}
	var err error
	if n := len(r.out); n > 0 && r.out[n-1].Type() == reflect.TypeOf((*error)(nil)).Elem() {
		if e := r.out[n-1]; !e.IsNil() {
			err = e.Interface().(error)
		}
		r.out = r.out[:n-1]
	}
	if err != nil {
		msg := err.Error()
		if valid {
			return "error on valid input: " + msg
		}
		if !strings.HasPrefix(msg, prefix) {
			return fmt.Sprintf("error %q does not start with %q", msg, prefix)
		}
		for _, need := range v.needs {
			found := false
			for _, alt := range strings.Split(need, "|") {
				if strings.Contains(strings.ToLower(msg), strings.ToLower(alt)) {
					found = true
				}
			}
			if !found {
				return fmt.Sprintf("error %q does not name %q", msg, need)
			}
		}
		return ""
	}
	if v.mustErr {
		return "accepted: no error"
	}
	if noCheck && !valid && strings.Contains(v.label, "Inf") || strings.Contains(v.label, "NaN") && noCheck {
		return ""
	}
	if nonNeg && len(r.out) > 0 && r.out[0].Kind() == reflect.Float64 && r.out[0].Float() < 0 {
		return fmt.Sprintf("a negative loss %v with no error", r.out[0].Float())
	}
	for i, o := range r.out {
		if p := nanPath(o, 0); p != "" {
			return fmt.Sprintf("result %d%s is NaN with no error", i, p)
		}
	}
	for i, a := range in {
		if a.Kind() == reflect.Slice && a.Type().Elem().Kind() == reflect.Float64 {
			for j := 0; j < a.Len(); j++ {
				if math.IsNaN(a.Index(j).Float()) && !strings.Contains(v.label, "NaN") {
					return fmt.Sprintf("argument %d[%d] is NaN after the call, with no error", i, j)
				}
			}
		}
	}
	return ""
}

// nanPath finds a NaN float or a "%!" format error inside v.
func nanPath(v reflect.Value, depth int) string {
	if depth > 6 || !v.IsValid() {
		return ""
	}
	switch v.Kind() {
	case reflect.Float64:
		if math.IsNaN(v.Float()) {
			return " "
		}
	case reflect.String:
		if strings.Contains(v.String(), "%!") {
			return fmt.Sprintf(" (a format error %q)", v.String())
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return ""
		}
		for i := 0; i < v.Len() && i < 10000; i++ {
			if p := nanPath(v.Index(i), depth+1); p != "" {
				return fmt.Sprintf("[%d]%s", i, p)
			}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nanPath(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if p := nanPath(v.Field(i), depth+1); p != "" {
				return "." + v.Type().Field(i).Name + p
			}
		}
	}
	return ""
}

// Fresh returns an Args function giving copies of proto: slices (and the
// rows of a [][]float64) are copied, so a call that writes to one does not
// change the next call's arguments; other values are passed as they are.
func Fresh(proto ...any) func() []any {
	return func() []any {
		out := make([]any, len(proto))
		for i, p := range proto {
			out[i] = clone(p)
		}
		return out
	}
}

func clone(p any) any {
	v := reflect.ValueOf(p)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.IsNil() {
		return p
	}
	c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	for i := 0; i < v.Len(); i++ {
		c.Index(i).Set(reflect.ValueOf(clone(v.Index(i).Interface())))
	}
	return c.Interface()
}
