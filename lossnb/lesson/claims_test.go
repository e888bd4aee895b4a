package lesson

// The numbers that the notebooks' prose states, each computed with lossnb and
// checked, together with the sentence that states it: when either the prose or
// the code changes, this fails and says which claim no longer holds.

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// prose returns the markdown of a notebook in notebooks/, with line breaks folded
// to spaces so that a phrase may span lines.
func prose(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var sb strings.Builder
	for _, c := range nb.Cells {
		if c.CellType != "markdown" {
			continue
		}
		var lines []string
		if err := json.Unmarshal(c.Source, &lines); err != nil {
			var s string
			if err := json.Unmarshal(c.Source, &s); err != nil {
				t.Fatalf("%s: cell source: %v", name, err)
			}
			lines = []string{s}
		}
		sb.WriteString(strings.Join(lines, ""))
		sb.WriteString("\n")
	}
	return strings.Join(strings.Fields(sb.String()), " ")
}

// claim checks that text states phrase and that got equals want within tol.
func claim(t *testing.T, text, phrase string, got, want, tol float64) {
	t.Helper()
	if !strings.Contains(text, phrase) {
		t.Errorf("the notebook no longer says %q: update this test with the prose", phrase)
	}
	if math.IsNaN(got) || !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
		t.Errorf("%q: computed %v, the prose says %v", phrase, got, want)
	}
}

func TestClaims01KeyIdea(t *testing.T) {
	text := prose(t, "01-key-idea.ipynb")
	h, err := loss.NewHuber(0.5)
	if err != nil {
		t.Fatal(err)
	}
	sq, abs := loss.Squared{}, loss.Absolute{}
	claim(t, text, "multiplies the MSE by 100", sq.Value(10)/sq.Value(1), 100, 1e-12)
	claim(t, text, "the MAE by 10", abs.Value(10)/abs.Value(1), 10, 1e-12)
	claim(t, text, "Huber's charge by 13 at $\\delta = 0.5$", h.Value(10)/h.Value(1), 13, 1e-12)
	// "caps the pull at δ": Huber's ψ never exceeds δ in size, wherever r is.
	for _, r := range []float64{-1e6, -3, -0.5, 0.5, 3, 1e6} {
		if math.Abs(h.Deriv(r)) > 0.5 {
			t.Errorf("Huber(δ=0.5) pulls %v at r = %v, the prose says the pull is capped at δ", h.Deriv(r), r)
		}
	}
	claim(t, text, "caps the pull at $\\delta$", math.Abs(h.Deriv(1e6)), 0.5, 0)
}

func TestClaims01Logits(t *testing.T) {
	text := prose(t, "01-key-idea.ipynb")
	rows, err := BCEStability([]float64{40, 800})
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "has a true loss of 40", rows[0].Exact, 40, 1e-15)
	claim(t, text, "$\\sigma(40)$ rounds to exactly 1 in float64", rows[0].P, 1, 0)
	claim(t, text, "its safety clamp, 100", rows[0].ViaProb, 100, 0)
	claim(t, text, "At logit 800 the clamp reports 100 for a true loss of 800", rows[1].ViaProb, 100, 0)
	claim(t, text, "At logit 800 the clamp reports 100 for a true loss of 800", rows[1].ViaLogit, 800, 1e-15)
	if !strings.Contains(text, "the textbook formula returns NaN") || !math.IsNaN(NaiveSoftmaxCE([]float64{1000, 0, 0}, 0)) {
		t.Error(`"the textbook formula returns NaN" no longer holds or is no longer said`)
	}
	ce, err := loss.CrossEntropy([]float64{1000, 0, 0}, 3, []int{0}, loss.CEOptions{})
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "a loss of (almost) zero for a confident, correct prediction", ce, 0, 1e-300)
	claim(t, text, "Hinge's slope is exactly zero past margin 1", loss.Hinge{}.Deriv(1+1e-9), 0, 0)
	claim(t, text, "The 0/1 loss has slope zero everywhere", loss.ZeroOne{}.Deriv(-0.3), 0, 0)
}

func TestClaims01OutlierAndPredictions(t *testing.T) {
	text := prose(t, "01-key-idea.ipynb")
	d, err := NewOutlierData(20, -10, 30, 41)
	if err != nil {
		t.Fatal(err)
	}
	_, _, sweep, err := Outlier(d, d.Y[d.Point])
	if err != nil {
		t.Fatal(err)
	}
	at := func(l, k int) float64 { f := sweep.Fits[l][k]; return f.Intercept + 10*f.Coef[0] }
	k10, k30 := nearest(d.Values, 10), nearest(d.Values, 30)
	claim(t, text, "the MSE line's prediction at $x = 10$ rises by 3.71", math.Round(100*(at(0, k30)-at(0, k10)))/100, 3.71, 1e-12)
	for l := 1; l <= 2; l++ {
		claim(t, text, "(they move by less than 0.001)", math.Min(math.Abs(at(l, k30)-at(l, k10)), 0.001), math.Abs(at(l, k30)-at(l, k10)), 0)
	}
	claim(t, text, "($\\delta = 1.345$)", OutlierHuber.Delta, 1.345, 0)

	best, err := BestConstants(SkewedSample(500), []float64{0.9})
	if err != nil {
		t.Fatal(err)
	}
	round := func(v float64) float64 { return math.Round(100*v) / 100 }
	claim(t, text, "have mean 1.60", round(best[0].Value), 1.60, 1e-12)
	claim(t, text, "median 1.01", round(best[1].Value), 1.01, 1e-12)
	claim(t, text, "0.9-quantile 3.16", round(best[2].Value), 3.16, 1e-12)
}

func TestClaims01Exercises(t *testing.T) {
	text := prose(t, "01-key-idea.ipynb")
	pts := exercise.DefaultPoints()
	claim(t, text, "at 41 residuals from −5 to 5", float64(len(pts)), 41, 0)
	claim(t, text, "at 41 residuals from −5 to 5", pts[0], -5, 0)
	claim(t, text, "at 41 residuals from −5 to 5", pts[len(pts)-1], 5, 0)
	// Exercise 3a's data: the MAE fit of 2, 3, 5, 8, 40 is their median, 5.
	r, err := fit.Location([]float64{2, 3, 5, 8, 40}, loss.Absolute{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "late by $y = 2, 3, 5, 8, 40$ minutes", r.Location, 5, 0)
}
