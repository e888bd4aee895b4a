package loss

import (
	"flag"
	"testing"
)

// benchN is the number of float64 elements each benchmark processes (and
// that the copy baseline copies), so ratios to BenchmarkCopyBaseline are
// ratios of time per element. Change it with
//
//	go test -run='^$' -bench=. ./lossnb/loss/ -loss.benchn=100000
var benchN = flag.Int("loss.benchn", 1_000_000, "elements per benchmark op")

// benchK is the number of classes for the softmax cross-entropy benchmark:
// it processes benchN logits, i.e. benchN/benchK rows.
const benchK = 10

func benchData(b *testing.B) (pred, target, dst []float64) {
	rng := newRand(99)
	n := *benchN
	pred, target = randVec(rng, n, 2), make([]float64, n)
	for i := range target {
		target[i] = float64(rng.IntN(2)) // 0/1: valid for regression and BCE
	}
	b.SetBytes(int64(8 * n))
	b.ResetTimer()
	return pred, target, make([]float64, n)
}

// BenchmarkCopyBaseline copies benchN float64s: the memory-bandwidth floor
// for a pass that reads one slice and writes another of the same size.
func BenchmarkCopyBaseline(b *testing.B) {
	pred, _, dst := benchData(b)
	benchRun(b, func() (float64, error) {
		copy(dst, pred)
		return 0, nil
	})
}

func BenchmarkMSEGrad(b *testing.B) {
	pred, target, dst := benchData(b)
	benchRun(b, func() (float64, error) { return gv(MSEGrad(dst, pred, target, Options{})) })
}

func BenchmarkHuberLossGrad(b *testing.B) {
	pred, target, dst := benchData(b)
	benchRun(b, func() (float64, error) { return gv(HuberLossGrad(dst, pred, target, 1, Options{})) })
}

// BenchmarkGradHuberGeneric is the same loss through the Regression
// interface, to show the cost of the generic path.
func BenchmarkGradHuberGeneric(b *testing.B) {
	pred, target, dst := benchData(b)
	h := Huber{Delta: 1}
	benchRun(b, func() (float64, error) { return gv(Grad(dst, pred, target, h, Options{})) })
}

func BenchmarkBCEWithLogitsGrad(b *testing.B) {
	logits, target, dst := benchData(b)
	benchRun(b, func() (float64, error) { return gv(BCEWithLogitsGrad(dst, logits, target, BCEOptions{})) })
}

func BenchmarkCrossEntropyGrad(b *testing.B) {
	logits, _, dst := benchData(b)
	n := len(logits) / benchK
	labels := make([]int, n)
	for i := range labels {
		labels[i] = i % benchK
	}
	logits, dst = logits[:n*benchK], dst[:n*benchK]
	b.ResetTimer()
	benchRun(b, func() (float64, error) { return gv(CrossEntropyGrad(dst, logits, benchK, labels, CEOptions{})) })
}
