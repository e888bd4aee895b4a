package loss

import (
	"math"
	"testing"
)

var allGAN = []GAN{MinimaxGAN, NonSaturatingGAN, WassersteinGAN, HingeGAN, LeastSquaresGAN}

func TestGANClosedForms(t *testing.T) {
	// Goodfellow et al. 2014, Theorem 1: at p_g = p_data, D* = ½ (logit 0),
	// D loss = log 4, i.e. V(D*, G*) = −log 4.
	zero := []float64{0, 0, 0}
	for _, k := range []GAN{MinimaxGAN, NonSaturatingGAN} {
		assertNear(t, k.String()+" D at D=½", mk(GANDiscriminator(k, zero, zero)), math.Log(4), 1e-15)
	}
	assertNear(t, "minimax G at D=½", mk(GANGenerator(MinimaxGAN, zero)), -math.Ln2, 1e-15)
	assertNear(t, "NS G at D=½", mk(GANGenerator(NonSaturatingGAN, zero)), math.Ln2, 1e-15)

	real, fake := []float64{2, -0.5}, []float64{0.3, -3, 1.5}
	wantW := (0.3-3+1.5)/3 - (2-0.5)/2
	assertNear(t, "WGAN critic", mk(GANDiscriminator(WassersteinGAN, real, fake)), wantW, 1e-15)
	assertNear(t, "WGAN G", mk(GANGenerator(WassersteinGAN, fake)), -(0.3-3+1.5)/3, 1e-15)
	wantH := (0+1.5)/2 + (1.3+0+2.5)/3
	assertNear(t, "Hinge D", mk(GANDiscriminator(HingeGAN, real, fake)), wantH, 1e-15)
	wantLS := 0.5*(1+2.25)/2 + 0.5*(0.09+9+2.25)/3
	assertNear(t, "LSGAN D", mk(GANDiscriminator(LeastSquaresGAN, real, fake)), wantLS, 1e-15)
	assertNear(t, "LSGAN G", mk(GANGenerator(LeastSquaresGAN, fake)), 0.5*(0.49+16+0.25)/3, 1e-15)
	wantM := (softplus(-2)+softplus(0.5))/2 + (softplus(0.3)+softplus(-3)+softplus(1.5))/3
	assertNear(t, "minimax D", mk(GANDiscriminator(MinimaxGAN, real, fake)), wantM, 1e-15)
}

func TestGANGradients(t *testing.T) {
	real, fake := []float64{2, -0.5, 0.7}, []float64{0.3, -3, 1.5, -0.2}
	for _, k := range allGAN {
		dr, df := make([]float64, 3), make([]float64, 4)
		mk(GANDiscriminatorGrad(dr, df, k, real, fake))
		checkGrad(t, k.String()+" dReal", func(x []float64) float64 { return mk(GANDiscriminator(k, x, fake)) }, real, dr, 1e-6)
		checkGrad(t, k.String()+" dFake", func(x []float64) float64 { return mk(GANDiscriminator(k, real, x)) }, fake, df, 1e-6)
		mk(GANGeneratorGrad(df, k, fake))
		checkGrad(t, k.String()+" G dFake", func(x []float64) float64 { return mk(GANGenerator(k, x)) }, fake, df, 1e-6)
		// Extreme logits give finite values.
		ext := []float64{1e4, -1e4}
		assertFinite(t, k.String()+" extreme", mk(GANDiscriminator(k, ext, ext)), mk(GANGenerator(k, ext)))
	}
	// Saturation: when D rejects fakes confidently (logit −10), the
	// minimax generator gradient vanishes, the non-saturating one does not.
	gm, gn := make([]float64, 1), make([]float64, 1)
	mk(GANGeneratorGrad(gm, MinimaxGAN, []float64{-10}))
	mk(GANGeneratorGrad(gn, NonSaturatingGAN, []float64{-10}))
	if !(math.Abs(gm[0]) < 1e-4 && math.Abs(gn[0]) > 0.99) {
		t.Errorf("generator gradients at logit −10: minimax %g, non-saturating %g", gm[0], gn[0])
	}
}

func TestGANErrors(t *testing.T) {
	cases := []struct {
		err   error
		parts []string
	}{
		{second(GANDiscriminator(GAN(9), []float64{1}, []float64{1})), []string{"loss.GANDiscriminator", "kind = GAN(9)"}},
		{second(GANDiscriminator(HingeGAN, nil, []float64{1})), []string{"loss.GANDiscriminator", "len(real) = 0"}},
		{second(GANDiscriminator(HingeGAN, []float64{1}, nil)), []string{"loss.GANDiscriminator", "len(fake) = 0"}},
		{second(GANDiscriminator(HingeGAN, []float64{math.NaN()}, []float64{1})), []string{"loss.GANDiscriminator", "real[0] is NaN"}},
		{second(GANDiscriminatorGrad(nil, nil, HingeGAN, []float64{1}, []float64{1})), []string{"loss.GANDiscriminatorGrad", "len(dReal) = 0"}},
		{second(GANGenerator(MinimaxGAN, nil)), []string{"loss.GANGenerator", "empty input"}},
		{second(GANGenerator(GAN(-1), []float64{1})), []string{"loss.GANGenerator", "kind = GAN(-1)"}},
		{second(GANGeneratorGrad(nil, MinimaxGAN, []float64{1})), []string{"loss.GANGeneratorGrad", "len(dFake) = 0"}},
	}
	for _, tc := range cases {
		wantErr(t, tc.parts[0], tc.err, tc.parts...)
	}
}
