package fit

import (
	"math"
	"math/rand/v2"

	"github.com/lossnb/lossnb/lossnb/loss"
	"gonum.org/v1/gonum/floats"
)

// TraceOptions control a gradient-descent training trace.
type TraceOptions struct {
	// Steps is the number of updates (default 100).
	Steps int
	// LearningRate is the step size η (default 0.1); with Decay > 0 the
	// step at update t is η/(1 + Decay·t).
	LearningRate float64
	Decay        float64
	// Batch is the minibatch size of SGD; 0 (or ≥ n) is full-batch
	// gradient descent.
	Batch int
	// Seed makes the SGD minibatches reproducible (PCG, math/rand/v2).
	Seed uint64
	// Init is the starting θ = (intercept, coef…) (default 0).
	Init []float64
	// Weights are sample weights, as in Options.
	Weights []float64
	// Metric is the regression metric recorded alongside the loss (default
	// loss.Squared{}: the MSE). Classification traces record accuracy and F1.
	Metric loss.Regression
}

// Trace records a training run: entry t is the state after t updates
// (entry 0 is the start).
type Trace struct {
	// Params[t] is θ = (intercept, coef…).
	Params [][]float64
	// Loss[t] is the full-data objective L(θ) (weighted mean loss).
	Loss []float64
	// GradNorm[t] is the Euclidean norm of the full-data (sub)gradient:
	// for MAE it does not shrink near the minimum, which is why gradient
	// descent oscillates there.
	GradNorm []float64
	// MetricName names Metric; Metric[t] is the regression metric (weighted
	// mean of Metric's ρ) or the classification accuracy.
	MetricName string
	Metric     []float64
	// F1[t] is the F1 score of the +1 class (classification only).
	F1 []float64
}

func (o *TraceOptions) defaults() TraceOptions {
	t := TraceOptions{}
	if o != nil {
		t = *o
	}
	if t.Steps == 0 {
		t.Steps = 100
	}
	if t.LearningRate == 0 {
		t.LearningRate = 0.1
	}
	if t.Metric == nil {
		t.Metric = loss.Squared{}
	}
	return t
}

func checkTrace(c *check, t *TraceOptions, d *design) {
	if t.Steps < 0 {
		c.Fail("TraceOptions.Steps = %d, want ≥ 0", t.Steps)
	}
	if !(t.LearningRate > 0) || math.IsInf(t.LearningRate, 0) {
		c.Fail("TraceOptions.LearningRate = %v, want a finite value > 0", t.LearningRate)
	}
	if !(t.Decay >= 0) || math.IsInf(t.Decay, 0) {
		c.Fail("TraceOptions.Decay = %v, want a finite value ≥ 0", t.Decay)
	}
	if t.Batch < 0 {
		c.Fail("TraceOptions.Batch = %d, want ≥ 0", t.Batch)
	}
	if d != nil && t.Init != nil {
		if len(t.Init) != d.p {
			c.Fail("len(TraceOptions.Init) = %d, want %d", len(t.Init), d.p)
		}
		c.Finite("TraceOptions.Init", t.Init)
	}
}

// TraceLinear runs gradient descent (or SGD with TraceOptions.Batch) on the
// linear regression objective of Linear under l (scale 1) and records the
// loss, the gradient norm and a metric at every step: the "gradient
// behaviour" demo (MSE's gradient grows with the error, MAE's has constant
// size and oscillates around the minimum). Kinks use the loss's Deriv (the
// midpoint of the subdifferential).
func TraceLinear(x [][]float64, y []float64, l loss.Regression, o *TraceOptions) (*Trace, error) {
	c := newCheck("TraceLinear")
	t := o.defaults()
	c.regLoss("l", l)
	c.regLoss("TraceOptions.Metric", t.Metric)
	if !c.OK() {
		return nil, c.Err
	}
	c.Finite("y", y)
	c.bounded("y", y)
	d := newDesign(&c, x, len(y), t.Weights)
	checkTrace(&c, &t, d)
	if !c.OK() {
		return nil, c.Err
	}
	obj := &objective{d: d, y: y, reg: l, s: 1, w: d.w}
	met := &objective{d: d, y: y, reg: t.Metric, s: 1, w: d.w}
	tr := &Trace{MetricName: t.Metric.Name()}
	record := func(theta []float64) {
		tr.Metric = append(tr.Metric, met.value(theta))
	}
	return descend(&c, obj, &t, tr, record)
}

