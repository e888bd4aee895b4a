package fit

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// QuantileResult holds quantile regressions of one data set at several
// levels τ (Koenker & Bassett 1978): Fits[k] minimises the pinball loss at
// Taus[k].
type QuantileResult struct {
	Taus []float64
	Fits []*Result
}

// Quantiles fits linear quantile regressions at each τ in taus (each in
// (0, 1)), exactly (Method Exact unless o says otherwise), warm-starting
// each fit from the previous one. The fitted lines of different τ can
// cross (Koenker 2005, §2.5): Predict does not re-sort them.
func Quantiles(x [][]float64, y []float64, taus []float64, o *Options) (*QuantileResult, error) {
	return quantiles("Quantiles", "taus", x, y, taus, o)
}

// quantiles is Quantiles with the caller's function name, and the name of
// the levels' argument.
func quantiles(fn, tauName string, x [][]float64, y []float64, taus []float64, o *Options) (*QuantileResult, error) {
	c := newCheck(fn)
	if o == nil {
		o = &Options{}
	}
	if len(taus) == 0 {
		c.Fail("taus is empty")
		return nil, c.Err
	}
	ls := make([]loss.Pinball, len(taus))
	for k, tau := range taus {
		if !(tau > 0 && tau < 1) {
			name := fmt.Sprintf("%s[%d]", tauName, k)
			if tauName != "taus" {
				name = [...]string{"tauLo", "tauHi"}[k]
			}
			c.Fail("%s = %v, want a level in (0, 1)", name, tau)
			return nil, c.Err
		}
		ls[k] = loss.Pinball{Tau: tau}
	}
	d := regressionDesign(&c, x, y, len(y), o)
	if !c.OK() {
		return nil, c.Err
	}
	out := &QuantileResult{Taus: append([]float64(nil), taus...)}
	oo := *o
	for _, l := range ls {
		res, err := fitRegression(&c, d, y, l, &oo)
		if err != nil {
			return out, err
		}
		out.Fits = append(out.Fits, res)
		oo.Init = res.Params()
	}
	return out, nil
}

// Predict returns the predicted τ-quantiles, out[k][i] for Taus[k] and row i.
func (q *QuantileResult) Predict(x [][]float64) ([][]float64, error) {
	if q == nil {
		return nil, fmt.Errorf("fit.QuantileResult.Predict: the result is nil (did Quantiles return an error?)")
	}
	out := make([][]float64, len(q.Fits))
	for k, f := range q.Fits {
		p, err := f.predict("QuantileResult.Predict", "x", x)
		if err != nil {
			return nil, err
		}
		out[k] = p
	}
	return out, nil
}

// Interval is a prediction interval [q_{τlo}(x), q_{τhi}(x)] from two
// quantile regressions, with its empirical coverage on evaluation data.
type Interval struct {
	TauLo, TauHi float64
	Lower, Upper *Result
	// Lo and Hi are the interval bounds at the evaluation rows.
	Lo, Hi []float64
	// Nominal is τhi − τlo; Coverage the fraction of evaluation points with
	// Lo ≤ y ≤ Hi (unweighted).
	Nominal, Coverage float64
	// Crossings counts evaluation rows where the two quantile lines cross
	// (Lo > Hi); such rows count as not covered.
	Crossings int
}

// PredictionInterval fits quantile regressions at tauLo < tauHi on (x, y)
// and evaluates the interval on (xEval, yEval), e.g. held-out data; with
// xEval = yEval = nil it evaluates on the training data (in-sample
// coverage, which for an exact fit is within p/n of the nominal level:
// Koenker 2005, §2.2). Empty, non-nil evaluation data is an error (its
// coverage would read 0). For a model without features, xEval may be nil
// with yEval given.
func PredictionInterval(x [][]float64, y []float64, tauLo, tauHi float64, xEval [][]float64, yEval []float64, o *Options) (*Interval, error) {
	c := newCheck("PredictionInterval")
	if !(tauLo < tauHi) {
		c.Fail("tauLo = %v, tauHi = %v, want tauLo < tauHi", tauLo, tauHi)
		return nil, c.Err
	}
	if xEval == nil && yEval == nil {
		xEval, yEval = x, y
	} else if len(yEval) == 0 {
		// No evaluation point: a coverage of 0 would look like a result.
		c.Fail("len(yEval) = 0: no evaluation points (pass xEval = yEval = nil to evaluate on the training data)")
		return nil, c.Err
	}
	if xEval != nil && len(xEval) != len(yEval) {
		c.Fail("len(xEval) = %d, len(yEval) = %d", len(xEval), len(yEval))
		return nil, c.Err
	}
	c.Finite("yEval", yEval)
	if !c.OK() {
		return nil, c.Err
	}
	q, err := quantiles("PredictionInterval", "tauLo/tauHi", x, y, []float64{tauLo, tauHi}, o)
	if err != nil {
		return nil, err
	}
	if xEval == nil { // a model without features: one row per yEval
		xEval = make([][]float64, len(yEval))
	}
	lo, err := q.Fits[0].predict("PredictionInterval", "xEval", xEval)
	if err != nil {
		return nil, err
	}
	hi, err := q.Fits[1].predict("PredictionInterval", "xEval", xEval)
	if err != nil {
		return nil, err
	}
	iv := &Interval{TauLo: tauLo, TauHi: tauHi, Lower: q.Fits[0], Upper: q.Fits[1], Lo: lo, Hi: hi, Nominal: tauHi - tauLo}
	in := 0
	for i, v := range yEval {
		if lo[i] > hi[i] {
			iv.Crossings++
			continue
		}
		// Closed interval, with rounding slack for points on a quantile line
		// (an exact fit interpolates p points).
		slack := 1e-12 * (1 + math.Abs(v))
		if lo[i]-slack <= v && v <= hi[i]+slack {
			in++
		}
	}
	if len(yEval) > 0 {
		iv.Coverage = float64(in) / float64(len(yEval))
	}
	return iv, nil
}
