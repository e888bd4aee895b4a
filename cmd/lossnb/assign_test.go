package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// testNotebook builds a gonb notebook from cells given as (metadata, source) pairs;
// a nil metadata is a plain code cell, md: prefix a markdown cell.
type testCell struct {
	kind   string // "code" (default) or "markdown"
	meta   map[string]any
	source string
}

func nbgraderMD(id string, solution, grade bool) map[string]any {
	return map[string]any{"nbgrader": map[string]any{"grade_id": id, "solution": solution, "grade": grade,
		"locked": !solution, "schema_version": 3, "points": 1}}
}

// courseSources returns the course's instructor sources (coursework/source), each
// path with its content; it fails the test when there are none.
func courseSources(t *testing.T) map[string][]byte {
	t.Helper()
	paths, _ := filepath.Glob("../../coursework/source/*.ipynb")
	if len(paths) == 0 {
		t.Fatal("no instructor sources in coursework/source")
	}
	m := make(map[string][]byte, len(paths))
	for _, p := range paths {
		m[p] = readFile(t, p)
	}
	return m
}

// cellMap returns a notebook cell of kind ("" is code) with id and source and empty
// metadata, as JSON objects decode.
func cellMap(id, kind, source string) map[string]any {
	if kind == "" {
		kind = "code"
	}
	return map[string]any{"cell_type": kind, "id": id, "metadata": map[string]any{}, "source": source}
}

// notebookJSON returns a notebook of cells for the kernel named kernel, encoded.
func notebookJSON(t *testing.T, kernel string, cells []any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "cells": cells,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": kernel, "display_name": "Go (gonb)", "language": "go"}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func buildNotebook(t *testing.T, kernel string, cells ...testCell) []byte {
	t.Helper()
	var list []any
	for i, c := range cells {
		m := cellMap("c"+string(rune('a'+i)), c.kind, c.source)
		if c.meta != nil {
			m["metadata"] = c.meta
		}
		if m["cell_type"] == "code" {
			m["execution_count"] = 3
			m["outputs"] = []any{map[string]any{"output_type": "stream", "name": "stdout", "text": "old output\n"}}
		}
		list = append(list, m)
	}
	return notebookJSON(t, kernel, list)
}

