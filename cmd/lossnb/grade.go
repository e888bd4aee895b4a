package main

// lossnb grade: execute students' submissions with the hidden tests restored, each
// in a sandbox of its own, and write a gradebook and feedback. The threat model and
// the isolation are described in coursework/README.md.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lossnb/lossnb/lossnb/exercise"
)

// Statuses of a submission in the gradebook.
const (
	statusOK           = "ok"             // every check of the source reported
	statusIncomplete   = "incomplete"     // ran, but some checks did not report (crash, exit, compile error)
	statusTimeout      = "timeout"        // a cell or the notebook ran out of time
	statusKernelDied   = "kernel_died"    // the kernel died (memory limit, killed)
	statusTampered     = "tampered"       // forged or malformed result lines were found
	statusNotNotebook  = "not_a_notebook" // not JSON, not nbformat 4, or too large
	statusWrongKernel  = "wrong_kernel"   // a kernelspec other than gonb
	statusGraderFailed = "grader_error"   // the grader itself failed on this submission
)

// maxSubmissionBytes bounds what the grader reads of a submission.
const maxSubmissionBytes = 20 << 20

type gradeOptions struct {
	root        string
	source      string
	out         string
	jobs        int
	cellTimeout time.Duration
	timeout     time.Duration
	mem         int64
	format      string
	keep        bool
	isolation   string // "sandbox" or "none"
	uidBase     int
	cache       string // the shared Go build cache, kept between runs
}

// expectedCheck is a check the instructor's own solutions reported, in a test cell.
type expectedCheck struct {
	Cell  int    // index of the test cell in the source
	ID    string // exercise.Result.ID
	Title string
	Max   int
}

// submission is one student's file and what grading made of it.
type submission struct {
	Student  string
	Path     string
	Status   string
	Points   map[string]int // by check id
	Score    int
	Results  []*exercise.Result // in the order of the expected checks; nil where missing
	Missing  map[string]string  // check id → why it did not report
	Details  []string           // what happened, for the gradebook and the feedback
	Flags    []string           // suspicious code, for the instructor
	Seconds  float64
	Executed []byte // the executed notebook, hidden tests included: for the instructor only
}

func grade(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := gradeOptions{}
	fs.StringVar(&o.source, "source", "", "the instructor's source notebook (with solutions and hidden tests)")
	fs.StringVar(&o.out, "out", "", "folder for the gradebook and feedback (default ROOT/build/grades/NAME)")
	fs.IntVar(&o.jobs, "jobs", runtime.NumCPU(), "submissions graded at the same time")
	fs.DurationVar(&o.cellTimeout, "cell-timeout", 30*time.Second, "time limit of one cell")
	fs.DurationVar(&o.timeout, "timeout", 180*time.Second, "time limit of one notebook")
	mem := fs.String("mem", "2GiB", "memory limit of a submission (address space of each process, and of the whole sandbox where cgroups allow)")
	fs.StringVar(&o.format, "feedback", "md", "feedback format: md or html")
	fs.BoolVar(&o.keep, "keep", false, "keep the sandboxes' temporary folders (for debugging the grader)")
	fs.StringVar(&o.isolation, "isolation", "auto", "sandbox (needs root), none (trusted submissions only), or auto")
	fs.IntVar(&o.uidBase, "uid-base", 0, "first of the uids given to sandboxes (default: 4000000 + a number from the process id)")
	fs.StringVar(&o.cache, "cache", "", "the graders' Go build cache, kept between runs (default ROOT/build/grade-cache)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.source == "" {
		return errors.New("grade: -source SOURCE.ipynb is required (the instructor's notebook with the hidden tests)")
	}
	if o.format != "md" && o.format != "html" {
		return fmt.Errorf("grade: -feedback = %q, want md or html", o.format)
	}
	if o.jobs < 1 || o.cellTimeout <= 0 || o.timeout <= 0 {
		return errors.New("grade: -jobs, -cell-timeout and -timeout must be positive")
	}
	var err error
	if o.mem, err = parseBytes(*mem); err != nil {
		return fmt.Errorf("grade: -mem: %w", err)
	}
	paths, err := submissionPaths(fs.Args(), o.source)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return errors.New("grade: no submissions given (files, or folders holding them)")
	}
	if o.root, err = findRoot(); err != nil {
		return err
	}
	if o.out == "" {
		o.out = filepath.Join(o.root, "build", "grades", strings.TrimSuffix(filepath.Base(o.source), ".ipynb"))
	}
	if o.cache == "" {
		o.cache = filepath.Join(o.root, "build", "grade-cache")
	}
	if o.uidBase == 0 {
		o.uidBase = 4_000_000 + (os.Getpid()%4096)*1024
	}
	g, err := newGrader(o, stderr)
	if err != nil {
		return err
	}
	defer g.cleanup()
	start := time.Now()
	subs, err := g.run(paths, stdout)
	if err != nil {
		return err
	}
	if err := g.write(subs); err != nil {
		return err
	}
	wall := time.Since(start)
	counts := map[string]int{}
	for _, s := range subs {
		counts[s.Status]++
	}
	var parts []string
	for _, st := range []string{statusOK, statusIncomplete, statusTimeout, statusKernelDied, statusTampered, statusNotNotebook, statusWrongKernel, statusGraderFailed} {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
		}
	}
	fmt.Fprintf(stdout, "graded %d submissions in %.1f s (%.2f s each, %d at a time; the solution run took %.1f s): %s\n",
		len(subs), wall.Seconds(), wall.Seconds()/float64(len(subs)), o.jobs, g.solutionSeconds, strings.Join(parts, ", "))
	fmt.Fprintf(stdout, "gradebook: %s\nfeedback:  %s\n", filepath.Join(o.out, "gradebook.csv"), filepath.Join(o.out, "feedback"))
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
	if v < 768<<20 {
		return 0, fmt.Errorf("%s is too small: building and running a cell needs about 768 MiB of address space", s)
	}
	return v, nil
}

// submissionPaths expands the arguments: files as they are, folders into every
// regular file under them.
func submissionPaths(args []string, source string) ([]string, error) {
	var out []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("grade: %w", err)
		}
		if !fi.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != a {
				return filepath.SkipDir // .ipynb_checkpoints and the like
			}
			if d.Type().IsRegular() {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("grade: %w", err)
		}
	}
	return out, nil
}

