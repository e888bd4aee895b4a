package fit

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// pwl is a convex piecewise-linear loss: kinks κ₀ < κ₁ < … with values
// vals[j] = ρ(κⱼ), and slopes[k] on the k-th piece (slopes[0] left of κ₀,
// slopes[len(kinks)] right of the last kink), non-decreasing.
type pwl struct {
	kinks, vals, slopes []float64
}

// piecewiseLinear recognises the catalogue's piecewise-linear losses.
func piecewiseLinear(l loss.Regression) (pwl, bool) {
	abs := pwl{kinks: []float64{0}, vals: []float64{0}, slopes: []float64{-1, 1}}
	switch t := l.(type) {
	case loss.Absolute:
		return abs, true
	case loss.Pinball:
		return pwl{kinks: []float64{0}, vals: []float64{0}, slopes: []float64{t.Tau - 1, t.Tau}}, true
	case loss.SmoothL1:
		if t.Beta == 0 {
			return abs, true
		}
	case loss.EpsInsensitive:
		if t.Eps == 0 {
			return abs, true
		}
		return pwl{kinks: []float64{-t.Eps, t.Eps}, vals: []float64{0, 0}, slopes: []float64{-1, 0, 1}}, true
	}
	return pwl{}, false
}

// hingePWL is the hinge loss max(0, 1 − m) as a function of r = 1 − m.
var hingePWL = pwl{kinks: []float64{0}, vals: []float64{0}, slopes: []float64{0, 1}}

// scaled returns the pieces of r ↦ ρ(r/s).
func (p pwl) scaled(s float64) pwl {
	if s == 1 {
		return p
	}
	q := pwl{kinks: make([]float64, len(p.kinks)), vals: p.vals, slopes: make([]float64, len(p.slopes))}
	for i, k := range p.kinks {
		q.kinks[i] = k * s
	}
	for i, v := range p.slopes {
		q.slopes[i] = v / s
	}
	return q
}

// locate returns the piece containing r, or the kink within tol of r.
func (p pwl) locate(r, tol float64) (piece, kink int) {
	for j, k := range p.kinks {
		if math.Abs(r-k) <= tol {
			return -1, j
		}
		if r < k {
			return j, -1
		}
	}
	return len(p.kinks), -1
}

// exactProblem is min Σ wᵢ ρ(eᵢ − aᵢᵀθ) over θ ∈ ℝᵖ with aᵢ = sᵢzᵢ
// (sᵢ = ±1 labels for the hinge, 1 for a regression).
type exactProblem struct {
	d   *design
	e   []float64
	sgn []float64 // nil: all +1
	pw  pwl
}

func (q *exactProblem) a(dst []float64, i int) []float64 {
	row := q.d.row(i)
	if q.sgn == nil {
		return row
	}
	for j, v := range row {
		dst[j] = q.sgn[i] * v
	}
	return dst
}

