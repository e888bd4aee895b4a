#!/usr/bin/env bash
# Builds lossnb lite, the course as a static JupyterLite site, into build/lite/:
#   1. the Go runtime: cmd/lossnb-lite for GOOS=js GOARCH=wasm (yaegi with lossnb
#      compiled in), gzip-compressed, with Go's wasm_exec.js and lite/worker.js;
#   2. the kernel extension lite/kernel ("Go (lossnb lite)") with JupyterLab's
#      extension builder (lite/package.json, lite/package-lock.json);
#   3. the site with jupyterlite-core (lite/requirements.txt, in build/lite-venv),
#      the notebooks 01–07 and their images as its contents, and ECharts at
#      static/lossnb/echarts.min.js, where the charts' loader looks for it.
# Nothing is fetched at run time: the site works from any static file server.
# Usage: scripts/build_lite.sh ROOT (the repository; make lite passes it)
set -euo pipefail
ROOT=$(cd "${1:-.}" && pwd)
cd "$ROOT"
B=build
W=$B/lite-wasm
mkdir -p "$W" $B/stamps

echo "lossnb lite: building the Go runtime (GOOS=js GOARCH=wasm)"
GOOS=js GOARCH=wasm go build -trimpath -ldflags=-s -o "$W/lossnb-lite.wasm" ./cmd/lossnb-lite
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$W/wasm_exec.js"
gzip -9 -n -c "$W/lossnb-lite.wasm" > "$W/lossnb-lite.wasm.gz"

if [ ! -f $B/stamps/lite-node ] || [ lite/package-lock.json -nt $B/stamps/lite-node ]; then
  echo "lossnb lite: installing the extension builder into lite/node_modules (lite/package-lock.json)"
  (cd lite && npm ci --silent --no-audit --no-fund --ignore-scripts)
  touch $B/stamps/lite-node
fi
if [ ! -f $B/stamps/lite-venv ] || [ lite/requirements.txt -nt $B/stamps/lite-venv ]; then
  echo "lossnb lite: installing jupyterlite-core into build/lite-venv (lite/requirements.txt)"
  test -x $B/lite-venv/bin/python || python3 -m venv $B/lite-venv
  $B/lite-venv/bin/python -m pip install --quiet --disable-pip-version-check -r lite/requirements.txt
  touch $B/stamps/lite-venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "lossnb lite: .venv is missing (make install): the extension builder needs JupyterLab's staging files" >&2
  exit 1
fi
core=$(.venv/bin/python -c 'import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging"))')

echo "lossnb lite: building the kernel extension"
rm -rf $B/lite-ext
(cd lite && node node_modules/@jupyterlab/builder/lib/build-labextension.js --core-path "$core" kernel >/dev/null)

echo "lossnb lite: building the site with jupyterlite-core"
contents=$B/lite-contents
# jupyterlite-core's task database would skip steps whose outputs were deleted with build/lite.
rm -rf "$contents" $B/lite $B/.jupyterlite.doit.db*
mkdir -p "$contents"
cp notebooks/0[1-7]-*.ipynb "$contents"/
if [ -d notebooks/images ]; then cp -r notebooks/images "$contents"/; fi
(cd $B && PYTHONWARNINGS=ignore lite-venv/bin/jupyter lite build --log-level=WARN --no-sourcemaps --lite-dir "$ROOT/lite/site" \
  --LiteBuildConfig.ignore_sys_prefix=True \
  --LiteBuildConfig.federated_extensions="$ROOT/$B/lite-ext/lossnb-lite-kernel" \
  --contents "$ROOT/$contents" --output-dir "$ROOT/$B/lite" >/dev/null)
# The build must carry lite/site/jupyter-lite.json (the default kernel is lossnb lite's).
grep -q '"defaultKernelName": "gonb"' $B/lite/jupyter-lite.json || { echo "lossnb lite: build/lite/jupyter-lite.json lacks lite/site's settings" >&2; exit 1; }

mkdir -p $B/lite/lossnb-lite $B/lite/static/lossnb
cp "$W/lossnb-lite.wasm.gz" "$W/wasm_exec.js" lite/worker.js $B/lite/lossnb-lite/
cp node_modules/echarts/dist/echarts.min.js $B/lite/static/lossnb/echarts.min.js
echo "lossnb lite: built build/lite/ ($(du -sh $B/lite | cut -f1); runtime $(du -h "$W/lossnb-lite.wasm.gz" | cut -f1) gzip-compressed)"
