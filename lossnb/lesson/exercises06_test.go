package lesson

import (
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

// Notebook 06, exercise 4 (the smallest batch that can certify 0.830 nats): the answer
// 3 scores 1, the stub 0, and the three anticipated wrong answers (e^0.830 unrounded,
// rounded down to 2, the chart's 512) get their own hints. Catches a hint that misfires
// or a changed mutual information.
func TestExercise06SmallestBatch(t *testing.T) {
	mi, err := GaussianMI(InfoNCERho)
	if err != nil {
		t.Fatal(err)
	}
	want := math.Ceil(math.Exp(mi))
	if want != 3 {
		t.Fatalf("smallest batch = %v, want 3", want)
	}
	run := func(ans float64) (*exercise.Result, string) {
		var r *exercise.Result
		out := checkOut(t, func() {
			r = exercise.PredictScored("b", "ex4", func() float64 { return ans }, want, 0.01, 1)
			PrintHint(r, func(float64) float64 { return ans }, []float64{0}, SmallestBatchMistakes(mi)...)
		})
		return r, out
	}
	r, out := run(3)
	wantScore(t, "solution", r, 1, 1, out)
	r, out = run(0)
	wantScore(t, "stub", r, 0, 1, out)
	if strings.Contains(out, "hint:") {
		t.Errorf("the stub got a hint:\n%s", out)
	}
	for _, m := range SmallestBatchMistakes(mi) {
		r, out := run(m.F(0))
		wantScore(t, "mistake", r, 0, 1, out)
		if !strings.Contains(out, "hint: "+m.Says) {
			t.Errorf("mistake %q not recognised:\n%s", m.Says, out)
		}
	}
}

// DimensionsAbove counts the singular values above a fraction of the largest; an empty
// or zero spectrum uses none. Catches an off-by-one or a count relative to the wrong value.
func TestDimensionsAbove(t *testing.T) {
	for _, c := range []struct {
		s    []float64
		frac float64
		want int
	}{
		{[]float64{2, 1.9, 0.1, 0.001}, 0.06, 2},
		{[]float64{2, 1.9, 0.13, 0.001}, 0.06, 3},
		{nil, 0.06, 0},
		{[]float64{0, 0}, 0.06, 0},
	} {
		if got := DimensionsAbove(c.s, c.frac); got != c.want {
			t.Errorf("DimensionsAbove(%v, %v) = %d, want %d", c.s, c.frac, got, c.want)
		}
	}
}
