package loss

import "math"

// FocalMargin is the binary focal loss of Lin et al. as a margin loss, for
// m = y·f(x), y ∈ {−1, +1}, where p = σ(m) is the probability given to the
// true class:
//
//	φ(m)  = (1 − p)^γ · (−log p) = σ(−m)^γ · softplus(−m)
//	φ'(m) = −γ σ(−m)^γ σ(m) softplus(−m) − σ(−m)^{γ+1}
//
// γ = 0 is the logistic loss ([Logistic]); γ > 0 shrinks the loss of points
// already classified with confidence, so that training attends to the hard ones.
// The α weighting of the paper is a per-class weight (pass it as sample weights);
// [FocalGamma] = 2 is the paper's default. It is the per-point loss of [Focal]
// with Alpha < 0 (no class weight) and target (y + 1)/2, written as a function of
// the margin, for fitting with package fit and for the lessons on calibration.
// Reference: Lin, Goyal, Girshick, He & Dollár, "Focal loss for dense object
// detection", ICCV 2017, eq. (4).
type FocalMargin struct{ Gamma float64 }

// Name returns "Focal(γ=<Gamma>)".
func (f FocalMargin) Name() string { return "Focal(γ=" + fmtG(f.Gamma) + ")" }

// Value returns φ(m) = σ(−m)^γ · softplus(−m).
func (f FocalMargin) Value(m float64) float64 {
	return math.Pow(sigmoid(-m), f.Gamma) * softplus(-m)
}

// Deriv returns φ'(m) = −γ σ(−m)^γ σ(m) softplus(−m) − σ(−m)^{γ+1}.
func (f FocalMargin) Deriv(m float64) float64 {
	q := sigmoid(-m)
	return -f.Gamma*math.Pow(q, f.Gamma)*sigmoid(m)*softplus(-m) - math.Pow(q, f.Gamma+1)
}
