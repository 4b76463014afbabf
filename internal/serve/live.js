// opsreport serve: live reload. Injected into served pages only; never part
// of a build. Reloads the page when its build changes, swaps the stylesheet
// when only CSS changed, and shows build errors over the last good page.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me.dataset.build;
  var url = me.dataset.events;
  var source = null;

  function here() {
    var p = decodeURIComponent(location.pathname);
    return p.endsWith("/") ? p + "index.html" : p;
  }

  function reload() {
    close();
    location.reload();
  }

  function swapCSS(href) {
    var links = document.querySelectorAll("link[data-opsreport-css]");
    if (links.length === 0) {
      reload();
      return;
    }
    var old = links[links.length - 1];
    var link = old.cloneNode();
    link.href = href;
    // Remove the old sheet only once the new one applies: no unstyled flash.
    link.onload = function () {
      links.forEach(function (l) { l.remove(); });
    };
    old.after(link);
  }

  function hideOverlay() {
    var o = document.getElementById("opsreport-overlay");
    if (o) o.remove();
  }

  function showOverlay(diagnostics) {
    hideOverlay();
    var box = document.createElement("div");
    box.id = "opsreport-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:50vh;overflow:auto;" +
      "z-index:2147483647;background:#fff;color:#111;border:3px solid #b00020;border-radius:6px;" +
      "padding:1rem;font:14px/1.5 ui-monospace,monospace;box-shadow:0 4px 24px rgba(0,0,0,.3)";
    var head = document.createElement("strong");
    head.textContent = "Build failed \u2014 showing the last good build. Fix and save to clear this.";
    box.appendChild(head);
    var list = document.createElement("ul");
    list.style.cssText = "margin:.5rem 0 0;padding-left:1.2rem;white-space:pre-wrap";
    diagnostics.forEach(function (d) {
      var item = document.createElement("li");
      item.textContent = d.text; // text, never markup: messages quote user input
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function on(name, fn) {
    source.addEventListener(name, function (e) {
      if (e.data === undefined) return; // the connection's own "error" event
      fn(JSON.parse(e.data));
    });
  }

  function open() {
    if (source) return;
    source = new EventSource(url);
    on("hello", function (m) {
      if (m.build !== build) reload(); // a rebuild or a server restart while away
    });
    on("reload", function (m) {
      if (m.all || m.pages.indexOf(here()) >= 0) {
        reload();
        return;
      }
      hideOverlay();
      build = m.build;
    });
    on("css", function (m) {
      hideOverlay();
      swapCSS(m.href);
      build = m.build;
    });
    on("error", function (m) {
      showOverlay(m.diagnostics);
    });
  }

  function close() {
    if (source) source.close();
    source = null;
  }

  // Browsers allow about six connections per host: a hidden tab lets go.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) close(); else open();
  });
  if (!document.hidden) open();
})();
