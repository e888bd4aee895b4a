package adversarial

// Notebook 05's exercises beyond the lesson itself: the likely wrong answers to the
// non-saturating generator's slope (exercise 1) and to the shift of the one-mode
// valley (exercise 4), and that shift itself.

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/internal/num"
)

// NonSaturatingSlopeMistakes are the likely wrong answers to "the slope of −log σ(s)
// with respect to the logit s", each with its feedback: the minimax loss's slope
// −σ(s), the slope in D instead of s (−1/D), and the loss itself instead of its slope.
// The right answer is −σ(−s) = −1/(1 + eˢ) (NonSaturatingGenerator.Deriv); its sign
// flipped is named by the check itself.
func NonSaturatingSlopeMistakes() []Mistake {
	sig := func(s float64) float64 { return 1 / (1 + math.Exp(-s)) }
	return []Mistake{
		{F: func(s float64) float64 { return -sig(s) },
			Says: "−σ(s) is the slope of the minimax loss log(1 − σ(s)), the one that vanishes when the fakes are rejected (s → −∞); −log σ(s) has slope −(1 − σ(s))."},
		{F: func(s float64) float64 { return -1 / sig(s) },
			Says: "−1/D is the slope with respect to D, not to the logit s: multiply by dD/ds = D(1 − D)."},
		{F: func(s float64) float64 { return math.Max(-s, 0) + math.Log1p(math.Exp(-math.Abs(s))) },
			Says: "this is the loss −log σ(s) itself; the exercise asks for its slope."},
	}
}

// ValleyShift returns the shift in [lo, hi] at which OptimalValue(m, shift) is lowest,
// by golden-section search (to 1e-9): for GANData and [3, 5], the valley of the
// generator that matches one mode and misses the other, at 2·Mode = 4, where
// V = −log 2.
func ValleyShift(m GANMixture, lo, hi float64) (float64, error) {
	if err := m.check("ValleyShift"); err != nil {
		return 0, err
	}
	if !(lo < hi) || math.Abs(lo) > 20 || math.Abs(hi) > 20 {
		return 0, fmt.Errorf("adversarial.ValleyShift: [lo, hi] = [%v, %v], want lo < hi within [−20, 20]", lo, hi)
	}
	v := func(s float64) float64 {
		x, err := OptimalValue(m, s)
		if err != nil {
			return math.Inf(1)
		}
		return x
	}
	return num.GoldenMin(v, lo, hi, num.AbsWidth(1e-9), true), nil
}

// ValleyMistakes are the likely wrong answers to exercise 4 of notebook 05, "at which
// positive shift is the valley lowest", for the data m: the global minimum's shift 0,
// the shift Mode where V is near its top, and the valley's value −log 2 given for its
// shift. Each is a constant function, for Hint.
func ValleyMistakes(m GANMixture) []Mistake {
	c := func(v float64) func(float64) float64 { return func(float64) float64 { return v } }
	return []Mistake{
		{F: c(0), Says: "shift 0 is the global minimum, where the generator matches the data; the valley asked for is the other one, where only one mode matches."},
		{F: c(m.Mode), Says: fmt.Sprintf("at shift %g each of the generator's modes sits between two of the data's: V is near its highest there, not in a valley.", m.Mode)},
		{F: c(-math.Log(2)), Says: "−log 2 is the value V at the valley's bottom; the exercise asks for the shift where it is."},
	}
}

// GameValueBySum returns V(D*, G), the value of the GAN game with the best
// discriminator D* = p_data/(p_data + p_g), the long way: a plain sum, with step h over
// [lo, hi], of p_data log D* + p_g log(1 − D*), log(1 − D*) taken as
// log(p_g/(p_data + p_g)) so that it does not round to log 0 where the data dwarf the
// fakes. On OptimalValue's range with h = 0.001 it agrees with OptimalValue to about
// 1e-9; notebook 05's "Under the hood" cell declares it word for word.
func GameValueBySum(pData, pGen func(x float64) float64, lo, hi, h float64) float64 {
	var v float64
	for k := 0; k <= int((hi-lo)/h); k++ {
		x := lo + float64(k)*h
		pd, pg := pData(x), pGen(x)
		if pd > 0 {
			v += pd * math.Log(pd/(pd+pg)) * h // p_data log D*
		}
		if pg > 0 {
			v += pg * math.Log(pg/(pd+pg)) * h // p_g log(1 − D*)
		}
	}
	return v
}
