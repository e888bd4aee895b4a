package likelihood

// Notebook 02's classifiers: calibration, loss vs metric, custom losses.

import (
	"fmt"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
	"github.com/lossnb/lossnb/lossnb/metric"
	"gonum.org/v1/gonum/stat"
)

// BinaryData returns n points with one feature x ~ N(0, 1) and labels y ∈ {0, 1}
// with P(y = 1 | x) = σ(slope·x + bias), from a fixed seed (seed picks the stream).
func BinaryData(n int, slope, bias float64, seed uint64) (x [][]float64, y []float64, err error) {
	if n < 2 {
		return nil, nil, fmt.Errorf("likelihood.BinaryData: n = %d, want at least 2 points", n)
	}
	e := normalSrc(seed, 11)
	u := normalSrc(seed, 13) // a second stream, turned into uniforms through Φ
	x = make([][]float64, n)
	y = make([]float64, n)
	for i := range x {
		v := e.Rand()
		x[i] = []float64{v}
		if u.CDF(u.Rand()) < loss.Sigmoid(slope*v+bias) {
			y[i] = 1
		}
	}
	return x, y, nil
}

// CalibModel is one model of the calibration comparison.
type CalibModel struct {
	Name string
	*metric.Reliability
}

// OverconfidentFactor multiplies the cross-entropy model's logits in the
// "overconfident" model of CalibrationModels: the same ranking and decisions,
// probabilities pushed towards 0 and 1.
const OverconfidentFactor = 2

// CalibrationModels fits linear classifiers to BinaryData(n, 3, 0, 1) under
// cross-entropy (logistic), hinge and focal (γ = 2) losses, turns each score f
// into the probability σ(f), and evaluates them on BinaryData(test, 3, 0, 2) with
// 10-bin reliability diagrams; a fourth model is the cross-entropy model with its
// logits multiplied by OverconfidentFactor, and a fifth ignores x and always
// predicts the training set's frequency of class 1.
func CalibrationModels(n, test int) ([]CalibModel, error) {
	x, y, err := BinaryData(n, 3, 0, 1)
	if err != nil {
		return nil, fmt.Errorf("likelihood.CalibrationModels: %w", err)
	}
	xt, yt, err := BinaryData(test, 3, 0, 2)
	if err != nil {
		return nil, fmt.Errorf("likelihood.CalibrationModels: %w", err)
	}
	type model struct {
		name  string
		l     loss.Margin
		scale float64
	}
	var out []CalibModel
	var ce *fit.Result
	for _, m := range []model{
		{"cross-entropy", loss.Logistic{}, 1},
		{"hinge", loss.Hinge{}, 1},
		{"focal γ=2", loss.FocalMargin{Gamma: 2}, 1},
		{fmt.Sprintf("CE, logits × %d", OverconfidentFactor), nil, OverconfidentFactor},
	} {
		f := ce
		if m.l != nil {
			if f, err = fit.Logistic(x, y, m.l, nil); err != nil {
				return nil, fmt.Errorf("likelihood.CalibrationModels: %s: %w", m.name, err)
			}
			if ce == nil {
				ce = f
			}
		}
		s, err := f.Predict(xt)
		if err != nil {
			return nil, fmt.Errorf("likelihood.CalibrationModels: %w", err)
		}
		p := make([]float64, len(s))
		for i, v := range s {
			p[i] = loss.Sigmoid(m.scale * v)
		}
		r, err := metric.Calibrate(p, yt, 10)
		if err != nil {
			return nil, fmt.Errorf("likelihood.CalibrationModels: %s: %w", m.name, err)
		}
		out = append(out, CalibModel{Name: m.name, Reliability: r})
	}
	base := stat.Mean(y, nil)
	p := make([]float64, len(yt))
	for i := range p {
		p[i] = base
	}
	r, err := metric.Calibrate(p, yt, 10)
	if err != nil {
		return nil, fmt.Errorf("likelihood.CalibrationModels: constant: %w", err)
	}
	out = append(out, CalibModel{Name: "base rate", Reliability: r})
	return out, nil
}

// ReliabilityChart returns the reliability diagrams of the models (observed
// frequency against mean predicted probability, per bin) with the diagonal of
// perfect calibration.
func ReliabilityChart(models []CalibModel) (*chart.Chart, error) {
	if len(models) == 0 {
		return nil, fmt.Errorf("likelihood.ReliabilityChart: models is empty")
	}
	c := chart.NewLines("Reliability diagram: when a model says p, how often is it class 1?")
	c.XLabel, c.YLabel = "mean predicted probability (10 bins)", "observed frequency of class 1"
	c.XMin, c.XMax, c.YMin, c.YMax = 0, 1, 0, 1
	d := c.Add("calibrated", []float64{0, 1}, []float64{0, 1})
	d.Dash, d.Color, d.Width = true, "#888888", 1
	for _, m := range models {
		c.Add(m.Name, m.Conf, m.Freq)
	}
	return c, nil
}

