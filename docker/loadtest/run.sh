#!/usr/bin/env bash
# Classroom load test, by hand or `make loadtest` (never in every CI run: it takes minutes
# and loads the machine). Installs into build/loadtest/ only, each step redone only when
# its pin file changed:
#   build/loadtest/venv/          requirements.txt + docker/requirements-hub.txt + psutil
#   build/loadtest/node_modules/  configurable-http-proxy (docker/loadtest/package-lock.json)
# registers the gonb kernel in that venv with scripts/install_kernel.py (as the image does
# for /opt/conda), then runs loadtest.py. Needs `make install` done first (GoNB in build/bin).
# Usage: docker/loadtest/run.sh sweep [--students 2,5,10,20]
#        docker/loadtest/run.sh nothing-lost
#        ... --spawner docker --image IMAGE   (make image-test: students' servers in containers)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$root/build/loadtest
mkdir -p "$work/stamps"

stale() { # stale STAMP FILE...: true when the files' contents differ from the stamp's
  local sum; sum=$(cat "${@:2}" | sha256sum | cut -d' ' -f1)
  [ "$(cat "$1" 2>/dev/null)" != "$sum" ] && echo "$sum" > "$1.new"
}

[ -x "$root/build/bin/gonb" ] || { echo "loadtest: run 'make install' first (build/bin/gonb is missing)" >&2; exit 1; }

if stale "$work/stamps/venv" "$here/requirements.txt" "$root/requirements.txt" "$here/../requirements-hub.txt"; then
  echo "loadtest: installing JupyterHub and the course's Python pins into build/loadtest/venv"
  [ -x "$work/venv/bin/python" ] || python3 -m venv "$work/venv"
  (cd "$here" && "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt)
  mv "$work/stamps/venv.new" "$work/stamps/venv"
fi
# --spawner docker (make image-test): DockerSpawner too, from docker/imagetest/requirements.txt.
case " $* " in *" --spawner docker "*|*" --spawner=docker "*)
  if stale "$work/stamps/dockerspawner" "$here/../imagetest/requirements.txt"; then
    echo "loadtest: installing DockerSpawner into build/loadtest/venv"
    "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/../imagetest/requirements.txt"
    mv "$work/stamps/dockerspawner.new" "$work/stamps/dockerspawner"
  fi;;
esac
if stale "$work/stamps/node" "$here/package.json" "$here/package-lock.json"; then
  echo "loadtest: installing configurable-http-proxy into build/loadtest/node_modules"
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --silent --no-audit --no-fund --ignore-scripts)
  mv "$work/stamps/node.new" "$work/stamps/node"
fi
# The same script that `make install` runs for .venv and the image runs for /opt/conda.
"$work/venv/bin/python" "$root/scripts/install_kernel.py" "$root" "$work/venv" "$root/build/bin" >/dev/null
# Kernels run `go build`: make sure `go` is the one make install used.
command -v go >/dev/null || { echo "loadtest: go is not on PATH" >&2; exit 1; }
export PATH="$root/build/bin:$PATH"
exec "$work/venv/bin/python" "$here/loadtest.py" "$@"
