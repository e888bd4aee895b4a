# Sourced by docker/imagetest/run.sh: a Docker engine for the image test, and the base image.
#
# engine_start: use the engine DOCKER_HOST points at if it answers; otherwise start our own
#   dockerd as root with the bridge and iptables off (containers get --network host or
#   --network none only), its exec root, pid file and socket under build/docker/, and record
#   its pid. engine_stop ends that dockerd (and the containerd it started) by pid.
#   Its data root (images, Docker's build cache, volumes) is the machine's cache,
#   $LOSSNB_CACHE/docker/data (default ~/.cache/lossnb/docker/data), so that a fresh clone
#   (CI) reuses the image layers only the pin files decide (a build from nothing took 12
#   minutes on the busy 2-core machine). One dockerd at a time may use a data root: ours
#   holds an exclusive flock on data.lock for its whole life (the lock's descriptor is
#   inherited by dockerd, so it stays held while dockerd runs, even if this script dies);
#   when another run holds it, this run uses build/docker/data instead (builds from
#   nothing, never shares). LOSSNB_DOCKER_DATA=DIR picks a data root (unlocked: yours).
# base_image: a Debian bookworm base made here with debootstrap from the mirror apt already
#   uses, imported with `docker import`. The tarball is cached outside the clone, in
#   $LOSSNB_CACHE/docker/ (default ~/.cache/lossnb/docker/), named by a hash of the package
#   list and the mirror, so a fresh clone on the same machine (CI) skips debootstrap; a
#   machine without it makes it (about 2 minutes). Bases of an older package list are deleted.
# Debian's docker.io client (/usr/bin/docker, 20.10) is used: a newer client first on PATH may
# lack buildx and refuse BuildKit.

DOCKER=/usr/bin/docker
ENGINE_DIR=$ROOT/build/docker
ENGINE_PID=
CACHE_DIR=${LOSSNB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lossnb}/docker

engine_install() {
  if [ ! -x $DOCKER ] || ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "image-test: needs root to install docker.io and debootstrap (apt)" >&2; return 1; }
    echo "image-test: installing Debian's docker.io and debootstrap (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io debootstrap >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io debootstrap >/dev/null; }
  fi
}

engine_start() {
  if [ -n "${DOCKER_HOST:-}" ] && $DOCKER version >/dev/null 2>&1; then
    echo "image-test: using the engine at $DOCKER_HOST"
    return 0
  fi
  [ "$(id -u)" = 0 ] || { echo "image-test: no engine at DOCKER_HOST, and starting one needs root" >&2; return 1; }
  mkdir -p "$ENGINE_DIR/exec" "$CACHE_DIR"
  # Docker's layers hold Go source trees (the image's /usr/local/go): a go.mod here makes
  # them a module of their own, so `go vet ./...` and `go test ./...` of the project skip them.
  [ -f "$ENGINE_DIR/go.mod" ] || printf 'module lossnb.invalid/dockerdata\n' > "$ENGINE_DIR/go.mod"
  if [ -n "${LOSSNB_DOCKER_DATA:-}" ]; then
    DATA_ROOT=$LOSSNB_DOCKER_DATA
  else
    exec {DATA_LOCK_FD}>"$CACHE_DIR/data.lock"
    if flock -n "$DATA_LOCK_FD"; then
      DATA_ROOT=$CACHE_DIR/data
    else
      DATA_ROOT=$ENGINE_DIR/data
      echo "image-test: another image-test holds $CACHE_DIR/data; this one builds in ${DATA_ROOT#$ROOT/} (no cache)"
      exec {DATA_LOCK_FD}>&-
    fi
  fi
  mkdir -p "$DATA_ROOT"
  export DOCKER_HOST="unix://$ENGINE_DIR/docker.sock"
  # containerd and runc sockets live under the exec root: keep its path short.
  dockerd --bridge=none --iptables=false --ip6tables=false \
    --data-root "$DATA_ROOT" --exec-root "$ENGINE_DIR/exec" \
    --pidfile "$ENGINE_DIR/dockerd.pid" -H "$DOCKER_HOST" \
    >"$ENGINE_DIR/dockerd.log" 2>&1 &
  ENGINE_PID=$!
  for _ in $(seq 120); do
    $DOCKER version >/dev/null 2>&1 && { echo "image-test: started dockerd (pid $ENGINE_PID, data root $DATA_ROOT, log build/docker/dockerd.log)"; return 0; }
    kill -0 "$ENGINE_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "image-test: dockerd did not start; see $ENGINE_DIR/dockerd.log" >&2
  tail -20 "$ENGINE_DIR/dockerd.log" >&2
  return 1
}

