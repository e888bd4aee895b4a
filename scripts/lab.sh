#!/usr/bin/env bash
# Starts JupyterLab on a folder of notebooks (make lab: the student's work folder, WORK),
# bound to loopback, with token authentication. Usage: lab.sh VENV NOTEBOOK_DIR PORT NO_BROWSER
# A busy PORT is not an error: the next free port (up to PORT+50) is used and named.
# The URL, token included, is printed here: Jupyter hides a token it did not generate.
set -eu
venv=$1 dir=$2 port=$3 no_browser=$4
case "$port" in (*[!0-9]*|'') echo "lossnb: PORT=$port is not a port number" >&2; exit 2;; esac
free=$("$venv/bin/python" - "$port" <<'PY'
import socket, sys
want = int(sys.argv[1])
for port in range(want, min(want + 51, 65536)):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
)
if [ -z "$free" ]; then
  echo "lossnb: ports $port to $((port + 50)) on 127.0.0.1 are all busy: choose another, e.g. make lab PORT=9000" >&2
  exit 1
fi
[ "$free" = "$port" ] || echo "lossnb: port $port is busy; using $free instead."
token=${JUPYTER_TOKEN:-$("$venv/bin/python" -c 'import secrets; print(secrets.token_hex(24))')}
args=(--notebook-dir="$dir" --ServerApp.ip=127.0.0.1 --ServerApp.port="$free"
      --ServerApp.port_retries=0 --IdentityProvider.token="$token")
[ "$no_browser" = 1 ] && args+=(--no-browser)
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
[ "$(id -u)" = 0 ] && args+=(--allow-root)
echo "lossnb: starting JupyterLab on $dir (Ctrl+C twice to stop)."
# The address is printed once the server answers (a browser sent there earlier gets
# "connection refused"): a watcher polls the server's /api, which needs no token, while
# JupyterLab runs in the foreground, in this process, so that Ctrl+C reaches it. The
# watcher ends when the address is printed, when this process ends, or after 300 s.
url="http://127.0.0.1:$free/lab/tree/01-key-idea.ipynb?token=$token"
"$venv/bin/python" - "$free" "$$" "$url" <<'PY' &
import os, sys, time, urllib.request
port, pid, url = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(0)
    try:
        opener.open(f"http://127.0.0.1:{port}/api", timeout=2).read()
    except OSError:
        time.sleep(0.2)
        continue
    print(f"lossnb: open {url}", flush=True)
    sys.exit(0)
print(f"lossnb: JupyterLab has not answered on port {port} for 300 s; its messages are above.", file=sys.stderr)
PY
exec "$venv/bin/jupyter" lab "${args[@]}"
