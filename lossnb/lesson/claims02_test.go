package lesson

// The numbers that notebook 02's prose states, each computed with lossnb and
// checked against the sentence that states it (see claims_test.go).

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
	"gonum.org/v1/gonum/stat"
)

const nb02 = "02-probabilistic-story.ipynb"

// rnd2 and rnd3 round to 2 and 3 decimals, as the prose states the numbers.

// pct1 rounds a fraction to a percentage with one decimal.
func pct1(v float64) float64 { return math.Round(1000*v) / 10 }

func TestClaims02Likelihoods(t *testing.T) {
	text := prose(t, nb02)
	g, err := NLLCurve("Gaussian", []float64{0, 5}, 1)
	if err != nil {
		t.Fatal(err)
	}
	l, err := NLLCurve("Laplace", []float64{0}, 1)
	if err != nil {
		t.Fatal(err)
	}
	st, err := NLLCurve("Student-t", []float64{5}, 1)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "$\\tfrac12\\log 2\\pi \\approx 0.919$ at $s = 1$", round3(g[0]), 0.919, 0)
	claim(t, text, "($\\log 2 \\approx 0.693$ at $s = 1$)", round3(l[0]), 0.693, 0)
	claim(t, text, "**Student-t** with $\\nu = 3$ degrees of freedom", StudentNu, 3, 0)
	claim(t, text, "costs 13.42 under the Gaussian", round2(g[1]), 13.42, 0)
	claim(t, text, "only 5.47 under the Student-t", round2(st[0]), 5.47, 0)
	best, err := PoissonBestRate([]float64{0, 1, 3, 2, 5})
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "for the counts 0, 1, 3, 2, 5 the NLL is smallest at $\\lambda = 2.20$", round2(best), 2.20, 0)
	claim(t, text, "for the counts 0, 1, 3, 2, 5 the NLL is smallest at $\\lambda = 2.20$", stat.Mean([]float64{0, 1, 3, 2, 5}, nil), 2.2, 1e-15)
}

func TestClaims02LearnedVariance(t *testing.T) {
	text := prose(t, nb02)
	// HeteroData's noise: σ(x) = 0.2 + 0.3x.
	claim(t, text, "noise that grows from 0.2 at $x = 0$ to 3.2 at $x = 10$", 0.2+0.3*10, 3.2, 1e-15)
	_, h, err := LearnedVariance(200, 1000)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "it holds 99.8% of the points with $x < 5$", pct1(h.FixedCov[0]), 99.8, 0)
	claim(t, text, "only 85.6% of those with $x \\ge 5$", pct1(h.FixedCov[1]), 85.6, 0)
	claim(t, text, "The learned $\\sigma(x)$ gets 94.0% and 95.4%", pct1(h.HeteroCov[0]), 94.0, 0)
	claim(t, text, "The learned $\\sigma(x)$ gets 94.0% and 95.4%", pct1(h.HeteroCov[1]), 95.4, 0)
	// "about 95%": P(|Z| ≤ 2) = 0.9545 for a standard normal.
	claim(t, text, "which should hold about 95% of the points", math.Round(100*math.Erf(2/math.Sqrt2)), 95, 0)

	_, full, diag, err := LearnedCovariance(200)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "standard deviations 1 and 2 and correlation 0.8", MVNTrue.S1, 1, 0)
	claim(t, text, "standard deviations 1 and 2 and correlation 0.8", MVNTrue.S2, 2, 0)
	claim(t, text, "standard deviations 1 and 2 and correlation 0.8", MVNTrue.Rho, 0.8, 0)
	s1, s2, rho := full.Cov()
	claim(t, text, "$\\sigma_1 = 1.02$", round2(s1), 1.02, 0)
	claim(t, text, "$\\sigma_2 = 1.94$", round2(s2), 1.94, 0)
	claim(t, text, "$\\rho = 0.79$", round2(rho), 0.79, 0)
	claim(t, text, "its mean NLL per point is 3.03", round2(full.NLL), 3.03, 0)
	claim(t, text, "against 3.52 for a model that treats the outputs as independent", round2(diag.NLL), 3.52, 0)
}

