package exercise

import (
	"bytes"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	inum "github.com/lossnb/lossnb/lossnb/internal/num"
	"github.com/lossnb/lossnb/lossnb/loss"
)

// capture runs f with Output redirected and returns what it printed, its wrapped lines
// joined again (unwrap), after checking that no line passes Width but a single word.
func capture(t *testing.T, f func()) string {
	t.Helper()
	var b bytes.Buffer
	old := Output
	Output = &b
	defer func() { Output = old }()
	f()
	for _, l := range strings.Split(b.String(), "\n") {
		if utf8.RuneCountInString(l) > Width && strings.Contains(strings.TrimSpace(l), " ") {
			t.Errorf("line of %d characters, not wrapped: %q", utf8.RuneCountInString(l), l)
		}
	}
	return unwrap(b.String())
}

// unwrap undoes Wrap's line breaks in check output (the indent of a criterion's later lines).
func unwrap(s string) string { return strings.ReplaceAll(s, "\n    ", " ") }

func huber(delta float64) (Func, Func) {
	v := func(r float64) float64 {
		if math.Abs(r) <= delta {
			return 0.5 * r * r
		}
		return delta * (math.Abs(r) - 0.5*delta)
	}
	g := func(r float64) float64 { return math.Max(-delta, math.Min(delta, r)) }
	return v, g
}

type lossCase struct {
	name         string
	value, grad  Func
	wantPoints   int
	wantOK       []bool // per criterion: value, gradient, slope, properties
	wantInOutput []string
}

func TestCheckRegressionLoss(t *testing.T) {
	ref := loss.Huber{Delta: 1}
	v, g := huber(1)
	noHalf := func(r float64) float64 {
		if math.Abs(r) <= 1 {
			return r * r
		}
		return math.Abs(r) - 0.5
	}
	cases := []lossCase{
		{"right", v, g, 4, []bool{true, true, true, true},
			[]string{"✓ value right at all 41 residuals", "Score: 4/4"}},
		{"MSE instead", func(r float64) float64 { return 0.5 * r * r }, func(r float64) float64 { return r }, 2,
			[]bool{false, false, true, true},
			[]string{"✗ value wrong at residual = 1.25: got 0.78125, want 0.75 (wrong at 32 of 41 residuals)",
				"✗ gradient wrong at residual = 1.25: got 1.25, want 1.0 (wrong at 32 of 41 residuals)", "✓ gradient is the slope of your own loss at all 41 residuals", "Score: 2/4"}},
		{"gradient sign", v, func(r float64) float64 { return -g(r) }, 2, []bool{true, false, false, true},
			[]string{"the sign is flipped wherever it is wrong", "your gradient is not the slope of your loss at residual = 0.25: gradient -0.25, slope 0.25"}},
		{"no half", noHalf, g, 2, []bool{false, true, false, true},
			[]string{"✗ value wrong at residual = 0.25: got 0.0625, want 0.03125 (wrong at 8 of 41 residuals); off by a factor of 2.0 wherever it is wrong",
				"✗ your gradient is not the slope of your loss at residual = 0.25: gradient 0.25, slope 0.5"}},
		{"asymmetric", func(r float64) float64 {
			if r < 0 {
				return 2 * v(r)
			}
			return v(r)
		}, g, 1, []bool{false, true, false, false}, []string{"your loss is not symmetric: 0.03125 at residual = 0.25 but 0.0625 at residual = -0.25"}},
		{"negative", func(r float64) float64 { return v(r) - 1 }, g, 2, []bool{false, true, true, false},
			[]string{"your loss is negative at residual = 0.0: -1.0 (a loss is never below 0)"}},
		{"panics", func(r float64) float64 {
			var xs []float64
			return xs[int(r)+10]
		}, g, 1, []bool{false, true, false, false},
			[]string{"✗ value: your loss panicked: index out of range [10] with length 0 at residual = 0.0"}},
		{"not implemented", func(float64) float64 { panic("not implemented: your code here") }, g, 1, []bool{false, true, false, false},
			[]string{"your loss panicked: it is not implemented yet"}},
		{"nil", nil, nil, 0, []bool{false, false, false, false}, []string{"your loss panicked: the function is nil", "your gradient panicked: the function is nil"}},
		{"NaN", func(r float64) float64 {
			if r == 2 {
				return math.NaN()
			}
			return v(r)
		}, g, 2, []bool{false, true, true, false}, []string{"✗ value wrong at residual = 2.0: got NaN, want 1.5", "✗ your loss is NaN at residual = 2.0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var res *Result
			out := capture(t, func() { res = CheckRegressionLoss("huber", "Huber (δ = 1)", c.value, c.grad, ref, nil) })
			if res.Points != c.wantPoints || res.Max != 4 {
				t.Errorf("score %d/%d, want %d/4\n%s", res.Points, res.Max, c.wantPoints, out)
			}
			for i, ok := range c.wantOK {
				if res.Items[i].OK != ok {
					t.Errorf("criterion %d: ok = %v, want %v (%s)", i+1, res.Items[i].OK, ok, res.Items[i].Msg)
				}
			}
			for _, s := range c.wantInOutput {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
			for _, bad := range []string{"goroutine", ".go:", "panic("} {
				if strings.Contains(out, bad) {
					t.Errorf("output has %q (a stack trace?):\n%s", bad, out)
				}
			}
		})
	}
}

func TestCheckLossEndlessLoop(t *testing.T) {
	v, g := huber(1)
	hang := func(r float64) float64 {
		if r == 2 {
			//lint:ignore SA5002 a student's endless loop, on purpose: the check must stop it
			for {
			}
		}
		return g(r)
	}
	start := time.Now()
	var res *Result
	out := capture(t, func() {
		res = CheckRegressionLoss("huber", "Huber", v, hang, loss.Huber{Delta: 1}, &Options{Timeout: 200 * time.Millisecond})
	})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the check took %v with a timeout of 200ms", d)
	}
	if res.Points != 2 || !strings.Contains(out, "your gradient did not return within 200ms (an endless loop?) at residual = 2.0") {
		t.Errorf("score %d/4, want 2/4 (value and properties)\n%s", res.Points, out)
	}
}

