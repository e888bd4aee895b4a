package keyidea

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// SkewedSample returns n draws from the log-normal distribution with μ = 0, σ = 1
// (median 1, mean e^½ ≈ 1.65: a long right tail, like incomes or waiting times),
// from a fixed seed.
func SkewedSample(n int) []float64 {
	d := distuv.LogNormal{Mu: 0, Sigma: 1, Src: rand.NewPCG(3, 4)}
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = d.Rand()
	}
	return xs
}

// Best is the single best constant prediction for a sample under one loss: the c
// minimising the average loss Σ ρ(xᵢ − c) / n.
type Best struct {
	Loss  string
	Value float64
}

// BestConstants returns the best constant prediction of xs under the squared loss (the
// mean), the absolute loss (a median) and the pinball loss at each τ (a τ-quantile),
// each found by minimising the loss with fit.Location, not by the formula it is
// supposed to match.
func BestConstants(xs []float64, taus []float64) ([]Best, error) {
	losses := []loss.Regression{loss.Squared{}, loss.Absolute{}}
	for i, tau := range taus {
		p, err := loss.NewPinball(tau)
		if err != nil {
			return nil, fmt.Errorf("keyidea.BestConstants: taus[%d]: %w", i, err)
		}
		losses = append(losses, p)
	}
	out := make([]Best, len(losses))
	for i, l := range losses {
		r, err := fit.Location(xs, l, nil)
		if err != nil {
			return nil, fmt.Errorf("keyidea.BestConstants: %w", err)
		}
		out[i] = Best{Loss: l.Name(), Value: r.Location}
	}
	return out, nil
}

// WhatEachLossPredicts returns a histogram of xs with a vertical line at the best
// constant prediction under MSE, MAE and the pinball loss, whose τ follows a slider over
// taus (starting nearest tau).
func WhatEachLossPredicts(xs, taus []float64, tau float64) (*chart.Chart, error) {
	if len(xs) == 0 {
		return nil, fmt.Errorf("keyidea.WhatEachLossPredicts: xs is empty")
	}
	best, err := BestConstants(xs, taus)
	if err != nil {
		return nil, fmt.Errorf("keyidea.WhatEachLossPredicts: %w", err)
	}
	hi := slices.Max(xs)
	const bins = 40
	top := min(hi, 8.0) // the tail beyond 8 is a handful of points: keep the bulk readable
	width := top / bins
	centers, counts := make([]float64, bins), make([]float64, bins)
	for i := range centers {
		centers[i] = (float64(i) + 0.5) * width
	}
	for _, x := range xs {
		if b := int(x / width); b < bins {
			counts[b]++
		}
	}
	peak := slices.Max(counts)
	c := chart.NewBars(fmt.Sprintf("%d draws from a skewed distribution, and each loss's best single guess", len(xs)))
	c.XLabel, c.YLabel = "value", "count"
	c.XMin, c.XMax = 0, top
	c.Add("sample", centers, counts).Color = "#c8d0e0"
	vline := func(name string, x float64) *chart.Series {
		s := chart.Line(fmt.Sprintf("%s = %.2f", name, x), []float64{x, x}, []float64{0, peak * 1.05})
		s.Width = 3
		return s
	}
	c.AddSeries(vline("MSE → mean", best[0].Value), vline("MAE → median", best[1].Value))
	s := chart.NewSlider("τ", taus)
	s.Init = num.Nearest(taus, tau)
	c.AddFrames(s, func(i int) []*chart.Series {
		// No value in the name: a frame's series keep the first frame's names.
		l := chart.Line("pinball → τ-quantile", []float64{best[2+i].Value, best[2+i].Value}, []float64{0, peak * 1.05})
		l.Width, l.Dash = 3, true
		return []*chart.Series{l}
	})
	return c, nil
}

// Taus are the τ values of the pinball slider: 0.05 to 0.95 in steps of 0.05.
var Taus = num.Span(0.05, 0.95, 19)
