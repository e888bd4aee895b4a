package lite

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

const imports = "import (\n\t\"github.com/lossnb/lossnb/lossnb/nb\"\n\t\"github.com/lossnb/lossnb/lossnb/loss\"\n\t\"github.com/lossnb/lossnb/lossnb/lesson/keyidea\"\n)"

// session runs cells in one session and returns what they printed, what
// they showed and each cell's error.
type session struct {
	t     *testing.T
	s     *Session
	out   strings.Builder
	err   strings.Builder
	shown []Bundle
}

func newSession(t *testing.T, png bool) *session {
	t.Helper()
	x := &session{t: t}
	s, err := New(Options{Stdout: &x.out, Stderr: &x.err, Display: func(b Bundle) { x.shown = append(x.shown, b) }, NoPNG: !png})
	if err != nil {
		t.Fatal(err)
	}
	x.s = s
	return x
}

func (x *session) run(cell string) error {
	x.out.Reset()
	x.err.Reset()
	return x.s.Run(context.Background(), cell)
}

// ok runs a cell that must succeed and returns its stdout.
func (x *session) ok(cell string) string {
	x.t.Helper()
	if err := x.run(cell); err != nil {
		x.t.Fatalf("%q: %v (stderr %q)", cell, err, x.err.String())
	}
	return x.out.String()
}

// prints runs a cell that must succeed and fails the test unless it printed want.
func (x *session) prints(cell, want string) {
	x.t.Helper()
	if got := x.ok(cell); got != want {
		x.t.Errorf("%q printed %q, want %q", cell, got, want)
	}
}

func TestParseCell(t *testing.T) {
	// Catches a body starting on the wrong line (error lines off by one), a
	// magic left in the Go source, or an indented "%" (Go's modulo) taken
	// for a magic.
	c := ParseCell("import \"fmt\"\n%goflags \"-ldflags=-s\"\n%%\nx := 7\n  % 3\n!ls")
	if !c.HasBody || c.BodyLine != 4 {
		t.Errorf("HasBody %v, BodyLine %d, want true, 4", c.HasBody, c.BodyLine)
	}
	if c.Decls != "import \"fmt\"" {
		t.Errorf("Decls %q", c.Decls)
	}
	if c.Body != "x := 7\n  % 3\n" {
		t.Errorf("Body %q", c.Body)
	}
	if len(c.Magics) != 2 || c.Magics[0].Name() != "%goflags" || c.Magics[0].Line != 2 || c.Magics[1].Name() != "!" || c.Magics[1].Line != 6 {
		t.Errorf("Magics %+v", c.Magics)
	}
	if c := ParseCell("func f() int { return 1 }"); c.HasBody || c.Decls != "func f() int { return 1 }" {
		t.Errorf("a declarations cell: %+v", c)
	}
}

func TestDeclarationsPersistAndReplace(t *testing.T) {
	// Catches a session that forgets declarations between cells, or that
	// keeps the first version of a function a student corrects and re-runs.
	x := newSession(t, false)
	x.ok("func f(x float64) float64 { return 2 * x }")
	x.prints("%%\nfmt.Println(f(3))", "6\n")
	x.ok("func f(x float64) float64 { return 3 * x }")
	x.prints("%%\nfmt.Println(f(3))", "9\n")
}

func TestValuesPersistLocalsDoNot(t *testing.T) {
	// Catches %% bodies evaluated at top level (a later cell's x := would
	// collide, as notebook 04's two "run :=" cells do) and top-level
	// variables reset between cells.
	x := newSession(t, false)
	x.ok("var v = 5")
	x.ok("%%\nv++")
	x.prints("%%\nfmt.Println(v)", "6\n")
	x.ok("%%\nx := 1\n_ = x")
	x.prints("%%\nx := \"s\"\nfmt.Println(x)", "s\n")
	var e *Error
	if err := x.run("%%\nfmt.Println(x)"); !errors.As(err, &e) || e.Line != 2 || !strings.Contains(e.Msg, "undefined: x") {
		t.Errorf("a cell's local seen by the next cell: %v", err)
	}
}

