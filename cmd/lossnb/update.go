package main

// lossnb seed and lossnb update: each student works on a copy of the course, in a
// folder of their own (work/ in the repository, ~/lossnb in the Docker image), never
// on the release files in notebooks/.
//
// seed copies the course notebooks that are missing from the work folder and changes
// nothing else; update, run only when the student asks, brings a newer release of the
// course into their copies. Neither ever overwrites a student's work:
//
//   - A cell the student did not change becomes the course's new version.
//   - A cell the course did not change stays as the student left it.
//   - An answer cell (nbgrader "solution") the student changed is kept; if the course
//     changed its starting code too, a note below it shows the new starting code.
//   - Any other cell both changed: the course's version takes its place and the
//     student's version is kept as a cell right below it, marked.
//   - Cells the student added stay, after the cell they followed.
//
// "Changed" is known from the release stamp the copy carries (see release_stamp.go):
// the hash of every cell as it was released. A copy without a stamp (made before
// stamps existed) is merged as if every cell that differs from the course were
// changed by both. Before writing, update saves the student's copy in
// WORK/.lossnb-backup/.

import (
	"debug/buildinfo"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// workDirs resolves the course and work folders: the flags, else
// $LOSSNB_NOTEBOOKS and $LOSSNB_WORK, else ROOT/notebooks and ROOT/work.
func workDirs(course, work string) (string, string, error) {
	if course == "" {
		course = os.Getenv("LOSSNB_NOTEBOOKS")
	}
	if work == "" {
		work = os.Getenv("LOSSNB_WORK")
	}
	if course == "" || work == "" {
		root, err := findRoot()
		if err != nil {
			return "", "", fmt.Errorf("%v (or name the folders with -course and -work)", err)
		}
		if course == "" {
			course = filepath.Join(root, "notebooks")
		}
		if work == "" {
			work = filepath.Join(root, "work")
		}
	}
	if ac, _ := filepath.Abs(course); ac != "" {
		if aw, _ := filepath.Abs(work); ac == aw {
			return "", "", fmt.Errorf("the work folder %s is the course folder: students work on copies, in a folder of their own", work)
		}
	}
	if _, err := os.Stat(course); err != nil {
		return "", "", fmt.Errorf("the course folder: %w", err)
	}
	return course, work, nil
}

// courseNotebooks lists the course's notebooks, or the ones named (as 01-key-idea,
// 01-key-idea.ipynb or a path; only the base name counts).
func courseNotebooks(course string, names []string) ([]string, error) {
	if len(names) == 0 {
		list, err := filepath.Glob(filepath.Join(course, "*.ipynb"))
		if err != nil {
			return nil, err
		}
		if len(list) == 0 {
			return nil, fmt.Errorf("no notebooks in the course folder %s", course)
		}
		for i, p := range list {
			list[i] = filepath.Base(p)
		}
		return list, nil
	}
	var out []string
	for _, n := range names {
		b := filepath.Base(n)
		if !strings.HasSuffix(b, ".ipynb") {
			b += ".ipynb"
		}
		if _, err := os.Stat(filepath.Join(course, b)); err != nil {
			return nil, fmt.Errorf("the course has no notebook %s (in %s)", b, course)
		}
		out = append(out, b)
	}
	return out, nil
}

// copyNew copies src to dst unless dst exists, atomically: a hard link of a finished
// temporary file, which fails if dst appeared meanwhile. It reports whether it copied.
func copyNew(src, dst string) (bool, error) {
	return copyNewWith(src, dst, nil)
}

// copyNotebook is copyNew for a notebook: the copy's language_info is this machine's
// kernel's (withKernelLanguageInfo).
func copyNotebook(src, dst string) (bool, error) {
	return copyNewWith(src, dst, withKernelLanguageInfo)
}

// copyNewWith is copyNew with the data passed through edit, if not nil, on the way.
func copyNewWith(src, dst string, edit func([]byte) []byte) (bool, error) {
	if _, err := os.Lstat(dst); err == nil {
		return false, nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return false, err
	}
	if edit != nil {
		data = edit(data)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, err
	}
	tmp, err := writeTemp(dst, data)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// kernelLanguageInfo is the language_info that GoNB's kernel_info_reply carries on this
// machine (gonb v0.11.5, internal/kernel/messages.go, SendKernelInfo: the version is
// runtime.Version() of the gonb binary, and the reply's struct has three more fields,
// empty). JupyterLab writes the kernel's language_info into a notebook's metadata when
// the kernel connects, so that a notebook carrying another one shows as changed
// (unsaved) the moment it is opened. The version is read from the gonb installed next
// to this command (make install builds both), else it is this command's Go.
func kernelLanguageInfo() map[string]any {
	version := runtime.Version()
	if exe, err := os.Executable(); err == nil {
		if bi, err := buildinfo.ReadFile(filepath.Join(filepath.Dir(exe), "gonb")); err == nil {
			version = bi.GoVersion
		}
	}
	return map[string]any{
		"name": "go", "version": version, "mimetype": "text/x-go", "file_extension": ".go",
		"pygments_lexer": "", "codemirror_mode": "", "nbconvert_exporter": "",
	}
}

// withKernelLanguageInfo returns the notebook data with its language_info set to
// kernelLanguageInfo(), or data unchanged if it is not a notebook (the release stamp
// does not cover a work copy's metadata: outOfDate compares the stamps only).
func withKernelLanguageInfo(data []byte) []byte {
	nb, err := readNotebook("", data)
	if err != nil {
		return data
	}
	nb.metadata()["language_info"] = kernelLanguageInfo()
	out, err := nb.encode()
	if err != nil {
		return data
	}
	return out
}

// copyImages copies the course's images/ files that the work folder lacks.
func copyImages(course, work string) ([]string, error) {
	var added []string
	dir := filepath.Join(course, "images")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(course, p)
		ok, err := copyNew(p, filepath.Join(work, rel))
		if ok {
			added = append(added, rel)
		}
		return err
	})
	return added, err
}

