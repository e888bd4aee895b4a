package ranking

// The numbers stated in the prose of notebook 07, each recomputed and tied to its
// sentence (see claims_test.go).

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

const nb07 = "07-ranking.ipynb"

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestClaims07Pairs(t *testing.T) {
	text := nbtest.Prose(t, nb07)
	_, mrs, rn, rns, err := PairLosses([]float64{0, 3}, 1)
	if err != nil {
		t.Fatal(err)
	}
	nbtest.Claim(t, text, "a tied pair ($d = 0$) pushes with slope −1 under the margin loss", mrs[0], -1, 0)
	nbtest.Claim(t, text, "and −0.5 under RankNet", rns[0], -0.5, 1e-15)
	nbtest.Claim(t, text, "a pair already 3 apart pushes with 0 under the margin loss", mrs[1], 0, 0)
	nbtest.Claim(t, text, "still 0.047 under RankNet", nbtest.Round3(-rns[1]), 0.047, 0)
	if !(rn[1] > 0) {
		t.Error("RankNet at d = 3 is 0: the prose says it never quite lets go")
	}
}

func TestClaims07ListNetAndNDCG(t *testing.T) {
	text := nbtest.Prose(t, nb07)
	x := RankExample
	if !strings.Contains(text, "relevance (3, 2, 3, 0, 1) and model scores (2.0, 2.5, 0.5, 1.0, −0.5)") ||
		!slices.Equal(x.Relevance, []float64{3, 2, 3, 0, 1}) || !slices.Equal(x.Scores, []float64{2, 2.5, 0.5, 1, -0.5}) {
		t.Error("the example list changed or is no longer stated")
	}
	ln := nbtest.Must(loss.ListNet(x.Scores, x.Relevance, loss.Options{}))(t)
	nbtest.Claim(t, text, "Its ListNet loss is 1.868", nbtest.Round3(ln), 1.868, 0)
	order := []int{0, 1, 2, 3, 4}
	slices.SortStableFunc(order, func(a, b int) int { return -cmpFloat(x.Scores[a], x.Scores[b]) })
	if !strings.Contains(text, "the model puts the documents in the order 2, 1, 4, 3, 5") || !slices.Equal(order, []int{1, 0, 3, 2, 4}) {
		t.Errorf("the scores order the documents %v (from 0)", order)
	}
	nd3, _ := loss.NDCG(x.Scores, x.Relevance, 3)
	nbtest.Claim(t, text, "relevance 2, 3, 0 and NDCG@3 is 0.574", nbtest.Round3(nd3), 0.574, 0)
	// The gain: loss.NDCG uses 2^rel − 1 (Burges et al. 2005), and the grade itself as the
	// gain (Järvelin & Kekäläinen 2002) gives 0.661, computed here by hand. Catches an
	// NDCG whose gain silently changed, and a prose that attributes the form wrongly.
	dcg := func(gain func(float64) float64, ord []int) float64 {
		var s float64
		for r, j := range ord[:3] {
			s += gain(x.Relevance[j]) / math.Log2(float64(r)+2)
		}
		return s
	}
	ideal := []int{0, 2, 1, 4, 3} // relevance 3, 3, 2, 1, 0
	exp2 := func(r float64) float64 { return math.Exp2(r) - 1 }
	lin := func(r float64) float64 { return r }
	nbtest.Claim(t, text, "the gain $2^{\\text{rel}} - 1$ with the discount $\\log_2(r + 1)$ is that of Burges et al. (2005)", nd3, dcg(exp2, order)/dcg(exp2, ideal), 1e-12)
	nbtest.Claim(t, text, "would score an NDCG@3 of 0.661 instead of 0.574", nbtest.Round3(dcg(lin, order)/dcg(lin, ideal)), 0.661, 0)
	if !strings.Contains(text, "Järvelin & Kekäläinen (2002) introduced DCG and its normalised form with the grade itself as the gain") {
		t.Error("the prose no longer attributes the linear gain to Järvelin & Kekäläinen")
	}
	vs := num.Span(-2, 4, 241) // as NDCGSweepChart
	nd, lns, err := NDCGSweep(x.Scores, x.Relevance, 2, 3, vs)
	if err != nil {
		t.Fatal(err)
	}
	const phrase = "0.574 until the score passes document 4's 1.0, then 0.845 until it passes document 2's 2.5, then 0.959"
	for i, v := range vs {
		want := 0.574
		switch {
		case v > 2.5:
			want = 0.959
		case v > 1.0:
			want = 0.845
		}
		if v == 1.0 || v == 2.5 {
			continue // ties: broken by position
		}
		nbtest.Claim(t, text, phrase, nbtest.Round3(nd[i]), want, 0)
	}
	best := vs[0]
	bl := math.Inf(1)
	for i, l := range lns {
		if l < bl {
			bl, best = l, vs[i]
		}
	}
	nbtest.Claim(t, text, "is lowest at a score of about 2.7", math.Round(10*best)/10, 2.7, 0)
	// "ListNet slides smoothly down as document 3 climbs": decreasing up to its minimum.
	for i := 1; i < len(vs) && vs[i] <= best; i++ {
		if !(lns[i] < lns[i-1]) {
			t.Fatalf("ListNet rises at %v before its minimum", vs[i])
		}
	}
}

