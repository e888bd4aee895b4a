// A student's program for the tests of package answers: answer functions
// that are right, that change their argument, panic, loop, exit, print.
package main

import (
	"fmt"
	"math"
	"os"
	"slices"

	"github.com/lossnb/lossnb/lossnb/exercise/answers"
)

func main() {
	answers.Register("square", func(x float64) float64 { return x * x })
	answers.Register("sortFit", func(ys []float64) float64 { slices.Sort(ys); return ys[len(ys)/2] })
	answers.Register("pair", func(s string, n int) (string, bool) { return fmt.Sprint(s, n), n > 0 })
	answers.Register("nan", func() float64 { return math.NaN() })
	answers.Register("panics", func() float64 { var m map[string]int; m["x"] = 1; return 0 })
	answers.Register("loops", func() float64 {
		for {
		}
	})
	answers.Register("exits", func() float64 { fmt.Println("bye"); os.Exit(3); return 0 })
	answers.Serve()
}
