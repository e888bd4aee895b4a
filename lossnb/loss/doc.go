// Package loss is the loss-function catalogue of lossnb: pure math, no
// plotting. It depends only on the standard library and gonum.
//
// # Two layers
//
// Pointwise losses that are functions of one scalar are value types:
//
//   - [Regression] losses ρ(r) of the residual r = y − ŷ (target minus
//     prediction): [Squared], [Absolute], [Huber], [SmoothL1], [Pinball],
//     [LogCosh], [EpsInsensitive], [Tukey], [Cauchy], [Barron].
//   - [Margin] losses φ(m) of the margin m = y·f(x) with y ∈ {−1, +1}:
//     [Hinge], [SquaredHinge], [Logistic], [Exponential], [ModifiedHuber],
//     [ZeroOne], [FocalMargin].
//
// Deriv returns ψ(r) = ρ'(r) (or φ'(m)); the gradient of ρ(y − ŷ) with
// respect to the prediction ŷ is therefore −ψ(r). Types whose ψ is
// continuous also implement [SecondDeriver] (ψ'), and every Regression type
// in the package has a Weight method, w(r) = ψ(r)/r, used by IRLS;
// [Weight] works for any Regression. At a kink, Deriv returns the midpoint of the
// subdifferential (sign(0) = 0 for [Absolute], τ − ½ for [Pinball], −½ for
// [Hinge] at m = 1): any value in the subdifferential is a valid
// subgradient, and the midpoint keeps symmetric losses odd.
//
// Types without a parameter work as zero values (Squared{}, Hinge{}).
// Types with a parameter have exported fields and a validating constructor
// (NewHuber, NewPinball, …); the zero value of a parameterised type is a
// degenerate loss, so build them with the constructor. A literal with a
// parameter the constructor refuses (Huber{Delta: -1}) is refused by the
// slice functions and the fits ([Validate]); the pointwise methods do not
// check.
//
// Slice-level functions follow gonum's style: slices in, destination
// slices first when there are outputs, a nil destination allocated, and
// no allocation on the hot path when the caller provides dst.
//
// # One API
//
// Every slice-level loss follows the same four rules; TestCatalogueRules
// checks them on every loss of the catalogue, and the bad-input walk
// (badinput_test.go) checks every exported function.
//
// Argument order. Destinations first, then the prediction, then the
// target, then the parameters of the formula, then the options, last:
//
//	dst…        destination slices (gradients, per-element values), if any
//	prediction  pred, logits, prob, scores or embeddings: the thing being fitted
//	target      target, labels (class indices), relevance, or the second input
//	params      the loss's own parameters: δ, τ, margin, temperature, or the
//	            pointwise loss l of the generic functions (Reduce(pred, target, l, opts))
//	opts        an options struct, always the last argument
//
// This is PyTorch's order (input, target). Matrices are row-major
// []float64 with an explicit width argument (k classes, or dim for
// embeddings) placed right after the slice it describes, so a batch of N
// rows of K logits is a slice of length N·K. The GAN losses take the
// discriminator's outputs on real, then on fake samples, with the kind of
// loss in the options: GANDiscriminator(real, fake, GANOptions{Kind: HingeGAN}).
//
// Options. Reduction and weights are passed one way for every loss: an
// options struct with a Reduction field and a Weights field. The losses
// with no switches of their own take [Options]; the others take their own
// struct (BCEOptions, CEOptions, NLLOptions, CTCOptions, GANOptions, …),
// which has the same two fields. The zero value of every options struct
// is PyTorch's default (Mean; no weights; PyTorch's eps, ignore_index,
// blank, …), or, where there is no default to follow, is refused with an
// error naming the field (FocalOptions{} because α = 0 would drop every
// positive example, GANOptions{} because Kind must be chosen). A loss
// whose PyTorch form has no weight refuses non-empty Weights, naming
// opts.Weights; the generic Reduce/Grad/Elems, MarginReduce/…, the
// regression shortcuts (MSE, MAE, HuberLoss, SmoothL1Loss, PinballLoss)
// and BernoulliNLL accept them (weighted mean Σwᵢρᵢ/Σwᵢ).
//
// Entry points. For a loss X there are up to three:
//
//	X(…) (float64, error)                 the reduced loss value
//	XGrad(dst, …) (dst, float64, error)   ∂value/∂prediction in dst, returned with the value
//	XElems(dst, …) (dst, error)           the per-element losses (PyTorch's reduction="none")
//
// Every loss has an XElems (per element, or per row for row-wise losses:
// CrossEntropyElems, InfoNCEElems, SupConElems, GANDiscriminatorElems, …)
// except Uniformity, the log of a mean over pairs; the scalar function
// refuses Reduction None with an error naming XElems. Losses with several
// inputs take one destination per input, named after it (dPred and
// dVariance, dx1 and dx2, dQuery and dKeys, dReal and dFake), and return
// them in the same order before the value.
//
// Destinations. A nil destination is allocated and returned, as in gonum;
// a non-nil one must have the documented length (an error names it
// otherwise), and is written in place and returned. So
//
//	g, v, err := loss.MSEGrad(nil, pred, target, loss.Options{})
//
// allocates, and MSEGrad(buf, …) in a loop does not.
//
// Gradients with respect to a target, where PyTorch differentiates it:
// [BCETargetGrad], [BCEWithLogitsTargetGrad], [KLDivTargetGrad]; for the
// regression pairs (MSE, MAE, Huber, SmoothL1, Reduce, and the target of
// the Gaussian, Laplace and Student-t NLLs) ∂/∂target = −∂/∂pred.
//
// # Reduction
//
// [Mean] (the zero value, as in PyTorch) and [Sum] reduce to one number.
// [None] is PyTorch's reduction="none": it has no single value, so the
// scalar functions reject it with an error naming the XElems variant that
// returns the per-element values. The gradient of a per-element loss with
// respect to its own input is what XGrad writes with [Sum].
//
// How Mean treats weights follows the library each loss comes from, and is
// stated in each doc comment:
//
//   - regression losses with weights: Σ wᵢρᵢ / Σ wᵢ (a weighted average, as
//     scikit-learn's sample_weight), so the minimiser is a weighted mean,
//     median or quantile;
//   - BCE, BCEWithLogits: Σ wᵢℓᵢ / N (PyTorch's weight);
//   - CrossEntropy with class weights: Σ w_{yₙ}ℓₙ / Σ w_{yₙ} (PyTorch's
//     weighted mean); with probability targets: Σ ℓₙ / N (PyTorch again).
//
// # From PyTorch
//
// Every loss of torch.nn, and torchvision's focal loss, with PyTorch's
// defaults and numbers (PyTorch's source is cited where a constant or a
// convention comes from it). reduction="mean"/"sum" is Mean/Sum in the
// options (the zero value is Mean), reduction="none" is the XElems
// function, and weight is the options' Weights.
//
//	torch.nn                        lossnb
//	L1Loss                          MAE(pred, target, Options{}); Elems(dst, pred, target, Absolute{}, opts) for none
//	MSELoss                         MSE(pred, target, Options{}); Elems(…, Squared{}, opts) (Squared is r², as PyTorch)
//	HuberLoss(delta)                HuberLoss(pred, target, delta, Options{}); Reduce(pred, target, Huber{Delta: δ}, opts)
//	SmoothL1Loss(beta)              SmoothL1Loss(pred, target, beta, Options{}); Reduce(…, SmoothL1{Beta: β}, opts)
//	SoftMarginLoss                  MarginReduce(input, target, Logistic{}, Options{})
//	CrossEntropyLoss                CrossEntropy (class indices), CrossEntropyProbs (probabilities)
//	  weight, ignore_index,         CEOptions{Weights, IgnoreIndex (zero value = −100),
//	  label_smoothing                 LabelSmoothing}
//	NLLLoss(weight, ignore_index)   CategoricalNLL(logp, k, labels, CEOptions{…})
//	BCELoss(weight)                 BCE(prob, target, BCEOptions{Weights})
//	BCEWithLogitsLoss               BCEWithLogits(logits, target, BCEOptions{Weights, PosWeight})
//	KLDivLoss(reduction,            KLDiv(logq, k, target, KLDivOptions{Reduction: Mean | BatchMean | Sum,
//	  log_target)                     LogTarget}); "batchmean" is BatchMean
//	PoissonNLLLoss(log_input=True)  PoissonNLLLog (log_input=False: PoissonNLL)
//	  full=True, eps                  NLLOptions{Full: true, Eps} (zero Eps = PyTorch's 1e-8; Exact for log y!)
//	GaussianNLLLoss(full, eps)      GaussianNLL(pred, target, variance, NLLOptions{Full, Eps}) (zero Eps = 1e-6)
//	MarginRankingLoss(margin)       MarginRanking(x1, x2, y, margin, Options{})
//	HingeEmbeddingLoss(margin)      HingeEmbedding(x, y, margin, Options{})
//	MultiMarginLoss(p, margin,      MultiMargin(logits, k, labels, margin, MultiMarginOptions{P, Weights})
//	  weight)
//	MultiLabelMarginLoss            MultiLabelMargin(logits, k, target, Options{}) (target rows end with −1)
//	MultiLabelSoftMarginLoss        MultiLabelSoftMargin(logits, k, target, MultiLabelSoftMarginOptions{Weights})
//	CosineEmbeddingLoss(margin)     CosineEmbedding(x1, x2, dim, y, margin, Options{})
//	TripletMarginLoss(margin)       TripletMargin(anchor, positive, negative, dim, margin, Options{}) (p = 2, eps = 1e-6)
//	  p, eps, swap                    TripletMarginWithDistance(…, TripletOptions{Distance: NewPairwiseDistance(p, eps), Swap})
//	TripletMarginWithDistanceLoss   TripletMarginWithDistance(a, p, n, dim, margin, TripletOptions{Distance, Swap})
//	CTCLoss(blank, zero_infinity)   CTC(logProbs, k, targets, inputLengths, targetLengths, CTCOptions{Blank, ZeroInfinity})
//	torchvision sigmoid_focal_loss  Focal(logits, target, DefaultFocalOptions()) (torchvision's default reduction is "none")
//
// Options whose zero value is a default, per loss: NLLOptions.Eps = 0 is
// PyTorch's eps (1e-6 for GaussianNLL, 1e-8 for PoissonNLL; NoEps for no
// clamp, the textbook likelihood); NLLOptions.Full is PyTorch's full=True
// (Stirling's term for the Poisson losses; Exact for the exact log y!);
// CEOptions.IgnoreIndex = 0 is −100; MultiMarginOptions.P = 0 is p = 1;
// TripletOptions.Distance = nil is pairwise_distance(p = 2, eps = 1e-6);
// FocalCEOptions.Gamma = 0 is γ = 2 (for γ = 0 use CrossEntropy).
// Refused zero values: FocalOptions{} (use DefaultFocalOptions()) and
// GANOptions{} (set Kind). Differences left on purpose, each documented
// at the function: CTCGrad writes ∂/∂logProbs (CTCOptions.LogitsGrad for
// PyTorch's log_probs.grad).
//
// # Subgradients at a kink
//
// Where a loss is not differentiable the gradient is a subgradient; which
// one matters only for exact reproduction:
//
//	loss, kink                              lossnb                 PyTorch
//	Absolute, MAE (L1) at r = 0             0                      0 (sign)
//	Pinball at r = 0                        τ − ½                  (none in torch.nn)
//	Hinge margin type at m = 1              −½                     (none)
//	EpsInsensitive at |r| = ε               ±½                     (none)
//	MarginRanking at the hinge              the full slope         the full slope (clamp_min passes 0)
//	CosineEmbedding (y = −1), cos = margin  1                      1
//	TripletMargin at the hinge              1                      1
//	HingeEmbedding (y = −1), x = margin     −1                     −1
//	MultiMargin, MultiLabelMargin, h = 0    0                      0 (only h > 0 counts)
//	TripletMarginWithDistance, h = 0        1; a swap tie splits ½/½  the same
//	HingeGAN at the hinge                   the full slope         (none; relu's backward would pass it)
//
// # Errors
//
// Invalid input returns an error; the package never panics on user input
// and never returns NaN from valid finite input. Every message starts with
// the function name and names the argument and its value:
//
//	loss.NewHuber: delta = -1, want > 0
//	loss.MSE: len(pred) = 3, len(target) = 4
//	loss.BCEWithLogits: target[2] = 1.5, want a value in [0, 1]
//	loss.MSE: pred[0] is NaN
//	loss.MSE: empty input
//
// Inputs must be finite: NaN and ±Inf in predictions, targets, weights or
// parameters are errors. Results can still be +Inf where the exact value
// does not fit in a float64 (the exponential loss at m = −1e4, a Poisson
// rate of 0 with a positive count): that is the true value, not an
// overflow of the formula. The pointwise Value/Deriv methods do not
// validate (they are the hot path); the constructors do.
//
// # Numerics
//
// Formulas are written to stay accurate at extreme inputs: logits of ±1e4,
// probabilities of exactly 0 and 1, temperatures of 1e-3 and residuals of
// 1e150. Log-sum-exp, log1p, expm1 and softplus(x) = max(x, 0) +
// log1p(exp(−|x|)) are used throughout; log cosh, Cauchy and Barron switch
// to asymptotic forms before an intermediate overflows.
//
// Constants taken from a library or a paper (PyTorch's −100 log clamp, the
// 95%-efficiency tuning constants 1.345 and 4.685, …) are defined once,
// with their source, in constants.go.
//
// Imports: the standard library, gonum, lossnb/internal/argcheck (the
// argument check shared with package fit) and lossnb/internal/enum (names of
// enumerated values) only. Package loss may not import
// any other lossnb package, nor a chart, plot or notebook package (the rules are checked by lossnb/layers_test.go).
package loss
