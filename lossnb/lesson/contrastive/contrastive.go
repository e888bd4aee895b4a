package contrastive

// Notebook 06: contrastive and auxiliary losses.
//
// Sources: van den Oord, Li & Vinyals, "Representation learning with contrastive
// predictive coding", arXiv:1807.03748 (2018) (InfoNCE, I ≥ log N − L); Khosla et al.,
// "Supervised contrastive learning", NeurIPS 2020; Schroff, Kalenichenko & Philbin,
// "FaceNet", CVPR 2015 (the triplet loss); Wang & Isola, "Understanding contrastive
// representation learning through alignment and uniformity on the hypersphere", ICML
// 2020; Jing, Vincent, LeCun & Tian, "Understanding dimensional collapse in contrastive
// self-supervised learning", ICLR 2022. The losses are lossnb/loss's.

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/internal/enum"
	"github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/internal/par"
	"github.com/lossnb/lossnb/lossnb/loss"
	"github.com/lossnb/lossnb/lossnb/optim"
)

// GaussianMI returns the mutual information, in nats, of a bivariate normal pair with
// correlation rho: −½ log(1 − ρ²).
func GaussianMI(rho float64) (float64, error) {
	if !(rho > -1 && rho < 1) {
		return 0, fmt.Errorf("contrastive.GaussianMI: rho = %v, want a correlation in (−1, 1)", rho)
	}
	return -0.5 * math.Log1p(-rho*rho), nil
}

// InfoNCEBound estimates the InfoNCE bound log N − L on a correlated normal pair (X, Y)
// with correlation rho: it draws batches of N pairs and scores every x against every y
// with the optimal critic log p(y|x)/p(y) divided by the temperature tau, written as a
// dot product q·k with q = (x, 1) and k = (ρy, −ρ²y²/2)/(1 − ρ²) (the terms in x alone
// drop out of the softmax), so that loss.InfoNCE computes L. It returns the mean of
// log N − L over batches batches. At tau = 1 the critic is optimal; tau → ∞ gives
// constant scores, L = log N and a bound of 0. Deterministic for a given seed.
func InfoNCEBound(rho, tau float64, n, batches int, seed uint64) (float64, error) {
	if _, err := GaussianMI(rho); err != nil {
		return 0, fmt.Errorf("contrastive.InfoNCEBound: rho = %v, want a correlation in (−1, 1)", rho)
	}
	if !(tau > 0) || math.IsInf(tau, 1) {
		return 0, fmt.Errorf("contrastive.InfoNCEBound: tau = %v, want a finite temperature > 0", tau)
	}
	if n < 2 || n > 4096 {
		return 0, fmt.Errorf("contrastive.InfoNCEBound: n = %d, want a batch size in 2 … 4096", n)
	}
	if batches < 1 || batches > 10000 {
		return 0, fmt.Errorf("contrastive.InfoNCEBound: batches = %d, want 1 … 10000", batches)
	}
	r := rand.New(rand.NewPCG(seed, 0x06))
	q, k := make([]float64, 2*n), make([]float64, 2*n)
	c := math.Sqrt(1 - rho*rho)
	var sum float64
	for b := 0; b < batches; b++ {
		for i := 0; i < n; i++ {
			x := r.NormFloat64()
			y := rho*x + c*r.NormFloat64()
			q[2*i], q[2*i+1] = x, 1
			k[2*i], k[2*i+1] = rho*y/(1-rho*rho), -rho*rho*y*y/(2*(1-rho*rho))
		}
		l, err := loss.InfoNCE(q, k, 2, tau, loss.Options{})
		if err != nil {
			return 0, fmt.Errorf("contrastive.InfoNCEBound: %w", err)
		}
		sum += math.Log(float64(n)) - l
	}
	return sum / float64(batches), nil
}

// InfoNCETaus are the values of the temperature slider of InfoNCEBoundChart.
var InfoNCETaus = []float64{0.25, 0.5, 1, 2, 4, 10, 100}

// InfoNCEBatchSizes are the batch sizes of InfoNCEBoundChart.
var InfoNCEBatchSizes = []float64{2, 4, 8, 16, 32, 64, 128, 256, 512}

// InfoNCERho is the correlation of the pair of notebook 06.
const InfoNCERho = 0.9

