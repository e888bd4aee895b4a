package adversarial

// Notebook 05: adversarial losses.
//
// Sources: Goodfellow et al., "Generative adversarial nets", NeurIPS 2014 (the minimax
// game, D* = p_data/(p_data + p_g), the value −log 4 at p_g = p_data, and the
// non-saturating generator loss); Arjovsky, Chintala & Bottou, "Wasserstein GAN",
// ICML 2017 (critic with clipped weights); Mao et al., "Least squares generative
// adversarial networks", ICCV 2017; Lim & Ye, "Geometric GAN", arXiv:1705.02894 (2017)
// (the hinge loss). The losses themselves are lossnb/loss's GANDiscriminator and
// GANGenerator.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/internal/par"
	"github.com/lossnb/lossnb/lossnb/loss"
	"github.com/lossnb/lossnb/lossnb/optim"
	"gonum.org/v1/gonum/stat/distuv"
)

// GANKinds are the five adversarial losses of notebook 05, in the order they are shown.
var GANKinds = []loss.GAN{loss.MinimaxGAN, loss.NonSaturatingGAN, loss.WassersteinGAN, loss.HingeGAN, loss.LeastSquaresGAN}

// GANLabel returns the short name the notebook uses for kind.
func GANLabel(kind loss.GAN) string {
	switch kind {
	case loss.MinimaxGAN:
		return "minimax"
	case loss.NonSaturatingGAN:
		return "non-saturating"
	case loss.WassersteinGAN:
		return "Wasserstein"
	case loss.HingeGAN:
		return "hinge"
	case loss.LeastSquaresGAN:
		return "least squares"
	}
	return kind.String()
}

// ganOne returns the generator loss and its slope at one discriminator output s, and
// the discriminator's loss on a real sample with output s and on a fake one with
// output s (each alone: the other half of GANDiscriminator is subtracted).
func ganOne(kind loss.GAN, s float64) (gen, genSlope, dReal, dFake float64, err error) {
	d := []float64{0}
	if _, gen, err = loss.GANGeneratorGrad(d, []float64{s}, loss.GANOptions{Kind: kind}); err != nil {
		return
	}
	genSlope = d[0]
	// GANDiscriminator(real = [s], fake = [0]) is the real half at s plus the fake
	// half at 0, which ganHalvesAtZero knows; likewise the other way round.
	a0, b0 := ganHalvesAtZero(kind)
	ab0, err := loss.GANDiscriminator([]float64{s}, []float64{0}, loss.GANOptions{Kind: kind})
	if err != nil {
		return
	}
	a0b, err := loss.GANDiscriminator([]float64{0}, []float64{s}, loss.GANOptions{Kind: kind})
	if err != nil {
		return
	}
	dReal, dFake = ab0-b0, a0b-a0
	return
}

// ganHalvesAtZero returns the discriminator's loss on one real and on one fake sample
// whose output is 0: log 2 each for the minimax and non-saturating losses (σ(0) = ½),
// 0 for Wasserstein, 1 each for hinge, ½ and 0 for least squares.
func ganHalvesAtZero(kind loss.GAN) (real, fake float64) {
	switch kind {
	case loss.MinimaxGAN, loss.NonSaturatingGAN:
		return math.Ln2, math.Ln2
	case loss.HingeGAN:
		return 1, 1
	case loss.LeastSquaresGAN:
		return 0.5, 0
	}
	return 0, 0
}

// GANLossCurves returns a toggle of four views against the discriminator's raw output
// s (a logit for the minimax and non-saturating losses) on −4 … 4: the generator's
// loss, its slope ∂L_G/∂s, and the discriminator's loss on a real and on a fake sample.
func GANLossCurves() (*chart.Toggle, error) {
	ss := num.Span(-4, 4, 161)
	type view struct {
		name, title, y string
		lo, hi         float64
		pick           func(g, gs, dr, df float64) float64
	}
	views := []view{
		{"generator loss", "The generator's loss on one fake sample, against the discriminator's output s on it", "L_G", -4, 8, func(g, _, _, _ float64) float64 { return g }},
		{"generator slope", "Its slope ∂L_G/∂s: what the generator's gradient is made of", "∂L_G/∂s", -4.5, 1.5, func(_, gs, _, _ float64) float64 { return gs }},
		{"discriminator, real", "The discriminator's loss on one real sample with output s", "L_D (real half)", -4, 8, func(_, _, dr, _ float64) float64 { return dr }},
		{"discriminator, fake", "The discriminator's loss on one fake sample with output s", "L_D (fake half)", -4, 8, func(_, _, _, df float64) float64 { return df }},
	}
	vals := make([][4][]float64, len(GANKinds))
	for k, kind := range GANKinds {
		for j := range vals[k] {
			vals[k][j] = make([]float64, len(ss))
		}
		for i, s := range ss {
			g, gs, dr, df, err := ganOne(kind, s)
			if err != nil {
				return nil, fmt.Errorf("adversarial.GANLossCurves: %w", err)
			}
			vals[k][0][i], vals[k][1][i], vals[k][2][i], vals[k][3][i] = g, gs, dr, df
		}
	}
	t := chart.NewToggle()
	for j, v := range views {
		c := chart.NewLines(v.title)
		c.XLabel, c.YLabel = "discriminator output s (a logit for minimax and non-saturating)", v.y
		c.XMin, c.XMax, c.YMin, c.YMax = -4, 4, v.lo, v.hi
		for k, kind := range GANKinds {
			ys := make([]float64, len(ss))
			for i := range ss {
				y := vals[k][j][i]
				if y < v.lo || y > v.hi {
					y = math.NaN()
				}
				ys[i] = y
			}
			l := c.Add(GANLabel(kind), ss, ys)
			l.Gaps = true
			if (kind == loss.NonSaturatingGAN && j >= 2) || (kind == loss.HingeGAN && j < 2) {
				l.Dash = true // the same curve as minimax's (discriminator) or Wasserstein's (generator)
			}
		}
		t.Add(v.name, c)
	}
	return t, nil
}

