package loss

import (
	"errors"
	"math"
)

// Distance is a distance between two vectors with its gradient, the
// distance_function of [TripletMarginWithDistance].
type Distance interface {
	// Name identifies the distance and its parameters.
	Name() string
	// Dist returns d(x, y) for two vectors of the same length and, when dx
	// (dy) is not nil, writes ∂d/∂x (∂d/∂y) to it (of the same length). It
	// returns an error for slices of different lengths; values are not
	// checked (the callers of this package check them first).
	Dist(dx, dy, x, y []float64) (float64, error)
}

// PyTorch's defaults for F.pairwise_distance (p = 2, eps = 1e-6; see
// [pairwiseDistanceEps]) and F.cosine_similarity (eps = 1e-8,
// torch/nn/functional.py and aten/src/ATen/native/Distance.cpp).
const cosineSimilarityEps = 1e-8

// PairwiseDistance is PyTorch's F.pairwise_distance(x, y, p, eps):
//
//	d(x, y) = ‖x − y + eps‖_p = (Σⱼ |xⱼ − yⱼ + eps|^p)^{1/p}
//
// with P ≥ 1 (finite) and Eps ≥ 0. Build it with [NewPairwiseDistance];
// PyTorch's default is NewPairwiseDistance(2, 1e-6), and Eps = 0 gives the
// textbook p-norm. Gradient: ∂d/∂x = sign(u)|u|^{p−1}/d^{p−1} with
// u = x − y + eps, and ∂d/∂y = −∂d/∂x; at d = 0 the gradient is 0 (PyTorch's
// norm backward). The norm is computed after scaling by max|uⱼ|, so it
// neither overflows nor underflows.
type PairwiseDistance struct {
	P, Eps float64
}

// NewPairwiseDistance returns the p-norm distance with eps added to the
// difference, p ≥ 1 finite, eps ≥ 0.
func NewPairwiseDistance(p, eps float64) (PairwiseDistance, error) {
	c := newCheck("NewPairwiseDistance")
	if math.IsNaN(p) || math.IsInf(p, 0) || p < 1 {
		c.Fail("p = %v, want a finite value ≥ 1", p)
	}
	c.scalarNonNeg("eps", eps)
	return PairwiseDistance{P: p, Eps: eps}, c.Err
}

// Name returns "PairwiseDistance(p=…, eps=…)".
func (d PairwiseDistance) Name() string {
	return "PairwiseDistance(p=" + fmtG(d.P) + ", eps=" + fmtG(d.Eps) + ")"
}

// Dist returns ‖x − y + eps‖_p and its gradients (see [PairwiseDistance]).
func (d PairwiseDistance) Dist(dx, dy, x, y []float64) (float64, error) {
	if err := distLens("PairwiseDistance.Dist", dx, dy, x, y); err != nil {
		return 0, err
	}
	var m float64
	for j, v := range x {
		m = math.Max(m, math.Abs(v-y[j]+d.Eps))
	}
	var dist float64
	if m > 0 {
		var s float64
		for j, v := range x {
			u := math.Abs(v-y[j]+d.Eps) / m
			switch d.P {
			case 1:
				s += u
			case 2:
				s += u * u
			default:
				s += math.Pow(u, d.P)
			}
		}
		switch d.P {
		case 1:
			dist = m * s
		case 2:
			dist = m * math.Sqrt(s)
		default:
			dist = m * math.Pow(s, 1/d.P)
		}
	}
	if dx == nil && dy == nil {
		return dist, nil
	}
	for j, v := range x {
		var g float64
		if dist > 0 {
			u := v - y[j] + d.Eps
			switch d.P {
			case 1:
				g = sign(u)
			case 2:
				g = u / dist
			default:
				g = sign(u) * math.Pow(math.Abs(u)/dist, d.P-1)
			}
		}
		if dx != nil {
			dx[j] = g
		}
		if dy != nil {
			dy[j] = -g
		}
	}
	return dist, nil
}

// distLens requires len(y) = len(x), and len(dx) = len(dy) = len(x) for the
// gradients that are not nil.
func distLens(fn string, dx, dy, x, y []float64) error {
	c := newCheck(fn)
	c.sameLen("x", len(x), "y", len(y))
	if dx != nil {
		c.lenIs("dx", len(dx), len(x))
	}
	if dy != nil {
		c.lenIs("dy", len(dy), len(x))
	}
	return c.Err
}

