package lesson

// The numbers stated in the prose of notebook 03, each recomputed and tied to its
// sentence (see claims_test.go).

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/loss"
)

const nb03 = "03-robust-and-influence.ipynb"

func TestClaims03Influence(t *testing.T) {
	text := prose(t, nb03)
	xs := InfluenceSample()
	claim(t, text, "The sample is 50 draws from a standard normal", float64(len(xs)), 50, 0)
	_, losses := RobustEstimators()
	an, re, err := InfluenceCurves(xs, []float64{10, -10}, losses)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "a point at $z = 10$ has influence 9.76", round2(an[0][0]), 9.76, 0)
	claim(t, text, "a point at $z = 10$ has influence 9.76", round2(re[0][0]), 9.76, 0)
	claim(t, text, "The model's value is $\\pm\\sqrt{\\pi/2} \\approx \\pm 1.25$", an[1][0], math.Sqrt(math.Pi/2), 1e-12)
	claim(t, text, "$\\pm\\sqrt{\\pi/2} \\approx \\pm 1.25$", round2(math.Sqrt(math.Pi/2)), 1.25, 0)
	claim(t, text, "The refit dots sit lower, at 0.96", round2(re[1][0]), 0.96, 0)
	claim(t, text, "The refit dots sit lower, at 0.96", round2(-re[1][1]), 0.96, 0)
	claim(t, text, "capped at $\\pm 1.46$ ($k = 1.345$ divided by the curvature)", round2(an[2][0]), 1.46, 0)
	claim(t, text, "capped at $\\pm 1.46$ ($k = 1.345$ divided by the curvature)", RobustHuber.Delta, 1.345, 0)
	// "falls back to exactly zero once the point is more than c = 4.685 from the estimate"
	tk, _ := LocationM(xs, RobustTukey)
	far, _, err := InfluenceCurves(xs, []float64{tk + 4.686, tk - 4.686, tk + 4.6}, []loss.Regression{RobustTukey})
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "falls back to exactly zero once the point is more than $c = 4.685$ from the estimate", far[0][0], 0, 0)
	claim(t, text, "falls back to exactly zero once the point is more than $c = 4.685$ from the estimate", far[0][1], 0, 0)
	if !(far[0][2] > 0) {
		t.Errorf("Tukey's influence just inside c is %v, want > 0", far[0][2])
	}
	claim(t, text, "falls back to exactly zero once the point is more than $c = 4.685$", RobustTukey.C, 4.685, 0)

	rows, err := LinearInfluenceTable(20, []int{0, 10, 19})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		claim(t, text, "The two columns agree to five digits", r.Empirical, r.Analytic, 1e-5)
	}
	// "the last one moved up to y = 20, an outlier": beyond Tukey's c from the Tukey line.
	claim(t, text, "the last one moved up to $y = 20$, an outlier", rows[8].Analytic, 0, 0)
	claim(t, text, "on the slope is 6.11 under MSE", round2(rows[2].Analytic), 6.11, 0)
	claim(t, text, "1.03 under Huber", round2(rows[5].Analytic), 1.03, 0)
	claim(t, text, "and 0 under Tukey", rows[8].Analytic, 0, 0)
	claim(t, text, "and 0 under Tukey", rows[8].Empirical, 0, 0)
	inf, err := fit.LinearInfluence([][]float64{{0}, {1}, {2}}, []float64{0, 1, 3}, loss.Squared{}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "up-weighted by $\\pm 10^{-4}$", inf.Eps, 1e-4, 0)
	if _, err := fit.LinearInfluence([][]float64{{0}, {1}, {2}}, []float64{0, 1, 3}, loss.Absolute{}, 0, nil); err == nil {
		t.Error("the prose says MAE has no H to invert, but LinearInfluence accepted it")
	}
}

