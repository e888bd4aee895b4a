package lesson

// The numbers stated in the prose of notebook 06, each recomputed and tied to its
// sentence (see claims_test.go).

import (
	"math"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

const nb06 = "06-contrastive.ipynb"

func TestClaims06InfoNCE(t *testing.T) {
	text := prose(t, nb06)
	mi, err := GaussianMI(InfoNCERho)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "with correlation $\\rho = 0.9$", InfoNCERho, 0.9, 0)
	claim(t, text, "$-\\tfrac12 \\log(1 - \\rho^2) = 0.830$ nats", math.Round(1000*mi)/1000, 0.830, 0)
	bound := func(tau float64, n int) float64 {
		t.Helper()
		v, err := InfoNCEBound(InfoNCERho, tau, n, max(16, 16384/n), 6) // as InfoNCEBoundChart
		if err != nil {
			t.Fatal(err)
		}
		return math.Round(1000*v) / 1000
	}
	claim(t, text, "the slider (the best critic is at $\\tau = 1$)", InfoNCETaus[2], 1, 0)
	claim(t, text, "At $\\tau = 1$ the bound climbs from 0.335 at $N = 2$", bound(1, 2), 0.335, 0)
	claim(t, text, "to 0.825 at $N = 512$, just under the true 0.830", bound(1, 512), 0.825, 0)
	claim(t, text, "$\\log 2 = 0.693$ nats", math.Round(1000*math.Ln2)/1000, 0.693, 0)
	claim(t, text, "to 0.673 at $\\tau = 0.5$", bound(0.5, 512), 0.673, 0)
	claim(t, text, "0.738 at $\\tau = 2$ (for $N = 512$)", bound(2, 512), 0.738, 0)
	claim(t, text, "At $\\tau = 100$ the scores are almost constant and the bound is only 0.041", bound(100, 512), 0.041, 0)
	l, err := loss.InfoNCE(make([]float64, 64), make([]float64, 64), 1, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "Guessing at random gives $L = \\log N$", l, math.Log(64), 1e-12)
}

func TestClaims06Embedding(t *testing.T) {
	text := prose(t, nb06)
	d, runs, err := EmbeddingRuns(nil)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "The data are 3 classes of 30 points", float64(len(d.Labels)), 90, 0)
	claim(t, text, "a linear map from 4 dimensions to 2", float64(d.Dim), 4, 0)
	claim(t, text, "Each runs 300 steps", float64(len(runs[0].Losses)-1), 300, 0)
	sc, tr := runs[0], runs[1]
	if sc.Loss != SupConLoss || tr.Loss != TripletLoss {
		t.Fatalf("runs are %v, %v", sc.Loss, tr.Loss)
	}
	claim(t, text, "alignment falls from 0.38 to 0.08", round2(sc.AlignStart), 0.38, 0)
	claim(t, text, "alignment falls from 0.38 to 0.08", round2(sc.AlignEnd), 0.08, 0)
	claim(t, text, "and uniformity from −0.92 to −1.13", round2(sc.UniformStart), -0.92, 0)
	claim(t, text, "and uniformity from −0.92 to −1.13", round2(sc.UniformEnd), -1.13, 0)
	claim(t, text, "(its loss ends at 0.0035)", math.Round(1e4*tr.Losses[len(tr.Losses)-1])/1e4, 0.0035, 0)
	claim(t, text, "its classes stay looser (alignment 0.12)", round2(tr.AlignEnd), 0.12, 0)
	claim(t, text, "(uniformity −1.31)", round2(tr.UniformEnd), -1.31, 0)
	var three []float64
	for _, l := range d.Labels {
		a := 2 * math.Pi * float64(l) / 3
		three = append(three, math.Cos(a), math.Sin(a))
	}
	u3, err := loss.Uniformity(three, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "the −1.12 of three perfect points 120° apart", round2(u3), -1.12, 0)
	// "which is lower the more evenly the points cover the sphere": coincident points give 0.
	u, err := loss.Uniformity([]float64{1, 0, 1, 0}, 2, 2)
	if err != nil || u != 0 || !strings.Contains(text, "which is lower the more evenly the points cover the sphere") {
		t.Errorf("uniformity of coincident points %v, %v", u, err)
	}
}

func TestClaims06Collapse(t *testing.T) {
	text := prose(t, nb06)
	runs, err := CollapseRuns(nil)
	if err != nil {
		t.Fatal(err)
	}
	claim(t, text, "in one run weak noise (standard deviation 0.3) in every direction", CollapseNoises[0][7], 0.3, 0)
	claim(t, text, "strong noise (3) in the other four", CollapseNoises[1][7], 3, 0)
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