engine_stop() {
  [ -n "$ENGINE_PID" ] || return 0
  # dockerd stops its containers and its own containerd on SIGTERM.
  kill -TERM "$ENGINE_PID" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$ENGINE_PID" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$ENGINE_PID" 2>/dev/null; then
    echo "image-test: dockerd (pid $ENGINE_PID) did not stop in 30 s; killing it" >&2
    kill -KILL "$ENGINE_PID" 2>/dev/null || true
  fi
  wait "$ENGINE_PID" 2>/dev/null || true
  ENGINE_PID=
  # dockerd leaves its default network namespace bind-mounted under the exec root (seen
  # with docker.io 20.10 and --bridge=none): unmount what is left there, deepest first, so
  # that nothing outlives the run and `rm -rf build` works.
  local m
  for m in $(awk -v d="$ENGINE_DIR/exec/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  # dockerd is gone: release the data root for the next run.
  if [ -n "${DATA_LOCK_FD:-}" ]; then exec {DATA_LOCK_FD}>&-; DATA_LOCK_FD=; fi
}

# The packages the local base carries beyond minbase are the Dockerfile's apt line, so the
# image's apt step finds them installed and needs no network.
# (docker/pins_test.go checks that the two lists agree.)
BASE_PACKAGES=ca-certificates,python3,python3-venv,make,tini,bubblewrap
BASE_TAG=lossnb-base:bookworm
BASE_CACHE=${LOSSNB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lossnb}/docker

base_image() {
  local mirror tar key
  mirror=$(awk '/^URIs:/{print $2; exit} /^deb /{print $2; exit}' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -1)
  mirror=${mirror:-http://deb.debian.org/debian}
  key=$(printf '%s %s\n' "$BASE_PACKAGES" "$mirror" | sha256sum | cut -c1-12)
  mkdir -p "$BASE_CACHE"
  tar=$BASE_CACHE/base-bookworm-$key.tar
  BASE_CACHED=yes
  if ! $DOCKER image inspect "$BASE_TAG-$key" >/dev/null 2>&1; then
    if [ ! -s "$tar" ]; then
      BASE_CACHED=no
      echo "image-test: debootstrap bookworm from $mirror (about 2 minutes; cached in $tar)"
      local dir=$ENGINE_DIR/rootfs
      rm -rf "$dir"
      debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$dir" "$mirror" >"$ENGINE_DIR/debootstrap.log" 2>&1 ||
        { tail -20 "$ENGINE_DIR/debootstrap.log" >&2; return 1; }
      rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
      # Written under a name of this run's own, then renamed: two clones making the same
      # base at once each write a whole file, and the rename is atomic.
      tar -C "$dir" --numeric-owner -cf "$tar.$$.tmp" . && mv "$tar.$$.tmp" "$tar"
      rm -rf "$dir"
      # Bases made for an older package list are not used again.
      find "$BASE_CACHE" -maxdepth 1 -name 'base-bookworm-*.tar' ! -path "$tar" -delete
    fi
    $DOCKER import -c 'CMD ["bash"]' "$tar" "$BASE_TAG-$key" >/dev/null
  fi
  BASE_REF=$BASE_TAG-$key
}
