// loader.js draws the charts of one chart.Render output in the page.
//
// Render embeds this file (go:embed) in every output as the body of
//   (function(ID){ …this file… })("lossnb-…");
// where ID is the id of the output's root element. The root holds the chart
// data as <script type="application/json"> (see pageSpec in render.go), one
// [data-chart=K] area per chart with a details[data-table-of=K] holding its
// data table's box [data-table=K], range inputs [data-slider=N] with
// readouts output[data-readout=N], and toggle groups [data-toggle] of buttons.
//
// The script finds the ECharts library (window.echarts, else
// {baseUrl}static/lossnb/echarts.min.js, loaded once per page, through
// RequireJS where the page has it), shows an error in the chart areas if it
// cannot, then draws and wires the sliders and toggles.
//
// Written for the browsers of 2020 on, with no build step. Render drops the
// comment lines and the indentation (compactJS), so keep every comment on a
// line of its own and no string or regular expression spanning lines.
// loader_test.mjs runs it under Node (node --test lossnb/chart).

var STATIC_PATH = 'static/lossnb/echarts.min.js';

// start waits (up to 5 s) for the output's root element to be in the page:
// a front end may run the script before it attaches the output.
function start(n) {
  var root = document.getElementById(ID);
  if (!root) {
    if (n < 100) setTimeout(function () { start(n + 1); }, 50);
    return;
  }
  var spec;
  try {
    spec = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
  } catch (e) {
    fail(root, e);
    return;
  }
  lib().then(function (ec) {
    try {
      draw(ec, root, spec);
    } catch (e) {
      fail(root, e);
    }
  }, function (e) { fail(root, e); });
}

// baseUrl is the Jupyter server's base URL, from JupyterLab's or Notebook 7's
// page config, or the classic Notebook's body attribute, else '/'.
function baseUrl() {
  try {
    var c = document.getElementById('jupyter-config-data');
    if (c) {
      var u = JSON.parse(c.textContent).baseUrl;
      if (u) return u;
    }
  } catch (e) {}
  var d = document.body && document.body.dataset && document.body.dataset.baseUrl;
  return d || '/';
}

// lib returns a promise of the ECharts library, loading it once per page.
function lib() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (window.__lossnbEcharts) return window.__lossnbEcharts;
  var url = baseUrl().replace(/\/?$/, '/') + STATIC_PATH;
  var p = new Promise(function (ok, no) {
    var d = window.define;
    function done() {
      if (window.echarts) ok(window.echarts);
      else no(new Error(url + ' did not define echarts'));
    }
    // With RequireJS on the page, a plain <script> would fail on the library's
    // anonymous define(): load it through require.
    if (typeof d === 'function' && d.amd && typeof window.require === 'function') {
      window.require([url], function (e) {
        window.echarts = window.echarts || e;
        done();
      }, function () { no(new Error('cannot load ' + url)); });
      return;
    }
    var s = document.createElement('script');
    s.src = url;
    s.onload = function () {
      if (d) window.define = d;
      done();
    };
    s.onerror = function () {
      if (d) window.define = d;
      no(new Error('cannot load ' + url));
    };
    if (d) window.define = undefined;
    document.head.appendChild(s);
  });
  window.__lossnbEcharts = p;
  // A failed load is tried again by the next output.
  p.catch(function () { window.__lossnbEcharts = null; });
  return p;
}

// fail replaces every chart area of the output with the error.
function fail(root, e) {
  var els = root.querySelectorAll('[data-chart]');
  for (var i = 0; i < els.length; i++) {
    var d = els[i];
    d.textContent = '';
    var m = document.createElement('div');
    m.style.cssText = 'box-sizing:border-box;height:100%;padding:12px;border:1px dashed #c00;background:#fff8f8;color:#900;font:13px sans-serif';
    m.textContent = 'lossnb: the chart library (ECharts) could not be loaded: ' + (e && e.message || e) + '. In Jupyter, start the server with the lossnb configuration (make lab); for an HTML export, use the lossnb exporter, which inlines the library.';
    d.appendChild(m);
  }
}

// esc escapes text for HTML (tooltips are HTML).
function esc(s) {
  return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
}

// numberFormat returns the number format of tooltips and axis labels, the
// rule of chart.FormatNumber whose constants arrive in the spec's format
// member: f.digits significant digits, or exponent notation with
// f.expDigits decimals for magnitudes below f.small or from f.large on.
function numberFormat(f) {
  return function (v) {
    if (typeof v !== 'number' || !isFinite(v)) return '–';
    var a = Math.abs(v);
    if (a !== 0 && (a >= f.large || a < f.small)) return v.toExponential(f.expDigits).replace('e+', 'e');
    return String(parseFloat(v.toPrecision(f.digits)));
  };
}