// CosineDistance is 1 − cosine_similarity(x, y) with PyTorch's
// F.cosine_similarity (eps = 1e-8):
//
//	cos = ⟨x / max(‖x‖, eps), y / max(‖y‖, eps)⟩,  d = 1 − cos
//
// (the formula of aten/src/ATen/native/Distance.cpp since PyTorch 2.0,
// which normalises each vector first). The zero value is ready to use.
// Gradient where ‖x‖ > eps: ∂d/∂x = −(ŷ − cos·x̂)/‖x‖, x̂ = x/‖x‖; where
// ‖x‖ ≤ eps, ∂d/∂x = −ŷ/eps. Use it as the distance of
// [TripletMarginWithDistance] for normalised embeddings.
type CosineDistance struct{}

// Name returns "CosineDistance".
func (CosineDistance) Name() string { return "CosineDistance" }

// Dist returns 1 − cos(x, y) and its gradients (see [CosineDistance]).
func (CosineDistance) Dist(dx, dy, x, y []float64) (float64, error) {
	if err := distLens("CosineDistance.Dist", dx, dy, x, y); err != nil {
		return 0, err
	}
	nx := math.Max(math.Sqrt(dot(x, x)), cosineSimilarityEps)
	ny := math.Max(math.Sqrt(dot(y, y)), cosineSimilarityEps)
	var cos float64
	for j, v := range x {
		cos += (v / nx) * (y[j] / ny)
	}
	rx := math.Sqrt(dot(x, x)) > cosineSimilarityEps // the clamp is inactive
	ry := math.Sqrt(dot(y, y)) > cosineSimilarityEps
	for j := range x {
		xh, yh := x[j]/nx, y[j]/ny
		if dx != nil {
			g := yh
			if rx {
				g -= cos * xh
			}
			dx[j] = -g / nx
		}
		if dy != nil {
			g := xh
			if ry {
				g -= cos * yh
			}
			dy[j] = -g / ny
		}
	}
	return 1 - cos, nil
}

// TripletOptions configures [TripletMarginWithDistance]. The zero value
// is PyTorch's default: F.pairwise_distance (p = 2, eps = 1e-6), no swap,
// mean.
type TripletOptions struct {
	// Weights must be empty: PyTorch's TripletMarginWithDistanceLoss has no
	// weight (the field is here so that every options struct passes weights
	// the same way).
	Weights []float64
	// Distance is the distance function; nil means PyTorch's default,
	// PairwiseDistance{P: 2, Eps: 1e-6}.
	Distance Distance
	// Swap uses min(d(a, n), d(p, n)) as the negative distance (PyTorch's
	// swap=True; Balntas et al., BMVC 2016).
	Swap bool
	// Reduction: Mean or Sum.
	Reduction Reduction
}

func tripletDistCore(fn string, elems, dA, dP, dN, anchor, positive, negative []float64, dim int, margin float64, opts TripletOptions) (float64, error) {
	c := newCheck(fn)
	c.noWeights(opts.Weights)
	n := checkRows(&c, dim, []string{"anchor", "positive", "negative"}, anchor, positive, negative)
	grad := checkDsts(&c, len(anchor), []string{"dAnchor", "dPositive", "dNegative"}, dA, dP, dN)
	if elems != nil {
		c.dstLen("dst", len(elems), n)
	}
	c.scalarFinite("margin", margin)
	dist := opts.Distance
	if dist == nil {
		dist = PairwiseDistance{P: 2, Eps: pairwiseDistanceEps}
	}
	if pd, ok := dist.(PairwiseDistance); ok && c.OK() {
		if _, err := NewPairwiseDistance(pd.P, pd.Eps); err != nil {
			c.Fail("opts.Distance: %v", err)
		}
	}
	d := c.denom(opts.Reduction, n, elems)
	if !c.OK() {
		return 0, c.Err
	}
	var gap, gan, gpa, gpp, gsp, gsn []float64
	if grad {
		gap, gan = make([]float64, dim), make([]float64, dim)
		gpa, gpp = make([]float64, dim), make([]float64, dim)
		gsp, gsn = make([]float64, dim), make([]float64, dim)
	}
	var s float64
	for i := range n {
		a := anchor[i*dim : (i+1)*dim]
		p := positive[i*dim : (i+1)*dim]
		q := negative[i*dim : (i+1)*dim]
		dap, err1 := dist.Dist(gpa, gpp, a, p)
		dan, err2 := dist.Dist(gap, gan, a, q)
		if err := errors.Join(err1, err2); err != nil {
			c.Fail("opts.Distance (%s): %v", dist.Name(), err)
			return 0, c.Err
		}
		// Weights of the two candidate negative distances: PyTorch's
		// at::min(d_an, d_pn) sends the gradient to the smaller one and
		// halves it at a tie (the derivative of minimum in
		// tools/autograd/derivatives.yaml).
		wan, wsw := 1.0, 0.0
		neg := dan
		if opts.Swap {
			dpn, err := dist.Dist(gsp, gsn, p, q)
			if err != nil {
				c.Fail("opts.Distance (%s): %v", dist.Name(), err)
				return 0, c.Err
			}
			switch {
			case dpn < dan:
				neg, wan, wsw = dpn, 0, 1
			case dpn == dan:
				wan, wsw = 0.5, 0.5
			}
		}
		for _, v := range []float64{dap, neg} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				c.Fail("opts.Distance (%s) = %v for row %d, want a finite distance", dist.Name(), v, i)
				return 0, c.Err
			}
		}
		h := margin + dap - neg
		l := relu(h)
		s += l
		if elems != nil {
			elems[i] = l
		}
		if grad {
			// clamp_min(h, 0) passes the gradient where h ≥ 0 (PyTorch's
			// slope at the kink is 1; aten/src/ATen/native/Loss.cpp).
			k := 0.0
			if h >= 0 {
				k = 1 / d
			}
			for j := range dim {
				ga := gpa[j] - wan*gap[j]
				gp := gpp[j]
				gn := -wan * gan[j]
				if wsw != 0 {
					gp -= wsw * gsp[j]
					gn -= wsw * gsn[j]
				}
				dA[i*dim+j] = k * ga
				dP[i*dim+j] = k * gp
				dN[i*dim+j] = k * gn
			}
		}
	}
	return s / d, nil
}

