package contrastive

// Notebook 06's exercises and predictions beyond the lesson itself.

import (
	"fmt"
	"math"
	"math/rand/v2"
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

// CorrelatedPairs draws n pairs (x, y) of standard normals with correlation rho from
// the random stream InfoNCEBound uses for seed, in the same order, so that one batch
// of InfoNCEBound(rho, tau, n, 1, seed) scores exactly these pairs.
func CorrelatedPairs(rho float64, n int, seed uint64) (x, y []float64, err error) {
	if _, err := GaussianMI(rho); err != nil {
		return nil, nil, fmt.Errorf("contrastive.CorrelatedPairs: rho = %v, want a correlation in (−1, 1)", rho)
	}
	if n < 1 || n > 4096 {
		return nil, nil, fmt.Errorf("contrastive.CorrelatedPairs: n = %d, want 1 … 4096", n)
	}
	r := rand.New(rand.NewPCG(seed, 0x06))
	x, y = make([]float64, n), make([]float64, n)
	c := math.Sqrt(1 - rho*rho)
	for i := range x {
		x[i] = r.NormFloat64()
		y[i] = rho*x[i] + c*r.NormFloat64()
	}
	return x, y, nil
}

// InfoNCEByHand returns the InfoNCE loss L of the pairs (x[i], y[i]) at temperature 1
// with the best critic log p(y | x)/p(y) of a normal pair with correlation rho, the
// long way: for each row i, the log-sum-exp of its scores minus the score of its right
// partner, averaged over the rows. log N − L is InfoNCEBound's bound for that batch;
// notebook 06's "Under the hood" cell declares it word for word.
func InfoNCEByHand(x, y []float64, rho float64) float64 {
	critic := func(x, y float64) float64 { // log p(y | x) / p(y)
		return -0.5*math.Log(1-rho*rho) - (y-rho*x)*(y-rho*x)/(2*(1-rho*rho)) + y*y/2
	}
	n := len(x)
	row := make([]float64, n)
	var l float64
	for i := range x {
		top := math.Inf(-1)
		for j := range y {
			row[j] = critic(x[i], y[j])
			top = math.Max(top, row[j])
		}
		var sum float64
		for _, s := range row {
			sum += math.Exp(s - top) // shifted by the largest score, so that nothing overflows
		}
		l += (top + math.Log(sum) - row[i]) / float64(n) // −log softmax of the right partner
	}
	return l
}

// InfoNCEOneMistakes are the likely wrong answers to "the InfoNCE loss of one query whose
// positive scores s and whose 15 negatives score 0" (notebook 06, exercise 1; the answer
// is log(eˢ + 15) − s), each with its feedback: 16 negatives counted instead of 15 (the
// positive is one of the N = 16), the −s left out (the log-sum-exp alone), and the
// probability of the positive in place of its negative log.
func InfoNCEOneMistakes() []Mistake {
	lse := func(s, n float64) float64 { // log(eˢ + n), without overflow
		if s > 0 {
			return s + math.Log1p(n*math.Exp(-s))
		}
		return math.Log(math.Exp(s) + n)
	}
	return []Mistake{
		{F: func(s float64) float64 { return lse(s, 16) - s },
			Says: "you counted 16 negatives: the batch has N = 16 keys, the positive and 15 negatives, so the denominator is eˢ + 15."},
		{F: func(s float64) float64 { return lse(s, 15) },
			Says: "this is log(eˢ + 15) alone: the loss is minus the log of the softmax, log(eˢ + 15) − s."},
		{F: func(s float64) float64 { return math.Exp(s - lse(s, 15)) },
			Says: "this is the softmax probability of the positive; the loss is minus its log."},
	}
}