// GeneratorGradients returns, for each D(G(z)) in ds (each in (0, 1)), the size of the
// generator's gradient with respect to the discriminator's logit on that fake sample,
// under the minimax loss log(1 − D) (it is D) and the non-saturating loss −log D (it is
// 1 − D), both from loss.GANGeneratorGrad.
func GeneratorGradients(ds []float64) (minimax, nonSat []float64, err error) {
	minimax, nonSat = make([]float64, len(ds)), make([]float64, len(ds))
	g := []float64{0}
	for i, d := range ds {
		if !(d > 0 && d < 1) {
			return nil, nil, fmt.Errorf("adversarial.GeneratorGradients: ds[%d] = %v, want a probability in (0, 1)", i, d)
		}
		logit := math.Log(d) - math.Log1p(-d)
		if _, _, err := loss.GANGeneratorGrad(g, []float64{logit}, loss.GANOptions{Kind: loss.MinimaxGAN}); err != nil {
			return nil, nil, fmt.Errorf("adversarial.GeneratorGradients: %w", err)
		}
		minimax[i] = math.Abs(g[0])
		if _, _, err := loss.GANGeneratorGrad(g, []float64{logit}, loss.GANOptions{Kind: loss.NonSaturatingGAN}); err != nil {
			return nil, nil, fmt.Errorf("adversarial.GeneratorGradients: %w", err)
		}
		nonSat[i] = math.Abs(g[0])
	}
	return minimax, nonSat, nil
}

// GeneratorGradientChart draws GeneratorGradients against D(G(z)) on (0, 1).
func GeneratorGradientChart() (*chart.Chart, error) {
	ds := num.Span(0.005, 0.995, 199)
	mm, ns, err := GeneratorGradients(ds)
	if err != nil {
		return nil, fmt.Errorf("adversarial.GeneratorGradientChart: %w", err)
	}
	c := chart.NewLines("Size of the generator's gradient on the logit, against D(G(z))")
	c.XLabel, c.YLabel = "D(G(z)): the discriminator's belief that the fake is real", "|∂L_G/∂logit|"
	c.XMin, c.XMax, c.YMin, c.YMax = 0, 1, 0, 1
	c.Add("minimax log(1 − D)", ds, mm)
	c.Add("non-saturating −log D", ds, ns)
	return c, nil
}

// GANMixture is the data of notebook 05: ½ N(−Mode, Sigma²) + ½ N(+Mode, Sigma²).
type GANMixture struct{ Mode, Sigma float64 }

// GANData is the two-mode mixture the tiny GAN learns.
var GANData = GANMixture{Mode: 2, Sigma: 0.4}

// Density returns the mixture's density at x, shifted right by shift.
func (m GANMixture) Density(x, shift float64) float64 {
	return 0.5*distuv.Normal{Mu: -m.Mode, Sigma: m.Sigma}.Prob(x-shift) + 0.5*distuv.Normal{Mu: m.Mode, Sigma: m.Sigma}.Prob(x-shift)
}

func (m GANMixture) check(fn string) error {
	if !(m.Sigma > 0) || math.IsInf(m.Sigma, 0) || math.IsNaN(m.Mode) || math.IsInf(m.Mode, 0) {
		return fmt.Errorf("adversarial.%s: mixture Mode = %v, Sigma = %v, want a finite Mode and a finite Sigma > 0", fn, m.Mode, m.Sigma)
	}
	return nil
}

