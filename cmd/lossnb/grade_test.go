package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	e2e   = flag.Bool("grade.e2e", false, "run the end-to-end grading test (builds and sandboxes; about a minute on 2 cores)")
	bench = flag.Int("grade.bench", 0, "grade this many generated submissions and report the time (e.g. 30)")
)

const sourcePath = "../../coursework/source/01-key-idea.ipynb"

// release returns the student release of the course's source, decoded.
func release(t *testing.T) *notebook {
	t.Helper()
	data, err := os.ReadFile(sourcePath)
	if err != nil {
		t.Fatal(err)
	}
	return releaseOf(t, data)
}

func cellIndex(nb *notebook, gradeID string) int {
	for i, c := range nb.cells {
		if m, ok := metaOf(c); ok && m.GradeID == gradeID {
			return i
		}
	}
	return -1
}

func answerCells(t *testing.T, answers map[string]string) *notebook {
	nb := release(t)
	for id, src := range answers {
		i := cellIndex(nb, id)
		if i < 0 {
			t.Fatalf("no cell %s", id)
		}
		setSource(nb.cells[i], src)
	}
	return nb
}

func encodeNB(t *testing.T, nb *notebook) []byte {
	b, err := nb.encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func addCell(nb *notebook, after string, src string) {
	i := cellIndex(nb, after)
	c := map[string]any{"cell_type": "code", "id": fmt.Sprintf("added-%d", len(nb.cells)), "metadata": map[string]any{},
		"source": src, "outputs": []any{}, "execution_count": nil}
	nb.cells = append(nb.cells[:i+1], append([]map[string]any{c}, nb.cells[i+1:]...)...)
}

const goodHuber = `func huber(r, delta float64) float64 {
	if math.Abs(r) <= delta {
		return 0.5 * r * r
	}
	return delta * (math.Abs(r) - 0.5*delta)
}

func huberGrad(r, delta float64) float64 {
	return math.Max(-delta, math.Min(delta, r))
}`

const goodFit = `func maeFit(ys []float64) float64 {
	s := slices.Sorted(slices.Values(ys))
	return s[len(s)/2]
}`

var perfect = map[string]string{"ex1-huber": goodHuber, "ex2-choice": `func lossChoice() string { return "c" }`,
	"ex3a-predict": "func maePrediction() float64 { return 5 }", "ex3b-fit": goodFit,
	"ex4-break": "func breakMean() (before, after []float64) {\n\treturn []float64{1, 2, 3, 4, 5}, []float64{1, 2, 3, 4, 100}\n}"}

// expectation is what the gradebook must say about a submission.
type expectation struct {
	status   string
	score    int // -1: do not check
	feedback []string
	details  string
	flags    string
}

// hostileSubmissions returns the submissions of the end-to-end test, each
// with what the gradebook must say. marker names the files a hostile
// submission tries to write. Each forging class of issue 15 is here, and
// the honest controls must get their exact scores.
func hostileSubmissions(t *testing.T, marker string) (map[string][]byte, map[string]expectation) {
	files := map[string][]byte{}
	want := map[string]expectation{}
	abs, _ := filepath.Abs(sourcePath)
	repo := filepath.Dir(filepath.Dir(filepath.Dir(abs)))

	// --- honest controls ---
	files["perfect.ipynb"] = encodeNB(t, answerCells(t, perfect))
	want["perfect"] = expectation{status: "ok", score: 24, feedback: []string{"**Score: 24/24** (graded)"}}

	files["blank.ipynb"] = encodeNB(t, release(t))
	// The release handed in unchanged: its own status, so that it is not taken for an honest 0.
	want["blank"] = expectation{status: "blank", score: 0, feedback: []string{"✗ no answer yet", "(graded; no answer was filled in)"},
		details: "no answer was filled in"}

	files["partial.ipynb"] = encodeNB(t, answerCells(t, map[string]string{
		"ex1-huber":  strings.Replace(goodHuber, "return math.Max(-delta, math.Min(delta, r))", "return -math.Max(-delta, math.Min(delta, r))", 1),
		"ex2-choice": `func lossChoice() string { return "B" }`, "ex3a-predict": "func maePrediction() float64 { return 11.6 }",
		"ex3b-fit": "func maeFit(ys []float64) float64 { slices.Sort(ys); return ys[len(ys)/2] }"}))
	want["partial"] = expectation{status: "ok", score: 2*2 + 0 + 0 + 2*3 + 0, feedback: []string{
		"the sign is flipped wherever it is wrong", "✗ not B. The absolute error ignores", "11.6 is the mean", "your fit changed its data"}}

	// --- broken or hostile, already contained before ---
	loop := answerCells(t, perfect)
	setSource(loop.cells[cellIndex(loop, "ex1-huber")], strings.Replace(goodHuber, "func huberGrad(r, delta float64) float64 {", "func huberGrad(r, delta float64) float64 {\n\tfor r > 1 {\n\t}", 1))
	addCell(loop, "ex3a-predict", "%%\nfor {\n}")
	files["endless-loop.ipynb"] = encodeNB(t, loop)
	want["endless-loop"] = expectation{status: "timeout", score: -1,
		feedback: []string{"your gradient did not return within 5s (an endless loop?) at residual = 1.25"}}

	pan := answerCells(t, perfect)
	setSource(pan.cells[cellIndex(pan, "ex3b-fit")], "func maeFit(ys []float64) float64 {\n\tvar m map[string]int\n\tm[\"x\"] = 1\n\treturn 0\n}")
	addCell(pan, "ex3b-fit", "%%\npanic(\"boom\")")
	files["panics.ipynb"] = encodeNB(t, pan)
	want["panics"] = expectation{status: "ok", score: 16, feedback: []string{"your fit panicked: assignment to entry in nil map"}}

	exit := answerCells(t, perfect)
	setSource(exit.cells[cellIndex(exit, "ex3b-fit")], "func maeFit(ys []float64) float64 {\n\tos.Exit(3)\n\treturn 0\n}")
	files["os-exit.ipynb"] = encodeNB(t, exit)
	want["os-exit"] = expectation{status: "crashed", score: 16, flags: "os.Exit",
		feedback: []string{"your fit ended the program (exit status 3)"}}

	del := answerCells(t, perfect)
	i := cellIndex(del, "ex1-check")
	del.cells = append(del.cells[:i], del.cells[i+1:]...)
	files["deleted-check.ipynb"] = encodeNB(t, del)
	want["deleted-check"] = expectation{status: "ok", score: 24, details: "check cell ex1-check was missing: restored"}

	edit := answerCells(t, perfect)
	setSource(edit.cells[cellIndex(edit, "ex1-check")], "%%\nfmt.Println(\"Score: 4/4\")\nfmt.Println(`lossnb-result:0000:{\"id\":\"huber-1\",\"points\":4,\"max\":4}`)")
	setSource(edit.cells[cellIndex(edit, "ex1-huber")], "func huber(r, delta float64) float64 { return 0 }\nfunc huberGrad(r, delta float64) float64 { return 0 }")
	files["edited-check.ipynb"] = encodeNB(t, edit)
	want["edited-check"] = expectation{status: "ok", score: 16, details: "check cell ex1-check was edited: restored"}

	files["essay.txt"] = []byte("I did it all in my head.")
	want["essay.txt"] = expectation{status: "not_a_notebook", score: 0}
	// Deletes an answer cell and turns another into text: graded as released,
	// never as the instructor's solution.
	gone := answerCells(t, perfect)
	j := cellIndex(gone, "ex1-huber")
	gone.cells = append(gone.cells[:j], gone.cells[j+1:]...)
	gone.cells[cellIndex(gone, "ex3b-fit")]["cell_type"] = "markdown"
	files["deleted-answer.ipynb"] = encodeNB(t, gone)
	want["deleted-answer"] = expectation{status: "ok", score: 8}

	files["not-a-notebook.ipynb"] = []byte("print('hello')\n")
	want["not-a-notebook"] = expectation{status: "not_a_notebook", score: 0, feedback: []string{"not graded: the file is not a notebook"}}

	py := answerCells(t, perfect)
	py.raw["metadata"] = map[string]any{"kernelspec": map[string]any{"name": "python3", "display_name": "Python 3", "language": "python"}}
	files["wrong-kernel.ipynb"] = encodeNB(t, py)
	want["wrong-kernel"] = expectation{status: "wrong_kernel", score: 0, feedback: []string{`the notebook's kernel is "python3"`}}

	// Looks for the hidden tests and the checker from a package-level var
	// (it runs when the student's program starts), writes outside its folder,
	// reaches for the network; prints what it found.
	spy := answerCells(t, perfect)
	addCell(spy, "ex3b-fit", fmt.Sprintf(`import o "os"

var spied = func() int {
	for _, p := range []string{%q, %q, "/work", "/root", "/etc/passwd", "/usr", "/proc/1/root/etc/hostname"} {
		_, err := o.Stat(p)
		fmt.Println("READ", p, err != nil)
	}
	n := 0
	filepath.WalkDir("/", func(p string, d fs.DirEntry, err error) error {
		if p == "/proc" || p == "/sys" || p == "/dev" { return filepath.SkipDir }
		if strings.Contains(p, "01-key-idea") || strings.Contains(p, "checker") || strings.Contains(p, "lossnb-grade-") { fmt.Println("FOUND", p) }
		n++
		return nil
	})
	for _, p := range []string{%q, "/tmp/%s", %q} {
		fmt.Println("WRITE", p, o.WriteFile(p, []byte("pwned"), 0o644) == nil)
	}
	_, err := net.DialTimeout("tcp", "1.1.1.1:80", 2*time.Second)
	fmt.Println("NET", err != nil, n)
	return n
}()`, abs, repo, filepath.Join(filepath.Dir(abs), marker), marker, filepath.Join(repo, "build", "grade-cache", marker)))
	files["spy.ipynb"] = encodeNB(t, spy)
	want["spy"] = expectation{status: "ok", score: 24, flags: "os.Stat; os.WriteFile"}

	// Allocates far more than the memory limit.
	hog := answerCells(t, perfect)
	setSource(hog.cells[cellIndex(hog, "ex3a-predict")], "func maePrediction() float64 {\n\tb := make([]byte, 8<<30)\n\tfor i := range b { b[i] = 1 }\n\treturn float64(b[0]) * 5\n}")
	files["memory-hog.ipynb"] = encodeNB(t, hog)
	want["memory-hog"] = expectation{status: "crashed", score: 23, feedback: []string{"ran out of memory"}}

	// Forks itself again and again from its var initialiser.
	bomb := answerCells(t, perfect)
	addCell(bomb, "ex3b-fit", `var bomb = func() int {
	for i := 0; i < 100000; i++ {
		syscall.ForkExec("/proc/self/exe", nil, nil)
	}
	return 0
}()`)
	files["fork-bomb.ipynb"] = encodeNB(t, bomb)
	// Its own program is slow or broken (its score is its own business); the
	// host and the other submissions are not touched.
	want["fork-bomb"] = expectation{status: "", score: -1, flags: "syscall.ForkExec"}

	// Shell lines, magics and a cell that asks for input: never run.
	magic := answerCells(t, perfect)
	addCell(magic, "ex3b-fit", "!touch /tmp/"+marker+"-shell\n%env GOFLAGS=-overlay=/tmp/x.json\n%goflags -overlay=/tmp/x.json")
	addCell(magic, "ex2-choice", "%with_inputs\n%%\nvar s string\nfmt.Scanln(&s)")
	files["magics.ipynb"] = encodeNB(t, magic)
	want["magics"] = expectation{status: "ok", score: 24, details: "the notebook asks for input (%with_inputs)",
		flags: `shell command "!touch /tmp/` + marker + `-shell" (not run); %env (not run); %goflags (not run)`}

	// --- the forging classes of issue 15 ---

	// 1. An aliased exercise import with a var initialiser that replaces what
	// the checks write and what they record, so that every line reads full marks.
	alias := answerCells(t, map[string]string{})
	addCell(alias, "ex1-huber", `import ex "github.com/lossnb/lossnb/lossnb/exercise"

var forged = func() int {
	ex.Output = io.Discard
	ex.Record(func(r *ex.Result) { r.Points = r.Max })
	fmt.Println("Score: 4/4")
	return 0
}()`)
	files["forge-alias.ipynb"] = encodeNB(t, alias)
	// Its answer cells are as released and no cell declares an answer: blank (the flags say the rest).
	want["forge-alias"] = expectation{status: "blank", score: 0, flags: `import "github.com/lossnb/lossnb/lossnb/exercise"`}

	// 2. A patched copy of the module put in the build: by go work edit (a
	// shell line), by %goflags -overlay and %env GOFLAGS, and by a go.work
	// written from a var initialiser where GoNB kept its workspace.
	work := answerCells(t, map[string]string{})
	addCell(work, "ex1-huber", `!cp -r `+repo+`/lossnb /tmp/patched && sed -i 's/r.Points += it.Points/r.Points += it.Max/' /tmp/patched/exercise/result.go
!*go work edit -replace github.com/lossnb/lossnb=/tmp/patched
%goflags -overlay=/tmp/overlay.json
%env GOFLAGS=-overlay=/tmp/overlay.json`)
	addCell(work, "ex2-choice", `var patched = func() int {
	os.WriteFile("go.work", []byte("go 1.26\nuse /tmp/patched\n"), 0o644)
	os.WriteFile("/tmp/overlay.json", []byte("{}"), 0o644)
	return 0
}()`)
	files["forge-workspace.ipynb"] = encodeNB(t, work)
	want["forge-workspace"] = expectation{status: "blank", score: 0}

	// 3. Reads the generated program (main.go, the nonce, the hidden checks)
	// through an aliased os import, prints forged lines and exits before the
	// real checks run.
	reader := answerCells(t, map[string]string{})
	addCell(reader, "ex1-huber", `import sys "os"

var stolen = func() int {
	for _, p := range []string{"main.go", "../main.go", "/proc/self/cwd/main.go", "/proc/1/cmdline"} {
		if b, err := sys.ReadFile(p); err == nil {
			fmt.Println("STOLEN", p, len(b))
		}
	}
	return 0
}()

func huber(r, delta float64) float64 {
	fmt.Println("lossnb-result:00:{\"id\":\"huber-1\",\"points\":4,\"max\":4}\nScore: 4/4")
	sys.Exit(0)
	return 0
}

func huberGrad(r, delta float64) float64 { return 0 }`)
	files["forge-reader.ipynb"] = encodeNB(t, reader)
	want["forge-reader"] = expectation{status: "crashed", score: 0, flags: "os.ReadFile; os.Exit"}

	// 4. A symbolic link to the instructor's source, in the folder (the test
	// also passes one as an argument).
	want["source-link"] = expectation{status: "refused", score: 0, details: "a symbolic link: refused, never followed"}
	return files, want
}

func hashTree(t *testing.T, root string) string {
	h := sha256.New()
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			fmt.Fprintf(h, "%s %x\n", p, sha256.Sum256(b))
		}
		return nil
	})
	return fmt.Sprintf("%x", h.Sum(nil))
}

