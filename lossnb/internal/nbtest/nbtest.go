// Package nbtest reads the course notebooks for the claims tests of the lesson
// packages: each lesson's tests check that the numbers its notebook's prose states
// are the numbers the code computes. It is imported by tests only.
package nbtest

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/lossnb/lossnb/lossnb/chart"
)

// Cell is one cell of a notebook in notebooks/: its type, nbgrader grade_id and source.
type Cell struct {
	Type, GradeID, Source string
}

// root returns the repository root: the nearest directory above the working
// directory (the package under test) that holds notebooks/.
func root(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "notebooks")); err == nil && st.IsDir() {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("nbtest: no notebooks/ folder above the working directory")
		}
		dir = up
	}
}

// ReadCells returns the cells of a notebook in notebooks/.
func ReadCells(t *testing.T, name string) []Cell {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string `json:"cell_type"`
			Metadata struct {
				Nbgrader struct {
					GradeID string `json:"grade_id"`
				} `json:"nbgrader"`
			} `json:"metadata"`
			Source json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	cells := make([]Cell, len(nb.Cells))
	for i, c := range nb.Cells {
		// nbformat stores a source as a list of lines or as one string.
		var lines []string
		if err := json.Unmarshal(c.Source, &lines); err != nil {
			var s string
			if err := json.Unmarshal(c.Source, &s); err != nil {
				t.Fatalf("%s: cell source: %v", name, err)
			}
			lines = []string{s}
		}
		cells[i] = Cell{c.CellType, c.Metadata.Nbgrader.GradeID, strings.Join(lines, "")}
	}
	return cells
}

// CellText returns the sources of the cells of one type of a notebook in
// notebooks/, one after the other.
func CellText(t *testing.T, name, cellType string) string {
	t.Helper()
	var sb strings.Builder
	for _, c := range ReadCells(t, name) {
		if c.Type == cellType {
			sb.WriteString(c.Source)
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

// Prose returns the markdown of a notebook in notebooks/, with line breaks folded
// to spaces so that a phrase may span lines.
func Prose(t *testing.T, name string) string {
	t.Helper()
	return strings.Join(strings.Fields(CellText(t, name, "markdown")), " ")
}

// Code returns the code cells of a notebook in notebooks/, joined.
func Code(t *testing.T, name string) string {
	t.Helper()
	return CellText(t, name, "code")
}

// Claim checks that text states phrase and that got equals want within tol.
func Claim(t *testing.T, text, phrase string, got, want, tol float64) {
	t.Helper()
	if !strings.Contains(text, phrase) {
		t.Errorf("the notebook no longer says %q: update this test with the prose", phrase)
	}
	if math.IsNaN(got) || !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
		t.Errorf("%q: computed %v, the prose says %v", phrase, got, want)
	}
}

// Predictions ties each "Predict, then run" prompt of notebook name, given as
// {phrase of the prose, code of the cell that answers it}, to its cell: it fails
// when the prose no longer asks the phrase, or no code cell holds the code.
func Predictions(t *testing.T, name string, prompts [][2]string) {
	t.Helper()
	prose, code := Prose(t, name), Code(t, name)
	for _, p := range prompts {
		if !strings.Contains(prose, p[0]) {
			t.Errorf("%s: the prose no longer says %q", name, p[0])
		}
		if !strings.Contains(code, p[1]) {
			t.Errorf("%s: no cell answers %q with %s", name, p[0], p[1])
		}
	}
}

// WantErr fails unless err is non-nil and mentions every part (the function,
// the argument, the value).
func WantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one mentioning %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// Round2 and Round3 round as the notebooks' prose states numbers.
func Round2(v float64) float64 { return math.Round(100*v) / 100 }

// Round3 rounds to three decimals.
func Round3(v float64) float64 { return math.Round(1000*v) / 1000 }

// Render fails the test unless the chart items render (chart.Render): a lesson's
// chart that builds but cannot be drawn would show a blank box in the notebook.
func Render(t *testing.T, items ...chart.Item) {
	t.Helper()
	if _, err := chart.Render(items...); err != nil {
		t.Fatal(err)
	}
}

// Must returns a function that gives v, or fails the test at once if err is not nil:
// v := nbtest.Must(F(x))(t), for a result whose error the test does not examine.
func Must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