// InfoNCEBoundChart draws the bound log N − L against log₂ N for the pair with
// correlation InfoNCERho, with a slider over InfoNCETaus (starting at 1), beside the
// true mutual information and the ceiling log N. Each point averages 16384/N batches
// (at least 16).
func InfoNCEBoundChart() (*chart.Chart, error) {
	mi, err := GaussianMI(InfoNCERho)
	if err != nil {
		return nil, fmt.Errorf("contrastive.InfoNCEBoundChart: %w", err)
	}
	lg := make([]float64, len(InfoNCEBatchSizes))
	logN := make([]float64, len(InfoNCEBatchSizes))
	for i, n := range InfoNCEBatchSizes {
		lg[i], logN[i] = math.Log2(n), math.Log(n)
	}
	frames := make([][]float64, len(InfoNCETaus))
	for t, tau := range InfoNCETaus {
		frames[t] = make([]float64, len(InfoNCEBatchSizes))
		for i, n := range InfoNCEBatchSizes {
			v, err := InfoNCEBound(InfoNCERho, tau, int(n), max(16, 16384/int(n)), 6)
			if err != nil {
				return nil, fmt.Errorf("contrastive.InfoNCEBoundChart: %w", err)
			}
			frames[t][i] = v
		}
	}
	c := chart.NewLines(fmt.Sprintf("InfoNCE's bound log N − L on a normal pair with ρ = %g", InfoNCERho))
	c.XLabel, c.YLabel = "log₂ N (batch size N)", "nats"
	c.XMin, c.XMax, c.YMin, c.YMax = 1, 9, -0.5, 1.5
	mis := make([]float64, len(lg))
	for i := range mis {
		mis[i] = mi
		if logN[i] > 1.5 {
			logN[i] = math.NaN() // off the chart: a gap, not a false value
		}
	}
	m := c.Add("true mutual information", lg, mis)
	m.Color, m.Dash = "#222222", true
	ln := c.Add("log N (the ceiling)", lg, logN)
	ln.Color, ln.Gaps = "#999999", true
	sl := chart.NewSlider("τ", InfoNCETaus)
	sl.Init = 2
	c.AddFrames(sl, func(t int) []*chart.Series {
		s := chart.Line("log N − L", lg, num.Clip(frames[t], -0.5, 1.5))
		s.Color, s.Width = chart.Palette[1], 3
		return []*chart.Series{s}
	})
	return c, nil
}

// --- a small embedding on the circle ------------------------------------------

// encoder is a linear map followed by L2 normalisation: u = xW/‖xW‖.
type encoder struct {
	din, dout int
	w         []float64 // din × dout, row-major
}

func (e *encoder) embed(x []float64, n int) (u, norms []float64) {
	u, norms = make([]float64, n*e.dout), make([]float64, n)
	for i := 0; i < n; i++ {
		row := u[i*e.dout : (i+1)*e.dout]
		for a := 0; a < e.din; a++ {
			xa := x[i*e.din+a]
			for b := 0; b < e.dout; b++ {
				row[b] += xa * e.w[a*e.dout+b]
			}
		}
		var s float64
		for _, v := range row {
			s += v * v
		}
		s = math.Sqrt(s) + 1e-12
		norms[i] = s
		for b := range row {
			row[b] /= s
		}
	}
	return u, norms
}

// grad returns ∂/∂W given ∂/∂u.
func (e *encoder) grad(x, u, norms, du []float64, n int) []float64 {
	g := make([]float64, len(e.w))
	de := make([]float64, e.dout)
	for i := 0; i < n; i++ {
		ui, dui := u[i*e.dout:(i+1)*e.dout], du[i*e.dout:(i+1)*e.dout]
		var dot float64
		for b := range ui {
			dot += ui[b] * dui[b]
		}
		for b := range de {
			de[b] = (dui[b] - dot*ui[b]) / norms[i]
		}
		for a := 0; a < e.din; a++ {
			xa := x[i*e.din+a]
			for b := range de {
				g[a*e.dout+b] += xa * de[b]
			}
		}
	}
	return g
}

// EmbeddingData is the labelled data of notebook 06's small embedding: Classes classes
// of PerClass points each in Dim dimensions, each class a normal cloud (standard
// deviation 0.5) around its own centre, 2 along its own axis (class c at 2·e_c).
type EmbeddingData struct {
	X      []float64 // row-major, Dim columns
	Labels []int
	Dim    int
}

