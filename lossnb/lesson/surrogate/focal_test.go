package surrogate

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

func TestFocalCurve(t *testing.T) {
	ps := []float64{0.01, 0.3, 0.5, 0.9, 1}
	for _, g := range FocalPaperGammas {
		got := nbtest.Must(FocalCurve(g, ps))(t)
		for i, p := range ps {
			want := -math.Pow(1-p, g) * math.Log(p)
			if !scalar.EqualWithinAbsOrRel(got[i], want, 1e-12, 1e-12) {
				t.Errorf("γ = %v, p = %v: %v, want %v", g, p, got[i], want)
			}
		}
	}
	for _, bad := range [][]float64{{0}, {1.5}, {math.NaN()}} {
		if _, err := FocalCurve(2, bad); err == nil {
			t.Errorf("ps = %v: no error", bad)
		}
	}
	if _, err := FocalCurve(-1, ps); err == nil {
		t.Error("γ = −1: no error")
	}
	c := nbtest.Must(FocalCurves(FocalPaperGammas, FocalSliderGammas, 2))(t)
	if len(c.Series) != 5 || len(c.Frames.Series) != 21 || FocalSliderGammas[c.Frames.Slider.Init] != 2 {
		t.Errorf("%d curves, %d frames, slider at %v", len(c.Series), len(c.Frames.Series), FocalSliderGammas[c.Frames.Slider.Init])
	}
	if _, err := chart.Snapshot(c); err != nil {
		t.Error(err)
	}
}

func TestFocalFactor(t *testing.T) {
	for _, tc := range []struct{ p, g float64 }{{0.9, 2}, {0.1, 2}, {0.5, 0}, {0.7, 5}} {
		got := nbtest.Must(FocalFactor(tc.p, tc.g))(t)
		if want := math.Pow(1-tc.p, tc.g); !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
			t.Errorf("FocalFactor(%v, %v) = %v, want %v", tc.p, tc.g, got, want)
		}
	}
	if _, err := FocalFactor(1, 2); err == nil {
		t.Error("p = 1: no error")
	}
}

func TestImbalanceStudy(t *testing.T) {
	run := nbtest.Must(ImbalanceDemo())(t)
	train, res := run.Train, run.Results
	if len(res) != 3 {
		t.Fatalf("%d models, want 3", len(res))
	}
	// Weighting trades precision for recall, and the focal loss with α = 0.25 finds fewer
	// positives than weighted CE: on five seeds, not one. Catches a weighting applied to
	// the wrong class (recall would fall) or a focal α that favoured positives.
	for _, seed := range FocalSweepSeeds {
		run := nbtest.Must(ImbalanceDemoSpread([2]float64{1, 1}, seed))(t)
		ce, wce, fl := run.Results[0], run.Results[1], run.Results[2]
		if !(wce.Recall > ce.Recall+0.3 && wce.Precision < ce.Precision) {
			t.Errorf("seed %d: weighted CE recall %v precision %v vs CE %v %v: weighting should trade precision for recall", seed, wce.Recall, wce.Precision, ce.Recall, ce.Precision)
		}
		if !(fl.Recall < wce.Recall && fl.Precision > ce.Precision) {
			t.Errorf("seed %d: focal recall %v precision %v, weighted CE recall %v, CE precision %v", seed, fl.Recall, fl.Precision, wce.Recall, ce.Precision)
		}
	}
	ce := res[0]
	for _, r := range res {
		if math.Abs(r.AP-ce.AP) > 0.02 {
			t.Errorf("%s: PR-AUC %v, CE %v: a linear model's ranking barely depends on the loss", r.Name, r.AP, ce.AP)
		}
	}
	items := nbtest.Must(ImbalanceCharts(res))(t)
	for _, it := range items {
		if _, err := chart.Snapshot(it); err != nil {
			t.Error(err)
		}
	}
	pt := nbtest.Must(TrueClassProbs(ce.Fit, train))(t)
	s0, _ := LossShares(pt, 0)
	s2, _ := LossShares(pt, 2)
	if !(s2[2]+s2[3] < 0.01 && s0[2]+s0[3] > 0.1 && s2[0] > s0[0]) {
		t.Errorf("shares γ=0 %v, γ=2 %v: focusing should move the loss from easy to hard examples", s0, s2)
	}
	if _, err := ImbalanceStudy(nil, train); err == nil {
		t.Error("nil data: no error")
	}
	if _, err := NewImbalanced(0, 10, 1, 1); err == nil {
		t.Error("no positives: no error")
	}
	c := nbtest.Must(LossShareChart(pt, FocalSliderGammas, 2))(t)
	if _, err := chart.Snapshot(c); err != nil {
		t.Error(err)
	}
}

