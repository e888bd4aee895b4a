package surrogate

// Notebook 04: focal loss and surrogate losses.

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/optimize"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/internal/par"
	"github.com/lossnb/lossnb/lossnb/loss"
	"github.com/lossnb/lossnb/lossnb/metric"
)

// FocalPaperGammas are the focusing parameters drawn in Figure 1 of Lin et al.
// (2017), "Focal Loss for Dense Object Detection".
var FocalPaperGammas = []float64{0, 0.5, 1, 2, 5}

// FocalSliderGammas are the values of the γ slider of FocalCurves: 0 to 5 by 0.25.
var FocalSliderGammas = num.Span(0, 5, 21)

// FocalCurve returns the focal loss FL(p) = −(1 − p)^γ log p of an example whose true
// class has probability p, for each p in ps (with no α weighting), computed by
// loss.FocalElems from the logit log(p/(1 − p)). FL(1) = 0.
func FocalCurve(gamma float64, ps []float64) ([]float64, error) {
	if !(gamma >= 0) || math.IsInf(gamma, 1) {
		return nil, fmt.Errorf("surrogate.FocalCurve: gamma = %v, want a finite value ≥ 0", gamma)
	}
	out := make([]float64, len(ps))
	for i, p := range ps {
		if !(p > 0 && p <= 1) {
			return nil, fmt.Errorf("surrogate.FocalCurve: ps[%d] = %v, want a probability in (0, 1]", i, p)
		}
		if p == 1 {
			continue
		}
		z := math.Log(p) - math.Log1p(-p)
		e := []float64{0}
		if _, err := loss.FocalElems(e, []float64{z}, []float64{1}, loss.FocalOptions{Alpha: -1, Gamma: gamma}); err != nil {
			return nil, fmt.Errorf("surrogate.FocalCurve: %w", err)
		}
		out[i] = e[0]
	}
	return out, nil
}

// FocalCurves returns the chart of the paper's first figure: the focal loss against
// the probability of the true class for γ in gammas, plus one curve whose γ follows a
// slider over sliderGammas, starting at the value nearest gamma.
func FocalCurves(gammas, sliderGammas []float64, gamma float64) (*chart.Chart, error) {
	if len(sliderGammas) == 0 {
		return nil, fmt.Errorf("surrogate.FocalCurves: sliderGammas is empty")
	}
	if math.IsNaN(gamma) {
		return nil, fmt.Errorf("surrogate.FocalCurves: gamma is NaN")
	}
	ps := num.Span(0, 1, 121)[1:]
	c := chart.NewLines("Focal loss −(1 − p)^γ log p against the probability of the true class")
	c.XLabel, c.YLabel = "probability of the true class, p", "loss"
	c.XMin, c.XMax, c.YMin, c.YMax = 0, 1, 0, 5
	for _, g := range gammas {
		ys, err := FocalCurve(g, ps)
		if err != nil {
			return nil, fmt.Errorf("surrogate.FocalCurves: %w", err)
		}
		name := fmt.Sprintf("γ = %g", g)
		if g == 0 {
			name = "γ = 0 (CE)"
		}
		c.Add(name, ps, num.Clip(ys, 0, 5)).Width = 1.5
	}
	frames := make([][]float64, len(sliderGammas))
	for i, g := range sliderGammas {
		ys, err := FocalCurve(g, ps)
		if err != nil {
			return nil, fmt.Errorf("surrogate.FocalCurves: sliderGammas[%d]: %w", i, err)
		}
		frames[i] = num.Clip(ys, 0, 5)
	}
	s := chart.NewSlider("γ", sliderGammas)
	s.Init = num.Nearest(sliderGammas, gamma)
	c.AddFrames(s, func(i int) []*chart.Series {
		l := chart.Line("γ on the slider", ps, frames[i])
		l.Color, l.Width, l.Dash = "#222222", 3, true
		return []*chart.Series{l}
	})
	return c, nil
}

// FocalFactor returns FL/CE = (1 − p)^γ for an example whose true class has probability
// p: how much less the focal loss charges it than cross-entropy. Both losses are
// computed by lossnb (loss.FocalElems and loss.BCEWithLogitsElems).
func FocalFactor(p, gamma float64) (float64, error) {
	if !(p > 0 && p < 1) {
		return 0, fmt.Errorf("surrogate.FocalFactor: p = %v, want a probability in (0, 1)", p)
	}
	fl, err := FocalCurve(gamma, []float64{p})
	if err != nil {
		return 0, fmt.Errorf("surrogate.FocalFactor: %w", err)
	}
	ce := []float64{0}
	if _, err := loss.BCEWithLogitsElems(ce, []float64{math.Log(p) - math.Log1p(-p)}, []float64{1}, loss.BCEOptions{}); err != nil {
		return 0, fmt.Errorf("surrogate.FocalFactor: %w", err)
	}
	return fl[0] / ce[0], nil
}

