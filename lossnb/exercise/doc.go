// Package exercise checks the answers of lossnb's exercises: a student's
// loss function and its gradient against a reference at many points, the
// gradient against finite differences of the student's own loss, a fit
// against the loss it minimises, and the answer of a multiple choice.
//
// Each check prints its verdict for a person, one line per criterion, and
// a partial score, to standard output (standard error fails a notebook
// run):
//
//	Exercise 1: Huber's loss, δ = 1
//	  ✗ value wrong at residual = 1.25: got 0.78125, want 0.75 (wrong at 32 of 41 residuals)
//	  ✗ gradient wrong at residual = 1.25: got 1.25, want 1.0 (wrong at 32 of 41 residuals)
//	  ✓ gradient is the slope of your own loss at all 41 residuals (finite differences)
//	  ✓ properties: ρ(r) ≥ 0, ρ(−r) = ρ(r)
//	Score: 2/4
//
// (here, the loss of MSE, ½r², written instead of Huber's: wrong, but its
// gradient is its slope), and returns the same as a [Result].
//
// # A student's code is not trusted
//
// Every call into the student's code is guarded: a panic is recovered and
// reported in plain words with the point where it happened ("your
// gradient panicked at residual = 2.0: index out of range"), never as a
// stack trace; NaN and ±Inf are reported as such; a function that does not
// return within [Options.Timeout] (an endless loop) is reported and not
// called again, and the check goes on with the criteria it can still
// decide. In a notebook, a student's code that ends the program (os.Exit)
// cannot be caught: the check then prints nothing. Under `lossnb grade` it
// can: the student's code runs in a process of its own (see Grading).
//
// # Grading
//
// `lossnb grade` never runs a student's code in the process that scores it.
// It builds a checker from the instructor's check cells, in which each
// student function is a stub that calls the student's code in another,
// sandboxed process (package [github.com/lossnb/lossnb/lossnb/exercise/answers]),
// and collects every Result through [Record]. The design and its threat
// model are in coursework/README.md.
//
// This package does not import chart or plot packages: every exercise cell
// links it, and it must link fast.
//
// Imports: it may use loss, fit and lossnb/internal, and may not import chart,
// figure, nb or lesson, nor gonum/plot, go-echarts or GoNB (the rules are checked by lossnb/layers_test.go).
package exercise
