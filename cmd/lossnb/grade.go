package main

// lossnb grade: the command line of package internal/grade, which grades
// students' submissions so that no student code can influence a score. The
// design and its threat model are in coursework/README.md.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/lossnb/lossnb/internal/grade"
)

func gradeCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := grade.Options{Stdout: stdout, Stderr: stderr, Codec: codec}
	fs.StringVar(&o.Source, "source", "", "the instructor's source notebook (with solutions and hidden tests)")
	fs.StringVar(&o.Out, "out", "", "folder for the gradebook and feedback (default ROOT/build/grades/NAME)")
	fs.IntVar(&o.Jobs, "jobs", runtime.NumCPU(), "submissions graded at the same time")
	fs.DurationVar(&o.CellTimeout, "cell-timeout", 30*time.Second, "time limit of one check cell, and of one call of a student's function")
	fs.DurationVar(&o.Timeout, "timeout", 180*time.Second, "time limit of all the check cells of one submission")
	mem := fs.String("mem", "2GiB", "memory limit of a student's program (address space of each process, and of the whole sandbox where cgroups allow)")
	fs.StringVar(&o.Format, "feedback", "md", "feedback format: md or html")
	fs.BoolVar(&o.Keep, "keep", false, "keep the grader's temporary folder (for debugging the grader)")
	fs.StringVar(&o.Isolation, "isolation", "auto", "sandbox (bubblewrap), none (trusted submissions only), or auto (the sandbox, or an error saying why not)")
	fs.StringVar(&o.Cache, "cache", "", "the grader's Go build cache, kept between runs (default ROOT/build/grade-cache)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.Source == "" {
		return errors.New("grade: -source SOURCE.ipynb is required (the instructor's notebook with the hidden tests)")
	}
	if o.Format != "md" && o.Format != "html" {
		return fmt.Errorf("grade: -feedback = %q, want md or html", o.Format)
	}
	if o.Jobs < 1 || o.CellTimeout <= 0 || o.Timeout <= 0 {
		return errors.New("grade: -jobs, -cell-timeout and -timeout must be positive")
	}
	var err error
	if o.Mem, err = parseBytes(*mem); err != nil {
		return fmt.Errorf("grade: -mem: %w", err)
	}
	if fs.NArg() == 0 {
		return errors.New("grade: no submissions given (files, or folders holding them)")
	}
	if o.Root, err = findRoot(); err != nil {
		return err
	}
	if o.Out == "" {
		o.Out = filepath.Join(o.Root, "build", "grades", strings.TrimSuffix(filepath.Base(o.Source), ".ipynb"))
	}
	if o.Cache == "" {
		o.Cache = filepath.Join(o.Root, "build", "grade-cache")
	}
	if err := grade.Run(o, fs.Args()); err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	return nil
}

func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"G", 1 << 30}, {"M", 1 << 20}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.m
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a size such as 2GiB or 512MiB", s)
	}
	v := int64(n * float64(mult))
	if v < 256<<20 {
		return 0, fmt.Errorf("%s is too small: a Go program needs about 256 MiB of address space to start", s)
	}
	return v, nil
}

// codec gives package grade the notebook reading and writing assign uses.
var codec = grade.Codec{
	Read: func(name string, data []byte) (*grade.Notebook, error) {
		nb, err := readNotebook(name, data)
		if err != nil {
			return nil, err
		}
		out := &grade.Notebook{Kernel: nb.kernel(), Raw: nb.raw}
		for _, c := range nb.cells {
			out.Cells = append(out.Cells, toCell(c))
		}
		return out, nil
	},
	Encode: func(nb *grade.Notebook, cells []map[string]any) ([]byte, error) {
		raw := map[string]any{}
		for k, v := range nb.Raw {
			raw[k] = v
		}
		return (&notebook{raw: raw, cells: cells}).encode()
	},
	Release: func(c grade.Cell) (string, error) { return releaseCell(c.Raw) },
	CheckSource: func(name string, data []byte) error {
		if _, err := makeRelease(name, data); err != nil {
			return err
		}
		return gradable(name, data)
	},
}

func toCell(c map[string]any) grade.Cell {
	src, _ := sourceOf(c)
	m, _ := metaOf(c)
	t, _ := c["cell_type"].(string)
	id, _ := c["id"].(string)
	return grade.Cell{Type: t, ID: id, Source: src, Raw: c,
		Meta: grade.Meta{GradeID: m.GradeID, Solution: m.Solution, Grade: m.Grade, Locked: m.Locked}}
}
