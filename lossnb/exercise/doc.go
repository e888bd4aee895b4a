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
// # Predict, then run
//
// [Predict] and [PredictChoice] record a prediction the student writes in an
// answer cell before running the cell that shows the answer; that cell
// computes the actual value (or the label of the option the run showed)
// and calls the check, which says how far off the prediction was and what
// to look at:
//
//	// answer cell (nbgrader solution cell: the release returns 0)
//	func predictOutlierRise() float64 { return 3.5 } // your prediction
//
//	// the cell that shows the answer (notebook 01)
//	%%
//	rise := nb.Must(keyidea.OutlierRise(10, 30))
//	fmt.Println(rise[0])
//	exercise.Predict("predict-outlier", "Your prediction: the MSE line's rise", predictOutlierRise, rise[0], 0.5)
//
// Both are practice: 0 of 0 points, marked [Result].Practice, unless the
// instructor gives points ([PredictScored], [Choice].Points) and puts the
// call in a check cell.
//
// # Multiple choice
//
// [CheckChoice] with no [Choice].Key is the practice check a student runs
// before handing in: it gives the chosen option's explanation at once
// ([Choice].Why), unless [Choice].HideExplanation is set for a graded
// hand-in. The keyed check in the hidden tests grades; when a hand-in is
// graded, the unkeyed check is silent, so the feedback holds one verdict
// with its explanation.
//
// # Exercises of other kinds
//
// [CheckBreak] checks data a student constructed to break an estimator
// (by property: one point moved, the mean moves by more than 10, the
// median not at all); [CheckDerivative] checks a derived gradient against
// finite differences of the function and against properties, and names the
// usual slips (a constant factor, the sign, the function itself);
// [CheckCostFit] checks a model fitted for a business cost by that cost
// on held-out data, whatever loss or formula the student used.
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
