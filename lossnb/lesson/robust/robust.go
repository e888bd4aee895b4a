package robust

// Notebook 03: robust losses and the influence function.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/lesson/common"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// The tuned robust losses of notebook 03, each at its 95%-efficiency constant for unit
// scale: Huber k = 1.345 (Huber 1964, 1981), Tukey's biweight c = 4.685 (Beaton & Tukey
// 1974), Cauchy c = 2.3849 (Holland & Welsch 1977).
var (
	RobustHuber  = loss.Huber{Delta: loss.HuberK95}
	RobustTukey  = loss.Tukey{C: loss.TukeyC95}
	RobustCauchy = loss.Cauchy{C: loss.CauchyC95}
)

// RobustEstimators are the location estimators compared in notebook 03: the mean (MSE),
// the median (MAE), Huber's and Tukey's M-estimates, with their display names.
func RobustEstimators() ([]string, []loss.Regression) {
	return []string{"mean (MSE)", "median (MAE)", "Huber k = 1.345", "Tukey c = 4.685"},
		[]loss.Regression{loss.Squared{}, loss.Absolute{}, RobustHuber, RobustTukey}
}

// RobustSample returns n draws from the standard normal distribution from the fixed
// seed (seed, 3).
func RobustSample(n int, seed uint64) ([]float64, error) {
	if n < 1 {
		return nil, fmt.Errorf("robust.RobustSample: n = %d, want at least 1", n)
	}
	d := distuv.Normal{Mu: 0, Sigma: 1, Src: rand.NewPCG(seed, 3)}
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = d.Rand()
	}
	return xs, nil
}

// LocationM returns the M-estimate of location of xs under the loss l with the scale
// fixed at 1: the T with Σ ψ(xᵢ − T) = 0 (Huber 1964). The squared loss gives the mean,
// the absolute loss the median; any other loss is solved by iteratively reweighted
// means T ← Σ w(rᵢ)xᵢ / Σ w(rᵢ), w = ψ(r)/r, started at the median, which finds the
// root nearest the median for redescending losses (Tukey, Cauchy). If every point gets
// weight 0 (all further than Tukey's c from the start) the start is returned: there the
// loss is flat and T cannot move. It is fast enough for Monte Carlo (no allocation but
// one sort); fit.Location gives the same numbers (see the tests).
func LocationM(xs []float64, l loss.Regression) (float64, error) {
	if len(xs) == 0 {
		return 0, fmt.Errorf("robust.LocationM: xs is empty")
	}
	if l == nil {
		return 0, fmt.Errorf("robust.LocationM: loss is nil")
	}
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("robust.LocationM: xs[%d] = %v, want a finite number", i, x)
		}
	}
	switch l.(type) {
	case loss.Squared:
		var s float64
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs)), nil
	case loss.Absolute:
		return num.Median(xs), nil
	}
	t := num.Median(xs)
	for it := 0; it < 1000; it++ {
		var sw, swx float64
		for _, x := range xs {
			w := loss.Weight(l, x-t)
			if math.IsInf(w, 1) { // a kink at r = 0: the point pins T
				return x, nil
			}
			sw += w
			swx += w * x
		}
		if sw == 0 {
			return t, nil
		}
		next := swx / sw
		if math.Abs(next-t) <= 1e-13*(1+math.Abs(t)) {
			return next, nil
		}
		t = next
	}
	return 0, fmt.Errorf("robust.LocationM: %s did not converge in 1000 iterations", l.Name())
}

