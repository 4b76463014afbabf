/* opsreport search: the masthead's search box. The index (search-index.js
   at the site root, written by opsreport build) is loaded by a <script>
   tag the first time the box is used, so it works from file://, from a
   sub-path and from any static host. Case and accents are folded on both
   sides: "clientele" finds "Clientèle". Results are built as DOM nodes,
   never as HTML from the index. */
(function () {
  'use strict';

  var form = document.querySelector('form[data-search]');
  if (!form || !String.prototype.normalize) { return; }
  var input = form.querySelector('input[type="search"]');
  var panel = document.getElementById('search-results');
  var status = panel.querySelector('.search-status');
  var list = panel.querySelector('ol');
  var root = form.getAttribute('data-root') || '';
  var maxResults = 20, before = 60, snippetLength = 200;

  var index = null;     // the prepared index, once loaded
  var loading = false;
  var marks;            // /\p{M}/gu where the browser knows it

  try { marks = new RegExp('\\p{M}', 'gu'); } catch (e) { marks = /[\u0300-\u036f]/g; }

  // fold is package search's Fold: NFD, combining marks dropped, lower case.
  function fold(s) { return s.normalize('NFD').replace(marks, '').toLowerCase(); }

  // folded returns a text's folded form and, when folding changed its
  // length (a rare script: Hangul, some ligatures), the offset in the text
  // of each folded character, so a match can be marked in the original.
  function folded(text) {
    var f = fold(text);
    if (f.length === text.length) { return {text: f, at: null}; }
    var out = '', at = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i), ch = String.fromCodePoint(cp), g = fold(ch);
      for (var j = 0; j < g.length; j++) { at.push(i); }
      out += g;
      i += ch.length;
    }
    at.push(text.length);
    return {text: out, at: at};
  }

  function prepare(raw) {
    var entries = raw.entries.map(function (e) {
      var page = raw.pages[e[0]];
      return {
        url: root + page[0] + e[1], title: page[1], kind: page[2], section: e[2], text: e[3],
        folded: folded(e[3]), head: fold(page[1] + ' ' + e[2])
      };
    });
    return {entries: entries};
  }

  function load() {
    if (index || loading) { return; }
    loading = true;
    var s = document.createElement('script');
    s.src = form.getAttribute('data-index');
    s.onload = function () {
      if (window.opsreportSearchIndex) { index = prepare(window.opsreportSearchIndex); }
      loading = false;
      run();
    };
    s.onerror = function () {
      loading = false;
      say('The search index could not be loaded.');
    };
    document.head.appendChild(s);
  }

  function terms(q) {
    return fold(q).split(/\s+/).filter(function (t) { return t !== ''; });
  }

  // score is 0 when a term is missing from the entry; otherwise more for
  // terms in the page title or section heading and for repeated terms.
  function score(e, ts) {
    var total = 0;
    for (var i = 0; i < ts.length; i++) {
      var inHead = e.head.indexOf(ts[i]) >= 0;
      var n = count(e.folded.text, ts[i], 5);
      if (!inHead && n === 0) { return 0; }
      total += (inHead ? 10 : 0) + n;
    }
    return total;
  }

  function count(text, t, most) {
    var n = 0;
    for (var at = text.indexOf(t); at >= 0 && n < most; at = text.indexOf(t, at + t.length)) { n++; }
    return n;
  }

  // search returns the best entries for the query, best first; entries
  // that score the same keep the index's order (newest review first).
  function search(q) {
    var ts = terms(q), hits = [];
    if (!index || ts.length === 0) { return {terms: ts, hits: hits}; }
    index.entries.forEach(function (e, i) {
      var s = score(e, ts);
      if (s > 0) { hits.push({e: e, s: s, i: i}); }
    });
    hits.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
    return {terms: ts, hits: hits};
  }

  // original maps an offset in an entry's folded text to its text.
  function original(e, k) { return e.folded.at ? e.folded.at[k] : k; }

  // snippet is the part of the entry's text around its first match, with
  // every match of every term in it marked.
  // A result found by its title or heading shows its text from the start.
  function snippet(e, ts) {
    var f = e.folded.text, first = -1;
    ts.forEach(function (t) {
      var at = f.indexOf(t);
      if (at >= 0 && (first < 0 || at < first)) { first = at; }
    });
    if (first < 0 || ts.every(function (t) { return e.head.indexOf(t) >= 0; })) { first = 0; }
    var from = Math.max(0, first - before);
    if (from > 0) {
      var space = f.indexOf(' ', from);
      if (space >= 0 && space < first) { from = space + 1; }
    }
    var to = Math.min(f.length, from + snippetLength);
    var spans = [];
    ts.forEach(function (t) {
      for (var at = f.indexOf(t, from); at >= 0 && at < to; at = f.indexOf(t, at + t.length)) {
        spans.push([at, Math.min(at + t.length, to)]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var p = document.createElement('span');
    p.className = 'search-snippet';
    var pos = from;
    if (from > 0) { p.appendChild(document.createTextNode('… ')); }
    spans.forEach(function (sp) {
      if (sp[1] <= pos) { return; }
      var start = Math.max(sp[0], pos);
      p.appendChild(document.createTextNode(piece(e, pos, start)));
      var m = document.createElement('mark');
      m.textContent = piece(e, start, sp[1]);
      p.appendChild(m);
      pos = sp[1];
    });
    p.appendChild(document.createTextNode(piece(e, pos, to) + (to < f.length ? ' …' : '')));
    return p;
  }

  function piece(e, from, to) {
    return e.text.slice(original(e, from), original(e, to)).replace(/\n/g, ' ');
  }

  function say(text) { status.textContent = text; panel.hidden = false; }

  function render(q, found) {
    list.textContent = '';
    var hits = found.hits;
    hits.slice(0, maxResults).forEach(function (h) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = h.e.url;
      var where = document.createElement('span');
      where.className = 'search-where';
      var title = document.createElement('span');
      title.className = 'search-title';
      title.textContent = h.e.title;
      var section = document.createElement('span');
      section.className = 'search-section';
      section.textContent = h.e.section;
      where.appendChild(title);
      where.appendChild(document.createTextNode(' · '));
      where.appendChild(section);
      a.appendChild(where);
      if (h.e.folded.text.length > 0) { a.appendChild(snippet(h.e, found.terms)); }
      li.appendChild(a);
      list.appendChild(li);
    });
    var n = hits.length;
    say(n === 0 ? 'No results for “' + q + '”.' :
      (n > maxResults ? 'The first ' + maxResults + ' of ' + n : n) + (n === 1 ? ' result' : ' results') + ' for “' + q + '”.');
  }

  // run searches for the box's text and shows the results; the time it
  // took (search and display) is kept in the panel's data-ms, for tests.
  function run() {
    var q = input.value.trim();
    if (q === '') { hide(); return; }
    if (!index) {
      say(loading ? 'Loading the search index…' : 'Searching…');
      load();
      return;
    }
    var t0 = performance.now();
    var found = search(q);
    render(q, found);
    var ms = performance.now() - t0;
    panel.setAttribute('data-ms', ms.toFixed(2));
    panel.setAttribute('data-query', q);
  }

  function hide() {
    panel.hidden = true;
    list.textContent = '';
    status.textContent = '';
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }

  form.hidden = false;
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var first = links()[0];
    if (first) { window.location.href = first.href; }
  });
  input.addEventListener('focus', function () { load(); if (index && input.value.trim() !== '') { run(); } });
  input.addEventListener('input', run);
  form.addEventListener('keydown', function (ev) {
    var ls = links(), at = ls.indexOf(document.activeElement);
    if (ev.key === 'Escape') {
      input.value = '';
      hide();
      input.focus();
    } else if (ev.key === 'ArrowDown' && ls.length > 0) {
      ev.preventDefault();
      ls[Math.min(at + 1, ls.length - 1)].focus();
    } else if (ev.key === 'ArrowUp' && at >= 0) {
      ev.preventDefault();
      if (at === 0) { input.focus(); } else { ls[at - 1].focus(); }
    }
  });
  document.addEventListener('keydown', function (ev) {
    var t = ev.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (ev.key === '/' && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      input.focus();
      load();
    }
  });
  document.addEventListener('click', function (ev) {
    if (!form.contains(ev.target)) { panel.hidden = true; }
  });

  window.opsreportSearch = {fold: fold, search: function (q) { return search(q).hits.map(function (h) { return h.e.url; }); }};
}());
