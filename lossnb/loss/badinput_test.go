package loss_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/lossnb/lossnb/lossnb/internal/apicheck"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// Inputs of a valid call, shared by the bad-input walk.
var (
	bPred   = []float64{0.5, -1, 2, 0.25}
	bTarget = []float64{1, 0, 1.5, -0.5}
	bProb   = []float64{0.2, 0.7, 0.5, 0.9}
	bBin    = []float64{0, 1, 1, 0}
	bSigns  = []float64{1, -1, 1, -1}
	bPos    = []float64{1, 0.5, 2, 0.1}
	bLogits = []float64{1, -0.5, 0.2, 0.3, 0.1, -1} // 2 rows of 3 classes
	bLogp   = logSoftmaxRows(bLogits, 3)
	bLabels = []int{0, 2}
	bPT     = []float64{0.2, 0.5, 0.3, 0.1, 0.1, 0.8}
	bX1     = []float64{1, 0, 0.5, 0.5} // 2 rows of dim 2
	bX2     = []float64{0.8, 0.2, -0.3, 0.9}
	bX3     = []float64{-1, 0.1, 0.4, -0.6}
	bYcos   = []float64{1, -1}
	bSim    = []float64{1, 0}
	bQuery  = []float64{1, 0.5, 0.2, 0.9, -0.4, -0.8}
	bKeys   = []float64{1, 0.4, -0.2, 1, 0.3, -0.7}
	bEmb    = []float64{1, 0, 0.9, 0.1, -0.2, 1, 0.1, -1}
	bGroups = []int{0, 0, 1, 1}
	bScores = []float64{1, 0.5, -0.3, 2}
	bRel    = []float64{3, 0, 1, 2}
	bReal   = []float64{0.5, -0.2}
	bFake   = []float64{-1, 0.3}
	bD      = make([]float64, 4)
	bD2     = make([]float64, 2)
	bD6     = make([]float64, 6)
	bD8     = make([]float64, 8)
	// CTC: T = 3 steps, N = 2 sequences, k = 3 classes (blank 0).
	bCTCLogp    = logSoftmaxRows([]float64{1, 0.5, -1, 0.2, 0.1, 0.3, -0.5, 1, 0.4, 0.3, -0.2, 0.8, 0.6, 0.2, -0.4, 0.1, 0.9, -0.3}, 3)
	bCTCTargets = []int{1, 2, 2}
	bCTCIn      = []int{3, 3}
	bCTCTL      = []int{2, 1}
	bMLTarget   = []int{0, 2, -1, 1, -1, 0} // 2 rows of 3: {0, 2} and {1}
	bMLSoft     = []float64{1, 0, 1, 0, 1, 0}
)

func logSoftmaxRows(x []float64, k int) []float64 {
	out := make([]float64, len(x))
	for i := 0; i < len(x); i += k {
		m := math.Inf(-1)
		for _, v := range x[i : i+k] {
			m = math.Max(m, v)
		}
		var s float64
		for _, v := range x[i : i+k] {
			s += math.Exp(v - m)
		}
		for j, v := range x[i : i+k] {
			out[i+j] = v - m - math.Log(s)
		}
	}
	return out
}

func bChol() *mat.TriDense { return mat.NewTriDense(2, mat.Lower, []float64{1, 0, 0.3, 0.8}) }

// badRegression are loss values built as struct literals with invalid
// parameters: every function that takes a loss must refuse them (before
// this test, Reduce(Huber{Delta: -1}, …) returned a negative loss).
var badRegression = []any{
	loss.Huber{Delta: -1}, loss.Huber{}, loss.Pinball{Tau: 1.5}, loss.Pinball{Tau: math.NaN()},
	loss.Tukey{C: -2}, loss.Cauchy{C: 0}, loss.SmoothL1{Beta: -1}, loss.EpsInsensitive{Eps: math.Inf(1)},
	loss.Barron{Alpha: math.NaN(), C: 1}, loss.Barron{Alpha: 1, C: -1},
}

