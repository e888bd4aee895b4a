package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lossnb/lossnb/internal/testexe"
)

// The test binary doubles as a fake gopls: with LOSSNB_FAKE_GOPLS=1 it serves LSP on the
// -listen socket, logs each message it receives ("method id") to LOSSNB_FAKE_LOG, answers
// every request with {"method": …}, and writes its pid to LOSSNB_FAKE_LOG.pid.
func TestMain(m *testing.M) { testexe.Main(m, "LOSSNB_FAKE_GOPLS", fakeGopls) }

func fakeGopls(args []string) int {
	if len(args) == 1 && args[0] == "version" {
		fmt.Println("fake gopls")
		return 3 // a distinct code: the supervisor must pass it on
	}
	socket, ok := lazySocket(args)
	if !ok {
		return 2
	}
	log := os.Getenv("LOSSNB_FAKE_LOG")
	if err := os.WriteFile(log+".pid", []byte(fmt.Sprint(os.Getpid())), 0o644); err != nil {
		return 2
	}
	ln, err := net.Listen("unix", socket)
	if err != nil {
		return 2
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return 0
		}
		go func() {
			r := bufio.NewReader(c)
			for {
				m, err := readMessage(r)
				if err != nil {
					return
				}
				f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
				if err != nil {
					return
				}
				fmt.Fprintf(f, "%s %s\n", m.Method, m.ID)
				f.Close()
				if m.isRequest() {
					if m.Method == "initialize" {
						// Say something first, as gopls may: the proxy must pass it on.
						writeFrame(c, []byte(`{"jsonrpc":"2.0","method":"window/logMessage","params":{"type":3,"message":"hello"}}`))
					}
					reply(c, m.ID, map[string]string{"method": m.Method})
				}
			}
		}()
	}
}

func send(t *testing.T, c net.Conn, body string) {
	t.Helper()
	if err := writeFrame(c, []byte(body)); err != nil {
		t.Fatal(err)
	}
}

func recv(t *testing.T, r *bufio.Reader) *message {
	t.Helper()
	m, err := readMessage(r)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func setupFake(t *testing.T) (dir, log string) {
	dir = t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	testexe.CopySelf(t, bin, "gopls")
	log = filepath.Join(dir, "log")
	t.Setenv("LOSSNB_BIN", bin)
	t.Setenv("LOSSNB_FAKE_GOPLS", "1")
	t.Setenv("LOSSNB_FAKE_LOG", log)
	return dir, log
}

// The proxy answers initialize itself, starts gopls only at the first real request,
// replays what GoNB sent before it in order, and kills gopls when it ends. It would catch:
// a proxy that starts gopls eagerly (the memory goal), one that loses or reorders GoNB's
// notifications (gopls would complete against files it never saw), one that forwards the
// replayed initialize's answer to GoNB (an answer to an id GoNB never sent), and a gopls
// left running after the supervisor ends.
func TestLazyProxy(t *testing.T) {
	dir, log := setupFake(t)
	socket := filepath.Join(dir, "gopls_socket")
	real, err := realGopls()
	if err != nil {
		t.Fatal(err)
	}
	sigs := make(chan os.Signal, 1)
	tick := make(chan time.Time)
	ended := make(chan int, 1)
	go func() { ended <- runLazy(real, socket, os.Getppid(), sigs, tick) }()

	var c net.Conn
	for i := 0; ; i++ {
		if c, err = net.Dial("unix", socket); err == nil {
			break
		}
		if i > 200 {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	defer c.Close()
	r := bufio.NewReader(c)

	send(t, c, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":0}}`)
	if m := recv(t, r); string(m.ID) != "1" || !bytes.Contains(m.body, []byte(`"capabilities"`)) {
		t.Fatalf("initialize answered with %s", m.body)
	}
	send(t, c, `{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	send(t, c, `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x/main.go"}}}`)
	time.Sleep(100 * time.Millisecond)
	if _, err := os.Stat(log + ".pid"); err == nil {
		t.Fatal("gopls started before any request needed it")
	}

	send(t, c, `{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{}}`)
	m := recv(t, r)
	if m.Method != "window/logMessage" {
		t.Fatalf("want gopls's log message passed on first, got %s", m.body)
	}
	m = recv(t, r)
	if string(m.ID) != "2" || !bytes.Contains(m.body, []byte(`"textDocument/completion"`)) {
		t.Fatalf("completion answered with %s", m.body)
	}
	send(t, c, `{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}}`)
	if m := recv(t, r); string(m.ID) != "3" {
		t.Fatalf("hover answered with %s", m.body)
	}
	got, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	want := "initialize \"lossnb-gopls-initialize\"\ninitialized \ntextDocument/didOpen \ntextDocument/completion 2\ntextDocument/hover 3\n"
	if string(got) != want {
		t.Fatalf("gopls received\n%s\nwant\n%s", got, want)
	}

	pidText, err := os.ReadFile(log + ".pid")
	if err != nil {
		t.Fatal(err)
	}
	var pid int
	fmt.Sscan(string(pidText), &pid)
	sigs <- syscall.SIGTERM
	if code := <-ended; code != 0 {
		t.Fatalf("supervisor ended with %d", code)
	}
	for i := 0; syscall.Kill(pid, 0) == nil; i++ {
		// A zombie still answers kill(0) until reaped: look at its state.
		if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil && strings.Contains(string(st), ") Z ") {
			break
		}
		if i > 100 {
			t.Fatal("gopls still runs after its supervisor ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := os.Stat(socket); err == nil {
		t.Error("the socket GoNB connects to is left behind")
	}
}

// Another command line than GoNB's runs gopls directly and passes its exit code on.
func TestEagerPassesExitCode(t *testing.T) {
	setupFake(t)
	real, err := realGopls()
	if err != nil {
		t.Fatal(err)
	}
	if code := runEager(real, []string{"version"}, os.Getppid(), nil, nil); code != 3 {
		t.Fatalf("exit code %d, want the fake's 3", code)
	}
}

// A LOSSNB_BIN that leads back to the supervisor would start it forever.
func TestRefusesItself(t *testing.T) {
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(exe, filepath.Join(dir, "gopls")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LOSSNB_BIN", dir)
	if _, err := realGopls(); err == nil || !strings.Contains(err.Error(), "leads back") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	t.Setenv("LOSSNB_BIN", "")
	if _, err := realGopls(); err == nil || !strings.Contains(err.Error(), "LOSSNB_BIN") {
		t.Fatalf("err = %v, want LOSSNB_BIN named", err)
	}
}

func TestReadMessageErrors(t *testing.T) {
	for _, in := range []string{
		"Content-Length: x\r\n\r\n{}",
		"Content-Length: -1\r\n\r\n{}",
		"Content-Type: json\r\n\r\n{}",
		"Content-Length: 5\r\n\r\nnot j",
		"Content-Length: 10\r\n\r\n{}",
	} {
		if _, err := readMessage(bufio.NewReader(strings.NewReader(in))); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
	m, err := readMessage(bufio.NewReader(strings.NewReader("content-length: 23\r\n\r\n{\"id\":7,\"method\":\"a/b\"}   ")))
	if err != nil || string(m.ID) != "7" || m.Method != "a/b" || !m.isRequest() {
		t.Fatalf("m = %+v, err = %v", m, err)
	}
	var js map[string]any
	if b, _ := withID([]byte(`{"id":1,"x":2}`), "k"); json.Unmarshal(b, &js) != nil || js["id"] != "k" || js["x"] != 2.0 {
		t.Fatalf("withID gave %v", js)
	}
}
