package exercise

import (
	"fmt"
	"slices"
	"strings"
)

// Choice describes a multiple-choice question.
type Choice struct {
	// Options are the labels a student may answer, e.g. {"A", "B", "C", "D"}.
	Options []string
	// Key is the right label. Leave it empty in a visible check: the
	// check then only says whether the answer is one of the Options, and
	// a hidden test with the Key grades it.
	Key string
	// Why optionally explains each label, shown when that label is
	// chosen: why it is right, or why it is not.
	Why map[string]string
}

// CheckChoice checks the multiple-choice answer that answer returns
// (called guarded, as every student function). Answers are compared
// without case, spaces, or a trailing "." or ")", so "b", " B." and "B)"
// are all "B". With a Key it has one criterion worth one point; without,
// one criterion worth no point that says whether got is one of the options.
func CheckChoice(id, title string, answer func() string, c Choice) *Result {
	r := &Result{ID: id, Title: title}
	if why := checkChoice(c); why != "" {
		return refuse(r, "CheckChoice", why)
	}
	max := 0
	if c.Key != "" {
		max = 1
	}
	g := newGuard("your answer", func(struct{}) string { return answer() }, 0)
	defer g.close()
	if answer == nil {
		g.f = nil
	}
	got, f := g.call(struct{}{}, "the call")
	if f != nil {
		r.add(false, max, "your answer %s", f.msg)
		return report(r)
	}
	a := normalize(got)
	var labels []string
	for _, o := range c.Options {
		labels = append(labels, normalize(o))
	}
	list := strings.Join(labels, ", ")
	switch {
	case a == "":
		r.add(false, max, "no answer yet: choose one of %s", list)
	case !slices.Contains(labels, a):
		r.add(false, max, "%q is not one of the choices %s", clip(got, 20), list)
	case c.Key == "":
		r.add(true, 0, "answer recorded: %s (it is graded when you hand in)", a)
	case a == normalize(c.Key):
		r.add(true, max, "right: %s%s", a, why(c, a))
	default:
		r.add(false, max, "not %s%s", a, why(c, a))
	}
	return report(r)
}

func why(c Choice, label string) string {
	for k, v := range c.Why {
		if normalize(k) == label && v != "" {
			return fmt.Sprintf(". %s", v)
		}
	}
	return ""
}

func normalize(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ".)")
	return strings.ToUpper(strings.TrimSpace(s))
}