func TestCalibration(t *testing.T) {
	rows := nbtest.Must(CalibrationTable(append(Surrogates()[1:], Surrogate{"lopsided hinge", LopsidedHinge{}})))(t)
	wantSlope := []float64{-1, -0.5, -1, -2, -2}
	for i, r := range rows[:5] {
		if !r.Calibrated || !r.MinimiserSignCorrect || math.Abs(r.Right-wantSlope[i]) > 1e-6 {
			t.Errorf("%+v: want calibrated with φ′(0) = %v", r, wantSlope[i])
		}
	}
	if lop := rows[5]; lop.Calibrated || lop.Differentiable || lop.MinimiserSignCorrect {
		t.Errorf("%+v: the lopsided hinge is not calibrated", lop)
	}
	// Closed forms: logistic f* = log(η/(1−η)), exponential half that, squared 2η − 1.
	for _, eta := range []float64{0.1, 0.3, 0.8} {
		for _, tc := range []struct {
			l    loss.Margin
			want float64
		}{
			{loss.Logistic{}, math.Log(eta / (1 - eta))},
			{loss.Exponential{}, 0.5 * math.Log(eta/(1-eta))},
			{SquaredMargin{}, 2*eta - 1},
		} {
			got := nbtest.Must(ConditionalMinimiser(tc.l, eta))(t)
			if math.Abs(got-tc.want) > 1e-6 {
				t.Errorf("%s at η = %v: f* = %v, want %v", tc.l.Name(), eta, got, tc.want)
			}
		}
	}
	if _, err := ConditionalMinimiser(loss.Hinge{}, 1.2); err == nil {
		t.Error("η = 1.2: no error")
	}
	if _, err := CalibrationTable([]Surrogate{{"nil", nil}}); err == nil {
		t.Error("nil loss: no error")
	}
	tog := nbtest.Must(SurrogateCharts())(t)
	if _, err := chart.Snapshot(tog); err != nil {
		t.Error(err)
	}
}

func TestLopsidedHinge(t *testing.T) {
	l := LopsidedHinge{}
	for _, tc := range []struct{ m, v, d float64 }{{-1, 3, -2}, {0, 1, -1.25}, {1, 0.5, -0.5}, {2, 0, -0.25}, {3, 0, 0}} {
		if l.Value(tc.m) != tc.v || l.Deriv(tc.m) != tc.d {
			t.Errorf("m = %v: φ = %v, φ′ = %v; want %v, %v", tc.m, l.Value(tc.m), l.Deriv(tc.m), tc.v, tc.d)
		}
	}
}

func TestUncalibratedDemo(t *testing.T) {
	rows := nbtest.Must(UncalibratedDemo([]int{100, 2000}, 5, 3))(t)
	bayes := BayesErrorUncalibrated()
	last := rows[len(rows)-1]
	if math.Abs(last.LogisticErr-bayes) > 0.01 {
		t.Errorf("logistic error %v at n = 2000, Bayes %v", last.LogisticErr, bayes)
	}
	if math.Abs(last.LopErr-0.5) > 1e-9 || last.LopSlope != 0 {
		t.Errorf("lopsided hinge error %v, |w| %v at n = 2000: want 0.5 and 0", last.LopErr, last.LopSlope)
	}
	// The Nelder-Mead fit is a minimum: no better than it at the logistic fit or at 0.
	x, y := [][]float64{{-1}, {0.5}, {2}, {-2.5}, {1}}, []float64{-1, 1, 1, -1, -1}
	b, w, err := fitLopsided(x, y)
	if err != nil {
		t.Fatal(err)
	}
	obj := func(b, w float64) float64 {
		var s float64
		for i := range y {
			s += LopsidedHinge{}.Value(y[i] * (b + w*x[i][0]))
		}
		return s
	}
	for _, p := range [][2]float64{{0, 0}, {0, 1}, {0.2, 0.5}, {-0.3, 2}} {
		if obj(b, w) > obj(p[0], p[1])+1e-6 {
			t.Errorf("fitLopsided (%v, %v): objective %v, worse than %v at %v", b, w, obj(b, w), obj(p[0], p[1]), p)
		}
	}
	if _, err := UncalibratedDemo([]int{5}, 1, 1); err == nil {
		t.Error("n = 5: no error")
	}
	c := nbtest.Must(UncalibratedChart(rows))(t)
	if _, err := chart.Snapshot(c); err != nil {
		t.Error(err)
	}
}