// outOfDate says whether the course has a newer release of a notebook than the
// student's copy: their stamps differ, or (a copy without a stamp) some course cell
// that is not an answer cell is not in the copy as released.
func outOfDate(mine, course *notebook) bool {
	cs, ok := stampOf(course)
	if !ok {
		return false // not a release: nothing to compare
	}
	if ms, ok := stampOf(mine); ok {
		return ms.SHA256 != cs.SHA256
	}
	have := hashesOf(mine)
	for _, c := range course.cells {
		if m, _ := metaOf(c); !m.Solution && have[cellKey(c)] != cellHash(c) {
			return true
		}
	}
	return false
}

func readNotebookFile(name string) (*notebook, []byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	nb, err := readNotebook(name, data)
	return nb, data, err
}

func seed(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("seed", flag.ContinueOnError)
	fset.SetOutput(stderr)
	courseFlag := fset.String("course", "", "the course's notebooks (default $LOSSNB_NOTEBOOKS, else ROOT/notebooks)")
	workFlag := fset.String("work", "", "the student's folder (default $LOSSNB_WORK, else ROOT/work)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("seed: unexpected argument %q (seed copies every missing notebook)", fset.Arg(0))
	}
	course, work, err := workDirs(*courseFlag, *workFlag)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	names, err := courseNotebooks(course, nil)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	var copied, newer []string
	for _, n := range names {
		if nb, _, err := readNotebookFile(filepath.Join(course, n)); err == nil {
			if _, stamped := stampOf(nb); stamped && !intact(nb) {
				// Someone worked in the course folder itself (as make lab once had
				// students do): say where that work is, copy nothing from it.
				fmt.Fprintf(stderr, "lossnb: %s was edited in the course folder (%s). Your work belongs in %s: to keep those edits, move the file there, e.g. mv -n %s %s\n",
					filepath.Join(course, n), strings.Join(differences(nb, mustStamp(nb).Cells), "; "),
					work, filepath.Join(course, n), filepath.Join(work, strings.TrimSuffix(n, ".ipynb")+"-edited.ipynb"))
				continue
			}
		}
		ok, err := copyNotebook(filepath.Join(course, n), filepath.Join(work, n))
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if ok {
			copied = append(copied, n)
			continue
		}
		mine, _, err1 := readNotebookFile(filepath.Join(work, n))
		theirs, _, err2 := readNotebookFile(filepath.Join(course, n))
		if err1 == nil && err2 == nil && outOfDate(mine, theirs) {
			newer = append(newer, n)
		}
	}
	if _, err := copyImages(course, work); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if len(copied) > 0 {
		fmt.Fprintf(stdout, "lossnb: copied %s from the course into %s\n", listOf(copied), work)
	}
	fmt.Fprintf(stdout, "lossnb: your work is in %s (a copy of the course; the files in %s are never changed by you or for you)\n", work, course)
	if len(newer) > 0 {
		fmt.Fprintf(stdout, "lossnb: the course has a newer version of %s: `make update` (or `lossnb update`) brings it in and keeps your answers\n", listOf(newer))
	}
	return nil
}

