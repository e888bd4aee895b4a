package nb

import (
	"errors"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"sync"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// Progress is the progress of a long computation, such as a training loop, shown as one
// notebook output that is updated in place: a title and one row per key (a loss, a
// model), each row holding the latest text given for its key. When the computation ends,
// the output shows the final row of each key.
//
//	p := nb.NewProgress("Training")
//	for step := 0; step <= steps; step++ {
//		p.Row("hinge", "step %d   loss %.4f", step, l)
//	}
//
// In a notebook, each Row replaces the output's HTML and text through GoNB's
// update_display_data (the output keeps its place, above what the cell shows later) and
// waits until GoNB has received it. Outside a notebook (IsNotebook is false) each Row
// prints its row as one line of text to standard output instead, as a loop printing its
// progress would.
//
// The methods of a nil *Progress show nothing; Row reports the mistake on standard error.
// A Progress is safe for concurrent use.
type Progress struct {
	mu    sync.Mutex
	title string
	keys  []string
	rows  map[string]string
	id    string
	out   io.Writer       // plain text lines, or nil
	show  func(*Progress) // a custom display (lossnb lite), or nil
}

// NewProgress returns an empty Progress with the title; nothing is shown until the first Row.
func NewProgress(title string) *Progress {
	p := &Progress{title: title, rows: map[string]string{}}
	if !IsNotebook {
		p.out = os.Stdout
	}
	return p
}

// NewProgressFunc returns a Progress that calls show after each Row, with the Progress
// itself (its HTML and Text are the state to show), in place of displaying through GoNB
// or printing. lossnb lite displays progress through it. A nil show gives NewProgress.
func NewProgressFunc(title string, show func(p *Progress)) *Progress {
	if show == nil {
		return NewProgress(title)
	}
	return &Progress{title: title, rows: map[string]string{}, show: show}
}

// errNilProgress is what the methods of a nil *Progress report.
var errNilProgress = errors.New("the Progress is nil: make it with nb.NewProgress")

// Row sets the row of key to the text fmt.Sprintf(format, args...) (a new key adds a row
// under the others) and shows the new state. A line break in the key or the text is shown
// as a space, so that each row stays one line; other spaces are kept (columns).
func (p *Progress) Row(key, format string, args ...any) {
	if p == nil {
		report(fmt.Errorf("nb.Progress.Row: %w", errNilProgress))
		return
	}
	text := oneLine(fmt.Sprintf(format, args...))
	key = oneLine(key)
	p.mu.Lock()
	if _, ok := p.rows[key]; !ok {
		p.keys = append(p.keys, key)
	}
	p.rows[key] = text
	out, show := p.out, p.show
	var d *protocol.DisplayData
	if out == nil && show == nil {
		if p.id == "" {
			p.id = newDisplayID()
		}
		d = &protocol.DisplayData{Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML:  p.htmlLocked(),
			protocol.MIMETextPlain: p.textLocked(),
		}, DisplayID: p.id}
	}
	p.mu.Unlock()
	switch {
	case show != nil:
		show(p)
	case out != nil:
		if key == "" {
			fmt.Fprintln(out, text)
		} else {
			fmt.Fprintf(out, "%s: %s\n", key, text)
		}
	default:
		display(d)
	}
}

// oneLine replaces line breaks by spaces and drops trailing spaces.
func oneLine(s string) string {
	return strings.TrimRight(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s), " ")
}

// Text returns the state as plain text: the title, then one line per row, its key padded
// to the longest key.
func (p *Progress) Text() string { return p.locked((*Progress).textLocked) }

// locked returns f(p) with p's lock held, or "" for a nil Progress.
func (p *Progress) locked(f func(*Progress) string) string {
	if p == nil {
		return ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return f(p)
}

func (p *Progress) textLocked() string {
	var b strings.Builder
	if p.title != "" {
		b.WriteString(p.title + "\n")
	}
	w := 0
	for _, k := range p.keys {
		w = max(w, len([]rune(k)))
	}
	for _, k := range p.keys {
		if w > 0 {
			fmt.Fprintf(&b, "%-*s  ", w, k)
		}
		b.WriteString(p.rows[k] + "\n")
	}
	return b.String()
}

// HTML returns the state as an HTML snippet: the text of Text, escaped, in a
// preformatted block whose lines do not wrap (a narrow output scrolls sideways).
func (p *Progress) HTML() string { return p.locked((*Progress).htmlLocked) }

func (p *Progress) htmlLocked() string {
	return `<pre class="lossnb-progress" style="white-space: pre; overflow-x: auto; margin: 0">` +
		html.EscapeString(strings.TrimSuffix(p.textLocked(), "\n")) + "</pre>"
}

// newDisplayID returns an id no other output of the kernel session has: GoNB updates the
// output of an id it has seen before, in any cell. math/rand/v2's generator is seeded at
// random for each program (each cell), so 128 random bits make a repeat as unlikely as
// crypto/rand's would; crypto/rand would pull crypto/internal/fips140 and math/big into
// every cell that imports nb, adding to its link time (chart.Render's ids do the same).
func newDisplayID() string {
	return fmt.Sprintf("lossnb-progress-%016x%016x", rand.Uint64(), rand.Uint64())
}
