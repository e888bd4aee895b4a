package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// idCell is a source cell with a fixed id, so that versions of a notebook can add
// and remove cells and keep the others' ids, as JupyterLab does.
type idCell struct {
	id, kind, grade string // grade: "" (plain), "answer" or "test"
	source          string
}

// courseVersion returns the student release of a source notebook made of cells.
func courseVersion(t *testing.T, cells ...idCell) []byte {
	t.Helper()
	var list []any
	for _, c := range cells {
		m := cellMap(c.id, c.kind, c.source)
		switch c.grade {
		case "answer":
			m["metadata"] = nbgraderMD(c.id, true, false)
		case "test":
			m["metadata"] = nbgraderMD(c.id, false, true)
		}
		if m["cell_type"] == "code" {
			m["outputs"], m["execution_count"] = []any{}, nil
		}
		list = append(list, m)
	}
	rel, err := releaseOf(t, notebookJSON(t, "gonb", list)).encode() // the encoding is canonical: the release's bytes
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

const (
	answerV1     = "func huber(r, delta float64) float64 {\n\t// ### BEGIN SOLUTION\n\treturn r\n\t// ### END SOLUTION\n}"
	answerV2     = "func huber(r, delta float64) float64 { // delta > 0\n\t// ### BEGIN SOLUTION\n\treturn r\n\t// ### END SOLUTION\n}"
	choiceV1     = "func choice() string {\n\t// ### BEGIN SOLUTION\n\treturn \"A\"\n\t// ### END SOLUTION\n}"
	choiceV2     = "// choice returns A, B or C.\nfunc choice() string {\n\t// ### BEGIN SOLUTION\n\treturn \"A\"\n\t// ### END SOLUTION\n}"
	studentHuber = "func huber(r, delta float64) float64 {\n\tif r < 0 {\n\t\tr = -r\n\t}\n\treturn 0.5 * r * r // my answer\n}"
)

// Version 1 and 2 of a course notebook: v2 rewrites the intro (which the student
// leaves alone), the demo (which the student also edits), the starting code of the
// huber exercise (which the student answers) and of the choice exercise (which the
// student does not touch); it adds a cell and removes one.
func courseV1(t *testing.T) []byte {
	return courseVersion(t,
		idCell{id: "intro", kind: "markdown", source: "# Title\n\nIntro, version 1."},
		idCell{id: "demo", source: "lesson.Demo(1)"},
		idCell{id: "old", kind: "markdown", source: "A paragraph version 2 drops."},
		idCell{id: "ex1-huber", grade: "answer", source: answerV1},
		idCell{id: "ex1-check", grade: "test", source: "%%\ncheck(huber)"},
		idCell{id: "ex2-choice", grade: "answer", source: choiceV1},
	)
}

func courseV2(t *testing.T) []byte {
	return courseVersion(t,
		idCell{id: "intro", kind: "markdown", source: "# Title\n\nIntro, version 2."},
		idCell{id: "demo", source: "lesson.Demo(2)"},
		idCell{id: "ex1-huber", grade: "answer", source: answerV2},
		idCell{id: "ex1-check", grade: "test", source: "%%\ncheck(huber)"},
		idCell{id: "new", kind: "markdown", source: "A new hint in version 2."},
		idCell{id: "ex2-choice", grade: "answer", source: choiceV2},
	)
}

func mustRead(t *testing.T, name string, data []byte) *notebook {
	t.Helper()
	nb, err := readNotebook(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// byKey finds a cell by grade_id or id.
func byKey(nb *notebook, id string) (int, map[string]any) {
	for i, c := range nb.cells {
		if k := cellKey(c); k == "g:"+id || k == "i:"+id {
			return i, c
		}
	}
	return -1, nil
}

func src(c map[string]any) string { s, _ := sourceOf(c); return s }

// studentCopy is v1 as a student leaves it: the huber answer written, the demo
// edited and run, a cell of their own added after the demo.
func studentCopy(t *testing.T, v1 []byte) *notebook {
	nb := mustRead(t, "mine", v1)
	_, h := byKey(nb, "ex1-huber")
	setSource(h, studentHuber)
	_, d := byKey(nb, "demo")
	setSource(d, "lesson.Demo(5) // my try")
	d["outputs"] = []any{map[string]any{"output_type": "stream", "name": "stdout", "text": "5\n"}}
	d["execution_count"] = 4.0
	i, _ := byKey(nb, "demo")
	own := map[string]any{"cell_type": "code", "id": "mine1", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil}
	setSource(own, "fmt.Println(\"my own cell\")")
	nb.cells = append(nb.cells[:i+1], append([]map[string]any{own}, nb.cells[i+1:]...)...)
	return nb
}

// TestMergeKeepsStudentWork catches an update that loses a student's answer, edit or
// added cell, that leaves course changes out of cells the student did not touch, or
// that brings back a removed cell.
func TestMergeKeepsStudentWork(t *testing.T) {
	mine := studentCopy(t, courseV1(t))
	theirs := mustRead(t, "course", courseV2(t))
	merged, notes := mergeNotebook(mine, theirs, "T")
	t.Logf("notes:\n%s", strings.Join(notes, "\n"))

	var order []string
	for _, c := range merged.cells {
		id, _ := c["id"].(string)
		order = append(order, id)
	}
	want := []string{"intro", "demo", "demo-yours", "mine1", "ex1-huber", "ex1-huber-new-start", "ex1-check", "new", "ex2-choice"}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Fatalf("cells %v, want %v", order, want)
	}
	get := func(id string) map[string]any { _, c := byKey(merged, id); return c }
	if s := src(get("intro")); !strings.Contains(s, "version 2") {
		t.Errorf("an intro the student did not touch was not updated: %q", s)
	}
	if s := src(get("demo")); s != "lesson.Demo(2)" {
		t.Errorf("the course's new demo: %q", s)
	}
	if s := src(get("demo-yours")); !strings.Contains(s, "lesson.Demo(5) // my try") || !strings.Contains(s, "YOUR version") {
		t.Errorf("the student's demo was not kept below the course's, marked: %q", s)
	}
	if _, ok := metaOf(get("demo-yours")); ok {
		t.Error("the kept cell carries nbgrader metadata (a duplicate grade id)")
	}
	if s := src(get("mine1")); s != "fmt.Println(\"my own cell\")" {
		t.Errorf("the student's own cell: %q", s)
	}
	if s := src(get("ex1-huber")); s != studentHuber {
		t.Errorf("the student's answer was changed: %q", s)
	}
	if m, _ := metaOf(get("ex1-huber")); !m.Solution || m.GradeID != "ex1-huber" {
		t.Errorf("the answer cell lost its nbgrader metadata: %+v", m)
	}
	if c := get("ex1-huber-new-start"); c["cell_type"] != "markdown" || !strings.Contains(src(c), "// delta > 0") {
		t.Errorf("no markdown note with the new starting code: %v", c)
	}
	if s := src(get("ex2-choice")); !strings.Contains(s, "// choice returns A, B or C.") {
		t.Errorf("an answer cell the student did not touch did not get the new starting code: %q", s)
	}
	if s, _ := stampOf(merged); s.SHA256 != mustStamp(theirs).SHA256 {
		t.Error("the merged copy does not carry the new release's stamp")
	}
	for _, n := range []string{"cell 2: you and the course both changed", "cell 5 (ex1-huber): kept your answer", "removed a cell the course removed (old", "cell 8: new in the course"} {
		if !strings.Contains(strings.Join(notes, "\n"), n) {
			t.Errorf("no note %q", n)
		}
	}
	// Merging again changes nothing: the copy is now of the new release.
	if outOfDate(merged, theirs) {
		t.Error("the merged copy is still out of date")
	}
}

// TestMergeEditedCellTheCourseRemoved catches an update that drops a cell the
// student edited because the course removed it.
func TestMergeEditedCellTheCourseRemoved(t *testing.T) {
	mine := mustRead(t, "mine", courseV1(t))
	_, old := byKey(mine, "old")
	setSource(old, "My notes on this paragraph.")
	merged, notes := mergeNotebook(mine, mustRead(t, "course", courseV2(t)), "T")
	if _, c := byKey(merged, "old"); c == nil || src(c) != "My notes on this paragraph." {
		t.Fatalf("the student's edited cell is gone; notes %q", notes)
	}
}

// TestMergeWithoutStamp: a copy made before releases carried stamps. Every cell that
// differs is kept (answers) or kept side by side (other cells); nothing is lost.
func TestMergeWithoutStamp(t *testing.T) {
	mine := studentCopy(t, courseV1(t))
	delete(mine.metadata(), stampKey)
	merged, notes := mergeNotebook(mine, mustRead(t, "course", courseV2(t)), "T")
	t.Log(strings.Join(notes, "\n"))
	all := ""
	for _, c := range merged.cells {
		all += src(c) + "\n"
	}
	for _, s := range []string{studentHuber, "lesson.Demo(5) // my try", "my own cell", "Intro, version 2.", "Intro, version 1.", "A paragraph version 2 drops."} {
		if !strings.Contains(all, s) {
			t.Errorf("the merged copy lost %q", s)
		}
	}
}

// TestAssignRefusesEditedRelease catches assign overwriting a release a student (or
// anyone) edited, and assign refusing overwrites that lose nothing.
func TestAssignRefusesEditedRelease(t *testing.T) {
	dir := t.TempDir()
	source := filepath.Join(t.TempDir(), "01-x.ipynb")
	v1 := courseV1(t) // a release is itself a valid source: releasing it again gives it back
	os.WriteFile(source, v1, 0o644)
	assignOut := func(extra ...string) (string, error) {
		var out, errb strings.Builder
		err := run(append(append([]string{"assign", "-out", dir}, extra...), source), &out, &errb)
		return out.String() + errb.String(), err
	}
	if _, err := assignOut(); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "01-x.ipynb")
	// Releasing again over an intact release is fine.
	if _, err := assignOut(); err != nil {
		t.Fatalf("assign refused to overwrite its own release: %v", err)
	}
	// A student writes an answer in the release itself.
	nb := studentCopy(t, readFile(t, dst))
	edited, _ := nb.encode()
	os.WriteFile(dst, edited, 0o644)
	_, err := assignOut()
	if err == nil {
		t.Fatal("assign overwrote an edited release")
	}
	for _, want := range []string{dst + " was edited after assign wrote it", "edited cell 2, cell 5 (ex1-huber)", "added cell 3", "outputs saved in 1 cell", "-force (make release FORCE=1)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %q:\n%v", want, err)
		}
	}
	if string(readFile(t, dst)) != string(edited) {
		t.Fatal("the refused release was changed")
	}
	out, err := assignOut("-force")
	if err != nil || !strings.Contains(out, "overwriting") || string(readFile(t, dst)) != string(v1) {
		t.Fatalf("assign -force: %v\n%s", err, out)
	}
	// A release by an older assign (no stamp) of the same source is overwritten.
	rel := mustRead(t, "rel", v1)
	plain, _ := unstamped(rel)
	os.WriteFile(dst, plain, 0o644)
	if _, err := assignOut(); err != nil || string(readFile(t, dst)) != string(v1) {
		t.Fatalf("assign refused to replace an unstamped copy of the same release: %v", err)
	}
	// An intact release of an older source is overwritten by the new one.
	os.WriteFile(source, courseV2(t), 0o644)
	if _, err := assignOut(); err != nil {
		t.Fatalf("assign refused to replace an intact older release: %v", err)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAssignVerify catches a release check that writes anything, misses a difference,
// or suggests a command that would destroy an edited notebook.
func TestAssignVerify(t *testing.T) {
	dir, srcDir := t.TempDir(), t.TempDir()
	for _, n := range []string{"01-a.ipynb", "02-b.ipynb", "03-c.ipynb"} {
		os.WriteFile(filepath.Join(srcDir, n), courseV1(t), 0o644)
		os.WriteFile(filepath.Join(dir, n), courseV1(t), 0o644)
	}
	edited, _ := studentCopy(t, courseV1(t)).encode()
	os.WriteFile(filepath.Join(dir, "01-a.ipynb"), edited, 0o644) // a student's answers
	os.WriteFile(filepath.Join(srcDir, "02-b.ipynb"), courseV2(t), 0o644)
	os.Remove(filepath.Join(dir, "03-c.ipynb"))
	before := hashTree(t, dir)
	var out, errb strings.Builder
	err := run([]string{"assign", "-verify", "-out", dir, filepath.Join(srcDir, "01-a.ipynb"), filepath.Join(srcDir, "02-b.ipynb"), filepath.Join(srcDir, "03-c.ipynb")}, &out, &errb)
	if err == nil {
		t.Fatal("-verify passed releases that differ")
	}
	if hashTree(t, dir) != before {
		t.Fatal("-verify changed the folder")
	}
	msg := err.Error()
	t.Log(msg)
	for _, want := range []string{"01-a.ipynb was edited after it was released (edited cell 2, cell 5 (ex1-huber); added cell 3",
		"mv -n " + filepath.Join(dir, "01-a.ipynb") + " work/01-a-edited.ipynb",
		"02-b.ipynb is an older release of " + filepath.Join(srcDir, "02-b.ipynb") + ": the source changed since (changed cell 1, cell 2, cell 3 (ex1-huber), cell 6 (ex2-choice); new cell 5; removed old)",
		"03-c.ipynb is missing"} {
		if !strings.Contains(msg, want) {
			t.Errorf("-verify does not say %q", want)
		}
	}
	for _, bad := range []string{"FORCE", "-force", "git checkout", "rm ", "git reset", "git stash"} {
		if strings.Contains(msg, bad) {
			t.Errorf("-verify suggests %q, which can destroy the edits", bad)
		}
	}
}

// TestSeedAndUpdate drives the commands as make lab and make update do: seed copies
// only what is missing and never touches a copy; update merges, backs up first, and
// a second update changes nothing.
func TestSeedAndUpdate(t *testing.T) {
	course, work := t.TempDir(), filepath.Join(t.TempDir(), "work")
	os.WriteFile(filepath.Join(course, "01-a.ipynb"), courseV1(t), 0o644)
	os.MkdirAll(filepath.Join(course, "images"), 0o755)
	os.WriteFile(filepath.Join(course, "images", "a.png"), []byte("png"), 0o644)
	cmd := func(args ...string) string {
		t.Helper()
		var out, errb strings.Builder
		if err := run(append(args[:1:1], append([]string{"-course", course, "-work", work}, args[1:]...)...), &out, &errb); err != nil {
			t.Fatalf("%v: %v\n%s%s", args, err, out.String(), errb.String())
		}
		return out.String()
	}
	cmd("seed")
	if string(readFile(t, filepath.Join(work, "01-a.ipynb"))) != string(withKernelLanguageInfo(courseV1(t))) || string(readFile(t, filepath.Join(work, "images", "a.png"))) != "png" {
		t.Fatal("seed did not copy the course")
	}
	// The copy carries the language_info the kernel reports, so that JupyterLab does not
	// mark it changed when it opens it, and is still the course's release (would catch
	// a copy reported as out of date because its metadata differs from the course's).
	li := mustRead(t, "seeded", readFile(t, filepath.Join(work, "01-a.ipynb"))).metadata()["language_info"].(map[string]any)
	if v, _ := li["version"].(string); !strings.HasPrefix(v, "go1.") || li["mimetype"] != "text/x-go" || li["name"] != "go" || len(li) != 7 {
		t.Errorf("language_info of the copy: %v", li)
	}
	if out := cmd("seed"); strings.Contains(out, "newer version") {
		t.Errorf("a fresh copy reported out of date:\n%s", out)
	}
	mine, _ := studentCopy(t, courseV1(t)).encode()
	os.WriteFile(filepath.Join(work, "01-a.ipynb"), mine, 0o644)
	// A new release of the course: seed (make lab) says so and changes nothing.
	os.WriteFile(filepath.Join(course, "01-a.ipynb"), courseV2(t), 0o644)
	os.WriteFile(filepath.Join(course, "02-b.ipynb"), courseV1(t), 0o644)
	if out := cmd("seed"); !strings.Contains(out, "newer version of 01-a.ipynb") || !strings.Contains(out, "copied 02-b.ipynb") {
		t.Errorf("seed did not report the update or the new notebook:\n%s", out)
	}
	if string(readFile(t, filepath.Join(work, "01-a.ipynb"))) != string(mine) {
		t.Fatal("seed changed the student's copy")
	}
	if out := cmd("update", "-n"); !strings.Contains(out, "would be updated") || string(readFile(t, filepath.Join(work, "01-a.ipynb"))) != string(mine) {
		t.Fatalf("update -n changed the copy or said nothing:\n%s", out)
	}
	out := cmd("update")
	t.Log(out)
	got := mustRead(t, "merged", readFile(t, filepath.Join(work, "01-a.ipynb")))
	if _, c := byKey(got, "ex1-huber"); c == nil || src(c) != studentHuber {
		t.Fatal("update lost the student's answer")
	}
	backups, _ := filepath.Glob(filepath.Join(work, ".lossnb-backup", "01-a.*.ipynb"))
	if len(backups) != 1 || string(readFile(t, backups[0])) != string(mine) {
		t.Fatalf("no backup of the student's copy as it was: %v", backups)
	}
	if li := got.metadata()["language_info"].(map[string]any); li["mimetype"] != "text/x-go" {
		t.Errorf("the updated copy lost the kernel's language_info: %v", li)
	}
	after := string(readFile(t, filepath.Join(work, "01-a.ipynb")))
	if out := cmd("update", "01-a"); !strings.Contains(out, "01-a.ipynb: up to date") || string(readFile(t, filepath.Join(work, "01-a.ipynb"))) != after {
		t.Errorf("a second update changed the copy:\n%s", out)
	}
}

// TestUpdateRefusesCourseAsWork catches an update aimed at the course folder itself.
func TestUpdateRefusesCourseAsWork(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	err := run([]string{"update", "-course", dir, "-work", dir + "/"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "is the course folder") {
		t.Fatalf("update -work = the course folder: %v", err)
	}
}

// TestSeedReportsWorkInCourseFolder: a student who answered in the course folder
// itself (as make lab once had them do) is told where their work is and how to move
// it; seed makes no copy of the edited file as if it were the course's.
func TestSeedReportsWorkInCourseFolder(t *testing.T) {
	course, work := t.TempDir(), t.TempDir()
	edited, _ := studentCopy(t, courseV1(t)).encode()
	os.WriteFile(filepath.Join(course, "01-a.ipynb"), edited, 0o644)
	var out, errb strings.Builder
	if err := run([]string{"seed", "-course", course, "-work", work}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errb.String(), "01-a.ipynb was edited in the course folder (edited cell 2, cell 5 (ex1-huber)") ||
		!strings.Contains(errb.String(), "mv -n "+filepath.Join(course, "01-a.ipynb")+" "+filepath.Join(work, "01-a-edited.ipynb")) {
		t.Errorf("seed does not tell the student where their work is:\n%s", errb.String())
	}
	if _, err := os.Stat(filepath.Join(work, "01-a.ipynb")); err == nil {
		t.Error("seed copied an edited course notebook as the course")
	}
	// update does not take it for a new release either.
	os.WriteFile(filepath.Join(work, "01-a.ipynb"), courseV1(t), 0o644)
	out.Reset()
	errb.Reset()
	err := run([]string{"update", "-course", course, "-work", work}, &out, &errb)
	if err == nil || !strings.Contains(errb.String(), "was edited in place") || string(readFile(t, filepath.Join(work, "01-a.ipynb"))) != string(courseV1(t)) {
		t.Errorf("update merged from an edited course notebook: %v\n%s%s", err, out.String(), errb.String())
	}
}
