package ranking

// Without returns a copy of xs without the elements equal to v: an exercise's
// points with a kink left out (07's margin ranking slope, undefined at d = 1).
// A plain function rather than slices.DeleteFunc(slices.Clone(…)) in the cell,
// because lossnb lite's interpreter (yaegi, Go 1.22's library) cannot call
// generic functions of the standard library.
func Without(xs []float64, v float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}
