package argcheck

import (
	"errors"
	"math"
	"testing"
)

// TestCheck: the first failure is kept with its "pkg.Fn: " prefix, a wrapped
// sentinel is found by errors.Is, and Finite names the first non-finite element
// past the four-way unrolled loop; a check that overwrote the first error, lost
// the sentinel or missed an element in the remainder loop would fail.
func TestCheck(t *testing.T) {
	c := Check{Pkg: "loss", Fn: "Huber"}
	if !c.OK() {
		t.Fatal("a new Check is not OK")
	}
	c.Finite("pred", []float64{1, 2, 3, 4, 5, math.Inf(-1)})
	c.Fail("second")
	if c.OK() || c.Err.Error() != "loss.Huber: pred[5] is -Inf" {
		t.Errorf("got %v", c.Err)
	}
	sentinel := errors.New("singular design")
	w := Check{Pkg: "fit", Fn: "Linear"}
	w.Wrap(sentinel, "rank %d of %d", 1, 2)
	if !errors.Is(w.Err, sentinel) || w.Err.Error() != "fit.Linear: singular design: rank 1 of 2" {
		t.Errorf("got %v", w.Err)
	}
	for _, x := range [][]float64{{math.NaN()}, {0, 0, 0, 0, math.Inf(1)}} {
		if AllFinite(x) {
			t.Errorf("AllFinite(%v) = true", x)
		}
	}
	if !AllFinite([]float64{1, -2, 3e300, 0, 5}) {
		t.Error("AllFinite of finite values = false")
	}
}
