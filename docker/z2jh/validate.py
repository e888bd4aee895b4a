#!/usr/bin/env python3
"""Validate docker/z2jh/config.yaml against the Zero to JupyterHub chart's values schema.

Usage: validate.py [--chart DIR] [--require]

DIR is the chart folder of the zero-to-jupyterhub-k8s repository (its jupyterhub/ folder,
holding values.yaml and values.schema.yaml), by default $Z2JH_CHART, else build/z2jh/chart
if it is there, else the machine's cache $LOSSNB_CACHE/z2jh/chart-48ea50e3 (default
~/.cache/lossnb/..., shared by clones on one machine, as CI's fresh clones are).
The chart is not a package any registry here serves, so it is not downloaded: get it with
  git clone https://github.com/jupyterhub/zero-to-jupyterhub-k8s
  git -C zero-to-jupyterhub-k8s checkout 48ea50e34daddde55d76e30df6ecd47e4abd4d8e
and pass DIR=zero-to-jupyterhub-k8s/jupyterhub. Without a chart the check is skipped
(exit 0, says so) unless --require.

What Helm does before it renders the chart, done here with jsonschema (draft 7, the
schema's $schema): merge config.yaml over the chart's values.yaml (maps merge key by key,
anything else is replaced, null deletes the key), then validate the result against
values.schema.yaml. Then the same for a few broken copies of config.yaml (a misspelt key, a
CPU limit given as text, a storage without a home mount path, a guarantee above its limit),
each of which must be refused: proof that the check can fail. The last one is not in the
schema; it and the per-student figures are checked by sizing_errors() below.
"""

import argparse
import copy
import hashlib
import os
import sys

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
# The files validated against, at commit 48ea50e34daddde55d76e30df6ecd47e4abd4d8e of
# github.com/jupyterhub/zero-to-jupyterhub-k8s (2026-07-24; appVersion 5.5.0): a different
# schema is reported, not silently used.
PINNED_SHA256 = {
    "values.schema.yaml": "2cedc7a009d6472ee97cff7d2aeeac3c323ac523c0535f1b4d16ca4d6b6acd1f",
    "values.yaml": "e9fb4f193457a4b936d33bfe227ab7c0caa59f00c92c032c2ce82d804f960856",
}


def helm_merge(base, over):
    """Helm's coalescing of user values over chart defaults."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = helm_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def quantity(q):
    """A Kubernetes quantity (1.5G, 768M, 2Gi, 500m, 0.5) as a float."""
    if isinstance(q, (int, float)):
        return float(q)
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "K": 1e3, "M": 1e6, "G": 1e9,
             "T": 1e12, "m": 1e-3}
    for u in sorted(units, key=len, reverse=True):
        if q.endswith(u):
            return float(q[: -len(u)]) * units[u]
    return float(q)


def sizing_errors(cfg):
    """What the schema cannot say: guarantees not above limits, and the figures the load test
    measured (docker/README.md, "Sizing a class") inside them."""
    errs = []
    su = cfg.get("singleuser", {})
    for what in ("cpu", "memory"):
        r = su.get(what, {})
        try:
            above = quantity(r["guarantee"]) > quantity(r["limit"])
        except (KeyError, ValueError, TypeError):
            continue  # missing, or not a quantity: the schema's business
        if above:
            errs.append(f"singleuser.{what}: guarantee {r['guarantee']} is above the limit {r['limit']}")
    mem = su.get("memory", {})
    # Measured in the image (make image-test, K = 2, 5, 10, 2026-11-28): the largest
    # container's cgroup peak; a limit below it kills a student's kernel in class.
    try:
        low = quantity(mem["limit"]) < MEASURED_PEAK_MIB * 2**20
    except (KeyError, ValueError, TypeError):
        low = False
    if low:
        errs.append(f"singleuser.memory.limit {mem['limit']} is below the measured peak of {MEASURED_PEAK_MIB} MiB")
    return errs


# The largest student container's cgroup memory peak in make image-test's load test
# (K = 5 in the CI run of make image-test, 2026-11-28 04:00 UTC; earlier runs 392-632;
# docker/README.md, "Results").
MEASURED_PEAK_MIB = 707


def validate(schema, values, cfg):
    v = jsonschema.Draft7Validator(schema)
    merged = helm_merge(values, cfg)
    errs = [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in v.iter_errors(merged)]
    return errs + sizing_errors(cfg)


def default_chart():
    """$Z2JH_CHART, else build/z2jh/chart if present, else the machine's cache folder."""
    if os.environ.get("Z2JH_CHART"):
        return os.environ["Z2JH_CHART"]
    local = os.path.join(ROOT, "build", "z2jh", "chart")
    if os.path.isdir(local):
        return local
    cache = os.environ.get("LOSSNB_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "lossnb")
    return os.path.join(cache, "z2jh", "chart-48ea50e3")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chart", default=default_chart())
    ap.add_argument("--config", default=os.path.join(HERE, "config.yaml"))
    ap.add_argument("--require", action="store_true", help="fail when the chart is not there")
    args = ap.parse_args()
    paths = {n: os.path.join(args.chart, n) for n in PINNED_SHA256}
    if not all(os.path.exists(p) for p in paths.values()):
        msg = f"z2jh: chart not found in {args.chart} (see validate.py's docstring): schema check SKIPPED"
        if args.require:
            sys.exit(msg)
        print(msg)
        return 0
    for n, p in paths.items():
        got = hashlib.sha256(open(p, "rb").read()).hexdigest()
        if got != PINNED_SHA256[n]:
            print(f"z2jh: note: {n} is not the pinned chart's (sha256 {got[:12]}…); validating against it anyway")
    schema = yaml.safe_load(open(paths["values.schema.yaml"]))
    values = yaml.safe_load(open(paths["values.yaml"]))
    cfg = yaml.safe_load(open(args.config))

    failed = False
    errs = validate(schema, values, cfg)
    for e in errs:
        print("z2jh: config.yaml:", e)
    failed |= bool(errs)

    # Broken copies that must be refused (each would be caught by `helm install` or, the
    # last, would let a student's kernel be killed or a node be overcommitted).
    def broken(edit):
        c = copy.deepcopy(cfg)
        edit(c)
        return c
    cases = {
        "a misspelt key (singleuser.memroy)": broken(lambda c: c["singleuser"].__setitem__("memroy", c["singleuser"]["memory"])),
        "a CPU limit given as text": broken(lambda c: c["singleuser"]["cpu"].__setitem__("limit", "one")),
        "storage without a home mount path": broken(lambda c: c["singleuser"]["storage"].__setitem__("homeMountPath", None)),
        "a memory guarantee above the limit": broken(lambda c: c["singleuser"]["memory"].__setitem__("guarantee", "64G")),
    }
    for what, c in cases.items():
        if not validate(schema, values, c):
            print(f"z2jh: the check accepted {what}: it cannot fail as it should")
            failed = True
    if failed:
        return 1
    print(f"z2jh: config.yaml is valid against the chart's values.schema.yaml (merged over its values.yaml); "
          f"{len(cases)} broken copies refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