// studentName names a submission: the folder of an nbgrader-style
// STUDENT/NAME.ipynb, else the file name without .ipynb.
func studentName(path, source string) string {
	base := filepath.Base(path)
	if base == filepath.Base(source) {
		if d := filepath.Base(filepath.Dir(path)); d != "." && d != "/" {
			return d
		}
	}
	return strings.TrimSuffix(base, ".ipynb")
}

// grader holds what every submission's run shares.
type grader struct {
	o               gradeOptions
	log             io.Writer
	src             *notebook // the instructor's source
	srcName         string
	work            string // root-only temporary folder
	modDir, binDir  string // read-only copies shown to the sandboxes
	cacheDir        string // the shared, read-only Go build cache
	goroot, modRoot string
	expected        []expectedCheck
	solutionSeconds float64
	cgroupParent    string // "" when there is no memory cgroup to use
	haveIP          string // path of `ip`, to bring up loopback in a network namespace
	lock            *os.File
}

func newGrader(o gradeOptions, log io.Writer) (*grader, error) {
	data, err := os.ReadFile(o.source)
	if err != nil {
		return nil, fmt.Errorf("grade: %w", err)
	}
	// The same rules as assign: markers well formed, test cells start with %%.
	if _, err := makeRelease(o.source, data); err != nil {
		return nil, fmt.Errorf("grade: %w", err)
	}
	src, err := readNotebook(o.source, data)
	if err != nil {
		return nil, err
	}
	g := &grader{o: o, log: log, src: src, srcName: o.source}
	if o.isolation == "auto" {
		g.o.isolation = "none"
		if os.Geteuid() == 0 && haveTools("unshare", "setpriv", "chroot", "prlimit", "mount") {
			g.o.isolation = "sandbox"
		}
	}
	switch g.o.isolation {
	case "sandbox":
		if os.Geteuid() != 0 {
			return nil, errors.New("grade: -isolation sandbox needs root (it mounts and switches to unprivileged uids)")
		}
		if !haveTools("unshare", "setpriv", "chroot", "prlimit", "mount") {
			return nil, errors.New("grade: -isolation sandbox needs unshare, setpriv, chroot, prlimit and mount (util-linux, coreutils)")
		}
	case "none":
		fmt.Fprintln(log, "lossnb grade: WARNING: no sandbox (not root, or -isolation none): submissions run as you, can read your files, including the hidden tests, and write anywhere you can. Grade untrusted work as root, e.g. in the Docker image.")
	default:
		return nil, fmt.Errorf("grade: -isolation = %q, want sandbox, none or auto", o.isolation)
	}
	if g.work, err = os.MkdirTemp("", "lossnb-grade-"); err != nil {
		return nil, err
	}
	if err := os.Chmod(g.work, 0o711); err != nil {
		return nil, err
	}
	goEnv, err := exec.Command("go", "env", "GOROOT", "GOMODCACHE").Output()
	if err != nil {
		return nil, fmt.Errorf("grade: go env: %w", err)
	}
	f := strings.Fields(string(goEnv))
	if len(f) != 2 {
		return nil, fmt.Errorf("grade: go env printed %q", goEnv)
	}
	g.goroot, g.modRoot = f[0], f[1]
	if err := g.prepare(); err != nil {
		g.cleanup()
		return nil, err
	}
	return g, nil
}

func haveTools(names ...string) bool {
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			return false
		}
	}
	return true
}

func (g *grader) cleanup() {
	if g.work != "" && !g.o.keep {
		os.RemoveAll(g.work)
	}
	if g.lock != nil {
		g.lock.Close()
	}
}

// prepare copies what the sandboxes may read: the lossnb module without tests (not
// the repository: it holds the hidden tests) and the kernel's binaries (not gopls:
// it is slow to start and not needed to run cells).
func (g *grader) prepare() error {
	g.modDir = filepath.Join(g.work, "mod")
	g.binDir = filepath.Join(g.work, "bin")
	g.cacheDir = g.o.cache
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := copyFile(filepath.Join(g.o.root, f), filepath.Join(g.modDir, f), 0o644); err != nil {
			return err
		}
	}
	err := filepath.WalkDir(filepath.Join(g.o.root, "lossnb"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(g.o.root, p)
		return copyFile(p, filepath.Join(g.modDir, rel), 0o644)
	})
	if err != nil {
		return fmt.Errorf("grade: copying the lossnb module: %w", err)
	}
	for _, b := range []string{"gonb", "goimports"} {
		p := filepath.Join(g.o.root, "build", "bin", b)
		if _, err := os.Stat(p); err != nil {
			if p, err = exec.LookPath(b); err != nil {
				return fmt.Errorf("grade: %s is not installed: run `make install`", b)
			}
		}
		if err := copyFile(p, filepath.Join(g.binDir, b), 0o755); err != nil {
			return err
		}
	}
	for _, d := range []string{filepath.Join(g.work, "private"), filepath.Join(g.work, "roots")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(g.cacheDir, 0o755); err != nil {
		return err
	}
	// One grading run at a time per cache: the solution run replaces it.
	lock, err := os.OpenFile(g.cacheDir+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return fmt.Errorf("grade: another lossnb grade is using the build cache %s: wait for it, or give this one -cache DIR", g.cacheDir)
	}
	g.lock = lock
	if g.o.isolation == "sandbox" {
		g.cgroupParent = memoryCgroup()
		for _, p := range []string{"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"} {
			if _, err := os.Stat(p); err == nil {
				g.haveIP = p
				break
			}
		}
	}
	return nil
}

func copyFile(from, to string, mode os.FileMode) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, data, mode)
}

// memoryCgroup returns a folder under which the grader may create memory cgroups
// (cgroup v2 with the memory controller, or v1's memory hierarchy), or "".
func memoryCgroup() string {
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var dir string
		switch {
		case parts[0] == "0" && parts[1] == "":
			ctrl, err := os.ReadFile("/sys/fs/cgroup/cgroup.controllers")
			if err != nil || !strings.Contains(string(ctrl), "memory") {
				continue
			}
			dir = filepath.Join("/sys/fs/cgroup", parts[2])
		case slices.Contains(strings.Split(parts[1], ","), "memory"):
			dir = filepath.Join("/sys/fs/cgroup/memory", parts[2])
		default:
			continue
		}
		probe := filepath.Join(dir, fmt.Sprintf("lossnb-probe-%d", os.Getpid()))
		if err := os.Mkdir(probe, 0o755); err != nil {
			continue
		}
		os.Remove(probe)
		return dir
	}
	return ""
}