// MetricTrace runs gradient descent on the logistic loss (fit.TraceLogistic, steps
// updates at learning rate 1, from 0) for an imbalanced data set,
// BinaryData(n, 2, −3, 3) (about one point in ten is class 1), and returns a chart
// of the log-loss, accuracy and F1 against the step, with the trace.
func MetricTrace(n, steps int) (*chart.Chart, *fit.Trace, error) {
	x, y, err := BinaryData(n, 2, -3, 3)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.MetricTrace: %w", err)
	}
	tr, err := fit.TraceLogistic(x, y, loss.Logistic{}, &fit.TraceOptions{Steps: steps, LearningRate: 1})
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.MetricTrace: %w", err)
	}
	t := num.Span(0, float64(steps), steps+1)
	c := chart.NewLines("Training on log-loss, reporting accuracy and F1")
	c.XLabel, c.YLabel = "step", "value"
	c.YMin, c.YMax = 0, 1
	c.Add("log-loss (what is optimised)", t, tr.Loss)
	c.Add("accuracy", t, tr.Metric)
	c.Add("F1 of class 1", t, tr.F1)
	return c, tr, nil
}

// QuantileTaus are the levels of the quantile regressions of notebook 02.
var QuantileTaus = []float64{0.1, 0.5, 0.9}

// QuantileBands fits linear quantile regressions at QuantileTaus to HeteroData(n, 1)
// (fit.Quantiles, exact), returns a chart of the data with the three lines, and the
// 80% prediction interval [q₀.₁, q₀.₉] evaluated on HeteroData(test, 2)
// (fit.PredictionInterval).
func QuantileBands(n, test int) (*chart.Chart, *fit.Interval, error) {
	x, y, err := HeteroData(n, 1)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.QuantileBands: %w", err)
	}
	xt, yt, err := HeteroData(test, 2)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.QuantileBands: %w", err)
	}
	q, err := fit.Quantiles(num.Column(x), y, QuantileTaus, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.QuantileBands: %w", err)
	}
	iv, err := fit.PredictionInterval(num.Column(x), y, 0.1, 0.9, num.Column(xt), yt, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.QuantileBands: %w", err)
	}
	c := chart.NewScatter("Quantile regression at τ = 0.1, 0.5, 0.9")
	c.XLabel, c.YLabel = "x", "y"
	c.YMin, c.YMax = -6, 16
	c.Add("data", x, y).Color = "#8c96a8"
	ends := []float64{0, 10}
	for k, f := range q.Fits {
		l := chart.Line(fmt.Sprintf("τ = %g", q.Taus[k]), ends, []float64{f.Intercept, f.Intercept + 10*f.Coef[0]})
		l.Dash = k != 1
		c.AddSeries(l)
	}
	return c, iv, nil
}

// ImbalancedData returns n points in 2-D of 3 classes with class 1 rare: classes 0,
// 1, 2 with probabilities 0.475, 0.05, 0.475, centred at (−1.5, 0), (0, 0.8) and
// (1.5, 0), standard Gaussian spread, from a fixed seed (seed picks the stream).
func ImbalancedData(n int, seed uint64) (x [][]float64, labels []int, err error) {
	if n < 3 {
		return nil, nil, fmt.Errorf("likelihood.ImbalancedData: n = %d, want at least 3 points", n)
	}
	e := normalSrc(seed, 17)
	centres := [][2]float64{{-1.5, 0}, {0, 0.8}, {1.5, 0}}
	x = make([][]float64, n)
	labels = make([]int, n)
	for i := range x {
		u := e.CDF(e.Rand())
		k := 0
		switch {
		case u >= 0.525:
			k = 2
		case u >= 0.475:
			k = 1
		}
		labels[i] = k
		x[i] = []float64{centres[k][0] + e.Rand(), centres[k][1] + e.Rand()}
	}
	return x, labels, nil
}

// WeightedResult is the per-class recall of a softmax model, how many points it
// assigns to each class, its accuracy and its multi-class Brier score
// (loss.Brier: Σ_c (p_c − 1[c = y])², mean over the points), on test data.
type WeightedResult struct {
	Weights   []float64
	Recall    []float64
	Predicted []int
	Accuracy  float64
	Brier     float64
}

// WeightedCE fits softmax regressions to ImbalancedData(n, 1) with per-class
// weights (each point weighted by its class's weight, fit.Options.Weights: the
// weighted mean CE of PyTorch's F.cross_entropy(weight=…)), one fit per row of
// classWeights, and evaluates each on ImbalancedData(test, 2).
func WeightedCE(n, test int, classWeights [][]float64) ([]WeightedResult, error) {
	return weightedCE(n, test, classWeights, 1, 2)
}

