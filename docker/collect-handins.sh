#!/usr/bin/env bash
# Collect students' hand-ins from their JupyterHub volumes (DockerSpawner: one named Docker
# volume per student, mounted over /home/jovyan) into a folder `lossnb grade` reads
# (docker/README.md, "Collecting hand-ins"):
#
#   docker/collect-handins.sh [-p PREFIX] [-i IMAGE] NOTEBOOK OUT_DIR
#     PREFIX    the volumes' name before the user name (DockerSpawner's volumes setting
#               {"jupyterhub-user-{username}": "/home/jovyan"} gives the default,
#               jupyterhub-user-)
#     IMAGE     the lossnb image (default lossnb:latest); it only runs `sh`, `test` and
#               `head` (as root, so that a student's chmod cannot hide a file), with no
#               network, the volume read-only, and the image's start hook skipped
#     NOTEBOOK  the path in a student's home, e.g. lossnb/01-key-idea.ipynb (where the
#               image's start hook put the course)
#   -> OUT_DIR/STUDENT/01-key-idea.ipynb for every volume that holds a regular file there
#      (nbgrader's layout: `lossnb grade` names each row by the folder), and beside the
#      folder OUT_DIR-collected.tsv: student, volume, bytes or why nothing was taken (not
#      in OUT_DIR, where the grader would take it for a hand-in; appended to, so that the
#      volumes of several prefixes can be collected into one folder).
#
# A symbolic link or anything but a regular file is not followed (it is listed as refused),
# and at most 20 MiB + 1 byte are read (the grader's limit; it refuses larger files itself).
# Student names come back from DockerSpawner's escaping (escapism, escape character "-":
# "-2e" is "."). The volumes are never written to. Docker is run as $DOCKER (default docker).
set -euo pipefail
prefix=jupyterhub-user- image=lossnb:latest
while getopts p:i: o; do
  case $o in p) prefix=$OPTARG;; i) image=$OPTARG;; *) exit 2;; esac
done
shift $((OPTIND - 1))
[ $# = 2 ] || { echo "usage: collect-handins.sh [-p PREFIX] [-i IMAGE] NOTEBOOK OUT_DIR" >&2; exit 2; }
nb=$1 out=$2
case $nb in /*|*..*) echo "collect-handins: NOTEBOOK must be a path inside the home, got $nb" >&2; exit 2;; esac
DOCKER=${DOCKER:-docker}
mkdir -p "$out"
list=${out%/}-collected.tsv
[ -s "$list" ] || printf 'student\tvolume\tcollected\n' >"$list"
n=0 missing=0
for vol in $($DOCKER volume ls -q); do
  case $vol in "$prefix"?*) ;; *) continue;; esac
  escaped=${vol#"$prefix"}
  # escapism: "-" followed by two hex digits is one byte.
  student=$(printf '%b' "$(printf '%s' "$escaped" | sed 's/-\([0-9a-fA-F][0-9a-fA-F]\)/\\x\1/g')")
  case $student in ''|.*|*/*) echo "collect-handins: $vol: user name \"$student\" cannot be a folder name; skipped" >&2
    printf '%s\t%s\t%s\n' "$student" "$vol" "skipped: not a folder name" >>"$list"; missing=$((missing + 1)); continue;;
  esac
  mkdir -p "$out/$student"
  dst=$out/$student/$(basename "$nb")
  if $DOCKER run --rm --network none --user 0 --entrypoint sh \
       -v "$vol:/home/jovyan:ro" "$image" \
       -c 'f=/home/jovyan/$1; [ -f "$f" ] && [ ! -L "$f" ] || exit 3; head -c 20971521 "$f"' sh "$nb" >"$dst.tmp"; then
    mv "$dst.tmp" "$dst"
    printf '%s\t%s\t%s bytes\n' "$student" "$vol" "$(wc -c <"$dst")" >>"$list"
    n=$((n + 1))
  else
    rm -f "$dst.tmp"
    rmdir "$out/$student" 2>/dev/null || true
    printf '%s\t%s\t%s\n' "$student" "$vol" "nothing: no regular file $nb" >>"$list"
    missing=$((missing + 1))
  fi
done
echo "collect-handins: $n hand-ins of $nb in $out ($missing volumes without one; list in $list)"
