package loss_test

import (
	"fmt"

	"github.com/lossnb/lossnb/lossnb/loss"
)

func ExampleLambdaRank() {
	// The most relevant item (relevance 3) is ranked second: its LambdaRank push
	// (−gradient) is the largest, because swapping it to the top gains the most NDCG.
	scores := []float64{2, 1.5, 0.5}
	relevance := []float64{1, 3, 0}
	g, v, err := loss.LambdaRankGrad(nil, scores, relevance, loss.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("LambdaRank %.4f, pushes %.4f %.4f %.4f\n", v, -g[0], -g[1], -g[2])
	// Output: LambdaRank 0.7009, pushes -0.3545 0.4475 -0.0930
}
