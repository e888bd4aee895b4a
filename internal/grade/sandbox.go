package grade

// The sandbox a student's program runs in: Debian's bubblewrap (bwrap), which
// gives it a mount namespace holding only its own binary, a private /tmp,
// /proc and /dev; its own pid, network (loopback only), IPC and UTS
// namespaces; no capabilities; and it dies with the checker. prlimit (util-
// linux) caps its address space, processes, file size and open files. As
// root, each submission also gets a uid of its own (bwrap then runs
// unprivileged, in a user namespace) and, where the grader can make one, a
// memory cgroup. This replaces the hand-written namespace script of earlier
// versions: bwrap sets up loopback itself (no `ip` needed) and is the
// sandbox of Flatpak, well kept and packaged.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lossnb/lossnb/lossnb/exercise/answers"
)

type sandbox struct {
	mode      string // "sandbox" or "none"
	root      bool
	uidBase   int // root: submission i runs as uidBase + 1 + i%1023
	lock      *os.File
	nproc     int
	cgroupDir string // root: the parent of the memory cgroups, "" if none
	header    string // the isolation in words, for the run's header
}

// bwrapArgs are bubblewrap's options; the binary is bound at /answers.
var bwrapArgs = []string{"--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
	"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--chdir", "/tmp"}

// noSandboxHelp says what to do when the sandbox cannot start.
const noSandboxHelp = `What to do:
  - Install bubblewrap: apt-get install bubblewrap (make coursework does it as root).
  - In a container (Docker, Podman): bubblewrap needs user namespaces, which the default
    seccomp profile forbids, and to mount /proc, which the default masked paths forbid: run
    the grading container with --security-opt seccomp=unconfined --security-opt
    systempaths=unconfined (or --privileged); docker/README.md has the whole command.
  - On a host without unprivileged user namespaces: sysctl -w kernel.unprivileged_userns_clone=1
    (Debian) or user.max_user_namespaces=10000.
  - Or grade trusted work only with -isolation none: submissions then run as you, with time and
    memory limits only; they can read your files (the hidden tests and answer keys included) and
    change them (the checker and the gradebook included).`

// newSandbox sets up the isolation asked for: "sandbox", "none", or "auto"
// (the sandbox if it starts here, else an error that says why and what to do).
func newSandbox(isolation string) (*sandbox, error) {
	s := &sandbox{mode: isolation, root: os.Geteuid() == 0}
	switch isolation {
	case "none":
		s.header = "NONE (-isolation none): submissions run as you and can read and change your files, the hidden tests, the checker and the gradebook included; time and memory limits only. Trusted work only."
		return s, nil
	case "auto", "sandbox":
	default:
		return nil, fmt.Errorf("-isolation = %q, want auto, sandbox or none", isolation)
	}
	s.mode = "sandbox"
	for _, tool := range []string{"bwrap", "prlimit"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("the sandbox needs %s, which is not installed.\n%s", tool, noSandboxHelp)
		}
	}
	if s.root {
		if err := s.allocateUIDs(); err != nil {
			return nil, err
		}
		s.nproc = 256
		s.cgroupDir = memoryCgroup()
	} else {
		// Without root every sandbox runs as you: the process limit counts all
		// of your processes, so leave room for those you have.
		s.nproc = 256 + tasksOf(os.Getuid())
	}
	if err := s.probe(); err != nil {
		s.close()
		return nil, fmt.Errorf("the sandbox (bubblewrap) cannot start here: %v\n%s", err, noSandboxHelp)
	}
	mem := "memory: address space per process (RLIMIT_AS)"
	if s.cgroupDir != "" {
		mem += " and a memory cgroup per submission"
	}
	if s.root {
		s.header = fmt.Sprintf("sandbox (bubblewrap): a uid per submission (%d-%d), own mount, pid, network (loopback only), IPC and UTS namespaces, no capabilities; %s; %d processes per submission",
			s.uidBase+1, s.uidBase+1023, mem, s.nproc)
	} else {
		u, _ := user.Current()
		name := strconv.Itoa(os.Getuid())
		if u != nil {
			name = u.Username
		}
		s.header = fmt.Sprintf("sandbox (bubblewrap) without root: submissions run as %s in their own mount, pid, network (loopback only), IPC and UTS namespaces, no capabilities; they cannot reach your files or processes. Limits without root: no uid or memory cgroup per submission; %s; at most %d processes for %s in all",
			name, mem, s.nproc, name)
	}
	return s, nil
}

// allocateUIDs takes a range of 1024 uids no other grading run on this
// machine holds (a lock file per range), so that two runs never share a uid.
func (s *sandbox) allocateUIDs() error {
	start := os.Getpid() % 4096
	for k := range 4096 {
		slot := (start + k) % 4096
		f, err := os.OpenFile(filepath.Join(os.TempDir(), fmt.Sprintf("lossnb-grade-uids-%d.lock", slot)), os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			return err
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			s.lock, s.uidBase = f, 4_000_000+slot*1024
			return nil
		}
		f.Close()
	}
	return errors.New("every range of sandbox uids is taken by other grading runs")
}

func (s *sandbox) close() {
	if s.lock != nil {
		s.lock.Close()
	}
}

// uid is the uid of submission index (0: the source's own run), or -1.
func (s *sandbox) uid(index int) int {
	if s.mode != "sandbox" || !s.root {
		return -1
	}
	return s.uidBase + 1 + index%1023
}

