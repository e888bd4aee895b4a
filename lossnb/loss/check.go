package loss

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/lossnb/lossnb/lossnb/internal/argcheck"
)

// check collects the first input error of one call. All argument
// validation in the package goes through it, so every message has the same
// shape: "loss.<Func>: <argument> <problem>". The shared part (Fail, OK,
// Finite) is argcheck.Check's, as in package fit.
type check struct{ argcheck.Check }

// newCheck starts the checks of loss.<fn>.
func newCheck(fn string) check { return check{argcheck.Check{Pkg: "loss", Fn: fn}} }

// nonEmpty requires n > 0.
func (c *check) nonEmpty(n int) {
	if c.Err == nil && n == 0 {
		c.Fail("empty input")
	}
}

// sameLen requires two slices of equal length.
func (c *check) sameLen(aName string, a int, bName string, b int) {
	if c.Err == nil && a != b {
		c.Fail("len(%s) = %d, len(%s) = %d", aName, a, bName, b)
	}
}

// lenIs requires len(name) == want.
func (c *check) lenIs(name string, got, want int) {
	if c.Err == nil && got != want {
		c.Fail("len(%s) = %d, want %d", name, got, want)
	}
}

// inRange requires every element of x to be finite and in [lo, hi].
func (c *check) inRange(name string, x []float64, lo, hi float64) {
	if c.Err != nil {
		return
	}
	for i, v := range x {
		if !(v >= lo && v <= hi) {
			if c.FiniteVal(name, i, v) {
				c.Fail("%s[%d] = %v, want a value in [%v, %v]", name, i, v, lo, hi)
			}
			return
		}
	}
}

// logProb requires every (finite) element of x to be ≤ 0, a
// log-probability: above 0 the loss turns negative.
func (c *check) logProb(name string, x []float64) {
	if c.Err != nil {
		return
	}
	for i, v := range x {
		if v > 0 {
			c.Fail("%s[%d] = %v, want a value ≤ 0 (a log-probability)", name, i, v)
			return
		}
	}
}

// nonNeg requires every element of x to be finite and ≥ 0.
func (c *check) nonNeg(name string, x []float64) { c.notBelowZero(name, x, false) }

// positive requires every element of x to be finite and > 0.
func (c *check) positive(name string, x []float64) { c.notBelowZero(name, x, true) }

// notBelowZero requires every element of x to be finite and ≥ 0, or > 0 if strict.
func (c *check) notBelowZero(name string, x []float64, strict bool) {
	if c.Err != nil {
		return
	}
	for i, v := range x {
		if !(v > 0 || v == 0 && !strict) || math.IsInf(v, 1) {
			if c.FiniteVal(name, i, v) {
				c.Fail("%s[%d] = %v, want a value %s 0", name, i, v, relation(strict))
			}
			return
		}
	}
}

// relation returns ">" if strict, "≥" if not.
func relation(strict bool) string {
	if strict {
		return ">"
	}
	return "≥"
}

// signs requires every element of y to be −1 or +1.
func (c *check) signs(name string, y []float64) {
	if c.Err != nil {
		return
	}
	for i, v := range y {
		if v != 1 && v != -1 {
			c.Fail("%s[%d] = %v, want -1 or +1", name, i, v)
			return
		}
	}
}

// classes requires every label to be in [0, k).
func (c *check) classes(name string, labels []int, k int) {
	if c.Err != nil {
		return
	}
	for i, v := range labels {
		if v < 0 || v >= k {
			c.Fail("%s[%d] = %d, want a class in [0, %d)", name, i, v, k)
			return
		}
	}
}

// scalarPositive requires a finite v > 0.
func (c *check) scalarPositive(name string, v float64) { c.scalarNotBelowZero(name, v, true) }

// scalarNonNeg requires a finite v ≥ 0.
func (c *check) scalarNonNeg(name string, v float64) { c.scalarNotBelowZero(name, v, false) }

// scalarNotBelowZero requires a finite v ≥ 0, or > 0 if strict.
func (c *check) scalarNotBelowZero(name string, v float64, strict bool) {
	if c.Err != nil {
		return
	}
	switch {
	case math.IsInf(v, 1):
		c.Fail("%s = %v, want a finite value %s 0", name, v, relation(strict))
	case !(v > 0 || v == 0 && !strict):
		c.Fail("%s = %v, want %s 0", name, v, relation(strict))
	}
}

// scalarFinite requires a finite v.
func (c *check) scalarFinite(name string, v float64) {
	if c.Err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
		c.Fail("%s = %v, want a finite value", name, v)
	}
}

// scalarOpen requires lo < v < hi.
func (c *check) scalarOpen(name string, v, lo, hi float64) {
	if c.Err == nil && !(v > lo && v < hi) {
		c.Fail("%s = %v, want a value in (%v, %v)", name, v, lo, hi)
	}
}

// scalarClosed requires lo ≤ v ≤ hi.
func (c *check) scalarClosed(name string, v, lo, hi float64) {
	if c.Err == nil && !(v >= lo && v <= hi) {
		c.Fail("%s = %v, want a value in [%v, %v]", name, v, lo, hi)
	}
}

// width requires k ≥ 1 and n a multiple of k; it names the width argument.
func (c *check) width(kName string, k int, sName string, n int) {
	if c.Err != nil {
		return
	}
	if k < 1 {
		c.Fail("%s = %d, want ≥ 1", kName, k)
		return
	}
	if n%k != 0 {
		c.Fail("len(%s) = %d, not a multiple of %s = %d", sName, n, kName, k)
	}
}