// OptimalValue returns the value of the minimax game V(D*, G) = E_data log D*(x) +
// E_g log(1 − D*(x)) when the generator's density is the data's shifted by shift and D
// is the best discriminator D* = p_data/(p_data + p_g). It equals −log 4 + 2·JSD(p_data,
// p_g) (Goodfellow et al. 2014, Theorem 1): −log 4 at shift 0 and 0 when the densities
// do not overlap at all. It is not monotone in the shift for a two-mode mixture: with
// GANData it rises to about −0.05 near shift 2, where the generator's modes sit between
// the data's, falls again as the generator's left mode slides onto the data's right mode,
// to −log 2 at shift 2·Mode = 4 (a local minimum: one mode matched, one missed), and only
// then rises to 0. The integral is a trapezoid sum with step 0.001 from the leftmost mode
// − 10σ to the rightmost mode + 10σ.
func OptimalValue(m GANMixture, shift float64) (float64, error) {
	if err := m.check("OptimalValue"); err != nil {
		return 0, err
	}
	if math.IsNaN(shift) || math.Abs(shift) > 20 {
		return 0, fmt.Errorf("adversarial.OptimalValue: shift = %v, want a number in [−20, 20]", shift)
	}
	lo := math.Min(0, shift) - m.Mode - 10*m.Sigma
	hi := math.Max(0, shift) + m.Mode + 10*m.Sigma
	n := int((hi-lo)/0.001) + 1
	h := (hi - lo) / float64(n-1)
	var v float64
	for i := 0; i < n; i++ {
		x := lo + float64(i)*h
		pd, pg := m.Density(x, 0), m.Density(x, shift)
		var f float64
		if pd > 0 {
			f += pd * math.Log(pd/(pd+pg))
		}
		if pg > 0 {
			f += pg * math.Log(pg/(pd+pg))
		}
		if i == 0 || i == n-1 {
			f /= 2
		}
		v += f * h
	}
	return v, nil
}

// EquilibriumShifts are the values of the shift slider of EquilibriumCharts: −4.5 to 4.5
// by 0.25, far enough to reach the local minimum −log 2 at shift ±4 (one mode matched).
var EquilibriumShifts = num.Span(-4.5, 4.5, 37)

// EquilibriumCharts returns two charts that follow one slider over
// EquilibriumShifts: the data's density, the generator's (the data's shifted) and the
// best discriminator D*(x) = p_data/(p_data + p_g); and the value V(D*, G) against the
// shift, with the slider's point marked and −log 4 drawn.
func EquilibriumCharts(m GANMixture) ([]chart.Item, error) {
	if err := m.check("EquilibriumCharts"); err != nil {
		return nil, err
	}
	xs := num.Span(-7.5, 7.5, 301)
	vs := make([]float64, len(EquilibriumShifts))
	for i, s := range EquilibriumShifts {
		v, err := OptimalValue(m, s)
		if err != nil {
			return nil, fmt.Errorf("adversarial.EquilibriumCharts: %w", err)
		}
		vs[i] = v
	}
	sl := chart.NewSlider("generator shift", EquilibriumShifts)
	sl.Init = num.Nearest(EquilibriumShifts, 1.5)
	dens := chart.NewLines("Data, generator and the best discriminator D*")
	dens.XLabel, dens.YLabel = "x", "density, and D*(x)"
	dens.XMin, dens.XMax, dens.YMin, dens.YMax = -7.5, 7.5, 0, 1.05
	pd := make([]float64, len(xs))
	for i, x := range xs {
		pd[i] = m.Density(x, 0)
	}
	dens.Add("data", xs, pd).Area = true
	dens.AddFrames(sl, func(k int) []*chart.Series {
		pg, ds := make([]float64, len(xs)), make([]float64, len(xs))
		for i, x := range xs {
			pg[i] = m.Density(x, EquilibriumShifts[k])
			ds[i] = 0.5
			if t := pd[i] + pg[i]; t > 1e-300 {
				ds[i] = pd[i] / t
			}
		}
		g := chart.Line("generator", xs, pg)
		d := chart.Line("D*(x)", xs, ds)
		d.Color, d.Dash = "#222222", true
		return []*chart.Series{g, d}
	})
	val := chart.NewLines("Value of the game V(D*, G) against the generator's shift")
	val.XLabel, val.YLabel = "generator shift", "V(D*, G)"
	val.XMin, val.XMax, val.YMin, val.YMax = -4.5, 4.5, -1.5, 0.1
	val.Add("V(D*, G)", EquilibriumShifts, vs)
	l4 := val.Add("−log 4", []float64{-4.5, 4.5}, []float64{-math.Log(4), -math.Log(4)})
	l4.Dash, l4.Color = true, "#999999"
	l2 := val.Add("−log 2 (one mode matched)", []float64{-4.5, 4.5}, []float64{-math.Ln2, -math.Ln2})
	l2.Dash, l2.Color = true, "#cccccc"
	val.AddFrames(sl, func(k int) []*chart.Series {
		p := chart.Points("this shift", []float64{EquilibriumShifts[k]}, []float64{vs[k]})
		p.Color, p.Width = chart.Palette[1], 10
		return []*chart.Series{p}
	})
	return []chart.Item{dens, val}, nil
}