func update(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("update", flag.ContinueOnError)
	fset.SetOutput(stderr)
	courseFlag := fset.String("course", "", "the course's notebooks (default $LOSSNB_NOTEBOOKS, else ROOT/notebooks)")
	workFlag := fset.String("work", "", "the student's folder (default $LOSSNB_WORK, else ROOT/work)")
	dry := fset.Bool("n", false, "dry run: say what would change, write nothing")
	if err := fset.Parse(args); err != nil {
		return err
	}
	course, work, err := workDirs(*courseFlag, *workFlag)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	names, err := courseNotebooks(course, fset.Args())
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if !*dry {
		if err := os.MkdirAll(work, 0o755); err != nil {
			return fmt.Errorf("update: %w", err)
		}
	}
	stampTime := time.Now().UTC().Format("20060102-150405")
	var failed []string
	for _, n := range names {
		if err := updateOne(course, work, n, stampTime, *dry, stdout); err != nil {
			fmt.Fprintf(stderr, "lossnb update: %s: %v\n", n, err)
			failed = append(failed, n)
		}
	}
	if !*dry {
		if added, err := copyImages(course, work); err != nil {
			return fmt.Errorf("update: %w", err)
		} else if len(added) > 0 {
			fmt.Fprintf(stdout, "%s: copied from the course\n", listOf(added))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("update: %s not updated (see above); nothing in them was changed", listOf(failed))
	}
	return nil
}

// updateOne brings the course's release of notebook n into the student's copy.
func updateOne(course, work, n, stampTime string, dry bool, stdout io.Writer) error {
	dst := filepath.Join(work, n)
	if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
		if dry {
			fmt.Fprintf(stdout, "%s: would be copied from the course\n", n)
			return nil
		}
		if _, err := copyNotebook(filepath.Join(course, n), dst); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: copied from the course\n", n)
		return nil
	}
	theirs, _, err := readNotebookFile(filepath.Join(course, n))
	if err != nil {
		return fmt.Errorf("the course's copy: %w", err)
	}
	if _, stamped := stampOf(theirs); stamped && !intact(theirs) {
		return fmt.Errorf("the course's copy %s was edited in place (%s), so it is not a release to update from; nothing changed",
			filepath.Join(course, n), strings.Join(differences(theirs, mustStamp(theirs).Cells), "; "))
	}
	mine, mineData, err := readNotebookFile(dst)
	if err != nil {
		return fmt.Errorf("your copy cannot be read, so it is left as it is (%w); to get the course's version next to it, rename yours and run update again", err)
	}
	if !outOfDate(mine, theirs) {
		fmt.Fprintf(stdout, "%s: up to date\n", n)
		return nil
	}
	merged, notes := mergeNotebook(mine, theirs, stampTime)
	merged.metadata()["language_info"] = kernelLanguageInfo()
	data, err := merged.encode()
	if err != nil {
		return err
	}
	verb := "updated"
	if dry {
		verb = "would be updated"
	}
	fmt.Fprintf(stdout, "%s: %s to the course's new version\n", n, verb)
	for _, note := range notes {
		fmt.Fprintf(stdout, "  %s\n", note)
	}
	if dry {
		return nil
	}
	backup := filepath.Join(work, ".lossnb-backup", strings.TrimSuffix(n, ".ipynb")+"."+stampTime+".ipynb")
	if err := os.MkdirAll(filepath.Dir(backup), 0o755); err != nil {
		return err
	}
	if err := writeNew(backup, mineData); err != nil {
		return fmt.Errorf("saving your copy before the update: %w; nothing changed", err)
	}
	if err := writeFileAtomic(dst, data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "  your copy as it was is saved in %s\n", backup)
	return nil
}

