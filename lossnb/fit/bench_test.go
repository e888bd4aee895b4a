package fit

import (
	"fmt"
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// benchData returns n points with 5 features uniform on [−1, 1],
// y = 1 + Σⱼ (j+1)·xⱼ + noise (a sum of three uniforms, plus 20 for 5% of
// points), and labels drawn from a logistic model. Row i uses the same
// draws, in the same order, as bench_compare.py's make_data (the generator is
// splitmixRand, SplitMix64, which the script implements too).
func benchData(n int) (x [][]float64, y, lab []float64) {
	const k = 5
	uniform := splitmixRand(20261125)
	x = make([][]float64, n)
	y = make([]float64, n)
	lab = make([]float64, n)
	for i := range x {
		x[i] = make([]float64, k)
		y[i] = 1
		eta := 0.5
		for j := range x[i] {
			x[i][j] = 2*uniform() - 1
			y[i] += float64(j+1) * x[i][j]
			if j%2 == 0 {
				eta += x[i][j]
			} else {
				eta -= x[i][j]
			}
		}
		y[i] += 3 * (uniform() + uniform() + uniform() - 1.5)
		if uniform() < 0.05 {
			y[i] += 20
		}
		if uniform() < 1/(1+math.Exp(-eta)) {
			lab[i] = 1
		}
	}
	return x, y, lab
}

// BenchmarkCompare times the fits that testdata/bench_compare.py times with
// statsmodels and scikit-learn, on the same data.
func BenchmarkCompare(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		x, y, lab := benchData(n)
		for _, f := range compareFits(x, y, lab) {
			b.Run(fmt.Sprintf("%s/n=%d", f.name, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := f.run(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// compareFits are the fits that bench_compare.py times in Python too, on the
// data of benchData.
func compareFits(x [][]float64, y, lab []float64) []struct {
	name string
	run  func() (*Result, error)
} {
	h, _ := loss.NewHuber(loss.HuberK95)
	return []struct {
		name string
		run  func() (*Result, error)
	}{
		{"OLS", func() (*Result, error) { return Linear(x, y, loss.Squared{}, nil) }},
		{"HuberMAD", func() (*Result, error) { return Linear(x, y, h, &Options{ScaleMethod: MADScale}) }},
		{"LAD", func() (*Result, error) { return Linear(x, y, loss.Absolute{}, nil) }},
		{"Quantile0.9", func() (*Result, error) { return Linear(x, y, loss.Pinball{Tau: 0.9}, nil) }},
		{"Logistic", func() (*Result, error) { return Logistic(x, lab, loss.Logistic{}, nil) }},
	}
}

// TestBenchData prints the first fits so bench_compare.py's numbers can be
// checked against them (go test -run BenchData -v).
func TestBenchData(t *testing.T) {
	x, y, lab := benchData(1000)
	if x[0][0] < -1 || x[0][0] > 1 || math.IsNaN(y[0]) {
		t.Fatalf("bad data %v %v", x[0], y[0])
	}
	for _, f := range compareFits(x, y, lab) {
		r, err := f.run()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-12s %.10g (%d iterations)", f.name, r.Params(), r.Iterations)
	}
}
