package ranking

// Notebook 07: ranking losses.
//
// Sources: Herbrich, Graepel & Obermayer, "Large margin rank boundaries for ordinal
// regression" (2000) (the margin ranking loss); Burges et al., "Learning to rank using
// gradient descent", ICML 2005 (RankNet); Cao et al., "Learning to rank: from pairwise
// approach to listwise approach", ICML 2007 (ListNet); Järvelin & Kekäläinen,
// "Cumulated gain-based evaluation of IR techniques", ACM TOIS 2002 (DCG and NDCG, with
// the grade itself as the gain); Burges et al. 2005 (the gain 2^rel − 1 with the
// discount log₂(r + 1) used today); Burges, Ragno & Le, "Learning to rank with nonsmooth
// cost functions", NeurIPS 2006 (LambdaRank). The losses and the metric are
// lossnb/loss's MarginRanking, RankNet, ListNet, LambdaRank and NDCG.

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/enum"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
	"github.com/lossnb/lossnb/lossnb/optim"
)

// PairLosses returns, for each score difference d = s_i − s_j of a pair in which i is
// the more relevant, the margin ranking loss max(0, margin − d) and the RankNet loss
// log(1 + e^−d), and their slopes with respect to d, from loss.MarginRankingGrad and
// loss.RankNetGrad.
func PairLosses(ds []float64, margin float64) (mr, mrSlope, rn, rnSlope []float64, err error) {
	if !(margin >= 0) || math.IsInf(margin, 1) {
		return nil, nil, nil, nil, fmt.Errorf("ranking.PairLosses: margin = %v, want a finite number ≥ 0", margin)
	}
	n := len(ds)
	mr, mrSlope, rn, rnSlope = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	d1, d2 := []float64{0}, []float64{0}
	g := []float64{0, 0}
	for i, d := range ds {
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return nil, nil, nil, nil, fmt.Errorf("ranking.PairLosses: ds[%d] = %v, want a finite number", i, d)
		}
		if _, _, mr[i], err = loss.MarginRankingGrad(d1, d2, []float64{d}, []float64{0}, []float64{1}, margin, loss.Options{}); err != nil {
			return nil, nil, nil, nil, fmt.Errorf("ranking.PairLosses: %w", err)
		}
		mrSlope[i] = d1[0]
		if _, rn[i], err = loss.RankNetGrad(g, []float64{d, 0}, []float64{1, 0}, loss.Options{}); err != nil {
			return nil, nil, nil, nil, fmt.Errorf("ranking.PairLosses: %w", err)
		}
		rnSlope[i] = g[0]
	}
	return mr, mrSlope, rn, rnSlope, nil
}

// PairLossChart is a toggle of two views against the score difference on −4 … 4: the
// two pairwise losses (margin 1) and their slopes.
func PairLossChart() (*chart.Toggle, error) {
	ds := num.Span(-4, 4, 161)
	mr, mrs, rn, rns, err := PairLosses(ds, 1)
	if err != nil {
		return nil, fmt.Errorf("ranking.PairLossChart: %w", err)
	}
	lc := chart.NewLines("Pairwise losses of a pair in which i should rank above j")
	lc.XLabel, lc.YLabel = "score difference sᵢ − sⱼ", "loss"
	lc.XMin, lc.XMax, lc.YMin, lc.YMax = -4, 4, 0, 5
	lc.Add("margin ranking (margin 1)", ds, mr)
	lc.Add("RankNet", ds, rn)
	sc := chart.NewLines("Their slopes: how hard the pair pushes sᵢ up")
	sc.XLabel, sc.YLabel = "score difference sᵢ − sⱼ", "∂loss/∂sᵢ"
	sc.XMin, sc.XMax, sc.YMin, sc.YMax = -4, 4, -1.1, 0.1
	sc.Add("margin ranking (margin 1)", ds, mrs)
	sc.Add("RankNet", ds, rns)
	t := chart.NewToggle()
	t.Add("losses", lc)
	t.Add("slopes", sc)
	return t, nil
}

// RankExample is the list of notebook 07's NDCG section: five documents with graded
// relevance and the scores of a model.
var RankExample = struct {
	Relevance, Scores []float64
}{
	Relevance: []float64{3, 2, 3, 0, 1},
	Scores:    []float64{2.0, 2.5, 0.5, 1.0, -0.5},
}