// TraceLogistic runs gradient descent (or SGD) on the classifier objective
// of Logistic under l and records the loss with the accuracy and F1 of the
// sign of f(x) at every step: the "loss vs metric" demo (the log-loss keeps
// falling after the accuracy has stopped changing).
func TraceLogistic(x [][]float64, y []float64, l loss.Margin, o *TraceOptions) (*Trace, error) {
	c := newCheck("TraceLogistic")
	t := o.defaults()
	if l == nil {
		c.Fail("l is nil")
		return nil, c.Err
	}
	c.Finite("y", y)
	d := newDesign(&c, x, len(y), t.Weights)
	checkTrace(&c, &t, d)
	if !c.OK() {
		return nil, c.Err
	}
	labels := signLabels(&c, y)
	if !c.OK() {
		return nil, c.Err
	}
	obj := &objective{d: d, y: labels, mar: l, s: 1, w: d.w}
	tr := &Trace{MetricName: "accuracy"}
	record := func(theta []float64) {
		var tp, fp, fn, right, tot float64
		for i := 0; i < d.n; i++ {
			w := d.w[i]
			pos := floats.Dot(d.row(i), theta) > 0
			switch {
			case pos && labels[i] > 0:
				tp += w
			case pos:
				fp += w
			case labels[i] > 0:
				fn += w
			}
			if pos == (labels[i] > 0) {
				right += w
			}
			tot += w
		}
		tr.Metric = append(tr.Metric, right/tot)
		f1 := 0.0
		if tp > 0 {
			f1 = 2 * tp / (2*tp + fp + fn)
		}
		tr.F1 = append(tr.F1, f1)
	}
	return descend(&c, obj, &t, tr, record)
}

// descend runs the updates θ ← θ − ηₜ·g, with g the full or minibatch
// gradient of the weighted mean loss.
func descend(c *check, obj *objective, t *TraceOptions, tr *Trace, record func([]float64)) (*Trace, error) {
	d := obj.d
	theta := make([]float64, d.p)
	if t.Init != nil {
		copy(theta, t.Init)
	}
	g := make([]float64, d.p)
	full := make([]float64, d.p)
	rng := rand.New(rand.NewPCG(t.Seed, 0x6c6f73736e62)) // "lossnb"
	var idx []int
	batch := t.Batch > 0 && t.Batch < d.n
	if batch {
		idx = make([]int, d.n)
		for i := range idx {
			idx[i] = i
		}
	}
	pos := d.n // position in the current shuffled epoch
	snap := func() bool {
		v := obj.value(theta)
		obj.grad(full, theta)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			c.Fail("the loss became %v at step %d (LearningRate %v is too large?)", v, len(tr.Loss), t.LearningRate)
			return false
		}
		tr.Params = append(tr.Params, append([]float64(nil), theta...))
		tr.Loss = append(tr.Loss, v)
		tr.GradNorm = append(tr.GradNorm, math.Sqrt(floats.Dot(full, full)))
		record(theta)
		return true
	}
	if !snap() {
		return tr, c.Err
	}
	for step := 0; step < t.Steps; step++ {
		if batch {
			// Minibatches without replacement within an epoch.
			if pos+t.Batch > d.n {
				rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
				pos = 0
			}
			obj.gradSubset(g, theta, idx[pos:pos+t.Batch])
			pos += t.Batch
		} else {
			copy(g, full)
		}
		eta := t.LearningRate / (1 + t.Decay*float64(step))
		for j := range theta {
			theta[j] -= eta * g[j]
		}
		if !snap() {
			return tr, c.Err
		}
	}
	return tr, nil
}

// gradSubset writes the gradient of Σ_{i∈idx} wᵢℓᵢ / Σ_{i∈idx} wᵢ.
func (o *objective) gradSubset(g, theta []float64, idx []int) {
	for j := range g {
		g[j] = 0
	}
	var ws float64
	for _, i := range idx {
		w := o.w[i]
		if w == 0 {
			continue
		}
		ws += w
		row := o.d.row(i)
		_, d1, _ := o.point(i, floats.Dot(row, theta), needD1)
		for j, v := range row {
			g[j] += w * d1 * v
		}
	}
	if ws > 0 {
		for j := range g {
			g[j] /= ws
		}
	}
}