// Imbalanced is a two-class problem in the plane: negatives from N((0, 0), I),
// positives from N((Shift, Shift), diag(PosSD₁², PosSD₂²)), y ∈ {−1, +1}. With
// PosSD = (1, 1) the two classes are isotropic normals with the same covariance.
type Imbalanced struct {
	X     [][]float64
	Y     []float64
	Shift float64
	PosSD [2]float64
}

// NewImbalanced draws nPos positives and nNeg negatives from a fixed seed, both
// classes with identity covariance.
func NewImbalanced(nPos, nNeg int, shift float64, seed uint64) (*Imbalanced, error) {
	d, err := NewImbalancedSpread(nPos, nNeg, shift, [2]float64{1, 1}, seed)
	if err != nil {
		return nil, fmt.Errorf("surrogate.NewImbalanced: %w", err)
	}
	return d, nil
}

// NewImbalancedSpread draws nPos positives and nNeg negatives from a fixed seed, the
// positives with standard deviations posSD along the two axes (the negatives keep
// identity covariance). posSD = (1, 1) gives the same points as NewImbalanced.
func NewImbalancedSpread(nPos, nNeg int, shift float64, posSD [2]float64, seed uint64) (*Imbalanced, error) {
	if nPos < 1 || nNeg < 1 {
		return nil, fmt.Errorf("surrogate.NewImbalancedSpread: nPos = %d, nNeg = %d, want at least 1 of each", nPos, nNeg)
	}
	if math.IsNaN(shift) || math.IsInf(shift, 0) {
		return nil, fmt.Errorf("surrogate.NewImbalancedSpread: shift = %v, want a finite number", shift)
	}
	for i, s := range posSD {
		if !(s > 0) || math.IsInf(s, 1) {
			return nil, fmt.Errorf("surrogate.NewImbalancedSpread: posSD[%d] = %v, want a finite standard deviation > 0", i, s)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 13))
	d := &Imbalanced{Shift: shift, PosSD: posSD}
	for i := range nPos + nNeg {
		mu, y, sd := 0.0, -1.0, [2]float64{1, 1}
		if i < nPos {
			mu, y, sd = shift, 1, posSD
		}
		d.X = append(d.X, []float64{mu + sd[0]*rng.NormFloat64(), mu + sd[1]*rng.NormFloat64()})
		d.Y = append(d.Y, y)
	}
	return d, nil
}

// ImbalanceResult is one model of the imbalance study, scored on the test set.
type ImbalanceResult struct {
	Name              string
	Fit               *fit.Result
	AP                float64 // average precision (PR-AUC)
	Recall, Precision float64 // at the threshold p = ½ (score 0)
	PRRecall, PRPrec  []float64
}

// ImbalanceStudy trains a linear classifier on train with cross-entropy, class-weighted
// cross-entropy (positives weighted by the class ratio) and the focal loss (γ = 2,
// α = 0.25: positives weighted 0.25, negatives 0.75, as Lin et al.), and scores each
// on test.
func ImbalanceStudy(train, test *Imbalanced) ([]ImbalanceResult, error) {
	if train == nil || test == nil {
		return nil, fmt.Errorf("surrogate.ImbalanceStudy: nil data")
	}
	nPos, nNeg := classCounts(train)
	models := []struct {
		name string
		l    loss.Margin
		w    []float64
	}{
		{"CE", loss.Logistic{}, nil},
		{"weighted CE", loss.Logistic{}, classWeights(train, nNeg/nPos, 1)},
		{"focal γ = 2, α = 0.25", loss.FocalMargin{Gamma: loss.FocalGamma}, classWeights(train, loss.FocalAlpha, 1-loss.FocalAlpha)},
	}
	var out []ImbalanceResult
	for _, m := range models {
		r, err := trainAndScore(train, test, m.name, m.l, m.w)
		if err != nil {
			return nil, fmt.Errorf("surrogate.ImbalanceStudy: %w", err)
		}
		out = append(out, r)
	}
	return out, nil
}

func classCounts(d *Imbalanced) (nPos, nNeg float64) {
	for _, y := range d.Y {
		if y > 0 {
			nPos++
		} else {
			nNeg++
		}
	}
	return nPos, nNeg
}

// classWeights returns a weight per example of d: wPos for positives, wNeg for negatives.
func classWeights(d *Imbalanced, wPos, wNeg float64) []float64 {
	w := make([]float64, len(d.Y))
	for i, y := range d.Y {
		w[i] = wNeg
		if y > 0 {
			w[i] = wPos
		}
	}
	return w
}

