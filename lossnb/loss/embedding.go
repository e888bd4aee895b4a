package loss

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// checkRows validates row-major embeddings of width dim; names lists the
// slices (all of the same length). It returns the number of rows.
func checkRows(c *check, dim int, names []string, xs ...[]float64) int {
	if !c.OK() {
		return 0
	}
	c.width("dim", dim, names[0], len(xs[0]))
	for i := 1; i < len(xs); i++ {
		c.sameLen(names[0], len(xs[0]), names[i], len(xs[i]))
	}
	for i, x := range xs {
		c.Finite(names[i], x)
	}
	if !c.OK() {
		return 0
	}
	n := len(xs[0]) / dim
	c.nonEmpty(n)
	return n
}

// checkDsts validates optional gradient destinations: all nil, or each of
// length want.
func checkDsts(c *check, want int, names []string, dsts ...[]float64) bool {
	has := false
	for _, d := range dsts {
		if d != nil {
			has = true
		}
	}
	if !has {
		return false
	}
	for i, d := range dsts {
		c.dstLen(names[i], len(d), want)
	}
	return true
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func tripletCore(fn string, dA, dP, dN, anchor, positive, negative []float64, dim int, margin float64, opts Options) (float64, error) {
	c := newCheck(fn)
	red := opts.Reduction
	c.noWeights(opts.Weights)
	n := checkRows(&c, dim, []string{"anchor", "positive", "negative"}, anchor, positive, negative)
	grad := checkDsts(&c, len(anchor), []string{"dAnchor", "dPositive", "dNegative"}, dA, dP, dN)
	c.scalarFinite("margin", margin)
	d := c.denom(red, n, nil)
	if !c.OK() {
		return 0, c.Err
	}
	const eps = pairwiseDistanceEps
	var s float64
	for i := range n {
		a := anchor[i*dim : (i+1)*dim]
		p := positive[i*dim : (i+1)*dim]
		q := negative[i*dim : (i+1)*dim]
		var dp2, dn2 float64
		for j := range a {
			u, v := a[j]-p[j]+eps, a[j]-q[j]+eps
			dp2 += u * u
			dn2 += v * v
		}
		dap, dan := math.Sqrt(dp2), math.Sqrt(dn2)
		v := dap - dan + margin
		s += relu(v)
		if grad {
			var k float64
			if v >= 0 { // PyTorch's slope 1 at the kink (clamp_min passes v = 0)
				k = 1 / d
			}
			for j := range a {
				gp := (a[j] - p[j] + eps) / dap * k // ∂d_ap/∂a
				gn := (a[j] - q[j] + eps) / dan * k // ∂d_an/∂a
				dA[i*dim+j] = gp - gn
				dP[i*dim+j] = -gp
				dN[i*dim+j] = gn
			}
		}
	}
	return s / d, nil
}

// TripletMargin returns PyTorch's F.triplet_margin_loss(anchor, positive,
// negative, margin) with p = 2, on N rows of dim-dimensional embeddings:
//
//	d(x, y) = ‖x − y + eps‖₂   (eps = 1e-6, F.pairwise_distance's default)
//	ℓᵢ = max(0, d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + margin)
//
// Gradients where the hinge is active: ∂ℓ/∂a = u/‖u‖ − v/‖v‖, ∂ℓ/∂p =
// −u/‖u‖, ∂ℓ/∂n = v/‖v‖ with u = a − p + eps, v = a − n + eps (the eps
// also keeps the gradient finite when a = p).
//
// Minimiser: embeddings in which each anchor is closer to its positive
// than to its negative by at least margin; beyond that the loss is 0 (no
// further pull). Use it for metric learning (face recognition, retrieval);
// mine hard negatives, or most triplets contribute nothing. Reference:
// Schroff, Kalenichenko & Philbin, "FaceNet", CVPR 2015; PyTorch
// torch.nn.TripletMarginLoss.
//
// PyTorch's p, eps and swap options (and eps = 0, the textbook distance):
// [TripletMarginWithDistance] with NewPairwiseDistance(p, eps). At the
// hinge's kink the gradient is the full slope, as PyTorch's.
// opts.Reduction is Mean (the zero value) or Sum; opts.Weights must be
// empty (PyTorch's TripletMarginLoss has none).
func TripletMargin(anchor, positive, negative []float64, dim int, margin float64, opts Options) (float64, error) {
	return tripletCore("TripletMargin", nil, nil, nil, anchor, positive, negative, dim, margin, opts)
}

// TripletMarginGrad writes the gradients with respect to the anchors,
// positives and negatives (allocated if nil) and returns them with
// [TripletMargin].
func TripletMarginGrad(dAnchor, dPositive, dNegative, anchor, positive, negative []float64, dim int, margin float64, opts Options) ([]float64, []float64, []float64, float64, error) {
	dAnchor = alloc(dAnchor, len(anchor))
	dPositive = alloc(dPositive, len(positive))
	dNegative = alloc(dNegative, len(negative))
	v, err := tripletCore("TripletMarginGrad", dAnchor, dPositive, dNegative, anchor, positive, negative, dim, margin, opts)
	return dAnchor, dPositive, dNegative, v, err
}

// scaledScores writes to row the scores q·kⱼ/τ divided by F = sq·sk/τ,
// with sq = max|q| and sk = max|keys| (each 1 if 0), and returns F, which
// may be +Inf: the divided scores are in [−dim, dim] and never overflow.
func scaledScores(row, q, keys []float64, dim int, temperature float64) float64 {
	uq, sq := scaledRow(q)
	uk, sk := scaledRow(keys)
	for j := range row {
		row[j] = dot(uq, uk[j*dim:(j+1)*dim])
	}
	F := sq * (sk / temperature)
	if math.IsInf(sk/temperature, 1) || F == 0 {
		F = math.Exp(math.Log(sq) + math.Log(sk) - math.Log(temperature))
	}
	return F
}

// mayOverflow reports whether a score a·b/τ between a row of a and a row
// of b could overflow, from the bound max|a|·max|b|·dim/τ. When it reports
// false, every score is finite.
func mayOverflow(a, b []float64, dim int, temperature float64) bool {
	return !(maxAbs(a)*maxAbs(b)*float64(dim)/temperature < math.MaxFloat64/4)
}

// maxAbs returns max |xᵢ| (0 for an empty x).
func maxAbs(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// logSoftmaxScaled writes the log-softmax of the scores F·z to lp without
// forming F·z: lpⱼ = F(zⱼ − max z) − log Σ exp(F(z − max z)), with
// F·0 = 0 so that F = +Inf puts all the mass on the largest scores.
func logSoftmaxScaled(lp, z []float64, F float64) {
	m := z[0]
	for _, v := range z[1:] {
		m = math.Max(m, v)
	}
	var s float64
	for j, v := range z {
		e := 0.0
		if v != m {
			e = F * (v - m)
		}
		lp[j] = e
		s += math.Exp(e)
	}
	ls := math.Log(s)
	for j := range lp {
		lp[j] = math.Max(lp[j]-ls, -math.MaxFloat64)
	}
}

// scaledRow returns x/s and s = max|xᵢ| (s = 1 for a zero row).
func scaledRow(x []float64) ([]float64, float64) {
	s := maxAbs(x)
	if s == 0 {
		return x, 1
	}
	u := make([]float64, len(x))
	for i, v := range x {
		u[i] = v / s
	}
	return u, s
}

func cosineCore(fn string, d1, d2, x1, x2 []float64, dim int, y []float64, margin float64, opts Options) (float64, error) {
	c := newCheck(fn)
	red := opts.Reduction
	c.noWeights(opts.Weights)
	n := checkRows(&c, dim, []string{"x1", "x2"}, x1, x2)
	if c.OK() && len(y) != n {
		c.Fail("len(y) = %d, want %d (= len(x1)/dim)", len(y), n)
	}
	grad := checkDsts(&c, len(x1), []string{"dx1", "dx2"}, d1, d2)
	c.signs("y", y)
	c.scalarClosed("margin", margin, -1, 1)
	den := c.denom(red, n, nil)
	if !c.OK() {
		return 0, c.Err
	}
	var s float64
	for i := range n {
		a := x1[i*dim : (i+1)*dim]
		b := x2[i*dim : (i+1)*dim]
		ab := dot(a, b)
		aa := dot(a, a) + cosineEps
		bb := dot(b, b) + cosineEps
		D := math.Sqrt(aa * bb)
		cos := ab / D
		// sa, sb scale the gradient back when the rows were rescaled.
		sa, sb := 1.0, 1.0
		if math.IsInf(aa*bb, 1) || math.IsInf(ab, 0) {
			// A row near 1e308: ‖a‖² overflows though cos fits. Divide each
			// row by its largest |entry| first, which leaves cos unchanged:
			// ‖a‖² + ε = sa²(‖a/sa‖² + ε/sa²).
			var ua, ub []float64
			ua, sa = scaledRow(a)
			ub, sb = scaledRow(b)
			a, b = ua, ub
			ab = dot(a, b)
			aa = dot(a, a) + cosineEps/sa/sa
			bb = dot(b, b) + cosineEps/sb/sb
			D = math.Sqrt(aa * bb)
			cos = ab / D
		}
		var l, k float64 // k = ∂ℓ/∂cos
		if y[i] == 1 {
			l, k = 1-cos, -1
		} else {
			l = relu(cos - margin)
			if cos >= margin { // PyTorch's slope 1 at the kink (clamp_min passes 0)
				k = 1
			}
		}
		s += l
		if grad {
			k /= den
			for j := range a {
				// ∂cos/∂a = b/D − cos·a/|a|², and symmetrically.
				d1[i*dim+j] = k * (b[j]/D - cos*a[j]/aa) / sa
				d2[i*dim+j] = k * (a[j]/D - cos*b[j]/bb) / sb
			}
		}
	}
	return s / den, nil
}

// CosineEmbedding returns PyTorch's F.cosine_embedding_loss(x1, x2, y,
// margin) on N rows of dim-dimensional embeddings, y ∈ {−1, +1}:
//
//	cos = x1·x2 / √((‖x1‖² + 1e-12)(‖x2‖² + 1e-12))   (PyTorch's EPSILON)
//	ℓᵢ = 1 − cos           if yᵢ = +1
//	ℓᵢ = max(0, cos − m)    if yᵢ = −1
//
// Gradient: ∂cos/∂x1 = x2/D − cos·x1/(‖x1‖² + 1e-12), with D the
// denominator, times ∂ℓ/∂cos (−1, or 1 where the hinge is active or at
// its kink cos = margin, as PyTorch). opts.Reduction is Mean (the zero
// value) or Sum; opts.Weights must be empty (PyTorch's has none).
// Minimiser: similar pairs aligned in direction (cos = 1), dissimilar
// pairs at cosine ≤ margin; norms are free. Use it for semi-supervised
// embeddings and similarity learning. Reference: PyTorch
// torch.nn.CosineEmbeddingLoss.
func CosineEmbedding(x1, x2 []float64, dim int, y []float64, margin float64, opts Options) (float64, error) {
	return cosineCore("CosineEmbedding", nil, nil, x1, x2, dim, y, margin, opts)
}

// CosineEmbeddingGrad writes ∂/∂x1 and ∂/∂x2 (allocated if nil) and returns
// them with [CosineEmbedding].
func CosineEmbeddingGrad(dx1, dx2, x1, x2 []float64, dim int, y []float64, margin float64, opts Options) ([]float64, []float64, float64, error) {
	return into2(dx1, len(x1), dx2, len(x2), func(dx1, dx2 []float64) (float64, error) {
		return cosineCore("CosineEmbeddingGrad", dx1, dx2, x1, x2, dim, y, margin, opts)
	})
}

func contrastiveCore(fn string, d1, d2, x1, x2 []float64, dim int, similar []float64, margin float64, opts Options) (float64, error) {
	c := newCheck(fn)
	red := opts.Reduction
	c.noWeights(opts.Weights)
	n := checkRows(&c, dim, []string{"x1", "x2"}, x1, x2)
	if c.OK() && len(similar) != n {
		c.Fail("len(similar) = %d, want %d (= len(x1)/dim)", len(similar), n)
	}
	grad := checkDsts(&c, len(x1), []string{"dx1", "dx2"}, d1, d2)
	if c.OK() {
		for i, v := range similar {
			if v != 0 && v != 1 {
				c.Fail("similar[%d] = %v, want 0 or 1", i, v)
				break
			}
		}
	}
	c.scalarPositive("margin", margin)
	den := c.denom(red, n, nil)
	if !c.OK() {
		return 0, c.Err
	}
	var s float64
	for i := range n {
		a := x1[i*dim : (i+1)*dim]
		b := x2[i*dim : (i+1)*dim]
		var d2s float64
		for j := range a {
			u := a[j] - b[j]
			d2s += u * u
		}
		dist := math.Sqrt(d2s)
		var k float64 // ∂ℓ/∂(a − b) = k·(a − b)
		if similar[i] == 1 {
			s += 0.5 * d2s
			k = 1
		} else {
			h := relu(margin - dist)
			s += 0.5 * h * h
			if h > 0 && dist > 0 {
				k = -h / dist
			}
		}
		if grad {
			for j := range a {
				g := k * (a[j] - b[j]) / den
				d1[i*dim+j] = g
				d2[i*dim+j] = -g
			}
		}
	}
	return s / den, nil
}

// Contrastive returns the pairwise contrastive loss of Hadsell, Chopra &
// LeCun on N pairs of dim-dimensional embeddings, similar ∈ {0, 1} (1 for
// a similar pair), d = ‖x1 − x2‖₂:
//
//	ℓᵢ = ½ d²                  if similarᵢ = 1
//	ℓᵢ = ½ max(0, margin − d)²  otherwise
//
// Gradient w.r.t. x1: (x1 − x2) for similar pairs and −(margin − d)(x1 −
// x2)/d for dissimilar pairs inside the margin; the negative of that for
// x2. For a dissimilar pair with d = 0 the direction is undefined and the
// gradient is set to 0.
//
// Minimiser: similar pairs collapsed together, dissimilar pairs at least
// margin apart. Use it for siamese networks (verification, dimensionality
// reduction). Reference: Hadsell, Chopra & LeCun, "Dimensionality
// reduction by learning an invariant mapping", CVPR 2006 (eq. 4, with
// Y = 1 − similar).
func Contrastive(x1, x2 []float64, dim int, similar []float64, margin float64, opts Options) (float64, error) {
	return contrastiveCore("Contrastive", nil, nil, x1, x2, dim, similar, margin, opts)
}

// ContrastiveGrad writes ∂/∂x1 and ∂/∂x2 (allocated if nil) and returns them
// with [Contrastive].
func ContrastiveGrad(dx1, dx2, x1, x2 []float64, dim int, similar []float64, margin float64, opts Options) ([]float64, []float64, float64, error) {
	return into2(dx1, len(x1), dx2, len(x2), func(dx1, dx2 []float64) (float64, error) {
		return contrastiveCore("ContrastiveGrad", dx1, dx2, x1, x2, dim, similar, margin, opts)
	})
}

func infoNCECore(fn string, dQ, dK, query, keys []float64, dim int, temperature float64, opts Options) (float64, error) {
	c := newCheck(fn)
	c.noWeights(opts.Weights)
	c.reduction(opts.Reduction, "InfoNCEElems")
	n := checkRows(&c, dim, []string{"query", "keys"}, query, keys)
	grad := checkDsts(&c, len(query), []string{"dQuery", "dKeys"}, dQ, dK)
	c.scalarPositive("temperature", temperature)
	if !c.OK() {
		return 0, c.Err
	}
	if mayOverflow(query, keys, dim, temperature) {
		// Embeddings near 1e308 or a tiny τ: some score may overflow though the
		// loss fits.
		return infoNCEScaled(dQ, dK, query, keys, dim, temperature, grad, opts.Reduction), nil
	}
	// Scores, softmax and gradients a block of rows at a time, the matrix
	// products with BLAS (gonum's blas64: S = Q_b·Kᵀ, dQ_b = G·K,
	// dK += Gᵀ·Q_b), so memory stays O(block·N) for large batches.
	const block = 128
	lp := make([]float64, n)
	sb := make([]float64, min(block, n)*n)
	if grad {
		clear(dK)
	}
	nf := opts.Reduction.denom(float64(n))
	km := blas64.General{Rows: n, Cols: dim, Stride: dim, Data: keys}
	var s float64
	for i0 := 0; i0 < n; i0 += block {
		rows := min(block, n-i0)
		qb := blas64.General{Rows: rows, Cols: dim, Stride: dim, Data: query[i0*dim : (i0+rows)*dim]}
		S := blas64.General{Rows: rows, Cols: n, Stride: n, Data: sb[:rows*n]}
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, qb, km, 0, S)
		for r := range rows {
			i := i0 + r
			row := S.Data[r*n : (r+1)*n]
			for j := range row {
				// mayOverflow's bound makes every score finite; this is a guard.
				row[j] /= temperature
				if math.IsInf(row[j], 0) || math.IsNaN(row[j]) {
					c.Fail("query[%d]·keys[%d]/temperature = %v, want a finite score (rescale the embeddings or raise the temperature)", i, j, row[j])
					return 0, c.Err
				}
			}
			logSoftmax(lp, row)
			s -= lp[i]
			if grad {
				// ∂ℓᵢ/∂logit_ij = softmax_j − 1[i = j]; logit_ij = qᵢ·kⱼ/τ:
				// the row of G is (softmax − eᵢ)/(Nτ).
				for j := range row {
					row[j] = math.Exp(lp[j]) / (nf * temperature)
				}
				row[i] -= 1 / (nf * temperature)
			}
		}
		if grad {
			dqb := blas64.General{Rows: rows, Cols: dim, Stride: dim, Data: dQ[i0*dim : (i0+rows)*dim]}
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, S, km, 0, dqb)
			blas64.Gemm(blas.Trans, blas.NoTrans, 1, S, qb, 1, blas64.General{Rows: n, Cols: dim, Stride: dim, Data: dK})
		}
	}
	return s / nf, nil
}

