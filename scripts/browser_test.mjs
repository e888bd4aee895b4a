#!/usr/bin/env node
// Browser test: what a person sees in JupyterLab.
//
// Usage: node scripts/browser_test.mjs [NOTEBOOK.ipynb ...]   (default: every notebook in notebooks/)
//        node --test --test-reporter=spec scripts/browser_test.mjs   (make browser-test)
//        LOSSNB_BROWSER_NOTEBOOKS="01-key-idea.ipynb 02-…" node --test scripts/browser_test.mjs
//
// Each notebook is a test of Node's built-in runner (node:test), and each check in it a
// named subtest; the runner prints the standard summary (tests, pass, fail) and exits 1 on
// any failure.
//
// For each notebook: copies notebooks/ to build/browser/ (the committed files are never
// touched, even by autosave), starts JupyterLab from .venv on a free loopback port with a
// random token, opens the notebook in Debian's chromium driven by playwright-core (no browser
// download), runs all cells, and asserts
//   - no cell shows an error or stderr output;
//   - every chart holds a drawn canvas with non-blank pixels;
//   - hovering every chart shows a tooltip with a number;
//   - moving every slider changes its readout and the picture it drives;
//   - every view toggle changes the picture;
//   - a training loop's progress (nb.Progress) is one output per cell, with its final rows.
//   - the first toggle and the first slider work with the keyboard alone (keyboardChecks);
//   - axe-core finds no serious or critical violation in the cell outputs.
// Screenshots go to build/screenshots/. JupyterLab and its kernels are stopped at the end,
// on failure too.
//
// LOSSNB_LAB_URL=http://127.0.0.1:PORT LOSSNB_LAB_TOKEN=... [LOSSNB_LAB_DIR=lossnb]: test a
// JupyterLab that is already running instead (make image-test serves one from the image),
// opening the notebooks in LOSSNB_LAB_DIR of its root; that server is left running (its
// kernels are shut down). It must run with --LabApp.expose_app_in_browser=True, as startLab's does.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  root, shots, launchBrowser, startJupyter, stopJupyter, canvasStats as stats, inkOf, hashOf, check as checkStep,
  axeViolations,
} from './browser_common.mjs';

// One folder per run, so that two runs at once (two developers' terminals, a helper and
// make test) never share notebooks, logs or JupyterLab's workspace.
const work = path.join(root, 'build', 'browser', `run-${process.pid}`);
// Markup of lossnb/chart (render.go): each nb.Show output is a div.lossnb holding one
// [data-chart] element per chart, range inputs [data-slider=N] with readouts
// output[data-readout=N], and toggle groups [data-toggle] of buttons.
const CHART = '.lossnb [data-chart]';
const SLIDER = '.lossnb input[type=range][data-slider]';
const VIEW = '.lossnb [data-toggle] button';
// Every cell output: what axe-core checks (see runNotebook).
const OUTPUTS = '.jp-OutputArea-output';

const RUN_LIMIT_MS = Number(process.env.NB_BROWSER_TIMEOUT_MS || 240000);

function log(...a) { console.log('browser:', ...a); }

// Only what is on screen counts: a toggle's hidden views are checked once shown.
const canvasStats = loc => stats(loc, { visibleOnly: true });

function startLab(dir) {
  return startJupyter({
    cmd: path.join(root, '.venv', 'bin', 'jupyter'), app: 'lab', dir,
    logPath: path.join(work, 'jupyter.log'),
    args: ['--LabApp.expose_app_in_browser=True',
      // A fresh workspace: JupyterLab would otherwise reopen the tabs of an earlier run.
      `--LabApp.workspaces_dir=${path.join(work, 'workspaces')}`,
      // No update checks or news from the network.
      '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'],
  });
}

// shutdownSessions shuts down every kernel of the server, through its REST API.
async function shutdownSessions(lab) {
  const auth = { headers: { Authorization: `token ${lab.token}` } };
  const r = await fetch(`${lab.base}/api/sessions`, auth);
  if (!r.ok) throw new Error(`listing sessions: HTTP ${r.status}`);
  for (const s of await r.json()) {
    await fetch(`${lab.base}/api/sessions/${s.id}`, { method: 'DELETE', ...auth });
  }
}