// trainAndScore fits a linear classifier on train under the margin loss l with example
// weights w (nil for none) and scores it on test.
func trainAndScore(train, test *Imbalanced, name string, l loss.Margin, w []float64) (ImbalanceResult, error) {
	o := &fit.Options{Weights: w}
	if _, ok := l.(loss.FocalMargin); ok {
		o.Method = fit.BFGS
	}
	res, err := fit.Logistic(train.X, train.Y, l, o)
	if err != nil {
		return ImbalanceResult{}, fmt.Errorf("%s: %w", name, err)
	}
	scores, err := res.Predict(test.X)
	if err != nil {
		return ImbalanceResult{}, fmt.Errorf("%s: %w", name, err)
	}
	r := ImbalanceResult{Name: name, Fit: res}
	if r.AP, err = metric.AveragePrecision(scores, test.Y); err != nil {
		return ImbalanceResult{}, fmt.Errorf("%s: %w", name, err)
	}
	var tp, fp, pos float64
	for i, s := range scores {
		if test.Y[i] > 0 {
			pos++
		}
		if s >= 0 {
			if test.Y[i] > 0 {
				tp++
			} else {
				fp++
			}
		}
	}
	r.Recall = tp / pos
	if tp+fp > 0 {
		r.Precision = tp / (tp + fp)
	}
	r.PRRecall, r.PRPrec = metric.PRCurve(scores, test.Y, 101)
	return r, nil
}

// ImbalanceRun is the imbalance study of notebook 04: its training data and the
// models trained on it, scored on the test set.
type ImbalanceRun struct {
	Train, Test *Imbalanced
	Results     []ImbalanceResult
}

// ImbalanceDemo returns notebook 04's study: 50 positives against 5000 negatives
// (1:100) for training, 500 against 50000 for testing, positives shifted by 2, both
// classes isotropic normals with the same covariance (seeds 1 and 2).
func ImbalanceDemo() (*ImbalanceRun, error) {
	return ImbalanceDemoSpread([2]float64{1, 1}, 1)
}

// ElongatedSD are the positives' standard deviations of notebook 04's second study:
// stretched along the first axis, squeezed along the second.
var ElongatedSD = [2]float64{3, 0.5}

// ImbalanceDemoSpread is ImbalanceDemo with the positives' standard deviations posSD,
// training seed seed and test seed seed + 1.
func ImbalanceDemoSpread(posSD [2]float64, seed uint64) (*ImbalanceRun, error) {
	train, err := NewImbalancedSpread(50, 5000, 2, posSD, seed)
	if err != nil {
		return nil, fmt.Errorf("surrogate.ImbalanceDemoSpread: %w", err)
	}
	test, err := NewImbalancedSpread(500, 50000, 2, posSD, seed+1)
	if err != nil {
		return nil, fmt.Errorf("surrogate.ImbalanceDemoSpread: %w", err)
	}
	res, err := ImbalanceStudy(train, test)
	if err != nil {
		return nil, err
	}
	return &ImbalanceRun{Train: train, Test: test, Results: res}, nil
}

// FocalSweepGammas are the focusing parameters of notebook 04's γ sweep.
var FocalSweepGammas = []float64{0, 0.5, 1, 2, 3, 5}

// FocalSweepSeeds are its training seeds (test seed = seed + 1).
var FocalSweepSeeds = []uint64{1, 3, 5, 7, 9}

// FocalSweepRow is one γ of FocalSweep: the test scores of a focal model with no α,
// over the seeds (mean, smallest and largest).
type FocalSweepRow struct {
	Gamma                      float64
	AP, Recall, Precision      float64 // means over the seeds
	APMin, APMax               float64
	RecallMin, RecallMax       float64
	PrecisionMin, PrecisionMax float64
	PerSeedAP, PerSeedRecall   []float64
}