// NDCGSweep moves the score of document doc of the list (scores, relevance) over
// values and returns NDCG@k and the ListNet loss at each: the metric is a staircase in
// the score, the loss is smooth.
func NDCGSweep(scores, relevance []float64, doc, k int, values []float64) (ndcg, listnet []float64, err error) {
	if doc < 0 || doc >= len(scores) {
		return nil, nil, fmt.Errorf("ranking.NDCGSweep: doc = %d, want an index of the %d scores", doc, len(scores))
	}
	s := append([]float64(nil), scores...)
	ndcg, listnet = make([]float64, len(values)), make([]float64, len(values))
	for i, v := range values {
		s[doc] = v
		if ndcg[i], err = loss.NDCG(s, relevance, k); err != nil {
			return nil, nil, fmt.Errorf("ranking.NDCGSweep: %w", err)
		}
		if listnet[i], err = loss.ListNet(s, relevance, loss.Options{}); err != nil {
			return nil, nil, fmt.Errorf("ranking.NDCGSweep: %w", err)
		}
	}
	return ndcg, listnet, nil
}

// NDCGSweepChart draws NDCGSweep of RankExample's third document (relevance 3, score
// 0.5) over −2 … 4, NDCG@3 and the ListNet loss.
func NDCGSweepChart() (*chart.Chart, error) {
	vs := num.Span(-2, 4, 241)
	nd, ln, err := NDCGSweep(RankExample.Scores, RankExample.Relevance, 2, 3, vs)
	if err != nil {
		return nil, fmt.Errorf("ranking.NDCGSweepChart: %w", err)
	}
	c := chart.NewLines("Moving one document's score: NDCG@3 jumps, ListNet slides")
	c.XLabel, c.YLabel = "score of document 3 (relevance 3)", "NDCG@3; ListNet loss"
	c.XMin, c.XMax, c.YMin, c.YMax = -2, 4, 0, 3
	c.Add("NDCG@3 (metric)", vs, nd)
	c.Add("ListNet (loss)", vs, ln)
	return c, nil
}

// RankData is a synthetic learning-to-rank set: Queries lists of Docs documents with
// Dim features each, and graded relevance 0 … 3.
type RankData struct {
	X         [][]float64 // X[q] is Docs × Dim, row-major
	Relevance [][]float64
	Dim       int
}

// NewRankData draws queries lists of docs documents: features standard normal, a
// hidden utility u = x·w* + 0.5·noise with w* = (1.5, 1, 0.5, 0, 0, …), and relevance
// the utility's grade: 0 below 0, 1 up to 1, 2 up to 2, 3 above. Deterministic for
// seed.
func NewRankData(queries, docs, dim int, seed uint64) (*RankData, error) {
	switch {
	case queries < 1 || queries > 10000:
		return nil, fmt.Errorf("ranking.NewRankData: queries = %d, want 1 … 10000", queries)
	case docs < 2 || docs > 1000:
		return nil, fmt.Errorf("ranking.NewRankData: docs = %d, want 2 … 1000", docs)
	case dim < 3 || dim > 100:
		return nil, fmt.Errorf("ranking.NewRankData: dim = %d, want 3 … 100", dim)
	}
	r := rand.New(rand.NewPCG(seed, 0x07))
	w := make([]float64, dim)
	w[0], w[1], w[2] = 1.5, 1, 0.5
	d := &RankData{Dim: dim}
	for q := 0; q < queries; q++ {
		x, rel := make([]float64, docs*dim), make([]float64, docs)
		for i := 0; i < docs; i++ {
			u := 0.5 * r.NormFloat64()
			for j := 0; j < dim; j++ {
				x[i*dim+j] = r.NormFloat64()
				u += w[j] * x[i*dim+j]
			}
			rel[i] = math.Max(0, math.Min(3, math.Ceil(u)))
		}
		d.X, d.Relevance = append(d.X, x), append(d.Relevance, rel)
	}
	return d, nil
}

func (d *RankData) scores(q int, w []float64) []float64 {
	n := len(d.Relevance[q])
	s := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < d.Dim; j++ {
			s[i] += d.X[q][i*d.Dim+j] * w[j]
		}
	}
	return s
}

// MeanNDCG returns the mean NDCG@k over d's queries of the linear scores x·w.
func (d *RankData) MeanNDCG(w []float64, k int) (float64, error) {
	if len(w) != d.Dim {
		return 0, fmt.Errorf("ranking.MeanNDCG: len(w) = %d, want %d", len(w), d.Dim)
	}
	var sum float64
	for q := range d.Relevance {
		v, err := loss.NDCG(d.scores(q, w), d.Relevance[q], k)
		if err != nil {
			return 0, fmt.Errorf("ranking.MeanNDCG: query %d: %w", q, err)
		}
		sum += v
	}
	return sum / float64(len(d.Relevance)), nil
}

// RankLoss selects the loss TrainRanker minimises.
type RankLoss int

