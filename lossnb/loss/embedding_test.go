package loss

import (
	"math"
	"testing"
)

func TestTripletMargin(t *testing.T) {
	rng := newRand(12)
	n, dim := 6, 3
	a, p, q := randVec(rng, n*dim, 1), randVec(rng, n*dim, 1), randVec(rng, n*dim, 1)
	const margin = 0.8
	var want float64
	for i := range n {
		var dp, dn float64
		for j := range dim {
			u := a[i*dim+j] - p[i*dim+j] + 1e-6
			v := a[i*dim+j] - q[i*dim+j] + 1e-6
			dp += u * u
			dn += v * v
		}
		want += math.Max(math.Sqrt(dp)-math.Sqrt(dn)+margin, 0)
	}
	assertNear(t, "TripletMargin", mk(TripletMargin(a, p, q, dim, margin, Options{})), want/float64(n), 1e-14)
	da, dp, dn := make([]float64, n*dim), make([]float64, n*dim), make([]float64, n*dim)
	mk(gv3(TripletMarginGrad(da, dp, dn, a, p, q, dim, margin, Options{})))
	f := func(x, y, z []float64) float64 {
		return mk(TripletMargin(x, y, z, dim, margin, Options{}))
	}
	checkGrad(t, "Triplet dA", func(x []float64) float64 { return f(x, p, q) }, a, da, 1e-6)
	checkGrad(t, "Triplet dP", func(x []float64) float64 { return f(a, x, q) }, p, dp, 1e-6)
	checkGrad(t, "Triplet dN", func(x []float64) float64 { return f(a, p, x) }, q, dn, 1e-6)
	// a = p: distance eps·√dim, finite gradient.
	mk(gv3(TripletMarginGrad(da[:dim], dp[:dim], dn[:dim], a[:dim], a[:dim], q[:dim], dim, margin, Options{})))
	assertFinite(t, "Triplet grad at a = p", da[:dim]...)
}

func TestCosineEmbedding(t *testing.T) {
	x1 := []float64{1, 0, 2, 1, 1, 1}
	x2 := []float64{1, 1, -2, 1, 1, 0.2}
	y := []float64{1, -1, -1}
	cos := func(a, b []float64) float64 {
		return dot(a, b) / math.Sqrt((dot(a, a)+1e-12)*(dot(b, b)+1e-12))
	}
	c0, c1, c2 := cos(x1[0:2], x2[0:2]), cos(x1[2:4], x2[2:4]), cos(x1[4:6], x2[4:6])
	want := (1 - c0) + math.Max(0, c1-0.1) + math.Max(0, c2-0.1)
	assertNear(t, "CosineEmbedding", mk(CosineEmbedding(x1, x2, 2, y, 0.1, Options{Reduction: Sum})), want, 1e-15)
	d1, d2 := make([]float64, 6), make([]float64, 6)
	mk(gv2(CosineEmbeddingGrad(d1, d2, x1, x2, 2, y, 0.1, Options{})))
	checkGrad(t, "Cosine dx1", func(a []float64) float64 { return mk(CosineEmbedding(a, x2, 2, y, 0.1, Options{})) }, x1, d1, 1e-6)
	checkGrad(t, "Cosine dx2", func(b []float64) float64 { return mk(CosineEmbedding(x1, b, 2, y, 0.1, Options{})) }, x2, d2, 1e-6)
	// Zero vectors: PyTorch's EPSILON keeps cos = 0, not NaN.
	assertNear(t, "Cosine(0, 0)", mk(CosineEmbedding([]float64{0, 0}, []float64{0, 0}, 2, []float64{1}, 0, Options{})), 1, 0)
}

func TestContrastive(t *testing.T) {
	x1 := []float64{0, 0, 1, 1, 0, 0}
	x2 := []float64{3, 4, 1.3, 1.4, 0.3, 0.4}
	sim := []float64{1, 0, 0}
	// d = 5, 0.5, 0.5; margin 2: ½·25 + ½·1.5² + ½·1.5².
	assertNear(t, "Contrastive", mk(Contrastive(x1, x2, 2, sim, 2, Options{Reduction: Sum})), 12.5+1.125+1.125, 1e-14)
	d1, d2 := make([]float64, 6), make([]float64, 6)
	mk(gv2(ContrastiveGrad(d1, d2, x1, x2, 2, sim, 2, Options{})))
	checkGrad(t, "Contrastive dx1", func(a []float64) float64 { return mk(Contrastive(a, x2, 2, sim, 2, Options{})) }, x1, d1, 1e-6)
	checkGrad(t, "Contrastive dx2", func(b []float64) float64 { return mk(Contrastive(x1, b, 2, sim, 2, Options{})) }, x2, d2, 1e-6)
}