// lossSpecs lists one valid call of every exported function of loss.
func lossSpecs() []apicheck.Spec {
	f := apicheck.Fresh
	ce := loss.CEOptions{}
	bce := loss.BCEOptions{}
	nll := loss.NLLOptions{}
	opt := []string{"weights"}
	huber := loss.Huber{Delta: 1}
	regBad := map[string][]any{"l": badRegression}
	return []apicheck.Spec{
		{Name: "Alignment", Fn: loss.Alignment, Args: f(bX1, bX2, 2, 2.0, loss.Options{}), NonNeg: true},
		{Name: "AlignmentGrad", Fn: loss.AlignmentGrad, Args: f(bD, bD, bX1, bX2, 2, 2.0, loss.Options{}), NonNeg: true},
		{Name: "BCE", Fn: loss.BCE, Args: f(bProb, bBin, bce), NonNeg: true},
		{Name: "BCEElems", Fn: loss.BCEElems, Args: f(bD, bProb, bBin, bce)},
		{Name: "BCEGrad", Fn: loss.BCEGrad, Args: f(bD, bProb, bBin, bce), NonNeg: true},
		{Name: "BCEWithLogits", Fn: loss.BCEWithLogits, Args: f(bPred, bBin, bce), NonNeg: true},
		{Name: "BCEWithLogitsElems", Fn: loss.BCEWithLogitsElems, Args: f(bD, bPred, bBin, bce)},
		{Name: "BCEWithLogitsGrad", Fn: loss.BCEWithLogitsGrad, Args: f(bD, bPred, bBin, bce), NonNeg: true},
		{Name: "BernoulliNLL", Fn: loss.BernoulliNLL, Args: f(bPred, bBin, loss.Options{}), NonNeg: true},
		{Name: "BernoulliNLLGrad", Fn: loss.BernoulliNLLGrad, Args: f(bD, bPred, bBin, loss.Options{}), NonNeg: true},
		{Name: "Brier", Fn: loss.Brier, Args: f(bPT, 3, bLabels, loss.Options{}), NonNeg: true},
		{Name: "BrierGrad", Fn: loss.BrierGrad, Args: f(bD6, bPT, 3, bLabels, loss.Options{}), NonNeg: true},
		{Name: "CategoricalNLL", Fn: loss.CategoricalNLL, Args: f(bLogp, 3, bLabels, ce), NonNeg: true},
		{Name: "CategoricalNLLGrad", Fn: loss.CategoricalNLLGrad, Args: f(bD6, bLogp, 3, bLabels, ce), NonNeg: true},
		{Name: "Contrastive", Fn: loss.Contrastive, Args: f(bX1, bX2, 2, bSim, 1.0, loss.Options{}), NonNeg: true},
		{Name: "ContrastiveGrad", Fn: loss.ContrastiveGrad, Args: f(bD, bD, bX1, bX2, 2, bSim, 1.0, loss.Options{}), NonNeg: true},
		{Name: "CosineEmbedding", Fn: loss.CosineEmbedding, Args: f(bX1, bX2, 2, bYcos, 0.1, loss.Options{}), NonNeg: true},
		{Name: "CosineEmbeddingGrad", Fn: loss.CosineEmbeddingGrad, Args: f(bD, bD, bX1, bX2, 2, bYcos, 0.1, loss.Options{}), NonNeg: true},
		{Name: "CrossEntropy", Fn: loss.CrossEntropy, Args: f(bLogits, 3, bLabels, ce), NonNeg: true},
		{Name: "CrossEntropyElems", Fn: loss.CrossEntropyElems, Args: f(bD2, bLogits, 3, bLabels, ce)},
		{Name: "CrossEntropyGrad", Fn: loss.CrossEntropyGrad, Args: f(bD6, bLogits, 3, bLabels, ce), NonNeg: true},
		{Name: "CrossEntropyProbs", Fn: loss.CrossEntropyProbs, Args: f(bLogits, 3, bPT, ce), NonNeg: true},
		{Name: "CrossEntropyProbsElems", Fn: loss.CrossEntropyProbsElems, Args: f(bD2, bLogits, 3, bPT, ce)},
		{Name: "CrossEntropyProbsGrad", Fn: loss.CrossEntropyProbsGrad, Args: f(bD6, bLogits, 3, bPT, ce), NonNeg: true},
		{Name: "DefaultFocalOptions", Fn: loss.DefaultFocalOptions, Args: f()},
		{Name: "Elems", Fn: loss.Elems, Args: f(bD, bPred, bTarget, huber, loss.Options{}), Optional: opt, Bad: regBad},
		{Name: "Focal", Fn: loss.Focal, Args: f(bPred, bBin, loss.DefaultFocalOptions()), NonNeg: true},
		{Name: "FocalCE", Fn: loss.FocalCE, Args: f(bLogits, 3, bLabels, loss.FocalCEOptions{Gamma: 2}), NonNeg: true},
		{Name: "FocalCEElems", Fn: loss.FocalCEElems, Args: f(bD2, bLogits, 3, bLabels, loss.FocalCEOptions{Gamma: 2})},
		{Name: "FocalCEGrad", Fn: loss.FocalCEGrad, Args: f(bD6, bLogits, 3, bLabels, loss.FocalCEOptions{Gamma: 2}), NonNeg: true},
		{Name: "FocalElems", Fn: loss.FocalElems, Args: f(bD, bPred, bBin, loss.DefaultFocalOptions())},
		{Name: "FocalGrad", Fn: loss.FocalGrad, Args: f(bD, bPred, bBin, loss.DefaultFocalOptions()), NonNeg: true},
		{Name: "GANDiscriminator", Fn: loss.GANDiscriminator, Args: f(bReal, bFake, loss.GANOptions{Kind: loss.MinimaxGAN}), FreeLen: []string{"real", "fake"}},
		{Name: "GANDiscriminatorGrad", Fn: loss.GANDiscriminatorGrad, Args: f(bD2, bD2, bReal, bFake, loss.GANOptions{Kind: loss.MinimaxGAN}), FreeLen: []string{"real", "fake"}},
		{Name: "GANGenerator", Fn: loss.GANGenerator, Args: f(bFake, loss.GANOptions{Kind: loss.NonSaturatingGAN}), FreeLen: []string{"fake"}},
		{Name: "GANGeneratorGrad", Fn: loss.GANGeneratorGrad, Args: f(bD2, bFake, loss.GANOptions{Kind: loss.NonSaturatingGAN}), FreeLen: []string{"fake"}},
		{Name: "GaussianNLL", Fn: loss.GaussianNLL, Args: f(bPred, bTarget, bPos, nll)},
		{Name: "GaussianNLLGrad", Fn: loss.GaussianNLLGrad, Args: f(bD, bD, bPred, bTarget, bPos, nll), Optional: []string{"dVariance"}},
		{Name: "Grad", Fn: loss.Grad, Args: f(bD, bPred, bTarget, huber, loss.Options{}), Optional: opt, Bad: regBad, NonNeg: true},
		{Name: "HuberLoss", Fn: loss.HuberLoss, Args: f(bPred, bTarget, 1.0, loss.Options{}), NonNeg: true},
		{Name: "HuberLossGrad", Fn: loss.HuberLossGrad, Args: f(bD, bPred, bTarget, 1.0, loss.Options{}), NonNeg: true},
		{Name: "InfoNCE", Fn: loss.InfoNCE, Args: f(bQuery, bKeys, 2, 0.5, loss.Options{}), NonNeg: true},
		{Name: "InfoNCEGrad", Fn: loss.InfoNCEGrad, Args: f(bD6, bD6, bQuery, bKeys, 2, 0.5, loss.Options{}), NonNeg: true},
		{Name: "KL", Fn: loss.KL, Args: f([]float64{0.2, 0.8}, []float64{0.5, 0.5}), NonNeg: true},
		{Name: "KLDiv", Fn: loss.KLDiv, Args: f(bLogp, 3, bPT, loss.KLDivOptions{})},
		{Name: "KLDivElems", Fn: loss.KLDivElems, Args: f(bD6, bLogp, 3, bPT, loss.KLDivOptions{})},
		{Name: "KLDivGrad", Fn: loss.KLDivGrad, Args: f(bD6, bLogp, 3, bPT, loss.KLDivOptions{})},
		{Name: "LaplaceNLL", Fn: loss.LaplaceNLL, Args: f(bPred, bTarget, bPos, nll)},
		{Name: "LaplaceNLLGrad", Fn: loss.LaplaceNLLGrad, Args: f(bD, bD, bPred, bTarget, bPos, nll), Optional: []string{"dScale"}},
		{Name: "ListNet", Fn: loss.ListNet, Args: f(bScores, bRel, loss.Options{}), NonNeg: true},
		{Name: "ListNetGrad", Fn: loss.ListNetGrad, Args: f(bD, bScores, bRel, loss.Options{}), NonNeg: true},
		{Name: "MAE", Fn: loss.MAE, Args: f(bPred, bTarget, loss.Options{}), NonNeg: true},
		{Name: "MAEGrad", Fn: loss.MAEGrad, Args: f(bD, bPred, bTarget, loss.Options{}), NonNeg: true},
		{Name: "MSE", Fn: loss.MSE, Args: f(bPred, bTarget, loss.Options{}), NonNeg: true},
		{Name: "MSEGrad", Fn: loss.MSEGrad, Args: f(bD, bPred, bTarget, loss.Options{}), NonNeg: true},
		{Name: "MarginElems", Fn: loss.MarginElems, Args: f(bD, bScores, bSigns, loss.Hinge{}, loss.Options{}), Optional: opt},
		{Name: "MarginGrad", Fn: loss.MarginGrad, Args: f(bD, bScores, bSigns, loss.Logistic{}, loss.Options{}), Optional: opt, NonNeg: true},
		{Name: "MarginRanking", Fn: loss.MarginRanking, Args: f(bX1, bX2, bSigns, 0.5, loss.Options{}), NonNeg: true},
		{Name: "MarginRankingGrad", Fn: loss.MarginRankingGrad, Args: f(bD, bD, bX1, bX2, bSigns, 0.5, loss.Options{}), NonNeg: true},
		{Name: "MarginReduce", Fn: loss.MarginReduce, Args: f(bScores, bSigns, loss.Logistic{}, loss.Options{}), Optional: opt, NonNeg: true},
		{Name: "MultivariateGaussianNLL", Fn: loss.MultivariateGaussianNLL, Args: func() []any {
			return []any{[]float64{0, 1, 0.5, 0.5}, []float64{0.2, 0.8, 1, -1}, bChol(), nll}
		}},
		{Name: "MultivariateGaussianNLLGrad", Fn: loss.MultivariateGaussianNLLGrad, Args: func() []any {
			return []any{make([]float64, 4), &mat.TriDense{}, []float64{0, 1, 0.5, 0.5}, []float64{0.2, 0.8, 1, -1}, bChol(), nll}
		}, Optional: []string{"dMean", "dChol"}},
		{Name: "NDCG", Fn: loss.NDCG, Args: f(bScores, bRel, 3), NonNeg: true},
		{Name: "NewBarron", Fn: loss.NewBarron, Args: f(1.0, 1.0), Accept: []string{"alpha -Inf"}},
		{Name: "NewCauchy", Fn: loss.NewCauchy, Args: f(1.0)},
		{Name: "NewEpsInsensitive", Fn: loss.NewEpsInsensitive, Args: f(0.1)},
		{Name: "NewHuber", Fn: loss.NewHuber, Args: f(1.0)},
		{Name: "NewPinball", Fn: loss.NewPinball, Args: f(0.3)},
		{Name: "NewSmoothL1", Fn: loss.NewSmoothL1, Args: f(1.0)},
		{Name: "NewTukey", Fn: loss.NewTukey, Args: f(4.685)},
		{Name: "PinballLoss", Fn: loss.PinballLoss, Args: f(bPred, bTarget, 0.3, loss.Options{}), NonNeg: true},
		{Name: "PinballLossGrad", Fn: loss.PinballLossGrad, Args: f(bD, bPred, bTarget, 0.3, loss.Options{}), NonNeg: true},
		{Name: "PoissonNLL", Fn: loss.PoissonNLL, Args: f(bPos, []float64{0, 1, 3, 0}, nll)},
		{Name: "PoissonNLLGrad", Fn: loss.PoissonNLLGrad, Args: f(bD, bPos, []float64{0, 1, 3, 0}, nll)},
		{Name: "PoissonNLLLog", Fn: loss.PoissonNLLLog, Args: f(bPred, []float64{0, 1, 3, 0}, nll)},
		{Name: "PoissonNLLLogGrad", Fn: loss.PoissonNLLLogGrad, Args: f(bD, bPred, []float64{0, 1, 3, 0}, nll)},
		{Name: "RankNet", Fn: loss.RankNet, Args: f(bScores, bRel, loss.Options{}), NonNeg: true},
		{Name: "RankNetGrad", Fn: loss.RankNetGrad, Args: f(bD, bScores, bRel, loss.Options{}), NonNeg: true},
		{Name: "LambdaRank", Fn: loss.LambdaRank, Args: f(bScores, bRel, loss.Options{}), NonNeg: true},
		{Name: "LambdaRankGrad", Fn: loss.LambdaRankGrad, Args: f(bD, bScores, bRel, loss.Options{}), NonNeg: true},
		{Name: "Reduce", Fn: loss.Reduce, Args: f(bPred, bTarget, huber, loss.Options{}), Optional: opt, Bad: regBad, NonNeg: true},
		{Name: "SmoothL1Loss", Fn: loss.SmoothL1Loss, Args: f(bPred, bTarget, 1.0, loss.Options{}), NonNeg: true},
		{Name: "SmoothL1LossGrad", Fn: loss.SmoothL1LossGrad, Args: f(bD, bPred, bTarget, 1.0, loss.Options{}), NonNeg: true},
		{Name: "StudentTNLL", Fn: loss.StudentTNLL, Args: f(bPred, bTarget, bPos, 3.0, nll)},
		{Name: "StudentTNLLGrad", Fn: loss.StudentTNLLGrad, Args: f(bD, bD, bPred, bTarget, bPos, 3.0, nll), Optional: []string{"dScale"}},
		{Name: "SupCon", Fn: loss.SupCon, Args: f(bEmb, 2, bGroups, 0.5, loss.Options{}), NonNeg: true},
		{Name: "SupConGrad", Fn: loss.SupConGrad, Args: f(bD8, bEmb, 2, bGroups, 0.5, loss.Options{}), NonNeg: true},
		{Name: "TripletMargin", Fn: loss.TripletMargin, Args: f(bX1, bX2, bX3, 2, 1.0, loss.Options{}), NonNeg: true},
		{Name: "TripletMarginGrad", Fn: loss.TripletMarginGrad, Args: f(bD, bD, bD, bX1, bX2, bX3, 2, 1.0, loss.Options{}), NonNeg: true},
		{Name: "Uniformity", Fn: loss.Uniformity, Args: f(bEmb, 2, 2.0, loss.Options{})},
		{Name: "UniformityGrad", Fn: loss.UniformityGrad, Args: f(bD8, bEmb, 2, 2.0, loss.Options{})},
		{Name: "AlignmentElems", Fn: loss.AlignmentElems, Args: f(bD2, bX1, bX2, 2, 2.0, loss.Options{})},
		{Name: "BCETargetGrad", Fn: loss.BCETargetGrad, Args: f(bD, bProb, bProb, bce), NonNeg: true},
		{Name: "BCEWithLogitsTargetGrad", Fn: loss.BCEWithLogitsTargetGrad, Args: f(bD, bPred, bProb, bce), NonNeg: true},
		{Name: "BrierElems", Fn: loss.BrierElems, Args: f(bD2, bPT, 3, bLabels, loss.Options{})},
		{Name: "CTC", Fn: loss.CTC, Args: f(bCTCLogp, 3, bCTCTargets, bCTCIn, bCTCTL, loss.CTCOptions{}), NonNeg: true},
		{Name: "CTCElems", Fn: loss.CTCElems, Args: f(bD2, bCTCLogp, 3, bCTCTargets, bCTCIn, bCTCTL, loss.CTCOptions{})},
		{Name: "CTCGrad", Fn: loss.CTCGrad, Args: f(make([]float64, len(bCTCLogp)), bCTCLogp, 3, bCTCTargets, bCTCIn, bCTCTL, loss.CTCOptions{}), NonNeg: true},
		{Name: "CategoricalNLLElems", Fn: loss.CategoricalNLLElems, Args: f(bD2, bLogp, 3, bLabels, ce)},
		{Name: "ContrastiveElems", Fn: loss.ContrastiveElems, Args: f(bD2, bX1, bX2, 2, bSim, 1.0, loss.Options{})},
		{Name: "CosineEmbeddingElems", Fn: loss.CosineEmbeddingElems, Args: f(bD2, bX1, bX2, 2, bYcos, 0.1, loss.Options{})},
		{Name: "GaussianNLLElems", Fn: loss.GaussianNLLElems, Args: f(bD, bPred, bTarget, bPos, nll)},
		// HingeEmbedding accepts x < 0 as PyTorch, with ℓ = x < 0 where y = +1: not NonNeg.
		{Name: "HingeEmbedding", Fn: loss.HingeEmbedding, Args: f(bPos, bSigns, 1.0, loss.Options{})},
		{Name: "HingeEmbeddingElems", Fn: loss.HingeEmbeddingElems, Args: f(bD, bPos, bSigns, 1.0, loss.Options{})},
		{Name: "HingeEmbeddingGrad", Fn: loss.HingeEmbeddingGrad, Args: f(bD, bPos, bSigns, 1.0, loss.Options{})},
		{Name: "InfoNCEElems", Fn: loss.InfoNCEElems, Args: f(bD2, bQuery, bKeys, 3, 0.5, loss.Options{})},
		{Name: "KLDivTargetGrad", Fn: loss.KLDivTargetGrad, Args: f(bD6, bLogp, 3, bPT, loss.KLDivOptions{})},
		{Name: "LaplaceNLLElems", Fn: loss.LaplaceNLLElems, Args: f(bD, bPred, bTarget, bPos, nll)},
		{Name: "MarginRankingElems", Fn: loss.MarginRankingElems, Args: f(bD, bX1, bX2, bSigns, 0.5, loss.Options{})},
		{Name: "MultiLabelMargin", Fn: loss.MultiLabelMargin, Args: f(bLogits, 3, bMLTarget, loss.Options{}), NonNeg: true},
		{Name: "MultiLabelMarginElems", Fn: loss.MultiLabelMarginElems, Args: f(bD2, bLogits, 3, bMLTarget, loss.Options{})},
		{Name: "MultiLabelMarginGrad", Fn: loss.MultiLabelMarginGrad, Args: f(bD6, bLogits, 3, bMLTarget, loss.Options{}), NonNeg: true},
		{Name: "MultiLabelSoftMargin", Fn: loss.MultiLabelSoftMargin, Args: f(bLogits, 3, bMLSoft, loss.MultiLabelSoftMarginOptions{}), NonNeg: true},
		{Name: "MultiLabelSoftMarginElems", Fn: loss.MultiLabelSoftMarginElems, Args: f(bD2, bLogits, 3, bMLSoft, loss.MultiLabelSoftMarginOptions{})},
		{Name: "MultiLabelSoftMarginGrad", Fn: loss.MultiLabelSoftMarginGrad, Args: f(bD6, bLogits, 3, bMLSoft, loss.MultiLabelSoftMarginOptions{}), NonNeg: true},
		{Name: "MultiMargin", Fn: loss.MultiMargin, Args: f(bLogits, 3, bLabels, 1.0, loss.MultiMarginOptions{}), NonNeg: true},
		{Name: "MultiMarginElems", Fn: loss.MultiMarginElems, Args: f(bD2, bLogits, 3, bLabels, 1.0, loss.MultiMarginOptions{})},
		{Name: "MultiMarginGrad", Fn: loss.MultiMarginGrad, Args: f(bD6, bLogits, 3, bLabels, 1.0, loss.MultiMarginOptions{}), NonNeg: true},
		{Name: "NewPairwiseDistance", Fn: loss.NewPairwiseDistance, Args: f(2.0, 1e-6), Accept: []string{"eps 1e+308"}},
		{Name: "PoissonNLLElems", Fn: loss.PoissonNLLElems, Args: f(bD, bPos, []float64{0, 1, 3, 0}, nll)},
		{Name: "PoissonNLLLogElems", Fn: loss.PoissonNLLLogElems, Args: f(bD, bPred, []float64{0, 1, 3, 0}, nll)},
		{Name: "StudentTNLLElems", Fn: loss.StudentTNLLElems, Args: f(bD, bPred, bTarget, bPos, 3.0, nll)},
		{Name: "TripletMarginElems", Fn: loss.TripletMarginElems, Args: f(bD2, bX1, bX2, bX3, 2, 1.0, loss.Options{})},
		{Name: "TripletMarginWithDistance", Fn: loss.TripletMarginWithDistance, Args: f(bX1, bX2, bX3, 2, 1.0, loss.TripletOptions{}), NonNeg: true},
		{Name: "TripletMarginWithDistanceElems", Fn: loss.TripletMarginWithDistanceElems, Args: f(bD2, bX1, bX2, bX3, 2, 1.0, loss.TripletOptions{})},
		{Name: "TripletMarginWithDistanceGrad", Fn: loss.TripletMarginWithDistanceGrad, Args: f(bD, bD, bD, bX1, bX2, bX3, 2, 1.0, loss.TripletOptions{}), NonNeg: true},
		{Name: "CosineDistance.Dist", Fn: loss.CosineDistance.Dist, Args: f(loss.CosineDistance{}, bD2, bD2, bX1[:2], bX2[:2]), Optional: []string{"dx", "dy"}, NoCheck: true},
		{Name: "PairwiseDistance.Dist", Fn: loss.PairwiseDistance.Dist, Args: f(loss.PairwiseDistance{P: 2, Eps: 1e-6}, bD2, bD2, bX1[:2], bX2[:2]), Optional: []string{"dx", "dy"}, NoCheck: true},
		{Name: "GANDiscriminatorElems", Fn: loss.GANDiscriminatorElems, Args: f(bD2, bD2, bReal, bFake, loss.GANOptions{Kind: loss.HingeGAN}), FreeLen: []string{"real", "fake"}},
		{Name: "GANGeneratorElems", Fn: loss.GANGeneratorElems, Args: f(bD2, bFake, loss.GANOptions{Kind: loss.MinimaxGAN}), FreeLen: []string{"fake"}},
		{Name: "SupConElems", Fn: loss.SupConElems, Args: f(make([]float64, 4), bEmb, 2, bGroups, 0.5, loss.Options{})},
		{Name: "Validate", Fn: loss.Validate, Args: f(huber), Bad: regBad},
		{Name: "Weight", Fn: loss.Weight, Args: f(huber, 0.5), NoCheck: true, Fixed: []string{"l"}}, // nil l: TestWeightNil,
		{Name: "Sigmoid", Fn: loss.Sigmoid, Args: f(0.5), NoCheck: true},                            // pointwise, defined for every float64 (NaN in, NaN out)
		{Name: "Softplus", Fn: loss.Softplus, Args: f(0.5), NoCheck: true},
	}
}

