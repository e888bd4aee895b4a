package likelihood

import "math/rand/v2"

// StockShortCost and StockLeftoverCost are the costs per unit of notebook 02's
// business exercise: a unit of demand the shop cannot serve loses its margin
// (3), a unit left on the shelf at closing is written off at cost (1).
const (
	StockShortCost    = 3
	StockLeftoverCost = 1
)

// StockDemand returns n days of a shop's demand ys for one product, with the
// day's footfall forecast xs (0 to 10): demand rises by 3 units per point of
// forecast from 20, plus right-skewed noise, 8 times an Exponential(1) draw
// (most days a little above the trend, a few far above). The seed chooses
// the days: notebook 02 trains on seed 1 and holds out seed 2.
func StockDemand(n int, seed uint64) (xs, ys []float64) {
	rng := rand.New(rand.NewPCG(seed, 2026))
	xs, ys = make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i] = 10 * rng.Float64()
		ys[i] = 20 + 3*xs[i] + 8*rng.ExpFloat64()
	}
	return xs, ys
}

// StockCost is the business cost of stocking stock units on a day with
// demand units of demand: StockShortCost per unit short, StockLeftoverCost
// per unit left over.
func StockCost(demand, stock float64) float64 {
	if demand > stock {
		return StockShortCost * (demand - stock)
	}
	return StockLeftoverCost * (stock - demand)
}
