package exercise

import (
	"fmt"
	"math"
	"slices"

	inum "github.com/lossnb/lossnb/lossnb/internal/num"
	"gonum.org/v1/gonum/floats/scalar"
)

// Fit is a student's fit of a constant to data: it returns the c that
// minimises the mean loss (1/n) Σᵢ ρ(yᵢ − c).
type Fit = func(ys []float64) float64

// CheckFit checks a student's fit against the loss it should minimise, on
// each of the datasets. A fit is right on a dataset when no constant has a
// lower mean loss (so for the absolute loss and an even count, any value
// between the two middle points is right). Criteria:
//
//  1. right on every dataset (2 points);
//  2. it leaves its data unchanged (1 point: sorting the caller's slice in
//     place is a common mistake);
//  3. it is still right on each dataset shifted by 10 and reversed (1
//     point: the fit does not depend on the order of the points nor on
//     where zero is).
//
// Only ref.Value is used; ρ must be convex.
func CheckFit(id, title string, fit Fit, ref Reference, datasets [][]float64, opts *Options) *Result {
	o := opts.orDefault("data")
	r := &Result{ID: id, Title: title}
	if why := firstProblem(checkRef(ref), checkDatasets(datasets), checkOptions(opts)); why != "" {
		return refuse(r, "CheckFit", why)
	}
	g := newGuard("your fit", fit, o.Timeout)
	defer g.close()

	call := func(ys []float64) (float64, []float64, *failure) {
		in := slices.Clone(ys)
		c, f := g.call(in, "ys = "+nums(ys))
		return c, in, f
	}

	// 1 and 2.
	right, unchanged := true, true
	var rightMsg, unchangedMsg string
	var fits []float64
	for _, ys := range datasets {
		c, after, f := call(ys)
		fits = append(fits, c)
		if f != nil {
			right, rightMsg = false, f.failedAs("your fit")
			unchanged, unchangedMsg = false, "data unchanged: not checked, "+f.failedAs("your fit")
			break
		}
		if unchanged && !slices.Equal(after, ys) {
			unchanged = false
			unchangedMsg = fmt.Sprintf("your fit changed its data: called with ys = %s, it left %s (work on a copy: slices.Clone)", nums(ys), nums(after))
		}
		if ok, msg := optimal(c, ys, ref, o); right && !ok {
			right, rightMsg = false, "fit wrong for "+msg
		}
	}
	if right {
		rightMsg = fmt.Sprintf("fit right on all %s", plural(len(datasets), "dataset", "datasets"))
	}
	if unchanged {
		unchangedMsg = "your fit leaves its data unchanged"
	}
	if unchanged && len(fits) > 1 && constant(fits, nil) {
		// A stub returning 0 leaves its data alone too: it earns nothing.
		unchanged = false
		unchangedMsg = fmt.Sprintf("data unchanged: not checked, your fit returns %s for every dataset (is it written yet?)", num(fits[0]))
	}
	r.add(right, 2, "%s", rightMsg)
	r.add(unchanged, 1, "%s", unchangedMsg)

	// 3.
	moved, movedMsg := true, "shifting the data by 10 or reordering it does not break your fit"
	for _, ys := range datasets {
		zs := make([]float64, len(ys))
		for i, y := range ys {
			zs[len(ys)-1-i] = y + 10
		}
		c, _, f := call(zs)
		if f != nil {
			moved, movedMsg = false, "shifted data: "+f.failedAs("your fit")
			break
		}
		if ok, msg := optimal(c, zs, ref, o); !ok {
			moved, movedMsg = false, "fit wrong once the data is shifted by 10 and reversed, for "+msg
			break
		}
	}
	r.add(moved, 1, "%s", movedMsg)
	return report(r)
}