func TestAutoImport(t *testing.T) {
	// Catches cells that use fmt, math or strings without importing them
	// (every course notebook does) failing as undefined.
	x := newSession(t, false)
	x.prints("%%\nfmt.Println(strings.ToUpper(\"a\"), math.Sqrt(4), rand.Intn(1))", "A 2 0\n")
	if p := x.s.imported["rand"]; p != "math/rand" {
		t.Errorf("rand is %q, want math/rand (goimports' choice)", p)
	}
}

func TestMust(t *testing.T) {
	// Catches nb.Must(f(...)) left generic (yaegi v0.16.1 panics on it) and
	// a wrong type given to its rewrite (the method call would not compile).
	x := newSession(t, false)
	x.ok(imports)
	x.prints("%%\nh := nb.Must(loss.NewHuber(0.5))\nfmt.Println(h.Name(), h.Value(2))", "Huber(δ=0.5) 0.875\n")
	x.ok("func half(v float64) (float64, error) { return v / 2, nil }")
	x.prints("%%\nfmt.Println(nb.Must(half(3)) + nb.Must(half(1)))", "2\n")
	x.ok("%%\nrows := nb.Must(keyidea.BCEStability([]float64{2}))\nfmt.Println(len(rows))")
	err := x.run("%%\nh := loss.Huber{Delta: 1}\n_ = nb.Must(h.Grad2(1))")
	var e *Error
	if !errors.As(err, &e) || e.Line != 3 || !strings.Contains(e.Msg, "nb.Check(err)") {
		t.Errorf("Must of a method call: %v, want an explanation at cell line 3", err)
	}
}

func TestErrors(t *testing.T) {
	// Catches error lines counted from the wrapper (not the cell), a panic
	// that kills the session, and nb.Check ending the program instead of
	// the cell.
	x := newSession(t, false)
	x.ok(imports)
	var e *Error
	if err := x.run("// a comment\n%%\nx := 2\nfmt.Println(y + x)"); !errors.As(err, &e) || e.Line != 4 || e.Panic {
		t.Errorf("compile error %v, want at cell line 4", err)
	}
	if err := x.run("func g() { var a []int; _ = a[2] }\n\n%%\ng()"); !errors.As(err, &e) || !e.Panic || !strings.Contains(e.Msg, "(in g)") {
		t.Errorf("panic %v, want a panic naming g", err)
	}
	if err := x.run("%%\nnb.Check(fmt.Errorf(\"boom\"))\nfmt.Println(\"after\")"); !errors.Is(err, ErrStopped) || x.err.String() != "lossnb: boom\n" || x.out.Len() != 0 {
		t.Errorf("nb.Check: %v, stderr %q, stdout %q", err, x.err.String(), x.out.String())
	}
	if err := x.run("%%\nos.Exit(3)"); !errors.Is(err, ErrStopped) {
		t.Errorf("os.Exit: %v", err)
	}
	if err := x.run("import \"github.com/example/nothing\""); !errors.As(err, &e) || !strings.Contains(e.Msg, "not in lossnb lite") {
		t.Errorf("unknown import: %v", err)
	}
	// The session still works.
	x.prints("%%\nfmt.Println(\"alive\")", "alive\n")
}

func TestMainRuns(t *testing.T) {
	// Catches a cell declaring main (GoNB's other way to run code) that
	// declares it without running it, or runs it more than once: yaegi
	// runs a main package's main after every later evaluation.
	x := newSession(t, false)
	x.prints("func main() {\n\tfmt.Println(\"main ran\")\n}", "main ran\n")
	x.prints("%%\nfmt.Println(\"next\")", "next\n")
}

