#!/usr/bin/env python3
"""Loss value+gradient throughput: Go (lossnb/loss) against NumPy/SciPy and a memory copy, one run.

Usage: bench_loss.py [--sizes 1000000,10000000] [--repeat 3] [--only mse,ce_k10]

For each size N (float64 elements of the prediction) it runs the Go benchmarks of
lossnb/loss for every loss family (`go test -bench` with -loss.benchn=N, GOMAXPROCS=1),
then the same computations written the usual NumPy way (vectorised, numerically stable
forms; SciPy's special functions where they are the usual tool), plus a copy. It prints
the time per value+gradient pass and two ratios per family: Go/NumPy (below 1: Go is
faster) and Go/copy (how far from the bandwidth floor of one read-write pass; the
memory-bound families are those within a few copies).

Times are CPU time (user + system, the Go benchmarks' cpu-ns/op metric and Python's
time.process_time), the minimum over --repeat runs: on a shared machine the wall clock
also counts the time spent waiting for a core. Both sides run on one core (GOMAXPROCS=1,
OPENBLAS_NUM_THREADS=1). For CTC, NumPy computes the value only (the forward recursion
in log space, vectorised over the batch), so its ratio flatters NumPy. No PyTorch
column: the torch wheel on PyPI needs CUDA libraries that are not installed here.

Needs numpy and scipy in the project's .venv: `make bench` installs requirements-bench.txt.
"""

import argparse
import os
import re
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from scipy import special  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Go benchmark name → family, in the order printed. The shapes are those of
# lossnb/loss/bench_catalogue_test.go.
GO_BENCH = {
    "CopyBaseline": "copy",
    "MSEGrad": "mse",
    "MAEGrad": "l1",
    "HuberLossGrad": "huber",
    "SmoothL1LossGrad": "smooth_l1",
    "BCEGrad": "bce",
    "BCEWithLogitsGrad": "bce_logits",
    "SoftMarginGrad": "soft_margin",
    "FocalGrad": "focal",
    "HingeEmbeddingGrad": "hinge_embedding",
    "MarginRankingGrad": "margin_ranking",
    "PoissonNLLLogGrad": "poisson_log",
    "GaussianNLLGrad": "gaussian_nll",
    "CrossEntropyGrad": "ce_k10",
    "CategoricalNLLGrad": "nll_k10",
    "KLDivGrad": "kl_k10",
    "MultiMarginGrad": "multi_margin_k10",
    "MultiLabelSoftMarginGrad": "multilabel_soft_k10",
    "CosineEmbeddingGrad": "cosine_emb_d16",
    "TripletMarginGrad": "triplet_d16",
    "InfoNCEGrad": "infonce_b64_d128",
    "CTCGrad": "ctc_c20_t500",
}
K, DIM, BATCH, INFO_DIM = 10, 16, 64, 128
CTC_C, CTC_T, CTC_L = 20, 500, 50


def go_times(n, repeat, only):
    """CPU seconds per op of each Go benchmark at size n (min over repeat runs)."""
    names = [g for g, f in GO_BENCH.items() if not only or f in only or f == "copy"]
    iters = "10x" if n <= 2_000_000 else "3x"
    env = dict(os.environ, GOMAXPROCS="1")
    out = subprocess.run(
        ["nice", "go", "test", "-run", "^$", "-bench", "^Benchmark(" + "|".join(names) + ")$",
         "-benchtime", iters, "-count", str(repeat), "./lossnb/loss/", f"-loss.benchn={n}"],
        cwd=ROOT, capture_output=True, text=True, check=True, env=env).stdout
    times = {}
    for line in out.splitlines():
        m = re.match(r"Benchmark(\w+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op.*?\s([\d.]+) cpu-ns/op", line)
        if m and m.group(1) in GO_BENCH:
            fam = GO_BENCH[m.group(1)]
            t = float(m.group(4)) or float(m.group(3))  # wall time if no CPU clock
            times[fam] = min(times.get(fam, float("inf")), t * 1e-9)
    missing = {GO_BENCH[g] for g in names} - set(times)
    if missing:
        sys.exit(f"bench_loss.py: no Go result for {sorted(missing)} in:\n{out}")
    return times


