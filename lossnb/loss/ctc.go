package loss

import "math"

// CTCOptions configures [CTC]. The zero value is PyTorch's default
// (blank = 0, reduction mean, zero_infinity false).
type CTCOptions struct {
	// Weights must be empty: PyTorch's CTCLoss has no weight (the field is
	// here so that every options struct passes weights the same way).
	Weights []float64
	// Blank is the index of the blank label, in [0, k).
	Blank int
	// ZeroInfinity replaces an infinite loss (an input too short for its
	// target) and its gradient by 0, as PyTorch's zero_infinity=True.
	// Without it such a sequence makes the value +Inf and CTCGrad an error.
	ZeroInfinity bool
	// Reduction: Mean divides each sequence's loss by its target length
	// (at least 1) and then averages over the batch, as PyTorch; Sum adds
	// the sequence losses.
	Reduction Reduction
	// LogitsGrad makes CTCGrad write PyTorch's log_probs.grad,
	// exp(logProbs) − γ, instead of ∂loss/∂logProbs = −γ (see [CTC]).
	LogitsGrad bool
}

// logAdd returns log(e^a + e^b), with −Inf as the log of 0.
func logAdd(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + log1pUnit(math.Exp(b-a)) // exp(b − a) ∈ (0, 1]
}

func ctcCore(fn string, elems, grad, logProbs []float64, k int, targets, inputLengths, targetLengths []int, opts CTCOptions) (float64, error) {
	c := newCheck(fn)
	c.noWeights(opts.Weights)
	nb := len(inputLengths)
	if nb == 0 {
		c.Fail("len(inputLengths) = 0, want one length per sequence of the batch")
		return 0, c.Err
	}
	if k < 1 {
		c.Fail("k = %d, want ≥ 1", k)
		return 0, c.Err
	}
	if len(logProbs) == 0 || len(logProbs)%(nb*k) != 0 {
		c.Fail("len(logProbs) = %d, want T·N·k > 0 with N = len(inputLengths) = %d and k = %d (PyTorch's (T, N, C) layout)", len(logProbs), nb, k)
		return 0, c.Err
	}
	tMax := len(logProbs) / (nb * k)
	c.sameLen("inputLengths", nb, "targetLengths", len(targetLengths))
	c.dsts(elems, nb, grad, len(logProbs))
	c.Finite("logProbs", logProbs)
	c.logProb("logProbs", logProbs)
	if c.OK() && (opts.Blank < 0 || opts.Blank >= k) {
		c.Fail("opts.Blank = %d, want a class in [0, %d)", opts.Blank, k)
	}
	total := 0
	for b := 0; b < nb && c.OK(); b++ {
		if tl := inputLengths[b]; tl < 1 || tl > tMax {
			c.Fail("inputLengths[%d] = %d, want a length in [1, %d]", b, tl, tMax)
		}
		if tl := targetLengths[b]; tl < 0 {
			c.Fail("targetLengths[%d] = %d, want ≥ 0", b, tl)
		}
		total += targetLengths[b]
	}
	if c.OK() && total != len(targets) {
		c.Fail("len(targets) = %d, want sum(targetLengths) = %d (targets of all sequences, concatenated)", len(targets), total)
	}
	for i := 0; i < len(targets) && c.OK(); i++ {
		if v := targets[i]; v < 0 || v >= k || v == opts.Blank {
			c.Fail("targets[%d] = %d, want a class in [0, %d) other than the blank %d", i, v, k, opts.Blank)
		}
	}
	if elems == nil {
		c.reduction(opts.Reduction, fn+"Elems")
	}
	if !c.OK() {
		return 0, c.Err
	}
	lp := func(t, b, ch int) float64 { return logProbs[(t*nb+b)*k+ch] }
	for i := range grad {
		grad[i] = 0
	}
	var s float64
	off := 0
	for b := range nb {
		T, L := inputLengths[b], targetLengths[b]
		tgt := targets[off : off+L]
		off += L
		S := 2*L + 1
		// Extended labels l' = (blank, l₁, blank, l₂, …, l_L, blank), and
		// skip[s]: the transition s−2 → s is allowed (l'_s is a label that
		// differs from the label two places before it).
		extL := make([]int, S)
		skipL := make([]bool, S)
		for s := range S {
			extL[s] = opts.Blank
			if s%2 == 1 {
				extL[s] = tgt[s/2]
			}
			skipL[s] = s >= 2 && s%2 == 1 && extL[s] != extL[s-2]
		}
		ext := func(s int) int { return extL[s] }
		alpha := make([]float64, T*S)
		for i := range alpha {
			alpha[i] = math.Inf(-1)
		}
		alpha[0] = lp(0, b, opts.Blank)
		if S > 1 {
			alpha[1] = lp(0, b, ext(1))
		}
		for t := 1; t < T; t++ {
			prev, cur := alpha[(t-1)*S:t*S], alpha[t*S:(t+1)*S]
			em := logProbs[(t*nb+b)*k : (t*nb+b+1)*k] // emissions at t
			cur[0] = prev[0] + em[extL[0]]
			for s := 1; s < S; s++ {
				a := logAdd(prev[s], prev[s-1])
				if skipL[s] {
					a = logAdd(a, prev[s-2])
				}
				if !math.IsInf(a, -1) {
					cur[s] = a + em[extL[s]]
				}
			}
		}
		last := alpha[(T-1)*S : T*S]
		logp := last[S-1]
		if S > 1 {
			logp = logAdd(logp, last[S-2])
		}
		nll := -logp
		scale := 1.0 // ∂(reduced value)/∂(this sequence's loss)
		if opts.Reduction == Mean {
			scale = 1 / float64(max(L, 1)) / float64(nb)
		}
		if elems != nil {
			scale = 1
		}
		if math.IsInf(nll, 1) {
			if opts.ZeroInfinity {
				if elems != nil {
					elems[b] = 0
				}
				continue
			}
			if grad != nil {
				need := L // each label, plus a blank between repeated labels
				for i := 1; i < L; i++ {
					if tgt[i] == tgt[i-1] {
						need++
					}
				}
				if T < need {
					c.Fail("sequence %d has no alignment (inputLengths[%d] = %d is too short for its %d labels and their repeats): the loss is +Inf and has no gradient; set opts.ZeroInfinity to drop it", b, b, T, L)
				} else {
					c.Fail("sequence %d: every alignment has probability 0 (its logProbs are too negative: log p(l | x) underflows to -Inf): the loss is +Inf and has no gradient; set opts.ZeroInfinity to drop it", b)
				}
				return 0, c.Err
			}
		}
		if elems != nil {
			elems[b] = nll
		}
		s += nll * scale
		if grad == nil || math.IsInf(nll, 1) {
			continue
		}
		// β in log space (PyTorch's convention: both α_t(s) and β_t(s)
		// include the emission at t), then the occupancy
		// γ_t(c) = Σ_{s: l'_s = c} exp(α_t(s) + β_t(s) − lp(t, c) + nll).
		beta := make([]float64, T*S)
		for i := range beta {
			beta[i] = math.Inf(-1)
		}
		beta[(T-1)*S+S-1] = lp(T-1, b, opts.Blank)
		if S > 1 {
			beta[(T-1)*S+S-2] = lp(T-1, b, ext(S-2))
		}
		for t := T - 2; t >= 0; t-- {
			next, cur := beta[(t+1)*S:(t+2)*S], beta[t*S:(t+1)*S]
			em := logProbs[(t*nb+b)*k : (t*nb+b+1)*k]
			for s := range S {
				a := next[s]
				if s+1 < S {
					a = logAdd(a, next[s+1])
				}
				if s+2 < S && skipL[s+2] {
					a = logAdd(a, next[s+2])
				}
				if !math.IsInf(a, -1) {
					cur[s] = a + em[extL[s]]
				}
			}
		}
		// γ_t(c) as a plain sum of exps: each term α_t(s)β_t(s)/(y_t(c)·p)
		// is a posterior probability ≤ 1, so a term that underflows is below
		// 1e-308 and cannot matter (no log-sum-exp needed here).
		occ := make([]float64, k)
		for t := range T {
			clear(occ)
			em := logProbs[(t*nb+b)*k : (t*nb+b+1)*k]
			for s := range S {
				c := extL[s]
				occ[c] += math.Exp(alpha[t*S+s] + beta[t*S+s] - em[c] + nll)
			}
			for ch, l := range em {
				g := -occ[ch]
				if opts.LogitsGrad {
					g += math.Exp(l)
				}
				grad[(t*nb+b)*k+ch] = g * scale
			}
		}
	}
	return s, nil
}

