// node scripts/lite_browser_test.mjs [notebooks/NN-….ipynb …]
//
// The lossnb lite site (build/lite/, make lite) in Debian's Chromium, served by
// a plain static file server on a free loopback port, every other request
// blocked (and counted: any fails the test). For each notebook (default: all):
//   - the page loads and the "Go (lossnb lite)" kernel gets ready (timed);
//   - all cells run with no error and no stderr output;
//   - every chart draws (its canvas has ink);
//   - hovering the first chart shows a tooltip whose number is one of the
//     chart's values as Go computed them (the JSON in the output);
//   - the first slider moves: its readout and the picture change;
//   - an exercise's check scores the release's stub 0, and full marks once its
//     answer cell holds the instructor's solution (coursework/source/);
//   - completion offers lossnb's names; in the first notebook, interrupting an
//     endless cell stops it and the next cell runs.
// Screenshots go to build/screenshots/lite-NN-*.png. Times are printed, not asserted.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, root, shots, canvasStats, inkOf, hashOf } from './browser_common.mjs';

const SITE = path.join(root, 'build', 'lite');
const RUN_LIMIT_MS = 20 * 60 * 1000; // notebook 05 trains GANs for minutes in WebAssembly
const log = (...a) => console.log('lite-browser:', ...a);

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.css': 'text/css', '.wasm': 'application/wasm', '.gz': 'application/gzip', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ipynb': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json', '.txt': 'text/plain',
};

// serve starts a static file server for dir, as any web host would be: files
// only, no API. JupyterLite asks for a few optional files that do not exist
// (translations, …): those get a 404, as from any host.
const served = { bytes: 0 };
function serve(dir) {
  const srv = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let f = path.join(dir, p);
    if (fs.existsSync(f) && fs.statSync(f).isDirectory()) f = path.join(f, 'index.html');
    if (!f.startsWith(dir) || !fs.existsSync(f)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(f)] || 'application/octet-stream' });
    served.bytes += fs.statSync(f).size;
    fs.createReadStream(f).pipe(res);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

const src = (c) => (Array.isArray(c.source) ? c.source.join('') : c.source);

// numbersOf returns every number of a chart's data, rounded as its tooltips
// show them (4 significant digits, see loaderJS in lossnb/chart/render.go).
function numbersOf(spec) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === 'number' && isFinite(v)) out.add(parseFloat(v.toPrecision(4)));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const c of spec.charts) {
    for (const s of c.option.series || []) walk(s.data ?? s.rows);
    if (c.frames) walk(c.frames);
  }
  return out;
}

async function waitIdle(page, limit) {
  await page.waitForFunction(() => {
    const nb = window.jupyterapp.shell.currentWidget;
    const k = nb && nb.sessionContext.session && nb.sessionContext.session.kernel;
    if (!k || k.status !== 'idle') return false;
    return nb.content.widgets.filter((c) => c.model.type === 'code')
      .every((c) => !c.node.querySelector('.jp-InputPrompt')?.textContent.includes('*'));
  }, null, { timeout: limit, polling: 250 });
}

// checkInterrupt runs a cell that never ends, interrupts the kernel, and
// checks that the cell stopped and the next cell runs (in a new runtime).
async function checkInterrupt(page, name, fail) {
  const r = await page.evaluate(async () => {
    const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const f1 = k.requestExecute({ code: '%%\nfor {\n}' });
    await new Promise((ok) => setTimeout(ok, 1500));
    await k.interrupt();
    let first;
    try { first = (await f1.done).content; } catch (e) { first = { status: 'rejected', ename: String(e) }; }
    const f2 = k.requestExecute({ code: '%%\nfmt.Println("alive")' });
    let text = '';
    f2.onIOPub = (m) => { if (m.header.msg_type === 'stream') text += m.content.text; };
    const second = (await f2.done).content;
    return { first: first.status + ' ' + (first.ename || ''), second: second.status, text };
  });
  if (r.first !== 'error Interrupted' || r.second !== 'ok' || r.text !== 'alive\n') fail(`interrupt: ${JSON.stringify(r)}`);
  else log(`${name}: an endless cell was interrupted, the next cell ran`);
}

