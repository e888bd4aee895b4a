package answers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Config says how the checker starts the student's process.
type Config struct {
	// Argv starts the student's program (in its sandbox: bwrap … /answers).
	Argv []string `json:"argv"`
	// UID and GID, when ≥ 0, are the ids the process starts as (the checker
	// runs as root); −1 keeps the checker's.
	UID int `json:"uid"`
	GID int `json:"gid"`
	// Cgroup, when not empty, is a cgroup folder the process is moved to.
	Cgroup string `json:"cgroup"`
	// CallTimeout bounds one call, for calls made outside a check's own
	// time limit; CellTimeout bounds a check cell.
	CallTimeout time.Duration `json:"call_timeout"`
	CellTimeout time.Duration `json:"cell_timeout"`
	// Mem is the memory limit, for messages.
	Mem int64 `json:"mem"`
}

// Failure is why a call gave no value, in words that follow "your loss":
// "did not return within 30s (an endless loop?)". The stubs panic with it;
// the checks report it as it is (it has the method exercise looks for).
type Failure string

// AnswerFailure returns the failure in words.
func (f Failure) AnswerFailure() string { return string(f) }

// Stats counts what happened to the student's processes during a check cell.
type Stats struct {
	Calls    int      `json:"calls"`
	Timeouts int      `json:"timeouts"`
	Ended    []string `json:"ended,omitempty"` // why a process ended during a call, in words
}

// client owns the student's process of the checker.
type client struct {
	mu     sync.Mutex
	cfg    Config
	p      *proc
	nextID uint64
	stats  Stats
	output tailBuffer // what the student's processes printed
}

var theClient = &client{cfg: Config{UID: -1, GID: -1}}

// proc is one run of the student's program.
type proc struct {
	cmd     *exec.Cmd
	w       *os.File
	replies chan reply
	done    chan struct{} // closed when the process has ended
	why     string        // why it ended, in words (set before done closes)
	busy    bool          // a call is waiting for its reply
	killed  bool          // the checker ended it (a hung call, or a new cell)
	last    lastBuffer    // the end of what it printed, to say why it ended
}

// Call calls the student's function name with args and stores its results
// in the pointers results. A slice or map argument the function changed is
// changed the same way. When the student's process does not answer (it
// loops, crashes or exits) Call panics with a Failure; when the function
// panics, Call panics with the panic's value in words. The checker's stubs
// call it; a call after a hung one starts a fresh process.
func Call(name string, args []any, results ...any) {
	theClient.call(name, args, results)
}

// Reset ends the student's process, if any: the next call starts a fresh
// one (each check cell gets a fresh program, as in GoNB, where each cell
// runs as a program of its own).
func Reset() { theClient.reset() }

func (c *client) call(name string, args []any, results []any) {
	c.mu.Lock()
	if c.p != nil && (c.p.busy || c.p.ended()) {
		if c.p.busy && !c.p.ended() {
			c.stats.Timeouts++ // a call that a check gave up waiting for
		}
		c.p.kill()
		c.p = nil
	}
	if c.p == nil {
		p, err := c.start()
		if err != nil {
			c.mu.Unlock()
			panic(Failure("could not be called: the grader could not start your program (" + err.Error() + "); tell your instructor"))
		}
		c.p = p
	}
	p := c.p
	p.busy = true
	c.nextID++
	id := c.nextID
	c.stats.Calls++
	req := request{ID: id, Name: name}
	for _, a := range args {
		b, err := encode(reflect.ValueOf(a))
		if err != nil {
			p.busy = false
			c.mu.Unlock()
			panic(Failure("could not be called: an argument cannot be sent to your program (" + err.Error() + ")"))
		}
		req.Args = append(req.Args, b)
	}
	err := writeFrame(p.w, req)
	c.mu.Unlock()
	if err != nil {
		<-p.done
		panic(Failure(p.why))
	}
	limit := c.cfg.CallTimeout
	if limit <= 0 {
		limit = 30 * time.Second
	}
	timer := time.NewTimer(limit)
	defer timer.Stop()
	var rep reply
	for {
		select {
		case rep = <-p.replies:
		case <-p.done:
			c.mu.Lock()
			killed := p.killed
			if !killed {
				c.stats.Ended = append(c.stats.Ended, p.why)
			}
			c.mu.Unlock()
			if killed {
				panic(Failure("did not return before the checker stopped it (an endless loop?)"))
			}
			panic(Failure(p.why))
		case <-timer.C:
			c.mu.Lock()
			c.stats.Timeouts++
			p.kill()
			c.mu.Unlock()
			panic(Failure(fmt.Sprintf("did not return within %v (an endless loop?)", limit)))
		}
		if rep.ID == id {
			break
		}
		// A reply to an older call, or one the process made up: not this one.
	}
	c.mu.Lock()
	p.busy = false
	c.mu.Unlock()
	switch {
	case rep.Missing:
		panic(Failure(fmt.Sprintf("is missing from your program: %s is not defined with the assignment's signature (was it renamed, or does its cell not compile?)", name)))
	case rep.Panic != "":
		panic(rep.Panic)
	case len(rep.Results) != len(results):
		panic(Failure(fmt.Sprintf("returned %d values, want %d", len(rep.Results), len(results))))
	}
	for i, r := range results {
		if err := decode(rep.Results[i], reflect.ValueOf(r)); err != nil {
			panic(Failure("returned a value the checker cannot read: " + err.Error()))
		}
	}
	for i, a := range args {
		if i < len(rep.After) && rep.After[i] != nil {
			copyBack(reflect.ValueOf(a), rep.After[i])
		}
	}
}

