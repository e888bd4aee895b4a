// Package grade grades students' notebooks so that no student code can
// influence the score.
//
// For each submission it builds two programs (see program.go): the
// student's answers, from the student's cells, run in a sandbox
// (sandbox.go); and the checker, built once from the instructor's source
// alone (check cells and hidden tests, with each answer function replaced by
// a stub that calls the student's program through a pipe). The checker
// decides every point and runs no student code; the student's program
// never sees the checker, its binary, the hidden tests or the answer keys.
// The grader merges each submission with the source (merge.go), scores the
// checker's reports (score.go) and writes the gradebook, the feedback and
// the instructor's copies (feedback.go). coursework/README.md has the
// threat model.
//
// It is part of the lossnb command: it may import the lossnb packages and the
// module's internal ones (lossnb/layers_test.go checks the import rules).
package grade

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lossnb/lossnb/lossnb/exercise"
	"github.com/lossnb/lossnb/lossnb/exercise/answers"
)

// Options of a grading run.
type Options struct {
	Root        string // the lossnb repository (its module builds both programs)
	Source      string // the instructor's source notebook
	Out         string // the gradebook's folder
	Jobs        int
	CellTimeout time.Duration // a check cell; also one call of the student's code
	Timeout     time.Duration // all check cells of a submission
	Mem         int64         // address space of the student's program (and its cgroup)
	Format      string        // feedback: "md" or "html"
	Keep        bool          // keep the work folder
	Isolation   string        // "auto", "sandbox" or "none"
	Cache       string        // the Go build cache of the grader's builds
	Codec       Codec
	Stdout      io.Writer
	Stderr      io.Writer
}

// Statuses of a submission in the gradebook.
const (
	StatusOK          = "ok"             // every check reported
	StatusBlank       = "blank"          // every check reported, and no answer was filled in (see noAnswers in merge.go)
	StatusIncomplete  = "incomplete"     // some checks did not report
	StatusTimeout     = "timeout"        // some of the student's code ran out of time
	StatusCrashed     = "crashed"        // the student's program ended during a call (os.Exit, out of memory)
	StatusTooLarge    = "too_large"      // a file over the size limit
	StatusNotNotebook = "not_a_notebook" // not JSON, not nbformat 4
	StatusWrongKernel = "wrong_kernel"   // a kernelspec other than gonb
	StatusRefused     = "refused"        // a symbolic link, not a regular file, the source itself
	StatusGraderError = "grader_error"   // the grader failed on this one
)

var statusOrder = []string{StatusOK, StatusBlank, StatusIncomplete, StatusTimeout, StatusCrashed, StatusTooLarge, StatusNotNotebook, StatusWrongKernel, StatusRefused, StatusGraderError}

// expected is a check the source's own solutions reported.
type expected struct {
	cell  int // the check cell's index in the source
	ID    string
	Title string
	Max   int
}

// submission is one student's file and what grading made of it.
type submission struct {
	input
	Status  string
	Points  map[string]int
	Score   int
	Results []*exercise.Result // in the order of the expected checks; nil where missing
	Missing map[string]string  // check id → why it did not report
	Notes   []string           // what happened, for the gradebook and the feedback
	Flags   []string           // what the instructor may want to read in the student's code
	Seconds float64
	blank   bool   // no answer filled in (see noAnswers in merge.go)
	copy    []byte // the instructor's copy, hidden tests included
}

// grader holds what every submission shares.
type grader struct {
	o        Options
	src      *Notebook
	answers  map[int][]AnswerFunc // by answer cell
	all      []AnswerFunc
	names    map[string]bool // the answer functions' names
	expected []expected
	sb       *sandbox
	b        *builder
	work     string
	checker  string // the checker's binary
	srcSecs  float64
}

