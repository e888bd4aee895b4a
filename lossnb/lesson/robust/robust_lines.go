package robust

// Notebook 03: a line fitted to contaminated data under least squares, the
// quantile (pinball) loss at τ = ½, Huber and Tukey.

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// ContaminatedLine returns n points with x evenly spaced on [0, 10] and
// y = 1 + 0.5x + ε, ε ~ N(0, 1), of which each is, with probability frac, a gross
// error instead: shifted up by a uniform amount in [8, 16]. bad marks those points.
// The draws come from the stream (seed, 31).
func ContaminatedLine(n int, frac float64, seed uint64) (x, y []float64, bad []bool, err error) {
	if n < 4 {
		return nil, nil, nil, fmt.Errorf("robust.ContaminatedLine: n = %d, want at least 4 points", n)
	}
	if !(frac >= 0 && frac < 0.5) {
		return nil, nil, nil, fmt.Errorf("robust.ContaminatedLine: frac = %v, want a fraction in [0, 0.5)", frac)
	}
	rng := rand.New(rand.NewPCG(seed, 31))
	x, y, bad = num.Span(0, 10, n), make([]float64, n), make([]bool, n)
	for i, v := range x {
		y[i] = 1 + 0.5*v + rng.NormFloat64()
		if rng.Float64() < frac {
			y[i] += 8 + 8*rng.Float64()
			bad[i] = true
		}
	}
	return x, y, bad, nil
}

// RobustLineNames are the fits of RobustLines, in order.
var RobustLineNames = []string{"least squares", "quantile τ = 0.5 (LAD)", "Huber k = 1.345", "Tukey c = 4.685"}

// robustLineShort are the same names as chart legends.
var robustLineShort = []string{"least squares", "quantile ½", "Huber", "Tukey"}

// RobustLines fits y ≈ a + bx by least squares, by the pinball loss at τ = ½
// (least absolute deviations, solved exactly), by Huber (k = 1.345) and by Tukey's
// biweight (c = 4.685, started from the LAD fit, since it is not convex), all at the
// fixed residual scale 1 (the noise's standard deviation), with fit.Linear. It
// returns one fit per RobustLineNames.
func RobustLines(x, y []float64) ([]*fit.Result, error) {
	xx := num.Column(x)
	out := make([]*fit.Result, 0, 4)
	for _, l := range []loss.Regression{loss.Squared{}, loss.Pinball{Tau: 0.5}, RobustHuber} {
		r, err := fit.Linear(xx, y, l, nil)
		if err != nil {
			return nil, fmt.Errorf("robust.RobustLines: %s: %w", l.Name(), err)
		}
		out = append(out, r)
	}
	r, err := fit.Linear(xx, y, RobustTukey, &fit.Options{Init: out[1].Params()})
	if err != nil {
		return nil, fmt.Errorf("robust.RobustLines: %s: %w", RobustTukey.Name(), err)
	}
	return append(out, r), nil
}

// LineMiss is the mean distance |Δa + Δb·x| between a fitted line and the true
// y = 1 + 0.5x over x ∈ [0, 10] (101 evenly spaced x).
func LineMiss(r *fit.Result) float64 {
	var s float64
	xs := num.Span(0, 10, 101)
	for _, v := range xs {
		s += math.Abs(r.Intercept - 1 + (r.Coef[0]-0.5)*v)
	}
	return s / float64(len(xs))
}

// RobustLineStudy is the mean LineMiss of each fit of RobustLines over many data sets.
type RobustLineStudy struct {
	N, Sets int
	Frac    float64
	Miss    []float64 // per fit, the mean over the data sets
}

// RobustLineDemo fits RobustLines to ContaminatedLine(n, frac, s) for s = 1 … sets
// and returns a chart of the first data set (clean points, gross errors, the true
// line and the four fits) and the mean miss of each fit over all the data sets.
func RobustLineDemo(n int, frac float64, sets int) (*chart.Chart, *RobustLineStudy, error) {
	return robustLineDemo(n, frac, sets, 1)
}

// robustLineDemo is RobustLineDemo with the data sets first, first+1, …; the tests
// try several batches.
func robustLineDemo(n int, frac float64, sets int, first uint64) (*chart.Chart, *RobustLineStudy, error) {
	if sets < 1 {
		return nil, nil, fmt.Errorf("robust.RobustLineDemo: sets = %d, want ≥ 1", sets)
	}
	st := &RobustLineStudy{N: n, Sets: sets, Frac: frac, Miss: make([]float64, len(RobustLineNames))}
	var c *chart.Chart
	for s := first; s < first+uint64(sets); s++ {
		x, y, bad, err := ContaminatedLine(n, frac, s)
		if err != nil {
			return nil, nil, fmt.Errorf("robust.RobustLineDemo: %w", err)
		}
		fits, err := RobustLines(x, y)
		if err != nil {
			return nil, nil, fmt.Errorf("robust.RobustLineDemo: data set %d: %w", s, err)
		}
		for j, f := range fits {
			st.Miss[j] += LineMiss(f) / float64(sets)
		}
		if s != first {
			continue
		}
		c = chart.NewScatter(fmt.Sprintf("A line through %d points, %.0f%% of them gross errors", n, 100*frac))
		c.XLabel, c.YLabel = "x", "y"
		var gx, gy, cx, cy []float64
		for i := range x {
			if bad[i] {
				gx, gy = append(gx, x[i]), append(gy, y[i])
			} else {
				cx, cy = append(cx, x[i]), append(cy, y[i])
			}
		}
		c.Add("clean", cx, cy).Color = "#8c96a8"
		c.Add("gross errors", gx, gy).Color = "#e377c2"
		ends := []float64{0, 10}
		truth := chart.Line("truth", ends, []float64{1, 6})
		truth.Dash, truth.Color = true, "#444444"
		c.AddSeries(truth)
		for j, f := range fits {
			c.AddSeries(chart.Line(robustLineShort[j], ends, []float64{f.Intercept, f.Intercept + 10*f.Coef[0]}))
		}
	}
	return c, st, nil
}