func TestImbalancedSpread(t *testing.T) {
	// posSD = (1, 1) must reproduce NewImbalanced point for point, or the notebook's
	// first study would silently change data.
	a := nbtest.Must(NewImbalanced(5, 20, 2, 3))(t)
	b := nbtest.Must(NewImbalancedSpread(5, 20, 2, [2]float64{1, 1}, 3))(t)
	for i := range a.X {
		if a.X[i][0] != b.X[i][0] || a.X[i][1] != b.X[i][1] || a.Y[i] != b.Y[i] {
			t.Fatalf("point %d: %v %v, want the same", i, a.X[i], b.X[i])
		}
	}
	// The spread is the one asked for: the positives' sample SDs on 4000 points.
	d, err := NewImbalancedSpread(4000, 10, 2, ElongatedSD, 1)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range ElongatedSD {
		var m, v float64
		for i := range 4000 {
			m += d.X[i][k] / 4000
		}
		for i := range 4000 {
			v += (d.X[i][k] - m) * (d.X[i][k] - m) / 3999
		}
		if math.Abs(math.Sqrt(v)-want) > 0.05*want {
			t.Errorf("axis %d: SD %v, want %v", k, math.Sqrt(v), want)
		}
	}
	_, err = NewImbalancedSpread(5, 5, 1, [2]float64{1, 0}, 1)
	nbtest.WantErr(t, err, "surrogate.NewImbalancedSpread", "posSD[1] = 0")
	_, err = NewImbalanced(0, 10, 1, 1)
	nbtest.WantErr(t, err, "surrogate.NewImbalanced", "nPos = 0")
}

func TestFocalSweep(t *testing.T) {
	// γ = 0 with no α is plain CE: the sweep's first row must match the CE model of the
	// study on the same seed (catches a sweep that kept α or trained another loss).
	rows := nbtest.Must(FocalSweep([2]float64{1, 1}, []float64{0, 2}, []uint64{1}))(t)
	run, err := ImbalanceDemo()
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(rows[0].AP-run.Results[0].AP) > 1e-6 || math.Abs(rows[0].Recall-run.Results[0].Recall) > 1e-9 {
		t.Errorf("γ = 0: PR-AUC %v, recall %v; CE %v, %v", rows[0].AP, rows[0].Recall, run.Results[0].AP, run.Results[0].Recall)
	}
	if r := rows[1]; r.APMin != r.AP || r.APMax != r.AP || len(r.PerSeedAP) != 1 {
		t.Errorf("one seed: %+v, want min = mean = max", r)
	}
	_, err = FocalSweep([2]float64{1, 1}, []float64{-1}, []uint64{1})
	nbtest.WantErr(t, err, "surrogate.FocalSweep", "gammas[0] = -1")
	_, err = FocalSweep([2]float64{1, 1}, []float64{1}, nil)
	nbtest.WantErr(t, err, "surrogate.FocalSweep", "0 seeds")
	tg := nbtest.Must(FocalSweepToggle(rows, rows))(t)
	nbtest.Render(t, tg)
	_, err = FocalSweepChart("x", nil)
	nbtest.WantErr(t, err, "surrogate.FocalSweepChart", "no rows")
}

func TestCalibrationGap(t *testing.T) {
	// Closed forms (BJM 2006, Table 1 and §2): hinge |2η − 1|, squared (2η − 1)²,
	// exponential 1 − 2√(η(1 − η)), logistic log 2 − H(η). Catches a gap taken on the
	// right side instead of the wrong one, or a minimum that misses the kink at 0.
	for _, eta := range []float64{0.05, 0.3, 0.5, 0.62, 0.97} {
		h := -(eta*math.Log(eta) + (1-eta)*math.Log(1-eta))
		for _, tc := range []struct {
			l    loss.Margin
			want float64
		}{
			{loss.Hinge{}, math.Abs(2*eta - 1)},
			{SquaredMargin{}, (2*eta - 1) * (2*eta - 1)},
			{loss.Exponential{}, 1 - 2*math.Sqrt(eta*(1-eta))},
			{loss.Logistic{}, math.Ln2 - h},
		} {
			g := nbtest.Must(CalibrationGap(tc.l, eta))(t)
			if math.Abs(g-tc.want) > 1e-7 {
				t.Errorf("%s at η = %v: gap %v, want %v", tc.l.Name(), eta, g, tc.want)
			}
		}
	}
	_, err := CalibrationGap(nil, 0.3)
	nbtest.WantErr(t, err, "surrogate.CalibrationGap", "nil")
	_, err = CalibrationGap(loss.Hinge{}, math.NaN())
	nbtest.WantErr(t, err, "surrogate.CalibrationGap", "eta = NaN")
}
