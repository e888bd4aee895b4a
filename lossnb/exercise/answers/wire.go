// Package answers runs a student's answer functions in a process of their
// own and calls them from another process, the checker, through a pipe.
//
// `lossnb grade` builds two programs for each submission:
//
//   - the student's answers: the student's code, and a main that calls
//     [Serve], with each answer function registered by [Register]. It runs
//     in a sandbox and sees nothing of the grader: no checks, no hidden
//     tests, no answer keys.
//   - the checker, built once from the instructor's source: the check cells,
//     in which each answer function is a stub that calls [Call]. It decides
//     the score and runs no student code.
//
// Arguments and results cross the pipe encoded with encoding/gob (which
// keeps NaN, ±Inf and −0 exactly), so answer functions take and return
// values only: numbers, strings, booleans, and slices, arrays and maps of
// them ([BasicTypes] says which). A slice or map argument the
// student's function changes is copied back, so a check can see that a fit
// sorted its data in place.
//
// The student's process writes what it prints to its standard output and
// error, which the checker keeps (4 KiB) for the instructor; the requests and
// replies use file descriptors 3 and 4.
package answers

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// maxFrame bounds one message on the pipe: a reply larger than this ends the
// call with a failure, so a student's process cannot make the checker
// allocate without bound.
const maxFrame = 16 << 20

// request asks the student's process to call one function.
type request struct {
	ID   uint64
	Name string
	Args [][]byte // each argument encoded by encode
}

// reply is the outcome of one call.
type reply struct {
	ID      uint64
	Results [][]byte
	After   [][]byte // slice and map arguments after the call (nil for others)
	Panic   string   // the panic's value, in words
	Missing bool     // no function of that name was registered
}

func writeFrame(w io.Writer, v any) error {
	var b bytes.Buffer
	b.Write(make([]byte, 4))
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		return err
	}
	if b.Len()-4 > maxFrame {
		return fmt.Errorf("a message of %d bytes, over the limit of %d", b.Len()-4, maxFrame)
	}
	binary.BigEndian.PutUint32(b.Bytes(), uint32(b.Len()-4))
	_, err := w.Write(b.Bytes())
	return err
}

func readFrame(r *bufio.Reader, v any) error {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxFrame {
		return fmt.Errorf("a message of %d bytes, over the limit of %d", size, maxFrame)
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(r, buf); err != nil {
		return err
	}
	return gob.NewDecoder(bytes.NewReader(buf)).Decode(v)
}

// encode encodes one value for the pipe.
func encode(v reflect.Value) ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v.Interface()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// decode decodes data into the value ptr points to.
func decode(data []byte, ptr reflect.Value) error {
	if len(data) == 0 {
		return errors.New("no value")
	}
	return gob.NewDecoder(bytes.NewReader(data)).DecodeValue(ptr)
}

// BasicTypes are the types a serialisable type is built from, as written in
// Go source: an answer function's parameters and results are these, or
// slices, arrays and maps of them (maps keyed by a basic type). Functions,
// channels, pointers, interfaces, structs and named types cannot cross the
// pipe, and `lossnb assign` refuses them.
var BasicTypes = []string{"bool", "string", "byte", "rune", "int", "int8", "int16", "int32", "int64",
	"uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "complex64", "complex128"}
