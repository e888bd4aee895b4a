#!/usr/bin/env python3
"""Register the GoNB kernel and the ECharts static path inside the project's virtualenv.

Usage: install_kernel.py REPO_ROOT VENV BIN

Nothing is written to the user's global Jupyter folders: the kernelspec goes to
VENV/share/jupyter/kernels/gonb and the server configuration to
VENV/etc/jupyter/jupyter_server_config.json, both of which Jupyter
reads only when it runs from VENV.

The kernelspec
  * starts GoNB with -go_work=REPO_ROOT, so every new notebook gets a go.work
    that uses this module and cells import lossnb packages with no setup cell;
  * puts BIN (goimports, gopls, lossnb-render) and the directory of the `go`
    that ran this install in front of PATH, so the kernel finds them however
    JupyterLab was started;
  * puts REPO_ROOT/build/kernel-bin before them, with two links: `gopls` to
    BIN/lossnb-gopls, which starts the real gopls at the first completion and ends it
    with the kernel however the kernel ends (cmd/lossnb-gopls), and `go` to
    BIN/lossnb-go, the real go (LOSSNB_GO) less the `go get` GoNB runs before every
    cell's build when nothing is missing (cmd/lossnb-go);
  * links cell programs with -ldflags=-s: no symbol table, and no DWARF since -s implies
    -w (cmd/link/internal/ld/main.go: "-s implies -w if not explicitly set"); panics
    still print function names and lines. scripts/bench_charts.py measured a chart cell
    about 20% faster to link this way, and link time is what a student waits for.
    (GOFLAGS entries cannot contain spaces, so "-ldflags=-s -w" is not an option);
  * sends GoNB's own log to /dev/null: by default it logs every cell to stderr,
    which buries real problems in the terminal and in test output.
The server configuration adds REPO_ROOT/build/static to ServerApp.extra_static_paths,
so the pinned ECharts library is served at {base_url}static/lossnb/echarts.min.js.
"""

import json
import os
import shutil
import subprocess
import sys


def untracked_message_types():
    """Jupyter Server's default untracked_message_types, less kernel_info_request/reply.

    JupyterLab ignores a kernel's status messages whose parent is an untracked message
    type (the list reaches it as the page option untracked_message_types). Until a cell
    runs, GoNB sends status only for kernel_info_request: it does not answer the
    history_request that gives an IPython kernel its first busy/idle. So with the
    default list JupyterLab shows "Kernel status: Unknown" until the first cell runs;
    with this one, "Idle" as soon as the kernel answers (checked in the browser, and by
    scripts/browser_extra_test.mjs). The cost: a kernel_info request (a browser tab
    connecting) counts as kernel activity for idle culling. The default list is the
    installed jupyter_server's, so this Python must be the virtualenv's.
    """
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    default = list(MappingKernelManager.class_traits()["untracked_message_types"].default())
    return [t for t in default if t not in ("kernel_info_request", "kernel_info_reply")]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    root, venv, bin_dir = (os.path.abspath(a) for a in sys.argv[1:])
    data_dir = os.path.join(venv, "share", "jupyter")
    go = shutil.which("go")
    if go is None:
        sys.exit("install_kernel.py: `go` is not on PATH")
    go_dir = os.path.dirname(os.path.realpath(go))
    kernel_bin = os.path.join(root, "build", "kernel-bin")
    os.makedirs(kernel_bin, exist_ok=True)
    for name, target in (("gopls", "lossnb-gopls"), ("go", "lossnb-go")):
        shim = os.path.join(kernel_bin, name)
        if os.path.lexists(shim):
            os.remove(shim)
        os.symlink(os.path.join(bin_dir, target), shim)
    path = os.pathsep.join([kernel_bin, bin_dir, go_dir, "${PATH}"])

    env = dict(os.environ, JUPYTER_DATA_DIR=data_dir,
               PATH=os.pathsep.join([bin_dir, go_dir, os.environ.get("PATH", "")]))
    subprocess.run([os.path.join(bin_dir, "gonb"), "--install", f"--go_work={root}",
                    "--logtostderr=false"],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    spec_path = os.path.join(data_dir, "kernels", "gonb", "kernel.json")
    with open(spec_path) as f:
        spec = json.load(f)
    quiet = ("-logtostderr", "-alsologtostderr", "-log_file", "-stderrthreshold")
    argv = [a for a in spec["argv"] if not a.startswith(quiet)]
    # GoNB copies its binary into the kernel folder when it runs from /tmp (as in a
    # clone under /tmp): point at build/bin instead, so that reinstalling the tools
    # updates the kernel, and drop the stale copy.
    gonb = os.path.join(bin_dir, "gonb")
    if argv[0] != gonb:
        copy = argv[0]
        argv[0] = gonb
        if os.path.dirname(copy) == os.path.dirname(spec_path) and os.path.exists(copy):
            os.remove(copy)
    argv += ["-logtostderr=false", "-alsologtostderr=false", "-log_file=/dev/null",
             "-stderrthreshold=3"]
    spec["argv"] = argv
    spec["display_name"] = "Go (gonb)"
    spec["env"] = {
        # jupyter_client substitutes ${PATH} from the server's environment.
        "PATH": path,
        "GOFLAGS": " ".join(f for f in [os.environ.get("GOFLAGS", ""), "-ldflags=-s"] if f),
        "LOSSNB_ROOT": root,
        "LOSSNB_BIN": bin_dir,
        "LOSSNB_GO": os.path.realpath(go),
        "LOSSNB_ECHARTS_JS": os.path.join(root, "build", "static", "lossnb", "echarts.min.js"),
    }
    with open(spec_path, "w") as f:
        json.dump(spec, f, indent=1)
        f.write("\n")

    # The top-level file, not jupyter_server_config.d/: Jupyter Server reads the .d
    # folder's files only for extension switches (tried: extra_static_paths set
    # there stayed empty).
    conf_dir = os.path.join(venv, "etc", "jupyter")
    os.makedirs(conf_dir, exist_ok=True)
    conf = {"ServerApp": {"extra_static_paths": [os.path.join(root, "build", "static")]},
            "MappingKernelManager": {"untracked_message_types": untracked_message_types()}}
    with open(os.path.join(conf_dir, "jupyter_server_config.json"), "w") as f:
        json.dump(conf, f, indent=1)
        f.write("\n")
    # JupyterLab settings for a classroom that may be offline: no news or update checks.
    settings_dir = os.path.join(data_dir, "lab", "settings")
    os.makedirs(settings_dir, exist_ok=True)
    overrides = {
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    }
    with open(os.path.join(settings_dir, "overrides.json"), "w") as f:
        json.dump(overrides, f, indent=1)
        f.write("\n")

    print(f"kernel 'gonb' registered in {os.path.dirname(spec_path)} (go.work uses {root})")


if __name__ == "__main__":
    main()