// exactFit solves the piecewise-linear problem exactly.
//
// The optimum of Σ wᵢρ(eᵢ − aᵢᵀθ) is attained at a vertex where p points
// with linearly independent aᵢ have residuals at kinks of ρ (Koenker 2005,
// §6.2). From such a basis the method checks the LP optimality conditions:
// with gᵢ the slope of ρ at the other points' residuals, θ is optimal iff
// the basic points' dual values u = −A_h⁻ᵀ Σ_{i∉h} wᵢgᵢaᵢ lie in the
// subdifferential [wⱼρ'(κ⁻), wⱼρ'(κ⁺)] of their kinks. Otherwise a basic
// point whose dual is outside its interval leaves the basis: θ moves along
// the edge that keeps the other p − 1 basic residuals fixed, to the
// minimum of the (convex, piecewise-linear) objective on that edge, found
// exactly by sorting the breakpoints; the point whose residual reaches a
// kink there enters. This is the Barrodale & Roberts (1973) algorithm for
// L1 regression generalised to any convex piecewise-linear ρ. Each step
// costs O(np + n log n); it ends in finitely many steps, and at a
// degenerate vertex (more than p residuals at kinks) optimality is
// certified by a small LP solved with gonum's lp.Simplex.
func exactFit(c *check, d *design, e, sgn []float64, pw pwl, o *Options) (*Result, error) {
	q := &exactProblem{d: d, e: e, sgn: sgn, pw: pw}
	p := d.p
	act := make([]int, 0, d.n)
	for i, w := range d.w {
		if w > 0 {
			act = append(act, i)
		}
	}
	var escale, wmax, smax float64
	for _, i := range act {
		escale = math.Max(escale, math.Abs(e[i]))
		wmax = math.Max(wmax, d.w[i])
	}
	for _, s := range pw.slopes {
		smax = math.Max(smax, math.Abs(s))
	}
	tolR := 1e-11 * (1 + escale)
	tolU := o.tol() * wmax * smax * 10

	// Start: Options.Init, or weighted least squares shifted so that the
	// intercept is optimal for the residuals (a weighted quantile).
	theta := make([]float64, p)
	if o.Init != nil {
		copy(theta, o.Init)
	} else {
		ws := newWLS(d)
		if sgn == nil && !ws.solve(theta, e, d.w) {
			c.Wrap(ErrSingular, "the least-squares start failed")
			return nil, c.Err
		}
		if sgn == nil && len(pw.kinks) == 1 {
			r := make([]float64, d.n)
			residuals(r, d, e, theta)
			lo, hi := pw.slopes[0], pw.slopes[1]
			theta[0] += weightedQuantile(r, d.w, hi/(hi-lo)) - pw.kinks[0]
		}
	}
	basis, kinks := q.startBasis(act, theta)
	if basis == nil {
		c.Wrap(ErrSingular, "no %d points with linearly independent rows", p)
		return nil, c.Err
	}

	r := make([]float64, d.n)
	delta := make([]float64, d.n)
	isBasic := make([]int, d.n) // position in basis + 1, 0 if non-basic
	buf := make([]float64, p)
	g := make([]float64, p)
	u := make([]float64, p)
	dir := make([]float64, p)
	type brk struct {
		t, jump float64
		i, k    int
	}
	var brks []brk
	var binv mat.Dense
	ah := mat.NewDense(p, p, nil)
	maxIter := o.maxIter(100*d.n + 1000)
	res := &Result{}
	pivots := 0
	// run pivots from the current basis on targets e until the optimality
	// conditions hold (converged), no edge descends at a vertex that cannot
	// be certified (stalled), or MaxIter.
	run := func(e []float64) (stalled bool, err error) {
		for it := 0; ; it++ {
			// θ from the basis: A_h θ = e_h − κ_h.
			rhs := mat.NewVecDense(p, nil)
			for j, i := range basis {
				ah.SetRow(j, q.a(buf, i))
				rhs.SetVec(j, e[i]-pw.kinks[kinks[j]])
			}
			if err := binv.Inverse(ah); err != nil {
				c.Wrap(ErrSingular, "exact solver: basis matrix is singular (%v)", err)
				return false, c.Err
			}
			var th mat.VecDense
			th.MulVec(&binv, rhs)
			for j := range theta {
				theta[j] = th.AtVec(j)
			}
			for i := range isBasic {
				isBasic[i] = 0
			}
			for j, i := range basis {
				isBasic[i] = j + 1
			}
			// Residuals, slopes, and g = Σ_{non-basic} wᵢ ρ'(rᵢ) aᵢ (kink midpoints for
			// degenerate points).
			for j := range g {
				g[j] = 0
			}
			degenerate := false
			for _, i := range act {
				ai := q.a(buf, i)
				r[i] = e[i] - floats.Dot(ai, theta)
				if isBasic[i] != 0 {
					r[i] = pw.kinks[kinks[isBasic[i]-1]]
					continue
				}
				piece, kink := pw.locate(r[i], tolR)
				var s float64
				if kink >= 0 {
					degenerate = true
					s = 0.5 * (pw.slopes[kink] + pw.slopes[kink+1])
				} else {
					s = pw.slopes[piece]
				}
				for j, v := range ai {
					g[j] += d.w[i] * s * v
				}
			}
			// Dual values u = −A_h⁻ᵀ g and their violations.
			for j := range u {
				var s float64
				for m := 0; m < p; m++ {
					s += binv.At(m, j) * g[m]
				}
				u[j] = -s
			}
			type cand struct {
				j    int
				sign float64
				v    float64
			}
			var cands []cand
			for j, i := range basis {
				lo := d.w[i] * pw.slopes[kinks[j]]
				hi := d.w[i] * pw.slopes[kinks[j]+1]
				switch {
				case u[j] < lo-tolU:
					cands = append(cands, cand{j, 1, lo - u[j]})
				case u[j] > hi+tolU:
					cands = append(cands, cand{j, -1, u[j] - hi})
				}
			}
			if len(cands) == 0 {
				res.Converged = true
				return false, nil
			}
			if pivots >= maxIter {
				return false, nil
			}
			slices.SortFunc(cands, func(a, b cand) int { return cmp.Compare(b.v, a.v) })
			moved := false
			for _, cd := range cands {
				// Edge direction: A_h d = sign·e_j.
				for m := 0; m < p; m++ {
					dir[m] = cd.sign * binv.At(m, cd.j)
				}
				jPoint := basis[cd.j]
				slope := 0.0
				brks = brks[:0]
				for _, i := range act {
					var di float64
					if isBasic[i] != 0 {
						if i != jPoint {
							continue
						}
						di = cd.sign
					} else {
						di = floats.Dot(q.a(buf, i), dir)
					}
					delta[i] = di
					if di == 0 {
						continue
					}
					// Residual rᵢ(t) = rᵢ − t·δᵢ; the one-sided slope at t = 0⁺.
					piece, kink := pw.locate(r[i], tolR)
					if i == jPoint {
						piece, kink = -1, kinks[cd.j]
					}
					var s float64
					switch {
					case kink >= 0 && di > 0:
						s = pw.slopes[kink]
					case kink >= 0:
						s = pw.slopes[kink+1]
					default:
						s = pw.slopes[piece]
					}
					slope -= d.w[i] * di * s
					for k, kv := range pw.kinks {
						if k == kink {
							continue
						}
						t := (r[i] - kv) / di
						if t > 0 {
							brks = append(brks, brk{t: t, jump: d.w[i] * math.Abs(di) * (pw.slopes[k+1] - pw.slopes[k]), i: i, k: k})
						}
					}
				}
				if slope >= -tolU*1e-3 {
					continue // not a descent edge (degenerate vertex)
				}
				// The minimum along the edge is at the first breakpoint where the
				// slope, rising by each jump, reaches 0: a weighted quantile of the
				// breakpoints, found by selection (expected O(n)) rather than a sort.
				ts := make([]float64, len(brks))
				js := make([]float64, len(brks))
				for bi, b := range brks {
					ts[bi], js[bi] = b.t, b.jump
				}
				enter := weightedSelect(ts, js, -slope)
				if enter < 0 {
					c.Fail("the objective is unbounded below along an edge (check the loss)")
					return false, c.Err
				}
				b := brks[enter]
				basis[cd.j] = b.i
				kinks[cd.j] = b.k
				moved = true
				break
			}
			if !moved {
				// Degenerate vertex: no basis edge descends. Certify optimality with an
				// LP over the dual values of the points at kinks.
				if degenerate && q.certify(act, basis, kinks, r, tolR) {
					res.Converged = true
					return false, nil
				}
				return true, nil
			}
			pivots++
		}
	}
	stalled, err := run(e)
	if err != nil {
		return nil, err
	}
	if stalled {
		// Break the ties: perturb the targets by tiny distinct amounts (far above
		// the residual tolerance, far below the data's resolution). The
		// perturbed problem is non-degenerate, and its optimal basis is optimal
		// for the original too: its dual values are valid subgradients for
		// the tied points, and the other residuals keep their signs. The
		// final run on the original targets certifies it.
		ep := make([]float64, len(e))
		rng := splitmixRand(uint64(len(e)) + 0x5eed)
		for i, v := range e {
			ep[i] = v + 1e-8*(1+escale)*(0.5+0.5*rng())
		}
		if stalled, err = run(ep); err == nil && !stalled {
			res.Converged = false
			_, err = run(e) // its outcome is in res.Converged
		}
		if err != nil {
			return nil, err
		}
	}
	res.Iterations = pivots
	res.Intercept, res.Coef = split(theta)
	res.Basis = slices.Clone(basis)
	if !res.Converged {
		if pivots >= maxIter {
			c.Wrap(ErrNotConverged, "exact solver after %d pivots (Options.MaxIter)", res.Iterations)
		} else {
			c.Wrap(ErrNotConverged, "exact solver stalled at a degenerate vertex after %d pivots", res.Iterations)
		}
		return res, c.Err
	}
	return res, nil
}