// InfluenceCurves returns, for each loss and each position z of one extra point, the
// influence of that point on the location estimate of the sample xs, computed two ways:
//
//   - analytic[l][k] = −H⁻¹∇ℓ(z; T̂) = ψ(z − T̂) / H, with H = (1/n) Σ ψ′(xᵢ − T̂) the
//     curvature of the mean loss at the fit. The absolute loss has no curvature on a
//     sample (ψ′ = 0 except at the data), so for it H is the model's 2φ(0), the
//     derivative of E[sign(X − T)] at the standard normal (Hampel et al. 1986, §2.1).
//   - refit[l][k] = (n + 1)·(T̂(xs ∪ {z}) − T̂(xs)), the refit with the point added:
//     up-weighting z from 0 to 1/(n + 1), divided by that weight (Tukey's sensitivity
//     curve; Hampel et al. 1986, §2.1e).
func InfluenceCurves(xs, zs []float64, losses []loss.Regression) (analytic, refit [][]float64, err error) {
	if len(xs) < 2 {
		return nil, nil, fmt.Errorf("robust.InfluenceCurves: len(xs) = %d, want at least 2", len(xs))
	}
	for k, z := range zs {
		if math.IsNaN(z) || math.IsInf(z, 0) {
			return nil, nil, fmt.Errorf("robust.InfluenceCurves: zs[%d] = %v, want a finite number", k, z)
		}
	}
	n := float64(len(xs))
	with := append(slices.Clone(xs), 0)
	for _, l := range losses {
		t, err := LocationM(xs, l)
		if err != nil {
			return nil, nil, fmt.Errorf("robust.InfluenceCurves: %w", err)
		}
		var h float64
		if sd, ok := l.(loss.SecondDeriver); ok {
			for _, x := range xs {
				h += sd.Deriv2(x - t)
			}
			h /= n
		} else {
			h = 2 / math.Sqrt(2*math.Pi)
		}
		if !(h > 0) {
			return nil, nil, fmt.Errorf("robust.InfluenceCurves: %s: curvature H = %v at the fit, want > 0", l.Name(), h)
		}
		an, re := make([]float64, len(zs)), make([]float64, len(zs))
		for k, z := range zs {
			an[k] = l.Deriv(z-t) / h
			with[len(xs)] = z
			tz, err := LocationM(with, l)
			if err != nil {
				return nil, nil, fmt.Errorf("robust.InfluenceCurves: %w", err)
			}
			re[k] = (n + 1) * (tz - t)
		}
		analytic, refit = append(analytic, an), append(refit, re)
	}
	return analytic, refit, nil
}

// InfluenceSample is the sample of notebook 03's influence chart: 50 standard normal
// draws.
func InfluenceSample() []float64 {
	xs, _ := RobustSample(50, 31)
	return xs
}

// InfluenceChart returns the influence of one extra point at z ∈ [−10, 10] on the
// location estimate of xs, for the mean, median, Huber and Tukey: lines for −H⁻¹∇ℓ,
// markers for the refit (see InfluenceCurves).
func InfluenceChart(xs []float64) (*chart.Chart, error) {
	names, losses := RobustEstimators()
	zs := num.Span(-10, 10, 121)
	an, _, err := InfluenceCurves(xs, zs, losses)
	if err != nil {
		return nil, fmt.Errorf("robust.InfluenceChart: %w", err)
	}
	zr := num.Span(-10, 10, 41)
	_, re, err := InfluenceCurves(xs, zr, losses)
	if err != nil {
		return nil, fmt.Errorf("robust.InfluenceChart: %w", err)
	}
	c := chart.NewLines("Influence of a point at z: −H⁻¹∇ℓ (lines), refit (dots); Huber k = 1.345, Tukey c = 4.685")
	c.XLabel, c.YLabel = "where the point is, z", "influence on the estimate"
	c.YMin, c.YMax = -12, 12
	short := []string{"MSE", "MAE", "Huber", "Tukey"}
	colors := []string{chart.Palette[0], chart.Palette[1], chart.Palette[2], chart.Palette[3]}
	for l := range names {
		c.Add(short[l], zs, an[l]).Color = colors[l]
	}
	for l := range names {
		p := chart.Points(short[l]+" refit", zr, re[l])
		p.Color, p.Width = colors[l], 5
		c.AddSeries(p)
	}
	return c, nil
}

// LinearInfluenceRow is the influence of one training point on the slope of a line
// fit, analytic (−H⁻¹∇ℓ) and by refitting with the point up-weighted (fit.LinearInfluence).
type LinearInfluenceRow struct {
	Loss                string
	Point               int
	Analytic, Empirical float64
}

// LinearInfluenceTable returns the slope influence of the points in points on the line
// fits of notebook 01's outlier data (20 points) with the last point moved to y = outlierY,
// under the squared, Huber (k = 1.345) and Tukey (c = 4.685) losses. The absolute loss
// is left out: it has no Hessian, so −H⁻¹∇ℓ does not exist for it.
func LinearInfluenceTable(outlierY float64, points []int) ([]LinearInfluenceRow, error) {
	d, err := common.NewOutlierData(20, -10, 30, 41)
	if err != nil {
		return nil, fmt.Errorf("robust.LinearInfluenceTable: %w", err)
	}
	if math.IsNaN(outlierY) || math.IsInf(outlierY, 0) {
		return nil, fmt.Errorf("robust.LinearInfluenceTable: outlierY = %v, want a finite number", outlierY)
	}
	d.Y[d.Point] = outlierY
	x := make([][]float64, len(d.X))
	for i, v := range d.X {
		x[i] = []float64{v}
	}
	var rows []LinearInfluenceRow
	names := []string{"MSE", "Huber", "Tukey"}
	for li, l := range []loss.Regression{loss.Squared{}, RobustHuber, RobustTukey} {
		// Tukey's loss is not convex: start it from the Huber fit, as robust practice does.
		var o *fit.Options
		if li == 2 {
			h, err := fit.Linear(x, d.Y, RobustHuber, nil)
			if err != nil {
				return nil, fmt.Errorf("robust.LinearInfluenceTable: %w", err)
			}
			o = &fit.Options{Init: h.Params()}
		}
		for _, p := range points {
			inf, err := fit.LinearInfluence(x, d.Y, l, p, o)
			if err != nil {
				return nil, fmt.Errorf("robust.LinearInfluenceTable: point %d: %w", p, err)
			}
			// + 0 turns a −0 (a point with no pull) into 0 for printing.
			rows = append(rows, LinearInfluenceRow{Loss: names[li], Point: p, Analytic: inf.Analytic[1] + 0, Empirical: inf.Empirical[1] + 0})
		}
	}
	return rows, nil
}

