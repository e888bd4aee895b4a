package fit

import (
	"fmt"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// Sweep holds the fits of an outlier sweep: Fits[l][k] is the fit under
// Losses[l] with y[Point] = Values[k].
type Sweep struct {
	Point  int
	Values []float64
	Losses []string
	Fits   [][]*Result
}

// OutlierSweep refits the model with one point moved: for each loss and
// each value v in values, y[point] is set to v and the model refitted,
// warm-started from the fit at the previous value (for a notebook slider:
// 41 positions × Squared/Absolute/Huber on 200 points take a few
// milliseconds, see BenchmarkOutlierSweep). The design is validated once.
// It is the empirical sensitivity curve of the fit (Tukey 1977; Hampel et
// al. 1986, §2.1e): a squared-loss line follows the point without bound,
// an absolute or Huber line stops moving once the point is an outlier.
func OutlierSweep(x [][]float64, y []float64, point int, values []float64, losses []loss.Regression, o *Options) (*Sweep, error) {
	c := newCheck("OutlierSweep")
	if o == nil {
		o = &Options{}
	}
	if len(y) == 0 {
		c.Fail("empty input (len(y) = 0)")
		return nil, c.Err
	}
	if point < 0 || point >= len(y) {
		c.Fail("point = %d, want an index in [0, %d)", point, len(y))
		return nil, c.Err
	}
	if len(values) == 0 {
		c.Fail("values is empty")
	}
	if len(losses) == 0 {
		c.Fail("losses is empty")
	}
	c.Finite("values", values)
	c.bounded("values", values)
	c.Finite("y", y)
	c.bounded("y", y)
	for k, l := range losses {
		c.regLoss(fmt.Sprintf("losses[%d]", k), l)
	}
	if !c.OK() {
		return nil, c.Err
	}
	d := newDesign(&c, x, len(y), o.Weights)
	checkOptions(&c, o, d)
	if !c.OK() {
		return nil, c.Err
	}
	s := &Sweep{Point: point, Values: append([]float64(nil), values...), Fits: make([][]*Result, len(losses))}
	yy := make([]float64, len(y))
	for li, l := range losses {
		s.Losses = append(s.Losses, l.Name())
		copy(yy, y)
		oo := *o
		fits := make([]*Result, len(values))
		for k, v := range values {
			yy[point] = v
			res, err := fitRegression(&c, d, yy, l, &oo)
			if err != nil {
				return s, fmt.Errorf("%w (loss %s, values[%d] = %v)", err, l.Name(), k, v)
			}
			fits[k] = res
			oo.Init = res.Params()
		}
		s.Fits[li] = fits
	}
	return s, nil
}
