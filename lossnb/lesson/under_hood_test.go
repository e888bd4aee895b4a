package lesson

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// TestUnderHoodCells: each notebook's "Under the hood" cell declares, word for
// word, the function of this package with a lower-case name; a cell edited
// without the function (or the reverse) would leave the tests below checking
// code the student never sees.
func TestUnderHoodCells(t *testing.T) {
	for _, c := range []struct{ nb, file, fn, lower string }{
		{"01-key-idea.ipynb", "keyidea_under_hood.go", "BestConstantByGrid", "bestConstantByGrid"},
		{"02-probabilistic-story.ipynb", "probabilistic_under_hood.go", "ECEByHand", "eceByHand"},
		{"03-robust-and-influence.ipynb", "robust_under_hood.go", "SlopeInfluenceByRefit", "slopeInfluenceByRefit"},
		{nb04, "focal_under_hood.go", "AveragePrecisionByRank", "averagePrecisionByRank"},
		{nb05, "adversarial_under_hood.go", "GameValueBySum", "gameValueBySum"},
		{nb06, "contrastive_under_hood.go", "InfoNCEByHand", "infoNCEByHand"},
		{nb07, "ranking_under_hood.go", "NDCGByHand", "ndcgByHand"},
	} {
		want := funcSource(t, c.file, c.fn)
		lower := c.lower
		want = strings.Replace(want, "func "+c.fn+"(", "func "+lower+"(", 1)
		want = strings.Replace(want, "// "+c.fn+" ", "// "+lower+" ", 1)
		found := false
		for _, cell := range readCells(t, c.nb) {
			if strings.Contains(cell.Source, "func "+lower+"(") {
				found = true
				if got := strings.TrimSpace(cell.Source); got != want {
					t.Errorf("%s: the cell declaring %s differs from %s's %s:\n--- cell\n%s\n--- want\n%s", c.nb, lower, c.file, c.fn, got, want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no cell declares %s", c.nb, lower)
		}
	}
}

// funcSource returns the doc comment and declaration of function fn in file,
// as written.
func funcSource(t *testing.T, file, fn string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == fn && fd.Doc != nil {
			return string(src[fset.Position(fd.Doc.Pos()).Offset:fset.Position(fd.End()).Offset])
		}
	}
	t.Fatalf("%s: no documented func %s", file, fn)
	return ""
}

// TestBestConstantByGrid: the grid search lands within a grid step of
// BestConstants' minimisers (mean, median, 0.9-quantile) on notebook 01's
// sample; a wrong sign in y − c or a grid that stops short would not.
func TestBestConstantByGrid(t *testing.T) {
	ys := SkewedSample(500)
	best, err := BestConstants(ys, []float64{0.9})
	if err != nil {
		t.Fatal(err)
	}
	for i, rho := range []func(float64) float64{loss.Squared{}.Value, loss.Absolute{}.Value, loss.Pinball{Tau: 0.9}.Value} {
		got := BestConstantByGrid(ys, rho, 0, 5, 0.001)
		// The MAE and pinball losses are flat between two data points: the
		// grid's first point there may differ from the minimiser by a gap.
		if math.Abs(got-best[i].Value) > 0.005 {
			t.Errorf("%s: grid %v, BestConstants %v", best[i].Loss, got, best[i].Value)
		}
	}
}

// ceProbs returns the cross-entropy model's probabilities and labels on
// notebook 02's test set, as the notebook's cell computes them.
func ceProbs(t *testing.T) (p, y []float64) {
	x, yy, err := BinaryData(500, 3, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	xt, yt, err := BinaryData(5000, 3, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	m, err := fit.Logistic(x, yy, loss.Logistic{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.Predict(xt)
	if err != nil {
		t.Fatal(err)
	}
	p = make([]float64, len(s))
	for i, v := range s {
		p[i] = 1 / (1 + math.Exp(-v))
	}
	return p, yt
}

// TestECEByHand: the long way gives Calibrate's ECE and CalibrationModels'
// cross-entropy ECE (0.019 in the prose) exactly; a bin index off by one
// or unweighted bins would not.
func TestECEByHand(t *testing.T) {
	p, y := ceProbs(t)
	r, err := Calibrate(p, y, 10)
	if err != nil {
		t.Fatal(err)
	}
	models, err := CalibrationModels(500, 5000)
	if err != nil {
		t.Fatal(err)
	}
	got := ECEByHand(p, y, 10)
	if !scalar.EqualWithinAbsOrRel(got, r.ECE, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(got, models[0].ECE, 1e-12, 1e-12) {
		t.Errorf("ECEByHand %v, Calibrate %v, CalibrationModels %v", got, r.ECE, models[0].ECE)
	}
}

// TestSlopeInfluenceByRefit: the refit by hand agrees with
// LinearInfluenceTable's −H⁻¹∇ℓ for MSE and Huber at notebook 03's points
// (the outlier at y = 20); weights changed by eps instead of eps·n would be
// off by a factor of 20.
func TestSlopeInfluenceByRefit(t *testing.T) {
	d, err := NewOutlierData(20, -10, 30, 41)
	if err != nil {
		t.Fatal(err)
	}
	d.Y[d.Point] = 20
	rows, err := LinearInfluenceTable(20, []int{0, 10, 19})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		var l loss.Regression
		switch row.Loss {
		case "MSE":
			l = loss.Squared{}
		case "Huber":
			l = RobustHuber
		default:
			continue
		}
		got, err := SlopeInfluenceByRefit(d.X, d.Y, l, row.Point, 1e-4)
		if err != nil {
			t.Fatal(err)
		}
		if !scalar.EqualWithinAbsOrRel(got, row.Analytic, 1e-4, 1e-4) {
			t.Errorf("%s point %d: refit %v, −H⁻¹∇ℓ %v", row.Loss, row.Point, got, row.Analytic)
		}
	}
}
