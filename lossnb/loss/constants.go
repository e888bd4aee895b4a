package loss

// Tuning constants and library defaults, each with its source.
const (
	// HuberK95 is the Huber threshold giving 95% asymptotic efficiency at
	// the Gaussian model for unit scale (Huber 1964; Huber & Ronchetti,
	// Robust Statistics, 2nd ed. 2009, §4.6; the default of R's MASS::rlm
	// and statsmodels' HuberT).
	HuberK95 = 1.345

	// TukeyC95 is the biweight constant giving 95% asymptotic efficiency at
	// the Gaussian (Beaton & Tukey 1974; statsmodels' TukeyBiweight default).
	TukeyC95 = 4.685

	// CauchyC95 is the Cauchy (Lorentzian) constant giving 95% asymptotic
	// efficiency at the Gaussian (Holland & Welsch 1977, "Robust regression
	// using iteratively reweighted least-squares").
	CauchyC95 = 2.3849

	// FocalAlpha and FocalGamma are the defaults of Lin et al. 2017,
	// "Focal Loss for Dense Object Detection", and of torchvision's
	// sigmoid_focal_loss.
	FocalAlpha = 0.25
	FocalGamma = 2.0 // see FocalAlpha

	// bceLogClamp is PyTorch's clamp of log(p) and log(1 − p) in
	// binary_cross_entropy (aten/src/ATen/native/Loss.cpp: "clamp its log
	// function outputs to be greater than or equal to -100").
	bceLogClamp = -100.0

	// bceGradEps is PyTorch's EPSILON in binary_cross_entropy_backward:
	// grad = (p − y) / max(p(1 − p), EPSILON). aten/src/ATen/native/Loss.cpp
	// declares it `constexpr float EPSILON = 1e-12;`, a float32, so as a
	// float64 it is float32(1e-12) = 9.999999960041972e-13, not 1e-12: the
	// difference shows in the 9th digit of the gradient at p ∈ {0, 1}.
	bceGradEps = float64(float32(1e-12))

	// cosineEps is PyTorch's EPSILON = 1e-12 added to the squared norms in
	// cosine_embedding_loss (aten/src/ATen/native/Loss.cpp).
	cosineEps = 1e-12

	// pairwiseDistanceEps is the eps = 1e-6 that F.pairwise_distance (and so
	// F.triplet_margin_loss) adds to the difference x − y before the norm.
	pairwiseDistanceEps = 1e-6

	// GaussianNLLEpsPyTorch is F.gaussian_nll_loss's default eps = 1e-6 (the
	// variance is clamped to at least eps), the eps of GaussianNLL when
	// NLLOptions.Eps is 0.
	GaussianNLLEpsPyTorch = 1e-6

	// PoissonNLLEpsPyTorch is F.poisson_nll_loss's default eps = 1e-8 (added
	// to the rate inside the log when log_input=False), the eps of PoissonNLL
	// when NLLOptions.Eps is 0.
	PoissonNLLEpsPyTorch = 1e-8
)