func TestInfoNCE(t *testing.T) {
	// Constant scores: L = log N (van den Oord et al. 2018, the bound
	// I ≥ log N − L is then 0).
	for _, n := range []int{2, 8, 64} {
		q := make([]float64, n*3)
		for i := range q {
			q[i] = 0.5
		}
		assertNear(t, "InfoNCE constant", mk(InfoNCE(q, q, 3, 0.07, Options{})), math.Log(float64(n)), 1e-14)
	}
	rng := newRand(13)
	n, dim := 5, 4
	q, k := randVec(rng, n*dim, 1), randVec(rng, n*dim, 1)
	// InfoNCE is cross-entropy over the score matrix with labels 0..N−1.
	for _, tau := range []float64{0.5, 1e-3} {
		logits := make([]float64, n*n)
		labels := make([]int, n)
		for i := range n {
			labels[i] = i
			for j := range n {
				logits[i*n+j] = dot(q[i*dim:(i+1)*dim], k[j*dim:(j+1)*dim]) / tau
			}
		}
		got := mk(InfoNCE(q, k, dim, tau, Options{}))
		assertFinite(t, "InfoNCE", got)
		assertNear(t, "InfoNCE = CE", got, mk(CrossEntropy(logits, n, labels, CEOptions{})), 1e-12)
	}
	dq, dk := make([]float64, n*dim), make([]float64, n*dim)
	mk(gv2(InfoNCEGrad(dq, dk, q, k, dim, 0.5, Options{})))
	checkGrad(t, "InfoNCE dQuery", func(x []float64) float64 { return mk(InfoNCE(x, k, dim, 0.5, Options{})) }, q, dq, 1e-6)
	checkGrad(t, "InfoNCE dKeys", func(x []float64) float64 { return mk(InfoNCE(q, x, dim, 0.5, Options{})) }, k, dk, 1e-6)
	mk(gv2(InfoNCEGrad(dq, dk, q, k, dim, 1e-3, Options{})))
	assertFinite(t, "InfoNCE grad τ=1e-3", dq...)
	assertFinite(t, "InfoNCE grad τ=1e-3", dk...)
}

func TestSupCon(t *testing.T) {
	rng := newRand(14)
	n, dim := 6, 3
	emb := randVec(rng, n*dim, 1)
	labels := []int{0, 1, 0, 2, 1, 0} // sample 3 has no positive
	const tau = 0.3
	// Direct transcription of Khosla et al. eq. 2.
	var want float64
	anchors := 0
	for i := range n {
		var pos []int
		var denom float64
		for a := range n {
			if a == i {
				continue
			}
			denom += math.Exp(dot(emb[i*dim:(i+1)*dim], emb[a*dim:(a+1)*dim]) / tau)
			if labels[a] == labels[i] {
				pos = append(pos, a)
			}
		}
		if len(pos) == 0 {
			continue
		}
		anchors++
		var li float64
		for _, p := range pos {
			li -= math.Log(math.Exp(dot(emb[i*dim:(i+1)*dim], emb[p*dim:(p+1)*dim])/tau)/denom) / float64(len(pos))
		}
		want += li
	}
	assertNear(t, "SupCon", mk(SupCon(emb, dim, labels, tau, Options{})), want/float64(anchors), 1e-13)
	g := make([]float64, n*dim)
	mk(gv(SupConGrad(g, emb, dim, labels, tau, Options{})))
	checkGrad(t, "SupConGrad", func(x []float64) float64 { return mk(SupCon(x, dim, labels, tau, Options{})) }, emb, g, 1e-6)
	// Extreme temperature stays finite.
	assertFinite(t, "SupCon τ=1e-3", mk(SupCon(emb, dim, labels, 1e-3, Options{})))
}