func TestClaims02Scoring(t *testing.T) {
	text := prose(t, nb02)
	claim(t, text, "reporting 0.55 or 0.99 costs the same 0.3", ExpectedZeroOne(0.7, 0.55), 0.3, 1e-15)
	claim(t, text, "reporting 0.55 or 0.99 costs the same 0.3", ExpectedZeroOne(0.7, 0.99), 0.3, 1e-15)
	for _, q := range []float64{0.1, 0.5, 0.9} {
		claim(t, text, "expected value $(q - p)^2 + p(1 - p)$", ExpectedBrier(0.7, q), (q-0.7)*(q-0.7)+0.7*0.3, 1e-15)
	}
	qs := span(0.01, 0.99, 99)
	for _, p := range ScorePs {
		claim(t, text, "expected charge is smallest when she reports the truth, $q = p$, and only then",
			argmin(qs, func(q float64) float64 { return ExpectedLogScore(p, q) }), p, 1e-9)
		claim(t, text, "visibly smallest at $q = p$", argmin(qs, func(q float64) float64 { return ExpectedBrier(p, q) }), p, 1e-9)
	}
	// Exercise 3's key: the absolute score's expected charge 0.7(1 − q) + 0.3q is smallest at q = 1.
	abs := func(q float64) float64 { return 0.7*(1-q) + 0.3*q }
	claim(t, text, "Tomorrow it rains with probability 0.7", argmin(span(0, 1, 101), abs), 1, 0)
}

func TestClaims02Calibration(t *testing.T) {
	text := prose(t, nb02)
	ms, err := CalibrationModels(500, 5000)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]CalibModel{}
	for _, m := range ms {
		byName[m.Name] = m
	}
	ce, focal, scaled, constant := byName["cross-entropy"], byName["focal γ=2"], byName["CE, logits × 2"], byName["base rate"]
	if ce.Reliability == nil || focal.Reliability == nil || scaled.Reliability == nil || constant.Reliability == nil {
		t.Fatalf("models renamed: %v", byName)
	}
	claim(t, text, "the same 500 training points", 500, 500, 0)
	claim(t, text, "its ECE is the smallest of the trained models, 0.019", round3(ce.ECE), 0.019, 0)
	for _, m := range []CalibModel{byName["hinge"], focal, scaled} {
		claim(t, text, "its ECE is the smallest of the trained models", math.Min(ce.ECE, m.ECE), ce.ECE, 0)
	}
	claim(t, text, "its ECE is 0.156", round3(focal.ECE), 0.156, 0)
	claim(t, text, "The focal model's log-loss, 0.452", round3(focal.LogLoss), 0.452, 0)
	claim(t, text, "than the 0.694 of a model that ignores $x$", round3(constant.LogLoss), 0.694, 0)
	claim(t, text, "the better calibrated (ECE 0.014)", round3(constant.ECE), 0.014, 0)
	claim(t, text, "doubling the cross-entropy model's logits", OverconfidentFactor, 2, 0)
	claim(t, text, "and so the accuracy, unchanged", scaled.Accuracy, ce.Accuracy, 0)
	claim(t, text, "while its ECE more than triples", math.Min(scaled.ECE/ce.ECE, 3), 3, 0)
	// "under-confident": focal's predictions are nearer ½ than the observed frequencies
	// in every bin with a clear majority.
	for b, c := range focal.Conf {
		if f := focal.Freq[b]; math.Abs(f-0.5) > 0.2 && math.Abs(c-0.5) >= math.Abs(f-0.5) {
			t.Errorf("focal bin %d: predicts %v, observed %v: not under-confident as the prose says", b, c, f)
		}
	}
}