// job is one notebook to execute in a sandbox.
type job struct {
	index   int                // sandbox number (0: the solution run)
	nb      *notebook          // to execute, hidden tests included
	nonces  map[int]string     // test cell index → nonce
	origin  map[int]cellOrigin // executed cell index → where it came from
	writeGC bool               // the solution run fills the shared build cache
}

// cellOrigin says where an executed cell came from.
type cellOrigin struct {
	srcIndex int  // index in the source cell it is, or (added) follows (-1: none)
	test     bool // a test cell restored from the source
	added    bool // a cell the student added
	grader   bool // the grader's setup cell
}

// run grades every submission, after a run of the source's own solutions.
func (g *grader) run(paths []string, stdout io.Writer) ([]*submission, error) {
	fmt.Fprintf(stdout, "lossnb grade: isolation %s, %d job(s), limits %v per cell, %v per notebook, %s of memory%s\n",
		g.o.isolation, g.o.jobs, g.o.cellTimeout, g.o.timeout, fmtBytes(g.o.mem),
		map[bool]string{true: " (cgroup)", false: ""}[g.cgroupParent != ""])
	if err := g.solutionRun(); err != nil {
		return nil, err
	}
	subs := make([]*submission, len(paths))
	seen := map[string]int{}
	for i, p := range paths {
		name := studentName(p, g.srcName)
		seen[name]++
		if seen[name] > 1 {
			name = fmt.Sprintf("%s-%d", name, seen[name])
		}
		subs[i] = &submission{Student: name, Path: p}
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < g.o.jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				s := subs[i]
				t0 := time.Now()
				g.gradeOne(i+1, s)
				s.Seconds = time.Since(t0).Seconds()
				fmt.Fprintf(stdout, "  %-24s %-14s %3d/%d  %.1f s\n", s.Student, s.Status, s.Score, g.maxScore(), s.Seconds)
			}
		}()
	}
	for i := range subs {
		next <- i
	}
	close(next)
	wg.Wait()
	return subs, nil
}

func (g *grader) maxScore() int {
	n := 0
	for _, e := range g.expected {
		n += e.Max
	}
	return n
}

// solutionRun executes the source itself: it must score full marks, it tells which
// checks each test cell reports, and it fills the shared Go build cache.
func (g *grader) solutionRun() error {
	t0 := time.Now()
	j := g.newJob(0, g.src, nil)
	j.writeGC = true
	out, st, err := g.execute(j)
	g.solutionSeconds = time.Since(t0).Seconds()
	if err != nil {
		return fmt.Errorf("grade: running the source's own solutions: %w", err)
	}
	if st.State != "ok" {
		return fmt.Errorf("grade: the source's own solutions did not run cleanly (%s %s): fix %s first", st.State, st.Error, g.srcName)
	}
	var problems []string
	for i, c := range out.cells {
		nonce, ok := j.nonces[i]
		if !ok {
			continue
		}
		recs, bad := resultLines(streamText(c, "stdout"), nonce)
		problems = append(problems, bad...)
		for _, r := range recs {
			if r.Points != r.Max {
				problems = append(problems, fmt.Sprintf("check %q scores %d/%d with the solutions", r.ID, r.Points, r.Max))
			}
			for _, e := range g.expected {
				if e.ID == r.ID {
					problems = append(problems, fmt.Sprintf("check id %q is used twice", r.ID))
				}
			}
			g.expected = append(g.expected, expectedCheck{Cell: j.origin[i].srcIndex, ID: r.ID, Title: r.Title, Max: r.Max})
		}
		if len(recs) == 0 {
			problems = append(problems, cellErr(g.srcName, j.origin[i].srcIndex, c, "this test cell reported no check").Error())
		}
		if e := streamText(c, "stderr"); strings.TrimSpace(e) != "" {
			problems = append(problems, cellErr(g.srcName, j.origin[i].srcIndex, c, "stderr: %s", clipText(e, 200)).Error())
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("grade: the source's own solutions do not pass their checks:\n  %s", strings.Join(problems, "\n  "))
	}
	if g.o.isolation == "sandbox" {
		// From now on the cache is read-only to every sandbox: each gets hard links to
		// it, and may add files to its own folder but not change these.
		if err := chownTree(g.cacheDir, 0, 0, true); err != nil {
			return err
		}
	}
	return nil
}

// newJob builds the notebook to execute from the source and, for a submission, the
// student's cells. The nonces are fresh random values, one per test cell.
func (g *grader) newJob(index int, src *notebook, student *notebook) *job {
	j := &job{index: index, nonces: map[int]string{}, origin: map[int]cellOrigin{}}
	var cells []map[string]any
	add := func(c map[string]any, o cellOrigin) {
		c = cloneCell(c)
		if o.test {
			nonce := newNonce()
			j.nonces[len(cells)] = nonce
			src, _ := sourceOf(c)
			setSource(c, injectGrading(src, nonce))
		}
		j.origin[len(cells)] = o
		cells = append(cells, c)
	}
	// GoNB runs `go get` before each cell, which grading does not need (no module
	// outside the workspace can be fetched anyway), and links with debug information,
	// which it does not need either: both cost time in every cell.
	add(map[string]any{"cell_type": "code", "id": "lossnb-grade-setup", "metadata": map[string]any{},
		"source": "%noautoget\n%goflags \"-ldflags=-s -w\"", "outputs": []any{}, "execution_count": nil},
		cellOrigin{srcIndex: -1, grader: true})
	if student == nil {
		for i, c := range src.cells {
			add(c, cellOrigin{srcIndex: i, test: isTestCell(c)})
		}
	} else {
		for _, p := range mergeCells(src, student) {
			if p.student != nil {
				add(p.student, cellOrigin{srcIndex: p.srcIndex, added: p.added})
			} else {
				add(src.cells[p.srcIndex], cellOrigin{srcIndex: p.srcIndex, test: isTestCell(src.cells[p.srcIndex])})
			}
		}
	}
	raw := map[string]any{}
	for k, v := range src.raw {
		raw[k] = v
	}
	j.nb = &notebook{raw: raw, cells: cells}
	return j
}

func cloneCell(c map[string]any) map[string]any {
	b, _ := json.Marshal(c)
	var out map[string]any
	json.Unmarshal(b, &out)
	if out["cell_type"] == "code" {
		out["outputs"] = []any{}
		out["execution_count"] = nil
	}
	return out
}

func newNonce() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b)
}

