#!/usr/bin/env python3
"""No gopls outlives its GoNB kernel, however the kernel ends.

GoNB starts gopls (for completion) in a process group of its own, so a kernel that dies
without running its own shutdown used to leave gopls and its telemetry child behind. The
kernelspec now starts gopls through cmd/lossnb-gopls, which starts the real gopls only at
the first completion or inspection. Each test starts a real GoNB kernel from the project's
kernelspec, makes its gopls start (a completion request, or LOSSNB_GOPLS_EAGER=1 for the
server tests), ends the kernel one way, and checks that every gopls-related process the
kernel started has gone. One more test checks that a kernel that only runs cells starts no
gopls at all.

Ways a kernel ends, and who uses them:
  * shutdown request (JupyterLab's "Shut Down Kernel", the idle culler's DELETE);
  * SIGTERM, SIGKILL to the kernel (jupyter_client's last resort, the OOM killer);
  * a jupyter server stopped with SIGTERM (it shuts its kernels down) or a DELETE of the
    kernel through the server's REST API (what JupyterHub's idle culler sends).

Run with the project's virtualenv: .venv/bin/python scripts/test_kernel_cleanup.py
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import psutil
from jupyter_client.manager import KernelManager

GONE_WITHIN = 10.0  # seconds; the supervisor polls its parent every 0.25 s


def cmdline(p):
    """p's command line, or "" once it has exited or is a zombie (psutil raises for those)."""
    try:
        if not isinstance(p, psutil.Process):
            p = psutil.Process(p)
        return " ".join(p.cmdline())
    except psutil.Error:
        return ""


