/* 社区公开栏: search loads its index only when a resident opens search.
   Material starts its search worker and downloads search/search_index.json on every page view
   (hundreds of KB gzipped at a few thousand items), although most visitors never search. This
   script runs before Material's bundle and holds both back until the search box is focused or
   the search button is pressed; Material's own code then proceeds unchanged. */
(function () {
  "use strict";
  var opened = false;
  var waiting = [];

  function open() {
    if (opened) return;
    opened = true;
    var run = waiting;
    waiting = [];
    run.forEach(function (fn) { fn(); });
  }

  function whenOpened(fn) {
    if (opened) fn(); else waiting.push(fn);
  }

  /* The index request (Material uses XMLHttpRequest) is sent once search is opened. */
  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.boardLazy = /\/search\/search_index\.json(\?|$)/.test(String(url));
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (!xhr.boardLazy) return xhrSend.apply(xhr, args);
    whenOpened(function () { xhrSend.apply(xhr, args); });
  };

  /* The search worker (its script is another download) starts then too; until then a stand-in
     keeps Material's listeners and messages and hands them over. */
  var RealWorker = window.Worker;
  if (RealWorker) {
    var LazyWorker = function (url, options) {
      if (!/\/workers\/search\.[^/]*\.js/.test(String(url))) return new RealWorker(url, options);
      var listeners = [];
      var queue = [];
      var real = null;
      this.addEventListener = function (type, fn, opts) {
        listeners.push([type, fn, opts]);
        if (real) real.addEventListener(type, fn, opts);
      };
      this.removeEventListener = function (type, fn, opts) {
        listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== fn; });
        if (real) real.removeEventListener(type, fn, opts);
      };
      this.postMessage = function (message, transfer) {
        if (real) real.postMessage(message, transfer || []); else queue.push([message, transfer || []]);
      };
      this.terminate = function () {
        if (real) real.terminate();
        queue = [];
      };
      whenOpened(function () {
        real = new RealWorker(url, options);
        listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
        queue.forEach(function (q) { real.postMessage(q[0], q[1]); });
        queue = [];
      });
    };
    window.Worker = LazyWorker;
  }

  /* What opens search: the search button (the #__search toggle), focus in the search box (also
     by Material's keyboard shortcuts), or a finger or pointer touching either. */
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) open();
  }, true);
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.classList && event.target.classList.contains("md-search__input")) open();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    var el = event.target;
    if (el && el.closest && el.closest("label[for='__search'], .md-search__input")) open();
  }, true);
})();
