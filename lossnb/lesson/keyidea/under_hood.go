package keyidea

import "math"

// The "Under the hood" cells of the notebooks: each declares one of these
// functions, word for word, with a lower-case name (TestUnderHoodCells checks
// that the cell and the function stay the same), so the student reads and
// changes plain Go that the tests hold to the lesson's own results.

// BestConstantByGrid returns the constant c among lo, lo+step, …, hi with the
// smallest total loss Σᵢ ρ(yᵢ − c): notebook 01's best constant found the long
// way, by trying every candidate (BestConstants minimises instead).
func BestConstantByGrid(ys []float64, rho func(r float64) float64, lo, hi, step float64) float64 {
	best, bestTotal := lo, math.Inf(1)
	for k := 0; lo+float64(k)*step <= hi; k++ {
		c := lo + float64(k)*step
		total := 0.0
		for _, y := range ys {
			total += rho(y - c)
		}
		if total < bestTotal {
			best, bestTotal = c, total
		}
	}
	return best
}
