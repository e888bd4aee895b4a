package lesson

import (
	"math"
	"strings"
	"testing"
)

// wantErr fails unless err is non-nil and mentions every part (the function,
// the argument, the value).
func wantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one mentioning %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// round2 and round3 round as the notebooks' prose states numbers.
func round2(v float64) float64 { return math.Round(100*v) / 100 }
func round3(v float64) float64 { return math.Round(1000*v) / 1000 }
