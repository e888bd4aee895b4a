#!/usr/bin/env bash
# Starts JupyterLab on the notebooks, bound to loopback, with token authentication.
# Usage: lab.sh VENV NOTEBOOK_DIR PORT NO_BROWSER
# A busy PORT is not an error: Jupyter tries the next ports (ServerApp.port_retries)
# and prints the URL it really uses.
set -eu
venv=$1 dir=$2 port=$3 no_browser=$4
case "$port" in (*[!0-9]*|'') echo "lossnb: PORT=$port is not a port number" >&2; exit 2;; esac
args=(--notebook-dir="$dir" --ServerApp.ip=127.0.0.1 --ServerApp.port="$port"
      --ServerApp.port_retries=50 --IdentityProvider.token="${JUPYTER_TOKEN:-$(python3 -c 'import secrets; print(secrets.token_hex(24))')}")
[ "$no_browser" = 1 ] && args+=(--no-browser)
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
[ "$(id -u)" = 0 ] && args+=(--allow-root)
echo "lossnb: starting JupyterLab on $dir (Ctrl+C twice to stop). Open the URL below that has '?token='."
exec "$venv/bin/jupyter" lab "${args[@]}"
