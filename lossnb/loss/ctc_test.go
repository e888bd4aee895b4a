package loss

import (
	"math"
	"slices"
	"testing"
)

// logSoftmaxRows turns random logits (T rows of k per sequence, (T, N, k)
// layout) into log-probabilities.
func logSoftmaxRows(z []float64, k int) []float64 {
	lp := make([]float64, len(z))
	for i := 0; i < len(z); i += k {
		logSoftmax(lp[i:i+k], z[i:i+k])
	}
	return lp
}

// ctcBrute is −log p(l | x) by enumerating all k^T alignments of one
// sequence (batch size 1) and summing the probability of those that
// collapse to target: an independent definition of CTC (Graves et al.
// 2006, eq. 2-3), with no dynamic programming to share bugs with.
func ctcBrute(lp []float64, k, T int, target []int, blank int) float64 {
	path := make([]int, T)
	var p float64
	for {
		var col []int
		prev := -1
		for _, c := range path {
			if c != prev && c != blank {
				col = append(col, c)
			}
			prev = c
		}
		if slices.Equal(col, target) {
			var lpp float64
			for t, c := range path {
				lpp += lp[t*k+c]
			}
			p += math.Exp(lpp)
		}
		i := 0
		for ; i < T; i++ { // next path, as a base-k counter
			path[i]++
			if path[i] < k {
				break
			}
			path[i] = 0
		}
		if i == T {
			break
		}
	}
	return -math.Log(p)
}

// CTC against brute-force enumeration of alignments, for targets with and
// without repeated labels, a non-zero blank, and T equal to the shortest
// alignable length; a wrong recursion (a missing skip rule, the repeat
// rule ignored, an off-by-one at the ends) changes these sums.
func TestCTCBruteForce(t *testing.T) {
	rng := newRand(17)
	for _, tc := range []struct {
		k, T, blank int
		target      []int
	}{
		{3, 4, 0, []int{1, 2}},
		{3, 5, 0, []int{1, 1}},    // repeat: needs a blank in between
		{3, 3, 0, []int{1, 1}},    // shortest possible: 1 _ 1
		{4, 5, 2, []int{0, 3, 0}}, // blank in the middle of the alphabet
		{3, 4, 0, []int{}},        // empty target: all blanks
		{2, 6, 1, []int{0}},
	} {
		lp := logSoftmaxRows(randVec(rng, tc.T*tc.k, 1.5), tc.k)
		want := ctcBrute(lp, tc.k, tc.T, tc.target, tc.blank)
		opts := CTCOptions{Blank: tc.blank, Reduction: Sum}
		got := mk(CTC(lp, tc.k, tc.target, []int{tc.T}, []int{len(tc.target)}, opts))
		assertNear(t, "CTC vs enumeration", got, want, 1e-13)
		// Gradient w.r.t. log-probabilities, by finite differences.
		g := make([]float64, len(lp))
		mk(gv(CTCGrad(g, lp, tc.k, tc.target, []int{tc.T}, []int{len(tc.target)}, opts)))
		checkGrad(t, "CTCGrad", func(v []float64) float64 {
			return ctcBrute(v, tc.k, tc.T, tc.target, tc.blank)
		}, lp, g, 1e-7)
	}
}

// Closed forms: T = 1 with one label is −log y_0(label); an empty target is
// −Σ_t log y_t(blank); and the occupancies γ_t sum to 1 over classes, so the
// gradient rows sum to −1 (and PyTorch's log_probs.grad rows to 0).
func TestCTCClosedForms(t *testing.T) {
	lp := logSoftmaxRows([]float64{0.3, -1, 2}, 3)
	assertNear(t, "T=1", mk(CTC(lp, 3, []int{2}, []int{1}, []int{1}, CTCOptions{})), -lp[2], 1e-15)
	lp = logSoftmaxRows([]float64{0.3, -1, 2, 1, 0, 0}, 3)
	assertNear(t, "empty target", mk(CTC(lp, 3, nil, []int{2}, []int{0}, CTCOptions{})), -lp[0]-lp[3], 1e-15)
	rng := newRand(5)
	const k, T = 5, 12
	lp = logSoftmaxRows(randVec(rng, T*k, 2), k)
	tg := []int{1, 3, 3, 4}
	g := make([]float64, len(lp))
	gl := make([]float64, len(lp))
	mk(gv(CTCGrad(g, lp, k, tg, []int{T}, []int{4}, CTCOptions{Reduction: Sum})))
	mk(gv(CTCGrad(gl, lp, k, tg, []int{T}, []int{4}, CTCOptions{Reduction: Sum, LogitsGrad: true})))
	for tt := range T {
		var s, sl float64
		for c := range k {
			s += g[tt*k+c]
			sl += gl[tt*k+c]
			assertNear(t, "LogitsGrad = exp(lp) − γ", gl[tt*k+c], g[tt*k+c]+math.Exp(lp[tt*k+c]), 1e-14)
		}
		assertNear(t, "Σ_c ∂/∂lp", s, -1, 1e-12)
		assertNear(t, "Σ_c PyTorch grad", sl, 0, 1e-12)
	}
}