// rows checks that x (called name) holds N > 0 rows of k ≥ 1 values and returns N,
// or 0 when k is not a valid width (an error is then recorded).
func (c *check) rows(k int, name string, x []float64) int {
	c.width("k", k, name, len(x))
	if c.Err != nil {
		return 0
	}
	n := len(x) / k
	c.nonEmpty(n)
	return n
}

// perRow requires one value per row: len(name) = got, n rows of the slice of.
func (c *check) perRow(name string, got, n int, of string) {
	if c.Err == nil && got != n {
		c.Fail("len(%s) = %d, want %d (= len(%s)/k)", name, got, n, of)
	}
}

// dsts requires elems (when not nil) to have nElems values and grad (when not nil)
// nGrad: the outputs of an XElems or XGrad call, both named dst.
func (c *check) dsts(elems []float64, nElems int, grad []float64, nGrad int) {
	if elems != nil {
		c.dstLen("dst", len(elems), nElems)
	}
	if grad != nil {
		c.dstLen("dst", len(grad), nGrad)
	}
}

// denom checks red for a reduced call of c.Fn (elems == nil: Mean or Sum, see
// reduction) and returns what the sum of n terms is divided by: n for Mean, 1
// for Sum and for per-element values (elems != nil).
func (c *check) denom(red Reduction, n int, elems []float64) float64 {
	if elems != nil {
		return 1
	}
	c.reduction(red, c.Fn+"Elems")
	return red.denom(float64(n))
}

// reduction requires Mean or Sum. elems names the per-element variant to
// suggest for None ("" if there is none).
func (c *check) reduction(red Reduction, elems string) {
	if c.Err != nil || red == Mean || red == Sum {
		return
	}
	// Called from XGrad or XTargetGrad, the per-element variant is XElems.
	for _, suf := range []string{"TargetGradElems", "GradElems"} {
		if strings.HasSuffix(elems, suf) {
			elems = strings.TrimSuffix(elems, suf) + "Elems"
		}
	}
	if red == None {
		if elems != "" {
			c.Fail("reduction = None, want Mean or Sum (per-element values: loss.%s)", elems)
		} else {
			c.Fail("reduction = None, want Mean or Sum")
		}
		return
	}
	c.Fail("reduction = %v, want Mean or Sum", red)
}

// weights checks an optional weight slice: nil, or length n (broadcast ==
// false); nil, or a length that divides n (broadcast == true, PyTorch's
// broadcasting over the last axis of a row-major [N, C] batch). Elements
// must be finite and ≥ 0.
func (c *check) weights(name string, w []float64, n int, broadcast bool) {
	if c.Err != nil || len(w) == 0 {
		return
	}
	if broadcast {
		if n%len(w) != 0 {
			c.Fail("len(%s) = %d, want 0, 1 or a divisor of %d", name, len(w), n)
			return
		}
	} else if len(w) != n {
		c.Fail("len(%s) = %d, want 0 or %d", name, len(w), n)
		return
	}
	c.nonNeg(name, w)
}

// dstLen requires len(dst) == n.
func (c *check) dstLen(name string, got, n int) {
	if c.Err == nil && got != n {
		c.Fail("len(%s) = %d, want %d", name, got, n)
	}
}

// nilIfEmpty returns nil for an empty optional slice, so that "no weights"
// has one representation after validation.
func nilIfEmpty(w []float64) []float64 {
	if len(w) == 0 {
		return nil
	}
	return w
}

// loss requires a non-nil loss whose parameters its constructor accepts.
func (c *check) loss(l any) {
	if c.Err != nil {
		return
	}
	if l == nil {
		c.Fail("l is nil")
		return
	}
	if msg := badParams(l); msg != "" {
		c.Fail("l = %s", msg)
	}
}

// badParams describes what is wrong with the parameters of a loss of this
// package, or returns "" when they are valid (or l is not one of ours).
// It asks the constructor, so the rule lives in one place.
func badParams(l any) string {
	v := reflect.ValueOf(l)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return fmt.Sprintf("a nil %T", l)
		}
		l = v.Elem().Interface()
	}
	var err error
	switch p := l.(type) {
	case Huber:
		_, err = NewHuber(p.Delta)
	case SmoothL1:
		_, err = NewSmoothL1(p.Beta)
	case Pinball:
		_, err = NewPinball(p.Tau)
	case EpsInsensitive:
		_, err = NewEpsInsensitive(p.Eps)
	case Tukey:
		_, err = NewTukey(p.C)
	case Cauchy:
		_, err = NewCauchy(p.C)
	case Barron:
		_, err = NewBarron(p.Alpha, p.C)
	}
	if err == nil {
		return ""
	}
	ctor, body, _ := strings.Cut(err.Error(), ": ")
	return fmt.Sprintf("%T%+v: %s (build it with %s)", l, l, body, ctor)
}

// Validate returns an error if l is nil, or one of this package's losses
// built as a struct literal with a parameter its constructor refuses
// (Huber{Delta: -1}, Pinball{Tau: 1.5}, the zero value Huber{}), and nil
// otherwise (losses defined elsewhere are not checked). The generic slice
// functions ([Reduce], [Grad], [Elems]) and the fit package call it, so such
// a literal gives an error instead of a wrong number:
//
//	loss.Validate: l = loss.Huber{Delta:-1}: delta = -1, want > 0 (build it with loss.NewHuber)
func Validate(l any) error {
	c := newCheck("Validate")
	c.loss(l)
	return c.Err
}
