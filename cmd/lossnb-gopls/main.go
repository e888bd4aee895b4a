// Command lossnb-gopls starts gopls for a GoNB kernel and ends it when the kernel ends.
//
// GoNB (v0.11.5, internal/goexec/goplsclient/exec.go) starts `gopls -listen …` from PATH in
// a process group of its own and stops it only from its own shutdown path. A kernel that is
// killed (SIGKILL, an out-of-memory kill, a hub's culler that gives up waiting) leaves that
// gopls running with its telemetry child (gopls alone held 397 MiB after notebook 01's
// imports), and in a classroom they pile up. No GoNB flag changes this, so the kernelspec puts this command first on the
// kernel's PATH under the name `gopls` (build/kernel-bin/gopls) and it:
//
//   - starts the real gopls (LOSSNB_BIN/gopls) only when GoNB first needs it, a student's
//     first Tab or Shift+Tab (lazy.go): until then a kernel costs about 15 MiB, not 400;
//   - runs it as its child, in its own process group;
//   - gives that child a parent-death signal (SIGKILL), so the child dies with this process
//     whichever way this process ends, GoNB's own Kill included;
//   - watches its own parent, the kernel: when the kernel is gone (this process has been
//     re-parented), it kills the child and exits;
//   - on SIGTERM, SIGINT or SIGHUP ends gopls too (forwards the signal when it runs gopls
//     from the start, for any other command line than GoNB's);
//   - runs gopls with GOMEMLIMIT=128MiB (unless set), which keeps it near 130 MiB;
//   - sets GO_TELEMETRY_CHILD=2 for gopls, which golang.org/x/telemetry's Start reads as
//     "a child of the telemetry child: start nothing" (x/telemetry start.go), so no
//     telemetry process is forked per kernel.
//
// It is a supervisor, not a replacement: completion and inspection in notebooks are gopls's.
package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// pollEvery is how often the supervisor checks that its parent, the kernel, is alive. A
// kernel's gopls then outlives it by at most this long.
const pollEvery = 250 * time.Millisecond

func init() {
	// The parent-death signal of a child is tied to the thread that forked it, not to the
	// process (prctl(2), PR_SET_PDEATHSIG): keep the main goroutine on the main thread and
	// start every child from it (startLocked), so the signal fires only when this process
	// ends.
	runtime.LockOSThread()
}

// starts carries child starts to the main goroutine (see init).
var starts = make(chan startReq)

type startReq struct {
	cmd  *exec.Cmd
	done chan error
}

// startLocked starts cmd from the main goroutine's thread.
func startLocked(cmd *exec.Cmd) error {
	r := startReq{cmd, make(chan error, 1)}
	starts <- r
	return <-r.done
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	real, err := realGopls()
	if err != nil {
		fmt.Fprintln(os.Stderr, "lossnb-gopls:", err)
		return 2
	}
	parent := os.Getppid()
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()

	// GoNB's form, `gopls -listen unix;PATH`: serve lazily. Anything else (`gopls version`,
	// a person running it by hand): supervise gopls from the start.
	if socket, ok := lazySocket(args); ok && os.Getenv("LOSSNB_GOPLS_EAGER") == "" {
		return runLazy(real, socket, parent, sigs, tick.C)
	}
	return runEager(real, args, parent, sigs, tick.C)
}

// lazySocket returns PATH from the arguments `-listen unix;PATH` (GoNB's only form).
func lazySocket(args []string) (string, bool) {
	if len(args) == 2 && (args[0] == "-listen" || args[0] == "--listen") && strings.HasPrefix(args[1], "unix;") {
		return strings.TrimPrefix(args[1], "unix;"), true
	}
	return "", false
}

func runLazy(real, socket string, parent int, sigs <-chan os.Signal, tick <-chan time.Time) int {
	// GoNB removed any stale socket before starting us (goplsclient/exec.go).
	ln, err := net.Listen("unix", socket)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lossnb-gopls:", err)
		return 2
	}
	u := &upstream{real: real, socket: socket + ".gopls"}
	served := make(chan error, 1)
	go func() { served <- serveLazy(ln, u) }()
	end := func(code int) int {
		_ = ln.Close() // unlinks the socket; an error here leaves nothing to undo.
		u.kill()
		return code
	}
	for {
		select {
		case r := <-starts:
			r.done <- r.cmd.Start()
		case err := <-served:
			fmt.Fprintln(os.Stderr, "lossnb-gopls:", err)
			return end(1)
		case <-sigs:
			return end(0)
		case <-tick:
			if os.Getppid() != parent {
				return end(0)
			}
		}
	}
}

func runEager(real string, args []string, parent int, sigs <-chan os.Signal, tick <-chan time.Time) int {
	cmd := exec.Command(real, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = goplsEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := cmd.Start(); err != nil { // on the main goroutine, so on the main thread.
		fmt.Fprintln(os.Stderr, "lossnb-gopls:", err)
		return 2
	}
	// The parent may have died between Getppid and Start; the first poll catches that.
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case err := <-done:
			return exitCode(err)
		case s := <-sigs:
			// Forward, then keep waiting: gopls decides how to end. An error means the
			// child has already ended, and done will say how.
			_ = cmd.Process.Signal(s)
		case <-tick:
			if os.Getppid() != parent {
				killGroup(cmd.Process.Pid)
				<-done
				return 0
			}
		}
	}
}

// goplsMemLimit is the soft memory limit gopls runs under unless GOMEMLIMIT is set.
// Measured after a completion in a notebook importing lossnb/lesson: PSS 371 MiB without a
// limit, 133 MiB with 120 MiB, first completion equally fast (13.2 s against 13.4 s on a
// loaded machine; later ones 0.25 s). The Go runtime only collects more often
// (runtime/debug.SetMemoryLimit); gopls keeps all it needs.
const goplsMemLimit = "128MiB"

// goplsEnv is the environment for the real gopls: no telemetry child, and a memory limit.
func goplsEnv() []string {
	env := append(os.Environ(), "GO_TELEMETRY_CHILD=2")
	if os.Getenv("GOMEMLIMIT") == "" {
		env = append(env, "GOMEMLIMIT="+goplsMemLimit)
	}
	return env
}

// realGopls is LOSSNB_BIN/gopls, refusing a path that leads back to this command.
func realGopls() (string, error) {
	bin := os.Getenv("LOSSNB_BIN")
	if bin == "" {
		return "", errors.New("LOSSNB_BIN is not set: it names the folder with the real gopls (the kernelspec sets it)")
	}
	real := filepath.Join(bin, "gopls")
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	a, errA := filepath.EvalSymlinks(real)
	b, errB := filepath.EvalSymlinks(self)
	if errA != nil {
		return "", fmt.Errorf("no gopls at LOSSNB_BIN=%q: %v", bin, errA)
	}
	if errB == nil && a == b {
		return "", fmt.Errorf("LOSSNB_BIN=%q leads back to lossnb-gopls itself, not to gopls", bin)
	}
	return real, nil
}

// killGroup kills gopls and anything it started in its process group.
func killGroup(pid int) {
	if err := syscall.Kill(-pid, syscall.SIGKILL); err != nil {
		_ = syscall.Kill(pid, syscall.SIGKILL) // the group is gone; the process may be too.
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	return 1
}
