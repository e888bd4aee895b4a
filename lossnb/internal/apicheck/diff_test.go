package apicheck

import (
	"slices"
	"testing"
)

// Diff feeds every Guard and the lite symbols check: a Diff that lost a side, or
// returned unsorted keys, would let a missing bad-input entry or symbol pass.
func TestDiff(t *testing.T) {
	a := map[string][]string{"b": nil, "a": nil, "c": nil}
	b := map[string]bool{"c": true, "d": true}
	onlyA, onlyB := Diff(a, b)
	if !slices.Equal(onlyA, []string{"a", "b"}) || !slices.Equal(onlyB, []string{"d"}) {
		t.Errorf("Diff = %v, %v; want [a b], [d]", onlyA, onlyB)
	}
}
