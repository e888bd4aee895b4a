#!/usr/bin/env bash
# Runs every Go fuzz target in the module briefly: no panic, no NaN from valid input.
# Usage: fuzz.sh FUZZTIME   (a count such as 30000x, or a duration such as 3s)
set -eu
fuzztime=${1:-30000x}
n=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
while IFS=: read -r file name; do
  pkg=./$(dirname "$file")
  name=${name#func }
  if ! go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$pkg" >"$log" 2>&1; then
    echo "fuzz: $pkg $name failed:"; cat "$log"; exit 1
  fi
  echo "fuzz: $pkg $name ok ($fuzztime)"
  n=$((n+1))
done < <(grep -rEo --include='*_test.go' --exclude-dir=node_modules --exclude-dir=.venv \
           '^func Fuzz[A-Za-z0-9_]+' lossnb cmd 2>/dev/null | sort)
echo "fuzz: $n targets ran"
