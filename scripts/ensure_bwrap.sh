#!/usr/bin/env bash
# `lossnb grade` runs each student's program in Debian's bubblewrap (bwrap) and limits it
# with util-linux's prlimit. Installs bubblewrap with apt when we are root; otherwise says
# what to run.
set -eu
if command -v bwrap >/dev/null 2>&1 && command -v prlimit >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "lossnb: installing Debian's bubblewrap for the grading sandbox (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends bubblewrap util-linux >/dev/null
  exit 0
fi
echo "lossnb: lossnb grade needs bubblewrap (bwrap) and prlimit." >&2
echo "  On Debian/Ubuntu: sudo apt-get install bubblewrap util-linux" >&2
exit 1
