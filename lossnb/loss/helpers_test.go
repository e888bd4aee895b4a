package loss

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
)

// close reports |got − want| ≤ tol·max(1, |want|) (absolute near 0,
// relative elsewhere); exact for infinities.
func near(got, want, tol float64) bool {
	if math.IsInf(want, 0) || math.IsInf(got, 0) {
		return got == want
	}
	return scalar.EqualWithinAbsOrRel(got, want, tol, tol)
}

func assertNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || !near(got, want, tol) {
		t.Errorf("%s = %.17g, want %.17g (tol %g)", what, got, want, tol)
	}
}

func assertFinite(t *testing.T, what string, x ...float64) {
	t.Helper()
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%s[%d] = %v, want finite", what, i, v)
		}
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// mk unwraps a constructor result in test setup; valid arguments only.
func mk[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// wantErr checks that err is non-nil and its message contains every part.
func wantErr(t *testing.T, what string, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: got nil error, want one containing %q", what, parts)
		return
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not contain %q", what, err, p)
		}
	}
}

var central = &fd.Settings{Formula: fd.Central, Step: 1e-6}

// numDeriv is the central finite difference of f at x, with a step scaled to |x|.
func numDeriv(f func(float64) float64, x float64) float64 {
	s := *central
	s.Step = 1e-6 * math.Max(1, math.Abs(x))
	return fd.Derivative(f, x, &s)
}

// checkGrad compares an analytic gradient with fd.Gradient (central).
func checkGrad(t *testing.T, what string, f func([]float64) float64, x, grad []float64, tol float64) {
	t.Helper()
	num := fd.Gradient(nil, f, x, central)
	for i := range grad {
		if !near(grad[i], num[i], tol) {
			t.Errorf("%s: grad[%d] = %.12g, finite difference %.12g", what, i, grad[i], num[i])
		}
	}
}

func randVec(rng *rand.Rand, n int, scale float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = scale * rng.NormFloat64()
	}
	return x
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

// parsePackage parses the package's non-test Go files (those go build would
// compile here), as parser.ParseDir did before its deprecation.
func parsePackage(t *testing.T, fset *token.FileSet, mode parser.Mode) []*ast.File {
	t.Helper()
	bp, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, mode)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}