// startBasis picks p points with linearly independent rows, closest to a
// kink at θ, by greedy Gram–Schmidt; it returns nil if there are none.
func (q *exactProblem) startBasis(act []int, theta []float64) (basis, kinks []int) {
	p := q.d.p
	type item struct {
		i, k int
		dist float64
	}
	items := make([]item, len(act))
	buf := make([]float64, p)
	for n, i := range act {
		r := q.e[i] - floats.Dot(q.a(buf, i), theta)
		best, bk := math.Inf(1), 0
		for k, kv := range q.pw.kinks {
			if dd := math.Abs(r - kv); dd < best {
				best, bk = dd, k
			}
		}
		items[n] = item{i, bk, best}
	}
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.dist, b.dist) })
	var qs [][]float64
	for _, it := range items {
		v := slices.Clone(q.a(buf, it.i))
		norm0 := math.Sqrt(floats.Dot(v, v))
		if norm0 == 0 {
			continue
		}
		for pass := 0; pass < 2; pass++ { // re-orthogonalise once
			for _, b := range qs {
				f := floats.Dot(v, b)
				for j := range v {
					v[j] -= f * b[j]
				}
			}
		}
		nv := math.Sqrt(floats.Dot(v, v))
		if nv <= 1e-9*norm0 {
			continue
		}
		for j := range v {
			v[j] /= nv
		}
		qs = append(qs, v)
		basis = append(basis, it.i)
		kinks = append(kinks, it.k)
		if len(basis) == p {
			return basis, kinks
		}
	}
	return nil, nil
}

