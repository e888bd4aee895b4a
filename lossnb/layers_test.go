// Package lossnb_test holds the import rules of the lossnb packages (the
// README's "How it fits together" and each package's doc comment say them
// in words): the layers, and what must stay out of a notebook cell's link.
package lossnb_test

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/lossnb/lossnb/"

// layer is the rule of a package and the packages under it (the longest
// matching pkg applies).
type layer struct {
	pkg string
	// may lists the module's packages it may import directly (each with
	// the packages under it); its own subtree is always allowed.
	may []string
	// never lists packages it may not depend on even indirectly: "p"
	// forbids p, "p/..." p and everything under it.
	never []string
}

// heavy is what would slow the link of every notebook cell that shows a
// chart (gonum/plot alone adds about 0.5 s; go-echarts' templates triple
// the link time): package chart uses go-echarts' option types only.
var heavy = []string{
	"gonum.org/v1/plot/...",
	"github.com/go-echarts/go-echarts/v2/charts/...",
	"github.com/go-echarts/go-echarts/v2/components/...",
	"github.com/go-echarts/go-echarts/v2/render/...",
	"github.com/go-echarts/go-echarts/v2/templates/...",
	"html/template",
}

var layers = []layer{
	// The math: no charts, no notebook.
	{pkg: "lossnb/loss", may: []string{"lossnb/internal/argcheck", "lossnb/internal/enum"}, never: append([]string{"github.com/go-echarts/...", "github.com/janpfeifer/..."}, heavy...)},
	{pkg: "lossnb/fit", may: []string{"lossnb/loss", "lossnb/internal/argcheck", "lossnb/internal/num"}, never: append([]string{"github.com/go-echarts/...", "github.com/janpfeifer/..."}, heavy...)},
	// Charts know nothing of losses; they link light.
	{pkg: "lossnb/chart", never: append([]string{"github.com/janpfeifer/..."}, heavy...)},
	{pkg: "lossnb/figure", may: []string{"lossnb/chart"}, never: []string{"github.com/janpfeifer/..."}},
	// nb speaks GoNB's protocol itself: not even gonbui (see its doc).
	{pkg: "lossnb/nb", may: []string{"lossnb/chart"}, never: append([]string{"github.com/janpfeifer/gonb/gonbui", module + "lossnb/figure"}, heavy...)},
	// Lessons compute with loss and fit and describe charts; the notebook
	// shows them with nb. They hold the exercises' choices and explanations
	// (exercise.Choice values), so they may import exercise (which imports no
	// lesson).
	// metric and optim are the math of several lessons: model metrics, optimizers.
	{pkg: "lossnb/metric", may: []string{"lossnb/loss"}, never: append([]string{"github.com/go-echarts/...", "github.com/janpfeifer/..."}, heavy...)},
	{pkg: "lossnb/optim", never: append([]string{"github.com/go-echarts/...", "github.com/janpfeifer/..."}, heavy...)},
	{pkg: "lossnb/lesson", may: []string{"lossnb/loss", "lossnb/fit", "lossnb/metric", "lossnb/optim", "lossnb/chart", "lossnb/exercise", "lossnb/internal"}, never: append([]string{"github.com/janpfeifer/..."}, heavy...)},
	// Every exercise cell links exercise: no charts either.
	{pkg: "lossnb/exercise", may: []string{"lossnb/loss", "lossnb/fit", "lossnb/internal"}, never: append([]string{"github.com/janpfeifer/...", "github.com/go-echarts/...", module + "lossnb/chart"}, heavy...)},
	// Shared helpers below everything else.
	{pkg: "lossnb/internal", never: heavy},
	// The argument check shared by loss and fit sits below both: standard library only.
	{pkg: "lossnb/internal/argcheck", never: append([]string{"gonum.org/...", "github.com/..."}, heavy...)},
	{pkg: "lossnb/internal/enum", never: append([]string{"gonum.org/...", "github.com/..."}, heavy...)},
	{pkg: "lossnb/internal/apicheck", may: []string{"lossnb/chart"}, never: heavy},
	// The claims tests' notebook reader renders the charts it is given (chart only).
	{pkg: "lossnb/internal/nbtest", may: []string{"lossnb/chart"}, never: heavy},
	// The module's own test helpers (copying a test binary): standard library only.
	{pkg: "internal", never: append([]string{"github.com/go-echarts/...", "github.com/janpfeifer/..."}, heavy...)},
	// lossnb lite: the interpreter's runtime for the browser (cmd/lossnb-lite), with the
	// symbols of every package cells use. It is a top: no package imports it.
	{pkg: "lossnb/lite", may: []string{"lossnb"}},
	// Grading is part of the lossnb command (it builds the checker and the student's
	// program, and writes HTML feedback with html/template): command level.
	{pkg: "internal/grade", may: []string{"lossnb", "internal"}},
	// Commands and the Docker image's tests are the top: anything.
	{pkg: "cmd", may: []string{"lossnb", "cmd", "internal"}},
	{pkg: "docker", may: []string{"lossnb", "cmd", "internal"}},
}

// TestImportRules fails when a package imports a package of the module
// that its layer does not allow (lesson importing nb, chart importing
// loss, …), depends on something it must never link (gonum/plot in chart
// or nb), or has no rule at all (a new package: add its rule here, in the
// README and in its doc comment).
func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} | {{join .Imports \" \"}} | {{join .Deps \" \"}}", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, errText(err))
	}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), " | ")
		if len(f) != 3 {
			t.Fatalf("go list printed %q", sc.Text())
		}
		pkg := strings.TrimPrefix(f[0], module)
		if pkg == "lossnb" {
			continue // this test
		}
		rule, ok := ruleOf(pkg)
		if !ok {
			t.Errorf("%s has no import rule: add one to layers in lossnb/layers_test.go (and say it in the README and the package doc)", pkg)
			continue
		}
		n++
		for _, imp := range strings.Fields(f[1]) {
			in, ok := strings.CutPrefix(imp, module)
			if !ok || under(in, rule.pkg) {
				continue
			}
			allowed := false
			for _, m := range rule.may {
				allowed = allowed || under(in, m)
			}
			if !allowed {
				t.Errorf("%s imports %s: its layer (%s) may import only %v", pkg, in, rule.pkg, rule.may)
			}
		}
		for _, dep := range strings.Fields(f[2]) {
			for _, bad := range rule.never {
				if p, all := strings.CutSuffix(bad, "/..."); dep == bad || all && under(dep, p) {
					t.Errorf("%s depends on %s, which its layer (%s) must never link", pkg, dep, rule.pkg)
				}
			}
		}
	}
	if n < 8 {
		t.Errorf("only %d packages checked: is go list reading this module?", n)
	}
}

// ruleOf returns the rule with the longest pkg that holds p.
func ruleOf(p string) (layer, bool) {
	best, ok := layer{}, false
	for _, l := range layers {
		if under(p, l.pkg) && (!ok || len(l.pkg) > len(best.pkg)) {
			best, ok = l, true
		}
	}
	return best, ok
}

// under reports whether package p is dir or below it.
func under(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

func errText(err error) string {
	if e, ok := err.(*exec.ExitError); ok {
		return string(e.Stderr)
	}
	return ""
}