// lossValues are valid values of every exported type with methods: their
// methods are walked with a scalar argument.
var lossValues = map[string]any{
	"Absolute": loss.Absolute{}, "CosineDistance": loss.CosineDistance{},
	"PairwiseDistance": loss.PairwiseDistance{P: 2, Eps: 1e-6}, "Barron": loss.Barron{Alpha: 1, C: 1}, "Cauchy": loss.Cauchy{C: 1},
	"EpsInsensitive": loss.EpsInsensitive{Eps: 0.1}, "Exponential": loss.Exponential{},
	"GAN": loss.WassersteinGAN, "Hinge": loss.Hinge{}, "Huber": loss.Huber{Delta: 1},
	"LogCosh": loss.LogCosh{}, "Logistic": loss.Logistic{}, "ModifiedHuber": loss.ModifiedHuber{},
	"Pinball": loss.Pinball{Tau: 0.3}, "Reduction": loss.Sum, "SmoothL1": loss.SmoothL1{Beta: 1},
	"Squared": loss.Squared{}, "SquaredHinge": loss.SquaredHinge{}, "Tukey": loss.Tukey{C: 4.685},
	"ZeroOne": loss.ZeroOne{}, "FocalMargin": loss.FocalMargin{Gamma: 2},
}

// methodSpecs builds a spec for each exported method of the types in
// values: the receiver and a scalar argument 0.5.
func methodSpecs(api map[string][]string, values map[string]any) []apicheck.Spec {
	var specs []apicheck.Spec
	for key := range api {
		typ, meth, ok := strings.Cut(key, ".")
		v, have := values[typ]
		if !ok || !have {
			continue
		}
		m, ok := reflect.TypeOf(v).MethodByName(meth)
		if !ok {
			continue
		}
		args := []any{v}
		if m.Type.NumIn() > 1 && m.Type.In(1).Kind() != reflect.Float64 {
			continue // not a scalar method: it has its own entry in lossSpecs
		}
		for i := 1; i < m.Type.NumIn(); i++ {
			args = append(args, reflect.ValueOf(0.5).Convert(m.Type.In(i)).Interface())
		}
		specs = append(specs, apicheck.Spec{Name: key, Fn: m.Func.Interface(), Args: apicheck.Fresh(args...), NoCheck: true})
	}
	return specs
}

