package lite

import (
	"path"
	"reflect"
	"sort"
	"strings"
	"unicode"

	"github.com/lossnb/lossnb/lossnb/lite/symbols"
	"github.com/traefik/yaegi/stdlib"
)

// Complete returns the names that complete the identifier before cursor
// (an offset in runes, as Jupyter counts) in code, and the rune range they
// replace: after "pkg." the exported names of that package (lossnb's and
// the standard library's), else the package names and the names cells
// declared.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	r := []rune(code)
	if cursor < 0 || cursor > len(r) {
		cursor = len(r)
	}
	start = cursor
	for start > 0 && (unicode.IsLetter(r[start-1]) || unicode.IsDigit(r[start-1]) || r[start-1] == '_') {
		start--
	}
	prefix := string(r[start:cursor])
	var names []string
	if start > 0 && r[start-1] == '.' {
		q := start - 1
		for q > 0 && (unicode.IsLetter(r[q-1]) || unicode.IsDigit(r[q-1]) || r[q-1] == '_') {
			q--
		}
		pkg := string(r[q : start-1])
		p, ok := s.imported[pkg]
		if !ok {
			p, ok = s.pkgs[pkg]
		}
		if !ok {
			return nil, start, cursor
		}
		for _, exp := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols} {
			for name := range exp[p+"/"+path.Base(p)] {
				if !strings.HasPrefix(name, "_") {
					names = append(names, name)
				}
			}
		}
		if p == nbPath {
			names = append(names, "Must") // generic: not among the extracted symbols
		}
	} else {
		for name := range s.pkgs {
			names = append(names, name)
		}
		for name := range s.declared {
			names = append(names, name)
		}
	}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !strings.HasPrefix(n, "__lite") {
			matches = append(matches, n)
		}
	}
	sort.Strings(matches)
	return matches, start, cursor
}