// TripletMarginWithDistance returns PyTorch's
// F.triplet_margin_with_distance_loss(anchor, positive, negative,
// distance_function, margin, swap) on N rows of dim-dimensional
// embeddings:
//
//	ℓᵢ = max(0, margin + d(aᵢ, pᵢ) − d(aᵢ, nᵢ))
//
// and, with opts.Swap, d(aᵢ, nᵢ) replaced by min(d(aᵢ, nᵢ), d(pᵢ, nᵢ)).
// PyTorch's defaults are margin = 1 and pairwise_distance (p = 2,
// eps = 1e-6), which is also PyTorch's F.triplet_margin_loss(…, p, eps,
// swap) when the distance is NewPairwiseDistance(p, eps): use this
// function for the p, eps and swap options of [TripletMargin].
//
// Subgradients, as PyTorch: the hinge passes the gradient where its
// argument is ≥ 0 (slope 1 at the kink, where [TripletMargin] uses ½), and
// a tie in the swap's minimum splits the gradient in halves.
//
// Minimiser: embeddings in which each anchor is closer to its positive
// than to its negative by at least margin. Reference: PyTorch
// torch.nn.TripletMarginWithDistanceLoss; Schroff et al., CVPR 2015;
// Balntas, Riba, Ponsa & Mikolajczyk, "Learning local feature descriptors
// with triplets and shallow convolutional neural networks", BMVC 2016
// (swap).
func TripletMarginWithDistance(anchor, positive, negative []float64, dim int, margin float64, opts TripletOptions) (float64, error) {
	return tripletDistCore("TripletMarginWithDistance", nil, nil, nil, nil, anchor, positive, negative, dim, margin, opts)
}

// TripletMarginWithDistanceGrad writes the gradients with respect to the
// anchors, positives and negatives (allocated if nil) and returns them with
// [TripletMarginWithDistance].
func TripletMarginWithDistanceGrad(dAnchor, dPositive, dNegative, anchor, positive, negative []float64, dim int, margin float64, opts TripletOptions) ([]float64, []float64, []float64, float64, error) {
	dAnchor = alloc(dAnchor, len(anchor))
	dPositive = alloc(dPositive, len(positive))
	dNegative = alloc(dNegative, len(negative))
	v, err := tripletDistCore("TripletMarginWithDistanceGrad", nil, dAnchor, dPositive, dNegative, anchor, positive, negative, dim, margin, opts)
	return dAnchor, dPositive, dNegative, v, err
}

// TripletMarginWithDistanceElems writes the per-triplet losses ℓᵢ (len N)
// to dst (allocated if nil) and returns it; opts.Reduction is ignored.
func TripletMarginWithDistanceElems(dst, anchor, positive, negative []float64, dim int, margin float64, opts TripletOptions) ([]float64, error) {
	return elemsInto(dst, rows(len(anchor), dim), func(dst []float64) (float64, error) {
		return tripletDistCore("TripletMarginWithDistanceElems", dst, nil, nil, nil, anchor, positive, negative, dim, margin, opts)
	})
}

var (
	_ Distance = PairwiseDistance{}
	_ Distance = CosineDistance{}
)
