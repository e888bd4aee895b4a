#!/usr/bin/env python3
"""Compare the outputs of two headless runs of the notebooks (scripts/run_notebooks.py --out).

Usage: compare_executed.py BEFORE_DIR AFTER_DIR [--images]

For every notebook present in both folders, the outputs of its code cells are compared
in order: stream text, text/plain, and text/html (which carries each chart's option
JSON), after normalising what legitimately changes from run to run: the random element
ids of the charts (lossnb-<hex>), execution counts and metadata (timings), and
how a cell's printed text was cut into stream messages. With
--images the PNG twins are compared too (byte for byte, as base64). Cells are matched
by their position among the code cells whose source is the same once the import path
of the lesson packages is normalised (lesson/<pkg> and `<pkg>.` read as lesson), so a
notebook whose imports were rewritten by scripts/lesson_imports.py still lines up.
Prints one line per notebook and every differing output; exits 1 on any difference.
"""

import difflib
import json
import os
import re
import sys

ID = re.compile(r"lossnb-[0-9a-f]{8,}")
PKGS = "keyidea|likelihood|robust|surrogate|adversarial|contrastive|ranking"
SRC_PKG = re.compile(r"lossnb/lesson/(?:%s)\b|\b(?:%s)\.(?=[A-Z])" % (PKGS, PKGS))


def norm_src(src):
    return SRC_PKG.sub(lambda m: "lossnb/lesson" if m.group(0).startswith("lossnb") else "lesson.", src)


def outputs(cell, images):
    out = []
    for o in cell.get("outputs", []):
        kind = o.get("output_type")
        if kind == "stream":
            # The kernel may cut one print into several stream messages, differently
            # on each run: consecutive chunks of the same stream are joined.
            key, text = "stream:" + o.get("name", ""), "".join(o.get("text", ""))
            if out and out[-1][0] == key:
                out[-1] = (key, out[-1][1] + text)
            else:
                out.append((key, text))
            continue
        data = o.get("data", {})
        for mime in sorted(data):
            if mime == "image/png" and not images:
                continue
            v = data[mime]
            v = "".join(v) if isinstance(v, list) else v
            if not isinstance(v, str):
                v = json.dumps(v, sort_keys=True)
            out.append((kind + ":" + mime, ID.sub("lossnb-ID", v)))
    return out


def code_cells(path):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    cells = []
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            src = c["source"]
            cells.append((norm_src("".join(src) if isinstance(src, list) else src), c))
    return cells


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    images = "--images" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    before, after = args
    bad = 0
    for name in sorted(os.listdir(before)):
        if not name.endswith(".ipynb") or not os.path.exists(os.path.join(after, name)):
            continue
        a, b = code_cells(os.path.join(before, name)), code_cells(os.path.join(after, name))
        diffs, compared = [], 0
        if [s for s, _ in a] != [s for s, _ in b]:
            diffs.append("the code cells differ (beyond the lesson import path)")
        for i, ((_, ca), (_, cb)) in enumerate(zip(a, b)):
            oa, ob = outputs(ca, images), outputs(cb, images)
            compared += len(oa)
            if oa == ob:
                continue
            for j in range(max(len(oa), len(ob))):
                x = oa[j] if j < len(oa) else ("missing", "")
                y = ob[j] if j < len(ob) else ("missing", "")
                if x != y:
                    d = difflib.unified_diff(x[1].splitlines(), y[1].splitlines(), lineterm="", n=0)
                    diffs.append(f"code cell {i + 1}, output {j + 1} ({x[0]} / {y[0]}):\n" + "\n".join(list(d)[:12]))
        print(f"{'same' if not diffs else 'DIFFERENT'}  {name}: {compared} outputs compared")
        for d in diffs:
            print("  " + d.replace("\n", "\n    "))
        bad += bool(diffs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
