package chart

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// check reports the first problem that would make the chart wrong or blank.
func (c *Chart) check() error {
	if c.Width < 0 || c.Height < 0 {
		return fmt.Errorf("chart: size %d×%d is negative", c.Width, c.Height)
	}
	for _, r := range [][3]any{{"XMin", "XMax", [2]float64{c.XMin, c.XMax}}, {"YMin", "YMax", [2]float64{c.YMin, c.YMax}}} {
		v := r[2].([2]float64)
		if !isFinite(v[0]) || !isFinite(v[1]) || v[0] > v[1] {
			return fmt.Errorf("chart: axis range %s=%v, %s=%v is not an increasing pair of finite numbers", r[0], v[0], r[1], v[1])
		}
	}
	switch c.Kind {
	case "", KindLine, KindScatter, KindBar:
	default:
		return fmt.Errorf("chart: unknown Kind %q", c.Kind)
	}
	if c.Heat != nil {
		if len(c.Series) > 0 || c.Frames != nil {
			return errors.New("chart: a heat map cannot also have series or frames")
		}
		return c.Heat.check()
	}
	for i, s := range c.Series {
		if err := c.checkSeries(s, i); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
	}
	if c.Frames == nil {
		if countPoints(c.Series) == 0 {
			return c.blank("")
		}
		return nil
	}
	fr := c.Frames
	if fr.err != nil {
		return fmt.Errorf("chart: %w", fr.err)
	}
	if fr.Slider == nil {
		return errors.New("chart: Frames has no Slider")
	}
	if err := fr.Slider.check(); err != nil {
		return err
	}
	if len(fr.Series) != len(fr.Slider.Values) {
		return fmt.Errorf("chart: %d frames for %d values of slider %q", len(fr.Series), len(fr.Slider.Values), fr.Slider.Name)
	}
	for i, f := range fr.Series {
		if len(f) != len(fr.Series[0]) {
			return fmt.Errorf("chart: frame %d (%s) has %d series, frame 0 has %d", i, fr.Slider.Readout(i), len(f), len(fr.Series[0]))
		}
		for j, s := range f {
			if err := c.checkSeries(s, j); err != nil {
				return fmt.Errorf("chart: frame %d (%s): %w", i, fr.Slider.Readout(i), err)
			}
		}
		if countPoints(c.Series)+countPoints(f) == 0 {
			return c.blank(fmt.Sprintf(" at frame %d (%s)", i, fr.Slider.Readout(i)))
		}
	}
	return nil
}

// countPoints counts the points with a finite y (the ones drawn).
func countPoints(ss []*Series) int {
	n := 0
	for _, s := range ss {
		for _, y := range s.Y {
			if isFinite(y) {
				n++
			}
		}
	}
	return n
}

// blank reports a chart that would draw an empty box.
func (c *Chart) blank(where string) error {
	return fmt.Errorf("chart: chart %q has no point to draw%s (no series, empty X and Y, or every y non-finite): add data with Add", c.Title, where)
}

func seriesName(s *Series, i int) string {
	if s.Name == "" {
		return fmt.Sprintf("series %d", i)
	}
	return fmt.Sprintf("series %q", s.Name)
}

func (c *Chart) checkSeries(s *Series, i int) error {
	if s == nil {
		return fmt.Errorf("series %d is nil", i)
	}
	name := seriesName(s, i)
	switch s.Kind {
	case "", KindLine, KindScatter, KindBar:
	default:
		return fmt.Errorf("%s: unknown Kind %q", name, s.Kind)
	}
	if len(c.Categories) > 0 {
		if s.X != nil {
			return fmt.Errorf("%s: X must be nil on a chart with Categories", name)
		}
		if len(s.Y) != len(c.Categories) {
			return fmt.Errorf("%s: len(Y) = %d, but the chart has %d categories", name, len(s.Y), len(c.Categories))
		}
	} else if len(s.X) != len(s.Y) {
		return fmt.Errorf("%s: len(X) = %d, len(Y) = %d", name, len(s.X), len(s.Y))
	}
	for k, x := range s.X {
		if !isFinite(x) {
			return fmt.Errorf("%s: x[%d] is %v", name, k, x)
		}
	}
	if !s.Gaps {
		for k, y := range s.Y {
			if !isFinite(y) {
				return fmt.Errorf("%s: y[%d] is %v (set Gaps to draw it as a gap)", name, k, y)
			}
		}
	}
	if s.Labels != nil && len(s.Labels) != len(s.Y) {
		return fmt.Errorf("%s: len(Labels) = %d, len(Y) = %d", name, len(s.Labels), len(s.Y))
	}
	if s.Color != "" && !validColor(s.Color) {
		return fmt.Errorf("%s: Color %q is not #rgb, #rrggbb, rgb(...) or a colour name", name, s.Color)
	}
	if !isFinite(s.Width) || s.Width < 0 {
		return fmt.Errorf("%s: Width %v is not a non-negative number", name, s.Width)
	}
	return nil
}

