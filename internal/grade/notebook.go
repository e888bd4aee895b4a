package grade

// The notebooks grading reads: cells with their nbgrader metadata. Reading and
// writing .ipynb files, and the source rules, are the lossnb command's (which
// `assign` shares); it hands them in as a Codec.

// Meta is the part of a cell's nbgrader metadata grading reads.
type Meta struct {
	GradeID  string
	Solution bool
	Grade    bool
	Locked   bool
}

// Cell is one cell of a notebook.
type Cell struct {
	Type   string // "code", "markdown", "raw"
	ID     string // the cell's id ("" if none)
	Source string
	Meta   Meta
	Raw    map[string]any // the cell as decoded, for writing copies
}

// Notebook is a decoded notebook.
type Notebook struct {
	Kernel string // the kernelspec's name
	Cells  []Cell
	Raw    map[string]any // the notebook as decoded, without its cells
}

// Codec reads and writes notebooks for grading.
type Codec struct {
	// Read decodes a notebook; its error says in words what is wrong.
	Read func(name string, data []byte) (*Notebook, error)
	// Encode writes a notebook whose cells are the Raw maps given.
	Encode func(nb *Notebook, cells []map[string]any) ([]byte, error)
	// Release returns the student's version of a source cell.
	Release func(c Cell) (string, error)
	// CheckSource checks the source's rules (assign's), naming the cell.
	CheckSource func(name string, data []byte) error
}

// isTest says whether a cell is an autograded test cell (a check cell).
func (c Cell) isTest() bool { return c.Type == "code" && c.Meta.Grade && !c.Meta.Solution }

// studentOwns says whether grading takes the student's version of a source
// cell: an answer cell, or an unlocked code cell that is not a check.
func (c Cell) studentOwns() bool {
	return c.Type == "code" && !c.isTest() && (c.Meta.Solution || !c.Meta.Locked)
}

// key matches a student's cell with the source's: by grade id, else by cell id.
func (c Cell) key() string {
	if c.Meta.GradeID != "" {
		return "g:" + c.Meta.GradeID
	}
	if c.ID != "" {
		return "i:" + c.ID
	}
	return ""
}

// name names a source cell for people: "cell ex1-check" or "cell 12".
func (c Cell) name(i int) string {
	if c.Meta.GradeID != "" {
		return "cell " + c.Meta.GradeID
	}
	return "cell " + itoa(i+1)
}
