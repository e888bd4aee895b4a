package chart

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Render returns a self-contained HTML snippet drawing the items: controls
// (one slider per distinct *Slider used by any of the items' frames, one
// row of buttons per toggle) above the charts, laid side by side where the
// width allows. Charts that follow the same slider move together.
//
// The snippet holds the data (as JSON) and a small script, never the
// ECharts library: the script uses window.echarts if the page has it (an
// exported page, see LibraryScript) and otherwise loads it once per page from
// the Jupyter server at {baseUrl}static/lossnb/echarts.min.js. If the library
// cannot be loaded the chart area says so. Every call uses a new random
// element id, so a cell may show several charts and be re-run.
//
// Render checks the data first: a non-finite x, or a non-finite y in a series
// without Gaps, is an error naming the series and the index.
func Render(items ...Item) (string, error) {
	// math/rand/v2's generator is seeded at random for each program: ids
	// differ between cells and runs. (crypto/rand would do as well but
	// add to the link time of every cell that shows a chart.)
	html, err := render(fmt.Sprintf("lossnb-%016x", rand.Uint64()), items)
	return html, named("Render", err)
}

type pageSpec struct {
	Charts  []pageChart  `json:"charts"`
	Sliders []pageSlider `json:"sliders"`
}

type pageChart struct {
	Option eOption  `json:"option"`
	W      int      `json:"w"`
	H      int      `json:"h"`
	XName  string   `json:"xName"`
	YName  string   `json:"yName"`
	Frames *eFrames `json:"frames,omitempty"`
}

type pageSlider struct {
	Labels []string `json:"labels"`
	Init   int      `json:"init"`
}

// spec builds the page data and the HTML of the controls and chart areas.
func spec(items []Item) (*pageSpec, string, string, error) {
	if len(items) == 0 {
		return nil, "", "", fmt.Errorf("chart: nothing to render")
	}
	ps := &pageSpec{Charts: []pageChart{}, Sliders: []pageSlider{}}
	sliderIndex := map[*Slider]int{}
	var controls, areas strings.Builder
	addChart := func(c *Chart, hidden bool) error {
		snap, err := snapshot(c)
		if err != nil {
			return err
		}
		pc := pageChart{Option: option(snap), XName: c.XLabel, YName: c.YLabel}
		pc.Option.Title.Title = c.Title // the readout is next to the slider
		pc.W, pc.H = snap.size()
		if c.Frames != nil {
			sl := c.Frames.Slider
			k, ok := sliderIndex[sl]
			if !ok {
				k = len(ps.Sliders)
				sliderIndex[sl] = k
				p := pageSlider{Init: sl.Init}
				for i := range sl.Values {
					p.Labels = append(p.Labels, sl.Readout(i))
				}
				ps.Sliders = append(ps.Sliders, p)
				fmt.Fprintf(&controls, `<label style="margin-right:18px;white-space:nowrap"><input type="range" min="0" max="%d" step="1" value="%d" data-slider="%d" aria-label="%s" style="vertical-align:middle;width:220px"> <output data-readout="%d">%s</output></label>`,
					len(sl.Values)-1, sl.Init, k, escapeHTML(sl.Name), k, escapeHTML(sl.Readout(sl.Init)))
			}
			pc.Frames = frames(c, k)
		}
		display := ""
		if hidden {
			display = "display:none;"
		}
		fmt.Fprintf(&areas, `<div data-chart="%d" style="%swidth:%dpx;height:%dpx;position:relative;font:13px sans-serif;color:#666">Loading the interactive chart… If this stays, the notebook's JavaScript did not run (trust the notebook or re-run the cell).</div>`,
			len(ps.Charts), display, pc.W, pc.H)
		ps.Charts = append(ps.Charts, pc)
		return nil
	}
	for n, it := range items {
		switch it := it.(type) {
		case *Toggle:
			if err := it.check(); err != nil {
				return nil, "", "", err
			}
			fmt.Fprintf(&controls, `<span role="group" data-toggle="%d" style="margin-right:18px;white-space:nowrap">`, n)
			for v, view := range it.Views {
				fmt.Fprintf(&controls, `<button type="button" data-view="%d" aria-pressed="%t" style="%s">%s</button>`,
					v, v == it.Init, buttonStyle(v == it.Init), escapeHTML(view.Name))
			}
			controls.WriteString(`</span>`)
			fmt.Fprintf(&areas, `<div data-toggle-views="%d">`, n)
			for v, view := range it.Views {
				fmt.Fprintf(&areas, `<div data-view="%d">`, v)
				if err := addChart(view.Chart, v != it.Init); err != nil {
					return nil, "", "", fmt.Errorf("%w (toggle view %q)", err, view.Name)
				}
				areas.WriteString(`</div>`)
			}
			areas.WriteString(`</div>`)
		default:
			c, err := viewOf(it)
			if err != nil {
				return nil, "", "", err
			}
			if err := addChart(c, false); err != nil {
				return nil, "", "", err
			}
		}
	}
	return ps, controls.String(), areas.String(), nil
}

