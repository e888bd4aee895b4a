// Package enum names the values of lossnb's enumerated types (integer constants
// from iota). It imports nothing of lossnb.
package enum

import "strconv"

// Name returns names[v-first], the name of the value v of an enumeration whose first
// constant is first, or typ(v) (e.g. "Reduction(7)") for a value with no name.
func Name(names []string, first int, typ string, v int) string {
	if i := v - first; i >= 0 && i < len(names) {
		return names[i]
	}
	return typ + "(" + strconv.Itoa(v) + ")"
}
