// loader.js draws the charts of one chart.Render output in the page.
//
// Render embeds this file (go:embed) in every output as the body of
//   (function(ID){ …this file… })("lossnb-…");
// where ID is the id of the output's root element. The root holds the chart
// data as <script type="application/json"> (see pageSpec in render.go), one
// [data-chart=K] area per chart, range inputs [data-slider=N] with readouts
// output[data-readout=N], and toggle groups [data-toggle] of buttons.
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
    var t = o.xAxis.type === 'category' ? esc(ps[0].name) : xn + ' = ' + fmt(ps[0].axisValue);
    for (var i = 0; i < ps.length; i++) {
      var q = ps[i];
      t += '<br>' + mark(q.color) + esc(q.seriesName) + (q.seriesType === 'scatter' && q.name ? ' · ' + esc(q.name) : '') + ': <b>' + fmt(+yOf(q)) + '</b>';
    }
    return t;
  };
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

// draw draws every chart of the output and wires its sliders and toggles.
function draw(ec, root, spec) {
  var inst = [], i;
  var fmt = numberFormat(spec.format);
  spec.charts.forEach(function (c, k) {
    var el = root.querySelector('[data-chart="' + k + '"]');
    el.textContent = '';
    decorate(c.option, c, fmt);
    var ch = ec.init(el, null, { renderer: 'canvas', width: c.w, height: c.h });
    ch.setOption(c.option);
    inst[k] = ch;
  });
  // A slider shows the frame of its value in every chart that follows it.
  var ins = root.querySelectorAll('input[data-slider]');
  for (i = 0; i < ins.length; i++) (function (inp) {
    var s = +inp.getAttribute('data-slider');
    var out = root.querySelector('output[data-readout="' + s + '"]');
    inp.addEventListener('input', function () {
      var v = +inp.value;
      out.textContent = spec.sliders[s].labels[v];
      spec.charts.forEach(function (c, k) {
        if (c.frames && c.frames.slider === s) inst[k].setOption({ series: frame(c.frames, v) });
      });
    });
  })(ins[i]);
  // A toggle's buttons show one of its views (the first chart of each).
  var tg = root.querySelectorAll('[data-toggle]');
  for (i = 0; i < tg.length; i++) (function (g) {
    var n = g.getAttribute('data-toggle'), bs = g.querySelectorAll('button');
    var vs = root.querySelector('[data-toggle-views="' + n + '"]').children;
    for (var j = 0; j < bs.length; j++) (function (b, j) {
      b.addEventListener('click', function () {
        for (var k = 0; k < bs.length; k++) {
          var on = k === j;
          bs[k].setAttribute('aria-pressed', on);
          bs[k].style.background = on ? '#5470c6' : '#fff';
          bs[k].style.color = on ? '#fff' : '#5470c6';
          vs[k].firstChild.style.display = on ? '' : 'none';
        }
        shown();
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
