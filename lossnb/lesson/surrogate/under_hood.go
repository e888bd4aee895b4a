package surrogate

// Notebook 04's exercises beyond the lesson itself: the likely wrong answers to the
// focal loss's slope (exercise 2) and the keys of the diagnose exercise (exercise 4).

import (
	"math"
	"sort"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

// FocalGradMistakes are the likely wrong answers to "the slope of the focal loss
// −(1 − p)^γ log p with respect to the logit m, p = σ(m)", each with its feedback:
// the slope in p instead of m, the factor (1 − p)^γ held constant (the product rule
// dropped), and cross-entropy's slope p − 1 (the factor forgotten). The right answer
// is γ p (1 − p)^γ log p − (1 − p)^{γ+1}, FocalMargin.Deriv.
func FocalGradMistakes(gamma float64) []Mistake {
	sig := func(m float64) float64 { return 1 / (1 + math.Exp(-m)) }
	return []Mistake{
		{F: func(m float64) float64 {
			p := sig(m)
			return gamma*math.Pow(1-p, gamma-1)*math.Log(p) - math.Pow(1-p, gamma)/p
		}, Says: "this is the slope with respect to p, not to the logit m: multiply by dp/dm = p(1 − p)."},
		{F: func(m float64) float64 {
			return -math.Pow(1-sig(m), gamma+1)
		}, Says: "you treated the factor (1 − p)^γ as a constant: it depends on m too, and the product rule adds a term γ·p·(1 − p)^γ·log p."},
		{F: func(m float64) float64 {
			return sig(m) - 1
		}, Says: "this is cross-entropy's slope p − 1, the focal loss at γ = 0: the factor (1 − p)^γ is missing."},
	}
}

// DiagnoseFocalChoice is the question of notebook 04's exercise 4a, with an explanation
// per option and no key (the notebook's hidden test sets it): a focal-loss model
// (γ = 2, α = 0.25) that ranks as well as cross-entropy but finds few positives at
// p ≥ ½.
var DiagnoseFocalChoice = exercise.Choice{
	Options: []string{"A", "B", "C", "D"},
	Why: map[string]string{
		"A": "Its PR-AUC, 0.62, is the same as cross-entropy's: it ranks as well. And cross-entropy finds only 44% of the positives at p ≥ ½ itself.",
		"B": "The ranking (PR-AUC) is as good as cross-entropy's; α = 0.25 down-weights the positives, which moves p = ½ past most of them. A lower threshold or weighted positives (weighted CE finds 91%) moves it back.",
		"C": "Focusing changes which examples push the line, not where p = ½ falls; the γ sweep shows recall at p = ½ does not rise with γ (it falls on the elongated data).",
		"D": "With same-covariance classes the true log-odds is itself linear: a line is the right model, and all three losses rank alike. The trouble is the threshold.",
	},
}

// DiagnoseLopsidedChoice is the question of notebook 04's exercise 4b, with an
// explanation per option and no key: a line fitted with the lopsided hinge that errs
// half the time however many data it gets.
var DiagnoseLopsidedChoice = exercise.Choice{
	Options: []string{"A", "B", "C", "D"},
	Why: map[string]string{
		"A": "More data makes it worse, not better: from 300 points on every fit is exactly f = 0. The limit of infinite data is what calibration is about, and this loss fails it.",
		"B": "The Bayes classifier sign(x) errs only 0.308 of the time, and the logistic fit gets there: the data allow much better than 0.5.",
		"C": "The lopsided hinge has a kink at 0 (slopes −2 and −½), so it is not calibrated: for η between 0.2 and 0.8 its best score is exactly 0, and a loss differentiable at 0 with φ′(0) < 0, such as the logistic loss, fixes it.",
		"D": "f = 0 is the exact minimiser of its risk on these data, not an unfinished fit: more iterations find the same point.",
	},
}

// MostRecallChoice is notebook 04's prediction "which model finds the most positives at
// p ≥ ½": A for CE, B for weighted CE, C for the focal loss, in the order of
// ImbalanceStudy's results.
var MostRecallChoice = exercise.Choice{
	Options: []string{"A", "B", "C"},
	Why: map[string]string{
		"A": "CE ranks well but its p = ½ sits where positives are still rare: it finds under half of them.",
		"B": "weighting each positive by the class ratio moves p = ½ down the ranking, past most positives, at the price of precision.",
		"C": "α = 0.25 weighs the positives down, so the focal model's p = ½ sits even higher than CE's.",
	},
}

// MostRecall returns the label of MostRecallChoice whose model has the highest recall
// at p ≥ ½ among results (ImbalanceStudy's three, in order), or "" when there are not
// three.
func MostRecall(results []ImbalanceResult) string {
	if len(results) != len(MostRecallChoice.Options) {
		return ""
	}
	best := 0
	for i, r := range results {
		if r.Recall > results[best].Recall {
			best = i
		}
	}
	return MostRecallChoice.Options[best]
}

// AveragePrecisionByRank returns the average precision of scores against labels y
// (> 0 positive) the long way: sort by score, walk down the list, and at every positive
// add the precision so far times one step of recall, 1/(number of positives). Without
// ties among the scores it equals AveragePrecision; notebook 04's "Under the hood" cell
// declares it word for word.
func AveragePrecisionByRank(scores, y []float64) float64 {
	order := make([]int, len(y))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	var pos, tp, ap float64
	for _, v := range y {
		if v > 0 {
			pos++
		}
	}
	for k, i := range order {
		if y[i] > 0 {
			tp++
			ap += tp / float64(k+1) / pos // precision here × one step of recall
		}
	}
	return ap
}
