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
	if os.Getenv("LOSSNB_NB_CHILD") == "1" {
		if !IsNotebook {
			t.Fatal("child does not see the pipes")
		}
		Show(lossChart())
		return
	}
	dir := t.TempDir()
	out, back := filepath.Join(dir, "out"), filepath.Join(dir, "back")
	for _, p := range []string{out, back} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestShowInKernel$")
	cmd.Env = append(os.Environ(), "LOSSNB_NB_CHILD=1", protocol.GONB_PIPE_ENV+"="+out, protocol.GONB_PIPE_BACK_ENV+"="+back,
		HelperEnv+"="+dir, "PATH="+dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
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
		var shown int
		for {
			var d protocol.DisplayData
			if err := dec.Decode(&d); err != nil {
				if shown != 1 {
					t.Errorf("%d outputs shown, want 1", shown)
				}
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
				if shown != 1 {
					t.Errorf("sync before the output")
				}
				if err := enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: cv.Value}); err != nil {
					done <- err
					return
				}
				continue
			}
			shown++
			html, _ := d.Data[protocol.MIMETextHTML].(string)
			if !strings.Contains(html, `class="lossnb"`) || d.Data[protocol.MIMETextPlain] == nil {
				t.Errorf("output is not a chart bundle: %v", d.Data)
			}
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
}
