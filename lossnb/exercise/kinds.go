package exercise

import (
	"fmt"
	"math"
	"slices"

	inum "github.com/lossnb/lossnb/lossnb/internal/num"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat"
)

// Estimator is a summary of a sample, such as its mean or median.
type Estimator struct {
	Name string
	F    func(ys []float64) float64
}

// Mean and Median are the two estimators of "break it" exercises.
var (
	Mean   = Estimator{"mean", mean}
	Median = Estimator{"median", inum.Median}
)

// Break says what data that breaks an estimator must do: moving at most
// Changed points (1 if 0) of a sample of at least MinLen points (3 if 0)
// must move Breaks by more than MinMove while Holds moves by at most Tol
// (0 for 1e-9, absolute).
type Break struct {
	Breaks, Holds Estimator
	MinMove       float64
	Tol           float64
	Changed       int
	MinLen        int
}

// CheckBreak checks a "break it" answer: answer returns a sample before
// and after some points were moved, and the check decides by the property
// the data must have, not by comparing with one answer. Criteria (1 point
// each):
//
//  1. the samples are a fair move: same length, at least b.MinLen points,
//     finite, differing in 1 to b.Changed points;
//  2. b.Breaks moves by more than b.MinMove;
//  3. b.Holds does not move (within b.Tol).
//
// Criteria 2 and 3 score only once 1 holds (otherwise any two samples
// would do). The messages say what went wrong in the usual slips: more
// points moved than allowed, a point moved too little to move the mean
// (a point moved by d moves the mean by d/n), the moved point crossing the
// middle of the sample.
func CheckBreak(id, title string, answer func() ([]float64, []float64), b Break) *Result {
	r := &Result{ID: id, Title: title}
	if b.Changed == 0 {
		b.Changed = 1
	}
	if b.MinLen == 0 {
		b.MinLen = 3
	}
	if b.Tol == 0 {
		b.Tol = 1e-9
	}
	switch {
	case b.Breaks.F == nil || b.Holds.F == nil:
		return refuse(r, "CheckBreak", "Break.Breaks.F or Break.Holds.F is nil")
	case b.MinMove < 0 || notFinite(b.MinMove):
		return refuse(r, "CheckBreak", fmt.Sprintf("Break.MinMove = %s, want ≥ 0", num(b.MinMove)))
	case b.Tol < 0 || notFinite(b.Tol):
		return refuse(r, "CheckBreak", fmt.Sprintf("Break.Tol = %s, want ≥ 0", num(b.Tol)))
	case b.Changed < 0 || b.MinLen < 1:
		return refuse(r, "CheckBreak", fmt.Sprintf("Break.Changed = %d, Break.MinLen = %d, want ≥ 0", b.Changed, b.MinLen))
	}
	type pair struct{ before, after []float64 }
	g := newGuard("your data", func(struct{}) pair { x, y := answer(); return pair{x, y} }, 0)
	defer g.close()
	if answer == nil {
		g.f = nil
	}
	p, f := g.call(struct{}{}, "the call")
	fail := func(msg string) *Result {
		r.add(false, 1, "%s", msg)
		r.add(false, 1, "%s: not checked until the data is a fair move", b.Breaks.Name)
		r.add(false, 1, "%s: not checked until the data is a fair move", b.Holds.Name)
		return report(r)
	}
	if f != nil {
		return fail("your data " + f.msg)
	}
	x, y := p.before, p.after
	changed := 0
	var moved []int
	switch {
	case len(x) == 0 && len(y) == 0:
		return fail("no data yet: return a sample before and after the move")
	case len(x) != len(y):
		return fail(fmt.Sprintf("before has %d points, after %d: move a point, do not add or remove one", len(x), len(y)))
	case len(x) < b.MinLen:
		return fail(fmt.Sprintf("%s: use at least %d", plural(len(x), "point", "points"), b.MinLen))
	case slices.ContainsFunc(x, notFinite) || slices.ContainsFunc(y, notFinite):
		return fail("your data holds NaN or ±Inf: use finite numbers")
	}
	for i := range x {
		if x[i] != y[i] {
			changed++
			moved = append(moved, i)
		}
	}
	switch {
	case changed == 0:
		return fail("before and after are the same: move a point")
	case changed > b.Changed:
		return fail(fmt.Sprintf("before and after differ in %d points (at %v): move at most %s", changed, moved, plural(b.Changed, "point", "points")))
	}
	r.add(true, 1, "a fair move: %s of %d moved", plural(changed, "point", "points"), len(x))
	bx, by := b.Breaks.F(x), b.Breaks.F(y)
	if d := math.Abs(by - bx); d > b.MinMove {
		r.add(true, 1, "the %s moves by %s (from %s to %s), more than %s", b.Breaks.Name, num(d), num(bx), num(by), num(b.MinMove))
	} else {
		r.add(false, 1, "the %s moves by only %s (from %s to %s), want more than %s: moving one of n points by d moves the mean by d/n, so move it further",
			b.Breaks.Name, num(d), num(bx), num(by), num(b.MinMove))
	}
	hx, hy := b.Holds.F(x), b.Holds.F(y)
	if math.Abs(hy-hx) <= b.Tol {
		r.add(true, 1, "the %s stays at %s", b.Holds.Name, num(hx))
	} else {
		r.add(false, 1, "the %s moves too, from %s to %s: the point you moved was the middle one or crossed it; move a point that stays on its side of the middle",
			b.Holds.Name, num(hx), num(hy))
	}
	return report(r)
}

