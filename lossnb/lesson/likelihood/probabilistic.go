package likelihood

// Notebook 02, "The probabilistic story": every loss is a negative log-noiseModel,
// proper scoring rules, and the gradient behaviour of the standard losses.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/lesson/common"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// Scales are the values of the scale slider of LikelihoodLosses: σ (or b, or the
// Student-t scale) from 0.5 to 2 in steps of 0.1.
var Scales = num.Span(0.5, 2, 16)

// StudentNu is the degrees of freedom of the Student-t noiseModel of notebook 02:
// ν = 3, heavy tails with a finite variance (Lange, Little & Taylor, "Robust
// statistical modeling using the t distribution", JASA 84, 1989, use ν = 4; any
// small ν shows the point).
const StudentNu = 3

// noiseModel is one noise model of LikelihoodLosses: its exact negative
// log-density (NLLOptions.Full) of residual r at scale s, from package loss.
type noiseModel struct {
	name, loss string
	nll        func(r, s float64) (float64, error)
}

func regressionLikelihoods() []noiseModel {
	full := loss.NLLOptions{Full: true, NoEps: true} // the textbook densities (no variance clamp)
	return []noiseModel{
		{"Gaussian", "→ MSE", func(r, s float64) (float64, error) {
			return loss.GaussianNLL([]float64{0}, []float64{r}, []float64{s * s}, full)
		}},
		{"Laplace", "→ MAE", func(r, s float64) (float64, error) {
			return loss.LaplaceNLL([]float64{0}, []float64{r}, []float64{s}, full)
		}},
		{fmt.Sprintf("Student-t(ν=%d)", StudentNu), "→ log(1 + r²/(νs²))", func(r, s float64) (float64, error) {
			return loss.StudentTNLL([]float64{0}, []float64{r}, []float64{s}, StudentNu, full)
		}},
	}
}

