package keyidea

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
)

// TestOutlierRise: the predicted quantity is the one the prose states (3.71
// for MSE, under 0.001 for MAE and Huber), from the same sweep as the demo;
// fitting at the wrong x or swapping from and to would fail.
func TestOutlierRise(t *testing.T) {
	rise := nbtest.Must(OutlierRise(10, 30))(t)
	if math.Round(100*rise[0])/100 != 3.71 || math.Abs(rise[1]) >= 0.001 || math.Abs(rise[2]) >= 0.001 {
		t.Errorf("rise %v, want 3.71 for MSE and < 0.001 for MAE and Huber", rise)
	}
	if _, err := OutlierRise(math.NaN(), 1); err == nil {
		t.Error("OutlierRise(NaN, 1): no error")
	}
}

// TestMeanVsMedian: the right-skewed sample's mean is above its median; a
// symmetric sample gives "equal"; a left-skewed one "median".
func TestMeanVsMedian(t *testing.T) {
	for _, c := range []struct {
		ys   []float64
		want string
	}{{SkewedSample(500), "mean"}, {[]float64{1, 2, 3}, "equal"}, {[]float64{-100, 1, 2}, "median"}} {
		got, err := MeanVsMedian(c.ys)
		if err != nil || got != c.want {
			t.Errorf("MeanVsMedian(%v…) = %q, %v; want %q", c.ys[:2], got, err, c.want)
		}
	}
}
