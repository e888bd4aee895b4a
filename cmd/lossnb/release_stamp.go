package main

// The release stamp, and the rule that no command overwrites a notebook someone has
// edited. `lossnb assign` records in each student release (notebook metadata
// "lossnb": {"release": …}) a hash of every cell as released and a hash of the whole
// notebook. From those, without any other file:
//
//   - assign can tell a notebook it wrote (safe to overwrite) from one edited since
//     (a student's answers, an instructor's fix made in the wrong place): it refuses
//     to overwrite the second kind unless forced;
//   - `lossnb update` can tell, cell by cell, what the student changed and what the
//     course changed since the student's copy was made (a three-way merge whose base
//     is known only by its hashes).

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// stampKey is the notebook-metadata key of the stamp; releaseKey is its entry.
const (
	stampKey   = "lossnb"
	releaseKey = "release"
)

// releaseStamp is a decoded stamp: SHA256 of the notebook encoded without the
// "sha256" entry, and the hash of each released cell by cellKey.
type releaseStamp struct {
	SHA256 string
	Cells  map[string]string
}

// cellKey names a cell across versions of a notebook as the grader does: by its
// nbgrader grade_id, else by its nbformat cell id ("" if it has neither).
func cellKey(c map[string]any) string {
	if m, ok := metaOf(c); ok && m.GradeID != "" {
		return "g:" + m.GradeID
	}
	if id, ok := c["id"].(string); ok && id != "" {
		return "i:" + id
	}
	return ""
}

// cellHash is a short hash of what a person edits in a cell: its type and source.
// 64 bits: it detects edits; it is not a security measure.
func cellHash(c map[string]any) string {
	src, _ := sourceOf(c)
	typ, _ := c["cell_type"].(string)
	h := sha256.Sum256([]byte(typ + "\x00" + src))
	return hex.EncodeToString(h[:8])
}

// giveIDs sets an id on each cell that has none (nbformat 4.5 cells have one; older
// notebooks may not): the grade_id if any, else lossnb-N for cell N. It refuses
// duplicate ids, which nbformat forbids and which would make cells ambiguous.
func giveIDs(name string, nb *notebook) error {
	seen := map[string]int{}
	added := false
	for i, c := range nb.cells {
		id, _ := c["id"].(string)
		if id == "" {
			if m, ok := metaOf(c); ok && m.GradeID != "" {
				id = m.GradeID
			} else {
				id = fmt.Sprintf("lossnb-%d", i+1)
			}
			c["id"] = id
			added = true
		}
		if j, dup := seen[id]; dup {
			return cellErr(name, i, c, "cell id %q is also the id of cell %d; cell ids must be unique", id, j+1)
		}
		seen[id] = i
	}
	if minor, _ := nb.raw["nbformat_minor"].(float64); added && minor < 5 {
		nb.raw["nbformat_minor"] = 5.0 // the version that has cell ids
	}
	return nil
}

// metadata returns the notebook's metadata object, creating it if need be.
func (nb *notebook) metadata() map[string]any {
	md, ok := nb.raw["metadata"].(map[string]any)
	if !ok {
		md = map[string]any{}
		nb.raw["metadata"] = md
	}
	return md
}

// stampRelease records the release stamp in nb and returns the encoded notebook.
func stampRelease(name string, nb *notebook) ([]byte, error) {
	if err := giveIDs(name, nb); err != nil {
		return nil, err
	}
	cells := map[string]any{}
	for _, c := range nb.cells {
		cells[cellKey(c)] = cellHash(c)
	}
	md := nb.metadata()
	md[stampKey] = map[string]any{releaseKey: map[string]any{"cells": cells}}
	unsigned, err := nb.encode()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(unsigned)
	md[stampKey].(map[string]any)[releaseKey].(map[string]any)["sha256"] = hex.EncodeToString(sum[:])
	return nb.encode()
}

// stampOf returns the stamp a notebook carries, if any.
func stampOf(nb *notebook) (releaseStamp, bool) {
	md, _ := nb.raw["metadata"].(map[string]any)
	l, _ := md[stampKey].(map[string]any)
	r, ok := l[releaseKey].(map[string]any)
	if !ok {
		return releaseStamp{}, false
	}
	var s releaseStamp
	s.SHA256, _ = r["sha256"].(string)
	cells, _ := r["cells"].(map[string]any)
	s.Cells = map[string]string{}
	for k, v := range cells {
		if h, ok := v.(string); ok {
			s.Cells[k] = h
		}
	}
	return s, s.SHA256 != ""
}

