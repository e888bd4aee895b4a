package grade

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"unicode"
)

// MaxSubmissionBytes bounds what the grader reads of a submission.
const MaxSubmissionBytes = 20 << 20

// input is one submission found in the arguments, or refused there.
type input struct {
	path    string
	student string
	refused string // why it is not graded, before reading it ("" to grade)
}

// collect expands the arguments: a regular file is a submission; a folder
// gives every file under it (hidden folders such as .ipynb_checkpoints
// skipped). Symbolic links, as arguments or in folders, are never followed:
// each gets a row that says so; so do other files that are not regular
// (pipes, devices) and the instructor's source itself.
func collect(args []string, source string) ([]input, error) {
	srcInfo, err := os.Stat(source)
	if err != nil {
		return nil, err
	}
	var out []input
	seen := map[string]bool{}
	add := func(p string, mode fs.FileMode) {
		if abs, err := filepath.Abs(p); err == nil {
			if seen[abs] {
				return // the same file named twice: one row
			}
			seen[abs] = true
		}
		in := input{path: p}
		switch {
		case mode&fs.ModeSymlink != 0:
			in.refused = "a symbolic link: refused, never followed (hand in the notebook file itself)"
		case !mode.IsRegular():
			in.refused = "not a regular file: refused"
		default:
			if fi, err := os.Stat(p); err == nil && os.SameFile(fi, srcInfo) {
				in.refused = "the instructor's source itself: refused"
			}
		}
		out = append(out, in)
	}
	for _, a := range args {
		fi, err := os.Lstat(a)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			add(a, fi.Mode())
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, input{path: p, refused: "cannot be read: " + err.Error()})
				return nil
			}
			if d.IsDir() {
				if strings.HasPrefix(d.Name(), ".") && p != a {
					return filepath.SkipDir
				}
				return nil
			}
			add(p, d.Type())
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	names(out, source)
	return out, nil
}

// names gives each input a student name: the folder of an nbgrader-style
// STUDENT/NAME.ipynb, else the file's name without .ipynb. Names that
// several files share get a short hash of their path, so that every row is
// distinct and stays the same from run to run.
func names(ins []input, source string) {
	count := map[string]int{}
	for i := range ins {
		ins[i].student = studentName(ins[i].path, source)
		count[ins[i].student]++
	}
	for i := range ins {
		if count[ins[i].student] > 1 {
			ins[i].student += " [" + shortHash(ins[i].path) + "]"
		}
	}
	sort.SliceStable(ins, func(a, b int) bool { return ins[a].student < ins[b].student })
}

func studentName(path, source string) string {
	base := filepath.Base(path)
	if base == filepath.Base(source) {
		if d := filepath.Base(filepath.Dir(path)); d != "." && d != "/" {
			return d
		}
	}
	return strings.TrimSuffix(base, ".ipynb")
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:4])
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName is the feedback file name of a student (without extension):
// the name itself when it is short and plain ASCII, else a plain ASCII
// version of it (at most 60 bytes) and a hash of the whole name, so that
// names that differ only in other characters (学生, ученик) or that are
// empty get distinct files, the same in every run.
func fileName(student string) string {
	s := strings.Trim(unsafeName.ReplaceAllString(student, "_"), "_")
	if len(s) > 60 {
		s = s[:60]
	}
	if s == student && s != "" && s[0] != '.' && s[0] != '-' {
		return s
	}
	if s == "" || s[0] == '.' || s[0] == '-' {
		s = "student" + s
	}
	return s + "-" + shortHash(student)
}

// display quotes a name for the console when it holds anything but
// printable characters (a newline or a terminal escape would print fake
// lines or change the terminal), and shortens a long one.
func display(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return strconv.QuoteToGraphic(s)
		}
	}
	return s
}

// cell is a CSV field a spreadsheet will not run: a field starting with =,
// +, -, @, a tab or a carriage return gets a leading apostrophe (OWASP's
// advice against CSV injection).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// readInput reads a submission without following a symbolic link (even one
// put in place after collect looked), and refuses what is not a regular
// file or is too large. tooLarge is set for a file over the limit.
func readInput(path string) (data []byte, tooLarge bool, err error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		if errorsIsLoop(err) {
			return nil, false, fmt.Errorf("a symbolic link: refused, never followed")
		}
		return nil, false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if !fi.Mode().IsRegular() {
		return nil, false, fmt.Errorf("not a regular file")
	}
	data, err = io.ReadAll(io.LimitReader(f, MaxSubmissionBytes+1))
	if err != nil {
		return nil, false, err
	}
	if len(data) > MaxSubmissionBytes {
		return nil, true, nil
	}
	return data, false, nil
}

func errorsIsLoop(err error) bool {
	pe, ok := err.(*fs.PathError)
	return ok && pe.Err == syscall.ELOOP
}