const (
	MarginRankLoss RankLoss = iota // margin ranking, margin 1, over every ordered pair
	RankNetLoss                    // RankNet
	ListNetLoss                    // ListNet
	LambdaRankLoss                 // LambdaRank: RankNet's pairs weighted by |ΔNDCG| (loss.LambdaRankGrad)
)

// RankLosses are the four losses of notebook 07, in order.
var RankLosses = []RankLoss{MarginRankLoss, RankNetLoss, ListNetLoss, LambdaRankLoss}

func (l RankLoss) String() string { return enum.Name(rankLossNames, 0, "RankLoss", int(l)) }

var rankLossNames = []string{"margin ranking", "RankNet", "ListNet", "LambdaRank"}

// listGrad returns the loss of one list and writes its gradient with respect to the
// scores to ds.
func listGrad(kind RankLoss, ds, s, rel []float64) (float64, error) {
	switch kind {
	case RankNetLoss:
		_, v, err := loss.RankNetGrad(ds, s, rel, loss.Options{})
		return v, err
	case ListNetLoss:
		_, v, err := loss.ListNetGrad(ds, s, rel, loss.Options{})
		return v, err
	case LambdaRankLoss:
		_, v, err := loss.LambdaRankGrad(ds, s, rel, loss.Options{})
		return v, err
	case MarginRankLoss:
		var x1, x2 []float64
		var ii, jj []int
		for i := range s {
			for j := range s {
				if rel[i] > rel[j] {
					x1, x2 = append(x1, s[i]), append(x2, s[j])
					ii, jj = append(ii, i), append(jj, j)
				}
			}
		}
		for i := range ds {
			ds[i] = 0
		}
		if len(x1) == 0 {
			return 0, nil
		}
		ones := make([]float64, len(x1))
		for i := range ones {
			ones[i] = 1
		}
		d1, d2 := make([]float64, len(x1)), make([]float64, len(x1))
		_, _, l, err := loss.MarginRankingGrad(d1, d2, x1, x2, ones, 1, loss.Options{})
		if err != nil {
			return 0, err
		}
		for p := range x1 {
			ds[ii[p]] += d1[p]
			ds[jj[p]] += d2[p]
		}
		return l, nil
	}
	return 0, fmt.Errorf("kind = %v, want MarginRankLoss, RankNetLoss, ListNetLoss or LambdaRankLoss", kind)
}

// RankEpoch is one line of TrainRanker's record.
type RankEpoch struct {
	Epoch               int
	Loss                float64 // mean training loss over queries
	TrainNDCG, TestNDCG float64 // mean NDCG@5
}

// TrainRanker fits a linear scoring function s = x·w, from w = 0, by full-batch
// gradient descent on the mean over train's queries of the loss kind (epochs steps of
// learning rate lr), and records the loss and the mean NDCG@5 on train and test after
// every epoch (and at epoch 0). progress, if not nil, is called with each record.
func TrainRanker(train, test *RankData, kind RankLoss, epochs int, lr float64, progress func(RankEpoch)) ([]float64, []RankEpoch, error) {
	if train == nil || test == nil || train.Dim != test.Dim {
		return nil, nil, fmt.Errorf("ranking.TrainRanker: train and test must be non-nil with the same Dim")
	}
	if epochs < 1 || epochs > 10000 {
		return nil, nil, fmt.Errorf("ranking.TrainRanker: epochs = %d, want 1 … 10000", epochs)
	}
	if !(lr > 0 && lr <= 100) {
		return nil, nil, fmt.Errorf("ranking.TrainRanker: lr = %v, want a number in (0, 100]", lr)
	}
	if _, err := listGrad(kind, []float64{0, 0}, []float64{0, 0}, []float64{1, 0}); err != nil {
		return nil, nil, fmt.Errorf("ranking.TrainRanker: %w", err)
	}
	w := make([]float64, train.Dim)
	var rec []RankEpoch
	nq := float64(len(train.Relevance))
	for e := 0; e <= epochs; e++ {
		g := make([]float64, train.Dim)
		var total float64
		for q, rel := range train.Relevance {
			s := train.scores(q, w)
			ds := make([]float64, len(s))
			l, err := listGrad(kind, ds, s, rel)
			if err != nil {
				return nil, nil, fmt.Errorf("ranking.TrainRanker: query %d: %w", q, err)
			}
			total += l / nq
			for i := range s {
				for j := 0; j < train.Dim; j++ {
					g[j] += ds[i] * train.X[q][i*train.Dim+j] / nq
				}
			}
		}
		tr, err := train.MeanNDCG(w, 5)
		if err != nil {
			return nil, nil, err
		}
		te, err := test.MeanNDCG(w, 5)
		if err != nil {
			return nil, nil, err
		}
		r := RankEpoch{Epoch: e, Loss: total, TrainNDCG: tr, TestNDCG: te}
		rec = append(rec, r)
		if progress != nil {
			progress(r)
		}
		if e == epochs {
			break
		}
		optim.SGD(w, lr, g)
	}
	return w, rec, nil
}

