package loss

import (
	"math"
	"strconv"
)

// softplus returns log(1 + exp(x)) without overflow or cancellation.
func softplus(x float64) float64 {
	sp, _, _, _ := softplusBoth(x)
	return sp
}

// sigmoid returns 1/(1 + exp(−x)) without overflow.
func sigmoid(x float64) float64 {
	e := math.Exp(-math.Abs(x))
	inv := 1 / (1 + e)
	ei := e * inv
	m := uint64(int64(math.Float64bits(x)) >> 63) // all ones iff x < 0: σ = e/(1 + e)
	return math.Float64frombits(math.Float64bits(inv)&^m | math.Float64bits(ei)&m)
}

// log1pSqDiv returns log(1 + (r/d)²) for d > 0 without overflow, also when
// r/d itself overflows.
func log1pSqDiv(r, d float64) float64 {
	u := math.Abs(r / d)
	if u > 1e100 {
		return 2 * (math.Log(math.Abs(r)) - math.Log(d))
	}
	return math.Log1p(u * u)
}

// logCosh returns log(cosh(x)) accurately for all finite x:
// log1p(2 sinh²(x/2)) for |x| ≤ 1 (no cancellation near 0), and
// |x| + log1p(exp(−2|x|)) − log 2 otherwise (no overflow).
func logCosh(x float64) float64 {
	a := math.Abs(x)
	if a <= 1 {
		s := math.Sinh(a / 2)
		return math.Log1p(2 * s * s)
	}
	return a + math.Log1p(math.Exp(-2*a)) - math.Ln2
}

// logSumExp returns log Σ exp(x[i]) (the row must be non-empty) and its max.
func logSumExp(x []float64) float64 {
	m, s := maxSumExp(x)
	return m + math.Log(s)
}

// maxSumExp returns m = max x and Σ exp(x[i] − m) ≥ 1.
func maxSumExp(x []float64) (m, s float64) {
	m = x[0]
	for _, v := range x[1:] {
		if v > m {
			m = v
		}
	}
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m, s
}

// logSoftmax writes x − logSumExp(x) to dst and returns the log-sum-exp.
// A log-probability below −MaxFloat64 (logits more than 1.8e308 apart) is
// clamped to −MaxFloat64, so that 0·log p stays 0 instead of NaN.
func logSoftmax(dst, x []float64) float64 {
	m, s := maxSumExp(x)
	ls := math.Log(s)
	for i, v := range x {
		// (v − m) − log s, not v − (m + log s): at logits of 1e308, m +
		// log s rounds to m and the log-probability log ½ of two equal
		// logits would come out as 0.
		dst[i] = math.Max((v-m)-ls, -math.MaxFloat64)
	}
	return m + ls
}

// softmaxBoth writes log-softmax(x) to lp and softmax(x) to p, with one
// exp per element; lp is clamped as in logSoftmax.
func softmaxBoth(lp, p, x []float64) {
	m := x[0]
	for _, v := range x[1:] {
		if v > m {
			m = v
		}
	}
	var s float64
	for i, v := range x {
		e := math.Exp(v - m)
		p[i] = e
		s += e
	}
	ls := math.Log(s)
	inv := 1 / s
	for i, v := range x {
		lp[i] = math.Max((v-m)-ls, -math.MaxFloat64) // as in logSoftmax
		p[i] *= inv
	}
}

// sign returns −1, 0 or +1.
func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// relu returns max(x, 0).
func relu(x float64) float64 {
	if x > 0 {
		return x
	}
	return 0
}

// fmtG formats a parameter for Name(): shortest exact form, "-Inf" for −∞.
func fmtG(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}
