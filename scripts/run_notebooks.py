#!/usr/bin/env python3
"""Execute notebooks headless with the GoNB kernel and fail on any error.

Usage: run_notebooks.py [--timeout SECONDS] [--out DIR] NOTEBOOK...

Each notebook is executed with nbclient, top to bottom, in a copy (the
committed .ipynb files keep no outputs and are never written). A cell fails
the run when it raises, or when any of its outputs is an error or a stream on
stderr: a notebook shown to students must not print warnings either. The
report names the notebook, the cell number (1-based, counting every cell as
JupyterLab shows them) and the cell's error text.

With --out DIR the executed notebooks are written there, for tests that
assert on their outputs and for the exported site.
"""

import argparse
import html
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

TAG_RE = re.compile(r"<[^>]+>")
BLOCK_RE = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)


def plain(text):
    """GoNB sends compile errors as HTML; keep the words, drop the markup."""
    text = TAG_RE.sub("", BLOCK_RE.sub("", text))
    lines = (line.rstrip() for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line.strip())


def output_problems(cell):
    """Yield the text of every error or stderr output of an executed cell."""
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "error":
            tb = "\n".join(out.get("traceback") or [])
            yield plain(f"{out.get('ename', '')}: {out.get('evalue', '')}\n{tb}")
        elif kind == "stream" and out.get("name") == "stderr":
            yield plain(out.get("text", ""))
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            # GoNB shows compile errors as display_data HTML, not as an error output.
            text = data.get("text/html", "")
            if isinstance(text, list):
                text = "".join(text)
            if "gonb-error" in text or "gonb-err-context" in text:
                yield plain(text)


def run(path, timeout, out_dir):
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "gonb":
        return [f"{path}: kernelspec is {kernel!r}, want 'gonb'"], 0.0
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="gonb",
        allow_errors=True,  # collect every failing cell, not only the first
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    start = time.monotonic()
    problems = []
    try:
        client.execute()
    except CellTimeoutError as e:
        problems.append(f"{path}: a cell ran longer than {timeout} s: {e}")
    except DeadKernelError as e:
        problems.append(f"{path}: the kernel died: {e}")
    except CellExecutionError as e:  # only with allow_errors=False, kept for safety
        problems.append(f"{path}: {e}")
    elapsed = time.monotonic() - start
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        for text in output_problems(cell):
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            problems.append(f"{path}: cell {i} ({first[:60]!r}) failed:\n    "
                            + "\n    ".join(text.splitlines()[:30]))
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
    return problems, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=int, default=300, help="per-cell limit in seconds")
    ap.add_argument("--out", help="write executed notebooks to this folder")
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    failed = 0
    for path in args.notebooks:
        problems, elapsed = run(path, args.timeout, args.out)
        status = "FAIL" if problems else "ok"
        print(f"{status:4} {path} ({elapsed:.1f} s)", flush=True)
        for p in problems:
            print("  " + p, flush=True)
        failed += bool(problems)
    print(f"notebooks: {len(args.notebooks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
