package optim

import (
	"fmt"
	"math"
	"testing"
)

// TestSGD catches a step with the wrong sign or scale.
func TestSGD(t *testing.T) {
	w := []float64{1, -2}
	SGD(w, 0.5, []float64{2, -4})
	if w[0] != 0 || w[1] != 0 {
		t.Errorf("w = %v, want [0 0]", w)
	}
}

// TestAdamFirstStep checks Adam's bias correction: the first step moves every
// parameter by lr·g/(|g| + ε) ≈ lr in the direction −sign(g), whatever the scale of
// g (an Adam without the 1/(1 − βᵗ) corrections moves by lr·(1 − β₁)/√(1 − β₂),
// 3.16·lr with the paper's β). Then it minimises a quadratic.
func TestAdamFirstStep(t *testing.T) {
	a := NewAdam(0.1, 0.9, 0.999)
	p := [][]float64{{1, 1}, {5}}
	a.Step(p, [][]float64{{1e-3, -50}, {2}})
	want := []float64{1 - 0.1, 1 + 0.1, 5 - 0.1}
	got := []float64{p[0][0], p[0][1], p[1][0]}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-6 {
			t.Errorf("parameter %d after one step = %v, want %v", i, got[i], want[i])
		}
	}
	// Minimise (x − 3)²: Adam with lr 0.05 ends within 0.05 of 3.
	x := [][]float64{{0}}
	b := NewAdam(0.05, 0.9, 0.999)
	for range 2000 {
		b.Step(x, [][]float64{{2 * (x[0][0] - 3)}})
	}
	if math.Abs(x[0][0]-3) > 0.05 {
		t.Errorf("Adam on (x − 3)² ends at %v, want 3", x[0][0])
	}
}

func ExampleAdam() {
	// Fit x to minimise (x − 3)² by 500 Adam steps.
	x := []float64{0}
	opt := NewAdam(0.1, 0.9, 0.999)
	for range 500 {
		opt.Step([][]float64{x}, [][]float64{{2 * (x[0] - 3)}})
	}
	fmt.Printf("%.2f\n", x[0])
	// Output: 3.00
}