async function runNotebook(page, base, file, fail, isFirst) {
  const name = path.basename(file);
  const stem = 'lite-' + name.replace(/\.ipynb$/, '');
  const t0 = Date.now();
  served.bytes = 0;
  await page.goto(`${base}/lab/index.html?path=${encodeURIComponent(name)}`);
  await page.waitForFunction(() => {
    const k = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;
    return k && k.status === 'idle';
  }, null, { timeout: 120000, polling: 100 });
  const readyMs = Date.now() - t0;
  const loadMB = served.bytes / 1e6;
  const kernel = await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name);
  if (kernel !== 'gonb') fail(`kernel ${kernel}, want the lossnb lite kernel (gonb)`);

  const t1 = Date.now();
  await page.evaluate(() => window.jupyterapp.commands.execute('notebook:run-all-cells'));
  await page.waitForTimeout(500);
  await waitIdle(page, RUN_LIMIT_MS);
  const runMs = Date.now() - t1;
  log(`${name}: kernel ready ${(readyMs / 1000).toFixed(1)} s after the page was opened (${loadMB.toFixed(1)} MB served, uncompressed); all cells ran in ${(runMs / 1000).toFixed(1)} s`);

  // Completion of lossnb's names (Tab), through the kernel protocol.
  const comp = await page.evaluate(async () => {
    const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const r = await k.requestComplete({ code: 'x := keyidea.KeyI', cursor_pos: 17 });
    return r.content;
  });
  if (!comp.matches.includes('KeyIdea') || comp.cursor_start !== 13) fail(`completing keyidea.KeyI gave ${JSON.stringify(comp)}`);

  const bad = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]').allInnerTexts();
  for (const e of bad) fail(`a cell shows an error: ${e.slice(0, 300)}`);

  // Every chart draws.
  const charts = page.locator('.lossnb [data-chart]');
  const n = await charts.count();
  if (n === 0) fail('no chart');
  let drawn = 0;
  for (let i = 0; i < n; i++) {
    const c = charts.nth(i);
    if (!(await c.isVisible())) continue; // a toggle's hidden view
    await c.scrollIntoViewIfNeeded();
    const st = await canvasStats(c);
    if (st.length === 0 || inkOf(st) < 500) fail(`chart ${i + 1} did not draw: ${(await c.innerText()).slice(0, 200)}`);
    else drawn++;
  }
  log(`${name}: ${drawn} of ${n} charts drawn (the others are in hidden toggle views)`);

  // The first chart's tooltip reads one of Go's numbers.
  const first = page.locator('.lossnb').first();
  const spec = JSON.parse(await first.locator('script[type="application/json"]').textContent());
  const values = numbersOf(spec);
  const chart = first.locator('[data-chart]').first();
  await chart.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const box = await chart.locator('canvas').first().boundingBox();
  let tip = '', matched = null;
  for (const fx of [0.5, 0.35, 0.65, 0.25, 0.75, 0.45, 0.55]) {
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * 0.5, { steps: 4 });
    await page.waitForTimeout(250);
    tip = await chart.evaluate((el) => {
      for (const d of el.querySelectorAll('div')) {
        const st = getComputedStyle(d);
        if (st.position === 'absolute' && st.display !== 'none' && st.visibility !== 'hidden' &&
            st.opacity !== '0' && !d.querySelector('canvas') && d.textContent.trim()) return d.textContent.trim();
      }
      return '';
    });
    // The values after a colon ("MSE  r²: 0.0625"): the y values, not the x.
    const nums = [...tip.replace(/−/g, '-').matchAll(/:\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)/g)].map((m) => Number(m[1]));
    matched = nums.find((x) => values.has(x) || values.has(parseFloat(x.toPrecision(4))));
    if (matched !== undefined) break;
  }
  if (matched === undefined) fail(`the first chart's tooltip ${JSON.stringify(tip.slice(0, 120))} shows none of the chart's values`);
  else log(`${name}: tooltip ${JSON.stringify(tip.slice(0, 80))} reads Go's ${matched}`);
  await chart.screenshot({ path: path.join(shots, `${stem}-chart1-hover.png`) });
  await page.mouse.move(0, 0);

  // The first visible slider moves its readout and its charts.
  const sliders = page.locator('.lossnb input[type=range][data-slider]');
  for (let i = 0; i < await sliders.count(); i++) {
    const s = sliders.nth(i);
    if (!(await s.isVisible())) continue;
    const out = s.locator('xpath=ancestor::div[@class="lossnb"][1]');
    const readout = out.locator(`output[data-readout="${await s.getAttribute('data-slider')}"]`);
    await s.scrollIntoViewIfNeeded();
    const before = [await readout.textContent(), hashOf(await canvasStats(out))];
    const max = +(await s.getAttribute('max'));
    const v = +(await s.inputValue());
    await s.fill(String(v === max ? 0 : max));
    await page.waitForTimeout(600);
    const after = [await readout.textContent(), hashOf(await canvasStats(out))];
    if (after[0] === before[0]) fail(`slider ${i + 1}: the readout stayed ${before[0]}`);
    if (after[1] === before[1]) fail(`slider ${i + 1}: the charts did not change`);
    else log(`${name}: slider ${i + 1} moved: ${before[0]} → ${after[0]}`);
    await out.screenshot({ path: path.join(shots, `${stem}-slider.png`) });
    break;
  }

  // An exercise: the stub scores 0, the instructor's solution full marks.
  const source = path.join(root, 'coursework', 'source', name);
  if (fs.existsSync(source)) {
    // The first graded exercise (grade ids ex1-…), not a predict-then-run cell
    // (predict-…), whose check is a practice item that needs the run above it.
    const solCells = JSON.parse(fs.readFileSync(source)).cells.filter((c) => c.metadata?.nbgrader?.solution && c.cell_type === 'code');
    const solCell = solCells.find((c) => /^ex\d/.test(c.metadata.nbgrader.grade_id)) || solCells[0];
    const id = solCell.metadata.nbgrader.grade_id;
    const solution = src(solCell).replace(/^\s*\/\/ ### (BEGIN|END) SOLUTION\n/gm, '');
    const score = async (idx) => page.evaluate((idx) => {
      // From the model: JupyterLab does not render cells scrolled out of view.
      const c = window.jupyterapp.shell.currentWidget.content.widgets[idx];
      return c.model.outputs.toJSON().map((o) => [].concat(o.text || '').join('')).join('');
    }, idx);
    const idx = await page.evaluate((id) => window.jupyterapp.shell.currentWidget.content.widgets
      .findIndex((c) => (c.model.getMetadata('nbgrader') || {}).grade_id === id), id);
    const checkIdx = await page.evaluate((idx) => window.jupyterapp.shell.currentWidget.content.widgets
      .findIndex((c, j) => j > idx && (c.model.getMetadata('nbgrader') || {}).grade), idx);
    if (idx < 0 || checkIdx < 0) fail(`exercise ${id}: cells not found`);
    else {
      const stub = await score(checkIdx);
      if (!/Score: 0\/\d+/.test(stub)) fail(`exercise ${id}: the stub's check says ${JSON.stringify(stub.slice(0, 200))}, want Score: 0/…`);
      await page.evaluate(({ idx, checkIdx, solution }) => {
        const nb = window.jupyterapp.shell.currentWidget;
        nb.content.widgets[idx].model.sharedModel.setSource(solution);
        nb.content.activeCellIndex = idx;
        return window.jupyterapp.commands.execute('notebook:run-cell').then(() => {
          nb.content.activeCellIndex = checkIdx;
          return window.jupyterapp.commands.execute('notebook:run-cell');
        });
      }, { idx, checkIdx, solution });
      await page.waitForTimeout(300);
      await waitIdle(page, 60000);
      const full = await score(checkIdx);
      const m = full.match(/Score: (\d+)\/(\d+)/);
      if (!m || m[1] !== m[2]) fail(`exercise ${id}: the solution's check says ${JSON.stringify(full.slice(0, 300))}, want full marks`);
      else log(`${name}: exercise ${id}: stub ${stub.match(/Score: \d+\/\d+/)[0]}, solution ${m[0]}`);
      const cell = page.locator('.jp-Notebook .jp-Cell').nth(checkIdx);
      await cell.scrollIntoViewIfNeeded();
      await cell.screenshot({ path: path.join(shots, `${stem}-exercise.png`) });
    }
  }
  if (isFirst) await checkInterrupt(page, name, fail);
  return { readyMs, runMs };
}