// TestBadInput walks every exported function and method of the package with
// bad inputs. It would catch a panic, a hang, a NaN returned without an
// error, a bad input accepted, or an error that does not name the
// function, the argument and the value; its guard catches a new exported
// function with no entry.
func TestAPIBadInput(t *testing.T) {
	specs := lossSpecs()
	var names []string
	for _, s := range specs {
		names = append(names, s.Name)
	}
	api, err := apicheck.Exported(".")
	if err != nil {
		t.Fatal(err)
	}
	ms := methodSpecs(api, lossValues)
	for _, s := range ms {
		names = append(names, s.Name)
	}
	apicheck.Guard(t, ".", names)
	for i, s := range specs {
		specs[i].Optional = append(s.Optional, allocatedDsts(reflect.TypeOf(s.Fn), api[s.Name])...)
	}
	for _, s := range append(specs, ms...) {
		apicheck.Walk(t, "loss", api[s.Name], s)
	}
	t.Logf("%d calls", apicheck.Calls())
}

// TestWeightNil: Weight cannot return an error; with no loss it must give
// NaN, not panic (it dereferenced the nil interface).
func TestWeightNil(t *testing.T) {
	if w := loss.Weight(nil, 1); !math.IsNaN(w) {
		t.Errorf("Weight(nil, 1) = %v, want NaN", w)
	}
}