func TestClaims03MEstimators(t *testing.T) {
	text := prose(t, nb03)
	claim(t, text, "Cauchy ($c = 2.385$)", round2(RobustCauchy.C*10)/10, 2.385, 1e-12)
	claim(t, text, "The last step of the slider, $\\alpha = -10000$", BarronAlphas[len(BarronAlphas)-1], -10000, 0)
	claim(t, text, "$\\alpha = 2$ it is half the squared error", loss.Barron{Alpha: 2, C: 1}.Value(3), 4.5, 1e-15)
	claim(t, text, "at $\\alpha = 0$ the Cauchy loss", loss.Barron{Alpha: 0, C: 1}.Value(3), loss.Cauchy{C: math.Sqrt2}.Value(3), 1e-12)
	// "on this chart the two losses differ by less than 0.001": ρ, ψ and w on [−6, 6].
	a, w := loss.Barron{Alpha: -10000, C: 1}, loss.Barron{Alpha: math.Inf(-1), C: 1}
	var worst float64
	for _, r := range span(-6, 6, 1201) {
		worst = math.Max(worst, math.Abs(a.Value(r)-w.Value(r)))
		worst = math.Max(worst, math.Abs(a.Deriv(r)-w.Deriv(r)))
		worst = math.Max(worst, math.Abs(loss.Weight(a, r)-loss.Weight(w, r)))
	}
	claim(t, text, "on this chart the two losses differ by less than 0.001", math.Min(worst, 0.001), worst, 0)
	// "Above α = 1 the pull keeps growing; below α = 1 the pull of a far point falls back."
	for _, alpha := range []float64{1.5, 2} {
		b := loss.Barron{Alpha: alpha, C: 1}
		if !(b.Deriv(100) > b.Deriv(10)) {
			t.Errorf("α = %v: ψ(100) = %v ≤ ψ(10) = %v", alpha, b.Deriv(100), b.Deriv(10))
		}
	}
	for _, alpha := range []float64{0.5, 0, -2} {
		b := loss.Barron{Alpha: alpha, C: 1}
		if !(b.Deriv(100) < b.Deriv(10)) {
			t.Errorf("α = %v: ψ(100) = %v ≥ ψ(10) = %v", alpha, b.Deriv(100), b.Deriv(10))
		}
	}
	claim(t, text, "below $\\alpha = 1$ the pull of a far point falls back toward zero", loss.Barron{Alpha: 1, C: 1}.Deriv(1e8), 1, 1e-6)
}

func TestClaims03Efficiency(t *testing.T) {
	text := prose(t, nb03)
	eff := func(l loss.Regression) float64 {
		e, err := AsymptoticEfficiency(l)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	claim(t, text, "Huber with $k = 1.345$ has efficiency 0.950", math.Round(1000*eff(RobustHuber))/1000, 0.950, 0)
	claim(t, text, "Tukey with $c = 4.685$ also 0.950", math.Round(1000*eff(RobustTukey))/1000, 0.950, 0)
	claim(t, text, "The median has $2/\\pi \\approx 0.637$", math.Round(1000*eff(loss.Absolute{}))/1000, 0.637, 0)
	claim(t, text, "The median has $2/\\pi \\approx 0.637$", math.Round(2000/math.Pi)/1000, 0.637, 0)
	claim(t, text, "0.8 means it needs 25% more data", 1/0.8, 1.25, 1e-12)

	st, err := EfficiencyDemo()
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "draws 1000 samples of 50 points", float64(st.Reps), 1000, 0)
	claim(t, text, "draws 1000 samples of 50 points", float64(st.N), 50, 0)
	claim(t, text, "an outlier from a normal ten times wider", st.OutlierSD, 10, 0)
	e0 := st.Efficiency(0)
	claim(t, text, "At $\\varepsilon = 0$ the mean wins", e0[0], 1, 0)
	claim(t, text, "Huber and Tukey are close behind (0.97 here", round2(e0[2]), 0.97, 0)
	claim(t, text, "Huber and Tukey are close behind (0.97 here", round2(e0[3]), 0.97, 0)
	k := nearest(st.Eps, 0.1)
	claim(t, text, "Already at $\\varepsilon = 0.1$", st.Eps[k], 0.1, 1e-12)
	v := st.NVar[k]
	claim(t, text, "is 10.6 for the mean", math.Round(10*v[0])/10, 10.6, 0)
	claim(t, text, "1.69 for the median", round2(v[1]), 1.69, 0)
	claim(t, text, "1.35 for Huber", round2(v[2]), 1.35, 0)
	claim(t, text, "1.19 for Tukey", round2(v[3]), 1.19, 0)
	claim(t, text, "Tukey, which ignores far points entirely, does best", st.Efficiency(k)[3], 1, 0)
}

func TestClaims03Breakdown(t *testing.T) {
	text := prose(t, nb03)
	xs, err := RobustSample(20, 11)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := Breakdown(xs, 1000, 10)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "takes 20 standard normal points, moves them one at a time to 1000", float64(rows[0].N), 20, 0)
	claim(t, text, "The mean breaks with 1 of 20 points", float64(rows[0].Moved), 1, 0)
	for _, r := range rows[1:] {
		claim(t, text, "The median, Huber and Tukey hold until 10 of 20 are moved", float64(r.Moved), 10, 0)
	}
}

func TestClaims03Exercises(t *testing.T) {
	text := prose(t, nb03)
	pts := exercise.DefaultPoints()
	claim(t, text, "at 41 residuals from −5 to 5", float64(len(pts)), 41, 0)
	claim(t, text, "at 41 points from −5 to 5", pts[len(pts)-1]-pts[0], 10, 0)
	// Exercise 2: ψ_k / erf(k/√2) is fit.InfluenceCurve for Huber.
	for _, r := range []float64{-3, 0.5, 1.345, 4} {
		got, err := fit.InfluenceCurve(nil, RobustHuber, []float64{r})
		if err != nil {
			t.Fatal(err)
		}
		claim(t, text, "which is $\\operatorname{erf}(k/\\sqrt2)$", got[0], RobustHuber.Deriv(r)/math.Erf(1.345/math.Sqrt2), 1e-6)
	}
}