// injectGrading adds exercise.Grading(nonce) as the first statement after the %%
// line of a test cell (assign checked that there is one).
func injectGrading(src, nonce string) string {
	lines := splitLines(src)
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "%%") {
			call := fmt.Sprintf("exercise.Grading(%q)", nonce)
			return strings.Join(slices.Insert(lines, i+1, call), "\n")
		}
	}
	return src
}

// placed is one cell of the executed notebook: a source cell, or a student's.
type placed struct {
	srcIndex int            // the source cell it stands for, or (added) follows
	student  map[string]any // the student's version, nil to use the source's
	added    bool           // a cell the student added
}

// mergeCells lays out the executed notebook: the source's cells in the source's
// order; a solution cell, or an unlocked code cell that is not a test, takes the
// student's version (matched by nbgrader grade_id, else by cell id) when there is
// one; test cells, locked cells and markdown always come from the source (so a
// deleted or edited check is restored); a code cell the student added follows the
// source cell it followed in the submission.
func mergeCells(src, student *notebook) []placed {
	key := func(c map[string]any) string {
		if m, ok := metaOf(c); ok && m.GradeID != "" {
			return "g:" + m.GradeID
		}
		if id, ok := c["id"].(string); ok && id != "" {
			return "i:" + id
		}
		return ""
	}
	srcIndex := map[string]int{}
	for i, c := range src.cells {
		if k := key(c); k != "" {
			srcIndex[k] = i
		}
	}
	studentFor := map[int]map[string]any{}
	added := map[int][]map[string]any{} // after source cell i (-1: before all)
	last := -1
	for _, c := range student.cells {
		i, known := srcIndex[key(c)]
		if known {
			if _, dup := studentFor[i]; !dup {
				studentFor[i] = c
				last = i
				continue
			}
		}
		if c["cell_type"] == "code" {
			added[last] = append(added[last], c)
		}
	}
	var out []placed
	for _, c := range added[-1] {
		out = append(out, placed{srcIndex: -1, student: c, added: true})
	}
	for i, c := range src.cells {
		m, _ := metaOf(c)
		studentOwns := c["cell_type"] == "code" && !isTestCell(c) && (m.Solution || !m.Locked)
		if s, ok := studentFor[i]; ok && studentOwns && s["cell_type"] == "code" {
			out = append(out, placed{srcIndex: i, student: s})
		} else {
			out = append(out, placed{srcIndex: i})
		}
		for _, a := range added[i] {
			out = append(out, placed{srcIndex: i, student: a, added: true})
		}
	}
	return out
}

// runStatus is what scripts/grade_sandbox.py reports.
type runStatus struct {
	State       string  `json:"state"`
	Timeouts    []int   `json:"timeouts"`
	SkippedFrom *int    `json:"skipped_from"`
	Error       string  `json:"error"`
	Seconds     float64 `json:"seconds"`
}