// FocalSweep trains the focal loss with each γ in gammas and no α weighting (γ = 0 is
// plain cross-entropy) on notebook 04's 1:100 problem with positives' standard
// deviations posSD, once per seed in seeds (training set 50 : 5000 from seed, test set
// 500 : 50000 from seed + 1), and returns the test PR-AUC, recall and precision at
// p = ½ for each γ over the seeds. The seeds are trained two at a time.
func FocalSweep(posSD [2]float64, gammas []float64, seeds []uint64) ([]FocalSweepRow, error) {
	if len(gammas) == 0 || len(seeds) == 0 {
		return nil, fmt.Errorf("surrogate.FocalSweep: %d gammas and %d seeds, want at least one of each", len(gammas), len(seeds))
	}
	for i, g := range gammas {
		if !(g >= 0) || g > 10 {
			return nil, fmt.Errorf("surrogate.FocalSweep: gammas[%d] = %v, want a number in [0, 10]", i, g)
		}
	}
	// One job per seed, two at a time; the results are gathered in seed order, so the
	// sums do not depend on the scheduling.
	per := make([][]ImbalanceResult, len(seeds))
	errs := make([]error, len(seeds))
	par.Do(len(seeds), func(k int) { per[k], errs[k] = focalSweepSeed(posSD, gammas, seeds[k]) })
	rows := make([]FocalSweepRow, len(gammas))
	for i, g := range gammas {
		rows[i] = FocalSweepRow{Gamma: g, APMin: math.Inf(1), APMax: math.Inf(-1), RecallMin: math.Inf(1), RecallMax: math.Inf(-1), PrecisionMin: math.Inf(1), PrecisionMax: math.Inf(-1)}
	}
	n := float64(len(seeds))
	for k, res := range per {
		if errs[k] != nil {
			return nil, fmt.Errorf("surrogate.FocalSweep: seed %d: %w", seeds[k], errs[k])
		}
		for i, r := range res {
			w := &rows[i]
			w.AP, w.Recall, w.Precision = w.AP+r.AP/n, w.Recall+r.Recall/n, w.Precision+r.Precision/n
			w.APMin, w.APMax = math.Min(w.APMin, r.AP), math.Max(w.APMax, r.AP)
			w.RecallMin, w.RecallMax = math.Min(w.RecallMin, r.Recall), math.Max(w.RecallMax, r.Recall)
			w.PrecisionMin, w.PrecisionMax = math.Min(w.PrecisionMin, r.Precision), math.Max(w.PrecisionMax, r.Precision)
			w.PerSeedAP, w.PerSeedRecall = append(w.PerSeedAP, r.AP), append(w.PerSeedRecall, r.Recall)
		}
	}
	return rows, nil
}

