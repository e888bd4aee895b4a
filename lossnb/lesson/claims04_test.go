package lesson

// The numbers stated in the prose of notebook 04, each recomputed and tied to its
// sentence (see claims_test.go).

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/loss"
)

const nb04 = "04-focal-and-surrogates.ipynb"

func TestClaims04Focal(t *testing.T) {
	text := prose(t, nb04)
	claim(t, text, "the curves of the paper's first figure, $\\gamma = 0, 0.5, 1, 2, 5$", float64(len(FocalPaperGammas)), 5, 0)
	for i, g := range []float64{0, 0.5, 1, 2, 5} {
		claim(t, text, "$\\gamma = 0, 0.5, 1, 2, 5$", FocalPaperGammas[i], g, 0)
	}
	ce, err := FocalCurve(0, []float64{0.3})
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "With $\\gamma = 0$ it is cross-entropy", ce[0], -math.Log(0.3), 1e-12)
	claim(t, text, "At the paper's default $\\gamma = 2$", loss.FocalGamma, 2, 0)
	f := func(p float64) float64 {
		v, err := FocalFactor(p, 2)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	claim(t, text, "with $p = 0.9$ costs 100 times less", math.Round(1/f(0.9)), 100, 0)
	claim(t, text, "one with $p = 0.968$ about 977 times less", math.Round(1/f(0.968)), 977, 0)
	claim(t, text, "with $p = 0.1$ keeps 0.81 of its cross-entropy", f(0.1), 0.81, 1e-12)
}

func TestClaims04Imbalance(t *testing.T) {
	text := prose(t, nb04)
	run, err := ImbalanceDemo()
	if err != nil {
		t.Fatal(err)
	}
	var pos, neg float64
	for _, y := range run.Train.Y {
		if y > 0 {
			pos++
		} else {
			neg++
		}
	}
	claim(t, text, "50 positives and 5000 negatives", pos, 50, 0)
	claim(t, text, "50 positives and 5000 negatives", neg, 5000, 0)
	claim(t, text, "with the positives shifted by 2 in each coordinate", run.Train.Shift, 2, 0)
	pt, err := TrueClassProbs(run.Results[0].Fit, run.Train)
	if err != nil {
		t.Fatal(err)
	}
	var easy float64
	for _, p := range pt {
		if p >= 0.9 {
			easy++
		}
	}
	claim(t, text, "4972 of the 5050 training examples are easy", easy, 4972, 0)
	s0, _ := LossShares(pt, 0)
	s2, _ := LossShares(pt, 2)
	claim(t, text, "together they carry 13% of the total loss", math.Round(100*(s0[2]+s0[3])), 13, 0)
	claim(t, text, "the easy examples' share falls to 0.05%", math.Round(10000*(s2[2]+s2[3])), 5, 0)
	claim(t, text, "carry 98% of it instead of 74%", math.Round(100*s2[0]), 98, 0)
	claim(t, text, "carry 98% of it instead of 74%", math.Round(100*s0[0]), 74, 0)

	test, err := NewImbalanced(500, 50000, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "a fresh test set of 500 positives and 50000 negatives", float64(len(test.Y)), 50500, 0)
	claim(t, text, "weighted by the class ratio (100)", neg/pos, 100, 0)
	claim(t, text, "$\\gamma = 2$ and $\\alpha = 0.25$ (a class weight: 0.25 on positives, 0.75 on negatives)", loss.FocalAlpha, 0.25, 0)
	for _, r := range run.Results {
		claim(t, text, "The PR-AUC is 0.62 for all three", round2(r.AP), 0.62, 0)
	}
	ce, wce, fl := run.Results[0], run.Results[1], run.Results[2]
	claim(t, text, "CE finds 44% of the positives at precision 0.77", math.Round(100*ce.Recall), 44, 0)
	claim(t, text, "CE finds 44% of the positives at precision 0.77", round2(ce.Precision), 0.77, 0)
	claim(t, text, "weighted CE finds 91% at precision 0.11", math.Round(100*wce.Recall), 91, 0)
	claim(t, text, "weighted CE finds 91% at precision 0.11", round2(wce.Precision), 0.11, 0)
	claim(t, text, "finds only 28%, at precision 0.89", math.Round(100*fl.Recall), 28, 0)
	claim(t, text, "finds only 28%, at precision 0.89", round2(fl.Precision), 0.89, 0)
}