// certify checks the optimality conditions at a degenerate vertex: is there
// a uᵢ ∈ wᵢ·∂ρ(κᵢ) for every point at a kink (basic or not) with
// Σ uᵢaᵢ = −Σ_{others} wᵢρ'(rᵢ)aᵢ? It solves that feasibility LP with
// gonum's lp.Simplex.
func (q *exactProblem) certify(act, basis, kinks []int, r []float64, tolR float64) bool {
	d, pw, p := q.d, q.pw, q.d.p
	buf := make([]float64, p)
	g := make([]float64, p)
	type atKink struct{ i, k int }
	var s []atKink
	inBasis := make(map[int]int, p)
	for j, i := range basis {
		inBasis[i] = kinks[j]
	}
	for _, i := range act {
		if k, ok := inBasis[i]; ok {
			s = append(s, atKink{i, k})
			continue
		}
		piece, kink := pw.locate(r[i], tolR)
		if kink >= 0 {
			s = append(s, atKink{i, kink})
			continue
		}
		for j, v := range q.a(buf, i) {
			g[j] += d.w[i] * pw.slopes[piece] * v
		}
	}
	// Variables vᵢ = uᵢ − loᵢ ∈ [0, hiᵢ − loᵢ], and slacks tᵢ: vᵢ + tᵢ = hiᵢ − loᵢ.
	m := len(s)
	a := mat.NewDense(p+m, 2*m, nil)
	b := make([]float64, p+m)
	copy(b, g)
	for j := range b[:p] {
		b[j] = -b[j]
	}
	for col, sk := range s {
		ai := q.a(buf, sk.i)
		lo := d.w[sk.i] * pw.slopes[sk.k]
		hi := d.w[sk.i] * pw.slopes[sk.k+1]
		for j, v := range ai {
			a.Set(j, col, v)
			b[j] -= lo * v
		}
		a.Set(p+col, col, 1)
		a.Set(p+col, m+col, 1)
		b[p+col] = hi - lo
	}
	_, _, err := lp.Simplex(make([]float64, 2*m), a, b, 1e-10, nil)
	return err == nil
}

