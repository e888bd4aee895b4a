package loss

import "math"

// Constants of fdlibm's e_log.c (also Go's math/log.go): ln 2 split in a
// high part with trailing zeros and a low part, and the minimax
// coefficients Lg1…Lg7 of R(z) ≈ 2·atanh(s)/s − 2 − 2z/3… on |s| ≤ 0.1716.
const (
	ln2Hi = 6.93147180369123816490e-01 // 0x3fe62e42fee00000
	ln2Lo = 1.90821492927058770002e-10 // 0x3dea39ef35793c76
	lg1   = 6.666666666666735130e-01
	lg2   = 3.999999999940941908e-01
	lg3   = 2.857142874366239149e-01
	lg4   = 2.222219843214978396e-01
	lg5   = 1.818357216161805012e-01
	lg6   = 1.531383769920937332e-01
	lg7   = 1.479819860511658591e-01
	// sqrt2m1 = √2 − 1: above it 1 + e is reduced to (1 + e)/2.
	sqrt2m1 = 0.41421356237309504880
)

// log1pUnit returns log(1 + e) for e ∈ [0, 1] (as e = exp(−|x|) in
// softplus), about twice as fast as math.Log1p in the BCE-with-logits loop,
// where log1p took 60% of the time. It is fdlibm's log kernel with an
// exact argument reduction that the range allows:
//
//	1 + e = 2^k·(1 + f),  k = 0, f = e              if e ≤ √2 − 1
//	                      k = 1, f = (e − 1)/2      otherwise (exact: Sterbenz)
//	log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)),  s = f/(2 + f),  |s| ≤ 0.1716
//
// so 1 + e is never rounded, and no table, no Frexp and no unpredictable
// branch is needed (k and f are selected without a jump). TestLog1pUnit
// bounds the error against math.Log1p by 2 ulps (measured: 1).
func log1pUnit(e float64) float64 {
	// Select k and f without a jump (a float compare compiles to one,
	// mispredicted a third of the time for logits of a few units): for
	// e ≥ 0 the bit patterns are ordered as the values, so the sign of
	// bits(√2 − 1) − bits(e) gives an all-ones mask exactly when e > √2 − 1.
	fb := math.Float64bits(e)
	alt := math.Float64bits((e - 1) * 0.5)
	m := uint64(int64(math.Float64bits(sqrt2m1)-fb) >> 63)
	fb = fb&^m | alt&m
	kb := math.Float64bits(1) & m
	f, k := math.Float64frombits(fb), math.Float64frombits(kb)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := s2 * (lg1 + s4*(lg3+s4*(lg5+s4*lg7)))
	t2 := s4 * (lg2 + s4*(lg4+s4*lg6))
	hfsq := 0.5 * f * f
	return k*ln2Hi - ((hfsq - (s*(hfsq+t1+t2) + k*ln2Lo)) - f)
}

// ceLabels is the loop of [CrossEntropy] without weights and label
// smoothing, the common case: one exp per logit (stored in grad, then
// scaled into the softmax) and one log per row, where the general loop
// also forms every log-probability. It returns the same bits as the
// general loop: ℓ = −max(z_y − lse, −MaxFloat64) and g = (p − 1[c = y])/d.
func ceLabels(elems, grad, logits []float64, k int, labels []int, ign int, d float64) float64 {
	var s float64
	for i, y := range labels {
		z := logits[i*k : (i+1)*k]
		if y == ign {
			if grad != nil {
				clear(grad[i*k : (i+1)*k])
			}
			if elems != nil {
				elems[i] = 0
			}
			continue
		}
		m := z[0]
		for _, v := range z[1:] {
			m = max(m, v)
		}
		var g []float64
		if grad != nil {
			g = grad[i*k : (i+1)*k]
		}
		var sum float64
		for j, v := range z {
			e := math.Exp(v - m)
			sum += e
			if g != nil {
				g[j] = e
			}
		}
		// (z_y − m) − log Σ, as softmaxBoth: at logits of 1e308, m + log Σ rounds to m.
		l := -math.Max((z[y]-m)-math.Log(sum), -math.MaxFloat64)
		s += l
		if elems != nil {
			elems[i] = l
		}
		if g != nil {
			inv := 1 / sum
			for j := range g {
				p := g[j] * inv
				if j == y {
					p -= 1
				}
				g[j] = p / d
			}
		}
	}
	return s / d
}

// smoothL1Fast is the loop of [MAE] (β = 0) and [SmoothL1Loss], on
// validated input: the mean of ρ(d), d = pred − target, and if dst is not
// nil the gradient ψ/N, with the same bits as Reduce/Grad with [Absolute]
// or [SmoothL1] (ρ = ½d²/β for |d| < β, |d| − β/2 beyond; ψ = d/β inside
// and sign(d) beyond, 0 at d = 0), but with selects instead of jumps and
// no interface call per element.
func smoothL1Fast(dst, pred, target []float64, beta float64) float64 {
	n := float64(len(pred))
	var s float64
	for i, p := range pred {
		d := p - target[i]
		a := math.Abs(d)
		in := a < beta
		v := a - 0.5*beta
		if in {
			v = 0.5 * d * d / beta
		}
		s += v
		if dst != nil {
			g := math.Copysign(1, d)
			if in {
				g = d / beta
			}
			if d == 0 {
				g = 0
			}
			dst[i] = g / n
		}
	}
	return s / n
}

// softplusBoth returns softplus(x), softplus(−x), σ(x) and σ(−x) from one
// exp, one log1p and one division, without a jump (the sign of a logit is
// unpredictable, and a mispredicted branch costs as much as the exp):
//
//	e = exp(−|x|),  softplus(±x) = max(±x, 0) + log1p(e),
//	σ(|x|) = 1/(1 + e),  σ(−|x|) = e/(1 + e)
//
// with the signs selected by a mask made from the sign bit of x.
func softplusBoth(x float64) (spPos, spNeg, sg, sgc float64) {
	e := math.Exp(-math.Abs(x))
	l := log1pUnit(e)
	m := uint64(int64(math.Float64bits(x)) >> 63) // all ones iff x < 0 (or −0)
	pos := math.Float64frombits(math.Float64bits(x) &^ m)
	neg := math.Float64frombits(math.Float64bits(-x) & m)
	inv := 1 / (1 + e)
	ei := e * inv
	ib, eb := math.Float64bits(inv), math.Float64bits(ei)
	sg = math.Float64frombits(ib&^m | eb&m)
	sgc = math.Float64frombits(eb&^m | ib&m)
	return l + pos, l + neg, sg, sgc
}

// logisticMargin is MarginReduce/MarginGrad for [Logistic] (PyTorch's
// SoftMarginLoss): softplus(−m) and its derivative −σ(−m) from one exp
// and one log1p per element, instead of two interface calls with two exps.
func logisticMargin(grad, scores, labels, weights []float64, d float64) float64 {
	var s float64
	w := 1.0
	for i, f := range scores {
		if weights != nil {
			w = weights[i]
		}
		y := labels[i]
		sp, _, sg, _ := softplusBoth(-y * f) // softplus(−m), σ(−m)
		s += w * sp
		if grad != nil {
			grad[i] = w * y * -sg / d
		}
	}
	return s / d
}
