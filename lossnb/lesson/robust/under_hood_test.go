package robust

import (
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/loss"
	"gonum.org/v1/gonum/floats/scalar"
)

// TestSlopeInfluenceByRefit: the refit by hand agrees with
// LinearInfluenceTable's −H⁻¹∇ℓ for MSE and Huber at notebook 03's points
// (the outlier at y = 20); weights changed by eps instead of eps·n would be
// off by a factor of 20.
func TestSlopeInfluenceByRefit(t *testing.T) {
	d := nbtest.Must(NewOutlierData(20, -10, 30, 41))(t)
	d.Y[d.Point] = 20
	rows := nbtest.Must(LinearInfluenceTable(20, []int{0, 10, 19}))(t)
	for _, row := range rows {
		var l loss.Regression
		switch row.Loss {
		case "MSE":
			l = loss.Squared{}
		case "Huber":
			l = RobustHuber
		default:
			continue
		}
		got := nbtest.Must(SlopeInfluenceByRefit(d.X, d.Y, l, row.Point, 1e-4))(t)
		if !scalar.EqualWithinAbsOrRel(got, row.Analytic, 1e-4, 1e-4) {
			t.Errorf("%s point %d: refit %v, −H⁻¹∇ℓ %v", row.Loss, row.Point, got, row.Analytic)
		}
	}
}

// TestClaimsPredict ties the numbers of notebook 03's predictions, under-the-hood
// cell and new exercises to what the cells compute: a changed cost, sample size or
// data set fails here with the sentence that states it.
func TestClaimsPredict(t *testing.T) {
	text03 := nbtest.Prose(t, "03-robust-and-influence.ipynb")
	xs3 := nbtest.Must(RobustSample(20, 11))(t)
	nbtest.Claim(t, text03, "How many of the 20 points must be moved to 1000", float64(len(xs3)), 20, 0)
	nbtest.Claim(t, text03, "at 41 residuals from −5 to 5, for $c = 4.685$", RobustTukey.C, 4.685, 0)
}
