//go:build js && wasm

// Command lossnb-lite is the Go runtime of lossnb lite: the yaegi
// interpreter with lossnb's packages compiled in (package lite), built for
// GOOS=js GOARCH=wasm to run notebook cells in a browser's Web Worker (the
// JupyterLite kernel in lite/) or in Node (scripts/lite_node_test.mjs).
//
//	GOOS=js GOARCH=wasm go build -ldflags=-s -o lossnb-lite.wasm ./cmd/lossnb-lite
//
// Once started (with Go's wasm_exec.js) it sets globalThis.lossnbLite:
//
//	run(code) → Promise of {status: "ok"} or
//	            {status: "error", ename, evalue, line}   line 0: unknown
//	reset()   forgets every declaration (a new session)
//	complete(code, cursor) → {matches, cursor_start, cursor_end}
//
// and calls globalThis.lossnbReady() if it exists. What cells print goes
// to file descriptors 1 and 2 (globalThis.fs.writeSync, which the host
// replaces to stream it), and each display bundle (nb.Show and friends) to
// globalThis.lossnbDisplay(json), json being {"text/html": …,
// "image/png": base64, "text/plain": …}.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"syscall/js"

	"github.com/lossnb/lossnb/lossnb/lite"
)

func main() {
	opt := lite.Options{
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Display: func(b lite.Bundle) {
			j, err := json.Marshal(b)
			if err != nil {
				fmt.Fprintln(os.Stderr, "lossnb lite: encoding an output:", err)
				return
			}
			if f := js.Global().Get("lossnbDisplay"); f.Type() == js.TypeFunction {
				f.Invoke(string(j))
			}
		},
	}
	if os.Getenv("LOSSNB_LITE_NOPNG") == "1" {
		opt.NoPNG = true
	}
	s, err := lite.New(opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lossnb lite:", err)
		os.Exit(1)
	}
	api := js.Global().Get("Object").New()
	api.Set("run", js.FuncOf(func(this js.Value, args []js.Value) any {
		code := ""
		if len(args) > 0 {
			code = args[0].String()
		}
		// The cell runs in a goroutine of its own and the caller gets a
		// Promise: a cell that sleeps or waits on a timer needs the
		// JavaScript event loop, which a blocked callback would hold.
		return promise(func() map[string]any { return result(s.Run(context.Background(), code)) })
	}))
	api.Set("reset", js.FuncOf(func(this js.Value, args []js.Value) any {
		ns, err := lite.New(opt)
		if err != nil {
			return err.Error()
		}
		s = ns
		return nil
	}))
	api.Set("complete", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) < 2 {
			return nil
		}
		m, start, end := s.Complete(args[0].String(), args[1].Int())
		list := make([]any, len(m))
		for i, x := range m {
			list[i] = x
		}
		return map[string]any{"matches": list, "cursor_start": start, "cursor_end": end}
	}))
	js.Global().Set("lossnbLite", api)
	if f := js.Global().Get("lossnbReady"); f.Type() == js.TypeFunction {
		f.Invoke()
	}
	select {}
}

// result turns a cell's error into the reply the kernel sends.
func result(err error) map[string]any {
	if err == nil {
		return map[string]any{"status": "ok"}
	}
	var e *lite.Error
	switch {
	case errors.Is(err, lite.ErrStopped):
		// As a GoNB cell whose program exits with status 1: the reason is
		// already on stderr.
		return map[string]any{"status": "error", "ename": "ExitError", "evalue": "exit status 1", "line": 0}
	case errors.As(err, &e):
		ename := "CompileError"
		if e.Panic {
			ename = "Panic"
		}
		return map[string]any{"status": "error", "ename": ename, "evalue": e.Error(), "line": e.Line}
	default:
		return map[string]any{"status": "error", "ename": "Error", "evalue": err.Error(), "line": 0}
	}
}

// promise returns a JavaScript Promise resolved with what f returns, f
// running in a new goroutine.
func promise(f func() map[string]any) js.Value {
	var handler js.Func
	handler = js.FuncOf(func(this js.Value, args []js.Value) any {
		resolve := args[0]
		go func() {
			defer handler.Release()
			resolve.Invoke(js.ValueOf(f()))
		}()
		return nil
	})
	return js.Global().Get("Promise").New(handler)
}
