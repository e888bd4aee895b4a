#!/usr/bin/env bash
# make image-test: build the classroom image for real and test it (docker/README.md, "Tested
# here"). As root on a Debian machine; loopback only; everything it starts it stops, by pid
# or container id, also on failure or Ctrl+C.
#
#   0. Debian's docker.io and debootstrap (apt, when missing); a dockerd of our own unless
#      DOCKER_HOST names one that answers (engine.sh); the bookworm base made with
#      debootstrap + docker import (the tarball cached in ~/.cache/lossnb/docker/); the image,
#      built with BuildKit from docker/Dockerfile on that base (Docker's data root, also in
#      ~/.cache/lossnb/docker/, keeps the layers that only the pin files decide);
#   1. every notebook headless in the container, as the non-root user, with --network none;
#   2. JupyterLab served from the container on 127.0.0.1, and scripts/browser_test.mjs on it;
#   3. JupyterHub on this machine with DockerSpawner spawning the image, the classroom load
#      test for K = IMAGE_TEST_STUDENTS (default 2,5,10) students;
#   4. a student's container killed mid-cell and started again on the same volume: the saved
#      notebook byte-identical (load test's nothing-lost, --spawner docker);
#   5. `lossnb grade` in the container (grade.sh);
#   6. the image's size, the build time, a student server's cold start: build/imagetest/report.md;
#   and docker/z2jh/config.yaml checked against the Helm chart's values schema (validate.py).
#
# IMAGE_TEST_STEPS (default "notebooks browser loadtest nothing-lost grade") picks steps;
# IMAGE_TEST_STUDENTS=2,5 a smaller load test; IMAGE_TEST_BROWSER="01 07" the browser test on
# those notebooks only (default: all; .ci/run uses these two, see its comment).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
HERE=$ROOT/docker/imagetest
OUT=$ROOT/build/imagetest
STEPS=${IMAGE_TEST_STEPS:-notebooks browser loadtest nothing-lost grade}
STUDENTS=${IMAGE_TEST_STUDENTS:-2,5,10}
BROWSER_NBS=()
for n in ${IMAGE_TEST_BROWSER:-}; do BROWSER_NBS+=(notebooks/"$n"-*.ipynb); done
IMAGE=lossnb:image-test
mkdir -p "$OUT"
source "$HERE/engine.sh"

t_all=$(date +%s)
report=$OUT/report.md
: >"$report"
note() { echo "image-test: $*"; echo "- $*" >>"$report"; }
# The machine's load as the run starts and ends: the timings are only as good as that.
note "load average (1, 5, 15 min) at the start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
secs() { echo $(( $(date +%s) - $1 )); }
want() { case " $STEPS " in *" $1 "*) return 0;; esac; return 1; }