func TestCheckLossKink(t *testing.T) {
	// The absolute loss: any subgradient in [−1, 1] is right at 0.
	for _, at0 := range []float64{0, 1, -1, 0.5} {
		grad := func(r float64) float64 {
			switch {
			case r > 0:
				return 1
			case r < 0:
				return -1
			}
			return at0
		}
		var res *Result
		out := capture(t, func() { res = CheckRegressionLoss("mae", "MAE", math.Abs, grad, loss.Absolute{}, nil) })
		if res.Points != 4 {
			t.Errorf("ψ(0) = %v: score %d/4\n%s", at0, res.Points, out)
		}
	}
	var res *Result
	out := capture(t, func() {
		res = CheckRegressionLoss("mae", "MAE", math.Abs, func(float64) float64 { return 1 }, loss.Absolute{}, nil)
	})
	if res.Items[1].OK || !strings.Contains(out, "gradient wrong at residual = -0.25: got 1.0, want -1.0") {
		t.Errorf("a constant gradient passed:\n%s", out)
	}
}

func TestCheckMarginLoss(t *testing.T) {
	h := loss.Hinge{}
	var res *Result
	out := capture(t, func() {
		res = CheckMarginLoss("hinge", "Hinge", func(m float64) float64 { return math.Max(0, 1-m) },
			func(m float64) float64 {
				if m < 1 {
					return -1
				}
				return 0
			}, h, nil)
	})
	if res.Points != 4 || !strings.Contains(out, "margins") || !strings.Contains(out, "properties: ρ(m) ≥ 0\n") {
		t.Errorf("hinge: %d/4\n%s", res.Points, out)
	}
}

func TestCheckFunc(t *testing.T) {
	var res *Result
	out := capture(t, func() {
		res = CheckFunc("grad", "ψ", func(x float64) float64 { return 2 * x }, loss.Squared{}.Deriv, &Options{Points: []float64{1, 2}})
	})
	// Before, a one-letter variable was pluralised as "xs" / "ds".
	if res.Points != 1 || !strings.Contains(out, "value right at all 2 values of x") {
		t.Errorf("%s", out)
	}
}

