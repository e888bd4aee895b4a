package chart

import (
	"math"
	"strconv"
)

// This file holds the axis and number rules that the interactive chart (in
// Go and in loader.js) and its static twin (package figure) share: one
// definition each, so the two pictures agree.

// The number format of tooltips, axis labels and figure ticks (FormatNumber).
// The page's script reads the same constants from the chart data (pageSpec's
// format member), so there is no second copy of them in loader.js.
const (
	formatDigits    = 4    // significant digits, as many as a tooltip has room for
	formatExpDigits = 2    // decimals of the mantissa in exponent notation
	formatSmall     = 1e-3 // magnitudes below this (except 0) in exponent notation
	formatLarge     = 1e5  // and from this one on
)

// numberFormat carries the format constants to the page (loader.js, numberFormat).
type numberFormat struct {
	Digits    int     `json:"digits"`
	ExpDigits int     `json:"expDigits"`
	Small     float64 `json:"small"`
	Large     float64 `json:"large"`
}

var pageFormat = numberFormat{Digits: formatDigits, ExpDigits: formatExpDigits, Small: formatSmall, Large: formatLarge}

// FormatNumber formats v as the charts show numbers in tooltips and axis
// labels: 4 significant digits without trailing zeros ("0.125", "1235",
// "-2.5"), or, for magnitudes below 1e-3 or from 1e5 on, exponent notation
// with two decimals ("1.23e-4", "1.00e5"); "–" for NaN and ±Inf. Ties round
// away from zero. It gives the same text as the page's script, which uses
// JavaScript's toPrecision and toExponential (ECMA-262, Number.prototype).
func FormatNumber(v float64) string {
	if !isFinite(v) {
		return "–"
	}
	a := math.Abs(v)
	sign := ""
	if v < 0 {
		sign = "-"
	}
	if a != 0 && (a >= formatLarge || a < formatSmall) {
		d, e := roundDigits(a, formatExpDigits+1)
		return sign + d[:1] + "." + d[1:] + "e" + strconv.Itoa(e)
	}
	if a == 0 {
		return "0"
	}
	// toPrecision, then parseFloat and String: the shortest decimal that
	// reads back as the rounded value (strconv's 'f', -1 does the same).
	d, e := roundDigits(a, formatDigits)
	r, err := strconv.ParseFloat(d[:1]+"."+d[1:]+"e"+strconv.Itoa(e), 64)
	if err != nil { // cannot happen: d is digits, e an int
		return strconv.FormatFloat(v, 'g', formatDigits, 64)
	}
	return sign + strconv.FormatFloat(r, 'f', -1, 64)
}

// roundDigits rounds a > 0 to p significant digits, ties away from zero as
// JavaScript's toPrecision and toExponential do (strconv rounds ties to
// even): it returns the p digits and the decimal exponent of the first.
// It reads a's value to 41 digits, exact for every tie of p <= 17 digits
// (a tie's decimal expansion ends at digit p+1).
func roundDigits(a float64, p int) (string, int) {
	s := strconv.FormatFloat(a, 'e', 40, 64) // d.ddd…e±xx
	i := len(s) - 1
	for s[i] != 'e' {
		i--
	}
	e, _ := strconv.Atoi(s[i+1:]) // strconv wrote it
	digits := []byte(s[:1] + s[2:i])
	keep := digits[:p]
	if digits[p] >= '5' {
		k := p - 1
		for ; k >= 0 && keep[k] == '9'; k-- {
			keep[k] = '0'
		}
		if k < 0 { // 9.99… rounded up to 10.0…
			keep[0] = '1'
			e++
		} else {
			keep[k]++
		}
	}
	return string(keep), e
}

// Tick is a labelled value on an axis.
type Tick struct {
	Value float64
	Label string // FormatNumber(Value)
}

// Ticks returns about six ticks from lo to hi at the multiples of
// niceStep((hi-lo)/6) between them, labelled by FormatNumber: the ticks of
// the interactive chart when both ends are multiples of that step (see
// axisRange), and the ticks of every static figure. None when hi <= lo or
// either is not finite.
func Ticks(lo, hi float64) []Tick {
	if !(hi > lo) || !isFinite(lo) || !isFinite(hi) {
		return nil
	}
	step := niceStep(span6(lo, hi))
	if !(step > 0) || !isFinite(step) {
		return nil
	}
	var ticks []Tick
	// Stepping by addition, as the static figures always have (so their
	// pixels stay put); at most 7 ticks unless step underflowed.
	for v := math.Ceil(lo/step-1e-9) * step; len(ticks) <= 100; v += step {
		if !isFinite(v) || v-hi > step*1e-9 {
			break
		}
		label := v
		if math.Abs(v) < step*1e-9 {
			label = 0 // -0.3 + 3 × 0.1 is 5.6e-17: labelled 0
		}
		ticks = append(ticks, Tick{Value: v, Label: FormatNumber(label)})
	}
	return ticks
}

// span6 is a sixth of the span from lo to hi, also for a span beyond
// MaxFloat64.
func span6(lo, hi float64) float64 {
	raw := (hi - lo) / 6
	if math.IsInf(raw, 0) {
		raw = hi/6 - lo/6
	}
	return raw
}

// niceStep returns the round step for an axis: the smallest of 1, 2, 2.5,
// 5 and 10 times a power of ten that is at least raw (within 1e-9 of it).
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// niceRange widens [lo, hi] to multiples of niceStep of about a sixth of
// the span.
func niceRange(lo, hi float64) (float64, float64) {
	if lo == hi {
		d := math.Abs(lo) / 10
		if d == 0 {
			d = 1
		}
		lo, hi = lo-d, hi+d
	}
	step := niceStep(span6(lo, hi))
	nlo := clean(math.Floor(lo/step+1e-9) * step)
	nhi := clean(math.Ceil(hi/step-1e-9) * step)
	if !(nlo < nhi) || !isFinite(nhi-nlo) {
		// Round ends overflow (data near ±1.8e308) or underflow (data
		// near 1e-320 gave the empty axis [0, 0]): keep the data's own.
		return lo, hi
	}
	return nlo, nhi
}

// clean rounds away floating point noise such as 0.30000000000000004.
func clean(v float64) float64 {
	if v == 0 {
		return 0
	}
	r, err := parseG(formatG(v, 12))
	if err != nil {
		return v
	}
	return r
}

// MinGap returns the smallest positive distance between a value of x and
// one of the 63 values after it (enough for the sorted x of bars; it keeps
// the cost linear), or +Inf when there is none. Bars are 80% of it wide.
func MinGap(x []float64) float64 {
	g := math.Inf(1)
	for i := range x {
		for j := i + 1; j < len(x) && j < i+64; j++ {
			if d := math.Abs(x[j] - x[i]); d > 0 && d < g {
				g = d
			}
		}
	}
	return g
}