// mark is the coloured dot before a series name in a tooltip.
function mark(c) {
  return '<span style="display:inline-block;margin-right:5px;border-radius:5px;width:9px;height:9px;background:' + esc(c) + '"></span>';
}

// yOf is the y value of a tooltip item: [x, y] pairs or plain y values.
function yOf(p) {
  return Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
}

// pointOf reads one data item of a series: [x, y], {value: [x, y], name}
// or a plain y on a category axis; y is null for a gap.
function pointOf(d) {
  var v = d && !Array.isArray(d) && typeof d === 'object' ? d.value : d, n = d && d.name;
  var x = Array.isArray(v) ? +v[0] : null, y = Array.isArray(v) ? v[v.length - 1] : v;
  return { x: x, y: y === '-' || y === null || y === undefined ? null : +y, name: n || '' };
}

// valuesAt returns what series s shows at x: a line's value there (linear
// between its points, as drawn, when its x values increase; else its point
// nearest x within tol), or the points and bars within tol of x. Empty when
// the series has nothing there.
function valuesAt(s, x, tol) {
  var ps = (s.data || []).map(pointOf), out = [], i, best = -1;
  if (s.type === 'line') {
    var up = true;
    for (i = 1; i < ps.length; i++) if (!(ps[i].x >= ps[i - 1].x)) up = false;
    if (up) {
      for (i = 0; i + 1 < ps.length; i++) {
        var a = ps[i], b = ps[i + 1];
        if (a.x <= x && x <= b.x) {
          if (a.y === null || b.y === null) {
            var q = a.y === null ? b : a;
            return Math.abs(q.x - x) <= tol && q.y !== null ? [{ y: q.y, name: '' }] : [];
          }
          return [{ y: b.x === a.x ? a.y : a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x), name: '' }];
        }
      }
      if (ps.length === 1 && Math.abs(ps[0].x - x) <= tol && ps[0].y !== null) return [{ y: ps[0].y, name: '' }];
      return [];
    }
    for (i = 0; i < ps.length; i++) {
      if (ps[i].y !== null && Math.abs(ps[i].x - x) <= tol && (best < 0 || Math.abs(ps[i].x - x) < Math.abs(ps[best].x - x))) best = i;
    }
    return best < 0 ? [] : [{ y: ps[best].y, name: '' }];
  }
  for (i = 0; i < ps.length; i++) if (ps[i].y !== null && Math.abs(ps[i].x - x) <= tol) out.push(ps[i]);
  return out;
}

// decorate completes chart c's option o with what JSON cannot carry: a heat
// map's [i, j, z] triples (sent as rows), and the label and tooltip
// formatters, which format numbers with fmt.
function decorate(o, c, fmt) {
  var xn = esc(c.xName || 'x'), yn = esc(c.yName || 'y');
  o.series.forEach(function (s) {
    if (s.rows) {
      s.data = [];
      s.rows.forEach(function (r, j) {
        r.forEach(function (z, i) { s.data.push([i, j, z]); });
      });
      delete s.rows;
    }
  });
  [o.xAxis, o.yAxis].forEach(function (a) {
    if (a.type === 'value') {
      a.axisLabel = a.axisLabel || {};
      a.axisLabel.formatter = fmt;
    }
  });
  if (o.visualMap) o.visualMap.formatter = fmt;
  o.tooltip.formatter = function (ps) {
    if (!Array.isArray(ps)) {
      // trigger 'item': one point of a heat map, a scatter series or bars
      var p = ps, v = p.value, h;
      if (p.seriesType === 'heatmap') {
        return xn + ' = ' + esc(o.xAxis.data[v[0]]) + '<br>' + yn + ' = ' + esc(o.yAxis.data[v[1]]) + '<br><b>' + fmt(v[2]) + '</b>';
      }
      h = mark(p.color) + esc(p.seriesName) + (p.name ? ' · ' + esc(p.name) : '') + '<br>';
      if (Array.isArray(v)) return h + xn + ' = ' + fmt(v[0]) + '<br>' + yn + ' = <b>' + fmt(v[1]) + '</b>';
      return h + esc(p.name) + ': <b>' + fmt(v) + '</b>';
    }
    // trigger 'axis': every series at the hovered x
    if (!ps.length) return '';
    var t, i, rows = '';
    if (o.xAxis.type === 'value') {
      // ECharts lists only the series whose nearest point is nearest the
      // pointer of all: series sampled at other x values (the 0/1 loss's
      // corners, a fitted line's two ends) would be left out. So each
      // series is read at x here, from the data it shows now.
      var x = +ps[0].axisValue, tol = 0.005 * (o.xAxis.max - o.xAxis.min);
      if (!(tol > 0)) tol = 0;
      o.series.forEach(function (s) {
        var col = s.itemStyle && s.itemStyle.color;
        valuesAt(s, x, tol).forEach(function (r) {
          rows += '<br>' + mark(col) + esc(s.name) + (r.name ? ' · ' + esc(r.name) : '') + ': <b>' + fmt(r.y) + '</b>';
        });
      });
      if (rows) return xn + ' = ' + fmt(x) + rows;
    }
    t = o.xAxis.type === 'category' ? esc(ps[0].name) : xn + ' = ' + fmt(ps[0].axisValue);
    for (i = 0; i < ps.length; i++) {
      var q = ps[i];
      t += '<br>' + mark(q.color) + esc(q.seriesName) + (q.seriesType === 'scatter' && q.name ? ' · ' + esc(q.name) : '') + ': <b>' + fmt(+yOf(q)) + '</b>';
    }
    return t;
  };
}