// Slope lists properties a derived gradient g must have, checked at the
// check's points: Odd, g(−x) = −g(x); Bound > 0, |g(x)| ≤ Bound;
// ZeroAtZero, g(0) = 0 (when 0 is among the points); ZeroBeyond > 0,
// g(x) = 0 for |x| ≥ ZeroBeyond (a redescending loss such as Tukey's).
type Slope struct {
	Odd        bool
	Bound      float64
	ZeroAtZero bool
	ZeroBeyond float64
}

// CheckDerivative checks a derived gradient: grad must be the slope of f,
// which the check measures by central finite differences of f (gonum
// diff/fd), not by comparing with one formula: any correct way of writing
// it passes. Criteria:
//
//  1. grad agrees with the slope of f at every point of opts.Points within
//     opts.FDTol (2 points);
//  2. grad has the properties p lists (1 point).
//
// A wrong gradient is told the usual slip when its values show one: a
// constant factor everywhere (a lost 2 or 1/c, the chain rule), the sign
// flipped, or f itself returned instead of its slope. f must be smooth at
// the points.
func CheckDerivative(id, title string, grad, f Func, p Slope, opts *Options) *Result {
	o := opts.orDefault("x")
	r := &Result{ID: id, Title: title}
	switch {
	case f == nil:
		return refuse(r, "CheckDerivative", "f is nil")
	case p.Bound < 0 || notFinite(p.Bound):
		return refuse(r, "CheckDerivative", fmt.Sprintf("Slope.Bound = %s, want ≥ 0", num(p.Bound)))
	case p.ZeroBeyond < 0 || notFinite(p.ZeroBeyond):
		return refuse(r, "CheckDerivative", fmt.Sprintf("Slope.ZeroBeyond = %s, want ≥ 0", num(p.ZeroBeyond)))
	}
	if why := checkOptions(opts); why != "" {
		return refuse(r, "CheckDerivative", why)
	}
	g := newGuard("your gradient", grad, o.Timeout)
	defer g.close()
	gs, fail := evaluate(g, o.Points, o.Var)
	slopes := make([]float64, len(o.Points))
	for i, x := range o.Points {
		slopes[i] = fd.Derivative(f, x, &fd.Settings{Formula: fd.Central, Step: step(fdStep, x)})
	}
	switch {
	case fail != nil:
		r.add(false, 2, "%s", fail.failedAs("your gradient"))
		r.add(false, 1, "properties: not checked, %s", fail.failedAs("your gradient"))
		return report(r)
	case constant(gs, nil) && !constant(slopes, nil):
		r.add(false, 2, "your gradient returns %s at every %s: is it written yet?", num(gs[0]), o.Var)
		r.add(false, 1, "properties: not checked until the gradient is written")
		return report(r)
	}
	var wrong []int
	for i := range gs {
		if !scalar.EqualWithinAbsOrRel(gs[i], slopes[i], o.FDTol, o.FDTol) {
			wrong = append(wrong, i)
		}
	}
	if len(wrong) == 0 {
		r.add(true, 2, "your gradient is the slope of f at all %s (finite differences)", plural(len(gs), "point", "points"))
	} else {
		i := wrong[0]
		hint := hintFor(wrong, o.Points, gs, func(x float64) float64 {
			return fd.Derivative(f, x, &fd.Settings{Formula: fd.Central, Step: step(fdStep, x)})
		})
		if isF := !slices.ContainsFunc(wrong, func(i int) bool {
			return !scalar.EqualWithinAbsOrRel(gs[i], f(o.Points[i]), 1e-9, 1e-9)
		}); isF {
			hint = "it returns f itself, not its slope"
		}
		if hint != "" {
			hint = " (" + hint + ")"
		}
		r.add(false, 2, "your gradient is not the slope of f at %s = %s: got %s, the slope is %s (wrong at %d of %d)%s",
			o.Var, num(o.Points[i]), num(gs[i]), num(slopes[i]), len(wrong), len(gs), hint)
	}
	ok, msg := slopeProperties(g, o.Points, gs, p, o)
	r.add(ok, 1, "%s", msg)
	return report(r)
}

