#!/bin/sh
# bench.sh [N]: median wall time of "go build" of each cell-like program, on a
# warm build cache, rewriting main.go each time (as GoNB does per cell).
# Run from the repository root.
n=${1:-10}
dir=lossnb/nb/testdata/linkbench
out=$(mktemp -d)
for prog in ${PROGS:-hello show}; do
  go build -o "$out/$prog" ./$dir/$prog || exit 1   # warm the cache
  cp $dir/$prog/main.go "$out/$prog.go.orig"
  times=""
  i=0
  while [ $i -lt $n ]; do
    { cat "$out/$prog.go.orig"; echo "// run $i $$"; } > $dir/$prog/main.go
    s=$(date +%s.%N)
    go build -o "$out/$prog" ./$dir/$prog || exit 1
    e=$(date +%s.%N)
    times="$times $(echo "$e - $s" | bc)"
    i=$((i+1))
  done
  cp "$out/$prog.go.orig" $dir/$prog/main.go
  med=$(echo $times | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  size=$(stat -c %s "$out/$prog")
  echo "$prog: median ${med}s over $n builds, binary $size bytes"
done
rm -rf "$out"
