# nbgrader configuration for a course that uses lossnb's Go notebooks (see ../README.md).
# Copy it to the course folder (next to source/, release/, submitted/) and set the root.
c = get_config()

# c.CourseDirectory.root = "/path/to/course"

# nbgrader's stub for a solution region is keyed by the kernel's language, and it has none for
# Go. panic(...) is the only Go statement that compiles in any function whatever it returns;
# lossnb's checks recover it and report "it is not implemented yet".
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
    "go": '// YOUR CODE HERE\npanic("not implemented: your code here")',
}

# The markers are nbgrader's defaults, found anywhere in a line, so the Go comments
# "// ### BEGIN SOLUTION" and "// ### BEGIN HIDDEN TESTS" match them as they are.

# Compiling the first cell of a notebook can take a while on a cold Go build cache.
c.ExecutePreprocessor.timeout = 300

# Remember: run `nbgrader autograde` with LOSSNB_CHECKS=nbgrader in its environment, so that a
# failed check writes to stderr and nbgrader marks its cell failed.
