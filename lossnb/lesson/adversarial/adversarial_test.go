package adversarial

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

func TestGANOneHalves(t *testing.T) {
	sp := func(x float64) float64 { return math.Log1p(math.Exp(x)) }
	for _, s := range []float64{-3, -0.5, 0, 1.2, 3} {
		want := map[loss.GAN][4]float64{
			loss.MinimaxGAN:       {-sp(s), -1 / (1 + math.Exp(-s)), sp(-s), sp(s)},
			loss.NonSaturatingGAN: {sp(-s), -1 / (1 + math.Exp(s)), sp(-s), sp(s)},
			loss.WassersteinGAN:   {-s, -1, -s, s},
			loss.HingeGAN:         {-s, -1, math.Max(0, 1-s), math.Max(0, 1+s)},
			loss.LeastSquaresGAN:  {0.5 * (s - 1) * (s - 1), s - 1, 0.5 * (s - 1) * (s - 1), 0.5 * s * s},
		}
		for _, k := range GANKinds {
			g, gs, dr, df, err := ganOne(k, s)
			if err != nil {
				t.Fatal(err)
			}
			got := [4]float64{g, gs, dr, df}
			for j := range got {
				if math.Abs(got[j]-want[k][j]) > 1e-12 {
					t.Errorf("%v at s = %v: quantity %d = %v, want %v", k, s, j, got[j], want[k][j])
				}
			}
		}
	}
	if _, _, _, _, err := ganOne(loss.GAN(9), 0); err == nil {
		t.Error("ganOne accepted an unknown kind")
	}
}

func TestGANLossCurves(t *testing.T) {
	tg := nbtest.Must(GANLossCurves())(t)
	if len(tg.Views) != 4 || len(tg.Views[0].Chart.Series) != len(GANKinds) {
		t.Fatalf("%d views, %d series", len(tg.Views), len(tg.Views[0].Chart.Series))
	}
	nbtest.Render(t, tg)
	if GANLabel(loss.GAN(7)) != "GAN(7)" || GANLabel(loss.HingeGAN) != "hinge" {
		t.Error("GANLabel")
	}
}

func TestGeneratorGradients(t *testing.T) {
	mm, ns, err := GeneratorGradients([]float64{0.01, 0.5, 0.99})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range []float64{0.01, 0.5, 0.99} {
		if math.Abs(mm[i]-d) > 1e-12 || math.Abs(ns[i]-(1-d)) > 1e-12 {
			t.Errorf("D = %v: minimax %v (want %v), non-saturating %v (want %v)", d, mm[i], d, ns[i], 1-d)
		}
	}
	_, _, err = GeneratorGradients([]float64{0.5, 1})
	nbtest.WantErr(t, err, "adversarial.GeneratorGradients", "ds[1]", "1")
	c := nbtest.Must(GeneratorGradientChart())(t)
	nbtest.Render(t, c)
}

func TestOptimalValue(t *testing.T) {
	v := nbtest.Must(OptimalValue(GANData, 0))(t)
	if math.Abs(v+math.Log(4)) > 1e-6 {
		t.Errorf("V at shift 0 = %v, want −log 4 = %v", v, -math.Log(4))
	}
	far, err := OptimalValue(GANData, 15)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(far) > 1e-6 {
		t.Errorf("V at shift 15 = %v, want 0 (disjoint supports)", far)
	}
	mid, _ := OptimalValue(GANData, 1)
	if !(mid > v && mid < 0) {
		t.Errorf("V at shift 1 = %v, want in (−log 4, 0)", mid)
	}
	_, err = OptimalValue(GANMixture{Mode: 2, Sigma: 0}, 0)
	nbtest.WantErr(t, err, "adversarial.OptimalValue", "Sigma = 0")
	_, err = OptimalValue(GANData, math.NaN())
	nbtest.WantErr(t, err, "adversarial.OptimalValue", "shift = NaN")
	items := nbtest.Must(EquilibriumCharts(GANData))(t)
	nbtest.Render(t, items...)
	_, err = EquilibriumCharts(GANMixture{Mode: math.Inf(1), Sigma: 1})
	nbtest.WantErr(t, err, "adversarial.EquilibriumCharts", "Mode = +Inf")
}