// infoNCEScaled is infoNCECore for scores that may overflow: each row of scores is
// computed divided by a factor F (scaledScores) and its log-softmax formed without
// multiplying back (logSoftmaxScaled); the gradient sums are divided by Nτ at the end,
// one factor at a time, since Nτ itself may overflow.
func infoNCEScaled(dQ, dK, query, keys []float64, dim int, temperature float64, grad bool, red Reduction) float64 {
	n := len(query) / dim
	row := make([]float64, n)
	lp := make([]float64, n)
	if grad {
		clear(dQ)
		clear(dK)
	}
	nf := red.denom(float64(n))
	var s float64
	for i := range n {
		q := query[i*dim : (i+1)*dim]
		F := scaledScores(row, q, keys, dim, temperature)
		logSoftmaxScaled(lp, row, F)
		s -= lp[i]
		if grad {
			// ∂ℓᵢ/∂logit_ij = softmax_j − 1[i = j]; logit_ij = qᵢ·kⱼ/τ.
			for j := range n {
				g := math.Exp(lp[j])
				if j == i {
					g -= 1
				}
				if g == 0 {
					continue
				}
				kj := keys[j*dim : (j+1)*dim]
				for t := range dim {
					dQ[i*dim+t] += g * kj[t]
					dK[j*dim+t] += g * q[t]
				}
			}
		}
	}
	if grad {
		for i := range dQ {
			dQ[i] = dQ[i] / nf / temperature
			dK[i] = dK[i] / nf / temperature
		}
	}
	return s / nf
}

