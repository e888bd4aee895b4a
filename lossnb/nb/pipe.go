package nb

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// This file speaks GoNB's display protocol, as package gonbui does: the
// kernel runs a cell's program with two named pipes in its environment; the
// program writes gob-encoded protocol.DisplayData to the first, and reads
// protocol.CommValue replies (such as the acknowledgement of a sync) from
// the second. gonbui itself is not imported: it brings logging, networking,
// SQL and UUID packages that made every cell showing a chart link about
// 0.15 s slower (of 0.35 s for a hello-world cell).
//
// Both write a gob stream to the same pipe, so a program must not display
// through gonbui and this package both: use Markdown and HTML for text.

// IsNotebook reports whether GoNB runs this program (its pipe is set).
var IsNotebook = os.Getenv(protocol.GONB_PIPE_ENV) != ""

var kernel struct {
	sync.Mutex
	w, r   *os.File
	enc    *gob.Encoder
	dec    *gob.Decoder
	err    error // sticky: once the pipes fail, nothing more is sent
	syncID int
}

// SyncTimeout bounds how long Show waits for GoNB to acknowledge an output.
var SyncTimeout = 60 * time.Second

// openLocked opens the pipes, writer first (GoNB waits for it), as gonbui does.
func openLocked() error {
	k := &kernel
	if k.err != nil {
		return k.err
	}
	if !IsNotebook {
		return errors.New("nb: not running under GoNB")
	}
	if k.w == nil {
		if k.w, k.err = openPipe(protocol.GONB_PIPE_ENV, os.O_WRONLY, "pipe"); k.err != nil {
			return k.err
		}
		k.enc = gob.NewEncoder(k.w)
	}
	if k.r == nil {
		if k.r, k.err = openPipe(protocol.GONB_PIPE_BACK_ENV, os.O_RDONLY, "reply pipe"); k.err != nil {
			return k.err
		}
		k.dec = gob.NewDecoder(k.r)
	}
	return nil
}

// openPipe opens the named pipe whose path is in the environment variable env; what names
// it in the error.
func openPipe(env string, flag int, what string) (*os.File, error) {
	f, err := os.OpenFile(os.Getenv(env), flag, 0o600)
	if err != nil {
		return nil, fmt.Errorf("nb: opening GoNB's %s: %w", what, err)
	}
	return f, nil
}

// send writes one display message to GoNB.
func send(d *protocol.DisplayData) error {
	kernel.Lock()
	defer kernel.Unlock()
	return sendLocked(d)
}

func sendLocked(d *protocol.DisplayData) error {
	if err := openLocked(); err != nil {
		return err
	}
	if err := kernel.enc.Encode(d); err != nil {
		kernel.err = fmt.Errorf("nb: writing to GoNB's pipe: %w", err)
		return kernel.err
	}
	return nil
}

// syncKernel asks GoNB to acknowledge everything sent so far and waits for
// the answer (gonbui.Sync): without it a headless run (nbclient) loses an
// output now and then, the cell ending before GoNB forwarded the display.
func syncKernel() error {
	kernel.Lock()
	defer kernel.Unlock()
	id := kernel.syncID
	kernel.syncID++
	err := sendLocked(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMECommValue: &protocol.CommValue{Address: protocol.GonbuiSyncAddress, Value: id},
	}})
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		for {
			var v protocol.CommValue
			if err := kernel.dec.Decode(&v); err != nil {
				if errors.Is(err, io.EOF) {
					err = io.ErrUnexpectedEOF
				}
				done <- fmt.Errorf("nb: reading GoNB's reply: %w", err)
				return
			}
			if n, ok := v.Value.(int); ok && v.Address == protocol.GonbuiSyncAckAddress && n == id {
				done <- nil
				return
			}
			// Other messages (widget values) are not for this package.
		}
	}()
	select {
	case err := <-done:
		if err != nil {
			kernel.err = err
		}
		return err
	case <-time.After(SyncTimeout):
		kernel.err = fmt.Errorf("nb: GoNB did not acknowledge the output within %v", SyncTimeout)
		return kernel.err
	}
}
