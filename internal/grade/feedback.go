package grade

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	"github.com/lossnb/lossnb/lossnb/exercise/answers"
)

// statusWords says a status to the student.
var statusWords = map[string]string{
	StatusOK:          "graded",
	StatusBlank:       "graded; no answer was filled in",
	StatusIncomplete:  "graded; some checks did not run",
	StatusTimeout:     "graded; some of your code ran out of time",
	StatusCrashed:     "graded; your program ended during a check",
	StatusTooLarge:    "not graded: the file is too large",
	StatusNotNotebook: "not graded: the file is not a notebook",
	StatusWrongKernel: "not graded: the notebook does not use the Go kernel",
	StatusRefused:     "not graded: the file was refused",
	StatusGraderError: "not graded: the grader failed; your instructor has been told",
}

// feedbackView is what a student's feedback shows.
type feedbackView struct {
	Assignment, Student string
	Score, Max          int
	Status              string
	Notes               []string
	Checks              []checkView
}

type checkView struct {
	Title       string
	Points, Max int
	ShowScore   bool
	Missing     string
	Items       []itemView
}

type itemView struct{ Mark, Msg string }

var mdFeedback = template.Must(template.New("md").Parse(`# {{.Assignment}}: feedback for {{.Student}}

**Score: {{.Score}}/{{.Max}}** ({{.Status}})
{{if .Notes}}
{{range .Notes}}- {{.}}
{{end}}{{end}}
{{- range .Checks}}
## {{.Title}}{{if .ShowScore}}: {{.Points}}/{{.Max}}{{end}}

{{if .Missing}}This check did not run: {{.Missing}}.
{{else}}{{range .Items}}- {{.Mark}} {{.Msg}}
{{end}}{{end}}
{{- end}}`))

var htmlFeedback = htmltemplate.Must(htmltemplate.New("html").Parse(`<!doctype html>
<meta charset="utf-8">
<title>{{.Assignment}}: feedback for {{.Student}}</title>
<style>body{font:15px/1.5 sans-serif;max-width:50em;margin:2em auto}li{list-style:none}</style>
<h1>{{.Assignment}}: feedback for {{.Student}}</h1>
<p><strong>Score: {{.Score}}/{{.Max}}</strong> ({{.Status}})</p>
{{if .Notes}}<ul>{{range .Notes}}
<li>{{.}}</li>{{end}}
</ul>{{end}}
{{range .Checks}}<h2>{{.Title}}{{if .ShowScore}}: {{.Points}}/{{.Max}}{{end}}</h2>
{{if .Missing}}<p>This check did not run: {{.Missing}}.</p>
{{else}}<ul>{{range .Items}}
<li>{{.Mark}} {{.Msg}}</li>{{end}}
</ul>
{{end}}{{end}}`))

// view is a submission's feedback: the score, what happened, and each check's
// verdict or why it did not run. It quotes no code of the check cells.
func (g *grader) view(s *submission) feedbackView {
	v := feedbackView{Assignment: strings.TrimSuffix(filepath.Base(g.o.Source), ".ipynb"), Student: display(s.student),
		Score: s.Score, Max: g.maxScore(), Status: statusWords[s.Status], Notes: s.Notes}
	for k, e := range g.expected {
		c := checkView{Title: e.Title, Max: e.Max, ShowScore: e.Max > 0}
		if r := s.Results[k]; r != nil {
			c.Points = r.Points
			for _, it := range r.Items {
				mark := "✓"
				if !it.OK {
					mark = "✗"
				}
				c.Items = append(c.Items, itemView{mark, it.Msg})
			}
		} else {
			c.Missing = strings.TrimSuffix(s.Missing[e.ID], ".")
		}
		v.Checks = append(v.Checks, c)
	}
	return v
}

// column is a check's gradebook header: its id and its maximum, "huber-1
// (/4)", neutralised for spreadsheets as every field a person wrote.
func column(e expected) string {
	return cell(fmt.Sprintf("%s (/%d)", e.ID, e.Max))
}

