package lesson

// The numbers stated in the prose of notebook 05, each recomputed and tied to its
// sentence (see claims_test.go).

import (
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

const nb05 = "05-adversarial.ipynb"

func TestClaims05Game(t *testing.T) {
	text := prose(t, nb05)
	claim(t, text, "at $-2$ and $+2$ with standard deviation 0.4", GANData.Mode, 2, 0)
	claim(t, text, "at $-2$ and $+2$ with standard deviation 0.4", GANData.Sigma, 0.4, 0)
	sl := EquilibriumShifts[nearest(EquilibriumShifts, 1.5)]
	claim(t, text, "It starts at the slider's shift of 1.5", sl, 1.5, 1e-12)
	v15, err := OptimalValue(GANData, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "where $V = -0.16$", round2(v15), -0.16, 0)
	v0, _ := OptimalValue(GANData, 0)
	claim(t, text, "the value bottoms out at exactly $-\\log 4 \\approx -1.386$", v0, -math.Log(4), 1e-9)
	claim(t, text, "$-\\log 4 \\approx -1.386$", math.Round(-1000*math.Log(4))/1000, -1.386, 0)
	d, _ := OptimalDiscriminator(GANData, 0, 0.7)
	claim(t, text, "$D^*$ is $\\tfrac12$ everywhere", d, 0.5, 0)
	dl, err := loss.GANDiscriminator(loss.MinimaxGAN, []float64{0}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "each half costs $\\log 2$, together $\\log 4$", dl, math.Log(4), 1e-15)
	// "past a shift of about 2 the densities barely overlap ... V sits near 0".
	v2, _ := OptimalValue(GANData, 2)
	if !strings.Contains(text, "past a shift of about 2 the densities barely overlap") || !(v2 > -0.06) {
		t.Errorf("V at shift 2 = %v, the prose says near 0", v2)
	}
}

func TestClaims05Saturation(t *testing.T) {
	text := prose(t, nb05)
	mm, ns, err := GeneratorGradients([]float64{0.01})
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "at $D(G(z)) = 0.01$ the minimax generator gets a slope of 0.01", mm[0], 0.01, 1e-12)
	claim(t, text, "and the non-saturating one 0.99", ns[0], 0.99, 1e-12)
	claim(t, text, "a hundred times less signal", math.Round(ns[0]/mm[0]), 99, 0)
}

func TestClaims05TinyGAN(t *testing.T) {
	text := prose(t, nb05)
	c := DefaultTinyGAN
	claim(t, text, "one hidden layer of 16 tanh units", float64(c.Hidden), 16, 0)
	claim(t, text, "on 64 real and 64 fake samples", float64(c.Batch), 64, 0)
	claim(t, text, "2000 steps per loss", float64(c.Steps), 2000, 0)
	claim(t, text, "the Wasserstein critic takes 5 steps per generator step", float64(c.NCritic), 5, 0)
	runs, err := TrainTinyGANs(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		claim(t, text, "At step 0 it is 1.55 for every loss", round2(r.Snapshots[0].W1), 1.55, 0)
	}
	ns := runs[1]
	if ns.Kind != loss.NonSaturatingGAN {
		t.Fatalf("runs[1] is %v", ns.Kind)
	}
	at := func(x float64) int { return nearest(GANGrid, x) }
	claim(t, text, "By step 100 the discriminator calls the middle fake ($D(0) = 0.26$)", round2(ns.Snapshots[1].D[at(0)]), 0.26, 0)
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
	claim(t, text, "its batch loss is 1.38", round2(last.LossD), 1.38, 0)
	claim(t, text, "($D(0) = 0.05$)", round2(last.D[at(0)]), 0.05, 0)
	final := map[string]float64{
		"0.28 for minimax": 0.28, "0.18 non-saturating": 0.18, "0.60 for the Wasserstein critic": 0.60,
		"0.20 hinge": 0.20, "0.22 least squares": 0.22,
	}
	phrases := []string{"0.28 for minimax", "0.18 non-saturating", "0.60 for the Wasserstein critic", "0.20 hinge", "0.22 least squares"}
	idx := []int{0, 1, 2, 3, 4}
	for j, p := range phrases {
		r := runs[idx[j]]
		claim(t, text, p, round2(r.Snapshots[len(r.Snapshots)-1].W1), final[p], 0)
	}
}
