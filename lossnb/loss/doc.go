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
//     [ZeroOne].
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
// Slice-level functions follow gonum's style: slices in, a destination
// slice first when there is an output slice, and no allocation on the hot
// path when the caller provides dst.
//
// # Argument order and names
//
// Every slice-level function takes, in this order:
//
//	dst…        destination slices (gradients, per-element values), if any
//	l           a pointwise loss, for the generic functions
//	prediction  pred, logits, prob, scores or embeddings: the thing being fitted
//	target      target, labels (class indices) or relevance
//	weights     per-element (or per-class) weights, nil for none
//	params/opts scalar parameters, then an options struct or a Reduction
//
// This is PyTorch's order (input, target). Matrices are row-major []float64
// with an explicit width argument (k classes, or dim for embeddings) placed
// right after the slice it describes, so a batch of N rows of K logits is a
// slice of length N·K.
//
// For a loss X there are up to three entry points:
//
//	X(…) (float64, error)            the reduced loss value
//	XGrad(dst, …) (float64, error)   the same value, and ∂value/∂prediction in dst
//	XElems(dst, …) error             the per-element losses (PyTorch's reduction="none")
//
// The generic functions [Reduce], [Grad] and [Elems] (and [MarginReduce],
// [MarginGrad], [MarginElems]) serve every pointwise loss; [MSE], [MAE],
// [HuberLoss], [SmoothL1Loss] and [PinballLoss] are unweighted-mean
// shortcuts for the common cases. XElems exists for the elementwise
// classification losses (BCE, BCEWithLogits, CrossEntropy,
// CrossEntropyProbs, Focal, FocalCE, KLDiv). Losses with several inputs
// take one destination per input, named after it (dPred and dVariance,
// dx1 and dx2, dQuery and dKeys, dReal and dFake); a nil destination for
// an optional parameter (dVariance, dScale, dChol) skips that gradient.
//
// Losses defined on a whole batch or list (RankNet, ListNet, InfoNCE,
// SupCon, Alignment, Uniformity, the GAN losses) return the mean their
// paper defines and take no Reduction.
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
package loss
