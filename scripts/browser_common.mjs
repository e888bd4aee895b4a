// What the browser tests share: Jupyter servers on free loopback ports, Debian's
// chromium through playwright-core, and reading what a chart's canvas shows.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const shots = path.join(root, 'build', 'screenshots');

// Debian's chromium, never a browser that a tool downloads. Without the networking
// flags chromium keeps trying hosts this machine cannot reach.
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function waitForServer(url, ms) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) { last = e.message; }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer at ${url} within ${ms} ms (${last})`);
}

// startJupyter runs `cmd app …` (app: lab, notebook, nbclassic) on a free loopback port
// with a random token, in its own process group, logging to logPath, and waits until it
// answers. It returns { proc, base, token } for stopJupyter.
export async function startJupyter({ cmd, app, dir, logPath, args = [], env = process.env }) {
  const port = await freePort();
  const token = crypto.randomBytes(24).toString('hex');
  const logFile = fs.openSync(logPath, 'w');
  const proc = spawn(cmd, [app, '--no-browser', `--notebook-dir=${dir}`,
    '--ServerApp.ip=127.0.0.1', `--ServerApp.port=${port}`, '--ServerApp.port_retries=0',
    `--IdentityProvider.token=${token}`,
    // Jupyter refuses to run as root unless told; CI runs as root.
    ...(process.getuid() === 0 ? ['--allow-root'] : []),
    ...args], { detached: true, stdio: ['ignore', logFile, logFile], env });
  const base = `http://127.0.0.1:${port}`;
  await waitForServer(`${base}/api/status?token=${token}`, 60000);
  return { proc, base, token };
}

// stopJupyter shuts the server down through its API (which shuts down every kernel, and
// so GoNB's gopls), then kills its process group in case anything is left.
export async function stopJupyter(srv) {
  if (!srv) return;
  try { await fetch(`${srv.base}/api/shutdown?token=${srv.token}`, { method: 'POST' }); } catch { /* gone */ }
  const end = Date.now() + 10000;
  while (Date.now() < end && srv.proc.exitCode === null) await new Promise(r => setTimeout(r, 100));
  try { process.kill(-srv.proc.pid, 'SIGKILL'); } catch { /* group already gone */ }
}

// canvasStats returns, for each canvas under the locator's element, how many pixels are
// not background ("ink") and a hash of the pixels, to tell drawn from blank and changed
// from unchanged. With visibleOnly, canvases in hidden elements (a toggle's other views)
// are left out.
export async function canvasStats(locator, { visibleOnly = false } = {}) {
  return locator.evaluate((el, visibleOnly) => {
    const out = [];
    for (const c of el.querySelectorAll('canvas')) {
      if (visibleOnly && c.offsetParent === null) continue;
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) { out.push({ ink: 0, hash: 0 }); continue; }
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let ink = 0, hash = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 720) ink++;
        hash = (hash * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2] + 17 * d[i + 3]) >>> 0;
      }
      out.push({ ink, hash });
    }
    return out;
  }, visibleOnly);
}

export const inkOf = s => s.reduce((a, x) => a + x.ink, 0);
export const hashOf = s => s.map(x => x.hash).join(',');

// check runs fn as the subtest `label` of the node:test context t: fn reports problems
// with fail(msg), and the subtest fails listing them all (one check can find several).
// It returns whether the check passed, for steps that the next ones need.
export async function check(t, label, fn) {
  let ok = false;
  await t.test(label, async () => {
    const problems = [];
    await fn(msg => problems.push(msg));
    assert.ok(problems.length === 0, problems.join('\n'));
    ok = true;
  });
  return ok;
}

// --- accessibility ------------------------------------------------------------------------

// axe-core, pinned in package.json and read from node_modules (never from a CDN).
const AXE = path.join(root, 'node_modules', 'axe-core', 'axe.min.js');

// axeViolations runs axe-core in the page on the elements matching the selectors in
// include (the whole document if include is empty), with every data table open so that
// the tables are checked too, and returns the violations of impact serious or critical
// as lines "impact rule-id: help (n nodes: selector …)". WCAG 2.1 A and AA rules and
// axe's best practices are run; the moderate and minor ones are returned in minor.
export async function axeViolations(page, include = []) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async include => {
    for (const d of document.querySelectorAll('.lossnb details[data-table-of]')) {
      if (!d.open) { d.open = true; d.dispatchEvent(new Event('toggle')); }
    }
    await new Promise(r => setTimeout(r, 100));
    const present = include.filter(s => document.querySelector(s));
    if (include.length && !present.length) return { serious: [], minor: [], nodes: 0 };
    const ctx = include.length ? { include: present.map(s => [s]) } : document;
    const r = await window.axe.run(ctx, { resultTypes: ['violations'] });
    const line = v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')})`;
    return {
      serious: r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(line),
      minor: r.violations.filter(v => v.impact !== 'serious' && v.impact !== 'critical').map(line),
      nodes: present.reduce((n, s) => n + document.querySelectorAll(s).length, 0),
    };
  }, include);
}