// InfoNCE returns the InfoNCE (CPC, NT-Xent one-directional) loss of N
// queries against N keys (row-major, dim columns each), where key i is the
// positive for query i and the other keys are its negatives:
//
//	logit_ij = qᵢ·kⱼ / τ,   L = (1/N) Σᵢ −log softmax(logitᵢ)ᵢ
//
// i.e. cross-entropy with labels 0..N−1, computed with log-sum-exp so
// τ = 1e-3 is fine. Scores are raw dot products: L2-normalise the rows
// first for cosine similarity (SimCLR). Gradients: with G = (softmax −
// I)/(Nτ), ∂L/∂Q = G·K and ∂L/∂K = Gᵀ·Q.
//
// Minimiser: scores that identify each positive among N − 1 negatives;
// log N − L is a lower bound on the mutual information I(q; k), so with
// constant scores L = log N. Use it for self-supervised and contrastive
// representation learning. Reference: van den Oord, Li & Vinyals,
// "Representation learning with contrastive predictive coding",
// arXiv:1807.03748 (2018). opts.Reduction = Sum adds the queries' terms;
// opts.Weights must be empty.
func InfoNCE(query, keys []float64, dim int, temperature float64, opts Options) (float64, error) {
	return infoNCECore("InfoNCE", nil, nil, query, keys, dim, temperature, opts)
}