// write writes the gradebook, the feedback, and the instructor's copies.
func (g *grader) write(subs []*submission) error {
	fbDir := filepath.Join(g.o.Out, "feedback")
	exDir := filepath.Join(g.o.Out, "executed")
	if err := os.MkdirAll(fbDir, 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(exDir, 0o700); err != nil {
		return err
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"student", "file", "status", "score", "max"}
	for _, e := range g.expected {
		if e.Max > 0 {
			head = append(head, column(e))
		}
	}
	w.Write(append(head, "seconds", "feedback", "flags", "details"))
	used := map[string]string{}
	for _, s := range subs {
		name := fileName(s.student)
		if other, taken := used[name]; taken && other != s.student {
			name += "-" + shortHash(s.path)
		}
		used[name] = s.student
		row := []string{cell(s.student), cell(s.path), s.Status, strconv.Itoa(s.Score), strconv.Itoa(g.maxScore())}
		for _, e := range g.expected {
			if e.Max > 0 {
				row = append(row, strconv.Itoa(s.Points[e.ID]))
			}
		}
		ext := ".md"
		if g.o.Format == "html" {
			ext = ".html"
		}
		row = append(row, strconv.FormatFloat(s.Seconds, 'f', 1, 64), name+ext, cell(strings.Join(s.Flags, "; ")), cell(strings.Join(s.Notes, "; ")))
		w.Write(row)
		var fb bytes.Buffer
		var err error
		if g.o.Format == "html" {
			err = htmlFeedback.Execute(&fb, g.view(s))
		} else {
			err = mdFeedback.Execute(&fb, g.view(s))
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(fbDir, name+ext), fb.Bytes(), 0o644); err != nil {
			return err
		}
		if s.copy != nil {
			// The instructor's copy, with the hidden tests: not for students.
			if err := os.WriteFile(filepath.Join(exDir, name+".ipynb"), s.copy, 0o600); err != nil {
				return err
			}
		}
	}
	w.Flush()
	return os.WriteFile(filepath.Join(g.o.Out, "gradebook.csv"), b.Bytes(), 0o644)
}

// instructorCopy is the graded notebook for the instructor: the merged cells
// (hidden tests included), each check cell with what its checks printed and
// which check gave which points, and what the student's program printed.
func (g *grader) instructorCopy(nb *Notebook, merged []placed, reports []answers.CellReport, output string) []byte {
	byCell := map[string]answers.CellReport{}
	for _, cr := range reports {
		byCell[cr.ID] = cr
	}
	intro := "**Graded by `lossnb grade`: the instructor's copy (hidden tests included; do not hand it out).**\n\n" +
		"The output of each check cell below is the checker's: a program the grader built from the assignment alone, " +
		"which decided every point. The student's functions ran in a sandboxed program of their own, called through a pipe; " +
		"only the values they returned reached the checks. The student's cells were not run as a notebook (only their " +
		"declarations were compiled), so they have no outputs here."
	cells := []map[string]any{{"cell_type": "markdown", "metadata": map[string]any{}, "source": intro}}
	for _, p := range merged {
		c := clone(p.cell.Raw)
		if c == nil {
			c = map[string]any{"cell_type": p.cell.Type, "metadata": map[string]any{}, "source": p.cell.Source}
		}
		if p.cell.Type == "code" {
			c["outputs"], c["execution_count"] = []any{}, nil
			if !p.student && p.cell.isTest() {
				text := "(this check cell did not run)\n"
				if cr, ok := byCell[p.cell.Meta.GradeID]; ok {
					text = cr.Output
					if cr.Problem != "" {
						text += "[lossnb grade] " + cr.Problem + "\n"
					}
					text += "[lossnb grade] points from this cell, decided by the checker:\n"
					for _, r := range cr.Results {
						text += fmt.Sprintf("  %s: %d/%d  (%s)\n", r.ID, r.Points, r.Max, r.Title)
					}
				}
				c["outputs"] = []any{map[string]any{"output_type": "stream", "name": "stdout", "text": text}}
			}
		}
		cells = append(cells, c)
	}
	if output == "" {
		output = "(nothing)"
	}
	cells = append(cells, map[string]any{"cell_type": "raw", "metadata": map[string]any{},
		"source": "What the student's program printed while it was graded (its first 4 KiB):\n\n" + output})
	data, err := g.o.Codec.Encode(&Notebook{Raw: g.src.Raw}, cells)
	if err != nil {
		return nil
	}
	return data
}

func clone(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(m)
	var out map[string]any
	json.Unmarshal(b, &out)
	return out
}
