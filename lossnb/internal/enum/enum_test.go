package enum

import "testing"

// Catches an off-by-one between a value and its name (a first constant that is not
// 0) and a missing fallback for values with no name.
func TestName(t *testing.T) {
	names := []string{"A", "B"}
	for _, c := range []struct {
		first, v int
		want     string
	}{{0, 0, "A"}, {0, 1, "B"}, {0, 2, "T(2)"}, {0, -1, "T(-1)"}, {1, 1, "A"}, {1, 2, "B"}, {1, 0, "T(0)"}, {1, 3, "T(3)"}} {
		if got := Name(names, c.first, "T", c.v); got != c.want {
			t.Errorf("Name(first %d, %d) = %q, want %q", c.first, c.v, got, c.want)
		}
	}
}
