package loss

// Sigmoid returns the logistic function σ(x) = 1/(1 + e⁻ˣ), computed as
// 1/(1 + e^−|x|) for x ≥ 0 and e^−|x|/(1 + e^−|x|) for x < 0, so that no
// exp overflows and σ(x) for very negative x keeps its relative accuracy
// (σ(−800) = e⁻⁸⁰⁰ underflows to 0 only when the true value does).
// It is the sigmoid the package's losses use; the lessons and exercises use it too.
func Sigmoid(x float64) float64 { return sigmoid(x) }

// Softplus returns log(1 + eˣ) = max(x, 0) + log1p(e^−|x|) without overflow
// (Softplus(1000) = 1000) or cancellation (Softplus(−40) ≈ e⁻⁴⁰, not 0).
// It is the softplus the package's losses use.
func Softplus(x float64) float64 { return softplus(x) }