// BarronAlphas are the shapes offered by the α slider of MEstimatorCharts, from 2
// (squared) down to −10000, which stands for α = −∞ (Welsch's loss 1 − e^{−r²/2}): on
// the charts' range the two differ by less than 0.001.
var BarronAlphas = []float64{2, 1.5, 1, 0.5, 0, -0.5, -1, -2, -4, -8, -16, AlphaMinusInf}

// AlphaMinusInf is the α of BarronAlphas that stands for −∞; MEstimatorCharts' slider
// shows it (and any α below it) as "−∞".
const AlphaMinusInf = -10000

// MEstimatorCharts returns three charts that share one slider over Barron's α: the
// loss ρ(r), its derivative ψ(r) and the weight w(r) = ψ(r)/r of Huber (k = 1.345),
// Tukey's biweight (c = 4.685), Cauchy (c = 2.3849) and Barron's general loss (c = 1)
// on r ∈ [−6, 6]. The slider starts at the α nearest alpha.
func MEstimatorCharts(alphas []float64, alpha float64) ([]chart.Item, error) {
	if len(alphas) == 0 {
		return nil, fmt.Errorf("robust.MEstimatorCharts: alphas is empty")
	}
	barrons := make([]loss.Barron, len(alphas))
	for i, a := range alphas {
		b, err := loss.NewBarron(a, 1)
		if err != nil || math.IsInf(a, 0) {
			return nil, fmt.Errorf("robust.MEstimatorCharts: alphas[%d] = %v, want a finite number (use -10000 for −∞)", i, a)
		}
		barrons[i] = b
	}
	if math.IsNaN(alpha) {
		return nil, fmt.Errorf("robust.MEstimatorCharts: alpha is NaN")
	}
	rs := num.Span(-6, 6, 121)
	s := chart.NewSlider("Barron's α", alphas)
	s.Format = "%g"
	s.Init = num.Nearest(alphas, alpha)
	// The readout says "−∞" where −10000 stands for it (see BarronAlphas).
	s.Labels = make([]string, len(alphas))
	for i, a := range alphas {
		s.Labels[i] = strings.Replace(fmt.Sprintf("%g", a), "-", "−", 1)
		if a <= AlphaMinusInf {
			s.Labels[i] = "−∞"
		}
	}
	fixed := []struct {
		name string
		l    loss.Regression
	}{{"Huber", RobustHuber}, {"Tukey", RobustTukey}, {"Cauchy", RobustCauchy}}
	colors := []string{chart.Palette[1], chart.Palette[2], chart.Palette[3], chart.Palette[0]}
	kinds := []struct {
		title, y string
		f        func(l loss.Regression, r float64) float64
		lo, hi   float64
	}{
		{"The loss ρ(r): Huber k = 1.345, Tukey c = 4.685, Cauchy c = 2.385, Barron c = 1", "ρ(r)", func(l loss.Regression, r float64) float64 { return l.Value(r) }, 0, 8},
		{"Its slope ψ(r) = ρ′(r): the pull", "ψ(r)", func(l loss.Regression, r float64) float64 { return l.Deriv(r) }, -2, 2},
		{"The weight w(r) = ψ(r)/r", "w(r)", func(l loss.Regression, r float64) float64 { return loss.Weight(l, r) }, 0, 1.05},
	}
	var items []chart.Item
	for _, k := range kinds {
		c := chart.NewLines(k.title)
		c.XLabel, c.YLabel = "residual r", k.y
		c.YMin, c.YMax = k.lo, k.hi
		c.Height = 300
		curve := func(l loss.Regression) []float64 {
			ys := make([]float64, len(rs))
			for i, r := range rs {
				ys[i] = k.f(l, r)
			}
			// A curve that leaves the chart is cut there (a gap), not flattened.
			for i, y := range ys {
				if y < k.lo || y > k.hi {
					ys[i] = math.NaN()
				}
			}
			return ys
		}
		for j, f := range fixed {
			line := c.Add(f.name, rs, curve(f.l))
			line.Color, line.Gaps = colors[j], true
		}
		c.AddFrames(s, func(i int) []*chart.Series {
			line := chart.Line("Barron", rs, curve(barrons[i]))
			line.Color, line.Width, line.Gaps = colors[3], 3, true
			return []*chart.Series{line}
		})
		items = append(items, c)
	}
	return items, nil
}

