#!/usr/bin/env python3
"""Loss value+gradient throughput: Go (lossnb/loss) against NumPy and a memory copy, one run.

Usage: bench_loss.py [--sizes 1000000,10000000] [--repeat 7]

For each size N it runs, in this order, the Go benchmarks of lossnb/loss
(`go test -bench` with -loss.benchn=N: MSEGrad, HuberLossGrad, BCEWithLogitsGrad,
CrossEntropyGrad with K = 10, and CopyBaseline), then the same computations written
the usual NumPy way (vectorised, numerically stable forms; median of --repeat runs),
plus NumPy's own copy. It prints the times and two ratios per loss:
Go/NumPy (below 1: Go is faster) and Go/copy (the bandwidth floor of one read-write
pass; the issue's goal is within 2x for the cheap losses).

Needs numpy in the project's .venv: `make bench` installs requirements-bench.txt.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GO_BENCH = {
    "CopyBaseline": "copy",
    "MSEGrad": "mse",
    "HuberLossGrad": "huber",
    "BCEWithLogitsGrad": "bce_logits",
    "CrossEntropyGrad": "ce_k10",
}
K = 10


def go_times(n):
    """Seconds per op of each Go benchmark at size n."""
    out = subprocess.run(
        ["go", "test", "-run", "^$", "-bench", "^Benchmark(" + "|".join(GO_BENCH) + ")$",
         "-benchtime", "20x" if n >= 10_000_000 else "100x", "-count", "1",
         "./lossnb/loss/", f"-loss.benchn={n}"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    times = {}
    for line in out.splitlines():
        m = re.match(r"Benchmark(\w+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op", line)
        if m and m.group(1) in GO_BENCH:
            times[GO_BENCH[m.group(1)]] = float(m.group(3)) * 1e-9
    missing = set(GO_BENCH.values()) - set(times)
    if missing:
        sys.exit(f"bench_loss.py: no Go result for {sorted(missing)} in:\n{out}")
    return times


def median_time(f, repeat):
    f()  # warm up: page in the arrays
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def numpy_times(n, repeat):
    rng = np.random.default_rng(99)
    pred = rng.normal(0, 2, n)
    target = rng.integers(0, 2, n).astype(np.float64)
    dst = np.empty(n)

    def copy():
        np.copyto(dst, pred)

    def mse():
        d = pred - target
        return np.mean(d * d), (2.0 / n) * d

    def huber(delta=1.0):
        d = pred - target
        a = np.abs(d)
        v = np.where(a <= delta, 0.5 * d * d, delta * (a - 0.5 * delta)).mean()
        return v, np.clip(d, -delta, delta) / n

    def bce_logits():
        x, t = pred, target
        v = np.mean(np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x))))
        sig = 0.5 * (1 + np.tanh(0.5 * x))  # stable sigmoid
        return v, (sig - t) / n

    rows = n // K
    logits = pred[: rows * K].reshape(rows, K)
    labels = np.arange(rows) % K

    def ce_k10():
        z = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        v = np.mean(np.log(s[:, 0]) - z[np.arange(rows), labels])
        g = e / s
        g[np.arange(rows), labels] -= 1
        return v, g / rows

    return {name: median_time(f, repeat) for name, f in
            [("copy", copy), ("mse", mse), ("huber", huber), ("bce_logits", bce_logits), ("ce_k10", ce_k10)]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    print(f"numpy {np.__version__}, {os.cpu_count()} cores; times are per value+gradient pass")
    for n in (int(s) for s in args.sizes.split(",")):
        g = go_times(n)
        p = numpy_times(n, args.repeat)
        print(f"\nN = {n:,}")
        print(f"{'loss':12} {'Go ms':>9} {'NumPy ms':>9} {'Go/NumPy':>9} {'Go/copy':>8}")
        for name in ["copy", "mse", "huber", "bce_logits", "ce_k10"]:
            print(f"{name:12} {g[name] * 1e3:9.2f} {p[name] * 1e3:9.2f} "
                  f"{g[name] / p[name]:9.2f} {g[name] / g['copy']:8.1f}")


if __name__ == "__main__":
    main()