func releaseOf(t *testing.T, data []byte) *notebook {
	t.Helper()
	out, err := makeRelease("src.ipynb", data)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := readNotebook("release", out)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func TestAssignStubs(t *testing.T) {
	src := buildNotebook(t, "gonb",
		testCell{meta: nbgraderMD("sol", true, false), source: `import "math"

// huber is Huber's loss.
func huber(r, delta float64) float64 {
	// ### BEGIN SOLUTION
	if math.Abs(r) <= delta {
		return 0.5 * r * r
	}
	return delta * (math.Abs(r) - 0.5*delta)
	// ### END SOLUTION
}

func several() (int, string, bool, error, []float64, map[string]int, *int, [2]float64, point, func()) {
	// ### BEGIN SOLUTION
	return 1, "a", true, nil, nil, nil, nil, [2]float64{}, point{}, nil
	// ### END SOLUTION
}

func named() (x float64, err error) {
	x = 1
	// ### BEGIN SOLUTION
	x = 2
	return
	// ### END SOLUTION
}

func nothing() {
	//### BEGIN SOLUTION
	println("hi")
	//### END SOLUTION
}

var f = func() string {
	// ### BEGIN SOLUTION
	return "inner"
	// ### END SOLUTION
}`},
		testCell{meta: nbgraderMD("main-sol", true, false), source: "%%\nx := 1\n// ### BEGIN SOLUTION\nfmt.Println(x)\n// ### END SOLUTION"},
		testCell{meta: nbgraderMD("check", false, true), source: `%%
exercise.CheckRegressionLoss("h", "h", f, g, loss.Huber{Delta: 1}, nil)
	// ### BEGIN HIDDEN TESTS
	exercise.CheckRegressionLoss("hidden", "h", f, g, loss.Huber{Delta: 2}, nil)
	// ### END HIDDEN TESTS
fmt.Println("after")`},
		testCell{kind: "markdown", meta: nbgraderMD("text", true, false), source: "Why?\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION"},
	)
	nb := releaseOf(t, src)
	s0, _ := sourceOf(nb.cells[0])
	for _, want := range []string{
		"func huber(r, delta float64) float64 {\n\t// YOUR CODE HERE\n\treturn 0\n}",
		"\t// YOUR CODE HERE\n\treturn 0, \"\", false, nil, nil, nil, nil, *new([2]float64), *new(point), nil\n}",
		"x = 1\n\t// YOUR CODE HERE\n\treturn\n}",
		"func nothing() {\n\t// YOUR CODE HERE\n}",
		"var f = func() string {\n\t// YOUR CODE HERE\n\treturn \"\"\n}",
	} {
		if !strings.Contains(s0, want) {
			t.Errorf("release lacks\n%s\nin\n%s", want, s0)
		}
	}
	if strings.Contains(s0, "math.Abs") || strings.Contains(s0, "SOLUTION") {
		t.Errorf("solution left in the release:\n%s", s0)
	}
	if s1, _ := sourceOf(nb.cells[1]); s1 != "%%\nx := 1\n// YOUR CODE HERE" {
		t.Errorf("main-body solution: got %q", s1)
	}
	if s2, _ := sourceOf(nb.cells[2]); s2 != "%%\nexercise.CheckRegressionLoss(\"h\", \"h\", f, g, loss.Huber{Delta: 1}, nil)\nfmt.Println(\"after\")" {
		t.Errorf("hidden tests not removed: %q", s2)
	}
	if s3, _ := sourceOf(nb.cells[3]); s3 != "Why?\nYOUR ANSWER HERE" {
		t.Errorf("markdown solution: %q", s3)
	}
	for i, c := range nb.cells {
		if c["cell_type"] != "code" {
			continue
		}
		if outs := c["outputs"].([]any); len(outs) != 0 || c["execution_count"] != nil {
			t.Errorf("cell %d: outputs %v, execution_count %v; want them cleared", i+1, outs, c["execution_count"])
		}
		if _, ok := metaOf(c); !ok {
			t.Errorf("cell %d lost its nbgrader metadata (the grader needs the grade ids)", i+1)
		}
	}
}

func TestAssignErrors(t *testing.T) {
	sol := nbgraderMD("answer", true, false)
	test := nbgraderMD("check", false, true)
	for _, c := range []struct {
		name   string
		kernel string
		cell   testCell
		want   string
	}{
		{"unclosed", "gonb", testCell{meta: sol, source: "func f() int {\n// ### BEGIN SOLUTION\nreturn 1\n}"},
			`src.ipynb, cell 2 (answer): line 2: "BEGIN SOLUTION" is never closed by "END SOLUTION"`},
		{"nested", "gonb", testCell{meta: sol, source: "func f() int {\n// ### BEGIN SOLUTION\n// ### BEGIN SOLUTION\nreturn 1\n// ### END SOLUTION\n}"},
			`cell 2 (answer): line 3: "BEGIN SOLUTION" inside the region opened at line 2 (regions do not nest)`},
		{"end first", "gonb", testCell{meta: sol, source: "// ### END SOLUTION"},
			`cell 2 (answer): line 1: "END SOLUTION" with no "BEGIN SOLUTION" before it`},
		{"not a comment", "gonb", testCell{meta: sol, source: "func f() int {\n### BEGIN SOLUTION\nreturn 1\n### END SOLUTION\n}"},
			`cell 2 (answer): line 2, "### BEGIN SOLUTION": write the marker as a Go comment on a line of its own, e.g. "// ### BEGIN SOLUTION"`},
		{"outside a function", "gonb", testCell{meta: sol, source: "// ### BEGIN SOLUTION\nvar answer = 3\n// ### END SOLUTION"},
			`cell 2 (answer): lines 1-3: a solution region must be inside a function body`},
		{"not at the end", "gonb", testCell{meta: sol, source: "func f() int {\n// ### BEGIN SOLUTION\nx := 1\n// ### END SOLUTION\nreturn x\n}"},
			`cell 2 (answer): line 5, "return x": a solution region must end its function body`},
		{"not Go", "gonb", testCell{meta: sol, source: "def f():\n    # ### BEGIN SOLUTION\n    return 1\n    # ### END SOLUTION"},
			`cell 2 (answer): line 2, "# ### BEGIN SOLUTION": write the marker as a Go comment`},
		{"syntax", "gonb", testCell{meta: sol, source: "func f() int {\n// ### BEGIN SOLUTION\nreturn 1 +\n// ### END SOLUTION\n}"},
			`cell 2 (answer): cannot read the cell as Go to write the stub`},
		{"hidden outside a test cell", "gonb", testCell{meta: sol, source: "// ### BEGIN HIDDEN TESTS\n// ### END HIDDEN TESTS"},
			`cell 2 (answer): hidden tests must be in a test cell`},
		{"test cell without %%", "gonb", testCell{meta: test, source: "exercise.CheckChoice()"},
			`cell 2 (check): a test cell must start with a %% line`},
		{"wrong kernel", "python3", testCell{source: "print(1)"}, `src.ipynb: the kernelspec is "python3", want "gonb"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := buildNotebook(t, c.kernel, testCell{kind: "markdown", source: "# Title"}, c.cell)
			_, err := makeRelease("src.ipynb", data)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v\nwant one containing %q", err, c.want)
			}
		})
	}
	if _, err := makeRelease("x.ipynb", []byte("not json")); err == nil || !strings.Contains(err.Error(), "x.ipynb is not a notebook") {
		t.Errorf("not JSON: %v", err)
	}
	dup := buildNotebook(t, "gonb", testCell{meta: sol, source: ""}, testCell{meta: sol, source: ""})
	if _, err := makeRelease("d.ipynb", dup); err == nil || !strings.Contains(err.Error(), `d.ipynb, cell 2 (answer): grade_id "answer" is also the id of cell 1`) {
		t.Errorf("duplicate ids: %v", err)
	}
}

// The course's own instructor sources make releases with no solution and no
// hidden test left, and stay the same when released twice.
func TestAssignCoursework(t *testing.T) {
	for src, data := range courseSources(t) {
		rel, err := makeRelease(src, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{"BEGIN SOLUTION", "HIDDEN TESTS", `Key:`, "slices.Sorted"} {
			if strings.Contains(string(rel), leak) {
				t.Errorf("%s: the release contains %q", src, leak)
			}
		}
		again, err := makeRelease(src, rel)
		if err != nil || string(again) != string(rel) {
			t.Errorf("%s: releasing the release changed it (err %v)", src, err)
		}
	}
}

func TestReleaseProblems(t *testing.T) {
	test := nbgraderMD("check", false, true)
	nb := func(stdout string) []byte {
		var m map[string]any
		json.Unmarshal(buildNotebook(t, "gonb", testCell{meta: test, source: "%%\nexercise.CheckChoice()"}), &m)
		c := m["cells"].([]any)[0].(map[string]any)
		c["outputs"] = []any{map[string]any{"output_type": "stream", "name": "stdout", "text": stdout}}
		b, _ := json.Marshal(m)
		return b
	}
	if p := releaseProblems("r.ipynb", nb("Ex\n  ✗ value wrong\nScore: 0/4\n")); len(p) != 0 {
		t.Errorf("a politely failing release: %q", p)
	}
	if p := releaseProblems("r.ipynb", nb("Ex\n  ✓ value right\n  ✗ gradient wrong\nScore: 1/4\n")); len(p) != 1 || !strings.Contains(p[0], "r.ipynb, cell 1 (check): a check scored 1/4") {
		t.Errorf("a release that gives a point: %q", p)
	}
	if p := releaseProblems("r.ipynb", nb("")); len(p) != 1 || !strings.Contains(p[0], "no check failed") {
		t.Errorf("a check cell that printed nothing: %q", p)
	}
}

// TestAssignCheck releases the course's sources and runs the release headless (GoNB):
// it must run cleanly, and every check must fail politely.
func TestAssignCheck(t *testing.T) {
	if !*e2e {
		t.Skip("runs GoNB: use -grade.e2e")
	}
	sources, _ := filepath.Glob("../../coursework/source/*.ipynb")
	var stdout, stderr strings.Builder
	err := run(append([]string{"assign", "-check", "-out", t.TempDir()}, sources...), &stdout, &stderr)
	t.Log(stdout.String(), stderr.String())
	if err != nil {
		t.Fatal(err)
	}
}

// TestGradable: assign refuses an answer the grader cannot call in the
// student's program, and settings a check would refuse, naming the cell and
// the function or field (before, such a source released, and its exercise
// scored every student 0, or a stub full marks).
func TestGradable(t *testing.T) {
	sol := nbgraderMD("answer", true, false)
	test := nbgraderMD("check", false, true)
	for src, c := range map[string]testCell{
		`cell 2 (answer): line 1, f: its parameter of type *float64 cannot be sent`: {meta: sol, source: "func f(p *float64) float64 {\n\t// ### BEGIN SOLUTION\n\treturn *p\n\t// ### END SOLUTION\n}"},
		`cell 2 (check): exercise settings that cannot grade`:                       {meta: test, source: "%%\nexercise.CheckChoice(\"c\", \"C\", f, exercise.Choice{Options: []string{\"A\"}, Key: \"B\"})"},
	} {
		data := buildNotebook(t, "gonb", testCell{kind: "markdown", source: "# Title"}, c)
		if _, err := makeRelease("src.ipynb", data); err != nil {
			t.Fatal(err)
		}
		if err := gradable("src.ipynb", data); err == nil || !strings.Contains(err.Error(), src) {
			t.Errorf("%v, want %q", err, src)
		}
	}
	for p, data := range courseSources(t) {
		if err := gradable(p, data); err != nil {
			t.Errorf("the course's own source is refused: %v", err)
		}
	}
}
