package loss

import "github.com/lossnb/lossnb/lossnb/internal/enum"

// GAN selects an adversarial loss. Each takes the discriminator's outputs
// on real and generated (fake) samples:
//
//   - MinimaxGAN, NonSaturatingGAN: logits (pre-sigmoid), D = σ(logit);
//   - WassersteinGAN: raw critic values (no sigmoid);
//   - HingeGAN, LeastSquaresGAN: raw discriminator outputs (no sigmoid).
type GAN int

const (
	// MinimaxGAN is the original game (Goodfellow et al. 2014):
	// D loss −E log D(x) − E log(1 − D(G(z))); G loss E log(1 − D(G(z))),
	// which saturates (vanishing gradient) when D rejects fakes confidently.
	MinimaxGAN GAN = iota + 1 // the zero GAN is no loss: GANOptions{} is refused
	// NonSaturatingGAN has the same D loss and G loss −E log D(G(z))
	// (Goodfellow et al. 2014, §3): strong gradients early in training.
	NonSaturatingGAN
	// WassersteinGAN: critic loss E f(G(z)) − E f(x), G loss −E f(G(z))
	// (Arjovsky, Chintala & Bottou 2017). The critic must be kept
	// 1-Lipschitz (clipping or a gradient penalty), which this package does
	// not do.
	WassersteinGAN
	// HingeGAN: D loss E max(0, 1 − D(x)) + E max(0, 1 + D(G(z))), G loss
	// −E D(G(z)) (Lim & Ye 2017; Miyato et al. 2018, SN-GAN).
	HingeGAN
	// LeastSquaresGAN with the 0-1 coding a = 0, b = c = 1: D loss
	// ½E(D(x) − 1)² + ½E D(G(z))², G loss ½E(D(G(z)) − 1)² (Mao et al.,
	// "Least squares generative adversarial networks", ICCV 2017, eq. 2).
	LeastSquaresGAN
)

// String returns the constant's name.
func (g GAN) String() string { return enum.Name(ganNames, int(MinimaxGAN), "GAN", int(g)) }

var ganNames = []string{"MinimaxGAN", "NonSaturatingGAN", "WassersteinGAN", "HingeGAN", "LeastSquaresGAN"}

// GANOptions selects the adversarial loss and its reduction. There is no
// PyTorch default to follow, so the zero value is refused: Kind must be
// set.
type GANOptions struct {
	// Kind is the loss; the zero value is an error (set MinimaxGAN,
	// NonSaturatingGAN, …).
	Kind GAN
	// Weights must be empty (the GAN losses take none).
	Weights []float64
	// Reduction: Mean (the zero value: the expectations of the papers, a
	// mean over real plus a mean over fake outputs) or Sum (the sums).
	Reduction Reduction
}

func checkGAN(c *check, opts GANOptions, elems string) {
	if c.OK() && (opts.Kind < MinimaxGAN || opts.Kind > LeastSquaresGAN) {
		c.Fail("opts.Kind = %v, want one of MinimaxGAN … LeastSquaresGAN", opts.Kind)
	}
	c.noWeights(opts.Weights)
	if elems != "" {
		c.reduction(opts.Reduction, elems)
	}
}

// discCore computes the discriminator loss; with eReal and eFake (the
// per-sample terms, len(real) and len(fake)) it writes them and ignores
// the reduction.
func discCore(fn string, eReal, eFake, dReal, dFake []float64, real, fake []float64, opts GANOptions) (float64, error) {
	c := newCheck(fn)
	kind := opts.Kind
	elems := eReal != nil || eFake != nil
	if elems {
		checkGAN(&c, opts, "")
	} else {
		checkGAN(&c, opts, "GANDiscriminatorElems")
	}
	if c.OK() && len(real) == 0 {
		c.Fail("empty input: len(real) = 0")
	}
	if c.OK() && len(fake) == 0 {
		c.Fail("empty input: len(fake) = 0")
	}
	if dReal != nil || dFake != nil {
		c.dstLen("dReal", len(dReal), len(real))
		c.dstLen("dFake", len(dFake), len(fake))
	}
	if elems {
		c.dstLen("dRealElems", len(eReal), len(real))
		c.dstLen("dFakeElems", len(eFake), len(fake))
	}
	c.Finite("real", real)
	c.Finite("fake", fake)
	if !c.OK() {
		return 0, c.Err
	}
	nr := opts.Reduction.denom(float64(len(real)))
	nf := opts.Reduction.denom(float64(len(fake)))
	var sr, sf float64
	for i, x := range real {
		var l, g float64
		switch kind {
		case MinimaxGAN, NonSaturatingGAN: // −log σ(x)
			l, g = softplus(-x), -sigmoid(-x)
		case WassersteinGAN:
			l, g = -x, -1
		case HingeGAN:
			l = relu(1 - x)
			if x <= 1 { // slope 1 at the kink, as PyTorch's relu backward of 1 − x ≥ 0
				g = -1
			}
		case LeastSquaresGAN:
			l, g = 0.5*(x-1)*(x-1), x-1
		}
		sr += l
		if elems {
			eReal[i] = l
		}
		if dReal != nil {
			dReal[i] = g / nr
		}
	}
	for i, x := range fake {
		var l, g float64
		switch kind {
		case MinimaxGAN, NonSaturatingGAN: // −log(1 − σ(x))
			l, g = softplus(x), sigmoid(x)
		case WassersteinGAN:
			l, g = x, 1
		case HingeGAN:
			l = relu(1 + x)
			if x >= -1 { // slope 1 at the kink
				g = 1
			}
		case LeastSquaresGAN:
			l, g = 0.5*x*x, x
		}
		sf += l
		if elems {
			eFake[i] = l
		}
		if dFake != nil {
			dFake[i] = g / nf
		}
	}
	return sr/nr + sf/nf, nil
}

