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
		assertNear(t, k.String()+" D at D=½", mk(GANDiscriminator(zero, zero, GANOptions{Kind: k})), math.Log(4), 1e-15)
	}
	assertNear(t, "minimax G at D=½", mk(GANGenerator(zero, GANOptions{Kind: MinimaxGAN})), -math.Ln2, 1e-15)
	assertNear(t, "NS G at D=½", mk(GANGenerator(zero, GANOptions{Kind: NonSaturatingGAN})), math.Ln2, 1e-15)

	real, fake := []float64{2, -0.5}, []float64{0.3, -3, 1.5}
	wantW := (0.3-3+1.5)/3 - (2-0.5)/2
	assertNear(t, "WGAN critic", mk(GANDiscriminator(real, fake, GANOptions{Kind: WassersteinGAN})), wantW, 1e-15)
	assertNear(t, "WGAN G", mk(GANGenerator(fake, GANOptions{Kind: WassersteinGAN})), -(0.3-3+1.5)/3, 1e-15)
	wantH := (0+1.5)/2 + (1.3+0+2.5)/3
	assertNear(t, "Hinge D", mk(GANDiscriminator(real, fake, GANOptions{Kind: HingeGAN})), wantH, 1e-15)
	wantLS := 0.5*(1+2.25)/2 + 0.5*(0.09+9+2.25)/3
	assertNear(t, "LSGAN D", mk(GANDiscriminator(real, fake, GANOptions{Kind: LeastSquaresGAN})), wantLS, 1e-15)
	assertNear(t, "LSGAN G", mk(GANGenerator(fake, GANOptions{Kind: LeastSquaresGAN})), 0.5*(0.49+16+0.25)/3, 1e-15)
	wantM := (softplus(-2)+softplus(0.5))/2 + (softplus(0.3)+softplus(-3)+softplus(1.5))/3
	assertNear(t, "minimax D", mk(GANDiscriminator(real, fake, GANOptions{Kind: MinimaxGAN})), wantM, 1e-15)
}

func TestGANGradients(t *testing.T) {
	real, fake := []float64{2, -0.5, 0.7}, []float64{0.3, -3, 1.5, -0.2}
	for _, k := range allGAN {
		dr, df := make([]float64, 3), make([]float64, 4)
		mk(gv2(GANDiscriminatorGrad(dr, df, real, fake, GANOptions{Kind: k})))
		checkGrad(t, k.String()+" dReal", func(x []float64) float64 { return mk(GANDiscriminator(x, fake, GANOptions{Kind: k})) }, real, dr, 1e-6)
		checkGrad(t, k.String()+" dFake", func(x []float64) float64 { return mk(GANDiscriminator(real, x, GANOptions{Kind: k})) }, fake, df, 1e-6)
		mk(gv(GANGeneratorGrad(df, fake, GANOptions{Kind: k})))
		checkGrad(t, k.String()+" G dFake", func(x []float64) float64 { return mk(GANGenerator(x, GANOptions{Kind: k})) }, fake, df, 1e-6)
		// Extreme logits give finite values.
		ext := []float64{1e4, -1e4}
		assertFinite(t, k.String()+" extreme", mk(GANDiscriminator(ext, ext, GANOptions{Kind: k})), mk(GANGenerator(ext, GANOptions{Kind: k})))
	}
	// Saturation: when D rejects fakes confidently (logit −10), the
	// minimax generator gradient vanishes, the non-saturating one does not.
	gm, gn := make([]float64, 1), make([]float64, 1)
	mk(gv(GANGeneratorGrad(gm, []float64{-10}, GANOptions{Kind: MinimaxGAN})))
	mk(gv(GANGeneratorGrad(gn, []float64{-10}, GANOptions{Kind: NonSaturatingGAN})))
	if !(math.Abs(gm[0]) < 1e-4 && math.Abs(gn[0]) > 0.99) {
		t.Errorf("generator gradients at logit −10: minimax %g, non-saturating %g", gm[0], gn[0])
	}
}

func TestGANErrors(t *testing.T) {
	cases := []struct {
		err   error
		parts []string
	}{
		{second(GANDiscriminator([]float64{1}, []float64{1}, GANOptions{Kind: GAN(9)})), []string{"loss.GANDiscriminator", "opts.Kind = GAN(9)"}},
		{second(GANDiscriminator(nil, []float64{1}, GANOptions{Kind: HingeGAN})), []string{"loss.GANDiscriminator", "len(real) = 0"}},
		{second(GANDiscriminator([]float64{1}, nil, GANOptions{Kind: HingeGAN})), []string{"loss.GANDiscriminator", "len(fake) = 0"}},
		{second(GANDiscriminator([]float64{math.NaN()}, []float64{1}, GANOptions{Kind: HingeGAN})), []string{"loss.GANDiscriminator", "real[0] is NaN"}},
		{second(GANGenerator(nil, GANOptions{Kind: MinimaxGAN})), []string{"loss.GANGenerator", "empty input"}},
		{second(GANGenerator([]float64{1}, GANOptions{Kind: GAN(-1)})), []string{"loss.GANGenerator", "opts.Kind = GAN(-1)"}},
	}
	for _, tc := range cases {
		wantErr(t, tc.parts[0], tc.err, tc.parts...)
	}
}
