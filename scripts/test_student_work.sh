#!/usr/bin/env bash
# A student's edited notebook survives what the Makefile does to the course: `make lab`
# (its seed step) run again, `make release-check` (in `make test`), `make release`, and
# `make update` with a new release of the course. Drives the real Makefile targets on
# temporary folders (WORK, NOTEBOOKS), so the repository's own files are not touched.
# Usage (from the repository root, after `make install`): bash scripts/test_student_work.sh
set -euo pipefail
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
work=$tmp/work course=$tmp/course
m() { make -s --no-print-directory -o install "$@"; }
fail() { echo "student-work: FAIL: $*" >&2; exit 1; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
# edit FILE ID TEXT: sets the source of the cell whose grade_id (or id) is ID.
edit() {
  python3 - "$@" <<'PY'
import json, sys
path, key, text = sys.argv[1:]
nb = json.load(open(path))
for c in nb["cells"]:
    if c.get("metadata", {}).get("nbgrader", {}).get("grade_id", c.get("id")) == key:
        c["source"] = text
        break
else:
    sys.exit(f"no cell {key} in {path}")
json.dump(nb, open(path, "w"), indent=1, ensure_ascii=False)
PY
}
# cell FILE ID: prints the source of that cell.
cell() {
  python3 - "$@" <<'PY'
import json, sys
path, key = sys.argv[1:]
for c in json.load(open(path))["cells"]:
    if c.get("metadata", {}).get("nbgrader", {}).get("grade_id", c.get("id")) == key:
        print("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
PY
}
answer=$'func huber(r, delta float64) float64 {\n\treturn 0.5 * r * r // the student\'s answer\n}'

# 1. make lab's seed step copies the course into WORK; the student answers exercise 1.
mkdir -p "$course" && cp -R notebooks/*.ipynb notebooks/images "$course/"
m seed NOTEBOOKS="$course" WORK="$work" >/dev/null
[ -f "$work/01-key-idea.ipynb" ] && [ -d "$work/images" ] || fail "make lab did not copy the course into WORK"
edit "$work/01-key-idea.ipynb" ex1-huber "$answer"
mine=$(sum "$work/01-key-idea.ipynb")

# 2. make lab again, make release-check, make release: the copy in WORK is untouched.
m seed NOTEBOOKS="$course" WORK="$work" >/dev/null
m release-check WORK="$work" >/dev/null || fail "release-check fails on the committed notebooks"
m release NOTEBOOKS="$course" >/dev/null
[ "$(sum "$work/01-key-idea.ipynb")" = "$mine" ] || fail "seed, release-check or release changed the student's copy"

# 3. A student who edited the release in place (as `make lab` used to make them do):
#    release-check explains without suggesting anything destructive; make release refuses.
edit "$course/01-key-idea.ipynb" ex1-huber "$answer"
inplace=$(sum "$course/01-key-idea.ipynb")
if out=$(m release-check NOTEBOOKS="$course" 2>&1); then fail "release-check passed an edited release"; fi
grep -q "01-key-idea.ipynb was edited after it was released (edited cell .* (ex1-huber))" <<<"$out" || fail "release-check does not say what differs: $out"
grep -q "mv -n" <<<"$out" || fail "release-check does not say how to keep the work: $out"
if grep -Eq "FORCE|-force|git checkout|git reset|git stash|rm " <<<"$out"; then fail "release-check suggests a destructive command: $out"; fi
if out=$(m release NOTEBOOKS="$course" 2>&1); then fail "make release overwrote an edited release"; fi
grep -q "FORCE=1" <<<"$out" || fail "make release's refusal does not say how to force: $out"
[ "$(sum "$course/01-key-idea.ipynb")" = "$inplace" ] || fail "a refused make release changed the edited release"
m release NOTEBOOKS="$course" FORCE=1 >/dev/null
cmp -s "$course/01-key-idea.ipynb" notebooks/01-key-idea.ipynb || fail "make release FORCE=1 did not write the release"

# 4. A course update: a new release in which the first paragraph changed.
src=$tmp/source && mkdir -p "$src" && cp coursework/source/01-key-idea.ipynb "$src/"
python3 - "$src/01-key-idea.ipynb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
c = nb["cells"][0]
c["source"] = ("".join(c["source"]) if isinstance(c["source"], list) else c["source"]) + "\n\nUpdated for this term."
json.dump(nb, open(sys.argv[1], "w"), indent=1, ensure_ascii=False)
PY
build/bin/lossnb assign -out "$course" "$src/01-key-idea.ipynb" >/dev/null
out=$(m seed NOTEBOOKS="$course" WORK="$work")
grep -q "newer version of 01-key-idea.ipynb" <<<"$out" || fail "make lab does not say an update is there: $out"
[ "$(sum "$work/01-key-idea.ipynb")" = "$mine" ] || fail "make lab brought the update in without being asked"
out=$(m update NOTEBOOKS="$course" WORK="$work" NB=01-key-idea)
[ "$(cell "$work/01-key-idea.ipynb" ex1-huber)" = "$answer" ] || fail "make update lost the student's answer: $out"
grep -q "Updated for this term." "$work/01-key-idea.ipynb" || fail "make update did not bring in the course's change: $out"
ls "$work/.lossnb-backup/"01-key-idea.*.ipynb >/dev/null 2>&1 || fail "make update kept no backup"
after=$(sum "$work/01-key-idea.ipynb")
out=$(m update NOTEBOOKS="$course" WORK="$work")
grep -q "01-key-idea.ipynb: up to date" <<<"$out" && [ "$(sum "$work/01-key-idea.ipynb")" = "$after" ] || fail "a second make update is not a no-op: $out"
echo "student-work: a student's copy survived make lab, release-check, make release and make update"
