package keyidea

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/fit"
)

// OutlierRise returns how much the prediction at x = 10 of the lines of
// notebook 01's outlier demo (MSE, MAE, Huber, in the order of
// OutlierLosses) rises when the moved point goes from y = from to y = to:
// the answer to the notebook's first "predict, then run".
func OutlierRise(from, to float64) ([]float64, error) {
	if math.IsNaN(from) || math.IsInf(from, 0) || math.IsNaN(to) || math.IsInf(to, 0) {
		return nil, fmt.Errorf("keyidea.OutlierRise: from = %v, to = %v, want finite numbers", from, to)
	}
	d, err := NewOutlierData(20, -10, 30, 41)
	if err != nil {
		return nil, fmt.Errorf("keyidea.OutlierRise: %w", err)
	}
	x := make([][]float64, len(d.X))
	for i, v := range d.X {
		x[i] = []float64{v}
	}
	sw, err := fit.OutlierSweep(x, d.Y, d.Point, []float64{from, to}, OutlierLosses(), nil)
	if err != nil {
		return nil, fmt.Errorf("keyidea.OutlierRise: %w", err)
	}
	rise := make([]float64, len(sw.Fits))
	for l, fits := range sw.Fits {
		at := func(k int) float64 { return fits[k].Intercept + 10*fits[k].Coef[0] }
		rise[l] = at(1) - at(0)
	}
	return rise, nil
}

// MeanVsMedian returns which of the mean and the median of ys is larger:
// "mean", "median" or "equal" (within 1e-12 of the larger in size), the
// labels of MeanMedianChoice.
func MeanVsMedian(ys []float64) (string, error) {
	b, err := BestConstants(ys, nil)
	if err != nil {
		return "", fmt.Errorf("keyidea.MeanVsMedian: %w", err)
	}
	mean, median := b[0].Value, b[1].Value
	switch {
	case math.Abs(mean-median) <= 1e-12*math.Max(math.Abs(mean), math.Abs(median)):
		return "equal", nil
	case mean > median:
		return "mean", nil
	}
	return "median", nil
}

// MeanMedianChoice is notebook 01's second prediction: on a sample with a
// long right tail, is the mean or the median larger?
var MeanMedianChoice = exercise.Choice{
	Options: []string{"mean", "median", "equal"},
	Why: map[string]string{
		"mean":   "The few large draws pull the mean (squared error: their pull grows with the distance) but move the median only by the count of points above it",
		"median": "The median counts points, the mean adds them up: a long right tail adds large values, which raise the mean and not the median",
		"equal":  "They agree on a symmetric sample; a long tail on one side pulls the mean that way and leaves the median",
	},
}
