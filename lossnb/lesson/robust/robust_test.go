package robust

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

func TestLocationMAgreesWithFit(t *testing.T) {
	xs := nbtest.Must(RobustSample(41, 9))(t)
	xs[3], xs[7] = 12, -30 // two outliers, so the losses disagree
	_, losses := RobustEstimators()
	for _, l := range append(losses, RobustCauchy) {
		got := nbtest.Must(LocationM(xs, l))(t)
		ref := nbtest.Must(fit.Location(xs, l, &fit.Options{Init: []float64{num.Median(xs)}, Tol: 1e-13}))(t)
		if !scalar.EqualWithinAbsOrRel(got, ref.Location, 1e-9, 1e-9) {
			t.Errorf("%s: LocationM %v, fit.Location %v", l.Name(), got, ref.Location)
		}
	}
}

func TestLocationMBadInput(t *testing.T) {
	if _, err := LocationM(nil, loss.Squared{}); err == nil {
		t.Error("empty sample: no error")
	}
	if _, err := LocationM([]float64{1}, nil); err == nil {
		t.Error("nil loss: no error")
	}
	if _, err := LocationM([]float64{1, math.NaN()}, RobustHuber); err == nil {
		t.Error("NaN in the sample: no error")
	}
	if _, err := RobustSample(0, 1); err == nil {
		t.Error("RobustSample(0): no error")
	}
}

func TestInfluenceCurves(t *testing.T) {
	xs := InfluenceSample()
	zs := []float64{-10, -2, 0.3, 3, 10}
	_, losses := RobustEstimators()
	an, re, err := InfluenceCurves(xs, zs, losses)
	if err != nil {
		t.Fatal(err)
	}
	mean, _ := LocationM(xs, loss.Squared{})
	for k, z := range zs {
		// The mean: both views are exactly z − x̄.
		if !scalar.EqualWithinAbsOrRel(an[0][k], z-mean, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(re[0][k], z-mean, 1e-9, 1e-9) {
			t.Errorf("mean at z = %v: analytic %v, refit %v, want %v", z, an[0][k], re[0][k], z-mean)
		}
		// Median: ±√(π/2) analytically.
		if want := math.Copysign(math.Sqrt(math.Pi/2), z-num.Median(xs)); math.Abs(an[1][k]-want) > 1e-12 {
			t.Errorf("median at z = %v: %v, want %v", z, an[1][k], want)
		}
	}
	// Huber and Tukey: analytic and refit close near the centre (a 1/(n+1) step).
	for l := 2; l < 4; l++ {
		if math.Abs(an[l][2]-re[l][2]) > 0.05 {
			t.Errorf("%s at z = 0.3: analytic %v, refit %v", losses[l].Name(), an[l][2], re[l][2])
		}
		for _, k := range []int{0, 4} {
			if math.Abs(re[l][k]) > 2 {
				t.Errorf("%s at z = %v: refit influence %v, want bounded", losses[l].Name(), zs[k], re[l][k])
			}
		}
	}
	if an[3][0] != 0 || an[3][4] != 0 || math.Abs(re[3][4]) > 1e-9 {
		t.Errorf("Tukey far away: analytic %v, %v, refit %v; want 0", an[3][0], an[3][4], re[3][4])
	}
	if _, _, err := InfluenceCurves(xs[:1], zs, losses); err == nil {
		t.Error("one point: no error")
	}
	if _, _, err := InfluenceCurves(xs, []float64{math.Inf(1)}, losses); err == nil {
		t.Error("z = +Inf: no error")
	}
}

func TestInfluenceChart(t *testing.T) {
	c := nbtest.Must(InfluenceChart(InfluenceSample()))(t)
	if len(c.Series) != 8 {
		t.Fatalf("%d series, want 4 lines and 4 refits", len(c.Series))
	}
	if _, err := chart.Snapshot(c); err != nil {
		t.Error(err)
	}
}

func TestLinearInfluenceTable(t *testing.T) {
	rows := nbtest.Must(LinearInfluenceTable(20, []int{0, 19}))(t)
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6", len(rows))
	}
	for _, r := range rows {
		if !scalar.EqualWithinAbsOrRel(r.Analytic, r.Empirical, 1e-5, 1e-5) {
			t.Errorf("%s point %d: analytic %v, refit %v", r.Loss, r.Point, r.Analytic, r.Empirical)
		}
	}
	if !(rows[1].Analytic > 5*rows[3].Analytic && rows[3].Analytic > 0 && rows[5].Analytic == 0) {
		t.Errorf("outlier's slope influence MSE %v, Huber %v, Tukey %v: want MSE ≫ Huber > Tukey = 0",
			rows[1].Analytic, rows[3].Analytic, rows[5].Analytic)
	}
	if _, err := LinearInfluenceTable(math.NaN(), []int{0}); err == nil {
		t.Error("NaN outlier: no error")
	}
	if _, err := LinearInfluenceTable(20, []int{20}); err == nil {
		t.Error("point 20 of 20: no error")
	}
}

