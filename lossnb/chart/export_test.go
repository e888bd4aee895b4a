package chart

// LoaderJS is the script every Render output carries (compacted loader.js),
// for the golden test, which keeps it out of testdata/lines.golden.html.
var LoaderJS = loaderJS
