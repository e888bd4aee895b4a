package adversarial

// The numbers stated in the prose of notebook 05, each recomputed and tied to its
// sentence (see claims_test.go).

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

const nb05 = "05-adversarial.ipynb"

func TestClaims05Game(t *testing.T) {
	text := nbtest.Prose(t, nb05)
	nbtest.Claim(t, text, "at $-2$ and $+2$ with standard deviation 0.4", GANData.Mode, 2, 0)
	nbtest.Claim(t, text, "at $-2$ and $+2$ with standard deviation 0.4", GANData.Sigma, 0.4, 0)
	sl := EquilibriumShifts[num.Nearest(EquilibriumShifts, 1.5)]
	nbtest.Claim(t, text, "It starts at the slider's shift of 1.5", sl, 1.5, 1e-12)
	v15 := nbtest.Must(OptimalValue(GANData, 1.5))(t)
	nbtest.Claim(t, text, "where $V = -0.16$", nbtest.Round2(v15), -0.16, 0)
	v0, _ := OptimalValue(GANData, 0)
	nbtest.Claim(t, text, "the value bottoms out at exactly $-\\log 4 \\approx -1.386$", v0, -math.Log(4), 1e-9)
	nbtest.Claim(t, text, "$-\\log 4 \\approx -1.386$", nbtest.Round3(v0), -1.386, 0)
	d, _ := OptimalDiscriminator(GANData, 0, 0.7)
	nbtest.Claim(t, text, "$D^*$ is $\\tfrac12$ everywhere", d, 0.5, 0)
	dl := nbtest.Must(loss.GANDiscriminator([]float64{0}, []float64{0}, loss.GANOptions{Kind: loss.MinimaxGAN}))(t)
	nbtest.Claim(t, text, "each half costs $\\log 2$, together $\\log 4$", dl, math.Log(4), 1e-15)
}

// TestClaims05Value checks V(D*, G) over the whole slider, not at one point: the shape the
// prose describes (rise to a flat top near 2, fall to a local minimum −log 2 at 4, rise
// again), its numbers, and every slider value against an independent quadrature. It would
// catch the old lesson ("past 2, V sits near 0 whatever the generator does") and an
// integration range that misses the generator's shifted modes.
func TestClaims05Value(t *testing.T) {
	text := nbtest.Prose(t, nb05)
	v := make([]float64, len(EquilibriumShifts))
	for i, s := range EquilibriumShifts {
		var err error
		if v[i], err = OptimalValue(GANData, s); err != nil {
			t.Fatal(err)
		}
		// Gauss-Legendre on a range wide enough for every shift of the slider.
		f := func(x float64) float64 {
			pd, pg := GANData.Density(x, 0), GANData.Density(x, s)
			var y float64
			if pd > 0 {
				y += pd * math.Log(pd/(pd+pg))
			}
			if pg > 0 {
				y += pg * math.Log(pg/(pd+pg))
			}
			return y
		}
		ref := quad.Fixed(f, -12, 12, 4000, quad.Legendre{}, 0)
		if math.Abs(v[i]-ref) > 1e-6 {
			t.Errorf("shift %v: V = %v, Gauss-Legendre %v", s, v[i], ref)
		}
		if !(v[i] >= -math.Log(4)-1e-9 && v[i] < 0) || (s != 0 && !(v[i] > -math.Log(4)+1e-3)) {
			t.Errorf("shift %v: V = %v, want in (−log 4, 0), −log 4 only at 0", s, v[i])
		}
		if j := num.Nearest(EquilibriumShifts, -s); math.Abs(v[j]-v[i]) > 1e-9 && j < i {
			t.Errorf("V(%v) = %v, V(%v) = %v: not symmetric", s, v[i], -s, v[j])
		}
	}
	// Up on [0, 2], down on [2, 4], up on [4, 4.5].
	for i := 1; i < len(EquilibriumShifts); i++ {
		a, b := EquilibriumShifts[i-1], EquilibriumShifts[i]
		if a < -1e-9 {
			continue
		}
		up := v[i] > v[i-1]
		if want := b <= 2+1e-9 || a >= 4-1e-9; up != want {
			t.Errorf("V from shift %v to %v: %v → %v, want rising %v", a, b, v[i-1], v[i], want)
		}
	}
	val := func(s float64) float64 { return v[num.Nearest(EquilibriumShifts, s)] }
	nbtest.Claim(t, text, "It rises to about $-0.05$ near shift 2", nbtest.Round2(val(2)), -0.05, 0)
	nbtest.Claim(t, text, "($-0.052$ at 2, where each of the generator's", nbtest.Round3(val(2)), -0.052, 0)
	nbtest.Claim(t, text, "$-0.085$ at 2.5 and $-0.252$ at 3", nbtest.Round3(val(2.5)), -0.085, 0)
	nbtest.Claim(t, text, "$-0.085$ at 2.5 and $-0.252$ at 3", nbtest.Round3(val(3)), -0.252, 0)
	nbtest.Claim(t, text, "At shift 4 they coincide and $V = -\\log 2 \\approx -0.693$, a local minimum", val(4), -math.Ln2, 1e-6)
	nbtest.Claim(t, text, "$V = -\\log 2 \\approx -0.693$", nbtest.Round3(val(4)), -0.693, 0)
	if !(val(3.75) > val(4) && val(4.25) > val(4)) {
		t.Errorf("V around 4: %v, %v, %v; the prose says a local minimum", val(3.75), val(4), val(4.25))
	}
	nbtest.Claim(t, text, "At shift 4", 2*GANData.Mode, 4, 0)
}

