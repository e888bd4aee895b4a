package lesson

// Notebook 06's exercises and predictions beyond the lesson itself.

import (
	"fmt"
	"math"
)

// DimensionsAbove returns how many of the singular values in spectrum (largest first,
// as CollapseRun.Spectrum) are above frac times the largest: the dimensions an
// embedding still uses, at that cut. It returns 0 for an empty spectrum or one whose
// largest value is not positive.
func DimensionsAbove(spectrum []float64, frac float64) int {
	if len(spectrum) == 0 || !(spectrum[0] > 0) {
		return 0
	}
	n := 0
	for _, s := range spectrum {
		if s > frac*spectrum[0] {
			n++
		}
	}
	return n
}

// SmallestBatchMistakes are the likely wrong answers to "the smallest batch size N whose
// InfoNCE bound log N − L can reach a mutual information of mi nats" (the answer is
// ⌈e^mi⌉), each a constant function for Hint: e^mi itself (not a whole number), ⌊e^mi⌋
// (rounded down, whose log N falls short), and 512, the largest batch of the chart
// (where the averaged bound with the best critic comes close).
func SmallestBatchMistakes(mi float64) []Mistake {
	c := func(v float64) func(float64) float64 { return func(float64) float64 { return v } }
	e := math.Exp(mi)
	return []Mistake{
		{F: c(e), Says: fmt.Sprintf("e^%.3f = %.3f is where log N equals the information, but a batch holds a whole number of pairs: round up.", mi, e)},
		{F: c(math.Floor(e)), Says: fmt.Sprintf("with N = %g the bound stops at log %g = %.3f nats, short of %.3f: round up, not down.", math.Floor(e), math.Floor(e), math.Log(math.Floor(e)), mi)},
		{F: c(512), Says: "512 is where the chart's averaged bound, with a finite batch and the best critic, comes close; the question is the ceiling log N, which a much smaller batch already clears."},
	}
}