// --- the tiny GAN -----------------------------------------------------------------

// mlp1 is a network from one number to one number with one tanh hidden layer.
type mlp1 struct {
	w1, b1, w2 []float64
	b2         []float64 // one output bias, a slice so that params lists every parameter
}

func newMLP1(h int, scale float64, r *rand.Rand) *mlp1 {
	m := &mlp1{w1: make([]float64, h), b1: make([]float64, h), w2: make([]float64, h), b2: make([]float64, 1)}
	for j := 0; j < h; j++ {
		m.w1[j] = r.NormFloat64() * scale
		m.b1[j] = r.NormFloat64() * scale
		m.w2[j] = r.NormFloat64() * scale / math.Sqrt(float64(h))
	}
	return m
}

func (m *mlp1) params() [][]float64 { return [][]float64{m.w1, m.b1, m.w2, m.b2} }

func (m *mlp1) out(x float64) float64 {
	y := m.b2[0]
	for j := range m.w1 {
		y += m.w2[j] * math.Tanh(m.w1[j]*x+m.b1[j])
	}
	return y
}

// outH is out that also stores the hidden activations tanh(w1·x + b1) in h, for backH.
func (m *mlp1) outH(x float64, h []float64) float64 {
	y := m.b2[0]
	for j := range m.w1 {
		h[j] = math.Tanh(m.w1[j]*x + m.b1[j])
		y += m.w2[j] * h[j]
	}
	return y
}

// backH adds to g (same shapes as m, plus gb2) the gradient of dy·m(x) and returns
// ∂m/∂x · dy, given the hidden activations h of x from outH (the weights unchanged
// since). With g nil it only returns ∂m/∂x · dy.
func (m *mlp1) backH(x float64, h []float64, dy float64, g *mlp1) float64 {
	var dx float64
	if g != nil {
		g.b2[0] += dy
	}
	for j := range m.w1 {
		t := h[j]
		dh := dy * m.w2[j] * (1 - t*t)
		if g != nil {
			g.w2[j] += dy * t
			g.w1[j] += dh * x
			g.b1[j] += dh
		}
		dx += dh * m.w1[j]
	}
	return dx
}

func (m *mlp1) zeroed() *mlp1 {
	h := len(m.w1)
	return &mlp1{w1: make([]float64, h), b1: make([]float64, h), w2: make([]float64, h), b2: make([]float64, 1)}
}

// adamBeta1 is the tiny GAN's Adam β₁ = 0.5, as in DCGAN (Radford, Metz & Chintala
// 2016), which found the default 0.9 made GAN training oscillate; β₂ is the default.
const adamBeta1 = 0.5

func (m *mlp1) clip(c float64) {
	for _, p := range m.params() {
		for j := range p {
			p[j] = math.Max(-c, math.Min(c, p[j]))
		}
	}
}

// TinyGANConfig sets up TinyGAN. The zero value is not valid; use DefaultTinyGAN.
type TinyGANConfig struct {
	Steps, Batch, Hidden int
	LR                   float64
	Every                int     // record a snapshot every Every steps
	Clip                 float64 // Wasserstein critic weight clipping
	NCritic              int     // critic steps per generator step for the Wasserstein loss
	Seed                 uint64
}

// DefaultTinyGAN is the configuration of notebook 05: 2000 steps of batches of 64, a
// generator and a discriminator with 16 tanh units each, Adam with learning rate 0.005
// and β₁ = 0.5, one discriminator step per generator step except for the Wasserstein
// critic, which takes 5 with its weights clipped to ±0.5 (as in Arjovsky et al. 2017,
// whose clip is 0.01 for much wider networks), a snapshot every 100 steps, seed 5.
var DefaultTinyGAN = TinyGANConfig{Steps: 2000, Batch: 64, Hidden: 16, LR: 0.005, Every: 100, Clip: 0.5, NCritic: 5, Seed: 5}

// GANSnapshot is the state of a tiny GAN at one step.
type GANSnapshot struct {
	Step int
	// W1 is the Wasserstein-1 distance between 2000 generated samples (fixed noise)
	// and 2000 data samples (fixed): the mean gap between their sorted values.
	W1 float64
	// Left is the share of generated samples below 0 (the data's is ½).
	Left float64
	// Hist is the density histogram of the generated samples on GANBins.
	Hist []float64
	// D is the discriminator's output on GANGrid: σ(logit) for the minimax and
	// non-saturating losses, the raw output for the others.
	D []float64
	// LossD and LossG are the losses on the step's batch.
	LossD, LossG float64
}

// GANBins are the edges of the histogram bins of GANSnapshot.Hist: −5 … 5 by 0.25.
var GANBins = num.Span(-5, 5, 41)