// validColor reports whether s is a colour the chart accepts: #rgb to
// #rrggbbaa (3 to 8 hex digits), a name of 1 to 30 letters, or rgb(...) or
// rgba(...) holding 1 to 40 digits, dots, commas, spaces and percent signs.
// (Written out rather than with package regexp, which would add to the link
// time of every notebook cell that shows a chart.)
func validColor(s string) bool {
	all := func(s string, ok func(c byte) bool) bool {
		for i := 0; i < len(s); i++ {
			if !ok(s[i]) {
				return false
			}
		}
		return true
	}
	hex := func(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
	letter := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	switch {
	case strings.HasPrefix(s, "#"):
		return len(s) >= 4 && len(s) <= 9 && all(s[1:], hex)
	case strings.HasPrefix(s, "rgb(") || strings.HasPrefix(s, "rgba("):
		in, ok := strings.CutSuffix(s[strings.IndexByte(s, '(')+1:], ")")
		return ok && len(in) >= 1 && len(in) <= 40 && all(in, func(c byte) bool { return '0' <= c && c <= '9' || strings.IndexByte("., %", c) >= 0 })
	default:
		return len(s) >= 1 && len(s) <= 30 && all(s, letter)
	}
}

func (s *Slider) check() error {
	if len(s.Values) == 0 {
		return fmt.Errorf("chart: slider %q has no values", s.Name)
	}
	if s.Init < 0 || s.Init >= len(s.Values) {
		return fmt.Errorf("chart: slider %q: Init = %d is not an index of its %d values", s.Name, s.Init, len(s.Values))
	}
	for i, v := range s.Values {
		if !isFinite(v) {
			return fmt.Errorf("chart: slider %q: value[%d] is %v", s.Name, i, v)
		}
	}
	if s.Labels != nil && len(s.Labels) != len(s.Values) {
		return fmt.Errorf("chart: slider %q: %d Labels for %d Values, want one label per value", s.Name, len(s.Labels), len(s.Values))
	}
	for i, l := range s.Labels {
		if strings.TrimSpace(l) == "" {
			return fmt.Errorf("chart: slider %q: Labels[%d] is empty", s.Name, i)
		}
	}
	if s.Format != "" {
		// A verb that does not take a float64 prints "%!d(float64=0.5)" on
		// the page.
		if out := fmt.Sprintf(s.Format, s.Values[0]); strings.Contains(out, "%!") {
			return fmt.Errorf("chart: slider %q: Format %q gives %q for a float64 value: use a verb such as %%.2f or %%g", s.Name, s.Format, out)
		}
	}
	return nil
}

func (t *Toggle) check() error {
	if t == nil {
		return errors.New("chart: nil *Toggle")
	}
	if len(t.Views) == 0 {
		return errors.New("chart: toggle has no views")
	}
	if t.Init < 0 || t.Init >= len(t.Views) {
		return fmt.Errorf("chart: toggle Init = %d is not an index of its %d views", t.Init, len(t.Views))
	}
	for i, v := range t.Views {
		if v.Chart == nil {
			return fmt.Errorf("chart: toggle view %d (%q) has a nil Chart", i, v.Name)
		}
	}
	return nil
}

func (g *Grid) check() error {
	if len(g.X) == 0 || len(g.Y) == 0 {
		return fmt.Errorf("chart: heat map grid is %d×%d", len(g.X), len(g.Y))
	}
	if len(g.Z) != len(g.Y) {
		return fmt.Errorf("chart: heat map: len(Z) = %d, len(Y) = %d", len(g.Z), len(g.Y))
	}
	for i, x := range g.X {
		if !isFinite(x) {
			return fmt.Errorf("chart: heat map: x[%d] is %v", i, x)
		}
	}
	for j, y := range g.Y {
		if !isFinite(y) {
			return fmt.Errorf("chart: heat map: y[%d] is %v", j, y)
		}
	}
	for j, row := range g.Z {
		if len(row) != len(g.X) {
			return fmt.Errorf("chart: heat map: len(Z[%d]) = %d, len(X) = %d", j, len(row), len(g.X))
		}
		for i, z := range row {
			if !isFinite(z) {
				return fmt.Errorf("chart: heat map: Z[%d][%d] is %v", j, i, z)
			}
		}
	}
	return nil
}

// zRange returns the smallest and largest value of the grid.
func (g *Grid) zRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range g.Z {
		for _, z := range row {
			lo, hi = math.Min(lo, z), math.Max(hi, z)
		}
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	return lo, hi
}

// appendNum appends v as a short JSON number: integers exactly, others with
// 6 significant digits, plenty for a chart and far smaller than full
// precision. Non-finite values become null.
func appendNum(b []byte, v float64) []byte {
	if !isFinite(v) {
		return append(b, "null"...)
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'g', 6, 64)
}

// resolution returns the quantum of a value on an axis from lo to hi: a
// five-thousandth of the span, under half a pixel on a chart 2000 pixels
// tall.
func resolution(lo, hi float64) float64 {
	if !(hi > lo) || !isFinite(hi-lo) {
		return 0
	}
	return (hi - lo) / 5000
}

// appendQ appends v as a short JSON number: 4 significant digits (the
// tooltips show 4), or more where needed to keep it within q of v (a curve
// far from 0 with a small span), and always digits that show, rounded to 4,
// as v itself does. Integers are written exactly; q <= 0 falls back to
// appendNum. Non-finite values become null.
func appendQ(b []byte, v, q float64) []byte {
	if !isFinite(v) {
		return append(b, "null"...)
	}
	if q <= 0 || (v == math.Trunc(v) && math.Abs(v) < 1e15) {
		return appendNum(b, v)
	}
	p := 4
	if a := math.Abs(v); a > 0 {
		// Rounding to p digits moves v by up to half a unit of its
		// p-th digit, 10^(e-p+1)/2: at most q when p >= e+1-log10(2q).
		e := int(math.Floor(math.Log10(a)))
		p = max(p, e+1-int(math.Floor(math.Log10(2*q))))
	}
	want := formatG(v, 4)
	for ; p < 17; p++ {
		n := len(b)
		b = strconv.AppendFloat(b, v, 'g', p, 64)
		if r, err := parseG(string(b[n:])); err == nil && formatG(r, 4) == want {
			return b
		}
		b = b[:n] // rounded twice to a different 4-digit value: one more digit
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

func formatG(v float64, prec int) string { return strconv.FormatFloat(v, 'g', prec, 64) }

func parseG(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

// MarshalJSON writes the series with non-finite values (gaps) as null,
// which encoding/json refuses for a float64, and numbers at full precision.
func (s *Series) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("null"), nil
	}
	type plain Series
	return json.Marshal(struct {
		*plain
		X json.RawMessage `json:"X"`
		Y json.RawMessage `json:"Y"`
	}{(*plain)(s), exactNums(s.X), exactNums(s.Y)})
}

// UnmarshalJSON reads what MarshalJSON writes; null becomes NaN.
func (s *Series) UnmarshalJSON(b []byte) error {
	if s == nil {
		return errors.New("chart.Series.UnmarshalJSON: nil *Series")
	}
	type plain Series
	aux := struct {
		*plain
		X []*float64 `json:"X"`
		Y []*float64 `json:"Y"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	s.X, s.Y = fromPtrs(aux.X), fromPtrs(aux.Y)
	return nil
}

func exactNums(v []float64) json.RawMessage {
	if v == nil {
		return json.RawMessage("null")
	}
	b := []byte{'['}
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		if isFinite(x) {
			b = strconv.AppendFloat(b, x, 'g', -1, 64)
		} else {
			b = append(b, "null"...)
		}
	}
	return append(b, ']')
}

func fromPtrs(p []*float64) []float64 {
	if p == nil {
		return nil
	}
	v := make([]float64, len(p))
	for i, x := range p {
		if x == nil {
			v[i] = math.NaN()
		} else {
			v[i] = *x
		}
	}
	return v
}

// StaticSpec asks for the static twin of charts: the request that package
// nb writes, as JSON, to the lossnb-render helper's standard input. Charts
// are snapshots (see Snapshot), drawn one above the other.
type StaticSpec struct {
	Format string   `json:"format"` // "png" or "svg"
	Width  int      `json:"width"`  // pixels per chart; 0: the first chart's own
	Height int      `json:"height"` // pixels per chart; 0: the first chart's own
	Charts []*Chart `json:"charts"`
}
