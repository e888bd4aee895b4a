// Unit tests of loader.js, the charts' browser code, under Node with a small
// fake DOM and a fake ECharts (no browser):
//
//   node --test lossnb/chart/loader_test.mjs
//
// go test ./lossnb/chart runs them too (TestLoaderUnderNode). The browser
// tests (scripts/browser_test.mjs) check the same code drawing real charts.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const source = fs.readFileSync(path.join(dir, 'loader.js'), 'utf8');
// loader.js as Render embeds it: without comment lines, indentation and blank lines.
const compact = source.split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('//')).join('\n') + '\n';
// What Render writes for the demo "lines" (two charts following one slider); the golden
// file marks where the script goes (chart_test.go, TestGolden).
const goldenFile = fs.readFileSync(path.join(dir, 'testdata', 'lines.golden.html'), 'utf8');
const golden = goldenFile.replace('/* loader.js, compacted */\n', () => compact);
// Numbers and the text chart.FormatNumber gives them (TestFormatGolden).
const formatCases = JSON.parse(fs.readFileSync(path.join(dir, 'testdata', 'format.golden.json'), 'utf8'));

// --- a fake DOM: just what loader.js uses -------------------------------------------------

class Element {
  constructor(tag, attrs = {}) {
    this.tagName = tag;
    this.attrs = attrs;
    this.children = [];
    this.parentNode = null;
    this.style = {};
    this.listeners = {};
    this.text = '';
    for (const m of (attrs.style || '').matchAll(/([a-z-]+):([^;]*)/g)) if (m[1] === 'display') this.style.display = m[2];
  }
  get firstChild() { return this.children[0] || null; }
  get textContent() { return this.text + this.children.map(c => c.textContent).join(''); }
  set textContent(t) { this.text = t; this.children = []; }
  get value() { return this.attrs.value; }
  set value(v) { this.attrs.value = String(v); }
  getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  appendChild(c) { c.parentNode = this; this.children.push(c); return c; }
  addEventListener(type, f) { (this.listeners[type] ||= []).push(f); }
  dispatch(type, extra = {}) {
    const e = { type, target: this, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
    for (const f of this.listeners[type] || []) f(e);
    return e;
  }
  focus() { Element.focused = this; }
  get open() { return 'open' in this.attrs; }
  set open(v) { if (v) this.attrs.open = ''; else delete this.attrs.open; }
  // Selectors of the forms tag, [attr], [attr="v"] and tag[attr="v"].
  matches(sel) {
    const m = sel.match(/^([a-z]*)(?:\[([a-z-]+)(?:="([^"]*)")?\])?$/);
    if (!m) throw new Error(`fake DOM: selector ${sel}`);
    if (m[1] && m[1] !== this.tagName) return false;
    if (m[2] && !(m[2] in this.attrs)) return false;
    return m[3] === undefined || this.attrs[m[2]] === m[3];
  }
  querySelectorAll(sel) {
    const out = [];
    const walk = e => { for (const c of e.children) { if (c.matches(sel)) out.push(c); walk(c); } };
    walk(this);
    return out;
  }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
}

// parse reads the HTML that Render writes (no comments, raw text in <script>).
function parse(html) {
  const top = new Element('#document');
  const stack = [top];
  const re = /<(\/?)([a-z]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>|([^<]+)/g;
  let m;
  while ((m = re.exec(html))) {
    const cur = stack[stack.length - 1];
    if (m[4] !== undefined) { cur.appendChild(new Element('#text')).text = m[4]; continue; }
    if (m[1]) { stack.pop(); continue; }
    const attrs = {};
    for (const a of m[3].matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = (a[2] || '').replace(/&#34;/g, '"').replace(/&amp;/g, '&');
    const el = cur.appendChild(new Element(m[2], attrs));
    if (m[2] === 'script') {
      const end = html.indexOf('</script>', re.lastIndex);
      el.text = html.slice(re.lastIndex, end);
      re.lastIndex = end + '</script>'.length;
    } else if (m[2] !== 'input') {
      stack.push(el);
    }
  }
  return top;
}

// page returns a sandbox holding the parsed html, with a fake window.echarts
// unless echarts is false, and a function running the output's script in it.
function page(html, { echarts = true, extra = {} } = {}) {
  const doc = parse(html);
  const head = new Element('head');
  const charts = [];
  const fake = {
    init(el, theme, opts) {
      const c = { el, opts, options: [], setOption(o) { this.options.push(o); } };
      charts.push(c);
      return c;
    },
  };
  const window = { ...extra };
  if (echarts) window.echarts = fake;
  const document = {
    head,
    body: { dataset: {} },
    getElementById: id => doc.querySelector(`[id="${id}"]`),
    createElement: tag => new Element(tag),
  };
  const ctx = vm.createContext({ window, document, setTimeout, Promise, JSON, Math, String, Array, Error, isFinite, parseFloat });
  const run = () => {
    for (const s of doc.querySelectorAll('script')) if (!s.attrs.type) vm.runInContext(s.text, ctx);
  };
  return { doc, head, charts, fake, window, run };
}

// plain copies a value out of the sandbox's realm, for deepEqual.
const plain = x => JSON.parse(JSON.stringify(x));
const settle = () => new Promise(r => setTimeout(r, 0));
const spec = JSON.parse(parse(golden).querySelector('script[type="application/json"]').text);

// loaderFunctions evaluates loader.js with its start call removed and
// returns its inner functions.
function loaderFunctions() {
  const body = source.replace(/\nstart\(0\);\s*$/, '\n');
  assert.notEqual(body, source, 'loader.js no longer ends with start(0);');
  const ctx = vm.createContext({ window: {}, document: { createElement: tag => new Element(tag) }, JSON, Math, String, Array, isFinite, parseFloat });
  return vm.runInContext(`(function(ID){${body}\nreturn {numberFormat, frame, esc, decorate, valuesAt, dataTables};})('x')`, ctx);
}

// --- tests -------------------------------------------------------------------------------

// The golden output has its script where the mark says, and the script has the library's
// path: a golden file from an older layout, or a loader that lost chart.StaticPath, fails.
test('the output carries loader.js, compacted', () => {
  assert.ok(goldenFile.includes('(function(ID){\n/* loader.js, compacted */\n})("lossnb-ID");'), 'no script mark in the golden HTML');
  assert.ok(source.includes("'static/lossnb/echarts.min.js'"), 'loader.js lost the library path (chart.StaticPath)');
});

// The page's number format is chart.FormatNumber's: a tooltip showing other
// digits than Go (rounding, exponent form, -0) would fail here.
test('numbers are formatted as chart.FormatNumber formats them', () => {
  const fmt = loaderFunctions().numberFormat(spec.format);
  assert.ok(formatCases.length > 20);
  for (const [v, want] of formatCases) assert.equal(fmt(v), want, `fmt(${v})`);
  assert.equal(fmt(NaN), '–');
  assert.equal(fmt(undefined), '–');
});

// A slider frame is rebuilt as ECharts series: a wrong x array, a lost
// gap or a wrong series id would move the wrong curve or draw a wrong one.
test('frames become series with their x values and gaps', () => {
  const { frame } = loaderFunctions();
  const f = { ids: ['s2', 's3'], xs: [[0, 1, 2]], f: [[[0, [1, null, 3]], [-1, [4, 5]]]] };
  assert.deepEqual(plain(frame(f, 0)), [
    { id: 's2', data: [[0, 1], [1, '-'], [2, 3]] },
    { id: 's3', data: [4, 5] },
  ]);
});

// Tooltips escape text (series names are user text) and show numbers in the format.
test('tooltips escape names and format values', () => {
  const { decorate, numberFormat } = loaderFunctions();
  const fmt = numberFormat(spec.format);
  const o = { series: [], xAxis: { type: 'value' }, yAxis: { type: 'value' }, tooltip: {} };
  decorate(o, { xName: 'r', yName: 'loss' }, fmt);
  assert.equal(o.xAxis.axisLabel.formatter, fmt);
  const axis = o.tooltip.formatter([{ axisValue: 0.30000000000000004, seriesName: '<b>MSE', color: '#5470c6', value: [0.3, 0.045000001], seriesType: 'line' }]);
  assert.match(axis, /^r = 0\.3<br><span[^>]*><\/span>&#60;b&#62;MSE: <b>0\.045<\/b>$/);
  const item = o.tooltip.formatter({ seriesName: 'data', name: 'x"1', color: 'red', value: [123456, -0.00012345], seriesType: 'scatter' });
  assert.match(item, /data · x&#34;1<br>r = 1\.23e5<br>loss = <b>-1\.23e-4<\/b>$/);
  const heat = { series: [{ rows: [[1, 2], [3, 4]] }], xAxis: { type: 'category', data: ['a', 'b'] }, yAxis: { type: 'category', data: ['c', 'd'] }, tooltip: {} };
  decorate(heat, {}, fmt);
  assert.deepEqual(plain(heat.series[0].data), [[0, 0, 1], [1, 0, 2], [0, 1, 3], [1, 1, 4]]);
  assert.equal(heat.tooltip.formatter({ seriesType: 'heatmap', value: [1, 0, 2] }), 'x = b<br>y = c<br><b>2</b>');
});

// The real output draws each chart at its size, and its slider swaps frames
// in both charts that follow it and updates the readout.
test('the lines output draws its charts and its slider moves both', async () => {
  const p = page(golden);
  p.run();
  await settle();
  assert.equal(p.charts.length, 2);
  assert.deepEqual(plain(p.charts.map(c => [c.opts.width, c.opts.height])), spec.charts.map(c => [c.w, c.h]));
  for (const c of p.charts) {
    assert.equal(c.el.textContent, '', 'the "Loading…" text stays');
    assert.equal(typeof c.options[0].tooltip.formatter, 'function');
  }
  const input = p.doc.querySelector('input[data-slider="0"]');
  input.value = 4;
  input.dispatch('input');
  assert.equal(p.doc.querySelector('output[data-readout="0"]').textContent, spec.sliders[0].labels[4]);
  for (const [k, c] of p.charts.entries()) {
    const fr = spec.charts[k].frames;
    const moved = c.options[1].series;
    assert.deepEqual(plain(moved.map(s => s.id)), fr.ids);
    assert.deepEqual(plain(moved[0].data.map(d => d[1])), fr.f[4][0][1].map(y => (y === null ? '-' : y)));
  }
});

// A toggle shows one view at a time, marks its button, and hides a slider
// whose charts are all hidden.
test('a toggle switches views and hides their slider', async () => {
  const data = {
    charts: [0, 1].map(k => ({ option: { series: [], xAxis: { type: 'value' }, yAxis: { type: 'value' }, tooltip: {} }, w: 10, h: 10, ...(k === 1 ? { frames: { slider: 0, ids: [], xs: [], f: [[]] } } : {}) })),
    sliders: [{ labels: ['a'], init: 0 }], format: spec.format,
  };
  const html = '<div class="lossnb" id="T"><div><label><input type="range" data-slider="0" value="0"> <output data-readout="0">a</output></label>' +
    '<span data-toggle="0"><button data-view="0" aria-pressed="true">one</button><button data-view="1" aria-pressed="false">two</button></span></div>' +
    '<div data-toggle-views="0"><div data-view="0"><div data-chart="0"></div></div><div data-view="1"><div data-chart="1" style="display:none;"></div></div></div>' +
    `<script type="application/json">${JSON.stringify(data)}</script><script>(function(ID){${source}})("T");</script></div>`;
  const p = page(html);
  p.run();
  await settle();
  const [b0, b1] = p.doc.querySelectorAll('button');
  const label = p.doc.querySelector('input').parentNode;
  b0.dispatch('click');
  assert.equal(label.style.display, 'none', 'the slider of a hidden chart shows');
  b1.dispatch('click');
  assert.equal(b1.getAttribute('aria-pressed'), 'true');
  assert.equal(b0.getAttribute('aria-pressed'), 'false');
  assert.equal(p.doc.querySelector('[data-chart="0"]').style.display, 'none');
  assert.equal(p.doc.querySelector('[data-chart="1"]').style.display, '');
  assert.equal(label.style.display, '');
});

// Without window.echarts the loader fetches the library from the server's
// base URL once per page, and a failed load puts the error in every chart
// area instead of a blank box.
test('a library that cannot be loaded is reported in the chart areas', async () => {
  const p = page(golden, { echarts: false });
  p.run();
  await settle();
  const s = p.head.children[0];
  assert.equal(s.src, '/static/lossnb/echarts.min.js');
  s.onerror();
  await settle();
  for (const el of p.doc.querySelectorAll('[data-chart]')) assert.match(el.textContent, /could not be loaded: cannot load \/static\/lossnb\/echarts\.min\.js/);
  assert.equal(p.window.__lossnbEcharts, null, 'a failed load is not retried by the next output');
});

// With RequireJS on the page (classic Notebook) the library is loaded with
// require(), whose module becomes window.echarts.
test('with RequireJS the library comes through require()', async () => {
  let asked;
  const define = () => {};
  define.amd = {};
  const p = page(golden, { echarts: false, extra: { define, require: (urls, ok) => { asked = urls; ok(p.fake); } } });
  p.run();
  await settle();
  await settle();
  assert.deepEqual(plain(asked), ['/static/lossnb/echarts.min.js']);
  assert.equal(p.charts.length, 2);
});

// --- accessibility and chart behaviours (issue 20) ---------------------------------------

// A line is read at x as it is drawn (linear between points, its first value at a
// vertical jump), a gap gives nothing, a line whose x values go back and forth gives
// its nearest point, and points count only within tol. It would catch the tooltip
// quoting a neighbour's value or inventing one inside a gap.
test('valuesAt reads each series at x', () => {
  const { valuesAt } = loaderFunctions();
  const line = { type: 'line', data: [[0, 0], [1, 10], [2, '-'], [3, 30]] };
  assert.deepEqual(plain(valuesAt(line, 0.25, 0.01)), [{ y: 2.5, name: '' }]);
  assert.deepEqual(plain(valuesAt(line, 1.5, 0.01)), []);
  assert.deepEqual(plain(valuesAt(line, 4, 0.01)), []);
  const step = { type: 'line', data: [[-3, 1], [0, 1], [0, 0], [3, 0]] };
  assert.deepEqual(plain(valuesAt(step, -1, 0.01)), [{ y: 1, name: '' }]);
  assert.deepEqual(plain(valuesAt(step, 2, 0.01)), [{ y: 0, name: '' }]);
  const loop = { type: 'line', data: [[0, 0], [1, 1], [0.5, 2]] };
  assert.deepEqual(plain(valuesAt(loop, 0.52, 0.05)), [{ y: 2, name: '' }]);
  const pts = { type: 'scatter', data: [{ value: [1, 5], name: 'a' }, [1.004, 6], [2, 7]] };
  assert.deepEqual(plain(valuesAt(pts, 1, 0.005)), [{ x: 1, y: 5, name: 'a' }, { x: 1.004, y: 6, name: '' }]);
});

// ECharts passes the formatter only the series whose nearest point is nearest of all:
// notebook 01's 0/1 loss (four corner points) was left out of the tooltip. Every series
// must be listed, points at that x included. It would catch that regression.
test('the axis tooltip lists every series at x', () => {
  const { decorate, numberFormat } = loaderFunctions();
  const fmt = numberFormat(spec.format);
  const o = {
    xAxis: { type: 'value', min: -3, max: 3 }, yAxis: { type: 'value' }, tooltip: {},
    series: [
      { name: 'hinge', type: 'line', itemStyle: { color: '#000' }, data: [[-3, 4], [-2.95, 3.95], [3, 0]] },
      { name: '0/1', type: 'line', itemStyle: { color: '#111' }, data: [[-3, 1], [0, 1], [0, 0], [3, 0]] },
      { name: 'moved', type: 'scatter', itemStyle: { color: '#222' }, data: [[-2.95, 9]] },
      { name: 'far', type: 'scatter', itemStyle: { color: '#333' }, data: [[2, 9]] },
    ],
  };
  decorate(o, { xName: 'm' }, fmt);
  const tip = o.tooltip.formatter([{ axisValue: -2.95, seriesName: 'hinge', color: '#000', value: [-2.95, 3.95], seriesType: 'line' }]);
  assert.match(tip, /^m = -2\.95<br>.*hinge: <b>3\.95<\/b><br>.*0\/1: <b>1<\/b><br>.*moved: <b>9<\/b>$/);
  assert.doesNotMatch(tip, /far/);
});

// The data table holds what the chart shows: series sharing x values in one table with
// a column each, a lone labelled series with its point names, categories as rows, a
// heat map as a grid; text goes in as text. It would catch a table missing a series or
// a value in the wrong row.
test('data tables list the chart values', () => {
  const { dataTables, numberFormat } = loaderFunctions();
  const fmt = numberFormat(spec.format);
  const rows = t => t.querySelectorAll('tr').map(r => r.children.map(c => c.textContent));
  const o = {
    xAxis: { type: 'value' },
    series: [
      { name: 'a', data: [[0, 1], [1, '-']] }, { name: 'b', data: [[0, 2], [1, 3]] },
      { name: '<i>p', data: [{ value: [5, 6], name: 'x"' }] },
    ],
  };
  const ts = dataTables(o, { xName: 'r', yName: 'loss' }, fmt, 'T');
  assert.equal(ts.length, 2);
  assert.equal(ts[0].querySelector('caption').textContent, 'T: a, b');
  assert.deepEqual(plain(rows(ts[0])), [['r', 'a', 'b'], ['0', '1', '2'], ['1', '–', '3']]);
  assert.deepEqual(plain(rows(ts[1])), [['r', 'point', '<i>p'], ['5', 'x"', '6']]);
  assert.equal(ts[0].querySelector('th').getAttribute('scope'), 'col');
  const cat = dataTables({ xAxis: { type: 'category', data: ['u', 'v'] }, series: [{ name: 'n', data: [1, 2] }] }, {}, fmt, 'C');
  assert.deepEqual(plain(rows(cat[0])), [['x', 'n'], ['u', '1'], ['v', '2']]);
  const heat = dataTables({ xAxis: { data: ['0', '1'] }, yAxis: { data: ['5'] }, series: [{ type: 'heatmap', data: [[1, 0, 7], [0, 0, 8]] }] }, { xName: 'a', yName: 'b' }, fmt, 'H');
  assert.deepEqual(plain(rows(heat[0])), [['b (rows), a (columns)', '0', '1'], ['5', '8', '7']]);
});

// Keyboard: a slider gives screen readers its readout (aria-valuetext) and the data
// table follows the frame; a toggle's arrow keys, Home and End pick a view and move the
// focus. It would catch a slider read as its index, a stale table, or a toggle that
// only a mouse can switch.
test('keyboard and screen reader state of sliders and toggles', async () => {
  const p = page(golden);
  p.run();
  await settle();
  const input = p.doc.querySelector('input[data-slider="0"]');
  const d = p.doc.querySelector('details[data-table-of="0"]');
  d.open = true;
  d.dispatch('toggle');
  const box = p.doc.querySelector('[data-table="0"]');
  const before = box.textContent;
  assert.ok(before.length > 0, 'an open details shows no table');
  input.value = 4;
  input.dispatch('input');
  assert.equal(input.getAttribute('aria-valuetext'), spec.sliders[0].labels[4]);
  assert.notEqual(box.textContent, before, 'the table did not follow the slider');

  const data = {
    charts: [0, 1, 2].map(() => ({ option: { series: [], xAxis: { type: 'value' }, yAxis: { type: 'value' }, tooltip: {} }, w: 10, h: 10 })),
    sliders: [], format: spec.format,
  };
  const html = '<div class="lossnb" id="K"><span data-toggle="0"><button aria-pressed="true">a</button><button aria-pressed="false">b</button><button aria-pressed="false">c</button></span>' +
    '<div data-toggle-views="0"><div><div data-chart="0"></div></div><div><div data-chart="1" style="display:none;"></div></div><div><div data-chart="2" style="display:none;"></div></div></div>' +
    `<script type="application/json">${JSON.stringify(data)}</script><script>(function(ID){${source}})("K");</script></div>`;
  const q = page(html);
  q.run();
  await settle();
  const bs = q.doc.querySelectorAll('button');
  const pressed = () => bs.map(b => b.getAttribute('aria-pressed')).join(',');
  assert.ok(bs[0].dispatch('keydown', { key: 'ArrowRight' }).defaultPrevented);
  assert.equal(pressed(), 'false,true,false');
  assert.equal(Element.focused, bs[1]);
  bs[1].dispatch('keydown', { key: 'End' });
  assert.equal(pressed(), 'false,false,true');
  bs[2].dispatch('keydown', { key: 'ArrowRight' });
  assert.equal(pressed(), 'true,false,false', 'ArrowRight on the last view wraps to the first');
  bs[0].dispatch('keydown', { key: 'ArrowLeft' });
  assert.equal(pressed(), 'false,false,true');
  bs[2].dispatch('keydown', { key: 'Home' });
  assert.equal(pressed(), 'true,false,false');
  assert.equal(q.doc.querySelector('[data-chart="0"]').style.display, '');
  assert.ok(!bs[0].dispatch('keydown', { key: 'a' }).defaultPrevented, 'other keys are taken');
});