func TestClaims05Saturation(t *testing.T) {
	text := nbtest.Prose(t, nb05)
	mm, ns, err := GeneratorGradients([]float64{0.01})
	if err != nil {
		t.Fatal(err)
	}
	nbtest.Claim(t, text, "at $D(G(z)) = 0.01$ the minimax generator gets a slope of 0.01", mm[0], 0.01, 1e-12)
	nbtest.Claim(t, text, "and the non-saturating one 0.99", ns[0], 0.99, 1e-12)
	nbtest.Claim(t, text, "a hundred times less signal", math.Round(ns[0]/mm[0]), 99, 0)
}

func TestClaims05TinyGAN(t *testing.T) {
	text := nbtest.Prose(t, nb05)
	c := DefaultTinyGAN
	nbtest.Claim(t, text, "one hidden layer of 16 tanh units", float64(c.Hidden), 16, 0)
	nbtest.Claim(t, text, "on 64 real and 64 fake samples", float64(c.Batch), 64, 0)
	nbtest.Claim(t, text, "2000 steps per loss", float64(c.Steps), 2000, 0)
	nbtest.Claim(t, text, "the Wasserstein critic takes 5 steps per generator step", float64(c.NCritic), 5, 0)
	runs := nbtest.Must(TrainTinyGANs(nil))(t)
	for _, r := range runs {
		nbtest.Claim(t, text, "At step 0 it is 1.55 for every loss", nbtest.Round2(r.Snapshots[0].W1), 1.55, 0)
	}
	ns := runs[1]
	if ns.Kind != loss.NonSaturatingGAN {
		t.Fatalf("runs[1] is %v", ns.Kind)
	}
	at := func(x float64) int { return num.Nearest(GANGrid, x) }
	nbtest.Claim(t, text, "By step 100 the discriminator calls the middle fake ($D(0) = 0.26$)", nbtest.Round2(ns.Snapshots[1].D[at(0)]), 0.26, 0)
	// "one lump between about −1 and ½" at step 0: at least 95% of the mass there.
	var lump float64
	for i, h := range ns.Snapshots[0].Hist {
		if GANBins[i] >= -1.25 && GANBins[i+1] <= 0.75 {
			lump += h * (GANBins[1] - GANBins[0])
		}
	}
	if !strings.Contains(text, "one lump between about $-1$ and $\\tfrac12$") || lump < 0.95 {
		t.Errorf("step 0: %v of the generator's mass in [−1.25, 0.75]", lump)
	}
	last := ns.Snapshots[len(ns.Snapshots)-1]
	for _, x := range []float64{-2, 2} {
		d := last.D[at(x)]
		if !strings.Contains(text, "between 0.50 and 0.52 at $-2$ and $+2$") || d < 0.5 || d > 0.52 {
			t.Errorf("final D(%v) = %v, the prose says between 0.50 and 0.52", x, d)
		}
	}
	nbtest.Claim(t, text, "its batch loss is 1.38", nbtest.Round2(last.LossD), 1.38, 0)
	nbtest.Claim(t, text, "($D(0) = 0.05$)", nbtest.Round2(last.D[at(0)]), 0.05, 0)
	final := map[string]float64{
		"0.28 for minimax": 0.28, "0.18 non-saturating": 0.18, "0.60 for the Wasserstein critic": 0.60,
		"0.20 hinge": 0.20, "0.22 least squares": 0.22,
	}
	phrases := []string{"0.28 for minimax", "0.18 non-saturating", "0.60 for the Wasserstein critic", "0.20 hinge", "0.22 least squares"}
	idx := []int{0, 1, 2, 3, 4}
	for j, p := range phrases {
		r := runs[idx[j]]
		nbtest.Claim(t, text, p, nbtest.Round2(r.Snapshots[len(r.Snapshots)-1].W1), final[p], 0)
	}
}