// focalSweepSeed trains the focal loss with each γ in gammas (no α) on the training set
// of seed and scores it on the test set of seed + 1.
func focalSweepSeed(posSD [2]float64, gammas []float64, seed uint64) ([]ImbalanceResult, error) {
	train, err := NewImbalancedSpread(50, 5000, 2, posSD, seed)
	if err != nil {
		return nil, err
	}
	test, err := NewImbalancedSpread(500, 50000, 2, posSD, seed+1)
	if err != nil {
		return nil, err
	}
	out := make([]ImbalanceResult, len(gammas))
	for i, g := range gammas {
		if out[i], err = trainAndScore(train, test, fmt.Sprintf("focal γ = %g", g), loss.FocalMargin{Gamma: g}, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FocalSweepChart draws FocalSweep's mean PR-AUC, recall and precision against γ, each
// with its smallest and largest value over the seeds as thin dashed lines (named
// "… range").
func FocalSweepChart(title string, rows []FocalSweepRow) (*chart.Chart, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("surrogate.FocalSweepChart: no rows")
	}
	gs := make([]float64, len(rows))
	for i, r := range rows {
		gs[i] = r.Gamma
	}
	c := chart.NewLines(title)
	c.XLabel, c.YLabel = "focusing parameter γ (no α)", "test score (recall, precision at p = ½)"
	c.XMin, c.XMax, c.YMin, c.YMax = gs[0], gs[len(gs)-1], 0, 1
	for k, m := range []struct {
		name         string
		mean, lo, hi func(r FocalSweepRow) float64
	}{
		{"PR-AUC", func(r FocalSweepRow) float64 { return r.AP }, func(r FocalSweepRow) float64 { return r.APMin }, func(r FocalSweepRow) float64 { return r.APMax }},
		{"recall", func(r FocalSweepRow) float64 { return r.Recall }, func(r FocalSweepRow) float64 { return r.RecallMin }, func(r FocalSweepRow) float64 { return r.RecallMax }},
		{"precision", func(r FocalSweepRow) float64 { return r.Precision }, func(r FocalSweepRow) float64 { return r.PrecisionMin }, func(r FocalSweepRow) float64 { return r.PrecisionMax }},
	} {
		mean, lo, hi := make([]float64, len(rows)), make([]float64, len(rows)), make([]float64, len(rows))
		for i, r := range rows {
			mean[i], lo[i], hi[i] = m.mean(r), m.lo(r), m.hi(r)
		}
		col := chart.Palette[k]
		l := c.Add(m.name, gs, mean)
		l.Color, l.Width = col, 2.5
		// The lowest and highest seed share one legend entry (ECharts groups series by
		// name), so the legend stays one line: the metric and its range.
		for _, b := range [][]float64{lo, hi} {
			s := c.Add(m.name+" range", gs, b)
			s.Color, s.Width, s.Dash = col, 1, true
		}
	}
	return c, nil
}

// ImbalanceCharts returns two charts: the test scores of the models (PR-AUC, recall and
// precision at p = ½, as bars) and their precision-recall curves.
func ImbalanceCharts(res []ImbalanceResult) ([]chart.Item, error) {
	if len(res) == 0 {
		return nil, fmt.Errorf("surrogate.ImbalanceCharts: no results")
	}
	names := make([]string, len(res))
	ap, rc, pr := make([]float64, len(res)), make([]float64, len(res)), make([]float64, len(res))
	for i, r := range res {
		names[i], ap[i], rc[i], pr[i] = r.Name, r.AP, r.Recall, r.Precision
	}
	b := chart.NewBars("Test scores on a 1:100 problem", names...)
	b.YLabel, b.YMin, b.YMax = "score", 0, 1
	b.AddSeries(&chart.Series{Name: "PR-AUC", Kind: chart.KindBar, Y: ap},
		&chart.Series{Name: "recall at p = ½", Kind: chart.KindBar, Y: rc},
		&chart.Series{Name: "precision at p = ½", Kind: chart.KindBar, Y: pr})
	c := chart.NewLines("Precision-recall curves on the test set")
	c.XLabel, c.YLabel = "recall", "precision"
	c.XMin, c.XMax, c.YMin, c.YMax = 0, 1, 0, 1
	for _, r := range res {
		c.Add(r.Name, r.PRRecall, r.PRPrec)
	}
	return []chart.Item{b, c}, nil
}

// EasyHardBins are the bins of the probability of the true class used by LossShares.
var EasyHardBins = []float64{0, 0.5, 0.9, 0.99, 1}

// LossShares returns, for the examples with probabilities of their true class pt, the
// share of the total focal loss with focusing γ contributed by each bin of
// EasyHardBins: p < 0.5 (misclassified, hard), 0.5–0.9, 0.9–0.99, ≥ 0.99 (easy).
func LossShares(pt []float64, gamma float64) ([]float64, error) {
	fl, err := FocalCurve(gamma, pt)
	if err != nil {
		return nil, fmt.Errorf("surrogate.LossShares: %w", err)
	}
	shares := make([]float64, len(EasyHardBins)-1)
	var total float64
	for i, p := range pt {
		for b := range shares {
			if p >= EasyHardBins[b] && (p < EasyHardBins[b+1] || b == len(shares)-1) {
				shares[b] += fl[i]
			}
		}
		total += fl[i]
	}
	if total > 0 {
		for b := range shares {
			shares[b] /= total
		}
	}
	return shares, nil
}

// TrueClassProbs returns σ(y·f(x)) for each example: the probability a fit gives the
// true class.
func TrueClassProbs(res *fit.Result, d *Imbalanced) ([]float64, error) {
	f, err := res.Predict(d.X)
	if err != nil {
		return nil, fmt.Errorf("surrogate.TrueClassProbs: %w", err)
	}
	for i := range f {
		f[i] = loss.Sigmoid(d.Y[i] * f[i])
	}
	return f, nil
}

// LossShareChart returns bars of LossShares for the examples pt, with a slider over γ
// in gammas starting at the value nearest gamma.
func LossShareChart(pt, gammas []float64, gamma float64) (*chart.Chart, error) {
	if len(gammas) == 0 || math.IsNaN(gamma) {
		return nil, fmt.Errorf("surrogate.LossShareChart: gammas = %v, gamma = %v", gammas, gamma)
	}
	frames := make([][]float64, len(gammas))
	for i, g := range gammas {
		sh, err := LossShares(pt, g)
		if err != nil {
			return nil, fmt.Errorf("surrogate.LossShareChart: %w", err)
		}
		frames[i] = sh
	}
	c := chart.NewBars("Who the loss is about: share of the total loss by p (true class)",
		"p < 0.5 (wrong)", "0.5 – 0.9", "0.9 – 0.99", "p ≥ 0.99 (easy)")
	c.YLabel, c.YMin, c.YMax = "share of the total loss", 0, 1
	s := chart.NewSlider("γ", gammas)
	s.Init = num.Nearest(gammas, gamma)
	c.AddFrames(s, func(i int) []*chart.Series {
		return []*chart.Series{{Name: "share of the loss", Kind: chart.KindBar, Color: chart.Palette[3], Y: frames[i]}}
	})
	return c, nil
}

// SquaredMargin is the squared loss on the margin, φ(m) = (1 − m)², which for y = ±1
// is the squared error (y − f)². It charges confident right answers (m > 1) too.
type SquaredMargin struct{}

func (SquaredMargin) Name() string            { return "Squared" }
func (SquaredMargin) Value(m float64) float64 { return (1 - m) * (1 - m) }
func (SquaredMargin) Deriv(m float64) float64 { return -2 * (1 - m) }

// LopsidedHinge is a convex margin loss with a kink at 0, φ(m) = max(0, 1 − m/2, 1 − 2m):
// slope −2 for wrong answers, −½ for right ones up to m = 2. It is convex and
// decreasing, but not differentiable at 0, so it is not classification-calibrated
// (Bartlett, Jordan & McAuliffe 2006): when P(y = 1 | x) is between 0.2 and 0.8, its
// risk is smallest at the score f = 0. Deriv returns the midpoint −1.25 at the kink.
type LopsidedHinge struct{}

func (LopsidedHinge) Name() string { return "LopsidedHinge" }
func (LopsidedHinge) Value(m float64) float64 {
	return math.Max(0, math.Max(1-m/2, 1-2*m))
}
func (LopsidedHinge) Deriv(m float64) float64 {
	switch {
	case m < 0:
		return -2
	case m == 0:
		return -1.25
	case m < 2:
		return -0.5
	case m == 2:
		return -0.25
	}
	return 0
}

// Surrogate is a named margin loss of notebook 04.
type Surrogate struct {
	Name string
	Loss loss.Margin
}

// Surrogates returns the 0/1 loss and its surrogates compared in notebook 04.
func Surrogates() []Surrogate {
	return []Surrogate{
		{"0/1", loss.ZeroOne{}},
		{"hinge", loss.Hinge{}},
		{"logistic", loss.Logistic{}},
		{"exponential", loss.Exponential{}},
		{"squared", SquaredMargin{}},
		{"modified Huber", loss.ModifiedHuber{}},
	}
}

// CalibrationRow is the classification-calibration check of one convex margin loss.
type CalibrationRow struct {
	Name                 string
	Left, Right          float64 // one-sided slopes φ′(0⁻), φ′(0⁺), by finite differences
	Differentiable       bool    // the two agree (to 1e-6)
	Calibrated           bool    // differentiable at 0 with φ′(0) < 0 (BJM 2006, Theorem 6)
	MinimiserSignCorrect bool    // sign f*(η) = sign(2η − 1) at η = 0.3 and 0.7
	Gap                  float64 // the smaller CalibrationGap at η = 0.3 and 0.7
}

// CalibrationTable checks each convex loss by Bartlett, Jordan & McAuliffe's condition,
// and, independently, by minimising its conditional risk at η = 0.3 and 0.7 (the sign
// of the minimiser and the calibration gap of their definition).
func CalibrationTable(ls []Surrogate) ([]CalibrationRow, error) {
	const h = 1e-7
	var rows []CalibrationRow
	for _, s := range ls {
		if s.Loss == nil {
			return nil, fmt.Errorf("surrogate.CalibrationTable: %q has a nil loss", s.Name)
		}
		f := s.Loss.Value
		r := CalibrationRow{Name: s.Name, Left: (f(0) - f(-h)) / h, Right: (f(h) - f(0)) / h}
		r.Differentiable = math.Abs(r.Left-r.Right) < 1e-6*math.Max(1, math.Abs(r.Left))
		r.Calibrated = r.Differentiable && r.Right < -1e-6
		lo, err := ConditionalMinimiser(s.Loss, 0.3)
		if err != nil {
			return nil, fmt.Errorf("surrogate.CalibrationTable: %w", err)
		}
		hi, err := ConditionalMinimiser(s.Loss, 0.7)
		if err != nil {
			return nil, fmt.Errorf("surrogate.CalibrationTable: %w", err)
		}
		r.MinimiserSignCorrect = lo < -1e-3 && hi > 1e-3
		g3, err := CalibrationGap(s.Loss, 0.3)
		if err != nil {
			return nil, fmt.Errorf("surrogate.CalibrationTable: %w", err)
		}
		g7, err := CalibrationGap(s.Loss, 0.7)
		if err != nil {
			return nil, fmt.Errorf("surrogate.CalibrationTable: %w", err)
		}
		r.Gap = math.Min(g3, g7)
		rows = append(rows, r)
	}
	return rows, nil
}

// ConditionalMinimiser returns the score f in [−5, 5] minimising the conditional risk
// C(f) = η·φ(f) + (1 − η)·φ(−f) of a convex margin loss φ at P(y = +1 | x) = η, by
// golden-section search to 1e-9.
func ConditionalMinimiser(l loss.Margin, eta float64) (float64, error) {
	if err := checkRisk("ConditionalMinimiser", l, eta); err != nil {
		return 0, err
	}
	return num.GoldenMin(conditionalRisk(l, eta), -5, 5, num.AbsWidth(1e-9), true), nil
}

func checkRisk(fn string, l loss.Margin, eta float64) error {
	if !(eta >= 0 && eta <= 1) {
		return fmt.Errorf("surrogate.%s: eta = %v, want a probability in [0, 1]", fn, eta)
	}
	if l == nil {
		return fmt.Errorf("surrogate.%s: loss is nil", fn)
	}
	return nil
}

func conditionalRisk(l loss.Margin, eta float64) func(f float64) float64 {
	return func(f float64) float64 { return eta*l.Value(f) + (1-eta)*l.Value(-f) }
}

// CalibrationGap returns H⁻(η) − H(η) for a convex margin loss φ: the smallest
// conditional risk C(f) = η·φ(f) + (1 − η)·φ(−f) over the scores of the wrong sign,
// f·(2η − 1) ≤ 0, minus the smallest over all scores (both over f ∈ [−5, 5]). Bartlett,
// Jordan & McAuliffe (2006, Definition 1) call φ classification-calibrated when this gap
// is strictly positive for every η ≠ ½: a wrong-signed score always costs strictly more
// than the best one. For η = ½ it is 0.
func CalibrationGap(l loss.Margin, eta float64) (float64, error) {
	if err := checkRisk("CalibrationGap", l, eta); err != nil {
		return 0, err
	}
	c := conditionalRisk(l, eta)
	best := c(num.GoldenMin(c, -5, 5, num.AbsWidth(1e-9), true))
	lo, hi := -5.0, 0.0 // the wrong sign when η > ½
	if eta < 0.5 {
		lo, hi = 0, 5
	}
	wrong := math.Min(c(num.GoldenMin(c, lo, hi, num.AbsWidth(1e-9), true)), c(0))
	return math.Max(0, wrong-best), nil
}

// SurrogateCharts returns a toggle between the surrogate losses against the margin
// m ∈ [−2, 2] and their conditional minimisers f*(η) against η = P(y = +1 | x), with
// the lopsided hinge added to the second.
func SurrogateCharts() (*chart.Toggle, error) {
	ms := num.Span(-2, 2, 121)
	c := chart.NewLines("The 0/1 loss and its surrogates against the margin")
	c.XLabel, c.YLabel = "margin m = y·f(x)", "φ(m)"
	c.YMin, c.YMax = 0, 5
	for _, s := range Surrogates() {
		ys := make([]float64, len(ms))
		for i, m := range ms {
			ys[i] = s.Loss.Value(m)
		}
		c.Add(s.Name, ms, num.Clip(ys, 0, 5))
	}
	etas := num.Span(0.02, 0.98, 97)
	mc := chart.NewLines("Each loss's best score f*(η) where P(y = +1 | x) = η")
	mc.XLabel, mc.YLabel = "η = P(y = +1 | x)", "best score f*"
	mc.YMin, mc.YMax = -3, 3
	for _, s := range append(Surrogates()[1:], Surrogate{"lopsided hinge", LopsidedHinge{}}) {
		ys := make([]float64, len(etas))
		for i, e := range etas {
			f, err := ConditionalMinimiser(s.Loss, e)
			if err != nil {
				return nil, fmt.Errorf("surrogate.SurrogateCharts: %w", err)
			}
			ys[i] = f
		}
		mc.Add(s.Name, etas, num.Clip(ys, -3, 3))
	}
	t := chart.NewToggle()
	t.Add("Losses", c)
	t.Add("Best scores", mc)
	return t, nil
}

// UncalibratedRow is one sample size of UncalibratedDemo: the mean test 0/1 error of
// the fitted linear classifiers over the repetitions, and the mean |slope|.
type UncalibratedRow struct {
	N                       int
	LogisticErr, LopErr     float64
	LogisticSlope, LopSlope float64
}

// UncalibratedEta is the conditional probability of UncalibratedDemo's problem:
// P(y = +1 | x) = 0.5 + 0.25·tanh(x), x uniform on [−3, 3]. The Bayes classifier is
// sign(x).
func UncalibratedEta(x float64) float64 { return 0.5 + 0.25*math.Tanh(x) }

// BayesErrorUncalibrated returns the 0/1 error of the Bayes classifier sign(x) on
// UncalibratedDemo's problem.
func BayesErrorUncalibrated() float64 { return testError(0, 1) }

// testError returns the exact 0/1 error of the classifier "positive when b + w·x > 0"
// on x ~ U(−3, 3) with UncalibratedEta, by the midpoint rule on 6000 cells.
func testError(b, w float64) float64 {
	const n = 6000
	var s float64
	for i := range n {
		x := -3 + 6*(float64(i)+0.5)/n
		eta := UncalibratedEta(x)
		if b+w*x > 0 {
			s += 1 - eta
		} else {
			s += eta
		}
	}
	return s / n
}

// UncalibratedDemo fits a line f(x) = b + w·x by the logistic loss and by the lopsided
// hinge on samples of each size in ns (reps samples each, from a fixed seed), and
// returns the mean exact test error and |w|. The logistic fit approaches the Bayes
// error; the lopsided hinge's fit shrinks toward f = 0, which calls everything
// negative: error 0.5.
func UncalibratedDemo(ns []int, reps int, seed uint64) ([]UncalibratedRow, error) {
	if reps < 1 {
		return nil, fmt.Errorf("surrogate.UncalibratedDemo: reps = %d, want at least 1", reps)
	}
	rng := rand.New(rand.NewPCG(seed, 17))
	var rows []UncalibratedRow
	for _, n := range ns {
		if n < 10 {
			return nil, fmt.Errorf("surrogate.UncalibratedDemo: n = %d, want at least 10", n)
		}
		row := UncalibratedRow{N: n}
		for range reps {
			x, y := make([][]float64, n), make([]float64, n)
			for i := range n {
				v := -3 + 6*rng.Float64()
				x[i] = []float64{v}
				y[i] = -1
				if rng.Float64() < UncalibratedEta(v) {
					y[i] = 1
				}
			}
			lr, err := fit.Logistic(x, y, loss.Logistic{}, nil)
			if err != nil {
				return nil, fmt.Errorf("surrogate.UncalibratedDemo: %w", err)
			}
			b, w, err := fitLopsided(x, y)
			if err != nil {
				return nil, fmt.Errorf("surrogate.UncalibratedDemo: %w", err)
			}
			row.LogisticErr += testError(lr.Intercept, lr.Coef[0])
			row.LopErr += testError(b, w)
			row.LogisticSlope += math.Abs(lr.Coef[0])
			row.LopSlope += math.Abs(w)
		}
		r := float64(reps)
		row.LogisticErr, row.LopErr, row.LogisticSlope, row.LopSlope = row.LogisticErr/r, row.LopErr/r, row.LogisticSlope/r, row.LopSlope/r
		rows = append(rows, row)
	}
	return rows, nil
}

// fitLopsided minimises the mean lopsided-hinge loss of the line b + w·x by Nelder-Mead
// (gonum optimize; the loss is convex but has kinks, so no gradient method), started
// at 0.
func fitLopsided(x [][]float64, y []float64) (b, w float64, err error) {
	l := LopsidedHinge{}
	p := optimize.Problem{Func: func(t []float64) float64 {
		var s float64
		for i := range y {
			s += l.Value(y[i] * (t[0] + t[1]*x[i][0]))
		}
		return s / float64(len(y))
	}}
	res, err := optimize.Minimize(p, []float64{0.1, 0.1}, &optimize.Settings{FuncEvaluations: 2000}, &optimize.NelderMead{})
	if err != nil && res == nil {
		return 0, 0, err
	}
	// A tie at f = 0 (every point on the kink) is reported as exactly 0.
	b, w = res.X[0], res.X[1]
	if math.Abs(b) < 1e-9 && math.Abs(w) < 1e-9 {
		b, w = 0, 0
	}
	return b, w, nil
}

// UncalibratedChart returns the test error of the logistic and lopsided-hinge line
// fits against log₁₀ n, with the Bayes error.
func UncalibratedChart(rows []UncalibratedRow) (*chart.Chart, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("surrogate.UncalibratedChart: no rows")
	}
	xs, le, pe, be := make([]float64, len(rows)), make([]float64, len(rows)), make([]float64, len(rows)), make([]float64, len(rows))
	for i, r := range rows {
		xs[i], le[i], pe[i], be[i] = math.Log10(float64(r.N)), r.LogisticErr, r.LopErr, BayesErrorUncalibrated()
	}
	c := chart.NewLines("Test error as the data grows: a calibrated and an uncalibrated loss")
	c.XLabel, c.YLabel = "log₁₀ of the sample size n", "0/1 test error"
	c.YMin, c.YMax = 0.25, 0.55
	c.Add("logistic (calibrated)", xs, le)
	c.Add("lopsided hinge (not calibrated)", xs, pe)
	c.Add("Bayes error", xs, be).Dash = true
	return c, nil
}

// FocalSweeps runs FocalSweep with FocalSweepGammas and FocalSweepSeeds on notebook 04's
// two problems: isotropic positives (standard deviations 1, 1) and elongated ones
// (ElongatedSD).
func FocalSweeps() (iso, elongated []FocalSweepRow, err error) {
	if iso, err = FocalSweep([2]float64{1, 1}, FocalSweepGammas, FocalSweepSeeds); err != nil {
		return nil, nil, err
	}
	if elongated, err = FocalSweep(ElongatedSD, FocalSweepGammas, FocalSweepSeeds); err != nil {
		return nil, nil, err
	}
	return iso, elongated, nil
}

// FocalSweepToggle shows FocalSweepChart of the two problems of FocalSweeps as a toggle.
func FocalSweepToggle(iso, elongated []FocalSweepRow) (*chart.Toggle, error) {
	a, err := FocalSweepChart("γ sweep, isotropic classes (5 seeds)", iso)
	if err != nil {
		return nil, err
	}
	b, err := FocalSweepChart("γ sweep, elongated positives (5 seeds)", elongated)
	if err != nil {
		return nil, err
	}
	t := chart.NewToggle()
	t.Add("isotropic", a)
	t.Add("elongated positives", b)
	return t, nil
}