// checkChart asserts that a visible chart has drawn and that hovering it shows a
// tooltip with a number; it saves two screenshots, shot.png and shot-hover.png.
async function checkChart(page, chart, label, shot, fail) {
  await chart.scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  const stats = await canvasStats(chart);
  if (stats.length === 0) { fail(`${label}: no canvas (is the ECharts library loading?): ${(await chart.innerText()).slice(0, 200)}`); return; }
  if (inkOf(stats) < 500) fail(`${label}: canvas is blank (${inkOf(stats)} drawn pixels)`);
  await chart.screenshot({ path: `${shot}.png` });

  // Hover across the plot area until a tooltip with a number shows.
  const box = await chart.locator('canvas').first().boundingBox();
  let tip = '';
  for (const fx of [0.5, 0.35, 0.65, 0.25, 0.75]) {
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * 0.5, { steps: 4 });
    await page.waitForTimeout(250);
    tip = await chart.evaluate(el => {
      for (const d of el.querySelectorAll('div')) {
        const st = getComputedStyle(d);
        if (st.position === 'absolute' && st.display !== 'none' && st.visibility !== 'hidden' &&
            st.opacity !== '0' && !d.querySelector('canvas') && d.textContent.trim()) return d.textContent.trim();
      }
      return '';
    });
    if (/\d/.test(tip)) break;
  }
  if (!/\d/.test(tip)) fail(`${label}: hovering showed no tooltip with a number (got ${JSON.stringify(tip)})`);
  else log(`${label}: tooltip ${JSON.stringify(tip.slice(0, 80))}`);
  await chart.screenshot({ path: `${shot}-hover.png` });
  await page.mouse.move(0, 0);
}