// TestBadInputMessages pins the exact messages of the bad inputs the
// walk found (invalid loss literals, log-probabilities above 0, margin
// functions naming their argument): a message that stops naming the
// function, the argument or the value fails here.
func TestBadInputMessages(t *testing.T) {
	p, y := []float64{0, 1}, []float64{1, 1}
	nan := math.NaN()
	cases := []struct {
		err  error
		want string
	}{
		{second(loss.Reduce(p, y, loss.Huber{Delta: -1}, loss.Options{})),
			"loss.Reduce: l = loss.Huber{Delta:-1}: delta = -1, want > 0 (build it with loss.NewHuber)"},
		{second(gv(loss.Grad(make([]float64, 2), p, y, loss.Pinball{Tau: 1.5}, loss.Options{}))),
			"loss.Grad: l = loss.Pinball{Tau:1.5}: tau = 1.5, want a value in (0, 1) (build it with loss.NewPinball)"},
		{ge(loss.Elems(make([]float64, 2), p, y, loss.Tukey{C: -2}, loss.Options{})),
			"loss.Elems: l = loss.Tukey{C:-2}: c = -2, want > 0 (build it with loss.NewTukey)"},
		{loss.Validate(&loss.Cauchy{}), "loss.Validate: l = loss.Cauchy{C:0}: c = 0, want > 0 (build it with loss.NewCauchy)"},
		{loss.Validate(nil), "loss.Validate: l is nil"},
		{second(loss.MarginReduce([]float64{nan, 1}, []float64{1, -1}, loss.Hinge{}, loss.Options{})),
			"loss.MarginReduce: scores[0] is NaN"},
		{second(loss.CategoricalNLL([]float64{0.5, -1, -2, -0.1}, 2, []int{0, 1}, loss.CEOptions{})),
			"loss.CategoricalNLL: logp[0] = 0.5, want a value ≤ 0 (a log-probability)"},
		{second(loss.KLDiv([]float64{-1, 0.25}, 2, []float64{0.5, 0.5}, loss.KLDivOptions{})),
			"loss.KLDiv: logq[1] = 0.25, want a value ≤ 0 (a log-probability)"},
		{second(loss.KLDiv([]float64{-1, -0.5}, 2, []float64{0.1, -0.5}, loss.KLDivOptions{LogTarget: true})),
			"loss.KLDiv: target[0] = 0.1, want a value ≤ 0 (a log-probability)"},
		{second(gv(loss.SupConGrad(make([]float64, 3), []float64{1, 2}, 1, []int{0, 0}, 1, loss.Options{}))),
			"loss.SupConGrad: len(dst) = 3, want 2"},
		// The walk of the first catalogue pass found: CTC naming targetLengths for a
		// short inputLengths, accepting log-probabilities above 0 (negative loss),
		// TripletMarginElems errors under another function's name, Dist panicking
		// on mismatched lengths, and the target gradients blaming dst for a short
		// input.
		{second(loss.CTC(bCTCLogp, 3, bCTCTargets, []int{3}, bCTCTL, loss.CTCOptions{})),
			"loss.CTC: len(inputLengths) = 1, len(targetLengths) = 2"},
		{second(loss.CTC(append([]float64{0.5}, bCTCLogp[1:]...), 3, bCTCTargets, bCTCIn, bCTCTL, loss.CTCOptions{})),
			"loss.CTC: logProbs[0] = 0.5, want a value ≤ 0 (a log-probability)"},
		{ge(loss.TripletMarginElems(make([]float64, 1), bX1, bX2, bX3, 2, 1, loss.Options{})), "loss.TripletMarginElems: len(dst) = 1, want 2"},
		{second(loss.PairwiseDistance{P: 2}.Dist(nil, nil, []float64{1, 2}, []float64{1})),
			"loss.PairwiseDistance.Dist: len(x) = 2, len(y) = 1"},
		{second(loss.CosineDistance{}.Dist([]float64{0}, nil, []float64{1, 2}, []float64{1, 0})),
			"loss.CosineDistance.Dist: len(dx) = 1, want 2"},
		{second(gv(loss.BCETargetGrad(make([]float64, 4), []float64{0.5}, []float64{1, 0}, loss.BCEOptions{}))),
			"loss.BCETargetGrad: len(prob) = 1, len(target) = 2"},
	}
	for _, c := range cases {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("got error %v, want %q", c.err, c.want)
		}
	}
	// An empty, non-nil weights slice means no weights (it panicked).
	a, err1 := loss.Reduce(p, y, loss.Squared{}, loss.Options{Weights: []float64{}, Reduction: loss.Mean})
	b, err2 := loss.Reduce(p, y, loss.Squared{}, loss.Options{})
	if err1 != nil || err2 != nil || a != b {
		t.Errorf("Reduce with weights {} = %v, %v; with nil = %v, %v", a, err1, b, err2)
	}
}