func TestMEstimatorCharts(t *testing.T) {
	items := nbtest.Must(MEstimatorCharts(BarronAlphas, 1))(t)
	if len(items) != 3 {
		t.Fatalf("%d charts, want ρ, ψ, w", len(items))
	}
	s := items[0].(*chart.Chart).Frames.Slider
	for _, it := range items {
		c := it.(*chart.Chart)
		if c.Frames.Slider != s {
			t.Error("the three charts must share one slider")
		}
		if _, err := chart.Snapshot(c); err != nil {
			t.Error(err)
		}
	}
	if BarronAlphas[s.Init] != 1 {
		t.Errorf("slider starts at α = %v, want 1", BarronAlphas[s.Init])
	}
	// ρ chart, α = 2: ½r² leaves the chart (ρ > 8) at |r| > 4 as a gap, not a flat line.
	rho := items[0].(*chart.Chart).Frames.Series[0][0]
	if !rho.Gaps || !math.IsNaN(rho.Y[0]) || rho.Y[60] != 0 {
		t.Errorf("α = 2 ρ: gaps %v, ρ(−6) drawn as %v, ρ(0) = %v", rho.Gaps, rho.Y[0], rho.Y[60])
	}
	// Weight chart, α = 2: Barron with c = 1 is ½r², weight 1 everywhere.
	w := items[2].(*chart.Chart).Frames.Series[0][0].Y
	for _, v := range w {
		if v != 1 {
			t.Fatalf("α = 2 weight %v, want 1", v)
		}
	}
	if _, err := MEstimatorCharts([]float64{math.Inf(-1)}, 0); err == nil {
		t.Error("α = −Inf on the slider: no error")
	}
	if _, err := MEstimatorCharts(nil, 0); err == nil {
		t.Error("no alphas: no error")
	}
}

func TestAsymptoticEfficiency(t *testing.T) {
	for _, tc := range []struct {
		l    loss.Regression
		want float64
		tol  float64
	}{
		{loss.Squared{}, 1, 1e-9},
		{loss.Absolute{}, 2 / math.Pi, 1e-3},
		{RobustHuber, 0.95, 5e-4},
		{RobustTukey, 0.95, 5e-4},
		{RobustCauchy, 0.95, 5e-4},
	} {
		got := nbtest.Must(AsymptoticEfficiency(tc.l))(t)
		if math.Abs(got-tc.want) > tc.tol {
			t.Errorf("%s: efficiency %v, want %v", tc.l.Name(), got, tc.want)
		}
	}
	if _, err := AsymptoticEfficiency(nil); err == nil {
		t.Error("nil loss: no error")
	}
}

func TestSimulateEfficiency(t *testing.T) {
	st := nbtest.Must(SimulateEfficiency(30, 300, []float64{0, 0.1}, 10, 1))(t)
	// At the Gaussian the mean is best; with 10% outliers it is worst by far.
	if e := st.Efficiency(0); e[0] != 1 || e[1] > 0.8 {
		t.Errorf("ε = 0 efficiencies %v: want the mean best, the median well below", e)
	}
	if e := st.Efficiency(1); e[0] > 0.3 || e[2] < 0.7 || e[3] < 0.7 {
		t.Errorf("ε = 0.1 efficiencies %v: want the mean far behind Huber and Tukey", e)
	}
	again, _ := SimulateEfficiency(30, 300, []float64{0, 0.1}, 10, 1)
	if !slices.Equal(st.NVar[1], again.NVar[1]) {
		t.Error("same seed, different results")
	}
	for _, bad := range []func() error{
		func() error { _, err := SimulateEfficiency(2, 300, []float64{0}, 10, 1); return err },
		func() error { _, err := SimulateEfficiency(30, 1, []float64{0}, 10, 1); return err },
		func() error { _, err := SimulateEfficiency(30, 300, []float64{0.7}, 10, 1); return err },
		func() error { _, err := SimulateEfficiency(30, 300, []float64{0}, 0, 1); return err },
	} {
		if bad() == nil {
			t.Error("bad input: no error")
		}
	}
	items := nbtest.Must(EfficiencyChart(st, 0.1))(t)
	for _, it := range items {
		if _, err := chart.Snapshot(it); err != nil {
			t.Error(err)
		}
	}
	if _, err := EfficiencyChart(nil, 0); err == nil {
		t.Error("nil study: no error")
	}
}

func TestBreakdown(t *testing.T) {
	xs, _ := RobustSample(20, 11)
	rows := nbtest.Must(Breakdown(xs, 1000, 10))(t)
	want := []int{1, 10, 10, 10}
	for j, r := range rows {
		if r.Moved != want[j] {
			t.Errorf("%s breaks with %d of 20 moved, want %d", r.Name, r.Moved, want[j])
		}
	}
	if _, err := Breakdown(xs, 1000, 0); err == nil {
		t.Error("tol = 0: no error")
	}
}

// The robust-lines demo renders, its Tukey fit solves its own score equations
// (a fit stuck at its LAD start fails), and bad input gets a named error.
func TestRobustLines(t *testing.T) {
	c, _, err := RobustLineDemo(50, 0.2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chart.Render(c); err != nil {
		t.Error(err)
	}
	x, y, _, err := ContaminatedLine(50, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	fits := nbtest.Must(RobustLines(x, y))(t)
	tk := fits[3]
	var s0, s1 float64
	for i, v := range x {
		p := RobustTukey.Deriv(y[i] - tk.Intercept - tk.Coef[0]*v)
		s0, s1 = s0+p, s1+p*v
	}
	if math.Abs(s0) > 1e-6 || math.Abs(s1) > 1e-6 {
		t.Errorf("Tukey score equations %v, %v; want 0", s0, s1)
	}
	if LineMiss(fits[1]) == LineMiss(fits[3]) {
		t.Error("Tukey's line is the LAD start: it did not iterate")
	}
	_, _, _, err = ContaminatedLine(3, 0.2, 1)
	nbtest.WantErr(t, err, "robust.ContaminatedLine", "n = 3")
	_, _, _, err = ContaminatedLine(50, 0.5, 1)
	nbtest.WantErr(t, err, "robust.ContaminatedLine", "frac = 0.5")
	_, _, err = RobustLineDemo(50, 0.2, 0)
	nbtest.WantErr(t, err, "robust.RobustLineDemo", "sets = 0")
}