func median3(ys []float64) float64 {
	s := slices.Sorted(slices.Values(ys))
	return s[len(s)/2]
}

func TestCheckFit(t *testing.T) {
	data := [][]float64{{2, 3, 5, 8, 40}, {1, 2, 3, 4}, {-7, 3, 3, 3, 100, 2}, {5}, {40, 2, 8, 3, 5}}
	sortsInPlace := func(ys []float64) float64 {
		sort.Float64s(ys)
		return ys[len(ys)/2]
	}
	unsorted := func(ys []float64) float64 { return ys[len(ys)/2] }
	cases := []struct {
		name   string
		fit    Fit
		points int
		want   string
	}{
		{"median", median3, 4, "✓ fit right on all 5 datasets"},
		{"lower middle", func(ys []float64) float64 {
			s := slices.Sorted(slices.Values(ys))
			return s[(len(s)-1)/2]
		}, 4, "Score: 4/4"},
		{"mean", mean, 1, "✗ fit wrong for ys = [2.0 3.0 5.0 8.0 40.0]: got c = 11.6 (mean loss 11.36), but c = 5.0 does better (mean loss 8.6); 11.6 is the mean, where the squared error goes"},
		{"in place", sortsInPlace, 3, "✗ your fit changed its data: called with ys = [-7.0 3.0 3.0 3.0 100.0 2.0], it left [-7.0 2.0 3.0 3.0 3.0 100.0]"},
		{"unsorted", unsorted, 1, "✗ fit wrong for ys = [40.0 2.0 8.0 3.0 5.0]: got c = 8.0"},
		{"panics", func(ys []float64) float64 { return ys[10] }, 0, "your fit panicked: index out of range [10] with length 5 at ys = [2.0 3.0 5.0 8.0 40.0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var res *Result
			out := capture(t, func() { res = CheckFit("fit", "MAE fit", c.fit, loss.Absolute{}, data, nil) })
			if res.Points != c.points || res.Max != 4 || !strings.Contains(out, c.want) {
				t.Errorf("score %d/%d, want %d/4 and %q:\n%s", res.Points, res.Max, c.points, c.want, out)
			}
		})
	}
}

func TestCheckMinimizer(t *testing.T) {
	ys := []float64{2, 3, 5, 8, 40}
	for _, c := range []struct {
		got    float64
		points int
		want   string
	}{
		{5, 1, "✓ right: c = 5.0"},
		{11.6, 0, "✗ c = 11.6 does not minimise the mean loss over ys = [2.0 3.0 5.0 8.0 40.0]: a smaller c does better; 11.6 is the mean, where the squared error goes"},
		{0, 0, "a larger c does better\n"},
		{math.NaN(), 0, "your answer is NaN"},
	} {
		var res *Result
		out := capture(t, func() {
			res = CheckMinimizer("predict", "Where the MAE fit goes", func() float64 { return c.got }, ys, loss.Absolute{})
		})
		if res.Points != c.points || !strings.Contains(out, c.want) {
			t.Errorf("got %v: %d/1, want %d and %q\n%s", c.got, res.Points, c.points, c.want, out)
		}
	}
	// Every point between the two middle ones minimises the MAE of an even count.
	for _, c := range []float64{2, 2.5, 3} {
		var res *Result
		capture(t, func() {
			res = CheckMinimizer("p", "p", func() float64 { return c }, []float64{1, 2, 3, 4}, loss.Absolute{})
		})
		if res.Points != 1 {
			t.Errorf("c = %v rejected for [1 2 3 4]", c)
		}
	}
	var res *Result
	out := capture(t, func() { res = CheckMinimizer("p", "p", func() float64 { return 5 }, ys, loss.Squared{}) })
	if res.Points != 0 || !strings.Contains(out, "5.0 is the median, where the absolute error goes") {
		t.Errorf("median under MSE:\n%s", out)
	}
}