// InfoNCEGrad writes ∂/∂query and ∂/∂keys (allocated if nil) and returns
// them with [InfoNCE].
func InfoNCEGrad(dQuery, dKeys, query, keys []float64, dim int, temperature float64, opts Options) ([]float64, []float64, float64, error) {
	return into2(dQuery, len(query), dKeys, len(keys), func(dQuery, dKeys []float64) (float64, error) {
		return infoNCECore("InfoNCEGrad", dQuery, dKeys, query, keys, dim, temperature, opts)
	})
}

func supConCore(fn string, elems, dE, emb []float64, dim int, labels []int, temperature float64, opts Options) (float64, error) {
	c := newCheck(fn)
	n := checkRows(&c, dim, []string{"emb"}, emb)
	if c.OK() && len(labels) != n {
		c.Fail("len(labels) = %d, want %d (= len(emb)/dim)", len(labels), n)
	}
	grad := checkDsts(&c, len(emb), []string{"dst"}, dE)
	if elems != nil {
		c.dstLen("dst", len(elems), n)
	}
	c.scalarPositive("temperature", temperature)
	c.noWeights(opts.Weights)
	if elems == nil {
		c.reduction(opts.Reduction, "SupConElems")
	}
	if !c.OK() {
		return 0, c.Err
	}
	npos := make([]int, n)
	anchors := 0
	for i := range n {
		for j := range n {
			if j != i && labels[j] == labels[i] {
				npos[i]++
			}
		}
		if npos[i] > 0 {
			anchors++
		}
	}
	if anchors == 0 {
		c.Fail("no anchor has a positive (all %d labels are distinct), want at least two samples of one class", n)
		return 0, c.Err
	}
	if grad {
		for i := range dE {
			dE[i] = 0
		}
	}
	af := float64(anchors)
	if opts.Reduction == Sum || elems != nil {
		af = 1
	}
	risky := mayOverflow(emb, emb, dim, temperature) // as in InfoNCE
	row := make([]float64, n-1)
	lp := make([]float64, n-1)
	var s float64
	for i := range n {
		if elems != nil {
			elems[i] = 0
		}
		if npos[i] == 0 {
			continue
		}
		zi := emb[i*dim : (i+1)*dim]
		// Contrast set A(i) = all j ≠ i; row index m ↔ j = m + (m ≥ i).
		if !risky {
			for m := range n - 1 {
				j := m
				if m >= i {
					j++
				}
				row[m] = dot(zi, emb[j*dim:(j+1)*dim]) / temperature
			}
			logSoftmax(lp, row)
		} else {
			// Scores overflow though the loss fits: as in InfoNCE, with
			// the contrast set as the keys.
			others := make([]float64, 0, (n-1)*dim)
			others = append(append(others, emb[:i*dim]...), emb[(i+1)*dim:]...)
			F := scaledScores(row, zi, others, dim, temperature)
			logSoftmaxScaled(lp, row, F)
		}
		inv := 1 / float64(npos[i])
		var li float64
		for m := range n - 1 {
			j := m
			if m >= i {
				j++
			}
			isPos := labels[j] == labels[i]
			if isPos {
				li -= inv * lp[m]
			}
			if grad {
				// ∂ℓᵢ/∂S_ij = softmax_m − 1[j ∈ P(i)]/|P(i)|; S_ij = zᵢ·zⱼ/τ.
				g := math.Exp(lp[m])
				if isPos {
					g -= inv
				}
				if !risky {
					g /= af * temperature
				}
				zj := emb[j*dim : (j+1)*dim]
				for t := range dim {
					dE[i*dim+t] += g * zj[t]
					dE[j*dim+t] += g * zi[t]
				}
			}
		}
		s += li
		if elems != nil {
			elems[i] = li
		}
	}
	if risky {
		for i := range dE {
			dE[i] = dE[i] / af / temperature // as in InfoNCE
		}
	}
	return s / af, nil
}

