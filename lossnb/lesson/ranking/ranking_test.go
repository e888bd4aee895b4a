package ranking

import (
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
)

func TestPairLosses(t *testing.T) {
	mr, mrs, rn, rns, err := PairLosses([]float64{-2, 0, 1, 3}, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range []float64{-2, 0, 1, 3} {
		wmr := math.Max(0, 1-d)
		wmrs := 0.0
		if d < 1 {
			wmrs = -1
		} else if d == 1 {
			wmrs = -1 // PyTorch's slope at the kink
		}
		if math.Abs(mr[i]-wmr) > 1e-15 || math.Abs(mrs[i]-wmrs) > 1e-15 {
			t.Errorf("margin ranking at d = %v: %v, %v, want %v, %v", d, mr[i], mrs[i], wmr, wmrs)
		}
		if math.Abs(rn[i]-math.Log1p(math.Exp(-d))) > 1e-15 || math.Abs(rns[i]+1/(1+math.Exp(d))) > 1e-15 {
			t.Errorf("RankNet at d = %v: %v, %v", d, rn[i], rns[i])
		}
	}
	_, _, _, _, err = PairLosses([]float64{0}, -1)
	nbtest.WantErr(t, err, "ranking.PairLosses", "margin = -1")
	_, _, _, _, err = PairLosses([]float64{0, math.NaN()}, 1)
	nbtest.WantErr(t, err, "ranking.PairLosses", "ds[1] = NaN")
	tg := nbtest.Must(PairLossChart())(t)
	nbtest.Render(t, tg)
}

func TestNDCGSweep(t *testing.T) {
	x := RankExample
	nd, ln, err := NDCGSweep(x.Scores, x.Relevance, 2, 3, []float64{0.5, 0.6, 3})
	if err != nil {
		t.Fatal(err)
	}
	if nd[0] != nd[1] || !(nd[2] > nd[0]) || ln[0] == ln[1] {
		t.Errorf("NDCG %v should be flat then jump, ListNet %v should move", nd, ln)
	}
	if x.Scores[2] != 0.5 {
		t.Error("NDCGSweep changed its input")
	}
	_, _, err = NDCGSweep(x.Scores, x.Relevance, 5, 3, []float64{0})
	nbtest.WantErr(t, err, "ranking.NDCGSweep", "doc = 5")
	_, _, err = NDCGSweep(x.Scores, []float64{1, 2}, 0, 3, []float64{0})
	nbtest.WantErr(t, err, "ranking.NDCGSweep")
	c := nbtest.Must(NDCGSweepChart())(t)
	nbtest.Render(t, c)
}

func TestRankData(t *testing.T) {
	d, err := NewRankData(20, 10, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range d.Relevance {
		for _, r := range rel {
			if r != math.Trunc(r) || r < 0 || r > 3 {
				t.Fatalf("relevance %v, want a grade 0 … 3", r)
			}
		}
	}
	best, _ := d.MeanNDCG([]float64{1.5, 1, 0.5, 0, 0}, 5)
	worst, _ := d.MeanNDCG([]float64{-1.5, -1, -0.5, 0, 0}, 5)
	if !(best > 0.8 && worst < best) {
		t.Errorf("NDCG of the true direction %v, of its opposite %v", best, worst)
	}
	_, err = d.MeanNDCG([]float64{1}, 5)
	nbtest.WantErr(t, err, "ranking.MeanNDCG", "len(w) = 1")
	for _, bc := range []struct {
		q, n, dim int
		want      string
	}{{0, 10, 5, "queries = 0"}, {3, 1, 5, "docs = 1"}, {3, 10, 2, "dim = 2"}} {
		_, err := NewRankData(bc.q, bc.n, bc.dim, 1)
		nbtest.WantErr(t, err, "ranking.NewRankData", bc.want)
	}
}

func TestTrainRanker(t *testing.T) {
	tr, _ := NewRankData(10, 8, 4, 1)
	te, _ := NewRankData(5, 8, 4, 2)
	for _, k := range RankLosses {
		n := 0
		w, rec, err := TrainRanker(tr, te, k, 10, 0.1, func(RankEpoch) { n++ })
		if err != nil {
			t.Fatal(err)
		}
		if n != 11 || len(rec) != 11 || len(w) != 4 {
			t.Fatalf("%v: %d calls, %d records, %d weights", k, n, len(rec), len(w))
		}
		if !(rec[10].Loss < rec[0].Loss && rec[10].TrainNDCG > rec[0].TrainNDCG) {
			t.Errorf("%v: loss %v → %v, NDCG %v → %v", k, rec[0].Loss, rec[10].Loss, rec[0].TrainNDCG, rec[10].TrainNDCG)
		}
		if !(w[0] > w[1] && w[1] > w[2] && w[2] > 0) {
			t.Errorf("%v: weights %v, want the order of w* = (1.5, 1, 0.5, 0)", k, w)
		}
	}
	_, _, err := TrainRanker(tr, te, RankLoss(9), 10, 0.1, nil)
	nbtest.WantErr(t, err, "ranking.TrainRanker", "kind = RankLoss(9)")
	_, _, err = TrainRanker(tr, te, RankNetLoss, 0, 0.1, nil)
	nbtest.WantErr(t, err, "ranking.TrainRanker", "epochs = 0")
	_, _, err = TrainRanker(tr, te, RankNetLoss, 5, 0, nil)
	nbtest.WantErr(t, err, "ranking.TrainRanker", "lr = 0")
	other, _ := NewRankData(5, 8, 5, 2)
	_, _, err = TrainRanker(tr, other, RankNetLoss, 5, 0.1, nil)
	nbtest.WantErr(t, err, "ranking.TrainRanker", "same Dim")
	// The margin ranking gradient of a list with all relevances equal is 0.
	ds := []float64{9, 9}
	if l, err := listGrad(MarginRankLoss, ds, []float64{1, 2}, []float64{1, 1}); err != nil || l != 0 || ds[0] != 0 || ds[1] != 0 {
		t.Errorf("no pairs: loss %v, grad %v, %v", l, ds, err)
	}
}

func TestRunRankDemo(t *testing.T) {
	n := 0
	d := nbtest.Must(RunRankDemo(func(RankLoss, RankEpoch) { n++ }))(t)
	if n != len(RankLosses)*31 {
		t.Errorf("%d progress calls, want %d", n, len(RankLosses)*31)
	}
	c, err := RankDemoChart(d)
	if err != nil {
		t.Fatal(err)
	}
	nbtest.Render(t, c)
	_, err = RankDemoChart(&RankDemo{})
	nbtest.WantErr(t, err, "ranking.RankDemoChart", "incomplete")
}

func TestMarginRankingPair(t *testing.T) {
	p := MarginRankingPair{Margin: 1}
	if p.Value(-1) != 2 || p.Value(2) != 0 || p.Deriv(0) != -1 || p.Deriv(2) != 0 {
		t.Errorf("values %v %v, slopes %v %v", p.Value(-1), p.Value(2), p.Deriv(0), p.Deriv(2))
	}
	bad := MarginRankingPair{Margin: math.NaN()}
	if !math.IsNaN(bad.Value(0)) || !math.IsNaN(bad.Deriv(0)) {
		t.Error("a NaN margin should give NaN")
	}
}
