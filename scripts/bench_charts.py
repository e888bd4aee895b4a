#!/usr/bin/env python3
"""Chart performance, one run: cell times through a real GoNB kernel, the size of a
notebook holding 20 charts, and how fast a slider move redraws in the browser.

Usage: .venv/bin/python scripts/bench_charts.py [--runs 10] [--skip-browser] [--skip-kernel] [--skip-size]

1. Cell time. Several GoNB kernels (the project's kernelspec, from .venv) each run
   one kind of cell, interleaved round by round, on a warm Go build cache (every cell
   runs twice untimed first). The time of a cell is the wall time from the execute
   request to the reply and the kernel going idle, as a person waits for it; the
   median of --runs is reported, and each kind's ratio to the hello-world cell:
     hello       fmt.Println("hello")
     show        nb.Show(chart) of notebook 01's chart (HTML + PNG twin via lossnb-render)
     show-html   the same with lossnb-render hidden (no PNG twin): the helper's share
     figure      nb.ShowPNG(figure.PNG(...)), a cell that links gonum/plot itself
   and hello and show again with GoNB's `go get` before every build restored
   (LOSSNB_GO_AUTOGET=1; cmd/lossnb-go skips it by default): the before/after of that
   change in one run. The issue's goal: show <= 1.5 x hello, figure <= 2 x hello.
2. Notebook size. A notebook of 20 chart cells (16 x notebook 01's chart, 4 heat maps
   of 41 x 41) is executed with nbclient and written to build/bench/twenty-charts.ipynb;
   its size is reported (goal: <= 1.5 MB), with the HTML and PNG bytes per output.
3. Slider redraw. The first chart output of that notebook is put in a page with the
   pinned ECharts, opened in Debian's chromium (playwright-core, no network); the slider
   is moved 40 times. For each move: the time the input handler takes (setOption) and
   the time from the input event to the first frame ECharts renders ('rendered' event),
   medians (goal: <= 16 ms, one frame at 60 Hz).

Numbers are printed, never asserted: timings depend on the machine.
"""

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "bench")

def imports(*pkgs):
    return "import (\n" + "".join(f'\t"{p}"\n' for p in pkgs) + ")\n"


L = "github.com/lossnb/lossnb/lossnb/"
SHOW = "nb.Show(nb.Must(keyidea.RegressionLosses(keyidea.Deltas, 0.5)))"
AUTOGET = {"LOSSNB_GO_AUTOGET": "1"}

# Each kind of cell runs in its own kernel with only the imports it uses, so that one
# cell's imports never add to another's link time: (setup cell, timed cell[, kernel
# environment]). The run number in a comment makes each run a new program, as a person
# editing a cell would.
CELLS = {
    "hello": ("", '%%\nfmt.Println("hello") // run {n}\n'),
    "show": (imports(L + "lesson/keyidea", L + "nb"), "%%\n" + SHOW + " // run {n}\n"),
    "show-html": (imports("os", L + "lesson/keyidea", L + "nb"),
                  '%%\nos.Setenv("LOSSNB_BIN", "/nonexistent")\nos.Setenv("PATH", "/nonexistent")\n'
                  + SHOW + " // run {n}\n"),
    "figure": (imports(L + "figure", L + "lesson/keyidea", L + "nb"),
               "%%\nnb.ShowPNG(nb.Must(figure.PNG(nb.Must(keyidea.RegressionGradients(0.5)), 640, 360))) // run {n}\n"),
    "hello +go get": ("", '%%\nfmt.Println("hello") // run {n}\n', AUTOGET),
    "show +go get": (imports(L + "lesson/keyidea", L + "nb"), "%%\n" + SHOW + " // run {n}\n", AUTOGET),
}


def execute(kc, code, timeout=300):
    """Runs code, returns (seconds, outputs) where outputs are the iopub messages' contents."""
    outputs = []
    t0 = time.monotonic()
    msg_id = kc.execute(code)
    reply = None
    idle = False
    deadline = t0 + timeout
    while reply is None or not idle:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"cell did not finish in {timeout} s: {code[:60]!r}")
        try:
            if reply is None:
                try:
                    m = kc.get_shell_msg(timeout=0.005)
                    if m["parent_header"].get("msg_id") == msg_id:
                        reply = m
                except queue.Empty:
                    pass
            m = kc.get_iopub_msg(timeout=min(left, 0.05))
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        t = m["msg_type"]
        if t == "status" and m["content"]["execution_state"] == "idle":
            idle = True
        elif t in ("display_data", "execute_result", "stream", "error"):
            outputs.append((t, m["content"]))
    return time.monotonic() - t0, outputs


