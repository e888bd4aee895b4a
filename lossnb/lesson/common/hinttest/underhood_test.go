package hinttest

import (
	"path/filepath"
	"testing"
)

// TestUnderHoodCells: each notebook's "Under the hood" cell declares its lesson's
// function of under_hood.go word for word (lower-cased); catches a cell and a
// function that drift apart. One table for every lesson package.
func TestUnderHoodCells(t *testing.T) {
	for _, c := range []struct{ nb, pkg, fn, lower string }{
		{"01-key-idea.ipynb", "keyidea", "BestConstantByGrid", "bestConstantByGrid"},
		{"02-probabilistic-story.ipynb", "likelihood", "ECEByHand", "eceByHand"},
		{"03-robust-and-influence.ipynb", "robust", "SlopeInfluenceByRefit", "slopeInfluenceByRefit"},
		{"04-focal-and-surrogates.ipynb", "surrogate", "AveragePrecisionByRank", "averagePrecisionByRank"},
		{"05-adversarial.ipynb", "adversarial", "GameValueBySum", "gameValueBySum"},
		{"06-contrastive.ipynb", "contrastive", "InfoNCEByHand", "infoNCEByHand"},
		{"07-ranking.ipynb", "ranking", "NDCGByHand", "ndcgByHand"},
	} {
		UnderHoodCell(t, c.nb, filepath.Join("..", "..", c.pkg, "under_hood.go"), c.fn, c.lower)
	}
}