// SupCon returns the supervised contrastive loss (Khosla et al. 2020,
// L^sup_out, eq. 2) of N embeddings (row-major, dim columns) with class
// labels: for each anchor i with positives P(i) = {p ≠ i : y_p = yᵢ},
//
//	ℓᵢ = −(1/|P(i)|) Σ_{p∈P(i)} log [ exp(zᵢ·z_p/τ) / Σ_{a≠i} exp(zᵢ·z_a/τ) ]
//
// averaged over the anchors that have at least one positive. Embeddings
// are used as given (the paper L2-normalises them; do so first). The
// official implementation's extra factor τ/base_τ (1 at its defaults) is
// omitted. Gradient: with c_ia = softmax_a − 1[a ∈ P(i)]/|P(i)|, ∂/∂zᵢ +=
// Σ_a c_ia z_a/τ and ∂/∂z_a += c_ia zᵢ/τ, divided by the number of anchors.
//
// Minimiser: embeddings clustered by class: all same-class samples pulled
// together, other classes pushed away. Use it for supervised
// representation learning with labels (it generalises InfoNCE to many
// positives). Reference: Khosla et al., "Supervised Contrastive
// Learning", NeurIPS 2020. opts.Reduction = Sum adds the anchors' terms
// instead of averaging them; opts.Weights must be empty.
func SupCon(emb []float64, dim int, labels []int, temperature float64, opts Options) (float64, error) {
	return supConCore("SupCon", nil, nil, emb, dim, labels, temperature, opts)
}

