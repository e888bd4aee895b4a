// Command expect prints the values of notebook 01's losses computed
// directly with package loss, as JSON: the oracle of the browser test
// (scripts/browser_extra_test.mjs), which compares them with the numbers a
// chart's tooltip shows. Nothing of lesson or the page is used here, so a
// wrong number anywhere on the way from loss to the tooltip fails; the text
// a tooltip should show is chart.FormatNumber's (the page's own format, as
// lossnb/chart/loader_test.mjs checks).
//
//	go run ./lossnb/nb/testdata/expect DELTA:R ...
//
// prints [{"delta":DELTA,"r":R,"mse":…,"mae":…,"huber":…,"shown":{"mse":"…",…}}, …].
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/loss"
)

type value struct {
	Delta float64 `json:"delta"`
	R     float64 `json:"r"`
	MSE   float64 `json:"mse"`
	MAE   float64 `json:"mae"`
	Huber float64 `json:"huber"`
	// Shown is how a tooltip shows each value (chart.FormatNumber).
	Shown map[string]string `json:"shown"`
}

func main() {
	out := []value{}
	for _, a := range os.Args[1:] {
		ds, rs, ok := strings.Cut(a, ":")
		d, err1 := strconv.ParseFloat(ds, 64)
		r, err2 := strconv.ParseFloat(rs, 64)
		if !ok || err1 != nil || err2 != nil {
			fmt.Fprintf(os.Stderr, "expect: %q is not DELTA:R\n", a)
			os.Exit(2)
		}
		h, err := loss.NewHuber(d)
		if err != nil {
			fmt.Fprintln(os.Stderr, "expect:", err)
			os.Exit(1)
		}
		v := value{Delta: d, R: r, MSE: loss.Squared{}.Value(r), MAE: loss.Absolute{}.Value(r), Huber: h.Value(r)}
		v.Shown = map[string]string{"mse": chart.FormatNumber(v.MSE), "mae": chart.FormatNumber(v.MAE), "huber": chart.FormatNumber(v.Huber)}
		out = append(out, v)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "expect:", err)
		os.Exit(1)
	}
}
