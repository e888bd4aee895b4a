// Command lossnb-go is the `go` command of a GoNB kernel: the real go, less one step that
// costs every cell time and is almost never needed.
//
// Before building each cell, GoNB v0.11.5 runs a bare `go get` in the cell's module
// (internal/goexec/execcode.go, GoImports) to download modules the cell imports and nobody
// has required yet. In this course every import a cell makes is the standard library or a
// package of the workspace (the kernel's go.work uses the lossnb module, and go.mod pins
// everything that module needs), so that `go get` finds nothing to do; but it loads the
// whole import graph to find that out. Measured through a real kernel (five cells of each
// kind, medians, interleaved, on a loaded 2-core machine): a chart cell took 0.57 s with it
// and 0.48 s with GoNB's own %noautoget, and 0.82 s against 0.66 s in a second pair. GoNB
// has no flag to make %noautoget the default, so the kernelspec puts this command first on
// the kernel's PATH as `go` (build/kernel-bin/go) and it:
//
//   - answers a bare `go get` (or `go get -t`) in a GoNB cell module (a go.mod declaring
//     `module gonb_…`) with success, doing nothing;
//   - runs `go build` and `go test -c` there as asked and, only if they fail because a module
//     is missing, runs the `go get` it skipped and builds again, so a cell that imports a
//     new module still works, as under GoNB's default;
//   - hands every other command line to the real go (LOSSNB_GO) unchanged, with exec(2).
//
// When a cell's build fails because a name is undefined, it adds one sentence a student
// understands after the compiler's words (see undefinedHint): the usual cause is a cell
// that uses a function defined in a cell not run in this kernel session, typically an
// exercise's check cell run alone after a kernel restart.
//
// LOSSNB_GO_AUTOGET=1 restores GoNB's behaviour (a `go get` before every build).
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

func init() {
	// The children's parent-death signal is tied to the thread that forks them (prctl(2)):
	// keep main, which forks them, on the main thread, so they die with this process when
	// GoNB kills a build it no longer wants.
	runtime.LockOSThread()
}

func main() {
	goBin, err := realGo()
	if err != nil {
		fmt.Fprintln(os.Stderr, "lossnb-go:", err)
		os.Exit(2)
	}
	args := os.Args[1:]
	if os.Getenv("LOSSNB_GO_AUTOGET") != "1" && inCellModule() {
		switch {
		case isBareGet(args):
			os.Exit(0)
		case isBuild(args):
			os.Exit(buildWithFallback(goBin, args, getArgs(args)))
		}
	}
	// exec replaces this process: the real go gets our pid, stdio and signals.
	err = syscall.Exec(goBin, append([]string{"go"}, args...), os.Environ())
	fmt.Fprintln(os.Stderr, "lossnb-go:", err)
	os.Exit(2)
}

// realGo is LOSSNB_GO, refusing a path that leads back to this command.
func realGo() (string, error) {
	g := os.Getenv("LOSSNB_GO")
	if g == "" {
		return "", errors.New("LOSSNB_GO is not set: it names the real go command (the kernelspec sets it)")
	}
	a, err := filepath.EvalSymlinks(g)
	if err != nil {
		return "", fmt.Errorf("LOSSNB_GO=%q: %v", g, err)
	}
	if self, err := os.Executable(); err == nil {
		if b, err := filepath.EvalSymlinks(self); err == nil && a == b {
			return "", fmt.Errorf("LOSSNB_GO=%q leads back to lossnb-go itself, not to go", g)
		}
	}
	return g, nil
}

// inCellModule reports whether the working directory is a GoNB cell module: GoNB names it
// "gonb_" followed by the kernel's id (internal/goexec/goexec.go).
func inCellModule() bool {
	f, err := os.Open("go.mod")
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 && fields[0] == "module" {
			return strings.HasPrefix(strings.Trim(fields[1], `"`), "gonb_")
		}
	}
	return false
}

func isBareGet(args []string) bool {
	return len(args) == 1 && args[0] == "get" || len(args) == 2 && args[0] == "get" && args[1] == "-t"
}

// isBuild: GoNB's `go build -o …` and `go test -c -o …` (a test cell).
func isBuild(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if args[0] == "build" {
		return true
	}
	return args[0] == "test" && len(args) > 1 && args[1] == "-c"
}

func getArgs(build []string) []string {
	if build[0] == "test" {
		return []string{"get", "-t"}
	}
	return []string{"get"}
}

// missingModule recognises the go command's words for an import no module provides.
func missingModule(out []byte) bool {
	for _, s := range []string{
		"no required module provides package",  // module mode
		"cannot find module providing package", // workspace mode
		"missing go.sum entry",
	} {
		if bytes.Contains(out, []byte(s)) {
			return true
		}
	}
	return false
}

// buildWithFallback runs the build; if it fails for a missing module, runs `go get` and
// builds again. It prints what GoNB would have seen and returns the exit code.
func buildWithFallback(goBin string, build, get []string) int {
	out, code := run(goBin, build)
	if code != 0 && missingModule(out) {
		getOut, getCode := run(goBin, get)
		if getCode != 0 {
			return emit(getOut, getCode)
		}
		out, code = run(goBin, build)
	}
	if code != 0 {
		out = append(out, undefinedHint(out)...)
	}
	return emit(out, code)
}

// undefinedHint returns a sentence for a person when the compiler's output out says that
// unqualified names are undefined ("main.go:5:2: undefined: huber"), or nothing. GoNB
// shows it under the compiler's lines. A qualified name (undefined: math.Sqr) is a typo or
// a missing package, not a cell left unrun, and gets no hint.
func undefinedHint(out []byte) []byte {
	var names []string
	seen := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		_, name, ok := strings.Cut(line, ": undefined: ")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, ". ") || seen[name] {
			continue
		}
		seen[name] = true
		names = append(names, name)
	}
	if len(names) == 0 {
		return nil
	}
	what, it := names[0]+" is", "it"
	if len(names) > 1 {
		what = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " are"
		it = "them"
	}
	return []byte(fmt.Sprintf("lossnb: %s not defined in this kernel session. If a cell above defines %s "+
		"(for an exercise's check: your answer cell), run that cell first. After a kernel restart "+
		"the kernel has forgotten every cell: run the cells above again "+
		"(Run > Run All Above Selected Cell). Otherwise check the spelling.\n", what, it))
}

// emit writes the go command's output for GoNB and returns code, or 2 if it cannot.
func emit(out []byte, code int) int {
	if _, err := os.Stdout.Write(out); err != nil {
		fmt.Fprintln(os.Stderr, "lossnb-go:", err)
		return 2
	}
	return code
}

// run runs the real go with combined output, as GoNB reads it (CombinedOutput).
func run(goBin string, args []string) ([]byte, int) {
	cmd := exec.Command(goBin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.CombinedOutput()
	if err == nil {
		return out, 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out, ee.ExitCode()
	}
	return append(out, []byte("lossnb-go: "+err.Error()+"\n")...), 2
}