// AsymptoticEfficiency returns the asymptotic efficiency at the standard normal of the
// location M-estimate under l, relative to the mean: 1 / E[IF(X)²], with IF from
// fit.InfluenceCurve (the asymptotic variance of √n·T̂ is E[IF²]; the mean's is 1).
// The expectation is a Simpson sum on [−12, 12] with step 0.001.
func AsymptoticEfficiency(l loss.Regression) (float64, error) {
	if l == nil {
		return 0, fmt.Errorf("robust.AsymptoticEfficiency: loss is nil")
	}
	const n = 24000 // even
	rs := num.Span(-12, 12, n+1)
	inf, err := fit.InfluenceCurve(nil, l, rs)
	if err != nil {
		return 0, fmt.Errorf("robust.AsymptoticEfficiency: %w", err)
	}
	h := rs[1] - rs[0]
	var s float64
	for i, r := range rs {
		w := 2.0
		switch {
		case i == 0 || i == n:
			w = 1
		case i%2 == 1:
			w = 4
		}
		s += w * inf[i] * inf[i] * math.Exp(-0.5*r*r)
	}
	v := s * h / 3 / math.Sqrt(2*math.Pi)
	return 1 / v, nil
}

// EfficiencyStudy is a Monte Carlo study of location estimators under contamination:
// samples of size N drawn from (1 − ε)·N(0, 1) + ε·N(0, OutlierSD²), Reps of them per ε.
// NVar[e][j] is N times the mean squared error of estimator j at Eps[e] (the true
// location is 0 and the contamination symmetric, so it is N times the variance).
type EfficiencyStudy struct {
	Eps       []float64
	Names     []string
	N, Reps   int
	OutlierSD float64
	NVar      [][]float64
}

// Efficiency returns the efficiency of each estimator at Eps[e] relative to the best of
// them there: min_j NVar[e][j] / NVar[e][i].
func (st *EfficiencyStudy) Efficiency(e int) []float64 {
	best := slices.Min(st.NVar[e])
	out := make([]float64, len(st.NVar[e]))
	for i, v := range st.NVar[e] {
		out[i] = best / v
	}
	return out
}

// SimulateEfficiency runs the study for the estimators of RobustEstimators, with
// common random numbers across ε (the same normal draws, the same uniforms deciding
// which points are outliers), from a fixed seed.
func SimulateEfficiency(n, reps int, eps []float64, outlierSD float64, seed uint64) (*EfficiencyStudy, error) {
	switch {
	case n < 3:
		return nil, fmt.Errorf("robust.SimulateEfficiency: n = %d, want at least 3", n)
	case reps < 2:
		return nil, fmt.Errorf("robust.SimulateEfficiency: reps = %d, want at least 2", reps)
	case len(eps) == 0:
		return nil, fmt.Errorf("robust.SimulateEfficiency: eps is empty")
	case !(outlierSD > 0) || math.IsInf(outlierSD, 0):
		return nil, fmt.Errorf("robust.SimulateEfficiency: outlierSD = %v, want a positive finite number", outlierSD)
	}
	for i, e := range eps {
		if !(e >= 0 && e <= 0.5) {
			return nil, fmt.Errorf("robust.SimulateEfficiency: eps[%d] = %v, want a fraction in [0, 0.5]", i, e)
		}
	}
	names, losses := RobustEstimators()
	st := &EfficiencyStudy{Eps: eps, Names: names, N: n, Reps: reps, OutlierSD: outlierSD, NVar: make([][]float64, len(eps))}
	for e := range eps {
		st.NVar[e] = make([]float64, len(losses))
	}
	rng := rand.New(rand.NewPCG(seed, 5))
	z, o, u, x := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for range reps {
		for i := range n {
			z[i], o[i], u[i] = rng.NormFloat64(), rng.NormFloat64(), rng.Float64()
		}
		for e, ep := range eps {
			for i := range n {
				x[i] = z[i]
				if u[i] < ep {
					x[i] = outlierSD * o[i]
				}
			}
			for j, l := range losses {
				t, err := LocationM(x, l)
				if err != nil {
					return nil, fmt.Errorf("robust.SimulateEfficiency: %w", err)
				}
				st.NVar[e][j] += t * t
			}
		}
	}
	for e := range eps {
		for j := range st.NVar[e] {
			st.NVar[e][j] *= float64(n) / float64(reps)
		}
	}
	return st, nil
}

