package fit_test

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// A line through five points, one of them an outlier: least squares follows
// it, least absolute deviations and Huber do not.
func ExampleLinear() {
	x := [][]float64{{0}, {1}, {2}, {3}, {4}}
	y := []float64{1, 3, 5, 7, 30} // y = 1 + 2x, except the last point
	for _, l := range []loss.Regression{loss.Squared{}, loss.Absolute{}, loss.Huber{Delta: 1}} {
		res, err := fit.Linear(x, y, l, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-13s %-12v intercept %6.3f slope %6.3f\n", res.Loss, res.Method, res.Intercept, res.Coef[0])
	}
	// Output:
	// Squared       LeastSquares intercept -3.200 slope  6.200
	// Absolute      Exact        intercept  1.000 slope  2.000
	// Huber(δ=1)    IRLS         intercept  0.500 slope  2.500
}

func ExampleLocation() {
	sample := []float64{2.1, 1.9, 2.4, 2.0, 1.8, 2.2, 9.5}
	h, _ := loss.NewHuber(loss.HuberK95)
	t, _ := loss.NewTukey(loss.TukeyC95)
	mad := &fit.Options{ScaleMethod: fit.MADScale} // robust losses at the MAD scale
	for _, c := range []struct {
		l loss.Regression
		o *fit.Options
	}{{loss.Squared{}, nil}, {loss.Absolute{}, nil}, {h, mad}, {t, mad}} {
		res, err := fit.Location(sample, c.l, c.o)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-16s %.4f\n", res.Loss, res.Location)
	}
	// Output:
	// Squared          3.1286
	// Absolute         2.1000
	// Huber(δ=1.345)   2.1496
	// Tukey(c=4.685)   2.0620
}

func ExampleLinear_errors() {
	x := [][]float64{{1, 2}, {2, 4}, {3, 6}, {4, 8}}
	_, err := fit.Linear(x, []float64{1, 2, 3, 4}, loss.Squared{}, nil)
	fmt.Println(err)
	_, err = fit.Linear([][]float64{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 1, 2, 3}}, []float64{1, 2, 3}, loss.Squared{}, nil)
	fmt.Println(err)
	// Output:
	// fit.Linear: singular design: x column 1 is a linear combination of the intercept and x columns 0–0
	// fit.Linear: 5 parameters but only 3 points
}

func ExampleLogistic() {
	x := [][]float64{{0.5}, {1}, {1.5}, {2}, {2.5}, {3}, {3.5}, {4}}
	y := []float64{0, 0, 1, 0, 1, 0, 1, 1}
	res, err := fit.Logistic(x, y, loss.Logistic{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("logit P(y=1|x) = %.4f + %.4f·x (%v, %d iterations)\n", res.Intercept, res.Coef[0], res.Method, res.Iterations)
	// Separable classes have no finite maximum-likelihood fit.
	_, err = fit.Logistic(x, []float64{0, 0, 0, 0, 1, 1, 1, 1}, loss.Logistic{}, nil)
	fmt.Println(err)
	// Output:
	// logit P(y=1|x) = -2.6734 + 1.1882·x (Newton, 6 iterations)
	// fit.Logistic: classes are linearly separable: no finite optimum: every point is classified correctly by b + xᵀβ, so Logistic decreases forever along it (set Options.L2 > 0 for a regularised fit)
}

func ExampleQuantiles() {
	x := make([][]float64, 20)
	y := make([]float64, 20)
	for i := range x {
		x[i] = []float64{float64(i)}
		y[i] = float64(i) + float64((i*7)%10) - 4.5 // a line plus a repeating spread
	}
	q, err := fit.Quantiles(x, y, []float64{0.1, 0.5, 0.9}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, f := range q.Fits {
		fmt.Printf("τ = %.1f: %.3f + %.3f·x\n", q.Taus[k], math.Round(f.Intercept*1e9)/1e9+0, f.Coef[0]) // no "-0.000"
	}
	iv, _ := fit.PredictionInterval(x, y, 0.1, 0.9, nil, nil, nil)
	fmt.Printf("nominal %.2f, in-sample coverage %.2f\n", iv.Nominal, iv.Coverage)
	// Output:
	// τ = 0.1: -4.500 + 1.077·x
	// τ = 0.5: -0.654 + 1.077·x
	// τ = 0.9: 3.192 + 1.077·x
	// nominal 0.80, in-sample coverage 0.90
}

func ExampleOutlierSweep() {
	x := [][]float64{{0}, {1}, {2}, {3}, {4}, {5}}
	y := []float64{0, 1, 2, 3, 4, 5}
	values := []float64{5, 15, 25} // move the last point up
	s, err := fit.OutlierSweep(x, y, 5, values, []loss.Regression{loss.Squared{}, loss.Absolute{}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for li, name := range s.Losses {
		fmt.Printf("%-8s slopes:", name)
		for _, f := range s.Fits[li] {
			fmt.Printf(" %.3f", f.Coef[0])
		}
		fmt.Println()
	}
	// Output:
	// Squared  slopes: 1.000 2.429 3.857
	// Absolute slopes: 1.000 1.000 1.000
}

func ExampleLinearInfluence() {
	x := [][]float64{{0}, {1}, {2}, {3}, {4}, {5}}
	y := []float64{0.1, 0.9, 2.2, 2.8, 4.1, 9}
	for _, l := range []loss.Regression{loss.Squared{}, loss.Huber{Delta: 1}} {
		inf, err := fit.LinearInfluence(x, y, l, 5, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-10s slope influence: analytic %.5f, refit %.5f\n", l.Name(), inf.Analytic[1], inf.Empirical[1])
	}
	// Output:
	// Squared    slope influence: analytic 1.63673, refit 1.63673
	// Huber(δ=1) slope influence: analytic 1.80000, refit 1.80000
}