func slopeProperties(g *guard[float64, float64], xs, gs []float64, p Slope, o Options) (bool, string) {
	var names []string
	for i, x := range xs {
		if p.Odd {
			gm, f := g.call(-x, fmt.Sprintf("%s = %s", o.Var, num(-x)))
			if f != nil {
				return false, "properties: " + f.failedAs("your gradient")
			}
			if !scalar.EqualWithinAbsOrRel(gm, -gs[i], o.Tol, o.Tol) {
				return false, fmt.Sprintf("not odd: g(%s) = %s but g(%s) = %s; the slope of a symmetric loss is odd", num(x), num(gs[i]), num(-x), num(gm))
			}
		}
		if p.Bound > 0 && math.Abs(gs[i]) > p.Bound*(1+o.Tol) {
			return false, fmt.Sprintf("|g(%s)| = %s exceeds %s: this gradient is bounded", num(x), num(math.Abs(gs[i])), num(p.Bound))
		}
		if p.ZeroAtZero && x == 0 && math.Abs(gs[i]) > o.Tol {
			return false, fmt.Sprintf("g(0) = %s, want 0: the loss is lowest at 0", num(gs[i]))
		}
		if p.ZeroBeyond > 0 && math.Abs(x) >= p.ZeroBeyond && gs[i] != 0 {
			return false, fmt.Sprintf("g(%s) = %s, want 0 beyond %s: the loss is flat there", num(x), num(gs[i]), num(p.ZeroBeyond))
		}
	}
	if p.Odd {
		names = append(names, "g(−x) = −g(x)")
	}
	if p.Bound > 0 {
		names = append(names, "|g| ≤ "+num(p.Bound))
	}
	if p.ZeroAtZero {
		names = append(names, "g(0) = 0")
	}
	if p.ZeroBeyond > 0 {
		names = append(names, "g = 0 beyond ±"+num(p.ZeroBeyond))
	}
	if len(names) == 0 {
		return true, "no properties asked"
	}
	return true, "properties: " + joinComma(names)
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// CostFit is a student's line fitted for a business cost: from training
// points it returns the intercept a and slope b of the prediction a + b·x.
type CostFit = func(xs, ys []float64) (a, b float64)

// Business is the setting of a business-loss exercise: the cost of
// predicting pred when the truth is y, training and held-out data, and
// optionally a reference fit (the instructor's solution) whose held-out
// cost is the target. With Ref nil, the target is the line that minimises
// the mean cost on the training data, found by the check itself (gonum's
// Nelder–Mead from the least-squares line), so that a visible check cell
// need not show a solution. Tol is the relative excess cost accepted (0 for
// 0.02: 2%).
type Business struct {
	Cost           func(y, pred float64) float64
	TrainX, TrainY []float64
	TestX, TestY   []float64
	Ref            CostFit
	Tol            float64
}

// CheckCostFit checks a business-loss exercise by the business cost on
// held-out data, not by the loss's formula: any loss whose fit costs as
// little passes. Criteria:
//
//  1. the student's line's mean held-out cost is within b.Tol of the
//     reference line's (2 points);
//  2. it costs less than the least-squares line, which ignores the cost
//     structure (1 point).
//
// Each verdict gives the share of held-out truths above the line, the
// student's and the reference's: a line too low or too high shows there
// (for an asymmetric linear cost the best share is the cost ratio's
// quantile). The usual slips get their own words: the least-squares line
// itself, the cost's sides swapped, the stub.
func CheckCostFit(id, title string, fit CostFit, b Business) *Result {
	r := &Result{ID: id, Title: title}
	if b.Tol == 0 {
		b.Tol = 0.02
	}
	switch {
	case b.Cost == nil:
		return refuse(r, "CheckCostFit", "Business.Cost is nil")
	case len(b.TrainX) != len(b.TrainY) || len(b.TestX) != len(b.TestY) || len(b.TrainX) < 2 || len(b.TestX) < 1:
		return refuse(r, "CheckCostFit", fmt.Sprintf("train has %d x and %d y, test %d x and %d y: want equal lengths, at least 2 and 1",
			len(b.TrainX), len(b.TrainY), len(b.TestX), len(b.TestY)))
	case b.Tol < 0 || notFinite(b.Tol):
		return refuse(r, "CheckCostFit", fmt.Sprintf("Business.Tol = %s, want ≥ 0", num(b.Tol)))
	}
	if why := firstProblem(checkData("Business.TrainX", b.TrainX), checkData("Business.TrainY", b.TrainY),
		checkData("Business.TestX", b.TestX), checkData("Business.TestY", b.TestY)); why != "" {
		return refuse(r, "CheckCostFit", why)
	}
	cost := func(a, s float64) float64 {
		c := 0.0
		for i, x := range b.TestX {
			c += b.Cost(b.TestY[i], a+s*x)
		}
		return c / float64(len(b.TestX))
	}
	above := func(a, s float64) float64 {
		n := 0
		for i, x := range b.TestX {
			if b.TestY[i] > a+s*x {
				n++
			}
		}
		return float64(n) / float64(len(b.TestX))
	}
	la, ls := stat.LinearRegression(b.TrainX, b.TrainY, nil, false)
	var ra, rs float64
	if b.Ref != nil {
		ra, rs = b.Ref(slices.Clone(b.TrainX), slices.Clone(b.TrainY))
	} else {
		ra, rs = bestLine(b.Cost, b.TrainX, b.TrainY, la, ls)
	}
	refCost, lsCost := cost(ra, rs), cost(la, ls)
	if notFinite(refCost) {
		return refuse(r, "CheckCostFit", "the reference fit's held-out cost is "+num(refCost))
	}

	type line struct{ a, b float64 }
	g := newGuard("your fit", func(struct{}) line {
		a, s := fit(slices.Clone(b.TrainX), slices.Clone(b.TrainY))
		return line{a, s}
	}, 0)
	defer g.close()
	if fit == nil {
		g.f = nil
	}
	l, f := g.call(struct{}{}, "the training data")
	switch {
	case f != nil:
		r.add(false, 2, "%s", f.failedAs("your fit"))
		r.add(false, 1, "against least squares: not checked, your fit gave no line")
		return report(r)
	case notFinite(l.a) || notFinite(l.b):
		r.add(false, 2, "your fit returned a = %s, b = %s: want finite numbers", num(l.a), num(l.b))
		r.add(false, 1, "against least squares: not checked, your fit gave no line")
		return report(r)
	case l.a == 0 && l.b == 0:
		r.add(false, 2, "your fit returns a = 0, b = 0: is it written yet?")
		r.add(false, 1, "against least squares: not checked until your fit is written")
		return report(r)
	}
	got := cost(l.a, l.b)
	share := fmt.Sprintf("%.0f%% of held-out truths lie above your line, %.0f%% above the best one", 100*above(l.a, l.b), 100*above(ra, rs))
	isLS := scalar.EqualWithinAbsOrRel(l.a, la, 1e-6, 1e-6) && scalar.EqualWithinAbsOrRel(l.b, ls, 1e-6, 1e-6)
	switch {
	case got <= refCost*(1+b.Tol):
		r.add(true, 2, "your line's mean held-out cost is %s, the best line's %s (%s)", num(got), num(refCost), share)
	case isLS:
		r.add(false, 2, "your line is the least-squares line (held-out cost %s, the best %s): it ignores the costs; fit with a loss that charges each side what the business pays", num(got), num(refCost))
	case swapped(above(l.a, l.b), above(ra, rs)):
		r.add(false, 2, "your line's held-out cost is %s, the best line's %s; %s: your line sits on the wrong side, are the costs of the two sides swapped?", num(got), num(refCost), share)
	default:
		r.add(false, 2, "your line's held-out cost is %s, the best line's %s; %s: compare the ratio of the two costs with that share", num(got), num(refCost), share)
	}
	if got < lsCost {
		r.add(true, 1, "it costs less than least squares (%s)", num(lsCost))
	} else {
		r.add(false, 1, "it costs no less than the least-squares line (%s), which ignores the costs", num(lsCost))
	}
	return report(r)
}

// swapped says whether a line with share got of the truths above it looks
// like the best line (share best) with the cost's two sides swapped: got
// nearer 1 − best than best, and off the middle by more than 0.1.
func swapped(got, best float64) bool {
	return math.Abs(got-(1-best)) < math.Abs(got-best) && math.Abs(got-0.5) > 0.1 && math.Abs(best-0.5) > 0.1
}

// bestLine minimises the mean cost of the line a + b·x on (xs, ys) by
// Nelder–Mead (the cost may have kinks) from the line (a0, b0), restarted
// from its own result until it stops improving.
func bestLine(cost func(y, pred float64) float64, xs, ys []float64, a0, b0 float64) (float64, float64) {
	f := func(p []float64) float64 {
		c := 0.0
		for i, x := range xs {
			c += cost(ys[i], p[0]+p[1]*x)
		}
		return c / float64(len(xs))
	}
	p := []float64{a0, b0}
	best := f(p)
	for range 5 {
		res, err := optimize.Minimize(optimize.Problem{Func: f}, p, &optimize.Settings{FuncEvaluations: 4000}, &optimize.NelderMead{})
		if res == nil || (err != nil && res.F >= best) || res.F >= best-1e-12*(1+math.Abs(best)) {
			break
		}
		p, best = res.X, res.F
	}
	return p[0], p[1]
}
