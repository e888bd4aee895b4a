package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/internal/testexe"
)

// With LOSSNB_FAKE_GO=1 the test binary is a fake go: it appends its arguments to
// ./calls; `build` fails with the go command's missing-module words while ./missing
// exists and ./fetched does not; `get` creates ./fetched (or fails if ./getfails exists).
func TestMain(m *testing.M) { testexe.Main(m, "LOSSNB_FAKE_GO", fakeGo) }

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func fakeGo(args []string) int {
	f, err := os.OpenFile("calls", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return 9
	}
	f.WriteString(strings.Join(args, " ") + "\n")
	f.Close()
	switch args[0] {
	case "get":
		if exists("getfails") {
			os.Stdout.WriteString("go: example.com/x: no such module\n")
			return 1
		}
		os.WriteFile("fetched", nil, 0o644)
		return 0
	case "build", "test":
		if exists("missing") && !exists("fetched") {
			os.Stdout.WriteString("main.go:3:8: no required module provides package example.com/x; to add it:\n")
			return 1
		}
		if exists("broken") {
			os.Stdout.WriteString("main.go:5:2: undefined: x\nmain.go:6:2: undefined: math.Sqr\nmain.go:7:2: undefined: x\n")
			return 1
		}
		os.Stdout.WriteString("built\n")
		return 0
	}
	return 0
}

func fakeSetup(t *testing.T, files ...string) string {
	dir := t.TempDir()
	fake := testexe.CopySelf(t, t.TempDir(), "go")
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("module gonb_1234abcd\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	t.Setenv("LOSSNB_FAKE_GO", "1")
	t.Setenv("LOSSNB_GO", fake)
	return fake
}

func calls(t *testing.T) string {
	b, err := os.ReadFile("calls")
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

// A cell that imports only what is already required builds with one go call: the `go get`
// GoNB asks for is skipped (would catch a shim that still runs it, losing the time saved).
func TestBuildWithoutGet(t *testing.T) {
	fake := fakeSetup(t, "go.mod")
	if code := buildWithFallback(fake, []string{"build", "-o", "x"}, []string{"get"}); code != 0 {
		t.Fatalf("code %d", code)
	}
	if got := calls(t); got != "build -o x\n" {
		t.Fatalf("calls:\n%s", got)
	}
}

// A cell importing a module nobody required still works: the build fails for the missing
// module, `go get` runs, the build is repeated (would catch a shim that breaks GoNB's
// automatic download).
func TestMissingModuleFallsBackToGet(t *testing.T) {
	fake := fakeSetup(t, "go.mod", "missing")
	if code := buildWithFallback(fake, []string{"test", "-c", "-o", "x"}, getArgs([]string{"test", "-c"})); code != 0 {
		t.Fatalf("code %d", code)
	}
	if got := calls(t); got != "test -c -o x\nget -t\ntest -c -o x\n" {
		t.Fatalf("calls:\n%s", got)
	}
}

// An ordinary compile error is passed on as it is, with no `go get` (would catch a shim
// that hides errors or runs get on every failure).
func TestCompileErrorPassedOn(t *testing.T) {
	fake := fakeSetup(t, "go.mod", "broken")
	if code := buildWithFallback(fake, []string{"build"}, []string{"get"}); code != 1 {
		t.Fatalf("code %d, want 1", code)
	}
	if got := calls(t); got != "build\n" {
		t.Fatalf("calls:\n%s", got)
	}
}

// When the fallback's `go get` fails, its exit code comes back (GoNB shows the error).
func TestGetFailureReported(t *testing.T) {
	fake := fakeSetup(t, "go.mod", "missing", "getfails")
	if code := buildWithFallback(fake, []string{"build"}, []string{"get"}); code != 1 {
		t.Fatalf("code %d, want 1", code)
	}
}

func TestCellModuleAndArgs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if inCellModule() {
		t.Error("no go.mod, yet a cell module")
	}
	os.WriteFile("go.mod", []byte("module github.com/lossnb/lossnb\n"), 0o644)
	if inCellModule() {
		t.Error("the project's module taken for a cell module: its go get would be skipped")
	}
	os.WriteFile("go.mod", []byte("// c\nmodule gonb_4e5ea2e7\n\ngo 1.26\n"), 0o644)
	if !inCellModule() {
		t.Error("GoNB's module not recognised")
	}
	for _, c := range []struct {
		args       []string
		get, build bool
	}{
		{[]string{"get"}, true, false},
		{[]string{"get", "-t"}, true, false},
		{[]string{"get", "example.com/x"}, false, false}, // a student's explicit go get runs
		{[]string{"build", "-o", "x"}, false, true},
		{[]string{"test", "-c", "-o", "x"}, false, true},
		{[]string{"test", "./..."}, false, false},
		{[]string{"env", "-json"}, false, false},
		{nil, false, false},
	} {
		if isBareGet(c.args) != c.get || isBuild(c.args) != c.build {
			t.Errorf("%q: get %v build %v", c.args, isBareGet(c.args), isBuild(c.args))
		}
	}
}

func TestRealGoRefusals(t *testing.T) {
	t.Setenv("LOSSNB_GO", "")
	if _, err := realGo(); err == nil || !strings.Contains(err.Error(), "LOSSNB_GO") {
		t.Errorf("err = %v", err)
	}
	t.Setenv("LOSSNB_GO", "/nonexistent/go")
	if _, err := realGo(); err == nil {
		t.Error("a missing go accepted")
	}
	exe, _ := os.Executable()
	t.Setenv("LOSSNB_GO", exe)
	if _, err := realGo(); err == nil || !strings.Contains(err.Error(), "leads back") {
		t.Errorf("err = %v", err)
	}
}

// A check cell run alone after a kernel restart fails with "undefined: huber": the build's
// output ends with a sentence telling the student to run the answer cell first (would
// catch the hint lost, given for a qualified name such as math.Sqr, or repeated).
func TestUndefinedHint(t *testing.T) {
	fake := fakeSetup(t, "go.mod", "broken")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	code := buildWithFallback(fake, []string{"build"}, []string{"get"})
	os.Stdout = stdout
	w.Close()
	out, _ := io.ReadAll(r)
	if code != 1 {
		t.Fatalf("code %d, want 1", code)
	}
	got := string(out)
	if !strings.HasPrefix(got, "main.go:5:2: undefined: x\n") || strings.Count(got, "lossnb:") != 1 ||
		!strings.Contains(got, "lossnb: x is not defined in this kernel session") ||
		!strings.Contains(got, "run that cell first") {
		t.Errorf("output:\n%s", got)
	}
	for _, c := range []struct{ out, want string }{
		{"main.go:3:1: undefined: huber\nmain.go:4:1: undefined: pseudo\n", "lossnb: huber and pseudo are not defined"},
		{"main.go:3:1: undefined: math.Sqr\n", ""},
		{"main.go:3:1: syntax error\n", ""},
	} {
		h := string(undefinedHint([]byte(c.out)))
		if c.want == "" && h != "" || !strings.HasPrefix(h, c.want) {
			t.Errorf("%q: hint %q, want prefix %q", c.out, h, c.want)
		}
	}
}
