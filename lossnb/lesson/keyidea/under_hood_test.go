package keyidea

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// TestBestConstantByGrid: the grid search lands within a grid step of
// BestConstants' minimisers (mean, median, 0.9-quantile) on notebook 01's
// sample; a wrong sign in y − c or a grid that stops short would not.
func TestBestConstantByGrid(t *testing.T) {
	ys := SkewedSample(500)
	best := nbtest.Must(BestConstants(ys, []float64{0.9}))(t)
	for i, rho := range []func(float64) float64{loss.Squared{}.Value, loss.Absolute{}.Value, loss.Pinball{Tau: 0.9}.Value} {
		got := BestConstantByGrid(ys, rho, 0, 5, 0.001)
		// The MAE and pinball losses are flat between two data points: the
		// grid's first point there may differ from the minimiser by a gap.
		if math.Abs(got-best[i].Value) > 0.005 {
			t.Errorf("%s: grid %v, BestConstants %v", best[i].Loss, got, best[i].Value)
		}
	}
}

// TestClaimsPredict ties the numbers of notebook 01's predictions, under-the-hood
// cell and new exercises to what the cells compute: a changed cost, sample size or
// data set fails here with the sentence that states it.
func TestClaimsPredict(t *testing.T) {
	text01 := nbtest.Prose(t, "01-key-idea.ipynb")
	d := nbtest.Must(NewOutlierData(20, -10, 30, 41))(t)
	nbtest.Claim(t, text01, "(20 units up, one point of twenty)", float64(len(d.X)), 20, 0)
	nbtest.Claim(t, text01, "(the point's own $y$ is about 5.7)", float64(int(10*d.Y[d.Point]+0.5))/10, 5.7, 0)
	rise := nbtest.Must(OutlierRise(10, 30))(t)
	nbtest.Claim(t, text01, "rises by 3.71", float64(int(100*rise[0]+0.5))/100, 3.71, 0)
}
