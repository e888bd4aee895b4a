package loss

import (
	"math"
	"strings"
	"testing"
)

// catEntry is one reducible loss of the catalogue, called on fixed valid
// inputs through closures, so that one test can check the API rules on
// every loss whatever its signature.
type catEntry struct {
	name string
	// zero calls the loss with the zero value of its options (or Mean);
	// pytorch with PyTorch's defaults spelled out. They must agree.
	zero, pytorch func() (float64, error)
	// sum is the Sum reduction; denom is what Mean divides it by (0 when
	// the Mean is weighted, and checked by the loss's own tests).
	sum   func() (float64, error)
	denom float64
	// elems is reduction="none": n values whose sum is sum.
	elems func(dst []float64) error
	n     int
	// none calls the scalar function with reduction None: it must fail and
	// name the XElems function.
	none func() error
	// gradNil calls XGrad with nil destinations: it must fail, naming the
	// function and dst (until nil allocates; see the package doc).
	gradNil func() error
}

func catalogue() []catEntry {
	rng := newRand(2026)
	const n, k, dim = 6, 3, 2
	pred, target := randVec(rng, n, 1), randVec(rng, n, 1)
	prob := []float64{0.1, 0.8, 0.5, 0.3, 0.95, 0.6}
	bin := []float64{0, 1, 1, 0, 1, 0}
	sgn := []float64{-1, 1, 1, -1, 1, -1}
	logits := randVec(rng, n*k, 1)
	labels := []int{0, 2, 1, 1, 0, 2}
	logp := logSoftmaxRows(logits, k)
	pk := make([]float64, n*k)
	for i := range pk {
		pk[i] = math.Exp(logp[i])
	}
	rate := []float64{0.5, 1, 2, 3, 0.1, 4}
	counts := []float64{0, 1, 3, 2, 0, 5}
	x1, x2, x3 := randVec(rng, n*dim, 1), randVec(rng, n*dim, 1), randVec(rng, n*dim, 1)
	nr := n // rows of the embedding losses
	nf := float64(n)
	mlTarget := []int{0, -1, 0, 2, 1, -1, 1, -1, 0, 0, 2, -1, 2, 0, -1, 1, -1, 0}
	lp3 := logSoftmaxRows(randVec(rng, 4*2*k, 1), k) // T = 4, N = 2
	ctcT, ctcIL, ctcTL := []int{1, 2, 2}, []int{4, 3}, []int{2, 1}
	return []catEntry{
		{
			name:    "BCE",
			zero:    func() (float64, error) { return BCE(prob, bin, BCEOptions{}) },
			pytorch: func() (float64, error) { return BCE(prob, bin, BCEOptions{Weights: []float64{1}, Reduction: Mean}) },
			sum:     func() (float64, error) { return BCE(prob, bin, BCEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return BCEElems(d, prob, bin, BCEOptions{}) }, n: n,
			none:    func() error { return mk2err(BCE(prob, bin, BCEOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(BCEGrad(nil, prob, bin, BCEOptions{})) },
		},
		{
			name:    "BCEWithLogits",
			zero:    func() (float64, error) { return BCEWithLogits(pred, bin, BCEOptions{}) },
			pytorch: func() (float64, error) { return BCEWithLogits(pred, bin, BCEOptions{PosWeight: []float64{1}}) },
			sum:     func() (float64, error) { return BCEWithLogits(pred, bin, BCEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return BCEWithLogitsElems(d, pred, bin, BCEOptions{}) }, n: n,
			none:    func() error { return mk2err(BCEWithLogits(pred, bin, BCEOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(BCEWithLogitsGrad(nil, pred, bin, BCEOptions{})) },
		},
		{
			name:    "CrossEntropy",
			zero:    func() (float64, error) { return CrossEntropy(logits, k, labels, CEOptions{}) },
			pytorch: func() (float64, error) { return CrossEntropy(logits, k, labels, CEOptions{IgnoreIndex: -100}) },
			sum:     func() (float64, error) { return CrossEntropy(logits, k, labels, CEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return CrossEntropyElems(d, logits, k, labels, CEOptions{}) }, n: n,
			none:    func() error { return mk2err(CrossEntropy(logits, k, labels, CEOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(CrossEntropyGrad(nil, logits, k, labels, CEOptions{})) },
		},
		{
			name:    "CrossEntropyProbs",
			zero:    func() (float64, error) { return CrossEntropyProbs(logits, k, pk, CEOptions{}) },
			pytorch: func() (float64, error) { return CrossEntropyProbs(logits, k, pk, CEOptions{LabelSmoothing: 0}) },
			sum:     func() (float64, error) { return CrossEntropyProbs(logits, k, pk, CEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return CrossEntropyProbsElems(d, logits, k, pk, CEOptions{}) }, n: n,
			none:    func() error { return mk2err(CrossEntropyProbs(logits, k, pk, CEOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(CrossEntropyProbsGrad(nil, logits, k, pk, CEOptions{})) },
		},
		{
			name:    "CategoricalNLL",
			zero:    func() (float64, error) { return CategoricalNLL(logp, k, labels, CEOptions{}) },
			pytorch: func() (float64, error) { return CategoricalNLL(logp, k, labels, CEOptions{IgnoreIndex: -100}) },
			sum:     func() (float64, error) { return CategoricalNLL(logp, k, labels, CEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return CategoricalNLLElems(d, logp, k, labels, CEOptions{}) }, n: n,
			none:    func() error { return mk2err(CategoricalNLL(logp, k, labels, CEOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(CategoricalNLLGrad(nil, logp, k, labels, CEOptions{})) },
		},
		{
			name:    "FocalCE",
			zero:    func() (float64, error) { return FocalCE(logits, k, labels, FocalCEOptions{Gamma: 2}) },
			pytorch: func() (float64, error) { return FocalCE(logits, k, labels, FocalCEOptions{Gamma: 2, Reduction: Mean}) },
			sum:     func() (float64, error) { return FocalCE(logits, k, labels, FocalCEOptions{Gamma: 2, Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return FocalCEElems(d, logits, k, labels, FocalCEOptions{Gamma: 2}) }, n: n,
			none:    func() error { return mk2err(FocalCE(logits, k, labels, FocalCEOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(FocalCEGrad(nil, logits, k, labels, FocalCEOptions{})) },
		},
		{
			name:    "Focal",
			zero:    func() (float64, error) { return Focal(pred, bin, DefaultFocalOptions()) },
			pytorch: func() (float64, error) { return Focal(pred, bin, FocalOptions{Alpha: 0.25, Gamma: 2}) },
			sum: func() (float64, error) {
				o := DefaultFocalOptions()
				o.Reduction = Sum
				return Focal(pred, bin, o)
			}, denom: nf,
			elems: func(d []float64) error { return FocalElems(d, pred, bin, DefaultFocalOptions()) }, n: n,
			none:    func() error { return mk2err(Focal(pred, bin, FocalOptions{Alpha: 0.25, Reduction: None})) },
			gradNil: func() error { return mk2err(FocalGrad(nil, pred, bin, DefaultFocalOptions())) },
		},
		{
			name:    "KLDiv",
			zero:    func() (float64, error) { return KLDiv(logp, k, pk, KLDivOptions{}) },
			pytorch: func() (float64, error) { return KLDiv(logp, k, pk, KLDivOptions{Reduction: Mean, LogTarget: false}) },
			sum:     func() (float64, error) { return KLDiv(logp, k, pk, KLDivOptions{Reduction: Sum}) }, denom: nf * k,
			elems: func(d []float64) error { return KLDivElems(d, logp, k, pk, KLDivOptions{}) }, n: n * k,
			none:    func() error { return mk2err(KLDiv(logp, k, pk, KLDivOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(KLDivGrad(nil, logp, k, pk, KLDivOptions{})) },
		},
		{
			name: "GaussianNLL",
			// NLLOptions{}.Eps = 0 is PyTorch's eps=0 (no clamp), not its
			// default 1e-6: the two agree here because every variance > 1e-6.
			zero: func() (float64, error) { return GaussianNLL(pred, target, rate, NLLOptions{}) },
			pytorch: func() (float64, error) {
				return GaussianNLL(pred, target, rate, NLLOptions{Eps: GaussianNLLEpsPyTorch})
			},
			sum: func() (float64, error) { return GaussianNLL(pred, target, rate, NLLOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return GaussianNLLElems(d, pred, target, rate, NLLOptions{}) }, n: n,
			none:    func() error { return mk2err(GaussianNLL(pred, target, rate, NLLOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(GaussianNLLGrad(nil, nil, pred, target, rate, NLLOptions{})) },
		},
		{
			name:    "LaplaceNLL",
			zero:    func() (float64, error) { return LaplaceNLL(pred, target, []float64{2}, NLLOptions{}) },
			pytorch: func() (float64, error) { return LaplaceNLL(pred, target, []float64{2}, NLLOptions{Reduction: Mean}) },
			sum:     func() (float64, error) { return LaplaceNLL(pred, target, []float64{2}, NLLOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return LaplaceNLLElems(d, pred, target, []float64{2}, NLLOptions{}) }, n: n,
			none:    func() error { return mk2err(LaplaceNLL(pred, target, []float64{2}, NLLOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(LaplaceNLLGrad(nil, nil, pred, target, []float64{2}, NLLOptions{})) },
		},
		{
			name:    "StudentTNLL",
			zero:    func() (float64, error) { return StudentTNLL(pred, target, rate, 3, NLLOptions{}) },
			pytorch: func() (float64, error) { return StudentTNLL(pred, target, rate, 3, NLLOptions{Reduction: Mean}) },
			sum:     func() (float64, error) { return StudentTNLL(pred, target, rate, 3, NLLOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return StudentTNLLElems(d, pred, target, rate, 3, NLLOptions{}) }, n: n,
			none:    func() error { return mk2err(StudentTNLL(pred, target, rate, 3, NLLOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(StudentTNLLGrad(nil, nil, pred, target, rate, 3, NLLOptions{})) },
		},
		{
			name: "PoissonNLL",
			zero: func() (float64, error) { return PoissonNLL(rate, counts, NLLOptions{}) },
			// PyTorch's default eps = 1e-8 moves the value by ~1e-8 here.
			pytorch: func() (float64, error) { return PoissonNLL(rate, counts, NLLOptions{Eps: 0}) },
			sum:     func() (float64, error) { return PoissonNLL(rate, counts, NLLOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return PoissonNLLElems(d, rate, counts, NLLOptions{}) }, n: n,
			none:    func() error { return mk2err(PoissonNLL(rate, counts, NLLOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(PoissonNLLGrad(nil, rate, counts, NLLOptions{})) },
		},
		{
			name:    "PoissonNLLLog",
			zero:    func() (float64, error) { return PoissonNLLLog(pred, counts, NLLOptions{}) },
			pytorch: func() (float64, error) { return PoissonNLLLog(pred, counts, NLLOptions{Full: false}) },
			sum:     func() (float64, error) { return PoissonNLLLog(pred, counts, NLLOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return PoissonNLLLogElems(d, pred, counts, NLLOptions{}) }, n: n,
			none:    func() error { return mk2err(PoissonNLLLog(pred, counts, NLLOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(PoissonNLLLogGrad(nil, pred, counts, NLLOptions{})) },
		},
		{
			name:    "MarginRanking",
			zero:    func() (float64, error) { return MarginRanking(pred, target, sgn, 0, Mean) },
			pytorch: func() (float64, error) { return MarginRanking(pred, target, sgn, 0, Reduction(0)) },
			sum:     func() (float64, error) { return MarginRanking(pred, target, sgn, 0, Sum) }, denom: nf,
			elems: func(d []float64) error { return MarginRankingElems(d, pred, target, sgn, 0) }, n: n,
			none:    func() error { return mk2err(MarginRanking(pred, target, sgn, 0, None)) },
			gradNil: func() error { return mk2err(MarginRankingGrad(nil, nil, pred, target, sgn, 0, Mean)) },
		},
		{
			name:    "HingeEmbedding",
			zero:    func() (float64, error) { return HingeEmbedding(pred, sgn, 1, Mean) },
			pytorch: func() (float64, error) { return HingeEmbedding(pred, sgn, 1.0, Reduction(0)) },
			sum:     func() (float64, error) { return HingeEmbedding(pred, sgn, 1, Sum) }, denom: nf,
			elems: func(d []float64) error { return HingeEmbeddingElems(d, pred, sgn, 1) }, n: n,
			none:    func() error { return mk2err(HingeEmbedding(pred, sgn, 1, None)) },
			gradNil: func() error { return mk2err(HingeEmbeddingGrad(nil, pred, sgn, 1, Mean)) },
		},
		{
			name:    "MultiMargin",
			zero:    func() (float64, error) { return MultiMargin(logits, k, labels, 1, MultiMarginOptions{}) },
			pytorch: func() (float64, error) { return MultiMargin(logits, k, labels, 1, MultiMarginOptions{P: 1}) },
			sum:     func() (float64, error) { return MultiMargin(logits, k, labels, 1, MultiMarginOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) error { return MultiMarginElems(d, logits, k, labels, 1, MultiMarginOptions{}) }, n: n,
			none:    func() error { return mk2err(MultiMargin(logits, k, labels, 1, MultiMarginOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(MultiMarginGrad(nil, logits, k, labels, 1, MultiMarginOptions{})) },
		},
		{
			name:    "MultiLabelMargin",
			zero:    func() (float64, error) { return MultiLabelMargin(logits, k, mlTarget, Mean) },
			pytorch: func() (float64, error) { return MultiLabelMargin(logits, k, mlTarget, Reduction(0)) },
			sum:     func() (float64, error) { return MultiLabelMargin(logits, k, mlTarget, Sum) }, denom: nf,
			elems: func(d []float64) error { return MultiLabelMarginElems(d, logits, k, mlTarget) }, n: n,
			none:    func() error { return mk2err(MultiLabelMargin(logits, k, mlTarget, None)) },
			gradNil: func() error { return mk2err(MultiLabelMarginGrad(nil, logits, k, mlTarget, Mean)) },
		},
		{
			name: "MultiLabelSoftMargin",
			zero: func() (float64, error) { return MultiLabelSoftMargin(logits, k, pk, MultiLabelSoftMarginOptions{}) },
			pytorch: func() (float64, error) {
				return MultiLabelSoftMargin(logits, k, pk, MultiLabelSoftMarginOptions{Weights: []float64{1, 1, 1}})
			},
			sum: func() (float64, error) {
				return MultiLabelSoftMargin(logits, k, pk, MultiLabelSoftMarginOptions{Reduction: Sum})
			}, denom: nf,
			elems: func(d []float64) error {
				return MultiLabelSoftMarginElems(d, logits, k, pk, MultiLabelSoftMarginOptions{})
			}, n: n,
			none: func() error {
				return mk2err(MultiLabelSoftMargin(logits, k, pk, MultiLabelSoftMarginOptions{Reduction: None}))
			},
			gradNil: func() error {
				return mk2err(MultiLabelSoftMarginGrad(nil, logits, k, pk, MultiLabelSoftMarginOptions{}))
			},
		},
		{
			name:    "TripletMargin",
			zero:    func() (float64, error) { return TripletMargin(x1, x2, x3, dim, 1, Mean) },
			pytorch: func() (float64, error) { return TripletMargin(x1, x2, x3, dim, 1.0, Reduction(0)) },
			sum:     func() (float64, error) { return TripletMargin(x1, x2, x3, dim, 1, Sum) }, denom: float64(nr),
			elems: func(d []float64) error { return TripletMarginElems(d, x1, x2, x3, dim, 1) }, n: nr,
			none:    func() error { return mk2err(TripletMargin(x1, x2, x3, dim, 1, None)) },
			gradNil: func() error { return mk2err(TripletMarginGrad(nil, nil, nil, x1, x2, x3, dim, 1, Mean)) },
		},
		{
			name: "TripletMarginWithDistance",
			zero: func() (float64, error) { return TripletMarginWithDistance(x1, x2, x3, dim, 1, TripletOptions{}) },
			pytorch: func() (float64, error) {
				return TripletMarginWithDistance(x1, x2, x3, dim, 1, TripletOptions{Distance: mk(NewPairwiseDistance(2, 1e-6))})
			},
			sum: func() (float64, error) {
				return TripletMarginWithDistance(x1, x2, x3, dim, 1, TripletOptions{Reduction: Sum})
			}, denom: float64(nr),
			elems: func(d []float64) error {
				return TripletMarginWithDistanceElems(d, x1, x2, x3, dim, 1, TripletOptions{})
			}, n: nr,
			none: func() error {
				return mk2err(TripletMarginWithDistance(x1, x2, x3, dim, 1, TripletOptions{Reduction: None}))
			},
			gradNil: func() error {
				return mk2err(TripletMarginWithDistanceGrad(nil, nil, nil, x1, x2, x3, dim, 1, TripletOptions{}))
			},
		},
		{
			name:    "CosineEmbedding",
			zero:    func() (float64, error) { return CosineEmbedding(x1, x2, dim, sgn, 0, Mean) },
			pytorch: func() (float64, error) { return CosineEmbedding(x1, x2, dim, sgn, 0.0, Reduction(0)) },
			sum:     func() (float64, error) { return CosineEmbedding(x1, x2, dim, sgn, 0, Sum) }, denom: float64(nr),
			elems: func(d []float64) error { return CosineEmbeddingElems(d, x1, x2, dim, sgn, 0) }, n: nr,
			none:    func() error { return mk2err(CosineEmbedding(x1, x2, dim, sgn, 0, None)) },
			gradNil: func() error { return mk2err(CosineEmbeddingGrad(nil, nil, x1, x2, dim, sgn, 0, Mean)) },
		},
		{
			name:    "Contrastive",
			zero:    func() (float64, error) { return Contrastive(x1, x2, dim, bin, 1, Mean) },
			pytorch: func() (float64, error) { return Contrastive(x1, x2, dim, bin, 1, Reduction(0)) },
			sum:     func() (float64, error) { return Contrastive(x1, x2, dim, bin, 1, Sum) }, denom: float64(nr),
			elems: func(d []float64) error { return ContrastiveElems(d, x1, x2, dim, bin, 1) }, n: nr,
			none:    func() error { return mk2err(Contrastive(x1, x2, dim, bin, 1, None)) },
			gradNil: func() error { return mk2err(ContrastiveGrad(nil, nil, x1, x2, dim, bin, 1, Mean)) },
		},
		{
			name:    "CTC",
			zero:    func() (float64, error) { return CTC(lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{}) },
			pytorch: func() (float64, error) { return CTC(lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{Blank: 0, Reduction: Mean}) },
			// Mean divides each loss by its target length: checked in TestCTCBatch.
			sum:   func() (float64, error) { return CTC(lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{Reduction: Sum}) },
			elems: func(d []float64) error { return CTCElems(d, lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{}) }, n: 2,
			none:    func() error { return mk2err(CTC(lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{Reduction: None})) },
			gradNil: func() error { return mk2err(CTCGrad(nil, lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{})) },
		},
		{
			name:    "Reduce(Huber)",
			zero:    func() (float64, error) { return Reduce(Huber{Delta: 1}, pred, target, nil, Mean) },
			pytorch: func() (float64, error) { return HuberLoss(pred, target, 1) },
			sum:     func() (float64, error) { return Reduce(Huber{Delta: 1}, pred, target, nil, Sum) }, denom: nf,
			elems: func(d []float64) error { return Elems(d, Huber{Delta: 1}, pred, target, nil) }, n: n,
			none:    func() error { return mk2err(Reduce(Huber{Delta: 1}, pred, target, nil, None)) },
			gradNil: func() error { return mk2err(Grad(nil, Huber{Delta: 1}, pred, target, nil, Mean)) },
		},
		{
			name:    "MarginReduce(Hinge)",
			zero:    func() (float64, error) { return MarginReduce(Hinge{}, pred, sgn, nil, Mean) },
			pytorch: func() (float64, error) { return MarginReduce(Hinge{}, pred, sgn, []float64{1, 1, 1, 1, 1, 1}, Mean) },
			sum:     func() (float64, error) { return MarginReduce(Hinge{}, pred, sgn, nil, Sum) }, denom: nf,
			elems: func(d []float64) error { return MarginElems(d, Hinge{}, pred, sgn, nil) }, n: n,
			none:    func() error { return mk2err(MarginReduce(Hinge{}, pred, sgn, nil, None)) },
			gradNil: func() error { return mk2err(MarginGrad(nil, Hinge{}, pred, sgn, nil, Mean)) },
		},
		{
			name:    "Brier",
			zero:    func() (float64, error) { return Brier(pk, k, labels) },
			pytorch: func() (float64, error) { return Brier(pk, k, labels) },
			sum: func() (float64, error) {
				v, err := Brier(pk, k, labels)
				return v * nf, err
			}, denom: nf,
			elems: func(d []float64) error { return BrierElems(d, pk, k, labels) }, n: n,
			gradNil: func() error { return mk2err(BrierGrad(nil, pk, k, labels)) },
		},
		{
			name:    "InfoNCE",
			zero:    func() (float64, error) { return InfoNCE(x1, x2, dim, 0.5) },
			pytorch: func() (float64, error) { return InfoNCE(x1, x2, dim, 0.5) },
			sum: func() (float64, error) {
				v, err := InfoNCE(x1, x2, dim, 0.5)
				return v * float64(nr), err
			}, denom: float64(nr),
			elems: func(d []float64) error { return InfoNCEElems(d, x1, x2, dim, 0.5) }, n: nr,
			gradNil: func() error { return mk2err(InfoNCEGrad(nil, nil, x1, x2, dim, 0.5)) },
		},
		{
			name:    "Alignment",
			zero:    func() (float64, error) { return Alignment(x1, x2, dim, 2) },
			pytorch: func() (float64, error) { return Alignment(x1, x2, dim, 2) },
			sum: func() (float64, error) {
				v, err := Alignment(x1, x2, dim, 2)
				return v * float64(nr), err
			}, denom: float64(nr),
			elems: func(d []float64) error { return AlignmentElems(d, x1, x2, dim, 2) }, n: nr,
			gradNil: func() error { return mk2err(AlignmentGrad(nil, nil, x1, x2, dim, 2)) },
		},
	}
}

// TestCatalogueRules walks the catalogue and checks the API rules on every
// reducible loss: the zero options give PyTorch's defaults; Mean is Sum
// divided by the documented count; the XElems values add up to Sum; None
// is refused by the scalar function with a pointer to XElems; a nil
// gradient destination is an error that names the function and dst (no
// panic, no silent skip).
func TestCatalogueRules(t *testing.T) {
	for _, e := range catalogue() {
		zero, err := e.zero()
		if err != nil {
			t.Errorf("%s: zero options: %v", e.name, err)
			continue
		}
		pt := mk(e.pytorch())
		assertNear(t, e.name+": zero options = PyTorch's defaults", zero, pt, 1e-15)
		sum := mk(e.sum())
		if e.denom > 0 {
			assertNear(t, e.name+": Mean = Sum/denom", zero, sum/e.denom, 1e-14)
		}
		el := make([]float64, e.n)
		if err := e.elems(el); err != nil {
			t.Errorf("%s: Elems: %v", e.name, err)
			continue
		}
		var s float64
		for _, v := range el {
			s += v
		}
		assertNear(t, e.name+": Σ Elems = Sum", s, sum, 1e-13)
		if err := e.elems(make([]float64, e.n+1)); err == nil || !strings.Contains(err.Error(), "len(dst)") {
			t.Errorf("%s: Elems with a wrong dst: error %v, want one naming len(dst)", e.name, err)
		}
		if e.none != nil {
			err := e.none()
			if err == nil || !strings.Contains(err.Error(), "reduction = None") || !strings.Contains(err.Error(), "Elems") {
				t.Errorf("%s: reduction None: error %v, want one naming the XElems variant", e.name, err)
			}
		}
		err = e.gradNil()
		// Every destination is named d… ("dst", "dx1", "dAnchor", "dPred", …).
		if err == nil || !strings.HasPrefix(err.Error(), "loss.") ||
			!strings.Contains(err.Error(), "Grad: ") || !strings.Contains(err.Error(), "(d") && !strings.Contains(err.Error(), "dst") {
			t.Errorf("%s: XGrad(nil, …): error %v, want one naming the destination", e.name, err)
		}
	}
}