// NLLCurve returns the exact negative log-density −log p(r) of the residuals rs
// under the noise model name ("Gaussian", "Laplace" or "Student-t") at scale s
// (σ for the Gaussian, b for the Laplace, the scale of the Student-t with ν =
// StudentNu), computed by package loss with NLLOptions.Full.
func NLLCurve(name string, rs []float64, s float64) ([]float64, error) {
	if !(s > 0) || math.IsInf(s, 0) {
		return nil, fmt.Errorf("likelihood.NLLCurve: s = %v, want a finite scale > 0", s)
	}
	for _, l := range regressionLikelihoods() {
		if l.name == name || (name == "Student-t" && strings.HasPrefix(l.name, "Student-t")) {
			out := make([]float64, len(rs))
			for i, r := range rs {
				v, err := l.nll(r, s)
				if err != nil {
					return nil, fmt.Errorf("likelihood.NLLCurve: %w", err)
				}
				out[i] = v
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("likelihood.NLLCurve: name = %q, want Gaussian, Laplace or Student-t", name)
}

// LikelihoodLosses returns two charts that share a slider over the scale s in
// scales (starting nearest s): the densities p(r) = exp(−NLL) of the Gaussian,
// Laplace and Student-t noise models, and their negative log-densities, the losses
// they give. The Gaussian's is r²/(2s²) + log s + ½ log 2π: MSE up to a scale and a
// constant; the Laplace's is |r|/s + log 2s: MAE up to the same.
func LikelihoodLosses(scales []float64, s float64) ([]chart.Item, error) {
	if len(scales) == 0 {
		return nil, fmt.Errorf("likelihood.LikelihoodLosses: scales is empty")
	}
	for i, v := range scales {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("likelihood.LikelihoodLosses: scales[%d] = %v, want a finite scale > 0", i, v)
		}
	}
	rs := num.Span(-5, 5, 121)
	ls := regressionLikelihoods()
	nll := make([][][]float64, len(scales)) // [scale][model][point]
	for k, sc := range scales {
		nll[k] = make([][]float64, len(ls))
		for m, l := range ls {
			nll[k][m] = make([]float64, len(rs))
			for i, r := range rs {
				v, err := l.nll(r, sc)
				if err != nil {
					return nil, fmt.Errorf("likelihood.LikelihoodLosses: %w", err)
				}
				nll[k][m][i] = v
			}
		}
	}
	sl := chart.NewSlider("scale s", scales)
	sl.Format = "%.1f"
	sl.Init = num.Nearest(scales, s)
	dens := chart.NewLines("The noise model p(y | ŷ): density of the residual")
	dens.XLabel, dens.YLabel = "residual r = y − ŷ", "density p(r)"
	dens.YMin, dens.YMax = 0, 1
	dens.AddFrames(sl, func(k int) []*chart.Series {
		var out []*chart.Series
		for m, l := range ls {
			p := make([]float64, len(rs))
			for i, v := range nll[k][m] {
				p[i] = math.Exp(-v)
			}
			out = append(out, chart.Line(l.name, rs, p))
		}
		return out
	})
	neg := chart.NewLines("Its negative log-density: the loss")
	neg.XLabel, neg.YLabel = "residual r = y − ŷ", "−log p(r)"
	neg.YMin, neg.YMax = 0, 14
	neg.AddFrames(sl, func(k int) []*chart.Series {
		var out []*chart.Series
		for m, l := range ls {
			out = append(out, chart.Line(l.name+"  "+l.loss, rs, nll[k][m]))
		}
		return out
	})
	return []chart.Item{dens, neg}, nil
}

// ClassLikelihoods returns the classification half of "every loss is a
// noiseModel": the negative log-noiseModel of the label against the logit z, for the
// Bernoulli model P(y = 1) = σ(z) (loss.BernoulliNLL, which is binary cross-entropy
// on logits) with y = 1 and y = 0, and for the categorical model over 3 classes with
// logits (z, 0, 0) and label 0 (loss.CrossEntropy, the categorical NLL of
// log-softmax).
func ClassLikelihoods() (*chart.Chart, error) {
	zs := num.Span(-5, 5, 121)
	one, zero, cat := make([]float64, len(zs)), make([]float64, len(zs)), make([]float64, len(zs))
	for i, z := range zs {
		var err error
		if one[i], err = loss.BernoulliNLL([]float64{z}, []float64{1}, loss.Options{}); err != nil {
			return nil, fmt.Errorf("likelihood.ClassLikelihoods: %w", err)
		}
		if zero[i], err = loss.BernoulliNLL([]float64{z}, []float64{0}, loss.Options{}); err != nil {
			return nil, fmt.Errorf("likelihood.ClassLikelihoods: %w", err)
		}
		if cat[i], err = loss.CrossEntropy([]float64{z, 0, 0}, 3, []int{0}, loss.CEOptions{}); err != nil {
			return nil, fmt.Errorf("likelihood.ClassLikelihoods: %w", err)
		}
	}
	c := chart.NewLines("Bernoulli and categorical NLL = cross-entropy")
	c.XLabel, c.YLabel = "logit z", "−log p(label)"
	c.Add("Bernoulli, y = 1:  −log σ(z)", zs, one)
	c.Add("Bernoulli, y = 0:  −log(1 − σ(z))", zs, zero)
	c.Add("categorical, 3 classes, logits (z, 0, 0), label 0", zs, cat)
	return c, nil
}

// Rates are the values of the Poisson rate slider: λ from 0.5 to 12 in 24 steps.
var Rates = num.Span(0.5, 12, 24)

// PoissonCounts returns the probabilities P(k | λ) of the counts k = 0…20 for each
// λ in rates (as a bar chart with a slider starting nearest rate), computed as
// exp(−PoissonNLL) with the exact log k! (loss.PoissonNLL with Full).
func PoissonCounts(rates []float64, rate float64) (*chart.Chart, error) {
	if len(rates) == 0 {
		return nil, fmt.Errorf("likelihood.PoissonCounts: rates is empty")
	}
	ks := num.Span(0, 20, 21)
	probs := make([][]float64, len(rates))
	for j, lam := range rates {
		if !(lam > 0) || math.IsInf(lam, 0) {
			return nil, fmt.Errorf("likelihood.PoissonCounts: rates[%d] = %v, want a finite rate > 0", j, lam)
		}
		probs[j] = make([]float64, len(ks))
		for i, k := range ks {
			v, err := loss.PoissonNLL([]float64{lam}, []float64{k}, loss.NLLOptions{Full: true, Exact: true, NoEps: true}) // exact log k!: a probability
			if err != nil {
				return nil, fmt.Errorf("likelihood.PoissonCounts: %w", err)
			}
			probs[j][i] = math.Exp(-v)
		}
	}
	c := chart.NewBars("Counts: the Poisson model P(k | λ)")
	c.XLabel, c.YLabel = "count k", "probability"
	c.YMin, c.YMax = 0, 0.65
	sl := chart.NewSlider("rate λ", rates)
	sl.Format = "%.1f"
	sl.Init = num.Nearest(rates, rate)
	c.AddFrames(sl, func(j int) []*chart.Series {
		return []*chart.Series{chart.Bars("P(k | λ)", ks, probs[j])}
	})
	return c, nil
}

// PoissonBestRate returns the constant rate λ that minimises the mean Poisson NLL
// of the counts, found by golden-section search on loss.PoissonNLL over
// (0, max count]; the answer is the mean count (the NLL's derivative is
// 1 − ȳ/λ).
func PoissonBestRate(counts []float64) (float64, error) {
	if len(counts) == 0 {
		return 0, fmt.Errorf("likelihood.PoissonBestRate: counts is empty")
	}
	hi := 0.0
	for i, k := range counts {
		if !(k >= 0) || math.IsInf(k, 0) {
			return 0, fmt.Errorf("likelihood.PoissonBestRate: counts[%d] = %v, want a finite count ≥ 0", i, k)
		}
		hi = math.Max(hi, k)
	}
	if hi == 0 {
		return 0, nil
	}
	f := func(lam float64) float64 {
		rate := make([]float64, len(counts))
		for i := range rate {
			rate[i] = lam
		}
		v, _ := loss.PoissonNLL(rate, counts, loss.NLLOptions{})
		return v
	}
	return num.GoldenMin(f, 1e-12, hi, func(a, _ float64) float64 { return 1e-12 * (1 + math.Abs(a)) }, false), nil
}

// ScorePs are the values of the true-probability slider of ExpectedScores: 0.05 to
// 0.95 in steps of 0.05.
var ScorePs = num.Span(0.05, 0.95, 19)

// ExpectedLogScore is the expected log-loss of predicting probability q for an event
// of true probability p: −p log q − (1 − p) log(1 − q).
func ExpectedLogScore(p, q float64) float64 {
	return -p*math.Log(q) - (1-p)*math.Log1p(-q)
}

// ExpectedBrier is the expected binary Brier score (q − y)² (Brier 1950; the
// one-probability form, MSE(prob, y)) of predicting q when y = 1 with probability p:
// p(1 − q)² + (1 − p)q² = (q − p)² + p(1 − p).
func ExpectedBrier(p, q float64) float64 {
	return p*(1-q)*(1-q) + (1-p)*q*q
}

// ExpectedZeroOne is the expected 0/1 loss of the decision "event" when q ≥ ½ (and
// "no event" below): 1 − p if q ≥ ½, p otherwise. It is flat on each side of ½.
func ExpectedZeroOne(p, q float64) float64 {
	if q >= 0.5 {
		return 1 - p
	}
	return p
}

// ExpectedHinge is the expected hinge loss max(0, 1 − y·f), labels y = ±1, of the
// score f = 2q − 1 that a forecast q ∈ [0, 1] maps to (q = ½ is the decision
// boundary f = 0), when y = +1 with probability p:
// p·max(0, 1 − f) + (1 − p)·max(0, 1 + f) = 1 + (2q − 1)(1 − 2p) on [0, 1]. It is
// linear in q, so it is smallest at q = 1 when p > ½ and at q = 0 when p < ½: the
// hinge rewards the sign, not the probability (it is not a proper scoring rule;
// Bartlett, Jordan & McAuliffe 2006; Gneiting & Raftery 2007).
func ExpectedHinge(p, q float64) float64 {
	f := 2*q - 1
	return p*math.Max(0, 1-f) + (1-p)*math.Max(0, 1+f)
}

// ExpectedScores returns the expected log, Brier, 0/1 and hinge scores against the
// predicted probability q on [0.01, 0.99], for the true probability p on a slider
// over ps (starting nearest p), with a marker at the true p.
func ExpectedScores(ps []float64, p float64) (*chart.Chart, error) {
	if len(ps) == 0 {
		return nil, fmt.Errorf("likelihood.ExpectedScores: ps is empty")
	}
	for i, v := range ps {
		if !(v > 0 && v < 1) {
			return nil, fmt.Errorf("likelihood.ExpectedScores: ps[%d] = %v, want a probability in (0, 1)", i, v)
		}
	}
	qs := num.Span(0.01, 0.99, 99)
	c := chart.NewLines("Expected score when the truth is p: where is it smallest?")
	c.XLabel, c.YLabel = "predicted probability q", "expected score"
	c.XMin, c.XMax, c.YMin, c.YMax = 0, 1, 0, 2
	sl := chart.NewSlider("true p", ps)
	sl.Init = num.Nearest(ps, p)
	c.AddFrames(sl, func(j int) []*chart.Series {
		pj := ps[j]
		curve := func(f func(p, q float64) float64) []float64 {
			ys := make([]float64, len(qs))
			for i, q := range qs {
				ys[i] = f(pj, q)
			}
			return ys
		}
		truth := chart.Line("true p", []float64{pj, pj}, []float64{0, 2})
		truth.Dash, truth.Color = true, "#888888"
		return []*chart.Series{
			chart.Line("log score", qs, curve(ExpectedLogScore)),
			chart.Line("Brier", qs, curve(ExpectedBrier)),
			chart.Line("0/1 of q ≥ ½", qs, curve(ExpectedZeroOne)),
			chart.Line("hinge of 2q − 1", qs, curve(ExpectedHinge)),
			truth,
		}
	})
	return c, nil
}

// argmin returns the x in xs where f is smallest (the first one on a tie).
func argmin(xs []float64, f func(float64) float64) float64 {
	best, bv := math.NaN(), math.Inf(1)
	for _, x := range xs {
		if v := f(x); v < bv {
			best, bv = x, v
		}
	}
	return best
}

// GradientCurves returns the gradients training follows: for regression, the
// derivative of each loss with respect to the prediction, −ψ(r) (MSE −2r, MAE
// −sign r, Huber with δ = 1), against the residual r; for classification, the
// derivative of the cross-entropy with respect to the logit, σ(z) − y (from
// loss.BernoulliNLLGrad), for y = 1 and y = 0, and beside it the multi-class
// gradient softmax(z) − onehot(y) (from loss.CrossEntropyGrad) for three classes
// with logits (z, 0, 0) and label 0: its component for the true class,
// e^z/(e^z + 2) − 1, and for a wrong class, 1/(e^z + 2): two charts, side by side.
func GradientCurves() ([]chart.Item, error) {
	rs := num.Span(-3, 3, 121)
	reg := chart.NewLines("∂loss/∂ŷ: how hard each residual pulls the prediction")
	reg.XLabel, reg.YLabel = "residual r = y − ŷ", "∂loss/∂ŷ = −ψ(r)"
	for _, l := range []struct {
		name string
		l    loss.Regression
	}{{"MSE", loss.Squared{}}, {"MAE", loss.Absolute{}}, {"Huber δ = 1", loss.Huber{Delta: 1}}} {
		ys := common.DerivCurve(l.l, rs)
		for i := range ys {
			ys[i] = -ys[i]
		}
		reg.Add(l.name, rs, ys)
	}
	zs := num.Span(-6, 6, 121)
	cls := chart.NewLines("∂CE/∂z = probability − target (dashed: 3 classes, logits (z, 0, 0), label 0)")
	cls.XLabel, cls.YLabel = "logit z", "∂CE/∂z"
	for _, y := range []float64{1, 0} {
		g := make([]float64, len(zs))
		for i, z := range zs {
			d := []float64{0}
			if _, _, err := loss.BernoulliNLLGrad(d, []float64{z}, []float64{y}, loss.Options{}); err != nil {
				return nil, fmt.Errorf("likelihood.GradientCurves: %w", err)
			}
			g[i] = d[0]
		}
		cls.Add(fmt.Sprintf("binary, y = %g", y), zs, g)
	}
	true0, wrong1 := make([]float64, len(zs)), make([]float64, len(zs))
	d := make([]float64, 3)
	for i, z := range zs {
		if _, _, err := loss.CrossEntropyGrad(d, []float64{z, 0, 0}, 3, []int{0}, loss.CEOptions{}); err != nil {
			return nil, fmt.Errorf("likelihood.GradientCurves: %w", err)
		}
		true0[i], wrong1[i] = d[0], d[1]
	}
	for _, s := range []*chart.Series{
		chart.Line("3 classes: ∂/∂z₀ (true)", zs, true0),
		chart.Line("∂/∂z₁ (wrong)", zs, wrong1),
	} {
		s.Dash = true
		cls.AddSeries(s)
	}
	return []chart.Item{reg, cls}, nil
}

// DescentData are the 9 targets of the gradient-descent demo: eight near 2 and one
// far at 20 (mean 4.0, median 2.0).
var DescentData = []float64{1.2, 1.5, 1.8, 1.9, 2.0, 2.2, 2.4, 2.9, 20.1}

// LearningRates are the values of the step-size slider of DescentTraces.
var LearningRates = []float64{0.02, 0.05, 0.1, 0.2, 0.3, 0.4}

// DescentTraces runs gradient descent on the constant prediction θ of the ys,
// from θ = 0, under MSE and MAE (fit.TraceLinear with an intercept only, steps
// updates), for each learning rate in rates, and returns a chart of θ against the
// step with a slider over the rate (starting nearest rate), and the traces
// ([rate][0 MSE, 1 MAE]).
func DescentTraces(ys, rates []float64, rate float64, steps int) (*chart.Chart, [][2]*fit.Trace, error) {
	if len(rates) == 0 {
		return nil, nil, fmt.Errorf("likelihood.DescentTraces: rates is empty")
	}
	if steps < 1 {
		return nil, nil, fmt.Errorf("likelihood.DescentTraces: steps = %d, want ≥ 1", steps)
	}
	traces := make([][2]*fit.Trace, len(rates))
	for j, eta := range rates {
		for l, lf := range []loss.Regression{loss.Squared{}, loss.Absolute{}} {
			tr, err := fit.TraceLinear(nil, ys, lf, &fit.TraceOptions{Steps: steps, LearningRate: eta})
			if err != nil {
				return nil, nil, fmt.Errorf("likelihood.DescentTraces: rates[%d]: %w", j, err)
			}
			traces[j][l] = tr
		}
	}
	t := num.Span(0, float64(steps), steps+1)
	c := chart.NewLines("Gradient descent on one number θ, from θ = 0")
	c.XLabel, c.YLabel = "step", "θ"
	mean, median := stat.Mean(ys, nil), num.Median(ys)
	for _, ref := range []struct {
		name string
		v    float64
	}{{fmt.Sprintf("mean %.2f", mean), mean}, {fmt.Sprintf("median %.2f", median), median}} {
		s := c.Add(ref.name, []float64{0, float64(steps)}, []float64{ref.v, ref.v})
		s.Dash, s.Width = true, 1
	}
	sl := chart.NewSlider("learning rate η", rates)
	sl.Init = num.Nearest(rates, rate)
	c.AddFrames(sl, func(j int) []*chart.Series {
		var out []*chart.Series
		for l, name := range []string{"MSE", "MAE"} {
			th := make([]float64, len(t))
			for i, p := range traces[j][l].Params {
				th[i] = p[0]
			}
			out = append(out, chart.Line(name, t, th))
		}
		return out
	})
	return c, traces, nil
}

// normalSrc returns a standard normal generator with a fixed seed.
func normalSrc(a, b uint64) distuv.Normal {
	return distuv.Normal{Mu: 0, Sigma: 1, Src: rand.NewPCG(a, b)}
}