// fileHashes maps each regular file under root to its hash.
func fileHashes(root string) map[string][32]byte {
	out := map[string][32]byte{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if b, err := os.ReadFile(p); err == nil {
				out[p] = sha256.Sum256(b)
			}
		}
		return nil
	})
	return out
}

func readGradebook(t *testing.T, path string) (map[string]map[string]string, []string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out[m["student"]] = m
	}
	return out, rows[0]
}

// executedText is what the instructor's copy of a submission shows: every
// output and raw cell.
func executedText(t *testing.T, path string) string {
	b, _ := os.ReadFile(path)
	var nb struct {
		Cells []struct {
			Type    string `json:"cell_type"`
			Source  any    `json:"source"`
			Outputs []struct {
				Text any `json:"text"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	json.Unmarshal(b, &nb)
	var s strings.Builder
	for _, c := range nb.Cells {
		if c.Type == "raw" {
			src, _ := sourceOf(map[string]any{"source": c.Source})
			s.WriteString(src)
		}
		for _, o := range c.Outputs {
			if src, err := sourceOf(map[string]any{"source": o.Text}); err == nil {
				s.WriteString(src)
			}
		}
	}
	return s.String()
}

// gradeRun writes the files to a folder and grades it; it returns the
// gradebook's folder and what grade printed.
func gradeRun(t *testing.T, subDir string, extraFiles []string, extra ...string) (string, string, error) {
	os.Chmod(subDir, 0o755)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := append([]string{"grade", "-source", sourcePath, "-out", out, "-cell-timeout", "20s", "-timeout", "100s", "-jobs", "2"}, extra...)
	args = append(args, subDir)
	args = append(args, extraFiles...)
	start := time.Now()
	err := run(args, &stdout, &stderr)
	t.Logf("grading took %v\n%s%s", time.Since(start), stdout.String(), stderr.String())
	return out, stdout.String(), err
}

// writeSubmissions writes files (names may hold folders) to a new folder.
func writeSubmissions(t *testing.T, files map[string][]byte) string {
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestGradeEndToEnd grades the hostile set: every forging class of issue 15
// and the hostile submissions contained before, the honest controls, and
// file names that broke the gradebook before. It fails on a forged score, a
// wrong score of an honest control, a change to the instructor's files or
// to the build cache by a submission, anything written to the host, a
// hidden test or key in the feedback, or a name that breaks a row.
func TestGradeEndToEnd(t *testing.T) {
	if !*e2e {
		t.Skip("end-to-end grading test: run with -grade.e2e (after make install)")
	}
	marker := fmt.Sprintf("lossnb-e2e-pwned-%d", os.Getpid())
	files, want := hostileSubmissions(t, marker)
	if only := os.Getenv("LOSSNB_E2E_ONLY"); only != "" { // e.g. LOSSNB_E2E_ONLY=forge-alias,panics
		for name := range files {
			if !strings.Contains(","+only+",", ","+strings.TrimSuffix(name, ".ipynb")+",") {
				delete(files, name)
				delete(want, strings.TrimSuffix(name, ".ipynb"))
			}
		}
	} else {
		names(t, files, want)
	}
	abs, _ := filepath.Abs(sourcePath)
	repo := filepath.Dir(filepath.Dir(filepath.Dir(abs)))
	subDir := writeSubmissions(t, files)
	if w, ok := want["dup"]; ok {
		delete(want, "dup")
		for _, p := range []string{"dup.ipynb", "dup/01-key-idea.ipynb"} {
			h := sha256.Sum256([]byte(filepath.Join(subDir, p)))
			want[fmt.Sprintf("dup [%x]", h[:4])] = w
		}
	}
	if _, ok := want["source-link"]; ok {
		if err := os.Symlink(abs, filepath.Join(subDir, "source-link.ipynb")); err != nil {
			t.Fatal(err)
		}
	}
	// A symbolic link given as an argument.
	argLink := filepath.Join(t.TempDir(), "arg-link.ipynb")
	os.Symlink(abs, argLink)
	want["arg-link"] = expectation{status: "refused", score: 0, details: "a symbolic link: refused, never followed"}

	courseDir := filepath.Dir(sourcePath)
	before, subsBefore := hashTree(t, courseDir), hashTree(t, subDir)
	cache := filepath.Join(repo, "build", "grade-cache")
	cacheBefore := fileHashes(cache)
	out, stdout, err := gradeRun(t, subDir, []string{argLink})
	if err != nil {
		t.Fatal(err)
	}
	book, head := readGradebook(t, filepath.Join(out, "gradebook.csv"))
	if len(book) != len(want) {
		t.Errorf("%d rows, want %d", len(book), len(want))
	}
	feedbackFiles := map[string]string{}
	for name, w := range want {
		row, ok := book[name]
		if !ok {
			row, ok = book["'"+name] // a name a spreadsheet would run, neutralised
		}
		if !ok {
			t.Errorf("%q: not in the gradebook", name)
			continue
		}
		if other, dup := feedbackFiles[row["feedback"]]; dup {
			t.Errorf("%q and %q share the feedback file %s", name, other, row["feedback"])
		}
		feedbackFiles[row["feedback"]] = name
		fb, err := os.ReadFile(filepath.Join(out, "feedback", row["feedback"]))
		if err != nil {
			t.Errorf("%q: %v", name, err)
		}
		score := 0
		fmt.Sscan(row["score"], &score)
		if (w.status != "" && row["status"] != w.status) || (w.score >= 0 && score != w.score) {
			t.Errorf("%q: status %s, score %s; want %s, %d (details: %s)\n%s", name, row["status"], row["score"], w.status, w.score, row["details"], fb)
		}
		if !strings.Contains(row["details"], w.details) || !strings.Contains(row["flags"], w.flags) {
			t.Errorf("%q: details %q, flags %q; want %q, %q", name, row["details"], row["flags"], w.details, w.flags)
		}
		for _, s := range w.feedback {
			if !strings.Contains(string(fb), s) {
				t.Errorf("%q: feedback lacks %q:\n%s", name, s, fb)
			}
		}
		// No stack trace, no check code, no hidden key: the explanation of the
		// right answer of exercise 2 shows only to those who chose it.
		// One verdict per question: the practice check's "answer recorded …
		// graded when you hand in" is not shown once it is graded.
		bad := []string{"goroutine ", ".go:", "BEGIN HIDDEN", "exercise.Check", "lossnb-result", "answer recorded", "when you hand in"}
		if !strings.Contains(string(fb), "right: C") {
			bad = append(bad, "Huber's loss is quadratic (efficient")
		}
		for _, b := range bad {
			if strings.Contains(string(fb), b) {
				t.Errorf("%q: feedback contains %q:\n%s", name, b, fb)
			}
		}
	}
	// Each check's column shows its maximum, "huber-1 (/8)"; the maxima add up to the score's.
	total := 0
	for _, h := range head[5:] {
		if strings.Contains(h, "\n") {
			t.Errorf("header %q", h)
		}
		if m := regexp.MustCompile(`^[a-z0-9-]+ \(/(\d+)\)$`).FindStringSubmatch(h); m != nil {
			var n int
			fmt.Sscan(m[1], &n)
			total += n
		} else if h != "seconds" && h != "feedback" && h != "flags" && h != "details" {
			t.Errorf("header %q does not show its maximum", h)
		}
	}
	if total != 24 {
		t.Errorf("the columns' maxima add up to %d, want 24: %q", total, head)
	}
	// The summary's time per submission leaves out the checker's build and the solutions' run.
	if !strings.Contains(stdout, "before them, the checker's build and the solutions' run took") {
		t.Errorf("summary:\n%s", stdout)
	}
	// The console shows names quoted: no raw escape, no fake line.
	if strings.Contains(stdout, "\x1b") || strings.Contains(stdout, "\n  fake") {
		t.Errorf("a name printed raw on the console:\n%s", stdout)
	}
	// What the hostile programs saw, in the instructor's copies.
	executed := func(name string) string {
		row := book[name]
		p := filepath.Join(out, "executed", strings.TrimSuffix(row["feedback"], ".md")+".ipynb")
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: the instructor's copy %s is missing or readable by others (%v)", name, p, err)
		}
		return executedText(t, p)
	}
	if _, ok := want["spy"]; ok {
		spy := executed("spy")
		if strings.Count(spy, "READ ") == 0 || strings.Contains(spy, " false\nREAD") || strings.Contains(spy, "READ /usr false") || strings.Contains(spy, "FOUND") || !strings.Contains(spy, "NET true") {
			t.Errorf("spy saw the host, or did not run:\n%s", spy)
		}
		if !strings.Contains(spy, "points from this cell, decided by the checker:\n  huber-1: 4/4") {
			t.Errorf("the instructor's copy does not say which check gave which points:\n%s", spy)
		}
	}
	if _, ok := want["partial"]; ok {
		// The graded copy of a wrong choice: the keyed verdict with its explanation, alone.
		if p := executed("partial"); !strings.Contains(p, "✗ not B. The absolute error ignores") || strings.Contains(p, "answer recorded") {
			t.Errorf("the instructor's copy of a wrong choice:\n%s", p)
		}
	}
	if _, ok := want["forge-reader"]; ok {
		if r := executed("forge-reader"); strings.Contains(r, "STOLEN main.go") || strings.Contains(r, "STOLEN ../main.go") || strings.Contains(r, "STOLEN /proc/self/cwd") {
			t.Errorf("forge-reader read a program:\n%s", r)
		}
	}
	for _, p := range []string{filepath.Join(courseDir, marker), "/tmp/" + marker, "/tmp/" + marker + "-shell", filepath.Join(repo, "build", "grade-cache", marker)} {
		if _, err := os.Stat(p); err == nil {
			os.Remove(p)
			t.Errorf("a submission wrote %s", p)
		}
	}
	if hashTree(t, courseDir) != before {
		t.Error("grading changed the instructor's files")
	}
	// The grader's builds add entries to the build cache; nothing may change an
	// output (a "-d" file: content-addressed; the "-a" index entries carry the
	// time of their last use, which Go updates).
	after := fileHashes(cache)
	for p, h := range cacheBefore {
		if a, ok := after[p]; ok && a != h && strings.HasSuffix(p, "-d") {
			t.Errorf("the build cache entry %s changed", p)
		}
	}
	if hashTree(t, subDir) != subsBefore {
		t.Error("grading changed the submissions")
	}
}

// names adds to the hostile set the file names that broke the gradebook
// before: 255 bytes, names that differ only in non-ASCII letters, an empty
// name, two students called dup, newlines and terminal escapes, spreadsheet
// formulas, and a valid notebook over the size limit.
func names(t *testing.T, files map[string][]byte, want map[string]expectation) {
	junk := []byte("not a notebook")
	blank := encodeNB(t, release(t))
	long := strings.Repeat("n", 249)
	files[long+".ipynb"] = blank
	want[long] = expectation{status: "blank", score: 0}
	for _, n := range []string{"学生", "ученик", "", "evil\n  fake 22 of 22\x1b[2J", "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)"} {
		files[n+".ipynb"] = junk
		want[n] = expectation{status: "not_a_notebook", score: 0}
	}
	files["dup.ipynb"] = junk
	files["dup/01-key-idea.ipynb"] = junk
	// Rows of names that several files share carry a hash of the path: the
	// test fills them in once the folder exists.
	want["dup"] = expectation{status: "not_a_notebook"}
	huge := release(t)
	huge.cells = append(huge.cells, map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": strings.Repeat("x", 21<<20)})
	files["huge.ipynb"] = encodeNB(t, huge)
	want["huge"] = expectation{status: "too_large", score: 0, details: "larger than 20 MiB"}
}

// lossnbBinary builds the lossnb command into a temporary folder.
func lossnbBinary(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "lossnb")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	os.Chmod(filepath.Dir(bin), 0o755)
	return bin
}

var uidRangeRe = regexp.MustCompile(`a uid per submission \((\d+)-(\d+)\)`)

// processesOf lists the processes whose uid is in [lo, hi].
func processesOf(lo, hi int) []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil || strings.Contains(string(b), "\nState:\tZ") { // a zombie has ended
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			var uid int
			if _, err := fmt.Sscanf(line, "Uid:\t%d", &uid); err == nil && uid >= lo && uid <= hi {
				out = append(out, e.Name())
			}
		}
	}
	return out
}

// TestGradeConcurrent runs two grading runs at once, as two courses on one
// machine would: each must grade right, with uids of its own, and leave no
// process or temporary folder behind (a shared uid range, work folder or
// build lock would fail it).
func TestGradeConcurrent(t *testing.T) {
	if !*e2e {
		t.Skip("-grade.e2e")
	}
	bin := lossnbBinary(t)
	abs, _ := filepath.Abs(sourcePath)
	repo := filepath.Dir(filepath.Dir(filepath.Dir(abs)))
	files := map[string][]byte{"perfect.ipynb": encodeNB(t, answerCells(t, perfect)), "blank.ipynb": encodeNB(t, release(t))}
	tmpBefore, _ := filepath.Glob(filepath.Join(os.TempDir(), "lossnb-grade-[0-9]*"))
	type result struct {
		out, log string
		err      error
	}
	results := make([]result, 2)
	done := make(chan int)
	for k := range results {
		go func() {
			out := t.TempDir()
			cmd := exec.Command(bin, "grade", "-source", abs, "-out", out, "-jobs", "1", writeSubmissions(t, files))
			cmd.Env = append(os.Environ(), "LOSSNB_ROOT="+repo)
			log, err := cmd.CombinedOutput()
			results[k] = result{out, string(log), err}
			done <- k
		}()
	}
	<-done
	<-done
	var ranges [][2]int
	for k, r := range results {
		t.Logf("run %d:\n%s", k, r.log)
		if r.err != nil {
			t.Fatalf("run %d: %v", k, r.err)
		}
		book, _ := readGradebook(t, filepath.Join(r.out, "gradebook.csv"))
		if book["perfect"]["score"] != "24" || book["blank"]["score"] != "0" {
			t.Errorf("run %d: perfect %s, blank %s", k, book["perfect"]["score"], book["blank"]["score"])
		}
		if os.Geteuid() == 0 {
			m := uidRangeRe.FindStringSubmatch(r.log)
			if m == nil {
				t.Fatalf("run %d: no uid range in the header", k)
			}
			var lo, hi int
			fmt.Sscan(m[1], &lo)
			fmt.Sscan(m[2], &hi)
			ranges = append(ranges, [2]int{lo, hi})
			if p := processesOf(lo, hi); len(p) > 0 { // the grader waits for them to end
				t.Errorf("run %d left processes of its uids: %v", k, p)
			}
		}
	}
	if len(ranges) == 2 && ranges[0][0] <= ranges[1][1] && ranges[1][0] <= ranges[0][1] {
		t.Errorf("the two runs share uids: %v", ranges)
	}
	tmpAfter, _ := filepath.Glob(filepath.Join(os.TempDir(), "lossnb-grade-[0-9]*"))
	if len(tmpAfter) > len(tmpBefore) {
		t.Errorf("temporary folders left: %v (before: %v)", tmpAfter, tmpBefore)
	}
}

// TestGradeNonRoot grades part of the hostile set as an unprivileged user
// (nobody), where the sandbox runs every submission as that user: the
// header must say so, the forging classes must score nothing and the honest
// controls their scores, and nothing may be written outside the sandbox.
func TestGradeNonRoot(t *testing.T) {
	if !*e2e {
		t.Skip("-grade.e2e")
	}
	if os.Geteuid() != 0 {
		t.Skip("runs as root, and grades as nobody")
	}
	const nobody = 65534
	bin := lossnbBinary(t)
	abs, _ := filepath.Abs(sourcePath)
	repo := filepath.Dir(filepath.Dir(filepath.Dir(abs)))
	home := t.TempDir()
	// The module cache of root's is not readable by nobody: a copy, made
	// offline from root's download cache; and a copy of the grader's build cache.
	modCache := filepath.Join(home, "mod")
	root, _ := exec.Command("go", "env", "GOMODCACHE").Output()
	dl := exec.Command("go", "mod", "download")
	dl.Dir, dl.Env = repo, append(os.Environ(), "GOMODCACHE="+modCache, "GOPROXY=file://"+strings.TrimSpace(string(root))+"/cache/download", "GOSUMDB=off", "GOFLAGS=-mod=mod")
	dl.Run() // modules the build does not need may be missing: that is fine
	exec.Command("cp", "-a", filepath.Join(repo, "build", "grade-cache"), filepath.Join(home, "cache")).Run()
	marker := fmt.Sprintf("lossnb-nonroot-pwned-%d", os.Getpid())
	all, allWant := hostileSubmissions(t, marker)
	files := map[string][]byte{}
	want := map[string]expectation{}
	for _, n := range []string{"perfect", "partial", "spy", "forge-alias", "forge-reader", "forge-workspace", "os-exit"} {
		files[n+".ipynb"], want[n] = all[n+".ipynb"], allWant[n]
	}
	subDir := writeSubmissions(t, files)
	out := filepath.Join(home, "out")
	os.MkdirAll(out, 0o755)
	for _, d := range []string{home, subDir} {
		os.Chmod(filepath.Dir(d), 0o755) // the test's own temporary folder
		os.Chmod(d, 0o755)
		exec.Command("chown", "-R", fmt.Sprint(nobody), d).Run()
	}
	cmd := exec.Command("setpriv", "--reuid", fmt.Sprint(nobody), "--regid", fmt.Sprint(nobody), "--clear-groups", "--",
		bin, "grade", "-source", abs, "-out", out, "-cache", filepath.Join(home, "cache"), "-jobs", "2", subDir)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "GOMODCACHE=" + modCache, "LOSSNB_ROOT=" + repo, "TMPDIR=" + home}
	log, err := cmd.CombinedOutput()
	t.Logf("%s", log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "sandbox (bubblewrap) without root: submissions run as") {
		t.Errorf("the header does not state the limits without root")
	}
	book, _ := readGradebook(t, filepath.Join(out, "gradebook.csv"))
	for name, w := range want {
		if row := book[name]; row["status"] != w.status || row["score"] != fmt.Sprint(w.score) {
			t.Errorf("%s: %s %s, want %s %d (%s)", name, row["status"], row["score"], w.status, w.score, row["details"])
		}
	}
	for _, p := range []string{filepath.Join(filepath.Dir(abs), marker), "/tmp/" + marker, filepath.Join(home, marker)} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a submission wrote %s", p)
		}
	}
}

// TestGradeBenchmark grades -grade.bench generated submissions (right,
// partly right and blank answers), 2 at a time, and reports the time per
// submission. With LOSSNB_BASELINE_BIN (an earlier lossnb) and
// LOSSNB_BASELINE_ROOT (its checkout) it grades the same folder with that
// one too, alternating, and reports the ratio. It asserts no timing.
func TestGradeBenchmark(t *testing.T) {
	if *bench == 0 {
		t.Skip("benchmark: run with -grade.bench 30")
	}
	abs, _ := filepath.Abs(sourcePath)
	repo := filepath.Dir(filepath.Dir(filepath.Dir(abs)))
	variants := []map[string]string{
		perfect,
		{"ex1-huber": strings.Replace(goodHuber, "0.5 * r * r", "r * r", 1), "ex2-choice": `func lossChoice() string { return "B" }`, "ex3b-fit": goodFit},
		{"ex2-choice": `func lossChoice() string { return "A" }`, "ex3a-predict": "func maePrediction() float64 { return 11.6 }"},
		{},
	}
	files := map[string][]byte{}
	for i := 0; i < *bench; i++ {
		files[fmt.Sprintf("student%02d.ipynb", i+1)] = encodeNB(t, answerCells(t, variants[i%len(variants)]))
	}
	dir := writeSubmissions(t, files)
	bin := lossnbBinary(t)
	type contender struct{ name, bin, root string }
	cs := []contender{{"this", bin, repo}}
	if b := os.Getenv("LOSSNB_BASELINE_BIN"); b != "" {
		cs = append([]contender{{"baseline", b, os.Getenv("LOSSNB_BASELINE_ROOT")}}, cs...)
	}
	per := map[string][]float64{}
	rounds := 3
	fmt.Sscan(os.Getenv("LOSSNB_BENCH_ROUNDS"), &rounds)
	for round := 0; round < rounds; round++ { // round 0 warms each one's build cache
		for _, c := range cs {
			out := t.TempDir()
			cmd := exec.Command(c.bin, "grade", "-source", abs, "-out", out, "-jobs", "2", dir)
			cmd.Env = append(os.Environ(), "LOSSNB_ROOT="+c.root)
			start := time.Now()
			log, err := cmd.CombinedOutput()
			wall := time.Since(start).Seconds()
			if err != nil {
				t.Fatalf("%s: %v\n%s", c.name, err, log)
			}
			book, _ := readGradebook(t, filepath.Join(out, "gradebook.csv"))
			if book["student01"]["score"] != "24" || book["student04"]["score"] != "0" {
				t.Errorf("%s: student01 %s, student04 %s", c.name, book["student01"]["score"], book["student04"]["score"])
			}
			t.Logf("round %d, %s: %d submissions in %.1f s wall (%.2f s each, solution run included)", round, c.name, *bench, wall, wall/float64(*bench))
			if round > 0 {
				per[c.name] = append(per[c.name], wall/float64(*bench))
			}
		}
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	t.Logf("BENCHMARK: this %.2f s per submission", mean(per["this"]))
	if len(per["baseline"]) > 0 {
		t.Logf("BENCHMARK: baseline %.2f s per submission; this/baseline = %.2f", mean(per["baseline"]), mean(per["this"])/mean(per["baseline"]))
	}
}
