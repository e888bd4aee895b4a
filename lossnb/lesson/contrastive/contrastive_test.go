package contrastive

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
)

func TestGaussianMI(t *testing.T) {
	if v, _ := GaussianMI(0); v != 0 {
		t.Errorf("MI at ρ = 0 is %v, want 0", v)
	}
	v, _ := GaussianMI(-0.6)
	if math.Abs(v-(-0.5*math.Log(0.64))) > 1e-15 {
		t.Errorf("MI at ρ = −0.6 is %v", v)
	}
	_, err := GaussianMI(1)
	nbtest.WantErr(t, err, "contrastive.GaussianMI", "rho = 1")
}

func TestInfoNCEBound(t *testing.T) {
	mi, _ := GaussianMI(0.9)
	opt := nbtest.Must(InfoNCEBound(0.9, 1, 256, 64, 1))(t)
	if !(opt < mi+0.01 && opt > mi-0.05) {
		t.Errorf("bound at N = 256, τ = 1: %v, want just under the MI %v", opt, mi)
	}
	hot, _ := InfoNCEBound(0.9, 1e6, 64, 8, 1)
	if math.Abs(hot) > 1e-3 {
		t.Errorf("τ → ∞: bound %v, want 0 (constant scores give L = log N)", hot)
	}
	two, _ := InfoNCEBound(0.9, 1, 2, 2000, 1)
	if !(two < math.Log(2)) {
		t.Errorf("N = 2: bound %v above log 2", two)
	}
	again, _ := InfoNCEBound(0.9, 1, 256, 64, 1)
	if again != opt {
		t.Error("not deterministic")
	}
	for _, bc := range []struct {
		rho, tau float64
		n, b     int
		want     string
	}{
		{1, 1, 8, 1, "rho = 1"}, {0.5, 0, 8, 1, "tau = 0"}, {0.5, 1, 1, 1, "n = 1"}, {0.5, 1, 8, 0, "batches = 0"},
	} {
		_, err := InfoNCEBound(bc.rho, bc.tau, bc.n, bc.b, 1)
		nbtest.WantErr(t, err, "contrastive.InfoNCEBound", bc.want)
	}
	c := nbtest.Must(InfoNCEBoundChart())(t)
	nbtest.Render(t, c)
}

func TestTrainEmbedding(t *testing.T) {
	d := nbtest.Must(NewEmbeddingData(3, 20, 4, 1))(t)
	var runs []*EmbeddingRun
	for _, k := range []EmbeddingLoss{SupConLoss, TripletLoss} {
		calls := 0
		r := nbtest.Must(TrainEmbedding(d, k, 100, 0.5, 1, func(int, float64) { calls++ }))(t)
		if calls != 3 {
			t.Errorf("%v: %d progress calls, want 3 (steps 0, 50, 100)", k, calls)
		}
		if !(r.Losses[len(r.Losses)-1] < r.Losses[0]) || !(r.AlignEnd < r.AlignStart) {
			t.Errorf("%v: loss %v → %v, alignment %v → %v: want both lower", k, r.Losses[0], r.Losses[len(r.Losses)-1], r.AlignStart, r.AlignEnd)
		}
		for i := 0; i < len(r.End); i += 2 {
			if n := math.Hypot(r.End[i], r.End[i+1]); math.Abs(n-1) > 1e-9 {
				t.Fatalf("%v: embedding %d has norm %v", k, i/2, n)
			}
		}
		runs = append(runs, r)
	}
	tg, err := EmbeddingChart(runs, d.Labels)
	if err != nil {
		t.Fatal(err)
	}
	if len(tg.Views) != 3 {
		t.Errorf("%d views, want 3", len(tg.Views))
	}
	nbtest.Render(t, tg)
	_, err = EmbeddingChart(runs, d.Labels[1:])
	nbtest.WantErr(t, err, "contrastive.EmbeddingChart", "coordinates")
	_, err = TrainEmbedding(d, EmbeddingLoss(5), 10, 0.5, 1, nil)
	nbtest.WantErr(t, err, "contrastive.TrainEmbedding", "kind = EmbeddingLoss(5)")
	_, err = TrainEmbedding(d, SupConLoss, 0, 0.5, 1, nil)
	nbtest.WantErr(t, err, "contrastive.TrainEmbedding", "steps = 0")
	_, err = TrainEmbedding(d, SupConLoss, 10, math.NaN(), 1, nil)
	nbtest.WantErr(t, err, "contrastive.TrainEmbedding", "lr = NaN")
	_, err = TrainEmbedding(nil, SupConLoss, 10, 0.5, 1, nil)
	nbtest.WantErr(t, err, "contrastive.TrainEmbedding", "nil")
	_, err = NewEmbeddingData(1, 20, 4, 1)
	nbtest.WantErr(t, err, "contrastive.NewEmbeddingData", "classes = 1")
	_, err = NewEmbeddingData(3, 20, 100, 1)
	nbtest.WantErr(t, err, "contrastive.NewEmbeddingData", "dim = 100")
}

func TestSpectrum(t *testing.T) {
	// Points on a line in R³ plus a little in a second direction: 1, 0.1, 0.
	var emb []float64
	for i := 0; i < 10; i++ {
		s := float64(i - 5)
		w := 0.1 * float64(i%2*2-1) * 3
		emb = append(emb, s, w, 7)
	}
	sv, err := Spectrum(emb, 10, 3)
	if err != nil {
		t.Fatal(err)
	}
	if sv[0] != 1 || !(sv[1] > 0.05 && sv[1] < 0.2) || sv[2] > 1e-12 {
		t.Errorf("spectrum %v, want 1, about 0.1, 0", sv)
	}
	_, err = Spectrum(emb, 10, 4)
	nbtest.WantErr(t, err, "contrastive.Spectrum", "len(emb) = 30")
	_, err = Spectrum(make([]float64, 6), 3, 2)
	nbtest.WantErr(t, err, "contrastive.Spectrum", "all equal")
}

func TestCollapseDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("2 s")
	}
	// The augmentation's collapse on five seeds, not one: strong noise in four directions
	// leaves four large and four small singular values, weak noise leaves all eight large.
	// Catches a collapse that was one seed's accident.
	var jobs []func() (*CollapseRun, error)
	for seed := uint64(2); seed <= 6; seed++ {
		jobs = append(jobs,
			func() (*CollapseRun, error) { return CollapseDemo("strong", CollapseNoises[1], 150, seed, nil) },
			func() (*CollapseRun, error) { return CollapseDemo("weak", CollapseNoises[0], 150, seed, nil) })
	}
	runs := nbtest.Must(runAll(jobs))(t)
	for k := 0; k < len(runs); k += 2 {
		s, w := runs[k].Spectrum, runs[k+1].Spectrum
		if !(s[3] > 0.8 && s[4] < 0.1) || !(w[7] > 0.8) {
			t.Errorf("seed %d: strong noise %v, weak noise %v: want four large and four small, and eight large", 2+k/2, s, w)
		}
	}
	strong := runs[0]
	c, err := SpectrumChart([]*CollapseRun{strong})
	if err != nil {
		t.Fatal(err)
	}
	nbtest.Render(t, c)
	_, err = CollapseDemo("x", []float64{1}, 10, 1, nil)
	nbtest.WantErr(t, err, "contrastive.CollapseDemo", "len(noise) = 1")
	_, err = CollapseDemo("x", []float64{1, 1, 1, 1, 1, 1, 1, -1}, 10, 1, nil)
	nbtest.WantErr(t, err, "contrastive.CollapseDemo", "noise[7] = -1")
	_, err = CollapseDemo("x", CollapseNoises[0], 0, 1, nil)
	nbtest.WantErr(t, err, "contrastive.CollapseDemo", "steps = 0")
	_, err = SpectrumChart([]*CollapseRun{nil})
	nbtest.WantErr(t, err, "contrastive.SpectrumChart", "runs[0]")
}

func TestEffectiveRank(t *testing.T) {
	// d equal values give d; one non-zero value gives 1; scale does not matter. Catches a
	// rank computed from unnormalised values or with the log of the wrong base.
	for _, tc := range []struct {
		sv   []float64
		want float64
	}{{[]float64{1, 1, 1, 1}, 4}, {[]float64{3, 0, 0}, 1}, {[]float64{2, 2, 0}, 2}, {nil, 0}} {
		if got := EffectiveRank(tc.sv); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("EffectiveRank(%v) = %v, want %v", tc.sv, got, tc.want)
		}
	}
	if a, b := EffectiveRank([]float64{1, 0.5, 0.1}), EffectiveRank([]float64{10, 5, 1}); math.Abs(a-b) > 1e-12 {
		t.Errorf("scale changed the effective rank: %v, %v", a, b)
	}
}

func TestCollapseTrain(t *testing.T) {
	// CollapseDemo is CollapseTrain with InfoNCE at τ = 0.2: the same numbers, so the
	// notebook's first collapse demo did not change when the objective became a choice.
	a := nbtest.Must(CollapseDemo("a", CollapseNoises[0], 20, 3, nil))(t)
	b := nbtest.Must(CollapseTrain("b", InfoNCEObjective, 0.2, CollapseNoises[0], 20, 3, nil))(t)
	for i := range a.Spectrum {
		if a.Spectrum[i] != b.Spectrum[i] {
			t.Fatalf("spectra differ: %v, %v", a.Spectrum, b.Spectrum)
		}
	}
	// The alignment + uniformity loss is the sum of its parts at step 0 (fresh encoder,
	// same noise): catches a uniformity term added with the wrong weight.
	al := nbtest.Must(CollapseTrain("", AlignOnlyObjective, 0, CollapseNoises[0], 1, 3, nil))(t)
	au, err := CollapseTrain("", AlignUniformObjective, 0, CollapseNoises[0], 1, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !(au.Losses[0] < al.Losses[0]) || au.Losses[0] > al.Losses[0]-1 {
		t.Errorf("step 0: alignment %v, alignment + uniformity %v: want the uniformity (about −2 to −4) added", al.Losses[0], au.Losses[0])
	}
	_, err = CollapseTrain("", CollapseObjective(7), 1, CollapseNoises[0], 10, 1, nil)
	nbtest.WantErr(t, err, "contrastive.CollapseTrain", "obj = CollapseObjective(7)")
	_, err = CollapseTrain("", InfoNCEObjective, 0, CollapseNoises[0], 10, 1, nil)
	nbtest.WantErr(t, err, "contrastive.CollapseTrain", "tau = 0")
	_, err = TemperatureSweep(nil, 1)
	nbtest.WantErr(t, err, "contrastive.TemperatureSweep", "empty")
	runs := nbtest.Must(TemperatureSweep([]float64{0.5, 2}, 1))(t)
	tg := nbtest.Must(TemperatureCharts(runs, []float64{0.5, 2}))(t)
	nbtest.Render(t, tg)
	_, err = TemperatureCharts(runs, []float64{1})
	nbtest.WantErr(t, err, "contrastive.TemperatureCharts", "2 runs for 1")
}