// execute runs a job's notebook in a sandbox and returns the executed notebook.
func (g *grader) execute(j *job) (*notebook, *runStatus, error) {
	uid := g.o.uidBase + j.index
	priv := filepath.Join(g.work, "private", strconv.Itoa(j.index))
	box := filepath.Join(g.work, "box", strconv.Itoa(j.index))
	newRoot := filepath.Join(g.work, "roots", strconv.Itoa(j.index))
	for _, d := range []string{filepath.Join(priv, "jupyter", "kernels", "lossnb-grade"), filepath.Join(priv, "runtime"), newRoot} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, nil, err
		}
	}
	if !g.o.keep {
		defer func() {
			os.RemoveAll(priv)
			os.RemoveAll(box)
			os.RemoveAll(newRoot)
		}()
	}
	for _, d := range []string{"home", "tmp"} {
		if err := os.MkdirAll(filepath.Join(box, d), 0o700); err != nil {
			return nil, nil, err
		}
	}
	// Every run gets hard links to the shared build cache. The solution run's
	// cache, with what it added, then replaces the shared one: only the
	// instructor's code ever writes to it.
	gocache := filepath.Join(box, "gocache")
	if err := linkTree(g.cacheDir, gocache); err != nil {
		return nil, nil, fmt.Errorf("preparing the build cache: %w", err)
	}
	if j.writeGC {
		defer func() {
			old := g.cacheDir + ".old"
			os.RemoveAll(old)
			os.Rename(g.cacheDir, old)
			if err := os.Rename(gocache, g.cacheDir); err != nil {
				os.Rename(old, g.cacheDir)
			}
			os.RemoveAll(old)
		}()
	}
	if g.o.isolation == "sandbox" {
		if err := os.Chmod(box, 0o700); err != nil {
			return nil, nil, err
		}
		// Folders become the sandbox's; the cache's linked files stay root's.
		if err := chownTree(box, uid, uid, false); err != nil {
			return nil, nil, err
		}
	}

	// The kernelspec of this run.
	gonbArgs := []string{filepath.Join(g.binDir, "gonb"), "--kernel", "{connection_file}", "-go_work=" + g.modDir,
		"-raw_error=true", "-logtostderr=false", "-alsologtostderr=false", "-log_file=/dev/null", "-stderrthreshold=3"}
	pathInside := strings.Join([]string{g.binDir, filepath.Join(g.goroot, "bin"), "/usr/local/bin", "/usr/bin", "/bin"}, ":")
	spec := map[string]any{"display_name": "lossnb grade", "language": "go", "interrupt_mode": "message"}
	cgroup := "-"
	if g.o.isolation == "sandbox" {
		if g.cgroupParent != "" {
			cg := filepath.Join(g.cgroupParent, fmt.Sprintf("lossnb-grade-%d-%d", os.Getpid(), j.index))
			if err := makeMemoryCgroup(cg, g.o.mem); err == nil {
				cgroup = cg
				defer removeCgroup(cg)
			}
		}
		ro := strings.Join([]string{g.goroot, g.modRoot, g.modDir, g.binDir}, ":")
		spec["argv"] = append([]string{"/bin/bash", filepath.Join(g.o.root, "scripts", "grade_sandbox.sh"),
			box, strconv.Itoa(uid), newRoot, strconv.FormatInt(g.o.mem, 10), cgroup, ro, "{connection_file}", "--"}, gonbArgs...)
		spec["env"] = map[string]string{"PATH_INSIDE": pathInside, "GOMODCACHE_INSIDE": g.modRoot, "GOROOT_INSIDE": g.goroot}
	} else {
		spec["argv"] = append([]string{"prlimit", "--as=" + strconv.FormatInt(g.o.mem, 10), "--"}, gonbArgs...)
		spec["env"] = map[string]string{"PATH": pathInside + ":${PATH}", "HOME": filepath.Join(box, "home"),
			"TMPDIR": filepath.Join(box, "tmp"), "GOCACHE": gocache, "GOMODCACHE": g.modRoot, "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOFLAGS": "-buildvcs=false -trimpath"}
	}
	specJSON, _ := json.MarshalIndent(spec, "", " ")
	if err := os.WriteFile(filepath.Join(priv, "jupyter", "kernels", "lossnb-grade", "kernel.json"), specJSON, 0o600); err != nil {
		return nil, nil, err
	}
	data, err := j.nb.encode()
	if err != nil {
		return nil, nil, err
	}
	in, out, stat := filepath.Join(priv, "in.ipynb"), filepath.Join(priv, "out.ipynb"), filepath.Join(priv, "status.json")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, nil, err
	}
	py, err := python(g.o.root)
	if err != nil {
		return nil, nil, err
	}
	cellTimeout, timeout := g.o.cellTimeout, g.o.timeout
	if j.writeGC {
		// The solution run may compile lossnb and its dependencies from scratch.
		cellTimeout, timeout = max(cellTimeout, 10*time.Minute), max(timeout, 30*time.Minute)
	}
	driver := []string{py, filepath.Join(g.o.root, "scripts", "grade_sandbox.py"), "--in", in, "--out", out, "--status", stat,
		"--kernel", "lossnb-grade", "--cwd", priv,
		"--cell-timeout", strconv.FormatFloat(cellTimeout.Seconds(), 'f', -1, 64),
		"--timeout", strconv.FormatFloat(timeout.Seconds(), 'f', -1, 64)}
	var argv []string
	if g.o.isolation == "sandbox" && g.haveIP != "" {
		// The client and the kernel share a network namespace with loopback only: they
		// talk over it, and the submission reaches nothing else.
		argv = append([]string{"unshare", "--net", "--pid", "--fork", "--kill-child", "--", "/bin/sh", "-c",
			`"$0" link set lo up && exec "$@"`, g.haveIP}, driver...)
	} else {
		argv = driver
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout+cellTimeout+90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = priv
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+filepath.Join(priv, "jupyter"), "JUPYTER_RUNTIME_DIR="+filepath.Join(priv, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(priv, "config"), "JUPYTER_PLATFORM_DIRS=1", "PYDEVD_DISABLE_FILE_VALIDATION=1")
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	runErr := cmd.Run()
	if g.o.isolation == "sandbox" {
		// Whatever the submission left behind is removed by root below; make sure no
		// process of its uid survives (the pid namespace should already have ended them).
		killUID(uid)
	}
	var st runStatus
	sb, err := os.ReadFile(stat)
	if err != nil {
		if ctx.Err() != nil {
			return nil, &runStatus{State: "timeout", Error: "the grader stopped the run"}, nil
		}
		return nil, nil, fmt.Errorf("the notebook client failed (%v): %s", runErr, clipText(log.String(), 2000))
	}
	if err := json.Unmarshal(sb, &st); err != nil {
		return nil, nil, err
	}
	ob, err := os.ReadFile(out)
	if err != nil {
		return nil, nil, err
	}
	nb, err := readNotebook("executed notebook", ob)
	if err != nil {
		return nil, nil, err
	}
	return nb, &st, nil
}

func fmtBytes(n int64) string {
	if n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}

// linkTree makes to a copy of the folder from made of hard links (or copies, across
// file systems): cheap, and the files stay owned by root and read-only to others.
func linkTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if err := os.Link(p, dst); err != nil {
			info, _ := d.Info()
			return copyFile(p, dst, info.Mode().Perm())
		}
		return nil
	})
}

// chownTree gives a tree to uid: every folder, and the files too when files is true
// (otherwise files keep their owner: the hard links of the shared build cache).
// Given to root, folders and files also lose write access for others.
func chownTree(root string, uid, gid int, files bool) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !files {
			return nil
		}
		if err := os.Lchown(p, uid, gid); err != nil {
			return err
		}
		if uid == 0 && d.Type()&fs.ModeSymlink == 0 {
			info, err := d.Info()
			if err != nil {
				return err
			}
			return os.Chmod(p, info.Mode().Perm()&^0o022)
		}
		return nil
	})
}

func makeMemoryCgroup(dir string, limit int64) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	v := strconv.FormatInt(limit, 10)
	for _, f := range []string{"memory.max", "memory.limit_in_bytes"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			if err := os.WriteFile(filepath.Join(dir, f), []byte(v), 0o644); err != nil {
				os.Remove(dir)
				return err
			}
			// v2: no swap either; v1: memory+swap, where the kernel has it.
			for _, sw := range []string{"memory.swap.max", "memory.memsw.limit_in_bytes"} {
				if _, err := os.Stat(filepath.Join(dir, sw)); err == nil {
					val := v
					if sw == "memory.swap.max" {
						val = "0"
					}
					os.WriteFile(filepath.Join(dir, sw), []byte(val), 0o644)
				}
			}
			return nil
		}
	}
	os.Remove(dir)
	return errors.New("no memory limit file in " + dir)
}