// GANGrid is where GANSnapshot.D is evaluated.
var GANGrid = num.Span(-5, 5, 101)

// GANRun is the record of one tiny GAN trained with one loss.
type GANRun struct {
	Kind      loss.GAN
	Snapshots []GANSnapshot
	// GenGradNorms[i] is the Euclidean norm of the gradient of the generator's loss
	// with respect to all the generator's parameters at step i + 1, before Adam.
	GenGradNorms []float64
}

// TinyGAN trains a one-dimensional GAN on the mixture m with the loss kind: both
// players are one-hidden-layer tanh networks, the generator maps z ~ N(0, 1) to x, and
// each step takes one Adam step for the discriminator on a batch of real and fake
// samples, then one for the generator on fresh noise. The losses and their gradients
// with respect to the discriminator's outputs are loss.GANDiscriminatorGrad and
// loss.GANGeneratorGrad; the rest is backpropagation through the two networks. It is
// deterministic for a given cfg.Seed. progress, if not nil, is called at every
// snapshot.
func TinyGAN(m GANMixture, kind loss.GAN, cfg TinyGANConfig, progress func(s GANSnapshot)) (*GANRun, error) {
	if err := m.check("TinyGAN"); err != nil {
		return nil, err
	}
	if _, err := loss.GANGenerator([]float64{0}, loss.GANOptions{Kind: kind}); err != nil {
		return nil, fmt.Errorf("adversarial.TinyGAN: %w", err)
	}
	switch {
	case cfg.Steps < 1 || cfg.Steps > 100000:
		return nil, fmt.Errorf("adversarial.TinyGAN: Steps = %d, want 1 … 100000", cfg.Steps)
	case cfg.Batch < 1 || cfg.Batch > 10000:
		return nil, fmt.Errorf("adversarial.TinyGAN: Batch = %d, want 1 … 10000", cfg.Batch)
	case cfg.Hidden < 1 || cfg.Hidden > 1000:
		return nil, fmt.Errorf("adversarial.TinyGAN: Hidden = %d, want 1 … 1000", cfg.Hidden)
	case !(cfg.LR > 0 && cfg.LR <= 1):
		return nil, fmt.Errorf("adversarial.TinyGAN: LR = %v, want a number in (0, 1]", cfg.LR)
	case cfg.Every < 1:
		return nil, fmt.Errorf("adversarial.TinyGAN: Every = %d, want at least 1", cfg.Every)
	case kind == loss.WassersteinGAN && !(cfg.Clip > 0 && cfg.Clip < math.Inf(1)):
		return nil, fmt.Errorf("adversarial.TinyGAN: Clip = %v, want a finite number > 0 for the Wasserstein loss", cfg.Clip)
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x05ad))
	sample := func(r *rand.Rand) float64 {
		mu := -m.Mode
		if r.IntN(2) == 1 {
			mu = m.Mode
		}
		return mu + m.Sigma*r.NormFloat64()
	}
	// Fixed evaluation sets, the same for every loss.
	er := rand.New(rand.NewPCG(2014, 5))
	const nEval = 2000
	evalZ, evalData := make([]float64, nEval), make([]float64, nEval)
	for i := range evalZ {
		evalZ[i] = er.NormFloat64()
		evalData[i] = sample(er)
	}
	slices.Sort(evalData)

	gen := newMLP1(cfg.Hidden, 1, r)
	disc := newMLP1(cfg.Hidden, 1, r)
	if kind == loss.WassersteinGAN {
		disc.clip(cfg.Clip)
	}
	og, od := optim.NewAdam(cfg.LR, adamBeta1, 0.999), optim.NewAdam(cfg.LR, adamBeta1, 0.999)
	B := cfg.Batch
	real, zs, fake := make([]float64, B), make([]float64, B), make([]float64, B)
	hidden := func() [][]float64 {
		h := make([][]float64, B)
		for i := range h {
			h[i] = make([]float64, cfg.Hidden)
		}
		return h
	}
	hReal, hFake, hGen := hidden(), hidden(), hidden()
	oReal, oFake := make([]float64, B), make([]float64, B)
	dReal, dFake := make([]float64, B), make([]float64, B)
	run := &GANRun{Kind: kind}
	sigmoidOut := kind == loss.MinimaxGAN || kind == loss.NonSaturatingGAN

	snap := func(step int, ld, lg float64) error {
		xs := make([]float64, nEval)
		for i, z := range evalZ {
			xs[i] = gen.out(z)
		}
		slices.Sort(xs)
		s := GANSnapshot{Step: step, LossD: ld, LossG: lg, Hist: make([]float64, len(GANBins)-1), D: make([]float64, len(GANGrid))}
		w := GANBins[1] - GANBins[0]
		for i, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("adversarial.TinyGAN: %v: the generator diverged at step %d", kind, step)
			}
			s.W1 += math.Abs(x-evalData[i]) / nEval
			if x < 0 {
				s.Left += 1.0 / nEval
			}
			if b := int(math.Floor((x - GANBins[0]) / w)); b >= 0 && b < len(s.Hist) {
				s.Hist[b] += 1 / (nEval * w)
			}
		}
		for i, x := range GANGrid {
			o := disc.out(x)
			if sigmoidOut {
				o = loss.Sigmoid(o)
			}
			s.D[i] = o
		}
		run.Snapshots = append(run.Snapshots, s)
		if progress != nil {
			progress(s)
		}
		return nil
	}
	if err := snap(0, math.NaN(), math.NaN()); err != nil {
		return nil, err
	}
	for step := 1; step <= cfg.Steps; step++ {
		// Discriminator step (NCritic of them for the Wasserstein critic).
		nd := 1
		if kind == loss.WassersteinGAN && cfg.NCritic > 1 {
			nd = cfg.NCritic
		}
		var ld float64
		for c := 0; c < nd; c++ {
			for i := 0; i < B; i++ {
				real[i] = sample(r)
				zs[i] = r.NormFloat64()
				fake[i] = gen.out(zs[i])
				oReal[i], oFake[i] = disc.outH(real[i], hReal[i]), disc.outH(fake[i], hFake[i])
			}
			var err error
			_, _, ld, err = loss.GANDiscriminatorGrad(dReal, dFake, oReal, oFake, loss.GANOptions{Kind: kind})
			if err != nil {
				return nil, fmt.Errorf("adversarial.TinyGAN: step %d: %w", step, err)
			}
			gd := disc.zeroed()
			for i := 0; i < B; i++ {
				disc.backH(real[i], hReal[i], dReal[i], gd)
				disc.backH(fake[i], hFake[i], dFake[i], gd)
			}
			od.Step(disc.params(), gd.params())
			if kind == loss.WassersteinGAN {
				disc.clip(cfg.Clip)
			}
		}
		// Generator step, on fresh noise.
		for i := 0; i < B; i++ {
			zs[i] = r.NormFloat64()
			fake[i] = gen.outH(zs[i], hGen[i])
			oFake[i] = disc.outH(fake[i], hFake[i])
		}
		_, lg, err := loss.GANGeneratorGrad(dFake, oFake, loss.GANOptions{Kind: kind})
		if err != nil {
			return nil, fmt.Errorf("adversarial.TinyGAN: step %d: %w", step, err)
		}
		gg := gen.zeroed()
		for i := 0; i < B; i++ {
			dx := disc.backH(fake[i], hFake[i], dFake[i], nil) // ∂L_G/∂x through D
			gen.backH(zs[i], hGen[i], dx, gg)
		}
		var nrm float64
		for _, p := range gg.params() {
			for _, v := range p {
				nrm += v * v
			}
		}
		run.GenGradNorms = append(run.GenGradNorms, math.Sqrt(nrm))
		og.Step(gen.params(), gg.params())
		if step%cfg.Every == 0 || step == cfg.Steps {
			if err := snap(step, ld, lg); err != nil {
				return nil, err
			}
		}
	}
	return run, nil
}

