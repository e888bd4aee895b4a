package nbtest

import (
	"errors"
	"testing"
)

// fatalRecorder is a testing.TB whose Fatal only records that it was called.
type fatalRecorder struct {
	testing.TB
	fatal []any
}

func (f *fatalRecorder) Helper()           {}
func (f *fatalRecorder) Fatal(args ...any) { f.fatal = args }

// Must is behind some 190 checks of the lesson tests: a Must that swallowed the error
// (no Fatal), or lost the value, would let a failing lesson function pass them.
func TestMust(t *testing.T) {
	var r fatalRecorder
	if v := Must(42, nil)(&r); v != 42 || r.fatal != nil {
		t.Errorf("Must(42, nil) = %v, Fatal called with %v", v, r.fatal)
	}
	err := errors.New("lesson.F: x = NaN")
	Must(0, err)(&r)
	if len(r.fatal) != 1 || r.fatal[0] != err {
		t.Errorf("Must(0, err): Fatal called with %v, want the error", r.fatal)
	}
}