// NewEmbeddingData draws EmbeddingData deterministically from seed.
func NewEmbeddingData(classes, perClass, dim int, seed uint64) (*EmbeddingData, error) {
	switch {
	case classes < 2 || classes > 20:
		return nil, fmt.Errorf("contrastive.NewEmbeddingData: classes = %d, want 2 … 20", classes)
	case dim < classes || dim > 64:
		return nil, fmt.Errorf("contrastive.NewEmbeddingData: dim = %d, want %d (the number of classes) … 64", dim, classes)
	case perClass < 2 || perClass > 1000:
		return nil, fmt.Errorf("contrastive.NewEmbeddingData: perClass = %d, want 2 … 1000", perClass)
	}
	r := rand.New(rand.NewPCG(seed, 0x0e))
	d := &EmbeddingData{Dim: dim}
	centres := make([]float64, classes*dim)
	for c := 0; c < classes; c++ {
		centres[c*dim+c] = 2
	}
	for c := 0; c < classes; c++ {
		for p := 0; p < perClass; p++ {
			for j := 0; j < dim; j++ {
				d.X = append(d.X, centres[c*dim+j]+0.5*r.NormFloat64())
			}
			d.Labels = append(d.Labels, c)
		}
	}
	return d, nil
}

// EmbeddingLoss selects the loss TrainEmbedding minimises.
type EmbeddingLoss int

const (
	// SupConLoss is loss.SupCon with temperature 0.1 on the whole set.
	SupConLoss EmbeddingLoss = iota
	// TripletLoss is loss.TripletMargin with margin 0.5, one random positive and one
	// random negative per anchor, drawn afresh at every step.
	TripletLoss
)

func (l EmbeddingLoss) String() string {
	switch l {
	case SupConLoss:
		return "SupCon"
	case TripletLoss:
		return "triplet"
	}
	return fmt.Sprintf("EmbeddingLoss(%d)", int(l))
}

// EmbeddingRun is the result of TrainEmbedding.
type EmbeddingRun struct {
	Loss       EmbeddingLoss
	Start, End []float64 // embeddings on the unit circle (row-major, 2 columns)
	Losses     []float64 // the loss at every step
	// Alignment (α = 2, over all same-class pairs) and Uniformity (t = 2) of the
	// start and end embeddings (Wang & Isola 2020).
	AlignStart, AlignEnd, UniformStart, UniformEnd float64
}

