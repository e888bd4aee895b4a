#!/usr/bin/env python3
"""Classroom load test: K simulated students run notebook 01 at once through JupyterHub.

Usage (run.sh sets up the venv, the proxy and the kernelspec first):
  loadtest.py sweep [--students 2,5,10,20] [--out FILE] [--cell-timeout S] [--k-timeout S]
  loadtest.py nothing-lost [--out FILE]
  add --spawner docker --image IMAGE to spawn each student's server as a container of the
  lossnb image (DockerSpawner, docker/imagetest/requirements.txt) instead of a local process.

A JupyterHub (docker/requirements-hub.txt) listens on 127.0.0.1 only, on free ports, with
DummyAuthenticator and SimpleLocalProcessSpawner: every simulated student gets a real
single-user server (jupyterhub-singleuser, the course's JupyterLab pins) as a local process,
with its own home under build/loadtest/run/. The test talks to the hub with a service token
that may administer users and reach their servers, as a real browser would through the proxy:
  1. create the K users, start their servers together (spawn time);
  2. each student, all at once: upload notebook 01 (contents API), start a gonb kernel
     (sessions API), open the kernel's websocket and run every code cell in order, with no
     pause between cells (everybody pressing "Run All" when the teacher says so), then save
     the executed notebook (contents API);
  3. per cell: the latency from execute_request to the kernel going idle; a failure is an
     error reply or output, text on stderr, a GoNB compile error, a timeout or a lost socket;
  4. memory: a sampler reads, every 0.5 s, the RSS of each student's kernel process tree
     (gonb, its gopls, `go build`, the cell programs) and of their server, keeping the peak,
     and the machine's used memory.
Each K gets fresh users; their servers are stopped before the next K.

nothing-lost: one student saves work, then (1) the kernel is killed with SIGKILL while a cell
runs, (2) the hub is killed with SIGKILL and started again, (3) the student's server is
stopped and started again. After each, the saved notebook must be byte-for-byte what was
saved (read through the contents API and on disk), and the kernel must still run a cell
after (1). Exits non-zero on any difference.

With --spawner docker (make image-test): DockerSpawner starts each student's server as a
container of IMAGE on the host's network namespace (the engine has no bridge), on its own free
loopback port, with a named volume per student over /home/jovyan; the memory figures are the
same process trees, read from the host, plus each container's cgroup peak. nothing-lost then
works on the notebook the image's start hook copied into ~/lossnb/, and its first step kills
the student's whole container (docker kill) mid-cell; the restart makes a new container on the
same volume, whose start hook must leave the saved notebook alone.

Everything is bounded: per-cell and per-K timeouts, a fixed number of students and cells;
the hub, the proxy and every server are stopped on exit, also on error or Ctrl+C.
"""

