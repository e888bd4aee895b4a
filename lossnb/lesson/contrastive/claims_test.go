package contrastive

// The numbers stated in the prose of notebook 06, each recomputed and tied to its
// sentence (see claims_test.go).

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/loss"
)

const nb06 = "06-contrastive.ipynb"

func TestClaims06InfoNCE(t *testing.T) {
	text := nbtest.Prose(t, nb06)
	mi := nbtest.Must(GaussianMI(InfoNCERho))(t)
	nbtest.Claim(t, text, "with correlation $\\rho = 0.9$", InfoNCERho, 0.9, 0)
	nbtest.Claim(t, text, "$-\\tfrac12 \\log(1 - \\rho^2) = 0.830$ nats", math.Round(1000*mi)/1000, 0.830, 0)
	bound := func(tau float64, n int) float64 {
		t.Helper()
		v := nbtest.Must(InfoNCEBound(InfoNCERho, tau, n, max(16, 16384/n), 6))(t) // as InfoNCEBoundChart
		return math.Round(1000*v) / 1000
	}
	nbtest.Claim(t, text, "the slider (the best critic is at $\\tau = 1$)", InfoNCETaus[2], 1, 0)
	// "the best critic is at τ = 1": at every batch size from 8 up, no other temperature
	// of the slider certifies more (catches a critic whose scale is off, so that another τ
	// would win).
	for _, n := range InfoNCEBatchSizes[2:] {
		best := bound(1, int(n))
		for _, tau := range InfoNCETaus {
			if b := bound(tau, int(n)); tau != 1 && b > best {
				t.Errorf("N = %v: bound %v at τ = %v above τ = 1's %v", n, b, tau, best)
			}
		}
	}
	nbtest.Claim(t, text, "At $\\tau = 1$ the bound climbs from 0.335 at $N = 2$", bound(1, 2), 0.335, 0)
	nbtest.Claim(t, text, "to 0.825 at $N = 512$, just under the true 0.830", bound(1, 512), 0.825, 0)
	// "with two candidates the task can certify at most log 2 = 0.693 nats, however good the
	// critic": at N = 2 the bound stays below log 2 at every temperature of the slider
	// (catches a bound computed without the log N term or with the wrong batch size).
	for _, tau := range InfoNCETaus {
		if b := bound(tau, 2); !(b < math.Ln2) {
			t.Errorf("τ = %v, N = 2: bound %v, not below log 2", tau, b)
		}
	}
	nbtest.Claim(t, text, "$\\log 2 = 0.693$ nats", nbtest.Round3(math.Log(InfoNCEBatchSizes[0])), 0.693, 0)
	nbtest.Claim(t, text, "to 0.673 at $\\tau = 0.5$", bound(0.5, 512), 0.673, 0)
	nbtest.Claim(t, text, "0.738 at $\\tau = 2$ (for $N = 512$)", bound(2, 512), 0.738, 0)
	nbtest.Claim(t, text, "At $\\tau = 100$ the scores are almost constant and the bound is only 0.041", bound(100, 512), 0.041, 0)
	l := nbtest.Must(loss.InfoNCE(make([]float64, 64), make([]float64, 64), 1, 0.1, loss.Options{}))(t)
	nbtest.Claim(t, text, "Guessing at random gives $L = \\log N$", l, math.Log(64), 1e-12)
}