// CTC returns the connectionist temporal classification loss of PyTorch's
// F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank,
// reduction, zero_infinity), for a batch of N sequences:
//
//   - logProbs holds log-probabilities ≤ 0 (e.g. a log-softmax output;
//     a value above 0 is refused, and rows that do not sum to 1, which
//     PyTorch accepts too, can make the loss negative) in
//     PyTorch's (T, N, k) layout: element (t, n, c) is
//     logProbs[(t·N + n)·k + c], with T = len(logProbs)/(N·k);
//   - targets holds the label sequences of all N sequences, concatenated
//     (PyTorch's 1-D form), with no blank among them;
//   - inputLengths[n] ∈ [1, T] and targetLengths[n] ≥ 0 give each
//     sequence's lengths (N = len(inputLengths)).
//
// The loss of one sequence is −log p(l | x) = −log Σ_π Π_t y_t(π_t), the
// sum over every alignment π of length T that collapses to the target l
// (merge repeats, then drop blanks). It is computed with the forward
// recursion of Graves et al. in log space (log-sum-exp at every step), so
// long sequences do not underflow. Mean is PyTorch's: each loss is divided
// by its target length (at least 1), then averaged over the batch; Sum adds
// the losses. A sequence that cannot be aligned (T shorter than the target
// plus its repeated neighbours) has loss +Inf: the value is then +Inf, or
// that sequence counts 0 with opts.ZeroInfinity.
//
// Gradient (the forward-backward algorithm): with γ_t(c) the posterior
// probability that an alignment emits c at time t,
// ∂(−log p)/∂logProbs[t, c] = −γ_t(c), and 0 for t ≥ inputLengths[n].
// PyTorch's log_probs.grad is exp(logProbs) − γ instead: the gradient with
// respect to the logits z when logProbs = log_softmax(z) (the two differ
// by exp(logProbs), whose contribution through log-softmax vanishes when
// the rows sum to 1). Set opts.LogitsGrad for PyTorch's.
//
// Minimiser: a model whose most probable alignments collapse to the
// target. Use it for sequence labelling without a frame-level alignment
// (speech and handwriting recognition). Reference: Graves, Fernández,
// Gomez & Schmidhuber, "Connectionist temporal classification", ICML
// 2006, §4.1-4.2; PyTorch torch.nn.CTCLoss.
func CTC(logProbs []float64, k int, targets, inputLengths, targetLengths []int, opts CTCOptions) (float64, error) {
	return ctcCore("CTC", nil, nil, logProbs, k, targets, inputLengths, targetLengths, opts)
}

// CTCGrad writes the gradient of [CTC] with respect to logProbs (same layout
// and length) to dst (allocated if nil) and returns it with [CTC]. An
// unalignable sequence is an error unless opts.ZeroInfinity is set.
func CTCGrad(dst, logProbs []float64, k int, targets, inputLengths, targetLengths []int, opts CTCOptions) ([]float64, float64, error) {
	return into(dst, len(logProbs), func(dst []float64) (float64, error) {
		return ctcCore("CTCGrad", nil, dst, logProbs, k, targets, inputLengths, targetLengths, opts)
	})
}

// CTCElems writes each sequence's loss −log p(l | x) (len N, not divided by
// the target length: PyTorch's reduction="none") to dst (allocated if nil)
// and returns it; an unalignable sequence gives +Inf, or 0 with
// opts.ZeroInfinity.
func CTCElems(dst, logProbs []float64, k int, targets, inputLengths, targetLengths []int, opts CTCOptions) ([]float64, error) {
	return elemsInto(dst, len(inputLengths), func(dst []float64) (float64, error) {
		return ctcCore("CTCElems", dst, nil, logProbs, k, targets, inputLengths, targetLengths, opts)
	})
}
