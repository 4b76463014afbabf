/*
 * charts.js draws opsreport's charts. Each chart on a page is an empty
 * <div class="chart-canvas" data-chart="ID-data"> followed by
 * <script type="application/json" id="ID-data"> holding the ECharts option
 * that internal/chart wrote. The option is data, never code: this script
 * parses it, adds the number formatting (functions cannot travel in JSON;
 * the format comes from the div's data-locale, data-decimals, data-prefix and
 * data-suffix), and draws it with the SVG renderer so it prints sharply.
 *
 * No network, no eval, no inline handlers. A chart that fails to draw keeps
 * its fallback table visible; a drawn one gets data-rendered="true", one that failed
 * data-rendered="failed" (so a printer waiting for the charts goes on).
 */
(function () {
  'use strict';

  var THEME = 'opsreport';

  // The colours are the stylesheet's: custom properties --chart-1 to
  // --chart-6 (the series, in order), --chart-ink, --chart-muted,
  // --chart-rule, --chart-axis, --chart-paper and --chart-border, read once
  // the page's CSS applies, so a site's theme/css/custom.css restyles its
  // charts too. The values here are only for a page without them. The
  // built-in palette is ordered so neighbours differ in lightness, not only
  // in hue: the first series (the actual) is darkest, comparison series are
  // lighter, and a grey-scale print still tells them apart. Dashes, marker
  // shapes (set per series by internal/chart) and decals carry the rest.
  var DEFAULTS = {
    'chart-1': '#1f4e79', 'chart-2': '#8a8a8a', 'chart-3': '#c0712a',
    'chart-4': '#6aa6d8', 'chart-5': '#333333', 'chart-6': '#9bbf8f',
    'chart-ink': '#333333', 'chart-muted': '#666666', 'chart-rule': '#e3e3e3',
    'chart-axis': '#999999', 'chart-paper': '#ffffff', 'chart-border': '#bbbbbb'
  };

  // colours reads every chart colour from the root element's style; a
  // property the page does not set keeps its default.
  function colours() {
    var style = window.getComputedStyle ? window.getComputedStyle(document.documentElement) : null;
    var c = {};
    Object.keys(DEFAULTS).forEach(function (name) {
      var v = style && style.getPropertyValue ? style.getPropertyValue('--' + name) : '';
      c[name] = String(v || '').trim() || DEFAULTS[name];
    });
    return c;
  }

  function axisStyle(c, showSplit) {
    return {
      axisLine: { show: !showSplit, lineStyle: { color: c['chart-axis'] } },
      axisTick: { show: !showSplit, lineStyle: { color: c['chart-axis'] } },
      axisLabel: { color: c['chart-muted'] },
      splitLine: { show: showSplit, lineStyle: { color: c['chart-rule'] } },
      splitArea: { show: false }
    };
  }

  function registerTheme(echarts) {
    var c = colours();
    echarts.registerTheme(THEME, {
      color: [c['chart-1'], c['chart-2'], c['chart-3'], c['chart-4'], c['chart-5'], c['chart-6']],
      backgroundColor: 'transparent',
      textStyle: { color: c['chart-ink'] },
      categoryAxis: axisStyle(c, false),
      valueAxis: axisStyle(c, true),
      legend: { textStyle: { color: c['chart-ink'] }, itemWidth: 28, itemHeight: 12 },
      tooltip: {
        backgroundColor: c['chart-paper'],
        borderColor: c['chart-border'],
        textStyle: { color: c['chart-ink'] },
        axisPointer: { lineStyle: { color: c['chart-axis'] } }
      },
      line: { symbolSize: 6, lineStyle: { width: 2 } },
      bar: { itemStyle: { borderWidth: 0 } },
      aria: { enabled: true, decal: { show: true } }
    });
  }

  // numberFormats builds the tooltip and axis formatters for one chart.
  function numberFormats(el) {
    var d = el.dataset;
    var locale = d.locale || 'en-US';
    var decimals = Math.max(0, parseInt(d.decimals, 10) || 0);
    var prefix = d.prefix || '';
    var suffix = d.suffix || '';
    var full = new Intl.NumberFormat(locale, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals
    });
    // Axis ticks are round numbers: show only the digits they have, and
    // shorten large ones ("$1.2M") so labels do not crowd the plot.
    var tick = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    var compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });

    function wrap(nf, v) {
      if (v === null || v === undefined || v === '-' || isNaN(v)) {
        return '–';
      }
      var n = Number(v);
      return (n < 0 ? '-' : '') + prefix + nf.format(Math.abs(n)) + suffix;
    }
    // short is kpi.CompactNumber's rule (data-compact): three significant
    // digits in thousands, millions or billions, so a tooltip reads like
    // the tile beside it ("$5.35M"); null when the value stays whole.
    var words = (d.compactWords || 'k|M|B').split('|');
    var fixed = { thousands: 1, millions: 2, billions: 3 }[d.compact];
    // atScale is n (≥ 0) divided by 1000^scale and rounded half up to
    // three significant digits on its shortest decimal text, as Go's
    // atScale does, so 1,005 is "1.01k" in a tooltip as on its tile
    // (toFixed would round the binary 1.00499… down).
    function atScale(n, scale) {
      var text = String(n);
      if (/e/i.test(text)) { text = n.toFixed(0); }
      var parts = text.split('.');
      var ip = parts[0], fp = parts[1] || '';
      var k = 3 * scale;
      while (ip.length <= k) { ip = '0' + ip; }
      fp = ip.slice(ip.length - k) + fp;
      ip = ip.slice(0, ip.length - k).replace(/^0+(?=\d)/, '');
      var dec = ip.length === 1 ? 2 : (ip.length === 2 ? 1 : 0);
      if (fp.length <= dec) { return { m: Number(ip + '.' + fp), dec: dec }; }
      var digits = (ip + fp.slice(0, dec)).split('');
      var up = fp.charAt(dec) >= '5';
      for (var i = digits.length - 1; up && i >= 0; i--) {
        if (digits[i] === '9') { digits[i] = '0'; } else { digits[i] = String(Number(digits[i]) + 1); up = false; }
      }
      if (up) { digits.unshift('1'); }
      var all = digits.join(''), cut = all.length - dec;
      return { m: Number(all.slice(0, cut) + (dec ? '.' + all.slice(cut) : '')), dec: dec };
    }
    function short(n) {
      if (!d.compact || (!fixed && n < 1000)) { return null; }
      var scale = fixed || Math.min(String(Math.floor(n)).length - 1, 9) / 3 | 0;
      scale = Math.min(Math.max(scale, 1), 3);
      var m, dec;
      for (var i = 0; i < 2; i++) {
        var r = atScale(n, scale);
        m = r.m;
        dec = r.dec;
        if (fixed || m < 1000 || scale === 3) { break; }
        scale++;
      }
      var nf = new Intl.NumberFormat(locale, { minimumFractionDigits: m < 10 && dec > 0 ? 1 : 0, maximumFractionDigits: dec });
      return nf.format(m) + (d.compactSep || '') + words[scale - 1];
    }
    function shortWrap(v, other) {
      var n = Number(v);
      var s = (v === null || v === undefined || isNaN(n)) ? null : short(Math.abs(n));
      // No minus before a figure that rounds to zero, as Go writes it.
      var neg = n < 0 && s !== null && /[1-9]/.test(s);
      return s === null ? wrap(other, v) : (neg ? '-' : '') + prefix + s + suffix;
    }
    return {
      value: function (v) { return shortWrap(v, full); },
      axis: function (v) { return d.compact ? shortWrap(v, tick) : wrap(Math.abs(v) >= 10000 ? compact : tick, v); }
    };
  }

  function asArray(x) {
    if (!x) { return []; }
    return Array.isArray(x) ? x : [x];
  }

  // decorate adds what JSON cannot carry: formatter functions, and the
  // page's own font so charts read like the text around them.
  function decorate(option, el) {
    var f = numberFormats(el);
    option.textStyle = option.textStyle || {};
    option.textStyle.fontFamily = window.getComputedStyle(el).fontFamily;
    option.tooltip = option.tooltip || {};
    option.tooltip.valueFormatter = f.value;
    asArray(option.yAxis).forEach(function (y) {
      y.axisLabel = y.axisLabel || {};
      y.axisLabel.formatter = f.axis;
    });
    muteRules(option);
    return option;
  }

  // muteRules draws threshold lines (a series' markLine, which
  // internal/chart labels "Green ≥ 99.90%") in the muted chart colour, so
  // they read as rules behind the data rather than as more data; their
  // dash patterns tell green from amber in grey-scale.
  function muteRules(option) {
    var muted = colours()['chart-muted'];
    asArray(option.series).forEach(function (s) {
      if (!s.markLine || !s.markLine.data) { return; }
      s.markLine.data.forEach(function (d) {
        d.lineStyle = d.lineStyle || {};
        d.lineStyle.color = muted;
        d.label = d.label || {};
        d.label.color = muted;
      });
    });
  }

  // hideFallback keeps the table for screen readers but out of sight once
  // the picture is there; without script it stays visible, in print too.
  function hideFallback(el) {
    var figure = el.closest('figure');
    var table = figure && figure.querySelector('.chart-table');
    if (!table) { return; }
    figure.classList.add('chart-rendered');
    var s = table.style;
    s.position = 'absolute';
    s.width = '1px';
    s.height = '1px';
    s.overflow = 'hidden';
    s.clipPath = 'inset(50%)';
    s.whiteSpace = 'nowrap';
  }

  function draw(echarts, el, still) {
    if (el.getAttribute('data-rendered') === 'true') { return null; }
    var data = document.getElementById(el.getAttribute('data-chart'));
    if (!data) { return null; }
    try {
      var option = decorate(JSON.parse(data.textContent), el);
      if (still) { option.animation = false; }
      var chart = echarts.init(el, THEME, { renderer: 'svg' });
      chart.setOption(option);
      el.setAttribute('data-rendered', 'true');
      hideFallback(el);
      return chart;
    } catch (err) {
      // The table stays visible: the reader still has the numbers. The
      // mark tells a printer waiting for the charts that this one is done.
      el.setAttribute('data-rendered', 'failed');
      if (window.console) { window.console.error('opsreport chart ' + el.id + ':', err); }
      return null;
    }
  }

  var charts = [];
  var themed = false;

  function drawAll(root) {
    var echarts = window.echarts;
    if (!echarts) { return; }
    if (!themed) {
      registerTheme(echarts);
      themed = true;
    }
    var els = (root || document).querySelectorAll('.chart-canvas[data-chart]');
    Array.prototype.forEach.call(els, function (el) {
      var c = draw(echarts, el);
      if (c) { charts.push(c); }
    });
  }

  function resizeAll() {
    charts = charts.filter(function (c) { return !c.isDisposed(); });
    charts.forEach(function (c) { c.resize(); });
  }

  // Resizing once per frame is enough however many resize events arrive.
  var pending = false;
  function scheduleResize() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      resizeAll();
    });
  }

  function start() {
    drawAll(document);
    window.addEventListener('resize', scheduleResize);
    // ECharts fixes its size at init: follow the page into and out of the
    // print layout, synchronously, since printing does not wait for a frame.
    window.addEventListener('beforeprint', resizeAll);
    window.addEventListener('afterprint', resizeAll);
    if (window.matchMedia) {
      var mq = window.matchMedia('print');
      if (mq.addEventListener) { mq.addEventListener('change', resizeAll); }
    }
  }

  // retheme redraws every drawn chart in the stylesheet's colours of the
  // moment, at once and without animation: js/theme.js calls it when the
  // reader switches between the light and dark themes, and for printing.
  function retheme() {
    var echarts = window.echarts;
    if (!echarts || !themed) { return; }
    registerTheme(echarts);
    charts.forEach(function (c) { if (!c.isDisposed()) { c.dispose(); } });
    charts = [];
    var els = document.querySelectorAll('.chart-canvas[data-rendered="true"]');
    Array.prototype.forEach.call(els, function (el) {
      el.removeAttribute('data-rendered');
      var c = draw(echarts, el, true);
      if (c) { charts.push(c); }
    });
  }

  // The preview server swaps page content without a reload; it can ask for
  // new charts to be drawn.
  // formats is for tests: the formatters of an element with these data-*.
  window.opsreportCharts = { draw: drawAll, resize: resizeAll, retheme: retheme, formats: numberFormats };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
