#!/usr/bin/env node
// Browser checks beyond scripts/browser_test.mjs (which drives JupyterLab).
//
// Usage: node scripts/browser_extra_test.mjs [--only notebook7,classic,export,fresh]
//        node --test --test-reporter=spec scripts/browser_extra_test.mjs   (make browser-extra)
//        LOSSNB_BROWSER_EXTRA=export node --test scripts/browser_extra_test.mjs
//
// Each part is a test of Node's built-in runner (node:test) and each check in it a named
// subtest; the runner prints the standard summary (tests, pass, fail).
//
// Each part starts what it needs on free loopback ports with a random token, drives
// Debian's chromium through playwright-core (never a downloaded browser), blocks every
// request that is not to 127.0.0.1, file: or data:, and stops its servers at the end,
// on failure too. Screenshots go to build/screenshots/extra-*.png.
//
//   notebook7  Notebook 7 (.venv/bin/jupyter notebook) on a copy of notebooks/01-key-idea.ipynb
//              with one cell added that shows two outputs, three charts. Runs all cells and
//              checks: no error output; every chart draws; the 01 chart's tooltip shows the
//              values package loss computes (see tooltip below); re-running the chart cell and
//              the two-chart cell leaves one output per nb.Show, with distinct ids, all drawn,
//              each slider moving only its own output; echarts.min.js requested at most once.
//   classic    The same notebook in the classic Notebook (nbclassic, RequireJS on the page, so
//              the chart loader takes its require() branch), from a throwaway venv at
//              build/venv-classic (installed by `make browser-extra` from requirements-classic.txt;
//              missing, it is a failure, not a skip).
//   export     `build/bin/lossnb export -out build/site notebooks/01-key-idea.ipynb`, then
//              build/site/01-key-idea.html opened from file:// with the network blocked: every
//              chart draws, the slider moves its chart, the tooltip check below, the library is
//              loaded once, no request leaves file:, and axe-core finds no serious or critical
//              violation on the page (data tables open).
//   fresh      what a student sees on opening a notebook: `build/bin/lossnb seed` (as make lab)
//              into an empty folder, JupyterLab from .venv on it, 01-key-idea.ipynb opened and
//              left alone: the kernel status turns known (Idle), not "Unknown", before any
//              cell runs, and 3 s later the notebook is unchanged (no unsaved-changes dot).
//              Screenshot extra-fresh-open.png.
//   tooltip    (inside notebook7 and export) hovers the 01 chart at residuals −2.5, −0.35, 0.05,
//              1.5 and 2.95 for two values of δ and compares the MSE, MAE and Huber numbers the
//              tooltip shows with those of lossnb/nb/testdata/expect, a Go program that calls
//              package loss directly: a wrong number anywhere between loss and the tooltip
//              (lesson, chart encoding, frames, formatting) fails.
//

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  root, shots, launchBrowser, startJupyter, stopJupyter, canvasStats, inkOf, hashOf, check, axeViolations,
} from './browser_common.mjs';

const work = path.join(root, 'build', 'browser-extra', `run-${process.pid}`); // one per run: runs may overlap
const NB = '01-key-idea.ipynb';
const RUN_LIMIT_MS = Number(process.env.NB_BROWSER_TIMEOUT_MS || 240000);

// The cell added to the notebook copy: two nb.Show calls, the second with two charts.
const TWO_CHARTS = `%%
c1 := nb.Must(keyidea.RegressionLosses(keyidea.Deltas, 0.5))
c2 := nb.Must(keyidea.RegressionGradients(0.5))
nb.Show(c1)
nb.Show(c1, c2)
`;

function log(...a) { console.log('browser-extra:', ...a); }

