package fit

import (
	"fmt"
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// splitmix64 is the generator shared with testdata/bench_compare.py, so
// that the Go benchmarks and the Python timings fit the same data.
type splitmix64 uint64

func (s *splitmix64) next() uint64 {
	*s += 0x9E3779B97F4A7C15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (s *splitmix64) uniform() float64 { return float64(s.next()>>11) * 0x1p-53 }

// benchData returns n points with 5 features uniform on [−1, 1],
// y = 1 + Σⱼ (j+1)·xⱼ + noise (a sum of three uniforms, plus 20 for 5% of
// points), and labels drawn from a logistic model. Row i uses the same
// draws, in the same order, as bench_compare.py's make_data.
func benchData(n int) (x [][]float64, y, lab []float64) {
	const k = 5
	s := splitmix64(20261125)
	x = make([][]float64, n)
	y = make([]float64, n)
	lab = make([]float64, n)
	for i := range x {
		x[i] = make([]float64, k)
		y[i] = 1
		eta := 0.5
		for j := range x[i] {
			x[i][j] = 2*s.uniform() - 1
			y[i] += float64(j+1) * x[i][j]
			if j%2 == 0 {
				eta += x[i][j]
			} else {
				eta -= x[i][j]
			}
		}
		y[i] += 3 * (s.uniform() + s.uniform() + s.uniform() - 1.5)
		if s.uniform() < 0.05 {
			y[i] += 20
		}
		if s.uniform() < 1/(1+math.Exp(-eta)) {
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
