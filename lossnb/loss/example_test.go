package loss_test

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/loss"
)

func ExampleMSE() {
	pred := []float64{2.5, 0.0, 2.0, 8.0}
	target := []float64{3.0, -0.5, 2.0, 7.0}
	mse, err := loss.MSE(pred, target, loss.Options{})
	if err != nil {
		panic(err)
	}
	// A nil destination is allocated and returned (gonum's convention);
	// pass a slice of len(pred) to reuse it.
	grad, _, err := loss.MSEGrad(nil, pred, target, loss.Options{})
	if err != nil {
		panic(err)
	}
	// Reduction and weights go in the options, the last argument.
	sum, _ := loss.MSE(pred, target, loss.Options{Reduction: loss.Sum})
	fmt.Printf("MSE = %.4f, sum = %.4f\n", mse, sum)
	fmt.Println("∂MSE/∂pred =", grad)

	_, err = loss.MSE(pred, target[:3], loss.Options{})
	fmt.Println(err)
	// Output:
	// MSE = 0.3750, sum = 1.5000
	// ∂MSE/∂pred = [-0.25 0.25 0 0.5]
	// loss.MSE: len(pred) = 4, len(target) = 3
}

func ExampleHuber() {
	h, err := loss.NewHuber(1)
	if err != nil {
		panic(err)
	}
	// Quadratic near zero, linear far away; the influence ψ is bounded by δ.
	for _, r := range []float64{0.5, 3, -10} {
		fmt.Printf("%s: ρ(%g) = %g, ψ(%g) = %g, IRLS weight %g\n", h.Name(), r, h.Value(r), r, h.Deriv(r), loss.Weight(h, r))
	}
	// The slice-level mean, as PyTorch's F.huber_loss(pred, target, delta=1).
	v, _ := loss.HuberLoss([]float64{0, 0}, []float64{0.5, 3}, 1, loss.Options{})
	fmt.Println("HuberLoss =", v)
	_, err = loss.NewHuber(-1)
	fmt.Println(err)
	// Output:
	// Huber(δ=1): ρ(0.5) = 0.125, ψ(0.5) = 0.5, IRLS weight 1
	// Huber(δ=1): ρ(3) = 2.5, ψ(3) = 1, IRLS weight 0.3333333333333333
	// Huber(δ=1): ρ(-10) = 9.5, ψ(-10) = -1, IRLS weight 0.1
	// HuberLoss = 1.3125
	// loss.NewHuber: delta = -1, want > 0
}

func ExampleBCEWithLogits() {
	logits := []float64{2, -1, 1e4, -1e4}
	target := []float64{1, 0, 1, 1}
	grad := make([]float64, len(logits))
	_, v, err := loss.BCEWithLogitsGrad(grad, logits, target, loss.BCEOptions{Reduction: loss.Sum})
	if err != nil {
		panic(err)
	}
	// A logit of −1e4 for a positive costs exactly 1e4: no overflow, no clamp.
	fmt.Printf("sum = %.6f\n", v)
	fmt.Printf("grad = σ(x) − y = %.4f\n", grad)

	// pos_weight = 3 triples the cost of missed positives.
	w, _ := loss.BCEWithLogits([]float64{0}, []float64{1}, loss.BCEOptions{PosWeight: []float64{3}})
	fmt.Printf("pos_weight 3 at logit 0: %.6f = 3·log 2\n", w)
	// Output:
	// sum = 10000.440190
	// grad = σ(x) − y = [-0.1192 0.2689 0.0000 -1.0000]
	// pos_weight 3 at logit 0: 2.079442 = 3·log 2
}

func ExampleCrossEntropy() {
	// Two samples, three classes, row-major logits.
	logits := []float64{
		1, 2, 3,
		0, 0, 0,
	}
	labels := []int{2, 0}
	v, err := loss.CrossEntropy(logits, 3, labels, loss.CEOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("CE = %.6f\n", v)

	grad := make([]float64, len(logits))
	loss.CrossEntropyGrad(grad, logits, 3, labels, loss.CEOptions{})
	fmt.Printf("grad (softmax − one-hot)/N = %.4f\n", grad)

	// Class weights: PyTorch's weighted mean divides by Σ w[label].
	w, _ := loss.CrossEntropy(logits, 3, labels, loss.CEOptions{Weights: []float64{3, 1, 1}})
	fmt.Printf("weighted CE = %.6f\n", w)

	_, err = loss.CrossEntropy(logits, 3, []int{2, 3}, loss.CEOptions{})
	fmt.Println(err)
	// Output:
	// CE = 0.753109
	// grad (softmax − one-hot)/N = [0.0450 0.1224 -0.1674 -0.3333 0.1667 0.1667]
	// weighted CE = 0.925861
	// loss.CrossEntropy: labels[1] = 3, want a class in [0, 3) (or the ignore index -100)
}

func ExamplePinballLoss() {
	// Residuals spread over 1..9; the τ = 0.9 pinball loss is smallest at
	// the 0.9-quantile, where the mean squared error would pick the mean.
	target := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	best, bestV := 0.0, math.Inf(1)
	for c := 0.0; c <= 10; c += 0.5 {
		pred := make([]float64, len(target))
		for i := range pred {
			pred[i] = c
		}
		v, err := loss.PinballLoss(pred, target, 0.9, loss.Options{})
		if err != nil {
			panic(err)
		}
		if v < bestV {
			best, bestV = c, v
		}
	}
	fmt.Printf("argmin over constants = %g (loss %.4f)\n", best, bestV)
	// Output:
	// argmin over constants = 9 (loss 0.4000)
}

func ExampleInfoNCE() {
	// Four queries and their keys (positives on the diagonal), 2-d.
	q := []float64{1, 0, 0, 1, -1, 0, 0, -1}
	v, err := loss.InfoNCE(q, q, 2, 0.1, loss.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("aligned: %.6f\n", v)
	// Constant scores: log N, the value at which the mutual-information
	// bound log N − L is zero.
	flat := []float64{1, 1, 1, 1, 1, 1, 1, 1}
	c, _ := loss.InfoNCE(flat, flat, 2, 0.1, loss.Options{})
	fmt.Printf("constant: %.6f = log 4\n", c)
	// Output:
	// aligned: 0.000091
	// constant: 1.386294 = log 4
}