func TestTinyGAN(t *testing.T) {
	cfg := DefaultTinyGAN
	cfg.Steps = 300
	var calls int
	a := nbtest.Must(TinyGAN(GANData, loss.NonSaturatingGAN, cfg, func(GANSnapshot) { calls++ }))(t)
	b := nbtest.Must(TinyGAN(GANData, loss.NonSaturatingGAN, cfg, nil))(t)
	if calls != 4 || len(a.Snapshots) != 4 {
		t.Fatalf("%d progress calls, %d snapshots, want 4 (steps 0, 100, 200, 300)", calls, len(a.Snapshots))
	}
	last := a.Snapshots[3]
	if last.W1 != b.Snapshots[3].W1 {
		t.Errorf("not deterministic: W1 %v then %v", last.W1, b.Snapshots[3].W1)
	}
	if !(last.W1 < a.Snapshots[0].W1/2) {
		t.Errorf("W1 went from %v to %v in 300 steps, want it at least halved", a.Snapshots[0].W1, last.W1)
	}
	var mass float64
	for _, h := range last.Hist {
		mass += h * (GANBins[1] - GANBins[0])
	}
	if mass > 1+1e-9 || mass < 0.95 {
		t.Errorf("histogram mass %v, want about 1", mass)
	}
	for _, d := range last.D {
		if !(d > 0 && d < 1) {
			t.Fatalf("D = %v outside (0, 1) for the non-saturating loss", d)
		}
	}
	bad := []struct {
		mod  func(*TinyGANConfig)
		kind loss.GAN
		want string
	}{
		{func(c *TinyGANConfig) { c.Steps = 0 }, loss.HingeGAN, "Steps = 0"},
		{func(c *TinyGANConfig) { c.Batch = -1 }, loss.HingeGAN, "Batch = -1"},
		{func(c *TinyGANConfig) { c.Hidden = 0 }, loss.HingeGAN, "Hidden = 0"},
		{func(c *TinyGANConfig) { c.LR = math.NaN() }, loss.HingeGAN, "LR = NaN"},
		{func(c *TinyGANConfig) { c.Every = 0 }, loss.HingeGAN, "Every = 0"},
		{func(c *TinyGANConfig) { c.Clip = 0 }, loss.WassersteinGAN, "Clip = 0"},
		{func(c *TinyGANConfig) {}, loss.GAN(9), "Kind"},
	}
	for _, bc := range bad {
		c := cfg
		bc.mod(&c)
		_, err := TinyGAN(GANData, bc.kind, c, nil)
		nbtest.WantErr(t, err, "TinyGAN", bc.want)
	}
	mc := nbtest.Must(MovingTargetChart(a, GANData))(t)
	wc, err := W1Chart([]*GANRun{a, b})
	if err != nil {
		t.Fatal(err)
	}
	nbtest.Render(t, mc, wc)
	_, err = MovingTargetChart(&GANRun{}, GANData)
	nbtest.WantErr(t, err, "adversarial.MovingTargetChart", "no snapshots")
	_, err = W1Chart([]*GANRun{a, nil})
	nbtest.WantErr(t, err, "adversarial.W1Chart", "runs[1]")
}

func TestTrainTinyGANs(t *testing.T) {
	n := 0
	runs := nbtest.Must(TrainTinyGANs(func(loss.GAN, GANSnapshot) { n++ }))(t)
	if len(runs) != 5 || n != 5*21 {
		t.Fatalf("%d runs, %d progress calls, want 5 and 105", len(runs), n)
	}
	for _, r := range runs {
		if f := r.Snapshots[len(r.Snapshots)-1]; !(f.W1 < 1) {
			t.Errorf("%v: final W1 %v, want < 1", r.Kind, f.W1)
		}
	}
}

