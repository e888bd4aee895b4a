package loss

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/apicheck"
)

// catEntry is one reducible loss of the catalogue, called on fixed valid
// inputs through closures, so that one test can check the API rules on
// every loss whatever its signature.
type catEntry struct {
	name string
	// zero calls the loss with the zero value of its options (or Mean);
	// pytorch with PyTorch's defaults spelled out. They must agree.
	zero, pytorch func() (float64, error)
	// zeroRefused: the zero options have no default to follow and must be
	// refused with an error naming this field of the options (zero is then
	// called with them, and pytorch with valid options).
	zeroRefused string
	// sum is the Sum reduction; denom is what Mean divides it by (0 when
	// the Mean is weighted, and checked by the loss's own tests).
	sum   func() (float64, error)
	denom float64
	// elems is reduction="none": n values whose sum is sum, written to
	// dst and returned (a nil dst is allocated).
	elems func(dst []float64) ([]float64, error)
	n     int
	// none calls the scalar function with reduction None: it must fail and
	// name the XElems function.
	none func() error
	// gradNil calls XGrad with nil destinations: they must be allocated
	// (gonum's convention) and returned, with no error.
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
	supLabels := []int{0, 1, 0, 2, 1, 3} // rows 0, 2 and 1, 4 have a positive
	return []catEntry{
		{
			name:    "BCE",
			zero:    func() (float64, error) { return BCE(prob, bin, BCEOptions{}) },
			pytorch: func() (float64, error) { return BCE(prob, bin, BCEOptions{Weights: []float64{1}, Reduction: Mean}) },
			sum:     func() (float64, error) { return BCE(prob, bin, BCEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return BCEElems(d, prob, bin, BCEOptions{}) }, n: n,
			none:    func() error { return mk2err(BCE(prob, bin, BCEOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(BCEGrad(nil, prob, bin, BCEOptions{})) },
		},
		{
			name:    "BCEWithLogits",
			zero:    func() (float64, error) { return BCEWithLogits(pred, bin, BCEOptions{}) },
			pytorch: func() (float64, error) { return BCEWithLogits(pred, bin, BCEOptions{PosWeight: []float64{1}}) },
			sum:     func() (float64, error) { return BCEWithLogits(pred, bin, BCEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return BCEWithLogitsElems(d, pred, bin, BCEOptions{}) }, n: n,
			none:    func() error { return mk2err(BCEWithLogits(pred, bin, BCEOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(BCEWithLogitsGrad(nil, pred, bin, BCEOptions{})) },
		},
		{
			name:    "CrossEntropy",
			zero:    func() (float64, error) { return CrossEntropy(logits, k, labels, CEOptions{}) },
			pytorch: func() (float64, error) { return CrossEntropy(logits, k, labels, CEOptions{IgnoreIndex: -100}) },
			sum:     func() (float64, error) { return CrossEntropy(logits, k, labels, CEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return CrossEntropyElems(d, logits, k, labels, CEOptions{}) }, n: n,
			none:    func() error { return mk2err(CrossEntropy(logits, k, labels, CEOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(CrossEntropyGrad(nil, logits, k, labels, CEOptions{})) },
		},
		{
			name:    "CrossEntropyProbs",
			zero:    func() (float64, error) { return CrossEntropyProbs(logits, k, pk, CEOptions{}) },
			pytorch: func() (float64, error) { return CrossEntropyProbs(logits, k, pk, CEOptions{LabelSmoothing: 0}) },
			sum:     func() (float64, error) { return CrossEntropyProbs(logits, k, pk, CEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return CrossEntropyProbsElems(d, logits, k, pk, CEOptions{}) }, n: n,
			none:    func() error { return mk2err(CrossEntropyProbs(logits, k, pk, CEOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(CrossEntropyProbsGrad(nil, logits, k, pk, CEOptions{})) },
		},
		{
			name:    "CategoricalNLL",
			zero:    func() (float64, error) { return CategoricalNLL(logp, k, labels, CEOptions{}) },
			pytorch: func() (float64, error) { return CategoricalNLL(logp, k, labels, CEOptions{IgnoreIndex: -100}) },
			sum:     func() (float64, error) { return CategoricalNLL(logp, k, labels, CEOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return CategoricalNLLElems(d, logp, k, labels, CEOptions{}) }, n: n,
			none:    func() error { return mk2err(CategoricalNLL(logp, k, labels, CEOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(CategoricalNLLGrad(nil, logp, k, labels, CEOptions{})) },
		},
		{
			name:    "FocalCE",
			zero:    func() (float64, error) { return FocalCE(logits, k, labels, FocalCEOptions{}) },
			pytorch: func() (float64, error) { return FocalCE(logits, k, labels, FocalCEOptions{Gamma: FocalGamma}) },
			sum:     func() (float64, error) { return FocalCE(logits, k, labels, FocalCEOptions{Gamma: 2, Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) {
				return FocalCEElems(d, logits, k, labels, FocalCEOptions{Gamma: 2})
			}, n: n,
			none:    func() error { return mk2err(FocalCE(logits, k, labels, FocalCEOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(FocalCEGrad(nil, logits, k, labels, FocalCEOptions{})) },
		},
		{
			name: "Focal",
			zero: func() (float64, error) { return Focal(pred, bin, FocalOptions{}) }, zeroRefused: "opts.Alpha",
			pytorch: func() (float64, error) { return Focal(pred, bin, FocalOptions{Alpha: 0.25, Gamma: 2}) },
			sum: func() (float64, error) {
				o := DefaultFocalOptions()
				o.Reduction = Sum
				return Focal(pred, bin, o)
			}, denom: nf,
			elems: func(d []float64) ([]float64, error) { return FocalElems(d, pred, bin, DefaultFocalOptions()) }, n: n,
			none:    func() error { return mk2err(Focal(pred, bin, FocalOptions{Alpha: 0.25, Reduction: None})) },
			gradNil: func() error { return allocated1(FocalGrad(nil, pred, bin, DefaultFocalOptions())) },
		},
		{
			name:    "KLDiv",
			zero:    func() (float64, error) { return KLDiv(logp, k, pk, KLDivOptions{}) },
			pytorch: func() (float64, error) { return KLDiv(logp, k, pk, KLDivOptions{Reduction: Mean, LogTarget: false}) },
			sum:     func() (float64, error) { return KLDiv(logp, k, pk, KLDivOptions{Reduction: Sum}) }, denom: nf * k,
			elems: func(d []float64) ([]float64, error) { return KLDivElems(d, logp, k, pk, KLDivOptions{}) }, n: n * k,
			none:    func() error { return mk2err(KLDiv(logp, k, pk, KLDivOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(KLDivGrad(nil, logp, k, pk, KLDivOptions{})) },
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
			elems: func(d []float64) ([]float64, error) { return GaussianNLLElems(d, pred, target, rate, NLLOptions{}) }, n: n,
			none:    func() error { return mk2err(GaussianNLL(pred, target, rate, NLLOptions{Reduction: None})) },
			gradNil: func() error { return allocated2(GaussianNLLGrad(nil, nil, pred, target, rate, NLLOptions{})) },
		},
		{
			name:    "LaplaceNLL",
			zero:    func() (float64, error) { return LaplaceNLL(pred, target, []float64{2}, NLLOptions{}) },
			pytorch: func() (float64, error) { return LaplaceNLL(pred, target, []float64{2}, NLLOptions{}) },
			sum:     func() (float64, error) { return LaplaceNLL(pred, target, []float64{2}, NLLOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) {
				return LaplaceNLLElems(d, pred, target, []float64{2}, NLLOptions{})
			}, n: n,
			none:    func() error { return mk2err(LaplaceNLL(pred, target, []float64{2}, NLLOptions{Reduction: None})) },
			gradNil: func() error { return allocated2(LaplaceNLLGrad(nil, nil, pred, target, []float64{2}, NLLOptions{})) },
		},
		{
			name:    "StudentTNLL",
			zero:    func() (float64, error) { return StudentTNLL(pred, target, rate, 3, NLLOptions{}) },
			pytorch: func() (float64, error) { return StudentTNLL(pred, target, rate, 3, NLLOptions{}) },
			sum:     func() (float64, error) { return StudentTNLL(pred, target, rate, 3, NLLOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return StudentTNLLElems(d, pred, target, rate, 3, NLLOptions{}) }, n: n,
			none:    func() error { return mk2err(StudentTNLL(pred, target, rate, 3, NLLOptions{Reduction: None})) },
			gradNil: func() error { return allocated2(StudentTNLLGrad(nil, nil, pred, target, rate, 3, NLLOptions{})) },
		},
		{
			name: "PoissonNLL",
			zero: func() (float64, error) { return PoissonNLL(rate, counts, NLLOptions{}) },
			// PyTorch's default eps = 1e-8 moves the value by ~1e-8 here.
			pytorch: func() (float64, error) { return PoissonNLL(rate, counts, NLLOptions{Eps: PoissonNLLEpsPyTorch}) },
			sum:     func() (float64, error) { return PoissonNLL(rate, counts, NLLOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return PoissonNLLElems(d, rate, counts, NLLOptions{}) }, n: n,
			none:    func() error { return mk2err(PoissonNLL(rate, counts, NLLOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(PoissonNLLGrad(nil, rate, counts, NLLOptions{})) },
		},
		{
			name:    "PoissonNLLLog",
			zero:    func() (float64, error) { return PoissonNLLLog(pred, counts, NLLOptions{}) },
			pytorch: func() (float64, error) { return PoissonNLLLog(pred, counts, NLLOptions{Full: false}) },
			sum:     func() (float64, error) { return PoissonNLLLog(pred, counts, NLLOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return PoissonNLLLogElems(d, pred, counts, NLLOptions{}) }, n: n,
			none:    func() error { return mk2err(PoissonNLLLog(pred, counts, NLLOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(PoissonNLLLogGrad(nil, pred, counts, NLLOptions{})) },
		},
		{
			name:    "MarginRanking",
			zero:    func() (float64, error) { return MarginRanking(pred, target, sgn, 0, Options{}) },
			pytorch: func() (float64, error) { return MarginRanking(pred, target, sgn, 0, Options{Reduction: Reduction(0)}) },
			sum:     func() (float64, error) { return MarginRanking(pred, target, sgn, 0, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return MarginRankingElems(d, pred, target, sgn, 0, Options{}) }, n: n,
			none: func() error { return mk2err(MarginRanking(pred, target, sgn, 0, Options{Reduction: None})) },
			gradNil: func() error {
				return allocated2(MarginRankingGrad(nil, nil, pred, target, sgn, 0, Options{}))
			},
		},
		{
			name:    "HingeEmbedding",
			zero:    func() (float64, error) { return HingeEmbedding(pred, sgn, 1, Options{}) },
			pytorch: func() (float64, error) { return HingeEmbedding(pred, sgn, 1.0, Options{Reduction: Reduction(0)}) },
			sum:     func() (float64, error) { return HingeEmbedding(pred, sgn, 1, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return HingeEmbeddingElems(d, pred, sgn, 1, Options{}) }, n: n,
			none:    func() error { return mk2err(HingeEmbedding(pred, sgn, 1, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(HingeEmbeddingGrad(nil, pred, sgn, 1, Options{})) },
		},
		{
			name:    "MultiMargin",
			zero:    func() (float64, error) { return MultiMargin(logits, k, labels, 1, MultiMarginOptions{}) },
			pytorch: func() (float64, error) { return MultiMargin(logits, k, labels, 1, MultiMarginOptions{P: 1}) },
			sum:     func() (float64, error) { return MultiMargin(logits, k, labels, 1, MultiMarginOptions{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) {
				return MultiMarginElems(d, logits, k, labels, 1, MultiMarginOptions{})
			}, n: n,
			none:    func() error { return mk2err(MultiMargin(logits, k, labels, 1, MultiMarginOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(MultiMarginGrad(nil, logits, k, labels, 1, MultiMarginOptions{})) },
		},
		{
			name: "MultiLabelMargin",
			zero: func() (float64, error) { return MultiLabelMargin(logits, k, mlTarget, Options{}) },
			pytorch: func() (float64, error) {
				return MultiLabelMargin(logits, k, mlTarget, Options{Reduction: Reduction(0)})
			},
			sum: func() (float64, error) { return MultiLabelMargin(logits, k, mlTarget, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return MultiLabelMarginElems(d, logits, k, mlTarget, Options{}) }, n: n,
			none:    func() error { return mk2err(MultiLabelMargin(logits, k, mlTarget, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(MultiLabelMarginGrad(nil, logits, k, mlTarget, Options{})) },
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
			elems: func(d []float64) ([]float64, error) {
				return MultiLabelSoftMarginElems(d, logits, k, pk, MultiLabelSoftMarginOptions{})
			}, n: n,
			none: func() error {
				return mk2err(MultiLabelSoftMargin(logits, k, pk, MultiLabelSoftMarginOptions{Reduction: None}))
			},
			gradNil: func() error {
				return allocated1(MultiLabelSoftMarginGrad(nil, logits, k, pk, MultiLabelSoftMarginOptions{}))
			},
		},
		{
			name:    "TripletMargin",
			zero:    func() (float64, error) { return TripletMargin(x1, x2, x3, dim, 1, Options{}) },
			pytorch: func() (float64, error) { return TripletMargin(x1, x2, x3, dim, 1.0, Options{Reduction: Reduction(0)}) },
			sum:     func() (float64, error) { return TripletMargin(x1, x2, x3, dim, 1, Options{Reduction: Sum}) }, denom: float64(nr),
			elems: func(d []float64) ([]float64, error) { return TripletMarginElems(d, x1, x2, x3, dim, 1, Options{}) }, n: nr,
			none: func() error { return mk2err(TripletMargin(x1, x2, x3, dim, 1, Options{Reduction: None})) },
			gradNil: func() error {
				return allocated3(TripletMarginGrad(nil, nil, nil, x1, x2, x3, dim, 1, Options{}))
			},
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
			elems: func(d []float64) ([]float64, error) {
				return TripletMarginWithDistanceElems(d, x1, x2, x3, dim, 1, TripletOptions{})
			}, n: nr,
			none: func() error {
				return mk2err(TripletMarginWithDistance(x1, x2, x3, dim, 1, TripletOptions{Reduction: None}))
			},
			gradNil: func() error {
				return allocated3(TripletMarginWithDistanceGrad(nil, nil, nil, x1, x2, x3, dim, 1, TripletOptions{}))
			},
		},
		{
			name: "CosineEmbedding",
			zero: func() (float64, error) { return CosineEmbedding(x1, x2, dim, sgn, 0, Options{}) },
			pytorch: func() (float64, error) {
				return CosineEmbedding(x1, x2, dim, sgn, 0.0, Options{Reduction: Reduction(0)})
			},
			sum: func() (float64, error) { return CosineEmbedding(x1, x2, dim, sgn, 0, Options{Reduction: Sum}) }, denom: float64(nr),
			elems: func(d []float64) ([]float64, error) { return CosineEmbeddingElems(d, x1, x2, dim, sgn, 0, Options{}) }, n: nr,
			none: func() error { return mk2err(CosineEmbedding(x1, x2, dim, sgn, 0, Options{Reduction: None})) },
			gradNil: func() error {
				return allocated2(CosineEmbeddingGrad(nil, nil, x1, x2, dim, sgn, 0, Options{}))
			},
		},
		{
			name:    "Contrastive",
			zero:    func() (float64, error) { return Contrastive(x1, x2, dim, bin, 1, Options{}) },
			pytorch: func() (float64, error) { return Contrastive(x1, x2, dim, bin, 1, Options{Reduction: Reduction(0)}) },
			sum:     func() (float64, error) { return Contrastive(x1, x2, dim, bin, 1, Options{Reduction: Sum}) }, denom: float64(nr),
			elems: func(d []float64) ([]float64, error) { return ContrastiveElems(d, x1, x2, dim, bin, 1, Options{}) }, n: nr,
			none:    func() error { return mk2err(Contrastive(x1, x2, dim, bin, 1, Options{Reduction: None})) },
			gradNil: func() error { return allocated2(ContrastiveGrad(nil, nil, x1, x2, dim, bin, 1, Options{})) },
		},
		{
			name:    "CTC",
			zero:    func() (float64, error) { return CTC(lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{}) },
			pytorch: func() (float64, error) { return CTC(lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{Blank: 0}) },
			// Mean divides each loss by its target length: checked in TestCTCBatch.
			sum:   func() (float64, error) { return CTC(lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{Reduction: Sum}) },
			elems: func(d []float64) ([]float64, error) { return CTCElems(d, lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{}) }, n: 2,
			none:    func() error { return mk2err(CTC(lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{Reduction: None})) },
			gradNil: func() error { return allocated1(CTCGrad(nil, lp3, k, ctcT, ctcIL, ctcTL, CTCOptions{})) },
		},
		{
			name: "Reduce(Huber)",
			zero: func() (float64, error) {
				return Reduce(pred, target, Huber{Delta: 1}, Options{})
			},
			pytorch: func() (float64, error) { return HuberLoss(pred, target, 1, Options{}) },
			sum: func() (float64, error) {
				return Reduce(pred, target, Huber{Delta: 1}, Options{Reduction: Sum})
			}, denom: nf,
			elems: func(d []float64) ([]float64, error) { return Elems(d, pred, target, Huber{Delta: 1}, Options{}) }, n: n,
			none: func() error {
				return mk2err(Reduce(pred, target, Huber{Delta: 1}, Options{Reduction: None}))
			},
			gradNil: func() error {
				return allocated1(Grad(nil, pred, target, Huber{Delta: 1}, Options{}))
			},
		},
		{
			name: "MarginReduce(Hinge)",
			zero: func() (float64, error) {
				return MarginReduce(pred, sgn, Hinge{}, Options{})
			},
			pytorch: func() (float64, error) {
				return MarginReduce(pred, sgn, Hinge{}, Options{Weights: []float64{1, 1, 1, 1, 1, 1}, Reduction: Mean})
			},
			sum: func() (float64, error) {
				return MarginReduce(pred, sgn, Hinge{}, Options{Reduction: Sum})
			}, denom: nf,
			elems: func(d []float64) ([]float64, error) { return MarginElems(d, pred, sgn, Hinge{}, Options{}) }, n: n,
			none: func() error { return mk2err(MarginReduce(pred, sgn, Hinge{}, Options{Reduction: None})) },
			gradNil: func() error {
				return allocated1(MarginGrad(nil, pred, sgn, Hinge{}, Options{}))
			},
		},
		{
			name:    "Brier",
			zero:    func() (float64, error) { return Brier(pk, k, labels, Options{}) },
			pytorch: func() (float64, error) { return Brier(pk, k, labels, Options{}) },
			sum:     func() (float64, error) { return Brier(pk, k, labels, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return BrierElems(d, pk, k, labels, Options{}) }, n: n,
			none:    func() error { return mk2err(Brier(pk, k, labels, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(BrierGrad(nil, pk, k, labels, Options{})) },
		},
		{
			name:    "InfoNCE",
			zero:    func() (float64, error) { return InfoNCE(x1, x2, dim, 0.5, Options{}) },
			pytorch: func() (float64, error) { return InfoNCE(x1, x2, dim, 0.5, Options{}) },
			sum:     func() (float64, error) { return InfoNCE(x1, x2, dim, 0.5, Options{Reduction: Sum}) }, denom: float64(nr),
			elems: func(d []float64) ([]float64, error) { return InfoNCEElems(d, x1, x2, dim, 0.5, Options{}) }, n: nr,
			none:    func() error { return mk2err(InfoNCE(x1, x2, dim, 0.5, Options{Reduction: None})) },
			gradNil: func() error { return allocated2(InfoNCEGrad(nil, nil, x1, x2, dim, 0.5, Options{})) },
		},
		{
			name:    "Alignment",
			zero:    func() (float64, error) { return Alignment(x1, x2, dim, 2, Options{}) },
			pytorch: func() (float64, error) { return Alignment(x1, x2, dim, 2, Options{}) },
			sum:     func() (float64, error) { return Alignment(x1, x2, dim, 2, Options{Reduction: Sum}) }, denom: float64(nr),
			elems: func(d []float64) ([]float64, error) { return AlignmentElems(d, x1, x2, dim, 2, Options{}) }, n: nr,
			none:    func() error { return mk2err(Alignment(x1, x2, dim, 2, Options{Reduction: None})) },
			gradNil: func() error { return allocated2(AlignmentGrad(nil, nil, x1, x2, dim, 2, Options{})) },
		},
		{
			name:    "SupCon",
			zero:    func() (float64, error) { return SupCon(x1, dim, supLabels, 0.5, Options{}) },
			pytorch: func() (float64, error) { return SupCon(x1, dim, supLabels, 0.5, Options{Reduction: Mean}) },
			sum:     func() (float64, error) { return SupCon(x1, dim, supLabels, 0.5, Options{Reduction: Sum}) }, denom: 4, // 4 anchors have a positive
			elems: func(d []float64) ([]float64, error) { return SupConElems(d, x1, dim, supLabels, 0.5, Options{}) }, n: nr,
			none:    func() error { return mk2err(SupCon(x1, dim, supLabels, 0.5, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(SupConGrad(nil, x1, dim, supLabels, 0.5, Options{})) },
		},
		{
			name: "GANDiscriminator",
			zero: func() (float64, error) { return GANDiscriminator(pred, target[:4], GANOptions{}) }, zeroRefused: "opts.Kind",
			pytorch: func() (float64, error) { return GANDiscriminator(pred, target[:4], GANOptions{Kind: HingeGAN}) },
			sum: func() (float64, error) {
				return GANDiscriminator(pred, target[:4], GANOptions{Kind: HingeGAN, Reduction: Sum})
			},
			// Mean is a mean over real plus a mean over fake: no single denominator.
			elems: func(d []float64) ([]float64, error) {
				if d == nil {
					r, f, err := GANDiscriminatorElems(nil, nil, pred, target[:4], GANOptions{Kind: HingeGAN})
					return append(r, f...), err
				}
				_, _, err := GANDiscriminatorElems(d[:n], d[n:], pred, target[:4], GANOptions{Kind: HingeGAN})
				return d, err
			}, n: n + 4,
			none: func() error {
				return mk2err(GANDiscriminator(pred, target[:4], GANOptions{Kind: HingeGAN, Reduction: None}))
			},
			gradNil: func() error {
				return allocated2(GANDiscriminatorGrad(nil, nil, pred, target[:4], GANOptions{Kind: HingeGAN}))
			},
		},
		{
			name: "GANGenerator",
			zero: func() (float64, error) { return GANGenerator(pred, GANOptions{}) }, zeroRefused: "opts.Kind",
			pytorch: func() (float64, error) { return GANGenerator(pred, GANOptions{Kind: NonSaturatingGAN}) },
			sum:     func() (float64, error) { return GANGenerator(pred, GANOptions{Kind: NonSaturatingGAN, Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) {
				return GANGeneratorElems(d, pred, GANOptions{Kind: NonSaturatingGAN})
			}, n: n,
			none: func() error {
				return mk2err(GANGenerator(pred, GANOptions{Kind: NonSaturatingGAN, Reduction: None}))
			},
			gradNil: func() error { return allocated1(GANGeneratorGrad(nil, pred, GANOptions{Kind: NonSaturatingGAN})) },
		},
		{
			name:    "BernoulliNLL",
			zero:    func() (float64, error) { return BernoulliNLL(pred, bin, Options{}) },
			pytorch: func() (float64, error) { return BCEWithLogits(pred, bin, BCEOptions{}) },
			sum:     func() (float64, error) { return BernoulliNLL(pred, bin, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return BCEWithLogitsElems(d, pred, bin, BCEOptions{}) }, n: n,
			none:    func() error { return mk2err(BernoulliNLL(pred, bin, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(BernoulliNLLGrad(nil, pred, bin, Options{})) },
		},
		{
			name:    "MSE",
			zero:    func() (float64, error) { return MSE(pred, target, Options{}) },
			pytorch: func() (float64, error) { return Reduce(pred, target, Squared{}, Options{}) },
			sum:     func() (float64, error) { return MSE(pred, target, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return Elems(d, pred, target, Squared{}, Options{}) }, n: n,
			none:    func() error { return mk2err(MSE(pred, target, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(MSEGrad(nil, pred, target, Options{})) },
		},
		{
			name:    "MAE",
			zero:    func() (float64, error) { return MAE(pred, target, Options{}) },
			pytorch: func() (float64, error) { return Reduce(pred, target, Absolute{}, Options{}) },
			sum:     func() (float64, error) { return MAE(pred, target, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return Elems(d, pred, target, Absolute{}, Options{}) }, n: n,
			none:    func() error { return mk2err(MAE(pred, target, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(MAEGrad(nil, pred, target, Options{})) },
		},
		{
			name:    "HuberLoss",
			zero:    func() (float64, error) { return HuberLoss(pred, target, 1, Options{}) },
			pytorch: func() (float64, error) { return Reduce(pred, target, Huber{Delta: 1}, Options{}) },
			sum:     func() (float64, error) { return HuberLoss(pred, target, 1, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return Elems(d, pred, target, Huber{Delta: 1}, Options{}) }, n: n,
			none:    func() error { return mk2err(HuberLoss(pred, target, 1, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(HuberLossGrad(nil, pred, target, 1, Options{})) },
		},
		{
			name:    "SmoothL1Loss",
			zero:    func() (float64, error) { return SmoothL1Loss(pred, target, 1, Options{}) },
			pytorch: func() (float64, error) { return Reduce(pred, target, SmoothL1{Beta: 1}, Options{}) },
			sum:     func() (float64, error) { return SmoothL1Loss(pred, target, 1, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return Elems(d, pred, target, SmoothL1{Beta: 1}, Options{}) }, n: n,
			none:    func() error { return mk2err(SmoothL1Loss(pred, target, 1, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(SmoothL1LossGrad(nil, pred, target, 1, Options{})) },
		},
		{
			name:    "PinballLoss",
			zero:    func() (float64, error) { return PinballLoss(pred, target, 0.3, Options{}) },
			pytorch: func() (float64, error) { return Reduce(pred, target, Pinball{Tau: 0.3}, Options{}) },
			sum:     func() (float64, error) { return PinballLoss(pred, target, 0.3, Options{Reduction: Sum}) }, denom: nf,
			elems: func(d []float64) ([]float64, error) { return Elems(d, pred, target, Pinball{Tau: 0.3}, Options{}) }, n: n,
			none:    func() error { return mk2err(PinballLoss(pred, target, 0.3, Options{Reduction: None})) },
			gradNil: func() error { return allocated1(PinballLossGrad(nil, pred, target, 0.3, Options{})) },
		},
	}
}

// allocated1 … allocated3 check an XGrad call made with nil destinations:
// each must come back allocated (non-empty, finite), with no error.
func allocated1(d []float64, _ float64, err error) error { return allocated(err, d) }
func allocated2(d1, d2 []float64, _ float64, err error) error {
	return allocated(err, d1, d2)
}
func allocated3(d1, d2, d3 []float64, _ float64, err error) error {
	return allocated(err, d1, d2, d3)
}

func allocated(err error, ds ...[]float64) error {
	if err != nil {
		return err
	}
	for i, d := range ds {
		if len(d) == 0 {
			return fmt.Errorf("destination %d not allocated (len 0)", i)
		}
		for j, v := range d {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("destination %d: [%d] = %v", i, j, v)
			}
		}
	}
	return nil
}

// TestCatalogueRules walks the catalogue and checks the API rules on every
// reducible loss: the zero options give PyTorch's defaults; Mean is Sum
// divided by the documented count; the XElems values add up to Sum, and a
// nil XElems destination is allocated with the right length; None is
// refused by the scalar function with a pointer to XElems; nil gradient
// destinations are allocated and returned (no error, no panic, no silent
// skip). A loss that broke one of the package doc's API rules fails here.
func TestCatalogueRules(t *testing.T) {
	for _, e := range catalogue() {
		zero, err := e.zero()
		switch {
		case e.zeroRefused != "":
			if err == nil || !strings.Contains(err.Error(), e.zeroRefused) {
				t.Errorf("%s: zero options: error %v, want one naming %s", e.name, err, e.zeroRefused)
			}
			zero = mk(e.pytorch())
		case err != nil:
			t.Errorf("%s: zero options: %v", e.name, err)
			continue
		default:
			assertNear(t, e.name+": zero options = PyTorch's defaults", zero, mk(e.pytorch()), 1e-15)
		}
		sum := mk(e.sum())
		if e.denom > 0 {
			assertNear(t, e.name+": Mean = Sum/denom", zero, sum/e.denom, 1e-14)
		}
		el := make([]float64, e.n)
		if _, err := e.elems(el); err != nil {
			t.Errorf("%s: Elems: %v", e.name, err)
			continue
		}
		var s float64
		for _, v := range el {
			s += v
		}
		assertNear(t, e.name+": Σ Elems = Sum", s, sum, 1e-13)
		if _, err := e.elems(make([]float64, e.n+1)); err == nil || !strings.Contains(err.Error(), "len(d") {
			t.Errorf("%s: Elems with a wrong dst: error %v, want one naming its length", e.name, err)
		}
		if got, err := e.elems(nil); err != nil || len(got) != e.n {
			t.Errorf("%s: Elems(nil, …) = len %d, %v; want a new slice of len %d", e.name, len(got), err, e.n)
		}
		if e.none != nil {
			err := e.none()
			if err == nil || !strings.Contains(err.Error(), "reduction = None") || !strings.Contains(err.Error(), "Elems") {
				t.Errorf("%s: reduction None: error %v, want one naming the XElems variant", e.name, err)
			}
		}
		if err := e.gradNil(); err != nil {
			t.Errorf("%s: XGrad(nil, …): %v, want the destinations allocated", e.name, err)
		}
	}
}

// catalogueExempt are the losses with a gradient that TestCatalogueRules
// does not walk, and why: they have no per-element form to check.
var catalogueExempt = map[string]string{
	"RankNet":                 "a mean over the pairs of one list (its Sum is checked in TestRankNetListNet)",
	"LambdaRank":              "a weighted mean over the pairs of one list (its Sum is checked in TestLambdaRank)",
	"ListNet":                 "one list, one number: Mean and Sum agree",
	"Uniformity":              "the log of a mean over pairs: Mean only, refused otherwise (TestEmbeddingErrors)",
	"MultivariateGaussianNLL": "a mean over rows with a matrix gradient (TestMultivariateGaussianNLL)",
}

// TestCatalogueCoversEveryLoss: every exported XGrad's loss X is in the
// catalogue or exempt with a reason, so a new loss cannot skip the API
// rules.
func TestCatalogueCoversEveryLoss(t *testing.T) {
	api, err := apicheck.Exported(".")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range catalogue() {
		name, _, _ := strings.Cut(e.name, "(")
		have[name] = true
	}
	for fn := range api {
		base, ok := strings.CutSuffix(fn, "Grad")
		if !ok || strings.HasSuffix(base, "Target") || strings.Contains(fn, ".") {
			continue
		}
		switch base {
		case "":
			base = "Reduce"
		case "Margin":
			base = "MarginReduce"
		}
		if !have[base] && catalogueExempt[base] == "" {
			t.Errorf("%s has a gradient but no catalogue entry: add one to catalogue()", base)
		}
	}
}

// TestEveryOptionsHasWeightsAndReduction: reduction and weights are passed
// one way for every loss, so every XOptions struct of the package has a
// Weights []float64 and a Reduction Reduction field. A new options struct
// without them fails here.
func TestEveryOptionsHasWeightsAndReduction(t *testing.T) {
	fset := token.NewFileSet()
	files := parsePackage(t, fset, 0)
	n := 0
	{
		for _, f := range files {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.TYPE {
					continue
				}
				for _, sp := range g.Specs {
					ts := sp.(*ast.TypeSpec)
					st, ok := ts.Type.(*ast.StructType)
					if !ok || !strings.HasSuffix(ts.Name.Name, "Options") {
						continue
					}
					n++
					fields := map[string]string{}
					for _, fl := range st.Fields.List {
						for _, nm := range fl.Names {
							fields[nm.Name] = types.ExprString(fl.Type)
						}
					}
					if fields["Weights"] != "[]float64" || fields["Reduction"] != "Reduction" {
						t.Errorf("%s: Weights %q, Reduction %q; want []float64 and Reduction", ts.Name.Name, fields["Weights"], fields["Reduction"])
					}
				}
			}
		}
	}
	if n < 12 { // the package's 12 when this test was written; a parse that finds none passes nothing
		t.Errorf("found %d options structs, want at least 12", n)
	}
}
