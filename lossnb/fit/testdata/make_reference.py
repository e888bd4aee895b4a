#!/usr/bin/env python3
"""Reference fits for lossnb/fit, computed with statsmodels and scikit-learn.

Writes reference.json next to this script: the dataset rows (so the Go tests
need no Python), the library versions, and the fitted parameters. Run it in a
throwaway venv outside the repository:

    python3 -m venv /tmp/fitref
    /tmp/fitref/bin/pip install -r requirements.txt
    /tmp/fitref/bin/python make_reference.py

Every fit is run to a much tighter tolerance than the library default so the
reference is the optimum itself, not an early stop; the settings are recorded
with each case.
"""
import json
import os
import platform

import numpy as np
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.linear_model import LogisticRegression, QuantileRegressor
from statsmodels.regression.quantile_regression import QuantReg

HERE = os.path.dirname(os.path.abspath(__file__))


def dataset(name, x, y, source, columns):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return {"name": name, "source": source, "columns": columns,
            "x": x.tolist(), "y": y.tolist()}


def datasets():
    out = {}
    d = sm.datasets.stackloss.load_pandas().data
    out["stackloss"] = dataset("stackloss", d[["AIRFLOW", "WATERTEMP", "ACIDCONC"]], d["STACKLOSS"],
                               "statsmodels.datasets.stackloss", ["AIRFLOW", "WATERTEMP", "ACIDCONC"])
    d = sm.datasets.engel.load_pandas().data
    out["engel"] = dataset("engel", d[["income"]], d["foodexp"], "statsmodels.datasets.engel", ["income"])
    b = load_diabetes()
    out["diabetes"] = dataset("diabetes", b.data, b.target, "sklearn.datasets.load_diabetes",
                              list(b.feature_names))
    b = load_breast_cancer()
    cols = [0, 1, 4, 8]  # mean radius, texture, smoothness, symmetry: not separable
    out["breast_cancer4"] = dataset("breast_cancer4", b.data[:, cols], b.target,
                                    "sklearn.datasets.load_breast_cancer, columns " + str(cols),
                                    [str(b.feature_names[c]) for c in cols])
    d = sm.datasets.spector.load_pandas().data
    out["spector"] = dataset("spector", d[["GPA", "TUCE", "PSI"]], d["GRADE"],
                             "statsmodels.datasets.spector", ["GPA", "TUCE", "PSI"])
    d = sm.datasets.anes96.load_pandas().data
    cols = ["logpopul", "selfLR", "age", "educ", "income"]
    out["anes96"] = dataset("anes96", d[cols], d["PID"], "statsmodels.datasets.anes96", cols)
    return out


def weights_for(n):
    # Deterministic, non-trivial sample weights: 1, 2, 3, 1, 2, 3, ...
    return [float(1 + i % 3) for i in range(n)]


def rlm(data, norm, norm_name, scale):
    x = sm.add_constant(np.array(data["x"]), has_constant="add")
    y = np.array(data["y"])
    model = sm.RLM(y, x, M=norm)
    kw = dict(maxiter=10000, tol=1e-10, conv="coefs")
    if scale == "mad":
        res = model.fit(scale_est="mad", **kw)
    else:
        res = model.fit(start_scale=scale, update_scale=False, **kw)
    return {"kind": "rlm", "dataset": data["name"], "loss": norm_name,
            "scale_est": "mad" if scale == "mad" else "fixed",
            "fixed_scale": None if scale == "mad" else scale,
            "params": res.params.tolist(), "scale": float(res.scale),
            "iterations": int(res.fit_history["iteration"]),
            "library": "statsmodels RLM.fit(scale_est=%r, maxiter=10000, tol=1e-10, conv='coefs')"
                       % ("mad" if scale == "mad" else "fixed")}


def quantile(data, tau, weighted=False):
    x = np.array(data["x"])
    y = np.array(data["y"])
    w = weights_for(len(y)) if weighted else None
    q = QuantileRegressor(quantile=tau, alpha=0.0, solver="highs", fit_intercept=True)
    q.fit(x, y, sample_weight=w)
    params = [float(q.intercept_)] + q.coef_.tolist()
    r = y - x @ q.coef_ - q.intercept_
    ww = np.ones_like(y) if w is None else np.array(w)
    obj = float(np.sum(ww * np.maximum(tau * r, (tau - 1) * r)) / np.sum(ww))
    case = {"kind": "quantile", "dataset": data["name"], "tau": tau, "weighted": weighted,
            "params": params, "objective": obj,
            "library": "sklearn QuantileRegressor(alpha=0, solver='highs')"}
    if not weighted:
        # statsmodels' QuantReg is IRLS on a smoothed problem (not an exact LP):
        # kept for documentation, compared loosely.
        sm_res = QuantReg(y, sm.add_constant(x, has_constant="add")).fit(q=tau, max_iter=10000, p_tol=1e-10)
        case["statsmodels_quantreg_params"] = sm_res.params.tolist()
    return case


