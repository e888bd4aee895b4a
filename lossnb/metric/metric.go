// Package metric holds the evaluation metrics of the lessons, which score a model
// but are not trained on: average precision (the area under the precision-recall
// curve), the interpolated precision-recall curve, and the reliability diagram with
// the expected calibration error. (NDCG, a metric too, is loss.NDCG, beside the
// ranking losses it is compared with.) It imports loss and gonum only.
package metric

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// AveragePrecision returns the area under the precision-recall curve as average
// precision, Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the thresholds at each distinct score (scikit-learn's
// average_precision_score), for scores and labels y ∈ {−1, +1} (or 0/1).
func AveragePrecision(scores, y []float64) (float64, error) {
	if len(scores) != len(y) || len(y) == 0 {
		return 0, fmt.Errorf("metric.AveragePrecision: len(scores) = %d, len(y) = %d, want equal and > 0", len(scores), len(y))
	}
	idx := make([]int, len(y))
	var pos float64
	for i := range idx {
		idx[i] = i
		if math.IsNaN(scores[i]) {
			return 0, fmt.Errorf("metric.AveragePrecision: scores[%d] is NaN", i)
		}
		if y[i] > 0 {
			pos++
		}
	}
	if pos == 0 {
		return 0, fmt.Errorf("metric.AveragePrecision: no positive labels")
	}
	byScore(idx, scores)
	var ap, tp, prevR float64
	for k := 0; k < len(idx); {
		j := k
		for j < len(idx) && scores[idx[j]] == scores[idx[k]] {
			if y[idx[j]] > 0 {
				tp++
			}
			j++
		}
		r, p := tp/pos, tp/float64(j)
		ap += (r - prevR) * p
		prevR, k = r, j
	}
	return ap, nil
}

// PRCurve returns the interpolated precision-recall curve of scores against labels
// y ∈ {−1, +1} (or 0/1; positive means y > 0) at k recall levels 0, 1/(k−1), …, 1:
// prec[j] is the largest precision reached at recall rec[j] or more (Manning,
// Raghavan & Schütze, Introduction to Information Retrieval, 2008, §8.4). Ties in
// the scores keep their input order. With no positive label every precision is 0.
func PRCurve(scores, y []float64, k int) (rec, prec []float64) {
	idx := make([]int, len(y))
	var pos float64
	for i := range idx {
		idx[i] = i
		if y[i] > 0 {
			pos++
		}
	}
	byScore(idx, scores)
	var rs, ps []float64
	var tp float64
	for n, i := range idx {
		if y[i] > 0 {
			tp++
			rs, ps = append(rs, tp/pos), append(ps, tp/float64(n+1))
		}
	}
	rec, prec = floats.Span(make([]float64, k), 0, 1), make([]float64, k)
	for j, r := range rec {
		for m := range rs {
			if rs[m] >= r-1e-12 {
				prec[j] = math.Max(prec[j], ps[m])
			}
		}
	}
	return rec, prec
}

// Reliability is a reliability diagram with its summary numbers: Conf[b] is the
// mean predicted probability of class 1 in bin b, Freq[b] the observed frequency of
// class 1 there, Count[b] its number of points (bins with none are dropped).
type Reliability struct {
	Conf, Freq, Count []float64
	ECE               float64 // Σ_b (n_b/N)·|Freq_b − Conf_b|
	LogLoss, Brier    float64 // mean −log p(y), mean (p − y)²
	Accuracy          float64 // threshold ½
}

// Calibrate computes the reliability diagram of probabilities p for labels y in
// bins equal-width bins of [0, 1], and the expected calibration error (ECE; Naeini,
// Cooper & Hauskrecht, AAAI 2015; Guo et al., "On calibration of modern neural
// networks", ICML 2017), here for the probability of class 1, with the log-loss
// (loss.BCE), the Brier score and the accuracy.
func Calibrate(p, y []float64, bins int) (*Reliability, error) {
	if len(p) == 0 || len(p) != len(y) {
		return nil, fmt.Errorf("metric.Calibrate: len(p) = %d, len(y) = %d, want equal and > 0", len(p), len(y))
	}
	if bins < 1 {
		return nil, fmt.Errorf("metric.Calibrate: bins = %d, want ≥ 1", bins)
	}
	sumP, sumY, cnt := make([]float64, bins), make([]float64, bins), make([]float64, bins)
	r := &Reliability{}
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("metric.Calibrate: p[%d] = %v, want a probability", i, v)
		}
		if y[i] != 0 && y[i] != 1 {
			return nil, fmt.Errorf("metric.Calibrate: y[%d] = %v, want 0 or 1", i, y[i])
		}
		b := min(int(v*float64(bins)), bins-1)
		sumP[b] += v
		sumY[b] += y[i]
		cnt[b]++
		r.Brier += (v - y[i]) * (v - y[i])
		if (v >= 0.5) == (y[i] == 1) {
			r.Accuracy++
		}
	}
	n := float64(len(p))
	for b := range cnt {
		if cnt[b] == 0 {
			continue
		}
		c, f := sumP[b]/cnt[b], sumY[b]/cnt[b]
		r.Conf, r.Freq, r.Count = append(r.Conf, c), append(r.Freq, f), append(r.Count, cnt[b])
		r.ECE += cnt[b] / n * math.Abs(f-c)
	}
	r.Brier /= n
	r.Accuracy /= n
	var err error
	if r.LogLoss, err = loss.BCE(p, y, loss.BCEOptions{}); err != nil {
		return nil, fmt.Errorf("metric.Calibrate: %w", err)
	}
	return r, nil
}

// byScore sorts the indices idx by decreasing score, keeping the input order of
// tied scores (a stable sort), as scikit-learn's ranking metrics do.
func byScore(idx []int, scores []float64) {
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		}
		return 0
	})
}