// SupConGrad writes ∂SupCon/∂emb to dst (allocated if nil) and returns it
// with [SupCon].
func SupConGrad(dst, emb []float64, dim int, labels []int, temperature float64, opts Options) ([]float64, float64, error) {
	return into(dst, len(emb), func(dst []float64) (float64, error) {
		return supConCore("SupConGrad", nil, dst, emb, dim, labels, temperature, opts)
	})
}

// SupConElems writes the per-anchor terms ℓᵢ of [SupCon] (len N; 0 for a
// sample with no positive) to dst (allocated if nil) and returns it: their
// sum is SupCon with Sum, and their sum over the number of anchors with a
// positive is SupCon; opts.Reduction is ignored.
func SupConElems(dst, emb []float64, dim int, labels []int, temperature float64, opts Options) ([]float64, error) {
	return elemsInto(dst, rows(len(emb), dim), func(dst []float64) (float64, error) {
		return supConCore("SupConElems", dst, nil, emb, dim, labels, temperature, opts)
	})
}

func alignCore(fn string, dx, dy, x, y []float64, dim int, alpha float64, opts Options) (float64, error) {
	c := newCheck(fn)
	n := checkRows(&c, dim, []string{"x", "y"}, x, y)
	grad := checkDsts(&c, len(x), []string{"dx", "dy"}, dx, dy)
	c.scalarPositive("alpha", alpha)
	c.noWeights(opts.Weights)
	c.reduction(opts.Reduction, "AlignmentElems")
	if !c.OK() {
		return 0, c.Err
	}
	nf := opts.Reduction.denom(float64(n))
	var s float64
	for i := range n {
		var d2 float64
		for t := range dim {
			u := x[i*dim+t] - y[i*dim+t]
			d2 += u * u
		}
		d := math.Sqrt(d2)
		s += math.Pow(d, alpha)
		if grad {
			// ∂‖u‖^α/∂u = α‖u‖^{α−2} u; 0 at u = 0 (α ≥ 1: the limit or a subgradient).
			k := 0.0
			if d > 0 {
				k = alpha * math.Pow(d, alpha-2) / nf
			}
			for t := range dim {
				g := k * (x[i*dim+t] - y[i*dim+t])
				dx[i*dim+t] = g
				dy[i*dim+t] = -g
			}
		}
	}
	return s / nf, nil
}