async function startServer(kind, dir) {
  const env = { ...process.env, PATH: `${path.join(root, 'build', 'bin')}:${process.env.PATH}` };
  if (kind === 'notebook7') {
    return startJupyter({
      cmd: path.join(root, '.venv', 'bin', 'jupyter'), app: 'notebook', dir, env,
      logPath: path.join(work, `${kind}.log`),
      args: ['--JupyterNotebookApp.expose_app_in_browser=True',
        ...(process.env.LOSSNB_NB7_SETTINGS ? [`--JupyterNotebookApp.app_settings_dir=${process.env.LOSSNB_NB7_SETTINGS}`] : [])],
    });
  }
  // The classic venv has no kernelspec nor server config of its own: use the project's.
  env.JUPYTER_PATH = path.join(root, '.venv', 'share', 'jupyter');
  return startJupyter({
    cmd: path.join(root, 'build', 'venv-classic', 'bin', 'jupyter'), app: 'nbclassic', dir, env,
    logPath: path.join(work, `${kind}.log`),
    args: [`--ServerApp.extra_static_paths=${JSON.stringify([path.join(root, 'build', 'static')])}`],
  });
}


// newPage returns a page whose requests outside the allowed schemes and hosts fail the
// check, and that counts the requests for echarts.min.js.
async function newPage(browser, fail, { allowLoopback, phase = () => '' }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const stats = { echarts: 0, requests: [] };
  await context.route('**/*', route => {
    const u = new URL(route.request().url());
    if ((allowLoopback && u.hostname === '127.0.0.1') || ['file:', 'data:', 'blob:'].includes(u.protocol)) return route.continue();
    fail(`request to the network: ${u.href}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', r => {
    stats.requests.push(r.url());
    if (/echarts\.min\.js(\?|$)/.test(r.url())) stats.echarts++;
  });
  page.on('websocket', ws => { if (!allowLoopback || !ws.url().includes('127.0.0.1')) fail(`websocket to ${ws.url()}`); });
  page.on('pageerror', e => {
    const stack = (e.stack || e.message).split('\n');
    const where = (stack.find(l => /^\s+at /.test(l)) || '');
    // An error thrown inside the front end's own bundles (not in an output's script) is the
    // front end's bug, e.g. Notebook 7.6's shortcut extension on a late plugin: noted, not failed.
    if (/\/static\/(notebook|lab|nbclassic|components|base|notebook\/js)\//.test(where) && !/lossnb/.test(e.stack || '')) {
      log(`note: front-end error (${phase()}), not from a chart: ${stack.slice(0, 2).join(' | ').slice(0, 300)}`);
      return;
    }
    fail(`page error (${phase()}): ${stack.slice(0, 4).join(' | ')}`);
  });
  page.on('dialog', d => { fail(`a dialog opened: ${d.message()}`); d.dismiss().catch(() => {}); });
  return { context, page, stats };
}

// checkCharts asserts that every chart under scope draws.
async function checkCharts(page, fail, label) {
  const charts = page.locator('.lossnb [data-chart]');
  const n = await charts.count();
  for (let i = 0; i < n; i++) {
    const ch = charts.nth(i);
    if (!(await ch.isVisible())) continue; // a toggle's hidden view
    await ch.scrollIntoViewIfNeeded();
    const s = await canvasStats(ch);
    if (s.length === 0) fail(`${label}: chart ${i + 1} has no canvas: ${(await ch.innerText()).slice(0, 200)}`);
    else if (inkOf(s) < 500) fail(`${label}: chart ${i + 1} is blank (${inkOf(s)} drawn pixels)`);
  }
  return n;
}

// moveSlider clicks along the track of the slider in output `out` (a locator of a div.lossnb)
// and returns what changed.
async function moveSlider(page, out) {
  const s = out.locator('input[type=range][data-slider]').first();
  await s.scrollIntoViewIfNeeded();
  const readout = out.locator(`output[data-readout="${await s.getAttribute('data-slider')}"]`);
  const before = { text: await readout.innerText(), pic: hashOf(await canvasStats(out)) };
  const box = await s.boundingBox();
  let after = before;
  for (const fx of [0.85, 0.15]) {
    await page.mouse.click(box.x + box.width * fx, box.y + box.height / 2);
    await page.waitForTimeout(600);
    after = { text: await readout.innerText(), pic: hashOf(await canvasStats(out)) };
    if (after.text !== before.text) break;
  }
  return { before, after };
}

const RESIDUALS = [-2.5, -0.35, 0.05, 1.5, 2.95];

// readTooltips hovers the 01 chart (the first chart of output `out`) at RESIDUALS for the
// slider's initial value and for index 20 (δ = 2.1), and returns what the tooltip showed.
async function readTooltips(page, out) {
  const chart = out.locator('[data-chart]').first();
  const slider = out.locator('input[type=range][data-slider]').first();
  const readout = out.locator('output[data-readout]').first();
  const seen = [];
  for (const k of [null, 20]) {
    if (k !== null) {
      await slider.evaluate((el, k) => { el.value = String(k); el.dispatchEvent(new Event('input', { bubbles: true })); }, k);
      await page.waitForTimeout(500);
    }
    // On screen first: Notebook 7 renders cells lazily, and an off-screen readout has no
    // innerText; textContent does not depend on rendering at all.
    await chart.scrollIntoViewIfNeeded();
    const delta = (await readout.textContent()).replace(/^.*=\s*/, '');
    for (const r of RESIDUALS) {
      const pt = await chart.evaluate((el, r) => {
        const ec = window.echarts.getInstanceByDom(el);
        return ec.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [r, 1]);
      }, r);
      const box = await chart.boundingBox();
      await page.mouse.move(box.x + pt[0], box.y + pt[1] - 40, { steps: 3 });
      await page.mouse.move(box.x + pt[0], box.y + pt[1], { steps: 2 });
      await page.waitForTimeout(350);
      const text = await chart.evaluate(el => {
        for (const d of el.querySelectorAll('div')) {
          const st = getComputedStyle(d);
          if (st.position === 'absolute' && st.display !== 'none' && st.visibility !== 'hidden' &&
              st.opacity !== '0' && !d.querySelector('canvas') && d.innerText.trim()) return d.innerText.trim();
        }
        return '';
      });
      seen.push({ delta, aimed: r, text });
    }
    await page.mouse.move(0, 0);
  }
  return seen;
}

// checkTooltips compares what readTooltips saw with lossnb/nb/testdata/expect.
function checkTooltips(seen, fail, label) {
  if (process.env.LOSSNB_DEBUG) log(JSON.stringify(seen.slice(0, 3)));
  const parsed = [];
  for (const s of seen) {
    const lines = s.text.split('\n').map(l => l.trim()).filter(Boolean);
    const head = lines[0] && lines[0].match(/=\s*(-?[0-9.e+-]+)$/);
    const vals = {};
    for (const l of lines.slice(1)) {
      const m = l.match(/^(MSE|MAE|Huber)\b.*:\s*(-?[0-9.e+-]+)$/);
      if (m) vals[m[1]] = m[2];
    }
    if (!head || !vals.MSE || !vals.MAE || !vals.Huber) {
      fail(`${label}: tooltip at r ≈ ${s.aimed}, δ = ${s.delta} is not "r = …" with MSE, MAE and Huber: ${JSON.stringify(s.text)}`);
      continue;
    }
    if (Math.abs(Number(head[1]) - s.aimed) > 0.026) fail(`${label}: hovering r = ${s.aimed} showed r = ${head[1]}`);
    parsed.push({ delta: s.delta, r: head[1], vals });
  }
  if (parsed.length === 0) return;
  const args = parsed.map(p => `${p.delta}:${p.r}`);
  const go = spawnSync('go', ['run', './lossnb/nb/testdata/expect', ...args], { cwd: root, encoding: 'utf8' });
  if (go.status !== 0) { fail(`${label}: the Go oracle failed: ${go.stderr}`); return; }
  const want = JSON.parse(go.stdout);
  let ok = 0;
  parsed.forEach((p, i) => {
    const w = want[i];
    for (const [name, key] of [['MSE', 'mse'], ['MAE', 'mae'], ['Huber', 'huber']]) {
      // w.shown: the text chart.FormatNumber gives, the page's own number format.
      if (p.vals[name] !== w.shown[key]) fail(`${label}: δ = ${p.delta}, r = ${p.r}: the tooltip shows ${name} ${p.vals[name]}, Go computes ${w[key]} (shown as ${w.shown[key]})`);
      else ok++;
    }
  });
  log(`${label}: ${ok} tooltip numbers equal Go's (${parsed.map(p => `δ=${p.delta} r=${p.r} Huber=${p.vals.Huber}`).slice(0, 3).join('; ')}; …)`);
}

// --- Notebook 7 and classic ---------------------------------------------------------------

function prepareNotebook(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const nb = JSON.parse(fs.readFileSync(path.join(root, 'notebooks', NB), 'utf8'));
  nb.cells.push({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: TWO_CHARTS.split(/(?<=\n)/) });
  fs.writeFileSync(path.join(dir, NB), JSON.stringify(nb, null, 1));
  fs.cpSync(path.join(root, 'notebooks', 'images'), path.join(dir, 'images'), { recursive: true });
}

// Front-end specific steps: open, run all, wait, run one cell again.
const FRONT = {
  notebook7: {
    url: srv => `${srv.base}/notebooks/${NB}?token=${srv.token}`,
    async ready(page) {
      await page.waitForFunction(() => {
        const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
        return k && k.connectionStatus === 'connected';
      }, null, { timeout: 90000 });
    },
    runAll: page => page.evaluate(() => window.jupyterapp.commands.execute('notebook:run-all-cells')),
    async runCell(page, i) {
      await page.evaluate(i => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        nb.activeCellIndex = i;
        return window.jupyterapp.commands.execute('notebook:run-cell');
      }, i);
    },
    done: page => page.waitForFunction(() => {
      const w = window.jupyterapp.shell.currentWidget;
      if (w.sessionContext.session.kernel.status === 'busy') return false;
      return w.content.widgets.filter(c => c.model.type === 'code')
        .every(c => c.model.executionCount !== null && !c.node.querySelector('.jp-InputPrompt')?.textContent.includes('*'));
    }, null, { timeout: RUN_LIMIT_MS, polling: 250 }),
    counts: page => page.evaluate(() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => c.model.executionCount)),
    // Cells are found through the app's model (windowing may leave some out of the DOM).
    async cellOutputs(page, i) {
      await page.evaluate(i => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        nb.scrollToItem ? nb.scrollToItem(i) : null;
        nb.widgets[i].node.setAttribute('data-lossnb-cell', String(i));
      }, i);
      return page.locator(`[data-lossnb-cell="${i}"] .lossnb`);
    },
    errorText: page => page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').allInnerTexts(),
    sources: page => page.evaluate(() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => c.model.sharedModel.getSource())),
  },
  classic: {
    url: srv => `${srv.base}/notebooks/${NB}?token=${srv.token}`,
    async ready(page) {
      await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel &&
        Jupyter.notebook.kernel.is_connected && Jupyter.notebook.kernel.is_connected(), null, { timeout: 90000 });
    },
    runAll: page => page.evaluate(() => Jupyter.notebook.execute_all_cells()),
    runCell: (page, i) => page.evaluate(i => Jupyter.notebook.get_cell(i).execute(), i),
    done: page => page.waitForFunction(() => {
      const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
      return cells.every(c => typeof c.input_prompt_number === 'number') &&
        document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
    }, null, { timeout: RUN_LIMIT_MS, polling: 250 }),
    counts: page => page.evaluate(() => Jupyter.notebook.get_cells().map(c => c.input_prompt_number === undefined ? null : c.input_prompt_number)),
    async cellOutputs(page, i) {
      await page.evaluate(i => Jupyter.notebook.get_cell(i).element[0].setAttribute('data-lossnb-cell', String(i)), i);
      return page.locator(`[data-lossnb-cell="${i}"] .lossnb`);
    },
    errorText: page => page.locator('.output_stderr, .output_error').allInnerTexts(),
    sources: page => page.evaluate(() => Jupyter.notebook.get_cells().map(c => c.get_text())),
  },
};

