#!/usr/bin/env python3
"""Tests of the test tools themselves: a runner that cannot fail proves nothing.

Usage (from the repository root, with the kernel installed; `make selftest`):

    .venv/bin/python -m pytest -p no:cacheprovider scripts/test_runners.py
    .venv/bin/python scripts/test_runners.py      # the same, through pytest

Builds small notebooks in a temporary folder and checks that
  * run_notebooks.py passes a good notebook and fails a bad one, naming the notebook,
    the cell number and the compiler's error text, and also fails on stderr output;
  * check_notebooks.py accepts a notebook that keeps the house rules and rejects one with
    saved outputs, no H1, no navigation or no exercises;
  * an exercise's check cell run alone in a fresh kernel (as after a restart) ends with
    the sentence telling the student to run the answer cell first.
"""

import os
import subprocess
import sys

import nbformat as nbf
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def notebook(cells):
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "gonb", "display_name": "Go (gonb)", "language": "go"}
    nb.cells = cells
    return nb


def run(script, *args):
    """Runs scripts/SCRIPT with this Python; returns its exit status and its output."""
    p = subprocess.run([sys.executable, os.path.join(HERE, script), *args], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """A good notebook, one with a compile error in cell 3, one that writes to stderr."""
    d = tmp_path_factory.mktemp("runners")
    paths = {name: str(d / f"{name}.ipynb") for name in ("good", "bad", "noisy")}
    nbf.write(notebook([
        nbf.v4.new_markdown_cell("# Good"),
        nbf.v4.new_code_cell('%%\nfmt.Println("hello")'),
    ]), paths["good"])
    nbf.write(notebook([
        nbf.v4.new_markdown_cell("# Bad"),
        nbf.v4.new_code_cell('%%\nfmt.Println("fine")'),
        nbf.v4.new_code_cell("%%\nfmt.Println(notDefinedAnywhere)"),
    ]), paths["bad"])
    nbf.write(notebook([
        nbf.v4.new_code_cell('%%\nfmt.Fprintln(os.Stderr, "a warning")'),
    ]), paths["noisy"])
    return paths


# A runner that failed every notebook (a broken kernel setup) would fail here.
def test_run_notebooks_passes_a_good_notebook(notebooks):
    rc, out = run("run_notebooks.py", notebooks["good"])
    assert rc == 0 and "1 passed, 0 failed" in out, out


# A runner that passed a notebook whose cell does not compile, or did not say where, fails here.
def test_run_notebooks_fails_a_compile_error_naming_notebook_cell_and_error(notebooks):
    rc, out = run("run_notebooks.py", notebooks["bad"])
    assert rc == 1 and "bad.ipynb: cell 3" in out and "notDefinedAnywhere" in out, out


# Stderr text is a failure: a runner that ignored warnings would pass here.
def test_run_notebooks_fails_on_stderr_text(notebooks):
    rc, out = run("run_notebooks.py", notebooks["noisy"])
    assert rc == 1 and "a warning" in out, out


# After a kernel restart a student runs only an exercise's check cell: the release's setup
# cell and notebook 01's Huber check, without the answer cell, in a fresh kernel. The
# compiler says "undefined: huber"; lossnb-go (the kernel's go) must add a sentence the
# student understands. Fails if the hint is lost (a kernelspec without build/kernel-bin on
# its PATH, or lossnb-go no longer adding it).
def test_check_cell_alone_says_run_the_answer_cell_first(tmp_path):
    release = nbf.read(os.path.join(HERE, "..", "notebooks", "01-key-idea.ipynb"), as_version=4)
    code = [c for c in release.cells if c.cell_type == "code"]
    check = [c for c in code if c.source.startswith("%%") and "return huber(r, 1)" in c.source]
    assert check, "notebook 01 has no check cell of huber"
    path = str(tmp_path / "alone.ipynb")
    nbf.write(notebook([nbf.v4.new_markdown_cell("# Alone"), code[0], check[0]]), path)
    rc, out = run("run_notebooks.py", path)
    assert rc == 1 and "undefined: huber" in out, out
    assert "lossnb: huber and huberGrad are not defined in this kernel session" in out and "run that cell first" in out, out


def lint_pair(d):
    """Two notebooks that keep the house rules: numbered, linked, with exercises and reading."""
    paths = [str(d / "01-first.ipynb"), str(d / "02-second.ipynb")]
    nbf.write(notebook([
        nbf.v4.new_markdown_cell("# First\n\nNext: [Second](02-second.ipynb)"),
        nbf.v4.new_code_cell('%%\nfmt.Println(1)'),
        nbf.v4.new_markdown_cell("## Exercises\n\n## Further reading"),
    ]), paths[0])
    nbf.write(notebook([
        nbf.v4.new_markdown_cell("# Second\n\nPrevious: [First](01-first.ipynb)"),
        nbf.v4.new_markdown_cell("## Exercises\n\n## Further reading"),
    ]), paths[1])
    return paths


# A lint that refused everything would fail here.
def test_check_notebooks_accepts_notebooks_that_keep_the_rules(tmp_path):
    rc, out = run("check_notebooks.py", *lint_pair(tmp_path))
    assert rc == 0, out


# A lint that missed saved outputs, a missing H1, a missing link or missing exercises fails here.
def test_check_notebooks_rejects_outputs_no_h1_no_links_no_exercises(tmp_path):
    paths = lint_pair(tmp_path)
    nb = nbf.read(paths[0], as_version=4)
    nb.cells[1].outputs = [nbf.v4.new_output("stream", name="stdout", text="1\n")]
    nb.cells[0].source = "Not a heading"
    nbf.write(nb, paths[0])
    nb = nbf.read(paths[1], as_version=4)
    nb.cells = [nbf.v4.new_markdown_cell("# Second")]
    nbf.write(nb, paths[1])
    rc, out = run("check_notebooks.py", *paths)
    assert rc == 1, out
    for want in ("saved outputs", "H1", "previous notebook", "Exercises"):
        assert want in out, f"no {want!r} in:\n{out}"


if __name__ == "__main__":
    sys.exit(pytest.main(["-p", "no:cacheprovider", "-v", __file__]))