func TestCheckChoice(t *testing.T) {
	c := Choice{Options: []string{"A", "B", "C", "D"}, Key: "B", Why: map[string]string{"a": "MSE chases the outliers.", "B": "Huber is robust."}}
	for _, tc := range []struct {
		got    string
		points int
		want   string
	}{
		{"", 0, "✗ no answer yet: choose one of A, B, C, D"},
		{"E", 0, `✗ "E" is not one of the choices A, B, C, D`},
		{" b.", 1, "✓ right: B. Huber is robust."},
		{"A)", 0, "✗ not A. MSE chases the outliers."},
		{"C", 0, "✗ not C\n"},
	} {
		var res *Result
		out := capture(t, func() { res = CheckChoice("choice", "Which loss?", func() string { return tc.got }, c) })
		if res.Points != tc.points || res.Max != 1 || !strings.Contains(out, tc.want) {
			t.Errorf("%q: %d/%d, want %d/1 and %q\n%s", tc.got, res.Points, res.Max, tc.points, tc.want, out)
		}
	}
	c.Key = ""
	var res *Result
	out := capture(t, func() { res = CheckChoice("choice", "Which loss?", func() string { return "c" }, c) })
	if res.Max != 0 || !strings.Contains(out, "✓ answer recorded: C") || strings.Contains(out, "Score") {
		t.Errorf("format-only check:\n%s", out)
	}
	out = capture(t, func() { res = CheckChoice("choice", "Which loss?", func() string { panic("not implemented") }, c) })
	if !strings.Contains(out, "✗ your answer panicked: it is not implemented yet") {
		t.Errorf("panicking answer:\n%s", out)
	}
	out = capture(t, func() { res = CheckChoice("choice", "Which loss?", nil, c) })
	if !strings.Contains(out, "✗ your answer panicked: the function is nil") {
		t.Errorf("nil answer:\n%s", out)
	}
}

// TestRecord: the grader's checker receives every Result through Record (a
// recorder never called, or called with other numbers than printed, would fail).
func TestRecord(t *testing.T) {
	var got []*Result
	Record(func(r *Result) { got = append(got, r) })
	defer Record(nil)
	v, g := huber(1)
	capture(t, func() { CheckRegressionLoss("huber", "Huber", v, g, loss.Huber{Delta: 1}, nil) })
	if len(got) != 1 || got[0].ID != "huber" || got[0].Points != 4 || got[0].Max != 4 || len(got[0].Items) != 4 {
		t.Errorf("recorded %+v", got)
	}
}

// TestAnswerFailure: a stub's failure in words is reported as such, not as a
// panic (a guard that said "panicked: {…}" would fail).
func TestAnswerFailure(t *testing.T) {
	f := func(float64) float64 { panic(testFailure("did not return within 5s (an endless loop?)")) }
	out := capture(t, func() { CheckFunc("f", "F", f, math.Abs, nil) })
	if !strings.Contains(out, "did not return within 5s (an endless loop?) at x = 0.0") || strings.Contains(out, "panicked") {
		t.Errorf("output:\n%s", out)
	}
}

type testFailure string

func (f testFailure) AnswerFailure() string { return string(f) }