// mustStamp returns the stamp of a notebook known to carry one.
func mustStamp(nb *notebook) releaseStamp {
	s, _ := stampOf(nb)
	return s
}

// intact says whether a notebook is exactly what assign wrote: it carries a stamp
// and its content hashes to the stamp's sha256.
func intact(nb *notebook) bool {
	s, ok := stampOf(nb)
	if !ok {
		return false
	}
	r := nb.metadata()[stampKey].(map[string]any)[releaseKey].(map[string]any)
	delete(r, "sha256")
	unsigned, err := nb.encode()
	r["sha256"] = s.SHA256
	if err != nil {
		return false
	}
	sum := sha256.Sum256(unsigned)
	return hex.EncodeToString(sum[:]) == s.SHA256
}

// unstamped returns the encoding of nb without its stamp, to compare the content
// of two releases whose stamps may differ (one written by an older assign).
func unstamped(nb *notebook) ([]byte, error) {
	md := nb.metadata()
	old, had := md[stampKey]
	delete(md, stampKey)
	b, err := nb.encode()
	if had {
		md[stampKey] = old
	}
	return b, err
}

// cellName names cell i of nb for a person: "cell 12 (ex1-huber)".
func cellName(i int, c map[string]any) string {
	if m, ok := metaOf(c); ok && m.GradeID != "" {
		return fmt.Sprintf("cell %d (%s)", i+1, m.GradeID)
	}
	return fmt.Sprintf("cell %d", i+1)
}

// differences describes how nb differs from the cells of a release, given by their
// hashes: the cells edited, added and removed, and the outputs saved.
func differences(nb *notebook, release map[string]string) []string {
	var edited, added []string
	present := map[string]bool{}
	outputs := 0
	for i, c := range nb.cells {
		k := cellKey(c)
		present[k] = true
		switch h, ok := release[k]; {
		case !ok || k == "":
			added = append(added, cellName(i, c))
		case h != cellHash(c):
			edited = append(edited, cellName(i, c))
		}
		if outs, _ := c["outputs"].([]any); len(outs) > 0 || c["execution_count"] != nil && c["cell_type"] == "code" {
			outputs++
		}
	}
	removed := 0
	for k := range release {
		if !present[k] {
			removed++
		}
	}
	var out []string
	if len(edited) > 0 {
		out = append(out, "edited "+listOf(edited))
	}
	if len(added) > 0 {
		out = append(out, "added "+listOf(added))
	}
	if removed > 0 {
		out = append(out, fmt.Sprintf("%d cell(s) removed", removed))
	}
	if outputs > 0 {
		out = append(out, fmt.Sprintf("outputs saved in %d cell(s)", outputs))
	}
	if len(out) == 0 {
		out = append(out, "its metadata changed")
	}
	return out
}

// listOf joins at most five names, then says how many more.
func listOf(names []string) string {
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + fmt.Sprintf(" and %d more", len(names)-5)
	}
	return strings.Join(names, ", ")
}

// hashesOf returns the hash of each cell of nb by cellKey.
func hashesOf(nb *notebook) map[string]string {
	h := map[string]string{}
	for _, c := range nb.cells {
		h[cellKey(c)] = cellHash(c)
	}
	return h
}

// releaseFile is one notebook assign is about to write.
type releaseFile struct {
	source, dst string
	data        []byte
}

// releaseState compares the notebook at r.dst with the release about to be written:
// "" when writing it loses nothing (no file, the same content, or an intact older
// release), else what was edited, in words.
func releaseState(r releaseFile) (edits string, err error) {
	old, err := os.ReadFile(r.dst)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	oldNB, err := readNotebook(r.dst, old)
	if err != nil {
		return "it is not a notebook assign wrote (" + err.Error() + ")", nil
	}
	if intact(oldNB) {
		return "", nil
	}
	newNB, err := readNotebook(r.dst, r.data)
	if err != nil {
		return "", err
	}
	a, err1 := unstamped(oldNB)
	b, err2 := unstamped(newNB)
	if err1 == nil && err2 == nil && string(a) == string(b) {
		return "", nil // the same release, with an older stamp or none
	}
	ref := hashesOf(newNB)
	if s, ok := stampOf(oldNB); ok {
		ref = s.Cells // edited since assign wrote it: compare with what it wrote
	}
	return strings.Join(differences(oldNB, ref), "; "), nil
}

