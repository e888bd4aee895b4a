package loss

import (
	"math"
	"testing"
)

// log1pUnit agrees with math.Log1p within 2 ulps on e ∈ [0, 1], from
// subnormal e to 1 (a plain log(1 + e) is off by up to 1e16 ulps for
// e ≈ 1e-16, and fails at once).
func TestLog1pUnit(t *testing.T) {
	rng := newRand(1)
	worst := 0.0
	check := func(e float64) {
		got, want := log1pUnit(e), math.Log1p(e)
		if want == 0 {
			if got != 0 {
				t.Fatalf("log1pUnit(%g) = %g, want 0", e, got)
			}
			return
		}
		ulps := math.Abs(got-want) / (math.Nextafter(want, math.Inf(1)) - want)
		worst = math.Max(worst, ulps)
		if ulps > 2 {
			t.Fatalf("log1pUnit(%g) = %.17g, math.Log1p %.17g: %.1f ulps", e, got, want, ulps)
		}
	}
	for _, e := range []float64{0, 5e-324, 1e-300, 1e-17, 1.1102230246251565e-16, 2.220446049250313e-16, 1e-8, 0.5, 1} {
		check(e)
	}
	for range 200000 {
		check(math.Exp(-40 * rng.Float64())) // e = exp(−|x|) for |x| < 40
		check(rng.Float64())
	}
	t.Logf("worst error: %.2f ulps", worst)
}

func BenchmarkLog1p(b *testing.B) {
	x := make([]float64, 4096)
	rng := newRand(2)
	for i := range x {
		x[i] = math.Exp(-10 * rng.Float64())
	}
	var s float64
	b.Run("math.Log1p", func(b *testing.B) {
		for b.Loop() {
			for _, e := range x {
				s += math.Log1p(e)
			}
		}
	})
	b.Run("log1pUnit", func(b *testing.B) {
		for b.Loop() {
			for _, e := range x {
				s += log1pUnit(e)
			}
		}
	})
	b.Run("math.Exp", func(b *testing.B) {
		for b.Loop() {
			for _, e := range x {
				s += math.Exp(-e)
			}
		}
	})
	if s == 0 {
		b.Log(s)
	}
}

// The fast paths return the same bits as the formulas they replace: the
// branch-free Huber loop as the piecewise ½d² / δ(|d| − δ/2) sum, and the
// unweighted cross-entropy loop as the general loop (reached with weights
// of 1). A different rounding order would show in the last bit.
func TestFastPathsBitwise(t *testing.T) {
	rng := newRand(11)
	pred, target := randVec(rng, 1001, 2), randVec(rng, 1001, 1)
	pred[0], target[0] = 1, 0  // d = δ exactly
	pred[1], target[1] = -1, 0 // d = −δ
	pred[2], target[2] = 0.5, 0.5
	const delta = 1.0
	g := make([]float64, len(pred))
	got := mk(gv(HuberLossGrad(g, pred, target, delta, Options{})))
	var s float64
	for i, p := range pred {
		d := p - target[i]
		want := d
		switch {
		case d > delta:
			s += delta * (d - 0.5*delta)
			want = delta
		case d < -delta:
			s += delta * (-d - 0.5*delta)
			want = -delta
		default:
			s += 0.5 * d * d
		}
		if g[i] != want*(1/float64(len(pred))) {
			t.Fatalf("HuberLossGrad[%d] = %v, want %v", i, g[i], want/float64(len(pred)))
		}
	}
	if want := s * (1 / float64(len(pred))); got != want {
		t.Errorf("HuberLoss = %.17g, piecewise formula %.17g", got, want)
	}

	// MAE and SmoothL1Loss against the generic Reduce/Grad path.
	pred[3], target[3] = 0.25, 0.75 // d = −β/2 for β = 1
	for _, beta := range []float64{0, 0.5, 1} {
		var l Regression = SmoothL1{Beta: beta}
		gf := make([]float64, len(pred))
		var fast float64
		if beta == 0 {
			l = Absolute{}
			fast = mk(gv(MAEGrad(gf, pred, target, Options{})))
		} else {
			fast = mk(gv(SmoothL1LossGrad(gf, pred, target, beta, Options{})))
		}
		gg := make([]float64, len(pred))
		gen := mk(gv(Grad(gg, pred, target, l, Options{})))
		if fast != gen {
			t.Errorf("β = %v: fast %.17g, generic %.17g", beta, fast, gen)
		}
		for i := range gf {
			if gf[i] != gg[i] {
				t.Fatalf("β = %v: grad[%d] fast %.17g, generic %.17g", beta, i, gf[i], gg[i])
			}
		}
	}

	const k = 7
	logits := randVec(rng, 70*k, 3)
	logits[5] = 1e4
	labels := make([]int, 70)
	for i := range labels {
		labels[i] = rng.IntN(k)
	}
	labels[3] = IgnoreIndexPyTorch
	ones := []float64{1, 1, 1, 1, 1, 1, 1}
	for _, red := range []Reduction{Mean, Sum} {
		gf, gg := make([]float64, len(logits)), make([]float64, len(logits))
		fast := mk(gv(CrossEntropyGrad(gf, logits, k, labels, CEOptions{Reduction: red})))
		gen := mk(gv(CrossEntropyGrad(gg, logits, k, labels, CEOptions{Weights: ones, Reduction: red})))
		if fast != gen {
			t.Errorf("%v: fast CE %.17g, general %.17g", red, fast, gen)
		}
		for i := range gf {
			if gf[i] != gg[i] {
				t.Fatalf("%v: fast grad[%d] %.17g, general %.17g", red, i, gf[i], gg[i])
			}
		}
	}
	ef, eg := make([]float64, 70), make([]float64, 70)
	mustOK(t, ge(CrossEntropyElems(ef, logits, k, labels, CEOptions{})))
	mustOK(t, ge(CrossEntropyElems(eg, logits, k, labels, CEOptions{Weights: ones})))
	for i := range ef {
		if ef[i] != eg[i] {
			t.Fatalf("elems[%d]: fast %.17g, general %.17g", i, ef[i], eg[i])
		}
	}
}
