// Package optim holds the optimisers of the lessons' hand-written training loops
// (the tiny GAN of notebook 05, the contrastive encoders of 06, the linear rankers
// of 07): plain gradient descent and Adam, over parameters held as float64 slices.
// It imports only the standard library.
package optim

import "math"

// SGD takes one step of gradient descent, w ← w − lr·g, in place. It panics if
// len(g) < len(w), as a slice index does: the lessons call it with the gradient
// of the same parameters.
func SGD(w []float64, lr float64, g []float64) {
	for i := range w {
		w[i] -= lr * g[i]
	}
}

// Adam is the Adam optimiser (Kingma & Ba, "Adam: a method for stochastic
// optimization", ICLR 2015, Algorithm 1) over a fixed list of parameter blocks:
//
//	m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,
//	θ ← θ − lr · (m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε).
//
// The moments are zero before the first Step, which allocates them with the shapes
// of its parameters; every later Step must pass blocks of the same shapes.
type Adam struct {
	LR, Beta1, Beta2, Eps float64

	t    int
	m, v [][]float64
}

// NewAdam returns Adam with learning rate lr and decay rates beta1 and beta2, and
// ε = 1e-8 (the paper's default).
func NewAdam(lr, beta1, beta2 float64) *Adam {
	return &Adam{LR: lr, Beta1: beta1, Beta2: beta2, Eps: 1e-8}
}

// Step takes one Adam step: params[k][j] moves against grads[k][j].
func (a *Adam) Step(params, grads [][]float64) {
	if a.m == nil {
		a.m, a.v = make([][]float64, len(params)), make([][]float64, len(params))
		for k, p := range params {
			a.m[k], a.v[k] = make([]float64, len(p)), make([]float64, len(p))
		}
	}
	a.t++
	c1 := 1 - math.Pow(a.Beta1, float64(a.t))
	c2 := 1 - math.Pow(a.Beta2, float64(a.t))
	for k, p := range params {
		g, m, v := grads[k], a.m[k], a.v[k]
		for j := range p {
			m[j] = a.Beta1*m[j] + (1-a.Beta1)*g[j]
			v[j] = a.Beta2*v[j] + (1-a.Beta2)*g[j]*g[j]
			p[j] -= a.LR * (m[j] / c1) / (math.Sqrt(v[j]/c2) + a.Eps)
		}
	}
}