// cell appends a table cell with text to row tr.
function cell(tr, tag, text, scope) {
  var e = document.createElement(tag);
  e.textContent = text;
  if (scope) e.setAttribute('scope', scope);
  tr.appendChild(e);
}

// dataTables returns the tables of chart c's option o as it is now, for
// screen readers and anyone who wants the numbers: a heat map's grid; one
// row per category; or, for numeric x, one table per set of series that
// share their x values, a column per series.
function dataTables(o, c, fmt, title) {
  var tables = [], xn = c.xName || 'x', yn = c.yName || 'y';
  function table(caption, head) {
    var t = document.createElement('table'), cap = document.createElement('caption'), tr = document.createElement('tr');
    cap.textContent = caption;
    t.appendChild(cap);
    head.forEach(function (h) { cell(tr, 'th', h, 'col'); });
    t.appendChild(tr);
    tables.push(t);
    return t;
  }
  function row(t, th, tds) {
    var tr = document.createElement('tr');
    cell(tr, 'th', th, 'row');
    tds.forEach(function (d) { cell(tr, 'td', d); });
    t.appendChild(tr);
  }
  var ss = o.series, i, j;
  if (ss.length && ss[0].type === 'heatmap') {
    var t = table(title + ': ' + yn + ' (rows) by ' + xn + ' (columns)', [yn + ' (rows), ' + xn + ' (columns)'].concat(o.xAxis.data));
    var z = o.yAxis.data.map(function () { return o.xAxis.data.map(function () { return '–'; }); });
    ss[0].data.forEach(function (d) { z[d[1]][d[0]] = fmt(d[2]); });
    o.yAxis.data.forEach(function (yv, j) { row(t, yv, z[j]); });
    return tables;
  }
  if (o.xAxis.type === 'category') {
    var tc = table(title, [xn].concat(ss.map(function (s) { return s.name || yn; })));
    o.xAxis.data.forEach(function (cat, i) {
      row(tc, cat, ss.map(function (s) { var p = pointOf((s.data || [])[i]); return p.y === null ? '–' : fmt(p.y); }));
    });
    return tables;
  }
  // Series with the same x values share a table.
  var groups = [], keys = {};
  ss.forEach(function (s) {
    var ps = (s.data || []).map(pointOf), k = ps.map(function (p) { return p.x; }).join(',');
    if (!(k in keys)) {
      keys[k] = groups.length;
      groups.push({ ps: ps, ss: [] });
    }
    groups[keys[k]].ss.push({ s: s, ps: ps });
  });
  groups.forEach(function (g) {
    var named = g.ss.length === 1 && g.ps.some(function (p) { return p.name; });
    var names = g.ss.map(function (e) { return e.s.name || yn; });
    var tg = table(title + (groups.length > 1 ? ': ' + names.join(', ') : ''), [xn].concat(named ? ['point'] : [], names));
    for (i = 0; i < g.ps.length; i++) {
      var tds = named ? [g.ps[i].name] : [];
      for (j = 0; j < g.ss.length; j++) tds.push(g.ss[j].ps[i].y === null ? '–' : fmt(g.ss[j].ps[i].y));
      row(tg, fmt(g.ps[i].x), tds);
    }
  });
  return tables;
}