func removeCgroup(dir string) {
	for i := 0; i < 50; i++ {
		if err := os.Remove(dir); err == nil || os.IsNotExist(err) {
			return
		}
		// Processes may still be leaving: kill what is left and retry.
		if b, err := os.ReadFile(filepath.Join(dir, "cgroup.procs")); err == nil {
			for _, f := range strings.Fields(string(b)) {
				if pid, err := strconv.Atoi(f); err == nil {
					if p, err := os.FindProcess(pid); err == nil {
						p.Kill()
					}
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// killUID kills every process of a sandbox uid (there should be none left).
func killUID(uid int) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "Uid:" && f[1] == strconv.Itoa(uid) {
				if p, err := os.FindProcess(pid); err == nil {
					p.Kill()
				}
			}
		}
	}
}

// gradeOne grades one submission; it never returns an error: what goes wrong is the
// submission's status.
func (g *grader) gradeOne(index int, s *submission) {
	s.Points = map[string]int{}
	s.Missing = map[string]string{}
	s.Results = make([]*exercise.Result, len(g.expected))
	fail := func(status, why string) {
		s.Status = status
		s.Details = append(s.Details, why)
		for _, e := range g.expected {
			s.Missing[e.ID] = why
		}
	}
	f, err := os.Open(s.Path) // read-only: nothing of a submission is ever written
	if err != nil {
		fail(statusNotNotebook, "cannot read the file: "+err.Error())
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSubmissionBytes+1))
	f.Close()
	if err != nil {
		fail(statusNotNotebook, "cannot read the file: "+err.Error())
		return
	}
	if len(data) > maxSubmissionBytes {
		fail(statusNotNotebook, fmt.Sprintf("the file is larger than %d MiB: not graded", maxSubmissionBytes>>20))
		return
	}
	nb, err := readNotebook(filepath.Base(s.Path), data)
	if err != nil {
		fail(statusNotNotebook, err.Error())
		return
	}
	if k := nb.kernel(); k != "gonb" {
		if k == "" {
			k = "none"
		}
		fail(statusWrongKernel, fmt.Sprintf("the notebook's kernel is %q, not Go (gonb): open the assignment in JupyterLab with the Go (gonb) kernel and hand it in again", k))
		return
	}
	s.Details = append(s.Details, restoredCells(g.src, nb)...)
	j := g.newJob(index, g.src, nb)
	s.Flags = suspicious(j)
	out, st, err := g.execute(j)
	if err != nil {
		fail(statusGraderFailed, "the grader failed: "+err.Error())
		return
	}
	g.score(s, j, out, st)
	s.Executed, _ = out.encode()
}

// restoredCells says which test cells of the source were missing or edited in a
// submission (grading restores them either way).
func restoredCells(src, student *notebook) []string {
	byID := map[string]string{}
	for _, c := range student.cells {
		if m, ok := metaOf(c); ok && m.GradeID != "" {
			if _, dup := byID[m.GradeID]; !dup {
				byID[m.GradeID], _ = sourceOf(c)
			}
		}
	}
	var out []string
	for _, c := range src.cells {
		if !isTestCell(c) {
			continue
		}
		m, _ := metaOf(c)
		want, _ := releaseCell(c)
		got, ok := byID[m.GradeID]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("check cell %s was missing: restored", m.GradeID))
		case strings.TrimSpace(got) != strings.TrimSpace(want):
			out = append(out, fmt.Sprintf("check cell %s was edited: restored", m.GradeID))
		}
	}
	return out
}

// suspiciousRe finds code in a student's cells that an exercise on losses does not
// need and that escaping the checks would: the instructor should look.
var suspiciousRe = regexp.MustCompile(`\b(os|syscall|unsafe|reflect|exec|runtime|debug|net|http|ioutil|filepath|plugin)\.[A-Z]\w*|//go:linkname|` +
	regexp.QuoteMeta(exercise.ResultPrefix) + `|\bexercise\.(Grading|Output|FailOutput)\b|(?m)^\s*(![^\n]{0,40}|%[a-z]\w*)`)

func suspicious(j *job) []string {
	var flags []string
	seen := map[string]bool{}
	for i, c := range j.nb.cells {
		if j.origin[i].test || j.origin[i].grader || c["cell_type"] != "code" {
			continue
		}
		src, _ := sourceOf(c)
		for _, m := range suspiciousRe.FindAllString(src, -1) {
			m = strings.TrimSpace(m)
			if seen[m] {
				continue
			}
			seen[m] = true
			flags = append(flags, m)
		}
	}
	sort.Strings(flags)
	return flags
}

// resultLines finds the result lines in a test cell's standard output: those with
// the cell's nonce, decoded, and the problems with any other.
func resultLines(stdout, nonce string) (recs []*exercise.Result, problems []string) {
	for _, line := range strings.Split(stdout, "\n") {
		i := strings.Index(line, exercise.ResultPrefix)
		if i < 0 {
			continue
		}
		rest := line[i+len(exercise.ResultPrefix):]
		n, js, ok := strings.Cut(rest, ":")
		if !ok || n != nonce || i != 0 {
			problems = append(problems, "a result line that the check did not write (wrong nonce or position)")
			continue
		}
		var r exercise.Result
		dec := json.NewDecoder(strings.NewReader(js))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			problems = append(problems, "a malformed result line")
			continue
		}
		recs = append(recs, &r)
	}
	return recs, problems
}

// consistent says whether a result adds up: items within their maxima, summing to
// the totals.
func consistent(r *exercise.Result) bool {
	p, m := 0, 0
	for _, it := range r.Items {
		if it.Points < 0 || it.Points > it.Max || (it.OK != (it.Points == it.Max && it.Max > 0) && it.Max > 0) {
			return false
		}
		p += it.Points
		m += it.Max
	}
	return p == r.Points && m == r.Max && r.Points >= 0 && r.Points <= r.Max
}