// GANDiscriminator returns the discriminator's (critic's) loss, to be
// minimised over D, as the mean over real plus the mean over fake
// outputs; see [GAN] for each kind's formula and input scale. For the
// minimax game at the optimum p_g = p_data the optimal D is ½ (logit 0)
// and the loss is log 4, i.e. the game value is −log 4 (Goodfellow et al.
// 2014, Theorem 1). real and fake may differ in length. The HingeGAN
// subgradient at a kink is the full slope (PyTorch's relu backward).
func GANDiscriminator(real, fake []float64, opts GANOptions) (float64, error) {
	return discCore("GANDiscriminator", nil, nil, nil, nil, real, fake, opts)
}

// GANDiscriminatorGrad writes the gradients with respect to the real and
// fake discriminator outputs (allocated if nil) and returns them with
// [GANDiscriminator].
func GANDiscriminatorGrad(dReal, dFake, real, fake []float64, opts GANOptions) ([]float64, []float64, float64, error) {
	return into2(dReal, len(real), dFake, len(fake), func(dReal, dFake []float64) (float64, error) {
		return discCore("GANDiscriminatorGrad", nil, nil, dReal, dFake, real, fake, opts)
	})
}

// GANDiscriminatorElems writes the per-sample terms of [GANDiscriminator]
// on the real outputs to dRealElems and on the fake ones to dFakeElems
// (allocated if nil) and returns them;
// opts.Reduction is ignored.
func GANDiscriminatorElems(dRealElems, dFakeElems, real, fake []float64, opts GANOptions) ([]float64, []float64, error) {
	dRealElems = alloc(dRealElems, len(real))
	dFakeElems = alloc(dFakeElems, len(fake))
	_, err := discCore("GANDiscriminatorElems", dRealElems, dFakeElems, nil, nil, real, fake, opts)
	return dRealElems, dFakeElems, err
}

func genCore(fn string, elems, dFake, fake []float64, opts GANOptions) (float64, error) {
	c := newCheck(fn)
	kind := opts.Kind
	if elems != nil {
		checkGAN(&c, opts, "")
	} else {
		checkGAN(&c, opts, "GANGeneratorElems")
	}
	c.nonEmpty(len(fake))
	if dFake != nil {
		c.dstLen("dFake", len(dFake), len(fake))
	}
	if elems != nil {
		c.dstLen("dst", len(elems), len(fake))
	}
	c.Finite("fake", fake)
	if !c.OK() {
		return 0, c.Err
	}
	n := opts.Reduction.denom(float64(len(fake)))
	var s float64
	for i, x := range fake {
		var l, g float64
		switch kind {
		case MinimaxGAN: // log(1 − σ(x)) = −softplus(x)
			l, g = -softplus(x), -sigmoid(x)
		case NonSaturatingGAN: // −log σ(x)
			l, g = softplus(-x), -sigmoid(-x)
		case WassersteinGAN, HingeGAN:
			l, g = -x, -1
		case LeastSquaresGAN:
			l, g = 0.5*(x-1)*(x-1), x-1
		}
		s = accumulate(s, elems, dFake, i, l, g, n)
	}
	return s / n, nil
}

// GANGenerator returns the generator's loss, to be minimised over G, as a
// mean over the discriminator's outputs on fake samples; see [GAN]. The
// gradient with respect to the generator's parameters is this function's
// gradient (GANGeneratorGrad) back-propagated through D and G. The minimax
// generator loss is ≤ 0 and saturates: its gradient −σ(x)/N vanishes
// exactly when D confidently rejects the fakes (x ≪ 0), which is why the
// non-saturating loss is used in practice.
func GANGenerator(fake []float64, opts GANOptions) (float64, error) {
	return genCore("GANGenerator", nil, nil, fake, opts)
}

// GANGeneratorGrad writes ∂GANGenerator/∂fake to dFake (allocated if nil)
// and returns it with [GANGenerator].
func GANGeneratorGrad(dFake, fake []float64, opts GANOptions) ([]float64, float64, error) {
	dFake = alloc(dFake, len(fake))
	v, err := genCore("GANGeneratorGrad", nil, dFake, fake, opts)
	return dFake, v, err
}

// GANGeneratorElems writes the per-sample terms of [GANGenerator] to dst
// (allocated if nil) and returns it; opts.Reduction is ignored.
func GANGeneratorElems(dst, fake []float64, opts GANOptions) ([]float64, error) {
	return elemsInto(dst, len(fake), func(dst []float64) (float64, error) { return genCore("GANGeneratorElems", dst, nil, fake, opts) })
}
