#!/usr/bin/env bash
# Stops at once, naming what is missing and the version needed, when Go, Python or
# Node is absent or too old. The minimum versions are those README.md gives.
set -u

GO_MIN=1.24      # go.mod's go line may be newer: Go >= 1.21 fetches that toolchain itself.
PY_MIN=3.10      # jupyterlab 4.6, notebook 7.6 and nbclient 0.11 all require Python >= 3.10 (their metadata).
NODE_MIN=20      # playwright-core 1.65 declares engines.node >= 20 (npm view playwright-core engines).

ok=1
fail() { echo "lossnb: $*" >&2; ok=0; }

# version_ge A B: true when dotted version A >= B.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

if ! command -v go >/dev/null 2>&1; then
  fail "Go is missing: install Go >= $GO_MIN (https://go.dev/dl/) and put it on PATH."
else
  v=$(go env GOVERSION 2>/dev/null | sed 's/^go//; s/[^0-9.].*//')
  version_ge "$v" "$GO_MIN" || fail "Go $v is too old: lossnb needs Go >= $GO_MIN."
fi

if ! command -v python3 >/dev/null 2>&1; then
  fail "Python is missing: install Python >= $PY_MIN (python3 on PATH, with its venv module)."
else
  v=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  version_ge "$v" "$PY_MIN" || fail "Python $v is too old: lossnb needs Python >= $PY_MIN."
  python3 -c 'import venv, ensurepip' 2>/dev/null ||
    fail "Python's venv module is missing: on Debian/Ubuntu, apt-get install python3-venv."
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  fail "Node.js is missing: install Node.js >= $NODE_MIN with npm (https://nodejs.org/)."
else
  v=$(node -p 'process.versions.node')
  version_ge "$v" "$NODE_MIN" || fail "Node.js $v is too old: lossnb needs Node.js >= $NODE_MIN."
fi

[ "$ok" = 1 ] || exit 1