// Run grades the submissions in paths (files, or folders of them).
func Run(o Options, paths []string) error {
	g, err := newGrader(o)
	if err != nil {
		return err
	}
	defer g.close()
	ins, err := collect(paths, o.Source)
	if err != nil {
		return err
	}
	if len(ins) == 0 {
		return errors.New("no submissions given (files, or folders holding them)")
	}
	if err := g.prepare(); err != nil {
		return err
	}
	start := time.Now()
	subs := g.gradeAll(ins)
	if err := g.write(subs); err != nil {
		return err
	}
	fmt.Fprintln(o.Stdout, summary(subs, time.Since(start), o.Jobs, g.srcSecs))
	fmt.Fprintf(o.Stdout, "gradebook: %s\nfeedback:  %s\n", filepath.Join(o.Out, "gradebook.csv"), filepath.Join(o.Out, "feedback"))
	return nil
}

// summary is the run's last line: how many submissions, how long they took
// (the submissions' own time: from when the checker was ready until the
// gradebook was written, so "each" is that time over the submissions and
// never includes the checker's build or the solutions' run, prep seconds,
// which it gives apart) and how many got each status.
func summary(subs []*submission, grading time.Duration, jobs int, prep float64) string {
	counts := map[string]int{}
	for _, s := range subs {
		counts[s.Status]++
	}
	var parts []string
	for _, st := range statusOrder {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
		}
	}
	return fmt.Sprintf("graded %d submissions in %.1f s (%.2f s each, %d at a time; before them, the checker's build and the solutions' run took %.1f s): %s",
		len(subs), grading.Seconds(), grading.Seconds()/float64(len(subs)), jobs, prep, strings.Join(parts, ", "))
}

func newGrader(o Options) (*grader, error) {
	data, err := os.ReadFile(o.Source)
	if err != nil {
		return nil, err
	}
	if err := o.Codec.CheckSource(o.Source, data); err != nil {
		return nil, err
	}
	src, err := o.Codec.Read(o.Source, data)
	if err != nil {
		return nil, err
	}
	g := &grader{o: o, src: src, answers: map[int][]AnswerFunc{}, names: map[string]bool{}}
	for i, c := range src.Cells {
		if c.Type == "code" && c.Meta.Solution {
			fs, err := AnswerFuncs(c.Source)
			if err != nil {
				return nil, fmt.Errorf("%s, %s: %v", o.Source, c.name(i), err)
			}
			g.answers[i] = fs
			g.all = append(g.all, fs...)
			for _, f := range fs {
				g.names[f.Name] = true
			}
		}
	}
	if g.sb, err = newSandbox(o.Isolation); err != nil {
		return nil, err
	}
	if g.b, err = newBuilder(o.Root, o.Cache); err != nil {
		g.sb.close()
		return nil, err
	}
	if g.work, err = os.MkdirTemp("", "lossnb-grade-"); err != nil {
		g.sb.close()
		return nil, err
	}
	// The sandboxes' uids must reach their binaries in bin/, and nothing else.
	for _, d := range []string{"", "bin"} {
		if err := os.MkdirAll(filepath.Join(g.work, d), 0o711); err != nil {
			return nil, err
		}
		os.Chmod(filepath.Join(g.work, d), 0o711)
	}
	return g, nil
}

func (g *grader) close() {
	if !g.o.Keep && g.work != "" {
		os.RemoveAll(g.work)
	}
	g.sb.close()
}

// prepare builds the checker, and runs it on the source's own solutions: they
// must score full marks; the run lists each check cell's checks.
func (g *grader) prepare() error {
	t0 := time.Now()
	fmt.Fprintf(g.o.Stdout, "lossnb grade: %s\n  isolation: %s\n  limits: %v per check cell and per call of a student's function, %v per submission, %d MiB of memory\n",
		g.o.Source, g.sb.header, g.o.CellTimeout, g.o.Timeout, g.o.Mem>>20)
	files, _, err := checkerFiles(g.src, g.answers)
	if err != nil {
		return fmt.Errorf("%s: %v", g.o.Source, err)
	}
	g.checker = filepath.Join(g.work, "checker", "checker")
	ctx, cancel := withTimeout(15 * time.Minute) // a cold build cache compiles lossnb and its dependencies
	defer cancel()
	errs, log, err := g.b.build(ctx, filepath.Join(g.work, "checker"), files, g.checker, nil)
	if err != nil || len(errs) > 0 {
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, g.sourcePlace(e)+": "+e.msg)
		}
		if err != nil {
			msgs = append(msgs, err.Error())
		}
		return fmt.Errorf("%s: the check cells do not compile as a checker:\n  %s\n%s", g.o.Source, strings.Join(msgs, "\n  "), clip(log, 2000))
	}
	s := &submission{input: input{student: "(the source's solutions)"}}
	reports, problems := g.gradeNotebook(0, s, g.src)
	g.srcSecs = time.Since(t0).Seconds()
	problems = append(problems, g.expect(reports)...)
	if len(problems) > 0 {
		return fmt.Errorf("%s: the source's own solutions do not pass their checks:\n  %s", g.o.Source, strings.Join(problems, "\n  "))
	}
	return nil
}

