package docker

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

// fakeToolchain writes PROXY/golang.org/toolchain/@v/v0.0.1-goVERSION.linux-amd64.zip
// laid out like the real module (one folder, no executable bits), with a bin/go that
// prints its version, and returns the zip's sha256.
func fakeToolchain(t *testing.T, proxy, version string, extra string) string {
	dir := filepath.Join(proxy, "golang.org", "toolchain", "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "v0.0.1-go"+version+".linux-amd64.zip")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	prefix := "golang.org/toolchain@v0.0.1-go" + version + ".linux-amd64/"
	files := map[string]string{
		prefix + "VERSION":                   "go" + version + "\n",
		prefix + "bin/go":                    "#!/bin/sh\necho 'go version go" + version + " linux/amd64'\n",
		prefix + "pkg/tool/linux_amd64/link": "#!/bin/sh\n",
	}
	if extra != "" {
		files[extra] = "x"
	}
	for n, body := range files {
		w, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b, _ := os.ReadFile(name)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestInstallGo runs the image's Go installer against a fake module proxy on disk.
func TestInstallGo(t *testing.T) {
	need(t, "python3")
	proxy := t.TempDir()
	sum := fakeToolchain(t, proxy, "1.99.1", "")
	run := func(sha, dest string) (string, error) {
		out, err := exec.Command("python3", "install_go.py", "1.99.1", "amd64", sha, dest,
			"file://"+proxy).CombinedOutput()
		return string(out), err
	}
	dest := filepath.Join(t.TempDir(), "go")
	if out, err := run(sum, dest); err != nil {
		t.Fatalf("install_go.py failed: %v\n%s", err, out)
	}
	for _, f := range []string{"bin/go", "pkg/tool/linux_amd64/link"} {
		st, err := os.Stat(filepath.Join(dest, f))
		if err != nil || st.Mode()&0o111 == 0 {
			t.Errorf("%s is not executable after install (%v)", f, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "VERSION")); !strings.HasPrefix(string(b), "go1.99.1") {
		t.Errorf("VERSION = %q", b)
	}

	wrong := strings.Repeat("0", 64)
	if out, err := run(wrong, filepath.Join(t.TempDir(), "go")); err == nil || !strings.Contains(out, "sha256") {
		t.Errorf("a wrong sha256 was accepted: %v\n%s", err, out)
	}
	if out, err := run(sum, dest); err == nil || !strings.Contains(out, "exists") {
		t.Errorf("installing over an existing Go was accepted: %v\n%s", err, out)
	}
	evil := t.TempDir()
	evilSum := fakeToolchain(t, evil, "1.99.1", "../../escape")
	out, err := exec.Command("python3", "install_go.py", "1.99.1", "amd64", evilSum,
		filepath.Join(t.TempDir(), "go"), "file://"+evil).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "unexpected path") {
		t.Errorf("a zip with a path outside the toolchain folder was accepted: %v\n%s", err, out)
	}
}

// TestInstallKernelOtherPrefix runs scripts/install_kernel.py the way the image does:
// into a prefix other than .venv (the image's is /opt/conda).
func TestInstallKernelOtherPrefix(t *testing.T) {
	need(t, "python3", "go")
	root, _ := filepath.Abs("..")
	bin := filepath.Join(root, "build", "bin")
	if _, err := os.Stat(filepath.Join(bin, "gonb")); err != nil {
		t.Skip("build/bin/gonb is missing: run make install")
	}
	prefix := filepath.Join(t.TempDir(), "conda")
	cmd := exec.Command("python3", filepath.Join(root, "scripts", "install_kernel.py"), root, prefix, bin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("install_kernel.py: %v\n%s", err, out)
	}
	var spec struct {
		Argv []string          `json:"argv"`
		Env  map[string]string `json:"env"`
	}
	b, err := os.ReadFile(filepath.Join(prefix, "share", "jupyter", "kernels", "gonb", "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.Argv[0] != filepath.Join(bin, "gonb") || !contains(spec.Argv, "-go_work="+root) {
		t.Errorf("kernel argv = %q", spec.Argv)
	}
	if !strings.HasPrefix(spec.Env["PATH"], bin+string(os.PathListSeparator)) ||
		spec.Env["LOSSNB_ECHARTS_JS"] != filepath.Join(root, "build", "static", "lossnb", "echarts.min.js") {
		t.Errorf("kernel env = %v", spec.Env)
	}
	conf, err := os.ReadFile(filepath.Join(prefix, "etc", "jupyter", "jupyter_server_config.json"))
	if err != nil || !strings.Contains(string(conf), filepath.Join(root, "build", "static")) {
		t.Errorf("server config: %v %s", err, conf)
	}
	if _, err := os.Stat(filepath.Join(prefix, "share", "jupyter", "lab", "settings", "overrides.json")); err != nil {
		t.Error(err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestNotebookHook sources the image's start hook as docker-stacks' start.sh does and
// checks that it gives a new student the notebooks and never overwrites a student's copy.
func TestNotebookHook(t *testing.T) {
	need(t, "bash")
	src := t.TempDir()
	for name, body := range map[string]string{"01-a.ipynb": "course v1", "02-b.ipynb": "course v1"} {
		os.WriteFile(filepath.Join(src, name), []byte(body), 0o644)
	}
	os.MkdirAll(filepath.Join(src, "images"), 0o755)
	os.WriteFile(filepath.Join(src, "images", "x.png"), []byte("png"), 0o644)
	home := t.TempDir()
	hook, _ := filepath.Abs("before-notebook.d/50-lossnb-notebooks.sh")
	start := func() {
		t.Helper()
		// start.sh sources hooks with errexit on; a hook must neither fail nor exit the shell.
		cmd := exec.Command("bash", "-ec", `source "$1"; echo still-here; [ -z "${_lossnb_src:-}" ]`, "bash", hook)
		cmd.Env = append(os.Environ(), "HOME="+home, "LOSSNB_NOTEBOOKS="+src)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "still-here") {
			t.Fatalf("hook: %v\n%s", err, out)
		}
	}
	read := func(rel string) string {
		b, _ := os.ReadFile(filepath.Join(home, "lossnb", rel))
		return string(b)
	}
	start()
	if read("01-a.ipynb") != "course v1" || read("02-b.ipynb") != "course v1" || read("images/x.png") != "png" {
		t.Fatal("first start did not copy the course into ~/lossnb")
	}
	// The student works; a new image ships a new version of the course.
	os.WriteFile(filepath.Join(home, "lossnb", "01-a.ipynb"), []byte("student's work"), 0o644)
	os.Remove(filepath.Join(home, "lossnb", "02-b.ipynb"))
	os.WriteFile(filepath.Join(src, "01-a.ipynb"), []byte("course v2"), 0o644)
	os.WriteFile(filepath.Join(src, "03-c.ipynb"), []byte("course v2"), 0o644)
	start()
	if got := read("01-a.ipynb"); got != "student's work" {
		t.Errorf("the hook overwrote a student's notebook: %q", got)
	}
	if read("02-b.ipynb") != "course v1" || read("03-c.ipynb") != "course v2" {
		t.Error("a deleted or new notebook was not copied")
	}
}