func TestClaims07Demo(t *testing.T) {
	text := nbtest.Prose(t, nb07)
	d := nbtest.Must(RunRankDemo(nil))(t)
	nbtest.Claim(t, text, "40 training queries and 20 test queries", float64(len(d.Train.Relevance)), 40, 0)
	nbtest.Claim(t, text, "40 training queries and 20 test queries", float64(len(d.Test.Relevance)), 20, 0)
	nbtest.Claim(t, text, "each with 10 documents described by 5 features", float64(len(d.Train.Relevance[0])), 10, 0)
	nbtest.Claim(t, text, "each with 10 documents described by 5 features", float64(d.Train.Dim), 5, 0)
	nbtest.Claim(t, text, "(30 epochs, learning rate 0.1)", float64(len(d.Records[0])-1), 30, 0)
	for _, rec := range d.Records {
		nbtest.Claim(t, text, "the test NDCG@5 is 0.389", nbtest.Round3(rec[0].TestNDCG), 0.389, 0)
		if !strings.Contains(text, "All four losses lift it above 0.9 in a single epoch") || !(rec[1].TestNDCG > 0.9) {
			t.Errorf("test NDCG after one epoch %v, the prose says above 0.9", rec[1].TestNDCG)
		}
	}
	nbtest.Claim(t, text, "on each of the three losses, and on a fourth", float64(len(RankLosses)), 4, 0)
	final := func(i int) float64 { return nbtest.Round3(d.Records[i][30].TestNDCG) }
	nbtest.Claim(t, text, "end at 0.977 (margin ranking)", final(0), 0.977, 0)
	nbtest.Claim(t, text, "0.975 (RankNet)", final(1), 0.975, 0)
	nbtest.Claim(t, text, "0.977 (ListNet)", final(2), 0.977, 0)
	nbtest.Claim(t, text, "and 0.962 (LambdaRank)", final(3), 0.962, 0)
	nbtest.Claim(t, text, "its test NDCG@5 after 30 epochs is 0.962, below the three others", final(3), 0.962, 0)
	for i := range 3 {
		if !(d.Records[3][30].TestNDCG < d.Records[i][30].TestNDCG) {
			t.Errorf("LambdaRank %v not below %v's %v", d.Records[3][30].TestNDCG, RankLosses[i], d.Records[i][30].TestNDCG)
		}
	}
}

