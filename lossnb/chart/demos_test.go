package chart_test

import (
	"math"

	"github.com/lossnb/lossnb/lossnb/chart"
)

func linspace(a, b float64, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return x
}

func mapf(x []float64, f func(float64) float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = f(v)
	}
	return y
}

func huber(d float64) func(float64) float64 {
	return func(r float64) float64 {
		if a := math.Abs(r); a > d {
			return d * (a - d/2)
		}
		return r * r / 2
	}
}

const evil = `</script><img src=x onerror=alert(1)>`

// demos returns the demo pages by name.
func demos() map[string][]chart.Item {
	r := linspace(-3, 3, 121)
	deltas := []float64{0.25, 0.5, 1, 1.345, 2, 3}

	lines := chart.NewLines("Loss against the residual")
	lines.XLabel, lines.YLabel = "residual y − ŷ", "loss"
	lines.Add("MSE", r, mapf(r, func(v float64) float64 { return v * v / 2 }))
	lines.Add("MAE", r, mapf(r, math.Abs)).Dash = true
	s := chart.NewSlider("δ", deltas)
	s.Init = 1
	lines.AddFrames(s, func(i int) []*chart.Series {
		return []*chart.Series{chart.Line("Huber", r, mapf(r, huber(deltas[i])))}
	})
	grad := chart.NewLines("ψ = ρ′")
	grad.XLabel, grad.YLabel = "residual", "ψ(r)"
	grad.AddFrames(s, func(i int) []*chart.Series {
		d := deltas[i]
		return []*chart.Series{chart.Line("Huber ψ", r, mapf(r, func(v float64) float64 { return math.Max(-d, math.Min(d, v)) }))}
	})
	grad.Width = 420

	reg := chart.NewLines("Regression losses")
	reg.XLabel, reg.YLabel = "residual", "loss"
	reg.Add("squared", r, mapf(r, func(v float64) float64 { return v * v }))
	reg.Add("absolute", r, mapf(r, math.Abs))
	m := linspace(-2, 3, 101)
	cls := chart.NewLines("Classification losses")
	cls.XLabel, cls.YLabel = "margin y·f(x)", "loss"
	cls.Add("0-1", m, mapf(m, func(v float64) float64 {
		if v <= 0 {
			return 1
		}
		return 0
	}))
	cls.Add("hinge", m, mapf(m, func(v float64) float64 { return math.Max(0, 1-v) }))
	cls.Add("logistic", m, mapf(m, func(v float64) float64 { return math.Log2(1 + math.Exp(-v)) }))
	tg := chart.NewToggle()
	tg.Add("Regression", reg)
	tg.Add("Classification", cls)

	// Data with a fitted line, and per-point weights, linked by one slider.
	xd := linspace(0, 10, 21)
	yd := mapf(xd, func(v float64) float64 { return 1 + 0.5*v + 0.3*math.Sin(3*v) })
	yd[15] += 6
	sc := chart.NewScatter("Data and fitted lines")
	sc.XLabel, sc.YLabel = "x", "y"
	sc.Add("data", xd, yd)
	ks := []float64{0.5, 1, 1.345, 2, 5}
	ks2 := chart.NewSlider("k", ks)
	sc.AddFrames(ks2, func(i int) []*chart.Series {
		b := 0.5 + 0.05*float64(i)
		return []*chart.Series{chart.Line("Huber fit", []float64{0, 10}, []float64{1, 1 + 10*b})}
	})
	w := chart.NewBars("Per-point weights")
	w.XLabel, w.YLabel = "x", "weight"
	w.AddFrames(ks2, func(i int) []*chart.Series {
		return []*chart.Series{chart.Bars("w", xd, mapf(xd, func(v float64) float64 { return math.Min(1, ks[i]/(1+math.Abs(v-5))) }))}
	})

	// Reliability diagram.
	bins := []float64{0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95}
	rel := chart.NewBars("Reliability diagram")
	rel.XLabel, rel.YLabel = "confidence", "accuracy"
	rel.Add("accuracy", bins, mapf(bins, func(v float64) float64 { return v * v }))
	diag := chart.Line("perfect calibration", []float64{0, 1}, []float64{0, 1})
	diag.Dash = true
	diag.Color = "#888"
	rel.AddSeries(diag)

	// Heat map.
	gx, gy := linspace(-2, 2, 41), linspace(-2, 2, 41)
	z := make([][]float64, len(gy))
	for j := range z {
		z[j] = make([]float64, len(gx))
		for i := range gx {
			z[j][i] = gx[i]*gx[i] + 3*gy[j]*gy[j]
		}
	}
	hm := chart.NewHeatMap("Loss surface", &chart.Grid{X: gx, Y: gy, Z: z})
	hm.XLabel, hm.YLabel = "w₁", "w₂"

	// Categories and gaps.
	cat := chart.NewBars("Mean loss per class", "cat", "dog", "bird")
	cat.YLabel = "loss"
	cat.Add("train", nil, []float64{0.2, 0.35, 0.5})
	cat.Add("test", nil, []float64{0.3, 0.45, 0.9})
	p := linspace(0, 1, 51)
	gaps := chart.NewLines("Log loss (gap at p = 0)")
	gaps.XLabel, gaps.YLabel = "p", "−log p"
	ls := gaps.Add("−log p", p, mapf(p, func(v float64) float64 { return -math.Log(v) }))
	ls.Gaps = true
	ls.Area = true
	gaps.YMin, gaps.YMax = 0, 5

	// Injection everywhere.
	inj := chart.NewLines(evil)
	inj.XLabel, inj.YLabel = evil, evil
	e := inj.Add(evil, r, r)
	e.Labels = make([]string, len(r))
	for i := range e.Labels {
		e.Labels[i] = evil
	}
	es := chart.NewSlider(evil, []float64{1, 2})
	inj.AddFrames(es, func(i int) []*chart.Series {
		return []*chart.Series{chart.Line(evil, r, mapf(r, func(v float64) float64 { return float64(i+1) * v }))}
	})
	itg := chart.NewToggle()
	itg.Add(evil, inj)
	emb := chart.NewScatter(evil)
	pt := emb.Add(evil, []float64{1, 2}, []float64{1, 2})
	pt.Labels = []string{evil, evil}
	itg.Add("b", emb)

	return map[string][]chart.Item{
		"lines":       {lines, grad},
		"toggle":      {tg},
		"linked":      {sc, w},
		"reliability": {rel, cat},
		"heatmap":     {hm, gaps},
		"injection":   {itg},
	}
}
