// Package lesson builds the ready-made charts and computations of the lossnb
// notebooks out of the loss, fit and chart packages, so that a notebook cell stays a
// line or two ("show the regression losses with a δ slider") and the logic it shows is
// tested and documented here, not pasted into cells.
//
// Functions return a chart value (package chart) for nb.Show, or plain numbers for the
// notebook's prose; they validate their arguments and return errors that name the
// function, the argument and the value. Package lesson imports no plotting or
// notebook package, so computing a lesson's numbers links only the math.
//
// Imports: loss, fit, chart, exercise (for the exercises' choices and
// explanations) and lossnb/internal. Package lesson may not import nb or
// figure, nor gonum/plot or GoNB (the rules are checked by lossnb/layers_test.go).
package lesson