// Alignment returns the alignment loss of Wang & Isola (2020) for N
// positive pairs (xᵢ, yᵢ) of dim-dimensional embeddings:
//
//	L_align = (1/N) Σᵢ ‖xᵢ − yᵢ‖₂^α    (α = 2 in the paper)
//
// Gradient: α‖u‖^{α−2}·u/N for u = xᵢ − yᵢ (and its negative for y),
// set to 0 at u = 0. Minimiser: positive pairs mapped to the same point.
// Alone it collapses the representation; pair it with [Uniformity].
// Reference: Wang & Isola, "Understanding contrastive representation
// learning through alignment and uniformity on the hypersphere", ICML 2020.
// opts.Reduction = Sum adds the pair terms; opts.Weights must be empty.
func Alignment(x, y []float64, dim int, alpha float64, opts Options) (float64, error) {
	return alignCore("Alignment", nil, nil, x, y, dim, alpha, opts)
}

// AlignmentGrad writes ∂/∂x and ∂/∂y (allocated if nil) and returns them
// with [Alignment].
func AlignmentGrad(dx, dy, x, y []float64, dim int, alpha float64, opts Options) ([]float64, []float64, float64, error) {
	return into2(dx, len(x), dy, len(y), func(dx, dy []float64) (float64, error) {
		return alignCore("AlignmentGrad", dx, dy, x, y, dim, alpha, opts)
	})
}

