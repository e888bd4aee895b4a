package loss

import "testing"

// TestScaledPathsMatchUnitScale checks the overflow-free paths of
// InfoNCE, SupCon, Uniformity and CosineEmbedding against the ordinary
// ones (tested against finite differences elsewhere) by scale invariance:
// scaling the embeddings by s and the temperature by s² (t by 1/s²) leaves
// the loss unchanged and divides the gradient by s. At s = 1e154 and
// above the scores or ‖x‖² overflow, so a wrong value or gradient in the
// scaled path fails here.
func TestScaledPathsMatchUnitScale(t *testing.T) {
	rng := newRand(16)
	scaled := func(x []float64, s float64) []float64 {
		out := make([]float64, len(x))
		for i, v := range x {
			out[i] = v * s
		}
		return out
	}
	cmp := func(what string, got, want []float64, s float64) {
		t.Helper()
		for i := range got {
			if !near(got[i]*s, want[i], 1e-12) {
				t.Errorf("%s[%d]·s = %v, want %v", what, i, got[i]*s, want[i])
			}
		}
	}
	const dim, n = 3, 4
	q, k := randVec(rng, n*dim, 1), randVec(rng, n*dim, 1)
	s, tau := 1e154, 1e308 // q·k·s² overflows; s²/τ = 1e-308·1e308 ≈ 1
	tauUnit := tau / s / s
	{
		dq1, dk1 := make([]float64, n*dim), make([]float64, n*dim)
		_, _, want, err := InfoNCEGrad(dq1, dk1, q, k, dim, tauUnit, Options{})
		if err != nil {
			t.Fatal(err)
		}
		dq, dk := make([]float64, n*dim), make([]float64, n*dim)
		_, _, got, err := InfoNCEGrad(dq, dk, scaled(q, s), scaled(k, s), dim, tau, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !near(got, want, 1e-12) {
			t.Errorf("InfoNCE at scale 1e154 = %v, at 1: %v", got, want)
		}
		cmp("InfoNCE dQuery", dq, dq1, s)
		cmp("InfoNCE dKeys", dk, dk1, s)
	}
	{
		labels := []int{0, 1, 0, 1}
		d1 := make([]float64, n*dim)
		_, want, err := SupConGrad(d1, q, dim, labels, tauUnit, Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := make([]float64, n*dim)
		_, got, err := SupConGrad(d, scaled(q, s), dim, labels, tau, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !near(got, want, 1e-12) {
			t.Errorf("SupCon at scale 1e154 = %v, at 1: %v", got, want)
		}
		cmp("SupCon dst", d, d1, s)
	}
	{
		s, tt := 1e160, 1e-320 // ‖xᵢ − xⱼ‖² ≈ 1e320 overflows
		tUnit := tt * s * s    // as the scaled path computes it
		d1 := make([]float64, n*dim)
		_, want, err := UniformityGrad(d1, q, dim, tUnit, Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := make([]float64, n*dim)
		_, got, err := UniformityGrad(d, scaled(q, s), dim, tt, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !near(got, want, 1e-12) {
			t.Errorf("Uniformity at scale 1e160 = %v, at 1: %v", got, want)
		}
		cmp("Uniformity dst", d, d1, s)
	}
	{
		s := 1e300 // ‖x‖² overflows
		y := []float64{1, -1, 1, -1}
		d1, d2 := make([]float64, n*dim), make([]float64, n*dim)
		_, _, want, err := CosineEmbeddingGrad(d1, d2, q, k, dim, y, -0.5, Options{})
		if err != nil {
			t.Fatal(err)
		}
		e1, e2 := make([]float64, n*dim), make([]float64, n*dim)
		_, _, got, err := CosineEmbeddingGrad(e1, e2, scaled(q, s), scaled(k, s), dim, y, -0.5, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// PyTorch's ε = 1e-12 in ‖x‖² + ε is negligible at scale 1e300 but
		// not at 1: about 1e-12 relative.
		if !near(got, want, 1e-10) {
			t.Errorf("CosineEmbedding at scale 1e300 = %v, at 1: %v", got, want)
		}
		for i := range e1 {
			if !near(e1[i]*s, d1[i], 1e-10) || !near(e2[i]*s, d2[i], 1e-10) {
				t.Errorf("CosineEmbedding gradient [%d]·s = %v, %v, want %v, %v", i, e1[i]*s, e2[i]*s, d1[i], d2[i])
			}
		}
	}
}