// TestClaims05Gradients ties the gradient study's sentences to a run over five seeds. It
// would catch a prose that reported one seed's ordering as a property of the losses.
func TestClaims05Gradients(t *testing.T) {
	text := nbtest.Prose(t, nb05)
	st := nbtest.Must(GANGradientStudy(GANData, GANKinds, GANStudySeeds, DefaultTinyGAN))(t)
	nbtest.Claim(t, text, "train each loss on five seeds (5, the run above, and 6 to 9)", float64(len(GANStudySeeds)), 5, 0)
	nbtest.Claim(t, text, "The 25 runs take a few seconds", float64(len(GANStudySeeds)*len(GANKinds)), 25, 0)
	by := map[loss.GAN]GANGradStats{}
	for _, s := range st {
		by[s.Kind] = s
	}
	w, ns, hi, ls := by[loss.WassersteinGAN], by[loss.NonSaturatingGAN], by[loss.HingeGAN], by[loss.LeastSquaresGAN]
	mean := func(xs []float64) float64 {
		var m float64
		for _, x := range xs {
			m += x / float64(len(xs))
		}
		return m
	}
	lo, top := func(xs []float64) float64 { return slices.Min(xs) }, func(xs []float64) float64 { return slices.Max(xs) }
	// "the lowest variation on every seed".
	for j := range GANStudySeeds {
		for _, s := range st {
			if s.Kind != loss.WassersteinGAN && !(w.CV[j] < s.CV[j]) {
				t.Errorf("seed %d: Wasserstein variation %v not below %v's %v", GANStudySeeds[j], w.CV[j], s.Kind, s.CV[j])
			}
		}
	}
	const wSent = "the lowest variation on every seed, 0.51 to 0.69, against 0.71 to 0.78 for the non-saturating loss"
	nbtest.Claim(t, text, wSent, nbtest.Round2(lo(w.CV)), 0.51, 0)
	nbtest.Claim(t, text, wSent, nbtest.Round2(top(w.CV)), 0.69, 0)
	nbtest.Claim(t, text, wSent, nbtest.Round2(lo(ns.CV)), 0.71, 0)
	nbtest.Claim(t, text, wSent, nbtest.Round2(top(ns.CV)), 0.78, 0)
	var hingeBelow, lsAbove float64
	for j := range GANStudySeeds {
		if hi.CV[j] < ns.CV[j] {
			hingeBelow++
		}
		if ls.CV[j] > ns.CV[j] {
			lsAbove++
		}
	}
	const hSent = "(0.75 against 0.73 on average, lower on only two seeds of five)"
	nbtest.Claim(t, text, hSent, nbtest.Round2(mean(hi.CV)), 0.75, 0)
	nbtest.Claim(t, text, hSent, nbtest.Round2(mean(ns.CV)), 0.73, 0)
	nbtest.Claim(t, text, hSent, hingeBelow, 2, 0)
	nbtest.Claim(t, text, "least squares is the least steady, 1.03 on average and above the non-saturating loss on every seed", nbtest.Round2(mean(ls.CV)), 1.03, 0)
	nbtest.Claim(t, text, "least squares is the least steady, 1.03 on average and above the non-saturating loss on every seed", lsAbove, 5, 0)
	for _, s := range st {
		if mean(s.CV) > mean(ls.CV) {
			t.Errorf("%v: mean variation %v above least squares' %v; the prose says least squares is the least steady", s.Kind, mean(s.CV), mean(ls.CV))
		}
	}
	// "the Wasserstein generator ends farthest from the data on four seeds of five. On the
	// fifth, seed 6, the least-squares generator puts 100% of its samples above 0 and ends
	// at W₁ = 1.96".
	var wWorst float64
	for j, seed := range GANStudySeeds {
		worst := true
		for _, s := range st {
			if s.Kind != loss.WassersteinGAN && s.FinalW1[j] > w.FinalW1[j] {
				worst = false
				if seed != 6 || s.Kind != loss.LeastSquaresGAN {
					t.Errorf("seed %d: %v ends at W1 %v, beyond the Wasserstein %v", seed, s.Kind, s.FinalW1[j], w.FinalW1[j])
				}
			}
		}
		if worst {
			wWorst++
		}
	}
	nbtest.Claim(t, text, "the Wasserstein generator ends farthest from the data on four seeds of five", wWorst, 4, 0)
	j6 := slices.Index(GANStudySeeds, 6)
	nbtest.Claim(t, text, "puts 100% of its samples above 0 and ends at $W_1 = 1.96$", 100*(1-ls.FinalLeft[j6]), 100, 0)
	nbtest.Claim(t, text, "puts 100% of its samples above 0 and ends at $W_1 = 1.96$", nbtest.Round2(ls.FinalW1[j6]), 1.96, 0)
	// The seed-5 runs of the study are the notebook's runs (the same numbers as the
	// "Final distances" sentence).
	nbtest.Claim(t, text, "0.60 for the Wasserstein critic", nbtest.Round2(w.FinalW1[0]), 0.60, 0)
}

// TestClaims05Exercises ties exercise 4's statement to the data and its check: fails if
// the modes move or the valley leaves the searched range.
func TestClaims05Exercises(t *testing.T) {
	text := nbtest.Prose(t, nb05)
	nbtest.Claim(t, text, "For the data of this notebook (modes at $\\pm 2$)", GANData.Mode, 2, 0)
	at := nbtest.Must(ValleyShift(GANData, 3, 5))(t)
	nbtest.Claim(t, text, "the shift at which the value is lowest between 3 and 5, to within 0.1", math.Round(at), 4, 0)
	if !strings.Contains(nbtest.Code(t, nb05), "adversarial.ValleyShift(adversarial.GANData, 3, 5)") {
		t.Error("exercise 4's check no longer searches between 3 and 5")
	}
}
