package fit

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// synth returns n points with k features, y = 1 + Σ (j+1)·x_j + heavy-tailed
// noise, from a fixed seed.
func synth(n, k int, seed uint64) ([][]float64, []float64) {
	return points(n, k, seed, func(x []float64, rng *rand.Rand) float64 {
		y := 1.0
		for j, v := range x {
			y += float64(j+1) * v
		}
		e := rng.NormFloat64()
		if rng.Float64() < 0.1 {
			e *= 10
		}
		return y + e
	})
}

// penData returns n points with p features and y = 1 + 2x₀ − x₁ + noise.
func penData(n, p int, seed uint64) ([][]float64, []float64) {
	return points(n, p, seed, func(x []float64, rng *rand.Rand) float64 {
		return 1 + 2*x[0] - x[1] + rng.NormFloat64()
	})
}

// points returns n rows of k standard normal features drawn from seed, each with
// the response resp draws for it (after its features, from the same source).
func points(n, k int, seed uint64, resp func(x []float64, rng *rand.Rand) float64) ([][]float64, []float64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := make([][]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = make([]float64, k)
		for j := range x[i] {
			x[i][j] = rng.NormFloat64()
		}
		y[i] = resp(x[i], rng)
	}
	return x, y
}

// classes returns the 0/1 labels 1[y > 1] of responses y (synth's are centred on 1).
func classes(y []float64) []float64 {
	lab := make([]float64, len(y))
	for i, v := range y {
		if v > 1 {
			lab[i] = 1
		}
	}
	return lab
}

// replicate returns the data set with point i repeated int(w[i]) times.
func replicate(x [][]float64, y, w []float64) ([][]float64, []float64) {
	var xr [][]float64
	var yr []float64
	for i := range y {
		for k := 0; k < int(w[i]); k++ {
			xr, yr = append(xr, x[i]), append(yr, y[i])
		}
	}
	return xr, yr
}

// near fails unless got and want are finite and equal within abs or rel tol.
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.IsNaN(want) || math.IsInf(got, 0) || math.IsInf(want, 0) {
		t.Errorf("%s: got %v, want %v (non-finite)", what, got, want)
		return
	}
	if !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
		t.Errorf("%s: got %.15g, want %.15g (tol %g)", what, got, want, tol)
	}
}

func nearSlice(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", what, len(got), len(want))
	}
	for i := range got {
		near(t, what+"["+itoa(i)+"]", got[i], want[i], tol)
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// relErr is |got − want| / max(|want|, 1e-300), NaN-safe (NaN → +Inf).
func relErr(got, want float64) float64 {
	e := math.Abs(got-want) / math.Max(math.Abs(want), 1e-300)
	if math.IsNaN(e) {
		return math.Inf(1)
	}
	return e
}