// sourcePlace names the source cell a compiler message is about.
func (g *grader) sourcePlace(e compileErr) string {
	if m := regexp.MustCompile(`^check-(.+)\.go$`).FindStringSubmatch(e.file); m != nil {
		return fmt.Sprintf("check cell %s, line %d", m[1], e.line)
	}
	if m := regexp.MustCompile(`^cell0*(\d+)\.go$`).FindStringSubmatch(e.file); m != nil {
		i, _ := strconv.Atoi(m[1])
		if i < len(g.src.Cells) {
			return fmt.Sprintf("%s, line %d", g.src.Cells[i].name(i), e.line)
		}
	}
	return e.file
}

// expect records the checks of the source's run and says what is wrong with them.
func (g *grader) expect(reports []answers.CellReport) []string {
	var problems []string
	seen := map[string]bool{}
	byID := map[string]int{}
	for i, c := range g.src.Cells {
		if c.isTest() {
			byID[c.Meta.GradeID] = i
		}
	}
	for _, cr := range reports {
		i := byID[cr.ID]
		where := fmt.Sprintf("check cell %s", cr.ID)
		if cr.Problem != "" {
			problems = append(problems, where+": "+cr.Problem)
		}
		if len(cr.Results) == 0 {
			problems = append(problems, where+": reported no check")
		}
		for _, r := range cr.Results {
			switch {
			case r.Invalid != "":
				problems = append(problems, where+": "+r.Invalid)
			case seen[r.ID]:
				problems = append(problems, fmt.Sprintf("%s: check id %q is used twice", where, r.ID))
			case r.Points != r.Max:
				problems = append(problems, fmt.Sprintf("%s: check %q scores %d/%d with the solutions", where, r.ID, r.Points, r.Max))
			}
			seen[r.ID] = true
			g.expected = append(g.expected, expected{cell: i, ID: r.ID, Title: r.Title, Max: r.Max})
		}
	}
	return problems
}

// gradeAll grades the inputs, Jobs at a time.
func (g *grader) gradeAll(ins []input) []*submission {
	subs := make([]*submission, len(ins))
	var mu sync.Mutex
	next := make(chan int)
	var wg sync.WaitGroup
	for range g.o.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t0 := time.Now()
				s := g.gradeOne(i+1, ins[i])
				s.Seconds = time.Since(t0).Seconds()
				subs[i] = s
				mu.Lock()
				fmt.Fprintf(g.o.Stdout, "  %-24s %-14s %3d/%d  %.1f s\n", display(s.student), s.Status, s.Score, g.maxScore(), s.Seconds)
				mu.Unlock()
			}
		}()
	}
	for i := range ins {
		next <- i
	}
	close(next)
	wg.Wait()
	return subs
}

func (g *grader) maxScore() int {
	n := 0
	for _, e := range g.expected {
		n += e.Max
	}
	return n
}