def problems(outputs):
    bad = []
    for t, c in outputs:
        if t == "error" or (t == "stream" and c.get("name") == "stderr"):
            bad.append(c.get("text") or c.get("evalue"))
        if t == "display_data" and "gonb-error" in str(c.get("data", {}).get("text/html", "")):
            bad.append("compile error: " + str(c["data"]["text/html"])[:300])
    return bad


def bench_kernels(runs):
    from jupyter_client.manager import start_new_kernel

    kernels = {}
    try:
        for name, (setup, _, *env) in CELLS.items():
            km, kc = start_new_kernel(kernel_name="gonb", cwd=ROOT,
                                      env=dict(os.environ, **(env[0] if env else {})))
            kernels[name] = (km, kc)
            _, out = execute(kc, setup or "%%\n")
            if problems(out):
                sys.exit(f"bench: {name}: setup cell failed: {problems(out)}")
        times = {name: [] for name in CELLS}
        shapes = {}
        for rnd in range(-2, runs):  # two untimed rounds warm the build cache
            for name, (_, cell, *_) in CELLS.items():
                kc = kernels[name][1]
                dt, out = execute(kc, cell.format(n=rnd))
                bad = problems(out)
                if bad:
                    sys.exit(f"bench: {name}: {bad}")
                kinds = sorted({m for t, c in out if t == "display_data" for m in c.get("data", {})})
                shapes[name] = kinds
                if rnd >= 0:
                    times[name].append(dt)
        return times, shapes
    finally:
        for km, kc in kernels.values():
            try:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
            except Exception:
                pass


HEAT_CELL = '''%%
g := &chart.Grid{X: make([]float64, 41), Y: make([]float64, 41)}
for i := range g.X {
	g.X[i] = -2 + 0.1*float64(i)
	g.Y[i] = g.X[i]
}
for _, y := range g.Y {
	row := make([]float64, len(g.X))
	for i, x := range g.X {
		row[i] = x*x + 3*y*y + 0.5*x*y
	}
	g.Z = append(g.Z, row)
}
c := chart.NewHeatMap("Loss surface {n}", g)
c.XLabel, c.YLabel = "w₁", "w₂"
nb.Show(c)
'''


def twenty_charts():
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "gonb", "display_name": "Go (gonb)", "language": "go"}
    nb.cells.append(nbformat.v4.new_code_cell(
        'import (\n\t"github.com/lossnb/lossnb/lossnb/chart"\n\t"github.com/lossnb/lossnb/lossnb/lesson/keyidea"\n'
        '\t"github.com/lossnb/lossnb/lossnb/nb"\n)\n'))
    for i in range(20):
        if i % 5 == 4:
            src = HEAT_CELL.replace("{n}", str(i + 1))
        else:
            src = "%%\nnb.Show(nb.Must(keyidea.RegressionLosses(keyidea.Deltas, 0.5)))\n"
        nb.cells.append(nbformat.v4.new_code_cell(src))
    client = NotebookClient(nb, timeout=300, kernel_name="gonb", resources={"metadata": {"path": ROOT}})
    t0 = time.monotonic()
    client.execute()
    elapsed = time.monotonic() - t0
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "twenty-charts.ipynb")
    nbformat.write(nb, path)
    html, png, n = [], [], 0
    for cell in nb.cells[1:]:
        for o in cell.get("outputs", []):
            if o.get("output_type") in ("error",) or (o.get("output_type") == "stream" and o.get("name") == "stderr"):
                sys.exit(f"bench: 20-chart notebook: a cell failed: {o}")
            d = o.get("data", {})
            if "text/html" in d:
                n += 1
                h = d["text/html"]
                html.append(len("".join(h) if isinstance(h, list) else h))
            if "image/png" in d:
                png.append(len(d["image/png"]))
    return path, os.path.getsize(path), n, html, png, elapsed


