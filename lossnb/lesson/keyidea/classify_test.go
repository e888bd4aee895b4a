package keyidea

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

func TestClassificationLosses(t *testing.T) {
	c := ClassificationLosses()
	ce, hinge, zo := c.Series[0], c.Series[1], c.Series[2]
	for i, m := range ce.X {
		if want := math.Log1p(math.Exp(-m)); !scalar.EqualWithinAbsOrRel(ce.Y[i], want, 1e-15, 1e-15) {
			t.Fatalf("cross-entropy at m = %v: %v, want %v", m, ce.Y[i], want)
		}
		if want := math.Max(0, 1-m); !scalar.EqualWithinAbsOrRel(hinge.Y[i], want, 1e-15, 1e-15) {
			t.Fatalf("hinge at m = %v: %v, want %v", m, hinge.Y[i], want)
		}
	}
	// The 0/1 step through its corners: 1 up to and at m = 0, then 0.
	wantX, wantY := []float64{-3, 0, 0, 3}, []float64{1, 1, 0, 0}
	for i := range wantX {
		if zo.X[i] != wantX[i] || zo.Y[i] != wantY[i] {
			t.Fatalf("0/1 corners %v, %v; want %v, %v", zo.X, zo.Y, wantX, wantY)
		}
	}
}

func TestKeyIdea(t *testing.T) {
	tg := nbtest.Must(KeyIdea(Deltas, 0.5))(t)
	if len(tg.Views) != 2 || tg.Views[0].Name != "Regression" || tg.Views[1].Name != "Classification" {
		t.Fatalf("views %+v, want Regression and Classification", tg.Views)
	}
	if _, err := KeyIdea(nil, 0.5); err == nil {
		t.Error("KeyIdea(nil deltas): no error")
	}
}

func TestBCEStability(t *testing.T) {
	rows := nbtest.Must(BCEStability([]float64{2, 20, 40, 800}))(t)
	for _, r := range rows {
		if !scalar.EqualWithinAbsOrRel(r.ViaLogit, r.Exact, 1e-15, 1e-15) {
			t.Errorf("Z = %v: via the logit %v, exact %v", r.Z, r.ViaLogit, r.Exact)
		}
	}
	// Small logit: both routes agree.
	if !scalar.EqualWithinAbsOrRel(rows[0].ViaProb, rows[0].Exact, 1e-14, 1e-14) {
		t.Errorf("Z = 2: via the probability %v, exact %v", rows[0].ViaProb, rows[0].Exact)
	}
	// σ(40) rounds to 1 in float64 (1 − σ(40) ≈ 4e-18 < 2⁻⁵³), so the probability
	// route hits PyTorch's clamp log(0) → −100 and reports 100 (PyTorch BCELoss docs).
	for _, i := range []int{2, 3} {
		if rows[i].P != 1 || rows[i].ViaProb != 100 {
			t.Errorf("Z = %v: P = %v, via the probability %v; want P = 1 and the clamp value 100", rows[i].Z, rows[i].P, rows[i].ViaProb)
		}
	}
	if rows[3].Exact != 800 {
		t.Errorf("Z = 800: exact loss %v, want 800", rows[3].Exact)
	}
	if _, err := BCEStability([]float64{math.NaN()}); err == nil {
		t.Error("BCEStability(NaN): no error")
	}
}

func TestNaiveSoftmaxCE(t *testing.T) {
	small := []float64{2, 1, 0}
	want := nbtest.Must(loss.CrossEntropy(small, 3, []int{0}, loss.CEOptions{}))(t)
	if got := NaiveSoftmaxCE(small, 0); !scalar.EqualWithinAbsOrRel(got, want, 1e-14, 1e-14) {
		t.Errorf("small logits: naive %v, stable %v", got, want)
	}
	big := []float64{1000, 0, 0}
	if got := NaiveSoftmaxCE(big, 0); !math.IsNaN(got) {
		t.Errorf("logit 1000: naive CE = %v, want NaN (e^1000 overflows)", got)
	}
	stable, err := loss.CrossEntropy(big, 3, []int{0}, loss.CEOptions{})
	if err != nil || stable < 0 || stable > 1e-300 {
		t.Errorf("logit 1000: stable CE = %v, %v; want a tiny non-negative number (2e^−1000 underflows to 0)", stable, err)
	}
}

func TestMarginGradients(t *testing.T) {
	c := MarginGradients()
	ce, hinge := c.Series[0], c.Series[1]
	for i, m := range ce.X {
		if want := -1 / (1 + math.Exp(m)); !scalar.EqualWithinAbsOrRel(ce.Y[i], want, 1e-15, 1e-15) {
			t.Fatalf("logistic slope at m = %v: %v, want %v", m, ce.Y[i], want)
		}
		if ce.Y[i] >= 0 {
			t.Fatalf("logistic slope at m = %v is %v: it must stay negative", m, ce.Y[i])
		}
		if m > 1 && hinge.Y[i] != 0 {
			t.Fatalf("hinge slope at m = %v: %v, want 0 past the margin", m, hinge.Y[i])
		}
		if m < 1 && hinge.Y[i] != -1 {
			t.Fatalf("hinge slope at m = %v: %v, want −1 inside the margin", m, hinge.Y[i])
		}
	}
	// Every drawn slope is the slope of the loss itself (central differences of
	// Value, away from the kinks at 0 and 1): a chart whose 0/1 slope were drawn as
	// zeros while the loss were secretly smooth, or a hinge slope off by a sign, fails.
	losses := []loss.Margin{loss.Logistic{}, loss.Hinge{}, loss.ZeroOne{}}
	for k, s := range c.Series {
		for i, m := range s.X {
			if math.Abs(m) < 1e-3 || math.Abs(m-1) < 1e-3 {
				continue
			}
			const h = 1e-6
			fd := (losses[k].Value(m+h) - losses[k].Value(m-h)) / (2 * h)
			if !scalar.EqualWithinAbsOrRel(s.Y[i], fd, 1e-6, 1e-6) {
				t.Fatalf("%s: drawn slope %v at m = %v, central difference %v", s.Name, s.Y[i], m, fd)
			}
		}
	}
}
