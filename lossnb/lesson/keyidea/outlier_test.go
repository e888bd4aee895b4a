package keyidea

import (
	"math"
	"slices"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/lesson/common"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"
)

func TestOutlier(t *testing.T) {
	d := nbtest.Must(NewOutlierData(20, -10, 30, 41))(t)
	lines, pull, sweep, err := Outlier(d, d.Y[d.Point])
	if err != nil {
		t.Fatal(err)
	}
	if lines.Frames == nil || pull.Frames == nil || lines.Frames.Slider != pull.Frames.Slider {
		t.Fatal("the two charts must follow one shared slider")
	}
	// Where each fit predicts at x = 10, with the point at y = 10 and at y = 30.
	at := func(l, k int) float64 { f := sweep.Fits[l][k]; return f.Intercept + 10*f.Coef[0] }
	k10, k30 := num.Nearest(d.Values, 10), len(d.Values)-1
	moveMSE, moveMAE, moveHuber := at(0, k30)-at(0, k10), at(1, k30)-at(1, k10), at(2, k30)-at(2, k10)
	t.Logf("fitted value at x=10 moves by MSE %.3f, MAE %.3f, Huber %.3f", moveMSE, moveMAE, moveHuber)
	if moveMSE < 3 {
		t.Errorf("MSE fit moved %.3f when the point went from 10 to 30: it should chase the point", moveMSE)
	}
	if math.Abs(moveMAE) > 0.05 || math.Abs(moveHuber) > 0.5 {
		t.Errorf("MAE moved %.3f and Huber %.3f: they should barely move once the point is an outlier", moveMAE, moveHuber)
	}
	// The moved point's share of the MSE pull grows toward all of it; under MAE it never
	// exceeds an equal share among the points off the line.
	shares := pull.Frames.Series[k30]
	mseShare, maeShare := shares[0].Y[d.Point], shares[1].Y[d.Point]
	if mseShare < 0.25 {
		t.Errorf("under MSE the far point has %.2f of the pull, want a large share (> 5 times an even 1/20)", mseShare)
	}
	if maeShare > 1.0/18+1e-9 {
		t.Errorf("under MAE the far point has %.3f of the pull, want at most 1/18", maeShare)
	}
	for k, fr := range pull.Frames.Series {
		for _, s := range fr {
			if sum := floats.Sum(s.Y); !scalar.EqualWithinAbsOrRel(sum, 1, 1e-12, 1e-12) {
				t.Fatalf("frame %d, %s: shares sum to %v, want 1", k, s.Name, sum)
			}
		}
	}
}

// The outlier lesson holds for the data, not for one draw of the noise: on six
// noise seeds, moving the last point from y = 10 to 30 moves the MSE line's
// prediction at x = 10 by the point's leverage times 20 (3.71, whatever the noise),
// while the MAE and Huber lines do not move at all (the point's pull is already
// capped at y = 10). A Huber or MAE fit that kept chasing the point, or a data set
// on which the lesson only held by luck, fails here.
func TestOutlierAcrossSeeds(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		d := nbtest.Must(common.NewOutlierDataSeed(20, 10, 30, 3, seed))(t)
		_, _, sweep, err := Outlier(d, 10)
		if err != nil {
			t.Fatal(err)
		}
		at := func(l, k int) float64 { f := sweep.Fits[l][k]; return f.Intercept + 10*f.Coef[0] }
		if mv := at(0, 2) - at(0, 0); math.Abs(mv-3.71) > 0.005 {
			t.Errorf("seed %d: MSE prediction at x = 10 moved by %.4f, want the leverage effect 3.71", seed, mv)
		}
		for l := 1; l <= 2; l++ {
			if mv := at(l, 2) - at(l, 0); math.Abs(mv) > 1e-3 {
				t.Errorf("seed %d: %s prediction at x = 10 moved by %.4g, want < 0.001", seed, OutlierLosses()[l].Name(), mv)
			}
		}
	}
}

func TestPullSharesNoPull(t *testing.T) {
	got := PullShares(OutlierHuber, []float64{0, 1}, []float64{1, 3}, 1, 2)
	if got[0] != 0 || got[1] != 0 {
		t.Errorf("a line through every point: shares %v, want zeros", got)
	}
}

func TestNewOutlierDataBadInput(t *testing.T) {
	for _, tc := range []struct {
		n, k   int
		lo, hi float64
	}{{3, 41, 0, 1}, {20, 1, 0, 1}, {20, 41, 1, 1}, {20, 41, math.Inf(-1), 1}} {
		if _, err := NewOutlierData(tc.n, tc.lo, tc.hi, tc.k); err == nil {
			t.Errorf("NewOutlierData(%d, %v, %v, %d): no error", tc.n, tc.lo, tc.hi, tc.k)
		}
	}
}

func TestBestConstants(t *testing.T) {
	xs := SkewedSample(201) // odd: the median is unique
	taus := []float64{0.1, 0.5, 0.9}
	best := nbtest.Must(BestConstants(xs, taus))(t)
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	if want := stat.Mean(xs, nil); !scalar.EqualWithinAbsOrRel(best[0].Value, want, 1e-12, 1e-12) {
		t.Errorf("best constant under MSE %v, mean %v", best[0].Value, want)
	}
	if want := sorted[100]; best[1].Value != want {
		t.Errorf("best constant under MAE %v, median %v", best[1].Value, want)
	}
	for i, tau := range taus {
		if want := stat.Quantile(tau, stat.Empirical, sorted, nil); best[2+i].Value != want {
			t.Errorf("best constant under pinball τ=%v: %v, %v-quantile %v", tau, best[2+i].Value, tau, want)
		}
	}
	if _, err := BestConstants(xs, []float64{1.5}); err == nil {
		t.Error("τ = 1.5: no error")
	}
}
