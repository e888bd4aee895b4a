#!/usr/bin/env bash
# Test that nbgrader, configured as in nbgrader_config.py, releases and autogrades lossnb's
# instructor sources: the release has the Go stub and no hidden tests, a full solution gets
# every point and the untouched release gets none.
#
# Usage: coursework/nbgrader/test_nbgrader.sh [NBGRADER_VENV]
#   NBGRADER_VENV: a virtualenv with nbgrader (default: make one in build/nbgrader-venv with
#   nbgrader==0.9.6 from PyPI). The GoNB kernel comes from the repository's .venv (make install).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${1:-$ROOT/build/nbgrader-venv}
if [[ ! -x "$VENV/bin/nbgrader" ]]; then
	echo "test_nbgrader: installing nbgrader 0.9.6 into $VENV"
	python3 -m venv "$VENV"
	"$VENV/bin/pip" install --quiet --disable-pip-version-check nbgrader==0.9.6
fi
COURSE=$(mktemp -d -t lossnb-nbgrader-XXXXXX)
trap 'rm -rf "$COURSE"' EXIT
cp "$ROOT/coursework/nbgrader/nbgrader_config.py" "$COURSE/"
mkdir -p "$COURSE/source/ps1"
cp "$ROOT/coursework/source/01-key-idea.ipynb" "$COURSE/source/ps1/"
cd "$COURSE"
# The gonb kernelspec that `make install` put in the repository's .venv.
export JUPYTER_PATH="$ROOT/.venv/share/jupyter"
export PATH="$VENV/bin:$PATH"

nbgrader generate_assignment ps1 --force --log-level=WARN
REL=release/ps1/01-key-idea.ipynb
"$VENV/bin/python" - "$REL" <<'PY'
import sys, nbformat
nb = nbformat.read(sys.argv[1], 4)
text = "\n".join(c.source for c in nb.cells)
assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text, "solutions or hidden tests left"
assert 'panic("not implemented: your code here")' in text, "no Go stub"
print("release: Go stubs in, solutions and hidden tests out")
PY

# alice answers everything (the source's solutions, markers and all); bob hands in the release;
# carol answers everything but predicts the mean for exercise 3a.
mkdir -p submitted/alice/ps1 submitted/bob/ps1 submitted/carol/ps1
cp "$REL" submitted/bob/ps1/
"$VENV/bin/python" - "$REL" "source/ps1/01-key-idea.ipynb" submitted/alice/ps1/01-key-idea.ipynb <<'PY'
import sys, nbformat
rel, src, out = sys.argv[1:]
rel, src = nbformat.read(rel, 4), nbformat.read(src, 4)
answers = {c.metadata.nbgrader["grade_id"]: c.source for c in src.cells
           if c.metadata.get("nbgrader", {}).get("solution")}
for c in rel.cells:
    gid = c.metadata.get("nbgrader", {}).get("grade_id")
    if gid in answers:
        c.source = answers[gid]
nbformat.write(rel, out)
for c in rel.cells:
    if c.metadata.get("nbgrader", {}).get("grade_id") == "ex3a-predict":
        c.source = "func maePrediction() float64 { return 11.6 }"
nbformat.write(rel, out.replace("alice", "carol"))
PY

# (nbgrader warns that the checksums of the check cells changed: they hold hidden tests.)
LOSSNB_CHECKS=nbgrader nbgrader autograde ps1 --force --log-level=ERROR 2>&1 | grep -v SAWarning | grep -v "for notebook in\|return \[x for" || true
nbgrader export --log-level=WARN --to grades.csv >/dev/null
"$VENV/bin/python" - grades.csv <<'PY'
import csv, sys
rows = {r["student_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
a, b, c = rows["alice"], rows["bob"], rows["carol"]
print(f"alice {a['score']}/{a['max_score']}, bob {b['score']}/{b['max_score']}, carol {c['score']}/{c['max_score']}")
assert float(a["score"]) == float(a["max_score"]) > 0, "the full solution lost points"
assert float(b["score"]) == 0, "the untouched release got points"
assert float(c["score"]) == float(a["max_score"]) - 1, "a wrong prediction (1 point) was not marked"
PY
echo "nbgrader: ok"
