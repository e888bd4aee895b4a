package fit

import (
	"math"
)

// design is the internal n×p design matrix Z = [1 X] in row-major order,
// column 0 being the intercept, with the sample weights of the fit.
type design struct {
	n, p int       // points, parameters (intercept included)
	z    []float64 // n×p, row-major
	w    []float64 // sample weights, never nil
	wsum float64   // Σ wᵢ
}

// newDesign validates x (n rows of equal width, finite) and the weights and
// builds Z = [1 X]. x may be nil when n > 0: an intercept-only design (a
// location estimate). It checks that there are at least as many points
// with positive weight as parameters and that Z has full column rank.
func newDesign(c *check, x [][]float64, n int, w []float64) *design {
	if n == 0 {
		c.Fail("empty input")
		return nil
	}
	k := 0
	if x != nil {
		if len(x) != n {
			c.Fail("len(x) = %d, len(y) = %d", len(x), n)
			return nil
		}
		k = c.matrix("x", x)
		c.boundedRows("x", x)
	}
	c.weights(w, n)
	if !c.OK() {
		return nil
	}
	d := &design{n: n, p: k + 1, z: make([]float64, n*(k+1)), w: w}
	for i := 0; i < n; i++ {
		row := d.z[i*d.p : (i+1)*d.p]
		row[0] = 1
		if k > 0 {
			copy(row[1:], x[i])
		}
	}
	if d.w == nil {
		d.w = make([]float64, n)
		for i := range d.w {
			d.w[i] = 1
		}
	}
	npos := 0
	for _, v := range d.w {
		d.wsum += v
		if v > 0 {
			npos++
		}
	}
	if d.p > npos {
		if npos == n {
			c.Fail("%d parameters but only %d points", d.p, npos)
		} else {
			c.Fail("%d parameters but only %d points with weight > 0", d.p, npos)
		}
		return nil
	}
	d.checkRank(c)
	return d
}

// row returns zᵢ.
func (d *design) row(i int) []float64 { return d.z[i*d.p : (i+1)*d.p] }

// eta writes the linear predictors ηᵢ = zᵢᵀθ to dst.
func (d *design) eta(dst, theta []float64) {
	p := d.p
	for i := 0; i < d.n; i++ {
		row := d.z[i*p : (i+1)*p]
		s := 0.0
		for j, v := range row {
			s += v * theta[j]
		}
		dst[i] = s
	}
}

// gram writes the upper triangle of Σ wᵢ zᵢzᵢᵀ to g (p×p, row-major).
// Written by hand rather than with a mat.Dense product so it streams over
// the rows once and skips zero weights (O(np²), no n×p temporary).
func (d *design) gram(g []float64, w []float64) {
	p := d.p
	for k := range g {
		g[k] = 0
	}
	for i := 0; i < d.n; i++ {
		wi := w[i]
		if wi == 0 {
			continue
		}
		row := d.z[i*p : (i+1)*p]
		for a := 0; a < p; a++ {
			va := wi * row[a]
			ga := g[a*p : (a+1)*p]
			for b := a; b < p; b++ {
				ga[b] += va * row[b]
			}
		}
	}
}

// rankTol is the threshold on the squared sine of the angle between a
// (weighted, normalised) column of Z and the span of the columns before it:
// below it, the column is treated as a linear combination of the others.
const rankTol = 1e-12

// checkRank reports a singular design, naming the first column of x that is
// (numerically) a linear combination of the intercept and the columns before
// it. It runs a Cholesky factorisation of the column-normalised Gram matrix
// by hand, because gonum's mat.Cholesky reports failure but not which pivot
// failed.
func (d *design) checkRank(c *check) {
	p := d.p
	g := make([]float64, p*p)
	d.gram(g, d.w)
	scale := make([]float64, p)
	for j := 0; j < p; j++ {
		scale[j] = math.Sqrt(g[j*p+j])
	}
	l := make([]float64, p*p)
	for k := 0; k < p; k++ {
		if scale[k] == 0 {
			c.Wrap(ErrSingular, "x column %d is zero on every point with weight > 0", k-1)
			return
		}
		for j := 0; j <= k; j++ {
			s := g[j*p+k] / (scale[j] * scale[k])
			for m := 0; m < j; m++ {
				s -= l[k*p+m] * l[j*p+m]
			}
			if j == k {
				if s <= rankTol {
					if k == 0 {
						c.Wrap(ErrSingular, "the intercept column is zero")
					} else if k == 1 {
						c.Wrap(ErrSingular, "x column 0 is constant (collinear with the intercept)")
					} else {
						c.Wrap(ErrSingular, "x column %d is a linear combination of the intercept and x columns 0–%d", k-1, k-2)
					}
					return
				}
				l[k*p+k] = math.Sqrt(s)
			} else {
				l[k*p+j] = s / l[j*p+j]
			}
		}
	}
}

// split returns the intercept and a copy of the coefficients of θ.
func split(theta []float64) (float64, []float64) {
	coef := make([]float64, len(theta)-1)
	copy(coef, theta[1:])
	return theta[0], coef
}