func TestClaims04Surrogates(t *testing.T) {
	text := prose(t, nb04)
	claim(t, text, "the logistic loss in nats passes 0.69 at $m = 0$", round2(loss.Logistic{}.Value(0)), 0.69, 0)
	claim(t, text, "hinge and modified Huber stop charging at $m = 1$", loss.Hinge{}.Value(1)+loss.ModifiedHuber{}.Value(1), 0, 0)
	// "All of them are convex upper bounds of the 0/1 loss (once it is scaled)": on a grid,
	// φ(m)/φ(0) ≥ 1[m ≤ 0].
	for _, s := range Surrogates()[1:] {
		for _, m := range span(-3, 3, 601) {
			if s.Loss.Value(m)/s.Loss.Value(0) < (loss.ZeroOne{}).Value(m)-1e-12 {
				t.Errorf("%s at m = %v: φ(m)/φ(0) = %v below the 0/1 loss", s.Name, m, s.Loss.Value(m)/s.Loss.Value(0))
			}
		}
	}
	rows, err := CalibrationTable(append(Surrogates()[1:], Surrogate{"lopsided hinge", LopsidedHinge{}}))
	if err != nil {
		t.Fatal(err)
	}
	phrase := "The slopes at 0 are −1 for the hinge, −½ for the logistic loss, −1 for the exponential and −2 for the squared and modified Huber losses: all calibrated"
	for i, want := range []float64{-1, -0.5, -1, -2, -2} {
		claim(t, text, phrase, rows[i].Right, want, 1e-6)
		claim(t, text, phrase, rows[i].Left, want, 1e-6)
		if !rows[i].Calibrated || !rows[i].MinimiserSignCorrect {
			t.Errorf("%s: the prose says calibrated: %+v", rows[i].Name, rows[i])
		}
	}
	lop := rows[5]
	claim(t, text, "slope −2 for wrong answers and −½ for right ones", lop.Left, -2, 1e-6)
	claim(t, text, "slope −2 for wrong answers and −½ for right ones", lop.Right, -0.5, 1e-6)
	if lop.Calibrated || lop.MinimiserSignCorrect {
		t.Errorf("lopsided hinge: %+v, the prose says it is not calibrated", lop)
	}
	for _, eta := range []float64{0.21, 0.5, 0.79} {
		f, err := ConditionalMinimiser(LopsidedHinge{}, eta)
		if err != nil {
			t.Fatal(err)
		}
		claim(t, text, "for any $\\eta$ between 0.2 and 0.8 its best score is exactly $f^* = 0$", math.Abs(f), 0, 1e-6)
	}
	for _, eta := range []float64{0.15, 0.85} {
		f, _ := ConditionalMinimiser(LopsidedHinge{}, eta)
		if math.Abs(f) < 0.5 {
			t.Errorf("lopsided hinge at η = %v: f* = %v, want a decision outside [0.2, 0.8]", eta, f)
		}
	}
	for _, eta := range []float64{0.2, 0.7} {
		lg, _ := ConditionalMinimiser(loss.Logistic{}, eta)
		ex, _ := ConditionalMinimiser(loss.Exponential{}, eta)
		sq, _ := ConditionalMinimiser(SquaredMargin{}, eta)
		hi, _ := ConditionalMinimiser(loss.Hinge{}, eta)
		mh, _ := ConditionalMinimiser(loss.ModifiedHuber{}, eta)
		claim(t, text, "(modified Huber gives the same here, so its line hides the squared one)", mh, 2*eta-1, 1e-6)
		claim(t, text, "the logistic loss gives the log-odds", lg, math.Log(eta/(1-eta)), 1e-6)
		claim(t, text, "the exponential half of it", ex, 0.5*math.Log(eta/(1-eta)), 1e-6)
		claim(t, text, "the squared loss $2\\eta - 1$", sq, 2*eta-1, 1e-6)
		claim(t, text, "the hinge just the sign", math.Round(hi), math.Copysign(1, eta-0.5), 0)
	}
}

func TestClaims04Uncalibrated(t *testing.T) {
	text := prose(t, nb04)
	claim(t, text, "its error is 0.308", math.Round(1000*BayesErrorUncalibrated())/1000, 0.308, 0)
	ns := []int{30, 100, 300, 1000, 3000, 10000}
	rows, err := UncalibratedDemo(ns, 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "For samples of 30 to 10000 points (20 samples each)", float64(rows[0].N), 30, 0)
	claim(t, text, "For samples of 30 to 10000 points (20 samples each)", float64(rows[len(rows)-1].N), 10000, 0)
	claim(t, text, "(0.308 at $n = 10000$)", math.Round(1000*rows[len(rows)-1].LogisticErr)/1000, 0.308, 0)
	for _, r := range rows[2:] {
		claim(t, text, "from 300 points on, every one of its fits is exactly $f = 0$", r.LopSlope, 0, 0)
		claim(t, text, "errs half the time, 0.5", r.LopErr, 0.5, 1e-9)
	}
	if rows[1].LopSlope == 0 {
		t.Error("at n = 100 the lopsided fits are already all 0: update 'from 300 points on'")
	}
	// "η stays between 0.25 and 0.75"
	claim(t, text, "stays between 0.25 and 0.75", UncalibratedEta(3), 0.5+0.25*math.Tanh(3), 0)
	if UncalibratedEta(3) >= 0.75 || UncalibratedEta(-3) <= 0.25 {
		t.Error("η leaves [0.25, 0.75]")
	}
}

func TestClaims04Exercises(t *testing.T) {
	text := prose(t, nb04)
	pts := exercise.DefaultPoints()
	claim(t, text, "at 41 margins from −5 to 5", float64(len(pts)), 41, 0)
	claim(t, text, "at 19 probabilities from 0.05 to 0.95", 0.05*19, 0.95, 1e-12)
	// Exercise 3's key: the perceptron loss max(0, −m) has f = 0 as a minimiser for every η.
	perceptron := func(m float64) float64 { return math.Max(0, -m) }
	for _, eta := range []float64{0.6, 0.9} {
		if c := eta*perceptron(0) + (1-eta)*perceptron(0); c != 0 {
			t.Errorf("perceptron risk at f = 0 is %v", c)
		}
	}
	claim(t, text, "the perceptron loss $\\max(0, -m)$", perceptron(-2), 2, 0)
}