func TestClaims02Gradients(t *testing.T) {
	text := prose(t, nb02)
	claim(t, text, "eight near 2 and one at 20.1 (mean 4.00, median 2.00)", round2(stat.Mean(DescentData, nil)), 4, 0)
	claim(t, text, "eight near 2 and one at 20.1 (mean 4.00, median 2.00)", round2(medianOf(DescentData)), 2, 0)
	claim(t, text, "eight near 2 and one at 20.1", DescentData[len(DescentData)-1], 20.1, 0)
	_, trs, err := DescentTraces(DescentData, LearningRates, 0.3, 60)
	if err != nil {
		t.Fatal(err)
	}
	tr := trs[nearest(LearningRates, 0.3)]
	claim(t, text, "At learning rate 0.3 the first MSE step moves $\\theta$ by 2.4, eight times MAE's 0.3", tr[0].Params[1][0], 2.4, 1e-12)
	claim(t, text, "At learning rate 0.3 the first MSE step moves $\\theta$ by 2.4, eight times MAE's 0.3", tr[1].Params[1][0], 0.3, 1e-12)
	claim(t, text, "MSE then settles smoothly on the mean", tr[0].Params[60][0], stat.Mean(DescentData, nil), 1e-5)
	claim(t, text, "its gradient is still $1/9 \\approx 0.111$ in size at the minimum", round3(tr[1].GradNorm[60]), 0.111, 0)
	for i := 50; i <= 60; i++ {
		claim(t, text, "it hops between 1.97 and 2.00 for ever", round2(tr[1].Params[i][0]), 2-0.03*float64(i%2), 0)
	}
	claim(t, text, "**Huber** ($\\delta = 1$)", loss.Huber{Delta: 1}.Deriv(50), 1, 0)
}

func TestClaims02LossVsMetric(t *testing.T) {
	text := prose(t, nb02)
	_, tr, err := MetricTrace(400, 150)
	if err != nil {
		t.Fatal(err)
	}
	peak := 0
	for i, a := range tr.Metric {
		if a > tr.Metric[peak] {
			peak = i
		}
	}
	claim(t, text, "accuracy is already 0.885 while F1 is 0", tr.Metric[0], 0.885, 1e-12)
	claim(t, text, "accuracy is already 0.885 while F1 is 0", tr.F1[0], 0, 0)
	claim(t, text, "Accuracy peaks at 0.915 at step 27", tr.Metric[peak], 0.915, 1e-12)
	claim(t, text, "Accuracy peaks at 0.915 at step 27", float64(peak), 27, 0)
	claim(t, text, "drifts down to 0.900 by step 150", tr.Metric[150], 0.9, 1e-12)
	claim(t, text, "from 0.243 to 0.221", round3(tr.Loss[peak]), 0.243, 0)
	claim(t, text, "from 0.243 to 0.221", round3(tr.Loss[150]), 0.221, 0)
	// "one point in ten is positive"
	_, y, err := BinaryData(400, 2, -3, 3)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "one point in ten is positive", math.Round(10*stat.Mean(y, nil))/10, 0.1, 1e-12)
}

func TestClaims02CustomLosses(t *testing.T) {
	text := prose(t, nb02)
	_, iv, err := QuantileBands(200, 1000)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "is an 80% prediction interval", iv.Nominal, 0.8, 1e-12)
	claim(t, text, "On 1000 new points it holds 77.4%", pct1(iv.Coverage), 77.4, 0)

	rs, err := WeightedCE(1000, 4000, [][]float64{{1, 1, 1}, {1, 3, 1}, {1, 10, 1}})
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "it finds 3.3% of its members", pct1(rs[0].Recall[1]), 3.3, 0)
	claim(t, text, "raises its recall to 23.5%", pct1(rs[1].Recall[1]), 23.5, 0)
	claim(t, text, "a weight of 10 to 54.5%", pct1(rs[2].Recall[1]), 54.5, 0)
	claim(t, text, "accuracy falls from 88.2% to 87.3% and then to 78.9%", pct1(rs[0].Accuracy), 88.2, 0)
	claim(t, text, "accuracy falls from 88.2% to 87.3% and then to 78.9%", pct1(rs[1].Accuracy), 87.3, 0)
	claim(t, text, "accuracy falls from 88.2% to 87.3% and then to 78.9%", pct1(rs[2].Accuracy), 78.9, 0)

	_, es, err := BrierEarlyStopping(60, 30, 300)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "held-out points is smallest at step 28, at 0.214", float64(es.Best), 28, 0)
	claim(t, text, "held-out points is smallest at step 28, at 0.214", round3(es.ValBrier[es.Best]), 0.214, 0)
	claim(t, text, "back up to 0.266 by step 300", round3(es.ValBrier[300]), 0.266, 0)
	claim(t, text, "Its training log-loss falls all the way", math.Min(es.TrainLoss[300], es.TrainLoss[es.Best]), es.TrainLoss[300], 0)
}