def logistic(data, weighted=False):
    x = np.array(data["x"])
    y = np.array(data["y"])
    w = weights_for(len(y)) if weighted else None
    lr = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-14, max_iter=1000)
    lr.fit(x, y, sample_weight=w)
    case = {"kind": "logistic", "dataset": data["name"], "weighted": weighted,
            "params": [float(lr.intercept_[0])] + lr.coef_[0].tolist(),
            "library": "sklearn LogisticRegression(C=np.inf, solver='newton-cholesky', tol=1e-14): unpenalised"}
    if not weighted:
        res = sm.Logit(y, sm.add_constant(x, has_constant="add")).fit(method="newton", maxiter=100, tol=1e-12, disp=0)
        assert res.mle_retvals["converged"], res.mle_retvals
        case["statsmodels_params"] = res.params.tolist()
        case["statsmodels_llf"] = float(res.llf)
    return case


def mnlogit(data):
    x = sm.add_constant(np.array(data["x"]), has_constant="add")
    y = np.array(data["y"])
    res = sm.MNLogit(y, x).fit(method="newton", maxiter=100, tol=1e-12, disp=0)
    assert res.mle_retvals["converged"], res.mle_retvals
    # params: (features+1) × (k−1), class 0 the reference.
    return {"kind": "mnlogit", "dataset": data["name"], "k": int(y.max()) + 1,
            "params": res.params.T.tolist(), "llf": float(res.llf),
            "library": "statsmodels MNLogit.fit(method='newton', tol=1e-12)"}


def location(data, norm, norm_name):
    y = np.array(data["y"])
    res = sm.RLM(y, np.ones((len(y), 1)), M=norm).fit(scale_est="mad", maxiter=10000, tol=1e-10, conv="coefs")
    return {"kind": "location", "dataset": data["name"], "loss": norm_name, "scale_est": "mad",
            "location": float(res.params[0]), "scale": float(res.scale),
            "library": "statsmodels RLM(y, ones).fit(scale_est='mad')"}


def main():
    ds = datasets()
    huber = sm.robust.norms.HuberT(t=1.345)
    tukey = sm.robust.norms.TukeyBiweight(c=4.685)
    cases = []
    for name in ["stackloss", "engel", "diabetes"]:
        for norm, nm in [(huber, "Huber(1.345)"), (tukey, "Tukey(4.685)")]:
            cases.append(rlm(ds[name], norm, nm, "mad"))
    fixed = {"stackloss": 3.0, "engel": 80.0, "diabetes": 50.0}
    for name, s in fixed.items():
        for norm, nm in [(huber, "Huber(1.345)"), (tukey, "Tukey(4.685)")]:
            cases.append(rlm(ds[name], norm, nm, s))
    for tau in [0.1, 0.25, 0.5, 0.75, 0.9]:
        cases.append(quantile(ds["engel"], tau))
    cases.append(quantile(ds["engel"], 0.5, weighted=True))
    cases.append(quantile(ds["engel"], 0.9, weighted=True))
    cases.append(quantile(ds["stackloss"], 0.5))
    for tau in [0.25, 0.5, 0.75]:
        cases.append(quantile(ds["diabetes"], tau))
    cases.append(logistic(ds["breast_cancer4"]))
    cases.append(logistic(ds["breast_cancer4"], weighted=True))
    cases.append(logistic(ds["spector"]))
    cases.append(mnlogit(ds["anes96"]))
    for name in ["engel", "stackloss"]:
        cases.append(location(ds[name], huber, "Huber(1.345)"))
        cases.append(location(ds[name], tukey, "Tukey(4.685)"))
    out = {
        "generator": "lossnb/fit/testdata/make_reference.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "scipy": scipy.__version__, "statsmodels": statsmodels.__version__,
                     "scikit-learn": sklearn.__version__},
        "weights_rule": "weighted cases use w[i] = 1 + i % 3",
        "datasets": ds,
        "cases": cases,
    }
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote %d cases" % len(cases))


if __name__ == "__main__":
    main()
