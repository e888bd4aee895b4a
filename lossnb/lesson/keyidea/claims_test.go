package keyidea

// The numbers that the notebooks' prose states, each computed with lossnb and
// checked, together with the sentence that states it: when either the prose or
// the code changes, this fails and says which claim no longer holds.

import (
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/fit"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/lesson/robust"
	"github.com/lossnb/lossnb/lossnb/loss"
)

func TestClaims01KeyIdea(t *testing.T) {
	text := nbtest.Prose(t, "01-key-idea.ipynb")
	h := nbtest.Must(loss.NewHuber(0.5))(t)
	sq, abs := loss.Squared{}, loss.Absolute{}
	// The ratios, and the values behind them: an MSE that were ½r² would keep the
	// ratio 100 but fail the values (the notebook prints them).
	nbtest.Claim(t, text, "multiplies the MSE by 100", sq.Value(10)/sq.Value(1), 100, 1e-12)
	nbtest.Claim(t, text, "multiplies the MSE by 100", sq.Value(10)-sq.Value(1), 99, 1e-12)
	nbtest.Claim(t, text, "the MAE by 10", abs.Value(10)/abs.Value(1), 10, 1e-12)
	nbtest.Claim(t, text, "the MAE by 10", abs.Value(10)-abs.Value(1), 9, 1e-12)
	nbtest.Claim(t, text, "Huber's charge by 13 at $\\delta = 0.5$", h.Value(10)/h.Value(1), 13, 1e-12)

	// The δ slider, read off the chart the notebook shows (every point of the
	// curve, not one): the wrong lesson "Huber slides from MAE to MSE" fails here,
	// since at the ends Huber is δ|r| and ½r², not |r| and r².
	c := nbtest.Must(RegressionLosses(Deltas, 0.5))(t)
	small, large := c.Frames.Series[num.Nearest(Deltas, 0.1)][0], c.Frames.Series[num.Nearest(Deltas, 3)][0]
	var gapSmall, gapLarge float64
	for i, r := range small.X {
		gapSmall = math.Max(gapSmall, math.Abs(small.Y[i]-0.1*math.Abs(r)))
		gapLarge = math.Max(gapLarge, math.Abs(large.Y[i]-0.5*r*r))
	}
	nbtest.Claim(t, text, "at $\\delta = 0.1$ it stays within 0.005 of $0.1\\,|r|$", nbtest.Round3(gapSmall), 0.005, 0)
	nbtest.Claim(t, text, "and Huber is $\\tfrac12 r^2$, MSE's parabola at half its height", gapLarge, 0, 1e-15)
	// Smooth L1 with β = δ is Huber/δ in every frame; it tends to |r| as β → 0.
	for k, d := range Deltas {
		hub, sl := c.Frames.Series[k][0], c.Frames.Series[k][1]
		for i := range hub.X {
			nbtest.Claim(t, text, "It is Huber divided by $\\delta$", sl.Y[i], hub.Y[i]/d, 1e-12)
		}
	}
	var slGap float64
	sl := c.Frames.Series[num.Nearest(Deltas, 0.1)][1]
	for i, r := range sl.X {
		slGap = math.Max(slGap, math.Abs(sl.Y[i]-math.Abs(r)))
	}
	nbtest.Claim(t, text, "the one that becomes the MAE as $\\beta \\to 0$", slGap, 0.05, 1e-12) // ½β at β = 0.1

	// The pull, on the whole chart: Huber's ψ is r (MSE's 2r halved) inside δ and
	// never more than δ in size; a Huber that "pulls like MSE" (2r) fails.
	g := nbtest.Must(RegressionGradients(0.5))(t)
	mse, hub := g.Series[0], g.Series[2]
	var cap float64
	for i, r := range hub.X {
		cap = math.Max(cap, math.Abs(hub.Y[i]))
		if math.Abs(r) <= 0.5 && r != 0 {
			nbtest.Claim(t, text, "MSE's straight line at half the slope", mse.Y[i]/hub.Y[i], 2, 1e-12)
		}
	}
	nbtest.Claim(t, text, "caps the pull at $\\delta$", cap, 0.5, 1e-15)

	// The Huber ↔ smooth L1 cell, with the notebook's data.
	yPred, yTrue := []float64{2.5, 0.0, 2.1, 7.8}, []float64{3.0, -0.5, 2.0, 7.0}
	for _, d := range []float64{1, 0.5} {
		hl := nbtest.Must(loss.HuberLoss(yPred, yTrue, d, loss.Options{}))(t)
		sl := nbtest.Must(loss.SmoothL1Loss(yPred, yTrue, d, loss.Options{}))(t)
		nbtest.Claim(t, text, "At $\\delta = \\beta = 1$ they print the same number; at $\\delta = \\beta = 0.5$ the smooth L1 is twice the Huber", sl/hl, 1/d, 1e-12)
	}
}

