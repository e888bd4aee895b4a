#!/bin/sh
# screenshot.sh PAGE.html OUT.png [WxH]: headless Debian chromium, no network.
set -e
d=$(mktemp -d)
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$d" --virtual-time-budget=3000 --hide-scrollbars \
  --screenshot="$2" --window-size="${3:-1100,800}" "file://$1" 2>/dev/null
rm -rf "$d"