// TrainTinyGANs runs TinyGAN with DefaultTinyGAN on GANData for each of GANKinds, in
// that order. progress, if not nil, is called at every snapshot of every run.
func TrainTinyGANs(progress func(kind loss.GAN, s GANSnapshot)) ([]*GANRun, error) {
	runs := make([]*GANRun, len(GANKinds))
	for i, k := range GANKinds {
		var p func(GANSnapshot)
		if progress != nil {
			p = func(s GANSnapshot) { progress(k, s) }
		}
		r, err := TinyGAN(GANData, k, DefaultTinyGAN, p)
		if err != nil {
			return nil, err
		}
		runs[i] = r
	}
	return runs, nil
}

// MovingTargetChart shows one run step by step: a slider over its snapshots moves the
// generator's histogram and the discriminator's output, over the data's density.
func MovingTargetChart(run *GANRun, m GANMixture) (*chart.Chart, error) {
	if run == nil || len(run.Snapshots) == 0 {
		return nil, fmt.Errorf("adversarial.MovingTargetChart: run is nil or has no snapshots")
	}
	if err := m.check("MovingTargetChart"); err != nil {
		return nil, err
	}
	steps := make([]float64, len(run.Snapshots))
	for i, s := range run.Snapshots {
		steps[i] = float64(s.Step)
	}
	centres := make([]float64, len(GANBins)-1)
	for i := range centres {
		centres[i] = (GANBins[i] + GANBins[i+1]) / 2
	}
	pd := make([]float64, len(GANGrid))
	for i, x := range GANGrid {
		pd[i] = m.Density(x, 0)
	}
	sigmoidOut := run.Kind == loss.MinimaxGAN || run.Kind == loss.NonSaturatingGAN
	dName := "discriminator D(x)"
	if !sigmoidOut {
		dName = "discriminator output (raw)"
	}
	c := chart.NewLines(fmt.Sprintf("A tiny GAN, %s loss: generator and discriminator, step by step", GANLabel(run.Kind)))
	c.XLabel, c.YLabel = "x", "density; D(x)"
	c.XMin, c.XMax, c.YMin, c.YMax = -5, 5, 0, 1.5
	if !sigmoidOut {
		c.YMin = -1.5
	}
	d := c.Add("data density", GANGrid, pd)
	d.Area, d.Color = true, chart.Palette[2]
	sl := chart.NewSlider("step", steps)
	sl.Format, sl.Init = "%.0f", len(steps)/2
	c.AddFrames(sl, func(k int) []*chart.Series {
		s := run.Snapshots[k]
		h := chart.Line("generator (histogram)", centres, num.Clip(s.Hist, 0, 1.5))
		h.Color, h.Width = chart.Palette[0], 2.5
		dl := chart.Line(dName, GANGrid, num.Clip(s.D, c.YMin, c.YMax))
		dl.Color, dl.Dash = "#222222", true
		return []*chart.Series{h, dl}
	})
	return c, nil
}

