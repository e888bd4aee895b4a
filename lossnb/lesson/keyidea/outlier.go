package keyidea

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/lesson/common"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// OutlierData is the outlier demo's data set (common.OutlierData, shared with notebook 03).
type OutlierData = common.OutlierData

// NewOutlierData returns the outlier demo's data (common.NewOutlierData).
func NewOutlierData(n int, lo, hi float64, k int) (*OutlierData, error) {
	return common.NewOutlierData(n, lo, hi, k)
}

// OutlierHuber is the Huber loss of the outlier demo, δ = 1.345 on data whose noise has
// standard deviation 1: the tuning with 95% efficiency at the Gaussian (Huber 1981,
// §4.6; loss.HuberK95).
var OutlierHuber = loss.Huber{Delta: loss.HuberK95}

// OutlierLosses are the losses compared in the outlier demo.
func OutlierLosses() []loss.Regression {
	return []loss.Regression{loss.Squared{}, loss.Absolute{}, OutlierHuber}
}

// Outlier returns the two linked charts of the outlier demo and the sweep behind them:
// the data with the lines fitted under MSE, MAE and Huber, and each point's share of
// the pull on the fit, |ψ(rᵢ)| / Σⱼ|ψ(rⱼ)|, per loss; one slider moves the last point's
// y through d.Values, starting at the value nearest init.
func Outlier(d *OutlierData, init float64) (lines, pull *chart.Chart, sweep *fit.Sweep, err error) {
	x := make([][]float64, len(d.X))
	for i, v := range d.X {
		x[i] = []float64{v}
	}
	losses := OutlierLosses()
	sweep, err = fit.OutlierSweep(x, d.Y, d.Point, d.Values, losses, nil)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("keyidea.Outlier: %w", err)
	}
	names := []string{"MSE", "MAE", "Huber"}
	// One colour per loss in both charts (ECharts' default palette, chart.Palette).
	colors := []string{chart.Palette[0], chart.Palette[1], chart.Palette[3]}
	s := chart.NewSlider("moved point's y", d.Values)
	s.Format = "%.1f"
	s.Init = num.Nearest(d.Values, init)

	others := append([]float64(nil), d.Y[:d.Point]...)
	lines = chart.NewScatter("One point moves: which fits follow it?")
	lines.XLabel, lines.YLabel = "x", "y"
	lines.Add("data", d.X[:d.Point], others).Color = "#8c96a8"
	ends := []float64{d.X[0], d.X[len(d.X)-1]}
	lines.AddFrames(s, func(k int) []*chart.Series {
		out := []*chart.Series{chart.Points("moved point", []float64{d.X[d.Point]}, []float64{d.Values[k]})}
		out[0].Width = 12
		out[0].Color = "#222222"
		for l := range losses {
			f := sweep.Fits[l][k]
			line := chart.Line(names[l]+" fit", ends,
				[]float64{f.Intercept + f.Coef[0]*ends[0], f.Intercept + f.Coef[0]*ends[1]})
			line.Color = colors[l]
			out = append(out, line)
		}
		return out
	})

	idx := make([]string, len(d.X))
	for i := range idx {
		idx[i] = fmt.Sprint(i + 1)
	}
	idx[d.Point] = "moved"
	pull = chart.NewBars("Each point's share of the pull on the fit, |ψ(r)| / Σ|ψ|", idx...)
	pull.XLabel, pull.YLabel = "point", "share of the pull"
	// y range: from the data over all slider positions, so the bars fill the chart.
	pull.AddFrames(s, func(k int) []*chart.Series {
		y := append(append([]float64(nil), others...), d.Values[k])
		var out []*chart.Series
		for l, lf := range losses {
			f := sweep.Fits[l][k]
			out = append(out, &chart.Series{Name: names[l], Kind: chart.KindBar, Color: colors[l],
				Y: PullShares(lf, d.X, y, f.Intercept, f.Coef[0])})
		}
		return out
	})
	return lines, pull, sweep, nil
}

// PullShares returns each point's share |ψ(rᵢ)| / Σⱼ|ψ(rⱼ)| of the total pull on the
// line a + b·x under loss l, where rᵢ = yᵢ − (a + b·xᵢ). At the optimum the signed
// pulls balance (Σψ(rᵢ) = 0); the shares say who is doing the pulling. If every
// residual is zero there is no pull and every share is 0.
func PullShares(l loss.Regression, x, y []float64, a, b float64) []float64 {
	shares := make([]float64, len(x))
	var total float64
	for i := range x {
		shares[i] = math.Abs(l.Deriv(y[i] - (a + b*x[i])))
		total += shares[i]
	}
	if total > 0 {
		for i := range shares {
			shares[i] /= total
		}
	}
	return shares
}

// OutlierDemo returns notebook 01's outlier charts on the default data: 20 points,
// the last one moved from y = −10 to 30 in 41 steps, starting at its true value.
func OutlierDemo() ([]chart.Item, error) {
	d, err := NewOutlierData(20, -10, 30, 41)
	if err != nil {
		return nil, err
	}
	lines, pull, _, err := Outlier(d, d.Y[d.Point])
	if err != nil {
		return nil, err
	}
	return []chart.Item{lines, pull}, nil
}
