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
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

var (
	e2e   = flag.Bool("grade.e2e", false, "run the end-to-end grading test (GoNB kernels, sandboxes; about 2 minutes on 2 cores, as root)")
	bench = flag.Int("grade.bench", 0, "grade this many generated submissions and report the time (e.g. 30)")
)

const sourcePath = "../../coursework/source/01-key-idea.ipynb"

func mustSource(t *testing.T) *notebook {
	t.Helper()
	data, err := os.ReadFile(sourcePath)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := readNotebook(sourcePath, data)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// release returns the student release of the course's source, decoded.
func release(t *testing.T) *notebook {
	t.Helper()
	data, err := os.ReadFile(sourcePath)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := makeRelease(sourcePath, data)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := readNotebook("release", rel)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func cellIndex(nb *notebook, gradeID string) int {
	for i, c := range nb.cells {
		if m, ok := metaOf(c); ok && m.GradeID == gradeID {
			return i
		}
	}
	return -1
}

func TestInjectGrading(t *testing.T) {
	got := injectGrading("// checks\n%%\nexercise.CheckChoice()\n", "abc")
	if want := "// checks\n%%\nexercise.Grading(\"abc\")\nexercise.CheckChoice()\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMergeCells(t *testing.T) {
	src := mustSource(t)
	student := release(t)
	// The student edits a check, deletes another, moves nothing, adds a cell after
	// the Huber answer and answers exercise 2.
	hc := cellIndex(student, "ex1-check")
	setSource(student.cells[hc], "%%\nfmt.Println(\"Score: 4/4\")")
	added := map[string]any{"cell_type": "code", "id": "added", "metadata": map[string]any{}, "source": "func helper() {}", "outputs": []any{}}
	hs := cellIndex(student, "ex1-huber")
	student.cells = append(student.cells[:hs+1], append([]map[string]any{added}, student.cells[hs+1:]...)...)
	fc := cellIndex(student, "ex3b-check")
	student.cells = append(student.cells[:fc], student.cells[fc+1:]...)
	setSource(student.cells[cellIndex(student, "ex2-choice")], "func lossChoice() string { return \"B\" }")

	j := (&grader{}).newJob(1, src, student)
	var ids []string
	for i, c := range j.nb.cells {
		id, _ := c["id"].(string)
		ids = append(ids, id)
		s, _ := sourceOf(c)
		switch id {
		case "ex1-check", "ex3b-check":
			if !j.origin[i].test || !strings.Contains(s, "HIDDEN TESTS") || !strings.Contains(s, "exercise.Grading(\""+j.nonces[i]+"\")") {
				t.Errorf("%s not restored from the source with its nonce:\n%s", id, s)
			}
		case "ex2-choice":
			if s != "func lossChoice() string { return \"B\" }" {
				t.Errorf("the student's answer was not kept: %q", s)
			}
		case "added":
			if j.origin[i].srcIndex != cellIndex(src, "ex1-huber") || !j.origin[i].added {
				t.Errorf("the added cell follows source cell %d", j.origin[i].srcIndex)
			}
			if got := (&grader{src: src}).cellName(j, i); got != "the cell you added after ex1-huber" {
				t.Errorf("cellName = %q", got)
			}
		}
	}
	if len(j.nb.cells) != len(src.cells)+2 || !j.origin[0].grader {
		t.Errorf("%d cells, want the grader's, the source's %d and the added one: %v", len(j.nb.cells), len(src.cells), ids)
	}
	if got := strings.Join(ids[cellIndex(src, "ex1-huber")+1:cellIndex(src, "ex1-huber")+4], " "); got != "ex1-huber added ex1-check" {
		t.Errorf("order %q", got)
	}
	details := restoredCells(src, student)
	if strings.Join(details, "; ") != "check cell ex1-check was edited: restored; check cell ex3b-check was missing: restored" {
		t.Errorf("details %q", details)
	}
}

func TestResultLines(t *testing.T) {
	good := `{"id":"a","title":"A","points":1,"max":2,"items":[{"ok":true,"points":1,"max":1,"msg":"x"},{"ok":false,"points":0,"max":1,"msg":"y"}]}`
	out := "Score: 1/2\n" + exercise.ResultPrefix + "n1:" + good + "\n" +
		exercise.ResultPrefix + "guess:" + good + "\n" +
		"  " + exercise.ResultPrefix + "n1:" + good + "\n" +
		exercise.ResultPrefix + "n1:{\"id\":\"a\",\"extra\":1}\n"
	recs, problems := resultLines(out, "n1")
	if len(recs) != 1 || recs[0].ID != "a" || !consistent(recs[0]) {
		t.Errorf("records %+v", recs)
	}
	if len(problems) != 3 {
		t.Errorf("problems %q, want 3 (wrong nonce, not at the start of a line, unknown field)", problems)
	}
	forged := *recs[0]
	forged.Points = 2
	if consistent(&forged) {
		t.Error("a result whose items do not add up passed")
	}
}

func TestCellProblem(t *testing.T) {
	cell := func(outs ...map[string]any) map[string]any {
		var l []any
		for _, o := range outs {
			l = append(l, o)
		}
		return map[string]any{"cell_type": "code", "outputs": l}
	}
	stderr := func(s string) map[string]any {
		return map[string]any{"output_type": "stream", "name": "stderr", "text": s}
	}
	for _, c := range []struct {
		cell    map[string]any
		timeout bool
		want    string
	}{
		{cell(), true, "ran longer than 30s"},
		{cell(stderr("fatal error: runtime: out of memory\n\ngoroutine 1")), false, "ran out of memory (the limit is 2 GiB)"},
		{cell(stderr("exit status 3\n")), false, "ended before this check reported (exit status 3): does your code call os.Exit"},
		{cell(stderr("main.go:12:3: undefined: huber\n")), false, "the code does not compile: undefined: huber"},
		{cell(), false, ""},
	} {
		if got := cellProblem(c.cell, c.timeout, 30*time.Second, 2<<30); !strings.Contains(got, c.want) || (c.want == "" && got != "") {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestSuspicious(t *testing.T) {
	j := &job{nb: &notebook{cells: []map[string]any{
		{"cell_type": "code", "source": "func f() { os.Exit(1) }\n!cat /etc/passwd\n%env X=1\n%%\nfmt.Println(\"lossnb-result:x\")"},
		{"cell_type": "code", "source": "%%\nos.Exit(0) // a test cell: not the student's"},
	}}, origin: map[int]cellOrigin{1: {test: true}}}
	got := strings.Join(suspicious(j), " | ")
	if got != "!cat /etc/passwd | %env | lossnb-result: | os.Exit" {
		t.Errorf("flags %q", got)
	}
}

func TestStudentNameAndHTML(t *testing.T) {
	for p, want := range map[string]string{
		"subs/alice.ipynb":                "alice",
		"subs/bob/01-key-idea.ipynb":      "bob",
		"subs/carol.txt":                  "carol.txt",
		"01-key-idea.ipynb":               "01-key-idea",
		"subs/dave/other-name.ipynb":      "other-name",
		"/abs/path/eve/01-key-idea.ipynb": "eve",
	} {
		if got := studentName(p, "coursework/source/01-key-idea.ipynb"); got != want {
			t.Errorf("studentName(%q) = %q, want %q", p, got, want)
		}
	}
	h := toHTML("# T\n\n**Score: 1/2** (graded)\n\n## E: 1/2\n\n- ✗ panicked: <script>alert(1)</script>\n")
	if strings.Contains(h, "<script>") || !strings.Contains(h, "&lt;script&gt;") || !strings.Contains(h, "<strong>Score: 1/2</strong>") {
		t.Errorf("html:\n%s", h)
	}
	if safeName("../x y") != "_.._x_y" && safeName("../x y") != "_x_y" {
		t.Errorf("safeName = %q", safeName("../x y"))
	}
}

// --- End to end ---------------------------------------------------------------------------

// hostile returns the submissions of the end-to-end test: file name → content, and
// what the gradebook must say about each.
type expectation struct {
	status   string
	score    int // -1: do not check
	minScore int
	feedback []string // in the student's feedback
	details  string   // in the gradebook's details
	flags    string   // in the gradebook's flags
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

func addCell(nb *notebook, after string, src string) {
	i := cellIndex(nb, after)
	c := map[string]any{"cell_type": "code", "id": fmt.Sprintf("added-%d", len(nb.cells)), "metadata": map[string]any{},
		"source": src, "outputs": []any{}, "execution_count": nil}
	nb.cells = append(nb.cells[:i+1], append([]map[string]any{c}, nb.cells[i+1:]...)...)
}

func hostileSubmissions(t *testing.T, marker string) (map[string][]byte, map[string]expectation) {
	files := map[string][]byte{}
	want := map[string]expectation{}
	perfect := map[string]string{"ex1-huber": goodHuber, "ex2-choice": `func lossChoice() string { return "c" }`,
		"ex3a-predict": "func maePrediction() float64 { return 5 }", "ex3b-fit": goodFit}

	files["perfect.ipynb"] = encodeNB(t, answerCells(t, perfect))
	want["perfect"] = expectation{status: statusOK, score: 22, feedback: []string{"**Score: 22/22** (graded)"}}

	files["blank.ipynb"] = encodeNB(t, release(t))
	want["blank"] = expectation{status: statusOK, score: 0, feedback: []string{"✗ no answer yet"}}

	files["partial.ipynb"] = encodeNB(t, answerCells(t, map[string]string{
		"ex1-huber":  strings.Replace(goodHuber, "return math.Max(-delta, math.Min(delta, r))", "return -math.Max(-delta, math.Min(delta, r))", 1),
		"ex2-choice": `func lossChoice() string { return "B" }`, "ex3a-predict": "func maePrediction() float64 { return 11.6 }",
		"ex3b-fit": "func maeFit(ys []float64) float64 { slices.Sort(ys); return ys[len(ys)/2] }"}))
	want["partial"] = expectation{status: statusOK, score: 3*2 + 0 + 0 + 2*3, feedback: []string{
		"the sign is flipped wherever it is wrong", "✗ not B. The absolute error ignores", "11.6 is the mean", "your fit changed its data"}}

	loop := answerCells(t, perfect)
	setSource(loop.cells[cellIndex(loop, "ex1-huber")], strings.Replace(goodHuber, "func huberGrad(r, delta float64) float64 {", "func huberGrad(r, delta float64) float64 {\n\tfor r > 1 {\n\t}", 1))
	addCell(loop, "ex3a-predict", "%%\nfor {\n}")
	files["endless-loop.ipynb"] = encodeNB(t, loop)
	want["endless-loop"] = expectation{status: statusTimeout, score: -1, minScore: 12, details: "the cell you added after ex3a-predict ran longer than 20s",
		feedback: []string{"your gradient did not return within 5s (an endless loop?) at residual = 1.25"}}

	pan := answerCells(t, perfect)
	setSource(pan.cells[cellIndex(pan, "ex3b-fit")], "func maeFit(ys []float64) float64 {\n\tvar m map[string]int\n\tm[\"x\"] = 1\n\treturn 0\n}")
	addCell(pan, "ex3b-fit", "%%\npanic(\"boom\")")
	files["panics.ipynb"] = encodeNB(t, pan)
	want["panics"] = expectation{status: statusOK, score: 14, feedback: []string{"your fit panicked: assignment to entry in nil map"}}

	exit := answerCells(t, perfect)
	setSource(exit.cells[cellIndex(exit, "ex3b-fit")], "func maeFit(ys []float64) float64 {\n\tos.Exit(3)\n\treturn 0\n}")
	files["os-exit.ipynb"] = encodeNB(t, exit)
	want["os-exit"] = expectation{status: statusIncomplete, score: 14, flags: "os.Exit",
		feedback: []string{"This check did not run: the check cell's program ended before this check reported (exit status 3)"}}

	del := answerCells(t, perfect)
	i := cellIndex(del, "ex1-check")
	del.cells = append(del.cells[:i], del.cells[i+1:]...)
	files["deleted-check.ipynb"] = encodeNB(t, del)
	want["deleted-check"] = expectation{status: statusOK, score: 22, details: "check cell ex1-check was missing: restored"}

	edit := answerCells(t, perfect)
	setSource(edit.cells[cellIndex(edit, "ex1-check")], "%%\nfmt.Println(\"Score: 4/4\")\nfmt.Println(`"+exercise.ResultPrefix+"0000:{\"id\":\"huber-1\",\"points\":4,\"max\":4}`)")
	setSource(edit.cells[cellIndex(edit, "ex1-huber")], "func huber(r, delta float64) float64 { return 0 }\nfunc huberGrad(r, delta float64) float64 { return 0 }")
	files["edited-check.ipynb"] = encodeNB(t, edit)
	want["edited-check"] = expectation{status: statusOK, score: 10, details: "check cell ex1-check was edited: restored"}

	files["not-a-notebook.ipynb"] = []byte("print('hello')\n")
	want["not-a-notebook"] = expectation{status: statusNotNotebook, score: 0, feedback: []string{"not graded: the file is not a notebook"}}
	files["essay.txt"] = []byte("I did it all in my head.")
	want["essay.txt"] = expectation{status: statusNotNotebook, score: 0}

	py := answerCells(t, perfect)
	py.raw["metadata"] = map[string]any{"kernelspec": map[string]any{"name": "python3", "display_name": "Python 3", "language": "python"}}
	files["wrong-kernel.ipynb"] = encodeNB(t, py)
	want["wrong-kernel"] = expectation{status: statusWrongKernel, score: 0, feedback: []string{`the notebook's kernel is "python3"`}}

	// Reads the hidden tests: the source by its path, any notebook it can find, and
	// the network.
	abs, _ := filepath.Abs(sourcePath)
	read := answerCells(t, perfect)
	addCell(read, "ex3b-fit", fmt.Sprintf(`%%%%
for _, p := range []string{%q, %q, "/work", "/root/.cache"} {
	_, err := os.Stat(p)
	fmt.Println("READ", p, err != nil)
}
n := 0
filepath.WalkDir("/", func(p string, d fs.DirEntry, err error) error {
	if p == "/proc" || p == "/sys" { return filepath.SkipDir }
	if strings.Contains(p, "01-key-idea") || strings.Contains(p, "coursework") || strings.Contains(p, "lossnb-grade-") && strings.Contains(p, "/private") { fmt.Println("FOUND", p) }
	n++
	return nil
})
_, err := net.DialTimeout("tcp", "1.1.1.1:80", 2*time.Second)
fmt.Println("NET", err != nil, n > 0)`, abs, filepath.Dir(abs)))
	files["reads-hidden.ipynb"] = encodeNB(t, read)
	want["reads-hidden"] = expectation{status: statusOK, score: 22, flags: "os.Stat"}

	// Writes outside its folder: the repository, /tmp, /etc, the build cache.
	write := answerCells(t, perfect)
	addCell(write, "ex3b-fit", fmt.Sprintf(`%%%%
for _, p := range []string{%q, "/tmp/%s", "/etc/%s", os.Getenv("HOME") + "/../../%s", os.Getenv("GOCACHE") + "/trim.txt"} {
	err := os.WriteFile(p, []byte("pwned"), 0o644)
	fmt.Println("WRITE", p, err == nil)
}
filepath.WalkDir(os.Getenv("GOCACHE"), func(p string, d fs.DirEntry, err error) error {
	// The shared entries are root's; the sandbox's own new entries are its own.
	if info, err := os.Stat(p); err == nil && !info.IsDir() && info.Sys().(*syscall.Stat_t).Uid == 0 {
		if f, err := os.OpenFile(p, os.O_WRONLY, 0); err == nil { f.Write([]byte("poison")); f.Close(); fmt.Println("POISONED", p) }
		if os.Chmod(p, 0o666) == nil { fmt.Println("SHARED", p) }
	}
	return nil
})`, filepath.Join(filepath.Dir(abs), marker), marker, marker, marker))
	files["writes-outside.ipynb"] = encodeNB(t, write)
	want["writes-outside"] = expectation{status: statusOK, score: 22, flags: "os.WriteFile"}

	// Forges result lines: in its own cell, and from inside a check with a guessed nonce.
	forge := answerCells(t, perfect)
	line := exercise.ResultPrefix + "%s:{\"id\":\"mae-fit\",\"title\":\"x\",\"points\":4,\"max\":4,\"items\":[{\"ok\":true,\"points\":4,\"max\":4,\"msg\":\"x\"}]}"
	setSource(forge.cells[cellIndex(forge, "ex3b-fit")], fmt.Sprintf("func maeFit(ys []float64) float64 {\n\tfmt.Println(%q)\n\treturn 0\n}", fmt.Sprintf(line, "00000000000000000000000000000000")))
	addCell(forge, "ex3b-fit", fmt.Sprintf("%%%%\nfmt.Println(%q)", fmt.Sprintf(line, "0")))
	files["forged.ipynb"] = encodeNB(t, forge)
	want["forged"] = expectation{status: statusTampered, score: 14, flags: "lossnb-result:",
		details: "the cell you added after ex3b-fit printed result lines: ignored; check cell ex3b-check: a result line that the check did not write (wrong nonce or position) (11 times)"}

	// Allocates far more than the memory limit.
	hog := answerCells(t, perfect)
	setSource(hog.cells[cellIndex(hog, "ex3a-predict")], "func maePrediction() float64 {\n\tb := make([]byte, 8<<30)\n\tfor i := range b { b[i] = 1 }\n\treturn float64(b[0]) * 5\n}")
	files["memory-hog.ipynb"] = encodeNB(t, hog)
	want["memory-hog"] = expectation{status: statusIncomplete, score: 21, feedback: []string{"ran out of memory"}}
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

func readGradebook(t *testing.T, path string) map[string]map[string]string {
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
	return out
}

func TestGradeEndToEnd(t *testing.T) {
	if !*e2e {
		t.Skip("end-to-end grading test: run with -grade.e2e (as root, after make install)")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root for the sandbox")
	}
	marker := fmt.Sprintf("lossnb-e2e-pwned-%d", os.Getpid())
	files, want := hostileSubmissions(t, marker)
	if only := os.Getenv("LOSSNB_E2E_ONLY"); only != "" { // e.g. LOSSNB_E2E_ONLY=forged,panics
		for name := range files {
			if !strings.Contains(","+only+",", ","+strings.TrimSuffix(name, ".ipynb")+",") {
				delete(files, name)
				delete(want, strings.TrimSuffix(name, ".ipynb"))
			}
		}
	}
	subDir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(subDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	courseDir := filepath.Dir(sourcePath)
	before, subsBefore := hashTree(t, courseDir), hashTree(t, subDir)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	start := time.Now()
	err := run([]string{"grade", "-source", sourcePath, "-out", out, "-cell-timeout", "20s", "-timeout", "100s", "-jobs", "2", subDir}, &stdout, &stderr)
	t.Logf("grading took %v\n%s%s", time.Since(start), stdout.String(), stderr.String())
	if err != nil {
		t.Fatal(err)
	}
	book := readGradebook(t, filepath.Join(out, "gradebook.csv"))
	for name, w := range want {
		row, ok := book[name]
		if !ok {
			t.Errorf("%s: not in the gradebook", name)
			continue
		}
		fb, _ := os.ReadFile(filepath.Join(out, "feedback", safeName(name)+".md"))
		score := 0
		fmt.Sscan(row["score"], &score)
		if row["status"] != w.status || (w.score >= 0 && score != w.score) || score < w.minScore {
			t.Errorf("%s: status %s, score %s; want %s, %d (details: %s)\n%s", name, row["status"], row["score"], w.status, w.score, row["details"], fb)
		}
		if !strings.Contains(row["details"], w.details) || !strings.Contains(row["flags"], w.flags) {
			t.Errorf("%s: details %q, flags %q; want %q, %q", name, row["details"], row["flags"], w.details, w.flags)
		}
		for _, s := range w.feedback {
			if !strings.Contains(string(fb), s) {
				t.Errorf("%s: feedback lacks %q:\n%s", name, s, fb)
			}
		}
		for _, bad := range []string{"goroutine ", ".go:", "BEGIN HIDDEN", "exercise.Check", "exercise.Grading", exercise.ResultPrefix} {
			if strings.Contains(string(fb), bad) {
				t.Errorf("%s: feedback contains %q:\n%s", name, bad, fb)
			}
		}
	}
	// What the hostile cells saw, in the instructor's executed copies.
	executed := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(out, "executed", name+".ipynb"))
		var nb struct {
			Cells []struct {
				Outputs []struct {
					Text any `json:"text"`
				} `json:"outputs"`
			} `json:"cells"`
		}
		json.Unmarshal(b, &nb)
		var s strings.Builder
		for _, c := range nb.Cells {
			for _, o := range c.Outputs {
				if src, err := sourceOf(map[string]any{"source": o.Text}); err == nil {
					s.WriteString(src)
				}
			}
		}
		return s.String()
	}
	if os.Getenv("LOSSNB_E2E_ONLY") != "" {
		for name := range want {
			fb, _ := os.ReadFile(filepath.Join(out, "feedback", safeName(name)+".md"))
			t.Logf("%s executed:\n%s\n%s feedback:\n%s", name, executed(name), name, fb)
		}
		return
	}
	rh := executed("reads-hidden")
	if strings.Count(rh, "READ") != 4 || strings.Count(rh, "READ") != strings.Count(rh, " true\nREAD")+1 {
		t.Errorf("reads-hidden saw the instructor's files, or did not run:\n%s", rh)
	}
	if strings.Contains(rh, "FOUND") || !strings.Contains(rh, "NET true true") {
		t.Errorf("reads-hidden found notebooks or reached the network:\n%s", rh)
	}
	wo := executed("writes-outside")
	if !strings.Contains(wo, "WRITE") || strings.Contains(wo, "POISONED") {
		t.Errorf("writes-outside did not run, or poisoned the build cache:\n%s", wo)
	}
	for _, p := range []string{filepath.Join(courseDir, marker), "/tmp/" + marker, "/etc/" + marker} {
		if _, err := os.Stat(p); err == nil {
			os.Remove(p)
			t.Errorf("a submission wrote %s", p)
		}
	}
	if hashTree(t, courseDir) != before {
		t.Error("grading changed the instructor's files")
	}
	if hashTree(t, subDir) != subsBefore {
		t.Error("grading changed the submissions")
	}
}

// TestGradeBenchmark grades -grade.bench generated submissions (a mix of right,
// partial and blank answers) and reports the wall time.
func TestGradeBenchmark(t *testing.T) {
	if *bench == 0 {
		t.Skip("benchmark: run with -grade.bench 30")
	}
	dir := t.TempDir()
	variants := []map[string]string{
		{"ex1-huber": goodHuber, "ex2-choice": `func lossChoice() string { return "C" }`, "ex3a-predict": "func maePrediction() float64 { return 5 }", "ex3b-fit": goodFit},
		{"ex1-huber": strings.Replace(goodHuber, "0.5 * r * r", "r * r", 1), "ex2-choice": `func lossChoice() string { return "B" }`, "ex3b-fit": goodFit},
		{"ex2-choice": `func lossChoice() string { return "A" }`, "ex3a-predict": "func maePrediction() float64 { return 11.6 }"},
		{},
	}
	for i := 0; i < *bench; i++ {
		nb := answerCells(t, variants[i%len(variants)])
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("student%02d.ipynb", i+1)), encodeNB(t, nb), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	start := time.Now()
	err := run([]string{"grade", "-source", sourcePath, "-out", out, dir}, &stdout, &stderr)
	wall := time.Since(start)
	t.Logf("%s%s", stdout.String(), stderr.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("BENCHMARK: %d submissions, wall %.1f s (solution run included), %.2f s per submission", *bench, wall.Seconds(), wall.Seconds()/float64(*bench))
}

// TestScore scores made-up executed notebooks: what the grader believes, and what not.
func TestScore(t *testing.T) {
	src := mustSource(t)
	g := &grader{src: src, o: gradeOptions{cellTimeout: 30 * time.Second, timeout: time.Minute, mem: 2 << 30}}
	fitCell := cellIndex(src, "ex3b-check")
	g.expected = []expectedCheck{{Cell: fitCell, ID: "mae-fit", Title: "fit", Max: 4}, {Cell: fitCell, ID: "mae-fit-hidden", Title: "fit, more", Max: 4}}
	result := func(nonce, id string, points int) string {
		items := []map[string]any{{"ok": points >= 2, "points": min(points, 2), "max": 2, "msg": "a"}, {"ok": points >= 3, "points": max(0, min(points-2, 1)), "max": 1, "msg": "b"}, {"ok": points == 4, "points": max(0, points-3), "max": 1, "msg": "c"}}
		b, _ := json.Marshal(map[string]any{"id": id, "title": id, "points": points, "max": 4, "items": items})
		return exercise.ResultPrefix + nonce + ":" + string(b) + "\n"
	}
	run := func(stdout func(nonce string) string, st runStatus) *submission {
		j := g.newJob(1, src, release(t))
		for i := range j.nb.cells {
			if j.origin[i].test && j.origin[i].srcIndex == fitCell && stdout(j.nonces[i]) != "" {
				j.nb.cells[i]["outputs"] = []any{map[string]any{"output_type": "stream", "name": "stdout", "text": stdout(j.nonces[i])}}
				j.nb.cells[i]["execution_count"] = 1.0
			}
		}
		s := &submission{Points: map[string]int{}, Missing: map[string]string{}, Results: make([]*exercise.Result, 2)}
		g.score(s, j, j.nb, &st)
		return s
	}
	s := run(func(n string) string { return result(n, "mae-fit", 3) + result(n, "mae-fit-hidden", 4) }, runStatus{State: "ok"})
	if s.Status != statusOK || s.Score != 7 {
		t.Errorf("genuine results: %s %d %v", s.Status, s.Score, s.Details)
	}
	s = run(func(n string) string { return result(n, "mae-fit", 3) }, runStatus{State: "ok"})
	if s.Status != statusIncomplete || s.Score != 3 || !strings.Contains(s.Missing["mae-fit-hidden"], "ended before this check reported") {
		t.Errorf("a missing result: %s %d %v", s.Status, s.Score, s.Missing)
	}
	for name, out := range map[string]func(string) string{
		"guessed nonce": func(n string) string { return result("0000", "mae-fit", 4) + result(n, "mae-fit", 1) },
		"duplicate":     func(n string) string { return result(n, "mae-fit", 1) + result(n, "mae-fit", 4) },
		"unknown id":    func(n string) string { return result(n, "huber-1", 4) + result(n, "mae-fit", 1) },
		"inflated": func(n string) string {
			return strings.Replace(result(n, "mae-fit", 1), `"points":1,"max":4`, `"points":4,"max":4`, 1) + result(n, "mae-fit", 1)
		},
	} {
		s := run(out, runStatus{State: "ok"})
		if s.Status != statusTampered || s.Points["mae-fit"] != 1 {
			t.Errorf("%s: %s, mae-fit %d (want tampered, the genuine 1): %v", name, s.Status, s.Points["mae-fit"], s.Details)
		}
	}
	skipped := fitCell + 1 // the executed notebook starts with the grader's setup cell
	s = run(func(string) string { return "" }, runStatus{State: "timeout", SkippedFrom: &skipped})
	if s.Status != statusTimeout || !strings.Contains(s.Missing["mae-fit"], "ran out of time") {
		t.Errorf("skipped: %s %v %v", s.Status, s.Missing, s.Details)
	}
}