// ContaminationEps are the contamination fractions of notebook 03's ε slider.
var ContaminationEps = num.Span(0, 0.25, 11)

// EfficiencyDemo returns notebook 03's study: samples of 50, 1000 per ε, outliers
// from N(0, 10²).
func EfficiencyDemo() (*EfficiencyStudy, error) {
	return SimulateEfficiency(50, 1000, ContaminationEps, 10, 7)
}

// EfficiencyChart returns two bar charts sharing an ε slider: each estimator's n·variance,
// and its efficiency relative to the best estimator at that ε.
func EfficiencyChart(st *EfficiencyStudy, eps float64) ([]chart.Item, error) {
	if st == nil || len(st.Eps) == 0 {
		return nil, fmt.Errorf("robust.EfficiencyChart: empty study")
	}
	if math.IsNaN(eps) {
		return nil, fmt.Errorf("robust.EfficiencyChart: eps is NaN")
	}
	s := chart.NewSlider("contamination ε", st.Eps)
	s.Format = "%.3g"
	s.Init = num.Nearest(st.Eps, eps)
	short := []string{"mean", "median", "Huber", "Tukey"}
	v := chart.NewBars("n × variance of the estimate (smaller is better)", short...)
	v.YLabel = "n · Var"
	v.Width, v.Height = 420, 320
	v.AddFrames(s, func(e int) []*chart.Series {
		return []*chart.Series{{Name: "n · Var", Kind: chart.KindBar, Color: chart.Palette[3], Y: slices.Clone(st.NVar[e])}}
	})
	f := chart.NewBars("Efficiency relative to the best at this ε", short...)
	f.YLabel = "efficiency"
	f.YMin, f.YMax = 0, 1
	f.Width, f.Height = 420, 320
	f.AddFrames(s, func(e int) []*chart.Series {
		return []*chart.Series{{Name: "efficiency", Kind: chart.KindBar, Color: chart.Palette[0], Y: st.Efficiency(e)}}
	})
	return []chart.Item{v, f}, nil
}

// BreakdownRow is the smallest number of points of a sample that, moved far away,
// carry an estimator's estimate away.
type BreakdownRow struct {
	Name  string
	Moved int // points moved before the estimate broke (0: never, up to n)
	N     int
}

// Breakdown moves the first m points of xs to far, for m = 1, 2, …, n, and reports
// for each estimator of RobustEstimators the smallest m at which the estimate ends up
// more than tol from its value on xs: the finite-sample breakdown point times n
// (Hampel et al. 1986, §2.2; Donoho & Huber 1983).
func Breakdown(xs []float64, far, tol float64) ([]BreakdownRow, error) {
	if len(xs) < 2 {
		return nil, fmt.Errorf("robust.Breakdown: len(xs) = %d, want at least 2", len(xs))
	}
	if math.IsNaN(far) || math.IsInf(far, 0) || !(tol > 0) || math.IsInf(tol, 0) {
		return nil, fmt.Errorf("robust.Breakdown: far = %v, tol = %v, want finite far and positive finite tol", far, tol)
	}
	names, losses := RobustEstimators()
	rows := make([]BreakdownRow, len(losses))
	for j, l := range losses {
		t0, err := LocationM(xs, l)
		if err != nil {
			return nil, fmt.Errorf("robust.Breakdown: %w", err)
		}
		rows[j] = BreakdownRow{Name: names[j], N: len(xs)}
		x := slices.Clone(xs)
		for m := 1; m <= len(xs); m++ {
			x[m-1] = far
			t, err := LocationM(x, l)
			if err != nil {
				return nil, fmt.Errorf("robust.Breakdown: %w", err)
			}
			if math.Abs(t-t0) > tol {
				rows[j].Moved = m
				break
			}
		}
	}
	return rows, nil
}

// NewOutlierData returns the outlier demo's data (common.NewOutlierData): n points
// on y = 1 + 0.5x with the moved point's y taking k values from lo to hi.
func NewOutlierData(n int, lo, hi float64, k int) (*common.OutlierData, error) {
	return common.NewOutlierData(n, lo, hi, k)
}
