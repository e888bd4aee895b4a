package loss

import "math"

// Margin is a classification loss that is a function of the margin
// m = y·f(x), with label y ∈ {−1, +1} and real-valued score f(x). A
// positive margin is a correct classification; the 0/1 loss is 1[m ≤ 0].
//
// A convex margin loss φ is classification-calibrated (its minimiser has
// the sign of the Bayes classifier) iff φ is differentiable at 0 with
// φ'(0) < 0 (Bartlett, Jordan & McAuliffe, "Convexity, classification, and
// risk bounds", JASA 101, 2006, Theorem 6). [Hinge], [SquaredHinge],
// [Logistic], [Exponential] and [ModifiedHuber] are; [ZeroOne] is the
// target they all stand in for.
type Margin interface {
	// Name identifies the loss, e.g. "Hinge".
	Name() string
	// Value returns φ(m).
	Value(m float64) float64
	// Deriv returns φ'(m). The gradient with respect to the score f is y·φ'(m).
	Deriv(m float64) float64
}

// Hinge is the SVM loss φ(m) = max(0, 1 − m). φ'(m) = −1 for m < 1, 0 for
// m > 1, −½ at the kink m = 1.
//
// Minimiser: sign(2η − 1) where η = P(y = +1 | x): the hinge risk is
// minimised by the Bayes classifier itself, not by a probability, so SVM
// scores are not calibrated probabilities. Stops penalising once the
// margin exceeds 1, which gives sparse support vectors.
// Reference: Cortes & Vapnik, "Support-vector networks", Machine Learning
// 20 (1995); Bartlett, Jordan & McAuliffe (2006).
type Hinge struct{}

// Name returns "Hinge".
func (Hinge) Name() string { return "Hinge" }

// Value returns φ(m) (see the type's formula).
func (Hinge) Value(m float64) float64 { return relu(1 - m) }

// Deriv returns φ'(m) (see the type's doc for the value at a kink).
func (Hinge) Deriv(m float64) float64 {
	switch {
	case m < 1:
		return -1
	case m > 1:
		return 0
	}
	return -0.5
}

// SquaredHinge is φ(m) = max(0, 1 − m)² (the L2-SVM loss). φ'(m) =
// −2·max(0, 1 − m), φ”(m) = 2 for m < 1 and 0 beyond (1 at m = 1).
//
// Minimiser: f* = 2η − 1, so η can be read back as (1 + f)/2 (clipped).
// Smooth, so Newton-type solvers apply; more sensitive to outliers than
// the hinge. Reference: Zhang, "Statistical behavior and consistency of
// classification methods based on convex risk minimization", Ann. Statist.
// 32 (2004); scikit-learn's LinearSVC(loss="squared_hinge").
type SquaredHinge struct{}

// Name returns "SquaredHinge".
func (SquaredHinge) Name() string { return "SquaredHinge" }

// Value returns φ(m) (see the type's formula).
func (SquaredHinge) Value(m float64) float64 {
	h := relu(1 - m)
	return h * h
}

// Deriv returns φ'(m) (see the type's doc for the value at a kink).
func (SquaredHinge) Deriv(m float64) float64 { return -2 * relu(1-m) }

// Deriv2 returns φ”(m) (the midpoint where it jumps).
func (SquaredHinge) Deriv2(m float64) float64 {
	switch {
	case m < 1:
		return 2
	case m > 1:
		return 0
	}
	return 1
}

// Logistic is the logistic (log) loss φ(m) = log(1 + e^{−m}) =
// softplus(−m), in nats (divide by log 2 for the bits convention φ(0) = 1).
// φ'(m) = −σ(−m) = −1/(1 + e^m), φ”(m) = σ(m)σ(−m).
//
// Minimiser: f* = log(η/(1 − η)), the log-odds: the logistic loss is
// binary cross-entropy on logits and a proper scoring rule, so σ(f) is a
// calibrated probability. It never stops penalising (φ > 0 for all m).
// Reference: Bartlett, Jordan & McAuliffe (2006); Friedman, Hastie &
// Tibshirani, "Additive logistic regression", Ann. Statist. 28 (2000).
type Logistic struct{}

// Name returns "Logistic".
func (Logistic) Name() string { return "Logistic" }

