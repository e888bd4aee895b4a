package exercise

import (
	"fmt"
	"strings"
	"time"
)

// DefaultTimeout is how long a check lets the student's code run in all
// when Options.Timeout is 0.
const DefaultTimeout = 5 * time.Second

// failure says why a call into the student's code gave no usable value.
type failure struct {
	at  string // where, e.g. "residual = 2.0"
	msg string // what, e.g. "panicked: index out of range"
}

// guard calls one of the student's functions on a goroutine of its own, so
// that a panic is recovered and an endless loop is abandoned once the
// check's time is up (the goroutine is left running; the program ends
// after the check anyway). Once a call has hung, every later call fails at
// once with the same failure.
type guard[In, Out any] struct {
	what     string // "your loss"
	f        func(In) Out
	deadline time.Time
	timeout  time.Duration
	in       chan In
	out      chan outcome[Out]
	hung     *failure
}

type outcome[Out any] struct {
	y        Out
	panicked string
	failed   string // a failure the call reported in words (see answerFailure)
}

// answerFailure is a panic value that says in words why a call gave no value,
// without "panicked": `lossnb grade` calls a student's function in another
// process, and its stub panics with one when that process does not answer
// ("did not return within 5s (an endless loop?)").
type answerFailure interface{ AnswerFailure() string }

func newGuard[In, Out any](what string, f func(In) Out, timeout time.Duration) *guard[In, Out] {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	g := &guard[In, Out]{what: what, f: f, timeout: timeout, deadline: time.Now().Add(timeout),
		in: make(chan In), out: make(chan outcome[Out])}
	go g.serve()
	return g
}

func (g *guard[In, Out]) serve() {
	for x := range g.in {
		g.out <- g.protect(x)
	}
}

func (g *guard[In, Out]) protect(x In) (o outcome[Out]) {
	defer func() {
		if v := recover(); v != nil {
			if f, ok := v.(answerFailure); ok {
				o.failed = clip(f.AnswerFailure(), 200)
				return
			}
			o.panicked = panicText(v)
		}
	}()
	if g.f == nil {
		panic("the function is nil")
	}
	o.y = g.f(x)
	return o
}

// call returns f(x), or a failure located at `at`.
func (g *guard[In, Out]) call(x In, at string) (Out, *failure) {
	var zero Out
	if g.hung != nil {
		return zero, g.hung
	}
	// Every call gets a second at least, even when another function of the
	// check used up its time: under `lossnb grade` a call may first start a
	// fresh process of the student's program (after a hung one was stopped).
	wait := time.Until(g.deadline)
	if wait < time.Second {
		wait = time.Second
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g.in <- x:
	case <-t.C:
		g.hung = &failure{at, fmt.Sprintf("did not return within %v (an endless loop?)", g.timeout)}
		return zero, g.hung
	}
	select {
	case o := <-g.out:
		if o.failed != "" {
			return zero, &failure{at, o.failed}
		}
		if o.panicked != "" {
			return zero, &failure{at, "panicked: " + o.panicked}
		}
		return o.y, nil
	case <-t.C:
		g.hung = &failure{at, fmt.Sprintf("did not return within %v (an endless loop?)", g.timeout)}
		return zero, g.hung
	}
}

// close ends the serving goroutine unless it is stuck in the student's code.
func (g *guard[In, Out]) close() {
	if g.hung == nil {
		close(g.in)
	}
}

// panicText turns a panic value into one short line of plain words.
func panicText(v any) string {
	var s string
	switch e := v.(type) {
	case error:
		s = e.Error()
	case string:
		s = e
	default:
		s = fmt.Sprint(v)
	}
	s = strings.TrimPrefix(s, "runtime error: ")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if lower := strings.ToLower(s); strings.Contains(lower, "your code here") || strings.Contains(lower, "not implemented") {
		return "it is not implemented yet (" + clip(s, 60) + ")"
	}
	return clip(s, 100)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func (f *failure) String() string { return f.msg + " at " + f.at }