// frame returns the series of slider frame i (see eFrames in option.go):
// per changing series, its x array (by index, -1 on a category axis) and its
// y values, null for a gap ('-' to ECharts).
function frame(f, i) {
  return f.f[i].map(function (e, j) {
    var xs = e[0] < 0 ? null : f.xs[e[0]];
    return {
      id: f.ids[j],
      data: e[1].map(function (y, n) {
        if (y === null) y = '-';
        return xs ? [xs[n], y] : y;
      })
    };
  });
}

// draw draws every chart of the output and wires its sliders, toggles and
// data tables.
function draw(ec, root, spec) {
  var inst = [], i;
  var fmt = numberFormat(spec.format);
  // table fills chart k's data table from what the chart shows now, if open.
  function table(k) {
    var d = root.querySelector('details[data-table-of="' + k + '"]'), c = spec.charts[k];
    if (!d || !d.open) return;
    var box = root.querySelector('[data-table="' + k + '"]');
    box.textContent = '';
    dataTables(c.option, c, fmt, c.option.title.text || 'chart ' + (k + 1)).forEach(function (t) { box.appendChild(t); });
  }
  spec.charts.forEach(function (c, k) {
    var el = root.querySelector('[data-chart="' + k + '"]');
    el.textContent = '';
    decorate(c.option, c, fmt);
    var ch = ec.init(el, null, { renderer: 'canvas', width: c.w, height: c.h });
    ch.setOption(c.option);
    inst[k] = ch;
    var d = root.querySelector('details[data-table-of="' + k + '"]');
    if (d) d.addEventListener('toggle', function () { table(k); });
  });
  // A slider shows the frame of its value in every chart that follows it.
  var ins = root.querySelectorAll('input[data-slider]');
  for (i = 0; i < ins.length; i++) (function (inp) {
    var s = +inp.getAttribute('data-slider');
    var out = root.querySelector('output[data-readout="' + s + '"]');
    inp.addEventListener('input', function () {
      var v = +inp.value;
      out.textContent = spec.sliders[s].labels[v];
      inp.setAttribute('aria-valuetext', spec.sliders[s].labels[v]);
      spec.charts.forEach(function (c, k) {
        if (!c.frames || c.frames.slider !== s) return;
        var f = frame(c.frames, v);
        // The option keeps the data shown, for tooltips and the data table.
        f.forEach(function (e) {
          c.option.series.forEach(function (o) { if (o.id === e.id) o.data = e.data; });
        });
        inst[k].setOption({ series: f });
        table(k);
      });
    });
  })(ins[i]);
  // A toggle's buttons show one of its views (the first chart of each). Tab
  // reaches each button and Enter or Space presses it; the arrow keys, Home
  // and End move to the previous, next, first or last view.
  var tg = root.querySelectorAll('[data-toggle]');
  for (i = 0; i < tg.length; i++) (function (g) {
    var n = g.getAttribute('data-toggle'), bs = g.querySelectorAll('button');
    var vs = root.querySelector('[data-toggle-views="' + n + '"]').children;
    function pick(j) {
      for (var k = 0; k < bs.length; k++) {
        var on = k === j;
        bs[k].setAttribute('aria-pressed', on);
        bs[k].style.background = on ? '#0072B2' : '#fff';
        bs[k].style.color = on ? '#fff' : '#0072B2';
        vs[k].firstChild.style.display = on ? '' : 'none';
      }
      shown();
    }
    for (var j = 0; j < bs.length; j++) (function (b, j) {
      b.addEventListener('click', function () { pick(j); });
      b.addEventListener('keydown', function (e) {
        var to = { ArrowRight: j + 1, ArrowDown: j + 1, ArrowLeft: j - 1, ArrowUp: j - 1, Home: 0, End: bs.length - 1 }[e.key];
        if (to === undefined) return;
        e.preventDefault();
        to = (to + bs.length) % bs.length;
        bs[to].focus();
        pick(to);
      });
    })(bs[j], j);
  })(tg[i]);
  // After a toggle click, a slider shows only while a chart it moves is in a shown view.
  // Decided from the toggles' own display styles, not from layout, and not at draw time:
  // Notebook 7 draws outputs before they are laid out, where such checks misfire.
  function inView(el) {
    for (; el && el !== root; el = el.parentNode) if (el.style && el.style.display === 'none') return false;
    return true;
  }
  function shown() {
    for (var i = 0; i < ins.length; i++) {
      var s = +ins[i].getAttribute('data-slider'), vis = false;
      spec.charts.forEach(function (c, k) {
        if (c.frames && c.frames.slider === s && inView(root.querySelector('[data-chart="' + k + '"]'))) vis = true;
      });
      ins[i].parentNode.style.display = vis ? '' : 'none';
    }
  }
}

start(0);