import argparse
import asyncio
import datetime
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
WORK = os.path.join(ROOT, "build", "loadtest")
VENV = os.path.join(WORK, "venv")
CHP = os.path.join(WORK, "node_modules", ".bin", "configurable-http-proxy")
NOTEBOOK = os.path.join(ROOT, "notebooks", "01-key-idea.ipynb")
# A K stops early when the machine has less memory available than this: the test must not
# take the machine (shared with other work) down with it.
MEMORY_FLOOR = 2 << 30
DOCKER = "/usr/bin/docker"


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def go_env(*names):
    out = subprocess.run(["go", "env", "-json", *names], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


class Hub:
    """A JupyterHub on 127.0.0.1 with local spawners, started and stopped by this script."""

    def __init__(self, run_dir, spawner="local", image=None, limits=None, keep_volumes=False):
        self.run_dir = run_dir
        self.spawner, self.image, self.limits = spawner, image, limits or {}
        # --keep-volumes: the students' volumes outlive the run (make image-test collects the
        # hand-ins from them and grades them; it removes them after).
        self.keep_volumes = keep_volumes
        # Containers and volumes of this run carry this prefix (docker mode).
        self.prefix = "lossnb-lt-%s-" % secrets.token_hex(3)
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.token = secrets.token_hex(32)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log_file = None
        self.http = AsyncHTTPClient(max_clients=200)

    def write_config(self):
        os.makedirs(os.path.join(self.run_dir, "homes"), exist_ok=True)
        genv = go_env("GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOPROXY")
        # The students' kernels share the machine's Go caches, warmed by `make install` /
        # `make test`, as the image's kernels share its warmed /opt/go/cache.
        env = {k: v for k, v in genv.items() if v}
        env["GOTOOLCHAIN"] = "local"
        args = ["--allow-root"] if os.geteuid() == 0 else []
        conf = f"""# Written by docker/loadtest/loadtest.py; loopback only.
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {self.hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{self.api_port}"
c.ConfigurableHTTPProxy.command = [{CHP!r}]
c.ConfigurableHTTPProxy.pid_file = {os.path.join(self.run_dir, "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{os.path.join(self.run_dir, "jupyterhub.sqlite")}"
c.JupyterHub.cookie_secret_file = {os.path.join(self.run_dir, "cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
{self.spawner_config(args, env)}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.cleanup_servers = False   # a hub restart must not stop the students' servers
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.log_level = "WARN"
c.JupyterHub.services = [{{"name": "loadtest", "api_token": {self.token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "loadtest",
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"],
    "services": ["loadtest"],
}}]
"""
        path = os.path.join(self.run_dir, "jupyterhub_config.py")
        with open(path, "w") as f:
            f.write(conf)
        return path

    def spawner_config(self, args, env):
        if self.spawner == "local":
            return f"""c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {os.path.join(self.run_dir, "homes", "{username}")!r}
c.Spawner.cmd = [{os.path.join(VENV, "bin", "jupyterhub-singleuser")!r}]
c.Spawner.args = {args!r}
c.Spawner.environment = {env!r}"""
        # DockerSpawner on an engine without a bridge: every container shares the host's
        # network namespace, so each server listens on 127.0.0.1 on a free port of its own,
        # and reaches the hub's API on 127.0.0.1 too. The image's CMD (lossnb-notebook) starts
        # jupyterhub-singleuser; its entrypoint runs the start hook first.
        limits = "".join(f"\nc.DockerSpawner.{k} = {v!r}" for k, v in self.limits.items())
        return f"""import random
import socket

from dockerspawner import DockerSpawner
from jupyterhub.utils import random_port


def port_below_ephemeral():
    # On the host's network the kernels' ZMQ sockets take ports from the kernel's ephemeral
    # range (bind to port 0) while a container starts: a port picked the same way can be
    # taken before the server binds it. Pick one below that range.
    lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
    for _ in range(100):
        port = random.randrange(max(1024, lo - 12000), lo)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    return random_port()


class HostNetworkSpawner(DockerSpawner):
    async def start(self):
        self.port = port_below_ephemeral()
        return await super().start()

    async def get_ip_and_port(self):
        return "127.0.0.1", self.port


c.JupyterHub.spawner_class = HostNetworkSpawner
c.DockerSpawner.image = {self.image!r}
c.DockerSpawner.network_name = "host"
c.DockerSpawner.use_internal_ip = True      # no port publishing on the host network
c.DockerSpawner.ip = "127.0.0.1"
c.DockerSpawner.name_template = {self.prefix + "{username}"!r}
c.DockerSpawner.volumes = {{{self.prefix + "{username}"!r}: "/home/jovyan"}}
c.DockerSpawner.notebook_dir = "/home/jovyan"
c.DockerSpawner.remove = True               # containers are disposable, volumes are not
c.DockerSpawner.pull_policy = "never"       # the image is local; no registry is reachable{limits}"""

    def home(self, name):
        """The student's home directory as seen from this machine."""
        if self.spawner == "local":
            return os.path.join(self.run_dir, "homes", name)
        out = docker("volume", "inspect", "-f", "{{.Mountpoint}}", self.prefix + name)
        return out.strip()

    def server_process(self, name):
        if self.spawner == "local":
            return server_process(name, self.run_dir)
        # The container's first process is tini; the server is jupyterhub-singleuser below it.
        try:
            pid = int(docker("inspect", "-f", "{{.State.Pid}}", self.prefix + name))
            for p in psutil.Process(pid).children(recursive=True):
                if "jupyterhub-singleuser" in " ".join(p.cmdline()):
                    return p
        except (subprocess.CalledProcessError, ValueError, psutil.Error):
            pass
        return None

    def container_peak_mib(self, name):
        """The cgroup's peak memory of the student's container (cgroup v1; page cache
        included), or None when unknown."""
        try:
            cid = docker("inspect", "-f", "{{.Id}}", self.prefix + name).strip()
            for f in (f"/sys/fs/cgroup/memory/docker/{cid}/memory.max_usage_in_bytes",
                      f"/sys/fs/cgroup/system.slice/docker-{cid}.scope/memory.peak"):
                if os.path.exists(f):
                    with open(f) as fh:
                        return int(fh.read()) / (1 << 20)
        except (subprocess.CalledProcessError, OSError, ValueError):
            pass
        return None

    async def start(self, timeout=120):
        conf = self.write_config()
        self.log_file = open(os.path.join(self.run_dir, "hub.log"), "a")
        env = dict(os.environ, PATH=os.pathsep.join([os.path.join(VENV, "bin"),
                                                     os.environ.get("PATH", "")]))
        self.proc = subprocess.Popen(
            [os.path.join(VENV, "bin", "jupyterhub"), "-f", conf],
            cwd=self.run_dir, env=env, stdout=self.log_file, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.proc.returncode}; see {self.log_file.name}")
            try:
                await self.api("GET", "/hub/api/")
                return
            except Exception:
                await asyncio.sleep(0.5)
        raise RuntimeError(f"the hub did not answer in {timeout} s; see {self.log_file.name}")

    def kill(self, sig=signal.SIGKILL):
        """Kill the hub process only (servers and proxy live in their own sessions)."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    async def request(self, method, url, body=None, timeout=120, raw=False):
        headers = {"Authorization": f"token {self.token}"}
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if body is None and method in ("POST", "PUT", "PATCH"):
            body = ""
        req = HTTPRequest(self.url + url, method=method, headers=headers, body=body,
                          request_timeout=timeout, connect_timeout=timeout,
                          follow_redirects=False)
        resp = await self.http.fetch(req, raise_error=True)
        if raw:
            return resp
        return json.loads(resp.body) if resp.body else None

    async def api(self, method, path, body=None, timeout=120):
        return await self.request(method, path, body, timeout)

    async def start_server(self, name, timeout=300):
        t0 = time.monotonic()
        await self.api("POST", f"/hub/api/users/{name}/server", timeout=timeout)
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            user = await self.api("GET", f"/hub/api/users/{name}")
            srv = user.get("servers", {}).get("")
            if srv and srv.get("ready"):
                return time.monotonic() - t0
            await asyncio.sleep(0.25)
        raise TimeoutError(f"{name}: server not ready in {timeout} s")

    async def stop_server(self, name, timeout=120):
        # Shut the kernels down through the server first: the spawner stops a server with
        # SIGINT, on which Jupyter Server exits without shutting its kernels down, and they
        # (GoNB and its gopls) would live on without it.
        try:
            for k in await self.api("GET", f"/user/{name}/api/kernels", timeout=30):
                await self.api("DELETE", f"/user/{name}/api/kernels/{k['id']}", timeout=60)
        except Exception:
            pass  # no server, or it is not answering: the hub stops it anyway
        try:
            await self.api("DELETE", f"/hub/api/users/{name}/server", timeout=timeout)
        except HTTPClientError as e:
            if e.code != 400:  # 400: not running
                raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = await self.api("GET", f"/hub/api/users/{name}")
            if not user.get("servers"):
                return
            await asyncio.sleep(0.25)

    async def shutdown(self):
        """Stop every server, then the hub and its proxy; kill whatever is left."""
        if self.proc and self.proc.poll() is None:
            try:
                users = await self.api("GET", "/hub/api/users", timeout=30)
                await asyncio.gather(*(self.stop_server(u["name"], 60) for u in users
                                       if u.get("servers")), return_exceptions=True)
            except Exception as e:
                log("shutdown: could not stop servers through the hub:", e)
            self.kill(signal.SIGTERM)
        n = kill_leftovers(self.run_dir)
        if self.spawner == "docker":
            n += remove_containers(self.prefix, volumes=not self.keep_volumes)
        if n:
            log(f"shutdown: ended {n} leftover processes of this run")
        if self.log_file:
            self.log_file.close()


def kill_leftovers(run_dir):
    """Kill what this run started and is still alive, found by pid: every process whose
    HOME is a student home of this run (servers, kernels, gopls, cell programs; a kernel
    whose server died lives on, and so does the gopls of a killed kernel), and the proxy."""
    homes = os.path.join(run_dir, "homes") + os.sep
    procs = []
    for p in psutil.process_iter(["pid"]):
        try:
            if p.pid != os.getpid() and p.environ().get("HOME", "").startswith(homes):
                procs.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    try:
        with open(os.path.join(run_dir, "proxy.pid")) as f:
            proxy = psutil.Process(int(f.read().strip()))
        if "configurable-http-proxy" in " ".join(proxy.cmdline()):
            procs.append(proxy)
    except (OSError, ValueError, psutil.NoSuchProcess, psutil.AccessDenied):
        pass
    for p in procs:
        try:
            p.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(procs, timeout=10)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    return len(procs)


def docker(*args):
    """Runs Debian's docker client (DOCKER_HOST from the environment) and returns its output."""
    return subprocess.run([DOCKER, *args], check=True, capture_output=True, text=True,
                          timeout=120).stdout


def remove_containers(prefix, volumes=True):
    """Remove the containers and (unless volumes is false) the volumes of this run (by id,
    found by their name prefix)."""
    n = 0
    try:
        ids = docker("ps", "-aq", "--filter", f"name=^{prefix}").split()
        if ids:
            docker("rm", "-f", *ids)
            n += len(ids)
        vols = [v for v in docker("volume", "ls", "-q", "--filter", f"name=^{prefix}").split()]
        if vols and not volumes:
            log("shutdown: kept the students' volumes:", " ".join(vols))
        elif vols:
            docker("volume", "rm", "-f", *vols)
    except subprocess.CalledProcessError as e:
        log("shutdown: docker:", e.stderr.strip())
    return n


def server_process(name, run_dir):
    home = os.path.join(run_dir, "homes", name)
    for p in psutil.process_iter(["pid", "cmdline"]):
        try:
            if "jupyterhub-singleuser" in " ".join(p.info["cmdline"] or []) and \
                    p.environ().get("JUPYTERHUB_USER") == name and p.environ().get("HOME") == home:
                return p
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return None


def tree_rss(proc):
    """RSS in bytes of proc's descendants (the kernel tree) and of proc itself."""
    kernel = 0
    try:
        own = proc.memory_info().rss
        for c in proc.children(recursive=True):
            try:
                kernel += c.memory_info().rss
            except psutil.NoSuchProcess:
                pass
    except psutil.NoSuchProcess:
        return 0, 0
    return kernel, own


class Sampler:
    def __init__(self, hub):
        self.hub = hub
        self.servers = {}
        self.peak_kernel = {}
        self.peak_server = {}
        self.peak_used = 0
        self.base_used = psutil.virtual_memory().used
        self.cpu = []
        self.out_of_memory = asyncio.Event()
        self._task = None

    def watch(self, name):
        p = self.hub.server_process(name)
        if p:
            self.servers[name] = p

    async def run(self):
        psutil.cpu_percent(None)
        while True:
            for name, p in list(self.servers.items()):
                k, s = tree_rss(p)
                self.peak_kernel[name] = max(self.peak_kernel.get(name, 0), k)
                self.peak_server[name] = max(self.peak_server.get(name, 0), s)
            vm = psutil.virtual_memory()
            self.peak_used = max(self.peak_used, vm.used)
            if vm.available < MEMORY_FLOOR and not self.out_of_memory.is_set():
                log(f"memory guard: only {vm.available >> 20} MiB left; stopping this K")
                self.out_of_memory.set()
            self.cpu.append(psutil.cpu_percent(None))
            await asyncio.sleep(0.5)

    def start(self):
        self._task = asyncio.ensure_future(self.run())

    async def stop(self):
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass


def cell_sources(nb):
    """(type, source) of each cell: what a copy of the notebook must keep (the contents API
    joins the source lines, the file may hold them as a list)."""
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def msg(session, msg_type, content, channel="shell"):
    return {
        "header": {"msg_id": uuid.uuid4().hex, "username": "student", "session": session,
                   "msg_type": msg_type, "version": "5.3",
                   "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
        "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
        "buffers": [],
    }


def problems_in(outputs, reply):
    out = []
    if reply and reply.get("status") != "ok":
        out.append(f"execute_reply status {reply.get('status')}: {reply.get('ename', '')} {reply.get('evalue', '')}")
    for o in outputs:
        t = o.get("output_type")
        if t == "error":
            out.append(f"error output {o.get('ename')}: {o.get('evalue')}")
        elif t == "stream" and o.get("name") == "stderr":
            out.append("stderr: " + o.get("text", "")[:200])
        elif t in ("display_data", "execute_result"):
            html = o.get("data", {}).get("text/html", "")
            if isinstance(html, list):
                html = "".join(html)
            if "gonb-error" in html or "gonb-err-context" in html:
                out.append("GoNB compile error")
    return out


class Kernel:
    """A kernel's websocket, reached through the hub's proxy like a browser does."""

    def __init__(self, hub, name, kernel_id):
        self.hub, self.name, self.kernel_id = hub, name, kernel_id
        self.session = uuid.uuid4().hex
        self.ws = None

    async def connect(self, timeout=60):
        url = (f"ws://127.0.0.1:{self.hub.port}/user/{self.name}/api/kernels/"
               f"{self.kernel_id}/channels?session_id={self.session}")
        req = HTTPRequest(url, headers={"Authorization": f"token {self.hub.token}"},
                          connect_timeout=timeout, request_timeout=timeout)
        self.ws = await websocket_connect(req, max_message_size=256 << 20)

    async def request(self, m, timeout, on_iopub=None):
        """Send m on shell; return (reply content, iopub messages) once the reply and the
        kernel's idle status for m have both arrived."""
        mid = m["header"]["msg_id"]
        await self.ws.write_message(json.dumps(m))
        reply, idle, iopub = None, False, []
        deadline = time.monotonic() + timeout
        while reply is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no reply in {timeout} s")
            raw = await asyncio.wait_for(self.ws.read_message(), left)
            if raw is None:
                raise ConnectionError("kernel websocket closed")
            r = json.loads(raw)
            if r.get("parent_header", {}).get("msg_id") != mid:
                continue
            ch, mt = r.get("channel"), r["header"]["msg_type"]
            if ch == "shell" and mt.endswith("_reply"):
                reply = r["content"]
            elif ch == "iopub":
                if mt == "status":
                    idle = r["content"].get("execution_state") == "idle"
                    if r["content"].get("execution_state") == "busy" and on_iopub:
                        on_iopub("busy")
                else:
                    iopub.append(r)
        return reply, iopub

    async def kernel_info(self, timeout):
        return await self.request(msg(self.session, "kernel_info_request", {}), timeout)

    async def execute(self, code, timeout, on_iopub=None):
        m = msg(self.session, "execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        reply, iopub = await self.request(m, timeout, on_iopub)
        outputs = []
        for r in iopub:
            mt, c = r["header"]["msg_type"], r["content"]
            if mt == "stream":
                outputs.append({"output_type": "stream", "name": c["name"], "text": c["text"]})
            elif mt in ("display_data", "execute_result"):
                o = {"output_type": mt, "data": c.get("data", {}), "metadata": c.get("metadata", {})}
                if mt == "execute_result":
                    o["execution_count"] = c.get("execution_count")
                outputs.append(o)
            elif mt == "error":
                outputs.append({"output_type": "error", "ename": c["ename"],
                                "evalue": c["evalue"], "traceback": c["traceback"]})
        return reply, outputs

    def close(self):
        if self.ws:
            self.ws.close()


async def open_notebook(hub, name, nb, path="01-key-idea.ipynb"):
    await hub.api("PUT", f"/user/{name}/api/contents/{path}",
                  {"type": "notebook", "format": "json", "content": nb})
    return await open_session(hub, name, path)


async def open_session(hub, name, path):
    """Opens the saved notebook path with a gonb kernel, as a browser does (no save)."""
    sess = await hub.api("POST", f"/user/{name}/api/sessions", {
        "path": path, "name": path, "type": "notebook", "kernel": {"name": "gonb"}})
    return sess["id"], sess["kernel"]["id"]


async def student(hub, name, nb, cell_timeout, results, complete=True):
    """One student: upload, start a kernel, run every code cell, save. Fills results[name]."""
    r = results[name] = {"cells": [], "failures": [], "kernel_start_s": None}
    nb = json.loads(json.dumps(nb))
    kernel = None
    try:
        t0 = time.monotonic()
        _, kid = await open_notebook(hub, name, nb)
        kernel = Kernel(hub, name, kid)
        await kernel.connect()
        await kernel.kernel_info(cell_timeout)
        r["kernel_start_s"] = time.monotonic() - t0
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            t = time.monotonic()
            try:
                reply, outputs = await kernel.execute("".join(cell["source"]), cell_timeout)
            except (TimeoutError, asyncio.TimeoutError) as e:
                r["failures"].append(f"cell {i + 1}: timeout ({e})")
                r["cells"].append({"cell": i + 1, "s": time.monotonic() - t, "ok": False})
                break
            dt = time.monotonic() - t
            probs = problems_in(outputs, reply)
            cell["outputs"] = outputs
            cell["execution_count"] = reply.get("execution_count") if reply else None
            r["cells"].append({"cell": i + 1, "s": dt, "ok": not probs})
            r["failures"] += [f"cell {i + 1}: {p}" for p in probs]
        await hub.api("PUT", f"/user/{name}/api/contents/01-key-idea.ipynb",
                      {"type": "notebook", "format": "json", "content": nb})
        # Two Tab presses: GoNB answers completions with gopls, which it starts on the first.
        if complete:
            for key, code in (("complete_first", '%%\nfmt.Pri'), ("complete_second",
                              'import "github.com/lossnb/lossnb/lossnb/loss"\n%%\n'
                              'h, _ := loss.NewHuber(1)\nh.')):
                t = time.monotonic()
                reply, _ = await kernel.request(msg(kernel.session, "complete_request",
                                                    {"code": code, "cursor_pos": len(code)}),
                                                cell_timeout)
                r[key + "_s"] = time.monotonic() - t
                r[key + "_matches"] = len((reply or {}).get("matches", []))
    except Exception as e:
        r["failures"].append(f"{type(e).__name__}: {e}")
    finally:
        if kernel:
            kernel.close()


def pct(values, q):
    if not values:
        return float("nan")
    v = sorted(values)
    k = (len(v) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


async def run_k(hub, k, nb, cell_timeout, k_timeout, complete=True):
    # No "-" in a name: DockerSpawner escapes it in container and volume names.
    names = [f"k{k}s{i:02d}" for i in range(1, k + 1)]
    for n in names:
        await hub.api("POST", f"/hub/api/users/{n}")
    load_before = os.getloadavg()
    sampler = Sampler(hub)
    sampler.start()
    t0 = time.monotonic()
    spawn = await asyncio.gather(*(hub.start_server(n) for n in names), return_exceptions=True)
    spawn_s = [s for s in spawn if isinstance(s, float)]
    for n in names:
        sampler.watch(n)
    results = {}
    work = asyncio.ensure_future(
        asyncio.gather(*(student(hub, n, nb, cell_timeout, results, complete) for n in names)))
    guard = asyncio.ensure_future(sampler.out_of_memory.wait())
    done, _ = await asyncio.wait({work, guard}, timeout=k_timeout,
                                 return_when=asyncio.FIRST_COMPLETED)
    guard.cancel()
    if work not in done:
        work.cancel()
        try:
            await work
        except asyncio.CancelledError:
            pass
        why = ("memory guard: less than %d MiB available" % (MEMORY_FLOOR >> 20)
               if sampler.out_of_memory.is_set() else f"the whole run passed {k_timeout} s")
        for n in names:
            results.setdefault(n, {"cells": [], "failures": []})["failures"].append(why)
    wall = time.monotonic() - t0
    # Idle memory after the run, kernels still up (what a classroom holds between cells).
    await asyncio.sleep(2)
    idle_kernel = []
    for n, p in sampler.servers.items():
        idle_kernel.append(tree_rss(p)[0])
    cgroup_peak = [v for v in (hub.container_peak_mib(n) for n in names) if v is not None] \
        if hub.spawner == "docker" else []
    await sampler.stop()
    await asyncio.gather(*(hub.stop_server(n) for n in names), return_exceptions=True)

    lat = [c["s"] for r in results.values() for c in r["cells"]]
    fails = [(n, f) for n, r in results.items() for f in r.get("failures", [])]
    fails += [(n, f"spawn: {s}") for n, s in zip(names, spawn) if not isinstance(s, float)]
    mib = 1 << 20
    row = {
        "k": k,
        "cells": len(lat),
        "cells_expected": k * len(code_cells(nb)),
        "p50_s": pct(lat, 50), "p95_s": pct(lat, 95), "max_s": max(lat) if lat else None,
        "spawn_p50_s": pct(spawn_s, 50), "spawn_max_s": max(spawn_s) if spawn_s else None,
        "complete_first_p50_s": pct([r["complete_first_s"] for r in results.values()
                                     if r.get("complete_first_s")], 50),
        "complete_second_p50_s": pct([r["complete_second_s"] for r in results.values()
                                      if r.get("complete_second_s")], 50),
        "complete_matches_min": min((min(r.get("complete_first_matches", 0),
                                         r.get("complete_second_matches", 0))
                                     for r in results.values()), default=0),
        "kernel_start_p50_s": pct([r["kernel_start_s"] for r in results.values()
                                   if r.get("kernel_start_s")], 50),
        "kernel_peak_mib_p50": pct([v / mib for v in sampler.peak_kernel.values()], 50),
        "kernel_peak_mib_max": max(sampler.peak_kernel.values(), default=0) / mib,
        "kernel_idle_mib_p50": pct([v / mib for v in idle_kernel], 50),
        "server_mib_p50": pct([v / mib for v in sampler.peak_server.values()], 50),
        "container_peak_mib_p50": pct(cgroup_peak, 50) if cgroup_peak else None,
        "container_peak_mib_max": max(cgroup_peak) if cgroup_peak else None,
        "spawner": hub.spawner,
        "machine_used_peak_mib": (sampler.peak_used - sampler.base_used) / mib,
        "cpu_busy_pct_mean": statistics.fmean(sampler.cpu) if sampler.cpu else None,
        "loadavg_before": load_before,
        "wall_s": wall,
        "failures": len(fails),
        "failure_examples": [f"{n}: {f}" for n, f in fails[:10]],
        "per_cell_p50_s": {},
    }
    by_cell = {}
    for r in results.values():
        for c in r["cells"]:
            by_cell.setdefault(c["cell"], []).append(c["s"])
    row["per_cell_p50_s"] = {str(c): round(pct(v, 50), 3) for c, v in sorted(by_cell.items())}
    return row


def print_table(rows):
    print("\n| K | cells run | p50 cell (s) | p95 cell (s) | max cell (s) | server spawn p50 (s) "
          "| first Tab p50 (s) | kernel tree peak RSS p50 (MiB) | kernel tree after run p50 (MiB) "
          "| server RSS p50 (MiB) | machine used, peak rise (MiB) | failures |"
          + (" container cgroup peak p50 / max (MiB) |" if rows and rows[0].get("spawner") == "docker" else ""))
    print("|---|---|---|---|---|---|---|---|---|---|---|---|"
          + ("---|" if rows and rows[0].get("spawner") == "docker" else ""))
    f = lambda v, d=2: "-" if v is None or v != v else f"{v:.{d}f}"  # noqa: E731
    for r in rows:
        print(f"| {r['k']} | {r['cells']}/{r['cells_expected']} | {f(r['p50_s'])} | {f(r['p95_s'])} "
              f"| {f(r['max_s'])} | {f(r['spawn_p50_s'], 1)} | {f(r.get('complete_first_p50_s'), 1)} "
              f"| {f(r['kernel_peak_mib_p50'], 0)} | {f(r['kernel_idle_mib_p50'], 0)} "
              f"| {f(r['server_mib_p50'], 0)} | {f(r['machine_used_peak_mib'], 0)} | {r['failures']} |"
          + (f" {f(r.get('container_peak_mib_p50'), 0)} / {f(r.get('container_peak_mib_max'), 0)} |"
             if r.get("spawner") == "docker" else ""))
    over = [r["k"] for r in rows if r["p95_s"] > 5]
    print("\np95 passes 5 s first at K =", over[0] if over else "none of those run", flush=True)


async def sweep(args):
    nb = json.load(open(NOTEBOOK))
    run_dir = os.path.join(WORK, "run" if args.spawner == "local" else "run-docker")
    shutil.rmtree(run_dir, ignore_errors=True)
    os.makedirs(run_dir)
    hub = Hub(run_dir, args.spawner, args.image, limits(args))
    rows = []
    try:
        await hub.start()
        log(f"hub up at {hub.url} (logs in {run_dir}/hub.log); {psutil.cpu_count()} cores, "
            f"{psutil.virtual_memory().total / (1 << 30):.0f} GiB; load avg {os.getloadavg()}")
        for k in args.students:
            log(f"K = {k}: spawning {k} servers, then running notebook 01 in each at once")
            row = await run_k(hub, k, nb, args.cell_timeout, args.k_timeout, not args.no_complete)
            rows.append(row)
            log(f"K = {k}: p50 {row['p50_s']:.2f} s, p95 {row['p95_s']:.2f} s, "
                f"failures {row['failures']}, wall {row['wall_s']:.0f} s")
            for f in row["failure_examples"]:
                log("   ", f)
            with open(args.out, "w") as f:
                json.dump({"machine": machine(), "rows": rows}, f, indent=1)
    finally:
        await hub.shutdown()
    print_table(rows)
    log(f"results in {args.out}")
    return 0 if all(r["failures"] == 0 for r in rows) else 1


def limits(args):
    out = {}
    if args.mem_limit:
        out["mem_limit"] = args.mem_limit
    if args.cpu_limit:
        out["cpu_limit"] = args.cpu_limit
    return out


def machine():
    return {"cores": psutil.cpu_count(), "mem_gib": round(psutil.virtual_memory().total / (1 << 30), 1),
            "go": go_env("GOVERSION")["GOVERSION"], "python": sys.version.split()[0],
            "notebook_sha256": sha(open(NOTEBOOK, "rb").read()),
            "notebook_code_cells": len(code_cells(json.load(open(NOTEBOOK)))),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


# --- nothing lost -------------------------------------------------------------------------

def sha(b):
    return hashlib.sha256(b).hexdigest()


def saved_on_disk(hub, name, path):
    with open(os.path.join(hub.home(name), path), "rb") as f:
        return sha(f.read())


async def saved_state(hub, name, path, run_dir=None):
    """The saved notebook as the contents API returns it and as bytes on disk."""
    c = await hub.api("GET", f"/user/{name}/api/contents/{path}?type=notebook&content=1")
    return json.dumps(c["content"], sort_keys=True), saved_on_disk(hub, name, path)


async def kill_mid_cell(kernel, kill):
    """Starts a 20-second cell, calls kill() once it is compiling or running, and waits for
    the cell to be lost."""
    busy = asyncio.Event()
    slow = '%%\nimport "time"\ntime.Sleep(20 * time.Second)\nfmt.Println("done")'
    run = asyncio.ensure_future(kernel.execute(slow, 60, on_iopub=lambda s: busy.set()))
    await asyncio.wait_for(busy.wait(), 60)
    await asyncio.sleep(3)  # the cell is compiling or running now
    kill()
    try:
        await asyncio.wait_for(run, 30)
    except Exception:
        pass  # the cell never finishes: expected
    kernel.close()


async def kernel_runs_a_cell(hub, name, kid, cell_timeout, limit=120):
    """Waits for the kernel kid to answer, and runs a cell in it; True when it printed."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        k = await hub.api("GET", f"/user/{name}/api/kernels/{kid}")
        if k.get("execution_state") in ("idle", "starting", "busy"):
            kernel = Kernel(hub, name, kid)
            try:
                await kernel.connect()
                await kernel.kernel_info(30)
                reply, outputs = await kernel.execute('%%\nfmt.Println("back")', cell_timeout)
                if reply.get("status") == "ok" and any("back" in o.get("text", "") for o in outputs):
                    return True
            except Exception:
                pass
            finally:
                kernel.close()
        await asyncio.sleep(1)
    return False


async def nothing_lost(args):
    nb = json.load(open(NOTEBOOK))
    run_dir = os.path.join(WORK, "run-nothing-lost" + ("" if args.spawner == "local" else "-docker"))
    shutil.rmtree(run_dir, ignore_errors=True)
    os.makedirs(run_dir)
    hub = Hub(run_dir, args.spawner, args.image, keep_volumes=args.keep_volumes)
    # In the image, the student works on the copy the start hook made in ~/lossnb/.
    name = "keeper"
    path = "01-key-idea.ipynb" if args.spawner == "local" else "lossnb/01-key-idea.ipynb"
    checks = []

    def check(what, ok, detail=""):
        checks.append((what, ok))
        log(("PASS " if ok else "FAIL ") + what + (f": {detail}" if detail else ""))

    try:
        await hub.start()
        await hub.api("POST", f"/hub/api/users/{name}")
        await hub.start_server(name)
        if args.spawner == "docker":
            seeded = await hub.api("GET", f"/user/{name}/api/contents/{path}?type=notebook&content=1")
            check("the start hook copied the course into ~/lossnb/",
                  cell_sources(seeded["content"]) == cell_sources(nb))
            nb = seeded["content"]
        _, kid = await open_notebook(hub, name, nb, path)
        kernel = Kernel(hub, name, kid)
        await kernel.connect()
        await kernel.kernel_info(args.cell_timeout)
        cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        # The student runs the first three code cells and saves, with their own note.
        for c in cells[:3]:
            reply, outputs = await kernel.execute("".join(c["source"]), args.cell_timeout)
            c["outputs"], c["execution_count"] = outputs, reply.get("execution_count")
        nb["cells"].append({"cell_type": "markdown", "metadata": {}, "id": "student-note",
                            "source": "My note: Huber is MSE near zero and MAE far out."})
        await hub.api("PUT", f"/user/{name}/api/contents/{path}",
                      {"type": "notebook", "format": "json", "content": nb})
        saved = await saved_state(hub, name, path, run_dir)
        content = json.loads(saved[0])
        check("the saved notebook holds the student's note and outputs",
              any("My note" in "".join(c["source"]) for c in content["cells"])
              and sum(bool(c.get("outputs")) for c in content["cells"]
                      if c["cell_type"] == "code") >= 2)
        if args.sabotage:  # proves the checks below can fail: lose the note behind their back
            disk = os.path.join(hub.home(name), path)
            with open(disk) as f:
                broken = f.read().replace("My note", "My nite")
            with open(disk, "w") as f:
                f.write(broken)

        if args.spawner == "docker":
            # 1. The student's whole container is killed (SIGKILL) while a cell runs, then
            #    the server is started again: a new container on the same volume.
            await kill_mid_cell(kernel, lambda: docker("kill", hub.prefix + name))
            check("container killed mid-cell", True, f"docker kill {hub.prefix + name}")
            check("saved notebook intact on the volume after the container was killed",
                  saved_on_disk(hub, name, path) == saved[1])
            await hub.stop_server(name)
            await hub.start_server(name)
            check("saved notebook intact after a new container started on the same volume",
                  await saved_state(hub, name, path) == saved)
            _, kid = await open_session(hub, name, path)
            check("the new container's kernel runs a cell",
                  await kernel_runs_a_cell(hub, name, kid, args.cell_timeout))
            check("saved notebook intact after the student reopened it",
                  await saved_state(hub, name, path) == saved)
        else:
            # 1. The kernel is killed (SIGKILL) while a cell runs.
            server = hub.server_process(name)
            gonb = [p for p in server.children(recursive=True) if "gonb" in p.name()]
            orphans = []

            def kill_gonb():
                orphans.extend(c for p in gonb for c in p.children(recursive=True))
                for p in gonb:
                    p.send_signal(signal.SIGKILL)
            await kill_mid_cell(kernel, kill_gonb)
            check("kernel killed mid-cell", bool(gonb), f"SIGKILL to {[p.pid for p in gonb]}")
            for p in orphans:  # gopls outlives a killed GoNB; don't leave it running
                try:
                    p.kill()
                except psutil.NoSuchProcess:
                    pass
            check("saved notebook intact after the kernel was killed",
                  await saved_state(hub, name, path, run_dir) == saved)
            # The server restarts the dead kernel; the student can go on working.
            check("the kernel came back and runs a cell",
                  await kernel_runs_a_cell(hub, name, kid, args.cell_timeout))

        # 2. The hub dies (SIGKILL) and is started again; the servers keep running.
        hub.kill(signal.SIGKILL)
        check("hub killed", hub.proc.poll() is not None)
        await hub.start()
        user = await hub.api("GET", f"/hub/api/users/{name}")
        check("the student's server survived the hub restart",
              bool(user.get("servers", {}).get("", {}).get("ready")))
        check("saved notebook intact after the hub restart",
              await saved_state(hub, name, path, run_dir) == saved)

        # 3. The server itself is stopped and started again (culling, a new image).
        await hub.stop_server(name)
        await hub.start_server(name)
        check("saved notebook intact after a server stop and start",
              await saved_state(hub, name, path, run_dir) == saved)
    except Exception as e:
        check("nothing-lost test ran to the end", False, f"{type(e).__name__}: {e}")
    finally:
        await hub.shutdown()
    failed = sum(not ok for _, ok in checks)
    print(f"nothing-lost: {len(checks) - failed} passed, {failed} failed", flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"machine": machine(), "checks": checks}, f, indent=1)
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["sweep", "nothing-lost"])
    ap.add_argument("--students", default="2,5,10,20",
                    type=lambda s: [int(x) for x in s.split(",")])
    ap.add_argument("--cell-timeout", type=float, default=300)
    ap.add_argument("--k-timeout", type=float, default=1500, help="limit for one K, seconds")
    ap.add_argument("--out", default=None)
    ap.add_argument("--sabotage", action="store_true",
                    help="nothing-lost: alter the saved file on purpose, to see the test fail")
    ap.add_argument("--spawner", choices=["local", "docker"], default="local",
                    help="local processes (default) or containers of --image (DockerSpawner)")
    ap.add_argument("--image", help="--spawner docker: the lossnb image to spawn")
    ap.add_argument("--keep-volumes", action="store_true",
                    help="--spawner docker, nothing-lost: leave the student's volume (make image-test grades it)")
    ap.add_argument("--mem-limit", help="--spawner docker: DockerSpawner.mem_limit, e.g. 1536M")
    ap.add_argument("--cpu-limit", type=float, help="--spawner docker: DockerSpawner.cpu_limit")
    ap.add_argument("--no-complete", action="store_true",
                    help="skip the two completion requests (the Tab presses that start gopls)")
    args = ap.parse_args()
    if max(args.students) > 40:
        sys.exit("loadtest.py: at most 40 students")
    if args.spawner == "docker" and not args.image:
        sys.exit("loadtest.py: --spawner docker needs --image")
    if args.out is None and args.mode == "sweep":
        args.out = os.path.join(WORK, "results.json" if args.spawner == "local"
                                else "results-docker.json")
    for tool in (CHP, os.path.join(VENV, "bin", "jupyterhub")):
        if not os.path.exists(tool):
            sys.exit(f"loadtest.py: {tool} is missing: run docker/loadtest/run.sh")
    coro = sweep(args) if args.mode == "sweep" else nothing_lost(args)
    loop = asyncio.new_event_loop()
    task = loop.create_task(coro)
    for s in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(s, task.cancel)
    try:
        return loop.run_until_complete(task)
    except asyncio.CancelledError:
        print("loadtest.py: interrupted; hub and servers stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
