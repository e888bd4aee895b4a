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
// into a prefix other than .venv (the image's is /opt/venv).
func TestInstallKernelOtherPrefix(t *testing.T) {
	need(t, "python3", "go")
	root, _ := filepath.Abs("..")
	bin := filepath.Join(root, "build", "bin")
	if _, err := os.Stat(filepath.Join(bin, "gonb")); err != nil {
		t.Skip("build/bin/gonb is missing: run make install")
	}
	// The script reads jupyter_server's defaults, so it runs with the
	// virtualenv's Python, as the Makefile and the image run it.
	python := filepath.Join(root, ".venv", "bin", "python")
	if _, err := os.Stat(python); err != nil {
		t.Skip(".venv/bin/python is missing: run make install")
	}
	prefix := filepath.Join(t.TempDir(), "venv")
	cmd := exec.Command(python, filepath.Join(root, "scripts", "install_kernel.py"), root, prefix, bin)
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
	// build/kernel-bin (the go and gopls shims, cmd/lossnb-go and cmd/lossnb-gopls) first,
	// then build/bin.
	kbin := filepath.Join(root, "build", "kernel-bin")
	if !strings.HasPrefix(spec.Env["PATH"], kbin+string(os.PathListSeparator)+bin+string(os.PathListSeparator)) ||
		spec.Env["LOSSNB_GO"] == "" ||
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

// hookEnv returns the environment of a start hook run: HOME, the course folder,
// and a PATH with the lossnb command in bin, or without it when bin is "".
func hookEnv(home, course, bin string) []string {
	path := "/usr/local/bin:/usr/bin:/bin"
	if bin != "" {
		path = bin + ":" + path
	}
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "PATH=") && !strings.HasPrefix(e, "LOSSNB_") {
			env = append(env, e)
		}
	}
	return append(env, "PATH="+path, "HOME="+home, "LOSSNB_NOTEBOOKS="+course)
}

// runHook sources the image's start hook as its entrypoint (bin/lossnb-entrypoint) does (with
// errexit on: a hook must neither fail nor exit the shell), then runs then in the
// same shell, as a terminal the server starts would; it returns the output.
func runHook(t *testing.T, env []string, then string) string {
	t.Helper()
	hook, _ := filepath.Abs("before-notebook.d/50-lossnb-notebooks.sh")
	// Read by the test itself so that go test's cache knows the result depends on it
	// (bash's reads are not recorded).
	if _, err := os.ReadFile(hook); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-ec", `source "$1"; echo still-here; [ -z "${_lossnb_src:-}" ]; `+then, "bash", hook)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "still-here") {
		t.Fatalf("hook: %v\n%s", err, out)
	}
	return string(out)
}

// buildLossnb builds the lossnb command into a temporary folder, as the image has it
// on PATH.
func buildLossnb(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	// Opened here so that go test's cache reruns this test when the command changes.
	sources, _ := filepath.Glob("../cmd/lossnb/*.go")
	for _, s := range sources {
		if _, err := os.ReadFile(s); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "lossnb"), "../cmd/lossnb").CombinedOutput(); err != nil {
		t.Fatalf("go build ../cmd/lossnb: %v\n%s", err, out)
	}
	return bin
}

// TestNotebookHook sources the image's start hook and checks that it gives a new
// student the notebooks and never overwrites a student's copy, with the image's
// lossnb command and without it (the hook's fallback).
func TestNotebookHook(t *testing.T) {
	need(t, "bash", "go")
	lossnbBin := buildLossnb(t)
	for _, bin := range []string{lossnbBin, ""} {
		src := t.TempDir()
		for name, body := range map[string]string{"01-a.ipynb": "course v1", "02-b.ipynb": "course v1"} {
			os.WriteFile(filepath.Join(src, name), []byte(body), 0o644)
		}
		os.MkdirAll(filepath.Join(src, "images"), 0o755)
		os.WriteFile(filepath.Join(src, "images", "x.png"), []byte("png"), 0o644)
		home := t.TempDir()
		env := hookEnv(home, src, bin)
		read := func(rel string) string {
			b, _ := os.ReadFile(filepath.Join(home, "lossnb", rel))
			return string(b)
		}
		runHook(t, env, "")
		if read("01-a.ipynb") != "course v1" || read("02-b.ipynb") != "course v1" || read("images/x.png") != "png" {
			t.Fatalf("lossnb in %q: first start did not copy the course into ~/lossnb", bin)
		}
		// The student works; a new image ships a new version of the course.
		os.WriteFile(filepath.Join(home, "lossnb", "01-a.ipynb"), []byte("student's work"), 0o644)
		os.Remove(filepath.Join(home, "lossnb", "02-b.ipynb"))
		os.WriteFile(filepath.Join(src, "01-a.ipynb"), []byte("course v2"), 0o644)
		os.WriteFile(filepath.Join(src, "03-c.ipynb"), []byte("course v2"), 0o644)
		runHook(t, env, "")
		if got := read("01-a.ipynb"); got != "student's work" {
			t.Errorf("lossnb in %q: the hook overwrote a student's notebook: %q", bin, got)
		}
		if read("02-b.ipynb") != "course v1" || read("03-c.ipynb") != "course v2" {
			t.Errorf("lossnb in %q: a deleted or new notebook was not copied", bin)
		}
	}
}