func second(_ float64, err error) error { return err }

// allocatedDsts names the destination parameters of a function that
// returns its destinations (XGrad, XElems): nil allocates them, so the
// walk must accept nil there (and still refuse a wrong length).
func allocatedDsts(ft reflect.Type, params []string) []string {
	sl := reflect.TypeOf([]float64(nil))
	var out []string
	for i, p := range params {
		if i >= ft.NumOut() || i >= ft.NumIn() || ft.Out(i) != ft.In(i) {
			break
		}
		if ft.In(i) == sl || ft.In(i).Kind() == reflect.Pointer {
			out = append(out, p)
		}
	}
	return out
}

// TestOverflowWhereValueFits checks extreme valid inputs against closed
// forms: each case overflowed an intermediate (‖x‖², a score, c², Γ(ν/2))
// and gave NaN, 0 or a clamped value where the exact loss fits.
func TestOverflowWhereValueFits(t *testing.T) {
	near := func(name string, got, want, tol float64) {
		t.Helper()
		if !(math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	must := func(v float64, err error) float64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Cosine embedding: cos((1,1), (1,0.9)) = 1.9/√(2·1.81), at any scale.
	s := 1e308
	x1, x2 := []float64{s, s}, []float64{s, 0.9 * s}
	want := 1 - 1.9/math.Sqrt(2*1.81)
	near("CosineEmbedding at 1e308", must(loss.CosineEmbedding(x1, x2, 2, []float64{1}, 0, loss.Options{})), want, 1e-15)
	g1, g2 := make([]float64, 2), make([]float64, 2)
	must(gv2(loss.CosineEmbeddingGrad(g1, g2, []float64{1, 1}, []float64{1, 0.9}, 2, []float64{1}, 0, loss.Options{})))
	h1, h2 := make([]float64, 2), make([]float64, 2)
	must(gv2(loss.CosineEmbeddingGrad(h1, h2, x1, x2, 2, []float64{1}, 0, loss.Options{})))
	for j := range 2 { // ∂cos/∂x scales as 1/s
		near("CosineEmbeddingGrad dx1 at 1e308 ×1e308", h1[j]*s, g1[j], 1e-10)
		near("CosineEmbeddingGrad dx2 at 1e308 ×1e308", h2[j]*s, g2[j], 1e-10)
	}
	// InfoNCE with qᵢ = kᵢ = s·eᵢ: scores s²/τ = 2 on the diagonal, 0 off
	// it, so L = log(1 + e⁻²); s² = 2.25e308 overflows.
	s = 1.5e154
	tau := (s / 2) * s
	q := []float64{s, 0, 0, s}
	near("InfoNCE at s² = 2.25e308", must(loss.InfoNCE(q, q, 2, tau, loss.Options{})), math.Log1p(math.Exp(-2)), 1e-14)
	dq, dk := make([]float64, 4), make([]float64, 4)
	must(gv2(loss.InfoNCEGrad(dq, dk, q, q, 2, tau, loss.Options{})))
	for i, v := range append(dq, dk...) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("InfoNCEGrad at s² = 2.25e308: gradient[%d] = %v", i, v)
		}
	}
	// SupCon, two classes of two identical rows: ℓ = log(1 + 2e⁻²).
	emb := []float64{s, 0, s, 0, 0, s, 0, s}
	near("SupCon at s² = 2.25e308", must(loss.SupCon(emb, 2, []int{0, 0, 1, 1}, tau, loss.Options{})), math.Log1p(2*math.Exp(-2)), 1e-14)
	// Uniformity with ‖xᵢ − xⱼ‖² = 4e320, 2e320, 2e320 and t = 1e-320.
	s, tt := 1e160, 1e-320
	S := tt * s * s
	near("Uniformity at ‖Δ‖² = 4e320", must(loss.Uniformity([]float64{s, 0, -s, 0, 0, s}, 2, tt, loss.Options{})),
		math.Log((math.Exp(-4*S)+2*math.Exp(-2*S))/3), 1e-14)
	if u := must(loss.Uniformity([]float64{1e200, 0, -1e200, 0, 0, 1}, 2, 2, loss.Options{})); !math.IsInf(u, -1) {
		t.Errorf("Uniformity of rows 1e200 apart = %v, want -Inf (the exact value is below -1e400)", u)
	}
	// Student-t at ν = 1e308 is the Gaussian (σ = 1): ½ log 2π + ½ r².
	full := loss.NLLOptions{Full: true}
	near("StudentTNLL at ν = 1e308", must(loss.StudentTNLL([]float64{0}, []float64{1e-5}, []float64{1}, 1e308, full)),
		0.5*math.Log(2*math.Pi)+0.5e-10, 1e-15)
	// The asymptotic log Γ ratio joins the Lgamma one at ν = 1e5.
	near("StudentTNLL across ν = 1e5", must(loss.StudentTNLL([]float64{0}, []float64{1}, []float64{1}, 1e5, full)),
		must(loss.StudentTNLL([]float64{0}, []float64{1}, []float64{1}, 1e5*(1+1e-15), full)), 1e-10)
	// Tukey at c = 1e308: ρ(1) = c²/6·(1 − (1 − u²)³) ≈ ½ (c² overflowed).
	near("Tukey{C: 1e308}.Value(1)", loss.Tukey{C: 1e308}.Value(1), 0.5, 1e-15)
	// Barron at α = 5e-324 is Cauchy's α = 0: log(½ + 1) at x = 1.
	near("Barron{Alpha: 5e-324}.Value(1)", loss.Barron{Alpha: 5e-324, C: 1}.Value(1), math.Log(1.5), 1e-15)
	// Poisson with log-rate 1e308: eᵛ − y·v is +Inf (it was Inf − Inf =
	// NaN); at v = 710, y = 1e308 the linear term wins: −Inf.
	if v := must(loss.PoissonNLLLog([]float64{1e308}, []float64{3}, loss.NLLOptions{})); !math.IsInf(v, 1) {
		t.Errorf("PoissonNLLLog(1e308, 3) = %v, want +Inf", v)
	}
	if v := must(loss.PoissonNLLLog([]float64{710}, []float64{1e308}, loss.NLLOptions{})); !math.IsInf(v, -1) {
		t.Errorf("PoissonNLLLog(710, 1e308) = %v, want -Inf", v)
	}
	// Two equal logits of 1e308: softmax ½, cross-entropy log 2 (it was 0).
	near("CrossEntropy at logits 1e308", must(loss.CrossEntropy([]float64{1e308, 1e308, 0}, 3, []int{1}, loss.CEOptions{})), math.Ln2, 1e-15)
}
