// Package fit fits models under any loss of package loss: linear
// regression, logistic and softmax regression, location estimates,
// quantile regression with prediction intervals, influence of a point,
// outlier sweeps and gradient-descent training traces, for the lossnb
// notebooks.
//
// # Data
//
// The design matrix is a [][]float64 with one row per point (x[i][j] is
// feature j of point i); every model has an intercept, which is not a
// column of x. Targets, labels and sample weights are []float64 (class
// indices []int for Softmax). A nil *Options means the defaults:
//
//	res, err := fit.Linear(x, y, loss.Huber{Delta: 1.345}, nil)
//	res, err := fit.Linear(x, y, h, &fit.Options{ScaleMethod: fit.MADScale})
//	res, err := fit.Logistic(x, labels, loss.Logistic{}, nil)
//	sweep, err := fit.OutlierSweep(x, y, 0, values, []loss.Regression{loss.Squared{}, loss.Absolute{}, h}, nil)
//
// # Objective
//
// Every fit minimises the weighted mean loss Σᵢ wᵢℓᵢ / Σᵢ wᵢ, the Mean
// reduction of package loss (scikit-learn's sample_weight convention), with
// ℓᵢ = ρ((yᵢ − ŷᵢ)/s) for a regression at scale s and ℓᵢ = φ(yᵢf(xᵢ)) for a
// classifier. Result.Objective is that value at the solution.
//
// # Methods
//
// Method Auto picks, by loss:
//
//   - loss.Squared: least squares by QR (gonum mat);
//   - piecewise-linear losses (Absolute, Pinball, EpsInsensitive, Hinge):
//     an exact vertex method (Barrodale & Roberts 1973; Koenker 2005,
//     §6.2) whose result is the exact LP optimum, certified by the LP
//     optimality conditions (gonum's lp.Simplex is available as Method
//     Simplex and checks it in the tests);
//   - M-estimators (Huber, Tukey, Cauchy, Barron): IRLS (Holland & Welsch
//     1977), at a fixed scale or re-estimating the MAD scale at each step
//     as statsmodels' RLM does;
//   - other smooth losses, and classifiers: gonum optimize's Newton (or
//     BFGS/LBFGS when the loss has no second derivative).
//
// PenalizedLeastSquares adds an L1 and/or L2 penalty on the coefficients
// (lasso, ridge, elastic net) to the squared loss, solved by coordinate
// descent (Friedman, Hastie & Tibshirani 2010).
//
// # Agreement with statsmodels and scikit-learn
//
// TestReference compares, to 1e-6 relative, the fits on datasets the two
// libraries ship (testdata/reference.json, made by
// testdata/make_reference.py): RLM with HuberT(1.345) and
// TukeyBiweight(4.685) at the MAD scale and a fixed scale; quantile
// regression and LAD (scikit-learn's QuantileRegressor with the HiGHS LP
// solver); unpenalised logistic regression; MNLogit. Differences of
// definition:
//
//   - MAD scale: median(|rᵢ|)/Φ⁻¹(3/4), not centred, as statsmodels'
//     scale.mad(resid, center=0); re-estimated after each IRLS step from the
//     new residuals, as RLM(update_scale=True). R's MASS::rlm uses the same
//     MAD but a different convergence test. With sample weights (which RLM
//     does not take) it is the weighted median.
//   - A "fixed scale" is RLM.fit(start_scale=s, update_scale=False).
//   - Convergence: IRLS stops on the relative change of the coefficients
//     and the scale (Tol = 1e-10); RLM's default stops on the change of the
//     deviance at 1e-8, which leaves its coefficients up to 7e-6 relative
//     from the fixed point (engel, HuberT; 4e-10 on stackloss); the
//     references were made with conv="coefs", tol=1e-10.
//   - statsmodels' QuantReg is IRLS on the pinball loss, which stops near
//     the LP optimum, not at it (about 1e-5 relative here): the quantile
//     references are scikit-learn's exact LP solutions.
//   - scikit-learn's HuberRegressor estimates the scale jointly (Owen's
//     concomitant scale, with an L2 penalty); it is not compared.
//   - Softmax uses class 0 as the reference class (statsmodels' MNLogit);
//     scikit-learn's unpenalised multinomial fit has the same probabilities
//     and a non-identified parametrisation.
//
// # Errors
//
// Invalid input gets an error naming the function, the argument and the
// value (fit.Linear: x[3][1] is NaN; fit.Linear: 5 parameters but only 3
// points). A loss built as a literal with a parameter its constructor
// refuses (loss.Huber{Delta: -1}) is an error, as in loss.Reduce (see
// loss.Validate). Data beyond ±1e150 is refused: the fits form squares of
// it, which would overflow. A singular design wraps ErrSingular,
// separable classes under a loss with no finite minimiser wrap
// ErrSeparable, and an iteration that did not converge wraps
// ErrNotConverged and comes with the last iterate.
//
// # References
//
// Huber, "Robust Estimation of a Location Parameter", Ann. Math. Statist.
// 35 (1964); Huber, Robust Statistics (1981). Hampel, "The influence curve
// and its role in robust estimation", JASA 69 (1974). Beaton & Tukey,
// Technometrics 16 (1974). Koenker & Bassett, "Regression Quantiles",
// Econometrica 46 (1978); Koenker, Quantile Regression (2005). Barrodale &
// Roberts, "An improved algorithm for discrete l1 linear approximation",
// SIAM J. Numer. Anal. 10 (1973). Holland & Welsch, Comm. Statist. A6
// (1977). Cook & Weisberg, Residuals and Influence in Regression (1982);
// Koh & Liang, "Understanding Black-box Predictions via Influence
// Functions", ICML 2017.
//
// Imports: package loss, lossnb/internal/argcheck (the argument check shared
// with loss), lossnb/internal/num (the median), the standard library and
// gonum. Package fit may not import chart, figure, nb, lesson or exercise,
// nor a plot or notebook package (the rules are checked by lossnb/layers_test.go).
package fit
