#!/usr/bin/env bash
# The browser tests drive Debian's chromium through playwright-core: no tool may
# download a browser of its own. Installs it with apt when we are root; otherwise
# says what to run.
set -eu
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$chromium" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "lossnb: installing Debian's chromium for the browser tests (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "lossnb: the browser tests need Chromium at $chromium." >&2
echo "  On Debian/Ubuntu: sudo apt-get install chromium   (or set CHROMIUM=/path/to/chromium)" >&2
exit 1