// score reads the checks' results from the restored test cells of an executed
// submission and sets its status.
func (g *grader) score(s *submission, j *job, out *notebook, st *runStatus) {
	tampered := false
	expectByCell := map[int][]int{} // source cell → indexes in g.expected
	for k, e := range g.expected {
		expectByCell[e.Cell] = append(expectByCell[e.Cell], k)
	}
	timeouts := map[int]bool{}
	for _, i := range st.Timeouts {
		timeouts[i] = true
	}
	for i, c := range out.cells {
		o := j.origin[i]
		stdout := streamText(c, "stdout")
		if o.grader {
			continue
		}
		if !o.test {
			if strings.Contains(stdout, exercise.ResultPrefix) {
				tampered = true
				s.Details = append(s.Details, fmt.Sprintf("%s printed result lines: ignored", g.cellName(j, i)))
			}
			continue
		}
		recs, problems := resultLines(stdout, j.nonces[i])
		for _, p := range problems {
			tampered = true
			s.Details = append(s.Details, fmt.Sprintf("%s: %s", g.cellName(j, i), p))
		}
		got := map[string]*exercise.Result{}
		for _, r := range recs {
			k := slices.IndexFunc(expectByCell[o.srcIndex], func(k int) bool { return g.expected[k].ID == r.ID })
			switch {
			case k < 0:
				tampered = true
				s.Details = append(s.Details, fmt.Sprintf("%s: a result for %q, which this cell does not check", g.cellName(j, i), r.ID))
			case got[r.ID] != nil:
				tampered = true
				s.Details = append(s.Details, fmt.Sprintf("%s: two results for %q", g.cellName(j, i), r.ID))
			case r.Max != g.expected[expectByCell[o.srcIndex][k]].Max || !consistent(r):
				tampered = true
				s.Details = append(s.Details, fmt.Sprintf("%s: a result for %q that does not add up", g.cellName(j, i), r.ID))
			default:
				got[r.ID] = r
			}
		}
		why := cellProblem(c, timeouts[i], g.o.cellTimeout, g.o.mem)
		if n, _ := c["execution_count"].(float64); n == 0 && len(streamText(c, "stdout")) == 0 {
			switch {
			case st.SkippedFrom != nil && i >= *st.SkippedFrom:
				why = fmt.Sprintf("the notebook ran out of time (%v) before this check ran", g.o.timeout)
			case st.State == "kernel_died" || st.State == "error":
				why = "the notebook's kernel stopped before this check ran"
			}
		}
		for _, k := range expectByCell[o.srcIndex] {
			e := g.expected[k]
			if r := got[e.ID]; r != nil {
				s.Results[k] = r
				s.Points[e.ID] = r.Points
				continue
			}
			if why == "" {
				why = "the check cell ended before this check reported"
			}
			s.Missing[e.ID] = why
		}
	}
	for _, e := range g.expected {
		if _, ok := s.Points[e.ID]; !ok {
			if _, ok := s.Missing[e.ID]; !ok {
				s.Missing[e.ID] = "the check did not run"
			}
		}
		s.Score += s.Points[e.ID]
	}
	for _, i := range st.Timeouts {
		s.Details = append(s.Details, fmt.Sprintf("%s ran longer than %v and was stopped", g.cellName(j, i), g.o.cellTimeout))
	}
	if st.SkippedFrom != nil {
		s.Details = append(s.Details, fmt.Sprintf("the notebook ran out of time (%v): cells from %s on were not run", g.o.timeout, g.cellName(j, *st.SkippedFrom)))
	}
	switch st.State {
	case "kernel_died":
		s.Details = append(s.Details, "the kernel died (out of memory?): "+clipText(st.Error, 200))
	case "error":
		s.Details = append(s.Details, "the notebook could not run: "+clipText(st.Error, 200))
	}
	s.Details = dedupe(s.Details)
	switch {
	case tampered:
		s.Status = statusTampered
	case st.State == "timeout" || len(st.Timeouts) > 0:
		s.Status = statusTimeout
	case st.State == "kernel_died":
		s.Status = statusKernelDied
	case st.State == "error":
		s.Status = statusGraderFailed
	case len(s.Missing) > 0:
		s.Status = statusIncomplete
	default:
		s.Status = statusOK
	}
}

// cellName names an executed cell for a person: by the assignment's grade id, as
// "cell N of the assignment", or as a cell the student added after one of those.
func (g *grader) cellName(j *job, i int) string {
	o := j.origin[i]
	name := func(k int) string {
		if k < 0 || k >= len(g.src.cells) {
			return "the start"
		}
		if m, ok := metaOf(g.src.cells[k]); ok && m.GradeID != "" {
			return "cell " + m.GradeID
		}
		return fmt.Sprintf("cell %d of the assignment", k+1)
	}
	switch {
	case o.grader:
		return "the grader's setup cell"
	case o.added:
		return "the cell you added after " + strings.TrimPrefix(name(o.srcIndex), "cell ")
	case o.test:
		return "check " + name(o.srcIndex)
	}
	return name(o.srcIndex)
}

// dedupe keeps the first of equal lines, counting the others.
func dedupe(lines []string) []string {
	count := map[string]int{}
	var order []string
	for _, l := range lines {
		if count[l] == 0 {
			order = append(order, l)
		}
		count[l]++
	}
	for i, l := range order {
		if n := count[l]; n > 1 {
			order[i] = fmt.Sprintf("%s (%d times)", l, n)
		}
	}
	return order
}

var compileErrRe = regexp.MustCompile(`(?m)^\s*(?:\S+\.go:)?\d+:\d+: (.+)$`)

// cellProblem explains in words why a test cell's checks did not all report,
// without quoting the cell's code (it holds the hidden tests).
func cellProblem(c map[string]any, timedOut bool, limit time.Duration, mem int64) string {
	stderr := streamText(c, "stderr")
	var display strings.Builder
	outs, _ := c["outputs"].([]any)
	for _, o := range outs {
		m, _ := o.(map[string]any)
		if d, ok := m["data"].(map[string]any); ok {
			for _, k := range []string{"text/plain", "text/html"} {
				s, _ := sourceOf(map[string]any{"source": d[k]})
				display.WriteString(s)
			}
		}
		if m["output_type"] == "error" {
			s, _ := m["evalue"].(string)
			display.WriteString(s)
		}
	}
	all := stderr + display.String()
	switch {
	case timedOut:
		return fmt.Sprintf("the check cell ran longer than %v and was stopped (an endless loop in your code?)", limit)
	case strings.Contains(all, "out of memory") || strings.Contains(all, "cannot allocate memory"):
		return fmt.Sprintf("the check cell ran out of memory (the limit is %s)", fmtBytes(mem))
	case strings.Contains(all, "exit status"):
		code := regexp.MustCompile(`exit status (\d+)`).FindStringSubmatch(all)
		msg := "the check cell's program ended before this check reported"
		if code != nil {
			msg += " (exit status " + code[1] + ")"
		}
		return msg + ": does your code call os.Exit, or panic outside a check (in a goroutine)?"
	case compileErrRe.MatchString(all):
		m := compileErrRe.FindStringSubmatch(all)
		return "the code does not compile: " + clipText(m[1], 120)
	case strings.Contains(all, "gonb-error") || strings.Contains(all, "failed"):
		return "the check cell failed to run (does your code compile?)"
	}
	return ""
}

