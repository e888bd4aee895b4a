package exercise

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
)

// Func is a real function of one real variable: a loss of the residual
// (or of the margin), or its derivative.
type Func = func(float64) float64

// Reference is the loss a student's answer is compared with. Every
// loss.Regression and loss.Margin is one.
type Reference interface {
	Value(x float64) float64
	Deriv(x float64) float64
}

// Options tune a check. The zero value (or nil) is the default.
type Options struct {
	// Points are where the student's function is compared with the
	// reference. Nil for the default grid, −5 to 5 in steps of 0.25 (41
	// points).
	Points []float64
	// Tol is the absolute-or-relative tolerance of the comparisons with
	// the reference (scalar.EqualWithinAbsOrRel); 0 for 1e-9.
	Tol float64
	// FDTol is the tolerance of the finite-difference comparison; 0 for 1e-5.
	FDTol float64
	// Timeout bounds the time the student's code may take in the whole
	// check; 0 for DefaultTimeout.
	Timeout time.Duration
	// Var names the variable in messages: "residual" (the default of
	// CheckRegressionLoss) or "margin" (of CheckMarginLoss).
	Var string
}

func (o *Options) orDefault(v string) Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Points == nil {
		c.Points = DefaultPoints()
	}
	if c.Tol == 0 {
		c.Tol = 1e-9
	}
	if c.FDTol == 0 {
		c.FDTol = 1e-5
	}
	if c.Var == "" {
		c.Var = v
	}
	return c
}

// DefaultPoints returns the default grid, −5 to 5 in steps of 0.25.
func DefaultPoints() []float64 {
	xs := make([]float64, 41)
	for i := range xs {
		xs[i] = -5 + 0.25*float64(i)
	}
	return xs
}

// fdStep is the step of the central difference, relative to max(1, |x|):
// about the cube root of the machine epsilon, which balances truncation
// and rounding.
const fdStep = 6e-6

func step(h, x float64) float64 { return h * math.Max(1, math.Abs(x)) }

// CheckRegressionLoss checks a student's loss value ρ(r) and gradient
// ψ(r) = ρ'(r) against ref at opts.Points. It has four criteria, one point
// each:
//
//  1. the value equals ref.Value at every point;
//  2. the gradient equals ref.Deriv at every point (where ref has a kink,
//     any value between its one-sided slopes is accepted);
//  3. the gradient equals the slope of the student's own value, by
//     central finite differences (gonum's diff/fd), at every point where
//     ref is differentiable;
//  4. the properties ref has among ρ(r) ≥ 0 and ρ(−r) = ρ(r) hold.
//
// It prints the verdict (see the package documentation) and returns it.
func CheckRegressionLoss(id, title string, value, grad Func, ref Reference, opts *Options) *Result {
	if why := firstProblem(checkRef(ref), checkOptions(opts)); why != "" {
		return refuse(&Result{ID: id, Title: title}, "CheckRegressionLoss", why)
	}
	return checkLoss(id, title, value, grad, ref, opts.orDefault("residual"))
}

func checkRef(ref Reference) string {
	if ref == nil {
		return "ref is nil, want the reference loss (e.g. loss.Huber{Delta: 1})"
	}
	return ""
}

// CheckMarginLoss is CheckRegressionLoss for a margin loss φ(m) and its
// derivative φ'(m): messages speak of margins.
func CheckMarginLoss(id, title string, value, grad Func, ref Reference, opts *Options) *Result {
	if why := firstProblem(checkRef(ref), checkOptions(opts)); why != "" {
		return refuse(&Result{ID: id, Title: title}, "CheckMarginLoss", why)
	}
	return checkLoss(id, title, value, grad, ref, opts.orDefault("margin"))
}

// CheckFunc checks one function against a reference function at
// opts.Points: one criterion, one point. Use it for a loss value alone or a
// gradient alone.
func CheckFunc(id, title string, got, want Func, opts *Options) *Result {
	o := opts.orDefault("x")
	r := &Result{ID: id, Title: title}
	if want == nil {
		return refuse(r, "CheckFunc", "want is nil, want the reference function")
	}
	if why := checkOptions(opts); why != "" {
		return refuse(r, "CheckFunc", why)
	}
	g := newGuard("your function", got, o.Timeout)
	defer g.close()
	ys, fail := evaluate(g, o.Points, o.Var)
	ok, msg := compare("value", ys, fail, o.Points, want, nil, o)
	r.add(ok, 1, "%s", msg)
	return report(r)
}