// copyBack makes the slice or map dst equal to what the student's function
// left in its copy: elements of a slice (of the same length), entries of a map.
func copyBack(dst reflect.Value, data []byte) {
	after := reflect.New(dst.Type())
	if decode(data, after) != nil {
		return
	}
	a := after.Elem()
	switch dst.Kind() {
	case reflect.Slice:
		if a.Len() == dst.Len() {
			reflect.Copy(dst, a)
		}
	case reflect.Map:
		dst.Clear()
		for it := a.MapRange(); it.Next(); {
			dst.SetMapIndex(it.Key(), it.Value())
		}
	}
}

// start starts the student's program with its pipes.
func (c *client) start() (*proc, error) {
	if len(c.cfg.Argv) == 0 {
		return nil, errors.New("no command configured")
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, err
	}
	cmd := exec.Command(c.cfg.Argv[0], c.cfg.Argv[1:]...)
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	cmd.ExtraFiles = []*os.File{reqR, repW}
	p := &proc{cmd: cmd, w: reqW, replies: make(chan reply, 1), done: make(chan struct{})}
	cmd.Stdout = &c.output
	cmd.Stderr = io.MultiWriter(&c.output, &p.last)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if c.cfg.UID >= 0 {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(c.cfg.UID), Gid: uint32(c.cfg.GID), Groups: []uint32{}}
	}
	err = cmd.Start()
	reqR.Close()
	repW.Close()
	if err != nil {
		reqW.Close()
		repR.Close()
		return nil, err
	}
	if c.cfg.Cgroup != "" {
		os.WriteFile(filepath.Join(c.cfg.Cgroup, "cgroup.procs"), []byte(strconv.Itoa(cmd.Process.Pid)), 0o644)
	}
	go func() {
		r := bufio.NewReaderSize(repR, 64<<10)
		for {
			var rep reply
			if err := readFrame(r, &rep); err != nil {
				break
			}
			// A reply nobody waits for (one the program made up) is dropped,
			// so that this reader always reaches the end of the process.
			select {
			case p.replies <- rep:
			default:
			}
		}
		repR.Close()
		err := cmd.Wait()
		p.why = c.ended(err, p.last.String())
		close(p.done)
	}()
	return p, nil
}

func (p *proc) ended() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill ends the process and everything in its process group (the sandbox).
func (p *proc) kill() {
	p.killed = true
	if p.cmd.Process != nil {
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		p.cmd.Process.Kill()
	}
	p.w.Close()
}

func (c *client) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.p != nil {
		c.p.kill()
		c.p = nil
	}
}

// ended says in words why the student's program ended during a call.
func (c *client) ended(err error, tail string) string {
	mem := "the memory limit"
	if c.cfg.Mem > 0 {
		mem = fmt.Sprintf("the limit is %d MiB", c.cfg.Mem>>20)
	}
	switch {
	case strings.Contains(tail, "out of memory") || strings.Contains(tail, "cannot allocate memory"):
		return fmt.Sprintf("ran out of memory (%s)", mem)
	case strings.Contains(tail, "stack exceeds") || strings.Contains(tail, "stack overflow"):
		return "overflowed the stack (an endless recursion?)"
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return fmt.Sprintf("was stopped by signal %d (killed for using too much memory or too many processes?)", ws.Signal())
		}
		return fmt.Sprintf("ended the program (exit status %d): does your code call os.Exit, or panic in a goroutine?", ee.ExitCode())
	}
	return "ended the program before it returned: does your code call os.Exit(0)?"
}

// tailBuffer keeps the first 4 KiB written to it, for the instructor.
type tailBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

const outputLimit = 4 << 10

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := outputLimit - t.b.Len(); room > 0 {
		t.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// lastBuffer keeps the last 64 KiB written to it: enough to hold the Go
// runtime's fatal error and the goroutine dump after it.
type lastBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (l *lastBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b = append(l.b, p...)
	if n := len(l.b); n > 64<<10 {
		l.b = append([]byte(nil), l.b[n-64<<10:]...)
	}
	return len(p), nil
}

func (l *lastBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.b)
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.b.String()
}
