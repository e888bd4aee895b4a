#!/usr/bin/env python3
"""Turn executed notebooks into a static HTML site that works from disk, offline.

Usage: export_site.py EXECUTED_DIR OUT_DIR REPO_ROOT

Every EXECUTED_DIR/NN-*.ipynb becomes OUT_DIR/NN-*.html (template
scripts/nbconvert/lossnb: the lab look, with no CDN), links between notebooks
point to the .html pages, ECharts and MathJax are copied once into
OUT_DIR/static/ and loaded once per page, and OUT_DIR/index.html lists the
pages by their H1.
"""

import html
import os
import re
import shutil
import sys

import nbformat
from nbconvert import HTMLExporter

LINK_RE = re.compile(r'href="((?:\./)?\d\d-[a-z0-9-]+)\.ipynb(#[^"]*)?"')


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, out, root = sys.argv[1:]
    os.makedirs(os.path.join(out, "static", "mathjax"), exist_ok=True)
    shutil.copy(os.path.join(root, "node_modules", "echarts", "dist", "echarts.min.js"),
                os.path.join(out, "static", "echarts.min.js"))
    shutil.copy(os.path.join(root, "node_modules", "mathjax", "es5", "tex-svg.js"),
                os.path.join(out, "static", "mathjax", "tex-svg.js"))

    exporter = HTMLExporter(
        template_name="lossnb",
        extra_template_basedirs=[os.path.join(root, "scripts", "nbconvert")],
    )
    pages = []
    for name in sorted(os.listdir(src)):
        if not re.match(r"^\d\d-.*\.ipynb$", name):
            continue
        nb = nbformat.read(os.path.join(src, name), as_version=4)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name[:-6]}})
        body = LINK_RE.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)
        page = name[:-6] + ".html"
        with open(os.path.join(out, page), "w", encoding="utf-8") as f:
            f.write(body)
        pages.append((page, title_of(nb, name[:-6])))

    items = "\n".join(f'<li><a href="{p}">{html.escape(t)}</a></li>' for p, t in pages)
    with open(os.path.join(out, "index.html"), "w", encoding="utf-8") as f:
        f.write(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lossnb: loss functions you can touch</title></head>
<body style="font-family: sans-serif; max-width: 48em; margin: 2em auto;"><main>
<h1>lossnb: loss functions you can touch</h1>
<ol>
{items}
</ol>
</main></body></html>
""")
    print(f"site: {len(pages)} pages in {out}")


if __name__ == "__main__":
    main()