func checkLoss(id, title string, value, grad Func, ref Reference, o Options) *Result {
	r := &Result{ID: id, Title: title}
	gv := newGuard("your loss", value, o.Timeout)
	gg := newGuard("your gradient", grad, o.Timeout)
	defer gv.close()
	defer gg.close()
	xs := o.Points

	// 1. Value.
	vs, vfail := evaluate(gv, xs, o.Var)
	ok, msg := compare("value", vs, vfail, xs, ref.Value, nil, o)
	r.add(ok, 1, "%s", msg)

	// 2. Gradient, accepting any subgradient where ref has a kink.
	gs, gfail := evaluate(gg, xs, o.Var)
	kinks := make([]bool, len(xs))
	lo, hi := make([]float64, len(xs)), make([]float64, len(xs))
	for i, x := range xs {
		lo[i], hi[i] = oneSided(ref.Value, x)
		kinks[i] = !scalar.EqualWithinAbsOrRel(lo[i], hi[i], 1e-4, 1e-4)
	}
	accept := func(i int, got float64) bool {
		if !kinks[i] {
			return false
		}
		a, b := math.Min(lo[i], hi[i]), math.Max(lo[i], hi[i])
		return got >= a-1e-6 && got <= b+1e-6
	}
	ok, msg = compare("gradient", gs, gfail, xs, ref.Deriv, accept, o)
	r.add(ok, 1, "%s", msg)

	// 3. Gradient against the slope of the student's own loss. A constant
	// loss and gradient (a stub returning 0) would pass: they earn nothing.
	cv, cg := constant(vs, vfail), constant(gs, gfail)
	if cv && cg {
		r.add(false, 1, "gradient against the slope of your loss: not checked, your loss is %s and your gradient %s at every %s (are they written yet?)",
			num(vs[0]), num(gs[0]), o.Var)
	} else {
		ok, msg = checkSlope(gv, gs, gfail, xs, kinks, o)
		r.add(ok, 1, "%s", msg)
	}

	// 4. Properties of the value, those that the reference has.
	if cv {
		r.add(false, 1, "properties: not checked, your loss is %s at every %s (is it written yet?)", num(vs[0]), o.Var)
	} else {
		ok, msg = checkProperties(gv, ref, xs, o)
		r.add(ok, 1, "%s", msg)
	}
	return report(r)
}

// evaluate calls f at every point, in the order of order(xs), stopping at
// the first failure.
func evaluate(g *guard[float64, float64], xs []float64, v string) ([]float64, *failure) {
	ys := make([]float64, len(xs))
	for _, i := range order(xs) {
		y, f := g.call(xs[i], v+" = "+num(xs[i]))
		if f != nil {
			return nil, f
		}
		ys[i] = y
	}
	return ys, nil
}

// constant says whether ys holds one value only (and at least two points).
func constant(ys []float64, fail *failure) bool {
	if fail != nil || len(ys) < 2 {
		return false
	}
	for _, y := range ys {
		if y != ys[0] {
			return false
		}
	}
	return true
}

// order lists indices of xs by increasing |x|, positive first, so that the
// first mistake reported is at the simplest point.
func order(xs []float64) []int {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		xa, xb := xs[idx[a]], xs[idx[b]]
		if math.Abs(xa) != math.Abs(xb) {
			return math.Abs(xa) < math.Abs(xb)
		}
		return xa > xb
	})
	return idx
}

// compare checks ys against want at xs and says where they differ.
// accept, if not nil, may accept a value that differs from want.
func compare(what string, ys []float64, fail *failure, xs []float64, want Func, accept func(int, float64) bool, o Options) (bool, string) {
	if fail != nil {
		return false, fmt.Sprintf("%s: %s", what, fail.failedAs(whose(what)))
	}
	var wrong []int
	for _, i := range order(xs) {
		w := want(xs[i])
		if scalar.EqualWithinAbsOrRel(ys[i], w, o.Tol, o.Tol) || (accept != nil && accept(i, ys[i])) {
			continue
		}
		wrong = append(wrong, i)
	}
	if len(wrong) == 0 {
		return true, fmt.Sprintf("%s right at all %s", what, varCount(len(xs), o.Var))
	}
	i := wrong[0]
	msg := fmt.Sprintf("%s wrong at %s = %s: got %s, want %s", what, o.Var, num(xs[i]), num(ys[i]), num(want(xs[i])))
	if len(wrong) > 1 {
		msg += fmt.Sprintf(" (wrong at %d of %s)", len(wrong), varCount(len(xs), o.Var))
	}
	if hint := hintFor(wrong, xs, ys, want); hint != "" {
		msg += "; " + hint
	}
	return false, msg
}

func whose(what string) string {
	switch what {
	case "value":
		return "your loss"
	case "gradient":
		return "your gradient"
	}
	return "your function"
}

func (f *failure) failedAs(who string) string {
	return fmt.Sprintf("%s %s at %s", who, f.msg, f.at)
}

