package ranking

import (
	"slices"
	"testing"
)

// Would catch a Without that changes its input (the exercise's shared points) or
// keeps the kink.
func TestWithout(t *testing.T) {
	xs := []float64{-1, 1, 0.5, 1, 2}
	got := Without(xs, 1)
	if !slices.Equal(got, []float64{-1, 0.5, 2}) || !slices.Equal(xs, []float64{-1, 1, 0.5, 1, 2}) {
		t.Fatalf("Without = %v, input now %v", got, xs)
	}
}