// Value returns φ(m) (see the type's formula).
func (Logistic) Value(m float64) float64 { return softplus(-m) }

// Deriv returns φ'(m) (see the type's doc for the value at a kink).
func (Logistic) Deriv(m float64) float64 { return -sigmoid(-m) }

// Deriv2 returns φ”(m) (the midpoint where it jumps).
func (Logistic) Deriv2(m float64) float64 { return sigmoid(m) * sigmoid(-m) }

// Exponential is the AdaBoost loss φ(m) = e^{−m}. φ'(m) = −e^{−m},
// φ”(m) = e^{−m}. The value is +Inf for m < −709.78 (the exact value
// exceeds the float64 range).
//
// Minimiser: f* = ½ log(η/(1 − η)), half the log-odds. Exponentially
// large penalties on badly misclassified points make it sensitive to label
// noise. Reference: Freund & Schapire (1997); Friedman, Hastie & Tibshirani
// (2000).
type Exponential struct{}

// Name returns "Exponential".
func (Exponential) Name() string { return "Exponential" }

// Value returns φ(m) (see the type's formula).
func (Exponential) Value(m float64) float64 { return math.Exp(-m) }

// Deriv returns φ'(m) (see the type's doc for the value at a kink).
func (Exponential) Deriv(m float64) float64 { return -math.Exp(-m) }

// Deriv2 returns φ”(m) (the midpoint where it jumps).
func (Exponential) Deriv2(m float64) float64 { return math.Exp(-m) }

// ModifiedHuber is Zhang's modified Huber loss (scikit-learn's
// SGDClassifier(loss="modified_huber")):
//
//	φ(m) = max(0, 1 − m)²   if m ≥ −1
//	φ(m) = −4m              otherwise
//
// φ'(m) = −4 for m < −1, −2(1 − m) for −1 ≤ m < 1, 0 for m ≥ 1.
//
// Minimiser: f* = 2η − 1 (clipped to [−1, 1]), so probabilities can be
// estimated as (1 + f)/2. The squared hinge with linear tails: smooth and
// robust to outliers. Reference: Zhang (2004), Ann. Statist. 32.
type ModifiedHuber struct{}

// Name returns "ModifiedHuber".
func (ModifiedHuber) Name() string { return "ModifiedHuber" }

// Value returns φ(m) (see the type's formula).
func (ModifiedHuber) Value(m float64) float64 {
	if m < -1 {
		return -4 * m
	}
	h := relu(1 - m)
	return h * h
}

// Deriv returns φ'(m) (see the type's doc for the value at a kink).
func (ModifiedHuber) Deriv(m float64) float64 {
	if m < -1 {
		return -4
	}
	return -2 * relu(1-m)
}

// Deriv2 returns φ”(m) (the midpoint where it jumps).
func (ModifiedHuber) Deriv2(m float64) float64 {
	switch {
	case m > -1 && m < 1:
		return 2
	case m == -1 || m == 1:
		return 1
	}
	return 0
}

// ZeroOne is the misclassification loss φ(m) = 1[m ≤ 0] (a zero score
// counts as an error). φ'(m) = 0 everywhere it exists (and Deriv returns
// 0 at m = 0 too): it gives gradient descent nothing to follow, which is
// why the convex surrogates above exist.
//
// Minimiser: the Bayes classifier sign(2η − 1). It is what accuracy
// measures. Reference: Bartlett, Jordan & McAuliffe (2006).
type ZeroOne struct{}

// Name returns "ZeroOne".
func (ZeroOne) Name() string { return "ZeroOne" }

// Value returns φ(m) (see the type's formula).
func (ZeroOne) Value(m float64) float64 {
	if m <= 0 {
		return 1
	}
	return 0
}

// Deriv returns φ'(m) (see the type's doc for the value at a kink).
func (ZeroOne) Deriv(m float64) float64 { return 0 }

var (
	_ Margin = Hinge{}
	_ Margin = SquaredHinge{}
	_ Margin = Logistic{}
	_ Margin = Exponential{}
	_ Margin = ModifiedHuber{}
	_ Margin = ZeroOne{}

	_ SecondDeriver = SquaredHinge{}
	_ SecondDeriver = Logistic{}
	_ SecondDeriver = Exponential{}
	_ SecondDeriver = ModifiedHuber{}
)