// CheckMinimizer checks a predicted fit, the number answer returns: it
// must minimise the mean loss of ref over ys (one criterion, one point).
// When it does not, the message says in which direction a better constant
// lies, and whether the answer is the mean or the median, but not where
// the minimiser is: the student can try again without being told.
func CheckMinimizer(id, title string, answer func() float64, ys []float64, ref Reference) *Result {
	r := &Result{ID: id, Title: title}
	if why := firstProblem(checkRef(ref), checkData("ys", ys)); why != "" {
		return refuse(r, "CheckMinimizer", why)
	}
	g := newGuard("your answer", func(struct{}) float64 { return answer() }, 0)
	defer g.close()
	if answer == nil {
		g.f = nil
	}
	got, f := g.call(struct{}{}, "the call")
	if f != nil {
		r.add(false, 1, "your answer %s", f.msg)
		return report(r)
	}
	best, ok, why := optimum(got, ys, ref)
	switch {
	case ok:
		r.add(true, 1, "right: c = %s minimises the mean loss over ys = %s", num(got), nums(ys))
	case math.IsNaN(got) || math.IsInf(got, 0):
		r.add(false, 1, "your answer is %s, not a number a fit can have", num(got))
	default:
		dir := "larger"
		if best < got {
			dir = "smaller"
		}
		r.add(false, 1, "c = %s does not minimise the mean loss over ys = %s: a %s c does better%s", num(got), nums(ys), dir, why)
	}
	return report(r)
}

// optimal says whether c minimises the mean loss of ref over ys, and if
// not, why, in words.
func optimal(c float64, ys []float64, ref Reference, o Options) (bool, string) {
	at := "ys = " + nums(ys)
	if len(ys) == 0 {
		return true, at
	}
	if math.IsNaN(c) || math.IsInf(c, 0) {
		return false, fmt.Sprintf("%s: your fit returned %s", at, num(c))
	}
	best, ok, why := optimum(c, ys, ref)
	if ok {
		return true, at
	}
	return false, fmt.Sprintf("%s: got c = %s (mean loss %s), but c = %s does better (mean loss %s)%s",
		at, num(c), num(meanLoss(c, ys, ref)), num(best), num(meanLoss(best, ys, ref)), why)
}

func meanLoss(c float64, ys []float64, ref Reference) float64 {
	s := 0.0
	for _, y := range ys {
		s += ref.Value(y - c)
	}
	return s / float64(len(ys))
}

// optimum returns a minimiser of the mean loss over ys (the median, the
// mean or a data point when one is as good as the numerical minimiser),
// whether c is as good, and if not, a hint naming the mean or the median.
func optimum(c float64, ys []float64, ref Reference) (best float64, ok bool, why string) {
	if len(ys) == 0 {
		return c, true, ""
	}
	obj := func(c float64) float64 { return meanLoss(c, ys, ref) }
	best = minimize(obj, slices.Min(ys), slices.Max(ys))
	fb := obj(best)
	// Report the median, the mean or a data point instead when it is as
	// good: "3.0 does better" reads better than "2.9999999997 does better".
	for _, x := range append([]float64{inum.Median(ys), mean(ys)}, ys...) {
		if fx := obj(x); fx <= fb+1e-12*(1+math.Abs(fb)) {
			best, fb = x, math.Min(fx, fb)
			break
		}
	}
	if fc := obj(c); fc <= fb+1e-9*(1+math.Abs(fb)) {
		return best, true, ""
	}
	switch {
	case scalar.EqualWithinAbsOrRel(c, mean(ys), 1e-9, 1e-9):
		why = "; " + num(c) + " is the mean, where the squared error goes"
	case scalar.EqualWithinAbsOrRel(c, inum.Median(ys), 1e-9, 1e-9):
		why = "; " + num(c) + " is the median, where the absolute error goes"
	}
	return best, false, why
}

// minimize returns a minimiser of the convex function f on [a, b], by
// golden-section search to a bracket of 1e-12·(1 + |a| + |b|).
func minimize(f func(float64) float64, a, b float64) float64 {
	return inum.GoldenMin(f, a, b, func(a, b float64) float64 { return 1e-12 * (1 + math.Abs(a) + math.Abs(b)) }, true)
}

func mean(ys []float64) float64 {
	s := 0.0
	for _, y := range ys {
		s += y
	}
	return s / float64(len(ys))
}
