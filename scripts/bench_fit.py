#!/usr/bin/env python3
"""Fits: lossnb/fit against statsmodels and scikit-learn on the same data, one run.

Usage: bench_fit.py [--sizes 1000,100000] [--cap 60]

Runs lossnb/fit's BenchmarkCompare (OLS, Huber with MAD scale, LAD, the 0.9 quantile and
logistic regression, each at every size) and then lossnb/fit/testdata/bench_compare.py,
which times the same fits in statsmodels and scikit-learn on the same data (a shared
splitmix64 generator), and prints for each fit the Go time, each library's time and the
ratio library/Go (above 1: Go is faster). Each library fit runs in a process of its own
under a time cap (--cap seconds): scikit-learn's HiGHS quantile fit alone ran for 354 s at
n = 1e5 in an earlier run, and it is reported as "> cap" rather than waited for.

Needs the libraries in the project's .venv: `make bench` installs requirements-bench.txt.
Timings depend on the machine and its load; nothing is asserted.
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPARE = os.path.join(ROOT, "lossnb", "fit", "testdata", "bench_compare.py")
FITS = ["OLS", "HuberMAD", "LAD", "Quantile0.9", "Logistic"]
# The libraries' fits, by the description bench_compare.py prints (its --lib filter).
LIBS = {
    "OLS": ["statsmodels OLS", "sklearn LinearRegression"],
    "HuberMAD": ["statsmodels RLM(HuberT, mad), tol 1e-8 dev"],
    "LAD": ["sklearn QuantileRegressor(highs)", "statsmodels QuantReg (IRLS)"],
    "Quantile0.9": ["sklearn QuantileRegressor(highs)", "statsmodels QuantReg (IRLS)"],
    "Logistic": ["sklearn LogisticRegression(C=inf, lbfgs)",
                 "sklearn LogisticRegression(C=inf, newton-cholesky)", "statsmodels Logit(newton)"],
}


def go_times(sizes):
    """Seconds per fit of each Go benchmark: {(name, n): s}."""
    out = subprocess.run(
        ["go", "test", "./lossnb/fit/", "-run", "^$", "-bench", "^BenchmarkCompare$", "-benchtime", "2s"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    times = {}
    for m in re.finditer(r"BenchmarkCompare/(\S+)/n=(\d+)-\d+\s+\d+\s+([\d.]+) ns/op", out):
        name, n, ns = m.group(1), int(m.group(2)), float(m.group(3))
        if n in sizes:
            times[(name, n)] = ns * 1e-9
    if not times:
        sys.exit("bench_fit: no BenchmarkCompare lines in go test's output:\n" + out)
    return times


def lib_time(name, lib, n, cap):
    """Seconds per fit in the library, or None when it ran past cap."""
    try:
        out = subprocess.run([sys.executable, COMPARE, str(n), "--only", name, "--lib", lib],
                             capture_output=True, text=True, check=True, timeout=cap).stdout
    except subprocess.TimeoutExpired:
        return None
    m = re.search(r"([\d.]+) ms", out)
    if not m:
        sys.exit(f"bench_fit: no time in bench_compare.py's output for {name} / {lib}:\n{out}")
    return float(m.group(1)) * 1e-3


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,100000")
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per library fit")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    go = go_times(sizes)
    print("fits, lossnb/fit against statsmodels and scikit-learn (ratio = library time / Go time; > 1: Go faster)")
    for n in sizes:
        for name in FITS:
            g = go.get((name, n))
            if g is None:
                continue
            print(f"n={n:<7d} {name:<12} Go {g * 1e3:9.3f} ms")
            best = None
            for lib in LIBS[name]:
                t = lib_time(name, lib, n, args.cap)
                if t is None:
                    print(f"{'':21} {lib:<52} > {args.cap:.0f} s (capped)")
                    continue
                best = t if best is None else min(best, t)
                print(f"{'':21} {lib:<52} {t * 1e3:9.3f} ms   ratio {t / g:6.2f}")
            if best is not None:
                print(f"{'':21} {'against the fastest library':<52} {'':9}      ratio {best / g:6.2f}"
                      f"{'' if best >= g else '   (Go slower)'}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
