package likelihood

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// StudentTLoss against loss.StudentTNLL (at scale 1, without its constant log σ)
// and its own derivatives by finite differences: a ψ or ψ' off by a factor, or a
// weight not equal to ψ(u)/u, fails.
func TestStudentTLoss(t *testing.T) {
	for _, nu := range []float64{1, 3, 30} {
		l := StudentTLoss{Nu: nu}
		for _, u := range []float64{-40, -3, -0.7, 0, 0.2, 1, 2.5, 100} {
			want := nbtest.Must(loss.StudentTNLL([]float64{0}, []float64{u}, []float64{1}, nu, loss.NLLOptions{}))(t)
			if !scalar.EqualWithinAbsOrRel(l.Value(u), want, 1e-12, 1e-12) {
				t.Errorf("ν = %v, u = %v: ρ = %v, StudentTNLL %v", nu, u, l.Value(u), want)
			}
			d1 := fd.Derivative(l.Value, u, &fd.Settings{Formula: fd.Central})
			d2 := fd.Derivative(l.Deriv, u, &fd.Settings{Formula: fd.Central})
			if !scalar.EqualWithinAbsOrRel(l.Deriv(u), d1, 1e-6, 1e-6) || !scalar.EqualWithinAbsOrRel(l.Deriv2(u), d2, 1e-6, 1e-6) {
				t.Errorf("ν = %v, u = %v: ψ %v (fd %v), ψ' %v (fd %v)", nu, u, l.Deriv(u), d1, l.Deriv2(u), d2)
			}
			if u != 0 && !scalar.EqualWithinAbsOrRel(l.Weight(u), l.Deriv(u)/u, 1e-14, 1e-14) {
				t.Errorf("ν = %v, u = %v: weight %v, ψ/u %v", nu, u, l.Weight(u), l.Deriv(u)/u)
			}
		}
	}
}

// The Student-t fit solves its score equations Σ ψ(rᵢ)(1, xᵢ) = 0, and a wild
// point moved from 1000 to 2000 above the line changes it by almost nothing (a
// redescending ψ), while least squares follows it. A fit that stopped at its LAD start, or a ψ that did not
// redescend, fails.
func TestStudentTFitScore(t *testing.T) {
	x, y, err := HeavyTailData(50, 3)
	if err != nil {
		t.Fatal(err)
	}
	_, tf, err := StudentTFit(x, y)
	if err != nil {
		t.Fatal(err)
	}
	var s0, s1 float64
	l := StudentTLoss{Nu: StudentFitNu}
	for i, v := range x {
		p := l.Deriv(y[i] - tf.Intercept - tf.Coef[0]*v)
		s0 += p
		s1 += p * v
	}
	if math.Abs(s0) > 1e-6 || math.Abs(s1) > 1e-6 {
		t.Errorf("score equations at the Student-t fit: %v, %v; want 0", s0, s1)
	}
	y[49] += 1000
	o1, t1, err := StudentTFit(x, y)
	if err != nil {
		t.Fatal(err)
	}
	y[49] += 1000
	o2, t2, err := StudentTFit(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(t2.Coef[0]-t1.Coef[0]) > 1e-3 || math.Abs(o2.Coef[0]-o1.Coef[0]) < 1 {
		t.Errorf("a point moved from +1000 to +2000: Student-t slope %v → %v, least squares %v → %v", t1.Coef[0], t2.Coef[0], o1.Coef[0], o2.Coef[0])
	}
}

// Every chart of the additions renders (no NaN, no empty frame), and bad input
// gets an error naming the function and the value.
func TestProbabilisticMoreChartsAndErrors(t *testing.T) {
	gc, _, err := CalibrationGrowth([]int{50, 200}, 2, 2000)
	if err != nil {
		t.Fatal(err)
	}
	sc, _, err := StudentTFits(50, 3)
	if err != nil {
		t.Fatal(err)
	}
	pp := nbtest.Must(PenaltyPaths(40, 20, 1))(t)
	gr := nbtest.Must(GradientCurves())(t)
	es := nbtest.Must(ExpectedScores(ScorePs, 0.7))(t)
	for name, items := range map[string][]chart.Item{
		"CalibrationGrowth": {gc}, "StudentTFits": {sc}, "PenaltyPaths": {pp}, "GradientCurves": gr, "ExpectedScores": {es},
	} {
		if _, err := chart.Render(items...); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, _, err = CalibrationGrowth(nil, 2, 100)
	nbtest.WantErr(t, err, "likelihood.CalibrationGrowth", "ns is empty")
	_, _, err = CalibrationGrowth([]int{1}, 2, 100)
	nbtest.WantErr(t, err, "likelihood.CalibrationGrowth", "n = 1")
	_, _, err = CalibrationGrowth([]int{50}, 0, 100)
	nbtest.WantErr(t, err, "likelihood.CalibrationGrowth", "seeds = 0")
	_, _, err = StudentTFits(50, 0)
	nbtest.WantErr(t, err, "likelihood.StudentTFits", "sets = 0")
	_, _, err = HeavyTailData(3, 1)
	nbtest.WantErr(t, err, "likelihood.HeavyTailData", "n = 3")
	_, err = WeightedLeastSquares(200, 1)
	nbtest.WantErr(t, err, "likelihood.WeightedLeastSquares", "sets = 1")
	_, _, err = SparseData(40, 2, 1)
	nbtest.WantErr(t, err, "likelihood.SparseData", "p = 2")
	_, err = PenalizedFits(1, 20, 1)
	nbtest.WantErr(t, err, "likelihood.PenalizedFits", "n = 1")
	_, err = SoftmaxGradient([]float64{1, 2}, 2)
	nbtest.WantErr(t, err, "likelihood.SoftmaxGradient", "2")
}

// PriorScales is the inverse of the MAP formulas: λ₂ = 2σ²/(nτ²), λ₁ = 2σ²/(nb).
// The fits it feeds agree with fit.Linear's own ridge (Options.L2) through the
// Newton path: a penalty with the wrong factor ½ fails.
func TestPriorScalesRidgeAgreesWithLinear(t *testing.T) {
	p := PriorScales(2, 50, 0.5, 0.4)
	if !scalar.EqualWithinAbsOrRel(p.L2, 2*4/(50*0.25), 1e-15, 1e-15) || !scalar.EqualWithinAbsOrRel(p.L1, 2*4/(50*0.4), 1e-15, 1e-15) {
		t.Errorf("PriorScales(2, 50, 0.5, 0.4) = %+v", p)
	}
	x, y, err := SparseData(50, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	a := nbtest.Must(fit.PenalizedLeastSquares(x, y, fit.Penalty{L2: p.L2}, nil))(t)
	b := nbtest.Must(fit.Linear(x, y, loss.Squared{}, &fit.Options{L2: p.L2, Method: fit.Newton}))(t)
	for j := range a.Coef {
		if !scalar.EqualWithinAbsOrRel(a.Coef[j], b.Coef[j], 1e-7, 1e-7) {
			t.Errorf("β[%d]: coordinate descent %v, Newton %v", j, a.Coef[j], b.Coef[j])
		}
	}
}
