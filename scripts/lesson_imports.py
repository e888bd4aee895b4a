#!/usr/bin/env python3
"""Point notebooks at their own lesson package (issue 18: one lesson package per notebook).

Usage: lesson_imports.py NOTEBOOK...

In every code cell of each notebook, the import path
github.com/lossnb/lossnb/lossnb/lesson becomes .../lossnb/lesson/<pkg>, and every
`lesson.` identifier prefix becomes `<pkg>.`, where <pkg> is the package of the
notebook's number (the file name starts with NN-). In markdown cells only names in
inline code change (`lesson.X` becomes `<pkg>.X`, also inside a longer span). Nothing else in the notebook is
touched (other prose, metadata, outputs), and the file is rewritten only when a cell
changed, keeping the notebook's JSON layout (one-space indent, as nbformat writes).
Running it twice changes nothing the second time.
"""

import json
import os
import re
import sys

PACKAGES = {
    "01": "keyidea",
    "02": "likelihood",
    "03": "robust",
    "04": "surrogate",  # not "focal": the notebook's exercise defines func focal
    "05": "adversarial",
    "06": "contrastive",
    "07": "ranking",
}
OLD_PATH = "github.com/lossnb/lossnb/lossnb/lesson"
# `lesson.` as an identifier prefix: not part of a longer name (mylesson.) and not a path
# element (lossnb/lesson.go would be preceded by "/").
PREFIX = re.compile(r"(?<![\w./])lesson\.(?=[A-Za-z_])")
# An inline code span of markdown: `m := lesson.GANMixture{...}` names lesson too.
INLINE_CODE = re.compile(r"`[^`\n]+`")


def rewrite(source, pkg):
    src = re.sub(re.escape(OLD_PATH) + r'(?=")', f"{OLD_PATH}/{pkg}", source)
    return PREFIX.sub(f"{pkg}.", src)


def convert(path):
    number = os.path.basename(path)[:2]
    pkg = PACKAGES.get(number)
    if pkg is None:
        sys.exit(f"lesson_imports.py: {path}: no lesson package for notebook number {number!r}")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    nb = json.loads(text)
    changed = 0
    for cell in nb.get("cells", []):
        kind = cell.get("cell_type")
        if kind not in ("code", "markdown"):
            continue
        src = cell.get("source", "")
        joined = "".join(src) if isinstance(src, list) else src
        if kind == "code":
            new = rewrite(joined, pkg)
        else:
            new = INLINE_CODE.sub(lambda m: PREFIX.sub(f"{pkg}.", m.group(0)), joined)
        if new != joined:
            changed += 1
            cell["source"] = new.splitlines(keepends=True) if isinstance(src, list) else new
    if changed:
        out = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(out)
    print(f"{path}: {changed} cells now name lesson/{pkg}")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        convert(path)


if __name__ == "__main__":
    main()