// TestBadSettings: settings an instructor gets wrong are refused with the
// field named, score 0 of 0, and write to stderr; before, empty Points let a
// stub score 4/4 and a NaN point or a negative tolerance failed a right answer.
func TestBadSettings(t *testing.T) {
	var stderr bytes.Buffer
	FailOutput = &stderr
	defer func() { FailOutput = os.Stderr }()
	v, g := huber(1)
	h := loss.Huber{Delta: 1}
	fit := func(ys []float64) float64 { return inum.Median(ys) }
	answer := func() string { return "A" }
	for _, c := range []struct {
		run  func() *Result
		want string
	}{
		{func() *Result { return CheckRegressionLoss("a", "A", v, g, h, &Options{Points: []float64{}}) }, "Options.Points is empty"},
		{func() *Result {
			return CheckRegressionLoss("a", "A", v, g, h, &Options{Points: []float64{1, math.NaN()}})
		}, "Options.Points[1] = NaN"},
		{func() *Result { return CheckMarginLoss("a", "A", v, g, h, &Options{Tol: -1}) }, "Options.Tol = -1.0, want ≥ 0"},
		{func() *Result { return CheckMarginLoss("a", "A", v, g, h, &Options{FDTol: math.NaN()}) }, "Options.FDTol = NaN"},
		{func() *Result { return CheckRegressionLoss("a", "A", v, g, nil, nil) }, "ref is nil"},
		{func() *Result { return CheckFunc("a", "A", v, nil, nil) }, "want is nil"},
		{func() *Result { return CheckFit("a", "A", fit, h, nil, nil) }, "datasets is empty"},
		{func() *Result { return CheckFit("a", "A", fit, h, [][]float64{{1}, {}}, nil) }, "datasets[1] is empty"},
		{func() *Result { return CheckFit("a", "A", fit, h, [][]float64{{1, math.Inf(1)}}, nil) }, "datasets[0][1] = +Inf"},
		{func() *Result { return CheckFit("a", "A", fit, nil, [][]float64{{1}}, nil) }, "ref is nil"},
		{func() *Result { return CheckMinimizer("a", "A", func() float64 { return 1 }, nil, h) }, "ys is empty"},
		{func() *Result { return CheckMinimizer("a", "A", func() float64 { return 1 }, []float64{1}, nil) }, "ref is nil"},
		{func() *Result { return CheckChoice("a", "A", answer, Choice{}) }, "Choice.Options is empty"},
		{func() *Result { return CheckChoice("a", "A", answer, Choice{Options: []string{"A", "B"}, Key: "E"}) }, `Choice.Key = "E" is not one of Choice.Options (A, B)`},
		{func() *Result { return CheckChoice("a", "A", answer, Choice{Options: []string{"A", "a."}}) }, "repeats an option"},
	} {
		stderr.Reset()
		var r *Result
		out := capture(t, func() { r = c.run() })
		if !strings.Contains(r.Invalid, c.want) || r.Points != 0 || r.Max != 0 || !strings.Contains(out, "cannot grade") || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("want %q: invalid %q, %d/%d, stderr %q, output:\n%s", c.want, r.Invalid, r.Points, r.Max, stderr.String(), out)
		}
	}
}

func TestNbgraderMode(t *testing.T) {
	var stderr bytes.Buffer
	FailOutput = &stderr
	defer func() { FailOutput = os.Stderr }()
	v, g := huber(1)
	right := func() { CheckRegressionLoss("huber", "Huber", v, g, loss.Huber{Delta: 1}, nil) }
	wrong := func() { CheckRegressionLoss("huber", "Huber", v, v, loss.Huber{Delta: 1}, nil) }
	capture(t, wrong)
	if stderr.Len() != 0 {
		t.Errorf("wrote %q to stderr with %s unset", stderr.String(), ModeEnv)
	}
	t.Setenv(ModeEnv, "nbgrader")
	capture(t, right)
	if stderr.Len() != 0 {
		t.Errorf("a passed check wrote %q to stderr", stderr.String())
	}
	capture(t, wrong)
	if got := stderr.String(); got != "lossnb: Huber: 2/4\n" {
		t.Errorf("stderr %q, want the failed check's score", got)
	}
	// nbgrader autograde run without ModeEnv: it sets NBGRADER_EXECUTION
	// itself; before, every check cell then earned full marks in nbgrader.
	t.Setenv(ModeEnv, "")
	t.Setenv(nbgraderEnv, "autograde")
	stderr.Reset()
	capture(t, wrong)
	if got := stderr.String(); got != "lossnb: Huber: 2/4\n" {
		t.Errorf("under nbgrader autograde without %s: stderr %q, want the failed check's score", ModeEnv, got)
	}
	// nbgrader validate (the student's own run before hand-in) must name the
	// failing check cells too, or it would report every cell as passing.
	t.Setenv(nbgraderEnv, "validate")
	stderr.Reset()
	capture(t, wrong)
	if got := stderr.String(); got != "lossnb: Huber: 2/4\n" {
		t.Errorf("under nbgrader validate: stderr %q, want the failed check's score", got)
	}
	// Any other value: not nbgrader's run.
	t.Setenv(nbgraderEnv, "other")
	stderr.Reset()
	capture(t, wrong)
	if stderr.Len() != 0 {
		t.Errorf("NBGRADER_EXECUTION=other: wrote %q to stderr", stderr.String())
	}
}