// weightedCE is WeightedCE with the training and test data drawn from the given
// seeds; the tests try several.
func weightedCE(n, test int, classWeights [][]float64, trainSeed, testSeed uint64) ([]WeightedResult, error) {
	x, lab, err := ImbalancedData(n, trainSeed)
	if err != nil {
		return nil, fmt.Errorf("likelihood.WeightedCE: %w", err)
	}
	xt, labt, err := ImbalancedData(test, testSeed)
	if err != nil {
		return nil, fmt.Errorf("likelihood.WeightedCE: %w", err)
	}
	var out []WeightedResult
	for j, cw := range classWeights {
		if len(cw) != 3 {
			return nil, fmt.Errorf("likelihood.WeightedCE: len(classWeights[%d]) = %d, want 3", j, len(cw))
		}
		w := make([]float64, n)
		for i, k := range lab {
			w[i] = cw[k]
		}
		m, err := fit.Softmax(x, lab, 3, &fit.Options{Weights: w})
		if err != nil {
			return nil, fmt.Errorf("likelihood.WeightedCE: classWeights[%d]: %w", j, err)
		}
		probs, err := m.Probs(xt)
		if err != nil {
			return nil, fmt.Errorf("likelihood.WeightedCE: %w", err)
		}
		r := WeightedResult{Weights: cw, Recall: make([]float64, 3), Predicted: make([]int, 3)}
		total := make([]float64, 3)
		flat := make([]float64, 0, 3*len(probs))
		for _, p := range probs {
			flat = append(flat, p...)
		}
		if r.Brier, err = loss.Brier(flat, 3, labt, loss.Options{}); err != nil {
			return nil, fmt.Errorf("likelihood.WeightedCE: %w", err)
		}
		for i, p := range probs {
			k := 0
			for c := range p {
				if p[c] > p[k] {
					k = c
				}
			}
			r.Predicted[k]++
			total[labt[i]]++
			if k == labt[i] {
				r.Recall[k]++
				r.Accuracy++
			}
		}
		for c := range r.Recall {
			r.Recall[c] /= total[c]
		}
		r.Accuracy /= float64(len(xt))
		out = append(out, r)
	}
	return out, nil
}

// EarlyStop is a training run stopped by the validation Brier score.
type EarlyStop struct {
	TrainLoss, ValBrier, ValLogLoss []float64
	Best                            int // step with the smallest validation Brier score
}

// BrierEarlyStopping trains logistic regression by gradient descent
// (fit.TraceLogistic, steps updates, learning rate 0.1) on n points with dim
// features of which only the first matters (P(y = 1) = σ(1.5·x₁)), so that the
// model overfits the noise features, and records the mean Brier score (p − y)² on
// 1000 validation points at every step; Best is where it is smallest. It returns a
// chart of the training log-loss and the validation Brier score.
func BrierEarlyStopping(n, dim, steps int) (*chart.Chart, *EarlyStop, error) {
	if dim < 1 {
		return nil, nil, fmt.Errorf("likelihood.BrierEarlyStopping: dim = %d, want ≥ 1", dim)
	}
	gen := func(m int, seed uint64) ([][]float64, []float64, error) {
		x1, y, err := BinaryData(m, 1.5, 0, seed)
		if err != nil {
			return nil, nil, err
		}
		e := normalSrc(seed, 19)
		for i := range x1 {
			for j := 1; j < dim; j++ {
				x1[i] = append(x1[i], e.Rand())
			}
		}
		return x1, y, nil
	}
	x, y, err := gen(n, 4)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.BrierEarlyStopping: %w", err)
	}
	xv, yv, err := gen(1000, 5)
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.BrierEarlyStopping: %w", err)
	}
	tr, err := fit.TraceLogistic(x, y, loss.Logistic{}, &fit.TraceOptions{Steps: steps, LearningRate: 0.1})
	if err != nil {
		return nil, nil, fmt.Errorf("likelihood.BrierEarlyStopping: %w", err)
	}
	es := &EarlyStop{TrainLoss: tr.Loss}
	p := make([]float64, len(yv))
	for t, th := range tr.Params {
		for i, row := range xv {
			f := th[0]
			for j, v := range row {
				f += th[j+1] * v
			}
			p[i] = loss.Sigmoid(f)
		}
		b, err := loss.MSE(p, yv, loss.Options{})
		if err != nil {
			return nil, nil, fmt.Errorf("likelihood.BrierEarlyStopping: %w", err)
		}
		ll, err := loss.BCE(p, yv, loss.BCEOptions{})
		if err != nil {
			return nil, nil, fmt.Errorf("likelihood.BrierEarlyStopping: %w", err)
		}
		es.ValBrier = append(es.ValBrier, b)
		es.ValLogLoss = append(es.ValLogLoss, ll)
		if b < es.ValBrier[es.Best] {
			es.Best = t
		}
	}
	t := num.Span(0, float64(steps), steps+1)
	c := chart.NewLines("Early stopping on the validation Brier score")
	c.XLabel, c.YLabel = "step", "value"
	c.YMin, c.YMax = 0, 0.8
	c.Add("training log-loss", t, es.TrainLoss)
	c.Add("validation Brier score", t, es.ValBrier)
	stop := chart.Line(fmt.Sprintf("stop here (step %d)", es.Best), []float64{float64(es.Best), float64(es.Best)}, []float64{0, 0.8})
	stop.Dash, stop.Color = true, "#888888"
	c.AddSeries(stop)
	return c, es, nil
}
