/*
  Search on demand: readers who never search download neither the search index nor the search
  worker (nor, in Japanese, the lunr files the worker loads with the index), which keeps a
  first visit within 100 KB gzip (BENCHMARKS.md).
  Material 9.8 starts both at load and has no setting to wait, so this file, loaded before its
  bundle (overrides/main.html), relies on two things the bundle does (tests/test_search_on_demand.py):
  - it fetches <base>search/search_index.json once with XMLHttpRequest: send() is held here;
  - it makes the worker with new Worker(<#__config's "search">) and posts nothing to it before the
    index arrives: it gets a stand-in that starts the real worker on the first postMessage.
  Search opens on focus in the search form (click, tap, the f s / keys, the phone's search icon),
  on a change of the #__search toggle, or with ?q= or ?h= in the address. From then on all is
  Material's own code (a query typed early runs once the worker is ready).
*/
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base, location.href);
  var indexUrl = new URL("search/search_index.json", base).href;
  var workerUrl = new URL(config.search, location.href).href;
  var opened = false;
  var waiting = [];

  function open() {
    if (opened) return;
    opened = true;
    waiting.splice(0).forEach(function (release) {
      release();
    });
  }

  // The index: open() as asked, send() once search is open.
  var held = new WeakSet();
  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (!opened && new URL(String(url), location.href).href === indexUrl) held.add(this);
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (held.has(request) && !opened) {
      waiting.push(function () {
        xhrSend.apply(request, args);
      });
      return;
    }
    return xhrSend.apply(request, args);
  };

  // The worker: made on the first message Material posts, which comes only after the index arrived.
  var RealWorker = window.Worker;
  function OnDemandWorker(url, options) {
    if (new URL(String(url), location.href).href !== workerUrl) return new RealWorker(url, options);
    var stand = new EventTarget();
    var real = null;
    stand.postMessage = function (message, transfer) {
      if (real === null) {
        real = new RealWorker(url, options);
        ["message", "messageerror", "error"].forEach(function (type) {
          real.addEventListener(type, function (event) {
            stand.dispatchEvent(type === "error" ? new Event("error") : new MessageEvent(type, { data: event.data }));
          });
        });
      }
      real.postMessage(message, transfer);
    };
    stand.terminate = function () {
      if (real !== null) real.terminate();
    };
    return stand;
  }
  OnDemandWorker.prototype = RealWorker.prototype;
  window.Worker = OnDemandWorker;

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) open();
  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.closest("form[name=search]")) open();
  });
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "__search") open();
  });
})();