LAB_ID=
cleanup() {
  local rc=$?
  if [ -n "$LAB_ID" ]; then $DOCKER rm -f "$LAB_ID" >/dev/null 2>&1 || true; fi
  # Containers this run started and left (a step that died half-way): by id, by our names.
  local ids
  ids=$($DOCKER ps -aq --filter name=^lossnb-it- --filter name=^lossnb-lt- 2>/dev/null || true)
  [ -z "$ids" ] || $DOCKER rm -f $ids >/dev/null 2>&1 || true
  # The volume step 4 kept for step 5 (and any a dead step left).
  local vols
  vols=$($DOCKER volume ls -q 2>/dev/null | grep -E '^lossnb-(it|lt)-' || true)
  [ -z "$vols" ] || $DOCKER volume rm -f $vols >/dev/null 2>&1 || true
  engine_stop
  [ $rc = 0 ] && echo "image-test: passed ($(secs "$t_all") s; report in ${report#$ROOT/})" ||
    echo "image-test: FAILED (exit $rc; report so far in ${report#$ROOT/}, dockerd log in build/docker/dockerd.log)" >&2
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The Zero to JupyterHub configuration against the chart's schema (needs no engine; skipped,
# and said so, when the chart is not in build/z2jh/chart or $Z2JH_CHART).
note "$(.venv/bin/python docker/z2jh/validate.py | tail -1)"

engine_install
engine_start

t=$(date +%s)
base_image
note "base image $BASE_REF (debootstrap of bookworm; tarball from the cache in $BASE_CACHE: $BASE_CACHED): $(secs "$t") s"

t=$(date +%s)
ca=()
[ -s /etc/ssl/certs/ca-certificates.crt ] && ca=(--secret id=ca,src=/etc/ssl/certs/ca-certificates.crt)
DOCKER_BUILDKIT=1 $DOCKER build --progress=plain --network host "${ca[@]}" \
  --build-arg BASE="$BASE_REF" -f docker/Dockerfile -t "$IMAGE" . >"$OUT/build.log" 2>&1 ||
  { tail -40 "$OUT/build.log" >&2; echo "image-test: docker build failed; log in ${OUT#$ROOT/}/build.log" >&2; exit 1; }
note "image build: $(secs "$t") s (log in build/imagetest/build.log; layers reused from Docker's cache: $(grep -c ' CACHED$' "$OUT/build.log" || true))"
# The data root is the machine's cache (engine.sh): drop the images this build replaced, and
# keep Docker's build cache under 8 GB (least recently used first).
$DOCKER image prune -f >/dev/null || true
$DOCKER builder prune -f --keep-storage 8GB >/dev/null || true
size=$($DOCKER image inspect -f '{{.Size}}' "$IMAGE")
note "image size: $((size / 1000000)) MB ($size bytes, uncompressed; base $(( $($DOCKER image inspect -f '{{.Size}}' "$BASE_REF") / 1000000 )) MB)"
$DOCKER run --rm --network none --entrypoint bash "$IMAGE" -c 'echo "user $(id -u):$(id -g) home $HOME writable=$(test -w $HOME && echo yes)"; du -sh /opt/go/cache | cut -f1 | sed "s/^/warm GOCACHE /"; jupyterhub-singleuser --version | sed "s/^/jupyterhub-singleuser /"; readlink /opt/lossnb/build/kernel-bin/go /opt/lossnb/build/kernel-bin/gopls' | while read -r l; do note "in the image: $l"; done

if want notebooks; then
  t=$(date +%s)
  echo "image-test: 1. every notebook headless in the container (uid 1000, --network none)"
  $DOCKER run --rm --network none --user 1000:100 --name "lossnb-it-nb-$$" "$IMAGE" \
    bash -c 'cd /opt/lossnb && python scripts/run_notebooks.py --timeout 300 --out /tmp/executed "$HOME"/lossnb/[0-9]*.ipynb'
  note "1. notebooks headless in the container, non-root, no network: passed in $(secs "$t") s"
fi

if want browser; then
  t=$(date +%s)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  token=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
  echo "image-test: 2. JupyterLab from the container on 127.0.0.1:$port, and the browser test"
  LAB_ID=$($DOCKER run -d --network host --name "lossnb-it-lab-$$" -e JUPYTER_TOKEN="$token" "$IMAGE" \
    lossnb-notebook --ip=127.0.0.1 --port="$port" --ServerApp.port_retries=0 \
    --LabApp.expose_app_in_browser=True --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate)
  t0=$(date +%s.%N)
  for _ in $(seq 240); do
    curl -fs "http://127.0.0.1:$port/api/status?token=$token" >/dev/null 2>&1 && break
    [ "$($DOCKER inspect -f '{{.State.Running}}' "$LAB_ID")" = true ] || { $DOCKER logs "$LAB_ID" | tail -20 >&2; exit 1; }
    sleep 0.25
  done
  ready=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')")
  note "cold start: a JupyterLab container answers $ready s after docker run"
  bash scripts/ensure_chromium.sh
  LOSSNB_LAB_URL="http://127.0.0.1:$port" LOSSNB_LAB_TOKEN="$token" LOSSNB_LAB_DIR=lossnb \
    node scripts/browser_test.mjs "${BROWSER_NBS[@]}"
  $DOCKER rm -f "$LAB_ID" >/dev/null
  LAB_ID=
  note "2. browser test against JupyterLab in the container (${IMAGE_TEST_BROWSER:-every notebook}): passed in $(secs "$t") s"
fi

if want loadtest; then
  t=$(date +%s)
  echo "image-test: 3. JupyterHub + DockerSpawner, classroom load test, K = $STUDENTS"
  bash docker/loadtest/run.sh sweep --students "$STUDENTS" --spawner docker --image "$IMAGE" \
    | tee "$OUT/loadtest.log"
  sed -n '/^| K |/,/^$/p' "$OUT/loadtest.log" >>"$report"
  note "3. load test through JupyterHub + DockerSpawner (results in build/loadtest/results-docker.json): $(secs "$t") s"
fi

if want nothing-lost; then
  t=$(date +%s)
  echo "image-test: 4. a student's container killed mid-cell, restarted on the same volume"
  # --keep-volumes: step 5 collects the student's hand-in from the volume and grades it.
  bash docker/loadtest/run.sh nothing-lost --spawner docker --image "$IMAGE" --keep-volumes --out "$OUT/nothing-lost.json" \
    | tee "$OUT/nothing-lost.log"
  note "4. $(tail -1 "$OUT/nothing-lost.log") ($(secs "$t") s)"
fi

if want grade; then
  t=$(date +%s)
  echo "image-test: 5. lossnb grade in the container"
  # The volumes step 4 kept, by their run's prefix (lossnb-lt-XXXXXX-; user names hold no "-").
  prefixes=$($DOCKER volume ls -q | grep -E '^lossnb-lt-[0-9a-f]+-[^-]+$' | sed 's/[^-]*$//' | sort -u || true)
  bash "$HERE/grade.sh" "$IMAGE" "$OUT/grade" $prefixes | tee "$OUT/grade.log"
  note "5. lossnb grade in the container: the end-to-end test's submissions as on the host; $(grep -o 'hand-ins collected.*' "$OUT/grade.log" | tail -1): passed in $(secs "$t") s"
fi
note "6. total $(secs "$t_all") s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
