#!/usr/bin/env python3
"""Tests of scripts/lab.sh (`make lab`) with a fake JupyterLab; no real server is started.

Usage (from the repository root; `make selftest` runs it):

    .venv/bin/python -m pytest -p no:cacheprovider scripts/test_lab.py
"""

import os
import signal
import stat
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))

# A `jupyter` that waits 1.5 s before it listens (as JupyterLab does while it loads its
# extensions), then answers every GET with 200, writing the file `listening` first.
FAKE_JUPYTER = r'''#!PYTHON
import http.server, os, sys, time
port = int(next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--ServerApp.port=")))
time.sleep(1.5)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(("127.0.0.1", port), H)
open(os.path.join(os.path.dirname(__file__), "listening"), "w").close()
srv.serve_forever()
'''


# The "open http://…" line must come only once the server answers: when it is read, the
# fake server is already listening and the address answers. Fails with the old lab.sh,
# which printed the line before starting JupyterLab (1.5 s before the server listened).
def test_lab_prints_the_address_once_the_server_answers(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    os.symlink(sys.executable, venv / "bin" / "python")
    jupyter = venv / "bin" / "jupyter"
    jupyter.write_text(FAKE_JUPYTER.replace("PYTHON", sys.executable, 1))
    jupyter.chmod(jupyter.stat().st_mode | stat.S_IXUSR)
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, JUPYTER_TOKEN="t0ken")
    p = subprocess.Popen(["bash", os.path.join(HERE, "lab.sh"), str(venv), str(work), "18765", "1"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                         start_new_session=True)
    try:
        seen = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = p.stdout.readline()
            if not line:
                break
            seen.append(line)
            if "lossnb: open " in line:
                break
        assert seen and "lossnb: open http://127.0.0.1:" in seen[-1], "".join(seen)
        assert (venv / "bin" / "listening").exists(), "address printed before the server listened"
        url = seen[-1].split("lossnb: open ", 1)[1].strip()
        assert url.endswith("/lab/tree/01-key-idea.ipynb?token=t0ken"), url
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        assert opener.open(url, timeout=5).status == 200
    finally:
        os.killpg(p.pid, signal.SIGTERM)  # lab.sh's own group (start_new_session): ours only
        p.wait(timeout=30)


if __name__ == "__main__":
    import pytest
    sys.exit(pytest.main(["-p", "no:cacheprovider", __file__]))
