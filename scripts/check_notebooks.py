#!/usr/bin/env python3
"""Lint the committed notebooks: the course's house rules for notebooks (listed below), checked.

Usage: check_notebooks.py NOTEBOOK...

Each notebook must
  * be a valid nbformat 4 notebook whose kernelspec is gonb;
  * be named NN-title.ipynb, numbered without gaps from 01;
  * hold no outputs and no execution counts (executed copies are built, not committed);
  * open with a markdown cell whose first line is an H1;
  * link to the previous and the next notebook (the first has no previous, the last no next);
  * end with a section of exercises and one of further reading.
"""

import os
import re
import sys

import nbformat

NAME_RE = re.compile(r"^(\d\d)-[a-z0-9-]+\.ipynb$")


def check(path, prev_name, next_name):
    problems = []
    name = os.path.basename(path)
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # any parse or schema error is reported, not raised
        return [f"{path}: not a valid notebook: {e}"]
    if nb.metadata.get("kernelspec", {}).get("name") != "gonb":
        problems.append(f"{path}: kernelspec is not gonb")
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(f"{path}: cell {i} has saved outputs; clear them before committing")
    if not nb.cells or nb.cells[0].cell_type != "markdown" or not nb.cells[0].source.startswith("# "):
        problems.append(f"{path}: the first cell must be markdown starting with an H1 ('# Title')")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for other, word in ((prev_name, "previous"), (next_name, "next")):
        if other and f"({other})" not in text:
            problems.append(f"{path}: no link to the {word} notebook {other}")
    headings = [l.lower() for l in text.splitlines() if l.startswith("#")]
    if not any("exercise" in h for h in headings):
        problems.append(f"{path}: no 'Exercises' section")
    if not any("further reading" in h for h in headings):
        problems.append(f"{path}: no 'Further reading' section")
    return problems


def main():
    paths = sorted(sys.argv[1:])
    problems = []
    names = [os.path.basename(p) for p in paths]
    for i, (path, name) in enumerate(zip(paths, names)):
        m = NAME_RE.match(name)
        if not m:
            problems.append(f"{path}: name must look like NN-title.ipynb (lower case, dashes)")
        elif int(m.group(1)) != i + 1:
            problems.append(f"{path}: expected number {i + 1:02d} (notebooks are numbered without gaps)")
        prev_name = names[i - 1] if i > 0 else None
        next_name = names[i + 1] if i + 1 < len(names) else None
        problems += check(path, prev_name, next_name)
    for p in problems:
        print(p)
    print(f"notebook lint: {len(paths) - len({p.split(':')[0] for p in problems})} passed, "
          f"{len({p.split(':')[0] for p in problems})} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