async function notebookPart(kind, browser, t) {
  const f = FRONT[kind];
  const dir = path.join(work, kind);
  prepareNotebook(dir);
  // Requests to the network, dialogs and page errors can come at any time: collected
  // here, checked last.
  const background = [];
  let srv, ctx;
  try {
    srv = await startServer(kind, dir);
    log(`${kind}: server at ${srv.base}`);
    let phase = 'opening the notebook';
    const { context, page, stats } = await newPage(browser, m => background.push(m), { allowLoopback: true, phase: () => phase });
    ctx = context;
    let n = 0, sources, chartCell, twoCell, two;
    const ran = await check(t, 'all cells run, with no error output, and every chart draws', async fail => {
      await page.goto(f.url(srv));
      await f.ready(page);
      if (kind === 'classic') {
        const amd = await page.evaluate(() => typeof window.define === 'function' && !!window.define.amd && typeof window.require === 'function');
        if (!amd) fail(`${kind}: no RequireJS on the page: the loader's require() branch is not exercised`);
        else log(`${kind}: RequireJS is on the page`);
      }
      phase = 'running all cells';
      const t0 = Date.now();
      await f.runAll(page);
      await f.done(page);
      log(`${kind}: all cells ran in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await page.waitForTimeout(800);
      phase = 'checking the charts';
      for (const e of await f.errorText(page)) fail(`${kind}: a cell shows error text: ${e.slice(0, 300)}`);
      n = await checkCharts(page, fail, kind);
      await page.screenshot({ path: path.join(shots, `extra-${kind}-page.png`), fullPage: true });
    });
    if (!ran) return;
    await check(t, 'a cell with two nb.Show calls shows two outputs, three charts', async fail => {
      sources = await f.sources(page);
      chartCell = sources.findIndex(s => /\bnb\.Show\(/.test(s)); // notebook 01's first chart
      twoCell = sources.findIndex(s => s.includes('nb.Show(c1, c2)')); // the added cell
      two = await f.cellOutputs(page, twoCell);
      const twoCharts = await two.locator('[data-chart]').count();
      if (await two.count() !== 2 || twoCharts !== 3) fail(`${kind}: the added cell shows ${await two.count()} outputs with ${twoCharts} charts, want 2 with 3`);
      log(`${kind}: ${n} charts on the page; the added cell shows 2 outputs, ${twoCharts} charts`);
    });

    // The tooltip of notebook 01's chart shows the numbers Go computes.
    await check(t, 'the tooltip shows the numbers package loss computes', async fail => {
      phase = 'hovering';
      const first = (await f.cellOutputs(page, chartCell)).first();
      checkTooltips(await readTooltips(page, first), fail, `${kind} tooltip`);
    });

    // Re-run notebook 01's chart cell and the two-chart cell: as many outputs as before,
    // new distinct ids, all drawn.
    await check(t, 're-running two cells leaves one output per nb.Show, with new ids, all drawn', async fail => {
      phase = 're-running two cells';
      const idsOf = async i => (await f.cellOutputs(page, i)).evaluateAll(els => els.map(e => e.id));
      const before = { one: await idsOf(chartCell), two: await idsOf(twoCell), all: await page.locator('.lossnb').count() };
      const countsBefore = await f.counts(page);
      for (const i of [chartCell, twoCell]) await f.runCell(page, i);
      const end = Date.now() + 120000;
      for (;;) {
        const c = await f.counts(page);
        if (c[chartCell] !== countsBefore[chartCell] && c[twoCell] !== countsBefore[twoCell] && c[chartCell] !== null && c[twoCell] !== null) break;
        if (Date.now() > end) { fail(`${kind}: re-running cells ${chartCell + 1} and ${twoCell + 1} did not finish`); break; }
        await page.waitForTimeout(250);
      }
      await f.done(page);
      await page.waitForTimeout(800);
      phase = 'checking after the re-run';
      const after = { one: await idsOf(chartCell), two: await idsOf(twoCell), all: await page.locator('.lossnb').count() };
      const ids = await page.locator('.lossnb').evaluateAll(els => els.map(e => e.id));
      if (new Set(ids).size !== ids.length) fail(`${kind}: duplicate chart ids after re-running: ${ids.join(' ')}`);
      if (after.all !== before.all || after.one.length !== before.one.length || after.two.length !== 2)
        fail(`${kind}: outputs before/after re-running: page ${before.all}/${after.all}, chart cell ${before.one.length}/${after.one.length}, two-chart cell ${before.two.length}/${after.two.length}`);
      if ([...after.one, ...after.two].some(id => [...before.one, ...before.two].includes(id))) fail(`${kind}: a re-run output kept its old id`);
      const m = await checkCharts(page, fail, `${kind} after re-run`);
      if (m !== n) fail(`${kind}: ${m} charts after re-running, ${n} before`);
      log(`${kind}: ${ids.length} outputs with distinct ids after re-running`);
    });

    // Each output's slider moves its own charts only.
    await check(t, "each output's slider moves its own charts only", async fail => {
      phase = 'moving sliders';
      two = await f.cellOutputs(page, twoCell);
      const otherBefore = hashOf(await canvasStats(two.nth(1)));
      const mv = await moveSlider(page, two.nth(0));
      if (mv.after.text === mv.before.text || mv.after.pic === mv.before.pic) fail(`${kind}: the first output's slider did not move its chart (${mv.before.text} -> ${mv.after.text})`);
      if (hashOf(await canvasStats(two.nth(1))) !== otherBefore) fail(`${kind}: moving one output's slider changed another output`);
      const mv2 = await moveSlider(page, two.nth(1));
      if (mv2.after.text === mv2.before.text || mv2.after.pic === mv2.before.pic) fail(`${kind}: the second output's slider did not move its charts`);
      await page.screenshot({ path: path.join(shots, `extra-${kind}-rerun.png`), fullPage: true });
      await two.nth(1).screenshot({ path: path.join(shots, `extra-${kind}-two-charts.png`) }).catch(() => {});
    });
    await check(t, 'echarts.min.js is requested at most once', fail => {
      if (stats.echarts > 1) fail(`${kind}: echarts.min.js was requested ${stats.echarts} times, want at most 1`);
      log(`${kind}: echarts.min.js requested ${stats.echarts} time(s)`);
    });
    phase = 'shutting the kernel down';
    await page.evaluate(kind === 'notebook7'
      ? () => window.jupyterapp.commands.execute('kernelmenu:shutdown')
      : () => Jupyter.notebook.kernel.kill()).catch(() => {});
  } finally {
    if (ctx) await ctx.close().catch(() => {});
    await stopJupyter(srv);
    await check(t, 'no request to the network, no dialog, no page error from a chart', fail => background.forEach(fail));
  }
}

// ensureClassic returns null when build/venv-classic has nbclassic, else the reason it
// could not be installed.
function ensureClassic() {
  // `make browser-extra` installs it from requirements-classic.txt (build/stamps/classic).
  const jupyter = path.join(root, 'build', 'venv-classic', 'bin', 'jupyter-nbclassic');
  return fs.existsSync(jupyter) ? null : `${jupyter} is missing: run make browser-extra (it installs requirements-classic.txt)`;
}

// --- exported site ------------------------------------------------------------------------

async function exportPart(browser, t) {
  const site = path.join(root, 'build', 'site');
  const exported = await check(t, 'lossnb export writes the site', fail => {
    const t0 = Date.now();
    const r = spawnSync(path.join(root, 'build', 'bin', 'lossnb'), ['export', '-out', site, path.join(root, 'notebooks', NB)],
      { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: `${path.join(root, 'build', 'bin')}:${process.env.PATH}` } });
    if (r.status !== 0) fail(`export: lossnb export failed:\n${(r.stdout + r.stderr).slice(-2000)}`);
    else log(`export: site written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });
  if (!exported) return;
  const background = [];
  const { context, page, stats } = await newPage(browser, m => background.push(m), { allowLoopback: false });
  try {
    const out = page.locator('.lossnb').first();
    const drawn = await check(t, 'every chart of the page opened from disk draws', async fail => {
      const file = path.join(site, NB.replace(/\.ipynb$/, '.html'));
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => document.querySelectorAll('.lossnb [data-chart] canvas').length > 0, null, { timeout: 30000 })
        .catch(() => fail('export: no chart canvas appeared'));
      await page.waitForTimeout(1200);
      const n = await checkCharts(page, fail, 'export');
      if (n < 1) fail('export: the page has no chart');
      log(`export: ${n} chart(s) drawn`);
    });
    if (!drawn) return;
    await check(t, 'the slider moves its chart', async fail => {
      const mv = await moveSlider(page, out);
      if (mv.after.text === mv.before.text) fail(`export: the slider's readout did not change (${mv.before.text})`);
      if (mv.after.pic === mv.before.pic) fail('export: moving the slider did not change the chart');
      log(`export: slider ${mv.before.text} -> ${mv.after.text}`);
      await out.screenshot({ path: path.join(shots, 'extra-export-slider.png') });
    });
    await check(t, 'the tooltip shows the numbers package loss computes', async fail => {
      checkTooltips(await readTooltips(page, out), fail, 'export tooltip');
      await page.screenshot({ path: path.join(shots, 'extra-export-page.png'), fullPage: true });
    });
    // The exported pages are ours from top to bottom (lossnb export's template and
    // index): axe-core checks all of them, data tables open.
    await check(t, 'axe-core finds no serious or critical violation in the exported pages', async fail => {
      const r = await axeViolations(page);
      for (const v of r.serious) fail(`export axe: ${v}`);
      log(`export: axe-core on ${NB}: ${r.serious.length} serious or critical, ${r.minor.length} moderate or minor${r.minor.length ? ` (${r.minor.join('; ')})` : ''}`);
      await page.screenshot({ path: path.join(shots, 'extra-export-tables.png'), fullPage: true });
      const ip = await context.newPage();
      await ip.goto(pathToFileURL(path.join(site, 'index.html')).href);
      const ri = await axeViolations(ip);
      for (const v of ri.serious) fail(`export axe, index.html: ${v}`);
      log(`export: axe-core on index.html: ${ri.serious.length} serious or critical, ${ri.minor.length} moderate or minor${ri.minor.length ? ` (${ri.minor.join('; ')})` : ''}`);
      await ip.close();
    });
    await check(t, 'no request leaves file:, and the library loads once', fail => {
      const outside = stats.requests.filter(u => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:'));
      if (outside.length) fail(`export: requests outside file:: ${outside.slice(0, 5).join(' ')}`);
      if (stats.echarts !== 1) fail(`export: echarts.min.js was requested ${stats.echarts} times, want exactly 1`);
      log(`export: ${stats.requests.length} requests, all file: or data:; echarts.min.js loaded ${stats.echarts} time(s)`);
    });
  } finally {
    await context.close().catch(() => {});
    await check(t, 'no request to the network, no dialog, no page error', fail => background.forEach(fail));
  }
}

// freshPart opens a freshly seeded notebook in JupyterLab and runs nothing. Catches the
// kernel status stuck at "Unknown" until a cell runs (JupyterLab ignores status messages
// answering kernel_info_request unless the server config tracks them: install_kernel.py)
// and a notebook marked changed on opening (its language_info not the kernel's: lossnb
// seed writes the kernel's).
async function freshPart(browser, t) {
  const dir = path.join(work, 'fresh');
  fs.rmSync(dir, { recursive: true, force: true });
  const seeded = spawnSync(path.join(root, 'build', 'bin', 'lossnb'),
    ['seed', '-course', path.join(root, 'notebooks'), '-work', dir], { encoding: 'utf8' });
  assert.equal(seeded.status, 0, `lossnb seed: ${seeded.stdout}${seeded.stderr}`);
  const env = { ...process.env, PATH: `${path.join(root, 'build', 'bin')}:${process.env.PATH}` };
  const srv = await startJupyter({
    cmd: path.join(root, '.venv', 'bin', 'jupyter'), app: 'lab', dir, env,
    logPath: path.join(work, 'fresh.log'),
    args: ['--LabApp.expose_app_in_browser=True', `--LabApp.workspaces_dir=${path.join(work, 'fresh-workspaces')}`,
      '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'],
  });
  const background = [];
  const { context, page } = await newPage(browser, m => background.push(m), { allowLoopback: true, phase: () => 'fresh' });
  try {
    await check(t, 'the kernel status is known (not Unknown) before any cell runs', async fail => {
      await page.goto(`${srv.base}/lab/tree/${NB}?reset&token=${srv.token}`);
      await page.waitForFunction(() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.connectionStatus === 'connected',
        null, { timeout: 60000 });
      const status = await page.waitForFunction(() => {
        const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        return ['idle', 'busy'].includes(k.status) && k.status;
      }, null, { timeout: 30000 }).then(h => h.jsonValue(), () => null);
      const shown = await page.evaluate(() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.textContent.trim() || '');
      if (!status) fail(`the kernel status is still ${await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status)} 30 s after connecting`);
      if (/unknown/i.test(shown)) fail(`the toolbar reads "${shown}"`);
      log(`fresh: kernel status ${status}, toolbar "${shown}"`);
    });
    await check(t, 'the notebook is not marked changed after opening', async fail => {
      await page.waitForTimeout(3000);
      const st = await page.evaluate(() => {
        const w = window.jupyterapp.shell.currentWidget;
        return { dirty: w.model.dirty, tab: w.title.className, info: JSON.stringify(w.model.getMetadata('language_info')) };
      });
      await page.screenshot({ path: path.join(shots, 'extra-fresh-open.png') });
      if (st.dirty || /jp-mod-dirty/.test(st.tab)) fail(`the untouched notebook shows unsaved changes (language_info now ${st.info})`);
    });
  } finally {
    await context.close().catch(() => {});
    await stopJupyter(srv);
    await check(t, 'no request to the network, no dialog, no page error', fail => background.forEach(fail));
  }
}

// --- the tests: one per part ---------------------------------------------------------------

const only = (process.argv.find(a => a.startsWith('--only=')) || '').slice(7) ||
  (process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '') ||
  process.env.LOSSNB_BROWSER_EXTRA || '';
const parts = only ? only.split(',') : ['notebook7', 'classic', 'export', 'fresh'];
let browser;

before(async () => {
  fs.rmSync(path.join(work, 'notebook7'), { recursive: true, force: true });
  fs.rmSync(path.join(work, 'classic'), { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  fs.mkdirSync(shots, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
});

for (const part of parts) {
  test(part, async t => {
    if (part === 'classic') {
      // Missing, it is a failure, not a skip.
      const why = ensureClassic();
      assert.equal(why, null, `classic: ${why}`);
      await notebookPart('classic', browser, t);
    } else if (part === 'notebook7') {
      await notebookPart('notebook7', browser, t);
    } else if (part === 'export') {
      await exportPart(browser, t);
    } else if (part === 'fresh') {
      await freshPart(browser, t);
    } else {
      assert.fail(`unknown part ${part} (want notebook7, classic, export or fresh)`);
    }
  });
}
