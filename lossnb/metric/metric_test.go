package metric

import (
	"fmt"
	"math"
	"testing"

	"github.com/lossnb/lossnb/lossnb/internal/nbtest"
	"gonum.org/v1/gonum/floats/scalar"
)

// TestAveragePrecision catches an AP that treats tied scores as separate
// thresholds, or that differs from scikit-learn's average_precision_score.
func TestAveragePrecision(t *testing.T) {
	// scikit-learn's docstring example: y = [0 0 1 1], scores [0.1 0.4 0.35 0.8] → 0.8333…
	got, err := AveragePrecision([]float64{0.1, 0.4, 0.35, 0.8}, []float64{0, 0, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	if !scalar.EqualWithinAbsOrRel(got, 5.0/6, 1e-12, 1e-12) {
		t.Errorf("AP = %v, want 5/6", got)
	}
	// Ties are one threshold: all tied gives the positive rate.
	if got, _ := AveragePrecision([]float64{1, 1, 1, 1}, []float64{1, -1, -1, -1}); got != 0.25 {
		t.Errorf("all tied: AP = %v, want 0.25", got)
	}
	if _, err := AveragePrecision([]float64{1}, []float64{-1}); err == nil {
		t.Error("no positives: no error")
	}
	if _, err := AveragePrecision([]float64{1, 2}, []float64{1}); err == nil {
		t.Error("length mismatch: no error")
	}
}

// TestCalibrate catches an ECE that weights bins equally instead of by their
// counts, keeps empty bins, or accepts a probability outside [0, 1].
func TestCalibrate(t *testing.T) {
	r, err := Calibrate([]float64{0.05, 0.15, 0.12, 0.95, 0.9}, []float64{0, 0, 1, 1, 1}, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Bins: [0, 0.1): 0.05 → y 0; [0.1, 0.2): 0.15, 0.12 → ½; [0.9, 1]: 0.95, 0.9 → 1.
	wantECE := (0.05 + 2*math.Abs(0.5-0.135) + 2*(1-0.925)) / 5
	if math.Abs(r.ECE-wantECE) > 1e-12 || len(r.Conf) != 3 {
		t.Errorf("ECE %v over %d bins, want %v over 3", r.ECE, len(r.Conf), wantECE)
	}
	if r.Accuracy != 0.8 {
		t.Errorf("accuracy %v, want 0.8", r.Accuracy)
	}
	_, err = Calibrate([]float64{0.5, 1.5}, []float64{0, 1}, 10)
	nbtest.WantErr(t, err, "metric.Calibrate", "p[1] = 1.5")
	_, err = Calibrate([]float64{0.5}, []float64{2}, 10)
	nbtest.WantErr(t, err, "metric.Calibrate", "y[0] = 2")
	_, err = Calibrate([]float64{0.5}, []float64{1}, 0)
	nbtest.WantErr(t, err, "metric.Calibrate", "bins = 0")
}

// TestPRCurve catches a curve that is not interpolated (precision must be the
// largest at that recall or more, so it never rises with recall) or that misreads
// the labels. Ranking +, −, +, − gives precision 1 at recall ½ and ⅔ at recall 1.
func TestPRCurve(t *testing.T) {
	rec, prec := PRCurve([]float64{0.9, 0.8, 0.7, 0.1}, []float64{1, -1, 1, -1}, 3)
	want := []float64{1, 1, 2.0 / 3}
	for j := range want {
		if !scalar.EqualWithinAbsOrRel(prec[j], want[j], 1e-12, 1e-12) {
			t.Errorf("precision at recall %v = %v, want %v", rec[j], prec[j], want[j])
		}
	}
	if rec[0] != 0 || rec[2] != 1 {
		t.Errorf("recall levels %v, want 0 … 1", rec)
	}
	if _, p := PRCurve([]float64{1, 2}, []float64{-1, 0}, 2); p[0] != 0 || p[1] != 0 {
		t.Errorf("no positives: precision %v, want 0", p)
	}
}

func ExampleAveragePrecision() {
	// scikit-learn's docstring example: the positives are ranked 1st and 3rd.
	ap, err := AveragePrecision([]float64{0.1, 0.4, 0.35, 0.8}, []float64{0, 0, 1, 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", ap)
	// Output: 0.8333
}

func ExampleCalibrate() {
	// Two bins: the points at 0.2 are class 1 half the time (gap 0.3), those at 0.8
	// always (gap 0.2); the ECE weights the gaps by the bins' counts.
	r, err := Calibrate([]float64{0.2, 0.2, 0.8, 0.8}, []float64{0, 1, 1, 1}, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("ECE %.2f, accuracy %.2f\n", r.ECE, r.Accuracy)
	// Output: ECE 0.25, accuracy 0.75
}
