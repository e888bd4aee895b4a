package likelihood

import (
	"math"

	"github.com/lossnb/lossnb/lossnb/metric"
)

// ECEByHand returns the expected calibration error of probabilities p for
// labels y (0 or 1) in bins equal-width bins: in each bin, the gap between the
// share of positives and the mean probability, weighted by the bin's share of
// the points. Notebook 02's "Under the hood" cell; Calibrate computes the
// same number with the reliability diagram.
func ECEByHand(p, y []float64, bins int) float64 {
	count := make([]float64, bins)
	sumP := make([]float64, bins)
	sumY := make([]float64, bins)
	for i := range p {
		b := int(p[i] * float64(bins))
		if b == bins {
			b = bins - 1 // p = 1 goes in the last bin
		}
		count[b]++
		sumP[b] += p[i]
		sumY[b] += y[i]
	}
	ece := 0.0
	for b := range count {
		if count[b] > 0 {
			gap := math.Abs(sumY[b]/count[b] - sumP[b]/count[b])
			ece += count[b] / float64(len(p)) * gap
		}
	}
	return ece
}

// Calibrate returns the reliability table of probabilities p against labels y in
// bins equal-width bins and their expected calibration error (metric.Calibrate),
// so that notebook 02's cells name one lesson package.
func Calibrate(p, y []float64, bins int) (*metric.Reliability, error) {
	return metric.Calibrate(p, y, bins)
}
