package keyidea

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/lesson/common"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// Deltas are the values of Huber's δ offered by the slider of RegressionLosses:
// 0.1 to 3 in steps of 0.1. At δ = 0.1 Huber is close to δ|r| (MAE's shape at a
// tenth of its height) and SmoothL1(β = δ) close to |r|; at δ = 3 Huber is ½r² on
// the whole plotted range [−3, 3], half the MSE.
var Deltas = num.Span(0.1, 3, 30)

// RegressionLosses returns the first chart of the course: the squared (MSE), absolute
// (MAE), Huber and smooth L1 losses against the residual r = y − ŷ on [−3, 3], with a
// slider over Huber's δ in deltas starting at the value closest to delta; the smooth
// L1 curve has β = δ.
//
// Per point, MSE is r², MAE is |r|, Huber is ½r² for |r| ≤ δ and δ(|r| − ½δ) beyond,
// and SmoothL1 is ½r²/β for |r| < β and |r| − ½β beyond (PyTorch's definitions), so
// Huber_δ = δ·SmoothL1_{β=δ}: the two have one shape at two heights. As δ → 0 Huber
// shrinks to 0 (like δ|r|) while SmoothL1 tends to |r|; for large δ Huber is ½r²
// (half the MSE) and SmoothL1 r²/(2β), ever flatter. Every δ must be positive and finite.
func RegressionLosses(deltas []float64, delta float64) (*chart.Chart, error) {
	if len(deltas) == 0 {
		return nil, fmt.Errorf("keyidea.RegressionLosses: deltas is empty")
	}
	hubers := make([]loss.Huber, len(deltas))
	for i, d := range deltas {
		h, err := loss.NewHuber(d)
		if err != nil {
			return nil, fmt.Errorf("keyidea.RegressionLosses: deltas[%d]: %w", i, err)
		}
		hubers[i] = h
	}
	if math.IsNaN(delta) {
		return nil, fmt.Errorf("keyidea.RegressionLosses: delta is NaN")
	}
	rs := num.Span(-3, 3, 121)
	c := chart.NewLines("What each loss charges for a residual")
	c.XLabel, c.YLabel = "residual r = y − ŷ", "loss"
	c.YMin, c.YMax = 0, 9
	c.Add("MSE  r²", rs, common.Curve(loss.Squared{}, rs))
	c.Add("MAE  |r|", rs, common.Curve(loss.Absolute{}, rs))
	s := chart.NewSlider("δ", deltas)
	s.Init = num.Nearest(deltas, delta)
	c.AddFrames(s, func(i int) []*chart.Series {
		sl := chart.Line("SmoothL1, β = δ  (Huber / δ)", rs, common.Curve(loss.SmoothL1{Beta: deltas[i]}, rs))
		sl.Dash = true
		return []*chart.Series{chart.Line("Huber", rs, common.Curve(hubers[i], rs)), sl}
	})
	return c, nil
}

// RegressionGradients returns ψ(r) = ρ'(r), the pull of each residual on the fit, for
// the squared, absolute and Huber(δ) losses on [−3, 3]: MSE pulls in proportion to the
// error (2r), MAE with constant strength (sign r), Huber with r (half of MSE's pull,
// since it is ½r² there) up to δ and then no harder than δ.
func RegressionGradients(delta float64) (*chart.Chart, error) {
	h, err := loss.NewHuber(delta)
	if err != nil {
		return nil, fmt.Errorf("keyidea.RegressionGradients: %w", err)
	}
	rs := num.Span(-3, 3, 121)
	c := chart.NewLines(fmt.Sprintf("How hard each residual pulls: ψ(r) = ρ′(r), Huber δ = %g", delta))
	c.XLabel, c.YLabel = "residual r = y − ŷ", "ψ(r)"
	c.Add("MSE  2r", rs, common.DerivCurve(loss.Squared{}, rs))
	c.Add("MAE  sign(r)", rs, common.DerivCurve(loss.Absolute{}, rs))
	c.Add(h.Name(), rs, common.DerivCurve(h, rs))
	return c, nil
}
