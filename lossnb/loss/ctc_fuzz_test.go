package loss

import (
	"math"
	"testing"
)

// FuzzCTC: for any small batch of logits (scaled up to ±1e4), targets and
// lengths, CTC and CTCGrad never panic and never return NaN; when they
// succeed, the value is ≥ 0 and +Inf only for an unalignable sequence, and
// every gradient row sums to −1 per frame and sequence (scaled), as the
// occupancies sum to 1.
func FuzzCTC(f *testing.F) {
	f.Add(uint8(3), uint8(4), uint8(2), 1.0, int64(1))
	f.Add(uint8(2), uint8(1), uint8(1), 1e4, int64(7))
	f.Add(uint8(5), uint8(6), uint8(4), 1e-3, int64(3))
	f.Fuzz(func(t *testing.T, kb, tb, lb uint8, scale float64, seed int64) {
		k, T, L := 2+int(kb%5), 1+int(tb%7), int(lb%5)
		if math.IsNaN(scale) || math.IsInf(scale, 0) || math.Abs(scale) > 1e4 {
			return
		}
		rng := newRand(uint64(seed))
		lp := logSoftmaxRows(randVec(rng, T*k, scale), k)
		tg := make([]int, L)
		for i := range tg {
			tg[i] = 1 + rng.IntN(k-1) // blank = 0
		}
		for _, zi := range []bool{false, true} {
			opts := CTCOptions{ZeroInfinity: zi, Reduction: Sum}
			v, err := CTC(lp, k, tg, []int{T}, []int{L}, opts)
			if err != nil {
				t.Fatalf("CTC: %v", err)
			}
			if math.IsNaN(v) || v < -1e-12 {
				t.Fatalf("CTC = %v", v)
			}
			g := make([]float64, len(lp))
			_, _, err = CTCGrad(g, lp, k, tg, []int{T}, []int{L}, opts)
			if math.IsInf(v, 1) {
				if err == nil {
					t.Fatalf("CTCGrad with an infinite loss: no error")
				}
				continue
			}
			if err != nil {
				t.Fatalf("CTCGrad: %v", err)
			}
			for tt := range T {
				var s float64
				for c := range k {
					s += g[tt*k+c]
					if math.IsNaN(g[tt*k+c]) {
						t.Fatalf("grad is NaN")
					}
				}
				if v != 0 && math.Abs(s+1) > 1e-9 {
					t.Fatalf("frame %d: Σ grad = %v, want -1", tt, s)
				}
			}
		}
	})
}