const args = process.argv.slice(2);
const files = args.length ? args : fs.readdirSync(path.join(root, 'notebooks'))
  .filter((f) => /^0[1-7]-.*\.ipynb$/.test(f)).sort().map((f) => path.join('notebooks', f));
if (!fs.existsSync(path.join(SITE, 'lossnb-lite', 'lossnb-lite.wasm.gz'))) {
  console.error('lite-browser: build/lite is missing or incomplete: run make lite');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const srv = await serve(SITE);
const base = `http://127.0.0.1:${srv.address().port}`;
const browser = await launchBrowser();
const failures = [];
const outside = [];
try {
  for (const file of files) {
    const name = path.basename(file);
    // A new context per notebook: nothing cached, and JupyterLite's browser
    // storage (the notebook edited by the exercise check) starts empty.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.route('**/*', (r) => {
      const u = r.request().url();
      if (u.startsWith(base + '/') || u.startsWith('data:') || u.startsWith('blob:')) return r.continue();
      outside.push(u);
      return r.abort();
    });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => failures.push(`${name}: page error: ${e.message}`));
    try {
      await runNotebook(page, base, file, (m) => failures.push(`${name}: ${m}`), file === files[0]);
    } catch (e) {
      failures.push(`${name}: ${e.message.split('\n')[0]}`);
      await page.screenshot({ path: path.join(shots, `lite-${name.replace(/\.ipynb$/, '')}-failure.png`) }).catch(() => {});
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  srv.close();
}
for (const u of new Set(outside)) failures.push(`a request left the site: ${u}`);
if (failures.length) {
  console.error(`lite-browser: ${failures.length} problem(s):\n  ` + failures.join('\n  '));
  process.exit(1);
}
log(`${files.length} notebook(s) passed`);
