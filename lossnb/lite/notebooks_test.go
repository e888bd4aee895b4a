package lite

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

// notebookCells returns the code cells of a notebook.
func notebookCells(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var nbk struct {
		Cells []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nbk); err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, c := range nbk.Cells {
		if c.CellType != "code" {
			continue
		}
		var lines []string
		if err := json.Unmarshal(c.Source, &lines); err != nil {
			var one string
			if err := json.Unmarshal(c.Source, &one); err != nil {
				t.Fatal(err)
			}
			lines = []string{one}
		}
		cells = append(cells, strings.Join(lines, ""))
	}
	return cells
}

// TestNotebooks runs every course notebook's cells in one session each,
// natively: a cell the interpreter cannot compile or run (an unsupported
// construct, a type nb.Must cannot spell, a missing symbol) fails here
// before it fails in the browser.
func TestNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the lessons")
	}
	files, _ := filepath.Glob("../../notebooks/[0-9][0-9]-*.ipynb")
	if len(files) == 0 {
		t.Fatal("no notebooks found")
	}
	for _, f := range files {
		// 04–06 train models for tens of seconds: the Node test of the
		// WebAssembly build runs them; here only with LOSSNB_LITE_ALL=1.
		if heavy := strings.Contains("040506", filepath.Base(f)[:2]); heavy && os.Getenv("LOSSNB_LITE_ALL") == "" {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			var out, errw strings.Builder
			saved := exercise.Output
			exercise.Output = &out
			defer func() { exercise.Output = saved }()
			shown := 0
			s, err := New(Options{Stdout: &out, Stderr: &errw, Display: func(Bundle) { shown++ }, NoPNG: true})
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range notebookCells(t, f) {
				if err := s.Run(context.Background(), c); err != nil {
					t.Errorf("cell %d: %v\n%s", i+1, err, c)
				}
			}
			if errw.Len() > 0 {
				t.Errorf("stderr: %s", errw.String())
			}
			if shown == 0 {
				t.Errorf("no chart shown")
			}
			t.Logf("%d outputs; stdout:\n%s", shown, out.String())
		})
	}
}
