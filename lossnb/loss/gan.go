package loss

import "strconv"

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
	MinimaxGAN GAN = iota
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
func (g GAN) String() string {
	switch g {
	case MinimaxGAN:
		return "MinimaxGAN"
	case NonSaturatingGAN:
		return "NonSaturatingGAN"
	case WassersteinGAN:
		return "WassersteinGAN"
	case HingeGAN:
		return "HingeGAN"
	case LeastSquaresGAN:
		return "LeastSquaresGAN"
	}
	return "GAN(" + strconv.Itoa(int(g)) + ")"
}

func checkGAN(c *check, kind GAN) {
	if c.ok() && (kind < MinimaxGAN || kind > LeastSquaresGAN) {
		c.fail("kind = %v, want one of MinimaxGAN … LeastSquaresGAN", kind)
	}
}

func discCore(fn string, dReal, dFake []float64, kind GAN, real, fake []float64) (float64, error) {
	c := check{fn: fn}
	checkGAN(&c, kind)
	if c.ok() && len(real) == 0 {
		c.fail("empty input: len(real) = 0")
	}
	if c.ok() && len(fake) == 0 {
		c.fail("empty input: len(fake) = 0")
	}
	if dReal != nil || dFake != nil {
		c.dstLen("dReal", len(dReal), len(real))
		c.dstLen("dFake", len(dFake), len(fake))
	}
	c.finite("real", real)
	c.finite("fake", fake)
	if !c.ok() {
		return 0, c.err
	}
	nr, nf := float64(len(real)), float64(len(fake))
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
			switch {
			case x < 1:
				g = -1
			case x == 1:
				g = -0.5
			}
		case LeastSquaresGAN:
			l, g = 0.5*(x-1)*(x-1), x-1
		}
		sr += l
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
			switch {
			case x > -1:
				g = 1
			case x == -1:
				g = 0.5
			}
		case LeastSquaresGAN:
			l, g = 0.5*x*x, x
		}
		sf += l
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
// 2014, Theorem 1). real and fake may differ in length.
func GANDiscriminator(kind GAN, real, fake []float64) (float64, error) {
	return discCore("GANDiscriminator", nil, nil, kind, real, fake)
}

// GANDiscriminatorGrad writes the gradients with respect to the real and
// fake discriminator outputs and returns [GANDiscriminator].
func GANDiscriminatorGrad(dReal, dFake []float64, kind GAN, real, fake []float64) (float64, error) {
	if dReal == nil {
		dReal = []float64{}
	}
	return discCore("GANDiscriminatorGrad", dReal, dFake, kind, real, fake)
}

func genCore(fn string, dFake []float64, kind GAN, fake []float64) (float64, error) {
	c := check{fn: fn}
	checkGAN(&c, kind)
	c.nonEmpty(len(fake))
	if dFake != nil {
		c.dstLen("dFake", len(dFake), len(fake))
	}
	c.finite("fake", fake)
	if !c.ok() {
		return 0, c.err
	}
	n := float64(len(fake))
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
		s += l
		if dFake != nil {
			dFake[i] = g / n
		}
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
func GANGenerator(kind GAN, fake []float64) (float64, error) {
	return genCore("GANGenerator", nil, kind, fake)
}

// GANGeneratorGrad writes ∂GANGenerator/∂fake to dFake and returns
// [GANGenerator].
func GANGeneratorGrad(dFake []float64, kind GAN, fake []float64) (float64, error) {
	if dFake == nil {
		dFake = []float64{}
	}
	return genCore("GANGeneratorGrad", dFake, kind, fake)
}
