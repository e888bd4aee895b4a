package fit

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"testing"

	"github.com/lossnb/lossnb/lossnb/loss"
)

// reference.json is written by testdata/make_reference.py (statsmodels and
// scikit-learn, versions recorded in the file).
type refFile struct {
	Versions map[string]string  `json:"versions"`
	Datasets map[string]refData `json:"datasets"`
	Cases    []refCase          `json:"cases"`
	_        map[string]any     `json:"-"`
}

type refData struct {
	X [][]float64 `json:"x"`
	Y []float64   `json:"y"`
}

type refCase struct {
	Kind       string          `json:"kind"`
	Dataset    string          `json:"dataset"`
	Loss       string          `json:"loss"`
	ScaleEst   string          `json:"scale_est"`
	FixedScale float64         `json:"fixed_scale"`
	Tau        float64         `json:"tau"`
	Weighted   bool            `json:"weighted"`
	Params     json.RawMessage `json:"params"`
	Scale      float64         `json:"scale"`
	Objective  float64         `json:"objective"`
	Location   float64         `json:"location"`
	K          int             `json:"k"`
	LLF        float64         `json:"llf"`
	SMQuantReg []float64       `json:"statsmodels_quantreg_params"`
	SMParams   []float64       `json:"statsmodels_params"`
	Library    string          `json:"library"`
}

func loadRef(t testing.TB) *refFile {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var f refFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) == 0 {
		t.Fatal("reference.json has no cases")
	}
	return &f
}

func refWeights(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = float64(1 + i%3)
	}
	return w
}

func refLoss(t *testing.T, name string) loss.Regression {
	switch name {
	case "Huber(1.345)":
		l, err := loss.NewHuber(loss.HuberK95)
		if err != nil {
			t.Fatal(err)
		}
		return l
	case "Tukey(4.685)":
		l, err := loss.NewTukey(loss.TukeyC95)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	t.Fatalf("unknown reference loss %q", name)
	return nil
}

// worst tracks the largest relative error per kind of comparison.
type worst map[string]float64

func (w worst) add(kind string, got, want []float64) float64 {
	var m float64
	for i := range want {
		m = math.Max(m, relErr(got[i], want[i]))
	}
	if m > w[kind] || math.IsInf(m, 1) {
		w[kind] = m
	}
	return m
}

// TestReference compares every fit with statsmodels / scikit-learn to 1e-6
// relative (per parameter).
func TestReference(t *testing.T) {
	const tol = 1e-6
	f := loadRef(t)
	t.Logf("reference versions: %v", f.Versions)
	w := worst{}
	for _, c := range f.Cases {
		ds, ok := f.Datasets[c.Dataset]
		if !ok {
			t.Fatalf("dataset %q missing", c.Dataset)
		}
		name := fmt.Sprintf("%s/%s/%s/%s/tau=%v/w=%v", c.Kind, c.Dataset, c.Loss, c.ScaleEst, c.Tau, c.Weighted)
		var params []float64
		if c.Kind != "mnlogit" && c.Kind != "location" {
			if err := json.Unmarshal(c.Params, &params); err != nil {
				t.Fatal(err)
			}
		}
		switch c.Kind {
		case "rlm":
			o := &Options{Method: IRLS}
			if c.ScaleEst == "mad" {
				o.ScaleMethod = MADScale
			} else {
				o.Scale = c.FixedScale
			}
			res, err := Linear(ds.X, ds.Y, refLoss(t, c.Loss), o)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			e := w.add("rlm "+c.ScaleEst, res.Params(), params)
			w.add("rlm "+c.ScaleEst+" scale", []float64{res.Scale}, []float64{c.Scale})
			if e > tol || relErr(res.Scale, c.Scale) > tol {
				t.Errorf("%s: params %v scale %v, want %v scale %v (rel err %.3g)", name, res.Params(), res.Scale, params, c.Scale, e)
			}
		case "quantile":
			l, err := loss.NewPinball(c.Tau)
			if err != nil {
				t.Fatal(err)
			}
			o := &Options{}
			if c.Weighted {
				o.Weights = refWeights(len(ds.Y))
			}
			res, err := Linear(ds.X, ds.Y, l, o)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			e := w.add("quantile (sklearn highs)", res.Params(), params)
			eo := w.add("quantile objective", []float64{res.Objective}, []float64{c.Objective})
			if e > tol || eo > 1e-9 {
				t.Errorf("%s: params %v obj %.12g, want %v obj %.12g (rel err %.3g)", name, res.Params(), res.Objective, params, c.Objective, e)
			}
			if c.SMQuantReg != nil {
				// statsmodels' QuantReg is IRLS (approximate): report only.
				w.add("quantile vs statsmodels QuantReg (IRLS, not compared)", res.Params(), c.SMQuantReg)
			}
		case "logistic":
			o := &Options{}
			if c.Weighted {
				o.Weights = refWeights(len(ds.Y))
			}
			res, err := Logistic(ds.X, ds.Y, loss.Logistic{}, o)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			e := w.add("logistic (sklearn)", res.Params(), params)
			if e > tol {
				t.Errorf("%s: params %v, want %v (rel err %.3g)", name, res.Params(), params, e)
			}
			if c.SMParams != nil {
				if e := w.add("logistic (statsmodels)", res.Params(), c.SMParams); e > tol {
					t.Errorf("%s: params %v, want statsmodels %v (rel err %.3g)", name, res.Params(), c.SMParams, e)
				}
			}
		case "mnlogit":
			var p [][]float64
			if err := json.Unmarshal(c.Params, &p); err != nil {
				t.Fatal(err)
			}
			labels := make([]int, len(ds.Y))
			for i, v := range ds.Y {
				labels[i] = int(v)
			}
			res, err := Softmax(ds.X, labels, c.K, nil)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			for a := 1; a < c.K; a++ {
				got := append([]float64{res.Intercept[a]}, res.Coef[a]...)
				if e := w.add("softmax (statsmodels MNLogit)", got, p[a-1]); e > tol {
					t.Errorf("%s: class %d params %v, want %v (rel err %.3g)", name, a, got, p[a-1], e)
				}
			}
			llf := -res.Objective * float64(len(labels))
			if e := w.add("softmax log-likelihood", []float64{llf}, []float64{c.LLF}); e > 1e-9 {
				t.Errorf("%s: llf %v, want %v", name, llf, c.LLF)
			}
		case "location":
			res, err := Location(ds.Y, refLoss(t, c.Loss), &Options{ScaleMethod: MADScale})
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if e := w.add("location (statsmodels RLM)", []float64{res.Location, res.Scale}, []float64{c.Location, c.Scale}); e > tol {
				t.Errorf("%s: location %v scale %v, want %v %v", name, res.Location, res.Scale, c.Location, c.Scale)
			}
		default:
			t.Errorf("unknown case kind %q", c.Kind)
		}
	}
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("worst relative error, %-55s %.3g", k, w[k])
	}
}