SLIDER_JS = r"""
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const { chromium } = require('playwright-core');
const [page_path, moves] = [process.argv[2], Number(process.argv[3] || 40)];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  await context.route('**/*', r => new URL(r.request().url()).protocol === 'file:' ? r.continue() : r.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.goto('file://' + page_path);
  await page.waitForFunction(() => document.querySelector('[data-chart] canvas'), null, { timeout: 20000 });
  await page.waitForTimeout(1500); // the first animation
  const r = await page.evaluate(async (moves) => {
    const inp = document.querySelector('input[data-slider]');
    const el = document.querySelector('[data-chart]');
    const ch = window.echarts.getInstanceByDom(el);
    const n = +inp.max + 1, sync = [], frame = [];
    for (let k = 0; k < moves; k++) {
      const v = (+inp.value + 7) % n;
      await new Promise(ok => requestAnimationFrame(() => ok())); // start right after a frame
      let t1 = null;
      const onRendered = () => { if (t1 === null) t1 = performance.now(); };
      ch.on('rendered', onRendered);
      const t0 = performance.now();
      inp.value = v;
      inp.dispatchEvent(new Event('input', { bubbles: true }));
      sync.push(performance.now() - t0);
      await new Promise(ok => { const w = () => (t1 !== null ? ok() : requestAnimationFrame(w)); requestAnimationFrame(w); });
      frame.push(t1 - t0);
      ch.off('rendered', onRendered);
      await new Promise(ok => setTimeout(ok, 250)); // let the update's animation end
    }
    const med = a => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
    return { moves, syncMedian: med(sync), frameMedian: med(frame), frameMax: Math.max(...frame) };
  }, moves);
  r.errors = errors;
  console.log(JSON.stringify(r));
} finally {
  await browser.close();
}
"""


def slider_bench(nb_path, moves=40):
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    html = None
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            h = o.get("data", {}).get("text/html")
            if h and "data-slider" in ("".join(h) if isinstance(h, list) else h):
                html = "".join(h) if isinstance(h, list) else h
                break
        if html:
            break
    if html is None:
        sys.exit("bench: no chart with a slider in the 20-chart notebook")
    lib = os.path.join(ROOT, "node_modules", "echarts", "dist", "echarts.min.js")
    page = os.path.join(OUT, "slider.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(f'<!DOCTYPE html><html><head><meta charset="utf-8"><script src="file://{lib}"></script>'
                f'</head><body>{html}</body></html>')
    with tempfile.NamedTemporaryFile("w", suffix=".mjs", dir=OUT, delete=False) as f:
        f.write(SLIDER_JS)
        js = f.name
    try:
        out = subprocess.run(["node", js, page, str(moves)], cwd=ROOT, capture_output=True, text=True, timeout=180)
    finally:
        os.unlink(js)
    if out.returncode != 0:
        sys.exit(f"bench: slider benchmark failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--skip-kernel", action="store_true")
    ap.add_argument("--skip-size", action="store_true")
    ap.add_argument("--skip-browser", action="store_true")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    os.environ["PATH"] = os.path.join(ROOT, "build", "bin") + os.pathsep + os.environ.get("PATH", "")

    if not args.skip_kernel:
        times, shapes = bench_kernels(args.runs)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"cell times, GoNB kernel, warm build cache, median of {args.runs} (interleaved):")
        for k, v in med.items():
            base = med["hello +go get"] if k.endswith("+go get") else med["hello"]
            print(f"  {k:14} {v:6.3f} s   x{v / base:4.2f} of hello{' +go get' if k.endswith('+go get') else ''}"
                  f"   outputs {','.join(shapes.get(k, [])) or '-'}")
        print(f"  goal show <= 1.5 x hello: {med['show'] / med['hello']:.2f} x "
              f"(with GoNB's go get before each build: {med['show +go get'] / med['hello +go get']:.2f} x; "
              f"show's own time {med['show'] / med['show +go get']:.2f} x of that); "
              f"goal figure <= 2 x hello: {med['figure'] / med['hello']:.2f} x")
    if not args.skip_size or not args.skip_browser:
        path = os.path.join(OUT, "twenty-charts.ipynb")
        if not args.skip_size or not os.path.exists(path):
            path, size, n, html, png, elapsed = twenty_charts()
            print(f"20-chart notebook: {size / 1e6:.3f} MB ({n} chart outputs, executed in {elapsed:.1f} s) "
                  f"{path}; goal <= 1.5 MB")
            print(f"  per output: HTML median {statistics.median(html) / 1e3:.1f} KB (max {max(html) / 1e3:.1f}), "
                  f"PNG twin (base64) median {statistics.median(png) / 1e3:.1f} KB (max {max(png) / 1e3:.1f})")
    if not args.skip_browser:
        r = slider_bench(path)
        print(f"slider move in chromium ({r['moves']} moves): input handler median {r['syncMedian']:.1f} ms, "
              f"input to first rendered frame median {r['frameMedian']:.1f} ms (max {r['frameMax']:.1f}); "
              f"goal <= 16 ms" + (f"; page errors: {r['errors']}" if r["errors"] else ""))


if __name__ == "__main__":
    main()