func TestClaims06Embedding(t *testing.T) {
	text := nbtest.Prose(t, nb06)
	d, runs, err := EmbeddingRuns(nil)
	if err != nil {
		t.Fatal(err)
	}
	nbtest.Claim(t, text, "The data are 3 classes of 30 points", float64(len(d.Labels)), 90, 0)
	nbtest.Claim(t, text, "a linear map from 4 dimensions to 2", float64(d.Dim), 4, 0)
	nbtest.Claim(t, text, "Each runs 300 steps", float64(len(runs[0].Losses)-1), 300, 0)
	sc, tr := runs[0], runs[1]
	if sc.Loss != SupConLoss || tr.Loss != TripletLoss {
		t.Fatalf("runs are %v, %v", sc.Loss, tr.Loss)
	}
	nbtest.Claim(t, text, "alignment falls from 0.38 to 0.08", nbtest.Round2(sc.AlignStart), 0.38, 0)
	nbtest.Claim(t, text, "alignment falls from 0.38 to 0.08", nbtest.Round2(sc.AlignEnd), 0.08, 0)
	nbtest.Claim(t, text, "and uniformity from −0.92 to −1.13", nbtest.Round2(sc.UniformStart), -0.92, 0)
	nbtest.Claim(t, text, "and uniformity from −0.92 to −1.13", nbtest.Round2(sc.UniformEnd), -1.13, 0)
	nbtest.Claim(t, text, "(its loss ends at 0.0035)", math.Round(1e4*tr.Losses[len(tr.Losses)-1])/1e4, 0.0035, 0)
	nbtest.Claim(t, text, "its classes stay looser (alignment 0.12)", nbtest.Round2(tr.AlignEnd), 0.12, 0)
	nbtest.Claim(t, text, "(uniformity −1.31)", nbtest.Round2(tr.UniformEnd), -1.31, 0)
	var three []float64
	for _, l := range d.Labels {
		a := 2 * math.Pi * float64(l) / 3
		three = append(three, math.Cos(a), math.Sin(a))
	}
	u3 := nbtest.Must(loss.Uniformity(three, 2, 2, loss.Options{}))(t)
	nbtest.Claim(t, text, "the −1.12 of three perfect points 120° apart", nbtest.Round2(u3), -1.12, 0)
	// "which is lower the more evenly the points cover the sphere": coincident points give 0.
	u, err := loss.Uniformity([]float64{1, 0, 1, 0}, 2, 2, loss.Options{})
	if err != nil || u != 0 || !strings.Contains(text, "which is lower the more evenly the points cover the sphere") {
		t.Errorf("uniformity of coincident points %v, %v", u, err)
	}
}

func TestClaims06Collapse(t *testing.T) {
	text := nbtest.Prose(t, nb06)
	runs := nbtest.Must(CollapseRuns(nil))(t)
	nbtest.Claim(t, text, "in one run weak noise (standard deviation 0.3) in every direction", CollapseNoises[0][7], 0.3, 0)
	nbtest.Claim(t, text, "strong noise (3) in the other four", CollapseNoises[1][7], 3, 0)
	weak, strong := runs[0].Spectrum, runs[1].Spectrum
	for _, s := range weak {
		if !strings.Contains(text, "all eight singular values stay above 0.85 of the largest") || s < 0.85 {
			t.Errorf("weak noise: singular value %v, the prose says above 0.85", s)
		}
	}
	for i, s := range strong {
		if i < 4 && s < 0.85 || i >= 4 && s > 0.06 {
			t.Errorf("strong noise: singular value %d is %v, the prose says the first four large and the last four below 0.06", i, s)
		}
	}
	if !strings.Contains(text, "the last four fall below 0.06 of the largest, two of them under 0.001") || !(strong[6] < 0.001 && strong[7] < 0.001 && strong[5] > 0.001) {
		t.Errorf("strong noise: spectrum %v, the prose says two under 0.001", strong)
	}
}