// cellSource returns the source of the cell with grade_id id in a notebook file.
func cellSource(t *testing.T, name, id string) string {
	t.Helper()
	var nb struct {
		Cells []struct {
			Metadata struct {
				Nbgrader struct {
					GradeID string `json:"grade_id"`
				} `json:"nbgrader"`
			} `json:"metadata"`
			Source any `json:"source"` // nbformat: a string or a list of lines
		} `json:"cells"`
	}
	b, err := os.ReadFile(name)
	if err == nil {
		err = json.Unmarshal(b, &nb)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range nb.Cells {
		if c.Metadata.Nbgrader.GradeID != id {
			continue
		}
		if lines, ok := c.Source.([]any); ok {
			var b strings.Builder
			for _, l := range lines {
				s, _ := l.(string)
				b.WriteString(s)
			}
			return b.String()
		}
		s, _ := c.Source.(string)
		return s
	}
	t.Fatalf("%s has no cell %s", name, id)
	return ""
}

// setCellSource sets the source of the cell with grade_id id (or, for id "", of the
// first cell), keeping everything else, as JupyterLab saves an edit.
func setCellSource(t *testing.T, name, id, src string) {
	t.Helper()
	var nb map[string]any
	b, err := os.ReadFile(name)
	if err == nil {
		err = json.Unmarshal(b, &nb)
	}
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range nb["cells"].([]any) {
		m := c.(map[string]any)
		g, _ := m["metadata"].(map[string]any)["nbgrader"].(map[string]any)
		if (id == "" && i == 0) || (g != nil && g["grade_id"] == id) {
			m["source"] = src
			out, _ := json.MarshalIndent(nb, "", " ")
			if err := os.WriteFile(name, out, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("%s has no cell %q", name, id)
}

// TestImageUpdateKeepsWork simulates a student's home across two images: the first
// image's start hook gives them the course, they answer an exercise, a newer image
// ships a new release of the course (made by lossnb assign from a changed source).
// It catches a start hook that overwrites their notebook, one that stays silent about
// the update, and a `lossnb update` (run as from a JupyterLab terminal, with the
// hook's environment) that loses the answer or leaves the course's change out.
func TestImageUpdateKeepsWork(t *testing.T) {
	need(t, "bash", "go")
	bin := buildLossnb(t)
	lossnb := filepath.Join(bin, "lossnb")
	tmp := t.TempDir()
	source := filepath.Join(tmp, "source", "01-key-idea.ipynb")
	os.MkdirAll(filepath.Dir(source), 0o755)
	b, err := os.ReadFile("../coursework/source/01-key-idea.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(source, b, 0o644)
	image1, image2 := filepath.Join(tmp, "image1"), filepath.Join(tmp, "image2")
	if out, err := exec.Command(lossnb, "assign", "-out", image1, source).CombinedOutput(); err != nil {
		t.Fatalf("assign: %v\n%s", err, out)
	}
	home := t.TempDir()
	mine := filepath.Join(home, "lossnb", "01-key-idea.ipynb")
	runHook(t, hookEnv(home, image1, bin), "")
	answer := "func huber(r, delta float64) float64 {\n\treturn 0.5 * r * r // the student's answer\n}"
	setCellSource(t, mine, "ex1-huber", answer)
	edited, _ := os.ReadFile(mine)

	// The newer image: the course changed its first cell.
	setCellSource(t, source, "", "# Notebook 1, updated for this term\n")
	if out, err := exec.Command(lossnb, "assign", "-out", image2, source).CombinedOutput(); err != nil {
		t.Fatalf("assign: %v\n%s", err, out)
	}
	out := runHook(t, hookEnv(home, image2, bin), "")
	if now, _ := os.ReadFile(mine); string(now) != string(edited) {
		t.Fatal("the newer image's start hook changed the student's notebook")
	}
	if !strings.Contains(out, "newer version of 01-key-idea.ipynb") {
		t.Errorf("the start hook does not say the course has a newer version:\n%s", out)
	}
	// The student asks for the update in a terminal (the hook's variables are set there).
	out = runHook(t, hookEnv(home, image2, bin), "lossnb update")
	if got := cellSource(t, mine, "ex1-huber"); got != answer {
		t.Errorf("lossnb update lost the student's answer:\n%s\n%s", got, out)
	}
	if b, _ := os.ReadFile(mine); !strings.Contains(string(b), "updated for this term") {
		t.Errorf("lossnb update did not bring in the course's change:\n%s", out)
	}
}