// probe starts bubblewrap once with /usr to run /usr/bin/true.
func (s *sandbox) probe() error {
	args := append([]string{"bwrap"}, bwrapArgs...)
	args = append(args, "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
		"--symlink", "usr/bin", "/bin", "/usr/bin/true")
	cmd := exec.Command(args[0], args[1:]...)
	if uid := s.uid(0); uid >= 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid), Groups: []uint32{}}}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, clip(string(out), 300))
	}
	return nil
}

// config is how the checker starts submission index's program bin. The
// binary is handed to the sandbox's uid; its folder must be reachable by it.
func (s *sandbox) config(index int, bin string, mem int64, cellTimeout time.Duration) (answers.Config, func(), error) {
	c := answers.Config{UID: -1, GID: -1, CallTimeout: cellTimeout, CellTimeout: cellTimeout, Mem: mem}
	limits := []string{"prlimit", "--as=" + strconv.FormatInt(mem, 10), "--core=0"}
	cleanup := func() {}
	if s.mode == "none" {
		c.Argv = append(limits, "--", bin)
		return c, cleanup, nil
	}
	limits = append(limits, "--nproc="+strconv.Itoa(s.nproc), "--fsize="+strconv.Itoa(256<<20), "--nofile=256")
	if uid := s.uid(index); uid >= 0 {
		c.UID, c.GID = uid, uid
		if err := os.Chown(bin, uid, uid); err != nil {
			return c, cleanup, err
		}
		if err := os.Chmod(bin, 0o500); err != nil {
			return c, cleanup, err
		}
		killUID(uid) // nothing of an earlier run with this uid may be left
		if s.cgroupDir != "" {
			cg := filepath.Join(s.cgroupDir, fmt.Sprintf("lossnb-grade-%d-%d", os.Getpid(), index))
			if makeMemoryCgroup(cg, mem) == nil {
				c.Cgroup = cg
				cleanup = func() { removeCgroup(cg); killUID(uid) }
			} else {
				cleanup = func() { killUID(uid) }
			}
		} else {
			cleanup = func() { killUID(uid) }
		}
	}
	argv := append(limits, "--", "bwrap")
	argv = append(argv, bwrapArgs...)
	c.Argv = append(argv, "--ro-bind", bin, "/answers", "/answers")
	return c, cleanup, nil
}

// tasksOf counts the tasks (threads) of a uid: what RLIMIT_NPROC counts.
func tasksOf(uid int) int {
	n := 0
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		mine, threads := false, 1
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 && f[0] == "Uid:" && f[1] == strconv.Itoa(uid) {
				mine = true
			}
			if len(f) >= 2 && f[0] == "Threads:" {
				threads, _ = strconv.Atoi(f[1])
			}
		}
		if mine {
			n += threads
		}
	}
	return n
}

// killUID kills every process of a sandbox uid, and waits (up to 5 s) until
// they have ended.
func killUID(uid int) {
	for range 50 {
		if signalUID(uid) == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// signalUID kills the processes of uid and returns how many there were.
func signalUID(uid int) int {
	n := 0
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		// A zombie has ended: it waits only for its parent (after a sandbox is
		// killed, the machine's init) to reap it.
		if strings.Contains(string(b), "\nState:\tZ") {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "Uid:" && f[1] == strconv.Itoa(uid) {
				syscall.Kill(pid, syscall.SIGKILL)
				n++
			}
		}
	}
	return n
}

// memoryCgroup returns a folder under which the grader may create memory
// cgroups (cgroup v2 with the memory controller, or v1's memory hierarchy), or "".
func memoryCgroup() string {
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var dir string
		switch {
		case parts[0] == "0" && parts[1] == "":
			ctrl, err := os.ReadFile("/sys/fs/cgroup/cgroup.controllers")
			if err != nil || !strings.Contains(string(ctrl), "memory") {
				continue
			}
			dir = filepath.Join("/sys/fs/cgroup", parts[2])
		case slices.Contains(strings.Split(parts[1], ","), "memory"):
			dir = filepath.Join("/sys/fs/cgroup/memory", parts[2])
		default:
			continue
		}
		probe := filepath.Join(dir, fmt.Sprintf("lossnb-probe-%d", os.Getpid()))
		if err := os.Mkdir(probe, 0o755); err != nil {
			continue
		}
		os.Remove(probe)
		return dir
	}
	return ""
}

func makeMemoryCgroup(dir string, limit int64) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	v := strconv.FormatInt(limit, 10)
	for _, f := range []string{"memory.max", "memory.limit_in_bytes"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			if err := os.WriteFile(filepath.Join(dir, f), []byte(v), 0o644); err != nil {
				os.Remove(dir)
				return err
			}
			// v2: no swap either; v1: memory+swap, where the kernel has it.
			if _, err := os.Stat(filepath.Join(dir, "memory.swap.max")); err == nil {
				os.WriteFile(filepath.Join(dir, "memory.swap.max"), []byte("0"), 0o644)
			}
			if _, err := os.Stat(filepath.Join(dir, "memory.memsw.limit_in_bytes")); err == nil {
				os.WriteFile(filepath.Join(dir, "memory.memsw.limit_in_bytes"), []byte(v), 0o644)
			}
			return nil
		}
	}
	os.Remove(dir)
	return errors.New("no memory limit file in " + dir)
}

func removeCgroup(dir string) {
	for range 50 {
		if err := os.Remove(dir); err == nil || os.IsNotExist(err) {
			return
		}
		if b, err := os.ReadFile(filepath.Join(dir, "cgroup.procs")); err == nil {
			for _, f := range strings.Fields(string(b)) {
				if pid, err := strconv.Atoi(f); err == nil {
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
}