func clipText(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// write writes the gradebook and the feedback.
func (g *grader) write(subs []*submission) error {
	fbDir := filepath.Join(g.o.out, "feedback")
	exDir := filepath.Join(g.o.out, "executed")
	if err := os.MkdirAll(fbDir, 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(exDir, 0o700); err != nil {
		return err
	}
	sort.Slice(subs, func(a, b int) bool { return subs[a].Student < subs[b].Student })
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"student", "file", "status", "score", "max"}
	for _, e := range g.expected {
		if e.Max > 0 {
			head = append(head, e.ID)
		}
	}
	head = append(head, "seconds", "flags", "details")
	w.Write(head)
	for _, s := range subs {
		row := []string{s.Student, s.Path, s.Status, strconv.Itoa(s.Score), strconv.Itoa(g.maxScore())}
		for _, e := range g.expected {
			if e.Max > 0 {
				row = append(row, strconv.Itoa(s.Points[e.ID]))
			}
		}
		row = append(row, strconv.FormatFloat(s.Seconds, 'f', 1, 64), strings.Join(s.Flags, " "), strings.Join(s.Details, "; "))
		w.Write(row)
		if s.Executed != nil {
			// The instructor's copy, with the hidden tests: not for students.
			if err := os.WriteFile(filepath.Join(exDir, safeName(s.Student)+".ipynb"), s.Executed, 0o600); err != nil {
				return err
			}
		}
		text := g.feedback(s)
		name := safeName(s.Student)
		if g.o.format == "html" {
			if err := os.WriteFile(filepath.Join(fbDir, name+".html"), []byte(toHTML(text)), 0o644); err != nil {
				return err
			}
		} else if err := os.WriteFile(filepath.Join(fbDir, name+".md"), []byte(text), 0o644); err != nil {
			return err
		}
	}
	w.Flush()
	return os.WriteFile(filepath.Join(g.o.out, "gradebook.csv"), b.Bytes(), 0o644)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func safeName(s string) string {
	s = unsafeName.ReplaceAllString(s, "_")
	if s == "" || s[0] == '.' {
		s = "_" + s
	}
	return s
}

var statusWords = map[string]string{
	statusOK:           "graded",
	statusIncomplete:   "graded; some checks did not run",
	statusTimeout:      "graded; some of your code ran out of time",
	statusKernelDied:   "graded; the notebook's kernel died",
	statusTampered:     "graded; the checks' results were interfered with, and your instructor will look at it",
	statusNotNotebook:  "not graded: the file is not a notebook",
	statusWrongKernel:  "not graded: the notebook does not use the Go kernel",
	statusGraderFailed: "not graded: the grader failed; your instructor has been told",
}

// feedback is a student's feedback in Markdown: the score, what happened, and for
// each check its verdict, or why it did not run.
func (g *grader) feedback(s *submission) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: feedback for %s\n\n", strings.TrimSuffix(filepath.Base(g.srcName), ".ipynb"), s.Student)
	fmt.Fprintf(&b, "**Score: %d/%d** (%s)\n\n", s.Score, g.maxScore(), statusWords[s.Status])
	for _, d := range s.Details {
		if strings.HasPrefix(d, "check cell ") && strings.Contains(d, "restored") {
			fmt.Fprintf(&b, "- Note: %s from the assignment.\n", d)
		} else if !strings.Contains(d, "printed result lines") {
			fmt.Fprintf(&b, "- %s\n", d)
		}
	}
	if len(s.Details) > 0 {
		b.WriteString("\n")
	}
	for k, e := range g.expected {
		r := s.Results[k]
		if r == nil {
			fmt.Fprintf(&b, "## %s: 0/%d\n\nThis check did not run: %s.\n\n", e.Title, e.Max, s.Missing[e.ID])
			continue
		}
		if e.Max > 0 {
			fmt.Fprintf(&b, "## %s: %d/%d\n\n", e.Title, r.Points, r.Max)
		} else {
			fmt.Fprintf(&b, "## %s\n\n", e.Title)
		}
		for _, it := range r.Items {
			mark := "✓"
			if !it.OK {
				mark = "✗"
			}
			fmt.Fprintf(&b, "- %s %s\n", mark, it.Msg)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// toHTML renders the feedback's small Markdown subset, escaping everything (the
// messages quote students' values and panics).
func toHTML(md string) string {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<meta charset=\"utf-8\">\n<style>body{font:15px/1.5 sans-serif;max-width:50em;margin:2em auto}li{list-style:none}</style>\n")
	inList := false
	for _, line := range strings.Split(md, "\n") {
		isItem := strings.HasPrefix(line, "- ")
		if inList && !isItem {
			b.WriteString("</ul>\n")
			inList = false
		}
		switch {
		case strings.HasPrefix(line, "# "):
			fmt.Fprintf(&b, "<h1>%s</h1>\n", html.EscapeString(line[2:]))
		case strings.HasPrefix(line, "## "):
			fmt.Fprintf(&b, "<h2>%s</h2>\n", html.EscapeString(line[3:]))
		case isItem:
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			fmt.Fprintf(&b, "<li>%s</li>\n", html.EscapeString(line[2:]))
		case strings.TrimSpace(line) != "":
			l := html.EscapeString(line)
			if strings.HasPrefix(line, "**") {
				l = "<strong>" + html.EscapeString(strings.SplitN(line[2:], "**", 2)[0]) + "</strong>" + html.EscapeString(strings.SplitN(line[2:], "**", 2)[1])
			}
			fmt.Fprintf(&b, "<p>%s</p>\n", l)
		}
	}
	if inList {
		b.WriteString("</ul>\n")
	}
	return b.String()
}