def min_cpu_time(f, repeat):
    f()  # warm up: page in the arrays
    ts = []
    for _ in range(repeat):
        t = time.process_time()
        f()
        ts.append(time.process_time() - t)
    return min(ts)


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def numpy_families(n):
    """NumPy value+gradient passes, one closure per family."""
    rng = np.random.default_rng(99)
    pred = rng.normal(0, 2, n)
    target = rng.integers(0, 2, n).astype(np.float64)
    dst = np.empty(n)
    prob = special.expit(pred)
    y = 2 * target - 1
    rows = n // K
    logits = pred[: rows * K].reshape(rows, K)
    labels = (np.arange(rows) * 7) % K
    ar = np.arange(rows)
    lp = log_softmax(logits)
    q = np.exp(log_softmax(np.roll(logits, -1, axis=0)))
    var = 0.5 + pred * pred
    absx = np.abs(pred)
    half = n // 2
    er = n // 2 // DIM
    x1, x2 = pred[: er * DIM].reshape(er, DIM), pred[er * DIM: 2 * er * DIM].reshape(er, DIM)
    tr = n // 3 // DIM
    a3 = [pred[i * tr * DIM:(i + 1) * tr * DIM].reshape(tr, DIM) for i in range(3)]
    nb_info = n // (BATCH * INFO_DIM)
    ctc_b = n // (CTC_T * CTC_C)
    ctc_lp = log_softmax(pred[: ctc_b * CTC_T * CTC_C].reshape(-1, CTC_C)).reshape(CTC_T, ctc_b, CTC_C)
    ctc_tg = np.array([[1 + (s + j * 3) % (CTC_C - 1) for j in range(CTC_L)] for s in range(ctc_b)])

    def copy():
        np.copyto(dst, pred)

    def mse():
        d = pred - target
        return np.mean(d * d), (2.0 / n) * d

    def l1():
        d = pred - target
        return np.mean(np.abs(d)), np.sign(d) / n

    def huber(delta=1.0):
        d = pred - target
        a = np.abs(d)
        v = np.where(a <= delta, 0.5 * d * d, delta * (a - 0.5 * delta)).mean()
        return v, np.clip(d, -delta, delta) / n

    def smooth_l1(beta=1.0):
        d = pred - target
        a = np.abs(d)
        v = np.where(a < beta, 0.5 * d * d / beta, a - 0.5 * beta).mean()
        return v, np.clip(d / beta, -1, 1) / n

    def bce():
        p, t = prob, target
        v = -np.mean(t * np.maximum(np.log(p), -100) + (1 - t) * np.maximum(np.log1p(-p), -100))
        return v, (p - t) / np.maximum(p * (1 - p), 1e-12) / n

    def bce_logits():
        x, t = pred, target
        v = np.mean(np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x))))
        return v, (special.expit(x) - t) / n

    def soft_margin():
        m = -y * pred
        v = np.mean(np.logaddexp(0, m))
        return v, -y * special.expit(m) / n

    def focal(alpha=0.25, gamma=2.0):
        x, t = pred, target
        p = special.expit(x)
        ce = np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))
        q = t * (1 - p) + (1 - t) * p
        at = alpha * t + (1 - alpha) * (1 - t)
        mod = q ** gamma
        v = np.mean(at * mod * ce)
        g = at * (mod * (p - t) - gamma * q ** (gamma - 1) * p * (1 - p) * (2 * t - 1) * ce) / n
        return v, g

    def hinge_embedding(margin=1.0):
        h = margin - absx
        v = np.mean(np.where(y == 1, absx, np.maximum(h, 0)))
        return v, np.where(y == 1, 1.0, np.where(h >= 0, -1.0, 0.0)) / n

    def margin_ranking(margin=0.5):
        u = -y[:half] * (pred[:half] - pred[half:2 * half]) + margin
        act = (u > 0) * 1.0
        return np.mean(np.maximum(u, 0)), -act * y[:half] / half, act * y[:half] / half

    def poisson_log():
        e = np.exp(pred)
        return np.mean(e - target * pred), (e - target) / n

    def gaussian_nll():
        r = target - pred
        v = 0.5 * np.mean(np.log(var) + r * r / var)
        return v, -r / var / n, 0.5 * (1 / var - r * r / (var * var)) / n

    def ce_k10():
        z = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        v = np.mean(np.log(s[:, 0]) - z[ar, labels])
        g = e / s
        g[ar, labels] -= 1
        return v, g / rows

    def nll_k10():
        v = -np.mean(lp[ar, labels])
        g = np.zeros_like(lp)
        g[ar, labels] = -1 / rows
        return v, g

    def kl_k10():
        v = np.sum(special.xlogy(q, q) - q * lp) / rows
        return v, -q / rows

    def multi_margin_k10(margin=1.0):
        h = margin - logits[ar, labels][:, None] + logits
        h[ar, labels] = 0
        act = h > 0
        v = np.mean(np.where(act, h, 0).sum(axis=1) / K)
        g = act / (K * rows)
        g[ar, labels] = -g.sum(axis=1)
        return v, g

    def multilabel_soft_k10():
        x, t = logits, target[: rows * K].reshape(rows, K)
        v = np.mean((np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))).mean(axis=1))
        return v, (special.expit(x) - t) / (K * rows)

    def cosine_emb_d16(eps=1e-12):
        yy = y[:er]
        ab = np.einsum("ij,ij->i", x1, x2)
        aa = np.einsum("ij,ij->i", x1, x1) + eps
        bb = np.einsum("ij,ij->i", x2, x2) + eps
        d = np.sqrt(aa * bb)
        cos = ab / d
        v = np.mean(np.where(yy == 1, 1 - cos, np.maximum(cos, 0)))
        k = np.where(yy == 1, -1.0, (cos > 0) * 1.0) / er
        g1 = k[:, None] * (x2 / d[:, None] - (cos / aa)[:, None] * x1)
        g2 = k[:, None] * (x1 / d[:, None] - (cos / bb)[:, None] * x2)
        return v, g1, g2

    def triplet_d16(margin=1.0, eps=1e-6):
        a, p, ng = a3
        u, w = a - p + eps, a - ng + eps
        dp, dn = np.linalg.norm(u, axis=1), np.linalg.norm(w, axis=1)
        h = dp - dn + margin
        k = (h > 0) / tr
        gp, gn = u / dp[:, None] * k[:, None], w / dn[:, None] * k[:, None]
        return np.mean(np.maximum(h, 0)), gp - gn, -gp, gn

    def infonce_b64_d128(tau=1.0):
        s = 0.0
        per = BATCH * INFO_DIM
        for j in range(nb_info):
            qm = pred[j * per:(j + 1) * per].reshape(BATCH, INFO_DIM)
            km = target[j * per:(j + 1) * per].reshape(BATCH, INFO_DIM)
            z = qm @ km.T / tau
            lsm = log_softmax(z)
            s += -np.mean(np.diag(lsm))
            gm = np.exp(lsm)
            gm[np.arange(BATCH), np.arange(BATCH)] -= 1
            gm /= BATCH * tau
            _ = gm @ km, gm.T @ qm
        return s

    def ctc_c20_t500():  # value only: the log-space forward recursion
        S = 2 * CTC_L + 1
        ext = np.zeros((ctc_b, S), dtype=int)
        ext[:, 1::2] = ctc_tg
        skip = np.zeros((ctc_b, S), dtype=bool)
        skip[:, 3::2] = ext[:, 3::2] != ext[:, 1:-2:2]
        bi = np.arange(ctc_b)[:, None]
        alpha = np.full((ctc_b, S), -np.inf)
        alpha[:, 0] = ctc_lp[0, :, 0]
        alpha[:, 1] = ctc_lp[0, bi[:, 0], ext[:, 1]]
        for t in range(1, CTC_T):
            a1 = np.concatenate([np.full((ctc_b, 1), -np.inf), alpha[:, :-1]], axis=1)
            a2 = np.concatenate([np.full((ctc_b, 2), -np.inf), alpha[:, :-2]], axis=1)
            a2 = np.where(skip, a2, -np.inf)
            alpha = np.logaddexp(np.logaddexp(alpha, a1), a2) + ctc_lp[t][bi, ext]
        return -np.mean(np.logaddexp(alpha[:, -1], alpha[:, -2]) / CTC_L)

    return {name: f for name, f in locals().items() if name in GO_BENCH.values()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated families (copy is always run)")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    print(f"numpy {np.__version__}, {os.cpu_count()} cores, one used; CPU time per value+gradient pass, min of {args.repeat}")
    for n in (int(s) for s in args.sizes.split(",")):
        g = go_times(n, args.repeat, only)
        fams = numpy_families(n)
        print(f"\nN = {n:,}")
        print(f"{'family':20} {'Go ms':>9} {'NumPy ms':>9} {'Go/NumPy':>9} {'Go/copy':>8}")
        for name in GO_BENCH.values():
            if name not in g:
                continue
            p = min_cpu_time(fams[name], args.repeat)
            print(f"{name:20} {g[name] * 1e3:9.2f} {p * 1e3:9.2f} "
                  f"{g[name] / p:9.2f} {g[name] / g['copy']:8.1f}", flush=True)
        del fams


if __name__ == "__main__":
    main()