// writeNew writes a file that must not exist yet.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// copyCell returns a shallow copy of a cell with its own metadata map.
func copyCell(c map[string]any) map[string]any {
	d := make(map[string]any, len(c))
	for k, v := range c {
		d[k] = v
	}
	md := map[string]any{}
	if m, ok := c["metadata"].(map[string]any); ok {
		for k, v := range m {
			md[k] = v
		}
	}
	d["metadata"] = md
	return d
}

func isAnswerCell(c map[string]any) bool {
	m, ok := metaOf(c)
	return ok && m.Solution
}

// mergeNotebook merges the course's new release into the student's copy by the
// rules in this file's comment. It returns the merged notebook and one note per
// decision a student should know of, naming cells by their place in the result.
func mergeNotebook(mine, course *notebook, stampTime string) (*notebook, []string) {
	base, hasBase := stampOf(mine)
	courseKeys := map[string]bool{}
	for _, c := range course.cells {
		courseKeys[cellKey(c)] = true
	}
	// The student's cells by key (the first of duplicates: a copied cell keeps its
	// grade_id; later copies count as cells the student added), and the cells
	// that only the student's copy has, by the shared cell they follow.
	mineBy := map[string]map[string]any{}
	after := map[string][]map[string]any{}
	anchor := ""
	for _, m := range mine.cells {
		k := cellKey(m)
		if _, dup := mineBy[k]; k != "" && !dup && courseKeys[k] {
			mineBy[k] = m
			anchor = k
			continue
		}
		after[anchor] = append(after[anchor], m)
	}
	ids := map[string]bool{}
	for _, c := range append(append([]map[string]any{}, mine.cells...), course.cells...) {
		if id, ok := c["id"].(string); ok {
			ids[id] = true
		}
	}
	var out []map[string]any
	var notes []string
	note := func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }
	add := func(c map[string]any) int { out = append(out, c); return len(out) - 1 }
	// keepOnly adds the cells only the student's copy has: their own, and the
	// course's removed cells that they changed (unchanged ones go with the course).
	keepOnly := func(anchor string) {
		for _, m := range after[anchor] {
			k := cellKey(m)
			h, wasCourse := base.Cells[k]
			if hasBase && wasCourse && !courseKeys[k] {
				if h == cellHash(m) {
					note("removed a cell the course removed (%s; you had not changed it)", strings.TrimPrefix(strings.TrimPrefix(k, "g:"), "i:"))
					continue
				}
				i := add(m)
				note("%s: kept your edited cell; the course removed it", cellName(i, m))
				continue
			}
			add(m)
		}
	}
	keepOnly("")
	for _, c := range course.cells {
		k := cellKey(c)
		m, have := mineBy[k]
		hc := cellHash(c)
		switch {
		case !have && hasBase && base.Cells[k] != "":
			// The student deleted (or moved away) a released cell.
			if base.Cells[k] != hc {
				i := add(copyCell(c))
				note("%s: the course changed this cell, which you had deleted or moved: its new version is back", cellName(i, c))
			}
		case !have:
			i := add(copyCell(c))
			note("%s: new in the course", cellName(i, c))
		case cellHash(m) == hc:
			// Same text: the course's cell (its metadata may be newer) with the
			// student's outputs.
			d := copyCell(c)
			if outs, ok := m["outputs"]; ok && c["cell_type"] == "code" {
				d["outputs"], d["execution_count"] = outs, m["execution_count"]
			}
			add(d)
		case hasBase && cellHash(m) == base.Cells[k]:
			i := add(copyCell(c))
			note("%s: updated to the course's new version (you had not changed it)", cellName(i, c))
		case hasBase && hc == base.Cells[k]:
			add(withCourseGrading(m, c)) // only the student changed it
		case isAnswerCell(c) || isAnswerCell(m):
			i := add(withCourseGrading(m, c))
			if hasBase {
				add(startingCodeNote(c, ids))
				note("%s: kept your answer; the course changed this exercise's starting code, shown in the note below it (cell %d)", cellName(i, c), i+2)
			} else {
				note("%s: kept your answer", cellName(i, c))
			}
		default:
			i := add(copyCell(c))
			add(keptCell(m, c, ids, stampTime))
			if hasBase {
				note("%s: you and the course both changed this cell: it is now the course's version, and yours is kept right below it (cell %d)", cellName(i, c), i+2)
			} else {
				note("%s: differs from the course's: it is now the course's version, and yours is kept right below it (cell %d)", cellName(i, c), i+2)
			}
		}
		keepOnly(k)
	}
	merged := &notebook{raw: map[string]any{}}
	for k, v := range mine.raw {
		merged.raw[k] = v
	}
	md := map[string]any{}
	for k, v := range mine.metadata() {
		md[k] = v
	}
	cmd := course.metadata()
	for _, k := range []string{stampKey, "kernelspec"} {
		if v, ok := cmd[k]; ok {
			md[k] = v
		}
	}
	merged.raw["metadata"] = md
	if cm, _ := course.raw["nbformat_minor"].(float64); cm > asFloat(mine.raw["nbformat_minor"]) {
		merged.raw["nbformat_minor"] = cm
	}
	merged.cells = out
	return merged, notes
}