// TestClaims06LossCollapse ties the "collapse caused by the loss" sentences to runs, and
// checks the two effects over five seeds. It would catch a temperature effect or an
// alignment-only collapse that held at the notebook's seed only.
func TestClaims06LossCollapse(t *testing.T) {
	text := nbtest.Prose(t, nb06)
	for i, tau := range []float64{0.1, 0.2, 0.5, 1, 2, 5} {
		nbtest.Claim(t, text, "InfoNCE at $\\tau = 0.1, 0.2, 0.5, 1, 2, 5$", CollapseTaus[i], tau, 0)
	}
	sweep := nbtest.Must(TemperatureSweep(CollapseTaus, 6))(t)
	at := func(tau float64) *CollapseRun { return sweep[slices.Index(CollapseTaus, tau)] }
	for _, tau := range []float64{0.1, 0.2, 0.5} {
		r := at(tau)
		nbtest.Claim(t, text, "(effective rank 7.98 or more, uniformity $-3.09$ to $-3.10$)", math.Min(nbtest.Round2(r.EffRank), 7.98), 7.98, 0)
		if u := nbtest.Round2(r.Uniformity); u > -3.09 || u < -3.10 {
			t.Errorf("τ = %v: uniformity %v, the prose says −3.09 to −3.10", tau, r.Uniformity)
		}
	}
	nbtest.Claim(t, text, "at $\\tau = 2$ the smallest singular value is down to 0.52 of the largest", nbtest.Round2(at(2).Spectrum[7]), 0.52, 0)
	nbtest.Claim(t, text, "and at $\\tau = 5$ to 0.18 (effective rank 7.25)", nbtest.Round2(at(5).Spectrum[7]), 0.18, 0)
	nbtest.Claim(t, text, "and at $\\tau = 5$ to 0.18 (effective rank 7.25)", nbtest.Round2(at(5).EffRank), 7.25, 0)
	nbtest.Claim(t, text, "while the uniformity rises to $-2.81$", nbtest.Round2(at(5).Uniformity), -2.81, 0)
	// "Up to τ = 0.5 … Then it starts to let go": from τ = 0.5 on, the smallest singular
	// value and the effective rank fall and the uniformity rises with every step of τ.
	for i := slices.Index(CollapseTaus, 0.5) + 1; i < len(sweep); i++ {
		a, b := sweep[i-1], sweep[i]
		if !(b.Spectrum[7] < a.Spectrum[7] && b.EffRank < a.EffRank && b.Uniformity > a.Uniformity) {
			t.Errorf("τ %v → %v: smallest σ %v → %v, effective rank %v → %v, uniformity %v → %v", CollapseTaus[i-1], CollapseTaus[i], a.Spectrum[7], b.Spectrum[7], a.EffRank, b.EffRank, a.Uniformity, b.Uniformity)
		}
	}
	seeds := []uint64{6, 7, 8, 9, 10}
	nbtest.Claim(t, text, "Over five seeds (6 to 10)", float64(len(seeds)), 5, 0)
	var jobs []func() (*CollapseRun, error)
	for _, seed := range seeds {
		jobs = append(jobs,
			func() (*CollapseRun, error) {
				return CollapseTrain("", InfoNCEObjective, 0.2, CollapseNoises[0], 300, seed, nil)
			},
			func() (*CollapseRun, error) {
				return CollapseTrain("", InfoNCEObjective, 5, CollapseNoises[0], 300, seed, nil)
			},
			func() (*CollapseRun, error) {
				return CollapseTrain("", AlignOnlyObjective, 0, CollapseNoises[0], AlignOnlySteps, seed, nil)
			})
	}
	runs := nbtest.Must(runAll(jobs))(t)
	lo, hi := math.Inf(1), math.Inf(-1)
	elo, ehi := math.Inf(1), math.Inf(-1)
	for k, seed := range seeds {
		cool, hot, al := runs[3*k], runs[3*k+1], runs[3*k+2]
		if !(hot.Uniformity > cool.Uniformity && hot.EffRank < cool.EffRank) {
			t.Errorf("seed %d: τ = 5 uniformity %v, effective rank %v; τ = 0.2 %v, %v", seed, hot.Uniformity, hot.EffRank, cool.Uniformity, cool.EffRank)
		}
		lo, hi = math.Min(lo, hot.Spectrum[7]), math.Max(hi, hot.Spectrum[7])
		var tiny int
		for _, s := range al.Spectrum {
			if s < 0.001 {
				tiny++
			}
		}
		if tiny < 2 {
			t.Errorf("seed %d: alignment alone leaves %d singular values below 0.001, the prose says at least two", seed, tiny)
		}
		elo, ehi = math.Min(elo, al.EffRank), math.Max(ehi, al.EffRank)
	}
	nbtest.Claim(t, text, "its smallest singular value between 0.02 and 0.37", nbtest.Round2(lo), 0.02, 0)
	nbtest.Claim(t, text, "its smallest singular value between 0.02 and 0.37", nbtest.Round2(hi), 0.37, 0)
	nbtest.Claim(t, text, "with an effective rank between 3.49 and 5.39", nbtest.Round2(elo), 3.49, 0)
	nbtest.Claim(t, text, "with an effective rank between 3.49 and 5.39", nbtest.Round2(ehi), 5.39, 0)

	objs := nbtest.Must(ObjectiveRuns(6))(t)
	nce, al, au := objs[0], objs[1], objs[2]
	nbtest.Claim(t, text, "Train it (it is cheap, so for 3000 steps)", float64(len(al.Losses)-1), 3000, 0)
	nbtest.Claim(t, text, "(300 steps each)", float64(len(nce.Losses)-1), 300, 0)
	nbtest.Claim(t, text, "(300 steps each)", float64(len(au.Losses)-1), 300, 0)
	nbtest.Claim(t, text, "InfoNCE keeps all eight singular values above 0.85", math.Min(slices.Min(nce.Spectrum), 0.85), 0.85, 0)
	nbtest.Claim(t, text, "and alignment + uniformity above 0.9", math.Min(slices.Min(au.Spectrum), 0.9), 0.9, 0)
	var tiny float64
	for _, s := range al.Spectrum {
		if s < 0.001 {
			tiny++
		}
	}
	nbtest.Claim(t, text, "with alignment alone three of them fall below 0.001 and the effective rank is 4.52", tiny, 3, 0)
	nbtest.Claim(t, text, "with alignment alone three of them fall below 0.001 and the effective rank is 4.52", nbtest.Round2(al.EffRank), 4.52, 0)
	nbtest.Claim(t, text, "its alignment, 0.162, is better than InfoNCE's 0.184", nbtest.Round3(al.Alignment), 0.162, 0)
	nbtest.Claim(t, text, "its alignment, 0.162, is better than InfoNCE's 0.184", nbtest.Round3(nce.Alignment), 0.184, 0)
}