func TestAlignmentUniformity(t *testing.T) {
	x := []float64{1, 0, 0, 1}
	y := []float64{0, 0, 0, 2}
	// ‖(1,0)‖² = 1, ‖(0,−1)‖² = 1.
	assertNear(t, "Alignment α=2", mk(Alignment(x, y, 2, 2, Options{})), 1, 1e-15)
	assertNear(t, "Alignment α=1", mk(Alignment(x, y, 2, 1, Options{})), 1, 1e-15)
	// Two points at squared distance 2: log exp(−2t).
	assertNear(t, "Uniformity", mk(Uniformity(x, 2, 2, Options{})), -4, 1e-15)
	assertNear(t, "Uniformity collapsed", mk(Uniformity([]float64{1, 1, 1, 1, 1, 1}, 2, 2, Options{})), 0, 1e-15)
	rng := newRand(15)
	n, dim := 5, 3
	a, b := randVec(rng, n*dim, 1), randVec(rng, n*dim, 1)
	for _, alpha := range []float64{2, 1, 3.5} {
		dx, dy := make([]float64, n*dim), make([]float64, n*dim)
		mk(gv2(AlignmentGrad(dx, dy, a, b, dim, alpha, Options{})))
		checkGrad(t, "Alignment dx", func(v []float64) float64 { return mk(Alignment(v, b, dim, alpha, Options{})) }, a, dx, 1e-6)
		checkGrad(t, "Alignment dy", func(v []float64) float64 { return mk(Alignment(a, v, dim, alpha, Options{})) }, b, dy, 1e-6)
	}
	g := make([]float64, n*dim)
	mk(gv(UniformityGrad(g, a, dim, 2, Options{})))
	checkGrad(t, "UniformityGrad", func(v []float64) float64 { return mk(Uniformity(v, dim, 2, Options{})) }, a, g, 1e-6)
	// Far-apart points: log-sum-exp keeps the value finite (≈ −t·min d²).
	far := []float64{0, 0, 1e3, 0, 0, 2e3}
	assertNear(t, "Uniformity far", mk(Uniformity(far, 2, 2, Options{})), -2*1e6-math.Log(3), 1e-12)
}

func TestEmbeddingErrors(t *testing.T) {
	v := []float64{1, 2, 3, 4}
	cases := []struct {
		err   error
		parts []string
	}{
		{second(TripletMargin(v, v, v[:2], 2, 1, Options{})), []string{"loss.TripletMargin", "len(anchor) = 4, len(negative) = 2"}},
		{second(TripletMargin(v, v, v, 3, 1, Options{})), []string{"loss.TripletMargin", "len(anchor) = 4", "dim = 3"}},
		{second(TripletMargin(v, v, v, 0, 1, Options{})), []string{"loss.TripletMargin", "dim = 0"}},
		{second(CosineEmbedding(v, v, 2, []float64{1}, 0, Options{})), []string{"loss.CosineEmbedding", "len(y) = 1, want 2"}},
		{second(CosineEmbedding(v, v, 2, []float64{1, 1}, 2, Options{})), []string{"loss.CosineEmbedding", "margin = 2"}},
		{second(Contrastive(v, v, 2, []float64{1, -1}, 1, Options{})), []string{"loss.Contrastive", "similar[1] = -1", "0 or 1"}},
		{second(Contrastive(v, v, 2, []float64{1, 0}, 0, Options{})), []string{"loss.Contrastive", "margin = 0"}},
		{second(InfoNCE(v, v, 2, 0, Options{})), []string{"loss.InfoNCE", "temperature = 0", "want > 0"}},
		{second(InfoNCE(v, []float64{1, math.NaN(), 3, 4}, 2, 1, Options{})), []string{"loss.InfoNCE", "keys[1] is NaN"}},
		{second(InfoNCE(nil, nil, 2, 1, Options{})), []string{"loss.InfoNCE", "empty input"}},
		{second(SupCon(v, 2, []int{0, 1}, 0.1, Options{})), []string{"loss.SupCon", "no anchor has a positive"}},
		{second(SupCon(v, 2, []int{0}, 0.1, Options{})), []string{"loss.SupCon", "len(labels) = 1, want 2"}},
		{second(Alignment(v, v, 2, 0, Options{})), []string{"loss.Alignment", "alpha = 0"}},
		{second(Uniformity(v[:2], 2, 2, Options{})), []string{"loss.Uniformity", "want at least 2"}},
		{second(Uniformity(v, 2, -1, Options{})), []string{"loss.Uniformity", "t = -1"}},
	}
	for _, tc := range cases {
		wantErr(t, tc.parts[0], tc.err, tc.parts...)
	}
}