// W1Chart draws each run's Wasserstein-1 distance to the data against the step.
func W1Chart(runs []*GANRun) (*chart.Chart, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("adversarial.W1Chart: runs is empty")
	}
	c := chart.NewLines("Distance from the generator to the data (Wasserstein-1) during training")
	c.XLabel, c.YLabel = "step", "W₁(generator, data)"
	c.YMin = 0
	c.YMax = 2.5
	for i, r := range runs {
		if r == nil || len(r.Snapshots) == 0 {
			return nil, fmt.Errorf("adversarial.W1Chart: runs[%d] is nil or has no snapshots", i)
		}
		xs, ys := make([]float64, len(r.Snapshots)), make([]float64, len(r.Snapshots))
		for j, s := range r.Snapshots {
			xs[j], ys[j] = float64(s.Step), math.Min(s.W1, 2.5)
		}
		c.Add(GANLabel(r.Kind), xs, ys)
	}
	return c, nil
}

// NonSaturatingGenerator is the non-saturating generator loss of one fake sample as a
// function of the discriminator's logit s on it, −log σ(s) = log(1 + e^−s), with its
// slope: the reference of exercise 1 (both from loss.GANGeneratorGrad).
type NonSaturatingGenerator struct{}

// Value returns −log σ(s).
func (NonSaturatingGenerator) Value(s float64) float64 {
	v, err := loss.GANGenerator([]float64{s}, loss.GANOptions{Kind: loss.NonSaturatingGAN})
	if err != nil {
		return math.NaN()
	}
	return v
}

// Deriv returns −σ(−s).
func (NonSaturatingGenerator) Deriv(s float64) float64 {
	d := []float64{0}
	if _, _, err := loss.GANGeneratorGrad(d, []float64{s}, loss.GANOptions{Kind: loss.NonSaturatingGAN}); err != nil {
		return math.NaN()
	}
	return d[0]
}

// OptimalDiscriminator returns D*(x) = p_data(x)/(p_data(x) + p_g(x)), the best
// discriminator against a generator whose density is the mixture m shifted by shift
// (Goodfellow et al. 2014, Proposition 1); ½ where both densities underflow to 0.
func OptimalDiscriminator(m GANMixture, shift, x float64) (float64, error) {
	if err := m.check("OptimalDiscriminator"); err != nil {
		return 0, err
	}
	if math.IsNaN(shift) || math.IsInf(shift, 0) {
		return 0, fmt.Errorf("adversarial.OptimalDiscriminator: shift = %v, want a finite number", shift)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("adversarial.OptimalDiscriminator: x = %v, want a finite number", x)
	}
	pd, pg := m.Density(x, 0), m.Density(x, shift)
	if pd+pg == 0 {
		return 0.5, nil
	}
	return pd / (pd + pg), nil
}

// --- steadier gradients? ----------------------------------------------------------

// GANStudySeeds are the seeds of notebook 05's gradient study; 5 is the notebook's run.
var GANStudySeeds = []uint64{5, 6, 7, 8, 9}

// GANGradWindow is the number of steps averaged into one point of GANGradientChart.
const GANGradWindow = 50

// GANGradStats is one loss of GANGradientStudy, over its seeds.
type GANGradStats struct {
	Kind  loss.GAN
	Seeds []uint64
	// Per seed: the mean of the generator's gradient norm over all steps, its
	// coefficient of variation (standard deviation / mean) over the steps, and the
	// final Wasserstein-1 distance to the data.
	// FinalLeft is the share of the final generated samples below 0 (½ for the data).
	MeanNorm, CV, FinalW1, FinalLeft []float64
	// Curve is the mean over the seeds of the gradient norm averaged over windows of
	// GANGradWindow steps; CurveSteps are the windows' last steps.
	Curve, CurveSteps []float64
}

