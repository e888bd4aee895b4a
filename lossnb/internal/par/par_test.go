package par

import (
	"sync/atomic"
	"testing"
)

// TestDo catches a runner that skips or repeats an index, or returns before the
// calls have finished (the sum would be short when read).
func TestDo(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7} {
		counts := make([]int32, n)
		var total atomic.Int64
		Do(n, func(i int) {
			atomic.AddInt32(&counts[i], 1)
			total.Add(int64(i))
		})
		for i, c := range counts {
			if c != 1 {
				t.Errorf("n = %d: f(%d) called %d times, want once", n, i, c)
			}
		}
		if want := int64(n * (n - 1) / 2); total.Load() != want {
			t.Errorf("n = %d: sum of indices %d after Do returned, want %d", n, total.Load(), want)
		}
	}
}
