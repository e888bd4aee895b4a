#!/usr/bin/env python3
"""Execute one notebook for `lossnb grade`, cell by cell, within time limits.

Usage: grade_sandbox.py --in NB --out NB --status JSON --kernel NAME
                        [--cell-timeout S] [--timeout S] [--cwd DIR]

The kernel NAME is a kernelspec that `lossnb grade` wrote for this submission (its
argv starts the GoNB kernel through scripts/grade_sandbox.sh); JUPYTER_PATH points to
it. This process runs as the grader: it holds the notebook with the hidden tests, and
the sandboxed kernel only ever receives the cells it executes, one at a time.

Every code cell runs with a time limit of --cell-timeout seconds; a cell over it is
interrupted and the next cell runs. The notebook as a whole gets --timeout seconds;
cells not started by then are skipped. The executed notebook is written to --out and
a summary to --status:

  {"state": "ok" | "timeout" | "kernel_died" | "error",
   "timeouts": [cell index, ...], "skipped_from": index or null, "error": text,
   "seconds": elapsed}
"""

import argparse
import json
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--in", dest="inp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--status", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--cell-timeout", type=float, default=30)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--startup-timeout", type=float, default=60)
    ap.add_argument("--cwd", default=None)
    args = ap.parse_args()

    nb = nbformat.read(args.inp, as_version=4)
    status = {"state": "ok", "timeouts": [], "skipped_from": None, "error": "", "seconds": 0.0}
    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=int(args.cell_timeout),
        startup_timeout=int(args.startup_timeout),
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": "CellTimeout", "evalue": "cell timeout", "traceback": []},
        resources={"metadata": {"path": args.cwd}} if args.cwd else {},
    )
    start = time.monotonic()
    deadline = start + args.timeout
    try:
        with client.setup_kernel():
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                left = deadline - time.monotonic()
                if left < 1:
                    status["state"] = "timeout"
                    status["skipped_from"] = i
                    break
                limit = max(1, int(min(args.cell_timeout, left)))
                client.timeout = limit
                t0 = time.monotonic()
                try:
                    client.execute_cell(cell, i)
                except DeadKernelError as e:
                    status["state"] = "kernel_died"
                    status["error"] = f"cell {i}: {e}"
                    break
                if time.monotonic() - t0 >= limit - 0.05:
                    status["timeouts"].append(i)
                    if status["state"] == "ok":
                        status["state"] = "timeout"
    except DeadKernelError as e:
        status["state"] = "kernel_died"
        status["error"] = str(e)
    except Exception as e:  # the kernel did not start, or the client failed
        status["state"] = "error"
        status["error"] = f"{type(e).__name__}: {e}"
    status["seconds"] = round(time.monotonic() - start, 3)
    nbformat.write(nb, args.out)
    with open(args.status, "w") as f:
        json.dump(status, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