// gradeOne grades one submission; what goes wrong is its status, never an
// error that stops the others.
func (g *grader) gradeOne(index int, in input) (s *submission) {
	s = &submission{input: in, Points: map[string]int{}, Missing: map[string]string{}, Results: make([]*exercise.Result, len(g.expected))}
	fail := func(status, why string) *submission {
		s.Status = status
		s.Notes = append(s.Notes, why)
		for _, e := range g.expected {
			s.Missing[e.ID] = "not graded"
		}
		return s
	}
	defer func() {
		if v := recover(); v != nil {
			fail(StatusGraderError, fmt.Sprintf("the grader failed: %v", v))
		}
	}()
	if in.refused != "" {
		return fail(StatusRefused, in.refused)
	}
	data, tooLarge, err := readInput(in.path)
	switch {
	case err != nil:
		return fail(StatusRefused, "cannot read the file: "+err.Error())
	case tooLarge:
		return fail(StatusTooLarge, fmt.Sprintf("the file is larger than %d MiB: not graded (clear the notebook's outputs and hand it in again)", MaxSubmissionBytes>>20))
	}
	nb, err := g.o.Codec.Read(filepath.Base(in.path), data)
	if err != nil {
		return fail(StatusNotNotebook, err.Error())
	}
	if nb.Kernel != "gonb" {
		k := nb.Kernel
		if k == "" {
			k = "none"
		}
		return fail(StatusWrongKernel, fmt.Sprintf("the notebook's kernel is %q, not Go (gonb): open the assignment in JupyterLab with the Go (gonb) kernel and hand it in again", k))
	}
	s.Notes = append(s.Notes, restored(g.src, nb, g.o.Codec.Release)...)
	reports, problems := g.gradeNotebook(index, s, nb)
	s.Notes = append(s.Notes, problems...)
	g.score(s, reports)
	if len(problems) > 0 {
		s.Status = StatusGraderError // the checks that did run still count
	}
	return s
}

// gradeNotebook builds a notebook's answers, runs the checker on them and
// keeps the instructor's copy; problems are the grader's own failures.
func (g *grader) gradeNotebook(index int, s *submission, nb *Notebook) ([]answers.CellReport, []string) {
	release := g.o.Codec.Release
	if nb == g.src { // the solutions' own run
		release = func(c Cell) (string, error) { return c.Source, nil }
	}
	merged := merge(g.src, nb, release)
	cells := map[int]*goCell{}
	for k, p := range merged {
		if p.cell.Type != "code" || (!p.student && p.cell.isTest()) {
			continue
		}
		c := readCell(p.cell.Source)
		cells[k] = c
		if p.student {
			s.Flags = append(s.Flags, flagsOf(c)...)
			if notes := inputNotes(c, placedName(g.src, p)); notes != "" {
				s.Notes = append(s.Notes, notes)
			}
		}
	}
	s.Flags = dedupe(s.Flags)
	s.blank = nb != g.src && noAnswers(g.src, merged, cells, release, g.names)
	bin := filepath.Join(g.work, "bin", strconv.Itoa(index), "answers")
	if err := os.MkdirAll(filepath.Dir(bin), 0o711); err != nil {
		return nil, []string{"the grader failed: " + err.Error()}
	}
	os.Chmod(filepath.Dir(bin), 0o711)
	notes, err := g.buildAnswers(filepath.Join(g.work, "src", strconv.Itoa(index)), cells, merged, bin)
	s.Notes = append(s.Notes, notes...)
	if err != nil {
		return nil, []string{"the grader could not build the answers: " + err.Error()}
	}
	reports, out, err := g.runChecker(index, bin)
	if !g.o.Keep {
		os.RemoveAll(filepath.Dir(bin))
		os.RemoveAll(filepath.Join(g.work, "src", strconv.Itoa(index)))
	}
	s.copy = g.instructorCopy(nb, merged, reports, out)
	if err != nil {
		return reports, []string{"the grader failed: " + err.Error()}
	}
	return reports, nil
}