// TestClaims06EmbeddingSeeds checks the SupCon / triplet contrast on five data sets, and
// the caveat that SupCon's uniformity does not always improve. It would catch a contrast
// that held at the notebook's seed only.
func TestClaims06EmbeddingSeeds(t *testing.T) {
	text := nbtest.Prose(t, nb06)
	seeds := []uint64{6, 7, 8, 9, 10}
	nbtest.Claim(t, text, "Trained on five data sets (seeds 6 to 10)", float64(len(seeds)), 5, 0)
	lo, hi := math.Inf(1), math.Inf(-1)
	var worse float64
	for _, seed := range seeds {
		d := nbtest.Must(NewEmbeddingData(3, 30, 4, seed))(t)
		sc := nbtest.Must(TrainEmbedding(d, SupConLoss, 300, 0.5, seed, nil))(t)
		tr := nbtest.Must(TrainEmbedding(d, TripletLoss, 300, 0.5, seed, nil))(t)
		if !(sc.AlignEnd < tr.AlignEnd && tr.UniformEnd < sc.UniformEnd) {
			t.Errorf("seed %d: SupCon alignment %v, uniformity %v; triplet %v, %v", seed, sc.AlignEnd, sc.UniformEnd, tr.AlignEnd, tr.UniformEnd)
		}
		if !(sc.AlignEnd < sc.AlignStart && tr.AlignEnd < tr.AlignStart) {
			t.Errorf("seed %d: alignment did not fall (SupCon %v → %v, triplet %v → %v)", seed, sc.AlignStart, sc.AlignEnd, tr.AlignStart, tr.AlignEnd)
		}
		lo, hi = math.Min(lo, sc.UniformEnd), math.Max(hi, sc.UniformEnd)
		if sc.UniformEnd > sc.UniformStart {
			worse++
		}
	}
	nbtest.Claim(t, text, "(it ends between −1.13 and −1.04)", nbtest.Round2(lo), -1.13, 0)
	nbtest.Claim(t, text, "(it ends between −1.13 and −1.04)", nbtest.Round2(hi), -1.04, 0)
	nbtest.Claim(t, text, "(two of the five) its uniformity gets *worse*", worse, 2, 0)
}

// TestClaims06Exercises ties exercise 4's statement and the second prediction to their
// numbers: fails if the pair's information or the collapse run changes.
func TestClaims06Exercises(t *testing.T) {
	text := nbtest.Prose(t, nb06)
	mi, _ := GaussianMI(InfoNCERho)
	nbtest.Claim(t, text, "The correlated pair of the first section carries 0.830 nats", nbtest.Round3(mi), 0.830, 0)
	mi5, _ := GaussianMI(0.5)
	nbtest.Claim(t, text, "Set `rho` to 0.5 (true information 0.144 nats)", nbtest.Round3(mi5), 0.144, 0)
}