// GANGradientStudy trains TinyGAN on m with each loss in kinds and each seed in seeds
// (cfg otherwise unchanged), on up to two goroutines (each run has its own random
// stream, so the result does not depend on the scheduling), and summarises the
// generator's gradient norms: are they steadier under some losses than others?
func GANGradientStudy(m GANMixture, kinds []loss.GAN, seeds []uint64, cfg TinyGANConfig) ([]GANGradStats, error) {
	if len(kinds) == 0 || len(seeds) == 0 {
		return nil, fmt.Errorf("adversarial.GANGradientStudy: %d kinds and %d seeds, want at least one of each", len(kinds), len(seeds))
	}
	runs := make([][]*GANRun, len(kinds))
	errs := make([][]error, len(kinds))
	for k := range kinds {
		runs[k], errs[k] = make([]*GANRun, len(seeds)), make([]error, len(seeds))
	}
	par.Do(len(kinds)*len(seeds), func(i int) {
		k, j := i/len(seeds), i%len(seeds)
		c := cfg
		c.Seed = seeds[j]
		runs[k][j], errs[k][j] = TinyGAN(m, kinds[k], c, nil)
	})
	out := make([]GANGradStats, len(kinds))
	for k, kind := range kinds {
		st := GANGradStats{Kind: kind, Seeds: seeds}
		for s := range seeds {
			if err := errs[k][s]; err != nil {
				return nil, fmt.Errorf("adversarial.GANGradientStudy: seed %d: %w", seeds[s], err)
			}
			r := runs[k][s]
			g := r.GenGradNorms
			var mean, v float64
			for _, x := range g {
				mean += x / float64(len(g))
			}
			for _, x := range g {
				v += (x - mean) * (x - mean) / float64(len(g))
			}
			st.MeanNorm = append(st.MeanNorm, mean)
			st.CV = append(st.CV, math.Sqrt(v)/mean)
			last := r.Snapshots[len(r.Snapshots)-1]
			st.FinalW1, st.FinalLeft = append(st.FinalW1, last.W1), append(st.FinalLeft, last.Left)
			nw := len(g) / GANGradWindow
			if st.Curve == nil {
				st.Curve, st.CurveSteps = make([]float64, nw), make([]float64, nw)
				for w := range nw {
					st.CurveSteps[w] = float64((w + 1) * GANGradWindow)
				}
			}
			for w := range nw {
				var a float64
				for _, x := range g[w*GANGradWindow : (w+1)*GANGradWindow] {
					a += x / GANGradWindow
				}
				st.Curve[w] += a / float64(len(seeds))
			}
		}
		out[k] = st
	}
	return out, nil
}

// GANGradientChart is a toggle of two views of GANGradientStudy: the generator's
// gradient norm during training (log₁₀ of the window means, averaged over the seeds),
// and the coefficient of variation of the norm over training, one bar per seed.
func GANGradientChart(st []GANGradStats) (*chart.Toggle, error) {
	if len(st) == 0 {
		return nil, fmt.Errorf("adversarial.GANGradientChart: no statistics")
	}
	c := chart.NewLines(fmt.Sprintf("Generator gradient norm during training (mean of %d seeds, %d-step windows)", len(st[0].Seeds), GANGradWindow))
	c.XLabel, c.YLabel = "step", "log₁₀ ‖∂L_G/∂θ_G‖"
	names := make([]string, len(st))
	for i, s := range st {
		if len(s.Curve) == 0 || len(s.CV) != len(s.Seeds) {
			return nil, fmt.Errorf("adversarial.GANGradientChart: st[%d] is empty or incomplete", i)
		}
		ys := make([]float64, len(s.Curve))
		for j, v := range s.Curve {
			ys[j] = math.Log10(v)
		}
		c.Add(GANLabel(s.Kind), s.CurveSteps, ys)
		names[i] = GANLabel(s.Kind)
	}
	b := chart.NewBars("How unsteady is the generator's gradient? Its coefficient of variation over training", names...)
	b.YLabel, b.YMin = "std / mean of ‖∂L_G/∂θ_G‖ over the steps", 0
	b.Width = 820 // room for all five loss names under their bars
	for j, seed := range st[0].Seeds {
		ys := make([]float64, len(st))
		for i, s := range st {
			ys[i] = s.CV[j]
		}
		b.AddSeries(&chart.Series{Name: fmt.Sprintf("seed %d", seed), Kind: chart.KindBar, Y: ys})
	}
	t := chart.NewToggle()
	t.Add("norm during training", c)
	t.Add("variation, per seed", b)
	return t, nil
}
