// Command lossnb holds the course's command-line tools.
//
// Usage:
//
//	lossnb export [-out DIR] [-timeout SECONDS] [NOTEBOOK.ipynb ...]
//	lossnb assign [-out DIR] [-check] [-force] [-verify] SOURCE.ipynb ...
//	lossnb seed [-course DIR] [-work DIR]
//	lossnb update [-course DIR] [-work DIR] [-n] [NOTEBOOK ...]
//	lossnb grade -source SOURCE.ipynb [-out DIR] [flags] SUBMISSION ...
//
// assign writes the student release of instructor source notebooks, and grade
// executes students' submissions with the hidden tests restored, each in a sandbox,
// and writes a gradebook and feedback: see coursework/README.md. assign refuses to
// overwrite a release that was edited after it wrote it, unless -force.
//
// seed copies the course notebooks missing from a student's work folder (default
// ROOT/work) and changes nothing else; update brings a newer release of the course
// into the student's copies, keeping their answers and every cell they changed.
//
// export executes the notebooks (all of notebooks/ by default) headless with the
// GoNB kernel and writes them as a static HTML site to DIR (default build/site):
// one page per notebook plus index.html, with ECharts and MathJax copied once into
// DIR/static, so the site opens from disk with no network. A notebook whose cells
// fail is reported (notebook, cell, error) and nothing is written for it.
//
// lossnb finds the repository from $LOSSNB_ROOT, else from the working directory
// or its parents, and uses the Python in its .venv (installed by `make lab`).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const modulePath = "github.com/lossnb/lossnb"

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "lossnb:", err)
		os.Exit(1)
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `lossnb: tools for the lossnb course.

Commands:
  export [-out DIR] [-timeout SECONDS] [NOTEBOOK.ipynb ...]
        execute the notebooks and write a static HTML site that works offline
  assign [-out DIR] [-check] [-force] [-verify] SOURCE.ipynb ...
        write the student release: solutions stubbed, hidden tests removed, outputs cleared;
        never over a release someone edited (unless -force); -verify writes nothing
  seed [-course DIR] [-work DIR]
        copy the course notebooks missing from your work folder (default ROOT/work)
  update [-course DIR] [-work DIR] [-n] [NOTEBOOK ...]
        bring the course's new release into your copies, keeping your answers and edits
  grade -source SOURCE.ipynb [-out DIR] [flags] SUBMISSION ...
        grade submissions: a checker built from the source scores each one, calling the
        student's functions in a sandbox; write a gradebook and feedback
`)
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return errors.New("no command given")
	}
	switch args[0] {
	case "export":
		return export(args[1:], stdout, stderr)
	case "assign":
		return assign(args[1:], stdout, stderr)
	case "grade":
		return gradeCmd(args[1:], stdout, stderr)
	case "seed":
		return seed(args[1:], stdout, stderr)
	case "update":
		return update(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return nil
	default:
		usage(stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
}

// findRoot returns the repository root: $LOSSNB_ROOT, or the nearest directory at or
// above the working directory whose go.mod declares this module.
func findRoot() (string, error) {
	if r := os.Getenv("LOSSNB_ROOT"); r != "" {
		if !isRoot(r) {
			return "", fmt.Errorf("$LOSSNB_ROOT = %q is not a lossnb checkout (no go.mod for %s there)", r, modulePath)
		}
		return r, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if isRoot(dir) {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("%s is not inside a lossnb checkout: run lossnb from the repository, or set LOSSNB_ROOT", wd)
		}
	}
}

func isRoot(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	return err == nil && strings.Contains(string(b), "module "+modulePath+"\n")
}

// python returns the virtualenv's interpreter, with a clear error when `make lab`
// has not installed it yet.
func python(root string) (string, error) {
	py := filepath.Join(root, ".venv", "bin", "python")
	if _, err := os.Stat(py); err != nil {
		return "", fmt.Errorf("%s is missing: run `make install` (or `make lab`) in %s first", py, root)
	}
	return py, nil
}

func export(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder for the site (default ROOT/build/site)")
	timeout := fs.Int("timeout", 300, "per-cell time limit in seconds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *timeout <= 0 {
		return fmt.Errorf("export: -timeout = %d, want > 0", *timeout)
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	py, err := python(root)
	if err != nil {
		return err
	}
	notebooks := fs.Args()
	if len(notebooks) == 0 {
		notebooks, err = filepath.Glob(filepath.Join(root, "notebooks", "[0-9][0-9]-*.ipynb"))
		if err != nil {
			return err
		}
		if len(notebooks) == 0 {
			return fmt.Errorf("export: no notebooks in %s", filepath.Join(root, "notebooks"))
		}
	}
	for _, nb := range notebooks {
		if !strings.HasSuffix(nb, ".ipynb") {
			return fmt.Errorf("export: %q is not a .ipynb file", nb)
		}
		if _, err := os.Stat(nb); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	site := *out
	if site == "" {
		site = filepath.Join(root, "build", "site")
	}
	executed, err := os.MkdirTemp("", "lossnb-export-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(executed)

	runArgs := append([]string{filepath.Join(root, "scripts", "run_notebooks.py"),
		"--timeout", fmt.Sprint(*timeout), "--out", executed}, notebooks...)
	if err := command(root, stdout, stderr, py, runArgs...); err != nil {
		return fmt.Errorf("export: executing the notebooks failed (see above); no site written")
	}
	if err := os.MkdirAll(site, 0o755); err != nil {
		return err
	}
	if err := command(root, stdout, stderr, py, filepath.Join(root, "scripts", "export_site.py"), executed, site, root); err != nil {
		return fmt.Errorf("export: writing the site failed: %w", err)
	}
	fmt.Fprintf(stdout, "open %s\n", filepath.Join(site, "index.html"))
	return nil
}

// command runs name with args in dir, with the kernel's tools on PATH.
func command(dir string, stdout, stderr io.Writer, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Env = append(os.Environ(), "PATH="+filepath.Join(dir, "build", "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	return cmd.Run()
}