func TestNum(t *testing.T) {
	for x, want := range map[float64]string{2: "2.0", 1.5: "1.5", -0.25: "-0.25", 1e20: "1e+20", 1.0 / 3: "0.333333", math.Inf(1): "+Inf"} {
		if got := num(x); got != want {
			t.Errorf("num(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}

// Stubs (what `lossnb assign` leaves in the student release) earn nothing.
func TestStubsScoreZero(t *testing.T) {
	zero := func(float64) float64 { return 0 }
	var res *Result
	out := capture(t, func() { res = CheckRegressionLoss("huber", "Huber", zero, zero, loss.Huber{Delta: 1}, nil) })
	if res.Points != 0 || !strings.Contains(out, "are they written yet?") {
		t.Errorf("stub loss: %d/4\n%s", res.Points, out)
	}
	out = capture(t, func() {
		res = CheckFit("fit", "fit", func([]float64) float64 { return 0 }, loss.Absolute{}, [][]float64{{1, 2, 3}, {7}}, nil)
	})
	if res.Points != 0 || !strings.Contains(out, "is it written yet?") {
		t.Errorf("stub fit: %d/4\n%s", res.Points, out)
	}
	out = capture(t, func() {
		res = CheckChoice("c", "c", func() string { return "" }, Choice{Options: []string{"A", "B"}, Key: "A"})
	})
	if res.Points != 0 {
		t.Errorf("stub choice: %d/1\n%s", res.Points, out)
	}
	out = capture(t, func() {
		res = CheckMinimizer("m", "m", func() float64 { return 0 }, []float64{2, 3, 5}, loss.Absolute{})
	})
	if res.Points != 0 {
		t.Errorf("stub prediction: %d/1\n%s", res.Points, out)
	}
}

func TestLargeResiduals(t *testing.T) {
	v, g := huber(2.5)
	var res *Result
	out := capture(t, func() {
		res = CheckRegressionLoss("h", "h", v, g, loss.Huber{Delta: 2.5}, &Options{Points: []float64{-1e6, -40, -2.5, -1e-9, 0, 1e-9, 2.4, 2.5, 2.6, 1e6}})
	})
	if res.Points != 4 {
		t.Errorf("right Huber at large residuals: %d/4\n%s", res.Points, out)
	}
}

// Long feedback wraps at spaces, never inside a word, with its later lines indented under
// the text; no line passes Width unless one word is longer. Catches feedback left to the
// browser (JupyterLab breaks "wherever it i / s wrong"), a word split or lost, and a line
// broken inside its leading indentation.
func TestWrap(t *testing.T) {
	msg := "off by a factor of 2.0 wherever it is wrong: at r = 0.5 your slope is 0.8, the loss's is 0.4; check the derivative of the quadratic part"
	r := &Result{Title: "Exercise 1", Items: []Item{{OK: false, Max: 1, Msg: msg}}, Max: 1}
	text := r.Text()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "  ✗ off by") || !strings.HasPrefix(lines[2], "    ") || lines[3] != "Score: 0/1" {
		t.Fatalf("text:\n%s", text)
	}
	var words []string
	for _, l := range lines[1:3] {
		if n := utf8.RuneCountInString(l); n > Width {
			t.Errorf("line of %d characters: %q", n, l)
		}
		words = append(words, strings.Fields(l)...)
	}
	if got := strings.Join(words[1:], " "); got != msg {
		t.Errorf("words changed:\n%q\nwant\n%q", got, msg)
	}
	long := strings.Repeat("x", Width+5)
	if got := Wrap("  a "+long+" b", "    "); got != "  a\n    "+long+"\n    b" {
		t.Errorf("a long word: %q", got)
	}
	if got := Wrap("  short\n  two  spaces", "    "); got != "  short\n  two  spaces" {
		t.Errorf("short lines changed: %q", got)
	}
}
