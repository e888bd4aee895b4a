#!/usr/bin/env python3
"""Install a Go toolchain from the Go module proxy into DEST, checking its sha256 first.

Usage: install_go.py VERSION ARCH SHA256 DEST [PROXY]

The Go team publishes every release as the module golang.org/toolchain, version
v0.0.1-goVERSION.linux-ARCH, on the Go module proxy (it is what `go` itself downloads
when go.mod asks for a newer toolchain). That zip holds the whole Go tree under one
folder; this script
  * downloads PROXY/golang.org/toolchain/@v/v0.0.1-goVERSION.linux-ARCH.zip
    (PROXY defaults to https://proxy.golang.org; a file:// URL works too, for tests);
  * refuses it unless its sha256 is SHA256;
  * unpacks it to DEST (which must not exist yet) and sets the executable bits
    on bin/ and pkg/tool/, which module zips do not keep;
  * runs DEST/bin/go version and checks it says goVERSION.
Only the Python standard library is used, so it runs in the image before Go exists.
"""

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import urllib.request
import zipfile


def main(argv):
    if len(argv) not in (5, 6):
        sys.exit(__doc__)
    version, arch, want_sha, dest = argv[1:5]
    proxy = (argv[5] if len(argv) == 6 else "https://proxy.golang.org").rstrip("/")
    if os.path.exists(dest):
        sys.exit(f"install_go.py: {dest} exists already")
    modver = f"v0.0.1-go{version}.linux-{arch}"
    url = f"{proxy}/golang.org/toolchain/@v/{modver}.zip"
    with tempfile.TemporaryDirectory() as tmp:
        zpath = os.path.join(tmp, "go.zip")
        h = hashlib.sha256()
        with urllib.request.urlopen(url, timeout=600) as resp, open(zpath, "wb") as out:
            while chunk := resp.read(1 << 20):
                h.update(chunk)
                out.write(chunk)
        got = h.hexdigest()
        if got != want_sha.lower():
            sys.exit(f"install_go.py: {url}: sha256 {got}, want {want_sha}")
        prefix = f"golang.org/toolchain@{modver}/"
        unpacked = os.path.join(tmp, "unpacked")
        with zipfile.ZipFile(zpath) as z:
            for name in z.namelist():
                if not name.startswith(prefix) or ".." in name.split("/"):
                    sys.exit(f"install_go.py: unexpected path {name!r} in {url}")
            z.extractall(unpacked)
        root = os.path.join(unpacked, prefix.rstrip("/"))
        for sub in ("bin", "pkg/tool"):
            for dirpath, _, files in os.walk(os.path.join(root, sub)):
                for f in files:
                    p = os.path.join(dirpath, f)
                    os.chmod(p, os.stat(p).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        os.makedirs(os.path.dirname(os.path.abspath(dest)), exist_ok=True)
        shutil.move(root, dest)
    out = subprocess.run([os.path.join(dest, "bin", "go"), "version"], check=True,
                         capture_output=True, text=True,
                         env=dict(os.environ, GOTOOLCHAIN="local")).stdout
    if f"go{version} " not in out + " ":
        sys.exit(f"install_go.py: {dest}/bin/go says {out.strip()!r}, want go{version}")
    print(f"install_go.py: {out.strip()} in {dest} (sha256 {got})")


if __name__ == "__main__":
    main(sys.argv)
