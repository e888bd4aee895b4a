package answers

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

// Cell is one check cell of the instructor's source, as a function of the
// checker.
type Cell struct {
	ID  string // the cell's nbgrader grade_id
	Run func()
}

// CellReport is what one check cell did.
type CellReport struct {
	ID      string             `json:"id"`
	Output  string             `json:"output"`  // what its checks printed
	Results []*exercise.Result `json:"results"` // in the order they reported
	Problem string             `json:"problem,omitempty"`
	Seconds float64            `json:"seconds"`
	Answers Stats              `json:"answers"`
}

// Report is what the checker writes: the cells it ran and what the student's
// processes printed.
type Report struct {
	Cells []CellReport `json:"cells"`
	// Next is the index of the first cell not run, −1 when all ran: after a
	// cell that ran out of time the checker stops (its check may still be
	// running) and the grader starts it again from Next.
	Next   int    `json:"next"`
	Output string `json:"output"`
}

// Check is the checker's main: it runs the cells from -from on, each with a
// fresh student's process, and writes the Report to -report. The grader
// generates a main that calls it with the source's check cells.
func Check(cells []Cell) {
	fs := flag.NewFlagSet("checker", flag.ExitOnError)
	config := fs.String("config", "", "the Config, as JSON")
	report := fs.String("report", "", "where to write the Report, as JSON")
	from := fs.Int("from", 0, "the first cell to run")
	fs.Parse(os.Args[1:])
	if err := check(cells, *config, *report, *from); err != nil {
		fmt.Fprintln(os.Stderr, "checker:", err)
		os.Exit(1)
	}
}

func check(cells []Cell, configPath, reportPath string, from int) error {
	if configPath == "" || reportPath == "" {
		return errors.New("-config and -report are required")
	}
	b, err := os.ReadFile(configPath)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &theClient.cfg); err != nil {
		return fmt.Errorf("%s: %w", configPath, err)
	}
	rep := Report{Next: -1}
	for k := from; k < len(cells); k++ {
		cr, finished := runCell(cells[k], theClient.cfg.CellTimeout)
		rep.Cells = append(rep.Cells, cr)
		if !finished {
			rep.Next = k + 1
			break
		}
	}
	Reset()
	rep.Output = theClient.output.String()
	out, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	return os.WriteFile(reportPath, out, 0o600)
}

// runCell runs one check cell with a fresh student's process, collecting
// what its checks print and report; finished is false when it ran out of time.
func runCell(c Cell, limit time.Duration) (cr CellReport, finished bool) {
	Reset()
	theClient.mu.Lock()
	theClient.stats = Stats{}
	theClient.mu.Unlock()
	if limit <= 0 {
		limit = time.Minute
	}
	var out syncBuffer
	var results []*exercise.Result
	done := make(chan string, 1)
	exercise.Output = &out
	exercise.Record(func(r *exercise.Result) {
		out.mu.Lock()
		results = append(results, r)
		out.mu.Unlock()
	})
	t0 := time.Now()
	go func() {
		defer func() {
			if v := recover(); v != nil {
				if f, ok := v.(Failure); ok {
					done <- "a check cell called your code outside a check, and it " + string(f)
					return
				}
				done <- fmt.Sprintf("the check cell stopped with a panic: %v", v)
			}
		}()
		c.Run()
		done <- ""
	}()
	finished = true
	select {
	case cr.Problem = <-done:
	case <-time.After(limit):
		cr.Problem = fmt.Sprintf("the check cell ran longer than %v and was stopped (an endless loop in your code?)", limit)
		finished = false
	}
	exercise.Record(nil)
	Reset()
	out.mu.Lock()
	cr.ID, cr.Output, cr.Results = c.ID, out.b.String(), results
	out.mu.Unlock()
	cr.Seconds = time.Since(t0).Seconds()
	theClient.mu.Lock()
	cr.Answers = theClient.stats
	theClient.mu.Unlock()
	return cr, finished
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
