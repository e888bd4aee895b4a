package nb

import (
	"bytes"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// In a notebook, every Row sends the whole state under one display id (so GoNB updates
// the same output in place) and waits for GoNB; the last state holds the final row of
// each key. Would catch a new output per row (a new id), rows lost or duplicated, or an
// update GoNB may not have received when the cell ends.
func TestProgressInKernel(t *testing.T) {
	if inCellProgram() {
		p := NewProgress("Training <GAN>")
		for step := 0; step <= 2; step++ {
			p.Row("hinge", "step %d", step)
			p.Row("logistic", "step %d", step)
		}
		NewProgress("another").Row("x", "1")
		return
	}
	events := inFakeKernel(t, "TestProgressInKernel")
	if len(events) != 14 {
		t.Fatalf("%d events, want 7 outputs each followed by a sync", len(events))
	}
	ids := map[string]int{}
	var last protocol.DisplayData
	for i, e := range events {
		if e.sync != (i%2 == 1) {
			t.Fatalf("event %d: sync %v", i, e.sync)
		}
		if !e.sync {
			ids[e.d.DisplayID]++
			if i < 12 {
				last = e.d
			}
		}
	}
	if len(ids) != 2 || ids[""] != 0 {
		t.Errorf("display ids %v, want two ids, one per Progress", ids)
	}
	wantText := "Training <GAN>\nhinge     step 2\nlogistic  step 2\n"
	if got := last.Data[protocol.MIMETextPlain]; got != wantText {
		t.Errorf("final text %q, want %q", got, wantText)
	}
	html, _ := last.Data[protocol.MIMETextHTML].(string)
	if !strings.Contains(html, "Training &lt;GAN&gt;\nhinge     step 2\nlogistic  step 2</pre>") {
		t.Errorf("final HTML %q", html)
	}
}

// Outside a notebook a Progress prints one line per Row, as a loop printing its progress
// would; line breaks become spaces, the spaces aligning columns stay. Would catch a
// Progress that is silent, tries GoNB's pipe under go test, or collapses columns.
func TestProgressOutsideNotebook(t *testing.T) {
	var out bytes.Buffer
	p := NewProgress("t")
	p.out = &out
	p.Row("hinge", "step %d\nloss %.1f   W1 %.1f", 1, 0.5, 0.25)
	p.Row("", "done")
	if got, want := out.String(), "hinge: step 1 loss 0.5   W1 0.2\ndone\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	if got, want := p.Text(), "t\nhinge  step 1 loss 0.5   W1 0.2\n       done\n"; got != want {
		t.Errorf("Text %q, want %q", got, want)
	}
}

// NewProgressFunc hands each new state to its function and neither prints nor displays
// (lossnb lite relies on it; would catch a state passed before the row is set).
func TestProgressFunc(t *testing.T) {
	var got []string
	p := NewProgressFunc("", func(p *Progress) { got = append(got, p.Text()) })
	p.Row("a", "1")
	p.Row("a", "2")
	if len(got) != 2 || got[1] != "a  2\n" {
		t.Errorf("states %q", got)
	}
}