// RankDemo is the learning-to-rank demo of notebook 07: 40 training and 20 test
// queries of 10 documents with 5 features (seeds 7 and 8), and the four losses of
// RankLosses, 30 epochs each with learning rate 0.1.
type RankDemo struct {
	Train, Test *RankData
	Weights     [][]float64
	Records     [][]RankEpoch
}

// RunRankDemo runs RankDemo. progress, if not nil, is called with the loss and each
// epoch's record.
func RunRankDemo(progress func(kind RankLoss, r RankEpoch)) (*RankDemo, error) {
	return RunRankDemoSeed(7, progress)
}

// RankDemoSeeds are the training seeds over which notebook 07's claims are checked
// (test seed = training seed + 1); 7 is the notebook's.
var RankDemoSeeds = []uint64{7, 9, 11, 13, 15}

// RunRankDemoSeed is RunRankDemo with training data from seed and test data from seed + 1.
func RunRankDemoSeed(seed uint64, progress func(kind RankLoss, r RankEpoch)) (*RankDemo, error) {
	train, err := NewRankData(40, 10, 5, seed)
	if err != nil {
		return nil, err
	}
	test, err := NewRankData(20, 10, 5, seed+1)
	if err != nil {
		return nil, err
	}
	d := &RankDemo{Train: train, Test: test}
	for _, k := range RankLosses {
		var p func(RankEpoch)
		if progress != nil {
			p = func(r RankEpoch) { progress(k, r) }
		}
		w, rec, err := TrainRanker(train, test, k, 30, 0.1, p)
		if err != nil {
			return nil, err
		}
		d.Weights, d.Records = append(d.Weights, w), append(d.Records, rec)
	}
	return d, nil
}

// RankDemoChart draws each loss's test NDCG@5 against the epoch, with a marker of
// its own at every epoch, in two views: all epochs, where the jump of epoch 1 sets
// the scale, and epochs 1 to 30 with the y axis fitted to them, where the lines that
// the first view draws on top of each other come apart.
func RankDemoChart(d *RankDemo) (*chart.Toggle, error) {
	if d == nil || len(d.Records) != len(RankLosses) {
		return nil, fmt.Errorf("ranking.RankDemoChart: the demo is nil or incomplete")
	}
	all := chart.NewLines("Test NDCG@5 while training a linear ranker")
	zoom := chart.NewLines("Test NDCG@5 from epoch 1 on (y axis zoomed)")
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range []*chart.Chart{all, zoom} {
		c.XLabel, c.YLabel = "epoch", "mean NDCG@5 on 20 test queries"
		for i, rec := range d.Records {
			from := 0
			if c == zoom {
				from = 1
			}
			var xs, ys []float64
			for _, r := range rec[min(from, len(rec)):] {
				xs, ys = append(xs, float64(r.Epoch)), append(ys, r.TestNDCG)
				if c == zoom {
					lo, hi = math.Min(lo, r.TestNDCG), math.Max(hi, r.TestNDCG)
				}
			}
			c.Add(RankLosses[i].String(), xs, ys).Markers = true
		}
	}
	if lo < hi {
		// A tenth of the spread as margin, so that no marker sits on the edge.
		pad := (hi - lo) / 10
		zoom.YMin, zoom.YMax = lo-pad, hi+pad
	}
	t := chart.NewToggle()
	t.Add("all epochs", all)
	t.Add("epochs 1–30, zoomed", zoom)
	return t, nil
}

// MarginRankingPair is the margin ranking loss of one pair, as a function of the score
// difference d = s_i − s_j when i should rank above j: max(0, Margin − d), with its
// slope (−1 below the margin, 0 above, −1 at it as PyTorch), from loss.MarginRankingGrad. It is the
// reference of notebook 07's exercise 1.
type MarginRankingPair struct{ Margin float64 }

// Value returns max(0, Margin − d).
func (p MarginRankingPair) Value(d float64) float64 {
	v, err := loss.MarginRanking([]float64{d}, []float64{0}, []float64{1}, p.Margin, loss.Options{})
	if err != nil {
		return math.NaN()
	}
	return v
}

// Deriv returns the slope with respect to d.
func (p MarginRankingPair) Deriv(d float64) float64 {
	d1, d2 := []float64{0}, []float64{0}
	if _, _, _, err := loss.MarginRankingGrad(d1, d2, []float64{d}, []float64{0}, []float64{1}, p.Margin, loss.Options{}); err != nil {
		return math.NaN()
	}
	return d1[0]
}
