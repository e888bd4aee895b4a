package keyidea

import (
	"fmt"
	"math"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// ClassificationLosses returns the cross-entropy (logistic) loss log(1 + e^−m), the
// hinge loss max(0, 1 − m) and the 0/1 loss 1[m ≤ 0] against the margin m = y·f(x)
// on [−3, 3], for labels y ∈ {−1, +1}. The logistic loss is in nats, as PyTorch's
// binary cross-entropy; some texts divide it by log 2 so that it passes through (0, 1).
func ClassificationLosses() *chart.Chart {
	ms := num.Span(-3, 3, 121)
	c := chart.NewLines("What each loss charges for a margin")
	c.XLabel, c.YLabel = "margin m = y·f(x)", "loss"
	c.YMin, c.YMax = 0, 4
	for _, l := range []struct {
		name string
		m    loss.Margin
	}{
		{"cross-entropy  log(1+e^−m)", loss.Logistic{}},
		{"hinge  max(0, 1−m)", loss.Hinge{}},
	} {
		ys := make([]float64, len(ms))
		for i, m := range ms {
			ys[i] = l.m.Value(m)
		}
		c.Add(l.name, ms, ys)
	}
	// The 0/1 loss is a step: drawn through its corners, so the jump at m = 0 is
	// vertical instead of a slope between two grid points.
	zo := loss.ZeroOne{}
	step := []float64{ms[0], 0, 0, ms[len(ms)-1]}
	c.Add("0/1  [m ≤ 0]", step, []float64{zo.Value(step[0]), zo.Value(0), zo.Value(math.Nextafter(0, 1)), zo.Value(step[3])})
	return c
}

// KeyIdea returns notebook 01's first chart: a toggle between the regression losses
// against the residual, with a slider over Huber's δ (see RegressionLosses), and the
// classification losses against the margin (see ClassificationLosses).
func KeyIdea(deltas []float64, delta float64) (*chart.Toggle, error) {
	reg, err := RegressionLosses(deltas, delta)
	if err != nil {
		return nil, fmt.Errorf("keyidea.KeyIdea: %w", err)
	}
	t := chart.NewToggle()
	t.Add("Regression", reg)
	t.Add("Classification", ClassificationLosses())
	return t, nil
}

// BCERow compares the two ways of computing binary cross-entropy for one example
// with label 0 and logit Z: through the probability P = σ(Z) rounded to float64
// (PyTorch's F.binary_cross_entropy, which clamps log at −100), and from the logit
// (F.binary_cross_entropy_with_logits, log(1 + e^Z) computed stably). Exact is the
// true loss, log(1 + e^Z) = Z + log(1 + e^−Z).
type BCERow struct {
	Z, P                     float64
	ViaProb, ViaLogit, Exact float64
}

// BCEStability returns one BCERow per logit: the demonstration of why losses are
// computed from logits. For large Z, σ(Z) rounds to exactly 1, log(1 − P) is −∞, and
// the probability route can only report its clamp value 100 however wrong the model is.
func BCEStability(logits []float64) ([]BCERow, error) {
	rows := make([]BCERow, len(logits))
	for i, z := range logits {
		if math.IsNaN(z) || math.IsInf(z, 0) {
			return nil, fmt.Errorf("keyidea.BCEStability: logits[%d] = %v, want a finite number", i, z)
		}
		p := 1 / (1 + math.Exp(-z))
		viaP, err := loss.BCE([]float64{p}, []float64{0}, loss.BCEOptions{})
		if err != nil {
			return nil, fmt.Errorf("keyidea.BCEStability: %w", err)
		}
		viaZ, err := loss.BCEWithLogits([]float64{z}, []float64{0}, loss.BCEOptions{})
		if err != nil {
			return nil, fmt.Errorf("keyidea.BCEStability: %w", err)
		}
		exact := math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
		rows[i] = BCERow{Z: z, P: p, ViaProb: viaP, ViaLogit: viaZ, Exact: exact}
	}
	return rows, nil
}

// NaiveSoftmaxCE returns the cross-entropy of class label under logits computed the
// textbook way, −log(e^{z_label} / Σ e^{z_j}) with no shift: it overflows to NaN or
// ±Inf once a logit passes about 709 (e^709.78 is the largest float64). It exists to
// be compared with loss.CrossEntropy, which subtracts the largest logit first.
func NaiveSoftmaxCE(logits []float64, label int) float64 {
	var sum float64
	for _, z := range logits {
		sum += math.Exp(z)
	}
	return -math.Log(math.Exp(logits[label]) / sum)
}

// MarginGradients returns φ′(m), the slope that training follows, for the logistic,
// hinge and 0/1 losses on [−3, 3]. Hinge's slope is exactly 0 past m = 1 (a point
// beyond the margin stops pulling); the logistic slope −σ(−m) shrinks but never
// reaches 0; the 0/1 loss has slope 0 wherever it is defined, so gradient descent on
// it cannot move at all. At the kinks the loss package returns the midpoint of the
// subgradient (hinge at m = 1: −½); the 0/1 jump at 0 has no derivative and is drawn
// as 0.
func MarginGradients() *chart.Chart {
	ms := num.Span(-3, 3, 121)
	c := chart.NewLines("The slope each loss gives training: φ′(m)")
	c.XLabel, c.YLabel = "margin m = y·f(x)", "φ′(m)"
	for _, l := range []struct {
		name string
		m    loss.Margin
	}{
		{"cross-entropy  −σ(−m)", loss.Logistic{}},
		{"hinge", loss.Hinge{}},
		{"0/1", loss.ZeroOne{}},
	} {
		ys := make([]float64, len(ms))
		for i, m := range ms {
			ys[i] = l.m.Deriv(m)
		}
		c.Add(l.name, ms, ys)
	}
	return c
}
