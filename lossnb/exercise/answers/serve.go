package answers

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"sync"
)

var (
	registryMu sync.Mutex
	registry   = map[string]reflect.Value{}
)

// Register makes the function f callable under name by the checker. The
// student's program registers each answer function from an init function
// the grader generates; f must be a function whose parameters and results
// are Serialisable.
func Register(name string, f any) {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Func || v.IsNil() {
		panic(fmt.Sprintf("answers.Register(%q): not a function", name))
	}
	registryMu.Lock()
	registry[name] = v
	registryMu.Unlock()
}

// Serve answers the checker's calls, one at a time, until the request pipe
// (file descriptor 3) closes; replies go to file descriptor 4. It is the
// main of the student's program.
func Serve() {
	in, out := os.NewFile(3, "requests"), os.NewFile(4, "replies")
	if in == nil || out == nil {
		fmt.Fprintln(os.Stderr, "answers.Serve: no pipe from the checker on file descriptors 3 and 4 (lossnb grade starts this program)")
		os.Exit(2)
	}
	r := bufio.NewReader(in)
	for {
		var req request
		if err := readFrame(r, &req); err != nil {
			os.Exit(0) // the checker closed the pipe, or broke it: nothing to answer
		}
		rep := handle(req)
		if err := writeFrame(out, rep); err != nil {
			// A result too large for the pipe: say so instead.
			writeFrame(out, reply{ID: req.ID, Panic: "its result could not be sent to the checker: " + err.Error()})
		}
	}
}

// handle decodes a request's arguments, calls the function and encodes what
// it returned, a panic included.
func handle(req request) (rep reply) {
	rep.ID = req.ID
	registryMu.Lock()
	f, ok := registry[req.Name]
	registryMu.Unlock()
	if !ok {
		rep.Missing = true
		return rep
	}
	t := f.Type()
	if len(req.Args) != t.NumIn() || t.IsVariadic() {
		rep.Panic = fmt.Sprintf("called with %d arguments, but %s takes %d", len(req.Args), req.Name, t.NumIn())
		return rep
	}
	args := make([]reflect.Value, t.NumIn())
	for i := range args {
		p := reflect.New(t.In(i))
		if err := decode(req.Args[i], p); err != nil {
			rep.Panic = fmt.Sprintf("argument %d of %s could not be read: %v", i+1, req.Name, err)
			return rep
		}
		args[i] = p.Elem()
	}
	outs, panicked := call(f, args)
	if panicked != "" {
		rep.Panic = panicked
		return rep
	}
	for _, o := range outs {
		b, err := encode(o)
		if err != nil {
			rep.Panic = "its result could not be sent to the checker: " + err.Error()
			return rep
		}
		rep.Results = append(rep.Results, b)
	}
	rep.After = make([][]byte, len(args))
	for i, a := range args {
		if k := a.Kind(); (k == reflect.Slice || k == reflect.Map) && !a.IsNil() {
			rep.After[i], _ = encode(a)
		}
	}
	return rep
}

// call calls f, turning a panic into its value in words.
func call(f reflect.Value, args []reflect.Value) (outs []reflect.Value, panicked string) {
	defer func() {
		if v := recover(); v != nil {
			switch e := v.(type) {
			case error:
				panicked = e.Error()
			case string:
				panicked = e
			default:
				panicked = fmt.Sprint(v)
			}
			if panicked == "" {
				panicked = "(an empty panic)"
			}
			if r := []rune(panicked); len(r) > 1000 {
				panicked = string(r[:1000])
			}
		}
	}()
	return f.Call(args), ""
}