func TestMagics(t *testing.T) {
	// Catches magics that crash the cell or pass silently.
	x := newSession(t, false)
	out := x.ok("%goflags \"-ldflags=-s -w\"\n!go version\n%env LOSSNB_LITE_TEST hello\n%%\nfmt.Println(os.Getenv(\"LOSSNB_LITE_TEST\"))")
	for _, want := range []string{"%goflags ignored", "\"!go version\" skipped", "hello\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
	x.ok("var kept = 1")
	x.ok("%reset")
	var e *Error
	if err := x.run("%%\nfmt.Println(kept)"); !errors.As(err, &e) {
		t.Errorf("%%reset kept a declaration: %v", err)
	}
}

func TestShow(t *testing.T) {
	// Catches nb.Show bypassing the session (GoNB's pipe, nothing shown),
	// a bundle without the chart's HTML or without its PNG twin, and bad
	// charts shown blank instead of reported.
	x := newSession(t, true)
	x.ok(imports)
	x.ok("%%\nnb.Show(nb.Must(keyidea.KeyIdea(keyidea.Deltas, 0.5)))")
	if len(x.shown) != 1 {
		t.Fatalf("%d outputs, want 1", len(x.shown))
	}
	b := x.shown[0]
	if !strings.Contains(b["text/html"], `<script type="application/json">`) || !strings.HasPrefix(b["text/plain"], "lossnb chart") {
		t.Errorf("bundle: html %.80q, text %q", b["text/html"], b["text/plain"])
	}
	png, err := base64.StdEncoding.DecodeString(b["image/png"])
	if err != nil || !strings.HasPrefix(string(png), "\x89PNG") {
		t.Errorf("PNG twin: %v, %.8q", err, png)
	}
	x.ok("%%\nnb.Show()")
	if !strings.HasPrefix(x.err.String(), "lossnb: nb.Show: ") || len(x.shown) != 1 {
		t.Errorf("nb.Show() with nothing: stderr %q, %d outputs", x.err.String(), len(x.shown))
	}
	x.ok("%%\nnb.ShowPNG([]byte(\"GIF89a\"))\nnb.Markdown(\"*hi*\")")
	if x.err.String() != "lossnb: nb.ShowPNG: the data is not a PNG image\n" || len(x.shown) != 2 || x.shown[1]["text/markdown"] != "*hi*" {
		t.Errorf("ShowPNG/Markdown: stderr %q, outputs %v", x.err.String(), x.shown[1:])
	}
}

func TestProgress(t *testing.T) {
	// A training loop's nb.Progress in lossnb lite: one output with the final row of each
	// key, shown before the output the cell shows next (where GoNB's updated output
	// stands), and nothing printed. Catches a Progress that prints through the process's
	// stdout (lost in the browser), shows an output per row, or comes after the chart.
	x := newSession(t, false)
	x.ok(imports)
	out := x.ok("%%\np := nb.NewProgress(\"Training\")\nfor i := 0; i < 3; i++ {\n\tp.Row(\"hinge\", \"step %d\", i)\n\tp.Row(\"logistic\", \"step %d\", i)\n}\nnb.Markdown(\"*chart*\")\nq := nb.NewProgress(\"\")\nq.Row(\"\", \"last\")")
	if out != "" || len(x.shown) != 3 {
		t.Fatalf("stdout %q, %d outputs, want none and 3", out, len(x.shown))
	}
	if got, want := x.shown[0]["text/plain"], "Training\nhinge     step 2\nlogistic  step 2\n"; got != want {
		t.Errorf("progress text %q, want %q", got, want)
	}
	if !strings.Contains(x.shown[0]["text/html"], "logistic  step 2</pre>") || x.shown[1]["text/markdown"] != "*chart*" ||
		x.shown[2]["text/plain"] != "last\n" {
		t.Errorf("outputs %v", x.shown)
	}
}

func TestComplete(t *testing.T) {
	// Catches completion that misses lossnb's exported names, offers the
	// yaegi wrapper types (_Item) or the session's own helpers, or
	// replaces the wrong range.
	x := newSession(t, false)
	x.ok(imports)
	x.ok("func huberMine() {}")
	m, start, end := x.s.Complete("%%\nnb.Show(keyidea.KeyI", 23)
	if len(m) != 1 || m[0] != "KeyIdea" || start != 19 || end != 23 {
		t.Errorf("keyidea.KeyI: %v [%d, %d), want [KeyIdea] [19, 23)", m, start, end)
	}
	if m, _, _ := x.s.Complete("chart.I", 7); len(m) != 2 || m[0] != "InlineLibrary" || m[1] != "Item" {
		t.Errorf("chart.I: %v, want [InlineLibrary Item]", m)
	}
	if m, _, _ := x.s.Complete("huber", 5); len(m) != 1 || m[0] != "huberMine" {
		t.Errorf("huber: %v", m)
	}
	if m, _, _ := x.s.Complete("x := nb.Mu", 10); len(m) != 1 || m[0] != "Must" {
		t.Errorf("nb.Mu: %v, want Must (a generic, supplied by the session)", m)
	}
}