func TestClaims01Logits(t *testing.T) {
	text := nbtest.Prose(t, "01-key-idea.ipynb")
	rows := nbtest.Must(BCEStability([]float64{40, 800}))(t)
	nbtest.Claim(t, text, "has a true loss of 40", rows[0].Exact, 40, 1e-15)
	nbtest.Claim(t, text, "$\\sigma(40)$ rounds to exactly 1 in float64", rows[0].P, 1, 0)
	nbtest.Claim(t, text, "its safety clamp, 100", rows[0].ViaProb, 100, 0)
	nbtest.Claim(t, text, "At logit 800 the clamp reports 100 for a true loss of 800", rows[1].ViaProb, 100, 0)
	nbtest.Claim(t, text, "At logit 800 the clamp reports 100 for a true loss of 800", rows[1].ViaLogit, 800, 1e-15)
	if !strings.Contains(text, "the textbook formula returns NaN") || !math.IsNaN(NaiveSoftmaxCE([]float64{1000, 0, 0}, 0)) {
		t.Error(`"the textbook formula returns NaN" no longer holds or is no longer said`)
	}
	ce := nbtest.Must(loss.CrossEntropy([]float64{1000, 0, 0}, 3, []int{0}, loss.CEOptions{}))(t)
	nbtest.Claim(t, text, "a loss of (almost) zero for a confident, correct prediction", ce, 0, 1e-300)
	// The slopes on the whole chart the notebook shows, checked against finite
	// differences of the losses themselves (not against the chart's own series): a
	// hinge that still pulls past margin 1, or a "0/1 loss" that is secretly smooth
	// (a sigmoid), fails; so does a 0/1 loss that is constant (no jump to count errors).
	mg := MarginGradients()
	for i, m := range mg.Series[1].X {
		fdHinge := (loss.Hinge{}.Value(m+1e-6) - loss.Hinge{}.Value(m-1e-6)) / 2e-6
		fdZO := (loss.ZeroOne{}.Value(m+1e-6) - loss.ZeroOne{}.Value(m-1e-6)) / 2e-6
		if m > 1+1e-6 {
			nbtest.Claim(t, text, "Hinge's slope is exactly zero past margin 1", fdHinge, 0, 0)
		}
		if math.Abs(m) > 1e-6 {
			nbtest.Claim(t, text, "The 0/1 loss has slope zero everywhere it has a slope", fdZO, 0, 0)
			nbtest.Claim(t, text, "The 0/1 loss has slope zero everywhere it has a slope", mg.Series[2].Y[i], 0, 0)
		}
	}
	nbtest.Claim(t, text, "the 0/1 loss counts mistakes", loss.ZeroOne{}.Value(-1e-9)-loss.ZeroOne{}.Value(1e-9), 1, 0)
}

func TestClaims01OutlierAndPredictions(t *testing.T) {
	text := nbtest.Prose(t, "01-key-idea.ipynb")
	d := nbtest.Must(NewOutlierData(20, -10, 30, 41))(t)
	_, _, sweep, err := Outlier(d, d.Y[d.Point])
	if err != nil {
		t.Fatal(err)
	}
	at := func(l, k int) float64 { f := sweep.Fits[l][k]; return f.Intercept + 10*f.Coef[0] }
	k10, k30 := num.Nearest(d.Values, 10), num.Nearest(d.Values, 30)
	nbtest.Claim(t, text, "the MSE line's prediction at $x = 10$ rises by 3.71", math.Round(100*(at(0, k30)-at(0, k10)))/100, 3.71, 1e-12)
	for l := 1; l <= 2; l++ {
		nbtest.Claim(t, text, "(they move by less than 0.001)", math.Min(math.Abs(at(l, k30)-at(l, k10)), 0.001), math.Abs(at(l, k30)-at(l, k10)), 0)
	}
	// δ = 1.345 is the tuning with 95% efficiency at the Gaussian (Huber 1981).
	eff := nbtest.Must(robust.AsymptoticEfficiency(OutlierHuber))(t)
	nbtest.Claim(t, text, "($\\delta = 1.345$)", nbtest.Round3(eff), 0.950, 0)

	best := nbtest.Must(BestConstants(SkewedSample(500), []float64{0.9}))(t)
	round := func(v float64) float64 { return math.Round(100*v) / 100 }
	nbtest.Claim(t, text, "have mean 1.60", round(best[0].Value), 1.60, 1e-12)
	nbtest.Claim(t, text, "median 1.01", round(best[1].Value), 1.01, 1e-12)
	nbtest.Claim(t, text, "0.9-quantile 3.16", round(best[2].Value), 3.16, 1e-12)
}

func TestClaims01Exercises(t *testing.T) {
	text := nbtest.Prose(t, "01-key-idea.ipynb")
	pts := exercise.DefaultPoints()
	nbtest.Claim(t, text, "at 41 residuals from −5 to 5", float64(len(pts)), 41, 0)
	nbtest.Claim(t, text, "at 41 residuals from −5 to 5", pts[0], -5, 0)
	nbtest.Claim(t, text, "at 41 residuals from −5 to 5", pts[len(pts)-1], 5, 0)
	// Exercise 3a's data: the MAE fit of 2, 3, 5, 8, 40 is their median, 5.
	r := nbtest.Must(fit.Location([]float64{2, 3, 5, 8, 40}, loss.Absolute{}, nil))(t)
	nbtest.Claim(t, text, "late by $y = 2, 3, 5, 8, 40$ minutes", r.Location, 5, 0)
}