// writeReleases writes the releases, refusing (before writing any) to overwrite a
// notebook that was edited after assign wrote it, unless force.
func writeReleases(rels []releaseFile, force bool, stdout io.Writer) error {
	var refused []string
	for _, r := range rels {
		edits, err := releaseState(r)
		if err != nil {
			return fmt.Errorf("assign: %w", err)
		}
		if edits == "" {
			continue
		}
		if force {
			fmt.Fprintf(stdout, "overwriting %s although it was edited after its release (%s), as -force asks\n", r.dst, edits)
			continue
		}
		refused = append(refused, fmt.Sprintf("%s was edited after assign wrote it (%s)", r.dst, edits))
	}
	if len(refused) > 0 {
		return fmt.Errorf(`assign: nothing written, to keep these edits:
  %s
If these are a student's answers, move the file to the work folder first
(mv -n FILE work/NAME-edited.ipynb; -n never overwrites). If they are course
changes, make them in the instructor's source in coursework/source/ instead.
To overwrite anyway and lose the edits: -force (make release FORCE=1)`, strings.Join(refused, "\n  "))
	}
	for _, r := range rels {
		if err := writeFileAtomic(r.dst, r.data); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", r.dst)
	}
	return nil
}

// verifyReleases writes nothing: it checks that each release in place is what assign
// would write now, and explains each difference with a next step that loses nothing.
func verifyReleases(rels []releaseFile, stdout io.Writer) error {
	var problems []string
	for _, r := range rels {
		old, err := os.ReadFile(r.dst)
		if errors.Is(err, os.ErrNotExist) {
			problems = append(problems, fmt.Sprintf("%s is missing: `make release` writes it from %s.", r.dst, r.source))
			continue
		}
		if err != nil {
			return err
		}
		if string(old) == string(r.data) {
			continue
		}
		oldNB, err := readNotebook(r.dst, old)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s is not a notebook (%v). Move it away (mv -n %s %s.broken), then `make release` writes the release.", r.dst, err, r.dst, r.dst))
			continue
		}
		newNB, err := readNotebook(r.dst, r.data)
		if err != nil {
			return err
		}
		edits, err := releaseState(r)
		if err != nil {
			return err
		}
		if edits == "" {
			what := "only its release stamp is out of date (an older lossnb assign wrote it)"
			if s, ok := stampOf(oldNB); ok && mustUnstamped(oldNB) != mustUnstamped(newNB) {
				what = "the source changed since (" + sourceChanges(s.Cells, newNB) + ")"
			}
			problems = append(problems, fmt.Sprintf("%s is an older release of %s: %s. Run `make release` to update it (it never overwrites an edited notebook).", r.dst, r.source, what))
			continue
		}
		base := filepath.Base(r.dst)
		problems = append(problems, fmt.Sprintf(`%s was edited after it was released (%s).
    A student's work belongs in the work folder (make lab copies the course there): move it with
      mkdir -p work && mv -n %s work/%s-edited.ipynb
    and then `+"`make release`"+` writes the release again. A change to the course belongs in %s:
    make it there, then run `+"`make release`"+` (it refuses to overwrite an edited notebook).`,
			r.dst, edits, r.dst, strings.TrimSuffix(base, ".ipynb"), r.source))
	}
	if len(problems) > 0 {
		return fmt.Errorf("the releases differ from their sources; nothing was changed:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func mustUnstamped(nb *notebook) string {
	b, _ := unstamped(nb)
	return string(b)
}

// sourceChanges describes the cells of a new release that differ from an older
// release known by its hashes.
func sourceChanges(old map[string]string, nb *notebook) string {
	var changed, added []string
	seen := map[string]bool{}
	for i, c := range nb.cells {
		k := cellKey(c)
		seen[k] = true
		switch h, ok := old[k]; {
		case !ok:
			added = append(added, cellName(i, c))
		case h != cellHash(c):
			changed = append(changed, cellName(i, c))
		}
	}
	var removed []string
	for k := range old {
		if !seen[k] {
			removed = append(removed, strings.TrimPrefix(strings.TrimPrefix(k, "g:"), "i:"))
		}
	}
	sort.Strings(removed)
	var parts []string
	if len(changed) > 0 {
		parts = append(parts, "changed "+listOf(changed))
	}
	if len(added) > 0 {
		parts = append(parts, "new "+listOf(added))
	}
	if len(removed) > 0 {
		parts = append(parts, "removed "+listOf(removed))
	}
	if len(parts) == 0 {
		return "metadata only"
	}
	return strings.Join(parts, "; ")
}

// writeTemp writes data to a new temporary file (mode 0644) next to name and
// returns its path; the caller renames or links it into place, or removes it.
func writeTemp(name string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// writeFileAtomic writes data to a temporary file next to name, then renames it
// over name, so that a crash never leaves half a notebook.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := writeTemp(name, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
