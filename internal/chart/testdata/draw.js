// draw.js runs theme/js/charts.js under Node against the vendored ECharts,
// with just enough of a DOM for it: each fake canvas element carries the
// attributes internal/chart writes, and echarts.init is redirected to
// ECharts' server-side SVG renderer. It prints, per chart, what charts.js
// left on the element and the SVG ECharts drew.
//
// Usage: node draw.js ECHARTS_JS CHARTS_JS INPUT_JSON [CSS_JSON]
// INPUT_JSON: [{"id", "height", "data": {data-* attributes}, "option": "<json text>"}]
// CSS_JSON: the root element's custom properties, {"--chart-1": "#c00"}
'use strict';
const fs = require('fs');
const vm = require('vm');
const [echartsPath, chartsPath, inputPath, cssJSON] = process.argv.slice(2);
const cssVars = JSON.parse(cssJSON || '{}') || {};
const echarts = require(echartsPath);
const input = JSON.parse(fs.readFileSync(inputPath, 'utf8'));

const instances = {};
function fakeCanvas(c) {
  const attrs = { 'data-chart': c.id + '-data' };
  const table = { style: {} };
  const figure = { classList: { add(x) { figure.cls = x; } }, querySelector() { return table; } };
  return {
    id: c.id, dataset: c.data, height: c.height, table, figure,
    getAttribute(k) { return attrs[k] === undefined ? null : attrs[k]; },
    setAttribute(k, v) { attrs[k] = String(v); },
    closest() { return figure; },
  };
}
const els = input.map(fakeCanvas);
const scripts = Object.fromEntries(input.map(c => [c.id + '-data', { textContent: c.option }]));

global.window = {
  echarts: {
    registerTheme: echarts.registerTheme,
    init(el, theme, opts) {
      if (opts.renderer !== 'svg') { throw new Error('renderer ' + opts.renderer); }
      const chart = echarts.init(null, theme, { renderer: 'svg', ssr: true, width: 600, height: el.height });
      instances[el.id] = chart;
      return chart;
    },
  },
  addEventListener() {},
  requestAnimationFrame() {},
  getComputedStyle() { return { fontFamily: 'serif', getPropertyValue(name) { return cssVars[name] || ''; } }; },
  console,
};
global.document = {
  readyState: 'complete',
  documentElement: {},
  querySelectorAll(sel) { return sel === '.chart-canvas[data-chart]' ? els : []; },
  getElementById(id) { return scripts[id] || null; },
  addEventListener() {},
  // ECharts measures text on a canvas it creates from document: a fixed
  // width per character is close enough for layout in a test.
  createElement() {
    return { getContext() { return { font: '', measureText(t) { return { width: 6 * String(t).length }; } }; } };
  },
};
vm.runInThisContext(fs.readFileSync(chartsPath, 'utf8'), { filename: chartsPath });

const out = els.map(el => ({
  id: el.id,
  rendered: el.getAttribute('data-rendered'),
  figureClass: el.figure.cls || '',
  tableClip: el.table.style.clipPath || '',
  svg: instances[el.id] ? instances[el.id].renderToSVGString() : '',
}));
process.stdout.write(JSON.stringify(out));
// zrender keeps a timer alive; the work is done.
process.exit(0);
