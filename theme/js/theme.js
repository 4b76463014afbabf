/* opsreport theme: the masthead's dark-theme toggle. Until the reader
   presses it the page follows the system (prefers-color-scheme, in CSS);
   a press sets data-theme on <html> and remembers the choice in this
   browser's localStorage (which may be refused from file://: the choice
   then lasts for the page). Charts are redrawn in the new colours, and
   drawn light for printing, which is always light. */
(function () {
  'use strict';

  var KEY = 'opsreport-theme';
  var root = document.documentElement;
  var button = document.querySelector('button[data-theme-toggle]');
  var system = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function store(v) {
    try { window.localStorage.setItem(KEY, v); } catch (e) { /* file:// or private mode */ }
  }

  // current is the theme the screen shows: the reader's choice, else the
  // system's.
  function current() {
    var t = root.getAttribute('data-theme');
    if (t === 'dark' || t === 'light') { return t; }
    return system && system.matches ? 'dark' : 'light';
  }

  function redrawCharts() {
    if (window.opsreportCharts && window.opsreportCharts.retheme) { window.opsreportCharts.retheme(); }
  }

  function show() {
    if (button) { button.setAttribute('aria-pressed', current() === 'dark' ? 'true' : 'false'); }
  }

  function set(t) {
    root.setAttribute('data-theme', t);
    store(t);
    show();
    redrawCharts();
  }

  if (button) {
    button.hidden = false;
    button.addEventListener('click', function () { set(current() === 'dark' ? 'light' : 'dark'); });
  }
  show();

  if (system && system.addEventListener) {
    system.addEventListener('change', function () {
      if (!root.hasAttribute('data-theme')) { show(); redrawCharts(); }
    });
  }

  // Print is light: charts take the light colours while the page prints.
  var printing = false, before = null;
  window.addEventListener('beforeprint', function () {
    if (current() !== 'dark') { return; }
    printing = true;
    before = root.getAttribute('data-theme');
    root.setAttribute('data-theme', 'light');
    redrawCharts();
  });
  window.addEventListener('afterprint', function () {
    if (!printing) { return; }
    printing = false;
    if (before) { root.setAttribute('data-theme', before); } else { root.removeAttribute('data-theme'); }
    redrawCharts();
  });
}());
