#!/usr/bin/env bash
# make image-test, step 5: `lossnb grade` inside the image, as docker/README.md ("Grading in
# the image") tells an instructor to run it: root in the container (the grader gives each
# submission a uid of its own), no network, Docker's seccomp profile off (it refuses the
# user namespace bubblewrap makes for a submission, internal/grade/sandbox.go: "No
# permissions to create new namespace") and Docker's masked /proc paths off (with them the
# kernel refuses the fresh /proc of the submission's pid namespace: "Can't mount proc on
# /newroot/proc"). No capability is added: bubblewrap's namespaces give it what it needs.
# Tried here with each flag left out: both are needed, and --cap-add SYS_ADMIN does not
# replace the second.
# The whole invocation is in this one file, so that a change to the grading interface is
# one edit here.
#
# Usage: grade.sh IMAGE OUT_DIR [VOLUME_PREFIX...]
#   a) the end-to-end grading test of cmd/lossnb (TestGradeEndToEnd: the honest and hostile
#      submissions -- perfect, blank, partial, endless loop, panics, os.Exit, forged
#      results, reads of the hidden tests and of other submissions, ...) run in the image
#      with the image's Go, GoNB, module cache and bubblewrap; it grades through the same
#      entry point as the command and checks every row of the gradebook against what it
#      expects (the same expectations as on the host, `make coursework`);
#   b) the hand-ins collected from students' JupyterHub volumes with
#      docker/collect-handins.sh (docker/README.md, "Collecting hand-ins"), then graded
#      by the `lossnb grade` command with the README's flags: two volumes made here as
#      DockerSpawner makes them (a container of the image on each, whose start hook copies
#      the course into ~/lossnb/): "ada" hands in the instructor's solution, "bob" leaves
#      his copy untouched; and the volumes whose name starts with each VOLUME_PREFIX (the
#      nothing-lost step's student "keeper", whose notebook was saved with outputs and a
#      note, then survived a killed container and hub). Wanted: ada ok 24, every other
#      student ok 0. The gradebook lands in OUT_DIR/graded.
set -euo pipefail
image=$1 out=$2
shift 2
DOCKER=${DOCKER:-/usr/bin/docker}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out/submissions" "$out/submissions-collected.tsv" "$out/graded"
mkdir -p "$out/submissions" "$out/graded"
# The flags of docker/README.md, "Grading in the image".
grade_flags=(--rm --network none --user root --security-opt seccomp=unconfined
  --security-opt systempaths=unconfined)
name=lossnb-it-grade-$$
vols=(lossnb-it-vol-ada lossnb-it-vol-bob)
cleanup() {
  $DOCKER rm -f "$name" >/dev/null 2>&1 || true
  $DOCKER volume rm -f "${vols[@]}" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "image-test: grading the end-to-end test's honest and hostile submissions in the image"
$DOCKER run "${grade_flags[@]}" --name "$name" -w /opt/lossnb "$image" \
  go test ./cmd/lossnb -grade.e2e -run 'TestGradeEndToEnd' -count=1 -timeout 15m

echo "image-test: students' volumes, made as DockerSpawner makes them"
for v in "${vols[@]}"; do
  $DOCKER volume create "$v" >/dev/null
  # The image's entrypoint runs the start hook (the course into ~/lossnb/), as when
  # JupyterHub starts the student's server on a new volume.
  $DOCKER run --rm --network none --name "$name" -v "$v:/home/jovyan" "$image" true
done
# ada hands in the worked solution (the instructor's source, as a student who solved
# every exercise would save it); bob hands in the copy the start hook made.
$DOCKER run --rm --network none --name "$name" -v lossnb-it-vol-ada:/home/jovyan "$image" \
  cp /opt/lossnb/coursework/source/01-key-idea.ipynb /home/jovyan/lossnb/01-key-idea.ipynb
for prefix in lossnb-it-vol- "$@"; do
  DOCKER=$DOCKER bash "$here/../collect-handins.sh" -p "$prefix" -i "$image" \
    lossnb/01-key-idea.ipynb "$out/submissions"
done
cat "$out/submissions-collected.tsv"

echo "image-test: lossnb grade (the command) on the collected hand-ins"
$DOCKER run "${grade_flags[@]}" --name "$name" \
  -v "$(cd "$out" && pwd)/submissions:/submissions:ro" -v "$(cd "$out" && pwd)/graded:/graded" \
  "$image" lossnb grade -source /opt/lossnb/coursework/source/01-key-idea.ipynb -out /graded /submissions
book=$out/graded/gradebook.csv
cut -d, -f1,3,4 "$book"
python3 - "$book" "$#" <<'PY'
import csv, sys
rows = {r["student"]: r for r in csv.DictReader(open(sys.argv[1]))}
# (statuses allowed, score): bob hands in the release the start hook copied, unchanged, which
# lossnb grade reports as blank (no answer filled in); the nothing-lost step's notebook has
# cells run and saved but no answer written, so blank or ok, and 0 either way.
want = {"ada": ({"ok"}, "24"), "bob": ({"blank"}, "0")}
if int(sys.argv[2]):  # the nothing-lost step's volume was handed in too
    want["keeper"] = ({"ok", "blank"}, "0")
bad = [f"{s}: {rows.get(s, {}).get('status')} {rows.get(s, {}).get('score')}, want {'/'.join(sorted(st))} {w}"
       for s, (st, w) in want.items() if rows.get(s, {}).get("status") not in st or rows[s]["score"] != w]
extra = sorted(set(rows) - set(want))
if bad or extra:
    sys.exit("image-test: collected hand-ins graded wrong: " + "; ".join(bad + [f"unexpected row {e}" for e in extra]))
print("image-test: hand-ins collected from %d volumes and graded: %s" %
      (len(rows), ", ".join(f"{s} {rows[s]['status']} {rows[s]['score']}" for s in sorted(rows))))
PY
