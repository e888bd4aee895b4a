package exercise

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/loss"
)

var breakMean = Break{Breaks: Mean, Holds: Median, MinMove: 10}

// TestCheckBreak: the stub scores 0, a right answer 3/3, and the three
// anticipated slips get their own words: two points moved, the middle point
// moved (the median moves), a point moved too little (the mean moves by d/n).
func TestCheckBreak(t *testing.T) {
	base := []float64{1, 2, 3, 4, 5}
	with := func(i int, v float64) []float64 { y := append([]float64(nil), base...); y[i] = v; return y }
	for _, tc := range []struct {
		name          string
		before, after []float64
		points        int
		want          string
	}{
		{"stub", nil, nil, 0, "✗ no data yet"},
		{"right", base, with(4, 100), 3, "✓ the mean moves by 19.0 (from 3.0 to 22.0), more than 10.0"},
		{"two moved", base, []float64{1, 2, 3, 60, 60}, 0, "✗ before and after differ in 2 points (at [3 4]): move at most 1 point"},
		{"middle moved", base, with(2, 100), 2, "✗ the median moves too, from 3.0 to 4.0: the point you moved was the middle one or crossed it"},
		{"too little", base, with(4, 30), 2, "✗ the mean moves by only 5.0 (from 3.0 to 8.0), want more than 10.0: moving one of n points by d moves the mean by d/n"},
		{"added a point", base, append(base, 100), 0, "before has 5 points, after 6: move a point, do not add or remove one"},
	} {
		var r *Result
		out := capture(t, func() {
			r = CheckBreak("break", "Break the mean", func() ([]float64, []float64) { return tc.before, tc.after }, breakMean)
		})
		if r.Points != tc.points || r.Max != 3 || !strings.Contains(out, tc.want) {
			t.Errorf("%s: %d/%d, want %d/3 and %q\n%s", tc.name, r.Points, r.Max, tc.points, tc.want, out)
		}
	}
}

// TestCheckDerivative: Cauchy's ψ(r) = r/(1 + r²) written any right way
// scores 3/3; the stub 0; the anticipated slips: a factor 2 (the chain rule
// of log(1 + r²) done twice), the sign flipped, the loss returned instead of
// its slope, each named.
func TestCheckDerivative(t *testing.T) {
	f := loss.Cauchy{C: 1}.Value
	p := Slope{Odd: true, Bound: 0.5, ZeroAtZero: true}
	for _, tc := range []struct {
		name   string
		g      Func
		points int
		want   string
	}{
		{"right", func(r float64) float64 { return r / (1 + r*r) }, 3, "✓ your gradient is the slope of f at all 41 points"},
		// sin θ cos θ with θ = atan r is r/(1 + r²) written another way.
		{"right, other form", func(r float64) float64 { return math.Sin(math.Atan(r)) * math.Cos(math.Atan(r)) }, 3, "✓ your gradient"},
		{"panics at 0", func(r float64) float64 {
			if r == 0 {
				panic("division by zero")
			}
			return 1 / (r + 1/r)
		}, 0, "your gradient panicked: division by zero at x = 0.0"},
		{"stub", func(float64) float64 { return 0 }, 0, "is it written yet?"},
		{"factor 2", func(r float64) float64 { return 2 * r / (1 + r*r) }, 0, "off by a factor of 2.0 wherever it is wrong"},
		{"sign", func(r float64) float64 { return -r / (1 + r*r) }, 1, "the sign is flipped wherever it is wrong"},
		{"the loss itself", f, 0, "it returns f itself, not its slope"},
	} {
		g := tc.g
		var r *Result
		out := capture(t, func() { r = CheckDerivative("d", "Cauchy's ψ", g, f, p, nil) })
		if r.Points != tc.points || r.Max != 3 || !strings.Contains(out, tc.want) {
			t.Errorf("%s: %d/%d, want %d/3 and %q\n%s", tc.name, r.Points, r.Max, tc.points, tc.want, out)
		}
	}
}

// stockData: demand rising with x, with right-skewed noise (so the 75%
// quantile line lies well above the least-squares line).
func stockData(n int, seed uint64) (xs, ys []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	for range n {
		x := 10 * rng.Float64()
		xs = append(xs, x)
		ys = append(ys, 20+3*x+8*rng.ExpFloat64())
	}
	return xs, ys
}

func quantileFit(tau float64) CostFit {
	return func(xs, ys []float64) (float64, float64) {
		x := make([][]float64, len(xs))
		for i, v := range xs {
			x[i] = []float64{v}
		}
		res, err := fit.Linear(x, ys, loss.Pinball{Tau: tau}, nil)
		if err != nil {
			panic(err)
		}
		return res.Intercept, res.Coef[0]
	}
}

