#!/usr/bin/env bash
# make image-test, step 5: `lossnb grade` inside the image, as docker/README.md ("Grading in
# the image") tells an instructor to run it: root in the container (the grader's sandbox
# mounts, unshares, brings up loopback in its own network namespace and switches to
# unprivileged uids), CAP_SYS_ADMIN and CAP_NET_ADMIN with seccomp and
# AppArmor's default profiles off (they refuse mount and unshare), no network.
# The whole invocation is in this one file, so that a change to the grading interface is
# one edit here.
#
# Usage: grade.sh IMAGE OUT_DIR
#   a) the end-to-end grading test of cmd/lossnb (TestGradeEndToEnd: the honest and hostile
#      submissions -- perfect, blank, partial, endless loop, panics, os.Exit, forged
#      results, reads of the hidden tests and of other submissions, ...) run in the image
#      with the image's Go, GoNB, module cache and sandbox tools; it grades through the same
#      entry point as the command with -cell-timeout 20s -timeout 100s -jobs 2;
#   b) the `lossnb grade` command itself, with docker/README.md's flags, on the blank student
#      release (must be graded "ok" with score 0) -- the gradebook lands in OUT_DIR.
set -euo pipefail
image=$1 out=$2
DOCKER=${DOCKER:-/usr/bin/docker}
mkdir -p "$out/submissions" "$out/graded"
cp notebooks/01-key-idea.ipynb "$out/submissions/blank.ipynb"
# The flags of docker/README.md, "Grading in the image".
grade_flags=(--rm --network none --user root --cap-add SYS_ADMIN --cap-add NET_ADMIN
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined)
name=lossnb-it-grade-$$
cleanup() { $DOCKER rm -f "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "image-test: grading the end-to-end test's honest and hostile submissions in the image"
$DOCKER run "${grade_flags[@]}" --name "$name" -w /opt/lossnb "$image" \
  go test ./cmd/lossnb -grade.e2e -run 'TestGradeEndToEnd' -count=1 -timeout 15m

echo "image-test: lossnb grade (the command) on the blank release"
$DOCKER run "${grade_flags[@]}" --name "$name" \
  -v "$(cd "$out" && pwd)/submissions:/submissions:ro" -v "$(cd "$out" && pwd)/graded:/graded" \
  "$image" lossnb grade -source /opt/lossnb/coursework/source/01-key-idea.ipynb -out /graded /submissions
book=$out/graded/gradebook.csv
head -3 "$book"
# The blank release: graded as blank (no answer filled in), nothing earned.
python3 - "$book" <<'PY'
import csv, sys
row = next((r for r in csv.DictReader(open(sys.argv[1])) if r["student"] == "blank"), None)
if row is None or row["status"] != "blank" or row["score"] != "0":
    sys.exit(f"image-test: blank release graded as {row}, want status blank, score 0")
print("image-test: blank release graded blank, score 0")
PY
