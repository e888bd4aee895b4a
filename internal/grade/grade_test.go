package grade

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/exercise/answers"
)

// TestAnswerFuncs: answer cells whose functions cannot cross the pipe are
// refused with the function named (a pointer, a func or an interface
// parameter would otherwise fail only when grading).
func TestAnswerFuncs(t *testing.T) {
	fs, err := AnswerFuncs("// huber returns ρ.\nfunc huber(r, delta float64) float64 {\n\treturn 0\n}\n\nfunc fit(ys []float64, w map[string][2]int) (c float64, ok bool) { return }\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].funcType() != "func(float64, float64) float64" || fs[1].funcType() != "func([]float64, map[string][2]int) (float64, bool)" {
		t.Errorf("funcs %+v", fs)
	}
	for src, want := range map[string]string{
		"func f(p *float64) float64 { return 0 }":              "line 1, f: its parameter of type *float64 cannot be sent",
		"func f(g func(float64) float64) float64 { return 0 }": "its parameter of type func(float64) float64",
		"func f() error { return nil }":                        "its result of type error",
		"func f(xs ...float64) float64 { return 0 }":           "is variadic",
		"func (s S) f() float64 { return 0 }":                  "a method cannot be an answer",
		"func f[T any](x T) T { return x }":                    "a generic function",
		"var x = 1\nfunc f() int { return x }":                 "an answer cell may declare only functions",
		"%%\nfmt.Println(1)":                                   "not run code",
		"func f( {":                                            "cannot read the cell as Go",
		"// nothing":                                           "at least one function",
	} {
		if _, err := AnswerFuncs(src); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
}

// TestStub: the checker's stub of an answer calls the student's function by
// name with its arguments (a stub that computed anything itself would fail).
func TestStub(t *testing.T) {
	got := stub(AnswerFunc{Name: "huber", Params: []string{"float64", "float64"}, Results: []string{"float64"}})
	want := "func huber(lossnbArg0 float64, lossnbArg1 float64) (lossnbOut0 float64) {\n\tlossnbanswers.Call(\"huber\", []any{lossnbArg0, lossnbArg1}, &lossnbOut0)\n\treturn\n}\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestReadCell: magics and shell lines are blanked, never kept as code; the
// %% body is apart from the declarations.
func TestReadCell(t *testing.T) {
	c := readCell("!rm -rf /\n%goflags -overlay=x\nfunc f() int { return 1 }\n%%\nfmt.Println(f())\n%env A=1")
	if c.err != nil || !c.hasMain || c.bodyAt != 5 {
		t.Fatalf("%+v", c)
	}
	if strings.Contains(c.decl, "rm -rf") || strings.Contains(c.decl, "overlay") || !strings.Contains(c.decl, "func f()") || strings.Contains(c.decl, "Println") {
		t.Errorf("decl %q", c.decl)
	}
	if strings.TrimSpace(c.body) != "fmt.Println(f())" {
		t.Errorf("body %q", c.body)
	}
	if strings.Join(c.magics, "|") != "!rm -rf /|%goflags -overlay=x|%env A=1" {
		t.Errorf("magics %q", c.magics)
	}
}

// TestDeclFiles: a name declared again in a later cell replaces the earlier
// declaration, as in GoNB; func main is left out; line numbers are kept.
func TestDeclFiles(t *testing.T) {
	cells := map[int]*goCell{
		0: readCell("import \"math\"\n\n// f is old.\nfunc f() float64 { return math.Pi }\nvar keep = 1"),
		3: readCell("func f() float64 { return 2 }\nfunc main() {}"),
	}
	files := declFiles("cell", cells, nil)
	if len(files) != 2 {
		t.Fatalf("%d files", len(files))
	}
	if strings.Contains(files[0].text, "f is old") || strings.Contains(files[0].text, "math.Pi") || !strings.Contains(files[0].text, "var keep = 1") {
		t.Errorf("first cell:\n%s", files[0].text)
	}
	if !strings.Contains(files[1].text, "\t\"math\"\n") || strings.Contains(files[1].text, "func main") || !strings.Contains(files[1].text, "//line cell3.go:1\nfunc f() float64 { return 2 }") {
		t.Errorf("second cell (every cell gets every import):\n%s", files[1].text)
	}
}

func TestMerge(t *testing.T) {
	code := func(id, src string, m Meta) Cell { return Cell{Type: "code", ID: id, Source: src, Meta: m} }
	src := &Notebook{Cells: []Cell{
		code("setup", "import \"math\"", Meta{GradeID: "setup", Locked: true}),
		code("a", "func f() float64 { return 1 }", Meta{GradeID: "ex1", Solution: true}),
		code("c", "%%\ncheck(f)\n// ### BEGIN HIDDEN TESTS\nhidden(f)\n// ### END HIDDEN TESTS", Meta{GradeID: "ex1-check", Grade: true, Locked: true}),
		code("d", "%%\nmore()", Meta{GradeID: "ex2-check", Grade: true, Locked: true}),
	}}
	student := &Notebook{Cells: []Cell{
		code("setup", "import \"os\"", Meta{GradeID: "setup", Locked: true}),
		code("a", "func f() float64 { return 2 }", Meta{GradeID: "ex1", Solution: true}),
		code("x", "func helper() {}", Meta{}),
		code("c", "%%\nfmt.Println(\"Score: 4/4\")", Meta{GradeID: "ex1-check", Grade: true, Locked: true}),
	}}
	rel := func(c Cell) (string, error) {
		return strings.Split(c.Source, "\n// ### BEGIN")[0], nil
	}
	m := merge(src, student, rel)
	var got []string
	for _, p := range m {
		got = append(got, strings.Split(p.cell.Source, "\n")[0])
	}
	want := `import "math"|func f() float64 { return 2 }|func helper() {}|%%|%%`
	if strings.Join(got, "|") != want || m[3].cell.Source != src.Cells[2].Source || m[4].cell.Source != src.Cells[3].Source {
		t.Errorf("merged %q, want %q: the locked setup and the checks (hidden tests too) from the source, the answer and the added cell the student's", got, want)
	}
	if !m[2].added || placedName(src, m[2]) != "the cell you added after ex1" {
		t.Errorf("added cell: %+v %q", m[2], placedName(src, m[2]))
	}
	if r := strings.Join(restored(src, student, rel), "; "); r != "check cell ex1-check was edited: restored from the assignment; check cell ex2-check was missing: restored from the assignment" {
		t.Errorf("restored %q", r)
	}
	// A cell lossnb update kept below the course's new version is the student's old copy,
	// not an added cell: compiling it would clash with the cell above (would catch a
	// grader that fails a student for updating the course).
	kept := code("x-yours", "func helper() {}", Meta{})
	kept.Raw = map[string]any{"metadata": map[string]any{"lossnb": map[string]any{"kept": "your version of the cell above"}}}
	withKept := &Notebook{Cells: append(append([]Cell{}, student.Cells[:3]...), kept, student.Cells[3])}
	if n := len(merge(src, withKept, rel)); n != len(m) {
		t.Errorf("a kept cell changed the merged program: %d cells, want %d", n, len(m))
	}
	// An answer cell deleted, or turned into text, is graded as released,
	// never as the source's solution (which would score full marks).
	src.Cells[1].Source = "func f() float64 {\n// ### BEGIN SOLUTION\nreturn 1\n// ### END SOLUTION\n}"
	for _, cells := range [][]Cell{{student.Cells[0]}, {student.Cells[0], {Type: "markdown", ID: "a", Source: "func f", Meta: Meta{GradeID: "ex1", Solution: true}}}} {
		m := merge(src, &Notebook{Cells: cells}, rel)
		if m[1].cell.Source != "func f() float64 {" || !m[1].student {
			t.Errorf("a missing answer cell is graded as %q", m[1].cell.Source)
		}
	}
}

// TestNames: every student gets a distinct, stable feedback file; names are
// quoted on the console and neutralised in the CSV.
func TestNames(t *testing.T) {
	seen := map[string]string{}
	for _, n := range []string{"alice", "学生", "ученик", "", strings.Repeat("n", 251), "a b", "a_b", ".hidden", "-rf", "dup [1a2b3c4d]"} {
		f := fileName(n)
		if other, dup := seen[f]; dup {
			t.Errorf("%q and %q share %q", n, other, f)
		}
		seen[f] = n
		if len(f) > 80 || strings.ContainsAny(f, "/\x00 ") || strings.HasPrefix(f, ".") || strings.HasPrefix(f, "-") || f != fileName(n) {
			t.Errorf("fileName(%q) = %q", n, f)
		}
	}
	if fileName("alice") != "alice" {
		t.Errorf("a plain name changed: %q", fileName("alice"))
	}
	if d := display("evil\n  fake 22/22\x1b[2J"); strings.ContainsAny(d, "\n\x1b") {
		t.Errorf("display %q", d)
	}
	for in, want := range map[string]string{"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "bob": "bob", "": ""} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
	dir := t.TempDir()
	for _, p := range []string{"dup.ipynb", "dup/01.ipynb", "x/y/bob.ipynb"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte("{}"), 0o644)
	}
	src := filepath.Join(dir, "01.ipynb")
	os.WriteFile(src, []byte("{}"), 0o644)
	os.Symlink(src, filepath.Join(dir, "link.ipynb"))
	other := t.TempDir()
	os.Symlink(src, filepath.Join(other, "arg.ipynb"))
	// The folder's link is also given as an argument: one row for it.
	ins, err := collect([]string{dir, filepath.Join(other, "arg.ipynb"), filepath.Join(dir, "link.ipynb")}, src)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, in := range ins {
		rows = append(rows, in.student+"="+in.refused)
	}
	joined := strings.Join(rows, "\n")
	for _, want := range []string{"bob=\n", "dup [", "=the instructor's source itself: refused", "link=a symbolic link: refused, never followed", "arg=a symbolic link"} {
		if !strings.Contains(joined+"\n", want) {
			t.Errorf("rows lack %q:\n%s", want, joined)
		}
	}
	if strings.Count(joined, "\n") != 5 {
		t.Errorf("want 6 rows:\n%s", joined)
	}
}

// TestFlags: what matters is flagged, once, even under an alias or without an
// import; reading the environment is not.
func TestFlags(t *testing.T) {
	c := readCell("import o \"os\"\nimport \"syscall\"\n//go:linkname x runtime.x\nvar v = o.Getenv(\"A\")\nvar w = func() int { o.ReadFile(\"/etc\"); syscall.Kill(1, 9); os.Exit(1); return 0 }()\n!ls\n%env A=1")
	got := strings.Join(dedupe(flagsOf(c)), "; ")
	for _, want := range []string{`shell command "!ls" (not run)`, "%env (not run)", `import "syscall"`, "os.ReadFile", "syscall.Kill", "os.Exit", "//go:linkname", "a package-level var that runs code"} {
		if !strings.Contains(got, want) {
			t.Errorf("flags %q lack %q", got, want)
		}
	}
	if strings.Contains(got, "Getenv") {
		t.Errorf("flags %q include os.Getenv", got)
	}
	if n := inputNotes(readCell("%with_password\n%%\nx()"), "cell 3"); !strings.Contains(n, "the notebook asks for input (%with_password)") {
		t.Errorf("input note %q", n)
	}
}

// TestScoreAndFeedback scores made-up checker reports: the points are the
// checker's, a missing check says why, and the HTML escapes what a
// student's value or panic put in a message.
func TestScoreAndFeedback(t *testing.T) {
	src := &Notebook{Cells: []Cell{{Type: "code", Meta: Meta{GradeID: "c1", Grade: true}}, {Type: "code", Meta: Meta{GradeID: "c2", Grade: true}}}}
	g := &grader{src: src, o: Options{Source: "s/01.ipynb", Timeout: 1}, expected: []expected{{cell: 0, ID: "a", Title: "A", Max: 2}, {cell: 0, ID: "b", Title: "B", Max: 1}, {cell: 1, ID: "c", Title: "C", Max: 1}}}
	res := func(id string, p, m int, msg string) *exercise.Result {
		return &exercise.Result{ID: id, Title: id, Points: p, Max: m, Items: []exercise.Item{{OK: p == m, Points: p, Max: m, Msg: msg}}}
	}
	s := &submission{input: input{student: "<b>x</b>"}, Points: map[string]int{}, Missing: map[string]string{}, Results: make([]*exercise.Result, 3)}
	g.score(s, []answers.CellReport{{ID: "c1", Results: []*exercise.Result{res("a", 1, 2, "your loss panicked: <script>alert(1)</script>")},
		Problem: "the check cell ran longer than 30s and was stopped (an endless loop in your code?)"}})
	if s.Score != 1 || s.Status != StatusTimeout || !strings.Contains(s.Missing["b"], "ran longer than 30s") || !strings.Contains(s.Missing["c"], "did not run") {
		t.Errorf("%+v", s)
	}
	var b bytes.Buffer
	if err := htmlFeedback.Execute(&b, g.view(s)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>") || strings.Contains(b.String(), "<b>x") || !strings.Contains(b.String(), "&lt;script&gt;") || !strings.Contains(b.String(), "<strong>Score: 1/4</strong>") {
		t.Errorf("html:\n%s", b.String())
	}
	b.Reset()
	mdFeedback.Execute(&b, g.view(s))
	if !strings.Contains(b.String(), "## A: 1/2\n\n- ✗ your loss panicked") || !strings.Contains(b.String(), "This check did not run: the check cell ran longer than 30s") {
		t.Errorf("md:\n%s", b.String())
	}
}

// TestCheckSettings: literal settings an instructor gets wrong are refused
// when the release is made, with the line and the field named; right ones
// (the course's own cells) pass.
func TestCheckSettings(t *testing.T) {
	ok := "%%\nexercise.CheckFit(\"f\", \"F\", fit, loss.Absolute{}, [][]float64{{1, 2}}, &exercise.Options{Tol: 1e-6})\n" +
		"exercise.CheckChoice(\"c\", \"C\", ans, exercise.Choice{Options: []string{\"A\", \"B\"}, Key: \"b.\"})"
	if err := CheckSettings(ok); err != nil {
		t.Errorf("right settings refused: %v", err)
	}
	for src, want := range map[string]string{
		"%%\nexercise.CheckRegressionLoss(\"a\", \"A\", v, g, loss.Huber{}, &exercise.Options{Points: []float64{}})": "line 2: exercise.CheckRegressionLoss: Options.Points is empty",
		"// a check\n%%\nx := 1\nexercise.CheckFunc(\"a\", \"A\", f, nil, &exercise.Options{Tol: -1})":               "line 4: exercise.CheckFunc: want is nil",
		"%%\nexercise.CheckFunc(\"a\", \"A\", f, g, &exercise.Options{FDTol: -1e-3})":                                "Options.FDTol is negative",
		"%%\nexercise.CheckFunc(\"a\", \"A\", f, g, &exercise.Options{Points: []float64{0, math.NaN()}})":            "Options.Points[1] is not a finite number",
		"%%\nexercise.CheckFit(\"a\", \"A\", f, loss.L2{}, [][]float64{}, nil)":                                      "datasets is empty",
		"%%\nexercise.CheckFit(\"a\", \"A\", f, loss.L2{}, [][]float64{{1}, {}}, nil)":                               "datasets[1] is empty",
		"%%\nexercise.CheckFit(\"a\", \"A\", f, nil, [][]float64{{1, math.Inf(1)}}, nil)":                            "datasets[0][1] is not a finite number",
		"%%\nexercise.CheckMinimizer(\"a\", \"A\", f, []float64{}, loss.L2{})":                                       "ys is empty",
		"%%\nexercise.CheckChoice(\"a\", \"A\", f, exercise.Choice{Key: \"A\"})":                                     "Choice.Options is empty",
		"%%\nexercise.CheckChoice(\"a\", \"A\", f, exercise.Choice{Options: []string{\"A\", \"B\"}, Key: \"E\"})":    `Choice.Key = "E" is not one of Choice.Options (A, B)`,
	} {
		if err := CheckSettings(src); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
}

// TestSandboxRefuses: when bubblewrap cannot start (here a bwrap that fails
// as it does in a container without user namespaces), auto stops with what
// to do, instead of grading without a sandbox or stopping with a bare
// "unshare failed".
func TestSandboxRefuses(t *testing.T) {
	dir := t.TempDir()
	os.Chmod(filepath.Dir(dir), 0o755) // as root, the probe runs under a sandbox uid
	os.Chmod(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "bwrap"), []byte("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n"), 0o755)
	os.Symlink("/usr/bin/prlimit", filepath.Join(dir, "prlimit"))
	t.Setenv("PATH", dir)
	_, err := newSandbox("auto")
	for _, want := range []string{"cannot start here", "No permissions to create new namespace", "seccomp=unconfined", "-isolation none", "can read your files"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := newSandbox("sandbox"); err == nil || !strings.Contains(err.Error(), "needs bwrap") {
		t.Errorf("no bwrap: %v", err)
	}
	s, err := newSandbox("none")
	if err != nil || !strings.Contains(s.header, "NONE") || !strings.Contains(s.header, "Trusted work only") {
		t.Errorf("none: %v %+v", err, s)
	}
}

// TestNoAnswers: a submission is blank only when no answer was filled in
// compared with the release. It would catch a rule that calls a filled-in
// answer blank (an answer cell changed, an answer declared in an added or a
// try-it cell, a cell that does not read as Go), and one that misses a blank
// hand-in (a reformatted stub, a deleted answer cell, a changed slider, a
// helper).
func TestNoAnswers(t *testing.T) {
	code := func(id, src string, m Meta) Cell { return Cell{Type: "code", ID: id, Source: src, Meta: m} }
	src := &Notebook{Cells: []Cell{
		code("setup", "import \"math\"", Meta{GradeID: "setup", Locked: true}),
		code("a", "func huber(r, d float64) float64 {\n\t// ### BEGIN SOLUTION\n\treturn math.Abs(r)\n\t// ### END SOLUTION\n}", Meta{GradeID: "ex1", Solution: true}),
		code("try", "%%\nalpha := 2.0\nshow(alpha)", Meta{}),
		code("c", "%%\ncheck(huber)", Meta{GradeID: "ex1-check", Grade: true, Locked: true}),
	}}
	rel := func(c Cell) (string, error) {
		if c.Meta.Solution {
			return "func huber(r, d float64) float64 {\n\tpanic(\"not implemented\")\n}", nil
		}
		return c.Source, nil
	}
	stub, _ := rel(src.Cells[1])
	names := map[string]bool{"huber": true}
	release := func() *Notebook {
		nb := &Notebook{}
		for _, c := range src.Cells {
			s, _ := rel(c)
			c.Source = s
			nb.Cells = append(nb.Cells, c)
		}
		return nb
	}
	for _, tc := range []struct {
		name  string
		edit  func(nb *Notebook)
		blank bool
	}{
		{"the release as handed out", func(nb *Notebook) {}, true},
		{"the stub with trailing spaces, CRLF and blank lines", func(nb *Notebook) {
			nb.Cells[1].Source = "\n" + strings.ReplaceAll(stub, "\n", "  \r\n") + "\n\n"
		}, true},
		{"the answer cell deleted", func(nb *Notebook) { nb.Cells = append(nb.Cells[:1], nb.Cells[2:]...) }, true},
		{"a slider value changed in a try-it cell", func(nb *Notebook) { nb.Cells[2].Source = "%%\nalpha := 5.0\nshow(alpha)" }, true},
		{"a helper added", func(nb *Notebook) {
			nb.Cells = append(nb.Cells, code("x", "func helper() float64 { return 1 }\n%%\nfmt.Println(helper())", Meta{}))
		}, true},
		{"the check cell edited (restored from the source)", func(nb *Notebook) { nb.Cells[3].Source = "%%\nfmt.Println(\"4/4\")" }, true},
		{"the answer filled in", func(nb *Notebook) { nb.Cells[1].Source = "func huber(r, d float64) float64 { return 0 }" }, false},
		{"the answer cell changed, its function misspelt", func(nb *Notebook) { nb.Cells[1].Source = "func hubr(r, d float64) float64 { return 0 }" }, false},
		{"the answer declared in an added cell", func(nb *Notebook) {
			nb.Cells = append(nb.Cells, code("x", "func huber(r, d float64) float64 { return r * r / 2 }", Meta{}))
		}, false},
		{"the answer declared in the try-it cell", func(nb *Notebook) {
			nb.Cells[2].Source = "func huber(r, d float64) float64 { return 1 }\n%%\nshow(2.0)"
		}, false},
		{"an added cell that does not read as Go", func(nb *Notebook) {
			nb.Cells = append(nb.Cells, code("x", "func huber(r, d float64) float64 {", Meta{}))
		}, false},
	} {
		nb := release()
		tc.edit(nb)
		merged := merge(src, nb, rel)
		if got := noAnswers(src, merged, map[int]*goCell{}, rel, names); got != tc.blank {
			t.Errorf("%s: blank = %v, want %v", tc.name, got, tc.blank)
		}
	}
}

// TestBlankStatus: a blank submission whose checks all reported gets the
// status blank and a note, not ok (the old gradebook said ok); one whose
// checks did not all report keeps the status that says so.
func TestBlankStatus(t *testing.T) {
	src := &Notebook{Cells: []Cell{{Type: "code", Meta: Meta{GradeID: "c1", Grade: true}}}}
	g := &grader{src: src, o: Options{Source: "s/01.ipynb", Timeout: 1}, expected: []expected{{cell: 0, ID: "a", Title: "A", Max: 2}}}
	reports := []answers.CellReport{{ID: "c1", Results: []*exercise.Result{{ID: "a", Title: "A", Points: 0, Max: 2}}}}
	for _, tc := range []struct {
		blank   bool
		reports []answers.CellReport
		status  string
	}{{true, reports, StatusBlank}, {false, reports, StatusOK}, {true, nil, StatusIncomplete}} {
		s := &submission{Points: map[string]int{}, Missing: map[string]string{}, Results: make([]*exercise.Result, 1), blank: tc.blank}
		g.score(s, tc.reports)
		if s.Status != tc.status || tc.blank != strings.Contains(strings.Join(s.Notes, "; "), "no answer was filled in") {
			t.Errorf("blank %v: status %s, notes %q; want %s", tc.blank, s.Status, s.Notes, tc.status)
		}
		if statusWords[s.Status] == "" || !slices.Contains(statusOrder, s.Status) {
			t.Errorf("status %s has no words for the student or no place in the summary", s.Status)
		}
	}
}

// TestGradebookHeader: each check's column shows its maximum ("huber-1
// (/4)"), checks worth nothing get no column, and a header a spreadsheet
// would run is neutralised (the old header was the bare id).
func TestGradebookHeader(t *testing.T) {
	out := t.TempDir()
	g := &grader{src: &Notebook{}, o: Options{Source: "s/01.ipynb", Out: out, Format: "md"},
		expected: []expected{{ID: "huber-1", Title: "H", Max: 4}, {ID: "practice", Title: "P", Max: 0}, {ID: "=cmd()", Title: "E", Max: 1}}}
	s := &submission{input: input{student: "alice", path: "alice.ipynb"}, Status: StatusOK, Points: map[string]int{"huber-1": 3, "=cmd()": 1}, Score: 4,
		Missing: map[string]string{}, Results: make([]*exercise.Result, 3), Seconds: 1.5}
	if err := g.write([]*submission{s}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(out, "gradebook.csv"))
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("gradebook %q: %v", data, err)
	}
	want := "student|file|status|score|max|huber-1 (/4)|'=cmd() (/1)|seconds|feedback|flags|details"
	if got := strings.Join(rows[0], "|"); got != want {
		t.Errorf("header %q, want %q", got, want)
	}
	if got := strings.Join(rows[1][:8], "|"); got != "alice|alice.ipynb|ok|4|5|3|1|1.5" {
		t.Errorf("row %q", got)
	}
}

// TestSummary: the time per submission is the submissions' own time over
// their number; the checker's build and the solutions' run are given apart,
// never spread over the submissions (before, 2 submissions graded in 4 s
// after 10 s of preparation read "7.00 s each").
func TestSummary(t *testing.T) {
	subs := []*submission{{Status: StatusOK}, {Status: StatusBlank}}
	got := summary(subs, 4*time.Second, 2, 10)
	for _, want := range []string{"graded 2 submissions in 4.0 s (2.00 s each, 2 at a time;", "solutions' run took 10.0 s", ": 1 ok, 1 blank"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary %q lacks %q", got, want)
		}
	}
}
