package loss

import (
	"math"
	"testing"
	"time"
)

// The benchmarks below time one value+gradient pass of every loss family
// on benchN float64 inputs (scripts/bench_loss.py runs them against NumPy
// in one run). Shapes: k = benchK classes per row, dim = benchDim columns
// per embedding, InfoNCE batches of benchBatch rows, CTC with
// benchCTCClasses classes and sequences of benchCTCT frames.
const (
	benchDim        = 16
	benchBatch      = 64
	benchInfoDim    = 128
	benchCTCClasses = 20
	benchCTCT       = 500
	benchCTCL       = 50
)

// benchRun times f with b.Loop and also reports the process CPU time per
// call as "cpu-ns/op", which scripts/bench_loss.py prefers to the wall
// clock on a loaded machine.
func benchRun(b *testing.B, f func() (float64, error)) {
	b.Helper()
	var c0 time.Duration
	first := true
	for b.Loop() {
		if first { // b.Loop has reset the timer: start the CPU clock too
			c0, first = cpuNow(), false
		}
		if _, err := f(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
}

func benchProb(b *testing.B) (prob, target, dst []float64) {
	x, target, dst := benchData(b)
	prob = make([]float64, len(x))
	for i, v := range x {
		prob[i] = sigmoid(v)
	}
	b.ResetTimer()
	return prob, target, dst
}

func benchLabels(n int) []int {
	labels := make([]int, n/benchK)
	for i := range labels {
		labels[i] = (i * 7) % benchK
	}
	return labels
}

func BenchmarkMAEGrad(b *testing.B) {
	pred, target, dst := benchData(b)
	benchRun(b, func() (float64, error) { return gv(MAEGrad(dst, pred, target, Options{})) })
}

func BenchmarkSmoothL1LossGrad(b *testing.B) {
	pred, target, dst := benchData(b)
	benchRun(b, func() (float64, error) { return gv(SmoothL1LossGrad(dst, pred, target, 1, Options{})) })
}

func BenchmarkBCEGrad(b *testing.B) {
	prob, target, dst := benchProb(b)
	benchRun(b, func() (float64, error) { return gv(BCEGrad(dst, prob, target, BCEOptions{})) })
}

func BenchmarkSoftMarginGrad(b *testing.B) {
	x, target, dst := benchData(b)
	y := make([]float64, len(target))
	for i, v := range target {
		y[i] = 2*v - 1
	}
	b.ResetTimer()
	benchRun(b, func() (float64, error) {
		return gv(MarginGrad(dst, x, y, Logistic{}, Options{}))
	})
}

func BenchmarkFocalGrad(b *testing.B) {
	x, target, dst := benchData(b)
	benchRun(b, func() (float64, error) { return gv(FocalGrad(dst, x, target, DefaultFocalOptions())) })
}

func BenchmarkCategoricalNLLGrad(b *testing.B) {
	x, _, dst := benchData(b)
	lp := make([]float64, len(x)/benchK*benchK)
	for i := 0; i < len(lp); i += benchK {
		logSoftmax(lp[i:i+benchK], x[i:i+benchK])
	}
	labels := benchLabels(len(x))
	dst = dst[:len(lp)]
	b.ResetTimer()
	benchRun(b, func() (float64, error) { return gv(CategoricalNLLGrad(dst, lp, benchK, labels, CEOptions{})) })
}

func BenchmarkKLDivGrad(b *testing.B) {
	x, _, dst := benchData(b)
	n := len(x) / benchK * benchK
	lq, p := make([]float64, n), make([]float64, n)
	for i := 0; i < n; i += benchK {
		logSoftmax(lq[i:i+benchK], x[i:i+benchK])
		logSoftmax(p[i:i+benchK], x[(i+benchK)%n:(i+benchK)%n+benchK])
	}
	for i := range p {
		p[i] = math.Exp(p[i])
	}
	dst = dst[:n]
	b.ResetTimer()
	benchRun(b, func() (float64, error) {
		return gv(KLDivGrad(dst, lq, benchK, p, KLDivOptions{Reduction: BatchMean}))
	})
}

func BenchmarkPoissonNLLLogGrad(b *testing.B) {
	x, target, dst := benchData(b)
	benchRun(b, func() (float64, error) { return gv(PoissonNLLLogGrad(dst, x, target, NLLOptions{})) })
}

func BenchmarkGaussianNLLGrad(b *testing.B) {
	x, target, dst := benchData(b)
	v := make([]float64, len(x))
	for i, t := range x {
		v[i] = 0.5 + t*t
	}
	dv := make([]float64, len(x))
	b.ResetTimer()
	benchRun(b, func() (float64, error) { return gv2(GaussianNLLGrad(dst, dv, x, target, v, NLLOptions{})) })
}

func BenchmarkHingeEmbeddingGrad(b *testing.B) {
	x, target, dst := benchData(b)
	y := make([]float64, len(target))
	for i, v := range target {
		y[i] = 2*v - 1
		x[i] = math.Abs(x[i])
	}
	b.ResetTimer()
	benchRun(b, func() (float64, error) { return gv(HingeEmbeddingGrad(dst, x, y, 1, Options{})) })
}

func BenchmarkMarginRankingGrad(b *testing.B) {
	x, target, dst := benchData(b)
	n := len(x) / 2
	y := make([]float64, n)
	for i := range y {
		y[i] = 2*target[i] - 1
	}
	b.ResetTimer()
	benchRun(b, func() (float64, error) {
		return gv2(MarginRankingGrad(dst[:n], dst[n:2*n], x[:n], x[n:2*n], y, 0.5, Options{}))
	})
}

func BenchmarkMultiMarginGrad(b *testing.B) {
	x, _, dst := benchData(b)
	labels := benchLabels(len(x))
	n := len(labels) * benchK
	benchRun(b, func() (float64, error) {
		return gv(MultiMarginGrad(dst[:n], x[:n], benchK, labels, 1, MultiMarginOptions{}))
	})
}

func BenchmarkMultiLabelSoftMarginGrad(b *testing.B) {
	x, target, dst := benchData(b)
	n := len(x) / benchK * benchK
	benchRun(b, func() (float64, error) {
		return gv(MultiLabelSoftMarginGrad(dst[:n], x[:n], benchK, target[:n], MultiLabelSoftMarginOptions{}))
	})
}

func BenchmarkCosineEmbeddingGrad(b *testing.B) {
	x, target, dst := benchData(b)
	n := len(x) / 2 / benchDim * benchDim
	y := make([]float64, n/benchDim)
	for i := range y {
		y[i] = 2*target[i] - 1
	}
	b.ResetTimer()
	benchRun(b, func() (float64, error) {
		return gv2(CosineEmbeddingGrad(dst[:n], dst[n:2*n], x[:n], x[n:2*n], benchDim, y, 0, Options{}))
	})
}

func BenchmarkTripletMarginGrad(b *testing.B) {
	x, _, dst := benchData(b)
	n := len(x) / 3 / benchDim * benchDim
	benchRun(b, func() (float64, error) {
		return gv3(TripletMarginGrad(dst[:n], dst[n:2*n], dst[2*n:3*n], x[:n], x[n:2*n], x[2*n:3*n], benchDim, 1, Options{}))
	})
}

// BenchmarkInfoNCEGrad processes benchN query and key elements as
// independent batches of benchBatch rows of benchInfoDim columns.
func BenchmarkInfoNCEGrad(b *testing.B) {
	x, target, _ := benchData(b)
	per := benchBatch * benchInfoDim
	nb := len(x) / per
	dq, dk := make([]float64, per), make([]float64, per)
	benchRun(b, func() (float64, error) {
		var s float64
		for j := range nb {
			_, _, v, err := InfoNCEGrad(dq, dk, x[j*per:(j+1)*per], target[j*per:(j+1)*per], benchInfoDim, 1, Options{})
			if err != nil {
				return 0, err
			}
			s += v
		}
		return s, nil
	})
}

// BenchmarkCTCGrad processes benchN log-probabilities: a batch of
// benchN/(T·C) sequences of T = benchCTCT frames of C = benchCTCClasses,
// each with a target of benchCTCL labels.
func BenchmarkCTCGrad(b *testing.B) {
	x, _, dst := benchData(b)
	nb := len(x) / (benchCTCT * benchCTCClasses)
	n := nb * benchCTCT * benchCTCClasses
	lp := make([]float64, n)
	for i := 0; i < n; i += benchCTCClasses {
		logSoftmax(lp[i:i+benchCTCClasses], x[i:i+benchCTCClasses])
	}
	il, tl := make([]int, nb), make([]int, nb)
	tg := make([]int, 0, nb*benchCTCL)
	for s := range nb {
		il[s], tl[s] = benchCTCT, benchCTCL
		for j := range benchCTCL {
			tg = append(tg, 1+(s+j*3)%(benchCTCClasses-1))
		}
	}
	dst = dst[:n]
	b.ResetTimer()
	benchRun(b, func() (float64, error) { return gv(CTCGrad(dst, lp, benchCTCClasses, tg, il, tl, CTCOptions{})) })
}
