package answers

import (
	"bufio"
	"bytes"
	"reflect"
	"testing"
)

// FuzzReply feeds the checker's reader what a hostile student's program may
// write on the reply pipe: it must return an error or a reply, never panic
// nor allocate past maxFrame.
func FuzzReply(f *testing.F) {
	var good bytes.Buffer
	b, _ := encode(reflect.ValueOf(2.5))
	writeFrame(&good, reply{ID: 1, Results: [][]byte{b}, After: [][]byte{nil}})
	f.Add(good.Bytes())
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0, 0, 0, 3, 1, 2, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		var rep reply
		if err := readFrame(bufio.NewReader(bytes.NewReader(data)), &rep); err != nil {
			return
		}
		var y float64
		for _, r := range rep.Results {
			decode(r, reflect.ValueOf(&y))
		}
		ys := []float64{1, 2}
		for _, a := range rep.After {
			if a != nil {
				copyBack(reflect.ValueOf(ys), a)
			}
		}
	})
}
