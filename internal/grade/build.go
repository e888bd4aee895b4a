package grade

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// builder builds the generated programs with the Go toolchain, in an
// environment the grader alone sets: no GOFLAGS, go.work, go.mod or go env
// file of anyone else's takes effect, nothing is downloaded, and cgo is off.
// Compiling runs none of the compiled code (go:generate, cgo and toolexec
// are not in play), so a student's program is compiled outside the sandbox
// with the shared build cache; only running it is sandboxed.
type builder struct {
	root      string // the lossnb module, used by the programs
	goroot    string
	modCache  string
	cache     string // the Go build cache
	goimports string
	goVersion string // the go line of the module's go.mod
}

func newBuilder(root, cache string) (*builder, error) {
	b := &builder{root: root, cache: cache}
	out, err := exec.Command("go", "env", "GOROOT", "GOMODCACHE").Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %w (is Go installed?)", err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return nil, fmt.Errorf("go env printed %q", out)
	}
	b.goroot, b.modCache = f[0], f[1]
	b.goimports = filepath.Join(root, "build", "bin", "goimports")
	if _, err := os.Stat(b.goimports); err != nil {
		if b.goimports, err = exec.LookPath("goimports"); err != nil {
			return nil, fmt.Errorf("goimports is not installed: run `make install`")
		}
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil {
		return nil, fmt.Errorf("%s/go.mod has no go line", root)
	}
	b.goVersion = string(m[1])
	return b, os.MkdirAll(cache, 0o755)
}

func (b *builder) env(dir string) []string {
	return []string{
		"PATH=" + filepath.Join(b.goroot, "bin") + ":/usr/bin:/bin",
		"HOME=" + dir, "TMPDIR=" + dir, "GOCACHE=" + b.cache, "GOMODCACHE=" + b.modCache,
		"GOWORK=" + filepath.Join(dir, "go.work"), "GOFLAGS=", "GOENV=off", "GOTOOLCHAIN=local",
		"GOPROXY=off", "GOSUMDB=off", "CGO_ENABLED=0", "GOTELEMETRY=off",
	}
}

// compileErr is a message of goimports or the compiler about one file.
type compileErr struct {
	file string // as the message names it: "cell12.go", "check-ex1-check.go", "zz_reg_huber.go"
	line int
	msg  string
}

var compileErrRe = regexp.MustCompile(`(?m)^(?:\S*/)?([\w.-]+\.go):(\d+)(?::\d+)?: (.+)$`)

// build writes files (and the go.mod and go.work that tie them to the lossnb
// module) to dir and builds bin from them. errs lists the messages that
// name a file; err is set when it failed otherwise.
func (b *builder) build(ctx context.Context, dir string, files []goFile, bin string, limit []string) (errs []compileErr, log string, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range old {
		os.Remove(f)
	}
	write := map[string]string{
		"go.mod":  "module lossnb.local/program\n\ngo " + b.goVersion + "\n",
		"go.work": "go " + b.goVersion + "\n\nuse (\n\t.\n\t" + strconv.Quote(b.root) + "\n)\n",
	}
	var names []string
	for _, f := range files {
		write[f.name] = f.text
		names = append(names, filepath.Join(dir, f.name))
	}
	for name, text := range write {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			return nil, "", err
		}
	}
	run := func(argv ...string) (string, error) {
		argv = append(append([]string{}, limit...), argv...)
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		cmd.Dir, cmd.Env = dir, b.env(dir)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	if log, err = run(append([]string{b.goimports, "-w"}, names...)...); err == nil {
		log, err = run("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", bin, ".")
	}
	if err == nil {
		return nil, log, nil
	}
	if ctx.Err() != nil {
		return nil, log, fmt.Errorf("the build took longer than its time limit")
	}
	for _, m := range compileErrRe.FindAllStringSubmatch(log, -1) {
		n, _ := strconv.Atoi(m[2])
		errs = append(errs, compileErr{file: m[1], line: n, msg: strings.TrimSpace(m[3])})
	}
	if len(errs) == 0 {
		return nil, log, fmt.Errorf("the build failed: %s", clip(log, 400))
	}
	return errs, log, nil
}

// withTimeout is a context for one build.
func withTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
