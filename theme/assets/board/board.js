/* 社区公开栏 page script: hide items that expired since the last build, update 公示 countdowns,
   the 大字 (large text) toggle, the print button and the print date. No network requests, no dependencies. */
(function () {
  "use strict";
  var KEY = "board-large";
  var DAY = 86400000;

  function parse(value) {
    var t = Date.parse(value || "");
    return isNaN(t) ? null : t;
  }

  /* A static site only changes when rebuilt: between rebuilds, hide what has ended. */
  function applyExpiry(now) {
    var nodes = document.querySelectorAll("[data-ends]");
    Array.prototype.forEach.call(nodes, function (el) {
      var end = parse(el.getAttribute("data-ends"));
      if (end === null || now < end) return;
      if (el.tagName === "ARTICLE") {
        el.classList.add("board-item-expired");
        var note = el.querySelector("[data-expired-note]");
        if (note) note.hidden = false;
      } else {
        el.hidden = true;
        el.classList.add("board-entry-gone");
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".board-list"), function (list) {
      var left = 0;
      Array.prototype.forEach.call(list.children, function (li) { if (!li.hidden) left += 1; });
      if (left) return;
      list.hidden = true;
      var note = list.nextElementSibling;
      if (note && note.hasAttribute("data-empty-note")) note.hidden = false;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-countdown-end]"), function (el) {
      var end = parse(el.getAttribute("data-countdown-end"));
      if (end === null) return;
      if (now >= end) { el.textContent = "公示已结束"; return; }
      var today = new Date(now); today.setHours(0, 0, 0, 0);
      var last = new Date(end - 1); last.setHours(0, 0, 0, 0);
      var days = Math.round((last - today) / DAY) + 1;
      el.textContent = "还剩 " + days + " 天";
    });
  }

  /* Plans: 「（统计至 today）」 while the figures built into the page still hold. */
  function applyAsOf(now) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-asof-until]"), function (el) {
      var until = parse(el.getAttribute("data-asof-until"));
      if (until !== null && now >= until) return;
      var d = new Date(now);
      el.textContent = "（统计至 " + d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日）";
      el.hidden = false;
    });
  }

  function setLarge(on) {
    document.documentElement.classList.toggle("board-large", on);
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: no memory */ }
    Array.prototype.forEach.call(document.querySelectorAll("[data-board-large]"), function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.textContent = on ? "标准字号" : "大字";
    });
  }

  /* Paper carries the day it was printed (GB/T 9704 style date, the reader's own clock). */
  function printDate() {
    var d = new Date();
    Array.prototype.forEach.call(document.querySelectorAll("[data-print-date]"), function (el) {
      el.textContent = "打印日期：" + d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
      el.hidden = false;
    });
  }

  function init() {
    applyExpiry(Date.now());
    applyAsOf(Date.now());
    printDate();
    window.addEventListener("beforeprint", printDate);
    setLarge(document.documentElement.classList.contains("board-large"));
    Array.prototype.forEach.call(document.querySelectorAll("[data-board-large]"), function (b) {
      b.addEventListener("click", function () {
        setLarge(!document.documentElement.classList.contains("board-large"));
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-board-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