// hintFor names a pattern common to all the wrong values: a wrong sign or
// a constant factor.
func hintFor(wrong []int, xs, ys []float64, want Func) string {
	if len(wrong) < 2 {
		return ""
	}
	ratio := math.NaN()
	for _, i := range wrong {
		w := want(xs[i])
		if w == 0 || math.IsNaN(ys[i]) || math.IsInf(ys[i], 0) {
			return ""
		}
		q := ys[i] / w
		if math.IsNaN(ratio) {
			ratio = q
		} else if !scalar.EqualWithinAbsOrRel(q, ratio, 1e-9, 1e-9) {
			return ""
		}
	}
	switch {
	case scalar.EqualWithinAbsOrRel(ratio, -1, 1e-9, 1e-9):
		return "the sign is flipped wherever it is wrong"
	case ratio != 0:
		return "off by a factor of " + num(ratio) + " wherever it is wrong"
	}
	return ""
}

// oneSided returns the left and right slopes of f at x, by one-sided
// finite differences.
func oneSided(f Func, x float64) (left, right float64) {
	h := step(1e-7, x)
	left = fd.Derivative(f, x, &fd.Settings{Formula: fd.Backward, Step: h})
	right = fd.Derivative(f, x, &fd.Settings{Formula: fd.Forward, Step: h})
	return left, right
}

// checkSlope compares the student's gradient with central differences of
// the student's own value, skipping the reference's kinks.
func checkSlope(gv *guard[float64, float64], gs []float64, gfail *failure, xs []float64, kinks []bool, o Options) (bool, string) {
	const what = "gradient against the slope of your own loss (finite differences)"
	if gfail != nil {
		return false, what + ": not checked, " + gfail.failedAs("your gradient")
	}
	var fail *failure
	var at float64
	value := func(x float64) float64 {
		if fail != nil {
			return math.NaN()
		}
		y, f := gv.call(x, o.Var+" = "+num(at))
		if f != nil {
			fail = f
			return math.NaN()
		}
		return y
	}
	n := 0
	for _, i := range order(xs) {
		if kinks[i] {
			continue
		}
		at = xs[i]
		slope := fd.Derivative(value, xs[i], &fd.Settings{Formula: fd.Central, Step: step(fdStep, xs[i])})
		if fail != nil {
			return false, what + ": not checked, " + fail.failedAs("your loss")
		}
		n++
		if math.IsNaN(slope) || math.IsInf(slope, 0) || !scalar.EqualWithinAbsOrRel(gs[i], slope, o.FDTol, o.FDTol) {
			return false, fmt.Sprintf("your gradient is not the slope of your loss at %s = %s: gradient %s, slope %s",
				o.Var, num(xs[i]), num(gs[i]), num(slope))
		}
	}
	return true, fmt.Sprintf("gradient is the slope of your own loss at all %s (finite differences)", varCount(n, o.Var))
}

// checkProperties checks ρ ≥ 0 and symmetry, each only if ref has it.
func checkProperties(gv *guard[float64, float64], ref Reference, xs []float64, o Options) (bool, string) {
	nonneg, symmetric := true, true
	for _, x := range xs {
		v := ref.Value(x)
		nonneg = nonneg && v >= 0
		symmetric = symmetric && scalar.EqualWithinAbsOrRel(v, ref.Value(-x), 1e-12, 1e-12)
	}
	v := o.Var[:1]
	var names []string
	if nonneg {
		names = append(names, "ρ("+v+") ≥ 0")
	}
	if symmetric {
		names = append(names, "ρ(−"+v+") = ρ("+v+")")
	}
	if len(names) == 0 {
		return true, "properties: none to check"
	}
	for _, i := range order(xs) {
		x := xs[i]
		at := o.Var + " = " + num(x)
		y, f := gv.call(x, at)
		if f != nil {
			return false, "properties: " + f.failedAs("your loss")
		}
		if math.IsNaN(y) {
			return false, fmt.Sprintf("your loss is NaN at %s", at)
		}
		if nonneg && !(y >= 0) {
			return false, fmt.Sprintf("your loss is negative at %s: %s (a loss is never below 0)", at, num(y))
		}
		if symmetric {
			m, f := gv.call(-x, o.Var+" = "+num(-x))
			if f != nil {
				return false, "properties: " + f.failedAs("your loss")
			}
			if !scalar.EqualWithinAbsOrRel(y, m, o.Tol, o.Tol) {
				return false, fmt.Sprintf("your loss is not symmetric: %s at %s but %s at %s", num(y), at, num(m), o.Var+" = "+num(-x))
			}
		}
	}
	return true, "properties: " + strings.Join(names, ", ")
}
