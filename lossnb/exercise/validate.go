package exercise

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Settings an instructor can get wrong are refused: a check with a wrong
// setting scores nobody (0 of 0), says which setting is wrong on its ✗
// line and on standard error (so that `lossnb assign -check`, the notebook
// tests and `lossnb grade`'s run of the solutions all fail on it), and its
// Result carries the reason in Invalid. Without this, empty Points let a
// stub score full marks, and a NaN point or a negative tolerance fails a
// right answer.

// checkOptions returns what is wrong with opts, naming the field.
func checkOptions(o *Options) string {
	if o == nil {
		return ""
	}
	if o.Points != nil && len(o.Points) == 0 {
		return "Options.Points is empty (nil gives the default grid)"
	}
	if i := slices.IndexFunc(o.Points, notFinite); i >= 0 {
		return fmt.Sprintf("Options.Points[%d] = %s, want a finite number", i, num(o.Points[i]))
	}
	for _, t := range []struct {
		name string
		v    float64
	}{{"Tol", o.Tol}, {"FDTol", o.FDTol}} {
		if t.v < 0 || notFinite(t.v) {
			return fmt.Sprintf("Options.%s = %s, want ≥ 0 (0 for the default)", t.name, num(t.v))
		}
	}
	if o.Timeout < 0 {
		return fmt.Sprintf("Options.Timeout = %v, want ≥ 0 (0 for the default %v)", o.Timeout, DefaultTimeout)
	}
	return ""
}

func notFinite(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

// checkData returns what is wrong with a dataset named name, or "".
func checkData(name string, ys []float64) string {
	if len(ys) == 0 {
		return name + " is empty"
	}
	if i := slices.IndexFunc(ys, notFinite); i >= 0 {
		return fmt.Sprintf("%s[%d] = %s, want a finite number", name, i, num(ys[i]))
	}
	return ""
}

// checkDatasets returns what is wrong with CheckFit's datasets, or "".
func checkDatasets(datasets [][]float64) string {
	if len(datasets) == 0 {
		return "datasets is empty"
	}
	for i, ys := range datasets {
		if why := checkData(fmt.Sprintf("datasets[%d]", i), ys); why != "" {
			return why
		}
	}
	return ""
}

// checkChoice returns what is wrong with a Choice, or "".
func checkChoice(c Choice) string {
	if len(c.Options) == 0 {
		return "Choice.Options is empty"
	}
	var labels []string
	for i, o := range c.Options {
		n := normalize(o)
		if n == "" {
			return fmt.Sprintf("Choice.Options[%d] = %q is blank", i, o)
		}
		if slices.Contains(labels, n) {
			return fmt.Sprintf("Choice.Options[%d] = %q repeats an option", i, o)
		}
		labels = append(labels, n)
	}
	if c.Key != "" && !slices.Contains(labels, normalize(c.Key)) {
		return fmt.Sprintf("Choice.Key = %q is not one of Choice.Options (%s)", c.Key, strings.Join(labels, ", "))
	}
	return ""
}

// refuse reports a check that cannot grade because of its settings: fn
// names the check function, why the setting.
func refuse(r *Result, fn, why string) *Result {
	r.Invalid = fmt.Sprintf("exercise.%s(%q): %s", fn, r.ID, why)
	fmt.Fprintf(FailOutput, "lossnb: %s\n", r.Invalid)
	return report(r)
}

// firstProblem returns the first non-empty reason.
func firstProblem(whys ...string) string {
	for _, w := range whys {
		if w != "" {
			return w
		}
	}
	return ""
}