func asFloat(v any) float64 { f, _ := v.(float64); return f }

// withCourseGrading returns the student's cell with the course's nbgrader metadata
// (points, ids), which belong to the course.
func withCourseGrading(m, c map[string]any) map[string]any {
	d := copyCell(m)
	if g, ok := c["metadata"].(map[string]any)["nbgrader"]; ok {
		d["metadata"].(map[string]any)["nbgrader"] = g
	}
	return d
}

// freshID returns an id based on want that no cell has yet, and records it.
func freshID(want string, ids map[string]bool) string {
	id := want
	for i := 2; ids[id]; i++ {
		id = fmt.Sprintf("%s-%d", want, i)
	}
	ids[id] = true
	return id
}

// keptCell is the student's version of cell c, kept below the course's: the same
// type and text, under a first line that says what it is, not graded.
func keptCell(m, c map[string]any, ids map[string]bool, stampTime string) map[string]any {
	d := copyCell(m)
	md := d["metadata"].(map[string]any)
	delete(md, "nbgrader")
	md[stampKey] = map[string]any{"kept": "your version of the cell above, kept by lossnb update " + stampTime}
	id, _ := c["id"].(string)
	d["id"] = freshID(id+"-yours", ids)
	src, _ := sourceOf(m)
	head := "// lossnb update (" + stampTime + "): YOUR version of the cell above, kept. The cell above is the course's new version. Delete this cell when you no longer need it.\n"
	if m["cell_type"] != "code" {
		head = "*lossnb update (" + stampTime + "): **your** version of the cell above, kept. The cell above is the course's new version. Delete this cell when you no longer need it.*\n\n"
	}
	setSource(d, head+src)
	return d
}

// startingCodeNote is a markdown cell showing the course's new starting code of an
// answer cell, which the student's answer above it replaces. Markdown, so that
// running the notebook does not redefine the student's functions with the stub.
func startingCodeNote(c map[string]any, ids map[string]bool) map[string]any {
	src, _ := sourceOf(c)
	fence := "```"
	for strings.Contains(src, fence) {
		fence += "`"
	}
	id, _ := c["id"].(string)
	return map[string]any{
		"cell_type": "markdown",
		"id":        freshID(id+"-new-start", ids),
		"metadata":  map[string]any{stampKey: map[string]any{"kept": "the course's new starting code of the answer cell above"}},
		"source": splitKeep("*lossnb update: the course changed the starting code of the exercise above. Your answer is kept as it was; " +
			"here is the new starting code, for reference (compare the function names and signatures with yours). Delete this note when you no longer need it.*\n\n" +
			fence + "go\n" + src + "\n" + fence),
	}
}

// splitKeep splits text into nbformat's list of lines.
func splitKeep(s string) []any {
	c := map[string]any{}
	setSource(c, s)
	return c["source"].([]any)
}
