// Package surrogate builds the charts and computations of notebook 04-focal-and-surrogates: focal loss and surrogates: class imbalance, focal sweeps, classification-calibrated surrogates.
//
// A cell of the notebook stays a line or two (the notebook imports this package and
// no other lesson package); the logic it shows is tested and documented here.
// Functions return a chart value (package chart) for nb.Show, or plain numbers for the
// notebook's prose; they validate their arguments and return errors that name the
// function, the argument and the value. The package may import loss, fit, chart and
// the lesson helpers (lesson/common, lossnb/internal/...), never nb or figure, so
// computing a lesson's numbers links only the math.
package surrogate