// TestCheckCostFit: under-stocking costs 3 a unit, over-stocking 1; the
// 0.75-quantile line is best. The stub scores 0, the solution 3/3, and the
// anticipated slips: least squares (the costs ignored), the sides swapped
// (τ = 0.25), the median (τ = 0.5: on this right-skewed demand, it costs
// more than least squares, and the share above it says why).
func TestCheckCostFit(t *testing.T) {
	trX, trY := stockData(300, 1)
	teX, teY := stockData(300, 2)
	b := Business{
		Cost: func(y, pred float64) float64 {
			if y > pred {
				return 3 * (y - pred)
			}
			return pred - y
		},
		TrainX: trX, TrainY: trY, TestX: teX, TestY: teY, Ref: quantileFit(0.75),
	}
	ls := func(xs, ys []float64) (float64, float64) { return quantileFitLS(xs, ys) }
	for _, tc := range []struct {
		name   string
		fit    CostFit
		points int
		want   string
	}{
		{"stub", func([]float64, []float64) (float64, float64) { return 0, 0 }, 0, "is it written yet?"},
		{"right", quantileFit(0.75), 3, "✓ your line's mean held-out cost is"},
		{"least squares", ls, 0, "your line is the least-squares line"},
		{"swapped", quantileFit(0.25), 0, "are the costs of the two sides swapped?"},
		{"median", quantileFit(0.5), 0, "compare the ratio of the two costs with that share"},
	} {
		for _, ref := range []CostFit{b.Ref, nil} {
			// With Ref nil the check finds the best line itself: the same verdicts.
			b := b
			b.Ref = ref
			var r *Result
			out := capture(t, func() { r = CheckCostFit("stock", "Stocking", tc.fit, b) })
			if r.Points != tc.points || r.Max != 3 || !strings.Contains(out, tc.want) {
				t.Errorf("%s (ref %v): %d/%d, want %d/3 and %q\n%s", tc.name, ref != nil, r.Points, r.Max, tc.points, tc.want, out)
			}
		}
	}
}

func quantileFitLS(xs, ys []float64) (float64, float64) {
	// Least squares by the normal equations, written out (not the check's
	// own stat.LinearRegression), so the check recognises it by value.
	n := float64(len(xs))
	var sx, sy, sxx, sxy float64
	for i, x := range xs {
		sx, sy, sxx, sxy = sx+x, sy+ys[i], sxx+x*x, sxy+x*ys[i]
	}
	b := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	return (sy - b*sx) / n, b
}

// TestBestLine: with no reference, the check's own minimiser of the
// training cost finds the 0.75-quantile line's cost (a Nelder–Mead stuck at
// the least-squares start would fail).
func TestBestLine(t *testing.T) {
	xs, ys := stockData(300, 1)
	cost := func(y, pred float64) float64 { return math.Max(3*(y-pred), pred-y) }
	la, lb := quantileFitLS(xs, ys)
	a, b := bestLine(cost, xs, ys, la, lb)
	qa, qb := quantileFit(0.75)(xs, ys)
	mean := func(a, b float64) float64 {
		s := 0.0
		for i, x := range xs {
			s += cost(ys[i], a+b*x)
		}
		return s / float64(len(xs))
	}
	if got, want := mean(a, b), mean(qa, qb); got > want*(1+1e-4) {
		t.Errorf("bestLine's training cost %v, the 0.75-quantile line's %v", got, want)
	}
}

// TestCheckDerivativeTukey: Tukey's ψ(r) = r(1 − (r/c)²)² inside c and 0
// beyond passes, with ZeroBeyond; the anticipated slips: forgetting the
// "0 beyond c" branch (slope and property fail), a lost factor (the 6/c²
// of ρ's prefactor kept: c²/6 · 6r/c² … done wrong as r(1 − u²)²·6/c²),
// the sign. A check that let the unbranched polynomial pass would fail here.
func TestCheckDerivativeTukey(t *testing.T) {
	const c = 4.685
	f := loss.Tukey{C: c}.Value
	p := Slope{Odd: true, ZeroAtZero: true, ZeroBeyond: c}
	in := func(r float64) float64 { u := r / c; return r * (1 - u*u) * (1 - u*u) }
	right := func(r float64) float64 {
		if math.Abs(r) > c {
			return 0
		}
		return in(r)
	}
	for _, tc := range []struct {
		name   string
		g      Func
		points int
		want   string
	}{
		{"right", right, 3, "✓ properties: g(−x) = −g(x), g(0) = 0, g = 0 beyond ±4.685"},
		{"no branch", in, 0, "want 0 beyond 4.685"},
		{"factor", func(r float64) float64 { return 6 / (c * c) * right(r) }, 1, "off by a factor of 0.273"},
		{"sign", func(r float64) float64 { return -right(r) }, 1, "the sign is flipped"},
	} {
		var r *Result
		out := capture(t, func() {
			r = CheckDerivative("d", "Tukey's ψ", tc.g, f, p, &Options{Points: []float64{-7, -4.685, -3, -1, 0, 0.5, 2, 4.685, 6}})
		})
		if r.Points != tc.points || !strings.Contains(out, tc.want) {
			t.Errorf("%s: %d/%d, want %d and %q\n%s", tc.name, r.Points, r.Max, tc.points, tc.want, out)
		}
	}
}
