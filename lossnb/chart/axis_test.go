package chart_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/lossnb/lossnb/lossnb/chart"
)

// formatValues are the numbers of testdata/format.golden.json: each side of
// the switches to exponent form, ties (which JavaScript rounds up and
// strconv to even), carries (9.9995 → 10), -0, and the float64 extremes.
var formatValues = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.1, 0.125, 0.30000000000000004, 2.675, 1.0625, -1.0625, 1.00049999,
	9.9995, 999.95, 1234.5, 12345, 12345.5, 45.675, 0.12345, -0.045000001, 99994, 99999.4, 99999.9,
	1e5, 112500, 123456, -123456, 999500, 0.001, 0.00099999, 0.000123456, 0.00012345, 2.5e-7,
	1e-300, 5e-324, math.MaxFloat64, -math.MaxFloat64,
}

// TestFormatGolden keeps chart.FormatNumber's text for formatValues in
// testdata/format.golden.json (go test -regen rewrites it), which the Node
// test of loader.js reads: the page and Go must format every number alike.
func TestFormatGolden(t *testing.T) {
	cases := make([][2]any, len(formatValues))
	for i, v := range formatValues {
		cases[i] = [2]any{v, chart.FormatNumber(v)}
	}
	b, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "format.golden.json"), append(b, '\n'))
}

// TestLoaderUnderNode runs loader_test.mjs, the unit tests of the page's
// script (loader.js), under Node: a loader that draws nothing, formats a
// number unlike FormatNumber, or loses a slider frame fails here.
func TestLoaderUnderNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	out, err := exec.Command(node, "--test", "loader_test.mjs").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test loader_test.mjs: %v\n%s", err, out)
	}
}

// TestTicks: ticks at round multiples covering the range, labelled as the
// tooltips label numbers; a wrong step or a noisy zero (5.6e-17) fails.
func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{-0.3, 0.3, "[-0.3 -0.2 -0.1 0 0.1 0.2 0.3]"},
		{0, 1, "[0 0.2 0.4 0.6 0.8 1]"},
		{0.05, 0.95, "[0.2 0.4 0.6 0.8]"},
		{-3, 3, "[-3 -2 -1 0 1 2 3]"},
		{0, 250000, "[0 50000 1.00e5 1.50e5 2.00e5 2.50e5]"},
		{1, 1, "[]"},
	} {
		var labels []string
		for _, tk := range chart.Ticks(tc.lo, tc.hi) {
			labels = append(labels, tk.Label)
		}
		if got := fmt.Sprint(labels); got != tc.want && !(len(labels) == 0 && tc.want == "[]") {
			t.Errorf("Ticks(%v, %v) = %s, want %s", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func ExampleFormatNumber() {
	for _, v := range []float64{0.30000000000000004, 1.0625, 12345.5, -0.000123456, 250000, math.NaN()} {
		fmt.Println(chart.FormatNumber(v))
	}
	// Output:
	// 0.3
	// 1.063
	// 12350
	// -1.23e-4
	// 2.50e5
	// –
}

func ExampleTicks() {
	for _, t := range chart.Ticks(-0.25, 1) {
		fmt.Print(t.Label, " ")
	}
	fmt.Println()
	// Output: -0.25 0 0.25 0.5 0.75 1
}

func ExampleMinGap() {
	// Bars at these x are 80% of 0.5 wide.
	fmt.Println(chart.MinGap([]float64{0, 1, 1.5, 3}))
	// Output: 0.5
}
