package lite

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// run runs the cells in one session and returns stdout, stderr, the
// bundles shown and the last cell's error.
func run(t *testing.T, cells ...string) (string, string, []Bundle, error) {
	t.Helper()
	var out, errw strings.Builder
	var shown []Bundle
	s, err := New(Options{Stdout: &out, Stderr: &errw, Display: func(b Bundle) { shown = append(shown, b) }, NoPNG: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cells {
		err = s.Run(context.Background(), c)
		if err != nil && i < len(cells)-1 {
			t.Fatalf("cell %d: %v\nstderr: %s", i+1, err, errw.String())
		}
	}
	return out.String(), errw.String(), shown, err
}

func TestX(t *testing.T) {
	out, serr, shown, err := run(t,
		"import (\n\t\"github.com/lossnb/lossnb/lossnb/nb\"\n\t\"github.com/lossnb/lossnb/lossnb/loss\"\n\t\"github.com/lossnb/lossnb/lossnb/lesson\"\n)",
		"%%\nh := nb.Must(loss.NewHuber(0.5))\nfmt.Println(h.Name(), h.Value(2), math.Pi)",
		"%%\nnb.Show(nb.Must(lesson.KeyIdea(lesson.Deltas, 0.5)))",
		"%%\nvar a []int\n\nfmt.Println(a[3])",
	)
	t.Logf("out %q\nerr %q\nshown %d\nerr %v", out, serr, len(shown), err)
	var e *Error
	_ = errors.As(err, &e)
}