def gopls_of(kernel_pid, wait=60.0):
    """The pids of the gopls-related processes under kernel_pid (waits for gopls to start)."""
    deadline = time.time() + wait
    while time.time() < deadline:
        try:
            kids = psutil.Process(kernel_pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        found = []
        for p in kids:
            try:
                if "gopls" in cmdline(p):
                    found.append(p.pid)
                    # Children of gopls (its telemetry child, if any) count too.
                    found += [c.pid for c in p.children(recursive=True)]
            except psutil.NoSuchProcess:
                pass
        # The supervisor and the real gopls under it: both must be there.
        if len(found) >= 2:
            return sorted(set(found))
        time.sleep(0.2)
    return []


def alive(pids):
    out = []
    for pid in pids:
        try:
            p = psutil.Process(pid)
            if p.status() != psutil.STATUS_ZOMBIE:
                out.append(pid)
        except psutil.NoSuchProcess:
            pass
    return out


def wait_gone(pids, limit=GONE_WITHIN):
    deadline = time.time() + limit
    while time.time() < deadline:
        left = alive(pids)
        if not left:
            return []
        time.sleep(0.1)
    return alive(pids)


def kill_all(pids):
    for pid in alive(pids):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def real_gopls(pids):
    return [p for p in alive(pids) if "build/bin/gopls" in cmdline(p)]


class KernelCleanup(unittest.TestCase):
    def kernel(self):
        km = KernelManager(kernel_name="gonb")
        km.start_kernel()
        self.addCleanup(lambda: km.is_alive() and km.shutdown_kernel(now=True))
        kc = km.client()
        kc.start_channels()
        self.addCleanup(kc.stop_channels)
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive('%%\nfmt.Println("hello")', timeout=120,
                                       output_hook=lambda msg: None)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return km, kc

    def test_lazy(self):
        # Would catch a supervisor that starts gopls with the kernel (400 MiB per student).
        km, kc = self.kernel()
        pid = km.provisioner.process.pid
        time.sleep(2)
        kids = [cmdline(p) for p in psutil.Process(pid).children(recursive=True)]
        self.assertTrue(any("kernel-bin/gopls" in k for k in kids), f"no supervisor: {kids}")
        self.assertFalse(any("build/bin/gopls" in k for k in kids), f"gopls started before any completion: {kids}")
        # The first completion starts it, and it answers.
        code = 'import "strings"\n\n%%\nstrings.ToUp'
        reply = kc.complete(code, len(code), reply=True, timeout=120)
        matches = reply["content"].get("matches", [])
        self.assertIn("ToUpper", " ".join(matches), reply["content"])
        pids = gopls_of(pid)
        self.addCleanup(kill_all, pids)
        self.assertTrue(real_gopls(pids), "no gopls after a completion")

    def start(self):
        km, kc = self.kernel()
        pid = km.provisioner.process.pid
        code = 'import "strings"\n\n%%\nstrings.ToUp'
        kc.complete(code, len(code), reply=True, timeout=120)
        pids = gopls_of(pid)
        self.addCleanup(kill_all, pids)
        self.assertTrue(pids, "the kernel started no gopls through the supervisor: is the kernelspec's PATH right?")
        names = [cmdline(p) for p in pids]
        self.assertTrue(any("kernel-bin/gopls" in n for n in names),
                        f"gopls was not started through build/kernel-bin/gopls: {names}")
        return km, pid, pids

    def check_gone(self, pids, how):
        left = wait_gone(pids)
        self.assertEqual(left, [], f"after {how}, gopls processes still run: "
                         + "; ".join(cmdline(p) for p in left if psutil.pid_exists(p)))

    def test_shutdown_request(self):
        km, _, pids = self.start()
        km.shutdown_kernel(now=False)
        self.check_gone(pids, "a shutdown request")

    def test_sigterm(self):
        _, pid, pids = self.start()
        os.kill(pid, signal.SIGTERM)
        self.check_gone(pids, "SIGTERM to the kernel")

    def test_sigkill(self):
        # Would catch the original leak: GoNB never gets to stop gopls.
        _, pid, pids = self.start()
        os.kill(pid, signal.SIGKILL)
        self.check_gone(pids, "SIGKILL to the kernel")

    def test_jupyter_client_kill(self):
        km, _, pids = self.start()
        km.shutdown_kernel(now=True)
        self.check_gone(pids, "jupyter_client's immediate kill")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerCleanup(unittest.TestCase):
    """A jupyter server: DELETE of a kernel (the idle culler's way) and the server stopped."""

    def start_server(self):
        port, token = free_port(), "t" + os.urandom(8).hex()
        root = tempfile.mkdtemp(prefix="lossnb-cleanup-")
        env = dict(os.environ, LOSSNB_GOPLS_EAGER="1")  # gopls starts with the kernel
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}",
             "--ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             "--allow-root"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)
        self.addCleanup(lambda: proc.poll() is None and os.killpg(proc.pid, signal.SIGKILL))
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                self.api(base, token, "GET", "/api/status")
                return proc, base, token
            except OSError:
                time.sleep(0.3)
        self.fail("jupyter server did not answer within 60 s")

    @staticmethod
    def api(base, token, method, path, body=None):
        req = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:  # a loaded machine is slow to start kernels
            data = r.read()
        return json.loads(data) if data else None

    def kernel(self, proc, base, token):
        k = self.api(base, token, "POST", "/api/kernels", {"name": "gonb"})
        server = psutil.Process(proc.pid)
        deadline = time.time() + 120
        while time.time() < deadline:
            gonbs = [p for p in server.children(recursive=True) if "gonb" in cmdline(p)[:200]]
            if gonbs:
                pids = gopls_of(gonbs[0].pid)
                self.addCleanup(kill_all, pids + [gonbs[0].pid])
                self.assertTrue(pids, "the kernel started no gopls")
                return k["id"], pids
            time.sleep(0.2)
        self.fail("no GoNB kernel process under the server")

    def test_delete_kernel(self):
        proc, base, token = self.start_server()
        kid, pids = self.kernel(proc, base, token)
        self.api(base, token, "DELETE", f"/api/kernels/{kid}")
        self.check_gone(pids, "DELETE /api/kernels (the idle culler's request)")

    def test_server_stop(self):
        proc, base, token = self.start_server()
        _, pids = self.kernel(proc, base, token)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        self.check_gone(pids, "SIGTERM to the jupyter server")

    check_gone = KernelCleanup.check_gone


if __name__ == "__main__":
    unittest.main(verbosity=2)
