#!/usr/bin/env python3
"""Time statsmodels and scikit-learn on the fits of BenchmarkCompare
(lossnb/fit/bench_test.go), on the same data (splitmix64, same order of
draws), at n = 1e3 and 1e5. `make bench` runs it through scripts/bench_fit.py, which
also runs the Go side and prints the ratios. By hand, with the project's .venv
(requirements-bench.txt):

    .venv/bin/python lossnb/fit/testdata/bench_compare.py [1000 100000] [--only OLS] [--lib TEXT]
    go test ./lossnb/fit/ -run '^$' -bench Compare     # the Go side

Prints the median wall time of several runs (fewer for slow fits) and the
first parameters, to check against `go test -run BenchData -v`.
"""
import argparse
import sys
import time
import warnings

import numpy as np
import statsmodels.api as sm
from sklearn.linear_model import LinearRegression, LogisticRegression, QuantileRegressor
from statsmodels.regression.quantile_regression import QuantReg

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53


def make_data(n, k=5):
    s = SplitMix64(20261125)
    x = np.empty((n, k))
    y = np.empty(n)
    lab = np.empty(n)
    for i in range(n):
        yi, eta = 1.0, 0.5
        for j in range(k):
            v = 2 * s.uniform() - 1
            x[i, j] = v
            yi += (j + 1) * v
            eta += v if j % 2 == 0 else -v
        yi += 3 * (s.uniform() + s.uniform() + s.uniform() - 1.5)
        if s.uniform() < 0.05:
            yi += 20
        y[i] = yi
        lab[i] = 1.0 if s.uniform() < 1 / (1 + np.exp(-eta)) else 0.0
    return x, y, lab


def timeit(f, budget):
    times = []
    t_end = time.perf_counter() + budget
    while True:
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() > t_end or len(times) >= 50:
            break
    return float(np.median(times)), len(times), out


def main():
    warnings.simplefilter("ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 100000])
    ap.add_argument("--only", default="", help="comma-separated fit names (OLS,HuberMAD,LAD,Quantile0.9,Logistic)")
    ap.add_argument("--skip", default="", help="skip fits whose library description contains this text")
    ap.add_argument("--lib", default="", help="run only the fit whose library description is this text")
    args = ap.parse_args()
    sizes = args.sizes
    only = set(filter(None, args.only.split(",")))
    for n in sizes:
        x, y, lab = make_data(n)
        xc = sm.add_constant(x)
        fits = [
            ("OLS", "statsmodels OLS", lambda: sm.OLS(y, xc).fit().params),
            ("OLS", "sklearn LinearRegression", lambda: np.r_[LinearRegression().fit(x, y).intercept_,
                                                              LinearRegression().fit(x, y).coef_]),
            ("HuberMAD", "statsmodels RLM(HuberT, mad), tol 1e-8 dev",
             lambda: sm.RLM(y, xc, M=sm.robust.norms.HuberT()).fit(scale_est="mad").params),
            ("HuberMAD", "statsmodels RLM(HuberT, mad), tol 1e-10 coefs",
             lambda: sm.RLM(y, xc, M=sm.robust.norms.HuberT()).fit(scale_est="mad", tol=1e-10, conv="coefs", maxiter=1000).params),
            ("LAD", "sklearn QuantileRegressor(highs)",
             lambda: (lambda q: np.r_[q.intercept_, q.coef_])(QuantileRegressor(quantile=0.5, alpha=0, solver="highs").fit(x, y))),
            ("LAD", "statsmodels QuantReg (IRLS)", lambda: QuantReg(y, xc).fit(q=0.5).params),
            ("Quantile0.9", "sklearn QuantileRegressor(highs)",
             lambda: (lambda q: np.r_[q.intercept_, q.coef_])(QuantileRegressor(quantile=0.9, alpha=0, solver="highs").fit(x, y))),
            ("Quantile0.9", "statsmodels QuantReg (IRLS)", lambda: QuantReg(y, xc).fit(q=0.9).params),
            ("Logistic", "sklearn LogisticRegression(C=inf, lbfgs)",
             lambda: (lambda m: np.r_[m.intercept_, m.coef_[0]])(LogisticRegression(C=np.inf).fit(x, lab))),
            ("Logistic", "sklearn LogisticRegression(C=inf, newton-cholesky)",
             lambda: (lambda m: np.r_[m.intercept_, m.coef_[0]])(LogisticRegression(C=np.inf, solver="newton-cholesky").fit(x, lab))),
            ("Logistic", "statsmodels Logit(newton)", lambda: sm.Logit(lab, xc).fit(disp=0).params),
        ]
        for name, lib, f in fits:
            if (only and name not in only) or (args.skip and args.skip in lib) or (args.lib and args.lib != lib):
                continue
            budget = 2.0 if n <= 1000 else 6.0
            t, reps, params = timeit(f, budget)
            print("n=%-6d %-11s %-52s %10.3f ms  (%d runs)  params[:3]=%s"
                  % (n, name, lib, t * 1e3, reps, np.array2string(np.asarray(params)[:3], precision=6)))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