// buildAnswers builds a student's program. A cell that does not compile is
// left out, as GoNB keeps nothing of a cell that fails, and said in notes;
// so is an answer function whose signature is not the assignment's.
func (g *grader) buildAnswers(dir string, cells map[int]*goCell, merged []placed, bin string) ([]string, error) {
	dropped := map[int]bool{}
	unregistered := map[string]bool{}
	var notes []string
	for k, c := range cells {
		if c.err != nil {
			dropped[k] = true
			notes = append(notes, fmt.Sprintf("%s does not compile (%s): its code is left out", placedName(g.src, merged[k]), clip(strings.TrimPrefix(c.err.Error(), "cell.go:"), 160)))
		}
	}
	var limit []string
	if g.sb.mode == "sandbox" {
		limit = []string{"prlimit", "--as=" + strconv.FormatInt(max(g.o.Mem, 2<<30), 10), "--"}
	}
	for round := 0; round < 6; round++ {
		files := studentFiles(cells, g.all, dropped, unregistered)
		ctx, cancel := withTimeout(3 * time.Minute)
		errs, _, err := g.b.build(ctx, dir, files, bin, limit)
		cancel()
		if err != nil {
			return notes, err
		}
		if len(errs) == 0 {
			return notes, nil
		}
		progress := false
		for _, e := range errs {
			if m := regexp.MustCompile(`^cell0*(\d+)\.go$`).FindStringSubmatch(e.file); m != nil {
				k, _ := strconv.Atoi(m[1])
				if !dropped[k] && k < len(merged) {
					dropped[k], progress = true, true
					notes = append(notes, fmt.Sprintf("%s does not compile (line %d: %s): its code is left out", placedName(g.src, merged[k]), e.line, clip(e.msg, 160)))
				}
			} else if m := regexp.MustCompile(`^zz_reg_(\w+)\.go$`).FindStringSubmatch(e.file); m != nil && !unregistered[m[1]] {
				unregistered[m[1]], progress = true, true
				for _, f := range g.all {
					if f.Name == m[1] {
						notes = append(notes, fmt.Sprintf("%s is not declared as the assignment asks (%s): it cannot be graded", f.Name, f.Sig))
					}
				}
			}
		}
		if !progress {
			return notes, fmt.Errorf("the build failed: %s: %s", errs[0].file, errs[0].msg)
		}
	}
	return notes, errors.New("the build did not succeed after leaving out the cells that do not compile")
}

// runChecker runs the checker on one student's program, starting it again
// after a check cell that ran out of time, within the submission's time limit.
func (g *grader) runChecker(index int, bin string) ([]answers.CellReport, string, error) {
	cfg, cleanup, err := g.sb.config(index, bin, g.o.Mem, g.o.CellTimeout)
	defer cleanup()
	if err != nil {
		return nil, "", err
	}
	runDir := filepath.Join(g.work, "run")
	os.MkdirAll(runDir, 0o700)
	cfgPath := filepath.Join(runDir, fmt.Sprintf("%d.json", index))
	repPath := filepath.Join(runDir, fmt.Sprintf("%d.report.json", index))
	defer os.Remove(cfgPath)
	defer os.Remove(repPath)
	b, _ := json.Marshal(cfg)
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		return nil, "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), g.o.Timeout)
	defer cancel()
	var cells []answers.CellReport
	var output strings.Builder
	for from := 0; from >= 0; {
		os.Remove(repPath)
		cmd := exec.CommandContext(ctx, g.checker, "-config", cfgPath, "-report", repPath, "-from", strconv.Itoa(from))
		cmd.Dir, cmd.Env = runDir, []string{"PATH=/usr/bin:/bin"}
		log, runErr := cmd.CombinedOutput()
		data, err := os.ReadFile(repPath)
		if err != nil {
			if ctx.Err() != nil {
				return cells, output.String(), nil // the submission's time is up: the rest did not run
			}
			return cells, output.String(), fmt.Errorf("the checker failed (%v): %s", runErr, clip(string(log), 500))
		}
		var rep answers.Report
		if err := json.Unmarshal(data, &rep); err != nil {
			return cells, output.String(), err
		}
		cells = append(cells, rep.Cells...)
		output.WriteString(rep.Output)
		from = rep.Next
	}
	return cells, output.String(), nil
}

// dedupe keeps the first of equal lines.
func dedupe(lines []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lines {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}