// TestClaims07Seeds checks the demo's effects on five data sets: the learning-to-rank gain
// (every loss above 0.94 after one epoch, from 0.26 to 0.39), the losses falling after
// NDCG stops, and LambdaRank's place. It would catch a gain or an ordering that held at
// the notebook's seed only.
func TestClaims07Seeds(t *testing.T) {
	text := nbtest.Prose(t, nb07)
	nbtest.Claim(t, text, "on five data sets (training seeds 7 to 15", float64(len(RankDemoSeeds)), 5, 0)
	nbtest.Claim(t, text, "on five data sets (training seeds 7 to 15", float64(RankDemoSeeds[0]), 7, 0)
	nbtest.Claim(t, text, "on five data sets (training seeds 7 to 15", float64(RankDemoSeeds[4]), 15, 0)
	lo0, hi0, lo1 := math.Inf(1), math.Inf(-1), math.Inf(1)
	means := make([]float64, len(RankLosses))
	var lambdaBest []uint64
	for _, seed := range RankDemoSeeds {
		d := nbtest.Must(RunRankDemoSeed(seed, nil))(t)
		best := 0
		for i, rec := range d.Records {
			lo0, hi0 = math.Min(lo0, rec[0].TestNDCG), math.Max(hi0, rec[0].TestNDCG)
			lo1 = math.Min(lo1, rec[1].TestNDCG)
			// "The losses keep falling long after NDCG stops improving".
			if !(rec[30].Loss < rec[10].Loss) {
				t.Errorf("seed %d, %v: loss at epoch 30 %v not below epoch 10's %v", seed, RankLosses[i], rec[30].Loss, rec[10].Loss)
			}
			means[i] += rec[30].TestNDCG / float64(len(RankDemoSeeds))
			if rec[30].TestNDCG > d.Records[best][30].TestNDCG {
				best = i
			}
		}
		if RankLosses[best] == LambdaRankLoss {
			lambdaBest = append(lambdaBest, seed)
		}
	}
	const gain = "every loss lifts the test NDCG@5 above 0.94 in one epoch, from between 0.26 and 0.39"
	nbtest.Claim(t, text, gain, math.Min(lo1, 0.94), 0.94, 0)
	nbtest.Claim(t, text, gain, nbtest.Round2(lo0), 0.26, 0)
	nbtest.Claim(t, text, gain, nbtest.Round2(hi0), 0.39, 0)
	nbtest.Claim(t, text, "it is the best of the four on only one (seed 13)", float64(len(lambdaBest)), 1, 0)
	nbtest.Claim(t, text, "it is the best of the four on only one (seed 13)", float64(lambdaBest[0]), 13, 0)
	nbtest.Claim(t, text, "with the lowest mean, 0.964 against 0.971 for RankNet", nbtest.Round3(means[3]), 0.964, 0)
	nbtest.Claim(t, text, "with the lowest mean, 0.964 against 0.971 for RankNet", nbtest.Round3(means[1]), 0.971, 0)
	if slices.Min(means) != means[3] {
		t.Errorf("mean final NDCG@5 %v: LambdaRank's is not the lowest", means)
	}
}

// TestClaims07Exercises ties the exercises' grids and the NDCG numbers of the new prose
// to their sentences.
func TestClaims07Exercises(t *testing.T) {
	text := nbtest.Prose(t, nb07)
	pts := exercise.DefaultPoints()
	nbtest.Claim(t, text, "compares the loss with `loss.MarginRanking` at 41 differences from −5 to 5", float64(len(pts)), 41, 0)
	nbtest.Claim(t, text, "score document 5 (relevance 1) at 3.0, above every other document", RankExample.Relevance[4], 1, 0)
	nbtest.Claim(t, text, "score document 5 (relevance 1) at 3.0, above every other document", slices.Max(RankExample.Scores[:4]), 2.5, 0)
	nbtest.Claim(t, text, "Give document 3 a score of 3.0", RankExample.Relevance[2], 3, 0)
}

// TestClaims07Zoom checks the sentence that sends the reader to the zoomed view: after
// epoch 1 the four test NDCG@5 lines stay within 0.03 of each other (so the first view,
// scaled by the jump from 0.389, draws them on top of each other). It would catch a demo
// whose lines had come apart, where the sentence would mislead.
func TestClaims07Zoom(t *testing.T) {
	text := nbtest.Prose(t, nb07)
	d, err := RunRankDemo(nil)
	if err != nil {
		t.Fatal(err)
	}
	spread := 0.0
	for e := 1; e <= 30; e++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, rec := range d.Records {
			lo, hi = math.Min(lo, rec[e].TestNDCG), math.Max(hi, rec[e].TestNDCG)
		}
		spread = math.Max(spread, hi-lo)
	}
	if !strings.Contains(text, "After epoch 1 the four lines stay within 0.03 of each other") || !(spread < 0.03) {
		t.Errorf("largest spread of the four lines after epoch 1: %v, the prose says within 0.03", spread)
	}
	t.Logf("largest spread after epoch 1: %.4f", spread)
}
