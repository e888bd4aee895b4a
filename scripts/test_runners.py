#!/usr/bin/env python3
"""Tests of the test tools themselves: a runner that cannot fail proves nothing.

Usage: test_runners.py   (from the repository root, with the kernel installed)

Builds small notebooks in a temporary folder and checks that
  * run_notebooks.py passes a good notebook and fails a bad one, naming the notebook,
    the cell number and the compiler's error text, and also fails on stderr output;
  * check_notebooks.py accepts a notebook that keeps the house rules and rejects one with
    saved outputs, no H1, no navigation or no exercises.
"""

import os
import subprocess
import sys
import tempfile

import nbformat as nbf

HERE = os.path.dirname(os.path.abspath(__file__))


def notebook(cells):
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "gonb", "display_name": "Go (gonb)", "language": "go"}
    nb.cells = cells
    return nb


def run(*args):
    p = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


failures = []
checked = 0


def expect(cond, what, output=""):
    global checked
    checked += 1
    if not cond:
        failures.append(f"{what}\n--- output:\n{output}")
    print(("ok   " if cond else "FAIL ") + what)


def main():
    with tempfile.TemporaryDirectory() as d:
        good = os.path.join(d, "good.ipynb")
        nbf.write(notebook([
            nbf.v4.new_markdown_cell("# Good"),
            nbf.v4.new_code_cell('%%\nfmt.Println("hello")'),
        ]), good)
        bad = os.path.join(d, "bad.ipynb")
        nbf.write(notebook([
            nbf.v4.new_markdown_cell("# Bad"),
            nbf.v4.new_code_cell('%%\nfmt.Println("fine")'),
            nbf.v4.new_code_cell("%%\nfmt.Println(notDefinedAnywhere)"),
        ]), bad)
        noisy = os.path.join(d, "noisy.ipynb")
        nbf.write(notebook([
            nbf.v4.new_code_cell('%%\nfmt.Fprintln(os.Stderr, "a warning")'),
        ]), noisy)

        rc, out = run(os.path.join(HERE, "run_notebooks.py"), good)
        expect(rc == 0 and "1 passed, 0 failed" in out, "run_notebooks passes a good notebook", out)
        rc, out = run(os.path.join(HERE, "run_notebooks.py"), bad)
        expect(rc == 1 and "bad.ipynb: cell 3" in out and "notDefinedAnywhere" in out,
               "run_notebooks fails a compile error, naming notebook, cell and error", out)
        rc, out = run(os.path.join(HERE, "run_notebooks.py"), noisy)
        expect(rc == 1 and "a warning" in out, "run_notebooks fails on stderr text", out)

        lint_ok = [os.path.join(d, "01-first.ipynb"), os.path.join(d, "02-second.ipynb")]
        nbf.write(notebook([
            nbf.v4.new_markdown_cell("# First\n\nNext: [Second](02-second.ipynb)"),
            nbf.v4.new_code_cell('%%\nfmt.Println(1)'),
            nbf.v4.new_markdown_cell("## Exercises\n\n## Further reading"),
        ]), lint_ok[0])
        nbf.write(notebook([
            nbf.v4.new_markdown_cell("# Second\n\nPrevious: [First](01-first.ipynb)"),
            nbf.v4.new_markdown_cell("## Exercises\n\n## Further reading"),
        ]), lint_ok[1])
        rc, out = run(os.path.join(HERE, "check_notebooks.py"), *lint_ok)
        expect(rc == 0, "check_notebooks accepts notebooks that keep the rules", out)

        nb = nbf.read(lint_ok[0], as_version=4)
        nb.cells[1].outputs = [nbf.v4.new_output("stream", name="stdout", text="1\n")]
        nb.cells[0].source = "Not a heading"
        nbf.write(nb, lint_ok[0])
        nb = nbf.read(lint_ok[1], as_version=4)
        nb.cells = [nbf.v4.new_markdown_cell("# Second")]
        nbf.write(nb, lint_ok[1])
        rc, out = run(os.path.join(HERE, "check_notebooks.py"), *lint_ok)
        expect(rc == 1 and "saved outputs" in out and "H1" in out and "previous notebook" in out
               and "Exercises" in out, "check_notebooks rejects outputs, no H1, no links, no exercises", out)

    print(f"runner self-test: {checked - len(failures)} passed, {len(failures)} failed")
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
