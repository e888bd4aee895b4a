package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The lazy proxy. GoNB starts gopls with every kernel, but asks it something only when a
// student presses Tab (completion) or Shift+Tab (inspection); until then gopls holds about
// 400 MiB of type-checked packages (measured on notebook 01's imports) for nothing. So
// lossnb-gopls listens on the socket GoNB gave, answers GoNB's "initialize" itself, keeps
// the notifications GoNB sends (the files it opens), and starts the real gopls only at the
// first request that needs an answer: it then replays initialize and the kept
// notifications to gopls and becomes a plain byte pipe in both directions.
//
// Messages are LSP base-protocol frames (a Content-Length header, a blank line, a JSON-RPC
// body: https://microsoft.github.io/language-server-protocol/specifications/base/0.9/specification/).
// Written by hand because it is small and the only LSP library in reach (GoNB's, an internal
// package) cannot be imported.

// message is one LSP frame: its JSON body and the fields the proxy looks at.
type message struct {
	body   []byte
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
}

func (m *message) isRequest() bool { return len(m.ID) > 0 && m.Method != "" }

// maxFrame bounds one message: a cell's source sent in a didChange is far below it.
const maxFrame = 64 << 20

func readMessage(r *bufio.Reader) (*message, error) {
	n := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "Content-Length") {
			n, err = strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 || n > maxFrame {
				return nil, fmt.Errorf("bad Content-Length %q", v)
			}
		}
	}
	if n < 0 {
		return nil, errors.New("LSP frame without Content-Length")
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	m := &message{body: body}
	if err := json.Unmarshal(body, m); err != nil {
		return nil, fmt.Errorf("LSP frame is not JSON: %v", err)
	}
	return m, nil
}

func writeFrame(w io.Writer, body []byte) error {
	_, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

func reply(w io.Writer, id json.RawMessage, result any) error {
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "result": result})
	if err != nil {
		return err
	}
	return writeFrame(w, body)
}

func replyError(w io.Writer, id json.RawMessage, msg string) error {
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id,
		"error": map[string]any{"code": -32603, "message": msg}})
	if err != nil {
		return err
	}
	return writeFrame(w, body)
}

// withID returns body with its "id" replaced.
func withID(body []byte, id string) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(id)
	if err != nil {
		return nil, err
	}
	m["id"] = raw
	return json.Marshal(m)
}

// upstream is the real gopls, started at most once and shared by the connections.
type upstream struct {
	real, socket string
	mu           sync.Mutex
	cmd          *exec.Cmd
	done         chan error
	err          error
}

// start runs the real gopls, listening on its own socket, unless it runs already.
func (u *upstream) start() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.cmd != nil || u.err != nil {
		return u.err
	}
	// Any stale socket from an earlier run would make gopls fail to listen.
	if err := os.Remove(u.socket); err != nil && !errors.Is(err, os.ErrNotExist) {
		u.err = err
		return err
	}
	cmd := exec.Command(u.real, "-listen", "unix;"+u.socket)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	cmd.Env = goplsEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := startLocked(cmd); err != nil {
		u.err = fmt.Errorf("starting %s: %v", u.real, err)
		return u.err
	}
	u.cmd = cmd
	u.done = make(chan error, 1)
	go func() { u.done <- cmd.Wait() }()
	return nil
}

// dial connects to the real gopls, waiting for it to listen.
func (u *upstream) dial() (net.Conn, error) {
	deadline := time.Now().Add(60 * time.Second)
	for {
		c, err := net.Dial("unix", u.socket)
		if err == nil {
			return c, nil
		}
		select {
		case err := <-u.done:
			u.done <- err
			return nil, fmt.Errorf("gopls ended before it listened: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("gopls did not listen on %s within 60 s: %v", u.socket, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (u *upstream) kill() {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.cmd != nil && u.cmd.Process != nil {
		killGroup(u.cmd.Process.Pid)
	}
	if err := os.Remove(u.socket); err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintln(os.Stderr, "lossnb-gopls:", err)
	}
}

// serveLazy listens on socket and proxies each connection to u, starting it on first need.
// It returns when the listener fails (closed at exit).
func serveLazy(ln net.Listener, u *upstream) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			if err := proxy(c, u); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				fmt.Fprintln(os.Stderr, "lossnb-gopls:", err)
			}
			_ = c.Close() // the connection is finished either way; a close error changes nothing.
		}()
	}
}

// lazyInitID is the id under which the proxy replays GoNB's initialize to gopls; its
// response is the proxy's, not GoNB's, and is not forwarded.
const lazyInitID = "lossnb-gopls-initialize"

func proxy(client net.Conn, u *upstream) error {
	r := bufio.NewReader(client)
	var initialize []byte
	var kept [][]byte
	for {
		m, err := readMessage(r)
		if err != nil {
			return err
		}
		switch {
		case m.Method == "initialize":
			initialize = m.body
			// GoNB stores the capabilities and never reads them (goplsclient/conn.go).
			if err := reply(client, m.ID, map[string]any{"capabilities": map[string]any{}}); err != nil {
				return err
			}
			continue
		case m.Method == "shutdown":
			if err := reply(client, m.ID, nil); err != nil {
				return err
			}
			continue
		case m.Method == "exit":
			return nil
		case !m.isRequest():
			kept = append(kept, m.body)
			continue
		}
		// A request that needs gopls: start it, replay, then pipe.
		if initialize == nil {
			return replyError(client, m.ID, "lossnb-gopls: a request before initialize")
		}
		up, err := connectUpstream(u, initialize, client)
		if err != nil {
			if werr := replyError(client, m.ID, "lossnb-gopls: "+err.Error()); werr != nil {
				return werr
			}
			continue
		}
		defer up.Close()
		for _, b := range append(kept, m.body) {
			if err := writeFrame(up, b); err != nil {
				return err
			}
		}
		go func() {
			// gopls → GoNB; ends when gopls closes or the client goes away.
			_, _ = io.Copy(client, up) // either side closing ends the pipe; nothing to report.
			_ = client.Close()         // wakes the other direction.
		}()
		// GoNB → gopls, including whatever r already buffered.
		_, err = io.Copy(up, r)
		return err
	}
}

// connectUpstream starts gopls if needed, connects, and replays initialize, forwarding to
// the client anything gopls says before its answer to it. GoNB's "initialized"
// notification is among the kept ones the caller replays next.
func connectUpstream(u *upstream, initialize []byte, client io.Writer) (net.Conn, error) {
	if err := u.start(); err != nil {
		return nil, err
	}
	up, err := u.dial()
	if err != nil {
		return nil, err
	}
	body, err := withID(initialize, lazyInitID)
	if err == nil {
		err = writeFrame(up, body)
	}
	if err != nil {
		_ = up.Close() // already failing; the write error is the one to report.
		return nil, err
	}
	ur := bufio.NewReader(up)
	want, _ := json.Marshal(lazyInitID) // a string always marshals.
	for {
		m, err := readMessage(ur)
		if err != nil {
			_ = up.Close() // already failing.
			return nil, fmt.Errorf("waiting for gopls to initialize: %v", err)
		}
		if string(m.ID) == string(want) && m.Method == "" {
			break
		}
		if err := writeFrame(client, m.body); err != nil {
			_ = up.Close()
			return nil, err
		}
	}
	if ur.Buffered() > 0 {
		// gopls spoke after its initialize answer before we piped: keep the order.
		buffered, _ := ur.Peek(ur.Buffered()) // Peek of Buffered() bytes cannot fail.
		if _, err := client.Write(buffered); err != nil {
			_ = up.Close()
			return nil, err
		}
	}
	return up, nil
}