// keyboardChecks drives the first visible toggle and slider with the keyboard only (the
// focus is put on the control as Tab would, then only keys are pressed): the arrow keys
// and Home switch the toggle's view, End/Home and the arrow keys move the slider; each
// must change the picture, keep a visible focus ring, and (slider) give screen readers
// the readout as aria-valuetext. Screenshots: NN-keyboard-toggle.png, NN-keyboard-slider.png.
async function keyboardChecks(t, page, stem) {
  const ring = loc => loc.evaluate(el => {
    const st = getComputedStyle(el);
    return document.activeElement === el && st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2;
  });
  const group = page.locator('.lossnb [data-toggle]').filter({ has: page.locator('button:visible') }).first();
  if (await group.count()) {
    await check(t, 'a toggle works with the keyboard alone', async fail => {
      const out = group.locator('xpath=ancestor::div[contains(concat(" ",@class," ")," lossnb ")][1]');
      await group.scrollIntoViewIfNeeded();
      const bs = group.locator('button');
      const pressed = async () => (await bs.evaluateAll(b => b.map(x => x.getAttribute('aria-pressed')))).indexOf('true');
      const start = await pressed();
      await bs.nth(start).focus();
      const before = hashOf(await canvasStats(out));
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(600);
      const now = await pressed(), want = (start + 1) % (await bs.count());
      if (now !== want) fail(`ArrowRight on view ${start + 1} pressed view ${now + 1}, want ${want + 1}`);
      if (!(await ring(bs.nth(want)))) fail('the focused view button shows no focus ring (outline ≥ 2 px)');
      if (hashOf(await canvasStats(out)) === before) fail('ArrowRight did not change the chart');
      await out.screenshot({ path: path.join(shots, `${stem}-keyboard-toggle.png`) });
      await page.keyboard.press('Home');
      await page.waitForTimeout(600);
      if ((await pressed()) !== 0) fail('Home did not go back to the first view');
      log(`keyboard: toggle view ${start + 1} -> ${want + 1} -> 1`);
    });
  }
  const s = page.locator(SLIDER).filter({ visible: true }).first();
  if (await s.count()) {
    await check(t, 'a slider works with the keyboard alone', async fail => {
      const out = s.locator('xpath=ancestor::div[contains(concat(" ",@class," ")," lossnb ")][1]');
      await s.scrollIntoViewIfNeeded();
      const readout = out.locator(`output[data-readout="${await s.getAttribute('data-slider')}"]`);
      // Reach it with Tab from the control before it in the same output (a toggle's
      // button in notebook 01), where there is one; else put the focus on it.
      const controls = out.locator('button:visible, input[type=range]:visible');
      const idx = await controls.evaluateAll((cs, el) => cs.indexOf(el), await s.elementHandle());
      if (idx > 0) {
        await controls.nth(idx - 1).focus();
        await page.keyboard.press('Tab');
        if (!(await s.evaluate(el => document.activeElement === el))) fail('Tab from the control before the slider did not reach it');
        else log('keyboard: Tab reached the slider');
      } else {
        await s.focus();
      }
      const read = async () => ({ text: await readout.textContent(), pic: hashOf(await canvasStats(out)), value: await s.inputValue() });
      const before = await read();
      const atEnd = before.value === (await s.getAttribute('max'));
      await page.keyboard.press(atEnd ? 'Home' : 'End');
      await page.waitForTimeout(600);
      const after = await read();
      if (after.text === before.text) fail(`${atEnd ? 'Home' : 'End'} did not change the readout (${before.text})`);
      if (after.pic === before.pic) fail(`${atEnd ? 'Home' : 'End'} did not change the chart`);
      if ((await s.getAttribute('aria-valuetext')) !== after.text) fail(`aria-valuetext ${await s.getAttribute('aria-valuetext')} is not the readout ${after.text}`);
      if (!(await ring(s))) fail('the focused slider shows no focus ring (outline ≥ 2 px)');
      await out.screenshot({ path: path.join(shots, `${stem}-keyboard-slider.png`) });
      await page.keyboard.press(atEnd ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForTimeout(400);
      const step = await read();
      if (step.value === after.value) fail(`${atEnd ? 'ArrowRight' : 'ArrowLeft'} did not move the slider (JupyterLab took the key?)`);
      log(`keyboard: slider ${before.text} -> ${after.text} -> ${step.text}`);
    });
  }
}

// check is the shared check, noting a failure so that after() keeps the work folder.
async function check(t, label, fn) {
  const ok = await checkStep(t, label, fn);
  if (!ok) failed = true;
  return ok;
}

async function runNotebook(t, page, lab, name) {
  const stem = name.replace(/\.ipynb$/, '');
  const ran = await check(t, 'all cells run', async () => {
    const rel = (lab.dir ? `${lab.dir}/` : '') + encodeURIComponent(name);
    await page.goto(`${lab.base}/lab/tree/${rel}?reset&token=${lab.token}`);
    await page.waitForFunction(() => window.jupyterapp && window.jupyterapp.shell.currentWidget
      && window.jupyterapp.shell.currentWidget.sessionContext
      && window.jupyterapp.shell.currentWidget.sessionContext.session
      && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel,
    null, { timeout: 60000 });
    // GoNB reports no status until it is asked to run something, so wait for the
    // connection rather than for 'idle'.
    await page.waitForFunction(() =>
      window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.connectionStatus === 'connected',
    null, { timeout: 60000 });
    const t0 = Date.now();
    await page.evaluate(() => window.jupyterapp.commands.execute('notebook:run-all-cells'));
    // Done when the kernel is idle and no cell still waits ([*]) for its turn.
    await page.waitForFunction(() => {
      const nb = window.jupyterapp.shell.currentWidget;
      if (nb.sessionContext.session.kernel.status === 'busy') return false;
      const cells = nb.content.widgets.filter(c => c.model.type === 'code');
      return cells.every(c => c.model.executionCount !== null && !c.node.querySelector('.jp-InputPrompt')?.textContent.includes('*'));
    }, null, { timeout: RUN_LIMIT_MS, polling: 250 });
    log(`${name}: all cells ran in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await page.waitForTimeout(500); // let the last charts finish their first animation frame
  });
  if (!ran) return;

  await check(t, 'no cell shows an error or stderr text', async fail => {
    const errors = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]').allInnerTexts();
    for (const e of errors) fail(`a cell shows error text: ${e.slice(0, 300)}`);
  });

  // nb.Progress (training loops of 05-07): one output per cell, updated in place, that
  // ends with a row per run. Catches an output per update (no display id) and an empty one.
  const progress = page.locator('pre.lossnb-progress');
  if (await progress.count() > 0) {
    await check(t, 'training progress stays one output per cell and keeps its final rows', async fail => {
      const perCell = await page.evaluate(() => [...document.querySelectorAll('.jp-CodeCell')]
        .map(c => c.querySelectorAll('pre.lossnb-progress').length).filter(n => n > 0));
      if (perCell.some(n => n !== 1)) fail(`progress outputs per cell: ${perCell.join(', ')}, want 1 each`);
      // textContent: JupyterLab skips rendering cells out of view (content-visibility), and
      // innerText of those is empty.
      const texts = await progress.allTextContents();
      texts.forEach((x, i) => { if (x.trim().split('\n').length < 2) fail(`progress ${i + 1} has no row: ${JSON.stringify(x)}`); });
      await progress.first().scrollIntoViewIfNeeded();
      await progress.first().screenshot({ path: path.join(shots, `${stem}-progress.png`) });
      log(`${name}: ${texts.length} progress output(s); first: ${JSON.stringify(texts[0].slice(0, 200))}`);
    });
  }

  // Each chart is checked once it is visible: the charts of hidden toggle views after
  // their button is clicked (below).
  const charts = page.locator(CHART);
  const n = await charts.count();
  log(`${name}: ${n} charts`);
  const checked = new Set();
  const checkVisibleCharts = async () => {
    for (let i = 0; i < n; i++) {
      if (checked.has(i) || !(await charts.nth(i).isVisible())) continue;
      checked.add(i);
      await check(t, `chart ${i + 1} draws and its tooltip shows a number`,
        fail => checkChart(page, charts.nth(i), `chart ${i + 1}`, path.join(shots, `${stem}-chart${i + 1}`), fail));
    }
  };
  await checkVisibleCharts();

  // Sliders: move each as a person would; the readout and the picture must change.
  const sliders = page.locator(SLIDER);
  const ns = await sliders.count();
  for (let i = 0; i < ns; i++) {
    const s = sliders.nth(i);
    const label = `slider ${i + 1}`;
    // A slider whose charts are all in hidden toggle views is hidden too.
    if (!(await s.isVisible())) { await t.test(`${label} moves its readout and chart`, { skip: 'hidden with its charts' }); continue; }
    await check(t, `${label} moves its readout and chart`, async fail => {
      const out = s.locator('xpath=ancestor::div[contains(concat(" ",@class," ")," lossnb ")][1]');
      await s.scrollIntoViewIfNeeded();
      const readout = out.locator(`output[data-readout="${await s.getAttribute('data-slider')}"]`);
      const before = { text: await readout.textContent(), pic: hashOf(await canvasStats(out)) };
      // Click along the track as a person would (JupyterLab's command mode takes the
      // arrow keys): first near the right end, then near the left if nothing moved.
      const read = async () => ({ text: await readout.textContent(), pic: hashOf(await canvasStats(out)) });
      const sbox = await s.boundingBox();
      let after = before;
      for (const fx of [0.85, 0.15]) {
        await page.mouse.click(sbox.x + sbox.width * fx, sbox.y + sbox.height / 2);
        await page.waitForTimeout(600);
        after = await read();
        if (after.text !== before.text) break;
      }
      if (after.text === before.text) fail(`${label}: readout did not change (${before.text})`);
      if (after.pic === before.pic) fail(`${label}: moving it did not change the chart`);
      log(`${label}: ${before.text} -> ${after.text}`);
      await out.screenshot({ path: path.join(shots, `${stem}-slider${i + 1}.png`) });
    });
  }

  const views = page.locator(VIEW);
  const nv = await views.count();
  for (let i = 0; i < nv; i++) {
    const b = views.nth(i);
    await check(t, `view button ${i + 1} shows its view`, async fail => {
      const out = b.locator('xpath=ancestor::div[contains(concat(" ",@class," ")," lossnb ")][1]');
      await b.scrollIntoViewIfNeeded();
      const before = hashOf(await canvasStats(out));
      // A button whose view is already shown (each toggle's first, at the start) changes nothing.
      const wasPressed = (await b.getAttribute('aria-pressed')) === 'true';
      await b.click();
      await page.waitForTimeout(600);
      const after = hashOf(await canvasStats(out));
      const pressed = await b.getAttribute('aria-pressed');
      if (pressed !== 'true') fail(`view button ${i + 1} (${await b.innerText()}): not shown as selected after a click`);
      if (after === before && !wasPressed) fail(`view button ${i + 1} (${await b.innerText()}): the chart did not change`);
    });
    await checkVisibleCharts();
  }
  await check(t, 'every chart was visible once, so checked', fail => {
    for (let i = 0; i < n; i++) if (!checked.has(i)) fail(`chart ${i + 1} was never visible, so never checked`);
  });

  await keyboardChecks(t, page, stem);

  // axe-core on what the notebook renders: the cell outputs (charts, controls, data
  // tables, check feedback, printed text). JupyterLab's own interface (toolbars, side
  // panels, cell editors, its Markdown rendering) is not ours and is left out.
  await check(t, 'axe-core finds no serious or critical violation in the outputs', async fail => {
    const r = await axeViolations(page, [OUTPUTS]);
    for (const v of r.serious) fail(`axe: ${v}`);
    log(`${name}: axe-core on ${r.nodes} outputs: ${r.serious.length} serious or critical, ${r.minor.length} moderate or minor${r.minor.length ? ` (${r.minor.join('; ')})` : ''}`);
  });

  await page.screenshot({ path: path.join(shots, `${stem}-page.png`), fullPage: true });
}

// --- the tests: one per notebook, in one JupyterLab and one browser -------------------------

let names = process.argv.slice(2).filter(a => a.endsWith('.ipynb')).map(p => path.basename(p));
if (names.length === 0 && process.env.LOSSNB_BROWSER_NOTEBOOKS) names = process.env.LOSSNB_BROWSER_NOTEBOOKS.split(/\s+/).filter(Boolean).map(p => path.basename(p));
if (names.length === 0) names = fs.readdirSync(path.join(root, 'notebooks')).filter(f => /^\d\d-.*\.ipynb$/.test(f)).sort();

let lab, browser, context, failed = false;
const network = []; // requests that left the loopback server

before(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  fs.mkdirSync(shots, { recursive: true });
  const nbDir = path.join(work, 'notebooks');
  fs.cpSync(path.join(root, 'notebooks'), nbDir, { recursive: true });
  lab = process.env.LOSSNB_LAB_URL
    ? { base: process.env.LOSSNB_LAB_URL.replace(/\/$/, ''), token: process.env.LOSSNB_LAB_TOKEN || '',
      dir: process.env.LOSSNB_LAB_DIR || '', external: true }
    : await startLab(nbDir);
  log(`JupyterLab at ${lab.base}`);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Offline: any request that leaves the loopback server fails the test.
  await context.route('**/*', route => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    network.push(u.href);
    return route.abort();
  });
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (lab && !lab.external) await stopJupyter(lab);
  // Kept after a failure, for its jupyter.log.
  if (!failed) fs.rmSync(work, { recursive: true, force: true });
  else log(`kept ${work} (jupyter.log)`);
});

// Each notebook in a page and a JupyterLab workspace of its own (?reset), and its
// kernel shut down through the REST API afterwards: one notebook's tabs, dialogs or
// kernel never stand in the next one's way.
for (const name of names) {
  test(name, async t => {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', e => pageErrors.push(e.message));
    try {
      await runNotebook(t, page, lab, name);
      await check(t, 'no page error', fail => { for (const e of pageErrors) fail(`page error: ${e}`); });
    } catch (e) {
      failed = true;
      await page.screenshot({ path: path.join(shots, `${name.replace(/\.ipynb$/, '')}-failure.png`) }).catch(() => {});
      const state = await page.evaluate(() => {
        const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
        return `app=${!!window.jupyterapp} widget=${w && w.constructor.name} kernel=${k ? k.name + ':' + k.status : 'none'}`;
      }).catch(err => String(err));
      throw new Error(`${e.message.split('\n')[0]} (page state: ${state})`);
    } finally {
      await page.close().catch(() => {});
      await shutdownSessions(lab);
    }
  });
}

test('no request left the loopback server', () => {
  assert.deepEqual(network, []);
});
