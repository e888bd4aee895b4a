package nb

import (
	"encoding/gob"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// TestShowInKernel runs this test binary as a "cell program" talking to a
// fake GoNB over the two named pipes of the gonbui protocol, and checks
// that Show sends one bundle with the HTML and then waits for the sync
// acknowledgement.
func TestShowInKernel(t *testing.T) {
	if inCellProgram() {
		if !IsNotebook {
			t.Fatal("child does not see the pipes")
		}
		Show(lossChart())
		return
	}
	events := inFakeKernel(t, "TestShowInKernel")
	if len(events) != 2 || events[0].sync || !events[1].sync {
		t.Fatalf("events %+v, want one output then a sync", events)
	}
	d := events[0].d
	html, _ := d.Data[protocol.MIMETextHTML].(string)
	if !strings.Contains(html, `class="lossnb"`) || d.Data[protocol.MIMETextPlain] == nil {
		t.Errorf("output is not a chart bundle: %v", d.Data)
	}
}

// childEnv marks the copy of the test binary that inFakeKernel runs as a cell program.
const childEnv = "LOSSNB_NB_CHILD"

// inCellProgram reports whether this test binary is the cell program that inFakeKernel
// runs (the test then plays the cell and returns).
func inCellProgram() bool { return os.Getenv(childEnv) == "1" }

// kernelEvent is what a cell program sent to the fake GoNB: an output, or a sync.
type kernelEvent struct {
	d    protocol.DisplayData
	sync bool
}

// inFakeKernel runs this test binary's test named test with LOSSNB_NB_CHILD=1 as a cell
// program under a fake GoNB: it acknowledges every sync and returns what the program sent,
// in order.
func inFakeKernel(t *testing.T, test string) []kernelEvent {
	t.Helper()
	dir := t.TempDir()
	out, back := filepath.Join(dir, "out"), filepath.Join(dir, "back")
	for _, p := range []string{out, back} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), childEnv+"=1", protocol.GONB_PIPE_ENV+"="+out, protocol.GONB_PIPE_BACK_ENV+"="+back,
		HelperEnv+"="+dir, "PATH="+dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var events []kernelEvent
	done := make(chan error, 1)
	go func() {
		r, err := os.OpenFile(out, os.O_RDONLY, 0)
		if err != nil {
			done <- err
			return
		}
		defer r.Close()
		w, err := os.OpenFile(back, os.O_WRONLY, 0)
		if err != nil {
			done <- err
			return
		}
		defer w.Close()
		dec, enc := gob.NewDecoder(r), gob.NewEncoder(w)
		for {
			var d protocol.DisplayData
			if err := dec.Decode(&d); err != nil {
				done <- nil
				return
			}
			var cv *protocol.CommValue
			switch v := d.Data[protocol.MIMECommValue].(type) {
			case protocol.CommValue:
				cv = &v
			case *protocol.CommValue:
				cv = v
			}
			if cv != nil && cv.Address == protocol.GonbuiSyncAddress {
				events = append(events, kernelEvent{sync: true})
				if err := enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: cv.Value}); err != nil {
					done <- err
					return
				}
				continue
			}
			events = append(events, kernelEvent{d: d})
		}
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("timed out talking to the cell program")
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("cell program: %v\n%s", err, stderr.String())
	}
	return events
}