// weightedQuantile returns the weighted q-quantile of x (the smallest value
// whose cumulative weight reaches q of the total).
func weightedQuantile(x, w []float64, q float64) float64 {
	idx := make([]int, 0, len(x))
	var tot float64
	for i := range x {
		if w[i] > 0 {
			idx = append(idx, i)
			tot += w[i]
		}
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	var cum float64
	for _, i := range idx {
		cum += w[i]
		if cum >= q*tot {
			return x[i]
		}
	}
	return x[idx[len(idx)-1]]
}

// simplexFit solves the piecewise-linear problem as the epigraph LP
//
//	minimise Σ wᵢtᵢ  s.t.  tᵢ ≥ slopeₖ·(eᵢ − aᵢᵀθ) + cₖ for every piece k,
//
// converted to standard form by lp.Convert and solved by gonum's dense
// lp.Simplex (O(m³) per pivot: small problems only).
func simplexFit(c *check, d *design, e, sgn []float64, pw pwl) (*Result, error) {
	q := &exactProblem{d: d, e: e, sgn: sgn, pw: pw}
	p := d.p
	var act []int
	for i, w := range d.w {
		if w > 0 {
			act = append(act, i)
		}
	}
	n := len(act)
	np := len(pw.slopes)
	// Intercepts of the pieces: piece k passes through kink k (or k−1 for the last).
	cs := make([]float64, np)
	for k := range cs {
		j := min(k, len(pw.kinks)-1)
		cs[k] = pw.vals[j] - pw.slopes[k]*pw.kinks[j]
	}
	nv := p + n
	cost := make([]float64, nv)
	g := mat.NewDense(n*np, nv, nil)
	h := make([]float64, n*np)
	buf := make([]float64, p)
	for row, i := range act {
		cost[p+row] = d.w[i] / d.wsum
		ai := q.a(buf, i)
		for k, sl := range pw.slopes {
			rr := row*np + k
			// sl·(eᵢ − aᵢᵀθ) + cₖ ≤ tᵢ  ⇔  −sl·aᵢᵀθ − tᵢ ≤ −sl·eᵢ − cₖ
			for j, v := range ai {
				g.Set(rr, j, -sl*v)
			}
			g.Set(rr, p+row, -1)
			h[rr] = -sl*e[i] - cs[k]
		}
	}
	cNew, aNew, bNew := lp.Convert(cost, g, h, nil, nil)
	_, x, err := lp.Simplex(cNew, aNew, bNew, 1e-10, nil)
	if err != nil {
		c.Fail("lp.Simplex: %v", err)
		return nil, c.Err
	}
	// Convert splits each free variable into x⁺ − x⁻ (first nv, then nv more).
	theta := make([]float64, p)
	for j := range theta {
		theta[j] = x[j] - x[nv+j]
	}
	b0, coef := split(theta)
	return &Result{Intercept: b0, Coef: coef, Iterations: 1, Converged: true}, nil
}

// weightedSelect returns the index k of the smallest t[k] such that the sum
// of jump[i] over all t[i] ≤ t[k] (ties broken by index order in a sort) is
// ≥ need, or −1 if the total is < need. It is quickselect on t with the
// jumps as weights: expected O(n), where the exact line search would
// otherwise sort all breakpoints at every pivot.
func weightedSelect(t, jump []float64, need float64) int {
	idx := make([]int, len(t))
	for i := range idx {
		idx[i] = i
	}
	lo, hi := 0, len(idx) // the answer is in idx[lo:hi]
	seed := uint64(len(t))*0x9E3779B97F4A7C15 + 1
	for hi-lo > 16 {
		seed = seed*6364136223846793005 + 1442695040888963407
		piv := t[idx[lo+int((seed>>33)%uint64(hi-lo))]]
		// Three-way partition: < piv, == piv, > piv.
		lt, i, gt := lo, lo, hi
		for i < gt {
			v := t[idx[i]]
			switch {
			case v < piv:
				idx[lt], idx[i] = idx[i], idx[lt]
				lt++
				i++
			case v > piv:
				gt--
				idx[gt], idx[i] = idx[i], idx[gt]
			default:
				i++
			}
		}
		var sLow, sEq float64
		for _, k := range idx[lo:lt] {
			sLow += jump[k]
		}
		for _, k := range idx[lt:gt] {
			sEq += jump[k]
		}
		switch {
		case sLow >= need:
			hi = lt
		case sLow+sEq >= need:
			lo, hi = lt, gt // all equal t: finish by the scan below
			need -= sLow
			goto scan
		default:
			need -= sLow + sEq
			lo = gt
		}
	}
	slices.SortFunc(idx[lo:hi], func(a, b int) int {
		if c := cmp.Compare(t[a], t[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
scan:
	var s float64
	for _, k := range idx[lo:hi] {
		s += jump[k]
		if s >= need {
			return k
		}
	}
	return -1
}

// splitmixRand returns a deterministic uniform [0, 1) generator.
func splitmixRand(seed uint64) func() float64 {
	s := splitmix(seed)
	return func() float64 { return float64(s.next()>>11) * 0x1p-53 }
}

// splitmix is SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014); the benchmarks draw their data from it too, as
// testdata/bench_compare.py does, so that Go and Python fit the same points.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9E3779B97F4A7C15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}
