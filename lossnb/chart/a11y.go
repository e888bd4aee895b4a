package chart

import (
	"fmt"
	"strings"
)

// Describe returns the text alternative of an item as it is first shown (a
// toggle's first view, a slider at its initial value): what it shows, its
// axes and their ranges and its series. Render writes it into each chart's
// aria-label; package figure into the PNG images it draws.
func Describe(it Item) (string, error) {
	s, err := snapshot(it)
	if err != nil {
		return "", named("Describe", err)
	}
	return describe(s), nil
}

// describe returns the text alternative of snapshot s (see Snapshot): what
// the chart shows, its axes and their ranges and its series, for screen
// readers (WCAG 2.1, success criterion 1.1.1). The values themselves are in
// the data table the page builds under each chart.
func describe(s *Chart) string {
	var b strings.Builder
	title := s.Title
	if title == "" {
		title = "untitled"
	}
	axis := func(label, fallback string) string {
		if label == "" {
			return fallback
		}
		return label
	}
	x, y := axis(s.XLabel, "x"), axis(s.YLabel, "y")
	if s.Heat != nil {
		lo, hi := s.Heat.zRange()
		g := s.Heat
		fmt.Fprintf(&b, "Heat map “%s” over %s (%s to %s) and %s (%s to %s), values from %s to %s.",
			title, x, FormatNumber(first(g.X)), FormatNumber(last(g.X)), y, FormatNumber(first(g.Y)), FormatNumber(last(g.Y)),
			FormatNumber(lo), FormatNumber(hi))
		return b.String()
	}
	kinds := map[Kind]bool{}
	var names []string
	for i, se := range s.Series {
		kinds[se.kind(s)] = true
		name := se.Name
		if name == "" {
			name = fmt.Sprintf("series %d", i+1)
		}
		names = append(names, name)
	}
	what := "Chart"
	switch {
	case len(kinds) != 1:
	case kinds[KindLine]:
		what = "Line chart"
	case kinds[KindScatter]:
		what = "Scatter chart"
	case kinds[KindBar]:
		what = "Bar chart"
	}
	fmt.Fprintf(&b, "%s “%s”: %s against %s", what, title, y, x)
	if len(s.Categories) > 0 {
		fmt.Fprintf(&b, " (%d categories, %s to %s)", len(s.Categories), s.Categories[0], s.Categories[len(s.Categories)-1])
	} else {
		fmt.Fprintf(&b, " (%s to %s)", FormatNumber(s.XMin), FormatNumber(s.XMax))
	}
	fmt.Fprintf(&b, ", %s from %s to %s. ", y, FormatNumber(s.YMin), FormatNumber(s.YMax))
	if len(names) == 1 {
		fmt.Fprintf(&b, "One series: %s.", names[0])
	} else {
		fmt.Fprintf(&b, "%d series: %s.", len(names), strings.Join(names, "; "))
	}
	return b.String()
}

func first(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	return v[0]
}

func last(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	return v[len(v)-1]
}