func TestNonSaturatingGenerator(t *testing.T) {
	var g NonSaturatingGenerator
	if math.Abs(g.Value(0)-math.Ln2) > 1e-15 || g.Deriv(0) != -0.5 {
		t.Errorf("at 0: %v, %v, want log 2 and −½", g.Value(0), g.Deriv(0))
	}
	if !math.IsNaN(g.Value(math.NaN())) || !math.IsNaN(g.Deriv(math.Inf(1))) {
		t.Error("a non-finite logit should give NaN")
	}
}

func TestOptimalDiscriminator(t *testing.T) {
	d, err := OptimalDiscriminator(GANData, 0, 1.3)
	if err != nil || d != 0.5 {
		t.Errorf("shift 0: D* = %v, %v, want ½", d, err)
	}
	d, _ = OptimalDiscriminator(GANData, 1, -2)
	pd, pg := GANData.Density(-2, 0), GANData.Density(-2, 1)
	if math.Abs(d-pd/(pd+pg)) > 1e-15 || !(d > 0.9) {
		t.Errorf("shift 1 at x = −2: D* = %v, want %v", d, pd/(pd+pg))
	}
	if d, _ := OptimalDiscriminator(GANData, 0, 1e6); d != 0.5 {
		t.Errorf("far away D* = %v, want ½", d)
	}
	_, err = OptimalDiscriminator(GANData, 0, math.Inf(-1))
	nbtest.WantErr(t, err, "adversarial.OptimalDiscriminator", "x = -Inf")
	_, err = OptimalDiscriminator(GANData, math.NaN(), 0)
	nbtest.WantErr(t, err, "adversarial.OptimalDiscriminator", "shift = NaN")
}

func TestGANGradientStudy(t *testing.T) {
	cfg := DefaultTinyGAN
	cfg.Steps, cfg.Every = 120, 60
	kinds := []loss.GAN{loss.NonSaturatingGAN, loss.HingeGAN}
	a := nbtest.Must(GANGradientStudy(GANData, kinds, []uint64{1, 2, 3}, cfg))(t)
	// The study runs on goroutines: each run must equal the same run done alone, or
	// runs would share a random stream (results depending on the scheduling).
	for k, kind := range kinds {
		for j, seed := range []uint64{1, 2, 3} {
			c := cfg
			c.Seed = seed
			r := nbtest.Must(TinyGAN(GANData, kind, c, nil))(t)
			if len(r.GenGradNorms) != cfg.Steps {
				t.Fatalf("%d gradient norms for %d steps", len(r.GenGradNorms), cfg.Steps)
			}
			var m float64
			for _, g := range r.GenGradNorms {
				if !(g > 0) || math.IsInf(g, 0) {
					t.Fatalf("gradient norm %v", g)
				}
				m += g / float64(cfg.Steps)
			}
			if math.Abs(a[k].MeanNorm[j]-m) > 1e-12 || a[k].FinalW1[j] != r.Snapshots[len(r.Snapshots)-1].W1 {
				t.Errorf("%v seed %d: study mean %v, W1 %v; alone %v, %v", kind, seed, a[k].MeanNorm[j], a[k].FinalW1[j], m, r.Snapshots[len(r.Snapshots)-1].W1)
			}
		}
		if len(a[k].Curve) != cfg.Steps/GANGradWindow || a[k].CV[0] <= 0 {
			t.Errorf("%v: curve of %d points, CV %v", kind, len(a[k].Curve), a[k].CV)
		}
	}
	tg, err := GANGradientChart(a)
	if err != nil {
		t.Fatal(err)
	}
	nbtest.Render(t, tg)
	_, err = GANGradientStudy(GANData, nil, []uint64{1}, cfg)
	nbtest.WantErr(t, err, "adversarial.GANGradientStudy", "0 kinds")
	bad := cfg
	bad.Steps = 0
	_, err = GANGradientStudy(GANData, kinds, []uint64{1}, bad)
	nbtest.WantErr(t, err, "adversarial.GANGradientStudy", "Steps = 0")
	_, err = GANGradientChart([]GANGradStats{{}})
	nbtest.WantErr(t, err, "adversarial.GANGradientChart", "st[0]")
}