// TrainEmbedding trains a linear map from d's points to the unit circle (a 2-D linear
// map followed by normalisation) with the loss kind, by full-batch gradient descent
// with the given number of steps and learning rate, from a random start drawn with
// seed. progress, if not nil, is called every 50 steps and at the end with the step and
// the loss.
func TrainEmbedding(d *EmbeddingData, kind EmbeddingLoss, steps int, lr float64, seed uint64, progress func(step int, l float64)) (*EmbeddingRun, error) {
	if d == nil || len(d.Labels) < 2 || len(d.X) != len(d.Labels)*d.Dim {
		return nil, fmt.Errorf("contrastive.TrainEmbedding: data is nil or malformed")
	}
	if kind != SupConLoss && kind != TripletLoss {
		return nil, fmt.Errorf("contrastive.TrainEmbedding: kind = %v, want SupConLoss or TripletLoss", kind)
	}
	if steps < 1 || steps > 100000 {
		return nil, fmt.Errorf("contrastive.TrainEmbedding: steps = %d, want 1 … 100000", steps)
	}
	if !(lr > 0 && lr <= 100) {
		return nil, fmt.Errorf("contrastive.TrainEmbedding: lr = %v, want a number in (0, 100]", lr)
	}
	n := len(d.Labels)
	r := rand.New(rand.NewPCG(seed, 0x06e))
	enc := &encoder{din: d.Dim, dout: 2, w: make([]float64, d.Dim*2)}
	for i := range enc.w {
		enc.w[i] = r.NormFloat64()
	}
	run := &EmbeddingRun{Loss: kind}
	byClass := map[int][]int{}
	for i, c := range d.Labels {
		byClass[c] = append(byClass[c], i)
	}
	a, p, ng := make([]float64, 2*n), make([]float64, 2*n), make([]float64, 2*n)
	da, dp, dn := make([]float64, 2*n), make([]float64, 2*n), make([]float64, 2*n)
	pi, ni := make([]int, n), make([]int, n)
	for step := 0; step <= steps; step++ {
		u, norms := enc.embed(d.X, n)
		if step == 0 {
			run.Start = u
		}
		du := make([]float64, 2*n)
		var l float64
		var err error
		switch kind {
		case SupConLoss:
			_, l, err = loss.SupConGrad(du, u, 2, d.Labels, 0.1, loss.Options{})
		case TripletLoss:
			for i := 0; i < n; i++ {
				same := byClass[d.Labels[i]]
				for pi[i] = i; pi[i] == i; {
					pi[i] = same[r.IntN(len(same))]
				}
				for ni[i] = i; d.Labels[ni[i]] == d.Labels[i]; {
					ni[i] = r.IntN(n)
				}
				copy(a[2*i:2*i+2], u[2*i:2*i+2])
				copy(p[2*i:2*i+2], u[2*pi[i]:2*pi[i]+2])
				copy(ng[2*i:2*i+2], u[2*ni[i]:2*ni[i]+2])
			}
			_, _, _, l, err = loss.TripletMarginGrad(da, dp, dn, a, p, ng, 2, 0.5, loss.Options{})
			for i := 0; i < n && err == nil; i++ {
				for b := 0; b < 2; b++ {
					du[2*i+b] += da[2*i+b]
					du[2*pi[i]+b] += dp[2*i+b]
					du[2*ni[i]+b] += dn[2*i+b]
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("contrastive.TrainEmbedding: step %d: %w", step, err)
		}
		run.Losses = append(run.Losses, l)
		if progress != nil && (step%50 == 0 || step == steps) {
			progress(step, l)
		}
		if step == steps {
			run.End = u
			break
		}
		g := enc.grad(d.X, u, norms, du, n)
		optim.SGD(enc.w, lr, g)
	}
	var err error
	if run.AlignStart, err = classAlignment(run.Start, d.Labels); err != nil {
		return nil, err
	}
	if run.AlignEnd, err = classAlignment(run.End, d.Labels); err != nil {
		return nil, err
	}
	if run.UniformStart, err = loss.Uniformity(run.Start, 2, 2, loss.Options{}); err != nil {
		return nil, fmt.Errorf("contrastive.TrainEmbedding: %w", err)
	}
	if run.UniformEnd, err = loss.Uniformity(run.End, 2, 2, loss.Options{}); err != nil {
		return nil, fmt.Errorf("contrastive.TrainEmbedding: %w", err)
	}
	return run, nil
}

// classAlignment is loss.Alignment (α = 2) over every pair of distinct same-class points.
func classAlignment(u []float64, labels []int) (float64, error) {
	var x, y []float64
	for i := range labels {
		for j := i + 1; j < len(labels); j++ {
			if labels[i] == labels[j] {
				x = append(x, u[2*i:2*i+2]...)
				y = append(y, u[2*j:2*j+2]...)
			}
		}
	}
	v, err := loss.Alignment(x, y, 2, 2, loss.Options{})
	if err != nil {
		return 0, fmt.Errorf("contrastive.classAlignment: %w", err)
	}
	return v, nil
}

// EmbeddingChart shows runs' embeddings on the unit circle, one toggle view for the
// start (of the first run) and one per run, coloured by class.
func EmbeddingChart(runs []*EmbeddingRun, labels []int) (*chart.Toggle, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("contrastive.EmbeddingChart: runs is empty")
	}
	view := func(title string, u []float64) (*chart.Chart, error) {
		if len(u) != 2*len(labels) {
			return nil, fmt.Errorf("contrastive.EmbeddingChart: %d coordinates for %d labels", len(u), len(labels))
		}
		c := chart.NewScatter(title)
		c.XLabel, c.YLabel = "u₁", "u₂"
		c.XMin, c.XMax, c.YMin, c.YMax = -1.2, 1.2, -1.2, 1.2
		c.Width, c.Height = 480, 440
		th := num.Span(0, 2*math.Pi, 121)
		cx, cy := make([]float64, len(th)), make([]float64, len(th))
		for i, t := range th {
			cx[i], cy[i] = math.Cos(t), math.Sin(t)
		}
		circ := chart.Line("unit circle", cx, cy)
		circ.Color, circ.Width = "#cccccc", 1
		c.AddSeries(circ)
		nc := 0
		for _, l := range labels {
			nc = max(nc, l+1)
		}
		for k := 0; k < nc; k++ {
			var xs, ys []float64
			for i, l := range labels {
				if l == k {
					xs, ys = append(xs, u[2*i]), append(ys, u[2*i+1])
				}
			}
			c.Add(fmt.Sprintf("class %d", k+1), xs, ys)
		}
		return c, nil
	}
	t := chart.NewToggle()
	c, err := view("Before training: a random linear map onto the circle", runs[0].Start)
	if err != nil {
		return nil, err
	}
	t.Add("before", c)
	for i, r := range runs {
		if r == nil {
			return nil, fmt.Errorf("contrastive.EmbeddingChart: runs[%d] is nil", i)
		}
		c, err := view(fmt.Sprintf("After training with the %v loss", r.Loss), r.End)
		if err != nil {
			return nil, err
		}
		t.Add(r.Loss.String(), c)
	}
	return t, nil
}

// --- dimensional collapse --------------------------------------------------------

// CollapseRun is the result of CollapseDemo and CollapseTrain.
type CollapseRun struct {
	Name string
	// Spectrum are the singular values of the centred embeddings, largest first,
	// divided by the largest.
	Spectrum []float64
	Losses   []float64
	// Uniformity (t = 2) and Alignment (α = 2, between the two noisy views) of the final
	// embeddings (Wang & Isola 2020); EffRank is the effective rank of Spectrum.
	Uniformity, Alignment, EffRank float64
}

// CollapseObjective selects the loss CollapseTrain minimises.
type CollapseObjective int

const (
	// InfoNCEObjective is loss.InfoNCE between the two views at the given temperature.
	InfoNCEObjective CollapseObjective = iota
	// AlignOnlyObjective is loss.Alignment (α = 2) between the two views and nothing
	// else: "make the two views agree", with no negatives.
	AlignOnlyObjective
	// AlignUniformObjective is loss.Alignment (α = 2) plus loss.Uniformity (t = 2) of each
	// view, Wang & Isola's (2020) objective.
	AlignUniformObjective
)

func (o CollapseObjective) String() string {
	return enum.Name(collapseNames, 0, "CollapseObjective", int(o))
}

var collapseNames = []string{"InfoNCE", "alignment only", "alignment + uniformity"}

// CollapseDemo trains a linear encoder from R⁸ to the unit sphere in R⁸ with InfoNCE
// (τ = 0.2) on two augmented views of each point, x + ε₁ and x + ε₂, with x ~ N(0, I)
// and ε ~ N(0, diag(noise²)), by full-batch gradient descent (256 points, the given
// steps, learning rate 0.5), and returns the singular-value spectrum of the embeddings
// of the clean points. Directions whose augmentation noise swamps the signal carry no
// information shared by the two views; the encoder learns to ignore them and the
// spectrum collapses there (Jing et al. 2022). progress, if not nil, is called every
// 100 steps and at the end.
func CollapseDemo(name string, noise []float64, steps int, seed uint64, progress func(step int, l float64)) (*CollapseRun, error) {
	r, err := CollapseTrain(name, InfoNCEObjective, 0.2, noise, steps, seed, progress)
	if err != nil {
		return nil, fmt.Errorf("contrastive.CollapseDemo: %w", err)
	}
	return r, nil
}

// CollapseTrain is CollapseDemo with the objective obj and, for InfoNCE, the
// temperature tau (ignored by the other objectives).
func CollapseTrain(name string, obj CollapseObjective, tau float64, noise []float64, steps int, seed uint64, progress func(step int, l float64)) (*CollapseRun, error) {
	const dim, n, lr = 8, 256, 0.5
	if len(noise) != dim {
		return nil, fmt.Errorf("contrastive.CollapseTrain: len(noise) = %d, want %d", len(noise), dim)
	}
	for i, s := range noise {
		if !(s >= 0) || math.IsInf(s, 1) {
			return nil, fmt.Errorf("contrastive.CollapseTrain: noise[%d] = %v, want a finite standard deviation ≥ 0", i, s)
		}
	}
	if steps < 1 || steps > 20000 {
		return nil, fmt.Errorf("contrastive.CollapseTrain: steps = %d, want 1 … 20000", steps)
	}
	if obj != InfoNCEObjective && obj != AlignOnlyObjective && obj != AlignUniformObjective {
		return nil, fmt.Errorf("contrastive.CollapseTrain: obj = %v, want InfoNCEObjective, AlignOnlyObjective or AlignUniformObjective", obj)
	}
	if obj == InfoNCEObjective && (!(tau > 0) || math.IsInf(tau, 1)) {
		return nil, fmt.Errorf("contrastive.CollapseTrain: tau = %v, want a finite temperature > 0", tau)
	}
	r := rand.New(rand.NewPCG(seed, 0xc011))
	x := make([]float64, n*dim)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	enc := &encoder{din: dim, dout: dim, w: make([]float64, dim*dim)}
	for i := range enc.w {
		enc.w[i] = r.NormFloat64() / math.Sqrt(dim)
	}
	run := &CollapseRun{Name: name}
	v1, v2 := make([]float64, n*dim), make([]float64, n*dim)
	dq, dk := make([]float64, n*dim), make([]float64, n*dim)
	du := make([]float64, n*dim)
	var q, k []float64
	for step := 0; step <= steps; step++ {
		for i := range x {
			s := noise[i%dim]
			v1[i] = x[i] + s*r.NormFloat64()
			v2[i] = x[i] + s*r.NormFloat64()
		}
		var nq, nk []float64
		q, nq = enc.embed(v1, n)
		k, nk = enc.embed(v2, n)
		var l float64
		var err error
		switch obj {
		case InfoNCEObjective:
			_, _, l, err = loss.InfoNCEGrad(dq, dk, q, k, dim, tau, loss.Options{})
		case AlignOnlyObjective:
			_, _, l, err = loss.AlignmentGrad(dq, dk, q, k, dim, 2, loss.Options{})
		case AlignUniformObjective:
			_, _, l, err = loss.AlignmentGrad(dq, dk, q, k, dim, 2, loss.Options{})
			for _, p := range []struct{ u, d []float64 }{{q, dq}, {k, dk}} {
				if err != nil {
					break
				}
				var lu float64
				_, lu, err = loss.UniformityGrad(du, p.u, dim, 2, loss.Options{})
				l += lu / 2
				for i := range du {
					p.d[i] += du[i] / 2
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("contrastive.CollapseTrain: step %d: %w", step, err)
		}
		run.Losses = append(run.Losses, l)
		if progress != nil && (step%100 == 0 || step == steps) {
			progress(step, l)
		}
		if step == steps {
			break
		}
		g1 := enc.grad(v1, q, nq, dq, n)
		g2 := enc.grad(v2, k, nk, dk, n)
		floats.Add(g1, g2) // g1 + g2, elementwise, before the step
		optim.SGD(enc.w, lr, g1)
	}
	u, _ := enc.embed(x, n)
	sv, err := Spectrum(u, n, dim)
	if err != nil {
		return nil, fmt.Errorf("contrastive.CollapseTrain: %w", err)
	}
	run.Spectrum = sv
	run.EffRank = EffectiveRank(sv)
	if run.Uniformity, err = loss.Uniformity(u, dim, 2, loss.Options{}); err != nil {
		return nil, fmt.Errorf("contrastive.CollapseTrain: %w", err)
	}
	if run.Alignment, err = loss.Alignment(q, k, dim, 2, loss.Options{}); err != nil {
		return nil, fmt.Errorf("contrastive.CollapseTrain: %w", err)
	}
	return run, nil
}

// EffectiveRank returns exp(−Σ pᵢ log pᵢ) with pᵢ = σᵢ/Σσ, the effective rank of Roy &
// Vetterli (2007): d for d equal singular values, 1 when one dominates. 0 for an empty
// or all-zero spectrum.
func EffectiveRank(sv []float64) float64 {
	var tot float64
	for _, s := range sv {
		tot += math.Abs(s)
	}
	if tot == 0 {
		return 0
	}
	var h float64
	for _, s := range sv {
		if p := math.Abs(s) / tot; p > 0 {
			h -= p * math.Log(p)
		}
	}
	return math.Exp(h)
}

// Spectrum returns the singular values of the n × dim matrix emb (row-major) after
// centring its columns, largest first, divided by the largest (gonum's mat.SVD).
func Spectrum(emb []float64, n, dim int) ([]float64, error) {
	if n < 2 || dim < 1 || len(emb) != n*dim {
		return nil, fmt.Errorf("contrastive.Spectrum: len(emb) = %d for n = %d, dim = %d, want n ≥ 2, dim ≥ 1 and n·dim values", len(emb), n, dim)
	}
	c := make([]float64, len(emb))
	copy(c, emb)
	for j := 0; j < dim; j++ {
		var m float64
		for i := 0; i < n; i++ {
			m += c[i*dim+j]
		}
		m /= float64(n)
		for i := 0; i < n; i++ {
			c[i*dim+j] -= m
		}
	}
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(n, dim, c), mat.SVDNone) {
		return nil, fmt.Errorf("contrastive.Spectrum: the SVD did not converge")
	}
	sv := svd.Values(nil)
	if !(sv[0] > 0) {
		return nil, fmt.Errorf("contrastive.Spectrum: the embeddings are all equal (largest singular value %v)", sv[0])
	}
	top := sv[0]
	for i := range sv {
		sv[i] /= top
	}
	return sv, nil
}

// CollapseNames and CollapseNoises are the two augmentations of notebook 06: weak
// noise (0.3) in every direction, and strong noise (3) in the last four directions.
var (
	CollapseNames  = []string{"weak noise everywhere", "strong noise in 4 directions"}
	CollapseNoises = [][]float64{
		{0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3},
		{0.3, 0.3, 0.3, 0.3, 3, 3, 3, 3},
	}
)

// CollapseRuns runs CollapseDemo for CollapseNoises, 300 steps each, seed 6. progress,
// if not nil, is called as CollapseDemo's with the run's name.
func CollapseRuns(progress func(name string, step int, l float64)) ([]*CollapseRun, error) {
	runs := make([]*CollapseRun, len(CollapseNames))
	for i, name := range CollapseNames {
		var p func(int, float64)
		if progress != nil {
			p = func(step int, l float64) { progress(name, step, l) }
		}
		r, err := CollapseDemo(name, CollapseNoises[i], 300, 6, p)
		if err != nil {
			return nil, err
		}
		runs[i] = r
	}
	return runs, nil
}

// EmbeddingRuns trains the small embedding of notebook 06: NewEmbeddingData(3, 30, 4,
// 6), then TrainEmbedding with SupConLoss and with TripletLoss, 300 steps of learning
// rate 0.5 each, seed 6. progress, if not nil, is called as TrainEmbedding's with the
// loss.
func EmbeddingRuns(progress func(kind EmbeddingLoss, step int, l float64)) (*EmbeddingData, []*EmbeddingRun, error) {
	d, err := NewEmbeddingData(3, 30, 4, 6)
	if err != nil {
		return nil, nil, err
	}
	var runs []*EmbeddingRun
	for _, k := range []EmbeddingLoss{SupConLoss, TripletLoss} {
		var p func(int, float64)
		if progress != nil {
			p = func(step int, l float64) { progress(k, step, l) }
		}
		r, err := TrainEmbedding(d, k, 300, 0.5, 6, p)
		if err != nil {
			return nil, nil, err
		}
		runs = append(runs, r)
	}
	return d, runs, nil
}

// SpectrumChart draws the runs' spectra as log₁₀ of the normalised singular values.
func SpectrumChart(runs []*CollapseRun) (*chart.Chart, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("contrastive.SpectrumChart: runs is empty")
	}
	c := chart.NewLines("Singular values of the learned embeddings (largest = 1)")
	c.XLabel, c.YLabel = "index", "log₁₀ singular value"
	c.YMin, c.YMax = -3, 0.2
	for i, r := range runs {
		if r == nil || len(r.Spectrum) == 0 {
			return nil, fmt.Errorf("contrastive.SpectrumChart: runs[%d] is nil or empty", i)
		}
		xs, ys := make([]float64, len(r.Spectrum)), make([]float64, len(r.Spectrum))
		for j, s := range r.Spectrum {
			xs[j], ys[j] = float64(j+1), math.Max(-3, math.Log10(s))
		}
		c.Add(r.Name, xs, ys)
	}
	return c, nil
}

// --- collapse caused by the loss ---------------------------------------------------

// CollapseTaus are the temperatures of notebook 06's temperature sweep.
var CollapseTaus = []float64{0.1, 0.2, 0.5, 1, 2, 5}

// AlignOnlySteps is how long notebook 06 trains the alignment-only objective: ten times
// the others' 300 steps, affordable because it has no pairs of examples to score.
const AlignOnlySteps = 3000

// runAll runs the jobs on two goroutines and returns their results in order. Each job
// has its own random stream, so the results do not depend on the scheduling.
func runAll(jobs []func() (*CollapseRun, error)) ([]*CollapseRun, error) {
	out := make([]*CollapseRun, len(jobs))
	errs := make([]error, len(jobs))
	par.Do(len(jobs), func(i int) { out[i], errs[i] = jobs[i]() })
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// TemperatureSweep trains CollapseTrain with InfoNCE at each temperature in taus, with
// the weak noise of CollapseNoises[0] (no direction swamped by the augmentation), 300
// steps, from seed: what the temperature alone does to uniformity and the spectrum.
func TemperatureSweep(taus []float64, seed uint64) ([]*CollapseRun, error) {
	if len(taus) == 0 {
		return nil, fmt.Errorf("contrastive.TemperatureSweep: taus is empty")
	}
	jobs := make([]func() (*CollapseRun, error), len(taus))
	for i, tau := range taus {
		jobs[i] = func() (*CollapseRun, error) {
			return CollapseTrain(fmt.Sprintf("τ = %g", tau), InfoNCEObjective, tau, CollapseNoises[0], 300, seed, nil)
		}
	}
	runs, err := runAll(jobs)
	if err != nil {
		return nil, fmt.Errorf("contrastive.TemperatureSweep: %w", err)
	}
	return runs, nil
}

// ObjectiveRuns trains the three objectives of CollapseObjective from seed with the weak
// noise of CollapseNoises[0]: InfoNCE at τ = 0.2 and alignment + uniformity for 300
// steps, alignment alone for AlignOnlySteps.
func ObjectiveRuns(seed uint64) ([]*CollapseRun, error) {
	objs := []CollapseObjective{InfoNCEObjective, AlignOnlyObjective, AlignUniformObjective}
	jobs := make([]func() (*CollapseRun, error), len(objs))
	for i, o := range objs {
		steps, name := 300, o.String()
		if o == AlignOnlyObjective {
			steps = AlignOnlySteps
		}
		if o == InfoNCEObjective {
			name = "InfoNCE τ = 0.2"
		}
		jobs[i] = func() (*CollapseRun, error) {
			return CollapseTrain(name, o, 0.2, CollapseNoises[0], steps, seed, nil)
		}
	}
	runs, err := runAll(jobs)
	if err != nil {
		return nil, fmt.Errorf("contrastive.ObjectiveRuns: %w", err)
	}
	return runs, nil
}

// TemperatureCharts is a toggle of three views of TemperatureSweep's runs: their spectra,
// and their uniformity and effective rank against the temperature.
func TemperatureCharts(runs []*CollapseRun, taus []float64) (*chart.Toggle, error) {
	if len(runs) == 0 || len(runs) != len(taus) {
		return nil, fmt.Errorf("contrastive.TemperatureCharts: %d runs for %d temperatures, want the same number > 0", len(runs), len(taus))
	}
	sp, err := SpectrumChart(runs)
	if err != nil {
		return nil, fmt.Errorf("contrastive.TemperatureCharts: %w", err)
	}
	sp.Title = "Singular values of the InfoNCE embeddings at each temperature τ (largest = 1)"
	lo := 0.0
	for _, r := range runs {
		lo = math.Min(lo, math.Log10(r.Spectrum[len(r.Spectrum)-1]))
	}
	sp.YMin = math.Max(-3, math.Min(-1, math.Floor(lo))) // no empty band under the curves
	lt := make([]float64, len(taus))
	un, er := make([]float64, len(runs)), make([]float64, len(runs))
	for i, r := range runs {
		lt[i], un[i], er[i] = math.Log10(taus[i]), r.Uniformity, r.EffRank
	}
	uc := chart.NewLines("Uniformity against the temperature (lower = more even)")
	uc.XLabel, uc.YLabel = "log₁₀ τ", "uniformity (t = 2)"
	uc.XMin, uc.XMax = lt[0], lt[len(lt)-1]
	uc.Add("uniformity", lt, un)
	ec := chart.NewLines("Effective rank against the temperature (8 = all dimensions used)")
	ec.XLabel, ec.YLabel = "log₁₀ τ", "effective rank"
	ec.XMin, ec.XMax, ec.YMin, ec.YMax = lt[0], lt[len(lt)-1], 1, 8.2
	ec.Add("effective rank", lt, er)
	t := chart.NewToggle()
	t.Add("spectra", sp)
	t.Add("uniformity", uc)
	t.Add("effective rank", ec)
	return t, nil
}
