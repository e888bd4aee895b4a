#!/usr/bin/env bash
# Start one command (the GoNB kernel of one submission) in a sandbox, for `lossnb grade`.
#
# Usage (as root):
#   grade_sandbox.sh SANDBOX UID NEWROOT MEM_BYTES CGROUP RO_PATHS CONNECTION_FILE -- COMMAND...
#
#   SANDBOX          the submission's own folder (owned by UID): the only place it may write
#   UID              an unprivileged uid and gid of its own (no passwd entry needed)
#   NEWROOT          an empty root-owned folder to build the sandbox's file system on
#   MEM_BYTES        RLIMIT_AS of every process in the sandbox
#   CGROUP           a cgroup folder (memory limit already written by the grader) to join, or -
#   RO_PATHS         colon-separated folders to show read-only at their own path (the Go
#                    toolchain, the module cache, the graded copy of lossnb, the kernel's binaries)
#   CONNECTION_FILE  the kernel's connection file, written by jupyter_client; copied into SANDBOX
#   COMMAND          the kernel command; an argument equal to CONNECTION_FILE is replaced by the
#                    copy
#
# What the command gets:
#   - a mount namespace whose root is a tmpfs holding read-only binds of /usr, /etc and the
#     /bin, /lib… links, RO_PATHS, a few device nodes, a fresh /proc, and SANDBOX read-write:
#     the instructor's files, other submissions and the grader's output are not in it;
#   - a pid namespace (it sees its own processes only; when this script's unshare dies, all die);
#   - uid and gid UID, no supplementary groups, no capabilities, no_new_privs;
#   - rlimits: address space MEM_BYTES, 512 processes, files of at most 256 MiB, no core dumps;
#   - the cgroup CGROUP, if given (a memory limit on the whole process tree);
#   - an environment of its own: HOME, TMPDIR and GOCACHE inside SANDBOX, GOPROXY=off, and
#     GOFLAGS=-trimpath, so that build cache entries do not depend on where the module is.
# The network namespace is the grader's business: it starts the notebook client in one with
# loopback only, and this kernel inherits it.
set -euo pipefail

if [[ "${1:-}" == "--inside" ]]; then
	# Second stage: pid 1 of the new namespaces, still root. Build the root and drop privileges.
	shift
	SANDBOX=$1 UID_=$2 NEWROOT=$3 MEM=$4 RO_PATHS=$5 CONN=$6
	shift 7 # the six values and "--"
	mount --make-rprivate /
	mount -t tmpfs -o mode=755,size=16m lossnb-root "$NEWROOT"
	mkdir -p "$NEWROOT/dev" "$NEWROOT/proc" "$NEWROOT/tmp"
	mount -t tmpfs -o mode=1777,size=64m tmp "$NEWROOT/tmp"
	for p in /usr /etc; do
		mkdir -p "$NEWROOT$p"
		mount --rbind "$p" "$NEWROOT$p"
		mount -o remount,bind,ro "$NEWROOT$p"
	done
	for p in /bin /sbin /lib /lib32 /lib64 /libx32; do
		if [[ -L "$p" ]]; then
			ln -s "$(readlink "$p")" "$NEWROOT$p"
		elif [[ -d "$p" ]]; then
			mkdir -p "$NEWROOT$p"
			mount --rbind "$p" "$NEWROOT$p"
			mount -o remount,bind,ro "$NEWROOT$p"
		fi
	done
	IFS=: read -r -a ro <<<"$RO_PATHS"
	for p in "${ro[@]}"; do
		[[ -z "$p" || "$p" == /usr/* || "$p" == /usr ]] && continue
		mkdir -p "$NEWROOT$p"
		mount --rbind "$p" "$NEWROOT$p"
		mount -o remount,bind,ro "$NEWROOT$p"
	done
	mkdir -p "$NEWROOT$SANDBOX"
	mount --bind "$SANDBOX" "$NEWROOT$SANDBOX"
	for d in null zero full random urandom tty; do
		touch "$NEWROOT/dev/$d"
		mount --bind "/dev/$d" "$NEWROOT/dev/$d"
	done
	ln -s /proc/self/fd "$NEWROOT/dev/fd"
	mount -t proc -o nosuid,nodev,noexec proc "$NEWROOT/proc"
	mount -o remount,ro,bind "$NEWROOT"

	args=()
	for a in "$@"; do
		if [[ "$a" == "$CONN" ]]; then a="$SANDBOX/home/.kernel.json"; fi
		args+=("$a")
	done
	cd /
	exec chroot "$NEWROOT" /usr/bin/env -i \
		PATH="$PATH_INSIDE" HOME="$SANDBOX/home" TMPDIR="$SANDBOX/tmp" USER=student LANG=C.UTF-8 \
		GOCACHE="$SANDBOX/gocache" GOPATH="$SANDBOX/home/go" GOMODCACHE="$GOMODCACHE_INSIDE" \
		GOROOT="$GOROOT_INSIDE" GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local GOTELEMETRY=off \
		GOENV=off GOFLAGS="-buildvcs=false -trimpath" CGO_ENABLED=0 \
		/usr/bin/setpriv --reuid="$UID_" --regid="$UID_" --clear-groups \
		--inh-caps=-all --bounding-set=-all --no-new-privs \
		/usr/bin/prlimit --as="$MEM" --nproc=512 --fsize=268435456 --core=0 -- \
		/bin/sh -c "cd \"\$HOME\" && exec \"\$@\"" sh "${args[@]}"
fi

if [[ $# -lt 9 || "$8" != "--" ]]; then
	sed -n '2,30p' "$0" >&2
	exit 2
fi
SANDBOX=$1 UID_=$2 NEWROOT=$3 MEM=$4 CGROUP=$5 RO_PATHS=$6 CONN=$7
shift 8
if [[ $(id -u) != 0 ]]; then
	echo "grade_sandbox.sh: must run as root (it mounts and changes user)" >&2
	exit 2
fi
# The copy of the connection file is the only secret the kernel needs; it is the kernel's own.
install -m 600 -o "$UID_" -g "$UID_" "$CONN" "$SANDBOX/home/.kernel.json"
if [[ "$CGROUP" != "-" ]]; then
	echo $$ >"$CGROUP/cgroup.procs"
fi
export PATH_INSIDE GOMODCACHE_INSIDE GOROOT_INSIDE
exec unshare --mount --pid --ipc --uts --fork --kill-child \
	"$0" --inside "$SANDBOX" "$UID_" "$NEWROOT" "$MEM" "$RO_PATHS" "$CONN" -- "$@"