func uniformCore(fn string, dx, x []float64, dim int, t float64, opts Options) (float64, error) {
	c := newCheck(fn)
	c.noWeights(opts.Weights)
	if c.OK() && opts.Reduction != Mean {
		c.Fail("opts.Reduction = %v, want Mean (the zero value): Uniformity is the log of a mean over pairs, with no sum or per-element form", opts.Reduction)
	}
	n := checkRows(&c, dim, []string{"x"}, x)
	grad := checkDsts(&c, len(x), []string{"dst"}, dx)
	if c.OK() && n < 2 {
		c.Fail("len(x)/dim = %d rows, want at least 2", n)
	}
	c.scalarPositive("t", t)
	if !c.OK() {
		return 0, c.Err
	}
	m := n * (n - 1) / 2
	e := pairDist2(x, n, dim)
	for p, d2 := range e {
		e[p] = -t * d2
	}
	lse := logSumExp(e)
	if math.IsInf(lse, 0) || math.IsNaN(lse) {
		// Rows near 1e308: ‖xᵢ − xⱼ‖² overflows though L fits (or is
		// −Inf, the exact float when every pair is that far apart).
		return uniformScaled(dx, x, n, dim, t, grad), nil
	}
	val := lse - math.Log(float64(m))
	if grad {
		for i := range dx {
			dx[i] = 0
		}
		p := 0
		for i := range n {
			for j := i + 1; j < n; j++ {
				// ∂L/∂xᵢ = Σ_pairs w_ij·(−2t)(xᵢ − xⱼ), w = softmax over pairs.
				w := math.Exp(e[p] - lse)
				p++
				if w == 0 {
					continue
				}
				for k := range dim {
					g := -2 * t * w * (x[i*dim+k] - x[j*dim+k])
					dx[i*dim+k] += g
					dx[j*dim+k] -= g
				}
			}
		}
	}
	return val, nil
}

// pairDist2 returns ‖xᵢ − xⱼ‖² for the pairs i < j of the n rows of x, in
// the order (0,1), (0,2), …, (1,2), ….
func pairDist2(x []float64, n, dim int) []float64 {
	out := make([]float64, 0, n*(n-1)/2)
	for i := range n {
		for j := i + 1; j < n; j++ {
			var d2 float64
			for k := range dim {
				u := x[i*dim+k] - x[j*dim+k]
				d2 += u * u
			}
			out = append(out, d2)
		}
	}
	return out
}

// uniformScaled is uniformCore with the rows divided by s = max|x| first:
// with δ = ‖(xᵢ − xⱼ)/s‖² and S = t·s², the exponents are −S·δ and the
// softmax weights exp(−S(δ − δmin)), so nothing overflows but S, and an
// infinite S only sends far pairs' weights to 0.
func uniformScaled(dx, x []float64, n, dim int, t float64, grad bool) float64 {
	u, s := scaledRow(x)
	S := t * s * s
	delta := pairDist2(u, n, dim)
	dmin := math.Inf(1)
	for _, d2 := range delta {
		dmin = math.Min(dmin, d2)
	}
	rel := func(d float64) float64 { // −S(δ − δmin), 0 at the nearest pair
		if d == dmin {
			return 0
		}
		return -S * (d - dmin)
	}
	var sum float64
	for _, d := range delta {
		sum += math.Exp(rel(d))
	}
	top := 0.0 // −S·δmin
	if dmin > 0 {
		top = -S * dmin
	}
	val := top + math.Log(sum/float64(len(delta)))
	if !grad {
		return val
	}
	for i := range dx {
		dx[i] = 0
	}
	p := 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			w := math.Exp(rel(delta[p])) / sum
			p++
			if w == 0 {
				continue
			}
			for k := range dim {
				du := u[i*dim+k] - u[j*dim+k]
				if du == 0 {
					continue
				}
				g := -2 * (t * s) * w * du // t·s first: t may be subnormal
				dx[i*dim+k] += g
				dx[j*dim+k] -= g
			}
		}
	}
	return val
}

// Uniformity returns the uniformity loss of Wang & Isola (2020) for N ≥ 2
// embeddings (row-major, dim columns):
//
//	L_uniform = log( (2/(N(N−1))) Σ_{i<j} exp(−t ‖xᵢ − xⱼ‖²) )   (t = 2 in the paper)
//
// computed with log-sum-exp. It is ≤ 0 and equals 0 when all points
// coincide. Gradient: ∂L/∂xᵢ = Σⱼ w_ij·(−2t)(xᵢ − xⱼ), with w the softmax
// of −t‖xᵢ − xⱼ‖² over pairs. Minimiser: points spread uniformly (on the
// hypersphere, when normalised). Use it with [Alignment] to diagnose or
// train contrastive representations. opts must be the zero value (Mean,
// no weights): the loss is the log of a mean. Reference: as [Alignment].
func Uniformity(x []float64, dim int, t float64, opts Options) (float64, error) {
	return uniformCore("Uniformity", nil, x, dim, t, opts)
}

// UniformityGrad writes ∂Uniformity/∂x to dst (allocated if nil) and
// returns it with [Uniformity].
func UniformityGrad(dst, x []float64, dim int, t float64, opts Options) ([]float64, float64, error) {
	return into(dst, len(x), func(dst []float64) (float64, error) { return uniformCore("UniformityGrad", dst, x, dim, t, opts) })
}