// escapeHTML escapes text for an HTML element or a quoted attribute, as
// html.EscapeString does (package html would add its table of 2,000 named
// entities to every cell that shows a chart).
var escapeHTML = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;").Replace

func buttonStyle(on bool) string {
	if on {
		return "margin:0 4px 0 0;padding:2px 10px;border:1px solid #5470c6;border-radius:3px;background:#5470c6;color:#fff;cursor:pointer"
	}
	return "margin:0 4px 0 0;padding:2px 10px;border:1px solid #5470c6;border-radius:3px;background:#fff;color:#5470c6;cursor:pointer"
}

func render(id string, items []Item) (string, error) {
	ps, controls, areas, err := spec(items)
	if err != nil {
		return "", err
	}
	data, err := json.Marshal(ps) // escapes <, > and &: safe inside <script>
	if err != nil {
		return "", fmt.Errorf("chart: encoding the chart data: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="lossnb" id="%s">`, id)
	if controls != "" {
		fmt.Fprintf(&b, `<div class="lossnb-controls" style="font:13px sans-serif;margin:4px 0 6px 0">%s</div>`, controls)
	}
	fmt.Fprintf(&b, `<div class="lossnb-charts" style="display:flex;flex-wrap:wrap;gap:8px">%s</div>`, areas)
	fmt.Fprintf(&b, `<script type="application/json">%s</script>`, data)
	fmt.Fprintf(&b, "<script>\n(function(ID){%s})(%s);\n</script></div>", loaderJS, strconv.Quote(id))
	return b.String(), nil
}

// StaticPath is where the page's script looks for the library, relative to
// the Jupyter server's base URL. The build serves the npm file there with
// ServerApp.extra_static_paths.
const StaticPath = "static/lossnb/echarts.min.js"

// loaderJS draws the charts of one Render output. It finds the library as
// described at Render, shows an error in the chart areas if it cannot, then
// wires the sliders and toggles. Written for the browsers of 2020 on (no
// build step); kept short since every output carries a copy.
const loaderJS = `
function start(n){var root=document.getElementById(ID);
if(!root){if(n<100)setTimeout(function(){start(n+1)},50);return}
var spec;try{spec=JSON.parse(root.querySelector('script[type="application/json"]').textContent)}catch(e){fail(root,e);return}
lib().then(function(ec){try{draw(ec,root,spec)}catch(e){fail(root,e)}},function(e){fail(root,e)})}
function baseUrl(){try{var c=document.getElementById('jupyter-config-data');if(c){var u=JSON.parse(c.textContent).baseUrl;if(u)return u}}catch(e){}
var d=document.body&&document.body.dataset&&document.body.dataset.baseUrl;return d||'/'}
function lib(){if(window.echarts)return Promise.resolve(window.echarts);
if(window.__lossnbEcharts)return window.__lossnbEcharts;
var url=baseUrl().replace(/\/?$/,'/')+'` + StaticPath + `';
var p=new Promise(function(ok,no){var d=window.define;
function done(){if(window.echarts)ok(window.echarts);else no(new Error(url+' did not define echarts'))}
if(typeof d==='function'&&d.amd&&typeof window.require==='function'){
window.require([url],function(e){window.echarts=window.echarts||e;done()},function(){no(new Error('cannot load '+url))});return}
var s=document.createElement('script');s.src=url;
s.onload=function(){if(d)window.define=d;done()};
s.onerror=function(){if(d)window.define=d;no(new Error('cannot load '+url))};
if(d)window.define=undefined;document.head.appendChild(s)});
window.__lossnbEcharts=p;p.catch(function(){window.__lossnbEcharts=null});return p}
function fail(root,e){var els=root.querySelectorAll('[data-chart]');
for(var i=0;i<els.length;i++){var d=els[i];d.textContent='';var m=document.createElement('div');
m.style.cssText='box-sizing:border-box;height:100%;padding:12px;border:1px dashed #c00;background:#fff8f8;color:#900;font:13px sans-serif';
m.textContent='lossnb: the chart library (ECharts) could not be loaded: '+(e&&e.message||e)+'. In Jupyter, start the server with the lossnb configuration (make lab); for an HTML export, use the lossnb exporter, which inlines the library.';
d.appendChild(m)}}
function esc(s){return String(s).replace(/[&<>"']/g,function(c){return '&#'+c.charCodeAt(0)+';'})}
function fmt(v){if(typeof v!=='number'||!isFinite(v))return '–';var a=Math.abs(v);
if(a!==0&&(a>=1e5||a<1e-3))return v.toExponential(2).replace('e+','e');return String(parseFloat(v.toPrecision(4)))}
function mark(c){return '<span style="display:inline-block;margin-right:5px;border-radius:5px;width:9px;height:9px;background:'+esc(c)+'"></span>'}
function yOf(p){return Array.isArray(p.value)?p.value[p.value.length-1]:p.value}
function decorate(o,c){var xn=esc(c.xName||'x'),yn=esc(c.yName||'y');
o.series.forEach(function(s){if(s.rows){s.data=[];s.rows.forEach(function(r,j){r.forEach(function(z,i){s.data.push([i,j,z])})});delete s.rows}});
[o.xAxis,o.yAxis].forEach(function(a){if(a.type==='value'){a.axisLabel=a.axisLabel||{};a.axisLabel.formatter=fmt}});
if(o.visualMap)o.visualMap.formatter=fmt;
o.tooltip.formatter=function(ps){
if(!Array.isArray(ps)){var p=ps,v=p.value,h;
if(p.seriesType==='heatmap')return xn+' = '+esc(o.xAxis.data[v[0]])+'<br>'+yn+' = '+esc(o.yAxis.data[v[1]])+'<br><b>'+fmt(v[2])+'</b>';
h=mark(p.color)+esc(p.seriesName)+(p.name?' · '+esc(p.name):'')+'<br>';
if(Array.isArray(v))return h+xn+' = '+fmt(v[0])+'<br>'+yn+' = <b>'+fmt(v[1])+'</b>';
return h+esc(p.name)+': <b>'+fmt(v)+'</b>'}
if(!ps.length)return '';
var t=o.xAxis.type==='category'?esc(ps[0].name):xn+' = '+fmt(ps[0].axisValue);
for(var i=0;i<ps.length;i++){var q=ps[i];t+='<br>'+mark(q.color)+esc(q.seriesName)+(q.seriesType==='scatter'&&q.name?' · '+esc(q.name):'')+': <b>'+fmt(+yOf(q))+'</b>'}
return t}}
function frame(f,i){return f.f[i].map(function(e,j){var xs=e[0]<0?null:f.xs[e[0]];
return {id:f.ids[j],data:e[1].map(function(y,n){if(y===null)y='-';return xs?[xs[n],y]:y})}})}
function draw(ec,root,spec){var inst=[],i;
spec.charts.forEach(function(c,k){var el=root.querySelector('[data-chart="'+k+'"]');el.textContent='';
decorate(c.option,c);var ch=ec.init(el,null,{renderer:'canvas',width:c.w,height:c.h});ch.setOption(c.option);inst[k]=ch});
var ins=root.querySelectorAll('input[data-slider]');
for(i=0;i<ins.length;i++)(function(inp){var s=+inp.getAttribute('data-slider'),out=root.querySelector('output[data-readout="'+s+'"]');
inp.addEventListener('input',function(){var v=+inp.value;out.textContent=spec.sliders[s].labels[v];
spec.charts.forEach(function(c,k){if(c.frames&&c.frames.slider===s)inst[k].setOption({series:frame(c.frames,v)})})})})(ins[i]);
var tg=root.querySelectorAll('[data-toggle]');
for(i=0;i<tg.length;i++)(function(g){var n=g.getAttribute('data-toggle'),bs=g.querySelectorAll('button'),
vs=root.querySelector('[data-toggle-views="'+n+'"]').children;
for(var j=0;j<bs.length;j++)(function(b,j){b.addEventListener('click',function(){
for(var k=0;k<bs.length;k++){var on=k===j;bs[k].setAttribute('aria-pressed',on);bs[k].style.background=on?'#5470c6':'#fff';bs[k].style.color=on?'#fff':'#5470c6';
vs[k].firstChild.style.display=on?'':'none'}shown()})})(bs[j],j)})(tg[i]);
// After a toggle click, a slider shows only while a chart it moves is in a shown view.
// Decided from the toggles' own display styles, not from layout, and not at draw time:
// Notebook 7 draws outputs before they are laid out, where such checks misfire.
function inView(el){for(;el&&el!==root;el=el.parentNode)if(el.style&&el.style.display==='none')return false;return true}
function shown(){for(var i=0;i<ins.length;i++){var s=+ins[i].getAttribute('data-slider'),vis=false;
spec.charts.forEach(function(c,k){if(c.frames&&c.frames.slider===s&&inView(root.querySelector('[data-chart="'+k+'"]')))vis=true});
ins[i].parentNode.style.display=vis?'':'none'}}}
start(0);`
