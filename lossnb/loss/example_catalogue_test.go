package loss_test

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/loss"
)

func ExampleGaussianNLL() {
	// One prediction per target and a variance per element (a model that
	// reports its own uncertainty); Full adds ½ log 2π.
	mu := []float64{0, 1}
	y := []float64{0.5, 3}
	v := []float64{1, 4}
	nll, err := loss.GaussianNLL(mu, y, v, loss.NLLOptions{Full: true})
	if err != nil {
		panic(err)
	}
	fmt.Printf("NLL = %.6f\n", nll)
	// The zero options are PyTorch's eps: a variance of 0 is clamped to
	// 1e-6. NoEps is the textbook density, which refuses it.
	c, _ := loss.GaussianNLL([]float64{0}, []float64{0}, []float64{0}, loss.NLLOptions{})
	fmt.Printf("variance 0 → ½ log 1e-6 = %.6f\n", c)
	_, err = loss.GaussianNLL([]float64{0}, []float64{0}, []float64{0}, loss.NLLOptions{NoEps: true})
	fmt.Println(err)
	// Output:
	// NLL = 1.578012
	// variance 0 → ½ log 1e-6 = -6.907755
	// loss.GaussianNLL: variance[0] = 0, want a value > 0
}

func ExampleFocal() {
	// An easy positive (logit 4) and a hard one (logit −1): the focal
	// term (1 − p_t)^γ shrinks the easy one far more than BCE does.
	logits, y := []float64{4, -1}, []float64{1, 1}
	fl := make([]float64, 2)
	bce := make([]float64, 2)
	loss.FocalElems(fl, logits, y, loss.FocalOptions{Alpha: -1, Gamma: 2})
	loss.BCEWithLogitsElems(bce, logits, y, loss.BCEOptions{})
	fmt.Printf("easy: focal/BCE = %.5f\n", fl[0]/bce[0])
	fmt.Printf("hard: focal/BCE = %.5f\n", fl[1]/bce[1])
	_, err := loss.Focal(logits, y, loss.FocalOptions{})
	fmt.Println(err != nil)
	// Output:
	// easy: focal/BCE = 0.00032
	// hard: focal/BCE = 0.53445
	// true
}

func ExampleMarginReduce() {
	scores := []float64{2, 0.5, -1}
	labels := []float64{1, 1, 1}
	for _, l := range []loss.Margin{loss.Hinge{}, loss.Logistic{}, loss.ZeroOne{}} {
		v, err := loss.MarginReduce(scores, labels, l, loss.Options{})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-8s %.4f\n", l.Name(), v)
	}
	// Output:
	// Hinge    0.8333
	// Logistic 0.6381
	// ZeroOne  0.3333
}

func ExampleKLDiv() {
	// KL(p ‖ q) of one row; PyTorch's names for the reductions.
	logq := []float64{math.Log(0.5), math.Log(0.5)}
	p := []float64{0.9, 0.1}
	bm, _ := loss.KLDiv(logq, 2, p, loss.KLDivOptions{Reduction: loss.BatchMean})
	m, _ := loss.KLDiv(logq, 2, p, loss.KLDivOptions{})
	fmt.Printf("batchmean = %.6f (the KL divergence)\n", bm)
	fmt.Printf("mean      = %.6f (divided by every element)\n", m)
	// Output:
	// batchmean = 0.368064 (the KL divergence)
	// mean      = 0.184032 (divided by every element)
}

func ExampleMultiMargin() {
	// PyTorch's documentation example of nn.MultiMarginLoss:
	// 0.25·((1 − (0.8 − 0.1)) + (1 − (0.8 − 0.2)) + (1 − (0.8 − 0.4))).
	x := []float64{0.1, 0.2, 0.4, 0.8}
	v, err := loss.MultiMargin(x, 4, []int{3}, 1, loss.MultiMarginOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", v)
	// Output:
	// 0.3250
}

func ExampleTripletMarginWithDistance() {
	a := []float64{0, 0}
	p := []float64{3, 4}
	n := []float64{3, 3.5}
	l2, _ := loss.NewPairwiseDistance(2, 0) // textbook: no eps
	plain, _ := loss.TripletMarginWithDistance(a, p, n, 2, 1, loss.TripletOptions{Distance: l2})
	// With swap the negative's distance to the positive (0.5) is used.
	swap, _ := loss.TripletMarginWithDistance(a, p, n, 2, 1, loss.TripletOptions{Distance: l2, Swap: true})
	fmt.Printf("no swap %.4f, swap %.4f\n", plain, swap)
	// Output:
	// no swap 1.3902, swap 5.5000
}

func ExampleRankNet() {
	scores := []float64{2, 1, 0.5}
	relevance := []float64{0, 2, 1} // the best item is scored lowest but one
	r, _ := loss.RankNet(scores, relevance, loss.Options{})
	ndcg, _ := loss.NDCG(scores, relevance, 0)
	fmt.Printf("RankNet %.4f, NDCG %.4f\n", r, ndcg)
	// Output:
	// RankNet 1.1629, NDCG 0.6590
}

func ExampleGANDiscriminator() {
	// At the optimum of the minimax game D = ½ (logit 0) everywhere: the
	// discriminator's loss is log 4.
	v, _ := loss.GANDiscriminator([]float64{0, 0}, []float64{0}, loss.GANOptions{Kind: loss.MinimaxGAN})
	fmt.Printf("%.6f = log 4 = %.6f\n", v, math.Log(4))
	// Output:
	// 1.386294 = log 4 = 1.386294
}

func ExampleCTC() {
	// Two frames, classes {blank, a}, uniform probabilities, target "a":
	// the alignments "a_", "_a" and "aa" collapse to "a", so
	// p = 3/4 and the loss is −log 0.75.
	lp := []float64{math.Log(0.5), math.Log(0.5), math.Log(0.5), math.Log(0.5)}
	v, err := loss.CTC(lp, 2, []int{1}, []int{2}, []int{1}, loss.CTCOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.6f = −log 0.75 = %.6f\n", v, -math.Log(0.75))
	// Output:
	// 0.287682 = −log 0.75 = 0.287682
}
