// Package testexe helps tests that need their own binary under another name, as a
// stand-in for a program that a command under test runs (a fake go, a fake gopls).
//
// It may import only the standard library.
package testexe

import (
	"os"
	"path/filepath"
	"testing"
)

// CopySelf copies the running test binary to dir/name, executable, and returns that
// path. A copy, not a link: the commands under test refuse a program that resolves to
// themselves.
func CopySelf(t testing.TB, dir, name string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// Main is the TestMain of a test binary that doubles as a fake program: when the
// environment variable env is "1" it runs fake on the binary's arguments and exits
// with its status; otherwise it runs the tests.
func Main(m *testing.M, env string, fake func(args []string) int) {
	if os.Getenv(env) == "1" {
		os.Exit(fake(os.Args[1:]))
	}
	os.Exit(m.Run())
}