// The batch: PyTorch's layout (T, N, k), its mean (each loss divided by its
// target length, clamped to 1, then averaged), padding frames beyond an
// input length having no effect and zero gradient, zero_infinity, and the
// error for an unalignable sequence without it.
func TestCTCBatch(t *testing.T) {
	rng := newRand(8)
	const k, T, N = 4, 6, 3
	lp := logSoftmaxRows(randVec(rng, T*N*k, 1), k)
	tg := []int{1, 2, 3, 3, 1} // sequence 0: [1 2], 1: [3 3 1], 2: []
	il, tl := []int{6, 5, 3}, []int{2, 3, 0}
	// Each sequence alone, from its own rows.
	seq := func(b int) []float64 {
		var out []float64
		for tt := range il[b] {
			out = append(out, lp[(tt*N+b)*k:(tt*N+b+1)*k]...)
		}
		return out
	}
	off := 0
	want := make([]float64, N)
	for b := range N {
		want[b] = ctcBrute(seq(b), k, il[b], tg[off:off+tl[b]], 0)
		off += tl[b]
	}
	el := make([]float64, N)
	mustOK(t, ge(CTCElems(el, lp, k, tg, il, tl, CTCOptions{})))
	for b := range N {
		assertNear(t, "CTCElems", el[b], want[b], 1e-13)
	}
	mean := (want[0]/2 + want[1]/3 + want[2]/1) / 3
	assertNear(t, "Mean", mk(CTC(lp, k, tg, il, tl, CTCOptions{})), mean, 1e-13)
	assertNear(t, "Sum", mk(CTC(lp, k, tg, il, tl, CTCOptions{Reduction: Sum})), want[0]+want[1]+want[2], 1e-13)
	g := make([]float64, len(lp))
	mk(gv(CTCGrad(g, lp, k, tg, il, tl, CTCOptions{})))
	checkGrad(t, "CTCGrad batch", func(v []float64) float64 { return mk(CTC(v, k, tg, il, tl, CTCOptions{})) }, lp, g, 1e-7)
	for tt := il[2]; tt < T; tt++ { // padding of sequence 2
		for c := range k {
			if g[(tt*N+2)*k+c] != 0 {
				t.Errorf("grad at padding t=%d = %v, want 0", tt, g[(tt*N+2)*k+c])
			}
		}
	}
	// Sequence 1 with input length 3 cannot emit [3 3 1] (needs 3 _ 3 1: 4).
	il2 := []int{6, 3, 3}
	el2 := make([]float64, N)
	mustOK(t, ge(CTCElems(el2, lp, k, tg, il2, tl, CTCOptions{})))
	if !math.IsInf(el2[1], 1) {
		t.Errorf("unalignable sequence: loss %v, want +Inf", el2[1])
	}
	if v := mk(CTC(lp, k, tg, il2, tl, CTCOptions{})); !math.IsInf(v, 1) {
		t.Errorf("CTC with an unalignable sequence = %v, want +Inf", v)
	}
	zi := CTCOptions{ZeroInfinity: true}
	assertNear(t, "ZeroInfinity", mk(CTC(lp, k, tg, il2, tl, zi)), (el2[0]/2+0+el2[2])/3, 1e-13)
	mk(gv(CTCGrad(g, lp, k, tg, il2, tl, zi)))
	for tt := range T {
		for c := range k {
			if v := g[(tt*N+1)*k+c]; v != 0 {
				t.Fatalf("ZeroInfinity: grad of the dropped sequence = %v, want 0", v)
			}
		}
	}
	wantErr(t, "unalignable grad", mk2err(gv(CTCGrad(g, lp, k, tg, il2, tl, CTCOptions{}))), "loss.CTCGrad", "sequence 1 has no alignment", "ZeroInfinity")
	wantErr(t, "blank in target", mk2err(CTC(lp, k, []int{0, 2, 3, 3, 1}, il, tl, CTCOptions{})), "targets[0] = 0")
	wantErr(t, "lengths", mk2err(CTC(lp, k, tg, []int{7, 5, 3}, tl, CTCOptions{})), "inputLengths[0] = 7")
	wantErr(t, "sum", mk2err(CTC(lp, k, tg[:4], il, tl, CTCOptions{})), "sum(targetLengths) = 5")
}

// Long sequences: 2000 frames of probability ≈ 1/50 underflow a
// probability-space recursion (50^−2000); the log-space one gives the
// finite value, checked against the closed form of an empty target.
func TestCTCLong(t *testing.T) {
	const k, T = 50, 2000
	lp := make([]float64, T*k)
	for i := range lp {
		lp[i] = -math.Log(k)
	}
	v := mk(CTC(lp, k, nil, []int{T}, []int{0}, CTCOptions{}))
	assertNear(t, "empty target, T=2000", v, T*math.Log(k), 1e-13)
	tg := make([]int, 100)
	for i := range tg {
		tg[i] = 1 + i%(k-1)
	}
	v = mk(CTC(lp, k, tg, []int{T}, []int{100}, CTCOptions{Reduction: Sum}))
	// Every alignment has probability k^−T; their number is C(T + L, 2L)
	// for distinct neighbours (choose where each label's run starts/ends):
	// −log p = T log k − log C(T + L, 2L).
	lg := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	want := T*math.Log(k) - (lg(T+100+1) - lg(200+1) - lg(T-100+1))
	assertNear(t, "uniform, L=100", v, want, 1e-12)
}
